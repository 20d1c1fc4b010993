// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine control: per-engine resets, STOP_RING and MODE_IDLE, the error
 * registers, the TLB control registers and the scanner's whitelist
 * additions for the 6.1 guest's workaround batches.
 */
#include "wl_env.h"

#define MI_USER_INTERRUPT	0x01000000
#define MI_NOOP			0x00000000

static const u32 ok_req[] = { MI_USER_INTERRUPT, MI_NOOP };

/* GDRST bit n resets exactly its engine; every other one keeps running. */
TEST(engine_gdrst_bits)
{
	static const struct {
		u32 bit;
		enum gvt_engine e;
	} map[] = {
		{ BIT(1), GVT_ENGINE_RCS }, { BIT(2), GVT_ENGINE_VCS },
		{ BIT(3), GVT_ENGINE_BCS }, { BIT(4), GVT_ENGINE_VECS },
	};
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i, j;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		for (j = 0; j < ARRAY_SIZE(wl_engines); j++) {
			enum gvt_engine e = wl_engines[j];

			if (d.gpu.inflight[e])
				continue;
			wl_emit(&g, e, ok_req, 2);
			wl_elsp(&g, e, wl_kdesc(&g, e) | GVT_DESC_FORCE_RESTORE,
				0);
		}
		for (j = 0; j < ARRAY_SIZE(wl_engines); j++)
			ASSERT(d.gpu.inflight[wl_engines[j]]);
		wr32(g.v, GVT_REG_GDRST, map[i].bit);
		EXPECT_EQ(rd32(g.v, GVT_REG_GDRST), 0);
		for (j = 0; j < ARRAY_SIZE(wl_engines); j++)
			EXPECT_EQ(!d.gpu.inflight[wl_engines[j]],
				  wl_engines[j] == map[i].e);
		EXPECT_EQ(d.gpu.cancels, i + 1);
		/* The reset engine's registers are back at the snapshot. */
		EXPECT_EQ(rd32(g.v, gvt_engine_base(map[i].e) +
			       GVT_RING_HWS_PGA),
			  FAKE_SNAP(gvt_engine_base(map[i].e) +
				    GVT_RING_HWS_PGA));
		wr32(g.v, gvt_engine_base(map[i].e) + GVT_RING_HWS_PGA,
		     wl_gm(&g, WL_HWSP(map[i].e)));
	}
	/* A full reset cancels everything. */
	wr32(g.v, GVT_REG_GDRST, BIT(0));
	for (j = 0; j < ARRAY_SIZE(wl_engines); j++)
		EXPECT(!d.gpu.inflight[wl_engines[j]]);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* RESET_CTL: READY_TO_RESET follows REQUEST_RESET (masked writes). */
TEST(engine_reset_ctl_handshake)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		u32 r = gvt_engine_base(wl_engines[i]) + GVT_RING_RESET_CTL;

		wr32(g.v, r, 0x00010001);
		EXPECT_EQ(rd32(g.v, r) & 3, 3);
		wr32(g.v, r, 0x00010000);
		EXPECT_EQ(rd32(g.v, r) & 3, 0);
	}
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * MODE_IDLE reads 1 only when nothing runs; STOP_RING holds new work
 * until it is cleared; the guest cannot write MODE_IDLE.
 */
TEST(engine_stop_ring_and_mode_idle)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	u32 mi = RCS_BASE + GVT_RING_MI_MODE;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	EXPECT(rd32(g.v, mi) & GVT_MI_MODE_IDLE);
	wr32(g.v, mi, 0x02000000);
	EXPECT(rd32(g.v, mi) & GVT_MI_MODE_IDLE);
	wl_emit(&g, e, ok_req, 2);
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	ASSERT(d.gpu.inflight[e]);
	EXPECT_EQ(rd32(g.v, mi) & GVT_MI_MODE_IDLE, 0);
	/* Stopping does not abort what runs: idle once it completed. */
	wr32(g.v, mi, 0x01000100);
	EXPECT(rd32(g.v, mi) & GVT_MI_MODE_STOP_RING);
	EXPECT_EQ(rd32(g.v, mi) & GVT_MI_MODE_IDLE, 0);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	EXPECT(rd32(g.v, mi) & GVT_MI_MODE_IDLE);
	/* Work submitted while stopped waits. */
	wl_emit(&g, e, ok_req, 2);
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	EXPECT(!d.gpu.inflight[e]);
	EXPECT(rd32(g.v, mi) & GVT_MI_MODE_IDLE);
	EXPECT_EQ(d.gpu.nrec, 1);
	wr32(g.v, mi, 0x01000000);
	ASSERT(d.gpu.inflight[e]);
	EXPECT_EQ(d.gpu.nrec, 2);
	EXPECT_EQ(rd32(g.v, mi) & GVT_MI_MODE_IDLE, 0);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * A reset and a removal tell the backend to drop what it keeps for the
 * vGPU's id, once nothing of it is in flight; another vGPU is left alone.
 */
