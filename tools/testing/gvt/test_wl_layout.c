// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workload copies of the host backends (drivers/gpu/gvt/core/wl_layout.c):
 * a workload as the core hands it over (struct gvt_workload) is laid out
 * in a GM window, relocated and run by the command executor on the fake
 * memory of engine_env.c, with the batch privileges its buffers give.
 */
#include <string.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include <gvt/gvt.h>

#include "engine_env.h"
#include <gvt/wl_layout.h>
#include "harness.h"

#define RCS		0x2000
#define WIN_GM		0x400000	/* the backend's window */
#define WIN_SIZE	0x10000
#define DATA_GM		0x20000
#define HWSP_GM		0x30000
#define DATA_VA		0x000100002000ULL
#define GUEST_BB	0x7f0000400000ULL	/* the guest's batch address */
#define GUEST_BB2	0x7f0000500000ULL

#define SDI		0x10000002
#define SDI_GGTT	BIT(22)
#define BB_START	0x18800001
#define BB_PPGTT	BIT(8)
#define BB_2ND		BIT(22)
#define BB_END		0x05000000
#define LRI1		0x11000001

struct wl_env {
	struct eenv *env;
	struct gvt_wl_layout lay;
	struct gvt_workload wl;
	struct gvt_sim_engine_ops ops;
};

static void win_write(void *priv, u32 off, const u32 *dw, u32 n)
{
	struct eenv *env = priv;
	u32 i;

	for (i = 0; i < n; i++)
		*eenv_gm(env, WIN_GM + off + 4 * i) = dw[i];
}

static struct wl_env *cur;

static bool hook(void *priv, u64 addr, bool *ppgtt, bool *privileged)
{
	*ppgtt = false;
	return gvt_wl_layout_batch(&cur->lay, &cur->wl, addr, privileged);
}

/* Lay @wl out, copy it and load the executor on the copy. */
static int wl_load(struct wl_env *w)
{
	struct gvt_sim_ring r = { .start = WIN_GM, .hwsp = HWSP_GM };
	int ret;

	ret = gvt_wl_layout(&w->lay, &w->wl, WIN_GM, WIN_SIZE);
	if (ret)
		return ret;
	gvt_wl_layout_copy(&w->lay, &w->wl, win_write, w->env);
	r.size = w->lay.ring_size;
	r.tail = w->lay.ring_tail;
	r.pml4 = w->env->pml4;
	w->ops = eenv_ops;
	w->ops.batch_start = hook;
	w->env->eng.ops = &w->ops;
	cur = w;
	return gvt_sim_engine_load(&w->env->eng, &r);
}

static void wl_env_init(struct wl_env *w)
{
	memset(w, 0, sizeof(*w));
	w->env = eenv_new(RCS);
	eenv_ggtt_alloc(w->env, WIN_GM, WIN_SIZE);
	eenv_ggtt_alloc(w->env, DATA_GM, 4096);
	eenv_ggtt_alloc(w->env, HWSP_GM, 4096);
	eenv_ppgtt_alloc(w->env, DATA_VA, 4096);
}

static void wl_env_fini(struct wl_env *w)
{
	gvt_wl_layout_fini(&w->lay);
	eenv_free(w->env);
}

/*
 * A ring that calls a PPGTT batch, which calls a second-level batch; an
 * indirect-context batch (no BB_END of its own) runs first.
 */
TEST(sim_wl_layout_runs_relocated_copies)
{
	const u32 ring[] = {
		SDI | SDI_GGTT, DATA_GM, 0, 1,
		BB_START | BB_PPGTT, (u32)GUEST_BB, (u32)(GUEST_BB >> 32),
		SDI | SDI_GGTT, DATA_GM + 4, 0, 2,
	};
	const u32 bb1[] = {
		/* unprivileged: the GGTT bit is not honoured, PPGTT it is */
		SDI | SDI_GGTT, (u32)DATA_VA, (u32)(DATA_VA >> 32), 3,
		BB_START | BB_PPGTT | BB_2ND, (u32)GUEST_BB2,
		(u32)(GUEST_BB2 >> 32),
		BB_END,
	};
	const u32 bb2[] = {
		SDI, (u32)DATA_VA + 4, (u32)(DATA_VA >> 32), 4, BB_END,
	};
	const u32 wa[] = { LRI1, 0xe180, 0x5 };
	const struct gvt_workload_buf bufs[] = {
		{ .cmds = ring, .ndw = ARRAY_SIZE(ring), .kind = GVT_WL_BUF_RING,
		  .parent = -1 },
		{ .cmds = bb1, .ndw = ARRAY_SIZE(bb1), .gma = GUEST_BB,
		  .ppgtt = true, .kind = GVT_WL_BUF_BATCH, .parent = 0,
		  .start_dw = 4 },
		{ .cmds = bb2, .ndw = ARRAY_SIZE(bb2), .gma = GUEST_BB2,
		  .ppgtt = true, .kind = GVT_WL_BUF_BATCH2, .parent = 1,
		  .start_dw = 4 },
		{ .cmds = wa, .ndw = ARRAY_SIZE(wa),
		  .kind = GVT_WL_BUF_INDIRECT_CTX, .parent = -1 },
	};
	struct wl_env w;
	u32 *v;

	wl_env_init(&w);
	w.wl.bufs = bufs;
	w.wl.nr_bufs = ARRAY_SIZE(bufs);
	ASSERT_EQ(wl_load(&w), 0);
	EXPECT_EQ(w.lay.ring_tail, 4 * (3 + ARRAY_SIZE(ring)));
	EXPECT_EQ(w.lay.ring_size % 4096, 0);
	EXPECT(w.lay.ring_tail < w.lay.ring_size);
	ASSERT_EQ(gvt_sim_engine_run(&w.env->eng, 1 << 20), GVT_SIM_EXEC_DONE);
	v = eenv_va(w.env, DATA_VA);
	EXPECT_EQ(eenv_gm(w.env, DATA_GM)[0], 1);
	EXPECT_EQ(eenv_gm(w.env, DATA_GM)[1], 2);
	EXPECT_EQ(v[0], 3);
	EXPECT_EQ(v[1], 4);
	EXPECT_EQ(w.env->regs[0xe180 / 4], 5);
	EXPECT_EQ(w.env->eng.stats.batches, 3);
	EXPECT_EQ(w.env->eng.stats.faults, 0);
	/* the core's buffers are untouched: relocation is in the copies */
	EXPECT_EQ(ring[5], (u32)GUEST_BB);
	EXPECT_EQ(bb1[5], (u32)GUEST_BB2);
	EXPECT_EQ(w.env->bad, 0);
	wl_env_fini(&w);
}

