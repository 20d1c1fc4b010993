/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the kernel's memory barriers used by the GVT core.
 */
#ifndef _GVT_SHIM_ASM_BARRIER_H
#define _GVT_SHIM_ASM_BARRIER_H

#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

#endif /* _GVT_SHIM_ASM_BARRIER_H */
