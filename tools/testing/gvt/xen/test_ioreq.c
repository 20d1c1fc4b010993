// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq state machine and dispatch (drivers/gpu/gvt/xen/ioreq.c)
 * against the fake Xen: every type, size, count, df and data_is_ptr, BAR
 * placement, the OpRegion at ASLS, tracked pages, and hostile requests.
 */
#include <stdio.h>
#include <string.h>

#include "xt.h"

#define COPY	XENGT_IOREQ_TYPE_COPY
#define RD	true
#define WR	false

static u32 reg_rd(struct xengt_dom *d, u64 off)
{
	u32 v = 0;

	EXPECT_EQ(gvt_vgpu_mmio_read(d->vgpu, off, &v, 4), 0);
	return v;
}

TEST(xen_ioreq_created_server)
{
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 3);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	EXPECT(f->server && f->enabled && f->claimed && f->worker &&
	       f->published && f->iopage_mapped);
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_PCI, XT_SBDF));
	EXPECT_EQ(f->nranges, 1);
	EXPECT(f->bound[0] && f->bound[1] && f->bound[2] && !f->bound[3]);
	EXPECT_EQ(d->nr_vcpus, 3);
	EXPECT(d->vgpu_id >= 1);
	/*
	 * The PCI range, then the server enabled (Xen writes the channels
	 * into the page then), then the channels bound, then the worker.
	 */
	EXPECT(fake_xen_log_find(1, FX_DM_OP,
				 XENGT_DMOP_map_io_range_to_ioreq_server, 0) <
	       fake_xen_log_find(1, FX_DM_OP,
				 XENGT_DMOP_set_ioreq_server_state, 0));
	EXPECT(fake_xen_log_find(1, FX_DM_OP,
				 XENGT_DMOP_set_ioreq_server_state, 0) <
	       fake_xen_log_find(1, FX_BIND, 0, 0));
	EXPECT(fake_xen_log_find(1, FX_BIND, 2, 0) <
	       fake_xen_log_find(1, FX_WORKER_START, 0, 0));
	EXPECT(fake_xen_log_find(1, FX_WORKER_START, 0, 0) <
	       fake_xen_log_find(1, FX_PUBLISH, 0, 0));
	xt_stop(&e);
}

TEST(xen_ioreq_pci_config)
{
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 2);
	d = xt_create(&e, 1);
	EXPECT_EQ(xt_cfg(d, RD, 0, 2, 0), 0x8086);
	EXPECT_EQ(xt_cfg(d, RD, 0, 4, 0), 0x191b8086);
	EXPECT_EQ(xt_cfg(d, RD, 2, 1, 0), 0x1b);
	/* The second vCPU has its own slot and channel. */
	EXPECT_EQ(xt_io(d, 1, XENGT_IOREQ_TYPE_PCI_CONFIG, RD, XT_CFG(0), 0,
			2, 1, false, false), 0x8086);
	/* Cache line size is writable. */
	xt_cfg(d, WR, 0x0c, 1, 0x10);
	EXPECT_EQ(xt_cfg(d, RD, 0x0c, 1, 0), 0x10);
	/* Another function, sizes 3 and 8, out of range, ptr, rep. */
	EXPECT_EQ(xt_io(d, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, RD,
			((u64)XENGT_DMOP_PCI_SBDF(0, 0, 3, 0) << 32), 0, 4, 1,
			false, false), ~0ULL);
	EXPECT_EQ(xt_cfg(d, RD, 0, 3, 0), ~0ULL);
	EXPECT_EQ(xt_cfg(d, RD, 0, 8, 0), ~0ULL);
	EXPECT_EQ(xt_cfg(d, RD, 4094, 4, 0), ~0ULL);
	EXPECT_EQ(xt_cfg(d, RD, 0xffffffff, 1, 0), ~0ULL);
	EXPECT_EQ(xt_io(d, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, RD, XT_CFG(0), 0,
			4, 1, true, false), 0);
	EXPECT_EQ(xt_io(d, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, RD, XT_CFG(0), 0,
			4, 2, false, false), ~0ULL);
	EXPECT_EQ(d->stats.errors, 7);
	xt_stop(&e);
}

