// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DisplayPort AUX channels and the virtual monitor (core/dp_aux.c),
 * driven through BAR0 as i915's intel_dp_aux_xfer() drives them: request
 * bytes packed MSB first into DATA1..5, CTL written with SEND_BUSY, the
 * status bits and the message size read back, the status cleared by
 * writing it. Also GMBUS (core/gmbus.c), which no slave answers.
 */
#include <string.h>

#include "gvt_test.h"

#define AUX_CTL(ch)	GVT_REG_DP_AUX_CTL(ch)
#define AUX_D		GVT_MONITOR_AUX_CH
#define DE_PORT_IMR	(GVT_REG_DE_PORT_ISR + GVT_IRQ_IMR)
#define DE_PORT_IIR	(GVT_REG_DE_PORT_ISR + GVT_IRQ_IIR)
#define SDE_IMR		(GVT_REG_SDE_ISR + GVT_IRQ_IMR)
#define SDE_IIR		(GVT_REG_SDE_ISR + GVT_IRQ_IIR)
#define SDE_IER		(GVT_REG_SDE_ISR + GVT_IRQ_IER)
/* What i915 writes besides SEND_BUSY and the size: clear the status. */
#define START		(GVT_AUX_CTL_SEND_BUSY | GVT_AUX_CTL_STATUS)

/* Request codes (byte 0 bits 7:4) and replies. */
#define NATIVE_WRITE	0x8
#define NATIVE_READ	0x9
#define I2C_WRITE	0x0
#define I2C_READ	0x1
#define I2C_MOT		0x4
#define NATIVE_NACK	0x10
#define I2C_NACK	0x40

struct reply {
	u32 ctl;
	unsigned int size;
	u8 b[20];
};

/* Send @n bytes of @req on channel @ch with CTL bits @extra. */
static void aux_send(struct gvt_vgpu *v, unsigned int ch, const u8 *req,
		     unsigned int n, u32 extra, struct reply *r)
{
	unsigned int i;
	u32 d;

	for (i = 0; i < 5; i++) {
		d = 0;
		for (unsigned int j = 0; j < 4; j++)
			if (4 * i + j < n)
				d |= (u32)req[4 * i + j] << (24 - 8 * j);
		wr32(v, AUX_CTL(ch) + 4 + 4 * i, d);
	}
	wr32(v, AUX_CTL(ch), START | extra | n << GVT_AUX_CTL_SIZE_SHIFT);
	r->ctl = rd32(v, AUX_CTL(ch));
	r->size = GVT_AUX_CTL_SIZE(r->ctl);
	for (i = 0; i < 20; i++)
		r->b[i] = rd32(v, AUX_CTL(ch) + 4 + (i & ~3U)) >>
			  (24 - 8 * (i & 3));
	/* i915 clears the status with the value it read. */
	wr32(v, AUX_CTL(ch), r->ctl);
}

/* A native or I2C request of @len payload bytes at @addr. */
static void aux_req(struct gvt_vgpu *v, u8 code, u32 addr, const u8 *data,
		    unsigned int len, bool write, struct reply *r)
{
	u8 req[20] = {
		code << 4 | (addr >> 16 & 0xf), addr >> 8, addr, len - 1,
	};

	if (write)
		memcpy(req + 4, data, len);
	aux_send(v, AUX_D, req, write ? 4 + len : 4, 0, r);
}

/* I2C address-only request (start with MOT, stop without). */
static void aux_i2c_addr(struct gvt_vgpu *v, u8 code, u8 addr,
			 struct reply *r)
{
	u8 req[3] = { code << 4, 0, addr };

	aux_send(v, AUX_D, req, 3, 0, r);
}

static void expect_done(const struct reply *r, unsigned int size, u8 reply0)
{
	EXPECT_EQ(r->ctl & (GVT_AUX_CTL_SEND_BUSY | GVT_AUX_CTL_STATUS),
		  GVT_AUX_CTL_DONE);
	EXPECT_EQ(r->size, size);
	EXPECT_EQ(r->b[0], reply0);
}

