/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gvt_i915: which i915 devices the real-hardware backend takes, and the
 * graphics memory and fences it reserves in i915 for the vGPUs. Pure C:
 * tools/testing/gvt compiles gate.c in userspace.
 */
#ifndef _GVT_I915_GATE_H_
#define _GVT_I915_GATE_H_

#include <linux/types.h>

/* Platforms as the gate tells them apart. */
enum gvt_i915_platform {
	GVT_I915_OTHER,
	GVT_I915_SKYLAKE,
	GVT_I915_KABYLAKE,
	GVT_I915_COFFEELAKE,
	GVT_I915_COMETLAKE,
};

/**
 * struct gvt_i915_gpu - what the gate needs to know of an i915 device
 * @graphics_ver: GRAPHICS_VER()
 * @platform: enum gvt_i915_platform
 * @guc_submission: i915 submits through the GuC
 * @ggtt_size: graphics memory the GGTT maps, bytes
 * @aperture_size: the CPU-mappable part of it (BAR2), bytes
 * @num_fences: fence registers
 */
struct gvt_i915_gpu {
	unsigned int graphics_ver;
	enum gvt_i915_platform platform;
	bool guc_submission;
	u64 ggtt_size;
	u64 aperture_size;
	unsigned int num_fences;
};

/**
 * struct gvt_i915_reserve - what gvt_i915 takes from i915 for vGPUs
 * @low_start: first aperture GM address of the vGPUs' window
 * @low_end: one past its end (the aperture's end)
 * @high_start: first hidden GM address of the vGPUs' window
 * @high_end: one past its end (the GGTT's end)
 * @fences: fence registers to reserve (all but the host's)
 */
struct gvt_i915_reserve {
	u64 low_start;
	u64 low_end;
	u64 high_start;
	u64 high_end;
	unsigned int fences;
};

int gvt_i915_gate(const struct gvt_i915_gpu *gpu,
		  struct gvt_i915_reserve *res, const char **why);

#endif /* _GVT_I915_GATE_H_ */
