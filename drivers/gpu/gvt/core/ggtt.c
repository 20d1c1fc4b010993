// SPDX-License-Identifier: GPL-2.0-only
/*
 * GGTT emulation and the aperture.
 *
 * The guest writes GGTT entries at BAR0 + 8 MiB. Entries of the vGPU's
 * aperture and hidden ranges are kept (reads return them) and applied to
 * the host GGTT: a present entry's guest frame is pinned and translated
 * through the hypervisor ops, anything else maps the vGPU's own scratch
 * page. Entries outside the vGPU's ranges never reach the host.
 *
 * Invariant: a host entry of the vGPU maps a guest page exactly when the
 * entry's pinned bit is set, and then it maps the frame in the guest's
 * value; otherwise it maps the vGPU's scratch page. The GPU reaches that
 * page whenever the vGPU's commands use an address whose entry maps no
 * guest frame, and Gen9's GGTT has no read-only bit: the GPU's writes land
 * there. A page per vGPU keeps what one vGPU's commands write from
 * another's reads; the host's scratch page, which i915 shares, is mapped
 * only by entries that no vGPU owns (or, with a backend that cannot give
 * the core GPU pages, and so runs no PPGTT workloads, by all of them).
 */
#include "gvt_internal.h"
#include "trace.h"

struct gvt_ggtt_slot {
	u64 *val;
	unsigned long *pinned;
	unsigned long *dirty;
	unsigned long bit;
};

static u64 gvt_gfn(u64 pte)
{
	return (pte & GVT_GGTT_PTE_ADDR_MASK) >> GVT_GTT_PAGE_SHIFT;
}

/* @pte with its half @half (0 low, 1 high) replaced by @val. */
static u64 gvt_pte_set_half(u64 pte, unsigned int half, u32 val)
{
	unsigned int shift = half * 32;

	return (pte & ~(0xffffffffULL << shift)) | (u64)val << shift;
}

/* Is [@start, @start + @size) inside @r? @size is not 0. */
static bool gvt_range_contains(const struct gvt_gm_range *r, u64 start,
			       u64 size)
{
	return size && start >= r->start && start - r->start < r->size &&
	       size <= r->size - (start - r->start);
}

/* Point @slot at entry @gm of range @r if it holds it. */
static bool gvt_ggtt_slot_in(const struct gvt_gm_range *r, u64 *vals,
			     unsigned long *pinned, unsigned long *dirty,
			     u64 gm, struct gvt_ggtt_slot *slot)
{
	if (gm < r->start || gm - r->start >= r->size)
		return false;
	slot->bit = array_index_nospec((gm - r->start) >> GVT_GTT_PAGE_SHIFT,
				       r->size >> GVT_GTT_PAGE_SHIFT);
	slot->val = &vals[slot->bit];
	slot->pinned = pinned;
	slot->dirty = dirty;
	return true;
}

/* Store the guest's value of an entry; a reset clears it again. */
static void gvt_ggtt_set_val(struct gvt_ggtt_slot *slot, u64 val)
{
	__set_bit(slot->bit >> GVT_GGTT_DIRTY_SHIFT, slot->dirty);
	*slot->val = val;
}

/*
 * Find the guest's copy of entry @index. Return false for an entry outside
 * the vGPU's ranges.
 */
static bool gvt_ggtt_slot(struct gvt_vgpu *vgpu, u32 index,
			  struct gvt_ggtt_slot *slot)
{
	u64 gm = (u64)index << GVT_GTT_PAGE_SHIFT;

	return gvt_ggtt_slot_in(&vgpu->low, vgpu->ggtt_low, vgpu->pinned_low,
				vgpu->ggtt_dirty_low, gm, slot) ||
	       gvt_ggtt_slot_in(&vgpu->high, vgpu->ggtt_high,
				vgpu->pinned_high, vgpu->ggtt_dirty_high, gm,
				slot);
}

static void gvt_host_scratch(struct gvt_vgpu *vgpu, u32 index)
{
	struct gvt_device *gvt = vgpu->gvt;

	if (vgpu->gtt_scratch) {
		if (gvt->ops->ggtt_write)
			gvt->ops->ggtt_write(gvt->priv, index,
					     vgpu->gtt_scratch_pte);
	} else if (gvt->ops->ggtt_clear) {
		gvt->ops->ggtt_clear(gvt->priv, index, 1);
	}
}

/*
 * What the CPU reaches at host entry @index changed: a frontend that maps
 * the aperture drops its mapping of the page (before the old pin goes).
 */
static void gvt_ggtt_aperture_changed(struct gvt_vgpu *vgpu, u32 index)
{
	u64 gm = (u64)index << GVT_GTT_PAGE_SHIFT;

	if (vgpu->hv && vgpu->hv->unmap_aperture &&
	    gvt_range_contains(&vgpu->low, gm, 1ULL << GVT_GTT_PAGE_SHIFT))
		vgpu->hv->unmap_aperture(vgpu->hv_priv, gm,
					 1ULL << GVT_GTT_PAGE_SHIFT);
}

