// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual monitor's EDID (core/edid.c), decoded back field by field
 * as the EDID 1.4 standard lays it out: the block is valid, describes a
 * digital DisplayPort sRGB monitor, and its preferred mode is the type's
 * resolution at 60 Hz, inside its own range limits. Then what a VMM's
 * EDID must be to replace it (gvt_edid_check()).
 */
#include "gvt_test.h"

static u8 edid[GVT_EDID_SIZE];

struct dtd {
	unsigned int clock_khz, xres, yres, htotal, vtotal;
	unsigned int hfp, hsync, vfp, vsync;
	bool hpos, vpos;
};

static void decode_dtd(const u8 *d, struct dtd *t)
{
	unsigned int hblank = d[3] | (d[4] & 0xf) << 8;
	unsigned int vblank = d[6] | (d[7] & 0xf) << 8;

	t->clock_khz = (d[0] | d[1] << 8) * 10;
	t->xres = d[2] | (d[4] >> 4) << 8;
	t->yres = d[5] | (d[7] >> 4) << 8;
	t->htotal = t->xres + hblank;
	t->vtotal = t->yres + vblank;
	t->hfp = d[8] | (d[11] >> 6) << 8;
	t->hsync = d[9] | ((d[11] >> 4) & 3) << 8;
	t->vfp = (d[10] >> 4) | ((d[11] >> 2) & 3) << 4;
	t->vsync = (d[10] & 0xf) | (d[11] & 3) << 4;
	t->hpos = d[17] & BIT(1);
	t->vpos = d[17] & BIT(2);
}

static void check_common(void)
{
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	u16 vendor = edid[8] << 8 | edid[9];
	char name[14] = { 0 };
	unsigned int i, sum = 0;

	EXPECT_EQ(memcmp(edid, header, 8), 0);
	for (i = 0; i < GVT_EDID_SIZE; i++)
		sum += edid[i];
	EXPECT_EQ(sum % 256, 0);
	/* "GVT" */
	EXPECT_EQ('@' + (vendor >> 10 & 0x1f), 'G');
	EXPECT_EQ('@' + (vendor >> 5 & 0x1f), 'V');
	EXPECT_EQ('@' + (vendor & 0x1f), 'T');
	EXPECT_EQ(edid[0x12], 1);
	EXPECT_EQ(edid[0x13], 4);
	EXPECT_EQ(edid[0x14] & 0x80, 0x80);		/* digital */
	EXPECT_EQ(edid[0x14] >> 4 & 7, 2);		/* 8 bits per colour */
	EXPECT_EQ(edid[0x14] & 0xf, 5);			/* DisplayPort */
	EXPECT_EQ(edid[0x17], 120);			/* gamma 2.2 */
	EXPECT_EQ(edid[0x18] & 0x06, 0x06);		/* sRGB, native */
	/* red x 0.640 (655/1024), white y 0.329 (337/1024) */
	EXPECT_EQ(edid[0x1b] << 2 | edid[0x19] >> 6, 655);
	EXPECT_EQ(edid[0x22] << 2 | (edid[0x1a] & 3), 337);
	EXPECT_EQ(edid[0x23], 0x21);			/* 640x480, 800x600 */
	EXPECT_EQ(edid[0x24], 0x08);			/* 1024x768 */
	EXPECT_EQ(edid[0x7e], 0);			/* no extension */
	/* Descriptor 2: range limits; descriptor 3: the name. */
	EXPECT_EQ(edid[0x48] | edid[0x49] | edid[0x4a], 0);
	EXPECT_EQ(edid[0x4b], 0xfd);
	EXPECT(edid[0x4d] <= 60 && edid[0x4e] >= 60);
	EXPECT_EQ(edid[0x5a] | edid[0x5b] | edid[0x5c], 0);
	EXPECT_EQ(edid[0x5d], 0xfc);
	for (i = 0; i < 13 && edid[0x5f + i] != '\n'; i++)
		name[i] = edid[0x5f + i];
	EXPECT_EQ(strcmp(name, GVT_EDID_NAME), 0);
	EXPECT_EQ(edid[0x6f], 0x10);			/* dummy */
}

