// SPDX-License-Identifier: GPL-2.0-only
/*
 * Execlist emulation: the submit port (ELSP) of each engine, the element
 * list the guest submitted, the context status buffer (CSB) and
 * EXECLIST_STATUS.
 *
 * The guest writes four dwords to RING_ELSP: port 1 high, port 1 low,
 * port 0 high, port 0 low. The fourth submits. A valid submission makes
 * its two descriptors the engine's element list; element 0 runs first.
 * Running an element means building a workload from its context image
 * (workload.c) and handing it to the host when the scheduler gives the
 * engine to the vGPU (sched.c). When a workload completes, the element
 * is done: the next one runs, or the engine goes idle. Every transition
 * is reported to the guest as a CSB event, written into the status page
 * the guest named in HWS_PGA (entries at byte 0x40, write pointer at
 * 0x7c, as the 6.1 i915 reads them) and mirrored in RING_CSB and
 * RING_CSB_PTR, followed by a context-switch interrupt.
 */
#include "gvt_internal.h"

/* Status page: CSB entries at dword 0x10, the write pointer at 0x1f. */
#define GVT_HWSP_CSB		0x40
#define GVT_HWSP_CSB_WP		0x7c
#define GVT_HWS_ADDR_MASK	0xfffff000U
#define GVT_CSB_WP_MASK		0x7U
#define GVT_CSB_WP_RESET	0x7U
/* Pages of a context image the core reads: the status and the registers. */
#define GVT_CTX_MIN_SIZE	0x2000

/**
 * gvt_engine_of() - the engine whose register block holds a register
 * @offset: register offset
 *
 * Return: the engine, or -1 for a register outside the engine blocks.
 */
int gvt_engine_of(u32 offset)
{
	enum gvt_engine e;

	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		u32 base = gvt_engine_base(e);

		if (offset >= base && offset < base + GVT_ENGINE_BLOCK_SIZE)
			return e;
	}
	return -1;
}

static void gvt_execlist_status(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_execlist *el = &vgpu->execlist[e];
	u32 base = gvt_engine_base(e);

	*gvt_vreg(vgpu, base + GVT_RING_EXECLIST_STATUS) =
		el->active ? el->cur : 0;
	*gvt_vreg(vgpu, base + GVT_RING_EXECLIST_STATUS + 4) =
		el->active ? GVT_DESC_CCID(el->desc[el->cur]) : 0;
}

/**
 * gvt_csb_emit() - write one context status event
 * @vgpu: the vGPU, locked
 * @e: the engine
 * @status: the event's status dword (GVT_CSB_*)
 * @ccid: the context id of the element it reports
 *
 * The entry after the write pointer (the first after a reset) takes the
 * event, in the status page and in RING_CSB, and the write pointer moves
 * to it. The caller raises the context-switch interrupt.
 */
void gvt_csb_emit(struct gvt_vgpu *vgpu, enum gvt_engine e, u32 status,
		  u32 ccid)
{
	u32 base = gvt_engine_base(e);
	u32 *ptr = gvt_vreg(vgpu, base + GVT_RING_CSB_PTR);
	u32 wp = *ptr & GVT_CSB_WP_MASK;
	u32 entry[2] = { status, ccid };
	u32 hws, i;

	i = wp == GVT_CSB_WP_RESET ? 0 : (wp + 1) % GVT_CSB_ENTRIES;
	*gvt_vreg(vgpu, base + GVT_RING_CSB + 8 * i) = status;
	*gvt_vreg(vgpu, base + GVT_RING_CSB + 8 * i + 4) = ccid;
	*ptr = (*ptr & ~GVT_CSB_WP_MASK) | i;
	vgpu->counters.csb_events++;

	hws = *gvt_vreg_ro(vgpu, base + GVT_RING_HWS_PGA) & GVT_HWS_ADDR_MASK;
	if (gvt_ggtt_gm_write(vgpu, hws + GVT_HWSP_CSB + 8 * i, entry,
			      sizeof(entry)) ||
	    gvt_ggtt_gm_write(vgpu, hws + GVT_HWSP_CSB_WP, &i, sizeof(i)))
		pr_info_ratelimited("gvt: %s: vGPU %u: engine %u: status page at GGTT 0x%x not writable; CSB event only in RING_CSB\n",
				    vgpu->gvt->name, vgpu->id, e, hws);
}

/**
 * gvt_engine_error() - the engine stops on an error, as hardware would
 * @vgpu: the vGPU, locked
 * @e: the engine
 * @why: for the message
 *
 * RING_EIR bit 0 and the CS error interrupt, so the guest resets the
 * engine; nothing runs on the engine until then.
 */
