// SPDX-License-Identifier: GPL-2.0-only
/*
 * The expansion ROM with the VBT (core/rom.c, gvt.vbt_rom=1), walked as
 * the kernel's pci_get_rom_size() walks ROM images and searched as i915's
 * oprom_get_vbt() searches it; and no ROM without the parameter.
 */
#include <linux/pci_regs.h>

#include "gvt_test.h"

static u16 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 cfg32(struct gvt_vgpu *v, unsigned int off)
{
	u32 val = 0;

	EXPECT_EQ(gvt_vgpu_cfg_read(v, off, &val, 4), 0);
	return val;
}

TEST(rom_with_the_vbt)
{
	static u8 rom[GVT_ROM_SIZE + 1], opr[GVT_OPREGION_SIZE];
	u32 all = 0xffffffff, vbt_len;
	const u8 *pcir, *vbt = NULL;
	struct gvt_vgpu *v;
	struct tdev t;
	unsigned int i;
	u8 sum = 0;

	gvt_vbt_rom_enabled = true;
	tdev_new(&t, 256, 4096, 32, false);
	gvt_vbt_rom_enabled = false;
	v = vgpu_new(t.gvt, tdev_type(t.gvt, "GVTg_V5_8"));
	ASSERT(v);
	EXPECT_EQ(cfg32(v, PCI_CLASS_REVISION) >> 16, 0x0380);
	/* The ROM BAR: 8 KiB, its enable bit writable. */
	EXPECT_EQ(gvt_vgpu_cfg_write(v, PCI_ROM_ADDRESS, &all, 4), 0);
	EXPECT_EQ(cfg32(v, PCI_ROM_ADDRESS), ~(u32)(GVT_ROM_SIZE - 1) | 1);
	EXPECT_EQ(gvt_vgpu_rom_size(v), GVT_ROM_SIZE);
	ASSERT_EQ(gvt_vgpu_rom_read(v, 0, rom, GVT_ROM_SIZE), 0);
	EXPECT_EQ(gvt_vgpu_rom_read(v, 1, rom, GVT_ROM_SIZE), -EINVAL);
	EXPECT_EQ(gvt_vgpu_rom_read(v, GVT_ROM_SIZE + 1, rom, 0), -EINVAL);
	/* One image: signature, PCIR, ids, class, length, not x86, last. */
	EXPECT_EQ(get16(rom), 0xaa55);
	EXPECT_EQ(rom[2] * 512, GVT_ROM_SIZE);
	ASSERT(get16(rom + 0x18) + 0x18 <= GVT_ROM_SIZE);
	pcir = rom + get16(rom + 0x18);
	EXPECT(!memcmp(pcir, "PCIR", 4));
	EXPECT_EQ(get16(pcir + 4), 0x8086);
	EXPECT_EQ(get16(pcir + 6), gvt_device_info(t.gvt)->device);
	EXPECT_EQ(get16(pcir + 0x0a), 0x18);
	EXPECT_EQ(pcir[0x0f] << 8 | pcir[0x0e], 0x0380);
	EXPECT_EQ(get16(pcir + 0x10) * 512, GVT_ROM_SIZE);
	EXPECT_EQ(pcir[0x14], 1);
	EXPECT_EQ(pcir[0x15] & 0x80, 0x80);
	for (i = 0; i < GVT_ROM_SIZE; i++)
		sum += rom[i];
	EXPECT_EQ(sum, 0);
	/* The VBT, where a 4-byte scan finds it, as the OpRegion's. */
	for (i = 0; i + 4 < GVT_ROM_SIZE && !vbt; i += 4)
		if (!memcmp(rom + i, "$VBT", 4))
			vbt = rom + i;
	ASSERT(vbt);
	ASSERT_EQ(gvt_vgpu_opregion_read(v, 0, opr, sizeof(opr)), 0);
	vbt_len = get16(opr + 0x400 + 0x18);
	EXPECT(vbt_len > 48 && vbt + vbt_len <= rom + GVT_ROM_SIZE);
	EXPECT(!memcmp(vbt, opr + 0x400, vbt_len));
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(rom_absent_by_default)
{
	u32 all = 0xffffffff;
	struct gvt_vgpu *v;
	struct tdev t;
	u8 b;

	tdev_new(&t, 256, 4096, 32, false);
	v = vgpu_new(t.gvt, tdev_type(t.gvt, "GVTg_V5_8"));
	ASSERT(v);
	EXPECT_EQ(cfg32(v, PCI_CLASS_REVISION) >> 16, 0x0300);
	EXPECT_EQ(gvt_vgpu_cfg_write(v, PCI_ROM_ADDRESS, &all, 4), 0);
	EXPECT_EQ(cfg32(v, PCI_ROM_ADDRESS), 0);
	EXPECT_EQ(gvt_vgpu_rom_size(v), 0);
	EXPECT_EQ(gvt_vgpu_rom_read(v, 0, &b, 1), -EINVAL);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}
