// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-vGPU debugfs files of the GVT-g core, read while a user drives
 * the vGPU's BAR0 through VFIO:
 *
 *   /sys/kernel/debug/gvt/<parent>/vgpu<id>/failsafe
 *   /sys/kernel/debug/gvt/<parent>/vgpu<id>/stats
 *   /sys/kernel/debug/gvt/<parent>/vgpu<id>/unmodelled
 *
 * The contract is Documentation/gpu/gvt/mmio.rst, "Per-vGPU debugfs".
 * Skips without debugfs. GVT_PARENT=<device> selects the parent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define GVT_CORE_DEBUGFS	GVT_DEBUGFS "/gvt"
/* DSPSTRIDE(A): no entry in the attribute table. */
#define PLAIN_REG		0x70188
#define NR_STATS		10

static const char * const stat_names[NR_STATS] = {
	"pvinfo_reads", "ggtt_writes", "ggtt_writes_dropped", "mmio_reads",
	"mmio_writes", "unbacked", "unmodelled_reads", "unmodelled_writes",
	"unmodelled_regs", "unmodelled_overflow",
};

enum {
	PVINFO_READS, GGTT_WRITES, GGTT_DROPPED, MMIO_READS, MMIO_WRITES,
	UNBACKED, UNMODELLED_READS, UNMODELLED_WRITES, UNMODELLED_REGS,
	UNMODELLED_OVERFLOW,
};

FIXTURE(stats) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	char dir[GVT_PATH_LEN];
	struct gvt_vfio v;
	int open_err;
	const char *why;
};

static bool core_debugfs(void)
{
	if (access(GVT_CORE_DEBUGFS, F_OK) == 0)
		return true;
	if (mount("debugfs", GVT_DEBUGFS, "debugfs", 0, NULL))
		return false;
	return access(GVT_CORE_DEBUGFS, F_OK) == 0;
}

FIXTURE_SETUP(stats)
{
	long id;

	gvt_vfio_init(&self->v);
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (!core_debugfs()) {
		self->why = "no " GVT_CORE_DEBUGFS " (debugfs not available)";
		return;
	}
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	ASSERT_EQ(0, gvt_vgpu_id(self->uuid, &id));
	snprintf(self->dir, sizeof(self->dir), "%s/%s/vgpu%ld",
		 GVT_CORE_DEBUGFS, self->parent->name, id);
	/* asserted by each test, so that teardown removes the vGPU */
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
}

FIXTURE_TEARDOWN(stats)
{
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

#define ready() __gvt_assert_open(_metadata, self->open_err, self->uuid)

/* Read file @name of the vGPU's directory into @buf. */
static void __read_file(struct __test_metadata *_metadata, const char *dir,
			const char *name, char *buf, size_t size)
{
	char path[GVT_PATH_LEN + 32];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ret = gvt_read(path, buf, size);
	ASSERT_LE(0, ret) {
		TH_LOG("reading %s: %s", path, strerror(-ret));
	}
}

#define read_file(name, buf) \
	__read_file(_metadata, self->dir, name, buf, sizeof(buf))

/* Parse the stats file: exactly NR_STATS "name value" lines, in order. */
static void __read_stats(struct __test_metadata *_metadata, const char *dir,
			 unsigned long long *val)
{
	char buf[1024], name[64], line[96], *p;
	int i, got;

	__read_file(_metadata, dir, "stats", buf, sizeof(buf));
	p = buf;
	for (i = 0; i < NR_STATS; i++) {
		got = sscanf(p, "%63s %llu", name, &val[i]);
		ASSERT_EQ(2, got) {
			TH_LOG("stats line %d: '%.40s'", i + 1, p);
		}
		ASSERT_STREQ(stat_names[i], name);
		/* exactly "name value\n", the value in plain decimal */
		snprintf(line, sizeof(line), "%s %llu\n", name, val[i]);
		ASSERT_EQ(0, strncmp(p, line, strlen(line))) {
			TH_LOG("stats line %d: '%.40s'", i + 1, p);
		}
		p += strlen(line);
	}
	ASSERT_EQ('\0', *p) {
		TH_LOG("stats has more than %d lines: '%.40s'", NR_STATS, p);
	}
}

#define read_stats(val) __read_stats(_metadata, self->dir, val)

static void __expect_stats(struct __test_metadata *_metadata,
			   const char *dir, const unsigned long long *want)
{
	unsigned long long got[NR_STATS];
	int i;

	__read_stats(_metadata, dir, got);
	for (i = 0; i < NR_STATS; i++) {
		EXPECT_EQ(want[i], got[i]) {
			TH_LOG("stats: %s", stat_names[i]);
		}
	}
}

#define expect_stats(want) __expect_stats(_metadata, self->dir, want)

/*
 * The directory, its five read-only files and the monitor's read-write
 * one (gvt_display_test), a fresh vGPU's values.
 */
TEST_F(stats, layout)
{
	static const char * const files[] = {
		"failsafe", "ggtt_scratch_pte", "stats", "unmodelled",
		"workload", "monitor",
	};
	unsigned long long zero[NR_STATS] = { 0 };
	char path[GVT_PATH_LEN + 32], buf[256];
	struct stat st;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	EXPECT_EQ(ARRAY_SIZE(files), gvt_count_dir(self->dir));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", self->dir, files[i]);
		ASSERT_EQ(0, stat(path, &st)) {
			TH_LOG("%s: %s", path, strerror(errno));
		}
		EXPECT_TRUE(S_ISREG(st.st_mode));
		EXPECT_EQ(strcmp(files[i], "monitor") ? 0400 : 0600,
			  st.st_mode & 07777) {
			TH_LOG("%s: mode %o", path, st.st_mode & 07777);
		}
	}
	read_file("failsafe", buf);
	EXPECT_STREQ("none\n", buf);
	read_file("unmodelled", buf);
	EXPECT_STREQ("", buf);
	expect_stats(zero);
}

