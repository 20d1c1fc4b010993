// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's screen through VFIO, as QEMU's display=on takes it:
 * VFIO_DEVICE_QUERY_GFX_PLANE with the REGION plane type, and the two
 * read-only, mmap-able plane regions after the OpRegion (the primary
 * plane's and the cursor's linear copies).
 *
 * Each test plays the guest: guest memory mapped for DMA, GGTT entries
 * pointing at it, a pattern drawn in it, pipe A and its planes
 * programmed; then the host side queries and compares the mapped region,
 * pixel by pixel, with the pattern. Bad requests (argsz, flags, plane
 * types, DMABUF while it is off), planes the copy refuses and bad
 * mappings get EINVAL or EACCES. With gvt_vfio's dmabuf=1 the DMABUF
 * plane type is checked the same way through the dma-bufs it exports.
 * The contract is Documentation/gpu/gvt/display.rst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define PRIMARY_INDEX		(VFIO_PCI_NUM_REGIONS + 1)
#define CURSOR_INDEX		(VFIO_PCI_NUM_REGIONS + 2)
#define CURSOR_BYTES		(256 * 256 * 4)

#define PIPECONF(p)		(0x70008 + 0x1000 * (p))
#define PIPECONF_ENABLE		0x80000000U
#define PIPESRC(p)		(0x6001c + 0x1000 * (p))
#define PLANE_CTL(p)		(0x70180 + 0x1000 * (p))
#define PLANE_STRIDE(p)		(0x70188 + 0x1000 * (p))
#define PLANE_OFFSET(p)		(0x701a4 + 0x1000 * (p))
#define PLANE_SURF(p)		(0x7019c + 0x1000 * (p))
#define PLANE_SURFLIVE(p)	(0x701ac + 0x1000 * (p))
#define CUR_CTL(p)		(0x70080 + 0x1000 * (p))
#define CUR_BASE(p)		(0x70084 + 0x1000 * (p))
#define CUR_POS(p)		(0x70088 + 0x1000 * (p))
#define CTL_ON_XRGB		0x84000000U	/* enable, 8:8:8:8 */
#define CTL_TILE_X		0x00000400U
#define CTL_TILE_Y		0x00001000U
#define CUR_64_ARGB		0x27

#define XRGB8888		0x34325258	/* 'XR24' */
#define ARGB8888		0x34325241	/* 'AR24' */

/* The guest's screen: 640x480, 2560 bytes a line; then a 64x64 cursor. */
#define W			640
#define H			480
#define STRIDE			(W * 4)
#define FB_PAGES		(STRIDE * H / GVT_PAGE_SIZE)	/* 300 */
#define CUR_PAGE		FB_PAGES			/* 4 pages */
#define NPAGES			(FB_PAGES + 4)
#define MEM_SIZE		(NPAGES * GVT_PAGE_SIZE)
#define IOVA			0x100000000ULL

FIXTURE(plane) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	struct gvt_pvinfo pv;
	int open_err;
	uint32_t *mem;
	bool dmabuf_on;
	const char *why;
};

FIXTURE_SETUP(plane)
{
	gvt_vfio_init(&self->v);
	self->mem = MAP_FAILED;
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
	self->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
}

#define DMABUF_PARAM	"/sys/module/gvt_vfio/parameters/dmabuf"

