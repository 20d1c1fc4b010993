// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the command scanner (Documentation/gpu/gvt/cmd_parser.rst): the
 * command table entry by entry, then an accepted and a rejected stream for
 * every rule, the GGTT reader of a vGPU through its real GGTT, and the scan
 * under allocation failure.
 *
 * Streams run in the cmd_env fixture: a GVTg_V5_4 vGPU whose GGTT memory
 * is flat fake memory that refuses reads outside the vGPU's partition, and
 * a flat fake PPGTT memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gvt_test.h"
#include "cmd_env.h"

/* Command encodings (Gen9 programmer's reference). */
#define MI(op)			((u32)(op) << 23)
#define MI_NOOP			0
#define MI_ARB_ON_OFF		MI(0x08)
#define MI_BB_END		MI(0x0a)
#define MI_SDI(len)		(MI(0x20) | ((len) - 2))
#define MI_LRI(pairs)		(MI(0x22) | (2 * (pairs) - 1))
#define MI_SRM			(MI(0x24) | 2)
#define MI_FLUSH_DW(len)	(MI(0x26) | ((len) - 2))
#define MI_LRM			(MI(0x29) | 2)
#define MI_LRR			(MI(0x2a) | 1)
#define MI_COPY_MEM		(MI(0x2e) | 3)
#define MI_ATOMIC(size)		(MI(0x2f) | ((u32)(size) << 19) | 1)
#define MI_BBS			(MI(0x31) | 1)
#define PIPE_CONTROL		(0x7a000000U | 4)

#define GGTT_BIT		BIT(22)		/* SDI, LRM, SRM, ATOMIC */
#define SDI_QWORD		BIT(21)
#define CMM_SRC_GGTT		BIT(22)
#define CMM_DST_GGTT		BIT(21)
#define BBS_PPGTT		BIT(8)
#define BBS_SECOND		BIT(22)
#define BBS_ADD_OFFSET		BIT(16)
#define BBS_PREDICATE		BIT(15)
#define PS_OP(op)		((u32)(op) << 14)	/* post-sync op */
#define FLUSH_INDEX		BIT(21)			/* MI_FLUSH_DW dw0 */
#define FLUSH_GGTT		BIT(2)			/* MI_FLUSH_DW dw1 */
#define PC_GGTT			BIT(24)			/* PIPE_CONTROL dw1 */
#define PC_LRI			BIT(23)
#define PC_INDEX		BIT(21)

/*
 * Registers: whitelisted (the render engine's CS_GPR; REG_OK_ON(e) is
 * engine e's own), not whitelisted (MI_MODE, ...).
 */
#define REG_OK			0x2600
#define REG_OK2			0x2608
#define REG_OK_ON(e)		(gvt_engine_base(e) + 0x600)
#define REG_PS_DEPTH_COUNT	0x2350
#define REG_RCS_TIMESTAMP	0x2358
#define REG_NONPRIV		0x24d0

/* Where the streams live. */
#define RING_SIZE		4096U
#define RING(e)			(cmd_env_low(e) + 0x10000)
#define BATCH(e, k)		(cmd_env_low(e) + 0x100000 + 0x10000ULL * (k))
#define PBATCH(k)		(0x40000000ULL + 0x10000ULL * (k))

#define N(a)			((u32)ARRAY_SIZE(a))

static const char * const engine_names[GVT_NUM_ENGINES] = {
	"rcs", "vcs", "vcs2", "bcs", "vecs",
};

static u64 low_end(const struct cmd_env *env)
{
	return env->vgpu->low.start + env->vgpu->low.size;
}

static u64 high_end(const struct cmd_env *env)
{
	return env->vgpu->high.start + env->vgpu->high.size;
}

/* A page-aligned GGTT address outside the vGPU's partition. */
static u64 outside(const struct cmd_env *env)
{
	u64 cand[] = { 0, env->vgpu->low.start - 4096, low_end(env),
		       high_end(env) };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cand); i++)
		if (cand[i] < FAKE_GM_SIZE &&
		    !gvt_gm_range_owned(env->vgpu, cand[i], 8))
			return cand[i];
	FAIL("the partition covers every candidate address");
	return 0;
}

/* MI_BATCH_BUFFER_START at @p with the flags @flags (BBS_*). */
static u32 *bbs(u32 *p, u64 gma, u32 flags)
{
	p[0] = MI_BBS | flags;
	p[1] = (u32)gma;
	p[2] = (u32)(gma >> 32) & 0xffff;
	return p + 3;
}

static void put(struct cmd_env *env, bool ppgtt, u64 gma, const u32 *cmds,
		u32 ndw)
{
	cmd_env_put(env, ppgtt, gma, cmds, ndw);
}

/* Scan @ndw dwords as a ring from head 0 on @engine. */
static int ring(struct cmd_env *env, struct gvt_scan *s, enum gvt_engine e,
		const u32 *cmds, u32 ndw)
{
	env->vgpu->failsafe = GVT_FAILSAFE_NONE;
	return cmd_env_scan_ring(env, s, e, RING(env), RING_SIZE, 0, cmds, ndw);
}

static int ring_at(struct cmd_env *env, struct gvt_scan *s, enum gvt_engine e,
		   u32 head, const u32 *cmds, u32 ndw)
{
	env->vgpu->failsafe = GVT_FAILSAFE_NONE;
	return cmd_env_scan_ring(env, s, e, RING(env), RING_SIZE, head, cmds,
				 ndw);
}

/* Scan a ring that starts one batch: GGTT at BATCH(0) or PPGTT PBATCH(0). */
static int batch(struct cmd_env *env, struct gvt_scan *s, enum gvt_engine e,
		 bool ppgtt, const u32 *cmds, u32 ndw)
{
	u64 gma = ppgtt ? PBATCH(0) : BATCH(env, 0);
	u32 r[3];

	put(env, ppgtt, gma, cmds, ndw);
	bbs(r, gma, ppgtt ? BBS_PPGTT : 0);
	return ring(env, s, e, r, 3);
}

/* gvt_scan_batch() of one first-level batch, with the vGPU locked. */
static int scan_batch(struct cmd_env *env, struct gvt_scan *s,
		      enum gvt_engine e, const struct gvt_gm_access *ppgtt,
		      u64 gma, bool is_ppgtt)
{
	int ret;

	env->vgpu->failsafe = GVT_FAILSAFE_NONE;
	gvt_scan_init(s, env->vgpu, e, &env->ggtt_acc, ppgtt);
	mutex_lock(&env->vgpu->lock);
	ret = gvt_scan_batch(s, gma, is_ppgtt);
	mutex_unlock(&env->vgpu->lock);
	return ret;
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

/*
 * A rejection: @ret is @want, the error names a rule, command @cmd (NULL:
 * did not decode), buffer @buf at byte @off, and the vGPU is in failsafe.
 * @off is not checked when @buf is -1. Returns false on a mismatch.
 */
static bool reject_(int line, struct cmd_env *env, struct gvt_scan *s,
		    int ret, int want, const char *cmd, int buf, u32 off)
{
	const struct gvt_scan_error *err = &s->err;
	bool ok = true;

	if (ret != want) {
		harness_fail(__FILE__, line, false,
			     "scan returned %d, want %d (rule %s, cmd %s)",
			     ret, want, str(err->rule), str(err->cmd));
		return false;
	}
	if (!err->rule) {
		harness_fail(__FILE__, line, false, "no rule named");
		ok = false;
	}
	if ((cmd && (!err->cmd || strcmp(cmd, err->cmd))) ||
	    (!cmd && err->cmd)) {
		harness_fail(__FILE__, line, false, "err.cmd %s, want %s",
			     str(err->cmd), str(cmd));
		ok = false;
	}
	if (err->buf != buf || (buf >= 0 && err->offset != off)) {
		harness_fail(__FILE__, line, false,
			     "error at buf %d offset %u, want buf %d offset %u (rule %s)",
			     err->buf, err->offset, buf, off, str(err->rule));
		ok = false;
	}
	if (buf >= 0 && buf < (int)s->nr_bufs &&
	    err->gma != s->bufs[buf].gma + off &&
	    s->bufs[buf].kind != GVT_BUF_RING) {
		harness_fail(__FILE__, line, false,
			     "err.gma 0x%llx, want 0x%llx",
			     (unsigned long long)err->gma,
			     (unsigned long long)(s->bufs[buf].gma + off));
		ok = false;
	}
	if (err->ndw > ARRAY_SIZE(err->dw)) {
		harness_fail(__FILE__, line, false, "err.ndw %u", err->ndw);
		ok = false;
	}
	if (env->vgpu->failsafe != GVT_FAILSAFE_GUEST_ERR) {
		harness_fail(__FILE__, line, false,
			     "vGPU not in failsafe (%d) after rule %s",
			     env->vgpu->failsafe, str(err->rule));
		ok = false;
	}
	return ok;
}

#define REJECT(env, s, ret, want, cmd, buf, off)			\
	reject_(__LINE__, env, s, ret, want, cmd, buf, off)

/* An acceptance: 0, and the vGPU not in failsafe. */
static bool accept_(int line, struct cmd_env *env, struct gvt_scan *s,
		    int ret)
{
	if (ret) {
		harness_fail(__FILE__, line, false,
			     "scan returned %d: %s, cmd %s, buf %d offset %u dw0 0x%08x",
			     ret, str(s->err.rule), str(s->err.cmd),
			     s->err.buf, s->err.offset,
			     s->err.ndw ? s->err.dw[0] : 0);
		return false;
	}
	if (env->vgpu->failsafe != GVT_FAILSAFE_NONE) {
		harness_fail(__FILE__, line, false,
			     "accepted but vGPU in failsafe %d",
			     env->vgpu->failsafe);
		return false;
	}
	return true;
}

#define ACCEPT(env, s, ret)	accept_(__LINE__, env, s, ret)

/* Shadow @i: its kind, address, space, origin and exactly @cmds. */
static void buf_(int line, const struct gvt_scan *s, unsigned int i,
		 enum gvt_buf_kind kind, u64 gma, bool ppgtt, int parent,
		 u32 start_dw, const u32 *cmds, u32 ndw)
{
	const struct gvt_shadow_buf *b;

	if (i >= s->nr_bufs) {
		harness_fail(__FILE__, line, false, "buf %u of %u", i,
			     s->nr_bufs);
		return;
	}
	b = &s->bufs[i];
	if (b->kind != kind || b->gma != gma || b->ppgtt != ppgtt ||
	    b->parent != parent ||
	    (parent >= 0 && b->start_dw != start_dw))
		harness_fail(__FILE__, line, false,
			     "buf %u: kind %d gma 0x%llx ppgtt %d parent %d start_dw %u, want %d 0x%llx %d %d %u",
			     i, b->kind, (unsigned long long)b->gma, b->ppgtt,
			     b->parent, b->start_dw, kind,
			     (unsigned long long)gma, ppgtt, parent, start_dw);
	if (b->ndw != ndw || b->cap < b->ndw) {
		harness_fail(__FILE__, line, false,
			     "buf %u: %u dwords (cap %u), want %u", i, b->ndw,
			     b->cap, ndw);
		return;
	}
	if (ndw && (!b->cmds || memcmp(b->cmds, cmds, 4 * ndw)))
		harness_fail(__FILE__, line, false,
			     "buf %u: shadow differs from guest memory", i);
}

#define BUF(s, i, kind, gma, ppgtt, parent, start_dw, cmds, ndw)	\
	buf_(__LINE__, s, i, kind, gma, ppgtt, parent, start_dw, cmds, ndw)

/* The ring shadow of a scan from head 0. */
#define RING_BUF(s, env, cmds, ndw)					\
	BUF(s, 0, GVT_BUF_RING, RING(env), false, -1, 0, cmds, ndw)

static void env_init(struct cmd_env *env)
{
	cmd_env_init(env);
}

static void env_fini(struct cmd_env *env)
{
	cmd_env_fini(env);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
}

/* ------------------------------------------------------------------ */
/* The command table                                                   */
/* ------------------------------------------------------------------ */

static bool name_is(const struct gvt_cmd_info *info, const char *prefix)
{
	return !strncmp(info->name, prefix, strlen(prefix));
}

/* The length field width cmd_parser.rst gives for a command. */
static unsigned int doc_len_bits(const struct gvt_cmd_info *info)
{
	u32 client = info->opcode >> 29;

	if (!strcmp(info->name, "MI_FLUSH_DW") ||
	    !strcmp(info->name, "MI_REPORT_PERF_COUNT") ||
	    name_is(info, "MI_LOAD_SCAN_LINES_"))
		return 6;
	if (!strcmp(info->name, "MI_STORE_DATA_IMM") ||
	    !strcmp(info->name, "MI_UPDATE_GTT") ||
	    !strcmp(info->name, "MI_CLFLUSH"))
		return 10;
	if (client == 0 || client == 2)
		return 8;
	if (name_is(info, "3DSTATE_BINDING_TABLE_EDIT_") ||
	    !strcmp(info->name, "3DSTATE_SO_DECL_LIST"))
		return 9;
	if (name_is(info, "3DSTATE_DX9_CONSTANTF_"))
		return 11;
	if (info->engines == BIT(GVT_ENGINE_RCS))
		return name_is(info, "MEDIA_") ? 16 : 8;
	/*
	 * Video and VEBOX: 12 bits. Known exceptions of the hardware, not
	 * in the document's summary: MFX_WAIT has a 6-bit field and the
	 * MFX_2_6_0_* commands a 16-bit one.
	 */
	if (!strcmp(info->name, "MFX_WAIT"))
		return 6;
	if (name_is(info, "MFX_2_6_0_"))
		return 16;
	return 12;
}

static bool doc_fixed(const struct gvt_cmd_info *info)
{
	return info->opcode >> 29 == 0 ? !info->len_bits :
	       !strcmp(info->name, "3DSTATE_VF_STATISTICS") ||
	       !strcmp(info->name, "PIPELINE_SELECT");
}

TEST(cmd_table_entries_well_formed)
{
	unsigned int i, j;

	ASSERT(gvt_gen9_num_cmds >= 270);
	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *a = &gvt_gen9_cmds[i];
		u32 client = a->opcode >> 29;
		u32 mask = client == 0 ? 0x1fffffff & ~(0x3fU << 23) :
			   client == 2 ? 0x1fffffff & ~(0x7fU << 22) :
			   0xffff;

		if (!a->name || !a->engines ||
		    (a->engines & ~(BIT(GVT_NUM_ENGINES) - 1))) {
			FAIL("entry %u (%s): engines 0x%x", i, str(a->name),
			     a->engines);
		}
		if (client == 1 || client > 3)
			FAIL("%s: client %u", a->name, client);
		if (a->opcode & mask)
			FAIL("%s: bits outside the opcode: 0x%08x", a->name,
			     a->opcode & mask);
		if (!!(a->flags & GVT_CMD_F_REJECT) != !!a->reason)
			FAIL("%s: REJECT flag and reason disagree", a->name);
		if ((a->flags & GVT_CMD_F_REJECT) &&
		    (a->flags & GVT_CMD_F_PRIV))
			FAIL("%s: both REJECT and PRIV", a->name);
		if (a->flags & ~(GVT_CMD_F_REJECT | GVT_CMD_F_PRIV))
			FAIL("%s: unknown flags 0x%x", a->name, a->flags);
		if (a->handler > GVT_CMD_H_BB_END)
			FAIL("%s: handler %u", a->name, a->handler);
		if (doc_fixed(a) ? a->len_bits || a->len < 1 :
		    a->len_bits != doc_len_bits(a) ||
		    (a->len != 1 && a->len != 2))
			FAIL("%s: len_bits %u len %u, document says %u",
			     a->name, a->len_bits, a->len,
			     doc_fixed(a) ? 0 : doc_len_bits(a));
		for (j = i + 1; j < gvt_gen9_num_cmds; j++) {
			const struct gvt_cmd_info *b = &gvt_gen9_cmds[j];

			if (!strcmp(a->name, b->name))
				FAIL("%s listed twice", a->name);
			if (gvt_cmd_slot(a->opcode) ==
			    gvt_cmd_slot(b->opcode) &&
			    (a->engines & b->engines))
				FAIL("%s and %s share a slot on engines 0x%x",
				     a->name, b->name,
				     a->engines & b->engines);
		}
	}
}

