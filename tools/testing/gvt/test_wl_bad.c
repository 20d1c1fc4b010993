// SPDX-License-Identifier: GPL-2.0-only
/*
 * A hostile guest on the workload path: bad descriptors, contexts and
 * rings outside the partition, refused commands, errors and resets while
 * a workload runs. The vGPU gets the hardware's error or failsafe with a
 * reason; nothing reaches the host; its pins are released; a second vGPU
 * on the same GPU keeps working.
 */
#include "wl_env.h"

#define MI_USER_INTERRUPT	0x01000000
#define MI_NOOP			0x00000000

static const u32 ok_req[] = { MI_USER_INTERRUPT, MI_NOOP };

struct bad_env {
	struct wl_dev d;
	struct wl_guest g;	/* the hostile one */
	struct wl_guest h;	/* a bystander */
};

static void bad_init(struct bad_env *b, bool sync)
{
	wl_dev_init(&b->d, 512, sync);
	wl_guest_init(&b->g, &b->d, "GVTg_V5_8", 0);
	wl_guest_init(&b->h, &b->d, "GVTg_V5_8", WL_GUEST_PAGES);
}

/* The bystander still runs a request end to end. */
static void bystander_runs(struct bad_env *b)
{
	const enum gvt_engine e = GVT_ENGINE_BCS;
	unsigned long done = b->h.v->counters.workloads_done;

	wl_emit(&b->h, e, ok_req, ARRAY_SIZE(ok_req));
	wl_elsp(&b->h, e, wl_kdesc(&b->h, e), 0);
	if (!b->d.gpu.sync) {
		fake_gpu_complete(&b->d.gpu, e, 0);
		gvt_sched_work(b->d.gvt);
	}
	EXPECT_EQ(b->h.v->counters.workloads_done, done + 1);
	EXPECT_EQ(b->h.v->failsafe, GVT_FAILSAFE_NONE);
}

static void bad_fini(struct bad_env *b)
{
	wl_guest_fini(&b->g);
	wl_guest_fini(&b->h);
	wl_dev_fini(&b->d);
}

/* Submit @desc on RCS; expect failsafe with @reason and no submission. */
static void expect_refused(struct bad_env *b, u64 desc, const char *reason)
{
	unsigned long before = b->d.gpu.nrec;
	struct gvt_vgpu_stats st;

	wl_elsp(&b->g, GVT_ENGINE_RCS, desc, 0);
	EXPECT_EQ(b->d.gpu.nrec, before);
	EXPECT_EQ(b->g.v->failsafe, GVT_FAILSAFE_GUEST_ERR);
	gvt_vgpu_stats(b->g.v, &st);
	if (!st.fail_reason || strcmp(st.fail_reason, reason))
		FAIL("reason \"%s\", want \"%s\"",
		     st.fail_reason ? st.fail_reason : "(none)", reason);
	/* No GGTT pin beyond the guest's own entries, none leaked later. */
	EXPECT_EQ(fake_hv_pinned(&b->g.hv), WL_GUEST_PAGES);
}

TEST(wl_bad_descriptor_without_privilege)
{
	struct bad_env b;

	bad_init(&b, true);
	wl_emit(&b.g, GVT_ENGINE_RCS, ok_req, 2);
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS) &
		       ~GVT_DESC_PRIVILEGE,
		       "context descriptor without the privilege bit");
	bystander_runs(&b);
	bad_fini(&b);
}

TEST(wl_bad_descriptor_addressing_mode)
{
	struct bad_env b;

	bad_init(&b, true);
	wl_emit(&b.g, GVT_ENGINE_RCS, ok_req, 2);
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS) & ~(1ULL << 4),
		       "context descriptor not in 4-level PPGTT mode");
	bystander_runs(&b);
	bad_fini(&b);
}

TEST(wl_bad_port0_empty)
{
	struct bad_env b;

	bad_init(&b, true);
	expect_refused(&b, 0, "ELSP submission with an empty port 0");
	bystander_runs(&b);
	bad_fini(&b);
}

/* A context in the bystander's memory, or in the host's. */
TEST(wl_bad_context_outside_partition)
{
	struct bad_env b;
	u64 desc;

	bad_init(&b, true);
	desc = wl_kdesc(&b.g, GVT_ENGINE_RCS) & ~0xfffff000ULL;
	desc |= wl_gm(&b.h, WL_CTX(GVT_ENGINE_RCS));
	expect_refused(&b, desc,
		       "context image outside the vGPU's graphics memory");
	bystander_runs(&b);
	bad_fini(&b);

	bad_init(&b, true);
	desc = wl_kdesc(&b.g, GVT_ENGINE_RCS) & ~0xfffff000ULL;
	expect_refused(&b, desc | 0x1000,
		       "context image outside the vGPU's graphics memory");
	bad_fini(&b);
}

