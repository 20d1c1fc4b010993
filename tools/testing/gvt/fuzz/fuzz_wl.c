// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: two guests submitting workloads, executed.
 *
 * The world is one GVT device with two GVTg_V5_8 vGPUs on a fake host
 * that implements the whole of struct gvt_host_ops, workloads included:
 * submit() lays the workload out and loads it the way gvt_sim does
 * (drivers/gpu/gvt/core/wl_layout.c, unchanged) onto the simulated GPU's
 * command executor (drivers/gpu/gvt/sim/engine.c, unchanged), one per
 * engine of a KBL GT2, which the fuzzer then runs slice by slice. So what
 * executes is the core's scanned copy of the ring and batches, through
 * the host GGTT and the core's shadow PPGTT, as on gvt_sim. Each vGPU has
 * a fake hypervisor with 256 frames of guest memory (pins, guest-physical
 * access, page tracking, MSI).
 *
 * Byte 0 of an input chooses the world (FW_WORLD_*): page tracking or not,
 * workloads completed inside submit(), no guest template, a short hang
 * limit, and whether the vGPUs are destroyed at the end. Then comes a
 * sequence of operations on the acting vGPU: an opcode byte (low nibble
 * the operation, high nibble its argument, enum fw_opcode) and its
 * operands, little endian; an input that ends early reads zeros.
 * Before the first operation on a vGPU the guest template is applied: as
 * a 6.1 i915 leaves it before its first request (GGTT mapped, PVINFO
 * read, execlists on, status pages, interrupts and MSI), with two context
 * images per engine, their rings, a 4-level PPGTT with 4 KiB, read-only
 * and 64 KiB pages, and batch buffers in the GGTT and in the PPGTT that
 * hold MI_BATCH_BUFFER_END. The operations write commands (raw dwords or
 * ready-made ones: stores, batch starts, post-sync writes, LRI, atomics,
 * blits, ...) into rings and batches, change context registers, guest
 * memory, GGTT and PPGTT entries, write the acting vGPU's registers, ELSP
 * submit, run the engines, reset an engine or the vGPU, detach the guest's
 * memory, and inject host failures. gen_seeds.py writes inputs in this
 * format.
 *
 * Oracles (abort on violation):
 *
 * - the sanitizers: no crash, no memory error, no undefined behaviour;
 * - execution reaches memory only where the workload's vGPU may: every
 *   GGTT entry the executor looks up lies in that vGPU's partition (or
 *   the backend's own window of copies) and maps the scratch page or a
 *   frame that vGPU holds pinned; every bus address it reads or writes is
 *   such a pinned frame, a shadow page table of that vGPU or the shared
 *   scratch tables (read only), or its window (read only); no access
 *   crosses a 4 KiB page; every register it writes is on the scanner's
 *   whitelist;
 * - host callbacks come with the lock of the vGPU they concern (or the
 *   device lock): host GGTT entries only within that vGPU's ranges and
 *   only with frames it holds pinned; at most one workload per engine;
 *   a cancel only for a workload in flight; the shadow PPGTT root is a
 *   page of that vGPU; no page is freed while a workload in flight can
 *   reach it; hypervisor callbacks only while attached, with the vGPU's
 *   lock, tracking never nested, MSIs only with MSI enabled;
 * - the vGPU the fuzzer is not acting on does not change while it has no
 *   work (registers, GGTT values and pins, config space, failsafe, guest
 *   memory, its shadow page tables, pins, tracked frames, counters, host
 *   callbacks), checked when the fuzzer switches back and at the end;
 * - every submission ends: a call of the executor with a budget of N
 *   dwords makes at most 16 N + 1 M accesses (else it never returns), the
 *   backend stops a workload after a bounded number of such calls (a
 *   hang, -EIO, as gvt_sim's timeout), and at the end
 *   of the input a bounded number of rounds of execution and completion
 *   processing leaves nothing in flight and no element the scheduler
 *   would still run;
 * - pins balance: a detach, an unmap and a reset leave no pin, tracked
 *   frame or shadow page table of the vGPU behind; an input ends with a
 *   checked reset of each vGPU it acted on (back to the creation state),
 *   or with the destruction of both and the device (nothing pinned,
 *   tracked, allocated or mapped left, no lock held).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"
#include "engine.h"
#include <gvt/wl_layout.h>

/* Byte 0 of an input. */
#define FW_WORLD_NO_TRACK	BIT(0)	/* hypervisor without track_page */
#define FW_WORLD_SYNC		BIT(1)	/* complete inside submit() */
#define FW_WORLD_RAW		BIT(2)	/* no guest template */
#define FW_WORLD_TEARDOWN	(BIT(3) | BIT(4))
#define FW_WORLD_SHORT_HANG	BIT(5)	/* a workload hangs after 2 slices */

enum fw_opcode {
	FW_OP_EMIT,		/* tgt:1 p:1 val:4, arg: command kind */
	FW_OP_MEM,		/* page:1 off:2 len:1 bytes */
	FW_OP_CTX_REG,		/* ctx:1 idx:1 val:4, arg: set, xor, add */
	FW_OP_SWITCH,		/* act on the other vGPU */
	FW_OP_ELSP,		/* how:1 ccid:1 [desc1:8 desc0:8], arg: engine */
	FW_OP_RUN,		/* slices:1 budget:1, arg: engine, 8+: all */
	FW_OP_MMIO_WRITE,	/* reg:1 [off:3] val:4, arg: engine, masked */
	FW_OP_MMIO_READ,	/* reg:1 [off:3], arg: engine */
	FW_OP_GGTT,		/* entry:3 gfn:2, arg: where, absent, half */
	FW_OP_PPGTT,		/* table:1 idx:2 gfn:2 [n:1], arg: flags */
	FW_OP_ENGINE_RESET,	/* engine:1, arg: how */
	FW_OP_VGPU_RESET,
	FW_OP_HV,		/* gfn:1 count:1, arg: what */
	FW_OP_INJECT,		/* val:1, arg: what */
	FW_OP_SUBMIT,		/* eng:1 p:1 val:4, arg: command kind */
	FW_OP_INIT,		/* apply the guest template again */
};

static const char * const fw_op_names[] = {
	"emit", "mem", "ctx_reg", "switch", "elsp", "run", "mmio_write",
	"mmio_read", "ggtt", "ppgtt", "engine_reset", "vgpu_reset", "hv",
	"inject", "submit", "init",
};

/* --- the world ------------------------------------------------------- */

#define FW_VGPUS		2
#define FW_APERTURE_MB		256
#define FW_GGTT_MB		1536
#define FW_FENCES		16
#define FW_TYPE			"GVTg_V5_8"
#define FW_GGTT_ENTRIES		((FW_GGTT_MB << 20) >> GVT_GTT_PAGE_SHIFT)

/* Guest frames with memory behind them; others cannot be pinned. */
#define FW_FRAMES		256
#define FW_PAGE			4096U

/*
 * Bus addresses, all below the 39 bits of a Gen9 PPGTT entry: guest
 * frames of vGPU slot s at (s + 1) << 36, pages of alloc_gpu_page() at
 * 1 << 38, the backend's window pages of engine e at FW_BUS_WIN + e << 24.
 */
#define FW_BUS_GUEST(s, gfn)	(((u64)(s) + 1) << 36 | (u64)(gfn) << 12)
#define FW_BUS_GPU		BIT_ULL(38)
#define FW_BUS_WIN		(3ULL << 37)
#define FW_GPU_PAGES		2048
#define FW_SCRATCH_PTE		0x0000005c5c5c5001ULL
#define FW_GPAGE_FREE		-1
#define FW_GPAGE_SHARED		FW_VGPUS
/* A vGPU's GGTT scratch page; the one of the vGPU being created. */
#define FW_GPAGE_GTT(slot)	(FW_VGPUS + 1 + (slot))
#define FW_GPAGE_CREATING	(2 * FW_VGPUS + 1)

/* The backend's window of copies: GM from 4 GiB, as gvt_sim's. */
#define FW_WIN_GM		GVT_MAX_GGTT_SIZE
#define FW_WIN_PAGES		1024
#define FW_WIN_SIZE		(FW_WIN_PAGES * FW_PAGE)
#define FW_REG_SLOTS		256

#define FW_HANG_SLICES		16
#define FW_SHORT_HANG_SLICES	2
#define FW_DRAIN_BUDGET		1024
#define FW_DIRTY		4096

/*
 * Fakes and oracles that loop over whole GGTT ranges: no coverage
 * instrumentation, as the Makefile keeps comparison tracing out of the
 * core's loops; the decoder keeps it.
 */
#define FW_NO_COV		__attribute__((no_sanitize("coverage")))

/* Engines an operand picks (KBL GT2 has no VCS2: submit says -ENODEV). */
static const enum gvt_engine fw_pick[8] = {
	GVT_ENGINE_RCS, GVT_ENGINE_BCS, GVT_ENGINE_VCS, GVT_ENGINE_VECS,
	GVT_ENGINE_RCS, GVT_ENGINE_BCS, GVT_ENGINE_RCS, GVT_ENGINE_VCS2,
};

static const u32 fw_hw_base[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = 0x2000, [GVT_ENGINE_VCS] = 0x12000,
	[GVT_ENGINE_BCS] = 0x22000, [GVT_ENGINE_VECS] = 0x1a000,
};

struct fw_vgpu;

/**
 * struct fw_hw - one engine of the fake GPU and its executor
 * @id: the engine
 * @present: the GPU has it
 * @exec: the command executor
 * @lay: where the workload's copies are in the window
 * @wl: the workload in flight, or NULL
 * @owner: its vGPU
 * @ran: a command of it executed
 * @slices: calls of the executor for it
 * @accesses: GGTT lookups and bus accesses in the current call
 * @max_accesses: the most a call with its budget can make
 * @win: the window pages
 * @nr_pages: window pages allocated
 * @reg_off: the workload's register writes: offsets (0: free slot) ...
 * @reg_val: ... and values
 * @now: the timestamp
 */
struct fw_hw {
	enum gvt_engine id;
	bool present;
	struct gvt_sim_engine exec;
	struct gvt_wl_layout lay;
	struct gvt_workload *wl;
	struct fw_vgpu *owner;
	bool ran;
	unsigned int slices;
	u32 accesses;
	u32 max_accesses;
	u8 (*win)[FW_PAGE];
	unsigned int nr_pages;
	u32 reg_off[FW_REG_SLOTS];
	u32 reg_val[FW_REG_SLOTS];
	u64 now;
};

/* What must not change on a vGPU while it is quiet. */
enum fw_snap_kind {
	FW_SNAP_NONE,
	FW_SNAP_BASE,	/* as created, memory zero (the start of an input) */
	FW_SNAP_FULL,	/* fz_vgpu.snap and @mem */
};

struct fw_snap {
	enum fw_snap_kind kind;
	u8 (*mem)[FW_PAGE];
	struct gvt_vgpu_counters counters;
	long pins_held;
	unsigned int ntracked;
	unsigned int gpages;
	u64 gpages_sum;
	unsigned long host_calls;
	unsigned long msis;
};

/**
 * struct fw_vgpu - a vGPU, its guest and its fake hypervisor
 * @slot: 0 or 1
 * @fv: its record in the fz world (for the state snapshots of fz_env.c)
 * @vgpu: the core's vGPU
 * @res: its resources
 * @mem: guest memory, %FW_FRAMES frames
 * @pins: pins per frame
 * @pins_held: their sum
 * @tracked: frames write-protected
 * @ntracked: their number
 * @attached: the hypervisor is attached
 * @msis: MSIs injected
 * @host_calls: host GGTT and fence callbacks for it
 * @dirty: host GGTT entries it had mapped since its last reset
 * @ndirty: entries in @dirty
 * @dirty_overflow: more than %FW_DIRTY
 * @snap: what it must keep while quiet
 * @snap_kept: @snap was found unchanged when the fuzzer came back, and
 *	       nothing has run on the vGPU since: it still holds
 * @touched: the input acted on it
 * @inited: the guest template is applied
 * @tail: the guest's ring TAIL of each context
 * @bpos: the guest's fill level (dwords) of each batch
 */
struct fw_vgpu {
	unsigned int slot;
	struct fz_vgpu *fv;
	struct gvt_vgpu *vgpu;
	struct gvt_vgpu_resources res;
	u8 (*mem)[FW_PAGE];
	u32 pins[FW_FRAMES];
	long pins_held;
	bool tracked[FW_FRAMES];
	unsigned int ntracked;
	bool attached;
	unsigned long msis;
	unsigned long host_calls;
	u32 dirty[FW_DIRTY];
	unsigned int ndirty;
	bool dirty_overflow;
	struct fw_snap snap;
	enum fw_snap_kind snap_kept;
	bool touched;
	bool inited;
	u32 tail[10];
	u32 bpos[16];
	/* Host PTE of its GGTT scratch page (a GPU page of its own). */
	u64 scratch_pte;
};

struct fw_gpage {
	u8 *va;
	int owner;	/* slot, FW_GPAGE_SHARED/_GTT(slot)/_CREATING/_FREE */
	u32 mark;
};

static struct fw {
	struct gvt_device *gvt;
	struct gvt_host_info info;
	u64 ggtt[FW_GGTT_ENTRIES];
	u64 fences[GVT_MAX_FENCES];
	struct fw_vgpu v[FW_VGPUS];
	struct fw_hw hw[GVT_NUM_ENGINES];
	struct fw_gpage gpages[FW_GPU_PAGES];
	unsigned int gpages_live;
	u32 mark;
	bool creating;
	struct {
		u32 first;
		u32 count;
	} create_log[16];
	unsigned int ncreate_log;
	long live_allocs;
	long live_input;
	long kept_input;
	u8 world;
	unsigned int hang_slices;
	bool sync;
	int fail_submit;
	unsigned int fail_allocs;
	unsigned long submits;
	unsigned long completions;
} fw;

/* The fz world whose records fz_state_*() and fz_fail() use. */
static struct fz_world fw_fz;

static const struct gvt_hv_ops fw_hv_ops;
static const struct gvt_hv_ops fw_hv_ops_untracked;

/* Registers the scanner lets commands use, found at start-up. */
static u32 fw_cmd_regs[1024];
static unsigned int fw_ncmd_regs;

static bool fw_in(u64 a, u64 base, u64 size)
{
	return a >= base && a - base < size;
}

static FW_NO_COV bool fw_owns_entry(const struct fw_vgpu *v, u64 index)
{
	return fw_in(index << GVT_GTT_PAGE_SHIFT, v->res.low_gm_base,
		     v->res.low_gm_size) ||
	       fw_in(index << GVT_GTT_PAGE_SHIFT, v->res.high_gm_base,
		     v->res.high_gm_size);
}

static struct fw_vgpu *fw_entry_owner(u64 index)
{
	unsigned int i;

	for (i = 0; i < FW_VGPUS; i++)
		if (fw.v[i].vgpu && fw_owns_entry(&fw.v[i], index))
			return &fw.v[i];
	return NULL;
}

static struct fw_vgpu *fw_by_id(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < FW_VGPUS; i++)
		if (fw.v[i].vgpu && fw.v[i].vgpu->id == id)
			return &fw.v[i];
	return NULL;
}

