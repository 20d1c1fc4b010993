// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's command executor (drivers/gpu/gvt/sim/engine.c) on a
 * fake memory (engine_env.c): every command, batch calls and chains, the
 * execution budget, PPGTT walks with RW=0 and 64 KiB pages, faults that
 * touch no other memory, and invalid commands.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "engine_env.h"
#include "harness.h"

#define RCS		0x2000
#define BCS		0x22000
#define VCS		0x12000

#define RING_GM		0x0
#define RING_SIZE	8192
#define BB_GM		0x10000		/* a GGTT batch */
#define DATA_GM		0x20000		/* GGTT data */
#define HWSP_GM		0x30000
#define BB_VA		0x7f0000400000ULL	/* a PPGTT batch (high VA) */
#define DATA_VA		0x000100002000ULL	/* PPGTT data */
#define BLT_DST		0x000200000000ULL	/* PPGTT blit surfaces */
#define BLT_SRC		0x000200010000ULL
#define LO(a)		((u32)(a))
#define HI(a)		((u32)((a) >> 32))

#define NOOP		0x00000000
#define USER_INT	0x01000000
#define ARB_CHECK	0x02800000
#define ARB_ON		0x04000001
#define BB_END		0x05000000
#define BB_START	0x18800001
#define BB_PPGTT	BIT(8)
#define BB_2ND		BIT(22)
#define SDI		0x10000002
#define SDI_QW		0x10200003
#define SDI_GGTT	BIT(22)
#define LRI(n)		(0x11000000 | (2 * (n) - 1))
#define SRM		0x12000002
#define LRM		0x14800002
#define LRR		0x15000001
#define FLUSH_DW	0x13000002
#define PIPE_CONTROL	0x7a000004
#define ATOMIC		0x17800001
#define ATOMIC_INLINE	(0x17800009 | (1 << 18))
#define COPY_MM		0x17000003
#define MATH(n)		(0x0d000000 | ((n) - 1))
#define SEM_WAIT	0x0e000002
#define COND_BBE	0x1b000002
#define XY_COLOR	0x54000005
#define XY_SRC_COPY	0x54c00008
#define XY_FAST_COPY	0x50800008
#define WRITE_ARGB	(3 << 20)

#define ALU(op, a, b)	(((op) << 20) | ((a) << 10) | (b))

static struct eenv *env_rcs(void)
{
	struct eenv *env = eenv_new(RCS);

	eenv_ggtt_alloc(env, RING_GM, RING_SIZE);
	eenv_ggtt_alloc(env, BB_GM, 2 * 4096);
	eenv_ggtt_alloc(env, DATA_GM, 4096);
	eenv_ggtt_alloc(env, HWSP_GM, 4096);
	eenv_ppgtt_alloc(env, BB_VA, 2 * 4096);
	eenv_ppgtt_alloc(env, DATA_VA, 4096);
	return env;
}

static enum gvt_sim_exec_status run(struct eenv *env)
{
	return gvt_sim_engine_run(&env->eng, 1 << 20);
}

static void put(u32 *p, const u32 *dw, unsigned int n)
{
	memcpy(p, dw, 4 * n);
}

/* Nothing reached beyond a page, no unmapped bus page unless expected. */
#define CHECK_CLEAN(env)	ASSERT_EQ((env)->bad, 0)

TEST(sim_engine_ring_noop_interrupt_wrap)
{
	struct eenv *env = env_rcs();
	struct gvt_sim_ring r = { .start = RING_GM, .size = RING_SIZE };
	u32 *ring = eenv_gm(env, RING_GM);
	u32 i;

	/* A segment that wraps: 6 dwords before the end, 4 after. */
	r.head = RING_SIZE - 24;
	r.tail = 16;
	for (i = 0; i < 6; i++)
		ring[(RING_SIZE - 24) / 4 + i] = i == 2 ? USER_INT : NOOP;
	ring[(RING_SIZE - 24) / 4 + 5] = SDI | SDI_GGTT;	/* wraps */
	ring[0] = DATA_GM;
	ring[1] = 0;
	ring[2] = 0xabcd;
	ring[3] = ARB_CHECK;
	ASSERT_EQ(gvt_sim_engine_load(&env->eng, &r), 0);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(env->eng.ring.head, 16);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 0xabcd);
	EXPECT_EQ(gvt_sim_engine_take_events(&env->eng),
		  GVT_SIM_EV_USER_INTERRUPT | GVT_SIM_EV_CTX_SWITCH);
	/* Idle: nothing more, and the context switch is reported once. */
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(gvt_sim_engine_take_events(&env->eng), 0);
	EXPECT_EQ(env->eng.stats.cmds, 7);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_ring_bad_load)
{
	struct eenv *env = env_rcs();
	struct gvt_sim_ring r = { .start = RING_GM, .size = RING_SIZE };

	r.head = RING_SIZE;
	EXPECT_EQ(gvt_sim_engine_load(&env->eng, &r), -EINVAL);
	r.head = 2;
	EXPECT_EQ(gvt_sim_engine_load(&env->eng, &r), -EINVAL);
	r.head = 0;
	r.size = 100;
	EXPECT_EQ(gvt_sim_engine_load(&env->eng, &r), -EINVAL);
	r.size = RING_SIZE;
	r.start = EENV_GGTT_SIZE;
	EXPECT_EQ(gvt_sim_engine_load(&env->eng, &r), -EINVAL);
	/* Never loaded: halted. */
	EXPECT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	eenv_free(env);
}

