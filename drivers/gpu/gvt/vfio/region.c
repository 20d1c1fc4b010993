// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VFIO regions of a vGPU, as vfio-pci lays them out: region i at
 * offset i << 40 of the device fd. The config space, BAR0 (registers,
 * PVINFO, fences, GGTT) and BAR2 (the aperture) are backed, and with
 * gvt.vbt_rom=1 the read-only ROM; BAR2's slice of the vGPU can also be
 * mapped (aperture.c), everything else traps; the other PCI
 * regions have size 0. After them come the
 * device-specific regions: the read-only ACPI OpRegion (type
 * PCI_VENDOR_TYPE | 0x8086, subtype IGD_OPREGION), that QEMU's
 * x-igd-opregion=on hands to the guest firmware, the two mmap-able plane
 * regions of display.c, and the EDID region of edid.c (type GFX, subtype
 * GFX_EDID).
 */
#include <linux/minmax.h>
#include <linux/pci_ids.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "gvt_vfio.h"

/* Aperture accesses go through a bounce buffer of this size. */
#define GVT_VFIO_APERTURE_CHUNK	PAGE_SIZE

/*
 * Finish a VFIO_DEVICE_GET_REGION_INFO whose region has the capability
 * chain @caps: it follows the structure when argsz leaves room for it,
 * else argsz says how much room to give and cap_offset is 0 (the VFIO
 * argsz protocol). Frees @caps.
 */
static long gvt_vfio_region_info_caps(void __user *arg,
				      struct vfio_region_info *info,
				      struct vfio_info_cap *caps)
{
	int ret = 0;

	info->flags |= VFIO_REGION_INFO_FLAG_CAPS;
	info->cap_offset = 0;
	if (info->argsz < sizeof(*info) + caps->size) {
		info->argsz = sizeof(*info) + caps->size;
	} else {
		vfio_info_cap_shift(caps, sizeof(*info));
		if (copy_to_user(arg + sizeof(*info), caps->buf, caps->size))
			ret = -EFAULT;
		info->cap_offset = sizeof(*info);
	}
	kfree(caps->buf);
	if (ret)
		return ret;
	return copy_to_user(arg, info, sizeof(*info)) ? -EFAULT : 0;
}

/*
 * VFIO_DEVICE_GET_REGION_INFO of a region a VMM finds by its type: the
 * OpRegion (8 KiB, read-only, as QEMU's igd.c expects) and the EDID
 * region, each with a VFIO_REGION_INFO_CAP_TYPE capability.
 */
static long gvt_vfio_typed_region_info(struct gvt_vfio_vgpu *v,
				       void __user *arg,
				       struct vfio_region_info *info)
{
	struct vfio_region_info_cap_type cap = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
		.type = VFIO_REGION_TYPE_PCI_VENDOR_TYPE | PCI_VENDOR_ID_INTEL,
		.subtype = VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION,
	};
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	int ret;

	info->offset = GVT_VFIO_INDEX_TO_OFFSET(info->index);
	info->size = GVT_OPREGION_SIZE;
	info->flags = VFIO_REGION_INFO_FLAG_READ;
	if (info->index == GVT_VFIO_EDID_INDEX) {
		cap.type = VFIO_REGION_TYPE_GFX;
		cap.subtype = VFIO_REGION_SUBTYPE_GFX_EDID;
		info->size = GVT_VFIO_EDID_SIZE;
		info->flags |= VFIO_REGION_INFO_FLAG_WRITE;
	}
	ret = vfio_info_add_capability(&caps, &cap.header, sizeof(cap));
	if (ret)
		return ret;
	return gvt_vfio_region_info_caps(arg, info, &caps);
}

/*
 * BAR2, when the backend lets the aperture be mapped: one sparse-mmap
 * area, the vGPU's slice (QEMU maps it and traps the rest of the BAR).
 */
static long gvt_vfio_bar2_region_info(struct gvt_vfio_vgpu *v,
				      void __user *arg,
				      struct vfio_region_info *info)
{
	struct {
		struct vfio_region_info_cap_sparse_mmap cap;
		struct vfio_region_sparse_mmap_area area;
	} sparse = {
		.cap.header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP,
		.cap.header.version = 1,
		.cap.nr_areas = 1,
	};
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	struct gvt_vgpu_resources r;
	int ret;