void gvt_engine_error(struct gvt_vgpu *vgpu, enum gvt_engine e,
		      const char *why)
{
	struct gvt_execlist *el = &vgpu->execlist[e];

	pr_info_ratelimited("gvt: %s: vGPU %u: engine %u stops: %s\n",
			    vgpu->gvt->name, vgpu->id, e, why);
	el->hung = true;
	el->need_run = false;
	*gvt_vreg(vgpu, gvt_engine_base(e) + GVT_RING_EIR) |=
		GVT_EIR_INSTRUCTION;
	gvt_irq_raise(vgpu, e, GVT_IRQ_CS_ERROR);
}

/**
 * gvt_guest_fault() - a guest submission no hardware could run safely
 * @vgpu: the vGPU, locked
 * @e: the engine
 * @why: the reason, a string constant kept for debugfs
 *
 * The vGPU enters failsafe with @why as its reason; the caller drops the
 * submission. Other vGPUs are not affected.
 */
void gvt_guest_fault(struct gvt_vgpu *vgpu, enum gvt_engine e,
		     const char *why)
{
	pr_warn_ratelimited("gvt: %s: vGPU %u: engine %u: %s\n",
			    vgpu->gvt->name, vgpu->id, e, why);
	if (!vgpu->failsafe)
		vgpu->fail_reason = why;
	vgpu->execlist[e].need_run = false;
	gvt_enter_failsafe(vgpu, GVT_FAILSAFE_GUEST_ERR);
	gvt_failsafe_stop(vgpu);
}

/**
 * gvt_failsafe_stop() - a vGPU in failsafe runs nothing more
 * @vgpu: the vGPU, locked, in failsafe
 *
 * Its workloads in flight are cancelled, which releases their pins.
 */
void gvt_failsafe_stop(struct gvt_vgpu *vgpu)
{
	enum gvt_engine i;

	for (i = 0; i < GVT_NUM_ENGINES; i++)
		vgpu->execlist[i].need_run = false;
	gvt_wl_release_guest(vgpu);
}

/**
 * gvt_wl_release_guest() - let go of the guest's memory
 * @vgpu: the vGPU, locked
 *
 * Cancels every workload in flight and drops the shadow page tables, so
 * that the workload path holds no pin of a guest frame. The element
 * lists stay: work resumes with new workloads.
 */
void gvt_wl_release_guest(struct gvt_vgpu *vgpu)
{
	enum gvt_engine i;

	for (i = 0; i < GVT_NUM_ENGINES; i++) {
		if (vgpu->execlist[i].inflight) {
			gvt_sched_cancel(vgpu, i);
			/* The element did not complete: run it again. */
			vgpu->execlist[i].need_run = vgpu->execlist[i].active &&
						     !vgpu->failsafe;
		}
	}
	gvt_ppgtt_vgpu_fini(vgpu);
}

/* Check one valid descriptor; the reason for refusing it, or NULL. */
static const char *gvt_desc_check(struct gvt_vgpu *vgpu, u64 desc)
{
	if (!(desc & GVT_DESC_PRIVILEGE))
		return "context descriptor without the privilege bit";
	if (GVT_DESC_ADDR_MODE(desc) != GVT_WL_ADDR_LEGACY_64)
		return "context descriptor not in 4-level PPGTT mode";
	if (!gvt_gm_range_owned(vgpu, GVT_DESC_LRCA(desc), GVT_CTX_MIN_SIZE))
		return "context image outside the vGPU's graphics memory";
	return NULL;
}

static void gvt_execlist_submit(struct gvt_vgpu *vgpu, enum gvt_engine e,
				u64 desc0, u64 desc1)
{
	struct gvt_execlist *el = &vgpu->execlist[e];
	const char *why = NULL;
	u64 run, clock;
	bool lite;

	vgpu->counters.elsp_submits++;
	if (!(desc0 & GVT_DESC_VALID))
		why = "ELSP submission with an empty port 0";
	if (!why)
		why = gvt_desc_check(vgpu, desc0);
	if (!why && (desc1 & GVT_DESC_VALID))
		why = gvt_desc_check(vgpu, desc1);
	if (why) {
		gvt_guest_fault(vgpu, e, why);
		return;
	}
	if (el->hung) {
		pr_info_ratelimited("gvt: %s: vGPU %u: engine %u: ELSP ignored until the engine is reset\n",
				    vgpu->gvt->name, vgpu->id, e);
		return;
	}

	if (el->active) {
		run = el->desc[el->cur];
		lite = GVT_DESC_LRCA(run) == GVT_DESC_LRCA(desc0) &&
		       GVT_DESC_CCID(run) == GVT_DESC_CCID(desc0) &&
		       !(desc0 & GVT_DESC_FORCE_RESTORE);
		gvt_csb_emit(vgpu, e, GVT_CSB_PREEMPTED |
			     (lite ? GVT_CSB_LITE_RESTORE : 0),
			     GVT_DESC_CCID(run));
		if (el->inflight)
			el->inflight->superseded = true;
		if (!lite)
			el->have_head = false;
	} else {
		gvt_csb_emit(vgpu, e, GVT_CSB_IDLE_ACTIVE, 0);
		el->have_head = false;
		/* Idling earned no credit with the scheduler. */
		clock = READ_ONCE(vgpu->gvt->sched_clock);
		if (vgpu->sched_vtime < clock)
			WRITE_ONCE(vgpu->sched_vtime, clock);
	}
	el->desc[0] = desc0;
	el->desc[1] = desc1 & GVT_DESC_VALID ? desc1 : 0;
	el->cur = 0;
	el->active = true;
	el->need_run = true;
	vgpu->sched_kick = true;
	gvt_execlist_status(vgpu, e);
	gvt_irq_raise(vgpu, e, GVT_IRQ_CTX_SWITCH);
}

