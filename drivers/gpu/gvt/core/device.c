// SPDX-License-Identifier: GPL-2.0-only
/*
 * GVT devices (one per physical GPU) and the registry that introduces them
 * to the hypervisor frontends.
 *
 * Host backends register devices, frontends register themselves; whichever
 * comes second, every (device, frontend) pair meets exactly once through
 * device_added and parts through device_removed.
 */
#include "gvt_internal.h"

/* At most this many frontends at once (VFIO, Xen, and room for a test). */
#define GVT_MAX_FRONTENDS	4

/*
 * The registry lock protects the two lists, the frontend slots, and each
 * device's fe_* bitmaps, dying flag and call count. It is never held while
 * a frontend's device_added or device_removed runs: device_removed may wait
 * for userspace (a VFIO device still open), and other devices and
 * frontends must come and go meanwhile. Whoever claims a (device, frontend)
 * pair (its fe_busy bit) makes the calls for it, rechecking after each call
 * whether the pair should now be attached, until nothing changes; the
 * others skip a busy pair and wait on gvt_registry_wq for the calls to
 * finish before they free a device or let a frontend go.
 */
static DEFINE_MUTEX(gvt_registry_lock);
static DECLARE_WAIT_QUEUE_HEAD(gvt_registry_wq);
static LIST_HEAD(gvt_devices);
static struct gvt_frontend *gvt_frontends[GVT_MAX_FRONTENDS];
/* Slots whose frontend is unregistering: no new attach. */
static unsigned long gvt_fe_dying;
/* Frontend calls under way per slot, outside the registry lock. */
static unsigned int gvt_fe_calls[GVT_MAX_FRONTENDS];

/* Should (@gvt, @slot) be attached? Registry lock held. */
static bool gvt_pair_wanted(struct gvt_device *gvt, unsigned int slot)
{
	return !gvt->dying && gvt_frontends[slot] &&
	       !test_bit(slot, &gvt_fe_dying) &&
	       !test_bit(slot, &gvt->fe_failed);
}

static bool gvt_pair_unsettled(struct gvt_device *gvt, unsigned int slot)
{
	return !test_bit(slot, &gvt->fe_busy) &&
	       gvt_pair_wanted(gvt, slot) != test_bit(slot, &gvt->fe_attached);
}

/*
 * Attach or detach (@gvt, @slot) until it is as it should be. Called with
 * the registry lock held, which is dropped around each frontend call; the
 * device stays allocated meanwhile (gvt_device_unregister() waits for its
 * call count), and so does the frontend (gvt_frontend_unregister() waits
 * for its slot's).
 */
static void gvt_pair_settle(struct gvt_device *gvt, unsigned int slot)
{
	struct gvt_frontend *fe;
	bool want;
	int ret;

	lockdep_assert_held(&gvt_registry_lock);
	if (test_bit(slot, &gvt->fe_busy))
		return;		/* the claimer settles it */
	__set_bit(slot, &gvt->fe_busy);
	WRITE_ONCE(gvt->fe_calls, gvt->fe_calls + 1);
	WRITE_ONCE(gvt_fe_calls[slot], gvt_fe_calls[slot] + 1);
	while (gvt_pair_wanted(gvt, slot) != test_bit(slot, &gvt->fe_attached)) {
		want = gvt_pair_wanted(gvt, slot);
		fe = gvt_frontends[slot];
		mutex_unlock(&gvt_registry_lock);
		ret = 0;
		if (want)
			ret = fe->device_added(gvt);
		else
			fe->device_removed(gvt);
		mutex_lock(&gvt_registry_lock);
		if (!want) {
			__clear_bit(slot, &gvt->fe_attached);
		} else if (ret) {
			pr_err("gvt: %s: frontend %s failed to attach: %d\n",
			       gvt->name, fe->name, ret);
			__set_bit(slot, &gvt->fe_failed);
		} else {
			__set_bit(slot, &gvt->fe_attached);
		}
	}
	__clear_bit(slot, &gvt->fe_busy);
	WRITE_ONCE(gvt->fe_calls, gvt->fe_calls - 1);
	WRITE_ONCE(gvt_fe_calls[slot], gvt_fe_calls[slot] - 1);
	wake_up_all(&gvt_registry_wq);
}

/* Settle @slot on every device; registry lock held. */
static void gvt_settle_slot(unsigned int slot)
{
	struct gvt_device *gvt;

restart:
	list_for_each_entry(gvt, &gvt_devices, link) {
		if (gvt_pair_unsettled(gvt, slot)) {
			/* Drops the lock: the list may change. */
			gvt_pair_settle(gvt, slot);
			goto restart;
		}
	}
}

