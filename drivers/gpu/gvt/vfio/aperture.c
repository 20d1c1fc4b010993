// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR2 of a vGPU mapped into the VMM, so the guest's CPU reaches its
 * aperture slice without a VM exit per access (the guest's fbdev console
 * draws through it).
 *
 * The region info of BAR2 offers one sparse-mmap area, the vGPU's slice;
 * QEMU maps it and hands it to KVM as guest memory, and the rest of the
 * BAR stays trapped. The mapping is filled at fault time, a page at a
 * time: with the frame gvt_vgpu_aperture_pfn() names (the guest page the
 * vGPU's GGTT entry maps on the simulator, the real aperture on hardware),
 * or, where the entry maps no guest frame, this device's sink page: a
 * zeroed page of its own, never a GPU scratch page, dropped at the last
 * close so the next opener does not see it. When the core changes what a
 * page reaches it calls gvt_vfio_unmap_aperture(), which zaps every
 * mapping of the page before the old frame's pin goes; the next access
 * faults again.
 *
 * Locking. A fault runs with its mm's mmap_lock held and takes ap.lock,
 * never the vGPU's lock (the pin path takes mmap_lock under that one).
 * gvt_vfio_unmap_aperture() runs under the vGPU's lock, takes each mapping
 * mm's mmap_lock for reading and then ap.lock, so the order is vGPU lock,
 * mmap_lock, ap.lock everywhere. ap.lock orders a fault's lookup and
 * insertion against a zap: a fault either inserts before the zap, which
 * then removes it, or looks up after the change. The list holds the VMAs
 * that may have page table entries: a fault adds its VMA; a VMA split off
 * another starts with none (open() zaps it).
 */
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "gvt_vfio.h"

/**
 * struct gvt_vfio_ap_vma - a VMA of BAR2 that may have page table entries
 * @link: in &gvt_vfio_aperture.vmas
 * @vma: the VMA, alive while it is listed (close() unlists it)
 * @gen: the last zap that handled it
 */
struct gvt_vfio_ap_vma {
	struct list_head link;
	struct vm_area_struct *vma;
	u64 gen;
};

/* BAR2 offset (a GM address) of the page at @pgoff of the device fd. */
static u64 gvt_vfio_ap_offset(unsigned long pgoff)
{
	return ((u64)pgoff << PAGE_SHIFT) & GVT_VFIO_OFFSET_MASK;
}

static struct gvt_vfio_ap_vma *gvt_vfio_ap_find(struct gvt_vfio_vgpu *v,
						struct vm_area_struct *vma)
{
	struct gvt_vfio_ap_vma *n;

	lockdep_assert_held(&v->ap.lock);
	list_for_each_entry(n, &v->ap.vmas, link)
		if (n->vma == vma)
			return n;
	return NULL;
}

/*
 * A split of a mapping: the new part's entries go, a fault brings them back
 * (and lists it). Forks do not copy the mapping (VM_DONTCOPY, which VM_IO
 * keeps madvise() from clearing) and mremap() cannot move it, so no entry
 * reaches a VMA behind the list's back.
 */
static void gvt_vfio_ap_open(struct vm_area_struct *vma)
{
	zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
}

static int gvt_vfio_ap_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static void gvt_vfio_ap_close(struct vm_area_struct *vma)
{
	struct gvt_vfio_vgpu *v = vma->vm_private_data;
	struct gvt_vfio_ap_vma *n;

	mutex_lock(&v->ap.lock);
	n = gvt_vfio_ap_find(v, vma);
	if (n) {
		list_del(&n->link);
		kfree(n);
	}
	mutex_unlock(&v->ap.lock);
}

static vm_fault_t gvt_vfio_ap_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct gvt_vfio_vgpu *v = vma->vm_private_data;
	u64 off = gvt_vfio_ap_offset(vmf->pgoff);
	pgprot_t prot = vma->vm_page_prot;
	struct gvt_vfio_ap_vma *n;
	unsigned long pfn;
	vm_fault_t ret;
	bool io = false;
	int err;

	mutex_lock(&v->ap.lock);
	n = gvt_vfio_ap_find(v, vma);
	if (!n) {
		n = kzalloc(sizeof(*n), GFP_KERNEL);
		if (!n) {
			ret = VM_FAULT_OOM;
			goto out;
		}
		n->vma = vma;
		n->gen = v->ap.gen;
		list_add(&n->link, &v->ap.vmas);
	}
	err = gvt_vgpu_aperture_pfn(v->vgpu, off, &pfn, &io);
	if (err == -EINVAL || err == -ENODEV || !v->ap.sink) {
		/* mmap() allowed only the slice, with the backend's help */
		dev_info_ratelimited(v->vdev.dev, "BAR2 fault at %#llx: %d\n",
				     off, err);
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	if (err) {
		/* No guest frame there: the device's own page. */
		pfn = page_to_pfn(v->ap.sink);
		io = false;
	} else {
		v->ap.faults_guest++;
	}
	if (io)
		prot = pgprot_writecombine(prot);
	ret = vmf_insert_pfn_prot(vma, vmf->address, pfn, prot);
	v->ap.faults++;
out:
	mutex_unlock(&v->ap.lock);
	return ret;
}

static const struct vm_operations_struct gvt_vfio_ap_vm_ops = {
	.open = gvt_vfio_ap_open,
	.close = gvt_vfio_ap_close,
	.mremap = gvt_vfio_ap_mremap,
	.fault = gvt_vfio_ap_fault,
};

/**
 * gvt_vfio_aperture_mmap() - map BAR2 (from vfio_device_ops.mmap)
 * @v: the vGPU
 * @vma: a shared mapping inside the vGPU's aperture slice
 *
 * Return: 0, -EINVAL for a private mapping, one outside the slice or a
 * backend that cannot map the aperture, or -ENOMEM.
 */
int gvt_vfio_aperture_mmap(struct gvt_vfio_vgpu *v,
			   struct vm_area_struct *vma)
{
	u64 off = gvt_vfio_ap_offset(vma->vm_pgoff);
	u64 len = vma->vm_end - vma->vm_start;
	struct gvt_vgpu_resources r;
	int ret = 0;

	if (!gvt_vgpu_aperture_mappable(v->vgpu)) {
		dev_info_ratelimited(v->vdev.dev, "mmap of BAR2: this GPU's aperture cannot be mapped\n");
		return -EINVAL;
	}
	if (!(vma->vm_flags & VM_SHARED) ||
	    !gvt_vgpu_aperture_contains(v->vgpu, off, len)) {
		gvt_vgpu_get_resources(v->vgpu, &r);
		dev_info_ratelimited(v->vdev.dev, "mmap of BAR2: %llu bytes at %#llx, %s; only shared mappings inside the slice %#llx-%#llx\n",
				     len, off, vma->vm_flags & VM_SHARED ?
				     "shared" : "private", r.low_gm_base,
				     r.low_gm_base + r.low_gm_size - 1);
		return -EINVAL;
	}
	mutex_lock(&v->ap.lock);
	if (!v->ap.sink)
		v->ap.sink = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!v->ap.sink)
		ret = -ENOMEM;
	mutex_unlock(&v->ap.lock);
	if (ret)
		return ret;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP |
			 VM_DONTCOPY;
	vma->vm_private_data = v;
	vma->vm_ops = &gvt_vfio_ap_vm_ops;
	return 0;
}

