// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of device registration, the vGPU type table and availability.
 */
#include <stdio.h>

#include "gvt_test.h"

struct type_row {
	const char *name;
	u64 low_mb;
	u64 high_mb;
	unsigned int fences;
	unsigned int weight;
	unsigned int xres;
	unsigned int yres;
};

/* gvt-facts.md section 2: the ABI of the Gen9 types. */
static const struct type_row gen9_types[] = {
	{ "GVTg_V5_8", 64, 384, 4, 2, 1024, 768 },
	{ "GVTg_V5_4", 128, 512, 4, 4, 1920, 1200 },
	{ "GVTg_V5_2", 256, 1024, 4, 8, 1920, 1200 },
	{ "GVTg_V5_1", 512, 2048, 4, 16, 1920, 1200 },
};

TEST(types_table)
{
	struct gvt_device *gvt;
	struct tdev t;
	unsigned int i;

	gvt = tdev_new(&t, 1024, 4096, 32, false);
	ASSERT_EQ(gvt_device_num_types(gvt), 4);
	for (i = 0; i < 4; i++) {
		const struct gvt_type *type = gvt_device_type(gvt, i);
		const struct type_row *row = &gen9_types[i];

		ASSERT(type);
		EXPECT(!strcmp(type->name, row->name));
		EXPECT_EQ(type->low_gm_size, MiB(row->low_mb));
		EXPECT_EQ(type->high_gm_size, MiB(row->high_mb));
		EXPECT_EQ(type->fences, row->fences);
		EXPECT_EQ(type->weight, row->weight);
		EXPECT_EQ(type->weight * (1U << (3 - i)), 16);
		EXPECT_EQ(type->xres, row->xres);
		EXPECT_EQ(type->yres, row->yres);
		EXPECT(tdev_type(gvt, row->name) == type);
	}
	EXPECT(!gvt_device_type(gvt, 4));
	EXPECT(!gvt_device_type(gvt, ~0U));
	tdev_del(&t);
}

struct worked_example {
	u64 aperture_mb;
	unsigned int num_types;
	unsigned int avail[GVT_NUM_TYPES];
};

/* gvt-facts.md section 2, 4 GiB GGTT and 32 fences. */
static const struct worked_example worked[] = {
	{ 256, 2, { 2, 1 } },
	{ 512, 3, { 6, 3, 1 } },
	{ 1024, 4, { 7, 5, 2, 1 } },
};

TEST(types_worked_examples)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(worked); i++) {
		const struct worked_example *w = &worked[i];
		struct gvt_device *gvt;
		struct tdev t;

		gvt = tdev_new(&t, w->aperture_mb, 4096, 32, false);
		EXPECT_EQ(gvt_device_num_types(gvt), w->num_types);
		for (j = 0; j < gvt_device_num_types(gvt); j++) {
			const struct gvt_type *type = gvt_device_type(gvt, j);

			EXPECT(!strcmp(type->name, gen9_types[j].name));
			if (gvt_type_available(gvt, type) != w->avail[j])
				harness_fail(__FILE__, __LINE__, false,
					     "aperture %llu MiB: %s available %u, want %u",
					     w->aperture_mb, type->name,
					     gvt_type_available(gvt, type),
					     w->avail[j]);
		}
		check_available_exact(gvt);
		tdev_del(&t);
	}
}

TEST(types_one_v5_4_on_512)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	struct tdev t;

	gvt = tdev_new(&t, 512, 4096, 32, false);
	vgpu = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_4"));
	EXPECT_EQ(gvt_type_available(gvt, tdev_type(gvt, "GVTg_V5_8")), 4);
	EXPECT_EQ(gvt_type_available(gvt, tdev_type(gvt, "GVTg_V5_4")), 2);
	EXPECT_EQ(gvt_type_available(gvt, tdev_type(gvt, "GVTg_V5_2")), 1);
	/* low 256, high 2688, fences 24 left */
	EXPECT_EQ(gvt_gm_free_bytes(&gvt->low), MiB(256));
	EXPECT_EQ(gvt_gm_free_bytes(&gvt->high), MiB(2688));
	EXPECT_EQ(gvt_fences_free(gvt), 24);
	check_available_exact(gvt);
	gvt_vgpu_destroy(vgpu);
	tdev_del(&t);
}

/* Fields of a valid description, overridden per case. */
struct bad_info {
	const char *what;
	u64 aperture;
	u64 ggtt;
	unsigned int fences;
	bool no_name;
	int err;
	u64 bar0;	/* 0: the fake host's 16 MiB */
};