static bool gvt_pow2(u64 x)
{
	return x && !(x & (x - 1));
}

static bool gvt_host_info_valid(const struct gvt_host_info *info)
{
	u64 gtt_mask = (1ULL << GVT_GTT_PAGE_SHIFT) - 1;

	/* Bound the GGTT first so that none of the sums below can wrap. */
	return info->name && info->num_fences >= GVT_HOST_FENCES &&
	       info->num_fences <= GVT_MAX_FENCES &&
	       info->ggtt_size <= GVT_MAX_GGTT_SIZE &&
	       info->aperture_size > GVT_HOST_LOW_GM_SIZE &&
	       info->aperture_size < info->ggtt_size &&
	       info->ggtt_size - info->aperture_size > GVT_HOST_HIGH_GM_SIZE &&
	       !(info->aperture_size & gtt_mask) &&
	       !(info->ggtt_size & gtt_mask) &&
	       gvt_pow2(info->aperture_size) && gvt_pow2(info->bar0_size) &&
	       info->bar0_size >= GVT_GGTT_OFFSET +
				  (info->ggtt_size >> GVT_GTT_PAGE_SHIFT) * 8;
}

/**
 * gvt_device_register() - hand a physical GPU to the GVT core
 * @info: identity and resources; copied
 * @ops: host callbacks, must stay valid until gvt_device_unregister()
 * @priv: passed back to @ops
 *
 * Sets up the GM windows (the host keeps the bottom %GVT_HOST_LOW_GM_SIZE of
 * the aperture, %GVT_HOST_HIGH_GM_SIZE of the hidden range and
 * %GVT_HOST_FENCES fences), chooses the vGPU types that fit and announces
 * the device to every registered frontend.
 *
 * Return: the device, or ERR_PTR(-EINVAL) for an unusable description,
 * ERR_PTR(-ENOSPC) when no vGPU type fits, ERR_PTR(-ENOMEM).
 */
