// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupts of a vGPU behind VFIO, as kvmgt offers them: one INTx line
 * that never fires and one MSI vector, signalled through an eventfd that
 * userspace (QEMU) hands in with VFIO_DEVICE_SET_IRQS, and the device
 * request (REQ) eventfd that asks QEMU to unplug it. The core's interrupt
 * emulation signals the MSI eventfd through gvt_hv_ops.inject_msi.
 */
#include <linux/eventfd.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "gvt_vfio.h"

static unsigned int gvt_vfio_irq_count(u32 index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
	case VFIO_PCI_MSI_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	default:
		return 0;
	}
}

/**
 * gvt_vfio_get_irq_info() - VFIO_DEVICE_GET_IRQ_INFO
 * @v: the vGPU
 * @arg: user pointer to a struct vfio_irq_info
 *
 * Return: 0, -EFAULT, or -EINVAL for a short argsz or an index at or
 * above %VFIO_PCI_NUM_IRQS.
 */
long gvt_vfio_get_irq_info(struct gvt_vfio_vgpu *v, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;
	int ret;

	ret = gvt_vfio_get_arg(v, "VFIO_DEVICE_GET_IRQ_INFO", &info, arg,
			       minsz);
	if (ret)
		return ret;
	if (info.index >= VFIO_PCI_NUM_IRQS) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_GET_IRQ_INFO: index %u, expected below %u\n",
				     info.index, VFIO_PCI_NUM_IRQS);
		return -EINVAL;
	}
	info.count = gvt_vfio_irq_count(info.index);
	switch (info.index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			     VFIO_IRQ_INFO_AUTOMASKED;
		break;
	case VFIO_PCI_MSI_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
		break;
	default:
		info.flags = 0;
		break;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * The MSI and REQ eventfds, in their slots of @v under irq_lock, which the
 * MSI path may take from a host's completion context: irqsave throughout.
 */
/* Replace the eventfd in @slot; NULL releases it. */
static void gvt_vfio_set_trigger(struct gvt_vfio_vgpu *v,
				 struct eventfd_ctx **slot,
				 struct eventfd_ctx *trigger)
{
	struct eventfd_ctx *old;
	unsigned long flags;

	spin_lock_irqsave(&v->irq_lock, flags);
	old = *slot;
	*slot = trigger;
	spin_unlock_irqrestore(&v->irq_lock, flags);
	if (old)
		eventfd_ctx_put(old);
}

/* Signal the eventfd in @slot; false if there is none. */
static bool gvt_vfio_signal(struct gvt_vfio_vgpu *v, struct eventfd_ctx **slot)
{
	unsigned long flags;
	bool armed;

	spin_lock_irqsave(&v->irq_lock, flags);
	armed = *slot;
	if (armed)
		eventfd_signal(*slot, 1);
	spin_unlock_irqrestore(&v->irq_lock, flags);
	return armed;
}

/*
 * VFIO_DEVICE_SET_IRQS for a one-vector eventfd index (MSI, REQ): trigger
 * it (DATA_NONE, DATA_BOOL), set or release its eventfd (DATA_EVENTFD, fd
 * -1 or count 0 releases).
 */
static int gvt_vfio_eventfd_irq(struct gvt_vfio_vgpu *v,
				struct eventfd_ctx **slot, const char *name,
				u32 flags, u32 count, const void *data)
{
	struct eventfd_ctx *trigger;
	s32 fd;

	switch (flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		if (!count)
			gvt_vfio_set_trigger(v, slot, NULL);
		else
			gvt_vfio_signal(v, slot);
		return 0;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (count && *(const u8 *)data)
			gvt_vfio_signal(v, slot);
		return 0;
	default:	/* VFIO_IRQ_SET_DATA_EVENTFD */
		if (!count)
			break;
		memcpy(&fd, data, sizeof(fd));
		if (fd == -1) {
			gvt_vfio_set_trigger(v, slot, NULL);
			return 0;
		}
		trigger = eventfd_ctx_fdget(fd);
		if (IS_ERR(trigger)) {
			dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_SET_IRQS: %s: fd %d is not an eventfd\n",
					     name, fd);
			return PTR_ERR(trigger);
		}
		gvt_vfio_set_trigger(v, slot, trigger);
		return 0;
	}
	dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_SET_IRQS: %s: an eventfd needs count 1\n",
			     name);
	return -EINVAL;
}

/**
 * gvt_vfio_inject_msi() - &gvt_hv_ops.inject_msi: the vGPU's MSI fires
 * @priv: the &struct gvt_vfio_vgpu
 * @addr: message address the guest programmed (unused: the eventfd that
 *	  QEMU set with VFIO_DEVICE_SET_IRQS already routes the vector)
 * @data: message data (unused, likewise)
 *
 * Does not sleep.
 *
 * Return: 0, or -ENODEV when no MSI eventfd is set (the guest has not
 * enabled MSI through QEMU yet); the core counts that.
 */
