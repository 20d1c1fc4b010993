// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shadow PPGTT against a model walker: the guest builds 4-level
 * tables with 4 KiB and 64 KiB entries and a read-only page; the shadow
 * the host gets must translate every address to the host address of the
 * frame the guest mapped, keep RW=0, map scratch where the guest mapped
 * nothing, follow the guest's changes (reported writes with tracking,
 * re-validation without) and release every pin.
 */
#include "wl_env.h"

#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PDE_IPS_64K	BIT_ULL(11)
#define PTE_ADDR	0x0000007ffffff000ULL	/* guest entries */
#define SPTE_ADDR	0x00003ffffffff000ULL	/* shadow entries */

/* Guest pages of the tables and the data. */
#define PG_PML4		24
#define PG_PDP		25
#define PG_PD		26
#define PG_PT		27
#define PG_PT64		28
#define PG_A		29	/* va 0x1000, RW; a batch buffer */
#define PG_B		30	/* va 0x2000, read-only */
#define PG_C		31	/* spare */
#define PG_64K		48	/* 16 frames at va 0x200000 */

#define VA_A		0x1000ULL
#define VA_B		0x2000ULL
#define VA_64K		0x200000ULL
#define VA_HOLE		0x5000ULL	/* PT entry not present */
#define VA_FAR		0x40000000ULL	/* PDP entry not present */

static u64 gpte(unsigned int page, u64 flags)
{
	return (MTEST_GFN(page) << GVT_GTT_PAGE_SHIFT) | flags;
}

static u64 *table(struct wl_guest *g, unsigned int page)
{
	return (u64 *)wl_page(g, page);
}

/* The guest's tables, and PDP0 of the RCS kernel context pointing there. */
static void build_tables(struct wl_guest *g)
{
	unsigned int k;

	for (k = PG_PML4; k <= PG_PT64; k++)
		memset(table(g, k), 0, 4096);
	table(g, PG_PML4)[0] = gpte(PG_PDP, PTE_P | PTE_RW);
	table(g, PG_PDP)[0] = gpte(PG_PD, PTE_P | PTE_RW);
	table(g, PG_PD)[0] = gpte(PG_PT, PTE_P | PTE_RW);
	table(g, PG_PD)[1] = gpte(PG_PT64, PTE_P | PTE_RW | PDE_IPS_64K);
	table(g, PG_PT)[1] = gpte(PG_A, PTE_P | PTE_RW);
	table(g, PG_PT)[2] = gpte(PG_B, PTE_P);
	/* Only entry 16 n of a 64 KiB PT counts; the rest is left stale. */
	table(g, PG_PT64)[0] = gpte(PG_64K, PTE_P | PTE_RW);
	for (k = 1; k < 16; k++)
		table(g, PG_PT64)[k] = gpte(PG_C, PTE_P | PTE_RW);
	*wl_ctx_reg(g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_PDP0_LDW) =
		(u32)gpte(PG_PML4, 0);
	*wl_ctx_reg(g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_PDP0_UDW) =
		gpte(PG_PML4, 0) >> 32;
}

/* The model: the guest frame (page index) behind @va, or -1. */
static int model_walk(struct wl_guest *g, u64 va, bool *rw)
{
	u64 e = table(g, PG_PML4)[(va >> 39) & 511];
	unsigned int level;
	bool ips = false;
	u64 gfn;

	for (level = 2; level >= 1; level--) {
		if (!(e & PTE_P))
			return -1;
		e = ((u64 *)fake_hv_page(&g->hv, (e & PTE_ADDR) >> 12))
			[(va >> (12 + 9 * level)) & 511];
		ips = level == 1 && (e & PDE_IPS_64K);
	}
	if (!(e & PTE_P))
		return -1;
	if (ips) {
		e = ((u64 *)fake_hv_page(&g->hv, (e & PTE_ADDR) >> 12))
			[16 * ((va >> 16) & 31)];
		if (!(e & PTE_P))
			return -1;
		gfn = ((e & 0x7fffff0000ULL) >> 12) + ((va >> 12) & 15);
	} else {
		e = ((u64 *)fake_hv_page(&g->hv, (e & PTE_ADDR) >> 12))
			[(va >> 12) & 511];
		if (!(e & PTE_P))
			return -1;
		gfn = (e & PTE_ADDR) >> 12;
	}
	*rw = e & PTE_RW;
	return gfn - MTEST_GFN_BASE;
}

