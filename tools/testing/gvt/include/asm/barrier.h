/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the kernel's memory barriers used by the GVT core.
 */
#ifndef _GVT_SHIM_ASM_BARRIER_H
#define _GVT_SHIM_ASM_BARRIER_H

/* Orders earlier stores before later ones, as the kernel's does. */
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
/* Orders earlier loads before later ones. */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

#endif /* _GVT_SHIM_ASM_BARRIER_H */
