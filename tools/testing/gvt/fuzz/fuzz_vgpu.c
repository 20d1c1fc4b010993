// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: a guest (or two) doing anything to its vGPU.
 *
 * Each input is a byte stream. Byte 0 chooses the world (FZ_WORLD_* in
 * fz.h): the host configuration, vGPU 1 without hypervisor ops, vGPU 0's
 * hypervisor refusing every pin, and whether the vGPUs are destroyed at the
 * end (with the teardown checks) or reset (with the reset checks) and kept
 * for the next input, which is much faster. The rest is a sequence
 * of operations on the acting vGPU (vGPU 0 at first): an opcode byte whose
 * low nibble is the operation and whose high nibble is its argument,
 * followed by the operation's operands, little endian; an input that ends
 * early reads zeros. gen_seeds.py writes inputs in this format.
 *
 * After every operation the fuzzer checks what it can tell from the spec
 * (Documentation/gpu/gvt/mmio.rst): return codes of invalid accesses, the
 * host GGTT entry of a GGTT write, GGTT values outside the vGPU's ranges,
 * the state after a reset or a detach, released pins, the planes a guest
 * left programmed (refused, or copied from its own memory), an EDID from
 * the VMM taken exactly when its check passes. The host and
 * hypervisor fakes check every callback (fz_env.c). Switching vGPUs and the
 * end of the input check that the other vGPU did not change at all; the
 * end of the input also checks the counters of each vGPU acted on against
 * its unmodelled-register trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sanitizer/asan_interface.h>

#include "fz.h"

enum fz_opcode {
	FZ_OP_SWITCH,		/* act on the other vGPU */
	FZ_OP_MMIO_READ,	/* off:3, arg: size */
	FZ_OP_MMIO_WRITE,	/* off:3 val:8, arg: size */
	FZ_OP_REG_READ,		/* reg:1, arg: size */
	FZ_OP_REG_WRITE,	/* reg:1 val:4, arg: size, value form */
	FZ_OP_PVINFO,		/* off:2 val:4, arg: write, size */
	FZ_OP_FENCE,		/* fence:1 ..., arg: how */
	FZ_OP_GGTT_WRITE,	/* entry val:5, arg: where, present */
	FZ_OP_GGTT_HALF,	/* entry val:5, arg: where, high half */
	FZ_OP_GGTT_READ,	/* entry, arg: where, size */
	FZ_OP_APERTURE,		/* off len:2, arg: where, write */
	FZ_OP_CFG_READ,		/* off:2 len:1 */
	FZ_OP_CFG_WRITE,	/* off:2 len:1 val:8 */
	FZ_OP_RESET,
	/* arg: detach, attach, unmap, pins, the VMM's EDID, replug */
	FZ_OP_HV,
	FZ_OP_MMIO_RAW,		/* off:8 val:8, arg: size, write */
};

static const char * const fz_op_names[] = {
	"switch", "mmio_read", "mmio_write", "reg_read", "reg_write",
	"pvinfo", "fence", "ggtt_write", "ggtt_half", "ggtt_read",
	"aperture", "cfg_read", "cfg_write", "reset", "hv", "mmio_raw",
};

/* Access sizes an operation can pick, valid and not. */
static const unsigned int fz_sizes[8] = { 4, 8, 1, 2, 4, 3, 0, 16 };

struct fz_in {
	const u8 *p;
	size_t n;
};

/* The fuzzer's model of the pending 4-byte GGTT half of a vGPU. */
enum fz_pend {
	FZ_PEND_NONE,
	FZ_PEND_HALF,
	FZ_PEND_UNKNOWN,
};

struct fz_model {
	enum fz_pend pend;
	u32 index;
	unsigned int half;
};

static struct fz_model fz_models[FZ_VGPUS];
static u32 fz_regs[256];
static unsigned int fz_nregs;

static u64 fz_get(struct fz_in *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (u64)*in->p << (8 * i);
	return v;
}

static void fz_add_reg(u32 off)
{
	if (fz_nregs < ARRAY_SIZE(fz_regs))
		fz_regs[fz_nregs++] = off;
}

