// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of GGTT emulation and the aperture (Documentation/gpu/gvt/mmio.rst,
 * "GGTT", "Aperture (BAR2)", "Failsafe and reset"), with the fake
 * hypervisor: every pin is matched by exactly one unpin, and the host GGTT
 * maps exactly the guest pages the guest's entries name.
 */
#include <stdio.h>

#include "gvt_test.h"

#define NFRAMES		64
#define G(k)		MTEST_GFN(k)

/* The host entry that maps guest frame @gfn of @m's guest. */
static u64 hpte(const struct mtest *m, u64 gfn)
{
	return fake_hv_addr(&m->hv, gfn) | 1;
}

static u64 host_entry(const struct mtest *m, u64 i)
{
	return m->t.host.ggtt[i];
}

static void ggtt_wr32(struct gvt_vgpu *v, u64 i, bool high, u32 val)
{
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * i + (high ? 4 : 0), 4, val);
}

static void mtest_ggtt(struct mtest *m)
{
	mtest_init(m, 256, 4096, "GVTg_V5_8", 0, NFRAMES);
}

TEST(ggtt_write_pins_and_maps)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, H, nl, nh, pte;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	nl = PAGES(m.res.low_gm_size);
	nh = PAGES(m.res.high_gm_size);
	EXPECT(fake_host_ggtt_is(&m.t.host, L, nl, FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(&m.t.host, H, nh, FAKE_SCRATCH_PTE));
	EXPECT_EQ(ggtt_rd(v, L), 0);

	ggtt_wr(v, L, GPTE(G(5)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(5)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 1);
	EXPECT_EQ(ggtt_rd(v, L), GPTE(G(5)));
	EXPECT_EQ(mmio_rd(v, GVT_GGTT_OFFSET + 8 * L, 4), (u32)GPTE(G(5)));
	EXPECT_EQ(mmio_rd(v, GVT_GGTT_OFFSET + 8 * L + 4, 4),
		  GPTE(G(5)) >> 32);
	/* Flag bits are the guest's business; the host entry is addr | 1. */
	pte = BIT_ULL(62) | BIT_ULL(52) | (G(7) << 12) | 0x80 | 0x2 | 1;
	ggtt_wr(v, L + 1, pte);
	EXPECT_EQ(host_entry(&m, L + 1), hpte(&m, G(7)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(7)), 1);
	EXPECT_EQ(ggtt_rd(v, L + 1), pte);
	/* Bit 46 is not part of the frame number. */
	ggtt_wr(v, L + 2, BIT_ULL(46) | GPTE(G(8)));
	EXPECT_EQ(host_entry(&m, L + 2), hpte(&m, G(8)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(8)), 1);
	/* The last aperture entry, the first and last hidden ones. */
	ggtt_wr(v, L + nl - 1, GPTE(G(9)));
	ggtt_wr(v, H, GPTE(G(10)));
	ggtt_wr(v, H + nh - 1, GPTE(G(11)));
	EXPECT_EQ(host_entry(&m, L + nl - 1), hpte(&m, G(9)));
	EXPECT_EQ(host_entry(&m, H), hpte(&m, G(10)));
	EXPECT_EQ(host_entry(&m, H + nh - 1), hpte(&m, G(11)));
	EXPECT_EQ(ggtt_rd(v, H + nh - 1), GPTE(G(11)));
	EXPECT_EQ(fake_hv_pinned(&m.hv), 6);
	EXPECT_EQ(m.hv.pin_calls, 6);
	/* Neighbours stay on scratch. */
	EXPECT(fake_host_ggtt_is(&m.t.host, L + 3, nl - 4, FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(&m.t.host, H + 1, nh - 2, FAKE_SCRATCH_PTE));
	mtest_fini(&m);
}

TEST(ggtt_rewrite_pins_new_before_unpinning_old)
{
	unsigned long pins, unpins, writes;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(5)));
	fake_hv_log_reset(&m.hv);
	ggtt_wr(v, L, GPTE(G(6)));
	ASSERT_EQ(m.hv.nlog, 2);
	EXPECT_EQ(m.hv.log[0].kind, FAKE_HV_PIN);
	EXPECT_EQ(m.hv.log[0].gfn, G(6));
	EXPECT_EQ(m.hv.log[1].kind, FAKE_HV_UNPIN);
	EXPECT_EQ(m.hv.log[1].gfn, G(5));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 0);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(6)), 1);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(6)));
	/* Rewriting the current value costs nothing. */
	pins = m.hv.pin_calls;
	unpins = m.hv.unpin_calls;
	writes = m.t.host.ggtt_write_calls + m.t.host.ggtt_clear_calls;
	ggtt_wr(v, L, GPTE(G(6)));
	EXPECT_EQ(m.hv.pin_calls, pins);
	EXPECT_EQ(m.hv.unpin_calls, unpins);
	EXPECT_EQ(m.t.host.ggtt_write_calls + m.t.host.ggtt_clear_calls,
		  writes);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(6)));
	/* Two entries on one frame hold two pins. */
	ggtt_wr(v, L + 1, GPTE(G(6)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(6)), 2);
	ggtt_wr(v, L + 1, GPTE(G(6)) | 0x2);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(6)), 2);
	EXPECT_EQ(host_entry(&m, L + 1), hpte(&m, G(6)));
	EXPECT_EQ(ggtt_rd(v, L + 1), GPTE(G(6)) | 0x2);
	ggtt_wr(v, L, GPTE(G(7)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(6)), 1);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