struct gvt_device *gvt_device_register(const struct gvt_host_info *info,
				       const struct gvt_host_ops *ops,
				       void *priv)
{
	struct gvt_device *gvt;
	unsigned int i;
	int ret;

	if (!info || !ops || !gvt_host_info_valid(info)) {
		pr_err("gvt: unusable host description (need %u..%u fences, aperture a power of two above %llu MiB, GGTT above aperture + %llu MiB and at most %llu MiB, 4 KiB aligned, BAR0 a power of two holding the GGTT from 8 MiB)\n",
		       GVT_HOST_FENCES, GVT_MAX_FENCES,
		       GVT_HOST_LOW_GM_SIZE >> 20, GVT_HOST_HIGH_GM_SIZE >> 20,
		       GVT_MAX_GGTT_SIZE >> 20);
		return ERR_PTR(-EINVAL);
	}

	gvt = kzalloc(sizeof(*gvt), GFP_KERNEL);
	if (!gvt)
		return ERR_PTR(-ENOMEM);

	gvt->info = *info;
	gvt->ops = ops;
	gvt->priv = priv;
	strscpy(gvt->name, info->name, sizeof(gvt->name));
	gvt->info.name = gvt->name;
	mutex_init(&gvt->lock);
	INIT_LIST_HEAD(&gvt->vgpus);
	gvt_sched_init(gvt);
	gvt_gm_pool_init(&gvt->low, GVT_HOST_LOW_GM_SIZE, info->aperture_size);
	gvt_gm_pool_init(&gvt->high,
			 info->aperture_size + GVT_HOST_HIGH_GM_SIZE,
			 info->ggtt_size);
	gvt->has_rom = gvt_vbt_rom_enabled;
	gvt_cfg_init_masks(gvt);
	gvt->ggtt_entries = info->ggtt_size >> GVT_GTT_PAGE_SHIFT;
	bitmap_set(gvt->fences_used, 0, GVT_HOST_FENCES);
	__set_bit(0, gvt->ids_used);	/* id 0: the idle vGPU */

	ret = gvt_types_init(gvt);
	if (ret) {
		pr_err("gvt: %s: no vGPU type fits (aperture %llu MiB)\n",
		       gvt->name, info->aperture_size >> 20);
		goto err_free;
	}
	ret = gvt_mmio_table_init(gvt);
	if (ret)
		goto err_free;
	gvt_opregion_build(gvt->opregion);
	if (gvt->has_rom)
		gvt_rom_build(gvt);
	ret = gvt_engine_regs_init(gvt);
	if (!ret)
		ret = gvt_cmd_table_init(gvt);
	if (ret) {
		gvt_mmio_table_fini(gvt);
		goto err_free;
	}
	ret = gvt_work_init(gvt);
	if (!ret) {
		ret = gvt_vblank_timer_init(gvt);
		if (ret)
			gvt_work_fini(gvt);
	}
	if (ret) {
		gvt_cmd_table_fini(gvt);
		gvt_mmio_table_fini(gvt);
		goto err_free;
	}

	gvt_debugfs_device_add(gvt);

	mutex_lock(&gvt_registry_lock);
	list_add_tail(&gvt->link, &gvt_devices);
	for (i = 0; i < GVT_MAX_FRONTENDS; i++)
		gvt_pair_settle(gvt, i);
	mutex_unlock(&gvt_registry_lock);
	return gvt;

err_free:
	mutex_destroy(&gvt->sched_lock);
	mutex_destroy(&gvt->lock);
	kfree(gvt);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(gvt_device_register);

/**
 * gvt_device_unregister() - take a physical GPU away from the GVT core
 * @gvt: the device
 *
 * Every frontend destroys its vGPUs on the device first. A vGPU that a
 * misbehaving frontend left behind is a bug: the frontend may still point
 * at it and hold pins through it, so it is not freed. Its host GGTT
 * entries and fences are scrubbed (the host gets them back), the device
 * stops reaching the host (no host op is called any more) and both the
 * vGPUs and the device are leaked, with a warning.
 */
void gvt_device_unregister(struct gvt_device *gvt)
{
	static const struct gvt_host_ops no_host_ops;
	struct gvt_vgpu *vgpu;
	unsigned int i;
	bool leaked;

	mutex_lock(&gvt_registry_lock);
	gvt->dying = true;
	for (i = 0; i < GVT_MAX_FRONTENDS; i++)
		gvt_pair_settle(gvt, i);
	mutex_unlock(&gvt_registry_lock);
	/* A frontend call claimed by someone else may still be under way. */
	wait_event(gvt_registry_wq, !READ_ONCE(gvt->fe_calls));
	mutex_lock(&gvt_registry_lock);
	list_del(&gvt->link);
	mutex_unlock(&gvt_registry_lock);

	mutex_lock(&gvt->lock);
	leaked = !list_empty(&gvt->vgpus);
	list_for_each_entry(vgpu, &gvt->vgpus, link) {
		WARN(1, "gvt: %s: vGPU %u still exists at unregister: leaked\n",
		     gvt->name, vgpu->id);
		gvt_debugfs_vgpu_remove(vgpu);
		gvt_sched_vgpu_remove(vgpu);
		gvt_vgpu_scrub(vgpu);
	}
	if (leaked)
		gvt->ops = &no_host_ops;
	mutex_unlock(&gvt->lock);
	/* Empty by now: every vGPU removed its directory. */
	gvt_debugfs_device_remove(gvt);
	/* No vGPU is on the scheduler's list: no tick re-arms the timer. */
	if (leaked) {
		gvt_vblank_timer_stop(gvt);
		return;
	}
	gvt_vblank_timer_fini(gvt);
	gvt_work_fini(gvt);
	gvt_ppgtt_device_fini(gvt);
	gvt_cmd_table_fini(gvt);
	gvt_mmio_table_fini(gvt);
	mutex_destroy(&gvt->sched_lock);
	mutex_destroy(&gvt->lock);
	kfree(gvt);
}
EXPORT_SYMBOL_GPL(gvt_device_unregister);

/**
 * gvt_device_info() - identity and resources of a GVT device
 * @gvt: the device
 *
 * Return: the description given at registration.
 */
const struct gvt_host_info *gvt_device_info(const struct gvt_device *gvt)
{
	return &gvt->info;
}
EXPORT_SYMBOL_GPL(gvt_device_info);

/* Point the entries of @pool's window at the host scratch page. */
static void gvt_pool_clear(struct gvt_device *gvt,
			   const struct gvt_gm_pool *pool)
{
	gvt->ops->ggtt_clear(gvt->priv, pool->start >> GVT_GTT_PAGE_SHIFT,
			     (pool->end - pool->start) >> GVT_GTT_PAGE_SHIFT);
}

/**
 * gvt_device_restore() - give a GPU back the vGPUs' GGTT entries and fences
 * @gvt: the device, whose GGTT and fence registers lost their contents
 *	 (resume from suspend) and which is usable again
 *
 * Every entry of the windows the vGPUs are carved from is written again:
 * the guest frame it maps (pinned again through the frontend), the vGPU's
 * scratch page, or, where no vGPU owns it, the host's scratch page. Every
 * fence of the windows is programmed with its guest's value or disabled.
 * The host's own entries and fences are the backend's to restore. Takes
 * the device lock, then each vGPU's lock; may sleep.
 */
void gvt_device_restore(struct gvt_device *gvt)
{
	unsigned int n, vgpus = 0, fences = 0;
	struct gvt_vgpu *vgpu;
	u64 mapped = 0;

	mutex_lock(&gvt->lock);
	if (gvt->ops->ggtt_clear) {
		gvt_pool_clear(gvt, &gvt->low);
		gvt_pool_clear(gvt, &gvt->high);
	}
	if (gvt->ops->fence_write)
		for (n = GVT_HOST_FENCES; n < gvt->info.num_fences; n++)
			if (!test_bit(n, gvt->fences_used))
				gvt->ops->fence_write(gvt->priv, n, 0);
	list_for_each_entry(vgpu, &gvt->vgpus, link) {
		mutex_lock(&vgpu->lock);
		mapped += gvt_ggtt_restore(vgpu);
		fences += gvt_fences_restore(vgpu);
		mutex_unlock(&vgpu->lock);
		vgpus++;
	}
	mutex_unlock(&gvt->lock);
	pr_info("gvt: %s: restored %u vGPU(s): %llu GGTT entries map guest memory, %u fences enabled\n",
		gvt->name, vgpus, mapped, fences);
}
EXPORT_SYMBOL_GPL(gvt_device_restore);

/**
 * gvt_frontend_register() - register a hypervisor frontend
 * @fe: the frontend; @fe->device_added is called for every existing device
 *
 * Return: 0, -EINVAL for missing callbacks, -EBUSY when registered twice,
 * -ENOSPC when %GVT_MAX_FRONTENDS are registered.
 */
int gvt_frontend_register(struct gvt_frontend *fe)
{
	int i, slot = -ENOSPC;

	if (!fe || !fe->device_added || !fe->device_removed)
		return -EINVAL;

	mutex_lock(&gvt_registry_lock);
	for (i = GVT_MAX_FRONTENDS - 1; i >= 0; i--) {
		if (gvt_frontends[i] == fe) {
			slot = -EBUSY;
			break;
		}
		if (!gvt_frontends[i])
			slot = i;
	}
	if (slot >= 0) {
		gvt_frontends[slot] = fe;
		gvt_settle_slot(slot);
	}
	mutex_unlock(&gvt_registry_lock);
	return slot < 0 ? slot : 0;
}
EXPORT_SYMBOL_GPL(gvt_frontend_register);

/**
 * gvt_frontend_unregister() - unregister a hypervisor frontend
 * @fe: a registered frontend; @fe->device_removed is called for every
 *	device it is attached to
 */
void gvt_frontend_unregister(struct gvt_frontend *fe)
{
	struct gvt_device *gvt;
	unsigned int i;

	mutex_lock(&gvt_registry_lock);
	for (i = 0; i < GVT_MAX_FRONTENDS; i++) {
		if (gvt_frontends[i] != fe || test_bit(i, &gvt_fe_dying))
			continue;
		__set_bit(i, &gvt_fe_dying);
		gvt_settle_slot(i);
		mutex_unlock(&gvt_registry_lock);
		/* Calls claimed by a device being unregistered. */
		wait_event(gvt_registry_wq, !READ_ONCE(gvt_fe_calls[i]));
		mutex_lock(&gvt_registry_lock);
		/* A later frontend in this slot tries every device afresh. */
		list_for_each_entry(gvt, &gvt_devices, link)
			__clear_bit(i, &gvt->fe_failed);
		gvt_frontends[i] = NULL;
		__clear_bit(i, &gvt_fe_dying);
	}
	mutex_unlock(&gvt_registry_lock);
}
EXPORT_SYMBOL_GPL(gvt_frontend_unregister);

/**
 * gvt_registry_exit() - check that nothing is left at module unload
 *
 * Module references keep backends and frontends from outliving the core,
 * so both lists are empty here; say so loudly if not.
 */
void gvt_registry_exit(void)
{
	unsigned int i;

	if (!list_empty(&gvt_devices))
		pr_err("gvt: devices still registered at exit\n");
	for (i = 0; i < GVT_MAX_FRONTENDS; i++)
		if (gvt_frontends[i])
			pr_err("gvt: frontend %s still registered at exit\n",
			       gvt_frontends[i]->name);
}
