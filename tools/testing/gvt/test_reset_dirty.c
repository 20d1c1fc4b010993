// SPDX-License-Identifier: GPL-2.0-only
/*
 * Proportional resets (Documentation/gpu/gvt/mmio.rst, "Failsafe and
 * reset"): a reset reloads only the register-file pages, and clears only
 * the pages of GGTT values, written since the last one. A store that
 * forgets its mark survives the reset, so these cases write where a mark
 * is easy to lose (page boundaries, the end of the file, handlers,
 * failsafe, 4-byte GGTT halves, a partial GDRST restore) and check the
 * state after the reset value for value against the creation state.
 */
#include <stdio.h>

#include "wl_env.h"

#define NFRAMES		64
#define G(k)		MTEST_GFN(k)
#define MARK		0x5a5a0f0fU
#define VREG_PAGE	BIT(GVT_VREG_PAGE_SHIFT)

/* Register files to compare with; static, as an ASSERT leaves by longjmp. */
static u32 born[GVT_MMIO_DWORDS];
static u32 again[GVT_MMIO_DWORDS];
/* Zeroes but for port D's live status: the monitor is plugged. */
static u32 zeroes[GVT_MMIO_DWORDS];

/*
 * Plain-storage registers (in no attribute table) at the first and last
 * dword of their pages and at the end of the file.
 */
static const u32 plain_regs[] = {
	0x1000, 0x1ffc, 0x50000, 0x50ffc, 0x60ffc, 0x61000,
	REG_PLAIN, REG_PLAIN + 0xffc, GVT_MMIO_SIZE - 8, GVT_MMIO_SIZE - 4,
};

static void assert_plain(struct gvt_device *gvt, const u32 *offs,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (gvt_mmio_find(gvt, offs[i]))
			FAIL("0x%x is in the attribute table", offs[i]);
}

/*
 * Compare dwords [@from, @to) of @v's register file (byte offsets) with
 * @want; report the first difference and how many there are.
 */
static bool vreg_same(int line, const struct gvt_vgpu *v, const u32 *want,
		      u32 from, u32 to, const char *what)
{
	unsigned int d, n = 0, first = 0;

	if (!memcmp(&v->vreg[from / 4], &want[from / 4], to - from))
		return true;
	for (d = from / 4; d < to / 4; d++) {
		if (v->vreg[d] == want[d])
			continue;
		if (!n++)
			first = d;
	}
	harness_fail(__FILE__, line, false,
		     "%s: %u dwords differ, first 0x%x: 0x%x, want 0x%x",
		     what, n, 4 * first, v->vreg[first], want[first]);
	return false;
}

#define EXPECT_VREG(v, want, what)					\
	vreg_same(__LINE__, v, want, 0, GVT_MMIO_SIZE, what)

/* The same, the PVINFO page left out (it names the vGPU). */
static void vreg_same_not_pv(int line, const struct gvt_vgpu *v,
			     const u32 *want, const char *what)
{
	vreg_same(line, v, want, 0, GVT_PVINFO_OFFSET, what);
	vreg_same(line, v, want, GVT_PVINFO_OFFSET + VREG_PAGE, GVT_MMIO_SIZE,
		  what);
}

#define EXPECT_VREG_NOT_PV(v, want, what)				\
	vreg_same_not_pv(__LINE__, v, want, what)

/*
 * Guest writes of every kind that end in the register file: plain
 * registers (4, 8, 2 and 1 bytes), handlers, PVINFO and two fences.
 */
