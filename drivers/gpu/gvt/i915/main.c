// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt_i915: a real Gen9 i915 GPU as a GVT-g host. i915 hands its devices
 * over through intel_gvt_set_ops() (symbol namespace I915_GVT), where
 * kvmgt plugs in; only one of the two owners can hold i915 at a time.
 *
 * For each device i915 hands over (booted with i915.enable_gvt=1, and only
 * after i915 snapshotted the power-on registers), gvt_i915 checks the
 * platform, reserves the vGPUs' graphics memory windows in i915's GGTT and
 * all fences but the host's, and registers the GPU with the core, which
 * then programs host GGTT entries and fences through the ops below and
 * runs the vGPUs' workloads as i915 requests (submit.c).
 */
#include <linux/dma-mapping.h>
#include <linux/io-mapping.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "i915_drv.h"
#include "i915_gem_gtt.h"
#include "i915_reg.h"
#include "intel_gvt.h"
#include "gt/intel_ggtt_fencing.h"
#include "gt/intel_gt.h"
#include "gt/uc/intel_uc.h"

#include <gvt/gvt.h>
#include <gvt/host_page.h>

#include "gate.h"
#include "gvt_i915.h"

static DEFINE_MUTEX(gvt_i915_lock);	/* protects gvt_i915_list */
static LIST_HEAD(gvt_i915_list);

#define GVT_I915_PTE_PRESENT	BIT_ULL(0)

static void gvt_i915_ggtt_set(struct gvt_i915 *g, u32 first, u32 count,
			      u64 pte)
{
	gen8_pte_t __iomem *gsm = g->ggtt->gsm;
	intel_wakeref_t wakeref;
	u32 i;

	wakeref = intel_runtime_pm_get(&g->i915->runtime_pm);
	for (i = 0; i < count; i++)
		writeq(pte ? pte : g->scratch_pte, gsm + first + i);
	/* What i915 does after its own PTE updates: flush the GGTT TLB. */
	g->ggtt->invalidate(g->ggtt);
	intel_runtime_pm_put(&g->i915->runtime_pm, wakeref);
}

static void gvt_i915_ggtt_clear(void *priv, u32 first, u32 count)
{
	gvt_i915_ggtt_set(priv, first, count, 0);
}

static void gvt_i915_ggtt_write(void *priv, u32 index, u64 pte)
{
	gvt_i915_ggtt_set(priv, index, 1, pte | GVT_I915_PTE_PRESENT);
}

static void gvt_i915_fence_write(void *priv, unsigned int n, u64 val)
{
	struct gvt_i915 *g = priv;
	struct intel_uncore *uncore = g->ggtt->vm.gt->uncore;
	intel_wakeref_t wakeref;
	int id;

	if (WARN_ON_ONCE(n < GVT_HOST_FENCES ||
			 n - GVT_HOST_FENCES >= g->nr_fences))
		return;
	id = g->fences[n - GVT_HOST_FENCES]->id;
	wakeref = intel_runtime_pm_get(&g->i915->runtime_pm);
	/* Disable, then high, then low: the GPU never sees a torn fence. */
	intel_uncore_write(uncore, FENCE_REG_GEN6_LO(id), 0);
	intel_uncore_posting_read(uncore, FENCE_REG_GEN6_LO(id));
	intel_uncore_write(uncore, FENCE_REG_GEN6_HI(id), upper_32_bits(val));
	intel_uncore_write(uncore, FENCE_REG_GEN6_LO(id), lower_32_bits(val));
	intel_uncore_posting_read(uncore, FENCE_REG_GEN6_LO(id));
	intel_runtime_pm_put(&g->i915->runtime_pm, wakeref);
}