TEST(xen_ioreq_bars_follow_the_guest)
{
	const u64 bar0 = 16ULL << 20, bar2 = 512ULL << 20;
	struct fake_xen_dom *f = NULL;
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	/* Placed but not decoded: nothing mapped. */
	xt_cfg(d, WR, 0x10, 4, (u32)XT_BAR0);
	xt_cfg(d, WR, 0x18, 4, (u32)XT_BAR2);
	EXPECT_EQ(f->nranges, 1);
	xt_cfg(d, WR, 0x04, 2, 0x2);
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY, XT_BAR0));
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				  XT_BAR0 + bar0 - 1));
	EXPECT(!fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				   XT_BAR0 + bar0));
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				  XT_BAR2 + bar2 - 1));
	EXPECT_EQ(f->nranges, 3);
	/* PVINFO magic through BAR0. */
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + GVT_PVINFO_OFFSET, 0, 8, 1,
			false, false), VGT_MAGIC);
	/* BAR0 moves (a 64-bit BAR: high dword too). */
	xt_cfg(d, WR, 0x10, 4, 0xd0000000);
	xt_cfg(d, WR, 0x14, 4, 0x1);
	EXPECT(!fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY, XT_BAR0));
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				  0x1d0000000ULL));
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + GVT_PVINFO_OFFSET, 0, 8, 1,
			false, false), ~0ULL);
	EXPECT_EQ(xt_io(d, 0, COPY, RD, 0x1d0000000ULL + GVT_PVINFO_OFFSET, 0,
			8, 1, false, false), VGT_MAGIC);
	/* Sizing with decoding on: all ones never maps a wrapping range. */
	xt_cfg(d, WR, 0x10, 4, 0xffffffff);
	xt_cfg(d, WR, 0x14, 4, 0xffffffff);
	EXPECT_EQ(xt_cfg(d, RD, 0x10, 4, 0) & ~0xfU, (u32)~(bar0 - 1));
	EXPECT(!d->bar[0].mapped);
	EXPECT_EQ(f->nranges, 2);
	/* Decoding off: both go. */
	xt_cfg(d, WR, 0x04, 2, 0);
	EXPECT_EQ(f->nranges, 1);
	EXPECT(!d->bar[1].mapped);
	xt_stop(&e);
}

/*
 * hvmloader's ASLS: the OpRegion appears there (reads of its signature
 * and VBT, writes kept in the guest's copy), follows a new ASLS, and is
 * not mapped for an ASLS that is no place for it.
 */
