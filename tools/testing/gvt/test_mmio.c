// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of BAR0 register emulation (Documentation/gpu/gvt/mmio.rst): access
 * rules, the register file and its snapshot, and the registers with
 * attributes or handlers. Register writes never reach the host.
 */
#include <stdio.h>

#include "gvt_test.h"

#define BAR0_SIZE	MiB(16)
#define MARK		0x5a5a0f0fU

/* Write a register that must be plain storage and check it took. */
static void set_plain(struct gvt_vgpu *v, u32 off, u32 val)
{
	wr32(v, off, val);
	if (rd32(v, off) != val)
		FAIL("0x%x is not plain storage: wrote 0x%x, read 0x%x", off,
		     val, rd32(v, off));
}

TEST(mmio_access_sizes)
{
	const u32 p = REG_PLAIN;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	wr32(v, p, 0x11223344);
	EXPECT_EQ(mmio_rd(v, p, 1), 0x44);
	EXPECT_EQ(mmio_rd(v, p + 1, 1), 0x33);
	EXPECT_EQ(mmio_rd(v, p + 2, 1), 0x22);
	EXPECT_EQ(mmio_rd(v, p + 3, 1), 0x11);
	EXPECT_EQ(mmio_rd(v, p, 2), 0x3344);
	EXPECT_EQ(mmio_rd(v, p + 2, 2), 0x1122);
	/* 1- and 2-byte writes change only their bytes. */
	mmio_wr(v, p + 1, 1, 0xaa);
	EXPECT_EQ(rd32(v, p), 0x1122aa44);
	mmio_wr(v, p + 2, 2, 0xbbcc);
	EXPECT_EQ(rd32(v, p), 0xbbccaa44);
	mmio_wr(v, p, 1, 0x01);
	EXPECT_EQ(rd32(v, p), 0xbbccaa01);
	EXPECT_EQ(rd32(v, p + 4), FAKE_SNAP(p + 4));
	/* 8 bytes: low dword, then high dword. */
	mmio_wr(v, p + 8, 8, 0x8877665544332211ULL);
	EXPECT_EQ(rd32(v, p + 8), 0x44332211);
	EXPECT_EQ(rd32(v, p + 12), 0x88776655);
	EXPECT_EQ(mmio_rd(v, p + 8, 8), 0x8877665544332211ULL);
	EXPECT_EQ(mmio_rd(v, p + 16, 8),
		  FAKE_SNAP(p + 16) | (u64)FAKE_SNAP(p + 20) << 32);
	EXPECT_EQ(*gvt_vreg(v, p + 8), 0x44332211);
	EXPECT_EQ(*gvt_vreg(v, p + 12), 0x88776655);
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	mtest_fini(&m);
}

struct bad_access {
	u64 off;
	unsigned int len;
};

TEST(mmio_access_invalid)
{
	const u64 p = REG_PLAIN;
	const u64 g = GVT_GGTT_OFFSET;
	struct bad_access bad[] = {
		{ p + 1, 2 }, { p + 3, 2 }, { p + 1, 4 }, { p + 2, 4 },
		{ p + 3, 4 }, { p + 4, 8 }, { p + 2, 8 }, { p + 1, 8 },
		{ p, 0 }, { p, 3 }, { p, 5 }, { p, 6 }, { p, 7 }, { p, 16 },
		{ p, 32 }, { BAR0_SIZE, 4 }, { BAR0_SIZE, 1 },
		{ BAR0_SIZE, 8 }, { BAR0_SIZE - 4, 8 }, { BAR0_SIZE + p, 4 },
		{ (1ULL << 32) + p, 4 }, { (1ULL << 32) + p, 8 },
		{ (1ULL << 63) + p, 4 }, { U64_MAX - 3, 4 },
		{ U64_MAX - 7, 8 }, { U64_MAX, 1 },
		{ g, 1 }, { g + 1, 1 }, { g, 2 }, { g + 2, 2 }, { g + 6, 2 },
		{ g + 4, 8 }, { g + 2, 4 }, { g, 3 }, { g, 16 },
	};
	u64 entry, val, calls;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 16);
	v = m.v;
	/* Point the GGTT cases at the vGPU's first aperture entry. */
	entry = mtest_low_entry(&m);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (bad[i].off >= g && bad[i].off < g + 16)
			bad[i].off += 8 * entry;
	calls = fake_host_calls(&m.t.host);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u8 buf[32];

		memset(buf, 0xff, sizeof(buf));
		if (gvt_vgpu_mmio_write(v, bad[i].off, buf, bad[i].len) !=
		    -EINVAL)
			harness_fail(__FILE__, __LINE__, false,
				     "write of %u bytes at 0x%llx: not -EINVAL",
				     bad[i].len, bad[i].off);
		if (gvt_vgpu_mmio_read(v, bad[i].off, buf, bad[i].len) !=
		    -EINVAL)
			harness_fail(__FILE__, __LINE__, false,
				     "read of %u bytes at 0x%llx: not -EINVAL",
				     bad[i].len, bad[i].off);
		EXPECT_EQ(gvt_shim_mutexes_held, 0);
	}
	/* Nothing changed: registers, GGTT, host, pins, PVINFO state. */
	for (i = 0; i < 8; i++)
		EXPECT_EQ(rd32(v, p + 4 * i), FAKE_SNAP(p + 4 * i));
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	EXPECT_EQ(m.hv.pin_calls, 0);
	EXPECT_EQ(ggtt_rd(v, entry), 0);
	EXPECT_EQ(ggtt_rd(v, entry + 1), 0);
	EXPECT(fake_host_ggtt_is(&m.t.host, entry, 2, FAKE_SCRATCH_PTE));
	EXPECT_EQ(mmio_rd_ret(v, PV_MAGIC + 1, 2, &val), -EINVAL);
	EXPECT_EQ(mmio_rd_ret(v, PV_MAGIC + 4, 8, &val), -EINVAL);
	EXPECT_EQ(mmio_rd_ret(v, PV_MAGIC, 3, &val), -EINVAL);
	EXPECT(!v->pv_notified);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