static int gvt_i915_aperture_rw(void *priv, u64 gm, void *buf,
				unsigned int len, bool write)
{
	struct gvt_i915 *g = priv;
	unsigned int off, chunk;
	void __iomem *p;

	if (gm >= g->ggtt->mappable_end || len > g->ggtt->mappable_end - gm)
		return -EINVAL;
	while (len) {
		off = offset_in_page(gm);
		chunk = min_t(unsigned int, len, PAGE_SIZE - off);
		p = io_mapping_map_wc(&g->ggtt->iomap, gm - off, PAGE_SIZE);
		if (write)
			memcpy_toio(p + off, buf, chunk);
		else
			memcpy_fromio(buf, p + off, chunk);
		io_mapping_unmap(p);
		gm += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * A CPU mapping of the aperture goes to the aperture itself (GMADR, I/O
 * memory, write-combined, as kvmgt maps it): the GPU translates each access
 * through the host GGTT entry, so the frame stays valid whatever the entry
 * maps; the core still has the frontend drop it when the entry changes.
 */
static int gvt_i915_aperture_pfn(void *priv, u64 gm, unsigned long *pfn,
				 bool *io)
{
	struct gvt_i915 *g = priv;

	if (gm >= g->ggtt->mappable_end)
		return -EINVAL;
	*pfn = PHYS_PFN(g->ggtt->gmadr.start + gm);
	*io = true;
	return 0;
}

/*
 * A zeroed page the GPU reaches by its DMA address: each vGPU's own GGTT
 * scratch page (and the core's shadow PPGTT tables, once workloads run
 * here). Gen9's GPU reads memory through the LLC it shares with the CPU,
 * so the CPU's zeroing is what it sees.
 */
static void *gvt_i915_alloc_gpu_page(void *priv, u64 *bus_addr)
{
	struct gvt_i915 *g = priv;

	return gvt_host_page_alloc(g->i915->drm.dev, bus_addr);
}

static void gvt_i915_free_gpu_page(void *priv, void *vaddr, u64 bus_addr)
{
	struct gvt_i915 *g = priv;

	gvt_host_page_free(g->i915->drm.dev, vaddr, bus_addr);
}

static const struct gvt_host_ops gvt_i915_host_ops = {
	.ggtt_clear = gvt_i915_ggtt_clear,
	.ggtt_write = gvt_i915_ggtt_write,
	.fence_write = gvt_i915_fence_write,
	.aperture_rw = gvt_i915_aperture_rw,
	.aperture_pfn = gvt_i915_aperture_pfn,
	.submit = gvt_i915_submit,
	.cancel = gvt_i915_cancel,
	.alloc_gpu_page = gvt_i915_alloc_gpu_page,
	.free_gpu_page = gvt_i915_free_gpu_page,
	.release_vgpu = gvt_i915_release_vgpu,
};

static enum gvt_i915_platform gvt_i915_platform(struct drm_i915_private *i915)
{
	if (IS_SKYLAKE(i915))
		return GVT_I915_SKYLAKE;
	if (IS_KABYLAKE(i915))
		return GVT_I915_KABYLAKE;
	if (IS_COFFEELAKE(i915))
		return GVT_I915_COFFEELAKE;
	if (IS_COMETLAKE(i915))
		return GVT_I915_COMETLAKE;
	return GVT_I915_OTHER;
}

/* Reserve [start, end) of the GGTT as one node i915 will never use. */
static int gvt_i915_reserve_gm(struct gvt_i915 *g, struct drm_mm_node *node,
			       u64 start, u64 end)
{
	int ret;

	mutex_lock(&g->ggtt->vm.mutex);
	ret = i915_gem_gtt_insert(&g->ggtt->vm, NULL, node, end - start,
				  I915_GTT_PAGE_SIZE, I915_COLOR_UNEVICTABLE,
				  start, end, PIN_NOEVICT);
	mutex_unlock(&g->ggtt->vm.mutex);
	return ret;
}

static void gvt_i915_release(struct gvt_i915 *g)
{
	unsigned int i;

	mutex_lock(&g->ggtt->vm.mutex);
	for (i = 0; i < g->nr_fences; i++)
		i915_unreserve_fence(g->fences[i]);
	g->nr_fences = 0;
	if (drm_mm_node_allocated(&g->high))
		drm_mm_remove_node(&g->high);
	if (drm_mm_node_allocated(&g->low))
		drm_mm_remove_node(&g->low);
	mutex_unlock(&g->ggtt->vm.mutex);
	if (g->scratch) {
		dma_unmap_page(g->i915->drm.dev, g->scratch_dma, PAGE_SIZE,
			       DMA_BIDIRECTIONAL);
		__free_page(g->scratch);
	}
}

static int gvt_i915_take(struct gvt_i915 *g, const struct gvt_i915_reserve *res)
{
	struct device *dev = g->i915->drm.dev;
	struct i915_fence_reg *fence;
	int ret;

	ret = gvt_i915_reserve_gm(g, &g->low, res->low_start, res->low_end);
	if (ret) {
		drm_err(&g->i915->drm, "gvt_i915: cannot reserve the vGPUs' aperture [%#llx, %#llx) in the GGTT: %d (i915 already uses it)\n",
			res->low_start, res->low_end, ret);
		return ret;
	}
	ret = gvt_i915_reserve_gm(g, &g->high, res->high_start, res->high_end);
	if (ret) {
		drm_err(&g->i915->drm, "gvt_i915: cannot reserve the vGPUs' hidden GM [%#llx, %#llx) in the GGTT: %d (i915 already uses it)\n",
			res->high_start, res->high_end, ret);
		return ret;
	}
	mutex_lock(&g->ggtt->vm.mutex);
	while (g->nr_fences < res->fences) {
		fence = i915_reserve_fence(g->ggtt);
		if (IS_ERR(fence)) {
			ret = PTR_ERR(fence);
			break;
		}
		g->fences[g->nr_fences++] = fence;
	}
	mutex_unlock(&g->ggtt->vm.mutex);
	if (ret) {
		drm_err(&g->i915->drm, "gvt_i915: i915 gave %u of %u fences for vGPUs: %d\n",
			g->nr_fences, res->fences, ret);
		return ret;
	}

	g->scratch = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!g->scratch)
		return -ENOMEM;
	g->scratch_dma = dma_map_page(dev, g->scratch, 0, PAGE_SIZE,
				      DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, g->scratch_dma)) {
		__free_page(g->scratch);
		g->scratch = NULL;
		return -ENOMEM;
	}
	g->scratch_pte = g->scratch_dma | GVT_I915_PTE_PRESENT;
	return 0;
}

