// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the GVT core test cases.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gvt_test.h"

#define MAX_TRACKED	16

static struct tdev *tracked[MAX_TRACKED];

static void track(struct tdev *t)
{
	unsigned int i;

	for (i = 0; i < MAX_TRACKED; i++) {
		if (!tracked[i]) {
			tracked[i] = t;
			return;
		}
	}
	FAIL("too many devices");
}

static void untrack(struct tdev *t)
{
	unsigned int i;

	for (i = 0; i < MAX_TRACKED; i++)
		if (tracked[i] == t)
			tracked[i] = NULL;
}

struct gvt_device *tdev_start(struct tdev *t, const struct gvt_host_ops *ops)
{
	struct gvt_device *gvt;

	gvt = gvt_device_register(&t->host.info, ops, &t->host);
	if (IS_ERR(gvt)) {
		fake_host_fini(&t->host);
		FAIL("gvt_device_register(%llu MiB, %llu MiB, %u): %ld",
		     t->host.info.aperture_size >> 20,
		     t->host.info.ggtt_size >> 20, t->host.info.num_fences,
		     PTR_ERR(gvt));
	}
	t->gvt = gvt;
	t->host.lock = &gvt->lock;
	track(t);
	return gvt;
}

struct gvt_device *tdev_new(struct tdev *t, u64 aperture_mb, u64 ggtt_mb,
			    unsigned int num_fences, bool track_ggtt)
{
	fake_host_init(&t->host, aperture_mb, ggtt_mb, num_fences, track_ggtt);
	return tdev_start(t, &fake_host_ops);
}

void tdev_del(struct tdev *t)
{
	untrack(t);
	if (t->gvt)
		gvt_device_unregister(t->gvt);
	t->gvt = NULL;
	fake_host_fini(&t->host);
}

const struct gvt_type *tdev_type(struct gvt_device *gvt, const char *name)
{
	unsigned int i;

	for (i = 0; i < gvt_device_num_types(gvt); i++)
		if (!strcmp(gvt_device_type(gvt, i)->name, name))
			return gvt_device_type(gvt, i);
	return NULL;
}

static void ranges_get(const struct gvt_gm_pool *pool, u64 (*out)[2],
		       unsigned int *n)
{
	const struct gvt_gm_range *r;

	*n = 0;
	list_for_each_entry(r, &pool->used, link) {
		if (*n >= GVT_MAX_VGPU)
			FAIL("more ranges than vGPU ids");
		out[*n][0] = r->start;
		out[*n][1] = r->size;
		(*n)++;
	}
}

void state_get(struct gvt_device *gvt, struct gvt_state *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	st->low_free = gvt_gm_free_bytes(&gvt->low);
	st->high_free = gvt_gm_free_bytes(&gvt->high);
	st->fences_free = gvt_fences_free(gvt);
	st->num_vgpus = gvt->num_vgpus;
	memcpy(st->fences_used, gvt->fences_used, sizeof(st->fences_used));
	memcpy(st->ids_used, gvt->ids_used, sizeof(st->ids_used));
	for (i = 0; i < gvt_device_num_types(gvt); i++)
		st->avail[i] = gvt_type_available(gvt,
						  gvt_device_type(gvt, i));
	ranges_get(&gvt->low, st->low, &st->nlow);
	ranges_get(&gvt->high, st->high, &st->nhigh);
	st->live_allocs = gvt_shim_live_allocs;
}

static bool overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

