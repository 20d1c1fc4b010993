/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gvt_sim internal header: shared between the GPU model (sim.c), its
 * IOMMU (iommu.c), its engines (workload.c) and its power-on register
 * state (snapshot.c).
 */
#ifndef _GVT_SIM_H_
#define _GVT_SIM_H_

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct device;

/* The DMA mask of the simulated GPU: Kaby Lake addresses 39 bits. */
#define GVT_SIM_DMA_BITS	39
/* IOVAs handed out by the simulated IOMMU: the upper half of the mask. */
#define GVT_SIM_IOVA_BASE	BIT_ULL(GVT_SIM_DMA_BITS - 1)
#define GVT_SIM_IOVA_SIZE	BIT_ULL(GVT_SIM_DMA_BITS - 1)
#define GVT_SIM_IOVA_PAGES	((u32)(GVT_SIM_IOVA_SIZE >> PAGE_SHIFT))

/**
 * struct gvt_sim_iommu - the simulated GPU's IOMMU (iommu.c)
 * @dev: the GPU's device, whose DMA operations map into @map
 * @map: IOVA page index (from %GVT_SIM_IOVA_BASE) to struct page, tagged
 *	 %GVT_SIM_IOVA_RO for pages the device may only read
 * @lock: read side: a device access in flight; write side: map and unmap
 * @next: next IOVA page index to try (cyclic allocation)
 * @mapped: pages mapped now
 * @faults: IOMMU faults so far (debugfs iommu_faults)
 */
struct gvt_sim_iommu {
	struct device *dev;
	struct xarray map;
	rwlock_t lock;
	u32 next;
	atomic_long_t mapped;
	atomic64_t faults;
};

int gvt_sim_iommu_init(struct gvt_sim_iommu *mmu, struct device *dev);
void gvt_sim_iommu_fini(struct gvt_sim_iommu *mmu);
bool gvt_sim_iommu_rw(struct gvt_sim_iommu *mmu, u64 iova, void *buf,
		      unsigned int len, bool write);
/* sim.c: the IOMMU in front of one of the model's devices. */
int gvt_sim_iommu_pfn(struct gvt_sim_iommu *mmu, u64 iova,
		      unsigned long *pfn);
struct gvt_sim_iommu *gvt_sim_dev_iommu(struct device *dev);

struct dentry;
struct gvt_workload;
struct gvt_sim_wls;

/* workload.c: the engines running the core's workloads. */
struct gvt_sim_wls *gvt_sim_wl_create(struct device *dev,
				      struct gvt_sim_iommu *mmu,
				      const u64 *ggtt, u32 ggtt_entries,
				      const void *mmio);
void gvt_sim_wl_destroy(struct gvt_sim_wls *wls);
int gvt_sim_wl_submit(struct gvt_sim_wls *wls, struct gvt_workload *wl);
void gvt_sim_wl_cancel(struct gvt_sim_wls *wls, struct gvt_workload *wl);
void gvt_sim_wl_debugfs(struct gvt_sim_wls *wls, struct dentry *dir);

void *gvt_sim_mmio_snapshot_create(void);

#endif /* _GVT_SIM_H_ */
