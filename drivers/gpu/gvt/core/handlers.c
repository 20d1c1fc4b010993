// SPDX-License-Identifier: GPL-2.0-only
/*
 * Special register handlers of the Gen9 register file.
 *
 * Each handler gets the dword offset of the register, the value the guest
 * wrote and the mask of the bits its access covered; bits outside the mask
 * are 0 in the value. Handlers only change the vGPU's register file: none
 * of them touches the physical GPU.
 */
#include "gvt_internal.h"

/* Bits 15:0 of @old updated by a masked write of @val (bits 31:16 enable). */
static u32 gvt_masked_value(u32 old, u32 val, u32 mask)
{
	u32 enable = (val & mask) >> 16;

	return gvt_merge(old, val, enable) & 0xffff;
}

/**
 * gvt_masked_write() - write a masked register
 * @vgpu: the vGPU
 * @offset: register offset
 * @val: written value; bits 31:16 select which of bits 15:0 change
 * @mask: bits covered by the access
 *
 * Bits 31:16 of a masked register always read as 0.
 */
void gvt_masked_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	*reg = gvt_masked_value(*reg, val, mask);
}

/**
 * gvt_forcewake_write() - a forcewake request, acknowledged at once
 * @vgpu: the vGPU
 * @offset: FORCEWAKE_RENDER, FORCEWAKE_GT or FORCEWAKE_MEDIA
 * @val: masked value
 * @mask: bits covered by the access
 *
 * The request bits are mirrored into the matching ACK register, so the
 * guest's wait for the ACK ends immediately. The host's forcewake is
 * never touched: the vGPU's registers are not the GPU's.
 */
void gvt_forcewake_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask)
{
	u32 ack;

	switch (offset) {
	case GVT_REG_FW_RENDER:
		ack = GVT_REG_FW_RENDER_ACK;
		break;
	case GVT_REG_FW_GT:
		ack = GVT_REG_FW_GT_ACK;
		break;
	default:
		ack = GVT_REG_FW_MEDIA_ACK;
		break;
	}
	gvt_masked_write(vgpu, offset, val, mask);
	*gvt_vreg(vgpu, ack) = *gvt_vreg_ro(vgpu, offset);
}

/**
 * gvt_iir_write() - an interrupt identity register: write 1 to clear
 * @vgpu: the vGPU
 * @offset: an IIR
 * @val: bits to clear
 * @mask: bits covered by the access
 */
void gvt_iir_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	*gvt_vreg(vgpu, offset) &= ~(val & mask);
	gvt_irq_update(vgpu);
}

/**
 * gvt_reset_ctl_write() - an engine's RESET_CTL
 * @vgpu: the vGPU
 * @offset: RING_RESET_CTL of an engine
 * @val: masked value
 * @mask: bits covered by the access
 *
 * The engine is always ready: READY_TO_RESET follows REQUEST_RESET.
 */
void gvt_reset_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	gvt_masked_write(vgpu, offset, val, mask);
	if (*reg & GVT_RESET_CTL_REQUEST)
		*reg |= GVT_RESET_CTL_READY;
	else
		*reg &= ~GVT_RESET_CTL_READY;
}

/**
 * gvt_gfx_mode_write() - an engine's GFX_MODE
 * @vgpu: the vGPU
 * @offset: RING_MODE of an engine
 * @val: masked value
 * @mask: bits covered by the access
 *
 * A driver that enables execlists (a write setting bit 15) without having
 * read PVINFO does not
 * know it runs on a vGPU (it would use the GGTT outside its slice), so
 * the vGPU goes into failsafe.
 */
void gvt_gfx_mode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			u32 mask)
{
	u32 enable = GVT_GFX_RUN_LIST_ENABLE << 16 | GVT_GFX_RUN_LIST_ENABLE;

	gvt_masked_write(vgpu, offset, val, mask);
	if ((val & mask & enable) == enable && !vgpu->pv_notified)
		gvt_enter_failsafe(vgpu, GVT_FAILSAFE_UNSUPPORTED_GUEST);
}

/**
 * gvt_pcode_write() - the PCODE mailbox
 * @vgpu: the vGPU
 * @offset: PCODE_MAILBOX
 * @val: command
 * @mask: bits covered by the access
 *
 * There is no PCODE behind a vGPU: a command (a write with READY set)
 * completes at once, successfully: READY clears and the error code in bits
 * 7:0, where the command was, reads 0. The data registers are unchanged,
 * except that a request to disable SAGV replies that SAGV is disabled. A
 * write without READY only stores the value, as it submits nothing.
 */
void gvt_pcode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 *data = gvt_vreg(vgpu, GVT_REG_PCODE_DATA);

	*reg = gvt_merge(*reg, val, mask);
	if (!(*reg & GVT_PCODE_READY))
		return;
	if ((*reg & GVT_PCODE_ERROR_MASK) == GVT_PCODE_SAGV_CONTROL &&
	    *data == GVT_SAGV_DISABLE)
		*data = GVT_SAGV_IS_DISABLED;
	*reg &= ~(GVT_PCODE_READY | GVT_PCODE_ERROR_MASK);
}

/**
 * gvt_pwr_well_write() - a display power well control register
 * @vgpu: the vGPU
 * @offset: HSW_PWR_WELL_CTL1..4
 * @val: requests
 * @mask: bits covered by the access
 *
 * Bit 2 i + 1 requests power well i, bit 2 i reports its state: every
 * well is on as soon as it is requested, off as soon as no longer.
 */
void gvt_pwr_well_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 req = gvt_merge(*reg, val, mask) & GVT_PWR_WELL_REQ_MASK;

	*reg = req | req >> 1;
}

/**
 * gvt_dbuf_write() - DBUF_CTL: the display buffer powers up at once
 * @vgpu: the vGPU
 * @offset: DBUF_CTL
 * @val: written value
 * @mask: bits covered by the access
 */
void gvt_dbuf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	*reg = gvt_merge(*reg, val, mask) & ~GVT_DBUF_STATE;
	if (*reg & GVT_DBUF_REQUEST)
		*reg |= GVT_DBUF_STATE;
}

/**
 * gvt_dpll_write() - a display PLL's control register
 * @vgpu: the vGPU
 * @offset: LCPLL1_CTL, LCPLL2_CTL, WRPLL_CTL1 or WRPLL_CTL2 (DPLL 0..3)
 * @val: written value
 * @mask: bits covered by the access
 *
 * A PLL locks as soon as it is enabled and unlocks when disabled: its
 * lock bit in DPLL_STATUS follows its enable bit, and so does the lock
 * bit of LCPLL1_CTL itself for DPLL0.
 */
void gvt_dpll_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 *status = gvt_vreg(vgpu, GVT_REG_DPLL_STATUS);
	unsigned int id;
	bool on;

	switch (offset) {
	case GVT_REG_LCPLL1_CTL:
		id = 0;
		break;
	case GVT_REG_LCPLL2_CTL:
		id = 1;
		break;
	case GVT_REG_WRPLL1_CTL:
		id = 2;
		break;
	default:
		id = 3;
		break;
	}
	*reg = gvt_merge(*reg, val, mask);
	on = *reg & GVT_PLL_ENABLE;
	if (id == 0)
		*reg = on ? *reg | GVT_LCPLL_LOCK : *reg & ~GVT_LCPLL_LOCK;
	*status = on ? *status | GVT_DPLL_LOCK(id) :
		       *status & ~GVT_DPLL_LOCK(id);
}
