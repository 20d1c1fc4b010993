// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generators of realistic Gen9 command streams: see cmd_corpus.h.
 *
 * A stream is built command by command into a buffer of a given size;
 * when the next command does not fit, the rest is MI_NOOP. Payload
 * dwords that hold no register or memory operand are random: the scanner
 * does not audit them, so the generator need not model them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_corpus.h"

const char * const cmd_corpus_names[CMD_CORPUS_KINDS] = {
	[CMD_CORPUS_3D] = "3d",
	[CMD_CORPUS_MEDIA] = "media",
	[CMD_CORPUS_BLIT] = "blit",
	[CMD_CORPUS_NOOP] = "noop",
	[CMD_CORPUS_CHAIN] = "chain",
};

/* First dwords of the commands, with the length field as the PRM gives. */
#define MI(op)			((u32)(op) << 23)
#define MI_NOOP			0
#define MI_USER_INTERRUPT	MI(0x02)
#define MI_ARB_CHECK		MI(0x05)
#define MI_BATCH_BUFFER_END	MI(0x0a)
#define MI_MATH(n)		(MI(0x1a) | ((n) - 1))
#define MI_STORE_DATA_IMM(n)	(MI(0x20) | ((n) - 2))
#define MI_LRI(pairs)		(MI(0x22) | (2 * (pairs) - 1))
#define MI_SRM			(MI(0x24) | 2)
#define MI_FLUSH_DW		(MI(0x26) | 2)
#define MI_LRM			(MI(0x29) | 2)
#define MI_LRR			(MI(0x2a) | 1)
#define MI_COPY_MEM_MEM		(MI(0x2e) | 3)
#define MI_ATOMIC		(MI(0x2f) | 1)
#define MI_BB_START		(MI(0x31) | 1)
#define MI_GGTT			BIT(22)		/* memory operand in the GGTT */
#define MI_COPY_SRC_GGTT	BIT(22)
#define MI_COPY_DST_GGTT	BIT(21)
#define BB_SECOND_LEVEL		BIT(22)
#define BB_PPGTT		BIT(8)
#define FLUSH_POST_SYNC_IMM	BIT(14)
#define FLUSH_GGTT		BIT(2)

/* Client 3: bits 28:16 are the opcode, 7:0 (or more) the length - 2. */
#define GFX(op, len)		(((u32)(op) << 16) | ((len) - 2))
#define PIPELINE_SELECT(p)	(0x69040000U | 0x300 | (p))
#define PC_LEN			6
#define PC_GGTT			BIT(24)
#define PC_CS_STALL		BIT(20)
#define PC_POST_SYNC(op)	((u32)(op) << 14)

/* Blitter: client 2, opcode in bits 28:22, RGB and alpha write enable. */
#define XY(op, len)		(0x40000000U | (u32)(op) << 22 | 3U << 20 | \
				 ((len) - 2))

/*
 * Whitelisted registers (Documentation/gpu/gvt/cmd_parser.rst); the GPRs
 * of the generator's engine, the others the render engine's.
 */
#define REG_CS_GPR(n)		(cg_engine_base(g->engine) + 0x600 + 8 * (n))
#define REG_MI_PREDICATE_SRC0	0x2400
#define REG_MI_PREDICATE_SRC1	0x2408
#define REG_3DPRIM_END_OFFSET	0x2420
#define REG_3DPRIM_START_VERTEX	0x2430
#define REG_3DPRIM_VERTEX_COUNT	0x2434
#define REG_3DPRIM_INSTANCE_CNT	0x2438
#define REG_GPGPU_DISPATCHDIMX	0x2500
#define REG_SO_WRITE_OFFSET(n)	(0x5280 + 4 * (n))
#define REG_CACHE_MODE_1	0x7004
#define REG_L3CNTLREG		0x7034
#define REG_BCS_SWCTRL		0x22200
#define REG_PS_DEPTH_COUNT	0x2350
#define REG_TIMESTAMP(base)	((base) + 0x358)
#define REG_CTX_TIMESTAMP(base)	((base) + 0x3a8)

/* Pipeline statistics counters, 64 bits each, from 0x2300. */
static const u32 stat_regs[] = {
	0x2300, 0x2308, 0x2310, 0x2318, 0x2320, 0x2328, 0x2330, 0x2338,
	0x2340, 0x2348, 0x2350, 0x2290, 0x5200, 0x5208,
};

struct cmd_gen {
	u32 *buf;
	u32 cap;
	u32 n;
	u64 cmds;
	u64 rng;
	bool full;
	enum gvt_engine engine;
	bool ppgtt;
	u64 ggtt_scratch;
	unsigned int draws;
};

static void die(const char *what)
{
	fprintf(stderr, "cmd_corpus: %s\n", what);
	abort();
}

