// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the vGPU's ACPI OpRegion and VBT (core/opregion.c,
 * Documentation/gpu/gvt/display.rst). The table is decoded back by a
 * parser written here from the layout i915's intel_opregion.c and
 * intel_bios.c read, with its own offsets, and with i915's validity
 * checks (intel_bios_is_valid_vbt()).
 */
#include <stdint.h>

#include "gvt_test.h"

static u16 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

/* What the reference parser found. */
struct vbt_seen {
	unsigned int vbt_size;
	unsigned int bdb_version;
	unsigned int blocks;
	unsigned int block_ids[16];
	unsigned int nchildren;
	u16 device_type;
	u8 dvo_port;
	u8 aux_channel;
	u8 ddc_pin;
	u8 checksum;
};

/*
 * Decode the OpRegion @op as i915 6.1 does; return false (and fail the
 * case) where i915 would not find a valid VBT.
 */
static bool vbt_parse(const u8 *op, struct vbt_seen *s)
{
	const u8 *vbt = op + 0x400, *bdb, *p, *end, *child;
	unsigned int room = 0x2000 - 0x400, bdb_off, bdb_hdr, bdb_size, i;
	unsigned int child_size;

	memset(s, 0, sizeof(*s));
	EXPECT(!memcmp(op, "IntelGraphicsMem", 16));
	/* Without the ASLE mailbox i915 takes the VBT at 0x400. */
	if (get32(op + 0x58) & BIT(2))
		return false;
	if (memcmp(vbt, "$VBT", 4))
		return false;
	s->vbt_size = get16(vbt + 0x18);
	bdb_off = get32(vbt + 0x1c);
	if (s->vbt_size > room || bdb_off + 22 > s->vbt_size)
		return false;
	bdb = vbt + bdb_off;
	if (memcmp(bdb, "BIOS_DATA_BLOCK ", 16))
		return false;
	s->bdb_version = get16(bdb + 0x10);
	bdb_hdr = get16(bdb + 0x12);
	bdb_size = get16(bdb + 0x14);
	if (bdb_off + bdb_size > s->vbt_size || bdb_hdr > bdb_size)
		return false;
	for (i = 0; i < s->vbt_size; i++)
		s->checksum += vbt[i];

	p = bdb + bdb_hdr;
	end = bdb + bdb_size;
	while (p + 3 <= end) {
		unsigned int id = p[0], len = get16(p + 1);

		if (p + 3 + len > end)
			return false;
		if (s->blocks < ARRAY_SIZE(s->block_ids))
			s->block_ids[s->blocks++] = id;
		if (id == 2) {
			/* crt pin, dpms, boot display[2], child size */
			child_size = p[3 + 4];
			if (child_size != 33 || (len - 5) % child_size)
				return false;
			s->nchildren = (len - 5) / child_size;
			child = p + 3 + 5;
			s->device_type = get16(child + 2);
			s->dvo_port = child[16];
			s->ddc_pin = child[19];
			s->aux_channel = child[25];
		}
		p += 3 + len;
	}
	return p == end;
}

static void opregion_of(struct gvt_vgpu *v, u8 *op)
{
	ASSERT_EQ(gvt_vgpu_opregion_read(v, 0, op, GVT_OPREGION_SIZE), 0);
}

TEST(opregion_header)
{
	u8 op[GVT_OPREGION_SIZE];
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	opregion_of(m.v, op);
	EXPECT(!memcmp(op, "IntelGraphicsMem", 16));
	EXPECT_EQ(get32(op + 0x10), 8);			/* KiB */
	EXPECT_EQ(op[0x17], 2);				/* major version */
	EXPECT_EQ(op[0x16], 0);				/* minor */
	/* No mailbox: i915 writes nothing into it and takes the VBT at 0x400. */
	EXPECT_EQ(get32(op + 0x58), 0);
	EXPECT_EQ(op[0x1ac], 3);			/* lid open */
	mtest_fini(&m);
}

