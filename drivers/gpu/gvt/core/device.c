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

static DEFINE_MUTEX(gvt_registry_lock);
static LIST_HEAD(gvt_devices);
static struct gvt_frontend *gvt_frontends[GVT_MAX_FRONTENDS];

static void gvt_attach(struct gvt_device *gvt, unsigned int slot)
{
	struct gvt_frontend *fe = gvt_frontends[slot];
	int ret;

	ret = fe->device_added(gvt);
	if (ret) {
		pr_err("gvt: %s: frontend %s failed to attach: %d\n",
		       gvt->name, fe->name, ret);
		return;
	}
	__set_bit(slot, &gvt->fe_attached);
}

static void gvt_detach(struct gvt_device *gvt, unsigned int slot)
{
	if (!__test_and_clear_bit(slot, &gvt->fe_attached))
		return;
	gvt_frontends[slot]->device_removed(gvt);
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
		pr_err("gvt: unusable host description (need %u..%u fences, aperture above %llu MiB, GGTT above aperture + %llu MiB and at most %llu MiB, 4 KiB aligned, BAR0 holding the GGTT from 8 MiB)\n",
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
	ret = gvt_cmd_table_init(gvt);
	if (ret) {
		gvt_mmio_table_fini(gvt);
		goto err_free;
	}
	ret = gvt_work_init(gvt);
	if (ret) {
		gvt_cmd_table_fini(gvt);
		gvt_mmio_table_fini(gvt);
		goto err_free;
	}

	gvt_debugfs_device_add(gvt);

	mutex_lock(&gvt_registry_lock);
	list_add_tail(&gvt->link, &gvt_devices);
	for (i = 0; i < GVT_MAX_FRONTENDS; i++)
		if (gvt_frontends[i])
			gvt_attach(gvt, i);
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
 * Every frontend destroys its vGPUs on the device first; a vGPU that a
 * misbehaving frontend left behind is destroyed here with a warning, so the
 * host always gets its GGTT entries and fences back.
 */
void gvt_device_unregister(struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu, *tmp;
	unsigned int i;

	mutex_lock(&gvt_registry_lock);
	for (i = 0; i < GVT_MAX_FRONTENDS; i++)
		gvt_detach(gvt, i);
	list_del(&gvt->link);
	mutex_unlock(&gvt_registry_lock);

	mutex_lock(&gvt->lock);
	list_for_each_entry_safe(vgpu, tmp, &gvt->vgpus, link) {
		pr_warn("gvt: %s: vGPU %u still exists at unregister\n",
			gvt->name, vgpu->id);
		gvt_debugfs_vgpu_remove(vgpu);
		gvt_sched_vgpu_remove(vgpu);
		gvt_vgpu_detach_hv(vgpu);
		gvt_vgpu_release_resources(vgpu);
		gvt_vgpu_free(vgpu);
	}
	mutex_unlock(&gvt->lock);
	/* Empty by now: every vGPU removed its directory. */
	gvt_debugfs_device_remove(gvt);
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

/**
 * gvt_frontend_register() - register a hypervisor frontend
 * @fe: the frontend; @fe->device_added is called for every existing device
 *
 * Return: 0, -EINVAL for missing callbacks, -EBUSY when registered twice,
 * -ENOSPC when %GVT_MAX_FRONTENDS are registered.
 */
int gvt_frontend_register(struct gvt_frontend *fe)
{
	struct gvt_device *gvt;
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
		list_for_each_entry(gvt, &gvt_devices, link)
			gvt_attach(gvt, slot);
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
		if (gvt_frontends[i] != fe)
			continue;
		list_for_each_entry(gvt, &gvt_devices, link)
			gvt_detach(gvt, i);
		gvt_frontends[i] = NULL;
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