FIXTURE_TEARDOWN(plane)
{
	if (self->dmabuf_on)
		EXPECT_EQ(0, gvt_write(DMABUF_PARAM, "0\n", 2));
	gvt_vfio_close(&self->v);
	if (self->mem != MAP_FAILED)
		munmap(self->mem, MEM_SIZE);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

static uint64_t region_offset(unsigned int index)
{
	return (uint64_t)index << 40;
}

/* The pixel the guest draws at (x, y). */
static uint32_t px(unsigned int x, unsigned int y)
{
	return 0x00800000U | (y & 0x3ff) << 10 | (x & 0x3ff);
}

/*
 * The guest's setup: its memory DMA-mapped, its aperture's first pages
 * mapping it in the GGTT, the pattern drawn (linear), pipe A off.
 */
static void __guest(struct __test_metadata *_metadata,
		    struct _test_data_plane *self)
{
	const struct gvt_vfio *v = &self->v;
	unsigned int k, x, y;

	__gvt_assert_open(_metadata, self->open_err, self->uuid);
	ASSERT_EQ(0, gvt_pvinfo_read(v, &self->pv));
	ASSERT_LE(MEM_SIZE, self->pv.ap_size);
	ASSERT_EQ(0, gvt_dma_map(v, self->mem, IOVA, MEM_SIZE));
	for (k = 0; k < NPAGES; k++)
		wr64(v, GVT_GGTT_OFFSET + 8 * (self->pv.ap_base /
					       GVT_PAGE_SIZE + k),
		     (IOVA + k * GVT_PAGE_SIZE) | GVT_PTE_PRESENT);
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			self->mem[y * W + x] = px(x, y);
	for (k = 0; k < 64 * 64; k++)
		self->mem[CUR_PAGE * GVT_PAGE_SIZE / 4 + k] = 0xff000000U | k;
	wr32(v, PIPECONF(0), 0);
	wr32(v, PLANE_CTL(0), 0);
	wr32(v, CUR_CTL(0), 0);
}

#define guest() __guest(_metadata, self)

/* Pipe A at WxH, its primary plane at @surf; the flip lands. */
static void __show(struct __test_metadata *_metadata, const struct gvt_vfio *v,
		   uint32_t ctl, uint32_t stride_units, uint32_t surf)
{
	unsigned int i;

	wr32(v, PIPESRC(0), (W - 1) << 16 | (H - 1));
	wr32(v, PLANE_CTL(0), ctl);
	wr32(v, PLANE_STRIDE(0), stride_units);
	wr32(v, PLANE_OFFSET(0), 0);
	wr32(v, PLANE_SURF(0), surf);
	wr32(v, PIPECONF(0), PIPECONF_ENABLE);
	for (i = 0; i < 100 && rd32(v, PLANE_SURFLIVE(0)) != surf; i++)
		usleep(10000);
	ASSERT_EQ(surf, rd32(v, PLANE_SURFLIVE(0)));
}

#define show(ctl, units, surf) __show(_metadata, &self->v, ctl, units, surf)

static int query(const struct gvt_vfio *v, uint32_t flags, uint32_t type,
		 struct vfio_device_gfx_plane_info *p)
{
	memset(p, 0, sizeof(*p));
	p->argsz = sizeof(*p);
	p->flags = flags;
	p->drm_plane_type = type;
	return ioctl(v->device, VFIO_DEVICE_QUERY_GFX_PLANE, p) ? -errno : 0;
}

static int region_info(const struct gvt_vfio *v, unsigned int index,
		       struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, info) ? -errno : 0;
}

/* The monitor's biggest mode for the type, as its spec says "WxH". */
static unsigned long primary_bytes(const struct gvt_type *t)
{
	const struct gvt_type_spec *s = gvt_type_spec_find(t->name);
	unsigned long w = 0, h = 0;

	if (s)
		sscanf(s->resolution, "%lux%lu", &w, &h);
	return (w * h * 4 + GVT_PAGE_SIZE - 1) & ~(GVT_PAGE_SIZE - 1);
}

/* Probes, flags, plane types and argsz, as QEMU and others send them. */
TEST_F(plane, probe_and_bad_requests)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	/* QEMU's display=on: DMABUF first (refused), then REGION. */
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_PROBE |
				 VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_PROBE |
			   VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	/* Not exactly one plane type, unknown flags. */
	EXPECT_EQ(-EINVAL, query(v, 0, 0, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_PROBE, 0, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION |
				 VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION | 1U << 3, 0,
				 &p));
	/* Plane types: 0 and 1 are the primary, 2 the cursor, 3 nothing. */
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 1, &p));
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 2, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 3, &p));
	/* argsz: the fields up to region_index, not one byte less. */
	memset(&p, 0, sizeof(p));
	p.argsz = offsetof(struct vfio_device_gfx_plane_info, region_index) +
		  sizeof(p.region_index);
	p.flags = VFIO_GFX_PLANE_TYPE_REGION;
	EXPECT_EQ(0, ioctl(v->device, VFIO_DEVICE_QUERY_GFX_PLANE, &p));
	p.argsz--;
	EXPECT_EQ(-1, ioctl(v->device, VFIO_DEVICE_QUERY_GFX_PLANE, &p));
	EXPECT_EQ(EINVAL, errno);
}

