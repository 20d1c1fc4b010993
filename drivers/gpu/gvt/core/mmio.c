// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 trap-and-emulate: the access path.
 *
 * A guest access to BAR0 lands here with its offset, size and data. The
 * access rules are checked once, then the access is routed to the register
 * file (through the attribute table and the special handlers), the GGTT or
 * nothing (the unbacked parts of the BAR). The core assumes a
 * little-endian CPU, as every Gen9 host is x86.
 */
#include "gvt_internal.h"
#include "trace.h"

/* Each failsafe reason: its stable keyword (debugfs) and its message. */
static const struct {
	const char *key;
	const char *text;
} gvt_failsafe_reasons[] = {
	[GVT_FAILSAFE_NONE] = { "none", "none" },
	[GVT_FAILSAFE_UNSUPPORTED_GUEST] = {
		"unsupported_guest", "guest driver is not GVT-g aware" },
	[GVT_FAILSAFE_INSUFFICIENT_RESOURCE] = {
		"insufficient_resource",
		"guest needs more graphics memory than the vGPU has" },
	[GVT_FAILSAFE_GUEST_ERR] = { "guest_error", "guest error" },
};

/**
 * gvt_failsafe_key() - the stable keyword of a failsafe reason
 * @reason: the reason
 *
 * Return: "none", "unsupported_guest", "insufficient_resource" or
 * "guest_error"; "unknown" for a value outside enum gvt_failsafe.
 */
const char *gvt_failsafe_key(enum gvt_failsafe reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(gvt_failsafe_reasons))
		return "unknown";
	return gvt_failsafe_reasons[reason].key;
}

/**
 * gvt_enter_failsafe() - stop emulating a guest that cannot run
 * @vgpu: the vGPU, locked
 * @reason: why
 *
 * From now on the vGPU's registers and GGTT are plain storage without host
 * effect, until a device reset. Logged once per failsafe entry.
 */
void gvt_enter_failsafe(struct gvt_vgpu *vgpu, enum gvt_failsafe reason)
{
	lockdep_assert_held(&vgpu->lock);

	if (vgpu->failsafe)
		return;
	vgpu->failsafe = reason;
	trace_gvt_failsafe(vgpu, gvt_failsafe_reasons[reason].key);
	pr_warn("gvt: %s: vGPU %u enters failsafe: %s\n", vgpu->gvt->name,
		vgpu->id, gvt_failsafe_reasons[reason].text);
}

/**
 * gvt_mmio_restore() - reload part of the register file from the snapshot
 * @vgpu: the vGPU, locked
 * @start: first byte, dword aligned
 * @end: one past the last byte, at most %GVT_MMIO_SIZE
 *
 * Only the pages written since they were last restored are reloaded (the
 * others hold the snapshot already); a page wholly inside the range is
 * clean afterwards.
 */
void gvt_mmio_restore(struct gvt_vgpu *vgpu, u32 start, u32 end)
{
	static const u32 fw[][2] = {
		{ GVT_REG_FW_RENDER, GVT_REG_FW_RENDER_ACK },
		{ GVT_REG_FW_GT, GVT_REG_FW_GT_ACK },
		{ GVT_REG_FW_MEDIA, GVT_REG_FW_MEDIA_ACK },
	};
	const u8 *snap = vgpu->gvt->info.mmio_snapshot;
	unsigned long p, last;
	unsigned int i;

	lockdep_assert_held(&vgpu->lock);

	if (start >= end)
		return;
	last = (end - 1) >> GVT_VREG_PAGE_SHIFT;
	for (p = find_next_bit(vgpu->vreg_dirty, last + 1,
			       start >> GVT_VREG_PAGE_SHIFT);
	     p <= last;
	     p = find_next_bit(vgpu->vreg_dirty, last + 1, p + 1)) {
		u32 lo = max_t(u32, start, p << GVT_VREG_PAGE_SHIFT);
		u32 hi = min_t(u32, end, (p + 1) << GVT_VREG_PAGE_SHIFT);

		if (snap)
			memcpy((u8 *)vgpu->vreg + lo, snap + lo, hi - lo);
		else
			memset((u8 *)vgpu->vreg + lo, 0, hi - lo);
		if (hi - lo == BIT(GVT_VREG_PAGE_SHIFT))
			__clear_bit(p, vgpu->vreg_dirty);
	}
	/*
	 * Each forcewake ACK acknowledges its request (gvt_forcewake_write()),
	 * also when only one of the two was restored: FORCEWAKE_GT's ACK is
	 * above what a full GDRST restores.
	 */
	for (i = 0; i < ARRAY_SIZE(fw); i++)
		*gvt_vreg(vgpu, fw[i][1]) = *gvt_vreg_ro(vgpu, fw[i][0]) & 0xffff;
}

