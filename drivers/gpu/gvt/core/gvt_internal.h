/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal definitions of the GVT-g core. Core files include only this
 * header and the short list of kernel headers below, so that the same files
 * build in userspace (tools/testing/gvt) against shim headers.
 */
#ifndef _GVT_INTERNAL_H_
#define _GVT_INTERNAL_H_

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>

#include <gvt/gvt.h>

/**
 * struct gvt_gm_range - an allocated range of graphics memory
 * @start: first GM address
 * @size: size in bytes; 0 when the range is not allocated
 * @link: position in the owning allocator's sorted list
 */
struct gvt_gm_range {
	u64 start;
	u64 size;
	struct list_head link;
};

/**
 * struct gvt_gm_pool - first-fit allocator over one GM window
 * @start: first GM address handed out to vGPUs
 * @end: one past the last GM address
 * @used: allocated ranges sorted by @start
 */
struct gvt_gm_pool {
	u64 start;
	u64 end;
	struct list_head used;
};

/* Bytes of configuration space that have writable bits. */
#define GVT_CFG_MASK_SIZE	256

/* Number of vGPU types on Gen9 (GVTg_V5_8, _4, _2, _1). */
#define GVT_NUM_TYPES	4

struct gvt_device {
	struct gvt_host_info info;
	const struct gvt_host_ops *ops;
	void *priv;
	char name[32];

	/* Protects everything below and the vGPUs' resources. */
	struct mutex lock;
	struct gvt_gm_pool low;
	struct gvt_gm_pool high;
	DECLARE_BITMAP(fences_used, GVT_MAX_FENCES);
	DECLARE_BITMAP(ids_used, GVT_MAX_VGPU);
	struct list_head vgpus;
	unsigned int num_vgpus;

	const struct gvt_type *types;
	unsigned int num_types;

	/* Write masks of the vGPUs' config space, set at registration. */
	u8 cfg_wmask[GVT_CFG_MASK_SIZE];
	u8 cfg_w1cmask[GVT_CFG_MASK_SIZE];

	/* Link in the global device list, under gvt_registry_lock. */
	struct list_head link;
	/* Frontends whose device_added succeeded, as a bitmap of slots. */
	unsigned long fe_attached;
};

struct gvt_vgpu {
	struct gvt_device *gvt;
	const struct gvt_type *type;
	unsigned int id;
	struct gvt_gm_range low;
	struct gvt_gm_range high;
	unsigned int num_fences;
	u8 fences[GVT_MAX_FENCES];
	struct list_head link;

	/* Protects the emulated state below. */
	struct mutex lock;
	u8 cfg[GVT_CFG_SPACE_SIZE];
};

/* partition.c */
void gvt_gm_pool_init(struct gvt_gm_pool *pool, u64 start, u64 end);
int gvt_gm_alloc(struct gvt_gm_pool *pool, struct gvt_gm_range *r, u64 size);
void gvt_gm_free(struct gvt_gm_range *r);
u64 gvt_gm_free_bytes(const struct gvt_gm_pool *pool);
unsigned int gvt_gm_fit_count(const struct gvt_gm_pool *pool, u64 size);
unsigned int gvt_fences_free(const struct gvt_device *gvt);
int gvt_fences_alloc(struct gvt_device *gvt, unsigned int n, u8 *out);
void gvt_fences_free_set(struct gvt_device *gvt, unsigned int n,
			 const u8 *fences);

/* types.c */
int gvt_types_init(struct gvt_device *gvt);
unsigned int gvt_type_available_locked(struct gvt_device *gvt,
				       const struct gvt_type *type);

/* vgpu.c */
void gvt_vgpu_release_resources(struct gvt_vgpu *vgpu);

/* cfg_space.c */
void gvt_cfg_init_masks(struct gvt_device *gvt);
void gvt_cfg_reset(struct gvt_vgpu *vgpu);

/* device.c */
void gvt_registry_exit(void);

#endif /* _GVT_INTERNAL_H_ */
