/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/wait.h> for single-threaded tests: nobody else
 * can make a condition true, so waiting for a false one is a deadlock in
 * the kernel and aborts here.
 */
#ifndef _GVT_SHIM_LINUX_WAIT_H
#define _GVT_SHIM_LINUX_WAIT_H

#include <linux/compiler.h>

struct wait_queue_head {
	unsigned int wakeups;
};

#define DECLARE_WAIT_QUEUE_HEAD(name)	struct wait_queue_head name = { 0 }

void gvt_shim_wait_deadlock(const char *cond);

#define wait_event(wq, cond)						\
	do {								\
		(void)(wq);						\
		if (!(cond))						\
			gvt_shim_wait_deadlock(#cond);			\
	} while (0)

#define wake_up_all(wq)	((wq)->wakeups++)

#endif /* _GVT_SHIM_LINUX_WAIT_H */
