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

#include <linux/bits.h>
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
/** GVT_GGTT_PTE_PRESENT - bit 0 of a Gen9 GGTT entry: it maps a page. */
#define GVT_GGTT_PTE_PRESENT	BIT_ULL(0)
/** GVT_GGTT_PTE_ADDR_MASK - bits 45:12 of a Gen9 GGTT entry: the page. */
#define GVT_GGTT_PTE_ADDR_MASK	GENMASK_ULL(45, GVT_GTT_PAGE_SHIFT)
/** GVT_NUM_TYPES - vGPU types on Gen9 (GVTg_V5_8, _4, _2, _1). */
#define GVT_NUM_TYPES		4
/** GVT_CFG_SPACE_SIZE - size of a vGPU's PCI configuration space. */
#define GVT_CFG_SPACE_SIZE	4096
/** GVT_MAX_GGTT_SIZE - graphics memory a Gen9 GGTT can map (1M entries). */
#define GVT_MAX_GGTT_SIZE	(4ULL << 30)
/** GVT_MMIO_SIZE - the register file at the start of BAR0. */
#define GVT_MMIO_SIZE		(2U << 20)
/** GVT_GGTT_OFFSET - BAR0 offset of the GGTT entries (8 bytes each). */
#define GVT_GGTT_OFFSET		(8U << 20)
/** GVT_PVINFO_OFFSET - BAR0 offset of the PVINFO page (struct vgt_if). */
#define GVT_PVINFO_OFFSET	0x78000
/** GVT_PVINFO_SIZE - size of the PVINFO page. */
#define GVT_PVINFO_SIZE		0x1000
/** GVT_FENCE_OFFSET - BAR0 offset of fence register 0 (8 bytes each). */
#define GVT_FENCE_OFFSET	0x100000

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
 * @mmio_snapshot: %GVT_MMIO_SIZE bytes of register values (little endian)
 *		   at power-on, from which every vGPU's register file starts;
 *		   NULL means all zero. Must stay valid until
 *		   gvt_device_unregister().
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
	const void *mmio_snapshot;
};

/**
 * struct gvt_host_ops - how the core drives a physical GPU
 * @ggtt_clear: point @count host GGTT entries from @first at the host
 *		scratch page (no guest memory is reachable through them).
 *		Every entry that maps no guest frame maps it, for every
 *		vGPU, so it must be harmless: nothing of one vGPU may be
 *		read back through it by another. The core keeps the CPU
 *		path off it: an aperture (BAR2) access to such an entry
 *		reads 0 and drops writes without calling @aperture_rw. The
 *		GPU still reaches it when it executes a vGPU's commands;
 *		real hardware neither discards nor isolates those writes,
 *		so before the workload path runs guest commands each vGPU
 *		needs its own scratch page (this op will then name the
 *		vGPU). The simulator executes no commands.
 * @ggtt_write: set host GGTT entry @index to @pte, a host address of a
 *		4 KiB page ORed with bit 0 (present)
 * @fence_write: program host fence register @n with @val (0 disables it);
 *		 the backend writes the low dword as 0, then the high dword,
 *		 then the low dword, so the GPU never sees a torn fence
 * @aperture_rw: copy @len bytes between @buf and graphics memory address
 *		 @gm of the aperture, through the host GGTT; @gm and @len are
 *		 within one page of the aperture whose entry maps a guest
 *		 frame. Return 0 or a negative errno.
 *
 * @priv is the pointer given to gvt_device_register(). Callbacks are called
 * with either the GVT device lock or the lock of the vGPU that owns the
 * entries or fences held, never for another vGPU's entries, and must not
 * sleep for long. Any of them may be NULL, in which case the core skips the
 * host update (a GPU model that keeps no such state).
 */
struct gvt_host_ops {
	void (*ggtt_clear)(void *priv, u32 first, u32 count);
	void (*ggtt_write)(void *priv, u32 index, u64 pte);
	void (*fence_write)(void *priv, unsigned int n, u64 val);
	int (*aperture_rw)(void *priv, u64 gm, void *buf, unsigned int len,
			   bool write);
};

