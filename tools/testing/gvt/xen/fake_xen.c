// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake Xen for the xengt tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"
#include "fake_xen.h"

struct fake_xen fake_xen;

struct fake_xen_dom *fake_xen_dom(unsigned int domid)
{
	return domid && domid < FAKE_XEN_DOMS ? &fake_xen.dom[domid] : NULL;
}

static struct fake_xen_dom *fx(struct xengt_dom *d)
{
	return fake_xen_dom(d->domid);
}

static void fx_log(struct fake_xen_dom *f, enum fake_xen_call c, u32 op)
{
	if (f->nlog < FAKE_XEN_LOG) {
		f->log[f->nlog] = c;
		f->log_op[f->nlog] = op;
	}
	f->nlog++;
}

static bool fx_fail(enum fake_xen_call c)
{
	return fake_xen.fail_call_armed && fake_xen.fail_call == c;
}

void fake_xen_reset(unsigned int vcpus)
{
	unsigned int i;

	fake_xen_free();
	memset(&fake_xen, 0, sizeof(fake_xen));
	for (i = 1; i < FAKE_XEN_DOMS; i++) {
		struct fake_xen_dom *f = &fake_xen.dom[i];

		f->exists = true;
		f->nr_vcpus = vcpus;
		f->ram = calloc(FAKE_XEN_RAM_PAGES, 4096);
		if (!f->ram)
			abort();
	}
}

void fake_xen_free(void)
{
	unsigned int i;

	for (i = 1; i < FAKE_XEN_DOMS; i++) {
		free(fake_xen.dom[i].ram);
		fake_xen.dom[i].ram = NULL;
	}
}

void fake_xen_allow2(u64 lo, u64 hi, u64 lo2, u64 hi2)
{
	fake_xen.allow_lo[0] = lo;
	fake_xen.allow_hi[0] = hi;
	fake_xen.allow_lo[1] = lo2;
	fake_xen.allow_hi[1] = hi2;
	fake_xen.allow_set = true;
}

void fake_xen_allow(u64 lo, u64 hi)
{
	fake_xen_allow2(lo, hi, lo, hi);
}

static bool fx_allowed(u64 gpa, unsigned int len)
{
	u64 last = gpa + len - 1;
	unsigned int i;

	if (last < gpa)
		return false;
	for (i = 0; i < 2; i++) {
		if (gpa >= fake_xen.allow_lo[i] && last <= fake_xen.allow_hi[i])
			return true;
	}
	return false;
}

void fake_xen_allow_none(void)
{
	fake_xen.allow_set = false;
}

static int fx_range(struct fake_xen_dom *f, bool map,
		    const struct xengt_dm_op_ioreq_server_range *r)
{
	unsigned int i;

	if (r->id != f->ioservid || r->start > r->end)
		return -EINVAL;
	for (i = 0; i < f->nranges; i++) {
		struct fake_xen_range *x = &f->ranges[i];

		if (x->type != r->type)
			continue;
		if (map && r->start <= x->end && r->end >= x->start)
			return -EEXIST;
		if (!map && x->start == r->start && x->end == r->end) {
			*x = f->ranges[--f->nranges];
			return 0;
		}
	}
	if (!map)
		return -ENOENT;
	if (f->nranges == FAKE_XEN_MAX_RANGES)
		return -ENOSPC;
	f->ranges[f->nranges].type = r->type;
	f->ranges[f->nranges].start = r->start;
	f->ranges[f->nranges].end = r->end;
	f->nranges++;
	return 0;
}

/* A request being served is INPROCESS while xengt works on it. */
static void fx_check_slot(void)
{
	struct xengt_ioreq *r = fake_xen.watch_slot;

	if (r && (r->flags & XENGT_IOREQ_F_STATE) != XENGT_STATE_IOREQ_INPROCESS)
		fake_xen.violations++;
}

