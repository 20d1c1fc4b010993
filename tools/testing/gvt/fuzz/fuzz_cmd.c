// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: a guest submitting command buffers to the command
 * scanner (drivers/gpu/gvt/core/cmd_parser.c).
 *
 * The world is the fixture of cmd_env.c: a device with one GVTg_V5_4 vGPU,
 * a flat fake GGTT memory whose reads fail outside the vGPU's partition
 * and a flat PPGTT memory. Each input is decoded into one submission,
 * written into those memories (and removed again afterwards):
 *
 *   bytes 0-11   header: engine and flags, ring layout, head, failure
 *                injection, number of batches, ring dwords, ring offset
 *   then         the ring's dwords
 *   then         per batch: where (byte), padding (byte), offset (u32),
 *                dwords (u16), then the dwords
 *
 * See struct fc_input for the fields. An input that ends early reads
 * zeros. A batch is placed in the aperture or hidden range, in the PPGTT,
 * anywhere in the GGTT or across the end of a range, and may start with
 * up to 32 MiB of MI_NOOP pages before its dwords. Dwords whose top byte
 * is 0xf9, 0xfa or 0xfb are relocated before the buffers are written:
 * 0xfb0iDDDD is the address of dword DDDD of batch i, 0xfa is an address
 * inside the partition, 0xf9 one near an edge of it; so mutations that
 * keep a tag keep a batch start or an operand pointing where it pointed.
 *
 * The ring is scanned with gvt_scan_ring() (or batch 0 with
 * gvt_scan_batch()), optionally after a scan of a generated stream in the
 * same struct gvt_scan and gvt_scan_reset(). Oracles (abort on violation):
 *
 * - the sanitizers: no crash, no memory error, no undefined behaviour;
 * - an accepted scan is re-walked by the reference walker below, which
 *   decodes command lengths and the register and memory operands of LRI,
 *   LRR, LRM, SRM, PIPE_CONTROL, MI_FLUSH_DW, MI_STORE_DATA_IMM,
 *   MI_ATOMIC, MI_COPY_MEM_MEM and MI_BATCH_BUFFER_START on its own, from
 *   Documentation/gpu/gvt/cmd_parser.rst, without the scanner's table or
 *   handlers (gvt_mmio_cmd_access() defines the whitelist and
 *   gvt_gm_range_owned() the partition): no register outside the
 *   whitelist, no GGTT operand outside the partition, no privileged
 *   command or GGTT form in a PPGTT buffer, no refused command, every
 *   buffer decoding exactly to its end, every batch start matched by the
 *   shadow it starts, GGTT shadows inside the partition, and every shadow
 *   equal to the memory it was copied from;
 * - a rejected scan has an errno of the spec, names its rule, reports the
 *   buffer, offset, address and dwords of the shadow, and leaves
 *   the vGPU in GVT_FAILSAFE_GUEST_ERR (except -ENOMEM, only when an
 *   allocation failure was injected, which leaves it alone);
 * - work: at most GVT_SCAN_MAX_BUFS buffers and GVT_SCAN_MAX_BYTES bytes,
 *   at most s.bytes read from the memories, in at most
 *   3 + 2 * nr_bufs + s.bytes / 4096 reads;
 * - the core frees what it allocated (gvt_scan_fini()) and holds no lock.
 *
 * With GVT_FUZZ_SEEDS=<dir> in the environment the target writes its seed
 * corpus instead of fuzzing: submissions of every kind of cmd_corpus.c,
 * each checked to be accepted, and hostile forms of them; and a
 * dictionary, <dir>.dict.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_corpus.h"

#define FC_HDR			12
#define FC_BATCH_HDR		8
#define FC_MAX_BATCHES		8U
#define FC_MAX_RING_PAGES	8U
#define FC_PAGE			4096ULL

/* Byte 0 of an input. */
#define FC_ENGINE		GENMASK(2, 0)
#define FC_NO_PPGTT		BIT(3)	/* scan without a PPGTT reader */
#define FC_BATCH_MODE		BIT(4)	/* gvt_scan_batch() of batch 0 */
#define FC_FAIL_READ		BIT(5)	/* reads fail after byte 4 reads */
#define FC_FAIL_PPGTT		BIT(6)	/* ... of the PPGTT, not the GGTT */
#define FC_FAIL_ALLOC		BIT(7)	/* allocation byte 4 % 8 fails */
/* Byte 5. */
#define FC_NBATCH		GENMASK(3, 0)
#define FC_RECYCLE		BIT(4)	/* scan a generated stream first */

/* Placement of a batch (low 3 bits of its first byte). */
enum fc_where {
	FC_LOW,		/* in the aperture range */
	FC_HIGH,	/* in the hidden range */
	FC_PPGTT,	/* anywhere in the PPGTT */
	FC_RAW,		/* anywhere in the GGTT */
	FC_LOW_END,	/* across or at the end of the aperture range */
	FC_HIGH_END,	/* across or at the end of the hidden range */
	FC_UNALIGNED,	/* in the aperture range, not dword aligned */
	FC_WHERE_NUM,
};

/* Relocation tags (top byte of a dword). */
#define FC_TAG_EDGE		0xf9U
#define FC_TAG_INSIDE		0xfaU
#define FC_TAG_BATCH		0xfbU

/* Commands the walker and the seed writer need. */
#define MI_OP(dw)		(((dw) >> 23) & 0x3f)
#define MI_BB_START_OP		0x31
#define MI_LRI_OP		0x22
#define MI_LRR_OP		0x2a
#define MI_SRM_OP		0x24
#define MI_LRM_OP		0x29
#define MI_SDI_OP		0x20
#define MI_FLUSH_DW_OP		0x26
#define MI_ATOMIC_OP		0x2f
#define MI_COPY_OP		0x2e
#define PIPE_CONTROL_OP		0x7a00

/*
 * A batch: @pad_pages pages of MI_NOOP from @gma, then @ndw dwords @dw.
 * Batch starts point at @gma.
 */
struct fc_buf {
	u32 *dw;
	u32 ndw;
	u64 gma;
	bool ppgtt;
	u32 pad_pages;
};

static u64 fc_content(const struct fc_buf *b)
{
	return b->gma + FC_PAGE * b->pad_pages;
}

/**
 * struct fc_input - a decoded input
 * @flags: byte 0
 * @engine: the engine, byte 0 bits 2:0 modulo GVT_NUM_ENGINES
 * @ring_gma: GGTT address of the ring (byte 1 bits 4:3 choose where,
 *	      bytes 8-11 the offset)
 * @ring_size: bytes of the ring (byte 1 bits 2:0: pages - 1)
 * @ring_pages: pages of the ring as written, whatever @ring_size says
 * @head: bytes 2-3: head, in dwords modulo the ring's size
 * @tail: after the ring's dwords; byte 1 bits 7:5 may spoil the layout
 * @ring: the ring's dwords (bytes 6-7: how many, fewer than the ring has)
 * @ring_ndw: their number
 * @fail: byte 4
 * @nb: batches, byte 5 bits 3:0 (at most 8)
 * @b: the batches
 */
