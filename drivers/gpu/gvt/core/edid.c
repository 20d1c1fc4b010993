// SPDX-License-Identifier: GPL-2.0-only
/*
 * The EDID of the vGPU's virtual DisplayPort monitor.
 *
 * One 128-byte EDID 1.4 base block without extensions: a digital
 * DisplayPort input of 8 bits per colour, sRGB, the preferred mode of the
 * vGPU's type in the first detailed timing (VESA DMT 1024x768 at 60 Hz,
 * or CVT reduced blanking 1920x1200 at 60 Hz), the established 640x480,
 * 800x600 and 1024x768 modes, range limits that cover them, and the
 * monitor's name. i915 reads it over I2C-over-AUX from address 0x50 and
 * a VMM can read it from the frontend.
 *
 * A VMM may give the monitor an EDID of its own (gvt_vgpu_edid_set() in
 * dp_aux.c); gvt_edid_check() is what such a blob must pass: a base block
 * and at most one extension, each with its checksum, and a preferred mode
 * that fits the vGPU's type.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "gvt_internal.h"

/* A detailed timing: pixel clock in 10 kHz, then front porch, sync, back. */
struct gvt_edid_mode {
	u16 xres, yres;
	u16 clock;
	u16 hfp, hsync, hbp;
	u16 vfp, vsync, vbp;
	bool hpos, vpos;
	/* Screen size in millimetres of a monitor with this native mode. */
	u16 width_mm, height_mm;
};

static const struct gvt_edid_mode gvt_edid_modes[] = {
	/* DMT 0x10: 65 MHz, 1344 x 806 total, both syncs negative. */
	{ 1024, 768, 6500, 24, 136, 160, 3, 6, 29, false, false, 304, 228 },
	/* CVT-RB 1920x1200R: 154 MHz, 2080 x 1235 total, +h -v. */
	{ 1920, 1200, 15400, 48, 32, 80, 3, 6, 26, true, false, 518, 324 },
};

#define GVT_EDID_DESC(n)	(0x36 + 18 * (n))

/* Three letters of a PNP vendor id, 5 bits each, big endian. */
static void gvt_edid_vendor(u8 *e, const char id[3])
{
	u16 v = (id[0] - '@') << 10 | (id[1] - '@') << 5 | (id[2] - '@');

	e[0x08] = v >> 8;
	e[0x09] = v & 0xff;
}

static void gvt_edid_timing(u8 *d, const struct gvt_edid_mode *m)
{
	u16 hblank = m->hfp + m->hsync + m->hbp;
	u16 vblank = m->vfp + m->vsync + m->vbp;

	d[0] = m->clock & 0xff;
	d[1] = m->clock >> 8;
	d[2] = m->xres & 0xff;
	d[3] = hblank & 0xff;
	d[4] = (m->xres >> 8) << 4 | hblank >> 8;
	d[5] = m->yres & 0xff;
	d[6] = vblank & 0xff;
	d[7] = (m->yres >> 8) << 4 | vblank >> 8;
	d[8] = m->hfp & 0xff;
	d[9] = m->hsync & 0xff;
	d[10] = (m->vfp & 0xf) << 4 | (m->vsync & 0xf);
	d[11] = (m->hfp >> 8) << 6 | (m->hsync >> 8) << 4 |
		(m->vfp >> 4) << 2 | m->vsync >> 4;
	d[12] = m->width_mm & 0xff;
	d[13] = m->height_mm & 0xff;
	d[14] = (m->width_mm >> 8) << 4 | m->height_mm >> 8;
	/* Digital separate sync, and the polarities. */
	d[17] = 0x18 | (m->vpos ? BIT(2) : 0) | (m->hpos ? BIT(1) : 0);
}

/* A display descriptor: tag, then 13 bytes of text ended by a newline. */
static void gvt_edid_text(u8 *d, u8 tag, const char *text)
{
	size_t n = strlen(text);

	d[3] = tag;
	memset(d + 5, ' ', 13);
	memcpy(d + 5, text, n);
	if (n < 13)
		d[5 + n] = '\n';
}

/**
 * gvt_edid_build() - build the EDID of a virtual monitor
 * @edid: receives %GVT_EDID_SIZE bytes
 * @xres: preferred horizontal resolution: 1024 or 1920
 * @yres: preferred vertical resolution: 768 or 1200
 *
 * Return: 0, or -EINVAL for a resolution the monitor has no timing of
 * (@edid is left as it was).
 */
