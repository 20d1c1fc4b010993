// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest pages the core write-protects through gvt_hv_ops.track_page, and
 * the writes a frontend reports on them.
 */
#include "gvt_internal.h"

/**
 * gvt_vgpu_page_written() - a guest wrote to a page the core tracks
 * @vgpu: the vGPU
 * @gpa: guest-physical address of the first byte written
 * @buf: the bytes written, already in guest memory
 * @len: their number, not crossing a 4 KiB page
 *
 * A frontend whose &gvt_hv_ops.track_page write-protected a frame calls
 * this after the guest's write to that frame has reached guest memory.
 * Must not be called with a lock that the hypervisor ops take. Writes to
 * frames the core does not track (a race with releasing them) are ignored.
 * The core shadows no guest page yet, so no write needs action today;
 * the PPGTT shadow of the workload path hooks in here.
 */
void gvt_vgpu_page_written(struct gvt_vgpu *vgpu, u64 gpa, const void *buf,
			   unsigned int len)
{
	if (!len || (gpa & 0xfff) + len > 0x1000) {
		pr_warn_ratelimited("gvt: %s: page write at 0x%llx of %u bytes crosses a page\n",
				    vgpu->gvt->name, gpa, len);
		return;
	}
}
EXPORT_SYMBOL_GPL(gvt_vgpu_page_written);
