// SPDX-License-Identifier: GPL-2.0-only
/*
 * State behind the shim headers: allocation counting and failure
 * injection, the printk capture buffer and the checking mutex.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

unsigned long gvt_shim_alloc_calls;
unsigned long gvt_shim_fail_nth;
bool gvt_shim_fail_hit;
long gvt_shim_live_allocs;

void gvt_shim_fail_after(unsigned long nth)
{
	gvt_shim_fail_nth = nth ? gvt_shim_alloc_calls + nth : 0;
	/* Disarming keeps the result for the test to look at. */
	if (nth)
		gvt_shim_fail_hit = false;
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	gvt_shim_alloc_calls++;
	if (gvt_shim_fail_nth && gvt_shim_alloc_calls == gvt_shim_fail_nth) {
		gvt_shim_fail_hit = true;
		return NULL;
	}
	p = (flags & __GFP_ZERO) ? calloc(1, size ? size : 1) :
				   malloc(size ? size : 1);
	if (!p) {
		fprintf(stderr, "shim: out of memory (%zu bytes)\n", size);
		abort();
	}
	gvt_shim_live_allocs++;
	return p;
}

void kfree(const void *ptr)
{
	if (!ptr)
		return;
	gvt_shim_live_allocs--;
	free((void *)ptr);
}

#define GVT_SHIM_LOG_SIZE	65536

static char gvt_shim_log_buf[GVT_SHIM_LOG_SIZE];
static size_t gvt_shim_log_len;
unsigned int gvt_shim_log_errors;

int gvt_shim_printk(const char *fmt, ...)
{
	char level = '4';
	char line[1024];
	va_list ap;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		level = fmt[1];
		fmt += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	if (level <= '4')
		gvt_shim_log_errors++;
	if (getenv("GVT_TEST_VERBOSE"))
		fprintf(stderr, "<%c>%s", level, line);
	if (level <= '6') {
		size_t room = sizeof(gvt_shim_log_buf) - gvt_shim_log_len;

		/* Keep the buffer a single NUL-terminated string. */
		if (room > 1) {
			strscpy(gvt_shim_log_buf + gvt_shim_log_len, line, room);
			gvt_shim_log_len += strlen(gvt_shim_log_buf +
						   gvt_shim_log_len);
		}
	}
	return n;
}

const char *gvt_shim_log(void)
{
	return gvt_shim_log_buf;
}

bool gvt_shim_log_contains(const char *needle)
{
	return strstr(gvt_shim_log_buf, needle);
}

void gvt_shim_log_clear(void)
{
	gvt_shim_log_len = 0;
	gvt_shim_log_buf[0] = '\0';
	gvt_shim_log_errors = 0;
}

unsigned int gvt_shim_mutexes_held;

static void gvt_shim_mutex_bug(struct mutex *m, const char *what)
{
	fprintf(stderr, "shim: mutex %s: %s\n",
		m && m->name ? m->name : "?", what);
	abort();
}

void gvt_shim_mutex_init(struct mutex *m, const char *name)
{
	m->magic = GVT_SHIM_MUTEX_MAGIC;
	m->locked = false;
	m->name = name;
}

void mutex_lock(struct mutex *m)
{
	if (m->magic != GVT_SHIM_MUTEX_MAGIC)
		gvt_shim_mutex_bug(m, "lock of an uninitialised or destroyed mutex");
	if (m->locked)
		gvt_shim_mutex_bug(m, "recursive lock (deadlock)");
	m->locked = true;
	gvt_shim_mutexes_held++;
}

void mutex_unlock(struct mutex *m)
{
	if (m->magic != GVT_SHIM_MUTEX_MAGIC)
		gvt_shim_mutex_bug(m, "unlock of an uninitialised or destroyed mutex");
	if (!m->locked)
		gvt_shim_mutex_bug(m, "unlock of a mutex that is not held");
	m->locked = false;
	gvt_shim_mutexes_held--;
}

void mutex_destroy(struct mutex *m)
{
	if (m->magic != GVT_SHIM_MUTEX_MAGIC)
		gvt_shim_mutex_bug(m, "destroy of an uninitialised mutex");
	if (m->locked)
		gvt_shim_mutex_bug(m, "destroy of a held mutex");
	m->magic = GVT_SHIM_MUTEX_DEAD;
}

bool mutex_is_locked(struct mutex *m)
{
	return m->locked;
}

void gvt_shim_assert_held(struct mutex *m)
{
	if (!m->locked)
		gvt_shim_mutex_bug(m, "expected to be held");
}