int gvt_edid_build(u8 *edid, unsigned int xres, unsigned int yres)
{
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	/*
	 * sRGB primaries and D65 white in 10-bit CIE xy: red 0.640/0.330,
	 * green 0.300/0.600, blue 0.150/0.060, white 0.3127/0.3290.
	 */
	static const u8 chroma[10] = {
		0xee, 0x91, 0xa3, 0x54, 0x4c, 0x99, 0x26, 0x0f, 0x50, 0x54,
	};
	const struct gvt_edid_mode *m = NULL;
	unsigned int i;
	u8 sum = 0;

	for (i = 0; i < ARRAY_SIZE(gvt_edid_modes); i++)
		if (gvt_edid_modes[i].xres == xres &&
		    gvt_edid_modes[i].yres == yres)
			m = &gvt_edid_modes[i];
	if (!m)
		return -EINVAL;

	memset(edid, 0, GVT_EDID_SIZE);
	memcpy(edid, header, sizeof(header));
	gvt_edid_vendor(edid, "GVT");
	edid[0x0a] = xres == 1024 ? 1 : 2;	/* product code */
	edid[0x10] = 1;				/* week 1 */
	edid[0x11] = 2026 - 1990;		/* year */
	edid[0x12] = 1;				/* EDID 1.4 */
	edid[0x13] = 4;
	edid[0x14] = 0x80 | 0x20 | 0x05;	/* digital, 8 bpc, DP */
	edid[0x15] = DIV_ROUND_CLOSEST(m->width_mm, 10);
	edid[0x16] = DIV_ROUND_CLOSEST(m->height_mm, 10);
	edid[0x17] = 220 - 100;			/* gamma 2.2 */
	edid[0x18] = 0x06;			/* sRGB, preferred is native */
	memcpy(edid + 0x19, chroma, sizeof(chroma));
	edid[0x23] = BIT(5) | BIT(0);		/* 640x480@60, 800x600@60 */
	edid[0x24] = BIT(3);			/* 1024x768@60 */
	for (i = 0x26; i < 0x36; i++)		/* no standard timings */
		edid[i] = 1;
	gvt_edid_timing(edid + GVT_EDID_DESC(0), m);
	/* Range limits: 50-75 Hz, 30-160 kHz, 170 MHz, no formula. */
	edid[GVT_EDID_DESC(1) + 3] = 0xfd;
	edid[GVT_EDID_DESC(1) + 5] = 50;
	edid[GVT_EDID_DESC(1) + 6] = 75;
	edid[GVT_EDID_DESC(1) + 7] = 30;
	edid[GVT_EDID_DESC(1) + 8] = 160;
	edid[GVT_EDID_DESC(1) + 9] = 17;
	edid[GVT_EDID_DESC(1) + 10] = 0x01;
	edid[GVT_EDID_DESC(1) + 11] = '\n';
	memset(edid + GVT_EDID_DESC(1) + 12, ' ', 6);
	gvt_edid_text(edid + GVT_EDID_DESC(2), 0xfc, GVT_EDID_NAME);
	/* The fourth descriptor is a dummy (tag 0x10). */
	edid[GVT_EDID_DESC(3) + 3] = 0x10;
	for (i = 0; i < GVT_EDID_SIZE - 1; i++)
		sum += edid[i];
	edid[GVT_EDID_SIZE - 1] = -sum;
	return 0;
}

/**
 * gvt_edid_check() - may a VMM's EDID be shown to the guest?
 * @edid: the blob
 * @size: its bytes
 * @max_xres: the largest horizontal resolution the vGPU's type shows
 * @max_yres: the largest vertical one
 * @why: receives what is wrong, for the caller's message
 *
 * The blob must be a base block with the EDID header, followed by as many
 * extension blocks as its byte 126 announces, at most
 * %GVT_EDID_MAX_SIZE bytes in all, each block summing to 0; its first
 * descriptor must be a detailed timing (the preferred mode, as EDID 1.4
 * has it) no larger than @max_xres x @max_yres, so that a guest taking
 * the preferred mode gets a plane the frontend can show.
 *
 * Return: 0, or -EINVAL with @why set.
 */
int gvt_edid_check(const u8 *edid, size_t size, unsigned int max_xres,
		   unsigned int max_yres, const char **why)
{
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	const u8 *d = edid + GVT_EDID_DESC(0);
	unsigned int xres, yres;
	size_t b, i;

	if (size < GVT_EDID_SIZE || size > GVT_EDID_MAX_SIZE ||
	    size % GVT_EDID_SIZE) {
		*why = "not one or two 128-byte blocks";
		return -EINVAL;
	}
	if (memcmp(edid, header, sizeof(header))) {
		*why = "no EDID header";
		return -EINVAL;
	}
	if ((edid[126] + 1) * GVT_EDID_SIZE != size) {
		*why = "its extension count does not match its size";
		return -EINVAL;
	}
	for (b = 0; b < size; b += GVT_EDID_SIZE) {
		u8 sum = 0;

		for (i = 0; i < GVT_EDID_SIZE; i++)
			sum += edid[b + i];
		if (sum) {
			*why = "a block's checksum is wrong";
			return -EINVAL;
		}
	}
	if (!d[0] && !d[1]) {
		*why = "no preferred detailed timing";
		return -EINVAL;
	}
	xres = d[2] | (d[4] >> 4) << 8;
	yres = d[5] | (d[7] >> 4) << 8;
	if (!xres || !yres || xres > max_xres || yres > max_yres) {
		*why = "its preferred mode does not fit the vGPU's type";
		return -EINVAL;
	}
	return 0;
}
