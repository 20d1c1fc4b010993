/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal definitions of the GVT-g core. Core files include only this
 * header and the short list of kernel headers below, so that the same files
 * build in userspace (tools/testing/gvt) against shim headers.
 */
#ifndef _GVT_INTERNAL_H_
#define _GVT_INTERNAL_H_

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>
#include <asm/barrier.h>

#include <gvt/gvt.h>

struct dentry;

/**
 * struct gvt_gm_range - an allocated range of graphics memory
 * @start: first GM address
 * @size: size in bytes; 0 when the range is not allocated
 * @link: position in the owning allocator's sorted list
 */
struct gvt_gm_range {
	u64 start;
	u64 size;
	struct list_head link;
};

/**
 * struct gvt_gm_pool - first-fit allocator over one GM window
 * @start: first GM address handed out to vGPUs
 * @end: one past the last GM address
 * @used: allocated ranges sorted by @start
 */
struct gvt_gm_pool {
	u64 start;
	u64 end;
	struct list_head used;
};

/* Bytes of configuration space that have writable bits. */
#define GVT_CFG_MASK_SIZE	256

/* Gen9 engine register blocks (2 KiB each) and registers with handlers. */
#define GVT_RCS_BASE		0x2000
#define GVT_VCS_BASE		0x12000
#define GVT_VECS_BASE		0x1a000
#define GVT_VCS2_BASE		0x1c000
#define GVT_BCS_BASE		0x22000
#define GVT_ENGINE_BLOCK_SIZE	0x800
/* Switched registers of one engine at most (engine_regs.c). */
#define GVT_ENGINE_MAX_REGS	128

#define GVT_RING_HWS_PGA	0x80
#define GVT_RING_MI_MODE	0x9c
#define  GVT_MI_MODE_STOP_RING	BIT(8)
#define  GVT_MI_MODE_IDLE	BIT(9)
#define GVT_RING_EIR		0xb0
#define  GVT_EIR_INSTRUCTION	BIT(0)
#define GVT_RING_EMR		0xb4
#define GVT_RING_ESR		0xb8
#define GVT_RING_IMR		0xa8
#define GVT_RING_INSTPM		0xc0
#define GVT_RING_RESET_CTL	0xd0
#define  GVT_RESET_CTL_REQUEST	BIT(0)
#define  GVT_RESET_CTL_READY	BIT(1)
#define GVT_RING_ELSP		0x230
#define GVT_RING_EXECLIST_STATUS 0x234
#define GVT_RING_CTX_CTRL	0x244
#define GVT_RING_GFX_MODE	0x29c
#define  GVT_GFX_RUN_LIST_ENABLE BIT(15)
#define GVT_RING_CSB		0x370
#define GVT_RING_CSB_PTR	0x3a0
#define GVT_RING_CTX_TIMESTAMP	0x3a8

/* TLB control registers: an invalidation completes at once. */
#define GVT_REG_TLB_CTL_FIRST	0x4260	/* RTCR */
#define GVT_REG_TLB_CTL_LAST	0x4270	/* VTCR */

/* MSI capability of the vGPU's config space (cfg_space.c). */
#define GVT_CFG_MSI_CTL		0xae
#define  GVT_CFG_MSI_ENABLE	BIT(0)
#define GVT_CFG_MSI_ADDR	0xb0
#define GVT_CFG_MSI_DATA	0xb4

#define GVT_REG_FW_RENDER	0xa278
#define GVT_REG_FW_RENDER_ACK	0x0d84
#define GVT_REG_FW_GT		0xa188
#define GVT_REG_FW_GT_ACK	0x130044
#define GVT_REG_FW_MEDIA	0xa270
#define GVT_REG_FW_MEDIA_ACK	0x0d88

#define GVT_REG_GDRST		0x941c
#define  GVT_GDRST_FULL		BIT(0)
#define  GVT_GDRST_RENDER	BIT(1)
#define  GVT_GDRST_MEDIA	BIT(2)
#define  GVT_GDRST_BLT		BIT(3)
#define  GVT_GDRST_VECS		BIT(4)
#define  GVT_GDRST_MEDIA2	BIT(7)
/* A full reset restores the registers below this offset. */
#define GVT_GDRST_FULL_END	0x44200

#define GVT_REG_MASTER_IRQ	0x44200
#define  GVT_MASTER_IRQ_ENABLE	0x80000000U
#define GVT_REG_GT_ISR(n)	(0x44300 + 0x10 * (n))
#define GVT_REG_DE_PIPE_ISR(p)	(0x44400 + 0x10 * (p))
#define GVT_REG_DE_PORT_ISR	0x44440
#define GVT_REG_DE_MISC_ISR	0x44460
#define GVT_REG_PCU_ISR		0x444e0
#define GVT_REG_SDE_ISR		0xc4000
/* IMR, IIR and IER follow each ISR. */
#define GVT_IRQ_IMR		0x4
#define GVT_IRQ_IIR		0x8
#define GVT_IRQ_IER		0xc

#define GVT_REG_PCODE_MAILBOX	0x138124
#define  GVT_PCODE_READY	BIT(31)
#define  GVT_PCODE_ERROR_MASK	0xffU	/* after completion; 0 = success */
#define  GVT_PCODE_SAGV_CONTROL	0x21
#define   GVT_SAGV_DISABLE	0x0
#define   GVT_SAGV_IS_DISABLED	0x1
#define GVT_REG_PCODE_DATA	0x138128

/* Display power and clocks: requests the vGPU acknowledges at once. */
#define GVT_REG_PWR_WELL_CTL1	0x45400	/* 4 registers: BIOS .. debug */
#define  GVT_PWR_WELL_REQ_MASK	0xaaaaaaaaU	/* bit 2 i + 1: request */
#define GVT_REG_DBUF_CTL	0x45008
#define  GVT_DBUF_REQUEST	BIT(31)
#define  GVT_DBUF_STATE		BIT(30)
#define GVT_REG_LCPLL1_CTL	0x46010	/* DPLL0 */
#define GVT_REG_LCPLL2_CTL	0x46014	/* DPLL1 */
#define GVT_REG_WRPLL1_CTL	0x46040	/* DPLL2 */
#define GVT_REG_WRPLL2_CTL	0x46060	/* DPLL3 */
#define  GVT_PLL_ENABLE		BIT(31)
#define  GVT_LCPLL_LOCK		BIT(30)
#define GVT_REG_DPLL_STATUS	0x6c060
#define GVT_REG_EDP_PSR_IIR	0x64838
#define  GVT_DPLL_LOCK(id)	BIT((id) * 8)