	gvt_vgpu_get_resources(v->vgpu, &r);
	sparse.area.offset = r.low_gm_base;
	sparse.area.size = r.low_gm_size;
	info->flags |= VFIO_REGION_INFO_FLAG_MMAP;
	ret = vfio_info_add_capability(&caps, &sparse.cap.header,
				       sizeof(sparse));
	if (ret)
		return ret;
	return gvt_vfio_region_info_caps(arg, info, &caps);
}

/**
 * gvt_vfio_get_region_info() - VFIO_DEVICE_GET_REGION_INFO
 * @v: the vGPU
 * @arg: user pointer to a struct vfio_region_info
 *
 * The OpRegion's and the EDID's regions carry a type capability, BAR2
 * (where it can be mapped) a sparse-mmap capability with the vGPU's slice;
 * the chain follows the structure when argsz leaves room for it, else
 * argsz says how much room to give and cap_offset is 0 (the VFIO argsz
 * protocol).
 *
 * Return: 0, -EFAULT, -ENOMEM, or -EINVAL for a short argsz or an index at
 * or above %GVT_VFIO_NUM_REGIONS.
 */
long gvt_vfio_get_region_info(struct gvt_vfio_vgpu *v, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;
	int ret;

	ret = gvt_vfio_get_arg(v, "VFIO_DEVICE_GET_REGION_INFO", &info, arg,
			       minsz);
	if (ret)
		return ret;
	if (info.index >= GVT_VFIO_NUM_REGIONS) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_GET_REGION_INFO: index %u, expected below %u\n",
				     info.index, GVT_VFIO_NUM_REGIONS);
		return -EINVAL;
	}
	if (info.index == GVT_VFIO_OPREGION_INDEX ||
	    info.index == GVT_VFIO_EDID_INDEX)
		return gvt_vfio_typed_region_info(v, arg, &info);
	info.offset = GVT_VFIO_INDEX_TO_OFFSET(info.index);
	info.cap_offset = 0;
	info.flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	switch (info.index) {
	case GVT_VFIO_PRIMARY_INDEX:
	case GVT_VFIO_CURSOR_INDEX:
		gvt_vfio_display_region_info(v, &info);
		break;
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info.size = GVT_CFG_SPACE_SIZE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		info.size = v->bar0_size;
		break;
	case VFIO_PCI_BAR2_REGION_INDEX:
		info.size = v->bar2_size;
		if (gvt_vgpu_aperture_mappable(v->vgpu))
			return gvt_vfio_bar2_region_info(v, arg, &info);
		break;
	case VFIO_PCI_ROM_REGION_INDEX:
		info.size = gvt_vgpu_rom_size(v->vgpu);
		info.flags = info.size ? VFIO_REGION_INFO_FLAG_READ : 0;
		break;
	default:
		info.size = 0;
		info.flags = 0;
		break;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/* Config space: any length inside the 4 KiB, through a bounce buffer. */
static ssize_t gvt_vfio_cfg_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
			       size_t count, u64 off, bool write)
{
	void *buf;
	int ret;

	if (!count || off >= GVT_CFG_SPACE_SIZE ||
	    count > GVT_CFG_SPACE_SIZE - off) {
		dev_info_ratelimited(v->vdev.dev, "config %s of %zu bytes at %#llx: outside the %u byte space\n",
				     write ? "write" : "read", count, off,
				     GVT_CFG_SPACE_SIZE);
		return -EINVAL;
	}
	buf = kmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (write) {
		ret = copy_from_user(buf, ubuf, count) ? -EFAULT :
		      gvt_vgpu_cfg_write(v->vgpu, off, buf, count);
	} else {
		ret = gvt_vgpu_cfg_read(v->vgpu, off, buf, count);
		if (!ret && copy_to_user(ubuf, buf, count))
			ret = -EFAULT;
	}
	kfree(buf);
	if (ret)
		return ret;
	return count;
}

