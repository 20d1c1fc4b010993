// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the device and frontend registry.
 */
#include <stdio.h>

#include "gvt_test.h"

TEST(frontend_sees_existing_and_later_devices)
{
	struct fake_fe *f = fake_fe_get(0);
	struct tdev a, b;

	tdev_new(&a, 512, 4096, 32, false);
	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	EXPECT_EQ(f->n_added, 1);
	EXPECT(fake_fe_is_attached(f, a.gvt));
	/* Called with no core lock held (see frontend_calls_unlocked). */
	EXPECT_EQ(f->locks_held, 0);
	EXPECT(!mutex_is_locked(&a.gvt->lock));

	tdev_new(&b, 1024, 4096, 32, false);
	EXPECT_EQ(f->n_added, 2);
	EXPECT(fake_fe_is_attached(f, b.gvt));

	tdev_del(&a);
	EXPECT_EQ(f->n_removed, 1);
	EXPECT(!fake_fe_is_attached(f, a.gvt));
	EXPECT(fake_fe_is_attached(f, b.gvt));

	gvt_frontend_unregister(&f->fe);
	EXPECT_EQ(f->n_removed, 2);
	EXPECT_EQ(f->n_attached, 0);
	/* Gone: later devices are not announced to it. */
	tdev_new(&a, 512, 4096, 32, false);
	EXPECT_EQ(f->n_added, 2);
	tdev_del(&a);
	tdev_del(&b);
	EXPECT_EQ(f->n_removed, 2);
	EXPECT_EQ(f->n_bogus, 0);
}

TEST(frontend_register_errors)
{
	struct fake_fe *f = fake_fe_get(0);
	struct gvt_frontend bad;
	struct tdev a;

	tdev_new(&a, 512, 4096, 32, false);
	EXPECT_EQ(gvt_frontend_register(NULL), -EINVAL);
	bad = f->fe;
	bad.device_added = NULL;
	EXPECT_EQ(gvt_frontend_register(&bad), -EINVAL);
	bad = f->fe;
	bad.device_removed = NULL;
	EXPECT_EQ(gvt_frontend_register(&bad), -EINVAL);
	EXPECT_EQ(f->n_added, 0);

	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	EXPECT_EQ(gvt_frontend_register(&f->fe), -EBUSY);
	/* The second attempt did not announce the device again. */
	EXPECT_EQ(f->n_added, 1);
	EXPECT_EQ(f->n_bogus, 0);
	gvt_frontend_unregister(&f->fe);
	EXPECT_EQ(f->n_removed, 1);
	/* Unregistering twice is harmless. */
	gvt_frontend_unregister(&f->fe);
	EXPECT_EQ(f->n_removed, 1);
	tdev_del(&a);
}

TEST(frontend_slots)
{
	struct fake_fe *f[FAKE_FES];
	unsigned int i;
	struct tdev a;

	for (i = 0; i < FAKE_FES; i++)
		f[i] = fake_fe_get(i);
	tdev_new(&a, 512, 4096, 32, false);
	for (i = 0; i < FAKE_FES - 1; i++)
		ASSERT_EQ(gvt_frontend_register(&f[i]->fe), 0);
	EXPECT_EQ(gvt_frontend_register(&f[FAKE_FES - 1]->fe), -ENOSPC);
	EXPECT_EQ(f[FAKE_FES - 1]->n_added, 0);
	gvt_frontend_unregister(&f[1]->fe);
	ASSERT_EQ(gvt_frontend_register(&f[FAKE_FES - 1]->fe), 0);
	EXPECT_EQ(f[FAKE_FES - 1]->n_added, 1);
	tdev_del(&a);
	for (i = 0; i < FAKE_FES; i++) {
		EXPECT_EQ(f[i]->n_added, 1);
		EXPECT_EQ(f[i]->n_removed, 1);
		EXPECT_EQ(f[i]->n_bogus, 0);
	}
}

