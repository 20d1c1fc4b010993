// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzzer's fake host and fake hypervisor, and the state oracles.
 *
 * Both fakes check each call the core makes as it happens and stop the
 * run with fz_fail() on the first one that breaks the contract of
 * include/gvt/gvt.h or Documentation/gpu/gvt/mmio.rst; libFuzzer then
 * keeps the input as a reproducer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"

struct fz_world *fz;
/* One world per host configuration, kept from one input to the next. */
static struct fz_world fz_worlds[2];
/*
 * A world set up once and never torn down: it keeps the register and
 * command indexes, which the core shares between devices and frees with
 * the last, alive for the whole run, so that each world's leak check
 * counts exactly what that world allocated whatever the other does.
 */
static struct fz_world fz_anchor;
/* Bytes the core handed to the host, read so ASan checks the buffer. */
unsigned long fz_sink;

struct fz_config {
	u64 aperture_mb;
	u64 ggtt_mb;
	unsigned int fences;
	const char *type;
};

/*
 * Two vGPUs of the smallest type on the smallest host, and two of the
 * common type on a host with a full 4 GiB GGTT, which fills the whole GGTT
 * window of BAR0.
 */
static const struct fz_config fz_configs[] = {
	{ 256, 1536, 16, "GVTg_V5_8" },
	{ 512, 4096, 32, "GVTg_V5_4" },
};

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gvt-fuzz: oracle violated at operation %lu: ",
		fz ? fz->op : 0);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fz_trace(const char *fmt, ...)
{
	static int on = -1;
	va_list ap;

	if (on < 0)
		on = !!getenv("GVT_FUZZ_TRACE");
	if (!on)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

bool fz_in_low(const struct fz_vgpu *v, u64 index)
{
	return index >= v->low_first && index - v->low_first < v->low_count;
}

bool fz_in_high(const struct fz_vgpu *v, u64 index)
{
	return index >= v->high_first && index - v->high_first < v->high_count;
}

bool fz_owns_entry(const struct fz_vgpu *v, u64 index)
{
	return fz_in_low(v, index) || fz_in_high(v, index);
}

static bool fz_owns_range(const struct fz_vgpu *v, u64 first, u64 count)
{
	if (!count)
		return true;
	return (fz_in_low(v, first) && fz_in_low(v, first + count - 1)) ||
	       (fz_in_high(v, first) && fz_in_high(v, first + count - 1));
}

/* Remember that host entry @index of @v may not map the scratch page. */
static void fz_dirty_add(struct fz_vgpu *v, u32 index)
{
	if (test_bit(index, fz->dirty_map))
		return;
	if (v->ndirty == FZ_DIRTY) {
		v->dirty_overflow = true;
		return;
	}
	__set_bit(index, fz->dirty_map);
	v->dirty[v->ndirty++] = index;
}

static void fz_dirty_clear(struct fz_vgpu *v)
{
	unsigned int i;

	for (i = 0; i < v->ndirty; i++)
		__clear_bit(v->dirty[i], fz->dirty_map);
	v->ndirty = 0;
	v->dirty_overflow = false;
}

/* Some lock that the contract allows for host callbacks is held. */
static void fz_check_host_locked(const char *what)
{
	struct fz_vgpu *v = fz->acting;

	if (fz->gvt && mutex_is_locked(&fz->gvt->lock))
		return;
	if (v && v->vgpu && mutex_is_locked(&v->vgpu->lock))
		return;
	if (fz->creating && gvt_shim_mutexes_held)
		return;
	fz_fail("%s called without the device or vGPU lock", what);
}

/* --- fake host ------------------------------------------------------- */

static void fz_ggtt_clear(void *priv, u32 first, u32 count)
{
	struct fz_vgpu *v = fz->acting;
	u64 i;

	if (priv != fz)
		fz_fail("ggtt_clear: wrong host private pointer");
	fz_check_host_locked("ggtt_clear");
	if ((u64)first + count > fz->ggtt_entries)
		fz_fail("ggtt_clear(%u, %u) beyond the GGTT (%u entries)",
			first, count, fz->ggtt_entries);
	if (!v)
		fz_fail("ggtt_clear(%u, %u) outside any vGPU call", first, count);
	if (fz->creating) {
		if (fz->ncreate_log == FZ_CREATE_LOG)
			fz_fail("too many ggtt_clear calls while creating");
		fz->create_log[fz->ncreate_log].first = first;
		fz->create_log[fz->ncreate_log].count = count;
		fz->ncreate_log++;
		/* Entries that map the scratch page already stay as they are. */
		for (i = 0; i < fz->nscratch; i++)
			if (first >= fz->scratch[i].first &&
			    (u64)first + count <= (u64)fz->scratch[i].first +
						   fz->scratch[i].count)
				return;
	} else if (!fz_owns_range(v, first, count)) {
		fz_fail("ggtt_clear(%#x, %u) outside the ranges of vGPU %u",
			first, count, v->slot);
	} else if (!v->dirty_overflow) {
		/*
		 * Only ggtt_write() makes an entry of a created vGPU map
		 * anything but the scratch page, and it lists the entry.
		 */
		for (i = 0; i < v->ndirty; i++)
			if (v->dirty[i] - first < count)
				fz->ggtt[v->dirty[i]] = FZ_SCRATCH_PTE;
		return;
	}
	for (i = first; i < (u64)first + count; i++)
		fz->ggtt[i] = FZ_SCRATCH_PTE;
}

static void fz_ggtt_write(void *priv, u32 index, u64 pte)
{
	struct fz_vgpu *v = fz->acting;
	u64 gfn = (pte & GENMASK_ULL(FZ_OWNER_SHIFT - 1, 12)) >> 12;

	if (priv != fz)
		fz_fail("ggtt_write: wrong host private pointer");
	fz_check_host_locked("ggtt_write");
	if (!v || fz->creating || !fz_owns_entry(v, index))
		fz_fail("ggtt_write(%#x) outside the ranges of the acting vGPU",
			index);
	if ((pte & 0xfff) != 1 || pte >> FZ_OWNER_SHIFT != v->slot + 1)
		fz_fail("ggtt_write(%#x, %#llx): not a page of vGPU %u",
			index, pte, v->slot);
	if (fz_pins_of(v, gfn) <= 0)
		fz_fail("ggtt_write(%#x, %#llx): frame %#llx is not pinned",
			index, pte, gfn);
	fz->ggtt[index] = pte;
	fz_dirty_add(v, index);
}

static bool fz_fence_in(u64 start, u64 end, u64 base, u64 size)
{
	return start >= base && end <= base + size;
}

static void fz_fence_write(void *priv, unsigned int n, u64 val)
{
	struct fz_vgpu *v = fz->acting;
	u64 start = val & 0xfffff000, end = (val >> 32) & 0xfffff000;
	unsigned int i;

	if (priv != fz)
		fz_fail("fence_write: wrong host private pointer");
	fz_check_host_locked("fence_write");
	if (n >= fz->info.num_fences)
		fz_fail("fence_write(%u) beyond the host's fences", n);
	if (!v)
		fz_fail("fence_write(%u) outside any vGPU call", n);
	for (i = 0; i < v->res.num_fences; i++)
		if (v->res.fences[i] == n)
			break;
	if (!fz->creating && i == v->res.num_fences)
		fz_fail("fence_write(%u) not a fence of vGPU %u", n, v->slot);
	if (fz->creating && n < GVT_HOST_FENCES)
		fz_fail("fence_write(%u) of a host fence while creating", n);
	if ((val & 1) && !fz->creating) {
		/* A value that reaches the GPU must stay in the vGPU's GM. */
		end += 1ULL << GVT_GTT_PAGE_SHIFT;
		if (end <= start || ((val >> 32) & 0xfff) >= 0x800 ||
		    !(fz_fence_in(start, end, v->res.low_gm_base,
				  v->res.low_gm_size) ||
		      fz_fence_in(start, end, v->res.high_gm_base,
				  v->res.high_gm_size)))
			fz_fail("fence_write(%u, %#llx) reaches outside vGPU %u",
				n, val, v->slot);
	}
	fz->fences[n] = val;
}

static int fz_aperture_rw(void *priv, u64 gm, void *buf, unsigned int len,
			  bool write)
{
	struct fz_vgpu *v = fz->acting;

	if (priv != fz)
		fz_fail("aperture_rw: wrong host private pointer");
	fz_check_host_locked("aperture_rw");
	if (!v || !v->vgpu)
		fz_fail("aperture_rw outside a vGPU call");
	if (gm < v->res.low_gm_base ||
	    gm + len > v->res.low_gm_base + v->res.low_gm_size ||
	    gm + len < gm)
		fz_fail("aperture_rw(%#llx, %u) outside the aperture of vGPU %u",
			gm, len, v->slot);
	if (!write)
		memset(buf, 0xa5, len);
	else if (len)
		fz_sink += ((u8 *)buf)[0] + ((u8 *)buf)[len - 1];
	return 0;
}

const struct gvt_host_ops fz_host_ops = {
	.ggtt_clear = fz_ggtt_clear,
	.ggtt_write = fz_ggtt_write,
	.fence_write = fz_fence_write,
	.aperture_rw = fz_aperture_rw,
};

/* --- fake hypervisor ------------------------------------------------- */

static struct fz_pin *fz_pin_slot(struct fz_vgpu *v, u64 gfn, bool add)
{
	unsigned int i, h = (gfn * 0x9e3779b97f4a7c15ULL) >> 51;

	for (i = 0; i < FZ_PIN_SLOTS; i++) {
		struct fz_pin *p = &v->pins[(h + i) % FZ_PIN_SLOTS];

		if (p->used && p->gfn == gfn)
			return p;
		if (!p->used) {
			if (!add)
				return NULL;
			p->used = true;
			p->gfn = gfn;
			v->pins_used[v->npins_used++] = (h + i) % FZ_PIN_SLOTS;
			p->count = 0;
			return p;
		}
	}
	return NULL;
}

long fz_pins_of(struct fz_vgpu *v, u64 gfn)
{
	struct fz_pin *p = fz_pin_slot(v, gfn, false);

	return p ? p->count : 0;
}

bool fz_pin_would_fail(const struct fz_vgpu *v, u64 gfn)
{
	return v->fail_pins || gfn >= FZ_GFN_LIMIT ||
	       (gfn & 0xff) == FZ_GFN_BAD_LOW;
}

static struct fz_vgpu *fz_hv_check(void *priv, const char *what, u64 gfn)
{
	struct fz_vgpu *v = priv;

	if (v != &fz->v[0] && v != &fz->v[1])
		fz_fail("%s(%#llx): wrong hypervisor private pointer", what,
			gfn);
	if (!v->vgpu || !v->hv_attached)
		fz_fail("%s(%#llx) for vGPU %u, which is %s", what, gfn,
			v->slot, v->vgpu ? "detached" : "gone");
	if (v != fz->acting)
		fz_fail("%s(%#llx) for vGPU %u while acting on vGPU %u", what,
			gfn, v->slot, fz->acting ? fz->acting->slot : -1U);
	if (!mutex_is_locked(&v->vgpu->lock))
		fz_fail("%s(%#llx) without the lock of vGPU %u", what, gfn,
			v->slot);
	return v;
}

static int fz_pin_gfn(void *priv, u64 gfn, u64 *addr)
{
	struct fz_vgpu *v = fz_hv_check(priv, "pin_gfn", gfn);
	struct fz_pin *p;

	if (fz_pin_would_fail(v, gfn))
		return -EFAULT;
	p = fz_pin_slot(v, gfn, true);
	if (!p)
		fz_fail("pin table full: input pins too many frames");
	p->count++;
	v->pins_held++;
	*addr = FZ_GFN_ADDR(v->slot, gfn);
	return 0;
}

static void fz_unpin_gfn(void *priv, u64 gfn)
{
	struct fz_vgpu *v = fz_hv_check(priv, "unpin_gfn", gfn);
	struct fz_pin *p = fz_pin_slot(v, gfn, false);

	if (!p || p->count <= 0)
		fz_fail("unpin_gfn(%#llx) of vGPU %u: frame not pinned", gfn,
			v->slot);
	p->count--;
	v->pins_held--;
}

const struct gvt_hv_ops fz_hv_ops = {
	.pin_gfn = fz_pin_gfn,
	.unpin_gfn = fz_unpin_gfn,
};

/* --- state snapshots ------------------------------------------------- */

static void *fz_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		fz_fail("out of memory (%zu bytes)", size);
	return p;
}

