// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fence registers of a vGPU.
 *
 * Guest fence i (below the vGPU's fence count) is backed by the host fence
 * the vGPU was given for it. The guest always reads back what it wrote;
 * the host fence is programmed only with a value whose range lies inside
 * the vGPU's own graphics memory, and is disabled otherwise.
 */
#include "gvt_internal.h"

#define FENCE_VALID		BIT_ULL(0)
#define FENCE_START_MASK	GENMASK_ULL(31, 12)
#define FENCE_PITCH_SHIFT	32
#define FENCE_PITCH_MASK	GENMASK_ULL(43, 32)
#define FENCE_END_SHIFT		32	/* bits 63:44 hold end bits 31:12 */
#define FENCE_MAX_PITCH		0x800	/* in 128-byte units, minus one */
#define FENCE_PAGE		4096ULL

static u64 gvt_fence_value(struct gvt_vgpu *vgpu, unsigned int i)
{
	u32 off = GVT_FENCE_OFFSET + i * 8;

	return *gvt_vreg_ro(vgpu, off) | (u64)*gvt_vreg_ro(vgpu, off + 4) << 32;
}

/* Is @val a fence the vGPU may have on the host? */
static bool gvt_fence_valid(struct gvt_vgpu *vgpu, u64 val)
{
	u64 start = val & FENCE_START_MASK;
	u64 end = (val >> FENCE_END_SHIFT) & FENCE_START_MASK;
	u64 pitch = (val & FENCE_PITCH_MASK) >> FENCE_PITCH_SHIFT;

	return end >= start && pitch < FENCE_MAX_PITCH &&
	       gvt_gm_range_owned(vgpu, start, end + FENCE_PAGE - start);
}

/*
 * Program the host fence behind guest fence @i with the guest's value if
 * that is valid and enabled, else disable it. @tell: say why a value is
 * refused (the guest just wrote it). Return whether it is enabled.
 */
static bool gvt_fence_apply(struct gvt_vgpu *vgpu, unsigned int i, bool tell)
{
	struct gvt_device *gvt = vgpu->gvt;
	u64 fence = gvt_fence_value(vgpu, i);

	if ((fence & FENCE_VALID) && !gvt_fence_valid(vgpu, fence)) {
		if (tell)
			pr_info_ratelimited("gvt: %s: vGPU %u: fence %u value 0x%llx is outside the vGPU's memory or malformed; disabled\n",
					    gvt->name, vgpu->id, i, fence);
		fence = 0;
	}
	if (!(fence & FENCE_VALID))
		fence = 0;
	if (gvt->ops->fence_write)
		gvt->ops->fence_write(gvt->priv, vgpu->fences[i], fence);
	return fence != 0;
}

/**
 * gvt_fence_read() - a guest read of a fence register
 * @vgpu: the vGPU, locked
 * @offset: a dword of the fence block
 *
 * Return: what the guest wrote, or 0 for a fence the vGPU does not have.
 */
u32 gvt_fence_read(struct gvt_vgpu *vgpu, u32 offset)
{
	u32 i = (offset - GVT_FENCE_OFFSET) / 8;

	lockdep_assert_held(&vgpu->lock);

	return i < vgpu->num_fences ? *gvt_vreg_ro(vgpu, offset) : 0;
}

/**
 * gvt_fence_write() - a guest write to a fence register
 * @vgpu: the vGPU, locked
 * @offset: a dword of the fence block
 * @val: written value
 * @mask: bits covered by the access
 *
 * Stores the value and reprograms the host fence behind it: with the
 * guest's value if that is valid and enabled, else disabled.
 */
void gvt_fence_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	struct gvt_device *gvt = vgpu->gvt;
	u32 i = (offset - GVT_FENCE_OFFSET) / 8;
	u32 *reg = gvt_vreg(vgpu, offset);

	lockdep_assert_held(&vgpu->lock);

	if (i >= vgpu->num_fences) {
		pr_debug_ratelimited("gvt: %s: vGPU %u: write to fence %u ignored (has %u)\n",
				     gvt->name, vgpu->id, i, vgpu->num_fences);
		return;
	}
	i = array_index_nospec(i, vgpu->num_fences);

	*reg = gvt_merge(*reg, val, mask);
	gvt_fence_apply(vgpu, i, true);
}

/**
 * gvt_fences_restore() - program every host fence of a vGPU again
 * @vgpu: the vGPU, locked
 *
 * For a GPU that lost its fence registers: each host fence gets what the
 * guest's fence register asks for, as when the guest wrote it.
 *
 * Return: the number of host fences enabled.
 */
unsigned int gvt_fences_restore(struct gvt_vgpu *vgpu)
{
	unsigned int i, enabled = 0;

	lockdep_assert_held(&vgpu->lock);

	for (i = 0; i < vgpu->num_fences; i++)
		enabled += gvt_fence_apply(vgpu, i, false);
	return enabled;
}

/**
 * gvt_fences_reset() - disable every fence of a vGPU
 * @vgpu: the vGPU, its device or its own lock held
 *
 * The host fences behind the guest's fences are disabled; the guest's
 * fence registers are cleared with the rest of the register file.
 */
void gvt_fences_reset(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;
	unsigned int i;

	if (gvt->ops->fence_write)
		for (i = 0; i < vgpu->num_fences; i++)
			gvt->ops->fence_write(gvt->priv, vgpu->fences[i], 0);
}
