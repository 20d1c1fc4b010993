/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/nospec.h>: the clamp without the speculation
 * barrier, which only matters in the kernel.
 */
#ifndef _GVT_SHIM_LINUX_NOSPEC_H
#define _GVT_SHIM_LINUX_NOSPEC_H

static inline unsigned long array_index_nospec(unsigned long index,
					       unsigned long size)
{
	return index < size ? index : 0;
}

#endif /* _GVT_SHIM_LINUX_NOSPEC_H */
