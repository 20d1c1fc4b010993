// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of fence register emulation (Documentation/gpu/gvt/mmio.rst,
 * "Fences"): guest fence i is backed by host fence fences[i] and only
 * values whose range lies in the vGPU's aperture or hidden range reach it.
 */
#include <stdio.h>

#include "gvt_test.h"

#define PAGE	4096ULL

static u64 host_fence(const struct mtest *m, unsigned int i)
{
	return m->t.host.fences[m->res.fences[i]];
}

TEST(fence_initial_state)
{
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	ASSERT_EQ(m.res.num_fences, 4);
	for (i = 0; i < GVT_MAX_FENCES; i++)
		EXPECT_EQ(fence_rd(m.v, i) & 1, 0);
	for (i = 0; i < m.res.num_fences; i++)
		EXPECT_EQ(host_fence(&m, i), 0);
	mtest_fini(&m);
}

TEST(fence_valid_values_programmed)
{
	const struct gvt_vgpu_resources *r;
	struct mtest m;
	u64 val[4];
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	r = &m.res;
	/* The whole aperture, widest pitch below the limit. */
	val[0] = fence_val(r->low_gm_base, r->low_gm_base + r->low_gm_size -
			   PAGE, 0x7ff, true);
	/* 64 KiB in the middle of the aperture, Y-tiled. */
	val[1] = fence_val(r->low_gm_base + MiB(1),
			   r->low_gm_base + MiB(1) + 15 * PAGE, 3, true) |
		 BIT(1);
	/* The whole hidden range. */
	val[2] = fence_val(r->high_gm_base, r->high_gm_base +
			   r->high_gm_size - PAGE, 0, true);
	/* One page at the end of the hidden range. */
	val[3] = fence_val(r->high_gm_base + r->high_gm_size - PAGE,
			   r->high_gm_base + r->high_gm_size - PAGE, 0x10,
			   true);
	for (i = 0; i < 4; i++)
		fence_wr(m.v, i, val[i]);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(host_fence(&m, i), val[i]);
		EXPECT_EQ(fence_rd(m.v, i), val[i]);
		EXPECT_EQ(rd32(m.v, GVT_FENCE_OFFSET + 8 * i), (u32)val[i]);
		EXPECT_EQ(rd32(m.v, GVT_FENCE_OFFSET + 8 * i + 4),
			  val[i] >> 32);
	}
	/* A disabled value disables. */
	fence_wr(m.v, 2, val[2] & ~1ULL);
	EXPECT_EQ(host_fence(&m, 2), 0);
	EXPECT_EQ(fence_rd(m.v, 2), val[2] & ~1ULL);
	fence_wr(m.v, 3, 0);
	EXPECT_EQ(host_fence(&m, 3), 0);
	EXPECT_EQ(fence_rd(m.v, 3), 0);
	EXPECT_EQ(host_fence(&m, 0), val[0]);
	EXPECT_EQ(host_fence(&m, 1), val[1]);
	EXPECT_EQ(m.t.host.bad_calls, 0);
	mtest_fini(&m);
}