static void scribble_regs(struct mtest *m)
{
	struct gvt_vgpu *v = m->v;
	u64 fence = fence_val(m->res.low_gm_base, m->res.low_gm_base, 1, true);
	unsigned int i;

	assert_plain(m->gvt, plain_regs, ARRAY_SIZE(plain_regs));
	for (i = 0; i < ARRAY_SIZE(plain_regs); i++)
		wr32(v, plain_regs[i], MARK + i);
	mmio_wr(v, GVT_MMIO_SIZE - 8, 8, 0x1122334455667788ULL);
	mmio_wr(v, 0x60fff, 1, 0x77);		/* the last byte of a page */
	mmio_wr(v, 0x61000, 2, 0xbeef);		/* the first bytes of the next */
	EXPECT_EQ(rd32(v, GVT_MMIO_SIZE - 4), 0x11223344);
	EXPECT_EQ(rd32(v, 0x60ffc), 0x77000000 | ((MARK + 4) & 0xffffff));
	EXPECT_EQ(rd32(v, 0x61000), ((MARK + 5) & 0xffff0000) | 0xbeef);

	wr32(v, 0x44304, 0);			/* IMR: storage */
	wr32(v, 0x44308, ~0U);			/* IIR: write 1 to clear */
	wr32(v, REG_INSTPM(RCS_BASE), 0xffff0000);	/* masked */
	wr32(v, REG_FW_RENDER, 0x00010001);	/* and its ACK */
	wr32(v, REG_MASTER_IRQ, 0);
	wr32(v, REG_PCODE_MAILBOX, 0x80000123);

	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);	/* GVT-aware */
	wr32(v, PV_DISPLAY_READY, 1);
	wr32(v, PV_G2V_NOTIFY, 3);
	mmio_wr(v, PV_PDP, 8, 0x123456789000ULL);
	wr32(v, PV_EXECLIST_DESC_HI, 0xabcdef);
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 1);
	EXPECT_EQ(rd32(v, PV_EXECLIST_DESC_HI), 0xabcdef);

	fence_wr(v, 0, fence);
	fence_wr(v, m->res.num_fences - 1, fence);
	EXPECT_EQ(fence_rd(v, 0), fence);
	EXPECT_EQ(m->t.host.fences[m->res.fences[0]], fence);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
}

/*
 * After a reset, what scribble_regs() wrote is back at the snapshot (0
 * without one) or at its documented reset value.
 */
static void check_regs_reset(struct mtest *m, bool snapshot)
{
	struct gvt_vgpu *v = m->v;
	unsigned int i;

#define SNAP(off)	(snapshot ? FAKE_SNAP(off) : 0)
	for (i = 0; i < ARRAY_SIZE(plain_regs); i++) {
		u32 off = plain_regs[i];

		EXPECT_EQ(rd32(v, off), SNAP(off));
		EXPECT_EQ(*gvt_vreg_ro(v, off), SNAP(off));
		/* A page that held only these is clean again. */
		EXPECT(!test_bit(off >> GVT_VREG_PAGE_SHIFT, v->vreg_dirty));
	}
	EXPECT_EQ(rd32(v, 0x44304), SNAP(0x44304));
	EXPECT_EQ(rd32(v, 0x44308), SNAP(0x44308));
	EXPECT_EQ(rd32(v, REG_INSTPM(RCS_BASE)),
		  SNAP(REG_INSTPM(RCS_BASE)) & 0xffff);
	EXPECT_EQ(rd32(v, REG_FW_RENDER), SNAP(REG_FW_RENDER) & 0xffff);
	EXPECT_EQ(rd32(v, REG_FW_RENDER_ACK), SNAP(REG_FW_RENDER) & 0xffff);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), SNAP(REG_PCODE_MAILBOX));
#undef SNAP
	/* PVINFO as at creation, a guest that has not read it. */
	EXPECT(!v->pv_notified);
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 0);
	EXPECT_EQ(rd32(v, PV_G2V_NOTIFY), 0);
	EXPECT_EQ(mmio_rd(v, PV_PDP, 8), 0);
	EXPECT_EQ(rd32(v, PV_EXECLIST_DESC_HI), 0);
	EXPECT_EQ(rd32(v, PV_VGT_ID), m->res.id);
	EXPECT_EQ(rd32(v, PV_APERTURE_BASE), m->res.low_gm_base);
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	/* Fences disabled, on the host too. */
	EXPECT_EQ(fence_rd(v, 0), 0);
	EXPECT_EQ(fence_rd(v, m->res.num_fences - 1), 0);
	EXPECT_EQ(m->t.host.fences[m->res.fences[0]], 0);
	EXPECT_EQ(m->t.host.fences[m->res.fences[m->res.num_fences - 1]], 0);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
}

