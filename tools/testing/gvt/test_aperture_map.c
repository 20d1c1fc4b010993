// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the aperture mapping contract (Documentation/gpu/gvt/mmio.rst,
 * "Mapping the aperture"): gvt_vgpu_aperture_pfn() tells a frontend's page
 * fault which frame a page of BAR2 reaches, and the core calls the
 * frontend's unmap_aperture() after every change of that and before the
 * old frame's pin goes, so no CPU mapping outlives a pin.
 */
#include <stdio.h>

#include "gvt_test.h"

#define NFRAMES		64
#define G(k)		MTEST_GFN(k)
#define PG		4096ULL

/* A vGPU whose frontend maps the aperture (fake_hv_ap_ops). */
static void mtest_ap(struct mtest *m)
{
	mtest_init(m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	gvt_vgpu_attach_hv(m->v, &fake_hv_ap_ops, &m->hv);
	fake_hv_log_reset(&m->hv);
}

/* The host frame that guest frame @gfn lives at. */
static unsigned long frame_of(const struct mtest *m, u64 gfn)
{
	return fake_hv_addr(&m->hv, gfn) >> 12;
}

static bool logged(const struct mtest *m, unsigned int i,
		   enum fake_hv_call_kind kind, u64 gfn_or_gm)
{
	return i < m->hv.nlog && i < FAKE_LOG_SIZE &&
	       m->hv.log[i].kind == kind && m->hv.log[i].gfn == gfn_or_gm;
}

TEST(aperture_pfn_follows_the_entries)
{
	unsigned long pfn = 0;
	struct gvt_vgpu *v;
	bool io = true;
	struct mtest m;
	u64 L, base;

	mtest_ap(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	base = m.res.low_gm_base;
	EXPECT(gvt_vgpu_aperture_mappable(v));

	/* An entry that maps no guest frame: the frontend maps its own page. */
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base, &pfn, &io), -ENOENT);
	ggtt_wr(v, L, GPTE(G(5)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base, &pfn, &io), 0);
	EXPECT_EQ(pfn, frame_of(&m, G(5)));
	EXPECT(!io);
	/* Rewritten: the next fault maps the new frame. */
	ggtt_wr(v, L, GPTE(G(9)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base, &pfn, &io), 0);
	EXPECT_EQ(pfn, frame_of(&m, G(9)));
	/* Not present, or a frame the guest does not have: scratch, -ENOENT. */
	ggtt_wr(v, L, GPTE(G(9)) & ~1ULL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base, &pfn, &io), -ENOENT);
	ggtt_wr(v, L + 1, GPTE(G(NFRAMES + 3)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + PG, &pfn, &io), -ENOENT);
	/* The last page of the slice. */
	ggtt_wr(v, L + PAGES(m.res.low_gm_size) - 1, GPTE(G(11)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + m.res.low_gm_size - PG,
					&pfn, &io), 0);
	EXPECT_EQ(pfn, frame_of(&m, G(11)));
	/* A half-written entry maps scratch until its other half comes. */
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * (L + 2), 4, (u32)GPTE(G(12)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + 2 * PG, &pfn, &io),
		  -ENOENT);
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * (L + 2) + 4, 4, GPTE(G(12)) >> 32);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + 2 * PG, &pfn, &io), 0);
	EXPECT_EQ(pfn, frame_of(&m, G(12)));
	/* The core takes no lock for it: it is called from a page fault. */
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	EXPECT_EQ(m.hv.bad_calls, 0);
	EXPECT_EQ(m.t.host.bad_calls, 0);
	mtest_fini(&m);
}

TEST(aperture_pfn_bounds)
{
	unsigned long pfn = 0x1234;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, H, base;
	bool io;

	mtest_ap(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	base = m.res.low_gm_base;
	ggtt_wr(v, L, GPTE(G(1)));
	ggtt_wr(v, H, GPTE(G(2)));
	/* Not page-aligned, before, after the slice, the hidden range. */
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + 8, &pfn, &io), -EINVAL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base - PG, &pfn, &io), -EINVAL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base + m.res.low_gm_size, &pfn,
					&io), -EINVAL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, m.res.high_gm_base, &pfn, &io),
		  -EINVAL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, 0, &pfn, &io), -EINVAL);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, ~0ULL & ~(PG - 1), &pfn, &io),
		  -EINVAL);
	EXPECT_EQ(pfn, 0x1234);
	/* Nothing was asked of the host for any of them. */
	EXPECT_EQ(m.t.host.aperture_pfn_calls, 0);
	/* Detached: no entry maps a guest frame any more. */
	fake_hv_detach(&m.hv);
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, base, &pfn, &io), -ENOENT);
	mtest_fini(&m);
}

TEST(aperture_pfn_without_host_op)
{
	struct gvt_device *gvt;
	unsigned long pfn;
	struct gvt_vgpu *v;
	struct fake_hv hv;
	struct tdev t;
	bool io;
	u64 L;

	fake_host_init(&t.host, 256, 4096, 32, false);
	gvt = tdev_start(&t, &fake_host_null_ops);
	v = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	fake_hv_init(&hv, &t.host, 0, MTEST_GFN_BASE, NFRAMES);
	fake_hv_attach(&hv, v);
	L = PAGES(v->low.start);
	EXPECT(!gvt_vgpu_aperture_mappable(v));
	ggtt_wr(v, L, GPTE(G(1)));
	EXPECT_EQ(gvt_vgpu_aperture_pfn(v, v->low.start, &pfn, &io), -ENODEV);
	gvt_vgpu_destroy(v);
	fake_hv_forget(&hv);
	EXPECT(fake_hv_balanced(&hv));
	fake_hv_fini(&hv);
	tdev_del(&t);
}

