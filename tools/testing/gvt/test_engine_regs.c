// SPDX-License-Identifier: GPL-2.0-only
/*
 * The registers no context image keeps (engine_regs.c): which they are,
 * and that each workload carries its vGPU's values to the host and brings
 * back what its commands left, so no vGPU sees another's.
 */
#include <stdio.h>

#include "wl_env.h"

#define MOCS_ENTRIES		64
#define L3CC_BASE		0xb020
#define L3CC_ENTRIES		32
#define L3SQCREG4		0xb118
#define L3CNTLREG		0x7034
#define COMMON_SLICE_CHICKEN2	0x7014

static const u32 mocs_base[GVT_NUM_ENGINES] = {
	[GVT_ENGINE_RCS] = 0xc800,
	[GVT_ENGINE_VCS] = 0xc900,
	[GVT_ENGINE_VCS2] = 0xca00,
	[GVT_ENGINE_VECS] = 0xcb00,
	[GVT_ENGINE_BCS] = 0xcc00,
};

/* The render engine's chicken registers of the whitelist (cmd_parser.rst). */
static const u32 rcs_chickens[] = {
	0x2088, 0x2090, 0x20ec, 0x2580, 0x7000, 0x7004, 0x7010, 0x7014,
	0x7300, 0x7308, 0xe100, 0xe180, 0xe184, 0xe188, 0xe194, 0xe4f0,
	0xe4f4,
};

/*
 * Command-accessible registers that the Gen9 context image carries, as
 * this test knows them: [start, end) and, where rel, per engine block.
 */
static const struct {
	u32 start, end;
	bool rel;
} in_context[] = {
	{ 0x20c8, 0x20cc }, { 0x2290, 0x2298 }, { 0x2300, 0x2358 },
	{ 0x2400, 0x2424 }, { 0x2430, 0x2444 }, { 0x2500, 0x250c },
	{ 0x5200, 0x5240 }, { 0x5280, 0x5290 },
	{ 0x3a8, 0x3ac, true }, { 0x600, 0x680, true },
};

static int find_reg(struct gvt_device *gvt, enum gvt_engine e, u32 off)
{
	unsigned int i;

	for (i = 0; i < gvt->nr_engine_regs[e]; i++)
		if (gvt->engine_regs[e][i].offset == off)
			return (int)i;
	return -1;
}

static bool known_in_context(u32 off)
{
	int e = gvt_engine_of(off);
	unsigned int i;
	u32 o;

	for (i = 0; i < ARRAY_SIZE(in_context); i++) {
		if (in_context[i].rel && e < 0)
			continue;
		o = in_context[i].rel ? off - gvt_engine_base(e) : off;
		if (o >= in_context[i].start && o < in_context[i].end)
			return true;
	}
	return false;
}

/* Each engine's list: its MOCS table; on RCS the L3 and chicken registers. */
TEST(engine_regs_lists)
{
	struct wl_dev d;
	struct gvt_device *gvt;
	enum gvt_engine e, o;
	unsigned int i;
	int k;

	wl_dev_init(&d, 256, true);
	gvt = d.gvt;
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		for (i = 0; i < MOCS_ENTRIES; i++) {
			k = find_reg(gvt, e, mocs_base[e] + 4 * i);
			EXPECT(k >= 0);
			if (k >= 0)
				EXPECT(!gvt->engine_regs[e][k].masked);
		}
		for (o = 0; o < GVT_NUM_ENGINES; o++)
			if (o != e)
				EXPECT_EQ(find_reg(gvt, o, mocs_base[e]), -1);
		/* Every entry: command-accessible, writable, the engine's. */
		for (i = 0; i < gvt->nr_engine_regs[e]; i++) {
			u32 off = gvt->engine_regs[e][i].offset;

			EXPECT(gvt_mmio_cmd_access(gvt, off));
			EXPECT(!(gvt_mmio_find(gvt, off)->flags &
				 GVT_MMIO_F_RO));
			EXPECT_EQ(gvt_reg_engine(off), e);
			EXPECT(!known_in_context(off));
		}
	}
	for (i = 0; i < L3CC_ENTRIES; i++)
		EXPECT(find_reg(gvt, GVT_ENGINE_RCS, L3CC_BASE + 4 * i) >= 0);
	EXPECT(find_reg(gvt, GVT_ENGINE_RCS, L3SQCREG4) >= 0);
	EXPECT(find_reg(gvt, GVT_ENGINE_RCS, L3CNTLREG) >= 0);
	for (i = 0; i < ARRAY_SIZE(rcs_chickens); i++) {
		k = find_reg(gvt, GVT_ENGINE_RCS, rcs_chickens[i]);
		EXPECT(k >= 0);
		if (k >= 0)
			EXPECT(gvt->engine_regs[GVT_ENGINE_RCS][k].masked);
	}
	EXPECT(find_reg(gvt, GVT_ENGINE_BCS, 0x22200) >= 0); /* BCS_SWCTRL */
	/* Context state, read-only registers and GPRs are not switched. */
	EXPECT_EQ(find_reg(gvt, GVT_ENGINE_RCS, 0x2600), -1);
	EXPECT_EQ(find_reg(gvt, GVT_ENGINE_VCS, 0x12600), -1);
	EXPECT_EQ(find_reg(gvt, GVT_ENGINE_RCS, 0x2358), -1);
	EXPECT_EQ(find_reg(gvt, GVT_ENGINE_RCS, 0x23a8), -1);
	wl_dev_fini(&d);
}

