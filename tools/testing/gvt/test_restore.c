// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt_device_restore(): a GPU that lost its GGTT and fences (resume from
 * suspend) gets every vGPU's entries and fences back from the core's
 * records, as they were before, and nothing of the host's is touched
 * (Documentation/gpu/gvt/mmio.rst, "Suspend and resume").
 */
#include <stdlib.h>
#include <string.h>

#include "gvt_test.h"

#define NFRAMES		16
#define PAGE		4096ULL

static u64 host_fence(const struct mtest *m, unsigned int i)
{
	return m->t.host.fences[m->res.fences[i]];
}

/* Is host fence @n one of the vGPU's? */
static bool fence_mine(const struct mtest *m, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < m->res.num_fences; i++)
		if (m->res.fences[i] == n)
			return true;
	return false;
}

/* The guest maps entries and fences; lose them all; restore. */
TEST(restore_rewrites_entries_and_fences)
{
	u64 *before, fences[GVT_MAX_FENCES], L, H, i, pins;
	u64 ap = MiB(256), gg = MiB(4096);
	unsigned long pin_calls, unpin_calls;
	struct fake_host *host;
	struct mtest m;
	unsigned int k;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	host = &m.t.host;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	for (k = 0; k < 8; k++)
		ggtt_wr(m.v, L + k, GPTE(MTEST_GFN(k)));
	ggtt_wr(m.v, H, GPTE(MTEST_GFN(3)));
	/* a frame outside the guest: the entry stays on scratch */
	ggtt_wr(m.v, L + 9, GPTE(MTEST_GFN(NFRAMES + 1)));
	/* a pending half: scratch until the other half comes */
	mmio_wr(m.v, GVT_GGTT_OFFSET + 8 * (L + 10), 4,
		(u32)GPTE(MTEST_GFN(4)));
	fence_wr(m.v, 0, fence_val(m.res.low_gm_base,
				   m.res.low_gm_base + 15 * PAGE, 3, true));
	/* outside the vGPU: disabled on the host */
	fence_wr(m.v, 1, fence_val(0, PAGE, 0, true));
	fence_wr(m.v, 2, fence_val(m.res.high_gm_base, m.res.high_gm_base,
				   0, false));
	fence_wr(m.v, 3, fence_val(m.res.high_gm_base, m.res.high_gm_base,
				   1, true));
	EXPECT_EQ(host_fence(&m, 0) & 1, 1);
	EXPECT_EQ(host_fence(&m, 1), 0);

	before = malloc(host->ggtt_entries * sizeof(*before));
	ASSERT(before);
	memcpy(before, host->ggtt, host->ggtt_entries * sizeof(*before));
	memcpy(fences, host->fences, sizeof(fences));
	pins = fake_hv_pinned(&m.hv);
	EXPECT_EQ(pins, 9);
	pin_calls = m.hv.pin_calls;
	unpin_calls = m.hv.unpin_calls;

	fake_host_fill_garbage(host);
	gvt_device_restore(m.gvt);

	/*
	 * The vGPU's ranges hold what they held, the rest of the windows the
	 * host's scratch page.
	 */
	for (i = PAGES(GVT_HOST_LOW_GM_SIZE); i < PAGES(gg); i++) {
		bool mine = (i >= L && i < L + PAGES(m.res.low_gm_size)) ||
			    (i >= H && i < H + PAGES(m.res.high_gm_size));

		if (i >= PAGES(ap) && i < PAGES(ap + GVT_HOST_HIGH_GM_SIZE))
			continue;
		if (host->ggtt[i] != (mine ? before[i] : FAKE_SCRATCH_PTE))
			break;
	}
	EXPECT_EQ(i, PAGES(gg));
	/* The host's own entries are its own to restore. */
	EXPECT(fake_host_ggtt_is_garbage(host, 0, PAGES(GVT_HOST_LOW_GM_SIZE)));
	EXPECT(fake_host_ggtt_is_garbage(host, PAGES(ap),
					 PAGES(GVT_HOST_HIGH_GM_SIZE)));
	EXPECT_EQ(host->ggtt[L], before[L]);
	EXPECT(host->ggtt[L] != FAKE_SCRATCH_PTE);
	EXPECT_EQ(host->ggtt[L + 9], FAKE_SCRATCH_PTE);
	EXPECT_EQ(host->ggtt[L + 10], FAKE_SCRATCH_PTE);

	for (k = 0; k < GVT_MAX_FENCES; k++) {
		if (k < GVT_HOST_FENCES)
			EXPECT_EQ(host->fences[k], FAKE_FENCE_GARBAGE(k));
		else if (k < 32 && fence_mine(&m, k))
			EXPECT_EQ(host->fences[k], fences[k]);
		else if (k < 32)
			EXPECT_EQ(host->fences[k], 0);
		else
			EXPECT_EQ(host->fences[k], FAKE_FENCE_GARBAGE(k));
	}
	EXPECT_EQ(host_fence(&m, 1), 0);
	EXPECT_EQ(host_fence(&m, 2), 0);

	/* Each mapped frame pinned once more and let go: pins unchanged. */
	EXPECT_EQ(fake_hv_pinned(&m.hv), pins);
	EXPECT_EQ(m.hv.pin_calls, pin_calls + 9);
	EXPECT_EQ(m.hv.unpin_calls, unpin_calls + 9);
	EXPECT_EQ(m.hv.bad_calls, 0);
	/* The guest sees its own values, the pending half still pending. */
	EXPECT_EQ(ggtt_rd(m.v, L + 3), GPTE(MTEST_GFN(3)));
	mmio_wr(m.v, GVT_GGTT_OFFSET + 8 * (L + 10) + 4, 4,
		GPTE(MTEST_GFN(4)) >> 32);
	EXPECT_EQ(host->ggtt[L + 10], host->ggtt[L + 4]);
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(4)), 2);
	EXPECT_EQ(host->bad_calls, 0);
	free(before);
	mtest_fini(&m);
}

