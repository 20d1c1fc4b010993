// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of a vGPU's statistics and unmodelled-register trace
 * (Documentation/gpu/gvt/mmio.rst, "Per-vGPU debugfs"): what each counter
 * counts, exactly; the trace's contents, order, bound and saturation; and
 * that a reset clears neither.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gvt_test.h"

static const char * const stat_names[] = {
	"pvinfo_reads", "ggtt_writes", "ggtt_writes_dropped", "mmio_reads",
	"mmio_writes", "unbacked", "unmodelled_reads", "unmodelled_writes",
	"unmodelled_regs", "unmodelled_overflow", "failsafe",
};

/* The fields of @st in the order of stat_names. */
static void stat_values(const struct gvt_vgpu_stats *st, u64 *v)
{
	v[0] = st->c.pvinfo_reads;
	v[1] = st->c.ggtt_writes;
	v[2] = st->c.ggtt_writes_dropped;
	v[3] = st->c.mmio_reads;
	v[4] = st->c.mmio_writes;
	v[5] = st->c.unbacked;
	v[6] = st->c.unmodelled_reads;
	v[7] = st->c.unmodelled_writes;
	v[8] = st->unmodelled_regs;
	v[9] = st->c.unmodelled_overflow;
	v[10] = st->failsafe;
}

/* Compare every counter of @v with @want; report the caller's line. */
static void expect_stats(const char *file, int line, struct gvt_vgpu *v,
			 const struct gvt_vgpu_stats *want)
{
	u64 got[ARRAY_SIZE(stat_names)], exp[ARRAY_SIZE(stat_names)];
	struct gvt_vgpu_stats st;
	unsigned int i;

	gvt_vgpu_stats(v, &st);
	stat_values(&st, got);
	stat_values(want, exp);
	for (i = 0; i < ARRAY_SIZE(stat_names); i++)
		if (got[i] != exp[i])
			harness_fail(file, line, false, "stats.%s: %llu, want %llu",
				     stat_names[i], (unsigned long long)got[i],
				     (unsigned long long)exp[i]);
}

#define EXPECT_STATS(v, want)	expect_stats(__FILE__, __LINE__, v, want)

/*
 * The first @n dword offsets from @from on that the attribute table does
 * not describe, into @out.
 */
static void plain_regs(struct gvt_device *gvt, u32 from, u32 *out,
		       unsigned int n)
{
	unsigned int i = 0;
	u32 off;

	for (off = from; off < GVT_MMIO_SIZE && i < n; off += 4)
		if (!gvt_mmio_find(gvt, off))
			out[i++] = off;
	if (i < n)
		FAIL("only %u undescribed registers from 0x%x", i, from);
}

static void mtest_stats(struct mtest *m)
{
	mtest_init(m, 256, 2048, "GVTg_V5_8", 0, 16);
}

TEST(stats_zero_at_creation)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_reg_count out[4];
	struct mtest m;

	mtest_stats(&m);
	EXPECT_STATS(m.v, &want);
	EXPECT_EQ(gvt_vgpu_unmodelled(m.v, out, ARRAY_SIZE(out)), 0);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	mtest_fini(&m);
}