/* Nothing on A to C, or on D while unplugged: DONE | TIME_OUT at once. */
TEST(dp_aux_no_monitor_times_out)
{
	static const u8 req[4] = { NATIVE_READ << 4, 0, 0, 0 };
	struct mtest m;
	struct reply r;
	unsigned int ch;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	/* Plugged at creation; unplugged, port D's live status clears. */
	EXPECT(gvt_vgpu_monitor_plugged(m.v));
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG,
		  GVT_SDE_PORTD_HOTPLUG);
	gvt_vgpu_monitor_plug(m.v, false);
	EXPECT(!gvt_vgpu_monitor_plugged(m.v));
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG, 0);
	for (ch = 0; ch < GVT_DP_AUX_CHANNELS; ch++) {
		aux_send(m.v, ch, req, 4, 0, &r);
		EXPECT_EQ(r.ctl & (GVT_AUX_CTL_SEND_BUSY | GVT_AUX_CTL_STATUS),
			  GVT_AUX_CTL_DONE | GVT_AUX_CTL_TIME_OUT);
		EXPECT_EQ(r.size, 0);
		/* Writing the status back cleared it. */
		EXPECT_EQ(rd32(m.v, AUX_CTL(ch)) & GVT_AUX_CTL_STATUS, 0);
	}
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG,
		  GVT_SDE_PORTD_HOTPLUG);
	for (ch = 0; ch < AUX_D; ch++) {
		aux_send(m.v, ch, req, 4, 0, &r);
		EXPECT_EQ(r.ctl & GVT_AUX_CTL_STATUS,
			  GVT_AUX_CTL_DONE | GVT_AUX_CTL_TIME_OUT);
	}
	aux_send(m.v, AUX_D, req, 4, 0, &r);
	expect_done(&r, 2, 0);
	EXPECT_EQ(r.b[1], 0x12);
	gvt_vgpu_monitor_plug(m.v, false);
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG, 0);
	aux_send(m.v, AUX_D, req, 4, 0, &r);
	EXPECT_EQ(r.ctl & GVT_AUX_CTL_STATUS,
		  GVT_AUX_CTL_DONE | GVT_AUX_CTL_TIME_OUT);
	mtest_fini(&m);
}

/* The receiver capabilities i915 reads first, 20-bit addresses. */
TEST(dp_aux_dpcd_read)
{
	static const u8 caps[15] = { 0x12, 0x14, 0x84 };
	struct mtest m;
	struct reply r;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	aux_req(m.v, NATIVE_READ, 0, NULL, 15, false, &r);
	expect_done(&r, 16, 0);
	EXPECT(!memcmp(r.b + 1, caps, sizeof(caps)));
	/* One sink, no MST, powered. */
	aux_req(m.v, NATIVE_READ, 0x200, NULL, 1, false, &r);
	expect_done(&r, 2, 0);
	EXPECT_EQ(r.b[1], 1);
	aux_req(m.v, NATIVE_READ, 0x21, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 0);
	aux_req(m.v, NATIVE_READ, 0x600, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 1);
	/* LTTPR capabilities at 0xf0000: reserved, zeros, acknowledged. */
	aux_req(m.v, NATIVE_READ, 0xf0000, NULL, 8, false, &r);
	expect_done(&r, 9, 0);
	for (i = 1; i < 9; i++)
		EXPECT_EQ(r.b[i], 0);
	/* A read across the end of what the monitor implements. */
	aux_req(m.v, NATIVE_READ, 0x6fe, NULL, 4, false, &r);
	expect_done(&r, 5, 0);
	/* The same address with bit 16 set is another address. */
	aux_req(m.v, NATIVE_READ, 0x10000, NULL, 3, false, &r);
	expect_done(&r, 4, 0);
	EXPECT_EQ(r.b[1], 0);
	mtest_fini(&m);
}

