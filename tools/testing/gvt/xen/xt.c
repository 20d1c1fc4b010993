// SPDX-License-Identifier: GPL-2.0-only
/*
 * The xengt test fixture.
 */
#include <stdio.h>
#include <string.h>

#include "xt.h"

void xt_start(struct xt *e, unsigned int vcpus)
{
	fake_xen_reset(vcpus);
	tdev_new(&e->t, 512, 4096, 32, true);
	xengt_init(&e->x, &fake_xen_ops);
	ASSERT_EQ(xengt_device_added(&e->x, e->t.gvt), 0);
}

void xt_stop(struct xt *e)
{
	unsigned int i;

	xengt_fini(&e->x);
	for (i = 1; i < FAKE_XEN_DOMS; i++)
		EXPECT(fake_xen_dom_clean(i) || !fake_xen_dom(i)->exists);
	EXPECT_EQ(fake_xen.violations, 0);
	EXPECT_EQ(e->t.gvt->num_vgpus, 0);
	tdev_del(&e->t);
	fake_xen_free();
}

int xt_write(struct xt *e, const char *s)
{
	return xengt_write(&e->x, s, strlen(s));
}

struct xengt_dom *xt_create(struct xt *e, unsigned int domid)
{
	char buf[64];
	struct xengt_dom *d;

	snprintf(buf, sizeof(buf), "%d,%u,%u,%u,%d,0\n", domid, 64, 448, 4,
		 -1);
	ASSERT_EQ(xt_write(e, buf), 0);
	d = xengt_lookup(&e->x, domid);
	ASSERT(d);
	return d;
}

u64 xt_io(struct xengt_dom *d, unsigned int v, u8 type, bool read, u64 addr,
	  u64 data, u32 size, u32 count, bool ptr, bool df)
{
	unsigned int before = fake_xen_dom(d->domid)->notified[v];

	fake_xen_post(d->domid, v, type, read, addr, data, size, count, ptr,
		      df);
	EXPECT(xengt_ioreq_handle(d, v));
	EXPECT_EQ(fake_xen_state(d->domid, v), XENGT_STATE_IORESP_READY);
	EXPECT_EQ(fake_xen_dom(d->domid)->notified[v], before + 1);
	return fake_xen_data(d->domid, v);
}

u64 xt_cfg(struct xengt_dom *d, bool read, u32 reg, u32 size, u64 val)
{
	return xt_io(d, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, read, XT_CFG(reg), val,
		     size, 1, false, false);
}

void xt_place_bars(struct xengt_dom *d)
{
	xt_cfg(d, false, 0x10, 4, (u32)XT_BAR0);
	xt_cfg(d, false, 0x14, 4, XT_BAR0 >> 32);
	xt_cfg(d, false, 0x18, 4, (u32)XT_BAR2);
	xt_cfg(d, false, 0x1c, 4, XT_BAR2 >> 32);
	xt_cfg(d, false, 0x04, 2, 0x2);
}