void fz_state_alloc(struct fz_state *s, const struct fz_vgpu *v)
{
	unsigned int k;

	if (s->vreg)
		return;
	s->vreg = fz_alloc(GVT_MMIO_SIZE);
	s->ggtt_low = fz_alloc(FZ_MAX_LOW * sizeof(u64));
	s->ggtt_high = fz_alloc(FZ_MAX_HIGH * sizeof(u64));
	s->pinned_low = fz_alloc(BITS_TO_LONGS(FZ_MAX_LOW) * sizeof(long));
	s->pinned_high = fz_alloc(BITS_TO_LONGS(FZ_MAX_HIGH) * sizeof(long));
	for (k = 0; k < FZ_ARRS; k++)
		bitmap_set(s->zero[k], 0, FZ_ZPAGES);
}

/* Are the @n bytes at @p all zero? */
bool fz_all_zero(const u8 *p, size_t n)
{
	u64 acc = 0, w;
	size_t i = 0, j;

	for (; i + 64 <= n; i += 64) {
		for (j = 0; j < 64; j += 8) {
			memcpy(&w, p + i + j, 8);
			acc |= w;
		}
		if (acc)
			return false;
	}
	for (; i < n; i++)
		acc |= p[i];
	return !acc;
}

/*
 * Write @n bytes of @src (zeros if NULL) at @off in array @k of @s, whose
 * buffer is @img: a page at a time, skipping the zero pages of @src where
 * the buffer's page is known to be zero already, so that saving a mostly
 * zero array costs a read of it.
 */
