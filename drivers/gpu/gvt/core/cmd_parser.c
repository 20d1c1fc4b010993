// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command scanner: before a guest's command buffers reach the GPU,
 * prove that they only touch the vGPU's own graphics memory and only
 * registers a guest may program.
 *
 * Every buffer is copied into a shadow first and the copy is decoded, so
 * what was checked is what executes. A ring segment is copied whole; a
 * batch buffer is copied a page at a time as decoding reaches it, through
 * a reader of the buffer's address space (GGTT or the context's PPGTT).
 * Commands are decoded through the direct index of cmd_table.c; the
 * commands that name registers or GGTT memory have a policy handler.
 *
 * Documentation/gpu/gvt/cmd_parser.rst is the policy this file implements.
 */
#include "gvt_internal.h"

#define GVT_SCAN_PAGE		4096U
/* Ring buffers are 1 to 512 pages (RING_CTL buffer length). */
#define GVT_RING_MAX_SIZE	(512 * GVT_SCAN_PAGE)
/* First allocation of a batch's shadow, in dwords. */
#define GVT_SHADOW_MIN_DW	1024U
/* Shadow memory a reset scan keeps for the next submission. */
#define GVT_SCAN_KEEP_BYTES	(4U << 20)

/* Bits of the commands' first dwords and of PIPE_CONTROL's second. */
#define BB_START_PPGTT		BIT(8)
#define BB_START_PREDICATE	BIT(15)
#define BB_START_ADD_OFFSET	BIT(16)
#define BB_START_2ND_LEVEL	BIT(22)
#define MI_USE_GGTT		BIT(22)
#define MI_COPY_DST_GGTT	BIT(21)
#define MI_STORE_QWORD		BIT(21)
#define MI_ATOMIC_INLINE	BIT(18)
#define FLUSH_DW_INDEX		BIT(21)
#define FLUSH_DW_GGTT		BIT(2)
#define PC_STORE_INDEX		BIT(21)
#define PC_LRI_POST_SYNC	BIT(23)
#define PC_GGTT			BIT(24)

#define POST_SYNC(dw)		(((dw) >> 14) & 3)
#define POST_SYNC_DEPTH		2
#define POST_SYNC_TIMESTAMP	3
/* Registers the PIPE_CONTROL post-sync operations 2 and 3 read. */
#define GVT_REG_PS_DEPTH_COUNT	0x2350
#define GVT_REG_RCS_TIMESTAMP	0x2358

/* Store-data-index writes stay in the status page. */
#define GVT_HWSP_SIZE		4096U

/* What a command's check says besides errors. */
enum gvt_cmd_next {
	GVT_CMD_NEXT,		/* go on with the next command */
	GVT_CMD_END,		/* MI_BATCH_BUFFER_END: the batch ends */
	GVT_CMD_CHAIN,		/* the batch chains to the next one */
};

/* State of the buffer being scanned. */
struct gvt_scan_ctx {
	struct gvt_scan *s;
	struct gvt_shadow_buf *b;
	int idx;
	const struct gvt_gm_access *mem;
	bool priv;
	/* Batches: next graphics address to copy. */
	u64 next;
	/* The ring: its address and size, 0 for a batch. */
	u64 ring_gma;
	u32 ring_size;
	/* Where a chaining MI_BATCH_BUFFER_START goes. */
	u64 chain_gma;
	bool chain_ppgtt;
	u32 chain_dw;
};

static int gvt_scan_chain(struct gvt_scan *s, u64 gma, bool ppgtt,
			  enum gvt_buf_kind kind, int parent, u32 start_dw);

/*
 * Record why the command at dword @ip of the current buffer is rejected
 * and return @err. @len is the command's length when known, else 1.
 */
static int gvt_reject(struct gvt_scan_ctx *c, u32 ip, u32 len,
		      const struct gvt_cmd_info *info, const char *rule,
		      int err)
{
	struct gvt_scan_error *e = &c->s->err;
	u32 i;

	e->rule = rule;
	e->cmd = info ? info->name : NULL;
	e->buf = c->idx;
	e->offset = ip * 4;
	if (c->ring_size)
		e->gma = c->ring_gma + (c->b->gma - c->ring_gma + ip * 4) %
			 c->ring_size;
	else
		e->gma = c->b->gma + ip * 4;
	e->ndw = 0;
	for (i = 0; i < ARRAY_SIZE(e->dw) && i < len && ip + i < c->b->ndw;
	     i++)
		e->dw[e->ndw++] = c->b->cmds[ip + i];
	return err;
}

