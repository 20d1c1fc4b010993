// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake hypervisor for the GVT core tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gvt_internal.h"
#include "fake_hv.h"

static void fake_hv_record(struct fake_hv *hv, enum fake_hv_call_kind kind,
			   u64 gfn, int ret)
{
	if (hv->nlog < FAKE_LOG_SIZE) {
		hv->log[hv->nlog].kind = kind;
		hv->log[hv->nlog].gfn = gfn;
		hv->log[hv->nlog].ret = ret;
	}
	hv->nlog++;
}

static bool fake_hv_call_ok(struct fake_hv *hv)
{
	return hv->attached && hv->vgpu && mutex_is_locked(&hv->vgpu->lock);
}

static int fake_pin_gfn(void *priv, u64 gfn, u64 *addr)
{
	struct fake_hv *hv = priv;
	int ret = 0;

	hv->pin_calls++;
	if (!fake_hv_call_ok(hv)) {
		hv->bad_calls++;
		ret = -EPERM;
	} else if (hv->fail_all || gfn == hv->fail_gfn) {
		ret = -ENOMEM;
	} else if (!fake_hv_has(hv, gfn)) {
		ret = -EFAULT;
	}
	fake_hv_record(hv, FAKE_HV_PIN, gfn, ret);
	if (ret) {
		hv->pin_errors++;
		return ret;
	}
	hv->pins[gfn - hv->gfn_base]++;
	*addr = fake_hv_addr(hv, gfn);
	return 0;
}

static void fake_unpin_gfn(void *priv, u64 gfn)
{
	struct fake_hv *hv = priv;

	hv->unpin_calls++;
	fake_hv_record(hv, FAKE_HV_UNPIN, gfn, 0);
	if (!fake_hv_call_ok(hv) || !fake_hv_pins(hv, gfn)) {
		hv->bad_calls++;
		return;
	}
	hv->pins[gfn - hv->gfn_base]--;
}

