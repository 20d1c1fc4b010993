/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a host backend places the copies of a workload's buffers in
 * graphics memory of its own (drivers/gpu/gvt/core/wl_layout.c, exported
 * by gvt.ko): pure C, used by gvt_sim and gvt_i915 and by the userspace
 * unit and fuzz tiers.
 */
#ifndef _GVT_WL_LAYOUT_H_
#define _GVT_WL_LAYOUT_H_

#include <linux/types.h>

struct gvt_workload;

/* Alignment of each batch copy in the window (a cacheline). */
#define GVT_WL_ALIGN	64
/* Dwords of the ring prologue per workaround batch (MI_BATCH_BUFFER_START). */
#define GVT_WL_CALL_DW	3

/**
 * struct gvt_wl_layout - the copies of one workload in a GM window
 * @base: GM address of the window (4 KiB aligned)
 * @ring_size: bytes of the ring copy at offset 0, a multiple of 4 KiB
 * @ring_tail: RING_TAIL of the ring copy (its HEAD is 0): the prologue
 *	       that calls the workaround batches, then the ring segment
 * @total: bytes of the window used
 * @off: per buffer of the workload, byte offset of its copy in the window
 *	 (buffer 0, the ring segment: after the prologue)
 * @nr: entries of @off
 */
struct gvt_wl_layout {
	u64 base;
	u32 ring_size;
	u32 ring_tail;
	u32 total;
	u32 *off;
	unsigned int nr;
};

/* Writes @n dwords at byte offset @off of the window. */
typedef void (*gvt_wl_write_fn)(void *priv, u32 off, const u32 *dw, u32 n);

int gvt_wl_layout(struct gvt_wl_layout *lay, const struct gvt_workload *wl,
		  u64 base, u32 max_bytes);
void gvt_wl_layout_copy(const struct gvt_wl_layout *lay,
			const struct gvt_workload *wl, gvt_wl_write_fn write,
			void *priv);
bool gvt_wl_layout_batch(const struct gvt_wl_layout *lay,
			 const struct gvt_workload *wl, u64 gm, bool *privileged);
void gvt_wl_layout_fini(struct gvt_wl_layout *lay);

#endif /* _GVT_WL_LAYOUT_H_ */
