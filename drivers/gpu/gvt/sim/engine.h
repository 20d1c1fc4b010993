/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated GPU's software command streamer: one executor per ring
 * that runs a ring segment and the batches it calls (engine.c).
 *
 * The executor is pure C: it reaches memory, the GGTT and the register
 * file only through &struct gvt_sim_engine_ops, so the userspace unit tier
 * (tools/testing/gvt) builds engine.c unchanged against its shim headers.
 */
#ifndef _GVT_SIM_ENGINE_H_
#define _GVT_SIM_ENGINE_H_

#include <linux/types.h>
#include <linux/bits.h>

/* Events, as bits of the engine's field in the GT interrupt registers. */
#define GVT_SIM_EV_USER_INTERRUPT	BIT(0)	/* MI_USER_INTERRUPT */
#define GVT_SIM_EV_CS_ERROR		BIT(3)	/* invalid command, see eir */
#define GVT_SIM_EV_NOTIFY		BIT(4)	/* PIPE_CONTROL/MI_FLUSH_DW notify */
#define GVT_SIM_EV_CTX_SWITCH		BIT(8)	/* the ring went idle */
/* Not an interrupt: a data access faulted (see stats.faults). */
#define GVT_SIM_EV_FAULT		BIT(31)

/* RING_EIR bits the executor sets on an error. */
#define GVT_SIM_EIR_INSTRUCTION		BIT(0)	/* invalid command */
#define GVT_SIM_EIR_PAGE_TABLE		BIT(4)	/* command fetch faulted */

/* Offsets from the engine's MMIO base of the registers it keeps. */
#define GVT_SIM_RING_GPR		0x600	/* CS_GPR: 16 x 64 bits */
#define GVT_SIM_RING_GPR_NUM		16

/**
 * enum gvt_sim_exec_status - what gvt_sim_engine_run() stopped on
 * @GVT_SIM_EXEC_DONE: the ring is empty (HEAD == TAIL, no batch active)
 * @GVT_SIM_EXEC_BUDGET: the budget is used up; call again to go on
 * @GVT_SIM_EXEC_WAIT: an MI_SEMAPHORE_WAIT is not satisfied; call again
 *		       later, it polls again
 * @GVT_SIM_EXEC_ERROR: an invalid command or a faulting command fetch;
 *			the engine stays halted until gvt_sim_engine_load()
 *			or gvt_sim_engine_reset()
 * @GVT_SIM_EXEC_STOPPED: gvt_sim_engine_stop() was called
 */
enum gvt_sim_exec_status {
	GVT_SIM_EXEC_DONE,
	GVT_SIM_EXEC_BUDGET,
	GVT_SIM_EXEC_WAIT,
	GVT_SIM_EXEC_ERROR,
	GVT_SIM_EXEC_STOPPED,
};

/**
 * struct gvt_sim_engine_ops - how the executor reaches the rest of the GPU
 * @ggtt_pte: the host GGTT entry @index (below ggtt_size / 4 KiB); return
 *	      0 for an entry whose page must not be reached: reads of it
 *	      return zeros, writes are lost. Scratch pages are reached like
 *	      any other page, as on the hardware.
 * @dma_rw: a device access of @len bytes at bus address @addr, not
 *	    crossing a 4 KiB boundary (the IOMMU); return false on a fault,
 *	    in which case a read must have filled @buf with zeros
 * @reg_read: read register @offset of the vGPU's register file
 * @reg_write: write register @offset (MI_LOAD_REGISTER_*)
 * @timestamp: the GPU timestamp for post-sync writes; may be NULL (0)
 * @batch_start: where the batch that an MI_BATCH_BUFFER_START to @addr
 *		 starts is fetched from (*@ppgtt, preset from the command's
 *		 address-space bit 8) and whether its commands may select the
 *		 GGTT (*@privileged, preset to: the calling buffer is
 *		 privileged and the batch is in the GGTT). Return false to
 *		 refuse the batch (a CS error). May be NULL (the presets).
 *
 * @priv is the pointer given to gvt_sim_engine_init(). The callbacks are
 * called from gvt_sim_engine_run() only.
 */
struct gvt_sim_engine_ops {
	u64 (*ggtt_pte)(void *priv, u32 index);
	bool (*dma_rw)(void *priv, u64 addr, void *buf, unsigned int len,
		       bool write);
	u32 (*reg_read)(void *priv, u32 offset);
	void (*reg_write)(void *priv, u32 offset, u32 val);
	u64 (*timestamp)(void *priv);
	bool (*batch_start)(void *priv, u64 addr, bool *ppgtt,
			    bool *privileged);
};

