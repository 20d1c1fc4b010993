// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of vGPU creation and destruction: ids, resources, exhaustion,
 * argument checks and scrubbing of the host state.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

#include "gvt_test.h"

static unsigned int vgpu_id(struct gvt_vgpu *vgpu)
{
	struct gvt_vgpu_resources res;

	gvt_vgpu_get_resources(vgpu, &res);
	return res.id;
}

TEST(vgpu_ids)
{
	const struct gvt_type *type;
	struct gvt_vgpu *v[GVT_MAX_VGPU];
	struct gvt_device *gvt;
	struct gvt_vgpu *extra;
	struct tdev t;
	unsigned int i;

	gvt = tdev_new(&t, 1024, 4096, 32, false);
	type = tdev_type(gvt, "GVTg_V5_8");
	ASSERT_EQ(gvt_type_available(gvt, type), GVT_MAX_VGPU - 1);
	for (i = 1; i < GVT_MAX_VGPU; i++) {
		v[i] = vgpu_new(gvt, type);
		EXPECT_EQ(vgpu_id(v[i]), i);
	}
	extra = gvt_vgpu_create(gvt, type);
	EXPECT_EQ(PTR_ERR(extra), -ENOSPC);

	/* Freed ids are reused, lowest first; 0 never shows up. */
	gvt_vgpu_destroy(v[5]);
	gvt_vgpu_destroy(v[2]);
	v[2] = vgpu_new(gvt, type);
	EXPECT_EQ(vgpu_id(v[2]), 2);
	v[5] = vgpu_new(gvt, type);
	EXPECT_EQ(vgpu_id(v[5]), 5);
	check_partition(gvt);
	for (i = 1; i < GVT_MAX_VGPU; i++)
		gvt_vgpu_destroy(v[i]);

	/* Cycle one id through many lifetimes. */
	for (i = 0; i < 100; i++) {
		extra = vgpu_new(gvt, type);
		EXPECT_EQ(vgpu_id(extra), 1);
		gvt_vgpu_destroy(extra);
	}
	EXPECT_EQ(gvt->ids_used[0], 1);
	tdev_del(&t);
}

static const u64 apertures_mb[] = { 256, 512, 1024, 2048 };

/* Fill the device with @type until it refuses. */
static unsigned int fill(struct gvt_device *gvt, const struct gvt_type *type,
			 struct gvt_vgpu **v)
{
	struct gvt_state before, after;
	unsigned int n = 0, avail;
	struct gvt_vgpu *vgpu;

	avail = gvt_type_available(gvt, type);
	for (;;) {
		state_get(gvt, &before);
		vgpu = gvt_vgpu_create(gvt, type);
		if (IS_ERR(vgpu))
			break;
		ASSERT(n < GVT_MAX_VGPU - 1);
		v[n++] = vgpu;
		check_partition(gvt);
	}
	/* The failed create changed nothing. */
	EXPECT_EQ(PTR_ERR(vgpu), -ENOSPC);
	state_get(gvt, &after);
	ASSERT_STATE_EQ(&before, &after);
	EXPECT_EQ(n, avail);
	EXPECT_EQ(gvt_type_available(gvt, type), 0);
	return n;
}

TEST(vgpu_resources_and_exhaustion)
{
	struct gvt_vgpu *v[GVT_MAX_VGPU];
	struct gvt_state empty, now;
	unsigned int a, i, n;

	for (a = 0; a < ARRAY_SIZE(apertures_mb); a++) {
		struct gvt_device *gvt;
		struct tdev t;

		gvt = tdev_new(&t, apertures_mb[a], 4096, 32, false);
		state_get(gvt, &empty);
		for (i = 0; i < gvt_device_num_types(gvt); i++) {
			n = fill(gvt, gvt_device_type(gvt, i), v);
			EXPECT(n > 0);
			while (n)
				gvt_vgpu_destroy(v[--n]);
			state_get(gvt, &now);
			ASSERT_STATE_EQ(&empty, &now);
		}
		/* Mixed: one of each type, then fill with the smallest. */
		n = 0;
		for (i = 0; i < gvt_device_num_types(gvt); i++) {
			struct gvt_vgpu *vgpu;

			vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, i));
			if (!IS_ERR(vgpu))
				v[n++] = vgpu;
		}
		check_available_exact(gvt);
		n += fill(gvt, gvt_device_type(gvt, 0), v + n);
		check_available_exact(gvt);
		while (n)
			gvt_vgpu_destroy(v[--n]);
		state_get(gvt, &now);
		ASSERT_STATE_EQ(&empty, &now);
		tdev_del(&t);
	}
}

