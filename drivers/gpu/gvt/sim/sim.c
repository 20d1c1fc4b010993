// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt_sim.ko: a simulated Kaby Lake GT2 (8086:5912) host for the GVT-g core.
 *
 * Each simulated GPU is a platform device "gvt_sim.N" bound to the platform
 * driver "gvt_sim", so frontends that name things after the parent's driver
 * produce "gvt_sim-GVTg_V5_4" where real hardware has "i915-GVTg_V5_4".
 *
 * With pci_attach=1 the GPUs are PCI functions instead, as real integrated
 * GPUs are: the PCI driver "gvt_sim" binds QEMU's pci-testdev (1b36:0005)
 * functions and simulates a GPU behind each, so that tools which only
 * know PCI parents (libvirt's node devices) see them. Nothing of the
 * function is used but its struct device: the GPU is the same model.
 *
 * The model keeps what the core programs on a physical GPU: a 4 GiB GGTT
 * (1M 8-byte PTEs) and 32 fence registers. A PTE holds the DMA address of a
 * 4 KiB page ORed with bit 0 (present); the aperture (BAR2) reaches memory
 * through it, as the CPU does through a real GPU's GMADR. The simulated GPU
 * sits behind its own IOMMU (iommu.c): a DMA address is an IOVA of that
 * IOMMU, and the model reaches memory only by translating one.
 *
 * debugfs exposes the model, read-only, so tests can check that guest
 * activity never reaches outside a vGPU's partition:
 *
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/ggtt           8 bytes per entry
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/fences         8 bytes per fence
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/aperture_mb    BAR2 size in MiB
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/scratch_pte    PTE of the scratch page
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/mmio_snapshot  power-on registers
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/iommu_faults   IOMMU faults so far
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/iommu_mapped   pages mapped now
 *
 * and one file that acts on it, for the suspend/resume tests:
 *
 *   /sys/kernel/debug/gvt_sim/gvt_sim.N/power          write "suspend" or
 *                                                      "resume"
 *
 * "suspend" loses the GGTT and the fences as a powered-down GPU does (every
 * entry and fence reads 0); "resume" does what a host driver does when the
 * GPU is back: the host's own entries map its scratch page again and
 * gvt_device_restore() gives the vGPUs theirs. Meant for idle vGPUs: an
 * entry the core writes in between is lost with the rest.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <gvt/gvt.h>
#include <gvt/host_page.h>

#include "sim.h"

#define GVT_SIM_NAME		"gvt_sim"
#define GVT_SIM_MAX_GPUS	8
#define GVT_SIM_VENDOR		0x8086
#define GVT_SIM_DEVICE		0x5912	/* Kaby Lake GT2 */
#define GVT_SIM_REVISION	0x04
#define GVT_SIM_BAR0_SIZE	(16ULL << 20)
#define GVT_SIM_GGTT_SIZE	(4ULL << 30)
#define GVT_SIM_GGTT_ENTRIES	(GVT_SIM_GGTT_SIZE >> GVT_GTT_PAGE_SHIFT)
#define GVT_SIM_FENCES		32
#define GVT_SIM_MIN_APERTURE_MB	128
#define GVT_SIM_MAX_APERTURE_MB	1024
#define GVT_SIM_PAGE_SIZE	BIT(GVT_GTT_PAGE_SHIFT)

static unsigned int aperture_mb[GVT_SIM_MAX_GPUS] = { 256 };
static int num_gpus;
module_param_array(aperture_mb, uint, &num_gpus, 0444);
MODULE_PARM_DESC(aperture_mb,
		 "Aperture (BAR2) size in MiB of each simulated GPU, a power of two in 128..1024; one GPU per entry (default: one GPU, 256)");

static bool pci_attach;
module_param(pci_attach, bool, 0444);
MODULE_PARM_DESC(pci_attach,
		 "Simulate a GPU behind each QEMU pci-testdev function (1b36:0005) instead of platform devices; aperture_mb[i] sizes the i-th bound (default 0)");

struct gvt_sim_gpu {
	struct device *dev;
	u32 aperture_mb;
	u64 aperture_size;
	u64 *ggtt;
	u64 fences[GVT_SIM_FENCES];
	struct page *scratch;
	dma_addr_t scratch_dma;
	u64 scratch_pte;
	void *mmio;
	struct debugfs_blob_wrapper ggtt_blob;
	struct debugfs_blob_wrapper fences_blob;
	struct debugfs_blob_wrapper mmio_blob;
	struct dentry *debugfs;
	struct dentry *power;
	struct gvt_device *gvt;
	struct gvt_sim_iommu iommu;
	struct gvt_sim_wls *wls;
};

static struct dentry *gvt_sim_debugfs_root;
static struct platform_device *gvt_sim_pdevs[GVT_SIM_MAX_GPUS];
/* PCI functions bound so far (pci_attach), for their aperture_mb entry. */
static atomic_t gvt_sim_pci_bound = ATOMIC_INIT(0);

static void gvt_sim_ggtt_clear(void *priv, u32 first, u32 count)
{
	struct gvt_sim_gpu *gpu = priv;
	u32 i;

	if (WARN_ON_ONCE(first >= GVT_SIM_GGTT_ENTRIES ||
			 count > GVT_SIM_GGTT_ENTRIES - first))
		return;
	for (i = 0; i < count; i++)
		WRITE_ONCE(gpu->ggtt[first + i], gpu->scratch_pte);
}

static void gvt_sim_ggtt_write(void *priv, u32 index, u64 pte)
{
	struct gvt_sim_gpu *gpu = priv;

	if (WARN_ON_ONCE(index >= GVT_SIM_GGTT_ENTRIES))
		return;
	WRITE_ONCE(gpu->ggtt[index], pte);
}

static void gvt_sim_fence_write(void *priv, unsigned int n, u64 val)
{
	struct gvt_sim_gpu *gpu = priv;

	if (WARN_ON_ONCE(n >= GVT_SIM_FENCES))
		return;
	WRITE_ONCE(gpu->fences[n], val);
}

/*
 * One access within one 4 KiB page of graphics memory, through its PTE and
 * the IOMMU. A page that is not present or is the host's scratch page
 * reads as zeros and discards writes (the core never sends an access
 * there); an address the IOMMU does not map faults (zeros, write dropped).
 */
static void gvt_sim_gm_page_rw(struct gvt_sim_gpu *gpu, u64 gm, void *buf,
			       unsigned int len, bool write)
{
	u64 pte = READ_ONCE(gpu->ggtt[gm >> GVT_GTT_PAGE_SHIFT]);
	unsigned int off = gm & (GVT_SIM_PAGE_SIZE - 1);
	u64 addr = pte & GVT_GGTT_PTE_ADDR_MASK;

	if (!(pte & GVT_GGTT_PTE_PRESENT) ||
	    addr == (gpu->scratch_pte & GVT_GGTT_PTE_ADDR_MASK)) {
		if (!write)
			memset(buf, 0, len);
		return;
	}
	gvt_sim_iommu_rw(&gpu->iommu, addr + off, buf, len, write);
}

static int gvt_sim_aperture_rw(void *priv, u64 gm, void *buf,
			       unsigned int len, bool write)
{
	struct gvt_sim_gpu *gpu = priv;
	unsigned int chunk;

	if (WARN_ON_ONCE(gm >= gpu->aperture_size ||
			 len > gpu->aperture_size - gm))
		return -EINVAL;
	while (len) {
		chunk = min_t(unsigned int, len, GVT_SIM_PAGE_SIZE -
			      (gm & (GVT_SIM_PAGE_SIZE - 1)));
		gvt_sim_gm_page_rw(gpu, gm, buf, chunk, write);
		gm += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * A CPU mapping of the aperture page @gm reaches the page its GGTT entry
 * maps: the simulator has no aperture memory, so a mapping goes straight
 * to that page (the core unmaps it before the entry's frame can go).
 */
static int gvt_sim_aperture_pfn(void *priv, u64 gm, unsigned long *pfn,
				bool *io)
{
	struct gvt_sim_gpu *gpu = priv;
	u64 pte, addr;
	int ret;

	if (WARN_ON_ONCE(gm >= gpu->aperture_size))
		return -EINVAL;
	pte = READ_ONCE(gpu->ggtt[gm >> GVT_GTT_PAGE_SHIFT]);
	addr = pte & GVT_GGTT_PTE_ADDR_MASK;
	if (!(pte & GVT_GGTT_PTE_PRESENT) ||
	    addr == (gpu->scratch_pte & GVT_GGTT_PTE_ADDR_MASK))
		return -ENOENT;
	*io = false;
	ret = gvt_sim_iommu_pfn(&gpu->iommu, addr, pfn);
	/*
	 * KVM takes a reference on each page of a PFN mapping, which the
	 * tail page of a huge page cannot take: the vCPU would stop with
	 * EFAULT. Such a page is not mapped (the frontend maps its own).
	 */
	if (!ret && PageTail(pfn_to_page(*pfn))) {
		dev_info_ratelimited(gpu->dev, "aperture page %#llx is in a huge page of guest memory, which a guest cannot map through BAR2; not mapped (no transparent huge pages for the guest's memory)\n",
				     gm);
		ret = -EFAULT;
	}
	return ret;
}

static int gvt_sim_submit(void *priv, struct gvt_workload *wl)
{
	struct gvt_sim_gpu *gpu = priv;

	return gvt_sim_wl_submit(gpu->wls, wl);
}

static void gvt_sim_cancel(void *priv, struct gvt_workload *wl)
{
	struct gvt_sim_gpu *gpu = priv;

	gvt_sim_wl_cancel(gpu->wls, wl);
}

/* A page the GPU reads by its IOVA (the core's shadow PPGTT tables). */
static void *gvt_sim_alloc_gpu_page(void *priv, u64 *bus_addr)
{
	struct gvt_sim_gpu *gpu = priv;

	return gvt_host_page_alloc(gpu->dev, bus_addr);
}

static void gvt_sim_free_gpu_page(void *priv, void *vaddr, u64 bus_addr)
{
	struct gvt_sim_gpu *gpu = priv;

	gvt_host_page_free(gpu->dev, vaddr, bus_addr);
}

static const struct gvt_host_ops gvt_sim_host_ops = {
	.ggtt_clear = gvt_sim_ggtt_clear,
	.ggtt_write = gvt_sim_ggtt_write,
	.fence_write = gvt_sim_fence_write,
	.aperture_rw = gvt_sim_aperture_rw,
	.aperture_pfn = gvt_sim_aperture_pfn,
	.submit = gvt_sim_submit,
	.cancel = gvt_sim_cancel,
	.alloc_gpu_page = gvt_sim_alloc_gpu_page,
	.free_gpu_page = gvt_sim_free_gpu_page,
};

/**
 * gvt_sim_dev_iommu() - the IOMMU in front of a simulated GPU
 * @dev: the GPU's device (its DMA operations are the IOMMU's)
 *
 * Return: the IOMMU state of the GPU.
 */
struct gvt_sim_iommu *gvt_sim_dev_iommu(struct device *dev)
{
	struct gvt_sim_gpu *gpu = dev_get_drvdata(dev);

	return &gpu->iommu;
}

static int gvt_sim_iommu_faults_get(void *data, u64 *val)
{
	struct gvt_sim_iommu *mmu = data;

	*val = atomic64_read(&mmu->faults);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(gvt_sim_iommu_faults_fops, gvt_sim_iommu_faults_get,
			 NULL, "%llu\n");

static int gvt_sim_iommu_mapped_get(void *data, u64 *val)
{
	struct gvt_sim_iommu *mmu = data;

	*val = atomic_long_read(&mmu->mapped);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(gvt_sim_iommu_mapped_fops, gvt_sim_iommu_mapped_get,
			 NULL, "%llu\n");

static ssize_t gvt_sim_power_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct gvt_sim_gpu *gpu = file->private_data;
	/* Set once registered; the file goes before the device does. */
	struct gvt_device *gvt = READ_ONCE(gpu->gvt);
	char buf[16];
	u32 i;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sysfs_streq(buf, "suspend")) {
		for (i = 0; i < GVT_SIM_GGTT_ENTRIES; i++)
			WRITE_ONCE(gpu->ggtt[i], 0);
		for (i = 0; i < GVT_SIM_FENCES; i++)
			WRITE_ONCE(gpu->fences[i], 0);
		dev_info(gpu->dev, "suspended: GGTT and fences lost\n");
	} else if (sysfs_streq(buf, "resume")) {
		gvt_sim_ggtt_clear(gpu, 0, GVT_SIM_GGTT_ENTRIES);
		if (gvt)
			gvt_device_restore(gvt);
	} else {
		dev_info_ratelimited(gpu->dev, "power: write \"suspend\" or \"resume\"\n");
		return -EINVAL;
	}
	return len;
}

static const struct file_operations gvt_sim_power_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = gvt_sim_power_write,
	.llseek = noop_llseek,
};

static void gvt_sim_debugfs_init(struct gvt_sim_gpu *gpu)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(gpu->dev),
				 gvt_sim_debugfs_root);
	gpu->debugfs = dir;
	gpu->ggtt_blob.data = gpu->ggtt;
	gpu->ggtt_blob.size = GVT_SIM_GGTT_ENTRIES * sizeof(u64);
	debugfs_create_blob("ggtt", 0400, dir, &gpu->ggtt_blob);
	gpu->fences_blob.data = gpu->fences;
	gpu->fences_blob.size = sizeof(gpu->fences);
	debugfs_create_blob("fences", 0400, dir, &gpu->fences_blob);
	debugfs_create_u32("aperture_mb", 0400, dir, &gpu->aperture_mb);
	debugfs_create_x64("scratch_pte", 0400, dir, &gpu->scratch_pte);
	gpu->mmio_blob.data = gpu->mmio;
	gpu->mmio_blob.size = GVT_MMIO_SIZE;
	debugfs_create_blob("mmio_snapshot", 0400, dir, &gpu->mmio_blob);
	debugfs_create_file_unsafe("iommu_faults", 0400, dir, &gpu->iommu,
				   &gvt_sim_iommu_faults_fops);
	debugfs_create_file_unsafe("iommu_mapped", 0400, dir, &gpu->iommu,
				   &gvt_sim_iommu_mapped_fops);
	gpu->power = debugfs_create_file("power", 0200, dir, gpu,
					 &gvt_sim_power_fops);
}

/* Simulate a GPU with an aperture of @ap MiB behind device @dev. */
static int gvt_sim_gpu_create(struct device *dev, u32 ap)
{
	struct gvt_host_info info = {
		.dev = dev,
		.name = dev_name(dev),
		.vendor = GVT_SIM_VENDOR,
		.device = GVT_SIM_DEVICE,
		.revision = GVT_SIM_REVISION,
		.subsystem_vendor = GVT_SIM_VENDOR,
		.subsystem_device = 0x2212,
		.bar0_size = GVT_SIM_BAR0_SIZE,
		.ggtt_size = GVT_SIM_GGTT_SIZE,
		.num_fences = GVT_SIM_FENCES,
	};
	struct gvt_sim_gpu *gpu;
	struct gvt_device *gvt;
	int ret;
	u32 i;

	gpu = devm_kzalloc(dev, sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	gpu->dev = dev;
	gpu->aperture_mb = ap;
	gpu->aperture_size = (u64)gpu->aperture_mb << 20;
	info.aperture_size = gpu->aperture_size;

	/*
	 * Frontends DMA-map guest pages for this device (gvt_hv_ops); the
	 * model reaches memory only through the mappings of its IOMMU.
	 */
	dev_set_drvdata(dev, gpu);
	ret = gvt_sim_iommu_init(&gpu->iommu, dev);
	if (ret)
		goto err_iommu;

	ret = -ENOMEM;
	gpu->scratch = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!gpu->scratch)
		goto err_iommu;
	gpu->scratch_dma = dma_map_page(dev, gpu->scratch, 0, PAGE_SIZE,
					DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, gpu->scratch_dma))
		goto err_free_page;
	gpu->scratch_pte = gpu->scratch_dma | GVT_GGTT_PTE_PRESENT;

	ret = -ENOMEM;
	gpu->ggtt = vmalloc(GVT_SIM_GGTT_ENTRIES * sizeof(u64));
	if (!gpu->ggtt)
		goto err_free_scratch;
	for (i = 0; i < GVT_SIM_GGTT_ENTRIES; i++)
		gpu->ggtt[i] = gpu->scratch_pte;

	gpu->mmio = gvt_sim_mmio_snapshot_create();
	if (!gpu->mmio)
		goto err_free_ggtt;
	info.mmio_snapshot = gpu->mmio;

	gpu->wls = gvt_sim_wl_create(dev, &gpu->iommu, gpu->ggtt,
				     GVT_SIM_GGTT_ENTRIES, gpu->mmio);
	if (!gpu->wls)
		goto err_free_mmio;

	gvt_sim_debugfs_init(gpu);
	gvt_sim_wl_debugfs(gpu->wls, gpu->debugfs);

	gvt = gvt_device_register(&info, &gvt_sim_host_ops, gpu);
	if (IS_ERR(gvt)) {
		/* A real GPU with a tiny aperture works, it just hosts no vGPU. */
		dev_info(dev, "%u MiB aperture, GVT-g disabled on this GPU (%pe)\n",
			 gpu->aperture_mb, gvt);
		return 0;
	}
	WRITE_ONCE(gpu->gvt, gvt);
	dev_info(dev, "simulated Kaby Lake GT2 %04x:%04x, aperture %u MiB, %u fences\n",
		 GVT_SIM_VENDOR, GVT_SIM_DEVICE, gpu->aperture_mb,
		 GVT_SIM_FENCES);
	return 0;

err_free_mmio:
	vfree(gpu->mmio);
err_free_ggtt:
	vfree(gpu->ggtt);
err_free_scratch:
	dma_unmap_page(dev, gpu->scratch_dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
err_free_page:
	__free_page(gpu->scratch);
err_iommu:
	gvt_sim_iommu_fini(&gpu->iommu);
	return ret;
}

static void gvt_sim_gpu_destroy(struct device *dev)
{
	struct gvt_sim_gpu *gpu = dev_get_drvdata(dev);

	/* Waits for a write to "power" that may still use the device. */
	debugfs_remove(gpu->power);
	if (gpu->gvt)
		gvt_device_unregister(gpu->gvt);
	debugfs_remove_recursive(gpu->debugfs);
	gvt_sim_wl_destroy(gpu->wls);
	vfree(gpu->mmio);
	vfree(gpu->ggtt);
	dma_unmap_page(dev, gpu->scratch_dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
	__free_page(gpu->scratch);
	gvt_sim_iommu_fini(&gpu->iommu);
}

static int gvt_sim_probe(struct platform_device *pdev)
{
	const u32 *ap = dev_get_platdata(&pdev->dev);

	return gvt_sim_gpu_create(&pdev->dev, *ap);
}

static int gvt_sim_remove(struct platform_device *pdev)
{
	gvt_sim_gpu_destroy(&pdev->dev);
	return 0;
}

static struct platform_driver gvt_sim_driver = {
	.probe = gvt_sim_probe,
	.remove = gvt_sim_remove,
	.driver = {
		.name = GVT_SIM_NAME,
	},
};

/* QEMU's pci-testdev: a PCI function no other driver wants. */
static const struct pci_device_id gvt_sim_pci_ids[] = {
	{ PCI_DEVICE(0x1b36, 0x0005) },
	{ }
};

static int gvt_sim_pci_probe(struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	int i = atomic_fetch_inc(&gvt_sim_pci_bound);
	u32 ap = i < num_gpus ? aperture_mb[i] : 256;

	if (i >= GVT_SIM_MAX_GPUS)
		return -ENOSPC;
	return gvt_sim_gpu_create(&pdev->dev, ap);
}

static void gvt_sim_pci_remove(struct pci_dev *pdev)
{
	gvt_sim_gpu_destroy(&pdev->dev);
}

static struct pci_driver gvt_sim_pci_driver = {
	.name = GVT_SIM_NAME,
	.id_table = gvt_sim_pci_ids,
	.probe = gvt_sim_pci_probe,
	.remove = gvt_sim_pci_remove,
};

static void gvt_sim_destroy_gpus(void)
{
	int i;

	for (i = GVT_SIM_MAX_GPUS - 1; i >= 0; i--) {
		if (gvt_sim_pdevs[i])
			platform_device_unregister(gvt_sim_pdevs[i]);
		gvt_sim_pdevs[i] = NULL;
	}
}

static int __init gvt_sim_init(void)
{
	struct platform_device *pdev;
	int i, n = num_gpus ? num_gpus : 1;
	int ret;

	for (i = 0; i < n; i++) {
		u32 mb = aperture_mb[i];

		if (mb < GVT_SIM_MIN_APERTURE_MB ||
		    mb > GVT_SIM_MAX_APERTURE_MB || !is_power_of_2(mb)) {
			pr_err(GVT_SIM_NAME ": aperture_mb[%d]=%u: expected a power of two in %u..%u\n",
			       i, mb, GVT_SIM_MIN_APERTURE_MB,
			       GVT_SIM_MAX_APERTURE_MB);
			return -EINVAL;
		}
	}

	gvt_sim_debugfs_root = debugfs_create_dir(GVT_SIM_NAME, NULL);
	if (pci_attach) {
		ret = pci_register_driver(&gvt_sim_pci_driver);
		if (ret)
			debugfs_remove_recursive(gvt_sim_debugfs_root);
		return ret;
	}
	ret = platform_driver_register(&gvt_sim_driver);
	if (ret) {
		debugfs_remove_recursive(gvt_sim_debugfs_root);
		return ret;
	}

	for (i = 0; i < n; i++) {
		pdev = platform_device_register_data(NULL, GVT_SIM_NAME, i,
						     &aperture_mb[i],
						     sizeof(aperture_mb[i]));
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			goto err;
		}
		gvt_sim_pdevs[i] = pdev;
		/* Probing is synchronous: no driver means probe failed. */
		if (!pdev->dev.driver) {
			ret = -ENODEV;
			goto err;
		}
	}
	return 0;

err:
	pr_err(GVT_SIM_NAME ": cannot create simulated GPU %d: %d\n", i, ret);
	gvt_sim_destroy_gpus();
	debugfs_remove_recursive(gvt_sim_debugfs_root);
	platform_driver_unregister(&gvt_sim_driver);
	return ret;
}

static void __exit gvt_sim_exit(void)
{
	if (pci_attach) {
		pci_unregister_driver(&gvt_sim_pci_driver);
		debugfs_remove_recursive(gvt_sim_debugfs_root);
		return;
	}
	gvt_sim_destroy_gpus();
	debugfs_remove_recursive(gvt_sim_debugfs_root);
	platform_driver_unregister(&gvt_sim_driver);
}

module_init(gvt_sim_init);
module_exit(gvt_sim_exit);

MODULE_DESCRIPTION("Simulated Kaby Lake GT2 host for GVT-g");
MODULE_LICENSE("GPL");