TEST(cmd_table_lookup_every_entry_every_engine)
{
	struct cmd_env env;
	unsigned int i, e, other = 0, null = 0;

	env_init(&env);
	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *a = &gvt_gen9_cmds[i];
		u32 lenmask = a->len_bits ? BIT(a->len_bits) - 1 : 0;

		EXPECT(gvt_cmd_slot(a->opcode) >= 0);
		EXPECT(gvt_cmd_slot(a->opcode) < GVT_CMD_SLOTS);
		for (e = 0; e < GVT_NUM_ENGINES; e++) {
			const struct gvt_cmd_info *got, *got2;

			got = gvt_cmd_lookup(env.gvt, e, a->opcode);
			/* The length field does not change the decode. */
			got2 = gvt_cmd_lookup(env.gvt, e,
					      a->opcode | lenmask);
			if (got != got2)
				FAIL("%s on %s: length bits change decode",
				     a->name, engine_names[e]);
			if (a->engines & BIT(e)) {
				if (got != a)
					FAIL("%s on %s: lookup gives %s",
					     a->name, engine_names[e],
					     got ? got->name : "NULL");
				continue;
			}
			if (got == a)
				FAIL("%s decodes on %s, not its engine",
				     a->name, engine_names[e]);
			if (got) {
				EXPECT(!(got->engines & a->engines));
				EXPECT(got->engines & BIT(e));
				other++;
			} else {
				null++;
			}
		}
	}
	/* Shared slots exist (0x7000: MEDIA_VFE_STATE, MFX_PIPE_...). */
	EXPECT(other > 0);
	EXPECT(null > 0);
	EXPECT(!strcmp(gvt_cmd_lookup(env.gvt, GVT_ENGINE_RCS,
				      0x70000000)->name, "MEDIA_VFE_STATE"));
	EXPECT(!strcmp(gvt_cmd_lookup(env.gvt, GVT_ENGINE_VCS,
				      0x70000000)->name,
		       "MFX_PIPE_MODE_SELECT"));
	EXPECT(!strcmp(gvt_cmd_lookup(env.gvt, GVT_ENGINE_VCS2,
				      0x70000000)->name,
		       "MFX_PIPE_MODE_SELECT"));
	EXPECT(!gvt_cmd_lookup(env.gvt, GVT_ENGINE_BCS, 0x70000000));
	/* Clients 1 and 4-7 never decode. */
	for (e = 0; e < GVT_NUM_ENGINES; e++)
		for (i = 0; i < 8; i++)
			if (i == 1 || i > 3)
				EXPECT(!gvt_cmd_lookup(env.gvt, e, i << 29));
	EXPECT_EQ(gvt_cmd_slot(0x20000000), -1);
	EXPECT_EQ(gvt_cmd_slot(0x80000000), -1);
	EXPECT_EQ(gvt_cmd_slot(0xe0000000), -1);
	env_fini(&env);
}

TEST(cmd_table_length_decoding)
{
	unsigned int i;

	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *a = &gvt_gen9_cmds[i];
		u32 max;

		if (!a->len_bits) {
			EXPECT_EQ(gvt_cmd_len(a, a->opcode), a->len);
			EXPECT_EQ(gvt_cmd_len(a, a->opcode | 0xff), a->len);
			EXPECT_EQ(a->min_len, 0);
			EXPECT_EQ(a->max_len, 0);
			continue;
		}
		max = BIT(a->len_bits) - 1;
		if (gvt_cmd_len(a, a->opcode) != a->len ||
		    gvt_cmd_len(a, a->opcode | max) != max + a->len)
			FAIL("%s: length %u..%u, want %u..%u", a->name,
			     gvt_cmd_len(a, a->opcode),
			     gvt_cmd_len(a, a->opcode | max), a->len,
			     max + a->len);
		/* Bits above the field are not length. */
		EXPECT_EQ(gvt_cmd_len(a, a->opcode | BIT(a->len_bits)),
			  a->len);
		if (a->min_len && (a->min_len < a->len ||
				   a->min_len > max + a->len))
			FAIL("%s: min_len %u not encodable", a->name,
			     a->min_len);
		if (a->max_len && (a->max_len < a->min_len ||
				   a->max_len > max + a->len))
			FAIL("%s: max_len %u", a->name, a->max_len);
	}
}

/* Where a command of the per-entry policy test runs. */
enum where { IN_RING, IN_GGTT_BATCH, IN_PPGTT_BATCH, NR_WHERE };

static const char * const where_names[] = { "ring", "GGTT batch",
					    "PPGTT batch" };

/*
 * A legal instance of @a for @w: the shortest legal length, zero payload
 * but a whitelisted register for the register commands and a readable
 * target for MI_BATCH_BUFFER_START (a chain inside a batch).
 */
static u32 build(struct cmd_env *env, const struct gvt_cmd_info *a,
		 enum gvt_engine e, enum where w, u32 *out)
{
	static const u32 end[] = { MI_BB_END };
	u32 n;

	if (!a->len_bits)
		n = a->len;
	else
		n = a->min_len > a->len ? a->min_len : a->len;
	memset(out, 0, 4 * n);
	out[0] = a->opcode | (a->len_bits ? n - a->len : 0);
	switch (a->handler) {
	case GVT_CMD_H_LRI:
	case GVT_CMD_H_LRM:
	case GVT_CMD_H_SRM:
		out[1] = REG_OK_ON(e);
		break;
	case GVT_CMD_H_LRR:
		out[1] = REG_OK_ON(e);
		out[2] = REG_OK_ON(e) + 8;
		break;
	case GVT_CMD_H_BB_START:
		if (w == IN_PPGTT_BATCH) {
			put(env, true, PBATCH(1), end, 1);
			bbs(out, PBATCH(1), BBS_PPGTT);
		} else {
			put(env, false, BATCH(env, 1), end, 1);
			bbs(out, BATCH(env, 1), 0);
		}
		break;
	default:
		break;
	}
	return n;
}

static int scan_where(struct cmd_env *env, struct gvt_scan *s,
		      enum gvt_engine e, enum where w, const u32 *cmd, u32 n)
{
	u32 b[300];

	if (w == IN_RING)
		return ring(env, s, e, cmd, n);
	memcpy(b, cmd, 4 * n);
	b[n] = MI_BB_END;
	return batch(env, s, e, w == IN_PPGTT_BATCH, b, n + 1);
}

static void policy_one(struct cmd_env *env, const struct gvt_cmd_info *a,
		       enum gvt_engine e, enum where w)
{
	struct gvt_scan s;
	u32 cmd[300], n;
	int ret, buf = w == IN_RING ? 0 : 1;
	bool ok;

	n = build(env, a, e, w, cmd);
	ret = scan_where(env, &s, e, w, cmd, n);
	cmd[n] = MI_BB_END;	/* what the batch holds */
	if (a->flags & GVT_CMD_F_REJECT) {
		ok = REJECT(env, &s, ret, -EBADRQC, a->name, buf, 0);
	} else if (a->handler == GVT_CMD_H_BB_END && w == IN_RING) {
		ok = REJECT(env, &s, ret, -EBADRQC, a->name, 0, 0);
	} else if ((a->flags & GVT_CMD_F_PRIV) && w == IN_PPGTT_BATCH) {
		ok = REJECT(env, &s, ret, -EBADRQC, a->name, 1, 0);
	} else {
		ok = ACCEPT(env, &s, ret);
		if (ok && w == IN_RING)
			RING_BUF(&s, env, cmd, n);
		else if (ok && a->handler != GVT_CMD_H_BB_START)
			BUF(&s, 1, GVT_BUF_BATCH, w == IN_PPGTT_BATCH ?
			    PBATCH(0) : BATCH(env, 0), w == IN_PPGTT_BATCH,
			    0, 0, cmd, a->handler == GVT_CMD_H_BB_END ?
			    1 : n + 1);
	}
	if (!ok)
		fprintf(stderr, "  ... %s on %s in a %s\n", a->name,
			engine_names[e], where_names[w]);
	gvt_scan_fini(&s);
}

TEST(cmd_table_policy_every_entry)
{
	struct cmd_env env;
	unsigned int i, e, w, checked = 0, foreign = 0;

	env_init(&env);
	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *a = &gvt_gen9_cmds[i];

		for (e = 0; e < GVT_NUM_ENGINES; e++) {
			struct gvt_scan s;
			u32 cmd[300], n;
			int ret;

			if (a->engines & BIT(e)) {
				for (w = 0; w < NR_WHERE; w++) {
					policy_one(&env, a, e, w);
					checked++;
				}
				continue;
			}
			if (gvt_cmd_lookup(env.gvt, e, a->opcode))
				continue;
			/* Another engine's command: unknown here. */
			n = build(&env, a, e, IN_RING, cmd);
			ret = ring(&env, &s, e, cmd, n);
			if (!REJECT(&env, &s, ret, -EBADRQC, NULL, 0, 0))
				fprintf(stderr, "  ... %s on %s\n", a->name,
					engine_names[e]);
			gvt_scan_fini(&s);
			foreign++;
		}
	}
	EXPECT(checked >= 3 * gvt_gen9_num_cmds);
	EXPECT(foreign > 0);
	env_fini(&env);
}

/* The commands the document lists as privileged are the PRIV entries. */
TEST(cmd_table_privileged_and_refused_sets)
{
	static const char * const priv[] = {
		"MI_ARB_ON_OFF", "MI_SUSPEND_FLUSH", "MI_SET_APPID",
		"MI_REPORT_HEAD", "MI_SEMAPHORE_SIGNAL",
		"MI_URB_ATOMIC_ALLOC", "MI_RS_CONTROL", "MI_RS_CONTEXT",
	};
	static const char * const refused[] = {
		"MI_SEMAPHORE_WAIT", "MI_REPORT_PERF_COUNT",
		"MI_STORE_DATA_INDEX", "MI_CLFLUSH",
		"MI_CONDITIONAL_BATCH_BUFFER_END", "MI_UPDATE_GTT",
		"MI_SET_CONTEXT", "MI_FORCE_WAKEUP", "MI_DISPLAY_FLIP",
		"MI_WAIT_FOR_EVENT", "MI_LOAD_SCAN_LINES_INCL",
		"MI_LOAD_SCAN_LINES_EXCL", "MI_RS_STORE_DATA_IMM",
		"MI_LOAD_URB_MEM", "MI_STORE_URB_MEM",
	};
	unsigned int i, j, npriv = 0, nref = 0;

	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *a = &gvt_gen9_cmds[i];
		bool p = false, r = false;

		for (j = 0; j < ARRAY_SIZE(priv); j++)
			p |= !strcmp(a->name, priv[j]);
		for (j = 0; j < ARRAY_SIZE(refused); j++)
			r |= !strcmp(a->name, refused[j]);
		if (p != !!(a->flags & GVT_CMD_F_PRIV) ||
		    r != !!(a->flags & GVT_CMD_F_REJECT))
			FAIL("%s: flags 0x%x", a->name, a->flags);
		npriv += p;
		nref += r;
	}
	EXPECT_EQ(npriv, ARRAY_SIZE(priv));
	EXPECT_EQ(nref, ARRAY_SIZE(refused));
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

/*
 * The registers cmd_parser.rst says are whitelisted, one of each kind,
 * with the engine they belong to: only that engine's commands reach them.
 */
static const struct {
	u32 reg;
	enum gvt_engine e;
} regs_ok[] = {
	{ 0x2290, GVT_ENGINE_RCS },	/* CS_INVOCATION_COUNT */
	{ 0x2350, GVT_ENGINE_RCS },	/* PS_DEPTH_COUNT */
	{ 0x2400, GVT_ENGINE_RCS },	/* MI_PREDICATE_SRC0 */
	{ 0x2430, GVT_ENGINE_RCS },	/* 3DPRIM_END_OFFSET */
	{ 0x2600, GVT_ENGINE_RCS },	/* CS_GPR of each engine */
	{ 0x267c, GVT_ENGINE_RCS },
	{ 0x12600, GVT_ENGINE_VCS },
	{ 0x1c67c, GVT_ENGINE_VCS2 },
	{ 0x22600, GVT_ENGINE_BCS },
	{ 0x1a67c, GVT_ENGINE_VECS },
	{ 0x2500, GVT_ENGINE_RCS },	/* GPGPU_DISPATCHDIMX */
	{ 0x5200, GVT_ENGINE_RCS },	/* SO_NUM_PRIMS_WRITTEN */
	{ 0x5280, GVT_ENGINE_RCS },	/* SO_WRITE_OFFSET */
	{ 0x7000, GVT_ENGINE_RCS },	/* CACHE_MODE_0 */
	{ 0x2580, GVT_ENGINE_RCS },	/* CS_CHICKEN1 */
	{ 0x7034, GVT_ENGINE_RCS },	/* L3CNTLREG */
	{ 0xb118, GVT_ENGINE_RCS },	/* L3SQCREG4 */
	{ 0xc800, GVT_ENGINE_RCS },	/* MOCS of each engine */
	{ 0xc9fc, GVT_ENGINE_VCS },
	{ 0xca00, GVT_ENGINE_VCS2 },
	{ 0xcb04, GVT_ENGINE_VECS },
	{ 0xccfc, GVT_ENGINE_BCS },
	{ 0xb020, GVT_ENGINE_RCS },	/* L3CC */
	{ 0x22200, GVT_ENGINE_BCS },	/* BCS_SWCTRL */
	{ 0x2358, GVT_ENGINE_RCS },	/* TIMESTAMP */
	{ 0x12358, GVT_ENGINE_VCS },
	{ 0x22358, GVT_ENGINE_BCS },
	{ 0x23a8, GVT_ENGINE_RCS },	/* CTX_TIMESTAMP */
	{ 0x1a3a8, GVT_ENGINE_VECS },
};