static int gvt_i915_init_device(struct drm_i915_private *i915)
{
	struct pci_dev *pdev = to_pci_dev(i915->drm.dev);
	struct i915_ggtt *ggtt = to_gt(i915)->ggtt;
	struct gvt_i915_reserve res;
	struct gvt_host_info info;
	struct gvt_i915_gpu gpu;
	struct gvt_i915 *g;
	const char *why;
	int ret;

	gpu.graphics_ver = GRAPHICS_VER(i915);
	gpu.platform = gvt_i915_platform(i915);
	gpu.guc_submission = intel_uc_wants_guc_submission(&to_gt(i915)->uc);
	gpu.ggtt_size = ggtt->vm.total;
	gpu.aperture_size = ggtt->mappable_end;
	gpu.num_fences = ggtt->num_fences;
	ret = gvt_i915_gate(&gpu, &res, &why);
	if (ret) {
		drm_err(&i915->drm, "gvt_i915: not taking this GPU: %s\n", why);
		return ret;
	}

	mutex_lock(&gvt_i915_lock);
	list_for_each_entry(g, &gvt_i915_list, link) {
		if (g->i915 == i915) {
			mutex_unlock(&gvt_i915_lock);
			drm_err(&i915->drm, "gvt_i915: this GPU is already registered\n");
			return -EEXIST;
		}
	}
	mutex_unlock(&gvt_i915_lock);

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->i915 = i915;
	g->ggtt = ggtt;
	ret = gvt_i915_take(g, &res);
	if (ret)
		goto err;

	memset(&info, 0, sizeof(info));
	info.dev = i915->drm.dev;
	info.name = dev_name(i915->drm.dev);
	info.vendor = pdev->vendor;
	info.device = pdev->device;
	info.revision = pdev->revision;
	info.subsystem_vendor = pdev->subsystem_vendor;
	info.subsystem_device = pdev->subsystem_device;
	info.bar0_size = pci_resource_len(pdev, 0);
	info.aperture_size = ggtt->mappable_end;
	info.ggtt_size = ggtt->vm.total;
	info.num_fences = ggtt->num_fences;
	/* i915 read it under forcewake with its GVT register table. */
	info.mmio_snapshot = i915->vgpu.initial_mmio;
	g->gvt = gvt_device_register(&info, &gvt_i915_host_ops, g);
	if (IS_ERR(g->gvt)) {
		ret = PTR_ERR(g->gvt);
		drm_err(&i915->drm, "gvt_i915: the GVT-g core refused this GPU: %d\n",
			ret);
		goto err;
	}
	mutex_lock(&gvt_i915_lock);
	list_add(&g->link, &gvt_i915_list);
	mutex_unlock(&gvt_i915_lock);
	/*
	 * i915 calls clean_device and pm_resume only for a device whose
	 * ->gvt is set: it is the owner's marker, never dereferenced by
	 * i915 (the structure behind it is ours, looked up by @i915).
	 */
	i915->gvt = (struct intel_gvt *)g;
	drm_info(&i915->drm, "gvt_i915: %s registered with GVT-g: aperture %llu MiB, GGTT %llu MiB, %u fences for vGPUs\n",
		 info.name, info.aperture_size >> 20, info.ggtt_size >> 20,
		 g->nr_fences);
	return 0;

err:
	gvt_i915_release(g);
	kfree(g);
	return ret;
}

