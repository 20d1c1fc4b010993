// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads on a real GPU: the core's &gvt_host_ops.submit and .cancel as
 * i915 requests.
 *
 * Each vGPU id and engine gets, at its first workload, a shadow context:
 * an intel_context of the engine on a private PPGTT (its ring 2 MiB, as
 * upstream GVT-g sizes it), pinned, and a window: a shmem object pinned in
 * the GGTT and mapped write-back, which holds the copies of the workload's
 * buffers as the core lays them out (gvt_wl_layout()) and, in its last
 * page, the register save area of the frame (frame.c). The hardware saves
 * and restores the engine state in the shadow context's image, so a
 * vGPU's engine state carries from one of its workloads to the next on
 * that engine; release_vgpu drops the shadow contexts of a reset or
 * removed vGPU, and a cancel (a guest engine reset) that engine's.
 *
 * A workload is one request on the shadow context: the frame's head loads
 * the vGPU's register values, i915's TLB invalidation follows, then the
 * ring copy (workaround batch calls and the scanned ring segment, whose
 * batch starts are relocated to the window), then the frame's tail saves
 * the registers. Before the request, once i915 reported the context off
 * the engine (its GVT-g context status notifier: the engine saved the
 * image), the shadow image's PDP0 is pointed at the core's shadow PML4
 * (@wl->ppgtt_root) and the context descriptor asks for a full restore, so
 * the engine loads it; the guest's own PDPs never reach the GPU. A fence
 * callback reports completion to the core, with the request's error (i915
 * resets a hung engine and fails only the guilty request, -EIO) as the
 * status.
 *
 * The copies are GGTT batches, which Gen9 runs privileged: for a PPGTT
 * buffer it is the command scanner (which refused every privileged command
 * and GGTT operand in it) that keeps it to what an unprivileged batch may
 * do; its operands still go through the shadow PPGTT.
 */
#include <linux/completion.h>
#include <linux/dma-fence.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/wait.h>

#include "i915_drv.h"
#include "i915_request.h"
#include "i915_vma.h"
#include "gem/i915_gem_object.h"
#include "gt/intel_context.h"
#include "gt/intel_engine_types.h"
#include "gt/intel_execlists_submission.h"
#include "gt/intel_gpu_commands.h"
#include "gt/intel_gt.h"
#include "gt/intel_gtt.h"
#include "gt/intel_lrc_reg.h"
#include "gt/intel_ring.h"

#include <gvt/gvt.h>
#include <gvt/wl_layout.h>

#include "frame.h"
#include "gvt_i915.h"

/* Ring of a shadow context: a guest ring segment always fits. */
#define GVT_I915_RING_SIZE	SZ_2M
/* Copies of one workload at most (the core's scanner bounds them too). */
#define GVT_I915_WIN_MAX	SZ_8M
#define GVT_I915_WIN_MIN	SZ_64K
/* How long a cancel waits between complaints. */
#define GVT_I915_CANCEL_WARN	(10 * HZ)

/**
 * struct gvt_i915_shadow - a vGPU's context on one engine of the GPU
 * @g: the device
 * @ce: the shadow context, pinned, on a private PPGTT
 * @win: the window object; NULL until the first workload
 * @vma: its GGTT binding, pinned
 * @map: its kernel mapping (write-back)
 * @win_size: bytes of @win for copies; the save area follows
 * @lay: the layout of the workload in flight
 * @wl: the workload in flight, or NULL
 * @rq: the last request, held until the next one or the end
 * @cb: the fence callback of @rq
 * @done: completed when nothing is in flight
 * @nb: on the engine's context status notifier chain
 * @engine: the engine of @ce
 * @on_hw: @ce is scheduled in (the engine may still save its image)
 * @out: woken when @ce is scheduled out
 */
struct gvt_i915_shadow {
	struct gvt_i915 *g;
	struct intel_context *ce;
	struct drm_i915_gem_object *win;
	struct i915_vma *vma;
	u32 *map;
	u32 win_size;
	struct gvt_wl_layout lay;
	struct gvt_workload *wl;
	struct i915_request *rq;
	struct dma_fence_cb cb;
	struct completion done;
	struct notifier_block nb;
	struct intel_engine_cs *engine;
	bool on_hw;
	wait_queue_head_t out;
};

static const enum intel_engine_id gvt_i915_engine_ids[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = RCS0,
	[GVT_ENGINE_VCS] = VCS0,
	[GVT_ENGINE_VCS2] = VCS1,
	[GVT_ENGINE_BCS] = BCS0,
	[GVT_ENGINE_VECS] = VECS0,
};