static const struct bad_info bad_infos[] = {
	{ "no fences", MiB(512), GiB(4), 0, false, -EINVAL },
	{ "3 fences", MiB(512), GiB(4), 3, false, -EINVAL },
	{ "33 fences", MiB(512), GiB(4), 33, false, -EINVAL },
	{ "1000 fences", MiB(512), GiB(4), 1000, false, -EINVAL },
	{ "aperture 0", 0, GiB(4), 32, false, -EINVAL },
	{ "aperture 64 MiB", MiB(64), GiB(4), 32, false, -EINVAL },
	{ "aperture 128 MiB", MiB(128), GiB(4), 32, false, -EINVAL },
	{ "GGTT 0", MiB(512), 0, 32, false, -EINVAL },
	{ "GGTT = aperture", MiB(512), MiB(512), 32, false, -EINVAL },
	{ "GGTT < aperture", GiB(2), GiB(1), 32, false, -EINVAL },
	{ "GGTT = aperture + 384 MiB", MiB(512), MiB(896), 32, false,
	  -EINVAL },
	{ "unaligned aperture", MiB(512) + 2048, GiB(4), 32, false, -EINVAL },
	{ "unaligned aperture 2", MiB(512) - 1, GiB(4), 32, false, -EINVAL },
	{ "unaligned GGTT", MiB(512), GiB(4) - 512, 32, false, -EINVAL },
	{ "GGTT 4 GiB + 4 KiB", MiB(512), GiB(4) + 4096, 32, false, -EINVAL },
	{ "GGTT 8 GiB", GiB(2), GiB(8), 32, false, -EINVAL },
	{ "aperture 4 GiB", GiB(4), GiB(4), 32, false, -EINVAL },
	{ "no name", MiB(512), GiB(4), 32, true, -EINVAL },
	/* BARs are powers of two: the vGPU's BAR sizing relies on it. */
	{ "aperture 160 MiB", MiB(160), GiB(4), 32, false, -EINVAL },
	{ "aperture 384 MiB", MiB(384), GiB(4), 32, false, -EINVAL },
	{ "aperture 192 MiB - 4 KiB", MiB(192) - 4096, GiB(4), 32, false,
	  -EINVAL },
	{ "aperture 128 MiB + 4 KiB", MiB(128) + 4096, GiB(4), 32, false,
	  -EINVAL },
	{ "BAR0 24 MiB", MiB(512), GiB(4), 32, false, -EINVAL, MiB(24) },
	{ "BAR0 48 MiB", MiB(512), GiB(4), 32, false, -EINVAL, MiB(48) },
	/* Valid, but no type fits. */
	{ "4 fences (all the host's)", MiB(512), GiB(4), 4, false, -ENOSPC },
	{ "7 fences", MiB(512), GiB(4), 7, false, -ENOSPC },
	{ "GGTT = aperture + 384 MiB + 4 KiB", MiB(512), MiB(896) + 4096, 32,
	  false, -ENOSPC },
	{ "hidden 383 MiB", MiB(512), MiB(512 + 384 + 383), 32, false,
	  -ENOSPC },
};

TEST(register_rejects_bad_info)
{
	struct fake_fe *f = fake_fe_get(0);
	struct fake_host host;
	struct gvt_device *gvt;
	unsigned long calls;
	unsigned int i;

	ASSERT_EQ(gvt_frontend_register(&f->fe), 0);
	for (i = 0; i < ARRAY_SIZE(bad_infos); i++) {
		const struct bad_info *b = &bad_infos[i];

		fake_host_init(&host, 0, 0, b->fences, false);
		host.info.aperture_size = b->aperture;
		host.info.ggtt_size = b->ggtt;
		if (b->bar0)
			host.info.bar0_size = b->bar0;
		if (b->no_name)
			host.info.name = NULL;
		calls = gvt_shim_alloc_calls;
		gvt_shim_log_clear();
		gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
		if (!IS_ERR(gvt)) {
			harness_fail(__FILE__, __LINE__, false,
				     "%s: registered", b->what);
			gvt_device_unregister(gvt);
			continue;
		}
		if (PTR_ERR(gvt) != b->err)
			harness_fail(__FILE__, __LINE__, false,
				     "%s: %ld, want %d", b->what,
				     PTR_ERR(gvt), b->err);
		/* Rejected before allocating, or freed again. */
		if (b->err == -EINVAL)
			EXPECT_EQ(gvt_shim_alloc_calls, calls);
		EXPECT_EQ(gvt_shim_live_allocs, 0);
		EXPECT(gvt_shim_log_errors > 0);
		EXPECT_EQ(host.ggtt_clear_calls + host.fence_write_calls, 0);
	}
	EXPECT_EQ(f->n_added, 0);
	fake_host_init(&host, 512, 4096, 32, false);
	EXPECT_EQ(PTR_ERR(gvt_device_register(NULL, &fake_host_ops, &host)),
		  -EINVAL);
	EXPECT_EQ(PTR_ERR(gvt_device_register(&host.info, NULL, &host)),
		  -EINVAL);
	EXPECT_EQ(f->n_added, 0);
	gvt_frontend_unregister(&f->fe);
	EXPECT_EQ(f->n_removed, 0);
}

