// SPDX-License-Identifier: GPL-2.0-only
/*
 * State behind the shim headers: allocation counting and failure
 * injection, the printk capture buffer and the checking mutex; and no-op
 * versions of the core's debugfs hooks (debugfs.c is kernel only).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gvt_internal.h"

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
	/* Like slab poisoning: uninitialised memory never reads as 0. */
	if (!(flags & __GFP_ZERO))
		memset(p, GVT_SHIM_POISON, size);
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

/*
 * Large allocations (register files, GGTT copies) come from their own
 * mappings, like vmalloc: untouched pages cost nothing, so tests that
 * create thousands of vGPUs stay fast. The block ends at a PROT_NONE guard
 * page and starts after another, so an overrun faults at once even though
 * the sanitizer does not see these blocks.
 *
 * A freed mapping is made PROT_NONE (a use after free faults) and kept,
 * up to SHIM_BIG_SPARE of them: an allocation of the same size that is
 * poisoned anyway (not __GFP_ZERO) takes it back, without faulting in
 * its pages again. A zeroed allocation gets a fresh mapping: its pages
 * cost nothing until touched.
 *
 * gvt_shim_big_alloc_hook and gvt_shim_big_free_hook, when set (by the
 * fuzzer's store tracker), see each large block once it is filled and
 * before it is freed.
 */
#define SHIM_BIG		(64 * 1024)
#define SHIM_BIG_MAX		256
#define SHIM_BIG_SPARE		8

struct shim_big_map {
	void *map;
	size_t len;
	const void *ptr;
};

void (*gvt_shim_big_alloc_hook)(void *p, size_t size, bool zeroed);
void (*gvt_shim_big_free_hook)(const void *p);

static struct shim_big_map shim_big[SHIM_BIG_MAX];
static struct shim_big_map shim_spare[SHIM_BIG_SPARE];

static size_t shim_page(void)
{
	static size_t page;

	if (!page)
		page = sysconf(_SC_PAGESIZE);
	return page;
}

static void shim_protect(void *map, size_t len, int prot)
{
	if (mprotect((char *)map + shim_page(), len - 2 * shim_page(), prot)) {
		fprintf(stderr, "shim: mprotect: out of memory\n");
		abort();
	}
}

/* A spare mapping of @len bytes, made accessible again, or NULL. */
static void *shim_spare_take(size_t len)
{
	unsigned int i;
	void *map;

	for (i = 0; i < SHIM_BIG_SPARE; i++) {
		if (shim_spare[i].map && shim_spare[i].len == len) {
			map = shim_spare[i].map;
			shim_spare[i].map = NULL;
			shim_protect(map, len, PROT_READ | PROT_WRITE);
			return map;
		}
	}
	return NULL;
}

static void shim_spare_put(void *map, size_t len)
{
	static unsigned int next;
	struct shim_big_map *s = &shim_spare[next++ % SHIM_BIG_SPARE];

	if (s->map)
		munmap(s->map, s->len);
	shim_protect(map, len, PROT_NONE);
	s->map = map;
	s->len = len;
}

static void *shim_big_alloc(size_t size, bool zero)
{
	size_t page = shim_page();
	size_t data = (size + page - 1) & ~(page - 1);
	size_t len = data + 2 * page;
	unsigned int i;
	char *map;

	for (i = 0; i < SHIM_BIG_MAX && shim_big[i].map; i++)
		;
	if (i == SHIM_BIG_MAX) {
		fprintf(stderr, "shim: too many large allocations\n");
		abort();
	}
	map = zero ? NULL : shim_spare_take(len);
	if (!map) {
		map = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "shim: out of memory (%zu bytes)\n",
				size);
			abort();
		}
		shim_protect(map, len, PROT_READ | PROT_WRITE);
	}
	shim_big[i].map = map;
	shim_big[i].len = len;
	/* Right-aligned (8 bytes) against the trailing guard page. */
	shim_big[i].ptr = map + page + ((data - size) & ~(size_t)7);
	return (void *)shim_big[i].ptr;
}

