// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the PVINFO page and of failsafe (Documentation/gpu/gvt/mmio.rst):
 * the page's contents, which guest writes are kept, the ways into failsafe,
 * plain-storage behaviour in failsafe and the way out by reset.
 */
#include <stdio.h>
#include <linux/pci_regs.h>

#include "gvt_test.h"

/* The value the PVINFO dword at page offset @off must hold. */
static u32 pv_expected(const struct gvt_vgpu_resources *res, u32 off)
{
	switch (off) {
	case 0x0:
		return (u32)VGT_MAGIC;
	case 0x4:
		return VGT_MAGIC >> 32;
	case 0x8:
		return 1;		/* version 1.0 */
	case 0xc:
		return res->id;
	case 0x10:
		return VGT_CAPS;
	case 0x40:
		return res->low_gm_base;
	case 0x44:
		return res->low_gm_size;
	case 0x48:
		return res->high_gm_base;
	case 0x4c:
		return res->high_gm_size;
	case 0x50:
		return res->num_fences;
	case 0x830:
	case 0x834:
		return 0xffffffff;
	}
	return 0;
}

static void check_pvinfo_page(struct gvt_vgpu *v)
{
	struct gvt_vgpu_resources res;
	unsigned int bad = 0;
	u32 off, got;

	gvt_vgpu_get_resources(v, &res);
	for (off = 0; off < GVT_PVINFO_SIZE; off += 4) {
		got = rd32(v, PV(off));
		if (got == pv_expected(&res, off))
			continue;
		if (bad++ < 8)
			harness_fail(__FILE__, __LINE__, false,
				     "PVINFO +0x%x: 0x%x, want 0x%x", off, got,
				     pv_expected(&res, off));
	}
	EXPECT_EQ(bad, 0);
}

TEST(pvinfo_initial_page)
{
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v2;
	struct mtest m;

	mtest_init(&m, 512, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_4"));
	gvt_vgpu_get_resources(v2, &r2);
	check_pvinfo_page(m.v);
	check_pvinfo_page(v2);
	/* The fields, by size, as the guest driver reads them. */
	EXPECT_EQ(mmio_rd(m.v, PV_MAGIC, 8), VGT_MAGIC);
	EXPECT_EQ(mmio_rd(m.v, PV_VERSION_MAJOR, 2), 1);
	EXPECT_EQ(mmio_rd(m.v, PV_VERSION_MINOR, 2), 0);
	EXPECT_EQ(mmio_rd(m.v, PV_MAGIC, 1), 0x76);
	EXPECT_EQ(mmio_rd(m.v, PV_MAGIC + 7, 1), 0x47);
	EXPECT_EQ(rd32(m.v, PV_VGT_ID), m.res.id);
	EXPECT_EQ(rd32(v2, PV_VGT_ID), r2.id);
	EXPECT(m.res.id != r2.id);
	EXPECT_EQ(rd32(m.v, PV_CAPS), 0x1c);
	EXPECT_EQ(rd32(v2, PV_APERTURE_BASE), r2.low_gm_base);
	EXPECT_EQ(rd32(v2, PV_APERTURE_SIZE), MiB(128));
	EXPECT_EQ(rd32(v2, PV_HIDDEN_BASE), r2.high_gm_base);
	EXPECT_EQ(rd32(v2, PV_HIDDEN_SIZE), MiB(512));
	EXPECT_EQ(rd32(m.v, PV_APERTURE_SIZE), MiB(64));
	EXPECT_EQ(rd32(m.v, PV_HIDDEN_SIZE), MiB(384));
	EXPECT_EQ(rd32(m.v, PV_FENCE_NUM), 4);
	EXPECT_EQ(mmio_rd(m.v, PV_CURSOR_X_HOT, 8), ~0ULL);
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

TEST(pvinfo_stored_writes)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	wr32(v, PV_DISPLAY_READY, 1);
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 1);
	wr32(v, PV_DISPLAY_READY, 0);
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 0);
	wr32(v, PV_G2V_NOTIFY, 4);
	EXPECT_EQ(rd32(v, PV_G2V_NOTIFY), 4);
	/* pdp[0..3].lo/hi, then the execlist context descriptor. */
	for (i = 0; i < 10; i++)
		wr32(v, PV_PDP + 4 * i, 0x1000 * (i + 1) + i);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(rd32(v, PV_PDP + 4 * i), 0x1000 * (i + 1) + i);
	EXPECT_EQ(rd32(v, PV_EXECLIST_DESC_LO), 0x9008);
	EXPECT_EQ(rd32(v, PV_EXECLIST_DESC_HI), 0xa009);
	mmio_wr(v, PV_PDP, 8, 0x0000001234567000ULL);
	EXPECT_EQ(mmio_rd(v, PV_PDP, 8), 0x0000001234567000ULL);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	/* Nothing else in the page moved. */
	wr32(v, PV_DISPLAY_READY, 0);
	wr32(v, PV_G2V_NOTIFY, 0);
	for (i = 0; i < 10; i++)
		wr32(v, PV_PDP + 4 * i, 0);
	check_pvinfo_page(v);
	mtest_fini(&m);
}