/* Link training as intel_dp_link_train_phy() does it; read-only bytes. */
TEST(dp_aux_link_training)
{
	static const u8 link[2] = { 0x14, 0x84 };
	static const u8 tps1[5] = { 0x21, 0, 0, 0, 0 };
	static const u8 tps2[1] = { 0x02 };
	static const u8 off[1] = { 0 };
	static const u8 junk[2] = { 0x55, 0x66 };
	struct mtest m;
	struct reply r;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	aux_req(m.v, NATIVE_WRITE, 0x100, link, 2, true, &r);
	expect_done(&r, 1, 0);
	aux_req(m.v, NATIVE_READ, 0x100, NULL, 2, false, &r);
	EXPECT(!memcmp(r.b + 1, link, 2));
	aux_req(m.v, NATIVE_WRITE, 0x102, tps1, 5, true, &r);
	expect_done(&r, 1, 0);
	aux_req(m.v, NATIVE_READ, 0x202, NULL, 6, false, &r);
	expect_done(&r, 7, 0);
	EXPECT_EQ(r.b[1], 0x11);
	EXPECT_EQ(r.b[2], 0x11);
	EXPECT_EQ(r.b[3] & 1, 0);
	aux_req(m.v, NATIVE_WRITE, 0x102, tps2, 1, true, &r);
	aux_req(m.v, NATIVE_READ, 0x202, NULL, 3, false, &r);
	EXPECT_EQ(r.b[1], 0x77);
	EXPECT_EQ(r.b[2], 0x77);
	EXPECT_EQ(r.b[3] & 1, 1);
	aux_req(m.v, NATIVE_WRITE, 0x102, off, 1, true, &r);
	aux_req(m.v, NATIVE_READ, 0x205, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 3);
	/* Capabilities and status are the sink's: writes are ignored. */
	aux_req(m.v, NATIVE_WRITE, 0x000, junk, 2, true, &r);
	expect_done(&r, 1, 0);
	aux_req(m.v, NATIVE_WRITE, 0x202, junk, 2, true, &r);
	aux_req(m.v, NATIVE_READ, 0x000, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 0x12);
	aux_req(m.v, NATIVE_READ, 0x202, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 0x77);
	/* A reset forgets the configuration, not the plug. */
	gvt_vgpu_reset(m.v);
	EXPECT(gvt_vgpu_monitor_plugged(m.v));
	EXPECT_EQ(rd32(m.v, GVT_REG_SDE_ISR) & GVT_SDE_PORTD_HOTPLUG,
		  GVT_SDE_PORTD_HOTPLUG);
	aux_req(m.v, NATIVE_READ, 0x100, NULL, 3, false, &r);
	expect_done(&r, 4, 0);
	EXPECT_EQ(r.b[1], 0);
	EXPECT_EQ(r.b[3], 0);
	aux_req(m.v, NATIVE_READ, 0x202, NULL, 1, false, &r);
	EXPECT_EQ(r.b[1], 0);
	mtest_fini(&m);
}

/* Read @n bytes of EDID as drm_do_probe_ddc_edid() over drm_dp_i2c_xfer(). */
static void read_edid_n(struct gvt_vgpu *v, u8 *out, unsigned int n)
{
	static const u8 zero[1] = { 0 };
	struct reply r;
	unsigned int i;

	aux_i2c_addr(v, I2C_WRITE | I2C_MOT, 0x50, &r);
	expect_done(&r, 1, 0);
	aux_req(v, I2C_WRITE | I2C_MOT, 0x50, zero, 1, true, &r);
	expect_done(&r, 1, 0);
	aux_i2c_addr(v, I2C_READ | I2C_MOT, 0x50, &r);
	expect_done(&r, 1, 0);
	for (i = 0; i < n; i += 16) {
		aux_req(v, I2C_READ | I2C_MOT, 0x50, NULL, 16, false, &r);
		expect_done(&r, 17, 0);
		memcpy(out + i, r.b + 1, 16);
	}
	aux_i2c_addr(v, I2C_READ, 0x50, &r);
	expect_done(&r, 1, 0);
}

static void read_edid(struct gvt_vgpu *v, u8 *out)
{
	read_edid_n(v, out, GVT_EDID_SIZE);
}

