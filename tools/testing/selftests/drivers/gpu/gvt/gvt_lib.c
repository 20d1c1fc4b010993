// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the GVT-g selftests; see gvt_lib.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <linux/vfio.h>

#include "gvt_lib.h"

const struct gvt_type_spec gvt_type_specs[GVT_NR_TYPE_SPECS] = {
	{ "GVTg_V5_8",  64,  384, 4,  2, "1024x768" },
	{ "GVTg_V5_4", 128,  512, 4,  4, "1920x1200" },
	{ "GVTg_V5_2", 256, 1024, 4,  8, "1920x1200" },
	{ "GVTg_V5_1", 512, 2048, 4, 16, "1920x1200" },
};

int gvt_read(const char *path, char *buf, size_t size)
{
	ssize_t ret;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	ret = read(fd, buf, size - 1);
	err = errno;
	close(fd);
	if (ret < 0)
		return -err;
	buf[ret] = '\0';
	return (int)ret;
}

int gvt_read_long(const char *path, long *val)
{
	char buf[64], *end;
	int ret;

	ret = gvt_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	errno = 0;
	*val = strtol(buf, &end, 10);
	if (errno || end == buf || (*end != '\n' && *end != '\0'))
		return -EINVAL;
	return 0;
}

int gvt_write(const char *path, const void *buf, size_t len)
{
	ssize_t ret;
	int fd, err;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, buf, len);
	err = errno;
	close(fd);
	if (ret < 0)
		return -err;
	if ((size_t)ret != len)
		return -EIO;
	return 0;
}