void fz_image_write(struct fz_state *s, unsigned int k, void *img,
		    size_t off, const void *src, size_t n)
{
	size_t end = off + n, lo, hi;
	unsigned long p;

	for (lo = off; lo < end; lo = hi) {
		p = lo >> FZ_ZPAGE_SHIFT;
		hi = min(end, (size_t)(p + 1) << FZ_ZPAGE_SHIFT);
		if (!src || fz_all_zero((const u8 *)src + (lo - off), hi - lo)) {
			if (test_bit(p, s->zero[k]))
				continue;
			memset((u8 *)img + lo, 0, hi - lo);
			if (hi - lo == BIT(FZ_ZPAGE_SHIFT))
				__set_bit(p, s->zero[k]);
		} else {
			memcpy((u8 *)img + lo, (const u8 *)src + (lo - off),
			       hi - lo);
			__clear_bit(p, s->zero[k]);
		}
	}
}

/*
 * Copy the first @n bytes of array @k of @src (buffer @simg) to @dst
 * (buffer @dimg), with fz_image_write(): the pages @src knows to be zero
 * are not read.
 */
void fz_image_copy(struct fz_state *dst, const struct fz_state *src,
		   unsigned int k, void *dimg, const void *simg, size_t n)
{
	size_t lo, hi;
	unsigned long p;

	for (lo = 0; lo < n; lo = hi) {
		p = lo >> FZ_ZPAGE_SHIFT;
		hi = min(n, (size_t)(p + 1) << FZ_ZPAGE_SHIFT);
		fz_image_write(dst, k, dimg, lo,
			       test_bit(p, src->zero[k]) ? NULL :
			       (const u8 *)simg + lo, hi - lo);
	}
}

