// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU lifecycle timings through mdev sysfs and VFIO, run inside the
 * test VM by run-vm.sh bench. One result per line:
 *
 *   bench: <name> <value> <unit>
 *
 * Usage: gvt_bench [cycles]   (default 200; GVT_PARENT selects the parent,
 * by default the first one). No assertions on the values.
 *
 * BAR0 round trips are 4-byte preads and pwrites of a plain register
 * (no handler) through the VFIO device fd, as QEMU issues them for a
 * guest's trapped MMIO; their rate is printed in ops/s. A plane query
 * is what QEMU's display=on costs per refresh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "gvt_lib.h"

#define MAX_CYCLES	100000
/* DSPSTRIDE(A): plain storage in the vGPU's register file */
#define PLAIN_REG	0x70188
#define BAR0_OPS	100000

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v and prints its median, 90th percentile and minimum. */
static void report(const char *name, double *v, int n)
{
	double median;

	qsort(v, n, sizeof(*v), cmp_double);
	median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("bench: %s_median %.1f us\n", name, median);
	printf("bench: %s_p90 %.1f us\n", name, v[(n * 9) / 10 - (n >= 10)]);
	printf("bench: %s_min %.1f us\n", name, v[0]);
}

/* Container, group, type1v2, device fd, GET_INFO; returns 0 or -1. */
static int vfio_open_close(const char *group_path, const char *uuid)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	int container, group, device = -1, ret = -1;

	container = open("/dev/vfio/vfio", O_RDWR);
	group = open(group_path, O_RDWR);
	if (container < 0 || group < 0)
		goto out;
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		goto out;
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (device < 0 || ioctl(device, VFIO_DEVICE_GET_INFO, &info))
		goto out;
	ret = 0;
out:
	if (device >= 0)
		close(device);
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
	return ret;
}

/*
 * @ops 4-byte BAR0 reads or writes of PLAIN_REG, in ops/s; 0 and a
 * message if an access fails.
 */
static double bar0_rate(const struct gvt_vfio *v, int ops, bool write)
{
	double t0, t1;
	uint32_t val;
	int i, ret;

	t0 = now_us();
	for (i = 0; i < ops; i++) {
		val = (uint32_t)i;
		ret = write ? gvt_bar0_write32(v, PLAIN_REG, val) :
			      gvt_bar0_read32(v, PLAIN_REG, &val);
		if (ret) {
			fprintf(stderr, "gvt_bench: BAR0 %s at %#x: %s\n",
				write ? "write" : "read", PLAIN_REG,
				strerror(-ret));
			return 0;
		}
	}
	t1 = now_us();
	return ops / ((t1 - t0) / 1e6);
}

/* BAR0 round trips through VFIO on a fresh vGPU of @t; 0 or -1. */
static int bench_bar0(const struct gvt_parent *p, const struct gvt_type *t)
{
	char uuid[GVT_UUID_LEN + 1];
	double rd, wr;
	struct gvt_vfio v;
	int ret;

	gvt_uuid(uuid);
	ret = gvt_create(p, t, uuid);
	if (ret) {
		fprintf(stderr, "gvt_bench: create %s: %s\n", uuid,
			strerror(-ret));
		return -1;
	}
	ret = gvt_vfio_open(&v, uuid);
	if (ret) {
		fprintf(stderr, "gvt_bench: VFIO open of %s: %s\n", uuid,
			strerror(-ret));
		gvt_remove(uuid);
		return -1;
	}
	wr = bar0_rate(&v, BAR0_OPS, true);
	rd = wr ? bar0_rate(&v, BAR0_OPS, false) : 0;
	gvt_vfio_close(&v);
	gvt_remove(uuid);
	if (!wr || !rd)
		return -1;
	printf("INIT: gvt_bench: %d BAR0 reads and writes of %#x on %s\n",
	       BAR0_OPS, PLAIN_REG, t->dir);
	printf("bench: vm_vfio_bar0_read_per_s %.0f ops/s\n", rd);
	printf("bench: vm_vfio_bar0_write_per_s %.0f ops/s\n", wr);
	return 0;
}