TEST(reset_dirty_regs_snapshot)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	ASSERT(m.t.host.info.mmio_snapshot);
	memcpy(born, v->vreg, GVT_MMIO_SIZE);
	for (i = 0; i < ARRAY_SIZE(plain_regs); i++)
		EXPECT_EQ(rd32(v, plain_regs[i]), FAKE_SNAP(plain_regs[i]));
	scribble_regs(&m);
	gvt_vgpu_reset(v);
	check_regs_reset(&m, true);
	EXPECT_VREG(v, born, "after a reset");
	/* A second reset changes nothing. */
	memcpy(again, v->vreg, GVT_MMIO_SIZE);
	gvt_vgpu_reset(v);
	EXPECT_VREG(v, again, "after a second reset");
	/* Nor does a third after the same writes again. */
	scribble_regs(&m);
	gvt_vgpu_reset(v);
	EXPECT_VREG(v, born, "after a third reset");
	mtest_fini(&m);
}

/* A device without a snapshot: a register file of zeroes. */
static void mtest_init_no_snapshot(struct mtest *m)
{
	memset(m, 0, sizeof(*m));
	fake_host_init(&m->t.host, 256, 4096, 32, true);
	m->t.host.info.mmio_snapshot = NULL;
	m->gvt = tdev_start(&m->t, &fake_host_ops);
	m->v = vgpu_new(m->gvt, tdev_type(m->gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(m->v, &m->res);
}

TEST(reset_dirty_regs_no_snapshot)
{
	struct gvt_vgpu *v;
	struct mtest m;

	zeroes[GVT_REG_SDE_ISR / 4] = GVT_SDE_PORTD_HOTPLUG;
	mtest_init_no_snapshot(&m);
	v = m.v;
	/* Zero but for PVINFO and the live status, from creation. */
	EXPECT_VREG_NOT_PV(v, zeroes, "at creation");
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	memcpy(born, v->vreg, GVT_MMIO_SIZE);
	scribble_regs(&m);
	gvt_vgpu_reset(v);
	check_regs_reset(&m, false);
	EXPECT_VREG_NOT_PV(v, zeroes, "after a reset");
	EXPECT_VREG(v, born, "after a reset");
	memcpy(again, v->vreg, GVT_MMIO_SIZE);
	gvt_vgpu_reset(v);
	EXPECT_VREG(v, again, "after a second reset");

	/* A vGPU created where a scribbled one was freed starts zeroed. */
	scribble_regs(&m);
	gvt_vgpu_destroy(v);
	v = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	m.v = v;
	gvt_vgpu_get_resources(v, &m.res);
	EXPECT_VREG_NOT_PV(v, zeroes, "created after a destroy");
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 0);
	mtest_fini(&m);
}

/* A vGPU's GGTT with how to check its host side. */
struct gcase {
	struct gvt_vgpu *v;
	struct fake_host *host;
	struct fake_hv *hv;
	u64 scratch;		/* what a host entry without a frame holds */
	u64 range[2];		/* first entry of the aperture, hidden ranges */
	u64 n[2];		/* their entries */
};

static void gcase_init(struct gcase *c, struct gvt_vgpu *v,
		       struct fake_host *host, struct fake_hv *hv)
{
	c->v = v;
	c->host = host;
	c->hv = hv;
	c->scratch = v->gtt_scratch ? v->gtt_scratch_pte : FAKE_SCRATCH_PTE;
	c->range[0] = PAGES(v->low.start);
	c->n[0] = PAGES(v->low.size);
	c->range[1] = PAGES(v->high.start);
	c->n[1] = PAGES(v->high.size);
	/* Entries 511/512, 1023/1024 and 2000 of a range: four pages. */
	ASSERT(c->n[0] > 4 * GVT_GGTT_DIRTY_ENTRIES);
	ASSERT(c->n[1] > 4 * GVT_GGTT_DIRTY_ENTRIES);
}

static void ggtt_wr32(struct gvt_vgpu *v, u64 i, bool high, u32 val)
{
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * i + (high ? 4 : 0), 4, val);
}

