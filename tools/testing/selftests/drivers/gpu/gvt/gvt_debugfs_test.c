// SPDX-License-Identifier: GPL-2.0-only
/*
 * Isolation seen from the simulated hardware: the host GGTT and fence
 * registers of gvt_sim, read through debugfs, around vGPU create and
 * remove.
 *
 *   /sys/kernel/debug/gvt_sim/<parent>/ggtt    8 bytes per host GGTT entry
 *   /sys/kernel/debug/gvt_sim/<parent>/fences  32 x u64
 *
 * Needs the simulator; on real hardware every test skips.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gvt_test.h"

#define GGTT_ENTRIES	(GVT_GGTT_MB * (1UL << 20) / GVT_PAGE_SIZE)

struct snapshot {
	uint64_t *ggtt;
	size_t nr_ggtt;
	uint64_t *fences;
	size_t nr_fences;
};

FIXTURE(sim) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *sim[GVT_MAX_PARENTS];
	int nr_sim;
	const char *why;
};

FIXTURE_SETUP(sim)
{
	int i;

	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	for (i = 0; i < self->env.nr_parents; i++)
		if (self->env.parents[i].sim)
			self->sim[self->nr_sim++] = &self->env.parents[i];
	if (!self->nr_sim)
		self->why = "no gvt_sim debugfs (real hardware, or debugfs not mounted)";
}

FIXTURE_TEARDOWN(sim)
{
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

static void snapshot_free(struct snapshot *s)
{
	free(s->ggtt);
	free(s->fences);
	memset(s, 0, sizeof(*s));
}

static void take_snapshot(struct __test_metadata *_metadata,
			  const struct gvt_parent *p, struct snapshot *s)
{
	ASSERT_EQ(0, gvt_sim_read(p, "ggtt", &s->ggtt, &s->nr_ggtt));
	ASSERT_EQ(0, gvt_sim_read(p, "fences", &s->fences, &s->nr_fences));
	ASSERT_EQ(GGTT_ENTRIES, s->nr_ggtt);
	ASSERT_EQ(GVT_NUM_FENCES, s->nr_fences);
}

/* Number of entries in which @a and @b differ, first and last index. */
static size_t ggtt_diff(const struct snapshot *a, const struct snapshot *b,
			size_t from, size_t to, size_t *first, size_t *last)
{
	size_t i, n = 0;

	*first = SIZE_MAX;
	*last = 0;
	for (i = from; i < to; i++) {
		if (a->ggtt[i] == b->ggtt[i])
			continue;
		if (*first == SIZE_MAX)
			*first = i;
		*last = i;
		n++;
	}
	return n;
}

static void expect_same(struct __test_metadata *_metadata,
			const struct gvt_parent *p, const struct snapshot *a,
			const struct snapshot *b, const char *when)
{
	size_t n, first, last;
	int i;

	n = ggtt_diff(a, b, 0, a->nr_ggtt, &first, &last);
	EXPECT_EQ(0, n) {
		TH_LOG("%s: %s: %zu GGTT entries changed in [%#zx, %#zx]",
		       p->name, when, n, first, last);
	}
	for (i = 0; i < GVT_NUM_FENCES; i++) {
		EXPECT_EQ(a->fences[i], b->fences[i]) {
			TH_LOG("%s: %s: fence %d", p->name, when, i);
		}
	}
}

TEST_F(sim, layout)
{
	struct snapshot s = { 0 };
	int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (i = 0; i < self->nr_sim; i++) {
		take_snapshot(_metadata, self->sim[i], &s);
		snapshot_free(&s);
	}
}

/*
 * The fences of a new vGPU read 0. Which four fences it owns is not
 * visible from user space, so: no fence changes to anything but 0, and
 * at least as many fences read 0 as the vGPUs own.
 */
TEST_F_TIMEOUT(sim, fences_scrubbed, 120)
{
	struct snapshot before = { 0 }, after = { 0 };
	char uuid[GVT_UUID_LEN + 1];
	int i, j, k, zero, vgpus = 0;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (i = 0; i < self->nr_sim; i++) {
		const struct gvt_parent *p = self->sim[i];

		for (j = 0; j < p->nr_types; j++) {
			const struct gvt_type *t = &p->types[j];

			if (gvt_available(p, t) < 1)
				continue;
			ASSERT_EQ(0, gvt_sim_read(p, "fences", &before.fences,
						  &before.nr_fences));
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, t,
						      uuid));
			vgpus++;
			ASSERT_EQ(0, gvt_sim_read(p, "fences", &after.fences,
						  &after.nr_fences));
			ASSERT_EQ(GVT_NUM_FENCES, after.nr_fences);
			for (k = 0, zero = 0; k < GVT_NUM_FENCES; k++) {
				if (!after.fences[k])
					zero++;
				else
					EXPECT_EQ(before.fences[k],
						  after.fences[k]);
			}
			EXPECT_LE(vgpus * (int)t->spec->fences, zero) {
				TH_LOG("%s: %d fences read 0 with %d vGPUs",
				       p->name, zero, vgpus);
			}
			snapshot_free(&before);
			snapshot_free(&after);
		}
		EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
		vgpus = 0;
	}
}