TEST(xen_ioreq_opregion_at_asls)
{
	const u64 asls = 0xfdffc000ULL;
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	u64 sig, n;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	xt_place_bars(d);
	n = f->nranges;
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls, 0, 8, 1, false, false), ~0ULL);
	xt_cfg(d, WR, 0xfc, 4, asls);
	EXPECT_EQ(f->nranges, n + 1);
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY, asls));
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				  asls + GVT_OPREGION_SIZE - 1));
	EXPECT(!fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY,
				   asls + GVT_OPREGION_SIZE));
	/* "IntelGraphicsMem", then "$VBT" at 0x400, in any access size */
	sig = xt_io(d, 0, COPY, RD, asls, 0, 8, 1, false, false);
	EXPECT(!memcmp(&sig, "IntelGra", 8));
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls + 8, 0, 8, 1, false, false),
		  *(const u64 *)"phicsMem");
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls + 0x400, 0, 4, 1, false, false),
		  *(const u32 *)"$VBT");
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls + 0x1fff, 0, 1, 1, false, false),
		  0);
	/* crossing its end: refused */
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls + 0x1ffc, 0, 8, 1, false, false),
		  ~0ULL);
	/* the guest's writes stay in its copy, and only there */
	xt_io(d, 0, COPY, WR, asls + 0x100, 0x1234, 4, 1, false, false);
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls + 0x100, 0, 4, 1, false, false),
		  0x1234);
	/* a new ASLS moves it */
	xt_cfg(d, WR, 0xfc, 4, 0xfd000000);
	EXPECT(!fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY, asls));
	EXPECT(fake_xen_range_has(1, XENGT_DMOP_IO_RANGE_MEMORY, 0xfd000000));
	EXPECT_EQ(xt_io(d, 0, COPY, RD, 0xfd000100, 0, 4, 1, false, false),
		  0x1234);
	/* no place for it: unaligned, wrapping, over BAR0, 0 */
	xt_cfg(d, WR, 0xfc, 4, asls + 4);
	EXPECT_EQ(f->nranges, n);
	xt_cfg(d, WR, 0xfc, 4, 0xfffff000);
	EXPECT_EQ(f->nranges, n);
	xt_cfg(d, WR, 0xfc, 4, (u32)XT_BAR0 + 0x1000);
	EXPECT_EQ(f->nranges, n);
	xt_cfg(d, WR, 0xfc, 4, asls);
	EXPECT_EQ(f->nranges, n + 1);
	xt_cfg(d, WR, 0xfc, 4, 0);
	EXPECT_EQ(f->nranges, n);
	EXPECT_EQ(xt_io(d, 0, COPY, RD, asls, 0, 4, 1, false, false), ~0ULL);
	xt_stop(&e);
}

TEST(xen_ioreq_mmio_sizes)
{
	static const u32 sizes[] = { 1, 2, 4, 8 };
	struct xengt_dom *d;
	unsigned int i;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	xt_place_bars(d);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u64 val = 0x1122334455667788ULL & (sizes[i] == 8 ? ~0ULL :
			  ((1ULL << (8 * sizes[i])) - 1));
		u64 off = REG_PLAIN + 0x10 * i;

		xt_io(d, 0, COPY, WR, XT_BAR0 + off, val, sizes[i], 1, false,
		      false);
		EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + off, 0, sizes[i], 1,
				false, false), val);
	}
	/* Sizes the bus has not. */
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + REG_PLAIN, 0, 3, 1, false,
			false), ~0ULL);
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + REG_PLAIN, 0, 16, 1, false,
			false), ~0ULL);
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + REG_PLAIN, 0, 0, 1, false,
			false), ~0ULL);
	/* Crossing the end of BAR0. */
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR0 + (16 << 20) - 4, 0, 8, 1,
			false, false), ~0ULL);
	/*
	 * The aperture, inside the vGPU's slice, where no guest page is
	 * mapped yet: the core answers for the scratch page itself (reads
	 * 0, writes dropped) without calling the host.
	 */
	e.t.host.aperture_rw_calls = 0;
	EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR2 + d->bar[1].size / 2, 0, 4, 1,
			false, false), ~0ULL);
	{
		struct gvt_vgpu_resources res;

		gvt_vgpu_get_resources(d->vgpu, &res);
		EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR2 + res.low_gm_base, 0,
				4, 1, false, false), 0);
		xt_io(d, 0, COPY, WR, XT_BAR2 + res.low_gm_base, 5, 4, 1,
		      false, false);
		EXPECT_EQ(xt_io(d, 0, COPY, RD, XT_BAR2 + res.low_gm_base, 0,
				4, 1, false, false), 0);
	}
	EXPECT_EQ(e.t.host.aperture_rw_calls, 0);
	/* Nowhere: all ones. */
	EXPECT_EQ(xt_io(d, 0, COPY, RD, 0x1000, 0, 4, 1, false, false),
		  ~0ULL);
	xt_stop(&e);
}

