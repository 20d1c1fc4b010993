// SPDX-License-Identifier: GPL-2.0-only
/*
 * The life cycle of a guest's vGPU under Xen: create through the sysfs
 * grammar, tear down on "-domid", when the domain dies, when its GVT
 * device goes away and when the module unloads; the GVT devices new vGPUs
 * may go to; the gvt_hv_ops the core reaches the guest through.
 *
 * Create: vGPU, synchronous ioreq server, its ioreq page, the PCI config
 * range of the vGPU's function, the HVMMEM_ioreq_server type (for page
 * tracking), the server enabled (which makes Xen write the vCPUs' event
 * channels into the page), one event channel per vCPU, guest memory, the
 * worker, then vm<domid> appears in sysfs. Teardown undoes
 * exactly what was done, in this order: stop accepting (sysfs), disable
 * the server, stop the worker, answer requests still waiting, unbind the
 * channels, release guest memory, destroy the vGPU, release the type,
 * destroy the server, unmap its page. Pure C: Xen only through
 * struct xengt_hyp_ops.
 */
#include "xengt.h"

static int xengt_dm_simple(struct xengt_dom *d, u32 cmd)
{
	struct xengt_dm_op op = { .op = cmd };

	switch (cmd) {
	case XENGT_DMOP_destroy_ioreq_server:
		op.u.destroy_ioreq_server.id = d->ioservid;
		break;
	default:
		break;
	}
	return d->x->ops->dm_op(d, &op);
}

static int xengt_dm_set_state(struct xengt_dom *d, bool enabled)
{
	struct xengt_dm_op op = { .op = XENGT_DMOP_set_ioreq_server_state };

	op.u.set_ioreq_server_state.id = d->ioservid;
	op.u.set_ioreq_server_state.enabled = enabled;
	return d->x->ops->dm_op(d, &op);
}

static int xengt_dm_claim(struct xengt_dom *d, bool claim)
{
	struct xengt_dm_op op = { .op = XENGT_DMOP_map_mem_type_to_ioreq_server };

	op.u.map_mem_type_to_ioreq_server.id = d->ioservid;
	op.u.map_mem_type_to_ioreq_server.type = XENGT_HVMMEM_ioreq_server;
	op.u.map_mem_type_to_ioreq_server.flags =
		claim ? XENGT_DMOP_IOREQ_MEM_ACCESS_WRITE : 0;
	return d->x->ops->dm_op(d, &op);
}

static int xengt_dm_set_mem_type(struct xengt_dom *d, u64 gfn, u16 type)
{
	struct xengt_dm_op op = { .op = XENGT_DMOP_set_mem_type };

	op.u.set_mem_type.nr = 1;
	op.u.set_mem_type.mem_type = type;
	op.u.set_mem_type.first_pfn = gfn;
	return d->x->ops->dm_op(d, &op);
}

/* The domain's vCPUs, or a negative errno (-ESRCH: no such domain). */
static int xengt_dm_nr_vcpus(struct xengt_dom *d)
{
	struct xengt_dm_op op = { .op = XENGT_DMOP_nr_vcpus };
	int ret;

	ret = d->x->ops->dm_op(d, &op);
	if (ret)
		return ret;
	return op.u.nr_vcpus.vcpus > XENGT_INT_MAX ? -E2BIG :
	       (int)op.u.nr_vcpus.vcpus;
}

/* --- gvt_hv_ops: how the core reaches the guest --- */

static int xengt_hv_pin(void *priv, u64 gfn, u64 *addr)
{
	struct xengt_dom *d = priv;

	return d->x->ops->pin_gfn(d, gfn, addr);
}

static void xengt_hv_unpin(void *priv, u64 gfn)
{
	struct xengt_dom *d = priv;

	d->x->ops->unpin_gfn(d, gfn);
}

static int xengt_hv_rw_gpa(void *priv, u64 gpa, void *buf, unsigned int len,
			   bool write)
{
	struct xengt_dom *d = priv;

	return d->x->ops->rw_gpa(d, gpa, buf, len, write);
}

