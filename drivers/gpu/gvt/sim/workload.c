// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU runs the core's workloads (gvt_host_ops.submit and
 * .cancel, Documentation/gpu/gvt/workload.rst) on its software command
 * executor (engine.c).
 *
 * Each engine of the GPU (RCS, VCS, BCS, VECS; a GT2 has no VCS2) has an
 * executor and a work item on the GPU's unbound workqueue. A workload is
 * taken whole: submit copies its scanned buffers into a window of
 * graphics memory private to the engine (laid out by the core's
 * gvt_wl_layout(): GM addresses from 4 GiB, above everything the host GGTT
 * maps, so the core's GGTT and the isolation checks on it never see it;
 * each window page is a page of the simulated IOMMU), relocates the batch
 * starts to the copies and queues the work. The work item runs the
 * executor in slices of %GVT_SIM_SLICE_DW dwords, with cond_resched()
 * between slices and a requeue after %GVT_SIM_SLICE_NS, so a batch that
 * loops forever takes only its share of a CPU, and never another engine's
 * or vGPU's. A workload that has not completed after workload_timeout_ms
 * is a hang: stopped and completed with -EIO, as is one that raised a CS
 * error.
 * Cancel stops the executor at the next command boundary and waits until
 * the workload has been completed.
 *
 * The executor reaches memory through the host GGTT (a vGPU's partition)
 * and the shadow PPGTT (wl->ppgtt_root), both translated by the IOMMU;
 * STORE_DATA_INDEX writes land in the guest context's page 0 (wl->lrca).
 * Register writes of a workload (MI_LOAD_REGISTER_*) go where they would
 * on the hardware. Registers a context image keeps go to a register file
 * of that workload alone, which starts from the power-on state. Registers
 * of the GPU itself (gvt_sim_reg_global(): the MOCS tables, the L3
 * control registers, the slice and CS chicken registers) go to one file
 * of the GPU that outlives workloads and is shared by all vGPUs, as the
 * hardware's is: what keeps one vGPU's values from another's workloads
 * is the core's register switch (wl->regs), loaded at submit and read
 * back at completion, and nothing in this simulator.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <gvt/gvt.h>

#include "engine.h"
#include "sim.h"
#include <gvt/wl_layout.h>

/* The engine's private window: GM from 4 GiB, 4 MiB. */
#define GVT_SIM_WIN_GM		GVT_MAX_GGTT_SIZE
#define GVT_SIM_WIN_PAGES	1024
#define GVT_SIM_WIN_SIZE	(GVT_SIM_WIN_PAGES * PAGE_SIZE)
/* One slice of execution, and how long a work item runs slices. */
#define GVT_SIM_SLICE_DW	16384
#define GVT_SIM_SLICE_NS	(1 * NSEC_PER_MSEC)
/* Distinct registers one workload may write (more are dropped). */
#define GVT_SIM_WL_MAX_REGS	4096

static unsigned int workload_timeout_ms = 2000;
module_param(workload_timeout_ms, uint, 0644);
MODULE_PARM_DESC(workload_timeout_ms,
		 "A workload still running after this many ms is a hang, completed with -EIO (default 2000)");

/**
 * struct gvt_sim_hw_engine - one engine of the simulated GPU
 * @wls: the GPU's workload state
 * @id: which engine
 * @name: its name
 * @exec: the command executor
 * @work: runs slices of the workload in flight
 * @lock: protects @wl and @finishing against cancel
 * @idle: woken when a workload has been completed
 * @wl: the workload in flight, NULL when idle
 * @finishing: a workload being completed (gvt_workload_complete() runs)
 * @cancel: cancel requested for @wl
 * @ran: a command of @wl executed
 * @deadline: jiffies after which @wl is a hang
 * @start_ns: when @wl was submitted
 * @lay: where its buffers are copied in the window
 * @regs: its register writes: offset / 4 to xa_mk_value(value)
 * @nregs: entries of @regs
 * @nr_pages: window pages allocated (kept until the GPU goes away)
 * @pages: the window's pages
 * @dma: their IOVAs
 * @st_submitted: workloads taken
 * @st_ok: completed with 0
 * @st_eio: completed with -EIO (errors and hangs)
 * @st_canceled: completed with -ECANCELED
 * @st_timeouts: of the -EIO, hangs
 * @st_faults: data accesses of all workloads that faulted (the executor's
 *	       own count restarts with each workload)
 * @st_regs_dropped: register writes beyond %GVT_SIM_WL_MAX_REGS
 */
struct gvt_sim_hw_engine {
	struct gvt_sim_wls *wls;
	enum gvt_engine id;
	const char *name;
	struct gvt_sim_engine exec;
	struct delayed_work work;
	spinlock_t lock;	/* @wl, @finishing */
	wait_queue_head_t idle;
	struct gvt_workload *wl;
	struct gvt_workload *finishing;
	bool cancel;
	bool ran;
	unsigned long deadline;
	u64 start_ns;
	struct gvt_wl_layout lay;
	struct xarray regs;
	unsigned int nregs;
	unsigned int nr_pages;
	struct page *pages[GVT_SIM_WIN_PAGES];
	dma_addr_t dma[GVT_SIM_WIN_PAGES];
	u64 st_submitted;
	u64 st_ok;
	u64 st_eio;
	u64 st_canceled;
	u64 st_timeouts;
	u64 st_faults;
	u64 st_regs_dropped;
};

/**
 * struct gvt_sim_wls - the workload side of one simulated GPU
 * @dev: the GPU's device (DMA mappings)
 * @mmu: its IOMMU
 * @ggtt: its host GGTT
 * @ggtt_entries: entries of @ggtt
 * @mmio: the power-on register state
 * @gregs: the GPU's own registers (gvt_sim_reg_global()) that were
 *	   written: offset / 4 to xa_mk_value(value)
 * @wq: runs the engines' work
 * @hw: the engines; NULL where the GPU has none
 */
struct gvt_sim_wls {
	struct device *dev;
	struct gvt_sim_iommu *mmu;
	const u64 *ggtt;
	u32 ggtt_entries;
	const void *mmio;
	struct xarray gregs;
	struct workqueue_struct *wq;
	struct gvt_sim_hw_engine *hw[GVT_NUM_ENGINES];
};

static const struct {
	const char *name;
	u32 mmio_base;
} gvt_sim_engines[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = { "rcs0", 0x2000 },
	[GVT_ENGINE_VCS] = { "vcs0", 0x12000 },
	[GVT_ENGINE_BCS] = { "bcs0", 0x22000 },
	[GVT_ENGINE_VECS] = { "vecs0", 0x1a000 },
	/* GVT_ENGINE_VCS2: GT3 only */
};

static u64 gvt_sim_hw_ggtt_pte(void *priv, u32 index)
{
	struct gvt_sim_hw_engine *hw = priv;
	struct gvt_sim_wls *wls = hw->wls;
	u64 pte, win = GVT_SIM_WIN_GM >> PAGE_SHIFT;

	if (index < wls->ggtt_entries) {
		pte = READ_ONCE(wls->ggtt[index]);
		/* Scratch pages too: real pages, as on the hardware. */
		return pte;
	}
	if (index >= win && index - win < hw->nr_pages)
		return hw->dma[index - win] | BIT_ULL(0);
	return 0;
}

static bool gvt_sim_hw_dma_rw(void *priv, u64 addr, void *buf,
			      unsigned int len, bool write)
{
	struct gvt_sim_hw_engine *hw = priv;

	return gvt_sim_iommu_rw(hw->wls->mmu, addr, buf, len, write);
}

/*
 * Registers of the GPU rather than of a context: the MOCS tables of the
 * five engines, the L3 control registers (L3CC, L3SQCREG4, L3CNTLREG) and
 * the slice and command streamer chicken registers.
 */
static bool gvt_sim_reg_global(u32 offset)
{
	static const struct {
		u32 start;
		u32 end;
	} ranges[] = {
		{ 0x2088, 0x208c }, { 0x2090, 0x2094 }, { 0x20ec, 0x20f0 },
		{ 0x2580, 0x2584 }, { 0x7010, 0x7018 }, { 0x7034, 0x7038 },
		{ 0x7300, 0x730c }, { 0xb000, 0xb200 }, { 0xc800, 0xcd00 },
		{ 0xe100, 0xe200 }, { 0xe4f0, 0xe4f8 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ranges); i++)
		if (offset >= ranges[i].start && offset < ranges[i].end)
			return true;
	return false;
}

static u32 gvt_sim_hw_reg_read(void *priv, u32 offset)
{
	struct gvt_sim_hw_engine *hw = priv;
	const __le32 *snap = hw->wls->mmio;
	void *entry;

	if (offset >= GVT_MMIO_SIZE)
		return 0;
	if (gvt_sim_reg_global(offset))
		entry = xa_load(&hw->wls->gregs, offset / 4);
	else
		entry = xa_load(&hw->regs, offset / 4);
	if (entry)
		return xa_to_value(entry);
	return le32_to_cpu(snap[offset / 4]);
}

static void gvt_sim_hw_reg_write(void *priv, u32 offset, u32 val)
{
	struct gvt_sim_hw_engine *hw = priv;

	if (offset >= GVT_MMIO_SIZE)
		return;
	if (gvt_sim_reg_global(offset)) {
		/* A small fixed set: never more than its size. */
		if (xa_is_err(xa_store(&hw->wls->gregs, offset / 4,
				       xa_mk_value(val), GFP_KERNEL)))
			hw->st_regs_dropped++;
		return;
	}
	if (!xa_load(&hw->regs, offset / 4)) {
		if (hw->nregs >= GVT_SIM_WL_MAX_REGS) {
			hw->st_regs_dropped++;
			return;
		}
		hw->nregs++;
	}
	if (xa_is_err(xa_store(&hw->regs, offset / 4, xa_mk_value(val),
			       GFP_KERNEL)))
		hw->st_regs_dropped++;
}

/* The GPU timestamp: 12 MHz on Gen9. */
static u64 gvt_sim_hw_timestamp(void *priv)
{
	return div_u64(ktime_get_ns() * 3, 250);
}

static bool gvt_sim_hw_batch_start(void *priv, u64 addr, bool *ppgtt,
				   bool *privileged)
{
	struct gvt_sim_hw_engine *hw = priv;

	/* Every batch of a workload is a copy in the window. */
	*ppgtt = false;
	return gvt_wl_layout_batch(&hw->lay, hw->wl, addr, privileged);
}

static const struct gvt_sim_engine_ops gvt_sim_hw_ops = {
	.ggtt_pte = gvt_sim_hw_ggtt_pte,
	.dma_rw = gvt_sim_hw_dma_rw,
	.reg_read = gvt_sim_hw_reg_read,
	.reg_write = gvt_sim_hw_reg_write,
	.timestamp = gvt_sim_hw_timestamp,
	.batch_start = gvt_sim_hw_batch_start,
};

/* CPU stores into the window (the copies); coherent with the model. */
static void gvt_sim_win_write(void *priv, u32 off, const u32 *dw, u32 n)
{
	struct gvt_sim_hw_engine *hw = priv;
	u32 len = 4 * n, chunk;
	const u8 *src = (const u8 *)dw;

	while (len) {
		chunk = min_t(u32, len, PAGE_SIZE - offset_in_page(off));
		memcpy(page_address(hw->pages[off >> PAGE_SHIFT]) +
		       offset_in_page(off), src, chunk);
		off += chunk;
		src += chunk;
		len -= chunk;
	}
}

/* Grow the window to @n pages. */
static int gvt_sim_win_grow(struct gvt_sim_hw_engine *hw, unsigned int n)
{
	struct device *dev = hw->wls->dev;
	struct page *page;
	dma_addr_t dma;

	while (hw->nr_pages < n) {
		page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!page)
			return -ENOMEM;
		dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma)) {
			__free_page(page);
			return -ENOMEM;
		}
		hw->pages[hw->nr_pages] = page;
		hw->dma[hw->nr_pages] = dma;
		hw->nr_pages++;
	}
	return 0;
}