void gvt_copy(char *dst, size_t size, const char *src)
{
	size_t len = strnlen(src, size - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

int gvt_count_dir(const char *path)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

const struct gvt_type_spec *gvt_type_spec_find(const char *name)
{
	int i;

	for (i = 0; i < GVT_NR_TYPE_SPECS; i++)
		if (!strcmp(gvt_type_specs[i].name, name))
			return &gvt_type_specs[i];
	return NULL;
}

const struct gvt_type *gvt_find_type(const struct gvt_parent *p,
				     const char *name)
{
	int i;

	for (i = 0; i < p->nr_types; i++)
		if (!strcmp(p->types[i].name, name))
			return &p->types[i];
	return NULL;
}

int gvt_type_path(char *buf, size_t size, const struct gvt_parent *p,
		  const struct gvt_type *t, const char *attr)
{
	int n;

	n = snprintf(buf, size, "%s/%s/mdev_supported_types/%s%s%s",
		     GVT_MDEV_BUS, p->name, t->dir, attr ? "/" : "",
		     attr ? attr : "");
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* The sizes that the type's description announces. */
int gvt_type_description(const struct gvt_parent *p, const struct gvt_type *t,
			 unsigned long *low_mb, unsigned long *high_mb,
			 unsigned long *fences)
{
	char path[GVT_PATH_LEN], buf[256];
	int ret;

	ret = gvt_type_path(path, sizeof(path), p, t, "description");
	if (ret)
		return ret;
	ret = gvt_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	if (sscanf(buf, "low_gm_size: %luMB\nhigh_gm_size: %luMB\nfence: %lu",
		   low_mb, high_mb, fences) != 3)
		return -EINVAL;
	return 0;
}

static int type_cmp(const void *a, const void *b)
{
	const struct gvt_type *ta = a, *tb = b;
	unsigned long la = ta->spec ? ta->spec->low_mb : ~0UL;
	unsigned long lb = tb->spec ? tb->spec->low_mb : ~0UL;

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(ta->dir, tb->dir);
}

static int parent_cmp(const void *a, const void *b)
{
	const struct gvt_parent *pa = a, *pb = b;

	return strverscmp(pa->name, pb->name);
}

/* N-th entry of the gvt_sim aperture_mb parameter, for gvt_sim.N */
static long sim_aperture(const char *name)
{
	char buf[256], *s, *tok, *save;
	unsigned int idx;
	int i, n;

	if (sscanf(name, "gvt_sim.%u%n", &idx, &n) != 1 || name[n])
		return -1;
	if (gvt_read(GVT_SIM_PARAM, buf, sizeof(buf)) < 0)
		return -1;
	for (i = 0, s = buf; (tok = strtok_r(s, ",\n", &save)); i++, s = NULL)
		if ((unsigned int)i == idx)
			return strtol(tok, NULL, 10);
	return -1;
}

/* Size of BAR2 (the aperture) of a PCI parent */
static long pci_aperture(const char *name)
{
	unsigned long long start, end, flags;
	char path[GVT_PATH_LEN];
	int i, ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/resource", GVT_MDEV_BUS, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	for (i = 0; i <= 2; i++) {
		if (fscanf(f, "%llx %llx %llx", &start, &end, &flags) != 3)
			goto out;
	}
	if (end > start)
		ret = (long)((end - start + 1) >> 20);
out:
	fclose(f);
	return ret;
}

static int load_parent(struct gvt_parent *p, const char *name)
{
	char path[GVT_PATH_LEN], link[GVT_PATH_LEN], *base;
	struct dirent *de;
	ssize_t len;
	DIR *d;

	memset(p, 0, sizeof(*p));
	gvt_copy(p->name, sizeof(p->name), name);

	snprintf(path, sizeof(path), "%s/%s/driver", GVT_MDEV_BUS, name);
	len = readlink(path, link, sizeof(link) - 1);
	if (len > 0) {
		link[len] = '\0';
		base = strrchr(link, '/');
		gvt_copy(p->driver, sizeof(p->driver), base ? base + 1 : link);
	}

	snprintf(path, sizeof(path), "%s/%s/mdev_supported_types",
		 GVT_MDEV_BUS, name);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && p->nr_types < GVT_MAX_TYPES) {
		struct gvt_type *t = &p->types[p->nr_types];
		const char *n = strstr(de->d_name, "GVTg_V5_");

		if (!n)
			continue;
		gvt_copy(t->dir, sizeof(t->dir), de->d_name);
		gvt_copy(t->name, sizeof(t->name), n);
		t->spec = gvt_type_spec_find(t->name);
		p->nr_types++;
	}
	closedir(d);
	qsort(p->types, p->nr_types, sizeof(p->types[0]), type_cmp);

	gvt_debugfs_mounted();
	snprintf(path, sizeof(path), "%s/%s", GVT_SIM_DEBUGFS, name);
	p->sim = access(path, F_OK) == 0;

	/* gvt_sim debugfs, else the module parameter, else PCI BAR2 */
	snprintf(path, sizeof(path), "%s/%s/aperture_mb", GVT_SIM_DEBUGFS,
		 name);
	if (gvt_read_long(path, &p->aperture_mb))
		p->aperture_mb = sim_aperture(name);
	if (p->aperture_mb < 0)
		p->aperture_mb = pci_aperture(name);
	if (p->aperture_mb < 0 && !strcmp(p->driver, "gvt_sim")) {
		/*
		 * No readable aperture: assume the apertures of the
		 * worked examples (256, 512, 1024 MiB), which offer
		 * 2, 3 and 4 types.
		 */
		static const long guess[] = { -1, -1, 256, 512, 1024 };

		if (p->nr_types < (int)ARRAY_SIZE(guess)) {
			p->aperture_mb = guess[p->nr_types];
			p->aperture_guessed = p->aperture_mb > 0;
		}
	}
	return 0;
}

int gvt_discover(struct gvt_env *env)
{
	const char *filter = getenv("GVT_PARENT");
	struct dirent *de;
	DIR *d;

	memset(env, 0, sizeof(*env));
	if (filter)
		gvt_copy(env->filter, sizeof(env->filter), filter);

	d = opendir(GVT_MDEV_BUS);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) && env->nr_parents < GVT_MAX_PARENTS) {
		struct gvt_parent *p = &env->parents[env->nr_parents];

		if (de->d_name[0] == '.')
			continue;
		if (env->filter[0] && strcmp(de->d_name, env->filter))
			continue;
		if (load_parent(p, de->d_name) == 0 && p->nr_types > 0)
			env->nr_parents++;
	}
	closedir(d);
	qsort(env->parents, env->nr_parents, sizeof(env->parents[0]),
	      parent_cmp);
	return 0;
}