void check_partition(struct gvt_device *gvt)
{
	const struct gvt_host_info *info = gvt_device_info(gvt);
	struct gvt_vgpu_resources res[GVT_MAX_VGPU];
	unsigned long ids = 1, fences = (1UL << GVT_HOST_FENCES) - 1;
	u64 low_used = 0, high_used = 0;
	struct gvt_vgpu *vgpu;
	unsigned int n = 0, i, j;

	ASSERT_EQ(gvt_shim_mutexes_held, 0);
	list_for_each_entry(vgpu, &gvt->vgpus, link) {
		struct gvt_vgpu_resources *r = &res[n];

		ASSERT(n < GVT_MAX_VGPU - 1);
		gvt_vgpu_get_resources(vgpu, r);
		ASSERT(r->id >= 1 && r->id < GVT_MAX_VGPU);
		ASSERT(!(ids & (1UL << r->id)));
		ids |= 1UL << r->id;
		ASSERT_EQ(r->low_gm_size, vgpu->type->low_gm_size);
		ASSERT_EQ(r->high_gm_size, vgpu->type->high_gm_size);
		ASSERT(r->low_gm_base >= GVT_HOST_LOW_GM_SIZE);
		ASSERT(r->low_gm_base + r->low_gm_size <= info->aperture_size);
		ASSERT(r->high_gm_base >=
		       info->aperture_size + GVT_HOST_HIGH_GM_SIZE);
		ASSERT(r->high_gm_base + r->high_gm_size <= info->ggtt_size);
		ASSERT(!(r->low_gm_base & (PAGES(MiB(1)) - 1)));
		ASSERT_EQ(r->num_fences, vgpu->type->fences);
		for (i = 0; i < r->num_fences; i++) {
			ASSERT(r->fences[i] >= GVT_HOST_FENCES);
			ASSERT(r->fences[i] < info->num_fences);
			ASSERT(!(fences & (1UL << r->fences[i])));
			fences |= 1UL << r->fences[i];
		}
		for (i = r->num_fences; i < GVT_MAX_FENCES; i++)
			ASSERT_EQ(r->fences[i], 0);
		for (j = 0; j < n; j++) {
			ASSERT(!overlap(r->low_gm_base, r->low_gm_size,
					res[j].low_gm_base,
					res[j].low_gm_size));
			ASSERT(!overlap(r->high_gm_base, r->high_gm_size,
					res[j].high_gm_base,
					res[j].high_gm_size));
		}
		low_used += r->low_gm_size;
		high_used += r->high_gm_size;
		n++;
	}
	ASSERT_EQ(gvt->num_vgpus, n);
	ASSERT_EQ(gvt->ids_used[0], ids);
	ASSERT_EQ(gvt->fences_used[0], fences);
	ASSERT_EQ(gvt_fences_free(gvt),
		  info->num_fences - bitmap_weight(&fences, GVT_MAX_FENCES));
	ASSERT_EQ(gvt_gm_free_bytes(&gvt->low),
		  info->aperture_size - GVT_HOST_LOW_GM_SIZE - low_used);
	ASSERT_EQ(gvt_gm_free_bytes(&gvt->high),
		  info->ggtt_size - info->aperture_size -
		  GVT_HOST_HIGH_GM_SIZE - high_used);
}

void check_available_exact(struct gvt_device *gvt)
{
	struct gvt_vgpu *made[GVT_MAX_VGPU];
	struct gvt_state before, after;
	const struct gvt_type *type;
	unsigned int t, avail, n;
	struct gvt_vgpu *vgpu;

	check_partition(gvt);
	state_get(gvt, &before);
	for (t = 0; t < gvt_device_num_types(gvt); t++) {
		type = gvt_device_type(gvt, t);
		avail = gvt_type_available(gvt, type);
		ASSERT(avail < GVT_MAX_VGPU);
		for (n = 0; ; n++) {
			vgpu = gvt_vgpu_create(gvt, type);
			if (IS_ERR(vgpu))
				break;
			ASSERT(n < GVT_MAX_VGPU - 1);
			made[n] = vgpu;
		}
		if (PTR_ERR(vgpu) != -ENOSPC || n != avail)
			harness_fail(__FILE__, __LINE__, false,
				     "%s: available %u, but %u creates succeeded, then %ld",
				     type->name, avail, n, PTR_ERR(vgpu));
		ASSERT_EQ(gvt_type_available(gvt, type), 0);
		check_partition(gvt);
		while (n)
			gvt_vgpu_destroy(made[--n]);
		state_get(gvt, &after);
		ASSERT_STATE_EQ(&before, &after);
	}
}

struct gvt_vgpu *vgpu_new(struct gvt_device *gvt, const struct gvt_type *type)
{
	struct gvt_vgpu *vgpu = gvt_vgpu_create(gvt, type);

	if (IS_ERR(vgpu))
		FAIL("gvt_vgpu_create(%s): %ld", type ? type->name : "NULL",
		     PTR_ERR(vgpu));
	return vgpu;
}