TEST(pvinfo_ignored_writes)
{
	static const u32 offs[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x14, 0x3c, 0x40, 0x44, 0x48, 0x4c,
		0x50, 0x54, 0x5c, 0x60, 0x400, 0x7fc, 0x800, 0x81c, 0x820,
		0x82c, 0x830, 0x834, 0x860, 0x864, 0xa00, 0xffc,
	};
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		wr32(v, PV(offs[i]), 0xdeadbeef);
		mmio_wr(v, PV(offs[i]), 1, 0x5a);
		mmio_wr(v, PV(offs[i]) + 2, 2, 0x5a5a);
	}
	mmio_wr(v, PV_MAGIC, 8, 0);
	mmio_wr(v, PV_CURSOR_X_HOT, 8, 0);
	check_pvinfo_page(v);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(fake_host_calls(&m.t.host), m.t.host.ggtt_clear_calls +
		  m.t.host.fence_write_calls);
	mtest_fini(&m);
}

TEST(pvinfo_read_marks_guest_aware)
{
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	EXPECT(!v->pv_notified);
	/* Other reads and PVINFO writes do not count. */
	rd32(v, REG_PLAIN);
	rd32(v, GVT_PVINFO_OFFSET - 4);
	rd32(v, GVT_PVINFO_OFFSET + GVT_PVINFO_SIZE);
	wr32(v, PV_DISPLAY_READY, 1);
	EXPECT(!v->pv_notified);
	/* Any read, of any size, anywhere in the page does. */
	mmio_rd(v, PV(0xfff), 1);
	EXPECT(v->pv_notified);
	gvt_vgpu_reset(v);
	EXPECT(!v->pv_notified);
	mmio_rd(v, PV(0x800), 2);
	EXPECT(v->pv_notified);
	mtest_fini(&m);
}

TEST(pvinfo_rsv5_enters_failsafe)
{
	static const struct {
		u32 off;
		unsigned int len;
		u64 val;
	} w[] = {
		{ 0x808, 4, 0xffffffff }, { 0x80c, 4, 0 }, { 0x810, 4, 1 },
		{ 0x814, 4, 0x12345678 }, { 0x810, 8, 0 }, { 0x80b, 1, 0 },
		{ 0x816, 2, 7 },
	};
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (i = 0; i < ARRAY_SIZE(w); i++) {
		EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
		mmio_wr(v, PV(w[i].off), w[i].len, w[i].val);
		if (v->failsafe != GVT_FAILSAFE_INSUFFICIENT_RESOURCE)
			harness_fail(__FILE__, __LINE__, false,
				     "write of %u bytes at PVINFO +0x%x: failsafe %d",
				     w[i].len, w[i].off, v->failsafe);
		gvt_vgpu_reset(v);
		EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	}
	/* Neighbours of rsv5 do not. */
	wr32(v, PV_DISPLAY_READY, 1);
	wr32(v, PV_G2V_NOTIFY, 1);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

static const u32 engine_bases[] = {
	RCS_BASE, VCS_BASE, BCS_BASE, VECS_BASE, VCS2_BASE,
};

TEST(failsafe_execlists_before_pvinfo)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int e;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
		u32 gfx = REG_GFX_MODE(engine_bases[e]);

		/* No enable: disabling, masked off, other bits. */
		wr32(v, gfx, 0x80000000);
		wr32(v, gfx, 0x00008000);
		wr32(v, gfx, 0x00f000f0);
		EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
		EXPECT_EQ(rd32(v, gfx) & BIT(15), 0);
		wr32(v, gfx, 0x80008000);
		if (v->failsafe == GVT_FAILSAFE_NONE)
			harness_fail(__FILE__, __LINE__, false,
				     "execlists enabled at 0x%x before PVINFO: no failsafe",
				     gfx);
		gvt_vgpu_reset(v);
	}
	mtest_fini(&m);
}