/* DisplayPort AUX channels A to D (dp_aux.c). */
#define GVT_DP_AUX_CHANNELS	4
#define GVT_REG_DP_AUX_CTL(ch)	(0x64010 + 0x100 * (ch))
#define  GVT_AUX_CTL_SEND_BUSY	BIT(31)
#define  GVT_AUX_CTL_DONE	BIT(30)
#define  GVT_AUX_CTL_INTERRUPT	BIT(29)
#define  GVT_AUX_CTL_TIME_OUT	BIT(28)
#define  GVT_AUX_CTL_RECEIVE_ERROR BIT(25)
#define  GVT_AUX_CTL_STATUS	(GVT_AUX_CTL_DONE | GVT_AUX_CTL_TIME_OUT | \
				 GVT_AUX_CTL_RECEIVE_ERROR)
#define  GVT_AUX_CTL_SIZE_SHIFT	20
#define  GVT_AUX_CTL_SIZE_MASK	(0x1fU << GVT_AUX_CTL_SIZE_SHIFT)
#define  GVT_AUX_CTL_SIZE(v)	(((v) & GVT_AUX_CTL_SIZE_MASK) >> \
				 GVT_AUX_CTL_SIZE_SHIFT)
/* DATA1..DATA5 follow the control register. */
#define GVT_DP_AUX_DATA_BYTES	20
/* The monitor's channel (D) and port D's live status in SDEISR. */
#define GVT_MONITOR_AUX_CH	3
#define GVT_SDE_PORTD_HOTPLUG	BIT(23)

/* Port and pipe state, hotplug (display.c). */
#define GVT_NUM_DDI		5
#define GVT_REG_DDI_BUF_CTL(p)	(0x64000 + 0x100 * (p))
#define  GVT_DDI_BUF_ENABLE	BIT(31)
#define  GVT_DDI_BUF_IS_IDLE	BIT(7)
#define GVT_REG_DP_TP_CTL(p)	(0x64040 + 0x100 * (p))
#define  GVT_DP_TP_TRAIN_MASK	(7U << 8)
#define  GVT_DP_TP_TRAIN_IDLE	(2U << 8)
#define GVT_REG_DP_TP_STATUS(p)	(0x64044 + 0x100 * (p))
#define  GVT_DP_TP_IDLE_DONE	BIT(25)
#define GVT_REG_PIPECONF(p)	(0x70008 + 0x1000 * (p))
#define GVT_REG_PIPECONF_EDP	0x7f008
#define  GVT_PIPECONF_ENABLE	BIT(31)
#define  GVT_PIPECONF_STATE	BIT(30)
/* Frames, scanlines and plane flips of pipes A to C (vblank.c). */
#define GVT_NUM_PIPES		3
#define GVT_PLANES_PER_PIPE	3
#define GVT_REG_PIPEDSL(p)	(0x70000 + 0x1000 * (p))
#define  GVT_PIPEDSL_ACTIVE	1
#define GVT_REG_PIPE_FRMCOUNT(p) (0x70040 + 0x1000 * (p))
#define GVT_REG_PLANE_SURF(p, n) (0x7019c + 0x1000 * (p) + 0x100 * (n))
#define GVT_REG_PLANE_SURFLIVE(p, n) (0x701ac + 0x1000 * (p) + 0x100 * (n))
#define  GVT_PIPE_VBLANK	BIT(0)
#define  GVT_PIPE_FLIP_DONE(n)	BIT(3 + (n))
/* Time between two vblanks of an enabled pipe: 60 Hz. */
#define GVT_VBLANK_PERIOD_NS	16666667ULL
#define GVT_VBLANK_PERIOD_US	(GVT_VBLANK_PERIOD_NS / 1000)
#define GVT_PIPE_VBLANK_EVENTS	(GVT_PIPE_VBLANK | GVT_PIPE_FLIP_DONE(0) | \
				 GVT_PIPE_FLIP_DONE(1) | GVT_PIPE_FLIP_DONE(2))
#define GVT_REG_PCH_HOTPLUG	0xc4030
#define  GVT_HOTPLUG_STATUS	0x03030303U
#define  GVT_HOTPLUG_PORTD_ENABLE BIT(20)
#define  GVT_HOTPLUG_PORTD_STATUS (3U << 16)
#define  GVT_HOTPLUG_PORTD_LONG	(2U << 16)

/* GMBUS, the display I2C controller (gmbus.c). */
#define GVT_REG_GMBUS0		0xc5100
#define GVT_REG_GMBUS1		0xc5104
#define  GVT_GMBUS_SW_CLR_INT	BIT(31)
#define  GVT_GMBUS_SW_RDY	BIT(30)
#define GVT_REG_GMBUS2		0xc5108
#define  GVT_GMBUS_SATOER	BIT(10)
#define GVT_REG_GMBUS3		0xc510c
#define GVT_REG_GMBUS4		0xc5110
#define GVT_REG_GMBUS5		0xc5120

/* Register attributes (struct gvt_mmio_info.flags). */
#define GVT_MMIO_F_RO		BIT(0)	/* ro_mask bits keep their value */
#define GVT_MMIO_F_MASKED	BIT(1)	/* bits 31:16 enable bits 15:0 */
#define GVT_MMIO_F_CMD_ACCESS	BIT(2)	/* GPU commands may access it */

/**
 * struct gvt_mmio_info - description of a register or register block
 * @offset: first byte, dword aligned; relative to the block for
 *	    registers that every engine or interrupt group has
 * @size: bytes covered, a multiple of 4
 * @flags: GVT_MMIO_F_*
 * @ro_mask: bits a guest write cannot change (with %GVT_MMIO_F_RO)
 * @read: special read handler, or NULL to read vreg
 * @write: special write handler, or NULL for the generic write (read-only
 *	   and masked bits applied, then stored in vreg)
 *
 * Handlers get the dword offset of the register, the written value and a
 * mask of the bits the guest access covered (a 1- or 2-byte write covers
 * part of the dword), and run with the vGPU lock held.
 */
struct gvt_mmio_info {
	u32 offset;
	u32 size;
	u32 flags;
	u32 ro_mask;
	u32 (*read)(struct gvt_vgpu *vgpu, u32 offset);
	void (*write)(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
};

/* Dwords of the register file. */
#define GVT_MMIO_DWORDS		(GVT_MMIO_SIZE / 4)
/* Pages of the register file a reset restores one by one. */
#define GVT_VREG_PAGE_SHIFT	12
#define GVT_VREG_PAGES		(GVT_MMIO_SIZE >> GVT_VREG_PAGE_SHIFT)
/*
 * Guest GGTT values per bit of a vGPU's dirty maps (a page of them), and
 * the bits for the largest range (the whole GGTT).
 */
#define GVT_GGTT_DIRTY_SHIFT	9
#define GVT_GGTT_DIRTY_ENTRIES	BIT(GVT_GGTT_DIRTY_SHIFT)
#define GVT_GGTT_DIRTY_BITS	\
	((GVT_MAX_GGTT_SIZE >> GVT_GTT_PAGE_SHIFT) >> GVT_GGTT_DIRTY_SHIFT)

/* Why a vGPU is in failsafe (struct gvt_vgpu.failsafe). */
enum gvt_failsafe {
	GVT_FAILSAFE_NONE,
	GVT_FAILSAFE_UNSUPPORTED_GUEST,
	GVT_FAILSAFE_INSUFFICIENT_RESOURCE,
	GVT_FAILSAFE_GUEST_ERR,
};

struct gvt_device {
	struct gvt_host_info info;
	const struct gvt_host_ops *ops;
	void *priv;
	char name[32];

