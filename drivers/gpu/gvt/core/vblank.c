// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vertical blanks of the vGPU's pipes: the frame counter, the scanline,
 * the vblank and flip-done interrupts.
 *
 * While a pipe is enabled (PIPECONF bit 31) it has a vblank every
 * GVT_VBLANK_PERIOD_US: the device's vblank timer (vblank_timer.c in the
 * kernel) calls gvt_vblank_device_tick(), and every enabled pipe of every
 * vGPU
 *
 * - counts a frame in PIPE_FRMCOUNT (read-only to the guest), which i915
 *   reads as the pipe's hardware vblank counter;
 * - latches the planes whose PLANE_SURF was written since the last
 *   vblank: PLANE_SURFLIVE takes the new address and the pipe raises that
 *   plane's FLIP_DONE (DE pipe IIR bit 3 + plane);
 * - raises VBLANK (DE pipe IIR bit 0).
 *
 * Both events go through the DE pipe group's IMR, IIR and IER and the
 * master interrupt like any other (interrupt.c). A disabled pipe has no
 * vblank: its counter stops and a flip armed on it waits.
 *
 * PIPEDSL, the current scanline, reads line GVT_PIPEDSL_ACTIVE while the
 * pipe is enabled and 0 otherwise. A line that is not 0 is what i915
 * takes for a running pipe without polling PIPEDSL for 100 us; line 1 is
 * outside the window before the vblank in which i915 holds back plane
 * updates (the vblank evasion), so an update never waits on it.
 */
#include "gvt_internal.h"

static bool gvt_pipe_enabled(struct gvt_vgpu *vgpu, unsigned int pipe)
{
	return *gvt_vreg_ro(vgpu, GVT_REG_PIPECONF(pipe)) & GVT_PIPECONF_ENABLE;
}

/**
 * gvt_pipedsl_read() - PIPEDSL of a pipe: the scanline
 * @vgpu: the vGPU, locked
 * @offset: PIPEDSL(pipe)
 *
 * Return: GVT_PIPEDSL_ACTIVE while the pipe is enabled, else 0.
 */
u32 gvt_pipedsl_read(struct gvt_vgpu *vgpu, u32 offset)
{
	unsigned int pipe = (offset - GVT_REG_PIPEDSL(0)) / 0x1000;

	lockdep_assert_held(&vgpu->lock);
	return gvt_pipe_enabled(vgpu, pipe) ? GVT_PIPEDSL_ACTIVE : 0;
}

/**
 * gvt_plane_surf_write() - PLANE_SURF of a plane: arm a flip
 * @vgpu: the vGPU, locked
 * @offset: PLANE_SURF(pipe, plane)
 * @val: written value
 * @mask: bits covered by the access
 *
 * The address is stored; the pipe's next vblank latches it.
 */
void gvt_plane_surf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask)
{
	u32 rel = offset - GVT_REG_PLANE_SURF(0, 0);
	unsigned int pipe = rel / 0x1000, plane = (rel % 0x1000) / 0x100;
	u32 *reg = gvt_vreg(vgpu, offset);

	lockdep_assert_held(&vgpu->lock);
	*reg = gvt_merge(*reg, val, mask);
	vgpu->flips_pending |= BIT(pipe * GVT_PLANES_PER_PIPE + plane);
}

/**
 * gvt_vblank_active() - has the vGPU a pipe that makes vblanks?
 * @vgpu: the vGPU, locked
 *
 * Return: true when one of pipes A to C is enabled.
 */
bool gvt_vblank_active(struct gvt_vgpu *vgpu)
{
	unsigned int pipe;

	lockdep_assert_held(&vgpu->lock);
	for (pipe = 0; pipe < GVT_NUM_PIPES; pipe++)
		if (gvt_pipe_enabled(vgpu, pipe))
			return true;
	return false;
}

/**
 * gvt_vblank_tick() - one vblank of every enabled pipe of a vGPU
 * @vgpu: the vGPU, locked
 *
 * Return: whether a pipe is enabled, so that the next tick is needed.
 */
bool gvt_vblank_tick(struct gvt_vgpu *vgpu)
{
	unsigned int pipe, plane;
	bool active = false;

	lockdep_assert_held(&vgpu->lock);
	for (pipe = 0; pipe < GVT_NUM_PIPES; pipe++) {
		u32 events = GVT_PIPE_VBLANK;

		if (!gvt_pipe_enabled(vgpu, pipe))
			continue;
		active = true;
		(*gvt_vreg(vgpu, GVT_REG_PIPE_FRMCOUNT(pipe)))++;
		for (plane = 0; plane < GVT_PLANES_PER_PIPE; plane++) {
			unsigned int bit = pipe * GVT_PLANES_PER_PIPE + plane;

			if (!(vgpu->flips_pending & BIT(bit)))
				continue;
			vgpu->flips_pending &= ~BIT(bit);
			*gvt_vreg(vgpu, GVT_REG_PLANE_SURFLIVE(pipe, plane)) =
				*gvt_vreg_ro(vgpu, GVT_REG_PLANE_SURF(pipe,
								      plane));
			events |= GVT_PIPE_FLIP_DONE(plane);
		}
		vgpu->counters.vblanks++;
		gvt_irq_raise_group(vgpu, GVT_REG_DE_PIPE_ISR(pipe), events);
	}
	return active;
}

/**
 * gvt_vblank_device_tick() - one vblank of every vGPU of a device
 * @gvt: the device
 *
 * Takes the scheduler lock, then each vGPU's lock; visits the vGPUs that
 * are set up and not being destroyed (those on the scheduler's list).
 *
 * Return: whether some vGPU has an enabled pipe.
 */
bool gvt_vblank_device_tick(struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu;
	bool active = false;

	mutex_lock(&gvt->sched_lock);
	list_for_each_entry(vgpu, &gvt->sched_vgpus, sched_link) {
		mutex_lock(&vgpu->lock);
		if (gvt_vblank_tick(vgpu))
			active = true;
		mutex_unlock(&vgpu->lock);
	}
	mutex_unlock(&gvt->sched_lock);
	return active;
}