static u32 cg_rand(struct cmd_gen *g)
{
	/* xorshift64* */
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return (g->rng * 0x2545f4914f6cdd1dULL) >> 32;
}

/* True one time in @n. */
static bool cg_chance(struct cmd_gen *g, u32 n)
{
	return cg_rand(g) % n == 0;
}

static void cg_init(struct cmd_gen *g, const struct cmd_env *env,
		    enum gvt_engine engine, bool ppgtt, u32 seed, u32 *buf,
		    u32 cap)
{
	memset(g, 0, sizeof(*g));
	g->buf = buf;
	g->cap = cap;
	g->rng = 0x9e3779b97f4a7c15ULL ^ ((u64)seed << 17 | seed);
	if (!g->rng)
		g->rng = 1;
	g->engine = engine;
	g->ppgtt = ppgtt;
	g->ggtt_scratch = cmd_env_low(env) + CMD_CORPUS_SCRATCH_OFF;
}

/*
 * Room for a command of @len dwords, or NULL when it does not fit (the
 * stream is then full). Payload dwords are random.
 */
static u32 *cg_cmd(struct cmd_gen *g, u32 len)
{
	u32 *p, i;

	if (g->full || len > g->cap - g->n) {
		g->full = true;
		return NULL;
	}
	p = g->buf + g->n;
	for (i = 1; i < len; i++)
		p[i] = cg_rand(g);
	g->n += len;
	g->cmds++;
	return p;
}

/* MI_NOOP up to @end dwords; a run counts as one command. */
static void cg_pad(struct cmd_gen *g, u32 end)
{
	if (g->n >= end)
		return;
	memset(g->buf + g->n, 0, (end - g->n) * 4);
	g->n = end;
	g->cmds++;
}

/* An 8-byte aligned address in the operand window of the stream. */
static u64 cg_addr(struct cmd_gen *g)
{
	u64 off = (cg_rand(g) % CMD_CORPUS_WINDOW) & ~7ULL;

	if (g->ppgtt)
		return CMD_CORPUS_PPGTT_DATA + off;
	return g->ggtt_scratch + off;
}

static void cg_put_addr(u32 *p, u64 addr)
{
	p[0] = (u32)addr;
	p[1] = (u32)(addr >> 32);
}

static u32 cg_engine_base(enum gvt_engine e)
{
	static const u32 base[GVT_NUM_ENGINES] = {
		[GVT_ENGINE_RCS] = GVT_RCS_BASE,
		[GVT_ENGINE_VCS] = GVT_VCS_BASE,
		[GVT_ENGINE_VCS2] = GVT_VCS2_BASE,
		[GVT_ENGINE_BCS] = GVT_BCS_BASE,
		[GVT_ENGINE_VECS] = GVT_VECS_BASE,
	};

	return base[e];
}

/* The engine's MOCS table: only its own commands may load it. */
static u32 cg_mocs_base(enum gvt_engine e)
{
	static const u32 mocs[GVT_NUM_ENGINES] = {
		[GVT_ENGINE_RCS] = 0xc800,
		[GVT_ENGINE_VCS] = 0xc900,
		[GVT_ENGINE_VCS2] = 0xca00,
		[GVT_ENGINE_VECS] = 0xcb00,
		[GVT_ENGINE_BCS] = 0xcc00,
	};

	return mocs[e];
}

/* --- MI commands, every engine --------------------------------------- */

static void cg_lri(struct cmd_gen *g, const u32 *regs, unsigned int n)
{
	u32 *p = cg_cmd(g, 1 + 2 * n);
	unsigned int i;

	if (!p)
		return;
	p[0] = MI_LRI(n);
	for (i = 0; i < n; i++)
		p[1 + 2 * i] = regs[i];
}

/* SRM of @reg into the operand window. */
static void cg_srm(struct cmd_gen *g, u32 reg)
{
	u32 *p = cg_cmd(g, 4);

	if (!p)
		return;
	p[0] = MI_SRM | (g->ppgtt ? 0 : MI_GGTT);
	p[1] = reg;
	cg_put_addr(p + 2, cg_addr(g));
}

static void cg_lrm(struct cmd_gen *g, u32 reg)
{
	u32 *p = cg_cmd(g, 4);

	if (!p)
		return;
	p[0] = MI_LRM | (g->ppgtt ? 0 : MI_GGTT);
	p[1] = reg;
	cg_put_addr(p + 2, cg_addr(g));
}

static void cg_sdi(struct cmd_gen *g, bool qword)
{
	u32 *p = cg_cmd(g, qword ? 5 : 4);

	if (!p)
		return;
	p[0] = MI_STORE_DATA_IMM(qword ? 5 : 4) | (g->ppgtt ? 0 : MI_GGTT) |
	       (qword ? BIT(21) : 0);
	cg_put_addr(p + 1, cg_addr(g));
}