	/*
	 * Protects everything below and the vGPUs' resources. Taken before
	 * a vGPU's lock where both are held (gvt_device_restore()).
	 */
	struct mutex lock;
	struct gvt_gm_pool low;
	struct gvt_gm_pool high;
	DECLARE_BITMAP(fences_used, GVT_MAX_FENCES);
	DECLARE_BITMAP(ids_used, GVT_MAX_VGPU);
	struct list_head vgpus;
	unsigned int num_vgpus;

	const struct gvt_type *types;
	unsigned int num_types;

	/* Write masks of the vGPUs' config space, set at registration. */
	u8 cfg_wmask[GVT_CFG_MASK_SIZE];
	u8 cfg_w1cmask[GVT_CFG_MASK_SIZE];

	/*
	 * Attribute index: entry i + 1 of the Gen9 table describes dword d
	 * of the register file when mmio_index[d] == i + 1; 0 means plain
	 * storage. Shared by all devices, read-only (mmio_table.c).
	 */
	const u16 *mmio_index;
	/*
	 * Command index: entry i + 1 of gvt_gen9_cmds decodes slot s of
	 * engine e when cmd_index[e * GVT_CMD_SLOTS + s] == i + 1. Shared
	 * by all devices, read-only (cmd_table.c).
	 */
	const u16 *cmd_index;
	/* Number of GGTT entries (ggtt_size >> GVT_GTT_PAGE_SHIFT). */
	u32 ggtt_entries;

	/* Link in the global device list, under gvt_registry_lock. */
	struct list_head link;
	/*
	 * Bitmaps of frontend slots, under gvt_registry_lock: whose
	 * device_added succeeded, whose failed (not retried), and whose
	 * device_added or device_removed call for this device is under way.
	 */
	unsigned long fe_attached;
	unsigned long fe_failed;
	unsigned long fe_busy;
	/* Frontend calls under way for this device (fe_busy bits). */
	unsigned int fe_calls;
	/* gvt_device_unregister() has begun: no frontend attaches. */
	bool dying;
	/* debugfs directory, NULL or an ERR_PTR when there is none. */
	struct dentry *debugfs;

	/*
	 * The workload scheduler (sched.c). @sched_lock serializes dispatch
	 * and completion processing; it is taken before a vGPU's lock, never
	 * while one is held. @sched_vgpus lists the vGPUs that may run
	 * workloads (struct gvt_vgpu.sched_link).
	 */
	struct mutex sched_lock;
	struct list_head sched_vgpus;
	/* The vGPU with a workload in flight on each engine, or NULL. */
	struct gvt_vgpu *engine_owner[GVT_NUM_ENGINES];
	/* Virtual time of the last workload dispatched. */
	u64 sched_clock;
	/* Workloads the host completed, not yet processed (struct gvt_wl). */
	spinlock_t done_lock;
	struct list_head done;
	/* Kernel work item of work.c, opaque here. */
	void *work;
	/* Kernel vblank timer of vblank_timer.c, opaque here. */
	void *vblank_timer;
	/* Scratch page of the shadow PPGTTs (ppgtt.c), or NULL. */
	void *pt_scratch;
	u64 pt_scratch_bus;
	/* The ACPI OpRegion with the VBT every vGPU sees (opregion.c). */
	u8 opregion[GVT_OPREGION_SIZE];
	/* gvt.vbt_rom=1: the vGPUs' expansion ROM with the VBT (rom.c). */
	bool has_rom;
	u8 rom[GVT_ROM_SIZE];
	/*
	 * Per engine, the registers each workload loads and hands back
	 * (engine_regs.c): offsets and masked flags, values unused.
	 */
	struct gvt_wl_reg engine_regs[GVT_NUM_ENGINES][GVT_ENGINE_MAX_REGS];
	u8 nr_engine_regs[GVT_NUM_ENGINES];
};

/**
 * struct gvt_reg_count - guest accesses to one register offset
 * @offset: dword-aligned offset in the register file
 * @reads: dword reads, saturating at U32_MAX
 * @writes: dword writes, saturating at U32_MAX
 */
struct gvt_reg_count {
	u32 offset;
	u32 reads;
	u32 writes;
};

/*
 * The unmodelled-register trace: at most GVT_UNMODELLED_MAX distinct
 * offsets, kept in an open-addressing hash of GVT_UNMODELLED_SLOTS slots
 * (load factor at most 1/2, so a probe finds an empty slot quickly).
 */
#define GVT_UNMODELLED_MAX	1024
#define GVT_UNMODELLED_BITS	11
#define GVT_UNMODELLED_SLOTS	BIT(GVT_UNMODELLED_BITS)
/* Offset of a free slot: registers are dword aligned. */
#define GVT_UNMODELLED_FREE	U32_MAX

/* Home slot of @offset in the trace: Fibonacci hashing of the dword. */
static inline u32 gvt_unmodelled_hash(u32 offset)
{
	return ((offset >> 2) * 0x9e3779b1U) >> (32 - GVT_UNMODELLED_BITS);
}

/* Bytes of an EDID block; the monitor built by edid.c has one. */
#define GVT_EDID_SIZE		128
/* DPCD bytes the monitor implements; above, reads return 0. */
#define GVT_DPCD_SIZE		0x700

/**
 * struct gvt_dp_monitor - the virtual DisplayPort monitor on port D
 * @connected: plugged: port D's live status is set and AUX D answers
 * @edid_from_vmm: @edid was given by the VMM (gvt_vgpu_edid_set()) and
 *		   survives resets; else it is edid.c's for the vGPU's type
 * @edid_offset: the EDID byte the next I2C read returns
 * @edid_size: bytes of @edid: 128 or 256
 * @dpcd: its DPCD, as the source has configured it
 * @edid: its EDID
 */
struct gvt_dp_monitor {
	bool connected;
	bool edid_from_vmm;
	u8 edid_offset;
	u16 edid_size;
	u8 dpcd[GVT_DPCD_SIZE];
	u8 edid[GVT_EDID_MAX_SIZE];
};

/**
 * struct gvt_vgpu_counters - what a guest did to its vGPU since creation
 * @pvinfo_reads: dword reads of the PVINFO page
 * @ggtt_writes: GGTT entry updates inside the vGPU's ranges
 * @ggtt_writes_dropped: GGTT writes outside the vGPU's ranges
 * @mmio_reads: register file reads, one per access
 * @mmio_writes: register file writes, one per access
 * @unbacked: accesses to BAR0 that hit neither registers nor GGTT
 * @unmodelled_reads: dword reads of registers the table does not describe
 * @unmodelled_writes: dword writes of such registers
 * @unmodelled_overflow: unmodelled accesses the full trace could not record
 * @elsp_submits: ELSP submissions (fourth dword written)
 * @workloads: workloads submitted to the host
 * @workloads_done: workloads completed successfully
 * @workload_errors: workloads the host failed or refused
 * @csb_events: CSB events written
 * @irqs_injected: MSIs delivered through the hypervisor ops
 * @irq_errors: MSIs the hypervisor ops failed to deliver
 * @engine_resets: per-engine resets (GDRST)
 * @sched_ticks: timestamp ticks of the workloads the scheduler charged
 * @vblanks: vblanks of the vGPU's enabled pipes (one per pipe and frame)
 *
 * Kept in the vGPU under its lock; a reset clears none of them.
 */
struct gvt_vgpu_counters {
	u64 pvinfo_reads;
	u64 ggtt_writes;
	u64 ggtt_writes_dropped;
	u64 mmio_reads;
	u64 mmio_writes;
	u64 unbacked;
	u64 unmodelled_reads;
	u64 unmodelled_writes;
	u64 unmodelled_overflow;
	u64 elsp_submits;
	u64 workloads;
	u64 workloads_done;
	u64 workload_errors;
	u64 csb_events;
	u64 irqs_injected;
	u64 irq_errors;
	u64 engine_resets;
	u64 sched_ticks;
	u64 vblanks;
};

/**
 * struct gvt_vgpu_stats - a consistent snapshot of a vGPU's counters
 * @c: the counters
 * @unmodelled_regs: distinct offsets in the unmodelled-register trace
 * @failsafe: the vGPU's failsafe state now
 * @fail_reason: why it entered failsafe for a guest error, or NULL
 * @fail_cmd: the command refused then, or NULL
 * @fail_gma: its graphics address
 * @fail_dw: its first two dwords
 */
struct gvt_vgpu_stats {
	struct gvt_vgpu_counters c;
	u64 unmodelled_regs;
	enum gvt_failsafe failsafe;
	const char *fail_reason;
	const char *fail_cmd;
	u64 fail_gma;
	u32 fail_dw[2];
};

/* Entries of a Gen9 context status buffer. */
#define GVT_CSB_ENTRIES		6

/**
 * struct gvt_execlist - one engine's execlist of a vGPU (execlist.c)
 * @elsp: ELSP dwords captured so far, stored in submission port order
 * @elsp_n: dwords captured, 0..3
 * @desc: the two descriptors of the last accepted submission, 0 if empty
 * @cur: index in @desc of the element being run
 * @active: an element list is being run
 * @need_run: the element @cur has commands to run: the scheduler must
 *	      build and submit a workload for it
 * @have_head: @head is the HEAD the running element reached (a lite
 *	       restore continues there); otherwise the image's HEAD is used
 * @head: HEAD reached by the element @cur
 * @hung: the engine stopped on an error; nothing runs until a reset
 * @inflight: the workload the host is running, or NULL
 */
struct gvt_execlist {
	u32 elsp[4];
	unsigned int elsp_n;
	u64 desc[2];
	unsigned int cur;
	bool active;
	bool need_run;
	bool have_head;
	u32 head;
	bool hung;
	struct gvt_wl *inflight;
};

struct gvt_ppgtt;
struct gvt_tracked;

struct gvt_vgpu {
	struct gvt_device *gvt;
	const struct gvt_type *type;
	unsigned int id;
	struct gvt_gm_range low;
	struct gvt_gm_range high;
	unsigned int num_fences;
	u8 fences[GVT_MAX_FENCES];
	struct list_head link;

