// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workload path under test: a fake GPU behind the host contract and a
 * model of a 6.1 i915 guest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl_env.h"

const enum gvt_engine wl_engines[4] = {
	GVT_ENGINE_RCS, GVT_ENGINE_BCS, GVT_ENGINE_VCS, GVT_ENGINE_VECS,
};

static struct fake_gpu *to_gpu(void *priv)
{
	return container_of((struct fake_host *)priv, struct fake_gpu, t.host);
}

static void fg_ggtt_clear(void *priv, u32 first, u32 count)
{
	fake_host_ops.ggtt_clear(priv, first, count);
}

static void fg_ggtt_write(void *priv, u32 index, u64 pte)
{
	fake_host_ops.ggtt_write(priv, index, pte);
}

static void fg_fence_write(void *priv, unsigned int n, u64 val)
{
	fake_host_ops.fence_write(priv, n, val);
}

static int fg_aperture_rw(void *priv, u64 gm, void *buf, unsigned int len,
			  bool write)
{
	return fake_host_ops.aperture_rw(priv, gm, buf, len, write);
}

/* Is the lock of the vGPU with id @id held? */
static bool fg_vgpu_locked(struct fake_gpu *gpu, unsigned int id)
{
	struct gvt_vgpu *vgpu;

	list_for_each_entry(vgpu, &gpu->t.gvt->vgpus, link)
		if (vgpu->id == id)
			return mutex_is_locked(&vgpu->lock);
	return false;
}

static int fg_submit(void *priv, struct gvt_workload *wl)
{
	struct fake_gpu *gpu = to_gpu(priv);
	struct fake_wl_rec *r;
	u32 n;

	if (wl->engine >= GVT_NUM_ENGINES || gpu->inflight[wl->engine] ||
	    !fg_vgpu_locked(gpu, wl->vgpu_id) || !wl->nr_bufs) {
		gpu->bad++;
		return -EINVAL;
	}
	if (gpu->fail_submit)
		return gpu->fail_submit;
	gpu->submits++;
	if (gpu->nrec < FAKE_GPU_MAX_REC) {
		r = &gpu->rec[gpu->nrec];
		r->vgpu_id = wl->vgpu_id;
		r->engine = wl->engine;
		r->head = wl->head;
		r->tail = wl->tail;
		r->lrca = wl->lrca;
		r->ring_start = wl->ring_start;
		r->ppgtt_root = wl->ppgtt_root;
		r->nr_bufs = wl->nr_bufs;
		r->ndw = wl->bufs[0].ndw;
		n = r->ndw < FAKE_GPU_REC_DW ? r->ndw : FAKE_GPU_REC_DW;
		memcpy(r->cmds, wl->bufs[0].cmds, n * 4);
	}
	gpu->nrec++;
	if (gpu->sync) {
		wl->ctx_timestamp += gpu->ticks;
		gvt_workload_complete(wl, gpu->sync_status);
		return 0;
	}
	gpu->inflight[wl->engine] = wl;
	return 0;
}

static void fg_cancel(void *priv, struct gvt_workload *wl)
{
	struct fake_gpu *gpu = to_gpu(priv);

	gpu->cancels++;
	if (wl->engine >= GVT_NUM_ENGINES ||
	    gpu->inflight[wl->engine] != wl ||
	    !fg_vgpu_locked(gpu, wl->vgpu_id)) {
		gpu->bad++;
		return;
	}
	gpu->inflight[wl->engine] = NULL;
	gvt_workload_complete(wl, -ECANCELED);
}

static void *fg_alloc_page(void *priv, u64 *bus)
{
	struct fake_gpu *gpu = to_gpu(priv);
	unsigned int i;

	if (gpu->fail_alloc_page)
		return NULL;
	for (i = 0; i < FAKE_GPU_PAGES; i++) {
		if (gpu->pages[i])
			continue;
		gpu->pages[i] = calloc(1, 4096);
		if (!gpu->pages[i])
			abort();
		gpu->pages_live++;
		*bus = FAKE_GPU_PAGE_BUS + ((u64)i << 12);
		return gpu->pages[i];
	}
	return NULL;
}

static void fg_free_page(void *priv, void *vaddr, u64 bus)
{
	struct fake_gpu *gpu = to_gpu(priv);

	if (!vaddr || fake_gpu_page(gpu, bus) != vaddr) {
		gpu->bad++;
		return;
	}
	free(vaddr);
	gpu->pages[(bus - FAKE_GPU_PAGE_BUS) >> 12] = NULL;
	gpu->pages_live--;
}

static void fg_release_vgpu(void *priv, unsigned int vgpu_id)
{
	struct fake_gpu *gpu = to_gpu(priv);
	enum gvt_engine e;

	if (vgpu_id >= GVT_MAX_VGPU || !fg_vgpu_locked(gpu, vgpu_id)) {
		gpu->bad++;
		return;
	}
	/* Nothing of the vGPU may still be in flight. */
	for (e = 0; e < GVT_NUM_ENGINES; e++)
		if (gpu->inflight[e] && gpu->inflight[e]->vgpu_id == vgpu_id)
			gpu->bad++;
	gpu->released[vgpu_id]++;
}