struct fc_input {
	u8 flags;
	enum gvt_engine engine;
	u64 ring_gma;
	u32 ring_size;
	u32 ring_pages;
	u32 head;
	u32 tail;
	u32 ring[FC_MAX_RING_PAGES * 1024];
	u32 ring_ndw;
	u8 fail;
	u8 opts;
	unsigned int nb;
	struct fc_buf b[FC_MAX_BATCHES];
};

struct fc_stream {
	const u8 *p;
	size_t n;
};

static struct cmd_env fc_env;
static bool fc_ready;
static long fc_live_base;
/* A page of MI_NOOP shared by every padded page; never written. */
static u8 *fc_zero;
/* Pages written by the current input, freed at its end. */
static struct {
	struct fake_gm *gm;
	u32 pg;
} *fc_pages;
static size_t fc_npages, fc_cap;
static unsigned long *fc_seen[2];
/* Set while writing seeds: every unmodified corpus stream must pass. */
static bool fc_expect_accept;
static struct fc_input fc_in;

static void __printf(1, 2) fc_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gvt-fuzz: oracle violated: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static u64 fc_get(struct fc_stream *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (u64)*in->p << (8 * i);
	return v;
}

/* --- the fake memories, cleaned after each input ---------------------- */

static void fc_track(struct fake_gm *gm, u64 addr, u64 len)
{
	unsigned long *seen = fc_seen[gm == &fc_env.ppgtt];
	u64 pg, last;

	if (!len || addr >= FAKE_GM_SIZE)
		return;
	last = (min(addr + len, FAKE_GM_SIZE) - 1) / FC_PAGE;
	for (pg = addr / FC_PAGE; pg <= last; pg++) {
		if (!gm->pages[pg] || test_bit(pg, seen))
			continue;
		if (fc_npages == fc_cap) {
			fc_cap = max(fc_cap * 2, (size_t)1024);
			fc_pages = realloc(fc_pages, fc_cap * sizeof(*fc_pages));
			if (!fc_pages)
				fc_fail("out of memory");
		}
		__set_bit(pg, seen);
		fc_pages[fc_npages].gm = gm;
		fc_pages[fc_npages].pg = pg;
		fc_npages++;
	}
}

/* Write what fits below FAKE_GM_SIZE. */
static void fc_write(struct fake_gm *gm, u64 addr, const void *buf, u64 len)
{
	if (addr >= FAKE_GM_SIZE)
		return;
	len = min(len, FAKE_GM_SIZE - addr);
	if (!len)
		return;
	fake_gm_write(gm, addr, buf, len);
	fc_track(gm, addr, len);
}

/* Map the MI_NOOP page wherever nothing was written in the range. */
static void fc_pad(struct fake_gm *gm, u64 addr, u64 len)
{
	u64 pg, last;

	if (!len || addr >= FAKE_GM_SIZE)
		return;
	last = (min(addr + len, FAKE_GM_SIZE) - 1) / FC_PAGE;
	for (pg = addr / FC_PAGE; pg <= last; pg++)
		if (!gm->pages[pg])
			gm->pages[pg] = fc_zero;
	fc_track(gm, addr, len);
}

static void fc_clean(void)
{
	size_t i;

	for (i = 0; i < fc_npages; i++) {
		struct fake_gm *gm = fc_pages[i].gm;
		u32 pg = fc_pages[i].pg;

		if (gm->pages[pg] != fc_zero)
			free(gm->pages[pg]);
		gm->pages[pg] = NULL;
		__clear_bit(pg, fc_seen[gm == &fc_env.ppgtt]);
	}
	fc_npages = 0;
}

/* The memory's dword at @addr, or false if it was never written. */
static bool fc_peek(const struct fake_gm *gm, u64 addr, u32 *val)
{
	const u8 *page;

	if (addr >= FAKE_GM_SIZE)
		return false;
	page = gm->pages[addr / FC_PAGE];
	if (!page)
		return false;
	memcpy(val, page + addr % FC_PAGE, 4);
	return true;
}

static void fc_setup(void)
{
	if (fc_ready)
		return;
	cmd_env_init(&fc_env);
	fc_zero = calloc(1, FC_PAGE);
	fc_seen[0] = calloc(BITS_TO_LONGS(FAKE_GM_SIZE / FC_PAGE),
			    sizeof(long));
	fc_seen[1] = calloc(BITS_TO_LONGS(FAKE_GM_SIZE / FC_PAGE),
			    sizeof(long));
	if (!fc_zero || !fc_seen[0] || !fc_seen[1])
		fc_fail("out of memory");
	fc_live_base = gvt_shim_live_allocs;
	fc_ready = true;
}

/* --- decoding --------------------------------------------------------- */

static u64 fc_range_end(const struct gvt_gm_range *r)
{
	return r->start + r->size;
}

static u64 fc_place(const struct gvt_vgpu *vgpu, unsigned int where, u32 off)
{
	switch (where) {
	case FC_LOW:
		return vgpu->low.start + (off % vgpu->low.size & ~3U);
	case FC_HIGH:
		return vgpu->high.start + (off % vgpu->high.size & ~3U);
	case FC_PPGTT:
	case FC_RAW:
		return off & ~3U;
	case FC_LOW_END:
		return fc_range_end(&vgpu->low) - (off % 0x10000 & ~3U);
	case FC_HIGH_END:
		return fc_range_end(&vgpu->high) - (off % 0x10000 & ~3U);
	default:
		return vgpu->low.start + off % vgpu->low.size;
	}
}

static u32 fc_reloc(const struct fc_input *in, u32 v)
{
	const struct gvt_vgpu *vgpu = fc_env.vgpu;
	const struct gvt_gm_range *r;
	u64 edges[4] = {
		vgpu->low.start, fc_range_end(&vgpu->low),
		vgpu->high.start, fc_range_end(&vgpu->high),
	};
	unsigned int i;

	switch (v >> 24) {
	case FC_TAG_BATCH:
		i = (v >> 16) & 0xff;
		if (i >= in->nb)
			return v;
		return (u32)(in->b[i].gma + 4 * (v & 0xffff));
	case FC_TAG_INSIDE:
		r = (v >> 23) & 1 ? &vgpu->high : &vgpu->low;
		return (u32)(r->start + (u64)(v & 0x7fffff) * 8 % r->size);
	case FC_TAG_EDGE:
		return (u32)(edges[(v >> 16) & 3] + 4 * (s64)(s8)(v & 0xff));
	default:
		return v;
	}
}

