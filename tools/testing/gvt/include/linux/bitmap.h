/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/bitmap.h> and the non-atomic bit operations.
 *
 * Plain loops: the tests care about exact semantics, not speed. Bits beyond
 * @nbits are never read, as in the kernel.
 */
#ifndef _GVT_SHIM_LINUX_BITMAP_H
#define _GVT_SHIM_LINUX_BITMAP_H

#include <linux/types.h>
#include <linux/kernel.h>

#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BITS_TO_LONGS(nr)	(((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)

#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return addr[BIT_WORD(nr)] & BIT_MASK(nr);
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

static inline bool __test_and_clear_bit(unsigned long nr,
					unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

/*
 * The first set bit at or above @offset of @addr, inverted when @invert is
 * ~0UL; @size if there is none. A word at a time: the GGTT walks cover a
 * million bits and the fuzzer's store tracker walks its maps per check.
 */
static inline unsigned long __find_next(const unsigned long *addr,
					unsigned long size,
					unsigned long offset,
					unsigned long invert)
{
	unsigned long w;

	if (offset >= size)
		return size;
	w = (addr[BIT_WORD(offset)] ^ invert) &
	    (~0UL << (offset % BITS_PER_LONG));
	while (!w) {
		offset = (BIT_WORD(offset) + 1) * BITS_PER_LONG;
		if (offset >= size)
			return size;
		w = addr[BIT_WORD(offset)] ^ invert;
	}
	offset = BIT_WORD(offset) * BITS_PER_LONG + __builtin_ctzl(w);
	return offset < size ? offset : size;
}

/* First clear bit at or above @offset, or @size if there is none. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr,
					       unsigned long size,
					       unsigned long offset)
{
	return __find_next(addr, size, offset, ~0UL);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr,
						unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

/* First set bit at or above @offset, or @size if there is none. */
static inline unsigned long find_next_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long offset)
{
	return __find_next(addr, size, offset, 0);
}

static inline unsigned long find_first_bit(const unsigned long *addr,
					   unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

static inline void bitmap_set(unsigned long *map, unsigned int start,
			      unsigned int len)
{
	while (len--)
		__set_bit(start++, map);
}

static inline void bitmap_clear(unsigned long *map, unsigned int start,
				unsigned int len)
{
	while (len--)
		__clear_bit(start++, map);
}

static inline void bitmap_zero(unsigned long *map, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = 0;
}

static inline unsigned int bitmap_weight(const unsigned long *map,
					 unsigned int nbits)
{
	unsigned int i, w = 0;

	for (i = 0; i < nbits; i++)
		w += test_bit(i, map);
	return w;
}

#endif /* _GVT_SHIM_LINUX_BITMAP_H */