const struct gvt_host_ops fake_gpu_ops = {
	.ggtt_clear = fg_ggtt_clear,
	.ggtt_write = fg_ggtt_write,
	.fence_write = fg_fence_write,
	.aperture_rw = fg_aperture_rw,
	.submit = fg_submit,
	.cancel = fg_cancel,
	.release_vgpu = fg_release_vgpu,
	.alloc_gpu_page = fg_alloc_page,
	.free_gpu_page = fg_free_page,
};

void *fake_gpu_page(struct fake_gpu *gpu, u64 bus)
{
	u64 i;

	if (bus < FAKE_GPU_PAGE_BUS || (bus & 4095))
		return NULL;
	i = (bus - FAKE_GPU_PAGE_BUS) >> 12;
	return i < FAKE_GPU_PAGES ? gpu->pages[i] : NULL;
}

void fake_gpu_complete(struct fake_gpu *gpu, enum gvt_engine e, int status)
{
	struct gvt_workload *wl = gpu->inflight[e];

	if (!wl) {
		gpu->bad++;
		return;
	}
	gpu->inflight[e] = NULL;
	wl->ctx_timestamp += gpu->ticks;
	gvt_workload_complete(wl, status);
}

void wl_dev_init(struct wl_dev *d, u64 aperture_mb, bool sync)
{
	memset(d, 0, sizeof(*d));
	fake_host_init(&d->gpu.t.host, aperture_mb, 4096, 32, true);
	d->gpu.sync = sync;
	d->gvt = tdev_start(&d->gpu.t, &fake_gpu_ops);
}

void wl_dev_fini(struct wl_dev *d)
{
	unsigned int i;

	tdev_del(&d->gpu.t);
	EXPECT_EQ(d->gpu.bad, 0);
	EXPECT_EQ(d->gpu.t.host.bad_calls, 0);
	EXPECT_EQ(d->gpu.pages_live, 0);
	for (i = 0; i < GVT_NUM_ENGINES; i++)
		EXPECT(!d->gpu.inflight[i]);
}

u32 *wl_page(struct wl_guest *g, unsigned int k)
{
	return (u32 *)fake_hv_page(&g->hv, MTEST_GFN(k));
}

u32 *wl_ctx_reg(struct wl_guest *g, unsigned int ctx, unsigned int index)
{
	return wl_page(g, ctx + 1) + index;
}

u32 *wl_csb(struct wl_guest *g, enum gvt_engine e, unsigned int i)
{
	return wl_page(g, WL_HWSP(e)) + 0x10 + 2 * i;
}

u32 wl_csb_wp(struct wl_guest *g, enum gvt_engine e)
{
	return wl_page(g, WL_HWSP(e))[0x1f];
}

static void wl_ctx_init(struct wl_guest *g, unsigned int ctx,
			unsigned int ring)
{
	*wl_ctx_reg(g, ctx, GVT_CTX_RING_START) = wl_gm(g, ring);
	*wl_ctx_reg(g, ctx, GVT_CTX_RING_CTL) = (WL_RING_SIZE - 4096) | 1;
	*wl_ctx_reg(g, ctx, GVT_CTX_RING_HEAD) = 0;
	*wl_ctx_reg(g, ctx, GVT_CTX_RING_TAIL) = 0;
	*wl_ctx_reg(g, ctx, GVT_CTX_CTRL) = 0;
}

static const u32 wl_gt_ier[4] = { 0x09090909, 0x09090909, 0, 0x00000909 };
static const u32 wl_other_isr[] = {
	0x44400, 0x44410, 0x44420, 0x44440, 0x44460, 0x444e0, 0xc4000,
};

void wl_map_guest(struct wl_guest *g)
{
	unsigned int k;

	for (k = 0; k < WL_GUEST_PAGES; k++)
		ggtt_wr(g->v, PAGES(g->res.low_gm_base) + k, GPTE(MTEST_GFN(k)));
	ASSERT_EQ(mmio_rd(g->v, PV_MAGIC, 8), VGT_MAGIC);
}

void wl_engine_setup(struct wl_guest *g, enum gvt_engine e)
{
	u32 base = gvt_engine_base(e);
	unsigned int n;

	wr32(g->v, base + GVT_RING_GFX_MODE, 0x80008000);
	wr32(g->v, base + GVT_RING_MI_MODE, 0x01000000);
	wr32(g->v, base + GVT_RING_HWS_PGA, wl_gm(g, WL_HWSP(e)));
	wr32(g->v, base + GVT_RING_CSB_PTR, 0xffff0505);
	for (n = 0x10; n < 0x1c; n++)
		wl_page(g, WL_HWSP(e))[n] = ~0U;
	wl_page(g, WL_HWSP(e))[0x1f] = 5;
}