void fz_state_save(struct fz_state *s, const struct fz_vgpu *v)
{
	const struct gvt_vgpu *g = v->vgpu;

	fz_image_write(s, FZ_ARR_VREG, s->vreg, 0, g->vreg, GVT_MMIO_SIZE);
	fz_image_write(s, FZ_ARR_GGTT_LOW, s->ggtt_low, 0, g->ggtt_low,
		       v->low_count * sizeof(u64));
	fz_image_write(s, FZ_ARR_GGTT_HIGH, s->ggtt_high, 0, g->ggtt_high,
		       v->high_count * sizeof(u64));
	fz_image_write(s, FZ_ARR_PIN_LOW, s->pinned_low, 0, g->pinned_low,
		       BITS_TO_LONGS(v->low_count) * sizeof(long));
	fz_image_write(s, FZ_ARR_PIN_HIGH, s->pinned_high, 0, g->pinned_high,
		       BITS_TO_LONGS(v->high_count) * sizeof(long));
	fz_state_save_small(s, v);
}

/* The small part of a save: config space, flags, the hypervisor ops. */
void fz_state_save_small(struct fz_state *s, const struct fz_vgpu *v)
{
	const struct gvt_vgpu *g = v->vgpu;

	memcpy(s->cfg, g->cfg, sizeof(s->cfg));
	s->failsafe = g->failsafe;
	s->pv_notified = g->pv_notified;
	s->half_index = g->ggtt_half_index;
	s->halves = g->ggtt_halves;
	s->hv = g->hv;
	s->hv_priv = g->hv_priv;
}