static void gvt_sim_hw_finish(struct gvt_sim_hw_engine *hw, int status)
{
	struct gvt_workload *wl = hw->wl;
	u32 ev = gvt_sim_engine_take_events(&hw->exec);
	u64 ns = ktime_get_ns() - hw->start_ns;
	unsigned int i;

	if (ev & GVT_SIM_EV_USER_INTERRUPT)
		wl->events |= GVT_WL_EVENT_USER;
	if (ev & GVT_SIM_EV_NOTIFY)
		wl->events |= GVT_WL_EVENT_NOTIFY;
	wl->ctx_timestamp += (u32)div_u64(ns * 3, 250);
	hw->st_faults += hw->exec.stats.faults;
	/* What the registers the core switches hold now. */
	for (i = 0; i < wl->nr_regs; i++)
		wl->regs[i].val = gvt_sim_hw_reg_read(hw, wl->regs[i].offset);
	if (!status)
		hw->st_ok++;
	else if (status == -ECANCELED)
		hw->st_canceled++;
	else
		hw->st_eio++;
	gvt_wl_layout_fini(&hw->lay);
	xa_destroy(&hw->regs);
	hw->nregs = 0;

	spin_lock(&hw->lock);
	hw->wl = NULL;
	hw->finishing = wl;
	spin_unlock(&hw->lock);
	gvt_workload_complete(wl, status);
	spin_lock(&hw->lock);
	hw->finishing = NULL;
	spin_unlock(&hw->lock);
	wake_up_all(&hw->idle);
}