void wl_guest_init(struct wl_guest *g, struct wl_dev *d, const char *type_name,
		   u64 first_page)
{
	u16 ctl = 1, data = WL_MSI_DATA;
	u32 addr = WL_MSI_ADDR;
	unsigned int i, n;
	enum gvt_engine e;

	memset(g, 0, sizeof(*g));
	g->dev = d;
	g->v = vgpu_new(d->gvt, tdev_type(d->gvt, type_name));
	gvt_vgpu_get_resources(g->v, &g->res);
	fake_hv_init(&g->hv, &d->gpu.t.host, first_page, MTEST_GFN_BASE,
		     WL_GUEST_PAGES);
	fake_hv_attach(&g->hv, g->v);
	wl_map_guest(g);
	for (i = 0; i < ARRAY_SIZE(wl_engines); i++) {
		e = wl_engines[i];
		wl_engine_setup(g, e);
		wl_ctx_init(g, WL_CTX(e), WL_RING(e));
	}
	wl_ctx_init(g, WL_CTX2, WL_RING2);

	/* gen8_irq_reset, then the postinstall: IIR 0, IER, IMR = ~IER. */
	for (n = 0; n < 4; n++) {
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IMR, ~0U);
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IER, 0);
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IIR, ~0U);
	}
	for (n = 0; n < ARRAY_SIZE(wl_other_isr); n++) {
		wr32(g->v, wl_other_isr[n] + GVT_IRQ_IER, 0);
		wr32(g->v, wl_other_isr[n] + GVT_IRQ_IIR, ~0U);
	}
	for (n = 0; n < 4; n++) {
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IER, wl_gt_ier[n]);
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IMR, ~wl_gt_ier[n]);
	}
	ASSERT_EQ(gvt_vgpu_cfg_write(g->v, GVT_CFG_MSI_ADDR, &addr, 4), 0);
	ASSERT_EQ(gvt_vgpu_cfg_write(g->v, GVT_CFG_MSI_DATA, &data, 2), 0);
	ASSERT_EQ(gvt_vgpu_cfg_write(g->v, GVT_CFG_MSI_CTL, &ctl, 2), 0);
	wr32(g->v, GVT_REG_MASTER_IRQ, GVT_MASTER_IRQ_ENABLE);
	ASSERT_EQ(g->v->failsafe, GVT_FAILSAFE_NONE);
}

void wl_guest_fini(struct wl_guest *g)
{
	if (g->v)
		gvt_vgpu_destroy(g->v);
	g->v = NULL;
	fake_hv_forget(&g->hv);
	EXPECT(fake_hv_balanced(&g->hv));
	fake_hv_fini(&g->hv);
}

static void wl_emit_at(struct wl_guest *g, unsigned int ctx,
		       unsigned int ring, u32 *tail, const u32 *dw,
		       unsigned int n)
{
	u32 *p = wl_page(g, ring);
	unsigned int i;

	for (i = 0; i < n; i++) {
		p[*tail / 4] = dw[i];
		*tail = (*tail + 4) % WL_RING_SIZE;
	}
	*wl_ctx_reg(g, ctx, GVT_CTX_RING_TAIL) = *tail;
}

void wl_emit(struct wl_guest *g, enum gvt_engine e, const u32 *dw,
	     unsigned int n)
{
	wl_emit_at(g, WL_CTX(e), WL_RING(e), &g->tail[e], dw, n);
}

void wl_emit2(struct wl_guest *g, const u32 *dw, unsigned int n)
{
	wl_emit_at(g, WL_CTX2, WL_RING2, &g->tail2, dw, n);
}

u64 wl_desc(struct wl_guest *g, unsigned int ctx, u32 ccid)
{
	return (u64)ccid << 32 | wl_gm(g, ctx) | GVT_DESC_PRIVILEGE |
	       (GVT_WL_ADDR_LEGACY_64 << 3) | GVT_DESC_VALID;
}

u64 wl_kdesc(struct wl_guest *g, enum gvt_engine e)
{
	return wl_desc(g, WL_CTX(e), 0x20 * (e + 1));
}

void wl_elsp(struct wl_guest *g, enum gvt_engine e, u64 desc0, u64 desc1)
{
	u32 elsp = gvt_engine_base(e) + GVT_RING_ELSP;

	wr32(g->v, elsp, desc1 >> 32);
	wr32(g->v, elsp, (u32)desc1);
	wr32(g->v, elsp, desc0 >> 32);
	wr32(g->v, elsp, (u32)desc0);
}

u32 wl_engine_iir(struct wl_guest *g, enum gvt_engine e)
{
	static const u8 group[GVT_NUM_ENGINES] = {
		[GVT_ENGINE_RCS] = 0, [GVT_ENGINE_BCS] = 0,
		[GVT_ENGINE_VCS] = 1, [GVT_ENGINE_VCS2] = 1,
		[GVT_ENGINE_VECS] = 3,
	};
	static const u8 shift[GVT_NUM_ENGINES] = {
		[GVT_ENGINE_BCS] = 16, [GVT_ENGINE_VCS2] = 16,
	};

	return (rd32(g->v, GVT_REG_GT_ISR(group[e]) + GVT_IRQ_IIR) >>
		shift[e]) & 0xffff;
}

void wl_ack_irqs(struct wl_guest *g)
{
	unsigned int n;

	for (n = 0; n < 4; n++)
		wr32(g->v, GVT_REG_GT_ISR(n) + GVT_IRQ_IIR, ~0U);
}
