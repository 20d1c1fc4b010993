// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scratch pages of the GGTT: with a backend that runs workloads (and so
 * gives the core GPU pages), every entry of a vGPU's partition that maps
 * no guest frame maps a page of that vGPU alone, because the GPU writes
 * through such entries (Gen9's GGTT has no read-only bit). Entries no
 * vGPU owns map the host's scratch page.
 */
#include "wl_env.h"

static u64 host_pte(struct wl_dev *d, u64 index)
{
	return d->gpu.t.host.ggtt[index];
}

TEST(scratch_page_per_vgpu)
{
	struct wl_guest a, b;
	struct wl_dev d;
	u64 ia, ib, ha, n;
	unsigned long live;

	wl_dev_init(&d, 512, true);
	live = d.gpu.pages_live;
	wl_guest_init(&a, &d, "GVTg_V5_8", 0);
	wl_guest_init(&b, &d, "GVTg_V5_8", WL_GUEST_PAGES);
	/* One page each (the device's PPGTT scratch comes with PPGTTs). */
	EXPECT_EQ(d.gpu.pages_live, live + 2);
	ASSERT(a.v->gtt_scratch_pte & GVT_GGTT_PTE_PRESENT);
	ASSERT(b.v->gtt_scratch_pte & GVT_GGTT_PTE_PRESENT);
	EXPECT(a.v->gtt_scratch_pte != b.v->gtt_scratch_pte);
	EXPECT(a.v->gtt_scratch_pte != FAKE_SCRATCH_PTE);
	/* A GPU page of the backend's, zeroed. */
	EXPECT(fake_gpu_page(&d.gpu, a.v->gtt_scratch_pte &
			     GVT_GGTT_PTE_ADDR_MASK));

	/* Entries the guest never mapped: its own scratch page. */
	ia = PAGES(a.res.low_gm_base) + WL_GUEST_PAGES;
	ib = PAGES(b.res.low_gm_base) + WL_GUEST_PAGES;
	ha = PAGES(a.res.high_gm_base);
	EXPECT_EQ(host_pte(&d, ia), a.v->gtt_scratch_pte);
	EXPECT_EQ(host_pte(&d, ha), a.v->gtt_scratch_pte);
	EXPECT_EQ(host_pte(&d, ib), b.v->gtt_scratch_pte);
	for (n = 0; n < PAGES(a.res.high_gm_size); n++)
		if (host_pte(&d, ha + n) != a.v->gtt_scratch_pte)
			break;
	EXPECT_EQ(n, PAGES(a.res.high_gm_size));

	/* A mapped entry set to not present goes back to it, not the host's. */
	ggtt_wr(a.v, PAGES(a.res.low_gm_base), 0);
	EXPECT_EQ(host_pte(&d, PAGES(a.res.low_gm_base)),
		  a.v->gtt_scratch_pte);
	/* So does every entry after a device reset. */
	ggtt_wr(a.v, PAGES(a.res.low_gm_base) + 1, GPTE(MTEST_GFN(1)));
	gvt_vgpu_reset(a.v);
	EXPECT_EQ(host_pte(&d, PAGES(a.res.low_gm_base) + 1),
		  a.v->gtt_scratch_pte);

	/* Destroyed: the partition maps the host's page, the page is freed. */
	wl_guest_fini(&a);
	EXPECT_EQ(host_pte(&d, ia), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_pte(&d, ha), FAKE_SCRATCH_PTE);
	EXPECT_EQ(d.gpu.pages_live, live + 1);
	EXPECT_EQ(host_pte(&d, ib), b.v->gtt_scratch_pte);
	wl_guest_fini(&b);
	EXPECT_EQ(d.gpu.pages_live, live);
	wl_dev_fini(&d);
}

/* Without GPU pages from the backend, the host's scratch page stays. */
TEST(scratch_page_host_without_gpu_pages)
{
	struct gvt_vgpu *v;
	struct tdev t;

	tdev_new(&t, 256, 4096, 32, true);
	v = vgpu_new(t.gvt, tdev_type(t.gvt, "GVTg_V5_8"));
	EXPECT_EQ(v->gtt_scratch_pte, 0);
	EXPECT(!v->gtt_scratch);
	EXPECT_EQ(t.host.ggtt[PAGES(v->low.start)], FAKE_SCRATCH_PTE);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}