static bool shim_big_free(const void *ptr)
{
	unsigned int i;

	for (i = 0; i < SHIM_BIG_MAX; i++) {
		if (shim_big[i].map && shim_big[i].ptr == ptr) {
			shim_spare_put(shim_big[i].map, shim_big[i].len);
			shim_big[i].map = NULL;
			return true;
		}
	}
	return false;
}

void *kvmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (size < SHIM_BIG)
		return kmalloc(size, flags);
	gvt_shim_alloc_calls++;
	if (gvt_shim_fail_nth && gvt_shim_alloc_calls == gvt_shim_fail_nth) {
		gvt_shim_fail_hit = true;
		return NULL;
	}
	gvt_shim_live_allocs++;
	/*
	 * Fresh anonymous pages are zero: __GFP_ZERO comes for free, and
	 * anything else is poisoned (which touches every page).
	 */
	p = shim_big_alloc(size, flags & __GFP_ZERO);
	if (!(flags & __GFP_ZERO))
		memset(p, GVT_SHIM_POISON, size);
	if (gvt_shim_big_alloc_hook)
		gvt_shim_big_alloc_hook(p, size, flags & __GFP_ZERO);
	return p;
}

void kvfree(const void *ptr)
{
	if (!ptr)
		return;
	if (gvt_shim_big_free_hook)
		gvt_shim_big_free_hook(ptr);
	if (shim_big_free(ptr))
		gvt_shim_live_allocs--;
	else
		kfree(ptr);
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

unsigned int gvt_shim_warnings;

void gvt_shim_wait_deadlock(const char *cond)
{
	fprintf(stderr, "shim: wait_event(%s) would never return\n", cond);
	abort();
}

/* debugfs does not exist here: the hooks of core/debugfs.c do nothing. */
void gvt_debugfs_init(void)
{
}

void gvt_debugfs_exit(void)
{
}

void gvt_debugfs_device_add(struct gvt_device *gvt)
{
}

void gvt_debugfs_device_remove(struct gvt_device *gvt)
{
}

void gvt_debugfs_vgpu_add(struct gvt_vgpu *vgpu)
{
}

void gvt_debugfs_vgpu_remove(struct gvt_vgpu *vgpu)
{
}

void gvt_shim_spin_lock(spinlock_t *l)
{
	if (l->locked) {
		fprintf(stderr, "shim: recursive spin_lock\n");
		abort();
	}
	l->locked = true;
}

void gvt_shim_spin_unlock(spinlock_t *l)
{
	if (!l->locked) {
		fprintf(stderr, "shim: spin_unlock of a free lock\n");
		abort();
	}
	l->locked = false;
}

/*
 * The core's completion work item (work.c is kernel only): a kick is
 * counted; a test runs the work with gvt_sched_work() when it wants, as
 * a workqueue would later.
 */
unsigned long gvt_shim_work_kicks;

int gvt_work_init(struct gvt_device *gvt)
{
	return 0;
}

void gvt_work_fini(struct gvt_device *gvt)
{
}

void gvt_work_kick(struct gvt_device *gvt)
{
	gvt_shim_work_kicks++;
}

/*
 * The vblank timer (vblank_timer.c is kernel only): a kick is counted; a
 * test ticks with gvt_vblank_device_tick() when it wants, as the timer
 * would every period.
 */
unsigned long gvt_shim_vblank_kicks;

/* The clock of ktime_get_ns() (linux/timekeeping.h). */
u64 gvt_shim_now_ns;

int gvt_vblank_timer_init(struct gvt_device *gvt)
{
	return 0;
}

void gvt_vblank_timer_stop(struct gvt_device *gvt)
{
}

void gvt_vblank_timer_fini(struct gvt_device *gvt)
{
}

void gvt_vblank_timer_kick(struct gvt_device *gvt)
{
	gvt_shim_vblank_kicks++;
}
