// SPDX-License-Identifier: GPL-2.0-only
/*
 * The display's port and pipe state that i915 waits on, and port D's
 * hotplug detection.
 *
 * Hardware takes time to change state; the vGPU changes at once, so that
 * every wait of i915's ends at its first read:
 *
 * - DDI_BUF_CTL of ports A to E: IS_IDLE (bit 7) is set exactly while the
 *   buffer is not enabled (bit 31);
 * - DP_TP_CTL of ports A to E: when the link is set to send idle patterns
 *   (bits 10:8 = 2), DP_TP_STATUS reads IDLE_DONE (bit 25), and not
 *   otherwise;
 * - PIPECONF of pipes A to C and the eDP transcoder: the state (bit 30)
 *   follows the enable bit (bit 31); pipes A to C count vblanks while
 *   they are enabled (vblank.c).
 *
 * PCH_PORT_HOTPLUG (SHOTPLUG_CTL) holds the per-port enables and the
 * detection status, which the guest clears by writing it back (write 1
 * to clear). Plugging or unplugging the monitor (dp_aux.c) while port D's
 * detection is enabled reports a long pulse there and raises SDE_PORTD
 * in SDEIIR, as a monitor's hotplug line does.
 */
#include "gvt_internal.h"

/**
 * gvt_ddi_buf_write() - DDI_BUF_CTL of a port
 * @vgpu: the vGPU, locked
 * @offset: DDI_BUF_CTL(port)
 * @val: written value
 * @mask: bits covered by the access
 */
void gvt_ddi_buf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);

	*reg = gvt_merge(*reg, val, mask) & ~GVT_DDI_BUF_IS_IDLE;
	if (!(*reg & GVT_DDI_BUF_ENABLE))
		*reg |= GVT_DDI_BUF_IS_IDLE;
}

/**
 * gvt_dp_tp_ctl_write() - DP_TP_CTL of a port
 * @vgpu: the vGPU, locked
 * @offset: DP_TP_CTL(port)
 * @val: written value
 * @mask: bits covered by the access
 *
 * DP_TP_STATUS(port), 4 bytes above, reports idle patterns sent as soon
 * as they are asked for.
 */
void gvt_dp_tp_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 *status = gvt_vreg(vgpu, offset + 4);

	*reg = gvt_merge(*reg, val, mask);
	if ((*reg & GVT_DP_TP_TRAIN_MASK) == GVT_DP_TP_TRAIN_IDLE)
		*status |= GVT_DP_TP_IDLE_DONE;
	else
		*status &= ~GVT_DP_TP_IDLE_DONE;
}

/**
 * gvt_pipeconf_write() - PIPECONF of a pipe or transcoder
 * @vgpu: the vGPU, locked
 * @offset: PIPECONF
 * @val: written value
 * @mask: bits covered by the access
 */
void gvt_pipeconf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 next = gvt_merge(*reg, val, mask) & ~GVT_PIPECONF_STATE;

	/*
	 * An enabled pipe has vblanks (vblank.c); the eDP transcoder's are
	 * its pipe's.
	 */
	if (offset != GVT_REG_PIPECONF_EDP &&
	    ((*reg ^ next) & GVT_PIPECONF_ENABLE))
		gvt_vblank_pipe_switched(vgpu,
					 (offset - GVT_REG_PIPECONF(0)) / 0x1000,
					 next & GVT_PIPECONF_ENABLE);
	*reg = next;
	if (*reg & GVT_PIPECONF_ENABLE)
		*reg |= GVT_PIPECONF_STATE;
}

/**
 * gvt_hotplug_write() - PCH_PORT_HOTPLUG: enables, and status to clear
 * @vgpu: the vGPU, locked
 * @offset: PCH_PORT_HOTPLUG
 * @val: written value
 * @mask: bits covered by the access
 *
 * The status fields (bits 1:0, 9:8, 17:16, 25:24) clear where 1s are
 * written; the other bits are stored.
 */
void gvt_hotplug_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 status = *reg & GVT_HOTPLUG_STATUS & ~val;

	*reg = (gvt_merge(*reg, val, mask) & ~GVT_HOTPLUG_STATUS) | status;
}

/**
 * gvt_hotplug_event() - the monitor on port D was plugged or unplugged
 * @vgpu: the vGPU, locked
 *
 * With port D's detection enabled, reports a long pulse in
 * PCH_PORT_HOTPLUG and raises SDE_PORTD in SDEIIR.
 */
void gvt_hotplug_event(struct gvt_vgpu *vgpu)
{
	u32 *reg = gvt_vreg(vgpu, GVT_REG_PCH_HOTPLUG);

	if (!(*reg & GVT_HOTPLUG_PORTD_ENABLE))
		return;
	*reg = (*reg & ~GVT_HOTPLUG_PORTD_STATUS) | GVT_HOTPLUG_PORTD_LONG;
	gvt_irq_raise_group(vgpu, GVT_REG_SDE_ISR, GVT_SDE_PORTD_HOTPLUG);
}