/**
 * struct gvt_hv_ops - how the core reaches a guest's memory
 * @pin_gfn: pin guest frame @gfn and return in @addr the address at which
 *	     the host GPU reaches it (a DMA address for the GVT device's
 *	     &gvt_host_info.dev). Pins nest: every successful call is matched
 *	     by one @unpin_gfn. Return 0 or a negative errno; on error the
 *	     core maps the host scratch page instead.
 * @unpin_gfn: drop one pin of @gfn taken by @pin_gfn
 * @rw_gpa: copy @len bytes between @buf and guest-physical address @gpa
 *	    (which may cross pages); return 0 or a negative errno. May be
 *	    NULL if the frontend cannot reach guest memory this way.
 * @inject_msi: deliver the vGPU's MSI to the guest. @addr and @data are the
 *		message address and data the guest programmed in the vGPU's
 *		MSI capability; a frontend that holds a ready-made signal
 *		(the VFIO eventfd) may ignore them. The core calls it only
 *		while MSI is enabled in config space. Return 0 or a negative
 *		errno (counted, never retried). May be NULL: interrupts are
 *		then only visible in the emulated registers.
 * @track_page: write-protect (@enable true) or release guest frame @gfn.
 *		While a frame is tracked, every guest write to it still
 *		reaches guest memory, and then the frontend calls
 *		gvt_vgpu_page_written() with what was written, so the core
 *		can keep shadows of it (PPGTT tables) coherent. Tracking does
 *		not nest: the core enables a frame once and releases it once.
 *		Return 0 or a negative errno; on error the core falls back to
 *		re-validating the frame at each submission. May be NULL for a
 *		frontend without page tracking (same fallback).
 *
 * A frontend attaches these with gvt_vgpu_attach_hv() when the guest's
 * memory becomes reachable. The core calls them with the vGPU's lock held;
 * they may sleep, except @inject_msi, which must not sleep (it may be
 * called from a host backend's completion path). @priv is the pointer
 * given to gvt_vgpu_attach_hv().
 */
struct gvt_hv_ops {
	int (*pin_gfn)(void *priv, u64 gfn, u64 *addr);
	void (*unpin_gfn)(void *priv, u64 gfn);
	int (*rw_gpa)(void *priv, u64 gpa, void *buf, unsigned int len,
		      bool write);
	int (*inject_msi)(void *priv, u64 addr, u32 data);
	int (*track_page)(void *priv, u64 gfn, bool enable);
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
 *		    every vGPU it created on it before returning (one left
 *		    behind is leaked with a warning, never freed behind the
 *		    frontend's back). Only called for devices whose
 *		    @device_added succeeded.
 * The core calls @device_added and @device_removed without any of its
 * locks held, so they may sleep for long (wait for userspace to close a
 * vGPU) while other devices and frontends register and unregister.
 */
struct gvt_frontend {
	const char *name;
	int (*device_added)(struct gvt_device *gvt);
	void (*device_removed)(struct gvt_device *gvt);
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

int gvt_vgpu_mmio_read(struct gvt_vgpu *vgpu, u64 offset, void *buf,
		       unsigned int len);
int gvt_vgpu_mmio_write(struct gvt_vgpu *vgpu, u64 offset, const void *buf,
			unsigned int len);
bool gvt_vgpu_aperture_contains(const struct gvt_vgpu *vgpu, u64 offset,
				u64 len);
int gvt_vgpu_aperture_rw(struct gvt_vgpu *vgpu, u64 offset, void *buf,
			 unsigned int len, bool write);
void gvt_vgpu_reset(struct gvt_vgpu *vgpu);

void gvt_vgpu_attach_hv(struct gvt_vgpu *vgpu, const struct gvt_hv_ops *ops,
			void *priv);
void gvt_vgpu_detach_hv(struct gvt_vgpu *vgpu);
void gvt_vgpu_unmap_gfns(struct gvt_vgpu *vgpu, u64 gfn, u64 count);
void gvt_vgpu_page_written(struct gvt_vgpu *vgpu, u64 gpa, const void *buf,
			   unsigned int len);

#endif /* _GVT_GVT_H_ */