	/* Protects the emulated state below. */
	struct mutex lock;
	u8 cfg[GVT_CFG_SPACE_SIZE];

	/*
	 * Register file, GVT_MMIO_SIZE bytes, CPU endian dwords, and its
	 * 4 KiB pages that may differ from the device's snapshot (written
	 * through gvt_vreg() since they were last restored): a reset
	 * restores only those.
	 */
	u32 *vreg;
	DECLARE_BITMAP(vreg_dirty, GVT_VREG_PAGES);
	enum gvt_failsafe failsafe;
	/* The guest has read PVINFO: it knows it runs on a vGPU. */
	bool pv_notified;

	/*
	 * The guest's GGTT entries of the aperture and hidden ranges, and
	 * which of them hold a pin taken through @hv (the pinned frame is
	 * the one in the guest's value).
	 */
	u64 *ggtt_low;
	u64 *ggtt_high;
	unsigned long *pinned_low;
	unsigned long *pinned_high;
	/*
	 * Which pages (GVT_GGTT_DIRTY_ENTRIES entries) of @ggtt_low and
	 * @ggtt_high may hold a value other than 0: a reset clears only
	 * those.
	 */
	DECLARE_BITMAP(ggtt_dirty_low, GVT_GGTT_DIRTY_BITS);
	DECLARE_BITMAP(ggtt_dirty_high, GVT_GGTT_DIRTY_BITS);
	/* Entry with one 4-byte half written (bit 0: low, bit 1: high). */
	u32 ggtt_half_index;
	u32 ggtt_halves;
	/*
	 * The vGPU's own scratch page (&gvt_host_ops.alloc_gpu_page), which
	 * its host GGTT entries map while they map no guest frame, and its
	 * host PTE; NULL and 0 with a backend that has none (then the host's
	 * scratch page, through &gvt_host_ops.ggtt_clear).
	 */
	void *gtt_scratch;
	u64 gtt_scratch_bus;
	u64 gtt_scratch_pte;

	const struct gvt_hv_ops *hv;
	void *hv_priv;

	/* What the guest did since creation. */
	struct gvt_vgpu_counters counters;
	/*
	 * The unmodelled-register trace: GVT_UNMODELLED_SLOTS slots, free
	 * ones at offset GVT_UNMODELLED_FREE, @unmodelled_used of them in
	 * use.
	 */
	struct gvt_reg_count *unmodelled;
	u32 unmodelled_used;

	/* debugfs directory, NULL or an ERR_PTR when there is none. */
	struct dentry *debugfs;

	/* Why the vGPU last entered failsafe for a guest error, or NULL. */
	const char *fail_reason;
	/* For a refused command: its name (or NULL), gma and first dwords. */
	const char *fail_cmd;
	u64 fail_gma;
	u32 fail_dw[2];

