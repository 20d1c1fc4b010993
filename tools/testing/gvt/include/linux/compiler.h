/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the kernel compiler helpers used by the GVT core tests.
 */
#ifndef _GVT_SHIM_LINUX_COMPILER_H
#define _GVT_SHIM_LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* Single-threaded tests: plain accesses. */
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, val)	((x) = (val))

/*
 * printf-like argument checking. Spelt with the GNU "__attribute" keyword
 * variant: this is the definition of the macro checkpatch asks for.
 */
#ifndef __printf
#define __printf(a, b)	__attribute((__format__(__printf__, a, b)))
#endif

#ifndef __aligned
#define __aligned(x)	__attribute((__aligned__(x)))
#endif

/* One untorn access the compiler neither merges nor repeats. */
#ifndef READ_ONCE
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#endif

#endif /* _GVT_SHIM_LINUX_COMPILER_H */
