// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmarks of the GVT core in userspace, host and hypervisor callbacks
 * being no-ops. One "bench: <name> <value> <unit>" line per figure:
 *
 *   core_vgpu_create_destroy_median  vGPU create + destroy (ns)
 *   core_mmio_<reg>_<read|write>     one emulated BAR0 access through
 *                                    gvt_vgpu_mmio_read/write (ns), for a
 *                                    plain register and for registers with
 *                                    handlers (forcewake, its ACK, an IIR)
 *   core_ggtt_rewrite_changed        8-byte GGTT writes through
 *                                    gvt_vgpu_mmio_write over a whole
 *                                    GVTg_V5_4 partition, every value new
 *                                    (pin + unpin each), in Mpte/s
 *   core_ggtt_rewrite_unchanged      the same with the values unchanged
 *   core_submit_to_complete_us       one small request (MI_USER_INTERRUPT,
 *                                    MI_NOOP) through the whole workload
 *                                    path: ring write, the four ELSP
 *                                    dwords, context image read, ring
 *                                    copy and scan, submission to a host
 *                                    that completes at once, HEAD
 *                                    write-back, CSB in the status page,
 *                                    interrupt (us, median)
 *
 * Each figure is the median of several rounds. Timing is reported, never
 * asserted; the program fails only if the core returns an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gvt_internal.h"
#include "bench_util.h"

#define WARMUP		50
#define ITERATIONS	2000
#define ROUNDS		7
#define MMIO_ACCESSES	2000000

/* Registers from Documentation/gpu/gvt/mmio.rst. */
#define REG_FORCEWAKE_RENDER		0xa278
#define REG_FORCEWAKE_RENDER_ACK	0x0d84
#define REG_GT_IIR0			0x44308

/* Values read by the benchmarks, so that no read can be left out. */
u32 bench_sink;

static void nop_ggtt_clear(void *priv, u32 first, u32 count)
{
	(*(unsigned long *)priv) += count;
}

static void nop_ggtt_write(void *priv, u32 index, u64 pte)
{
	(*(unsigned long *)priv) += pte & 1;
}

static void nop_fence_write(void *priv, unsigned int n, u64 val)
{
	(*(unsigned long *)priv)++;
}

static const struct gvt_host_ops nop_ops = {
	.ggtt_clear = nop_ggtt_clear,
	.ggtt_write = nop_ggtt_write,
	.fence_write = nop_fence_write,
};

/* A hypervisor whose pins cost a counter update: O(1) per call. */
static int bench_pin_gfn(void *priv, u64 gfn, u64 *addr)
{
	(*(long *)priv)++;
	*addr = gfn << GVT_GTT_PAGE_SHIFT;
	return 0;
}

static void bench_unpin_gfn(void *priv, u64 gfn)
{
	(*(long *)priv)--;
}

static const struct gvt_hv_ops bench_hv_ops = {
	.pin_gfn = bench_pin_gfn,
	.unpin_gfn = bench_unpin_gfn,
};

static const struct gvt_type *find_type(struct gvt_device *gvt,
					const char *name)
{
	unsigned int i;

	for (i = 0; i < gvt_device_num_types(gvt); i++)
		if (!strcmp(gvt_device_type(gvt, i)->name, name))
			return gvt_device_type(gvt, i);
	return NULL;
}

static int bench_create_destroy(struct gvt_device *gvt)
{
	struct gvt_vgpu *keep[3], *vgpu;
	const struct gvt_type *type;
	u64 *samples, t0;
	unsigned int i;

	samples = calloc(ITERATIONS, sizeof(*samples));
	if (!samples)
		return -ENOMEM;
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
			free(samples);
			return PTR_ERR(vgpu);
		}
		gvt_vgpu_destroy(vgpu);
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - t0;
	}
	printf("bench: core_vgpu_create_destroy_median %llu ns\n",
	       median(samples, ITERATIONS));

	for (i = 0; i < 3; i++)
		if (keep[i])
			gvt_vgpu_destroy(keep[i]);
	free(samples);
	return 0;
}

/* A register with no attributes, i.e. plain storage. */
static u32 plain_register(struct gvt_device *gvt)
{
	u32 off;

	for (off = 0x4000; off < GVT_PVINFO_OFFSET; off += 4)
		if (!gvt_mmio_find(gvt, off))
			return off;
	return 0;
}

/*
 * Median over ROUNDS of the time per access of MMIO_ACCESSES 4-byte
 * accesses to @off; writes alternate between @val and @val2.
 */
static int bench_mmio(struct gvt_vgpu *vgpu, const char *name, u32 off,
		      bool write, u32 val, u32 val2)
{
	u64 samples[ROUNDS], t0;
	unsigned int r, i;
	u32 buf = 0;
	int ret = 0;

	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		for (i = 0; i < MMIO_ACCESSES; i++) {
			if (write) {
				buf = i & 1 ? val2 : val;
				ret |= gvt_vgpu_mmio_write(vgpu, off, &buf, 4);
			} else {
				ret |= gvt_vgpu_mmio_read(vgpu, off, &buf, 4);
				bench_sink += buf;
			}
		}
		samples[r] = now_ns() - t0;
	}
	if (ret) {
		fprintf(stderr, "bench: %s: access to %#x failed\n", name, off);
		return -EIO;
	}
	printf("bench: core_mmio_%s_%s %.1f ns\n", name,
	       write ? "write" : "read",
	       (double)median(samples, ROUNDS) / MMIO_ACCESSES);
	return 0;
}

