// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt_vfio.ko: the mdev/VFIO frontend of GVT-g, compatible with kvmgt.
 *
 * Every GVT device becomes an mdev parent whose types are the device's vGPU
 * types ("<parent driver>-GVTg_V5_4" in sysfs); every mdev becomes a vGPU
 * and a VFIO device with an emulated IOMMU, which QEMU's vfio-pci, libvirt
 * and mdevctl use exactly as they use kvmgt.
 */
#include <linux/device.h>
#include <linux/mdev.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include <gvt/gvt.h>

#define GVT_VFIO_MAX_TYPES	4

struct gvt_vfio_type {
	struct mdev_type mtype;
	const struct gvt_type *type;
};

struct gvt_vfio_parent {
	struct mdev_parent parent;
	struct gvt_device *gvt;
	struct gvt_vfio_type types[GVT_VFIO_MAX_TYPES];
	struct mdev_type *mtypes[GVT_VFIO_MAX_TYPES];
	struct list_head link;
};

struct gvt_vfio_vgpu {
	struct vfio_device vdev;	/* must be first: vfio_alloc_device() */
	struct gvt_device *gvt;
	const struct gvt_type *type;
	struct gvt_vgpu *vgpu;
};

static LIST_HEAD(gvt_vfio_parents);
static DEFINE_MUTEX(gvt_vfio_parents_lock);

static struct gvt_vfio_parent *to_gvt_vfio_parent(struct mdev_type *mtype)
{
	return container_of(mtype->parent, struct gvt_vfio_parent, parent);
}

static const struct gvt_type *to_gvt_type(struct mdev_type *mtype)
{
	return container_of(mtype, struct gvt_vfio_type, mtype)->type;
}

static struct gvt_vfio_vgpu *to_gvt_vfio_vgpu(struct vfio_device *vdev)
{
	return container_of(vdev, struct gvt_vfio_vgpu, vdev);
}

static int gvt_vfio_init_dev(struct vfio_device *vdev)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);

	v->gvt = to_gvt_vfio_parent(mdev->type)->gvt;
	v->type = to_gvt_type(mdev->type);
	v->vgpu = gvt_vgpu_create(v->gvt, v->type);
	if (IS_ERR(v->vgpu)) {
		int ret = PTR_ERR(v->vgpu);

		if (ret == -ENOSPC)
			dev_info_ratelimited(vdev->dev, "no room for another %s vGPU (available_instances is 0)\n",
					     v->type->name);
		return ret;
	}
	return 0;
}

static void gvt_vfio_release_dev(struct vfio_device *vdev)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);

	gvt_vgpu_destroy(v->vgpu);
	vfio_free_device(vdev);
}

/*
 * Copy in the fixed part of an ioctl argument whose first member is argsz
 * and check that the caller's structure is at least that big.
 */
static int gvt_vfio_get_arg(struct gvt_vfio_vgpu *v, const char *ioctl,
			    void *dst, const void __user *arg,
			    unsigned long minsz)
{
	u32 argsz;

	if (copy_from_user(dst, arg, minsz))
		return -EFAULT;
	memcpy(&argsz, dst, sizeof(argsz));
	if (argsz < minsz) {
		dev_info_ratelimited(v->vdev.dev, "%s: argsz %u, need at least %lu\n",
				     ioctl, argsz, minsz);
		return -EINVAL;
	}
	return 0;
}