static void gvt_sim_hw_error(struct gvt_sim_hw_engine *hw)
{
	const struct gvt_sim_engine *e = &hw->exec;

	dev_warn_ratelimited(hw->wls->dev,
			     "%s: vGPU %u: %s at %#llx (%08x %08x %08x %08x), workload failed\n",
			     hw->name, hw->wl->vgpu_id,
			     e->err_reason ? e->err_reason : "error",
			     e->err_addr, e->err_dw[0], e->err_dw[1],
			     e->err_dw[2], e->err_dw[3]);
}

static void gvt_sim_hw_work(struct work_struct *work)
{
	struct gvt_sim_hw_engine *hw =
		container_of(to_delayed_work(work), struct gvt_sim_hw_engine,
			     work);
	enum gvt_sim_exec_status st;
	u64 t0 = ktime_get_ns();
	u64 cmds;

	if (!hw->wl)
		return;
	for (;;) {
		if (READ_ONCE(hw->cancel)) {
			gvt_sim_hw_finish(hw, hw->ran ? -EIO : -ECANCELED);
			return;
		}
		cmds = hw->exec.stats.cmds;
		st = gvt_sim_engine_run(&hw->exec, GVT_SIM_SLICE_DW);
		if (hw->exec.stats.cmds != cmds)
			hw->ran = true;
		switch (st) {
		case GVT_SIM_EXEC_DONE:
			gvt_sim_hw_finish(hw, 0);
			return;
		case GVT_SIM_EXEC_ERROR:
			gvt_sim_hw_error(hw);
			gvt_sim_hw_finish(hw, -EIO);
			return;
		case GVT_SIM_EXEC_STOPPED:
			gvt_sim_hw_finish(hw, hw->ran ? -EIO : -ECANCELED);
			return;
		case GVT_SIM_EXEC_WAIT:
		case GVT_SIM_EXEC_BUDGET:
			break;
		}
		if (time_after(jiffies, hw->deadline)) {
			dev_warn_ratelimited(hw->wls->dev,
					     "%s: vGPU %u: workload still running after %u ms, stopped\n",
					     hw->name, hw->wl->vgpu_id,
					     workload_timeout_ms);
			hw->st_timeouts++;
			gvt_sim_hw_finish(hw, -EIO);
			return;
		}
		if (st == GVT_SIM_EXEC_WAIT) {
			/* A semaphore: poll again at the next tick. */
			queue_delayed_work(hw->wls->wq, &hw->work, 1);
			return;
		}
		if (ktime_get_ns() - t0 > GVT_SIM_SLICE_NS) {
			queue_delayed_work(hw->wls->wq, &hw->work, 0);
			return;
		}
		cond_resched();
	}
}

