/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/printk.h>.
 *
 * Messages of level info and above are appended to a capture buffer that a
 * test can search (gvt_shim_log_contains()) and clear; they are echoed to
 * stderr when GVT_TEST_VERBOSE is set in the environment. pr_debug() is
 * compiled (so its format is checked) but prints nothing.
 */
#ifndef _GVT_SHIM_LINUX_PRINTK_H
#define _GVT_SHIM_LINUX_PRINTK_H

#include <linux/types.h>
#include <linux/compiler.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

#ifndef pr_fmt
#define pr_fmt(fmt)	fmt
#endif

/* The core never calls printk() directly, so only the pr_*() exist. */
__printf(1, 2) int gvt_shim_printk(const char *fmt, ...);

#define pr_emerg(fmt, ...)	gvt_shim_printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	gvt_shim_printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	gvt_shim_printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	gvt_shim_printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	gvt_shim_printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	gvt_shim_printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	gvt_shim_printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)

#define pr_debug(fmt, ...)						\
	do {								\
		if (0)							\
			gvt_shim_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__);	\
	} while (0)

#define pr_err_ratelimited(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...)	pr_debug(fmt, ##__VA_ARGS__)

/* Messages printed since the last clear (without level prefixes). */
const char *gvt_shim_log(void);
bool gvt_shim_log_contains(const char *needle);
void gvt_shim_log_clear(void);
/* Number of messages at KERN_WARNING or more severe since the last clear. */
extern unsigned int gvt_shim_log_errors;

#endif /* _GVT_SHIM_LINUX_PRINTK_H */