TEST(mmio_access_invalid_fence_and_pvinfo)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	/* A misaligned fence write does not program anything. */
	EXPECT_EQ(mmio_wr_ret(v, GVT_FENCE_OFFSET + 4, 8,
			      fence_val(m.res.low_gm_base,
					m.res.low_gm_base, 0, true)),
		  -EINVAL);
	EXPECT_EQ(mmio_wr_ret(v, GVT_FENCE_OFFSET + 2, 4, 0xffffffff),
		  -EINVAL);
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	EXPECT_EQ(fence_rd(v, 0) & 1, 0);
	/* A misaligned write to rsv5 does not enter failsafe. */
	EXPECT_EQ(mmio_wr_ret(v, PV_RSV5 + 1, 2, 0xffff), -EINVAL);
	EXPECT_EQ(mmio_wr_ret(v, PV_RSV5 + 2, 4, 0xffffffff), -EINVAL);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

TEST(mmio_unbacked_ranges)
{
	static const u64 offs[] = {
		MiB(2), MiB(2) + 8, MiB(3), MiB(4), MiB(8) - 8,
		/* With a 2 GiB GGTT the entries end at 12 MiB. */
		MiB(12), MiB(12) + 8, MiB(14), MiB(16) - 8,
	};
	static const unsigned int lens[] = { 1, 2, 4, 8 };
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i, j;
	u64 calls;

	mtest_init(&m, 256, 2048, "GVTg_V5_8", 0, 16);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		for (j = 0; j < ARRAY_SIZE(lens); j++) {
			u64 off = offs[i] + 8 - lens[j];

			EXPECT_EQ(mmio_rd(v, off, lens[j]), 0);
			mmio_wr(v, off, lens[j], ~0ULL);
			EXPECT_EQ(mmio_rd(v, off, lens[j]), 0);
		}
	}
	/* Nothing wrapped into the register file or reached the host. */
	EXPECT_EQ(rd32(v, 0), FAKE_SNAP(0));
	EXPECT_EQ(rd32(v, 4), FAKE_SNAP(4));
	EXPECT_EQ(rd32(v, GVT_MMIO_SIZE - 4), FAKE_SNAP(GVT_MMIO_SIZE - 4));
	EXPECT_EQ(rd32(v, MiB(1) + 0x1000), FAKE_SNAP(MiB(1) + 0x1000));
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	EXPECT_EQ(m.hv.pin_calls, 0);
	/* The last GGTT entry is still an entry (read 0, outside slices). */
	EXPECT_EQ(mmio_rd(v, MiB(12) - 8, 8), 0);
	mtest_fini(&m);
}

TEST(mmio_snapshot_init)
{
	static const u32 offs[] = {
		0, 4, 0x1000, 0x2000, 0x2004, 0x9000, 0x40000, 0x100200,
		REG_PLAIN, GVT_MMIO_SIZE - 8, GVT_MMIO_SIZE - 4,
	};
	struct gvt_vgpu *v2;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		EXPECT_EQ(rd32(m.v, offs[i]), FAKE_SNAP(offs[i]));
		EXPECT_EQ(*gvt_vreg(m.v, offs[i]), FAKE_SNAP(offs[i]));
		EXPECT_EQ(rd32(v2, offs[i]), FAKE_SNAP(offs[i]));
	}
	/* Each vGPU has its own register file; the snapshot is constant. */
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		wr32(m.v, offs[i], i);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		EXPECT_EQ(rd32(m.v, offs[i]), i);
		EXPECT_EQ(rd32(v2, offs[i]), FAKE_SNAP(offs[i]));
		EXPECT_EQ(m.t.host.snapshot[offs[i] / 4], FAKE_SNAP(offs[i]));
	}
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

/*
 * The register and command indexes are the same for every GPU: built by
 * the first registration, shared, and kept until the last device goes.
 */