/*
 * Write entries of both ranges at value-page boundaries and the last one:
 * 8-byte writes, both halves in either order, a lone half of each kind
 * and a value without the present bit, with frames from @frame on.
 */
static void scribble_ggtt(struct gcase *c, unsigned int frame)
{
	struct gvt_vgpu *v = c->v;
	unsigned int r;

	for (r = 0; r < 2; r++) {
		u64 b = c->range[r], n = c->n[r];
		u64 p1 = GPTE(G(frame + 1)), p2 = GPTE(G(frame + 2));

		ggtt_wr(v, b + 511, GPTE(G(frame)));
		ggtt_wr32(v, b + 512, false, (u32)p1);
		ggtt_wr32(v, b + 512, true, p1 >> 32);
		ggtt_wr32(v, b + 1023, true, p2 >> 32);
		ggtt_wr32(v, b + 1023, false, (u32)p2);
		ggtt_wr32(v, b + 1024, false, 0x7001);	/* lone low half */
		ggtt_wr32(v, b + 1025, true, 0x12);	/* lone high half */
		ggtt_wr(v, b + n - 2, 0xfffffffffffffffeULL);
		ggtt_wr(v, b + n - 1, GPTE(G(frame + 3)));
		EXPECT_EQ(ggtt_rd(v, b + 511), GPTE(G(frame)));
		EXPECT_EQ(ggtt_rd(v, b + 512), p1);
		EXPECT_EQ(ggtt_rd(v, b + 1023), p2);
		EXPECT_EQ(ggtt_rd(v, b + 1024), 0x7001);
		EXPECT_EQ(ggtt_rd(v, b + 1025), 0x12ULL << 32);
		EXPECT_EQ(ggtt_rd(v, b + n - 2), 0xfffffffffffffffeULL);
		EXPECT_EQ(ggtt_rd(v, b + n - 1), GPTE(G(frame + 3)));
	}
}

/* Every entry reads 0 through BAR0 and its host entry maps scratch. */
static void check_ggtt_reset(int line, struct gcase *c)
{
	unsigned int r, bad = 0;
	u64 i, first = 0;

	for (r = 0; r < 2; r++) {
		for (i = c->range[r]; i < c->range[r] + c->n[r]; i++) {
			if (!ggtt_rd(c->v, i))
				continue;
			if (!bad++)
				first = i;
		}
		if (!fake_host_ggtt_is(c->host, c->range[r], c->n[r],
				       c->scratch))
			harness_fail(__FILE__, line, false,
				     "range %u: a host entry is not scratch", r);
		if (find_first_bit(r ? c->v->ggtt_dirty_high :
				   c->v->ggtt_dirty_low,
				   GVT_GGTT_DIRTY_BITS) != GVT_GGTT_DIRTY_BITS)
			harness_fail(__FILE__, line, false,
				     "range %u: a value page is still dirty", r);
	}
	if (bad)
		harness_fail(__FILE__, line, false,
			     "%u entries not 0 after reset, first 0x%llx: 0x%llx",
			     bad, first, ggtt_rd(c->v, first));
	if (c->hv && fake_hv_pinned(c->hv))
		harness_fail(__FILE__, line, false, "%lu pins left",
			     fake_hv_pinned(c->hv));
	EXPECT_EQ(c->v->ggtt_halves, 0);
}

/* Entry @i maps guest frame @gfn on the host. */
static bool host_maps(struct gcase *c, u64 i, u64 gfn)
{
	return c->host->ggtt[i] == (fake_hv_addr(c->hv, gfn) | 1);
}