/* A 64-bit counter stored as two SRMs, like a query. */
static void cg_srm64(struct cmd_gen *g, u32 reg)
{
	cg_srm(g, reg);
	cg_srm(g, reg + 4);
}

static void cg_timestamp(struct cmd_gen *g)
{
	u32 base = cg_engine_base(g->engine);

	if (cg_chance(g, 3))
		cg_srm(g, REG_CTX_TIMESTAMP(base));
	else
		cg_srm64(g, REG_TIMESTAMP(base));
}

/* MI_FLUSH_DW with an immediate post-sync write (not on render). */
static void cg_flush_dw(struct cmd_gen *g)
{
	u32 *p = cg_cmd(g, 4);

	if (!p)
		return;
	/* Maybe a TLB or video pipeline cache invalidation too. */
	p[0] = MI_FLUSH_DW | FLUSH_POST_SYNC_IMM |
	       (cg_rand(g) & (BIT(18) | BIT(8)));
	cg_put_addr(p + 1, cg_addr(g));
	p[1] |= g->ppgtt ? 0 : FLUSH_GGTT;
}

/* GPR arithmetic, as Vulkan query resolves do: LRR, MI_MATH, LRI. */
static void cg_gpr_math(struct cmd_gen *g)
{
	u32 *p;
	unsigned int i, n = 2 + cg_rand(g) % 6;
	u32 regs[2] = { REG_CS_GPR(cg_rand(g) % 16),
			REG_CS_GPR(cg_rand(g) % 16) + 4 };

	cg_lri(g, regs, 2);
	p = cg_cmd(g, 3);
	if (p) {
		p[0] = MI_LRR;
		p[1] = REG_CS_GPR(cg_rand(g) % 16);
		p[2] = REG_CS_GPR(cg_rand(g) % 16);
	}
	p = cg_cmd(g, 1 + n);
	if (!p)
		return;
	p[0] = MI_MATH(n);
	for (i = 1; i <= n; i++)
		p[i] = cg_rand(g);
}

static void cg_atomic(struct cmd_gen *g)
{
	u32 *p = cg_cmd(g, 3);

	if (!p)
		return;
	/* Data size dword, an increment: ATOMIC_INC (0x05 << 8). */
	p[0] = MI_ATOMIC | (g->ppgtt ? 0 : MI_GGTT) | 0x05 << 8;
	cg_put_addr(p + 1, cg_addr(g));
}

static void cg_copy_mem(struct cmd_gen *g)
{
	u32 *p = cg_cmd(g, 5);

	if (!p)
		return;
	p[0] = MI_COPY_MEM_MEM |
	       (g->ppgtt ? 0 : MI_COPY_SRC_GGTT | MI_COPY_DST_GGTT);
	cg_put_addr(p + 1, cg_addr(g));
	cg_put_addr(p + 3, cg_addr(g));
}

static void cg_mi_misc(struct cmd_gen *g)
{
	u32 *p;

	switch (cg_rand(g) % 6) {
	case 0:
		p = cg_cmd(g, 1);
		if (p)
			p[0] = MI_ARB_CHECK;
		break;
	case 1:
		cg_sdi(g, cg_chance(g, 2));
		break;
	case 2:
		cg_atomic(g);
		break;
	case 3:
		cg_copy_mem(g);
		break;
	case 4:
		cg_lrm(g, REG_CS_GPR(cg_rand(g) % 16));
		break;
	default:
		p = cg_cmd(g, 1);
		if (p)
			p[0] = MI_NOOP | BIT(22) | (cg_rand(g) & 0x3fffff);
		break;
	}
}

/* --- render: 3D ------------------------------------------------------ */

/* A command of fixed length @len whose payload is not audited. */
static void cg_state(struct cmd_gen *g, u32 op, u32 len)
{
	u32 *p = cg_cmd(g, len);

	if (p)
		p[0] = len == 1 ? (u32)op << 16 : GFX(op, len);
}

static void cg_pipe_control(struct cmd_gen *g, bool post_sync)
{
	u32 *p = cg_cmd(g, PC_LEN);
	u32 op = 1 + cg_rand(g) % 3;

	if (!p)
		return;
	p[0] = GFX(0x7a00, PC_LEN);
	/* Cache flushes and invalidations, CS stall; no index or LRI. */
	p[1] = (cg_rand(g) & 0x00101c3f) | PC_CS_STALL;
	if (post_sync) {
		p[1] |= PC_POST_SYNC(op) | (g->ppgtt ? 0 : PC_GGTT);
		cg_put_addr(p + 2, cg_addr(g));
	}
}

