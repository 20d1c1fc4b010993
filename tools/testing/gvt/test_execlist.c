// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workload path end to end: ELSP -> context image -> ring copy ->
 * scan -> submit to the host -> completion -> HEAD write-back, CSB in the
 * guest's status page and RING_CSB, EXECLIST_STATUS, interrupts.
 */
#include "wl_env.h"

#define MI_NOOP			0x00000000
#define MI_USER_INTERRUPT	0x01000000
#define MI_ARB_CHECK		0x02800000
#define MI_FLUSH_DW		0x13000002	/* 4 dwords */

#define CSB_IDLE_ACTIVE		0x1
#define CSB_PREEMPTED		0x2
#define CSB_ELEMENT_SWITCH	0x4
#define CSB_ACTIVE_IDLE		0x8
#define CSB_COMPLETE		0x10
#define CSB_LITE_RESTORE	0x8000

/* The breadcrumb of an xCS request, as the 6.1 guest emits it. */
static const u32 xcs_request[] = {
	MI_FLUSH_DW, 0, 0, 0, MI_USER_INTERRUPT, MI_ARB_CHECK,
	MI_NOOP, MI_NOOP,
};

/*
 * The fini breadcrumb of a 6.1 request on @e: a post-sync write of @seqno
 * to the status page + 0x100 (GGTT), a user interrupt, padding.
 */
static unsigned int breadcrumb(struct wl_guest *g, enum gvt_engine e,
			       u32 seqno, u32 *out)
{
	u32 addr = wl_gm(g, WL_HWSP(e)) + 0x100;
	u32 rcs[] = {
		0x7a000004, 0x1104080, addr, 0, seqno, 0,
		MI_USER_INTERRUPT, MI_ARB_CHECK, MI_NOOP, MI_NOOP,
	};
	u32 xcs[] = {
		0x13004002, addr | 4, 0, seqno, MI_USER_INTERRUPT,
		MI_ARB_CHECK, MI_NOOP, MI_NOOP,
	};

	if (e == GVT_ENGINE_RCS) {
		memcpy(out, rcs, sizeof(rcs));
		return ARRAY_SIZE(rcs);
	}
	memcpy(out, xcs, sizeof(xcs));
	return ARRAY_SIZE(xcs);
}

static void expect_csb(struct wl_guest *g, enum gvt_engine e,
		       unsigned int i, u32 status, u32 ccid)
{
	u32 base = gvt_engine_base(e);

	EXPECT_EQ(wl_csb(g, e, i)[0], status);
	EXPECT_EQ(wl_csb(g, e, i)[1], ccid);
	/* The MMIO mirror holds the same. */
	EXPECT_EQ(rd32(g->v, base + GVT_RING_CSB + 8 * i), status);
	EXPECT_EQ(rd32(g->v, base + GVT_RING_CSB + 8 * i + 4), ccid);
}