/*
 * The bit goes before the entry maps scratch, so that a lockless reader
 * that saw the scratch entry sees the bit clear (gvt_vgpu_aperture_pfn()).
 */
static void gvt_ggtt_unpinned_scratch(struct gvt_vgpu *vgpu, u32 index,
				      struct gvt_ggtt_slot *slot)
{
	__clear_bit(slot->bit, slot->pinned);
	/* The bit before the entry: gvt_vgpu_aperture_pfn(). */
	smp_wmb();
	gvt_host_scratch(vgpu, index);
}

/* Point host entry @index at scratch and drop its pin, if it has one. */
static void gvt_ggtt_release(struct gvt_vgpu *vgpu, u32 index,
			     struct gvt_ggtt_slot *slot)
{
	if (!__test_and_clear_bit(slot->bit, slot->pinned))
		return;
	/* The bit before the entry: gvt_vgpu_aperture_pfn(). */
	smp_wmb();
	gvt_host_scratch(vgpu, index);
	gvt_ggtt_aperture_changed(vgpu, index);
	vgpu->hv->unpin_gfn(vgpu->hv_priv, gvt_gfn(*slot->val));
}

/*
 * Make host entry @index follow the guest value @val: pin the new frame,
 * write the host entry, then drop the previous pin, so the GPU never maps
 * an unpinned page.
 */
static void gvt_ggtt_apply(struct gvt_vgpu *vgpu, u32 index,
			   struct gvt_ggtt_slot *slot, u64 val)
{
	struct gvt_device *gvt = vgpu->gvt;
	bool was_pinned = test_bit(slot->bit, slot->pinned);
	u64 old_gfn = gvt_gfn(*slot->val);
	u64 addr;
	int ret;

	if ((val & GVT_GGTT_PTE_PRESENT) && vgpu->hv) {
		ret = vgpu->hv->pin_gfn(vgpu->hv_priv, gvt_gfn(val), &addr);
		if (!ret) {
			if (gvt->ops->ggtt_write)
				gvt->ops->ggtt_write(gvt->priv, index,
						     (addr & GVT_GGTT_PTE_ADDR_MASK) |
						     GVT_GGTT_PTE_PRESENT);
			/* The entry before the bit: gvt_vgpu_aperture_pfn(). */
			smp_wmb();
			__set_bit(slot->bit, slot->pinned);
		} else {
			pr_info_ratelimited("gvt: %s: vGPU %u: GGTT entry 0x%x: guest frame 0x%llx not mapped (%d); using the scratch page\n",
					    gvt->name, vgpu->id, index,
					    gvt_gfn(val), ret);
			gvt_ggtt_unpinned_scratch(vgpu, index, slot);
		}
	} else {
		gvt_ggtt_unpinned_scratch(vgpu, index, slot);
	}
	if (was_pinned || test_bit(slot->bit, slot->pinned))
		gvt_ggtt_aperture_changed(vgpu, index);
	if (was_pinned)
		vgpu->hv->unpin_gfn(vgpu->hv_priv, old_gfn);
	gvt_ggtt_set_val(slot, val);
}

/* An 8-byte write of entry @index: a pending half of it is overwritten. */
static void gvt_ggtt_track_entry(struct gvt_vgpu *vgpu, u32 index)
{
	if (vgpu->ggtt_halves && vgpu->ggtt_half_index == index)
		vgpu->ggtt_halves = 0;
	vgpu->counters.ggtt_writes++;
}

/*
 * A 4-byte write of half @half (0 low, 1 high) of entry @index. Return
 * true when it completes the entry (the previous 4-byte write was the
 * other half of the same entry), else remember it as pending.
 */
static bool gvt_ggtt_track_half(struct gvt_vgpu *vgpu, u32 index,
				unsigned int half)
{
	if (vgpu->ggtt_halves == BIT(!half) && vgpu->ggtt_half_index == index) {
		vgpu->ggtt_halves = 0;
		vgpu->counters.ggtt_writes++;
		return true;
	}
	vgpu->ggtt_half_index = index;
	vgpu->ggtt_halves = BIT(half);
	return false;
}

static void gvt_ggtt_write_entry(struct gvt_vgpu *vgpu, u32 index,
				 struct gvt_ggtt_slot *slot, u64 val)
{
	gvt_ggtt_track_entry(vgpu, index);
	/* Nothing to do when the host entry already follows @val. */
	if (*slot->val == val &&
	    (!(val & GVT_GGTT_PTE_PRESENT) || test_bit(slot->bit, slot->pinned)))
		return;
	gvt_ggtt_apply(vgpu, index, slot, val);
}

/*
 * A 4-byte write of half @half (0 low, 1 high) of an entry: applied when
 * the other half of the same entry is the next 4-byte write; until then
 * the host entry maps scratch, so the GPU never sees a torn entry.
 */
static void gvt_ggtt_write_half(struct gvt_vgpu *vgpu, u32 index,
				struct gvt_ggtt_slot *slot, unsigned int half,
				u32 val)
{
	u64 merged = gvt_pte_set_half(*slot->val, half, val);

	if (gvt_ggtt_track_half(vgpu, index, half)) {
		trace_gvt_ggtt(vgpu, index, merged, false);
		gvt_ggtt_apply(vgpu, index, slot, merged);
		return;
	}
	gvt_ggtt_release(vgpu, index, slot);
	gvt_ggtt_set_val(slot, merged);
}