/* Registers with attributes or handlers, and their neighbours. */
static void fz_regs_init(void)
{
	static const u32 engines[] = {
		0x2000, 0x12000, 0x1a000, 0x1c000, 0x22000,
	};
	static const u32 ring[] = {
		0x30, 0x34, 0x9c, 0xc0, 0xd0, 0x230, 0x234, 0x238, 0x244,
		0x270, 0x29c, 0x358, 0x370, 0x39c, 0x3a0,
	};
	static const u32 single[] = {
		0xa278, 0xa188, 0xa270, 0x0d84, 0x130044, 0x0d88, 0x941c,
		0x44200, 0x44204, 0x138124, 0x138128, 0x20c8, 0x7000, 0x4000,
		0x78000, 0x78004, 0x78008, 0x78010, 0x78800, 0x78804, 0x78808,
		0x78810, 0x78814, 0x78818, 0x78838, 0x7885c, 0x78ffc,
		0x100000, 0x100004, 0x100008, 0x1000f8, 0x1000fc, 0x100100,
		0x1ffffc, 0x200000, 0x7ffffc,
	};
	/* per pipe: PIPECONF, PIPESRC, the primary plane and the cursor */
	static const u32 pipe[] = {
		0x70008, 0x6001c, 0x70180, 0x70188, 0x7019c, 0x701a4,
		0x701ac, 0x70080, 0x70084, 0x70088,
	};
	static const u32 isr[] = {
		0x44300, 0x44310, 0x44320, 0x44330, 0x44400, 0x44410,
		0x44420, 0x44440, 0x44460, 0x444e0, 0xc4000,
	};
	/* AUX D's control and data, PCH_PORT_HOTPLUG: the monitor's EDID */
	static const u32 monitor[] = {
		0x64310, 0x64314, 0x64318, 0x6431c, 0x64320, 0x64324, 0xc4030,
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(single); i++)
		fz_add_reg(single[i]);
	for (i = 0; i < ARRAY_SIZE(isr); i++)
		for (j = 0; j < 16; j += 4)
			fz_add_reg(isr[i] + j);
	for (i = 0; i < ARRAY_SIZE(pipe); i++)
		for (j = 0; j < 3; j++)
			fz_add_reg(pipe[i] + 0x1000 * j);
	for (i = 0; i < ARRAY_SIZE(engines); i++)
		for (j = 0; j < ARRAY_SIZE(ring); j++)
			fz_add_reg(engines[i] + ring[j]);
	for (i = 0; i < ARRAY_SIZE(monitor); i++)
		fz_add_reg(monitor[i]);
}

static struct fz_vgpu *fz_other(struct fz_vgpu *v)
{
	return &fz->v[!v->slot];
}

static bool fz_in_bar(u64 off, unsigned int len)
{
	return off < fz->info.bar0_size && len <= fz->info.bar0_size - off;
}

/* The spec's rule for a valid BAR0 access. */
static bool fz_mmio_valid(u64 off, unsigned int len)
{
	u64 ggtt_end = GVT_GGTT_OFFSET + 8ULL * fz->ggtt_entries;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return false;
	if (off % len || !fz_in_bar(off, len))
		return false;
	if (off >= GVT_GGTT_OFFSET && off < ggtt_end && len < 4)
		return false;
	return true;
}

/*
 * The buffer an access hands the core: exactly @len bytes (at most
 * FZ_BOUNCE_MAX) that ASan lets it touch, with poisoned bytes on both
 * sides, as a malloc()ed one would have but without the allocator's cost
 * on every operation. This file is not built with ASan: the core is, and
 * checks its accesses against the poisoning.
 */
#define FZ_BOUNCE_MAX	16
static u8 fz_bounce_buf[8 + FZ_BOUNCE_MAX + 8] __aligned(8);

static u8 *fz_bounce(unsigned int len)
{
	u8 *p = fz_bounce_buf + 8;

	if (len > FZ_BOUNCE_MAX)
		fz_fail("bounce buffer of %u bytes", len);
	__asan_poison_memory_region(fz_bounce_buf, sizeof(fz_bounce_buf));
	__asan_unpoison_memory_region(p, len);
	return p;
}

static int fz_mmio(struct fz_vgpu *v, u64 off, unsigned int len, u64 *val,
		   bool write)
{
	u8 *buf = fz_bounce(len);
	bool valid = fz_mmio_valid(off, len);
	int ret;

	if (write)
		memcpy(buf, val, min(len, 8U));
	if (write)
		fz_trace("  write %#llx/%u %#llx\n", off, len, *val);
	else
		fz_trace("  read %#llx/%u\n", off, len);
	if (write)
		ret = gvt_vgpu_mmio_write(v->vgpu, off, buf, len);
	else
		ret = gvt_vgpu_mmio_read(v->vgpu, off, buf, len);
	if (!write) {
		*val = 0;
		if (!ret)
			memcpy(val, buf, min(len, 8U));
	}
	if (valid && ret)
		fz_fail("valid %s of %u bytes at %#llx failed: %d",
			write ? "write" : "read", len, off, ret);
	if (!valid && ret != -EINVAL)
		fz_fail("invalid %s of %u bytes at %#llx returned %d",
			write ? "write" : "read", len, off, ret);
	return ret;
}