TEST(sim_engine_sdi_dword_qword_ggtt_ppgtt)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = {
		SDI | SDI_GGTT, DATA_GM + 8, 0, 0x11111111,
		SDI_QW | SDI_GGTT, DATA_GM + 16, 0, 0x22222222, 0x33333333,
		SDI, (u32)DATA_VA + 4, (u32)(DATA_VA >> 32), 0x44444444,
		SDI_QW, (u32)DATA_VA + 8, (u32)(DATA_VA >> 32), 5, 6,
	};
	u32 *g = eenv_gm(env, DATA_GM), *v = eenv_va(env, DATA_VA);

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(g[2], 0x11111111);
	EXPECT_EQ(g[4], 0x22222222);
	EXPECT_EQ(g[5], 0x33333333);
	EXPECT_EQ(v[1], 0x44444444);
	EXPECT_EQ(v[2], 5);
	EXPECT_EQ(v[3], 6);
	EXPECT_EQ(env->eng.stats.faults, 0);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_batch_call_return_ggtt)
{
	struct eenv *env = env_rcs();
	const u32 bb[] = { SDI | SDI_GGTT, DATA_GM, 0, 1, USER_INT, BB_END };
	const u32 cmds[] = {
		BB_START, BB_GM, 0,
		SDI | SDI_GGTT, DATA_GM + 4, 0, 2,	/* after the return */
	};

	put(eenv_gm(env, BB_GM), bb, ARRAY_SIZE(bb));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[0], 1);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[1], 2);
	EXPECT_EQ(env->eng.stats.batches, 1);
	EXPECT(gvt_sim_engine_take_events(&env->eng) &
	       GVT_SIM_EV_USER_INTERRUPT);
	CHECK_CLEAN(env);
	eenv_free(env);
}

/*
 * Ring -> PPGTT first-level batch -> second-level batch, back to the first
 * level, which then chains to another batch that ends: back in the ring.
 */
TEST(sim_engine_batch_second_level_and_chain)
{
	struct eenv *env = env_rcs();
	u64 second = BB_VA + 0x800, chained = BB_VA + 0x1000;
	const u32 first[] = {
		SDI, (u32)DATA_VA, (u32)(DATA_VA >> 32), 1,
		BB_START | BB_PPGTT | BB_2ND, (u32)second, (u32)(second >> 32),
		SDI, (u32)DATA_VA + 8, (u32)(DATA_VA >> 32), 3,
		BB_START | BB_PPGTT, (u32)chained, (u32)(chained >> 32),
		SDI, (u32)DATA_VA + 60, (u32)(DATA_VA >> 32), 0xdead,
	};
	const u32 lvl2[] = {
		SDI, (u32)DATA_VA + 4, (u32)(DATA_VA >> 32), 2, BB_END,
	};
	const u32 chain[] = {
		SDI, (u32)DATA_VA + 12, (u32)(DATA_VA >> 32), 4, BB_END,
	};
	const u32 cmds[] = {
		BB_START | BB_PPGTT, (u32)BB_VA, (u32)(BB_VA >> 32),
		SDI, (u32)DATA_VA + 16, (u32)(DATA_VA >> 32), 5,
	};
	u32 *v = eenv_va(env, DATA_VA);

	put(eenv_va(env, BB_VA), first, ARRAY_SIZE(first));
	put(eenv_va(env, second), lvl2, ARRAY_SIZE(lvl2));
	put(eenv_va(env, chained), chain, ARRAY_SIZE(chain));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(v[0], 1);
	EXPECT_EQ(v[1], 2);
	EXPECT_EQ(v[2], 3);
	EXPECT_EQ(v[3], 4);
	EXPECT_EQ(v[4], 5);
	EXPECT_EQ(v[15], 0);	/* after the chain: never runs */
	EXPECT_EQ(env->eng.stats.batches, 3);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_batch_nesting_too_deep)
{
	struct eenv *env = env_rcs();
	u64 second = BB_VA + 0x800;
	const u32 first[] = {
		BB_START | BB_PPGTT | BB_2ND, (u32)second, (u32)(second >> 32),
	};
	const u32 lvl2[] = {
		BB_START | BB_PPGTT | BB_2ND, (u32)BB_VA, (u32)(BB_VA >> 32),
	};
	const u32 cmds[] = { BB_START | BB_PPGTT, (u32)BB_VA,
			     (u32)(BB_VA >> 32) };

	put(eenv_va(env, BB_VA), first, ARRAY_SIZE(first));
	put(eenv_va(env, second), lvl2, ARRAY_SIZE(lvl2));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(env->eng.eir, GVT_SIM_EIR_INSTRUCTION);
	eenv_free(env);
}

