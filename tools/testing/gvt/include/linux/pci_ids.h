/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of the PCI ids the GVT core uses (the kernel's
 * include/linux/pci_ids.h is not part of the uAPI headers).
 */
#ifndef _GVT_SHIM_LINUX_PCI_IDS_H
#define _GVT_SHIM_LINUX_PCI_IDS_H

#define PCI_CLASS_DISPLAY_VGA		0x0300
#define PCI_CLASS_DISPLAY_OTHER		0x0380
#define PCI_VENDOR_ID_INTEL		0x8086

#endif /* _GVT_SHIM_LINUX_PCI_IDS_H */