/*
 * Whether ELSP submissions reach the workload path. The userspace tiers
 * always run it; gvt.ko takes it from its "workloads" parameter, on by
 * default (off, ELSP is plain storage and a guest's GT wedges at init).
 */
bool gvt_workloads_enabled = true;

/**
 * gvt_elsp_write() - a dword written to an engine's RING_ELSP
 * @vgpu: the vGPU, locked
 * @offset: RING_ELSP of an engine
 * @val: the dword
 * @mask: bits covered by the access (a partial write is stored as is)
 *
 * Dwords come in the order port 1 high, port 1 low, port 0 high, port 0
 * low; the fourth submits both ports.
 */
void gvt_elsp_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask)
{
	int e = gvt_engine_of(offset);
	struct gvt_execlist *el;
	u64 desc0, desc1;

	*gvt_vreg(vgpu, offset) = val;
	if (e < 0 || !gvt_workloads_enabled)
		return;
	el = &vgpu->execlist[e];
	el->elsp[3 - el->elsp_n] = val;
	if (++el->elsp_n < 4)
		return;
	el->elsp_n = 0;
	desc0 = (u64)el->elsp[1] << 32 | el->elsp[0];
	desc1 = (u64)el->elsp[3] << 32 | el->elsp[2];
	gvt_execlist_submit(vgpu, e, desc0, desc1);
}

/* The engine is free again for other vGPUs' workloads. */
static void gvt_engine_release(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_device *gvt = vgpu->gvt;

	if (READ_ONCE(gvt->engine_owner[e]) == vgpu)
		WRITE_ONCE(gvt->engine_owner[e], NULL);
}

/**
 * gvt_execlist_run() - run the current element of an engine
 * @vgpu: the vGPU, locked; the scheduler gave it the engine
 * @e: the engine
 *
 * Builds the element's workload and submits it to the host. An element
 * with nothing to run completes at once. If no workload goes to the host
 * the engine is released.
 */
void gvt_execlist_run(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_device *gvt = vgpu->gvt;
	struct gvt_execlist *el = &vgpu->execlist[e];
	struct gvt_wl *wl;
	int ret;

	if (*gvt_vreg_ro(vgpu, gvt_engine_base(e) + GVT_RING_MI_MODE) &
	    GVT_MI_MODE_STOP_RING) {
		/* Stopped: the element waits until STOP_RING clears. */
		gvt_engine_release(vgpu, e);
		return;
	}
	if (vgpu->failsafe || !el->active || !el->need_run || el->hung ||
	    el->inflight) {
		el->need_run = el->need_run && !vgpu->failsafe && !el->hung &&
			       el->active;
		gvt_engine_release(vgpu, e);
		return;
	}
	el->need_run = false;
	ret = gvt_wl_build(vgpu, e, el->desc[el->cur], el->have_head,
			   el->head, &wl);
	if (ret) {
		gvt_engine_release(vgpu, e);
		if (!vgpu->failsafe)
			gvt_engine_error(vgpu, e, "no memory for the workload");
		return;
	}
	el->inflight = wl;
	if (wl->wl.nr_bufs == 1 && !wl->bufs[0].ndw) {
		/* Nothing between HEAD and TAIL: done at once. */
		gvt_execlist_finish(wl);
		return;
	}
	vgpu->counters.workloads++;
	ret = gvt->ops->submit ? gvt->ops->submit(gvt->priv, &wl->wl) :
				 -EOPNOTSUPP;
	if (ret) {
		el->inflight = NULL;
		gvt_engine_release(vgpu, e);
		vgpu->counters.workload_errors++;
		gvt_wl_free(wl);
		gvt_engine_error(vgpu, e, "the host cannot run the workload");
	}
}

