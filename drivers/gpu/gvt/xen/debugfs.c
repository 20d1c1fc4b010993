// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs of the Xen backend: xengt/vm<domid>/state, a guest's vGPU as
 * xengt serves it, for test harnesses and for dom0 administrators:
 *
 *   domid <n>                 the guest domain
 *   vgpu_id <n>               its vGPU
 *   ioreq_server <n>          the ioreq server xengt created in Xen
 *   vcpus <bound> <n>         event channels bound, of the domain's vCPUs
 *   schedule 0|1              vm<domid>/schedule lets requests through
 *   bar0 <base> <mapped>      where the guest put BAR0 (hex) and whether
 *   bar2 <base> <mapped>      the range is mapped into the ioreq server
 *   low_gm <base> <size>      the vGPU's aperture range (hex, bytes)
 *   high_gm <base> <size>     its hidden range (hex, bytes)
 *   fences <n>                its fence registers
 *   ioreqs <n>                requests answered, of which:
 *   errors <n>                answered with an error (reads: all ones)
 *   ignored <n>               INVALIDATE and TIMEOFFSET, acknowledged
 *   page_writes <n>           writes to write-protected guest frames
 *   drained <n>               answered at teardown
 *   tracked <n>               guest frames write-protected for the core
 *   pinned <n>                guest frames pinned for the GPU
 *
 * The directory lives from publish to unpublish; removing it waits for a
 * read in progress.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "xengt.h"

static struct dentry *xengt_debugfs_root;

static int xengt_state_show(struct seq_file *m, void *unused)
{
	struct xengt_dom *d = m->private;
	struct xengt_kdom *kd = d->hyp;
	struct gvt_vgpu_resources res;
	unsigned int i, tracked;
	bool enabled;

	gvt_vgpu_get_resources(d->vgpu, &res);
	mutex_lock(&d->lock);
	enabled = d->enabled;
	mutex_unlock(&d->lock);
	mutex_lock(&d->track_lock);
	tracked = d->ntracked;
	mutex_unlock(&d->track_lock);

	seq_printf(m, "domid %u\nvgpu_id %u\nioreq_server %u\nvcpus %u %u\nschedule %d\n",
		   d->domid, d->vgpu_id, d->ioservid, d->nbound, d->nr_vcpus,
		   enabled);
	/* The worker moves the BARs: a snapshot, each field read once. */
	for (i = 0; i < 2; i++)
		seq_printf(m, "bar%u %#llx %d\n", 2 * i,
			   READ_ONCE(d->bar[i].base), READ_ONCE(d->bar[i].mapped));
	seq_printf(m, "low_gm %#llx %#llx\nhigh_gm %#llx %#llx\nfences %u\n",
		   res.low_gm_base, res.low_gm_size, res.high_gm_base,
		   res.high_gm_size, res.num_fences);
	seq_printf(m, "opregion %#llx\n", READ_ONCE(d->opregion_gpa));
	seq_printf(m, "ioreqs %lu\nerrors %lu\nignored %lu\npage_writes %lu\ndrained %lu\n",
		   READ_ONCE(d->stats.ioreqs), READ_ONCE(d->stats.errors),
		   READ_ONCE(d->stats.ignored), READ_ONCE(d->stats.page_writes),
		   READ_ONCE(d->stats.drained));
	seq_printf(m, "tracked %u\npinned %lu\n", tracked, xengt_gmem_pinned(kd));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xengt_state);

/**
 * xengt_debugfs_add() - create xengt/vm<domid> of a guest
 * @d: the guest, with its vGPU
 *
 * Failures are not errors: the directory is for tests and debugging only.
 */
void xengt_debugfs_add(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;
	char name[16];

	snprintf(name, sizeof(name), "vm%u", d->domid);
	kd->debugfs = debugfs_create_dir(name, xengt_debugfs_root);
	debugfs_create_file("state", 0400, kd->debugfs, d, &xengt_state_fops);
}

/**
 * xengt_debugfs_remove() - remove xengt/vm<domid> of a guest
 * @d: the guest; readers of its files are gone when this returns
 */
void xengt_debugfs_remove(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;

	debugfs_remove_recursive(kd->debugfs);
	kd->debugfs = NULL;
}

/** xengt_debugfs_init() - create xengt/ at module load */
void xengt_debugfs_init(void)
{
	xengt_debugfs_root = debugfs_create_dir("xengt", NULL);
}

/** xengt_debugfs_exit() - remove xengt/ at module unload */
void xengt_debugfs_exit(void)
{
	debugfs_remove_recursive(xengt_debugfs_root);
	xengt_debugfs_root = NULL;
}
