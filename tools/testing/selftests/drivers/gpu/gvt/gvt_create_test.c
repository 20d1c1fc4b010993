// SPDX-License-Identifier: GPL-2.0-only
/*
 * GVT-g vGPU lifecycle through mdev sysfs: create by UUID, the device
 * directory and its links, available_instances after every create and
 * remove, duplicate and malformed UUIDs, exhaustion, re-creation and the
 * independence of parents.
 *
 * GVT_PARENT=<device> selects one parent; by default every parent with
 * GVTg_V5_* types is used (the simulated GPUs of gvt_sim).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gvt_test.h"

#define GVT_NR_BAD	11

FIXTURE(vgpu) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const char *why;
};

FIXTURE_SETUP(vgpu)
{
	self->why = gvt_need(&self->env, 1);
}

FIXTURE_TEARDOWN(vgpu)
{
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

static int nr_mdevs(void)
{
	int n = gvt_count_dir(GVT_MDEV_DEVICES);

	return n < 0 ? 0 : n;
}

/* Basename of the target of @link, or an empty string. */
static void link_base(const char *link, char *base, size_t size)
{
	char target[GVT_PATH_LEN], *b;
	ssize_t len;

	base[0] = '\0';
	len = readlink(link, target, sizeof(target) - 1);
	if (len <= 0)
		return;
	target[len] = '\0';
	b = strrchr(target, '/');
	gvt_copy(base, size, b ? b + 1 : target);
}

/* Check the sysfs view of a freshly created vGPU of type @t. */
static void check_vgpu(struct __test_metadata *_metadata,
		       const struct gvt_parent *p, const struct gvt_type *t,
		       const char *uuid)
{
	char path[GVT_PATH_LEN], tdir[2 * GVT_PATH_LEN], group[64];
	char *real_link, *real_type;
	struct stat st;
	long id;

	snprintf(path, sizeof(path), "%s/%s", GVT_MDEV_DEVICES, uuid);
	ASSERT_EQ(0, stat(path, &st)) {
		TH_LOG("%s missing", path);
	}
	ASSERT_TRUE(S_ISDIR(st.st_mode));

	/* mdev_type points at the type directory it was created from */
	snprintf(path, sizeof(path), "%s/%s/mdev_type", GVT_MDEV_DEVICES,
		 uuid);
	real_link = realpath(path, NULL);
	ASSERT_NE(NULL, real_link);
	gvt_type_path(tdir, sizeof(tdir), p, t, NULL);
	real_type = realpath(tdir, NULL);
	ASSERT_NE(NULL, real_type);
	EXPECT_STREQ(real_type, real_link);
	free(real_link);
	free(real_type);

	/* the type lists it in devices/ */
	gvt_type_path(path, sizeof(path), p, t, "devices");
	snprintf(tdir, sizeof(tdir), "%s/%s", path, uuid);
	EXPECT_EQ(0, access(tdir, F_OK));

	/* iommu_group -> /dev/vfio/<group> */
	snprintf(path, sizeof(path), "%s/%s/iommu_group", GVT_MDEV_DEVICES,
		 uuid);
	link_base(path, group, sizeof(group));
	ASSERT_NE('\0', group[0]) {
		TH_LOG("%s: no iommu_group link", uuid);
	}
	EXPECT_TRUE(isdigit((unsigned char)group[0]));
	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));

	ASSERT_EQ(0, gvt_vgpu_id(uuid, &id));
	EXPECT_LE(GVT_MIN_VGPU_ID, id);
	EXPECT_GE(GVT_MAX_VGPU_ID, id);
}

/* Check that @uuid is gone everywhere. */
static void check_gone(struct __test_metadata *_metadata,
		       const struct gvt_parent *p, const char *uuid)
{
	char path[GVT_PATH_LEN], dev[2 * GVT_PATH_LEN];
	int i;

	EXPECT_FALSE(gvt_mdev_exists(uuid)) {
		TH_LOG("%s still exists", uuid);
	}
	for (i = 0; i < p->nr_types; i++) {
		gvt_type_path(path, sizeof(path), p, &p->types[i], "devices");
		snprintf(dev, sizeof(dev), "%s/%s", path, uuid);
		EXPECT_NE(0, access(dev, F_OK));
	}
}

