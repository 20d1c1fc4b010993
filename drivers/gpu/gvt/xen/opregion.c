// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's ACPI OpRegion where its firmware put it.
 *
 * hvmloader gives a VGA-class Intel device an OpRegion address in the MMIO
 * hole and writes it to ASLS (config 0xfc), leaving the device model to
 * show the OpRegion there. xengt does that with its ioreq server: when
 * the guest writes ASLS, the 8 KiB at that address become a MEMORY range
 * of the server (the old one, if any, is removed), and COPY requests in it
 * are served from a copy of the core's OpRegion that belongs to this
 * guest: it reads the header, mailboxes and VBT, and what it writes stays
 * in its copy. An ASLS of 0, one not 4 KiB aligned or one whose 8 KiB
 * would wrap or overlap a BAR the guest decodes maps nothing. Pure C.
 */
#include <linux/kernel.h>

#include "xengt.h"

#define XENGT_PCI_ASLS		0xfc
#define XENGT_OPREGION_ALIGN	4096U

/**
 * xengt_opregion_init() - the guest's copy of the vGPU's OpRegion
 * @d: the guest, its vGPU created
 *
 * Return: 0, -ENOMEM, or the core's error.
 */
int xengt_opregion_init(struct xengt_dom *d)
{
	int ret;

	d->opregion = kzalloc(GVT_OPREGION_SIZE, GFP_KERNEL);
	if (!d->opregion)
		return -ENOMEM;
	ret = gvt_vgpu_opregion_read(d->vgpu, 0, d->opregion,
				     GVT_OPREGION_SIZE);
	if (ret) {
		kfree(d->opregion);
		d->opregion = NULL;
	}
	return ret;
}

/**
 * xengt_opregion_fini() - free the guest's copy
 * @d: the guest, whose server is gone (and the range with it)
 */
void xengt_opregion_fini(struct xengt_dom *d)
{
	kfree(d->opregion);
	d->opregion = NULL;
	d->opregion_gpa = 0;
}

static bool xengt_opregion_place_ok(const struct xengt_dom *d, u64 gpa)
{
	u64 end = gpa + GVT_OPREGION_SIZE - 1;
	unsigned int i;

	if (!gpa || gpa % XENGT_OPREGION_ALIGN || end > U32_MAX)
		return false;
	for (i = 0; i < ARRAY_SIZE(d->bar); i++)
		if (d->bar[i].mapped && gpa < d->bar[i].base + d->bar[i].size &&
		    end >= d->bar[i].base)
			return false;
	return true;
}

/**
 * xengt_opregion_update() - follow the guest's ASLS
 * @d: the guest, after a config write that covered ASLS
 *
 * Maps the OpRegion at the address ASLS now holds, if it is a place for
 * it, and unmaps it from where it was.
 */
void xengt_opregion_update(struct xengt_dom *d)
{
	u32 asls = 0;
	int ret;

	if (!d->opregion ||
	    gvt_vgpu_cfg_read(d->vgpu, XENGT_PCI_ASLS, &asls, sizeof(asls)))
		return;
	if (asls == d->opregion_gpa)
		return;
	if (d->opregion_gpa) {
		ret = xengt_dm_map_range(d, false, XENGT_DMOP_IO_RANGE_MEMORY,
					 d->opregion_gpa, d->opregion_gpa +
					 GVT_OPREGION_SIZE - 1);
		if (ret)
			pr_warn_ratelimited("xengt: domain %u: cannot unmap the OpRegion at 0x%llx: %d\n",
					    d->domid, d->opregion_gpa, ret);
		d->opregion_gpa = 0;
	}
	if (!xengt_opregion_place_ok(d, asls)) {
		if (asls)
			pr_info_ratelimited("xengt: domain %u: ASLS 0x%x is no place for the 8 KiB OpRegion (not 4 KiB aligned, past 4 GiB or over a BAR): not shown\n",
					    d->domid, asls);
		return;
	}
	ret = xengt_dm_map_range(d, true, XENGT_DMOP_IO_RANGE_MEMORY, asls,
				 (u64)asls + GVT_OPREGION_SIZE - 1);
	if (ret) {
		pr_warn_ratelimited("xengt: domain %u: cannot map the OpRegion at 0x%x: %d\n",
				    d->domid, asls, ret);
		return;
	}
	d->opregion_gpa = asls;
}

/**
 * xengt_opregion_contains() - is [@lo, @hi] inside the mapped OpRegion?
 * @d: the guest
 * @lo: first byte
 * @hi: last byte
 *
 * Return: true if it is.
 */
bool xengt_opregion_contains(const struct xengt_dom *d, u64 lo, u64 hi)
{
	return d->opregion_gpa && lo >= d->opregion_gpa &&
	       hi - d->opregion_gpa < GVT_OPREGION_SIZE;
}

/**
 * xengt_opregion_access() - one element of a COPY in the OpRegion
 * @d: the guest
 * @gpa: its address, inside the OpRegion with its @size bytes
 * @val: the value
 * @size: 1, 2, 4 or 8 bytes
 * @read: direction
 */
void xengt_opregion_access(struct xengt_dom *d, u64 gpa, u64 *val,
			   unsigned int size, bool read)
{
	u8 *p = d->opregion + (gpa - d->opregion_gpa);

	if (read)
		memcpy(val, p, size);
	else
		memcpy(p, val, size);
}
