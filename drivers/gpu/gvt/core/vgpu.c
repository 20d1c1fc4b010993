// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU creation and destruction.
 *
 * A vGPU owns one aperture range, one hidden range, a set of fence
 * registers and an id. Creation takes all of them or none; destruction
 * gives them back and scrubs the host state they covered, so that the next
 * vGPU on the same range starts from scratch-page mappings and disabled
 * fences, whatever the previous owner programmed.
 */
#include "gvt_internal.h"

/**
 * gvt_vgpu_scrub() - hand a vGPU's host GGTT entries and fences back
 * @vgpu: the vGPU, with its device lock held
 *
 * Points the host GGTT entries of its ranges at the host's scratch page
 * and disables its fences; the guest's values and any pins are untouched.
 */
void gvt_vgpu_scrub(struct gvt_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->gvt->lock);
	gvt_ggtt_hand_back(vgpu);
	gvt_fences_reset(vgpu);
}

/**
 * gvt_vgpu_release_resources() - give a vGPU's slice back to its device
 * @vgpu: the vGPU, with its device lock held
 *
 * Scrubs the host GGTT entries and fences of the slice, then frees the
 * ranges, fences and id and unlinks the vGPU. Does not free @vgpu.
 */
void gvt_vgpu_release_resources(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	lockdep_assert_held(&gvt->lock);
	gvt_vgpu_scrub(vgpu);
	gvt_fences_free_set(gvt, vgpu->num_fences, vgpu->fences);
	gvt_gm_free(&vgpu->high);
	gvt_gm_free(&vgpu->low);
	__clear_bit(vgpu->id, gvt->ids_used);
	list_del(&vgpu->link);
	gvt->num_vgpus--;
}

/**
 * gvt_vgpu_free() - free a vGPU whose resources are released
 * @vgpu: the vGPU, without pins
 */
void gvt_vgpu_free(struct gvt_vgpu *vgpu)
{
	gvt_ggtt_free(vgpu);
	gvt_mmio_free(vgpu);
	kfree(vgpu->tracked);
	mutex_destroy(&vgpu->lock);
	kfree(vgpu);
}

/**
 * gvt_vgpu_create() - create a vGPU of a given type
 * @gvt: the GVT device
 * @type: one of the device's types (gvt_device_type())
 *
 * The vGPU starts in its power-on state: the host's register snapshot, a
 * PVINFO page describing its slice, disabled fences and a GGTT slice that
 * maps the scratch page.
 *
 * Return: the vGPU, ERR_PTR(-EINVAL) if @type is not offered by @gvt,
 * ERR_PTR(-ENOSPC) when a resource (id, aperture, hidden GM, fences) is
 * exhausted, ERR_PTR(-ENOMEM). On error nothing is left allocated.
 */
struct gvt_vgpu *gvt_vgpu_create(struct gvt_device *gvt,
				 const struct gvt_type *type)
{
	struct gvt_vgpu *vgpu;
	const char *what;
	unsigned int id;
	int ret;

	if (!type || type < gvt->types || type >= gvt->types + gvt->num_types)
		return ERR_PTR(-EINVAL);

	vgpu = kzalloc(sizeof(*vgpu), GFP_KERNEL);
	if (!vgpu)
		return ERR_PTR(-ENOMEM);
	vgpu->gvt = gvt;
	vgpu->type = type;
	mutex_init(&vgpu->lock);
	what = "memory";
	ret = gvt_mmio_alloc(vgpu);
	if (ret)
		goto err_free;
	ret = gvt_ggtt_alloc(vgpu);
	if (ret)
		goto err_free;

	mutex_lock(&gvt->lock);
	what = "vGPU id";
	id = find_first_zero_bit(gvt->ids_used, GVT_MAX_VGPU);
	if (id >= GVT_MAX_VGPU) {
		ret = -ENOSPC;
		goto err_unlock;
	}
	what = "aperture";
	ret = gvt_gm_alloc(&gvt->low, &vgpu->low, type->low_gm_size);
	if (ret)
		goto err_unlock;
	what = "hidden GM";
	ret = gvt_gm_alloc(&gvt->high, &vgpu->high, type->high_gm_size);
	if (ret)
		goto err_free_low;
	what = "fences";
	ret = gvt_fences_alloc(gvt, type->fences, vgpu->fences);
	if (ret)
		goto err_free_high;
	what = "memory";
	ret = gvt_ggtt_scratch_alloc(vgpu);
	if (ret) {
		gvt_fences_free_set(gvt, type->fences, vgpu->fences);
		goto err_free_high;
	}
	vgpu->num_fences = type->fences;
	vgpu->id = id;
	__set_bit(id, gvt->ids_used);
	list_add_tail(&vgpu->link, &gvt->vgpus);
	gvt->num_vgpus++;
	INIT_LIST_HEAD(&vgpu->sched_link);
	INIT_LIST_HEAD(&vgpu->ppgtts);
	gvt_ggtt_scrub(vgpu);
	gvt_fences_reset(vgpu);
	mutex_unlock(&gvt->lock);
	gvt_cfg_reset(vgpu);
	mutex_lock(&vgpu->lock);
	gvt_mmio_reset(vgpu);
	/* Every vGPU comes with its monitor plugged (dp_aux.c). */
	vgpu->monitor.connected = true;
	gvt_dp_reset(vgpu);
	mutex_unlock(&vgpu->lock);
	gvt_sched_vgpu_add(vgpu);
	gvt_debugfs_vgpu_add(vgpu);
	return vgpu;

err_free_high:
	gvt_gm_free(&vgpu->high);
err_free_low:
	gvt_gm_free(&vgpu->low);
err_unlock:
	mutex_unlock(&gvt->lock);
err_free:
	pr_debug("gvt: %s: cannot create %s: no %s left (%d)\n",
		 gvt->name, type->name, what, ret);
	gvt_vgpu_free(vgpu);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_create);