/* A batch copy that does not end runs into the guard: a CS error. */
TEST(sim_wl_layout_guard_after_batch)
{
	const u32 ring[] = { BB_START, DATA_GM, 0 };
	const u32 bb[] = { SDI | SDI_GGTT, DATA_GM, 0, 7 };	/* no end */
	const struct gvt_workload_buf bufs[] = {
		{ .cmds = ring, .ndw = 3, .kind = GVT_WL_BUF_RING,
		  .parent = -1 },
		{ .cmds = bb, .ndw = 4, .kind = GVT_WL_BUF_BATCH, .parent = 0,
		  .start_dw = 0 },
	};
	struct wl_env w;

	wl_env_init(&w);
	w.wl.bufs = bufs;
	w.wl.nr_bufs = 2;
	ASSERT_EQ(wl_load(&w), 0);
	ASSERT_EQ(gvt_sim_engine_run(&w.env->eng, 1 << 20),
		  GVT_SIM_EXEC_ERROR);
	EXPECT_EQ(eenv_gm(w.env, DATA_GM)[0], 7);
	EXPECT_EQ(w.env->eng.err_dw[0], 0xffffffff);
	wl_env_fini(&w);
}

/* A jump to anything but a copy's start is refused. */
TEST(sim_wl_layout_unrelocated_jump_refused)
{
	const u32 ring[] = { SDI | SDI_GGTT, DATA_GM, 0, 1 };
	const struct gvt_workload_buf bufs[] = {
		{ .cmds = ring, .ndw = 4, .kind = GVT_WL_BUF_RING,
		  .parent = -1 },
	};
	struct wl_env w;
	bool priv;

	wl_env_init(&w);
	w.wl.bufs = bufs;
	w.wl.nr_bufs = 1;
	ASSERT_EQ(wl_load(&w), 0);
	EXPECT(!gvt_wl_layout_batch(&w.lay, &w.wl, WIN_GM, &priv));
	EXPECT(!gvt_wl_layout_batch(&w.lay, &w.wl, DATA_GM, &priv));
	ASSERT_EQ(gvt_sim_engine_run(&w.env->eng, 1 << 20), GVT_SIM_EXEC_DONE);
	wl_env_fini(&w);
}

TEST(sim_wl_layout_rejects_bad_graphs)
{
	const u32 ring[] = { BB_START, 0, 0, 0 };
	const u32 big[4096] = { 0 };
	struct gvt_workload_buf bufs[3];
	struct gvt_wl_layout lay;
	struct gvt_workload wl = { .bufs = bufs };
	unsigned int i;

	memset(bufs, 0, sizeof(bufs));
	bufs[0] = (struct gvt_workload_buf){ .cmds = ring, .ndw = 4,
		.kind = GVT_WL_BUF_RING, .parent = -1 };
	bufs[1] = (struct gvt_workload_buf){ .cmds = ring, .ndw = 4,
		.kind = GVT_WL_BUF_BATCH, .parent = 0, .start_dw = 0 };
	wl.nr_bufs = 2;
	ASSERT_EQ(gvt_wl_layout(&lay, &wl, WIN_GM, WIN_SIZE), 0);
	gvt_wl_layout_fini(&lay);

	for (i = 0; i < 6; i++) {
		struct gvt_workload_buf save = bufs[1];

		switch (i) {
		case 0:
			bufs[1].parent = 2;		/* out of range */
			break;
		case 1:
			bufs[1].start_dw = 2;		/* runs past the end */
			break;
		case 2:
			bufs[1].start_dw = 1;		/* not a BB_START */
			break;
		case 3:
			bufs[1].parent = -1;		/* a batch with no caller */
			break;
		case 4:
			bufs[1].cmds = NULL;
			break;
		case 5:
			bufs[1].kind = GVT_WL_BUF_RING;	/* two rings */
			break;
		}
		EXPECT_EQ(gvt_wl_layout(&lay, &wl, WIN_GM, WIN_SIZE),
			  -EINVAL);
		EXPECT(!lay.off);
		bufs[1] = save;
	}
	/* too big for the window */
	bufs[1].cmds = big;
	bufs[1].ndw = ARRAY_SIZE(big);
	EXPECT_EQ(gvt_wl_layout(&lay, &wl, WIN_GM, 4 * 4096), -E2BIG);
	EXPECT(!lay.off);
	/* no ring at all */
	wl.nr_bufs = 0;
	EXPECT_EQ(gvt_wl_layout(&lay, &wl, WIN_GM, WIN_SIZE), -EINVAL);
}
