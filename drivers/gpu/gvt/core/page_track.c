// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest pages the core write-protects through gvt_hv_ops.track_page, and
 * the writes a frontend reports on them.
 *
 * The shadow PPGTT (ppgtt.c) tracks each guest page table it shadows.
 * Several shadows may share a table, so the core counts its users of a
 * frame and calls track_page once when the first appears and once when
 * the last goes: tracking does not nest in the frontend.
 */
#include "gvt_internal.h"

/**
 * struct gvt_tracked - a guest frame the core write-protects
 * @gfn: the frame
 * @users: shadow tables that need it tracked
 */
struct gvt_tracked {
	u64 gfn;
	unsigned int users;
};

static struct gvt_tracked *gvt_track_find(struct gvt_vgpu *vgpu, u64 gfn)
{
	unsigned int i;

	for (i = 0; i < vgpu->ntracked; i++)
		if (vgpu->tracked[i].gfn == gfn)
			return &vgpu->tracked[i];
	return NULL;
}

/**
 * gvt_track_get() - write-protect a guest frame for one more user
 * @vgpu: the vGPU, locked
 * @gfn: the frame
 *
 * Return: 0 when the frame is tracked; -ENODEV without page tracking in
 * the frontend, -ENOMEM, or the frontend's error. The caller then
 * re-validates what it keeps of the frame before each use.
 */
int gvt_track_get(struct gvt_vgpu *vgpu, u64 gfn)
{
	struct gvt_tracked *t = gvt_track_find(vgpu, gfn), *n;
	int ret;

	if (t) {
		t->users++;
		return 0;
	}
	if (!vgpu->hv || !vgpu->hv->track_page)
		return -ENODEV;
	if (vgpu->ntracked == vgpu->tracked_cap) {
		unsigned int cap = vgpu->tracked_cap ? 2 * vgpu->tracked_cap :
						       16;

		n = kcalloc(cap, sizeof(*n), GFP_KERNEL);
		if (!n)
			return -ENOMEM;
		if (vgpu->ntracked)
			memcpy(n, vgpu->tracked, vgpu->ntracked * sizeof(*n));
		kfree(vgpu->tracked);
		vgpu->tracked = n;
		vgpu->tracked_cap = cap;
	}
	ret = vgpu->hv->track_page(vgpu->hv_priv, gfn, true);
	if (ret)
		return ret;
	t = &vgpu->tracked[vgpu->ntracked++];
	t->gfn = gfn;
	t->users = 1;
	return 0;
}

/**
 * gvt_track_put() - one user less of a tracked frame
 * @vgpu: the vGPU, locked
 * @gfn: a frame of a successful gvt_track_get()
 */
void gvt_track_put(struct gvt_vgpu *vgpu, u64 gfn)
{
	struct gvt_tracked *t = gvt_track_find(vgpu, gfn);

	if (!t || --t->users)
		return;
	if (vgpu->hv && vgpu->hv->track_page)
		vgpu->hv->track_page(vgpu->hv_priv, gfn, false);
	*t = vgpu->tracked[--vgpu->ntracked];
	if (!vgpu->ntracked) {
		kfree(vgpu->tracked);
		vgpu->tracked = NULL;
		vgpu->tracked_cap = 0;
	}
}

/**
 * gvt_vgpu_page_written() - a guest wrote to a page the core tracks
 * @vgpu: the vGPU
 * @gpa: guest-physical address of the first byte written
 * @buf: the bytes written, already in guest memory
 * @len: their number, not crossing a 4 KiB page
 *
 * A frontend whose &gvt_hv_ops.track_page write-protected a frame calls
 * this after the guest's write to that frame has reached guest memory.
 * Must not be called with a lock that the hypervisor ops take. Writes to
 * frames the core does not track (a race with releasing them) are ignored.
 * The shadow PPGTTs that use the frame are re-validated before the next
 * workload that runs on them.
 */
void gvt_vgpu_page_written(struct gvt_vgpu *vgpu, u64 gpa, const void *buf,
			   unsigned int len)
{
	u64 gfn = gpa >> GVT_GTT_PAGE_SHIFT;

	if (!len || (gpa & 0xfff) + len > 0x1000) {
		pr_warn_ratelimited("gvt: %s: page write at 0x%llx of %u bytes crosses a page\n",
				    vgpu->gvt->name, gpa, len);
		return;
	}
	mutex_lock(&vgpu->lock);
	if (gvt_track_find(vgpu, gfn))
		gvt_ppgtt_page_written(vgpu, gfn);
	mutex_unlock(&vgpu->lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_page_written);
