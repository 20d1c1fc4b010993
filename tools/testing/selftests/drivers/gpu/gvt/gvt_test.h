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

/*
 * A fixture's VFIO device opened (asserted by each test rather than in the
 * setup, so that the teardown still removes the vGPU).
 */
static inline void __gvt_assert_open(struct __test_metadata *_metadata,
				     int open_err, const char *uuid)
{
	ASSERT_EQ(0, open_err) {
		TH_LOG("opening %s through VFIO: %s", uuid,
		       strerror(-open_err));
	}
}

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
 * BAR0 accessors for test bodies: the access itself must succeed (an
 * ASSERT names the offset), the value is returned.
 */
static inline uint32_t __gvt_rd32(struct __test_metadata *_metadata,
				  const struct gvt_vfio *v, uint64_t off)
{
	uint32_t val = 0;
	int ret = gvt_bar0_read32(v, off, &val);

	ASSERT_EQ(0, ret) {
		TH_LOG("BAR0 4-byte read at %#llx: %s",
		       (unsigned long long)off, strerror(-ret));
	}
	return val;
}

static inline uint64_t __gvt_rd64(struct __test_metadata *_metadata,
				  const struct gvt_vfio *v, uint64_t off)
{
	uint64_t val = 0;
	int ret = gvt_bar0_read64(v, off, &val);

	ASSERT_EQ(0, ret) {
		TH_LOG("BAR0 8-byte read at %#llx: %s",
		       (unsigned long long)off, strerror(-ret));
	}
	return val;
}

static inline void __gvt_wr32(struct __test_metadata *_metadata,
			      const struct gvt_vfio *v, uint64_t off,
			      uint32_t val)
{
	int ret = gvt_bar0_write32(v, off, val);

	ASSERT_EQ(0, ret) {
		TH_LOG("BAR0 4-byte write of %#x at %#llx: %s", val,
		       (unsigned long long)off, strerror(-ret));
	}
}

static inline void __gvt_wr64(struct __test_metadata *_metadata,
			      const struct gvt_vfio *v, uint64_t off,
			      uint64_t val)
{
	int ret = gvt_bar0_write64(v, off, val);

	ASSERT_EQ(0, ret) {
		TH_LOG("BAR0 8-byte write of %#llx at %#llx: %s",
		       (unsigned long long)val, (unsigned long long)off,
		       strerror(-ret));
	}
}

#define rd32(v, off)		__gvt_rd32(_metadata, v, off)
#define rd64(v, off)		__gvt_rd64(_metadata, v, off)
#define wr32(v, off, val)	__gvt_wr32(_metadata, v, off, val)
#define wr64(v, off, val)	__gvt_wr64(_metadata, v, off, val)

/* Errno of a BAR access that must fail: -errno, or 0 if it succeeded. */
static inline int gvt_bar_errno(const struct gvt_vfio *v, unsigned int bar,
				uint64_t off, size_t len, bool write)
{
	unsigned char buf[16] = { 0 };

	return gvt_vfio_rw(v, bar, off, buf, len, write);
}

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