/*
 * The buffers are heap blocks of exactly @len bytes, so that the sanitizer
 * catches a core that reads or writes past the guest's access.
 */
static u8 *mmio_buf(unsigned int len)
{
	u8 *b = malloc(len ? len : 1);

	if (!b)
		FAIL("out of memory");
	return b;
}

int mmio_rd_ret(struct gvt_vgpu *v, u64 off, unsigned int len, u64 *val)
{
	u8 *b = mmio_buf(len);
	unsigned int i;
	int ret;

	memset(b, 0xee, len);
	ret = gvt_vgpu_mmio_read(v, off, b, len);
	*val = 0;
	for (i = 0; i < len && i < 8; i++)
		*val |= (u64)b[i] << (8 * i);
	free(b);
	return ret;
}

int mmio_wr_ret(struct gvt_vgpu *v, u64 off, unsigned int len, u64 val)
{
	u8 *b = mmio_buf(len);
	unsigned int i;
	int ret;

	memset(b, 0, len);
	for (i = 0; i < len && i < 8; i++)
		b[i] = val >> (8 * i);
	ret = gvt_vgpu_mmio_write(v, off, b, len);
	free(b);
	return ret;
}

u64 mmio_rd(struct gvt_vgpu *v, u64 off, unsigned int len)
{
	u64 val;
	int ret;

	ret = mmio_rd_ret(v, off, len, &val);
	if (ret)
		harness_fail(__FILE__, __LINE__, false,
			     "mmio read of %u bytes at 0x%llx: %d", len, off,
			     ret);
	if (gvt_shim_mutexes_held)
		harness_fail(__FILE__, __LINE__, false,
			     "mmio read at 0x%llx returned with %u locks held",
			     off, gvt_shim_mutexes_held);
	return val;
}

void mmio_wr(struct gvt_vgpu *v, u64 off, unsigned int len, u64 val)
{
	int ret;

	ret = mmio_wr_ret(v, off, len, val);
	if (ret)
		harness_fail(__FILE__, __LINE__, false,
			     "mmio write of %u bytes at 0x%llx: %d", len, off,
			     ret);
	if (gvt_shim_mutexes_held)
		harness_fail(__FILE__, __LINE__, false,
			     "mmio write at 0x%llx returned with %u locks held",
			     off, gvt_shim_mutexes_held);
}

void mtest_init(struct mtest *m, u64 aperture_mb, u64 ggtt_mb,
		const char *type_name, u64 hv_page, u64 hv_frames)
{
	memset(m, 0, sizeof(*m));
	m->gvt = tdev_new(&m->t, aperture_mb, ggtt_mb, 32, true);
	m->v = vgpu_new(m->gvt, tdev_type(m->gvt, type_name));
	gvt_vgpu_get_resources(m->v, &m->res);
	if (hv_frames) {
		fake_hv_init(&m->hv, &m->t.host, hv_page, MTEST_GFN_BASE,
			     hv_frames);
		fake_hv_attach(&m->hv, m->v);
	}
}

void mtest_fini(struct mtest *m)
{
	if (m->v)
		gvt_vgpu_destroy(m->v);
	m->v = NULL;
	if (m->hv.pins) {
		fake_hv_forget(&m->hv);
		EXPECT(fake_hv_balanced(&m->hv));
		fake_hv_fini(&m->hv);
	}
	EXPECT_EQ(m->t.host.bad_calls, 0);
	tdev_del(&m->t);
}

struct fake_fe fake_fes[FAKE_FES];

bool fake_fe_is_attached(const struct fake_fe *f, struct gvt_device *gvt)
{
	unsigned int i;

	for (i = 0; i < f->n_attached; i++)
		if (f->attached[i] == gvt)
			return true;
	return false;
}

static int fake_fe_added(struct fake_fe *f, struct gvt_device *gvt)
{
	struct gvt_vgpu *vgpu = NULL;

	f->n_added++;
	f->locks_held = gvt_shim_mutexes_held;
	if (fake_fe_is_attached(f, gvt) || f->n_attached >= 8) {
		f->n_bogus++;
		return -EBUSY;
	}
	if (f->added_ret)
		return f->added_ret;
	if (f->create_vgpu) {
		vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
		if (IS_ERR(vgpu))
			return PTR_ERR(vgpu);
	}
	f->vgpu[f->n_attached] = vgpu;
	f->attached[f->n_attached++] = gvt;
	return 0;
}