/* A GGTT entry index: in the acting vGPU, in the other one, anywhere. */
static u64 fz_pick_entry(struct fz_vgpu *v, struct fz_in *in,
			 unsigned int where)
{
	struct fz_vgpu *o = fz_other(v);

	switch (where & 3) {
	case 0:
		return v->low_first + fz_get(in, 2) % v->low_count;
	case 1:
		return v->high_first + fz_get(in, 3) % v->high_count;
	case 2:
		if (fz_get(in, 1) & 1)
			return o->low_first + fz_get(in, 2) % o->low_count;
		return o->high_first + fz_get(in, 3) % o->high_count;
	default:
		return fz_get(in, 3) & 0xfffff;
	}
}

/* A GGTT value: a frame (small numbers repeat, so pins nest), flags. */
static u64 fz_pick_pte(struct fz_in *in, bool present)
{
	u8 how = fz_get(in, 1);
	u64 gfn = how & 0x80 ? fz_get(in, 4) | (u64)(how & 3) << 32 :
			       fz_get(in, 1);
	u64 val = gfn << GVT_GTT_PAGE_SHIFT | (how & 0x0e);

	if (how & 0x10)
		val |= 0xabcdULL << 48;
	return val | present;
}

static u64 fz_gfn(u64 val)
{
	return (val & GENMASK_ULL(45, 12)) >> GVT_GTT_PAGE_SHIFT;
}

static u64 fz_expect_pte(struct fz_vgpu *v, u64 val)
{
	u64 gfn = fz_gfn(val);

	if (!(val & 1) || !v->hv_attached || fz_pin_would_fail(v, gfn))
		return FZ_SCRATCH_PTE;
	return FZ_GFN_ADDR(v->slot, gfn) | 1;
}

static void fz_check_pte(struct fz_vgpu *v, u64 index, u64 want,
			 const char *what)
{
	if (fz->ggtt[index] != want)
		fz_fail("%s: host GGTT entry %#llx of vGPU %u is %#llx, not %#llx",
			what, index, v->slot, fz->ggtt[index], want);
}

static u64 fz_guest_entry(struct fz_vgpu *v, u64 index)
{
	u64 val;

	fz_mmio(v, GVT_GGTT_OFFSET + 8 * index, 8, &val, false);
	return val;
}

static void fz_op_ggtt_write(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	struct fz_model *m = &fz_models[v->slot];
	u64 index = fz_pick_entry(v, in, arg);
	u64 val = fz_pick_pte(in, !(arg & 4));
	bool own = fz_owns_entry(v, index);
	bool failsafe = v->vgpu->failsafe != GVT_FAILSAFE_NONE;
	u64 old = index < fz->ggtt_entries ? fz->ggtt[index] : 0;
	u64 prev = own ? fz_guest_entry(v, index) : 0, want;

	fz_mmio(v, GVT_GGTT_OFFSET + 8 * index, 8, &val, true);
	if (index >= fz->ggtt_entries)
		return;
	if (!own) {
		if (fz_guest_entry(v, index))
			fz_fail("GGTT entry %#llx outside vGPU %u reads back",
				index, v->slot);
		return;
	}
	if (fz_guest_entry(v, index) != val)
		fz_fail("GGTT entry %#llx of vGPU %u does not read back",
			index, v->slot);
	/*
	 * In failsafe a write has no host effect, but the core may drop the
	 * mapping of the entry: it never maps anything new.
	 */
	if (failsafe && fz->ggtt[index] == FZ_SCRATCH_PTE)
		old = FZ_SCRATCH_PTE;
	want = failsafe ? old : fz_expect_pte(v, val);
	/* Rewriting the current value keeps its mapping (and its pin). */
	if (!failsafe && prev == val && (val & 1) &&
	    old == (FZ_GFN_ADDR(v->slot, fz_gfn(val)) | 1))
		want = old;
	fz_check_pte(v, index, want, "8-byte GGTT write");
	if (m->pend == FZ_PEND_HALF && m->index == index)
		m->pend = FZ_PEND_UNKNOWN;
}

