// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vblanks (core/vblank.c), on the shim's clock: an enabled pipe counts a
 * frame every GVT_VBLANK_PERIOD_NS and raises VBLANK through the DE pipe
 * group; a flip armed by PLANE_SURF is latched into PLANE_SURFLIVE and
 * reported as FLIP_DONE at the pipe's next vblank; a disabled pipe does
 * neither; the timer is wanted only while a vblank event is enabled and
 * unmasked; PIPEDSL tells a running pipe; one vGPU's pipes never reach
 * another's registers.
 */
#include "wl_env.h"

#define DE_IMR(p)	(GVT_REG_DE_PIPE_ISR(p) + GVT_IRQ_IMR)
#define DE_IIR(p)	(GVT_REG_DE_PIPE_ISR(p) + GVT_IRQ_IIR)
#define DE_IER(p)	(GVT_REG_DE_PIPE_ISR(p) + GVT_IRQ_IER)
#define FRAME		GVT_VBLANK_PERIOD_NS

/* Every pipe off, every DE pipe event unmasked and enabled. */
static void vb_guest(struct wl_guest *g, struct wl_dev *d)
{
	unsigned int p;

	wl_guest_init(g, d, "GVTg_V5_8", 0);
	for (p = 0; p < GVT_NUM_PIPES; p++) {
		wr32(g->v, GVT_REG_PIPECONF(p), 0);
		wr32(g->v, DE_IMR(p), 0);
		wr32(g->v, DE_IER(p), ~0U);
		wr32(g->v, DE_IIR(p), ~0U);
	}
}

static bool tick(struct wl_guest *g)
{
	bool wanted;

	mutex_lock(&g->v->lock);
	wanted = gvt_vblank_tick(g->v);
	mutex_unlock(&g->v->lock);
	return wanted;
}

TEST(vblank_frame_counter_and_irq)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned long kicks, msi;
	u32 f0, f1;

	wl_dev_init(&d, 256, true);
	vb_guest(&g, &d);
	f0 = rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0));
	f1 = rd32(g.v, GVT_REG_PIPE_FRMCOUNT(1));
	/* No pipe: no frame, no event, no tick wanted. */
	gvt_shim_now_ns += 10 * FRAME;
	EXPECT(!tick(&g));
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0);
	EXPECT_EQ(rd32(g.v, DE_IIR(0)), 0);

	kicks = gvt_shim_vblank_kicks;
	wr32(g.v, GVT_REG_PIPECONF(0), GVT_PIPECONF_ENABLE);
	EXPECT_EQ(gvt_shim_vblank_kicks, kicks + 1);
	msi = g.hv.msi_calls;
	/* Just short of a frame: nothing yet. */
	gvt_shim_now_ns += FRAME - 1;
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0);
	EXPECT_EQ(rd32(g.v, DE_IIR(0)), 0);
	/* Three frames, read without a tick: the counter catches up. */
	gvt_shim_now_ns += 2 * FRAME + 1;
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 3);
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(1)), f1);
	EXPECT_EQ(rd32(g.v, DE_IIR(0)), GVT_PIPE_VBLANK);
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), 0);
	/* Master bit 16 is pipe A; one MSI until the guest acknowledges. */
	EXPECT_EQ(rd32(g.v, GVT_REG_MASTER_IRQ),
		  GVT_MASTER_IRQ_ENABLE | BIT(16));
	EXPECT_EQ(g.hv.msi_calls, msi + 1);
	EXPECT_EQ(g.v->counters.vblanks, 3);
	/* The counter is read-only. */
	wr32(g.v, GVT_REG_PIPE_FRMCOUNT(0), 0);
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 3);

	/* Acknowledged, then masked: frames go on, no event, no tick. */
	wr32(g.v, DE_IIR(0), GVT_PIPE_VBLANK);
	kicks = gvt_shim_vblank_kicks;
	wr32(g.v, DE_IMR(0), ~0U);
	EXPECT_EQ(gvt_shim_vblank_kicks, kicks + 1);
	gvt_shim_now_ns += FRAME;
	EXPECT(!tick(&g));
	EXPECT_EQ(rd32(g.v, DE_IIR(0)), 0);
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 4);
	/* Unmasked but not enabled: still no tick wanted. */
	wr32(g.v, DE_IER(0), 0);
	wr32(g.v, DE_IMR(0), 0);
	EXPECT(!tick(&g));
	/* Only a flip-done enabled: wanted. */
	wr32(g.v, DE_IER(0), GVT_PIPE_FLIP_DONE(1));
	EXPECT(tick(&g));
	wr32(g.v, DE_IER(0), ~0U);
	gvt_shim_now_ns += FRAME;
	EXPECT(tick(&g));
	EXPECT_EQ(g.hv.msi_calls, msi + 2);

	/* Pipe C as well, then A off: A's last frames count, then stop. */
	wr32(g.v, GVT_REG_PIPECONF(2), GVT_PIPECONF_ENABLE);
	gvt_shim_now_ns += 2 * FRAME;
	wr32(g.v, GVT_REG_PIPECONF(0), 0);
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 7);
	gvt_shim_now_ns += 5 * FRAME;
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 7);
	EXPECT_EQ(rd32(g.v, DE_IIR(2)), GVT_PIPE_VBLANK);
	wr32(g.v, GVT_REG_PIPECONF(2), 0);
	EXPECT(!tick(&g));
	/* Enabled again, A counts from then, not from when it went off. */
	wr32(g.v, GVT_REG_PIPECONF(0), GVT_PIPECONF_ENABLE);
	gvt_shim_now_ns += FRAME;
	EXPECT_EQ(rd32(g.v, GVT_REG_PIPE_FRMCOUNT(0)), f0 + 8);
	wr32(g.v, GVT_REG_PIPECONF(0), 0);
	/* The eDP transcoder has no pipe of its own: no kick. */
	kicks = gvt_shim_vblank_kicks;
	wr32(g.v, GVT_REG_PIPECONF_EDP, GVT_PIPECONF_ENABLE);
	EXPECT_EQ(gvt_shim_vblank_kicks, kicks);
	EXPECT(!tick(&g));
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

