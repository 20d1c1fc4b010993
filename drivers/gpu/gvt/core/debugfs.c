// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs view of the vGPUs, for test harnesses and bug reports:
 *
 *   gvt/<device>/vgpu<id>/failsafe     failsafe keyword
 *   gvt/<device>/vgpu<id>/stats        "name value" per counter
 *   gvt/<device>/vgpu<id>/unmodelled   "0x%06x reads writes" per register
 *   gvt/<device>/vgpu<id>/workload     failsafe reason, workload counters
 *   gvt/<device>/vgpu<id>/monitor      "connected" or "disconnected";
 *                                      writing a boolean plugs or unplugs
 *                                      the DisplayPort monitor (dp_aux.c)
 *
 * Formats are described in Documentation/gpu/gvt/mmio.rst. Every file
 * reads through gvt_vgpu_stats() or gvt_vgpu_unmodelled(), which take the
 * vGPU lock. A vGPU's directory is removed before the vGPU is freed; files
 * made by debugfs_create_file() are removal-protected, so the removal
 * waits for a read in progress and later reads fail with -EIO.
 *
 * debugfs failures are never fatal: a missing directory is an ERR_PTR,
 * which every debugfs call below accepts and ignores.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/seq_file.h>

#include "gvt_internal.h"

/* Longest line of the unmodelled file: "0x%06x %u %u\n". */
#define GVT_UNMODELLED_LINE	32

static struct dentry *gvt_debugfs_root;

static int gvt_failsafe_show(struct seq_file *m, void *unused)
{
	struct gvt_vgpu_stats st;

	gvt_vgpu_stats(m->private, &st);
	seq_printf(m, "%s\n", gvt_failsafe_key(st.failsafe));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_failsafe);

static int gvt_stats_show(struct seq_file *m, void *unused)
{
	struct gvt_vgpu_stats st;

	gvt_vgpu_stats(m->private, &st);
	seq_printf(m, "pvinfo_reads %llu\n", st.c.pvinfo_reads);
	seq_printf(m, "ggtt_writes %llu\n", st.c.ggtt_writes);
	seq_printf(m, "ggtt_writes_dropped %llu\n", st.c.ggtt_writes_dropped);
	seq_printf(m, "mmio_reads %llu\n", st.c.mmio_reads);
	seq_printf(m, "mmio_writes %llu\n", st.c.mmio_writes);
	seq_printf(m, "unbacked %llu\n", st.c.unbacked);
	seq_printf(m, "unmodelled_reads %llu\n", st.c.unmodelled_reads);
	seq_printf(m, "unmodelled_writes %llu\n", st.c.unmodelled_writes);
	seq_printf(m, "unmodelled_regs %llu\n", st.unmodelled_regs);
	seq_printf(m, "unmodelled_overflow %llu\n", st.c.unmodelled_overflow);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_stats);

static int gvt_workload_show(struct seq_file *m, void *unused)
{
	struct gvt_vgpu_stats st;

	gvt_vgpu_stats(m->private, &st);
	seq_printf(m, "failsafe_reason %s\n",
		   st.fail_reason ? st.fail_reason : "none");
	seq_printf(m, "failsafe_command %s 0x%llx %08x %08x\n",
		   st.fail_cmd ? st.fail_cmd : "none", st.fail_gma,
		   st.fail_dw[0], st.fail_dw[1]);
	seq_printf(m, "elsp_submits %llu\n", st.c.elsp_submits);
	seq_printf(m, "workloads %llu\n", st.c.workloads);
	seq_printf(m, "workloads_done %llu\n", st.c.workloads_done);
	seq_printf(m, "workload_errors %llu\n", st.c.workload_errors);
	seq_printf(m, "csb_events %llu\n", st.c.csb_events);
	seq_printf(m, "irqs_injected %llu\n", st.c.irqs_injected);
	seq_printf(m, "irq_errors %llu\n", st.c.irq_errors);
	seq_printf(m, "engine_resets %llu\n", st.c.engine_resets);
	seq_printf(m, "sched_ticks %llu\n", st.c.sched_ticks);
	seq_printf(m, "vblanks %llu\n", st.c.vblanks);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_workload);

static int gvt_unmodelled_show(struct seq_file *m, void *unused)
{
	struct gvt_reg_count *regs;
	unsigned int i, n;

	regs = kvmalloc_array(GVT_UNMODELLED_MAX, sizeof(*regs), GFP_KERNEL);
	if (!regs)
		return -ENOMEM;
	n = gvt_vgpu_unmodelled(m->private, regs, GVT_UNMODELLED_MAX);
	for (i = 0; i < n; i++)
		seq_printf(m, "0x%06x %u %u\n", regs[i].offset, regs[i].reads,
			   regs[i].writes);
	kvfree(regs);
	return 0;
}

