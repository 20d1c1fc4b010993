// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory for a PV dom0, with upstream interfaces only (no
 * XENMEM_get_mfn_from_pfn).
 *
 * A guest frame is mapped at a ballooned page of dom0: the page's
 * direct-map PTE is pointed at the frame with HYPERVISOR_mmu_update and
 * the guest's domid (for an HVM guest the frame number is its gfn, Xen
 * translates it), the machine frame Xen put there is read back from the
 * PTE, and the page's p2m entry becomes FOREIGN_FRAME(mfn), so that
 * dma_map_page() of the page yields the frame's bus address for the GVT
 * device. pin_gfn() returns that DMA address; pins nest and are kept in
 * an xarray by gfn. rw_gpa() maps one frame at a time at a per-guest
 * window page, without p2m or DMA.
 *
 * set_phys_to_machine() is not exported in 6.1; xen_alloc_p2m_entry(),
 * xen_p2m_addr and xen_p2m_size are, and they are what it uses.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/pgtable.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>

#include "xengt.h"

static_assert(PAGE_SIZE == XENGT_IOREQ_PAGE_SIZE);

/**
 * struct xengt_pin - a guest frame pinned for the GPU
 * @page: the ballooned page it is mapped at
 * @dma: its DMA address for &xengt_kdom.dma_dev
 * @refs: pins not yet dropped
 */
struct xengt_pin {
	struct page *page;
	dma_addr_t dma;
	unsigned int refs;
};

static int xengt_pte_update(struct page *page, pteval_t val, u16 owner,
			    bool machine)
{
	unsigned long va = (unsigned long)page_address(page);
	struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_ALL };
	struct mmu_update u;
	unsigned int level;
	pte_t *ptep;
	int ret;

	ptep = lookup_address(va, &level);
	if (!ptep || level != PG_LEVEL_4K)
		return -EINVAL;
	u.ptr = arbitrary_virt_to_machine(ptep).maddr |
		(machine ? MMU_PT_UPDATE_NO_TRANSLATE : MMU_NORMAL_PT_UPDATE);
	u.val = val;
	ret = HYPERVISOR_mmu_update(&u, 1, NULL, owner);
	/* No CPU may keep the old translation of the page. */
	flush.arg1.linear_addr = va;
	WARN_ON_ONCE(HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF));
	return ret;
}

/**
 * xengt_frame_map() - point a ballooned page at a frame of another domain
 * @page: the page (from xen_alloc_unpopulated_pages(), no frame behind it)
 * @frame: the frame: a gfn of the HVM domain @owner, or with @machine an
 *	   mfn owned by @owner (what XENMEM_acquire_resource returns to a PV
 *	   caller)
 * @owner: the domain owning the frame
 * @machine: @frame is an mfn, Xen must not translate it
 * @mfn: the machine frame now mapped, as dom0's PTE holds it
 *
 * Return: 0 or the hypercall's negative errno.
 */
int xengt_frame_map(struct page *page, u64 frame, u16 owner, bool machine,
		    u64 *mfn)
{
	unsigned long va = (unsigned long)page_address(page);
	unsigned int level;
	pte_t *ptep;
	int ret;

	/* A frame number the PTE cannot hold would set flag bits. */
	if (frame > (PTE_PFN_MASK >> PAGE_SHIFT))
		return -EINVAL;
	ret = xengt_pte_update(page, pte_val_ma(mfn_pte(frame, PAGE_KERNEL)),
			       owner, machine);
	if (ret)
		return ret;
	ptep = lookup_address(va, &level);
	/* The raw PTE: dom0's own view of the machine frame. */
	*mfn = (ptep->pte & PTE_PFN_MASK) >> PAGE_SHIFT;
	return 0;
}

/**
 * xengt_frame_unmap() - give a ballooned page its empty PTE back
 * @page: a page xengt_frame_map() succeeded on
 */