TEST(xen_ioreq_rep_ptr_df)
{
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	unsigned int i;
	u32 *src, *dst;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	xt_place_bars(d);
	src = (u32 *)(f->ram + 0x1000);
	dst = (u32 *)(f->ram + 0x2000);
	for (i = 0; i < 4; i++)
		src[i] = 0xa0000000 + i;
	/* rep movsd to the registers, upwards. */
	fake_xen_allow(0x1000, 0x100f);
	xt_io(d, 0, COPY, WR, XT_BAR0 + REG_PLAIN, 0x1000, 4, 4, true, false);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(reg_rd(d, REG_PLAIN + 4 * i), 0xa0000000 + i);
	/* And back, downwards (df): element i at addr - 4i, data - 4i. */
	fake_xen_allow(0x2000, 0x200f);
	xt_io(d, 0, COPY, RD, XT_BAR0 + REG_PLAIN + 12, 0x200c, 4, 4, true,
	      true);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(dst[i], 0xa0000000 + i);
	/* Downwards writes of 8 bytes. */
	memset(dst, 0x5a, 16);
	fake_xen_allow(0x2000, 0x200f);
	xt_io(d, 0, COPY, WR, XT_BAR0 + REG_PLAIN + 0x108, 0x2008, 8, 2, true,
	      true);
	EXPECT_EQ(reg_rd(d, REG_PLAIN + 0x100), 0x5a5a5a5a);
	EXPECT_EQ(reg_rd(d, REG_PLAIN + 0x10c), 0x5a5a5a5a);
	fake_xen_allow_none();
	EXPECT_EQ(fake_xen.violations, 0);
	EXPECT_EQ(d->stats.errors, 0);
	xt_stop(&e);
}

TEST(xen_ioreq_hostile)
{
	struct xengt_dom *d;
	unsigned long rw;
	struct xt e;

	xt_start(&e, 2);
	d = xt_create(&e, 1);
	xt_place_bars(d);
	rw = fake_xen.rw_calls;
	/* A huge count: refused before any guest memory is read. */
	xt_io(d, 0, COPY, WR, XT_BAR0, 0x1000, 4, 0xffffffff, true, false);
	xt_io(d, 0, COPY, WR, XT_BAR0, 0x1000, 8, XENGT_MAX_REP_BYTES / 8 + 1,
	      true, false);
	/* A count without a pointer. */
	xt_io(d, 0, COPY, WR, XT_BAR0, 1, 4, 2, false, false);
	/* No count. */
	xt_io(d, 0, COPY, WR, XT_BAR0, 1, 4, 0, false, false);
	/* df below address 0, a data pointer wrapping. */
	xt_io(d, 0, COPY, WR, 8, 0x1000, 4, 4, true, true);
	xt_io(d, 0, COPY, WR, XT_BAR0, ~0ULL - 4, 4, 4, true, false);
	xt_io(d, 0, COPY, RD, XT_BAR0, 8, 4, 4, true, true);
	/* An address wrapping. */
	xt_io(d, 0, COPY, RD, ~0ULL - 4, 0x1000, 4, 4, true, false);
	EXPECT_EQ(fake_xen.rw_calls, rw);
	/* A pointer outside guest RAM: the error reaches the guest. */
	xt_io(d, 0, COPY, WR, XT_BAR0 + REG_PLAIN, 1ULL << 40, 4, 1, true,
	      false);
	xt_io(d, 0, COPY, RD, XT_BAR0 + REG_PLAIN, 1ULL << 40, 4, 2, true,
	      false);
	/* A rep partly outside BAR0. */
	xt_io(d, 0, COPY, RD, XT_BAR0 + (16 << 20) - 8, 0x1000, 4, 4, true,
	      false);
	EXPECT_EQ(d->stats.errors, 11);
	/* PIO (no port range is mapped) and unknown types. */
	EXPECT_EQ(xt_io(d, 1, XENGT_IOREQ_TYPE_PIO, RD, 0x3c0, 0, 1, 1, false,
			false), ~0ULL);
	EXPECT_EQ(xt_io(d, 1, 5, RD, 0, 0, 4, 1, false, false), ~0ULL);
	EXPECT_EQ(xt_io(d, 1, 0xff, WR, 0, 0, 4, 1, false, false), 0);
	EXPECT_EQ(d->stats.errors, 14);
	/* Acknowledged and ignored. */
	xt_io(d, 1, XENGT_IOREQ_TYPE_INVALIDATE, WR, 0, 0, 0, 0, false, false);
	xt_io(d, 1, XENGT_IOREQ_TYPE_TIMEOFFSET, WR, 0, 123, 8, 1, false,
	      false);
	EXPECT_EQ(d->stats.ignored, 2);
	EXPECT_EQ(d->stats.errors, 14);
	/* The other vCPU's slot is untouched by all this. */
	EXPECT_EQ(fake_xen_state(1, 0), XENGT_STATE_IORESP_READY);
	xt_stop(&e);
}