TEST(dp_aux_edid_over_i2c)
{
	u8 want[GVT_EDID_SIZE], got[GVT_EDID_SIZE];
	static const u8 seg[1] = { 1 };
	struct mtest m;
	struct reply r;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	ASSERT_EQ(gvt_edid_build(want, 1024, 768), 0);
	read_edid(m.v, got);
	EXPECT(!memcmp(got, want, sizeof(want)));
	/* Twice: the offset write rewinds. */
	memset(got, 0, sizeof(got));
	read_edid(m.v, got);
	EXPECT(!memcmp(got, want, sizeof(want)));
	/* A one-byte read at offset 0x7f, then it wraps to the header. */
	aux_req(m.v, I2C_WRITE | I2C_MOT, 0x50, (const u8[]){ 0x7f }, 1,
		true, &r);
	aux_req(m.v, I2C_READ, 0x50, NULL, 2, false, &r);
	expect_done(&r, 3, 0);
	EXPECT_EQ(r.b[1], want[0x7f]);
	EXPECT_EQ(r.b[2], 0);
	/* No segment pointer, no DDC/CI, nothing at other addresses. */
	aux_req(m.v, I2C_WRITE | I2C_MOT, 0x30, seg, 1, true, &r);
	expect_done(&r, 1, I2C_NACK);
	aux_i2c_addr(m.v, I2C_WRITE | I2C_MOT, 0x37, &r);
	expect_done(&r, 1, I2C_NACK);
	aux_req(m.v, I2C_READ, 0x51, NULL, 1, false, &r);
	expect_done(&r, 1, I2C_NACK);
	mtest_fini(&m);
	/* The larger types' monitor prefers 1920x1200. */
	mtest_init(&m, 512, 4096, "GVTg_V5_4", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	ASSERT_EQ(gvt_edid_build(want, 1920, 1200), 0);
	read_edid(m.v, got);
	EXPECT(!memcmp(got, want, sizeof(want)));
	mtest_fini(&m);
}

/* Malformed requests: refused with nothing else changed. */
TEST(dp_aux_bad_requests)
{
	static const u8 junk[20] = { 0x90, 0x00, 0x00, 0x0f, 1, 2, 3, 4 };
	static const unsigned int sizes[] = { 0, 1, 2, 21, 31 };
	struct mtest m;
	struct reply r;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	aux_send(m.v, AUX_D, junk, sizeof(junk), 0, &r);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		wr32(m.v, AUX_CTL(AUX_D) + 4, 0x9000000fU);
		wr32(m.v, AUX_CTL(AUX_D),
		     START | sizes[i] << GVT_AUX_CTL_SIZE_SHIFT);
		r.ctl = rd32(m.v, AUX_CTL(AUX_D));
		EXPECT_EQ(r.ctl & (GVT_AUX_CTL_SEND_BUSY | GVT_AUX_CTL_STATUS),
			  GVT_AUX_CTL_DONE | GVT_AUX_CTL_RECEIVE_ERROR);
		EXPECT_EQ(GVT_AUX_CTL_SIZE(r.ctl), 0);
		/* The request is still in the data registers. */
		EXPECT_EQ(rd32(m.v, AUX_CTL(AUX_D) + 4), 0x9000000fU);
		wr32(m.v, AUX_CTL(AUX_D), r.ctl);
	}
	/* More than 16 payload bytes: not acknowledged. */
	aux_req(m.v, NATIVE_READ, 0, NULL, 17, false, &r);
	expect_done(&r, 1, NATIVE_NACK);
	aux_req(m.v, I2C_READ, 0x50, NULL, 17, false, &r);
	expect_done(&r, 1, I2C_NACK);
	/* A native address-only request means nothing. */
	aux_i2c_addr(m.v, NATIVE_READ, 0, &r);
	expect_done(&r, 1, NATIVE_NACK);
	/* A write whose length byte promises more than was sent. */
	aux_send(m.v, AUX_D, (const u8[]){ 0x80, 0x01, 0x00, 0x03, 0x14 },
		 5, 0, &r);
	expect_done(&r, 1, 0);
	aux_req(m.v, NATIVE_READ, 0x100, NULL, 2, false, &r);
	EXPECT_EQ(r.b[1], 0x14);
	EXPECT_EQ(r.b[2], 0);
	/* A write of CTL without SEND_BUSY sends nothing. */
	wr32(m.v, AUX_CTL(AUX_D), 4 << GVT_AUX_CTL_SIZE_SHIFT);
	EXPECT_EQ(rd32(m.v, AUX_CTL(AUX_D)) & GVT_AUX_CTL_STATUS, 0);
	mtest_fini(&m);
}