/* Create and remove one vGPU of every available type of every parent. */
TEST_F(vgpu, create_remove)
{
	long before[GVT_MAX_TYPES], after[GVT_MAX_TYPES];
	char uuid[GVT_UUID_LEN + 1];
	int i, j, k, created = 0;

	if (self->why)
		SKIP(return, "%s", self->why);

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *p = &self->env.parents[i];

		for (j = 0; j < p->nr_types; j++) {
			const struct gvt_type *t = &p->types[j];

			ASSERT_EQ(0, gvt_counts(p, before));
			if (!before[j])
				continue;
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, t,
						      uuid)) {
				TH_LOG("%s %s", p->name, t->dir);
			}
			check_vgpu(_metadata, p, t, uuid);

			/* one fewer of this type, never more of another */
			ASSERT_EQ(0, gvt_counts(p, after));
			EXPECT_EQ(before[j] - 1, after[j]);
			for (k = 0; k < p->nr_types; k++)
				EXPECT_GE(before[k], after[k]);

			ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid));
			check_gone(_metadata, p, uuid);
			gvt_assert_counts(p, before, "after remove");
			created++;
		}
	}
	if (!created)
		SKIP(return, "no parent has an instance available");
}

/*
 * Fill each idle parent with a pseudo-random mix of types, checking all
 * counts against the model (minimum of the three quotients) after every
 * create, then empty it again in a different order. Removing vGPUs can
 * leave holes in the GM windows, and the driver may count instances hole
 * by hole, so while emptying a count may be below the model but never
 * above it; once empty, the initial counts are back.
 */
TEST_F(vgpu, counts_follow_model)
{
	char uuids[GVT_MAX_VGPUS][GVT_UUID_LEN + 1];
	const struct gvt_type *types[GVT_MAX_VGPUS];
	long counts[GVT_MAX_TYPES], initial[GVT_MAX_TYPES];
	int i, j, k, n, checked = 0;
	char msg[128];

	if (self->why)
		SKIP(return, "%s", self->why);
	srand(42);

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *p = &self->env.parents[i];
		struct gvt_usage use = { 0 };

		if (p->aperture_mb <= 0 || !gvt_parent_idle(p))
			continue;
		ASSERT_EQ(0, gvt_counts(p, initial));
		gvt_assert_model(p, &use, "idle");

		for (n = 0; n < GVT_MAX_VGPUS; n++) {
			int avail[GVT_MAX_TYPES], nr_avail = 0;

			gvt_model_counts(p, &use, counts);
			for (j = 0; j < p->nr_types; j++)
				if (counts[j] > 0)
					avail[nr_avail++] = j;
			if (!nr_avail)
				break;
			j = avail[rand() % nr_avail];
			types[n] = &p->types[j];
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
						      types[n], uuids[n])) {
				TH_LOG("%s: create #%d (%s)", p->name, n,
				       types[n]->name);
			}
			gvt_usage_add(&use, types[n]);
			snprintf(msg, sizeof(msg), "after create #%d (%s)", n,
				 types[n]->name);
			gvt_assert_model(p, &use, msg);
		}
		ASSERT_GE(GVT_MAX_VGPU_ID, n);

		/* full: every type refuses, nothing changes */
		for (j = 0; j < p->nr_types; j++) {
			char uuid[GVT_UUID_LEN + 1];

			EXPECT_EQ(-ENOSPC,
				  gvt_vgpus_create(&self->vgpus, p,
						   &p->types[j], uuid));
			EXPECT_FALSE(gvt_mdev_exists(uuid));
			gvt_assert_model(p, &use, "after a refused create");
		}

		/* remove in a shuffled order */
		while (n > 0) {
			long model[GVT_MAX_TYPES];

			j = rand() % n;
			ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuids[j]));
			check_gone(_metadata, p, uuids[j]);
			gvt_usage_sub(&use, types[j]);
			gvt_model_counts(p, &use, model);
			ASSERT_EQ(0, gvt_counts(p, counts));
			for (k = 0; k < p->nr_types; k++) {
				ASSERT_GE(model[k], counts[k]) {
					TH_LOG("%s: %s after removing a %s",
					       p->name, p->types[k].name,
					       types[j]->name);
				}
			}
			n--;
			types[j] = types[n];
			memcpy(uuids[j], uuids[n], sizeof(uuids[j]));
		}
		gvt_assert_counts(p, initial, "emptied");
		checked++;
	}
	if (!checked)
		SKIP(return, "no idle parent with a known aperture size");
}