struct exhaust_case {
	const char *what;
	u64 aperture_mb;
	u64 ggtt_mb;
	unsigned int fences;
	const char *type;
	unsigned int count;
};

/* Each resource in turn is the one that runs out. */
static const struct exhaust_case exhaust[] = {
	{ "ids, fences and hidden", 1024, 4096, 32, "GVTg_V5_8", 7 },
	{ "aperture", 256, 4096, 32, "GVTg_V5_8", 2 },
	{ "hidden", 1024, 2048, 32, "GVTg_V5_8", 1 },
	{ "fences", 1024, 4096, 16, "GVTg_V5_8", 3 },
	{ "fences (11)", 2048, 4096, 11, "GVTg_V5_4", 1 },
};

TEST(vgpu_exhaust_each_resource)
{
	struct gvt_vgpu *v[GVT_MAX_VGPU];
	struct gvt_state empty, now;
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(exhaust); i++) {
		const struct exhaust_case *e = &exhaust[i];
		struct gvt_device *gvt;
		struct tdev t;

		gvt = tdev_new(&t, e->aperture_mb, e->ggtt_mb, e->fences,
			       false);
		state_get(gvt, &empty);
		n = fill(gvt, tdev_type(gvt, e->type), v);
		if (n != e->count)
			harness_fail(__FILE__, __LINE__, false,
				     "%s: %u vGPUs, want %u", e->what, n,
				     e->count);
		while (n)
			gvt_vgpu_destroy(v[--n]);
		state_get(gvt, &now);
		ASSERT_STATE_EQ(&empty, &now);
		tdev_del(&t);
	}
}

TEST(vgpu_create_rejects_foreign_type)
{
	struct gvt_device *small, *big;
	struct gvt_type copy;
	struct gvt_state st, st2;
	struct tdev ts, tb;
	unsigned long calls;

	small = tdev_new(&ts, 256, 4096, 32, false);
	big = tdev_new(&tb, 1024, 4096, 32, false);
	state_get(small, &st);
	calls = gvt_shim_alloc_calls;

	EXPECT_EQ(PTR_ERR(gvt_vgpu_create(small, NULL)), -EINVAL);
	/* V5_2 and V5_1 exist on the big device only. */
	EXPECT_EQ(PTR_ERR(gvt_vgpu_create(small,
					  tdev_type(big, "GVTg_V5_2"))),
		  -EINVAL);
	EXPECT_EQ(PTR_ERR(gvt_vgpu_create(small,
					  tdev_type(big, "GVTg_V5_1"))),
		  -EINVAL);
	/* A type that looks right but is not one of the device's. */
	copy = *gvt_device_type(small, 0);
	EXPECT_EQ(PTR_ERR(gvt_vgpu_create(small, &copy)), -EINVAL);
	EXPECT_EQ(gvt_shim_alloc_calls, calls);
	state_get(small, &st2);
	ASSERT_STATE_EQ(&st, &st2);
	tdev_del(&tb);
	tdev_del(&ts);
}

TEST(vgpu_get_resources)
{
	struct gvt_vgpu_resources res;
	struct gvt_device *gvt;
	struct gvt_vgpu *a, *b;
	struct tdev t;

	gvt = tdev_new(&t, 512, 4096, 32, false);
	a = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_2"));
	b = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	memset(&res, 0xa5, sizeof(res));
	gvt_vgpu_get_resources(b, &res);
	EXPECT_EQ(res.id, 2);
	/* First fit, right above the host's share and the first vGPU. */
	EXPECT_EQ(res.low_gm_base, MiB(128 + 256));
	EXPECT_EQ(res.low_gm_size, MiB(64));
	EXPECT_EQ(res.high_gm_base, MiB(512 + 384 + 1024));
	EXPECT_EQ(res.high_gm_size, MiB(384));
	EXPECT_EQ(res.num_fences, 4);
	EXPECT_EQ(res.fences[0], 8);
	EXPECT_EQ(res.fences[3], 11);
	EXPECT_EQ(res.fences[4], 0);
	EXPECT_EQ(res.fences[GVT_MAX_FENCES - 1], 0);
	gvt_vgpu_get_resources(a, &res);
	EXPECT_EQ(res.id, 1);
	EXPECT_EQ(res.low_gm_base, MiB(128));
	EXPECT_EQ(res.high_gm_base, MiB(512 + 384));
	EXPECT_EQ(res.fences[0], 4);
	gvt_vgpu_destroy(a);
	gvt_vgpu_destroy(b);
	tdev_del(&t);
}