TEST(ggtt_not_present_maps_scratch)
{
	unsigned long pins;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(5)));
	pins = m.hv.pin_calls;
	ggtt_wr(v, L, G(5) << 12);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 0);
	EXPECT_EQ(ggtt_rd(v, L), G(5) << 12);
	ggtt_wr(v, L, 0);
	ggtt_wr(v, L + 1, 0xfffffffffffffffeULL);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_entry(&m, L + 1), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L + 1), 0xfffffffffffffffeULL);
	EXPECT_EQ(m.hv.pin_calls, pins);
	mtest_fini(&m);
}

TEST(ggtt_pin_failure_maps_scratch)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(5)));
	m.hv.fail_gfn = G(9);
	ggtt_wr(v, L, GPTE(G(9)));
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L), GPTE(G(9)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 0);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	/* Frames the guest does not have. */
	ggtt_wr(v, L + 1, GPTE(G(NFRAMES)));
	ggtt_wr(v, L + 2, GPTE(0));
	ggtt_wr(v, L + 3, BIT_ULL(45) | GPTE(G(1)));
	EXPECT_EQ(host_entry(&m, L + 1), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_entry(&m, L + 2), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_entry(&m, L + 3), FAKE_SCRATCH_PTE);
	/* Every pin failing. */
	m.hv.fail_gfn = FAKE_HV_NO_FAIL;
	ggtt_wr(v, L + 4, GPTE(G(4)));
	m.hv.fail_all = true;
	ggtt_wr(v, L + 4, GPTE(G(3)));
	EXPECT_EQ(host_entry(&m, L + 4), FAKE_SCRATCH_PTE);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	EXPECT_EQ(m.hv.pin_errors, 5);
	m.hv.fail_all = false;
	mtest_fini(&m);
}

TEST(ggtt_pin_failure_then_rewrite_maps)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	m.hv.fail_gfn = G(9);
	ggtt_wr(v, L, GPTE(G(9)));
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	m.hv.fail_gfn = FAKE_HV_NO_FAIL;
	/* The entry is not applied: writing the same value applies it. */
	ggtt_wr(v, L, GPTE(G(9)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(9)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(9)), 1);
	mtest_fini(&m);
}

TEST(ggtt_without_hv_maps_scratch)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(5)));
	EXPECT_EQ(ggtt_rd(v, L), GPTE(G(5)));
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	ggtt_wr32(v, L + 1, false, (u32)GPTE(G(5)));
	ggtt_wr32(v, L + 1, true, GPTE(G(5)) >> 32);
	EXPECT_EQ(host_entry(&m, L + 1), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L + 1), GPTE(G(5)));
	gvt_vgpu_unmap_gfns(v, G(0), NFRAMES);
	gvt_vgpu_detach_hv(v);
	EXPECT_EQ(ggtt_rd(v, L), GPTE(G(5)));
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	mtest_fini(&m);
}

TEST(ggtt_attach_after_write_then_rewrite_maps)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(5)));
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	fake_hv_init(&m.hv, &m.t.host, 0, MTEST_GFN_BASE, NFRAMES);
	fake_hv_attach(&m.hv, v);
	ggtt_wr(v, L, GPTE(G(5)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(5)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 1);
	mtest_fini(&m);
}