static void fz_op_ggtt_half(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	struct fz_model *m = &fz_models[v->slot];
	u64 index = fz_pick_entry(v, in, arg);
	unsigned int half = !!(arg & 4);
	u64 pte = fz_pick_pte(in, !(arg & 8));
	u64 val = half ? pte >> 32 : (u32)pte;
	bool own = fz_owns_entry(v, index);
	bool failsafe = v->vgpu->failsafe != GVT_FAILSAFE_NONE;

	fz_mmio(v, GVT_GGTT_OFFSET + 8 * index + 4 * half, 4, &val, true);
	if (index >= fz->ggtt_entries || !own || failsafe) {
		m->pend = FZ_PEND_UNKNOWN;
		return;
	}
	if (m->pend == FZ_PEND_HALF && m->index == index && m->half != half) {
		fz_check_pte(v, index,
			     fz_expect_pte(v, fz_guest_entry(v, index)),
			     "second GGTT half");
		m->pend = FZ_PEND_NONE;
		return;
	}
	if (m->pend != FZ_PEND_UNKNOWN)
		fz_check_pte(v, index, FZ_SCRATCH_PTE, "first GGTT half");
	m->pend = m->pend == FZ_PEND_UNKNOWN ? FZ_PEND_UNKNOWN : FZ_PEND_HALF;
	m->index = index;
	m->half = half;
}

static void fz_op_ggtt_read(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	u64 index = fz_pick_entry(v, in, arg);
	unsigned int len = fz_sizes[(arg >> 2) & 3];
	u64 val;

	if (fz_mmio(v, GVT_GGTT_OFFSET + 8 * index, len, &val, false))
		return;
	if (val && (index >= fz->ggtt_entries || !fz_owns_entry(v, index)))
		fz_fail("GGTT entry %#llx outside vGPU %u reads %#llx",
			index, v->slot, val);
}

/* A fence value, often a valid one inside some vGPU's range. */
static u64 fz_pick_fence(struct fz_vgpu *v, struct fz_in *in)
{
	u8 how = fz_get(in, 1);
	struct fz_vgpu *o = how & 4 ? fz_other(v) : v;
	u64 base = how & 2 ? o->res.high_gm_base : o->res.low_gm_base;
	u64 start, end, pitch;

	if (how & 8)
		return fz_get(in, 8);
	start = base + (fz_get(in, 2) << GVT_GTT_PAGE_SHIFT);
	end = start + (fz_get(in, 2) << GVT_GTT_PAGE_SHIFT);
	if (how & 0x10)
		end = start - (1ULL << GVT_GTT_PAGE_SHIFT);
	pitch = how & 0x20 ? 0x800 : fz_get(in, 1);
	return (end & 0xfffff000) << 32 | pitch << 32 | (start & 0xfffff000) |
	       (how & 0x40 ? 2 : 0) | !(how & 1);
}

/* The spec's rule for a fence value that may reach the GPU. */
static bool fz_fence_valid(struct fz_vgpu *v, u64 val)
{
	u64 start = val & 0xfffff000;
	u64 end = ((val >> 32) & 0xfffff000) + (1ULL << GVT_GTT_PAGE_SHIFT);
	const struct gvt_vgpu_resources *r = &v->res;

	if (!(val & 1) || end <= start || ((val >> 32) & 0xfff) >= 0x800)
		return false;
	return (start >= r->low_gm_base &&
		end <= r->low_gm_base + r->low_gm_size) ||
	       (start >= r->high_gm_base &&
		end <= r->high_gm_base + r->high_gm_size);
}

static void fz_op_fence(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	unsigned int i = fz_get(in, 1) % GVT_MAX_FENCES;
	bool failsafe = v->vgpu->failsafe != GVT_FAILSAFE_NONE;
	u64 host = i < v->res.num_fences ? fz->fences[v->res.fences[i]] : 0;
	u64 off = GVT_FENCE_OFFSET + 8 * i;
	u64 val = fz_pick_fence(v, in), zero = 0, hi = val >> 32, lo = (u32)val;

	switch (arg & 3) {
	case 0:
		fz_mmio(v, off, 8, &val, true);
		break;
	case 1:		/* i915's order */
		fz_mmio(v, off, 4, &zero, true);
		fz_mmio(v, off + 4, 4, &hi, true);
		fz_mmio(v, off, 4, &lo, true);
		break;
	case 2:
		fz_mmio(v, off + 4 * !!(arg & 4), 4, arg & 4 ? &hi : &lo,
			true);
		break;
	default:
		fz_mmio(v, off + 4 * !!(arg & 4), arg & 8 ? 4 : 8, &val,
			false);
		if (!failsafe && i >= v->res.num_fences && val)
			fz_fail("fence %u beyond the fence count reads %#llx",
				i, val);
		return;
	}
	if ((arg & 3) != 2) {
		u64 back;

		fz_mmio(v, off, 8, &back, false);
		/* In failsafe the fences are plain registers. */
		if (back != (failsafe || i < v->res.num_fences ? val : 0))
			fz_fail("fence %u reads %#llx after writing %#llx", i,
				back, val);
		if (i >= v->res.num_fences)
			return;
		if (!failsafe)
			host = fz_fence_valid(v, val) ? val : 0;
		if (fz->fences[v->res.fences[i]] != host)
			fz_fail("fence %u of vGPU %u: host fence %u is %#llx, not %#llx",
				i, v->slot, v->res.fences[i],
				fz->fences[v->res.fences[i]], host);
	}
}