/*
 * An IGT-style spinner: a batch that chains to itself runs only for its
 * budget per call, forever, until the CPU writes MI_BATCH_BUFFER_END.
 */
TEST(sim_engine_budget_self_loop)
{
	struct eenv *env = env_rcs();
	const u32 bb[] = {
		MATH(1), ALU(0x000, 0, 0),
		ARB_CHECK,
		BB_START | BB_PPGTT, (u32)BB_VA, (u32)(BB_VA >> 32),
	};
	const u32 cmds[] = {
		BB_START | BB_PPGTT, (u32)BB_VA, (u32)(BB_VA >> 32),
		SDI | SDI_GGTT, DATA_GM, 0, 7,
	};
	u64 cmds_before;
	int i;

	put(eenv_va(env, BB_VA), bb, ARRAY_SIZE(bb));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	for (i = 0; i < 50; i++) {
		cmds_before = env->eng.stats.cmds;
		ASSERT_EQ(gvt_sim_engine_run(&env->eng, 600),
			  GVT_SIM_EXEC_BUDGET);
		/* 6 dwords per loop: about 100 loops of 3 commands */
		EXPECT(env->eng.stats.cmds - cmds_before <= 301);
		EXPECT(env->eng.stats.cmds - cmds_before >= 297);
	}
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 0);
	/* The CPU ends the spinner. */
	eenv_va(env, BB_VA)[0] = BB_END;
	ASSERT_EQ(gvt_sim_engine_run(&env->eng, 600), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 7);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_stop)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = { NOOP, NOOP, SDI | SDI_GGTT, DATA_GM, 0, 1 };

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(gvt_sim_engine_run(&env->eng, 1), GVT_SIM_EXEC_BUDGET);
	gvt_sim_engine_stop(&env->eng);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_STOPPED);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_STOPPED);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 0);
	EXPECT_EQ(env->eng.ring.head, 4);
	/* A new load runs again. */
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 1);
	eenv_free(env);
}

TEST(sim_engine_registers_lri_lrm_srm_lrr)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = {
		LRI(2), 0x2580, 0x11, 0xe100, 0x22,
		SRM | SDI_GGTT, 0x2580, DATA_GM, 0,
		LRM | SDI_GGTT, 0x7004, DATA_GM + 4, 0,
		LRR, 0xe100, 0x7014,
		/* GPR1 (0x2608/0x260c) lives in the engine and is written through */
		LRI(2), 0x2608, 0x55, 0x260c, 0x66,
		SRM | SDI_GGTT, 0x260c, DATA_GM + 8, 0,
	};
	u32 *g = eenv_gm(env, DATA_GM);

	g[1] = 0x99;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(env->regs[0x2580 / 4], 0x11);
	EXPECT_EQ(env->regs[0xe100 / 4], 0x22);
	EXPECT_EQ(g[0], 0x11);
	EXPECT_EQ(env->regs[0x7004 / 4], 0x99);
	EXPECT_EQ(env->regs[0x7014 / 4], 0x22);
	EXPECT_EQ(env->eng.gpr[1], 0x6600000055ULL);
	EXPECT_EQ(env->regs[0x2608 / 4], 0x55);
	EXPECT_EQ(g[2], 0x66);
	EXPECT_EQ(env->reg_writes, 6);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_lri_odd_length_invalid)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = { 0x11000002, 0x2580, 1, 2 };

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(env->reg_writes, 0);
	eenv_free(env);
}

TEST(sim_engine_pipe_control_post_sync)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = {
		PIPE_CONTROL, 0, 0, 0, 0, 0,	/* null */
		/* QW write, GGTT, notify */
		PIPE_CONTROL, (1 << 24) | (1 << 14) | (1 << 8), DATA_GM + 8, 0,
		0x1234, 0x5678,
		/* STORE_DATA_INDEX into the status page at 0xd0 */
		PIPE_CONTROL, (1 << 21) | (1 << 14), 0xd0, 0, 0xaa, 0xbb,
		/* timestamp, PPGTT */
		PIPE_CONTROL, 3 << 14, (u32)DATA_VA + 16,
		(u32)(DATA_VA >> 32), 0, 0,
	};
	struct gvt_sim_ring r = {
		.start = RING_GM, .size = RING_SIZE, .tail = sizeof(cmds),
		.pml4 = env->pml4, .hwsp = HWSP_GM,
	};
	u32 *v = eenv_va(env, DATA_VA);

	put(eenv_gm(env, RING_GM), cmds, ARRAY_SIZE(cmds));
	env->now = 0x1122334455ULL;
	ASSERT_EQ(gvt_sim_engine_load(&env->eng, &r), 0);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[2], 0x1234);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[3], 0x5678);
	EXPECT_EQ(eenv_gm(env, HWSP_GM)[0xd0 / 4], 0xaa);
	EXPECT_EQ(eenv_gm(env, HWSP_GM)[0xd4 / 4], 0xbb);
	EXPECT_EQ(v[4], 0x22334455);
	EXPECT_EQ(v[5], 0x11);
	EXPECT(gvt_sim_engine_take_events(&env->eng) & GVT_SIM_EV_NOTIFY);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_pipe_control_off_render_invalid)
{
	struct eenv *env = eenv_new(VCS);
	const u32 cmds[] = { PIPE_CONTROL, 0, 0, 0, 0, 0 };

	eenv_ggtt_alloc(env, RING_GM, RING_SIZE);
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT(gvt_sim_engine_take_events(&env->eng) & GVT_SIM_EV_CS_ERROR);
	eenv_free(env);
}