static void ggtt_reset_case(struct gcase *c, bool failsafe)
{
	struct gvt_vgpu *v = c->v;
	unsigned int r, pins;
	u64 b;

	if (failsafe) {
		/* A pin made before failsafe, dropped by a failsafe write. */
		ggtt_wr(v, c->range[0] + 2000, GPTE(G(40)));
		EXPECT(host_maps(c, c->range[0] + 2000, G(40)));
		pins = fake_hv_pins(c->hv, G(40));
		wr32(v, PV_RSV5, 1);
		ASSERT(v->failsafe != GVT_FAILSAFE_NONE);
		mmio_wr(v, GVT_GGTT_OFFSET + 8 * (c->range[0] + 2000), 4, 0);
		EXPECT_EQ(c->host->ggtt[c->range[0] + 2000], c->scratch);
		EXPECT_EQ(fake_hv_pins(c->hv, G(40)), pins - 1);
		EXPECT_EQ(ggtt_rd(v, c->range[0] + 2000), GPTE(G(40)) >> 32 << 32);
	}
	scribble_ggtt(c, 10);
	for (r = 0; r < 2; r++) {
		b = c->range[r];
		/* Storage only in failsafe: nothing is mapped. */
		EXPECT_EQ(host_maps(c, b + 511, G(10)), !failsafe);
		EXPECT_EQ(host_maps(c, b + 512, G(11)), !failsafe);
		EXPECT_EQ(host_maps(c, b + 1023, G(12)), !failsafe);
		EXPECT_EQ(c->host->ggtt[b + 1024], c->scratch);
		EXPECT_EQ(c->host->ggtt[b + c->n[r] - 2], c->scratch);
	}
	gvt_vgpu_reset(v);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	check_ggtt_reset(__LINE__, c);
	/* Twice, and after the same writes again (no failsafe now). */
	gvt_vgpu_reset(v);
	check_ggtt_reset(__LINE__, c);
	scribble_ggtt(c, 20);
	EXPECT(host_maps(c, c->range[1] + c->n[1] - 1, G(23)));
	gvt_vgpu_reset(v);
	check_ggtt_reset(__LINE__, c);
}

TEST(reset_dirty_ggtt)
{
	struct gcase c;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	gcase_init(&c, m.v, &m.t.host, &m.hv);
	ggtt_reset_case(&c, false);
	mtest_fini(&m);
}

/* Failsafe stores guest values too (the fuzzer's find). */
TEST(reset_dirty_ggtt_failsafe)
{
	struct gcase c;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	gcase_init(&c, m.v, &m.t.host, &m.hv);
	ggtt_reset_case(&c, true);
	mtest_fini(&m);
}

/*
 * With a backend that gives GPU pages, entries map the vGPU's own scratch
 * page and a reset does not rewrite them (mmio.rst, "GGTT"), so a pin a
 * reset missed would stay on the host.
 */
TEST(reset_dirty_ggtt_vgpu_scratch)
{
	unsigned int failsafe;
	struct wl_guest g;
	struct gcase c;
	struct wl_dev d;

	for (failsafe = 0; failsafe < 2; failsafe++) {
		wl_dev_init(&d, 256, true);
		wl_guest_init(&g, &d, "GVTg_V5_8", 0);
		gcase_init(&c, g.v, &d.gpu.t.host, &g.hv);
		ASSERT(g.v->gtt_scratch);
		ggtt_reset_case(&c, failsafe);
		wl_guest_fini(&g);
		wl_dev_fini(&d);
	}
}

