// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory of a vGPU behind VFIO: the gvt_hv_ops the core uses to map
 * guest frames into the host GGTT and to read and write guest memory
 * (vfio_dma_rw()).
 *
 * A guest frame is pinned with vfio_pin_pages() (the emulated IOMMU of the
 * mdev) and DMA-mapped for the GVT device's host device, once: further
 * pins of the same frame only count. The cache is an xarray indexed by
 * gfn. When userspace unmaps guest memory (VFIO_IOMMU_UNMAP_DMA), VFIO
 * calls .dma_unmap, and every pin in the range must be gone before it
 * returns: the core points the GGTT entries that map those frames at the
 * scratch page and drops their pins through unpin_gfn.
 *
 * Lock order: unmap_lock, then the core's vGPU lock, then pin_lock, then
 * the type1 IOMMU's lock inside vfio_pin_pages() and vfio_unpin_pages().
 * unmap_lock also serializes attach and detach (open and close) with
 * .dma_unmap, and pin_lock guards whether the ops are attached.
 */
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "gvt_vfio.h"

/* A guest frame is a 4 KiB page, as is a host page. */
static_assert(PAGE_SHIFT == GVT_GTT_PAGE_SHIFT);

/* Largest gfn whose IOVA (gfn << PAGE_SHIFT) fits a dma_addr_t. */
#define GVT_VFIO_MAX_GFN	((u64)DMA_BIT_MASK(64) >> PAGE_SHIFT)

/**
 * struct gvt_vfio_pin - a pinned, DMA-mapped guest frame
 * @page: the host page backing the frame
 * @dma: its DMA address for &gvt_vfio_vgpu.dma_dev
 * @refs: pins taken by the core and not yet dropped
 */
struct gvt_vfio_pin {
	struct page *page;
	dma_addr_t dma;
	unsigned int refs;
};

