// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vertical blanks of the vGPU's pipes: the frame counter, the scanline,
 * the vblank and flip-done interrupts.
 *
 * An enabled pipe (PIPECONF bit 31) has a vblank every
 * GVT_VBLANK_PERIOD_NS, counted from the moment it was enabled. The vGPU
 * does not tick for each: it catches up when something can tell, and
 * counts every vblank that fell since the last one it counted:
 *
 * - PIPE_FRMCOUNT (read-only to the guest), which i915 reads as the
 *   pipe's hardware vblank counter, advances by that many;
 * - the planes whose PLANE_SURF was written since then latch the new
 *   address into PLANE_SURFLIVE and raise their FLIP_DONE (DE pipe IIR
 *   bit 3 + plane);
 * - VBLANK (DE pipe IIR bit 0) is raised.
 *
 * The events go through the DE pipe group's IMR, IIR and IER and the
 * master interrupt like any other (interrupt.c): one VBLANK stands for
 * all the vblanks caught up at once, as an unacknowledged IIR bit does.
 *
 * It catches up when the guest reads PIPE_FRMCOUNT or PLANE_SURFLIVE,
 * when it disables the pipe, and on each tick of the device's vblank
 * timer (vblank_timer.c in the kernel, every GVT_VBLANK_PERIOD_NS). The
 * timer runs only while some vGPU of the device wants an interrupt from
 * it: an enabled pipe whose DE pipe group enables (IER) and does not mask
 * (IMR) VBLANK or a FLIP_DONE. i915 enables the vblank interrupt only
 * while someone waits for a vblank, so a guest that shows a still screen
 * costs the host nothing. Enabling a pipe, writing a DE pipe IMR or IER,
 * or arming a flip restarts the timer.
 *
 * PIPEDSL, the current scanline, reads line GVT_PIPEDSL_ACTIVE while the
 * pipe is enabled and 0 otherwise. A line that is not 0 is what i915
 * takes for a running pipe without polling PIPEDSL for 100 us; line 1 is
 * outside the window before the vblank in which i915 holds back plane
 * updates (the vblank evasion), so an update never waits on it.
 */
#include "gvt_internal.h"

/* Count the vblanks of @pipe since the last one counted; raise events. */
static void gvt_vblank_catch_up(struct gvt_vgpu *vgpu, unsigned int pipe)
{
	u64 now = ktime_get_ns(), n;
	u32 events = GVT_PIPE_VBLANK;
	unsigned int plane;

	if (!gvt_pipe_enabled(vgpu, pipe) || now < vgpu->vblank_last_ns[pipe])
		return;
	n = div64_u64(now - vgpu->vblank_last_ns[pipe], GVT_VBLANK_PERIOD_NS);
	if (!n)
		return;
	vgpu->vblank_last_ns[pipe] += n * GVT_VBLANK_PERIOD_NS;
	/* A 32-bit counter, wrapping as the hardware's does. */
	*gvt_vreg(vgpu, GVT_REG_PIPE_FRMCOUNT(pipe)) += (u32)n;
	vgpu->counters.vblanks += n;
	for (plane = 0; plane < GVT_PLANES_PER_PIPE; plane++) {
		unsigned int bit = pipe * GVT_PLANES_PER_PIPE + plane;

		if (!(vgpu->flips_pending & BIT(bit)))
			continue;
		vgpu->flips_pending &= ~BIT(bit);
		*gvt_vreg(vgpu, GVT_REG_PLANE_SURFLIVE(pipe, plane)) =
			*gvt_vreg_ro(vgpu, GVT_REG_PLANE_SURF(pipe, plane));
		events |= GVT_PIPE_FLIP_DONE(plane);
	}
	gvt_irq_raise_group(vgpu, GVT_REG_DE_PIPE_ISR(pipe), events);
}

