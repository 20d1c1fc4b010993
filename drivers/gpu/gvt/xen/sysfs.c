// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/vgt, the ABI of the historical xengt.ko that qemu-xen,
 * Qubes libxl and XenServer tooling write:
 *
 *	control/create_vgt_instance	0220	"domid,low,high,fence[,primary[,cap]]"
 *					or "-domid" (see parse.c)
 *	vm<domid>/vgpu_id		0440	the vGPU's id
 *	vm<domid>/schedule		0220	non-zero: requests reach the vGPU
 *
 * vm<domid> exists while the domain has a vGPU (and so does debugfs
 * xengt/vm<domid>, see debugfs.c). Removing it waits for any
 * read or write of its files to finish, so they may use the guest freely;
 * schedule takes only the guest's own lock, never the backend's.
 */
#include <linux/kobject.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "xengt.h"

static struct kset *xengt_kset;
static struct kobject *xengt_control;

static ssize_t create_vgt_instance_store(struct kobject *kobj,
					 struct kobj_attribute *attr,
					 const char *buf, size_t count)
{
	int ret = xengt_write(&xengt_be, buf, count);

	return ret ? ret : count;
}

static struct kobj_attribute xengt_attr_create =
	__ATTR(create_vgt_instance, 0220, NULL, create_vgt_instance_store);

static struct attribute *xengt_control_attrs[] = {
	&xengt_attr_create.attr,
	NULL
};

static const struct attribute_group xengt_control_group = {
	.attrs = xengt_control_attrs,
};

/**
 * struct xengt_vm - the directory vm<domid>
 * @kobj: its kobject
 * @d: the guest; valid while the directory is in sysfs
 */
struct xengt_vm {
	struct kobject kobj;
	struct xengt_dom *d;
};

static struct xengt_dom *to_dom(struct kobject *kobj)
{
	return container_of(kobj, struct xengt_vm, kobj)->d;
}

static ssize_t vgpu_id_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", to_dom(kobj)->vgpu_id);
}

static ssize_t schedule_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	struct xengt_dom *d = to_dom(kobj);
	int val, ret;

	ret = kstrtoint(buf, 10, &val);
	if (ret) {
		pr_info("xengt: vm%u/schedule: expected a decimal integer (0 stops, non-zero runs)\n",
			d->domid);
		return ret;
	}
	ret = xengt_schedule(d, val != 0);
	return ret ? ret : count;
}

static struct kobj_attribute xengt_attr_vgpu_id =
	__ATTR(vgpu_id, 0440, vgpu_id_show, NULL);
static struct kobj_attribute xengt_attr_schedule =
	__ATTR(schedule, 0220, NULL, schedule_store);

static struct attribute *xengt_vm_attrs[] = {
	&xengt_attr_vgpu_id.attr,
	&xengt_attr_schedule.attr,
	NULL
};
ATTRIBUTE_GROUPS(xengt_vm);

static void xengt_vm_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct xengt_vm, kobj));
}

static struct kobj_type xengt_vm_ktype = {
	.release = xengt_vm_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = xengt_vm_groups,
};

/**
 * xengt_sysfs_publish() - &xengt_hyp_ops.publish: create vm<domid>
 * @d: the guest
 *
 * Return: 0 or a negative errno.
 */
int xengt_sysfs_publish(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;
	struct xengt_vm *vm;
	int ret;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return -ENOMEM;
	vm->d = d;
	vm->kobj.kset = xengt_kset;
	ret = kobject_init_and_add(&vm->kobj, &xengt_vm_ktype, NULL, "vm%u",
				   d->domid);
	if (ret) {
		kobject_put(&vm->kobj);
		return ret;
	}
	kobject_uevent(&vm->kobj, KOBJ_ADD);
	kd->vm = &vm->kobj;
	xengt_debugfs_add(d);
	return 0;
}

/**
 * xengt_sysfs_unpublish() - &xengt_hyp_ops.unpublish: remove vm<domid>
 * @d: the guest
 */
void xengt_sysfs_unpublish(struct xengt_dom *d)
{
	struct xengt_kdom *kd = d->hyp;

	if (!kd->vm)
		return;
	xengt_debugfs_remove(d);
	/* Waits for running show/store calls; none start afterwards. */
	kobject_del(kd->vm);
	kobject_put(kd->vm);
	kd->vm = NULL;
}

/**
 * xengt_sysfs_init() - create /sys/kernel/vgt and control/
 *
 * Return: 0 or a negative errno.
 */
int xengt_sysfs_init(void)
{
	int ret;

	xengt_kset = kset_create_and_add("vgt", NULL, kernel_kobj);
	if (!xengt_kset)
		return -ENOMEM;
	xengt_control = kobject_create_and_add("control", &xengt_kset->kobj);
	if (!xengt_control) {
		ret = -ENOMEM;
		goto err_kset;
	}
	ret = sysfs_create_group(xengt_control, &xengt_control_group);
	if (ret)
		goto err_control;
	return 0;

err_control:
	kobject_put(xengt_control);
err_kset:
	kset_unregister(xengt_kset);
	return ret;
}

/**
 * xengt_sysfs_exit() - remove control/; vm<domid> directories are gone
 */
void xengt_sysfs_exit(void)
{
	if (!xengt_control)
		return;
	sysfs_remove_group(xengt_control, &xengt_control_group);
	kobject_put(xengt_control);
	xengt_control = NULL;
}

/**
 * xengt_sysfs_release() - remove /sys/kernel/vgt itself
 */
void xengt_sysfs_release(void)
{
	kset_unregister(xengt_kset);
	xengt_kset = NULL;
}