/* The two plane regions: read-only, mmap-able, their sizes. */
TEST_F(plane, regions)
{
	const struct gvt_vfio *v = &self->v;
	struct vfio_region_info info;
	const uint32_t ro_mmap = VFIO_REGION_INFO_FLAG_READ |
				 VFIO_REGION_INFO_FLAG_MMAP;
	uint32_t b = 0;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	ASSERT_EQ(0, region_info(v, PRIMARY_INDEX, &info));
	EXPECT_EQ(ro_mmap, info.flags);
	EXPECT_EQ(primary_bytes(self->type), info.size);
	EXPECT_EQ(region_offset(PRIMARY_INDEX), info.offset);
	ASSERT_EQ(0, region_info(v, CURSOR_INDEX, &info));
	EXPECT_EQ(ro_mmap, info.flags);
	EXPECT_EQ(CURSOR_BYTES, info.size);
	/* Read-only through the fd too; nothing past the end. */
	EXPECT_EQ(4, pread(v->device, &b, 4, region_offset(CURSOR_INDEX)));
	EXPECT_EQ(-1, pwrite(v->device, &b, 4, region_offset(CURSOR_INDEX)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(v->device, &b, 4, region_offset(CURSOR_INDEX) +
			    CURSOR_BYTES));
	EXPECT_EQ(EINVAL, errno);
}

/* A disabled plane is described with format and size 0. */
TEST_F(plane, disabled)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, p.drm_format);
	EXPECT_EQ(0, p.size);
	/* The pipe on, its plane off. */
	wr32(v, PIPECONF(0), PIPECONF_ENABLE);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, p.drm_format);
	EXPECT_EQ(0, p.size);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 2, &p));
	EXPECT_EQ(0, p.drm_format);
}

/* The guest's WxH linear XRGB screen as a query describes its copy. */
static void __expect_screen(struct __test_metadata *_metadata,
			    const struct vfio_device_gfx_plane_info *p)
{
	EXPECT_EQ(XRGB8888, p->drm_format);
	EXPECT_EQ(0, p->drm_format_mod);
	EXPECT_EQ(W, p->width);
	EXPECT_EQ(H, p->height);
	EXPECT_EQ(STRIDE, p->stride);
	EXPECT_EQ(STRIDE * H, p->size);
}

#define expect_screen(p) __expect_screen(_metadata, p)

/* Count the pixels of the WxH copy at @fb that differ from @want(x, y). */
static unsigned int mismatches(const uint32_t *fb, uint32_t delta)
{
	unsigned int x, y, bad = 0;

	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			bad += fb[y * W + x] != px(x, y) + delta;
	return bad;
}

/*
 * The primary plane, linear: the mapped region holds the guest's screen;
 * a new frame shows at the next query.
 */
TEST_F(plane, primary_linear_mmap)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;
	struct vfio_region_info info;
	unsigned int k, bad;
	uint32_t *fb;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	expect_screen(&p);
	EXPECT_EQ(0, p.x_pos);
	EXPECT_EQ(0, p.y_pos);
	EXPECT_EQ(PRIMARY_INDEX, p.region_index);

	ASSERT_EQ(0, region_info(v, p.region_index, &info));
	fb = mmap(NULL, p.size, PROT_READ, MAP_SHARED, v->device,
		  info.offset);
	ASSERT_NE(MAP_FAILED, fb);
	bad = mismatches(fb, 0);
	EXPECT_EQ(0, bad);
	/* The guest draws the next frame: the region shows it once asked. */
	for (k = 0; k < W * H; k++)
		self->mem[k] += 1;
	EXPECT_EQ(0, mismatches(fb, 0));
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, mismatches(fb, 1));
	munmap(fb, p.size);
}

/* X tiling: the region holds the detiled screen. */
TEST_F(plane, primary_xtiled)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;
	unsigned int x, y, tile, in;
	uint32_t *fb;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	/* 2560 bytes a line: five 512-byte tiles a row, 60 rows of 8 lines. */
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			tile = (y / 8) * (STRIDE / 512) + x * 4 / 512;
			in = (y % 8) * 512 + x * 4 % 512;
			self->mem[(tile * 4096 + in) / 4] = px(x, y);
		}
	show(CTL_ON_XRGB | CTL_TILE_X, STRIDE / 512, self->pv.ap_base);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(XRGB8888, p.drm_format);
	EXPECT_EQ(0, p.drm_format_mod);	/* the copy is linear */
	EXPECT_EQ(STRIDE, p.stride);
	fb = mmap(NULL, p.size, PROT_READ, MAP_SHARED, v->device,
		  region_offset(PRIMARY_INDEX));
	ASSERT_NE(MAP_FAILED, fb);
	EXPECT_EQ(0, mismatches(fb, 0));
	munmap(fb, p.size);
}