static u64 slice_entries(const struct gvt_vgpu_resources *r, bool high)
{
	return PAGES(high ? r->high_gm_size : r->low_gm_size);
}

/*
 * The GGTT holds garbage except in @n slices, which are scratch; fences of
 * those vGPUs are 0, every other fence still holds its garbage.
 */
static void check_host(const struct fake_host *host,
		       const struct gvt_vgpu_resources *res, unsigned int n)
{
	u64 fence_mask = 0, pos = 0, next, end;
	unsigned int i, j, k;

	for (i = 0; i < n; i++)
		for (j = 0; j < res[i].num_fences; j++)
			fence_mask |= 1ULL << res[i].fences[j];
	for (i = 0; i < GVT_MAX_FENCES; i++) {
		if (fence_mask & (1ULL << i))
			EXPECT_EQ(host->fences[i], 0);
		else
			EXPECT_EQ(host->fences[i], FAKE_FENCE_GARBAGE(i));
	}
	/* Walk the GGTT in address order, slice by slice. */
	for (;;) {
		const struct gvt_vgpu_resources *r = NULL;
		bool high = false;

		next = host->ggtt_entries;
		for (k = 0; k < 2 * n; k++) {
			u64 s = PAGES(k & 1 ? res[k / 2].high_gm_base :
				      res[k / 2].low_gm_base);

			if (s >= pos && s < next) {
				next = s;
				r = &res[k / 2];
				high = k & 1;
			}
		}
		ASSERT(fake_host_ggtt_is_garbage(host, pos, next - pos));
		if (!r)
			break;
		end = next + slice_entries(r, high);
		ASSERT(fake_host_ggtt_is(host, next, end - next,
					 FAKE_SCRATCH_PTE));
		pos = end;
	}
}

TEST(vgpu_scrub_create_destroy)
{
	struct gvt_vgpu_resources res[3];
	struct gvt_vgpu *v[3];
	struct gvt_device *gvt;
	struct fake_host *host;
	struct tdev t;

	gvt = tdev_new(&t, 512, 4096, 32, true);
	host = &t.host;
	fake_host_fill_garbage(host);
	v[0] = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_4"));
	gvt_vgpu_get_resources(v[0], &res[0]);
	check_host(host, res, 1);

	v[1] = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v[1], &res[1]);
	check_host(host, res, 2);

	/* The guest of v[0] and v[1] programmed their slices. */
	fake_host_fill_garbage(host);
	gvt_vgpu_destroy(v[0]);
	check_host(host, res, 1);

	/* A new vGPU lands in the hole and starts from scratch. */
	fake_host_fill_garbage(host);
	v[2] = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v[2], &res[2]);
	EXPECT_EQ(res[2].low_gm_base, res[0].low_gm_base);
	EXPECT_EQ(res[2].fences[0], res[0].fences[0]);
	check_host(host, res + 2, 1);

	fake_host_fill_garbage(host);
	gvt_vgpu_destroy(v[1]);
	gvt_vgpu_destroy(v[2]);
	res[0] = res[2];
	check_host(host, res, 2);
	EXPECT_EQ(host->bad_calls, 0);
	tdev_del(&t);
}

TEST(vgpu_scrub_calls)
{
	struct gvt_vgpu_resources res;
	const struct fake_call *c;
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu = NULL;
	unsigned int i, pass;
	struct tdev t;

	gvt = tdev_new(&t, 1024, 4096, 32, false);
	for (pass = 0; pass < 2; pass++) {
		fake_host_log_reset(&t.host);
		if (!pass) {
			vgpu = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_1"));
			gvt_vgpu_get_resources(vgpu, &res);
		} else {
			gvt_vgpu_destroy(vgpu);
		}
		/* Two GGTT ranges and four fences, nothing else. */
		ASSERT_EQ(t.host.nlog, 2 + res.num_fences);
		c = t.host.log;
		EXPECT_EQ(c[0].kind, FAKE_CALL_GGTT_CLEAR);
		EXPECT_EQ(c[0].a, PAGES(res.low_gm_base));
		EXPECT_EQ(c[0].b, PAGES(res.low_gm_size));
		EXPECT_EQ(c[1].kind, FAKE_CALL_GGTT_CLEAR);
		EXPECT_EQ(c[1].a, PAGES(res.high_gm_base));
		EXPECT_EQ(c[1].b, PAGES(res.high_gm_size));
		for (i = 0; i < res.num_fences; i++) {
			EXPECT_EQ(c[2 + i].kind, FAKE_CALL_FENCE_WRITE);
			EXPECT_EQ(c[2 + i].a, res.fences[i]);
			EXPECT_EQ(c[2 + i].b, 0);
		}
	}
	/* Every callback ran under the device lock, within range. */
	EXPECT_EQ(t.host.bad_calls, 0);
	tdev_del(&t);
}