TEST(ggtt_outside_slices_dropped)
{
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v, *v2;
	struct mtest m;
	unsigned int i;
	u64 L, H, calls;

	mtest_ggtt(&m);
	v = m.v;
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	{
		const u64 out[] = {
			0, 1, L - 1, L + PAGES(m.res.low_gm_size),
			H - 1, H + PAGES(m.res.high_gm_size),
			PAGES(r2.low_gm_base), PAGES(r2.high_gm_base),
			PAGES(m.t.host.info.aperture_size),
			PAGES(GVT_HOST_LOW_GM_SIZE) - 1,
			m.t.host.ggtt_entries - 1,
		};

		fake_host_fill_garbage(&m.t.host);
		calls = fake_host_calls(&m.t.host);
		for (i = 0; i < ARRAY_SIZE(out); i++) {
			ggtt_wr(v, out[i], GPTE(G(1)));
			EXPECT_EQ(ggtt_rd(v, out[i]), 0);
			ggtt_wr32(v, out[i], false, (u32)GPTE(G(2)));
			ggtt_wr32(v, out[i], true, GPTE(G(2)) >> 32);
			EXPECT_EQ(ggtt_rd(v, out[i]), 0);
			EXPECT_EQ(mmio_rd(v, GVT_GGTT_OFFSET + 8 * out[i] + 4,
					  4), 0);
			EXPECT(fake_host_ggtt_is_garbage(&m.t.host, out[i], 1));
		}
		EXPECT_EQ(fake_host_calls(&m.t.host), calls);
		EXPECT_EQ(m.hv.pin_calls, 0);
		EXPECT_EQ(ggtt_rd(v2, PAGES(r2.low_gm_base)), 0);
		EXPECT_EQ(ggtt_rd(v2, PAGES(r2.high_gm_base)), 0);
	}
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

TEST(ggtt_4byte_halves)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, p5, p6, p7;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	p5 = GPTE(G(5));
	p6 = GPTE(G(6));
	p7 = GPTE(G(7));
	ASSERT(p5 >> 32);	/* both halves matter */
	/* Low, then high. */
	ggtt_wr32(v, L, false, (u32)p5);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L), (u32)p5);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	ggtt_wr32(v, L, true, p5 >> 32);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(5)));
	EXPECT_EQ(ggtt_rd(v, L), p5);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 1);
	/* High, then low; reads in between do not matter. */
	ggtt_wr32(v, L + 1, true, p6 >> 32);
	EXPECT_EQ(host_entry(&m, L + 1), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L + 1), p6 & ~0xffffffffULL);
	ggtt_wr32(v, L + 1, false, (u32)p6);
	EXPECT_EQ(host_entry(&m, L + 1), hpte(&m, G(6)));
	/* A half over an applied entry: scratch until the other half. */
	ggtt_wr32(v, L, false, (u32)p7);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L), p7);	/* same high dword */
	ggtt_wr32(v, L, true, p7 >> 32);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(7)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(5)), 0);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(7)), 1);
	/* Interleaved entries: only a half followed by its pair applies. */
	ggtt_wr32(v, L + 2, false, (u32)p5);
	ggtt_wr32(v, L + 3, false, (u32)p6);
	ggtt_wr32(v, L + 3, true, p6 >> 32);
	EXPECT_EQ(host_entry(&m, L + 3), hpte(&m, G(6)));
	EXPECT_EQ(host_entry(&m, L + 2), FAKE_SCRATCH_PTE);
	ggtt_wr32(v, L + 2, true, p5 >> 32);
	EXPECT_EQ(host_entry(&m, L + 2), FAKE_SCRATCH_PTE);
	EXPECT_EQ(ggtt_rd(v, L + 2), p5);
	ggtt_wr32(v, L + 2, false, (u32)p5);
	EXPECT_EQ(host_entry(&m, L + 2), hpte(&m, G(5)));
	/* An 8-byte write after a pending half applies at once. */
	ggtt_wr32(v, L + 4, false, (u32)p7);
	ggtt_wr(v, L + 4, p6);
	EXPECT_EQ(host_entry(&m, L + 4), hpte(&m, G(6)));
	EXPECT_EQ(ggtt_rd(v, L + 4), p6);
	/* Hidden range too. */
	ggtt_wr32(v, mtest_high_entry(&m), false, (u32)p7);
	ggtt_wr32(v, mtest_high_entry(&m), true, p7 >> 32);
	EXPECT_EQ(host_entry(&m, mtest_high_entry(&m)), hpte(&m, G(7)));
	EXPECT_EQ(fake_hv_pinned(&m.hv), 6);
	mtest_fini(&m);
}

TEST(ggtt_unmap_gfns)
{
	static const unsigned int frame[] = { 0, 1, 1, 2, 5, 3 };
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u64 e[6];

	mtest_ggtt(&m);
	v = m.v;
	for (i = 0; i < 5; i++)
		e[i] = mtest_low_entry(&m) + 10 * i;
	e[5] = mtest_high_entry(&m) + 7;
	for (i = 0; i < 6; i++)
		ggtt_wr(v, e[i], GPTE(G(frame[i])));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(1)), 2);
	fake_hv_log_reset(&m.hv);
	gvt_vgpu_unmap_gfns(v, G(1), 2);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	/* Exactly the pins of frames 1 and 2 were dropped. */
	EXPECT_EQ(m.hv.nlog, 3);
	for (i = 0; i < m.hv.nlog && i < FAKE_LOG_SIZE; i++) {
		EXPECT_EQ(m.hv.log[i].kind, FAKE_HV_UNPIN);
		EXPECT(m.hv.log[i].gfn == G(1) || m.hv.log[i].gfn == G(2));
	}
	EXPECT_EQ(fake_hv_pins(&m.hv, G(1)), 0);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(2)), 0);
	for (i = 0; i < 6; i++) {
		bool gone = frame[i] == 1 || frame[i] == 2;

		EXPECT_EQ(host_entry(&m, e[i]), gone ? FAKE_SCRATCH_PTE :
			  hpte(&m, G(frame[i])));
		EXPECT_EQ(ggtt_rd(v, e[i]), GPTE(G(frame[i])));
		if (!gone)
			EXPECT_EQ(fake_hv_pins(&m.hv, G(frame[i])), 1);
	}
	/* Ranges with nothing mapped cost nothing. */
	fake_hv_log_reset(&m.hv);
	gvt_vgpu_unmap_gfns(v, G(1), 2);
	gvt_vgpu_unmap_gfns(v, G(6), 50);
	gvt_vgpu_unmap_gfns(v, G(0), 0);
	gvt_vgpu_unmap_gfns(v, 0, G(0));
	EXPECT_EQ(m.hv.nlog, 0);
	/* Writing the entry again maps it again. */
	ggtt_wr(v, e[1], GPTE(G(1)));
	EXPECT_EQ(host_entry(&m, e[1]), hpte(&m, G(1)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(1)), 1);
	/* The whole guest. */
	gvt_vgpu_unmap_gfns(v, G(0), NFRAMES);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(host_entry(&m, e[i]), FAKE_SCRATCH_PTE);
	EXPECT_EQ(m.t.host.bad_calls, 0);
	mtest_fini(&m);
}