static void fz_op_reg(struct fz_vgpu *v, struct fz_in *in, u8 arg,
		      bool write)
{
	u32 reg = fz_regs[fz_get(in, 1) % fz_nregs];
	unsigned int len = fz_sizes[arg & 3];
	u64 val = fz_get(in, 4);

	switch ((arg >> 2) & 3) {
	case 1:
		val = 0xffff0000 | (val & 0xffff);	/* masked: all bits */
		break;
	case 2:
		val = 0xffffffff;
		break;
	case 3:
		val = val & 0xffff;
		break;
	}
	if (len < 4)
		reg += val >> 30 & (4 - len);
	fz_mmio(v, reg, len, &val, write);
}

static void fz_op_aperture(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	struct fz_vgpu *o = fz_other(v);
	u64 off = fz_get(in, 4) << 4;
	unsigned int len = fz_get(in, 2) & 0x1fff;
	bool ok;
	int ret;
	u8 *buf;

	switch (arg & 3) {
	case 0:
		off = v->res.low_gm_base + off % v->res.low_gm_size;
		break;
	case 1:
		off = o->res.low_gm_base + off % o->res.low_gm_size;
		break;
	case 2:
		off = v->res.low_gm_base + v->res.low_gm_size - len +
		      (arg & 4 ? 1 : 0);
		break;
	}
	ok = off >= v->res.low_gm_base &&
	     off + len <= v->res.low_gm_base + v->res.low_gm_size;
	buf = malloc(len ? len : 1);
	if (!buf)
		fz_fail("out of memory");
	memset(buf, 0x3c, len);
	fz_trace("  aperture %#llx/%u\n", off, len);
	ret = gvt_vgpu_aperture_rw(v->vgpu, off, buf, len, arg & 8);
	free(buf);
	if (len && ok && ret)
		fz_fail("aperture access %#llx/%u in vGPU %u failed: %d", off,
			len, v->slot, ret);
	if (len && !ok && ret != -EINVAL)
		fz_fail("aperture access %#llx/%u outside vGPU %u returned %d",
			off, len, v->slot, ret);
}

static void fz_op_cfg(struct fz_vgpu *v, struct fz_in *in, bool write)
{
	unsigned int off = fz_get(in, 2) & 0x1fff;
	unsigned int len = fz_get(in, 1) & 0xf;
	u64 val = write ? fz_get(in, 8) : 0;
	u8 *buf = fz_bounce(len);

	memcpy(buf, &val, min(len, 8U));
	if (len > 8)
		memset(buf + 8, 0xff, len - 8);
	fz_trace("  cfg %s %#x/%u\n", write ? "write" : "read", off, len);
	if (write)
		gvt_vgpu_cfg_write(v->vgpu, off, buf, len);
	else
		gvt_vgpu_cfg_read(v->vgpu, off, buf, len);
}

static void fz_op_reset(struct fz_vgpu *v)
{
	fz_reset_checked(v);
	fz_models[v->slot].pend = FZ_PEND_NONE;
}

/*
 * The VMM gives the monitor an EDID: ours for 1024x768 in one or two
 * blocks, up to seven bytes changed, checksums fixed or not. The core
 * takes exactly what gvt_edid_check() passes and shows it unchanged.
 */
static void fz_op_edid(struct fz_vgpu *v, struct fz_in *in)
{
	static u8 e[GVT_EDID_MAX_SIZE], got[GVT_EDID_MAX_SIZE];
	u8 how = fz_get(in, 1);
	size_t size = how & 1 ? GVT_EDID_MAX_SIZE : GVT_EDID_SIZE;
	unsigned int i, b, n = (how >> 1) & 7;
	const char *why;
	int ret, want;

	gvt_edid_build(e, 1024, 768);
	memset(e + GVT_EDID_SIZE, 0, GVT_EDID_SIZE);
	e[126] = size / GVT_EDID_SIZE - 1;
	for (i = 0; i < n; i++) {
		u8 pos = fz_get(in, 1);

		e[(how & 1 ? pos : pos & 0x7f)] = fz_get(in, 1);
	}
	for (b = 0; (how & 0x10) && b < size; b += GVT_EDID_SIZE) {
		u8 sum = 0;

		for (i = 0; i < GVT_EDID_SIZE - 1; i++)
			sum += e[b + i];
		e[b + GVT_EDID_SIZE - 1] = -sum;
	}
	want = gvt_edid_check(e, size, v->vgpu->type->xres,
			      v->vgpu->type->yres, &why);
	fz_trace("  edid %zu bytes: %s\n", size, want ? why : "valid");
	ret = gvt_vgpu_edid_set(v->vgpu, e, size);
	if (ret != want)
		fz_fail("vGPU %u: EDID set %d, its check %d", v->slot, ret, want);
	if (!ret && (gvt_vgpu_edid_get(v->vgpu, got, sizeof(got)) != size ||
		     memcmp(got, e, size)))
		fz_fail("vGPU %u: the monitor shows another EDID", v->slot);
}

