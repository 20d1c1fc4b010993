// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's software command streamer.
 *
 * One executor per ring runs a ring segment (HEAD to TAIL) and the batch
 * buffers it calls, as a Gen9 command streamer would, and reaches memory
 * only through its callbacks (engine.h):
 *
 * - a GGTT address through the host GGTT: entry -> bus address (IOVA);
 * - a PPGTT address through a 4-level walk from the context's PML4 bus
 *   address: PML4[47:39] -> PDP[38:30] -> PD[29:21] -> PT[20:12], entry
 *   bit 0 present, bit 1 writable (at every level), address bits 38:12;
 *   a PDE with bit 11 (IPS) maps 64 KiB pages: PT entry 16 * va[20:16],
 *   page bits 38:16, offset va[15:0]. The tables are read through the
 *   same bus-address callback.
 *
 * A data access that faults (not present, not writable, not mapped by
 * the IOMMU) reads zeros and drops its write, is counted, and reported as
 * %GVT_SIM_EV_FAULT; a command fetch that faults, an unknown or malformed
 * command halts the engine with RING_EIR set and %GVT_SIM_EV_CS_ERROR.
 *
 * Execution is bounded: gvt_sim_engine_run() executes at most a budget of
 * dwords (a blit counts the dwords it writes, row by row, and resumes where
 * it stopped), so a batch that loops forever only costs its caller a
 * slice. Events are accumulated for the caller, never raised here.
 *
 * What "privileged" means: the ring and batches started from the GGTT by
 * a privileged buffer; only there do the commands' "use GGTT" bits
 * select the GGTT, elsewhere addresses are in the PPGTT. Blits have no
 * such bit: their surfaces are always in the PPGTT.
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "engine.h"

#define PG_4K			4096U
#define PG_64K			65536U
#define PAGE_OFF(a)		((u32)((a) & (PG_4K - 1)))

/* Engine bases (KBL GT2). */
#define RCS_BASE		0x2000
#define BCS_BASE		0x22000

/* Command header fields. */
#define CMD_CLIENT(dw)		((dw) >> 29)
#define CLIENT_MI		0
#define CLIENT_2D		2
#define CLIENT_3D		3
#define MI_OP(dw)		(((dw) >> 23) & 0x3f)
#define BLT_OP(dw)		(((dw) >> 22) & 0x7f)
#define LEN8(dw)		(((dw) & 0xff) + 2)

/* MI opcodes (dw0 bits 28:23). */
#define MI_NOOP			0x00
#define MI_USER_INTERRUPT	0x02
#define MI_WAIT_FOR_EVENT	0x03
#define MI_ARB_CHECK		0x05
#define MI_RS_CONTROL		0x06
#define MI_ARB_ON_OFF		0x08
#define MI_URB_ATOMIC_ALLOC	0x09
#define MI_BATCH_BUFFER_END	0x0a
#define MI_SUSPEND_FLUSH	0x0b
#define MI_TOPOLOGY_FILTER	0x0d
#define MI_SET_APPID		0x0e
#define MI_RS_CONTEXT		0x0f
#define MI_MATH			0x1a
#define MI_SEMAPHORE_WAIT	0x1c
#define MI_STORE_DATA_IMM	0x20
#define MI_STORE_DATA_INDEX	0x21
#define MI_LOAD_REGISTER_IMM	0x22
#define MI_UPDATE_GTT		0x23
#define MI_STORE_REGISTER_MEM	0x24
#define MI_FLUSH_DW		0x26
#define MI_CLFLUSH		0x27
#define MI_LOAD_REGISTER_MEM	0x29
#define MI_LOAD_REGISTER_REG	0x2a
#define MI_COPY_MEM_MEM		0x2e
#define MI_ATOMIC		0x2f
#define MI_BATCH_BUFFER_START	0x31
#define MI_COND_BB_END		0x36

/* Common bits. */
#define MI_USE_GGTT		BIT(22)
#define MI_SDI_QWORD		BIT(21)
#define MI_BB_SECOND_LEVEL	BIT(22)
#define MI_BB_PPGTT		BIT(8)
#define MI_CMM_SRC_GGTT		BIT(22)
#define MI_CMM_DST_GGTT		BIT(21)
#define MI_SEM_POLL		BIT(15)
#define MI_SEM_OP(dw)		(((dw) >> 12) & 7)
#define MI_ATOMIC_OP(dw)	(((dw) >> 8) & 0xff)
#define MI_ATOMIC_INLINE	BIT(18)
#define MI_ATOMIC_RETURN	BIT(21)
#define MI_FLUSH_DW_GGTT	BIT(2)	/* in dw1 */
#define MI_FLUSH_DW_INDEX	BIT(21)
#define POST_SYNC(dw)		(((dw) >> 14) & 3)
#define POST_SYNC_IMM		1
#define POST_SYNC_DEPTH		2
#define POST_SYNC_TIMESTAMP	3
#define MI_NOTIFY		BIT(8)

/* PIPE_CONTROL (3D client, 0x7a00xxxx): dw1 bits. */
#define PIPE_CONTROL_HDR	0x7a00
#define PC_GGTT			BIT(24)
#define PC_INDEX		BIT(21)
#define PC_NOTIFY		BIT(8)
#define SO_DECL_LIST_HDR	0x7917

/* Blitter opcodes (dw0 bits 28:22). */
#define XY_FAST_COPY_BLT	0x42
#define XY_COLOR_BLT		0x50
#define XY_SRC_COPY_BLT		0x53
#define XY_DST_TILED		BIT(11)
#define XY_SRC_TILED		BIT(15)
#define XY_WRITE_ALPHA		BIT(21)
#define XY_WRITE_RGB		BIT(20)
#define ROP_SRCCOPY		0xcc
#define ROP_PATCOPY		0xf0