/* The registers that steer the command streamer: never whitelisted. */
static const u32 regs_bad[] = {
	0x2030, 0x2034, 0x2038, 0x203c,	/* RING_TAIL/HEAD/START/CTL */
	0x2140, 0x2168, 0x2110,		/* BB_ADDR, _UDW, BB_STATE */
	0x2114, 0x2118,			/* SBB_ADDR, SBB_STATE */
	0x2270, 0x2274, 0x228c,		/* PDP */
	0x209c, 0x20c0,			/* MI_MODE, INSTPM */
	0x229c, 0x2244,			/* GFX_MODE, CTX_CTRL */
	0x20a8, 0x2098,			/* IMR, HWSTAM */
	0x24d0, 0x24fc,			/* FORCE_TO_NONPRIV */
	0x22030, 0x1209c, 0x1a29c,	/* other engines' */
	0x44200, 0x44304,		/* interrupts */
	0xa278, 0x941c,			/* forcewake, GDRST */
	0x0,				/* nothing there */
	REG_OK + 0x200000,		/* aliases above 2 MiB */
	REG_OK + 0x400000,
};

TEST(cmd_lri)
{
	const char *lri = "MI_LOAD_REGISTER_IMM";
	struct cmd_env env;
	struct gvt_scan s;
	u32 c[300];
	unsigned int i, n;
	enum gvt_engine e;
	int ret;

	env_init(&env);
	/*
	 * Per engine, every whitelisted register of the engine, one pair
	 * each, in one command; each register of another engine refused.
	 */
	for (e = 0; e < GVT_NUM_ENGINES; e++) {
		n = 0;
		for (i = 0; i < N(regs_ok); i++) {
			u32 other[] = { MI_NOOP, MI_LRI(2), REG_OK_ON(e), 1,
					regs_ok[i].reg, 2 };

			if (regs_ok[i].e == e) {
				c[1 + 2 * n] = regs_ok[i].reg;
				c[2 + 2 * n] = 0xffff0000 | i;
				n++;
				continue;
			}
			ret = ring(&env, &s, e, other, N(other));
			if (!REJECT(&env, &s, ret, -EBADRQC, lri, 0, 4))
				fprintf(stderr, "  ... register 0x%x on %s\n",
					regs_ok[i].reg, engine_names[e]);
			else
				EXPECT(!strcmp(s.err.rule,
					       "register of another engine"));
			gvt_scan_fini(&s);
		}
		c[0] = MI_LRI(n);
		ret = ring(&env, &s, e, c, 1 + 2 * n);
		if (ACCEPT(&env, &s, ret))
			RING_BUF(&s, &env, c, 1 + 2 * n);
		gvt_scan_fini(&s);
	}

	/* A bad register in any pair, on any engine. */
	for (i = 0; i < N(regs_bad); i++) {
		u32 bad[] = { MI_NOOP, MI_LRI(3), 0, 1, 0, 2, 0, 3 };

		e = i % GVT_NUM_ENGINES;
		bad[2] = REG_OK_ON(e);
		bad[4] = REG_OK_ON(e) + 8;
		bad[6] = REG_OK_ON(e);
		bad[2 + 2 * (i % 3)] = regs_bad[i];
		ret = ring(&env, &s, e, bad, N(bad));
		if (!REJECT(&env, &s, ret, -EBADRQC, lri, 0, 4))
			fprintf(stderr, "  ... register 0x%x\n", regs_bad[i]);
		gvt_scan_fini(&s);
	}

	/* The longest LRI: 128 pairs; the last one decides. */
	c[0] = MI_LRI(128);
	EXPECT_EQ(c[0] & 0xff, 0xff);
	for (i = 0; i < 128; i++) {
		c[1 + 2 * i] = REG_OK + 4 * (i % 32);
		c[2 + 2 * i] = i;
	}
	c[257] = MI_BB_END;
	ret = batch(&env, &s, GVT_ENGINE_RCS, true, c, 258);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 1, GVT_BUF_BATCH, PBATCH(0), true, 0, 0, c, 258);
	gvt_scan_fini(&s);
	c[255] = 0x2034;
	ret = batch(&env, &s, GVT_ENGINE_RCS, false, c, 258);
	REJECT(&env, &s, ret, -EBADRQC, lri, 1, 0);
	gvt_scan_fini(&s);

	/* Even lengths are malformed: no half pairs. */
	for (i = 4; i <= 8; i += 2) {
		u32 odd[8] = { MI(0x22) | (i - 2), REG_OK_ON(GVT_ENGINE_BCS),
			       1, REG_OK_ON(GVT_ENGINE_BCS), 2,
			       REG_OK_ON(GVT_ENGINE_BCS), 3,
			       REG_OK_ON(GVT_ENGINE_BCS) };

		ret = ring(&env, &s, GVT_ENGINE_BCS, odd, i);
		REJECT(&env, &s, ret, -EBADRQC, lri, 0, 0);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

TEST(cmd_lrr)
{
	const char *lrr = "MI_LOAD_REGISTER_REG";
	struct cmd_env env;
	struct gvt_scan s;
	enum gvt_engine e;
	unsigned int i;
	int ret;

	env_init(&env);
	/* Both registers of the engine's own: any two, either way. */
	for (i = 0; i < N(regs_ok); i++) {
		u32 c[] = { MI_LRR, regs_ok[i].reg,
			    REG_OK_ON(regs_ok[i].e) + 4 * (i % 32) };
		u32 d[] = { MI_LRR, REG_OK_ON(regs_ok[i].e), regs_ok[i].reg };

		e = regs_ok[i].e;
		ret = ring(&env, &s, e, c, N(c));
		if (ACCEPT(&env, &s, ret))
			RING_BUF(&s, &env, c, N(c));
		gvt_scan_fini(&s);
		ret = ring(&env, &s, e, d, N(d));
		if (ACCEPT(&env, &s, ret))
			RING_BUF(&s, &env, d, N(d));
		gvt_scan_fini(&s);
		/* Either one of another engine. */
		d[1] = REG_OK_ON((e + 1) % GVT_NUM_ENGINES);
		ret = ring(&env, &s, e, d, N(d));
		REJECT(&env, &s, ret, -EBADRQC, lrr, 0, 0);
		gvt_scan_fini(&s);
	}
	for (i = 0; i < N(regs_bad); i++) {
		u32 src[] = { MI_LRR, regs_bad[i], REG_OK };
		u32 dst[] = { MI_NOOP, MI_NOOP, MI_LRR, REG_OK, regs_bad[i] };

		ret = ring(&env, &s, GVT_ENGINE_RCS, src, N(src));
		REJECT(&env, &s, ret, -EBADRQC, lrr, 0, 0);
		gvt_scan_fini(&s);
		ret = batch(&env, &s, GVT_ENGINE_RCS, i & 1, dst, N(dst));
		REJECT(&env, &s, ret, -EBADRQC, lrr, 1, 8);
		gvt_scan_fini(&s);
	}
	/* LRR has exactly three dwords. */
	{
		u32 c[] = { MI_LRR + 1, REG_OK, REG_OK2, REG_OK };

		ret = ring(&env, &s, GVT_ENGINE_RCS, c, N(c));
		REJECT(&env, &s, ret, -EBADRQC, lrr, 0, 0);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/* LRM and SRM: the register, the GGTT operand, the PPGTT form. */
static void reg_mem(u32 op, const char *name)
{
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i;
	int ret;
	u64 in;

	env_init(&env);
	in = cmd_env_low(&env) + 0x2000;
	for (i = 0; i < N(regs_ok); i++) {
		u32 g[] = { op | GGTT_BIT, regs_ok[i].reg, (u32)in, 0 };
		u32 p[] = { op, regs_ok[i].reg, 0xdead0000, 0x7 };

		ret = ring(&env, &s, regs_ok[i].e, g, N(g));
		if (ACCEPT(&env, &s, ret))
			RING_BUF(&s, &env, g, N(g));
		gvt_scan_fini(&s);
		ret = ring(&env, &s, regs_ok[i].e, p, N(p));
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, (regs_ok[i].e + 1) % GVT_NUM_ENGINES, p,
			   N(p));
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
		gvt_scan_fini(&s);
	}
	/* Reads are checked like writes. */
	for (i = 0; i < N(regs_bad); i++) {
		u32 p[] = { op, regs_bad[i], 0x10000, 0 };

		ret = ring(&env, &s, GVT_ENGINE_BCS, p, N(p));
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
		gvt_scan_fini(&s);
	}
	{
		/* Both ends of both ranges; outside; straddling the end. */
		u64 okv[] = { cmd_env_low(&env), low_end(&env) - 4,
			      cmd_env_high(&env), high_end(&env) - 4 };
		u64 badv[] = { outside(&env), low_end(&env), high_end(&env),
			       cmd_env_low(&env) - 4, cmd_env_high(&env) - 2 };
		u32 c[] = { MI_NOOP, op | GGTT_BIT, REG_OK, 0, 0, MI_BB_END };

		for (i = 0; i < ARRAY_SIZE(okv); i++) {
			c[3] = (u32)okv[i];
			ret = batch(&env, &s, GVT_ENGINE_RCS, false, c, N(c));
			if (ACCEPT(&env, &s, ret))
				BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0),
				    false, 0, 0, c, N(c));
			gvt_scan_fini(&s);
		}
		for (i = 0; i < ARRAY_SIZE(badv); i++) {
			c[3] = (u32)badv[i];
			ret = batch(&env, &s, GVT_ENGINE_RCS, false, c, N(c));
			if (!REJECT(&env, &s, ret, -EFAULT, name, 1, 4))
				fprintf(stderr, "  ... gma 0x%llx\n",
					(unsigned long long)badv[i]);
			gvt_scan_fini(&s);
		}
		/* A PPGTT batch: the PPGTT form only. */
		c[3] = (u32)in;
		ret = batch(&env, &s, GVT_ENGINE_RCS, true, c, N(c));
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
		gvt_scan_fini(&s);
		c[1] = op;
		ret = batch(&env, &s, GVT_ENGINE_RCS, true, c, N(c));
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 1, GVT_BUF_BATCH, PBATCH(0), true, 0, 0, c,
			    N(c));
		gvt_scan_fini(&s);
		/* Four dwords exactly. */
		c[1] = op + 1;
		ret = batch(&env, &s, GVT_ENGINE_RCS, false, c, N(c));
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

TEST(cmd_lrm)
{
	reg_mem(MI_LRM, "MI_LOAD_REGISTER_MEM");
}

TEST(cmd_srm)
{
	reg_mem(MI_SRM, "MI_STORE_REGISTER_MEM");
}

/*
 * Accept the errno @a or @b where the document does not say which of the
 * two a rejection returns.
 */
static bool reject_either_(int line, struct cmd_env *env, struct gvt_scan *s,
			   int ret, int a, int b, const char *cmd, int buf,
			   u32 off)
{
	return reject_(line, env, s, ret, ret == b ? b : a, cmd, buf, off);
}

#define REJECT_EITHER(env, s, ret, a, b, cmd, buf, off)			\
	reject_either_(__LINE__, env, s, ret, a, b, cmd, buf, off)

/* ------------------------------------------------------------------ */
/* Post-sync operations                                                */
/* ------------------------------------------------------------------ */

static int pc(struct cmd_env *env, struct gvt_scan *s, enum where w,
	      u32 dw1, u64 addr)
{
	u32 c[] = { MI_NOOP, PIPE_CONTROL, dw1, (u32)addr,
		    (u32)(addr >> 32), 0x1234, 0x5678, MI_BB_END };

	if (w == IN_RING)
		return ring(env, s, GVT_ENGINE_RCS, c, N(c) - 1);
	return batch(env, s, GVT_ENGINE_RCS, w == IN_PPGTT_BATCH, c, N(c));
}

TEST(cmd_pipe_control)
{
	const char *name = "PIPE_CONTROL";
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i, w;
	int ret;

	env_init(&env);
	{
		u64 okv[] = { cmd_env_low(&env) + 0x3000, low_end(&env) - 8,
			      cmd_env_high(&env), high_end(&env) - 8 };
		u64 badv[] = { outside(&env), low_end(&env) - 4,
			       low_end(&env), high_end(&env) - 4,
			       cmd_env_high(&env) - 4,
			       cmd_env_low(&env) - 8 };

		for (i = 0; i < ARRAY_SIZE(okv); i++) {
			for (w = IN_RING; w <= IN_GGTT_BATCH; w++) {
				ret = pc(&env, &s, w, PS_OP(1) | PC_GGTT,
					 okv[i]);
				ACCEPT(&env, &s, ret);
				gvt_scan_fini(&s);
			}
		}
		for (i = 0; i < ARRAY_SIZE(badv); i++) {
			ret = pc(&env, &s, IN_GGTT_BATCH, PS_OP(1) | PC_GGTT,
				 badv[i]);
			if (!REJECT(&env, &s, ret, -EFAULT, name, 1, 4))
				fprintf(stderr, "  ... gma 0x%llx\n",
					(unsigned long long)badv[i]);
			gvt_scan_fini(&s);
		}
		/* The PPGTT form is not audited, the GGTT form refused. */
		ret = pc(&env, &s, IN_PPGTT_BATCH, PS_OP(1), badv[0]);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = pc(&env, &s, IN_PPGTT_BATCH, PS_OP(1) | PC_GGTT, okv[0]);
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
		gvt_scan_fini(&s);
	}

	/* Store data index: an offset into the status page. */
	for (w = IN_RING; w <= IN_GGTT_BATCH; w++) {
		static const u32 offs[] = { 0, 0x100, 4096 - 8 };

		for (i = 0; i < ARRAY_SIZE(offs); i++) {
			ret = pc(&env, &s, w, PS_OP(1) | PC_INDEX | PC_GGTT,
				 offs[i]);
			ACCEPT(&env, &s, ret);
			gvt_scan_fini(&s);
		}
	}
	{
		static const u32 offs[] = { 4096 - 4, 4096, 0x10000,
					    0xfffffff8 };
		static const u32 how[] = { PS_OP(1) | PC_INDEX | PC_GGTT,
					   PS_OP(1) | PC_INDEX };

		for (w = 0; w < ARRAY_SIZE(how); w++) {
			for (i = 0; i < ARRAY_SIZE(offs); i++) {
				ret = pc(&env, &s, IN_RING, how[w], offs[i]);
				if (!REJECT_EITHER(&env, &s, ret, -EFAULT,
						   -EBADRQC, name, 0, 4))
					fprintf(stderr,
						"  ... index 0x%x dw1 0x%x\n",
						offs[i], how[w]);
				gvt_scan_fini(&s);
			}
		}
	}
	/* Store data index is privileged. */
	ret = pc(&env, &s, IN_PPGTT_BATCH, PS_OP(1) | PC_INDEX, 0x100);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
	gvt_scan_fini(&s);

	/* LRI post-sync writes a register. */
	for (i = 0; i < N(regs_ok); i++) {
		ret = pc(&env, &s, IN_PPGTT_BATCH, PC_LRI, regs_ok[i].reg);
		/* PIPE_CONTROL is the render engine's. */
		if (regs_ok[i].e == GVT_ENGINE_RCS)
			ACCEPT(&env, &s, ret);
		else
			REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
		gvt_scan_fini(&s);
	}
	for (i = 0; i < N(regs_bad); i++) {
		ret = pc(&env, &s, i & 1 ? IN_RING : IN_PPGTT_BATCH, PC_LRI,
			 regs_bad[i]);
		if (!REJECT(&env, &s, ret, -EBADRQC, name, i & 1 ? 0 : 1, 4))
			fprintf(stderr, "  ... register 0x%x\n", regs_bad[i]);
		gvt_scan_fini(&s);
	}

	/* Post-sync 2 and 3 read PS_DEPTH_COUNT and TIMESTAMP. */
	for (i = 2; i <= 3; i++) {
		ret = pc(&env, &s, IN_PPGTT_BATCH, PS_OP(i), 0x10000);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = pc(&env, &s, IN_RING, PS_OP(i) | PC_GGTT,
			 cmd_env_low(&env));
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = pc(&env, &s, IN_RING, PS_OP(i) | PC_GGTT, outside(&env));
		REJECT(&env, &s, ret, -EFAULT, name, 0, 4);
		gvt_scan_fini(&s);
	}

	/* Six dwords exactly. */
	{
		u32 c5[] = { PIPE_CONTROL - 1, 0, 0, 0, 0 };
		u32 c7[] = { PIPE_CONTROL + 1, 0, 0, 0, 0, 0, 0 };

		ret = ring(&env, &s, GVT_ENGINE_RCS, c5, N(c5));
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, GVT_ENGINE_RCS, c7, N(c7));
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/*
 * The register rule of post-sync 2 and 3, seen by taking PS_DEPTH_COUNT
 * and TIMESTAMP off this device's whitelist (both are on it normally).
 */
TEST(cmd_pipe_control_post_sync_registers)
{
	const u16 *shared;
	struct cmd_env env;
	struct gvt_scan s;
	u16 *index;
	int ret;

	env_init(&env);
	ASSERT(gvt_mmio_cmd_access(env.gvt, REG_PS_DEPTH_COUNT));
	ASSERT(gvt_mmio_cmd_access(env.gvt, REG_RCS_TIMESTAMP));
	/* The index is shared by all devices: edit a private copy. */
	shared = env.gvt->mmio_index;
	index = kvmalloc_array(GVT_MMIO_DWORDS, sizeof(*index), GFP_KERNEL);
	ASSERT(index);
	memcpy(index, shared, GVT_MMIO_DWORDS * sizeof(*index));
	env.gvt->mmio_index = index;
	index[REG_PS_DEPTH_COUNT >> 2] = 0;
	index[(REG_PS_DEPTH_COUNT >> 2) + 1] = 0;
	ASSERT(!gvt_mmio_cmd_access(env.gvt, REG_PS_DEPTH_COUNT));
	ret = pc(&env, &s, IN_RING, PS_OP(2), 0x10000);
	REJECT(&env, &s, ret, -EBADRQC, "PIPE_CONTROL", 0, 4);
	gvt_scan_fini(&s);
	ret = pc(&env, &s, IN_RING, PS_OP(3), 0x10000);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	index[REG_RCS_TIMESTAMP >> 2] = 0;
	index[(REG_RCS_TIMESTAMP >> 2) + 1] = 0;
	ret = pc(&env, &s, IN_PPGTT_BATCH, PS_OP(3), 0x10000);
	REJECT(&env, &s, ret, -EBADRQC, "PIPE_CONTROL", 1, 4);
	gvt_scan_fini(&s);
	/* Post-sync 1 and none name no register. */
	ret = pc(&env, &s, IN_RING, PS_OP(1), 0x10000);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	ret = pc(&env, &s, IN_RING, 0, 0);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	env.gvt->mmio_index = shared;
	kvfree(index);
	env_fini(&env);
}

static int flush(struct cmd_env *env, struct gvt_scan *s, enum gvt_engine e,
		 enum where w, u32 len, u32 dw0, u32 dw1)
{
	u32 c[10] = { MI_NOOP, MI_NOOP, MI_FLUSH_DW(len) | dw0, dw1, 0, 0x11,
		      0x22 };

	c[2 + len] = MI_BB_END;
	if (w == IN_RING)
		return ring(env, s, e, c, 2 + len);
	return batch(env, s, e, w == IN_PPGTT_BATCH, c, 3 + len);
}

TEST(cmd_flush_dw)
{
	const char *name = "MI_FLUSH_DW";
	static const enum gvt_engine engs[] = {
		GVT_ENGINE_VCS, GVT_ENGINE_VCS2, GVT_ENGINE_BCS,
		GVT_ENGINE_VECS,
	};
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i, j, w;
	u32 len;
	int ret;

	env_init(&env);
	for (j = 0; j < ARRAY_SIZE(engs); j++) {
		enum gvt_engine e = engs[j];
		u64 okv[] = { cmd_env_low(&env), low_end(&env) - 8,
			      cmd_env_high(&env) + 0x1000, high_end(&env) - 8 };
		u64 badv[] = { outside(&env), low_end(&env), high_end(&env),
			       cmd_env_high(&env) - 8 };

		for (len = 4; len <= 5; len++) {
			for (i = 0; i < ARRAY_SIZE(okv); i++) {
				w = i & 1 ? IN_RING : IN_GGTT_BATCH;
				ret = flush(&env, &s, e, w, len, PS_OP(1),
					    (u32)okv[i] | FLUSH_GGTT);
				ACCEPT(&env, &s, ret);
				gvt_scan_fini(&s);
			}
			for (i = 0; i < ARRAY_SIZE(badv); i++) {
				ret = flush(&env, &s, e, IN_GGTT_BATCH, len,
					    PS_OP(1),
					    (u32)badv[i] | FLUSH_GGTT);
				REJECT(&env, &s, ret, -EFAULT, name, 1, 8);
				gvt_scan_fini(&s);
			}
			/* PPGTT form: not audited; GGTT form: refused. */
			ret = flush(&env, &s, e, IN_PPGTT_BATCH, len,
				    PS_OP(1), (u32)badv[0]);
			ACCEPT(&env, &s, ret);
			gvt_scan_fini(&s);
			ret = flush(&env, &s, e, IN_PPGTT_BATCH, len,
				    PS_OP(1), (u32)okv[0] | FLUSH_GGTT);
			REJECT(&env, &s, ret, -EBADRQC, name, 1, 8);
			gvt_scan_fini(&s);
		}
		/* No post-sync operation, no write. */
		ret = flush(&env, &s, e, IN_PPGTT_BATCH, 4, 0, 0);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		/* Four or five dwords. */
		ret = flush(&env, &s, e, IN_RING, 3, 0, 0);
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 8);
		gvt_scan_fini(&s);
		ret = flush(&env, &s, e, IN_RING, 6, 0, 0);
		REJECT(&env, &s, ret, -EBADRQC, name, 0, 8);
		gvt_scan_fini(&s);
	}

	/* Store data index: offset + 8 within 4 KiB; privileged. */
	{
		static const u32 okoff[] = { 0, 0x80, 4096 - 8 };
		static const u32 badoff[] = { 4096, 4104, 0x100000 };

		for (i = 0; i < ARRAY_SIZE(okoff); i++) {
			ret = flush(&env, &s, GVT_ENGINE_BCS, IN_RING, 4,
				    PS_OP(1) | FLUSH_INDEX,
				    okoff[i] | FLUSH_GGTT);
			ACCEPT(&env, &s, ret);
			gvt_scan_fini(&s);
			ret = flush(&env, &s, GVT_ENGINE_VCS, IN_GGTT_BATCH, 5,
				    PS_OP(1) | FLUSH_INDEX, okoff[i]);
			ACCEPT(&env, &s, ret);
			gvt_scan_fini(&s);
		}
		for (i = 0; i < ARRAY_SIZE(badoff); i++) {
			ret = flush(&env, &s, GVT_ENGINE_BCS, IN_RING, 4,
				    PS_OP(1) | FLUSH_INDEX,
				    badoff[i] | FLUSH_GGTT);
			REJECT_EITHER(&env, &s, ret, -EFAULT, -EBADRQC, name,
				      0, 8);
			gvt_scan_fini(&s);
			ret = flush(&env, &s, GVT_ENGINE_VECS, IN_RING, 4,
				    PS_OP(1) | FLUSH_INDEX, badoff[i]);
			REJECT_EITHER(&env, &s, ret, -EFAULT, -EBADRQC, name,
				      0, 8);
			gvt_scan_fini(&s);
		}
		ret = flush(&env, &s, GVT_ENGINE_BCS, IN_PPGTT_BATCH, 4,
			    PS_OP(1) | FLUSH_INDEX, 0x80);
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 8);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/* ------------------------------------------------------------------ */
/* Memory commands                                                     */
/* ------------------------------------------------------------------ */

static int sdi(struct cmd_env *env, struct gvt_scan *s, enum where w,
	       u32 len, u32 flags, u64 gma)
{
	u32 c[32] = { MI_SDI(len) | flags, (u32)gma, (u32)(gma >> 32) };

	c[len] = MI_BB_END;
	if (w == IN_RING)
		return ring(env, s, GVT_ENGINE_VECS, c, len);
	return batch(env, s, GVT_ENGINE_RCS, w == IN_PPGTT_BATCH, c, len + 1);
}

TEST(cmd_store_data_imm)
{
	const char *name = "MI_STORE_DATA_IMM";
	struct cmd_env env;
	struct gvt_scan s;
	u32 len, flags;
	int ret;

	env_init(&env);
	for (len = 4; len <= 12; len++) {
		u32 size = (len - 3) * 4;
		u64 okv[] = { cmd_env_low(&env), low_end(&env) - size,
			      cmd_env_high(&env), high_end(&env) - size };
		u64 badv[] = { low_end(&env) - size + 4,
			       low_end(&env), high_end(&env) - size + 4,
			       high_end(&env), cmd_env_high(&env) - 4,
			       outside(&env) };
		unsigned int i;

		flags = GGTT_BIT | (len == 5 ? SDI_QWORD : 0);
		for (i = 0; i < ARRAY_SIZE(okv); i++) {
			ret = sdi(&env, &s, i & 1 ? IN_RING : IN_GGTT_BATCH,
				  len, flags, okv[i]);
			if (!ACCEPT(&env, &s, ret))
				fprintf(stderr, "  ... length %u gma 0x%llx\n",
					len, (unsigned long long)okv[i]);
			gvt_scan_fini(&s);
		}
		for (i = 0; i < ARRAY_SIZE(badv); i++) {
			ret = sdi(&env, &s, i & 1 ? IN_RING : IN_GGTT_BATCH,
				  len, flags, badv[i]);
			if (!REJECT(&env, &s, ret, -EFAULT, name,
				    i & 1 ? 0 : 1, 0))
				fprintf(stderr, "  ... length %u gma 0x%llx\n",
					len, (unsigned long long)badv[i]);
			gvt_scan_fini(&s);
		}
		ret = sdi(&env, &s, IN_PPGTT_BATCH, len, flags, okv[0]);
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 0);
		gvt_scan_fini(&s);
		ret = sdi(&env, &s, IN_PPGTT_BATCH, len, flags & ~GGTT_BIT,
			  badv[5]);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
	}
	/* The longest SDI, 1025 dwords, at the end of the hidden range. */
	{
		static u32 c[1026];
		u64 gma = high_end(&env) - 1022 * 4;

		c[0] = MI_SDI(1025) | GGTT_BIT;
		EXPECT_EQ(c[0] & 0x3ff, 0x3ff);
		c[1] = (u32)gma;
		c[2] = (u32)(gma >> 32);
		c[1025] = MI_BB_END;
		ret = batch(&env, &s, GVT_ENGINE_BCS, false, c, 1026);
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0,
			    c, 1026);
		gvt_scan_fini(&s);
		c[1] += 4;
		ret = batch(&env, &s, GVT_ENGINE_BCS, false, c, 1026);
		REJECT(&env, &s, ret, -EFAULT, name, 1, 0);
		gvt_scan_fini(&s);
	}
	/* Three dwords store nothing: malformed. */
	ret = sdi(&env, &s, IN_RING, 3, 0, 0);
	REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
	gvt_scan_fini(&s);
	env_fini(&env);
}