/* Make room for @ndw dwords in @b. */
static int gvt_shadow_grow(struct gvt_shadow_buf *b, u32 ndw)
{
	u32 cap = max(b->cap * 2, max(ndw, GVT_SHADOW_MIN_DW));
	u32 *cmds;

	if (ndw <= b->cap)
		return 0;
	cmds = kvmalloc_array(cap, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		return -ENOMEM;
	if (b->ndw)
		memcpy(cmds, b->cmds, b->ndw * sizeof(*cmds));
	kvfree(b->cmds);
	b->cmds = cmds;
	b->cap = cap;
	return 0;
}

/* Count @bytes against the submission's budget. */
static int gvt_scan_charge(struct gvt_scan *s, u64 bytes)
{
	if (bytes > GVT_SCAN_MAX_BYTES - s->bytes)
		return -E2BIG;
	s->bytes += bytes;
	return 0;
}

/*
 * Copy the current batch until it holds at least @ndw dwords (@ip is the
 * command that needs them and @info its decode or NULL, for the verdict).
 */
static int gvt_batch_fetch(struct gvt_scan_ctx *c, u32 ip, u32 ndw,
			   const struct gvt_cmd_info *info)
{
	struct gvt_shadow_buf *b = c->b;
	u32 n;
	int ret;

	while (b->ndw < ndw) {
		n = GVT_SCAN_PAGE - (c->next & (GVT_SCAN_PAGE - 1));
		if (gvt_scan_charge(c->s, n))
			return gvt_reject(c, ip, 1, info,
					  "submission exceeds the scan budget",
					  -E2BIG);
		ret = gvt_shadow_grow(b, b->ndw + n / 4);
		if (ret)
			return ret;
		if (c->mem->read(c->mem->priv, c->next, b->cmds + b->ndw, n))
			return gvt_reject(c, ip, 1, info,
					  "batch buffer not readable", -EFAULT);
		b->ndw += n / 4;
		c->next += n;
	}
	return 0;
}

/* Audit a GGTT memory operand of @size bytes at @gma. */
static int gvt_audit_ggtt(struct gvt_scan_ctx *c, u32 ip, u32 len,
			  const struct gvt_cmd_info *info, u64 gma, u64 size)
{
	if (!c->priv)
		return gvt_reject(c, ip, len, info,
				  "GGTT operand in a non-privileged buffer",
				  -EBADRQC);
	if (!size || size > GVT_SCAN_MAX_OPERAND ||
	    !gvt_gm_range_owned(c->s->vgpu, gma, size))
		return gvt_reject(c, ip, len, info,
				  "GGTT address outside the vGPU's partition",
				  -EFAULT);
	return 0;
}

/* A store-data-index write of @size bytes at @offset of the status page. */
static int gvt_audit_index(struct gvt_scan_ctx *c, u32 ip, u32 len,
			   const struct gvt_cmd_info *info, u64 offset,
			   u32 size)
{
	if (!c->priv)
		return gvt_reject(c, ip, len, info,
				  "store data index in a non-privileged buffer",
				  -EBADRQC);
	if (offset >= GVT_HWSP_SIZE || size > GVT_HWSP_SIZE - offset)
		return gvt_reject(c, ip, len, info,
				  "store data index beyond the status page",
				  -EFAULT);
	return 0;
}

static int gvt_audit_reg(struct gvt_scan_ctx *c, u32 ip, u32 len,
			 const struct gvt_cmd_info *info, u32 reg)
{
	if (!gvt_mmio_cmd_access(c->s->vgpu->gvt, reg))
		return gvt_reject(c, ip, len, info, "register not allowed",
				  -EBADRQC);
	/* Another engine's: it may belong to another vGPU's workload now. */
	if (gvt_reg_engine(reg) != c->s->engine)
		return gvt_reject(c, ip, len, info,
				  "register of another engine", -EBADRQC);
	return 0;
}

/* The 64-bit address in dwords @lo and @lo + 1, dword aligned. */
static u64 gvt_cmd_addr(const u32 *cmd, unsigned int lo)
{
	return ((u64)cmd[lo + 1] << 32 | cmd[lo]) & ~3ULL;
}

static int gvt_check_lri(struct gvt_scan_ctx *c, u32 ip, u32 len,
			 const struct gvt_cmd_info *info, const u32 *cmd)
{
	u32 i;
	int ret;

	if (!(len & 1))
		return gvt_reject(c, ip, len, info, "malformed length",
				  -EBADRQC);
	for (i = 1; i < len; i += 2) {
		ret = gvt_audit_reg(c, ip, len, info, cmd[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* LRM and SRM: a register and a memory dword. */
static int gvt_check_reg_mem(struct gvt_scan_ctx *c, u32 ip, u32 len,
			     const struct gvt_cmd_info *info, const u32 *cmd)
{
	int ret = gvt_audit_reg(c, ip, len, info, cmd[1]);

	if (ret || !(cmd[0] & MI_USE_GGTT))
		return ret;
	return gvt_audit_ggtt(c, ip, len, info, gvt_cmd_addr(cmd, 2), 4);
}

static int gvt_check_flush_dw(struct gvt_scan_ctx *c, u32 ip, u32 len,
			      const struct gvt_cmd_info *info, const u32 *cmd)
{
	u32 op = POST_SYNC(cmd[0]);
	u32 size = (len == 5 || op == POST_SYNC_TIMESTAMP) ? 8 : 4;
	u64 addr = gvt_cmd_addr(cmd, 1) & ~7ULL;

	if (!op)
		return 0;
	if (cmd[0] & FLUSH_DW_INDEX)
		return gvt_audit_index(c, ip, len, info, addr, size);
	if (cmd[1] & FLUSH_DW_GGTT)
		return gvt_audit_ggtt(c, ip, len, info, addr, size);
	return 0;
}

static int gvt_check_pipe_control(struct gvt_scan_ctx *c, u32 ip, u32 len,
				  const struct gvt_cmd_info *info,
				  const u32 *cmd)
{
	u32 op = POST_SYNC(cmd[1]);
	u64 addr = gvt_cmd_addr(cmd, 2);
	int ret;

	/*
	 * An LRI post-sync names a register; the memory checks below still
	 * apply in case the hardware also performs the write.
	 */
	if (cmd[1] & PC_LRI_POST_SYNC) {
		ret = gvt_audit_reg(c, ip, len, info, cmd[2] & ~3U);
		if (ret)
			return ret;
	}
	if (!op)
		return 0;
	if (op == POST_SYNC_DEPTH || op == POST_SYNC_TIMESTAMP) {
		ret = gvt_audit_reg(c, ip, len, info,
				    op == POST_SYNC_DEPTH ?
				    GVT_REG_PS_DEPTH_COUNT :
				    GVT_REG_RCS_TIMESTAMP);
		if (ret)
			return ret;
	}
	if (cmd[1] & PC_STORE_INDEX)
		return gvt_audit_index(c, ip, len, info, addr, 8);
	if (cmd[1] & PC_GGTT)
		return gvt_audit_ggtt(c, ip, len, info, addr, 8);
	return 0;
}

static int gvt_check_atomic(struct gvt_scan_ctx *c, u32 ip, u32 len,
			    const struct gvt_cmd_info *info, const u32 *cmd)
{
	u32 size = (cmd[0] >> 19) & 3;

	if (size == 3 || len != (cmd[0] & MI_ATOMIC_INLINE ? 11 : 3))
		return gvt_reject(c, ip, len, info, "malformed command",
				  -EBADRQC);
	if (!(cmd[0] & MI_USE_GGTT))
		return 0;
	return gvt_audit_ggtt(c, ip, len, info, gvt_cmd_addr(cmd, 1),
			      4U << size);
}

static int gvt_check_copy_mem(struct gvt_scan_ctx *c, u32 ip, u32 len,
			      const struct gvt_cmd_info *info, const u32 *cmd)
{
	int ret = 0;

	if (cmd[0] & MI_COPY_DST_GGTT)
		ret = gvt_audit_ggtt(c, ip, len, info, gvt_cmd_addr(cmd, 1), 4);
	if (!ret && (cmd[0] & MI_USE_GGTT))
		ret = gvt_audit_ggtt(c, ip, len, info, gvt_cmd_addr(cmd, 3), 4);
	return ret;
}

/*
 * MI_BATCH_BUFFER_START at dword @ip: scan a called batch now, or note
 * the target of a chain. Returns GVT_CMD_NEXT, GVT_CMD_CHAIN or an error.
 */
static int gvt_check_bb_start(struct gvt_scan_ctx *c, u32 ip, u32 len,
			      const struct gvt_cmd_info *info, const u32 *cmd)
{
	enum gvt_buf_kind kind = c->b->kind;
	bool ppgtt = cmd[0] & BB_START_PPGTT;
	u64 gma = gvt_cmd_addr(cmd, 1);

	if (cmd[0] & (BB_START_ADD_OFFSET | BB_START_PREDICATE))
		return gvt_reject(c, ip, len, info,
				  "batch start with added offset or predication",
				  -EBADRQC);
	if (!ppgtt && !c->priv)
		return gvt_reject(c, ip, len, info,
				  "GGTT batch start in a non-privileged buffer",
				  -EBADRQC);
	if (kind == GVT_BUF_BATCH2 ||
	    (kind == GVT_BUF_RING && (cmd[0] & BB_START_2ND_LEVEL)))
		return gvt_reject(c, ip, len, info,
				  "batch buffers nested too deep", -ELOOP);

	if (kind == GVT_BUF_BATCH && !(cmd[0] & BB_START_2ND_LEVEL)) {
		c->chain_gma = gma;
		c->chain_ppgtt = ppgtt;
		c->chain_dw = ip;
		return GVT_CMD_CHAIN;
	}
	return gvt_scan_chain(c->s, gma, ppgtt,
			      kind == GVT_BUF_RING ? GVT_BUF_BATCH :
			      GVT_BUF_BATCH2, c->idx, ip);
}

/*
 * The policy of a command that has a handler, a flag or a length rule.
 * Returns an enum gvt_cmd_next or an error.
 */
static int gvt_check_cmd(struct gvt_scan_ctx *c, u32 ip, u32 len,
			 const struct gvt_cmd_info *info)
{
	const u32 *cmd = c->b->cmds + ip;

	if (info->flags & GVT_CMD_F_REJECT)
		return gvt_reject(c, ip, len, info, info->reason, -EBADRQC);
	if ((info->flags & GVT_CMD_F_PRIV) && !c->priv)
		return gvt_reject(c, ip, len, info,
				  "privileged command in a non-privileged buffer",
				  -EBADRQC);
	if ((info->min_len && len < info->min_len) ||
	    (info->max_len && len > info->max_len))
		return gvt_reject(c, ip, len, info, "malformed length",
				  -EBADRQC);

	switch (info->handler) {
	case GVT_CMD_H_LRI:
		return gvt_check_lri(c, ip, len, info, cmd);
	case GVT_CMD_H_LRR:
		return gvt_audit_reg(c, ip, len, info, cmd[1]) ?:
		       gvt_audit_reg(c, ip, len, info, cmd[2]);
	case GVT_CMD_H_LRM:
	case GVT_CMD_H_SRM:
		return gvt_check_reg_mem(c, ip, len, info, cmd);
	case GVT_CMD_H_SDI:
		if (!(cmd[0] & MI_USE_GGTT))
			return 0;
		/* A qword store is 8 bytes even in a 4-dword command. */
		return gvt_audit_ggtt(c, ip, len, info, gvt_cmd_addr(cmd, 1),
				      max((len - 3) * 4,
					  cmd[0] & MI_STORE_QWORD ? 8U : 4U));
	case GVT_CMD_H_FLUSH_DW:
		return gvt_check_flush_dw(c, ip, len, info, cmd);
	case GVT_CMD_H_PIPE_CONTROL:
		return gvt_check_pipe_control(c, ip, len, info, cmd);
	case GVT_CMD_H_ATOMIC:
		return gvt_check_atomic(c, ip, len, info, cmd);
	case GVT_CMD_H_COPY_MEM:
		return gvt_check_copy_mem(c, ip, len, info, cmd);
	case GVT_CMD_H_BB_START:
		return gvt_check_bb_start(c, ip, len, info, cmd);
	case GVT_CMD_H_BB_END:
		if (c->b->kind == GVT_BUF_RING)
			return gvt_reject(c, ip, len, info,
					  "batch buffer end in a ring",
					  -EBADRQC);
		return GVT_CMD_END;
	default:
		return 0;
	}
}

/* First dword at or after @ip, below @n, that is not MI_NOOP. */
static u32 gvt_skip_noops(const u32 *p, u32 ip, u32 n)
{
	if ((ip & 1) && ip < n && !p[ip])
		ip++;
	/* The shadow is 8-byte aligned: look at two dwords at a time. */
	while (!(ip & 1) && ip + 2 <= n && !*(const u64 *)(p + ip))
		ip += 2;
	while (ip < n && !p[ip])
		ip++;
	return ip;
}

/*
 * Decode the current buffer. Returns 0 at its end, GVT_CMD_CHAIN when it
 * chains (the target is in @c), or an error.
 */
static int gvt_scan_cmds(struct gvt_scan_ctx *c)
{
	const struct gvt_device *gvt = c->s->vgpu->gvt;
	const u16 *index = gvt->cmd_index + c->s->engine * GVT_CMD_SLOTS;
	bool ring = c->b->kind == GVT_BUF_RING;
	const struct gvt_cmd_info *info;
	struct gvt_shadow_buf *b = c->b;
	u32 ip = 0, dw0, len;
	int slot, ret;

	for (;;) {
		if (ip >= b->ndw) {
			if (ring)
				return 0;
			ret = gvt_batch_fetch(c, ip, ip + 1, NULL);
			if (ret)
				return ret;
		}
		dw0 = b->cmds[ip];
		if (!dw0) {
			ip = gvt_skip_noops(b->cmds, ip, b->ndw);
			c->s->cmds++;
			continue;
		}
		slot = gvt_cmd_slot(dw0);
		if (slot < 0 || !index[slot])
			return gvt_reject(c, ip, 1, NULL,
					  "unknown command for this engine",
					  -EBADRQC);
		info = &gvt_gen9_cmds[index[slot] - 1];
		len = gvt_cmd_len(info, dw0);
		if (len > b->ndw - ip) {
			if (ring)
				return gvt_reject(c, ip, len, info,
						  "command truncated by the ring tail",
						  -EINVAL);
			ret = gvt_batch_fetch(c, ip, ip + len, info);
			if (ret)
				return ret;
		}
		c->s->cmds++;
		if (info->flags || info->handler || info->min_len ||
		    info->max_len) {
			ret = gvt_check_cmd(c, ip, len, info);
			if (ret < 0)
				return ret;
			if (ret) {
				/* The batch ends with this command. */
				b->ndw = ip + len;
				return ret == GVT_CMD_CHAIN ? ret : 0;
			}
		}
		ip += len;
	}
}

/* A new shadow buffer at @gma, or an error. */
static int gvt_shadow_new(struct gvt_scan *s, u64 gma, bool ppgtt,
			  enum gvt_buf_kind kind, int parent, u32 start_dw)
{
	struct gvt_shadow_buf *b;

	if (!s->bufs) {
		s->bufs = kcalloc(GVT_SCAN_MAX_BUFS, sizeof(*s->bufs),
				  GFP_KERNEL);
		if (!s->bufs)
			return -ENOMEM;
	}
	if (s->nr_bufs == GVT_SCAN_MAX_BUFS)
		return -ELOOP;
	/* Keep the memory a reset left, if any. */
	b = &s->bufs[s->nr_bufs];
	b->ndw = 0;
	b->gma = gma;
	b->ppgtt = ppgtt;
	b->kind = kind;
	b->parent = parent;
	b->start_dw = start_dw;
	return s->nr_bufs++;
}

/* Reject the MI_BATCH_BUFFER_START at @start_dw of buffer @parent. */
static int gvt_reject_bb_start(struct gvt_scan *s, int parent, u32 start_dw,
			       const char *rule, int err)
{
	struct gvt_scan_ctx c = {
		.s = s, .b = &s->bufs[parent], .idx = parent,
	};

	/* A ring's command address wraps in the ring. */
	if (c.b->kind == GVT_BUF_RING) {
		c.ring_gma = s->ring_gma;
		c.ring_size = s->ring_size;
	}
	return gvt_reject(&c, start_dw, 3,
			  gvt_cmd_lookup(s->vgpu->gvt, s->engine,
					 c.b->cmds[start_dw]),
			  rule, err);
}

/*
 * Scan the batch at @gma, dword aligned, and the batches it chains to.
 * @parent and @start_dw locate the MI_BATCH_BUFFER_START that starts it
 * (-1 for a batch gvt_scan_batch() was given, whose reader exists).
 */
static int gvt_scan_chain(struct gvt_scan *s, u64 gma, bool ppgtt,
			  enum gvt_buf_kind kind, int parent, u32 start_dw)
{
	struct gvt_scan_ctx c = { .s = s };
	int ret;

	for (;;) {
		c.mem = ppgtt ? s->ppgtt : s->ggtt;
		c.priv = !ppgtt;
		if (!c.mem)
			return gvt_reject_bb_start(s, parent, start_dw,
						   "no PPGTT to read the batch from",
						   -EFAULT);
		ret = gvt_shadow_new(s, gma, ppgtt, kind, parent, start_dw);
		if (ret == -ELOOP)
			return gvt_reject_bb_start(s, parent, start_dw,
						   "too many batch buffers",
						   -ELOOP);
		if (ret < 0)
			return ret;
		c.idx = ret;
		c.b = &s->bufs[ret];
		c.next = gma;
		ret = gvt_scan_cmds(&c);
		if (ret != GVT_CMD_CHAIN)
			return ret;
		parent = c.idx;
		start_dw = c.chain_dw;
		gma = c.chain_gma;
		ppgtt = c.chain_ppgtt;
	}
}

/* Log and act on the verdict of a scan. */
static int gvt_scan_verdict(struct gvt_scan *s, int ret)
{
	const struct gvt_scan_error *e = &s->err;
	struct gvt_vgpu *vgpu = s->vgpu;

	if (ret >= 0)
		return 0;
	if (ret == -ENOMEM)
		return ret;
	pr_warn_ratelimited("gvt: %s: vGPU %u: engine %u: command rejected: %s%s%s, buffer %d +0x%x (gma 0x%llx), %u dwords: %08x %08x %08x %08x\n",
			    vgpu->gvt->name, vgpu->id, s->engine,
			    e->rule ? e->rule : "invalid ring",
			    e->cmd ? " by " : "", e->cmd ? e->cmd : "",
			    e->buf, e->offset, e->gma, e->ndw, e->dw[0],
			    e->dw[1], e->dw[2], e->dw[3]);
	gvt_enter_failsafe(vgpu, GVT_FAILSAFE_GUEST_ERR);
	return ret;
}

/**
 * gvt_scan_init() - prepare a command scan (allocates nothing)
 * @s: the scan
 * @vgpu: the submitting vGPU
 * @engine: the engine that will run the buffers
 * @ggtt: reader of the vGPU's GGTT
 * @ppgtt: reader of the context's PPGTT, or NULL
 */
void gvt_scan_init(struct gvt_scan *s, struct gvt_vgpu *vgpu,
		   enum gvt_engine engine, const struct gvt_gm_access *ggtt,
		   const struct gvt_gm_access *ppgtt)
{
	memset(s, 0, sizeof(*s));
	s->vgpu = vgpu;
	s->engine = engine;
	s->ggtt = ggtt;
	s->ppgtt = ppgtt;
	s->err.buf = -1;
}

/**
 * gvt_scan_ring() - copy and scan a ring segment and its batch buffers
 * @s: the scan, from gvt_scan_init(), with the vGPU locked
 * @ring_gma: GGTT address of the ring, 4 KiB aligned
 * @ring_size: bytes, a multiple of 4 KiB up to 2 MiB
 * @head: offset of the first command, dword aligned
 * @tail: offset after the last command, dword aligned
 *
 * On rejection @s->err says why, the reason is logged (ratelimited) and
 * the vGPU enters failsafe.
 *
 * Return: 0 if every buffer is accepted; -EBADRQC, -EFAULT, -EINVAL,
 * -ELOOP or -E2BIG as described in cmd_parser.rst; -ENOMEM; -EBUSY if
 * @s was used and not reset (neither blames the guest).
 */
int gvt_scan_ring(struct gvt_scan *s, u64 ring_gma, u32 ring_size, u32 head,
		  u32 tail)
{
	struct gvt_scan_ctx c = { .s = s, .priv = true, .mem = s->ggtt };
	u32 first, bytes;
	int ret;

	lockdep_assert_held(&s->vgpu->lock);
	/* A scan used and not reset is the caller's bug, not the guest's. */
	if (s->nr_bufs)
		return -EBUSY;
	if ((ring_gma & (GVT_SCAN_PAGE - 1)) || !ring_size ||
	    ring_size > GVT_RING_MAX_SIZE ||
	    (ring_size & (GVT_SCAN_PAGE - 1)) || head >= ring_size ||
	    tail >= ring_size || ((head | tail) & 3)) {
		s->err.rule = "bad ring parameters";
		return gvt_scan_verdict(s, -EINVAL);
	}

	ret = gvt_shadow_new(s, ring_gma + head, false, GVT_BUF_RING, -1, 0);
	if (ret < 0)
		return ret;
	c.idx = ret;
	c.b = &s->bufs[ret];
	c.ring_gma = ring_gma;
	c.ring_size = ring_size;
	s->ring_gma = ring_gma;
	s->ring_size = ring_size;
	bytes = (tail - head + ring_size) % ring_size;
	if (!bytes)
		return 0;
	ret = gvt_scan_charge(s, bytes) ?: gvt_shadow_grow(c.b, bytes / 4);
	if (ret)
		return gvt_scan_verdict(s, ret);
	first = min(bytes, ring_size - head);
	if (s->ggtt->read(s->ggtt->priv, ring_gma + head, c.b->cmds, first) ||
	    (bytes > first &&
	     s->ggtt->read(s->ggtt->priv, ring_gma, c.b->cmds + first / 4,
			   bytes - first)))
		return gvt_scan_verdict(s, gvt_reject(&c, 0, 0, NULL,
						      "ring not readable",
						      -EFAULT));
	c.b->ndw = bytes / 4;
	return gvt_scan_verdict(s, gvt_scan_cmds(&c));
}

/**
 * gvt_scan_batch() - copy and scan a first-level batch buffer
 * @s: the scan, from gvt_scan_init(), with the vGPU locked
 * @gma: graphics address of the batch, dword aligned
 * @ppgtt: @gma is a PPGTT address (a non-privileged batch)
 *
 * For batches that no ring starts, such as per-context workaround
 * batches. The verdict is handled as by gvt_scan_ring().
 *
 * Return: as gvt_scan_ring().
 */
int gvt_scan_batch(struct gvt_scan *s, u64 gma, bool ppgtt)
{
	const struct gvt_gm_access *mem = ppgtt ? s->ppgtt : s->ggtt;

	lockdep_assert_held(&s->vgpu->lock);
	if (s->nr_bufs)
		return -EBUSY;
	if (!mem || (gma & 3)) {
		s->err.rule = !mem ? "no PPGTT to read the batch from" :
			      "bad batch parameters";
		return gvt_scan_verdict(s, !mem ? -EFAULT : -EINVAL);
	}
	return gvt_scan_verdict(s, gvt_scan_chain(s, gma, ppgtt,
						  GVT_BUF_BATCH, -1, 0));
}

/**
 * gvt_scan_reset() - make a scan ready for the next submission
 * @s: the scan, whose shadows are no longer in use
 *
 * The verdict and the shadows are forgotten, but up to 4 MiB of shadow
 * memory is kept for the next scan, so that a submission of ordinary size
 * allocates nothing.
 */
void gvt_scan_reset(struct gvt_scan *s)
{
	u64 kept = 0;
	unsigned int i;

	for (i = 0; s->bufs && i < GVT_SCAN_MAX_BUFS; i++) {
		struct gvt_shadow_buf *b = &s->bufs[i];

		b->ndw = 0;
		if (!b->cmds)
			continue;
		if (kept + b->cap * sizeof(u32) <= GVT_SCAN_KEEP_BYTES) {
			kept += b->cap * sizeof(u32);
			continue;
		}
		kvfree(b->cmds);
		b->cmds = NULL;
		b->cap = 0;
	}
	s->nr_bufs = 0;
	s->bytes = 0;
	s->cmds = 0;
	s->ring_gma = 0;
	s->ring_size = 0;
	memset(&s->err, 0, sizeof(s->err));
	s->err.buf = -1;
}

/**
 * gvt_scan_fini() - free the shadow buffers of a scan
 * @s: the scan
 */
void gvt_scan_fini(struct gvt_scan *s)
{
	unsigned int i;

	for (i = 0; s->bufs && i < GVT_SCAN_MAX_BUFS; i++)
		kvfree(s->bufs[i].cmds);
	kfree(s->bufs);
	s->bufs = NULL;
	s->nr_bufs = 0;
}