TEST(mmio_indexes_shared_by_devices)
{
	struct fake_host h1, h2;
	struct gvt_device *a, *b;
	const u16 *mmio, *cmd;

	fake_host_init(&h1, 256, 4096, 32, true);
	fake_host_init(&h2, 256, 4096, 32, true);
	a = gvt_device_register(&h1.info, &fake_host_ops, &h1);
	ASSERT(!IS_ERR(a));
	b = gvt_device_register(&h2.info, &fake_host_ops, &h2);
	ASSERT(!IS_ERR(b));
	mmio = a->mmio_index;
	cmd = a->cmd_index;
	ASSERT(mmio && cmd);
	EXPECT(b->mmio_index == mmio);
	EXPECT(b->cmd_index == cmd);
	/* The first device gone, the second still decodes. */
	gvt_device_unregister(a);
	EXPECT(b->mmio_index == mmio);
	EXPECT(gvt_mmio_find(b, 0x2088));
	EXPECT(gvt_mmio_cmd_access(b, 0x2088));
	EXPECT(gvt_cmd_lookup(b, GVT_ENGINE_RCS, 0x11000001));	/* MI_LRI */
	gvt_device_unregister(b);
	fake_host_fini(&h1);
	fake_host_fini(&h2);
}

TEST(mmio_null_snapshot)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *v;
	struct tdev t;

	fake_host_init(&t.host, 256, 4096, 32, false);
	t.host.info.mmio_snapshot = NULL;
	gvt = tdev_start(&t, &fake_host_ops);
	v = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	EXPECT_EQ(rd32(v, 0), 0);
	EXPECT_EQ(rd32(v, REG_PLAIN), 0);
	EXPECT_EQ(rd32(v, GVT_MMIO_SIZE - 4), 0);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), 0);
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	wr32(v, REG_PLAIN, 7);
	gvt_vgpu_reset(v);
	EXPECT_EQ(rd32(v, REG_PLAIN), 0);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(mmio_8byte_is_two_dwords)
{
	const u32 isr = 0x44300, iir = 0x44308, ier = 0x4430c;
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	EXPECT_EQ(mmio_rd(v, isr, 8),
		  FAKE_SNAP(isr) | (u64)FAKE_SNAP(isr + 4) << 32);
	/* Low dword: IIR, write 1 to clear. High dword: IER, storage. */
	mmio_wr(v, iir, 8, 0x12345678ffff0000ULL);
	EXPECT_EQ(rd32(v, iir), FAKE_SNAP(iir) & 0xffff);
	EXPECT_EQ(rd32(v, ier), 0x12345678);
	/* Low dword: ISR, read-only. High dword: IMR, storage. */
	mmio_wr(v, isr, 8, 0xcafef00dffffffffULL);
	EXPECT_EQ(rd32(v, isr), FAKE_SNAP(isr));
	EXPECT_EQ(rd32(v, isr + 4), 0xcafef00d);
	EXPECT_EQ(mmio_rd(v, iir, 8),
		  (FAKE_SNAP(iir) & 0xffff) | 0x1234567800000000ULL);
	/* A masked register as the low dword: bits 31:16 read 0. */
	mmio_wr(v, REG_INSTPM(RCS_BASE), 8, 0x12345678ffff0000ULL);
	EXPECT_EQ(rd32(v, REG_INSTPM(RCS_BASE)), 0);
	EXPECT_EQ(rd32(v, REG_INSTPM(RCS_BASE) + 4), 0x12345678);
	mtest_fini(&m);
}

TEST(mmio_partial_writes_to_handlers)
{
	const u32 mi = REG_MI_MODE(RCS_BASE);
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	/* IIR: one byte of ones clears only that byte's bits. */
	mmio_wr(v, 0x44309, 1, 0xff);
	EXPECT_EQ(rd32(v, 0x44308), FAKE_SNAP(0x44308) & ~0xff00U);
	mmio_wr(v, 0x4430a, 2, 0x00ff);
	EXPECT_EQ(rd32(v, 0x44308), FAKE_SNAP(0x44308) & ~0xffff00U);
	/* Masked: a byte of bits 7:0 comes with an empty enable mask. */
	wr32(v, mi, 0xffff0000);
	mmio_wr(v, mi, 1, 0xff);
	/* MI_MODE's MODE_IDLE (bit 9) reads 1: the engine is idle. */
	EXPECT_EQ(rd32(v, mi), BIT(9));
	mmio_wr(v, mi, 2, 0xffff);
	EXPECT_EQ(rd32(v, mi), BIT(9));
	/*
	 * Master IRQ: the top byte holds the enable bit; bits 30:0 are
	 * derived from the groups' IIR & IER (test_irq.c).
	 */
	mmio_wr(v, REG_MASTER_IRQ + 3, 1, 0x00);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ) & BIT(31), 0);
	mmio_wr(v, REG_MASTER_IRQ + 3, 1, 0xff);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ) & BIT(31), BIT(31));
	mmio_wr(v, REG_MASTER_IRQ, 2, 0x0000);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ) & BIT(31), BIT(31));
	/* ISR: read-only whatever the size. */
	mmio_wr(v, 0x44300, 2, 0xffff);
	mmio_wr(v, 0x44303, 1, 0x00);
	EXPECT_EQ(rd32(v, 0x44300), FAKE_SNAP(0x44300));
	/* IMR: storage, bytes not written keep their value. */
	mmio_wr(v, 0x44305, 1, 0x77);
	EXPECT_EQ(rd32(v, 0x44304), (FAKE_SNAP(0x44304) & ~0xff00U) | 0x7700);
	mtest_fini(&m);
}

