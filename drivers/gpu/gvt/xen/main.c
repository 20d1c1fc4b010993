// SPDX-License-Identifier: GPL-2.0-only
/*
 * xengt.ko: the Xen backend of GVT-g. In Xen's dom0 it serves
 * /sys/kernel/vgt, gives each guest domain a vGPU on a GVT device with a
 * synchronous ioreq server, and gives the vGPU back when the toolstack
 * writes "-domid", when the domain dies (xenstore @releaseDomain), when
 * the GVT device goes away and when the module unloads.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <xen/features.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

#include "xengt.h"

struct xengt xengt_be;

static char *device = "";
module_param(device, charp, 0444);
MODULE_PARM_DESC(device,
		 "name of the GVT device new vGPUs go to (e.g. gvt_sim.0); empty: the first one registered");

static uint pci_sbdf = XENGT_DEFAULT_SBDF;
module_param(pci_sbdf, uint, 0444);
MODULE_PARM_DESC(pci_sbdf,
		 "PCI function of the vGPU in guests, as seg << 16 | bus << 8 | dev << 3 | fn (default 0x10: 0000:00:02.0)");

static bool xengt_watching;

/* @releaseDomain: some domain died; tear down the vGPUs of gone ones. */
static void xengt_release_domain(struct xenbus_watch *w, const char *path,
				 const char *token)
{
	xengt_reap(&xengt_be);
}

static struct xenbus_watch xengt_watch = {
	.node = "@releaseDomain",
	.callback = xengt_release_domain,
};

/**
 * xengt_xenstore_ready() - whether xenstore can be asked
 *
 * Return: true once xenstored is up and the @releaseDomain watch is set.
 */
bool xengt_xenstore_ready(void)
{
	return READ_ONCE(xengt_watching);
}

static int xengt_xenstore_up(struct notifier_block *nb, unsigned long event,
			     void *data)
{
	int ret = register_xenbus_watch(&xengt_watch);

	if (ret)
		pr_warn("xengt: cannot watch @releaseDomain (%d): vGPUs of dead domains need \"-domid\"\n",
			ret);
	else
		WRITE_ONCE(xengt_watching, true);
	return NOTIFY_DONE;
}

static struct notifier_block xengt_xenstore_nb = {
	.notifier_call = xengt_xenstore_up,
};

static int xengt_fe_device_added(struct gvt_device *gvt)
{
	return xengt_device_added(&xengt_be, gvt);
}

static void xengt_fe_device_removed(struct gvt_device *gvt)
{
	xengt_device_removed(&xengt_be, gvt);
}

static struct gvt_frontend xengt_frontend = {
	.name = "xen",
	.device_added = xengt_fe_device_added,
	.device_removed = xengt_fe_device_removed,
};

static int __init xengt_module_init(void)
{
	int ret;

	if (!xen_initial_domain()) {
		pr_err("xengt: not loading: not running in Xen dom0 (the XenGT backend needs xen_initial_domain())\n");
		return -ENODEV;
	}
	if (xen_feature(XENFEAT_auto_translated_physmap)) {
		pr_err("xengt: not loading: dom0 is not PV (PVH dom0 is not supported)\n");
		return -ENODEV;
	}
	if (pci_sbdf > XENGT_DMOP_PCI_SBDF(0xffff, 0xff, 0x1f, 7)) {
		pr_err("xengt: pci_sbdf=0x%x is not seg << 16 | bus << 8 | dev << 3 | fn\n",
		       pci_sbdf);
		return -EINVAL;
	}
	xengt_init(&xengt_be, &xengt_xen_ops);
	xengt_be.device = device ? device : "";
	xengt_be.sbdf = pci_sbdf;

	xengt_debugfs_init();
	ret = xengt_sysfs_init();
	if (ret)
		goto err_fini;
	ret = gvt_frontend_register(&xengt_frontend);
	if (ret)
		goto err_sysfs;
	register_xenstore_notifier(&xengt_xenstore_nb);
	return 0;

err_sysfs:
	xengt_sysfs_exit();
	xengt_sysfs_release();
err_fini:
	xengt_fini(&xengt_be);
	xengt_debugfs_exit();
	return ret;
}

static void __exit xengt_module_exit(void)
{
	/* No new create, no sysfs write in flight. */
	xengt_sysfs_exit();
	unregister_xenstore_notifier(&xengt_xenstore_nb);
	if (xengt_watching) {
		unregister_xenbus_watch(&xengt_watch);
		WRITE_ONCE(xengt_watching, false);
	}
	/* Destroys the vGPUs of every device, then forgets the devices. */
	gvt_frontend_unregister(&xengt_frontend);
	xengt_fini(&xengt_be);
	xengt_sysfs_release();
	xengt_debugfs_exit();
}

module_init(xengt_module_init);
module_exit(xengt_module_exit);

MODULE_DESCRIPTION("XenGT mediated passthrough driver");
MODULE_LICENSE("GPL");
