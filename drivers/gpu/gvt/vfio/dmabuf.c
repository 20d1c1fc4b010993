// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMABUF plane type of VFIO_DEVICE_QUERY_GFX_PLANE, for a VMM that
 * shows the guest through OpenGL (QEMU's display=on with gtk,gl=on or
 * egl-headless). Off unless the module parameter dmabuf=1: QEMU probes
 * DMABUF first and, once it is offered, refuses to start without OpenGL.
 *
 * A DMABUF query decodes the plane as a REGION query does and copies it,
 * linear, into a buffer of host memory that belongs to a plane object:
 * one object per plane and shape (format, width, height, stride), with an
 * id the query returns. While the shape stays, each query refreshes the
 * same object, so a VMM that imported it once sees every update; a new
 * shape gets a new object and id. VFIO_DEVICE_GET_GFX_DMABUF exports an
 * object as a read-only dma-buf (mmap, vmap, and DMA mapping for an
 * importing device). An object is host memory only, never the guest's
 * pages: it lives as long as a dma-buf of it is open, after the device is
 * closed too, and nothing of the guest's memory is pinned for it. The
 * last close of the device drops the current objects, so the next opener
 * starts with new ids.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iosys-map.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "gvt_vfio.h"

MODULE_IMPORT_NS(DMA_BUF);

static bool dmabuf;
module_param(dmabuf, bool, 0644);
MODULE_PARM_DESC(dmabuf, "offer the DMABUF plane type (QEMU's display=on then needs OpenGL)");

/**
 * struct gvt_vfio_plane_obj - one shape of a plane, exported as dma-bufs
 * @ref: the device's reference while current, one per dma-buf
 * @id: what the query returns as dmabuf_id
 * @buf: the linear copy, vmalloc_user()
 * @pages: its pages, for the importers' scatterlists
 * @npages: entries in @pages
 * @size: bytes of @buf, page-aligned
 * @format: its DRM format
 * @width: in pixels
 * @height: in lines
 * @stride: bytes per line
 */
struct gvt_vfio_plane_obj {
	struct kref ref;
	u32 id;
	void *buf;
	struct page **pages;
	unsigned int npages;
	u32 size;
	u32 format;
	u32 width;
	u32 height;
	u32 stride;
};

static void gvt_vfio_obj_free(struct kref *ref)
{
	struct gvt_vfio_plane_obj *o = container_of(ref, typeof(*o), ref);

	kvfree(o->pages);
	vfree(o->buf);
	kfree(o);
}

static void gvt_vfio_obj_put(struct gvt_vfio_plane_obj *o)
{
	if (o)
		kref_put(&o->ref, gvt_vfio_obj_free);
}

static struct gvt_vfio_plane_obj *gvt_vfio_obj_new(const struct gvt_plane *p,
						   u32 id)
{
	struct gvt_vfio_plane_obj *o;
	unsigned int i;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return NULL;
	kref_init(&o->ref);
	o->id = id;
	o->size = PAGE_ALIGN(p->size);
	o->npages = o->size >> PAGE_SHIFT;
	o->format = p->drm_format;
	o->width = p->width;
	o->height = p->height;
	o->stride = p->stride;
	o->buf = vmalloc_user(o->size);
	o->pages = kvcalloc(o->npages, sizeof(*o->pages), GFP_KERNEL);
	if (!o->buf || !o->pages) {
		gvt_vfio_obj_put(o);
		return NULL;
	}
	for (i = 0; i < o->npages; i++)
		o->pages[i] = vmalloc_to_page(o->buf + i * PAGE_SIZE);
	return o;
}

static bool gvt_vfio_obj_fits(const struct gvt_vfio_plane_obj *o,
			      const struct gvt_plane *p)
{
	return o && o->format == p->drm_format && o->width == p->width &&
	       o->height == p->height && o->stride == p->stride &&
	       o->size == PAGE_ALIGN(p->size);
}