static void fc_decode(struct fc_input *in, const u8 *data, size_t size)
{
	const struct gvt_vgpu *vgpu = fc_env.vgpu;
	struct fc_stream s = { data, size };
	u32 pages, off, rdw, ndw, i, j;
	u8 layout, tweak;

	in->flags = fc_get(&s, 1);
	in->engine = (in->flags & FC_ENGINE) % GVT_NUM_ENGINES;
	layout = fc_get(&s, 1);
	pages = 1 + (layout & 7);
	in->ring_size = pages * FC_PAGE;
	in->ring_pages = pages;
	rdw = in->ring_size / 4;
	in->head = fc_get(&s, 2) % rdw * 4;
	in->fail = fc_get(&s, 1);
	in->opts = fc_get(&s, 1);
	in->nb = min((u32)(in->opts & FC_NBATCH), FC_MAX_BATCHES);
	in->ring_ndw = min((size_t)(fc_get(&s, 2) % rdw), s.n / 4);
	off = fc_get(&s, 4);
	switch ((layout >> 3) & 3) {
	case 0:
		in->ring_gma = vgpu->low.start +
			       off % (vgpu->low.size / FC_PAGE - pages) * FC_PAGE;
		break;
	case 1:
		in->ring_gma = vgpu->high.start +
			       off % (vgpu->high.size / FC_PAGE - pages) *
			       FC_PAGE;
		break;
	case 2:
		in->ring_gma = fc_range_end(&vgpu->low) - in->ring_size +
			       off % 3 * FC_PAGE;
		break;
	default:
		in->ring_gma = off & ~(u32)(FC_PAGE - 1);
		break;
	}
	for (i = 0; i < in->ring_ndw; i++)
		in->ring[i] = fc_get(&s, 4);
	in->tail = (in->head + 4 * in->ring_ndw) % in->ring_size;

	/* Bad ring parameters, now and then. */
	tweak = layout >> 5;
	switch (tweak) {
	case 4:
		in->ring_size += 4;
		break;
	case 5:
		in->head |= 2;
		break;
	case 6:
		in->ring_gma |= 0x800;
		break;
	case 7:
		in->ring_size = off & 1 ? 0 : 513 * FC_PAGE;
		break;
	}

	for (i = 0; i < in->nb; i++) {
		struct fc_buf *b = &in->b[i];
		u8 where = fc_get(&s, 1), pad = fc_get(&s, 1);

		off = fc_get(&s, 4);
		ndw = min((size_t)fc_get(&s, 2), s.n / 4);
		b->gma = fc_place(vgpu, (where & 7) % FC_WHERE_NUM, off);
		b->ppgtt = (where & 7) % FC_WHERE_NUM == FC_PPGTT;
		/*
		 * Up to 239 pages, or 1 to 32 MiB: rarely, as scanning
		 * 32 MiB (-E2BIG) costs as much as a thousand other inputs.
		 */
		b->pad_pages = pad < 240 ? pad : 256U << (pad - 240) % 6;
		b->ndw = ndw;
		b->dw = realloc(b->dw, max(ndw, 1U) * 4);
		if (!b->dw)
			fc_fail("out of memory");
		for (j = 0; j < ndw; j++)
			b->dw[j] = fc_get(&s, 4);
	}
	for (i = 0; i < in->ring_ndw; i++)
		in->ring[i] = fc_reloc(in, in->ring[i]);
	for (i = 0; i < in->nb; i++)
		for (j = 0; j < in->b[i].ndw; j++)
			in->b[i].dw[j] = fc_reloc(in, in->b[i].dw[j]);
}

static struct fake_gm *fc_mem(bool ppgtt)
{
	return ppgtt ? &fc_env.ppgtt : &fc_env.ggtt;
}

/* Write the input's buffers, then the MI_NOOP padding. */
static void fc_place_all(const struct fc_input *in)
{
	u32 i, rdw = in->ring_pages * 1024;

	for (i = 0; i < in->nb; i++)
		fc_write(fc_mem(in->b[i].ppgtt), fc_content(&in->b[i]),
			 in->b[i].dw, 4ULL * in->b[i].ndw);
	for (i = 0; i < in->ring_ndw; i++)
		fc_write(&fc_env.ggtt, (in->ring_gma & ~(FC_PAGE - 1)) +
			 (in->head / 4 + i) % rdw * 4, &in->ring[i], 4);
	for (i = 0; i < in->nb; i++)
		fc_pad(fc_mem(in->b[i].ppgtt), in->b[i].gma,
		       4ULL * in->b[i].ndw + FC_PAGE * in->b[i].pad_pages);
	fc_pad(&fc_env.ggtt, in->ring_gma & ~(FC_PAGE - 1),
	       in->ring_pages * FC_PAGE);
}

/* --- the reference walker -------------------------------------------- */

/*
 * Bits and registers from Documentation/gpu/gvt/cmd_parser.rst and the
 * Gen9 command formats, decoded here without the scanner's tables.
 */
#define W_GGTT			BIT(22)		/* MI memory in the GGTT */
#define W_COPY_DST_GGTT		BIT(21)
#define W_BB_PPGTT		BIT(8)
#define W_BB_2ND		BIT(22)
#define W_BB_FORBIDDEN		(BIT(15) | BIT(16))
#define W_FLUSH_INDEX		BIT(21)
#define W_FLUSH_GGTT		BIT(2)
#define W_PC_INDEX		BIT(21)
#define W_PC_LRI		BIT(23)
#define W_PC_GGTT		BIT(24)
#define W_REG_PS_DEPTH_COUNT	0x2350
#define W_REG_TIMESTAMP		0x2358
#define W_HWSP			4096

struct fc_walk {
	const struct gvt_scan *s;
	const struct gvt_shadow_buf *b;
	unsigned int idx;
	bool ppgtt;
	/* The batch ended: MI_BATCH_BUFFER_END or a chain. */
	bool ended;
};

static void __printf(2, 3) fc_walk_fail(const struct fc_walk *w,
					const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr,
		"gvt-fuzz: oracle violated: accepted scan, engine %d, buffer %u (kind %d, %s, gma %#llx, %u dwords): ",
		w->s->engine, w->idx, w->b->kind,
		w->ppgtt ? "PPGTT" : "GGTT", w->b->gma, w->b->ndw);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* The hardware's view of a register operand: bits 22:2. */
static void fc_walk_reg(const struct fc_walk *w, u32 ip, u32 dw,
			const char *what)
{
	u32 reg = dw & GENMASK(22, 2);

	if (!gvt_mmio_cmd_access(w->s->vgpu->gvt, reg))
		fc_walk_fail(w, "%s at dword %u accesses register %#x (%#x)",
			     what, ip, reg, dw);
}

static u64 fc_walk_addr(const u32 *cmd, unsigned int lo)
{
	return ((u64)cmd[lo + 1] << 32 | cmd[lo]) & ~3ULL;
}

/* A GGTT memory operand [@start, @end): privileged and in the partition. */
static void fc_walk_ggtt(const struct fc_walk *w, u32 ip, u64 start, u64 end,
			 const char *what)
{
	if (w->ppgtt)
		fc_walk_fail(w, "%s at dword %u: GGTT form in a PPGTT buffer",
			     what, ip);
	if (end <= start ||
	    !gvt_gm_range_owned(w->s->vgpu, start, end - start))
		fc_walk_fail(w, "%s at dword %u writes GGTT [%#llx, %#llx) outside the partition",
			     what, ip, start, end);
}

static void fc_walk_index(const struct fc_walk *w, u32 ip, u64 offset,
			  u32 size, const char *what)
{
	if (w->ppgtt)
		fc_walk_fail(w, "%s at dword %u: store data index in a PPGTT buffer",
			     what, ip);
	if (offset + size > W_HWSP)
		fc_walk_fail(w, "%s at dword %u: index %#llx beyond the status page",
			     what, ip, offset);
}

/*
 * Length of an MI command: opcodes below 0x10 are one dword, the others
 * have a length field of 6, 8 or 10 bits plus 2. Returns 0 for a command
 * the scanner must never accept (refused, unknown, another engine's), and
 * reports why.
 */