/* First differing element of two arrays, or -1. */
static long fz_diff(const void *a, const void *b, size_t n, size_t elem)
{
	size_t i;

	if (!b || !memcmp(a, b, n * elem))
		return -1;
	for (i = 0; i < n; i++)
		if (memcmp((const u8 *)a + i * elem, (const u8 *)b + i * elem,
			   elem))
			return i;
	return -1;
}

void fz_state_check(const struct fz_state *s, const struct fz_vgpu *v,
		    const char *what)
{
	const struct gvt_vgpu *g = v->vgpu;
	long i;

	i = fz_diff(s->vreg, g->vreg, GVT_MMIO_DWORDS, 4);
	if (i >= 0)
		fz_fail("vGPU %u: register %#lx is %#x, %s %#x", v->slot,
			i * 4, g->vreg ? g->vreg[i] : 0, what, s->vreg[i]);
	i = fz_diff(s->ggtt_low, g->ggtt_low, v->low_count, 8);
	if (i >= 0)
		fz_fail("vGPU %u: guest GGTT entry %#lx changed (%s)", v->slot,
			v->low_first + i, what);
	i = fz_diff(s->ggtt_high, g->ggtt_high, v->high_count, 8);
	if (i >= 0)
		fz_fail("vGPU %u: guest GGTT entry %#lx changed (%s)", v->slot,
			v->high_first + i, what);
	if (fz_diff(s->pinned_low, g->pinned_low,
		    BITS_TO_LONGS(v->low_count), sizeof(long)) >= 0 ||
	    fz_diff(s->pinned_high, g->pinned_high,
		    BITS_TO_LONGS(v->high_count), sizeof(long)) >= 0)
		fz_fail("vGPU %u: pinned entries changed (%s)", v->slot, what);
	fz_state_check_small(s, v, what);
}

/* The configuration space and the scalar state of fz_state_check(). */
void fz_state_check_small(const struct fz_state *s, const struct fz_vgpu *v,
			  const char *what)
{
	const struct gvt_vgpu *g = v->vgpu;
	long i;

	i = fz_diff(s->cfg, g->cfg, GVT_CFG_SPACE_SIZE, 1);
	if (i >= 0)
		fz_fail("vGPU %u: config byte %#lx is %#x, %s %#x", v->slot,
			i, g->cfg[i], what, s->cfg[i]);
	if (s->failsafe != g->failsafe || s->pv_notified != g->pv_notified)
		fz_fail("vGPU %u: failsafe %d/%d, PVINFO read %d/%d (%s)",
			v->slot, g->failsafe, s->failsafe, g->pv_notified,
			s->pv_notified, what);
	if (s->halves != g->ggtt_halves ||
	    (s->halves && s->half_index != g->ggtt_half_index))
		fz_fail("vGPU %u: half-written GGTT entry changed (%s)",
			v->slot, what);
	if (s->hv != g->hv || s->hv_priv != g->hv_priv)
		fz_fail("vGPU %u: hypervisor ops changed (%s)", v->slot, what);
}

static void fz_check_entry(struct fz_vgpu *v, u64 i, bool all_scratch,
			   u64 *mapped)
{
	u64 pte = fz->ggtt[i];

	if (pte == FZ_SCRATCH_PTE)
		return;
	if (all_scratch || pte >> FZ_OWNER_SHIFT != v->slot + 1 ||
	    fz_pins_of(v, (pte & GENMASK_ULL(FZ_OWNER_SHIFT - 1, 12)) >>
			  GVT_GTT_PAGE_SHIFT) <= 0)
		fz_fail("vGPU %u: host GGTT entry %#llx is %#llx", v->slot, i,
			pte);
	(*mapped)++;
}

/*
 * Every host GGTT entry of @v maps the scratch page or, unless
 * @all_scratch, a frame that @v has pinned, and no frame is mapped without
 * a pin. Only ggtt_write() makes an entry map anything but the scratch
 * page, so only the entries it wrote are looked at, unless there were too
 * many of them.
 */
void fz_check_host_slice(struct fz_vgpu *v, bool all_scratch)
{
	u64 i, mapped = 0;

	if (v->dirty_overflow) {
		for (i = 0; i < v->low_count; i++)
			fz_check_entry(v, v->low_first + i, all_scratch, &mapped);
		for (i = 0; i < v->high_count; i++)
			fz_check_entry(v, v->high_first + i, all_scratch,
				       &mapped);
	} else {
		for (i = 0; i < v->ndirty; i++)
			fz_check_entry(v, v->dirty[i], all_scratch, &mapped);
	}
	if (mapped > (u64)v->pins_held)
		fz_fail("vGPU %u: %llu host entries map guest pages, %ld pins",
			v->slot, mapped, v->pins_held);
	if (all_scratch)
		fz_dirty_clear(v);
}