/**
 * gvt_ggtt_read() - a guest read of its GGTT
 * @vgpu: the vGPU, locked
 * @offset: offset in the GGTT part of BAR0
 * @val: receives the value (the addressed half for 4 bytes)
 * @len: 4 or 8
 *
 * Return: 0, or -EINVAL for another length.
 */
int gvt_ggtt_read(struct gvt_vgpu *vgpu, u64 offset, u64 *val,
		  unsigned int len)
{
	struct gvt_ggtt_slot slot;

	lockdep_assert_held(&vgpu->lock);

	if (len != 4 && len != 8) {
		pr_info_ratelimited("gvt: %s: vGPU %u: GGTT read of %u bytes (4 or 8 only)\n",
				    vgpu->gvt->name, vgpu->id, len);
		return -EINVAL;
	}
	*val = gvt_ggtt_slot(vgpu, offset / 8, &slot) ? *slot.val : 0;
	if (len == 4)
		*val = (u32)(*val >> (offset & 4) * 8);
	return 0;
}

/**
 * gvt_ggtt_write() - a guest write to its GGTT
 * @vgpu: the vGPU, locked
 * @offset: offset in the GGTT part of BAR0
 * @val: the value (in the low half for 4 bytes)
 * @len: 4 or 8
 *
 * Counted in the vGPU's statistics: a write outside the vGPU's ranges as
 * dropped, an entry inside them as written once it is complete (an 8-byte
 * write, or the 4-byte write of its second half), in failsafe too.
 *
 * Return: 0, or -EINVAL for another length.
 */
int gvt_ggtt_write(struct gvt_vgpu *vgpu, u64 offset, u64 val,
		   unsigned int len)
{
	unsigned int half = !!(offset & 4);
	struct gvt_ggtt_slot slot;
	u32 index = offset / 8;

	lockdep_assert_held(&vgpu->lock);

	if (len != 4 && len != 8) {
		pr_info_ratelimited("gvt: %s: vGPU %u: GGTT write of %u bytes (4 or 8 only)\n",
				    vgpu->gvt->name, vgpu->id, len);
		return -EINVAL;
	}
	if (!gvt_ggtt_slot(vgpu, index, &slot)) {
		pr_debug_ratelimited("gvt: %s: vGPU %u: GGTT entry 0x%x is outside the vGPU's memory; write dropped\n",
				     vgpu->gvt->name, vgpu->id, index);
		vgpu->counters.ggtt_writes_dropped++;
		trace_gvt_ggtt(vgpu, index, val, true);
		return 0;
	}
	if (unlikely(vgpu->failsafe)) {
		/* Storage only; a mapped entry loses its mapping. */
		gvt_ggtt_release(vgpu, index, &slot);
		if (len == 8) {
			gvt_ggtt_track_entry(vgpu, index);
			gvt_ggtt_set_val(&slot, val);
		} else {
			gvt_ggtt_track_half(vgpu, index, half);
			gvt_ggtt_set_val(&slot, gvt_pte_set_half(*slot.val, half,
								 val));
		}
		return 0;
	}
	if (len == 8) {
		trace_gvt_ggtt(vgpu, index, val, false);
		gvt_ggtt_write_entry(vgpu, index, &slot, val);
	} else {
		gvt_ggtt_write_half(vgpu, index, &slot, half, val);
	}
	return 0;
}

/**
 * gvt_gm_range_owned() - is a GM range wholly inside one of a vGPU's ranges?
 * @vgpu: the vGPU
 * @start: first GM address
 * @size: bytes, not 0
 *
 * Return: true if [@start, @start + @size) lies inside the vGPU's aperture
 * range or inside its hidden range.
 */
bool gvt_gm_range_owned(const struct gvt_vgpu *vgpu, u64 start, u64 size)
{
	return gvt_range_contains(&vgpu->low, start, size) ||
	       gvt_range_contains(&vgpu->high, start, size);
}

/*
 * Unpin every entry of one range whose frame is in [gfn, gfn + count).
 * Only the pages of values in @dirty can hold a pin: an entry is pinned
 * with its value stored (gvt_ggtt_apply()), and a page is clean again
 * only once its pins are gone (gvt_ggtt_reset()).
 */