static long gvt_vfio_get_info(struct gvt_vfio_vgpu *v, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;
	int ret;

	ret = gvt_vfio_get_arg(v, "VFIO_DEVICE_GET_INFO", &info, arg, minsz);
	if (ret)
		return ret;
	info.flags = VFIO_DEVICE_FLAGS_PCI;
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/* Region offsets as in vfio-pci: the index in the bits above 40. */
#define GVT_VFIO_OFFSET_SHIFT	40
#define GVT_VFIO_INDEX_TO_OFFSET(i)	((u64)(i) << GVT_VFIO_OFFSET_SHIFT)
#define GVT_VFIO_OFFSET_MASK	(GVT_VFIO_INDEX_TO_OFFSET(1) - 1)

static long gvt_vfio_get_region_info(struct gvt_vfio_vgpu *v,
				     void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;
	int ret;

	ret = gvt_vfio_get_arg(v, "VFIO_DEVICE_GET_REGION_INFO", &info, arg,
			       minsz);
	if (ret)
		return ret;
	if (info.index >= VFIO_PCI_NUM_REGIONS) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_GET_REGION_INFO: index %u, expected below %u\n",
				     info.index, VFIO_PCI_NUM_REGIONS);
		return -EINVAL;
	}
	info.offset = GVT_VFIO_INDEX_TO_OFFSET(info.index);
	info.cap_offset = 0;
	switch (info.index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info.size = GVT_CFG_SPACE_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE;
		break;
	default:
		/* Not (yet) backed: BARs arrive with MMIO emulation. */
		info.size = 0;
		info.flags = 0;
		break;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long gvt_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return gvt_vfio_get_info(v, (void __user *)arg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return gvt_vfio_get_region_info(v, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

/*
 * Region access through the device fd. Only the config space is backed so
 * far; accesses of up to its 4 KiB go through a bounce buffer.
 */
static ssize_t gvt_vfio_rw(struct vfio_device *vdev, char __user *ubuf,
			   size_t count, loff_t *ppos, bool write)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);
	u64 index = (u64)*ppos >> GVT_VFIO_OFFSET_SHIFT;
	u64 off = (u64)*ppos & GVT_VFIO_OFFSET_MASK;
	void *buf;
	int ret;

	if (index != VFIO_PCI_CONFIG_REGION_INDEX) {
		dev_info_ratelimited(vdev->dev, "%s of region %llu: only the config region (%u) is implemented\n",
				     write ? "write" : "read", index,
				     VFIO_PCI_CONFIG_REGION_INDEX);
		return -EINVAL;
	}
	if (!count || off >= GVT_CFG_SPACE_SIZE ||
	    count > GVT_CFG_SPACE_SIZE - off) {
		dev_info_ratelimited(vdev->dev, "config %s of %zu bytes at %#llx: outside the %u byte space\n",
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
	*ppos += count;
	return count;
}

static ssize_t gvt_vfio_read(struct vfio_device *vdev, char __user *buf,
			     size_t count, loff_t *ppos)
{
	return gvt_vfio_rw(vdev, buf, count, ppos, false);
}

static ssize_t gvt_vfio_write(struct vfio_device *vdev,
			      const char __user *buf, size_t count,
			      loff_t *ppos)
{
	return gvt_vfio_rw(vdev, (char __user *)buf, count, ppos, true);
}

static const struct vfio_device_ops gvt_vfio_dev_ops = {
	.name = "gvt-vgpu",
	.init = gvt_vfio_init_dev,
	.release = gvt_vfio_release_dev,
	.read = gvt_vfio_read,
	.write = gvt_vfio_write,
	.ioctl = gvt_vfio_ioctl,
};

static int gvt_vfio_probe(struct mdev_device *mdev)
{
	struct gvt_vfio_vgpu *v;
	int ret;

	v = vfio_alloc_device(gvt_vfio_vgpu, vdev, &mdev->dev,
			      &gvt_vfio_dev_ops);
	if (IS_ERR(v))
		return PTR_ERR(v);

	dev_set_drvdata(&mdev->dev, v);
	ret = vfio_register_emulated_iommu_dev(&v->vdev);
	if (ret) {
		vfio_put_device(&v->vdev);
		return ret;
	}
	return 0;
}

static void gvt_vfio_remove(struct mdev_device *mdev)
{
	struct gvt_vfio_vgpu *v = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&v->vdev);
	vfio_put_device(&v->vdev);
}

static unsigned int gvt_vfio_get_available(struct mdev_type *mtype)
{
	return gvt_type_available(to_gvt_vfio_parent(mtype)->gvt,
				  to_gvt_type(mtype));
}

static ssize_t gvt_vfio_show_description(struct mdev_type *mtype, char *buf)
{
	const struct gvt_type *t = to_gvt_type(mtype);

	return sysfs_emit(buf,
			  "low_gm_size: %lluMB\nhigh_gm_size: %lluMB\nfence: %u\nresolution: %ux%u\nweight: %u\n",
			  t->low_gm_size >> 20, t->high_gm_size >> 20,
			  t->fences, t->xres, t->yres, t->weight);
}

static ssize_t vgpu_id_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct gvt_vfio_vgpu *v = dev_get_drvdata(dev);
	struct gvt_vgpu_resources res;

	gvt_vgpu_get_resources(v->vgpu, &res);
	return sysfs_emit(buf, "%u\n", res.id);
}
static DEVICE_ATTR_RO(vgpu_id);

static struct attribute *gvt_vfio_vgpu_attrs[] = {
	&dev_attr_vgpu_id.attr,
	NULL
};

/* The same group name as kvmgt, so existing scripts find vgpu_id. */
static const struct attribute_group gvt_vfio_vgpu_group = {
	.name = "intel_vgpu",
	.attrs = gvt_vfio_vgpu_attrs,
};

static const struct attribute_group *gvt_vfio_vgpu_groups[] = {
	&gvt_vfio_vgpu_group,
	NULL
};

static struct mdev_driver gvt_vfio_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.probe = gvt_vfio_probe,
	.remove = gvt_vfio_remove,
	.get_available = gvt_vfio_get_available,
	.show_description = gvt_vfio_show_description,
	.driver = {
		.name = "gvt_vgpu_mdev",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = gvt_vfio_vgpu_groups,
	},
};