TEST(vgpu_null_host_ops)
{
	struct gvt_vgpu *v[GVT_MAX_VGPU];
	struct gvt_device *gvt;
	struct fake_host host;
	unsigned int i;

	fake_host_init(&host, 1024, 4096, 32, false);
	gvt = gvt_device_register(&host.info, &fake_host_null_ops, &host);
	ASSERT(!IS_ERR(gvt));
	for (i = 0; i < 3; i++)
		v[i] = vgpu_new(gvt, gvt_device_type(gvt, i));
	check_available_exact(gvt);
	gvt_vgpu_destroy(v[1]);
	check_available_exact(gvt);
	gvt_vgpu_destroy(v[0]);
	gvt_vgpu_destroy(v[2]);
	gvt_device_unregister(gvt);
	EXPECT_EQ(gvt_shim_live_allocs, 0);
}

/* Call @fn on @v in a child process; true if the child aborted. */
static bool aborts(void (*fn)(struct gvt_vgpu *v), struct gvt_vgpu *v)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		/* The shim reports the missing lock on stderr: keep quiet. */
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 2) < 0)
			_exit(2);
		fn(v);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void call_pvinfo_read(struct gvt_vgpu *v)
{
	gvt_pvinfo_read(v, GVT_PVINFO_OFFSET);
}

static void call_fence_read(struct gvt_vgpu *v)
{
	gvt_fence_read(v, GVT_FENCE_OFFSET);
}

static void call_ggtt_read(struct gvt_vgpu *v)
{
	u64 val;

	gvt_ggtt_read(v, 0, &val, 8);
}

static void call_ggtt_gm_read(struct gvt_vgpu *v)
{
	u32 dw;

	gvt_ggtt_gm_read(v, v->low.start, &dw, sizeof(dw));
}

static void call_mmio_reset(struct gvt_vgpu *v)
{
	gvt_mmio_reset(v);
}

static void call_enter_failsafe(struct gvt_vgpu *v)
{
	gvt_enter_failsafe(v, GVT_FAILSAFE_GUEST_ERR);
}

static void call_unmodelled_note(struct gvt_vgpu *v)
{
	gvt_unmodelled_note(v, 0x4, false);
}

static void call_release_resources(struct gvt_vgpu *v)
{
	gvt_vgpu_release_resources(v);
}

/*
 * Functions documented "@vgpu: locked" (or "with its device lock held")
 * assert it: called without the lock, the shim's lockdep_assert_held()
 * aborts, as lockdep would warn in the kernel.
 */
TEST(vgpu_locked_functions_assert_the_lock)
{
	static const struct {
		const char *name;
		void (*fn)(struct gvt_vgpu *v);
	} calls[] = {
		{ "gvt_pvinfo_read", call_pvinfo_read },
		{ "gvt_fence_read", call_fence_read },
		{ "gvt_ggtt_read", call_ggtt_read },
		{ "gvt_ggtt_gm_read", call_ggtt_gm_read },
		{ "gvt_mmio_reset", call_mmio_reset },
		{ "gvt_enter_failsafe", call_enter_failsafe },
		{ "gvt_unmodelled_note", call_unmodelled_note },
		{ "gvt_vgpu_release_resources", call_release_resources },
	};
	struct gvt_device *gvt;
	struct gvt_vgpu *v;
	unsigned int i;
	struct tdev t;

	gvt = tdev_new(&t, 256, 4096, 32, false);
	v = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		if (!aborts(calls[i].fn, v))
			harness_fail(__FILE__, __LINE__, false,
				     "%s ran without its lock", calls[i].name);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}
