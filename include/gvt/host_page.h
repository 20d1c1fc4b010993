/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For GVT-g host backends: the zeroed, DMA-mapped pages that
 * &gvt_host_ops.alloc_gpu_page hands the core (each vGPU's GGTT scratch
 * page, the shadow PPGTT tables). Kernel only; the core does not use it.
 */
#ifndef _GVT_HOST_PAGE_H_
#define _GVT_HOST_PAGE_H_

#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/mm.h>

/**
 * gvt_host_page_alloc() - a zeroed page the GPU reaches by its bus address
 * @dev: the GPU's device, which the page is DMA-mapped for
 * @bus_addr: receives the bus address
 *
 * Return: the page's kernel address, or NULL.
 */
static inline void *gvt_host_page_alloc(struct device *dev, u64 *bus_addr)
{
	struct page *page;
	dma_addr_t dma;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return NULL;
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, dma)) {
		__free_page(page);
		return NULL;
	}
	*bus_addr = dma;
	return page_address(page);
}

/**
 * gvt_host_page_free() - free a page of gvt_host_page_alloc()
 * @dev: the device it was mapped for
 * @vaddr: its kernel address
 * @bus_addr: its bus address
 */
static inline void gvt_host_page_free(struct device *dev, void *vaddr,
				      u64 bus_addr)
{
	dma_unmap_page(dev, bus_addr, PAGE_SIZE, DMA_BIDIRECTIONAL);
	__free_page(virt_to_page(vaddr));
}

#endif /* _GVT_HOST_PAGE_H_ */