/*
 * VFIO_DEVICE_QUERY_GFX_PLANE of a 1024x768 linear XRGB8888 screen, as
 * QEMU's display=on asks at each refresh: the plane decoded and its
 * 3 MiB copied through the vGPU's GGTT from DMA-mapped "guest" memory.
 */
#define PLANE_W		1024
#define PLANE_H		768
#define PLANE_BYTES	(PLANE_W * PLANE_H * 4)
#define PLANE_IOVA	0x100000000ULL
#define PLANE_QUERIES	50

static int plane_setup(const struct gvt_vfio *v, void *mem)
{
	struct gvt_pvinfo pv;
	uint32_t live = 0;
	unsigned int k;
	int ret, i;

	ret = gvt_pvinfo_read(v, &pv);
	if (!ret && pv.ap_size < PLANE_BYTES)
		ret = -ENOSPC;
	if (!ret)
		ret = gvt_dma_map(v, mem, PLANE_IOVA, PLANE_BYTES);
	for (k = 0; !ret && k < PLANE_BYTES / GVT_PAGE_SIZE; k++)
		ret = gvt_bar0_write64(v, GVT_GGTT_OFFSET +
				       8 * (pv.ap_base / GVT_PAGE_SIZE + k),
				       (PLANE_IOVA + k * GVT_PAGE_SIZE) |
				       GVT_PTE_PRESENT);
	/* PIPESRC, PLANE_CTL (on, 8:8:8:8), STRIDE, SURF, PIPECONF of A */
	if (!ret)
		ret = gvt_bar0_write32(v, 0x6001c,
				       (PLANE_W - 1) << 16 | (PLANE_H - 1));
	if (!ret)
		ret = gvt_bar0_write32(v, 0x70180, 0x84000000U);
	if (!ret)
		ret = gvt_bar0_write32(v, 0x70188, PLANE_W * 4 / 64);
	if (!ret)
		ret = gvt_bar0_write32(v, 0x7019c, pv.ap_base);
	if (!ret)
		ret = gvt_bar0_write32(v, 0x70008, 0x80000000U);
	/* the flip lands at the next vblank (PLANE_SURFLIVE) */
	for (i = 0; !ret && i < 100; i++) {
		ret = gvt_bar0_read32(v, 0x701ac, &live);
		if (live == pv.ap_base)
			return ret;
		usleep(10000);
	}
	return ret ? ret : -ETIMEDOUT;
}

static int bench_plane(const struct gvt_parent *p, const struct gvt_type *t)
{
	struct vfio_device_gfx_plane_info info;
	char uuid[GVT_UUID_LEN + 1];
	double us[PLANE_QUERIES], t0;
	struct gvt_vfio v;
	void *mem;
	int i, ret;

	mem = aligned_alloc(GVT_PAGE_SIZE, PLANE_BYTES);
	if (!mem)
		return -1;
	memset(mem, 0x5a, PLANE_BYTES);
	gvt_uuid(uuid);
	ret = gvt_create(p, t, uuid);
	if (!ret) {
		ret = gvt_vfio_open(&v, uuid);
		if (!ret)
			ret = plane_setup(&v, mem);
		for (i = 0; !ret && i < PLANE_QUERIES; i++) {
			memset(&info, 0, sizeof(info));
			info.argsz = sizeof(info);
			info.flags = VFIO_GFX_PLANE_TYPE_REGION;
			t0 = now_us();
			if (ioctl(v.device, VFIO_DEVICE_QUERY_GFX_PLANE, &info))
				ret = -errno;
			else if (info.size != PLANE_BYTES)
				ret = -EIO;
			us[i] = now_us() - t0;
		}
		gvt_vfio_close(&v);
		gvt_remove(uuid);
	}
	free(mem);
	if (ret) {
		fprintf(stderr, "gvt_bench: QUERY_GFX_PLANE on %s: %s\n",
			t->name, strerror(-ret));
		return -1;
	}
	printf("INIT: gvt_bench: %d QUERY_GFX_PLANE of a %dx%d screen on %s\n",
	       PLANE_QUERIES, PLANE_W, PLANE_H, t->dir);
	report("vm_vfio_query_gfx_plane_1024x768", us, PLANE_QUERIES);
	return 0;
}

