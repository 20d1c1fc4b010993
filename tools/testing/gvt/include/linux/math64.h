/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the kernel's 64-bit division helpers. */
#ifndef _SHIM_LINUX_MATH64_H
#define _SHIM_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

#endif