/* Does an enabled @pipe have a vblank event the guest would receive? */
static bool gvt_vblank_wanted(struct gvt_vgpu *vgpu, unsigned int pipe)
{
	u32 isr = GVT_REG_DE_PIPE_ISR(pipe);

	return gvt_pipe_enabled(vgpu, pipe) &&
	       (*gvt_vreg_ro(vgpu, isr + GVT_IRQ_IER) &
		~*gvt_vreg_ro(vgpu, isr + GVT_IRQ_IMR) &
		GVT_PIPE_VBLANK_EVENTS);
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
 * gvt_vblank_reg_read() - PIPE_FRMCOUNT or PLANE_SURFLIVE of a pipe
 * @vgpu: the vGPU, locked
 * @offset: the register, of pipe A, B or C
 *
 * Return: the register once the pipe's vblanks are caught up.
 */
u32 gvt_vblank_reg_read(struct gvt_vgpu *vgpu, u32 offset)
{
	lockdep_assert_held(&vgpu->lock);
	gvt_vblank_catch_up(vgpu, (offset - GVT_REG_PIPEDSL(0)) / 0x1000);
	return *gvt_vreg_ro(vgpu, offset);
}

/**
 * gvt_vblank_pipe_switched() - pipe A, B or C was enabled or disabled
 * @vgpu: the vGPU, locked, PIPECONF not yet updated
 * @pipe: the pipe
 * @enabled: its new state, different from the old one
 *
 * An enabled pipe counts vblanks from now on; a disabled one counts those
 * that fell before it went off, then stops.
 */
void gvt_vblank_pipe_switched(struct gvt_vgpu *vgpu, unsigned int pipe,
			      bool enabled)
{
	lockdep_assert_held(&vgpu->lock);
	if (!enabled) {
		gvt_vblank_catch_up(vgpu, pipe);
		return;
	}
	vgpu->vblank_last_ns[pipe] = ktime_get_ns();
	gvt_vblank_timer_kick(vgpu->gvt);
}

/**
 * gvt_vblank_irq_changed() - the guest wrote an IMR or IER
 * @vgpu: the vGPU, locked
 * @offset: the register
 *
 * A DE pipe group's restarts the vblank timer, which stops again at its
 * next tick if no vblank event is wanted.
 */
void gvt_vblank_irq_changed(struct gvt_vgpu *vgpu, u32 offset)
{
	if (offset >= GVT_REG_DE_PIPE_ISR(0) &&
	    offset < GVT_REG_DE_PIPE_ISR(GVT_NUM_PIPES))
		gvt_vblank_timer_kick(vgpu->gvt);
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
	/* A flip armed before counts from the vblanks before this one. */
	gvt_vblank_catch_up(vgpu, pipe);
	*reg = gvt_merge(*reg, val, mask);
	vgpu->flips_pending |= BIT(pipe * GVT_PLANES_PER_PIPE + plane);
	gvt_vblank_timer_kick(vgpu->gvt);
}

/**
 * gvt_vblank_tick() - catch up the vblanks of every pipe of a vGPU
 * @vgpu: the vGPU, locked
 *
 * Return: whether the guest wants a vblank event of one of its enabled
 * pipes, so that the timer must tick again.
 */
bool gvt_vblank_tick(struct gvt_vgpu *vgpu)
{
	unsigned int pipe;
	bool wanted = false;

	lockdep_assert_held(&vgpu->lock);
	for (pipe = 0; pipe < GVT_NUM_PIPES; pipe++) {
		gvt_vblank_catch_up(vgpu, pipe);
		if (gvt_vblank_wanted(vgpu, pipe))
			wanted = true;
	}
	return wanted;
}

/**
 * gvt_vblank_device_tick() - the vblank timer's tick for every vGPU
 * @gvt: the device
 *
 * Takes the scheduler lock, then each vGPU's lock; visits the vGPUs that
 * are set up and not being destroyed (those on the scheduler's list).
 *
 * Return: whether some vGPU wants a vblank event.
 */
bool gvt_vblank_device_tick(struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu;
	bool wanted = false;

	mutex_lock(&gvt->sched_lock);
	list_for_each_entry(vgpu, &gvt->sched_vgpus, sched_link) {
		mutex_lock(&vgpu->lock);
		if (gvt_vblank_tick(vgpu))
			wanted = true;
		mutex_unlock(&vgpu->lock);
	}
	mutex_unlock(&gvt->sched_lock);
	return wanted;
}
