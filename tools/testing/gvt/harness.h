/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny test runner: TEST(name) { ... } registers a test case, ASSERT_*()
 * ends the case on failure, EXPECT_*() records the failure and goes on.
 */
#ifndef _GVT_TEST_HARNESS_H
#define _GVT_TEST_HARNESS_H

#include <linux/types.h>
#include <linux/compiler.h>

typedef void (*harness_fn)(void);

void harness_add(const char *name, harness_fn fn);
__printf(4, 5) void harness_fail(const char *file, int line, bool fatal,
				 const char *fmt, ...);

#define TEST(name)							\
	static void test_##name(void);					\
	static void __attribute__((constructor)) reg_##name(void)	\
	{								\
		harness_add(#name, test_##name);			\
	}								\
	static void test_##name(void)

#define __CHECK(fatal, cond)						\
	do {								\
		if (!(cond))						\
			harness_fail(__FILE__, __LINE__, fatal,		\
				     "%s", #cond);			\
	} while (0)

#define __CHECK_EQ(fatal, a, b)						\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (__a != __b)						\
			harness_fail(__FILE__, __LINE__, fatal,		\
				     "%s == %s: %lld (0x%llx) != %lld (0x%llx)", \
				     #a, #b, (long long)__a, __a,	\
				     (long long)__b, __b);		\
	} while (0)

#define ASSERT(cond)		__CHECK(true, cond)
#define EXPECT(cond)		__CHECK(false, cond)
#define ASSERT_EQ(a, b)		__CHECK_EQ(true, a, b)
#define EXPECT_EQ(a, b)		__CHECK_EQ(false, a, b)

/* Abort the current case with a message. */
#define FAIL(fmt, ...)							\
	harness_fail(__FILE__, __LINE__, true, fmt, ##__VA_ARGS__)

#endif /* _GVT_TEST_HARNESS_H */
