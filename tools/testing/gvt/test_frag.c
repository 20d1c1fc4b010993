// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fragmentation: interleaved creates and destroys of mixed types, scripted
 * and random, with the partition invariants checked after every step.
 */
#include <stdio.h>

#include "gvt_test.h"

/*
 * A script on a 1 GiB aperture: create a vGPU of @type into @slot, or
 * destroy the vGPU in @slot. A create must succeed exactly when the type
 * was available.
 */
struct frag_step {
	char op;		/* 'c'reate or 'd'estroy */
	unsigned int slot;
	const char *type;
};

static const struct frag_step frag_script[] = {
	{ 'c', 0, "GVTg_V5_8" }, { 'c', 1, "GVTg_V5_4" },
	{ 'c', 2, "GVTg_V5_8" }, { 'c', 3, "GVTg_V5_4" },
	{ 'c', 4, "GVTg_V5_8" },
	/* holes of 64 and 64 MiB aperture, 384 and 384 MiB hidden */
	{ 'd', 0 }, { 'd', 2 },
	{ 'c', 5, "GVTg_V5_4" }, { 'c', 6, "GVTg_V5_2" },
	{ 'c', 0, "GVTg_V5_8" }, { 'c', 2, "GVTg_V5_8" },
	{ 'd', 1 }, { 'd', 5 },
	/* 64 + 128 MiB aperture hole, but the hidden GM is split */
	{ 'c', 1, "GVTg_V5_2" }, { 'c', 5, "GVTg_V5_4" },
	{ 'd', 3 }, { 'd', 4 }, { 'd', 6 }, { 'd', 0 },
	{ 'c', 3, "GVTg_V5_1" }, { 'c', 4, "GVTg_V5_2" },
	{ 'c', 0, "GVTg_V5_8" }, { 'c', 6, "GVTg_V5_4" },
	{ 'd', 2 }, { 'c', 2, "GVTg_V5_8" }, { 'c', 7, "GVTg_V5_8" },
	{ 'd', 1 }, { 'd', 3 }, { 'd', 2 }, { 'd', 4 },
	{ 'd', 0 }, { 'd', 5 }, { 'd', 6 }, { 'd', 7 },
};

TEST(frag_scripted)
{
	struct gvt_vgpu *slot[8] = { NULL };
	unsigned int i, created = 0, refused = 0;
	struct gvt_state empty, now;
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	struct tdev t;

	gvt = tdev_new(&t, 1024, 4096, 32, true);
	state_get(gvt, &empty);
	for (i = 0; i < ARRAY_SIZE(frag_script); i++) {
		const struct frag_step *s = &frag_script[i];

		if (s->op == 'd') {
			if (slot[s->slot])
				gvt_vgpu_destroy(slot[s->slot]);
			slot[s->slot] = NULL;
		} else {
			const struct gvt_type *type = tdev_type(gvt, s->type);
			unsigned int avail = gvt_type_available(gvt, type);

			ASSERT(!slot[s->slot]);
			vgpu = gvt_vgpu_create(gvt, type);
			if (IS_ERR(vgpu)) {
				EXPECT_EQ(PTR_ERR(vgpu), -ENOSPC);
				EXPECT_EQ(avail, 0);
				refused++;
			} else {
				EXPECT(avail > 0);
				slot[s->slot] = vgpu;
				created++;
			}
		}
		check_available_exact(gvt);
	}
	/* The script exercises both outcomes. */
	EXPECT(created > 10);
	EXPECT(refused > 0);
	for (i = 0; i < 8; i++)
		ASSERT(!slot[i]);
	state_get(gvt, &now);
	ASSERT_STATE_EQ(&empty, &now);
	EXPECT_EQ(t.host.bad_calls, 0);
	tdev_del(&t);
}

/*
 * Hole-by-hole counting: three 64 MiB holes between vGPUs after destroys,
 * none big enough for a V5_4 although 192 MiB are free in all.
 */