TEST(stats_pvinfo_reads)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_vgpu *v;
	struct mtest m;

	mtest_stats(&m);
	v = m.v;
	EXPECT_EQ(rd32(v, PV_MAGIC), (u32)VGT_MAGIC);
	want.c.pvinfo_reads = 1;
	want.c.mmio_reads = 1;
	EXPECT_STATS(v, &want);
	/* A qword read is two dword reads, one access. */
	EXPECT_EQ(mmio_rd(v, PV_MAGIC, 8), VGT_MAGIC);
	want.c.pvinfo_reads += 2;
	want.c.mmio_reads++;
	EXPECT_STATS(v, &want);
	/* Bytes and words read one dword each. */
	mmio_rd(v, PV_VERSION_MINOR, 2);
	mmio_rd(v, PV(0xfff), 1);
	want.c.pvinfo_reads += 2;
	want.c.mmio_reads += 2;
	EXPECT_STATS(v, &want);
	/* Writes to the page and reads around it are not PVINFO reads. */
	wr32(v, PV_DISPLAY_READY, 1);
	mmio_wr(v, PV_PDP, 8, 0x1000);
	want.c.mmio_writes += 2;
	ASSERT(!gvt_mmio_find(m.gvt, GVT_PVINFO_OFFSET - 4));
	ASSERT(!gvt_mmio_find(m.gvt, GVT_PVINFO_OFFSET + GVT_PVINFO_SIZE));
	rd32(v, GVT_PVINFO_OFFSET - 4);
	rd32(v, GVT_PVINFO_OFFSET + GVT_PVINFO_SIZE);
	want.c.mmio_reads += 2;
	want.c.unmodelled_reads += 2;
	want.unmodelled_regs += 2;
	EXPECT_STATS(v, &want);
	mtest_fini(&m);
}

TEST(stats_mmio_accesses)
{
	static const unsigned int lens[] = { 1, 2, 4, 8 };
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u64 val;

	mtest_stats(&m);
	v = m.v;
	/* One per access whatever its size, described register or not. */
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		mmio_rd(v, REG_MASTER_IRQ, lens[i]);
		mmio_wr(v, REG_MASTER_IRQ, lens[i], 0);
	}
	want.c.mmio_reads = 4;
	want.c.mmio_writes = 4;
	/* The qword covers 0x44204 too, which nothing describes. */
	ASSERT(gvt_mmio_find(m.gvt, REG_MASTER_IRQ));
	ASSERT(!gvt_mmio_find(m.gvt, REG_MASTER_IRQ + 4));
	want.c.unmodelled_reads = 1;
	want.c.unmodelled_writes = 1;
	want.unmodelled_regs = 1;
	EXPECT_STATS(v, &want);
	/* The first and last register-file dwords. */
	rd32(v, 0);
	wr32(v, GVT_MMIO_SIZE - 4, 1);
	want.c.mmio_reads++;
	want.c.mmio_writes++;
	if (!gvt_mmio_find(m.gvt, 0)) {
		want.c.unmodelled_reads++;
		want.unmodelled_regs++;
	}
	if (!gvt_mmio_find(m.gvt, GVT_MMIO_SIZE - 4)) {
		want.c.unmodelled_writes++;
		want.unmodelled_regs++;
	}
	EXPECT_STATS(v, &want);
	/* Rejected accesses count nowhere. */
	EXPECT_EQ(mmio_rd_ret(v, REG_PLAIN + 1, 4, &val), -EINVAL);
	EXPECT_EQ(mmio_wr_ret(v, REG_PLAIN, 3, 0), -EINVAL);
	EXPECT_EQ(mmio_wr_ret(v, MiB(16), 4, 0), -EINVAL);
	EXPECT_EQ(mmio_wr_ret(v, GVT_GGTT_OFFSET, 2, 0), -EINVAL);
	EXPECT_EQ(mmio_rd_ret(v, GVT_GGTT_OFFSET, 1, &val), -EINVAL);
	EXPECT_STATS(v, &want);
	mtest_fini(&m);
}

TEST(stats_unbacked)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_vgpu *v;
	struct mtest m;
	u64 ggtt_end;

	mtest_stats(&m);
	v = m.v;
	/* 2 GiB of GGTT: entries end at 12 MiB, the BAR at 16 MiB. */
	ggtt_end = GVT_GGTT_OFFSET + PAGES(GiB(2)) * 8;
	ASSERT(m.res.high_gm_base + m.res.high_gm_size < GiB(2));
	EXPECT_EQ(mmio_rd(v, GVT_MMIO_SIZE, 4), 0);
	EXPECT_EQ(mmio_rd(v, GVT_GGTT_OFFSET - 8, 8), 0);
	mmio_wr(v, MiB(4), 1, 0xff);
	mmio_wr(v, ggtt_end, 8, ~0ULL);
	EXPECT_EQ(mmio_rd(v, MiB(16) - 2, 2), 0);
	want.c.unbacked = 5;
	EXPECT_STATS(v, &want);
	/* The last GGTT entry is not unbacked. */
	mmio_rd(v, ggtt_end - 8, 8);
	mmio_wr(v, ggtt_end - 4, 4, 0);
	want.c.ggtt_writes_dropped = 1;
	EXPECT_STATS(v, &want);
	mtest_fini(&m);
}