/* Charge the vGPU for the time its workload ran (sched.c reads it). */
static void gvt_sched_charge(struct gvt_vgpu *vgpu, struct gvt_wl *wl)
{
	u32 ticks = wl->wl.ctx_timestamp - wl->ts_start;

	if (!ticks)
		ticks = 1;
	vgpu->counters.sched_ticks += ticks;
	WRITE_ONCE(vgpu->sched_vtime, vgpu->sched_vtime +
		   (u64)ticks * 1024 / (vgpu->type->weight ?: 1));
}

/**
 * gvt_execlist_finish() - a workload completed: emulate its switch-out
 * @wl: the workload, no longer the host's
 *
 * With status 0 the TAIL reached is written back into the context image
 * as RING_HEAD, with CTX_TIMESTAMP; the commands' interrupt events fire;
 * the element is done (CSB element switch or active-to-idle, context
 * switch interrupt) unless a later submission replaced it. An error
 * status stops the engine (RING_EIR, CS error interrupt). A cancelled
 * workload changes nothing: the reset that cancelled it did. Frees @wl.
 */
void gvt_execlist_finish(struct gvt_wl *wl)
{
	struct gvt_vgpu *vgpu = wl->vgpu;
	enum gvt_engine e = wl->wl.engine;
	struct gvt_execlist *el = &vgpu->execlist[e];
	u32 irq = 0;

	if (el->inflight != wl)
		goto out;
	el->inflight = NULL;
	gvt_engine_release(vgpu, e);
	gvt_sched_charge(vgpu, wl);
	/* Commands may have run: what they loaded is the vGPU's now. */
	if (wl->status != -ECANCELED)
		gvt_wl_regs_save(vgpu, wl);
	if (wl->status == -ECANCELED || vgpu->failsafe)
		goto out;
	if (wl->status) {
		vgpu->counters.workload_errors++;
		gvt_engine_error(vgpu, e, "the workload failed on the GPU");
		goto out;
	}
	vgpu->counters.workloads_done++;
	gvt_ctx_reg_write(vgpu, wl->wl.lrca, GVT_CTX_RING_HEAD, wl->wl.tail);
	gvt_ctx_reg_write(vgpu, wl->wl.lrca, GVT_CTX_TIMESTAMP,
			  wl->wl.ctx_timestamp);
	if ((wl->wl.events | wl->scan_events) & GVT_WL_EVENT_USER)
		irq |= GVT_IRQ_USER;
	if ((wl->wl.events | wl->scan_events) & GVT_WL_EVENT_NOTIFY)
		irq |= GVT_WL_EVENT_NOTIFY;

	if (wl->superseded) {
		/* A lite restore continues where this one stopped. */
		if (el->active && GVT_DESC_LRCA(el->desc[el->cur]) ==
		    GVT_DESC_LRCA(wl->desc)) {
			el->head = wl->wl.tail;
			el->have_head = true;
		}
	} else if (el->cur == 0 && (el->desc[1] & GVT_DESC_VALID)) {
		gvt_csb_emit(vgpu, e, GVT_CSB_ELEMENT_SWITCH | GVT_CSB_COMPLETE,
			     GVT_DESC_CCID(el->desc[0]));
		el->cur = 1;
		el->have_head = false;
		el->need_run = true;
		irq |= GVT_IRQ_CTX_SWITCH;
	} else {
		gvt_csb_emit(vgpu, e, GVT_CSB_ACTIVE_IDLE | GVT_CSB_COMPLETE,
			     GVT_DESC_CCID(el->desc[el->cur]));
		el->active = false;
		el->head = wl->wl.tail;
		el->have_head = true;
		irq |= GVT_IRQ_CTX_SWITCH;
	}
	gvt_execlist_status(vgpu, e);
	if (irq)
		gvt_irq_raise(vgpu, e, irq);
out:
	if (el->need_run)
		vgpu->sched_kick = true;
	gvt_wl_free(wl);
}

/**
 * gvt_execlist_reset() - an engine's execlist after an engine reset
 * @vgpu: the vGPU, locked, with nothing in flight on @e
 * @e: the engine
 *
 * No element list, no partial ELSP write, no error; the CSB write pointer
 * is back at its reset value.
 */
void gvt_execlist_reset(struct gvt_vgpu *vgpu, enum gvt_engine e)
{
	struct gvt_execlist *el = &vgpu->execlist[e];

	if (el->inflight) {
		/* Its completion, still queued, will find it forgotten. */
		el->inflight = NULL;
		gvt_engine_release(vgpu, e);
	}
	memset(el, 0, sizeof(*el));
	gvt_execlist_status(vgpu, e);
}