/* An engine at @base whose ring holds @cmds, with a status page. */
static struct eenv *env_hwsp(u32 base, const u32 *cmds, unsigned int n)
{
	struct eenv *env = eenv_new(base);
	struct gvt_sim_ring r = {
		.start = RING_GM, .size = RING_SIZE, .tail = 4 * n,
		.hwsp = HWSP_GM,
	};

	eenv_ggtt_alloc(env, RING_GM, RING_SIZE);
	eenv_ggtt_alloc(env, DATA_GM, 4096);
	eenv_ggtt_alloc(env, HWSP_GM, 4096);
	put(eenv_gm(env, RING_GM), cmds, n);
	if (gvt_sim_engine_load(&env->eng, &r))
		abort();
	return env;
}

TEST(sim_engine_flush_dw)
{
	const u32 cmds[] = {
		/* the kernel's: STORE_INDEX, STOREDW, INVALIDATE_TLB at 0xd0 */
		0x13244002, 0xd0, 0, 0x77,
		/* qword, GGTT, notify */
		0x13004103, DATA_GM | 4, 0, 0x10, 0x20,
	};
	struct eenv *env = env_hwsp(BCS, cmds, ARRAY_SIZE(cmds));

	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(eenv_gm(env, HWSP_GM)[0xd0 / 4], 0x77);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[0], 0x10);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[1], 0x20);
	EXPECT(gvt_sim_engine_take_events(&env->eng) & GVT_SIM_EV_NOTIFY);
	CHECK_CLEAN(env);
	eenv_free(env);

	/* MI_FLUSH_DW is not a render command. */
	env = env_rcs();
	eenv_ring(env, RING_GM, RING_SIZE, cmds, 4);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	eenv_free(env);
}

/*
 * The length of MI_FLUSH_DW is bits 5:0: the video engine's flush sets
 * MI_INVALIDATE_BSD (bit 7), which an 8-bit length would take for 130
 * more dwords (the stock i915's first video request). SDI's is 9:0.
 */
TEST(sim_engine_length_field_widths)
{
	const u32 cmds[] = {
		/* i915's xcs invalidate: STORE_INDEX, STOREDW, TLB, BSD */
		0x13244082, 0xd0, 0, 0x55,
		/* SDI, length in 9:0 (bit 8 set would be 258 dwords) */
		SDI | SDI_GGTT, DATA_GM, 0, 0x66,
		USER_INT, NOOP,
	};
	struct eenv *env = env_hwsp(VCS, cmds, ARRAY_SIZE(cmds));

	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(eenv_gm(env, HWSP_GM)[0xd0 / 4], 0x55);
	EXPECT_EQ(eenv_gm(env, DATA_GM)[0], 0x66);
	EXPECT(gvt_sim_engine_take_events(&env->eng) & GVT_SIM_EV_USER_INTERRUPT);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_atomic_copy_mem_mem)
{
	struct eenv *env = env_rcs();
	u32 lo = (u32)DATA_VA, hi = (u32)(DATA_VA >> 32);
	const u32 cmds[] = {
		ATOMIC | (0x05 << 8), lo, hi,			/* inc */
		ATOMIC_INLINE | (0x07 << 8), lo + 4, hi,	/* add 10 */
		10, 0, 0, 0, 0, 0, 0, 0,
		/* cmpxchg: 10 -> 99 where it is 10 */
		ATOMIC_INLINE | (0x0e << 8) | (1 << 21), lo + 8, hi,
		99, 0, 0, 0, 10, 0, 0, 0,
		ATOMIC | (0x25 << 8), lo + 16, hi,		/* qword inc */
		ATOMIC | (0x06 << 8), lo + 28, hi,		/* dec */
		COPY_MM, lo + 32, hi, lo, hi,
	};
	u32 *v = eenv_va(env, DATA_VA);

	v[0] = 41;
	v[1] = 5;
	v[2] = 10;
	v[4] = 0xffffffff;
	v[7] = 0;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(v[0], 42);
	EXPECT_EQ(v[1], 15);
	EXPECT_EQ(v[2], 99);
	EXPECT_EQ(env->eng.gpr[0], 10);	/* returned pre-op value */
	EXPECT_EQ(v[4], 0);
	EXPECT_EQ(v[5], 1);
	EXPECT_EQ(v[7], 0xffffffff);
	EXPECT_EQ(v[8], 42);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_math)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = {
		LRI(4), 0x2600, 7, 0x2604, 1, 0x2608, 5, 0x260c, 0,
		MATH(8),
		ALU(0x080, 0x20, 0), ALU(0x080, 0x21, 1),	/* A=R0 B=R1 */
		ALU(0x100, 0, 0), ALU(0x180, 2, 0x31),		/* R2=A+B */
		ALU(0x101, 0, 0), ALU(0x180, 3, 0x31),		/* R3=A-B */
		ALU(0x102, 0, 0), ALU(0x580, 4, 0x31),		/* R4=~(A&B) */
		MATH(4),
		ALU(0x081, 0x20, 0), ALU(0x481, 0x21, 0),	/* A=0 B=~0 */
		ALU(0x101, 0, 0), ALU(0x180, 5, 0x33),		/* R5=CF */
	};
	u64 *g = env->eng.gpr;

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(g[0], 0x100000007ULL);
	EXPECT_EQ(g[1], 5);
	EXPECT_EQ(g[2], 0x10000000cULL);
	EXPECT_EQ(g[3], 0x100000002ULL);
	EXPECT_EQ(g[4], ~5ULL);
	EXPECT_EQ(g[5], 1);
	eenv_free(env);

	env = env_rcs();
	{
		const u32 bad[] = { MATH(1), ALU(0x7ff, 0, 0) };

		eenv_ring(env, RING_GM, RING_SIZE, bad, ARRAY_SIZE(bad));
		ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	}
	eenv_free(env);
}