const char *gvt_need(struct gvt_env *env, int nr_parents)
{
	static char why[GVT_PATH_LEN];

	if (gvt_discover(env))
		return "cannot read " GVT_MDEV_BUS;
	if (geteuid() != 0)
		return "must be run as root";
	if (env->nr_parents >= nr_parents)
		return NULL;
	if (env->filter[0])
		snprintf(why, sizeof(why),
			 "needs %d GVT-g mdev parent(s); GVT_PARENT=%s selects %d",
			 nr_parents, env->filter, env->nr_parents);
	else
		snprintf(why, sizeof(why),
			 "needs %d GVT-g mdev parent(s), found %d (load gvt_sim and gvt_vfio, or set GVT_PARENT)",
			 nr_parents, env->nr_parents);
	return why;
}

bool gvt_parent_idle(const struct gvt_parent *p)
{
	char path[GVT_PATH_LEN];
	int i;

	for (i = 0; i < p->nr_types; i++) {
		if (gvt_type_path(path, sizeof(path), p, &p->types[i],
				  "devices"))
			return false;
		if (gvt_count_dir(path) != 0)
			return false;
	}
	return true;
}

void gvt_uuid(char *uuid)
{
	unsigned char b[16];
	int fd;

	if (getrandom(b, sizeof(b), 0) != sizeof(b)) {
		fd = open("/dev/urandom", O_RDONLY);
		if (fd < 0 || read(fd, b, sizeof(b)) != sizeof(b)) {
			/* Unique enough for a test run. */
			memset(b, 0, sizeof(b));
			*(pid_t *)b = getpid();
			*(unsigned int *)(b + 8) = (unsigned int)rand();
		}
		if (fd >= 0)
			close(fd);
	}
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(uuid, GVT_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

long gvt_available(const struct gvt_parent *p, const struct gvt_type *t)
{
	char path[GVT_PATH_LEN];
	long val;
	int ret;

	ret = gvt_type_path(path, sizeof(path), p, t, "available_instances");
	if (ret)
		return ret;
	ret = gvt_read_long(path, &val);
	return ret ? ret : val;
}

int gvt_counts(const struct gvt_parent *p, long *counts)
{
	int i;

	for (i = 0; i < p->nr_types; i++) {
		counts[i] = gvt_available(p, &p->types[i]);
		if (counts[i] < 0)
			return (int)counts[i];
	}
	return 0;
}

int gvt_create(const struct gvt_parent *p, const struct gvt_type *t,
	       const char *uuid)
{
	char path[GVT_PATH_LEN];
	int ret;

	ret = gvt_type_path(path, sizeof(path), p, t, "create");
	if (ret)
		return ret;
	return gvt_write(path, uuid, strlen(uuid));
}

int gvt_remove(const char *uuid)
{
	char path[GVT_PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s/remove", GVT_MDEV_DEVICES, uuid);
	return gvt_write(path, "1", 1);
}

bool gvt_mdev_exists(const char *uuid)
{
	char path[GVT_PATH_LEN];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", GVT_MDEV_DEVICES, uuid);
	return lstat(path, &st) == 0;
}

int gvt_vfio_group_path(const char *uuid, char *buf, size_t size)
{
	char link[GVT_PATH_LEN], target[64], *base;
	ssize_t len;

	snprintf(link, sizeof(link), "%s/%s/iommu_group", GVT_MDEV_DEVICES,
		 uuid);
	len = readlink(link, target, sizeof(target) - 1);
	if (len <= 0)
		return len < 0 ? -errno : -ENOENT;
	target[len] = '\0';
	base = strrchr(target, '/');
	snprintf(buf, size, "/dev/vfio/%s", base ? base + 1 : target);
	return 0;
}

int gvt_vgpu_id(const char *uuid, long *id)
{
	char path[GVT_PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s/intel_vgpu/vgpu_id",
		 GVT_MDEV_DEVICES, uuid);
	return gvt_read_long(path, id);
}

int gvt_vgpus_create(struct gvt_vgpus *v, const struct gvt_parent *p,
		     const struct gvt_type *t, char *uuid_out)
{
	char uuid[GVT_UUID_LEN + 1];
	int ret;

	if (v->nr >= GVT_MAX_VGPUS)
		return -E2BIG;
	gvt_uuid(uuid);
	ret = gvt_create(p, t, uuid);
	if (!ret)
		gvt_copy(v->uuid[v->nr++], GVT_UUID_LEN + 1, uuid);
	if (uuid_out)
		gvt_copy(uuid_out, GVT_UUID_LEN + 1, uuid);
	return ret;
}

int gvt_vgpus_remove(struct gvt_vgpus *v, const char *uuid)
{
	int i, ret;

	for (i = 0; i < v->nr; i++)
		if (!strcmp(v->uuid[i], uuid))
			break;
	if (i == v->nr)
		return -ENOENT;
	ret = gvt_remove(uuid);
	if (ret)
		return ret;
	v->nr--;
	memmove(v->uuid[i], v->uuid[i + 1],
		(size_t)(v->nr - i) * sizeof(v->uuid[0]));
	return 0;
}

int gvt_vgpus_remove_all(struct gvt_vgpus *v)
{
	int failed = 0;

	while (v->nr > 0) {
		v->nr--;
		if (gvt_remove(v->uuid[v->nr]))
			failed++;
	}
	return failed;
}

long gvt_model_available(long aperture_mb, const struct gvt_type_spec *s,
			 unsigned long used_low_mb, unsigned long used_high_mb,
			 unsigned long used_fences)
{
	long low, high, fences, n;

	if (aperture_mb < 0 || !s)
		return -1;
	low = aperture_mb - GVT_HOST_LOW_MB - (long)used_low_mb;
	high = (long)GVT_GGTT_MB - aperture_mb - GVT_HOST_HIGH_MB -
	       (long)used_high_mb;
	fences = GVT_NUM_FENCES - GVT_HOST_FENCES - (long)used_fences;
	if (low < 0 || high < 0 || fences < 0)
		return 0;
	n = low / (long)s->low_mb;
	if (high / (long)s->high_mb < n)
		n = high / (long)s->high_mb;
	if (fences / (long)s->fences < n)
		n = fences / (long)s->fences;
	return n;
}

void gvt_usage_add(struct gvt_usage *u, const struct gvt_type *t)
{
	u->low_mb += t->spec->low_mb;
	u->high_mb += t->spec->high_mb;
	u->fences += t->spec->fences;
}

void gvt_usage_sub(struct gvt_usage *u, const struct gvt_type *t)
{
	u->low_mb -= t->spec->low_mb;
	u->high_mb -= t->spec->high_mb;
	u->fences -= t->spec->fences;
}

void gvt_model_counts(const struct gvt_parent *p, const struct gvt_usage *u,
		      long *counts)
{
	int i;

	for (i = 0; i < p->nr_types; i++)
		counts[i] = gvt_model_available(p->aperture_mb,
						p->types[i].spec, u->low_mb,
						u->high_mb, u->fences);
}

int gvt_model_nr_types(long aperture_mb)
{
	long low = aperture_mb - GVT_HOST_LOW_MB;
	int i;

	for (i = 0; i < GVT_NR_TYPE_SPECS; i++)
		if (low < (long)gvt_type_specs[i].low_mb)
			break;
	return i;
}

bool gvt_debugfs_mounted(void)
{
	if (access(GVT_SIM_DEBUGFS, F_OK) == 0)
		return true;
	/* Not fatal: a test without debugfs skips what needs it. */
	if (mount("debugfs", GVT_DEBUGFS, "debugfs", 0, NULL))
		return false;
	return access(GVT_SIM_DEBUGFS, F_OK) == 0;
}

int gvt_sim_read(const struct gvt_parent *p, const char *file,
		 uint64_t **data, size_t *nr)
{
	size_t size = 1 << 20, len = 0;
	char path[GVT_PATH_LEN];
	char *buf, *tmp;
	ssize_t ret;
	int fd, err;

	*data = NULL;
	*nr = 0;
	snprintf(path, sizeof(path), "%s/%s/%s", GVT_SIM_DEBUGFS, p->name,
		 file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	buf = malloc(size);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len == size) {
			tmp = realloc(buf, size * 2);
			if (!tmp) {
				err = ENOMEM;
				goto fail;
			}
			buf = tmp;
			size *= 2;
		}
		ret = read(fd, buf + len, size - len);
		if (ret < 0) {
			err = errno;
			goto fail;
		}
		if (ret == 0)
			break;
		len += (size_t)ret;
	}
	close(fd);
	if (len % sizeof(uint64_t)) {
		free(buf);
		return -EINVAL;
	}
	*data = (uint64_t *)buf;
	*nr = len / sizeof(uint64_t);
	return 0;
fail:
	free(buf);
	close(fd);
	return -err;
}

/* @nr u64 entries from entry @index of a gvt_sim debugfs file. */
int gvt_sim_read_at(const struct gvt_parent *p, const char *file,
		    size_t index, uint64_t *data, size_t nr)
{
	size_t len = nr * sizeof(*data);
	char path[GVT_PATH_LEN];
	ssize_t ret;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s/%s", GVT_SIM_DEBUGFS, p->name,
		 file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	ret = pread(fd, data, len, (off_t)(index * sizeof(*data)));
	err = errno;
	close(fd);
	if (ret < 0)
		return -err;
	return (size_t)ret == len ? 0 : -EIO;
}

/* A number in the simulator's debugfs file @file (any C base). */
/* A number in file @path, in C notation (decimal, 0x hexadecimal). */
static int gvt_read_u64_at(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int ret;

	ret = gvt_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -EINVAL;
	return 0;
}

int gvt_sim_read_u64(const struct gvt_parent *p, const char *file,
		     uint64_t *val)
{
	char path[GVT_PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s/%s", GVT_SIM_DEBUGFS, p->name,
		 file);
	return gvt_read_u64_at(path, val);
}

/* Write @str to the simulator's debugfs file @file: 0 or -errno. */
int gvt_sim_write(const struct gvt_parent *p, const char *file,
		  const char *str)
{
	char path[GVT_PATH_LEN];
	size_t len = strlen(str);
	ssize_t ret;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s/%s", GVT_SIM_DEBUGFS, p->name,
		 file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, str, len);
	err = errno;
	close(fd);
	if (ret < 0)
		return -err;
	return (size_t)ret == len ? 0 : -EIO;
}

/* The host PTE of the simulator's scratch page (debugfs, hexadecimal). */
int gvt_sim_scratch_pte(const struct gvt_parent *p, uint64_t *pte)
{
	return gvt_sim_read_u64(p, "scratch_pte", pte);
}

/*
 * The host PTE of vGPU @uuid's own scratch page, which its GGTT entries
 * that map no guest frame hold (the core's debugfs, hexadecimal).
 */
int gvt_vgpu_scratch_pte(const struct gvt_parent *p, const char *uuid,
			 uint64_t *pte)
{
	char dir[GVT_PATH_LEN], path[GVT_PATH_LEN + 32];
	int ret;

	ret = gvt_vgpu_debugfs_dir(p, uuid, dir, sizeof(dir));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/ggtt_scratch_pte", dir);
	return gvt_read_u64_at(path, pte);
}

/*
 * The first parent (in discovery order) on which the smallest of its
 * types with at least @nr free instances exists; -ENOSPC if none.
 */
int gvt_find_free(const struct gvt_env *env, long nr,
		  const struct gvt_parent **parent,
		  const struct gvt_type **type)
{
	int i, j;

	for (i = 0; i < env->nr_parents; i++) {
		const struct gvt_parent *p = &env->parents[i];

		for (j = 0; j < p->nr_types; j++) {
			if (gvt_available(p, &p->types[j]) < nr)
				continue;
			*parent = p;
			*type = &p->types[j];
			return 0;
		}
	}
	return -ENOSPC;
}

void gvt_vfio_init(struct gvt_vfio *v)
{
	memset(v, 0, sizeof(*v));
	v->container = -1;
	v->group = -1;
	v->device = -1;
}

/*
 * Container with a type1v2 IOMMU, the group of @uuid in it, the device
 * fd and the layout of its regions. Regions the driver does not describe
 * keep size 0. On error everything opened so far is closed.
 */
int gvt_vfio_open(struct gvt_vfio *v, const char *uuid)
{
	char group_path[GVT_PATH_LEN];
	unsigned int i;
	int ret;

	gvt_vfio_init(v);
	ret = gvt_vfio_group_path(uuid, group_path, sizeof(group_path));
	if (ret)
		return ret;
	v->container = open("/dev/vfio/vfio", O_RDWR);
	if (v->container < 0)
		goto fail;
	v->group = open(group_path, O_RDWR);
	if (v->group < 0)
		goto fail;
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container) ||
	    ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		goto fail;
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (v->device < 0)
		goto fail;

	for (i = 0; i < GVT_VFIO_REGIONS; i++) {
		struct vfio_region_info info = {
			.argsz = sizeof(info),
			.index = i,
		};

		if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &info))
			continue;
		v->offset[i] = info.offset;
		v->size[i] = info.size;
		v->flags[i] = info.flags;
	}
	return 0;