/* The cursor: its own region, its position, ARGB. */
TEST_F(plane, cursor)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;
	unsigned int k, bad = 0;
	uint32_t *cur;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	wr32(v, CUR_CTL(0), CUR_64_ARGB);
	wr32(v, CUR_POS(0), 100 << 16 | 0x8000 | 7);	/* (-7, 100) */
	wr32(v, CUR_BASE(0), self->pv.ap_base + CUR_PAGE * GVT_PAGE_SIZE);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 2, &p));
	EXPECT_EQ(ARGB8888, p.drm_format);
	EXPECT_EQ(64, p.width);
	EXPECT_EQ(64, p.height);
	EXPECT_EQ(256, p.stride);
	EXPECT_EQ(-7, (int32_t)p.x_pos);
	EXPECT_EQ(100, p.y_pos);
	EXPECT_EQ(CURSOR_INDEX, p.region_index);
	cur = mmap(NULL, p.size, PROT_READ, MAP_SHARED, v->device,
		   region_offset(CURSOR_INDEX));
	ASSERT_NE(MAP_FAILED, cur);
	for (k = 0; k < 64 * 64; k++)
		bad += cur[k] != (0xff000000U | k);
	EXPECT_EQ(0, bad);
	munmap(cur, p.size);
	/* The primary is still the screen. */
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 1, &p));
	EXPECT_EQ(PRIMARY_INDEX, p.region_index);
	EXPECT_EQ(W, p.width);
}

/*
 * Planes the copy refuses (outside the vGPU's memory, an unmapped page, a
 * short stride, Y tiling) fail the query with EINVAL.
 */
TEST_F(plane, refused_planes)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;
	uint32_t last;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	/* GM address 0 belongs to the host. */
	show(CTL_ON_XRGB, STRIDE / 64, 0);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, p.size);
	/* Running off the end of the vGPU's aperture. */
	show(CTL_ON_XRGB, STRIDE / 64,
	     self->pv.ap_base + self->pv.ap_size - 4 * GVT_PAGE_SIZE);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	/* The screen's last page unmapped, then mapped again. */
	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	last = self->pv.ap_base / GVT_PAGE_SIZE + FB_PAGES - 1;
	wr64(v, GVT_GGTT_OFFSET + 8 * last, 0);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	wr64(v, GVT_GGTT_OFFSET + 8 * last,
	     (IOVA + (FB_PAGES - 1) * GVT_PAGE_SIZE) | GVT_PTE_PRESENT);
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	/* A stride shorter than a line; Y tiling. */
	show(CTL_ON_XRGB, STRIDE / 64 - 1, self->pv.ap_base);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	show(CTL_ON_XRGB | CTL_TILE_Y, STRIDE / 128, self->pv.ap_base);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
}

/* The plane regions map shared and read-only, inside their size; BAR0 not. */
TEST_F(plane, bad_mmaps)
{
	const struct gvt_vfio *v = &self->v;
	size_t size = primary_bytes(self->type);
	void *m;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, v->device,
		 region_offset(VFIO_PCI_BAR0_REGION_INDEX));
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, v->device,
		 region_offset(PRIMARY_INDEX));
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EACCES, errno);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, v->device,
		 region_offset(PRIMARY_INDEX));
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	m = mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, v->device,
		 region_offset(PRIMARY_INDEX));
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, v->device,
		 region_offset(CURSOR_INDEX) + CURSOR_BYTES);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* A good one cannot be made writable later. */
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, v->device,
		 region_offset(PRIMARY_INDEX));
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(-1, mprotect(m, 4096, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(m, size);
}

static int get_dmabuf(const struct gvt_vfio *v, uint32_t id)
{
	int fd = ioctl(v->device, VFIO_DEVICE_GET_GFX_DMABUF, &id);

	return fd < 0 ? -errno : fd;
}

/* Off by default: neither the probe nor an export. */
TEST_F(plane, dmabuf_off)
{
	struct vfio_device_gfx_plane_info p;
	const struct gvt_vfio *v = &self->v;
	char val[8] = "";

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	if (gvt_read(DMABUF_PARAM, val, sizeof(val)) < 0)
		SKIP(return, "no %s", DMABUF_PARAM);
	ASSERT_STREQ("N\n", val);
	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_PROBE |
				 VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, get_dmabuf(v, 1));
}