static u32 fc_walk_mi_len(const struct fc_walk *w, u32 dw0, const char **bad)
{
	u32 op = MI_OP(dw0);

	switch (op) {
	case 0x00: case 0x01: case 0x02: case 0x05: case 0x0a: case 0x0c:
		return 1;
	case 0x07: case 0x08: case 0x0b: case 0x0e:
		if (w->ppgtt)
			*bad = "privileged command in a PPGTT buffer";
		return 1;
	case 0x06: case 0x09: case 0x0d: case 0x0f:
		if (w->ppgtt && op != 0x0d)
			*bad = "privileged command in a PPGTT buffer";
		if (w->s->engine != GVT_ENGINE_RCS)
			*bad = "render command on another engine";
		return 1;
	case 0x19:
		if (w->s->engine != GVT_ENGINE_RCS)
			*bad = "render command on another engine";
		return (dw0 & 0xff) + 2;
	case 0x1b:
		if (w->ppgtt)
			*bad = "privileged command in a PPGTT buffer";
		return (dw0 & 0xff) + 2;
	case 0x1a: case 0x22: case 0x24: case 0x29: case 0x2a: case 0x2e:
	case 0x2f: case 0x31:
		return (dw0 & 0xff) + 2;
	case 0x20:
		return (dw0 & 0x3ff) + 2;
	case 0x26:
		if (w->s->engine == GVT_ENGINE_RCS)
			*bad = "MI_FLUSH_DW on the render engine";
		return (dw0 & 0x3f) + 2;
	default:
		/* 0x03, 0x12-0x14, 0x18, 0x1c, 0x1d, 0x21, 0x23, 0x27, ... */
		*bad = "refused or unknown MI command";
		return 0;
	}
}

/* Length of a client 3 command on @engine; 0 if it cannot run there. */
static u32 fc_walk_gfx_len(const struct fc_walk *w, u32 dw0,
			   const char **bad)
{
	u32 op = dw0 >> 16;

	switch (w->s->engine) {
	case GVT_ENGINE_RCS:
		switch (op >> 8) {
		case 0x60 ... 0x67:
			return (dw0 & 0xff) + 2;
		case 0x68 ... 0x6f:
			return 1;	/* non-pipelined single dwords */
		case 0x70 ... 0x77:
			if (op == 0x7105)	/* GPGPU_WALKER */
				return (dw0 & 0xff) + 2;
			return (dw0 & 0xffff) + 2;
		default:
			if (op == 0x7839 || op == 0x783a)
				return (dw0 & 0x7ff) + 2;
			if ((op >= 0x7843 && op <= 0x7847) || op == 0x7917)
				return (dw0 & 0x1ff) + 2;
			return (dw0 & 0xff) + 2;
		}
	case GVT_ENGINE_VCS:
	case GVT_ENGINE_VCS2:
		if (op == 0x6800)		/* MFX_WAIT */
			return (dw0 & 0x3f) + 1;
		if (op == 0x7395)		/* HCP_TILE_CODING */
			return (dw0 & 0xfff) + 1;
		if (op == 0x7600 || op == 0x7608 || op == 0x7609)
			return (dw0 & 0xffff) + 2;
		if (op >= 0x7000 && op <= 0x77ff)
			return (dw0 & 0xfff) + 2;
		break;
	case GVT_ENGINE_VECS:
		if (op >= 0x7400 && op <= 0x74ff)
			return (dw0 & 0xfff) + 2;
		break;
	default:
		break;
	}
	*bad = "client 3 command the engine does not have";
	return 0;
}

static void fc_walk_pipe_control(const struct fc_walk *w, u32 ip,
				 const u32 *cmd, u32 len)
{
	u32 op = (cmd[1] >> 14) & 3;
	u64 addr;

	if (len < 5)
		fc_walk_fail(w, "PIPE_CONTROL at dword %u with %u dwords", ip,
			     len);
	if (cmd[1] & W_PC_LRI) {
		/* The post-sync operation is a register write. */
		fc_walk_reg(w, ip, cmd[2], "PIPE_CONTROL LRI post-sync");
		return;
	}
	if (!op)
		return;
	if (op == 2)
		fc_walk_reg(w, ip, W_REG_PS_DEPTH_COUNT, "PIPE_CONTROL");
	if (op == 3)
		fc_walk_reg(w, ip, W_REG_TIMESTAMP, "PIPE_CONTROL");
	addr = fc_walk_addr(cmd, 2);
	if (cmd[1] & W_PC_INDEX)
		fc_walk_index(w, ip, addr & ~7ULL, 8, "PIPE_CONTROL");
	else if (cmd[1] & W_PC_GGTT)
		/* Qword or dword aligned: cover both readings. */
		fc_walk_ggtt(w, ip, addr & ~7ULL, addr + 8, "PIPE_CONTROL");
}

static void fc_walk_flush_dw(const struct fc_walk *w, u32 ip, const u32 *cmd,
			     u32 len)
{
	u32 op = (cmd[0] >> 14) & 3;
	/* cmd_parser.rst: every post-sync write is audited as 8 bytes. */
	u32 size = 8;
	u64 addr = fc_walk_addr(cmd, 1) & ~7ULL;

	if (len < 4)
		fc_walk_fail(w, "MI_FLUSH_DW at dword %u with %u dwords", ip,
			     len);
	if (!op)
		return;
	if (cmd[0] & W_FLUSH_INDEX)
		fc_walk_index(w, ip, addr, size, "MI_FLUSH_DW");
	else if (cmd[1] & W_FLUSH_GGTT)
		fc_walk_ggtt(w, ip, addr, addr + size, "MI_FLUSH_DW");
}

/* The batch starts of the accepted buffers, and the buffer of each. */
struct fc_start {
	u32 dw;
	u32 dw0;
	u64 gma;
};

static struct fc_start fc_starts[GVT_SCAN_MAX_BUFS * 2];
static unsigned int fc_nstarts;
static int fc_start_buf[GVT_SCAN_MAX_BUFS * 2];

