/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/export.h>: there is no module linker here.
 * EXPORT_SYMBOL_GPL() expands to nothing; the semicolon after them is an
 * empty declaration, which GNU C accepts.
 */
#ifndef _GVT_SHIM_LINUX_EXPORT_H
#define _GVT_SHIM_LINUX_EXPORT_H
/* Nothing to record. */
#define EXPORT_SYMBOL_GPL(sym)

#endif /* _GVT_SHIM_LINUX_EXPORT_H */
