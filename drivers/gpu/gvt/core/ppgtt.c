// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shadow of a guest context's 4-level PPGTT.
 *
 * The guest's tables (PML4 -> PDP -> PD -> PT, guest-physical addresses,
 * no vIOMMU) never reach the GPU. For each table the core keeps a shadow
 * table in a page from gvt_host_ops.alloc_gpu_page, whose entries point at
 * the shadows of the next level, and at the leaves at the host addresses
 * of the pinned guest frames (gvt_hv_ops.pin_gfn), read-only where the
 * guest mapped read-only. Whatever the guest left unmapped, or names a
 * frame the hypervisor refuses, reaches a read-only scratch page through
 * scratch tables.
 *
 * A PD entry with bit 11 (IPS_64K) makes its PT one of 64 KiB pages: the
 * hardware would use entry 16 * n for the 64 KiB page n. Pinned frames
 * are not contiguous in host memory, so the shadow is an ordinary 4 KiB
 * PT whose 16 entries of page n map the 16 frames of the guest's 64 KiB
 * page.
 *
 * Coherence: every guest table page is write-protected through
 * gvt_hv_ops.track_page when the frontend can; a reported write
 * (gvt_vgpu_page_written) marks the shadows dirty. Dirty shadows, and
 * those with a table that could not be tracked, are re-validated against
 * the guest's tables when a workload next uses them: in place when no
 * workload in flight uses them, else by building a new shadow while the
 * old one lives on until its last workload completes. The GPU therefore
 * never sees a shadow change under it, and no pin it may use is dropped.
 */
#include "gvt_internal.h"

#define GVT_PTES		512
#define GVT_PTE_PRESENT		BIT_ULL(0)
#define GVT_PTE_RW		BIT_ULL(1)
#define GVT_PDE_IPS_64K		BIT_ULL(11)
#define GVT_PTE_ADDR		GENMASK_ULL(38, 12)
#define GVT_PTE_ADDR_64K	GENMASK_ULL(38, 16)
/* Host (bus) addresses in shadow entries, as in the GGTT. */
#define GVT_SPTE_ADDR		GENMASK_ULL(45, 12)
/* Most shadow tables of one PPGTT: bounds what a guest makes us allocate. */
#define GVT_PPGTT_MAX_TABLES	4096
/* Shadows a vGPU keeps for roots no workload uses. */
#define GVT_PPGTT_CACHE		8

/* Table levels: 3 PML4, 2 PDP, 1 PD, 0 PT. */
#define GVT_LEVEL_PML4		3

/**
 * struct gvt_spt - the shadow of one guest table
 * @va: kernel address of the shadow table
 * @bus: its bus address
 * @gfn: guest frame of the guest table
 * @level: 3 PML4 .. 0 PT
 * @ips64: a PT of 64 KiB pages
 * @tracked: @gfn is write-protected through the hypervisor
 * @pinned: leaf entries whose frame is pinned (a PT only)
 * @guest: the guest's entries as last shadowed
 * @child: shadows of the next level (not a PT)
 * @link: in the shadow's list of tables
 * @pt: that shadow
 * @users: entries of upper tables that point at it (1 for the PML4)
 * @gen: the validation pass that last synced it
 *
 * A guest table that several entries point at (i915's scratch tables
 * fill every unused entry) is shadowed once and shared.
 */
struct gvt_spt {
	u64 *va;
	u64 bus;
	u64 gfn;
	unsigned int level;
	bool ips64;
	bool tracked;
	DECLARE_BITMAP(pinned, GVT_PTES);
	u64 guest[GVT_PTES];
	struct gvt_spt *child[GVT_PTES];
	struct list_head link;
	struct gvt_ppgtt *pt;
	unsigned int users;
	u64 gen;
};

/**
 * struct gvt_ppgtt - the shadow of a guest PPGTT
 * @link: in the vGPU's cache, or empty once retired
 * @vgpu: the vGPU
 * @root: guest-physical address of the PML4
 * @refs: the cache's reference and one per workload
 * @pml4: the shadow of the PML4
 * @dirty: a tracked guest table was written since the last validation
 * @untracked: a guest table could not be write-protected
 * @spts: every shadow table of it, struct gvt_spt.link
 * @ntables: entries of @spts
 * @gen: the current validation pass
 */
struct gvt_ppgtt {
	struct list_head link;
	struct gvt_vgpu *vgpu;
	u64 root;
	int refs;
	struct gvt_spt *pml4;
	bool dirty;
	bool untracked;
	struct list_head spts;
	unsigned int ntables;
	u64 gen;
};