/* MI_MATH ALU. */
#define ALU_NOOP		0x000
#define ALU_LOAD		0x080
#define ALU_LOADINV		0x480
#define ALU_LOAD0		0x081
#define ALU_LOAD1		0x481
#define ALU_ADD			0x100
#define ALU_SUB			0x101
#define ALU_AND			0x102
#define ALU_OR			0x103
#define ALU_XOR			0x104
#define ALU_STORE		0x180
#define ALU_STOREINV		0x580
#define ALU_SRCA		0x20
#define ALU_SRCB		0x21
#define ALU_ACCU		0x31
#define ALU_ZF			0x32
#define ALU_CF			0x33

/* Page-table entries. */
#define PTE_PRESENT		BIT_ULL(0)
#define PTE_RW			BIT_ULL(1)
#define PDE_IPS_64K		BIT_ULL(11)
#define PTE_ADDR		GENMASK_ULL(38, 12)
#define PTE_ADDR_64K		GENMASK_ULL(38, 16)
#define GGTT_PTE_ADDR		GENMASK_ULL(45, 12)
#define VA_MASK			GENMASK_ULL(47, 0)

/* What one command did. */
enum step {
	STEP_NEXT,	/* advance past it */
	STEP_MOVED,	/* it moved the fetch position itself */
	STEP_PARTIAL,	/* not finished, resume it at the next call */
	STEP_WAIT,	/* semaphore not satisfied */
	STEP_ERROR,	/* halt */
};

static inline u64 addr48(u32 lo, u32 hi)
{
	return ((u64)(hi & 0xffff) << 32) | lo;
}

static bool is_render(const struct gvt_sim_engine *e)
{
	return e->mmio_base == RCS_BASE;
}

static bool is_blitter(const struct gvt_sim_engine *e)
{
	return e->mmio_base == BCS_BASE;
}

static void eng_fault(struct gvt_sim_engine *e, bool ro)
{
	e->stats.faults++;
	if (ro)
		e->stats.ro_writes++;
	e->events |= GVT_SIM_EV_FAULT;
}

/*
 * Translate @va of one address space to a bus address; *@chunk is how
 * many bytes from there stay within one 4 KiB bus page (after a fault:
 * to the end of @va's page, which the fault covers).
 * Return 0, -ENOENT (a GGTT entry with no page: zeros, writes lost),
 * -EFAULT (not mapped) or -EACCES (write to a read-only page).
 */
static int eng_xlate(struct gvt_sim_engine *e, bool ppgtt, u64 va,
		     bool write, u64 *bus, u32 *chunk)
{
	bool rw = true, ips = false;
	u64 table, ent = 0;
	int level;

	/* A fault covers the rest of @va's 4 KiB page. */
	*chunk = PG_4K - PAGE_OFF(va);
	if (!ppgtt) {
		if (va >= e->ggtt_size)
			return -EFAULT;
		ent = e->ops->ggtt_pte(e->priv, (u32)(va >> 12));
		if (!(ent & PTE_PRESENT))
			return -ENOENT;
		*bus = (ent & GGTT_PTE_ADDR) | PAGE_OFF(va);
		return 0;
	}

	va &= VA_MASK;
	if (!e->ring.pml4)
		return -EFAULT;
	table = e->ring.pml4 & PTE_ADDR;
	for (level = 3; level >= 0; level--) {
		u32 idx = (va >> (12 + 9 * level)) & 0x1ff;

		if (level == 0 && ips)
			idx = 16 * ((va >> 16) & 0x1f);
		if (!e->ops->dma_rw(e->priv, table + 8 * idx, &ent, 8, false))
			return -EFAULT;
		if (!(ent & PTE_PRESENT))
			return -EFAULT;
		rw &= !!(ent & PTE_RW);
		if (level == 1)
			ips = !!(ent & PDE_IPS_64K);
		table = ent & PTE_ADDR;
	}
	if (write && !rw)
		return -EACCES;
	if (ips)
		*bus = (ent & PTE_ADDR_64K) | (va & (PG_64K - 1));
	else
		*bus = (ent & PTE_ADDR) | PAGE_OFF(va);
	*chunk = PG_4K - PAGE_OFF(*bus);
	return 0;
}

/*
 * A data access of @len bytes at @va. A part that faults reads zeros and
 * loses its write; return false if any part did.
 */