/* GDRST restores a partial page: the rest of it stays as the guest left it. */
TEST(reset_dirty_gdrst_partial_page)
{
	static const u32 in[] = {
		RCS_BASE, RCS_BASE + 0x680, RCS_BASE + 0x7fc,
	};
	/* In the engine's page, outside its 2 KiB block. */
	static const u32 out[] = {
		RCS_BASE + 0x800, RCS_BASE + 0x900, RCS_BASE + 0xffc,
	};
	/* Around the end of what a full GDRST restores, in one page. */
	static const u32 below[] = { 0x44000, 0x441fc };
	static const u32 above[] = { 0x44ff8, 0x44ffc };
	const unsigned long rcs_page = RCS_BASE >> GVT_VREG_PAGE_SHIFT;
	const unsigned long end_page = GVT_GDRST_FULL_END >> GVT_VREG_PAGE_SHIFT;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	memcpy(born, v->vreg, GVT_MMIO_SIZE);
	assert_plain(m.gvt, in, ARRAY_SIZE(in));
	assert_plain(m.gvt, out, ARRAY_SIZE(out));
	assert_plain(m.gvt, below, ARRAY_SIZE(below));
	assert_plain(m.gvt, above, ARRAY_SIZE(above));

	/* An engine reset: its block back, the rest of the page not. */
	for (i = 0; i < ARRAY_SIZE(in); i++)
		wr32(v, in[i], MARK + i);
	for (i = 0; i < ARRAY_SIZE(out); i++)
		wr32(v, out[i], MARK + i);
	wr32(v, REG_GDRST, BIT(1));
	for (i = 0; i < ARRAY_SIZE(in); i++)
		EXPECT_EQ(rd32(v, in[i]), FAKE_SNAP(in[i]));
	for (i = 0; i < ARRAY_SIZE(out); i++)
		EXPECT_EQ(rd32(v, out[i]), MARK + i);
	EXPECT(test_bit(rcs_page, v->vreg_dirty));
	/* Again: the page is still dirty, what lies outside still kept. */
	wr32(v, in[0], MARK);
	wr32(v, REG_GDRST, BIT(1));
	EXPECT_EQ(rd32(v, in[0]), FAKE_SNAP(in[0]));
	for (i = 0; i < ARRAY_SIZE(out); i++)
		EXPECT_EQ(rd32(v, out[i]), MARK + i);
	/* A device reset restores the rest of the page. */
	gvt_vgpu_reset(v);
	for (i = 0; i < ARRAY_SIZE(out); i++)
		EXPECT_EQ(rd32(v, out[i]), FAKE_SNAP(out[i]));
	EXPECT(!test_bit(rcs_page, v->vreg_dirty));
	EXPECT_VREG(v, born, "after an engine GDRST and a reset");

	/* So does a full GDRST, which covers the engine's page whole. */
	wr32(v, out[1], MARK);
	wr32(v, REG_GDRST, BIT(1));
	EXPECT_EQ(rd32(v, out[1]), MARK);
	wr32(v, REG_GDRST, BIT(0));
	EXPECT_EQ(rd32(v, out[1]), FAKE_SNAP(out[1]));
	EXPECT(!test_bit(rcs_page, v->vreg_dirty));

	/* A full GDRST ends inside a page: above its end nothing changes. */
	for (i = 0; i < ARRAY_SIZE(below); i++)
		wr32(v, below[i], MARK + i);
	for (i = 0; i < ARRAY_SIZE(above); i++)
		wr32(v, above[i], MARK + i);
	wr32(v, REG_GDRST, BIT(0));
	for (i = 0; i < ARRAY_SIZE(below); i++)
		EXPECT_EQ(rd32(v, below[i]), FAKE_SNAP(below[i]));
	for (i = 0; i < ARRAY_SIZE(above); i++)
		EXPECT_EQ(rd32(v, above[i]), MARK + i);
	EXPECT(test_bit(end_page, v->vreg_dirty));
	wr32(v, REG_GDRST, BIT(0));
	for (i = 0; i < ARRAY_SIZE(above); i++)
		EXPECT_EQ(rd32(v, above[i]), MARK + i);
	gvt_vgpu_reset(v);
	for (i = 0; i < ARRAY_SIZE(above); i++)
		EXPECT_EQ(rd32(v, above[i]), FAKE_SNAP(above[i]));
	EXPECT_VREG(v, born, "after a full GDRST and a reset");
	mtest_fini(&m);
}