	/* Execlists of each engine, under @lock. */
	struct gvt_execlist execlist[GVT_NUM_ENGINES];
	/*
	 * Planes whose PLANE_SURF the guest wrote since the last vblank of
	 * their pipe: bit pipe * GVT_PLANES_PER_PIPE + plane (vblank.c).
	 */
	u16 flips_pending;
	/*
	 * Per pipe, while it is enabled: the time (ktime_get_ns()) of its
	 * last vblank that PIPE_FRMCOUNT counts (vblank.c).
	 */
	u64 vblank_last_ns[GVT_NUM_PIPES];
	/* The monitor behind AUX D (dp_aux.c), under @lock. */
	struct gvt_dp_monitor monitor;
	/* The MSI condition (master enabled, an interrupt pending) holds. */
	bool irq_asserted;
	/* A guest access made work for the scheduler (see gvt_sched_run). */
	bool sched_kick;
	/* Scheduler: link in sched_vgpus, virtual time consumed. */
	struct list_head sched_link;
	u64 sched_vtime;
	/* Shadow PPGTTs of the guest's page tables (ppgtt.c). */
	struct list_head ppgtts;
	/* Frames write-protected for them (page_track.c). */
	struct gvt_tracked *tracked;
	unsigned int ntracked;
	unsigned int tracked_cap;
};

/**
 * struct gvt_wl - the core's side of a workload
 * @wl: what the host backend sees
 * @vgpu: the submitting vGPU
 * @link: in the device's done list once completed
 * @scan: the command scan whose shadows @wl.bufs point at
 * @bufs: the buffer descriptions of @wl
 * @desc: the descriptor of the element it runs
 * @status: as given to gvt_workload_complete()
 * @completed: gvt_workload_complete() was called
 * @superseded: a later submission replaced the element while it ran: its
 *		completion emits no context-switch event
 * @ts_start: @wl.ctx_timestamp when submitted
 * @scan_events: interrupt events the scanned commands raise
 * @ppgtt: the shadow PPGTT it runs on, or NULL
 * @regs: the values of the engine's switched registers, @wl.regs
 */
struct gvt_wl {
	struct gvt_workload wl;
	struct gvt_vgpu *vgpu;
	struct list_head link;
	struct gvt_scan *scan;
	struct gvt_workload_buf *bufs;
	u64 desc;
	int status;
	bool completed;
	bool superseded;
	u32 ts_start;
	u32 scan_events;
	struct gvt_ppgtt *ppgtt;
	struct gvt_wl_reg regs[GVT_ENGINE_MAX_REGS];
};

/* Context descriptor (execlist element) fields. */
#define GVT_DESC_VALID		BIT_ULL(0)
#define GVT_DESC_FORCE_RESTORE	BIT_ULL(2)
#define GVT_DESC_ADDR_MODE(d)	(((d) >> 3) & 3)
#define GVT_DESC_PRIVILEGE	BIT_ULL(8)
#define GVT_DESC_LRCA(d)	((d) & 0xfffff000ULL)
#define GVT_DESC_CCID(d)	((u32)((d) >> 32))

/* The register state page of a context image (page 1), dword indexes. */
#define GVT_CTX_REG_PAGE	0x1000
#define GVT_CTX_CTRL		0x03
#define GVT_CTX_RING_HEAD	0x05
#define GVT_CTX_RING_TAIL	0x07
#define GVT_CTX_RING_START	0x09
#define GVT_CTX_RING_CTL	0x0b
#define GVT_CTX_INDIRECT_OFF	0x1d
#define GVT_CTX_TIMESTAMP	0x23
#define GVT_CTX_PDP0_UDW	0x31
#define GVT_CTX_PDP0_LDW	0x33
#define GVT_CTX_REGS		0x34	/* dwords the core reads */
#define GVT_RING_CTL_VALID	BIT(0)
#define GVT_RING_CTL_SIZE(c)	(((c) & 0x1ff000) + 0x1000)
#define GVT_RING_OFFSET_MASK	0x1ffffc

/* CSB event status dwords. */
#define GVT_CSB_IDLE_ACTIVE	0x1
#define GVT_CSB_PREEMPTED	0x2
#define GVT_CSB_ELEMENT_SWITCH	0x4
#define GVT_CSB_ACTIVE_IDLE	0x8
#define GVT_CSB_COMPLETE	0x10
#define GVT_CSB_LITE_RESTORE	0x8000

/* Per-engine interrupt bits of the GT interrupt registers. */
#define GVT_IRQ_USER		BIT(0)
#define GVT_IRQ_CS_ERROR	BIT(3)
#define GVT_IRQ_CTX_SWITCH	BIT(8)

/* partition.c */
void gvt_gm_pool_init(struct gvt_gm_pool *pool, u64 start, u64 end);
int gvt_gm_alloc(struct gvt_gm_pool *pool, struct gvt_gm_range *r, u64 size);
void gvt_gm_free(struct gvt_gm_range *r);
u64 gvt_gm_free_bytes(const struct gvt_gm_pool *pool);
unsigned int gvt_gm_fit_count(const struct gvt_gm_pool *pool, u64 size);
unsigned int gvt_fences_free(const struct gvt_device *gvt);
int gvt_fences_alloc(struct gvt_device *gvt, unsigned int n, u8 *out);
void gvt_fences_free_set(struct gvt_device *gvt, unsigned int n,
			 const u8 *fences);

/* types.c */
int gvt_types_init(struct gvt_device *gvt);
unsigned int gvt_type_available_locked(struct gvt_device *gvt,
				       const struct gvt_type *type);

/* vgpu.c */
void gvt_vgpu_scrub(struct gvt_vgpu *vgpu);
void gvt_vgpu_release_resources(struct gvt_vgpu *vgpu);
void gvt_vgpu_free(struct gvt_vgpu *vgpu);

/* cfg_space.c */
void gvt_cfg_init_masks(struct gvt_device *gvt);
void gvt_cfg_reset(struct gvt_vgpu *vgpu);

/* mmio_table.c */

/**
 * struct gvt_shared_index - a lookup index that every GPU shares
 * @lock: serialises @index and @users
 * @index: the index while @users > 0
 * @users: the devices using it
 * @entries: its size in u16 entries
 * @build: fills a zeroed index; returns 0 or a negative errno
 *
 * Built by the first device, shared read-only, freed with the last.
 */
struct gvt_shared_index {
	struct mutex lock;	/* serialises @index and @users */
	u16 *index;
	unsigned int users;
	size_t entries;
	int (*build)(u16 *index);
};

const u16 *gvt_shared_index_get(struct gvt_shared_index *si, int *err);
void gvt_shared_index_put(struct gvt_shared_index *si);
typedef int (*gvt_mmio_walk_fn)(void *data, u32 base,
				const struct gvt_mmio_info *info, u16 slot);
int gvt_mmio_table_walk(gvt_mmio_walk_fn fn, void *data);
int gvt_mmio_table_init(struct gvt_device *gvt);
void gvt_mmio_table_fini(struct gvt_device *gvt);
const struct gvt_mmio_info *gvt_mmio_find(const struct gvt_device *gvt,
					  u32 offset);
bool gvt_mmio_cmd_access(const struct gvt_device *gvt, u32 offset);

/* handlers.c */
void gvt_masked_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_forcewake_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask);
void gvt_iir_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_reset_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask);
void gvt_gfx_mode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			u32 mask);
void gvt_pcode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_pwr_well_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			u32 mask);
void gvt_dbuf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_dpll_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* opregion.c */
/* Where i915 looks for the VBT in an OpRegion without mailboxes. */
#define GVT_OPREGION_VBT_OFFSET	0x400
/*
 * The vGPU's one DisplayPort connector: DDI D (the VBT's DVO_PORT_DPD)
 * with AUX channel D (the VBT's DP_AUX_D).
 */