static bool eng_rw(struct gvt_sim_engine *e, bool ppgtt, u64 va, void *buf,
		   u32 len, bool write)
{
	bool ok = true;
	u32 chunk;
	u64 bus;
	int ret;

	while (len) {
		ret = eng_xlate(e, ppgtt, va, write, &bus, &chunk);
		chunk = min(chunk, len);
		if (!ret) {
			if (!e->ops->dma_rw(e->priv, bus, buf, chunk, write)) {
				eng_fault(e, false);
				ok = false;
			}
		} else {
			if (!write)
				memset(buf, 0, chunk);
			if (ret != -ENOENT) {
				eng_fault(e, ret == -EACCES);
				ok = false;
			}
		}
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return ok;
}

/*
 * A command fetch: like eng_rw() but every byte must come from a mapped
 * page; return false if one does not.
 */
static bool eng_fetch_at(struct gvt_sim_engine *e, bool ppgtt, u64 va,
			 u32 *buf, u32 ndw)
{
	u32 len = 4 * ndw, chunk;
	void *p = buf;
	u64 bus;

	while (len) {
		if (eng_xlate(e, ppgtt, va, false, &bus, &chunk))
			return false;
		chunk = min(chunk, len);
		if (!e->ops->dma_rw(e->priv, bus, p, chunk, false))
			return false;
		va += chunk;
		p += chunk;
		len -= chunk;
	}
	return true;
}

/* Bytes of ring from HEAD to TAIL. */
static u32 ring_space(const struct gvt_sim_engine *e)
{
	return (e->ring.tail - e->ring.head + e->ring.size) % e->ring.size;
}

/* The address of the next command, for error reports. */
static u64 eng_pos(const struct gvt_sim_engine *e)
{
	if (!e->level)
		return e->ring.start + e->ring.head;
	return e->bb_addr[e->level];
}

/* Read @ndw dwords of the current command into e->cmd from dword @from. */
static bool eng_fetch(struct gvt_sim_engine *e, u32 from, u32 ndw)
{
	u32 off, first;

	if (e->level)
		return eng_fetch_at(e, e->bb_ppgtt[e->level],
				    e->bb_addr[e->level] + 4 * from,
				    e->cmd + from, ndw);
	off = (e->ring.head + 4 * from) % e->ring.size;
	first = min(ndw, (e->ring.size - off) / 4);
	if (!eng_fetch_at(e, false, e->ring.start + off, e->cmd + from, first))
		return false;
	return eng_fetch_at(e, false, e->ring.start, e->cmd + from + first,
			    ndw - first);
}

static void eng_advance(struct gvt_sim_engine *e, u32 ndw)
{
	if (e->level)
		e->bb_addr[e->level] = (e->bb_addr[e->level] + 4 * ndw) &
				       VA_MASK;
	else
		e->ring.head = (e->ring.head + 4 * ndw) % e->ring.size;
}

static enum step eng_error(struct gvt_sim_engine *e, u32 eir,
			   const char *why)
{
	unsigned int i;

	e->eir |= eir;
	e->events |= GVT_SIM_EV_CS_ERROR;
	e->halted = true;
	e->err_reason = why;
	e->err_addr = eng_pos(e);
	for (i = 0; i < ARRAY_SIZE(e->err_dw); i++)
		e->err_dw[i] = e->cmd[i];
	return STEP_ERROR;
}

static enum step eng_invalid(struct gvt_sim_engine *e, const char *why)
{
	return eng_error(e, GVT_SIM_EIR_INSTRUCTION, why);
}

/* The address space a command's "use GGTT" bit selects here. */
static bool eng_ppgtt(const struct gvt_sim_engine *e, bool ggtt_bit)
{
	return !(ggtt_bit && e->bb_priv[e->level]);
}

static u64 eng_timestamp(struct gvt_sim_engine *e)
{
	return e->ops->timestamp ? e->ops->timestamp(e->priv) : 0;
}

/* The GPRs live in the engine; everything else in the vGPU's file. */
static int eng_gpr_dword(const struct gvt_sim_engine *e, u32 offset)
{
	u32 rel = offset - e->mmio_base - GVT_SIM_RING_GPR;

	if (offset < e->mmio_base + GVT_SIM_RING_GPR ||
	    rel >= 8 * GVT_SIM_RING_GPR_NUM)
		return -1;
	return rel / 4;
}

static u32 eng_reg_read(struct gvt_sim_engine *e, u32 offset)
{
	int d = eng_gpr_dword(e, offset);

	if (d >= 0)
		return (u32)(e->gpr[d / 2] >> (32 * (d & 1)));
	return e->ops->reg_read(e->priv, offset);
}

static void eng_reg_write(struct gvt_sim_engine *e, u32 offset, u32 val)
{
	int d = eng_gpr_dword(e, offset);

	if (d >= 0) {
		u64 *r = &e->gpr[d / 2];

		if (d & 1)
			*r = (*r & GENMASK_ULL(31, 0)) | (u64)val << 32;
		else
			*r = (*r & GENMASK_ULL(63, 32)) | val;
	}
	/* Write-through: the vGPU's register file stays current. */
	e->ops->reg_write(e->priv, offset, val);
}

#define REG_OFFSET(dw)		((dw) & 0x7ffffc)

static enum step cmd_bb_start(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0];
	bool ppgtt = dw0 & MI_BB_PPGTT;
	u64 addr = addr48(e->cmd[1] & ~3U, e->cmd[2]);
	unsigned int from = e->level, to;
	bool privileged;

	if (len < 3)
		return eng_invalid(e, "MI_BATCH_BUFFER_START too short");
	if (!e->level)
		to = 1;
	else if (dw0 & MI_BB_SECOND_LEVEL)
		to = e->level + 1;
	else
		to = e->level;	/* a chain: replaces the current batch */
	if (to >= GVT_SIM_BB_LEVELS)
		return eng_invalid(e, "batch buffers nested too deep");
	privileged = e->bb_priv[from] && !ppgtt;
	if (e->ops->batch_start &&
	    !e->ops->batch_start(e->priv, addr, &ppgtt, &privileged))
		return eng_invalid(e, "batch buffer refused");
	if (to != from)
		eng_advance(e, len);	/* the return point */
	e->bb_addr[to] = addr;
	e->bb_ppgtt[to] = ppgtt;
	e->bb_priv[to] = privileged && e->bb_priv[from];
	e->level = to;
	e->stats.batches++;
	return STEP_MOVED;
}

static enum step cmd_bb_end(struct gvt_sim_engine *e)
{
	if (!e->level)
		return eng_invalid(e, "MI_BATCH_BUFFER_END in the ring");
	e->level--;
	return STEP_MOVED;
}

static enum step cmd_sdi(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0];

	if (len < 4)
		return eng_invalid(e, "MI_STORE_DATA_IMM too short");
	eng_rw(e, eng_ppgtt(e, dw0 & MI_USE_GGTT),
	       addr48(e->cmd[1] & ~3U, e->cmd[2]), &e->cmd[3], 4 * (len - 3),
	       true);
	return STEP_NEXT;
}

/* A write at byte @offset of the context's status page (GGTT). */
static void eng_index_write(struct gvt_sim_engine *e, u32 offset,
			    const void *buf, u32 len)
{
	if (!e->ring.hwsp)
		return;
	eng_rw(e, false, e->ring.hwsp + (offset & (PG_4K - 1)), (void *)buf,
	       min(len, PG_4K - (offset & (PG_4K - 1))), true);
}

static enum step cmd_sdi_index(struct gvt_sim_engine *e, u32 len)
{
	if (len < 3)
		return eng_invalid(e, "MI_STORE_DATA_INDEX too short");
	eng_index_write(e, e->cmd[1] & 0xffc, &e->cmd[2], 4 * (len - 2));
	return STEP_NEXT;
}

