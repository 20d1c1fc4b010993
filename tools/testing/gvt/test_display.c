// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port and pipe state and port D's hotplug (core/display.c): the bits
 * i915 waits on follow at once, hotplug status clears by writing 1s, and
 * plugging the monitor raises the event only while detection is enabled.
 */
#include "gvt_test.h"

#define SDE_IMR		(GVT_REG_SDE_ISR + GVT_IRQ_IMR)
#define SDE_IIR		(GVT_REG_SDE_ISR + GVT_IRQ_IIR)
#define SDE_IER		(GVT_REG_SDE_ISR + GVT_IRQ_IER)

TEST(display_ddi_buf_idle)
{
	struct mtest m;
	unsigned int p;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	for (p = 0; p < GVT_NUM_DDI; p++) {
		u32 reg = GVT_REG_DDI_BUF_CTL(p);

		wr32(m.v, reg, GVT_DDI_BUF_ENABLE | BIT(16) | BIT(7));
		EXPECT_EQ(rd32(m.v, reg), GVT_DDI_BUF_ENABLE | BIT(16));
		wr32(m.v, reg, BIT(16));
		EXPECT_EQ(rd32(m.v, reg), BIT(16) | GVT_DDI_BUF_IS_IDLE);
		/* A byte write of the enable alone keeps the rest. */
		mmio_wr(m.v, reg + 3, 1, 0x80);
		EXPECT_EQ(rd32(m.v, reg), GVT_DDI_BUF_ENABLE | BIT(16));
	}
	mtest_fini(&m);
}

TEST(display_dp_tp_idle_done)
{
	struct mtest m;
	unsigned int p;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	for (p = 0; p < GVT_NUM_DDI; p++) {
		u32 ctl = GVT_REG_DP_TP_CTL(p), st = GVT_REG_DP_TP_STATUS(p);

		/* Pattern 1, then 2: training, not idle. */
		wr32(m.v, ctl, BIT(31) | 0 << 8);
		EXPECT_EQ(rd32(m.v, st) & GVT_DP_TP_IDLE_DONE, 0);
		wr32(m.v, ctl, BIT(31) | 1 << 8);
		EXPECT_EQ(rd32(m.v, st) & GVT_DP_TP_IDLE_DONE, 0);
		wr32(m.v, ctl, BIT(31) | GVT_DP_TP_TRAIN_IDLE);
		EXPECT_EQ(rd32(m.v, st) & GVT_DP_TP_IDLE_DONE,
			  GVT_DP_TP_IDLE_DONE);
		EXPECT_EQ(rd32(m.v, ctl), BIT(31) | GVT_DP_TP_TRAIN_IDLE);
		/* Normal pixels: no longer idle; the status is read-only. */
		wr32(m.v, ctl, BIT(31) | 3 << 8);
		EXPECT_EQ(rd32(m.v, st) & GVT_DP_TP_IDLE_DONE, 0);
		wr32(m.v, st, GVT_DP_TP_IDLE_DONE);
		EXPECT_EQ(rd32(m.v, st) & GVT_DP_TP_IDLE_DONE, 0);
	}
	mtest_fini(&m);
}

TEST(display_pipeconf_state)
{
	static const u32 regs[] = {
		GVT_REG_PIPECONF(0), GVT_REG_PIPECONF(1),
		GVT_REG_PIPECONF(2), GVT_REG_PIPECONF_EDP,
	};
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		wr32(m.v, regs[i], GVT_PIPECONF_ENABLE | 0x20);
		EXPECT_EQ(rd32(m.v, regs[i]),
			  GVT_PIPECONF_ENABLE | GVT_PIPECONF_STATE | 0x20);
		/* The state cannot be written. */
		wr32(m.v, regs[i], GVT_PIPECONF_STATE | 0x20);
		EXPECT_EQ(rd32(m.v, regs[i]), 0x20);
	}
	mtest_fini(&m);
}

TEST(display_hotplug)
{
	struct mtest m;
	u32 hp;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	wr32(m.v, SDE_IIR, ~0U);
	wr32(m.v, SDE_IMR, 0);
	wr32(m.v, SDE_IER, ~0U);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, ~0U);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, 0);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG), 0);
	/* Detection off: the plug changes the live status only. */
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG,
		  GVT_SDE_PORTD_HOTPLUG);
	EXPECT_EQ(rd32(m.v, SDE_IIR), 0);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG), 0);
	gvt_vgpu_monitor_plug(m.v, false);
	/* i915's setup: B, C and D enabled. */
	hp = BIT(4) | BIT(12) | GVT_HOTPLUG_PORTD_ENABLE;
	wr32(m.v, GVT_REG_PCH_HOTPLUG, hp);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG), hp);
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, SDE_IIR), GVT_SDE_PORTD_HOTPLUG);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG),
		  hp | GVT_HOTPLUG_PORTD_LONG);
	EXPECT(rd32(m.v, GVT_REG_MASTER_IRQ) & BIT(23));
	/* Plugging again changes nothing: no second event. */
	wr32(m.v, SDE_IIR, ~0U);
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, SDE_IIR), 0);
	/* The handler writes back what it read: the status clears. */
	wr32(m.v, GVT_REG_PCH_HOTPLUG, rd32(m.v, GVT_REG_PCH_HOTPLUG));
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG), hp);
	/* Writing 0s keeps a status and changes the enables. */
	gvt_vgpu_monitor_plug(m.v, false);
	EXPECT_EQ(rd32(m.v, SDE_IIR), GVT_SDE_PORTD_HOTPLUG);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, GVT_HOTPLUG_PORTD_ENABLE);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG),
		  GVT_HOTPLUG_PORTD_ENABLE | GVT_HOTPLUG_PORTD_LONG);
	/* Masked in SDEIMR: the status is reported, IIR stays clear. */
	wr32(m.v, SDE_IIR, ~0U);
	wr32(m.v, GVT_REG_PCH_HOTPLUG,
	     GVT_HOTPLUG_PORTD_ENABLE | GVT_HOTPLUG_STATUS);
	wr32(m.v, SDE_IMR, GVT_SDE_PORTD_HOTPLUG);
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, SDE_IIR), 0);
	EXPECT_EQ(rd32(m.v, GVT_REG_PCH_HOTPLUG) & GVT_HOTPLUG_PORTD_STATUS,
		  GVT_HOTPLUG_PORTD_LONG);
	mtest_fini(&m);
}