static const u32 engine_bases[] = {
	RCS_BASE, VCS_BASE, BCS_BASE, VECS_BASE, VCS2_BASE,
};

TEST(mmio_read_only_registers)
{
	static const u32 acks[] = {
		REG_FW_RENDER_ACK, REG_FW_GT_ACK, REG_FW_MEDIA_ACK,
	};
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int e, i;
	u32 off, before;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
		/* EXECLIST_STATUS (8 bytes) and the CSB (6 x 8 bytes). */
		for (i = 0; i < 2 + 12; i++) {
			off = i < 2 ? REG_EXECLIST_STATUS(engine_bases[e]) + 4 * i
				    : REG_CSB(engine_bases[e]) + 4 * (i - 2);
			before = rd32(v, off);
			wr32(v, off, ~before);
			EXPECT_EQ(rd32(v, off), before);
			wr32(v, off, 0);
			EXPECT_EQ(rd32(v, off), before);
			mmio_wr(v, off, 1, 0x5a);
			EXPECT_EQ(rd32(v, off), before);
		}
	}
	for (i = 0; i < ARRAY_SIZE(acks); i++) {
		before = rd32(v, acks[i]);
		wr32(v, acks[i], ~before);
		EXPECT_EQ(rd32(v, acks[i]), before);
		wr32(v, acks[i], 0);
		EXPECT_EQ(rd32(v, acks[i]), before);
	}
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	mtest_fini(&m);
}

/* A masked register's bits 15:0, without MI_MODE's read-only MODE_IDLE. */
static u32 rd_masked(struct gvt_vgpu *v, u32 off)
{
	u32 idle = (off & (GVT_ENGINE_BLOCK_SIZE - 1)) == GVT_RING_MI_MODE ?
		   GVT_MI_MODE_IDLE : 0;

	return rd32(v, off) & ~idle;
}

/* Masked register at @off: bits 31:16 select which of 15:0 are written. */
static void check_masked(struct gvt_vgpu *v, u32 off)
{
	u32 init = FAKE_SNAP(off) & 0xffff;

	/* Bits 31:16 of the initial value: mmio_masked_initial_reads. */
	if ((rd_masked(v, off) & 0xffff) != init)
		harness_fail(__FILE__, __LINE__, false,
			     "0x%x: initial 0x%x, want 0x%x", off,
			     rd_masked(v, off), init);
	wr32(v, off, 0x0000ffff);
	EXPECT_EQ(rd_masked(v, off), init);
	wr32(v, off, 0xffff0000);
	EXPECT_EQ(rd_masked(v, off), 0);
	wr32(v, off, 0x00ff00a5);
	EXPECT_EQ(rd_masked(v, off), 0xa5);
	wr32(v, off, 0xff00ff00);
	EXPECT_EQ(rd_masked(v, off), 0xffa5);
	wr32(v, off, 0x00010000);
	EXPECT_EQ(rd_masked(v, off), 0xffa4);
	wr32(v, off, 0x0ff00000);
	EXPECT_EQ(rd_masked(v, off), 0xf004);
	wr32(v, off, 0x0ff0ffff);
	EXPECT_EQ(rd_masked(v, off), 0xfff4);
	wr32(v, off, 0x00f00000);
	EXPECT_EQ(rd_masked(v, off), 0xff04);
	EXPECT_EQ(*gvt_vreg(v, off) & 0xffff, 0xff04);
	EXPECT_EQ(mmio_rd(v, off + 2, 2), 0);
}

TEST(mmio_masked_registers)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int e;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	/* MI_MODE has a read-only bit: test_engine.c. */
	check_masked(v, REG_CTX_CTRL(BCS_BASE));
	check_masked(v, REG_INSTPM(RCS_BASE));
	/* GFX_MODE after the guest has read PVINFO: no failsafe. */
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	for (e = 0; e < ARRAY_SIZE(engine_bases); e++)
		check_masked(v, REG_GFX_MODE(engine_bases[e]));
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	mtest_fini(&m);
}

/*
 * "bits 31:16 always read as 0": also right after creation, reset and
 * GDRST, before any guest write (the snapshot has them set).
 */
TEST(mmio_masked_initial_reads)
{
	static const u32 regs[] = {
		REG_MI_MODE(RCS_BASE), REG_INSTPM(RCS_BASE),
		REG_GFX_MODE(RCS_BASE), REG_RESET_CTL(RCS_BASE),
		REG_GFX_MODE(VCS_BASE), REG_RESET_CTL(BCS_BASE),
		REG_FW_RENDER, REG_FW_GT, REG_FW_MEDIA,
	};
	struct gvt_vgpu *v;
	unsigned int i, pass;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (pass = 0; pass < 4; pass++) {
		if (pass == 1)
			gvt_vgpu_reset(v);
		if (pass == 2)
			wr32(v, REG_GDRST, BIT(0));
		if (pass == 3)
			wr32(v, REG_GDRST, BIT(1) | BIT(2) | BIT(3));
		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			if (rd_masked(v, regs[i]) !=
			    (FAKE_SNAP(regs[i]) & 0xffff))
				harness_fail(__FILE__, __LINE__, false,
					     "pass %u: masked 0x%x reads 0x%x, want 0x%x",
					     pass, regs[i], rd_masked(v, regs[i]),
					     FAKE_SNAP(regs[i]) & 0xffff);
		}
	}
	mtest_fini(&m);
}

