/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gvt_vfio internal header: the VFIO device of a vGPU, shared by the mdev
 * glue (vfio.c), its regions (region.c), interrupts (irq.c) and guest
 * memory (dma.c).
 */
#ifndef _GVT_VFIO_H_
#define _GVT_VFIO_H_

#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vfio.h>
#include <linux/xarray.h>
#include <asm/kvm_page_track.h>

#include <gvt/gvt.h>

struct dentry;
struct eventfd_ctx;

/*
 * The device-specific regions after the PCI ones: the ACPI OpRegion, the
 * linear copies of the primary plane and of the cursor (display.c), the
 * monitor's EDID and link (edid.c).
 */
#define GVT_VFIO_OPREGION_INDEX	VFIO_PCI_NUM_REGIONS
#define GVT_VFIO_PRIMARY_INDEX	(GVT_VFIO_OPREGION_INDEX + 1)
#define GVT_VFIO_CURSOR_INDEX	(GVT_VFIO_OPREGION_INDEX + 2)
#define GVT_VFIO_EDID_INDEX	(GVT_VFIO_OPREGION_INDEX + 3)
#define GVT_VFIO_NUM_REGIONS	(GVT_VFIO_OPREGION_INDEX + 4)

/* The EDID region: its registers, the blob at this offset after them. */
#define GVT_VFIO_EDID_BLOB	0x100
#define GVT_VFIO_EDID_SIZE	(GVT_VFIO_EDID_BLOB + GVT_EDID_MAX_SIZE)

/* Region i is at offset i << 40 of the device fd, as vfio-pci has it. */
#define GVT_VFIO_OFFSET_SHIFT	40
#define GVT_VFIO_INDEX_TO_OFFSET(i)	((u64)(i) << GVT_VFIO_OFFSET_SHIFT)
#define GVT_VFIO_OFFSET_MASK	(GVT_VFIO_INDEX_TO_OFFSET(1) - 1)

/**
 * struct gvt_vfio_aperture - the mappings of BAR2 (aperture.c)
 * @lock: protects the other fields; orders faults against zaps
 * @vmas: VMAs of BAR2 that may have page table entries
 * @sink: the page mapped where the slice reaches no guest frame, from the
 *	  first mmap to the last close
 * @gen: the last zap's number
 * @faults: pages the faults mapped
 * @faults_guest: of those, pages that reach a guest frame
 * @zaps: gvt_vfio_unmap_aperture() calls that found a mapping to zap
 */
struct gvt_vfio_aperture {
	struct mutex lock;	/* protects vmas, sink, gen and the counts */
	struct list_head vmas;
	struct page *sink;
	u64 gen;
	u64 faults;
	u64 faults_guest;
	u64 zaps;
};

/**
 * struct gvt_vfio_display - the plane regions of a vGPU (display.c)
 * @lock: protects @buf
 * @buf: the primary's and the cursor's buffer (vmalloc_user()), or NULL
 *	 until first used
 * @size: their sizes in bytes, page-aligned
 */
struct gvt_vfio_display {
	struct mutex lock;	/* protects buf */
	void *buf[2];
	u32 size[2];
};

struct gvt_vfio_plane_obj;

/**
 * struct gvt_vfio_dmabufs - the DMABUF plane objects of a vGPU (dmabuf.c)
 * @lock: protects @cur and @next_id
 * @cur: the current object of the primary plane and of the cursor
 * @next_id: the last dmabuf_id given out
 */
struct gvt_vfio_dmabufs {
	struct mutex lock;	/* protects cur, next_id */
	struct gvt_vfio_plane_obj *cur[2];
	u32 next_id;
};

/**
 * struct gvt_vfio_edid - the EDID region of a vGPU (edid.c)
 * @lock: protects @size and @blob, and orders link changes
 * @size: edid_size as the VMM wrote it
 * @blob: the EDID the VMM wrote, given to the core at link up
 */
struct gvt_vfio_edid {
	struct mutex lock;	/* protects size, blob */
	u32 size;
	u8 blob[GVT_EDID_MAX_SIZE];
};

