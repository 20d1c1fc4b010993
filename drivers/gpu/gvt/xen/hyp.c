// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct xengt_hyp_ops for Xen 4.17 and a PV dom0: HYPERVISOR_dm_op, the
 * ioreq page through XENMEM_acquire_resource, one interdomain event
 * channel per vCPU (late EOI), the worker kthread, and whether a domain
 * is gone (xenstore).
 */
#include <linux/bitmap.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/features.h>
#include <xen/xen.h>
#include <xen/interface/memory.h>
#include <xen/interface/hvm/dm_op.h>

#include "xengt.h"

static int xengt_hyp_dm_op(struct xengt_dom *d, struct xengt_dm_op *op)
{
	struct xen_dm_op_buf buf;

	set_xen_guest_handle(buf.h, op);
	buf.size = sizeof(*op);
	return HYPERVISOR_dm_op(d->domid, 1, &buf);
}

static int xengt_hyp_dom_init(struct xengt_dom *d)
{
	const struct gvt_host_info *info = gvt_device_info(d->gvt);
	struct xengt_kdom *kd;
	unsigned int v;
	int ret;

	if (!info->dev)
		return -ENODEV;
	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->d = d;
	kd->dma_dev = info->dev;
	kd->xbdev.otherend_id = d->domid;
	init_waitqueue_head(&kd->wq);
	for (v = 0; v < XENGT_MAX_VCPUS; v++) {
		kd->vcpu[v].kd = kd;
		kd->vcpu[v].vcpu = v;
		kd->vcpu[v].irq = -1;
	}
	ret = xengt_gmem_init(kd);
	if (ret) {
		xengt_gmem_fini(kd);
		kfree(kd);
		return ret;
	}
	d->hyp = kd;
	return 0;
}

static void xengt_hyp_dom_fini(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;

	xengt_gmem_fini(kd);
	kfree(kd);
	d->hyp = NULL;
}

/* Frame 1 of the server's resource: its synchronous ioreq page. */
static int xengt_hyp_iopage_map(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;
	struct xen_mem_acquire_resource xdata = {
		.domid = d->domid,
		.type = XENMEM_resource_ioreq_server,
		.id = d->ioservid,
		.frame = XENGT_XENMEM_resource_ioreq_server_frame_ioreq(0),
		.nr_frames = 1,
	};
	xen_pfn_t frame = 0;
	u64 mfn;
	int ret;

	ret = xen_alloc_unpopulated_pages(1, &kd->iopage);
	if (ret)
		return ret;
	set_xen_guest_handle(xdata.frame_list, &frame);
	ret = HYPERVISOR_memory_op(XENMEM_acquire_resource, &xdata);
	/*
	 * A PV caller gets the page's mfn; in Xen 4.17 the page belongs to
	 * the target domain (xdata.flags is padding, always 0).
	 */
	if (!ret)
		ret = xengt_frame_map(kd->iopage, frame, d->domid, true, &mfn);
	if (ret) {
		xen_free_unpopulated_pages(1, &kd->iopage);
		kd->iopage = NULL;
		return ret;
	}
	d->iopage = page_address(kd->iopage);
	return 0;
}

static void xengt_hyp_iopage_unmap(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;

	d->iopage = NULL;
	xengt_frame_unmap(kd->iopage);
	xen_free_unpopulated_pages(1, &kd->iopage);
	kd->iopage = NULL;
}

static irqreturn_t xengt_irq(int irq, void *arg)
{
	struct xengt_kvcpu *kv = arg;

	set_bit(kv->vcpu, kv->kd->pending);
	wake_up(&kv->kd->wq);
	return IRQ_HANDLED;
}

static int xengt_hyp_evtchn_bind(struct xengt_dom *d, unsigned int vcpu,
				 u32 port)
{
	struct xengt_kdom *kd = d->hyp;
	int irq;

	irq = bind_interdomain_evtchn_to_irqhandler_lateeoi(&kd->xbdev, port,
							    xengt_irq, 0,
							    "xengt",
							    &kd->vcpu[vcpu]);
	if (irq < 0)
		return irq;
	kd->vcpu[vcpu].irq = irq;
	return 0;
}

static void xengt_hyp_evtchn_unbind(struct xengt_dom *d, unsigned int vcpu)
{
	struct xengt_kdom *kd = d->hyp;

	if (kd->vcpu[vcpu].irq < 0)
		return;
	unbind_from_irqhandler(kd->vcpu[vcpu].irq, &kd->vcpu[vcpu]);
	kd->vcpu[vcpu].irq = -1;
}

static void xengt_hyp_evtchn_notify(struct xengt_dom *d, unsigned int vcpu)
{
	struct xengt_kdom *kd = d->hyp;

	if (kd->vcpu[vcpu].irq >= 0)
		notify_remote_via_irq(kd->vcpu[vcpu].irq);
}

/* One worker per guest serves every vCPU whose channel fired. */
static int xengt_worker(void *arg)
{
	struct xengt_kdom *kd = arg;
	struct xengt_dom *d = kd->d;
	unsigned int v;

	while (!kthread_should_stop()) {
		wait_event_interruptible(kd->wq,
					 !bitmap_empty(kd->pending, d->nbound) ||
					 kthread_should_stop());
		for (v = 0; v < d->nbound; v++) {
			bool handled;

			if (!test_and_clear_bit(v, kd->pending))
				continue;
			handled = xengt_ioreq_handle(d, v);
			xen_irq_lateeoi(kd->vcpu[v].irq,
					handled ? 0 : XEN_EOI_FLAG_SPURIOUS);
		}
		cond_resched();
	}
	return 0;
}

static int xengt_hyp_worker_start(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;
	struct task_struct *t;

	/* A request may have come before its channel was bound. */
	bitmap_set(kd->pending, 0, d->nbound);
	t = kthread_run(xengt_worker, kd, "xengt:%u", d->domid);
	if (IS_ERR(t))
		return PTR_ERR(t);
	kd->worker = t;
	return 0;
}

static void xengt_hyp_worker_stop(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;

	if (kd->worker)
		kthread_stop(kd->worker);
	kd->worker = NULL;
}

/* libxl removes /local/domain/<domid> when it destroys the domain. */
static bool xengt_hyp_domain_gone(struct xengt_dom *d)
{
	char path[32];

	if (!xengt_xenstore_ready())
		return false;
	snprintf(path, sizeof(path), "/local/domain/%u", d->domid);
	return !xenbus_exists(XBT_NIL, path, "");
}

const struct xengt_hyp_ops xengt_xen_ops = {
	.dm_op = xengt_hyp_dm_op,
	.dom_init = xengt_hyp_dom_init,
	.dom_fini = xengt_hyp_dom_fini,
	.iopage_map = xengt_hyp_iopage_map,
	.iopage_unmap = xengt_hyp_iopage_unmap,
	.evtchn_bind = xengt_hyp_evtchn_bind,
	.evtchn_unbind = xengt_hyp_evtchn_unbind,
	.evtchn_notify = xengt_hyp_evtchn_notify,
	.worker_start = xengt_hyp_worker_start,
	.worker_stop = xengt_hyp_worker_stop,
	.pin_gfn = xengt_gmem_pin,
	.unpin_gfn = xengt_gmem_unpin,
	.unpin_all = xengt_gmem_unpin_all,
	.rw_gpa = xengt_gmem_rw,
	.publish = xengt_sysfs_publish,
	.unpublish = xengt_sysfs_unpublish,
	.domain_gone = xengt_hyp_domain_gone,
};