struct edge {
	u64 aperture;
	u64 ggtt;
	unsigned int fences;
	unsigned int num_types;
	unsigned int avail[GVT_NUM_TYPES];
};

/* Descriptions that just fit. */
static const struct edge edges[] = {
	/* 128 MiB of aperture left: two V5_8, one V5_4 */
	{ MiB(256), GiB(4), 32, 2, { 2, 1 } },
	/* 8 fences: 4 for the host, 4 for one vGPU */
	{ MiB(1024), GiB(4), 8, 4, { 1, 1, 1, 1 } },
	{ MiB(1024), GiB(4), 11, 4, { 1, 1, 1, 1 } },
	{ MiB(1024), GiB(4), 12, 4, { 2, 2, 2, 1 } },
	/* exactly one V5_8 of hidden GM */
	{ MiB(512), MiB(512 + 384 + 384), 32, 1, { 1 } },
	/* 2 GiB GGTT, 1 GiB aperture: 640 MiB hidden */
	{ GiB(1), GiB(2), 32, 2, { 1, 1 } },
	/* 2 GiB aperture in 4 GiB: 1664 MiB hidden */
	{ GiB(2), GiB(4), 32, 3, { 4, 3, 1 } },
	/* 2 GiB aperture in a 3 GiB GGTT: 640 MiB hidden */
	{ GiB(2), GiB(3), 32, 2, { 1, 1 } },
};

TEST(register_edges)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		const struct edge *e = &edges[i];
		struct gvt_device *gvt;
		struct tdev t;

		gvt = tdev_new(&t, e->aperture >> 20, e->ggtt >> 20, e->fences,
			       false);
		EXPECT_EQ(gvt_device_num_types(gvt), e->num_types);
		for (j = 0; j < gvt_device_num_types(gvt); j++) {
			const struct gvt_type *type = gvt_device_type(gvt, j);

			if (gvt_type_available(gvt, type) != e->avail[j])
				harness_fail(__FILE__, __LINE__, false,
					     "edge %u: %s available %u, want %u",
					     i, type->name,
					     gvt_type_available(gvt, type),
					     e->avail[j]);
		}
		check_available_exact(gvt);
		tdev_del(&t);
	}
}

TEST(register_copies_info)
{
	static const char long_name[] =
		"a-very-long-gpu-name-0000:00:02.0-that-does-not-fit";
	const struct gvt_host_info *info;
	struct gvt_device *gvt;
	struct fake_host host;

	fake_host_init(&host, 512, 4096, 32, false);
	host.info.name = long_name;
	gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
	ASSERT(!IS_ERR(gvt));
	/* The caller's description may go away. */
	memset(&host.info, 0x5a, sizeof(host.info));
	info = gvt_device_info(gvt);
	EXPECT_EQ(info->aperture_size, MiB(512));
	EXPECT_EQ(info->ggtt_size, GiB(4));
	EXPECT_EQ(info->num_fences, 32);
	EXPECT_EQ(info->vendor, 0x8086);
	EXPECT_EQ(info->device, 0x191b);
	EXPECT_EQ(info->revision, 6);
	EXPECT_EQ(info->subsystem_vendor, 0x8086);
	EXPECT_EQ(info->subsystem_device, 0x2063);
	EXPECT_EQ(info->bar0_size, MiB(16));
	EXPECT(info->name != long_name);
	EXPECT_EQ(strlen(info->name), sizeof(gvt->name) - 1);
	EXPECT(!strncmp(info->name, long_name, sizeof(gvt->name) - 1));
	gvt_device_unregister(gvt);
	EXPECT_EQ(gvt_shim_live_allocs, 0);
}

TEST(register_many_devices)
{
	struct tdev t[6];
	struct gvt_vgpu *v[6];
	unsigned int i;

	for (i = 0; i < 6; i++) {
		tdev_new(&t[i], 256 << (i % 3), 4096, 32, false);
		v[i] = vgpu_new(t[i].gvt, gvt_device_type(t[i].gvt, 0));
	}
	/* Devices are independent. */
	for (i = 0; i < 6; i++) {
		EXPECT_EQ(t[i].gvt->num_vgpus, 1);
		check_available_exact(t[i].gvt);
	}
	for (i = 0; i < 6; i += 2) {
		gvt_vgpu_destroy(v[i]);
		tdev_del(&t[i]);
	}
	for (i = 1; i < 6; i += 2) {
		gvt_vgpu_destroy(v[i]);
		tdev_del(&t[i]);
	}
}