/* A random BAR0 write: a register, a fence or a GGTT entry. */
static void random_write(struct mtest *m, u64 *seed)
{
	static const unsigned int lens[] = { 1, 2, 4, 8 };
	u64 x = test_rand(seed), val = test_rand(seed);
	unsigned int len = lens[x & 3];
	struct gvt_vgpu *v = m->v;
	u64 off, i, y;

	switch ((x >> 2) % 8) {
	case 0 ... 3:
		off = ((x >> 8) % GVT_MMIO_SIZE) & ~(u64)(len - 1);
		mmio_wr(v, off, len, val);
		break;
	case 4:
		off = GVT_FENCE_OFFSET + 8 * ((x >> 8) % m->res.num_fences);
		if (val & 1)
			val = fence_val(m->res.low_gm_base,
					m->res.low_gm_base + 4096 * (val % 64),
					val >> 32, true);
		mmio_wr(v, off, len == 8 ? 8 : 4, val);
		break;
	default:
		/*
		 * An entry of either range, half the time within 4 of a
		 * value-page boundary; values present half the time.
		 */
		y = test_rand(seed);
		if (y & 1)
			i = GVT_GGTT_DIRTY_ENTRIES * (1 + (y >> 8) % 8) - 4 +
			    (y >> 4) % 8;
		else
			i = y >> 8;
		if (y & 2)
			i = PAGES(m->res.high_gm_base) +
			    i % PAGES(m->res.high_gm_size);
		else
			i = PAGES(m->res.low_gm_base) +
			    i % PAGES(m->res.low_gm_size);
		if (val & 0x10)
			val = GPTE(G(val % (NFRAMES + 4)));
		off = GVT_GGTT_OFFSET + 8 * i;
		if (len == 8)
			mmio_wr(v, off, 8, val);
		else
			mmio_wr(v, off + (y & 4), 4, val);
		break;
	}
}

/*
 * After thousands of random writes, a reset leaves the register file as
 * at creation and the GGTT as a fresh vGPU's, byte for byte; also in
 * failsafe, which stores everything without a handler.
 */
TEST(reset_dirty_random_equals_fresh)
{
	u64 seed = 0x5eed0000d1a7cafeULL;
	int diff_l, diff_h;
	u64 nl, nh;
	struct gvt_vgpu *v, *fresh;
	unsigned int round, i;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
	v = m.v;
	fresh = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	memcpy(born, v->vreg, GVT_MMIO_SIZE);
	nl = PAGES(m.res.low_gm_size);
	nh = PAGES(m.res.high_gm_size);
	ASSERT_EQ(PAGES(fresh->low.size), nl);
	ASSERT_EQ(PAGES(fresh->high.size), nh);
	for (round = 0; round < 4; round++) {
		/* Rounds 1 and 3: a GVT-aware guest; 2: one in failsafe. */
		if (round & 1)
			EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
		if (round == 2)
			wr32(v, PV_RSV5, 1);
		for (i = 0; i < 3000; i++)
			random_write(&m, &seed);
		/* The walk pinned frames, or stored them in failsafe. */
		if (round == 2)
			EXPECT(v->failsafe != GVT_FAILSAFE_NONE);
		else
			EXPECT(fake_hv_pinned(&m.hv) > 0);
		gvt_vgpu_reset(v);
		EXPECT_VREG(v, born, "random writes, reset");
		EXPECT_VREG_NOT_PV(v, fresh->vreg, "random writes, reset");
		diff_l = memcmp(v->ggtt_low, fresh->ggtt_low, nl * 8);
		diff_h = memcmp(v->ggtt_high, fresh->ggtt_high, nh * 8);
		if (diff_l || diff_h)
			harness_fail(__FILE__, __LINE__, false,
				     "round %u: GGTT values differ from a fresh vGPU's (aperture %d, hidden %d)",
				     round, !!diff_l, !!diff_h);
		EXPECT_EQ(find_first_bit(v->pinned_low, nl), nl);
		EXPECT_EQ(find_first_bit(v->pinned_high, nh), nh);
		EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
		EXPECT(fake_host_ggtt_is(&m.t.host, PAGES(m.res.low_gm_base),
					 nl, FAKE_SCRATCH_PTE));
		EXPECT(fake_host_ggtt_is(&m.t.host, PAGES(m.res.high_gm_base),
					 nh, FAKE_SCRATCH_PTE));
		EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	}
	gvt_vgpu_destroy(fresh);
	mtest_fini(&m);
}

