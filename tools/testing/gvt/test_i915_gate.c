// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of gvt_i915's platform gate and reservation arithmetic
 * (drivers/gpu/gvt/i915/gate.c), compiled unchanged: which i915 GPUs the
 * real-hardware backend takes, and the graphics memory windows and fences
 * it reserves in i915 for the core to hand to vGPUs.
 */
#include "harness.h"

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include <gvt/gvt.h>

#include "../../../drivers/gpu/gvt/i915/gate.h"

#define MiB	BIT_ULL(20)

/* A Kaby Lake GT2 with a 256 MiB aperture and a 4 GiB GGTT, 32 fences. */
static struct gvt_i915_gpu kbl(void)
{
	struct gvt_i915_gpu g = {
		.graphics_ver = 9,
		.platform = GVT_I915_KABYLAKE,
		.guc_submission = false,
		.ggtt_size = 4096 * MiB,
		.aperture_size = 256 * MiB,
		.num_fences = 32,
	};
	return g;
}

TEST(i915_gate_takes_gen9_platforms)
{
	static const enum gvt_i915_platform ok[] = {
		GVT_I915_SKYLAKE, GVT_I915_KABYLAKE, GVT_I915_COFFEELAKE,
		GVT_I915_COMETLAKE,
	};
	struct gvt_i915_reserve res;
	struct gvt_i915_gpu g;
	const char *why;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		g = kbl();
		g.platform = ok[i];
		EXPECT_EQ(gvt_i915_gate(&g, &res, &why), 0);
		EXPECT(!why);
	}
}

TEST(i915_gate_refuses_other_gpus_and_guc)
{
	struct gvt_i915_reserve res;
	struct gvt_i915_gpu g;
	const char *why;

	g = kbl();
	g.platform = GVT_I915_OTHER;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENODEV);
	EXPECT(why && *why);
	g = kbl();
	g.graphics_ver = 11;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENODEV);
	g = kbl();
	g.graphics_ver = 8;	/* Broadwell: upstream GVT's, not ours */
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENODEV);
	g = kbl();
	g.guc_submission = true;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENODEV);
	EXPECT(why && *why);
}

TEST(i915_gate_reserves_everything_above_the_host_share)
{
	struct gvt_i915_reserve res;
	struct gvt_i915_gpu g = kbl();
	const char *why;

	ASSERT_EQ(gvt_i915_gate(&g, &res, &why), 0);
	/* The core's windows: partition.c starts them at the same places. */
	EXPECT_EQ(res.low_start, GVT_HOST_LOW_GM_SIZE);
	EXPECT_EQ(res.low_end, 256 * MiB);
	EXPECT_EQ(res.high_start, 256 * MiB + GVT_HOST_HIGH_GM_SIZE);
	EXPECT_EQ(res.high_end, 4096 * MiB);
	EXPECT_EQ(res.fences, 32 - GVT_HOST_FENCES);
}

TEST(i915_gate_sizes_at_the_edge)
{
	struct gvt_i915_reserve res;
	struct gvt_i915_gpu g;
	const char *why;

	/* 128 MiB host + 64 MiB of the smallest type: fits exactly. */
	g = kbl();
	g.aperture_size = 192 * MiB;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), 0);
	g.aperture_size = 192 * MiB - 4096;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENOSPC);
	EXPECT(why && *why);
	/* Hidden: 384 MiB host + 384 MiB of the smallest type. */
	g = kbl();
	g.ggtt_size = g.aperture_size + 768 * MiB;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), 0);
	g.ggtt_size -= 4096;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENOSPC);
	/* Fences: the host's 4 and one vGPU's 4. */
	g = kbl();
	g.num_fences = 8;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), 0);
	EXPECT_EQ(res.fences, 4);
	g.num_fences = 7;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENOSPC);
	g.num_fences = GVT_MAX_FENCES + 1;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENOSPC);
	/* Nonsense from a broken i915: an aperture beyond the GGTT. */
	g = kbl();
	g.aperture_size = g.ggtt_size + 4096;
	EXPECT_EQ(gvt_i915_gate(&g, &res, &why), -ENODEV);
}
