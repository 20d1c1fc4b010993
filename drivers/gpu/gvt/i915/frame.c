// SPDX-License-Identifier: GPL-2.0-only
/*
 * The frame of a workload on a real GPU: gvt_i915 submits each workload as
 * one i915 request on the vGPU's shadow context of the engine, made of
 *
 *   head   MI_LOAD_REGISTER_IMM of the vGPU's values of the registers no
 *          context image keeps (&gvt_workload.regs: the engine's MOCS table,
 *          the render engine's L3 control), masked registers written with
 *          their write-enable bits;
 *          then i915's own TLB invalidation (engine->emit_flush);
 *   body   the ring copy of the core's layout (gvt_wl_layout()): the calls
 *          of the workaround batches and the scanned ring segment, whose
 *          batch starts lead to the copies in gvt_i915's window;
 *   tail   MI_STORE_REGISTER_MEM of each of those registers into the
 *          window's save page, from which gvt_i915_frame_saved() gives
 *          the core what they hold when the workload ends;
 *
 * then i915's breadcrumb. Only the head and tail are built here.
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/kernel.h>

#include <gvt/gvt.h>

#include "frame.h"

#define MI_INSTR(op, flags)	(((op) << 23) | (flags))
#define FRAME_LRI(n)		MI_INSTR(0x22, 2 * (n) - 1)
#define FRAME_SRM		MI_INSTR(0x24, 2)	/* Gen8+: 4 dwords */
#define FRAME_SRM_GGTT		BIT(22)
#define FRAME_MASK_ENABLE	0xffff0000U

/**
 * gvt_i915_frame_head_dw() - dwords of the head for @nr_regs registers
 * @nr_regs: entries of &gvt_workload.regs
 *
 * Return: the dword count gvt_i915_frame_head() writes.
 */
unsigned int gvt_i915_frame_head_dw(unsigned int nr_regs)
{
	return (nr_regs + GVT_I915_LRI_REGS - 1) / GVT_I915_LRI_REGS +
	       2 * nr_regs;
}

/**
 * gvt_i915_frame_head() - load the vGPU's register values
 * @cs: where to write gvt_i915_frame_head_dw() dwords
 * @regs: the workload's registers and values
 * @nr_regs: entries of @regs
 *
 * Return: the dword after the last one written.
 */
u32 *gvt_i915_frame_head(u32 *cs, const struct gvt_wl_reg *regs,
			 unsigned int nr_regs)
{
	unsigned int i = 0, n;

	while (i < nr_regs) {
		n = min_t(unsigned int, nr_regs - i, GVT_I915_LRI_REGS);
		*cs++ = FRAME_LRI(n);
		for (; n; n--, i++) {
			*cs++ = regs[i].offset;
			*cs++ = regs[i].masked ?
				FRAME_MASK_ENABLE | (regs[i].val & 0xffff) :
				regs[i].val;
		}
	}
	return cs;
}

/**
 * gvt_i915_frame_tail_dw() - dwords of the tail for @nr_regs registers
 * @nr_regs: entries of &gvt_workload.regs
 *
 * Return: the dword count gvt_i915_frame_tail() writes.
 */
unsigned int gvt_i915_frame_tail_dw(unsigned int nr_regs)
{
	return 4 * nr_regs;
}

/**
 * gvt_i915_frame_tail() - store the registers' values at the end
 * @cs: where to write gvt_i915_frame_tail_dw() dwords
 * @regs: the workload's registers
 * @nr_regs: entries of @regs
 * @save_gm: GGTT address of the save area: register i goes to dword i
 *
 * Return: the dword after the last one written.
 */
u32 *gvt_i915_frame_tail(u32 *cs, const struct gvt_wl_reg *regs,
			 unsigned int nr_regs, u32 save_gm)
{
	unsigned int i;

	for (i = 0; i < nr_regs; i++) {
		*cs++ = FRAME_SRM | FRAME_SRM_GGTT;
		*cs++ = regs[i].offset;
		*cs++ = save_gm + 4 * i;
		*cs++ = 0;
	}
	return cs;
}

/**
 * gvt_i915_frame_saved() - the registers' values from the save area
 * @regs: the workload's registers; their values are replaced
 * @nr_regs: entries of @regs
 * @saved: the save area after the tail ran
 *
 * A masked register's value is its bits 15:0 (reads return no enable bits).
 */
void gvt_i915_frame_saved(struct gvt_wl_reg *regs, unsigned int nr_regs,
			  const u32 *saved)
{
	unsigned int i;

	for (i = 0; i < nr_regs; i++)
		regs[i].val = regs[i].masked ? saved[i] & 0xffff : saved[i];
}
