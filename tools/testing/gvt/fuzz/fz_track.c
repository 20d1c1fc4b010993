// SPDX-License-Identifier: GPL-2.0-only
/*
 * The store tracker of fuzz_vgpu: which parts of each vGPU's register
 * file, GGTT values and pin bitmaps the core may have changed, so that the
 * state oracles compare and copy only those.
 *
 * fuzz_vgpu's copy of the core is built with -fsanitize-coverage=
 * trace-stores: every store the core makes calls __sanitizer_cov_store*()
 * with its address, and every memset(), memcpy() and memmove() of the core
 * (ASan turns them into __asan_mem*(), which the link wraps, fz_wrap.c)
 * calls fz_track_write() or fz_track_zero(). A store into a tracked array
 * marks its 64-byte block dirty: the block may differ from the vGPU's
 * reference image, its base (state at creation) or its snap (state when
 * the fuzzer last stopped acting on it). A block that is not dirty is
 * equal to the reference, byte for byte, because nothing else writes the
 * arrays. A memset() to zero of whole blocks that are zero in the
 * reference makes them clean (the core's reset clears the whole register
 * file and the GGTT values).
 *
 * Each dirty map has a summary, one bit per word of the map, set for
 * every word that may have a bit set, so that walking and clearing the
 * maps costs what was marked, not the size of the arrays.
 *
 * The oracles then compare the dirty blocks and the small state (PCI
 * configuration space, flags) in full. Every FZ_TRACK_FULL_EVERY-th
 * check, and every check with GVT_FUZZ_FULL set in the environment, also
 * compares everything and checks each snapshot copy in full, so that a
 * store the tracker missed is reported, not hidden.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"

#define FZ_BLOCK_SHIFT		6
#define FZ_BLOCK		BIT(FZ_BLOCK_SHIFT)
#define FZ_TRACK_FULL_EVERY	1024
/* Zeroed allocations of a creation followed from birth (fz_track_born()). */
#define FZ_BORN_MAX		8
/* Arrays of the vGPUs of both worlds and of the anchor world; births. */
#define FZ_MAX_REGIONS		(3 * FZ_VGPUS * FZ_ARRS + FZ_BORN_MAX)

struct fz_region {
	unsigned long lo;
	unsigned long hi;
	struct fz_array *a;
};

/* Tracked arrays, sorted by address; the span of all of them. */
static struct fz_region fz_regions[FZ_MAX_REGIONS];
static unsigned int fz_nregions;
static unsigned long fz_regions_lo = ULONG_MAX, fz_regions_hi;
/*
 * The gap between tracked arrays that the last untracked store fell in,
 * [fz_gap_lo, fz_gap_hi), empty after any change of the arrays: the
 * core's other heap stores (its own tables, the unmodelled trace) mostly
 * land where the one before them did.
 */
static unsigned long fz_gap_lo, fz_gap_hi;
static unsigned long fz_checks;
static int fz_full_env = -1;

/*
 * The zeroed large allocations the core made while creating a vGPU, each
 * tracked from its allocation as an array without a vGPU whose reference
 * is all zero: at attach, a vGPU array born so is saved as its base from
 * the blocks the core wrote, without reading the rest.
 */
static struct fz_array fz_born[FZ_BORN_MAX];
static bool fz_born_used[FZ_BORN_MAX];

static const char * const fz_array_names[FZ_ARRS] = {
	"register file", "aperture GGTT values", "hidden GGTT values",
	"aperture pin bitmap", "hidden pin bitmap",
};

static void *fz_track_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		fz_fail("out of memory (%zu bytes)", size);
	return p;
}

static void fz_regions_span(void)
{
	unsigned int i;

	fz_gap_lo = 0;
	fz_gap_hi = 0;

	fz_regions_lo = ULONG_MAX;
	fz_regions_hi = 0;
	for (i = 0; i < fz_nregions; i++) {
		fz_regions_lo = min(fz_regions_lo, fz_regions[i].lo);
		fz_regions_hi = max(fz_regions_hi, fz_regions[i].hi);
	}
}