/* With the INTERRUPT bit the channel's DE port event is raised. */
TEST(dp_aux_interrupt)
{
	static const u8 req[4] = { NATIVE_READ << 4, 0, 0, 0 };
	struct mtest m;
	struct reply r;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	wr32(m.v, DE_PORT_IIR, ~0U);
	wr32(m.v, DE_PORT_IMR, 0);
	aux_send(m.v, 0, req, 4, GVT_AUX_CTL_INTERRUPT, &r);
	EXPECT_EQ(rd32(m.v, DE_PORT_IIR), BIT(0));
	aux_send(m.v, AUX_D, req, 4, GVT_AUX_CTL_INTERRUPT, &r);
	EXPECT_EQ(rd32(m.v, DE_PORT_IIR), BIT(0) | BIT(27));
	wr32(m.v, DE_PORT_IIR, ~0U);
	/* Masked, or without the bit: nothing. */
	wr32(m.v, DE_PORT_IMR, BIT(26));
	aux_send(m.v, 2, req, 4, GVT_AUX_CTL_INTERRUPT, &r);
	aux_send(m.v, 1, req, 4, 0, &r);
	EXPECT_EQ(rd32(m.v, DE_PORT_IIR), 0);
	mtest_fini(&m);
}

/* GMBUS: every cycle ends with SATOER; SW_CLR_INT clears it. */
TEST(gmbus_nobody_answers)
{
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	wr32(m.v, GVT_REG_GMBUS1, GVT_GMBUS_SW_CLR_INT);
	wr32(m.v, GVT_REG_GMBUS1, 0);
	EXPECT_EQ(rd32(m.v, GVT_REG_GMBUS2), 0);
	wr32(m.v, GVT_REG_GMBUS0, 6);			/* pin dpd */
	/* An EDID read: 128 bytes from 0x50, wait cycle. */
	wr32(m.v, GVT_REG_GMBUS1, GVT_GMBUS_SW_RDY | BIT(25) | 128 << 16 |
		  0x50 << 1 | 1);
	EXPECT_EQ(rd32(m.v, GVT_REG_GMBUS2), GVT_GMBUS_SATOER);
	/* The guest cannot clear it by writing GMBUS2. */
	wr32(m.v, GVT_REG_GMBUS2, ~0U);
	EXPECT_EQ(rd32(m.v, GVT_REG_GMBUS2), GVT_GMBUS_SATOER);
	wr32(m.v, GVT_REG_GMBUS1, GVT_GMBUS_SW_CLR_INT);
	EXPECT_EQ(rd32(m.v, GVT_REG_GMBUS2), 0);
	wr32(m.v, GVT_REG_GMBUS1, 0);
	EXPECT_EQ(rd32(m.v, GVT_REG_GMBUS2), 0);
	mtest_fini(&m);
}

/* The monitor name's descriptor in edid.c's block. */
#define GVT_EDID_DESC_NAME	(0x36 + 2 * 18)

/*
 * The VMM's EDID: shown from the next read on, both blocks over I2C, a
 * hotplug event while plugged, kept across resets; a bad one changes
 * nothing.
 */
