/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixture of the command scanner tests, fuzz target and benchmark: a
 * device with one vGPU and two flat fake graphics memories, a GGTT one
 * that refuses addresses outside the vGPU's partition (like
 * gvt_ggtt_gm_read()) and a PPGTT one, both readable through
 * struct gvt_gm_access.
 */
#ifndef _GVT_TEST_CMD_ENV_H
#define _GVT_TEST_CMD_ENV_H

#include "gvt_internal.h"
#include "fake_host.h"

/* Bytes of graphics address space a fake memory covers: [0, 4 GiB). */
#define FAKE_GM_SIZE	BIT_ULL(32)

/**
 * struct fake_gm - sparse fake graphics memory over [0, FAKE_GM_SIZE)
 * @pages: one pointer per 4 KiB page, NULL until written
 * @vgpu: when set, reads outside the vGPU's ranges fail (a GGTT)
 * @reads: read calls
 * @read_bytes: bytes read
 * @fail_after: reads left before every read fails with -EFAULT (-1: never)
 */
struct fake_gm {
	u8 **pages;
	const struct gvt_vgpu *vgpu;
	unsigned long reads;
	unsigned long long read_bytes;
	long fail_after;
};

void fake_gm_init(struct fake_gm *gm, const struct gvt_vgpu *vgpu);
void fake_gm_fini(struct fake_gm *gm);
/* Copy @len bytes to @addr, allocating the pages. */
void fake_gm_write(struct fake_gm *gm, u64 addr, const void *buf, u64 len);
/* The struct gvt_gm_access callback: -EFAULT for unwritten pages too. */
int fake_gm_read(void *priv, u64 addr, void *buf, u32 len);

/**
 * struct cmd_env - a device, a vGPU and its graphics memories
 * @host: the fake host of the device
 * @gvt: the device
 * @vgpu: a GVTg_V5_4 vGPU (aperture 128 MiB, hidden 512 MiB)
 * @ggtt: its GGTT memory
 * @ppgtt: the PPGTT memory of its context
 * @ggtt_acc: reader of @ggtt
 * @ppgtt_acc: reader of @ppgtt
 */
struct cmd_env {
	struct fake_host host;
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	struct fake_gm ggtt;
	struct fake_gm ppgtt;
	struct gvt_gm_access ggtt_acc;
	struct gvt_gm_access ppgtt_acc;
};

void cmd_env_init(struct cmd_env *env);
void cmd_env_fini(struct cmd_env *env);

/* First byte of the vGPU's aperture (low) and hidden (high) ranges. */
static inline u64 cmd_env_low(const struct cmd_env *env)
{
	return env->vgpu->low.start;
}

static inline u64 cmd_env_high(const struct cmd_env *env)
{
	return env->vgpu->high.start;
}

/*
 * Scan a ring of @ring_size bytes at GGTT @ring_gma holding @ndw dwords
 * @cmds from offset @head (wrapping), tail after the last dword. The scan
 * is left in @s (gvt_scan_fini() it); returns what gvt_scan_ring() did.
 */
int cmd_env_scan_ring(struct cmd_env *env, struct gvt_scan *s,
		      enum gvt_engine engine, u64 ring_gma, u32 ring_size,
		      u32 head, const u32 *cmds, u32 ndw);

/*
 * The first half of cmd_env_scan_ring(): write @ndw dwords @cmds into the
 * ring from @head (wrapping), make the rest of the ring readable, return
 * the tail.
 */
u32 cmd_env_put_ring(struct cmd_env *env, u64 ring_gma, u32 ring_size,
		     u32 head, const u32 *cmds, u32 ndw);

/* Write @ndw dwords @cmds at @gma of the GGTT or the PPGTT memory. */
void cmd_env_put(struct cmd_env *env, bool ppgtt, u64 gma, const u32 *cmds,
		 u32 ndw);

#endif /* _GVT_TEST_CMD_ENV_H */