int gvt_vfio_inject_msi(void *priv, u64 addr, u32 data)
{
	struct gvt_vfio_vgpu *v = priv;

	return gvt_vfio_signal(v, &v->msi_trigger) ? 0 : -ENODEV;
}

/* INTx never fires: check an eventfd argument, keep nothing. */
static int gvt_vfio_intx(struct gvt_vfio_vgpu *v, u32 flags, u32 count,
			 const void *data)
{
	struct eventfd_ctx *ctx;
	s32 fd;

	if ((flags & VFIO_IRQ_SET_DATA_TYPE_MASK) != VFIO_IRQ_SET_DATA_EVENTFD ||
	    !count)
		return 0;
	memcpy(&fd, data, sizeof(fd));
	if (fd == -1)
		return 0;
	ctx = eventfd_ctx_fdget(fd);
	if (IS_ERR(ctx)) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_SET_IRQS: INTx: fd %d is not an eventfd\n",
				     fd);
		return PTR_ERR(ctx);
	}
	eventfd_ctx_put(ctx);
	return 0;
}

/**
 * gvt_vfio_request() - &vfio_device_ops.request: the kernel wants the
 *			device back
 * @vdev: the VFIO device, open and being unregistered
 * @count: how many times it asked before (every 10 s)
 *
 * The device request (VFIO_PCI_REQ_IRQ_INDEX), as vfio-pci offers it: an
 * eventfd the kernel signals when it wants the device back (the mdev is
 * being removed while userspace holds it open); QEMU answers by unplugging
 * the device from the guest and closing it.
 */
void gvt_vfio_request(struct vfio_device *vdev, unsigned int count)
{
	struct gvt_vfio_vgpu *v = container_of(vdev, struct gvt_vfio_vgpu,
					       vdev);

	if (gvt_vfio_signal(v, &v->req_trigger)) {
		if (!(count % 10))
			dev_notice_ratelimited(vdev->dev, "asking the user to release the vGPU (request %u)\n",
					       count);
	} else if (!count) {
		dev_notice(vdev->dev, "no device request eventfd: removal waits until the user closes the vGPU\n");
	}
}

/**
 * gvt_vfio_set_irqs() - VFIO_DEVICE_SET_IRQS
 * @v: the vGPU
 * @arg: user pointer to a struct vfio_irq_set and its data
 *
 * REQ (the device request QEMU answers by unplugging the device): as
 * MSI; the kernel signals it when the mdev is being removed.
 * MSI: ACTION_TRIGGER with DATA_EVENTFD and count 1 sets the eventfd (fd
 * -1 releases it), DATA_NONE with count 0 releases it, DATA_NONE or a true
 * DATA_BOOL with count 1 signals it; MSI is not maskable. INTx:
 * ACTION_TRIGGER, ACTION_MASK and ACTION_UNMASK are accepted and change
 * nothing, since the line never fires (so it is never masked); an eventfd
 * handed in is checked to be one and not kept.
 *
 * Return: 0, -EFAULT, -EBADF or -EINVAL for an eventfd that is not one,
 * -EINVAL for any other bad argument; nothing changes on error.
 */
long gvt_vfio_set_irqs(struct gvt_vfio_vgpu *v, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	void *data = NULL;
	u32 action;
	int ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	ret = vfio_set_irqs_validate_and_prepare(&hdr,
						 gvt_vfio_irq_count(hdr.index),
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (ret) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_SET_IRQS: bad argument (argsz %u, flags %#x, index %u, start %u, count %u)\n",
				     hdr.argsz, hdr.flags, hdr.index, hdr.start,
				     hdr.count);
		return ret;
	}
	action = hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	if (action != VFIO_IRQ_SET_ACTION_TRIGGER &&
	    hdr.index != VFIO_PCI_INTX_IRQ_INDEX) {
		dev_info_ratelimited(v->vdev.dev, "VFIO_DEVICE_SET_IRQS: action %#x: %s takes only ACTION_TRIGGER\n",
				     action, hdr.index == VFIO_PCI_REQ_IRQ_INDEX ? "REQ" : "MSI");
		return -EINVAL;
	}
	if (data_size) {
		data = memdup_user(arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}
	if (hdr.index == VFIO_PCI_MSI_IRQ_INDEX)
		ret = gvt_vfio_eventfd_irq(v, &v->msi_trigger, "MSI", hdr.flags,
					   hdr.count, data);
	else if (hdr.index == VFIO_PCI_REQ_IRQ_INDEX)
		ret = gvt_vfio_eventfd_irq(v, &v->req_trigger, "REQ", hdr.flags,
					   hdr.count, data);
	else
		ret = gvt_vfio_intx(v, hdr.flags, hdr.count, data);
	kfree(data);
	return ret;
}

/**
 * gvt_vfio_irq_release() - release the MSI and REQ eventfds (device closed)
 * @v: the vGPU
 */
void gvt_vfio_irq_release(struct gvt_vfio_vgpu *v)
{
	gvt_vfio_set_trigger(v, &v->msi_trigger, NULL);
	gvt_vfio_set_trigger(v, &v->req_trigger, NULL);
}