static int fake_dm_op(struct xengt_dom *d, struct xengt_dm_op *op)
{
	struct fake_xen_dom *f = fx(d);
	unsigned int v;

	fake_xen.dm_ops++;
	fx_check_slot();
	if (!f || !f->exists)
		return -ESRCH;
	fx_log(f, FX_DM_OP, op->op);
	if (fake_xen.fail_op == op->op)
		return fake_xen.fail_errno;
	if (op->op != XENGT_DMOP_nr_vcpus &&
	    op->op != XENGT_DMOP_create_ioreq_server && !f->server)
		return -ENOENT;
	switch (op->op) {
	case XENGT_DMOP_nr_vcpus:
		op->u.nr_vcpus.vcpus = f->nr_vcpus;
		return 0;
	case XENGT_DMOP_create_ioreq_server:
		if (f->server)
			return -EEXIST;
		if (op->u.create_ioreq_server.handle_bufioreq)
			fake_xen.violations++;
		f->server = true;
		f->ioservid = 7;
		op->u.create_ioreq_server.id = f->ioservid;
		return 0;
	case XENGT_DMOP_destroy_ioreq_server:
		if (op->u.destroy_ioreq_server.id != f->ioservid)
			return -ENOENT;
		f->server = false;
		f->enabled = false;
		f->claimed = false;
		f->nranges = 0;
		return 0;
	case XENGT_DMOP_map_io_range_to_ioreq_server:
		return fx_range(f, true, &op->u.map_io_range_to_ioreq_server);
	case XENGT_DMOP_unmap_io_range_from_ioreq_server:
		return fx_range(f, false,
				&op->u.unmap_io_range_from_ioreq_server);
	case XENGT_DMOP_set_ioreq_server_state:
		f->enabled = op->u.set_ioreq_server_state.enabled;
		/* As Xen: the vCPUs' channels reach the page on enable. */
		for (v = 0; f->enabled && f->iopage_mapped && v < f->nr_vcpus &&
		     v < XENGT_MAX_VCPUS; v++)
			f->iopage.vcpu_ioreq[v].vp_eport =
				FAKE_XEN_PORT(d->domid, v);
		return 0;
	case XENGT_DMOP_map_mem_type_to_ioreq_server:
		if (op->u.map_mem_type_to_ioreq_server.type !=
		    XENGT_HVMMEM_ioreq_server ||
		    op->u.map_mem_type_to_ioreq_server.flags &
		    ~XENGT_DMOP_IOREQ_MEM_ACCESS_WRITE)
			return -EINVAL;
		f->claimed = op->u.map_mem_type_to_ioreq_server.flags;
		return 0;
	case XENGT_DMOP_set_mem_type: {
		u64 gfn = op->u.set_mem_type.first_pfn;
		u16 t = op->u.set_mem_type.mem_type;

		if (op->u.set_mem_type.nr != 1 || gfn >= FAKE_XEN_RAM_PAGES)
			return -EINVAL;
		if (t == XENGT_HVMMEM_ioreq_server && !f->claimed)
			return -EINVAL;
		if (t != XENGT_HVMMEM_ioreq_server && t != XENGT_HVMMEM_ram_rw)
			return -EINVAL;
		f->mem_type[gfn] = t;
		return 0;
	}
	case XENGT_DMOP_inject_msi:
		f->msis++;
		f->msi_addr = op->u.inject_msi.addr;
		f->msi_data = op->u.inject_msi.data;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int fake_dom_init(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	if (!f)
		return -EINVAL;
	fx_log(f, FX_INIT, 0);
	if (fx_fail(FX_INIT))
		return -EIO;
	d->hyp = f;
	f->kpriv = kmalloc(64, GFP_KERNEL);
	return f->kpriv ? 0 : -ENOMEM;
}

static void fake_dom_fini(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_FINI, 0);
	if (d->hyp != f)
		fake_xen.violations++;
	kfree(f->kpriv);
	f->kpriv = NULL;
	d->hyp = NULL;
}

static int fake_iopage_map(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_IOPAGE_MAP, 0);
	if (!f->server || f->iopage_mapped)
		fake_xen.violations++;
	if (fx_fail(FX_IOPAGE_MAP))
		return -EIO;
	/* A freshly allocated page: no channel in it until enabled. */
	memset(&f->iopage, 0, sizeof(f->iopage));
	f->iopage_mapped = true;
	d->iopage = &f->iopage;
	return 0;
}

static void fake_iopage_unmap(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_IOPAGE_UNMAP, 0);
	if (!f->iopage_mapped)
		fake_xen.violations++;
	f->iopage_mapped = false;
}

static int fake_bind(struct xengt_dom *d, unsigned int v, u32 port)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_BIND, v);
	if (v >= XENGT_MAX_VCPUS || port != FAKE_XEN_PORT(d->domid, v) ||
	    f->bound[v]) {
		fake_xen.violations++;
		return -EINVAL;
	}
	if (fx_fail(FX_BIND) && v == f->nr_vcpus - 1)
		return -EIO;
	f->bound[v] = true;
	return 0;
}

static void fake_unbind(struct xengt_dom *d, unsigned int v)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_UNBIND, v);
	if (v >= XENGT_MAX_VCPUS || !f->bound[v]) {
		fake_xen.violations++;
		return;
	}
	f->bound[v] = false;
}

static void fake_notify(struct xengt_dom *d, unsigned int v)
{
	struct fake_xen_dom *f = fx(d);

	if (v >= XENGT_MAX_VCPUS || !f->bound[v]) {
		fake_xen.violations++;
		return;
	}
	f->notified[v]++;
}

static int fake_worker_start(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_WORKER_START, 0);
	if (fx_fail(FX_WORKER_START))
		return -EIO;
	f->worker = true;
	return 0;
}

static void fake_worker_stop(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_WORKER_STOP, 0);
	if (!f->worker)
		fake_xen.violations++;
	f->worker = false;
}

static int fake_pin(struct xengt_dom *d, u64 gfn, u64 *addr)
{
	struct fake_xen_dom *f = fx(d);

	if (gfn >= FAKE_XEN_RAM_PAGES)
		return -EFAULT;
	f->pins[gfn]++;
	*addr = FAKE_HOST_MEM_BASE + ((gfn % FAKE_HOST_MEM_PAGES) << 12);
	return 0;
}