TEST(mmio_forcewake)
{
	static const u32 fw[3][2] = {
		{ REG_FW_RENDER, REG_FW_RENDER_ACK },
		{ REG_FW_GT, REG_FW_GT_ACK },
		{ REG_FW_MEDIA, REG_FW_MEDIA_ACK },
	};
	u32 acks[3];
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i, j;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	calls = fake_host_calls(&m.t.host);
	for (i = 0; i < 3; i++)
		acks[i] = rd32(v, fw[i][1]);
	for (i = 0; i < 3; i++) {
		wr32(v, fw[i][0], 0xffff0000);
		EXPECT_EQ(rd32(v, fw[i][0]), 0);
		EXPECT_EQ(rd32(v, fw[i][1]), 0);
		wr32(v, fw[i][0], 0x00010001);
		EXPECT_EQ(rd32(v, fw[i][0]), 1);
		EXPECT_EQ(rd32(v, fw[i][1]), 1);
		wr32(v, fw[i][0], 0x00f000a0);
		EXPECT_EQ(rd32(v, fw[i][0]), 0xa1);
		EXPECT_EQ(rd32(v, fw[i][1]), 0xa1);
		/* Without enable bits nothing changes. */
		wr32(v, fw[i][0], 0x0000ffff);
		EXPECT_EQ(rd32(v, fw[i][0]), 0xa1);
		EXPECT_EQ(rd32(v, fw[i][1]), 0xa1);
		/* The ACK is read-only to the guest. */
		wr32(v, fw[i][1], 0xffffffff);
		EXPECT_EQ(rd32(v, fw[i][1]), 0xa1);
		wr32(v, fw[i][1], 0);
		EXPECT_EQ(rd32(v, fw[i][1]), 0xa1);
		acks[i] = 0xa1;
		/* The other domains' ACKs are untouched. */
		for (j = 0; j < 3; j++)
			EXPECT_EQ(rd32(v, fw[j][1]), acks[j]);
	}
	wr32(v, REG_FW_GT, 0x00a100a0);
	EXPECT_EQ(rd32(v, REG_FW_GT_ACK), 0xa0);
	EXPECT_EQ(rd32(v, REG_FW_RENDER_ACK), 0xa1);
	EXPECT_EQ(rd32(v, REG_FW_MEDIA_ACK), 0xa1);
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	mtest_fini(&m);
}

/* ISR of every interrupt group: ISR, IMR, IIR, IER at +0, +4, +8, +0xc. */
static const u32 irq_groups[] = {
	0x44300, 0x44310, 0x44320, 0x44330,	/* GT 0-3 */
	0x44400, 0x44410, 0x44420,		/* DE pipe A-C */
	0x44440, 0x44460, 0x444e0,		/* DE port, DE misc, PCU */
	0xc4000,				/* south display */
};

TEST(mmio_irq_registers)
{
	struct gvt_vgpu *v;
	u32 isr, imr, iir, ier;
	struct mtest m;
	unsigned int i;
	u64 calls;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	/* SDEISR as in the snapshot: no live status of a monitor. */
	gvt_vgpu_monitor_plug(v, false);
	calls = fake_host_calls(&m.t.host);
	for (i = 0; i < ARRAY_SIZE(irq_groups); i++) {
		isr = irq_groups[i];
		imr = isr + 4;
		iir = isr + 8;
		ier = isr + 0xc;
		/* ISR read-only. */
		wr32(v, isr, 0xffffffff);
		EXPECT_EQ(rd32(v, isr), FAKE_SNAP(isr));
		wr32(v, isr, 0);
		EXPECT_EQ(rd32(v, isr), FAKE_SNAP(isr));
		/* IMR, IER storage. */
		wr32(v, imr, 0x12345678);
		EXPECT_EQ(rd32(v, imr), 0x12345678);
		wr32(v, imr, 0xffffffff);
		EXPECT_EQ(rd32(v, imr), 0xffffffff);
		wr32(v, ier, 0x87654321);
		EXPECT_EQ(rd32(v, ier), 0x87654321);
		wr32(v, ier, 0);
		EXPECT_EQ(rd32(v, ier), 0);
		/* IIR write-1-to-clear. */
		EXPECT_EQ(rd32(v, iir), FAKE_SNAP(iir));
		wr32(v, iir, 0);
		EXPECT_EQ(rd32(v, iir), FAKE_SNAP(iir));
		wr32(v, iir, 0x0000ff00);
		EXPECT_EQ(rd32(v, iir), FAKE_SNAP(iir) & ~0xff00U);
		wr32(v, iir, 0xff000000);
		EXPECT_EQ(rd32(v, iir), FAKE_SNAP(iir) & ~0xff00ff00U);
		wr32(v, iir, 0xffffffff);
		EXPECT_EQ(rd32(v, iir), 0);
		wr32(v, iir, 0xffffffff);
		EXPECT_EQ(rd32(v, iir), 0);
		/* The neighbours were not touched by the IIR writes. */
		EXPECT_EQ(rd32(v, isr), FAKE_SNAP(isr));
		EXPECT_EQ(rd32(v, imr), 0xffffffff);
		EXPECT_EQ(rd32(v, ier), 0);
	}
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	mtest_fini(&m);
}