static bool fw_locked(const struct fw_vgpu *v)
{
	return v->vgpu && mutex_is_locked(&v->vgpu->lock);
}

static bool fw_dev_locked(void)
{
	return fw.gvt && mutex_is_locked(&fw.gvt->lock);
}

/* The one vGPU whose lock is held, or NULL. */
static struct fw_vgpu *fw_locked_vgpu(void)
{
	struct fw_vgpu *found = NULL;
	unsigned int i;

	for (i = 0; i < FW_VGPUS; i++) {
		if (!fw_locked(&fw.v[i]))
			continue;
		if (found)
			fz_fail("both vGPU locks held in a callback");
		found = &fw.v[i];
	}
	return found;
}

/* --- fake host: GGTT, fences, aperture --------------------------------- */

static void fw_dirty_add(struct fw_vgpu *v, u32 index)
{
	if (v->ndirty == FW_DIRTY)
		v->dirty_overflow = true;
	else
		v->dirty[v->ndirty++] = index;
}

static void fw_host_check(struct fw_vgpu *v, const char *what)
{
	if (fw.creating && fw_dev_locked())
		return;
	if (!v)
		fz_fail("%s outside every vGPU's ranges", what);
	if (!fw_locked(v) && !fw_dev_locked())
		fz_fail("%s for vGPU %u without its lock or the device lock",
			what, v->slot);
	v->host_calls++;
}

static FW_NO_COV void fw_ggtt_clear(void *priv, u32 first, u32 count)
{
	struct fw_vgpu *v = fw_entry_owner(first);
	u64 i;

	if (priv != &fw)
		fz_fail("ggtt_clear: wrong private pointer");
	if ((u64)first + count > FW_GGTT_ENTRIES)
		fz_fail("ggtt_clear(%#x, %u) beyond the GGTT", first, count);
	if (fw.creating) {
		if (fw.ncreate_log == ARRAY_SIZE(fw.create_log))
			fz_fail("too many ggtt_clear calls while creating");
		fw.create_log[fw.ncreate_log].first = first;
		fw.create_log[fw.ncreate_log++].count = count;
	} else if (count && (!v || v != fw_entry_owner(first + count - 1))) {
		fz_fail("ggtt_clear(%#x, %u) across vGPU ranges", first, count);
	}
	fw_host_check(v, "ggtt_clear");
	for (i = first; i < (u64)first + count; i++)
		fw.ggtt[i] = FW_SCRATCH_PTE;
}

static struct fw_gpage *fw_gpage(u64 bus);

/* The frame of vGPU @v that bus address @bus names, or -1. */
static long fw_guest_frame(const struct fw_vgpu *v, u64 bus)
{
	u64 gfn = (bus >> GVT_GTT_PAGE_SHIFT) & GENMASK_ULL(23, 0);

	if (bus >> 36 != v->slot + 1 || gfn >= FW_FRAMES)
		return -1;
	return gfn;
}

static void fw_ggtt_write(void *priv, u32 index, u64 pte)
{
	struct fw_vgpu *v = index < FW_GGTT_ENTRIES ? fw_entry_owner(index) :
			    NULL;
	long gfn;

	if (priv != &fw)
		fz_fail("ggtt_write: wrong private pointer");
	if (fw.creating && index < FW_GGTT_ENTRIES) {
		/* The new vGPU's entries, to its scratch page (checked after). */
		struct fw_gpage *g = fw_gpage(pte & GVT_GGTT_PTE_ADDR_MASK);

		if (!g || g->owner != FW_GPAGE_CREATING ||
		    (pte & ~GVT_GGTT_PTE_ADDR_MASK) != GVT_GGTT_PTE_PRESENT)
			fz_fail("ggtt_write(%#x, %#llx) while creating: not the new scratch page",
				index, pte);
		fw.ggtt[index] = pte;
		return;
	}
	if (fw.creating || !v)
		fz_fail("ggtt_write(%#x) outside every vGPU's ranges", index);
	fw_host_check(v, "ggtt_write");
	if (pte == v->scratch_pte) {
		fw.ggtt[index] = pte;
		return;
	}
	gfn = fw_guest_frame(v, pte & GVT_GGTT_PTE_ADDR_MASK);
	if ((pte & ~GVT_GGTT_PTE_ADDR_MASK) != GVT_GGTT_PTE_PRESENT || gfn < 0)
		fz_fail("ggtt_write(%#x, %#llx): not a page of vGPU %u", index,
			pte, v->slot);
	if (!v->pins[gfn])
		fz_fail("ggtt_write(%#x, %#llx): frame %#lx not pinned", index,
			pte, gfn);
	fw.ggtt[index] = pte;
	fw_dirty_add(v, index);
}

static void fw_fence_write(void *priv, unsigned int n, u64 val)
{
	struct fw_vgpu *v = NULL;
	unsigned int i, k;

	if (priv != &fw || n >= FW_FENCES)
		fz_fail("fence_write(%u): bad fence or private pointer", n);
	for (i = 0; i < FW_VGPUS; i++)
		for (k = 0; k < fw.v[i].res.num_fences; k++)
			if (fw.v[i].vgpu && fw.v[i].res.fences[k] == n)
				v = &fw.v[i];
	if (!fw.creating && !v)
		fz_fail("fence_write(%u) of no vGPU", n);
	fw_host_check(v, "fence_write");
	fw.fences[n] = val;
}

static int fw_aperture_rw(void *priv, u64 gm, void *buf, unsigned int len,
			  bool write)
{
	struct fw_vgpu *v = fw_entry_owner(gm >> GVT_GTT_PAGE_SHIFT);

	if (!v || !fw_in(gm, v->res.low_gm_base, v->res.low_gm_size) ||
	    (gm & (FW_PAGE - 1)) + len > FW_PAGE)
		fz_fail("aperture_rw(%#llx, %u) outside an aperture page", gm,
			len);
	fw_host_check(v, "aperture_rw");
	if (!write)
		memset(buf, 0xa5, len);
	return 0;
}

/* --- fake host: shadow page table pages --------------------------------- */

static struct fw_gpage *fw_gpage(u64 bus)
{
	u64 i = (bus - FW_BUS_GPU) >> GVT_GTT_PAGE_SHIFT;

	if (bus < FW_BUS_GPU || i >= FW_GPU_PAGES)
		return NULL;
	return &fw.gpages[i];
}

static void *fw_alloc_gpu_page(void *priv, u64 *bus)
{
	struct fw_vgpu *v = fw_locked_vgpu();
	unsigned int i;

	if (priv != &fw)
		fz_fail("alloc_gpu_page: wrong private pointer");
	if (!v && !fw_dev_locked())
		fz_fail("alloc_gpu_page without a lock");
	/* Set-up is not under test: no failure while creating a vGPU. */
	if (fw.fail_allocs && !fw.creating) {
		fw.fail_allocs--;
		return NULL;
	}
	for (i = 0; i < FW_GPU_PAGES; i++) {
		struct fw_gpage *g = &fw.gpages[i];

		if (g->owner != FW_GPAGE_FREE)
			continue;
		g->va = calloc(1, FW_PAGE);
		if (!g->va)
			fz_fail("out of memory");
		if (fw.creating) {
			/* The new vGPU's GGTT scratch page, under the device lock. */
			if (!fw_dev_locked())
				fz_fail("alloc_gpu_page while creating without the device lock");
			g->owner = FW_GPAGE_CREATING;
			fw.gpages_live++;
			*bus = FW_BUS_GPU + ((u64)i << GVT_GTT_PAGE_SHIFT);
			return g->va;
		}
		/*
		 * The shared scratch page and tables are allocated while the
		 * device has none (ppgtt.c sets pt_scratch once all exist).
		 */
		if (fw.gvt->pt_scratch && !v)
			fz_fail("alloc_gpu_page of a table without a vGPU lock");
		g->owner = fw.gvt->pt_scratch ? (int)v->slot : FW_GPAGE_SHARED;
		fw.gpages_live++;
		*bus = FW_BUS_GPU + ((u64)i << GVT_GTT_PAGE_SHIFT);
		return g->va;
	}
	return NULL;
}

/* Is gpu page @target reachable from the shadow root @root? */
static FW_NO_COV bool fw_reaches(u64 root, struct fw_gpage *target, int level)
{
	struct fw_gpage *g = fw_gpage(root);
	const u64 *t;
	unsigned int i;

	if (!g || g->owner == FW_GPAGE_FREE)
		return false;
	if (g == target)
		return true;
	if (level == 0 || g->mark == fw.mark)
		return false;
	g->mark = fw.mark;
	t = (const u64 *)g->va;
	for (i = 0; i < 512; i++)
		if ((t[i] & 1) &&
		    fw_reaches(t[i] & GENMASK_ULL(38, 12), target, level - 1))
			return true;
	return false;
}

static void fw_free_gpu_page(void *priv, void *va, u64 bus)
{
	struct fw_gpage *g = fw_gpage(bus);
	unsigned int e;

	if (priv != &fw)
		fz_fail("free_gpu_page: wrong private pointer");
	if (!g || g->owner == FW_GPAGE_FREE || g->va != va)
		fz_fail("free_gpu_page(%#llx) of no page allocated", bus);
	if (g->owner > FW_GPAGE_SHARED && g->owner < FW_GPAGE_CREATING &&
	    !fw_locked(&fw.v[g->owner - FW_GPAGE_GTT(0)]) && !fw_dev_locked())
		fz_fail("free_gpu_page(%#llx): GGTT scratch of vGPU %d without its lock",
			bus, g->owner - FW_GPAGE_GTT(0));
	if (g->owner < FW_GPAGE_SHARED && !fw_locked(&fw.v[g->owner]) &&
	    !fw_dev_locked())
		fz_fail("free_gpu_page(%#llx) of vGPU %d without its lock",
			bus, g->owner);
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		struct gvt_workload *wl = fw.hw[e].wl;

		if (!wl || !wl->ppgtt_root)
			continue;
		fw.mark++;
		if (fw_reaches(wl->ppgtt_root, g, 3))
			fz_fail("free_gpu_page(%#llx): in use on engine %u",
				bus, e);
	}
	free(g->va);
	g->va = NULL;
	g->owner = FW_GPAGE_FREE;
	fw.gpages_live--;
}