TEST(ggtt_detach_hv_unpins_all)
{
	unsigned long pins;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u64 L, H;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	for (i = 0; i < 40; i++) {
		ggtt_wr(v, L + i, GPTE(G(i % 16)));
		ggtt_wr(v, H + i, GPTE(G(i % 7)));
	}
	EXPECT_EQ(fake_hv_pinned(&m.hv), 80);
	fake_hv_detach(&m.hv);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	EXPECT(fake_hv_balanced(&m.hv));
	EXPECT(fake_host_ggtt_is(&m.t.host, L, 40, FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(&m.t.host, H, 40, FAKE_SCRATCH_PTE));
	for (i = 0; i < 40; i++)
		EXPECT_EQ(ggtt_rd(v, L + i), GPTE(G(i % 16)));
	/* Detached: writes map scratch, the hypervisor is not called. */
	pins = m.hv.pin_calls;
	ggtt_wr(v, L + 100, GPTE(G(1)));
	ggtt_wr(v, L, GPTE(G(2)));
	EXPECT_EQ(host_entry(&m, L + 100), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(m.hv.pin_calls, pins);
	gvt_vgpu_detach_hv(v);	/* twice is harmless */
	/* Attached again: writes pin again. */
	fake_hv_attach(&m.hv, v);
	ggtt_wr(v, L + 1, GPTE(G(3)));
	EXPECT_EQ(host_entry(&m, L + 1), hpte(&m, G(3)));
	EXPECT_EQ(fake_hv_pinned(&m.hv), 1);
	EXPECT_EQ(m.hv.bad_calls, 0);
	mtest_fini(&m);
}

TEST(ggtt_reset_unpins_and_zeroes)
{
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;
	u64 L, H;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	for (i = 0; i < 20; i++) {
		ggtt_wr(v, L + 3 * i, GPTE(G(i)));
		ggtt_wr(v, H + 5 * i, GPTE(G(i)));
	}
	/* A pending half is forgotten too. */
	ggtt_wr32(v, L + 200, false, (u32)GPTE(G(30)));
	gvt_vgpu_reset(v);
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	EXPECT_EQ(m.hv.unpin_calls, 40);
	for (i = 0; i < 20; i++) {
		EXPECT_EQ(ggtt_rd(v, L + 3 * i), 0);
		EXPECT_EQ(ggtt_rd(v, H + 5 * i), 0);
	}
	EXPECT_EQ(ggtt_rd(v, L + 200), 0);
	EXPECT(fake_host_ggtt_is(&m.t.host, L, PAGES(m.res.low_gm_size),
				 FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(&m.t.host, H, PAGES(m.res.high_gm_size),
				 FAKE_SCRATCH_PTE));
	/* The hypervisor stays attached. */
	ggtt_wr32(v, L + 200, true, GPTE(G(30)) >> 32);
	EXPECT_EQ(host_entry(&m, L + 200), FAKE_SCRATCH_PTE);
	ggtt_wr(v, L, GPTE(G(4)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(4)));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(4)), 1);
	mtest_fini(&m);
}

TEST(ggtt_destroy_unpins_everything)
{
	struct gvt_vgpu_resources res;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 i, L, H;

	mtest_ggtt(&m);
	v = m.v;
	res = m.res;
	L = mtest_low_entry(&m);
	H = mtest_high_entry(&m);
	for (i = 0; i < 300; i++) {
		ggtt_wr(v, L + 50 * i % PAGES(res.low_gm_size),
			GPTE(G(i % NFRAMES)));
		ggtt_wr(v, H + 301 * i % PAGES(res.high_gm_size),
			GPTE(G((i * 7) % NFRAMES)));
	}
	ggtt_wr32(v, L + 1, false, (u32)GPTE(G(1)));
	gvt_vgpu_destroy(v);
	m.v = NULL;
	EXPECT(fake_host_ggtt_is(&m.t.host, L, PAGES(res.low_gm_size),
				 FAKE_SCRATCH_PTE));
	EXPECT(fake_host_ggtt_is(&m.t.host, H, PAGES(res.high_gm_size),
				 FAKE_SCRATCH_PTE));
	fake_hv_forget(&m.hv);
	EXPECT(fake_hv_balanced(&m.hv));
	mtest_fini(&m);
}

TEST(ggtt_whole_partition_rewrite)
{
	unsigned long pins, writes;
	struct gvt_vgpu *v;
	struct mtest m;
	u64 i, L, n;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	n = PAGES(m.res.low_gm_size);
	for (i = 0; i < n; i++)
		ggtt_wr(v, L + i, GPTE(G(i % NFRAMES)));
	EXPECT_EQ(fake_hv_pinned(&m.hv), n);
	pins = m.hv.pin_calls;
	writes = m.t.host.ggtt_write_calls;
	for (i = 0; i < n; i++)
		ggtt_wr(v, L + i, GPTE(G(i % NFRAMES)));
	EXPECT_EQ(m.hv.pin_calls, pins);
	EXPECT_EQ(m.t.host.ggtt_write_calls, writes);
	EXPECT_EQ(fake_hv_pinned(&m.hv), n);
	for (i = 0; i < n; i += 997)
		EXPECT_EQ(host_entry(&m, L + i), hpte(&m, G(i % NFRAMES)));
	mtest_fini(&m);
}

TEST(ggtt_two_vgpus_isolated)
{
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v2;
	struct fake_hv hv2;
	struct mtest m;
	u64 L, L2;

	mtest_ggtt(&m);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	fake_hv_init(&hv2, &m.t.host, NFRAMES, MTEST_GFN_BASE, NFRAMES);
	fake_hv_attach(&hv2, v2);
	L = mtest_low_entry(&m);
	L2 = PAGES(r2.low_gm_base);
	/* The same guest frame number, different host pages. */
	ggtt_wr(m.v, L, GPTE(G(3)));
	ggtt_wr(v2, L2, GPTE(G(3)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(3)));
	EXPECT_EQ(host_entry(&m, L2), fake_hv_addr(&hv2, G(3)) | 1);
	EXPECT(host_entry(&m, L) != host_entry(&m, L2));
	EXPECT_EQ(fake_hv_pins(&m.hv, G(3)), 1);
	EXPECT_EQ(fake_hv_pins(&hv2, G(3)), 1);
	/* Neither reaches the other's entries. */
	ggtt_wr(m.v, L2, GPTE(G(4)));
	ggtt_wr(v2, L, GPTE(G(4)));
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(3)));
	EXPECT_EQ(host_entry(&m, L2), fake_hv_addr(&hv2, G(3)) | 1);
	EXPECT_EQ(ggtt_rd(v2, L2), GPTE(G(3)));
	/* Unmapping and resetting one leaves the other alone. */
	gvt_vgpu_unmap_gfns(m.v, G(0), NFRAMES);
	EXPECT_EQ(host_entry(&m, L2), fake_hv_addr(&hv2, G(3)) | 1);
	EXPECT_EQ(fake_hv_pins(&hv2, G(3)), 1);
	ggtt_wr(m.v, L, GPTE(G(3)));
	gvt_vgpu_reset(v2);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(3)));
	ggtt_wr(v2, L2, GPTE(G(5)));
	gvt_vgpu_destroy(v2);
	fake_hv_forget(&hv2);
	EXPECT(fake_hv_balanced(&hv2));
	fake_hv_fini(&hv2);
	EXPECT_EQ(host_entry(&m, L), hpte(&m, G(3)));
	EXPECT_EQ(host_entry(&m, L2), FAKE_SCRATCH_PTE);
	EXPECT_EQ(fake_hv_pins(&m.hv, G(3)), 1);
	mtest_fini(&m);
}

