// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's IOMMU: the DMA API of its platform device, and the
 * only way the model reaches memory.
 *
 * A real GPU behind an IOMMU (or a Xen PV dom0's machine addresses) sees
 * only the bus addresses the DMA API handed out for it, never physical
 * addresses. The model keeps that rule: its platform device has its own
 * &struct dma_map_ops, whose map_page allocates I/O virtual addresses
 * (IOVAs) in a window of its own and records, per IOVA page, the struct
 * page behind it (an xarray). Everything the "hardware" touches (a GGTT
 * entry's page, later the engines' memory accesses) is translated back
 * through that table only. An IOVA that is not mapped is an IOMMU fault:
 * logged (ratelimited), counted, reads return zeros and writes are
 * dropped; so is a write to a page the device may only read
 * (%DMA_TO_DEVICE).
 *
 * The window is [%GVT_SIM_IOVA_BASE, 2 * %GVT_SIM_IOVA_BASE): the upper
 * half of the GPU's 39-bit DMA mask, which a PPGTT entry (address bits
 * 38:12) can still hold, and above any RAM of the machines this runs on,
 * so an address that went around the DMA API stands out.
 */
#include <linux/dma-map-ops.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "sim.h"

/* xarray pointer tag of a page the device may read but not write. */
#define GVT_SIM_IOVA_RO		1

static inline u32 gvt_sim_iova_index(dma_addr_t iova)
{
	return (iova - GVT_SIM_IOVA_BASE) >> PAGE_SHIFT;
}

static inline dma_addr_t gvt_sim_index_iova(u32 index)
{
	return GVT_SIM_IOVA_BASE + ((dma_addr_t)index << PAGE_SHIFT);
}

static void gvt_sim_iommu_fault(struct gvt_sim_iommu *mmu, u64 iova,
				bool write, const char *why)
{
	atomic64_inc(&mmu->faults);
	dev_warn_ratelimited(mmu->dev, "IOMMU fault: %s at IOVA %#llx: %s\n",
			     write ? "write" : "read", iova, why);
}

/*
 * Erase @n entries from @first; called with the write lock held. Entries
 * that are not there (a bogus unmap) are counted as faults.
 */
static void gvt_sim_iommu_erase(struct gvt_sim_iommu *mmu, u32 first,
				u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (!xa_erase(&mmu->map, first + i))
			gvt_sim_iommu_fault(mmu, gvt_sim_index_iova(first + i),
					    false, "unmap of an unmapped page");
	atomic_long_sub(n, &mmu->mapped);
}

/*
 * Map @n physically contiguous pages from @page at consecutive IOVAs.
 * The first IOVA page is allocated cyclically, so an address just unmapped
 * is not handed out again at once and a stale user faults.
 */
static dma_addr_t gvt_sim_iommu_map(struct gvt_sim_iommu *mmu,
				    struct page *page, u32 n, bool ro)
{
	struct xa_limit limit = XA_LIMIT(0, GVT_SIM_IOVA_PAGES - 1);
	unsigned long flags;
	unsigned int tries;
	u32 first, i, busy;
	int ret;

	if (!n || n > GVT_SIM_IOVA_PAGES)
		return DMA_MAPPING_ERROR;
	write_lock_irqsave(&mmu->lock, flags);
	for (tries = 0; tries < 16; tries++) {
		ret = xa_alloc_cyclic(&mmu->map, &first,
				      xa_tag_pointer(page, ro), limit,
				      &mmu->next, GFP_ATOMIC);
		if (ret < 0)
			break;
		for (i = 1; i < n; i++) {
			if (first + i >= GVT_SIM_IOVA_PAGES) {
				ret = -EBUSY;
				break;
			}
			ret = xa_insert(&mmu->map, first + i,
					xa_tag_pointer(nth_page(page, i), ro),
					GFP_ATOMIC);
			if (ret)
				break;
		}
		if (i == n) {
			atomic_long_add(n, &mmu->mapped);
			write_unlock_irqrestore(&mmu->lock, flags);
			return gvt_sim_index_iova(first);
		}
		/* Not contiguous there: undo and look further on. */
		busy = first + i;
		while (i--)
			xa_erase(&mmu->map, first + i);
		if (ret != -EBUSY)
			break;
		mmu->next = busy + 1;
	}
	write_unlock_irqrestore(&mmu->lock, flags);
	dev_err_ratelimited(mmu->dev, "IOMMU: cannot map %u pages\n", n);
	return DMA_MAPPING_ERROR;
}

