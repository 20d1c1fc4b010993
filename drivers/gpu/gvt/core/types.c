// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU types of a Gen9 GPU and their availability.
 */
#include "gvt_internal.h"

#define MB(x)	((u64)(x) << 20)

/*
 * The Gen9 type table. Values are the ABI that existing tools (libvirt,
 * mdevctl, XenServer/Qubes tooling) know; keep them exactly. Ordered from
 * the smallest slice to the largest: a GPU offers a prefix of this table.
 */
static const struct gvt_type gvt_gen9_types[GVT_NUM_TYPES] = {
	{ "GVTg_V5_8", MB(64), MB(384), 4, 2, 1024, 768 },
	{ "GVTg_V5_4", MB(128), MB(512), 4, 4, 1920, 1200 },
	{ "GVTg_V5_2", MB(256), MB(1024), 4, 8, 1920, 1200 },
	{ "GVTg_V5_1", MB(512), MB(2048), 4, 16, 1920, 1200 },
};

/**
 * gvt_types_init() - choose the types a GVT device offers
 * @gvt: the device, with its GM windows set up
 *
 * A type is offered when at least one instance of it fits in the empty
 * device; the table is ordered by size, so the offered types are a prefix.
 *
 * Return: 0, or -ENOSPC when not even the smallest type fits.
 */
int gvt_types_init(struct gvt_device *gvt)
{
	unsigned int i;

	for (i = 0; i < GVT_NUM_TYPES; i++)
		if (!gvt_type_available_locked(gvt, &gvt_gen9_types[i]))
			break;
	if (!i)
		return -ENOSPC;
	gvt->types = gvt_gen9_types;
	gvt->num_types = i;
	return 0;
}

/**
 * gvt_type_available_locked() - instances of @type that can still be created
 * @gvt: the GVT device, with its lock held (or not yet visible to others)
 * @type: a type
 *
 * The minimum over the three resources of how many slices still fit, and of
 * the free vGPU ids. In an unfragmented device this is the minimum of the
 * three quotients free / per-instance; after interleaved creates and
 * destroys it counts hole by hole, so it never promises a create that would
 * fail.
 *
 * Return: number of instances.
 */
unsigned int gvt_type_available_locked(struct gvt_device *gvt,
				       const struct gvt_type *type)
{
	unsigned int n, ids;

	n = gvt_gm_fit_count(&gvt->low, type->low_gm_size);
	n = min(n, gvt_gm_fit_count(&gvt->high, type->high_gm_size));
	if (type->fences)
		n = min(n, gvt_fences_free(gvt) / type->fences);
	ids = GVT_MAX_VGPU - bitmap_weight(gvt->ids_used, GVT_MAX_VGPU);
	return min(n, ids);
}

/**
 * gvt_device_num_types() - number of vGPU types offered by a device
 * @gvt: the GVT device
 *
 * Return: the count; types are indexed 0..count - 1.
 */
unsigned int gvt_device_num_types(const struct gvt_device *gvt)
{
	return gvt->num_types;
}
EXPORT_SYMBOL_GPL(gvt_device_num_types);

/**
 * gvt_device_type() - a vGPU type offered by a device
 * @gvt: the GVT device
 * @i: index below gvt_device_num_types()
 *
 * Return: the type, valid as long as the device, or NULL if @i is too big.
 */
const struct gvt_type *gvt_device_type(const struct gvt_device *gvt,
				       unsigned int i)
{
	return i < gvt->num_types ? &gvt->types[i] : NULL;
}
EXPORT_SYMBOL_GPL(gvt_device_type);

/**
 * gvt_type_available() - instances of a type that can still be created
 * @gvt: the GVT device
 * @type: one of its types
 *
 * Return: the number of vGPUs of @type a create would currently succeed
 * for, one after the other.
 */
unsigned int gvt_type_available(struct gvt_device *gvt,
				const struct gvt_type *type)
{
	unsigned int n;

	if (!type)
		return 0;
	mutex_lock(&gvt->lock);
	n = gvt_type_available_locked(gvt, type);
	mutex_unlock(&gvt->lock);
	return n;
}
EXPORT_SYMBOL_GPL(gvt_type_available);
