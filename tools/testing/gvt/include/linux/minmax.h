/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/minmax.h>: min(), max(), min_t() and max_t()
 * that evaluate each argument once and, like the kernel's, warn when the
 * types differ (comparison of distinct pointer types).
 */
#ifndef _GVT_SHIM_LINUX_MINMAX_H
#define _GVT_SHIM_LINUX_MINMAX_H

#define min(x, y) ({							\
	typeof(x) __min_x = (x);					\
	typeof(y) __min_y = (y);					\
	(void)(&__min_x == &__min_y);					\
	__min_x < __min_y ? __min_x : __min_y; })

#define max(x, y) ({							\
	typeof(x) __max_x = (x);					\
	typeof(y) __max_y = (y);					\
	(void)(&__max_x == &__max_y);					\
	__max_x > __max_y ? __max_x : __max_y; })

#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

#endif /* _GVT_SHIM_LINUX_MINMAX_H */