/*
 * A create may only touch the vGPU's own slice: at most low_gm pages
 * below the aperture end and high_gm pages above it, each within one
 * window of that size. A second vGPU leaves the first one's entries
 * alone, and after remove every entry is back to what it was.
 */
TEST_F_TIMEOUT(sim, ggtt_outside_slice, 300)
{
	struct snapshot s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
	char uuid1[GVT_UUID_LEN + 1], uuid2[GVT_UUID_LEN + 1];
	size_t n, first, last, ap, low_pages, high_pages, i;
	const struct gvt_parent *p = NULL;
	const struct gvt_type *t;
	int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	for (k = 0; k < self->nr_sim && !p; k++)
		if (self->sim[k]->aperture_mb > 0 &&
		    gvt_available(self->sim[k], &self->sim[k]->types[0]) >= 2)
			p = self->sim[k];
	if (!p)
		SKIP(return, "no simulated GPU with a known aperture and room for two vGPUs");
	t = &p->types[0];
	ap = (size_t)p->aperture_mb * (1UL << 20) / GVT_PAGE_SIZE;
	low_pages = t->spec->low_mb * (1UL << 20) / GVT_PAGE_SIZE;
	high_pages = t->spec->high_mb * (1UL << 20) / GVT_PAGE_SIZE;

	take_snapshot(_metadata, p, &s0);
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, t, uuid1));
	take_snapshot(_metadata, p, &s1);

	n = ggtt_diff(&s0, &s1, 0, ap, &first, &last);
	EXPECT_GE(low_pages, n);
	if (n)
		EXPECT_GT(low_pages, last - first);
	n = ggtt_diff(&s0, &s1, ap, s0.nr_ggtt, &first, &last);
	EXPECT_GE(high_pages, n);
	if (n)
		EXPECT_GT(high_pages, last - first);

	/* a second vGPU: none of the first one's changes are undone */
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p, t, uuid2));
	take_snapshot(_metadata, p, &s2);
	for (i = 0; i < s0.nr_ggtt; i++) {
		if (s0.ggtt[i] == s1.ggtt[i])
			continue;
		EXPECT_EQ(s1.ggtt[i], s2.ggtt[i]) {
			TH_LOG("entry %#zx of the first vGPU changed", i);
			break;
		}
	}

	/* removing the second restores the state with only the first */
	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid2));
	take_snapshot(_metadata, p, &s3);
	expect_same(_metadata, p, &s1, &s3, "second vGPU removed");
	snapshot_free(&s3);

	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid1));
	take_snapshot(_metadata, p, &s3);
	expect_same(_metadata, p, &s0, &s3, "both vGPUs removed");

	snapshot_free(&s0);
	snapshot_free(&s1);
	snapshot_free(&s2);
	snapshot_free(&s3);
}

/* Filling one simulated GPU leaves the GGTT and fences of the others. */
TEST_F_TIMEOUT(sim, gpus_independent, 300)
{
	struct snapshot before[GVT_MAX_PARENTS] = { 0 }, now = { 0 };
	char uuid[GVT_UUID_LEN + 1];
	int a, i, j;

	if (self->why)
		SKIP(return, "%s", self->why);
	if (self->nr_sim < 2)
		SKIP(return, "needs two simulated GPUs");

	for (i = 0; i < self->nr_sim; i++)
		take_snapshot(_metadata, self->sim[i], &before[i]);

	for (a = 0; a < self->nr_sim; a++) {
		const struct gvt_parent *p = self->sim[a];

		for (j = p->nr_types - 1; j >= 0; j--)
			while (gvt_available(p, &p->types[j]) > 0)
				ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
							      &p->types[j],
							      uuid));
		for (i = 0; i < self->nr_sim; i++) {
			if (i == a)
				continue;
			take_snapshot(_metadata, self->sim[i], &now);
			expect_same(_metadata, self->sim[i], &before[i], &now,
				    "another GPU full");
			snapshot_free(&now);
		}
		ASSERT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
		take_snapshot(_metadata, p, &now);
		expect_same(_metadata, p, &before[a], &now,
			    "own vGPUs removed");
		snapshot_free(&now);
	}
	for (i = 0; i < self->nr_sim; i++)
		snapshot_free(&before[i]);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