/*
 * dmabuf=1: the probe succeeds; a query copies the screen into a plane
 * object whose dma-buf maps read-only; the same shape keeps its id and
 * the next query refreshes it; a new shape gets a new id, and the old
 * dma-buf stays readable; unknown ids and planes larger than the type's
 * biggest mode are refused.
 */
TEST_F(plane, dmabuf_primary)
{
	struct vfio_device_gfx_plane_info p, p2;
	const struct gvt_vfio *v = &self->v;
	uint32_t *fb, *fb2;
	unsigned int k;
	int fd, fd2;

	if (self->why)
		SKIP(return, "%s", self->why);
	guest();
	if (gvt_write(DMABUF_PARAM, "1\n", 2))
		SKIP(return, "cannot write %s", DMABUF_PARAM);
	self->dmabuf_on = true;
	EXPECT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_PROBE |
			   VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	/* Disabled: format and size 0, no id. */
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 1, &p));
	EXPECT_EQ(0, p.drm_format);
	EXPECT_EQ(0, p.size);
	EXPECT_EQ(0, p.dmabuf_id);

	show(CTL_ON_XRGB, STRIDE / 64, self->pv.ap_base);
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 1, &p));
	expect_screen(&p);
	ASSERT_NE(0, p.dmabuf_id);
	fd = get_dmabuf(v, p.dmabuf_id);
	ASSERT_LE(0, fd);
	EXPECT_EQ(p.size, lseek(fd, 0, SEEK_END));
	fb = mmap(NULL, p.size, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, fb);
	EXPECT_EQ(0, mismatches(fb, 0));
	/* read-only */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, p.size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, fd, 0));
	EXPECT_EQ(-1, mprotect(fb, 4096, PROT_READ | PROT_WRITE));
	/* The next frame: same shape, same id, the mapping shows it. */
	for (k = 0; k < W * H; k++)
		self->mem[k] += 1;
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p2));
	EXPECT_EQ(p.dmabuf_id, p2.dmabuf_id);
	EXPECT_EQ(0, mismatches(fb, 1));
	/* The pipe 64 pixels narrower: another shape, another object. */
	wr32(v, PIPESRC(0), (W - 64 - 1) << 16 | (H - 1));
	ASSERT_EQ(0, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p2));
	EXPECT_EQ(W - 64, p2.width);
	EXPECT_NE(p.dmabuf_id, p2.dmabuf_id);
	/* the old one is no longer current, its dma-buf still reads */
	EXPECT_EQ(-EINVAL, get_dmabuf(v, p.dmabuf_id));
	EXPECT_EQ(0, mismatches(fb, 1));
	fd2 = get_dmabuf(v, p2.dmabuf_id);
	ASSERT_LE(0, fd2);
	fb2 = mmap(NULL, p2.size, PROT_READ, MAP_SHARED, fd2, 0);
	ASSERT_NE(MAP_FAILED, fb2);
	EXPECT_EQ(px(5, 1) + 1, fb2[p2.stride / 4 + 5]);
	munmap(fb2, p2.size);
	close(fd2);
	EXPECT_EQ(-EINVAL, get_dmabuf(v, 0));
	EXPECT_EQ(-EINVAL, get_dmabuf(v, p2.dmabuf_id + 100));
	/*
	 * 2560x1440, every page mapped (the guest's pages over and over):
	 * larger than any type's mode, refused by both types, so that the
	 * guest cannot make the host allocate more.
	 */
	ASSERT_LE(2560 * 4 * 1440, self->pv.ap_size);
	for (k = 0; k < 2560 * 4 * 1440 / GVT_PAGE_SIZE; k++)
		wr64(v, GVT_GGTT_OFFSET + 8 * (self->pv.ap_base /
					       GVT_PAGE_SIZE + k),
		     (IOVA + (k % NPAGES) * GVT_PAGE_SIZE) | GVT_PTE_PRESENT);
	wr32(v, PIPESRC(0), (2560 - 1) << 16 | (1440 - 1));
	wr32(v, PLANE_STRIDE(0), 2560 * 4 / 64);
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p2));
	EXPECT_EQ(-EINVAL, query(v, VFIO_GFX_PLANE_TYPE_REGION, 0, &p2));
	/* after the last close of the device, the old dma-buf still reads */
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, mismatches(fb, 1));
	munmap(fb, p.size);
	close(fd);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
