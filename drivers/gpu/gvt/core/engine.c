// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine control: resets (GDRST), stopping an engine (MI_MODE), the
 * error registers and the TLB invalidation registers.
 *
 * A per-engine reset cancels the engine's workload in flight through the
 * host, forgets its element list and reloads its register block from the
 * power-on snapshot; a full reset does so for every engine and reloads
 * every register below the interrupt registers. The guest then programs
 * the engine again and resubmits with FORCE_RESTORE.
 */
#include "gvt_internal.h"

static const struct {
	u32 bit;
	enum gvt_engine engine;
} gvt_gdrst_engines[] = {
	{ GVT_GDRST_RENDER, GVT_ENGINE_RCS },
	{ GVT_GDRST_MEDIA, GVT_ENGINE_VCS },
	{ GVT_GDRST_BLT, GVT_ENGINE_BCS },
	{ GVT_GDRST_VECS, GVT_ENGINE_VECS },
	{ GVT_GDRST_MEDIA2, GVT_ENGINE_VCS2 },
};

/**
 * gvt_engine_reset() - reset one engine of a vGPU
 * @vgpu: the vGPU, locked
 * @e: the engine
 *
 * What runs is cancelled, the element list and a partial ELSP write are
 * forgotten, and the engine's registers return to the snapshot.
 */
void gvt_engine_reset(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	u32 base = gvt_engine_base(e);

	vgpu->counters.engine_resets++;
	gvt_sched_cancel(vgpu, e);
	gvt_execlist_reset(vgpu, e);
	gvt_mmio_restore(vgpu, base, base + GVT_ENGINE_BLOCK_SIZE);
	vgpu->sched_kick = true;
}

/**
 * gvt_gdrst_write() - a GPU reset request
 * @vgpu: the vGPU, locked
 * @offset: GDRST
 * @val: reset domains: bit 0 full, 1 RCS, 2 VCS, 3 BCS, 4 VECS, 7 VCS2
 * @mask: bits covered by the access
 *
 * The reset is over at once, so the register reads 0 afterwards.
 */
void gvt_gdrst_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	unsigned int i;

	val &= mask;
	if (val & GVT_GDRST_FULL) {
		for (i = 0; i < GVT_NUM_ENGINES; i++)
			gvt_engine_reset(vgpu, i);
		gvt_mmio_restore(vgpu, 0, GVT_GDRST_FULL_END);
	} else {
		for (i = 0; i < ARRAY_SIZE(gvt_gdrst_engines); i++)
			if (val & gvt_gdrst_engines[i].bit)
				gvt_engine_reset(vgpu,
						 gvt_gdrst_engines[i].engine);
	}
	*gvt_vreg(vgpu, offset) = 0;
}

/**
 * gvt_mi_mode_read() - MI_MODE with MODE_IDLE
 * @vgpu: the vGPU, locked
 * @offset: MI_MODE of an engine
 *
 * MODE_IDLE (bit 9) reads 1 when nothing runs on the engine: no element
 * list, or STOP_RING set and no workload in flight.
 *
 * Return: bits 15:0 of the masked register.
 */
u32 gvt_mi_mode_read(struct gvt_vgpu *vgpu, u32 offset)
{
	u32 val = *gvt_vreg_ro(vgpu, offset) & 0xffff & ~GVT_MI_MODE_IDLE;
	int e = gvt_engine_of(offset);
	struct gvt_execlist *el;

	if (e < 0)
		return val;
	el = &vgpu->execlist[e];
	if (!el->inflight && (!el->active || (val & GVT_MI_MODE_STOP_RING)))
		val |= GVT_MI_MODE_IDLE;
	return val;
}

/**
 * gvt_mi_mode_write() - MI_MODE: STOP_RING and the other masked bits
 * @vgpu: the vGPU, locked
 * @offset: MI_MODE of an engine
 * @val: masked value; MODE_IDLE is read-only
 * @mask: bits covered by the access
 *
 * A stopped engine starts no new workload; clearing STOP_RING lets the
 * scheduler run what waits.
 */
void gvt_mi_mode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	gvt_masked_write(vgpu, offset, val & ~(GVT_MI_MODE_IDLE << 16), mask);
	vgpu->sched_kick = true;
}

/**
 * gvt_eir_write() - RING_EIR: write 1 to clear
 * @vgpu: the vGPU, locked
 * @offset: RING_EIR of an engine
 * @val: bits to clear
 * @mask: bits covered by the access
 */
void gvt_eir_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	*gvt_vreg(vgpu, offset) &= ~(val & mask);
}

/**
 * gvt_zero_read() - a register that always reads 0 (RING_ESR)
 * @vgpu: the vGPU
 * @offset: the register
 *
 * Return: 0.
 */
u32 gvt_zero_read(struct gvt_vgpu *vgpu, u32 offset)
{
	return 0;
}

/**
 * gvt_tlb_ctl_write() - a TLB invalidation request (RTCR .. VTCR)
 * @vgpu: the vGPU, locked
 * @offset: the register
 * @val: the request
 * @mask: bits covered by the access
 *
 * The invalidation completes at once, so the register reads 0. Shadow
 * page tables are revalidated at every submission, so nothing is cached
 * that the guest could expect to be dropped here.
 */
void gvt_tlb_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	*gvt_vreg(vgpu, offset) = 0;
}
