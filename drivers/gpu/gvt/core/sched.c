// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workload scheduler: which vGPU's workload runs next on each engine.
 *
 * At most one workload per engine of a GPU is in the host's hands. When an
 * engine is free, the vGPU with work for it and the least virtual time
 * gets it. A vGPU's virtual time grows, when one of its workloads
 * completes, by the timestamp ticks it ran (at least 1) times 1024 over
 * the type's weight, so over many workloads busy vGPUs share each engine
 * in proportion to their weights. A vGPU that becomes busy after idling
 * starts at the virtual time of the last workload dispatched, so idling
 * earns no credit, and an idle vGPU gets nothing. Switches are workload
 * granular: nothing is preempted.
 *
 * Locking: the device's sched_lock serializes dispatch and completion
 * processing and is taken before any vGPU lock. Guest accesses, which
 * hold only their vGPU's lock, mark work (struct gvt_execlist.need_run,
 * struct gvt_vgpu.sched_kick) and call gvt_sched_run() once they dropped
 * the lock.
 */
#include "gvt_internal.h"

/* Dispatch rounds per call before leaving the rest to the work item. */
#define GVT_SCHED_MAX_ROUNDS	256

/**
 * gvt_sched_init() - the scheduler state of a new device
 * @gvt: the device
 */
void gvt_sched_init(struct gvt_device *gvt)
{
	mutex_init(&gvt->sched_lock);
	INIT_LIST_HEAD(&gvt->sched_vgpus);
	spin_lock_init(&gvt->done_lock);
	INIT_LIST_HEAD(&gvt->done);
}

/**
 * gvt_sched_vgpu_add() - a new vGPU may run workloads
 * @vgpu: the vGPU, not locked
 */
void gvt_sched_vgpu_add(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	mutex_lock(&gvt->sched_lock);
	list_add_tail(&vgpu->sched_link, &gvt->sched_vgpus);
	mutex_unlock(&gvt->sched_lock);
}

/* Pop the first completed workload, of @vgpu only if it is not NULL. */
static struct gvt_wl *gvt_done_pop(struct gvt_device *gvt,
				   struct gvt_vgpu *vgpu)
{
	struct gvt_wl *wl, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&gvt->done_lock, flags);
	list_for_each_entry(wl, &gvt->done, link) {
		if (!vgpu || wl->vgpu == vgpu) {
			found = wl;
			list_del_init(&wl->link);
			break;
		}
	}
	spin_unlock_irqrestore(&gvt->done_lock, flags);
	return found;
}

/**
 * gvt_sched_drain_vgpu() - finish the completed workloads of a vGPU
 * @vgpu: the vGPU, locked
 */
void gvt_sched_drain_vgpu(struct gvt_vgpu *vgpu)
{
	struct gvt_wl *wl;

	while ((wl = gvt_done_pop(vgpu->gvt, vgpu)))
		gvt_execlist_finish(wl);
}

/* Finish every completed workload; sched_lock held, no vGPU lock. */
static void gvt_sched_drain(struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu;
	struct gvt_wl *wl;

	while ((wl = gvt_done_pop(gvt, NULL))) {
		vgpu = wl->vgpu;
		mutex_lock(&vgpu->lock);
		gvt_execlist_finish(wl);
		vgpu->sched_kick = false;
		mutex_unlock(&vgpu->lock);
	}
}

/* May the scheduler give engine @e to @vgpu now? A hint, rechecked. */
static bool gvt_sched_wants(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_execlist *el = &vgpu->execlist[e];

	u32 mi_mode = READ_ONCE(*gvt_vreg_ro(vgpu, gvt_engine_base(e) +
					     GVT_RING_MI_MODE));

	return READ_ONCE(el->need_run) && !READ_ONCE(el->inflight) &&
	       !READ_ONCE(vgpu->failsafe) &&
	       !(mi_mode & GVT_MI_MODE_STOP_RING);
}

/* The vGPU that gets a free engine next, and the engine; NULL if none. */
static struct gvt_vgpu *gvt_sched_pick(struct gvt_device *gvt,
				       enum gvt_engine *engine)
{
	struct gvt_vgpu *vgpu, *best = NULL;
	enum gvt_engine e;

	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		if (READ_ONCE(gvt->engine_owner[e]))
			continue;
		list_for_each_entry(vgpu, &gvt->sched_vgpus, sched_link) {
			if (!gvt_sched_wants(vgpu, e))
				continue;
			if (!best || READ_ONCE(vgpu->sched_vtime) <
				     READ_ONCE(best->sched_vtime)) {
				best = vgpu;
				*engine = e;
			}
		}
	}
	return best;
}

