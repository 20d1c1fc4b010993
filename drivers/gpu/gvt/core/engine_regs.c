// SPDX-License-Identifier: GPL-2.0-only
/*
 * Registers that GPU commands may access and that no context image keeps.
 *
 * On Gen9 most of what a guest's commands may load with MI_LOAD_REGISTER_*
 * is saved and restored with its context image (the 3D statistics, the
 * predicates, the GPRs, the stream-out offsets), so one guest's values
 * never reach another's contexts. The rest is state of the GPU itself:
 * the MOCS table of each engine (0xc800 RCS, 0xc900 VCS, 0xca00 VCS2,
 * 0xcb00 VECS, 0xcc00 BCS), the L3 control registers of the render
 * engine (L3CC 0xb020, L3SQCREG4, L3CNTLREG) and the chicken registers.
 * A guest may write them (its indirect-context workaround batch sets and
 * restores L3SQCREG4 at every context restore), so refusing them would
 * stop a stock i915; leaving them alone would let one vGPU's value stay
 * in the GPU for the next vGPU's workloads.
 *
 * So each vGPU keeps its own values, in its register file, and every
 * workload carries the list of its engine's such registers
 * (&gvt_workload.regs): the backend loads the vGPU's values before the
 * first command and hands back what the registers hold when it stops,
 * which the core stores in the vGPU's register file. A guest's MMIO
 * writes to them therefore take effect at its next workload, as its
 * LRIs stay its own.
 *
 * Every such register belongs to one engine, and only that engine's
 * commands may reach it (the command scanner refuses the others): a
 * register of engine A written by a workload on engine B, while another
 * vGPU owns A, would escape the switch. A register is in an engine's
 * list unless it is read-only or known to be in the context image
 * (gvt_ctx_saved below): a register wrongly listed costs a load, one
 * wrongly left out would be shared.
 */
#include <linux/sort.h>

#include "gvt_internal.h"

/* MOCS tables: 64 entries of 4 bytes per engine. */
#define GVT_MOCS_SIZE		0x100

static const u32 gvt_mocs_base[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = 0xc800,
	[GVT_ENGINE_VCS] = 0xc900,
	[GVT_ENGINE_VCS2] = 0xca00,
	[GVT_ENGINE_VECS] = 0xcb00,
	[GVT_ENGINE_BCS] = 0xcc00,
};

/*
 * Command-accessible registers that the Gen9 context image carries:
 * [start, end) ranges, relative to an engine's block where @engine_rel.
 */
static const struct {
	u32 start;
	u32 end;
	bool engine_rel;
} gvt_ctx_saved[] = {
	{ 0x20c8, 0x20cc, false },	/* R_PWR_CLK_STATE */
	{ 0x2290, 0x2298, false },	/* CS_INVOCATION_COUNT */
	{ 0x2300, 0x2358, false },	/* statistics counters */
	{ 0x2400, 0x2424, false },	/* MI_PREDICATE_*, 3DPRIM_END_OFFSET */
	{ 0x2430, 0x2444, false },	/* 3DPRIM_* */
	{ 0x2500, 0x250c, false },	/* GPGPU_DISPATCHDIM X/Y/Z */
	{ 0x5200, 0x5240, false },	/* SO_NUM_PRIMS_WRITTEN */
	{ 0x5280, 0x5290, false },	/* SO_WRITE_OFFSET */
	{ 0x3a8, 0x3ac, true },		/* CTX_TIMESTAMP */
	{ 0x600, 0x680, true },		/* CS_GPR 0..15 */
};

static bool gvt_ctx_saved_reg(u32 offset)
{
	int e = gvt_engine_of(offset);
	unsigned int i;
	u32 o;

	for (i = 0; i < ARRAY_SIZE(gvt_ctx_saved); i++) {
		if (gvt_ctx_saved[i].engine_rel) {
			if (e < 0)
				continue;
			o = offset - gvt_engine_base(e);
		} else {
			o = offset;
		}
		if (o >= gvt_ctx_saved[i].start && o < gvt_ctx_saved[i].end)
			return true;
	}
	return false;
}

/**
 * gvt_reg_engine() - the engine a register belongs to
 * @offset: a register offset below %GVT_MMIO_SIZE
 *
 * A register in an engine's 2 KiB block or MOCS table belongs to that
 * engine; every other register that commands may reach (3D, L3, slice
 * and chicken registers) belongs to the render engine.
 *
 * Return: the engine.
 */
enum gvt_engine gvt_reg_engine(u32 offset)
{
	int e = gvt_engine_of(offset);