/* Shadow pages of @v: how many, and a checksum of their contents. */
static FW_NO_COV unsigned int fw_gpages_of(const struct fw_vgpu *v, u64 *sum)
{
	unsigned int i, n = 0, k;
	u64 s = 0;

	for (i = 0; i < FW_GPU_PAGES; i++) {
		const u64 *t = (const u64 *)fw.gpages[i].va;

		if (fw.gpages[i].owner != (int)v->slot)
			continue;
		n++;
		s = s * 31 + i;
		for (k = 0; k < 512; k++)
			s = s * 0x100000001b3ULL + t[k];
	}
	if (sum)
		*sum = s;
	return n;
}

/* --- fake host: the engines -------------------------------------------- */

static void fw_hw_finish(struct fw_hw *hw, int status)
{
	struct gvt_workload *wl = hw->wl;
	u32 ev = gvt_sim_engine_take_events(&hw->exec);

	if (ev & GVT_SIM_EV_USER_INTERRUPT)
		wl->events |= GVT_WL_EVENT_USER;
	if (ev & GVT_SIM_EV_NOTIFY)
		wl->events |= GVT_WL_EVENT_NOTIFY;
	wl->ctx_timestamp += 16 * hw->slices + 1;
	gvt_wl_layout_fini(&hw->lay);
	fz_trace("  engine %u: workload of vGPU %u completed: %d (%s)\n",
		 hw->id, hw->owner->slot, status,
		 hw->exec.err_reason ? hw->exec.err_reason : "-");
	hw->wl = NULL;
	hw->owner = NULL;
	fw.completions++;
	gvt_workload_complete(wl, status);
}

/* One call of the executor; completes the workload when it is over. */
static void fw_hw_slice(struct fw_hw *hw, u32 budget)
{
	enum gvt_sim_exec_status st;
	u64 cmds = hw->exec.stats.cmds;

	/*
	 * A dword of budget costs at most a few accesses (a command fetch
	 * through four levels of tables, a data page); the first row of a
	 * blit always runs, up to 1 MiB in 64-byte pieces.
	 */
	hw->accesses = 0;
	hw->max_accesses = 16 * budget + (1U << 20);
	st = gvt_sim_engine_run(&hw->exec, budget);
	if (hw->exec.stats.cmds != cmds)
		hw->ran = true;
	hw->slices++;
	switch (st) {
	case GVT_SIM_EXEC_DONE:
		fw_hw_finish(hw, 0);
		return;
	case GVT_SIM_EXEC_ERROR:
		fw_hw_finish(hw, -EIO);
		return;
	case GVT_SIM_EXEC_STOPPED:
		fw_hw_finish(hw, hw->ran ? -EIO : -ECANCELED);
		return;
	case GVT_SIM_EXEC_WAIT:
	case GVT_SIM_EXEC_BUDGET:
		break;
	}
	/* gvt_sim's workload timeout, counted in slices. */
	if (hw->slices >= fw.hang_slices)
		fw_hw_finish(hw, -EIO);
}

static void fw_win_write(void *priv, u32 off, const u32 *dw, u32 n)
{
	struct fw_hw *hw = priv;
	const u8 *src = (const u8 *)dw;
	u32 len = 4 * n, chunk;

	while (len) {
		chunk = min(len, FW_PAGE - (off & (FW_PAGE - 1)));
		if (off / FW_PAGE >= hw->nr_pages)
			fz_fail("window write at %#x beyond the layout", off);
		memcpy(hw->win[off / FW_PAGE] + (off & (FW_PAGE - 1)), src,
		       chunk);
		off += chunk;
		src += chunk;
		len -= chunk;
	}
}

static int fw_submit(void *priv, struct gvt_workload *wl)
{
	struct fw_vgpu *v = fw_by_id(wl->vgpu_id);
	struct gvt_sim_ring ring = { .start = FW_WIN_GM };
	struct fw_gpage *root;
	struct fw_hw *hw;
	int ret;

	if (priv != &fw)
		fz_fail("submit: wrong private pointer");
	if (!v || !fw_locked(v))
		fz_fail("submit of vGPU id %u without its lock", wl->vgpu_id);
	if ((unsigned int)wl->engine >= GVT_NUM_ENGINES || !wl->nr_bufs ||
	    !wl->bufs || wl->addressing_mode != GVT_WL_ADDR_LEGACY_64 ||
	    !wl->privileged)
		fz_fail("submit: malformed workload of vGPU %u", v->slot);
	if (!gvt_gm_range_owned(v->vgpu, wl->lrca, 2 * FW_PAGE))
		fz_fail("submit: context %#llx outside vGPU %u", wl->lrca,
			v->slot);
	root = wl->ppgtt_root ? fw_gpage(wl->ppgtt_root) : NULL;
	if (wl->ppgtt_root &&
	    (!root || root->owner != (int)v->slot ||
	     (wl->ppgtt_root & (FW_PAGE - 1))))
		fz_fail("submit: PPGTT root %#llx is no table of vGPU %u",
			wl->ppgtt_root, v->slot);
	hw = &fw.hw[wl->engine];
	if (!hw->present)
		return -ENODEV;
	if (hw->wl)
		fz_fail("submit: engine %u already runs a workload",
			wl->engine);
	if (fw.fail_submit) {
		ret = fw.fail_submit;
		fw.fail_submit = 0;
		return ret;
	}
	ret = gvt_wl_layout(&hw->lay, wl, FW_WIN_GM, FW_WIN_SIZE);
	if (ret)
		return ret;
	while (hw->nr_pages < (hw->lay.total + FW_PAGE - 1) / FW_PAGE)
		memset(hw->win[hw->nr_pages++], 0, FW_PAGE);
	gvt_wl_layout_copy(&hw->lay, wl, fw_win_write, hw);
	gvt_sim_engine_reset(&hw->exec);
	ring.size = hw->lay.ring_size;
	ring.tail = hw->lay.ring_tail;
	ring.pml4 = wl->ppgtt_root;
	ring.hwsp = wl->lrca;
	ret = gvt_sim_engine_load(&hw->exec, &ring);
	if (ret) {
		gvt_wl_layout_fini(&hw->lay);
		return ret;
	}
	memset(hw->reg_off, 0, sizeof(hw->reg_off));
	hw->wl = wl;
	hw->owner = v;
	hw->ran = false;
	hw->slices = 0;
	fw.submits++;
	fz_trace("  engine %u: workload of vGPU %u: %u buffers, %u ring dwords\n",
		 wl->engine, v->slot, wl->nr_bufs, wl->bufs[0].ndw);
	/* A backend may run a short workload inside submit(). */
	while (fw.sync && hw->wl)
		fw_hw_slice(hw, FW_DRAIN_BUDGET);
	return 0;
}

static void fw_cancel(void *priv, struct gvt_workload *wl)
{
	struct fw_hw *hw;

	if ((unsigned int)wl->engine >= GVT_NUM_ENGINES)
		fz_fail("cancel: bad engine %u", wl->engine);
	hw = &fw.hw[wl->engine];
	if (priv != &fw || hw->wl != wl)
		fz_fail("cancel of a workload not in flight on engine %u",
			wl->engine);
	if (!fw_locked(hw->owner))
		fz_fail("cancel without the lock of vGPU %u", hw->owner->slot);
	/* Stopped at the next command boundary, as gvt_sim does. */
	fw_hw_finish(hw, hw->ran ? -EIO : -ECANCELED);
}

static const struct gvt_host_ops fw_host_ops = {
	.ggtt_clear = fw_ggtt_clear,
	.ggtt_write = fw_ggtt_write,
	.fence_write = fw_fence_write,
	.aperture_rw = fw_aperture_rw,
	.submit = fw_submit,
	.cancel = fw_cancel,
	.alloc_gpu_page = fw_alloc_gpu_page,
	.free_gpu_page = fw_free_gpu_page,
};

/* --- the executor's view of the GPU ------------------------------------ */

/* Execution within a budget is bounded: a call that never ends is a hang. */
static void fw_exec_count(struct fw_hw *hw)
{
	if (++hw->accesses > hw->max_accesses)
		fz_fail("engine %u: vGPU %u: %u accesses, executor stuck (%s: %08x %08x %08x %08x)",
			hw->id, hw->owner->slot, hw->accesses,
			hw->exec.level ? "batch" : "ring", hw->exec.cmd[0],
			hw->exec.cmd[1], hw->exec.cmd[2], hw->exec.cmd[3]);
}

static u64 fw_exec_ggtt_pte(void *priv, u32 index)
{
	struct fw_hw *hw = priv;
	struct fw_vgpu *v = hw->owner;
	u64 win = FW_WIN_GM >> GVT_GTT_PAGE_SHIFT, pte;
	long gfn;

	fw_exec_count(hw);
	if (index >= win && index - win < FW_WIN_PAGES)
		return index - win < hw->nr_pages ?
		       (FW_BUS_WIN + ((u64)hw->id << 24) +
			((u64)(index - win) << GVT_GTT_PAGE_SHIFT)) | 1 : 0;
	if (!fw_owns_entry(v, index))
		fz_fail("engine %u: vGPU %u reaches GGTT entry %#x (%s: %08x %08x %08x %08x)",
			hw->id, v->slot, index,
			hw->exec.level ? "batch" : "ring", hw->exec.cmd[0],
			hw->exec.cmd[1], hw->exec.cmd[2], hw->exec.cmd[3]);
	pte = fw.ggtt[index];
	if (pte == FW_SCRATCH_PTE)
		return 0;
	/* Its own scratch page: a real page, as on the hardware. */
	if (pte == v->scratch_pte)
		return pte;
	gfn = fw_guest_frame(v, pte & GVT_GGTT_PTE_ADDR_MASK);
	if (gfn < 0 || !v->pins[gfn])
		fz_fail("engine %u: host GGTT entry %#x of vGPU %u is %#llx: not pinned",
			hw->id, index, v->slot, pte);
	return pte;
}

static bool fw_exec_dma_rw(void *priv, u64 addr, void *buf,
			   unsigned int len, bool write)
{
	struct fw_hw *hw = priv;
	struct fw_vgpu *v = hw->owner;
	unsigned int off = addr & (FW_PAGE - 1);
	struct fw_gpage *g;
	long gfn;
	u8 *p;

	fw_exec_count(hw);
	if (!len || off + len > FW_PAGE)
		fz_fail("engine %u: access of %u bytes at %#llx crosses a page",
			hw->id, len, addr);
	gfn = fw_guest_frame(v, addr);
	g = fw_gpage(addr);
	if (gfn >= 0) {
		if (!v->pins[gfn])
			fz_fail("engine %u: vGPU %u %s frame %#lx, which it has not pinned",
				hw->id, v->slot, write ? "writes" : "reads",
				gfn);
		p = v->mem[gfn] + off;
	} else if (g) {
		if (g->owner == FW_GPAGE_GTT(v->slot)) {
			/* Its GGTT scratch page: reads and writes its own. */
			p = g->va + off;
		} else if (g->owner == FW_GPAGE_FREE ||
			   (g->owner != (int)v->slot &&
			    g->owner != FW_GPAGE_SHARED)) {
			fz_fail("engine %u: vGPU %u reaches GPU page %#llx (owner %d)",
				hw->id, v->slot, addr, g->owner);
		} else if (write) {
			fz_fail("engine %u: vGPU %u writes page table page %#llx",
				hw->id, v->slot, addr);
		} else {
			p = g->va + off;
		}
	} else if (addr >= FW_BUS_WIN + ((u64)hw->id << 24) &&
		   ((addr - FW_BUS_WIN - ((u64)hw->id << 24)) >>
		    GVT_GTT_PAGE_SHIFT) < hw->nr_pages) {
		if (write)
			fz_fail("engine %u: vGPU %u writes the copy of its commands at %#llx",
				hw->id, v->slot, addr);
		p = hw->win[(addr - FW_BUS_WIN - ((u64)hw->id << 24)) >>
			    GVT_GTT_PAGE_SHIFT] + off;
	} else {
		fz_fail("engine %u: vGPU %u reaches bus address %#llx",
			hw->id, v->slot, addr);
		return false;
	}
	if (write)
		memcpy(p, buf, len);
	else
		memcpy(buf, p, len);
	return true;
}