TEST(vblank_flip_done)
{
	struct wl_guest g;
	struct wl_dev d;
	u32 live;

	wl_dev_init(&d, 256, true);
	vb_guest(&g, &d);
	live = rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0));
	/* Armed on a disabled pipe: waits for the pipe. */
	wr32(g.v, GVT_REG_PLANE_SURF(1, 0), 0x00100000);
	wr32(g.v, GVT_REG_PLANE_SURF(1, 2), 0x00200000);
	gvt_shim_now_ns += 3 * FRAME;
	EXPECT(!tick(&g));
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0)), live);
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURF(1, 0)), 0x00100000);
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), 0);

	wr32(g.v, GVT_REG_PIPECONF(1), GVT_PIPECONF_ENABLE);
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0)), live);
	gvt_shim_now_ns += FRAME;
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), GVT_PIPE_VBLANK |
		  GVT_PIPE_FLIP_DONE(0) | GVT_PIPE_FLIP_DONE(2));
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0)), 0x00100000);
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 2)), 0x00200000);
	/* Once per write: the next vblank reports no flip. */
	wr32(g.v, DE_IIR(1), ~0U);
	gvt_shim_now_ns += FRAME;
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), GVT_PIPE_VBLANK);
	/* SURFLIVE is the hardware's: the guest cannot write it. */
	wr32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0), 0x00300000);
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 0)), 0x00100000);
	/*
	 * A byte write of the address arms a flip; reading SURFLIVE after
	 * the vblank latches it even before a tick.
	 */
	wr32(g.v, DE_IIR(1), ~0U);
	live = rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 1));
	mmio_wr(g.v, GVT_REG_PLANE_SURF(1, 1) + 2, 1, 0x40);
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 1)), live);
	gvt_shim_now_ns += FRAME;
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURFLIVE(1, 1)),
		  rd32(g.v, GVT_REG_PLANE_SURF(1, 1)));
	EXPECT_EQ(rd32(g.v, GVT_REG_PLANE_SURF(1, 1)) & 0x00ff0000,
		  0x00400000);
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), GVT_PIPE_VBLANK |
		  GVT_PIPE_FLIP_DONE(1));
	/* A reset forgets an armed flip. */
	wr32(g.v, GVT_REG_PLANE_SURF(1, 0), 0x00500000);
	gvt_vgpu_reset(g.v);
	wr32(g.v, GVT_REG_PIPECONF(1), GVT_PIPECONF_ENABLE);
	wr32(g.v, DE_IMR(1), 0);
	wr32(g.v, DE_IER(1), ~0U);
	wr32(g.v, DE_IIR(1), ~0U);
	gvt_shim_now_ns += FRAME;
	EXPECT(tick(&g));
	EXPECT_EQ(rd32(g.v, DE_IIR(1)), GVT_PIPE_VBLANK);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

