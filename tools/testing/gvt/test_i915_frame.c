// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt_i915's frame around a workload (drivers/gpu/gvt/i915/frame.c), run on
 * the simulated GPU's command executor: the head loads the vGPU's register
 * values, what the workload itself loads wins, and the tail stores what
 * the registers hold at the end, which gvt_i915_frame_saved() hands back.
 */
#include <string.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include <gvt/gvt.h>

#include "harness.h"
#include "engine_env.h"
#include "../../../drivers/gpu/gvt/i915/frame.h"

#define RCS		0x2000
#define RING_GM		0x0
#define RING_SIZE	8192
#define SAVE_GM		0x10000
#define NREGS		21
#define MOCS		0xc800
#define CACHE_MODE_1	0x7004
#define LRI1		0x11000001
#define BB_END		0x05000000

static void regs_init(struct gvt_wl_reg *r)
{
	unsigned int i;

	for (i = 0; i < NREGS; i++) {
		r[i].offset = MOCS + 4 * i;
		r[i].val = 0x100 + 0x31 * i;
		r[i].masked = false;
	}
	r[NREGS - 1].offset = CACHE_MODE_1;
	r[NREGS - 1].val = 0x0042;
	r[NREGS - 1].masked = true;
}

TEST(i915_frame_loads_and_saves_registers)
{
	u32 ring[512], *cs = ring, *end;
	struct gvt_wl_reg regs[NREGS];
	struct eenv *env;
	unsigned int i;
	u32 *save;

	regs_init(regs);
	env = eenv_new(RCS);
	eenv_ggtt_alloc(env, RING_GM, RING_SIZE);
	eenv_ggtt_alloc(env, SAVE_GM, 4096);

	end = gvt_i915_frame_head(cs, regs, NREGS);
	EXPECT_EQ(end - cs, gvt_i915_frame_head_dw(NREGS));
	/* two commands: 16 registers, then 5 */
	EXPECT_EQ(gvt_i915_frame_head_dw(NREGS), 2 + 2 * NREGS);
	cs = end;
	/* the workload: loads MOCS entry 3 itself */
	*cs++ = LRI1;
	*cs++ = MOCS + 12;
	*cs++ = 0xdead;
	*cs++ = 0;	/* MI_NOOP */
	end = gvt_i915_frame_tail(cs, regs, NREGS, SAVE_GM);
	EXPECT_EQ(end - cs, gvt_i915_frame_tail_dw(NREGS));
	cs = end;
	ASSERT(cs - ring < (long)ARRAY_SIZE(ring));

	eenv_ring(env, RING_GM, RING_SIZE, ring, cs - ring);
	ASSERT_EQ(gvt_sim_engine_run(&env->eng, 1 << 20), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(env->bad, 0);
	EXPECT_EQ(env->dma_faults, 0);

	for (i = 0; i < NREGS - 1; i++)
		EXPECT_EQ(env->regs[regs[i].offset / 4],
			  i == 3 ? 0xdead : regs[i].val);
	/* a masked register is written with its write enables */
	EXPECT_EQ(env->regs[CACHE_MODE_1 / 4], 0xffff0042);

	save = eenv_gm(env, SAVE_GM);
	ASSERT(save);
	for (i = 0; i < NREGS; i++)
		EXPECT_EQ(save[i], env->regs[regs[i].offset / 4]);
	gvt_i915_frame_saved(regs, NREGS, save);
	EXPECT_EQ(regs[3].val, 0xdead);
	EXPECT_EQ(regs[4].val, 0x100 + 0x31 * 4);
	EXPECT_EQ(regs[NREGS - 1].val, 0x42);
	eenv_free(env);
}

/* No register to switch: an empty head and tail. */
TEST(i915_frame_without_registers)
{
	u32 dw[4] = { 0x12345678 };

	EXPECT_EQ(gvt_i915_frame_head_dw(0), 0);
	EXPECT_EQ(gvt_i915_frame_tail_dw(0), 0);
	EXPECT(gvt_i915_frame_head(dw, NULL, 0) == dw);
	EXPECT(gvt_i915_frame_tail(dw, NULL, 0, SAVE_GM) == dw);
	EXPECT_EQ(dw[0], 0x12345678);
	/* exactly 16 registers fit one command */
	EXPECT_EQ(gvt_i915_frame_head_dw(GVT_I915_LRI_REGS),
		  1 + 2 * GVT_I915_LRI_REGS);
	EXPECT_EQ(gvt_i915_frame_head_dw(GVT_I915_LRI_REGS + 1),
		  2 + 2 * (GVT_I915_LRI_REGS + 1));
}