/**
 * gvt_vgpu_destroy() - destroy a vGPU
 * @vgpu: a vGPU from gvt_vgpu_create()
 *
 * The host GGTT entries and fences of its slice are scrubbed and every
 * resource goes back to the device.
 */
void gvt_vgpu_destroy(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	/* Waits for readers of the vGPU's debugfs files. */
	gvt_debugfs_vgpu_remove(vgpu);
	/* Before the pins go: workloads in flight may reach pinned pages. */
	gvt_sched_vgpu_remove(vgpu);
	gvt_vgpu_detach_hv(vgpu);
	mutex_lock(&gvt->lock);
	gvt_vgpu_release_resources(vgpu);
	mutex_unlock(&gvt->lock);
	gvt_vgpu_free(vgpu);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_destroy);

/**
 * gvt_vgpu_get_resources() - the slice of the physical GPU a vGPU owns
 * @vgpu: the vGPU
 * @res: filled in
 */
void gvt_vgpu_get_resources(const struct gvt_vgpu *vgpu,
			    struct gvt_vgpu_resources *res)
{
	memset(res, 0, sizeof(*res));
	res->id = vgpu->id;
	res->low_gm_base = vgpu->low.start;
	res->low_gm_size = vgpu->low.size;
	res->high_gm_base = vgpu->high.start;
	res->high_gm_size = vgpu->high.size;
	res->num_fences = vgpu->num_fences;
	memcpy(res->fences, vgpu->fences, vgpu->num_fences);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_get_resources);

/**
 * gvt_vgpu_reset() - device-level reset of a vGPU
 * @vgpu: the vGPU
 *
 * Back to the creation state: every GGTT entry unpinned, zero and mapped at
 * the scratch page, fences disabled, registers from the snapshot, PVINFO,
 * the monitor's DPCD, PCI configuration space, no failsafe. The hypervisor
 * ops stay attached, the monitor plugged or not.
 */
void gvt_vgpu_reset(struct gvt_vgpu *vgpu)
{
	enum gvt_engine e;

	mutex_lock(&vgpu->gvt->sched_lock);
	mutex_lock(&vgpu->lock);
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		gvt_sched_cancel(vgpu, e);
		gvt_execlist_reset(vgpu, e);
	}
	gvt_sched_release_vgpu(vgpu);
	gvt_ppgtt_vgpu_fini(vgpu);
	vgpu->irq_asserted = false;
	vgpu->fail_reason = NULL;
	vgpu->fail_cmd = NULL;
	gvt_ggtt_reset(vgpu);
	gvt_fences_reset(vgpu);
	gvt_mmio_reset(vgpu);
	gvt_dp_reset(vgpu);
	gvt_cfg_reset(vgpu);
	mutex_unlock(&vgpu->lock);
	mutex_unlock(&vgpu->gvt->sched_lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_reset);
