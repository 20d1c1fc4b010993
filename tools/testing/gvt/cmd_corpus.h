/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generators of realistic Gen9 command streams for the command scanner's
 * tests, fuzz seeds and benchmark, written from the public command
 * formats (opcodes as in drivers/gpu/gvt/core/cmd_table.c):
 *
 *   3d     render streams like a GL or Vulkan driver emits: pipeline and
 *          state setup, draws, PIPE_CONTROL post-sync writes, LRI to
 *          whitelisted registers, SRM of TIMESTAMP and statistics
 *   media  MFX/HCP decode streams on the video engines, MEDIA_* and
 *          GPGPU_WALKER on the render engine, VEBOX on VECS
 *   blit   XY_SRC_COPY_BLT, XY_FAST_COPY_BLT and XY_COLOR_BLT with
 *          MI_FLUSH_DW on the blitter
 *   noop   long MI_NOOP runs with sparse commands, on any engine
 *   chain  a ring that starts GGTT and PPGTT first-level batches, which
 *          call second-level batches and chain to further batches
 *
 * Everything is deterministic from a seed. Every stream generated is one
 * the scanner must accept: registers come from the whitelist, GGTT
 * operands and GGTT batches lie inside the vGPU's partition, PPGTT
 * batches use PPGTT forms only.
 */
#ifndef _GVT_TEST_CMD_CORPUS_H
#define _GVT_TEST_CMD_CORPUS_H

#include "cmd_env.h"

enum cmd_corpus_kind {
	CMD_CORPUS_3D,
	CMD_CORPUS_MEDIA,
	CMD_CORPUS_BLIT,
	CMD_CORPUS_NOOP,
	CMD_CORPUS_CHAIN,
	CMD_CORPUS_KINDS,
};

extern const char * const cmd_corpus_names[CMD_CORPUS_KINDS];

/* Batches one submission places at most, and dwords of its ring. */
#define CMD_SUB_BATCHES		8
#define CMD_SUB_RING_DW		96

/*
 * Where the generators put things, as offsets into the vGPU's aperture
 * range (rings, GGTT operands, GGTT batches) and PPGTT addresses.
 */
#define CMD_CORPUS_RING_OFF	0x0ULL		/* 16 rings of 16 KiB */
#define CMD_CORPUS_RING_SIZE	0x4000U
#define CMD_CORPUS_SCRATCH_OFF	0x100000ULL	/* 1 MiB of GGTT operands */
#define CMD_CORPUS_BATCH_OFF	0x200000ULL	/* GGTT batches */
#define CMD_CORPUS_PPGTT_BATCH	0x10000000ULL	/* PPGTT batches */
#define CMD_CORPUS_PPGTT_DATA	0x80000000ULL	/* PPGTT operands */
#define CMD_CORPUS_WINDOW	0x100000ULL	/* size of an operand window */

/**
 * struct cmd_batch - a batch buffer a submission placed in memory
 * @gma: its graphics address
 * @ppgtt: in the PPGTT memory (a non-privileged batch), else the GGTT
 * @dw: its dwords (malloc'd)
 * @ndw: number of dwords, the last being MI_BATCH_BUFFER_END or the
 *	 MI_BATCH_BUFFER_START that chains to the next batch
 */
struct cmd_batch {
	u64 gma;
	bool ppgtt;
	u32 *dw;
	u32 ndw;
};

/**
 * struct cmd_sub - a generated submission, placed in a cmd_env
 * @kind: the corpus it comes from
 * @engine: the engine it runs on
 * @ring_gma: GGTT address of the ring
 * @ring_size: bytes of the ring
 * @head: byte offset of the segment in the ring (it may wrap)
 * @ring: the ring segment's dwords, from @head
 * @ring_ndw: dwords in @ring
 * @batch: the batches, [0] being the largest
 * @nbatch: entries of @batch
 * @cmds: commands generated, a run of MI_NOOP counting as one
 * @bytes: bytes of the ring segment and the batches
 */
struct cmd_sub {
	enum cmd_corpus_kind kind;
	enum gvt_engine engine;
	u64 ring_gma;
	u32 ring_size;
	u32 head;
	u32 ring[CMD_SUB_RING_DW];
	u32 ring_ndw;
	struct cmd_batch batch[CMD_SUB_BATCHES];
	unsigned int nbatch;
	u64 cmds;
	u64 bytes;
};

/*
 * Fill @buf with @ndw dwords (at least 1) of @kind commands for @engine,
 * deterministic from @seed: a first-level batch whose memory operands
 * are PPGTT addresses if @ppgtt, else GGTT addresses in the scratch
 * window of @env's vGPU, padded with MI_NOOP and ending with
 * MI_BATCH_BUFFER_END in its last dword. A kind the engine cannot run
 * (3d or blit elsewhere, chain) gives the engine's usual stream. Returns
 * the number of commands.
 */
u32 cmd_corpus_fill(const struct cmd_env *env, enum cmd_corpus_kind kind,
		    enum gvt_engine engine, bool ppgtt, u32 seed, u32 *buf,
		    u32 ndw);

/*
 * Generate a submission of @kind from @seed whose batches hold about
 * @bytes (at least a few hundred), write its batches into @env's
 * memories and describe it in @sub. 3d runs on the render engine, blit
 * on the blitter, the others on an engine chosen by @seed; the largest
 * batch is a PPGTT batch when @seed is even. Aborts if out of memory.
 */
void cmd_corpus_sub(struct cmd_env *env, enum cmd_corpus_kind kind,
		    u32 seed, u32 bytes, struct cmd_sub *sub);
void cmd_corpus_sub_free(struct cmd_sub *sub);

/* Scan @sub's ring segment with cmd_env_scan_ring(); fini @s after. */
int cmd_corpus_scan(struct cmd_env *env, const struct cmd_sub *sub,
		    struct gvt_scan *s);

#endif /* _GVT_TEST_CMD_CORPUS_H */