/*
 * A workload's effects on the register file (CSB, status, interrupts,
 * the registers a workload hands back) are gone after a reset: the file
 * equals an untouched vGPU's but for PVINFO.
 */
TEST(reset_dirty_after_workload)
{
	static const u32 req[] = { 0x01000000, 0 };	/* MI_USER_INTERRUPT */
	struct gvt_vgpu *fresh;
	struct wl_guest g;
	struct wl_dev d;
	unsigned int i;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	fresh = vgpu_new(d.gvt, tdev_type(d.gvt, "GVTg_V5_8"));
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		enum gvt_engine e = wl_engines[i];

		wl_emit(&g, e, req, ARRAY_SIZE(req));
		wl_elsp(&g, e, wl_kdesc(&g, e) | GVT_DESC_FORCE_RESTORE, 0);
	}
	EXPECT_EQ(d.gpu.submits, ARRAY_SIZE(wl_engines));
	EXPECT(wl_engine_iir(&g, GVT_ENGINE_RCS));
	gvt_vgpu_reset(g.v);
	EXPECT_VREG_NOT_PV(g.v, fresh->vreg, "after a workload and a reset");
	for (i = 0; i < GVT_PVINFO_SIZE; i += 4) {
		/* vgt_id and the bases name the vGPU. */
		if (i == 0xc || i == 0x40 || i == 0x48)
			continue;
		EXPECT_EQ(rd32(g.v, PV(i)), rd32(fresh, PV(i)));
	}
	gvt_vgpu_destroy(fresh);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}

/*
 * The core's own stores into a page the guest left clean since the last
 * reset (an interrupt the snapshot's IMR lets through, the registers a
 * workload hands back) are undone by the next reset.
 */
TEST(reset_dirty_core_stores_into_clean_pages)
{
	static const u32 req[] = { 0x01000000, 0 };	/* MI_USER_INTERRUPT */
	const u32 iir = GVT_REG_GT_ISR(0) + GVT_IRQ_IIR;
	const enum gvt_engine e = GVT_ENGINE_RCS;
	struct gvt_vgpu *fresh;
	struct wl_guest g;
	struct wl_dev d;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	fresh = vgpu_new(d.gvt, tdev_type(d.gvt, "GVTg_V5_8"));
	gvt_vgpu_reset(g.v);
	EXPECT_VREG_NOT_PV(g.v, fresh->vreg, "after the guest's setup");
	ASSERT(!test_bit(iir >> GVT_VREG_PAGE_SHIFT, g.v->vreg_dirty));
	wl_map_guest(&g);
	wl_engine_setup(&g, e);
	ASSERT(!test_bit(iir >> GVT_VREG_PAGE_SHIFT, g.v->vreg_dirty));
	wl_emit(&g, e, req, ARRAY_SIZE(req));
	wl_elsp(&g, e, wl_kdesc(&g, e) | GVT_DESC_FORCE_RESTORE, 0);
	EXPECT_EQ(d.gpu.submits, 1);
	EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
	/* Raised where the snapshot's IMR does not mask. */
	EXPECT(rd32(g.v, iir) != FAKE_SNAP(iir));
	gvt_vgpu_reset(g.v);
	EXPECT_EQ(rd32(g.v, iir), FAKE_SNAP(iir));
	EXPECT_VREG_NOT_PV(g.v, fresh->vreg, "after a workload and a reset");
	gvt_vgpu_destroy(fresh);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
