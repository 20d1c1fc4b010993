// SPDX-License-Identifier: GPL-2.0-only
/*
 * The weighted scheduler over many workloads: busy vGPUs share an engine
 * in proportion to their types' weights, an idle vGPU gets nothing and
 * earns no credit for later.
 */
#include "wl_env.h"

#define MI_USER_INTERRUPT	0x01000000
#define MI_NOOP			0x00000000
#define TICKS			100

static const u32 req[] = { MI_USER_INTERRUPT, MI_NOOP };

/*
 * Every busy guest queues one more request on RCS (a lite restore while
 * its context runs, so it always has work waiting), then the workload in
 * flight completes and the core's work item dispatches the next one.
 */
static void sched_round(struct wl_dev *d, struct wl_guest **gs,
			unsigned int n)
{
	const enum gvt_engine e = GVT_ENGINE_RCS;
	unsigned int i;

	for (i = 0; i < n; i++) {
		wl_emit(gs[i], e, req, ARRAY_SIZE(req));
		wl_elsp(gs[i], e, wl_kdesc(gs[i], e), 0);
	}
	ASSERT(d->gpu.inflight[e]);
	fake_gpu_complete(&d->gpu, e, 0);
	gvt_sched_work(d->gvt);
}

static u64 ran(struct wl_guest *g)
{
	return g->v->counters.workloads;
}

/* Shares within 2% of 1:2 for weights 2 and 4 over 600 workloads. */
TEST(sched_weighted_shares)
{
	struct wl_guest a, b, *gs[2] = { &a, &b };
	struct wl_dev d;
	unsigned int r;
	u64 na, nb;

	wl_dev_init(&d, 512, false);
	d.gpu.ticks = TICKS;
	wl_guest_init(&a, &d, "GVTg_V5_8", 0);		/* weight 2 */
	wl_guest_init(&b, &d, "GVTg_V5_4", WL_GUEST_PAGES);	/* weight 4 */
	EXPECT_EQ(a.v->type->weight, 2);
	EXPECT_EQ(b.v->type->weight, 4);
	for (r = 0; r < 600; r++)
		sched_round(&d, gs, 2);
	na = ran(&a);
	nb = ran(&b);
	EXPECT(na + nb >= 600);
	if (3 * na < 200 * 3 - 36 || 3 * na > 200 * 3 + 36)
		FAIL("weight 2 ran %llu of %llu workloads, want 1/3 +- 2%%",
		     (unsigned long long)na, (unsigned long long)(na + nb));
	EXPECT(a.v->failsafe == GVT_FAILSAFE_NONE &&
	       b.v->failsafe == GVT_FAILSAFE_NONE);
	/* Both were charged what the host reported. */
	EXPECT_EQ(a.v->counters.sched_ticks + b.v->counters.sched_ticks,
		  (u64)TICKS * 600);
	sched_round(&d, gs, 0);
	wl_guest_fini(&a);
	wl_guest_fini(&b);
	wl_dev_fini(&d);
}

/*
 * An idle vGPU gets nothing; when it becomes busy it gets its share, not
 * the time it did not use.
 */
TEST(sched_idle_earns_nothing)
{
	struct wl_guest a, b, c, *gs[3] = { &a, &b, &c };
	u64 a0, b0, c0, total;
	struct wl_dev d;
	unsigned int r;

	wl_dev_init(&d, 512, false);
	d.gpu.ticks = TICKS;
	wl_guest_init(&a, &d, "GVTg_V5_8", 0);
	wl_guest_init(&b, &d, "GVTg_V5_4", WL_GUEST_PAGES);
	wl_guest_init(&c, &d, "GVTg_V5_8", 2 * WL_GUEST_PAGES);
	for (r = 0; r < 300; r++)
		sched_round(&d, gs, 2);
	EXPECT_EQ(ran(&c), 0);
	EXPECT_EQ(c.v->counters.sched_ticks, 0);
	a0 = ran(&a);
	b0 = ran(&b);
	c0 = ran(&c);
	for (r = 0; r < 400; r++)
		sched_round(&d, gs, 3);
	total = ran(&a) - a0 + ran(&b) - b0 + ran(&c) - c0;
	/* Weights 2, 4, 2: c gets a quarter, within 3%. */
	if (100 * (ran(&c) - c0) < 22 * total ||
	    100 * (ran(&c) - c0) > 28 * total)
		FAIL("after idling, weight 2 of 8 ran %llu of %llu",
		     (unsigned long long)(ran(&c) - c0),
		     (unsigned long long)total);
	if (100 * (ran(&b) - b0) < 47 * total ||
	    100 * (ran(&b) - b0) > 53 * total)
		FAIL("weight 4 of 8 ran %llu of %llu",
		     (unsigned long long)(ran(&b) - b0),
		     (unsigned long long)total);
	while (d.gpu.inflight[GVT_ENGINE_RCS])
		sched_round(&d, gs, 0);
	wl_guest_fini(&a);
	wl_guest_fini(&b);
	wl_guest_fini(&c);
	wl_dev_fini(&d);
}

/* One workload per engine of the GPU at a time, across vGPUs. */
TEST(sched_one_per_engine)
{
	struct wl_guest a, b;
	struct wl_dev d;

	wl_dev_init(&d, 512, false);
	wl_guest_init(&a, &d, "GVTg_V5_8", 0);
	wl_guest_init(&b, &d, "GVTg_V5_8", WL_GUEST_PAGES);
	wl_emit(&a, GVT_ENGINE_BCS, req, 2);
	wl_elsp(&a, GVT_ENGINE_BCS, wl_kdesc(&a, GVT_ENGINE_BCS), 0);
	wl_emit(&b, GVT_ENGINE_BCS, req, 2);
	wl_elsp(&b, GVT_ENGINE_BCS, wl_kdesc(&b, GVT_ENGINE_BCS), 0);
	wl_emit(&b, GVT_ENGINE_VCS, req, 2);
	wl_elsp(&b, GVT_ENGINE_VCS, wl_kdesc(&b, GVT_ENGINE_VCS), 0);
	/* b waits for BCS, but its VCS work runs at once. */
	EXPECT_EQ(d.gpu.submits, 2);
	EXPECT_EQ(d.gpu.inflight[GVT_ENGINE_BCS]->vgpu_id, a.res.id);
	EXPECT_EQ(d.gpu.inflight[GVT_ENGINE_VCS]->vgpu_id, b.res.id);
	fake_gpu_complete(&d.gpu, GVT_ENGINE_BCS, 0);
	gvt_sched_work(d.gvt);
	ASSERT(d.gpu.inflight[GVT_ENGINE_BCS]);
	EXPECT_EQ(d.gpu.inflight[GVT_ENGINE_BCS]->vgpu_id, b.res.id);
	fake_gpu_complete(&d.gpu, GVT_ENGINE_BCS, 0);
	fake_gpu_complete(&d.gpu, GVT_ENGINE_VCS, 0);
	gvt_sched_work(d.gvt);
	EXPECT_EQ(wl_csb_wp(&b, GVT_ENGINE_BCS), 1);
	EXPECT_EQ(wl_csb_wp(&b, GVT_ENGINE_VCS), 1);
	EXPECT_EQ(d.gpu.bad, 0);
	wl_guest_fini(&a);
	wl_guest_fini(&b);
	wl_dev_fini(&d);
}