static int xengt_hv_inject_msi(void *priv, u64 addr, u32 data)
{
	struct xengt_dom *d = priv;
	struct xengt_dm_op op = { .op = XENGT_DMOP_inject_msi };

	op.u.inject_msi.addr = addr;
	op.u.inject_msi.data = data;
	return d->x->ops->dm_op(d, &op);
}

/* Insert @gfn into the sorted set of tracked frames. */
static int xengt_track_add(struct xengt_dom *d, u64 gfn)
{
	unsigned int i;

	if (d->ntracked == d->tracked_cap) {
		unsigned int cap = d->tracked_cap ? 2 * d->tracked_cap : 16;
		u64 *t = kcalloc(cap, sizeof(*t), GFP_KERNEL);

		if (!t)
			return -ENOMEM;
		if (d->ntracked)
			memcpy(t, d->tracked, d->ntracked * sizeof(*t));
		kfree(d->tracked);
		d->tracked = t;
		d->tracked_cap = cap;
	}
	for (i = d->ntracked; i && d->tracked[i - 1] > gfn; i--)
		d->tracked[i] = d->tracked[i - 1];
	d->tracked[i] = gfn;
	d->ntracked++;
	return 0;
}

static void xengt_track_del(struct xengt_dom *d, u64 gfn)
{
	unsigned int i;

	for (i = 0; i < d->ntracked; i++) {
		if (d->tracked[i] != gfn)
			continue;
		memmove(&d->tracked[i], &d->tracked[i + 1],
			(d->ntracked - i - 1) * sizeof(*d->tracked));
		d->ntracked--;
		return;
	}
}

static int xengt_hv_track_page(void *priv, u64 gfn, bool enable)
{
	struct xengt_dom *d = priv;
	int ret;

	if (!d->claimed)
		return -EOPNOTSUPP;
	mutex_lock(&d->track_lock);
	if (enable) {
		ret = xengt_tracked(d, gfn) ? -EEXIST : xengt_track_add(d, gfn);
		if (!ret) {
			ret = xengt_dm_set_mem_type(d, gfn,
						    XENGT_HVMMEM_ioreq_server);
			if (ret)
				xengt_track_del(d, gfn);
		}
	} else {
		ret = xengt_tracked(d, gfn) ? 0 : -ENOENT;
		if (!ret) {
			xengt_track_del(d, gfn);
			ret = xengt_dm_set_mem_type(d, gfn, XENGT_HVMMEM_ram_rw);
		}
	}
	mutex_unlock(&d->track_lock);
	return ret;
}

static const struct gvt_hv_ops xengt_gvt_hv_ops = {
	.pin_gfn = xengt_hv_pin,
	.unpin_gfn = xengt_hv_unpin,
	.rw_gpa = xengt_hv_rw_gpa,
	.inject_msi = xengt_hv_inject_msi,
	.track_page = xengt_hv_track_page,
};

/* --- devices --- */

/**
 * xengt_init() - set up the backend
 * @x: the backend
 * @ops: how it reaches Xen
 */
void xengt_init(struct xengt *x, const struct xengt_hyp_ops *ops)
{
	memset(x, 0, sizeof(*x));
	x->ops = ops;
	x->device = "";
	x->sbdf = XENGT_DEFAULT_SBDF;
	mutex_init(&x->lock);
	INIT_LIST_HEAD(&x->doms);
}

/**
 * xengt_device_added() - the core announced a GVT device
 * @x: the backend
 * @gvt: the device
 *
 * Return: 0, or -ENOSPC when %XENGT_MAX_DEVICES are known already.
 */
int xengt_device_added(struct xengt *x, struct gvt_device *gvt)
{
	int ret = 0;

	mutex_lock(&x->lock);
	if (x->ndevs == XENGT_MAX_DEVICES)
		ret = -ENOSPC;
	else
		x->devs[x->ndevs++] = gvt;
	mutex_unlock(&x->lock);
	return ret;
}

static struct gvt_device *xengt_pick_device(struct xengt *x)
{
	unsigned int i;

	for (i = 0; i < x->ndevs; i++) {
		if (!x->device[0] ||
		    !strcmp(gvt_device_info(x->devs[i])->name, x->device))
			return x->devs[i];
	}
	return NULL;
}

