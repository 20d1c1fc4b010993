// SPDX-License-Identifier: GPL-2.0-only
/*
 * The life cycle of a guest's vGPU (drivers/gpu/gvt/xen/domain.c): the
 * teardown order, requests in flight, double destroy, domain death,
 * failures at every step of create and allocation failures, unload.
 */
#include <stdio.h>
#include <string.h>

#include "xt.h"

/* Index of @call (dm_op @op) in domain 1's log; -1 fails the case. */
static int at(enum fake_xen_call call, u32 op, int from)
{
	int i = fake_xen_log_find(1, call, op, from);

	if (i < 0)
		FAIL("call %d (op %u) not in the log after %d", call, op, from);
	return i;
}

TEST(xen_teardown_order)
{
	struct fake_xen_dom *f;
	int start, i;
	struct xt e;

	xt_start(&e, 2);
	xt_create(&e, 1);
	f = fake_xen_dom(1);
	start = f->nlog;
	ASSERT_EQ(xt_write(&e, "-1\n"), 0);
	i = at(FX_UNPUBLISH, 0, start);
	i = at(FX_DM_OP, XENGT_DMOP_set_ioreq_server_state, i);
	i = at(FX_WORKER_STOP, 0, i);
	i = at(FX_UNBIND, 0, i);
	i = at(FX_UNBIND, 1, i);
	i = at(FX_UNPIN_ALL, 0, i);
	i = at(FX_DM_OP, XENGT_DMOP_map_mem_type_to_ioreq_server, i);
	i = at(FX_DM_OP, XENGT_DMOP_destroy_ioreq_server, i);
	i = at(FX_IOPAGE_UNMAP, 0, i);
	at(FX_FINI, 0, i);
	EXPECT(fake_xen_dom_clean(1));
	EXPECT(!xengt_lookup(&e.x, 1));
	EXPECT_EQ(e.t.gvt->num_vgpus, 0);
	xt_stop(&e);
}

TEST(xen_teardown_in_flight)
{
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 3);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	xt_place_bars(d);
	/* vCPU 0 reads, vCPU 1 writes, vCPU 2 has nothing pending. */
	fake_xen_post(1, 0, XENGT_IOREQ_TYPE_COPY, true, XT_BAR0, 0x55, 4, 1,
		      false, false);
	fake_xen_post(1, 1, XENGT_IOREQ_TYPE_COPY, false, XT_BAR0, 0x55, 4, 1,
		      false, false);
	memset(f->notified, 0, sizeof(f->notified));
	gvt_shim_log_clear();
	ASSERT_EQ(xt_write(&e, "-1\n"), 0);
	EXPECT(gvt_shim_log_contains("2 requests answered with an error at teardown"));
	EXPECT_EQ(fake_xen_state(1, 0), XENGT_STATE_IORESP_READY);
	EXPECT_EQ(fake_xen_data(1, 0), ~0ULL);
	EXPECT_EQ(fake_xen_state(1, 1), XENGT_STATE_IORESP_READY);
	EXPECT_EQ(fake_xen_data(1, 1), 0x55);
	EXPECT_EQ(f->notified[0], 1);
	EXPECT_EQ(f->notified[1], 1);
	EXPECT_EQ(f->notified[2], 0);
	EXPECT(fake_xen_dom_clean(1));
	xt_stop(&e);
}

TEST(xen_teardown_double_destroy)
{
	unsigned long ops;
	struct xt e;

	xt_start(&e, 1);
	xt_create(&e, 1);
	xt_create(&e, 2);
	EXPECT_EQ(xt_write(&e, "-1\n"), 0);
	ops = fake_xen.dm_ops;
	/* QEMU's and libxl's "-domid" both arrive: the second is harmless. */
	EXPECT_EQ(xt_write(&e, "-1\n"), -ENOENT);
	EXPECT_EQ(xt_write(&e, "-1"), -ENOENT);
	EXPECT_EQ(fake_xen.dm_ops, ops);
	EXPECT(fake_xen_dom_clean(1));
	/* The other guest is untouched. */
	EXPECT(xengt_lookup(&e.x, 2));
	EXPECT(fake_xen_dom(2)->enabled);
	EXPECT_EQ(e.t.gvt->num_vgpus, 1);
	/* And the domain can have a vGPU again. */
	xt_create(&e, 1);
	xt_stop(&e);
}

