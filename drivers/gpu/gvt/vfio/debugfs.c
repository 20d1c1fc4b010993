// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs of the VFIO frontend: gvt_vfio/<mdev uuid>/state, the device as
 * the frontend sees it, for test harnesses that run a real guest on the
 * vGPU:
 *
 *   open 0|1         the VFIO device is open (QEMU has it)
 *   kvm 0|1          it was opened with a KVM instance attached
 *   pinned <n>       guest frames pinned and DMA-mapped for the host GPU
 *   msi 0|1          an eventfd is set for the MSI vector
 *   low_gm <base> <size>    the vGPU's aperture range (hex, bytes)
 *   high_gm <base> <size>   its hidden range (hex, bytes)
 *   fences <n>       its fence registers
 *   page_track 0|1   guest frames are write-protected through KVM
 *   tracked <n>      guest frames write-protected now
 *   track_writes <n> guest writes to them reported to the core
 */
#include <linux/debugfs.h>
#include <linux/mdev.h>
#include <linux/seq_file.h>

#include "gvt_vfio.h"

static struct dentry *gvt_vfio_debugfs_root;

static int gvt_vfio_state_show(struct seq_file *m, void *unused)
{
	struct gvt_vfio_vgpu *v = m->private;
	struct gvt_vgpu_resources res;
	bool msi;

	gvt_vgpu_get_resources(v->vgpu, &res);
	spin_lock(&v->irq_lock);
	msi = v->msi_trigger;
	spin_unlock(&v->irq_lock);
	seq_printf(m, "open %d\nkvm %d\npinned %lu\nmsi %d\n",
		   READ_ONCE(v->open), READ_ONCE(v->kvm),
		   gvt_vfio_dma_pinned(v), msi);
	seq_printf(m, "low_gm %#llx %#llx\nhigh_gm %#llx %#llx\nfences %u\n",
		   res.low_gm_base, res.low_gm_size, res.high_gm_base,
		   res.high_gm_size, res.num_fences);
	seq_printf(m, "page_track %d\ntracked %d\ntrack_writes %lld\n",
		   !!READ_ONCE(v->trk.kvm), atomic_read(&v->trk.frames),
		   (long long)atomic64_read(&v->trk.writes));
	mutex_lock(&v->ap.lock);
	seq_printf(m, "aperture_mapped %d\naperture_faults %llu\naperture_faults_guest %llu\naperture_zaps %llu\n",
		   !list_empty(&v->ap.vmas), v->ap.faults, v->ap.faults_guest,
		   v->ap.zaps);
	mutex_unlock(&v->ap.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_vfio_state);

/**
 * gvt_vfio_debugfs_add() - create the debugfs directory of a vGPU
 * @v: the vGPU, registered with VFIO
 *
 * Failures are not errors: the directory is for tests and debugging only.
 */
void gvt_vfio_debugfs_add(struct gvt_vfio_vgpu *v)
{
	v->debugfs = debugfs_create_dir(dev_name(v->vdev.dev),
					gvt_vfio_debugfs_root);
	debugfs_create_file("state", 0400, v->debugfs, v,
			    &gvt_vfio_state_fops);
}

/**
 * gvt_vfio_debugfs_remove() - remove the debugfs directory of a vGPU
 * @v: the vGPU; readers of its files are gone when this returns
 */
void gvt_vfio_debugfs_remove(struct gvt_vfio_vgpu *v)
{
	debugfs_remove_recursive(v->debugfs);
	v->debugfs = NULL;
}

/** gvt_vfio_debugfs_init() - create gvt_vfio/ at module load */
void gvt_vfio_debugfs_init(void)
{
	gvt_vfio_debugfs_root = debugfs_create_dir("gvt_vfio", NULL);
}

/** gvt_vfio_debugfs_exit() - remove gvt_vfio/ at module unload */
void gvt_vfio_debugfs_exit(void)
{
	debugfs_remove_recursive(gvt_vfio_debugfs_root);
}
