// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's screen for the host: decode a Gen9 display plane from the
 * vGPU's registers and copy what it scans out into a linear buffer.
 *
 * The primary plane is plane 1 of the first enabled pipe (A to C): its
 * control (PLANE_CTL: enable, pixel format, RGB order, alpha, tiling), its
 * live surface address (PLANE_SURFLIVE, so an armed flip shows once its
 * vblank has passed), its stride (PLANE_STRIDE, in 64-byte units when
 * linear, in 512-byte tiles when X-tiled), its offset (PLANE_OFFSET) and
 * the pipe's source size (PIPESRC). The cursor is that pipe's: CUR_CTL's
 * mode (64, 128 or 256 square ARGB8888), CUR_BASE and CUR_POS.
 *
 * The surface is read through the vGPU's GGTT, page by page, from the
 * guest memory its entries map, exactly as the command scanner reads: the
 * whole surface must lie in one of the vGPU's graphics memory ranges and
 * every page of it must be mapped, which is checked before anything is
 * copied, so a plane that points outside the vGPU's memory copies nothing.
 * X tiles (512 bytes by 8 lines, 4 KiB, no swizzling on Gen9) are undone
 * into the linear copy.
 */
#include "gvt_internal.h"

#define GVT_REG_PLANE_CTL(p)	(0x70180 + 0x1000 * (p))
#define  GVT_PLANE_CTL_ENABLE	BIT(31)
#define  GVT_PLANE_CTL_FORMAT(c) ((c) >> 24 & 0xf)
#define   GVT_PLANE_FORMAT_8888	4
#define  GVT_PLANE_CTL_RGBX	BIT(20)
#define  GVT_PLANE_CTL_TILING(c) ((c) >> 10 & 0x7)
#define   GVT_PLANE_TILING_LINEAR 0
#define   GVT_PLANE_TILING_X	1
#define  GVT_PLANE_CTL_ALPHA	GENMASK(5, 4)
#define GVT_REG_PLANE_STRIDE(p)	(0x70188 + 0x1000 * (p))
#define  GVT_PLANE_STRIDE_MASK	GENMASK(9, 0)
#define GVT_REG_PLANE_OFFSET(p)	(0x701a4 + 0x1000 * (p))
#define GVT_REG_PIPESRC(p)	(0x6001c + 0x1000 * (p))
#define GVT_REG_CUR_CTL(p)	(0x70080 + 0x1000 * (p))
#define  GVT_CUR_MODE		GENMASK(5, 0)
#define GVT_REG_CUR_BASE(p)	(0x70084 + 0x1000 * (p))
#define GVT_REG_CUR_POS(p)	(0x70088 + 0x1000 * (p))
#define  GVT_CUR_POS_MASK	GENMASK(14, 0)
#define  GVT_CUR_POS_SIGN	BIT(15)

/* A surface address is 4 KiB aligned; the low bits are flags. */
#define GVT_SURF_ADDR_MASK	GENMASK(31, 12)

#define GVT_XTILE_WIDTH		512	/* bytes */
#define GVT_XTILE_LINES		8
#define GVT_XTILE_SIZE		(GVT_XTILE_WIDTH * GVT_XTILE_LINES)

#define GVT_FOURCC(a, b, c, d)	((u32)(a) | (u32)(b) << 8 | \
				 (u32)(c) << 16 | (u32)(d) << 24)
#define GVT_DRM_XRGB8888	GVT_FOURCC('X', 'R', '2', '4')
#define GVT_DRM_XBGR8888	GVT_FOURCC('X', 'B', '2', '4')
#define GVT_DRM_ARGB8888	GVT_FOURCC('A', 'R', '2', '4')
#define GVT_DRM_ABGR8888	GVT_FOURCC('A', 'B', '2', '4')

static u32 gvt_plane_reg(struct gvt_vgpu *vgpu, u32 offset)
{
	return *gvt_vreg_ro(vgpu, offset);
}

/* The first enabled pipe, or -1. */
static int gvt_plane_active_pipe(struct gvt_vgpu *vgpu)
{
	unsigned int pipe;

	for (pipe = 0; pipe < GVT_NUM_PIPES; pipe++)
		if (gvt_pipe_enabled(vgpu, pipe))
			return pipe;
	return -1;
}