/**
 * gvt_mmio_alloc() - allocate a vGPU's register file
 * @vgpu: the vGPU
 *
 * Also allocates the trace of accesses to registers the attribute table
 * does not describe, so that no guest access ever allocates.
 *
 * Return: 0 or -ENOMEM; nothing is left allocated then.
 */
int gvt_mmio_alloc(struct gvt_vgpu *vgpu)
{
	bool snap = vgpu->gvt->info.mmio_snapshot;

	/*
	 * Nothing in a new file is the snapshot yet, unless the host has
	 * none: then the power-on state is all zero, which a zeroed file
	 * holds already.
	 */
	vgpu->vreg = kvmalloc(GVT_MMIO_SIZE,
			      GFP_KERNEL | (snap ? 0 : __GFP_ZERO));
	if (snap)
		bitmap_set(vgpu->vreg_dirty, 0, GVT_VREG_PAGES);
	else
		bitmap_zero(vgpu->vreg_dirty, GVT_VREG_PAGES);
	if (vgpu->vreg && !gvt_unmodelled_alloc(vgpu))
		return 0;
	gvt_mmio_free(vgpu);
	return -ENOMEM;
}

/**
 * gvt_mmio_free() - free a vGPU's register file and its trace
 * @vgpu: the vGPU
 */
void gvt_mmio_free(struct gvt_vgpu *vgpu)
{
	gvt_unmodelled_free(vgpu);
	kvfree(vgpu->vreg);
	vgpu->vreg = NULL;
}

/**
 * gvt_mmio_reset() - the register file of a vGPU at power-on
 * @vgpu: the vGPU, locked
 *
 * The snapshot, then the PVINFO page and fence registers reading 0; no
 * failsafe and a guest that has not read PVINFO yet. The host is not
 * touched.
 */
void gvt_mmio_reset(struct gvt_vgpu *vgpu)
{
	unsigned int pipe;

	lockdep_assert_held(&vgpu->lock);

	gvt_mmio_restore(vgpu, 0, GVT_MMIO_SIZE);
	gvt_pvinfo_reset(vgpu);
	memset(gvt_vreg_span(vgpu, GVT_FENCE_OFFSET, GVT_MAX_FENCES * 8), 0,
	       GVT_MAX_FENCES * 8);
	vgpu->failsafe = GVT_FAILSAFE_NONE;
	vgpu->pv_notified = false;
	vgpu->flips_pending = 0;
	/* A pipe the snapshot has enabled counts vblanks from now. */
	for (pipe = 0; pipe < GVT_NUM_PIPES; pipe++)
		vgpu->vblank_last_ns[pipe] = ktime_get_ns();
}

/*
 * Count an access to a register the attribute table does not describe. A
 * register met before usually sits in its home slot: that case is counted
 * here, on the hot path; gvt_unmodelled_note() does everything else.
 */
