// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: xengt's ioreq dispatch and life cycle
 * (drivers/gpu/gvt/xen/{ioreq,domain}.c) on two guest domains, against
 * the fake Xen of ../xen/fake_xen.c and the real core on a fake GPU.
 *
 * Each input is a sequence of operations; byte 0 of each is the opcode
 * (low 3 bits) and the domain (bit 3), then little-endian operands:
 *
 *	0 request	vcpu, type, flags (bit 0 read, 1 ptr, 2 df, 3 huge
 *			count), size, count (2; 4 with huge), where (1),
 *			offset (4), data (8): posted READY and served
 *	1 post		the same, posted but not served (a request in flight)
 *	2 kick		vcpu: a spurious event
 *	3 track		gfn (1), on/off (1): through the core's gvt_hv_ops
 *	4 schedule	on/off (1)
 *	5 destroy	"-domid" (in-flight requests drained), then recreate
 *	6 death		the domain dies, @releaseDomain, then a new one
 *	7 msi		data (4)
 *
 * Oracles (fz_fail() aborts): every READY request is answered exactly
 * once (IORESP_READY and one notification), through INPROCESS; a slot
 * not READY is left alone; guest memory is touched only inside what the
 * request declares (its data pointer range and, for a tracked-page
 * write, its address range); the domain not acted on is unchanged
 * (config space, registers, RAM, ioreq page); no misuse of the fake Xen;
 * after teardown nothing is left (server, page, channels, pins, p2m
 * types, allocations, vGPUs).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gvt_internal.h"
#include "fake_host.h"
#include "fake_xen.h"

#define FX_BAR0		0xe0000000ULL
#define FX_BAR2		0xc0000000ULL
#define FX_VCPUS	3
#define FX_RAM_BYTES	((u64)FAKE_XEN_RAM_PAGES * 4096)

struct fx_in {
	const u8 *p;
	size_t n;
};

static u64 fx_get(struct fx_in *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n; i++, in->n--)
		v |= (u64)*in->p++ << (8 * i);
	return v;
}

static struct fake_host fx_host;
static struct gvt_device *fx_gvt;
static struct xengt fx_be;
static unsigned long fx_op;
static bool fx_trace;

static void fx_fail(const char *fmt, ...) __printf(1, 2);
static void fx_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gvt-fuzz: oracle violated at operation %lu: ", fx_op);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* What the idle domain looked like when we stopped acting on it. */
struct fx_snap {
	bool valid;
	u8 cfg[GVT_CFG_SPACE_SIZE];
	u32 *vreg;
	u8 *ram;
	struct xengt_shared_iopage iopage;
	unsigned int notified[FX_VCPUS];
};

static struct fx_snap fx_snaps[3];

static void fx_snap_take(unsigned int domid)
{
	struct xengt_dom *d = xengt_lookup(&fx_be, domid);
	struct fake_xen_dom *f = fake_xen_dom(domid);
	struct fx_snap *s = &fx_snaps[domid];

	s->valid = !!d;
	if (!d)
		return;
	memcpy(s->cfg, d->vgpu->cfg, sizeof(s->cfg));
	memcpy(s->vreg, d->vgpu->vreg, GVT_MMIO_SIZE);
	memcpy(s->ram, f->ram, FX_RAM_BYTES);
	memcpy(&s->iopage, &f->iopage, sizeof(s->iopage));
	memcpy(s->notified, f->notified, sizeof(s->notified));
}

static void fx_snap_check(unsigned int domid, const char *when)
{
	struct xengt_dom *d = xengt_lookup(&fx_be, domid);
	struct fake_xen_dom *f = fake_xen_dom(domid);
	struct fx_snap *s = &fx_snaps[domid];

	if (!s->valid)
		return;
	if (!d)
		fx_fail("domain %u lost its vGPU %s", domid, when);
	if (memcmp(s->cfg, d->vgpu->cfg, sizeof(s->cfg)))
		fx_fail("domain %u: config space changed %s", domid, when);
	if (memcmp(s->vreg, d->vgpu->vreg, GVT_MMIO_SIZE))
		fx_fail("domain %u: registers changed %s", domid, when);
	if (memcmp(s->ram, f->ram, FX_RAM_BYTES))
		fx_fail("domain %u: RAM changed %s", domid, when);
	if (memcmp(&s->iopage, &f->iopage, sizeof(s->iopage)))
		fx_fail("domain %u: ioreq page changed %s", domid, when);
	if (memcmp(s->notified, f->notified, sizeof(s->notified)))
		fx_fail("domain %u: notified %s", domid, when);
}

/* Allocations a guest holds right after its create (constant). */
static long fx_dom_allocs = -1;

