// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq state machine and dispatch of a guest's vGPU accesses.
 *
 * Xen puts one request per vCPU in the synchronous ioreq page, sets its
 * state to STATE_IOREQ_READY and notifies the vCPU's event channel. The
 * worker reads the state, then (after a read barrier) the request, marks
 * it STATE_IOREQ_INPROCESS, emulates it, writes the result, and (after a
 * write barrier) sets STATE_IORESP_READY and notifies the channel back.
 * Every READY request is answered exactly once, with an error response
 * (all ones on reads) if it is malformed or fails.
 *
 * Requests: PCI_CONFIG for the vGPU's function, COPY (MMIO) on BAR0 and
 * BAR2 where the guest placed them and on the OpRegion where ASLS says
 * (opregion.c), COPY writes to write-protected guest frames, INVALIDATE
 * and TIMEOFFSET (acknowledged). A COPY may repeat (count), step down
 * (df) and take its data from guest memory (data_is_ptr); everything it
 * touches is checked first. Pure C.
 */
#include <linux/nospec.h>

#include "xengt.h"

#define XENGT_PCI_COMMAND		0x04
#define  XENGT_PCI_COMMAND_MEMORY	0x2
#define XENGT_PCI_BAR0			0x10
#define XENGT_PCI_BAR2			0x18
#define XENGT_PCI_ASLS			0xfc
#define XENGT_PCI_BAR_ADDR_MASK		(~0xfULL)
#define XENGT_PAGE_SIZE			4096U
#define XENGT_PAGE_SHIFT		12

/**
 * xengt_dm_map_range() - add a range to the ioreq server or remove it
 * @d: the guest
 * @map: add (true) or remove
 * @type: XENGT_DMOP_IO_RANGE_*
 * @start: first address (or SBDF)
 * @end: last address, inclusive
 *
 * Return: 0 or the dm_op's negative errno.
 */
int xengt_dm_map_range(struct xengt_dom *d, bool map, u32 type, u64 start,
		       u64 end)
{
	struct xengt_dm_op op = {
		.op = map ? XENGT_DMOP_map_io_range_to_ioreq_server :
			    XENGT_DMOP_unmap_io_range_from_ioreq_server,
	};

	op.u.map_io_range_to_ioreq_server.id = d->ioservid;
	op.u.map_io_range_to_ioreq_server.type = type;
	op.u.map_io_range_to_ioreq_server.start = start;
	op.u.map_io_range_to_ioreq_server.end = end;
	return d->x->ops->dm_op(d, &op);
}

static void xengt_bar_set(struct xengt_dom *d, unsigned int i, bool want,
			  u64 base, u64 size)
{
	struct xengt_bar *bar = &d->bar[i];
	int ret;

	if (bar->mapped && (!want || bar->base != base)) {
		ret = xengt_dm_map_range(d, false, XENGT_DMOP_IO_RANGE_MEMORY,
					 bar->base, bar->base + bar->size - 1);
		if (ret)
			pr_warn_ratelimited("xengt: domain %u: cannot unmap BAR%u at 0x%llx: %d\n",
					    d->domid, 2 * i, bar->base, ret);
		bar->mapped = false;
	}
	if (!want || bar->mapped)
		return;
	ret = xengt_dm_map_range(d, true, XENGT_DMOP_IO_RANGE_MEMORY, base,
				 base + size - 1);
	if (ret) {
		pr_warn_ratelimited("xengt: domain %u: cannot map BAR%u at 0x%llx: %d\n",
				    d->domid, 2 * i, base, ret);
		return;
	}
	bar->base = base;
	bar->size = size;
	bar->mapped = true;
}

/**
 * xengt_bars_update() - follow the guest's BAR0, BAR2 and memory enable
 * @d: the guest
 *
 * After a config write that may have moved a BAR or switched memory
 * decoding, map the BARs' current ranges into the ioreq server (and unmap
 * the old ones). A BAR at 0, or one that would wrap (the value a sizing
 * write leaves), is not mapped.
 */
