// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual PCI configuration space of a vGPU.
 *
 * The guest sees a 4 KiB configuration space with the host GPU's identity,
 * two 64-bit memory BARs (BAR0: MMIO + GTT, BAR2: aperture), an MSI and a
 * power-management capability and a GMCH control word without stolen
 * memory, and with gvt.vbt_rom=1 an expansion ROM BAR (rom.c).
 * Everything else reads as zero.
 *
 * Writes are applied byte by byte through two masks: bits in the writable
 * mask take the written value, bits in the write-1-to-clear mask are
 * cleared by writing 1, all other bits keep their value. A BAR's writable
 * mask covers only its address bits above the BAR size, which is the whole
 * BAR sizing protocol: writing all ones reads back the size mask.
 */
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>

#include "gvt_internal.h"
#include "trace.h"

#define GVT_CFG_MSI_CAP		0xac
#define GVT_CFG_PM_CAP		0xd0
#define GVT_CFG_GMCH_CTRL	0x50
#define GVT_CFG_GMCH_GGMS_8M	(3 << 6)	/* 8 MiB of GTT: 4 GiB GM */
#define GVT_CFG_ASLS		0xfc

static void cfg_put8(u8 *p, unsigned int off, u8 v)
{
	p[off] = v;
}

static void cfg_put16(u8 *p, unsigned int off, u16 v)
{
	p[off] = v;
	p[off + 1] = v >> 8;
}

static void cfg_put32(u8 *p, unsigned int off, u32 v)
{
	cfg_put16(p, off, v);
	cfg_put16(p, off + 2, v >> 16);
}

static void cfg_put64(u8 *p, unsigned int off, u64 v)
{
	cfg_put32(p, off, v);
	cfg_put32(p, off + 4, v >> 32);
}

/* Writable bits of a 64-bit memory BAR of @size bytes (a power of two). */
static void cfg_bar_mask(u8 *wmask, unsigned int off, u64 size)
{
	cfg_put64(wmask, off, ~(size - 1) & (u64)PCI_BASE_ADDRESS_MEM_MASK);
}

/**
 * gvt_cfg_init_masks() - set up the write masks a GVT device's vGPUs share
 * @gvt: the device; its BAR sizes are known
 */