static void cg_3d_setup(struct cmd_gen *g)
{
	static const u32 urb[] = { 0x7830, 0x7831, 0x7832, 0x7833 };
	unsigned int i;
	u32 *p = cg_cmd(g, 1);

	if (p)
		p[0] = PIPELINE_SELECT(0);
	cg_state(g, 0x6101, 19);		/* STATE_BASE_ADDRESS */
	for (i = 0; i < 5; i++)			/* PUSH_CONSTANT_ALLOC_* */
		cg_state(g, 0x7912 + i, 2);
	for (i = 0; i < ARRAY_SIZE(urb); i++)
		cg_state(g, urb[i], 2);
	cg_state(g, 0x7900, 4);			/* DRAWING_RECTANGLE */
	cg_state(g, 0x780d, 2);			/* MULTISAMPLE */
	cg_state(g, 0x7818, 2);			/* SAMPLE_MASK */
	cg_state(g, 0x680b, 1);			/* VF_STATISTICS */
	{
		u32 regs[] = { REG_CACHE_MODE_1, REG_L3CNTLREG };

		cg_lri(g, regs, 2);
	}
}

static void cg_3d_draw(struct cmd_gen *g)
{
	/* Per-stage state: VS, HS, DS, GS, PS and their lengths. */
	static const struct { u32 op, len; } stages[] = {
		{ 0x7810, 9 }, { 0x781b, 9 }, { 0x781d, 11 }, { 0x7811, 10 },
		{ 0x7820, 12 },
	};
	static const u32 constants[] = { 0x7815, 0x7819, 0x781a, 0x7816,
					 0x7817 };
	static const struct { u32 op, len; } fixed[] = {
		{ 0x781f, 6 }, { 0x7851, 11 }, { 0x7812, 4 }, { 0x7813, 4 },
		{ 0x7850, 5 }, { 0x7814, 2 }, { 0x780c, 2 }, { 0x784b, 2 },
		{ 0x784f, 2 }, { 0x784d, 2 }, { 0x784e, 4 }, { 0x780e, 2 },
		{ 0x7823, 2 }, { 0x7821, 2 }, { 0x7824, 2 }, { 0x781c, 4 },
		{ 0x784a, 2 }, { 0x7849, 3 }, { 0x780f, 2 }, { 0x7805, 8 },
		{ 0x7807, 5 }, { 0x7806, 5 }, { 0x7804, 3 }, { 0x780a, 5 },
	};
	unsigned int i, n;
	u32 *p;

	for (i = 0; i < ARRAY_SIZE(stages); i++) {
		if (!cg_chance(g, 3))
			continue;
		cg_state(g, stages[i].op, stages[i].len);
		cg_state(g, 0x7826 + i, 2);	/* BINDING_TABLE_POINTERS */
		cg_state(g, 0x782b + i, 2);	/* SAMPLER_STATE_POINTERS */
		cg_state(g, constants[i], 11);	/* CONSTANT_* */
	}
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		if (cg_chance(g, 4))
			cg_state(g, fixed[i].op, fixed[i].len);
	if (cg_chance(g, 2)) {
		n = 1 + cg_rand(g) % 4;
		cg_state(g, 0x7808, 1 + 4 * n);	/* VERTEX_BUFFERS */
		n = 1 + cg_rand(g) % 6;
		cg_state(g, 0x7809, 1 + 2 * n);	/* VERTEX_ELEMENTS */
	}
	if (cg_chance(g, 8)) {			/* indirect draw */
		u32 regs[] = { REG_3DPRIM_START_VERTEX, REG_3DPRIM_VERTEX_COUNT,
			       REG_3DPRIM_INSTANCE_CNT };

		cg_lri(g, regs, 3);
	}
	p = cg_cmd(g, 7);			/* 3DPRIMITIVE */
	if (p)
		p[0] = GFX(0x7b00, 7);
	g->draws++;
	if (g->draws % 8 == 0) {
		cg_pipe_control(g, true);
		cg_srm64(g, stat_regs[cg_rand(g) % ARRAY_SIZE(stat_regs)]);
		cg_timestamp(g);
	}
	if (cg_chance(g, 16)) {
		u32 regs[] = { REG_SO_WRITE_OFFSET(cg_rand(g) % 4),
			       REG_MI_PREDICATE_SRC0, REG_MI_PREDICATE_SRC1,
			       REG_3DPRIM_END_OFFSET };

		cg_lri(g, regs, 1 + cg_rand(g) % 4);
	}
	if (cg_chance(g, 16))
		cg_gpr_math(g);
	if (cg_chance(g, 12))
		cg_mi_misc(g);
	if (cg_chance(g, 10))
		cg_pipe_control(g, cg_chance(g, 2));
}