static int atomic(struct cmd_env *env, struct gvt_scan *s, enum where w,
		  u32 size, u32 flags, u64 gma)
{
	u32 c[] = { MI_NOOP, MI_ATOMIC(size) | flags, (u32)gma,
		    (u32)(gma >> 32), MI_BB_END };

	if (w == IN_RING)
		return ring(env, s, GVT_ENGINE_VCS2, c, N(c) - 1);
	return batch(env, s, GVT_ENGINE_RCS, w == IN_PPGTT_BATCH, c, N(c));
}

TEST(cmd_atomic)
{
	const char *name = "MI_ATOMIC";
	struct cmd_env env;
	struct gvt_scan s;
	u32 size;
	int ret;

	env_init(&env);
	for (size = 0; size < 3; size++) {
		u32 bytes = 4U << size;

		ret = atomic(&env, &s, IN_RING, size, GGTT_BIT,
			     low_end(&env) - bytes);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_GGTT_BATCH, size, GGTT_BIT,
			     high_end(&env) - bytes);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_RING, size, GGTT_BIT,
			     low_end(&env) - bytes + 4);
		REJECT(&env, &s, ret, -EFAULT, name, 0, 4);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_GGTT_BATCH, size, GGTT_BIT,
			     cmd_env_high(&env) - 4);
		REJECT(&env, &s, ret, -EFAULT, name, 1, 4);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_GGTT_BATCH, size, GGTT_BIT,
			     outside(&env));
		REJECT(&env, &s, ret, -EFAULT, name, 1, 4);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_PPGTT_BATCH, size, GGTT_BIT,
			     cmd_env_low(&env));
		REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
		gvt_scan_fini(&s);
		ret = atomic(&env, &s, IN_PPGTT_BATCH, size, 0, outside(&env));
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
	}
	/* Data size 3 is reserved, in any form. */
	ret = atomic(&env, &s, IN_RING, 3, GGTT_BIT, cmd_env_low(&env));
	REJECT(&env, &s, ret, -EBADRQC, name, 0, 4);
	gvt_scan_fini(&s);
	ret = atomic(&env, &s, IN_PPGTT_BATCH, 3, 0, 0x10000);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
	gvt_scan_fini(&s);
	/* Inline data: eleven dwords. */
	{
		u32 c[12] = { MI(0x2f) | BIT(18) | 9 | GGTT_BIT,
			      (u32)cmd_env_high(&env) };

		c[11] = MI_BB_END;
		ret = batch(&env, &s, GVT_ENGINE_BCS, false, c, N(c));
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0,
			    c, N(c));
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