TEST(fence_invalid_values_disable)
{
	const struct gvt_vgpu_resources *r;
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v2;
	struct mtest m;
	unsigned int i;
	u64 lo, lo_end, hi, hi_end, good;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	r = &m.res;
	lo = r->low_gm_base;
	lo_end = lo + r->low_gm_size;
	hi = r->high_gm_base;
	hi_end = hi + r->high_gm_size;
	{
		const u64 bad[] = {
			/* One page past the end of the aperture. */
			fence_val(lo, lo_end, 0, true),
			fence_val(lo_end - PAGE, lo_end, 0, true),
			/* One page before it. */
			fence_val(lo - PAGE, lo, 0, true),
			fence_val(lo - PAGE, lo - PAGE, 0, true),
			/* From the aperture into the hidden range. */
			fence_val(lo, hi, 0, true),
			fence_val(lo_end - PAGE, hi_end - PAGE, 0, true),
			/* Hidden range, one page past either end. */
			fence_val(hi, hi_end, 0, true),
			fence_val(hi - PAGE, hi, 0, true),
			/* End below start. */
			fence_val(lo + 2 * PAGE, lo + PAGE, 0, true),
			fence_val(hi_end - PAGE, hi, 0, true),
			/* Pitch at or above 0x800. */
			fence_val(lo, lo, 0x800, true),
			fence_val(hi, hi, 0xfff, true),
			/* The host's GM, another vGPU's GM. */
			fence_val(0, 0, 0, true),
			fence_val(0, lo - PAGE, 0, true),
			fence_val(r2.low_gm_base, r2.low_gm_base, 0, true),
			fence_val(r2.high_gm_base, r2.high_gm_base, 0, true),
			fence_val(0, 0xfffff000, 0, true),
		};

		good = fence_val(lo, lo, 1, true);
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			fence_wr(m.v, i % 4, good);
			ASSERT_EQ(host_fence(&m, i % 4), good);
			fence_wr(m.v, i % 4, bad[i]);
			if (host_fence(&m, i % 4))
				harness_fail(__FILE__, __LINE__, false,
					     "fence 0x%llx (case %u) programmed, aperture [0x%llx, 0x%llx) hidden [0x%llx, 0x%llx)",
					     bad[i], i, lo, lo_end, hi, hi_end);
			EXPECT_EQ(fence_rd(m.v, i % 4), bad[i]);
		}
	}
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

TEST(fence_i915_write_order)
{
	const u64 off = GVT_FENCE_OFFSET + 8 * 2;
	unsigned int i, writes;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 val, val2;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	val = fence_val(m.res.low_gm_base + MiB(2),
			m.res.low_gm_base + MiB(4) - PAGE, 0x1f, true);
	val2 = fence_val(m.res.high_gm_base, m.res.high_gm_base + MiB(1) -
			 PAGE, 0x3f, true) | BIT(1);
	fake_host_log_reset(&m.t.host);
	wr32(v, off, 0);
	EXPECT_EQ(host_fence(&m, 2), 0);
	EXPECT_EQ(fence_rd(v, 2), 0);
	wr32(v, off + 4, val >> 32);
	EXPECT_EQ(host_fence(&m, 2), 0);
	EXPECT_EQ(fence_rd(v, 2), val & ~0xffffffffULL);
	wr32(v, off, (u32)val);
	EXPECT_EQ(host_fence(&m, 2), val);
	EXPECT_EQ(fence_rd(v, 2), val);
	/* The host never saw anything but 0 before the last write. */
	writes = 0;
	for (i = 0; i < m.t.host.nlog && i < FAKE_LOG_SIZE; i++) {
		const struct fake_call *c = &m.t.host.log[i];

		EXPECT_EQ(c->kind, FAKE_CALL_FENCE_WRITE);
		EXPECT_EQ(c->a, m.res.fences[2]);
		if (c->b)
			writes++;
	}
	EXPECT_EQ(writes, 1);
	/* Reprogramming: LO = 0 disables at once, then HI, then LO. */
	wr32(v, off, 0);
	EXPECT_EQ(host_fence(&m, 2), 0);
	wr32(v, off + 4, val2 >> 32);
	EXPECT_EQ(host_fence(&m, 2), 0);
	wr32(v, off, (u32)val2);
	EXPECT_EQ(host_fence(&m, 2), val2);
	EXPECT_EQ(fence_rd(v, 2), val2);
	/* Other fences untouched throughout. */
	for (i = 0; i < 4; i++)
		if (i != 2)
			EXPECT_EQ(host_fence(&m, i), 0);
	mtest_fini(&m);
}