static void cg_3d(struct cmd_gen *g)
{
	cg_3d_setup(g);
	while (!g->full) {
		cg_3d_draw(g);
		if (cg_chance(g, 64))
			cg_state(g, 0x6101, 19);
	}
}

/* --- render: media and GPGPU ----------------------------------------- */

static void cg_media_rcs(struct cmd_gen *g)
{
	u32 *p;

	while (!g->full) {
		bool gpgpu = cg_chance(g, 2);
		unsigned int i, n = 1 + cg_rand(g) % 6;

		p = cg_cmd(g, 1);
		if (p)
			p[0] = PIPELINE_SELECT(gpgpu ? 2 : 1);
		cg_state(g, 0x6101, 19);	/* STATE_BASE_ADDRESS */
		cg_state(g, 0x7000, 9);		/* MEDIA_VFE_STATE */
		cg_state(g, 0x7001, 4);		/* MEDIA_CURBE_LOAD */
		cg_state(g, 0x7002, 4);		/* MEDIA_INTERFACE_DESCRIPTOR_LOAD */
		for (i = 0; i < n; i++) {
			if (gpgpu) {
				u32 regs[] = { REG_GPGPU_DISPATCHDIMX,
					       REG_GPGPU_DISPATCHDIMX + 4,
					       REG_GPGPU_DISPATCHDIMX + 8 };

				if (cg_chance(g, 4))
					cg_lri(g, regs, 3);
				cg_state(g, 0x7105, 15); /* GPGPU_WALKER */
			} else if (cg_chance(g, 2)) {
				cg_state(g, 0x7103, 17); /* MEDIA_OBJECT_WALKER */
			} else {
				/* MEDIA_OBJECT with inline data. */
				cg_state(g, 0x7100, 6 + cg_rand(g) % 9);
			}
			cg_state(g, 0x7004, 2);	/* MEDIA_STATE_FLUSH */
		}
		cg_pipe_control(g, true);
		if (cg_chance(g, 3))
			cg_timestamp(g);
	}
}

/* --- video: MFX, HCP ------------------------------------------------- */

static void cg_mfx_avc(struct cmd_gen *g)
{
	unsigned int i, slices = 1 + cg_rand(g) % 4;

	cg_state(g, 0x7000, 5);			/* MFX_PIPE_MODE_SELECT */
	cg_state(g, 0x7001, 6);			/* MFX_SURFACE_STATE */
	cg_state(g, 0x7002, 65);		/* MFX_PIPE_BUF_ADDR_STATE */
	cg_state(g, 0x7003, 26);		/* MFX_IND_OBJ_BASE_ADDR_STATE */
	cg_state(g, 0x7004, 10);		/* MFX_BSP_BUF_BASE_ADDR_STATE */
	for (i = 0; i < 4; i++)
		cg_state(g, 0x7007, 18);	/* MFX_QM_STATE */
	cg_state(g, 0x7100, 21);		/* MFX_AVC_IMG_STATE */
	cg_state(g, 0x7102, 71);		/* MFX_AVC_DIRECTMODE_STATE */
	cg_state(g, 0x7125, 10);		/* MFD_AVC_PICID_STATE */
	for (i = 0; i < slices; i++) {
		cg_state(g, 0x7104, 10);	/* MFX_AVC_REF_IDX_STATE */
		if (cg_chance(g, 2))
			cg_state(g, 0x7105, 98); /* MFX_AVC_WEIGHTOFFSET_STATE */
		cg_state(g, 0x7103, 11);	/* MFX_AVC_SLICE_STATE */
		cg_state(g, 0x7128, 7);		/* MFD_AVC_BSD_OBJECT */
	}
}

static void cg_hcp_hevc(struct cmd_gen *g)
{
	unsigned int i, slices = 1 + cg_rand(g) % 4;

	cg_state(g, 0x7380, 4);			/* HCP_PIPE_MODE_SELECT */
	cg_state(g, 0x7381, 3);			/* HCP_SURFACE_STATE */
	cg_state(g, 0x7382, 95);		/* HCP_PIPE_BUF_ADDR_STATE */
	cg_state(g, 0x7383, 14);		/* HCP_IND_OBJ_BASE_ADDR_STATE */
	for (i = 0; i < 2; i++)
		cg_state(g, 0x7384, 18);	/* HCP_QM_STATE */
	cg_state(g, 0x7390, 19);		/* HCP_PIC_STATE */
	if (cg_chance(g, 2))
		cg_state(g, 0x7391, 13);	/* HCP_TILE_STATE */
	for (i = 0; i < slices; i++) {
		cg_state(g, 0x7392, 18);	/* HCP_REF_IDX_STATE */
		cg_state(g, 0x7394, 9);		/* HCP_SLICE_STATE */
		cg_state(g, 0x73a0, 3);		/* HCP_BSD_OBJECT */
	}
}