static int fw_reg_slot(struct fw_hw *hw, u32 offset, bool add)
{
	unsigned int i, h = (offset >> 2) * 0x9e3779b1U >> 24;

	for (i = 0; i < FW_REG_SLOTS; i++) {
		unsigned int s = (h + i) % FW_REG_SLOTS;

		if (hw->reg_off[s] == offset + 1)
			return s;
		if (!hw->reg_off[s]) {
			if (!add)
				return -1;
			hw->reg_off[s] = offset + 1;
			hw->reg_val[s] = 0;
			return s;
		}
	}
	return -1;
}

static u32 fw_exec_reg_read(void *priv, u32 offset)
{
	struct fw_hw *hw = priv;
	int s = fw_reg_slot(hw, offset, false);

	return s < 0 ? 0 : hw->reg_val[s];
}

static void fw_exec_reg_write(void *priv, u32 offset, u32 val)
{
	struct fw_hw *hw = priv;
	int s;

	if (!gvt_mmio_cmd_access(fw.gvt, offset))
		fz_fail("engine %u: vGPU %u writes register %#x, not on the whitelist",
			hw->id, hw->owner->slot, offset);
	s = fw_reg_slot(hw, offset, true);
	if (s >= 0)
		hw->reg_val[s] = val;
}

static u64 fw_exec_timestamp(void *priv)
{
	struct fw_hw *hw = priv;

	return hw->now++;
}

static bool fw_exec_batch_start(void *priv, u64 addr, bool *ppgtt,
				bool *privileged)
{
	struct fw_hw *hw = priv;

	/* Every batch is a copy in the window, as on gvt_sim. */
	*ppgtt = false;
	return gvt_wl_layout_batch(&hw->lay, hw->wl, addr, privileged);
}

static const struct gvt_sim_engine_ops fw_exec_ops = {
	.ggtt_pte = fw_exec_ggtt_pte,
	.dma_rw = fw_exec_dma_rw,
	.reg_read = fw_exec_reg_read,
	.reg_write = fw_exec_reg_write,
	.timestamp = fw_exec_timestamp,
	.batch_start = fw_exec_batch_start,
};

/* --- fake hypervisor --------------------------------------------------- */

static struct fw_vgpu *fw_hv_check(void *priv, const char *what, u64 gfn)
{
	struct fw_vgpu *v = priv;

	if (v != &fw.v[0] && v != &fw.v[1])
		fz_fail("%s(%#llx): wrong private pointer", what, gfn);
	if (!v->vgpu || !v->attached)
		fz_fail("%s(%#llx) for vGPU %u, which is %s", what, gfn,
			v->slot, v->vgpu ? "detached" : "gone");
	if (!fw_locked(v))
		fz_fail("%s(%#llx) without the lock of vGPU %u", what, gfn,
			v->slot);
	return v;
}

static int fw_pin_gfn(void *priv, u64 gfn, u64 *addr)
{
	struct fw_vgpu *v = fw_hv_check(priv, "pin_gfn", gfn);

	if (gfn >= FW_FRAMES)
		return -EFAULT;
	v->pins[gfn]++;
	v->pins_held++;
	*addr = FW_BUS_GUEST(v->slot, gfn);
	return 0;
}

static void fw_unpin_gfn(void *priv, u64 gfn)
{
	struct fw_vgpu *v = fw_hv_check(priv, "unpin_gfn", gfn);

	if (gfn >= FW_FRAMES || !v->pins[gfn])
		fz_fail("unpin_gfn(%#llx) of vGPU %u: not pinned", gfn,
			v->slot);
	v->pins[gfn]--;
	v->pins_held--;
}

static int fw_rw_gpa(void *priv, u64 gpa, void *buf, unsigned int len,
		     bool write)
{
	struct fw_vgpu *v = fw_hv_check(priv, "rw_gpa", gpa);
	unsigned int off, n;
	u8 *b = buf;
	u64 gfn;

	while (len) {
		gfn = gpa >> GVT_GTT_PAGE_SHIFT;
		off = gpa & (FW_PAGE - 1);
		n = min(len, FW_PAGE - off);
		if (gfn >= FW_FRAMES)
			return -EFAULT;
		if (write)
			memcpy(v->mem[gfn] + off, b, n);
		else
			memcpy(b, v->mem[gfn] + off, n);
		gpa += n;
		b += n;
		len -= n;
	}
	return 0;
}

static int fw_inject_msi(void *priv, u64 addr, u32 data)
{
	struct fw_vgpu *v = fw_hv_check(priv, "inject_msi", addr);

	if (!(v->vgpu->cfg[GVT_CFG_MSI_CTL] & GVT_CFG_MSI_ENABLE))
		fz_fail("inject_msi for vGPU %u with MSI disabled", v->slot);
	v->msis++;
	return 0;
}

static int fw_track_page(void *priv, u64 gfn, bool enable)
{
	struct fw_vgpu *v = fw_hv_check(priv, "track_page", gfn);

	if (gfn >= FW_FRAMES)
		return -EINVAL;
	if (v->tracked[gfn] == enable)
		fz_fail("track_page(%#llx, %d) of vGPU %u: tracking nested",
			gfn, enable, v->slot);
	v->tracked[gfn] = enable;
	if (enable)
		v->ntracked++;
	else
		v->ntracked--;
	return 0;
}

static const struct gvt_hv_ops fw_hv_ops = {
	.pin_gfn = fw_pin_gfn,
	.unpin_gfn = fw_unpin_gfn,
	.rw_gpa = fw_rw_gpa,
	.inject_msi = fw_inject_msi,
	.track_page = fw_track_page,
};

static const struct gvt_hv_ops fw_hv_ops_untracked = {
	.pin_gfn = fw_pin_gfn,
	.unpin_gfn = fw_unpin_gfn,
	.rw_gpa = fw_rw_gpa,
	.inject_msi = fw_inject_msi,
};

static const struct gvt_hv_ops *fw_hv(void)
{
	return fw.world & FW_WORLD_NO_TRACK ? &fw_hv_ops_untracked :
					      &fw_hv_ops;
}

/*
 * No tracked frame or shadow page left of @v (nor any pin, with @all),
 * nothing in flight.
 */
static void fw_check_released(struct fw_vgpu *v, const char *after, bool all)
{
	unsigned int e;

	if ((all && v->pins_held) || v->ntracked || fw_gpages_of(v, NULL))
		fz_fail("vGPU %u after %s: %ld pins, %u frames tracked, %u shadow pages",
			v->slot, after, v->pins_held, v->ntracked,
			fw_gpages_of(v, NULL));
	for (e = 0; e < GVT_NUM_ENGINES; e++)
		if (fw.hw[e].owner == v)
			fz_fail("vGPU %u after %s: a workload in flight on engine %u",
				v->slot, after, e);
}

/* --- quiet vGPUs ------------------------------------------------------- */

/* Has @v nothing the scheduler or the host would still do? */
static bool fw_quiet(struct fw_vgpu *v)
{
	struct gvt_vgpu *g = v->vgpu;
	struct gvt_wl *wl;
	bool queued = false;
	unsigned int e;

	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		const struct gvt_execlist *el = &g->execlist[e];
		u32 mi = *gvt_vreg(g, gvt_engine_base(e) + GVT_RING_MI_MODE);

		if (el->inflight || fw.hw[e].owner == v)
			return false;
		if (el->need_run && el->active && !el->hung && !g->failsafe &&
		    !(mi & GVT_MI_MODE_STOP_RING))
			return false;
	}
	list_for_each_entry(wl, &fw.gvt->done, link)
		queued |= wl->vgpu == g;
	return !queued;
}

static void fw_snap_common(struct fw_vgpu *v, enum fw_snap_kind kind)
{
	struct fw_snap *s = &v->snap;

	s->kind = kind;
	s->counters = v->vgpu->counters;
	s->pins_held = v->pins_held;
	s->ntracked = v->ntracked;
	s->gpages = fw_gpages_of(v, &s->gpages_sum);
	s->host_calls = v->host_calls;
	s->msis = v->msis;
}

static void fw_snap_take(struct fw_vgpu *v)
{
	if (!v->snap.mem) {
		v->snap.mem = calloc(FW_FRAMES, FW_PAGE);
		if (!v->snap.mem)
			fz_fail("out of memory");
	}
	fz_state_save(&v->fv->snap, v->fv);
	memcpy(v->snap.mem, v->mem, FW_FRAMES * FW_PAGE);
	fw_snap_common(v, FW_SNAP_FULL);
}

/* @v has not changed since its snapshot (if it has one); drop it. */
static void fw_snap_verify(struct fw_vgpu *v, const char *when)
{
	static const u8 zero[FW_PAGE];
	struct fw_snap *s = &v->snap;
	unsigned int gpages, k;
	u64 sum;

	if (s->kind == FW_SNAP_NONE)
		return;
	gpages = fw_gpages_of(v, &sum);
	if (s->pins_held != v->pins_held || s->ntracked != v->ntracked)
		fz_fail("vGPU %u: pins %ld -> %ld, tracked %u -> %u while it was quiet (%s)",
			v->slot, s->pins_held, v->pins_held, s->ntracked,
			v->ntracked, when);
	if (s->gpages != gpages || s->gpages_sum != sum)
		fz_fail("vGPU %u: its shadow page tables changed while it was quiet (%s)",
			v->slot, when);
	if (s->host_calls != v->host_calls || s->msis != v->msis)
		fz_fail("vGPU %u: host callbacks or MSIs while it was quiet (%s)",
			v->slot, when);
	if (memcmp(&s->counters, &v->vgpu->counters, sizeof(s->counters)))
		fz_fail("vGPU %u: counters changed while it was quiet (%s)",
			v->slot, when);
	fz_state_check(s->kind == FW_SNAP_BASE ? &v->fv->base : &v->fv->snap,
		       v->fv, when);
	for (k = 0; k < FW_FRAMES; k++)
		if (memcmp(v->mem[k], s->kind == FW_SNAP_BASE ? zero :
			   s->mem[k], FW_PAGE))
			fz_fail("vGPU %u: guest frame %#x changed while it was quiet (%s)",
				v->slot, k, when);
	s->kind = FW_SNAP_NONE;
}

/* --- the guest --------------------------------------------------------- */

/* Guest pages: each low GM page k < 64 maps frame k. */
#define FW_HWSP(e)		(e)
#define FW_CTX(e, c)		(8 + 4 * (e) + 2 * (c))	/* two pages */
#define FW_RING(e, c)		(32 + 2 * (e) + (c))
#define FW_GB(n)		(48 + (n))		/* GGTT batches */
#define FW_GD(n)		(56 + (n))		/* GGTT data */
#define FW_GGTT_PAGES		64
#define FW_HIGH_PAGES		8			/* high GM -> 144.. */
#define FW_PML4			64
#define FW_PDP			65
#define FW_PD			66
#define FW_PT			67
#define FW_PT64			68
#define FW_PML4B		69			/* root of context 1 */
#define FW_PPGTT_FIRST		80	/* PT entry i -> frame 80 + i */
#define FW_PPGTT_RW		32	/* entries 0..31 RW, 32 read-only */
#define FW_PB(n)		(FW_PPGTT_FIRST + 1 + (n))	/* batches */
#define FW_PB_VA(n)		(0x1000ULL * (1 + (n)))
#define FW_RO_VA		0x20000ULL
#define FW_64K_VA		0x200000ULL
#define FW_64K_FRAME		128
#define FW_CTXS			10
#define FW_RING_SIZE		4096U
#define FW_BATCH_DW		(FW_PAGE / 4)

#define PTE_P			BIT_ULL(0)
#define PTE_RW			BIT_ULL(1)
#define PDE_IPS			BIT_ULL(11)
#define GPTE(gfn)		(((u64)(gfn) << GVT_GTT_PAGE_SHIFT) | 1)