/* One request per engine, completed inside submit, as at i915 init. */
TEST(execlist_one_request_each_engine)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		enum gvt_engine e = wl_engines[i];
		u32 base = gvt_engine_base(e);
		unsigned long msi = g.hv.msi_calls;
		struct fake_wl_rec *r = &d.gpu.rec[i];
		u32 req[16];
		unsigned int n = breadcrumb(&g, e, 1, req);

		wl_emit(&g, e, req, n);
		wl_elsp(&g, e, wl_kdesc(&g, e), 0);

		/* The host ran exactly the scanned ring segment. */
		ASSERT_EQ(d.gpu.nrec, i + 1);
		EXPECT_EQ(r->engine, e);
		EXPECT_EQ(r->vgpu_id, g.res.id);
		EXPECT_EQ(r->head, 0);
		EXPECT_EQ(r->tail, 4 * n);
		EXPECT_EQ(r->ring_start, wl_gm(&g, WL_RING(e)));
		EXPECT_EQ(r->lrca, wl_gm(&g, WL_CTX(e)));
		EXPECT_EQ(r->nr_bufs, 1);
		ASSERT_EQ(r->ndw, n);
		EXPECT(!memcmp(r->cmds, req, 4 * n));

		/* Idle to active, then the element completed: entries 0, 1. */
		expect_csb(&g, e, 0, CSB_IDLE_ACTIVE, 0);
		expect_csb(&g, e, 1, CSB_ACTIVE_IDLE | CSB_COMPLETE,
			   0x20 * (e + 1));
		EXPECT_EQ(wl_csb_wp(&g, e), 1);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_CSB_PTR) & 7, 1);
		/* HEAD = TAIL reached, written back into the image. */
		EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD),
			  4 * n);
		/* Idle again. */
		EXPECT_EQ(rd32(g.v, base + GVT_RING_EXECLIST_STATUS + 4), 0);
		/* User and context-switch interrupts, one MSI. */
		EXPECT_EQ(wl_engine_iir(&g, e), GVT_IRQ_USER |
			  GVT_IRQ_CTX_SWITCH);
		EXPECT_EQ(g.hv.msi_calls, msi + 1);
		EXPECT_EQ(g.hv.msi_addr, WL_MSI_ADDR);
		EXPECT_EQ(g.hv.msi_data, WL_MSI_DATA);
		/* The guest's interrupt handler. */
		wr32(g.v, GVT_REG_MASTER_IRQ, 0);
		wl_ack_irqs(&g);
		wr32(g.v, GVT_REG_MASTER_IRQ, GVT_MASTER_IRQ_ENABLE);
		EXPECT_EQ(rd32(g.v, GVT_REG_MASTER_IRQ), GVT_MASTER_IRQ_ENABLE);
	}
	/* A second request on each engine continues at the old TAIL. */
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		enum gvt_engine e = wl_engines[i];
		u32 req[16];
		unsigned int n = breadcrumb(&g, e, 2, req);

		wl_emit(&g, e, req, n);
		wl_elsp(&g, e, wl_kdesc(&g, e), 0);
		ASSERT_EQ(d.gpu.nrec, 4 + i + 1);
		EXPECT_EQ(d.gpu.rec[4 + i].head, 4 * n);
		EXPECT_EQ(d.gpu.rec[4 + i].tail, 2 * 4 * n);
		expect_csb(&g, e, 2, CSB_IDLE_ACTIVE, 0);
		expect_csb(&g, e, 3, CSB_ACTIVE_IDLE | CSB_COMPLETE,
			   0x20 * (e + 1));
		EXPECT_EQ(wl_csb_wp(&g, e), 3);
	}
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(g.v->counters.workloads_done, 8);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* The write pointer wraps after six entries; 7 (hardware reset) -> 0. */
TEST(execlist_csb_wraps)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int n;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (n = 0; n < 4; n++) {
		wl_emit(&g, GVT_ENGINE_BCS, xcs_request, 4);
		wl_elsp(&g, GVT_ENGINE_BCS, wl_kdesc(&g, GVT_ENGINE_BCS), 0);
	}
	/* 8 events: entries 0..5, then 0 and 1 again. */
	EXPECT_EQ(wl_csb_wp(&g, GVT_ENGINE_BCS), 1);
	expect_csb(&g, GVT_ENGINE_BCS, 0, CSB_IDLE_ACTIVE, 0);
	expect_csb(&g, GVT_ENGINE_BCS, 1, CSB_ACTIVE_IDLE | CSB_COMPLETE,
		   0x20 * (GVT_ENGINE_BCS + 1));
	wr32(g.v, BCS_BASE + GVT_RING_CSB_PTR, 0x00070007);
	wl_emit(&g, GVT_ENGINE_BCS, xcs_request, 4);
	wl_elsp(&g, GVT_ENGINE_BCS, wl_kdesc(&g, GVT_ENGINE_BCS), 0);
	EXPECT_EQ(wl_csb_wp(&g, GVT_ENGINE_BCS), 1);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* Two ports: element switch, then active-to-idle of the second. */
TEST(execlist_two_ports)
{
	u64 d0, d1;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	wl_emit(&g, GVT_ENGINE_RCS, xcs_request + 4, 4);
	wl_emit2(&g, xcs_request + 4, 2);
	d0 = wl_kdesc(&g, GVT_ENGINE_RCS);
	d1 = wl_desc(&g, WL_CTX2, 0x60);
	wl_elsp(&g, GVT_ENGINE_RCS, d0, d1);
	ASSERT_EQ(d.gpu.nrec, 2);
	EXPECT_EQ(d.gpu.rec[0].lrca, wl_gm(&g, WL_CTX(GVT_ENGINE_RCS)));
	EXPECT_EQ(d.gpu.rec[1].lrca, wl_gm(&g, WL_CTX2));
	EXPECT_EQ(d.gpu.rec[1].tail, 8);
	expect_csb(&g, GVT_ENGINE_RCS, 0, CSB_IDLE_ACTIVE, 0);
	expect_csb(&g, GVT_ENGINE_RCS, 1, CSB_ELEMENT_SWITCH | CSB_COMPLETE,
		   0x20);
	expect_csb(&g, GVT_ENGINE_RCS, 2, CSB_ACTIVE_IDLE | CSB_COMPLETE,
		   0x60);
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX2, GVT_CTX_RING_HEAD), 8);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * An asynchronous host: nothing but IDLE_ACTIVE until the workload
 * completes, and the completion is only processed by the core's work.
 */
TEST(execlist_async_completion)
{
	const enum gvt_engine e = GVT_ENGINE_VECS;
	u32 base = gvt_engine_base(e);
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	d.gpu.ticks = 1000;
	wl_emit(&g, e, xcs_request, ARRAY_SIZE(xcs_request));
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	ASSERT(d.gpu.inflight[e]);
	EXPECT_EQ(wl_csb_wp(&g, e), 0);
	EXPECT_EQ(rd32(g.v, base + GVT_RING_EXECLIST_STATUS + 4),
		  0x20 * (e + 1));
	EXPECT_EQ(rd32(g.v, base + GVT_RING_MI_MODE) & GVT_MI_MODE_IDLE, 0);
	fake_gpu_complete(&d.gpu, e, 0);
	/* Queued, not processed: the core's work item runs it. */
	EXPECT_EQ(wl_csb_wp(&g, e), 0);
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD), 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(wl_csb_wp(&g, e), 1);
	expect_csb(&g, e, 1, CSB_ACTIVE_IDLE | CSB_COMPLETE, 0x20 * (e + 1));
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD),
		  sizeof(xcs_request));
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_TIMESTAMP), 1000);
	EXPECT(rd32(g.v, base + GVT_RING_MI_MODE) & GVT_MI_MODE_IDLE);
	EXPECT_EQ(g.v->counters.sched_ticks, 1000);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * Lite restore: the running context resubmitted with a moved TAIL. The
 * ELSP is acknowledged at once (preempted + lite restore); the running
 * workload ends silently; the next one starts at the HEAD it reached.
 */
