// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVINFO page (struct vgt_if of the i915 guest driver) at BAR0 0x78000.
 *
 * It tells a guest that it runs on a vGPU and which part of the GPU is
 * its own: the aperture and hidden GM ranges (guest GM addresses equal
 * host GM addresses, the guest balloons out the rest) and its fences.
 * The guest writes back a few notifications.
 */
#include "gvt_internal.h"

#define VGT_MAGIC		0x4776544776544776ULL
#define VGT_VERSION_MAJOR	1
#define VGT_VERSION_MINOR	0
#define VGT_CAPS_FULL_PPGTT	BIT(2)
#define VGT_CAPS_HWSP_EMULATION	BIT(3)
#define VGT_CAPS_HUGE_GTT	BIT(4)

/* Offsets in the page. */
#define PV_MAGIC		0x000
#define PV_VERSION		0x008
#define PV_VGT_ID		0x00c
#define PV_CAPS			0x010
#define PV_APERTURE_BASE	0x040
#define PV_APERTURE_SIZE	0x044
#define PV_HIDDEN_BASE		0x048
#define PV_HIDDEN_SIZE		0x04c
#define PV_FENCE_NUM		0x050
#define PV_DISPLAY_READY	0x804
#define PV_RSV5			0x808
#define PV_RSV5_END		0x818
#define PV_G2V_NOTIFY		0x818
#define PV_CURSOR_X_HOT		0x830
#define PV_CURSOR_Y_HOT		0x834
#define PV_PDP			0x838	/* 4 x (lo, hi) */
#define PV_EXECLIST_DESC_END	0x860	/* after descriptor lo, hi */

/* g2v_notify codes: PPGTT L3/L4 create/destroy, execlist context. */
#define VGT_G2V_FIRST		2
#define VGT_G2V_L4_DESTROY	5	/* PML4 address in pdp[0] */
#define VGT_G2V_LAST		7

static void pv_put(struct gvt_vgpu *vgpu, u32 rel, u32 val)
{
	*gvt_vreg(vgpu, GVT_PVINFO_OFFSET + rel) = val;
}

/* pdp[0] of the PVINFO page: the PML4 a g2v notification is about. */
static u64 gvt_pv_pdp0(struct gvt_vgpu *vgpu)
{
	return *gvt_vreg(vgpu, GVT_PVINFO_OFFSET + PV_PDP) |
	       (u64)*gvt_vreg(vgpu, GVT_PVINFO_OFFSET + PV_PDP + 4) << 32;
}

/**
 * gvt_pvinfo_reset() - fill the PVINFO page of a vGPU
 * @vgpu: the vGPU, locked
 */
void gvt_pvinfo_reset(struct gvt_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->lock);

	memset(gvt_vreg_span(vgpu, GVT_PVINFO_OFFSET, GVT_PVINFO_SIZE), 0,
	       GVT_PVINFO_SIZE);
	pv_put(vgpu, PV_MAGIC, VGT_MAGIC & 0xffffffff);
	pv_put(vgpu, PV_MAGIC + 4, VGT_MAGIC >> 32);
	pv_put(vgpu, PV_VERSION, VGT_VERSION_MAJOR | VGT_VERSION_MINOR << 16);
	pv_put(vgpu, PV_VGT_ID, vgpu->id);
	pv_put(vgpu, PV_CAPS, VGT_CAPS_FULL_PPGTT | VGT_CAPS_HWSP_EMULATION |
	       VGT_CAPS_HUGE_GTT);
	pv_put(vgpu, PV_APERTURE_BASE, vgpu->low.start);
	pv_put(vgpu, PV_APERTURE_SIZE, vgpu->low.size);
	pv_put(vgpu, PV_HIDDEN_BASE, vgpu->high.start);
	pv_put(vgpu, PV_HIDDEN_SIZE, vgpu->high.size);
	pv_put(vgpu, PV_FENCE_NUM, vgpu->num_fences);
	pv_put(vgpu, PV_CURSOR_X_HOT, U32_MAX);
	pv_put(vgpu, PV_CURSOR_Y_HOT, U32_MAX);
}

/**
 * gvt_pvinfo_read() - a guest read of the PVINFO page
 * @vgpu: the vGPU, locked
 * @offset: register offset in the page
 *
 * Counted in the vGPU's statistics, once per dword read.
 *
 * Return: the value; the guest is now known to be GVT-g aware.
 */
u32 gvt_pvinfo_read(struct gvt_vgpu *vgpu, u32 offset)
{
	lockdep_assert_held(&vgpu->lock);

	vgpu->pv_notified = true;
	vgpu->counters.pvinfo_reads++;
	return *gvt_vreg_ro(vgpu, offset);
}

/**
 * gvt_pvinfo_write() - a guest write to the PVINFO page
 * @vgpu: the vGPU, locked
 * @offset: register offset in the page
 * @val: written value
 * @mask: bits covered by the access
 *
 * display_ready, g2v_notify, the PDPs and the execlist descriptor are
 * stored; a g2v_notify that a 4-level PPGTT is destroyed (its PML4 in
 * pdp[0]) drops the core's cached shadow of it; a write to rsv5 means
 * the guest could not balloon, so the vGPU enters failsafe; every other
 * write is ignored.
 */
void gvt_pvinfo_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	u32 rel = offset - GVT_PVINFO_OFFSET;
	u32 *reg = gvt_vreg(vgpu, offset);

	lockdep_assert_held(&vgpu->lock);

	if (rel == PV_DISPLAY_READY ||
	    (rel >= PV_PDP && rel < PV_EXECLIST_DESC_END)) {
		*reg = gvt_merge(*reg, val, mask);
	} else if (rel == PV_G2V_NOTIFY) {
		*reg = gvt_merge(*reg, val, mask);
		if (*reg < VGT_G2V_FIRST || *reg > VGT_G2V_LAST)
			pr_info_ratelimited("gvt: %s: vGPU %u: unknown g2v notification %u\n",
					    vgpu->gvt->name, vgpu->id, *reg);
		else if (*reg == VGT_G2V_L4_DESTROY)
			gvt_ppgtt_root_destroyed(vgpu, gvt_pv_pdp0(vgpu));
	} else if (rel >= PV_RSV5 && rel < PV_RSV5_END) {
		gvt_enter_failsafe(vgpu, GVT_FAILSAFE_INSUFFICIENT_RESOURCE);
	} else {
		pr_info_ratelimited("gvt: %s: vGPU %u: write to read-only PVINFO offset 0x%x ignored\n",
				    vgpu->gvt->name, vgpu->id, rel);
	}
}