static inline void gvt_unmodelled_count(struct gvt_vgpu *vgpu, u32 offset,
					bool write)
{
	struct gvt_reg_count *e;

	e = &vgpu->unmodelled[gvt_unmodelled_hash(offset)];
	if (unlikely(e->offset != offset)) {
		gvt_unmodelled_note(vgpu, offset, write);
		return;
	}
	gvt_unmodelled_bump(vgpu, e, write);
}

/*
 * The attribute table is looked up in failsafe too: accesses to registers
 * it does not describe are traced in any state.
 */
static u32 gvt_reg_read(struct gvt_vgpu *vgpu, u32 offset)
{
	const struct gvt_mmio_info *info = gvt_mmio_find(vgpu->gvt, offset);

	if (!info) {
		gvt_unmodelled_count(vgpu, offset, false);
	} else if (likely(!vgpu->failsafe)) {
		if (info->read)
			return info->read(vgpu, offset);
		/* Also when the snapshot has bits there. */
		if (info->flags & GVT_MMIO_F_MASKED)
			return *gvt_vreg_ro(vgpu, offset) & 0xffff;
	}
	return *gvt_vreg_ro(vgpu, offset);
}

static void gvt_reg_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask)
{
	const struct gvt_mmio_info *info = gvt_mmio_find(vgpu->gvt, offset);
	u32 *reg = gvt_vreg(vgpu, offset);

	if (!info) {
		gvt_unmodelled_count(vgpu, offset, true);
		if (likely(!vgpu->failsafe))
			pr_debug_ratelimited("gvt: %s: vGPU %u: untracked register 0x%x written\n",
					     vgpu->gvt->name, vgpu->id, offset);
		*reg = gvt_merge(*reg, val, mask);
		return;
	}
	if (unlikely(vgpu->failsafe)) {
		*reg = gvt_merge(*reg, val, mask);
		return;
	}
	if (info->write) {
		info->write(vgpu, offset, val & mask, mask);
		return;
	}
	if (info->flags & GVT_MMIO_F_MASKED) {
		gvt_masked_write(vgpu, offset, val, mask);
		return;
	}
	if (info->flags & GVT_MMIO_F_RO) {
		if (info->ro_mask == ~0U) {
			pr_debug_ratelimited("gvt: %s: vGPU %u: write to read-only register 0x%x ignored\n",
					     vgpu->gvt->name, vgpu->id, offset);
			return;
		}
		mask &= ~info->ro_mask;
	}
	*reg = gvt_merge(*reg, val, mask);
}

/* Read @len (1, 2, 4 or 8) bytes of the register file at aligned @offset. */
static u64 gvt_regs_read(struct gvt_vgpu *vgpu, u32 offset, unsigned int len)
{
	u32 shift = (offset & 3) * 8;
	u64 val;

	if (len == 8)
		return gvt_reg_read(vgpu, offset) |
		       (u64)gvt_reg_read(vgpu, offset + 4) << 32;
	val = gvt_reg_read(vgpu, offset & ~3U) >> shift;
	return len == 4 ? val : val & ((1U << (len * 8)) - 1);
}

static void gvt_regs_write(struct gvt_vgpu *vgpu, u32 offset, u64 val,
			   unsigned int len)
{
	u32 shift = (offset & 3) * 8;
	u32 mask;

	if (len >= 4) {
		gvt_reg_write(vgpu, offset, val, ~0U);
		if (len == 8)
			gvt_reg_write(vgpu, offset + 4, val >> 32, ~0U);
		return;
	}
	mask = ((1U << (len * 8)) - 1) << shift;
	gvt_reg_write(vgpu, offset & ~3U, (u32)val << shift, mask);
}

static bool gvt_ggtt_range(const struct gvt_vgpu *vgpu, u64 offset)
{
	return offset >= GVT_GGTT_OFFSET &&
	       offset - GVT_GGTT_OFFSET < (u64)vgpu->gvt->ggtt_entries * 8;
}