/* Entry @i of the host GGTT maps the scratch page after @v's destruction. */
static void fz_check_released(const struct fz_vgpu *v, u64 i)
{
	if (fz->ggtt[i] != FZ_SCRATCH_PTE)
		fz_fail("vGPU %u destroyed: host GGTT entry %#llx is %#llx",
			v->slot, i, fz->ggtt[i]);
}

/*
 * After destruction: every host entry of @v maps the scratch page. Only
 * ggtt_write() made one map anything else since the creation checks, so
 * only the entries it wrote are looked at, unless there were too many of
 * them. The entries stay at the scratch page: the next creation's check
 * is that the core cleared its whole slice (fz_check_created_slice()),
 * whatever the slice held.
 */
static void fz_release_host_slice(struct fz_vgpu *v)
{
	u64 i;

	if (v->dirty_overflow) {
		for (i = 0; i < v->low_count; i++)
			fz_check_released(v, v->low_first + i);
		for (i = 0; i < v->high_count; i++)
			fz_check_released(v, v->high_first + i);
	} else {
		for (i = 0; i < v->ndirty; i++)
			fz_check_released(v, v->dirty[i]);
	}
	fz_dirty_clear(v);
	fz->scratch[fz->nscratch].first = v->low_first;
	fz->scratch[fz->nscratch++].count = v->low_count;
	fz->scratch[fz->nscratch].first = v->high_first;
	fz->scratch[fz->nscratch++].count = v->high_count;
}

void fz_check_fences_off(const struct fz_vgpu *v)
{
	unsigned int i;

	for (i = 0; i < v->res.num_fences; i++)
		if (fz->fences[v->res.fences[i]])
			fz_fail("vGPU %u: host fence %u is %#llx, not disabled",
				v->slot, v->res.fences[i],
				fz->fences[v->res.fences[i]]);
}

/* --- world ------------------------------------------------------------ */

static const struct gvt_type *fz_find_type(const char *name)
{
	unsigned int i;

	for (i = 0; i < gvt_device_num_types(fz->gvt); i++)
		if (!strcmp(gvt_device_type(fz->gvt, i)->name, name))
			return gvt_device_type(fz->gvt, i);
	fz_fail("host offers no type %s", name);
	return NULL;
}

/*
 * The ggtt_clear() calls made while creating @v cover its range of
 * @count entries from @first: each of those host entries maps the scratch
 * page, whatever it held before, as only ggtt_clear() may write the GGTT
 * during a creation (ggtt_write() fails then) and it writes the scratch
 * page.
 */
static void fz_check_cleared(const struct fz_vgpu *v, u32 first, u32 count)
{
	u64 pos = first, end = (u64)first + count, next;
	unsigned int i;
	bool moved;

	do {
		moved = false;
		for (i = 0; i < fz->ncreate_log; i++) {
			next = (u64)fz->create_log[i].first +
			       fz->create_log[i].count;
			if (fz->create_log[i].first <= pos && next > pos) {
				pos = next;
				moved = true;
			}
		}
	} while (moved && pos < end);
	if (pos < end)
		fz_fail("creating vGPU %u left host GGTT entry %#llx uncleared",
			v->slot, pos);
}