static void gvt_i915_clean_device(struct drm_i915_private *i915)
{
	struct gvt_i915 *g, *found = NULL;

	mutex_lock(&gvt_i915_lock);
	list_for_each_entry(g, &gvt_i915_list, link) {
		if (g->i915 == i915) {
			found = g;
			list_del(&g->link);
			break;
		}
	}
	mutex_unlock(&gvt_i915_lock);
	if (!found)
		return;
	i915->gvt = NULL;
	gvt_device_unregister(found->gvt);
	/* Every vGPU is gone, and with each its shadow contexts. */
	gvt_i915_release_shadows(found);
	gvt_i915_release(found);
	kfree(found);
}

/*
 * i915 calls this at the end of its resume, after it rewrote its own GGTT
 * entries (every other entry on its scratch page, the vGPUs' windows
 * included: they are no VMA of its own) and fences (the reserved ones
 * disabled). The core writes the vGPUs' entries and fences back from its
 * records, through the ops above.
 */
static void gvt_i915_pm_resume(struct drm_i915_private *i915)
{
	struct gvt_i915 *g;

	mutex_lock(&gvt_i915_lock);
	list_for_each_entry(g, &gvt_i915_list, link)
		if (g->i915 == i915)
			gvt_device_restore(g->gvt);
	mutex_unlock(&gvt_i915_lock);
}

static const struct intel_vgpu_ops gvt_i915_vgpu_ops = {
	.init_device = gvt_i915_init_device,
	.clean_device = gvt_i915_clean_device,
	.pm_resume = gvt_i915_pm_resume,
};

static int __init gvt_i915_init(void)
{
	int ret;

	ret = intel_gvt_set_ops(&gvt_i915_vgpu_ops);
	if (ret) {
		pr_err("gvt_i915: i915's GVT-g hooks are held by another module (kvmgt?): unload it first\n");
		return -EBUSY;
	}
	return 0;
}

static void __exit gvt_i915_exit(void)
{
	intel_gvt_clear_ops(&gvt_i915_vgpu_ops);
}

module_init(gvt_i915_init);
module_exit(gvt_i915_exit);
MODULE_DESCRIPTION("GVT-g host backend for real Gen9 i915 GPUs");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(I915_GVT);