static void ggtt_wr32(struct gvt_vgpu *v, u64 i, bool high, u32 val)
{
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * i + (high ? 4 : 0), 4, val);
}

TEST(stats_ggtt_applied_and_dropped)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, H, nh;

	mtest_stats(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	nh = PAGES(m.res.high_gm_size);
	/* 8-byte writes, present or not, new or unchanged. */
	ggtt_wr(v, L, GPTE(MTEST_GFN(1)));
	ggtt_wr(v, L, GPTE(MTEST_GFN(1)));
	ggtt_wr(v, L + 1, 0);
	ggtt_wr(v, H + nh - 1, GPTE(MTEST_GFN(2)));
	want.c.ggtt_writes = 4;
	EXPECT_STATS(v, &want);
	/* Two halves make one entry update, in either order. */
	ggtt_wr32(v, L + 2, false, (u32)GPTE(MTEST_GFN(3)));
	EXPECT_STATS(v, &want);
	ggtt_wr32(v, L + 2, true, 0);
	want.c.ggtt_writes++;
	EXPECT_STATS(v, &want);
	ggtt_wr32(v, H, true, GPTE(MTEST_GFN(4)) >> 32);
	ggtt_wr32(v, H, false, (u32)GPTE(MTEST_GFN(4)));
	want.c.ggtt_writes++;
	EXPECT_STATS(v, &want);
	EXPECT_EQ(ggtt_rd(v, H), GPTE(MTEST_GFN(4)));
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(4)), 1);
	/* Halves of different entries, or the same half twice: none. */
	ggtt_wr32(v, L + 3, false, 0);
	ggtt_wr32(v, L + 4, true, 0);
	ggtt_wr32(v, L + 4, true, 0);
	EXPECT_STATS(v, &want);
	/* An 8-byte write replaces a pending half: the other half is new. */
	ggtt_wr32(v, L + 5, false, 0);
	ggtt_wr(v, L + 5, 0);
	want.c.ggtt_writes++;
	ggtt_wr32(v, L + 5, true, 0);
	EXPECT_STATS(v, &want);
	ggtt_wr32(v, L + 5, false, 0);
	want.c.ggtt_writes++;
	EXPECT_STATS(v, &want);
	/* Outside the vGPU's ranges: dropped, one per write access. */
	ggtt_wr(v, 0, GPTE(MTEST_GFN(5)));
	ggtt_wr(v, L - 1, GPTE(MTEST_GFN(5)));
	ggtt_wr(v, H + nh, 0);
	ggtt_wr32(v, 1, false, 1);
	ggtt_wr32(v, 1, true, 0);
	want.c.ggtt_writes_dropped = 5;
	EXPECT_STATS(v, &want);
	EXPECT_EQ(fake_hv_pins(&m.hv, MTEST_GFN(5)), 0);
	/* Reads count nowhere. */
	ggtt_rd(v, L);
	ggtt_rd(v, 0);
	mmio_rd(v, GVT_GGTT_OFFSET + 8 * L + 4, 4);
	EXPECT_STATS(v, &want);
	mtest_fini(&m);
}