static void gvt_i915_window_release(struct gvt_i915_shadow *sh)
{
	if (!sh->win)
		return;
	i915_gem_object_unpin_map(sh->win);
	i915_vma_unpin(sh->vma);
	i915_gem_object_put(sh->win);
	sh->win = NULL;
	sh->vma = NULL;
	sh->map = NULL;
	sh->win_size = 0;
}

/* A window of at least @bytes for copies, plus the save page. */
static int gvt_i915_window(struct gvt_i915_shadow *sh, u32 bytes)
{
	struct drm_i915_private *i915 = sh->g->i915;
	struct drm_i915_gem_object *obj;
	struct i915_gem_ww_ctx ww;
	struct i915_vma *vma = NULL;
	u32 size;
	void *map;
	int ret;

	if (sh->win && sh->win_size >= bytes)
		return 0;
	gvt_i915_window_release(sh);
	size = roundup_pow_of_two(max_t(u32, bytes, GVT_I915_WIN_MIN));
	obj = i915_gem_object_create_shmem(i915, size + PAGE_SIZE);
	if (IS_ERR(obj))
		return PTR_ERR(obj);

	i915_gem_ww_ctx_init(&ww, true);
retry:
	ret = i915_gem_object_lock(obj, &ww);
	if (!ret) {
		vma = i915_gem_object_ggtt_pin_ww(obj, &ww, NULL, 0, 0,
						  PIN_HIGH);
		if (IS_ERR(vma))
			ret = PTR_ERR(vma);
	}
	if (!ret) {
		map = i915_gem_object_pin_map(obj, I915_MAP_WB);
		if (IS_ERR(map)) {
			ret = PTR_ERR(map);
			i915_vma_unpin(vma);
		}
	}
	if (ret == -EDEADLK) {
		ret = i915_gem_ww_ctx_backoff(&ww);
		if (!ret)
			goto retry;
	}
	i915_gem_ww_ctx_fini(&ww);
	if (ret) {
		i915_gem_object_put(obj);
		return ret;
	}
	sh->win = obj;
	sh->vma = vma;
	sh->map = map;
	sh->win_size = size;
	return 0;
}

/*
 * i915 tells GVT-g when a context goes on and off the engine (execlists,
 * from its CSB processing). Off means the engine saved the image: only
 * then may the image be written.
 */
static int gvt_i915_ctx_status(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	struct gvt_i915_shadow *sh = container_of(nb, typeof(*sh), nb);
	struct i915_request *rq = data;

	if (rq->context != sh->ce)
		return NOTIFY_DONE;
	if (action == INTEL_CONTEXT_SCHEDULE_IN) {
		WRITE_ONCE(sh->on_hw, true);
	} else {
		WRITE_ONCE(sh->on_hw, false);
		wake_up_all(&sh->out);
	}
	return NOTIFY_OK;
}

/* Wait until the engine saved the image of @sh's context. */
static void gvt_i915_wait_off_hw(struct gvt_i915_shadow *sh)
{
	while (!wait_event_timeout(sh->out, !READ_ONCE(sh->on_hw),
				   GVT_I915_CANCEL_WARN))
		drm_warn(&sh->g->i915->drm, "gvt_i915: a vGPU's shadow context is still on %s\n",
			 sh->engine->name);
}

static struct gvt_i915_shadow *gvt_i915_shadow_create(struct gvt_i915 *g,
						      enum gvt_engine e)
{
	struct intel_gt *gt = g->ggtt->vm.gt;
	struct intel_engine_cs *engine = gt->engine[gvt_i915_engine_ids[e]];
	struct gvt_i915_shadow *sh;
	struct intel_context *ce;
	struct i915_ppgtt *ppgtt;
	int ret;

	if (!engine)
		return ERR_PTR(-ENODEV);
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return ERR_PTR(-ENOMEM);
	ppgtt = i915_ppgtt_create(gt, 0);
	if (IS_ERR(ppgtt)) {
		ret = PTR_ERR(ppgtt);
		goto err_free;
	}
	ce = intel_context_create(engine);
	if (IS_ERR(ce)) {
		i915_vm_put(&ppgtt->vm);
		ret = PTR_ERR(ce);
		goto err_free;
	}
	/* The context takes our reference of the private PPGTT. */
	i915_vm_put(ce->vm);
	ce->vm = &ppgtt->vm;
	ce->ring_size = GVT_I915_RING_SIZE;
	intel_context_set_single_submission(ce);
	ret = intel_context_pin(ce);
	if (ret) {
		intel_context_put(ce);
		goto err_free;
	}
	sh->g = g;
	sh->ce = ce;
	sh->engine = engine;
	init_completion(&sh->done);
	complete_all(&sh->done);
	init_waitqueue_head(&sh->out);
	sh->nb.notifier_call = gvt_i915_ctx_status;
	atomic_notifier_chain_register(&engine->context_status_notifier,
				       &sh->nb);
	return sh;

err_free:
	kfree(sh);
	return ERR_PTR(ret);
}