#define MI_NOOP			0x00000000
#define MI_USER_INTERRUPT	0x01000000
#define MI_BB_END		0x05000000
#define MI_ARB_CHECK		0x02800000
#define MI_MATH(n)		(0x0d000000 | ((n) - 1))
#define MI_SEM_WAIT		0x0e008002
#define MI_SDI			0x10000002
#define MI_SDI_INDEX		0x10800001
#define MI_LRI1			0x11000001
#define MI_SRM			0x12000002
#define MI_FLUSH_DW		0x13000002
#define MI_LRM			0x14800002
#define MI_LRR			0x15000001
#define MI_COPY_MEM		0x17000003
#define MI_ATOMIC		0x17800001
#define MI_BB_START		0x18800001
#define MI_GGTT			BIT(22)
#define BB_PPGTT		BIT(8)
#define BB_2ND			BIT(22)
#define POST_SYNC_IMM		BIT(14)
#define PIPE_CONTROL		0x7a000004
#define PC_GGTT			BIT(24)
#define PC_INDEX		BIT(21)
#define PC_NOTIFY		BIT(8)
#define XY_COLOR_BLT		0x54300005
#define XY_SRC_COPY_BLT		0x54f00008
#define XY_FAST_COPY_BLT	0x50800008
#define GFX_3DSTATE		0x78000001

static u64 fw_gm(const struct fw_vgpu *v, unsigned int k)
{
	return v->res.low_gm_base + ((u64)k << GVT_GTT_PAGE_SHIFT);
}

/* A guest CPU write to its memory, reported where the core tracks. */
static void fw_guest_write(struct fw_vgpu *v, u64 gpa, const void *buf,
			   unsigned int len)
{
	const u8 *b = buf;
	unsigned int off, n;
	u64 gfn;

	while (len) {
		gfn = gpa >> GVT_GTT_PAGE_SHIFT;
		off = gpa & (FW_PAGE - 1);
		n = min(len, FW_PAGE - off);
		if (gfn >= FW_FRAMES)
			return;
		memcpy(v->mem[gfn] + off, b, n);
		if (v->tracked[gfn])
			gvt_vgpu_page_written(v->vgpu, gpa, b, n);
		gpa += n;
		b += n;
		len -= n;
	}
}

static void fw_guest_dw(struct fw_vgpu *v, unsigned int page, u32 index,
			u32 val)
{
	fw_guest_write(v, ((u64)page << GVT_GTT_PAGE_SHIFT) + 4 * index, &val,
		       4);
}

static void fw_guest_qw(struct fw_vgpu *v, unsigned int page, u32 index,
			u64 val)
{
	fw_guest_write(v, ((u64)page << GVT_GTT_PAGE_SHIFT) + 8 * index, &val,
		       8);
}

static int fw_mmio(struct fw_vgpu *v, u64 off, u64 *val, unsigned int len,
		   bool write)
{
	return write ? gvt_vgpu_mmio_write(v->vgpu, off, val, len) :
		       gvt_vgpu_mmio_read(v->vgpu, off, val, len);
}

static void fw_wr32(struct fw_vgpu *v, u32 off, u32 val)
{
	u64 x = val;

	if (fw_mmio(v, off, &x, 4, true))
		fz_fail("vGPU %u: write of register %#x refused", v->slot, off);
}

static void fw_ggtt8(struct fw_vgpu *v, u64 index, u64 pte)
{
	if (fw_mmio(v, GVT_GGTT_OFFSET + 8 * index, &pte, 8, true))
		fz_fail("vGPU %u: GGTT write %#llx refused", v->slot, index);
}

/* Register state dword @idx of context image @ctx (0..9). */
static void fw_ctx_reg(struct fw_vgpu *v, unsigned int ctx, u32 idx, u32 val)
{
	fw_guest_dw(v, FW_CTX(ctx / 2, ctx % 2) + 1, idx, val);
}

static u32 fw_ctx_reg_get(struct fw_vgpu *v, unsigned int ctx, u32 idx)
{
	return ((u32 *)v->mem[FW_CTX(ctx / 2, ctx % 2) + 1])[idx];
}

static void fw_engine_init(struct fw_vgpu *v, enum gvt_engine e)
{
	u32 base = gvt_engine_base(e), n;

	fw_wr32(v, base + GVT_RING_GFX_MODE, 0x80008000);
	fw_wr32(v, base + GVT_RING_MI_MODE, 0x01000000);
	fw_wr32(v, base + GVT_RING_HWS_PGA, fw_gm(v, FW_HWSP(e)));
	fw_wr32(v, base + GVT_RING_CSB_PTR, 0xffff0505);
	for (n = 0x10; n < 0x1c; n++)
		fw_guest_dw(v, FW_HWSP(e), n, ~0U);
	fw_guest_dw(v, FW_HWSP(e), 0x1f, 5);
}

static const u32 fw_gt_ier[4] = { 0x09090909, 0x09090909, 0, 0x00000909 };

/* The guest as i915 leaves it before its first request (see the top). */
static void fw_guest_init(struct fw_vgpu *v)
{
	u32 low = v->res.low_gm_base >> GVT_GTT_PAGE_SHIFT;
	u32 high = v->res.high_gm_base >> GVT_GTT_PAGE_SHIFT;
	u16 ctl = GVT_CFG_MSI_ENABLE, data = 0x4041;
	u32 addr = 0xfee00000;
	unsigned int k, n, c;
	enum gvt_engine e;
	u64 val;

	for (k = 0; k < FW_GGTT_PAGES; k++)
		fw_ggtt8(v, low + k, GPTE(k));
	for (k = 0; k < FW_HIGH_PAGES; k++)
		fw_ggtt8(v, high + k, GPTE(144 + k));
	fw_mmio(v, GVT_PVINFO_OFFSET, &val, 8, false);
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		fw_engine_init(v, e);
		for (c = 0; c < 2; c++) {
			unsigned int ctx = 2 * e + c;
			u64 root = (u64)(c ? FW_PML4B : FW_PML4) <<
				   GVT_GTT_PAGE_SHIFT;

			fw_ctx_reg(v, ctx, GVT_CTX_RING_START,
				   fw_gm(v, FW_RING(e, c)));
			fw_ctx_reg(v, ctx, GVT_CTX_RING_CTL, 1);
			fw_ctx_reg(v, ctx, GVT_CTX_RING_HEAD, 0);
			fw_ctx_reg(v, ctx, GVT_CTX_RING_TAIL, 0);
			fw_ctx_reg(v, ctx, GVT_CTX_CTRL, 0);
			fw_ctx_reg(v, ctx, GVT_CTX_PDP0_LDW, (u32)root);
			fw_ctx_reg(v, ctx, GVT_CTX_PDP0_UDW, root >> 32);
			v->tail[ctx] = 0;
		}
	}
	for (n = 0; n < 4; n++) {
		fw_wr32(v, GVT_REG_GT_ISR(n) + GVT_IRQ_IMR, ~0U);
		fw_wr32(v, GVT_REG_GT_ISR(n) + GVT_IRQ_IIR, ~0U);
		fw_wr32(v, GVT_REG_GT_ISR(n) + GVT_IRQ_IER, fw_gt_ier[n]);
		fw_wr32(v, GVT_REG_GT_ISR(n) + GVT_IRQ_IMR, ~fw_gt_ier[n]);
	}
	gvt_vgpu_cfg_write(v->vgpu, GVT_CFG_MSI_ADDR, &addr, 4);
	gvt_vgpu_cfg_write(v->vgpu, GVT_CFG_MSI_DATA, &data, 2);
	gvt_vgpu_cfg_write(v->vgpu, GVT_CFG_MSI_CTL, &ctl, 2);
	fw_wr32(v, GVT_REG_MASTER_IRQ, GVT_MASTER_IRQ_ENABLE);

	fw_guest_qw(v, FW_PML4, 0, GPTE(FW_PDP) | PTE_RW);
	fw_guest_qw(v, FW_PML4B, 0, GPTE(FW_PDP) | PTE_RW);
	fw_guest_qw(v, FW_PDP, 0, GPTE(FW_PD) | PTE_RW);
	fw_guest_qw(v, FW_PD, 0, GPTE(FW_PT) | PTE_RW);
	fw_guest_qw(v, FW_PD, 1, GPTE(FW_PT64) | PTE_RW | PDE_IPS);
	for (k = 0; k <= FW_PPGTT_RW; k++)
		fw_guest_qw(v, FW_PT, k, GPTE(FW_PPGTT_FIRST + k) |
			    (k < FW_PPGTT_RW ? PTE_RW : 0));
	fw_guest_qw(v, FW_PT64, 0, GPTE(FW_64K_FRAME) | PTE_RW);
	for (k = 0; k < 8; k++) {
		fw_guest_dw(v, FW_GB(k), 0, MI_BB_END);
		fw_guest_dw(v, FW_PB(k), 0, MI_BB_END);
		v->bpos[k] = 0;
		v->bpos[8 + k] = 0;
	}
	v->inited = true;
}

/* PPGTT data address @p of the guest (frames 96 to 103). */
static u64 fw_pd_va(u32 p)
{
	return 0x10000ULL + 0x1000 * (p & 7) + 8 * ((p >> 3) & 15);
}

/* GGTT data address @p of the guest. */
static u64 fw_gd(const struct fw_vgpu *v, u32 p)
{
	return fw_gm(v, FW_GD(p & 7)) + 8 * ((p >> 3) & 31);
}

/*
 * A ready-made command of @kind with parameter @p and value @val, for a
 * buffer that is privileged (the ring, a GGTT batch) or not: its dwords
 * in @dw, their number returned.
 */