static void fz_region_add(struct fz_array *a)
{
	unsigned long lo = (unsigned long)a->cur;
	unsigned int i;

	if (!a->size)
		return;
	if (fz_nregions == FZ_MAX_REGIONS)
		fz_fail("store tracker: too many arrays");
	for (i = fz_nregions; i && fz_regions[i - 1].lo > lo; i--)
		fz_regions[i] = fz_regions[i - 1];
	fz_regions[i].lo = lo;
	fz_regions[i].hi = lo + a->size;
	fz_regions[i].a = a;
	fz_nregions++;
	if ((i && fz_regions[i - 1].hi > lo) ||
	    (i + 1 < fz_nregions && fz_regions[i + 1].lo < lo + a->size))
		fz_fail("store tracker: arrays of the core overlap");
	fz_regions_span();
}

static void fz_region_del(struct fz_array *a)
{
	unsigned int i, j;

	for (i = j = 0; i < fz_nregions; i++)
		if (fz_regions[i].a != a)
			fz_regions[j++] = fz_regions[i];
	fz_nregions = j;
	fz_regions_span();
}

/* The first region that ends above @addr, or fz_nregions. */
static unsigned int fz_region_find(unsigned long addr)
{
	unsigned int lo = 0, hi = fz_nregions;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (fz_regions[mid].hi <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void fz_mark(struct fz_array *a, unsigned long first, unsigned long last)
{
	unsigned long b;

	for (b = first >> FZ_BLOCK_SHIFT; b <= last >> FZ_BLOCK_SHIFT; b++) {
		__set_bit(b, a->dirty);
		__set_bit(b / BITS_PER_LONG, a->dsum);
	}
}

/* The core wrote, or may have written, @len bytes at @p. */
void fz_track_write(const void *p, size_t len)
{
	unsigned long s = (unsigned long)p, e = s + len;
	unsigned int i;

	if (!len || e <= fz_regions_lo || s >= fz_regions_hi ||
	    (s >= fz_gap_lo && e <= fz_gap_hi))
		return;
	i = fz_region_find(s);
	if (i == fz_nregions || fz_regions[i].lo >= e) {
		fz_gap_lo = i ? fz_regions[i - 1].hi : 0;
		fz_gap_hi = i < fz_nregions ? fz_regions[i].lo : ULONG_MAX;
		return;
	}
	for (; i < fz_nregions; i++) {
		struct fz_region *r = &fz_regions[i];

		if (r->lo >= e)
			break;
		fz_mark(r->a, max(s, r->lo) - r->lo, min(e, r->hi) - 1 - r->lo);
	}
}

/* Word @w of @a's base_zero map, computed when first needed. */
static unsigned long fz_base_zero(struct fz_array *a, unsigned long w)
{
	unsigned long b, end = min((w + 1) * BITS_PER_LONG, a->nblocks);

	if (!a->v)
		return ~0UL;	/* a birth: its reference is all zero */
	if (test_bit(w, a->base_known))
		return a->base_zero[w];
	a->base_zero[w] = 0;
	for (b = w * BITS_PER_LONG; b < end; b++)
		if (fz_all_zero(a->base + b * FZ_BLOCK,
				min(FZ_BLOCK, a->size - b * FZ_BLOCK)))
			a->base_zero[w] |= BIT(b % BITS_PER_LONG);
	__set_bit(w, a->base_known);
	return a->base_zero[w];
}

/*
 * The core wrote @c over @len bytes at @p (@c not 0, or not whole blocks:
 * dirty). A whole block now zero is clean if the reference block is zero:
 * in the base, or in the snap where the snap is known equal to the base.
 */
static void fz_zero(struct fz_array *a, unsigned long first, unsigned long end)
{
	unsigned long b = (first + FZ_BLOCK - 1) >> FZ_BLOCK_SHIFT;
	unsigned long bend = end >> FZ_BLOCK_SHIFT;

	if (end == a->size)
		bend = a->nblocks;
	if (first % FZ_BLOCK)
		fz_mark(a, first, first);
	if (end % FZ_BLOCK && end != a->size)
		fz_mark(a, end - 1, end - 1);
	while (b < bend) {
		unsigned long w = b / BITS_PER_LONG, zero;

		if (b % BITS_PER_LONG || bend - b < BITS_PER_LONG) {
			zero = (fz_base_zero(a, w) & BIT(b % BITS_PER_LONG)) &&
			       (!a->v || !a->v->ref_snap ||
				!test_bit(b, a->sdirty));
			if (zero) {
				__clear_bit(b, a->dirty);
			} else {
				__set_bit(b, a->dirty);
				__set_bit(w, a->dsum);
			}
			b++;
			continue;
		}
		zero = fz_base_zero(a, w);
		if (a->v && a->v->ref_snap)
			zero &= ~a->sdirty[w];
		a->dirty[w] = ~zero;
		if (~zero)
			__set_bit(w, a->dsum);
		b += BITS_PER_LONG;
	}
}

void fz_track_set(const void *p, int c, size_t len)
{
	unsigned long s = (unsigned long)p, e = s + len;
	unsigned int i;

	if (c) {
		fz_track_write(p, len);
		return;
	}
	if (!len || e <= fz_regions_lo || s >= fz_regions_hi)
		return;
	for (i = fz_region_find(s); i < fz_nregions; i++) {
		struct fz_region *r = &fz_regions[i];

		if (r->lo >= e)
			break;
		fz_zero(r->a, max(s, r->lo) - r->lo, min(e, r->hi) - r->lo);
	}
}

/* The callbacks of -fsanitize-coverage=trace-stores. */

void __sanitizer_cov_store1(u8 *p)
{
	fz_track_write(p, 1);
}

void __sanitizer_cov_store2(u16 *p)
{
	fz_track_write(p, 2);
}

void __sanitizer_cov_store4(u32 *p)
{
	fz_track_write(p, 4);
}

void __sanitizer_cov_store8(u64 *p)
{
	fz_track_write(p, 8);
}

void __sanitizer_cov_store16(__int128 *p)
{
	fz_track_write(p, 16);
}

/* --- the arrays of a vGPU ---------------------------------------------- */

static u8 *fz_image(const struct fz_state *s, unsigned int k)
{
	switch (k) {
	case FZ_ARR_VREG:
		return (u8 *)s->vreg;
	case FZ_ARR_GGTT_LOW:
		return (u8 *)s->ggtt_low;
	case FZ_ARR_GGTT_HIGH:
		return (u8 *)s->ggtt_high;
	case FZ_ARR_PIN_LOW:
		return (u8 *)s->pinned_low;
	default:
		return (u8 *)s->pinned_high;
	}
}

/* Size @a's bitmaps for @size bytes; the dirty map is clear. */
static void fz_array_size(struct fz_array *a, size_t size)
{
	unsigned long words;

	a->size = size;
	a->nblocks = (a->size + FZ_BLOCK - 1) >> FZ_BLOCK_SHIFT;
	words = BITS_TO_LONGS(a->nblocks);
	if (words > a->words) {
		free(a->dirty);
		free(a->sdirty);
		free(a->dsum);
		free(a->ssum);
		free(a->base_zero);
		free(a->base_known);
		a->dirty = fz_track_alloc(words * sizeof(long));
		a->sdirty = fz_track_alloc(words * sizeof(long));
		a->dsum = fz_track_alloc(BITS_TO_LONGS(words) * sizeof(long));
		a->ssum = fz_track_alloc(BITS_TO_LONGS(words) * sizeof(long));
		a->base_zero = fz_track_alloc(words * sizeof(long));
		a->base_known = fz_track_alloc(BITS_TO_LONGS(words) *
					       sizeof(long));
		a->words = words;
	}
	memset(a->dirty, 0, a->words * sizeof(long));
	memset(a->dsum, 0, BITS_TO_LONGS(a->words) * sizeof(long));
	memset(a->base_known, 0, BITS_TO_LONGS(a->words) * sizeof(long));
}

/* shim.c's hook: the core allocated @size bytes at @p, zeroed or not. */
static void fz_track_born(void *p, size_t size, bool zeroed)
{
	unsigned int i;

	if (!fz || !fz->creating || !zeroed)
		return;
	for (i = 0; i < FZ_BORN_MAX && fz_born_used[i]; i++)
		;
	if (i == FZ_BORN_MAX)
		fz_fail("store tracker: too many allocations in a creation");
	fz_born_used[i] = true;
	fz_born[i].v = NULL;
	fz_born[i].cur = p;
	fz_array_size(&fz_born[i], size);
	fz_region_add(&fz_born[i]);
}

static void fz_born_drop(unsigned int i)
{
	fz_region_del(&fz_born[i]);
	fz_born_used[i] = false;
}

/* shim.c's hook: the core frees @p. */
static void fz_track_dies(const void *p)
{
	unsigned int i;

	for (i = 0; i < FZ_BORN_MAX; i++)
		if (fz_born_used[i] && fz_born[i].cur == p)
			fz_born_drop(i);
}

/**
 * fz_track_births() - follow the core's zeroed large allocations from
 *		       their allocation while it creates a vGPU
 *
 * Only for a target whose copy of the core reports its stores.
 */
void fz_track_births(void)
{
	gvt_shim_big_alloc_hook = fz_track_born;
	gvt_shim_big_free_hook = fz_track_dies;
}

/*
 * Save array @k of @v (@a, set up) in its base: from the blocks the core
 * wrote since the allocation if the array was born zeroed under the
 * tracker (the others are zero), otherwise by reading it all.
 */
static void fz_base_save(struct fz_vgpu *v, unsigned int k,
			 struct fz_array *a)
{
	unsigned long page, pages, b0, b1;
	struct fz_array *born = NULL;
	size_t lo, hi;
	unsigned int i;

	for (i = 0; i < FZ_BORN_MAX; i++)
		if (fz_born_used[i] && fz_born[i].cur == a->cur &&
		    fz_born[i].size >= a->size)
			born = &fz_born[i];
	if (!born) {
		fz_image_write(&v->base, k, a->base, 0, a->cur, a->size);
		return;
	}
	pages = (a->size + BIT(FZ_ZPAGE_SHIFT) - 1) >> FZ_ZPAGE_SHIFT;
	for (page = 0; page < pages; page++) {
		lo = page << FZ_ZPAGE_SHIFT;
		hi = min(a->size, lo + BIT(FZ_ZPAGE_SHIFT));
		b0 = lo >> FZ_BLOCK_SHIFT;
		b1 = (hi + FZ_BLOCK - 1) >> FZ_BLOCK_SHIFT;
		fz_image_write(&v->base, k, a->base, lo,
			       find_next_bit(born->dirty, b1, b0) < b1 ?
			       a->cur + lo : NULL, hi - lo);
	}
	fz_born_drop(born - fz_born);
}

static void fz_array_init(struct fz_vgpu *v, unsigned int k, void *cur,
			  size_t size)
{
	struct fz_array *a = &v->arr[k];

	a->v = v;
	a->cur = cur;
	a->base = fz_image(&v->base, k);
	a->snap = fz_image(&v->snap, k);
	fz_array_size(a, cur ? size : 0);
	fz_base_save(v, k, a);
	/*
	 * The snap starts as a copy of the base (of its non-zero pages, the
	 * others are zero already or cleared), so that the first save copies
	 * only what the core wrote since the creation.
	 */
	fz_image_copy(&v->snap, &v->base, k, a->snap, a->base, a->size);
	memset(a->sdirty, 0, a->words * sizeof(long));
	memset(a->ssum, 0, BITS_TO_LONGS(a->words) * sizeof(long));
	fz_region_add(a);
}

/*
 * Track @v, just created: save its arrays as its base (the small state is
 * saved already) and as its snap. The arrays belong to the core and stay
 * where they are until destruction. Births that are not arrays of @v are
 * no longer followed.
 */
void fz_track_attach(struct fz_vgpu *v)
{
	const struct gvt_vgpu *g = v->vgpu;
	unsigned int i;

	if (fz_full_env < 0)
		fz_full_env = !!getenv("GVT_FUZZ_FULL");
	v->ref_snap = false;
	fz_array_init(v, FZ_ARR_VREG, g->vreg, GVT_MMIO_SIZE);
	fz_array_init(v, FZ_ARR_GGTT_LOW, g->ggtt_low,
		      v->low_count * sizeof(u64));
	fz_array_init(v, FZ_ARR_GGTT_HIGH, g->ggtt_high,
		      v->high_count * sizeof(u64));
	fz_array_init(v, FZ_ARR_PIN_LOW, g->pinned_low,
		      BITS_TO_LONGS(v->low_count) * sizeof(long));
	fz_array_init(v, FZ_ARR_PIN_HIGH, g->pinned_high,
		      BITS_TO_LONGS(v->high_count) * sizeof(long));
	for (i = 0; i < FZ_BORN_MAX; i++)
		if (fz_born_used[i])
			fz_born_drop(i);
}

/* Stop tracking @v, about to be destroyed. */
void fz_track_detach(struct fz_vgpu *v)
{
	unsigned int k;

	for (k = 0; k < FZ_ARRS; k++)
		fz_region_del(&v->arr[k]);
}

/*
 * Make @v's dirty blocks relative to its snap (@snap) or its base: the
 * state can differ from the other image only where it differs from the
 * current one or where the two images differ.
 */
static void fz_track_ref(struct fz_vgpu *v, bool snap)
{
	unsigned int k;
	unsigned long w;

	if (v->ref_snap == snap)
		return;
	for (k = 0; k < FZ_ARRS; k++) {
		struct fz_array *a = &v->arr[k];
		unsigned long words = BITS_TO_LONGS(a->nblocks);

		for (w = 0; (w = find_next_bit(a->ssum, words, w)) < words;
		     w++)
			a->dirty[w] |= a->sdirty[w];
		for (w = 0; w < BITS_TO_LONGS(words); w++)
			a->dsum[w] |= a->ssum[w];
	}
	v->ref_snap = snap;
}

/* Clear @a's dirty map: the words its summary names. */
static void fz_dirty_reset(struct fz_array *a)
{
	unsigned long words = BITS_TO_LONGS(a->nblocks), w;

	for (w = 0; (w = find_next_bit(a->dsum, words, w)) < words; w++)
		a->dirty[w] = 0;
	memset(a->dsum, 0, BITS_TO_LONGS(words) * sizeof(long));
}

/* The first clear bit of @map at or above @i, or @nbits; a word at a time. */
static unsigned long fz_next_zero(const unsigned long *map,
				  unsigned long nbits, unsigned long i)
{
	while (i < nbits) {
		unsigned long w = ~map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG);

		if (w)
			return min(i + __builtin_ctzl(w), nbits);
		i = (i / BITS_PER_LONG + 1) * BITS_PER_LONG;
	}
	return nbits;
}

/*
 * The next run [@b, @e) of dirty blocks of @a at or above @from; false if
 * there is none. The summary skips the words with nothing marked.
 */
static bool fz_next_dirty(const struct fz_array *a, unsigned long from,
			  unsigned long *b, unsigned long *e)
{
	unsigned long words = BITS_TO_LONGS(a->nblocks), w, x;

	while (from < a->nblocks) {
		w = from / BITS_PER_LONG;
		x = a->dirty[w] & (~0UL << (from % BITS_PER_LONG));
		if (x) {
			*b = w * BITS_PER_LONG + __builtin_ctzl(x);
			if (*b >= a->nblocks)
				return false;
			*e = fz_next_zero(a->dirty, a->nblocks, *b);
			return true;
		}
		w = find_next_bit(a->dsum, words, w + 1);
		from = w * BITS_PER_LONG;
	}
	return false;
}

static bool fz_full_now(void)
{
	return fz_full_env > 0 || !(++fz_checks % FZ_TRACK_FULL_EVERY);
}

/*
 * Save @v's state as its snap (the state it must keep while the fuzzer
 * acts on the other vGPU): copy the blocks where the state may differ
 * from the snap, and record where the snap may now differ from the base.
 */
void fz_track_save(struct fz_vgpu *v)
{
	bool full = fz_full_now();
	unsigned long b, e, w, s;
	unsigned int k;

	for (k = 0; k < FZ_ARRS; k++) {
		struct fz_array *a = &v->arr[k];
		unsigned long words = BITS_TO_LONGS(a->nblocks);

		/*
		 * Relative to the base, the snap must also take back what
		 * differs between the snap and the base; afterwards it
		 * differs from the base only where the state does.
		 */
		if (!v->ref_snap) {
			for (s = 0; s < BITS_TO_LONGS(words); s++) {
				unsigned long u = a->dsum[s] | a->ssum[s];

				for (; u; u &= u - 1) {
					unsigned long d;

					w = s * BITS_PER_LONG +
					    __builtin_ctzl(u);
					d = a->dirty[w];
					a->dirty[w] |= a->sdirty[w];
					a->sdirty[w] = d;
				}
				u = a->dsum[s];
				a->dsum[s] |= a->ssum[s];
				a->ssum[s] = u;
			}
		} else {
			for (w = 0; (w = find_next_bit(a->dsum, words, w)) <
				    words; w++)
				a->sdirty[w] |= a->dirty[w];
			for (s = 0; s < BITS_TO_LONGS(words); s++)
				a->ssum[s] |= a->dsum[s];
		}
		for (e = 0; fz_next_dirty(a, e, &b, &e);) {
			size_t off = b * FZ_BLOCK;

			fz_image_write(&v->snap, k, a->snap, off, a->cur + off,
				       min(e * FZ_BLOCK, a->size) - off);
		}
		fz_dirty_reset(a);
		if (full && memcmp(a->snap, a->cur, a->size))
			fz_fail("store tracker: the snap of vGPU %u's %s differs from the state",
				v->slot, fz_array_names[k]);
	}
	v->ref_snap = true;
	fz_state_save_small(&v->snap, v);
}

/* First differing element of two arrays of @n elements of @elem bytes. */
static long fz_first_diff(const u8 *a, const u8 *b, size_t n, size_t elem)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(a + i * elem, b + i * elem, elem))
			return i;
	return -1;
}