TEST(vblank_pipedsl)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned int p;

	wl_dev_init(&d, 256, true);
	vb_guest(&g, &d);
	for (p = 0; p < GVT_NUM_PIPES; p++) {
		EXPECT_EQ(rd32(g.v, GVT_REG_PIPEDSL(p)), 0);
		wr32(g.v, GVT_REG_PIPECONF(p), GVT_PIPECONF_ENABLE);
		EXPECT_EQ(rd32(g.v, GVT_REG_PIPEDSL(p)), GVT_PIPEDSL_ACTIVE);
		wr32(g.v, GVT_REG_PIPEDSL(p), 0x300);
		EXPECT_EQ(rd32(g.v, GVT_REG_PIPEDSL(p)), GVT_PIPEDSL_ACTIVE);
		wr32(g.v, GVT_REG_PIPECONF(p), 0);
		EXPECT_EQ(rd32(g.v, GVT_REG_PIPEDSL(p)), 0);
	}
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* The device tick visits every vGPU; each counts only its own pipes. */
TEST(vblank_device_tick_isolation)
{
	struct wl_guest a, b;
	struct wl_dev d;
	u32 fa, fb;

	wl_dev_init(&d, 512, true);
	vb_guest(&a, &d);
	vb_guest(&b, &d);
	fa = rd32(a.v, GVT_REG_PIPE_FRMCOUNT(0));
	fb = rd32(b.v, GVT_REG_PIPE_FRMCOUNT(0));
	EXPECT(!gvt_vblank_device_tick(d.gvt));
	wr32(a.v, GVT_REG_PIPECONF(0), GVT_PIPECONF_ENABLE);
	wr32(b.v, GVT_REG_PLANE_SURF(0, 0), 0x00100000);
	gvt_shim_now_ns += 2 * FRAME;
	EXPECT(gvt_vblank_device_tick(d.gvt));
	EXPECT_EQ(rd32(a.v, GVT_REG_PIPE_FRMCOUNT(0)), fa + 2);
	EXPECT_EQ(rd32(b.v, GVT_REG_PIPE_FRMCOUNT(0)), fb);
	EXPECT_EQ(rd32(a.v, DE_IIR(0)), GVT_PIPE_VBLANK);
	EXPECT_EQ(rd32(b.v, DE_IIR(0)), 0);
	EXPECT_EQ(b.v->counters.vblanks, 0);
	/* b's pipe on: its own armed flip completes, not a's. */
	wr32(b.v, GVT_REG_PIPECONF(0), GVT_PIPECONF_ENABLE);
	gvt_shim_now_ns += FRAME;
	EXPECT(gvt_vblank_device_tick(d.gvt));
	EXPECT_EQ(rd32(b.v, DE_IIR(0)),
		  GVT_PIPE_VBLANK | GVT_PIPE_FLIP_DONE(0));
	EXPECT_EQ(rd32(a.v, DE_IIR(0)), GVT_PIPE_VBLANK);
	/* a masks everything: only b wants the timer. */
	wr32(a.v, DE_IMR(0), ~0U);
	EXPECT(gvt_vblank_device_tick(d.gvt));
	wr32(b.v, DE_IMR(0), ~0U);
	EXPECT(!gvt_vblank_device_tick(d.gvt));
	wl_guest_fini(&b);
	wl_guest_fini(&a);
	wl_dev_fini(&d);
}
