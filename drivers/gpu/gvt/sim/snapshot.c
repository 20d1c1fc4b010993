// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register state of the simulated Kaby Lake GT2 from which every vGPU's
 * register file starts (gvt_host_info.mmio_snapshot).
 *
 * On hardware GVT-g snapshots the registers of the running host, after the
 * host i915 initialised the GPU; this is a plausible such state for a GT2
 * (one slice, three subslices of eight EUs, no eDRAM) with dual-channel
 * DDR4 and an idle GPU: engines stopped and idle, interrupts masked and
 * none pending, no forcewake held or acknowledged, no reset in progress,
 * the PCODE mailbox idle, the GuC held in reset, the display PLL running.
 * Registers not listed read 0. Offsets are those of the i915 register
 * headers (i915_reg.h, gt/intel_gt_regs.h, intel_mchbar_regs.h).
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/vmalloc.h>

#include <gvt/gvt.h>

#include "sim.h"

/* Engine MMIO bases of a GT2: render, blitter, video, video enhancement. */
static const u32 gvt_sim_engines[] = { 0x2000, 0x22000, 0x12000, 0x1a000 };

#define RING_MI_MODE		0x9c	/* from the engine base */
#define   MODE_IDLE		BIT(9)
#define RING_IMR		0xa8
#define RING_CSB_PTR		0x3a0
#define   CSB_WRITE_PTR_RESET	0x7	/* nothing written since reset */

/* MOCS tables: 64 entries per engine, 32 L3 registers of two entries. */
#define GEN9_MOCS_ENTRIES	64
#define GEN9_GFX_MOCS		0xc800
#define GEN9_MFX0_MOCS		0xc900
#define GEN9_VEBOX_MOCS		0xcb00
#define GEN9_BLT_MOCS		0xcc00
#define GEN9_LNCFCMOCS		0xb020
/* Control (LE) and L3 values of entries 0 (uncached), 1 (PTE), 2 (cached), 63. */
#define MOCS_LE_UNCACHED	0x00000009
#define MOCS_LE_PTE		0x00000030
#define MOCS_LE_CACHED		0x0000003b
#define MOCS_LE_63		0x00000037
#define MOCS_L3_UC		0x0010
#define MOCS_L3_WB		0x0030

struct gvt_sim_reg {
	u32 offset;
	u32 value;
};

static const struct gvt_sim_reg gvt_sim_regs[] = {
	/* GT fuses: slice 0 enabled, subslice 3 disabled, no EU disabled. */
	{ 0x9120, BIT(25) | BIT(23) },		/* GEN8_FUSE2 */
	{ 0x9134, 0 },				/* GEN9_EU_DISABLE(0) */
	/* Display fuses downloaded, power gates 0-2 distributed. */
	{ 0x42000, BIT(31) | BIT(27) | BIT(26) | BIT(25) }, /* SKL_FUSE_STATUS */
	/* Power gating acks: slice 0 and its subslices powered. */
	{ 0x804c, BIT(0) | BIT(2) | BIT(4) | BIT(6) },	/* SLICE_PGCTL_ACK(0) */
	{ 0x805c, 0x00550055 },			/* GEN9_SS01_EU_PGCTL_ACK(0) */
	{ 0x8060, 0x00000055 },			/* GEN9_SS23_EU_PGCTL_ACK(0) */

	/* Interrupts: everything masked, nothing pending or enabled. */
	{ 0x44304, 0xffffffff },		/* GEN8_GT_IMR(0) */
	{ 0x44314, 0xffffffff },		/* GEN8_GT_IMR(1) */
	{ 0x44324, 0xffffffff },		/* GEN8_GT_IMR(2) */
	{ 0x44334, 0xffffffff },		/* GEN8_GT_IMR(3) */
	{ 0x44404, 0xffffffff },		/* GEN8_DE_PIPE_IMR(A) */
	{ 0x44414, 0xffffffff },		/* GEN8_DE_PIPE_IMR(B) */
	{ 0x44424, 0xffffffff },		/* GEN8_DE_PIPE_IMR(C) */
	{ 0x44444, 0xffffffff },		/* GEN8_DE_PORT_IMR */
	{ 0x44464, 0xffffffff },		/* GEN8_DE_MISC_IMR */
	{ 0x444e4, 0xffffffff },		/* GEN8_PCU_IMR */
	{ 0xc4004, 0xffffffff },		/* SDEIMR */

	/* GuC: the microcontroller is held in reset. */
	{ 0xc000, BIT(0) },			/* GUC_STATUS: MIA_IN_RESET */

	/* Display: DPLL0 (VCO 8100 MHz) locked, CD clock 450 MHz. */
	{ 0x46000, 0x00000382 },		/* CDCLK_CTL */
	{ 0x46010, BIT(31) | BIT(30) },		/* LCPLL1_CTL: enable, lock */
	{ 0x6c058, BIT(0) | (2 << 1) },		/* DPLL_CTRL1: DPLL0 810 */
	{ 0x6c060, BIT(0) },			/* DPLL_STATUS: DPLL0 lock */
	{ 0x51000, 0 },				/* SKL_DFSM: all pipes */

	/* MCHBAR mirror: dual-channel DDR4-2400, 8 GiB 2-rank DIMMs. */
	{ 0x145000, 0 },			/* MAD_INTER_CHANNEL: DDR4 */
	{ 0x14500c, 0x00000408 },		/* SKL_MAD_DIMM_CH0 */
	{ 0x145010, 0x00000408 },		/* SKL_MAD_DIMM_CH1 */
	{ 0x145e04, 9 },			/* SKL_MC_BIOS_DATA: 1200 MHz */
	/* RP0 1150 MHz, RP1 350 MHz, RPn 300 MHz (50 MHz units). */
	{ 0x145998, (6 << 16) | (7 << 8) | 23 },	/* GEN6_RP_STATE_CAP */
	{ 0x120010, 0 },			/* HSW_EDRAM_CAP: no eDRAM */
};