fail:
	ret = -errno;
	gvt_vfio_close(v);
	return ret;
}

void gvt_vfio_close(struct gvt_vfio *v)
{
	/* device first: the group and container cannot go while it is open */
	if (v->device >= 0)
		close(v->device);
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	v->device = -1;
	v->group = -1;
	v->container = -1;
}

/*
 * The region whose type capability is @type/@subtype, found as QEMU's
 * vfio_get_dev_region_info() finds it: every index below num_regions,
 * each capability chain walked. @info (@size bytes, room for the chain)
 * receives that region's info. Returns its index, -ENOENT if no region
 * has the type, -EEXIST if more than one has, -EPROTO for a capability
 * outside the buffer, -errno of a failed ioctl.
 */
int gvt_vfio_find_region(int device, uint32_t type, uint32_t subtype,
			 struct vfio_region_info *info, size_t size)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	struct vfio_region_info_cap_type *cap;
	struct vfio_info_cap_header *hdr;
	unsigned int i, off;
	int index = -ENOENT;

	if (ioctl(device, VFIO_DEVICE_GET_INFO, &dinfo))
		return -errno;
	for (i = 0; i < dinfo.num_regions; i++) {
		memset(info, 0, size);
		info->argsz = size;
		info->index = i;
		if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info))
			return -errno;
		if (!(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
			continue;
		for (off = info->cap_offset; off; off = hdr->next) {
			if (off < sizeof(*info) || off + sizeof(*cap) > size)
				return -EPROTO;
			hdr = (void *)((char *)info + off);
			cap = (void *)hdr;
			if (hdr->id != VFIO_REGION_INFO_CAP_TYPE ||
			    cap->type != type || cap->subtype != subtype)
				continue;
			if (index >= 0)
				return -EEXIST;
			index = i;
		}
	}
	if (index < 0)
		return index;
	memset(info, 0, size);
	info->argsz = size;
	info->index = index;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info))
		return -errno;
	return index;
}