/* The GPU's view: walk the shadow from @root; the leaf entry. */
static u64 shadow_walk(struct wl_dev *d, u64 root, u64 va)
{
	u64 bus = root, e = 0;
	int level;

	for (level = 3; level >= 0; level--) {
		u64 *t = fake_gpu_page(&d->gpu, bus);

		if (!t)
			FAIL("level %d table at 0x%llx is no GPU page", level,
			     (unsigned long long)bus);
		e = t[(va >> (12 + 9 * level)) & 511];
		if (!(e & PTE_P))
			FAIL("va 0x%llx: level %d entry not present",
			     (unsigned long long)va, level);
		bus = e & SPTE_ADDR;
	}
	return e;
}

/* Every page of the interesting ranges translates as the model says. */
static void check_against_model(struct wl_guest *g, struct wl_dev *d,
				u64 root)
{
	static const u64 vas[] = {
		0, VA_A, VA_B, VA_HOLE, VA_FAR, VA_64K, VA_64K + 0x5000,
		VA_64K + 0xf000, VA_64K + 0x10000, 0x7fff000ULL << 12,
	};
	u64 scratch = 0, e;
	unsigned int i;
	bool rw;
	int k;

	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		e = shadow_walk(d, root, vas[i]);
		k = model_walk(g, vas[i], &rw);
		if (k < 0) {
			/* Scratch: one read-only zero page for every hole. */
			if (!scratch)
				scratch = e & SPTE_ADDR;
			EXPECT_EQ(e & SPTE_ADDR, scratch);
			EXPECT_EQ(e & PTE_RW, 0);
			continue;
		}
		EXPECT_EQ(e & SPTE_ADDR, fake_hv_addr(&g->hv, MTEST_GFN(k)));
		EXPECT_EQ(!!(e & PTE_RW), rw);
	}
	ASSERT(scratch);
	e = *(u64 *)fake_gpu_page(&d->gpu, scratch);
	EXPECT_EQ(e, 0);
}

/* The request: a PPGTT batch at VA_A (MI_NOOP, MI_BATCH_BUFFER_END). */
static void submit_batch(struct wl_guest *g)
{
	static const u32 ring[] = { 0x18800101, VA_A, 0, 0 };

	wl_page(g, PG_A)[0] = 0;
	wl_page(g, PG_A)[1] = 0x05000000;
	wl_emit(g, GVT_ENGINE_RCS, ring, ARRAY_SIZE(ring));
	wl_elsp(g, GVT_ENGINE_RCS, wl_kdesc(g, GVT_ENGINE_RCS), 0);
}

static void complete(struct wl_dev *d)
{
	fake_gpu_complete(&d->gpu, GVT_ENGINE_RCS, 0);
	gvt_sched_work(d->gvt);
}

TEST(ppgtt_shadow_matches_model)
{
	struct gvt_workload *wl;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	submit_batch(&g);
	wl = d.gpu.inflight[GVT_ENGINE_RCS];
	ASSERT(wl);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
	ASSERT(wl->ppgtt_root);
	check_against_model(&g, &d, wl->ppgtt_root);
	/* The batch was read through the guest's PPGTT and shadowed. */
	ASSERT_EQ(wl->nr_bufs, 2);
	EXPECT(wl->bufs[1].ppgtt);
	EXPECT_EQ(wl->bufs[1].gma, VA_A);
	EXPECT_EQ(wl->bufs[1].parent, 0);
	EXPECT_EQ(wl->bufs[1].start_dw, 0);
	EXPECT_EQ(wl->bufs[1].kind, GVT_WL_BUF_BATCH);
	ASSERT_EQ(wl->bufs[1].ndw, 2);
	EXPECT_EQ(wl->bufs[1].cmds[1], 0x05000000);
	/* Every guest table is write-protected, leaves pinned once more. */
	EXPECT_EQ(fake_hv_tracked(&g.hv), 5);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_A)), 2);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_64K + 5)), 2);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_C)), 1);
	complete(&d);
	EXPECT_EQ(wl_csb_wp(&g, GVT_ENGINE_RCS), 1);
	/* Destroying the vGPU releases pins, tracking and shadow pages. */
	wl_guest_fini(&g);
	EXPECT_EQ(d.gpu.pages_live, 4);		/* the device's scratch */
	wl_dev_fini(&d);
}