static void fc_walk_mi(struct fc_walk *w, u32 ip, const u32 *cmd, u32 len)
{
	u32 op = MI_OP(cmd[0]), size, i;
	u64 addr;

	switch (op) {
	case 0x0a:					/* BB_END */
		if (w->b->kind == GVT_BUF_RING)
			fc_walk_fail(w, "MI_BATCH_BUFFER_END in a ring");
		if (ip + len != w->b->ndw)
			fc_walk_fail(w, "commands after MI_BATCH_BUFFER_END at dword %u",
				     ip);
		w->ended = true;
		break;
	case MI_LRI_OP:
		if (len < 3 || !(len & 1))
			fc_walk_fail(w, "LRI at dword %u with %u dwords", ip,
				     len);
		for (i = 1; i < len; i += 2)
			fc_walk_reg(w, ip, cmd[i], "LRI");
		break;
	case MI_LRR_OP:
		if (len < 3)
			fc_walk_fail(w, "LRR at dword %u too short", ip);
		fc_walk_reg(w, ip, cmd[1], "LRR source");
		fc_walk_reg(w, ip, cmd[2], "LRR destination");
		break;
	case MI_SRM_OP:
	case MI_LRM_OP:
		if (len < 4)
			fc_walk_fail(w, "LRM/SRM at dword %u too short", ip);
		fc_walk_reg(w, ip, cmd[1], op == MI_SRM_OP ? "SRM" : "LRM");
		addr = fc_walk_addr(cmd, 2);
		if (cmd[0] & W_GGTT)
			fc_walk_ggtt(w, ip, addr, addr + 4, "LRM/SRM");
		break;
	case MI_SDI_OP:
		if (len < 4)
			fc_walk_fail(w, "SDI at dword %u too short", ip);
		addr = fc_walk_addr(cmd, 1);
		if (cmd[0] & W_GGTT)
			fc_walk_ggtt(w, ip, addr, addr + (len - 3) * 4,
				     "MI_STORE_DATA_IMM");
		break;
	case MI_FLUSH_DW_OP:
		fc_walk_flush_dw(w, ip, cmd, len);
		break;
	case MI_ATOMIC_OP:
		size = (cmd[0] >> 19) & 3;
		if (size == 3)
			fc_walk_fail(w, "MI_ATOMIC at dword %u of reserved size",
				     ip);
		addr = fc_walk_addr(cmd, 1);
		if (cmd[0] & W_GGTT)
			fc_walk_ggtt(w, ip, addr, addr + (4U << size),
				     "MI_ATOMIC");
		break;
	case MI_COPY_OP:
		if (len < 5)
			fc_walk_fail(w, "MI_COPY_MEM_MEM at dword %u too short",
				     ip);
		addr = fc_walk_addr(cmd, 1);
		if (cmd[0] & W_COPY_DST_GGTT)
			fc_walk_ggtt(w, ip, addr, addr + 4, "MI_COPY_MEM_MEM");
		addr = fc_walk_addr(cmd, 3);
		if (cmd[0] & W_GGTT)
			fc_walk_ggtt(w, ip, addr, addr + 4, "MI_COPY_MEM_MEM");
		break;
	case MI_BB_START_OP:
		if (len < 3)
			fc_walk_fail(w, "batch start at dword %u too short", ip);
		if (cmd[0] & W_BB_FORBIDDEN)
			fc_walk_fail(w, "batch start at dword %u with offset or predication",
				     ip);
		if (w->ppgtt && !(cmd[0] & W_BB_PPGTT))
			fc_walk_fail(w, "GGTT batch start at dword %u in a PPGTT buffer",
				     ip);
		if (w->b->kind == GVT_BUF_BATCH2 ||
		    (w->b->kind == GVT_BUF_RING && (cmd[0] & W_BB_2ND)))
			fc_walk_fail(w, "batch start at dword %u nests too deep",
				     ip);
		if (w->b->kind == GVT_BUF_BATCH && !(cmd[0] & W_BB_2ND)) {
			if (ip + len != w->b->ndw)
				fc_walk_fail(w,
					     "chaining batch start at dword %u is not the last command",
					     ip);
			w->ended = true;
		}
		if (fc_nstarts == ARRAY_SIZE(fc_starts))
			fc_walk_fail(w, "more batch starts than shadows");
		fc_start_buf[fc_nstarts] = w->idx;
		fc_starts[fc_nstarts].dw = ip;
		fc_starts[fc_nstarts].dw0 = cmd[0];
		fc_starts[fc_nstarts].gma = fc_walk_addr(cmd, 1);
		fc_nstarts++;
		break;
	default:
		break;
	}
}

/* Walk one shadow; it must decode exactly to its end. */
static void fc_walk_buf(struct fc_walk *w)
{
	const struct gvt_shadow_buf *b = w->b;
	const char *bad = NULL;
	u32 ip = 0, len, dw0;

	while (ip < b->ndw) {
		dw0 = b->cmds[ip];
		switch (dw0 >> 29) {
		case 0:
			len = fc_walk_mi_len(w, dw0, &bad);
			break;
		case 2:
			len = (dw0 & 0xff) + 2;
			if (w->s->engine != GVT_ENGINE_BCS)
				bad = "blitter command on another engine";
			break;
		case 3:
			len = fc_walk_gfx_len(w, dw0, &bad);
			break;
		default:
			len = 0;
			bad = "command of a client Gen9 does not have";
			break;
		}
		if (bad)
			fc_walk_fail(w, "%s at dword %u: %08x", bad, ip, dw0);
		if (len > b->ndw - ip)
			fc_walk_fail(w, "command at dword %u (%08x, %u dwords) runs past the end",
				     ip, dw0, len);
		if (dw0 >> 29 == 0)
			fc_walk_mi(w, ip, b->cmds + ip, len);
		else if (dw0 >> 29 == 3 && w->s->engine == GVT_ENGINE_RCS &&
			 (dw0 >> 16) == PIPE_CONTROL_OP)
			fc_walk_pipe_control(w, ip, b->cmds + ip, len);
		ip += len;
	}
	/* A batch ends with its end or the batch it chains to. */
	if (b->kind != GVT_BUF_RING && !w->ended)
		fc_walk_fail(w, "batch does not end");
}

/* The shadow holds what memory held. */
static void fc_walk_contents(struct fc_walk *w, const struct fc_input *in)
{
	const struct gvt_shadow_buf *b = w->b;
	const struct fake_gm *gm = fc_mem(b->ppgtt);
	u64 addr;
	u32 i, val;

	for (i = 0; i < b->ndw; i++) {
		if (b->kind == GVT_BUF_RING)
			addr = in->ring_gma + (in->head + 4ULL * i) %
			       in->ring_size;
		else
			addr = b->gma + 4ULL * i;
		if (!fc_peek(gm, addr, &val) || val != b->cmds[i])
			fc_walk_fail(w, "dword %u is %08x, memory at %#llx holds %08x",
				     i, b->cmds[i], addr, val);
	}
}