/* Dispatch until no free engine has work; sched_lock held. */
static void gvt_sched_dispatch(struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu;
	unsigned int round;
	enum gvt_engine e;

	for (round = 0; round < GVT_SCHED_MAX_ROUNDS; round++) {
		gvt_sched_drain(gvt);
		vgpu = gvt_sched_pick(gvt, &e);
		if (!vgpu)
			return;
		WRITE_ONCE(gvt->engine_owner[e], vgpu);
		WRITE_ONCE(gvt->sched_clock, READ_ONCE(vgpu->sched_vtime));
		mutex_lock(&vgpu->lock);
		gvt_execlist_run(vgpu, e);
		vgpu->sched_kick = false;
		mutex_unlock(&vgpu->lock);
	}
	/* A guest keeps making work: leave the rest to the work item. */
	gvt_work_kick(gvt);
}

/**
 * gvt_sched_run() - finish completed workloads and dispatch new ones
 * @gvt: the device; the caller holds no vGPU lock
 *
 * Called after a guest access that made work (an ELSP submission, an
 * engine restarted), so that a host that completes at once has done the
 * work, and the guest seen its CSB events, before the access returns.
 */
void gvt_sched_run(struct gvt_device *gvt)
{
	mutex_lock(&gvt->sched_lock);
	gvt_sched_dispatch(gvt);
	mutex_unlock(&gvt->sched_lock);
}

/**
 * gvt_sched_work() - the core's completion work
 * @gvt: the device
 *
 * What the work item queued by gvt_workload_complete() runs, in process
 * context without locks.
 */
void gvt_sched_work(struct gvt_device *gvt)
{
	gvt_sched_run(gvt);
}

/**
 * gvt_sched_cancel() - stop the workload in flight on an engine of a vGPU
 * @vgpu: the vGPU, locked
 * @e: the engine
 *
 * Returns once the host no longer runs it; its completion is processed
 * (as cancelled: no guest-visible effect) before this returns, unless the
 * work item already took it, in which case it will find it forgotten.
 */
void gvt_sched_cancel(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_device *gvt = vgpu->gvt;
	struct gvt_wl *wl = vgpu->execlist[e].inflight;

	if (!wl)
		return;
	wl->superseded = true;
	if (gvt->ops->cancel && !wl->completed)
		gvt->ops->cancel(gvt->priv, &wl->wl);
	gvt_sched_drain_vgpu(vgpu);
}

/**
 * gvt_sched_vgpu_remove() - a vGPU goes away: stop its work
 * @vgpu: the vGPU, not locked
 *
 * Every workload in flight is cancelled and finished; the vGPU gets no
 * engine afterwards.
 */
void gvt_sched_vgpu_remove(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;
	enum gvt_engine e;

	mutex_lock(&gvt->sched_lock);
	list_del_init(&vgpu->sched_link);
	mutex_lock(&vgpu->lock);
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		gvt_sched_cancel(vgpu, e);
		gvt_execlist_reset(vgpu, e);
	}
	gvt_sched_drain_vgpu(vgpu);
	gvt_sched_release_vgpu(vgpu);
	gvt_ppgtt_vgpu_fini(vgpu);
	mutex_unlock(&vgpu->lock);
	mutex_unlock(&gvt->sched_lock);
}

/**
 * gvt_sched_release_vgpu() - tell the backend a vGPU's engine state is gone
 * @vgpu: the vGPU, locked, with the device's sched_lock held, none of its
 *	  workloads in flight (gvt_sched_cancel() on every engine)
 *
 * At a reset and at removal: &gvt_host_ops.release_vgpu drops what the
 * backend keeps for the vGPU's id.
 */
void gvt_sched_release_vgpu(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	lockdep_assert_held(&gvt->sched_lock);
	lockdep_assert_held(&vgpu->lock);
	if (gvt->ops->release_vgpu)
		gvt->ops->release_vgpu(gvt->priv, vgpu->id);
}