static void gvt_ggtt_unmap_range(struct gvt_vgpu *vgpu,
				 const struct gvt_gm_range *r, u64 *vals,
				 unsigned long *pinned, unsigned long *dirty,
				 u64 gfn, u64 count)
{
	unsigned long n = r->size >> GVT_GTT_PAGE_SHIFT;
	unsigned long pages = (n + GVT_GGTT_DIRTY_ENTRIES - 1) >>
			      GVT_GGTT_DIRTY_SHIFT;
	u32 first = r->start >> GVT_GTT_PAGE_SHIFT;
	unsigned long page, bit, end;

	for (page = find_first_bit(dirty, pages); page < pages;
	     page = find_next_bit(dirty, pages, page + 1)) {
		end = min_t(unsigned long, n,
			    (page + 1) << GVT_GGTT_DIRTY_SHIFT);
		for (bit = find_next_bit(pinned, end,
					 page << GVT_GGTT_DIRTY_SHIFT);
		     bit < end; bit = find_next_bit(pinned, end, bit + 1)) {
			if (gvt_gfn(vals[bit]) - gfn >= count)
				continue;
			__clear_bit(bit, pinned);
			/* The bit before the entry: gvt_vgpu_aperture_pfn(). */
			smp_wmb();
			gvt_host_scratch(vgpu, first + bit);
			gvt_ggtt_aperture_changed(vgpu, first + bit);
			vgpu->hv->unpin_gfn(vgpu->hv_priv, gvt_gfn(vals[bit]));
		}
	}
}

static void gvt_ggtt_unmap(struct gvt_vgpu *vgpu, u64 gfn, u64 count)
{
	if (!vgpu->hv)
		return;
	gvt_ggtt_unmap_range(vgpu, &vgpu->low, vgpu->ggtt_low,
			     vgpu->pinned_low, vgpu->ggtt_dirty_low, gfn,
			     count);
	gvt_ggtt_unmap_range(vgpu, &vgpu->high, vgpu->ggtt_high,
			     vgpu->pinned_high, vgpu->ggtt_dirty_high, gfn,
			     count);
}

/**
 * gvt_ggtt_scratch_alloc() - give a new vGPU its own scratch page
 * @vgpu: the vGPU, with its device lock held
 *
 * Only with a backend that gives GPU pages; otherwise the vGPU's entries
 * map the host's scratch page. May sleep.
 *
 * Return: 0 or -ENOMEM.
 */
int gvt_ggtt_scratch_alloc(struct gvt_vgpu *vgpu)
{
	const struct gvt_host_ops *ops = vgpu->gvt->ops;

	lockdep_assert_held(&vgpu->gvt->lock);
	if (!ops->alloc_gpu_page || !ops->free_gpu_page)
		return 0;
	vgpu->gtt_scratch = ops->alloc_gpu_page(vgpu->gvt->priv,
						&vgpu->gtt_scratch_bus);
	if (!vgpu->gtt_scratch)
		return -ENOMEM;
	vgpu->gtt_scratch_pte = (vgpu->gtt_scratch_bus &
				 GVT_GGTT_PTE_ADDR_MASK) | GVT_GGTT_PTE_PRESENT;
	return 0;
}

/**
 * gvt_ggtt_alloc() - allocate the GGTT state of a vGPU
 * @vgpu: the vGPU; its type is set, its ranges not yet
 *
 * Return: 0 or -ENOMEM.
 */
int gvt_ggtt_alloc(struct gvt_vgpu *vgpu)
{
	unsigned long nl = vgpu->type->low_gm_size >> GVT_GTT_PAGE_SHIFT;
	unsigned long nh = vgpu->type->high_gm_size >> GVT_GTT_PAGE_SHIFT;

	vgpu->ggtt_low = kvcalloc(nl, sizeof(u64), GFP_KERNEL);
	vgpu->ggtt_high = kvcalloc(nh, sizeof(u64), GFP_KERNEL);
	vgpu->pinned_low = kvcalloc(BITS_TO_LONGS(nl), sizeof(long),
				    GFP_KERNEL);
	vgpu->pinned_high = kvcalloc(BITS_TO_LONGS(nh), sizeof(long),
				     GFP_KERNEL);
	if (vgpu->ggtt_low && vgpu->ggtt_high && vgpu->pinned_low &&
	    vgpu->pinned_high)
		return 0;
	gvt_ggtt_free(vgpu);
	return -ENOMEM;
}

/**
 * gvt_ggtt_free() - free the GGTT state of a vGPU
 * @vgpu: the vGPU, without pins (detached), whose host entries no longer
 *	  map its scratch page (gvt_ggtt_hand_back()) and that has no
 *	  workload in flight
 */
void gvt_ggtt_free(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	if (vgpu->gtt_scratch) {
		/* Host callbacks run under a lock of the vGPU or device. */
		mutex_lock(&vgpu->lock);
		gvt->ops->free_gpu_page(gvt->priv, vgpu->gtt_scratch,
					vgpu->gtt_scratch_bus);
		mutex_unlock(&vgpu->lock);
	}
	vgpu->gtt_scratch = NULL;
	vgpu->gtt_scratch_pte = 0;
	kvfree(vgpu->ggtt_low);
	kvfree(vgpu->ggtt_high);
	kvfree(vgpu->pinned_low);
	kvfree(vgpu->pinned_high);
	vgpu->ggtt_low = NULL;
	vgpu->ggtt_high = NULL;
	vgpu->pinned_low = NULL;
	vgpu->pinned_high = NULL;
}