#define GVT_MONITOR_DVO_PORT	9
#define GVT_MONITOR_VBT_AUX	0x30
void gvt_opregion_build(u8 *buf);

/* rom.c */
/* Where the VBT header keeps the VBT's size (u16). */
#define GVT_VBT_SIZE_OFFSET	0x18
/* Where the ROM image keeps its copy of the VBT. */
#define GVT_ROM_VBT_OFFSET	0x200
extern bool gvt_vbt_rom_enabled;
void gvt_rom_build(struct gvt_device *gvt);

/* edid.c */
/* The monitor's name (display descriptor 0xfc): at most 13 characters. */
#define GVT_EDID_NAME		"GVT-g monitor"
int gvt_edid_build(u8 *edid, unsigned int xres, unsigned int yres);
int gvt_edid_check(const u8 *edid, size_t size, unsigned int max_xres,
		   unsigned int max_yres, const char **why);

/* dp_aux.c */
void gvt_dp_aux_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask);
void gvt_dp_reset(struct gvt_vgpu *vgpu);

/* display.c */
void gvt_ddi_buf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_dp_tp_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask);
void gvt_pipeconf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_hotplug_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_hotplug_event(struct gvt_vgpu *vgpu);

/* vblank.c */
u32 gvt_pipedsl_read(struct gvt_vgpu *vgpu, u32 offset);
u32 gvt_vblank_reg_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_vblank_pipe_switched(struct gvt_vgpu *vgpu, unsigned int pipe,
			      bool enabled);
void gvt_vblank_irq_changed(struct gvt_vgpu *vgpu, u32 offset);
void gvt_plane_surf_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask);
bool gvt_vblank_tick(struct gvt_vgpu *vgpu);
bool gvt_vblank_device_tick(struct gvt_device *gvt);

/* gmbus.c */
void gvt_gmbus1_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* mmio.c */
int gvt_mmio_alloc(struct gvt_vgpu *vgpu);
void gvt_mmio_free(struct gvt_vgpu *vgpu);
void gvt_mmio_reset(struct gvt_vgpu *vgpu);
const char *gvt_failsafe_key(enum gvt_failsafe reason);
void gvt_enter_failsafe(struct gvt_vgpu *vgpu, enum gvt_failsafe reason);
void gvt_mmio_restore(struct gvt_vgpu *vgpu, u32 start, u32 end);

/*
 * Register @offset (dword aligned, below GVT_MMIO_SIZE) of a vGPU, to
 * write or to read and modify: its page is restored at the next reset.
 * With the vGPU lock held.
 */
static inline u32 *gvt_vreg(struct gvt_vgpu *vgpu, u32 offset)
{
	__set_bit(offset >> GVT_VREG_PAGE_SHIFT, vgpu->vreg_dirty);
	return &vgpu->vreg[offset >> 2];
}

/* @len bytes of registers from @offset, to write; as gvt_vreg(). */
static inline void *gvt_vreg_span(struct gvt_vgpu *vgpu, u32 offset, u32 len)
{
	u32 p;

	for (p = offset >> GVT_VREG_PAGE_SHIFT;
	     p <= (offset + len - 1) >> GVT_VREG_PAGE_SHIFT; p++)
		__set_bit(p, vgpu->vreg_dirty);
	return &vgpu->vreg[offset >> 2];
}

/* Register @offset of a vGPU, to read only. */
static inline const u32 *gvt_vreg_ro(const struct gvt_vgpu *vgpu, u32 offset)
{
	return &vgpu->vreg[offset >> 2];
}

/* @old with the bits of @mask taken from @val. */
/* Pipe A, B or C is enabled (PIPECONF bit 31). */
static inline bool gvt_pipe_enabled(const struct gvt_vgpu *vgpu,
				    unsigned int pipe)
{
	return *gvt_vreg_ro(vgpu, GVT_REG_PIPECONF(pipe)) & GVT_PIPECONF_ENABLE;
}

static inline u32 gvt_merge(u32 old, u32 val, u32 mask)
{
	return (old & ~mask) | (val & mask);
}

/* pvinfo.c */
void gvt_pvinfo_reset(struct gvt_vgpu *vgpu);
u32 gvt_pvinfo_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_pvinfo_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* fence.c */
u32 gvt_fence_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_fence_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_fences_reset(struct gvt_vgpu *vgpu);
unsigned int gvt_fences_restore(struct gvt_vgpu *vgpu);

/* ggtt.c */
int gvt_ggtt_alloc(struct gvt_vgpu *vgpu);
int gvt_ggtt_scratch_alloc(struct gvt_vgpu *vgpu);
void gvt_ggtt_free(struct gvt_vgpu *vgpu);
void gvt_ggtt_reset(struct gvt_vgpu *vgpu);
void gvt_ggtt_scrub(struct gvt_vgpu *vgpu);
void gvt_ggtt_hand_back(struct gvt_vgpu *vgpu);
u32 gvt_ggtt_restore(struct gvt_vgpu *vgpu);
int gvt_ggtt_read(struct gvt_vgpu *vgpu, u64 offset, u64 *val,
		  unsigned int len);
int gvt_ggtt_write(struct gvt_vgpu *vgpu, u64 offset, u64 val,
		   unsigned int len);
bool gvt_gm_range_owned(const struct gvt_vgpu *vgpu, u64 start, u64 size);
int gvt_guest_rw(struct gvt_vgpu *vgpu, u64 gpa, void *buf, unsigned int len,
		 bool write);

/* enum gvt_engine (gvt.h) is also the order of the scanner's tables. */

/**
 * struct gvt_gm_access - how the command scanner reads graphics memory
 * @read: copy @len bytes at graphics address @addr into @buf; return 0, or
 *	  -EFAULT when part of the range is not mapped for the vGPU (outside
 *	  its partition, a non-present entry, a frame the hypervisor refuses)
 * @priv: passed to @read
 *
 * One scanner serves both address spaces: the caller hands it a reader
 * for the GGTT (gvt_ggtt_gm_read() on the vGPU) and one for the PPGTT of
 * the context being scanned.
 */
struct gvt_gm_access {
	int (*read)(void *priv, u64 addr, void *buf, u32 len);
	void *priv;
};

/* Kinds of command buffer (struct gvt_shadow_buf.kind). */
enum gvt_buf_kind {
	GVT_BUF_RING,		/* ring segment head..tail, privileged */
	GVT_BUF_BATCH,		/* first-level batch buffer */
	GVT_BUF_BATCH2,		/* second-level batch buffer */
};