static void fz_create(struct fz_vgpu *v, const struct gvt_type *type)
{
	struct gvt_vgpu *vgpu;
	unsigned int i;

	fz->acting = v;
	fz->creating = true;
	fz->ncreate_log = 0;
	vgpu = gvt_vgpu_create(fz->gvt, type);
	fz->creating = false;
	if (IS_ERR(vgpu))
		fz_fail("cannot create vGPU %u: %ld", v->slot, PTR_ERR(vgpu));
	v->vgpu = vgpu;
	gvt_vgpu_get_resources(vgpu, &v->res);
	v->low_first = v->res.low_gm_base >> GVT_GTT_PAGE_SHIFT;
	v->low_count = v->res.low_gm_size >> GVT_GTT_PAGE_SHIFT;
	v->high_first = v->res.high_gm_base >> GVT_GTT_PAGE_SHIFT;
	v->high_count = v->res.high_gm_size >> GVT_GTT_PAGE_SHIFT;
	for (i = 0; i < fz->ncreate_log; i++)
		if (!fz_owns_range(v, fz->create_log[i].first,
				   fz->create_log[i].count))
			fz_fail("creating vGPU %u cleared entries %#x+%u",
				v->slot, fz->create_log[i].first,
				fz->create_log[i].count);
	fz_check_fences_off(v);
	/*
	 * Every host entry of the new vGPU maps the scratch page: the host
	 * slice checks and ggtt_clear() look only at the entries written
	 * after this.
	 */
	fz_check_cleared(v, v->low_first, v->low_count);
	fz_check_cleared(v, v->high_first, v->high_count);
	gvt_vgpu_attach_hv(vgpu, &fz_hv_ops, v);
	v->hv_attached = true;
	fz_state_alloc(&v->base, v);
	fz_state_alloc(&v->snap, v);
	fz_state_save_small(&v->base, v);
	fz_track_attach(v);
	fz->acting = NULL;
}

/* Register the device of configuration @config and create two vGPUs. */
static void fz_world_setup(unsigned int config)
{
	const struct fz_config *c = &fz_configs[config];
	unsigned int i;

	fz->config = config;
	if (!fz->ggtt) {
		fz->ggtt_entries = (c->ggtt_mb << 20) >> GVT_GTT_PAGE_SHIFT;
		fz->ggtt = fz_alloc(fz->ggtt_entries * sizeof(u64));
		fz->dirty_map = fz_alloc(BITS_TO_LONGS(fz->ggtt_entries) *
					 sizeof(long));
		for (i = 0; i < fz->ggtt_entries; i++)
			fz->ggtt[i] = FZ_GARBAGE_PTE(i);
	}
	for (i = 0; i < FZ_VGPUS; i++) {
		struct fz_vgpu *v = &fz->v[i];
		struct fz_state base = v->base, snap = v->snap;
		struct fz_array arr[FZ_ARRS];

		memcpy(arr, v->arr, sizeof(arr));
		memset(v, 0, sizeof(*v));
		v->slot = i;
		v->base = base;
		v->snap = snap;
		memcpy(v->arr, arr, sizeof(arr));
	}
	fz->info = (struct gvt_host_info) {
		.name = config ? "fuzz1" : "fuzz0",
		.vendor = 0x8086,
		.device = 0x5912,
		.revision = 4,
		.subsystem_vendor = 0x8086,
		.subsystem_device = 0x2212,
		.bar0_size = 16ULL << 20,
		.aperture_size = c->aperture_mb << 20,
		.ggtt_size = c->ggtt_mb << 20,
		.num_fences = c->fences,
	};
	for (i = 0; i < GVT_MAX_FENCES; i++)
		fz->fences[i] = FZ_GARBAGE_FENCE(i);
	fz->acting = NULL;
	fz->live_allocs = gvt_shim_live_allocs;
	fz->gvt = gvt_device_register(&fz->info, &fz_host_ops, fz);
	if (IS_ERR(fz->gvt))
		fz_fail("cannot register the device: %ld", PTR_ERR(fz->gvt));
	for (i = 0; i < FZ_VGPUS; i++)
		fz_create(&fz->v[i], fz_find_type(c->type));
	/* The new vGPUs own those entries now. */
	fz->nscratch = 0;
	fz->live_allocs = gvt_shim_live_allocs - fz->live_allocs;
}

/*
 * Destroy both vGPUs, check that each gave back every pin, left its host
 * entries at the scratch page and its fences disabled, that no other host
 * fence changed and that the core freed all it allocated; restore the host
 * GGTT for the next setup.
 */
static void fz_world_teardown(void)
{
	long live = gvt_shim_live_allocs - fz->live_allocs;
	unsigned int i, n;

	for (i = 0; i < FZ_VGPUS; i++) {
		struct fz_vgpu *v = &fz->v[i];

		fz->acting = v;
		fz_track_detach(v);
		gvt_vgpu_destroy(v->vgpu);
		v->vgpu = NULL;
		if (v->pins_held)
			fz_fail("vGPU %u destroyed with %ld pins held",
				v->slot, v->pins_held);
		fz_release_host_slice(v);
		fz_check_fences_off(v);
	}
	fz->acting = NULL;
	gvt_device_unregister(fz->gvt);
	fz->gvt = NULL;
	if (gvt_shim_mutexes_held)
		fz_fail("%u mutexes held after teardown", gvt_shim_mutexes_held);
	if (gvt_shim_live_allocs != live)
		fz_fail("the core leaked %ld allocations",
			gvt_shim_live_allocs - live);

	for (n = 0; n < GVT_MAX_FENCES; n++) {
		bool owned = false;

		for (i = 0; i < FZ_VGPUS; i++)
			owned |= memchr(fz->v[i].res.fences, n,
					fz->v[i].res.num_fences) != NULL;
		if (!owned && fz->fences[n] != FZ_GARBAGE_FENCE(n))
			fz_fail("host fence %u, of no vGPU, changed", n);
	}
}

