// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's completion work item (kernel only; tools/testing/gvt has its
 * own version): gvt_workload_complete() may run in any context, so the
 * processing of completed workloads, which writes guest memory and takes
 * mutexes, runs here, in process context.
 */
#include <linux/workqueue.h>

#include "gvt_internal.h"

struct gvt_work {
	struct work_struct work;
	struct gvt_device *gvt;
};

static void gvt_work_fn(struct work_struct *work)
{
	gvt_sched_work(container_of(work, struct gvt_work, work)->gvt);
}

/**
 * gvt_work_init() - the completion work item of a device
 * @gvt: the device
 *
 * Return: 0 or -ENOMEM.
 */
int gvt_work_init(struct gvt_device *gvt)
{
	struct gvt_work *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM;
	INIT_WORK(&w->work, gvt_work_fn);
	w->gvt = gvt;
	gvt->work = w;
	return 0;
}

/**
 * gvt_work_fini() - wait for the work item and free it
 * @gvt: the device, with no workload left in the host's hands
 */
void gvt_work_fini(struct gvt_device *gvt)
{
	struct gvt_work *w = gvt->work;

	if (!w)
		return;
	cancel_work_sync(&w->work);
	kfree(w);
	gvt->work = NULL;
}

/**
 * gvt_work_kick() - have the work item run soon
 * @gvt: the device
 *
 * Any context; never sleeps.
 */
void gvt_work_kick(struct gvt_device *gvt)
{
	struct gvt_work *w = gvt->work;

	if (w)
		queue_work(system_highpri_wq, &w->work);
}