/**
 * struct gvt_vfio_track - KVM page tracking of one open vGPU (track.c)
 * @node: our notifier in the VM's page tracking
 * @kvm: the VM while tracking is on, else NULL
 * @reg: kvm_page_track_register_notifier(), from symbol_get()
 * @unreg: kvm_page_track_unregister_notifier()
 * @add_page: kvm_slot_page_track_add_page()
 * @remove_page: kvm_slot_page_track_remove_page()
 * @gfn_to_memslot: gfn_to_memslot()
 * @frames: guest frames write-protected now
 * @writes: guest writes to them reported to the core
 */
struct gvt_vfio_track {
	struct kvm_page_track_notifier_node node;
	struct kvm *kvm;
	void (*reg)(struct kvm *kvm, struct kvm_page_track_notifier_node *n);
	void (*unreg)(struct kvm *kvm, struct kvm_page_track_notifier_node *n);
	void (*add_page)(struct kvm *kvm, struct kvm_memory_slot *slot,
			 gfn_t gfn, enum kvm_page_track_mode mode);
	void (*remove_page)(struct kvm *kvm, struct kvm_memory_slot *slot,
			    gfn_t gfn, enum kvm_page_track_mode mode);
	struct kvm_memory_slot *(*gfn_to_memslot)(struct kvm *kvm, gfn_t gfn);
	atomic_t frames;
	atomic64_t writes;
};

/**
 * struct gvt_vfio_vgpu - a vGPU seen through VFIO (one per mdev)
 * @vdev: the VFIO device; must be first (vfio_alloc_device())
 * @gvt: the GVT device the vGPU lives on
 * @type: its type
 * @vgpu: the core's vGPU
 * @dma_dev: the host device guest pages are DMA-mapped for
 * @bar0_size: size of BAR0 (registers and GGTT)
 * @bar2_size: size of BAR2 (the aperture)
 * @pin_lock: protects @pins, @attached, @unmap_first and @unmap_last
 * @pins: pinned guest frames by gfn, struct gvt_vfio_pin
 * @unmap_lock: serializes gvt_vfio_dma_unmap()
 * @attached: the guest-memory ops are attached to the core (device open)
 * @unmap_first: first gfn of the range unmapped last, whose pins are
 *		 refused until the next unmap or the close
 * @unmap_last: one past its last gfn; 0 when no range is refused
 * @irq_lock: protects @msi_trigger and @req_trigger
 * @msi_trigger: eventfd signalled for the MSI vector, or NULL
 * @req_trigger: eventfd signalled for a device request, or NULL
 * @open: the device is open
 * @kvm: it was opened with a KVM instance (&vfio_device.kvm) attached
 * @trk: KVM page tracking of the guest's frames (track.c)
 * @display: the plane regions (display.c)
 * @edid: the EDID region (edid.c)
 * @dmabufs: the DMABUF plane objects (dmabuf.c)
 * @ap: the mappings of BAR2 (aperture.c)
 * @debugfs: its debugfs directory
 */
struct gvt_vfio_vgpu {
	struct vfio_device vdev;
	struct gvt_device *gvt;
	const struct gvt_type *type;
	struct gvt_vgpu *vgpu;
	struct device *dma_dev;
	u64 bar0_size;
	u64 bar2_size;
	struct mutex pin_lock;		/* protects pins, attached, unmap_* */
	struct xarray pins;
	bool attached;
	struct mutex unmap_lock;	/* one dma_unmap, open or close at a time */
	u64 unmap_first;
	u64 unmap_last;
	spinlock_t irq_lock;		/* protects msi_trigger, req_trigger */
	struct eventfd_ctx *msi_trigger;
	struct eventfd_ctx *req_trigger;
	bool open;
	bool kvm;
	struct gvt_vfio_track trk;
	struct gvt_vfio_display display;
	struct gvt_vfio_edid edid;
	struct gvt_vfio_dmabufs dmabufs;
	struct gvt_vfio_aperture ap;
	struct dentry *debugfs;
};

int gvt_vfio_get_arg(struct gvt_vfio_vgpu *v, const char *ioctl, void *dst,
		     const void __user *arg, unsigned long minsz);