/**
 * struct gvt_shadow_buf - the scanned copy of one command buffer
 * @cmds: the copy; the dwords that were checked and that will execute
 * @ndw: dwords in @cmds
 * @cap: dwords allocated
 * @gma: graphics address of the first dword
 * @ppgtt: @gma and the buffer's memory operands are PPGTT addresses: a
 *	   non-privileged batch buffer
 * @kind: ring segment, first- or second-level batch
 * @parent: index of the buffer whose MI_BATCH_BUFFER_START starts this one,
 *	    -1 for the ring segment
 * @start_dw: dword index of that MI_BATCH_BUFFER_START in @parent, where
 *	      dispatch relocates the start address to the shadow
 *
 * A batch ends at its MI_BATCH_BUFFER_END or at the MI_BATCH_BUFFER_START
 * that chains to the next batch (included in @cmds). A ring segment holds
 * head..tail unwrapped.
 */
struct gvt_shadow_buf {
	u32 *cmds;
	u32 ndw;
	u32 cap;
	u64 gma;
	bool ppgtt;
	enum gvt_buf_kind kind;
	int parent;
	u32 start_dw;
};

/**
 * struct gvt_scan_error - why the scanner rejected a submission
 * @rule: the rule that was broken, e.g. "register not allowed"
 * @cmd: name of the offending command, or NULL when it did not decode
 * @buf: index of the buffer in struct gvt_scan.bufs, -1 before any
 * @offset: byte offset of the command in that buffer
 * @gma: graphics address of the command
 * @dw: its first dwords
 * @ndw: how many of @dw are valid
 */
struct gvt_scan_error {
	const char *rule;
	const char *cmd;
	int buf;
	u32 offset;
	u64 gma;
	u32 dw[4];
	u32 ndw;
};

/* Most buffers and bytes one submission may make the scanner copy. */
#define GVT_SCAN_MAX_BUFS	128
#define GVT_SCAN_MAX_BYTES	(32U << 20)
/* Largest GGTT memory operand the address audit accepts. */
#define GVT_SCAN_MAX_OPERAND	(36U << 20)

/**
 * struct gvt_scan - one command scan and its shadow buffers
 * @vgpu: the submitting vGPU, locked for the whole scan
 * @engine: the engine the buffers run on
 * @ggtt: reader of the GGTT (rings, privileged batches)
 * @ppgtt: reader of the context's PPGTT, or NULL (then a non-privileged
 *	   batch cannot be scanned and is rejected)
 * @bufs: the shadow buffers; [0] is the first buffer scanned
 * @nr_bufs: used entries of @bufs
 * @bytes: bytes copied and decoded so far, at most %GVT_SCAN_MAX_BYTES
 * @cmds: commands decoded, MI_NOOP runs counting as one
 * @ring_gma: GGTT address of the ring gvt_scan_ring() scans (for errors
 *	      reported at a ring command, which wrap in the ring)
 * @ring_size: its size in bytes; 0 outside gvt_scan_ring()
 * @err: the verdict of a rejected scan
 */
struct gvt_scan {
	struct gvt_vgpu *vgpu;
	enum gvt_engine engine;
	const struct gvt_gm_access *ggtt;
	const struct gvt_gm_access *ppgtt;
	struct gvt_shadow_buf *bufs;
	unsigned int nr_bufs;
	u64 bytes;
	u64 cmds;
	u64 ring_gma;
	u32 ring_size;
	struct gvt_scan_error err;
};

/* cmd_table.c */
/* Command attributes (struct gvt_cmd_info.flags). */
#define GVT_CMD_F_REJECT	BIT(0)	/* never allowed; .reason says why */
#define GVT_CMD_F_PRIV		BIT(1)	/* only in privileged buffers */

/* Policy handlers of commands (struct gvt_cmd_info.handler). */
enum gvt_cmd_handler {
	GVT_CMD_H_NONE,		/* no register or GGTT operand */
	GVT_CMD_H_LRI,
	GVT_CMD_H_LRR,
	GVT_CMD_H_LRM,
	GVT_CMD_H_SRM,
	GVT_CMD_H_SDI,
	GVT_CMD_H_FLUSH_DW,
	GVT_CMD_H_PIPE_CONTROL,
	GVT_CMD_H_ATOMIC,
	GVT_CMD_H_COPY_MEM,
	GVT_CMD_H_BB_START,
	GVT_CMD_H_BB_END,
};

/**
 * struct gvt_cmd_info - a command of the Gen9 command tables
 * @name: the name of the reference manual
 * @reason: why a %GVT_CMD_F_REJECT command is refused
 * @opcode: the first dword with only the client and opcode bits set
 * @engines: engines that execute it, BIT(enum gvt_engine)
 * @len_bits: width of the length field in dword 0, 0 for a fixed length
 * @len: the fixed length in dwords, or the bias added to the length field
 * @flags: GVT_CMD_F_*
 * @handler: the policy check, enum gvt_cmd_handler
 * @min_len: fewest dwords a well-formed command has, 0 if unchecked
 * @max_len: most dwords a well-formed command has, 0 if unchecked
 */
struct gvt_cmd_info {
	const char *name;
	const char *reason;
	u32 opcode;
	u8 engines;
	u8 len_bits;
	u8 len;
	u8 flags;
	u8 handler;
	u8 min_len;
	u8 max_len;
};

/*
 * Slots of the command index of one engine: 64 MI opcodes (client 0,
 * bits 28:23), 128 blitter opcodes (client 2, bits 28:22), then 8192
 * opcodes of client 3 (bits 28:16). Clients 1 and 4-7 do not exist.
 */
#define GVT_CMD_SLOTS		(64 + 128 + 8192)

static inline int gvt_cmd_slot(u32 dw0)
{
	switch (dw0 >> 29) {
	case 0:
		return (dw0 >> 23) & 0x3f;
	case 2:
		return 64 + ((dw0 >> 22) & 0x7f);
	case 3:
		return 192 + ((dw0 >> 16) & 0x1fff);
	default:
		return -1;
	}
}

/* Length in dwords of the command @dw0 decoded as @info. */
static inline u32 gvt_cmd_len(const struct gvt_cmd_info *info, u32 dw0)
{
	if (!info->len_bits)
		return info->len;
	return (dw0 & (BIT(info->len_bits) - 1)) + info->len;
}

extern const struct gvt_cmd_info gvt_gen9_cmds[];
extern const unsigned int gvt_gen9_num_cmds;

int gvt_cmd_table_init(struct gvt_device *gvt);
void gvt_cmd_table_fini(struct gvt_device *gvt);
const struct gvt_cmd_info *gvt_cmd_lookup(const struct gvt_device *gvt,
					  enum gvt_engine engine, u32 dw0);

/* cmd_parser.c */
void gvt_scan_init(struct gvt_scan *s, struct gvt_vgpu *vgpu,
		   enum gvt_engine engine, const struct gvt_gm_access *ggtt,
		   const struct gvt_gm_access *ppgtt);