/*
 * available_instances tells the truth even when create and remove have
 * left holes: for every type, exactly that many creates succeed and the
 * next one fails with ENOSPC.
 */
TEST_F(vgpu, counts_are_honest)
{
	char holes[GVT_MAX_VGPUS][GVT_UUID_LEN + 1], uuid[GVT_UUID_LEN + 1];
	long counts[GVT_MAX_TYPES], after[GVT_MAX_TYPES];
	struct gvt_vgpus extra;
	int i, j, k, n, checked = 0;

	if (self->why)
		SKIP(return, "%s", self->why);

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *p = &self->env.parents[i];

		/* fill with the smallest type, free every other one */
		n = 0;
		while (gvt_vgpus_create(&self->vgpus, p, &p->types[0],
					holes[n]) == 0)
			n++;
		if (n < 3) {
			ASSERT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
			continue;
		}
		for (k = 0; k < n; k += 2)
			ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, holes[k]));

		ASSERT_EQ(0, gvt_counts(p, counts));
		for (j = 0; j < p->nr_types; j++) {
			memset(&extra, 0, sizeof(extra));
			for (k = 0; k < counts[j]; k++) {
				EXPECT_EQ(0, gvt_vgpus_create(&extra, p,
							      &p->types[j],
							      uuid)) {
					TH_LOG("%s: %s #%d of %ld", p->name,
					       p->types[j].name, k, counts[j]);
				}
			}
			EXPECT_EQ(-ENOSPC, gvt_vgpus_create(&extra, p,
							    &p->types[j],
							    uuid)) {
				TH_LOG("%s: %s beyond %ld", p->name,
				       p->types[j].name, counts[j]);
			}
			EXPECT_EQ(0, gvt_vgpus_remove_all(&extra));
			ASSERT_EQ(0, gvt_counts(p, after));
			EXPECT_EQ(counts[j], after[j]);
		}
		ASSERT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
		checked++;
	}
	if (!checked)
		SKIP(return, "no parent can hold three vGPUs");
}

/* The worked example: one V5_4 on a 512 MiB aperture. */
TEST_F(vgpu, example_512_one_v5_4)
{
	static const long idle[] = { 6, 3, 1 }, one_v5_4[] = { 4, 2, 1 };
	const struct gvt_parent *p = NULL;
	char uuid[GVT_UUID_LEN + 1];
	int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (i = 0; i < self->env.nr_parents && !p; i++)
		if (self->env.parents[i].aperture_mb == 512 &&
		    gvt_parent_idle(&self->env.parents[i]))
			p = &self->env.parents[i];
	if (!p)
		SKIP(return, "no idle parent with a 512 MiB aperture");

	ASSERT_EQ(3, p->nr_types);
	gvt_assert_counts(p, idle, "idle");
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
				      gvt_find_type(p, "GVTg_V5_4"), uuid));
	gvt_assert_counts(p, one_v5_4, "one V5_4");
	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid));
	gvt_assert_counts(p, idle, "removed");
}