long gvt_vfio_get_region_info(struct gvt_vfio_vgpu *v, void __user *arg);
ssize_t gvt_vfio_rw(struct vfio_device *vdev, char __user *ubuf,
		    size_t count, loff_t *ppos, bool write);

void gvt_vfio_display_init(struct gvt_vfio_vgpu *v);
void gvt_vfio_display_release(struct gvt_vfio_vgpu *v);
void gvt_vfio_display_fini(struct gvt_vfio_vgpu *v);
void gvt_vfio_display_region_info(struct gvt_vfio_vgpu *v,
				  struct vfio_region_info *info);
ssize_t gvt_vfio_display_rw(struct gvt_vfio_vgpu *v, unsigned int index,
			    char __user *ubuf, size_t count, u64 off,
			    bool write);
int gvt_vfio_mmap(struct vfio_device *vdev, struct vm_area_struct *vma);
int gvt_vfio_display_mmap(struct gvt_vfio_vgpu *v, struct vm_area_struct *vma,
			  unsigned int index);
long gvt_vfio_query_gfx_plane(struct gvt_vfio_vgpu *v, void __user *arg);

bool gvt_vfio_dmabuf_offered(void);
int gvt_vfio_dmabuf_query(struct gvt_vfio_vgpu *v, enum gvt_plane_id id,
			  struct gvt_plane *plane, u32 *dmabuf_id);
long gvt_vfio_get_gfx_dmabuf(struct gvt_vfio_vgpu *v, void __user *arg);
void gvt_vfio_dmabuf_init(struct gvt_vfio_vgpu *v);
void gvt_vfio_dmabuf_release(struct gvt_vfio_vgpu *v);
void gvt_vfio_dmabuf_fini(struct gvt_vfio_vgpu *v);

void gvt_vfio_aperture_init(struct gvt_vfio_vgpu *v);
void gvt_vfio_aperture_release(struct gvt_vfio_vgpu *v);
int gvt_vfio_aperture_mmap(struct gvt_vfio_vgpu *v,
			   struct vm_area_struct *vma);
void gvt_vfio_unmap_aperture(void *priv, u64 gm, u64 size);

void gvt_vfio_edid_init(struct gvt_vfio_vgpu *v);
void gvt_vfio_edid_open(struct gvt_vfio_vgpu *v);
void gvt_vfio_edid_release(struct gvt_vfio_vgpu *v);
void gvt_vfio_edid_fini(struct gvt_vfio_vgpu *v);
ssize_t gvt_vfio_edid_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
			 size_t count, u64 off, bool write);

long gvt_vfio_get_irq_info(struct gvt_vfio_vgpu *v, void __user *arg);
long gvt_vfio_set_irqs(struct gvt_vfio_vgpu *v, void __user *arg);
void gvt_vfio_irq_release(struct gvt_vfio_vgpu *v);
void gvt_vfio_request(struct vfio_device *vdev, unsigned int count);
int gvt_vfio_inject_msi(void *priv, u64 addr, u32 data);

int gvt_vfio_track_page(void *priv, u64 gfn, bool enable);
void gvt_vfio_track_start(struct gvt_vfio_vgpu *v);
void gvt_vfio_track_stop(struct gvt_vfio_vgpu *v);

void gvt_vfio_dma_init(struct gvt_vfio_vgpu *v);
void gvt_vfio_dma_attach(struct gvt_vfio_vgpu *v);
void gvt_vfio_dma_detach(struct gvt_vfio_vgpu *v);
void gvt_vfio_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length);
void gvt_vfio_dma_fini(struct gvt_vfio_vgpu *v);
unsigned long gvt_vfio_dma_pinned(struct gvt_vfio_vgpu *v);

void gvt_vfio_debugfs_add(struct gvt_vfio_vgpu *v);
void gvt_vfio_debugfs_remove(struct gvt_vfio_vgpu *v);
void gvt_vfio_debugfs_init(void);
void gvt_vfio_debugfs_exit(void);

#endif /* _GVT_VFIO_H_ */
