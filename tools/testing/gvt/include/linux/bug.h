/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/bug.h>: WARN() and WARN_ON() log a
 * "WARNING:" message that tests can look for and count in
 * gvt_shim_warnings. BUG() does not exist: the core never uses it.
 * BUILD_BUG_ON() is a static assertion, as <linux/build_bug.h>'s.
 */
#ifndef _GVT_SHIM_LINUX_BUG_H
#define _GVT_SHIM_LINUX_BUG_H

#include <assert.h>
#include <linux/printk.h>

/* WARN()s since the start of the test. */
extern unsigned int gvt_shim_warnings;

#define WARN(cond, fmt, ...)						\
	({								\
		bool __c = !!(cond);					\
		if (__c) {						\
			gvt_shim_warnings++;				\
			pr_warn("WARNING: " fmt, ##__VA_ARGS__);	\
		}							\
		__c;							\
	})

#define WARN_ON(cond)	WARN(cond, "%s:%d: %s\n", __FILE__, __LINE__, #cond)
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define BUILD_BUG_ON(cond)	static_assert(!(cond), #cond)
#define WARN_ONCE(cond, fmt, ...)	WARN(cond, fmt, ##__VA_ARGS__)

#endif /* _GVT_SHIM_LINUX_BUG_H */