static void gvt_sim_set(void *snap, u32 offset, u32 value)
{
	__le32 *reg = snap + offset;

	*reg = cpu_to_le32(value);
}

static void gvt_sim_mocs(void *snap)
{
	static const u32 tables[] = {
		GEN9_GFX_MOCS, GEN9_MFX0_MOCS, GEN9_VEBOX_MOCS, GEN9_BLT_MOCS,
	};
	u16 l3[GEN9_MOCS_ENTRIES];
	unsigned int t, i;
	u32 le;

	/* Entries i915 leaves unused take the PTE entry's values. */
	for (t = 0; t < ARRAY_SIZE(tables); t++) {
		for (i = 0; i < GEN9_MOCS_ENTRIES; i++) {
			switch (i) {
			case 0:
				le = MOCS_LE_UNCACHED;
				break;
			case 2:
				le = MOCS_LE_CACHED;
				break;
			case GEN9_MOCS_ENTRIES - 1:
				le = MOCS_LE_63;
				break;
			default:
				le = MOCS_LE_PTE;
				break;
			}
			gvt_sim_set(snap, tables[t] + 4 * i, le);
		}
	}
	for (i = 0; i < GEN9_MOCS_ENTRIES; i++)
		l3[i] = MOCS_L3_WB;
	l3[0] = MOCS_L3_UC;
	l3[GEN9_MOCS_ENTRIES - 1] = MOCS_L3_UC;
	for (i = 0; i < GEN9_MOCS_ENTRIES / 2; i++)
		gvt_sim_set(snap, GEN9_LNCFCMOCS + 4 * i,
			    l3[2 * i] | (u32)l3[2 * i + 1] << 16);
}

/**
 * gvt_sim_mmio_snapshot_create() - build the power-on register file
 *
 * Return: %GVT_MMIO_SIZE bytes of little-endian register values, to be
 * freed with vfree(), or NULL if out of memory.
 */
void *gvt_sim_mmio_snapshot_create(void)
{
	unsigned int i;
	void *snap;

	snap = vzalloc(GVT_MMIO_SIZE);
	if (!snap)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(gvt_sim_regs); i++)
		gvt_sim_set(snap, gvt_sim_regs[i].offset, gvt_sim_regs[i].value);
	for (i = 0; i < ARRAY_SIZE(gvt_sim_engines); i++) {
		gvt_sim_set(snap, gvt_sim_engines[i] + RING_MI_MODE, MODE_IDLE);
		gvt_sim_set(snap, gvt_sim_engines[i] + RING_IMR, 0xffffffff);
		gvt_sim_set(snap, gvt_sim_engines[i] + RING_CSB_PTR,
			    CSB_WRITE_PTR_RESET);
	}
	gvt_sim_mocs(snap);
	return snap;
}