/* A frame the frontend cannot pin any more goes to scratch, unpinned. */
TEST(restore_drops_unpinnable_frame)
{
	struct fake_host *host;
	struct mtest m;
	u64 L, pte;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	host = &m.t.host;
	L = mtest_low_entry(&m);
	ggtt_wr(m.v, L, GPTE(MTEST_GFN(5)));
	ggtt_wr(m.v, L + 1, GPTE(MTEST_GFN(6)));
	pte = host->ggtt[L + 1];
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(5)), 1);
	m.hv.fail_gfn = MTEST_GFN(5);
	fake_host_fill_garbage(host);
	gvt_device_restore(m.gvt);
	EXPECT_EQ(host->ggtt[L], FAKE_SCRATCH_PTE);
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(5)), 0);
	EXPECT_EQ(host->ggtt[L + 1], pte);
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(6)), 1);
	/* The guest still reads its value; writing it again maps it again. */
	EXPECT_EQ(ggtt_rd(m.v, L), GPTE(MTEST_GFN(5)));
	m.hv.fail_gfn = FAKE_HV_NO_FAIL;
	ggtt_wr(m.v, L, GPTE(MTEST_GFN(5)));
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(5)), 1);
	EXPECT(host->ggtt[L] != FAKE_SCRATCH_PTE);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

/*
 * Two vGPUs, one never attached to a hypervisor, and a destroyed one:
 * each range maps what it did, a free range the host's scratch page.
 */
TEST(restore_two_vgpus_and_free_ranges)
{
	struct gvt_vgpu_resources r2, r3;
	struct gvt_vgpu *v2, *v3;
	struct fake_host *host;
	struct mtest m;
	u64 L, pte;

	mtest_init(&m, 512, 4096, "GVTg_V5_8", 0, NFRAMES);
	host = &m.t.host;
	L = mtest_low_entry(&m);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	v3 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v3, &r3);
	gvt_vgpu_destroy(v3);
	ggtt_wr(m.v, L, GPTE(MTEST_GFN(1)));
	pte = host->ggtt[L];
	/* no hypervisor: the entry stays on scratch, the value is kept */
	ggtt_wr(v2, PAGES(r2.low_gm_base), GPTE(MTEST_GFN(1)));
	fence_wr(v2, 0, fence_val(r2.low_gm_base, r2.low_gm_base, 0, true));

	fake_host_fill_garbage(host);
	gvt_device_restore(m.gvt);
	EXPECT_EQ(host->ggtt[L], pte);
	EXPECT(fake_host_ggtt_is(host, L + 1, PAGES(m.res.low_gm_size) - 1,
				 FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(host, PAGES(r2.low_gm_base),
				 PAGES(r2.low_gm_size), FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(host, PAGES(r2.high_gm_base),
				 PAGES(r2.high_gm_size), FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(host, PAGES(r3.low_gm_base),
				 PAGES(r3.low_gm_size), FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(host, PAGES(r3.high_gm_base),
				 PAGES(r3.high_gm_size), FAKE_SCRATCH_PTE));
	EXPECT_EQ(host->fences[r2.fences[0]],
		  fence_val(r2.low_gm_base, r2.low_gm_base, 0, true));
	EXPECT_EQ(host->fences[r3.fences[0]], 0);
	EXPECT_EQ(host->bad_calls, 0);
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

/* No vGPU: the windows map the host's scratch page, the fences are off. */
TEST(restore_without_vgpus)
{
	struct fake_host *host;
	struct gvt_device *gvt;
	struct tdev t;
	unsigned int k;

	gvt = tdev_new(&t, 256, 4096, 32, true);
	host = &t.host;
	fake_host_fill_garbage(host);
	gvt_device_restore(gvt);
	EXPECT(fake_host_ggtt_is(host, PAGES(GVT_HOST_LOW_GM_SIZE),
				 PAGES(MiB(256) - GVT_HOST_LOW_GM_SIZE),
				 FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(host, PAGES(MiB(256) + GVT_HOST_HIGH_GM_SIZE),
				 PAGES(MiB(4096) - MiB(256) -
				       GVT_HOST_HIGH_GM_SIZE),
				 FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is_garbage(host, 0, PAGES(GVT_HOST_LOW_GM_SIZE)));
	for (k = 0; k < 32; k++)
		EXPECT_EQ(host->fences[k], k < GVT_HOST_FENCES ?
			  FAKE_FENCE_GARBAGE(k) : 0);
	EXPECT_EQ(host->bad_calls, 0);
	tdev_del(&t);
}

/* A backend without GGTT or fence callbacks: nothing to call. */
TEST(restore_null_ops)
{
	struct tdev t;

	fake_host_init(&t.host, 256, 4096, 32, false);
	tdev_start(&t, &fake_host_null_ops);
	gvt_device_restore(t.gvt);
	EXPECT_EQ(fake_host_calls(&t.host), 0);
	tdev_del(&t);
}
