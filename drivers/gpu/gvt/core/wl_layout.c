// SPDX-License-Identifier: GPL-2.0-only
/*
 * A host backend places the copies of a workload's scanned buffers in a
 * graphics-memory window of its own (gvt_sim: GM private to the engine;
 * gvt_i915: an object it pins in the GGTT):
 *
 *   offset 0        the ring: a prologue that calls each workaround batch
 *                   (indirect context, per context) with a privileged
 *                   MI_BATCH_BUFFER_START, then the ring segment; HEAD 0,
 *                   TAIL after it, size rounded up to 4 KiB with room to
 *                   spare (TAIL < size);
 *   then            every other buffer, each at a %GVT_WL_ALIGN
 *                   boundary, followed by one guard dword: MI_BATCH_BUFFER_END
 *                   after a workaround batch (which need not end itself),
 *                   an invalid command after any other, so that running
 *                   off the end of a scanned copy is a CS error and never
 *                   reaches what an earlier workload left in the window.
 *
 * Every MI_BATCH_BUFFER_START that starts a buffer (&gvt_workload_buf
 * parent and start_dw) is relocated in the parent's copy to the child's
 * copy, in the GGTT (bit 8 cleared). gvt_sim's executor then gives the
 * batch the privilege of the buffer (gvt_wl_layout_batch()), so a PPGTT
 * batch stays unprivileged wherever its copy lives. A real GPU runs a GGTT
 * batch privileged: there the command scanner's refusal of privileged
 * commands and GGTT operands in a PPGTT buffer is what keeps it to what an
 * unprivileged batch may do (Documentation/gpu/gvt/i915.rst).
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <gvt/gvt.h>

#include <gvt/wl_layout.h>

#define WL_PAGE			4096U
#define MI_BB_START_OP		0x31
#define MI_BB_START_GGTT	0x18800001
#define MI_BB_PPGTT_BIT		BIT(8)
#define MI_BB_END		0x05000000
#define GUARD_INVALID		0xffffffff

static inline u64 wl_up(u64 x, u64 a)
{
	return (x + a - 1) / a * a;
}

static bool wl_is_wa(const struct gvt_workload_buf *b)
{
	return b->kind == GVT_WL_BUF_INDIRECT_CTX ||
	       b->kind == GVT_WL_BUF_PER_CTX;
}

/* Check the buffer graph the core promises; -EINVAL if it is not so. */
static int wl_check(const struct gvt_workload *wl)
{
	const struct gvt_workload_buf *b, *p;
	unsigned int i;

	if (!wl->nr_bufs || wl->bufs[0].kind != GVT_WL_BUF_RING ||
	    wl->bufs[0].parent != -1)
		return -EINVAL;
	for (i = 0; i < wl->nr_bufs; i++) {
		b = &wl->bufs[i];
		if (b->ndw && !b->cmds)
			return -EINVAL;
		if (i == 0)
			continue;
		if (wl_is_wa(b)) {
			if (b->parent != -1)
				return -EINVAL;
			continue;
		}
		if ((b->kind != GVT_WL_BUF_BATCH &&
		     b->kind != GVT_WL_BUF_BATCH2) || b->parent < 0 ||
		    b->parent >= (int)wl->nr_bufs)
			return -EINVAL;
		p = &wl->bufs[b->parent];
		if (p->ndw < 3 || b->start_dw > p->ndw - 3 ||
		    ((p->cmds[b->start_dw] >> 23) & 0x3f) != MI_BB_START_OP)
			return -EINVAL;
	}
	return 0;
}

/**
 * gvt_wl_layout() - place the copies of a workload
 * @lay: filled in; release with gvt_wl_layout_fini()
 * @wl: the workload
 * @base: GM address of the window, 4 KiB aligned
 * @max_bytes: size of the window
 *
 * Return: 0, -EINVAL if the buffers are not as the contract describes,
 * -E2BIG if they do not fit in the window, -ENOMEM.
 */
