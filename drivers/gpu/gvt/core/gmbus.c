// SPDX-License-Identifier: GPL-2.0-only
/*
 * GMBUS, the display engine's I2C controller: nothing answers on any pin.
 *
 * The vGPU's one monitor is on a DisplayPort connector, whose EDID is read
 * over AUX (dp_aux.c); no HDMI or DVI connector has a DDC bus. So every
 * GMBUS cycle the guest starts (GMBUS1 with SW_RDY) ends at once with the
 * slave's acknowledge missing: GMBUS2 reads SATOER, never HW_RDY, and the
 * bus is idle (ACTIVE clear). i915 takes that as a NAK (-ENXIO), toggles
 * SW_CLR_INT, which clears SATOER, and retries once; it never falls back
 * to bit-banging the GPIO pins, which it does only after a 50 ms timeout.
 */
#include "gvt_internal.h"

/**
 * gvt_gmbus1_write() - GMBUS1: command and status of a cycle
 * @vgpu: the vGPU, locked
 * @offset: GMBUS1
 * @val: written value
 * @mask: bits covered by the access
 *
 * SW_CLR_INT resets the controller (GMBUS2 reads 0); otherwise SW_RDY
 * starts a cycle that no slave acknowledges (GMBUS2 reads SATOER).
 */
void gvt_gmbus1_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 *status = gvt_vreg(vgpu, GVT_REG_GMBUS2);

	*reg = gvt_merge(*reg, val, mask);
	if (*reg & GVT_GMBUS_SW_CLR_INT)
		*status = 0;
	else if (val & GVT_GMBUS_SW_RDY)
		*status = GVT_GMBUS_SATOER;
	/* SW_RDY reads 0 once the controller has taken the command. */
	*reg &= ~GVT_GMBUS_SW_RDY;
}