static void check_mode(unsigned int xres, unsigned int yres)
{
	unsigned int mhz_limit, hz, khz;
	struct dtd t;

	memset(edid, 0xa5, sizeof(edid));
	ASSERT_EQ(gvt_edid_build(edid, xres, yres), 0);
	check_common();
	decode_dtd(edid + 0x36, &t);
	mhz_limit = edid[0x51] * 10;
	EXPECT_EQ(t.xres, xres);
	EXPECT_EQ(t.yres, yres);
	/* 60 Hz, to the hertz */
	hz = (t.clock_khz * 1000 + t.htotal * t.vtotal / 2) /
	     (t.htotal * t.vtotal);
	EXPECT_EQ(hz, 60);
	khz = t.clock_khz / t.htotal;
	EXPECT(khz >= edid[0x4f] && khz <= edid[0x50]);
	EXPECT(t.clock_khz <= mhz_limit * 1000);
	EXPECT(t.hfp && t.hsync && t.vfp && t.vsync);
	EXPECT(t.hfp + t.hsync < t.htotal - t.xres);
	EXPECT(t.vfp + t.vsync < t.vtotal - t.yres);
	/* Screen size in cm agrees with the timing's millimetres. */
	EXPECT_EQ(edid[0x15],
		  ((edid[0x36 + 12] | (edid[0x36 + 14] >> 4) << 8) + 5) / 10);
}

TEST(edid_1024x768)
{
	struct dtd t;

	check_mode(1024, 768);
	decode_dtd(edid + 0x36, &t);
	/* VESA DMT: 65 MHz, 1344 x 806, both syncs negative */
	EXPECT_EQ(t.clock_khz, 65000);
	EXPECT_EQ(t.htotal, 1344);
	EXPECT_EQ(t.vtotal, 806);
	EXPECT(!t.hpos && !t.vpos);
}

TEST(edid_1920x1200)
{
	struct dtd t;

	check_mode(1920, 1200);
	decode_dtd(edid + 0x36, &t);
	/* CVT reduced blanking: 154 MHz, 2080 x 1235, +hsync -vsync */
	EXPECT_EQ(t.clock_khz, 154000);
	EXPECT_EQ(t.htotal, 2080);
	EXPECT_EQ(t.vtotal, 1235);
	EXPECT(t.hpos && !t.vpos);
}

/* Every type's resolution has a timing; anything else is refused. */
TEST(edid_types_and_bad_modes)
{
	u8 before[GVT_EDID_SIZE];
	struct gvt_device *gvt;
	struct tdev t;
	unsigned int i;

	gvt = tdev_new(&t, 1024, 4096, 32, false);
	ASSERT(gvt_device_num_types(gvt) > 0);
	for (i = 0; i < gvt_device_num_types(gvt); i++) {
		const struct gvt_type *ty = gvt_device_type(gvt, i);

		EXPECT_EQ(gvt_edid_build(edid, ty->xres, ty->yres), 0);
	}
	tdev_del(&t);
	memset(edid, 0x5a, sizeof(edid));
	memcpy(before, edid, sizeof(edid));
	EXPECT_EQ(gvt_edid_build(edid, 800, 600), -EINVAL);
	EXPECT_EQ(gvt_edid_build(edid, 0, 0), -EINVAL);
	EXPECT_EQ(gvt_edid_build(edid, 1920, 1080), -EINVAL);
	EXPECT_EQ(memcmp(edid, before, sizeof(edid)), 0);
}

/* A base block of ours and a CTA extension with no data blocks. */
static void two_blocks(u8 *e)
{
	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	memset(e + GVT_EDID_SIZE, 0, GVT_EDID_SIZE);
	e[126] = 1;
	edid_resum(e, 0);
	e[GVT_EDID_SIZE] = 0x02;	/* CTA-861 */
	e[GVT_EDID_SIZE + 1] = 3;
	e[GVT_EDID_SIZE + 2] = 4;	/* no data blocks, no DTDs */
	edid_resum(e, 1);
}