TEST(frontend_failing_device_added)
{
	struct fake_fe *good = fake_fe_get(0);
	struct fake_fe *bad = fake_fe_get(1);
	struct tdev a, b;

	bad->added_ret = -ENODEV;
	tdev_new(&a, 512, 4096, 32, false);
	ASSERT_EQ(gvt_frontend_register(&bad->fe), 0);
	ASSERT_EQ(gvt_frontend_register(&good->fe), 0);
	EXPECT(gvt_shim_log_contains("failed to attach"));
	EXPECT_EQ(bad->n_added, 1);
	tdev_new(&b, 1024, 4096, 32, false);
	EXPECT_EQ(bad->n_added, 2);
	EXPECT_EQ(good->n_added, 2);

	/* Not attached: no device_removed, neither way round. */
	tdev_del(&a);
	EXPECT_EQ(bad->n_removed, 0);
	EXPECT_EQ(good->n_removed, 1);
	gvt_frontend_unregister(&bad->fe);
	EXPECT_EQ(bad->n_removed, 0);
	tdev_del(&b);
	EXPECT_EQ(good->n_removed, 2);
	EXPECT_EQ(bad->n_bogus + good->n_bogus, 0);
}

TEST(frontend_slot_reuse_forgets_failed_attach)
{
	struct fake_fe *f0 = fake_fe_get(0);
	struct fake_fe *f1 = fake_fe_get(1);
	struct tdev a;

	tdev_new(&a, 512, 4096, 32, false);
	/* f0 attaches; f0 leaves; f1 takes its slot but fails to attach. */
	ASSERT_EQ(gvt_frontend_register(&f0->fe), 0);
	gvt_frontend_unregister(&f0->fe);
	f1->added_ret = -EIO;
	ASSERT_EQ(gvt_frontend_register(&f1->fe), 0);
	tdev_del(&a);
	EXPECT_EQ(f1->n_removed, 0);
	EXPECT_EQ(f0->n_removed, 1);
	EXPECT_EQ(f0->n_bogus + f1->n_bogus, 0);
}

TEST(frontend_creates_vgpus)
{
	struct fake_fe *f = fake_fe_get(0);
	struct tdev a, b;

	f->create_vgpu = true;
	tdev_new(&a, 512, 4096, 32, false);
	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	tdev_new(&b, 256, 4096, 32, false);
	EXPECT_EQ(a.gvt->num_vgpus, 1);
	EXPECT_EQ(b.gvt->num_vgpus, 1);
	check_available_exact(a.gvt);
	tdev_del(&a);
	gvt_frontend_unregister(&f->fe);
	EXPECT_EQ(b.gvt->num_vgpus, 0);
	check_available_exact(b.gvt);
	tdev_del(&b);
	EXPECT_EQ(f->n_removed, 2);
	/* No warning: the frontend cleaned up after itself. */
	EXPECT(!gvt_shim_log_contains("still exists"));
}

/*
 * A vGPU left behind at unregister is a frontend bug: the frontend may
 * still point at it. It is not freed and no hypervisor op is called (the
 * frontend's device_removed has returned); the host gets its GGTT entries
 * and fences back, scrubbed, and no host op is called afterwards.
 */