TEST(xen_ioreq_states)
{
	static const u8 not_ready[] = {
		XENGT_STATE_IOREQ_NONE, XENGT_STATE_IOREQ_INPROCESS,
		XENGT_STATE_IORESP_READY, 0xf,
	};
	struct xengt_ioreq *slot;
	struct xengt_dom *d;
	unsigned int i;
	struct xt e;

	xt_start(&e, 2);
	d = xt_create(&e, 1);
	slot = &fake_xen_dom(1)->iopage.vcpu_ioreq[0];
	for (i = 0; i < ARRAY_SIZE(not_ready); i++) {
		fake_xen_post(1, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, RD, XT_CFG(0),
			      0x77, 2, 1, false, false);
		slot->flags = (slot->flags & ~XENGT_IOREQ_F_STATE) |
			      not_ready[i];
		EXPECT(!xengt_ioreq_handle(d, 0));
		EXPECT_EQ(slot->flags & XENGT_IOREQ_F_STATE, not_ready[i]);
		EXPECT_EQ(slot->data, 0x77);
	}
	EXPECT_EQ(fake_xen_dom(1)->notified[0], 0);
	/* The flags Xen set survive the answer. */
	xt_io(d, 0, XENGT_IOREQ_TYPE_PCI_CONFIG, RD, XT_CFG(0), 0, 2, 1, false,
	      false);
	EXPECT_EQ(slot->flags & ~XENGT_IOREQ_F_STATE, XENGT_IOREQ_F_DIR);
	EXPECT_EQ(slot->type, XENGT_IOREQ_TYPE_PCI_CONFIG);
	/* vCPUs the domain has not. */
	EXPECT(!xengt_ioreq_handle(d, 2));
	EXPECT(!xengt_ioreq_handle(d, XENGT_MAX_VCPUS));
	EXPECT(!xengt_ioreq_handle(d, ~0U));
	/* Answered once: a second kick finds nothing. */
	EXPECT(!xengt_ioreq_handle(d, 0));
	EXPECT_EQ(fake_xen_dom(1)->notified[0], 1);
	xt_stop(&e);
}