TEST(frag_split_hole)
{
	const struct gvt_type *t8, *t4;
	struct gvt_vgpu *v[6];
	struct gvt_device *gvt;
	struct tdev t;
	unsigned int i;

	/* 512 MiB aperture: 384 MiB for vGPUs, six V5_8 */
	gvt = tdev_new(&t, 512, 4096, 32, false);
	t8 = tdev_type(gvt, "GVTg_V5_8");
	t4 = tdev_type(gvt, "GVTg_V5_4");
	for (i = 0; i < 6; i++)
		v[i] = vgpu_new(gvt, t8);
	gvt_vgpu_destroy(v[0]);
	gvt_vgpu_destroy(v[2]);
	gvt_vgpu_destroy(v[4]);
	EXPECT_EQ(gvt_gm_free_bytes(&gvt->low), MiB(192));
	EXPECT_EQ(gvt_type_available(gvt, t4), 0);
	EXPECT_EQ(PTR_ERR(gvt_vgpu_create(gvt, t4)), -ENOSPC);
	EXPECT_EQ(gvt_type_available(gvt, t8), 3);
	check_available_exact(gvt);
	gvt_vgpu_destroy(v[1]);
	/* Now 192 MiB contiguous at the bottom. */
	EXPECT_EQ(gvt_type_available(gvt, t4), 1);
	check_available_exact(gvt);
	gvt_vgpu_destroy(v[3]);
	EXPECT_EQ(gvt_type_available(gvt, t4), 2);
	check_available_exact(gvt);
	gvt_vgpu_destroy(v[5]);
	EXPECT_EQ(gvt_type_available(gvt, t4), 3);
	tdev_del(&t);
}

struct walk_cfg {
	u64 aperture_mb;
	u64 ggtt_mb;
	unsigned int fences;
};

static const struct walk_cfg walk_cfgs[] = {
	{ 256, 4096, 32 },
	{ 512, 4096, 32 },
	{ 1024, 4096, 32 },
	{ 2048, 4096, 32 },
	{ 1024, 2048, 32 },
	{ 1024, 4096, 16 },
	{ 2048, 4096, 24 },
	{ 512, 3072, 20 },
	{ 256, 1024, 12 },
};

#define WALK_STEPS	400

static void random_walk(const struct walk_cfg *cfg, u64 seed)
{
	struct gvt_vgpu *live[GVT_MAX_VGPU];
	unsigned int nlive = 0, step, i;
	struct gvt_state empty, now;
	struct gvt_device *gvt;
	struct tdev t;
	u64 rnd = seed;

	gvt = tdev_new(&t, cfg->aperture_mb, cfg->ggtt_mb, cfg->fences,
		       false);
	state_get(gvt, &empty);
	for (step = 0; step < WALK_STEPS; step++) {
		u64 r = test_rand(&rnd);

		if (nlive && (r % 100 < 45 || nlive == GVT_MAX_VGPU - 1)) {
			i = (r >> 8) % nlive;
			gvt_vgpu_destroy(live[i]);
			live[i] = live[--nlive];
		} else {
			unsigned int ti = (r >> 8) % gvt_device_num_types(gvt);
			const struct gvt_type *type = gvt_device_type(gvt, ti);
			unsigned int avail = gvt_type_available(gvt, type);
			struct gvt_vgpu *vgpu = gvt_vgpu_create(gvt, type);

			if (IS_ERR(vgpu)) {
				if (avail || PTR_ERR(vgpu) != -ENOSPC)
					FAIL("seed %llu step %u: %s available %u, create %ld",
					     seed, step, type->name, avail,
					     PTR_ERR(vgpu));
			} else {
				if (!avail)
					FAIL("seed %llu step %u: %s available 0, create worked",
					     seed, step, type->name);
				ASSERT(nlive < GVT_MAX_VGPU - 1);
				live[nlive++] = vgpu;
			}
		}
		check_available_exact(gvt);
	}
	while (nlive)
		gvt_vgpu_destroy(live[--nlive]);
	state_get(gvt, &now);
	ASSERT_STATE_EQ(&empty, &now);
	tdev_del(&t);
}

TEST(frag_random_walk)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(walk_cfgs); i++)
		random_walk(&walk_cfgs[i], 0x6776746700000001ULL + i);
}