static int cmm(struct cmd_env *env, struct gvt_scan *s, enum where w,
	       u32 flags, u64 dst, u64 src)
{
	u32 c[] = { MI_COPY_MEM | flags, (u32)dst, (u32)(dst >> 32),
		    (u32)src, (u32)(src >> 32), MI_BB_END };

	if (w == IN_RING)
		return ring(env, s, GVT_ENGINE_RCS, c, N(c) - 1);
	return batch(env, s, GVT_ENGINE_VECS, w == IN_PPGTT_BATCH, c, N(c));
}

/* DW1-2 is the destination, DW3-4 the source. */
TEST(cmd_copy_mem_mem)
{
	const char *name = "MI_COPY_MEM_MEM";
	struct cmd_env env;
	struct gvt_scan s;
	u64 in, in2, out;
	int ret;

	env_init(&env);
	in = low_end(&env) - 4;
	in2 = cmd_env_high(&env);
	out = outside(&env);
	/* Source in the GGTT: only the source is audited. */
	ret = cmm(&env, &s, IN_RING, CMM_SRC_GGTT, out, in);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_RING, CMM_SRC_GGTT, in, out);
	REJECT(&env, &s, ret, -EFAULT, name, 0, 0);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_GGTT_BATCH, CMM_SRC_GGTT, in, low_end(&env));
	REJECT(&env, &s, ret, -EFAULT, name, 1, 0);
	gvt_scan_fini(&s);
	/* Destination in the GGTT: only the destination. */
	ret = cmm(&env, &s, IN_GGTT_BATCH, CMM_DST_GGTT, in2, out);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_RING, CMM_DST_GGTT, out, in);
	REJECT(&env, &s, ret, -EFAULT, name, 0, 0);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_GGTT_BATCH, CMM_DST_GGTT, high_end(&env), in2);
	REJECT(&env, &s, ret, -EFAULT, name, 1, 0);
	gvt_scan_fini(&s);
	/* Both. */
	ret = cmm(&env, &s, IN_RING, CMM_SRC_GGTT | CMM_DST_GGTT, in, in2);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_RING, CMM_SRC_GGTT | CMM_DST_GGTT, in, out);
	REJECT(&env, &s, ret, -EFAULT, name, 0, 0);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_RING, CMM_SRC_GGTT | CMM_DST_GGTT, out, in);
	REJECT(&env, &s, ret, -EFAULT, name, 0, 0);
	gvt_scan_fini(&s);
	/* A PPGTT batch: either GGTT bit is refused, neither is fine. */
	ret = cmm(&env, &s, IN_PPGTT_BATCH, CMM_SRC_GGTT, in, in2);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 0);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_PPGTT_BATCH, CMM_DST_GGTT, in, in2);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 0);
	gvt_scan_fini(&s);
	ret = cmm(&env, &s, IN_PPGTT_BATCH, 0, out, out);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* ------------------------------------------------------------------ */
/* Batch buffers                                                       */
/* ------------------------------------------------------------------ */

static const u32 bb_end[] = { MI_BB_END };

/*
 * -EFAULT for the batch that the MI_BATCH_BUFFER_START at byte @off of
 * buffer @parent starts at @target. The error may name that command, or
 * the new batch at offset 0 (which has no command yet): both say which
 * buffer could not be read.
 */
static bool target_fault(struct cmd_env *env, struct gvt_scan *s, int ret,
			 int parent, u32 off, u64 target)
{
	int b = s->err.buf;

	if (ret == -EFAULT && b > parent && b < (int)s->nr_bufs &&
	    s->bufs[b].gma == target && s->bufs[b].parent == parent &&
	    s->bufs[b].start_dw * 4 == off)
		return REJECT(env, s, ret, -EFAULT, NULL, b, 0);
	return REJECT(env, s, ret, -EFAULT, "MI_BATCH_BUFFER_START", parent,
		      off);
}

TEST(cmd_bb_start_first_level)
{
	const char *name = "MI_BATCH_BUFFER_START";
	u32 r[8] = { MI_NOOP, MI_NOOP }, a[] = { MI_LRI(1), REG_OK, 5,
						 MI_BB_END };
	struct cmd_env env;
	struct gvt_scan s;
	u64 gma;
	int ret;

	env_init(&env);
	/* A GGTT batch, started at ring dword 2; the ring goes on. */
	gma = BATCH(&env, 0);
	put(&env, false, gma, a, N(a));
	bbs(r + 2, gma, 0);
	r[5] = MI_NOOP;
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 6);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, 2);
		RING_BUF(&s, &env, r, 6);
		BUF(&s, 1, GVT_BUF_BATCH, gma, false, 0, 2, a, N(a));
	}
	gvt_scan_fini(&s);
	/* The whole hidden range works too, up to its last dword. */
	gma = high_end(&env) - 4;
	put(&env, false, gma, bb_end, 1);
	bbs(r, gma, 0);
	ret = ring(&env, &s, GVT_ENGINE_BCS, r, 3);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 1, GVT_BUF_BATCH, gma, false, 0, 0, bb_end, 1);
	gvt_scan_fini(&s);
	/* A PPGTT batch, with the engine's own register. */
	a[1] = REG_OK_ON(GVT_ENGINE_VECS);
	put(&env, true, PBATCH(3), a, N(a));
	bbs(r, PBATCH(3), BBS_PPGTT);
	ret = ring(&env, &s, GVT_ENGINE_VECS, r, 3);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, 2);
		BUF(&s, 1, GVT_BUF_BATCH, PBATCH(3), true, 0, 0, a, N(a));
	}
	gvt_scan_fini(&s);

	/* GGTT targets outside the partition, or not readable. */
	{
		u64 badv[] = { outside(&env), low_end(&env),
			       high_end(&env), cmd_env_low(&env) - 4,
			       BATCH(&env, 7) };

		for (ret = 0; ret < (int)ARRAY_SIZE(badv); ret++) {
			u64 t = badv[ret];
			int r2;

			r[0] = MI_NOOP;
			bbs(r + 1, t, 0);
			r2 = ring(&env, &s, GVT_ENGINE_RCS, r, 4);
			if (!target_fault(&env, &s, r2, 0, 4, t))
				fprintf(stderr, "  ... target 0x%llx\n",
					(unsigned long long)t);
			gvt_scan_fini(&s);
		}
	}
	/* A PPGTT target that is not mapped. */
	bbs(r, PBATCH(9), BBS_PPGTT);
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
	target_fault(&env, &s, ret, 0, 0, PBATCH(9));
	gvt_scan_fini(&s);

	/* Second level from a ring: deeper than the hardware nests. */
	put(&env, false, BATCH(&env, 0), bb_end, 1);
	r[0] = MI_NOOP;
	bbs(r + 1, BATCH(&env, 0), BBS_SECOND);
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 4);
	REJECT(&env, &s, ret, -ELOOP, name, 0, 4);
	gvt_scan_fini(&s);
	bbs(r + 1, PBATCH(0), BBS_SECOND | BBS_PPGTT);
	put(&env, true, PBATCH(0), bb_end, 1);
	ret = ring(&env, &s, GVT_ENGINE_VCS, r, 4);
	REJECT(&env, &s, ret, -ELOOP, name, 0, 4);
	gvt_scan_fini(&s);

	/* Add offset and predication are refused, in rings and batches. */
	{
		static const u32 refused[] = { BBS_ADD_OFFSET, BBS_PREDICATE,
					       BBS_ADD_OFFSET | BBS_PPGTT,
					       BBS_PREDICATE | BBS_PPGTT };
		unsigned int i;
		u32 b[4];

		put(&env, false, BATCH(&env, 1), bb_end, 1);
		put(&env, true, PBATCH(1), bb_end, 1);
		for (i = 0; i < ARRAY_SIZE(refused); i++) {
			bool pp = refused[i] & BBS_PPGTT;

			bbs(r, pp ? PBATCH(1) : BATCH(&env, 1), refused[i]);
			ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
			REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
			gvt_scan_fini(&s);
			bbs(b, pp ? PBATCH(1) : BATCH(&env, 1), refused[i]);
			b[3] = MI_BB_END;
			ret = batch(&env, &s, GVT_ENGINE_RCS, pp, b, 4);
			REJECT(&env, &s, ret, -EBADRQC, name, 1, 0);
			gvt_scan_fini(&s);
		}
	}
	/* Three dwords exactly. */
	bbs(r, BATCH(&env, 1), 0);
	r[0] += 1;
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 4);
	REJECT(&env, &s, ret, -EBADRQC, name, 0, 0);
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_bb_start_ppgtt_reader_missing)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 r[3], tail;
	int ret;

	env_init(&env);
	put(&env, true, PBATCH(0), bb_end, 1);
	bbs(r, PBATCH(0), BBS_PPGTT);
	tail = cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0, r, 3);
	gvt_scan_init(&s, env.vgpu, GVT_ENGINE_RCS, &env.ggtt_acc, NULL);
	mutex_lock(&env.vgpu->lock);
	ret = gvt_scan_ring(&s, RING(&env), RING_SIZE, 0, tail);
	mutex_unlock(&env.vgpu->lock);
	REJECT(&env, &s, ret, -EFAULT, "MI_BATCH_BUFFER_START", 0, 0);
	gvt_scan_fini(&s);
	/* A GGTT batch needs no PPGTT reader. */
	put(&env, false, BATCH(&env, 0), bb_end, 1);
	bbs(r, BATCH(&env, 0), 0);
	tail = cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0, r, 3);
	env.vgpu->failsafe = GVT_FAILSAFE_NONE;
	gvt_scan_init(&s, env.vgpu, GVT_ENGINE_RCS, &env.ggtt_acc, NULL);
	mutex_lock(&env.vgpu->lock);
	ret = gvt_scan_ring(&s, RING(&env), RING_SIZE, 0, tail);
	mutex_unlock(&env.vgpu->lock);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	/* gvt_scan_batch() of a PPGTT batch without the reader. */
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, NULL, PBATCH(0), true);
	REJECT(&env, &s, ret, -EFAULT, NULL, -1, 0);
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_bb_chain_and_call)
{
	const char *name = "MI_BATCH_BUFFER_START";
	struct cmd_env env;
	struct gvt_scan s;
	u32 r[5], a[8], b[] = { MI_LRI(1), REG_OK, 1, MI_BB_END };
	u32 c[] = { MI_NOOP, MI_BB_END };
	int ret;

	env_init(&env);
	/* Chain: ring -> A -> B; B's end returns to the ring. */
	put(&env, false, BATCH(&env, 1), b, N(b));
	a[0] = MI_NOOP;
	bbs(a + 1, BATCH(&env, 1), 0);
	put(&env, false, BATCH(&env, 0), a, 4);
	bbs(r, BATCH(&env, 0), 0);
	r[3] = MI_LRI(1);
	r[4] = REG_OK2;
	{
		u32 rr[] = { r[0], r[1], r[2], MI_LRI(1), REG_OK2, 7 };

		ret = ring(&env, &s, GVT_ENGINE_RCS, rr, N(rr));
		if (ACCEPT(&env, &s, ret)) {
			EXPECT_EQ(s.nr_bufs, 3);
			RING_BUF(&s, &env, rr, N(rr));
			BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0,
			    a, 4);
			BUF(&s, 2, GVT_BUF_BATCH, BATCH(&env, 1), false, 1, 1,
			    b, N(b));
		}
		gvt_scan_fini(&s);
		/* The ring is scanned after the chain returns. */
		rr[4] = 0x2030;
		ret = ring(&env, &s, GVT_ENGINE_RCS, rr, N(rr));
		REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 0,
		       12);
		gvt_scan_fini(&s);
	}
	/* A chain from a PPGTT batch to a PPGTT batch. */
	put(&env, true, PBATCH(1), b, N(b));
	bbs(a + 1, PBATCH(1), BBS_PPGTT);
	ret = batch(&env, &s, GVT_ENGINE_RCS, true, a, 4);
	if (ACCEPT(&env, &s, ret)) {
		BUF(&s, 1, GVT_BUF_BATCH, PBATCH(0), true, 0, 0, a, 4);
		BUF(&s, 2, GVT_BUF_BATCH, PBATCH(1), true, 1, 1, b, N(b));
	}
	gvt_scan_fini(&s);
	/* ... but never to a GGTT (privileged) batch. */
	bbs(a + 1, BATCH(&env, 1), 0);
	ret = batch(&env, &s, GVT_ENGINE_RCS, true, a, 4);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 4);
	gvt_scan_fini(&s);
	/* A GGTT batch may chain to a PPGTT one. */
	bbs(a + 1, PBATCH(1), BBS_PPGTT);
	ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 4);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 2, GVT_BUF_BATCH, PBATCH(1), true, 1, 1, b, N(b));
	gvt_scan_fini(&s);

	/* Call: A calls C, C's end returns into A. */
	put(&env, false, BATCH(&env, 2), c, N(c));
	bbs(a, BATCH(&env, 2), BBS_SECOND);
	a[3] = MI_LRI(1);
	a[4] = REG_OK;
	a[5] = 9;
	a[6] = MI_BB_END;
	ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 7);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, 3);
		BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0, a, 7);
		BUF(&s, 2, GVT_BUF_BATCH2, BATCH(&env, 2), false, 1, 0, c,
		    N(c));
	}
	gvt_scan_fini(&s);
	/* After the return A is still checked. */
	a[4] = 0x229c;
	ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 7);
	REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 1, 12);
	gvt_scan_fini(&s);
	a[4] = REG_OK;
	/* A PPGTT batch calls PPGTT second-level batches only. */
	put(&env, true, PBATCH(2), c, N(c));
	bbs(a, PBATCH(2), BBS_SECOND | BBS_PPGTT);
	ret = batch(&env, &s, GVT_ENGINE_RCS, true, a, 7);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 2, GVT_BUF_BATCH2, PBATCH(2), true, 1, 0, c, N(c));
	gvt_scan_fini(&s);
	bbs(a, BATCH(&env, 2), BBS_SECOND);
	ret = batch(&env, &s, GVT_ENGINE_RCS, true, a, 7);
	REJECT(&env, &s, ret, -EBADRQC, name, 1, 0);
	gvt_scan_fini(&s);
	/* Privileged commands in a second-level batch of a PPGTT batch. */
	{
		u32 cp[] = { MI_NOOP, MI_ARB_ON_OFF, MI_BB_END };

		put(&env, true, PBATCH(2), cp, N(cp));
		bbs(a, PBATCH(2), BBS_SECOND | BBS_PPGTT);
		ret = batch(&env, &s, GVT_ENGINE_RCS, true, a, 7);
		REJECT(&env, &s, ret, -EBADRQC, "MI_ARB_ON_OFF", 2, 4);
		gvt_scan_fini(&s);
		put(&env, false, BATCH(&env, 2), cp, N(cp));
		bbs(a, BATCH(&env, 2), BBS_SECOND);
		ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 7);
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 2, GVT_BUF_BATCH2, BATCH(&env, 2), false, 1,
			    0, cp, N(cp));
		gvt_scan_fini(&s);
	}

	/* Any MI_BATCH_BUFFER_START inside a second-level batch. */
	{
		static const u32 how[] = { 0, BBS_SECOND };
		unsigned int i;
		u32 c2[5] = { MI_NOOP };

		put(&env, false, BATCH(&env, 3), bb_end, 1);
		for (i = 0; i < ARRAY_SIZE(how); i++) {
			bbs(c2 + 1, BATCH(&env, 3), how[i]);
			c2[4] = MI_BB_END;
			put(&env, false, BATCH(&env, 2), c2, N(c2));
			bbs(a, BATCH(&env, 2), BBS_SECOND);
			ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 7);
			REJECT(&env, &s, ret, -ELOOP, name, 2, 4);
			gvt_scan_fini(&s);
		}
	}
	env_fini(&env);
}