TEST(xen_ioreq_tracked_pages)
{
	const struct gvt_hv_ops *hv;
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	u64 val;
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	hv = d->vgpu->hv;
	ASSERT(hv && hv->track_page);
	mutex_lock(&d->vgpu->lock);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 3, true), 0);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 4, true), 0);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 4, true), -EEXIST);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 1000, true), -EINVAL);
	mutex_unlock(&d->vgpu->lock);
	EXPECT_EQ(f->mem_type[3], XENGT_HVMMEM_ioreq_server);
	EXPECT_EQ(d->ntracked, 2);
	/* A guest write to a tracked page reaches guest memory. */
	fake_xen_allow(0x3010, 0x3017);
	xt_io(d, 0, COPY, WR, 0x3010, 0x1122334455667788ULL, 8, 1, false,
	      false);
	memcpy(&val, f->ram + 0x3010, 8);
	EXPECT_EQ(val, 0x1122334455667788ULL);
	/* Across two tracked pages. */
	fake_xen_allow(0x3ffc, 0x4003);
	xt_io(d, 0, COPY, WR, 0x3ffc, 0xa1a2a3a4b1b2b3b4ULL, 8, 1, false,
	      false);
	memcpy(&val, f->ram + 0x3ffc, 8);
	EXPECT_EQ(val, 0xa1a2a3a4b1b2b3b4ULL);
	/* rep stos-like writes from guest memory into the tracked page. */
	memset(f->ram + 0x5000, 0xcd, 16);
	fake_xen_allow2(0x5000, 0x500f, 0x3100, 0x310f);
	xt_io(d, 0, COPY, WR, 0x3100, 0x5000, 4, 4, true, false);
	EXPECT_EQ(f->ram[0x310f], 0xcd);
	EXPECT_EQ(d->stats.page_writes, 6);
	/* Untracked RAM and a page partly tracked: refused, untouched. */
	fake_xen_allow_none();
	EXPECT_EQ(xt_io(d, 0, COPY, RD, 0x6000, 0, 4, 1, false, false),
		  ~0ULL);
	xt_io(d, 0, COPY, WR, 0x6000, 0xff, 1, 1, false, false);
	EXPECT_EQ(f->ram[0x6000], 0);
	xt_io(d, 0, COPY, WR, 0x4ffc, 0xffffffffffffffffULL, 8, 1, false,
	      false);
	EXPECT_EQ(f->ram[0x4ffc], 0);
	EXPECT_EQ(d->stats.errors, 3);
	EXPECT_EQ(fake_xen.violations, 0);
	/* Release one; the other goes at teardown. */
	mutex_lock(&d->vgpu->lock);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 3, false), 0);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 3, false), -ENOENT);
	mutex_unlock(&d->vgpu->lock);
	EXPECT_EQ(f->mem_type[3], XENGT_HVMMEM_ram_rw);
	EXPECT_EQ(xt_write(&e, "-1\n"), 0);
	EXPECT_EQ(f->mem_type[4], XENGT_HVMMEM_ram_rw);
	xt_stop(&e);
}

TEST(xen_ioreq_no_tracking_without_the_type)
{
	const struct gvt_hv_ops *hv;
	struct xengt_dom *d;
	struct xt e;

	xt_start(&e, 1);
	fake_xen.fail_op = XENGT_DMOP_map_mem_type_to_ioreq_server;
	fake_xen.fail_errno = -EBUSY;
	d = xt_create(&e, 1);
	fake_xen.fail_op = 0;
	EXPECT(!d->claimed);
	hv = d->vgpu->hv;
	mutex_lock(&d->vgpu->lock);
	EXPECT_EQ(hv->track_page(d->vgpu->hv_priv, 3, true), -EOPNOTSUPP);
	mutex_unlock(&d->vgpu->lock);
	xt_stop(&e);
}

TEST(xen_ioreq_msi_and_guest_memory)
{
	const struct gvt_hv_ops *hv;
	struct fake_xen_dom *f;
	struct xengt_dom *d;
	u64 addr = 0;
	u8 buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct xt e;

	xt_start(&e, 1);
	d = xt_create(&e, 1);
	f = fake_xen_dom(1);
	hv = d->vgpu->hv;
	mutex_lock(&d->vgpu->lock);
	EXPECT_EQ(hv->inject_msi(d->vgpu->hv_priv, 0xfee00000, 0x4021), 0);
	EXPECT_EQ(hv->pin_gfn(d->vgpu->hv_priv, 5, &addr), 0);
	EXPECT_EQ(f->pins[5], 1);
	hv->unpin_gfn(d->vgpu->hv_priv, 5);
	EXPECT_EQ(hv->rw_gpa(d->vgpu->hv_priv, 0x7ffc, buf, 8, true), 0);
	EXPECT_EQ(hv->rw_gpa(d->vgpu->hv_priv, 64 * 4096 - 4, buf, 8, true),
		  -EFAULT);
	mutex_unlock(&d->vgpu->lock);
	EXPECT_EQ(f->msis, 1);
	EXPECT_EQ(f->msi_addr, 0xfee00000);
	EXPECT_EQ(f->msi_data, 0x4021);
	EXPECT_EQ(f->pins[5], 0);
	EXPECT_EQ(f->ram[0x8003], 8);
	xt_stop(&e);
}
