// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plane decoder (core/plane.c): a guest's primary plane and cursor,
 * linear and X-tiled, decoded from its registers and copied through its
 * GGTT into a linear buffer, compared pixel by pixel against a model of
 * the surface the test laid out in guest memory; the flip shows once its
 * vblank passed; planes that point outside the vGPU's memory, at unmapped
 * pages, with a short stride or an unexported format copy nothing.
 */
#include <stdio.h>

#include "wl_env.h"

#define PLANE_CTL(p)	(0x70180 + 0x1000 * (p))
#define PLANE_STRIDE(p)	(0x70188 + 0x1000 * (p))
#define PLANE_OFFSET(p)	(0x701a4 + 0x1000 * (p))
#define PIPESRC(p)	(0x6001c + 0x1000 * (p))
#define CUR_CTL(p)	(0x70080 + 0x1000 * (p))
#define CUR_BASE(p)	(0x70084 + 0x1000 * (p))
#define CUR_POS(p)	(0x70088 + 0x1000 * (p))
#define CTL_ON		BIT(31)
#define CTL_8888	(4U << 24)
#define CTL_RGBX	BIT(20)
#define CTL_X		BIT(10)
#define CTL_Y		(4U << 10)
#define CTL_ALPHA	(3U << 4)
#define XRGB		0x34325258	/* 'XR24' */
#define XBGR		0x34324258	/* 'XB24' */
#define ARGB		0x34325241	/* 'AR24' */
#define FB		WL_SCRATCH	/* first guest page of the surface */
#define DST_SIZE	(64 * 4096)

static u8 dst[DST_SIZE];

/* The pixel the model puts at (x, y) of a surface. */
static u32 px(u32 x, u32 y)
{
	return 0x5a000000 | y << 12 | x;
}

/* Byte @off of the guest's surface starting at page FB. */
static u32 *fb_at(struct wl_guest *g, u64 off)
{
	return wl_page(g, FB + off / 4096) + off % 4096 / 4;
}

/* A linear surface: @stride bytes per line, @w x @h pixels. */
static void fill_linear(struct wl_guest *g, u32 stride, u32 w, u32 h)
{
	u32 x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			*fb_at(g, (u64)y * stride + x * 4) = px(x, y);
}

/*
 * An X-tiled surface, from the tile layout: tiles of 512 bytes by 8
 * lines, @stride / 512 of them per row, row-major, each 4 KiB line after
 * line.
 */
static void fill_xtiled(struct wl_guest *g, u32 stride, u32 w, u32 h)
{
	u32 x, y, tile, in;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			tile = (y / 8) * (stride / 512) + x * 4 / 512;
			in = (y % 8) * 512 + x * 4 % 512;
			*fb_at(g, (u64)tile * 4096 + in) = px(x, y);
		}
}

static void pipe_on(struct wl_guest *g, unsigned int pipe, u32 w, u32 h)
{
	wr32(g->v, PIPESRC(pipe), (w - 1) << 16 | (h - 1));
	wr32(g->v, GVT_REG_PIPECONF(pipe), GVT_PIPECONF_ENABLE);
}

/* Program pipe A's primary plane and let its flip land. */
static void primary(struct wl_guest *g, u32 ctl, u32 stride_units, u32 ox,
		    u32 oy, u64 gma)
{
	wr32(g->v, PLANE_CTL(0), ctl);
	wr32(g->v, PLANE_STRIDE(0), stride_units);
	wr32(g->v, PLANE_OFFSET(0), oy << 16 | ox);
	wr32(g->v, GVT_REG_PLANE_SURF(0, 0), (u32)gma);
	gvt_shim_now_ns += GVT_VBLANK_PERIOD_NS;
}

static void guest(struct wl_guest *g, struct wl_dev *d)
{
	unsigned int p;

	wl_dev_init(d, 256, true);
	wl_guest_init(g, d, "GVTg_V5_8", 0);
	for (p = 0; p < GVT_NUM_PIPES; p++) {
		wr32(g->v, GVT_REG_PIPECONF(p), 0);
		wr32(g->v, PLANE_CTL(p), 0);
		wr32(g->v, CUR_CTL(p), 0);
	}
}

static void done(struct wl_guest *g, struct wl_dev *d)
{
	wl_guest_fini(g);
	wl_dev_fini(d);
}

/* Every pixel of the copy is the model's at (x + ox, y + oy). */
static bool copy_matches(const struct gvt_plane *pl, u32 ox, u32 oy)
{
	u32 x, y, v;

	for (y = 0; y < pl->height; y++)
		for (x = 0; x < pl->width; x++) {
			memcpy(&v, dst + y * pl->stride + x * 4, 4);
			if (v != px(x + ox, y + oy)) {
				fprintf(stderr, "pixel (%u, %u): %#x, want %#x\n",
					x, y, v, px(x + ox, y + oy));
				return false;
			}
		}
	return true;
}