/*
 * One pread or pwrite of @len bytes at offset @off of region @region, at
 * the file offset the driver reported (index << 40 if it reported none,
 * as vfio-pci lays regions out). Returns 0, -EIO on a short transfer or
 * -errno.
 */
int gvt_vfio_rw(const struct gvt_vfio *v, unsigned int region, uint64_t off,
		void *buf, size_t len, bool write)
{
	uint64_t base = (uint64_t)region << 40;
	ssize_t ret;

	if (region < GVT_VFIO_REGIONS && v->size[region])
		base = v->offset[region];
	if (write)
		ret = pwrite(v->device, buf, len, (off_t)(base + off));
	else
		ret = pread(v->device, buf, len, (off_t)(base + off));
	if (ret < 0)
		return -errno;
	return (size_t)ret == len ? 0 : -EIO;
}

int gvt_bar0_read32(const struct gvt_vfio *v, uint64_t off, uint32_t *val)
{
	return gvt_vfio_rw(v, 0, off, val, sizeof(*val), false);
}

int gvt_bar0_write32(const struct gvt_vfio *v, uint64_t off, uint32_t val)
{
	return gvt_vfio_rw(v, 0, off, &val, sizeof(val), true);
}

int gvt_bar0_read64(const struct gvt_vfio *v, uint64_t off, uint64_t *val)
{
	return gvt_vfio_rw(v, 0, off, val, sizeof(*val), false);
}