/*
 * Only a write that enables execlists counts: in the fake snapshot the
 * GFX_MODE of VECS (0x1a29c) and VCS2 (0x1c29c) has bit 15 set, and a
 * write that leaves bit 15 alone does not enable anything.
 */
TEST(failsafe_only_on_enabling_write)
{
	static const u32 gfx[] = {
		REG_GFX_MODE(VECS_BASE), REG_GFX_MODE(VCS2_BASE),
	};
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (i = 0; i < ARRAY_SIZE(gfx); i++) {
		ASSERT(FAKE_SNAP(gfx[i]) & BIT(15));
		wr32(v, gfx[i], 0x00010001);
		if (v->failsafe != GVT_FAILSAFE_NONE)
			harness_fail(__FILE__, __LINE__, false,
				     "write 0x00010001 to 0x%x: failsafe %d",
				     gfx[i], v->failsafe);
		gvt_vgpu_reset(v);
	}
	mtest_fini(&m);
}

TEST(failsafe_not_after_pvinfo_read)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int e;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
		u32 gfx = REG_GFX_MODE(engine_bases[e]);

		wr32(v, gfx, 0x80008000);
		EXPECT_EQ(rd32(v, gfx),
			  (FAKE_SNAP(gfx) & 0xffff) | BIT(15));
		wr32(v, gfx, 0x80000000);
		EXPECT_EQ(rd32(v, gfx), FAKE_SNAP(gfx) & 0x7fff);
	}
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

TEST(failsafe_plain_storage)
{
	static const u32 regs[] = {
		0x44300, 0x44308, 0xc4008, REG_MASTER_IRQ, REG_FW_RENDER,
		REG_FW_RENDER_ACK, REG_FW_GT, REG_FW_GT_ACK,
		REG_MI_MODE(RCS_BASE), REG_GFX_MODE(RCS_BASE),
		REG_RESET_CTL(RCS_BASE), REG_PCODE_MAILBOX,
		REG_EXECLIST_STATUS(RCS_BASE), REG_CSB(RCS_BASE), PV_MAGIC,
		PV_VGT_ID, PV_RSV5, PV(0x900), REG_PLAIN,
	};
	static const u32 vals[] = { 0xffffffff, 0x00010001, 0x80008000, 0 };
	u64 calls, fence, pte;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i, j;
	u64 entry;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 16);
	v = m.v;
	wr32(v, PV_RSV5, 1);
	ASSERT_EQ(v->failsafe, GVT_FAILSAFE_INSUFFICIENT_RESOURCE);
	calls = fake_host_calls(&m.t.host);
	for (j = 0; j < ARRAY_SIZE(vals); j++) {
		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			wr32(v, regs[i], vals[j] ^ i);
			EXPECT_EQ(rd32(v, regs[i]), vals[j] ^ i);
		}
	}
	/* Forcewake is not mirrored into its ACK. */
	wr32(v, REG_FW_RENDER_ACK, 0x77);
	wr32(v, REG_FW_RENDER, 0x00010001);
	EXPECT_EQ(rd32(v, REG_FW_RENDER_ACK), 0x77);
	/* GDRST keeps what was written and restores nothing. */
	wr32(v, 0x1000, 0x1234);
	wr32(v, REG_GDRST, BIT(0) | BIT(1));
	EXPECT_EQ(rd32(v, REG_GDRST), BIT(0) | BIT(1));
	EXPECT_EQ(rd32(v, 0x1000), 0x1234);
	/* Fences and GGTT keep the guest's values, with no host effect. */
	fence = fence_val(m.res.low_gm_base, m.res.low_gm_base, 0, true);
	fence_wr(v, 0, fence);
	EXPECT_EQ(fence_rd(v, 0), fence);
	entry = mtest_low_entry(&m);
	pte = GPTE(MTEST_GFN(3));
	ggtt_wr(v, entry, pte);
	EXPECT_EQ(ggtt_rd(v, entry), pte);
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * (entry + 1), 4, 0x7001);
	EXPECT_EQ(ggtt_rd(v, entry + 1), 0x7001);
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	EXPECT_EQ(m.t.host.fences[m.res.fences[0]], 0);
	EXPECT(fake_host_ggtt_is(&m.t.host, entry, 2, FAKE_SCRATCH_PTE));
	EXPECT_EQ(m.hv.pin_calls, 0);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_INSUFFICIENT_RESOURCE);
	mtest_fini(&m);
}

