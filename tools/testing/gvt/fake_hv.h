/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake hypervisor for the GVT core tests: struct gvt_hv_ops backed by a
 * translation table from guest frame numbers to host addresses in the fake
 * host's memory, with per-frame pin counts, failure injection and call
 * accounting.
 *
 * The guest has frames @gfn_base + k for k < @nframes; frame @gfn_base + k
 * lives at host page @first_page + @nframes - 1 - k of the fake host memory
 * (frames in reverse order, so a core that uses the gfn as the address is
 * caught). Pinning any other frame fails with -EFAULT, like a guest address
 * with no memory behind it.
 */
#ifndef _GVT_TEST_FAKE_HV_H
#define _GVT_TEST_FAKE_HV_H

#include <gvt/gvt.h>
#include "fake_host.h"

/* fail_gfn value: no frame fails. */
#define FAKE_HV_NO_FAIL		((u64)~0ULL)

enum fake_hv_call_kind {
	FAKE_HV_PIN,
	FAKE_HV_UNPIN,
	FAKE_HV_UNMAP_APERTURE,	/* gfn holds the GM address, ret the pages */
};

struct fake_hv_call {
	enum fake_hv_call_kind kind;
	u64 gfn;
	int ret;	/* what pin_gfn() returned */
};

/**
 * struct fake_hv - a fake hypervisor with a guest of @nframes frames
 * @host: the fake host whose memory holds the guest's frames
 * @vgpu: the vGPU it is attached to; its lock must be held in every call
 * @first_page: first host memory page used by this guest
 * @gfn_base: first guest frame number
 * @nframes: guest frames
 * @pins: pin count of each frame, indexed by gfn - @gfn_base
 * @fail_gfn: pin_gfn() of this frame fails with -ENOMEM
 * @fail_all: every pin_gfn() fails with -ENOMEM
 * @attached: between fake_hv_attach() and the detach; a call outside is bad
 * @pin_calls: pin_gfn() calls
 * @pin_errors: pin_gfn() calls that failed
 * @unpin_calls: unpin_gfn() calls
 * @rw_calls: rw_gpa() calls
 * @tracked: whether each frame is write-protected (track_page)
 * @track_calls: track_page() calls
 * @track_fail: track_page() of a new frame fails with -ENOSPC
 * @unmap_aperture_calls: unmap_aperture() calls (fake_hv_ap_ops only)
 * @msi_calls: inject_msi() calls
 * @msi_addr: address of the last inject_msi()
 * @msi_data: data of the last inject_msi()
 * @bad_calls: calls without the vGPU lock, while detached, and unpins of a
 *	       frame that is not pinned
 * @log: the first %FAKE_LOG_SIZE calls since fake_hv_log_reset()
 * @nlog: calls since fake_hv_log_reset()
 */
struct fake_hv {
	struct fake_host *host;
	struct gvt_vgpu *vgpu;
	u64 first_page;
	u64 gfn_base;
	u64 nframes;
	unsigned int *pins;
	u64 fail_gfn;
	bool fail_all;
	bool attached;
	unsigned long pin_calls;
	unsigned long pin_errors;
	unsigned long unpin_calls;
	unsigned long rw_calls;
	bool *tracked;
	unsigned long track_calls;
	bool track_fail;
	unsigned long unmap_aperture_calls;
	unsigned long msi_calls;
	u64 msi_addr;
	u32 msi_data;
	unsigned long bad_calls;
	struct fake_hv_call log[FAKE_LOG_SIZE];
	unsigned int nlog;
};

extern const struct gvt_hv_ops fake_hv_ops;
/* The same with unmap_aperture(), as a frontend that maps the aperture. */
extern const struct gvt_hv_ops fake_hv_ap_ops;

/* A guest of frames [@gfn_base, + @nframes) in host pages from @first_page. */
void fake_hv_init(struct fake_hv *hv, struct fake_host *host, u64 first_page,
		  u64 gfn_base, u64 nframes);
void fake_hv_fini(struct fake_hv *hv);
/* gvt_vgpu_attach_hv() / gvt_vgpu_detach_hv() with bookkeeping. */
void fake_hv_attach(struct fake_hv *hv, struct gvt_vgpu *vgpu);
void fake_hv_detach(struct fake_hv *hv);
/* The vGPU was destroyed: the hypervisor must not be called any more. */
void fake_hv_forget(struct fake_hv *hv);
void fake_hv_log_reset(struct fake_hv *hv);

/* Whether @gfn is one of the guest's frames. */
bool fake_hv_has(const struct fake_hv *hv, u64 gfn);
/* Host address of frame @gfn (which must be one of the guest's). */
u64 fake_hv_addr(const struct fake_hv *hv, u64 gfn);
/* Pin count of frame @gfn (0 for frames the guest does not have). */
unsigned int fake_hv_pins(const struct fake_hv *hv, u64 gfn);
/* The guest's view of its frame @gfn, 4096 bytes. */
u8 *fake_hv_page(const struct fake_hv *hv, u64 gfn);
/* Pins held over all frames. */
unsigned long fake_hv_pinned(const struct fake_hv *hv);
/* Frames write-protected now. */
unsigned long fake_hv_tracked(const struct fake_hv *hv);
/* No pin held, every successful pin unpinned once, no bad call. */
bool fake_hv_balanced(const struct fake_hv *hv);

#endif /* _GVT_TEST_FAKE_HV_H */