static struct gvt_sim_hw_engine *gvt_sim_hw_of(struct gvt_sim_wls *wls,
					       enum gvt_engine id)
{
	if ((unsigned int)id >= GVT_NUM_ENGINES)
		return NULL;
	return wls->hw[id];
}

/**
 * gvt_sim_wl_submit() - &gvt_host_ops.submit: take a workload
 * @wls: the GPU's workload state
 * @wl: the workload
 *
 * Return: 0 (the workload will be completed), -ENODEV for an engine the
 * GPU lacks, -EBUSY if one is in flight there already, -EINVAL for
 * buffers not as the contract says, -E2BIG or -ENOMEM.
 */
int gvt_sim_wl_submit(struct gvt_sim_wls *wls, struct gvt_workload *wl)
{
	struct gvt_sim_hw_engine *hw = gvt_sim_hw_of(wls, wl->engine);
	struct gvt_sim_ring ring = { .start = GVT_SIM_WIN_GM };
	unsigned int i;
	int ret;

	if (!hw)
		return -ENODEV;
	if (READ_ONCE(hw->wl))
		return -EBUSY;
	ret = gvt_wl_layout(&hw->lay, wl, GVT_SIM_WIN_GM, GVT_SIM_WIN_SIZE);
	if (ret)
		return ret;
	ret = gvt_sim_win_grow(hw, DIV_ROUND_UP(hw->lay.total, PAGE_SIZE));
	if (ret)
		goto err;
	gvt_wl_layout_copy(&hw->lay, wl, gvt_sim_win_write, hw);

	/*
	 * The vGPU's values of the registers no context keeps, as MMIO
	 * writes would load them (the model has no masked registers: it
	 * stores what it is given).
	 */
	for (i = 0; i < wl->nr_regs; i++)
		gvt_sim_hw_reg_write(hw, wl->regs[i].offset, wl->regs[i].val);
	gvt_sim_engine_reset(&hw->exec);	/* GPRs start from 0 */
	ring.size = hw->lay.ring_size;
	ring.tail = hw->lay.ring_tail;
	ring.pml4 = wl->ppgtt_root;
	ring.hwsp = wl->lrca;
	ret = gvt_sim_engine_load(&hw->exec, &ring);
	if (ret)
		goto err;
	hw->cancel = false;
	hw->ran = false;
	hw->start_ns = ktime_get_ns();
	hw->deadline = jiffies + msecs_to_jiffies(workload_timeout_ms);
	hw->st_submitted++;
	spin_lock(&hw->lock);
	hw->wl = wl;
	spin_unlock(&hw->lock);
	queue_delayed_work(wls->wq, &hw->work, 0);
	return 0;

err:
	gvt_wl_layout_fini(&hw->lay);
	return ret;
}