/*
 * The VMM unplugs the monitor and plugs it again: unplugged, port D's
 * live status is off. (It ends plugged, as at creation, so that the
 * reset checks may compare SDEISR with the state at creation.)
 */
static void fz_op_replug(struct fz_vgpu *v)
{
	u64 isr = 0;

	gvt_vgpu_monitor_plug(v->vgpu, false);
	if (gvt_vgpu_monitor_plugged(v->vgpu) ||
	    fz_mmio(v, 0xc4000, 4, &isr, false) || (isr & BIT(23)))
		fz_fail("vGPU %u: unplugged, SDEISR 0x%llx", v->slot, isr);
	gvt_vgpu_monitor_plug(v->vgpu, true);
}

static void fz_op_hv(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	u64 gfn, count;
	unsigned int i;

	switch (arg & 3) {
	case 0:
		gvt_vgpu_detach_hv(v->vgpu);
		v->hv_attached = false;
		if (v->pins_held)
			fz_fail("vGPU %u holds %ld pins after detach", v->slot,
				v->pins_held);
		fz_check_host_slice(v, true);
		break;
	case 1:
		if (v->hv_attached)
			return;
		v->hv_attached = true;
		gvt_vgpu_attach_hv(v->vgpu, &fz_hv_ops, v);
		break;
	case 2:
		gfn = arg & 4 ? fz_get(in, 5) : fz_get(in, 1);
		count = arg & 8 ? fz_get(in, 8) : fz_get(in, 1);
		gvt_vgpu_unmap_gfns(v->vgpu, gfn, count);
		for (i = 0; i < v->npins_used; i++) {
			const struct fz_pin *p = &v->pins[v->pins_used[i]];

			if (p->count && p->gfn >= gfn && p->gfn - gfn < count)
				fz_fail("vGPU %u still pins %#llx after unmap %#llx+%llu",
					v->slot, p->gfn, gfn, count);
		}
		break;
	default:
		/* arg 3: pins; 7: the VMM's EDID; 11: replug; 15: own EDID */
		if (arg == 7)
			fz_op_edid(v, in);
		else if (arg == 11)
			fz_op_replug(v);
		else if (arg == 15)
			gvt_vgpu_edid_set(v->vgpu, NULL, 0);
		else
			v->fail_pins = !v->fail_pins;
		return;
	}
	fz_models[v->slot].pend = FZ_PEND_UNKNOWN;
}

/* Operations on the acting vGPU since the last switch. */
static unsigned long fz_ops_since_switch;

static struct fz_vgpu *fz_op_switch(struct fz_vgpu *v)
{
	struct fz_vgpu *o = fz_other(v);

	/* Nothing ran since the last switch: nothing to compare. */
	if (!fz_ops_since_switch)
		return o;
	fz_ops_since_switch = 0;
	fz_track_check(o, o->idle, "when last acted on");
	fz_track_save(v);
	v->idle = &v->snap;
	return o;
}

/*
 * A generic BAR0 write (not a GGTT operation of the fuzzer) that the core
 * took as a GGTT write: the model of the pending half follows it as the
 * core does (mmio.rst, "GGTT"), whatever operation produced it. An 8-byte
 * write of the pending entry ends the pending half; a 4-byte write either
 * completes the pending entry or becomes the pending half itself, which
 * displaces any other.
 */
static void fz_model_ggtt_access(struct fz_vgpu *v, u64 off, unsigned int len)
{
	struct fz_model *m = &fz_models[v->slot];
	u64 index = (off - GVT_GGTT_OFFSET) / 8;
	unsigned int half = !!(off & 4);

	if (off < GVT_GGTT_OFFSET || index >= fz->ggtt_entries ||
	    (len != 4 && len != 8) || (off & (len - 1)) ||
	    !fz_owns_entry(v, index))
		return;		/* not a GGTT write, or dropped */
	if (len == 8) {
		if (m->pend == FZ_PEND_HALF && m->index == index)
			m->pend = FZ_PEND_UNKNOWN;
		return;
	}
	if (m->pend == FZ_PEND_HALF && m->index == index && m->half != half) {
		m->pend = FZ_PEND_NONE;
		return;
	}
	if (m->pend == FZ_PEND_UNKNOWN ||
	    v->vgpu->failsafe != GVT_FAILSAFE_NONE) {
		m->pend = FZ_PEND_UNKNOWN;
		return;
	}
	m->pend = FZ_PEND_HALF;
	m->index = index;
	m->half = half;
}