TEST(ggtt_null_host_ops)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *v;
	struct fake_hv hv;
	struct tdev t;
	u64 L;

	fake_host_init(&t.host, 256, 4096, 32, false);
	gvt = tdev_start(&t, &fake_host_null_ops);
	v = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	fake_hv_init(&hv, &t.host, 0, MTEST_GFN_BASE, NFRAMES);
	fake_hv_attach(&hv, v);
	L = PAGES(v->low.start);
	ggtt_wr(v, L, GPTE(G(1)));
	ggtt_wr32(v, L + 1, false, (u32)GPTE(G(2)));
	ggtt_wr32(v, L + 1, true, GPTE(G(2)) >> 32);
	EXPECT_EQ(ggtt_rd(v, L), GPTE(G(1)));
	EXPECT_EQ(ggtt_rd(v, L + 1), GPTE(G(2)));
	gvt_vgpu_unmap_gfns(v, G(1), 1);
	gvt_vgpu_reset(v);
	ggtt_wr(v, L, GPTE(G(1)));
	gvt_vgpu_destroy(v);
	fake_hv_forget(&hv);
	EXPECT(fake_hv_balanced(&hv));
	fake_hv_fini(&hv);
	tdev_del(&t);
}

TEST(aperture_rw_reaches_guest_pages)
{
	u8 buf[16], zero[16] = { 0 };
	struct gvt_vgpu *v;
	unsigned long sw;
	struct mtest m;
	u64 L, base;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	base = m.res.low_gm_base;
	ggtt_wr(v, L, GPTE(G(3)));
	ggtt_wr(v, L + 1, GPTE(G(7)));
	/* A write across two pages lands in two guest frames. */
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 4096 - 4, "ABCDEFGH", 8,
				       true), 0);
	EXPECT(!memcmp(fake_hv_page(&m.hv, G(3)) + 4092, "ABCD", 4));
	EXPECT(!memcmp(fake_hv_page(&m.hv, G(7)), "EFGH", 4));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 4096 - 4, buf, 8, false), 0);
	EXPECT(!memcmp(buf, "ABCDEFGH", 8));
	/* The guest writes its memory; the aperture shows it. */
	memcpy(fake_hv_page(&m.hv, G(7)) + 100, "guest!", 6);
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 4096 + 100, buf, 6, false),
		  0);
	EXPECT(!memcmp(buf, "guest!", 6));
	/* Remapping the entry moves the window. */
	ggtt_wr(v, L + 1, GPTE(G(9)));
	memcpy(fake_hv_page(&m.hv, G(9)) + 100, "other!", 6);
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 4096 + 100, buf, 6, false),
		  0);
	EXPECT(!memcmp(buf, "other!", 6));
	/*
	 * An unmapped entry maps the scratch page, which every vGPU shares:
	 * the core drops the write and reads 0 without reaching the host.
	 */
	sw = m.t.host.scratch_writes;
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 2 * 4096, "lost", 4, true),
		  0);
	EXPECT_EQ(m.t.host.scratch_writes, sw);
	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + 2 * 4096, buf, 16, false), 0);
	EXPECT(!memcmp(buf, zero, 16));
	/* The last byte of the slice. */
	ggtt_wr(v, L + PAGES(m.res.low_gm_size) - 1, GPTE(G(11)));
	EXPECT_EQ(gvt_vgpu_aperture_rw(v, base + m.res.low_gm_size - 1, "Z",
				       1, true), 0);
	EXPECT_EQ(fake_hv_page(&m.hv, G(11))[4095], 'Z');
	EXPECT_EQ(gvt_shim_mutexes_held, 0);
	mtest_fini(&m);
}

