/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the GVT core test cases: tracked devices, resource
 * snapshots, invariant checks and fake frontends.
 */
#ifndef _GVT_TEST_H
#define _GVT_TEST_H

#include "gvt_internal.h"
#include "fake_host.h"
#include "harness.h"

#define MiB(x)		((u64)(x) << 20)
#define GiB(x)		((u64)(x) << 30)
#define PAGES(bytes)	((u64)(bytes) >> GVT_GTT_PAGE_SHIFT)

/* A fake host with the GVT device registered on it. */
struct tdev {
	struct fake_host host;
	struct gvt_device *gvt;
};

/*
 * Register a device on a fresh fake host (ASSERTs success). The device is
 * tracked: a case that fails half-way has it unregistered by the runner.
 */
struct gvt_device *tdev_new(struct tdev *t, u64 aperture_mb, u64 ggtt_mb,
			    unsigned int num_fences, bool track_ggtt);
void tdev_del(struct tdev *t);

/* The offered type called @name, or NULL. */
const struct gvt_type *tdev_type(struct gvt_device *gvt, const char *name);

/* Resource accounting of a device, comparable with memcmp(). */
struct gvt_state {
	u64 low_free;
	u64 high_free;
	unsigned int fences_free;
	unsigned int num_vgpus;
	unsigned long fences_used[BITS_TO_LONGS(GVT_MAX_FENCES)];
	unsigned long ids_used[BITS_TO_LONGS(GVT_MAX_VGPU)];
	unsigned int avail[GVT_NUM_TYPES];
	unsigned int nlow;
	unsigned int nhigh;
	u64 low[GVT_MAX_VGPU][2];
	u64 high[GVT_MAX_VGPU][2];
	long live_allocs;
};

void state_get(struct gvt_device *gvt, struct gvt_state *st);
#define ASSERT_STATE_EQ(a, b)	ASSERT(!memcmp(a, b, sizeof(struct gvt_state)))

/*
 * Check the partition of @gvt: every vGPU inside its windows, nothing
 * overlapping, ids and fences distinct, bitmaps and free counts consistent.
 */
void check_partition(struct gvt_device *gvt);
/*
 * For every type, gvt_type_available() equals the number of creates that
 * then succeed; the state is restored afterwards. Also runs
 * check_partition().
 */
void check_available_exact(struct gvt_device *gvt);

/* Creates @type, ASSERTs success. */
struct gvt_vgpu *vgpu_new(struct gvt_device *gvt, const struct gvt_type *type);

/* Fake frontends; each has its own callbacks, so a test can use several. */
#define FAKE_FES	5

struct fake_fe {
	struct gvt_frontend fe;
	int added_ret;			/* what device_added returns */
	bool create_vgpu;		/* device_added creates a vGPU */
	unsigned int n_added;		/* device_added calls */
	unsigned int n_removed;		/* device_removed calls */
	unsigned int n_bogus;		/* removed without added, added twice */
	unsigned int n_attached;
	struct gvt_device *attached[8];
	struct gvt_vgpu *vgpu[8];
	unsigned int locks_held;	/* shim mutexes held in the last call */
};

extern struct fake_fe fake_fes[FAKE_FES];

/* Reset fake frontend @i (must not be registered). */
struct fake_fe *fake_fe_get(unsigned int i);
bool fake_fe_is_attached(const struct fake_fe *f, struct gvt_device *gvt);

/* Called by the runner after every case; returns false on leftovers. */
bool gvt_test_cleanup(void);

/* Deterministic PRNG for the random walks. */
u64 test_rand(u64 *state);

#endif /* _GVT_TEST_H */