static unsigned int fw_cmd(const struct fw_vgpu *v, unsigned int kind, u8 p,
			   u32 val, bool ppgtt, u64 self, u32 *dw)
{
	u64 a = ppgtt ? fw_pd_va(p) : fw_gd(v, p);
	u32 reg = fw_ncmd_regs ? fw_cmd_regs[(p + val) % fw_ncmd_regs] : 0;
	unsigned int n = 0, i;

	switch (kind) {
	case 0:
		dw[n++] = val;
		break;
	case 1:
		for (i = 0; i <= (p & 7); i++)
			dw[n++] = MI_NOOP;
		break;
	case 2:
		dw[n++] = MI_SDI | (ppgtt ? 0 : MI_GGTT);
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		dw[n++] = val;
		break;
	case 3:
		a = p & 0x80 ? FW_RO_VA : p & 0x40 ?
		    FW_64K_VA + 0x1000 * (p & 15) : fw_pd_va(p);
		dw[n++] = MI_SDI;
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		dw[n++] = val;
		break;
	case 4:
		dw[n++] = MI_BB_START | BB_PPGTT | (p & 0x80 ? BB_2ND : 0);
		dw[n++] = FW_PB_VA(p & 7);
		dw[n++] = 0;
		break;
	case 5:
		a = fw_gm(v, FW_GB(p & 7));
		dw[n++] = MI_BB_START | (p & 0x80 ? BB_2ND : 0);
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		break;
	case 6:
		dw[n++] = MI_USER_INTERRUPT;
		break;
	case 7:
		dw[n++] = PIPE_CONTROL;
		dw[n++] = POST_SYNC_IMM | (p & 1 ? PC_NOTIFY : 0) |
			  (ppgtt || (p & 2) ? 0 : PC_GGTT);
		dw[n++] = (u32)a & ~7U;
		dw[n++] = a >> 32;
		dw[n++] = val;
		dw[n++] = 0;
		break;
	case 8:
		dw[n++] = MI_FLUSH_DW | POST_SYNC_IMM | (p & 1 ? PC_NOTIFY : 0);
		dw[n++] = ((u32)a & ~7U) | (ppgtt || (p & 2) ? 0 : BIT(2));
		dw[n++] = a >> 32;
		dw[n++] = val;
		break;
	case 9:
		dw[n++] = MI_LRI1;
		dw[n++] = reg;
		dw[n++] = val;
		break;
	case 10:
		dw[n++] = MI_SRM | (ppgtt ? 0 : MI_GGTT);
		dw[n++] = reg;
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		break;
	case 11:
		dw[n++] = MI_LRR;
		dw[n++] = reg;
		dw[n++] = fw_ncmd_regs ? fw_cmd_regs[p % fw_ncmd_regs] : 0;
		break;
	case 12:
		dw[n++] = MI_ATOMIC | (ppgtt ? 0 : MI_GGTT) |
			  (((p % 8) + 1) << 8);
		dw[n++] = (u32)a & ~7U;
		dw[n++] = a >> 32;
		break;
	case 13:
		dw[n++] = MI_COPY_MEM | (ppgtt ? 0 : MI_GGTT | BIT(21));
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		a = ppgtt ? fw_pd_va(p + 1) : fw_gd(v, p + 1);
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		break;
	case 14:
		/* A 32 bpp fill of up to 16 x 4 pixels. */
		a = ppgtt ? fw_pd_va(0) : fw_gd(v, 0);
		dw[n++] = XY_COLOR_BLT;
		dw[n++] = 3 << 24 | 0xf0 << 16 | 0x100;
		dw[n++] = 0;
		dw[n++] = (((p >> 4) & 3) + 1) << 16 | ((p & 15) + 1);
		dw[n++] = (u32)a;
		dw[n++] = a >> 32;
		dw[n++] = val;
		break;
	default:
		switch (p % 12) {
		case 0:
			dw[n++] = MI_BB_END;
			break;
		case 1:
			/* A batch that starts itself: runs until the hang. */
			dw[n++] = MI_BB_START | (ppgtt ? BB_PPGTT : 0);
			dw[n++] = (u32)self;
			dw[n++] = self >> 32;
			break;
		case 2:
			dw[n++] = MI_SEM_WAIT | (ppgtt ? 0 : MI_GGTT);
			dw[n++] = val;
			dw[n++] = (u32)a;
			dw[n++] = a >> 32;
			break;
		case 3:
			dw[n++] = MI_SDI_INDEX;
			dw[n++] = (val & 0x3f) * 4;
			dw[n++] = val;
			break;
		case 4:
			dw[n++] = MI_LRI1;
			dw[n++] = val & 0x1ffffc;
			dw[n++] = p;
			break;
		case 5:
			dw[n++] = GFX_3DSTATE;
			dw[n++] = val;
			dw[n++] = MI_ARB_CHECK;
			break;
		case 6:
		case 7:
			a = ppgtt ? fw_pd_va(0) : fw_gd(v, 0);
			dw[n++] = p % 12 == 6 ? XY_SRC_COPY_BLT :
					       XY_FAST_COPY_BLT;
			dw[n++] = 3 << 24 | (p % 12 == 6 ? 0xcc << 16 : 0) |
				  0x100;
			dw[n++] = 0;
			dw[n++] = 1 << 16 | ((val & 15) + 1);
			dw[n++] = (u32)a;
			dw[n++] = a >> 32;
			dw[n++] = 0;
			dw[n++] = 0x100;
			a = ppgtt ? fw_pd_va(8) : fw_gd(v, 8);
			dw[n++] = (u32)a;
			dw[n++] = a >> 32;
			break;
		case 8:
			/* GPR2 = GPR0 + GPR1, then stored. */
			dw[n++] = MI_MATH(4);
			dw[n++] = 0x080 << 20 | 0x20 << 10 | 0;
			dw[n++] = 0x080 << 20 | 0x21 << 10 | 1;
			dw[n++] = 0x100 << 20;
			dw[n++] = 0x180 << 20 | 2 << 10 | 0x31;
			break;
		case 9:
			dw[n++] = PIPE_CONTROL;
			dw[n++] = POST_SYNC_IMM | PC_INDEX;
			dw[n++] = (val & 0x1f) * 8;
			dw[n++] = 0;
			dw[n++] = val;
			dw[n++] = 0;
			break;
		case 10:
			dw[n++] = MI_LRM | (ppgtt ? 0 : MI_GGTT);
			dw[n++] = reg;
			dw[n++] = (u32)a;
			dw[n++] = a >> 32;
			break;
		default:
			/* A store of 1 to 16 dwords, across a page. */
			a = (ppgtt ? fw_pd_va(6) & ~0xfffULL :
				     fw_gm(v, FW_GD(6))) + FW_PAGE - 8;
			dw[n++] = (MI_SDI & ~0x3ffU) | (ppgtt ? 0 : MI_GGTT) |
				  ((val & 15) + 2);
			dw[n++] = (u32)a;
			dw[n++] = a >> 32;
			for (i = 0; i <= (val & 15); i++)
				dw[n++] = val + i;
			break;
		}
	}
	return n;
}

/* Append @n dwords to the ring of context @ctx; moves its TAIL. */
static void fw_emit_ring(struct fw_vgpu *v, unsigned int ctx, const u32 *dw,
			 unsigned int n)
{
	unsigned int page = FW_RING(ctx / 2, ctx % 2), i;

	for (i = 0; i < n; i++) {
		fw_guest_dw(v, page, v->tail[ctx] / 4, dw[i]);
		v->tail[ctx] = (v->tail[ctx] + 4) % FW_RING_SIZE;
	}
	fw_ctx_reg(v, ctx, GVT_CTX_RING_TAIL, v->tail[ctx]);
}

/* Insert @n dwords before the MI_BATCH_BUFFER_END of batch @b (0..15). */
static void fw_emit_batch(struct fw_vgpu *v, unsigned int b, const u32 *dw,
			  unsigned int n)
{
	unsigned int page = b < 8 ? FW_GB(b) : FW_PB(b - 8), i;

	if (v->bpos[b] + n + 1 > FW_BATCH_DW)
		return;
	for (i = 0; i < n; i++)
		fw_guest_dw(v, page, v->bpos[b] + i, dw[i]);
	v->bpos[b] += n;
	fw_guest_dw(v, page, v->bpos[b], MI_BB_END);
}

/* --- operations -------------------------------------------------------- */

struct fw_in {
	const u8 *p;
	size_t n;
};

static u64 fw_get(struct fw_in *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (u64)*in->p << (8 * i);
	return v;
}

static struct fw_vgpu *fw_other(struct fw_vgpu *v)
{
	return &fw.v[!v->slot];
}

static void fw_act_on(struct fw_vgpu *v)
{
	v->touched = true;
	v->snap.kind = FW_SNAP_NONE;
	if (!v->inited && !(fw.world & FW_WORLD_RAW) && v->attached) {
		fw_guest_init(v);
		v->snap_kept = FW_SNAP_NONE;
	}
}

/* After execution: a vGPU without work can be held to its state now. */
static void fw_maybe_snap(struct fw_vgpu *acting)
{
	struct fw_vgpu *o = fw_other(acting);

	if (o->snap.kind == FW_SNAP_NONE && fw_quiet(o))
		fw_snap_take(o);
}

static struct fw_vgpu *fw_op_switch(struct fw_vgpu *v)
{
	struct fw_vgpu *o = fw_other(v);

	if (v->snap_kept != FW_SNAP_NONE && fw_quiet(v))
		v->snap.kind = v->snap_kept;
	else if (fw_quiet(v))
		fw_snap_take(v);
	o->snap_kept = o->snap.kind;
	fw_snap_verify(o, "when the fuzzer came back to it");
	fw_act_on(o);
	return o;
}

static void fw_op_mem(struct fw_vgpu *v, struct fw_in *in)
{
	u64 page = fw_get(in, 1), off = fw_get(in, 2) & (FW_PAGE - 1);
	unsigned int len = fw_get(in, 1) & 63, i;
	u8 buf[64];

	for (i = 0; i < len; i++)
		buf[i] = fw_get(in, 1);
	fw_guest_write(v, (page << GVT_GTT_PAGE_SHIFT) + off, buf, len);
}

static void fw_op_ctx_reg(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	unsigned int ctx = fw_get(in, 1) % FW_CTXS;
	u32 idx = fw_get(in, 1) % GVT_CTX_REGS, val = fw_get(in, 4);
	u32 old = fw_ctx_reg_get(v, ctx, idx);

	if (arg == 1)
		val ^= old;
	else if (arg == 2)
		val += old;
	fw_ctx_reg(v, ctx, idx, val);
	if (idx == GVT_CTX_RING_TAIL)
		v->tail[ctx] = (val % FW_RING_SIZE) & ~3U;
}

static void fw_op_emit(struct fw_vgpu *v, struct fw_in *in, u8 kind)
{
	u8 tgt = fw_get(in, 1), p = fw_get(in, 1);
	u32 val = fw_get(in, 4), dw[32];
	unsigned int b = tgt & 15, n;
	u64 self;

	if (tgt & 0x80) {
		self = b < 8 ? fw_gm(v, FW_GB(b)) : FW_PB_VA(b - 8);
		n = fw_cmd(v, kind, p, val, b >= 8, self, dw);
		fw_emit_batch(v, b, dw, n);
	} else {
		n = fw_cmd(v, kind, p, val, false, fw_gm(v, FW_GB(0)), dw);
		fw_emit_ring(v, (tgt & 0x7f) % FW_CTXS, dw, n);
	}
}

static u64 fw_desc(const struct fw_vgpu *v, unsigned int ctx, u32 ccid)
{
	return (u64)ccid << 32 | fw_gm(v, FW_CTX(ctx / 2, ctx % 2)) |
	       GVT_DESC_PRIVILEGE | (GVT_WL_ADDR_LEGACY_64 << 3) |
	       GVT_DESC_VALID;
}

static void fw_elsp(struct fw_vgpu *v, enum gvt_engine e, u64 d0, u64 d1)
{
	u32 elsp = gvt_engine_base(e) + GVT_RING_ELSP;

	fw_wr32(v, elsp, d1 >> 32);
	fw_wr32(v, elsp, (u32)d1);
	fw_wr32(v, elsp, d0 >> 32);
	fw_wr32(v, elsp, (u32)d0);
}

/*
 * how: bit 0 port 0's context, bit 1 port 1 valid, bit 2 port 1 has the
 * other context (else the same), bit 3 FORCE_RESTORE, bit 4 no privilege
 * bit, bit 5 addressing mode 1, bit 6 the contexts of the next engine,
 * bit 7 raw descriptors follow (desc1, desc0).
 */
static void fw_op_elsp(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	enum gvt_engine e = fw_pick[arg & 7];
	u8 how = fw_get(in, 1), ccid = fw_get(in, 1);
	unsigned int c0 = how & 1, c1 = how & 4 ? !c0 : c0;
	unsigned int ce = how & 0x40 ? (e + 1) % GVT_NUM_ENGINES : e;
	u64 d0, d1;

	if (how & 0x80) {
		d1 = fw_get(in, 8);
		d0 = fw_get(in, 8);
	} else {
		d0 = fw_desc(v, 2 * ce + c0, 0x20 * (e + 1) + c0 + ccid);
		d1 = how & 2 ? fw_desc(v, 2 * ce + c1,
				       0x20 * (e + 1) + c1 + ccid) : 0;
		if (how & 8)
			d0 |= GVT_DESC_FORCE_RESTORE;
		if (how & 0x10)
			d0 &= ~GVT_DESC_PRIVILEGE;
		if (how & 0x20)
			d0 = (d0 & ~(3ULL << 3)) | 1 << 3;
	}
	fz_trace("  elsp engine %u: %#llx %#llx\n", e, d0, d1);
	fw_elsp(v, e, d0, d1);
}

static void fw_run(u32 mask, unsigned int slices, u32 budget)
{
	unsigned int e, i;

	for (i = 0; i < slices; i++) {
		for (e = 0; e < GVT_NUM_ENGINES; e++)
			if ((mask & BIT(e)) && fw.hw[e].wl)
				fw_hw_slice(&fw.hw[e], budget);
		gvt_sched_work(fw.gvt);
	}
}

static void fw_op_run(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	unsigned int slices = fw_get(in, 1) % 8 + 1;
	u32 budget = 32U << (fw_get(in, 1) % 9);

	fw_run(arg & 8 ? ~0U : BIT(fw_pick[arg & 7]), slices, budget);
	fw_maybe_snap(v);
}

/* Engine-relative registers, then global ones. */
static const u32 fw_ring_regs[] = {
	GVT_RING_ELSP, GVT_RING_MI_MODE, GVT_RING_HWS_PGA, GVT_RING_CSB_PTR,
	GVT_RING_GFX_MODE, GVT_RING_RESET_CTL, GVT_RING_EIR, GVT_RING_EMR,
	GVT_RING_ESR, GVT_RING_IMR, GVT_RING_CTX_CTRL,
	GVT_RING_EXECLIST_STATUS, GVT_RING_EXECLIST_STATUS + 4,
	GVT_RING_CSB, GVT_RING_CSB + 4, GVT_RING_CSB + 0x28,
	GVT_RING_CTX_TIMESTAMP, GVT_RING_INSTPM, 0x30, 0x34, 0x38, 0x3c,
	0x98, 0x600,
};