TEST(sim_engine_semaphore_wait_polls)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = {
		/* wait until the dword >= 3 (GGTT, polling) */
		SEM_WAIT | (1 << 22) | (1 << 15) | (1 << 12), 3, DATA_GM, 0,
		SDI | SDI_GGTT, DATA_GM + 4, 0, 1,
	};
	u32 *g = eenv_gm(env, DATA_GM);

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_WAIT);
	g[0] = 2;
	ASSERT_EQ(run(env), GVT_SIM_EXEC_WAIT);
	EXPECT_EQ(g[1], 0);
	g[0] = 3;
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(g[1], 1);
	eenv_free(env);
}

TEST(sim_engine_conditional_batch_end)
{
	struct eenv *env = env_rcs();
	const u32 bb[] = {
		COND_BBE | (1 << 22), 5, DATA_GM, 0,	/* 6 > 5: go on */
		SDI | SDI_GGTT, DATA_GM + 4, 0, 1,
		COND_BBE | (1 << 22), 6, DATA_GM, 0,	/* 6 <= 6: end */
		SDI | SDI_GGTT, DATA_GM + 8, 0, 1,
		BB_END,
	};
	const u32 cmds[] = { BB_START, BB_GM, 0 };
	u32 *g = eenv_gm(env, DATA_GM);

	g[0] = 6;
	put(eenv_gm(env, BB_GM), bb, ARRAY_SIZE(bb));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(g[1], 1);
	EXPECT_EQ(g[2], 0);
	eenv_free(env);
}

TEST(sim_engine_3d_state_skipped)
{
	struct eenv *env = env_rcs();
	u32 cmds[600] = { 0 };
	u32 n = 0;

	cmds[n++] = 0x69040000 | 0;		/* PIPELINE_SELECT-ish, 1+2 dw */
	n += 1;
	cmds[n++] = 0x79170000 | 0x100;		/* SO_DECL_LIST, 9-bit length */
	n += 0x100 + 1;
	cmds[n++] = 0x7b000005;			/* 3DPRIMITIVE, 7 dw */
	n += 6;
	cmds[n++] = SDI | SDI_GGTT;
	cmds[n++] = DATA_GM;
	cmds[n++] = 0;
	cmds[n++] = 9;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, n);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 9);
	EXPECT_EQ(env->eng.stats.cmds, 4);
	eenv_free(env);
}

