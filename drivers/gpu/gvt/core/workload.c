// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads: from an execlist element to what the host runs.
 *
 * gvt_wl_build() reads the ring registers from page 1 of the context
 * image through the guest's GGTT, checks that the ring lies inside the
 * vGPU's graphics memory, shadows the context's PPGTT, copies and scans
 * the ring segment HEAD..TAIL with every batch it starts, and describes
 * the scanned buffers in a struct gvt_workload for the host backend. The
 * host only ever sees the scanned copies.
 *
 * gvt_workload_complete() is the backend's way back; it may be called
 * from any context and only queues the workload for the scheduler, which
 * finishes it in process context (execlist.c).
 */
#include "gvt_internal.h"

/* MI_USER_INTERRUPT, MI_FLUSH_DW and PIPE_CONTROL, for the event scan. */
#define GVT_MI_OPCODE(dw)	((dw) >> 23)
#define GVT_MI_USER_INTERRUPT	0x02
#define GVT_MI_FLUSH_DW		0x26
#define  GVT_FLUSH_DW_NOTIFY	BIT(8)
#define GVT_PIPE_CONTROL(dw)	(((dw) >> 16) == 0x7a00)
#define  GVT_PC_NOTIFY		BIT(8)

static const enum gvt_workload_buf_kind gvt_buf_kinds[] = {
	[GVT_BUF_RING] = GVT_WL_BUF_RING,
	[GVT_BUF_BATCH] = GVT_WL_BUF_BATCH,
	[GVT_BUF_BATCH2] = GVT_WL_BUF_BATCH2,
};

/**
 * gvt_ctx_reg_write() - write a register value of a context image
 * @vgpu: the vGPU, locked
 * @lrca: GGTT address of the image
 * @index: dword index in its register page (GVT_CTX_*)
 * @val: the value
 *
 * Return: 0 or -EFAULT.
 */
int gvt_ctx_reg_write(struct gvt_vgpu *vgpu, u64 lrca, u32 index, u32 val)
{
	return gvt_ggtt_gm_write(vgpu, lrca + GVT_CTX_REG_PAGE + 4 * index,
				 &val, sizeof(val));
}

/* The interrupt events the commands of @b raise when they execute. */
static u32 gvt_buf_events(struct gvt_vgpu *vgpu, enum gvt_engine e,
			  const struct gvt_shadow_buf *b)
{
	const struct gvt_cmd_info *info;
	u32 ip = 0, ev = 0, dw0, len;

	while (ip < b->ndw) {
		dw0 = b->cmds[ip];
		if (!dw0) {
			ip++;
			continue;
		}
		info = gvt_cmd_lookup(vgpu->gvt, e, dw0);
		if (!info)
			break;
		len = gvt_cmd_len(info, dw0);
		if (!len)
			break;
		if (!(dw0 >> 29) && GVT_MI_OPCODE(dw0) == GVT_MI_USER_INTERRUPT)
			ev |= GVT_WL_EVENT_USER;
		else if (!(dw0 >> 29) && GVT_MI_OPCODE(dw0) == GVT_MI_FLUSH_DW &&
			 (dw0 & GVT_FLUSH_DW_NOTIFY))
			ev |= GVT_WL_EVENT_NOTIFY;
		else if (GVT_PIPE_CONTROL(dw0) && ip + 1 < b->ndw &&
			 (b->cmds[ip + 1] & GVT_PC_NOTIFY))
			ev |= GVT_WL_EVENT_NOTIFY;
		ip += len;
	}
	return ev;
}

/**
 * gvt_wl_free() - free a workload and its shadows
 * @wl: the workload, not in the host's hands, or NULL
 */
void gvt_wl_free(struct gvt_wl *wl)
{
	if (!wl)
		return;
	gvt_ppgtt_put(wl->ppgtt);
	if (wl->scan)
		gvt_scan_fini(wl->scan);
	kfree(wl->scan);
	kfree(wl->bufs);
	kfree(wl);
}

/* Read the ring registers of the image; NULL or why they are unusable. */
static const char *gvt_wl_ring(struct gvt_vgpu *vgpu, struct gvt_wl *wl,
			       const u32 *regs, bool lite, u32 head)
{
	struct gvt_workload *w = &wl->wl;
	u32 size;

	w->ctx_ctrl = regs[GVT_CTX_CTRL] & 0xffff;
	w->ring_start = regs[GVT_CTX_RING_START] & 0xfffff000U;
	w->ring_ctl = regs[GVT_CTX_RING_CTL];
	w->tail = regs[GVT_CTX_RING_TAIL] & GVT_RING_OFFSET_MASK;
	w->head = lite ? head : regs[GVT_CTX_RING_HEAD] & GVT_RING_OFFSET_MASK;
	w->ctx_timestamp = regs[GVT_CTX_TIMESTAMP];
	w->indirect_ctx_offset = 0;
	size = GVT_RING_CTL_SIZE(w->ring_ctl);
	if (!(w->ring_ctl & GVT_RING_CTL_VALID))
		return "context with a disabled ring";
	if (!gvt_gm_range_owned(vgpu, w->ring_start, size))
		return "ring outside the vGPU's graphics memory";
	if (w->head >= size || w->tail >= size)
		return "ring HEAD or TAIL beyond the ring";
	return NULL;
}

/**
 * gvt_wl_build() - the workload of an execlist element
 * @vgpu: the vGPU, locked
 * @e: the engine
 * @desc: the element's descriptor, already checked
 * @lite: a lite restore: the ring continues at @head, not the image's
 * @head: HEAD for a lite restore
 * @out: the workload
 *
 * A context or ring the guest may not use, or commands the scanner
 * refuses, put the vGPU in failsafe with the reason.
 *
 * Return: 0, -EFAULT, the scanner's error, or -ENOMEM (which does not
 * blame the guest).
 */