static void fz_array_check(struct fz_vgpu *v, unsigned int k, const u8 *want,
			   const char *what)
{
	static const size_t elem[FZ_ARRS] = { 4, 8, 8, 8, 8 };
	const struct fz_array *a = &v->arr[k];
	unsigned long b, e;
	long i;

	for (e = 0; fz_next_dirty(a, e, &b, &e);) {
		size_t off = b * FZ_BLOCK, n = min(e * FZ_BLOCK, a->size) - off;

		if (!memcmp(a->cur + off, want + off, n))
			continue;
		i = (off + fz_first_diff(a->cur + off, want + off, n / elem[k],
					 elem[k]) * elem[k]) / elem[k];
		switch (k) {
		case FZ_ARR_VREG:
			fz_fail("vGPU %u: register %#lx is %#x, %s %#x",
				v->slot, i * 4, ((const u32 *)a->cur)[i], what,
				((const u32 *)want)[i]);
		case FZ_ARR_GGTT_LOW:
			fz_fail("vGPU %u: guest GGTT entry %#lx changed (%s)",
				v->slot, v->low_first + i, what);
		case FZ_ARR_GGTT_HIGH:
			fz_fail("vGPU %u: guest GGTT entry %#lx changed (%s)",
				v->slot, v->high_first + i, what);
		default:
			fz_fail("vGPU %u: pinned entries changed (%s)",
				v->slot, what);
		}
	}
}

