// SPDX-License-Identifier: GPL-2.0-only
/*
 * An expansion ROM that carries the VBT, for guests whose firmware writes
 * no ASLS (option (B) of Documentation/gpu/gvt/display.rst).
 *
 * Only with gvt.vbt_rom=1, when a device registers: its vGPUs then have
 * the display class "other" (0x0380: no firmware takes them for its VGA
 * device or shadows a ROM for them) and a ROM BAR of %GVT_ROM_SIZE bytes
 * whose one image holds the OpRegion's VBT. The image is a PCI expansion
 * ROM as the PCI firmware specification lays it out: 0xaa55, its length
 * in 512-byte units at byte 2, the offset of its "PCIR" data structure at
 * 0x18; the structure names the vGPU's vendor, device and class, the
 * image's length, code type 1 (not x86 and not EFI, so neither SeaBIOS
 * nor OVMF runs it) and the last-image flag. The VBT follows at
 * %GVT_ROM_VBT_OFFSET, where i915's oprom_get_vbt() finds it by its
 * signature; the image's bytes add up to 0.
 */
#include <linux/nospec.h>
#include <linux/pci_ids.h>
#include <linux/string.h>

#include "gvt_internal.h"

#define GVT_ROM_PCIR		0x1c
#define GVT_ROM_CODE_TYPE	1	/* Open Firmware: nobody's to run */
#define GVT_ROM_LAST_IMAGE	0x80

bool gvt_vbt_rom_enabled;

static void gvt_rom_put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

/**
 * gvt_rom_build() - build a device's expansion ROM from its OpRegion
 * @gvt: the device, its OpRegion built
 *
 * Fills @gvt->rom (%GVT_ROM_SIZE bytes).
 */
void gvt_rom_build(struct gvt_device *gvt)
{
	const u8 *vbt = gvt->opregion + GVT_OPREGION_VBT_OFFSET;
	u16 vbt_len = vbt[GVT_VBT_SIZE_OFFSET] |
		      vbt[GVT_VBT_SIZE_OFFSET + 1] << 8;
	u8 *r = gvt->rom, *pcir = r + GVT_ROM_PCIR, sum = 0;
	unsigned int i;

	memset(r, 0, GVT_ROM_SIZE);
	r[0] = 0x55;
	r[1] = 0xaa;
	r[2] = GVT_ROM_SIZE / 512;
	gvt_rom_put16(r + 0x18, GVT_ROM_PCIR);
	memcpy(pcir, "PCIR", 4);
	gvt_rom_put16(pcir + 4, gvt->info.vendor);
	gvt_rom_put16(pcir + 6, gvt->info.device);
	gvt_rom_put16(pcir + 0x0a, 0x18);		/* structure length */
	pcir[0x0c] = 0;					/* revision */
	pcir[0x0e] = PCI_CLASS_DISPLAY_OTHER & 0xff;	/* subclass */
	pcir[0x0f] = PCI_CLASS_DISPLAY_OTHER >> 8;	/* base class */
	gvt_rom_put16(pcir + 0x10, GVT_ROM_SIZE / 512);
	pcir[0x14] = GVT_ROM_CODE_TYPE;
	pcir[0x15] = GVT_ROM_LAST_IMAGE;
	memcpy(r + GVT_ROM_VBT_OFFSET, vbt,
	       min_t(u32, vbt_len, GVT_ROM_SIZE - GVT_ROM_VBT_OFFSET - 1));
	for (i = 0; i < GVT_ROM_SIZE - 1; i++)
		sum += r[i];
	r[GVT_ROM_SIZE - 1] = -sum;
}

/**
 * gvt_vgpu_rom_size() - does the vGPU have an expansion ROM?
 * @vgpu: the vGPU
 *
 * Return: %GVT_ROM_SIZE with gvt.vbt_rom=1 at its device's registration,
 * else 0.
 */
size_t gvt_vgpu_rom_size(const struct gvt_vgpu *vgpu)
{
	return vgpu->gvt->has_rom ? GVT_ROM_SIZE : 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_rom_size);

/**
 * gvt_vgpu_rom_read() - read a vGPU's expansion ROM
 * @vgpu: the vGPU
 * @offset: byte offset in the ROM
 * @buf: receives @len bytes
 * @len: bytes to read
 *
 * The ROM is read-only and the same for the vGPU's whole life; a frontend
 * offers it as the PCI ROM the guest reads through the ROM BAR.
 *
 * Return: 0, or -EINVAL without a ROM or if [@offset, @offset + @len)
 * leaves it.
 */
int gvt_vgpu_rom_read(const struct gvt_vgpu *vgpu, u64 offset, void *buf,
		      size_t len)
{
	size_t size = gvt_vgpu_rom_size(vgpu);

	if (offset > size || len > size - offset)
		return -EINVAL;
	offset = array_index_nospec(offset, GVT_ROM_SIZE + 1);
	memcpy(buf, vgpu->gvt->rom + offset, len);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_rom_read);