TEST(device_unregister_leaks_leftover_vgpus)
{
	struct gvt_vgpu_resources res[3];
	unsigned long unpins, host_calls;
	struct gvt_vgpu *v[3];
	struct gvt_device *gvt;
	struct fake_host host;
	struct fake_hv hv;
	unsigned int i, j, warned;

	fake_host_init(&host, 1024, 4096, 32, true);
	gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
	ASSERT(!IS_ERR(gvt));
	host.lock = &gvt->lock;
	for (i = 0; i < 3; i++) {
		v[i] = vgpu_new(gvt, gvt_device_type(gvt, i));
		gvt_vgpu_get_resources(v[i], &res[i]);
	}
	fake_hv_init(&hv, &host, 0, MTEST_GFN_BASE, 8);
	fake_hv_attach(&hv, v[0]);
	mmio_wr(v[0], GVT_GGTT_OFFSET + 8 * PAGES(res[0].low_gm_base), 8,
		GPTE(MTEST_GFN(3)));
	EXPECT_EQ(hv.pins[3], 1);
	unpins = hv.unpin_calls;
	fake_host_fill_garbage(&host);
	gvt_shim_log_clear();
	warned = gvt_shim_warnings;
	gvt_device_unregister(gvt);
	EXPECT_EQ(gvt_shim_warnings - warned, 3);
	EXPECT(gvt_shim_log_contains("vGPU 1 still exists"));
	EXPECT(gvt_shim_log_contains("vGPU 3 still exists"));
	/* Not freed, nothing called into the frontend. */
	EXPECT_EQ(hv.unpin_calls, unpins);
	EXPECT_EQ(hv.pins[3], 1);
	EXPECT_EQ(v[0]->id, res[0].id);
	/* The host got its GGTT entries and fences back, scrubbed. */
	for (i = 0; i < 3; i++) {
		EXPECT(fake_host_ggtt_is(&host, PAGES(res[i].low_gm_base),
					 PAGES(res[i].low_gm_size),
					 FAKE_SCRATCH_PTE));
		EXPECT(fake_host_ggtt_is(&host, PAGES(res[i].high_gm_base),
					 PAGES(res[i].high_gm_size),
					 FAKE_SCRATCH_PTE));
		for (j = 0; j < res[i].num_fences; j++)
			EXPECT_EQ(host.fences[res[i].fences[j]], 0);
	}
	EXPECT_EQ(host.bad_calls, 0);

	/* The late frontend cleans up; the host is not reached any more. */
	host_calls = host.ggtt_clear_calls + host.ggtt_write_calls +
		     host.fence_write_calls;
	fake_hv_detach(&hv);
	EXPECT_EQ(hv.pins[3], 0);
	for (i = 0; i < 3; i++)
		gvt_vgpu_destroy(v[i]);
	EXPECT_EQ(host.ggtt_clear_calls + host.ggtt_write_calls +
		  host.fence_write_calls, host_calls);
	EXPECT_EQ(hv.bad_calls, 0);
	/* What the device leaked, freed by hand. */
	gvt_cmd_table_fini(gvt);
	gvt_mmio_table_fini(gvt);
	mutex_destroy(&gvt->lock);
	kfree(gvt);
	EXPECT_EQ(gvt_shim_live_allocs, 0);
	fake_hv_fini(&hv);
	fake_host_fini(&host);
}

/* device_removed of fe1 registers another device and another frontend. */
static void register_meanwhile(struct fake_fe *f, struct gvt_device *gvt)
{
	struct tdev *other = f->data;

	if (other->gvt)
		return;
	tdev_new(other, 1024, 4096, 32, false);
	EXPECT(!IS_ERR_OR_NULL(other->gvt));
	EXPECT_EQ(gvt_frontend_register(&fake_fe_get(2)->fe), 0);
}

/*
 * A frontend's device_removed may wait for userspace (gvt_vfio waits for
 * QEMU to close the device): it runs without the registry lock, so other
 * devices and frontends register meanwhile.
 */
TEST(frontend_calls_unlocked)
{
	struct fake_fe *f0 = fake_fe_get(0);
	struct fake_fe *f1 = fake_fe_get(1);
	struct tdev a, b = { 0 };

	tdev_new(&a, 512, 4096, 32, false);
	ASSERT_EQ(gvt_frontend_register(&f0->fe), 0);
	EXPECT_EQ(f0->locks_held, 0);
	ASSERT_EQ(gvt_frontend_register(&f1->fe), 0);
	f1->on_removed = register_meanwhile;
	f1->data = &b;
	tdev_del(&a);
	EXPECT_EQ(f0->locks_held, 0);
	EXPECT_EQ(f1->locks_held, 0);
	/* The device that came meanwhile met all three frontends. */
	ASSERT(b.gvt);
	EXPECT(fake_fe_is_attached(f0, b.gvt));
	EXPECT(fake_fe_is_attached(f1, b.gvt));
	EXPECT(fake_fe_is_attached(&fake_fes[2], b.gvt));
	f1->on_removed = NULL;
	tdev_del(&b);
	EXPECT_EQ(f0->n_removed, 2);
	EXPECT_EQ(f1->n_removed, 2);
	EXPECT_EQ(fake_fes[2].n_removed, 1);
	EXPECT_EQ(f0->n_bogus + f1->n_bogus + fake_fes[2].n_bogus, 0);
}
