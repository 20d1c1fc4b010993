// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation-failure sweeps: fail the 1st, 2nd, ... allocation of an
 * operation until it no longer allocates that often; every failing run must
 * return -ENOMEM and leave no trace.
 */
#include <stdio.h>

#include "gvt_test.h"
#include "wl_env.h"

#define SWEEP_MAX	64

TEST(allocfail_device_register)
{
	struct fake_fe *f = fake_fe_get(0);
	struct gvt_device *gvt;
	struct fake_host host;
	unsigned long n;
	long live;

	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	fake_host_init(&host, 512, 4096, 32, false);
	for (n = 1; n < SWEEP_MAX; n++) {
		live = gvt_shim_live_allocs;
		gvt_shim_fail_after(n);
		gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
		gvt_shim_fail_after(0);
		if (!gvt_shim_fail_hit) {
			ASSERT(!IS_ERR(gvt));
			break;
		}
		EXPECT_EQ(PTR_ERR(gvt), -ENOMEM);
		EXPECT_EQ(gvt_shim_live_allocs, live);
		EXPECT_EQ(f->n_added, 0);
		EXPECT_EQ(host.ggtt_clear_calls + host.fence_write_calls, 0);
		if (!IS_ERR(gvt))
			gvt_device_unregister(gvt);
	}
	ASSERT(n < SWEEP_MAX);
	/* The survivor is complete and announced. */
	EXPECT(n > 1);
	EXPECT_EQ(f->n_added, 1);
	EXPECT_EQ(gvt_device_num_types(gvt), 3);
	check_available_exact(gvt);
	gvt_device_unregister(gvt);
	EXPECT_EQ(gvt_shim_live_allocs, 0);
}

static void sweep_create(struct gvt_device *gvt, const struct gvt_type *type,
			 struct fake_host *host)
{
	struct gvt_state before, after;
	struct gvt_vgpu *vgpu;
	unsigned long n, calls;

	for (n = 1; n < SWEEP_MAX; n++) {
		state_get(gvt, &before);
		calls = host->ggtt_clear_calls + host->fence_write_calls;
		gvt_shim_fail_after(n);
		vgpu = gvt_vgpu_create(gvt, type);
		gvt_shim_fail_after(0);
		if (!gvt_shim_fail_hit) {
			ASSERT(!IS_ERR(vgpu));
			break;
		}
		if (!IS_ERR(vgpu)) {
			harness_fail(__FILE__, __LINE__, false,
				     "create survived failing allocation %lu",
				     n);
			gvt_vgpu_destroy(vgpu);
			continue;
		}
		EXPECT_EQ(PTR_ERR(vgpu), -ENOMEM);
		state_get(gvt, &after);
		ASSERT_STATE_EQ(&before, &after);
		EXPECT_EQ(host->ggtt_clear_calls + host->fence_write_calls,
			  calls);
	}
	ASSERT(n < SWEEP_MAX);
	EXPECT(n > 1);
	check_available_exact(gvt);
	gvt_vgpu_destroy(vgpu);
}

TEST(allocfail_vgpu_create)
{
	struct gvt_vgpu *v[3];
	struct gvt_device *gvt;
	unsigned int i;
	struct tdev t;

	gvt = tdev_new(&t, 1024, 4096, 32, false);
	/* On an empty device, then around existing vGPUs, each type. */
	for (i = 0; i < gvt_device_num_types(gvt); i++)
		sweep_create(gvt, gvt_device_type(gvt, i), &t.host);
	v[0] = vgpu_new(gvt, gvt_device_type(gvt, 1));
	v[1] = vgpu_new(gvt, gvt_device_type(gvt, 0));
	v[2] = vgpu_new(gvt, gvt_device_type(gvt, 2));
	gvt_vgpu_destroy(v[1]);
	for (i = 0; i < 2; i++)
		sweep_create(gvt, gvt_device_type(gvt, i), &t.host);
	gvt_vgpu_destroy(v[0]);
	gvt_vgpu_destroy(v[2]);
	tdev_del(&t);
}