static int gvt_plane_decode_primary(struct gvt_vgpu *vgpu, unsigned int pipe,
				    struct gvt_plane *plane, u32 *ox, u32 *oy)
{
	u32 ctl = gvt_plane_reg(vgpu, GVT_REG_PLANE_CTL(pipe));
	u32 src = gvt_plane_reg(vgpu, GVT_REG_PIPESRC(pipe));
	u32 off = gvt_plane_reg(vgpu, GVT_REG_PLANE_OFFSET(pipe));
	u32 stride = gvt_plane_reg(vgpu, GVT_REG_PLANE_STRIDE(pipe)) &
		     GVT_PLANE_STRIDE_MASK;
	u32 format = GVT_PLANE_CTL_FORMAT(ctl);
	u32 tiling = GVT_PLANE_CTL_TILING(ctl);
	bool rgbx = ctl & GVT_PLANE_CTL_RGBX;

	if (!(ctl & GVT_PLANE_CTL_ENABLE))
		return 0;
	if (format != GVT_PLANE_FORMAT_8888) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c pixel format %u, only 8:8:8:8 (4) is exported\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe, format);
		return -EINVAL;
	}
	if (tiling != GVT_PLANE_TILING_LINEAR && tiling != GVT_PLANE_TILING_X) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c tiling %u, only linear (0) and X (1) are exported\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe, tiling);
		return -EINVAL;
	}
	if (ctl & GVT_PLANE_CTL_ALPHA)
		plane->drm_format = rgbx ? GVT_DRM_ABGR8888 : GVT_DRM_ARGB8888;
	else
		plane->drm_format = rgbx ? GVT_DRM_XBGR8888 : GVT_DRM_XRGB8888;
	plane->tiled = tiling == GVT_PLANE_TILING_X;
	plane->guest_stride = stride * (plane->tiled ? GVT_XTILE_WIDTH : 64);
	plane->width = (src >> 16 & 0x1fff) + 1;
	plane->height = (src & 0x1fff) + 1;
	plane->gma = gvt_vblank_reg_read(vgpu,
					 GVT_REG_PLANE_SURFLIVE(pipe, 0)) &
		     GVT_SURF_ADDR_MASK;
	*ox = off & 0x1fff;
	*oy = off >> 16 & 0x1fff;
	return 1;
}

/* CUR_POS: sign and magnitude. */
static s32 gvt_cur_coord(u32 v)
{
	s32 mag = v & GVT_CUR_POS_MASK;

	return v & GVT_CUR_POS_SIGN ? -mag : mag;
}

static int gvt_plane_decode_cursor(struct gvt_vgpu *vgpu, unsigned int pipe,
				   struct gvt_plane *plane)
{
	u32 mode = gvt_plane_reg(vgpu, GVT_REG_CUR_CTL(pipe)) & GVT_CUR_MODE;
	u32 pos = gvt_plane_reg(vgpu, GVT_REG_CUR_POS(pipe));
	u32 size;

	switch (mode) {
	case 0:
		return 0;
	case 0x27:
		size = 64;
		break;
	case 0x22:
		size = 128;
		break;
	case 0x23:
		size = 256;
		break;
	default:
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c cursor mode %#x, only the ARGB modes 0x22, 0x23 and 0x27 are exported\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe, mode);
		return -EINVAL;
	}
	plane->drm_format = GVT_DRM_ARGB8888;
	plane->width = size;
	plane->height = size;
	plane->guest_stride = size * 4;
	plane->x = gvt_cur_coord(pos);
	plane->y = gvt_cur_coord(pos >> 16);
	plane->gma = gvt_plane_reg(vgpu, GVT_REG_CUR_BASE(pipe)) &
		     GVT_SURF_ADDR_MASK;
	return 1;
}

/*
 * Bytes of the guest's surface from its start that the plane reaches:
 * whole rows of tiles when X-tiled.
 */
static u64 gvt_plane_span(const struct gvt_plane *plane, u32 ox, u32 oy)
{
	u64 lines = (u64)oy + plane->height;

	if (plane->tiled)
		return (lines + GVT_XTILE_LINES - 1) / GVT_XTILE_LINES *
		       plane->guest_stride * GVT_XTILE_LINES;
	return (lines - 1) * plane->guest_stride +
	       ((u64)ox + plane->width) * 4;
}