void xengt_bars_update(struct xengt_dom *d)
{
	const struct gvt_host_info *info = gvt_device_info(d->gvt);
	u64 size[2] = { info->bar0_size, info->aperture_size };
	unsigned int off[2] = { XENGT_PCI_BAR0, XENGT_PCI_BAR2 };
	unsigned int i;
	u16 cmd = 0;

	if (gvt_vgpu_cfg_read(d->vgpu, XENGT_PCI_COMMAND, &cmd, sizeof(cmd)))
		cmd = 0;
	d->cmd = cmd;
	for (i = 0; i < 2; i++) {
		u32 lo = 0, hi = 0;
		bool want;
		u64 base;

		if (gvt_vgpu_cfg_read(d->vgpu, off[i], &lo, sizeof(lo)) ||
		    gvt_vgpu_cfg_read(d->vgpu, off[i] + 4, &hi, sizeof(hi))) {
			lo = 0;
			hi = 0;
		}
		base = (((u64)hi << 32) | lo) & XENGT_PCI_BAR_ADDR_MASK;
		want = (cmd & XENGT_PCI_COMMAND_MEMORY) && base && size[i] &&
		       base + size[i] > base;
		xengt_bar_set(d, i, want, base, size[i]);
	}
}

/**
 * xengt_bars_unmap() - remove both BARs from the ioreq server
 * @d: the guest
 */
void xengt_bars_unmap(struct xengt_dom *d)
{
	xengt_bar_set(d, 0, false, 0, 0);
	xengt_bar_set(d, 1, false, 0, 0);
}

/**
 * xengt_tracked() - whether guest frame @gfn is write-protected for the core
 * @d: the guest
 * @gfn: the frame
 *
 * Return: true if the core asked for @gfn to be tracked.
 */