static u32 gvt_sim_iommu_npages(dma_addr_t iova, size_t size)
{
	return (offset_in_page(iova) + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

static void gvt_sim_iommu_unmap(struct gvt_sim_iommu *mmu, dma_addr_t iova,
				size_t size)
{
	unsigned long flags;
	u32 n = gvt_sim_iommu_npages(iova, size);

	if (iova < GVT_SIM_IOVA_BASE ||
	    iova - GVT_SIM_IOVA_BASE >= GVT_SIM_IOVA_SIZE ||
	    n > GVT_SIM_IOVA_PAGES - gvt_sim_iova_index(iova)) {
		gvt_sim_iommu_fault(mmu, iova, false,
				    "unmap outside the IOVA window");
		return;
	}
	write_lock_irqsave(&mmu->lock, flags);
	gvt_sim_iommu_erase(mmu, gvt_sim_iova_index(iova), n);
	write_unlock_irqrestore(&mmu->lock, flags);
}

static dma_addr_t gvt_sim_dma_map_page(struct device *dev, struct page *page,
				       unsigned long offset, size_t size,
				       enum dma_data_direction dir,
				       unsigned long attrs)
{
	struct gvt_sim_iommu *mmu = gvt_sim_dev_iommu(dev);
	dma_addr_t iova;

	page = nth_page(page, offset >> PAGE_SHIFT);
	offset = offset_in_page(offset);
	iova = gvt_sim_iommu_map(mmu, page,
				 gvt_sim_iommu_npages(offset, size),
				 dir == DMA_TO_DEVICE);
	if (iova == DMA_MAPPING_ERROR)
		return iova;
	return iova + offset;
}

static void gvt_sim_dma_unmap_page(struct device *dev, dma_addr_t iova,
				   size_t size, enum dma_data_direction dir,
				   unsigned long attrs)
{
	gvt_sim_iommu_unmap(gvt_sim_dev_iommu(dev), iova, size);
}

static void gvt_sim_dma_unmap_sg(struct device *dev, struct scatterlist *sgl,
				 int nents, enum dma_data_direction dir,
				 unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		if (sg_dma_address(sg) == DMA_MAPPING_ERROR)
			break;
		gvt_sim_dma_unmap_page(dev, sg_dma_address(sg),
				       sg_dma_len(sg), dir, attrs);
	}
}

/* One IOVA range per segment; no merging. */
static int gvt_sim_dma_map_sg(struct device *dev, struct scatterlist *sgl,
			      int nents, enum dma_data_direction dir,
			      unsigned long attrs)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		sg_dma_address(sg) = gvt_sim_dma_map_page(dev, sg_page(sg),
							  sg->offset,
							  sg->length, dir,
							  attrs);
		if (sg_dma_address(sg) == DMA_MAPPING_ERROR) {
			gvt_sim_dma_unmap_sg(dev, sgl, i, dir, attrs);
			return -ENOMEM;
		}
		sg_dma_len(sg) = sg->length;
	}
	return nents;
}

static void *gvt_sim_dma_alloc(struct device *dev, size_t size,
			       dma_addr_t *iova, gfp_t gfp,
			       unsigned long attrs)
{
	void *vaddr;

	size = PAGE_ALIGN(size);
	vaddr = alloc_pages_exact(size, (gfp & ~__GFP_HIGHMEM) | __GFP_ZERO);
	if (!vaddr)
		return NULL;
	*iova = gvt_sim_dma_map_page(dev, virt_to_page(vaddr), 0, size,
				     DMA_BIDIRECTIONAL, attrs);
	if (*iova == DMA_MAPPING_ERROR) {
		free_pages_exact(vaddr, size);
		return NULL;
	}
	return vaddr;
}

static void gvt_sim_dma_free(struct device *dev, size_t size, void *vaddr,
			     dma_addr_t iova, unsigned long attrs)
{
	size = PAGE_ALIGN(size);
	gvt_sim_dma_unmap_page(dev, iova, size, DMA_BIDIRECTIONAL, attrs);
	free_pages_exact(vaddr, size);
}

/* Every IOVA lies below 2 * GVT_SIM_IOVA_BASE: the mask must cover it. */
static int gvt_sim_dma_supported(struct device *dev, u64 mask)
{
	return mask >= GVT_SIM_IOVA_BASE + GVT_SIM_IOVA_SIZE - 1;
}

static u64 gvt_sim_dma_required_mask(struct device *dev)
{
	return DMA_BIT_MASK(GVT_SIM_DMA_BITS);
}

static const struct dma_map_ops gvt_sim_dma_ops = {
	.alloc = gvt_sim_dma_alloc,
	.free = gvt_sim_dma_free,
	.map_page = gvt_sim_dma_map_page,
	.unmap_page = gvt_sim_dma_unmap_page,
	.map_sg = gvt_sim_dma_map_sg,
	.unmap_sg = gvt_sim_dma_unmap_sg,
	.dma_supported = gvt_sim_dma_supported,
	.get_required_mask = gvt_sim_dma_required_mask,
};