/* Zero the pages of the @n values @vals that @dirty says may not be 0. */
static void gvt_ggtt_clear_vals(u64 *vals, unsigned long *dirty,
				unsigned long n)
{
	unsigned long nbits, b, first, count;

	nbits = (n + GVT_GGTT_DIRTY_ENTRIES - 1) >> GVT_GGTT_DIRTY_SHIFT;
	for (b = find_first_bit(dirty, nbits); b < nbits;
	     b = find_next_bit(dirty, nbits, b + 1)) {
		first = b << GVT_GGTT_DIRTY_SHIFT;
		count = min_t(unsigned long, GVT_GGTT_DIRTY_ENTRIES, n - first);
		memset(&vals[first], 0, count * sizeof(u64));
		__clear_bit(b, dirty);
	}
}

/**
 * gvt_ggtt_reset() - every GGTT entry of a vGPU back to 0 and scratch
 * @vgpu: the vGPU, locked
 */
void gvt_ggtt_reset(struct gvt_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->lock);

	gvt_ggtt_unmap(vgpu, 0, U64_MAX);
	gvt_ggtt_clear_vals(vgpu->ggtt_low, vgpu->ggtt_dirty_low,
			    vgpu->low.size >> GVT_GTT_PAGE_SHIFT);
	gvt_ggtt_clear_vals(vgpu->ggtt_high, vgpu->ggtt_dirty_high,
			    vgpu->high.size >> GVT_GTT_PAGE_SHIFT);
	vgpu->ggtt_halves = 0;
	/*
	 * Every entry without a pin maps the scratch page already (the
	 * invariant above), and the unmap released every pin: rewriting the
	 * whole partition one entry at a time would only cost time. The
	 * host's page is cleared in one call, so that case stays defensive.
	 */
	if (!vgpu->gtt_scratch)
		gvt_ggtt_scrub(vgpu);
}

/* Point the host entries of range @r at the vGPU's scratch page. */
static void gvt_ggtt_scrub_range(struct gvt_vgpu *vgpu,
				 const struct gvt_gm_range *r)
{
	u32 i, first = r->start >> GVT_GTT_PAGE_SHIFT;

	for (i = 0; i < r->size >> GVT_GTT_PAGE_SHIFT; i++)
		gvt_host_scratch(vgpu, first + i);
}

/**
 * gvt_ggtt_scrub() - point every host GGTT entry of a vGPU at its scratch
 *		      page
 * @vgpu: the vGPU, without pins, its device or its own lock held
 */
void gvt_ggtt_scrub(struct gvt_vgpu *vgpu)
{
	if (!vgpu->gtt_scratch) {
		gvt_ggtt_hand_back(vgpu);
		return;
	}
	gvt_ggtt_scrub_range(vgpu, &vgpu->low);
	gvt_ggtt_scrub_range(vgpu, &vgpu->high);
}

/**
 * gvt_ggtt_hand_back() - point every host GGTT entry of a vGPU at the
 *			  host's scratch page
 * @vgpu: the vGPU, without pins, with its device lock held; its entries
 *	  are no longer its own (destruction)
 */
void gvt_ggtt_hand_back(struct gvt_vgpu *vgpu)
{
	struct gvt_device *gvt = vgpu->gvt;

	if (!gvt->ops->ggtt_clear)
		return;
	gvt->ops->ggtt_clear(gvt->priv, vgpu->low.start >> GVT_GTT_PAGE_SHIFT,
			     vgpu->low.size >> GVT_GTT_PAGE_SHIFT);
	gvt->ops->ggtt_clear(gvt->priv, vgpu->high.start >> GVT_GTT_PAGE_SHIFT,
			     vgpu->high.size >> GVT_GTT_PAGE_SHIFT);
}

/*
 * Write host entry @index again from the core's record: the frame it pins
 * (asked of the frontend again: pins nest, so a second pin dropped at once
 * returns the address of the first), else the vGPU's scratch page.
 */
static bool gvt_ggtt_restore_entry(struct gvt_vgpu *vgpu, u32 index,
				   struct gvt_ggtt_slot *slot)
{
	struct gvt_device *gvt = vgpu->gvt;
	u64 gfn = gvt_gfn(*slot->val);
	u64 addr;
	int ret;

	if (!test_bit(slot->bit, slot->pinned)) {
		gvt_host_scratch(vgpu, index);
		return false;
	}
	ret = vgpu->hv->pin_gfn(vgpu->hv_priv, gfn, &addr);
	if (ret) {
		pr_info_ratelimited("gvt: %s: vGPU %u: GGTT entry 0x%x: guest frame 0x%llx no longer mapped (%d); using the scratch page\n",
				    gvt->name, vgpu->id, index, gfn, ret);
		gvt_ggtt_release(vgpu, index, slot);
		return false;
	}
	if (gvt->ops->ggtt_write)
		gvt->ops->ggtt_write(gvt->priv, index,
				     (addr & GVT_GGTT_PTE_ADDR_MASK) |
				     GVT_GGTT_PTE_PRESENT);
	vgpu->hv->unpin_gfn(vgpu->hv_priv, gfn);
	return true;
}