static enum step cmd_lri(struct gvt_sim_engine *e, u32 len)
{
	u32 i;

	if (!(len & 1))
		return eng_invalid(e, "MI_LOAD_REGISTER_IMM with an odd dword");
	for (i = 1; i + 1 < len; i += 2)
		eng_reg_write(e, REG_OFFSET(e->cmd[i]), e->cmd[i + 1]);
	return STEP_NEXT;
}

static enum step cmd_srm_lrm(struct gvt_sim_engine *e, u32 len, bool load)
{
	bool ppgtt = eng_ppgtt(e, e->cmd[0] & MI_USE_GGTT);
	u64 addr = addr48(e->cmd[2] & ~3U, e->cmd[3]);
	u32 reg = REG_OFFSET(e->cmd[1]), val;

	if (len < 4)
		return eng_invalid(e, "MI_STORE/LOAD_REGISTER_MEM too short");
	if (load) {
		eng_rw(e, ppgtt, addr, &val, 4, false);
		eng_reg_write(e, reg, val);
	} else {
		val = eng_reg_read(e, reg);
		eng_rw(e, ppgtt, addr, &val, 4, true);
	}
	return STEP_NEXT;
}

static enum step cmd_lrr(struct gvt_sim_engine *e, u32 len)
{
	if (len < 3)
		return eng_invalid(e, "MI_LOAD_REGISTER_REG too short");
	eng_reg_write(e, REG_OFFSET(e->cmd[2]),
		      eng_reg_read(e, REG_OFFSET(e->cmd[1])));
	return STEP_NEXT;
}

/* The post-sync write of MI_FLUSH_DW and PIPE_CONTROL. */
static void eng_post_sync(struct gvt_sim_engine *e, u32 op, bool ppgtt,
			  bool index, u64 addr, const u32 *imm, u32 ndw)
{
	u64 val;

	switch (op) {
	case POST_SYNC_IMM:
		memcpy(&val, imm, 4 * ndw);
		break;
	case POST_SYNC_DEPTH:
		val = 0;	/* no pixels are ever drawn */
		ndw = 2;
		break;
	case POST_SYNC_TIMESTAMP:
		val = eng_timestamp(e);
		ndw = 2;
		break;
	default:
		return;
	}
	if (index)
		eng_index_write(e, (u32)addr, &val, 4 * ndw);
	else
		eng_rw(e, ppgtt, addr, &val, 4 * ndw, true);
}

static enum step cmd_flush_dw(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0];

	if (len < 4 || len > 5)
		return eng_invalid(e, "MI_FLUSH_DW of a bad length");
	if (is_render(e))
		return eng_invalid(e, "MI_FLUSH_DW on the render engine");
	eng_post_sync(e, POST_SYNC(dw0),
		      eng_ppgtt(e, e->cmd[1] & MI_FLUSH_DW_GGTT),
		      dw0 & MI_FLUSH_DW_INDEX,
		      addr48(e->cmd[1] & ~7U, e->cmd[2]), &e->cmd[3], len - 3);
	if (dw0 & MI_NOTIFY)
		e->events |= GVT_SIM_EV_NOTIFY;
	return STEP_NEXT;
}

static enum step cmd_pipe_control(struct gvt_sim_engine *e, u32 len)
{
	u32 dw1 = e->cmd[1];

	if (len < 5 || len > 6)
		return eng_invalid(e, "PIPE_CONTROL of a bad length");
	if (!is_render(e))
		return eng_invalid(e, "PIPE_CONTROL off the render engine");
	eng_post_sync(e, POST_SYNC(dw1), eng_ppgtt(e, dw1 & PC_GGTT),
		      dw1 & PC_INDEX, addr48(e->cmd[2] & ~7U, e->cmd[3]),
		      &e->cmd[4], len - 4);
	if (dw1 & PC_NOTIFY)
		e->events |= GVT_SIM_EV_NOTIFY;
	return STEP_NEXT;
}

static enum step cmd_copy_mem_mem(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0], val;

	if (len < 5)
		return eng_invalid(e, "MI_COPY_MEM_MEM too short");
	eng_rw(e, eng_ppgtt(e, dw0 & MI_CMM_SRC_GGTT),
	       addr48(e->cmd[3] & ~3U, e->cmd[4]), &val, 4, false);
	eng_rw(e, eng_ppgtt(e, dw0 & MI_CMM_DST_GGTT),
	       addr48(e->cmd[1] & ~3U, e->cmd[2]), &val, 4, true);
	return STEP_NEXT;
}