static const u32 fw_global_regs[] = {
	GVT_REG_GDRST, GVT_REG_MASTER_IRQ,
	0x44300, 0x44304, 0x44308, 0x4430c, 0x44310, 0x44314, 0x44318,
	0x4431c, 0x44330, 0x44334, 0x44338, 0x4433c,
	0x78818, 0x78838, 0x7883c, 0x78858, 0x7885c, 0x4260, 0x4264, 0x4268,
	0x426c, 0xa278, 0xa188,
};

static u32 fw_reg(struct fw_in *in, u8 arg)
{
	unsigned int r = fw_get(in, 1);
	unsigned int nr = ARRAY_SIZE(fw_ring_regs);

	if (r < nr)
		return gvt_engine_base(fw_pick[arg & 7]) + fw_ring_regs[r];
	if (r - nr < ARRAY_SIZE(fw_global_regs))
		return fw_global_regs[r - nr];
	return fw_get(in, 3) & (GVT_MMIO_SIZE - 4);
}

static void fw_op_mmio(struct fw_vgpu *v, struct fw_in *in, u8 arg,
		       bool write)
{
	u32 off = fw_reg(in, arg);
	u64 val = write ? fw_get(in, 4) : 0;

	if (write && (arg & 8))
		val = (val & 0xffff) << 16 | (val & 0xffff);
	fw_mmio(v, off, &val, 4, write);
}

/*
 * arg: bits 1:0 where (0 own aperture, 1 own hidden range, 2 the other
 * vGPU's aperture, 3 any entry), bit 2 not present, bit 3 one 4-byte half
 * (the high one if the frame is odd).
 */
static void fw_op_ggtt(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	struct fw_vgpu *o = fw_other(v);
	u64 entry = fw_get(in, 3), gfn = fw_get(in, 2) % (2 * FW_FRAMES);
	u64 pte = (gfn << GVT_GTT_PAGE_SHIFT) | !(arg & 4), off;

	switch (arg & 3) {
	case 0:
		entry = (v->res.low_gm_base >> 12) +
			entry % (v->res.low_gm_size >> 12);
		break;
	case 1:
		entry = (v->res.high_gm_base >> 12) +
			entry % (v->res.high_gm_size >> 12);
		break;
	case 2:
		entry = (o->res.low_gm_base >> 12) +
			entry % (o->res.low_gm_size >> 12);
		break;
	default:
		entry %= FW_GGTT_ENTRIES;
		break;
	}
	off = GVT_GGTT_OFFSET + 8 * entry;
	if (arg & 8) {
		if (gfn & 1) {
			off += 4;
			pte >>= 32;
		}
		fw_mmio(v, off, &pte, 4, true);
	} else {
		fw_mmio(v, off, &pte, 8, true);
	}
}

/*
 * table: 0 PML4, 1 PDP, 2 PD, 3 PT, 4 PT64, 5 PML4B, else a frame; arg:
 * bit 0 not present, bit 1 read-only, bit 2 IPS (64 KiB), bit 3 a count
 * follows: that many entries more from @idx on get the same value (a
 * long batch of one page, for instance).
 */
static void fw_op_ppgtt(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	static const unsigned int tables[] = {
		FW_PML4, FW_PDP, FW_PD, FW_PT, FW_PT64, FW_PML4B,
	};
	unsigned int t = fw_get(in, 1), idx = fw_get(in, 2) % 512, n = 1;
	u64 gfn = fw_get(in, 2) % (2 * FW_FRAMES), pte;

	if (arg & 8)
		n += fw_get(in, 1);
	t = t < ARRAY_SIZE(tables) ? tables[t] : t;
	pte = gfn << GVT_GTT_PAGE_SHIFT | (arg & 1 ? 0 : PTE_P) |
	      (arg & 2 ? 0 : PTE_RW) | (arg & 4 ? PDE_IPS : 0);
	for (; n && idx < 512; n--, idx++)
		fw_guest_qw(v, t, idx, pte);
}

/*
 * arg 0: per-engine GDRST of the engine, 1: full GDRST, 2: i915's
 * sequence (STOP_RING, RESET_CTL request, GDRST, release), 3: RESET_CTL
 * request only; arg bit 2: the guest does not program the engine again.
 */
static void fw_op_engine_reset(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	static const u32 bits[GVT_NUM_ENGINES] = {
		[GVT_ENGINE_RCS] = GVT_GDRST_RENDER,
		[GVT_ENGINE_VCS] = GVT_GDRST_MEDIA,
		[GVT_ENGINE_VCS2] = GVT_GDRST_MEDIA2,
		[GVT_ENGINE_BCS] = GVT_GDRST_BLT,
		[GVT_ENGINE_VECS] = GVT_GDRST_VECS,
	};
	enum gvt_engine e = fw_pick[fw_get(in, 1) & 7], i;
	u32 base = gvt_engine_base(e);

	switch (arg & 3) {
	case 0:
		fw_wr32(v, GVT_REG_GDRST, bits[e]);
		break;
	case 1:
		fw_wr32(v, GVT_REG_GDRST, GVT_GDRST_FULL);
		break;
	case 2:
		fw_wr32(v, base + GVT_RING_MI_MODE, 0x01000100);
		fw_wr32(v, base + GVT_RING_RESET_CTL, 0x00010001);
		fw_wr32(v, GVT_REG_GDRST, bits[e]);
		fw_wr32(v, base + GVT_RING_RESET_CTL, 0x00010000);
		break;
	default:
		fw_wr32(v, base + GVT_RING_RESET_CTL, 0x00010001);
		break;
	}
	if ((arg & 4) || !v->inited)
		return;
	for (i = 0; i < GVT_NUM_ENGINES; i++)
		if ((arg & 3) == 1 || i == e)
			fw_engine_init(v, i);
}

/*
 * Every host GGTT entry of @v maps the scratch page again: those it
 * wrote, or all of its ranges if it wrote too many.
 */
static FW_NO_COV void fw_check_host_slice(struct fw_vgpu *v, const char *after)
{
	u64 r[2][2] = {
		{ v->res.low_gm_base, v->res.low_gm_size },
		{ v->res.high_gm_base, v->res.high_gm_size },
	};
	unsigned int i, k;
	u64 e;

	for (k = 0; k < 2 && v->dirty_overflow; k++)
		for (e = r[k][0] >> 12; e < (r[k][0] + r[k][1]) >> 12; e++)
			if (fw.ggtt[e] != v->scratch_pte)
				fz_fail("vGPU %u after %s: host entry %#llx is %#llx",
					v->slot, after, e, fw.ggtt[e]);
	for (i = 0; i < v->ndirty && !v->dirty_overflow; i++)
		if (fw.ggtt[v->dirty[i]] != v->scratch_pte)
			fz_fail("vGPU %u after %s: host entry %#x is %#llx",
				v->slot, after, v->dirty[i],
				fw.ggtt[v->dirty[i]]);
	v->ndirty = 0;
	v->dirty_overflow = false;
}

/* Back to the creation state, checked; the guest starts over. */
static void fw_reset_checked(struct fw_vgpu *v)
{
	struct fz_vgpu *fv = v->fv;

	gvt_vgpu_reset(v->vgpu);
	fw_check_released(v, "a reset", true);
	if (!v->vgpu->hv != !v->attached)
		fz_fail("vGPU %u: hypervisor ops changed by a reset", v->slot);
	fv->base.hv = v->vgpu->hv;
	fv->base.hv_priv = v->vgpu->hv_priv;
	fz_state_check(&fv->base, fv, "after reset, at creation");
	fw_check_host_slice(v, "reset");
	memset(v->mem, 0, FW_FRAMES * FW_PAGE);
	v->inited = false;
}

static void fw_op_vgpu_reset(struct fw_vgpu *v)
{
	fw_reset_checked(v);
	fw_act_on(v);
}

static void fw_attach(struct fw_vgpu *v)
{
	gvt_vgpu_attach_hv(v->vgpu, fw_hv(), v);
	v->attached = true;
}

/*
 * arg 0: detach, 1: attach (again: the core detaches first), 2: unmap
 * frames gfn:1 count:1 (the only operands), 3: detach and attach.
 */
static void fw_op_hv(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	u64 gfn, count, k;

	switch (arg & 3) {
	case 0:
	case 3:
		if (!v->attached)
			break;
		gvt_vgpu_detach_hv(v->vgpu);
		v->attached = false;
		fw_check_released(v, "a detach", true);
		if ((arg & 3) == 3)
			fw_attach(v);
		break;
	case 1:
		fw_attach(v);
		/* "A vGPU that was attached before is detached first." */
		fw_check_released(v, "an attach", true);
		break;
	default:
		gfn = fw_get(in, 1);
		count = fw_get(in, 1) + 1;
		gvt_vgpu_unmap_gfns(v->vgpu, gfn, count);
		for (k = gfn; k < gfn + count && k < FW_FRAMES; k++)
			if (v->pins[k])
				fz_fail("vGPU %u: frame %#llx still pinned after its unmap",
					v->slot, k);
		fw_check_released(v, "an unmap", false);
		break;
	}
}

/*
 * arg 0: the next submit fails with -ENOMEM, 1: the next val % 8 + 1
 * page allocations fail, 2: the workload on engine val hangs now (-EIO),
 * 3: toggle completion inside submit().
 */
static void fw_op_inject(struct fw_vgpu *v, struct fw_in *in, u8 arg)
{
	u8 val = fw_get(in, 1);
	struct fw_hw *hw;

	switch (arg & 3) {
	case 0:
		fw.fail_submit = -ENOMEM;
		break;
	case 1:
		fw.fail_allocs = val % 8 + 1;
		break;
	case 2:
		hw = &fw.hw[fw_pick[val & 7]];
		if (hw->wl) {
			fw_hw_finish(hw, -EIO);
			gvt_sched_work(fw.gvt);
		}
		break;
	default:
		fw.sync = !fw.sync;
		break;
	}
}

/*
 * A whole submission: a command of @kind at the end of the ring of the
 * engine's context (eng bit 3) and an ELSP of that context alone; eng
 * bit 4: run everything to the end.
 */
static void fw_op_submit(struct fw_vgpu *v, struct fw_in *in, u8 kind)
{
	u8 eng = fw_get(in, 1), p = fw_get(in, 1);
	u32 val = fw_get(in, 4), dw[32];
	enum gvt_engine e = fw_pick[eng & 7];
	unsigned int c = (eng >> 3) & 1, ctx = 2 * e + c, n;

	n = fw_cmd(v, kind, p, val, false, fw_gm(v, FW_GB(0)), dw);
	fw_emit_ring(v, ctx, dw, n);
	fw_elsp(v, e, fw_desc(v, ctx, 0x20 * (e + 1) + c), 0);
	if (eng & 0x10) {
		fw_run(~0U, fw.hang_slices + 1, FW_DRAIN_BUDGET);
		fw_maybe_snap(v);
	}
}

static struct fw_vgpu *fw_run_op(struct fw_vgpu *v, struct fw_in *in)
{
	u8 code = fw_get(in, 1), op = code & 0xf, arg = code >> 4;
	enum gvt_failsafe fs = v->vgpu->failsafe;

	fz_trace("op %lu: %s/%u on vGPU %u\n", fz->op, fw_op_names[op], arg,
		 v->slot);
	switch (op) {
	case FW_OP_SWITCH:
		v = fw_op_switch(v);
		break;
	case FW_OP_MEM:
		fw_op_mem(v, in);
		break;
	case FW_OP_CTX_REG:
		fw_op_ctx_reg(v, in, arg);
		break;
	case FW_OP_EMIT:
		fw_op_emit(v, in, arg);
		break;
	case FW_OP_ELSP:
		fw_op_elsp(v, in, arg);
		break;
	case FW_OP_RUN:
		fw_op_run(v, in, arg);
		break;
	case FW_OP_MMIO_WRITE:
	case FW_OP_MMIO_READ:
		fw_op_mmio(v, in, arg, op == FW_OP_MMIO_WRITE);
		break;
	case FW_OP_GGTT:
		fw_op_ggtt(v, in, arg);
		break;
	case FW_OP_PPGTT:
		fw_op_ppgtt(v, in, arg);
		break;
	case FW_OP_ENGINE_RESET:
		fw_op_engine_reset(v, in, arg);
		break;
	case FW_OP_VGPU_RESET:
		fw_op_vgpu_reset(v);
		break;
	case FW_OP_HV:
		fw_op_hv(v, in, arg);
		break;
	case FW_OP_INJECT:
		fw_op_inject(v, in, arg);
		break;
	case FW_OP_SUBMIT:
		fw_op_submit(v, in, arg);
		break;
	default:
		if (v->attached)
			fw_guest_init(v);
		break;
	}
	if (gvt_shim_mutexes_held)
		fz_fail("%s returned with %u mutexes held", fw_op_names[op],
			gvt_shim_mutexes_held);
	if (op != FW_OP_SWITCH) {
		v->snap_kept = FW_SNAP_NONE;
		fw_maybe_snap(v);
	}
	if (v->vgpu->failsafe != fs && v->vgpu->failsafe)
		fz_trace("  vGPU %u in failsafe %d: %s\n", v->slot,
			 v->vgpu->failsafe, v->vgpu->fail_reason ?: "-");
	return v;
}