/**
 * struct gvt_sim_ring - what gvt_sim_engine_load() starts from
 * @start: GGTT address of the ring, 4 KiB aligned
 * @size: ring size in bytes, a multiple of 4 KiB
 * @head: byte offset of the first command
 * @tail: byte offset where execution stops
 * @pml4: bus address of the PPGTT's top-level table (4-level, 48 bits);
 *	  0 if the context has no PPGTT (every PPGTT access faults)
 * @hwsp: GGTT address of the context's status page, for the commands'
 *	  STORE_DATA_INDEX writes; 0 drops such writes
 */
struct gvt_sim_ring {
	u64 start;
	u32 size;
	u32 head;
	u32 tail;
	u64 pml4;
	u64 hwsp;
};

/**
 * struct gvt_sim_engine_stats - counters of one executor
 * @cmds: commands executed
 * @batches: MI_BATCH_BUFFER_START taken (calls and chains)
 * @faults: data accesses that faulted (reads gave zeros, writes lost)
 * @ro_writes: of those, writes to a page mapped read-only (PPGTT RW=0)
 * @bytes_blitted: bytes written by blitter commands
 */
struct gvt_sim_engine_stats {
	u64 cmds;
	u64 batches;
	u64 faults;
	u64 ro_writes;
	u64 bytes_blitted;
};

/* Batch nesting: the ring, a first-level and a second-level batch. */
#define GVT_SIM_BB_LEVELS	3
/* The longest command the executor reads whole: 8-bit length + 2. */
#define GVT_SIM_CMD_MAX_DW	(0xff + 2)

/**
 * struct gvt_sim_engine - one command streamer
 * @ops: callbacks
 * @priv: their argument
 * @name: for messages
 * @mmio_base: the engine's register base (0x2000 RCS, 0x22000 BCS, ...)
 * @ggtt_size: bytes of graphics memory the GGTT maps
 * @ring: the ring registers: START, size, HEAD, TAIL and the context's
 *	  PPGTT root and status page
 * @level: 0 in the ring, 1 in a first-level batch, 2 in a second-level one
 * @bb_addr: per level above 0, the address of the next command
 * @bb_ppgtt: per level, whether its buffer is in the PPGTT
 * @bb_priv: per level, whether its buffer is privileged (GGTT selection
 *	     of commands honoured)
 * @gpr: CS_GPR0..15, the registers MI_MATH works on
 * @eir: RING_EIR, error bits latched until reset
 * @events: GVT_SIM_EV_* seen and not yet taken
 * @halted: an error stopped the engine
 * @stop: a stop is requested
 * @idle_reported: the ring went idle and GVT_SIM_EV_CTX_SWITCH was set
 * @blit_row: rows of the current blitter command already done
 * @err_dw: the first dwords of the command that raised the error
 * @err_addr: its address (GGTT in the ring, else in @bb_ppgtt's space)
 * @err_reason: what was wrong, for messages
 * @stats: counters
 * @cmd: the command being executed
 * @bounce: staging for copies
 */
struct gvt_sim_engine {
	const struct gvt_sim_engine_ops *ops;
	void *priv;
	const char *name;
	u32 mmio_base;
	u64 ggtt_size;
	struct gvt_sim_ring ring;
	unsigned int level;
	u64 bb_addr[GVT_SIM_BB_LEVELS];
	bool bb_ppgtt[GVT_SIM_BB_LEVELS];
	bool bb_priv[GVT_SIM_BB_LEVELS];
	u64 gpr[GVT_SIM_RING_GPR_NUM];
	u32 eir;
	u32 events;
	bool halted;
	bool stop;
	bool idle_reported;
	u32 blit_row;
	u32 err_dw[4];
	u64 err_addr;
	const char *err_reason;
	struct gvt_sim_engine_stats stats;
	u32 cmd[GVT_SIM_CMD_MAX_DW];
	u8 bounce[4096];
};

void gvt_sim_engine_init(struct gvt_sim_engine *e,
			 const struct gvt_sim_engine_ops *ops, void *priv,
			 const char *name, u32 mmio_base, u64 ggtt_size);
int gvt_sim_engine_load(struct gvt_sim_engine *e,
			const struct gvt_sim_ring *ring);
void gvt_sim_engine_set_tail(struct gvt_sim_engine *e, u32 tail);
enum gvt_sim_exec_status gvt_sim_engine_run(struct gvt_sim_engine *e,
					    u32 budget);
void gvt_sim_engine_stop(struct gvt_sim_engine *e);
void gvt_sim_engine_reset(struct gvt_sim_engine *e);
u32 gvt_sim_engine_take_events(struct gvt_sim_engine *e);

#endif /* _GVT_SIM_ENGINE_H_ */
