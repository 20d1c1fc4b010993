/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/string.h>: libc provides the mem*() and str*()
 * functions; strscpy() is added with its kernel semantics.
 */
#ifndef _GVT_SHIM_LINUX_STRING_H
#define _GVT_SHIM_LINUX_STRING_H

#include <string.h>

#include <linux/types.h>
#include <linux/errno.h>

/*
 * Copy the string @src into @dest of @size bytes, always NUL-terminated.
 * Return: the length copied, or -E2BIG when @src was truncated.
 */
static inline ssize_t strscpy(char *dest, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dest, src, size - 1);
		dest[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

#endif /* _GVT_SHIM_LINUX_STRING_H */
