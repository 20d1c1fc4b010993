/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GVT-g core API: the contract between the hypervisor-neutral vGPU core
 * (gvt.ko), the host backends that describe a physical GPU (gvt_sim.ko,
 * later gvt_i915.ko) and the hypervisor frontends that expose vGPUs to
 * guests (gvt_vfio.ko, later xengt.ko).
 *
 * A frontend never includes a backend's header and vice versa; both see only
 * this file.
 */
#ifndef _GVT_GVT_H_
#define _GVT_GVT_H_

#include <linux/types.h>
#include <linux/list.h>

struct device;
struct gvt_device;
struct gvt_vgpu;

/** GVT_MAX_VGPU - vGPU ids per GVT device, id 0 is reserved (idle vGPU). */
#define GVT_MAX_VGPU		8
/** GVT_HOST_LOW_GM_SIZE - aperture (low GM) kept by the host. */
#define GVT_HOST_LOW_GM_SIZE	(128ULL << 20)
/** GVT_HOST_HIGH_GM_SIZE - hidden (high GM) kept by the host. */
#define GVT_HOST_HIGH_GM_SIZE	(384ULL << 20)
/** GVT_HOST_FENCES - fence registers kept by the host. */
#define GVT_HOST_FENCES		4
/** GVT_MAX_FENCES - upper bound of fence registers on Gen9. */
#define GVT_MAX_FENCES		32
/** GVT_GTT_PAGE_SHIFT - one GGTT entry maps 4 KiB of graphics memory. */
#define GVT_GTT_PAGE_SHIFT	12
/** GVT_CFG_SPACE_SIZE - size of a vGPU's PCI configuration space. */
#define GVT_CFG_SPACE_SIZE	4096
/** GVT_MAX_GGTT_SIZE - graphics memory a Gen9 GGTT can map (1M entries). */
#define GVT_MAX_GGTT_SIZE	(4ULL << 30)

/**
 * struct gvt_type - a vGPU type (mdev type GVTg_V5_*)
 * @name: type name without the parent prefix, e.g. "GVTg_V5_4"
 * @low_gm_size: aperture (CPU-visible) graphics memory in bytes
 * @high_gm_size: hidden graphics memory in bytes
 * @fences: fence registers
 * @weight: scheduler weight (16 / instances-per-GPU)
 * @xres: maximum horizontal resolution of the virtual display
 * @yres: maximum vertical resolution of the virtual display
 */
struct gvt_type {
	const char *name;
	u64 low_gm_size;
	u64 high_gm_size;
	unsigned int fences;
	unsigned int weight;
	unsigned int xres;
	unsigned int yres;
};

/**
 * struct gvt_host_info - identity and resources of a physical GPU
 * @dev: the host device; frontends hang their objects (mdev parent) here.
 *	 The core never dereferences it.
 * @name: unique name of this GPU (e.g. the device name), for messages
 * @vendor: PCI vendor id
 * @device: PCI device id
 * @revision: PCI revision id
 * @subsystem_vendor: PCI subsystem vendor id
 * @subsystem_device: PCI subsystem id
 * @bar0_size: size of the MMIO + GTT BAR (GTTMMADR) in bytes, a power of
 *	       two like every PCI BAR (the vGPU's BAR sizing relies on it)
 * @aperture_size: size of the aperture BAR (GMADR) = low GM, in bytes; the
 *		   vGPU's BAR2 has this size, so it too is a power of two
 * @ggtt_size: graphics memory addressed by the GGTT, in bytes, at most
 *	       %GVT_MAX_GGTT_SIZE
 * @num_fences: fence registers of the GPU (at most %GVT_MAX_FENCES)
 */
struct gvt_host_info {
	struct device *dev;
	const char *name;
	u16 vendor;
	u16 device;
	u8 revision;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u64 bar0_size;
	u64 aperture_size;
	u64 ggtt_size;
	unsigned int num_fences;
};

/**
 * struct gvt_host_ops - how the core drives a physical GPU
 * @ggtt_clear: point @count host GGTT entries from @first at the host
 *		scratch page (no guest memory is reachable through them)
 * @fence_write: program host fence register @n with @val (0 disables it)
 *
 * Every callback is called with the GVT device lock held and must not sleep
 * for long; @priv is the pointer given to gvt_device_register().
 */
struct gvt_host_ops {
	void (*ggtt_clear)(void *priv, u32 first, u32 count);
	void (*fence_write)(void *priv, unsigned int n, u64 val);
};

/**
 * struct gvt_vgpu_resources - the slice of the physical GPU a vGPU owns
 * @id: vGPU id, 1..%GVT_MAX_VGPU - 1
 * @low_gm_base: first aperture GM address of the vGPU
 * @low_gm_size: aperture GM size in bytes
 * @high_gm_base: first hidden GM address of the vGPU
 * @high_gm_size: hidden GM size in bytes
 * @num_fences: number of fence registers
 * @fences: host fence register index of each guest fence
 *
 * Guest GM addresses equal host GM addresses (ballooning); the guest learns
 * these values from the PVINFO page.
 */
struct gvt_vgpu_resources {
	unsigned int id;
	u64 low_gm_base;
	u64 low_gm_size;
	u64 high_gm_base;
	u64 high_gm_size;
	unsigned int num_fences;
	u8 fences[GVT_MAX_FENCES];
};

/**
 * struct gvt_frontend - a hypervisor frontend (VFIO/mdev, Xen)
 * @name: frontend name, for messages
 * @device_added: a GVT device appeared (or existed when the frontend
 *		  registered); return 0 or a negative errno, which is logged
 * @device_removed: the GVT device is going away; the frontend must destroy
 *		    every vGPU it created on it before returning. Only called
 *		    for devices whose @device_added succeeded.
 * @list: internal, owned by the core
 */
struct gvt_frontend {
	const char *name;
	int (*device_added)(struct gvt_device *gvt);
	void (*device_removed)(struct gvt_device *gvt);
	struct list_head list;
};

struct gvt_device *gvt_device_register(const struct gvt_host_info *info,
				       const struct gvt_host_ops *ops,
				       void *priv);
void gvt_device_unregister(struct gvt_device *gvt);
const struct gvt_host_info *gvt_device_info(const struct gvt_device *gvt);

int gvt_frontend_register(struct gvt_frontend *fe);
void gvt_frontend_unregister(struct gvt_frontend *fe);

unsigned int gvt_device_num_types(const struct gvt_device *gvt);
const struct gvt_type *gvt_device_type(const struct gvt_device *gvt,
				       unsigned int i);
unsigned int gvt_type_available(struct gvt_device *gvt,
				const struct gvt_type *type);

struct gvt_vgpu *gvt_vgpu_create(struct gvt_device *gvt,
				 const struct gvt_type *type);
void gvt_vgpu_destroy(struct gvt_vgpu *vgpu);
void gvt_vgpu_get_resources(const struct gvt_vgpu *vgpu,
			    struct gvt_vgpu_resources *res);

int gvt_vgpu_cfg_read(struct gvt_vgpu *vgpu, unsigned int offset, void *buf,
		      unsigned int len);
int gvt_vgpu_cfg_write(struct gvt_vgpu *vgpu, unsigned int offset,
		       const void *buf, unsigned int len);

#endif /* _GVT_GVT_H_ */