/* Nothing of @sh is in flight, or will be: free it. */
static void gvt_i915_shadow_destroy(struct gvt_i915_shadow *sh)
{
	while (!wait_for_completion_timeout(&sh->done, GVT_I915_CANCEL_WARN))
		drm_warn(&sh->g->i915->drm, "gvt_i915: still waiting for a vGPU workload to finish\n");
	gvt_i915_wait_off_hw(sh);
	atomic_notifier_chain_unregister(&sh->engine->context_status_notifier,
					 &sh->nb);
	if (sh->rq)
		i915_request_put(sh->rq);
	gvt_i915_window_release(sh);
	gvt_wl_layout_fini(&sh->lay);
	intel_context_unpin(sh->ce);
	intel_context_put(sh->ce);
	kfree(sh);
}

static void gvt_i915_win_write(void *priv, u32 off, const u32 *dw, u32 n)
{
	struct gvt_i915_shadow *sh = priv;

	memcpy((u8 *)sh->map + off, dw, 4 * n);
}

/*
 * The request's fence signalled (fence lock held, interrupts off): hand
 * the registers' values and the status to the core, then mark the shadow
 * idle, after which it may be freed. The request itself is put later,
 * from process context.
 */
static void gvt_i915_wl_done(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct gvt_i915_shadow *sh = container_of(cb, typeof(*sh), cb);
	struct gvt_workload *wl = sh->wl;
	int status = fence->error ? -EIO : 0;

	/* The tail ran only if the request did: else the values stay. */
	if (!status)
		gvt_i915_frame_saved(wl->regs, wl->nr_regs,
				     sh->map + sh->win_size / 4);
	sh->wl = NULL;
	gvt_workload_complete(wl, status);
	complete_all(&sh->done);
}

/* Emit the frame and the ring copy of @wl into @rq. */
static int gvt_i915_emit(struct gvt_i915_shadow *sh, struct i915_request *rq,
			 struct gvt_workload *wl)
{
	u32 head = gvt_i915_frame_head_dw(wl->nr_regs);
	u32 body = sh->lay.ring_tail / 4;
	u32 tail = gvt_i915_frame_tail_dw(wl->nr_regs);
	u32 *cs;
	int ret;

	if (head) {
		cs = intel_ring_begin(rq, round_up(head, 2));
		if (IS_ERR(cs))
			return PTR_ERR(cs);
		cs = gvt_i915_frame_head(cs, wl->regs, wl->nr_regs);
		if (head & 1)
			*cs++ = MI_NOOP;
		intel_ring_advance(rq, cs);
	}
	/* The new shadow PPGTT entries and root: no stale translation. */
	ret = rq->engine->emit_flush(rq, EMIT_INVALIDATE);
	if (ret)
		return ret;
	cs = intel_ring_begin(rq, round_up(body + tail, 2));
	if (IS_ERR(cs))
		return PTR_ERR(cs);
	memcpy(cs, sh->map, 4 * body);
	cs += body;
	cs = gvt_i915_frame_tail(cs, wl->regs, wl->nr_regs,
				 i915_ggtt_offset(sh->vma) + sh->win_size);
	if ((body + tail) & 1)
		*cs++ = MI_NOOP;
	intel_ring_advance(rq, cs);
	return 0;
}

/**
 * gvt_i915_submit() - &gvt_host_ops.submit: run a workload as a request
 * @priv: the device
 * @wl: the workload
 *
 * Return: 0 when the request is on its way (the fence callback completes
 * @wl), -ENODEV for an engine the GPU does not have, -E2BIG for copies
 * beyond the window's limit, or what i915 returned.
 */
