// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device's vblank timer (kernel only; tools/testing/gvt has its own
 * version): while a vGPU of the device wants a vblank interrupt (an
 * enabled pipe whose vblank or flip-done events it enables and unmasks),
 * a delayed work item runs gvt_vblank_device_tick() every
 * GVT_VBLANK_PERIOD_US rounded up to whole jiffies (20 ms at HZ=250; the
 * frame count itself follows the clock), in process context, as it takes
 * the vGPUs' mutexes. It stops when none does; the guest writes that may change
 * that (PIPECONF, a DE pipe IMR or IER, PLANE_SURF) kick it again.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "gvt_internal.h"

struct gvt_vblank_timer {
	struct delayed_work dwork;
	struct gvt_device *gvt;
};

static void gvt_vblank_timer_fn(struct work_struct *work)
{
	struct gvt_vblank_timer *t =
		container_of(to_delayed_work(work), struct gvt_vblank_timer,
			     dwork);

	if (gvt_vblank_device_tick(t->gvt))
		queue_delayed_work(system_wq, &t->dwork,
				   usecs_to_jiffies(GVT_VBLANK_PERIOD_US));
}

/**
 * gvt_vblank_timer_init() - the vblank timer of a device, stopped
 * @gvt: the device
 *
 * Return: 0 or -ENOMEM.
 */
int gvt_vblank_timer_init(struct gvt_device *gvt)
{
	struct gvt_vblank_timer *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	INIT_DELAYED_WORK(&t->dwork, gvt_vblank_timer_fn);
	t->gvt = gvt;
	gvt->vblank_timer = t;
	return 0;
}

/**
 * gvt_vblank_timer_stop() - wait until the vblank timer is stopped
 * @gvt: the device, with no vGPU on its scheduler's list
 *
 * A kick that comes later runs one tick, which finds no vGPU and stops.
 */
void gvt_vblank_timer_stop(struct gvt_device *gvt)
{
	struct gvt_vblank_timer *t = gvt->vblank_timer;

	if (t)
		cancel_delayed_work_sync(&t->dwork);
}

/**
 * gvt_vblank_timer_fini() - stop the vblank timer and free it
 * @gvt: the device, whose vGPUs are all destroyed
 */
void gvt_vblank_timer_fini(struct gvt_device *gvt)
{
	gvt_vblank_timer_stop(gvt);
	kfree(gvt->vblank_timer);
	gvt->vblank_timer = NULL;
}

/**
 * gvt_vblank_timer_kick() - start the vblank timer if it is stopped
 * @gvt: the device
 *
 * The first tick comes one period later. Any context; never sleeps.
 */
void gvt_vblank_timer_kick(struct gvt_device *gvt)
{
	struct gvt_vblank_timer *t = gvt->vblank_timer;

	if (t)
		queue_delayed_work(system_wq, &t->dwork,
				   usecs_to_jiffies(GVT_VBLANK_PERIOD_US));
}