TEST(allocfail_frontend_create_in_device_added)
{
	struct fake_fe *f = fake_fe_get(0);
	struct gvt_device *gvt;
	struct fake_host host;
	unsigned long n;

	/* device_added creates a vGPU; fail that allocation. */
	f->create_vgpu = true;
	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	fake_host_init(&host, 512, 4096, 32, false);
	for (n = 1; n < SWEEP_MAX; n++) {
		gvt_shim_fail_after(n);
		gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
		gvt_shim_fail_after(0);
		if (!gvt_shim_fail_hit)
			break;
		if (IS_ERR(gvt)) {
			EXPECT_EQ(PTR_ERR(gvt), -ENOMEM);
			EXPECT_EQ(gvt_shim_live_allocs, 0);
			continue;
		}
		/* The device exists; the frontend is simply not attached. */
		EXPECT(!fake_fe_is_attached(f, gvt));
		EXPECT_EQ(gvt->num_vgpus, 0);
		check_available_exact(gvt);
		gvt_device_unregister(gvt);
		EXPECT_EQ(gvt_shim_live_allocs, 0);
	}
	ASSERT(n < SWEEP_MAX);
	ASSERT(!IS_ERR(gvt));
	EXPECT(fake_fe_is_attached(f, gvt));
	EXPECT_EQ(gvt->num_vgpus, 1);
	gvt_device_unregister(gvt);
	EXPECT_EQ(f->n_bogus, 0);
	EXPECT_EQ(gvt_shim_live_allocs, 0);
}

/*
 * Submission, from the ELSP write to the CSB event, with its 1st, 2nd, ...
 * allocation failing: the engine stops with an error (no memory is not
 * the guest's fault, so no failsafe), nothing leaks, and after an engine
 * reset the same request runs.
 */
TEST(allocfail_submission)
{
	static const u32 req[] = { 0x01000000, 0 };
	const enum gvt_engine e = GVT_ENGINE_BCS;
	u32 base = gvt_engine_base(e);
	struct wl_guest g;
	struct wl_dev d;
	unsigned long n;
	long live;

	wl_dev_init(&d, 256, true);
	wl_guest_init(&g, &d, "GVTg_V5_8", 0);
	for (n = 1; n < SWEEP_MAX; n++) {
		u64 done = g.v->counters.workloads_done;

		wl_emit(&g, e, req, ARRAY_SIZE(req));
		live = gvt_shim_live_allocs;
		gvt_shim_fail_after(n);
		wl_elsp(&g, e, wl_kdesc(&g, e), 0);
		gvt_shim_fail_after(0);
		EXPECT_EQ(gvt_shim_live_allocs, live);
		EXPECT_EQ(g.v->failsafe, GVT_FAILSAFE_NONE);
		if (!gvt_shim_fail_hit) {
			EXPECT_EQ(g.v->counters.workloads_done, done + 1);
			break;
		}
		EXPECT_EQ(g.v->counters.workloads_done, done);
		EXPECT(rd32(g.v, base + GVT_RING_EIR) & GVT_EIR_INSTRUCTION);
		/* The guest's recovery: reset the engine, resubmit. */
		wr32(g.v, GVT_REG_GDRST, GVT_GDRST_BLT);
		wr32(g.v, base + GVT_RING_HWS_PGA, wl_gm(&g, WL_HWSP(e)));
		wr32(g.v, base + GVT_RING_CSB_PTR, 0xffff0505);
		*wl_ctx_reg(&g, WL_CTX(e), GVT_CTX_RING_HEAD) = g.tail[e];
	}
	ASSERT(n < SWEEP_MAX);
	EXPECT(n > 3);
	wl_guest_fini(&g);
	wl_dev_fini(&d);
}