static const struct gvt_type *xengt_pick_type(struct gvt_device *gvt,
					      int low_gm_sz)
{
	unsigned int i, n = gvt_device_num_types(gvt);

	for (i = 0; i < n; i++) {
		const struct gvt_type *t = gvt_device_type(gvt, i);

		if (t->low_gm_size == (u64)low_gm_sz << 20)
			return t;
	}
	return NULL;
}

static struct xengt_dom *xengt_find(struct xengt *x, int domid)
{
	struct xengt_dom *d;

	list_for_each_entry(d, &x->doms, link) {
		if (d->domid == domid)
			return d;
	}
	return NULL;
}

/**
 * xengt_lookup() - the guest of domain @domid
 * @x: the backend
 * @domid: the domain
 *
 * For callers that keep the guest from going away by other means (the
 * tests); the backend's lock is not held on return.
 *
 * Return: the guest, or NULL if the domain has no vGPU.
 */
struct xengt_dom *xengt_lookup(struct xengt *x, int domid)
{
	struct xengt_dom *d;

	mutex_lock(&x->lock);
	d = xengt_find(x, domid);
	mutex_unlock(&x->lock);
	return d;
}

/* --- teardown --- */

static void xengt_teardown(struct xengt_dom *d)
{
	const struct xengt_hyp_ops *ops = d->x->ops;
	unsigned int v, i;
	unsigned long n;
	bool enabled;

	/* Stop accepting: no sysfs write reaches the guest any more. */
	if (d->stage >= XENGT_STAGE_LIVE)
		ops->unpublish(d);
	mutex_lock(&d->lock);
	d->dying = true;
	enabled = d->enabled;
	d->enabled = false;
	mutex_unlock(&d->lock);
	/* No new request reaches a disabled server (a dead domain: -ESRCH). */
	if (enabled)
		xengt_dm_set_state(d, false);
	if (d->stage >= XENGT_STAGE_WORKER)
		ops->worker_stop(d);
	if (d->stage >= XENGT_STAGE_EVTCHN) {
		n = xengt_ioreq_drain(d);
		if (n)
			pr_info("xengt: domain %u: %lu requests answered with an error at teardown\n",
				d->domid, n);
		for (v = 0; v < d->nbound; v++)
			ops->evtchn_unbind(d, v);
		d->nbound = 0;
	}
	d->bar[0].mapped = false;
	d->bar[1].mapped = false;
	if (d->stage >= XENGT_STAGE_HV) {
		gvt_vgpu_detach_hv(d->vgpu);
		n = ops->unpin_all(d);
		if (n)
			pr_warn("xengt: domain %u: %lu guest frames still pinned after detach\n",
				d->domid, n);
	}
	/* Pages the core left write-protected go back to plain RAM. */
	mutex_lock(&d->track_lock);
	for (i = 0; i < d->ntracked; i++)
		xengt_dm_set_mem_type(d, d->tracked[i], XENGT_HVMMEM_ram_rw);
	kfree(d->tracked);
	d->tracked = NULL;
	d->ntracked = 0;
	d->tracked_cap = 0;
	mutex_unlock(&d->track_lock);
	if (d->stage >= XENGT_STAGE_VGPU)
		gvt_vgpu_destroy(d->vgpu);
	d->vgpu = NULL;
	if (d->claimed)
		xengt_dm_claim(d, false);
	d->claimed = false;
	/* Also drops the PCI and BAR ranges of the server. */
	if (d->stage >= XENGT_STAGE_SERVER)
		xengt_dm_simple(d, XENGT_DMOP_destroy_ioreq_server);
	if (d->stage >= XENGT_STAGE_IOPAGE)
		ops->iopage_unmap(d);
	d->iopage = NULL;
	xengt_opregion_fini(d);
	if (d->stage >= XENGT_STAGE_INIT)
		ops->dom_fini(d);
	d->stage = XENGT_STAGE_NONE;
	mutex_destroy(&d->track_lock);
	mutex_destroy(&d->lock);
}