/*
 * Reset @v and check that it is back in its creation state: registers,
 * PVINFO, config space, GGTT values all as at creation, no pin held, every
 * host entry at the scratch page, fences disabled. The hypervisor ops stay.
 */
void fz_reset_checked(struct fz_vgpu *v)
{
	fz->acting = v;
	gvt_vgpu_reset(v->vgpu);
	fz->acting = NULL;
	if (v->pins_held)
		fz_fail("vGPU %u holds %ld pins after reset", v->slot,
			v->pins_held);
	if (!v->vgpu->hv != !v->hv_attached)
		fz_fail("vGPU %u: hypervisor ops %s by reset", v->slot,
			v->hv_attached ? "dropped" : "set");
	v->base.hv = v->vgpu->hv;
	v->base.hv_priv = v->vgpu->hv_priv;
	fz_track_check(v, &v->base, "after reset, at creation");
	fz_check_host_slice(v, true);
	fz_check_fences_off(v);
	v->at_base = true;
}

static void fz_set_hv(struct fz_vgpu *v, bool attach)
{
	fz->acting = v;
	if (attach && !v->hv_attached)
		gvt_vgpu_attach_hv(v->vgpu, &fz_hv_ops, v);
	else if (!attach && v->hv_attached)
		gvt_vgpu_detach_hv(v->vgpu);
	fz->acting = NULL;
	v->hv_attached = attach;
	v->base.hv = v->vgpu->hv;
	v->base.hv_priv = v->vgpu->hv_priv;
}

/*
 * Make the world of @world's configuration current: both vGPUs as created
 * (fresh, or reset and checked at the end of the previous input), their
 * hypervisors attached or not and refusing pins or not.
 */
void fz_world_begin(u8 world)
{
	unsigned int i, config = world & FZ_WORLD_BIG;

	if (!fz_anchor.gvt) {
		fz = &fz_anchor;
		fz_world_setup(0);
	}
	fz = &fz_worlds[config];
	if (!fz->gvt)
		fz_world_setup(config);
	fz->op = 0;
	fz->live_input = gvt_shim_live_allocs;
	for (i = 0; i < FZ_VGPUS; i++) {
		struct fz_vgpu *v = &fz->v[i];

		while (v->npins_used)
			v->pins[v->pins_used[--v->npins_used]].used = false;
		v->fail_pins = false;
		fz_track_begin(v);
		v->idle = &v->base;
		v->touched = false;
		v->at_base = false;
	}
	fz_set_hv(&fz->v[0], true);
	fz_set_hv(&fz->v[1], !(world & FZ_WORLD_NO_HV));
	fz->v[0].fail_pins = world & FZ_WORLD_FAIL_PINS;
}

/*
 * End an input: tear the world down if the input asks for it, otherwise
 * reset (checked) the vGPUs the input acted on for the next input, unless
 * the last thing done to one was such a reset. The others are as they were
 * at the start, as the idle-state checks showed.
 */
void fz_world_end(u8 world)
{
	unsigned int i;

	if ((world & FZ_WORLD_TEARDOWN) == FZ_WORLD_TEARDOWN) {
		fz_world_teardown();
		return;
	}
	for (i = 0; i < FZ_VGPUS; i++) {
		/* The next input finds the monitor's own EDID, as created. */
		if (fz->v[i].touched)
			gvt_vgpu_edid_set(fz->v[i].vgpu, NULL, 0);
		if (fz->v[i].touched && !fz->v[i].at_base)
			fz_reset_checked(&fz->v[i]);
	}
	if (gvt_shim_live_allocs != fz->live_input)
		fz_fail("%ld allocations of the core left after reset",
			gvt_shim_live_allocs - fz->live_input);
}