static struct xengt_dom *fx_create(unsigned int domid)
{
	long before = gvt_shim_live_allocs;
	char buf[64];
	struct xengt_dom *d;
	int ret;

	snprintf(buf, sizeof(buf), "%u,64,448,4,-1,0\n", domid);
	ret = xengt_write(&fx_be, buf, strlen(buf));
	if (ret)
		fx_fail("create of domain %u failed: %d", domid, ret);
	d = xengt_lookup(&fx_be, domid);
	/* The guest's BIOS places the BARs and enables decoding. */
	gvt_vgpu_cfg_write(d->vgpu, 0x10, &(u32){ (u32)FX_BAR0 }, 4);
	gvt_vgpu_cfg_write(d->vgpu, 0x18, &(u32){ (u32)FX_BAR2 }, 4);
	gvt_vgpu_cfg_write(d->vgpu, 0x04, &(u16){ 2 }, 2);
	xengt_bars_update(d);
	if (fx_dom_allocs < 0)
		fx_dom_allocs = gvt_shim_live_allocs - before;
	else if (gvt_shim_live_allocs - before != fx_dom_allocs)
		fx_fail("create of domain %u: %ld allocations, not %ld", domid,
			gvt_shim_live_allocs - before, fx_dom_allocs);
	return d;
}

/* What the guest holds now: its create's, and its tracked-frame set. */
static long fx_held(unsigned int domid)
{
	struct xengt_dom *d = xengt_lookup(&fx_be, domid);

	return fx_dom_allocs + (d && d->tracked ? 1 : 0);
}

/* After a teardown that began with @live allocations and @held of them. */
static void fx_teardown_check(unsigned int domid, long live, long held)
{
	if (gvt_shim_live_allocs != live - held)
		fx_fail("teardown of domain %u leaked %ld allocations", domid,
			gvt_shim_live_allocs - (live - held));
}

/*
 * The guest memory a COPY request declares: its data pointer range (with
 * data_is_ptr) and its own address range (a tracked-page access).
 */
static void fx_allow(const struct xengt_ioreq *r)
{
	bool down = r->flags & XENGT_IOREQ_F_DF;
	u64 span, lo, hi, dlo = 1, dhi = 0;

	/* Nothing by default: empty windows. */
	fake_xen_allow2(1, 0, 1, 0);
	if (r->type != XENGT_IOREQ_TYPE_COPY || !r->count || !r->size ||
	    r->size > 8 || r->count > XENGT_MAX_REP_BYTES / r->size)
		return;
	span = (u64)(r->count - 1) * r->size;
	lo = down ? r->addr - span : r->addr;
	hi = lo + span + r->size - 1;
	if (r->flags & XENGT_IOREQ_F_PTR) {
		dlo = down ? r->data - span : r->data;
		dhi = dlo + span + r->size - 1;
	}
	fake_xen_allow2(dlo, dhi, lo, hi);
}

static const u8 fx_types[] = {
	XENGT_IOREQ_TYPE_COPY, XENGT_IOREQ_TYPE_COPY,
	XENGT_IOREQ_TYPE_PCI_CONFIG, XENGT_IOREQ_TYPE_PIO,
	XENGT_IOREQ_TYPE_INVALIDATE, XENGT_IOREQ_TYPE_TIMEOFFSET,
};

static void fx_post(struct fx_in *in, unsigned int domid, unsigned int *vp)
{
	static const u32 sizes[] = { 1, 2, 4, 8, 0, 3, 16, 1 << 31 };
	unsigned int v = fx_get(in, 1) % (FX_VCPUS + 1);
	u8 type = fx_get(in, 1);
	u8 flags = fx_get(in, 1);
	u32 size = sizes[fx_get(in, 1) & 7];
	u32 count = flags & 8 ? fx_get(in, 4) : fx_get(in, 2);
	u8 where = fx_get(in, 1);
	u64 off = fx_get(in, 4);
	u64 data = fx_get(in, 8);
	u64 addr;

	/* Mostly meaningful types, sometimes anything. */
	if (type < 0xf0)
		type = fx_types[type % ARRAY_SIZE(fx_types)];
	switch (where & 7) {
	case 0:
		addr = FX_BAR0 + (off & 0xffffff);
		break;
	case 1:
		addr = FX_BAR2 + (off & 0x1fffffff);
		break;
	case 2:
		addr = off % (FX_RAM_BYTES + 8192);
		break;
	case 3:
		addr = ((u64)XENGT_DEFAULT_SBDF << 32) | (off & 0x1fff);
		break;
	case 4:
		addr = (off << 32) | (off >> 8);
		break;
	default:
		addr = data ^ (off << 20);
		break;
	}
	/* Data pointers mostly into RAM. */
	if ((flags & 2) && !(where & 0x80))
		data %= FX_RAM_BYTES + 4096;
	/* Mostly a vCPU the domain has. */
	if (v == FX_VCPUS && !(where & 0x40))
		v = 0;
	*vp = v;
	if (v >= FX_VCPUS)
		return;
	fake_xen_post(domid, v, type, flags & 1, addr, data, size, count,
		      flags & 2, flags & 4);
}