static u32 gvt_ggtt_restore_range(struct gvt_vgpu *vgpu,
				  const struct gvt_gm_range *r)
{
	u32 i, first = r->start >> GVT_GTT_PAGE_SHIFT, mapped = 0;
	struct gvt_ggtt_slot slot;

	for (i = 0; i < r->size >> GVT_GTT_PAGE_SHIFT; i++)
		if (gvt_ggtt_slot(vgpu, first + i, &slot) &&
		    gvt_ggtt_restore_entry(vgpu, first + i, &slot))
			mapped++;
	return mapped;
}

/**
 * gvt_ggtt_restore() - write every host GGTT entry of a vGPU again
 * @vgpu: the vGPU, locked
 *
 * For a GPU that lost its GGTT: each entry maps what it mapped before (the
 * guest frame it holds a pin of, else the vGPU's scratch page). A frame the
 * frontend can no longer pin is released to the scratch page, as if the
 * guest had unmapped it. A pending 4-byte half stays pending.
 *
 * Return: the number of entries that map a guest frame.
 */
u32 gvt_ggtt_restore(struct gvt_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->lock);

	return gvt_ggtt_restore_range(vgpu, &vgpu->low) +
	       gvt_ggtt_restore_range(vgpu, &vgpu->high);
}

/**
 * gvt_vgpu_attach_hv() - give the core access to a guest's memory
 * @vgpu: the vGPU
 * @ops: the frontend's hypervisor ops; both callbacks are required
 * @priv: passed back to @ops
 *
 * GGTT entries written from now on map the guest frames they name.
 * Entries written before stay on the scratch page until written again.
 * A vGPU that was attached before is detached first, as by
 * gvt_vgpu_detach_hv(): its workloads in flight are cancelled and its
 * shadow page tables, pins and tracked frames released through the old
 * ops.
 */