/*
 * The oracle of fz_state_check() for @s, @v's base or its snap: compare
 * the blocks that may differ and the small state; nothing differs
 * afterwards.
 */
void fz_track_check(struct fz_vgpu *v, const struct fz_state *s,
		    const char *what)
{
	const struct gvt_vgpu *g = v->vgpu;
	const void *cur[FZ_ARRS] = {
		g->vreg, g->ggtt_low, g->ggtt_high, g->pinned_low,
		g->pinned_high,
	};
	bool snap = s == &v->snap;
	char full_what[96];
	unsigned int k;

	if (!snap && s != &v->base)
		fz_fail("store tracker: vGPU %u compared with a foreign state",
			v->slot);
	for (k = 0; k < FZ_ARRS; k++)
		if (v->arr[k].size && cur[k] != v->arr[k].cur)
			fz_fail("store tracker: vGPU %u's %s moved", v->slot,
				fz_array_names[k]);
	fz_state_check_small(s, v, what);
	fz_track_ref(v, snap);
	for (k = 0; k < FZ_ARRS; k++)
		fz_array_check(v, k, snap ? v->arr[k].snap : v->arr[k].base,
			       what);
	/* Everything, with the checks of fz_state_check() as they are. */
	if (fz_full_now()) {
		snprintf(full_what, sizeof(full_what),
			 "missed by the store tracker: %s", what);
		fz_state_check(s, v, full_what);
	}
	for (k = 0; k < FZ_ARRS; k++)
		fz_dirty_reset(&v->arr[k]);
}

/* At the start of an input: both vGPUs' reference is their base. */
void fz_track_begin(struct fz_vgpu *v)
{
	fz_track_ref(v, false);
}
