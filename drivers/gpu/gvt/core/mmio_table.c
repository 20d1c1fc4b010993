// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Gen9 register attribute table.
 *
 * The table lists the registers of the 2 MiB register file that are not
 * plain storage: read-only bits, masked registers, registers that GPU
 * commands may access (the command scanner's whitelist) and registers with
 * special handlers. At device registration it is expanded into an index
 * with a 16-bit slot per dword, so that the access path finds a register's
 * description with one load.
 */
#include "gvt_internal.h"

#define RO	GVT_MMIO_F_RO
#define MASKED	GVT_MMIO_F_MASKED
#define CMD	GVT_MMIO_F_CMD_ACCESS

#define REG(o, s, f, ro, r, w)						\
	{ .offset = (o), .size = (s), .flags = (f), .ro_mask = (ro),	\
	  .read = (r), .write = (w) }
/* A plain register with attributes. */
#define ATTR(o, f)		REG(o, 4, f, 0, NULL, NULL)
/* A block of @s bytes with attributes. */
#define BLOCK(o, s, f)		REG(o, s, f, 0, NULL, NULL)
/* Read-only register or block. */
#define READONLY(o, s)		REG(o, s, RO, ~0U, NULL, NULL)
/* A register with a write handler. */
#define HANDLED(o, f, w)	REG(o, 4, f, 0, NULL, w)

/*
 * Registers present in every engine's block, at offsets relative to the
 * block; handlers get the absolute offset.
 */
static const struct gvt_mmio_info gvt_gen9_engine_mmio[] = {
	ATTR(0x30, 0),					/* RING_TAIL */
	ATTR(0x34, 0),					/* RING_HEAD */
	ATTR(0x38, 0),					/* RING_START */
	ATTR(0x3c, 0),					/* RING_CTL */
	ATTR(0x5c, 0),					/* ACTHD_UDW */
	ATTR(0x74, 0),					/* ACTHD */
	ATTR(0x80, 0),					/* HWS_PGA */
	ATTR(0x98, 0),					/* HWSTAM */
	REG(GVT_RING_MI_MODE, 4, MASKED, 0, gvt_mi_mode_read,
	    gvt_mi_mode_write),
	ATTR(GVT_RING_IMR, 0),
	HANDLED(GVT_RING_EIR, 0, gvt_eir_write),
	ATTR(GVT_RING_EMR, 0),
	REG(GVT_RING_ESR, 4, RO, ~0U, gvt_zero_read, NULL),
	ATTR(GVT_RING_INSTPM, MASKED),
	HANDLED(GVT_RING_RESET_CTL, MASKED, gvt_reset_ctl_write),
	ATTR(0x110, 0),					/* BB_STATE */
	ATTR(0x114, 0),					/* SBB_ADDR */
	ATTR(0x118, 0),					/* SBB_STATE */
	ATTR(0x11c, 0),					/* SBB_ADDR_UDW */
	ATTR(0x140, 0),					/* BB_ADDR */
	ATTR(0x168, 0),					/* BB_ADDR_UDW */
	ATTR(0x1c0, 0),					/* BB_PER_CTX_PTR */
	ATTR(0x1c4, 0),					/* INDIRECT_CTX */
	ATTR(0x1c8, 0),					/* INDIRECT_CTX_OFFSET */
	HANDLED(GVT_RING_ELSP, 0, gvt_elsp_write),
	READONLY(GVT_RING_EXECLIST_STATUS, 8),
	ATTR(GVT_RING_CTX_CTRL, MASKED),
	BLOCK(0x270, 32, 0),				/* PDP0..3 LDW/UDW */
	HANDLED(GVT_RING_GFX_MODE, MASKED, gvt_gfx_mode_write),
	REG(0x358, 8, RO | CMD, ~0U, NULL, NULL),	/* TIMESTAMP */
	READONLY(GVT_RING_CSB, 0x30),
	ATTR(GVT_RING_CSB_PTR, MASKED),
	ATTR(0x3a8, CMD),				/* CTX_TIMESTAMP */
	BLOCK(0x600, 0x80, CMD),			/* CS_GPR 0..15 */
};

static const u32 gvt_gen9_engines[] = {
	GVT_RCS_BASE, GVT_VCS_BASE, GVT_VECS_BASE, GVT_VCS2_BASE, GVT_BCS_BASE,
};

/* ISR, IMR, IIR, IER of an interrupt group, relative to its ISR. */
static const struct gvt_mmio_info gvt_gen9_irq_mmio[] = {
	READONLY(0, 4),
	HANDLED(GVT_IRQ_IMR, 0, gvt_irq_reg_write),
	HANDLED(GVT_IRQ_IIR, 0, gvt_iir_write),
	HANDLED(GVT_IRQ_IER, 0, gvt_irq_reg_write),
};

static const u32 gvt_gen9_irq_groups[] = {
	GVT_REG_GT_ISR(0), GVT_REG_GT_ISR(1), GVT_REG_GT_ISR(2),
	GVT_REG_GT_ISR(3), GVT_REG_DE_PIPE_ISR(0), GVT_REG_DE_PIPE_ISR(1),
	GVT_REG_DE_PIPE_ISR(2), GVT_REG_DE_PORT_ISR, GVT_REG_DE_MISC_ISR,
	GVT_REG_PCU_ISR, GVT_REG_SDE_ISR,
};

static const struct gvt_mmio_info gvt_gen9_mmio[] = {
	/*
	 * Render state that LRI, LRM, SRM, LRR and PIPE_CONTROL may reach:
	 * the command scanner's whitelist (with the MOCS tables and each
	 * engine's TIMESTAMP and CTX_TIMESTAMP).
	 */
	ATTR(0x2088, MASKED | CMD),			/* FF_SLICE_CHICKEN */
	ATTR(0x2090, MASKED | CMD),			/* 3D_CHICKEN3 */
	ATTR(0x20c8, CMD),				/* R_PWR_CLK_STATE */
	ATTR(0x20ec, MASKED | CMD),			/* CS_DEBUG_MODE1 */
	BLOCK(0x2248, 4, MASKED | CMD),			/* CTX_PREEMPT_REG */
	BLOCK(0x2290, 8, CMD),				/* CS_INVOCATION_COUNT */
	BLOCK(0x2300, 0x58, CMD),			/* HS..PS_DEPTH_COUNT */
	BLOCK(0x2400, 0x24, CMD),			/* MI_PREDICATE_*, 3DPRIM_END */
	BLOCK(0x2430, 0x14, CMD),			/* 3DPRIM_* */
	ATTR(0x2580, MASKED | CMD),			/* CS_CHICKEN1 */
	BLOCK(0x24d0, 0x30, 0),				/* FORCE_TO_NONPRIV */
	BLOCK(0x2500, 0xc, CMD),			/* GPGPU_DISPATCHDIM X/Y/Z */
	BLOCK(0x5200, 0x40, CMD),			/* SO_NUM_PRIMS_WRITTEN */
	BLOCK(0x5280, 0x10, CMD),			/* SO_WRITE_OFFSET */
	ATTR(0x7000, MASKED | CMD),			/* CACHE_MODE_0 */
	ATTR(0x7004, MASKED | CMD),			/* CACHE_MODE_1 */
	ATTR(0x7010, MASKED | CMD),			/* COMMON_SLICE_CHICKEN1 */
	ATTR(0x7014, MASKED | CMD),			/* COMMON_SLICE_CHICKEN2 */
	ATTR(0x7034, CMD),				/* L3CNTLREG */
	ATTR(0x7300, MASKED | CMD),			/* HDC_CHICKEN0 */
	ATTR(0x7308, MASKED | CMD),			/* SLICE_COMMON_ECO_CHICKEN0 */
	ATTR(0xb118, CMD),				/* L3SQCREG4 */
	BLOCK(0xb020, 0x80, CMD),			/* L3CC (LNCFCMOCS) */
	ATTR(0xe100, MASKED | CMD),			/* HALF_SLICE_CHICKEN1 */
	ATTR(0xe180, MASKED | CMD),			/* HALF_SLICE_CHICKEN2 */
	ATTR(0xe184, MASKED | CMD),			/* HALF_SLICE_CHICKEN3 */
	ATTR(0xe188, MASKED | CMD),			/* HALF_SLICE_CHICKEN5 */
	ATTR(0xe194, MASKED | CMD),			/* HALF_SLICE_CHICKEN7 */
	ATTR(0xe4f0, MASKED | CMD),			/* ROW_CHICKEN */
	ATTR(0xe4f4, MASKED | CMD),			/* ROW_CHICKEN2 */
	ATTR(0x22200, MASKED | CMD),			/* BCS_SWCTRL */

	/* MOCS tables of the five engines. */
	BLOCK(0xc800, 0x100, CMD),			/* RCS */
	BLOCK(0xc900, 0x100, CMD),			/* VCS */
	BLOCK(0xca00, 0x100, CMD),			/* VCS2 */
	BLOCK(0xcb00, 0x100, CMD),			/* VECS */
	BLOCK(0xcc00, 0x100, CMD),			/* BCS */

	/* Forcewake: requests are masked, ACKs follow them. */
	HANDLED(GVT_REG_FW_RENDER, MASKED, gvt_forcewake_write),
	HANDLED(GVT_REG_FW_GT, MASKED, gvt_forcewake_write),
	HANDLED(GVT_REG_FW_MEDIA, MASKED, gvt_forcewake_write),
	READONLY(GVT_REG_FW_RENDER_ACK, 4),
	READONLY(GVT_REG_FW_GT_ACK, 4),
	READONLY(GVT_REG_FW_MEDIA_ACK, 4),

	HANDLED(GVT_REG_GDRST, 0, gvt_gdrst_write),
	/* TLB invalidation: RTCR, M1TCR, M2TCR, BTCR, VTCR read 0. */
	REG(GVT_REG_TLB_CTL_FIRST,
	    GVT_REG_TLB_CTL_LAST + 4 - GVT_REG_TLB_CTL_FIRST, 0, 0, NULL,
	    gvt_tlb_ctl_write),

	/* Interrupt master control; the groups are in gvt_gen9_irq_mmio. */
	REG(GVT_REG_MASTER_IRQ, 4, 0, 0, gvt_master_irq_read,
	    gvt_master_irq_write),

	HANDLED(GVT_REG_PCODE_MAILBOX, 0, gvt_pcode_write),

	/* Display power and clocks, acknowledged at once. */
	REG(GVT_REG_PWR_WELL_CTL1, 16, 0, 0, NULL, gvt_pwr_well_write),
	HANDLED(GVT_REG_DBUF_CTL, 0, gvt_dbuf_write),
	HANDLED(GVT_REG_LCPLL1_CTL, 0, gvt_dpll_write),
	HANDLED(GVT_REG_LCPLL2_CTL, 0, gvt_dpll_write),
	HANDLED(GVT_REG_WRPLL1_CTL, 0, gvt_dpll_write),
	HANDLED(GVT_REG_WRPLL2_CTL, 0, gvt_dpll_write),
	READONLY(GVT_REG_DPLL_STATUS, 4),
	/* DisplayPort AUX channels A to D and their data registers. */
	HANDLED(GVT_REG_DP_AUX_CTL(0), 0, gvt_dp_aux_ctl_write),
	BLOCK(GVT_REG_DP_AUX_CTL(0) + 4, GVT_DP_AUX_DATA_BYTES, 0),
	HANDLED(GVT_REG_DP_AUX_CTL(1), 0, gvt_dp_aux_ctl_write),
	BLOCK(GVT_REG_DP_AUX_CTL(1) + 4, GVT_DP_AUX_DATA_BYTES, 0),
	HANDLED(GVT_REG_DP_AUX_CTL(2), 0, gvt_dp_aux_ctl_write),
	BLOCK(GVT_REG_DP_AUX_CTL(2) + 4, GVT_DP_AUX_DATA_BYTES, 0),
	HANDLED(GVT_REG_DP_AUX_CTL(3), 0, gvt_dp_aux_ctl_write),
	BLOCK(GVT_REG_DP_AUX_CTL(3) + 4, GVT_DP_AUX_DATA_BYTES, 0),
	/* Port buffers, link idle patterns, pipes, hotplug (display.c). */
	HANDLED(GVT_REG_DDI_BUF_CTL(0), 0, gvt_ddi_buf_write),
	HANDLED(GVT_REG_DDI_BUF_CTL(1), 0, gvt_ddi_buf_write),
	HANDLED(GVT_REG_DDI_BUF_CTL(2), 0, gvt_ddi_buf_write),
	HANDLED(GVT_REG_DDI_BUF_CTL(3), 0, gvt_ddi_buf_write),
	HANDLED(GVT_REG_DDI_BUF_CTL(4), 0, gvt_ddi_buf_write),
	HANDLED(GVT_REG_DP_TP_CTL(0), 0, gvt_dp_tp_ctl_write),
	READONLY(GVT_REG_DP_TP_STATUS(0), 4),
	HANDLED(GVT_REG_DP_TP_CTL(1), 0, gvt_dp_tp_ctl_write),
	READONLY(GVT_REG_DP_TP_STATUS(1), 4),
	HANDLED(GVT_REG_DP_TP_CTL(2), 0, gvt_dp_tp_ctl_write),
	READONLY(GVT_REG_DP_TP_STATUS(2), 4),
	HANDLED(GVT_REG_DP_TP_CTL(3), 0, gvt_dp_tp_ctl_write),
	READONLY(GVT_REG_DP_TP_STATUS(3), 4),
	HANDLED(GVT_REG_DP_TP_CTL(4), 0, gvt_dp_tp_ctl_write),
	READONLY(GVT_REG_DP_TP_STATUS(4), 4),
	HANDLED(GVT_REG_PIPECONF(0), 0, gvt_pipeconf_write),
	HANDLED(GVT_REG_PIPECONF(1), 0, gvt_pipeconf_write),
	HANDLED(GVT_REG_PIPECONF(2), 0, gvt_pipeconf_write),
	HANDLED(GVT_REG_PIPECONF_EDP, 0, gvt_pipeconf_write),
	HANDLED(GVT_REG_PCH_HOTPLUG, 0, gvt_hotplug_write),
	/* Scanlines, frame counters, plane flips (vblank.c). */
	REG(GVT_REG_PIPEDSL(0), 4, RO, ~0U, gvt_pipedsl_read, NULL),
	REG(GVT_REG_PIPE_FRMCOUNT(0), 4, RO, ~0U, gvt_vblank_reg_read, NULL),
	HANDLED(GVT_REG_PLANE_SURF(0, 0), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(0, 0), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(0, 1), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(0, 1), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(0, 2), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(0, 2), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	REG(GVT_REG_PIPEDSL(1), 4, RO, ~0U, gvt_pipedsl_read, NULL),
	REG(GVT_REG_PIPE_FRMCOUNT(1), 4, RO, ~0U, gvt_vblank_reg_read, NULL),
	HANDLED(GVT_REG_PLANE_SURF(1, 0), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(1, 0), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(1, 1), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(1, 1), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(1, 2), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(1, 2), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	REG(GVT_REG_PIPEDSL(2), 4, RO, ~0U, gvt_pipedsl_read, NULL),
	REG(GVT_REG_PIPE_FRMCOUNT(2), 4, RO, ~0U, gvt_vblank_reg_read, NULL),
	HANDLED(GVT_REG_PLANE_SURF(2, 0), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(2, 0), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(2, 1), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(2, 1), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	HANDLED(GVT_REG_PLANE_SURF(2, 2), 0, gvt_plane_surf_write),
	REG(GVT_REG_PLANE_SURFLIVE(2, 2), 4, RO, ~0U, gvt_vblank_reg_read,
	    NULL),
	/* GMBUS: every cycle ends unacknowledged (gmbus.c). */
	ATTR(GVT_REG_GMBUS0, 0),
	HANDLED(GVT_REG_GMBUS1, 0, gvt_gmbus1_write),
	READONLY(GVT_REG_GMBUS2, 4),
	ATTR(GVT_REG_GMBUS3, 0),
	ATTR(GVT_REG_GMBUS4, 0),
	ATTR(GVT_REG_GMBUS5, 0),
	/* PSR interrupts: never raised; the IIR clears by writing 1s. */
	HANDLED(GVT_REG_EDP_PSR_IIR, 0, gvt_iir_write),

	/* PVINFO page and fence registers. */
	REG(GVT_PVINFO_OFFSET, GVT_PVINFO_SIZE, 0, 0, gvt_pvinfo_read,
	    gvt_pvinfo_write),
	REG(GVT_FENCE_OFFSET, GVT_MAX_FENCES * 8, 0, 0, gvt_fence_read,
	    gvt_fence_write),
};

#define GVT_NUM_GENERIC	ARRAY_SIZE(gvt_gen9_mmio)
#define GVT_NUM_ENGINE	ARRAY_SIZE(gvt_gen9_engine_mmio)
#define GVT_NUM_IRQ	ARRAY_SIZE(gvt_gen9_irq_mmio)

/*
 * Index slot values: 1.. for gvt_gen9_mmio, then gvt_gen9_engine_mmio,
 * then gvt_gen9_irq_mmio; 0 is plain storage.
 */
static const struct gvt_mmio_info *gvt_mmio_info_of(u16 slot)
{
	if (slot <= GVT_NUM_GENERIC)
		return &gvt_gen9_mmio[slot - 1];
	slot -= GVT_NUM_GENERIC;
	if (slot <= GVT_NUM_ENGINE)
		return &gvt_gen9_engine_mmio[slot - 1];
	return &gvt_gen9_irq_mmio[slot - GVT_NUM_ENGINE - 1];
}

/**
 * gvt_mmio_table_walk() - visit every entry of the attribute table
 * @fn: called with @data, the base an entry is moved to (an engine's block
 *	or an interrupt group, 0 for the others), the entry and its index
 *	slot, in slot order; a non-zero return stops the walk
 * @data: passed to @fn
 *
 * Return: 0, or the first non-zero return of @fn.
 */
int gvt_mmio_table_walk(gvt_mmio_walk_fn fn, void *data)
{
	unsigned int i, e;
	u16 slot = 1;
	int ret = 0;

	for (i = 0; i < GVT_NUM_GENERIC && !ret; i++, slot++)
		ret = fn(data, 0, &gvt_gen9_mmio[i], slot);
	for (i = 0; i < GVT_NUM_ENGINE && !ret; i++, slot++)
		for (e = 0; e < ARRAY_SIZE(gvt_gen9_engines) && !ret; e++)
			ret = fn(data, gvt_gen9_engines[e],
				 &gvt_gen9_engine_mmio[i], slot);
	for (i = 0; i < GVT_NUM_IRQ && !ret; i++, slot++)
		for (e = 0; e < ARRAY_SIZE(gvt_gen9_irq_groups) && !ret; e++)
			ret = fn(data, gvt_gen9_irq_groups[e],
				 &gvt_gen9_irq_mmio[i], slot);
	return ret;
}

/* Describe the registers of @info, moved to @base, with index @slot. */
static int gvt_mmio_index_add(void *data, u32 base,
			      const struct gvt_mmio_info *info, u16 slot)
{
	u32 d, first = (base + info->offset) / 4;
	u16 *index = data;

	for (d = first; d < first + info->size / 4; d++) {
		if (index[d]) {
			pr_err("gvt: register 0x%x described twice\n", d * 4);
			return -EEXIST;
		}
		index[d] = slot;
	}
	return 0;
}

static int gvt_mmio_index_build(u16 *index)
{
	return gvt_mmio_table_walk(gvt_mmio_index_add, index);
}

/**
 * gvt_shared_index_get() - use a shared index, building it if needed
 * @si: the index
 * @err: set to 0, -ENOMEM or @si->build's error
 *
 * Return: the index, or NULL with *@err set.
 */
const u16 *gvt_shared_index_get(struct gvt_shared_index *si, int *err)
{
	const u16 *ret = NULL;
	u16 *index;

	*err = 0;
	mutex_lock(&si->lock);
	if (!si->users) {
		index = kvcalloc(si->entries, sizeof(*index), GFP_KERNEL);
		*err = index ? si->build(index) : -ENOMEM;
		if (*err) {
			kvfree(index);
			goto out;
		}
		si->index = index;
	}
	si->users++;
	ret = si->index;
out:
	mutex_unlock(&si->lock);
	return ret;
}

/**
 * gvt_shared_index_put() - stop using a shared index
 * @si: the index, got with gvt_shared_index_get()
 *
 * The last user frees it.
 */
void gvt_shared_index_put(struct gvt_shared_index *si)
{
	mutex_lock(&si->lock);
	if (!--si->users) {
		kvfree(si->index);
		si->index = NULL;
	}
	mutex_unlock(&si->lock);
}

static struct gvt_shared_index gvt_mmio_index = {
	.lock = __MUTEX_INITIALIZER(gvt_mmio_index.lock),
	.entries = GVT_MMIO_DWORDS,
	.build = gvt_mmio_index_build,
};

/**
 * gvt_mmio_table_init() - give a device the register attribute index
 * @gvt: the device
 *
 * The index is built once, by the first device, and shared read-only by
 * every device registered after it.
 *
 * Return: 0, -ENOMEM, or -EEXIST if two table entries overlap (a bug in
 * the table, reported loudly).
 */
int gvt_mmio_table_init(struct gvt_device *gvt)
{
	int ret;

	gvt->mmio_index = gvt_shared_index_get(&gvt_mmio_index, &ret);
	return ret;
}

/**
 * gvt_mmio_table_fini() - drop a device's use of the register index
 * @gvt: the device
 */
void gvt_mmio_table_fini(struct gvt_device *gvt)
{
	if (!gvt->mmio_index)
		return;
	gvt->mmio_index = NULL;
	gvt_shared_index_put(&gvt_mmio_index);
}

/**
 * gvt_mmio_find() - the description of a register
 * @gvt: the device
 * @offset: a dword offset below %GVT_MMIO_SIZE
 *
 * Return: the table entry covering @offset, or NULL for plain storage.
 */
const struct gvt_mmio_info *gvt_mmio_find(const struct gvt_device *gvt,
					  u32 offset)
{
	u16 slot = gvt->mmio_index[offset >> 2];

	return slot ? gvt_mmio_info_of(slot) : NULL;
}

/**
 * gvt_mmio_cmd_access() - may GPU commands access a register?
 * @gvt: the device
 * @offset: register offset as a command gives it
 *
 * The command scanner refuses LRI, LRM, SRM and PIPE_CONTROL register
 * accesses for which this returns false.
 *
 * Return: true if @offset is a dword-aligned register with the
 * %GVT_MMIO_F_CMD_ACCESS attribute.
 */
bool gvt_mmio_cmd_access(const struct gvt_device *gvt, u32 offset)
{
	const struct gvt_mmio_info *info;

	if (offset >= GVT_MMIO_SIZE || offset & 3)
		return false;
	info = gvt_mmio_find(gvt, offset);
	return info && (info->flags & GVT_MMIO_F_CMD_ACCESS);
}