/* Unlink and tear down; x->lock held. */
static void xengt_dom_free(struct xengt_dom *d)
{
	list_del(&d->link);
	xengt_teardown(d);
	kfree(d);
}

/* --- create --- */

static int xengt_setup(struct xengt_dom *d)
{
	const struct xengt_hyp_ops *ops = d->x->ops;
	struct gvt_vgpu_resources res;
	struct xengt_dm_op op = { .op = XENGT_DMOP_create_ioreq_server };
	int ret;

	ret = xengt_dm_nr_vcpus(d);
	if (ret == -ESRCH || (ret >= 0 && ops->domain_gone(d))) {
		pr_info("xengt: domain %u does not exist\n", d->domid);
		return -ESRCH;
	}
	if (ret < 0) {
		pr_info("xengt: domain %u: cannot count its vCPUs: %d\n",
			d->domid, ret);
		return ret;
	}
	if (!ret || ret > XENGT_MAX_VCPUS) {
		pr_info("xengt: domain %u has %d vCPUs, supported are 1..%u\n",
			d->domid, ret, XENGT_MAX_VCPUS);
		return -E2BIG;
	}
	d->nr_vcpus = ret;

	ret = ops->dom_init(d);
	if (ret)
		return ret;
	d->stage = XENGT_STAGE_INIT;

	d->vgpu = gvt_vgpu_create(d->gvt, d->type);
	if (IS_ERR(d->vgpu)) {
		ret = PTR_ERR(d->vgpu);
		d->vgpu = NULL;
		if (ret == -ENOSPC)
			pr_info("xengt: domain %u: no room for another %s vGPU\n",
				d->domid, d->type->name);
		else
			pr_info("xengt: domain %u: cannot create a %s vGPU: %d\n",
				d->domid, d->type->name, ret);
		return ret;
	}
	d->stage = XENGT_STAGE_VGPU;
	ret = xengt_opregion_init(d);
	if (ret) {
		pr_info("xengt: domain %u: cannot copy the vGPU's OpRegion: %d\n",
			d->domid, ret);
		return ret;
	}
	gvt_vgpu_get_resources(d->vgpu, &res);
	d->vgpu_id = res.id;

	/* Synchronous requests only (handle_bufioreq 0). */
	ret = ops->dm_op(d, &op);
	if (ret) {
		pr_info("xengt: domain %u: cannot create an ioreq server: %d\n",
			d->domid, ret);
		return ret;
	}
	d->ioservid = op.u.create_ioreq_server.id;
	d->stage = XENGT_STAGE_SERVER;

	ret = ops->iopage_map(d);
	if (ret) {
		pr_info("xengt: domain %u: cannot map the ioreq page: %d\n",
			d->domid, ret);
		return ret;
	}
	d->stage = XENGT_STAGE_IOPAGE;

	ret = xengt_dm_map_range(d, true, XENGT_DMOP_IO_RANGE_PCI, d->sbdf,
				 d->sbdf);
	if (ret) {
		pr_info("xengt: domain %u: cannot claim PCI function 0x%x: %d\n",
			d->domid, d->sbdf, ret);
		return ret;
	}
	d->stage = XENGT_STAGE_PCI;

	/* One server per domain may own the type; without it, no tracking. */
	ret = xengt_dm_claim(d, true);
	if (ret)
		pr_info("xengt: domain %u: no page tracking (HVMMEM_ioreq_server: %d)\n",
			d->domid, ret);
	d->claimed = !ret;

	/*
	 * Xen writes each vCPU's event channel into the ioreq page when the
	 * server is enabled (the page, acquired after the vCPUs were added,
	 * has none before), so the server is enabled first. A request that
	 * arrives before its channel is bound is found by the worker, which
	 * looks at every slot once when it starts.
	 */
	ret = xengt_dm_set_state(d, true);
	if (ret) {
		pr_info("xengt: domain %u: cannot enable the ioreq server: %d\n",
			d->domid, ret);
		return ret;
	}
	mutex_lock(&d->lock);
	d->enabled = true;
	mutex_unlock(&d->lock);

	d->stage = XENGT_STAGE_EVTCHN;
	for (d->nbound = 0; d->nbound < d->nr_vcpus; d->nbound++) {
		u32 port = READ_ONCE(d->iopage->vcpu_ioreq[d->nbound].vp_eport);

		ret = ops->evtchn_bind(d, d->nbound, port);
		if (ret) {
			pr_info("xengt: domain %u: cannot bind the event channel %u of vCPU %u: %d\n",
				d->domid, port, d->nbound, ret);
			return ret;
		}
	}

	gvt_vgpu_attach_hv(d->vgpu, &xengt_gvt_hv_ops, d);
	d->stage = XENGT_STAGE_HV;

	ret = ops->worker_start(d);
	if (ret)
		return ret;
	d->stage = XENGT_STAGE_WORKER;

	ret = ops->publish(d);
	if (ret)
		return ret;
	d->stage = XENGT_STAGE_LIVE;
	return 0;
}