int gvt_i915_submit(void *priv, struct gvt_workload *wl)
{
	struct gvt_i915 *g = priv;
	struct gvt_i915_shadow *sh;
	struct i915_request *rq;
	u32 *regs;
	int ret;

	if (wl->vgpu_id >= GVT_MAX_VGPU || wl->engine >= GVT_NUM_ENGINES)
		return -EINVAL;
	sh = g->shadow[wl->vgpu_id][wl->engine];
	if (!sh) {
		sh = gvt_i915_shadow_create(g, wl->engine);
		if (IS_ERR(sh))
			return PTR_ERR(sh);
		g->shadow[wl->vgpu_id][wl->engine] = sh;
	}
	/* The core runs one workload per engine: the previous one is done. */
	if (WARN_ON_ONCE(sh->wl))
		return -EBUSY;
	/* Its callback completed it and is about to finish: let it. */
	wait_for_completion(&sh->done);
	if (sh->rq) {
		i915_request_put(sh->rq);
		sh->rq = NULL;
	}
	gvt_wl_layout_fini(&sh->lay);
	ret = gvt_wl_layout(&sh->lay, wl, 0, GVT_I915_WIN_MAX);
	if (ret)
		return ret;
	/* The ring copy and the frame go into the ring, half of it at most. */
	if (sh->lay.ring_tail > GVT_I915_RING_SIZE / 2)
		return -E2BIG;
	ret = gvt_i915_window(sh, sh->lay.total);
	if (ret)
		return ret;
	sh->lay.base = i915_ggtt_offset(sh->vma);
	gvt_wl_layout_copy(&sh->lay, wl, gvt_i915_win_write, sh);
	__i915_gem_object_flush_map(sh->win, 0, sh->lay.total);

	/*
	 * The shadow PML4, loaded by a full restore of the image, written
	 * once the engine saved the image of the previous workload.
	 */
	gvt_i915_wait_off_hw(sh);
	regs = sh->ce->lrc_reg_state;
	regs[CTX_PDP0_UDW] = upper_32_bits(wl->ppgtt_root);
	regs[CTX_PDP0_LDW] = lower_32_bits(wl->ppgtt_root);
	sh->ce->lrc.desc |= CTX_DESC_FORCE_RESTORE;

	rq = i915_request_create(sh->ce);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	ret = gvt_i915_emit(sh, rq, wl);
	if (ret) {
		/*
		 * A created request must be added: it runs at most the head,
		 * which loads this vGPU's own values.
		 */
		i915_request_add(rq);
		return ret;
	}
	sh->wl = wl;
	sh->rq = i915_request_get(rq);
	reinit_completion(&sh->done);
	/* Not signalled before it is added: the callback is always taken. */
	ret = dma_fence_add_callback(&rq->fence, &sh->cb, gvt_i915_wl_done);
	i915_request_add(rq);
	if (ret)
		gvt_i915_wl_done(&rq->fence, &sh->cb);
	return 0;
}

/**
 * gvt_i915_cancel() - &gvt_host_ops.cancel: wait for a workload's end
 * @priv: the device
 * @wl: the workload in flight
 *
 * i915 has no way for another module to take one request off the GPU; its
 * heartbeat resets an engine whose request does not finish, failing that
 * request alone. So this waits for the request's end (complaining every
 * ten seconds), then drops the engine's shadow context: the guest reset
 * the engine, its next workload starts from a fresh state.
 */
void gvt_i915_cancel(void *priv, struct gvt_workload *wl)
{
	struct gvt_i915 *g = priv;
	struct gvt_i915_shadow *sh;

	if (wl->vgpu_id >= GVT_MAX_VGPU || wl->engine >= GVT_NUM_ENGINES)
		return;
	sh = g->shadow[wl->vgpu_id][wl->engine];
	if (!sh)
		return;
	g->shadow[wl->vgpu_id][wl->engine] = NULL;
	gvt_i915_shadow_destroy(sh);
}

/**
 * gvt_i915_release_vgpu() - &gvt_host_ops.release_vgpu
 * @priv: the device
 * @vgpu_id: the vGPU reset or going away
 *
 * Its shadow contexts, and the engine state in them, go.
 */
void gvt_i915_release_vgpu(void *priv, unsigned int vgpu_id)
{
	struct gvt_i915 *g = priv;
	enum gvt_engine e;

	if (vgpu_id >= GVT_MAX_VGPU)
		return;
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		if (!g->shadow[vgpu_id][e])
			continue;
		gvt_i915_shadow_destroy(g->shadow[vgpu_id][e]);
		g->shadow[vgpu_id][e] = NULL;
	}
}

/**
 * gvt_i915_release_shadows() - drop every shadow context of a device
 * @g: the device, unregistered from the core (no vGPU left)
 */
void gvt_i915_release_shadows(struct gvt_i915 *g)
{
	unsigned int id;

	for (id = 0; id < GVT_MAX_VGPU; id++)
		gvt_i915_release_vgpu(g, id);
}
