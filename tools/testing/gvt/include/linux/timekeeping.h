/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's clock: a monotonic time in ns that
 * the tests set and advance (shim.c), so that time-based emulation
 * (vblank.c) is deterministic.
 */
#ifndef _SHIM_LINUX_TIMEKEEPING_H
#define _SHIM_LINUX_TIMEKEEPING_H

#include <linux/types.h>

extern u64 gvt_shim_now_ns;

static inline u64 ktime_get_ns(void)
{
	return gvt_shim_now_ns;
}

#endif