static int gvt_unmodelled_open(struct inode *inode, struct file *file)
{
	/* Room for a full trace, so that show() runs once per read. */
	return single_open_size(file, gvt_unmodelled_show, inode->i_private,
				GVT_UNMODELLED_MAX * GVT_UNMODELLED_LINE);
}

static const struct file_operations gvt_unmodelled_fops = {
	.owner = THIS_MODULE,
	.open = gvt_unmodelled_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t gvt_monitor_read(struct file *file, char __user *buf,
				size_t len, loff_t *ppos)
{
	const char *s = gvt_vgpu_monitor_plugged(file->private_data) ?
			"connected\n" : "disconnected\n";

	return simple_read_from_buffer(buf, len, ppos, s, strlen(s));
}

static ssize_t gvt_monitor_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *ppos)
{
	bool on;
	int ret;

	ret = kstrtobool_from_user(buf, len, &on);
	if (ret)
		return ret;
	gvt_vgpu_monitor_plug(file->private_data, on);
	return len;
}

static const struct file_operations gvt_monitor_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = gvt_monitor_read,
	.write = gvt_monitor_write,
	.llseek = default_llseek,
};

/**
 * gvt_debugfs_init() - create the core's debugfs directory, gvt/
 *
 * Called at module load, before any device can register.
 */
void gvt_debugfs_init(void)
{
	gvt_debugfs_root = debugfs_create_dir("gvt", NULL);
}

/**
 * gvt_debugfs_exit() - remove the core's debugfs directory
 *
 * Called at module unload, when no device is registered any more.
 */
void gvt_debugfs_exit(void)
{
	debugfs_remove(gvt_debugfs_root);
	gvt_debugfs_root = NULL;
}

/**
 * gvt_debugfs_device_add() - create the directory of a GVT device
 * @gvt: the device; the directory is named after it
 */
void gvt_debugfs_device_add(struct gvt_device *gvt)
{
	/* Never at the top of debugfs, should the root be missing. */
	if (IS_ERR_OR_NULL(gvt_debugfs_root)) {
		gvt->debugfs = ERR_PTR(-ENOENT);
		return;
	}
	gvt->debugfs = debugfs_create_dir(gvt->name, gvt_debugfs_root);
}

/**
 * gvt_debugfs_device_remove() - remove the directory of a GVT device
 * @gvt: the device, without vGPUs
 */
void gvt_debugfs_device_remove(struct gvt_device *gvt)
{
	debugfs_remove(gvt->debugfs);
	gvt->debugfs = NULL;
}

/**
 * gvt_debugfs_vgpu_add() - create the directory and files of a vGPU
 * @vgpu: a vGPU whose id is assigned; the files refer to it until
 *	  gvt_debugfs_vgpu_remove()
 */
void gvt_debugfs_vgpu_add(struct gvt_vgpu *vgpu)
{
	struct dentry *dir;
	char name[16];

	snprintf(name, sizeof(name), "vgpu%u", vgpu->id);
	dir = debugfs_create_dir(name, vgpu->gvt->debugfs);
	vgpu->debugfs = dir;
	debugfs_create_file("failsafe", 0400, dir, vgpu, &gvt_failsafe_fops);
	debugfs_create_file("stats", 0400, dir, vgpu, &gvt_stats_fops);
	debugfs_create_file("workload", 0400, dir, vgpu, &gvt_workload_fops);
	debugfs_create_file("unmodelled", 0400, dir, vgpu,
			    &gvt_unmodelled_fops);
	debugfs_create_file("monitor", 0600, dir, vgpu, &gvt_monitor_fops);
	/* The host PTE of its entries that map no guest frame. */
	debugfs_create_x64("ggtt_scratch_pte", 0400, dir,
			   &vgpu->gtt_scratch_pte);
}

/**
 * gvt_debugfs_vgpu_remove() - remove the directory of a vGPU
 * @vgpu: the vGPU, not locked
 *
 * Waits until no read of its files is in progress; later reads of files
 * still open fail. The vGPU may be freed once this returns.
 */
void gvt_debugfs_vgpu_remove(struct gvt_vgpu *vgpu)
{
	debugfs_remove(vgpu->debugfs);
	vgpu->debugfs = NULL;
}