static bool dst_untouched(void)
{
	size_t i;

	for (i = 0; i < DST_SIZE; i++)
		if (dst[i] != 0xee)
			return false;
	return true;
}

TEST(plane_off_and_linear)
{
	struct gvt_plane pl;
	struct wl_guest g;
	struct wl_dev d;

	guest(&g, &d);
	/* No pipe: nothing, and not an error. */
	memset(dst, 0xee, sizeof(dst));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(!pl.enabled);
	EXPECT_EQ(pl.size, 0);
	/* A pipe, its plane off: nothing either. */
	pipe_on(&g, 0, 40, 20);
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(!pl.enabled);
	EXPECT(dst_untouched());

	/* 40x20 at (8, 3) of a 64-pixel (256-byte, 4 units) surface. */
	fill_linear(&g, 256, 64, 24);
	primary(&g, CTL_ON | CTL_8888, 4, 8, 3, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(pl.enabled);
	EXPECT_EQ(pl.pipe, 0);
	EXPECT_EQ(pl.drm_format, XRGB);
	EXPECT_EQ(pl.width, 40);
	EXPECT_EQ(pl.height, 20);
	EXPECT_EQ(pl.stride, 160);
	EXPECT_EQ(pl.size, 160 * 20);
	EXPECT_EQ(pl.gma, wl_gm(&g, FB));
	EXPECT(!pl.tiled);
	EXPECT_EQ(pl.guest_stride, 256);
	EXPECT(copy_matches(&pl, 8, 3));
	/* Decoding only copies nothing. */
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT(pl.enabled);

	/* The byte order and alpha bits name the format. */
	primary(&g, CTL_ON | CTL_8888 | CTL_RGBX, 4, 0, 0, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT_EQ(pl.drm_format, XBGR);
	primary(&g, CTL_ON | CTL_8888 | CTL_ALPHA, 4, 0, 0, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT_EQ(pl.drm_format, ARGB);

	/* The pipe off: the plane is gone. */
	wr32(g.v, GVT_REG_PIPECONF(0), 0);
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(!pl.enabled);
	done(&g, &d);
}

TEST(plane_xtiled)
{
	struct gvt_plane pl;
	struct wl_guest g;
	struct wl_dev d;

	guest(&g, &d);
	/*
	 * Three tiles per row (1536 bytes, 384 pixels), three rows: 36 KiB.
	 * 200x13 from (100, 5) crosses tile columns and rows.
	 */
	fill_xtiled(&g, 1536, 384, 24);
	pipe_on(&g, 0, 200, 13);
	primary(&g, CTL_ON | CTL_8888 | CTL_X, 3, 100, 5, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(pl.enabled);
	EXPECT(pl.tiled);
	EXPECT_EQ(pl.guest_stride, 1536);
	EXPECT_EQ(pl.width, 200);
	EXPECT_EQ(pl.height, 13);
	EXPECT(copy_matches(&pl, 100, 5));
	done(&g, &d);
}

TEST(plane_flip_shows_after_vblank)
{
	struct gvt_plane pl;
	struct wl_guest g;
	struct wl_dev d;

	guest(&g, &d);
	pipe_on(&g, 0, 16, 4);
	primary(&g, CTL_ON | CTL_8888, 1, 0, 0, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT_EQ(pl.gma, wl_gm(&g, FB));
	/* Armed, not latched: the old surface is still on screen. */
	wr32(g.v, GVT_REG_PLANE_SURF(0, 0), (u32)wl_gm(&g, FB + 2));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT_EQ(pl.gma, wl_gm(&g, FB));
	gvt_shim_now_ns += GVT_VBLANK_PERIOD_NS;
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, NULL, 0),
		  0);
	EXPECT_EQ(pl.gma, wl_gm(&g, FB + 2));
	done(&g, &d);
}

TEST(plane_cursor)
{
	struct gvt_plane pl;
	struct wl_guest g;
	struct wl_dev d;

	guest(&g, &d);
	pipe_on(&g, 0, 640, 480);
	/* No cursor. */
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_CURSOR, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(!pl.enabled);
	/* 64x64 ARGB at (-5, 10): 16 KiB, linear, 256 bytes a line. */
	fill_linear(&g, 256, 64, 64);
	wr32(g.v, CUR_CTL(0), 0x27);
	wr32(g.v, CUR_POS(0), 10 << 16 | BIT(15) | 5);
	wr32(g.v, CUR_BASE(0), (u32)wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_CURSOR, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(pl.enabled);
	EXPECT_EQ(pl.drm_format, ARGB);
	EXPECT_EQ(pl.width, 64);
	EXPECT_EQ(pl.height, 64);
	EXPECT_EQ(pl.x, -5);
	EXPECT_EQ(pl.y, 10);
	EXPECT(copy_matches(&pl, 0, 0));
	/* A mode that is not ARGB is refused. */
	wr32(g.v, CUR_CTL(0), 0x04);
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_CURSOR, &pl, dst,
				      DST_SIZE), -EINVAL);
	EXPECT(!pl.enabled);
	done(&g, &d);
}

/* A refused plane: -EINVAL, not enabled, nothing written to dst. */
static bool refused(struct wl_guest *g)
{
	struct gvt_plane pl;
	int ret;

	memset(dst, 0xee, sizeof(dst));
	ret = gvt_vgpu_plane_read(g->v, GVT_PLANE_PRIMARY, &pl, dst,
				  DST_SIZE);
	return ret == -EINVAL && !pl.enabled && !pl.size && dst_untouched();
}

TEST(plane_bad_input)
{
	struct gvt_vgpu_resources res2;
	struct gvt_plane pl;
	struct wl_guest g, g2;
	struct wl_dev d;
	u64 ent;

	guest(&g, &d);
	pipe_on(&g, 0, 64, 64);
	fill_linear(&g, 256, 64, 64);
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	EXPECT(copy_matches(&pl, 0, 0));

	/* Unexported format (RGB565), Y tiling. */
	primary(&g, CTL_ON | 14U << 24, 4, 0, 0, wl_gm(&g, FB));
	EXPECT(refused(&g));
	primary(&g, CTL_ON | CTL_8888 | CTL_Y, 4, 0, 0, wl_gm(&g, FB));
	EXPECT(refused(&g));
	/* A stride shorter than a line, also because of the x offset. */
	primary(&g, CTL_ON | CTL_8888, 3, 0, 0, wl_gm(&g, FB));
	EXPECT(refused(&g));
	primary(&g, CTL_ON | CTL_8888, 4, 1, 0, wl_gm(&g, FB));
	EXPECT(refused(&g));
	/* Bigger than the caller's buffer. */
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0, wl_gm(&g, FB));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      64 * 4 * 64 - 1), -EINVAL);
	/* The last page of the surface unmapped: nothing is copied. */
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0, wl_gm(&g, WL_GUEST_PAGES - 4));
	ent = PAGES(wl_gm(&g, WL_GUEST_PAGES - 1));
	ggtt_wr(g.v, ent, 0);
	EXPECT(refused(&g));
	ggtt_wr(g.v, ent, GPTE(MTEST_GFN(WL_GUEST_PAGES - 1)));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), 0);
	/* Running off the end of the aperture range into other GM. */
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0,
		g.res.low_gm_base + g.res.low_gm_size - 4096);
	EXPECT(refused(&g));
	/* Address 0 is the host's. */
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0, 0);
	EXPECT(refused(&g));

	/* Another vGPU's memory, by a second guest naming it. */
	wl_guest_init(&g2, &d, "GVTg_V5_8", WL_GUEST_PAGES);
	gvt_vgpu_get_resources(g2.v, &res2);
	pipe_on(&g2, 0, 64, 64);
	wr32(g2.v, PLANE_CTL(0), CTL_ON | CTL_8888);
	wr32(g2.v, PLANE_STRIDE(0), 4);
	wr32(g2.v, PLANE_OFFSET(0), 0);
	wr32(g2.v, GVT_REG_PLANE_SURF(0, 0), (u32)wl_gm(&g, FB));
	gvt_shim_now_ns += GVT_VBLANK_PERIOD_NS;
	memset(dst, 0xee, sizeof(dst));
	EXPECT_EQ(gvt_vgpu_plane_read(g2.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), -EINVAL);
	EXPECT(dst_untouched());
	EXPECT(res2.low_gm_base != g.res.low_gm_base);
	wl_guest_fini(&g2);

	/*
	 * An entry naming a frame the guest does not have: the read fails
	 * midway, and what was copied is wiped.
	 */
	primary(&g, CTL_ON | CTL_8888, 4, 0, 0, wl_gm(&g, FB));
	ggtt_wr(g.v, PAGES(wl_gm(&g, FB + 3)), GPTE(MTEST_GFN(4096)));
	memset(dst, 0xee, sizeof(dst));
	EXPECT_EQ(gvt_vgpu_plane_read(g.v, GVT_PLANE_PRIMARY, &pl, dst,
				      DST_SIZE), -EFAULT);
	EXPECT(!pl.enabled);
	EXPECT_EQ(dst[0], 0);
	EXPECT_EQ(dst[64 * 4 * 64 - 1], 0);
	EXPECT_EQ(dst[64 * 4 * 64], 0xee);
	ggtt_wr(g.v, PAGES(wl_gm(&g, FB + 3)), GPTE(MTEST_GFN(FB + 3)));
	done(&g, &d);
}