static int gvt_vfio_device_added(struct gvt_device *gvt)
{
	const struct gvt_host_info *info = gvt_device_info(gvt);
	unsigned int i, n = gvt_device_num_types(gvt);
	struct gvt_vfio_parent *p;
	int ret;

	if (!info->dev)
		return -ENODEV;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->gvt = gvt;
	n = min_t(unsigned int, n, GVT_VFIO_MAX_TYPES);
	for (i = 0; i < n; i++) {
		p->types[i].type = gvt_device_type(gvt, i);
		p->types[i].mtype.sysfs_name = p->types[i].type->name;
		p->mtypes[i] = &p->types[i].mtype;
	}
	ret = mdev_register_parent(&p->parent, info->dev,
				   &gvt_vfio_mdev_driver, p->mtypes, n);
	if (ret) {
		kfree(p);
		return ret;
	}
	mutex_lock(&gvt_vfio_parents_lock);
	list_add_tail(&p->link, &gvt_vfio_parents);
	mutex_unlock(&gvt_vfio_parents_lock);
	return 0;
}

static void gvt_vfio_device_removed(struct gvt_device *gvt)
{
	struct gvt_vfio_parent *p, *found = NULL;

	mutex_lock(&gvt_vfio_parents_lock);
	list_for_each_entry(p, &gvt_vfio_parents, link) {
		if (p->gvt == gvt) {
			found = p;
			list_del(&p->link);
			break;
		}
	}
	mutex_unlock(&gvt_vfio_parents_lock);
	if (WARN_ON_ONCE(!found))
		return;
	/* Removes every mdev of the parent, destroying their vGPUs. */
	mdev_unregister_parent(&found->parent);
	kfree(found);
}

static struct gvt_frontend gvt_vfio_frontend = {
	.name = "vfio",
	.device_added = gvt_vfio_device_added,
	.device_removed = gvt_vfio_device_removed,
};

static int __init gvt_vfio_init(void)
{
	int ret;

	ret = mdev_register_driver(&gvt_vfio_mdev_driver);
	if (ret)
		return ret;
	ret = gvt_frontend_register(&gvt_vfio_frontend);
	if (ret)
		mdev_unregister_driver(&gvt_vfio_mdev_driver);
	return ret;
}

static void __exit gvt_vfio_exit(void)
{
	gvt_frontend_unregister(&gvt_vfio_frontend);
	mdev_unregister_driver(&gvt_vfio_mdev_driver);
}

module_init(gvt_vfio_init);
module_exit(gvt_vfio_exit);

MODULE_DESCRIPTION("GVT-g mdev/VFIO frontend (KVMGT-compatible)");
MODULE_LICENSE("GPL");
