// SPDX-License-Identifier: GPL-2.0-only
/*
 * The EDID region of a vGPU (VFIO_REGION_TYPE_GFX, subtype
 * VFIO_REGION_SUBTYPE_GFX_EDID): how a VMM gives the vGPU's monitor an
 * EDID of its own and plugs or unplugs it.
 *
 * The region starts with struct vfio_region_gfx_edid, six dwords read or
 * written one whole dword at a time; the blob follows at
 * %GVT_VFIO_EDID_BLOB, %GVT_EDID_MAX_SIZE bytes accessed at any offset
 * and length inside them. edid_offset, edid_max_size, max_xres and
 * max_yres (the vGPU type's resolution) are read-only.
 *
 * The protocol is the uapi's: link down, write the blob and edid_size,
 * link up. The blob and its size are held here until the link goes up;
 * then the core checks the EDID (gvt_vgpu_edid_set()) and either shows it
 * and plugs the monitor, which raises port D's hotplug event in the guest,
 * or refuses it with -EINVAL and leaves the link as it was. link_state
 * reads the monitor's state, whoever changed it last.
 *
 * The first open finds the blob holding the EDID the monitor shows; the
 * last close gives the monitor its own EDID back and plugs it, so that
 * the next VMM finds the vGPU as it was created.
 */
#include <linux/mutex.h>
#include <linux/uaccess.h>

#include "gvt_vfio.h"

#define GVT_VFIO_EDID_REGS	sizeof(struct vfio_region_gfx_edid)
#define GVT_VFIO_EDID_FIELD(f)	offsetof(struct vfio_region_gfx_edid, f)

/**
 * gvt_vfio_edid_init() - the EDID region of a new vGPU device
 * @v: the vGPU, before its core vGPU exists
 */
void gvt_vfio_edid_init(struct gvt_vfio_vgpu *v)
{
	mutex_init(&v->edid.lock);
}

/**
 * gvt_vfio_edid_open() - the first open: the blob is what the monitor shows
 * @v: the vGPU
 */
void gvt_vfio_edid_open(struct gvt_vfio_vgpu *v)
{
	int ret;

	mutex_lock(&v->edid.lock);
	ret = gvt_vgpu_edid_get(v->vgpu, v->edid.blob, sizeof(v->edid.blob));
	v->edid.size = ret > 0 ? ret : 0;
	mutex_unlock(&v->edid.lock);
}

/**
 * gvt_vfio_edid_release() - the last close: the monitor as at creation
 * @v: the vGPU
 *
 * Its own EDID, plugged; the caller resets the vGPU afterwards, which
 * clears the hotplug event this may raise.
 */
void gvt_vfio_edid_release(struct gvt_vfio_vgpu *v)
{
	gvt_vgpu_edid_set(v->vgpu, NULL, 0);
	gvt_vgpu_monitor_plug(v->vgpu, true);
}

/**
 * gvt_vfio_edid_fini() - the device goes away
 * @v: the vGPU
 */
void gvt_vfio_edid_fini(struct gvt_vfio_vgpu *v)
{
	mutex_destroy(&v->edid.lock);
}

/* Link up: the core checks the blob; the monitor shows it, plugged. */
static int gvt_vfio_edid_link_up(struct gvt_vfio_vgpu *v)
{
	int ret;

	ret = gvt_vgpu_edid_set(v->vgpu, v->edid.blob, v->edid.size);
	if (ret)
		return ret;
	gvt_vgpu_monitor_plug(v->vgpu, true);
	return 0;
}

static u32 gvt_vfio_edid_reg_read(struct gvt_vfio_vgpu *v, u64 off)
{
	switch (off) {
	case GVT_VFIO_EDID_FIELD(edid_offset):
		return GVT_VFIO_EDID_BLOB;
	case GVT_VFIO_EDID_FIELD(edid_max_size):
		return GVT_EDID_MAX_SIZE;
	case GVT_VFIO_EDID_FIELD(edid_size):
		return v->edid.size;
	case GVT_VFIO_EDID_FIELD(max_xres):
		return v->type->xres;
	case GVT_VFIO_EDID_FIELD(max_yres):
		return v->type->yres;
	default:
		return gvt_vgpu_monitor_plugged(v->vgpu) ?
		       VFIO_DEVICE_GFX_LINK_STATE_UP :
		       VFIO_DEVICE_GFX_LINK_STATE_DOWN;
	}
}

