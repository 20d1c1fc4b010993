/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/mutex.h>: a checking fake for single-threaded
 * tests. It aborts on a lock of a destroyed or uninitialised mutex, on a
 * recursive lock (a deadlock in the kernel), on an unlock of a mutex that is
 * not held and on destroying a held mutex, and it counts held mutexes so a
 * test can check that every API call returns with nothing held.
 */
#ifndef _GVT_SHIM_LINUX_MUTEX_H
#define _GVT_SHIM_LINUX_MUTEX_H

#include <linux/types.h>

#define GVT_SHIM_MUTEX_MAGIC	0x6d757478U	/* "mutx" */
#define GVT_SHIM_MUTEX_DEAD	0x64656164U	/* "dead" */

struct mutex {
	unsigned int magic;
	bool locked;
	const char *name;
};

#define __MUTEX_INITIALIZER(lockname)					\
	{ .magic = GVT_SHIM_MUTEX_MAGIC, .name = #lockname }

#define DEFINE_MUTEX(lockname)						\
	struct mutex lockname = {					\
		.magic = GVT_SHIM_MUTEX_MAGIC, .name = #lockname	\
	}

#define mutex_init(m)	gvt_shim_mutex_init(m, #m)

void gvt_shim_mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
void mutex_destroy(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

/* Number of shim mutexes currently held, for the tests. */
extern unsigned int gvt_shim_mutexes_held;

#define lockdep_assert_held(m)	gvt_shim_assert_held(m)
void gvt_shim_assert_held(struct mutex *m);

#endif /* _GVT_SHIM_LINUX_MUTEX_H */