/* MI_ATOMIC on a dword or qword; operands inline or in GPR0/GPR1. */
static enum step cmd_atomic(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0], op = MI_ATOMIC_OP(dw0);
	bool ppgtt = eng_ppgtt(e, dw0 & MI_USE_GGTT);
	u64 addr = addr48(e->cmd[1] & ~3U, e->cmd[2]);
	u64 mask, old = 0, val, src1, src2;
	bool qword = op & 0x20;
	u32 size;

	if (op & 0x40)
		return eng_invalid(e, "MI_ATOMIC on an octword (not simulated)");
	if (dw0 & MI_ATOMIC_INLINE) {
		if (len < 11)
			return eng_invalid(e, "MI_ATOMIC inline data too short");
		src2 = (u64)e->cmd[7] | (u64)e->cmd[8] << 32;
		src1 = (u64)e->cmd[3] | (u64)e->cmd[4] << 32;
	} else {
		if (len < 3)
			return eng_invalid(e, "MI_ATOMIC too short");
		src1 = e->gpr[0];
		src2 = e->gpr[1];
	}
	size = qword ? 8 : 4;
	mask = qword ? ~0ULL : GENMASK_ULL(31, 0);
	if (qword ? (addr & 7) : (addr & 3))
		return eng_invalid(e, "MI_ATOMIC on an unaligned address");
	eng_rw(e, ppgtt, addr, &old, size, false);
	switch (op & 0x1f) {
	case 0x01:
		val = old & src1;
		break;
	case 0x02:
		val = old | src1;
		break;
	case 0x03:
		val = old ^ src1;
		break;
	case 0x04:
		val = src1;
		break;
	case 0x05:
		val = old + 1;
		break;
	case 0x06:
		val = old - 1;
		break;
	case 0x07:
		val = old + src1;
		break;
	case 0x08:
		val = old - src1;
		break;
	case 0x09:
		val = src1 - old;
		break;
	case 0x0a:	/* signed max */
		val = qword ? ((s64)old > (s64)src1 ? old : src1) :
			      ((s32)old > (s32)src1 ? old : src1);
		break;
	case 0x0b:	/* signed min */
		val = qword ? ((s64)old < (s64)src1 ? old : src1) :
			      ((s32)old < (s32)src1 ? old : src1);
		break;
	case 0x0c:
		val = max(old & mask, src1 & mask);
		break;
	case 0x0d:
		val = min(old & mask, src1 & mask);
		break;
	case 0x0e:	/* compare and write */
		val = (old & mask) == (src2 & mask) ? src1 : old;
		break;
	default:
		return eng_invalid(e, "MI_ATOMIC with an unknown operation");
	}
	val &= mask;
	eng_rw(e, ppgtt, addr, &val, size, true);
	if (dw0 & MI_ATOMIC_RETURN)
		e->gpr[0] = old & mask;
	return STEP_NEXT;
}

static u64 *alu_reg(struct gvt_sim_engine *e, u32 operand, u64 *srca,
		    u64 *srcb, u64 *accu, u64 *zf, u64 *cf)
{
	if (operand < GVT_SIM_RING_GPR_NUM)
		return &e->gpr[operand];
	switch (operand) {
	case ALU_SRCA:
		return srca;
	case ALU_SRCB:
		return srcb;
	case ALU_ACCU:
		return accu;
	case ALU_ZF:
		return zf;
	case ALU_CF:
		return cf;
	}
	return NULL;
}

static enum step cmd_math(struct gvt_sim_engine *e, u32 len)
{
	u64 srca = 0, srcb = 0, accu = 0, zf = 0, cf = 0;
	u32 i;

	for (i = 1; i < len; i++) {
		u32 alu = e->cmd[i], opc = alu >> 20;
		u64 *r1 = alu_reg(e, (alu >> 10) & 0x3ff, &srca, &srcb, &accu,
				  &zf, &cf);
		u64 *r2 = alu_reg(e, alu & 0x3ff, &srca, &srcb, &accu, &zf,
				  &cf);

		switch (opc) {
		case ALU_NOOP:
			continue;
		case ALU_LOAD:
		case ALU_LOADINV:
		case ALU_STORE:
		case ALU_STOREINV:
			if (!r1 || !r2)
				return eng_invalid(e, "MI_MATH bad operand");
			*r1 = opc & 0x400 ? ~*r2 : *r2;
			continue;
		case ALU_LOAD0:
		case ALU_LOAD1:
			if (!r1)
				return eng_invalid(e, "MI_MATH bad operand");
			*r1 = opc & 0x400 ? ~0ULL : 0;
			continue;
		case ALU_ADD:
			accu = srca + srcb;
			cf = accu < srca;
			break;
		case ALU_SUB:
			accu = srca - srcb;
			cf = srca < srcb;
			break;
		case ALU_AND:
			accu = srca & srcb;
			break;
		case ALU_OR:
			accu = srca | srcb;
			break;
		case ALU_XOR:
			accu = srca ^ srcb;
			break;
		default:
			return eng_invalid(e, "MI_MATH unknown ALU operation");
		}
		zf = !accu;
	}
	return STEP_NEXT;
}

/* Whether the semaphore's memory value @sad satisfies compare @op. */
static bool sem_ok(u32 op, u32 sad, u32 sdd, bool *valid)
{
	*valid = true;
	switch (op) {
	case 0:
		return sad > sdd;
	case 1:
		return sad >= sdd;
	case 2:
		return sad < sdd;
	case 3:
		return sad <= sdd;
	case 4:
		return sad == sdd;
	case 5:
		return sad != sdd;
	}
	*valid = false;
	return false;
}

static enum step cmd_sem_wait(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0], sad;
	bool valid, ok;

	if (len < 4)
		return eng_invalid(e, "MI_SEMAPHORE_WAIT too short");
	eng_rw(e, eng_ppgtt(e, dw0 & MI_USE_GGTT),
	       addr48(e->cmd[2] & ~3U, e->cmd[3]), &sad, 4, false);
	ok = sem_ok(MI_SEM_OP(dw0), sad, e->cmd[1], &valid);
	if (!valid)
		return eng_invalid(e, "MI_SEMAPHORE_WAIT bad compare operation");
	/* Signal mode is polled as well: nothing here signals. */
	return ok ? STEP_NEXT : STEP_WAIT;
}

/* Ends the current batch if the memory dword is <= the inline data. */
static enum step cmd_cond_bb_end(struct gvt_sim_engine *e, u32 len)
{
	u32 val;

	if (len < 3)
		return eng_invalid(e, "MI_CONDITIONAL_BATCH_BUFFER_END too short");
	if (!e->level)
		return eng_invalid(e, "MI_CONDITIONAL_BATCH_BUFFER_END in the ring");
	eng_rw(e, eng_ppgtt(e, e->cmd[0] & MI_USE_GGTT),
	       addr48(e->cmd[2] & ~7U, len > 3 ? e->cmd[3] : 0), &val, 4,
	       false);
	if (val <= e->cmd[1])
		return cmd_bb_end(e);
	return STEP_NEXT;
}

static enum step exec_mi(struct gvt_sim_engine *e, u32 len)
{
	u32 dw0 = e->cmd[0];