TEST(cmd_bb_loops_end)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 a[3], b[4], r[3];
	int ret;

	env_init(&env);
	/* A batch that chains to itself. */
	bbs(a, BATCH(&env, 0), 0);
	put(&env, false, BATCH(&env, 0), a, 3);
	ret = batch(&env, &s, GVT_ENGINE_RCS, false, a, 3);
	EXPECT(ret == -ELOOP || ret == -E2BIG);
	REJECT(&env, &s, ret, ret, "MI_BATCH_BUFFER_START", s.err.buf, 0);
	EXPECT(s.nr_bufs <= GVT_SCAN_MAX_BUFS);
	EXPECT(s.bytes <= GVT_SCAN_MAX_BYTES);
	gvt_scan_fini(&s);
	/* Two PPGTT batches that chain to each other. */
	b[0] = MI_NOOP;
	bbs(b + 1, PBATCH(0), BBS_PPGTT);
	put(&env, true, PBATCH(1), b, 4);
	bbs(a, PBATCH(1), BBS_PPGTT);
	ret = batch(&env, &s, GVT_ENGINE_BCS, true, a, 3);
	EXPECT(ret == -ELOOP || ret == -E2BIG);
	EXPECT(s.err.rule);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
	EXPECT(s.nr_bufs <= GVT_SCAN_MAX_BUFS);
	gvt_scan_fini(&s);
	/* gvt_scan_batch() of a self-chaining batch. */
	bbs(a, BATCH(&env, 4), 0);
	put(&env, false, BATCH(&env, 4), a, 3);
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, &env.ppgtt_acc,
			 BATCH(&env, 4), false);
	EXPECT(ret == -ELOOP || ret == -E2BIG);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
	gvt_scan_fini(&s);
	/* The vGPU's own ring is no target either way. */
	bbs(r, RING(&env), 0);
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
	EXPECT(ret == -ELOOP || ret == -E2BIG || ret == -EBADRQC);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* Ring with @n first-level batches of one MI_BATCH_BUFFER_END each. */
static int many_batches(struct cmd_env *env, struct gvt_scan *s, u32 n)
{
	static u32 r[3 * 200];
	u32 i;

	for (i = 0; i < n; i++) {
		u64 gma = BATCH(env, 0) + 8ULL * i;

		put(env, false, gma, bb_end, 1);
		bbs(r + 3 * i, gma, 0);
	}
	return ring(env, s, GVT_ENGINE_RCS, r, 3 * n);
}

TEST(cmd_budget_buffers)
{
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i;
	int ret;

	env_init(&env);
	/* The ring and 127 batches: 128 buffers. */
	ret = many_batches(&env, &s, GVT_SCAN_MAX_BUFS - 1);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, GVT_SCAN_MAX_BUFS);
		for (i = 1; i < s.nr_bufs; i++)
			BUF(&s, i, GVT_BUF_BATCH, BATCH(&env, 0) + 8 * (i - 1),
			    false, 0, 3 * (i - 1), bb_end, 1);
	}
	gvt_scan_fini(&s);
	ret = many_batches(&env, &s, GVT_SCAN_MAX_BUFS);
	REJECT(&env, &s, ret, -ELOOP, "MI_BATCH_BUFFER_START", 0,
	       12 * (GVT_SCAN_MAX_BUFS - 1));
	EXPECT(s.nr_bufs <= GVT_SCAN_MAX_BUFS);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/*
 * A first-level batch calling @n second-level batches of about 1 MiB of
 * MI_NOOP each, all at different addresses of one region.
 */
static int big_calls(struct cmd_env *env, struct gvt_scan *s, u32 n)
{
	static u32 a[3 * 40 + 1];
	u64 big = cmd_env_high(env) + 0x100000;
	u32 i;

	for (i = 0; i < n; i++)
		bbs(a + 3 * i, big + 4 * i, BBS_SECOND);
	a[3 * n] = MI_BB_END;
	return batch(env, s, GVT_ENGINE_RCS, false, a, 3 * n + 1);
}

TEST(cmd_budget_bytes)
{
	struct cmd_env env;
	struct gvt_scan s;
	u64 big;
	u8 *zero;
	int ret;

	env_init(&env);
	big = cmd_env_high(&env) + 0x100000;
	zero = calloc(1, 1 << 20);
	ASSERT(zero);
	fake_gm_write(&env.ggtt, big, zero, 1 << 20);
	free(zero);
	put(&env, false, big + (1 << 20), bb_end, 1);
	/* 31 MiB and a bit. */
	ret = big_calls(&env, &s, 31);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, 33);
		EXPECT(s.bytes > 31ULL << 20);
		EXPECT(s.bytes <= GVT_SCAN_MAX_BYTES);
		EXPECT_EQ(s.bufs[32].kind, GVT_BUF_BATCH2);
		EXPECT_EQ(s.bufs[32].ndw, (1 << 18) - 30 + 1);
	}
	gvt_scan_fini(&s);
	/* 33 MiB. */
	ret = big_calls(&env, &s, 33);
	EXPECT_EQ(ret, -E2BIG);
	EXPECT(s.err.rule);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
	EXPECT(s.bytes <= GVT_SCAN_MAX_BYTES);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* ------------------------------------------------------------------ */
/* Rings, decoding, truncation                                         */
/* ------------------------------------------------------------------ */

static int raw_ring(struct cmd_env *env, struct gvt_scan *s, u64 gma,
		    u32 size, u32 head, u32 tail)
{
	int ret;

	env->vgpu->failsafe = GVT_FAILSAFE_NONE;
	gvt_scan_init(s, env->vgpu, GVT_ENGINE_RCS, &env->ggtt_acc,
		      &env->ppgtt_acc);
	mutex_lock(&env->vgpu->lock);
	ret = gvt_scan_ring(s, gma, size, head, tail);
	mutex_unlock(&env->vgpu->lock);
	return ret;
}

TEST(cmd_ring_params)
{
	static const u32 bad[][3] = {
		/* size, head, tail */
		{ 0, 0, 0 },
		{ 4096 + 4, 0, 8 },
		{ 6144, 0, 8 },
		{ 2048, 0, 8 },
		{ 4096, 4096, 8 },
		{ 4096, 0, 4096 },
		{ 4096, 0x10000, 8 },
		{ 4096, 0, 0xfffffffc },
		{ 4096, 2, 8 },
		{ 4096, 0, 9 },
		{ 4096, 1, 1 },
	};
	u32 nops[16] = { 0 };
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i;
	int ret;

	env_init(&env);
	cmd_env_put_ring(&env, RING(&env), 2 * RING_SIZE, 0, nops, 16);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = raw_ring(&env, &s, RING(&env), bad[i][0], bad[i][1],
			       bad[i][2]);
		if (!REJECT(&env, &s, ret, -EINVAL, NULL, -1, 0))
			fprintf(stderr, "  ... size %u head %u tail %u\n",
				bad[i][0], bad[i][1], bad[i][2]);
		gvt_scan_fini(&s);
	}
	/* Good parameters on the same memory. */
	ret = raw_ring(&env, &s, RING(&env), 2 * RING_SIZE, 4, 60);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 0, GVT_BUF_RING, RING(&env) + 4, false, -1, 0, nops,
		    14);
	gvt_scan_fini(&s);
	/* A ring outside the partition, or not readable. */
	ret = raw_ring(&env, &s, outside(&env), RING_SIZE, 0, 16);
	REJECT(&env, &s, ret, -EFAULT, NULL, s.err.buf, 0);
	gvt_scan_fini(&s);
	ret = raw_ring(&env, &s, low_end(&env) - RING_SIZE, 2 * RING_SIZE,
		       RING_SIZE - 8, RING_SIZE + 8);
	REJECT(&env, &s, ret, -EFAULT, NULL, s.err.buf, 0);
	gvt_scan_fini(&s);
	ret = raw_ring(&env, &s, BATCH(&env, 9), RING_SIZE, 0, 16);
	REJECT(&env, &s, ret, -EFAULT, NULL, s.err.buf, 0);
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_ring_empty)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 bad[] = { 0xffffffff, 0xffffffff };
	unsigned int i;
	int ret;

	env_init(&env);
	/* Garbage in the ring outside head..tail is not looked at. */
	cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0x100, bad, 2);
	for (i = 0; i < RING_SIZE; i += 0x104) {
		ret = raw_ring(&env, &s, RING(&env), RING_SIZE, i, i);
		if (ACCEPT(&env, &s, ret)) {
			EXPECT(s.nr_bufs <= 1);
			if (s.nr_bufs)
				EXPECT_EQ(s.bufs[0].ndw, 0);
		}
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/*
 * A refused MI_BATCH_BUFFER_START after the ring wrapped is reported at
 * its address in the ring (fuzz_cmd found it reported one ring size
 * beyond, as if the ring did not wrap).
 */
TEST(cmd_ring_wrap_bb_start_error_address)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 r[5] = { MI_NOOP, MI_NOOP };
	u32 tail;
	int ret;

	env_init(&env);
	bbs(r + 2, PBATCH(0), BBS_PPGTT);
	tail = cmd_env_put_ring(&env, RING(&env), RING_SIZE, RING_SIZE - 8, r,
				N(r));
	gvt_scan_init(&s, env.vgpu, GVT_ENGINE_RCS, &env.ggtt_acc, NULL);
	mutex_lock(&env.vgpu->lock);
	ret = gvt_scan_ring(&s, RING(&env), RING_SIZE, RING_SIZE - 8, tail);
	mutex_unlock(&env.vgpu->lock);
	REJECT(&env, &s, ret, -EFAULT, "MI_BATCH_BUFFER_START", 0, 8);
	EXPECT_EQ(s.err.gma, RING(&env));
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_ring_wrap)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 c[] = { MI_LRI(2), REG_OK, 1, REG_OK2, 2, MI_NOOP };
	u32 r[] = { MI_NOOP, 0, 0, 0 };
	u32 head;
	int ret;

	env_init(&env);
	/* LRI straddling the wrap at every position. */
	for (head = RING_SIZE - 20; head < RING_SIZE; head += 4) {
		ret = ring_at(&env, &s, GVT_ENGINE_RCS, head, c, N(c));
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 0, GVT_BUF_RING, RING(&env) + head, false, -1,
			    0, c, N(c));
		gvt_scan_fini(&s);
	}
	/* ... and a bad register after the wrap. */
	c[3] = 0x2034;
	ret = ring_at(&env, &s, GVT_ENGINE_RCS, RING_SIZE - 8, c, N(c));
	REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 0, 0);
	gvt_scan_fini(&s);
	/* A MI_BATCH_BUFFER_START over the wrap. */
	put(&env, false, BATCH(&env, 0), bb_end, 1);
	bbs(r + 1, BATCH(&env, 0), 0);
	ret = ring_at(&env, &s, GVT_ENGINE_RCS, RING_SIZE - 8, r, N(r));
	if (ACCEPT(&env, &s, ret)) {
		BUF(&s, 0, GVT_BUF_RING, RING(&env) + RING_SIZE - 8, false,
		    -1, 0, r, N(r));
		BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 1, bb_end,
		    1);
	}
	gvt_scan_fini(&s);
	/* A full ring but one dword. */
	{
		static u32 full[RING_SIZE / 4 - 1];

		full[7] = MI_LRI(1);
		full[8] = REG_OK_ON(GVT_ENGINE_BCS);
		ret = ring_at(&env, &s, GVT_ENGINE_BCS, 0x800, full,
			      N(full));
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 0, GVT_BUF_RING, RING(&env) + 0x800, false,
			    -1, 0, full, N(full));
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