/**
 * gvt_sim_wl_cancel() - &gvt_host_ops.cancel: stop a workload
 * @wls: the GPU's workload state
 * @wl: a workload gvt_sim_wl_submit() took
 *
 * Returns once @wl has been completed (-ECANCELED if none of its commands
 * ran, -EIO if some did, 0 if it finished first).
 */
void gvt_sim_wl_cancel(struct gvt_sim_wls *wls, struct gvt_workload *wl)
{
	struct gvt_sim_hw_engine *hw = gvt_sim_hw_of(wls, wl->engine);
	bool ours;

	if (!hw)
		return;
	spin_lock(&hw->lock);
	ours = hw->wl == wl;
	if (ours) {
		WRITE_ONCE(hw->cancel, true);
		gvt_sim_engine_stop(&hw->exec);
	}
	spin_unlock(&hw->lock);
	if (ours)
		mod_delayed_work(wls->wq, &hw->work, 0);
	wait_event(hw->idle, READ_ONCE(hw->wl) != wl &&
		   READ_ONCE(hw->finishing) != wl);
}

static int gvt_sim_engines_show(struct seq_file *m, void *unused)
{
	struct gvt_sim_wls *wls = m->private;
	const struct gvt_sim_hw_engine *hw;
	unsigned int i;

	for (i = 0; i < GVT_NUM_ENGINES; i++) {
		hw = wls->hw[i];
		if (!hw)
			continue;
		seq_printf(m, "%s busy %d submitted %llu ok %llu eio %llu canceled %llu timeouts %llu cmds %llu batches %llu faults %llu faults_total %llu bytes_blitted %llu regs_dropped %llu window_pages %u\n",
			   hw->name, !!READ_ONCE(hw->wl), hw->st_submitted,
			   hw->st_ok, hw->st_eio, hw->st_canceled,
			   hw->st_timeouts, hw->exec.stats.cmds,
			   hw->exec.stats.batches, hw->exec.stats.faults,
			   hw->st_faults,
			   hw->exec.stats.bytes_blitted, hw->st_regs_dropped,
			   hw->nr_pages);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_sim_engines);

/**
 * gvt_sim_wl_debugfs() - the "engines" debugfs file
 * @wls: the GPU's workload state
 * @dir: the GPU's debugfs directory
 */
void gvt_sim_wl_debugfs(struct gvt_sim_wls *wls, struct dentry *dir)
{
	debugfs_create_file("engines", 0400, dir, wls, &gvt_sim_engines_fops);
}

/**
 * gvt_sim_wl_create() - the workload side of a simulated GPU
 * @dev: the GPU's device, with the simulated IOMMU's DMA operations
 * @mmu: that IOMMU
 * @ggtt: the host GGTT
 * @ggtt_entries: its entries
 * @mmio: the power-on register state (%GVT_MMIO_SIZE bytes)
 *
 * Return: the state, or NULL if out of memory.
 */
struct gvt_sim_wls *gvt_sim_wl_create(struct device *dev,
				      struct gvt_sim_iommu *mmu,
				      const u64 *ggtt, u32 ggtt_entries,
				      const void *mmio)
{
	struct gvt_sim_hw_engine *hw;
	struct gvt_sim_wls *wls;
	unsigned int i;

	wls = kzalloc(sizeof(*wls), GFP_KERNEL);
	if (!wls)
		return NULL;
	wls->dev = dev;
	wls->mmu = mmu;
	wls->ggtt = ggtt;
	wls->ggtt_entries = ggtt_entries;
	wls->mmio = mmio;
	xa_init(&wls->gregs);
	wls->wq = alloc_workqueue("%s", WQ_UNBOUND, 0, dev_name(dev));
	if (!wls->wq)
		goto err;
	for (i = 0; i < GVT_NUM_ENGINES; i++) {
		if (!gvt_sim_engines[i].name)
			continue;
		hw = kzalloc(sizeof(*hw), GFP_KERNEL);
		if (!hw)
			goto err;
		wls->hw[i] = hw;
		hw->wls = wls;
		hw->id = i;
		hw->name = gvt_sim_engines[i].name;
		spin_lock_init(&hw->lock);
		init_waitqueue_head(&hw->idle);
		INIT_DELAYED_WORK(&hw->work, gvt_sim_hw_work);
		xa_init(&hw->regs);
		gvt_sim_engine_init(&hw->exec, &gvt_sim_hw_ops, hw, hw->name,
				    gvt_sim_engines[i].mmio_base,
				    GVT_SIM_WIN_GM + GVT_SIM_WIN_SIZE);
	}
	return wls;

err:
	gvt_sim_wl_destroy(wls);
	return NULL;
}

/**
 * gvt_sim_wl_destroy() - stop the engines and free the workload side
 * @wls: the state (may be NULL)
 *
 * The core is gone (gvt_device_unregister() returned), so no workload is
 * in flight; one that is would be a core bug, reported and dropped.
 */
void gvt_sim_wl_destroy(struct gvt_sim_wls *wls)
{
	struct gvt_sim_hw_engine *hw;
	unsigned int i, p;

	if (!wls)
		return;
	for (i = 0; i < GVT_NUM_ENGINES; i++) {
		hw = wls->hw[i];
		if (!hw)
			continue;
		WRITE_ONCE(hw->cancel, true);
		gvt_sim_engine_stop(&hw->exec);
		cancel_delayed_work_sync(&hw->work);
		WARN_ON(hw->wl);
		gvt_wl_layout_fini(&hw->lay);
		xa_destroy(&hw->regs);
		for (p = 0; p < hw->nr_pages; p++) {
			dma_unmap_page(wls->dev, hw->dma[p], PAGE_SIZE,
				       DMA_TO_DEVICE);
			__free_page(hw->pages[p]);
		}
		kfree(hw);
	}
	if (wls->wq)
		destroy_workqueue(wls->wq);
	xa_destroy(&wls->gregs);
	kfree(wls);
}