/*
 * BAR0: one register-sized access. The core checks size, alignment and
 * range (1, 2, 4 or 8 bytes, naturally aligned, inside the BAR) and logs
 * what it refuses; here only the bounce value's size matters.
 */
static ssize_t gvt_vfio_bar0_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
				size_t count, u64 off, bool write)
{
	u64 val = 0;
	int ret;

	if (count > sizeof(val)) {
		dev_info_ratelimited(v->vdev.dev, "BAR0 %s of %zu bytes at %#llx: expected 1, 2, 4 or 8 aligned bytes\n",
				     write ? "write" : "read", count, off);
		return -EINVAL;
	}
	if (write) {
		if (copy_from_user(&val, ubuf, count))
			return -EFAULT;
		ret = gvt_vgpu_mmio_write(v->vgpu, off, &val, count);
	} else {
		ret = gvt_vgpu_mmio_read(v->vgpu, off, &val, count);
		if (!ret && copy_to_user(ubuf, &val, count))
			ret = -EFAULT;
	}
	if (ret)
		return ret;
	return count;
}

/*
 * BAR2: the vGPU's slice of the aperture, any length, in page-sized
 * chunks. The whole access must lie in the slice, so that nothing is half
 * done because of a bad offset; a fault of the host GGTT in a later chunk
 * ends the access short.
 */
static ssize_t gvt_vfio_bar2_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
				size_t count, u64 off, bool write)
{
	size_t done = 0;
	unsigned int len;
	void *buf;
	int ret = 0;

	if (!gvt_vgpu_aperture_contains(v->vgpu, off, count)) {
		dev_info_ratelimited(v->vdev.dev, "BAR2 %s of %zu bytes at %#llx: outside the vGPU's aperture slice\n",
				     write ? "write" : "read", count, off);
		return -EINVAL;
	}
	buf = kmalloc(GVT_VFIO_APERTURE_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < count) {
		len = min_t(size_t, count - done, GVT_VFIO_APERTURE_CHUNK -
			    ((off + done) & (GVT_VFIO_APERTURE_CHUNK - 1)));
		if (write) {
			if (copy_from_user(buf, ubuf + done, len)) {
				ret = -EFAULT;
				break;
			}
			ret = gvt_vgpu_aperture_rw(v->vgpu, off + done, buf, len,
						   true);
			if (ret)
				break;
		} else {
			ret = gvt_vgpu_aperture_rw(v->vgpu, off + done, buf, len,
						   false);
			if (ret)
				break;
			if (copy_to_user(ubuf + done, buf, len)) {
				ret = -EFAULT;
				break;
			}
		}
		done += len;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	kfree(buf);
	if (done)
		return done;
	return ret;
}

/*
 * The expansion ROM (gvt.vbt_rom=1): reads of any length inside it, as
 * QEMU loads it; read-only. Without one the region has size 0.
 */
static ssize_t gvt_vfio_rom_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
			       size_t count, u64 off, bool write)
{
	size_t size = gvt_vgpu_rom_size(v->vgpu);
	void *buf;
	int ret;

	if (write || !count || off >= size || count > size - off) {
		dev_info_ratelimited(v->vdev.dev, "ROM %s of %zu bytes at %#llx refused (read-only, %zu bytes)\n",
				     write ? "write" : "read", count, off, size);
		return -EINVAL;
	}
	buf = kmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = gvt_vgpu_rom_read(v->vgpu, off, buf, count);
	if (!ret && copy_to_user(ubuf, buf, count))
		ret = -EFAULT;
	kfree(buf);
	return ret ? ret : count;
}

/*
 * The OpRegion: reads of any length inside its 8 KiB (QEMU reads it whole
 * in one pread); it is read-only.
 */