TEST(aperture_rw_bounds)
{
	struct gvt_vgpu_resources r2;
	struct gvt_vgpu *v2;
	u64 base, end, calls;
	struct mtest m;
	unsigned int i;
	u8 buf[4096];

	mtest_ggtt(&m);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_8"));
	gvt_vgpu_get_resources(v2, &r2);
	base = m.res.low_gm_base;
	end = base + m.res.low_gm_size;
	{
		const struct {
			u64 off;
			unsigned int len;
		} bad[] = {
			{ base - 1, 1 }, { base - 4, 8 }, { end, 1 },
			{ end - 4, 8 }, { end - 1, 4096 }, { 0, 4 },
			{ GVT_HOST_LOW_GM_SIZE - 4, 4 },
			{ r2.low_gm_base, 4 }, { r2.low_gm_base - 1, 2 },
			{ m.res.high_gm_base, 4 },
			{ m.t.host.info.aperture_size, 4 },
			{ (1ULL << 32) + base, 4 }, { U64_MAX, 1 },
			{ U64_MAX - 3, 8 }, { (u64)-4096, 4096 },
		};

		calls = m.t.host.aperture_rw_calls;
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			memset(buf, 0, sizeof(buf));
			if (gvt_vgpu_aperture_rw(m.v, bad[i].off, buf,
						 bad[i].len, true) != -EINVAL)
				harness_fail(__FILE__, __LINE__, false,
					     "aperture write of %u at 0x%llx: not -EINVAL",
					     bad[i].len, bad[i].off);
			if (gvt_vgpu_aperture_rw(m.v, bad[i].off, buf,
						 bad[i].len, false) != -EINVAL)
				harness_fail(__FILE__, __LINE__, false,
					     "aperture read of %u at 0x%llx: not -EINVAL",
					     bad[i].len, bad[i].off);
		}
		EXPECT_EQ(m.t.host.aperture_rw_calls, calls);
	}
	/* Inside: the first and the last page, whole. */
	EXPECT_EQ(gvt_vgpu_aperture_rw(m.v, base, buf, 4096, false), 0);
	EXPECT_EQ(gvt_vgpu_aperture_rw(m.v, end - 4096, buf, 4096, true), 0);
	EXPECT_EQ(gvt_vgpu_aperture_rw(v2, r2.low_gm_base, buf, 4, false), 0);
	EXPECT_EQ(m.t.host.bad_calls, 0);
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);
}

TEST(reset_unpins_and_disables)
{
	struct gvt_vgpu *v;
	struct mtest m;
	u64 L, fence;

	mtest_ggtt(&m);
	v = m.v;
	L = mtest_low_entry(&m);
	ggtt_wr(v, L, GPTE(G(1)));
	ggtt_wr(v, L + 1, GPTE(G(1)));
	fence = fence_val(m.res.low_gm_base, m.res.low_gm_base, 0, true);
	fence_wr(v, 3, fence);
	ASSERT_EQ(m.t.host.fences[m.res.fences[3]], fence);
	wr32(v, PV_RSV5, 1);
	ASSERT(v->failsafe != GVT_FAILSAFE_NONE);
	gvt_vgpu_reset(v);
	EXPECT_EQ(v->failsafe, GVT_FAILSAFE_NONE);
	EXPECT_EQ(m.t.host.fences[m.res.fences[3]], 0);
	EXPECT_EQ(fence_rd(v, 3) & 1, 0);
	EXPECT_EQ(fake_hv_pinned(&m.hv), 0);
	EXPECT_EQ(ggtt_rd(v, L), 0);
	EXPECT_EQ(host_entry(&m, L), FAKE_SCRATCH_PTE);
	EXPECT_EQ(host_entry(&m, L + 1), FAKE_SCRATCH_PTE);
	EXPECT_EQ(m.t.host.bad_calls, 0);
	mtest_fini(&m);
}