/* Without page tracking the shadow is re-validated at each submission. */
TEST(ppgtt_revalidated_without_tracking)
{
	struct wl_guest g;
	struct wl_dev d;
	u64 root;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	g.hv.track_fail = true;
	build_tables(&g);
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 0);
	complete(&d);
	/* The guest moves VA_B to another frame and makes it writable. */
	table(&g, PG_PT)[2] = gpte(PG_C, PTE_P | PTE_RW);
	table(&g, PG_PT)[1] = 0;
	wl_page(&g, PG_B)[0] = 0;
	submit_batch(&g);
	/* VA_A is unmapped now: the batch cannot be read, failsafe. */
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_GUEST_ERR);
	wl_guest_fini(&g);
	wl_dev_fini(&d);

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	g.hv.track_fail = true;
	build_tables(&g);
	submit_batch(&g);
	complete(&d);
	table(&g, PG_PT)[2] = gpte(PG_C, PTE_P | PTE_RW);
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	root = d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root;
	check_against_model(&g, &d, root);
	EXPECT_EQ(shadow_walk(&d, root, VA_B) & SPTE_ADDR,
		  fake_hv_addr(&g.hv, MTEST_GFN(PG_C)));
	/* The old frame's pin is gone, the new one's taken. */
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_B)), 1);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_C)), 2);
	complete(&d);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * With tracking, a change the frontend did not report is not seen (the
 * core trusts the write protection); a reported one is.
 */
TEST(ppgtt_invalidated_by_reported_writes)
{
	struct wl_guest g;
	struct wl_dev d;
	u64 root, pte;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	submit_batch(&g);
	complete(&d);
	table(&g, PG_PT)[2] = gpte(PG_C, PTE_P);
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	root = d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root;
	EXPECT_EQ(shadow_walk(&d, root, VA_B) & SPTE_ADDR,
		  fake_hv_addr(&g.hv, MTEST_GFN(PG_B)));
	complete(&d);
	pte = table(&g, PG_PT)[2];
	gvt_vgpu_page_written(g.v, (MTEST_GFN(PG_PT) << 12) + 16, &pte, 8);
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	root = d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root;
	check_against_model(&g, &d, root);
	EXPECT_EQ(shadow_walk(&d, root, VA_B) & SPTE_ADDR,
		  fake_hv_addr(&g.hv, MTEST_GFN(PG_C)));
	/* A write to a frame no shadow uses changes nothing. */
	gvt_vgpu_page_written(g.v, MTEST_GFN(PG_C) << 12, &pte, 8);
	complete(&d);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* The shadow in use is never changed under the GPU: a new one is built. */
TEST(ppgtt_in_use_is_not_rewritten)
{
	static const u32 ring[] = { 0x01000000, 0 };
	struct wl_guest g;
	struct wl_dev d;
	u64 root0, e0;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	/* BCS shares the kernel VM. */
	*wl_ctx_reg(&g, WL_CTX(GVT_ENGINE_BCS), GVT_CTX_PDP0_LDW) =
		(u32)gpte(PG_PML4, 0);
	*wl_ctx_reg(&g, WL_CTX(GVT_ENGINE_BCS), GVT_CTX_PDP0_UDW) =
		gpte(PG_PML4, 0) >> 32;
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	root0 = d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root;
	e0 = shadow_walk(&d, root0, VA_B);
	table(&g, PG_PT)[2] = gpte(PG_C, PTE_P);
	gvt_vgpu_page_written(g.v, (MTEST_GFN(PG_PT) << 12) + 16,
			      &table(&g, PG_PT)[2], 8);
	wl_emit(&g, GVT_ENGINE_BCS, ring, 2);
	wl_elsp(&g, GVT_ENGINE_BCS, wl_kdesc(&g, GVT_ENGINE_BCS), 0);
	ASSERT(d.gpu.inflight[GVT_ENGINE_BCS]);
	EXPECT(d.gpu.inflight[GVT_ENGINE_BCS]->ppgtt_root != root0);
	/* The RCS workload's shadow still maps the old frame, pinned. */
	EXPECT_EQ(shadow_walk(&d, root0, VA_B), e0);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_B)), 2);
	check_against_model(&g, &d,
			    d.gpu.inflight[GVT_ENGINE_BCS]->ppgtt_root);
	complete(&d);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_B)), 1);
	fake_gpu_complete(&d.gpu, GVT_ENGINE_BCS, 0);
	gvt_sched_work(d.gvt);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* No GPU-visible pages: PPGTT batches are refused, GGTT work runs. */