	switch (MI_OP(dw0)) {
	case MI_NOOP:
	case MI_ARB_CHECK:
	case MI_ARB_ON_OFF:
	case MI_WAIT_FOR_EVENT:
	case MI_RS_CONTROL:
	case MI_URB_ATOMIC_ALLOC:
	case MI_SUSPEND_FLUSH:
	case MI_TOPOLOGY_FILTER:
	case MI_SET_APPID:
	case MI_RS_CONTEXT:
	case MI_CLFLUSH:
		return STEP_NEXT;
	case MI_USER_INTERRUPT:
		e->events |= GVT_SIM_EV_USER_INTERRUPT;
		return STEP_NEXT;
	case MI_BATCH_BUFFER_END:
		return cmd_bb_end(e);
	case MI_BATCH_BUFFER_START:
		return cmd_bb_start(e, len);
	case MI_STORE_DATA_IMM:
		return cmd_sdi(e, len);
	case MI_STORE_DATA_INDEX:
		return cmd_sdi_index(e, len);
	case MI_LOAD_REGISTER_IMM:
		return cmd_lri(e, len);
	case MI_STORE_REGISTER_MEM:
		return cmd_srm_lrm(e, len, false);
	case MI_LOAD_REGISTER_MEM:
		return cmd_srm_lrm(e, len, true);
	case MI_LOAD_REGISTER_REG:
		return cmd_lrr(e, len);
	case MI_FLUSH_DW:
		return cmd_flush_dw(e, len);
	case MI_COPY_MEM_MEM:
		return cmd_copy_mem_mem(e, len);
	case MI_ATOMIC:
		return cmd_atomic(e, len);
	case MI_MATH:
		return cmd_math(e, len);
	case MI_SEMAPHORE_WAIT:
		return cmd_sem_wait(e, len);
	case MI_COND_BB_END:
		return cmd_cond_bb_end(e, len);
	}
	return eng_invalid(e, "unknown MI command");
}

/* Bytes per pixel of a XY_* BR13 colour depth, 0 if invalid. */
static u32 xy_bpp(u32 br13)
{
	static const u8 bpp[] = { 1, 2, 2, 4 };

	return bpp[(br13 >> 24) & 3];
}

/* Bytes per pixel of a XY_FAST_COPY_BLT colour depth, 0 if invalid. */
static u32 fast_bpp(u32 dw1)
{
	static const u8 bpp[] = { 1, 2, 0, 4, 8, 16, 0, 0 };

	return bpp[(dw1 >> 24) & 7];
}

/**
 * struct blit - one rectangle operation, linear surfaces
 * @w: width in bytes
 * @h: rows
 * @dst: address of the first destination byte
 * @dst_pitch: bytes from one destination row to the next (signed)
 * @src: address of the first source byte (copies)
 * @src_pitch: the same for the source
 * @ppgtt: the address space of both surfaces
 * @fill: a fill with @color instead of a copy
 * @bpp: bytes per pixel
 * @color: fill value
 * @keep: per 32-bit pixel, the byte mask of the destination left as is
 */
struct blit {
	u32 w, h;
	u64 dst;
	s64 dst_pitch;
	u64 src;
	s64 src_pitch;
	bool ppgtt;
	bool fill;
	u32 bpp;
	u32 color;
	u32 keep;
};

static void blit_fill_chunk(const struct blit *b, u8 *buf, u32 len,
			    u32 offset)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(b->color >> (8 * ((offset + i) % b->bpp)));
}

/* Write one row in chunks of the bounce buffer. */
static void blit_row(struct gvt_sim_engine *e, const struct blit *b, u32 y)
{
	u64 dst = (b->dst + (u64)((s64)y * b->dst_pitch)) & VA_MASK;
	u64 src = (b->src + (u64)((s64)y * b->src_pitch)) & VA_MASK;
	u8 old[64];
	u32 x, n, i;

	for (x = 0; x < b->w; x += n) {
		n = min((u32)sizeof(e->bounce), b->w - x);
		if (b->keep)
			n = min(n, (u32)sizeof(old));
		if (b->fill)
			blit_fill_chunk(b, e->bounce, n, x);
		else
			eng_rw(e, b->ppgtt, src + x, e->bounce, n, false);
		if (b->keep) {
			eng_rw(e, b->ppgtt, dst + x, old, n, false);
			for (i = 0; i < n; i++)
				if (b->keep & BIT((x + i) % 4))
					e->bounce[i] = old[i];
		}
		eng_rw(e, b->ppgtt, dst + x, e->bounce, n, true);
	}
	e->stats.bytes_blitted += b->w;
}

/*
 * Run the rows of @b from e->blit_row on, within *@budget dwords; the
 * first row always runs. STEP_PARTIAL when rows are left.
 */
static enum step blit_run(struct gvt_sim_engine *e, const struct blit *b,
			  u32 *budget)
{
	u32 row_cost = b->w / 4 + 1;

	while (e->blit_row < b->h) {
		if (*budget < row_cost && e->blit_row)
			return STEP_PARTIAL;
		blit_row(e, b, e->blit_row);
		e->blit_row++;
		*budget -= min(*budget, row_cost);
		if (!*budget && e->blit_row < b->h)
			return STEP_PARTIAL;
	}
	e->blit_row = 0;
	return STEP_NEXT;
}

/* The corners of a destination rectangle: false if empty. */
static bool xy_rect(u32 tl, u32 br, u32 *x, u32 *y, u32 *w, u32 *h)
{
	u32 x1 = tl & 0xffff, y1 = tl >> 16, x2 = br & 0xffff, y2 = br >> 16;

	if (x2 <= x1 || y2 <= y1)
		return false;
	*x = x1;
	*y = y1;
	*w = x2 - x1;
	*h = y2 - y1;
	return true;
}

static enum step exec_2d(struct gvt_sim_engine *e, u32 len, u32 *budget)
{
	u32 dw0 = e->cmd[0], op = BLT_OP(dw0), x, y, w, h, sx = 0, sy = 0;
	u32 rop;
	/*
	 * Blit surfaces have no GGTT bit: the simulator takes them from the
	 * context's PPGTT, privileged buffer or not (every batch it runs is
	 * a GGTT copy, and the scanner checks no blit address).
	 */
	struct blit b = { .ppgtt = true };