/* Copy line @y of the plane, starting @ox pixels in, to @dst. */
static int gvt_plane_copy_line(struct gvt_vgpu *vgpu,
			       const struct gvt_plane *plane, u32 ox, u32 y,
			       u8 *dst)
{
	u32 x = ox * 4, end = x + plane->width * 4, n;
	u64 row, gma;
	int ret;

	if (!plane->tiled)
		return gvt_ggtt_gm_read(vgpu, plane->gma +
					(u64)y * plane->guest_stride + x,
					dst, end - x);
	/* The row of tiles, then the line in each tile it crosses. */
	row = plane->gma + (u64)(y / GVT_XTILE_LINES) * plane->guest_stride *
	      GVT_XTILE_LINES + (y % GVT_XTILE_LINES) * GVT_XTILE_WIDTH;
	while (x < end) {
		n = min(end - x, GVT_XTILE_WIDTH - x % GVT_XTILE_WIDTH);
		gma = row + (u64)(x / GVT_XTILE_WIDTH) * GVT_XTILE_SIZE +
		      x % GVT_XTILE_WIDTH;
		ret = gvt_ggtt_gm_read(vgpu, gma, dst, n);
		if (ret)
			return ret;
		dst += n;
		x += n;
	}
	return 0;
}

/**
 * gvt_vgpu_plane_read() - decode a plane of the guest and copy its pixels
 * @vgpu: the vGPU
 * @id: which plane
 * @plane: receives the plane; zeroed first
 * @dst: where to copy the pixels, linear with @plane->stride bytes per
 *	 line; NULL to decode only
 * @size: bytes at @dst
 *
 * For the frontend that shows the guest's screen on the host (VFIO's
 * QUERY_GFX_PLANE). A disabled plane, or no enabled pipe, is not an error:
 * @plane->enabled is false and nothing is copied.
 *
 * Return: 0; -EINVAL (with a ratelimited message) for a plane the copy
 * cannot show: a pixel format other than 8:8:8:8, Y tiling, a stride
 * shorter than its lines, a copy bigger than @size (when @dst is given), a
 * surface outside the vGPU's graphics memory ranges or with an unmapped
 * page (then nothing is copied); -EFAULT if guest memory could not be read (then the first
 * @plane->size bytes of @dst are zeroed).
 */
int gvt_vgpu_plane_read(struct gvt_vgpu *vgpu, enum gvt_plane_id id,
			struct gvt_plane *plane, void *dst, size_t size)
{
	u32 ox = 0, oy = 0, y;
	u64 span;
	int pipe, ret;

	memset(plane, 0, sizeof(*plane));
	mutex_lock(&vgpu->lock);
	pipe = gvt_plane_active_pipe(vgpu);
	if (pipe < 0) {
		ret = 0;
		goto out;
	}
	if (id == GVT_PLANE_CURSOR)
		ret = gvt_plane_decode_cursor(vgpu, pipe, plane);
	else
		ret = gvt_plane_decode_primary(vgpu, pipe, plane, &ox, &oy);
	if (ret <= 0)
		goto fail;
	plane->pipe = pipe;
	plane->stride = plane->width * 4;
	plane->size = plane->stride * plane->height;
	ret = -EINVAL;
	if (plane->guest_stride < ((u64)ox + plane->width) * 4) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c stride %u bytes, shorter than the %u pixels of a line from x %u\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe,
				    plane->guest_stride, plane->width, ox);
		goto fail;
	}
	if (dst && plane->size > size) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c plane %ux%u takes %u bytes, the frontend has %zu\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe,
				    plane->width, plane->height, plane->size,
				    size);
		goto fail;
	}
	span = gvt_plane_span(plane, ox, oy);
	if (!gvt_gm_range_owned(vgpu, plane->gma, span) ||
	    !gvt_ggtt_gm_mapped(vgpu, plane->gma, span)) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c surface 0x%llx-0x%llx is not all mapped graphics memory of the vGPU\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe,
				    plane->gma, plane->gma + span - 1);
		goto fail;
	}
	ret = 0;
	for (y = 0; dst && y < plane->height && !ret; y++)
		ret = gvt_plane_copy_line(vgpu, plane, ox, oy + y,
					  (u8 *)dst + y * plane->stride);
	if (ret) {
		pr_info_ratelimited("gvt: %s: vGPU %u: plane not shown: pipe %c surface 0x%llx: guest memory unreadable\n",
				    vgpu->gvt->name, vgpu->id, 'A' + pipe,
				    plane->gma);
		memset(dst, 0, plane->size);
		ret = -EFAULT;
		goto fail;
	}
	plane->enabled = true;
	goto out;
fail:
	memset(plane, 0, sizeof(*plane));
out:
	mutex_unlock(&vgpu->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_plane_read);
