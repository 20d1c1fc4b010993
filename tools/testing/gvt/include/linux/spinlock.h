/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/spinlock.h> for single-threaded tests: a lock
 * that aborts on a recursive lock (a deadlock in the kernel) and on an
 * unlock of a lock that is not held. Also READ_ONCE/WRITE_ONCE.
 */
#ifndef _GVT_SHIM_LINUX_SPINLOCK_H
#define _GVT_SHIM_LINUX_SPINLOCK_H

#include <linux/types.h>

struct gvt_shim_spinlock {
	bool locked;
};

#define spinlock_t	struct gvt_shim_spinlock

void gvt_shim_spin_lock(spinlock_t *l);
void gvt_shim_spin_unlock(spinlock_t *l);

#define spin_lock_init(l)		((l)->locked = false)
#define spin_lock(l)			gvt_shim_spin_lock(l)
#define spin_unlock(l)			gvt_shim_spin_unlock(l)
#define spin_lock_irqsave(l, f)		((f) = 0, gvt_shim_spin_lock(l))
#define spin_unlock_irqrestore(l, f)	((void)(f), gvt_shim_spin_unlock(l))

#ifndef READ_ONCE
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#endif

#endif /* _GVT_SHIM_LINUX_SPINLOCK_H */