void gvt_vgpu_attach_hv(struct gvt_vgpu *vgpu, const struct gvt_hv_ops *ops,
			void *priv)
{
	mutex_lock(&vgpu->lock);
	/* As gvt_vgpu_detach_hv(): nothing pinned or tracked survives. */
	gvt_wl_release_guest(vgpu);
	gvt_ggtt_unmap(vgpu, 0, U64_MAX);
	vgpu->hv = ops;
	vgpu->hv_priv = priv;
	mutex_unlock(&vgpu->lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_attach_hv);

/**
 * gvt_vgpu_detach_hv() - take the guest's memory away from the core
 * @vgpu: the vGPU
 *
 * Workloads in flight are cancelled and the shadow page tables dropped;
 * every GGTT entry that maps a guest page is pointed at the scratch page
 * and its pin dropped; no hypervisor op is called after this returns.
 */
void gvt_vgpu_detach_hv(struct gvt_vgpu *vgpu)
{
	mutex_lock(&vgpu->lock);
	gvt_wl_release_guest(vgpu);
	gvt_ggtt_unmap(vgpu, 0, U64_MAX);
	vgpu->hv = NULL;
	vgpu->hv_priv = NULL;
	mutex_unlock(&vgpu->lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_detach_hv);

/**
 * gvt_vgpu_unmap_gfns() - guest frames are going away
 * @vgpu: the vGPU
 * @gfn: first guest frame
 * @count: number of frames
 *
 * Workloads in flight are cancelled and the shadow page tables dropped
 * (they may pin the frames); every GGTT entry that maps one of the
 * frames is pointed at the scratch page and its pin dropped before this
 * returns (a frontend calls it when
 * the guest's DMA mapping of the range disappears). The guest's values
 * stay. Must not be called with a lock that the hypervisor ops take.
 */
void gvt_vgpu_unmap_gfns(struct gvt_vgpu *vgpu, u64 gfn, u64 count)
{
	mutex_lock(&vgpu->lock);
	gvt_wl_release_guest(vgpu);
	gvt_ggtt_unmap(vgpu, gfn, count);
	mutex_unlock(&vgpu->lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_unmap_gfns);

/**
 * gvt_vgpu_aperture_contains() - is a BAR2 range inside a vGPU's slice?
 * @vgpu: the vGPU
 * @offset: offset in BAR2, which is a GM address
 * @len: bytes
 *
 * A frontend that splits a long access into gvt_vgpu_aperture_rw() calls
 * checks the whole access first, so that none is left half done.
 *
 * Return: true if [@offset, @offset + @len) is a non-empty range inside
 * the vGPU's aperture range.
 */
bool gvt_vgpu_aperture_contains(const struct gvt_vgpu *vgpu, u64 offset,
				u64 len)
{
	return gvt_range_contains(&vgpu->low, offset, len);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_aperture_contains);

/**
 * gvt_vgpu_aperture_rw() - a guest access to its aperture (BAR2)
 * @vgpu: the vGPU
 * @offset: offset in BAR2, which is a GM address
 * @buf: data
 * @len: bytes, not 0
 * @write: direction
 *
 * The access goes through the host GGTT, so it reaches the pages that the
 * vGPU's GGTT entries map. Pages whose entries map no guest frame (the
 * vGPU's scratch page) read as 0 and ignore writes.
 *
 * Return: 0, -EINVAL if [@offset, @offset + @len) is not inside the vGPU's
 * aperture range, -ENODEV if the host cannot reach its aperture, or the
 * host's error.
 */
int gvt_vgpu_aperture_rw(struct gvt_vgpu *vgpu, u64 offset, void *buf,
			 unsigned int len, bool write)
{
	struct gvt_device *gvt = vgpu->gvt;
	const struct gvt_gm_range *r = &vgpu->low;
	u8 *p = buf;
	int ret;

	if (!gvt_range_contains(r, offset, len)) {
		pr_info_ratelimited("gvt: %s: vGPU %u: aperture %s of %u bytes at 0x%llx outside the vGPU's range 0x%llx-0x%llx\n",
				    gvt->name, vgpu->id,
				    write ? "write" : "read", len, offset,
				    r->start, r->start + r->size - 1);
		return -EINVAL;
	}
	if (!gvt->ops->aperture_rw)
		return -ENODEV;
	/* Guest-controlled: the host's GGTT lookup stays in the range. */
	offset = r->start + array_index_nospec(offset - r->start, r->size);

	ret = 0;
	mutex_lock(&vgpu->lock);
	while (len && !ret) {
		u32 page = 1U << GVT_GTT_PAGE_SHIFT;
		u32 n = min(len, page - (u32)(offset & (page - 1)));
		struct gvt_ggtt_slot slot;

		/*
		 * A page whose entry maps no guest frame maps a scratch
		 * page, which the CPU path never reaches: the core serves
		 * it itself, reads as 0 and drops writes (the host's, when
		 * the backend gives no per-vGPU page, is shared by all).
		 */
		if (gvt_ggtt_slot(vgpu, offset >> GVT_GTT_PAGE_SHIFT, &slot) &&
		    test_bit(slot.bit, slot.pinned))
			ret = gvt->ops->aperture_rw(gvt->priv, offset, p, n,
						    write);
		else if (!write)
			memset(p, 0, n);
		offset += n;
		p += n;
		len -= n;
	}
	mutex_unlock(&vgpu->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_aperture_rw);

/**
 * gvt_vgpu_aperture_mappable() - can a frontend map the aperture?
 * @vgpu: the vGPU
 *
 * Return: true if the host backend tells where the CPU reaches aperture
 * pages (&gvt_host_ops.aperture_pfn), so that gvt_vgpu_aperture_pfn() can
 * serve a CPU mapping of the vGPU's slice.
 */
bool gvt_vgpu_aperture_mappable(const struct gvt_vgpu *vgpu)
{
	return vgpu->gvt->ops->aperture_pfn;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_aperture_mappable);

/**
 * gvt_vgpu_aperture_pfn() - what a CPU mapping of an aperture page maps
 * @vgpu: the vGPU, with guest memory attached
 * @offset: offset in BAR2 (a GM address) of a page in the vGPU's slice
 * @pfn: receives the page frame
 * @io: receives whether it is I/O memory (map it write-combined) or RAM
 *
 * For a frontend's page fault on its mapping of BAR2. It does not take the
 * vGPU's lock (the fault holds the mm's lock, which the hypervisor ops may
 * take under the vGPU's lock): the frontend serializes its faults with its
 * &gvt_hv_ops.unmap_aperture instead, which the core calls after every
 * change of what the page reaches and before the pin of the old frame is
 * dropped. A mapping made from a value that was already changing is thus
 * removed again before its frame can go.
 *
 * Return: 0; -ENOENT when the page's entry maps no guest frame (it maps a
 * scratch page, which the CPU path never reaches: the frontend maps a page
 * of its own); -EINVAL for an offset outside the slice or not page-aligned;
 * -ENODEV when the backend cannot tell (not gvt_vgpu_aperture_mappable());
 * or the backend's error.
 */
int gvt_vgpu_aperture_pfn(struct gvt_vgpu *vgpu, u64 offset,
			  unsigned long *pfn, bool *io)
{
	const struct gvt_host_ops *ops = vgpu->gvt->ops;
	u64 page = 1ULL << GVT_GTT_PAGE_SHIFT;
	struct gvt_ggtt_slot slot;
	int ret;

	if ((offset & (page - 1)) ||
	    !gvt_range_contains(&vgpu->low, offset, page))
		return -EINVAL;
	if (!ops->aperture_pfn)
		return -ENODEV;
	if (!gvt_ggtt_slot(vgpu, offset >> GVT_GTT_PAGE_SHIFT, &slot) ||
	    !test_bit(slot.bit, slot.pinned))
		return -ENOENT;
	/* Pairs with the writers' smp_wmb(): the bit, the entry, the bit. */
	smp_rmb();
	ret = ops->aperture_pfn(vgpu->gvt->priv, offset, pfn, io);
	/*
	 * An entry that went to a scratch page while the backend read it has
	 * its bit clear by now: the CPU path never maps a scratch page.
	 */
	smp_rmb();
	if (!ret && !test_bit(slot.bit, slot.pinned))
		ret = -ENOENT;
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_aperture_pfn);

/**
 * gvt_guest_rw() - read or write a guest's memory by physical address
 * @vgpu: the vGPU, locked
 * @gpa: guest-physical address
 * @buf: data
 * @len: bytes
 * @write: direction
 *
 * For the emulation that reads guest structures (rings, contexts, page
 * tables) or writes them (status pages).
 *
 * Return: 0, -ENODEV when no hypervisor ops with guest memory access are
 * attached, or the hypervisor's error.
 */
int gvt_guest_rw(struct gvt_vgpu *vgpu, u64 gpa, void *buf, unsigned int len,
		 bool write)
{
	lockdep_assert_held(&vgpu->lock);

	if (!vgpu->hv || !vgpu->hv->rw_gpa)
		return -ENODEV;
	return vgpu->hv->rw_gpa(vgpu->hv_priv, gpa, buf, len, write);
}

/**
 * gvt_ggtt_gm_read() - read graphics memory through a vGPU's GGTT
 * @vgpu: the vGPU (a struct gvt_vgpu), locked
 * @gma: graphics address
 * @buf: where to copy
 * @len: bytes
 *
 * The command scanner's reader of the GGTT (struct gvt_gm_access): every
 * page of the range is resolved through the guest's own entry, only
 * inside the vGPU's aperture and hidden ranges, and read from guest memory
 * through the hypervisor ops.
 *
 * Return: 0, or -EFAULT if a page lies outside the vGPU's ranges, has a
 * non-present entry, or cannot be read.
 */
int gvt_ggtt_gm_read(void *vgpu, u64 gma, void *buf, u32 len)
{
	u32 page = 1U << GVT_GTT_PAGE_SHIFT;
	struct gvt_ggtt_slot slot;
	u8 *p = buf;
	u32 off, n;
	u64 pte;

	lockdep_assert_held(&((struct gvt_vgpu *)vgpu)->lock);

	while (len) {
		off = gma & (page - 1);
		n = min(len, page - off);
		if (gma >= GVT_MAX_GGTT_SIZE ||
		    !gvt_ggtt_slot(vgpu, gma >> GVT_GTT_PAGE_SHIFT, &slot))
			return -EFAULT;
		pte = *slot.val;
		if (!(pte & GVT_GGTT_PTE_PRESENT) ||
		    gvt_guest_rw(vgpu, (pte & GVT_GGTT_PTE_ADDR_MASK) | off, p, n,
				 false))
			return -EFAULT;
		gma += n;
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * gvt_ggtt_gm_mapped() - whether a graphics memory range is all mapped
 * @vgpu: the vGPU, locked
 * @gma: first graphics address
 * @len: bytes, not 0
 *
 * For a reader that must not start what it cannot finish (the plane
 * copy): every page of the range is inside the vGPU's ranges and its
 * guest entry is present, as gvt_ggtt_gm_read() will want.
 *
 * Return: true if so.
 */
bool gvt_ggtt_gm_mapped(struct gvt_vgpu *vgpu, u64 gma, u64 len)
{
	struct gvt_ggtt_slot slot;
	u64 index, last;

	lockdep_assert_held(&vgpu->lock);

	if (!len || gma >= GVT_MAX_GGTT_SIZE ||
	    len > GVT_MAX_GGTT_SIZE - gma)
		return false;
	last = (gma + len - 1) >> GVT_GTT_PAGE_SHIFT;
	for (index = gma >> GVT_GTT_PAGE_SHIFT; index <= last; index++)
		if (!gvt_ggtt_slot(vgpu, index, &slot) ||
		    !(*slot.val & GVT_GGTT_PTE_PRESENT))
			return false;
	return true;
}

/**
 * gvt_ggtt_gm_write() - write graphics memory through a vGPU's GGTT
 * @vgpu: the vGPU, locked
 * @gma: graphics address
 * @buf: what to write
 * @len: bytes
 *
 * The emulation's writes to guest structures the guest names by GGTT
 * address (the status page, the context image): resolved like
 * gvt_ggtt_gm_read(), only inside the vGPU's ranges.
 *
 * Return: 0, or -EFAULT if a page lies outside the vGPU's ranges, has a
 * non-present entry, or cannot be written.
 */
int gvt_ggtt_gm_write(struct gvt_vgpu *vgpu, u64 gma, const void *buf,
		      u32 len)
{
	u32 page = 1U << GVT_GTT_PAGE_SHIFT;
	struct gvt_ggtt_slot slot;
	const u8 *p = buf;
	u32 off, n;
	u64 pte;

	while (len) {
		off = gma & (page - 1);
		n = min(len, page - off);
		if (gma >= GVT_MAX_GGTT_SIZE ||
		    !gvt_ggtt_slot(vgpu, gma >> GVT_GTT_PAGE_SHIFT, &slot))
			return -EFAULT;
		pte = *slot.val;
		if (!(pte & GVT_GGTT_PTE_PRESENT) ||
		    gvt_guest_rw(vgpu, (pte & GVT_GGTT_PTE_ADDR_MASK) | off, (void *)p,
				 n, true))
			return -EFAULT;
		gma += n;
		p += n;
		len -= n;
	}
	return 0;
}