/* Guest memory by physical address, page by page; no pin needed. */
static int fake_rw_gpa(void *priv, u64 gpa, void *buf, unsigned int len,
		       bool write)
{
	struct fake_hv *hv = priv;
	unsigned int off, n;
	u8 *page, *p = buf;
	u64 gfn;

	hv->rw_calls++;
	if (!fake_hv_call_ok(hv)) {
		hv->bad_calls++;
		return -EPERM;
	}
	while (len) {
		gfn = gpa >> GVT_GTT_PAGE_SHIFT;
		off = gpa & ((1U << GVT_GTT_PAGE_SHIFT) - 1);
		n = min(len, (1U << GVT_GTT_PAGE_SHIFT) - off);
		if (!fake_hv_has(hv, gfn))
			return -EFAULT;
		page = fake_hv_page(hv, gfn);
		if (write)
			memcpy(page + off, p, n);
		else
			memcpy(p, page + off, n);
		gpa += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* The MSI: counted, with its message; must come with the vGPU lock. */
static int fake_inject_msi(void *priv, u64 addr, u32 data)
{
	struct fake_hv *hv = priv;

	if (!fake_hv_call_ok(hv)) {
		hv->bad_calls++;
		return -EPERM;
	}
	hv->msi_calls++;
	hv->msi_addr = addr;
	hv->msi_data = data;
	return 0;
}

/* Tracking does not nest: enabling twice or releasing unknown is bad. */
static int fake_track_page(void *priv, u64 gfn, bool enable)
{
	struct fake_hv *hv = priv;
	bool *t;

	hv->track_calls++;
	if (!fake_hv_call_ok(hv) || !fake_hv_has(hv, gfn)) {
		hv->bad_calls++;
		return -EINVAL;
	}
	t = &hv->tracked[gfn - hv->gfn_base];
	if (*t == enable) {
		hv->bad_calls++;
		return -EINVAL;
	}
	if (enable && hv->track_fail)
		return -ENOSPC;
	*t = enable;
	return 0;
}

/* Logged with its GM address and pages; must come with the vGPU lock. */
static void fake_unmap_aperture(void *priv, u64 gm, u64 size)
{
	struct fake_hv *hv = priv;

	hv->unmap_aperture_calls++;
	fake_hv_record(hv, FAKE_HV_UNMAP_APERTURE, gm,
		       (int)(size >> GVT_GTT_PAGE_SHIFT));
	if (!fake_hv_call_ok(hv))
		hv->bad_calls++;
}

const struct gvt_hv_ops fake_hv_ops = {
	.pin_gfn = fake_pin_gfn,
	.unpin_gfn = fake_unpin_gfn,
	.rw_gpa = fake_rw_gpa,
	.inject_msi = fake_inject_msi,
	.track_page = fake_track_page,
};

void fake_hv_init(struct fake_hv *hv, struct fake_host *host, u64 first_page,
		  u64 gfn_base, u64 nframes)
{
	memset(hv, 0, sizeof(*hv));
	if (first_page + nframes > FAKE_HOST_MEM_PAGES) {
		fprintf(stderr, "fake_hv: guest does not fit in host memory\n");
		abort();
	}
	hv->host = host;
	hv->first_page = first_page;
	hv->gfn_base = gfn_base;
	hv->nframes = nframes;
	hv->fail_gfn = FAKE_HV_NO_FAIL;
	hv->pins = calloc(nframes, sizeof(*hv->pins));
	hv->tracked = calloc(nframes, sizeof(*hv->tracked));
	if (!hv->pins || !hv->tracked) {
		fprintf(stderr, "fake_hv: out of memory\n");
		abort();
	}
}

void fake_hv_fini(struct fake_hv *hv)
{
	free(hv->pins);
	hv->pins = NULL;
	free(hv->tracked);
	hv->tracked = NULL;
}

void fake_hv_attach(struct fake_hv *hv, struct gvt_vgpu *vgpu)
{
	hv->vgpu = vgpu;
	hv->attached = true;
	gvt_vgpu_attach_hv(vgpu, &fake_hv_ops, hv);
}

void fake_hv_detach(struct fake_hv *hv)
{
	gvt_vgpu_detach_hv(hv->vgpu);
	hv->attached = false;
}

void fake_hv_forget(struct fake_hv *hv)
{
	hv->attached = false;
	hv->vgpu = NULL;
}

void fake_hv_log_reset(struct fake_hv *hv)
{
	hv->nlog = 0;
}

bool fake_hv_has(const struct fake_hv *hv, u64 gfn)
{
	return gfn >= hv->gfn_base && gfn - hv->gfn_base < hv->nframes;
}

u64 fake_hv_addr(const struct fake_hv *hv, u64 gfn)
{
	u64 k = gfn - hv->gfn_base;

	return FAKE_HOST_MEM_BASE +
	       ((hv->first_page + hv->nframes - 1 - k) << GVT_GTT_PAGE_SHIFT);
}

unsigned int fake_hv_pins(const struct fake_hv *hv, u64 gfn)
{
	return fake_hv_has(hv, gfn) ? hv->pins[gfn - hv->gfn_base] : 0;
}

u8 *fake_hv_page(const struct fake_hv *hv, u64 gfn)
{
	return fake_host_mem(hv->host, fake_hv_addr(hv, gfn));
}

unsigned long fake_hv_pinned(const struct fake_hv *hv)
{
	unsigned long n = 0;
	u64 i;

	for (i = 0; i < hv->nframes; i++)
		n += hv->pins[i];
	return n;
}

unsigned long fake_hv_tracked(const struct fake_hv *hv)
{
	unsigned long n = 0;
	u64 i;

	for (i = 0; i < hv->nframes; i++)
		n += hv->tracked[i];
	return n;
}

bool fake_hv_balanced(const struct fake_hv *hv)
{
	bool ok = true;

	if (fake_hv_tracked(hv)) {
		fprintf(stderr, "  fake_hv: %lu frames still tracked\n",
			fake_hv_tracked(hv));
		ok = false;
	}
	if (fake_hv_pinned(hv)) {
		fprintf(stderr, "  fake_hv: %lu pins leaked\n",
			fake_hv_pinned(hv));
		ok = false;
	}
	if (hv->unpin_calls != hv->pin_calls - hv->pin_errors) {
		fprintf(stderr, "  fake_hv: %lu pins (%lu failed), %lu unpins\n",
			hv->pin_calls, hv->pin_errors, hv->unpin_calls);
		ok = false;
	}
	if (hv->bad_calls) {
		fprintf(stderr, "  fake_hv: %lu bad calls\n", hv->bad_calls);
		ok = false;
	}
	return ok;
}

const struct gvt_hv_ops fake_hv_ap_ops = {
	.pin_gfn = fake_pin_gfn,
	.unpin_gfn = fake_unpin_gfn,
	.rw_gpa = fake_rw_gpa,
	.inject_msi = fake_inject_msi,
	.track_page = fake_track_page,
	.unmap_aperture = fake_unmap_aperture,
};