static void cg_media_vcs(struct cmd_gen *g)
{
	u32 *p;

	while (!g->full) {
		if (cg_chance(g, 2))
			cg_mfx_avc(g);
		else
			cg_hcp_hevc(g);
		p = cg_cmd(g, 1);
		if (p)
			p[0] = 0x68000000;	/* MFX_WAIT */
		cg_state(g, 0x7780, 3);		/* VD_PIPELINE_FLUSH */
		cg_flush_dw(g);
		if (cg_chance(g, 4))
			cg_timestamp(g);
		if (cg_chance(g, 8)) {
			u32 regs[] = { cg_mocs_base(g->engine) +
				       4 * (cg_rand(g) % 64) };

			cg_lri(g, regs, 1);
		}
		if (cg_chance(g, 8))
			cg_mi_misc(g);
	}
}

/* --- video enhancement: VEBOX ---------------------------------------- */

static void cg_media_vecs(struct cmd_gen *g)
{
	while (!g->full) {
		cg_state(g, 0x7402, 13);		/* VEBOX_STATE */
		cg_state(g, 0x7400, 6);			/* VEBOX_SURFACE_STATE */
		cg_state(g, 0x7400, 6);
		cg_state(g, 0x7403, 20 + cg_rand(g) % 4); /* VEB_DI_IECP */
		cg_flush_dw(g);
		if (cg_chance(g, 4))
			cg_timestamp(g);
		if (cg_chance(g, 8))
			cg_mi_misc(g);
	}
}

/* --- blitter --------------------------------------------------------- */

static void cg_blit(struct cmd_gen *g)
{
	u32 *p;

	while (!g->full) {
		switch (cg_rand(g) % 4) {
		case 0:
			p = cg_cmd(g, 10);
			if (p)
				p[0] = XY(0x53, 10);	/* XY_SRC_COPY_BLT */
			break;
		case 1:
			p = cg_cmd(g, 10);
			if (p)
				p[0] = XY(0x42, 10) & ~(3U << 20);
			break;				/* XY_FAST_COPY_BLT */
		case 2:
			p = cg_cmd(g, 7);
			if (p)
				p[0] = XY(0x50, 7);	/* XY_COLOR_BLT */
			break;
		default:
			if (cg_chance(g, 4)) {
				u32 regs[] = { REG_BCS_SWCTRL };

				cg_lri(g, regs, 1);
			}
			cg_flush_dw(g);
			if (cg_chance(g, 4))
				cg_timestamp(g);
			break;
		}
	}
}

/* --- noop ------------------------------------------------------------ */

static void cg_noop(struct cmd_gen *g)
{
	while (!g->full) {
		u32 run = 16 + cg_rand(g) % 2048;

		cg_pad(g, min(g->n + run, g->cap));
		if (g->n == g->cap)
			break;
		switch (cg_rand(g) % 4) {
		case 0:
			cg_timestamp(g);
			break;
		case 1:
			cg_sdi(g, false);
			break;
		default:
			cg_mi_misc(g);
			break;
		}
	}
}

/* The usual stream of @engine for @kind. */
static void cg_body(struct cmd_gen *g, enum cmd_corpus_kind kind)
{
	if (kind == CMD_CORPUS_NOOP) {
		cg_noop(g);
		return;
	}
	switch (g->engine) {
	case GVT_ENGINE_RCS:
		if (kind == CMD_CORPUS_MEDIA)
			cg_media_rcs(g);
		else
			cg_3d(g);
		break;
	case GVT_ENGINE_VCS:
	case GVT_ENGINE_VCS2:
		cg_media_vcs(g);
		break;
	case GVT_ENGINE_BCS:
		cg_blit(g);
		break;
	default:
		cg_media_vecs(g);
		break;
	}
}

/* Commands of @kind into the first @end dwords of @g, MI_NOOP padded. */
static void cg_fill_to(struct cmd_gen *g, enum cmd_corpus_kind kind, u32 end)
{
	u32 cap = g->cap;

	g->cap = end;
	g->full = false;
	cg_body(g, kind);
	cg_pad(g, end);
	g->cap = cap;
	g->full = false;
}

static void cg_end(struct cmd_gen *g)
{
	u32 *p = cg_cmd(g, 1);

	if (!p)
		die("no room for MI_BATCH_BUFFER_END");
	p[0] = MI_BATCH_BUFFER_END;
}

static void cg_bb_start(struct cmd_gen *g, u64 gma, bool ppgtt, bool second)
{
	u32 *p = cg_cmd(g, 3);

	if (!p)
		die("no room for MI_BATCH_BUFFER_START");
	p[0] = MI_BB_START | (ppgtt ? BB_PPGTT : 0) |
	       (second ? BB_SECOND_LEVEL : 0);
	cg_put_addr(p + 1, gma);
}

