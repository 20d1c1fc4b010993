/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/slab.h> with allocation-failure injection.
 *
 * Every allocation call is numbered from 1 (gvt_shim_alloc_calls); when
 * gvt_shim_fail_nth is non-zero, the call with that number returns NULL and
 * gvt_shim_fail_hit is set. gvt_shim_live_allocs counts allocations not yet
 * freed, for leak checks.
 */
#ifndef _GVT_SHIM_LINUX_SLAB_H
#define _GVT_SHIM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/compiler.h>

#define GFP_KERNEL	0x1U
#define GFP_ATOMIC	0x2U
#define __GFP_ZERO	0x100U

/*
 * Every allocation without __GFP_ZERO is filled with this byte, so that
 * uninitialised memory reaching a guest read shows (0xa5a5a5a5).
 */
#define GVT_SHIM_POISON	0xa5

extern unsigned long gvt_shim_alloc_calls;
extern unsigned long gvt_shim_fail_nth;
extern bool gvt_shim_fail_hit;
extern long gvt_shim_live_allocs;

void *kmalloc(size_t size, gfp_t flags);
void kfree(const void *ptr);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kmalloc(n * size, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, flags);
}

/*
 * Large allocations count and fail like the small ones; from 64 KiB on
 * they are separate zero-filled mappings between guard pages (shim.c).
 */
void *kvmalloc(size_t size, gfp_t flags);
void kvfree(const void *ptr);
/* Set by a test to see large blocks once filled and before their free. */
extern void (*gvt_shim_big_alloc_hook)(void *p, size_t size, bool zeroed);
extern void (*gvt_shim_big_free_hook)(const void *p);

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kvzalloc(n * size, flags);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kvmalloc(n * size, flags);
}

/*
 * Arm the injector: the @nth allocation from now fails. 0 disarms it and
 * leaves gvt_shim_fail_hit as it is.
 */
void gvt_shim_fail_after(unsigned long nth);

#endif /* _GVT_SHIM_LINUX_SLAB_H */
