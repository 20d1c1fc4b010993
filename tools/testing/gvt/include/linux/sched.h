/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/sched.h>: the core needs it only for the task
 * states wait_event() uses in the kernel (see wait.h).
 */
#ifndef _GVT_SHIM_LINUX_SCHED_H
#define _GVT_SHIM_LINUX_SCHED_H

#endif /* _GVT_SHIM_LINUX_SCHED_H */
