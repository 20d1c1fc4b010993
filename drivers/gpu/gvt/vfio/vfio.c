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

#include "gvt_vfio.h"

#define GVT_VFIO_MAX_TYPES	4
/* Room for every type the core offers. */
static_assert(GVT_VFIO_MAX_TYPES >= GVT_NUM_TYPES);

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
	const struct gvt_host_info *info;

	v->gvt = to_gvt_vfio_parent(mdev->type)->gvt;
	v->type = to_gvt_type(mdev->type);
	info = gvt_device_info(v->gvt);
	v->dma_dev = info->dev;
	v->bar0_size = info->bar0_size;
	v->bar2_size = info->aperture_size;
	spin_lock_init(&v->irq_lock);
	gvt_vfio_display_init(v);
	gvt_vfio_edid_init(v);
	gvt_vfio_dmabuf_init(v);
	gvt_vfio_aperture_init(v);
	v->vgpu = gvt_vgpu_create(v->gvt, v->type);
	if (IS_ERR(v->vgpu)) {
		int ret = PTR_ERR(v->vgpu);

		if (ret == -ENOSPC)
			dev_info_ratelimited(vdev->dev, "no room for another %s vGPU (available_instances is 0)\n",
					     v->type->name);
		return ret;
	}
	gvt_vfio_dma_init(v);
	return 0;
}

/*
 * Last reference to the VFIO device: only memory is left to free. The
 * vGPU went in gvt_vfio_remove(), or never came (init failed).
 */
static void gvt_vfio_release_dev(struct vfio_device *vdev)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);

	if (!IS_ERR_OR_NULL(v->vgpu)) {
		/* Not removed through gvt_vfio_remove(): cannot happen. */
		WARN_ON_ONCE(1);
		gvt_vgpu_destroy(v->vgpu);
	}
	gvt_vfio_dma_fini(v);
	gvt_vfio_display_fini(v);
	gvt_vfio_edid_fini(v);
	gvt_vfio_dmabuf_fini(v);
	vfio_free_device(vdev);
}

/**
 * gvt_vfio_get_arg() - copy in the fixed part of an ioctl argument
 * @v: the vGPU
 * @ioctl: the ioctl's name, for messages
 * @dst: where to copy
 * @arg: user pointer to a structure whose first member is argsz
 * @minsz: size of its fixed part
 *
 * Return: 0, -EFAULT, or -EINVAL if argsz is below @minsz.
 */
int gvt_vfio_get_arg(struct gvt_vfio_vgpu *v, const char *ioctl, void *dst,
		     const void __user *arg, unsigned long minsz)
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
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = GVT_VFIO_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long gvt_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd,
			   unsigned long arg)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return gvt_vfio_get_info(v, uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return gvt_vfio_get_region_info(v, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return gvt_vfio_get_irq_info(v, uarg);
	case VFIO_DEVICE_SET_IRQS:
		return gvt_vfio_set_irqs(v, uarg);
	case VFIO_DEVICE_RESET:
		gvt_vgpu_reset(v->vgpu);
		return 0;
	case VFIO_DEVICE_QUERY_GFX_PLANE:
		return gvt_vfio_query_gfx_plane(v, uarg);
	case VFIO_DEVICE_GET_GFX_DMABUF:
		return gvt_vfio_get_gfx_dmabuf(v, uarg);
	default:
		return -ENOTTY;
	}
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

/* First open of the device fd: the guest's memory becomes reachable. */
static int gvt_vfio_open_device(struct vfio_device *vdev)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);

	gvt_vfio_track_start(v);
	gvt_vfio_dma_attach(v);
	gvt_vfio_edid_open(v);
	WRITE_ONCE(v->kvm, !!vdev->kvm);
	WRITE_ONCE(v->open, true);
	return 0;
}

/*
 * Last close: drop every pin of guest memory and the eventfds, and reset
 * the vGPU (a device-level reset) so that the next opener, maybe another
 * VM, finds it as at power-on and reads nothing of this guest's GGTT,
 * registers, config space or failsafe state.
 */
static void gvt_vfio_close_device(struct vfio_device *vdev)
{
	struct gvt_vfio_vgpu *v = to_gvt_vfio_vgpu(vdev);

	gvt_vfio_dma_detach(v);
	gvt_vfio_track_stop(v);
	gvt_vfio_irq_release(v);
	gvt_vfio_display_release(v);
	gvt_vfio_dmabuf_release(v);
	gvt_vfio_edid_release(v);
	gvt_vgpu_reset(v->vgpu);
	gvt_vfio_aperture_release(v);
	WRITE_ONCE(v->open, false);
	WRITE_ONCE(v->kvm, false);
}

static const struct vfio_device_ops gvt_vfio_dev_ops = {
	.name = "gvt-vgpu",
	.init = gvt_vfio_init_dev,
	.release = gvt_vfio_release_dev,
	.open_device = gvt_vfio_open_device,
	.close_device = gvt_vfio_close_device,
	.read = gvt_vfio_read,
	.write = gvt_vfio_write,
	.ioctl = gvt_vfio_ioctl,
	.mmap = gvt_vfio_mmap,
	.dma_unmap = gvt_vfio_dma_unmap,
	.request = gvt_vfio_request,
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
		gvt_vgpu_destroy(v->vgpu);
		v->vgpu = NULL;
		vfio_put_device(&v->vdev);
		return ret;
	}
	gvt_vfio_debugfs_add(v);
	return 0;
}

static void gvt_vfio_remove(struct mdev_device *mdev)
{
	struct gvt_vfio_vgpu *v = dev_get_drvdata(&mdev->dev);

	gvt_vfio_debugfs_remove(v);
	/* Returns once userspace has closed the device (see request). */
	vfio_unregister_group_dev(&v->vdev);
	/*
	 * Nothing reaches the vGPU any more: destroy it now, while the GVT
	 * device is certainly still there, rather than whenever the last
	 * reference to the VFIO device drops.
	 */
	gvt_vgpu_destroy(v->vgpu);
	v->vgpu = NULL;
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

	gvt_vfio_debugfs_init();
	ret = mdev_register_driver(&gvt_vfio_mdev_driver);
	if (ret)
		goto err_debugfs;
	ret = gvt_frontend_register(&gvt_vfio_frontend);
	if (ret)
		goto err_driver;
	return 0;

err_driver:
	mdev_unregister_driver(&gvt_vfio_mdev_driver);
err_debugfs:
	gvt_vfio_debugfs_exit();
	return ret;
}

static void __exit gvt_vfio_exit(void)
{
	gvt_frontend_unregister(&gvt_vfio_frontend);
	mdev_unregister_driver(&gvt_vfio_mdev_driver);
	gvt_vfio_debugfs_exit();
}

module_init(gvt_vfio_init);
module_exit(gvt_vfio_exit);

MODULE_DESCRIPTION("GVT-g mdev/VFIO frontend (KVMGT-compatible)");
MODULE_LICENSE("GPL");