TEST(mmio_master_irq)
{
	const u32 snap = FAKE_SNAP(REG_MASTER_IRQ);
	struct gvt_vgpu *v;
	struct mtest m;
	u32 pending;

	/* Only bit 31 is the guest's; bits 30:0 are derived (test_irq.c). */
	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	pending = rd32(v, REG_MASTER_IRQ) & ~BIT(31);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), (snap & BIT(31)) | pending);
	wr32(v, REG_MASTER_IRQ, 0);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), pending);
	wr32(v, REG_MASTER_IRQ, 0x7fffffff);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), pending);
	wr32(v, REG_MASTER_IRQ, 0xffffffff);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), pending | BIT(31));
	wr32(v, REG_MASTER_IRQ, BIT(31));
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ), pending | BIT(31));
	mtest_fini(&m);
}

TEST(mmio_gdrst_full)
{
	static const u32 below[] = {
		0x0, 0x1000, 0x27f0, 0x127f0, 0x40000, 0x441fc,
	};
	static const u32 above[] = { 0x50000, 0x100200, REG_PLAIN };
	const u32 mi = REG_MI_MODE(RCS_BASE);
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u64 fence;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (i = 0; i < ARRAY_SIZE(below); i++)
		set_plain(v, below[i], MARK + i);
	for (i = 0; i < ARRAY_SIZE(above); i++)
		set_plain(v, above[i], MARK + i);
	wr32(v, mi, 0xffff0000);
	wr32(v, REG_MASTER_IRQ, 0);
	wr32(v, 0x44308, 0xffffffff);
	fence = fence_val(m.res.low_gm_base, m.res.low_gm_base, 1, true);
	fence_wr(v, 0, fence);
	wr32(v, PV_DISPLAY_READY, 1);

	wr32(v, REG_GDRST, BIT(0));
	EXPECT_EQ(rd32(v, REG_GDRST), 0);
	for (i = 0; i < ARRAY_SIZE(below); i++)
		EXPECT_EQ(rd32(v, below[i]), FAKE_SNAP(below[i]));
	EXPECT_EQ(rd_masked(v, mi), FAKE_SNAP(mi) & 0xffff);
	/* From 0x44200 on nothing is restored. */
	for (i = 0; i < ARRAY_SIZE(above); i++)
		EXPECT_EQ(rd32(v, above[i]), MARK + i);
	EXPECT_EQ(rd32(v, REG_MASTER_IRQ) & BIT(31), 0);
	EXPECT_EQ(rd32(v, 0x44308), 0);
	EXPECT_EQ(fence_rd(v, 0), fence);
	EXPECT_EQ(m.t.host.fences[m.res.fences[0]], fence);
	EXPECT_EQ(rd32(v, PV_DISPLAY_READY), 1);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	mtest_fini(&m);
}

/*
 * Each forcewake ACK follows its request after anything that restores
 * registers: a full or an engine GDRST (FORCEWAKE_GT's ACK lies above the
 * range a full reset restores) and a device reset.
 */
TEST(mmio_forcewake_acks_after_restore)
{
	static const u32 fw[3][2] = {
		{ REG_FW_RENDER, REG_FW_RENDER_ACK },
		{ REG_FW_GT, REG_FW_GT_ACK },
		{ REG_FW_MEDIA, REG_FW_MEDIA_ACK },
	};
	static const u32 resets[] = { BIT(0), BIT(1) | BIT(2), 0 };
	unsigned int i, r;
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (r = 0; r < ARRAY_SIZE(resets); r++) {
		for (i = 0; i < 3; i++)
			wr32(v, fw[i][0], 0x00ff0000 | (0x5a ^ FAKE_SNAP(fw[i][0])));
		if (resets[r])
			wr32(v, REG_GDRST, resets[r]);
		else
			gvt_vgpu_reset(v);
		for (i = 0; i < 3; i++) {
			u32 req = rd32(v, fw[i][0]);

			if (rd32(v, fw[i][1]) != req)
				harness_fail(__FILE__, __LINE__, false,
					     "reset %#x: ACK %#x reads %#x, request %#x reads %#x",
					     resets[r], fw[i][1],
					     rd32(v, fw[i][1]), fw[i][0], req);
		}
	}
	mtest_fini(&m);
}