/* The image's ring in the bystander's memory. */
TEST(wl_bad_ring_outside_partition)
{
	struct bad_env b;

	bad_init(&b, true);
	wl_emit(&b.g, GVT_ENGINE_RCS, ok_req, 2);
	*wl_ctx_reg(&b.g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_RING_START) =
		wl_gm(&b.h, WL_RING(GVT_ENGINE_RCS));
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS),
		       "ring outside the vGPU's graphics memory");
	bystander_runs(&b);
	bad_fini(&b);

	/* A ring that starts inside but ends beyond the partition. */
	bad_init(&b, true);
	*wl_ctx_reg(&b.g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_RING_START) =
		b.g.res.low_gm_base + b.g.res.low_gm_size - 4096;
	*wl_ctx_reg(&b.g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_RING_CTL) =
		0x1000 | 1;
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS),
		       "ring outside the vGPU's graphics memory");
	bad_fini(&b);
}

TEST(wl_bad_ring_tail_beyond_ring)
{
	struct bad_env b;

	bad_init(&b, true);
	*wl_ctx_reg(&b.g, WL_CTX(GVT_ENGINE_RCS), GVT_CTX_RING_TAIL) = 0x2000;
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS),
		       "ring HEAD or TAIL beyond the ring");
	bad_fini(&b);
}

/* An LRI to RING_TAIL: refused by the scanner, with its rule. */
TEST(wl_bad_command_refused)
{
	static const u32 lri[] = { 0x11000001, 0x2030, 0, MI_NOOP };
	struct bad_env b;

	bad_init(&b, true);
	wl_emit(&b.g, GVT_ENGINE_RCS, lri, ARRAY_SIZE(lri));
	expect_refused(&b, wl_kdesc(&b.g, GVT_ENGINE_RCS),
		       "register not allowed");
	/* debugfs shows the command too. */
	EXPECT(b.g.v->fail_cmd &&
	       !strcmp(b.g.v->fail_cmd, "MI_LOAD_REGISTER_IMM"));
	EXPECT_EQ(b.g.v->fail_dw[0], 0x11000001);
	EXPECT_EQ(b.g.v->fail_gma, wl_gm(&b.g, WL_RING(GVT_ENGINE_RCS)));
	bystander_runs(&b);
	/* Failsafe: further submissions do nothing. */
	wl_emit(&b.g, GVT_ENGINE_BCS, ok_req, 2);
	wl_elsp(&b.g, GVT_ENGINE_BCS, wl_kdesc(&b.g, GVT_ENGINE_BCS), 0);
	EXPECT_EQ(b.g.v->counters.workloads, 0);
	bad_fini(&b);
}

/* A failsafe entry cancels the vGPU's workloads in flight elsewhere. */
TEST(wl_bad_failsafe_cancels_inflight)
{
	static const u32 lri[] = { 0x11000001, 0x2030, 0, MI_NOOP };
	struct bad_env b;

	bad_init(&b, false);
	wl_emit(&b.g, GVT_ENGINE_BCS, ok_req, 2);
	wl_elsp(&b.g, GVT_ENGINE_BCS, wl_kdesc(&b.g, GVT_ENGINE_BCS), 0);
	ASSERT(b.d.gpu.inflight[GVT_ENGINE_BCS]);
	wl_emit(&b.g, GVT_ENGINE_RCS, lri, ARRAY_SIZE(lri));
	wl_elsp(&b.g, GVT_ENGINE_RCS, wl_kdesc(&b.g, GVT_ENGINE_RCS), 0);
	EXPECT_EQ(b.g.v->failsafe, GVT_FAILSAFE_GUEST_ERR);
	EXPECT(!b.d.gpu.inflight[GVT_ENGINE_BCS]);
	EXPECT_EQ(b.d.gpu.cancels, 1);
	/* The engine is free for the bystander. */
	bystander_runs(&b);
	bad_fini(&b);
}

