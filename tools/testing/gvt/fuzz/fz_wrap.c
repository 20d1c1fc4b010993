// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_vgpu's link wraps ASan's memset(), memcpy() and memmove() (what
 * the instrumented core calls for its bulk writes, see fz_track.c): each
 * tells the store tracker what it wrote before or after doing it.
 */
#include "fz.h"

void *__real___asan_memset(void *p, int c, size_t n);
void *__real___asan_memcpy(void *dst, const void *src, size_t n);
void *__real___asan_memmove(void *dst, const void *src, size_t n);
void *__wrap___asan_memset(void *p, int c, size_t n);
void *__wrap___asan_memcpy(void *dst, const void *src, size_t n);
void *__wrap___asan_memmove(void *dst, const void *src, size_t n);

void *__wrap___asan_memset(void *p, int c, size_t n)
{
	void *ret = __real___asan_memset(p, c, n);

	fz_track_set(p, c & 0xff, n);
	return ret;
}

void *__wrap___asan_memcpy(void *dst, const void *src, size_t n)
{
	fz_track_write(dst, n);
	return __real___asan_memcpy(dst, src, n);
}

void *__wrap___asan_memmove(void *dst, const void *src, size_t n)
{
	fz_track_write(dst, n);
	return __real___asan_memmove(dst, src, n);
}