TEST(engine_release_vgpu_on_reset_and_remove)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct wl_guest g, h;
	unsigned int id, hid;
	struct wl_dev d;

	wl_dev_init(&d, 512, false);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	wl_guest_init(&h, &d, "GVTg_V5_8", WL_GUEST_PAGES);
	id = g.v->id;
	hid = h.v->id;
	wl_emit(&g, e, ok_req, 2);
	wl_elsp(&g, e, wl_kdesc(&g, e), 0);
	ASSERT(d.gpu.inflight[e]);
	EXPECT_EQ(d.gpu.released[id], 0);
	/* cancelled first, then released (fg_release_vgpu checks) */
	gvt_vgpu_reset(g.v);
	EXPECT_EQ(d.gpu.cancels, 1);
	EXPECT(!d.gpu.inflight[e]);
	EXPECT_EQ(d.gpu.released[id], 1);
	EXPECT_EQ(d.gpu.released[hid], 0);
	wl_guest_fini(&g);
	EXPECT_EQ(d.gpu.released[id], 2);
	EXPECT_EQ(d.gpu.released[hid], 0);
	wl_guest_fini(&h);
	EXPECT_EQ(d.gpu.released[hid], 1);
	EXPECT_EQ(d.gpu.bad, 0);
	wl_dev_fini(&d);
}

/* EIR is write-1-to-clear, ESR reads 0, EMR is storage. */
TEST(engine_error_registers)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		u32 base = gvt_engine_base(wl_engines[i]);
		u32 eir = FAKE_SNAP(base + GVT_RING_EIR);

		EXPECT_EQ(rd32(g.v, base + GVT_RING_EIR), eir);
		wr32(g.v, base + GVT_RING_EIR, 0x00ff0000);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_EIR), eir & ~0x00ff0000U);
		wr32(g.v, base + GVT_RING_EIR, ~0U);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_EIR), 0);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_ESR), 0);
		wr32(g.v, base + GVT_RING_ESR, ~0U);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_ESR), 0);
		wr32(g.v, base + GVT_RING_EMR, ~1U);
		EXPECT_EQ(rd32(g.v, base + GVT_RING_EMR), ~1U);
	}
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* RTCR .. VTCR: an invalidation completes at once. */
TEST(engine_tlb_control_reads_zero)
{
	struct wl_guest g;
	struct wl_dev d;
	u32 r;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (r = 0x4260; r <= 0x4270; r += 4) {
		wr32(g.v, r, 1);
		EXPECT_EQ(rd32(g.v, r), 0);
	}
	/* Its neighbours are storage. */
	wr32(g.v, 0x4274, 1);
	EXPECT_EQ(rd32(g.v, 0x4274), 1);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* The ctx workarounds' LRI (0xe180, 0xe184) and 0x2088/0x2090 pass. */
TEST(engine_whitelist_gen9_workarounds)
{
	static const u32 lri[] = {
		0x11000007, 0xe180, 0x00400040, 0xe184, 0x00080008,
		0x2088, 0x00020002, 0x2090, 0x00040004, MI_NOOP,
	};
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	EXPECT(gvt_mmio_cmd_access(d.gvt, 0xe180));
	EXPECT(gvt_mmio_cmd_access(d.gvt, 0xe184));
	EXPECT(gvt_mmio_cmd_access(d.gvt, 0x2088));
	EXPECT(gvt_mmio_cmd_access(d.gvt, 0x2090));
	wl_emit(&g, GVT_ENGINE_RCS, lri, ARRAY_SIZE(lri));
	wl_elsp(&g, GVT_ENGINE_RCS, wl_kdesc(&g, GVT_ENGINE_RCS), 0);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(d.gpu.nrec, 1);
	/* All four are masked registers. */
	wr32(g.v, 0xe180, 0x00010001);
	EXPECT_EQ(rd32(g.v, 0xe180) & 1, 1);
	EXPECT_EQ(rd32(g.v, 0xe180) >> 16, 0);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