/**
 * gvt_sim_iommu_rw() - a device access to memory through the IOMMU
 * @mmu: the GPU's IOMMU
 * @iova: bus address
 * @buf: what to write, or where to read to
 * @len: bytes, not crossing a 4 KiB boundary from @iova
 * @write: direction (true: @buf to memory)
 *
 * An IOVA that is not mapped, or a write to a read-only mapping, is a
 * fault: counted, logged (ratelimited), a read returns zeros and a write
 * is dropped. The access holds the table's read lock, so an unmap never
 * returns while an access to its page is in flight.
 *
 * Return: true if the access reached memory, false on a fault.
 */
bool gvt_sim_iommu_rw(struct gvt_sim_iommu *mmu, u64 iova, void *buf,
		      unsigned int len, bool write)
{
	unsigned int off = offset_in_page(iova);
	unsigned long flags;
	const char *why;
	void *entry;
	void *vaddr;

	if (WARN_ON_ONCE(off + len > PAGE_SIZE))
		len = PAGE_SIZE - off;
	if (iova < GVT_SIM_IOVA_BASE ||
	    iova - GVT_SIM_IOVA_BASE >= GVT_SIM_IOVA_SIZE) {
		why = "outside the IOVA window";
		goto fault;
	}
	read_lock_irqsave(&mmu->lock, flags);
	entry = xa_load(&mmu->map, gvt_sim_iova_index(iova));
	if (!entry || (write && xa_pointer_tag(entry) == GVT_SIM_IOVA_RO)) {
		read_unlock_irqrestore(&mmu->lock, flags);
		why = entry ? "read-only mapping" : "not mapped";
		goto fault;
	}
	vaddr = kmap_local_page(xa_untag_pointer(entry));
	if (write)
		memcpy(vaddr + off, buf, len);
	else
		memcpy(buf, vaddr + off, len);
	kunmap_local(vaddr);
	read_unlock_irqrestore(&mmu->lock, flags);
	return true;

fault:
	gvt_sim_iommu_fault(mmu, iova, write, why);
	if (!write)
		memset(buf, 0, len);
	return false;
}

/**
 * gvt_sim_iommu_pfn() - the page behind a bus address, for a CPU mapping
 * @mmu: the GPU's IOMMU
 * @iova: bus address of a page
 * @pfn: receives its page frame
 *
 * What a real aperture would reach through the GGTT entry that holds
 * @iova. The frame stays valid while @iova stays mapped; the caller keeps
 * the mapping from outliving it (it is not a fault when it does not).
 *
 * Return: 0, -EFAULT if @iova is not mapped, -EACCES if the device may
 * only read the page (a CPU mapping of the aperture is writable).
 */
int gvt_sim_iommu_pfn(struct gvt_sim_iommu *mmu, u64 iova,
		      unsigned long *pfn)
{
	unsigned long flags;
	void *entry;
	int ret = 0;

	if (iova < GVT_SIM_IOVA_BASE ||
	    iova - GVT_SIM_IOVA_BASE >= GVT_SIM_IOVA_SIZE)
		return -EFAULT;
	read_lock_irqsave(&mmu->lock, flags);
	entry = xa_load(&mmu->map, gvt_sim_iova_index(iova));
	if (!entry)
		ret = -EFAULT;
	else if (xa_pointer_tag(entry) == GVT_SIM_IOVA_RO)
		ret = -EACCES;
	else
		*pfn = page_to_pfn((struct page *)xa_untag_pointer(entry));
	read_unlock_irqrestore(&mmu->lock, flags);
	return ret;
}

/**
 * gvt_sim_iommu_init() - put the simulated IOMMU in front of a device
 * @mmu: the IOMMU state, zeroed, owned by the caller
 * @dev: the GPU's device; gvt_sim_dev_iommu() must find @mmu from it
 *
 * Installs the DMA operations and the device's DMA mask.
 *
 * Return: 0 or a negative errno.
 */
int gvt_sim_iommu_init(struct gvt_sim_iommu *mmu, struct device *dev)
{
	mmu->dev = dev;
	xa_init_flags(&mmu->map, XA_FLAGS_ALLOC);
	rwlock_init(&mmu->lock);
	set_dma_ops(dev, &gvt_sim_dma_ops);
	return dma_coerce_mask_and_coherent(dev,
					    DMA_BIT_MASK(GVT_SIM_DMA_BITS));
}

/**
 * gvt_sim_iommu_fini() - remove the simulated IOMMU
 * @mmu: the IOMMU state
 *
 * Every mapping should be gone by now; those left are reported (a leak
 * by whoever mapped them) and dropped.
 */
void gvt_sim_iommu_fini(struct gvt_sim_iommu *mmu)
{
	long left = atomic_long_read(&mmu->mapped);

	if (left)
		dev_warn(mmu->dev, "IOMMU: %ld pages still mapped at removal\n",
			 left);
	set_dma_ops(mmu->dev, NULL);
	xa_destroy(&mmu->map);
}
