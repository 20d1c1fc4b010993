/* SPDX-License-Identifier: GPL-2.0-only */
/* Timing helpers shared by the userspace benchmarks. */
#ifndef _GVT_TEST_BENCH_UTIL_H
#define _GVT_TEST_BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>
#include <linux/types.h>

static inline u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n samples (sorts them). */
static inline u64 median(u64 *samples, unsigned int n)
{
	qsort(samples, n, sizeof(*samples), cmp_u64);
	return samples[n / 2];
}

#endif /* _GVT_TEST_BENCH_UTIL_H */