static void fz_op_mmio(struct fz_vgpu *v, struct fz_in *in, u8 op, u8 arg)
{
	unsigned int len = fz_sizes[arg & 7];
	bool write = op == FZ_OP_MMIO_WRITE || (op == FZ_OP_MMIO_RAW && arg & 8);
	u64 off, val;

	if (op == FZ_OP_MMIO_RAW)
		off = fz_get(in, 8);
	else
		off = fz_get(in, 3);
	val = write ? fz_get(in, 8) : 0;
	if (!fz_mmio(v, off, len, &val, write) && write)
		fz_model_ggtt_access(v, off, len);
}

static void fz_op_pvinfo(struct fz_vgpu *v, struct fz_in *in, u8 arg)
{
	u64 off = GVT_PVINFO_OFFSET + (fz_get(in, 2) & 0xfff);
	u64 val = fz_get(in, 4);
	unsigned int len = fz_sizes[(arg >> 1) & 3];

	off &= ~(u64)(len - 1);
	fz_mmio(v, off, len, &val, arg & 1);
}

static struct fz_vgpu *fz_run_op(struct fz_vgpu *v, struct fz_in *in)
{
	u8 code = fz_get(in, 1), op = code & 0xf, arg = code >> 4;

	fz_trace("op %lu: %s/%u on vGPU %u\n", fz->op, fz_op_names[op], arg,
		 v->slot);
	fz->acting = v;
	if (op != FZ_OP_SWITCH) {
		fz_ops_since_switch++;
		v->touched = true;
		v->at_base = false;
	}
	switch (op) {
	case FZ_OP_SWITCH:
		v = fz_op_switch(v);
		break;
	case FZ_OP_MMIO_READ:
	case FZ_OP_MMIO_WRITE:
	case FZ_OP_MMIO_RAW:
		fz_op_mmio(v, in, op, arg);
		break;
	case FZ_OP_REG_READ:
	case FZ_OP_REG_WRITE:
		fz_op_reg(v, in, arg, op == FZ_OP_REG_WRITE);
		break;
	case FZ_OP_PVINFO:
		fz_op_pvinfo(v, in, arg);
		break;
	case FZ_OP_FENCE:
		fz_op_fence(v, in, arg);
		break;
	case FZ_OP_GGTT_WRITE:
		fz_op_ggtt_write(v, in, arg);
		break;
	case FZ_OP_GGTT_HALF:
		fz_op_ggtt_half(v, in, arg);
		break;
	case FZ_OP_GGTT_READ:
		fz_op_ggtt_read(v, in, arg);
		break;
	case FZ_OP_APERTURE:
		fz_op_aperture(v, in, arg);
		break;
	case FZ_OP_CFG_READ:
	case FZ_OP_CFG_WRITE:
		fz_op_cfg(v, in, op == FZ_OP_CFG_WRITE);
		break;
	case FZ_OP_RESET:
		fz_op_reset(v);
		break;
	case FZ_OP_HV:
		fz_op_hv(v, in, arg);
		break;
	}
	fz->acting = NULL;
	if (gvt_shim_mutexes_held)
		fz_fail("%s returned with %u mutexes held", fz_op_names[op],
			gvt_shim_mutexes_held);
	return v;
}

/*
 * The counters and the unmodelled-register trace of a vGPU the input acted
 * on: the trace stays bounded, sorted and free of described registers, and
 * the totals are its counts plus the overflow (exactly, unless a count
 * saturated); an access touches at most two dwords.
 */