int gvt_wl_build(struct gvt_vgpu *vgpu, enum gvt_engine e, u64 desc,
		 bool lite, u32 head, struct gvt_wl **out)
{
	struct gvt_gm_access ggtt = { .read = gvt_ggtt_gm_read, .priv = vgpu };
	struct gvt_gm_access ppgtt;
	const struct gvt_gm_access *pp = NULL;
	u32 regs[GVT_CTX_REGS];
	struct gvt_workload *w;
	struct gvt_scan *s;
	struct gvt_wl *wl;
	const char *why;
	unsigned int i;
	u64 root;
	int ret;

	*out = NULL;
	if (gvt_ggtt_gm_read(vgpu, GVT_DESC_LRCA(desc) + GVT_CTX_REG_PAGE,
			     regs, sizeof(regs))) {
		gvt_guest_fault(vgpu, e, "context image not readable");
		return -EFAULT;
	}
	wl = kzalloc(sizeof(*wl), GFP_KERNEL);
	if (!wl)
		return -ENOMEM;
	wl->vgpu = vgpu;
	wl->desc = desc;
	INIT_LIST_HEAD(&wl->link);
	w = &wl->wl;
	INIT_LIST_HEAD(&w->host_link);
	w->vgpu_id = vgpu->id;
	w->engine = e;
	w->lrca = GVT_DESC_LRCA(desc);
	w->ctx_pages = e == GVT_ENGINE_RCS ? 22 : 2;
	w->addressing_mode = GVT_DESC_ADDR_MODE(desc);
	w->privileged = desc & GVT_DESC_PRIVILEGE;
	why = gvt_wl_ring(vgpu, wl, regs, lite, head);
	if (why) {
		gvt_guest_fault(vgpu, e, why);
		ret = -EFAULT;
		goto err;
	}
	wl->ts_start = w->ctx_timestamp;

	root = (u64)regs[GVT_CTX_PDP0_UDW] << 32 | regs[GVT_CTX_PDP0_LDW];
	ret = gvt_ppgtt_get(vgpu, root, &wl->ppgtt);
	if (ret == -ENOMEM)
		goto err;
	if (!ret) {
		ppgtt.read = gvt_ppgtt_gm_read;
		ppgtt.priv = wl->ppgtt;
		pp = &ppgtt;
		w->ppgtt_root = gvt_ppgtt_root(wl->ppgtt);
	}

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		ret = -ENOMEM;
		goto err;
	}
	wl->scan = s;
	gvt_scan_init(s, vgpu, e, &ggtt, pp);
	ret = gvt_scan_ring(s, w->ring_start, GVT_RING_CTL_SIZE(w->ring_ctl),
			    w->head, w->tail);
	if (ret) {
		if (vgpu->failsafe) {
			if (!vgpu->fail_reason) {
				vgpu->fail_reason = s->err.rule ?:
						    "command rejected";
				vgpu->fail_cmd = s->err.cmd;
				vgpu->fail_gma = s->err.gma;
				vgpu->fail_dw[0] = s->err.dw[0];
				vgpu->fail_dw[1] = s->err.dw[1];
			}
			gvt_failsafe_stop(vgpu);
		}
		goto err;
	}
	wl->bufs = kcalloc(s->nr_bufs, sizeof(*wl->bufs), GFP_KERNEL);
	if (!wl->bufs) {
		ret = -ENOMEM;
		goto err;
	}
	for (i = 0; i < s->nr_bufs; i++) {
		const struct gvt_shadow_buf *b = &s->bufs[i];
		struct gvt_workload_buf *d = &wl->bufs[i];

		d->cmds = b->cmds;
		d->ndw = b->ndw;
		d->gma = b->gma;
		d->ppgtt = b->ppgtt;
		d->kind = gvt_buf_kinds[b->kind];
		d->parent = b->parent;
		d->start_dw = b->start_dw;
		wl->scan_events |= gvt_buf_events(vgpu, e, b);
	}
	w->bufs = wl->bufs;
	w->nr_bufs = s->nr_bufs;
	gvt_wl_regs_load(vgpu, wl);
	*out = wl;
	return 0;

err:
	gvt_wl_free(wl);
	return ret;
}

/**
 * gvt_workload_complete() - the host finished a workload
 * @wl: a workload the core gave to &gvt_host_ops.submit
 * @status: 0 when every command ran, -EIO when the engine stopped on an
 *	    error, -ECANCELED when &gvt_host_ops.cancel stopped it first
 *
 * May be called from any context, also from inside the submit callback;
 * never sleeps. The backend must not touch @wl afterwards. The core
 * finishes the workload (context image, CSB, interrupts, the next
 * submission) in process context.
 */
void gvt_workload_complete(struct gvt_workload *wl, int status)
{
	struct gvt_wl *w = container_of(wl, struct gvt_wl, wl);
	struct gvt_device *gvt = w->vgpu->gvt;
	unsigned long flags;
	bool twice;

	spin_lock_irqsave(&gvt->done_lock, flags);
	twice = w->completed;
	if (!twice) {
		w->completed = true;
		w->status = status;
		list_add_tail(&w->link, &gvt->done);
	}
	spin_unlock_irqrestore(&gvt->done_lock, flags);
	if (twice) {
		pr_err_ratelimited("gvt: %s: workload of vGPU %u completed twice\n",
				   gvt->name, wl->vgpu_id);
		return;
	}
	gvt_work_kick(gvt);
}
EXPORT_SYMBOL_GPL(gvt_workload_complete);