void xengt_frame_unmap(struct page *page)
{
	WARN_ON_ONCE(xengt_pte_update(page, 0, DOMID_SELF, false));
}

static int xengt_p2m_set(struct page *page, unsigned long mfn)
{
	unsigned long pfn = page_to_pfn(page);
	int ret;

	if (pfn >= xen_p2m_size)
		return -ERANGE;
	ret = xen_alloc_p2m_entry(pfn);
	if (ret)
		return ret;
	WRITE_ONCE(xen_p2m_addr[pfn], mfn);
	return 0;
}

/* Map guest frame @gfn for the GPU: page, PTE, p2m, DMA. */
static int xengt_pin_new(struct xengt_kdom *kd, u64 gfn, struct xengt_pin *pin)
{
	u64 mfn;
	int ret;

	ret = xen_alloc_unpopulated_pages(1, &pin->page);
	if (ret)
		return ret;
	ret = xengt_frame_map(pin->page, gfn, kd->d->domid, false, &mfn);
	if (ret)
		goto err_free;
	ret = xengt_p2m_set(pin->page, FOREIGN_FRAME(mfn));
	if (ret)
		goto err_unmap;
	pin->dma = dma_map_page(kd->dma_dev, pin->page, 0, PAGE_SIZE,
				DMA_BIDIRECTIONAL);
	if (dma_mapping_error(kd->dma_dev, pin->dma)) {
		ret = -ENOMEM;
		goto err_p2m;
	}
	return 0;

err_p2m:
	xengt_p2m_set(pin->page, INVALID_P2M_ENTRY);
err_unmap:
	xengt_frame_unmap(pin->page);
err_free:
	xen_free_unpopulated_pages(1, &pin->page);
	return ret;
}