/* What the VMM may give the monitor: one or two valid blocks that fit. */
TEST(edid_check_accepts)
{
	u8 e[GVT_EDID_MAX_SIZE];
	const char *why = NULL;

	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	EXPECT_EQ(gvt_edid_check(e, GVT_EDID_SIZE, 1024, 768, &why), 0);
	EXPECT_EQ(gvt_edid_check(e, GVT_EDID_SIZE, 1920, 1200, &why), 0);
	ASSERT_EQ(gvt_edid_build(e, 1920, 1200), 0);
	EXPECT_EQ(gvt_edid_check(e, GVT_EDID_SIZE, 1920, 1200, &why), 0);
	two_blocks(e);
	EXPECT_EQ(gvt_edid_check(e, sizeof(e), 1024, 768, &why), 0);
	EXPECT(!why);
}

#define REFUSED(e, n, x, y, text) do {					\
	const char *__why = NULL;					\
									\
	EXPECT_EQ(gvt_edid_check(e, n, x, y, &__why), -EINVAL);		\
	EXPECT(__why && !strcmp(__why, text));				\
} while (0)

/* Everything else is refused, each with its reason. */
TEST(edid_check_refuses)
{
	u8 e[GVT_EDID_MAX_SIZE + GVT_EDID_SIZE];
	static const char *sizes = "not one or two 128-byte blocks";
	static const char *count =
		"its extension count does not match its size";

	ASSERT_EQ(gvt_edid_build(e, 1920, 1200), 0);
	REFUSED(e, 0, 1920, 1200, sizes);
	REFUSED(e, 127, 1920, 1200, sizes);
	REFUSED(e, 129, 1920, 1200, sizes);
	REFUSED(e, 3 * GVT_EDID_SIZE, 1920, 1200, sizes);
	/* A mode larger than the type's, in either direction. */
	REFUSED(e, GVT_EDID_SIZE, 1024, 768,
		"its preferred mode does not fit the vGPU's type");
	REFUSED(e, GVT_EDID_SIZE, 1920, 1199,
		"its preferred mode does not fit the vGPU's type");
	/* One block announcing an extension, two announcing none. */
	two_blocks(e);
	REFUSED(e, GVT_EDID_SIZE, 1024, 768, count);
	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	REFUSED(e, 2 * GVT_EDID_SIZE, 1024, 768, count);
	/* A wrong checksum in the base block, then in the extension. */
	e[0x20] ^= 1;
	REFUSED(e, GVT_EDID_SIZE, 1024, 768, "a block's checksum is wrong");
	two_blocks(e);
	e[GVT_EDID_SIZE + 50] = 7;
	REFUSED(e, 2 * GVT_EDID_SIZE, 1024, 768,
		"a block's checksum is wrong");
	/* No header; all ones. */
	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	e[7] = 0xff;
	edid_resum(e, 0);
	REFUSED(e, GVT_EDID_SIZE, 1024, 768, "no EDID header");
	memset(e, 0xff, GVT_EDID_SIZE);
	REFUSED(e, GVT_EDID_SIZE, 1024, 768, "no EDID header");
	/* The first descriptor a display descriptor, or a 0x0 timing. */
	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	memcpy(e + 0x36, e + 0x36 + 18, 18);
	edid_resum(e, 0);
	REFUSED(e, GVT_EDID_SIZE, 1024, 768, "no preferred detailed timing");
	ASSERT_EQ(gvt_edid_build(e, 1024, 768), 0);
	e[0x36 + 2] = 0;
	e[0x36 + 4] &= 0x0f;
	edid_resum(e, 0);
	REFUSED(e, GVT_EDID_SIZE, 1024, 768,
		"its preferred mode does not fit the vGPU's type");
}