TEST(dp_aux_vmm_edid)
{
	u8 want[GVT_EDID_MAX_SIZE], got[GVT_EDID_MAX_SIZE];
	u8 bad[GVT_EDID_MAX_SIZE];
	struct mtest m;
	unsigned int i;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	gvt_vgpu_monitor_plug(m.v, true);
	/* Ours first: one block. */
	EXPECT_EQ(gvt_vgpu_edid_get(m.v, got, sizeof(got)), GVT_EDID_SIZE);
	ASSERT_EQ(gvt_edid_build(want, 1024, 768), 0);
	EXPECT(!memcmp(got, want, GVT_EDID_SIZE));
	EXPECT_EQ(gvt_vgpu_edid_get(m.v, got, GVT_EDID_SIZE - 1), -EINVAL);
	/* Two blocks: a renamed base block and a made-up extension. */
	memcpy(want + GVT_EDID_DESC_NAME + 5, "VMM monitor\n ", 13);
	want[126] = 1;
	edid_resum(want, 0);
	for (i = GVT_EDID_SIZE; i < GVT_EDID_MAX_SIZE; i++)
		want[i] = i;
	want[GVT_EDID_SIZE] = 0x02;
	edid_resum(want, 1);
	wr32(m.v, SDE_IIR, ~0U);
	wr32(m.v, SDE_IMR, 0);
	wr32(m.v, SDE_IER, ~0U);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, GVT_HOTPLUG_PORTD_ENABLE);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, want, sizeof(want)), 0);
	EXPECT_EQ(rd32(m.v, SDE_IIR), GVT_SDE_PORTD_HOTPLUG);
	EXPECT_EQ(gvt_vgpu_edid_get(m.v, got, sizeof(got)), GVT_EDID_MAX_SIZE);
	EXPECT(!memcmp(got, want, sizeof(want)));
	memset(got, 0, sizeof(got));
	read_edid_n(m.v, got, GVT_EDID_MAX_SIZE);
	EXPECT(!memcmp(got, want, sizeof(want)));
	/* Refused: the monitor keeps it, no event. */
	wr32(m.v, SDE_IIR, ~0U);
	memcpy(bad, want, sizeof(bad));
	bad[200] ^= 0x10;
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, bad, sizeof(bad)), -EINVAL);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, bad, 100), -EINVAL);
	ASSERT_EQ(gvt_edid_build(bad, 1920, 1200), 0);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, bad, GVT_EDID_SIZE), -EINVAL);
	EXPECT_EQ(rd32(m.v, SDE_IIR), 0);
	EXPECT_EQ(gvt_vgpu_edid_get(m.v, got, sizeof(got)), GVT_EDID_MAX_SIZE);
	EXPECT(!memcmp(got, want, sizeof(want)));
	/* A reset keeps the VMM's EDID. */
	gvt_vgpu_reset(m.v);
	memset(got, 0, sizeof(got));
	read_edid_n(m.v, got, GVT_EDID_MAX_SIZE);
	EXPECT(!memcmp(got, want, sizeof(want)));
	/* Unplugged, a new EDID raises nothing; plugging then does. */
	wr32(m.v, SDE_IMR, 0);
	wr32(m.v, SDE_IER, ~0U);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, GVT_HOTPLUG_PORTD_ENABLE);
	gvt_vgpu_monitor_plug(m.v, false);
	wr32(m.v, GVT_REG_PCH_HOTPLUG, rd32(m.v, GVT_REG_PCH_HOTPLUG));
	wr32(m.v, SDE_IIR, ~0U);
	ASSERT_EQ(gvt_edid_build(want, 1024, 768), 0);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, want, GVT_EDID_SIZE), 0);
	EXPECT_EQ(rd32(m.v, SDE_IIR), 0);
	gvt_vgpu_monitor_plug(m.v, true);
	EXPECT_EQ(rd32(m.v, SDE_IIR), GVT_SDE_PORTD_HOTPLUG);
	read_edid(m.v, got);
	EXPECT(!memcmp(got, want, GVT_EDID_SIZE));
	/* NULL: the monitor's own again, also after a reset. */
	ASSERT_EQ(gvt_vgpu_edid_set(m.v, want, sizeof(want)), -EINVAL);
	want[GVT_EDID_DESC_NAME + 5] = 'X';
	edid_resum(want, 0);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, want, GVT_EDID_SIZE), 0);
	EXPECT_EQ(gvt_vgpu_edid_set(m.v, NULL, 0), 0);
	gvt_vgpu_reset(m.v);
	ASSERT_EQ(gvt_edid_build(want, 1024, 768), 0);
	EXPECT_EQ(gvt_vgpu_edid_get(m.v, got, sizeof(got)), GVT_EDID_SIZE);
	EXPECT(!memcmp(got, want, GVT_EDID_SIZE));
	mtest_fini(&m);
}
