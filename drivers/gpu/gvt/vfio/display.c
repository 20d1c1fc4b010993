// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's screen for the host: VFIO_DEVICE_QUERY_GFX_PLANE with the
 * REGION plane type, which QEMU's display=on uses without OpenGL (VNC,
 * GTK, -display none and screendump).
 *
 * Each plane (the primary, and the cursor) has a device-specific region
 * after the OpRegion: read-only, mmap-able, holding a linear copy of the
 * plane that every query refreshes (gvt_vgpu_plane_read() decodes the
 * plane and copies it through the vGPU's GGTT). Its buffer comes from
 * vmalloc_user() at the first query, read or mmap, and goes at the last
 * close of the device; the primary's is as large as the vGPU type's
 * monitor's biggest mode, the cursor's as a 256x256 cursor.
 *
 * The DMABUF plane type (dmabuf.c) is offered only with gvt_vfio's
 * dmabuf=1: otherwise its probe fails, so that QEMU, which probes DMABUF
 * first and then insists on OpenGL, falls back to REGION.
 */
#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>

#include "gvt_vfio.h"

#define GVT_VFIO_CURSOR_BYTES	(256 * 256 * 4)

/* DRM's enum drm_plane_type, which the VFIO uAPI names but does not carry. */
#define GVT_DRM_PLANE_OVERLAY	0
#define GVT_DRM_PLANE_PRIMARY	1
#define GVT_DRM_PLANE_CURSOR	2

static unsigned int gvt_vfio_display_slot(unsigned int index)
{
	return index - GVT_VFIO_PRIMARY_INDEX;
}

/**
 * gvt_vfio_display_init() - set up the display regions of a vGPU
 * @v: the vGPU, before it is registered
 */
void gvt_vfio_display_init(struct gvt_vfio_vgpu *v)
{
	mutex_init(&v->display.lock);
	v->display.size[0] = PAGE_ALIGN(v->type->xres * v->type->yres * 4);
	v->display.size[1] = GVT_VFIO_CURSOR_BYTES;
}

/**
 * gvt_vfio_display_release() - free the display buffers at the last close
 * @v: the vGPU
 *
 * No mapping of them can remain: each holds the device file open.
 */
void gvt_vfio_display_release(struct gvt_vfio_vgpu *v)
{
	unsigned int i;

	mutex_lock(&v->display.lock);
	for (i = 0; i < ARRAY_SIZE(v->display.buf); i++) {
		vfree(v->display.buf[i]);
		v->display.buf[i] = NULL;
	}
	mutex_unlock(&v->display.lock);
}

/**
 * gvt_vfio_display_fini() - tear down what gvt_vfio_display_init() set up
 * @v: the vGPU
 */
void gvt_vfio_display_fini(struct gvt_vfio_vgpu *v)
{
	gvt_vfio_display_release(v);
	mutex_destroy(&v->display.lock);
}

/* The buffer of display slot @i, allocated on first use; locked. */
static void *gvt_vfio_display_buf(struct gvt_vfio_vgpu *v, unsigned int i)
{
	lockdep_assert_held(&v->display.lock);

	if (!v->display.buf[i])
		v->display.buf[i] = vmalloc_user(v->display.size[i]);
	return v->display.buf[i];
}

/**
 * gvt_vfio_display_region_info() - VFIO_DEVICE_GET_REGION_INFO of a plane
 * @v: the vGPU
 * @info: the request, its index one of the display regions'
 *
 * Fills @info: read-only and mmap-able, the size of the plane's buffer.
 */
void gvt_vfio_display_region_info(struct gvt_vfio_vgpu *v,
				  struct vfio_region_info *info)
{
	info->size = v->display.size[gvt_vfio_display_slot(info->index)];
	info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_MMAP;
}

/**
 * gvt_vfio_display_rw() - read a plane's region through the device fd
 * @v: the vGPU
 * @index: a display region's index
 * @ubuf: user buffer
 * @count: bytes
 * @off: offset in the region
 * @write: direction; the regions are read-only
 *
 * Return: @count, -EINVAL for a write or an access outside the region,
 * -ENOMEM, -EFAULT.
 */
ssize_t gvt_vfio_display_rw(struct gvt_vfio_vgpu *v, unsigned int index,
			    char __user *ubuf, size_t count, u64 off,
			    bool write)
{
	unsigned int i = gvt_vfio_display_slot(index);
	u32 size = v->display.size[i];
	ssize_t ret = count;
	void *buf;

	if (write || !count || off >= size || count > size - off) {
		dev_info_ratelimited(v->vdev.dev, "display region %u: %s of %zu bytes at %#llx refused (read-only, %u bytes)\n",
				     index, write ? "write" : "read", count,
				     off, size);
		return -EINVAL;
	}
	mutex_lock(&v->display.lock);
	buf = gvt_vfio_display_buf(v, i);
	if (!buf)
		ret = -ENOMEM;
	else if (copy_to_user(ubuf, buf + off, count))
		ret = -EFAULT;
	mutex_unlock(&v->display.lock);
	return ret;
}

/**
 * gvt_vfio_display_mmap() - map a plane's region
 * @v: the vGPU
 * @vma: a shared, read-only mapping inside a display region
 * @index: its region, %GVT_VFIO_PRIMARY_INDEX or %GVT_VFIO_CURSOR_INDEX
 *
 * Return: 0, -EINVAL for a private mapping or one that runs past the
 * region, -EACCES for a writable one, -ENOMEM.
 */
int gvt_vfio_display_mmap(struct gvt_vfio_vgpu *v, struct vm_area_struct *vma,
			  unsigned int index)
{
	struct vfio_device *vdev = &v->vdev;
	u64 pgoff = vma->vm_pgoff &
		    (GVT_VFIO_OFFSET_MASK >> PAGE_SHIFT);
	unsigned long pages = vma_pages(vma);
	unsigned int i;
	void *buf;
	int ret;

	i = gvt_vfio_display_slot(index);
	if (!(vma->vm_flags & VM_SHARED) ||
	    pgoff + pages > v->display.size[i] >> PAGE_SHIFT) {
		dev_info_ratelimited(vdev->dev, "mmap of region %u: %lu pages at page %llu, %s; the region has %u pages, shared only\n",
				     index, pages, pgoff,
				     vma->vm_flags & VM_SHARED ? "shared" :
				     "private",
				     v->display.size[i] >> PAGE_SHIFT);
		return -EINVAL;
	}
	if (vma->vm_flags & VM_WRITE) {
		dev_info_ratelimited(vdev->dev, "mmap of region %u: writable, the region is read-only\n",
				     index);
		return -EACCES;
	}
	mutex_lock(&v->display.lock);
	buf = gvt_vfio_display_buf(v, i);
	ret = buf ? remap_vmalloc_range(vma, buf, pgoff) : -ENOMEM;
	mutex_unlock(&v->display.lock);
	if (!ret)
		vma->vm_flags &= ~VM_MAYWRITE;
	return ret;
}

/*
 * QEMU's REGION path asks with drm_plane_type 0 (DRM's OVERLAY) and means
 * the primary plane.
 */
static int gvt_vfio_plane_id(u32 drm_plane_type, enum gvt_plane_id *id)
{
	switch (drm_plane_type) {
	case GVT_DRM_PLANE_OVERLAY:
	case GVT_DRM_PLANE_PRIMARY:
		*id = GVT_PLANE_PRIMARY;
		return 0;
	case GVT_DRM_PLANE_CURSOR:
		*id = GVT_PLANE_CURSOR;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * gvt_vfio_query_gfx_plane() - VFIO_DEVICE_QUERY_GFX_PLANE
 * @v: the vGPU
 * @arg: user pointer to a struct vfio_device_gfx_plane_info
 *
 * PROBE with REGION succeeds, PROBE with DMABUF only with dmabuf=1. A
 * REGION query copies the plane into its region and describes it, a
 * DMABUF query into its current plane object (dmabuf.c) and returns the
 * object's id; a disabled plane has drm_format and size 0.
 *
 * Return: 0, -EINVAL for a short argsz, unknown flags, not exactly one
 * plane type, DMABUF while it is off, an unknown drm_plane_type, or a
 * plane the core refuses to show; -ENOMEM, -EFAULT, -EAGAIN (DMABUF: the
 * plane changed shape meanwhile).
 */
long gvt_vfio_query_gfx_plane(struct gvt_vfio_vgpu *v, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_gfx_plane_info,
					  region_index);
	u32 types = VFIO_GFX_PLANE_TYPE_DMABUF | VFIO_GFX_PLANE_TYPE_REGION;
	struct vfio_device_gfx_plane_info info;
	struct gvt_plane plane;
	enum gvt_plane_id id;
	u32 dmabuf_id = 0;
	unsigned int i;
	bool dma;
	void *buf;
	int ret;

	ret = gvt_vfio_get_arg(v, "VFIO_DEVICE_QUERY_GFX_PLANE", &info, arg,
			       minsz);
	if (ret)
		return ret;
	if (info.flags & ~(types | VFIO_GFX_PLANE_TYPE_PROBE) ||
	    hweight32(info.flags & types) != 1) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_QUERY_GFX_PLANE: flags %#x, expected REGION or DMABUF, maybe with PROBE\n",
				     info.flags);
		return -EINVAL;
	}
	dma = info.flags & VFIO_GFX_PLANE_TYPE_DMABUF;
	if (dma && !gvt_vfio_dmabuf_offered()) {
		/* QEMU probes it at every start: no message for that. */
		if (!(info.flags & VFIO_GFX_PLANE_TYPE_PROBE))
			dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_QUERY_GFX_PLANE: DMABUF is not offered (gvt_vfio dmabuf=0), use REGION\n");
		return -EINVAL;
	}
	if (info.flags & VFIO_GFX_PLANE_TYPE_PROBE)
		return 0;
	if (gvt_vfio_plane_id(info.drm_plane_type, &id)) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_QUERY_GFX_PLANE: drm_plane_type %u, expected 0, %u (primary) or %u (cursor)\n",
				     info.drm_plane_type,
				     GVT_DRM_PLANE_PRIMARY,
				     GVT_DRM_PLANE_CURSOR);
		return -EINVAL;
	}
	i = id == GVT_PLANE_CURSOR;
	if (dma) {
		ret = gvt_vfio_dmabuf_query(v, id, &plane, &dmabuf_id);
	} else {
		mutex_lock(&v->display.lock);
		buf = gvt_vfio_display_buf(v, i);
		ret = buf ? gvt_vgpu_plane_read(v->vgpu, id, &plane, buf,
						v->display.size[i]) : -ENOMEM;
		mutex_unlock(&v->display.lock);
	}
	if (ret)
		return ret;

	info.drm_format = plane.drm_format;
	info.drm_format_mod = 0;	/* DRM_FORMAT_MOD_LINEAR: the copy */
	info.width = plane.width;
	info.height = plane.height;
	info.stride = plane.stride;
	info.size = plane.enabled ? PAGE_ALIGN(plane.size) : 0;
	info.x_pos = plane.x;
	info.y_pos = plane.y;
	info.x_hot = 0;
	info.y_hot = 0;
	if (dma)
		info.dmabuf_id = plane.enabled ? dmabuf_id : 0;
	else
		info.region_index = GVT_VFIO_PRIMARY_INDEX + i;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}