int gvt_bar0_write64(const struct gvt_vfio *v, uint64_t off, uint64_t val)
{
	return gvt_vfio_rw(v, 0, off, &val, sizeof(val), true);
}

/* The PVINFO fields, read as a guest driver does: one field at a time. */
int gvt_pvinfo_read(const struct gvt_vfio *v, struct gvt_pvinfo *pv)
{
	uint32_t ver = 0;
	int ret;

	memset(pv, 0, sizeof(*pv));
	ret = gvt_bar0_read64(v, GVT_PVINFO + PVINFO_MAGIC, &pv->magic);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_VERSION_MAJOR,
				     &ver);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_VGT_ID,
				     &pv->vgt_id);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_CAPS, &pv->caps);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_APERTURE_BASE,
				     &pv->ap_base);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_APERTURE_SIZE,
				     &pv->ap_size);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_HIDDEN_BASE,
				     &pv->hidden_base);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_HIDDEN_SIZE,
				     &pv->hidden_size);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_FENCE_NUM,
				     &pv->fence_num);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_CURSOR_X_HOT,
				     &pv->cursor_x_hot);
	ret = ret ?: gvt_bar0_read32(v, GVT_PVINFO + PVINFO_CURSOR_Y_HOT,
				     &pv->cursor_y_hot);
	pv->major = ver & 0xffff;
	pv->minor = ver >> 16;
	return ret;
}

