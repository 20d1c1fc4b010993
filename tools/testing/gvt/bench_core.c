// SPDX-License-Identifier: GPL-2.0-only
/*
 * Latency of vGPU create + destroy in the GVT core, host callbacks being
 * no-ops: prints "bench: core_vgpu_create_destroy_median <ns> ns".
 * Timing is reported, never asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gvt_internal.h"

#define WARMUP		1000
#define ITERATIONS	200000

static void nop_ggtt_clear(void *priv, u32 first, u32 count)
{
	(*(unsigned long *)priv) += count;
}

static void nop_fence_write(void *priv, unsigned int n, u64 val)
{
	(*(unsigned long *)priv)++;
}

static const struct gvt_host_ops nop_ops = {
	.ggtt_clear = nop_ggtt_clear,
	.fence_write = nop_fence_write,
};

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	struct gvt_host_info info = {
		.name = "bench",
		.vendor = 0x8086,
		.device = 0x191b,
		.aperture_size = 1024ULL << 20,
		.ggtt_size = 4096ULL << 20,
		.num_fences = 32,
	};
	struct gvt_vgpu *keep[3], *vgpu;
	const struct gvt_type *type;
	unsigned long sink = 0;
	struct gvt_device *gvt;
	u64 *samples, t0;
	unsigned int i;

	samples = calloc(ITERATIONS, sizeof(*samples));
	gvt = gvt_device_register(&info, &nop_ops, &sink);
	if (!samples || IS_ERR(gvt)) {
		fprintf(stderr, "bench: setup failed\n");
		return 1;
	}
	/* A realistic device: a few vGPUs already there, holes between. */
	for (i = 0; i < 3; i++)
		keep[i] = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
	gvt_vgpu_destroy(keep[1]);
	keep[1] = NULL;
	type = gvt_device_type(gvt, 1);

	for (i = 0; i < WARMUP + ITERATIONS; i++) {
		t0 = now_ns();
		vgpu = gvt_vgpu_create(gvt, type);
		if (IS_ERR(vgpu)) {
			fprintf(stderr, "bench: create failed: %ld\n",
				PTR_ERR(vgpu));
			return 1;
		}
		gvt_vgpu_destroy(vgpu);
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - t0;
	}
	qsort(samples, ITERATIONS, sizeof(*samples), cmp_u64);
	printf("bench: core_vgpu_create_destroy_median %llu ns\n",
	       samples[ITERATIONS / 2]);

	for (i = 0; i < 3; i++)
		if (keep[i])
			gvt_vgpu_destroy(keep[i]);
	gvt_device_unregister(gvt);
	free(samples);
	return sink ? 0 : 1;
}