/* Zap BAR2 offsets [@off, @off + @size) in @vma; its mm's lock is held. */
static void gvt_vfio_ap_zap_vma(struct vm_area_struct *vma, u64 off,
				u64 size)
{
	u64 first = gvt_vfio_ap_offset(vma->vm_pgoff);
	u64 last = first + (vma->vm_end - vma->vm_start);
	u64 lo = max(first, off), hi = min(last, off + size);

	if (lo < hi)
		zap_vma_ptes(vma, vma->vm_start + (lo - first), hi - lo);
}

/**
 * gvt_vfio_unmap_aperture() - &gvt_hv_ops.unmap_aperture
 * @priv: the vGPU
 * @gm: first GM address (BAR2 offset) whose mapping is stale
 * @size: bytes
 *
 * Called with the vGPU's lock held. Each mm with a mapping is handled
 * under its mmap_lock, taken before ap.lock; a mapping a fault adds while
 * this runs was looked up after the change.
 */
void gvt_vfio_unmap_aperture(void *priv, u64 gm, u64 size)
{
	struct gvt_vfio_vgpu *v = priv;
	struct gvt_vfio_ap_vma *n;
	struct mm_struct *mm;
	u64 gen;

	mutex_lock(&v->ap.lock);
	if (list_empty(&v->ap.vmas)) {
		mutex_unlock(&v->ap.lock);
		return;
	}
	gen = ++v->ap.gen;
	v->ap.zaps++;
	for (;;) {
		mm = NULL;
		list_for_each_entry(n, &v->ap.vmas, link) {
			if (n->gen == gen)
				continue;
			n->gen = gen;
			/* An exiting mm runs nothing that could use it. */
			if (mmget_not_zero(n->vma->vm_mm)) {
				mm = n->vma->vm_mm;
				break;
			}
		}
		mutex_unlock(&v->ap.lock);
		if (!mm)
			return;
		mmap_read_lock(mm);
		mutex_lock(&v->ap.lock);
		list_for_each_entry(n, &v->ap.vmas, link) {
			if (n->vma->vm_mm != mm)
				continue;
			n->gen = gen;
			gvt_vfio_ap_zap_vma(n->vma, gm, size);
		}
		mutex_unlock(&v->ap.lock);
		mmap_read_unlock(mm);
		mmput(mm);
		mutex_lock(&v->ap.lock);
	}
}

/**
 * gvt_vfio_aperture_init() - set up BAR2's mappings of a new VFIO vGPU
 * @v: the vGPU
 */
void gvt_vfio_aperture_init(struct gvt_vfio_vgpu *v)
{
	mutex_init(&v->ap.lock);
	INIT_LIST_HEAD(&v->ap.vmas);
}

/**
 * gvt_vfio_aperture_release() - the last close: drop the sink page
 * @v: the vGPU; no mapping is left (each holds the device file)
 */
void gvt_vfio_aperture_release(struct gvt_vfio_vgpu *v)
{
	mutex_lock(&v->ap.lock);
	WARN_ON_ONCE(!list_empty(&v->ap.vmas));
	if (v->ap.sink)
		__free_page(v->ap.sink);
	v->ap.sink = NULL;
	mutex_unlock(&v->ap.lock);
}