/*
 * Every register commands may reach is either switched by its engine,
 * read-only, or known to be in the context image: a register added to
 * the whitelist cannot escape both.
 */
TEST(engine_regs_every_cmd_register_classified)
{
	unsigned int unclassified = 0, switched = 0;
	struct wl_dev d;
	u32 off;

	wl_dev_init(&d, 256, true);
	for (off = 0; off < GVT_MMIO_SIZE; off += 4) {
		if (!gvt_mmio_cmd_access(d.gvt, off))
			continue;
		if (find_reg(d.gvt, gvt_reg_engine(off), off) >= 0) {
			switched++;
			continue;
		}
		if ((gvt_mmio_find(d.gvt, off)->flags & GVT_MMIO_F_RO) ||
		    known_in_context(off))
			continue;
		if (!unclassified++)
			fprintf(stderr, "  register 0x%x neither switched nor in a context\n",
				off);
	}
	EXPECT_EQ(unclassified, 0);
	EXPECT_EQ(switched, 5 * MOCS_ENTRIES + L3CC_ENTRIES + 2 +
		  ARRAY_SIZE(rcs_chickens) + 1 /* CTX_PREEMPT */ + 1);
	wl_dev_fini(&d);
}

static const u32 request[] = {
	0x01000000, 0x02800000, 0, 0,	/* USER_INTERRUPT, ARB_CHECK */
};

static struct gvt_wl_reg *wl_reg(struct gvt_workload *wl, u32 off)
{
	unsigned int i;

	for (i = 0; i < wl->nr_regs; i++)
		if (wl->regs[i].offset == off)
			return &wl->regs[i];
	return NULL;
}

/*
 * Guest MMIO values go to the host with the workload; what the commands
 * left comes back into the vGPU's register file; another vGPU's
 * workloads carry their own values; a cancelled workload brings nothing.
 */
TEST(engine_regs_switched_per_vgpu)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct gvt_workload *wl;
	struct gvt_wl_reg *r;
	struct wl_guest a, b;
	struct wl_dev d;
	u32 mocs0_b, chicken;

	wl_dev_init(&d, 512, false);
	wl_guest_init(&a, &d, "GVTg_V5_8", 0);
	wl_guest_init(&b, &d, "GVTg_V5_8", WL_GUEST_PAGES);
	mocs0_b = rd32(b.v, 0xc800);
	wr32(a.v, 0xc800, 0x1234);
	wr32(a.v, L3SQCREG4, 0x40000000);
	/* Masked: bit 0 set, bit 5 cleared. */
	chicken = (rd32(a.v, COMMON_SLICE_CHICKEN2) & ~0x21U) | 0x1;
	wr32(a.v, COMMON_SLICE_CHICKEN2, 0x00210001);

	wl_emit(&a, e, request, ARRAY_SIZE(request));
	wl_elsp(&a, e, wl_kdesc(&a, e), 0);
	wl = d.gpu.inflight[e];
	ASSERT(wl);
	EXPECT_EQ(wl->nr_regs, d.gvt->nr_engine_regs[e]);
	r = wl_reg(wl, 0xc800);
	ASSERT(r);
	EXPECT_EQ(r->val, 0x1234);
	EXPECT(!r->masked);
	EXPECT_EQ(wl_reg(wl, L3SQCREG4)->val, 0x40000000);
	r = wl_reg(wl, COMMON_SLICE_CHICKEN2);
	ASSERT(r);
	EXPECT(r->masked);
	EXPECT_EQ(r->val, chicken);
	/* The commands changed them: an LRI each. */
	wl_reg(wl, 0xc800)->val = 0x5678;
	wl_reg(wl, L3SQCREG4)->val = 0x40000200;
	r->val = 0xffff0003;	/* bits 31:16 of a masked register read 0 */
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(rd32(a.v, 0xc800), 0x5678);
	EXPECT_EQ(rd32(a.v, L3SQCREG4), 0x40000200);
	EXPECT_EQ(rd32(a.v, COMMON_SLICE_CHICKEN2), 0x3);

	/* The other vGPU's workload carries its own values. */
	wl_emit(&b, e, request, ARRAY_SIZE(request));
	wl_elsp(&b, e, wl_kdesc(&b, e), 0);
	wl = d.gpu.inflight[e];
	ASSERT(wl);
	EXPECT_EQ(wl_reg(wl, 0xc800)->val, mocs0_b);
	EXPECT(wl_reg(wl, L3SQCREG4)->val != 0x40000200);
	fake_gpu_complete(&d.gpu, e, 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(rd32(a.v, 0xc800), 0x5678);

	/* A workload the host never ran changes nothing. */
	wl_emit(&a, e, request, ARRAY_SIZE(request));
	wl_elsp(&a, e, wl_kdesc(&a, e), 0);
	wl = d.gpu.inflight[e];
	ASSERT(wl);
	EXPECT_EQ(wl_reg(wl, 0xc800)->val, 0x5678);
	wl_reg(wl, 0xc800)->val = 0xdead;
	fake_gpu_complete(&d.gpu, e, -ECANCELED);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(rd32(a.v, 0xc800), 0x5678);
	wl_guest_fini(&b);
	wl_guest_fini(&a);
	wl_dev_fini(&d);
}
