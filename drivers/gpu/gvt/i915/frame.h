/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The commands gvt_i915 puts around a workload in its i915 request
 * (frame.c): pure C, also built in the userspace unit tier, which runs
 * them on the simulated GPU's command executor.
 */
#ifndef _GVT_I915_FRAME_H_
#define _GVT_I915_FRAME_H_

#include <linux/types.h>

struct gvt_wl_reg;

/* Registers per MI_LOAD_REGISTER_IMM of the frame. */
#define GVT_I915_LRI_REGS	16

unsigned int gvt_i915_frame_head_dw(unsigned int nr_regs);
u32 *gvt_i915_frame_head(u32 *cs, const struct gvt_wl_reg *regs,
			 unsigned int nr_regs);
unsigned int gvt_i915_frame_tail_dw(unsigned int nr_regs);
u32 *gvt_i915_frame_tail(u32 *cs, const struct gvt_wl_reg *regs,
			 unsigned int nr_regs, u32 save_gm);
void gvt_i915_frame_saved(struct gvt_wl_reg *regs, unsigned int nr_regs,
			  const u32 *saved);

#endif /* _GVT_I915_FRAME_H_ */