TEST(execlist_lite_restore)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct wl_guest g;
	struct wl_dev d;
	u64 desc;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	desc = wl_kdesc(&g, e);
	wl_emit(&g, e, xcs_request + 4, 4);
	wl_elsp(&g, e, desc, 0);
	ASSERT(d.gpu.inflight[e]);
	/* The guest adds a request and rewrites its image's HEAD. */
	wl_emit(&g, e, xcs_request + 4, 4);
	*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD) = 0x800;
	wl_elsp(&g, e, desc, 0);
	expect_csb(&g, e, 1, CSB_PREEMPTED | CSB_LITE_RESTORE, 0x20);
	EXPECT_EQ(d.gpu.nrec, 1);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	/* No event for the replaced element; the rest runs from 16. */
	EXPECT_EQ(wl_csb_wp(&g, e), 1);
	ASSERT_EQ(d.gpu.nrec, 2);
	EXPECT_EQ(d.gpu.rec[1].head, 16);
	EXPECT_EQ(d.gpu.rec[1].tail, 32);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(wl_csb_wp(&g, e), 2);
	expect_csb(&g, e, 2, CSB_ACTIVE_IDLE | CSB_COMPLETE, 0x20);
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD), 32);
	/* FORCE_RESTORE while busy: preempted, no lite restore. */
	wl_emit(&g, e, xcs_request + 4, 4);
	wl_elsp(&g, e, desc, 0);
	wl_emit(&g, e, xcs_request + 4, 4);
	wl_elsp(&g, e, desc | GVT_DESC_FORCE_RESTORE, 0);
	expect_csb(&g, e, 4, CSB_PREEMPTED, 0x20);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	/* The next workload took HEAD from the image, as written back. */
	ASSERT_EQ(d.gpu.nrec, 4);
	EXPECT_EQ(d.gpu.rec[3].head, 48);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD), 64);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* What runs is the scanned copy: a later guest rewrite changes nothing. */
TEST(execlist_runs_the_copy)
{
	const enum gvt_engine e = GVT_ENGINE_BCS;
	struct gvt_workload *wl;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	wl_emit(&g, e, xcs_request, ARRAY_SIZE(xcs_request));
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	wl = d.gpu.inflight[e];
	ASSERT(wl);
	/* A register write the scanner would refuse, after the scan. */
	wl_page(&g, WL_RING(e))[0] = 0x11000001;
	wl_page(&g, WL_RING(e))[1] = 0x2030;
	ASSERT_EQ(wl->bufs[0].ndw, ARRAY_SIZE(xcs_request));
	EXPECT(!memcmp(wl->bufs[0].cmds, xcs_request, sizeof(xcs_request)));
	EXPECT(wl->bufs[0].cmds != wl_page(&g, WL_RING(e)));
	EXPECT_EQ(wl->bufs[0].kind, GVT_WL_BUF_RING);
	EXPECT_EQ(wl->bufs[0].parent, -1);
	EXPECT(wl->privileged);
	EXPECT_EQ(wl->addressing_mode, GVT_WL_ADDR_LEGACY_64);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* An empty segment (HEAD == TAIL) completes without the host. */
TEST(execlist_empty_segment)
{
	const enum gvt_engine e = GVT_ENGINE_VCS;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	EXPECT_EQ(d.gpu.nrec, 0);
	EXPECT_EQ(wl_csb_wp(&g, e), 1);
	expect_csb(&g, e, 1, CSB_ACTIVE_IDLE | CSB_COMPLETE, 0x20 * (e + 1));
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* A partial ELSP (three dwords) submits nothing. */
TEST(execlist_partial_elsp)
{
	u32 elsp = RCS_BASE + GVT_RING_ELSP;
	struct wl_guest g;
	struct wl_dev d;
	u64 desc;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	desc = wl_kdesc(&g, GVT_ENGINE_RCS);
	wl_emit(&g, GVT_ENGINE_RCS, xcs_request + 4, 4);
	wr32(g.v, elsp, 0);
	wr32(g.v, elsp, 0);
	wr32(g.v, elsp, desc >> 32);
	EXPECT_EQ(g.v->counters.elsp_submits, 0);
	EXPECT_EQ(wl_csb_wp(&g, GVT_ENGINE_RCS), 5);
	wr32(g.v, elsp, (u32)desc);
	EXPECT_EQ(g.v->counters.elsp_submits, 1);
	EXPECT_EQ(d.gpu.nrec, 1);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