u32 cmd_corpus_fill(const struct cmd_env *env, enum cmd_corpus_kind kind,
		    enum gvt_engine engine, bool ppgtt, u32 seed, u32 *buf,
		    u32 ndw)
{
	struct cmd_gen g;

	if (!ndw)
		die("empty batch");
	cg_init(&g, env, engine, ppgtt, seed, buf, ndw);
	cg_fill_to(&g, kind, ndw - 1);
	cg_end(&g);
	return g.cmds;
}

/* --- submissions ----------------------------------------------------- */

static enum gvt_engine sub_engine(enum cmd_corpus_kind kind, u32 seed)
{
	static const enum gvt_engine media[] = {
		GVT_ENGINE_VCS, GVT_ENGINE_RCS, GVT_ENGINE_VCS2,
		GVT_ENGINE_VECS,
	};
	static const enum gvt_engine chain[] = {
		GVT_ENGINE_RCS, GVT_ENGINE_VCS, GVT_ENGINE_BCS,
	};

	switch (kind) {
	case CMD_CORPUS_3D:
		return GVT_ENGINE_RCS;
	case CMD_CORPUS_BLIT:
		return GVT_ENGINE_BCS;
	case CMD_CORPUS_MEDIA:
		return media[seed % ARRAY_SIZE(media)];
	case CMD_CORPUS_CHAIN:
		return chain[seed % ARRAY_SIZE(chain)];
	default:
		return (enum gvt_engine)(seed % GVT_NUM_ENGINES);
	}
}

/*
 * Reserve batch @i of @ndw dwords: PPGTT or GGTT, in the aperture range
 * or (@high) the hidden range. Batches are laid out one after the other
 * with a page between them.
 */
static struct cmd_batch *sub_batch(struct cmd_env *env, struct cmd_sub *sub,
				   u32 ndw, bool ppgtt, bool high)
{
	struct cmd_batch *b = &sub->batch[sub->nbatch];
	u64 at = 0;
	unsigned int i;

	if (sub->nbatch == CMD_SUB_BATCHES)
		die("too many batches");
	for (i = 0; i < sub->nbatch; i++) {
		const struct cmd_batch *o = &sub->batch[i];
		bool o_high = o->gma >= cmd_env_high(env);

		if (o->ppgtt == ppgtt && (ppgtt || o_high == high))
			at = max(at, o->gma + 4ULL * o->ndw);
	}
	if (ppgtt)
		at = max(at, CMD_CORPUS_PPGTT_BATCH);
	else if (high)
		at = max(at, cmd_env_high(env));
	else
		at = max(at, cmd_env_low(env) + CMD_CORPUS_BATCH_OFF);
	b->gma = (at + 2 * 4096 - 1) & ~4095ULL;
	if (!ppgtt && !gvt_gm_range_owned(env->vgpu, b->gma, 4ULL * ndw))
		die("batches do not fit in the partition");
	b->ppgtt = ppgtt;
	b->ndw = ndw;
	b->dw = calloc(ndw, 4);
	if (!b->dw)
		die("out of memory");
	sub->nbatch++;
	sub->bytes += 4ULL * ndw;
	return b;
}

static void sub_write(struct cmd_env *env, struct cmd_sub *sub)
{
	unsigned int i;

	for (i = 0; i < sub->nbatch; i++) {
		struct cmd_batch *b = &sub->batch[i];

		fake_gm_write(b->ppgtt ? &env->ppgtt : &env->ggtt, b->gma,
			      b->dw, 4ULL * b->ndw);
	}
}

/* What a kernel driver puts around a batch in the ring. */
static void sub_ring_flush(struct cmd_gen *r)
{
	if (r->engine == GVT_ENGINE_RCS)
		cg_pipe_control(r, true);
	else
		cg_flush_dw(r);
}

static void sub_ring_start(struct cmd_gen *r, const struct cmd_batch *b)
{
	u32 *p = cg_cmd(r, 1);

	if (p)
		p[0] = MI_ARB_CHECK;
	if (cg_chance(r, 2)) {
		/* An entry of the engine's MOCS table, from the ring. */
		u32 regs[] = { cg_mocs_base(r->engine) + 4 * (cg_rand(r) % 64) };

		cg_lri(r, regs, 1);
	}
	cg_bb_start(r, b->gma, b->ppgtt, false);
}

/*
 * One batch of @ndw dwords of @kind: commands, then a call of @call (if
 * any) in the middle, then @chain (if any) or MI_BATCH_BUFFER_END.
 */