TEST(mmio_gdrst_engines)
{
	/* GDRST bit of each engine, in the order of engine_bases[]. */
	static const unsigned int bits[] = { 1, 2, 3, 4, 7 };
	static const u32 outside[] = { 0x1000, 0x40000, REG_PLAIN };
	/* Offsets in the 2 KiB block and just outside it. */
	static const u32 in[] = { 0x0, 0x600, 0x7fc };
	static const u32 out[] = { 0x800, 0x900 };
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int b, e, i;
	u32 base, reset;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (b = 0; b <= ARRAY_SIZE(bits); b++) {
		/* The last round resets RCS and BCS together. */
		reset = b < ARRAY_SIZE(bits) ? BIT(bits[b]) :
					       BIT(bits[0]) | BIT(bits[2]);
		for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
			base = engine_bases[e];
			for (i = 0; i < ARRAY_SIZE(in); i++)
				set_plain(v, base + in[i], MARK + i);
			for (i = 0; i < ARRAY_SIZE(out); i++)
				set_plain(v, base + out[i], MARK + i);
			set_plain(v, base - 4, MARK);
		}
		for (i = 0; i < ARRAY_SIZE(outside); i++)
			set_plain(v, outside[i], MARK);
		wr32(v, REG_GDRST, reset);
		EXPECT_EQ(rd32(v, REG_GDRST), 0);
		for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
			bool hit = reset & BIT(bits[e]);

			base = engine_bases[e];
			for (i = 0; i < ARRAY_SIZE(in); i++)
				EXPECT_EQ(rd32(v, base + in[i]),
					  hit ? FAKE_SNAP(base + in[i]) :
						MARK + i);
			for (i = 0; i < ARRAY_SIZE(out); i++)
				EXPECT_EQ(rd32(v, base + out[i]), MARK + i);
			EXPECT_EQ(rd32(v, base - 4), MARK);
		}
		for (i = 0; i < ARRAY_SIZE(outside); i++)
			EXPECT_EQ(rd32(v, outside[i]), MARK);
	}
	mtest_fini(&m);
}

TEST(mmio_reset_ctl)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int e;
	u32 off, init;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (e = 0; e < ARRAY_SIZE(engine_bases); e++) {
		off = REG_RESET_CTL(engine_bases[e]);
		init = FAKE_SNAP(off) & 0xffff;
		EXPECT_EQ(init & 3, 0);
		EXPECT_EQ(rd32(v, off) & 0xffff, init);
		/* REQUEST_RESET brings READY_TO_RESET. */
		wr32(v, off, 0x00010001);
		EXPECT_EQ(rd32(v, off), init | 3);
		wr32(v, off, 0x00010000);
		EXPECT_EQ(rd32(v, off), init);
		/* READY_TO_RESET cannot be set on its own. */
		wr32(v, off, 0x00020002);
		EXPECT_EQ(rd32(v, off), init);
		wr32(v, off, 0x00030001);
		EXPECT_EQ(rd32(v, off), init | 3);
		wr32(v, off, 0x00030002);
		EXPECT_EQ(rd32(v, off), init);
		/* Masked: no enable bit, no change. */
		wr32(v, off, 0x00000001);
		EXPECT_EQ(rd32(v, off), init);
	}
	mtest_fini(&m);
}

TEST(mmio_pcode_mailbox)
{
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	/*
	 * A command completes at once: READY clears, the error code where
	 * the command was reads 0 (success, what i915's status check
	 * decodes), the parameters stay; data registers are untouched.
	 */
	wr32(v, REG_PCODE_DATA, 0x3);
	wr32(v, REG_PCODE_MAILBOX, 0x80000123);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), 0x00000100);
	EXPECT_EQ(rd32(v, REG_PCODE_DATA), 0x3);
	wr32(v, REG_PCODE_MAILBOX, 0x8000ffff);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), 0x0000ff00);
	/* without READY nothing is submitted: the value is only stored */
	wr32(v, REG_PCODE_MAILBOX, 0x00000042);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), 0x00000042);
	wr32(v, REG_PCODE_MAILBOX, 0xffffffff);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), 0x7fffff00);
	mtest_fini(&m);
}

/* SAGV: a disable request is answered "disabled", anything else is not. */
TEST(mmio_pcode_sagv)
{
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	wr32(v, REG_PCODE_DATA, 0);
	wr32(v, REG_PCODE_MAILBOX, 0x80000021);
	EXPECT_EQ(rd32(v, REG_PCODE_DATA), 1);
	EXPECT_EQ(rd32(v, REG_PCODE_MAILBOX), 0);
	wr32(v, REG_PCODE_DATA, 3);
	wr32(v, REG_PCODE_MAILBOX, 0x80000021);
	EXPECT_EQ(rd32(v, REG_PCODE_DATA), 3);
	/* not submitted: no reply */
	wr32(v, REG_PCODE_DATA, 0);
	wr32(v, REG_PCODE_MAILBOX, 0x00000021);
	EXPECT_EQ(rd32(v, REG_PCODE_DATA), 0);
	/* another command with data 0 */
	wr32(v, REG_PCODE_MAILBOX, 0x80000017);
	EXPECT_EQ(rd32(v, REG_PCODE_DATA), 0);
	mtest_fini(&m);
}

