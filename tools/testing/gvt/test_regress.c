// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regression tests for core bugs this harness found: host descriptions
 * that gvt_device_register() used to accept although the core cannot
 * partition them safely (fixed by "gvt: core: bound the GGTT size before
 * checking the GM windows"). On a regression the messages show the damage.
 */
#include <stdio.h>

#include "gvt_test.h"

/*
 * aperture_size + GVT_HOST_HIGH_GM_SIZE wrapped around in the validity
 * check, so an aperture just below 2^64 with a 2 GiB GGTT was accepted: the
 * hidden window then started at 256 MiB, inside the aperture window, and
 * two vGPUs got overlapping GM (the same GGTT entries).
 */
TEST(regress_register_aperture_overflow)
{
	struct gvt_vgpu *v[GVT_MAX_VGPU];
	struct gvt_device *gvt;
	struct fake_host host;
	unsigned int n = 0;

	fake_host_init(&host, 0, 2048, 32, false);
	host.info.aperture_size = 0ULL - MiB(128);
	gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
	if (IS_ERR(gvt)) {
		EXPECT_EQ(PTR_ERR(gvt), -EINVAL);
		return;
	}
	harness_fail(__FILE__, __LINE__, false,
		     "aperture 2^64 - 128 MiB, GGTT 2 GiB registered, low window [%llu, %llu) high window [%llu, %llu) MiB",
		     gvt->low.start >> 20, gvt->low.end >> 20,
		     gvt->high.start >> 20, gvt->high.end >> 20);
	while (n < GVT_MAX_VGPU - 1) {
		v[n] = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
		if (IS_ERR(v[n]))
			break;
		n++;
	}
	/* The third vGPU gets aperture GM inside the hidden GM of the first. */
	if (n >= 3) {
		struct gvt_vgpu_resources a, c;

		gvt_vgpu_get_resources(v[0], &a);
		gvt_vgpu_get_resources(v[2], &c);
		harness_fail(__FILE__, __LINE__, false,
			     "vGPU 1 hidden GM [%llu, %llu) MiB, vGPU 3 aperture [%llu, %llu) MiB",
			     a.high_gm_base >> 20,
			     (a.high_gm_base + a.high_gm_size) >> 20,
			     c.low_gm_base >> 20,
			     (c.low_gm_base + c.low_gm_size) >> 20);
	}
	EXPECT(host.bad_calls == 0);
	gvt_device_unregister(gvt);
}

/*
 * ggtt_clear() takes u32 entry indexes, but nothing bounded ggtt_size: with
 * more than 16 TiB of GGTT the hidden range of a vGPU sits above entry 2^32
 * and the scrub went to the truncated index (here GM 384 MiB, inside
 * the aperture window that other vGPUs get), while the vGPU's own hidden
 * entries were never scrubbed.
 */
TEST(regress_register_ggtt_beyond_u32_entries)
{
	struct gvt_vgpu_resources res;
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	struct fake_host host;

	fake_host_init(&host, 16 << 20, (16 << 20) + 4096, 32, false);
	gvt = gvt_device_register(&host.info, &fake_host_ops, &host);
	if (IS_ERR(gvt)) {
		EXPECT_EQ(PTR_ERR(gvt), -EINVAL);
		return;
	}
	host.lock = &gvt->lock;
	fake_host_log_reset(&host);
	vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
	ASSERT(!IS_ERR(vgpu));
	gvt_vgpu_get_resources(vgpu, &res);
	ASSERT(host.nlog >= 2);
	/* The second clear is the hidden range. */
	if (host.log[1].a != PAGES(res.high_gm_base))
		harness_fail(__FILE__, __LINE__, false,
			     "hidden GM at entry %llu, but ggtt_clear(%llu, %llu) was called",
			     PAGES(res.high_gm_base), host.log[1].a,
			     host.log[1].b);
	gvt_vgpu_destroy(vgpu);
	gvt_device_unregister(gvt);
}
