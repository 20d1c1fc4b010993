// SPDX-License-Identifier: GPL-2.0-only
/*
 * gvt.ko: the hypervisor-neutral GVT-g vGPU core.
 */
#include <linux/module.h>

#include "gvt_internal.h"

static bool workloads = true;
module_param(workloads, bool, 0444);
MODULE_PARM_DESC(workloads,
		 "run guests' ELSP submissions through the workload path and the host's engines (default: on; off leaves ELSP as plain storage and a guest's GT wedges at init)");

static bool vbt_rom;
module_param(vbt_rom, bool, 0444);
MODULE_PARM_DESC(vbt_rom,
		 "give the vGPUs of devices registered from now on the display class 0x0380 and an expansion ROM with the VBT, for guest firmware that writes no ASLS (default: off, class 0x0300 and the OpRegion only)");

static int __init gvt_init(void)
{
	gvt_workloads_enabled = workloads;
	gvt_vbt_rom_enabled = vbt_rom;
	gvt_debugfs_init();
	return 0;
}

static void __exit gvt_exit(void)
{
	gvt_registry_exit();
	gvt_debugfs_exit();
}

module_init(gvt_init);
module_exit(gvt_exit);

MODULE_DESCRIPTION("GVT-g vGPU core for Gen9 graphics");
MODULE_LICENSE("GPL");