static void sub_gen(const struct cmd_env *env, struct cmd_batch *b,
		    enum cmd_corpus_kind kind, enum gvt_engine engine,
		    u32 seed, const struct cmd_batch *call,
		    const struct cmd_batch *chain, struct cmd_sub *sub)
{
	struct cmd_gen g;
	u32 tail = chain ? 3 : 1;

	cg_init(&g, env, engine, b->ppgtt, seed, b->dw, b->ndw);
	if (call) {
		cg_fill_to(&g, kind, (b->ndw - tail - 3) / 2);
		cg_bb_start(&g, call->gma, call->ppgtt, true);
	}
	cg_fill_to(&g, kind, b->ndw - tail);
	if (chain)
		cg_bb_start(&g, chain->gma, chain->ppgtt, false);
	else
		cg_end(&g);
	sub->cmds += g.cmds;
}

void cmd_corpus_sub(struct cmd_env *env, enum cmd_corpus_kind kind,
		    u32 seed, u32 bytes, struct cmd_sub *sub)
{
	enum gvt_engine e = sub_engine(kind, seed);
	u32 ndw = max(bytes / 4, 64U);
	struct cmd_gen r;
	struct cmd_batch *a;

	memset(sub, 0, sizeof(*sub));
	sub->kind = kind;
	sub->engine = e;
	sub->ring_size = CMD_CORPUS_RING_SIZE;
	sub->ring_gma = cmd_env_low(env) + CMD_CORPUS_RING_OFF +
			CMD_CORPUS_RING_SIZE * (seed % 16);
	/* Somewhere in the ring, wrapping now and then. */
	sub->head = ((seed * 2654435761U) >> 8) % (CMD_CORPUS_RING_SIZE / 4) * 4;
	cg_init(&r, env, e, false, seed ^ 0x5a5a5a5a, sub->ring,
		CMD_SUB_RING_DW);

	if (kind != CMD_CORPUS_CHAIN) {
		a = sub_batch(env, sub, ndw, !(seed & 1), false);
		sub_gen(env, a, kind, e, seed, NULL, NULL, sub);
		sub_ring_flush(&r);
		sub_ring_start(&r, a);
	} else {
		/*
		 * GGTT: A calls S1 and chains to B, which calls S2.
		 * PPGTT: C calls D1 and chains to E, which calls D2.
		 */
		u32 big = max(ndw / 3, 32U), small = max(ndw / 12, 16U);
		struct cmd_batch *s1, *b, *s2, *c, *d1, *e1, *d2;
		enum cmd_corpus_kind k = CMD_CORPUS_3D;

		c = sub_batch(env, sub, big, true, false);
		d1 = sub_batch(env, sub, small, true, false);
		e1 = sub_batch(env, sub, small, true, false);
		d2 = sub_batch(env, sub, small, true, false);
		a = sub_batch(env, sub, big, false, false);
		b = sub_batch(env, sub, small, false, false);
		s1 = sub_batch(env, sub, small, false, true);
		s2 = sub_batch(env, sub, small, false, true);
		sub_gen(env, c, k, e, seed + 1, d1, e1, sub);
		sub_gen(env, d1, k, e, seed + 2, NULL, NULL, sub);
		sub_gen(env, e1, k, e, seed + 3, d2, NULL, sub);
		sub_gen(env, d2, k, e, seed + 4, NULL, NULL, sub);
		sub_gen(env, a, k, e, seed + 5, s1, b, sub);
		sub_gen(env, b, k, e, seed + 6, s2, NULL, sub);
		sub_gen(env, s1, k, e, seed + 7, NULL, NULL, sub);
		sub_gen(env, s2, k, e, seed + 8, NULL, NULL, sub);
		sub_ring_flush(&r);
		sub_ring_start(&r, a);
		sub_ring_flush(&r);
		sub_ring_start(&r, c);
	}
	sub_ring_flush(&r);
	{
		u32 *p = cg_cmd(&r, 1);

		if (p)
			p[0] = MI_USER_INTERRUPT;
	}
	if (r.full)
		die("ring segment too long");
	sub->ring_ndw = r.n;
	sub->cmds += r.cmds;
	sub->bytes += 4ULL * r.n;
	sub_write(env, sub);
}

void cmd_corpus_sub_free(struct cmd_sub *sub)
{
	unsigned int i;

	for (i = 0; i < sub->nbatch; i++) {
		free(sub->batch[i].dw);
		sub->batch[i].dw = NULL;
	}
	sub->nbatch = 0;
}

int cmd_corpus_scan(struct cmd_env *env, const struct cmd_sub *sub,
		    struct gvt_scan *s)
{
	return cmd_env_scan_ring(env, s, sub->engine, sub->ring_gma,
				 sub->ring_size, sub->head, sub->ring,
				 sub->ring_ndw);
}
