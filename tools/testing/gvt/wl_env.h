/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The workload path under test: a fake GPU that takes workloads through
 * the host contract (struct gvt_host_ops submit/cancel/alloc_gpu_page/
 * free_gpu_page) and completes them at once or when the test says, and a
 * model of a 6.1 i915 guest that sets up status pages, contexts and rings
 * in its GGTT, programs the interrupt registers and submits through ELSP.
 */
#ifndef _GVT_TEST_WL_ENV_H
#define _GVT_TEST_WL_ENV_H

#include "gvt_test.h"

#define FAKE_GPU_MAX_REC	64
#define FAKE_GPU_REC_DW		64
#define FAKE_GPU_PAGES		512
/* Bus addresses of the pages alloc_gpu_page() hands out. */
#define FAKE_GPU_PAGE_BUS	0x3c0000000000ULL

/* What the fake GPU saw of one submitted workload. */
struct fake_wl_rec {
	unsigned int vgpu_id;
	enum gvt_engine engine;
	u32 head;
	u32 tail;
	u64 lrca;
	u64 ring_start;
	u64 ppgtt_root;
	unsigned int nr_bufs;
	u32 ndw;			/* of bufs[0] */
	u32 cmds[FAKE_GPU_REC_DW];	/* bufs[0], copied at submit */
};

/**
 * struct fake_gpu - a fake GPU that runs workloads
 * @t: the device on the GGTT/fence/aperture fake host @t.host, which the
 *     callbacks get as their private pointer
 * @sync: complete every workload inside submit(), with @sync_status
 * @sync_status: status of synchronous completions
 * @ticks: timestamp ticks a workload runs (added to ctx_timestamp)
 * @fail_submit: submit() fails with this errno when non-zero
 * @inflight: the workload in flight on each engine (asynchronous mode)
 * @submits: submit() calls that took a workload
 * @cancels: cancel() calls
 * @bad: contract breaches: two workloads on one engine, a call without
 *	 the submitting vGPU's lock, a cancel of an unknown workload, a
 *	 bad free_gpu_page()
 * @rec: the first %FAKE_GPU_MAX_REC workloads
 * @nrec: workloads submitted
 * @pages: pages of alloc_gpu_page(), by index of their bus address
 * @pages_live: pages allocated and not freed
 * @fail_alloc_page: alloc_gpu_page() fails
 * @released: release_vgpu() calls per vGPU id (a call with a workload of
 *	      that id in flight, or without its lock, counts in @bad)
 */
struct fake_gpu {
	struct tdev t;
	bool sync;
	int sync_status;
	u32 ticks;
	int fail_submit;
	struct gvt_workload *inflight[GVT_NUM_ENGINES];
	unsigned long submits;
	unsigned long cancels;
	unsigned long bad;
	struct fake_wl_rec rec[FAKE_GPU_MAX_REC];
	unsigned int nrec;
	void *pages[FAKE_GPU_PAGES];
	unsigned long pages_live;
	bool fail_alloc_page;
	unsigned int released[GVT_MAX_VGPU];
};

extern const struct gvt_host_ops fake_gpu_ops;

/* Complete the workload in flight on @e (as from an interrupt). */
void fake_gpu_complete(struct fake_gpu *gpu, enum gvt_engine e, int status);
/* The CPU address of a page of alloc_gpu_page() at bus address @bus. */
void *fake_gpu_page(struct fake_gpu *gpu, u64 bus);

/* A device on a fake GPU. */
struct wl_dev {
	struct fake_gpu gpu;
	struct gvt_device *gvt;
};

/* Pages of guest memory, each mapped at the same index in its low GM. */
#define WL_GUEST_PAGES		64
/* Guest page of each engine's status page, context and ring. */
#define WL_HWSP(e)		(4 * (e))
#define WL_CTX(e)		(4 * (e) + 1)	/* two pages */
#define WL_RING(e)		(4 * (e) + 3)
/* A second context and ring, for two-port submissions. */
#define WL_CTX2			20		/* two pages */
#define WL_RING2		22
#define WL_SCRATCH		23		/* free pages from here */
#define WL_RING_SIZE		4096

/* MSI message the guest programs. */
#define WL_MSI_ADDR		0xfee00000U
#define WL_MSI_DATA		0x4041

struct wl_guest {
	struct wl_dev *dev;
	struct gvt_vgpu *v;
	struct gvt_vgpu_resources res;
	struct fake_hv hv;
	u32 tail[GVT_NUM_ENGINES];
	u32 tail2;
};

/* Register a device on a fake GPU with @aperture_mb of aperture. */
void wl_dev_init(struct wl_dev *d, u64 aperture_mb, bool sync);
/* Unregister; checks the fake GPU saw no breach and freed every page. */
void wl_dev_fini(struct wl_dev *d);

/*
 * A guest of type @type_name as i915 leaves it before its first request:
 * GGTT mapped, PVINFO read, execlists enabled, status pages, CSB pointers
 * reset, one kernel context per engine with an empty 4 KiB ring,
 * interrupts unmasked and enabled, MSI on. Guest memory is host memory
 * pages [@first_page, + WL_GUEST_PAGES).
 */
/* Map the guest's pages in its GGTT (what i915 does first after a reset). */
void wl_map_guest(struct wl_guest *g);
/* Program @e's ring registers and HWSP as i915 does before a request. */
void wl_engine_setup(struct wl_guest *g, enum gvt_engine e);
void wl_guest_init(struct wl_guest *g, struct wl_dev *d, const char *type_name,
		   u64 first_page);
/* Destroy the vGPU; checks that its pins are balanced. */
void wl_guest_fini(struct wl_guest *g);

/* Graphics address of guest page @k. */
static inline u64 wl_gm(const struct wl_guest *g, unsigned int k)
{
	return g->res.low_gm_base + ((u64)k << GVT_GTT_PAGE_SHIFT);
}

/* The guest's view of page @k. */
u32 *wl_page(struct wl_guest *g, unsigned int k);

/* Append @n dwords to engine @e's ring and move the image's TAIL. */
void wl_emit(struct wl_guest *g, enum gvt_engine e, const u32 *dw,
	     unsigned int n);
/* The same for the second context (on RCS). */
void wl_emit2(struct wl_guest *g, const u32 *dw, unsigned int n);
/* A descriptor of the context at guest page @ctx with context id @ccid. */
u64 wl_desc(struct wl_guest *g, unsigned int ctx, u32 ccid);
/* The kernel context of engine @e: ccid 0x20 * (e + 1). */
u64 wl_kdesc(struct wl_guest *g, enum gvt_engine e);
/* Write the four ELSP dwords. */
void wl_elsp(struct wl_guest *g, enum gvt_engine e, u64 desc0, u64 desc1);

/* Register state dword @index of the context image at page @ctx. */
u32 *wl_ctx_reg(struct wl_guest *g, unsigned int ctx, unsigned int index);
/* CSB entry @i in the status page of @e: [0] status, [1] ccid. */
u32 *wl_csb(struct wl_guest *g, enum gvt_engine e, unsigned int i);
/* The CSB write pointer in the status page of @e. */
u32 wl_csb_wp(struct wl_guest *g, enum gvt_engine e);

/* IIR of the GT group of @e, shifted to the engine's field. */
u32 wl_engine_iir(struct wl_guest *g, enum gvt_engine e);
/* Clear all of the GT IIRs, as the guest's interrupt handler does. */
void wl_ack_irqs(struct wl_guest *g);

/* Engines of KBL GT2. */
extern const enum gvt_engine wl_engines[4];

#endif /* _GVT_TEST_WL_ENV_H */