static void fake_fe_removed(struct fake_fe *f, struct gvt_device *gvt)
{
	unsigned int i;

	f->n_removed++;
	f->locks_held = gvt_shim_mutexes_held;
	for (i = 0; i < f->n_attached; i++) {
		if (f->attached[i] != gvt)
			continue;
		if (f->vgpu[i])
			gvt_vgpu_destroy(f->vgpu[i]);
		f->n_attached--;
		f->attached[i] = f->attached[f->n_attached];
		f->vgpu[i] = f->vgpu[f->n_attached];
		if (f->on_removed)
			f->on_removed(f, gvt);
		return;
	}
	f->n_bogus++;
}

/* Callbacks get no frontend pointer: one set of functions per fake. */
#define FAKE_FE_CALLBACKS(i)						\
static struct fake_fe *fake_fe##i##_self(void)				\
{									\
	return &fake_fes[i];						\
}									\
static int fake_fe##i##_added(struct gvt_device *gvt)			\
{									\
	return fake_fe_added(fake_fe##i##_self(), gvt);			\
}									\
static void fake_fe##i##_removed(struct gvt_device *gvt)		\
{									\
	fake_fe_removed(fake_fe##i##_self(), gvt);			\
}

FAKE_FE_CALLBACKS(0)
FAKE_FE_CALLBACKS(1)
FAKE_FE_CALLBACKS(2)
FAKE_FE_CALLBACKS(3)
FAKE_FE_CALLBACKS(4)

static int (*const fake_fe_add_fns[FAKE_FES])(struct gvt_device *) = {
	fake_fe0_added, fake_fe1_added, fake_fe2_added, fake_fe3_added,
	fake_fe4_added,
};

static void (*const fake_fe_rm_fns[FAKE_FES])(struct gvt_device *) = {
	fake_fe0_removed, fake_fe1_removed, fake_fe2_removed,
	fake_fe3_removed, fake_fe4_removed,
};

static const char *const fake_fe_names[FAKE_FES] = {
	"fake_fe0", "fake_fe1", "fake_fe2", "fake_fe3", "fake_fe4",
};

static bool fake_fe_registered[FAKE_FES];

struct fake_fe *fake_fe_get(unsigned int i)
{
	struct fake_fe *f = &fake_fes[i];

	memset(f, 0, sizeof(*f));
	f->fe.name = fake_fe_names[i];
	f->fe.device_added = fake_fe_add_fns[i];
	f->fe.device_removed = fake_fe_rm_fns[i];
	fake_fe_registered[i] = true;
	return f;
}

bool gvt_test_cleanup(void)
{
	bool clean = true;
	unsigned int i;

	for (i = 0; i < FAKE_FES; i++) {
		if (!fake_fe_registered[i])
			continue;
		/* Unregistering an unregistered frontend is a no-op. */
		gvt_frontend_unregister(&fake_fes[i].fe);
		fake_fe_registered[i] = false;
	}
	/*
	 * A device the case forgot is reported, not unregistered: its fake
	 * host lived in the case's stack frame, which is gone.
	 */
	for (i = 0; i < MAX_TRACKED; i++) {
		if (!tracked[i])
			continue;
		fprintf(stderr, "  device left registered\n");
		clean = false;
		tracked[i] = NULL;
	}
	if (!clean)
		return false;
	gvt_shim_log_clear();
	gvt_registry_exit();
	if (gvt_shim_log_errors) {
		fprintf(stderr, "  registry not empty: %s", gvt_shim_log());
		clean = false;
	}
	gvt_shim_log_clear();
	gvt_shim_fail_after(0);
	if (gvt_shim_mutexes_held) {
		fprintf(stderr, "  %u mutexes still held\n",
			gvt_shim_mutexes_held);
		clean = false;
	}
	if (gvt_shim_live_allocs) {
		fprintf(stderr, "  %ld allocations leaked\n",
			gvt_shim_live_allocs);
		clean = false;
	}
	return clean;
}

u64 test_rand(u64 *state)
{
	u64 x = *state;

	/* xorshift64* */
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}