/* vGPU ids are distinct and within 1..7 on one parent. */
TEST_F(vgpu, vgpu_ids)
{
	char uuid[GVT_MAX_VGPU_ID][GVT_UUID_LEN + 1];
	const struct gvt_parent *p;
	long id[GVT_MAX_VGPU_ID];
	int i, j, n;

	if (self->why)
		SKIP(return, "%s", self->why);
	/* the parent offering the most instances of its smallest type */
	p = &self->env.parents[0];
	for (i = 1; i < self->env.nr_parents; i++)
		if (gvt_available(&self->env.parents[i],
				  &self->env.parents[i].types[0]) >
		    gvt_available(p, &p->types[0]))
			p = &self->env.parents[i];

	n = (int)gvt_available(p, &p->types[0]);
	if (n < 2)
		SKIP(return, "no parent can hold two vGPUs");
	ASSERT_GE(GVT_MAX_VGPU_ID, n);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, &p->types[0],
					      uuid[i]));
		ASSERT_EQ(0, gvt_vgpu_id(uuid[i], &id[i]));
		EXPECT_LE(GVT_MIN_VGPU_ID, id[i]);
		EXPECT_GE(GVT_MAX_VGPU_ID, id[i]);
		for (j = 0; j < i; j++)
			EXPECT_NE(id[j], id[i]);
	}
}

/* A UUID already in use is refused everywhere with EEXIST. */
TEST_F(vgpu, duplicate_uuid)
{
	long counts[GVT_MAX_PARENTS][GVT_MAX_TYPES];
	const struct gvt_parent *p = NULL;
	char uuid[GVT_UUID_LEN + 1];
	int i, j, mdevs;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (i = 0; i < self->env.nr_parents && !p; i++)
		if (gvt_available(&self->env.parents[i],
				  &self->env.parents[i].types[0]) > 0)
			p = &self->env.parents[i];
	if (!p)
		SKIP(return, "no parent has an instance available");

	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, &p->types[0], uuid));
	for (i = 0; i < self->env.nr_parents; i++)
		ASSERT_EQ(0, gvt_counts(&self->env.parents[i], counts[i]));
	mdevs = nr_mdevs();

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *q = &self->env.parents[i];

		for (j = 0; j < q->nr_types; j++) {
			EXPECT_EQ(-EEXIST, gvt_create(q, &q->types[j], uuid)) {
				TH_LOG("%s %s", q->name, q->types[j].dir);
			}
		}
	}
	/* with a trailing newline too */
	{
		char nl[GVT_UUID_LEN + 2];

		snprintf(nl, sizeof(nl), "%s\n", uuid);
		EXPECT_EQ(-EEXIST, gvt_create(p, &p->types[0], nl));
	}
	EXPECT_EQ(mdevs, nr_mdevs());
	for (i = 0; i < self->env.nr_parents; i++)
		gvt_assert_counts(&self->env.parents[i], counts[i],
				  "after duplicates");
	check_vgpu(_metadata, p, &p->types[0], uuid);
}