	if (!is_blitter(e))
		return eng_invalid(e, "blitter command off the blitter");
	switch (op) {
	case XY_COLOR_BLT:
		if (len < 7)
			return eng_invalid(e, "XY_COLOR_BLT too short");
		if (dw0 & XY_DST_TILED)
			return eng_invalid(e, "tiled blits are not simulated");
		rop = (e->cmd[1] >> 16) & 0xff;
		if (rop != ROP_PATCOPY)
			return eng_invalid(e, "XY_COLOR_BLT ROP not simulated");
		b.bpp = xy_bpp(e->cmd[1]);
		b.dst_pitch = (s16)(e->cmd[1] & 0xffff);
		if (!xy_rect(e->cmd[2], e->cmd[3], &x, &y, &w, &h))
			return STEP_NEXT;
		b.dst = addr48(e->cmd[4], e->cmd[5]);
		b.fill = true;
		b.color = e->cmd[6];
		break;
	case XY_SRC_COPY_BLT:
		if (len < 10)
			return eng_invalid(e, "XY_SRC_COPY_BLT too short");
		if (dw0 & (XY_DST_TILED | XY_SRC_TILED))
			return eng_invalid(e, "tiled blits are not simulated");
		rop = (e->cmd[1] >> 16) & 0xff;
		if (rop != ROP_SRCCOPY)
			return eng_invalid(e, "XY_SRC_COPY_BLT ROP not simulated");
		b.bpp = xy_bpp(e->cmd[1]);
		b.dst_pitch = (s16)(e->cmd[1] & 0xffff);
		if (!xy_rect(e->cmd[2], e->cmd[3], &x, &y, &w, &h))
			return STEP_NEXT;
		b.dst = addr48(e->cmd[4], e->cmd[5]);
		sx = e->cmd[6] & 0xffff;
		sy = e->cmd[6] >> 16;
		b.src_pitch = (s16)(e->cmd[7] & 0xffff);
		b.src = addr48(e->cmd[8], e->cmd[9]);
		break;
	case XY_FAST_COPY_BLT:
		if (len < 10)
			return eng_invalid(e, "XY_FAST_COPY_BLT too short");
		if ((dw0 & GENMASK(21, 20)) || (e->cmd[1] & GENMASK(31, 30)))
			return eng_invalid(e, "tiled blits are not simulated");
		b.bpp = fast_bpp(e->cmd[1]);
		if (!b.bpp)
			return eng_invalid(e, "XY_FAST_COPY_BLT bad colour depth");
		b.dst_pitch = (s16)(e->cmd[1] & 0xffff);
		if (!xy_rect(e->cmd[2], e->cmd[3], &x, &y, &w, &h))
			return STEP_NEXT;
		b.dst = addr48(e->cmd[4], e->cmd[5]);
		sx = e->cmd[6] & 0xffff;
		sy = e->cmd[6] >> 16;
		b.src_pitch = (s16)(e->cmd[7] & 0xffff);
		b.src = addr48(e->cmd[8], e->cmd[9]);
		break;
	default:
		return eng_invalid(e, "blitter command not simulated");
	}
	b.w = w * b.bpp;
	b.h = h;
	b.dst += (u64)((s64)y * b.dst_pitch) + (u64)x * b.bpp;
	if (!b.fill)
		b.src += (u64)((s64)sy * b.src_pitch) + (u64)sx * b.bpp;
	if (op != XY_FAST_COPY_BLT && b.bpp == 4 &&
	    (dw0 & (XY_WRITE_ALPHA | XY_WRITE_RGB)) !=
	    (XY_WRITE_ALPHA | XY_WRITE_RGB)) {
		if (!(dw0 & XY_WRITE_ALPHA))
			b.keep |= BIT(3);
		if (!(dw0 & XY_WRITE_RGB))
			b.keep |= GENMASK(2, 0);
	}
	return blit_run(e, &b, budget);
}

/* The total length in dwords of the command whose header is @dw0. */
static u32 cmd_len(const struct gvt_sim_engine *e, u32 dw0)
{
	switch (CMD_CLIENT(dw0)) {
	case CLIENT_MI:
		if (MI_OP(dw0) < 0x10)
			return 1;
		/* The DWord Length field is 6 bits, 10 bits or 8 bits wide. */
		switch (MI_OP(dw0)) {
		case MI_FLUSH_DW:
			return (dw0 & 0x3f) + 2;
		case MI_STORE_DATA_IMM:
		case MI_CLFLUSH:
		case MI_UPDATE_GTT:
			return (dw0 & 0x3ff) + 2;
		}
		return LEN8(dw0);
	case CLIENT_2D:
		return LEN8(dw0);
	case CLIENT_3D:
		if ((dw0 >> 16) == SO_DECL_LIST_HDR)
			return (dw0 & 0x1ff) + 2;
		return LEN8(dw0);
	}
	return 0;
}

/* Execute the command at the fetch position. */
static enum step eng_step(struct gvt_sim_engine *e, u32 *budget)
{
	enum step st;
	u32 len;

	if (!eng_fetch(e, 0, 1))
		return eng_error(e, GVT_SIM_EIR_PAGE_TABLE,
				 "command fetch faulted");
	len = cmd_len(e, e->cmd[0]);
	if (!len)
		return eng_invalid(e, "unknown command client");
	if (!e->level && 4 * len > ring_space(e))
		return eng_invalid(e, "command crosses the ring's TAIL");
	if (CMD_CLIENT(e->cmd[0]) == CLIENT_3D &&
	    (e->cmd[0] >> 16) != PIPE_CONTROL_HDR) {
		/* 3D and media state: decoded by length and skipped. */
		if (is_blitter(e))
			return eng_invalid(e, "3D command on the blitter");
		*budget -= min(*budget, len);
		e->stats.cmds++;
		eng_advance(e, len);
		return STEP_NEXT;
	}
	if (len > 1 && !eng_fetch(e, 1, len - 1))
		return eng_error(e, GVT_SIM_EIR_PAGE_TABLE,
				 "command fetch faulted");