TEST(allocfail_vgpu_create_with_mmio)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;
	struct fake_hv hv;
	unsigned long n;
	struct tdev t;
	long live;

	gvt = tdev_new(&t, 256, 4096, 32, true);
	for (n = 1; n < 64; n++) {
		live = gvt_shim_live_allocs;
		gvt_shim_fail_after(n);
		vgpu = gvt_vgpu_create(gvt, gvt_device_type(gvt, 0));
		gvt_shim_fail_after(0);
		if (!gvt_shim_fail_hit)
			break;
		EXPECT(IS_ERR(vgpu));
		if (!IS_ERR(vgpu)) {
			gvt_vgpu_destroy(vgpu);
			continue;
		}
		EXPECT_EQ(PTR_ERR(vgpu), -ENOMEM);
		EXPECT_EQ(gvt_shim_live_allocs, live);
		EXPECT_EQ(gvt->num_vgpus, 0);
	}
	ASSERT(n < 64);
	ASSERT(!IS_ERR(vgpu));
	/* The survivor is whole: registers, PVINFO, GGTT. */
	EXPECT_EQ(rd32(vgpu, REG_PLAIN), FAKE_SNAP(REG_PLAIN));
	EXPECT_EQ(mmio_rd(vgpu, PV_MAGIC, 8), VGT_MAGIC);
	fake_hv_init(&hv, &t.host, 0, MTEST_GFN_BASE, NFRAMES);
	fake_hv_attach(&hv, vgpu);
	ggtt_wr(vgpu, PAGES(vgpu->low.start), GPTE(G(1)));
	EXPECT_EQ(t.host.ggtt[PAGES(vgpu->low.start)],
		  fake_hv_addr(&hv, G(1)) | 1);
	gvt_vgpu_destroy(vgpu);
	fake_hv_forget(&hv);
	EXPECT(fake_hv_balanced(&hv));
	fake_hv_fini(&hv);
	EXPECT_EQ(t.host.bad_calls, 0);
	tdev_del(&t);
}

/*
 * A random walk over GGTT writes, unmaps, detach/attach and resets,
 * checked after every step against a model of mmio.rst: guest values,
 * host entries and the pin count of every frame.
 */
#define WALK_ENTRIES	16	/* 8 in the aperture, 8 in the hidden range */
#define WALK_FRAMES	12	/* frames 10, 11 do not exist in the guest */

struct ggtt_model {
	u64 index[WALK_ENTRIES];
	u64 gv[WALK_ENTRIES];
	bool applied[WALK_ENTRIES];
	bool attached;
};

static u64 walk_frame(u64 pte)
{
	return (pte >> 12) & (BIT_ULL(34) - 1);
}

static void model_apply(struct mtest *m, struct ggtt_model *g, unsigned int e)
{
	u64 f = walk_frame(g->gv[e]);

	g->applied[e] = (g->gv[e] & 1) && g->attached &&
			fake_hv_has(&m->hv, f) && f != m->hv.fail_gfn;
}

static void model_check(struct mtest *m, struct ggtt_model *g, u64 seed,
			unsigned int step)
{
	unsigned int pins[WALK_FRAMES] = { 0 };
	unsigned int e, k;
	u64 want;

	for (e = 0; e < WALK_ENTRIES; e++) {
		want = FAKE_SCRATCH_PTE;
		if (g->applied[e]) {
			want = hpte(m, walk_frame(g->gv[e]));
			pins[walk_frame(g->gv[e]) - G(0)]++;
		}
		if (host_entry(m, g->index[e]) != want ||
		    ggtt_rd(m->v, g->index[e]) != g->gv[e])
			FAIL("seed %llu step %u entry %u: host 0x%llx/0x%llx guest 0x%llx/0x%llx",
			     seed, step, e, host_entry(m, g->index[e]), want,
			     ggtt_rd(m->v, g->index[e]), g->gv[e]);
	}
	for (k = 0; k < WALK_FRAMES; k++)
		if (fake_hv_pins(&m->hv, G(k)) != pins[k])
			FAIL("seed %llu step %u: frame %u pinned %u times, want %u",
			     seed, step, k, fake_hv_pins(&m->hv, G(k)), pins[k]);
	if (m->hv.bad_calls || m->t.host.bad_calls)
		FAIL("seed %llu step %u: bad calls", seed, step);
}

static u64 walk_pte(u64 *rnd)
{
	u64 r = test_rand(rnd);

	/* Mostly present entries of the guest's frames, some flags. */
	return (G(r % WALK_FRAMES) << 12) | ((r >> 8) % 8 ? 1 : 0) |
	       ((r >> 16) & 0x2);
}

