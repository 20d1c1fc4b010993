// SPDX-License-Identifier: GPL-2.0-only
/*
 * Partitioning of a physical GPU's graphics memory and fence registers
 * between vGPUs.
 *
 * The GGTT address space has two windows: the aperture (low GM, visible to
 * the CPU through BAR2) and the hidden range (high GM) above it. The host
 * keeps the bottom of each window; every vGPU gets one contiguous range from
 * each window, so guest GM addresses equal host GM addresses and the guest
 * balloons out everything else.
 *
 * There are at most GVT_MAX_VGPU - 1 ranges per window, so a sorted list
 * with first-fit is both simple and fast, and the range nodes live in the
 * vGPU: allocating GM never allocates memory.
 */
#include "gvt_internal.h"

void gvt_gm_pool_init(struct gvt_gm_pool *pool, u64 start, u64 end)
{
	pool->start = start;
	pool->end = end;
	INIT_LIST_HEAD(&pool->used);
}

/**
 * gvt_gm_alloc() - allocate @size bytes from @pool, first fit
 * @pool: the window to allocate from
 * @r: range node to fill in and link
 * @size: bytes, a multiple of the GTT page size
 *
 * Return: 0, or -ENOSPC when no hole is large enough.
 */
int gvt_gm_alloc(struct gvt_gm_pool *pool, struct gvt_gm_range *r, u64 size)
{
	struct gvt_gm_range *cur;
	u64 hole = pool->start;

	if (!size || size & ((1ULL << GVT_GTT_PAGE_SHIFT) - 1))
		return -EINVAL;

	list_for_each_entry(cur, &pool->used, link) {
		if (cur->start - hole >= size)
			break;
		hole = cur->start + cur->size;
	}
	/* Here cur is the first range above the hole, or the list head. */
	if (&cur->link == &pool->used && pool->end - hole < size)
		return -ENOSPC;

	r->start = hole;
	r->size = size;
	list_add_tail(&r->link, &cur->link);
	return 0;
}

/**
 * gvt_gm_free() - return a range to its pool
 * @r: a range filled in by gvt_gm_alloc(), or one with size 0
 */
void gvt_gm_free(struct gvt_gm_range *r)
{
	if (!r->size)
		return;
	list_del(&r->link);
	r->size = 0;
}

/**
 * gvt_gm_free_bytes() - total free bytes in @pool
 * @pool: the window
 *
 * Return: the sum of all holes.
 */
u64 gvt_gm_free_bytes(const struct gvt_gm_pool *pool)
{
	const struct gvt_gm_range *cur;
	u64 used = 0;

	list_for_each_entry(cur, &pool->used, link)
		used += cur->size;
	return pool->end - pool->start - used;
}

/**
 * gvt_gm_fit_count() - how many ranges of @size bytes the pool can still give
 * @pool: the window
 * @size: bytes per range
 *
 * Counted hole by hole, so the answer stays exact when create and destroy
 * have fragmented the window; with a single hole it is the plain quotient.
 *
 * Return: the number of successful gvt_gm_alloc() calls that would follow.
 */
unsigned int gvt_gm_fit_count(const struct gvt_gm_pool *pool, u64 size)
{
	const struct gvt_gm_range *cur;
	u64 hole = pool->start, n = 0;

	if (!size)
		return 0;
	list_for_each_entry(cur, &pool->used, link) {
		n += (cur->start - hole) / size;
		hole = cur->start + cur->size;
	}
	n += (pool->end - hole) / size;
	return n > UINT_MAX ? UINT_MAX : (unsigned int)n;
}

/**
 * gvt_fences_free() - fence registers not owned by the host or a vGPU
 * @gvt: the GVT device
 *
 * Return: number of free fences.
 */
unsigned int gvt_fences_free(const struct gvt_device *gvt)
{
	return gvt->info.num_fences -
	       bitmap_weight(gvt->fences_used, gvt->info.num_fences);
}

/**
 * gvt_fences_alloc() - take @n free fence registers
 * @gvt: the GVT device
 * @n: number of fences
 * @out: host fence index of each taken fence
 *
 * Return: 0, or -ENOSPC with nothing taken.
 */
int gvt_fences_alloc(struct gvt_device *gvt, unsigned int n, u8 *out)
{
	unsigned int i, bit = 0;

	if (n > gvt_fences_free(gvt))
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		bit = find_next_zero_bit(gvt->fences_used,
					 gvt->info.num_fences, bit);
		__set_bit(bit, gvt->fences_used);
		out[i] = bit;
	}
	return 0;
}

/**
 * gvt_fences_free_set() - give back fences taken by gvt_fences_alloc()
 * @gvt: the GVT device
 * @n: number of fences
 * @fences: their host indexes
 */
void gvt_fences_free_set(struct gvt_device *gvt, unsigned int n,
			 const u8 *fences)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		__clear_bit(fences[i], gvt->fences_used);
}