/* Power wells, DBUF and PLLs are acknowledged as soon as requested. */
TEST(mmio_display_handshakes)
{
	static const u32 pll[] = { 0x46010, 0x46014, 0x46040, 0x46060 };
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u32 status;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	for (i = 0; i < 4; i++) {
		u32 off = 0x45400 + 4 * i;

		wr32(v, off, 0x0000000a);
		EXPECT_EQ(rd32(v, off), 0x0000000f);
		wr32(v, off, 0x80000008);
		EXPECT_EQ(rd32(v, off), 0xc000000c);
		/* state bits are not the guest's to set */
		wr32(v, off, 0x55555555);
		EXPECT_EQ(rd32(v, off), 0);
	}
	/* a byte write requests well 0 and keeps the others */
	wr32(v, 0x45404, 0x00000800);
	mmio_wr(v, 0x45404, 1, 0x02);
	EXPECT_EQ(rd32(v, 0x45404), 0x00000c03);

	wr32(v, 0x45008, 0x80000000);
	EXPECT_EQ(rd32(v, 0x45008), 0xc0000000);
	wr32(v, 0x45008, 0x40000000);
	EXPECT_EQ(rd32(v, 0x45008), 0);

	/* DPLL_STATUS: read-only, only the lock bits move */
	status = rd32(v, 0x6c060);
	wr32(v, 0x6c060, ~status);
	EXPECT_EQ(rd32(v, 0x6c060), status);
	for (i = 0; i < ARRAY_SIZE(pll); i++) {
		wr32(v, pll[i], 0x80000000);
		EXPECT_EQ(rd32(v, 0x6c060) & BIT(i * 8), BIT(i * 8));
	}
	EXPECT_EQ(rd32(v, 0x6c060), status | 0x01010101);
	EXPECT_EQ(rd32(v, 0x46010), 0xc0000000);
	EXPECT_EQ(rd32(v, 0x46014), 0x80000000);
	for (i = 0; i < ARRAY_SIZE(pll); i++) {
		wr32(v, pll[i], 0);
		EXPECT_EQ(rd32(v, 0x6c060) & BIT(i * 8), 0);
	}
	EXPECT_EQ(rd32(v, 0x6c060), status & ~0x01010101U);
	EXPECT_EQ(rd32(v, 0x46010), 0);

	/* EDP_PSR_IIR: i915 clears it with all ones and checks it is 0 */
	wr32(v, 0x64838, 0xffffffff);
	EXPECT_EQ(rd32(v, 0x64838), 0);
	mtest_fini(&m);
}

TEST(mmio_cmd_access)
{
	struct gvt_device *gvt;
	struct tdev t;

	gvt = tdev_new(&t, 256, 4096, 32, false);
	EXPECT(gvt_mmio_cmd_access(gvt, REG_MOCS));
	EXPECT(gvt_mmio_cmd_access(gvt, RCS_BASE + 0x358));	/* TIMESTAMP */
	EXPECT(gvt_mmio_cmd_access(gvt, 0x2600));		/* CS_GPR0 */
	/* Registers that steer the command streamer are not. */
	EXPECT(!gvt_mmio_cmd_access(gvt, REG_CTX_CTRL(RCS_BASE)));
	EXPECT(!gvt_mmio_cmd_access(gvt, RCS_BASE + 0x30));	/* RING_TAIL */
	EXPECT(!gvt_mmio_cmd_access(gvt, RCS_BASE + 0x270));	/* PDP0 */
	EXPECT(!gvt_mmio_cmd_access(gvt, 0x24d0));	/* FORCE_TO_NONPRIV */
	EXPECT(!gvt_mmio_cmd_access(gvt, REG_MASTER_IRQ));
	EXPECT(!gvt_mmio_cmd_access(gvt, REG_GDRST));
	EXPECT(!gvt_mmio_cmd_access(gvt, REG_PLAIN));
	EXPECT(!gvt_mmio_cmd_access(gvt, PV_MAGIC));
	EXPECT(!gvt_mmio_cmd_access(gvt, 0));
	/* Offsets outside the register file are never accessible. */
	EXPECT(!gvt_mmio_cmd_access(gvt, GVT_MMIO_SIZE));
	EXPECT(!gvt_mmio_cmd_access(gvt, GVT_MMIO_SIZE + REG_MOCS));
	EXPECT(!gvt_mmio_cmd_access(gvt, GVT_GGTT_OFFSET));
	EXPECT(!gvt_mmio_cmd_access(gvt, 0xfffffffc));
	EXPECT(!gvt_mmio_cmd_access(gvt, 0xffffffff));
	tdev_del(&t);
}

TEST(mmio_two_vgpus_isolated)
{
	struct gvt_vgpu *v2;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	wr32(m.v, REG_PLAIN, 1);
	wr32(m.v, 0x44308, 0xffffffff);
	wr32(m.v, REG_FW_RENDER, 0xffff0000);
	wr32(m.v, REG_GDRST, BIT(0));
	wr32(v2, REG_PLAIN + 4, 2);
	EXPECT_EQ(rd32(m.v, REG_PLAIN), 1);
	EXPECT_EQ(rd32(m.v, REG_PLAIN + 4), FAKE_SNAP(REG_PLAIN + 4));
	EXPECT_EQ(rd32(v2, REG_PLAIN), FAKE_SNAP(REG_PLAIN));
	EXPECT_EQ(rd32(v2, REG_PLAIN + 4), 2);
	EXPECT_EQ(rd32(v2, 0x44308), FAKE_SNAP(0x44308));
	EXPECT_EQ(rd32(v2, REG_FW_RENDER) & 0xffff,
		  FAKE_SNAP(REG_FW_RENDER) & 0xffff);
	EXPECT_EQ(rd32(m.v, 0x44308), 0);
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}