/* The device's scratch page and scratch tables, levels 0 (page) .. 3. */
struct gvt_pt_scratch {
	void *va[GVT_LEVEL_PML4 + 1];
	u64 bus[GVT_LEVEL_PML4 + 1];
};

static void *gvt_pt_alloc(struct gvt_device *gvt, u64 *bus)
{
	return gvt->ops->alloc_gpu_page(gvt->priv, bus);
}

static void gvt_pt_free(struct gvt_device *gvt, void *va, u64 bus)
{
	gvt->ops->free_gpu_page(gvt->priv, va, bus);
}

/*
 * The scratch page (level 0) and tables whose entries all lead to it:
 * a PT (level 1 entry target), a PD, a PDP.
 */
static struct gvt_pt_scratch *gvt_pt_scratch(struct gvt_device *gvt)
{
	struct gvt_pt_scratch *s = gvt->pt_scratch;
	unsigned int l, i;

	if (s)
		return s;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	for (l = 0; l <= GVT_LEVEL_PML4; l++) {
		s->va[l] = gvt_pt_alloc(gvt, &s->bus[l]);
		if (!s->va[l])
			goto err;
		if (!l)
			continue;
		for (i = 0; i < GVT_PTES; i++)
			((u64 *)s->va[l])[i] = s->bus[l - 1] | GVT_PTE_PRESENT |
					       (l > 1 ? GVT_PTE_RW : 0);
	}
	gvt->pt_scratch = s;
	return s;
err:
	while (l--)
		gvt_pt_free(gvt, s->va[l], s->bus[l]);
	kfree(s);
	return NULL;
}

/* The shadow entry for "nothing mapped" at a table of @level. */
static u64 gvt_pt_scratch_entry(struct gvt_device *gvt, unsigned int level)
{
	struct gvt_pt_scratch *s = gvt->pt_scratch;

	return s->bus[level] | GVT_PTE_PRESENT | (level ? GVT_PTE_RW : 0);
}

/* Guest frame of leaf entry @i of PT @spt, or U64_MAX if unmapped. */
static u64 gvt_leaf_gfn(const struct gvt_spt *spt, unsigned int i, u64 *pte)
{
	u64 e = spt->ips64 ? spt->guest[i & ~15U] : spt->guest[i];

	*pte = e;
	if (!(e & GVT_PTE_PRESENT))
		return U64_MAX;
	if (spt->ips64)
		return ((e & GVT_PTE_ADDR_64K) >> GVT_GTT_PAGE_SHIFT) + (i & 15);
	return (e & GVT_PTE_ADDR) >> GVT_GTT_PAGE_SHIFT;
}

static void gvt_spt_free(struct gvt_vgpu *vgpu, struct gvt_spt *spt);

/* Undo entry @i of @spt: drop its pin or its child. */
static void gvt_spt_clear(struct gvt_vgpu *vgpu, struct gvt_spt *spt,
			  unsigned int i)
{
	u64 pte;

	if (spt->level) {
		gvt_spt_free(vgpu, spt->child[i]);
		spt->child[i] = NULL;
	} else if (__test_and_clear_bit(i, spt->pinned)) {
		vgpu->hv->unpin_gfn(vgpu->hv_priv, gvt_leaf_gfn(spt, i, &pte));
	}
	spt->va[i] = gvt_pt_scratch_entry(vgpu->gvt, spt->level);
}

static void gvt_spt_free(struct gvt_vgpu *vgpu, struct gvt_spt *spt)
{
	unsigned int i;

	if (!spt || --spt->users)
		return;
	list_del(&spt->link);
	spt->pt->ntables--;
	for (i = 0; i < GVT_PTES; i++)
		gvt_spt_clear(vgpu, spt, i);
	if (spt->tracked)
		gvt_track_put(vgpu, spt->gfn);
	gvt_pt_free(vgpu->gvt, spt->va, spt->bus);
	kfree(spt);
}

static int gvt_spt_sync(struct gvt_ppgtt *pt, struct gvt_spt *spt);

