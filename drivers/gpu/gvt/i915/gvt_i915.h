/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gvt_i915's private structures, shared by the hand-off (main.c) and the
 * workload submission (submit.c).
 */
#ifndef _GVT_I915_H_
#define _GVT_I915_H_

#include <linux/list.h>
#include <drm/drm_mm.h>

#include <gvt/gvt.h>

struct drm_i915_private;
struct i915_ggtt;
struct i915_fence_reg;
struct gvt_i915_shadow;

/**
 * struct gvt_i915 - one i915 device serving vGPUs
 * @link: in gvt_i915_list
 * @i915: the device
 * @ggtt: its global GTT
 * @gvt: the core's GVT device
 * @low: the vGPUs' aperture window, reserved in the GGTT
 * @high: the vGPUs' hidden window, reserved in the GGTT
 * @fences: the fences reserved for vGPUs; core fence index n (n at least
 *	    %GVT_HOST_FENCES) is @fences[n - GVT_HOST_FENCES]
 * @nr_fences: entries of @fences
 * @scratch: the page the entries no vGPU owns map, gvt_i915's own and
 *	     never the host's (each vGPU's unmapped entries map a page of
 *	     its own, from gvt_i915_alloc_gpu_page())
 * @scratch_dma: its bus address
 * @scratch_pte: its GGTT entry
 * @shadow: per vGPU id and engine, the shadow context the vGPU's workloads
 *	    on that engine run on (submit.c), created at its first workload
 */
struct gvt_i915 {
	struct list_head link;
	struct drm_i915_private *i915;
	struct i915_ggtt *ggtt;
	struct gvt_device *gvt;
	struct drm_mm_node low;
	struct drm_mm_node high;
	struct i915_fence_reg *fences[GVT_MAX_FENCES];
	unsigned int nr_fences;
	struct page *scratch;
	dma_addr_t scratch_dma;
	u64 scratch_pte;
	struct gvt_i915_shadow *shadow[GVT_MAX_VGPU][GVT_NUM_ENGINES];
};

int gvt_i915_submit(void *priv, struct gvt_workload *wl);
void gvt_i915_cancel(void *priv, struct gvt_workload *wl);
void gvt_i915_release_vgpu(void *priv, unsigned int vgpu_id);
void gvt_i915_release_shadows(struct gvt_i915 *g);

#endif /* _GVT_I915_H_ */
