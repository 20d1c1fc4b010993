// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a guest did to its vGPU: access counters and the trace of registers
 * the attribute table does not describe.
 *
 * Both are cumulative since the vGPU's creation (a device reset keeps
 * them), so that a test harness can read them after the VMM has reset the
 * device on exit. The trace is a fixed-size open-addressing hash allocated
 * with the register file: whatever the guest does, it never makes the host
 * allocate memory, and once GVT_UNMODELLED_MAX distinct offsets are
 * recorded further new offsets are only counted as overflow.
 */
#include <linux/sort.h>
#include <linux/string.h>

#include "gvt_internal.h"

/**
 * gvt_unmodelled_alloc() - allocate a vGPU's unmodelled-register trace
 * @vgpu: the vGPU
 *
 * Return: 0 or -ENOMEM.
 */
int gvt_unmodelled_alloc(struct gvt_vgpu *vgpu)
{
	struct gvt_reg_count *tab;
	unsigned int i;

	tab = kvmalloc_array(GVT_UNMODELLED_SLOTS, sizeof(*tab), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < GVT_UNMODELLED_SLOTS; i++) {
		tab[i].offset = GVT_UNMODELLED_FREE;
		tab[i].reads = 0;
		tab[i].writes = 0;
	}
	vgpu->unmodelled = tab;
	vgpu->unmodelled_used = 0;
	return 0;
}

/**
 * gvt_unmodelled_free() - free a vGPU's unmodelled-register trace
 * @vgpu: the vGPU
 */
void gvt_unmodelled_free(struct gvt_vgpu *vgpu)
{
	kvfree(vgpu->unmodelled);
	vgpu->unmodelled = NULL;
	vgpu->unmodelled_used = 0;
}

/**
 * gvt_unmodelled_note() - count a guest access to an undescribed register
 * @vgpu: the vGPU, locked
 * @offset: dword offset in the register file
 * @write: a write (else a read)
 *
 * Called for every dword the guest reads or writes whose offset has no
 * attribute entry (the MMIO path handles an offset found in its home slot
 * itself). The offset's counts go up (saturating); a new offset takes a
 * free slot, or counts as overflow when the trace already holds
 * %GVT_UNMODELLED_MAX offsets. Linear probing over a table at most half
 * full always ends at the offset's slot or at a free one.
 */
void gvt_unmodelled_note(struct gvt_vgpu *vgpu, u32 offset, bool write)
{
	struct gvt_reg_count *tab = vgpu->unmodelled, *e;
	u32 i = gvt_unmodelled_hash(offset);
	unsigned int n;

	lockdep_assert_held(&vgpu->lock);

	for (n = 0; n < GVT_UNMODELLED_SLOTS; n++) {
		e = &tab[i];
		if (e->offset == offset)
			goto count;
		if (e->offset == GVT_UNMODELLED_FREE)
			break;
		i = (i + 1) & (GVT_UNMODELLED_SLOTS - 1);
	}
	if (n == GVT_UNMODELLED_SLOTS ||
	    vgpu->unmodelled_used >= GVT_UNMODELLED_MAX) {
		if (write)
			vgpu->counters.unmodelled_writes++;
		else
			vgpu->counters.unmodelled_reads++;
		vgpu->counters.unmodelled_overflow++;
		return;
	}
	e->offset = offset;
	vgpu->unmodelled_used++;
count:
	gvt_unmodelled_bump(vgpu, e, write);
}

/**
 * gvt_vgpu_stats() - a snapshot of a vGPU's counters
 * @vgpu: the vGPU
 * @st: filled in, consistently (under the vGPU lock)
 */
void gvt_vgpu_stats(struct gvt_vgpu *vgpu, struct gvt_vgpu_stats *st)
{
	memset(st, 0, sizeof(*st));
	mutex_lock(&vgpu->lock);
	st->c = vgpu->counters;
	st->unmodelled_regs = vgpu->unmodelled_used;
	st->failsafe = vgpu->failsafe;
	st->fail_reason = vgpu->fail_reason;
	st->fail_cmd = vgpu->fail_cmd;
	st->fail_gma = vgpu->fail_gma;
	memcpy(st->fail_dw, vgpu->fail_dw, sizeof(st->fail_dw));
	mutex_unlock(&vgpu->lock);
}

static int gvt_rc_cmp(const void *a, const void *b)
{
	const struct gvt_reg_count *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * Put @e into @out, @n entries sorted by offset, where it belongs; the
 * last (highest) entry falls off.
 */
static void gvt_rc_insert(struct gvt_reg_count *out, unsigned int n,
			  const struct gvt_reg_count *e)
{
	unsigned int lo = 0, hi = n - 1;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (out[mid].offset < e->offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&out[lo + 1], &out[lo], (n - 1 - lo) * sizeof(*out));
	out[lo] = *e;
}

/**
 * gvt_vgpu_unmodelled() - the unmodelled-register trace of a vGPU
 * @vgpu: the vGPU
 * @out: receives the entries, sorted by offset ascending
 * @max: room in @out
 *
 * A consistent copy, taken under the vGPU lock. When the trace holds more
 * than @max offsets, the @max lowest are returned. Allocates nothing: the
 * first @max entries are sorted with sort(), each later one lower than
 * the highest kept is inserted in place.
 *
 * Return: the number of entries written to @out.
 */
unsigned int gvt_vgpu_unmodelled(struct gvt_vgpu *vgpu,
				 struct gvt_reg_count *out, unsigned int max)
{
	const struct gvt_reg_count *e;
	unsigned int i, n = 0;
	bool sorted = false;

	if (!max)
		return 0;
	mutex_lock(&vgpu->lock);
	for (i = 0; i < GVT_UNMODELLED_SLOTS; i++) {
		e = &vgpu->unmodelled[i];
		if (e->offset == GVT_UNMODELLED_FREE)
			continue;
		if (n < max) {
			out[n++] = *e;
			continue;
		}
		if (!sorted) {
			sort(out, n, sizeof(*out), gvt_rc_cmp, NULL);
			sorted = true;
		}
		if (e->offset < out[n - 1].offset)
			gvt_rc_insert(out, n, e);
	}
	mutex_unlock(&vgpu->lock);
	if (!sorted)
		sort(out, n, sizeof(*out), gvt_rc_cmp, NULL);
	return n;
}