/* Undo xengt_pin_new() in reverse order. */
static void xengt_pin_release(struct xengt_kdom *kd, struct xengt_pin *pin)
{
	dma_unmap_page(kd->dma_dev, pin->dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	xengt_p2m_set(pin->page, INVALID_P2M_ENTRY);
	xengt_frame_unmap(pin->page);
	xen_free_unpopulated_pages(1, &pin->page);
	kfree(pin);
}

/**
 * xengt_gmem_pin() - &xengt_hyp_ops.pin_gfn
 * @d: the guest
 * @gfn: its frame
 * @addr: the frame's DMA address for the GVT device
 *
 * Return: 0 or a negative errno.
 */
int xengt_gmem_pin(struct xengt_dom *d, u64 gfn, u64 *addr)
{
	struct xengt_kdom *kd = d->hyp;
	struct xengt_pin *pin;
	int ret;

	if (gfn > ULONG_MAX)
		return -EINVAL;
	mutex_lock(&kd->pin_lock);
	pin = xa_load(&kd->pins, gfn);
	if (pin) {
		pin->refs++;
		*addr = pin->dma;
		mutex_unlock(&kd->pin_lock);
		return 0;
	}
	pin = kzalloc(sizeof(*pin), GFP_KERNEL);
	if (!pin) {
		ret = -ENOMEM;
		goto out;
	}
	ret = xengt_pin_new(kd, gfn, pin);
	if (ret) {
		pr_debug_ratelimited("xengt: domain %u: cannot map guest frame 0x%llx: %d\n",
				     d->domid, gfn, ret);
		kfree(pin);
		goto out;
	}
	pin->refs = 1;
	ret = xa_err(xa_store(&kd->pins, gfn, pin, GFP_KERNEL));
	if (ret) {
		xengt_pin_release(kd, pin);
		goto out;
	}
	*addr = pin->dma;
out:
	mutex_unlock(&kd->pin_lock);
	return ret;
}

/**
 * xengt_gmem_unpin() - &xengt_hyp_ops.unpin_gfn
 * @d: the guest
 * @gfn: a frame xengt_gmem_pin() pinned
 */
void xengt_gmem_unpin(struct xengt_dom *d, u64 gfn)
{
	struct xengt_kdom *kd = d->hyp;
	struct xengt_pin *pin;

	mutex_lock(&kd->pin_lock);
	pin = gfn <= ULONG_MAX ? xa_load(&kd->pins, gfn) : NULL;
	if (WARN_ONCE(!pin, "xengt: unpin of guest frame %#llx, which is not pinned\n",
		      gfn)) {
		mutex_unlock(&kd->pin_lock);
		return;
	}
	if (!--pin->refs) {
		xa_erase(&kd->pins, gfn);
		xengt_pin_release(kd, pin);
	}
	mutex_unlock(&kd->pin_lock);
}

/**
 * xengt_gmem_pinned() - how many guest frames are pinned
 * @kd: the guest
 *
 * Return: the number of distinct frames with a pin.
 */
unsigned long xengt_gmem_pinned(struct xengt_kdom *kd)
{
	struct xengt_pin *pin;
	unsigned long n = 0, gfn;

	mutex_lock(&kd->pin_lock);
	xa_for_each(&kd->pins, gfn, pin)
		n++;
	mutex_unlock(&kd->pin_lock);
	return n;
}

/**
 * xengt_gmem_unpin_all() - &xengt_hyp_ops.unpin_all
 * @d: the guest, detached from its vGPU
 *
 * Return: the number of frames that were still pinned.
 */
unsigned long xengt_gmem_unpin_all(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;
	struct xengt_pin *pin;
	unsigned long gfn, n = 0;

	mutex_lock(&kd->pin_lock);
	xa_for_each(&kd->pins, gfn, pin) {
		xa_erase(&kd->pins, gfn);
		xengt_pin_release(kd, pin);
		n++;
	}
	mutex_unlock(&kd->pin_lock);
	return n;
}

/**
 * xengt_gmem_rw() - &xengt_hyp_ops.rw_gpa: copy through transient mappings
 * @d: the guest
 * @gpa: guest-physical address
 * @buf: the bytes
 * @len: their number (may cross frames)
 * @write: into guest memory
 *
 * Return: 0, or -EFAULT if a frame cannot be mapped (no memory there).
 */
int xengt_gmem_rw(struct xengt_dom *d, u64 gpa, void *buf, unsigned int len,
		  bool write)
{
	struct xengt_kdom *kd = d->hyp;
	u8 *p = buf;
	u64 mfn;
	int ret = 0;

	mutex_lock(&kd->win_lock);
	while (len) {
		unsigned int off = offset_in_page(gpa);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - off);
		void *va = page_address(kd->win);

		if (xengt_frame_map(kd->win, gpa >> PAGE_SHIFT, d->domid,
				    false, &mfn)) {
			ret = -EFAULT;
			break;
		}
		if (write)
			memcpy(va + off, p, n);
		else
			memcpy(p, va + off, n);
		xengt_frame_unmap(kd->win);
		gpa += n;
		p += n;
		len -= n;
	}
	mutex_unlock(&kd->win_lock);
	return ret;
}

/**
 * xengt_gmem_init() - set up a guest's pin cache and window
 * @kd: the guest
 *
 * Return: 0 or -ENOMEM.
 */
int xengt_gmem_init(struct xengt_kdom *kd)
{
	mutex_init(&kd->pin_lock);
	mutex_init(&kd->win_lock);
	xa_init(&kd->pins);
	if (xen_alloc_unpopulated_pages(1, &kd->win))
		return -ENOMEM;
	return 0;
}

/**
 * xengt_gmem_fini() - free them
 * @kd: the guest, whose pins are all gone
 */
void xengt_gmem_fini(struct xengt_kdom *kd)
{
	WARN_ON_ONCE(!xa_empty(&kd->pins));
	xa_destroy(&kd->pins);
	if (kd->win)
		xen_free_unpopulated_pages(1, &kd->win);
	kd->win = NULL;
	mutex_destroy(&kd->win_lock);
	mutex_destroy(&kd->pin_lock);
}
