// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shadow of a guest context's 4-level PPGTT.
 *
 * Not implemented yet: gvt_ppgtt_get() reports that no shadow exists, so
 * the workload carries no PPGTT root and the command scanner refuses
 * every non-privileged (PPGTT) batch buffer, which puts the vGPU in
 * failsafe. GGTT-only work (the ring and privileged batches) runs.
 */
#include "gvt_internal.h"

/**
 * gvt_ppgtt_get() - the shadow of the PPGTT rooted at a guest PML4
 * @vgpu: the vGPU, locked
 * @root: guest-physical address of the PML4
 * @out: the shadow, with a reference
 *
 * Return: 0, -ENOMEM, or -ENODEV when the core keeps no shadow.
 */
int gvt_ppgtt_get(struct gvt_vgpu *vgpu, u64 root, struct gvt_ppgtt **out)
{
	*out = NULL;
	return -ENODEV;
}

/**
 * gvt_ppgtt_put() - drop a reference of gvt_ppgtt_get()
 * @pt: the shadow, or NULL
 */
void gvt_ppgtt_put(struct gvt_ppgtt *pt)
{
}

/**
 * gvt_ppgtt_root() - bus address of a shadow's PML4
 * @pt: the shadow
 *
 * Return: the address the GPU walks from.
 */
u64 gvt_ppgtt_root(struct gvt_ppgtt *pt)
{
	return 0;
}

/**
 * gvt_ppgtt_gm_read() - read PPGTT graphics memory of a guest context
 * @pt: the shadow (a struct gvt_ppgtt)
 * @gma: PPGTT address
 * @buf: where to copy
 * @len: bytes
 *
 * Return: 0 or -EFAULT.
 */
int gvt_ppgtt_gm_read(void *pt, u64 gma, void *buf, u32 len)
{
	return -EFAULT;
}

/**
 * gvt_ppgtt_vgpu_fini() - drop every shadow of a vGPU
 * @vgpu: the vGPU, locked, with no workload in flight
 */
void gvt_ppgtt_vgpu_fini(struct gvt_vgpu *vgpu)
{
}

/**
 * gvt_ppgtt_device_fini() - free a device's scratch page
 * @gvt: the device, without vGPUs
 */
void gvt_ppgtt_device_fini(struct gvt_device *gvt)
{
}