TEST(stats_ggtt_in_failsafe)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_stats(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	wr32(v, PV_RSV5, 1);
	ASSERT_EQ(v->failsafe, GVT_FAILSAFE_INSUFFICIENT_RESOURCE);
	want.c.mmio_writes = 1;
	want.failsafe = GVT_FAILSAFE_INSUFFICIENT_RESOURCE;
	/* Stored without host effect, counted the same way. */
	ggtt_wr(v, L, GPTE(MTEST_GFN(1)));
	ggtt_wr32(v, L + 1, false, 1);
	want.c.ggtt_writes = 1;
	EXPECT_STATS(v, &want);
	ggtt_wr32(v, L + 1, true, 0);
	ggtt_wr(v, 0, 0);
	want.c.ggtt_writes = 2;
	want.c.ggtt_writes_dropped = 1;
	EXPECT_STATS(v, &want);
	EXPECT_EQ(m.hv.pin_calls, 0);
	mtest_fini(&m);
}

static int by_offset(const void *a, const void *b)
{
	const struct gvt_reg_count *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

TEST(stats_unmodelled_sorted)
{
	/* Registers with attributes or handlers: never in the trace. */
	static const u32 described[] = {
		REG_MASTER_IRQ, REG_FW_RENDER, REG_FW_RENDER_ACK, REG_GDRST,
		REG_MI_MODE(RCS_BASE), REG_CSB(BCS_BASE), 0x44308, PV_VGT_ID,
		GVT_FENCE_OFFSET, REG_PCODE_MAILBOX,
	};
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_reg_count out[8], all[8];
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	bool qword;
	u32 r[6];

	mtest_stats(&m);
	v = m.v;
	plain_regs(m.gvt, 0x4000, r, 4);
	plain_regs(m.gvt, REG_PLAIN, r + 4, 2);
	for (i = 0; i < ARRAY_SIZE(described); i++) {
		ASSERT(gvt_mmio_find(m.gvt, described[i]));
		mmio_rd(v, described[i], 4);
		mmio_wr(v, described[i], 4, 0);
	}
	want.c.mmio_reads = ARRAY_SIZE(described);
	want.c.mmio_writes = ARRAY_SIZE(described);
	want.c.pvinfo_reads = 1;
	EXPECT_STATS(v, &want);
	EXPECT_EQ(gvt_vgpu_unmodelled(v, out, ARRAY_SIZE(out)), 0);

	/* Touched out of order; counts per dword. */
	wr32(v, r[5], 1);			/* r5: 0 reads, 1 write */
	rd32(v, r[2]);				/* r2: 3 reads */
	rd32(v, r[2]);
	mmio_rd(v, r[2] + 2, 2);
	mmio_wr(v, r[0] + 3, 1, 0xff);		/* r0: 1 write */
	rd32(v, r[4]);				/* r4: 1 read, 2 writes */
	wr32(v, r[4], 0);
	mmio_wr(v, r[4] + 2, 2, 0);
	qword = r[1] == r[0] + 4 && !(r[0] & 7);
	if (qword) {				/* r0, r1: a qword each way */
		mmio_rd(v, r[0], 8);
		mmio_wr(v, r[0], 8, 0);
	} else {
		mmio_rd(v, r[0], 4);
		mmio_rd(v, r[1], 4);
		mmio_wr(v, r[0], 4, 0);
		mmio_wr(v, r[1], 4, 0);
	}
	want.c.mmio_reads += qword ? 5 : 6;
	want.c.mmio_writes += qword ? 5 : 6;
	want.c.unmodelled_reads = 6;
	want.c.unmodelled_writes = 6;
	want.unmodelled_regs = 5;
	EXPECT_STATS(v, &want);

	ASSERT_EQ(gvt_vgpu_unmodelled(v, out, ARRAY_SIZE(out)), 5);
	memset(all, 0, sizeof(all));
	all[0] = (struct gvt_reg_count){ r[0], 1, 2 };
	all[1] = (struct gvt_reg_count){ r[1], 1, 1 };
	all[2] = (struct gvt_reg_count){ r[2], 3, 0 };
	all[3] = (struct gvt_reg_count){ r[4], 1, 2 };
	all[4] = (struct gvt_reg_count){ r[5], 0, 1 };
	qsort(all, 5, sizeof(all[0]), by_offset);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(out[i].offset, all[i].offset);
		EXPECT_EQ(out[i].reads, all[i].reads);
		EXPECT_EQ(out[i].writes, all[i].writes);
	}
	/* Less room: the lowest offsets, still sorted; none is no entry. */
	memset(out, 0xcc, sizeof(out));
	ASSERT_EQ(gvt_vgpu_unmodelled(v, out, 2), 2);
	EXPECT(!memcmp(out, all, 2 * sizeof(out[0])));
	EXPECT_EQ(out[2].offset, 0xccccccccU);
	EXPECT_EQ(gvt_vgpu_unmodelled(v, out, 0), 0);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	mtest_fini(&m);
}