/**
 * xengt_create() - give domain @p->domid a vGPU
 * @x: the backend
 * @p: a parsed create request
 *
 * Return: 0; -EEXIST if the domain has a vGPU, -ESRCH if it does not
 * exist, -ENODEV without a GVT device, -EINVAL if no type has
 * @p->low_gm_sz, -ENOSPC if the GPU has no room, or another error of a
 * step, after undoing the steps before it.
 */
int xengt_create(struct xengt *x, const struct xengt_params *p)
{
	struct xengt_dom *d;
	int ret;

	mutex_lock(&x->lock);
	if (xengt_find(x, p->domid)) {
		pr_info("xengt: domain %d already has a vGPU\n", p->domid);
		ret = -EEXIST;
		goto out;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		ret = -ENOMEM;
		goto out;
	}
	d->x = x;
	d->domid = p->domid;
	d->params = *p;
	d->sbdf = x->sbdf;
	mutex_init(&d->lock);
	mutex_init(&d->track_lock);
	d->gvt = xengt_pick_device(x);
	if (!d->gvt) {
		pr_info("xengt: no GVT device%s%s to create a vGPU on\n",
			x->device[0] ? " named " : "", x->device);
		ret = -ENODEV;
		goto err;
	}
	d->type = xengt_pick_type(d->gvt, p->low_gm_sz);
	if (!d->type) {
		pr_info("xengt: specify a wrong low_gm_sz in hvm.cfg: %d MB matches no vGPU type of %s (64, 128, 256 or 512 where the aperture allows)\n",
			p->low_gm_sz, gvt_device_info(d->gvt)->name);
		ret = -EINVAL;
		goto err;
	}
	ret = xengt_setup(d);
	if (ret)
		goto err;
	list_add_tail(&d->link, &x->doms);
	pr_info("xengt: domain %u: vGPU %u (%s) on %s, %u vCPUs, ioreq server %u\n",
		d->domid, d->vgpu_id, d->type->name,
		gvt_device_info(d->gvt)->name, d->nr_vcpus, d->ioservid);
	goto out;

err:
	xengt_teardown(d);
	kfree(d);
out:
	mutex_unlock(&x->lock);
	return ret;
}

/**
 * xengt_destroy() - remove the vGPU of domain @domid
 * @x: the backend
 * @domid: the domain
 *
 * Return: 0, or -ENOENT if the domain has no vGPU (a second "-domid").
 */
int xengt_destroy(struct xengt *x, int domid)
{
	struct xengt_dom *d;
	int ret = 0;

	mutex_lock(&x->lock);
	d = xengt_find(x, domid);
	if (d) {
		pr_info("xengt: domain %d: vGPU %u destroyed\n", domid,
			d->vgpu_id);
		xengt_dom_free(d);
	} else {
		pr_info("xengt: domain %d has no vGPU to destroy\n", domid);
		ret = -ENOENT;
	}
	mutex_unlock(&x->lock);
	return ret;
}

/**
 * xengt_write() - a write to create_vgt_instance
 * @x: the backend
 * @buf: the bytes written
 * @len: their number
 *
 * Return: 0 or a negative errno (xengt_create(), xengt_destroy(), -EINVAL
 * for malformed input).
 */