static struct gvt_spt *gvt_spt_new(struct gvt_ppgtt *pt, u64 gfn,
				   unsigned int level, bool ips64, int *err)
{
	struct gvt_vgpu *vgpu = pt->vgpu;
	struct gvt_spt *spt;
	unsigned int i;

	if (pt->ntables >= GVT_PPGTT_MAX_TABLES) {
		pr_info_ratelimited("gvt: %s: vGPU %u: PPGTT at 0x%llx has more than %u tables\n",
				    vgpu->gvt->name, vgpu->id, pt->root,
				    GVT_PPGTT_MAX_TABLES);
		*err = -ENOMEM;
		return NULL;
	}
	spt = kzalloc(sizeof(*spt), GFP_KERNEL);
	if (!spt) {
		*err = -ENOMEM;
		return NULL;
	}
	spt->va = gvt_pt_alloc(vgpu->gvt, &spt->bus);
	if (!spt->va) {
		kfree(spt);
		*err = -ENOMEM;
		return NULL;
	}
	spt->gfn = gfn;
	spt->level = level;
	spt->ips64 = ips64;
	spt->users = 1;
	list_add(&spt->link, &pt->spts);
	spt->pt = pt;
	pt->ntables++;
	for (i = 0; i < GVT_PTES; i++)
		spt->va[i] = gvt_pt_scratch_entry(vgpu->gvt, level);
	spt->tracked = !gvt_track_get(vgpu, gfn);
	if (!spt->tracked)
		pt->untracked = true;
	/* All guest entries differ from the zeroed copy once present. */
	memset(spt->guest, 0, sizeof(spt->guest));
	*err = gvt_spt_sync(pt, spt);
	if (*err) {
		gvt_spt_free(vgpu, spt);
		return NULL;
	}
	return spt;
}

/* The shadow of a guest table, shared if this PPGTT has one already. */
static struct gvt_spt *gvt_spt_get(struct gvt_ppgtt *pt, u64 gfn,
				   unsigned int level, bool ips64, int *err)
{
	struct gvt_spt *spt;

	list_for_each_entry(spt, &pt->spts, link) {
		if (spt->gfn == gfn && spt->level == level &&
		    spt->ips64 == ips64) {
			spt->users++;
			return spt;
		}
	}
	return gvt_spt_new(pt, gfn, level, ips64, err);
}

/* Shadow guest entry @e at @i of @spt, which holds nothing there now. */
static int gvt_spt_set(struct gvt_ppgtt *pt, struct gvt_spt *spt,
		       unsigned int i, u64 e)
{
	struct gvt_vgpu *vgpu = pt->vgpu;
	unsigned int k, first, n;
	struct gvt_spt *child;
	u64 gfn, pte, addr;
	int err = 0;

	spt->guest[i] = e;
	if (spt->level) {
		if (!(e & GVT_PTE_PRESENT))
			return 0;
		child = gvt_spt_get(pt, (e & GVT_PTE_ADDR) >> GVT_GTT_PAGE_SHIFT,
				    spt->level - 1,
				    spt->level == 1 && (e & GVT_PDE_IPS_64K),
				    &err);
		if (!child) {
			/* A table the guest cannot give us reads scratch. */
			spt->guest[i] = err == -ENOMEM ? 0 : e;
			return err == -ENOMEM ? err : 0;
		}
		spt->child[i] = child;
		spt->va[i] = child->bus | GVT_PTE_PRESENT | GVT_PTE_RW;
		return 0;
	}
	/* A 64 KiB entry changes the 16 shadow entries of its page. */
	first = spt->ips64 ? i & ~15U : i;
	n = spt->ips64 ? 16 : 1;
	if (spt->ips64 && i != first)
		return 0;
	for (k = first; k < first + n; k++) {
		gfn = gvt_leaf_gfn(spt, k, &pte);
		if (gfn == U64_MAX)
			continue;
		if (vgpu->hv->pin_gfn(vgpu->hv_priv, gfn, &addr))
			continue;	/* scratch */
		__set_bit(k, spt->pinned);
		spt->va[k] = (addr & GVT_SPTE_ADDR) | GVT_PTE_PRESENT |
			     (pte & GVT_PTE_RW);
	}
	return 0;
}

/*
 * Bring @spt and its children in line with the guest's tables: entries
 * that changed are redone, unchanged children re-validated.
 */
static int gvt_spt_sync(struct gvt_ppgtt *pt, struct gvt_spt *spt)
{
	struct gvt_vgpu *vgpu = pt->vgpu;
	unsigned int i, k;
	u64 *now;
	int ret = 0;

	/* A shared table is synced once per pass. */
	if (spt->gen == pt->gen)
		return 0;
	spt->gen = pt->gen;
	now = kmalloc_array(GVT_PTES, sizeof(*now), GFP_KERNEL);
	if (!now)
		return -ENOMEM;
	if (gvt_guest_rw(vgpu, spt->gfn << GVT_GTT_PAGE_SHIFT, now,
			 GVT_PTES * sizeof(*now), false)) {
		/* Unreadable: everything below maps scratch. */
		memset(now, 0, GVT_PTES * sizeof(*now));
	}
	for (i = 0; i < GVT_PTES && !ret; i++) {
		if (spt->ips64 && (i & 15))
			continue;
		if (now[i] == spt->guest[i]) {
			if (spt->level && spt->child[i])
				ret = gvt_spt_sync(pt, spt->child[i]);
			continue;
		}
		if (spt->ips64) {
			for (k = i; k < i + 16; k++)
				gvt_spt_clear(vgpu, spt, k);
		} else {
			gvt_spt_clear(vgpu, spt, i);
		}
		ret = gvt_spt_set(pt, spt, i, now[i]);
	}
	kfree(now);
	return ret;
}

