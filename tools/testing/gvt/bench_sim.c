// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the simulated GPU's command executor
 * (drivers/gpu/gvt/sim/engine.c) in userspace, on the fake memory of
 * engine_env.c (a checked table lookup per 4 KiB access, as the kernel's
 * IOMMU table is). One "bench: <name> <value> <unit>" line per figure:
 *
 *   sim_exec_store       a PPGTT batch of 4096 MI_STORE_DATA_IMM (each a
 *                        4-level walk and a write), million stores/s
 *   sim_exec_store_ggtt  the same stores through the GGTT, million/s
 *   sim_exec_noop        a batch of 16 K MI_NOOP, million commands/s
 *   sim_exec_blit        XY_SRC_COPY_BLT of 256 KiB (256 x 256, 32 bpp)
 *                        from a privileged GGTT batch, MB/s written
 *   sim_exec_blit_ppgtt  XY_FAST_COPY_BLT of the same from a PPGTT batch,
 *                        MB/s (surfaces are in the PPGTT for both)
 *
 * Each figure is the median of several rounds; every round's result is
 * checked, and the program fails if one is wrong. Timing is reported,
 * never asserted.
 */
#include <stdio.h>
#include <stdlib.h>

#include "engine_env.h"
#include "bench_util.h"

#define ROUNDS		9
#define STORES		4096
#define NOOPS		16384
#define RING_GM		0x0
#define BB_GM		0x10000
#define DATA_GM		0x100000
#define SRC_GM		0x200000
#define BB_VA		0x7f0000000000ULL
#define DATA_VA		0x000100000000ULL
#define SRC_VA		0x000200000000ULL
#define BLIT_W		256
#define BLIT_H		256
#define BLIT_BYTES	(BLIT_W * BLIT_H * 4)

static int fail(const char *what)
{
	fprintf(stderr, "bench_sim: %s\n", what);
	return 1;
}

/* Run a ring that calls one batch, to the end; ns taken or 0 on error. */
static u64 run_once(struct eenv *env, bool ppgtt_bb)
{
	const u32 ring[] = {
		0x18800001 | (ppgtt_bb ? 1 << 8 : 0),
		ppgtt_bb ? (u32)BB_VA : BB_GM,
		ppgtt_bb ? (u32)(BB_VA >> 32) : 0,
	};
	enum gvt_sim_exec_status st;
	u64 t0;

	eenv_ring(env, RING_GM, 4096, ring, 3);
	t0 = now_ns();
	do {
		st = gvt_sim_engine_run(&env->eng, 1 << 16);
	} while (st == GVT_SIM_EXEC_BUDGET);
	if (st != GVT_SIM_EXEC_DONE)
		return 0;
	return now_ns() - t0 ?: 1;
}

static u32 *bb_ptr(struct eenv *env, bool ppgtt, u32 i)
{
	return ppgtt ? eenv_va(env, BB_VA + 4 * i) : eenv_gm(env, BB_GM + 4 * i);
}

/* A batch of STORES stores of i to dword i of the data page(s). */
static int bench_store(bool ppgtt)
{
	struct eenv *env = eenv_new(0x2000);
	u64 ns[ROUNDS];
	u32 i, r, n = 0;

	eenv_ggtt_alloc(env, RING_GM, 4096);
	eenv_ggtt_alloc(env, BB_GM, 16 * STORES + 4096);
	eenv_ggtt_alloc(env, DATA_GM, 4 * STORES);
	eenv_ppgtt_alloc(env, BB_VA, 16 * STORES + 4096);
	eenv_ppgtt_alloc(env, DATA_VA, 4 * STORES);
	for (i = 0; i < STORES; i++) {
		u64 a = ppgtt ? DATA_VA + 4 * i : DATA_GM + 4 * i;

		*bb_ptr(env, ppgtt, n++) = 0x10000002 | (ppgtt ? 0 : 1 << 22);
		*bb_ptr(env, ppgtt, n++) = (u32)a;
		*bb_ptr(env, ppgtt, n++) = (u32)(a >> 32);
		*bb_ptr(env, ppgtt, n++) = i + 1;
	}
	*bb_ptr(env, ppgtt, n++) = 0x05000000;
	for (r = 0; r < ROUNDS; r++) {
		ns[r] = run_once(env, ppgtt);
		if (!ns[r])
			return fail("store batch did not complete");
		for (i = 0; i < STORES; i++) {
			u32 *d = ppgtt ? eenv_va(env, DATA_VA + 4 * i) :
					 eenv_gm(env, DATA_GM + 4 * i);

			if (*d != i + 1)
				return fail("a store is missing");
			*d = 0;
		}
	}
	if (env->bad || env->eng.stats.faults)
		return fail("bad accesses or faults");
	printf("bench: %s %.2f Mstores/s\n",
	       ppgtt ? "sim_exec_store" : "sim_exec_store_ggtt",
	       STORES * 1e3 / median(ns, ROUNDS));
	eenv_free(env);
	return 0;
}