int xengt_write(struct xengt *x, const char *buf, size_t len)
{
	struct xengt_params p;
	const char *why = "";
	int ret;

	ret = xengt_parse_create(buf, len, &p, &why);
	if (ret) {
		pr_info("xengt: create_vgt_instance: %s; expected \"domid,low_gm_sz,high_gm_sz,fence_sz[,vgt_primary[,cap]]\" or \"-domid\" in decimal\n",
			why);
		return ret;
	}
	if (p.destroy)
		return xengt_destroy(x, p.domid);
	pr_info("vGT: create_vgt_instance: domid=%d, low_gm_sz=%dMB, high_gm_sz=%dMB, fence_sz=%d, vgt_primary=%d\n",
		p.domid, p.low_gm_sz, p.high_gm_sz, p.fence_sz, p.primary);
	return xengt_create(x, &p);
}

/**
 * xengt_schedule() - vm<domid>/schedule
 * @d: the guest
 * @on: non-zero was written
 *
 * Non-zero enables the ioreq server (requests reach the vGPU), zero
 * disables it (the guest's accesses to the vGPU wait); the type claim and
 * the tracked pages stay.
 *
 * Return: 0, -ENODEV while the guest is torn down, or the dm_op's error.
 */
int xengt_schedule(struct xengt_dom *d, bool on)
{
	int ret = 0;

	mutex_lock(&d->lock);
	if (d->dying) {
		ret = -ENODEV;
	} else if (d->enabled != on) {
		ret = xengt_dm_set_state(d, on);
		if (!ret)
			d->enabled = on;
	}
	mutex_unlock(&d->lock);
	return ret;
}

/**
 * xengt_reap() - tear down the vGPUs of domains that are gone
 * @x: the backend
 *
 * Called when xenstore fires @releaseDomain: a domain destroyed without
 * "-domid" (xl destroy, a crash) gives its vGPU back.
 *
 * Return: the number of vGPUs destroyed.
 */
unsigned int xengt_reap(struct xengt *x)
{
	struct xengt_dom *d, *tmp;
	unsigned int n = 0;

	mutex_lock(&x->lock);
	list_for_each_entry_safe(d, tmp, &x->doms, link) {
		if (xengt_dm_nr_vcpus(d) != -ESRCH && !x->ops->domain_gone(d))
			continue;
		pr_info("xengt: domain %u is gone: vGPU %u destroyed\n",
			d->domid, d->vgpu_id);
		xengt_dom_free(d);
		n++;
	}
	mutex_unlock(&x->lock);
	return n;
}

/**
 * xengt_device_removed() - a GVT device goes away
 * @x: the backend
 * @gvt: the device
 *
 * Every vGPU on it is destroyed first.
 */
void xengt_device_removed(struct xengt *x, struct gvt_device *gvt)
{
	struct xengt_dom *d, *tmp;
	unsigned int i;

	mutex_lock(&x->lock);
	list_for_each_entry_safe(d, tmp, &x->doms, link) {
		if (d->gvt != gvt)
			continue;
		pr_info("xengt: domain %u: vGPU %u destroyed with its GVT device\n",
			d->domid, d->vgpu_id);
		xengt_dom_free(d);
	}
	for (i = 0; i < x->ndevs; i++) {
		if (x->devs[i] != gvt)
			continue;
		memmove(&x->devs[i], &x->devs[i + 1],
			(x->ndevs - i - 1) * sizeof(x->devs[0]));
		x->ndevs--;
		break;
	}
	mutex_unlock(&x->lock);
}

/**
 * xengt_fini() - destroy every vGPU (module unload)
 * @x: the backend
 */
void xengt_fini(struct xengt *x)
{
	struct xengt_dom *d, *tmp;

	mutex_lock(&x->lock);
	list_for_each_entry_safe(d, tmp, &x->doms, link) {
		pr_info("xengt: domain %u: vGPU %u destroyed at unload\n",
			d->domid, d->vgpu_id);
		xengt_dom_free(d);
	}
	x->ndevs = 0;
	mutex_unlock(&x->lock);
	mutex_destroy(&x->lock);
}