TEST(stats_unmodelled_in_failsafe)
{
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_reg_count out[2];
	struct gvt_vgpu *v;
	struct mtest m;
	u32 r;

	mtest_stats(&m);
	v = m.v;
	plain_regs(m.gvt, REG_PLAIN, &r, 1);
	wr32(v, REG_GFX_MODE(RCS_BASE), 0x80008000);
	ASSERT_EQ(v->failsafe, GVT_FAILSAFE_UNSUPPORTED_GUEST);
	/* Described registers are plain storage now, yet not traced. */
	wr32(v, REG_MASTER_IRQ, 0);
	rd32(v, REG_MASTER_IRQ);
	wr32(v, r, 7);
	rd32(v, r);
	want.c.mmio_reads = 2;
	want.c.mmio_writes = 3;
	want.c.unmodelled_reads = 1;
	want.c.unmodelled_writes = 1;
	want.unmodelled_regs = 1;
	want.failsafe = GVT_FAILSAFE_UNSUPPORTED_GUEST;
	EXPECT_STATS(v, &want);
	ASSERT_EQ(gvt_vgpu_unmodelled(v, out, 2), 1);
	EXPECT_EQ(out[0].offset, r);
	EXPECT_EQ(out[0].reads, 1);
	EXPECT_EQ(out[0].writes, 1);
	/* PVINFO has no handler in failsafe: the read is not counted. */
	rd32(v, PV_MAGIC);
	want.c.mmio_reads++;
	EXPECT_STATS(v, &want);
	mtest_fini(&m);
}

#define OVER	100

TEST(stats_unmodelled_bounded)
{
	const unsigned int n = GVT_UNMODELLED_MAX + OVER;
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_reg_count *out;
	unsigned long calls;
	struct gvt_vgpu *v;
	unsigned int i, k;
	struct mtest m;
	long live;
	u32 *r;

	r = calloc(n, sizeof(*r));
	out = calloc(n, sizeof(*out));
	ASSERT(r && out);
	mtest_stats(&m);
	v = m.v;
	plain_regs(m.gvt, 0, r, n);
	live = gvt_shim_live_allocs;
	calls = gvt_shim_alloc_calls;
	/* Offsets in a scattered order: k runs over a permutation. */
	for (i = 0; i < n; i++) {
		k = (i * 7919) % n;
		rd32(v, r[k]);
		if (i >= GVT_UNMODELLED_MAX)
			wr32(v, r[k], 0);
	}
	want.c.mmio_reads = n;
	want.c.mmio_writes = OVER;
	want.c.unmodelled_reads = n;
	want.c.unmodelled_writes = OVER;
	want.unmodelled_regs = GVT_UNMODELLED_MAX;
	want.c.unmodelled_overflow = 2 * OVER;
	EXPECT_STATS(v, &want);
	/* The guest never made the host allocate. */
	EXPECT_EQ(gvt_shim_alloc_calls, calls);
	EXPECT_EQ(gvt_shim_live_allocs, live);

	/* The first 1024 offsets touched, sorted, one read each. */
	ASSERT_EQ(gvt_vgpu_unmodelled(v, out, n), GVT_UNMODELLED_MAX);
	for (i = 0; i < GVT_UNMODELLED_MAX; i++) {
		if (i && out[i].offset <= out[i - 1].offset)
			FAIL("entry %u: 0x%x after 0x%x", i, out[i].offset,
			     out[i - 1].offset);
		if (out[i].reads != 1 || out[i].writes != 0)
			FAIL("0x%x: %u reads, %u writes", out[i].offset,
			     out[i].reads, out[i].writes);
	}
	for (i = 0; i < n; i++) {
		struct gvt_reg_count key = { .offset = r[(i * 7919) % n] };
		bool found = bsearch(&key, out, GVT_UNMODELLED_MAX,
				     sizeof(*out), by_offset);
		bool first = i < GVT_UNMODELLED_MAX;

		if (found != first)
			FAIL("offset 0x%x touched %u-th: %s", key.offset, i,
			     found ? "recorded" : "missing");
	}
	/* A recorded offset still counts; a new one is still overflow. */
	k = (5 * 7919) % n;
	wr32(v, r[k], 1);
	k = ((GVT_UNMODELLED_MAX + 5) * 7919) % n;
	rd32(v, r[k]);
	want.c.mmio_reads++;
	want.c.mmio_writes++;
	want.c.unmodelled_reads++;
	want.c.unmodelled_writes++;
	want.c.unmodelled_overflow++;
	EXPECT_STATS(v, &want);
	EXPECT_EQ(gvt_shim_alloc_calls, calls);
	mtest_fini(&m);
	free(r);
	free(out);
}