/* Malformed UUIDs are refused with EINVAL and leave nothing behind. */
TEST_F(vgpu, malformed_uuid)
{
	char uuid[GVT_UUID_LEN + 1], bad[GVT_NR_BAD][64];
	long before[GVT_MAX_TYPES];
	const struct gvt_parent *p;
	const struct gvt_type *t;
	size_t len[GVT_NR_BAD];
	char path[GVT_PATH_LEN];
	int i, mdevs;

	if (self->why)
		SKIP(return, "%s", self->why);
	p = &self->env.parents[0];
	t = &p->types[0];
	gvt_uuid(uuid);

	i = 0;
	/* too short: 35 characters, with and without a newline */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%.35s", uuid);
	i++;
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%.35s\n", uuid);
	i++;
	/* too long: 38 characters */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s\n\n", uuid);
	i++;
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s00", uuid);
	i++;
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "{%s}", uuid);
	i++;
	/* not hex */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s", uuid);
	bad[i][0] = 'g';
	i++;
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s", uuid);
	bad[i][35] = 'z';
	i++;
	/* a dash out of place */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s", uuid);
	bad[i][8] = bad[i][9];
	bad[i][9] = '-';
	i++;
	/* 37 characters without the newline: leading blank */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), " %s", uuid);
	i++;
	/* 32 hex digits without dashes */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]),
				  "%.8s%.4s%.4s%.4s%.12s", uuid, uuid + 9,
				  uuid + 14, uuid + 19, uuid + 24);
	i++;
	/* an embedded NUL, 36 bytes written */
	len[i] = (size_t)snprintf(bad[i], sizeof(bad[i]), "%s", uuid);
	bad[i][10] = '\0';
	i++;
	ASSERT_EQ(GVT_NR_BAD, i);

	gvt_type_path(path, sizeof(path), p, t, "create");
	ASSERT_EQ(0, gvt_counts(p, before));
	mdevs = nr_mdevs();
	for (i = 0; i < GVT_NR_BAD; i++) {
		int ret = gvt_write(path, bad[i], len[i]);

		if (!ret)
			gvt_remove(uuid);
		EXPECT_EQ(-EINVAL, ret) {
			TH_LOG("case %d: \"%.*s\" (%zu bytes) accepted or wrong error",
			       i, (int)len[i], bad[i], len[i]);
		}
		EXPECT_FALSE(gvt_mdev_exists(uuid));
		EXPECT_EQ(mdevs, nr_mdevs());
		gvt_assert_counts(p, before, "after a malformed create");
	}
}

/* A trailing newline is optional, hex digits may be upper case. */
TEST_F(vgpu, uuid_forms)
{
	char uuid[GVT_UUID_LEN + 1], buf[GVT_UUID_LEN + 2];
	const struct gvt_parent *p;
	const struct gvt_type *t;
	int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	p = &self->env.parents[0];
	t = &p->types[0];
	if (gvt_available(p, t) < 1)
		SKIP(return, "%s: no instance available", p->name);

	gvt_uuid(uuid);
	snprintf(buf, sizeof(buf), "%s\n", uuid);
	ASSERT_EQ(0, gvt_create(p, t, buf));
	EXPECT_TRUE(gvt_mdev_exists(uuid));
	ASSERT_EQ(0, gvt_remove(uuid));
	check_gone(_metadata, p, uuid);

	gvt_uuid(uuid);
	for (i = 0; i < GVT_UUID_LEN; i++)
		buf[i] = (char)toupper((unsigned char)uuid[i]);
	buf[GVT_UUID_LEN] = '\0';
	ASSERT_EQ(0, gvt_create(p, t, buf));
	/* the device is named in lower case */
	EXPECT_TRUE(gvt_mdev_exists(uuid));
	ASSERT_EQ(0, gvt_remove(uuid));
	check_gone(_metadata, p, uuid);
}

/*
 * Create one type until ENOSPC: exactly available_instances succeed,
 * the failing create leaves nothing behind and changes no count, and
 * removing everything restores the initial counts.
 */
TEST_F(vgpu, exhaustion)
{
	long initial[GVT_MAX_TYPES], before[GVT_MAX_TYPES];
	char uuid[GVT_UUID_LEN + 1], path[GVT_PATH_LEN];
	int i, j, n, ret, devs, checked = 0;

	if (self->why)
		SKIP(return, "%s", self->why);

	for (i = 0; i < self->env.nr_parents; i++) {
		const struct gvt_parent *p = &self->env.parents[i];

		for (j = 0; j < p->nr_types; j++) {
			const struct gvt_type *t = &p->types[j];

			ASSERT_EQ(0, gvt_counts(p, initial));
			gvt_type_path(path, sizeof(path), p, t, "devices");
			devs = gvt_count_dir(path);
			for (n = 0; n <= GVT_MAX_VGPU_ID; n++) {
				ASSERT_EQ(0, gvt_counts(p, before));
				ret = gvt_vgpus_create(&self->vgpus, p, t,
						       uuid);
				if (ret)
					break;
				check_vgpu(_metadata, p, t, uuid);
			}
			EXPECT_EQ(-ENOSPC, ret) {
				TH_LOG("%s %s: create #%d", p->name, t->name,
				       n);
			}
			EXPECT_EQ(initial[j], n) {
				TH_LOG("%s %s: created %d", p->name, t->name,
				       n);
			}
			EXPECT_FALSE(gvt_mdev_exists(uuid));
			EXPECT_EQ(devs + n, gvt_count_dir(path));
			gvt_assert_counts(p, before, "after ENOSPC");
			EXPECT_EQ(0, before[j]);

			EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
			gvt_assert_counts(p, initial, "after removing all");
			checked++;
		}
	}
	ASSERT_LT(0, checked);
}

