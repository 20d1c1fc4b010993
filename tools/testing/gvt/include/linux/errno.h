/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/errno.h>: the UAPI values come from the system
 * header of the same name (libc's <errno.h> includes it too).
 */
#ifndef _GVT_SHIM_LINUX_ERRNO_H
#define _GVT_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

/* Kernel-internal values that never reach userspace. */
#define ERESTARTSYS	512
#define ENOTSUPP	524

#endif /* _GVT_SHIM_LINUX_ERRNO_H */