static int gvt_mmio_check(struct gvt_vgpu *vgpu, u64 offset,
			  unsigned int len, bool write)
{
	u64 bar = vgpu->gvt->info.bar0_size;

	if ((len == 1 || len == 2 || len == 4 || len == 8) &&
	    !(offset & (len - 1)) && offset < bar && len <= bar - offset)
		return 0;
	pr_info_ratelimited("gvt: %s: vGPU %u: bad BAR0 %s of %u bytes at 0x%llx (1, 2, 4 or 8 bytes, naturally aligned, below 0x%llx)\n",
			    vgpu->gvt->name, vgpu->id,
			    write ? "write" : "read", len, offset, bar);
	return -EINVAL;
}

/**
 * gvt_vgpu_mmio_read() - a guest read of BAR0
 * @vgpu: the vGPU
 * @offset: offset in BAR0
 * @buf: where the value goes (little endian)
 * @len: 1, 2, 4 or 8; naturally aligned; 4 or 8 in the GGTT
 *
 * Registers are read through the attribute table, GGTT entries return the
 * guest's values, the unbacked parts of the BAR read 0.
 *
 * Return: 0, or -EINVAL for an access that breaks the rules above (with
 * a ratelimited message); nothing changes then.
 */
int gvt_vgpu_mmio_read(struct gvt_vgpu *vgpu, u64 offset, void *buf,
		       unsigned int len)
{
	u64 val = 0;
	int ret;

	ret = gvt_mmio_check(vgpu, offset, len, false);
	if (ret)
		return ret;

	mutex_lock(&vgpu->lock);
	if (offset < GVT_MMIO_SIZE) {
		vgpu->counters.mmio_reads++;
		val = gvt_regs_read(vgpu, array_index_nospec(offset,
							     GVT_MMIO_SIZE),
				    len);
	} else if (gvt_ggtt_range(vgpu, offset)) {
		ret = gvt_ggtt_read(vgpu, offset - GVT_GGTT_OFFSET, &val, len);
	} else {
		vgpu->counters.unbacked++;
	}
	mutex_unlock(&vgpu->lock);
	trace_gvt_mmio(vgpu, offset, len, val, false, ret);
	if (!ret)
		memcpy(buf, &val, len);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_read);

/**
 * gvt_vgpu_mmio_write() - a guest write to BAR0
 * @vgpu: the vGPU
 * @offset: offset in BAR0
 * @buf: the value (little endian)
 * @len: 1, 2, 4 or 8; naturally aligned; 4 or 8 in the GGTT
 *
 * See Documentation/gpu/gvt/mmio.rst for what each part of the BAR does
 * with a write. Writes to the unbacked parts of the BAR are ignored.
 *
 * Return: 0, or -EINVAL for an access that breaks the rules above (with
 * a ratelimited message); nothing changes then.
 */
int gvt_vgpu_mmio_write(struct gvt_vgpu *vgpu, u64 offset, const void *buf,
			unsigned int len)
{
	bool kick;
	u64 val = 0;
	int ret;

	ret = gvt_mmio_check(vgpu, offset, len, true);
	if (ret)
		return ret;
	memcpy(&val, buf, len);

	mutex_lock(&vgpu->lock);
	if (offset < GVT_MMIO_SIZE) {
		vgpu->counters.mmio_writes++;
		gvt_regs_write(vgpu, array_index_nospec(offset, GVT_MMIO_SIZE),
			       val, len);
	} else if (gvt_ggtt_range(vgpu, offset)) {
		ret = gvt_ggtt_write(vgpu, offset - GVT_GGTT_OFFSET, val, len);
	} else {
		vgpu->counters.unbacked++;
	}
	kick = vgpu->sched_kick;
	vgpu->sched_kick = false;
	mutex_unlock(&vgpu->lock);
	trace_gvt_mmio(vgpu, offset, len, val, true, ret);
	/* An ELSP write or an engine reset: run what it started. */
	if (kick)
		gvt_sched_run(vgpu->gvt);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_write);
