/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/container_of.h>.
 */
#ifndef _GVT_SHIM_LINUX_CONTAINER_OF_H
#define _GVT_SHIM_LINUX_CONTAINER_OF_H

#include <stddef.h>

/* The structure of @type whose @member lives at @ptr. */
#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)(__mptr - offsetof(type, member))); })

#endif /* _GVT_SHIM_LINUX_CONTAINER_OF_H */