static void fx_serve(struct xengt_dom *d, unsigned int v)
{
	struct fake_xen_dom *f = fake_xen_dom(d->domid);
	struct xengt_ioreq *slot = &f->iopage.vcpu_ioreq[v];
	struct xengt_ioreq before = *slot;
	unsigned int notified = f->notified[v];
	bool ready, handled;

	ready = (slot->flags & XENGT_IOREQ_F_STATE) == XENGT_STATE_IOREQ_READY;
	if (ready)
		fx_allow(slot);
	else
		fake_xen_allow2(1, 0, 1, 0);
	fake_xen.watch_slot = ready ? slot : NULL;
	handled = xengt_ioreq_handle(d, v);
	fake_xen.watch_slot = NULL;
	fake_xen_allow_none();
	if (fx_trace)
		fprintf(stderr, "  dom %u vcpu %u type %u flags %#x addr %#llx data %#llx\n"
			"    size %u count %u: %s -> %#llx\n", d->domid, v,
			before.type, before.flags, before.addr, before.data,
			before.size, before.count,
			handled ? "served" : "nothing", slot->data);
	if (handled != ready)
		fx_fail("slot %u state %u: handled %d", v,
			before.flags & XENGT_IOREQ_F_STATE, handled);
	if (!ready) {
		if (memcmp(&before, slot, sizeof(before)) ||
		    f->notified[v] != notified)
			fx_fail("slot %u not READY was touched", v);
		return;
	}
	if ((slot->flags & XENGT_IOREQ_F_STATE) != XENGT_STATE_IORESP_READY)
		fx_fail("slot %u answered in state %u", v,
			slot->flags & XENGT_IOREQ_F_STATE);
	if ((slot->flags & ~XENGT_IOREQ_F_STATE) !=
	    (before.flags & ~XENGT_IOREQ_F_STATE) || slot->addr != before.addr ||
	    slot->size != before.size || slot->count != before.count ||
	    slot->type != before.type || slot->vp_eport != before.vp_eport)
		fx_fail("slot %u: request fields changed by the answer", v);
	if (f->notified[v] != notified + 1)
		fx_fail("slot %u: %u notifications for one answer", v,
			f->notified[v] - notified);
	if (fake_xen.violations)
		fx_fail("fake Xen: %lu violations serving slot %u",
			fake_xen.violations, v);
}

/* After a teardown: nothing of the domain is left. */
static void fx_check_released(unsigned int domid, bool xen_dead)
{
	struct fake_xen_dom *f = fake_xen_dom(domid);
	unsigned int v;

	if (!xen_dead && !fake_xen_dom_clean(domid))
		fx_fail("domain %u: resources left after teardown", domid);
	if (f->iopage_mapped || f->worker || f->published || f->kpriv)
		fx_fail("domain %u: dom0 resources left", domid);
	for (v = 0; v < FX_VCPUS; v++) {
		u8 st = f->iopage.vcpu_ioreq[v].flags & XENGT_IOREQ_F_STATE;

		if (st == XENGT_STATE_IOREQ_READY ||
		    st == XENGT_STATE_IOREQ_INPROCESS)
			fx_fail("domain %u vCPU %u left waiting (state %u)",
				domid, v, st);
		if (f->bound[v])
			fx_fail("domain %u vCPU %u still bound", domid, v);
	}
}

static void fx_check_gone(unsigned int domid, bool xen_dead)
{
	if (xengt_lookup(&fx_be, domid))
		fx_fail("domain %u still listed", domid);
	fx_check_released(domid, xen_dead);
}

static void fx_reset_dom(unsigned int domid)
{
	struct fake_xen_dom *f = fake_xen_dom(domid);
	unsigned int v;

	/* The toolstack builds a new domain with the same id. */
	f->exists = true;
	f->gone = false;
	f->server = false;
	f->enabled = false;
	f->claimed = false;
	f->nranges = 0;
	memset(f->mem_type, 0, sizeof(f->mem_type));
	memset(f->pins, 0, sizeof(f->pins));
	for (v = 0; v < XENGT_MAX_VCPUS; v++)
		f->iopage.vcpu_ioreq[v].flags = 0;
}