static void gvt_ppgtt_free(struct gvt_ppgtt *pt)
{
	gvt_spt_free(pt->vgpu, pt->pml4);
	kfree(pt);
}

/**
 * gvt_ppgtt_put() - drop a reference of gvt_ppgtt_get()
 * @pt: the shadow, or NULL
 *
 * The last reference frees the shadow tables and releases the pins.
 */
void gvt_ppgtt_put(struct gvt_ppgtt *pt)
{
	if (pt && !--pt->refs)
		gvt_ppgtt_free(pt);
}

/* Forget a cached shadow; workloads using it keep it alive. */
static void gvt_ppgtt_retire(struct gvt_ppgtt *pt)
{
	list_del_init(&pt->link);
	gvt_ppgtt_put(pt);
}

/* Keep GVT_PPGTT_CACHE shadows, the most recently used; evict unused. */
static void gvt_ppgtt_trim(struct gvt_vgpu *vgpu)
{
	struct gvt_ppgtt *pt, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(pt, tmp, &vgpu->ppgtts, link)
		if (++n > GVT_PPGTT_CACHE && pt->refs == 1)
			gvt_ppgtt_retire(pt);
}

/**
 * gvt_ppgtt_root_destroyed() - the guest freed the PPGTT rooted at @root
 * @vgpu: the vGPU, locked
 * @root: guest-physical address of the PML4
 *
 * The guest's i915 says so through PVINFO's g2v_notify before it frees
 * the tables. The cached shadow is forgotten at once (a workload still
 * on it keeps it until it completes), so its tables stop being
 * write-protected: the guest reuses those frames for anything, and every
 * write to a tracked frame is a trap to the frontend. A guest that says
 * so of a root it still uses only makes its next workload on it build a
 * new shadow.
 *
 * Return: whether a shadow of @root was cached.
 */
bool gvt_ppgtt_root_destroyed(struct gvt_vgpu *vgpu, u64 root)
{
	struct gvt_ppgtt *pt;

	lockdep_assert_held(&vgpu->lock);
	root &= GVT_PTE_ADDR;
	list_for_each_entry(pt, &vgpu->ppgtts, link) {
		if (pt->root == root) {
			gvt_ppgtt_retire(pt);
			return true;
		}
	}
	return false;
}

/**
 * gvt_ppgtt_get() - the shadow of the PPGTT rooted at a guest PML4
 * @vgpu: the vGPU, locked
 * @root: guest-physical address of the PML4 (the image's PDP0)
 * @out: the shadow, with a reference for the caller
 *
 * A cached shadow is re-validated first if the guest may have changed
 * its tables.
 *
 * Return: 0; -ENODEV when there is no root (0) or the host cannot give
 * GPU-visible pages; -ENOMEM.
 */
int gvt_ppgtt_get(struct gvt_vgpu *vgpu, u64 root, struct gvt_ppgtt **out)
{
	struct gvt_device *gvt = vgpu->gvt;
	struct gvt_ppgtt *pt, *found = NULL;
	int ret;

	*out = NULL;
	root &= GVT_PTE_ADDR;
	if (!root || !gvt->ops->alloc_gpu_page || !gvt->ops->free_gpu_page ||
	    !vgpu->hv)
		return -ENODEV;
	if (!gvt_pt_scratch(gvt))
		return -ENOMEM;

	list_for_each_entry(pt, &vgpu->ppgtts, link) {
		if (pt->root == root) {
			found = pt;
			break;
		}
	}
	if (found && (found->dirty || found->untracked)) {
		if (found->refs == 1) {
			found->dirty = false;
			found->gen++;
			ret = gvt_spt_sync(found, found->pml4);
			if (ret) {
				gvt_ppgtt_retire(found);
				return ret;
			}
		} else {
			gvt_ppgtt_retire(found);
			found = NULL;
		}
	}
	if (!found) {
		found = kzalloc(sizeof(*found), GFP_KERNEL);
		if (!found)
			return -ENOMEM;
		found->vgpu = vgpu;
		found->root = root;
		found->refs = 1;
		found->gen = 1;
		INIT_LIST_HEAD(&found->spts);
		found->pml4 = gvt_spt_new(found, root >> GVT_GTT_PAGE_SHIFT,
					  GVT_LEVEL_PML4, false, &ret);
		if (!found->pml4) {
			kfree(found);
			return ret;
		}
		list_add(&found->link, &vgpu->ppgtts);
		gvt_ppgtt_trim(vgpu);
	} else {
		list_del(&found->link);
		list_add(&found->link, &vgpu->ppgtts);
	}
	found->refs++;
	*out = found;
	return 0;
}