TEST(sim_engine_invalid_commands)
{
	static const u32 bad[][4] = {
		{ 0x0a800000 },			/* MI opcode 0x15: unknown */
		{ 0x20000000 },			/* client 1 */
		{ 0x05000000 },			/* BB_END in the ring */
		{ 0x54000005 },			/* a blit on the render engine */
		{ 0x0c000000 },			/* MI_PREDICATE: not simulated */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct eenv *env = env_rcs();
		const u32 tail[] = { SDI | SDI_GGTT, DATA_GM, 0, 1 };
		u32 cmds[16] = { 0 };

		memcpy(cmds, bad[i], sizeof(bad[i]));
		memcpy(cmds + 8, tail, sizeof(tail));
		eenv_ring(env, RING_GM, RING_SIZE, cmds, 12);
		ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
		EXPECT_EQ(env->eng.eir, GVT_SIM_EIR_INSTRUCTION);
		EXPECT_EQ(env->eng.err_dw[0], bad[i][0]);
		EXPECT_EQ(gvt_sim_engine_take_events(&env->eng),
			  GVT_SIM_EV_CS_ERROR);
		/* halted: nothing after it runs, even when called again */
		ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
		EXPECT_EQ(*eenv_gm(env, DATA_GM), 0);
		EXPECT(env->eng.err_reason);
		/* a reset clears the error */
		gvt_sim_engine_reset(&env->eng);
		EXPECT_EQ(env->eng.eir, 0);
		eenv_free(env);
	}
}

TEST(sim_engine_command_crossing_tail_invalid)
{
	struct eenv *env = env_rcs();
	const u32 cmds[] = { SDI | SDI_GGTT, DATA_GM };	/* 2 of 4 dwords */

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 0);
	eenv_free(env);
}

/* A PPGTT page mapped read-only: reads work, writes are dropped. */
TEST(sim_engine_ppgtt_read_only)
{
	struct eenv *env = env_rcs();
	u64 ro_va = 0x200000000ULL;
	unsigned int ro = eenv_page(env);
	const u32 cmds[] = {
		SDI, (u32)ro_va, (u32)(ro_va >> 32), 0xbad,
		COPY_MM, (u32)DATA_VA, (u32)(DATA_VA >> 32),
		(u32)ro_va + 4, (u32)(ro_va >> 32),
	};
	u64 sum;

	eenv_ppgtt_map(env, ro_va, ro, false);
	eenv_va(env, ro_va)[1] = 0x600d;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	sum = eenv_sum(env, (int)(((u8 *)eenv_va(env, DATA_VA) -
				   env->mem[0]) / 4096));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(eenv_va(env, ro_va)[0], 0);
	EXPECT_EQ(*eenv_va(env, DATA_VA), 0x600d);
	EXPECT_EQ(env->eng.stats.faults, 1);
	EXPECT_EQ(env->eng.stats.ro_writes, 1);
	EXPECT(gvt_sim_engine_take_events(&env->eng) & GVT_SIM_EV_FAULT);
	/* nothing but the data page changed */
	EXPECT_EQ(eenv_sum(env, (int)(((u8 *)eenv_va(env, DATA_VA) -
					env->mem[0]) / 4096)), sum);
	CHECK_CLEAN(env);
	eenv_free(env);
}

/*
 * Unmapped addresses fault and touch nothing: a PPGTT address with no
 * PTE, a GGTT address beyond the GGTT, a GGTT entry whose bus address the
 * IOMMU does not map, a PPGTT leaf pointing at an unmapped bus page.
 */
TEST(sim_engine_unmapped_faults_touch_nothing)
{
	struct eenv *env = env_rcs();
	u64 hole = 0x300000000ULL, stray = 0x300001000ULL;
	const u32 cmds[] = {
		SDI, (u32)hole, (u32)(hole >> 32), 1,
		SDI | SDI_GGTT, (u32)EENV_GGTT_SIZE, 0, 2,
		SDI | SDI_GGTT, 0x40000, 0, 3,
		SDI, (u32)stray, (u32)(stray >> 32), 4,
		/* reads of unmapped memory return zeros */
		COPY_MM, (u32)DATA_VA, (u32)(DATA_VA >> 32),
		(u32)hole, (u32)(hole >> 32),
	};
	unsigned int data_page;
	u64 sum;

	/* GGTT 0x40000 -> a bus page past the fake memory */
	env->ggtt[0x40000 >> 12] = eenv_bus(EENV_PAGES + 3) | 1;
	/* a PPGTT leaf whose bus page exists but the IOMMU does not map */
	eenv_ppgtt_map(env, stray, EENV_PAGES - 1, true);
	env->mapped[EENV_PAGES - 1] = false;
	*eenv_va(env, DATA_VA) = 0x5555;
	data_page = ((u8 *)eenv_va(env, DATA_VA) - env->mem[0]) / 4096;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	sum = eenv_sum(env, data_page);
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(env->eng.stats.faults, 5);
	EXPECT_EQ(env->dma_faults, 2);
	EXPECT_EQ(*eenv_va(env, DATA_VA), 0);
	EXPECT_EQ(eenv_sum(env, data_page), sum);
	CHECK_CLEAN(env);
	eenv_free(env);
}