/* The host fails the workload: engine error, not failsafe. */
TEST(wl_bad_workload_fails_on_gpu)
{
	const enum gvt_engine e = GVT_ENGINE_VCS;
	u32 base = gvt_engine_base(e);
	struct bad_env b;

	bad_init(&b, true);
	b.d.gpu.sync_status = -EIO;
	wl_emit(&b.g, e, ok_req, 2);
	wl_elsp(&b.g, e, wl_kdesc(&b.g, e), 0);
	EXPECT_EQ(b.g.v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(rd32(b.g.v, base + GVT_RING_EIR) & GVT_EIR_INSTRUCTION, 1);
	EXPECT(wl_engine_iir(&b.g, e) & GVT_IRQ_CS_ERROR);
	/* No completion event: the guest resets the engine. */
	EXPECT_EQ(wl_csb_wp(&b.g, e), 0);
	b.d.gpu.sync_status = 0;
	wl_elsp(&b.g, e, wl_kdesc(&b.g, e), 0);
	EXPECT_EQ(b.d.gpu.nrec, 1);
	/* After an engine reset it runs again. */
	wr32(b.g.v, GVT_REG_GDRST, GVT_GDRST_MEDIA);
	EXPECT_EQ(rd32(b.g.v, base + GVT_RING_EIR), FAKE_SNAP(base + 0xb0));
	wr32(b.g.v, base + GVT_RING_EIR, ~0U);
	EXPECT_EQ(rd32(b.g.v, base + GVT_RING_EIR), 0);
	wr32(b.g.v, base + GVT_RING_HWS_PGA, wl_gm(&b.g, WL_HWSP(e)));
	wr32(b.g.v, base + GVT_RING_CSB_PTR, 0xffff0505);
	wl_emit(&b.g, e, ok_req, 2);
	wl_elsp(&b.g, e, wl_kdesc(&b.g, e) | GVT_DESC_FORCE_RESTORE, 0);
	EXPECT_EQ(b.d.gpu.nrec, 2);
	EXPECT_EQ(wl_csb_wp(&b.g, e), 1);
	bystander_runs(&b);
	bad_fini(&b);
}

/* The host refuses the workload: engine error, counted. */
TEST(wl_bad_host_refuses)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct bad_env b;

	bad_init(&b, true);
	b.d.gpu.fail_submit = -ENOMEM;
	wl_emit(&b.g, e, ok_req, 2);
	wl_elsp(&b.g, e, wl_kdesc(&b.g, e), 0);
	EXPECT_EQ(b.g.v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(b.g.v->counters.workload_errors, 1);
	EXPECT(wl_engine_iir(&b.g, e) & GVT_IRQ_CS_ERROR);
	b.d.gpu.fail_submit = 0;
	bystander_runs(&b);
	bad_fini(&b);
}

/* Engine reset while the workload runs: cancelled, nothing reported. */
TEST(wl_bad_reset_mid_workload)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct bad_env b;

	bad_init(&b, false);
	wl_emit(&b.g, e, ok_req, 2);
	wl_elsp(&b.g, e, wl_kdesc(&b.g, e), 0);
	ASSERT(b.d.gpu.inflight[e]);
	wr32(b.g.v, REG_RESET_CTL(RCS_BASE), 0x00010001);
	EXPECT(rd32(b.g.v, REG_RESET_CTL(RCS_BASE)) & GVT_RESET_CTL_READY);
	wr32(b.g.v, GVT_REG_GDRST, GVT_GDRST_RENDER);
	EXPECT_EQ(rd32(b.g.v, GVT_REG_GDRST), 0);
	EXPECT(!b.d.gpu.inflight[e]);
	EXPECT_EQ(b.d.gpu.cancels, 1);
	EXPECT_EQ(b.g.v->counters.engine_resets, 1);
	gvt_sched_work(b.d.gvt);
	/* Only the IDLE_ACTIVE of the submission. */
	EXPECT_EQ(wl_csb_wp(&b.g, e), 0);
	EXPECT_EQ(*wl_ctx_reg(&b.g, WL_CTX(e), GVT_CTX_RING_HEAD), 0);
	EXPECT_EQ(b.g.v->failsafe, GVT_FAILSAFE_NONE);
	bystander_runs(&b);
	bad_fini(&b);
}

/* Destroying a vGPU with work in flight cancels it and frees its pins. */
TEST(wl_bad_destroy_mid_workload)
{
	struct bad_env b;

	bad_init(&b, false);
	wl_emit(&b.g, GVT_ENGINE_BCS, ok_req, 2);
	wl_elsp(&b.g, GVT_ENGINE_BCS, wl_kdesc(&b.g, GVT_ENGINE_BCS), 0);
	wl_emit(&b.g, GVT_ENGINE_VECS, ok_req, 2);
	wl_elsp(&b.g, GVT_ENGINE_VECS, wl_kdesc(&b.g, GVT_ENGINE_VECS), 0);
	ASSERT(b.d.gpu.inflight[GVT_ENGINE_BCS]);
	ASSERT(b.d.gpu.inflight[GVT_ENGINE_VECS]);
	wl_guest_fini(&b.g);
	EXPECT_EQ(b.d.gpu.cancels, 2);
	EXPECT(!b.d.gpu.inflight[GVT_ENGINE_BCS]);
	bystander_runs(&b);
	wl_guest_fini(&b.h);
	wl_dev_fini(&b.d);
}

/* A completion that arrives after a reset forgot the workload. */
TEST(wl_bad_vgpu_reset_mid_workload)
{
	struct bad_env b;

	bad_init(&b, false);
	wl_emit(&b.g, GVT_ENGINE_BCS, ok_req, 2);
	wl_elsp(&b.g, GVT_ENGINE_BCS, wl_kdesc(&b.g, GVT_ENGINE_BCS), 0);
	gvt_vgpu_reset(b.g.v);
	EXPECT_EQ(b.d.gpu.cancels, 1);
	EXPECT(!b.d.gpu.inflight[GVT_ENGINE_BCS]);
	bystander_runs(&b);
	bad_fini(&b);
}