static void gvt_vfio_pin_release(struct gvt_vfio_vgpu *v, u64 gfn,
				 struct gvt_vfio_pin *pin)
{
	dma_unmap_page(v->dma_dev, pin->dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	vfio_unpin_pages(&v->vdev, gfn << PAGE_SHIFT, 1);
	kfree(pin);
}

static int gvt_vfio_pin_gfn(void *priv, u64 gfn, u64 *addr)
{
	struct gvt_vfio_vgpu *v = priv;
	struct gvt_vfio_pin *pin;
	struct page *page;
	int ret;

	if (gfn > GVT_VFIO_MAX_GFN)
		return -EINVAL;

	mutex_lock(&v->pin_lock);
	if (v->unmap_last && gfn >= v->unmap_first && gfn < v->unmap_last) {
		/* Going away: the core maps the scratch page instead. */
		mutex_unlock(&v->pin_lock);
		return -EAGAIN;
	}
	pin = xa_load(&v->pins, gfn);
	if (pin) {
		pin->refs++;
		*addr = pin->dma;
		mutex_unlock(&v->pin_lock);
		return 0;
	}

	pin = kzalloc(sizeof(*pin), GFP_KERNEL);
	if (!pin) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	ret = vfio_pin_pages(&v->vdev, gfn << PAGE_SHIFT, 1,
			     IOMMU_READ | IOMMU_WRITE, &page);
	if (ret != 1) {
		ret = ret < 0 ? ret : -EFAULT;
		/* The core reports it; a guest may name any frame. */
		dev_dbg_ratelimited(v->vdev.dev, "cannot pin guest frame %#llx: %d\n",
				    gfn, ret);
		goto err_free;
	}
	pin->dma = dma_map_page(v->dma_dev, page, 0, PAGE_SIZE,
				DMA_BIDIRECTIONAL);
	if (dma_mapping_error(v->dma_dev, pin->dma)) {
		dev_err_ratelimited(v->vdev.dev, "cannot DMA-map guest frame %#llx\n",
				    gfn);
		ret = -ENOMEM;
		goto err_unpin;
	}
	pin->page = page;
	pin->refs = 1;
	ret = xa_err(xa_store(&v->pins, gfn, pin, GFP_KERNEL));
	if (ret)
		goto err_unmap;
	*addr = pin->dma;
	mutex_unlock(&v->pin_lock);
	return 0;

err_unmap:
	dma_unmap_page(v->dma_dev, pin->dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
err_unpin:
	vfio_unpin_pages(&v->vdev, gfn << PAGE_SHIFT, 1);
err_free:
	kfree(pin);
err_unlock:
	mutex_unlock(&v->pin_lock);
	return ret;
}

static void gvt_vfio_unpin_gfn(void *priv, u64 gfn)
{
	struct gvt_vfio_vgpu *v = priv;
	struct gvt_vfio_pin *pin;

	mutex_lock(&v->pin_lock);
	pin = gfn <= GVT_VFIO_MAX_GFN ? xa_load(&v->pins, gfn) : NULL;
	if (WARN_ONCE(!pin, "gvt_vfio: unpin of guest frame %#llx, which is not pinned\n",
		      gfn)) {
		mutex_unlock(&v->pin_lock);
		return;
	}
	if (!--pin->refs) {
		xa_erase(&v->pins, gfn);
		gvt_vfio_pin_release(v, gfn, pin);
	}
	mutex_unlock(&v->pin_lock);
}

/* Guest memory by IOVA (the guest-physical address under KVM/QEMU). */
static int gvt_vfio_rw_gpa(void *priv, u64 gpa, void *buf, unsigned int len,
			   bool write)
{
	struct gvt_vfio_vgpu *v = priv;

	return vfio_dma_rw(&v->vdev, gpa, buf, len, write);
}

static const struct gvt_hv_ops gvt_vfio_hv_ops = {
	.pin_gfn = gvt_vfio_pin_gfn,
	.unpin_gfn = gvt_vfio_unpin_gfn,
	.rw_gpa = gvt_vfio_rw_gpa,
	.inject_msi = gvt_vfio_inject_msi,
	.track_page = gvt_vfio_track_page,
	.unmap_aperture = gvt_vfio_unmap_aperture,
};

/* Is any frame in [first, last] still pinned? */
static bool gvt_vfio_pinned(struct gvt_vfio_vgpu *v, u64 first, u64 last)
{
	unsigned long index = first;
	bool found;

	mutex_lock(&v->pin_lock);
	found = xa_find(&v->pins, &index, last, XA_PRESENT);
	mutex_unlock(&v->pin_lock);
	return found;
}

/*
 * Drop pins the core no longer knows about. Only after
 * gvt_vgpu_detach_hv(), when no GGTT entry maps a guest frame any more.
 */
static void gvt_vfio_unpin_orphans(struct gvt_vfio_vgpu *v)
{
	struct gvt_vfio_pin *pin;
	unsigned long gfn;
	unsigned int n = 0;

	mutex_lock(&v->pin_lock);
	xa_for_each(&v->pins, gfn, pin) {
		xa_erase(&v->pins, gfn);
		gvt_vfio_pin_release(v, gfn, pin);
		n++;
	}
	mutex_unlock(&v->pin_lock);
	WARN_ONCE(n, "gvt_vfio: %u guest frames still pinned after detach\n",
		  n);
}

/**
 * gvt_vfio_dma_init() - set up the pin cache of a new VFIO vGPU
 * @v: the vGPU
 */
void gvt_vfio_dma_init(struct gvt_vfio_vgpu *v)
{
	mutex_init(&v->pin_lock);
	mutex_init(&v->unmap_lock);
	xa_init(&v->pins);
}

/**
 * gvt_vfio_dma_attach() - let the core reach the guest's memory
 * @v: the vGPU, whose device was just opened
 */
void gvt_vfio_dma_attach(struct gvt_vfio_vgpu *v)
{
	mutex_lock(&v->unmap_lock);
	mutex_lock(&v->pin_lock);
	v->attached = true;
	v->unmap_first = 0;
	v->unmap_last = 0;
	mutex_unlock(&v->pin_lock);
	gvt_vgpu_attach_hv(v->vgpu, &gvt_vfio_hv_ops, v);
	mutex_unlock(&v->unmap_lock);
}

/**
 * gvt_vfio_dma_detach() - drop every pin of the guest's memory
 * @v: the vGPU, whose device is being closed
 */
void gvt_vfio_dma_detach(struct gvt_vfio_vgpu *v)
{
	mutex_lock(&v->unmap_lock);
	mutex_lock(&v->pin_lock);
	v->attached = false;
	mutex_unlock(&v->pin_lock);
	gvt_vgpu_detach_hv(v->vgpu);
	gvt_vfio_unpin_orphans(v);
	/* Closed: the range refused since the last unmap no longer is. */
	mutex_lock(&v->pin_lock);
	v->unmap_first = 0;
	v->unmap_last = 0;
	mutex_unlock(&v->pin_lock);
	mutex_unlock(&v->unmap_lock);
}

/**
 * gvt_vfio_dma_unmap() - &vfio_device_ops.dma_unmap: guest memory goes away
 * @vdev: the VFIO device
 * @iova: first guest address of the range
 * @length: length of the range in bytes
 *
 * Every pin in the range is dropped before this returns; VFIO's type1
 * IOMMU cannot complete the unmap otherwise.
 */
void gvt_vfio_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct gvt_vfio_vgpu *v = container_of(vdev, struct gvt_vfio_vgpu,
					       vdev);
	u64 first = iova >> PAGE_SHIFT;
	bool attached;
	u64 last;

	if (!length)
		return;
	last = (iova + length - 1) >> PAGE_SHIFT;
	/*
	 * The type1 IOMMU drops its lock while it calls us, so a guest GGTT
	 * write racing with the unmap could pin a frame of the range again
	 * after the core has let go of it. Such pins are refused (the core
	 * maps the scratch page instead), and not only until we return:
	 * type1 re-checks its pins of the range only after retaking its
	 * lock, and retries (a bounded number of times) if it finds one. So
	 * the range stays refused until the next unmap or the close. One
	 * unmap at a time keeps the window a single range.
	 */
	mutex_lock(&v->unmap_lock);
	mutex_lock(&v->pin_lock);
	v->unmap_first = first;
	v->unmap_last = last + 1;
	attached = v->attached;
	mutex_unlock(&v->pin_lock);
	/* Not under pin_lock: the core calls back into unpin_gfn. */
	gvt_vgpu_unmap_gfns(v->vgpu, first, last - first + 1);
	if (unlikely(gvt_vfio_pinned(v, first, last))) {
		/*
		 * The core kept a pin in the range, a core bug. Unmapping
		 * everything is the only way left to release it without a
		 * GGTT entry still pointing at the page; the ops come back
		 * only if they were attached (unmap_lock keeps close away).
		 */
		WARN_ONCE(1, "gvt_vfio: guest frames %#llx..%#llx still pinned after unmap\n",
			  first, last);
		gvt_vgpu_detach_hv(v->vgpu);
		gvt_vfio_unpin_orphans(v);
		if (attached)
			gvt_vgpu_attach_hv(v->vgpu, &gvt_vfio_hv_ops, v);
	}
	mutex_unlock(&v->unmap_lock);
}

/**
 * gvt_vfio_dma_pinned() - how many guest frames are pinned
 * @v: the vGPU
 *
 * Return: the number of distinct frames in the pin cache.
 */
unsigned long gvt_vfio_dma_pinned(struct gvt_vfio_vgpu *v)
{
	struct gvt_vfio_pin *pin;
	unsigned long gfn, n = 0;

	mutex_lock(&v->pin_lock);
	xa_for_each(&v->pins, gfn, pin)
		n++;
	mutex_unlock(&v->pin_lock);
	return n;
}

/**
 * gvt_vfio_dma_fini() - tear down the pin cache
 * @v: the vGPU, never opened or closed again
 */
void gvt_vfio_dma_fini(struct gvt_vfio_vgpu *v)
{
	WARN_ON_ONCE(!xa_empty(&v->pins));
	xa_destroy(&v->pins);
	mutex_destroy(&v->unmap_lock);
	mutex_destroy(&v->pin_lock);
}