/* A batch whose pages are not mapped: the fetch faults, a CS error. */
TEST(sim_engine_fetch_fault)
{
	struct eenv *env = env_rcs();
	u64 nowhere = 0x400000000ULL;
	const u32 cmds[] = {
		BB_START | BB_PPGTT, (u32)nowhere, (u32)(nowhere >> 32),
		SDI | SDI_GGTT, DATA_GM, 0, 1,
	};

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(env->eng.eir, GVT_SIM_EIR_PAGE_TABLE);
	EXPECT_EQ(env->eng.err_addr, nowhere);
	EXPECT_EQ(*eenv_gm(env, DATA_GM), 0);
	/* the batch in a GGTT range with no page (scratch) as well */
	{
		const u32 scratch_bb[] = { BB_START, 0x50000, 0 };

		eenv_ring(env, RING_GM, RING_SIZE, scratch_bb, 3);
	}
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_ppgtt_64k_pages)
{
	struct eenv *env = env_rcs();
	u64 va = 0x500000000ULL;
	unsigned int first = eenv_pages(env, 16);
	const u32 cmds[] = {
		SDI, (u32)va + 0x5004, (u32)(va >> 32), 0x64,
		SDI, (u32)va + 0xfffc, (u32)(va >> 32), 0x65,
	};

	eenv_ppgtt_map64k(env, va, first);
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(((u32 *)env->mem[first + 5])[1], 0x64);
	EXPECT_EQ(((u32 *)env->mem[first + 15])[1023], 0x65);
	EXPECT_EQ(env->eng.stats.faults, 0);
	CHECK_CLEAN(env);
	eenv_free(env);
}

/* A privileged buffer's GGTT bit selects the GGTT, a PPGTT batch's not. */
TEST(sim_engine_ggtt_bit_needs_privilege)
{
	struct eenv *env = env_rcs();
	const u32 bb[] = {
		SDI | SDI_GGTT, (u32)DATA_VA, (u32)(DATA_VA >> 32), 0x77,
		BB_END,
	};
	const u32 cmds[] = { BB_START | BB_PPGTT, (u32)BB_VA,
			     (u32)(BB_VA >> 32) };

	put(eenv_va(env, BB_VA), bb, ARRAY_SIZE(bb));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(*eenv_va(env, DATA_VA), 0x77);
	eenv_free(env);
}

static u32 pix(unsigned int x, unsigned int y)
{
	return 0x01000000u * (y & 0xff) + x * 7 + 1;
}

static struct eenv *env_bcs(void)
{
	struct eenv *env = eenv_new(BCS);

	eenv_ggtt_alloc(env, RING_GM, RING_SIZE);
	/* blit surfaces are in the PPGTT, even from the privileged ring */
	eenv_ppgtt_alloc(env, BLT_DST, 16 * 4096);
	eenv_ppgtt_alloc(env, BLT_SRC, 16 * 4096);
	/* the same GGTT range holds nothing a blit may reach */
	eenv_ggtt_alloc(env, DATA_GM, 16 * 4096);
	return env;
}

#define PITCH	1024	/* bytes: 256 pixels of 32 bits per row */

static void fill_src(struct eenv *env)
{
	unsigned int x, y;

	for (y = 0; y < 64; y++)
		for (x = 0; x < 256; x++)
			*eenv_va(env, BLT_SRC + y * PITCH + 4 * x) =
				pix(x, y);
}

static void check_copy(struct eenv *env, unsigned int dx, unsigned int dy,
		       unsigned int sx, unsigned int sy, unsigned int w,
		       unsigned int h)
{
	unsigned int x, y, bad = 0;

	for (y = 0; y < 64; y++) {
		for (x = 0; x < 256; x++) {
			u32 got = *eenv_va(env, BLT_DST + y * PITCH + 4 * x);
			bool in = x >= dx && x < dx + w && y >= dy && y < dy + h;
			u32 want = in ? pix(x - dx + sx, y - dy + sy) : 0;

			bad += got != want;
		}
	}
	EXPECT_EQ(bad, 0);
}

TEST(sim_engine_blit_src_copy)
{
	struct eenv *env = env_bcs();
	const u32 cmds[] = {
		XY_SRC_COPY | WRITE_ARGB, (3 << 24) | (0xcc << 16) | PITCH,
		(5 << 16) | 3, (25 << 16) | 43, LO(BLT_DST), HI(BLT_DST),
		(2 << 16) | 1, PITCH, LO(BLT_SRC), HI(BLT_SRC),
	};

	fill_src(env);
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	check_copy(env, 3, 5, 1, 2, 40, 20);
	EXPECT_EQ(env->eng.stats.bytes_blitted, 40 * 4 * 20);
	CHECK_CLEAN(env);
	eenv_free(env);
}

/*
 * A blit whose source faults: every faulting chunk ends at its page's
 * end, so the row finishes (no endless loop on a chunk of 0), reads
 * zeros and counts one fault per page piece: an 8 KiB row from 0x800
 * of a PPGTT hole is read as 4 KiB at 0x800 and 4 KiB at 0x1800, two
 * page pieces each.
 */