static void fc_walk_all(const struct gvt_scan *s, const struct fc_input *in,
			bool batch_mode, u64 gma0, bool ppgtt0)
{
	struct fc_walk w = { .s = s };
	unsigned int i, j, n = s->nr_bufs;
	u32 first;

	fc_nstarts = 0;
	if (!n)
		fc_fail("accepted scan without a buffer");
	for (i = 0; i < n; i++) {
		const struct gvt_shadow_buf *b = &s->bufs[i];

		w.b = b;
		w.idx = i;
		w.ppgtt = b->ppgtt;
		w.ended = false;
		if (b->ppgtt && (in->flags & FC_NO_PPGTT))
			fc_walk_fail(&w, "PPGTT batch scanned without a PPGTT");
		if (i == 0) {
			if (b->parent != -1 ||
			    b->kind != (batch_mode ? GVT_BUF_BATCH : GVT_BUF_RING))
				fc_walk_fail(&w, "first buffer of kind %d, parent %d",
					     b->kind, b->parent);
			if (batch_mode ? b->gma != gma0 || b->ppgtt != ppgtt0 :
			    b->gma != in->ring_gma + in->head || b->ppgtt ||
			    b->ndw != in->ring_ndw)
				fc_walk_fail(&w, "first buffer is not the one submitted");
			/* The segment, up to the wrap and after it. */
			first = min(4 * b->ndw, in->ring_size - in->head);
			if (!batch_mode && b->ndw &&
			    (!gvt_gm_range_owned(s->vgpu, b->gma, first) ||
			     (4 * b->ndw > first &&
			      !gvt_gm_range_owned(s->vgpu, in->ring_gma,
						  4 * b->ndw - first))))
				fc_walk_fail(&w, "ring segment outside the partition");
		} else if (b->kind == GVT_BUF_RING) {
			fc_walk_fail(&w, "second ring buffer");
		}
		if (!b->ppgtt && b->ndw && b->kind != GVT_BUF_RING &&
		    !gvt_gm_range_owned(s->vgpu, b->gma, 4ULL * b->ndw))
			fc_walk_fail(&w, "GGTT batch outside the partition");
		fc_walk_buf(&w);
		fc_walk_contents(&w, in);
	}
	/* Shadows 1.. are exactly the targets of the batch starts. */
	if (fc_nstarts != n - 1)
		fc_fail("%u batch starts in accepted buffers, %u shadows",
			fc_nstarts, n);
	for (i = 1; i < n; i++) {
		const struct gvt_shadow_buf *b = &s->bufs[i];
		const struct fc_start *st = NULL;
		enum gvt_buf_kind pk;

		for (j = 0; j < fc_nstarts; j++)
			if (fc_start_buf[j] == b->parent &&
			    fc_starts[j].dw == b->start_dw)
				st = &fc_starts[j];
		if (b->parent < 0 || b->parent >= (int)i || !st)
			fc_fail("shadow %u: no batch start at buffer %d dword %u",
				i, b->parent, b->start_dw);
		pk = s->bufs[b->parent].kind;
		if (st->gma != b->gma || !!(st->dw0 & W_BB_PPGTT) != b->ppgtt)
			fc_fail("shadow %u at %#llx (%s) started by %08x to %#llx",
				i, b->gma, b->ppgtt ? "PPGTT" : "GGTT", st->dw0,
				st->gma);
		if (b->kind != (pk == GVT_BUF_BATCH && (st->dw0 & W_BB_2ND) ?
				GVT_BUF_BATCH2 : GVT_BUF_BATCH))
			fc_fail("shadow %u of kind %d started from kind %d by %08x",
				i, b->kind, pk, st->dw0);
	}
}

/* --- one input -------------------------------------------------------- */

static const struct gvt_gm_access *fc_ppgtt_acc(const struct fc_input *in)
{
	return in->flags & FC_NO_PPGTT ? NULL : &fc_env.ppgtt_acc;
}

/*
 * Scan a generated stream into @s first and recycle it: the scan of the
 * input then starts from a used struct gvt_scan.
 */
static void fc_prescan(struct gvt_scan *s, const struct fc_input *in)
{
	struct cmd_sub sub;
	u32 i, tail;
	int ret;

	cmd_corpus_sub(&fc_env, CMD_CORPUS_CHAIN, in->fail, 2048, &sub);
	for (i = 0; i < sub.nbatch; i++)
		fc_track(fc_mem(sub.batch[i].ppgtt), sub.batch[i].gma,
			 4ULL * sub.batch[i].ndw);
	for (i = 0; i < sub.ring_ndw; i++)
		fc_write(&fc_env.ggtt, sub.ring_gma +
			 (sub.head + 4 * i) % sub.ring_size, &sub.ring[i], 4);
	fc_pad(&fc_env.ggtt, sub.ring_gma, sub.ring_size);
	tail = (sub.head + 4 * sub.ring_ndw) % sub.ring_size;
	gvt_scan_init(s, fc_env.vgpu, sub.engine, &fc_env.ggtt_acc,
		      &fc_env.ppgtt_acc);
	mutex_lock(&fc_env.vgpu->lock);
	ret = gvt_scan_ring(s, sub.ring_gma, sub.ring_size, sub.head, tail);
	mutex_unlock(&fc_env.vgpu->lock);
	if (ret)
		fc_fail("generated chain stream %u rejected: %d (%s)", in->fail,
			ret, s->err.rule ? s->err.rule : "?");
	cmd_corpus_sub_free(&sub);
	fc_clean();
	gvt_scan_reset(s);
	s->engine = in->engine;
	s->ppgtt = fc_ppgtt_acc(in);
}

/* The verdict's buffer, offset, address and dwords are the shadow's. */
static void fc_check_error(const struct gvt_scan *s, const struct fc_input *in,
			   int ret)
{
	const struct gvt_scan_error *e = &s->err;
	const struct gvt_shadow_buf *b;
	u64 gma;
	u32 i;

	if (e->buf < -1 || e->buf >= (int)s->nr_bufs ||
	    e->ndw > ARRAY_SIZE(e->dw))
		fc_fail("rejected scan (%d): error in buffer %d of %u, %u dwords",
			ret, e->buf, s->nr_bufs, e->ndw);
	if (e->buf < 0)
		return;
	b = &s->bufs[e->buf];
	if (e->offset & 3 || e->offset / 4 + e->ndw > max(b->ndw, 1U))
		fc_fail("rejected scan (%d): offset %#x, %u dwords in a buffer of %u",
			ret, e->offset, e->ndw, b->ndw);
	if (b->kind == GVT_BUF_RING)
		gma = in->ring_gma + (in->head + e->offset) % in->ring_size;
	else
		gma = b->gma + e->offset;
	if (e->gma != gma)
		fc_fail("rejected scan (%d): error at %#llx, the command is at %#llx",
			ret, e->gma, gma);
	for (i = 0; i < e->ndw; i++)
		if (e->dw[i] != b->cmds[e->offset / 4 + i])
			fc_fail("rejected scan (%d): dword %u reported %08x, is %08x",
				ret, i, e->dw[i], b->cmds[e->offset / 4 + i]);
}

static void fc_check_verdict(const struct gvt_scan *s,
			     const struct fc_input *in, int ret, bool alloc)
{
	const struct gvt_vgpu *vgpu = fc_env.vgpu;
	u64 reads = fc_env.ggtt.reads + fc_env.ppgtt.reads;
	u64 bytes = fc_env.ggtt.read_bytes + fc_env.ppgtt.read_bytes;

	if (s->nr_bufs > GVT_SCAN_MAX_BUFS || s->bytes > GVT_SCAN_MAX_BYTES)
		fc_fail("scan of %u buffers, %llu bytes", s->nr_bufs, s->bytes);
	if (bytes > s->bytes)
		fc_fail("%llu bytes read, %llu scanned", bytes, s->bytes);
	if (reads > 3 + 2ULL * s->nr_bufs + s->bytes / FC_PAGE)
		fc_fail("%llu reads for %u buffers, %llu bytes", reads,
			s->nr_bufs, s->bytes);
	if (gvt_shim_mutexes_held)
		fc_fail("%u locks held after the scan", gvt_shim_mutexes_held);

	switch (ret) {
	case 0:
		if (vgpu->failsafe != GVT_FAILSAFE_NONE)
			fc_fail("accepted scan left failsafe %d",
				vgpu->failsafe);
		return;
	case -ENOMEM:
		if (!alloc || !gvt_shim_fail_hit)
			fc_fail("-ENOMEM without a failed allocation");
		if (vgpu->failsafe != GVT_FAILSAFE_NONE)
			fc_fail("-ENOMEM blamed the vGPU");
		return;
	case -EBADRQC:
	case -EFAULT:
	case -EINVAL:
	case -ELOOP:
	case -E2BIG:
		break;
	default:
		fc_fail("scan returned %d", ret);
	}
	if (vgpu->failsafe != GVT_FAILSAFE_GUEST_ERR)
		fc_fail("rejected scan (%d) left failsafe %d", ret,
			vgpu->failsafe);
	if (!s->err.rule)
		fc_fail("rejected scan (%d) names no rule", ret);
	fc_check_error(s, in, ret);
}