int gvt_scan_ring(struct gvt_scan *s, u64 ring_gma, u32 ring_size, u32 head,
		  u32 tail);
int gvt_scan_batch(struct gvt_scan *s, u64 gma, bool ppgtt);
void gvt_scan_reset(struct gvt_scan *s);
void gvt_scan_fini(struct gvt_scan *s);
int gvt_ggtt_gm_read(void *vgpu, u64 gma, void *buf, u32 len);

/* execlist.c: ELSP submissions reach the workload path (see there). */
extern bool gvt_workloads_enabled;

/* device.c */
void gvt_registry_exit(void);

/* ggtt.c */
bool gvt_ggtt_gm_mapped(struct gvt_vgpu *vgpu, u64 gma, u64 len);
int gvt_ggtt_gm_write(struct gvt_vgpu *vgpu, u64 gma, const void *buf,
		      u32 len);

/* interrupt.c */
u32 gvt_engine_base(enum gvt_engine e);
void gvt_irq_raise(struct gvt_vgpu *vgpu, enum gvt_engine e, u32 bits);
void gvt_irq_raise_group(struct gvt_vgpu *vgpu, u32 isr, u32 bits);
void gvt_irq_update(struct gvt_vgpu *vgpu);
u32 gvt_master_irq_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_master_irq_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask);
void gvt_irq_reg_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
		       u32 mask);

/* engine_regs.c */
enum gvt_engine gvt_reg_engine(u32 offset);
int gvt_engine_regs_init(struct gvt_device *gvt);
void gvt_wl_regs_load(struct gvt_vgpu *vgpu, struct gvt_wl *wl);
void gvt_wl_regs_save(struct gvt_vgpu *vgpu, struct gvt_wl *wl);

/* execlist.c */
int gvt_engine_of(u32 offset);
void gvt_elsp_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_execlist_reset(struct gvt_vgpu *vgpu, enum gvt_engine e);
void gvt_execlist_run(struct gvt_vgpu *vgpu, enum gvt_engine e);
void gvt_execlist_finish(struct gvt_wl *wl);
void gvt_csb_emit(struct gvt_vgpu *vgpu, enum gvt_engine e, u32 status,
		  u32 ccid);
void gvt_engine_error(struct gvt_vgpu *vgpu, enum gvt_engine e,
		      const char *why);
void gvt_guest_fault(struct gvt_vgpu *vgpu, enum gvt_engine e,
		     const char *why);
void gvt_failsafe_stop(struct gvt_vgpu *vgpu);
void gvt_wl_release_guest(struct gvt_vgpu *vgpu);

/* workload.c */
int gvt_wl_build(struct gvt_vgpu *vgpu, enum gvt_engine e, u64 desc,
		 bool lite, u32 head, struct gvt_wl **out);
void gvt_wl_free(struct gvt_wl *wl);
int gvt_ctx_reg_write(struct gvt_vgpu *vgpu, u64 lrca, u32 index, u32 val);

/* engine.c */
u32 gvt_mi_mode_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_mi_mode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_eir_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
u32 gvt_zero_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_tlb_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
		       u32 mask);
void gvt_engine_reset(struct gvt_vgpu *vgpu, enum gvt_engine e);
void gvt_gdrst_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* ppgtt.c */
int gvt_ppgtt_get(struct gvt_vgpu *vgpu, u64 root, struct gvt_ppgtt **out);
void gvt_ppgtt_put(struct gvt_ppgtt *pt);
u64 gvt_ppgtt_root(struct gvt_ppgtt *pt);
int gvt_ppgtt_gm_read(void *pt, u64 gma, void *buf, u32 len);
void gvt_ppgtt_vgpu_fini(struct gvt_vgpu *vgpu);
void gvt_ppgtt_device_fini(struct gvt_device *gvt);
void gvt_ppgtt_page_written(struct gvt_vgpu *vgpu, u64 gfn);
bool gvt_ppgtt_root_destroyed(struct gvt_vgpu *vgpu, u64 root);

/* page_track.c */
int gvt_track_get(struct gvt_vgpu *vgpu, u64 gfn);
void gvt_track_put(struct gvt_vgpu *vgpu, u64 gfn);

/* sched.c */
void gvt_sched_init(struct gvt_device *gvt);
void gvt_sched_vgpu_add(struct gvt_vgpu *vgpu);
void gvt_sched_vgpu_remove(struct gvt_vgpu *vgpu);
void gvt_sched_run(struct gvt_device *gvt);
void gvt_sched_work(struct gvt_device *gvt);
void gvt_sched_cancel(struct gvt_vgpu *vgpu, enum gvt_engine e);
void gvt_sched_release_vgpu(struct gvt_vgpu *vgpu);
void gvt_sched_drain_vgpu(struct gvt_vgpu *vgpu);

/* work.c (kernel only; the userspace harness has its own) */
int gvt_work_init(struct gvt_device *gvt);
void gvt_work_fini(struct gvt_device *gvt);
void gvt_work_kick(struct gvt_device *gvt);

/* vblank_timer.c (kernel only; the userspace harness has its own) */
int gvt_vblank_timer_init(struct gvt_device *gvt);
void gvt_vblank_timer_stop(struct gvt_device *gvt);
void gvt_vblank_timer_fini(struct gvt_device *gvt);
void gvt_vblank_timer_kick(struct gvt_device *gvt);

/* stats.c */
int gvt_unmodelled_alloc(struct gvt_vgpu *vgpu);
void gvt_unmodelled_free(struct gvt_vgpu *vgpu);
void gvt_unmodelled_note(struct gvt_vgpu *vgpu, u32 offset, bool write);
void gvt_vgpu_stats(struct gvt_vgpu *vgpu, struct gvt_vgpu_stats *st);
unsigned int gvt_vgpu_unmodelled(struct gvt_vgpu *vgpu,
				 struct gvt_reg_count *out, unsigned int max);

/*
 * Count one access to the undescribed register of trace entry @e: the
 * vGPU's totals and the entry's own count, which saturates.
 */
static inline void gvt_unmodelled_bump(struct gvt_vgpu *vgpu,
				       struct gvt_reg_count *e, bool write)
{
	if (write) {
		vgpu->counters.unmodelled_writes++;
		if (e->writes != U32_MAX)
			e->writes++;
	} else {
		vgpu->counters.unmodelled_reads++;
		if (e->reads != U32_MAX)
			e->reads++;
	}
}

/*
 * debugfs.c (kernel only; the userspace harness has no-op versions).
 * Failures are not fatal: the directory is simply missing.
 */
void gvt_debugfs_init(void);
void gvt_debugfs_exit(void);
void gvt_debugfs_device_add(struct gvt_device *gvt);
void gvt_debugfs_device_remove(struct gvt_device *gvt);
void gvt_debugfs_vgpu_add(struct gvt_vgpu *vgpu);
void gvt_debugfs_vgpu_remove(struct gvt_vgpu *vgpu);

#endif /* _GVT_INTERNAL_H_ */