static void walk_half(struct mtest *m, struct ggtt_model *g, unsigned int e,
		      bool high, u64 pte)
{
	u64 mask = high ? 0xffffffff00000000ULL : 0xffffffffULL;

	ggtt_wr32(m->v, g->index[e], high, high ? pte >> 32 : (u32)pte);
	g->gv[e] = (g->gv[e] & ~mask) | (pte & mask);
}

static void ggtt_walk(u64 seed)
{
	struct ggtt_model g;
	unsigned int step, e, e2;
	struct mtest m;
	u64 rnd = seed, r, pte;
	bool high;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, WALK_FRAMES - 2);
	memset(&g, 0, sizeof(g));
	g.attached = true;
	for (e = 0; e < WALK_ENTRIES; e++)
		g.index[e] = (e < 8 ? mtest_low_entry(&m) :
				      mtest_high_entry(&m)) + 37 * (e % 8);
	for (step = 0; step < 1500; step++) {
		r = test_rand(&rnd);
		e = (r >> 8) % WALK_ENTRIES;
		e2 = (e + 1 + (r >> 16) % (WALK_ENTRIES - 1)) % WALK_ENTRIES;
		pte = walk_pte(&rnd);
		high = r & BIT(30);
		switch (r % 100) {
		case 0 ... 44:
			ggtt_wr(m.v, g.index[e], pte);
			g.gv[e] = pte;
			model_apply(&m, &g, e);
			break;
		case 45 ... 69:
			walk_half(&m, &g, e, high, pte);
			g.applied[e] = false;
			model_check(&m, &g, seed, step);
			walk_half(&m, &g, e, !high, pte);
			model_apply(&m, &g, e);
			break;
		case 70 ... 79:
			/* A lone half, then a pair on another entry. */
			walk_half(&m, &g, e, high, pte);
			g.applied[e] = false;
			pte = walk_pte(&rnd);
			walk_half(&m, &g, e2, !high, pte);
			g.applied[e2] = false;
			walk_half(&m, &g, e2, high, pte);
			model_apply(&m, &g, e2);
			break;
		case 80 ... 87: {
			u64 first = G((r >> 32) % WALK_FRAMES);
			u64 count = (r >> 40) % 4;

			gvt_vgpu_unmap_gfns(m.v, first, count);
			for (e = 0; e < WALK_ENTRIES; e++)
				if (walk_frame(g.gv[e]) >= first &&
				    walk_frame(g.gv[e]) < first + count)
					g.applied[e] = false;
			break;
		}
		case 88 ... 91:
			m.hv.fail_gfn = (r >> 32) % 2 ?
					G((r >> 33) % WALK_FRAMES) :
					FAKE_HV_NO_FAIL;
			break;
		case 92 ... 95:
			if (g.attached)
				fake_hv_detach(&m.hv);
			else
				fake_hv_attach(&m.hv, m.v);
			g.attached = !g.attached;
			if (!g.attached)
				memset(g.applied, 0, sizeof(g.applied));
			break;
		default:
			gvt_vgpu_reset(m.v);
			memset(g.gv, 0, sizeof(g.gv));
			memset(g.applied, 0, sizeof(g.applied));
			break;
		}
		model_check(&m, &g, seed, step);
	}
	if (!g.attached)
		fake_hv_attach(&m.hv, m.v);
	mtest_fini(&m);
}

TEST(ggtt_random_walk_model)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		ggtt_walk(0x6767747400000001ULL + i);
}

/*
 * Guest memory by physical address: through the attached hypervisor, across
 * pages, without pins; -ENODEV without one.
 */
TEST(guest_rw_through_hv)
{
	u8 out[6000], in[6000];
	u64 gpa = (G(3) << GVT_GTT_PAGE_SHIFT) + 4000;
	struct gvt_vgpu *v;
	struct mtest m;
	unsigned int i;

	mtest_ggtt(&m);
	v = m.v;
	for (i = 0; i < sizeof(out); i++)
		out[i] = i * 7 + 1;
	mutex_lock(&v->lock);
	EXPECT_EQ(gvt_guest_rw(v, gpa, out, sizeof(out), true), 0);
	mutex_unlock(&v->lock);
	EXPECT_EQ(memcmp(fake_hv_page(&m.hv, G(3)) + 4000, out, 96), 0);
	EXPECT_EQ(memcmp(fake_hv_page(&m.hv, G(4)), out + 96, 4096), 0);
	EXPECT_EQ(memcmp(fake_hv_page(&m.hv, G(5)), out + 4192, 1808), 0);
	memset(in, 0, sizeof(in));
	mutex_lock(&v->lock);
	EXPECT_EQ(gvt_guest_rw(v, gpa, in, sizeof(in), false), 0);
	mutex_unlock(&v->lock);
	EXPECT_EQ(memcmp(in, out, sizeof(in)), 0);
	EXPECT_EQ(m.hv.pin_calls, 0);
	EXPECT_EQ(m.hv.rw_calls, 2);

	fake_hv_detach(&m.hv);
	mutex_lock(&v->lock);
	EXPECT_EQ(gvt_guest_rw(v, gpa, in, 4, false), -ENODEV);
	mutex_unlock(&v->lock);
	EXPECT_EQ(m.hv.rw_calls, 2);
	mtest_fini(&m);
}