/* Remove, then create the same UUID again (on another type). */
TEST_F(vgpu, remove_recreate)
{
	long initial[GVT_MAX_TYPES];
	const struct gvt_parent *p;
	char uuid[GVT_UUID_LEN + 1];
	char path[GVT_PATH_LEN];
	int round;

	if (self->why)
		SKIP(return, "%s", self->why);
	p = &self->env.parents[0];
	if (gvt_available(p, &p->types[0]) < 1)
		SKIP(return, "%s: no instance available", p->name);
	ASSERT_EQ(0, gvt_counts(p, initial));
	gvt_uuid(uuid);

	for (round = 0; round < 3; round++) {
		const struct gvt_type *t = &p->types[round % p->nr_types];

		if (gvt_available(p, t) < 1)
			t = &p->types[0];
		ASSERT_EQ(0, gvt_create(p, t, uuid)) {
			TH_LOG("round %d, %s", round, t->name);
		}
		check_vgpu(_metadata, p, t, uuid);

		/* "0" and garbage do not remove it */
		snprintf(path, sizeof(path), "%s/%s/remove",
			 GVT_MDEV_DEVICES, uuid);
		EXPECT_EQ(0, gvt_write(path, "0", 1));
		EXPECT_TRUE(gvt_mdev_exists(uuid));
		EXPECT_EQ(-EINVAL, gvt_write(path, "yes", 3));
		EXPECT_TRUE(gvt_mdev_exists(uuid));

		ASSERT_EQ(0, gvt_remove(uuid));
		check_gone(_metadata, p, uuid);
		EXPECT_EQ(-ENOENT, gvt_remove(uuid));
		gvt_assert_counts(p, initial, "after remove");
	}
}

/* vGPUs on one parent do not change the counts of another. */
TEST_F(vgpu, parents_independent)
{
	long counts[GVT_MAX_PARENTS][GVT_MAX_TYPES];
	char uuid[GVT_UUID_LEN + 1];
	int a, i, j, created;

	if (self->env.nr_parents < 2 && !self->why)
		self->why = gvt_need(&self->env, 2);
	if (self->why)
		SKIP(return, "%s", self->why);

	for (a = 0; a < self->env.nr_parents; a++) {
		const struct gvt_parent *p = &self->env.parents[a];

		for (i = 0; i < self->env.nr_parents; i++)
			ASSERT_EQ(0, gvt_counts(&self->env.parents[i],
						counts[i]));
		/* as many of each type as fit, largest first */
		created = 0;
		for (j = p->nr_types - 1; j >= 0; j--)
			while (gvt_available(p, &p->types[j]) > 0) {
				ASSERT_EQ(0,
					  gvt_vgpus_create(&self->vgpus, p,
							   &p->types[j], uuid));
				created++;
			}
		for (i = 0; i < self->env.nr_parents; i++) {
			if (i == a)
				continue;
			gvt_assert_counts(&self->env.parents[i], counts[i],
					  "while another parent is full");
		}
		ASSERT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
		for (i = 0; i < self->env.nr_parents; i++)
			gvt_assert_counts(&self->env.parents[i], counts[i],
					  "after removing all");
		TH_LOG("%s: %d vGPUs", p->name, created);
	}
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