bool xengt_tracked(const struct xengt_dom *d, u64 gfn)
{
	unsigned int lo = 0, hi = d->ntracked;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (d->tracked[mid] == gfn)
			return true;
		if (d->tracked[mid] < gfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool xengt_all_tracked(struct xengt_dom *d, u64 lo, u64 hi)
{
	u64 gfn;
	bool ok = true;

	mutex_lock(&d->track_lock);
	for (gfn = lo >> XENGT_PAGE_SHIFT; gfn <= hi >> XENGT_PAGE_SHIFT; gfn++) {
		if (!xengt_tracked(d, gfn)) {
			ok = false;
			break;
		}
	}
	mutex_unlock(&d->track_lock);
	return ok;
}

enum xengt_target {
	XENGT_TGT_NONE,
	XENGT_TGT_BAR0,
	XENGT_TGT_BAR2,
	XENGT_TGT_OPREGION,
	XENGT_TGT_PAGE,
};

static bool xengt_bar_contains(const struct xengt_bar *bar, u64 lo, u64 hi)
{
	return bar->mapped && lo >= bar->base && hi - bar->base < bar->size;
}

/* One element of a COPY on its target; @val holds @size bytes. */
static int xengt_access(struct xengt_dom *d, enum xengt_target tgt, u64 a,
			u64 *val, unsigned int size, bool read)
{
	unsigned int first;
	int ret;

	switch (tgt) {
	case XENGT_TGT_BAR0:
		a -= d->bar[0].base;
		return read ? gvt_vgpu_mmio_read(d->vgpu, a, val, size) :
			      gvt_vgpu_mmio_write(d->vgpu, a, val, size);
	case XENGT_TGT_BAR2:
		a -= d->bar[1].base;
		return gvt_vgpu_aperture_rw(d->vgpu, a, val, size, !read);
	case XENGT_TGT_OPREGION:
		xengt_opregion_access(d, a, val, size, read);
		return 0;
	case XENGT_TGT_PAGE:
		ret = d->x->ops->rw_gpa(d, a, val, size, !read);
		if (ret || read)
			return ret;
		/* The core hears of the write page by page. */
		first = XENGT_PAGE_SIZE - (a & (XENGT_PAGE_SIZE - 1));
		if (first > size)
			first = size;
		gvt_vgpu_page_written(d->vgpu, a, val, first);
		if (first < size)
			gvt_vgpu_page_written(d->vgpu, a + first,
					      (u8 *)val + first, size - first);
		d->stats.page_writes++;
		return 0;
	default:
		return -EINVAL;
	}
}

static bool xengt_size_ok(u32 size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* IOREQ_TYPE_COPY: MMIO on a BAR or the OpRegion, or a tracked frame. */
static int xengt_do_copy(struct xengt_dom *d, struct xengt_ioreq *r)
{
	bool ptr = r->flags & XENGT_IOREQ_F_PTR;
	bool read = r->flags & XENGT_IOREQ_F_DIR;
	bool down = r->flags & XENGT_IOREQ_F_DF;
	u64 span, lo, hi, dlo, dhi, i;
	enum xengt_target tgt;
	u32 size = r->size;

	if (!xengt_size_ok(size) || !r->count ||
	    r->count > XENGT_MAX_REP_BYTES / size || (!ptr && r->count != 1))
		return -EINVAL;
	span = (u64)(r->count - 1) * size;
	/* Element i is at addr + i * size, or addr - i * size with df. */
	if (down) {
		if (r->addr < span)
			return -EINVAL;
		lo = r->addr - span;
	} else {
		lo = r->addr;
	}
	if (lo + span + size - 1 < lo)
		return -EINVAL;
	hi = lo + span + size - 1;
	if (ptr) {
		if (down ? r->data < span : r->data + span + size - 1 < r->data)
			return -EINVAL;
		dlo = down ? r->data - span : r->data;
		dhi = dlo + span + size - 1;
		if (dhi < dlo)
			return -EINVAL;
	}

	if (xengt_bar_contains(&d->bar[0], lo, hi))
		tgt = XENGT_TGT_BAR0;
	else if (xengt_bar_contains(&d->bar[1], lo, hi))
		tgt = XENGT_TGT_BAR2;
	else if (xengt_opregion_contains(d, lo, hi))
		tgt = XENGT_TGT_OPREGION;
	else if (xengt_all_tracked(d, lo, hi))
		tgt = XENGT_TGT_PAGE;
	else
		return -ENXIO;

	for (i = 0; i < r->count; i++) {
		u64 off = i * size;
		u64 a = down ? r->addr - off : r->addr + off;
		u64 g = down ? r->data - off : r->data + off;
		u64 val = 0;
		int ret;

		if (!read) {
			if (ptr) {
				ret = d->x->ops->rw_gpa(d, g, &val, size,
							false);
				if (ret)
					return ret;
			} else {
				val = r->data;
			}
		}
		ret = xengt_access(d, tgt, a, &val, size, read);
		if (ret)
			return ret;
		if (read) {
			if (ptr) {
				ret = d->x->ops->rw_gpa(d, g, &val, size,
							true);
				if (ret)
					return ret;
			} else {
				r->data = val;
			}
		}
	}
	return 0;
}

static bool xengt_overlaps(u32 reg, u32 size, u32 start, u32 len)
{
	return reg < start + len && reg + size > start;
}

/* IOREQ_TYPE_PCI_CONFIG of the vGPU's function. */
static int xengt_do_cfg(struct xengt_dom *d, struct xengt_ioreq *r)
{
	u32 reg = XENGT_IOREQ_PCI_REG(r->addr);
	u32 size = r->size;
	u64 val = 0;
	int ret;

	if (XENGT_IOREQ_PCI_SBDF(r->addr) != d->sbdf || size > 4 ||
	    !xengt_size_ok(size) || r->count != 1 ||
	    (r->flags & XENGT_IOREQ_F_PTR) || reg >= GVT_CFG_SPACE_SIZE ||
	    size > GVT_CFG_SPACE_SIZE - reg)
		return -EINVAL;
	if (r->flags & XENGT_IOREQ_F_DIR) {
		ret = gvt_vgpu_cfg_read(d->vgpu, reg, &val, size);
		if (!ret)
			r->data = val;
		return ret;
	}
	val = r->data;
	ret = gvt_vgpu_cfg_write(d->vgpu, reg, &val, size);
	/* The command register or a BAR changed: follow the guest. */
	if (!ret && (xengt_overlaps(reg, size, XENGT_PCI_COMMAND, 2) ||
		     xengt_overlaps(reg, size, XENGT_PCI_BAR0, 0x10)))
		xengt_bars_update(d);
	/* The firmware says where the OpRegion goes. */
	if (!ret && xengt_overlaps(reg, size, XENGT_PCI_ASLS, 4))
		xengt_opregion_update(d);
	return ret;
}

static int xengt_dispatch(struct xengt_dom *d, struct xengt_ioreq *r)
{
	switch (r->type) {
	case XENGT_IOREQ_TYPE_COPY:
		return xengt_do_copy(d, r);
	case XENGT_IOREQ_TYPE_PCI_CONFIG:
		return xengt_do_cfg(d, r);
	case XENGT_IOREQ_TYPE_INVALIDATE:
	case XENGT_IOREQ_TYPE_TIMEOFFSET:
		d->stats.ignored++;
		return 0;
	default:
		/* PIO included: the vGPU has no I/O BAR, no port is mapped. */
		return -EOPNOTSUPP;
	}
}

static void xengt_respond(struct xengt_dom *d, unsigned int vcpu,
			  struct xengt_ioreq *slot, u64 data, u8 flags)
{
	WRITE_ONCE(slot->data, data);
	/* The result before the state that publishes it. */
	smp_wmb();
	WRITE_ONCE(slot->flags, (flags & ~XENGT_IOREQ_F_STATE) |
		   XENGT_STATE_IORESP_READY);
	d->x->ops->evtchn_notify(d, vcpu);
}

/* Take a READY request: snapshot it and mark it INPROCESS. */
static bool xengt_take(struct xengt_ioreq *slot, struct xengt_ioreq *r)
{
	u8 flags = READ_ONCE(slot->flags);

	if ((flags & XENGT_IOREQ_F_STATE) != XENGT_STATE_IOREQ_READY)
		return false;
	/* The state before the request it publishes. */
	smp_rmb();
	r->addr = READ_ONCE(slot->addr);
	r->data = READ_ONCE(slot->data);
	r->count = READ_ONCE(slot->count);
	r->size = READ_ONCE(slot->size);
	r->type = READ_ONCE(slot->type);
	r->flags = flags;
	WRITE_ONCE(slot->flags, (flags & ~XENGT_IOREQ_F_STATE) |
		   XENGT_STATE_IOREQ_INPROCESS);
	return true;
}

/**
 * xengt_ioreq_handle() - serve the request of vCPU @vcpu, if there is one
 * @d: the guest
 * @vcpu: the vCPU whose event channel fired
 *
 * Return: true if a READY request was found and answered.
 */
bool xengt_ioreq_handle(struct xengt_dom *d, unsigned int vcpu)
{
	struct xengt_ioreq *slot, r;
	int ret;

	if (vcpu >= d->nr_vcpus || !d->iopage)
		return false;
	vcpu = array_index_nospec(vcpu, d->nr_vcpus);
	slot = &d->iopage->vcpu_ioreq[vcpu];
	if (!xengt_take(slot, &r))
		return false;
	ret = xengt_dispatch(d, &r);
	pr_debug("xengt: domain %u vCPU %u: type %u %s addr 0x%llx size %u count %u flags 0x%x: %d, data 0x%llx\n",
		 d->domid, vcpu, r.type,
		 r.flags & XENGT_IOREQ_F_DIR ? "read" : "write", r.addr, r.size,
		 r.count, r.flags, ret, r.data);
	d->stats.ioreqs++;
	if (ret) {
		d->stats.errors++;
		pr_info_ratelimited("xengt: domain %u vCPU %u: ioreq type %u %s addr 0x%llx size %u count %u%s%s failed: %d\n",
				    d->domid, vcpu, r.type,
				    r.flags & XENGT_IOREQ_F_DIR ? "read" : "write",
				    r.addr, r.size, r.count,
				    r.flags & XENGT_IOREQ_F_PTR ? " ptr" : "",
				    r.flags & XENGT_IOREQ_F_DF ? " df" : "", ret);
		if ((r.flags & XENGT_IOREQ_F_DIR) &&
		    !(r.flags & XENGT_IOREQ_F_PTR))
			r.data = ~0ULL;
	}
	xengt_respond(d, vcpu, slot, r.data, r.flags);
	return true;
}

/**
 * xengt_ioreq_drain() - answer every request still READY with an error
 * @d: the guest, whose worker is stopped and whose channels are bound
 *
 * At teardown no vCPU is left waiting for an answer.
 *
 * Return: the number of requests answered.
 */
unsigned int xengt_ioreq_drain(struct xengt_dom *d)
{
	unsigned int v, n = 0;
	struct xengt_ioreq r;

	if (!d->iopage)
		return 0;
	for (v = 0; v < d->nbound; v++) {
		struct xengt_ioreq *slot = &d->iopage->vcpu_ioreq[v];

		if (!xengt_take(slot, &r))
			continue;
		if ((r.flags & XENGT_IOREQ_F_DIR) &&
		    !(r.flags & XENGT_IOREQ_F_PTR))
			r.data = ~0ULL;
		xengt_respond(d, v, slot, r.data, r.flags);
		n++;
	}
	d->stats.drained += n;
	return n;
}
