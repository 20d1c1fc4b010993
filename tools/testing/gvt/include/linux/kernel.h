/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the parts of <linux/kernel.h> the GVT core uses.
 */
#ifndef _GVT_SHIM_LINUX_KERNEL_H
#define _GVT_SHIM_LINUX_KERNEL_H

#include <limits.h>

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/minmax.h>

#ifndef U64_MAX
#define U64_MAX		((u64)~0ULL)
#endif
#ifndef U32_MAX
#define U32_MAX		((u32)~0U)
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
/* Unsigned operands only (the core uses no other). */
#define DIV_ROUND_CLOSEST(x, d)	({		\
	typeof(d) __d = (d);			\
	((x) + __d / 2) / __d;			\
})

#endif /* _GVT_SHIM_LINUX_KERNEL_H */