static void fz_check_stats(struct fz_vgpu *v)
{
	static struct gvt_reg_count regs[GVT_UNMODELLED_MAX];
	u64 reads = 0, writes = 0, total;
	struct gvt_vgpu_stats st;
	bool saturated = false;
	unsigned int i, n;

	gvt_vgpu_stats(v->vgpu, &st);
	n = gvt_vgpu_unmodelled(v->vgpu, regs, GVT_UNMODELLED_MAX);
	if (n != st.unmodelled_regs)
		fz_fail("vGPU %u: %u unmodelled registers listed, %llu counted",
			v->slot, n, (unsigned long long)st.unmodelled_regs);
	for (i = 0; i < n; i++) {
		u32 off = regs[i].offset;

		if (off >= GVT_MMIO_SIZE || off & 3 ||
		    (i && off <= regs[i - 1].offset) ||
		    gvt_mmio_find(v->vgpu->gvt, off) ||
		    !(regs[i].reads | regs[i].writes))
			fz_fail("vGPU %u: bad unmodelled entry %u: 0x%x %u %u",
				v->slot, i, off, regs[i].reads,
				regs[i].writes);
		reads += regs[i].reads;
		writes += regs[i].writes;
		saturated |= regs[i].reads == U32_MAX ||
			     regs[i].writes == U32_MAX;
	}
	total = st.c.unmodelled_reads + st.c.unmodelled_writes;
	if (reads > st.c.unmodelled_reads || writes > st.c.unmodelled_writes ||
	    (saturated ? st.c.unmodelled_overflow > total - reads - writes :
			 st.c.unmodelled_overflow != total - reads - writes) ||
	    (st.c.unmodelled_overflow && n < GVT_UNMODELLED_MAX) ||
	    st.c.unmodelled_reads + st.c.pvinfo_reads > 2 * st.c.mmio_reads ||
	    st.c.unmodelled_writes > 2 * st.c.mmio_writes)
		fz_fail("vGPU %u: counters disagree with the trace", v->slot);
}

/*
 * Whatever the guest left in its display registers, decoding and copying
 * its planes (core/plane.c) either refuses or copies within the buffer,
 * from a surface inside the vGPU's own graphics memory.
 */
#define FZ_PLANE_BUF	(1024 * 768 * 4)
#define FZ_CANARY	64

static void fz_check_planes(struct fz_vgpu *v)
{
	static u8 buf[FZ_PLANE_BUF + FZ_CANARY];
	const struct gvt_vgpu_resources *r = &v->res;
	struct gvt_plane pl;
	unsigned int k;
	bool inside;
	int id, ret;

	/* A frame passes: a flip the guest armed is scanned out now. */
	gvt_shim_now_ns += GVT_VBLANK_PERIOD_NS;
	for (id = GVT_PLANE_PRIMARY; id <= GVT_PLANE_CURSOR; id++) {
		memset(buf + FZ_PLANE_BUF, 0xa5, FZ_CANARY);
		ret = gvt_vgpu_plane_read(v->vgpu, id, &pl, buf, FZ_PLANE_BUF);
		if (ret && ret != -EINVAL && ret != -EFAULT)
			fz_fail("vGPU %u: plane %d read: %d", v->slot, id, ret);
		if (ret && pl.enabled)
			fz_fail("vGPU %u: plane %d refused (%d) but enabled",
				v->slot, id, ret);
		for (k = 0; k < FZ_CANARY; k++)
			if (buf[FZ_PLANE_BUF + k] != 0xa5)
				fz_fail("vGPU %u: plane %d copy ran past its buffer",
					v->slot, id);
		if (!pl.enabled)
			continue;
		inside = (pl.gma >= r->low_gm_base &&
			  pl.gma < r->low_gm_base + r->low_gm_size) ||
			 (pl.gma >= r->high_gm_base &&
			  pl.gma < r->high_gm_base + r->high_gm_size);
		if (!inside || pl.size > FZ_PLANE_BUF ||
		    pl.size != pl.stride * pl.height || !pl.width)
			fz_fail("vGPU %u: plane %d at 0x%llx, %ux%u, %u bytes",
				v->slot, id, pl.gma, pl.width, pl.height,
				pl.size);
	}
}

/* Linked as LLVMFuzzerTestOneInput (see the Makefile). */
int gvt_fuzz_one_input(const u8 *data, size_t size);
int gvt_fuzz_one_input(const u8 *data, size_t size)
{
	struct fz_in in = { data, size };
	u8 world = fz_get(&in, 1);
	struct fz_vgpu *v;
	unsigned int i;

	if (!fz_nregs) {
		fz_regs_init();
		fz_track_births();
	}
	fz_world_begin(world);
	memset(fz_models, 0, sizeof(fz_models));
	fz_ops_since_switch = 0;

	v = &fz->v[0];
	for (fz->op = 0; in.n; fz->op++)
		v = fz_run_op(v, &in);

	if (fz_ops_since_switch)
		fz_track_check(fz_other(v), fz_other(v)->idle,
			       "when last acted on");
	for (i = 0; i < FZ_VGPUS; i++) {
		fz_check_host_slice(&fz->v[i], false);
		if (fz->v[i].touched) {
			fz_check_stats(&fz->v[i]);
			fz_check_planes(&fz->v[i]);
		}
	}
	fz_world_end(world);
	return 0;
}