	if (e >= 0)
		return e;
	for (e = 0; e < GVT_NUM_ENGINES; e++)
		if (offset >= gvt_mocs_base[e] &&
		    offset < gvt_mocs_base[e] + GVT_MOCS_SIZE)
			return e;
	return GVT_ENGINE_RCS;
}

/* Add the switched registers among those of @info, moved to @base. */
static int gvt_engine_regs_add(void *data, u32 base,
			       const struct gvt_mmio_info *info, u16 slot)
{
	struct gvt_device *gvt = data;
	u32 off = base + info->offset, end = off + info->size;
	struct gvt_wl_reg *r;
	enum gvt_engine e;

	if (!(info->flags & GVT_MMIO_F_CMD_ACCESS) ||
	    (info->flags & GVT_MMIO_F_RO))
		return 0;
	for (; off < end; off += 4) {
		if (gvt_ctx_saved_reg(off))
			continue;
		e = gvt_reg_engine(off);
		if (gvt->nr_engine_regs[e] >= GVT_ENGINE_MAX_REGS) {
			pr_err("gvt: %s: more than %u switched registers on engine %u\n",
			       gvt->name, GVT_ENGINE_MAX_REGS, e);
			return -E2BIG;
		}
		r = &gvt->engine_regs[e][gvt->nr_engine_regs[e]++];
		r->offset = off;
		r->masked = info->flags & GVT_MMIO_F_MASKED;
	}
	return 0;
}

static int gvt_wl_reg_cmp(const void *a, const void *b)
{
	u32 x = ((const struct gvt_wl_reg *)a)->offset;
	u32 y = ((const struct gvt_wl_reg *)b)->offset;

	return x < y ? -1 : x > y;
}

/**
 * gvt_engine_regs_init() - list each engine's switched registers
 * @gvt: the device
 *
 * The lists come from the attribute table's entries (not from a scan of
 * the register file), in ascending offset order.
 *
 * Return: 0, or -E2BIG if an engine has more than %GVT_ENGINE_MAX_REGS
 * (a table error).
 */
int gvt_engine_regs_init(struct gvt_device *gvt)
{
	enum gvt_engine e;
	int ret;

	memset(gvt->nr_engine_regs, 0, sizeof(gvt->nr_engine_regs));
	ret = gvt_mmio_table_walk(gvt_engine_regs_add, gvt);
	if (ret)
		return ret;
	for (e = 0; e < GVT_NUM_ENGINES; e++)
		sort(gvt->engine_regs[e], gvt->nr_engine_regs[e],
		     sizeof(gvt->engine_regs[e][0]), gvt_wl_reg_cmp, NULL);
	return 0;
}

/**
 * gvt_wl_regs_load() - give a workload the vGPU's values of its engine's
 *			switched registers
 * @vgpu: the vGPU, locked
 * @wl: its workload, being built
 */
void gvt_wl_regs_load(struct gvt_vgpu *vgpu, struct gvt_wl *wl)
{
	struct gvt_device *gvt = vgpu->gvt;
	enum gvt_engine e = wl->wl.engine;
	unsigned int i, n = gvt->nr_engine_regs[e];

	lockdep_assert_held(&vgpu->lock);
	memcpy(wl->regs, gvt->engine_regs[e], n * sizeof(wl->regs[0]));
	for (i = 0; i < n; i++) {
		wl->regs[i].val = *gvt_vreg_ro(vgpu, wl->regs[i].offset);
		if (wl->regs[i].masked)
			wl->regs[i].val &= 0xffff;
	}
	wl->wl.regs = wl->regs;
	wl->wl.nr_regs = n;
}

/**
 * gvt_wl_regs_save() - keep what a workload left in the switched registers
 * @vgpu: the vGPU, locked
 * @wl: its workload, completed by the backend
 *
 * The values become the vGPU's: its MMIO reads and its next workloads on
 * the engine see them.
 */
void gvt_wl_regs_save(struct gvt_vgpu *vgpu, struct gvt_wl *wl)
{
	const struct gvt_wl_reg *r = vgpu->gvt->engine_regs[wl->wl.engine];
	unsigned int i;
	u32 val;

	lockdep_assert_held(&vgpu->lock);
	/* Offsets from the core's list: the backend writes only values. */
	for (i = 0; i < wl->wl.nr_regs; i++) {
		val = wl->regs[i].val;
		if (r[i].masked)
			val &= 0xffff;
		*gvt_vreg(vgpu, r[i].offset) = val;
	}
}