static ssize_t gvt_vfio_opregion_rw(struct gvt_vfio_vgpu *v, char __user *ubuf,
				    size_t count, u64 off, bool write)
{
	void *buf;
	int ret;

	if (write) {
		dev_info_ratelimited(v->vdev.dev, "OpRegion write of %zu bytes at %#llx: the region is read-only\n",
				     count, off);
		return -EINVAL;
	}
	if (!count || off >= GVT_OPREGION_SIZE ||
	    count > GVT_OPREGION_SIZE - off) {
		dev_info_ratelimited(v->vdev.dev, "OpRegion read of %zu bytes at %#llx: outside its %u bytes\n",
				     count, off, GVT_OPREGION_SIZE);
		return -EINVAL;
	}
	buf = kmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = gvt_vgpu_opregion_read(v->vgpu, off, buf, count);
	if (!ret && copy_to_user(ubuf, buf, count))
		ret = -EFAULT;
	kfree(buf);
	if (ret)
		return ret;
	return count;
}

/**
 * gvt_vfio_rw() - read or write a region through the device fd
 * @vdev: the VFIO device
 * @ubuf: user buffer
 * @count: bytes to transfer
 * @ppos: region index in bits 63:40, offset in the region below
 * @write: direction
 *
 * Return: bytes transferred (then *@ppos advances), or -EINVAL for an
 * access outside a backed region or not of the region's access size,
 * -EFAULT, -ENOMEM.
 */
ssize_t gvt_vfio_rw(struct vfio_device *vdev, char __user *ubuf,
		    size_t count, loff_t *ppos, bool write)
{
	struct gvt_vfio_vgpu *v = container_of(vdev, struct gvt_vfio_vgpu,
					       vdev);
	u64 index = (u64)*ppos >> GVT_VFIO_OFFSET_SHIFT;
	u64 off = (u64)*ppos & GVT_VFIO_OFFSET_MASK;
	ssize_t ret;

	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		ret = gvt_vfio_cfg_rw(v, ubuf, count, off, write);
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		ret = gvt_vfio_bar0_rw(v, ubuf, count, off, write);
		break;
	case VFIO_PCI_BAR2_REGION_INDEX:
		ret = gvt_vfio_bar2_rw(v, ubuf, count, off, write);
		break;
	case GVT_VFIO_OPREGION_INDEX:
		ret = gvt_vfio_opregion_rw(v, ubuf, count, off, write);
		break;
	case VFIO_PCI_ROM_REGION_INDEX:
		ret = gvt_vfio_rom_rw(v, ubuf, count, off, write);
		break;
	case GVT_VFIO_PRIMARY_INDEX:
	case GVT_VFIO_CURSOR_INDEX:
		ret = gvt_vfio_display_rw(v, index, ubuf, count, off, write);
		break;
	case GVT_VFIO_EDID_INDEX:
		ret = gvt_vfio_edid_rw(v, ubuf, count, off, write);
		break;
	default:
		dev_info_ratelimited(vdev->dev, "%s of region %llu: the region has size 0\n",
				     write ? "write" : "read", index);
		return -EINVAL;
	}
	if (ret > 0)
		*ppos += ret;
	return ret;
}

/**
 * gvt_vfio_mmap() - vfio_device_ops.mmap
 * @vdev: the VFIO device
 * @vma: the mapping
 *
 * BAR2's slice (aperture.c) and the two plane regions (display.c) can be
 * mapped; every other region traps.
 *
 * Return: 0 or a negative errno: -EINVAL for a region that cannot be
 * mapped, else the region's.
 */
int gvt_vfio_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	struct gvt_vfio_vgpu *v = container_of(vdev, struct gvt_vfio_vgpu,
					       vdev);
	u64 index = vma->vm_pgoff >> (GVT_VFIO_OFFSET_SHIFT - PAGE_SHIFT);

	switch (index) {
	case VFIO_PCI_BAR2_REGION_INDEX:
		return gvt_vfio_aperture_mmap(v, vma);
	case GVT_VFIO_PRIMARY_INDEX:
	case GVT_VFIO_CURSOR_INDEX:
		return gvt_vfio_display_mmap(v, vma, index);
	default:
		dev_info_ratelimited(vdev->dev, "mmap of region %llu: only BAR2's slice and the display regions %u and %u can be mapped\n",
				     index, GVT_VFIO_PRIMARY_INDEX,
				     GVT_VFIO_CURSOR_INDEX);
		return -EINVAL;
	}
}