TEST(sim_engine_blit_faulting_source_ends)
{
	struct eenv *env = env_bcs();
	u64 src = 0x300000800ULL;	/* no PPGTT entry */
	const u32 cmds[] = {
		XY_SRC_COPY | WRITE_ARGB, (3 << 24) | (0xcc << 16) | 8192,
		0, (1 << 16) | 2048, LO(BLT_DST), HI(BLT_DST),
		0, 8192, LO(src), HI(src),
	};
	unsigned int i;

	/* one dword at a time: the surface's pages are not contiguous */
	for (i = 0; i < 2048; i++)
		*eenv_va(env, BLT_DST + 4 * i) = 0xdeadbeef;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(env->eng.stats.faults, 4);
	for (i = 0; i < 2048; i++)
		if (*eenv_va(env, BLT_DST + 4 * i))
			break;
	EXPECT_EQ(i, 2048);
	EXPECT_EQ(env->eng.stats.bytes_blitted, 8192);
	eenv_free(env);
}

TEST(sim_engine_blit_fast_copy_and_budget)
{
	struct eenv *env = env_bcs();
	const u32 cmds[] = {
		XY_FAST_COPY, (3 << 24) | PITCH,
		(0 << 16) | 0, (64 << 16) | 256, LO(BLT_DST), HI(BLT_DST),
		0, PITCH, LO(BLT_SRC), HI(BLT_SRC),
	};
	int calls = 0;

	fill_src(env);
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	/* 64 rows of 1 KiB: about 257 dwords each, two rows per call */
	while (gvt_sim_engine_run(&env->eng, 520) == GVT_SIM_EXEC_BUDGET)
		ASSERT(++calls < 100);
	EXPECT(calls >= 31);
	check_copy(env, 0, 0, 0, 0, 256, 64);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_blit_color_fill)
{
	struct eenv *env = env_bcs();
	const u32 cmds[] = {
		/* 32 bpp, RGB only: alpha bytes stay */
		XY_COLOR | (1 << 20), (3 << 24) | (0xf0 << 16) | PITCH,
		(1 << 16) | 2, (3 << 16) | 4, LO(BLT_DST), HI(BLT_DST), 0xaabbccdd,
		/* 8 bpp */
		XY_COLOR, (0 << 24) | (0xf0 << 16) | PITCH,
		(10 << 16) | 8, (11 << 16) | 11, LO(BLT_DST), HI(BLT_DST), 0x5a,
	};
	u32 *g = eenv_va(env, BLT_DST);		/* the first page */
	u8 *row10 = (u8 *)eenv_va(env, BLT_DST + 10 * PITCH);

	g[PITCH / 4 + 2] = 0x11000000;
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_DONE);
	EXPECT_EQ(g[PITCH / 4 + 2], 0x11bbccdd);
	EXPECT_EQ(g[PITCH / 4 + 3], 0x00bbccdd);
	EXPECT_EQ(g[2 * PITCH / 4 + 2], 0x00bbccdd);
	EXPECT_EQ(g[PITCH / 4 + 4], 0);
	EXPECT_EQ(g[3 * PITCH / 4 + 2], 0);
	EXPECT_EQ(row10[8], 0x5a);
	EXPECT_EQ(row10[10], 0x5a);
	EXPECT_EQ(row10[11], 0);
	EXPECT_EQ(row10[7], 0);
	CHECK_CLEAN(env);
	eenv_free(env);
}

TEST(sim_engine_blit_tiled_refused)
{
	struct eenv *env = env_bcs();
	const u32 cmds[] = {
		XY_COLOR | (1 << 11), (3 << 24) | (0xf0 << 16) | PITCH,
		0, (1 << 16) | 1, LO(BLT_DST), HI(BLT_DST), 1,
	};

	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(*eenv_va(env, BLT_DST), 0);
	eenv_free(env);
}

/* The batch_start hook decides where a batch is fetched and its privilege. */
static bool refuse_high(void *priv, u64 addr, bool *ppgtt, bool *privileged)
{
	if (addr >= 0x100000)
		return false;
	*privileged = false;
	return true;
}

TEST(sim_engine_batch_start_hook)
{
	struct eenv *env = env_rcs();
	struct gvt_sim_engine_ops ops = eenv_ops;
	const u32 bb[] = {
		/* GGTT bit ignored: the hook made the batch non-privileged */
		SDI | SDI_GGTT, (u32)DATA_VA, (u32)(DATA_VA >> 32), 0x42,
		BB_START, 0x200000, 0,		/* refused */
	};
	const u32 cmds[] = { BB_START, BB_GM, 0 };

	ops.batch_start = refuse_high;
	env->eng.ops = &ops;
	put(eenv_gm(env, BB_GM), bb, ARRAY_SIZE(bb));
	eenv_ring(env, RING_GM, RING_SIZE, cmds, ARRAY_SIZE(cmds));
	ASSERT_EQ(run(env), GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(*eenv_va(env, DATA_VA), 0x42);
	EXPECT_EQ(env->eng.level, 1);
	eenv_free(env);
}