static struct sg_table *gvt_vfio_dmabuf_map(struct dma_buf_attachment *at,
					    enum dma_data_direction dir)
{
	struct gvt_vfio_plane_obj *o = at->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table_from_pages(sgt, o->pages, o->npages, 0, o->size,
					GFP_KERNEL);
	if (!ret) {
		ret = dma_map_sgtable(at->dev, sgt, dir, 0);
		if (ret)
			sg_free_table(sgt);
	}
	if (ret) {
		kfree(sgt);
		return ERR_PTR(ret);
	}
	return sgt;
}

static void gvt_vfio_dmabuf_unmap(struct dma_buf_attachment *at,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	dma_unmap_sgtable(at->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void gvt_vfio_dmabuf_free(struct dma_buf *buf)
{
	gvt_vfio_obj_put(buf->priv);
}

/* Read-only: the copy is the host's view, not the guest's memory. */
static int gvt_vfio_dmabuf_mmap(struct dma_buf *buf, struct vm_area_struct *vma)
{
	struct gvt_vfio_plane_obj *o = buf->priv;
	int ret;

	if (vma->vm_flags & VM_WRITE)
		return -EACCES;
	ret = remap_vmalloc_range(vma, o->buf, vma->vm_pgoff);
	if (!ret)
		vma->vm_flags &= ~VM_MAYWRITE;
	return ret;
}

static int gvt_vfio_dmabuf_vmap(struct dma_buf *buf, struct iosys_map *map)
{
	struct gvt_vfio_plane_obj *o = buf->priv;

	iosys_map_set_vaddr(map, o->buf);
	return 0;
}

static const struct dma_buf_ops gvt_vfio_dmabuf_ops = {
	.map_dma_buf = gvt_vfio_dmabuf_map,
	.unmap_dma_buf = gvt_vfio_dmabuf_unmap,
	.release = gvt_vfio_dmabuf_free,
	.mmap = gvt_vfio_dmabuf_mmap,
	.vmap = gvt_vfio_dmabuf_vmap,
};

/**
 * gvt_vfio_dmabuf_offered() - is the DMABUF plane type offered?
 *
 * Return: the dmabuf module parameter.
 */
bool gvt_vfio_dmabuf_offered(void)
{
	return READ_ONCE(dmabuf);
}

/**
 * gvt_vfio_dmabuf_query() - the plane in its current object
 * @v: the vGPU
 * @id: the plane
 * @plane: receives the plane as gvt_vgpu_plane_read() decoded it
 * @dmabuf_id: receives the object's id; unchanged for a disabled plane
 *
 * The plane is decoded, its object chosen (the current one if its shape
 * is the same, else a new one with the next id), and the plane copied
 * into it. A plane larger than its region (the type's biggest mode, or a
 * 256x256 cursor) is refused, as the REGION type refuses it, so that a
 * guest cannot make the host allocate more. A plane that changes shape
 * between the decode and the copy (the guest flipping meanwhile) is
 * -EAGAIN.
 *
 * Return: 0, -EINVAL for a plane the core refuses or one too large,
 * -ENOMEM, -EFAULT, -EAGAIN.
 */
int gvt_vfio_dmabuf_query(struct gvt_vfio_vgpu *v, enum gvt_plane_id id,
			  struct gvt_plane *plane, u32 *dmabuf_id)
{
	struct gvt_vfio_dmabufs *d = &v->dmabufs;
	unsigned int i = id == GVT_PLANE_CURSOR;
	struct gvt_vfio_plane_obj *o;
	struct gvt_plane again;
	int ret;

	ret = gvt_vgpu_plane_read(v->vgpu, id, plane, NULL, 0);
	if (ret || !plane->enabled)
		return ret;
	/* No bigger than the plane's region: the guest sizes host memory. */
	if (PAGE_ALIGN(plane->size) > v->display.size[i]) {
		dev_info_ratelimited(v->vdev.dev, "plane not shown: %ux%u, %u bytes, more than the %u the vGPU's type shows\n",
				     plane->width, plane->height, plane->size,
				     v->display.size[i]);
		return -EINVAL;
	}
	mutex_lock(&d->lock);
	o = d->cur[i];
	if (!gvt_vfio_obj_fits(o, plane)) {
		o = gvt_vfio_obj_new(plane, ++d->next_id);
		if (!o) {
			ret = -ENOMEM;
			goto out;
		}
		gvt_vfio_obj_put(d->cur[i]);
		d->cur[i] = o;
	}
	ret = gvt_vgpu_plane_read(v->vgpu, id, &again, o->buf, o->size);
	if (!ret && !gvt_vfio_obj_fits(o, &again))
		ret = -EAGAIN;
	if (!ret)
		*dmabuf_id = o->id;
out:
	mutex_unlock(&d->lock);
	return ret;
}

/**
 * gvt_vfio_get_gfx_dmabuf() - VFIO_DEVICE_GET_GFX_DMABUF
 * @v: the vGPU
 * @arg: user pointer to the u32 dmabuf_id a query returned
 *
 * Return: a new dma-buf fd of the object (O_CLOEXEC), -EINVAL when the
 * DMABUF type is off or the id is not a current object's, -EFAULT,
 * -ENOMEM, or dma_buf_export()'s error.
 */
long gvt_vfio_get_gfx_dmabuf(struct gvt_vfio_vgpu *v, void __user *arg)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp);
	struct gvt_vfio_dmabufs *d = &v->dmabufs;
	struct gvt_vfio_plane_obj *o = NULL;
	struct dma_buf *buf;
	unsigned int i;
	u32 id;
	int fd;

	if (!gvt_vfio_dmabuf_offered()) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_GET_GFX_DMABUF: the DMABUF plane type is off (gvt_vfio dmabuf=0)\n");
		return -EINVAL;
	}
	if (copy_from_user(&id, arg, sizeof(id)))
		return -EFAULT;
	mutex_lock(&d->lock);
	for (i = 0; i < ARRAY_SIZE(d->cur); i++)
		if (d->cur[i] && d->cur[i]->id == id)
			o = d->cur[i];
	if (o)
		kref_get(&o->ref);
	mutex_unlock(&d->lock);
	if (!o) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_GET_GFX_DMABUF: no current plane has dmabuf_id %u\n",
				     id);
		return -EINVAL;
	}
	exp.ops = &gvt_vfio_dmabuf_ops;
	exp.size = o->size;
	exp.flags = O_RDONLY;
	exp.priv = o;
	buf = dma_buf_export(&exp);
	if (IS_ERR(buf)) {
		gvt_vfio_obj_put(o);
		return PTR_ERR(buf);
	}
	fd = dma_buf_fd(buf, O_CLOEXEC);
	if (fd < 0)
		dma_buf_put(buf);	/* its release drops the reference */
	return fd;
}

/**
 * gvt_vfio_dmabuf_init() - the DMABUF state of a new vGPU device
 * @v: the vGPU
 */
void gvt_vfio_dmabuf_init(struct gvt_vfio_vgpu *v)
{
	mutex_init(&v->dmabufs.lock);
}

/**
 * gvt_vfio_dmabuf_release() - the last close drops the current objects
 * @v: the vGPU
 *
 * Open dma-bufs keep theirs; the next opener's ids are new ones.
 */
void gvt_vfio_dmabuf_release(struct gvt_vfio_vgpu *v)
{
	struct gvt_vfio_dmabufs *d = &v->dmabufs;
	unsigned int i;

	mutex_lock(&d->lock);
	for (i = 0; i < ARRAY_SIZE(d->cur); i++) {
		gvt_vfio_obj_put(d->cur[i]);
		d->cur[i] = NULL;
	}
	mutex_unlock(&d->lock);
}

/**
 * gvt_vfio_dmabuf_fini() - the device goes away
 * @v: the vGPU
 */
void gvt_vfio_dmabuf_fini(struct gvt_vfio_vgpu *v)
{
	gvt_vfio_dmabuf_release(v);
	mutex_destroy(&v->dmabufs.lock);
}