TEST(xen_teardown_domain_death)
{
	struct xengt_dom *d2;
	struct fake_xen_dom *f;
	u32 before, after;
	struct xt e;

	xt_start(&e, 2);
	xt_create(&e, 1);
	d2 = xt_create(&e, 2);
	xt_create(&e, 3);
	xt_place_bars(d2);
	xt_io(d2, 0, XENGT_IOREQ_TYPE_COPY, false, XT_BAR0 + REG_PLAIN,
	      0xfeedf00d, 4, 1, false, false);
	EXPECT_EQ(gvt_vgpu_mmio_read(d2->vgpu, REG_PLAIN, &before, 4), 0);
	/* Nobody died: nothing happens. */
	EXPECT_EQ(xengt_reap(&e.x), 0);
	/* xl destroy: the domain is gone from Xen (dm_op -ESRCH). */
	f = fake_xen_dom(1);
	f->exists = false;
	/* A crashed domain whose xenstore directory libxl removed. */
	fake_xen_dom(3)->gone = true;
	gvt_shim_log_clear();
	EXPECT_EQ(xengt_reap(&e.x), 2);
	EXPECT(gvt_shim_log_contains("domain 1 is gone"));
	EXPECT(!xengt_lookup(&e.x, 1));
	EXPECT(!xengt_lookup(&e.x, 3));
	/* What dom0 holds is released even when Xen says -ESRCH. */
	EXPECT(!f->iopage_mapped && !f->worker && !f->published &&
	       !f->bound[0] && !f->bound[1] && !f->kpriv);
	EXPECT(fake_xen_dom_clean(3));
	/* The survivor's vGPU is unchanged and still served. */
	EXPECT(xengt_lookup(&e.x, 2) == d2);
	EXPECT_EQ(gvt_vgpu_mmio_read(d2->vgpu, REG_PLAIN, &after, 4), 0);
	EXPECT_EQ(after, before);
	EXPECT_EQ(xt_io(d2, 1, XENGT_IOREQ_TYPE_COPY, true,
			XT_BAR0 + REG_PLAIN, 0, 4, 1, false, false),
		  0xfeedf00d);
	EXPECT_EQ(e.t.gvt->num_vgpus, 1);
	/* Domain 1 stays dead: Xen freed its server, the fake did not. */
	xt_stop(&e);
}

TEST(xen_teardown_unload)
{
	struct xt e;
	unsigned int i;

	xt_start(&e, 2);
	for (i = 1; i < FAKE_XEN_DOMS; i++)
		xt_create(&e, i);
	EXPECT_EQ(e.t.gvt->num_vgpus, FAKE_XEN_DOMS - 1);
	/* xt_stop(): xengt_fini() and every domain clean. */
	xt_stop(&e);
}

TEST(xen_schedule)
{
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	EXPECT_EQ(xengt_schedule(d, false), 0);
	EXPECT(!f->enabled && !d->enabled);
	EXPECT_EQ(xengt_schedule(d, false), 0);
	EXPECT_EQ(xengt_schedule(d, true), 0);
	EXPECT(f->enabled && d->enabled);
	EXPECT(f->claimed);
	fake_xen.fail_op = XENGT_DMOP_set_ioreq_server_state;
	fake_xen.fail_errno = -EPERM;
	EXPECT_EQ(xengt_schedule(d, false), -EPERM);
	EXPECT(d->enabled);
	fake_xen.fail_op = 0;
	/* Stopped guests are torn down as well. */
	EXPECT_EQ(xengt_schedule(d, false), 0);
	EXPECT_EQ(xt_write(&e, "-1\n"), 0);
	EXPECT(fake_xen_dom_clean(1));
	xt_stop(&e);
}

/* A create that fails at any step leaves nothing behind. */
static void expect_clean_failure(struct xt *e, int err)
{
	struct gvt_state before, after;

	state_get(e->t.gvt, &before);
	EXPECT_EQ(xt_write(e, "1,64,448,4,-1,0\n"), err);
	state_get(e->t.gvt, &after);
	EXPECT(!xengt_lookup(&e->x, 1));
	EXPECT(fake_xen_dom_clean(1));
	EXPECT(!memcmp(&before, &after, sizeof(before)));
}

TEST(xen_create_fails_at_each_step)
{
	static const u32 ops[] = {
		XENGT_DMOP_nr_vcpus, XENGT_DMOP_create_ioreq_server,
		XENGT_DMOP_map_io_range_to_ioreq_server,
		XENGT_DMOP_set_ioreq_server_state,
	};
	static const enum fake_xen_call calls[] = {
		FX_INIT, FX_IOPAGE_MAP, FX_BIND, FX_WORKER_START, FX_PUBLISH,
	};
	unsigned int i;
	struct xt e;

	xt_start(&e, 2);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		fake_xen.fail_op = ops[i];
		fake_xen.fail_errno = -EPERM;
		expect_clean_failure(&e, -EPERM);
	}
	fake_xen.fail_op = 0;
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		fake_xen.fail_call = calls[i];
		fake_xen.fail_call_armed = true;
		expect_clean_failure(&e, -EIO);
	}
	fake_xen.fail_call_armed = false;
	EXPECT_EQ(fake_xen.violations, 0);
	xt_create(&e, 1);
	xt_stop(&e);
}

TEST(xen_create_allocation_failures)
{
	struct gvt_state before, after;
	unsigned long n;
	struct xt e;
	int ret;

	xt_start(&e, 2);
	state_get(e.t.gvt, &before);
	for (n = 1; n < 1000; n++) {
		gvt_shim_fail_nth = gvt_shim_alloc_calls + n;
		gvt_shim_fail_hit = false;
		ret = xt_write(&e, "1,64,448,4,-1,0\n");
		gvt_shim_fail_nth = 0;
		if (!gvt_shim_fail_hit) {
			EXPECT_EQ(ret, 0);
			break;
		}
		EXPECT(ret < 0);
		if (ret == 0) {
			/* An allocation whose failure is tolerated. */
			EXPECT_EQ(xt_write(&e, "-1\n"), 0);
			continue;
		}
		state_get(e.t.gvt, &after);
		EXPECT(!memcmp(&before, &after, sizeof(before)));
		EXPECT(fake_xen_dom_clean(1));
	}
	EXPECT(n > 1);
	EXPECT(xengt_lookup(&e.x, 1));
	xt_stop(&e);
}
