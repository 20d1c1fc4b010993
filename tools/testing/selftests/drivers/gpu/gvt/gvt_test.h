/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Assertion helpers for the GVT-g selftests. Include once per test
 * program: it pulls in kselftest_harness.h.
 */
#ifndef GVT_TEST_H
#define GVT_TEST_H

#include "kselftest_harness.h"
#include "gvt_lib.h"

/* Assert that every type of @p reports @expect available instances. */
static inline void __gvt_assert_counts(struct __test_metadata *_metadata,
				       const struct gvt_parent *p,
				       const long *expect, const char *when)
{
	long got[GVT_MAX_TYPES];
	int i;

	ASSERT_EQ(0, gvt_counts(p, got));
	for (i = 0; i < p->nr_types; i++) {
		ASSERT_EQ(expect[i], got[i]) {
			TH_LOG("%s: %s %s available_instances", when,
			       p->name, p->types[i].name);
		}
	}
}

#define gvt_assert_counts(p, expect, when) \
	__gvt_assert_counts(_metadata, p, expect, when)

/* Assert that the counts of @p match the model for usage @u. */
static inline void __gvt_assert_model(struct __test_metadata *_metadata,
				      const struct gvt_parent *p,
				      const struct gvt_usage *u,
				      const char *when)
{
	long expect[GVT_MAX_TYPES];

	gvt_model_counts(p, u, expect);
	__gvt_assert_counts(_metadata, p, expect, when);
}

#define gvt_assert_model(p, u, when) \
	__gvt_assert_model(_metadata, p, u, when)

/*
 * main() of every test program: without a usable GVT-g parent the whole
 * program is skipped (exit 4), as kselftest expects for absent hardware.
 */
static inline int gvt_test_main(int argc, char **argv)
{
	static struct gvt_env env;
	const char *why;

	why = gvt_need(&env, 1);
	if (why)
		return ksft_exit_skip("%s\n", why);
	return test_harness_run(argc, argv);
}

#endif /* GVT_TEST_H */