TEST(cmd_ring_bb_end_refused)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 r[] = { MI_NOOP, MI_NOOP, MI_NOOP, MI_BB_END, MI_NOOP };
	int ret;

	env_init(&env);
	ret = ring(&env, &s, GVT_ENGINE_VECS, r, N(r));
	REJECT(&env, &s, ret, -EBADRQC, "MI_BATCH_BUFFER_END", 0, 12);
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_truncated)
{
	const char *lri = "MI_LOAD_REGISTER_IMM";
	struct cmd_env env;
	struct gvt_scan s;
	u32 c[] = { MI_NOOP, MI_LRI(2), REG_OK, 1, REG_OK2, 2 };
	u32 n;
	u64 pg;
	int ret;

	env_init(&env);
	/* By the tail, at each dword short. */
	for (n = 2; n < N(c); n++) {
		ret = ring(&env, &s, GVT_ENGINE_RCS, c, n);
		REJECT(&env, &s, ret, -EINVAL, lri, 0, 4);
		gvt_scan_fini(&s);
		ret = ring_at(&env, &s, GVT_ENGINE_RCS, RING_SIZE - 8, c, n);
		REJECT(&env, &s, ret, -EINVAL, lri, 0, 4);
		gvt_scan_fini(&s);
	}
	/* Three-dword MI_BATCH_BUFFER_START cut by the tail. */
	{
		u32 r[3];

		bbs(r, BATCH(&env, 0), 0);
		ret = ring(&env, &s, GVT_ENGINE_RCS, r, 2);
		REJECT(&env, &s, ret, -EINVAL, "MI_BATCH_BUFFER_START", 0, 0);
		gvt_scan_fini(&s);
	}
	/* A batch command running into a page that cannot be read. */
	pg = BATCH(&env, 5) + 0x1000;
	put(&env, false, pg - 8, c, 2);
	{
		u32 r[3];

		bbs(r, pg - 8, 0);
		ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
		REJECT(&env, &s, ret, -EFAULT, lri, 1, 4);
		gvt_scan_fini(&s);
		put(&env, true, PBATCH(5) + 0x1000 - 4, c + 1, 1);
		bbs(r, PBATCH(5) + 0x1000 - 4, BBS_PPGTT);
		ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
		REJECT(&env, &s, ret, -EFAULT, lri, 1, 0);
		gvt_scan_fini(&s);
		/* A batch without an end runs into unreadable memory. */
		c[1] = MI_NOOP;
		put(&env, false, pg - 8, c, 2);
		bbs(r, pg - 8, 0);
		ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
		EXPECT_EQ(ret, -EFAULT);
		EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/* A batch that ends on the last dword of a page needs no next page. */
TEST(cmd_batch_ends_at_page_end)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 a[] = { MI_LRI(1), REG_OK, 3, MI_BB_END };
	u32 r[3];
	u64 pg;
	int ret;

	env_init(&env);
	pg = BATCH(&env, 6) + 0x1000;
	put(&env, false, pg - 16, a, N(a));
	bbs(r, pg - 16, 0);
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 1, GVT_BUF_BATCH, pg - 16, false, 0, 0, a, N(a));
	gvt_scan_fini(&s);
	put(&env, true, PBATCH(6) + 0x1000 - 16, a, N(a));
	bbs(r, PBATCH(6) + 0x1000 - 16, BBS_PPGTT);
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 1, GVT_BUF_BATCH, PBATCH(6) + 0x1000 - 16, true, 0, 0,
		    a, N(a));
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_unknown_and_bad_clients)
{
	static const u32 unknown[] = {
		MI(0x04), MI(0x10), MI(0x30), MI(0x3f),	/* no such MI */
		0x40000000 | (0x00 << 22),		/* no such blit */
		0x7fff0000, 0x60000000, 0x7a010000,	/* no such 3D */
		0x20000000, 0x3fffffff,			/* client 1 */
		0x80000000, 0xa0000000, 0xc0000000, 0xe0000000,
		0xffffffff, 0x9fffffff,
	};
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i, e;
	int ret;

	env_init(&env);
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		for (e = 0; e < GVT_NUM_ENGINES; e++) {
			u32 c[] = { MI_NOOP, unknown[i], 0, 0, 0 };

			if (gvt_cmd_lookup(env.gvt, e, unknown[i]))
				FAIL("0x%08x decodes on %s", unknown[i],
				     engine_names[e]);
			ret = ring(&env, &s, e, c, N(c));
			if (!REJECT(&env, &s, ret, -EBADRQC, NULL, 0, 4))
				fprintf(stderr, "  ... 0x%08x on %s\n",
					unknown[i], engine_names[e]);
			gvt_scan_fini(&s);
			c[4] = MI_BB_END;
			ret = batch(&env, &s, e, e & 1, c, N(c));
			REJECT(&env, &s, ret, -EBADRQC, NULL, 1, 4);
			gvt_scan_fini(&s);
		}
	}
	/* Commands of other engines. */
	{
		u32 prim[] = { 0x7b000000 | 5, 0, 0, 0, 0, 0, 0 };
		u32 blt[] = { 0x40000000 | (0x53 << 22) | 8, 0, 0, 0, 0, 0,
			      0, 0, 0, 0 };

		ret = ring(&env, &s, GVT_ENGINE_BCS, prim, N(prim));
		REJECT(&env, &s, ret, -EBADRQC, NULL, 0, 0);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, GVT_ENGINE_RCS, prim, N(prim));
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, GVT_ENGINE_RCS, blt, N(blt));
		REJECT(&env, &s, ret, -EBADRQC, NULL, 0, 0);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, GVT_ENGINE_BCS, blt, N(blt));
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

TEST(cmd_noop_runs)
{
	static u32 c[600];
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int k;
	int ret;

	env_init(&env);
	/* A bad command after k MI_NOOPs is found at 4 * k. */
	for (k = 0; k < 20; k++) {
		memset(c, 0, sizeof(c));
		c[k] = MI_LRI(1);
		c[k + 1] = 0x209c;
		ret = ring(&env, &s, GVT_ENGINE_RCS, c, k + 3);
		REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 0,
		       4 * k);
		gvt_scan_fini(&s);
		c[k + 3] = MI_BB_END;
		ret = batch(&env, &s, GVT_ENGINE_RCS, k & 1, c, k + 4);
		REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 1,
		       4 * k);
		gvt_scan_fini(&s);
	}
	/* A run, a command, a run: three commands. */
	memset(c, 0, sizeof(c));
	c[17] = MI_LRI(1);
	c[18] = REG_OK;
	ret = ring(&env, &s, GVT_ENGINE_RCS, c, 23);
	if (ACCEPT(&env, &s, ret)) {
		RING_BUF(&s, &env, c, 23);
		EXPECT_EQ(s.cmds, 3);
	}
	gvt_scan_fini(&s);
	/* Long runs in a batch. */
	c[18] = REG_OK_ON(GVT_ENGINE_VCS);
	c[599] = MI_BB_END;
	ret = batch(&env, &s, GVT_ENGINE_VCS, true, c, 600);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 1, GVT_BUF_BATCH, PBATCH(0), true, 0, 0, c, 600);
	gvt_scan_fini(&s);
	/* MI_NOOP with identification number bits. */
	{
		u32 id[] = { 0x1, MI_NOOP, 0x3fffff, 0x12345, MI_NOOP,
			     0x400000 | 0xabc, 0x7fffff, MI_LRI(1), REG_OK,
			     1, 0x2, MI_NOOP, MI_BB_END };

		ret = ring(&env, &s, GVT_ENGINE_RCS, id, N(id) - 1);
		if (ACCEPT(&env, &s, ret))
			RING_BUF(&s, &env, id, N(id) - 1);
		gvt_scan_fini(&s);
		id[8] = REG_OK_ON(GVT_ENGINE_BCS);
		ret = batch(&env, &s, GVT_ENGINE_BCS, false, id, N(id));
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0,
			    id, N(id));
		gvt_scan_fini(&s);
		id[8] = 0x2244;
		ret = ring(&env, &s, GVT_ENGINE_RCS, id, N(id) - 1);
		REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 0,
		       28);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

TEST(cmd_privileged_in_ppgtt_batch)
{
	static const u32 priv[] = {
		MI_ARB_ON_OFF, MI(0x0b), MI(0x0e), MI(0x07),
		MI(0x1b) | 0, MI(0x09), MI(0x06), MI(0x0f),
	};
	struct cmd_env env;
	struct gvt_scan s;
	unsigned int i;
	int ret;

	env_init(&env);
	for (i = 0; i < ARRAY_SIZE(priv); i++) {
		const struct gvt_cmd_info *info;
		u32 c[] = { MI_NOOP, MI_LRI(1), REG_OK, 0, priv[i], 0,
			    MI_BB_END };
		u32 n = N(c);

		info = gvt_cmd_lookup(env.gvt, GVT_ENGINE_RCS, priv[i]);
		ASSERT(info);
		EXPECT(info->flags & GVT_CMD_F_PRIV);
		if (gvt_cmd_len(info, priv[i]) == 1) {
			c[5] = MI_BB_END;
			n--;
		}
		ret = batch(&env, &s, GVT_ENGINE_RCS, true, c, n);
		REJECT(&env, &s, ret, -EBADRQC, info->name, 1, 16);
		gvt_scan_fini(&s);
		ret = batch(&env, &s, GVT_ENGINE_RCS, false, c, n);
		if (ACCEPT(&env, &s, ret))
			BUF(&s, 1, GVT_BUF_BATCH, BATCH(&env, 0), false, 0, 0,
			    c, n);
		gvt_scan_fini(&s);
		ret = ring(&env, &s, GVT_ENGINE_RCS, c, n - 1);
		ACCEPT(&env, &s, ret);
		gvt_scan_fini(&s);
	}
	env_fini(&env);
}

/* ------------------------------------------------------------------ */
/* The shadow is what executes                                         */
/* ------------------------------------------------------------------ */

/* Ring -> A (GGTT) -> call C (PPGTT second level) -> chain to B (PPGTT). */
struct three {
	u32 r[7], a[12], b[5], c[4];
};

static void three_init(struct cmd_env *env, struct three *t)
{
	u32 r[] = { MI_NOOP, 0, 0, 0, MI_LRI(1), REG_OK, 0x1 };
	u32 a[] = { MI_SDI(4) | GGTT_BIT, (u32)cmd_env_low(env), 0, 7,
		    0, 0, 0, MI_NOOP, 0, 0, 0, 0 };
	u32 b[] = { MI_LRR, REG_OK, REG_OK2, MI_NOOP, MI_BB_END };
	u32 c[] = { MI_LRI(1), REG_OK2, 0x55, MI_BB_END };

	memcpy(t->r, r, sizeof(r));
	memcpy(t->a, a, sizeof(a));
	memcpy(t->b, b, sizeof(b));
	memcpy(t->c, c, sizeof(c));
	bbs(t->r + 1, BATCH(env, 0), 0);
	bbs(t->a + 4, PBATCH(2), BBS_SECOND | BBS_PPGTT);
	bbs(t->a + 8, PBATCH(1), BBS_PPGTT);
	t->a[11] = MI_NOOP;	/* after the chain: never scanned */
	put(env, false, BATCH(env, 0), t->a, N(t->a));
	put(env, true, PBATCH(1), t->b, N(t->b));
	put(env, true, PBATCH(2), t->c, N(t->c));
}

static void three_check(struct cmd_env *env, struct gvt_scan *s,
			const struct three *t)
{
	EXPECT_EQ(s->nr_bufs, 4);
	BUF(s, 0, GVT_BUF_RING, RING(env), false, -1, 0, t->r, N(t->r));
	BUF(s, 1, GVT_BUF_BATCH, BATCH(env, 0), false, 0, 1, t->a, 11);
	BUF(s, 2, GVT_BUF_BATCH2, PBATCH(2), true, 1, 4, t->c, N(t->c));
	BUF(s, 3, GVT_BUF_BATCH, PBATCH(1), true, 1, 8, t->b, N(t->b));
}

TEST(cmd_shadow_is_what_executes)
{
	static u32 junk[1024];
	struct cmd_env env;
	struct gvt_scan s;
	struct three t;
	unsigned int i;
	int ret;

	env_init(&env);
	three_init(&env, &t);
	ret = ring(&env, &s, GVT_ENGINE_RCS, t.r, N(t.r));
	if (ACCEPT(&env, &s, ret)) {
		three_check(&env, &s, &t);
		/* The guest rewrites everything after the scan. */
		for (i = 0; i < ARRAY_SIZE(junk); i++)
			junk[i] = i & 1 ? 0x209c : MI_LRI(1);
		put(&env, false, RING(&env), junk, RING_SIZE / 4);
		put(&env, false, BATCH(&env, 0), junk, 64);
		put(&env, true, PBATCH(1), junk, 64);
		put(&env, true, PBATCH(2), junk, 64);
		three_check(&env, &s, &t);
		for (i = 0; i < s.nr_bufs; i++)
			EXPECT(s.bufs[i].cmds);
	}
	gvt_scan_fini(&s);
	env_fini(&env);
}

/*
 * A reader that rewrites what it has just read with hostile commands, as
 * a guest racing the scanner could: since every byte is copied once, the
 * scan still sees, accepts and keeps the original.
 */
struct racing_gm {
	struct gvt_gm_access acc;
	struct fake_gm *gm;
	unsigned long reads;
};

static int racing_read(void *priv, u64 addr, void *buf, u32 len)
{
	struct racing_gm *r = priv;
	u32 i, evil = 0x2030;
	int ret;

	ret = fake_gm_read(r->gm, addr, buf, len);
	r->reads++;
	if (ret)
		return ret;
	for (i = 0; i + 4 <= len; i += 4)
		fake_gm_write(r->gm, addr + i, &evil, 4);
	return 0;
}

TEST(cmd_every_byte_read_once)
{
	struct racing_gm rg, rp;
	struct cmd_env env;
	struct gvt_scan s;
	struct three t;
	u32 tail;
	int ret;

	env_init(&env);
	three_init(&env, &t);
	rg.gm = &env.ggtt;
	rg.acc.read = racing_read;
	rg.acc.priv = &rg;
	rg.reads = 0;
	rp = rg;
	rp.gm = &env.ppgtt;
	rp.acc.priv = &rp;
	tail = cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0, t.r,
				N(t.r));
	gvt_scan_init(&s, env.vgpu, GVT_ENGINE_RCS, &rg.acc, &rp.acc);
	mutex_lock(&env.vgpu->lock);
	ret = gvt_scan_ring(&s, RING(&env), RING_SIZE, 0, tail);
	mutex_unlock(&env.vgpu->lock);
	if (ACCEPT(&env, &s, ret))
		three_check(&env, &s, &t);
	EXPECT(rg.reads >= 2);
	EXPECT(rp.reads >= 2);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* Batches are copied as decoding needs them: one page past the end. */
