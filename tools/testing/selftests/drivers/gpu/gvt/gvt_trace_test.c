// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's trace events (drivers/gpu/gvt/core/trace.h) through tracefs:
 * gvt:gvt_mmio, gvt:gvt_ggtt and gvt:gvt_cfg record exactly the accesses
 * a user makes to its vGPU through VFIO, with the vGPU's id, and GGTT
 * writes outside the vGPU's memory are recorded as dropped.
 *
 * GVT_PARENT=<device> selects the parent; by default the first parent
 * with a free instance.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define GGTT_BASE	GVT_GGTT_OFFSET
#define PTE_PRESENT	1ULL
#define TRACE_BUF	(1024 * 1024)

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
};

FIXTURE(trace) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	char tracefs[64];
	long id;
	int open_err;
	const char *why;
};

/* The tracefs mount point, mounting it if it is not mounted yet. */
static const char *tracefs(char *buf, size_t size)
{
	struct stat st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		snprintf(buf, size, "%s/events", tracefs_dirs[i]);
		if (!stat(buf, &st)) {
			snprintf(buf, size, "%s", tracefs_dirs[i]);
			return buf;
		}
	}
	if (mount("tracefs", tracefs_dirs[0], "tracefs", 0, NULL))
		return NULL;
	snprintf(buf, size, "%s", tracefs_dirs[0]);
	return buf;
}

static int tr_write(const char *dir, const char *file, const char *val)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return gvt_write(path, val, strlen(val));
}

/* Empty the trace buffer: opening "trace" with O_TRUNC does it. */
static int tr_clear(const char *dir)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/trace", dir);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* The whole of "trace" into @buf, NUL-terminated: its length or -errno. */
static int tr_read(const char *dir, char *buf, size_t size)
{
	size_t len = 0;
	char path[160];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/trace", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return (int)len;
}

/* The events of this test only, on, and the buffer empty. */
static int trace_start(const char *dir)
{
	if (tr_write(dir, "tracing_on", "0") || tr_write(dir, "events/enable", "0") ||
	    tr_clear(dir) ||
	    tr_write(dir, "events/gvt/gvt_mmio/enable", "1") ||
	    tr_write(dir, "events/gvt/gvt_ggtt/enable", "1") ||
	    tr_write(dir, "events/gvt/gvt_cfg/enable", "1"))
		return -1;
	return tr_write(dir, "tracing_on", "1");
}

/* Stop, read the buffer into @buf, turn the events off again. */
static int trace_stop(const char *dir, char *buf, size_t size)
{
	int ret;

	tr_write(dir, "tracing_on", "0");
	ret = tr_read(dir, buf, size);
	tr_write(dir, "events/gvt/enable", "0");
	tr_clear(dir);
	tr_write(dir, "tracing_on", "1");
	return ret;
}

/* How many lines of @buf hold every one of the strings @a, @b, @c. */
static int lines_with(const char *buf, const char *a, const char *b,
		      const char *c)
{
	const char *p = buf;
	int n = 0;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char line[512];

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = 0;
		if (line[0] != '#' && strstr(line, a) && (!b || strstr(line, b)) &&
		    (!c || strstr(line, c)))
			n++;
		p = e ? e + 1 : NULL;
	}
	return n;
}

FIXTURE_SETUP(trace)
{
	char path[128];

	gvt_vfio_init(&self->v);
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (!tracefs(self->tracefs, sizeof(self->tracefs))) {
		self->why = "no tracefs (CONFIG_EVENT_TRACING)";
		return;
	}
	snprintf(path, sizeof(path), "%s/events/gvt/gvt_mmio/enable", self->tracefs);
	ASSERT_EQ(0, access(path, W_OK)) TH_LOG("%s: the core's trace events are missing", path);
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	ASSERT_EQ(0, gvt_vgpu_id(self->uuid, &self->id));
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
}

FIXTURE_TEARDOWN(trace)
{
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

/* One BAR0 register read, one config read, one GGTT write in and one out. */
TEST_F(trace, accesses_recorded)
{
	char *buf = malloc(TRACE_BUF), vgpu[32], off[32], entry[48];
	struct gvt_pvinfo pv;
	uint64_t in, out, pte;
	uint32_t magic;
	uint16_t vendor;

	if (self->why)
		SKIP(free(buf); return, "%s", self->why);
	ASSERT_NE(NULL, buf);
	__gvt_assert_open(_metadata, self->open_err, self->uuid);
	ASSERT_EQ(0, gvt_pvinfo_read(&self->v, &pv));
	/* An entry of the vGPU's aperture and one just below it (not its). */
	in = pv.ap_base / 4096;
	out = in - 1;
	pte = 0x1000ULL | PTE_PRESENT;
	snprintf(vgpu, sizeof(vgpu), "vgpu %ld ", self->id);

	ASSERT_EQ(0, trace_start(self->tracefs));
	EXPECT_EQ(0, gvt_bar0_read32(&self->v, (GVT_PVINFO + PVINFO_MAGIC), &magic));
	EXPECT_EQ(0, gvt_vfio_rw(&self->v, VFIO_PCI_CONFIG_REGION_INDEX, 0,
				 &vendor, 2, false));
	EXPECT_EQ(0, gvt_bar0_write64(&self->v, GGTT_BASE + in * 8, pte));
	EXPECT_EQ(0, gvt_bar0_write64(&self->v, GGTT_BASE + out * 8, pte));
	ASSERT_LT(0, trace_stop(self->tracefs, buf, TRACE_BUF));

	snprintf(off, sizeof(off), "read 0x%06lx/4", GVT_PVINFO + PVINFO_MAGIC);
	EXPECT_EQ(1, lines_with(buf, "gvt_mmio:", vgpu, off)) TH_LOG("%s", buf);
	EXPECT_EQ(1, lines_with(buf, "gvt_cfg:", vgpu, "read 0x000/2 0x8086"))
		TH_LOG("%s", buf);
	snprintf(entry, sizeof(entry), "entry 0x%llx = 0x1001",
		 (unsigned long long)in);
	EXPECT_EQ(1, lines_with(buf, "gvt_ggtt:", vgpu, entry)) TH_LOG("%s", buf);
	snprintf(entry, sizeof(entry), "entry 0x%llx = 0x1001 dropped",
		 (unsigned long long)out);
	EXPECT_EQ(1, lines_with(buf, "gvt_ggtt:", vgpu, entry)) TH_LOG("%s", buf);
	/* Two BAR0 writes, one BAR0 register read: nothing else. */
	EXPECT_EQ(3, lines_with(buf, "gvt_mmio:", vgpu, NULL)) TH_LOG("%s", buf);
	free(buf);
}

/* With the events off nothing is recorded. */
TEST_F(trace, off_records_nothing)
{
	char *buf = malloc(TRACE_BUF);
	uint32_t magic;

	if (self->why)
		SKIP(free(buf); return, "%s", self->why);
	ASSERT_NE(NULL, buf);
	__gvt_assert_open(_metadata, self->open_err, self->uuid);
	ASSERT_EQ(0, trace_start(self->tracefs));
	ASSERT_EQ(0, tr_write(self->tracefs, "events/gvt/enable", "0"));
	EXPECT_EQ(0, gvt_bar0_read32(&self->v, (GVT_PVINFO + PVINFO_MAGIC), &magic));
	ASSERT_LE(0, trace_stop(self->tracefs, buf, TRACE_BUF));
	EXPECT_EQ(0, lines_with(buf, "gvt_", NULL, NULL)) TH_LOG("%s", buf);
	free(buf);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