/* The trace slot of @off, found the way a reader would: by scanning. */
static struct gvt_reg_count *trace_slot(struct gvt_vgpu *v, u32 off)
{
	unsigned int i;

	for (i = 0; i < GVT_UNMODELLED_SLOTS; i++)
		if (v->unmodelled[i].offset == off)
			return &v->unmodelled[i];
	return NULL;
}

TEST(stats_unmodelled_saturates)
{
	struct gvt_reg_count *e, out;
	struct gvt_vgpu_stats st;
	struct gvt_vgpu *v;
	struct mtest m;
	u32 r;

	mtest_stats(&m);
	v = m.v;
	plain_regs(m.gvt, REG_PLAIN, &r, 1);
	rd32(v, r);
	wr32(v, r, 0);
	e = trace_slot(v, r);
	ASSERT(e);
	/* 2^32 accesses take too long: start just below the top. */
	e->reads = U32_MAX - 1;
	e->writes = U32_MAX - 2;
	rd32(v, r);
	rd32(v, r);
	mmio_rd(v, r, 1);
	wr32(v, r, 0);
	wr32(v, r, 0);
	wr32(v, r, 0);
	ASSERT_EQ(gvt_vgpu_unmodelled(v, &out, 1), 1);
	EXPECT_EQ(out.offset, r);
	EXPECT_EQ(out.reads, U32_MAX);
	EXPECT_EQ(out.writes, U32_MAX);
	/* The 64-bit totals keep counting. */
	gvt_vgpu_stats(v, &st);
	EXPECT_EQ(st.c.unmodelled_reads, 4);
	EXPECT_EQ(st.c.unmodelled_writes, 4);
	EXPECT_EQ(st.c.unmodelled_overflow, 0);
	mtest_fini(&m);
}

/*
 * A random walk over 3000 undescribed offsets, checked against a model:
 * the first GVT_UNMODELLED_MAX distinct offsets are recorded with their
 * exact counts, every access to another one is overflow.
 */