TEST(cmd_batch_read_bounded)
{
	static u32 big[4 * 1024];
	struct cmd_env env;
	struct gvt_scan s;
	u32 r[3];
	int ret;

	env_init(&env);
	big[0] = MI_BB_END;
	put(&env, false, BATCH(&env, 0), big, N(big));
	bbs(r, BATCH(&env, 0), 0);
	cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0, r, 3);
	env.ggtt.read_bytes = 0;
	ret = ring(&env, &s, GVT_ENGINE_RCS, r, 3);
	ACCEPT(&env, &s, ret);
	EXPECT(env.ggtt.read_bytes <= 12 + 2 * 4096);
	EXPECT(s.bytes <= 12 + 2 * 4096);
	gvt_scan_fini(&s);
	env_fini(&env);
}

TEST(cmd_scan_batch)
{
	struct cmd_env env;
	struct gvt_scan s;
	u32 a[] = { MI_NOOP, MI_LRI(1), REG_OK, 1, MI_BB_END };
	u32 b[] = { MI_NOOP, MI_LRI(1), REG_OK_ON(GVT_ENGINE_BCS), 1,
		    MI_BB_END };
	int ret;

	env_init(&env);
	put(&env, false, BATCH(&env, 0), a, N(a));
	put(&env, true, PBATCH(0), b, N(b));
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, &env.ppgtt_acc,
			 BATCH(&env, 0), false);
	if (ACCEPT(&env, &s, ret)) {
		EXPECT_EQ(s.nr_bufs, 1);
		BUF(&s, 0, GVT_BUF_BATCH, BATCH(&env, 0), false, -1, 0, a,
		    N(a));
	}
	gvt_scan_fini(&s);
	ret = scan_batch(&env, &s, GVT_ENGINE_BCS, &env.ppgtt_acc, PBATCH(0),
			 true);
	if (ACCEPT(&env, &s, ret))
		BUF(&s, 0, GVT_BUF_BATCH, PBATCH(0), true, -1, 0, b, N(b));
	gvt_scan_fini(&s);
	/* The rules of a first-level batch apply. */
	a[2] = 0x2038;
	put(&env, true, PBATCH(0), a, N(a));
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, &env.ppgtt_acc, PBATCH(0),
			 true);
	REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_IMM", 0, 4);
	gvt_scan_fini(&s);
	a[1] = MI_ARB_ON_OFF;
	put(&env, true, PBATCH(0), a, N(a));
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, &env.ppgtt_acc, PBATCH(0),
			 true);
	REJECT(&env, &s, ret, -EBADRQC, "MI_ARB_ON_OFF", 0, 4);
	gvt_scan_fini(&s);
	ret = scan_batch(&env, &s, GVT_ENGINE_RCS, &env.ppgtt_acc,
			 outside(&env), false);
	EXPECT_EQ(ret, -EFAULT);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_GUEST_ERR);
	EXPECT(s.err.rule);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* ------------------------------------------------------------------ */
/* gvt_ggtt_gm_read() through the vGPU's GGTT                          */
/* ------------------------------------------------------------------ */

#define GM_FRAMES	16

static int gm_read(struct mtest *m, u64 gma, void *buf, u32 len)
{
	int ret;

	mutex_lock(&m->v->lock);
	ret = gvt_ggtt_gm_read(m->v, gma, buf, len);
	mutex_unlock(&m->v->lock);
	return ret;
}

/* Fill guest frame k with dwords (k << 16 | index). */
static void fill_frames(struct mtest *m)
{
	unsigned int k, i;

	for (k = 0; k < GM_FRAMES; k++) {
		u32 *p = (u32 *)fake_hv_page(&m->hv, MTEST_GFN(k));

		for (i = 0; i < 1024; i++)
			p[i] = k << 16 | i;
	}
}

TEST(cmd_ggtt_gm_read)
{
	struct mtest m;
	u64 L, H, lo, hi;
	u32 buf[2048], i;

	mtest_init(&m, 256, 4096, "GVTg_V5_4", 0, GM_FRAMES);
	fill_frames(&m);
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	lo = m.res.low_gm_base;
	hi = m.res.high_gm_base;
	/* Entries in reverse frame order, so contiguity is not assumed. */
	ggtt_wr(m.v, L, GPTE(MTEST_GFN(5)));
	ggtt_wr(m.v, L + 1, GPTE(MTEST_GFN(2)));
	ggtt_wr(m.v, H + 3, GPTE(MTEST_GFN(9)));
	ggtt_wr(m.v, PAGES(m.res.high_gm_size) + H - 1, GPTE(MTEST_GFN(1)));

	ASSERT_EQ(gm_read(&m, lo + 8, buf, 4), 0);
	EXPECT_EQ(buf[0], 5 << 16 | 2);
	/* Across the page boundary. */
	ASSERT_EQ(gm_read(&m, lo + 4096 - 8, buf, 16), 0);
	EXPECT_EQ(buf[0], 5 << 16 | 1022);
	EXPECT_EQ(buf[1], 5 << 16 | 1023);
	EXPECT_EQ(buf[2], 2 << 16 | 0);
	EXPECT_EQ(buf[3], 2 << 16 | 1);
	/* Two whole pages. */
	ASSERT_EQ(gm_read(&m, lo, buf, 8192), 0);
	for (i = 0; i < 2048; i++)
		if (buf[i] != ((i < 1024 ? 5U : 2U) << 16 | (i % 1024)))
			FAIL("dword %u: 0x%x", i, buf[i]);
	ASSERT_EQ(gm_read(&m, hi + 3 * 4096 + 100, buf, 4), 0);
	EXPECT_EQ(buf[0], 9 << 16 | 25);
	ASSERT_EQ(gm_read(&m, hi + m.res.high_gm_size - 4, buf, 4), 0);
	EXPECT_EQ(buf[0], 1 << 16 | 1023);
	/* Non-present entries, also as the second page of a read. */
	EXPECT_EQ(gm_read(&m, lo + 2 * 4096, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, lo + 2 * 4096 - 4, buf, 8), -EFAULT);
	EXPECT_EQ(gm_read(&m, hi + 2 * 4096 + 4092, buf, 8), -EFAULT);
	ggtt_wr(m.v, L + 2, MTEST_GFN(3) << 12);	/* bit 0 clear */
	EXPECT_EQ(gm_read(&m, lo + 2 * 4096, buf, 4), -EFAULT);
	/* A frame the guest does not have. */
	ggtt_wr(m.v, L + 3, GPTE(MTEST_GFN(GM_FRAMES + 7)));
	EXPECT_EQ(gm_read(&m, lo + 3 * 4096, buf, 4), -EFAULT);
	/* Outside the partition, straddling its ends. */
	EXPECT_EQ(gm_read(&m, lo - 4, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, lo - 4, buf, 8), -EFAULT);
	EXPECT_EQ(gm_read(&m, hi + m.res.high_gm_size - 4, buf, 8), -EFAULT);
	EXPECT_EQ(gm_read(&m, hi + m.res.high_gm_size, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, lo + m.res.low_gm_size, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, 0, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, 1ULL << 40, buf, 4), -EFAULT);
	EXPECT_EQ(gm_read(&m, ~0ULL - 3, buf, 8), -EFAULT);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

TEST(cmd_ggtt_gm_read_full_scan)
{
	struct gvt_gm_access ggtt = { gvt_ggtt_gm_read, NULL };
	u32 r[] = { MI_NOOP, 0, 0, 0, MI_LRI(1), REG_OK, 3 };
	u32 a[] = { MI_SDI(4) | GGTT_BIT, 0, 0, 1, MI_BB_END };
	struct gvt_scan s;
	struct mtest m;
	u64 L, lo, ring_gma;
	u32 *page, i;
	int ret;

	mtest_init(&m, 256, 4096, "GVTg_V5_4", 0, GM_FRAMES);
	ggtt.priv = m.v;
	L = mtest_low_entry(&m);
	lo = m.res.low_gm_base;
	/* A two-page ring in frames 4 and 6, a batch in frame 8. */
	ggtt_wr(m.v, L + 16, GPTE(MTEST_GFN(4)));
	ggtt_wr(m.v, L + 17, GPTE(MTEST_GFN(6)));
	ggtt_wr(m.v, L + 40, GPTE(MTEST_GFN(8)));
	ring_gma = lo + 16 * 4096;
	a[1] = (u32)(lo + 40 * 4096 + 0x800);
	bbs(r + 1, lo + 40 * 4096 + 0x100, 0);
	memcpy(fake_hv_page(&m.hv, MTEST_GFN(8)) + 0x100, a, sizeof(a));
	/* From head 4096 - 12: the ring wraps within its two pages. */
	for (i = 0; i < N(r); i++) {
		u32 off = (8192 - 12 + 4 * i) % 8192;

		page = (u32 *)fake_hv_page(&m.hv, MTEST_GFN(off < 4096 ? 4 :
							    6));
		page[(off % 4096) / 4] = r[i];
	}
	gvt_scan_init(&s, m.v, GVT_ENGINE_RCS, &ggtt, NULL);
	mutex_lock(&m.v->lock);
	ret = gvt_scan_ring(&s, ring_gma, 8192, 8192 - 12,
			    (8192 - 12 + 4 * N(r)) % 8192);
	mutex_unlock(&m.v->lock);
	EXPECT_EQ(ret, 0);
	EXPECT_EQ(m.v->failsafe, GVT_FAILSAFE_NONE);
	if (!ret) {
		BUF(&s, 0, GVT_BUF_RING, ring_gma + 8192 - 12, false, -1, 0,
		    r, N(r));
		BUF(&s, 1, GVT_BUF_BATCH, lo + 40 * 4096 + 0x100, false, 0, 1,
		    a, N(a));
	}
	gvt_scan_fini(&s);
	/* The batch page goes away: the scan fails, the vGPU is blamed. */
	ggtt_wr(m.v, L + 40, 0);
	gvt_scan_init(&s, m.v, GVT_ENGINE_RCS, &ggtt, NULL);
	mutex_lock(&m.v->lock);
	ret = gvt_scan_ring(&s, ring_gma, 8192, 8192 - 12,
			    (8192 - 12 + 4 * N(r)) % 8192);
	mutex_unlock(&m.v->lock);
	EXPECT_EQ(ret, -EFAULT);
	EXPECT_EQ(m.v->failsafe, GVT_FAILSAFE_GUEST_ERR);
	gvt_scan_fini(&s);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

/* ------------------------------------------------------------------ */
/* Allocation failure                                                  */
/* ------------------------------------------------------------------ */

TEST(cmd_allocfail)
{
	struct cmd_env env;
	struct gvt_scan s;
	struct three t;
	unsigned long n;
	long live;
	u32 tail;
	int ret;

	env_init(&env);
	three_init(&env, &t);
	tail = cmd_env_put_ring(&env, RING(&env), RING_SIZE, 0, t.r,
				N(t.r));
	for (n = 1; n < 64; n++) {
		live = gvt_shim_live_allocs;
		env.vgpu->failsafe = GVT_FAILSAFE_NONE;
		gvt_shim_fail_after(n);
		gvt_scan_init(&s, env.vgpu, GVT_ENGINE_RCS, &env.ggtt_acc,
			      &env.ppgtt_acc);
		mutex_lock(&env.vgpu->lock);
		ret = gvt_scan_ring(&s, RING(&env), RING_SIZE, 0, tail);
		mutex_unlock(&env.vgpu->lock);
		gvt_shim_fail_after(0);
		if (!gvt_shim_fail_hit) {
			if (ACCEPT(&env, &s, ret))
				three_check(&env, &s, &t);
			gvt_scan_fini(&s);
			break;
		}
		EXPECT_EQ(ret, -ENOMEM);
		EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_NONE);
		gvt_scan_fini(&s);
		EXPECT_EQ(gvt_shim_live_allocs, live);
	}
	EXPECT(n > 1);
	EXPECT(n < 64);
	/* A rejected scan frees everything too. */
	live = gvt_shim_live_allocs;
	t.b[1] = 0x2030;
	put(&env, true, PBATCH(1), t.b, N(t.b));
	ret = ring(&env, &s, GVT_ENGINE_RCS, t.r, N(t.r));
	REJECT(&env, &s, ret, -EBADRQC, "MI_LOAD_REGISTER_REG", 3, 0);
	gvt_scan_fini(&s);
	EXPECT_EQ(gvt_shim_live_allocs, live);
	env_fini(&env);
}

/*
 * Forms whose operand is wider than the length suggests, and both
 * post-sync meanings of a PIPE_CONTROL, are audited at their widest.
 */
TEST(cmd_widest_operand)
{
	struct cmd_env env;
	struct gvt_scan s;
	int ret;

	env_init(&env);
	/* A 4-dword SDI with store qword writes 8 bytes. */
	ret = sdi(&env, &s, IN_GGTT_BATCH, 4, GGTT_BIT | SDI_QWORD,
		  low_end(&env) - 4);
	REJECT(&env, &s, ret, -EFAULT, "MI_STORE_DATA_IMM", 1, 0);
	gvt_scan_fini(&s);
	ret = sdi(&env, &s, IN_GGTT_BATCH, 4, GGTT_BIT | SDI_QWORD,
		  low_end(&env) - 8);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);

	/* LRI post-sync to a whitelisted register with a GGTT write. */
	ret = pc(&env, &s, IN_GGTT_BATCH, PS_OP(1) | PC_LRI | PC_GGTT, 0x2600);
	REJECT(&env, &s, ret, -EFAULT, "PIPE_CONTROL", 1, 4);
	gvt_scan_fini(&s);
	ret = pc(&env, &s, IN_GGTT_BATCH, PS_OP(1) | PC_LRI, 0x2600);
	ACCEPT(&env, &s, ret);
	gvt_scan_fini(&s);
	env_fini(&env);
}

/* A scan used and not reset is refused without blaming the guest. */
TEST(cmd_scan_reuse_needs_reset)
{
	static const u32 c[] = { MI_NOOP, MI_NOOP };
	struct cmd_env env;
	struct gvt_scan s;
	int ret;

	env_init(&env);
	ret = cmd_env_scan_ring(&env, &s, GVT_ENGINE_RCS,
				cmd_env_low(&env), 4096, 0, c, 2);
	ASSERT_EQ(ret, 0);
	mutex_lock(&env.vgpu->lock);
	EXPECT_EQ(gvt_scan_ring(&s, cmd_env_low(&env), 4096, 0, 8), -EBUSY);
	EXPECT_EQ(gvt_scan_batch(&s, cmd_env_low(&env), false), -EBUSY);
	EXPECT_EQ(env.vgpu->failsafe, GVT_FAILSAFE_NONE);
	gvt_scan_reset(&s);
	EXPECT_EQ(gvt_scan_ring(&s, cmd_env_low(&env), 4096, 0, 8), 0);
	mutex_unlock(&env.vgpu->lock);
	gvt_scan_fini(&s);
	env_fini(&env);
}