/* With GVT_FUZZ_TRACE set (make repro): the submission and the verdict. */
static void fc_trace(const struct fc_input *in, const struct gvt_scan *s,
		     int ret)
{
	static int on = -1;
	unsigned int i;

	if (on < 0)
		on = !!getenv("GVT_FUZZ_TRACE");
	if (!on)
		return;
	fprintf(stderr, "engine %d, ring %#llx size %#x head %#x tail %#x, %u dwords%s\n",
		in->engine, in->ring_gma, in->ring_size, in->head, in->tail,
		in->ring_ndw, in->flags & FC_BATCH_MODE ? " (batch mode)" : "");
	for (i = 0; i < in->nb; i++)
		fprintf(stderr, "  batch %u: %s %#llx, %u pages of MI_NOOP, %u dwords\n",
			i, in->b[i].ppgtt ? "PPGTT" : "GGTT", in->b[i].gma,
			in->b[i].pad_pages, in->b[i].ndw);
	fprintf(stderr,
		"verdict %d: %s%s%s, buffer %d +%#x; %u buffers, %llu bytes, %llu commands\n",
		ret, s->err.rule ? s->err.rule : "-", s->err.cmd ? " by " : "",
		s->err.cmd ? s->err.cmd : "", s->err.buf, s->err.offset,
		s->nr_bufs, s->bytes, s->cmds);
}

int gvt_fuzz_one_input(const u8 *data, size_t size);
int gvt_fuzz_one_input(const u8 *data, size_t size)
{
	struct fc_input *in = &fc_in;
	bool batch_mode, alloc;
	struct gvt_scan s;
	u64 gma0 = 0;
	bool ppgtt0 = false;
	int ret;

	fc_setup();
	fc_decode(in, data, size);
	batch_mode = in->flags & FC_BATCH_MODE;
	alloc = !fc_expect_accept && (in->flags & FC_FAIL_ALLOC);

	if (in->opts & FC_RECYCLE)
		fc_prescan(&s, in);
	else
		gvt_scan_init(&s, fc_env.vgpu, in->engine, &fc_env.ggtt_acc,
			      fc_ppgtt_acc(in));
	fc_place_all(in);
	fc_env.ggtt.reads = 0;
	fc_env.ppgtt.reads = 0;
	fc_env.ggtt.read_bytes = 0;
	fc_env.ppgtt.read_bytes = 0;
	if (!fc_expect_accept && (in->flags & FC_FAIL_READ))
		fc_mem(in->flags & FC_FAIL_PPGTT)->fail_after = in->fail;
	if (alloc)
		gvt_shim_fail_after(1 + in->fail % 8);

	mutex_lock(&fc_env.vgpu->lock);
	fc_env.vgpu->failsafe = GVT_FAILSAFE_NONE;
	if (batch_mode) {
		/* Batch 0, or the ring's dwords read as a batch. */
		gma0 = in->nb ? in->b[0].gma : in->ring_gma + in->head;
		ppgtt0 = in->nb && in->b[0].ppgtt;
		ret = gvt_scan_batch(&s, gma0, ppgtt0);
	} else {
		ret = gvt_scan_ring(&s, in->ring_gma, in->ring_size, in->head,
				    in->tail);
	}
	mutex_unlock(&fc_env.vgpu->lock);

	gvt_shim_fail_after(0);
	fc_env.ggtt.fail_after = -1;
	fc_env.ppgtt.fail_after = -1;
	if (fc_expect_accept && ret)
		fc_fail("generated stream rejected: %d, %s by %s at buffer %d +%#x",
			ret, s.err.rule ? s.err.rule : "?",
			s.err.cmd ? s.err.cmd : "?", s.err.buf, s.err.offset);
	fc_trace(in, &s, ret);
	fc_check_verdict(&s, in, ret, alloc);
	if (!ret)
		fc_walk_all(&s, in, batch_mode, gma0, ppgtt0);

	gvt_scan_fini(&s);
	fc_clean();
	if (gvt_shim_live_allocs != fc_live_base)
		fc_fail("the scanner leaked %ld allocations",
			gvt_shim_live_allocs - fc_live_base);
	mutex_lock(&fc_env.vgpu->lock);
	fc_env.vgpu->failsafe = GVT_FAILSAFE_NONE;
	mutex_unlock(&fc_env.vgpu->lock);
	return 0;
}

/* --- seeds ------------------------------------------------------------ */

struct fc_out {
	u8 buf[8192];
	size_t n;
};

static void fc_put(struct fc_out *o, u64 v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		if (o->n < sizeof(o->buf))
			o->buf[o->n++] = v >> (8 * i);
}

/* Hostile additions to a generated submission. */
struct fc_mut {
	const char *name;
	u32 ring[8];		/* prepended to the ring */
	u32 nring;
	bool append;		/* appended to the ring instead */
	u32 batch[8];		/* prepended to batch 0 */
	u32 nbatch;
	u8 flags;		/* ORed into byte 0 */
	u8 pad;			/* padding of batch 0 */
};

#define SRM_GGTT		(0x24U << 23 | BIT(22) | 2)
#define LRI_1			(0x22U << 23 | 1)
#define SDI_GGTT		(0x20U << 23 | BIT(22) | 2)
#define PC_6			(0x7a000000U | 4)
#define BB_START		(0x31U << 23 | 1)
/* Relocated to the first dword of batch 0. */
#define BATCH0			0xfb000000

static const struct fc_mut fc_muts[] = {
	{ "lri_ring_tail", .batch = { LRI_1, 0x2030, 0 }, .nbatch = 3 },
	{ "lri_nonpriv", .ring = { LRI_1, 0x24d0, 0x7000 }, .nring = 3 },
	{ "lrr_mi_mode", .batch = { 0x2aU << 23 | 1, 0x2600, 0x209c },
	  .nbatch = 3 },
	{ "srm_edge", .ring = { SRM_GGTT, 0x2358, 0xf9010000, 0 },
	  .nring = 4 },
	{ "sdi_outside", .batch = { SDI_GGTT, 0xf9030001, 0, 1 },
	  .nbatch = 4 },
	{ "pc_index", .ring = { PC_6, BIT(21) | 1 << 14, 4092, 0, 0, 0 },
	  .nring = 6 },
	{ "pc_lri_gfx_mode", .ring = { PC_6, BIT(23), 0x229c, 0, 0, 0 },
	  .nring = 6 },
	{ "flush_index", .ring = { 0x26U << 23 | BIT(21) | 1 << 14 | 2, 4088,
				   0, 0 }, .nring = 4 },
	{ "semaphore_wait", .batch = { 0x1cU << 23 | 2, 0, 0, 0 },
	  .nbatch = 4 },
	{ "arb_on_off", .batch = { 0x08U << 23 }, .nbatch = 1 },
	{ "bb_end_ring", .ring = { 0x0aU << 23 }, .nring = 1 },
	{ "bb_2nd_ring", .ring = { BB_START | BIT(22), BATCH0, 0 },
	  .nring = 3 },
	{ "client1", .batch = { 0x20000000 }, .nbatch = 1 },
	{ "truncated_ring", .ring = { 0x78100007, 0, 0 }, .nring = 3,
	  .append = true },
	{ "self_chain", .batch = { BB_START, BATCH0, 0 }, .nbatch = 3 },
	{ "self_chain_ppgtt", .batch = { BB_START | BIT(8), BATCH0, 0 },
	  .nbatch = 3 },
	{ "self_chain_big", .batch = { BB_START, BATCH0, 0 }, .nbatch = 3,
	  .pad = 130 },
	{ "noop_32m", .pad = 245 },
	{ "atomic_edge", .ring = { 0x2fU << 23 | BIT(22) | 2 << 19 | 1,
				   0xf903fffe, 0 }, .nring = 3 },
	{ "atomic_len", .ring = { 0x2fU << 23 | BIT(22) | 3, 0xfa000000, 0,
				 0, 0 }, .nring = 5 },
	{ "copy_outside", .ring = { 0x2eU << 23 | BIT(21) | 3, 0x1000, 0,
				    0xfa000000, 0 }, .nring = 5 },
	{ "no_ppgtt", .flags = FC_NO_PPGTT },
	{ "fail_read", .flags = FC_FAIL_READ },
	{ "fail_alloc", .flags = FC_FAIL_ALLOC },
	{ "batch_mode", .flags = FC_BATCH_MODE },
};