/* Each change of what a page reaches: unmap first, then the old unpin. */
TEST(aperture_unmap_before_unpin)
{
	unsigned long n;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, H, base;

	mtest_ap(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	base = m.res.low_gm_base;

	/* scratch -> frame: the frontend's own page goes */
	ggtt_wr(v, L + 3, GPTE(G(5)));
	ASSERT_EQ(m.hv.nlog, 2);
	EXPECT(logged(&m, 0, FAKE_HV_PIN, G(5)));
	EXPECT(logged(&m, 1, FAKE_HV_UNMAP_APERTURE, base + 3 * PG));
	EXPECT_EQ(m.hv.log[1].ret, 1);

	/* frame -> frame: pin the new, unmap, unpin the old */
	fake_hv_log_reset(&m.hv);
	ggtt_wr(v, L + 3, GPTE(G(6)));
	ASSERT_EQ(m.hv.nlog, 3);
	EXPECT(logged(&m, 0, FAKE_HV_PIN, G(6)));
	EXPECT(logged(&m, 1, FAKE_HV_UNMAP_APERTURE, base + 3 * PG));
	EXPECT(logged(&m, 2, FAKE_HV_UNPIN, G(5)));

	/* the same value again: nothing changes, nothing is unmapped */
	fake_hv_log_reset(&m.hv);
	ggtt_wr(v, L + 3, GPTE(G(6)));
	EXPECT_EQ(m.hv.nlog, 0);

	/* frame -> not present */
	ggtt_wr(v, L + 3, 0);
	ASSERT_EQ(m.hv.nlog, 2);
	EXPECT(logged(&m, 0, FAKE_HV_UNMAP_APERTURE, base + 3 * PG));
	EXPECT(logged(&m, 1, FAKE_HV_UNPIN, G(6)));

	/* scratch -> scratch: no mapping can have changed */
	n = m.hv.unmap_aperture_calls;
	ggtt_wr(v, L + 4, 0x2);
	ggtt_wr(v, L + 4, GPTE(G(NFRAMES + 1)));
	EXPECT_EQ(m.hv.unmap_aperture_calls, n);

	/* a pending half releases the mapping before its unpin */
	ggtt_wr(v, L + 5, GPTE(G(7)));
	fake_hv_log_reset(&m.hv);
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * (L + 5), 4, (u32)GPTE(G(8)));
	ASSERT_EQ(m.hv.nlog, 2);
	EXPECT(logged(&m, 0, FAKE_HV_UNMAP_APERTURE, base + 5 * PG));
	EXPECT(logged(&m, 1, FAKE_HV_UNPIN, G(7)));

	/* the hidden range is not in BAR2: no unmap for it */
	n = m.hv.unmap_aperture_calls;
	ggtt_wr(v, H, GPTE(G(9)));
	ggtt_wr(v, H, GPTE(G(10)));
	ggtt_wr(v, H, 0);
	EXPECT_EQ(m.hv.unmap_aperture_calls, n);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

/* Unmapping guest frames, reset and detach unmap every pinned page. */
TEST(aperture_unmap_on_release)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, base;
	unsigned int i;

	mtest_ap(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	base = m.res.low_gm_base;
	for (i = 0; i < 8; i++)
		ggtt_wr(v, L + i, GPTE(G(i)));

	/* the guest's DMA mapping of frames 2 and 3 goes */
	fake_hv_log_reset(&m.hv);
	gvt_vgpu_unmap_gfns(v, G(2), 2);
	ASSERT_EQ(m.hv.nlog, 4);
	EXPECT(logged(&m, 0, FAKE_HV_UNMAP_APERTURE, base + 2 * PG));
	EXPECT(logged(&m, 1, FAKE_HV_UNPIN, G(2)));
	EXPECT(logged(&m, 2, FAKE_HV_UNMAP_APERTURE, base + 3 * PG));
	EXPECT(logged(&m, 3, FAKE_HV_UNPIN, G(3)));

	/* reset: the six still pinned, each unmapped before its unpin */
	fake_hv_log_reset(&m.hv);
	mutex_lock(&v->lock);
	gvt_ggtt_reset(v);
	mutex_unlock(&v->lock);
	ASSERT_EQ(m.hv.nlog, 12);
	for (i = 0; i < 12; i += 2) {
		EXPECT_EQ(m.hv.log[i].kind, FAKE_HV_UNMAP_APERTURE);
		EXPECT_EQ(m.hv.log[i + 1].kind, FAKE_HV_UNPIN);
		EXPECT_EQ(m.hv.log[i].gfn - base,
			  (m.hv.log[i + 1].gfn - G(0)) * PG);
	}

	/* detach with pages mapped: unmapped through the old ops */
	ggtt_wr(v, L, GPTE(G(1)));
	fake_hv_log_reset(&m.hv);
	fake_hv_detach(&m.hv);
	ASSERT_EQ(m.hv.nlog, 2);
	EXPECT(logged(&m, 0, FAKE_HV_UNMAP_APERTURE, base));
	EXPECT(logged(&m, 1, FAKE_HV_UNPIN, G(1)));
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}