TEST(failsafe_cleared_by_reset)
{
	const u32 gfx = REG_GFX_MODE(RCS_BASE);
	struct gvt_vgpu *v;
	struct mtest m;
	u64 fence;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 16);
	v = m.v;
	wr32(v, gfx, 0x80008000);
	ASSERT(v->failsafe != GVT_FAILSAFE_NONE);
	wr32(v, 0x44300, 0);
	wr32(v, PV_MAGIC, 0);
	gvt_vgpu_reset(v);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT(!v->pv_notified);
	/* Handlers are back. */
	EXPECT_EQ(rd32(v, 0x44300), FAKE_SNAP(0x44300));
	wr32(v, 0x44300, 0);
	EXPECT_EQ(rd32(v, 0x44300), FAKE_SNAP(0x44300));
	wr32(v, 0x44308, 0xffffffff);
	EXPECT_EQ(rd32(v, 0x44308), 0);
	check_pvinfo_page(v);
	fence = fence_val(m.res.low_gm_base, m.res.low_gm_base, 0, true);
	fence_wr(v, 1, fence);
	EXPECT_EQ(m.t.host.fences[m.res.fences[1]], fence);
	ggtt_wr(v, mtest_low_entry(&m), GPTE(MTEST_GFN(2)));
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(2)), 1);
	/* The guest has read PVINFO now: execlists are fine. */
	wr32(v, gfx, 0x80008000);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	/* Reset after a normal run: still no failsafe, PVINFO fresh. */
	gvt_vgpu_reset(v);
	wr32(v, gfx, 0x80008000);
	EXPECT(v->failsafe != GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

TEST(reset_restores_registers_and_pvinfo)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u32 cmd;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	wr32(v, REG_PLAIN, 1);
	wr32(v, 0, 2);
	wr32(v, GVT_MMIO_SIZE - 4, 3);
	wr32(v, 0x44308, 0xffffffff);
	wr32(v, REG_MASTER_IRQ, 0);
	wr32(v, REG_MI_MODE(RCS_BASE), 0xffff0000);
	wr32(v, REG_FW_RENDER, 0x00010001);
	wr32(v, PV_DISPLAY_READY, 1);
	wr32(v, PV_G2V_NOTIFY, 5);
	wr32(v, PV_PDP, 0x1000);
	cmd = PCI_COMMAND_MEMORY;
	EXPECT_EQ(gvt_vgpu_cfg_write(v, PCI_COMMAND, &cmd, 2), 0);
	gvt_vgpu_reset(v);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	EXPECT_EQ(rd32(v, REG_PLAIN), FAKE_SNAP(REG_PLAIN));
	EXPECT_EQ(rd32(v, 0), FAKE_SNAP(0));
	EXPECT_EQ(rd32(v, GVT_MMIO_SIZE - 4), FAKE_SNAP(GVT_MMIO_SIZE - 4));
	EXPECT_EQ(rd32(v, 0x44308), FAKE_SNAP(0x44308));
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ) & BIT(31),
		  FAKE_SNAP(REG_MASTER_IRQ) & BIT(31));
	EXPECT_EQ(rd32(v, REG_MI_MODE(RCS_BASE)) & 0xffff & ~GVT_MI_MODE_IDLE,
		  FAKE_SNAP(REG_MI_MODE(RCS_BASE)) & 0xffff);
	check_pvinfo_page(v);
	cmd = 0xffff;
	EXPECT_EQ(gvt_vgpu_cfg_read(v, PCI_COMMAND, &cmd, 2), 0);
	EXPECT_EQ(cmd & 0xffff, 0);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}