int gvt_dma_map(const struct gvt_vfio *v, void *vaddr, uint64_t iova,
		uint64_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	return ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

int gvt_dma_unmap(const struct gvt_vfio *v, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	return unmap.size == size ? 0 : -EIO;
}

/*
 * A valid fence over [@start, @start + @size) (page aligned, below
 * 4 GiB): start bits 31:12 in bits 31:12, the last page's address bits
 * 31:12 in bits 63:44, @pitch (128-byte units minus one) in bits 43:32.
 */
uint64_t gvt_fence_value(uint64_t start, uint64_t size, unsigned int pitch)
{
	uint64_t end = start + size - GVT_PAGE_SIZE;

	return (start & 0xfffff000ULL) | (end & 0xfffff000ULL) <<
	       GVT_FENCE_END_SHIFT | (uint64_t)(pitch & 0xfff) <<
	       GVT_FENCE_PITCH_SHIFT | GVT_FENCE_VALID;
}

/*
 * Workloads (gvt_exec_test): the PCI config region, the MSI vector and
 * the core's per-vGPU debugfs files.
 */

int gvt_cfg_read(const struct gvt_vfio *v, unsigned int off, void *buf,
		 size_t len)
{
	return gvt_vfio_rw(v, VFIO_PCI_CONFIG_REGION_INDEX, off, buf, len,
			   false);
}

int gvt_cfg_write(const struct gvt_vfio *v, unsigned int off,
		  const void *buf, size_t len)
{
	return gvt_vfio_rw(v, VFIO_PCI_CONFIG_REGION_INDEX, off, (void *)buf,
			   len, true);
}

/* Offset of the capability @id in the config space; -ENOENT or -errno. */
int gvt_cfg_find_cap(const struct gvt_vfio *v, unsigned int id)
{
	uint8_t pos = 0, cap[2];
	unsigned int n;
	int ret;

	ret = gvt_cfg_read(v, 0x34, &pos, 1);	/* PCI_CAPABILITY_LIST */
	for (n = 0; !ret && pos && n < 48; n++) {
		if (pos < 0x40)
			return -EINVAL;
		ret = gvt_cfg_read(v, pos & ~3U, cap, sizeof(cap));
		if (!ret && cap[0] == id)
			return pos & ~3U;
		pos = cap[1];
	}
	return ret ? ret : -ENOENT;
}

/*
 * VFIO_DEVICE_SET_IRQS on the MSI index: eventfd @fd signals vector 0;
 * @fd < 0 releases the vector.
 */
int gvt_msi_eventfd(const struct gvt_vfio *v, int fd)
{
	struct {
		struct vfio_irq_set hdr;
		int32_t fd;
	} set = {
		.hdr = {
			.argsz = sizeof(set),
			.flags = VFIO_IRQ_SET_ACTION_TRIGGER |
				 VFIO_IRQ_SET_DATA_EVENTFD,
			.index = VFIO_PCI_MSI_IRQ_INDEX,
			.count = 1,
		},
		.fd = fd,
	};

	if (fd < 0) {
		set.hdr.argsz = sizeof(set.hdr);
		set.hdr.flags = VFIO_IRQ_SET_ACTION_TRIGGER |
				VFIO_IRQ_SET_DATA_NONE;
		set.hdr.count = 0;
	}
	return ioctl(v->device, VFIO_DEVICE_SET_IRQS, &set) ? -errno : 0;
}

/*
 * The core's debugfs directory of the vGPU @uuid of parent @p,
 * gvt/<parent>/vgpu<id> (debugfs is mounted if it is not); -ENOENT when
 * there is none (another core, or no debugfs).
 */
int gvt_vgpu_debugfs_dir(const struct gvt_parent *p, const char *uuid,
			 char *buf, size_t size)
{
	long id;
	int ret, n;

	if (access(GVT_CORE_DEBUGFS, F_OK) &&
	    mount("debugfs", GVT_DEBUGFS, "debugfs", 0, NULL) &&
	    errno != EBUSY)
		return -ENOENT;
	ret = gvt_vgpu_id(uuid, &id);
	if (ret)
		return ret;
	n = snprintf(buf, size, "%s/%s/vgpu%ld", GVT_CORE_DEBUGFS, p->name,
		     id);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return access(buf, F_OK) ? -ENOENT : 0;
}

/*
 * The value of the line "@key value" of debugfs file @dir/@file: the rest
 * of the line after the key and one space. -ENOENT without such a line.
 */
int gvt_debugfs_field(const char *dir, const char *file, const char *key,
		      char *val, size_t size)
{
	char path[GVT_PATH_LEN + 64], buf[4096], *line, *end;
	size_t klen = strlen(key);
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	ret = gvt_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	for (line = buf; *line; line = end + 1) {
		end = strchrnul(line, '\n');
		if (!strncmp(line, key, klen) && line[klen] == ' ') {
			line += klen + 1;
			gvt_copy(val, size < (size_t)(end - line) + 1 ? size :
				 (size_t)(end - line) + 1, line);
			return 0;
		}
		if (!*end)
			break;
	}
	return -ENOENT;
}

/* A decimal counter of a debugfs file, as gvt_debugfs_field() finds it. */
int gvt_debugfs_u64(const char *dir, const char *file, const char *key,
		    uint64_t *val)
{
	char buf[64], *end;
	int ret;

	ret = gvt_debugfs_field(dir, file, key, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}