TEST(fence_beyond_count_ignored)
{
	u64 calls, val;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	fake_host_fill_garbage(&m.t.host);
	calls = fake_host_calls(&m.t.host);
	val = fence_val(m.res.low_gm_base, m.res.low_gm_base, 0, true);
	for (i = m.res.num_fences; i < GVT_MAX_FENCES; i++) {
		fence_wr(v, i, val);
		EXPECT_EQ(fence_rd(v, i), 0);
		wr32(v, GVT_FENCE_OFFSET + 8 * i + 4, 0x12345678);
		wr32(v, GVT_FENCE_OFFSET + 8 * i, 0x12345679);
		EXPECT_EQ(fence_rd(v, i), 0);
		EXPECT_EQ(rd32(v, GVT_FENCE_OFFSET + 8 * i + 4), 0);
	}
	EXPECT_EQ(fake_host_calls(&m.t.host), calls);
	for (i = 0; i < GVT_MAX_FENCES; i++)
		EXPECT_EQ(m.t.host.fences[i], FAKE_FENCE_GARBAGE(i));
	mtest_fini(&m);
}

TEST(fence_isolation)
{
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v2;
	struct mtest m;
	unsigned int i, j;
	bool mine;
	u64 val[4];

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	fake_host_fill_garbage(&m.t.host);
	for (i = 0; i < 4; i++) {
		val[i] = fence_val(m.res.low_gm_base + i * MiB(1),
				   m.res.low_gm_base + i * MiB(1), i, true);
		fence_wr(m.v, i, val[i]);
	}
	for (i = 0; i < GVT_MAX_FENCES; i++) {
		mine = false;
		for (j = 0; j < 4; j++) {
			if (m.res.fences[j] == i) {
				EXPECT_EQ(m.t.host.fences[i], val[j]);
				mine = true;
			}
		}
		if (!mine)
			EXPECT_EQ(m.t.host.fences[i], FAKE_FENCE_GARBAGE(i));
	}
	/* The other vGPU sees none of it and cannot reach our GM. */
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(fence_rd(v2, i) & 1, 0);
		fence_wr(v2, i, val[i]);
		EXPECT_EQ(m.t.host.fences[r2.fences[i]], 0);
		EXPECT_EQ(host_fence(&m, i), val[i]);
		EXPECT_EQ(fence_rd(m.v, i), val[i]);
	}
	/* Destroying the other vGPU leaves ours alone. */
	gvt_vgpu_destroy(v2);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(host_fence(&m, i), val[i]);
	mtest_fini(&m);
}

TEST(fence_reset_and_destroy_disable)
{
	struct gvt_vgpu_resources res;
	unsigned int i;
	struct mtest m;
	u64 init[4], val;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	res = m.res;
	for (i = 0; i < 4; i++)
		init[i] = fence_rd(m.v, i);
	val = fence_val(m.res.high_gm_base, m.res.high_gm_base, 0, true);
	for (i = 0; i < 4; i++)
		fence_wr(m.v, i, val);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(host_fence(&m, i), val);
	gvt_vgpu_reset(m.v);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(host_fence(&m, i), 0);
		EXPECT_EQ(fence_rd(m.v, i), init[i]);
	}
	for (i = 0; i < 4; i++)
		fence_wr(m.v, i, val);
	gvt_vgpu_destroy(m.v);
	m.v = NULL;
	for (i = 0; i < 4; i++)
		EXPECT_EQ(m.t.host.fences[res.fences[i]], 0);
	mtest_fini(&m);
}

TEST(fence_null_host_ops)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *v;
	struct tdev t;
	u64 val;

	fake_host_init(&t.host, 256, 4096, 32, false);
	gvt = tdev_start(&t, &fake_host_null_ops);
	v = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	val = fence_val(v->low.start, v->low.start, 0, true);
	fence_wr(v, 0, val);
	EXPECT_EQ(fence_rd(v, 0), val);
	gvt_vgpu_reset(v);
	EXPECT_EQ(fence_rd(v, 0) & 1, 0);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}