void gvt_cfg_init_masks(struct gvt_device *gvt)
{
	u8 *w = gvt->cfg_wmask, *c = gvt->cfg_w1cmask;

	memset(w, 0, sizeof(gvt->cfg_wmask));
	memset(c, 0, sizeof(gvt->cfg_w1cmask));
	cfg_put16(w, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
		  PCI_COMMAND_MASTER | PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
		  PCI_COMMAND_INTX_DISABLE);
	cfg_put16(c, PCI_STATUS, PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
		  PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
		  PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
	cfg_put8(w, PCI_CACHE_LINE_SIZE, 0xff);
	cfg_put8(w, PCI_LATENCY_TIMER, 0xff);
	cfg_bar_mask(w, PCI_BASE_ADDRESS_0, gvt->info.bar0_size);
	cfg_bar_mask(w, PCI_BASE_ADDRESS_2, gvt->info.aperture_size);
	cfg_put8(w, PCI_INTERRUPT_LINE, 0xff);
	/* MSI: enable bit, 32-bit message address and 16-bit data. */
	cfg_put16(w, GVT_CFG_MSI_CAP + PCI_MSI_FLAGS, PCI_MSI_FLAGS_ENABLE);
	cfg_put32(w, GVT_CFG_MSI_CAP + PCI_MSI_ADDRESS_LO, 0xfffffffc);
	cfg_put16(w, GVT_CFG_MSI_CAP + PCI_MSI_DATA_32, 0xffff);
	/* PM: power state and PME enable; PME status is write-1-to-clear. */
	cfg_put16(w, GVT_CFG_PM_CAP + PCI_PM_CTRL,
		  PCI_PM_CTRL_STATE_MASK | PCI_PM_CTRL_PME_ENABLE);
	cfg_put16(c, GVT_CFG_PM_CAP + PCI_PM_CTRL, PCI_PM_CTRL_PME_STATUS);
	/* OpRegion address, written by the guest BIOS or QEMU. */
	cfg_put32(w, GVT_CFG_ASLS, 0xffffffff);
	/* The expansion ROM (rom.c): its address bits and the enable. */
	if (gvt->has_rom)
		cfg_put32(w, PCI_ROM_ADDRESS, (~(GVT_ROM_SIZE - 1) &
			  PCI_ROM_ADDRESS_MASK) | PCI_ROM_ADDRESS_ENABLE);
}

/**
 * gvt_cfg_reset() - put a vGPU's configuration space in its power-on state
 * @vgpu: the vGPU
 */
void gvt_cfg_reset(struct gvt_vgpu *vgpu)
{
	const struct gvt_host_info *info = &vgpu->gvt->info;
	u8 *p = vgpu->cfg;

	memset(p, 0, GVT_CFG_SPACE_SIZE);
	cfg_put16(p, PCI_VENDOR_ID, info->vendor);
	cfg_put16(p, PCI_DEVICE_ID, info->device);
	cfg_put16(p, PCI_STATUS, PCI_STATUS_CAP_LIST);
	cfg_put8(p, PCI_REVISION_ID, info->revision);
	/*
	 * VGA compatible, as the GPU itself and upstream's vGPUs: the guest
	 * firmware places the OpRegion and writes ASLS only for an Intel
	 * device of this class (SeaBIOS with QEMU's x-igd-opregion=on,
	 * hvmloader under Xen). The vGPU decodes no legacy VGA range. With
	 * the VBT in an expansion ROM instead (rom.c), "other display
	 * controller", which no firmware or kernel takes for its VGA device.
	 */
	cfg_put16(p, PCI_CLASS_DEVICE, vgpu->gvt->has_rom ?
		  PCI_CLASS_DISPLAY_OTHER : PCI_CLASS_DISPLAY_VGA);
	cfg_put8(p, PCI_HEADER_TYPE, PCI_HEADER_TYPE_NORMAL);
	cfg_put32(p, PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_MEM_TYPE_64);
	cfg_put32(p, PCI_BASE_ADDRESS_2, PCI_BASE_ADDRESS_MEM_TYPE_64 |
		  PCI_BASE_ADDRESS_MEM_PREFETCH);
	cfg_put16(p, PCI_SUBSYSTEM_VENDOR_ID, info->subsystem_vendor);
	cfg_put16(p, PCI_SUBSYSTEM_ID, info->subsystem_device);
	cfg_put8(p, PCI_CAPABILITY_LIST, GVT_CFG_MSI_CAP);
	cfg_put8(p, PCI_INTERRUPT_PIN, 1);
	cfg_put16(p, GVT_CFG_GMCH_CTRL, GVT_CFG_GMCH_GGMS_8M);

	cfg_put8(p, GVT_CFG_MSI_CAP + PCI_CAP_LIST_ID, PCI_CAP_ID_MSI);
	cfg_put8(p, GVT_CFG_MSI_CAP + PCI_CAP_LIST_NEXT, GVT_CFG_PM_CAP);
	cfg_put8(p, GVT_CFG_PM_CAP + PCI_CAP_LIST_ID, PCI_CAP_ID_PM);
	cfg_put16(p, GVT_CFG_PM_CAP + PCI_PM_PMC, 3);	/* PM spec 1.2 */
}

static bool gvt_cfg_range_ok(unsigned int offset, unsigned int len)
{
	return len && offset < GVT_CFG_SPACE_SIZE &&
	       len <= GVT_CFG_SPACE_SIZE - offset;
}

/**
 * gvt_vgpu_cfg_read() - read the vGPU's PCI configuration space
 * @vgpu: the vGPU
 * @offset: byte offset in the 4 KiB space
 * @buf: where to put the bytes (little endian, as on the bus)
 * @len: number of bytes; any length that stays inside the space
 *
 * Return: 0, or -EINVAL for an empty or out-of-range access.
 */
int gvt_vgpu_cfg_read(struct gvt_vgpu *vgpu, unsigned int offset, void *buf,
		      unsigned int len)
{
	if (!gvt_cfg_range_ok(offset, len))
		return -EINVAL;
	/* Guest-controlled: no speculative read beyond the space. */
	offset = array_index_nospec(offset, GVT_CFG_SPACE_SIZE);
	mutex_lock(&vgpu->lock);
	memcpy(buf, vgpu->cfg + offset, len);
	mutex_unlock(&vgpu->lock);
	trace_gvt_cfg(vgpu, offset, len, buf, false);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_cfg_read);

/**
 * gvt_vgpu_cfg_write() - write the vGPU's PCI configuration space
 * @vgpu: the vGPU
 * @offset: byte offset in the 4 KiB space
 * @buf: the bytes (little endian, as on the bus)
 * @len: number of bytes; any length that stays inside the space
 *
 * Read-only bits keep their value, write-1-to-clear bits are cleared where
 * @buf has ones; writes beyond the standard header and capabilities are
 * ignored.
 *
 * Return: 0, or -EINVAL for an empty or out-of-range access.
 */
int gvt_vgpu_cfg_write(struct gvt_vgpu *vgpu, unsigned int offset,
		       const void *buf, unsigned int len)
{
	const u8 *wmask = vgpu->gvt->cfg_wmask;
	const u8 *w1c = vgpu->gvt->cfg_w1cmask;
	const u8 *val = buf;
	unsigned int i, end;

	if (!gvt_cfg_range_ok(offset, len))
		return -EINVAL;
	/* Only the first 256 bytes have writable bits. */
	end = offset + len;
	if (end > GVT_CFG_MASK_SIZE)
		end = GVT_CFG_MASK_SIZE;
	mutex_lock(&vgpu->lock);
	for (i = offset; i < end; i++) {
		unsigned int j = array_index_nospec(i, GVT_CFG_MASK_SIZE);
		u8 v = val[i - offset];
		u8 old = vgpu->cfg[j];

		old = (old & ~wmask[j]) | (v & wmask[j]);
		vgpu->cfg[j] = old & ~(v & w1c[j]);
	}
	mutex_unlock(&vgpu->lock);
	trace_gvt_cfg(vgpu, offset, len, buf, true);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_cfg_write);