static int bench_mmio_all(struct gvt_vgpu *vgpu, u32 plain)
{
	/* Masked forcewake: set and clear bit 0 in turn. */
	const u32 fw_on = 0x00010001, fw_off = 0x00010000;
	int ret = 0;

	ret |= bench_mmio(vgpu, "plain", plain, false, 0, 0);
	ret |= bench_mmio(vgpu, "plain", plain, true, 0x12345678, 0x9abcdef0);
	ret |= bench_mmio(vgpu, "forcewake", REG_FORCEWAKE_RENDER, true, fw_on,
			  fw_off);
	ret |= bench_mmio(vgpu, "forcewake_ack", REG_FORCEWAKE_RENDER_ACK, false,
			  0, 0);
	ret |= bench_mmio(vgpu, "iir", REG_GT_IIR0, true,
			  0xffffffff, 0x1);
	ret |= bench_mmio(vgpu, "iir", REG_GT_IIR0, false,
			  0, 0);
	return ret;
}

/*
 * Write every GGTT entry of @vgpu's aperture and hidden ranges once with
 * 8-byte writes, entry i mapping guest frame @gfn0 + i. Returns the time
 * taken in ns, or 0 on error.
 */
static u64 ggtt_pass(struct gvt_vgpu *vgpu, u64 gfn0)
{
	struct gvt_vgpu_resources res;
	u64 base[2], size[2], t0, first, n, i, pte;
	unsigned int r;

	gvt_vgpu_get_resources(vgpu, &res);
	base[0] = res.low_gm_base;
	size[0] = res.low_gm_size;
	base[1] = res.high_gm_base;
	size[1] = res.high_gm_size;
	t0 = now_ns();
	for (r = 0; r < 2; r++) {
		first = base[r] >> GVT_GTT_PAGE_SHIFT;
		n = size[r] >> GVT_GTT_PAGE_SHIFT;
		for (i = 0; i < n; i++) {
			pte = (gfn0 + first + i) << GVT_GTT_PAGE_SHIFT | 1;
			if (gvt_vgpu_mmio_write(vgpu, GVT_GGTT_OFFSET +
						8 * (first + i), &pte, 8))
				return 0;
		}
	}
	return now_ns() - t0;
}

static int bench_ggtt(struct gvt_device *gvt)
{
	const struct gvt_type *type = find_type(gvt, "GVTg_V5_4");
	u64 changed[ROUNDS], same[ROUNDS], entries;
	struct gvt_vgpu *vgpu;
	long pins = 0;
	unsigned int r;

	if (!type)
		return -ENODEV;
	vgpu = gvt_vgpu_create(gvt, type);
	if (IS_ERR(vgpu))
		return PTR_ERR(vgpu);
	gvt_vgpu_attach_hv(vgpu, &bench_hv_ops, &pins);
	entries = (type->low_gm_size + type->high_gm_size) >>
		  GVT_GTT_PAGE_SHIFT;

	/* Round r maps other frames than round r - 1: every write changes. */
	for (r = 0; r < ROUNDS; r++)
		changed[r] = ggtt_pass(vgpu, (r & 1) << 24);
	for (r = 0; r < ROUNDS; r++)
		same[r] = ggtt_pass(vgpu, ((ROUNDS - 1) & 1) << 24);
	gvt_vgpu_destroy(vgpu);
	if (median(changed, ROUNDS) == 0 || median(same, ROUNDS) == 0 ||
	    changed[0] == 0 || same[0] == 0) {
		fprintf(stderr, "bench: a GGTT write failed\n");
		return -EIO;
	}
	if (pins) {
		fprintf(stderr, "bench: %ld pins left after destroy\n", pins);
		return -EIO;
	}
	printf("bench: core_ggtt_rewrite_changed %.1f Mpte/s\n",
	       entries * 1e3 / median(changed, ROUNDS));
	printf("bench: core_ggtt_rewrite_unchanged %.1f Mpte/s\n",
	       entries * 1e3 / median(same, ROUNDS));
	return 0;
}

/* Guest memory of the submission benchmark: frames 0..BENCH_PAGES-1. */
#define BENCH_PAGES	4
static u32 bench_mem[BENCH_PAGES][1024];

static int bench_rw_gpa(void *priv, u64 gpa, void *buf, unsigned int len,
			bool write)
{
	u8 *mem = (u8 *)bench_mem;

	if (gpa + len > sizeof(bench_mem))
		return -EFAULT;
	if (write)
		memcpy(mem + gpa, buf, len);
	else
		memcpy(buf, mem + gpa, len);
	return 0;
}