TEST(opregion_vbt_one_dp_port_d)
{
	u8 op[GVT_OPREGION_SIZE];
	struct vbt_seen s;
	struct mtest m;
	u16 t;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	opregion_of(m.v, op);
	ASSERT(vbt_parse(op, &s));
	EXPECT_EQ(s.checksum, 0);
	/* 33-byte children: BDB versions 111 to 194. */
	EXPECT(s.bdb_version >= 111 && s.bdb_version <= 194);
	EXPECT_EQ(s.blocks, 3);
	EXPECT_EQ(s.block_ids[0], 1);		/* general features */
	EXPECT_EQ(s.block_ids[1], 2);		/* general definitions */
	EXPECT_EQ(s.block_ids[2], 12);		/* driver features */
	EXPECT_EQ(s.nchildren, 1);
	t = s.device_type;
	EXPECT(t & BIT(2));			/* DisplayPort output */
	EXPECT(!(t & BIT(4)));			/* not TMDS: no HDMI */
	EXPECT(!(t & BIT(12)));			/* not internal: no eDP */
	EXPECT(!(t & (BIT(0) | BIT(5))));	/* no CRT, no LVDS */
	EXPECT_EQ(s.dvo_port, 9);		/* DVO_PORT_DPD */
	EXPECT_EQ(s.aux_channel, 0x30);		/* DP_AUX_D */
	EXPECT_EQ(s.ddc_pin, 0);		/* no GMBUS pin: not HDMI */
	/* Nothing but zeros after the VBT. */
	{
		unsigned int i, stray = 0;

		for (i = 0x400 + s.vbt_size; i < GVT_OPREGION_SIZE; i++)
			stray += op[i] != 0;
		EXPECT_EQ(stray, 0);
	}
	mtest_fini(&m);
}

TEST(opregion_same_for_every_vgpu)
{
	static u8 a[GVT_OPREGION_SIZE], b[GVT_OPREGION_SIZE];
	struct gvt_vgpu *v2;
	struct mtest m;
	struct tdev t;

	mtest_init(&m, 512, 4096, "GVTg_V5_8", 0, 0);
	v2 = vgpu_new(m.gvt, tdev_type(m.gvt, "GVTg_V5_4"));
	opregion_of(m.v, a);
	opregion_of(v2, b);
	EXPECT(!memcmp(a, b, sizeof(a)));
	/* A reset or a guest's writes elsewhere change nothing. */
	wr32(m.v, PV(0x800), 1);
	gvt_vgpu_reset(m.v);
	opregion_of(m.v, b);
	EXPECT(!memcmp(a, b, sizeof(a)));
	gvt_vgpu_destroy(v2);
	mtest_fini(&m);

	/* Another device builds the same table. */
	tdev_new(&t, 256, 2048, 16, false);
	v2 = vgpu_new(t.gvt, tdev_type(t.gvt, "GVTg_V5_8"));
	opregion_of(v2, b);
	EXPECT(!memcmp(a, b, sizeof(a)));
	gvt_vgpu_destroy(v2);
	tdev_del(&t);
}

TEST(opregion_read_bounds)
{
	u8 op[GVT_OPREGION_SIZE], byte = 0x5a;
	struct mtest m;

	mtest_init(&m, 256, 4096, "GVTg_V5_8", 0, 0);
	opregion_of(m.v, op);
	/* Any part of it, down to one byte. */
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, 0x17, &byte, 1), 0);
	EXPECT_EQ(byte, op[0x17]);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, GVT_OPREGION_SIZE - 1, &byte, 1),
		  0);
	EXPECT_EQ(byte, op[GVT_OPREGION_SIZE - 1]);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, GVT_OPREGION_SIZE, &byte, 0), 0);
	/* Past its end, however the sum wraps: -EINVAL, nothing copied. */
	byte = 0x5a;
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, GVT_OPREGION_SIZE, &byte, 1),
		  -EINVAL);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, 1, op, GVT_OPREGION_SIZE),
		  -EINVAL);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, U64_MAX, &byte, 1), -EINVAL);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, 16, &byte, SIZE_MAX), -EINVAL);
	EXPECT_EQ(gvt_vgpu_opregion_read(m.v, U64_MAX - 2, &byte, 4),
		  -EINVAL);
	EXPECT_EQ(byte, 0x5a);
	mtest_fini(&m);
}