TEST(ppgtt_host_without_pages)
{
	struct gvt_host_ops ops = fake_gpu_ops;
	struct wl_guest g;
	struct wl_dev d;

	ops.alloc_gpu_page = NULL;
	ops.free_gpu_page = NULL;
	memset(&d, 0, sizeof(d));
	fake_host_init(&d.gpu.t.host, 256, 4096, 32, true);
	d.gvt = tdev_start(&d.gpu.t, &ops);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	submit_batch(&g);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_GUEST_ERR);
	EXPECT_EQ(d.gpu.nrec, 0);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * i915 points every unused entry at its scratch tables: a table that many
 * entries share is shadowed once (without sharing this is 512^3 tables).
 */
TEST(ppgtt_shared_tables_shadowed_once)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	/* Pages 32, 33, 34: scratch PDP, PD, PT; 35 the scratch page. */
	for (i = 0; i < 512; i++) {
		table(&g, 32)[i] = gpte(33, PTE_P | PTE_RW);
		table(&g, 33)[i] = gpte(34, PTE_P | PTE_RW);
		table(&g, 34)[i] = gpte(35, PTE_P | PTE_RW);
	}
	for (i = 1; i < 512; i++)
		table(&g, PG_PML4)[i] = gpte(32, PTE_P | PTE_RW);
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	/*
	 * 5 guest tables + 3 scratch tables, the device's 4 and the vGPU's
	 * GGTT scratch page.
	 */
	EXPECT_EQ(d.gpu.pages_live, 8 + 4 + 1);
	check_against_model(&g, &d, d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(35)), 1 + 512);
	complete(&d);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* The guest's i915 names the PML4 of a PPGTT it destroys in pdp[0]. */
static void notify_destroyed(struct wl_guest *g, unsigned int pml4)
{
	wr32(g->v, PV_PDP, (u32)gpte(pml4, 0));
	wr32(g->v, PV_PDP + 4, gpte(pml4, 0) >> 32);
	wr32(g->v, PV_G2V_NOTIFY, 5);	/* VGT_G2V_PPGTT_L4_PAGE_TABLE_DESTROY */
}

/*
 * A PPGTT the guest says it destroyed stops being tracked at once (its
 * frames are reused for anything, every write to them a trap), or when
 * its last workload completes; the same root used again is shadowed
 * anew. Other roots and other notifications keep the cache.
 */
TEST(ppgtt_destroy_notification_drops_the_shadow)
{
	struct wl_guest g;
	struct wl_dev d;
	int live;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	build_tables(&g);
	/* what stays: the vGPU's pages and, from the first shadow, 4 scratch */
	live = d.gpu.pages_live + 4;
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	complete(&d);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 5);
	/* Another root, a create and an execlist notification: no change. */
	notify_destroyed(&g, PG_PD);
	wr32(g.v, PV_PDP, (u32)gpte(PG_PML4, 0));
	wr32(g.v, PV_G2V_NOTIFY, 4);
	wr32(g.v, PV_G2V_NOTIFY, 7);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 5);
	notify_destroyed(&g, PG_PML4);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 0);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_A)), 1);
	EXPECT_EQ(d.gpu.pages_live, live);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);

	/* Used again: a new shadow; destroyed while in flight: kept until done. */
	submit_batch(&g);
	ASSERT(d.gpu.inflight[GVT_ENGINE_RCS]);
	check_against_model(&g, &d, d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 5);
	notify_destroyed(&g, PG_PML4);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 5);
	check_against_model(&g, &d, d.gpu.inflight[GVT_ENGINE_RCS]->ppgtt_root);
	complete(&d);
	EXPECT(!d.gpu.inflight[GVT_ENGINE_RCS]);
	EXPECT_EQ(fake_hv_tracked(&g.hv), 0);
	EXPECT_EQ(fake_hv_pins(&g.hv, MTEST_GFN(PG_A)), 1);
	EXPECT_EQ(d.gpu.pages_live, live);
	/* A second destroy of a root no longer cached is harmless. */
	notify_destroyed(&g, PG_PML4);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