TEST(stats_unmodelled_model)
{
	const unsigned int nregs = 3000, steps = 40000;
	struct gvt_vgpu_stats want = { 0 };
	struct gvt_reg_count *out;
	u32 *r, *reads, *writes;
	unsigned int i, k, n;
	struct gvt_vgpu *v;
	u64 seed = 0x5eed;
	int *order;
	struct mtest m;

	r = calloc(nregs, sizeof(*r));
	reads = calloc(nregs, sizeof(*reads));
	writes = calloc(nregs, sizeof(*writes));
	order = calloc(nregs, sizeof(*order));
	out = calloc(GVT_UNMODELLED_MAX, sizeof(*out));
	ASSERT(r && reads && writes && order && out);
	mtest_stats(&m);
	v = m.v;
	/* Every 37th undescribed dword: spread over the register file. */
	for (i = 0, k = 0; i < nregs; k += 37 * 4) {
		if (k >= GVT_MMIO_SIZE)
			FAIL("ran out of registers at %u", i);
		if (!gvt_mmio_find(m.gvt, k))
			r[i++] = k;
	}
	n = 0;
	for (i = 0; i < steps; i++) {
		u64 x = test_rand(&seed);
		bool write = x & 1;

		/* Skewed: low indexes are touched much more often. */
		k = (x >> 8) % ((x >> 40) % nregs + 1);
		if (write) {
			wr32(v, r[k], (u32)x);
			want.c.unmodelled_writes++;
			want.c.mmio_writes++;
		} else {
			rd32(v, r[k]);
			want.c.unmodelled_reads++;
			want.c.mmio_reads++;
		}
		if (!order[k] && n < GVT_UNMODELLED_MAX)
			order[k] = ++n;
		if (!order[k]) {
			want.c.unmodelled_overflow++;
			continue;
		}
		if (write)
			writes[k]++;
		else
			reads[k]++;
	}
	want.unmodelled_regs = n;
	ASSERT_EQ(n, GVT_UNMODELLED_MAX);
	ASSERT(want.c.unmodelled_overflow > 0);
	EXPECT_STATS(v, &want);
	ASSERT_EQ(gvt_vgpu_unmodelled(v, out, GVT_UNMODELLED_MAX), n);
	/* r[] ascends, so the recorded ones in index order are sorted. */
	for (i = 0, k = 0; i < nregs; i++) {
		if (!order[i])
			continue;
		if (out[k].offset != r[i] || out[k].reads != reads[i] ||
		    out[k].writes != writes[i])
			FAIL("entry %u: 0x%x %u %u, want 0x%x %u %u", k,
			     out[k].offset, out[k].reads, out[k].writes, r[i],
			     reads[i], writes[i]);
		k++;
	}
	EXPECT_EQ(k, n);
	mtest_fini(&m);
	free(r);
	free(reads);
	free(writes);
	free(order);
	free(out);
}

TEST(stats_survive_reset)
{
	struct gvt_reg_count before[4], after[4];
	struct gvt_vgpu_stats want = { 0 };
	unsigned int n;
	struct gvt_vgpu *v;
	struct mtest m;
	u32 r[2];

	mtest_stats(&m);
	v = m.v;
	plain_regs(m.gvt, REG_PLAIN, r, 2);
	mmio_rd(v, PV_MAGIC, 8);
	ggtt_wr(v, mtest_low_entry(&m), GPTE(MTEST_GFN(1)));
	ggtt_wr(v, 0, 0);
	rd32(v, r[0]);
	wr32(v, r[1], 1);
	mmio_rd(v, MiB(4), 4);
	wr32(v, PV_RSV5, 1);
	want = (struct gvt_vgpu_stats){
		.c = { .pvinfo_reads = 2, .ggtt_writes = 1,
		       .ggtt_writes_dropped = 1, .mmio_reads = 2,
		       .mmio_writes = 2, .unbacked = 1,
		       .unmodelled_reads = 1, .unmodelled_writes = 1 },
		.unmodelled_regs = 2,
		.failsafe = GVT_FAILSAFE_INSUFFICIENT_RESOURCE,
	};
	EXPECT_STATS(v, &want);
	n = gvt_vgpu_unmodelled(v, before, ARRAY_SIZE(before));
	EXPECT_EQ(n, 2);

	/* Only the failsafe state goes. */
	gvt_vgpu_reset(v);
	gvt_vgpu_reset(v);
	want.failsafe = GVT_FAILSAFE_NONE;
	EXPECT_STATS(v, &want);
	ASSERT_EQ(gvt_vgpu_unmodelled(v, after, ARRAY_SIZE(after)), n);
	EXPECT(!memcmp(before, after, n * sizeof(before[0])));
	/* And counting goes on from there. */
	rd32(v, r[0]);
	want.c.mmio_reads++;
	want.c.unmodelled_reads++;
	EXPECT_STATS(v, &want);
	ASSERT_EQ(gvt_vgpu_unmodelled(v, after, ARRAY_SIZE(after)), n);
	EXPECT_EQ(after[0].offset, r[0]);
	EXPECT_EQ(after[0].reads, 2);
	mtest_fini(&m);
}