static void fake_unpin(struct xengt_dom *d, u64 gfn)
{
	struct fake_xen_dom *f = fx(d);

	if (gfn >= FAKE_XEN_RAM_PAGES || !f->pins[gfn]) {
		fake_xen.violations++;
		return;
	}
	f->pins[gfn]--;
}

static unsigned long fake_unpin_all(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);
	unsigned long n = 0;
	unsigned int i;

	fx_log(f, FX_UNPIN_ALL, 0);
	for (i = 0; i < FAKE_XEN_RAM_PAGES; i++) {
		n += !!f->pins[i];
		f->pins[i] = 0;
	}
	return n;
}

static int fake_rw_gpa(struct xengt_dom *d, u64 gpa, void *buf,
		       unsigned int len, bool write)
{
	struct fake_xen_dom *f = fx(d);
	u64 ram = (u64)FAKE_XEN_RAM_PAGES * 4096;

	fake_xen.rw_calls++;
	fx_check_slot();
	if (!len)
		return 0;
	if (fake_xen.allow_set && !fx_allowed(gpa, len))
		fake_xen.violations++;
	if (gpa >= ram || len > ram - gpa)
		return -EFAULT;
	if (write)
		memcpy(f->ram + gpa, buf, len);
	else
		memcpy(buf, f->ram + gpa, len);
	return 0;
}

static int fake_publish(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_PUBLISH, 0);
	if (fx_fail(FX_PUBLISH))
		return -EIO;
	f->published = true;
	return 0;
}

static void fake_unpublish(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	fx_log(f, FX_UNPUBLISH, 0);
	if (!f->published)
		fake_xen.violations++;
	f->published = false;
}

static bool fake_domain_gone(struct xengt_dom *d)
{
	struct fake_xen_dom *f = fx(d);

	return !f || f->gone;
}

const struct xengt_hyp_ops fake_xen_ops = {
	.dm_op = fake_dm_op,
	.dom_init = fake_dom_init,
	.dom_fini = fake_dom_fini,
	.iopage_map = fake_iopage_map,
	.iopage_unmap = fake_iopage_unmap,
	.evtchn_bind = fake_bind,
	.evtchn_unbind = fake_unbind,
	.evtchn_notify = fake_notify,
	.worker_start = fake_worker_start,
	.worker_stop = fake_worker_stop,
	.pin_gfn = fake_pin,
	.unpin_gfn = fake_unpin,
	.unpin_all = fake_unpin_all,
	.rw_gpa = fake_rw_gpa,
	.publish = fake_publish,
	.unpublish = fake_unpublish,
	.domain_gone = fake_domain_gone,
};

bool fake_xen_range_has(unsigned int domid, u32 type, u64 addr)
{
	struct fake_xen_dom *f = fake_xen_dom(domid);
	unsigned int i;

	for (i = 0; f && i < f->nranges; i++) {
		if (f->ranges[i].type == type && addr >= f->ranges[i].start &&
		    addr <= f->ranges[i].end)
			return true;
	}
	return false;
}

int fake_xen_log_find(unsigned int domid, enum fake_xen_call call, u32 op,
		      int from)
{
	struct fake_xen_dom *f = fake_xen_dom(domid);
	unsigned int i, n = f->nlog < FAKE_XEN_LOG ? f->nlog : FAKE_XEN_LOG;

	for (i = from < 0 ? 0 : from; i < n; i++) {
		if (f->log[i] == call && (call != FX_DM_OP || f->log_op[i] == op))
			return i;
	}
	return -1;
}

bool fake_xen_dom_clean(unsigned int domid)
{
	struct fake_xen_dom *f = fake_xen_dom(domid);
	unsigned int i;

	if (f->server || f->iopage_mapped || f->worker || f->published ||
	    f->kpriv)
		return false;
	for (i = 0; i < XENGT_MAX_VCPUS; i++) {
		if (f->bound[i])
			return false;
	}
	for (i = 0; i < FAKE_XEN_RAM_PAGES; i++) {
		if (f->pins[i] || f->mem_type[i] != XENGT_HVMMEM_ram_rw)
			return false;
	}
	return true;
}

void fake_xen_post(unsigned int domid, unsigned int v, u8 type, bool read,
		   u64 addr, u64 data, u32 size, u32 count, bool ptr, bool df)
{
	struct xengt_ioreq *r = &fake_xen_dom(domid)->iopage.vcpu_ioreq[v];

	r->addr = addr;
	r->data = data;
	r->size = size;
	r->count = count;
	r->type = type;
	r->flags = XENGT_STATE_IOREQ_READY |
		   (ptr ? XENGT_IOREQ_F_PTR : 0) |
		   (read ? XENGT_IOREQ_F_DIR : 0) |
		   (df ? XENGT_IOREQ_F_DF : 0);
}

u8 fake_xen_state(unsigned int domid, unsigned int v)
{
	return fake_xen_dom(domid)->iopage.vcpu_ioreq[v].flags &
	       XENGT_IOREQ_F_STATE;
}

u64 fake_xen_data(unsigned int domid, unsigned int v)
{
	return fake_xen_dom(domid)->iopage.vcpu_ioreq[v].data;
}
