/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <asm/barrier.h> and the READ_ONCE()/WRITE_ONCE() of
 * <linux/compiler.h> for the xengt tests: C11 fences and relaxed atomic
 * accesses, which give the same ordering guarantees.
 */
#ifndef _GVT_SHIM_ASM_BARRIER_H
#define _GVT_SHIM_ASM_BARRIER_H

/* Full barrier: orders everything before against everything after. */
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Read barrier: earlier loads before later loads (acquire fence). */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
/* Write barrier: earlier stores before later stores (release fence). */
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#ifndef READ_ONCE
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)
#endif

#endif /* _GVT_SHIM_ASM_BARRIER_H */