int gvt_wl_layout(struct gvt_wl_layout *lay, const struct gvt_workload *wl,
		  u64 base, u32 max_bytes)
{
	u64 pos, ring_tail;
	unsigned int i, nwa = 0;
	int ret;

	memset(lay, 0, sizeof(*lay));
	ret = wl_check(wl);
	if (ret)
		return ret;
	for (i = 1; i < wl->nr_bufs; i++)
		nwa += wl_is_wa(&wl->bufs[i]);
	ring_tail = 4ULL * (GVT_WL_CALL_DW * nwa + wl->bufs[0].ndw);
	pos = wl_up(ring_tail + 4, WL_PAGE);
	if (pos > max_bytes)
		return -E2BIG;
	lay->off = kcalloc(wl->nr_bufs, sizeof(*lay->off), GFP_KERNEL);
	if (!lay->off)
		return -ENOMEM;
	lay->nr = wl->nr_bufs;
	lay->base = base;
	lay->ring_tail = (u32)ring_tail;
	lay->ring_size = (u32)pos;
	lay->off[0] = 4 * GVT_WL_CALL_DW * nwa;
	for (i = 1; i < wl->nr_bufs; i++) {
		pos = wl_up(pos, GVT_WL_ALIGN);
		lay->off[i] = (u32)pos;
		pos += 4ULL * wl->bufs[i].ndw + 4;	/* and the guard */
		if (pos > max_bytes) {
			gvt_wl_layout_fini(lay);
			return -E2BIG;
		}
	}
	lay->total = (u32)pos;
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_wl_layout);

/**
 * gvt_wl_layout_copy() - write the copies, relocated, into the window
 * @lay: their places (gvt_wl_layout())
 * @wl: the workload
 * @write: writes dwords into the window
 * @priv: argument of @write
 */
void gvt_wl_layout_copy(const struct gvt_wl_layout *lay,
			const struct gvt_workload *wl, gvt_wl_write_fn write,
			void *priv)
{
	const struct gvt_workload_buf *b;
	u32 call[GVT_WL_CALL_DW], guard;
	unsigned int i, nwa = 0;
	u64 gm;

	for (i = 0; i < wl->nr_bufs; i++) {
		b = &wl->bufs[i];
		if (b->ndw)
			write(priv, lay->off[i], b->cmds, b->ndw);
		if (i == 0)
			continue;
		guard = wl_is_wa(b) ? MI_BB_END : GUARD_INVALID;
		write(priv, lay->off[i] + 4 * b->ndw, &guard, 1);
		if (wl_is_wa(b)) {
			gm = lay->base + lay->off[i];
			call[0] = MI_BB_START_GGTT;
			call[1] = (u32)gm;
			call[2] = (u32)(gm >> 32);
			write(priv, 4 * GVT_WL_CALL_DW * nwa++, call,
			      GVT_WL_CALL_DW);
		}
	}
	/* Relocate every batch start to the copy it starts. */
	for (i = 1; i < wl->nr_bufs; i++) {
		b = &wl->bufs[i];
		if (wl_is_wa(b))
			continue;
		gm = lay->base + lay->off[i];
		call[0] = wl->bufs[b->parent].cmds[b->start_dw] &
			  ~MI_BB_PPGTT_BIT;
		call[1] = (u32)gm;
		call[2] = (u32)(gm >> 32);
		write(priv, lay->off[b->parent] + 4 * b->start_dw, call,
		      GVT_WL_CALL_DW);
	}
}
EXPORT_SYMBOL_GPL(gvt_wl_layout_copy);

/**
 * gvt_wl_layout_batch() - the buffer a relocated batch start reaches
 * @lay: the layout
 * @wl: the workload
 * @gm: the address a MI_BATCH_BUFFER_START of a copy jumps to
 * @privileged: set to whether that buffer is privileged
 *
 * Return: true if @gm is the start of a batch copy, false otherwise (the
 * executor then refuses the batch).
 */
bool gvt_wl_layout_batch(const struct gvt_wl_layout *lay,
			 const struct gvt_workload *wl, u64 gm, bool *privileged)
{
	unsigned int i;

	if (gm < lay->base)
		return false;
	for (i = 1; i < lay->nr; i++) {
		if (lay->base + lay->off[i] == gm) {
			*privileged = !wl->bufs[i].ppgtt;
			return true;
		}
	}
	return false;
}
EXPORT_SYMBOL_GPL(gvt_wl_layout_batch);

/**
 * gvt_wl_layout_fini() - release a layout
 * @lay: the layout
 */
void gvt_wl_layout_fini(struct gvt_wl_layout *lay)
{
	kfree(lay->off);
	lay->off = NULL;
	lay->nr = 0;
}
EXPORT_SYMBOL_GPL(gvt_wl_layout_fini);
