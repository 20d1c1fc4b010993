/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/types.h> for the GVT core tests.
 *
 * The system UAPI header of the same name provides __u8.. and the bitwise
 * types that libc headers expect; this one adds the kernel-internal names.
 */
#ifndef _GVT_SHIM_LINUX_TYPES_H
#define _GVT_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/compiler.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef unsigned int __bitwise gfp_t;

#endif /* _GVT_SHIM_LINUX_TYPES_H */