TEST(stats_failsafe_keyword)
{
	struct gvt_vgpu_stats st;
	struct gvt_vgpu *v;
	struct mtest m;

	EXPECT(!strcmp(gvt_failsafe_key(GVT_FAILSAFE_NONE), "none"));
	EXPECT(!strcmp(gvt_failsafe_key(GVT_FAILSAFE_UNSUPPORTED_GUEST),
		       "unsupported_guest"));
	EXPECT(!strcmp(gvt_failsafe_key(GVT_FAILSAFE_INSUFFICIENT_RESOURCE),
		       "insufficient_resource"));
	EXPECT(!strcmp(gvt_failsafe_key(GVT_FAILSAFE_GUEST_ERR),
		       "guest_error"));
	EXPECT(!strcmp(gvt_failsafe_key((enum gvt_failsafe)4), "unknown"));
	EXPECT(!strcmp(gvt_failsafe_key((enum gvt_failsafe)-1), "unknown"));

	mtest_stats(&m);
	v = m.v;
	gvt_vgpu_stats(v, &st);
	EXPECT_EQ(st.failsafe, GVT_FAILSAFE_NONE);
	/* Execlists before PVINFO. */
	wr32(v, REG_GFX_MODE(RCS_BASE), 0x80008000);
	gvt_vgpu_stats(v, &st);
	EXPECT_EQ(st.failsafe, GVT_FAILSAFE_UNSUPPORTED_GUEST);
	EXPECT(!strcmp(gvt_failsafe_key(st.failsafe), "unsupported_guest"));
	/* The first reason stays until reset. */
	wr32(v, PV_RSV5, 1);
	gvt_vgpu_stats(v, &st);
	EXPECT_EQ(st.failsafe, GVT_FAILSAFE_UNSUPPORTED_GUEST);
	gvt_vgpu_reset(v);
	wr32(v, PV_RSV5, 1);
	gvt_vgpu_stats(v, &st);
	EXPECT(!strcmp(gvt_failsafe_key(st.failsafe),
		       "insufficient_resource"));
	gvt_vgpu_reset(v);
	mutex_lock(&v->lock);
	gvt_enter_failsafe(v, GVT_FAILSAFE_GUEST_ERR);
	mutex_unlock(&v->lock);
	gvt_vgpu_stats(v, &st);
	EXPECT(!strcmp(gvt_failsafe_key(st.failsafe), "guest_error"));
	gvt_vgpu_reset(v);
	gvt_vgpu_stats(v, &st);
	EXPECT(!strcmp(gvt_failsafe_key(st.failsafe), "none"));
	mtest_fini(&m);
}

TEST(stats_per_vgpu)
{
	struct gvt_vgpu_stats zero = { 0 };
	struct gvt_reg_count out;
	struct gvt_vgpu *v2;
	struct mtest m;
	u32 r;

	mtest_stats(&m);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	plain_regs(m.gvt, REG_PLAIN, &r, 1);
	rd32(m.v, r);
	wr32(m.v, r, 0);
	mmio_rd(m.v, PV_MAGIC, 8);
	ggtt_wr(m.v, mtest_low_entry(&m), 0);
	ggtt_wr(m.v, 0, 0);
	mmio_rd(m.v, MiB(4), 4);
	EXPECT_STATS(v2, &zero);
	EXPECT_EQ(gvt_vgpu_unmodelled(v2, &out, 1), 0);
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}
