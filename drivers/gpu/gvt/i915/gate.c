// SPDX-License-Identifier: GPL-2.0-only
/*
 * The platform gate of gvt_i915 and the reservation arithmetic: which GPUs
 * it takes and which graphics memory and fences it keeps away from i915 so
 * that the core can hand them to vGPUs. The core keeps the bottom
 * GVT_HOST_LOW_GM_SIZE of the aperture, GVT_HOST_HIGH_GM_SIZE of the hidden
 * range and GVT_HOST_FENCES fences for the host; everything above is the
 * vGPUs' and must be reserved in i915 before the core hands any of it out.
 */
#include <linux/errno.h>

#include <gvt/gvt.h>

#include "gate.h"

/* The smallest vGPU type (GVTg_V5_8): 64 MiB low, 384 MiB high, 4 fences. */
#define GVT_I915_MIN_LOW	(64ULL << 20)
#define GVT_I915_MIN_HIGH	(384ULL << 20)
#define GVT_I915_MIN_FENCES	4

/**
 * gvt_i915_gate() - may gvt_i915 take this GPU, and what does it reserve?
 * @gpu: the GPU as i915 describes it
 * @res: set to the windows and fences to reserve in i915 on success
 * @why: set to a one-line reason on failure
 *
 * Return: 0; -ENODEV for a GPU that is not Gen9 Skylake, Kaby Lake, Coffee
 * Lake or Comet Lake, or that i915 drives through the GuC; -ENOSPC when
 * the GGTT, the aperture or the fences leave no room for one vGPU of the
 * smallest type beside the host's share.
 */
int gvt_i915_gate(const struct gvt_i915_gpu *gpu,
		  struct gvt_i915_reserve *res, const char **why)
{
	if (gpu->graphics_ver != 9 || gpu->platform == GVT_I915_OTHER) {
		*why = "not a Gen9 Skylake, Kaby Lake, Coffee Lake or Comet Lake GPU";
		return -ENODEV;
	}
	if (gpu->guc_submission) {
		*why = "i915 submits through the GuC (boot with i915.enable_guc=0)";
		return -ENODEV;
	}
	if (gpu->aperture_size > gpu->ggtt_size ||
	    gpu->ggtt_size > GVT_MAX_GGTT_SIZE) {
		*why = "the aperture is larger than the GGTT";
		return -ENODEV;
	}
	if (gpu->aperture_size < GVT_HOST_LOW_GM_SIZE + GVT_I915_MIN_LOW) {
		*why = "aperture too small for a vGPU beside the host's 128 MiB";
		return -ENOSPC;
	}
	if (gpu->ggtt_size - gpu->aperture_size <
	    GVT_HOST_HIGH_GM_SIZE + GVT_I915_MIN_HIGH) {
		*why = "GGTT too small for a vGPU beside the host's 384 MiB";
		return -ENOSPC;
	}
	if (gpu->num_fences > GVT_MAX_FENCES ||
	    gpu->num_fences < GVT_HOST_FENCES + GVT_I915_MIN_FENCES) {
		*why = "too few fence registers for a vGPU beside the host's 4";
		return -ENOSPC;
	}
	res->low_start = GVT_HOST_LOW_GM_SIZE;
	res->low_end = gpu->aperture_size;
	res->high_start = gpu->aperture_size + GVT_HOST_HIGH_GM_SIZE;
	res->high_end = gpu->ggtt_size;
	res->fences = gpu->num_fences - GVT_HOST_FENCES;
	*why = NULL;
	return 0;
}