/* --- the end of an input ----------------------------------------------- */

/*
 * Run the engines and the completions until nothing is left: each engine
 * runs at most two elements per vGPU, each for at most hang_slices
 * slices, so this many rounds suffice.
 */
static void fw_drain(void)
{
	unsigned int rounds = 2 * FW_VGPUS * (fw.hang_slices + 2) + 8, r, e;
	bool busy = true;

	for (r = 0; r < rounds && busy; r++) {
		busy = false;
		for (e = 0; e < GVT_NUM_ENGINES; e++) {
			if (!fw.hw[e].wl)
				continue;
			fw_hw_slice(&fw.hw[e], FW_DRAIN_BUDGET);
			busy = true;
		}
		gvt_sched_work(fw.gvt);
		for (e = 0; e < GVT_NUM_ENGINES; e++)
			busy |= !!fw.hw[e].wl;
	}
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		unsigned int i;

		if (fw.hw[e].wl || fw.gvt->engine_owner[e])
			fz_fail("engine %u still busy after %u rounds", e,
				rounds);
		for (i = 0; i < FW_VGPUS; i++) {
			struct gvt_vgpu *g = fw.v[i].vgpu;
			const struct gvt_execlist *el = &g->execlist[e];
			u32 mi = *gvt_vreg(g, gvt_engine_base(e) +
					   GVT_RING_MI_MODE);

			if (el->inflight ||
			    (el->need_run && el->active && !el->hung &&
			     !g->failsafe && !(mi & GVT_MI_MODE_STOP_RING)))
				fz_fail("vGPU %u: engine %u has a submission that never ended",
					i, e);
		}
	}
	if (!list_empty(&fw.gvt->done))
		fz_fail("completed workloads never processed");
	if (fw.submits != fw.completions)
		fz_fail("%lu workloads taken, %lu completed", fw.submits,
			fw.completions);
}

/* --- world setup and teardown ------------------------------------------ */

static const struct gvt_type *fw_find_type(void)
{
	unsigned int i;

	for (i = 0; i < gvt_device_num_types(fw.gvt); i++)
		if (!strcmp(gvt_device_type(fw.gvt, i)->name, FW_TYPE))
			return gvt_device_type(fw.gvt, i);
	fz_fail("host offers no type %s", FW_TYPE);
	return NULL;
}

static void fw_create(struct fw_vgpu *v)
{
	struct gvt_vgpu *g;
	unsigned int i;

	fw.creating = true;
	fw.ncreate_log = 0;
	g = gvt_vgpu_create(fw.gvt, fw_find_type());
	fw.creating = false;
	if (IS_ERR(g))
		fz_fail("cannot create vGPU %u: %ld", v->slot, PTR_ERR(g));
	v->vgpu = g;
	gvt_vgpu_get_resources(g, &v->res);
	/* Its GGTT scratch page: the one page allocated while creating. */
	v->scratch_pte = 0;
	for (i = 0; i < FW_GPU_PAGES; i++) {
		if (fw.gpages[i].owner != FW_GPAGE_CREATING)
			continue;
		if (v->scratch_pte)
			fz_fail("creating vGPU %u allocated two GPU pages", v->slot);
		fw.gpages[i].owner = FW_GPAGE_GTT(v->slot);
		v->scratch_pte = (FW_BUS_GPU + ((u64)i << GVT_GTT_PAGE_SHIFT)) |
				 GVT_GGTT_PTE_PRESENT;
	}
	if (!v->scratch_pte)
		fz_fail("vGPU %u has no GGTT scratch page", v->slot);
	for (i = 0; i < FW_GGTT_ENTRIES; i++)
		if (fw_owns_entry(v, i) ? fw.ggtt[i] != v->scratch_pte :
					  fw.ggtt[i] == v->scratch_pte)
			fz_fail("after creating vGPU %u: host entry %#x is %#llx",
				v->slot, i, fw.ggtt[i]);
	for (i = 0; i < fw.ncreate_log; i++)
		if (fw.create_log[i].count &&
		    (!fw_owns_entry(v, fw.create_log[i].first) ||
		     !fw_owns_entry(v, fw.create_log[i].first +
				    fw.create_log[i].count - 1)))
			fz_fail("creating vGPU %u cleared entries %#x+%u",
				v->slot, fw.create_log[i].first,
				fw.create_log[i].count);
	fw_attach(v);
	v->fv = &fw_fz.v[v->slot];
	v->fv->slot = v->slot;
	v->fv->vgpu = g;
	v->fv->res = v->res;
	v->fv->low_first = v->res.low_gm_base >> GVT_GTT_PAGE_SHIFT;
	v->fv->low_count = v->res.low_gm_size >> GVT_GTT_PAGE_SHIFT;
	v->fv->high_first = v->res.high_gm_base >> GVT_GTT_PAGE_SHIFT;
	v->fv->high_count = v->res.high_gm_size >> GVT_GTT_PAGE_SHIFT;
	fz_state_alloc(&v->fv->base, v->fv);
	fz_state_alloc(&v->fv->snap, v->fv);
	fz_state_save(&v->fv->base, v->fv);
}

static void fw_setup(void)
{
	unsigned int i;
	u32 off;

	for (i = 0; i < FW_GGTT_ENTRIES; i++)
		fw.ggtt[i] = FW_SCRATCH_PTE;
	for (i = 0; i < FW_GPU_PAGES; i++)
		fw.gpages[i].owner = FW_GPAGE_FREE;
	fw.info = (struct gvt_host_info) {
		.name = "fuzz-wl",
		.vendor = 0x8086,
		.device = 0x5912,
		.revision = 4,
		.subsystem_vendor = 0x8086,
		.subsystem_device = 0x2212,
		.bar0_size = 16ULL << 20,
		.aperture_size = (u64)FW_APERTURE_MB << 20,
		.ggtt_size = (u64)FW_GGTT_MB << 20,
		.num_fences = FW_FENCES,
	};
	fw.live_allocs = gvt_shim_live_allocs;
	fw.gvt = gvt_device_register(&fw.info, &fw_host_ops, &fw);
	if (IS_ERR(fw.gvt))
		fz_fail("cannot register the device: %ld", PTR_ERR(fw.gvt));
	if (!fw_ncmd_regs)
		for (off = 0; off < GVT_MMIO_SIZE; off += 4)
			if (gvt_mmio_cmd_access(fw.gvt, off) &&
			    fw_ncmd_regs < ARRAY_SIZE(fw_cmd_regs))
				fw_cmd_regs[fw_ncmd_regs++] = off;
	for (i = 0; i < GVT_NUM_ENGINES; i++) {
		struct fw_hw *hw = &fw.hw[i];

		hw->id = i;
		hw->present = fw_hw_base[i] != 0;
		if (!hw->present)
			continue;
		if (!hw->win)
			hw->win = calloc(FW_WIN_PAGES, FW_PAGE);
		if (!hw->win)
			fz_fail("out of memory");
		gvt_sim_engine_init(&hw->exec, &fw_exec_ops, hw, "fuzz",
				    fw_hw_base[i], FW_WIN_GM + FW_WIN_SIZE);
	}
	for (i = 0; i < FW_VGPUS; i++) {
		struct fw_vgpu *v = &fw.v[i];

		v->slot = i;
		if (!v->mem)
			v->mem = calloc(FW_FRAMES, FW_PAGE);
		if (!v->mem)
			fz_fail("out of memory");
		fw_create(v);
	}
}

/* Destroy both vGPUs and the device: nothing may be left. */
static void fw_teardown(void)
{
	unsigned int i;

	for (i = 0; i < FW_VGPUS; i++) {
		struct fw_vgpu *v = &fw.v[i];

		gvt_vgpu_destroy(v->vgpu);
		fw_check_released(v, "its destruction", true);
		v->vgpu = NULL;
		v->attached = false;
		v->dirty_overflow = true;
		/* No vGPU owns them: the host's scratch page again. */
		v->scratch_pte = FW_SCRATCH_PTE;
		fw_check_host_slice(v, "its destruction");
		memset(&v->res, 0, sizeof(v->res));
		memset(v->mem, 0, FW_FRAMES * FW_PAGE);
		v->inited = false;
	}
	gvt_device_unregister(fw.gvt);
	fw.gvt = NULL;
	if (fw.gpages_live)
		fz_fail("%u GPU pages never freed", fw.gpages_live);
	if (gvt_shim_mutexes_held)
		fz_fail("%u mutexes held after teardown", gvt_shim_mutexes_held);
	if (gvt_shim_live_allocs != fw.live_allocs)
		fz_fail("the core leaked %ld allocations",
			gvt_shim_live_allocs - fw.live_allocs);
}

/*
 * Allocations the core may keep from one input to the next: the device's
 * scratch tables (struct gvt_pt_scratch) and each vGPU's array of tracked
 * frames, which page_track.c keeps when track_page() fails.
 */
static long fw_kept_allocs(void)
{
	long n = !!fw.gvt->pt_scratch;
	unsigned int i;

	for (i = 0; i < FW_VGPUS; i++)
		n += !!fw.v[i].vgpu->tracked;
	return n;
}

static void fw_begin(u8 world)
{
	unsigned int i;

	fz = &fw_fz;
	fz->op = 0;
	fw.world = world;
	if (!fw.gvt)
		fw_setup();
	fw.hang_slices = world & FW_WORLD_SHORT_HANG ? FW_SHORT_HANG_SLICES :
						       FW_HANG_SLICES;
	fw.sync = world & FW_WORLD_SYNC;
	fw.fail_submit = 0;
	fw.fail_allocs = 0;
	fw.live_input = gvt_shim_live_allocs;
	fw.kept_input = fw_kept_allocs();
	for (i = 0; i < FW_VGPUS; i++) {
		struct fw_vgpu *v = &fw.v[i];

		/* The hypervisor of this world, attached. */
		if (!v->attached || v->vgpu->hv != fw_hv()) {
			if (v->attached)
				gvt_vgpu_detach_hv(v->vgpu);
			fw_attach(v);
			v->fv->base.hv = v->vgpu->hv;
			v->fv->base.hv_priv = v->vgpu->hv_priv;
		}
		v->touched = false;
		v->snap_kept = FW_SNAP_NONE;
		fw_snap_common(v, FW_SNAP_BASE);
	}
}

static void fw_end(struct fw_vgpu *acting)
{
	unsigned int i;
	long live;

	fw_drain();
	fw_snap_verify(fw_other(acting), "at the end of the input");
	if ((fw.world & FW_WORLD_TEARDOWN) == FW_WORLD_TEARDOWN) {
		fw_teardown();
		return;
	}
	for (i = 0; i < FW_VGPUS; i++)
		if (fw.v[i].touched)
			fw_reset_checked(&fw.v[i]);
	live = gvt_shim_live_allocs - fw.live_input;
	if (live != fw_kept_allocs() - fw.kept_input)
		fz_fail("%ld allocations of the core left after the resets",
			live - (fw_kept_allocs() - fw.kept_input));
}

/* Linked as LLVMFuzzerTestOneInput (see the Makefile). */
int gvt_fuzz_one_input(const u8 *data, size_t size);
int gvt_fuzz_one_input(const u8 *data, size_t size)
{
	struct fw_in in = { data, size };
	u8 world = fw_get(&in, 1);
	struct fw_vgpu *v;

	fw_begin(world);
	v = &fw.v[0];
	fw_act_on(v);
	for (fz->op = 0; in.n; fz->op++)
		v = fw_run_op(v, &in);
	fw_end(v);
	return 0;
}