/*
 * Serialize @sub, with @m's additions, as an input. GGTT batches are
 * placed at their raw address, PPGTT ones in the PPGTT, the ring at its
 * raw address.
 */
static void fc_serialize(struct fc_out *o, const struct cmd_sub *sub,
			 const struct fc_mut *m, u8 fail)
{
	unsigned int i, j;
	u8 opts = sub->nbatch;

	o->n = 0;
	fc_put(o, sub->engine | (m ? m->flags : 0), 1);
	fc_put(o, (sub->ring_size / FC_PAGE - 1) | 3 << 3, 1);
	fc_put(o, sub->head / 4, 2);
	fc_put(o, fail, 1);
	fc_put(o, opts, 1);
	fc_put(o, sub->ring_ndw + (m ? m->nring : 0), 2);
	fc_put(o, sub->ring_gma, 4);
	for (i = 0; m && !m->append && i < m->nring; i++)
		fc_put(o, m->ring[i], 4);
	for (i = 0; i < sub->ring_ndw; i++)
		fc_put(o, sub->ring[i], 4);
	for (i = 0; m && m->append && i < m->nring; i++)
		fc_put(o, m->ring[i], 4);
	for (i = 0; i < sub->nbatch; i++) {
		const struct cmd_batch *b = &sub->batch[i];
		u32 extra = m && i == 0 ? m->nbatch : 0;

		fc_put(o, b->ppgtt ? FC_PPGTT : FC_RAW, 1);
		fc_put(o, m && i == 0 ? m->pad : 0, 1);
		fc_put(o, b->gma, 4);
		fc_put(o, b->ndw + extra, 2);
		for (j = 0; j < extra; j++)
			fc_put(o, m->batch[j], 4);
		for (j = 0; j < b->ndw; j++)
			fc_put(o, b->dw[j], 4);
	}
}

static void fc_save(const char *dir, const char *name, const struct fc_out *o)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(o->buf, 1, o->n, f) != o->n || fclose(f))
		fc_fail("cannot write %s", path);
}

/*
 * The seed corpus: per kind of cmd_corpus.c, submissions of a few sizes
 * that fit in 2 KiB, each run through the target and required to be
 * accepted, and each with every hostile addition of fc_muts.
 */
static void fc_write_seeds(const char *dir)
{
	static const u32 sizes[] = { 256, 640, 1200 };
	unsigned int k, z, i, seeds = 0;
	struct fc_out *o = calloc(1, sizeof(*o));
	struct cmd_sub sub;
	char name[128];

	if (!o)
		fc_fail("out of memory");
	mkdir(dir, 0755);
	fc_setup();
	for (k = 0; k < CMD_CORPUS_KINDS; k++) {
		for (z = 0; z < ARRAY_SIZE(sizes); z++) {
			u32 seed = 3 * k + z;

			cmd_corpus_sub(&fc_env, k, seed, sizes[z], &sub);
			for (i = 0; i < sub.nbatch; i++)
				fc_track(fc_mem(sub.batch[i].ppgtt),
					 sub.batch[i].gma,
					 4ULL * sub.batch[i].ndw);
			fc_clean();
			fc_serialize(o, &sub, NULL, 0);
			fc_expect_accept = true;
			gvt_fuzz_one_input(o->buf, o->n);
			fc_expect_accept = false;
			snprintf(name, sizeof(name), "%s_%u",
				 cmd_corpus_names[k], sizes[z]);
			fc_save(dir, name, o);
			seeds++;
			for (i = 0; i < ARRAY_SIZE(fc_muts); i++) {
				fc_serialize(o, &sub, &fc_muts[i], seed);
				snprintf(name, sizeof(name), "%s_%u_%s",
					 cmd_corpus_names[k], sizes[z],
					 fc_muts[i].name);
				fc_save(dir, name, o);
				seeds++;
			}
			cmd_corpus_sub_free(&sub);
		}
	}
	free(o);
	printf("fuzz_cmd: %u seeds in %s\n", seeds, dir);
}

static void fc_dict_word(FILE *f, u32 v)
{
	fprintf(f, "\"\\x%02x\\x%02x\\x%02x\\x%02x\"\n", v & 0xff,
		(v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24);
}

/*
 * A libFuzzer dictionary next to the seeds: the first dword of every
 * command of the table at its shortest length (a hint only: the walker
 * never uses the table), the whitelisted registers and the relocation
 * tags. The scanner decodes through table loads, which comparison
 * tracing cannot see.
 */
static void fc_write_dict(const char *dir)
{
	char path[4096];
	unsigned int i;
	u32 off;
	FILE *f;

	snprintf(path, sizeof(path), "%s.dict", dir);
	f = fopen(path, "w");
	if (!f)
		fc_fail("cannot write %s", path);
	for (i = 0; i < gvt_gen9_num_cmds; i++) {
		const struct gvt_cmd_info *c = &gvt_gen9_cmds[i];
		u32 len = c->min_len > 3 ? c->min_len : 3;

		fc_dict_word(f, c->opcode | (c->len_bits ? len - c->len : 0));
	}
	for (off = 0; off < GVT_MMIO_SIZE; off += 4)
		if (gvt_mmio_cmd_access(fc_env.gvt, off) &&
		    !gvt_mmio_cmd_access(fc_env.gvt, off - 4))
			fc_dict_word(f, off);
	fc_dict_word(f, FC_TAG_BATCH << 24);
	fc_dict_word(f, FC_TAG_INSIDE << 24);
	fc_dict_word(f, FC_TAG_EDGE << 24);
	if (fclose(f))
		fc_fail("cannot write %s", path);
}

int gvt_fuzz_init(int *argc, char ***argv);
int gvt_fuzz_init(int *argc, char ***argv)
{
	const char *dir = getenv("GVT_FUZZ_SEEDS");

	fc_setup();
	if (dir) {
		fc_write_seeds(dir);
		fc_write_dict(dir);
		exit(0);
	}
	return 0;
}