static const struct gvt_hv_ops bench_wl_hv_ops = {
	.pin_gfn = bench_pin_gfn,
	.unpin_gfn = bench_unpin_gfn,
	.rw_gpa = bench_rw_gpa,
};

static int bench_submit(void *priv, struct gvt_workload *wl)
{
	(*(unsigned long *)priv) += wl->bufs[0].ndw;
	gvt_workload_complete(wl, 0);
	return 0;
}

static const struct gvt_host_ops bench_wl_ops = {
	.ggtt_clear = nop_ggtt_clear,
	.ggtt_write = nop_ggtt_write,
	.fence_write = nop_fence_write,
	.submit = bench_submit,
};

static void wr(struct gvt_vgpu *vgpu, u64 off, u64 val, unsigned int len)
{
	if (gvt_vgpu_mmio_write(vgpu, off, &val, len))
		bench_sink++;
}

/* Page 0 status page, 1-2 context, 3 ring; all of BCS0. */
static int bench_submit_all(struct gvt_device *gvt)
{
	const u32 bcs = 0x22000;
	struct gvt_vgpu_resources res;
	u32 tail = 0, ring, ctx;
	struct gvt_vgpu *vgpu;
	u64 *samples, t0;
	unsigned int i, k;
	long pins = 0;
	u64 desc;

	samples = calloc(ITERATIONS, sizeof(*samples));
	vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
	if (!samples || IS_ERR(vgpu)) {
		free(samples);
		return -ENOMEM;
	}
	gvt_vgpu_attach_hv(vgpu, &bench_wl_hv_ops, &pins);
	gvt_vgpu_get_resources(vgpu, &res);
	for (k = 0; k < BENCH_PAGES; k++)
		wr(vgpu, GVT_GGTT_OFFSET + 8 * ((res.low_gm_base >> 12) + k),
		   ((u64)k << 12) | 1, 8);
	wr(vgpu, GVT_PVINFO_OFFSET, 0, 4);
	ctx = res.low_gm_base + 0x1000;
	ring = res.low_gm_base + 0x3000;
	bench_mem[2][GVT_CTX_RING_START] = ring;
	bench_mem[2][GVT_CTX_RING_CTL] = 1;
	wr(vgpu, bcs + GVT_RING_HWS_PGA, res.low_gm_base, 4);
	wr(vgpu, bcs + GVT_RING_CSB_PTR, 0xffff0505, 4);
	desc = 0x40ULL << 32 | ctx | GVT_DESC_PRIVILEGE | 3 << 3 | 1;

	for (i = 0; i < WARMUP + ITERATIONS; i++) {
		bench_mem[3][tail / 4] = 0x01000000;
		bench_mem[3][tail / 4 + 1] = 0;
		tail = (tail + 8) % 4096;
		bench_mem[2][GVT_CTX_RING_TAIL] = tail;
		t0 = now_ns();
		wr(vgpu, bcs + GVT_RING_ELSP, 0, 4);
		wr(vgpu, bcs + GVT_RING_ELSP, 0, 4);
		wr(vgpu, bcs + GVT_RING_ELSP, desc >> 32, 4);
		wr(vgpu, bcs + GVT_RING_ELSP, (u32)desc, 4);
		if (i >= WARMUP)
			samples[i - WARMUP] = now_ns() - t0;
	}
	if (vgpu->counters.workloads_done != WARMUP + ITERATIONS ||
	    vgpu->failsafe) {
		fprintf(stderr, "bench: %llu of %u workloads completed\n",
			vgpu->counters.workloads_done, WARMUP + ITERATIONS);
		bench_sink++;
	}
	printf("bench: core_submit_to_complete_us %.2f us\n",
	       median(samples, ITERATIONS) / 1e3);
	gvt_vgpu_destroy(vgpu);
	free(samples);
	return bench_sink ? -EIO : 0;
}

int main(void)
{
	struct gvt_host_info info = {
		.name = "bench",
		.vendor = 0x8086,
		.device = 0x191b,
		.bar0_size = 16ULL << 20,
		.aperture_size = 1024ULL << 20,
		.ggtt_size = 4096ULL << 20,
		.num_fences = 32,
	};
	unsigned long sink = 0;
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	int ret;

	gvt = gvt_device_register(&info, &nop_ops, &sink);
	if (IS_ERR(gvt)) {
		fprintf(stderr, "bench: setup failed\n");
		return 1;
	}
	ret = bench_create_destroy(gvt);

	vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
	if (!ret && IS_ERR(vgpu))
		ret = PTR_ERR(vgpu);
	if (!ret) {
		ret = bench_mmio_all(vgpu, plain_register(gvt));
		gvt_vgpu_destroy(vgpu);
	}
	if (!ret)
		ret = bench_ggtt(gvt);

	gvt_device_unregister(gvt);
	if (ret)
		return 1;
	gvt = gvt_device_register(&info, &bench_wl_ops, &sink);
	if (IS_ERR(gvt))
		return 1;
	ret = bench_submit_all(gvt);
	gvt_device_unregister(gvt);
	return ret || !sink;
}