static int gvt_vfio_edid_reg_write(struct gvt_vfio_vgpu *v, u64 off, u32 val)
{
	switch (off) {
	case GVT_VFIO_EDID_FIELD(edid_size):
		if (!val || val > GVT_EDID_MAX_SIZE) {
			dev_info_ratelimited(v->vdev.dev, "EDID region: edid_size %u, expected 1 to %u\n",
					     val, GVT_EDID_MAX_SIZE);
			return -EINVAL;
		}
		v->edid.size = val;
		return 0;
	case GVT_VFIO_EDID_FIELD(link_state):
		if (val == VFIO_DEVICE_GFX_LINK_STATE_UP)
			return gvt_vfio_edid_link_up(v);
		if (val == VFIO_DEVICE_GFX_LINK_STATE_DOWN) {
			gvt_vgpu_monitor_plug(v->vgpu, false);
			return 0;
		}
		dev_info_ratelimited(v->vdev.dev, "EDID region: link_state %u, expected 1 (up) or 2 (down)\n",
				     val);
		return -EINVAL;
	default:
		dev_info_ratelimited(v->vdev.dev, "EDID region: write of the read-only field at %#llx\n",
				     off);
		return -EPERM;
	}
}

/* One dword of the registers. */
static ssize_t gvt_vfio_edid_reg_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
				    size_t count, u64 off, bool write)
{
	u32 val;
	int ret;

	if (count != sizeof(val) || off % sizeof(val)) {
		dev_info_ratelimited(v->vdev.dev, "EDID region: %s of %zu bytes at %#llx, expected one aligned dword\n",
				     write ? "write" : "read", count, off);
		return -EINVAL;
	}
	if (write) {
		if (copy_from_user(&val, ubuf, sizeof(val)))
			return -EFAULT;
		ret = gvt_vfio_edid_reg_write(v, off, val);
	} else {
		val = gvt_vfio_edid_reg_read(v, off);
		ret = copy_to_user(ubuf, &val, sizeof(val)) ? -EFAULT : 0;
	}
	return ret ? ret : count;
}

/* Bytes of the blob, as the VMM writes it before the link goes up. */
static ssize_t gvt_vfio_edid_blob_rw(struct gvt_vfio_vgpu *v,
				     char __user *ubuf, size_t count, u64 off,
				     bool write)
{
	u8 *p = v->edid.blob + off - GVT_VFIO_EDID_BLOB;
	unsigned long left;

	left = write ? copy_from_user(p, ubuf, count) :
		       copy_to_user(ubuf, p, count);
	return left ? -EFAULT : count;
}

/**
 * gvt_vfio_edid_rw() - read or write the EDID region
 * @v: the vGPU
 * @ubuf: user buffer
 * @count: bytes
 * @off: offset in the region
 * @write: direction
 *
 * Return: @count, or -EINVAL for an access outside the registers and the
 * blob, a register access other than one aligned dword, an edid_size of 0
 * or above %GVT_EDID_MAX_SIZE, an unknown link state or a link up with an
 * EDID the core refuses; -EPERM for a write of a read-only field; -EFAULT.
 */
ssize_t gvt_vfio_edid_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
			 size_t count, u64 off, bool write)
{
	ssize_t ret;

	mutex_lock(&v->edid.lock);
	if (off < GVT_VFIO_EDID_REGS) {
		ret = gvt_vfio_edid_reg_rw(v, ubuf, count, off, write);
	} else if (count && off >= GVT_VFIO_EDID_BLOB &&
		   off < GVT_VFIO_EDID_SIZE &&
		   count <= GVT_VFIO_EDID_SIZE - off) {
		ret = gvt_vfio_edid_blob_rw(v, ubuf, count, off, write);
	} else {
		dev_info_ratelimited(v->vdev.dev, "EDID region: %s of %zu bytes at %#llx, outside the registers and the %u-byte blob at %#x\n",
				     write ? "write" : "read", count, off,
				     GVT_EDID_MAX_SIZE, GVT_VFIO_EDID_BLOB);
		ret = -EINVAL;
	}
	mutex_unlock(&v->edid.lock);
	return ret;
}