	switch (CMD_CLIENT(e->cmd[0])) {
	case CLIENT_MI:
		st = exec_mi(e, len);
		*budget -= min(*budget, len);
		break;
	case CLIENT_2D:
		st = exec_2d(e, len, budget);
		*budget -= min(*budget, len);
		break;
	default:
		st = cmd_pipe_control(e, len);
		*budget -= min(*budget, len);
		break;
	}
	if (st == STEP_NEXT || st == STEP_MOVED)
		e->stats.cmds++;
	if (st == STEP_NEXT)
		eng_advance(e, len);
	return st;
}

/**
 * gvt_sim_engine_init() - set up an idle executor
 * @e: the executor
 * @ops: how it reaches memory and registers
 * @priv: argument of @ops
 * @name: for messages
 * @mmio_base: the engine's register base; selects which commands are
 *	       valid (PIPE_CONTROL on the render engine 0x2000, blits on the
 *	       blitter 0x22000, MI_FLUSH_DW elsewhere)
 * @ggtt_size: bytes the GGTT maps; GGTT addresses beyond fault
 */
void gvt_sim_engine_init(struct gvt_sim_engine *e,
			 const struct gvt_sim_engine_ops *ops, void *priv,
			 const char *name, u32 mmio_base, u64 ggtt_size)
{
	memset(e, 0, sizeof(*e));
	e->ops = ops;
	e->priv = priv;
	e->name = name;
	e->mmio_base = mmio_base;
	e->ggtt_size = ggtt_size;
	e->halted = true;	/* nothing loaded */
	e->idle_reported = true;
}

/**
 * gvt_sim_engine_load() - start executing a ring segment
 * @e: the executor
 * @ring: ring registers and context; HEAD and TAIL within the ring
 *
 * Clears the batch state, the error and a stop request; the GPRs and
 * RING_EIR are kept (they belong to the context and the engine).
 *
 * Return: 0, or -EINVAL for a malformed ring (nothing changed).
 */
int gvt_sim_engine_load(struct gvt_sim_engine *e,
			const struct gvt_sim_ring *ring)
{
	if (!ring->size || ring->size % PG_4K || ring->start % PG_4K ||
	    ring->head >= ring->size || ring->tail >= ring->size ||
	    (ring->head | ring->tail) & 3 || ring->start >= e->ggtt_size ||
	    ring->size > e->ggtt_size - ring->start)
		return -EINVAL;
	e->ring = *ring;
	e->level = 0;
	e->bb_priv[0] = true;
	e->bb_ppgtt[0] = false;
	e->blit_row = 0;
	e->halted = false;
	WRITE_ONCE(e->stop, false);
	e->idle_reported = false;
	e->err_reason = NULL;
	return 0;
}

/**
 * gvt_sim_engine_set_tail() - move RING_TAIL (more commands to run)
 * @e: the executor
 * @tail: new tail, within the ring, dword aligned (else ignored)
 */
void gvt_sim_engine_set_tail(struct gvt_sim_engine *e, u32 tail)
{
	if (tail >= e->ring.size || tail & 3)
		return;
	e->ring.tail = tail;
	e->idle_reported = false;
}

/**
 * gvt_sim_engine_run() - execute for at most a budget
 * @e: the executor
 * @budget: dwords of commands (a blit: the dwords it writes) to execute
 *	    at most; a single command may exceed the rest of it
 *
 * Return: why it returned (&enum gvt_sim_exec_status). Events raised meanwhile are
 * collected with gvt_sim_engine_take_events().
 */
enum gvt_sim_exec_status gvt_sim_engine_run(struct gvt_sim_engine *e,
					    u32 budget)
{
	enum step st;

	for (;;) {
		if (READ_ONCE(e->stop))
			return GVT_SIM_EXEC_STOPPED;
		if (e->halted)
			return GVT_SIM_EXEC_ERROR;
		if (!e->level && e->ring.head == e->ring.tail) {
			if (!e->idle_reported) {
				e->idle_reported = true;
				e->events |= GVT_SIM_EV_CTX_SWITCH;
			}
			return GVT_SIM_EXEC_DONE;
		}
		if (!budget)
			return GVT_SIM_EXEC_BUDGET;
		st = eng_step(e, &budget);
		switch (st) {
		case STEP_NEXT:
		case STEP_MOVED:
			break;
		case STEP_PARTIAL:
			return GVT_SIM_EXEC_BUDGET;
		case STEP_WAIT:
			return GVT_SIM_EXEC_WAIT;
		case STEP_ERROR:
			return GVT_SIM_EXEC_ERROR;
		}
	}
}

/**
 * gvt_sim_engine_stop() - make gvt_sim_engine_run() return
 * @e: the executor
 *
 * May be called from another thread: the running call returns
 * %GVT_SIM_EXEC_STOPPED before its next command. The engine stays stopped
 * until gvt_sim_engine_load().
 */
void gvt_sim_engine_stop(struct gvt_sim_engine *e)
{
	WRITE_ONCE(e->stop, true);
}

/**
 * gvt_sim_engine_reset() - engine reset: idle, no error, registers cleared
 * @e: the executor
 */
void gvt_sim_engine_reset(struct gvt_sim_engine *e)
{
	gvt_sim_engine_init(e, e->ops, e->priv, e->name, e->mmio_base,
			    e->ggtt_size);
}

/**
 * gvt_sim_engine_take_events() - the events since the last call
 * @e: the executor
 *
 * Return: GVT_SIM_EV_* bits, now cleared.
 */
u32 gvt_sim_engine_take_events(struct gvt_sim_engine *e)
{
	u32 ev = e->events;

	e->events = 0;
	return ev;
}
