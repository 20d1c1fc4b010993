// SPDX-License-Identifier: GPL-2.0-only
/*
 * GT interrupt emulation: IIR/IMR/IER, the derived master bits and the
 * edge-triggered MSI.
 */
#include "wl_env.h"

#define MASTER		GVT_REG_MASTER_IRQ
#define GT_IMR(n)	(GVT_REG_GT_ISR(n) + GVT_IRQ_IMR)
#define GT_IIR(n)	(GVT_REG_GT_ISR(n) + GVT_IRQ_IIR)
#define GT_IER(n)	(GVT_REG_GT_ISR(n) + GVT_IRQ_IER)

static void raise(struct wl_guest *g, enum gvt_engine e, u32 bits)
{
	mutex_lock(&g->v->lock);
	gvt_irq_raise(g->v, e, bits);
	mutex_unlock(&g->v->lock);
}

/* Each engine lands in its group and field; the master bit follows. */
TEST(irq_engine_bits_and_master)
{
	static const struct {
		enum gvt_engine e;
		unsigned int group;
		unsigned int shift;
		u32 master;
	} map[] = {
		{ GVT_ENGINE_RCS, 0, 0, BIT(0) },
		{ GVT_ENGINE_BCS, 0, 16, BIT(1) },
		{ GVT_ENGINE_VCS, 1, 0, BIT(2) },
		{ GVT_ENGINE_VCS2, 1, 16, BIT(3) },
		{ GVT_ENGINE_VECS, 3, 0, BIT(6) },
	};
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i, n;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (n = 0; n < 4; n++) {
		wr32(g.v, GT_IER(n), ~0U);
		wr32(g.v, GT_IMR(n), 0);
	}
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE);
		raise(&g, map[i].e, GVT_IRQ_USER | GVT_IRQ_CTX_SWITCH);
		EXPECT_EQ(rd32(g.v, GT_IIR(map[i].group)),
			  (GVT_IRQ_USER | GVT_IRQ_CTX_SWITCH) << map[i].shift);
		EXPECT_EQ(rd32(g.v, MASTER),
			  GVT_MASTER_IRQ_ENABLE | map[i].master);
		/* Bit 31 off: bits 30:0 still show what is pending. */
		wr32(g.v, MASTER, 0);
		EXPECT_EQ(rd32(g.v, MASTER), map[i].master);
		wr32(g.v, GT_IIR(map[i].group), ~0U);
		EXPECT_EQ(rd32(g.v, MASTER), 0);
		wr32(g.v, MASTER, GVT_MASTER_IRQ_ENABLE);
	}
	/* PM (group 2) feeds master bit 4. */
	wr32(g.v, GT_IIR(2), ~0U);
	EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* IMR keeps events out of IIR; IER keeps IIR bits out of the master. */
TEST(irq_imr_and_ier)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned long msi;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	/* The guest's setup: only user, CS error, ctx switch (0x0909). */
	raise(&g, GVT_ENGINE_RCS, BIT(4));
	EXPECT_EQ(rd32(g.v, GT_IIR(0)), 0);
	EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE);

	/* Unmasked but disabled: in IIR, not in the master, no MSI. */
	wr32(g.v, GT_IMR(0), 0);
	wr32(g.v, GT_IER(0), 0);
	msi = g.hv.msi_calls;
	raise(&g, GVT_ENGINE_RCS, BIT(4));
	EXPECT_EQ(rd32(g.v, GT_IIR(0)), BIT(4));
	EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE);
	EXPECT_EQ(g.hv.msi_calls, msi);
	/* Enabling it later sends the MSI then (edge on the IER write). */
	wr32(g.v, GT_IER(0), BIT(4));
	EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE | BIT(0));
	EXPECT_EQ(g.hv.msi_calls, msi + 1);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * The MSI is an edge of "master enabled and something pending": one per
 * edge, none while the handler runs with the master off, one more when
 * it re-enables the master with events still pending.
 */
TEST(irq_msi_edges)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned long msi;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	msi = g.hv.msi_calls;
	raise(&g, GVT_ENGINE_BCS, GVT_IRQ_USER);
	EXPECT_EQ(g.hv.msi_calls, msi + 1);
	/* Still pending: no new message. */
	raise(&g, GVT_ENGINE_VCS, GVT_IRQ_USER);
	EXPECT_EQ(g.hv.msi_calls, msi + 1);
	/* The handler: master off, an event meanwhile, IIR of BCS acked. */
	wr32(g.v, MASTER, 0);
	raise(&g, GVT_ENGINE_RCS, GVT_IRQ_CTX_SWITCH);
	EXPECT_EQ(g.hv.msi_calls, msi + 1);
	wr32(g.v, GT_IIR(0), GVT_IRQ_USER << 16);
	/* Master on with RCS and VCS pending: a new MSI. */
	wr32(g.v, MASTER, GVT_MASTER_IRQ_ENABLE);
	EXPECT_EQ(g.hv.msi_calls, msi + 2);
	EXPECT_EQ(g.hv.msi_addr, WL_MSI_ADDR);
	EXPECT_EQ(g.hv.msi_data, WL_MSI_DATA);
	/* Handled properly: nothing left, no message on re-enable. */
	wr32(g.v, MASTER, 0);
	wl_ack_irqs(&g);
	wr32(g.v, MASTER, GVT_MASTER_IRQ_ENABLE);
	EXPECT_EQ(g.hv.msi_calls, msi + 2);
	EXPECT_EQ(g.v->counters.irqs_injected, g.hv.msi_calls);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* No MSI while the guest has MSI disabled in config space. */
TEST(irq_msi_disabled)
{
	struct wl_guest g;
	struct wl_dev d;
	unsigned long msi;
	u16 ctl = 0;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	ASSERT_EQ(gvt_vgpu_cfg_write(g.v, GVT_CFG_MSI_CTL, &ctl, 2), 0);
	msi = g.hv.msi_calls;
	raise(&g, GVT_ENGINE_RCS, GVT_IRQ_USER);
	EXPECT_EQ(g.hv.msi_calls, msi);
	EXPECT_EQ(rd32(g.v, MASTER), GVT_MASTER_IRQ_ENABLE | BIT(0));
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/* A frontend without inject_msi: interrupts stay in the registers. */
TEST(irq_no_inject_op)
{
	static const struct gvt_hv_ops no_msi = { NULL };
	struct wl_guest g;
	struct wl_dev d;
	struct gvt_hv_ops ops;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	ops = fake_hv_ops;
	ops.inject_msi = no_msi.inject_msi;
	mutex_lock(&g.v->lock);
	g.v->hv = &ops;
	gvt_irq_raise(g.v, GVT_ENGINE_RCS, GVT_IRQ_USER);
	g.v->hv = &fake_hv_ops;
	mutex_unlock(&g.v->lock);
	EXPECT_EQ(g.hv.msi_calls, 0);
	EXPECT_EQ(rd32(g.v, GT_IIR(0)), GVT_IRQ_USER);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