/**
 * gvt_ppgtt_root() - bus address of a shadow's PML4
 * @pt: the shadow
 *
 * Return: the address the GPU walks from.
 */
u64 gvt_ppgtt_root(struct gvt_ppgtt *pt)
{
	return pt->pml4->bus;
}

/* The guest frame and RW bit behind PPGTT address @va, or -EFAULT. */
static int gvt_ppgtt_translate(struct gvt_ppgtt *pt, u64 va, u64 *gfn)
{
	struct gvt_spt *spt = pt->pml4;
	unsigned int level, i;
	u64 pte;

	for (level = GVT_LEVEL_PML4; level; level--) {
		i = (va >> (GVT_GTT_PAGE_SHIFT + 9 * level)) & (GVT_PTES - 1);
		spt = spt->child[i];
		if (!spt)
			return -EFAULT;
	}
	i = (va >> GVT_GTT_PAGE_SHIFT) & (GVT_PTES - 1);
	*gfn = gvt_leaf_gfn(spt, i, &pte);
	return *gfn == U64_MAX ? -EFAULT : 0;
}

/**
 * gvt_ppgtt_gm_read() - read PPGTT graphics memory of a guest context
 * @pt: the shadow (a struct gvt_ppgtt)
 * @gma: PPGTT address
 * @buf: where to copy
 * @len: bytes
 *
 * The command scanner's PPGTT reader: the address is translated with the
 * guest entries the shadow was built from, so the scanner reads exactly
 * the pages the GPU will.
 *
 * Return: 0, or -EFAULT for an unmapped page or one that cannot be read.
 */
int gvt_ppgtt_gm_read(void *pt, u64 gma, void *buf, u32 len)
{
	struct gvt_ppgtt *p = pt;
	u32 page = 1U << GVT_GTT_PAGE_SHIFT;
	u8 *b = buf;
	u32 off, n;
	u64 gfn;

	while (len) {
		off = gma & (page - 1);
		n = min(len, page - off);
		if (gma >> 48 || gvt_ppgtt_translate(p, gma, &gfn) ||
		    gvt_guest_rw(p->vgpu, (gfn << GVT_GTT_PAGE_SHIFT) | off, b,
				 n, false))
			return -EFAULT;
		gma += n;
		b += n;
		len -= n;
	}
	return 0;
}

/* Does the shadow @pt shadow guest frame @gfn? */
static bool gvt_spt_has(const struct gvt_ppgtt *pt, u64 gfn)
{
	const struct gvt_spt *spt;

	list_for_each_entry(spt, &pt->spts, link)
		if (spt->gfn == gfn)
			return true;
	return false;
}

/**
 * gvt_ppgtt_page_written() - a guest table may have changed
 * @vgpu: the vGPU, locked
 * @gfn: the frame written
 */
void gvt_ppgtt_page_written(struct gvt_vgpu *vgpu, u64 gfn)
{
	struct gvt_ppgtt *pt;

	list_for_each_entry(pt, &vgpu->ppgtts, link)
		if (!pt->dirty && gvt_spt_has(pt, gfn))
			pt->dirty = true;
}

/**
 * gvt_ppgtt_vgpu_fini() - drop every cached shadow of a vGPU
 * @vgpu: the vGPU, locked, with no workload in flight
 */
void gvt_ppgtt_vgpu_fini(struct gvt_vgpu *vgpu)
{
	struct gvt_ppgtt *pt, *tmp;

	list_for_each_entry_safe(pt, tmp, &vgpu->ppgtts, link)
		gvt_ppgtt_retire(pt);
}

/**
 * gvt_ppgtt_device_fini() - free a device's scratch page and tables
 * @gvt: the device, without vGPUs
 */
void gvt_ppgtt_device_fini(struct gvt_device *gvt)
{
	struct gvt_pt_scratch *s = gvt->pt_scratch;
	unsigned int l;

	if (!s)
		return;
	for (l = 0; l <= GVT_LEVEL_PML4; l++)
		gvt_pt_free(gvt, s->va[l], s->bus[l]);
	kfree(s);
	gvt->pt_scratch = NULL;
}