static void fx_init(void)
{
	unsigned int i;

	fake_host_init(&fx_host, 512, 2048, 32, true);
	fx_gvt = gvt_device_register(&fx_host.info, &fake_host_ops, &fx_host);
	if (IS_ERR_OR_NULL(fx_gvt))
		fx_fail("cannot register the fake GPU");
	for (i = 1; i < 3; i++) {
		fx_snaps[i].vreg = malloc(GVT_MMIO_SIZE);
		fx_snaps[i].ram = malloc(FX_RAM_BYTES);
		if (!fx_snaps[i].vreg || !fx_snaps[i].ram)
			fx_fail("out of memory");
	}
	fx_trace = getenv("GVT_FUZZ_TRACE");
}

/* Linked as LLVMFuzzerTestOneInput (see the Makefile). */
int gvt_fuzz_one_input(const u8 *data, size_t size);
int gvt_fuzz_one_input(const u8 *data, size_t size)
{
	struct fx_in in = { data, size };
	unsigned int cur = 1, i, v;

	if (!fx_gvt) {
		fx_init();
		fake_xen_reset(FX_VCPUS);
		xengt_init(&fx_be, &fake_xen_ops);
		if (xengt_device_added(&fx_be, fx_gvt))
			fx_fail("device_added failed");
		fx_create(1);
		fx_create(2);
	}
	/*
	 * The guests live from one input to the next (creating two vGPUs
	 * per input would cost more than the input); each input starts
	 * with no request pending. Teardown is checked by the destroy and
	 * death operations (fx_teardown_check()).
	 */
	for (i = 1; i < 3; i++) {
		for (v = 0; v < FX_VCPUS; v++)
			fake_xen_dom(i)->iopage.vcpu_ioreq[v].flags = 0;
	}
	fx_snap_take(2);
	cur = 1;

	for (fx_op = 0; in.n; fx_op++) {
		u8 code = fx_get(&in, 1);
		unsigned int domid = 1 + ((code >> 3) & 1);
		struct xengt_dom *d;

		if (domid != cur) {
			fx_snap_check(domid, "while idle");
			fx_snap_take(cur);
			cur = domid;
		}
		fx_snaps[cur].valid = false;
		d = xengt_lookup(&fx_be, domid);
		switch (code & 7) {
		case 0:
			fx_post(&in, domid, &v);
			if (v < FX_VCPUS)
				fx_serve(d, v);
			break;
		case 1:
			fx_post(&in, domid, &v);
			break;
		case 2:
			fx_serve(d, fx_get(&in, 1) % FX_VCPUS);
			break;
		case 3: {
			u64 gfn = fx_get(&in, 1) % (FAKE_XEN_RAM_PAGES + 2);
			bool on = fx_get(&in, 1) & 1;

			mutex_lock(&d->vgpu->lock);
			d->vgpu->hv->track_page(d->vgpu->hv_priv, gfn, on);
			mutex_unlock(&d->vgpu->lock);
			break;
		}
		case 4:
			xengt_schedule(d, fx_get(&in, 1) & 1);
			break;
		case 5: {
			long live = gvt_shim_live_allocs, held = fx_held(domid);
			char buf[8];
			int ret;

			snprintf(buf, sizeof(buf), "-%u\n", domid);
			if (xengt_write(&fx_be, buf, strlen(buf)))
				fx_fail("destroy of domain %u failed", domid);
			fx_check_gone(domid, false);
			fx_teardown_check(domid, live, held);
			ret = xengt_write(&fx_be, buf, strlen(buf));
			if (ret != -ENOENT)
				fx_fail("second destroy returned %d", ret);
			fx_reset_dom(domid);
			fx_create(domid);
			break;
		}
		case 6: {
			long live = gvt_shim_live_allocs, held = fx_held(domid);

			if (fx_get(&in, 1) & 1)
				fake_xen_dom(domid)->exists = false;
			else
				fake_xen_dom(domid)->gone = true;
			if (xengt_reap(&fx_be) != 1)
				fx_fail("reap did not destroy domain %u", domid);
			fx_check_gone(domid, !fake_xen_dom(domid)->exists);
			fx_teardown_check(domid, live, held);
			fx_reset_dom(domid);
			fx_create(domid);
			break;
		}
		default:
			mutex_lock(&d->vgpu->lock);
			d->vgpu->hv->inject_msi(d->vgpu->hv_priv, 0xfee00000,
						fx_get(&in, 4));
			mutex_unlock(&d->vgpu->lock);
			break;
		}
		if (fake_xen.violations)
			fx_fail("fake Xen: %lu violations", fake_xen.violations);
	}
	fx_snap_check(cur == 1 ? 2 : 1, "at the end");
	return 0;
}