int main(int argc, char **argv)
{
	double *create, *destroy, *cycle, *read_us, t0, t1, t2;
	char uuid[GVT_UUID_LEN + 1], path[GVT_PATH_LEN];
	const struct gvt_parent *p;
	const struct gvt_type *t;
	static struct gvt_env env;
	int i, n, ret, bar0_failed;
	const char *why;
	long val;

	n = argc > 1 ? atoi(argv[1]) : 200;
	if (n < 1 || n > MAX_CYCLES) {
		fprintf(stderr, "usage: %s [cycles 1..%d]\n", argv[0],
			MAX_CYCLES);
		return 2;
	}
	why = gvt_need(&env, 1);
	if (why) {
		fprintf(stderr, "gvt_bench: %s\n", why);
		return 4;
	}
	p = &env.parents[0];
	t = &p->types[0];
	create = calloc(n, sizeof(*create));
	destroy = calloc(n, sizeof(*destroy));
	cycle = calloc(n, sizeof(*cycle));
	read_us = calloc(n, sizeof(*read_us));
	if (!create || !destroy || !cycle || !read_us)
		return 1;
	printf("INIT: gvt_bench: %d create+remove cycles of %s on %s\n", n,
	       t->dir, p->name);

	for (i = 0; i < n; i++) {
		gvt_uuid(uuid);
		t0 = now_us();
		ret = gvt_create(p, t, uuid);
		t1 = now_us();
		if (ret) {
			fprintf(stderr, "gvt_bench: create %s: %s\n", uuid,
				strerror(-ret));
			return 1;
		}
		ret = gvt_remove(uuid);
		t2 = now_us();
		if (ret) {
			fprintf(stderr, "gvt_bench: remove %s: %s\n", uuid,
				strerror(-ret));
			return 1;
		}
		create[i] = t1 - t0;
		destroy[i] = t2 - t1;
		cycle[i] = t2 - t0;
	}
	report("vm_sysfs_vgpu_create_destroy", cycle, n);
	report("vm_sysfs_vgpu_create", create, n);
	report("vm_sysfs_vgpu_destroy", destroy, n);

	gvt_type_path(path, sizeof(path), p, t, "available_instances");
	for (i = 0; i < n; i++) {
		t0 = now_us();
		ret = gvt_read_long(path, &val);
		read_us[i] = now_us() - t0;
		if (ret)
			return 1;
	}
	report("vm_sysfs_available_instances_read", read_us, n);

	/* VFIO open of one vGPU, as QEMU would do it */
	gvt_uuid(uuid);
	if (gvt_create(p, t, uuid) ||
	    gvt_vfio_group_path(uuid, path, sizeof(path)))
		return 1;
	for (i = 0; i < n; i++) {
		t0 = now_us();
		ret = vfio_open_close(path, uuid);
		read_us[i] = now_us() - t0;
		if (ret) {
			fprintf(stderr, "gvt_bench: VFIO open of %s failed\n",
				uuid);
			gvt_remove(uuid);
			return 1;
		}
	}
	gvt_remove(uuid);
	report("vm_vfio_device_open_close", read_us, n);

	bar0_failed = bench_bar0(p, t);
	if (bench_plane(p, t))
		bar0_failed = 1;

	/* fill the roomiest parent with its smallest type, then empty it */
	for (i = 1; i < env.nr_parents; i++)
		if (gvt_available(&env.parents[i], &env.parents[i].types[0]) >
		    gvt_available(p, &p->types[0]))
			p = &env.parents[i];
	t = &p->types[0];
	{
		struct gvt_vgpus v = { 0 };
		int k = 0;

		t0 = now_us();
		while (gvt_vgpus_create(&v, p, t, uuid) == 0)
			k++;
		t1 = now_us();
		if (gvt_vgpus_remove_all(&v))
			return 1;
		t2 = now_us();
		if (!k)
			return 1;
		printf("INIT: gvt_bench: filled %s with %d x %s\n", p->name, k,
		       t->name);
		printf("bench: vm_sysfs_fill_parent_per_vgpu %.1f us\n",
		       (t1 - t0) / k);
		printf("bench: vm_sysfs_empty_parent_per_vgpu %.1f us\n",
		       (t2 - t1) / k);
	}
	free(create);
	free(destroy);
	free(cycle);
	free(read_us);
	return bar0_failed ? 1 : 0;
}