static int bench_noop(void)
{
	struct eenv *env = eenv_new(0x2000);
	u64 ns[ROUNDS];
	u32 i, r;

	eenv_ggtt_alloc(env, RING_GM, 4096);
	eenv_ggtt_alloc(env, BB_GM, 4 * NOOPS + 4096);
	for (i = 0; i < NOOPS; i++)
		*eenv_gm(env, BB_GM + 4 * i) = 0;
	*eenv_gm(env, BB_GM + 4 * NOOPS) = 0x05000000;
	for (r = 0; r < ROUNDS; r++) {
		ns[r] = run_once(env, false);
		if (!ns[r])
			return fail("noop batch did not complete");
	}
	printf("bench: sim_exec_noop %.2f Mcmds/s\n",
	       NOOPS * 1e3 / median(ns, ROUNDS));
	eenv_free(env);
	return 0;
}

static int bench_blit(bool ppgtt)
{
	struct eenv *env = eenv_new(0x22000);
	/* Blit surfaces are in the PPGTT whatever the batch (engine.c). */
	u64 dst = DATA_VA, src = SRC_VA;
	u32 cmd[10] = {
		ppgtt ? 0x50800008 : 0x54c00008 | (3 << 20),
		ppgtt ? (3 << 24) | 4 * BLIT_W :
			(3 << 24) | (0xcc << 16) | 4 * BLIT_W,
		0, (BLIT_H << 16) | BLIT_W, (u32)dst, (u32)(dst >> 32),
		0, 4 * BLIT_W, (u32)src, (u32)(src >> 32),
	};
	u64 ns[ROUNDS];
	u32 i, r;

	eenv_ggtt_alloc(env, RING_GM, 4096);
	eenv_ggtt_alloc(env, BB_GM, 4096);
	eenv_ppgtt_alloc(env, BB_VA, 4096);
	eenv_ppgtt_alloc(env, DATA_VA, BLIT_BYTES);
	eenv_ppgtt_alloc(env, SRC_VA, BLIT_BYTES);
	for (i = 0; i < BLIT_BYTES / 4; i++)
		*eenv_va(env, src + 4 * i) = i * 2654435761u;
	for (i = 0; i < 10; i++)
		*bb_ptr(env, ppgtt, i) = cmd[i];
	*bb_ptr(env, ppgtt, 10) = 0x05000000;
	for (r = 0; r < ROUNDS; r++) {
		ns[r] = run_once(env, ppgtt);
		if (!ns[r])
			return fail("blit did not complete");
		for (i = 0; i < BLIT_BYTES / 4; i += 97) {
			u32 *d = eenv_va(env, dst + 4 * i);

			if (*d != i * 2654435761u)
				return fail("the blit copied the wrong data");
			*d = 0;
		}
	}
	if (env->bad || env->eng.stats.faults)
		return fail("bad accesses or faults");
	printf("bench: %s %.1f MB/s\n",
	       ppgtt ? "sim_exec_blit_ppgtt" : "sim_exec_blit",
	       BLIT_BYTES * 1e3 / median(ns, ROUNDS));
	eenv_free(env);
	return 0;
}

int main(void)
{
	return bench_store(true) || bench_store(false) || bench_noop() ||
	       bench_blit(false) || bench_blit(true);
}