/* Each kind of guest access lands in its counter, exactly. */
TEST_F(stats, counts)
{
	const struct gvt_vfio *v = &self->v;
	unsigned long long want[NR_STATS] = { 0 };
	struct gvt_pvinfo pv;
	char buf[256];
	uint64_t entry;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	EXPECT_EQ(GVT_PVINFO_MAGIC_VALUE, rd64(v, GVT_PVINFO + PVINFO_MAGIC));
	want[PVINFO_READS] = 2;
	want[MMIO_READS] = 1;
	expect_stats(want);

	ASSERT_EQ(0, gvt_pvinfo_read(v, &pv));
	want[PVINFO_READS] += 12;	/* a qword and ten dwords */
	want[MMIO_READS] += 11;
	expect_stats(want);

	wr32(v, PLAIN_REG, 0x1234);
	EXPECT_EQ(0x1234, rd32(v, PLAIN_REG));
	EXPECT_EQ(0x1234, rd32(v, PLAIN_REG));
	want[MMIO_WRITES]++;
	want[MMIO_READS] += 2;
	want[UNMODELLED_READS] = 2;
	want[UNMODELLED_WRITES] = 1;
	want[UNMODELLED_REGS] = 1;
	expect_stats(want);
	read_file("unmodelled", buf);
	EXPECT_STREQ("0x070188 2 1\n", buf);

	/* An entry of the vGPU's aperture, then one of the host's. */
	entry = pv.ap_base / GVT_PAGE_SIZE;
	wr64(v, GVT_GGTT_OFFSET + 8 * entry, 0);
	wr64(v, GVT_GGTT_OFFSET, 0);
	want[GGTT_WRITES] = 1;
	want[GGTT_DROPPED] = 1;
	/* Between the register file and the GGTT. */
	EXPECT_EQ(0, rd32(v, 0x400000));
	want[UNBACKED] = 1;
	expect_stats(want);
}

/* A device reset keeps every counter and the trace; failsafe goes. */
TEST_F(stats, survive_reset)
{
	const struct gvt_vfio *v = &self->v;
	unsigned long long before[NR_STATS];
	char buf[256], buf2[256];

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, PLAIN_REG, 1);
	rd32(v, PLAIN_REG + 8);
	wr32(v, GVT_PVINFO + PVINFO_RSV5, 1);
	read_file("failsafe", buf);
	EXPECT_STREQ("insufficient_resource\n", buf);
	read_stats(before);
	EXPECT_EQ(2, before[UNMODELLED_REGS]);
	read_file("unmodelled", buf);
	EXPECT_STREQ("0x070188 0 1\n0x070190 1 0\n", buf);

	ASSERT_EQ(0, ioctl(v->device, VFIO_DEVICE_RESET));
	read_file("failsafe", buf2);
	EXPECT_STREQ("none\n", buf2);
	expect_stats(before);
	read_file("unmodelled", buf2);
	EXPECT_STREQ(buf, buf2);

	/* Enabling execlists before reading PVINFO. */
	wr32(v, 0x2000 + 0x29c, 0x80008000);
	read_file("failsafe", buf);
	EXPECT_STREQ("unsupported_guest\n", buf);
}

/*
 * The directory goes with the vGPU; a file still open then fails to read
 * instead of reaching the freed vGPU.
 */
TEST_F(stats, removed_with_vgpu)
{
	char path[GVT_PATH_LEN + 32], buf[1024];
	ssize_t n;
	int fd;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	snprintf(path, sizeof(path), "%s/stats", self->dir);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	gvt_vfio_close(&self->v);
	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, self->uuid));
	EXPECT_NE(0, access(self->dir, F_OK));
	EXPECT_EQ(ENOENT, errno);
	n = read(fd, buf, sizeof(buf));
	EXPECT_EQ(-1, n);
	EXPECT_EQ(EIO, errno);
	close(fd);
}

TEST_HARNESS_MAIN
