// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the virtual PCI configuration space: identity, BARs and the
 * sizing protocol, writable and read-only bits, RW1C status bits, the
 * capability list, GMCH control and range checks, and BARs placed above
 * 4 GiB as OVMF places them.
 */
#include <stdio.h>
#include <linux/pci_regs.h>

#include "gvt_test.h"

static u32 cfg_rd(struct gvt_vgpu *v, unsigned int off, unsigned int len)
{
	u8 b[4] = { 0 };
	u32 val = 0;
	unsigned int i;

	EXPECT_EQ(gvt_vgpu_cfg_read(v, off, b, len), 0);
	for (i = 0; i < len; i++)
		val |= (u32)b[i] << (8 * i);
	return val;
}

static void cfg_wr(struct gvt_vgpu *v, unsigned int off, unsigned int len,
		   u32 val)
{
	u8 b[4];
	unsigned int i;

	for (i = 0; i < len; i++)
		b[i] = val >> (8 * i);
	EXPECT_EQ(gvt_vgpu_cfg_write(v, off, b, len), 0);
}

static struct gvt_vgpu *cfg_vgpu(struct tdev *t, u64 aperture_mb)
{
	struct gvt_device *gvt = tdev_new(t, aperture_mb, 4096, 32, false);

	return vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
}

TEST(cfg_identity)
{
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 256);
	EXPECT_EQ(cfg_rd(v, PCI_VENDOR_ID, 2), t.host.info.vendor);
	EXPECT_EQ(cfg_rd(v, PCI_DEVICE_ID, 2), t.host.info.device);
	EXPECT_EQ(cfg_rd(v, PCI_REVISION_ID, 1), t.host.info.revision);
	EXPECT_EQ(cfg_rd(v, PCI_CLASS_DEVICE, 2), 0x0300);
	EXPECT_EQ(cfg_rd(v, PCI_SUBSYSTEM_VENDOR_ID, 2),
		  t.host.info.subsystem_vendor);
	EXPECT_EQ(cfg_rd(v, PCI_SUBSYSTEM_ID, 2), t.host.info.subsystem_device);
	EXPECT_EQ(cfg_rd(v, PCI_HEADER_TYPE, 1), 0);
	EXPECT_EQ(cfg_rd(v, PCI_INTERRUPT_PIN, 1), 1);
	/* No stolen memory (GMS 0), an 8 MiB GTT (4 GiB of GM). */
	EXPECT_EQ(cfg_rd(v, 0x50, 2), 3 << 6);
	/* Identity is read-only. */
	cfg_wr(v, PCI_VENDOR_ID, 4, 0x12345678);
	EXPECT_EQ(cfg_rd(v, PCI_VENDOR_ID, 2), t.host.info.vendor);
	cfg_wr(v, 0x50, 2, 0xffff);
	EXPECT_EQ(cfg_rd(v, 0x50, 2), 3 << 6);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_bar_sizing)
{
	static const u64 ap[] = { 256, 512, 1024 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ap); i++) {
		struct gvt_vgpu *v;
		struct tdev t;
		u32 size_lo;

		v = cfg_vgpu(&t, ap[i]);
		/* BAR0: 64-bit memory, 16 MiB. */
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_0, 4), 0x4);
		cfg_wr(v, PCI_BASE_ADDRESS_0, 4, 0xffffffff);
		cfg_wr(v, PCI_BASE_ADDRESS_1, 4, 0xffffffff);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_0, 4), 0xff000004);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_1, 4), 0xffffffff);
		/* A real address sticks, low bits stay the type. */
		cfg_wr(v, PCI_BASE_ADDRESS_0, 4, 0xfd000000);
		cfg_wr(v, PCI_BASE_ADDRESS_1, 4, 0);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_0, 4), 0xfd000004);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_1, 4), 0);
		cfg_wr(v, PCI_BASE_ADDRESS_0, 4, 0xfd123456);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_0, 4), 0xfd000004);

		/* BAR2: 64-bit prefetchable, the aperture size. */
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_2, 4), 0xc);
		cfg_wr(v, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
		size_lo = ~(u32)(MiB(ap[i]) - 1) | 0xc;
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_2, 4), size_lo);
		/* BAR4 (I/O on the host), BAR5 and the ROM are absent. */
		cfg_wr(v, PCI_BASE_ADDRESS_4, 4, 0xffffffff);
		cfg_wr(v, PCI_BASE_ADDRESS_5, 4, 0xffffffff);
		cfg_wr(v, PCI_ROM_ADDRESS, 4, 0xffffffff);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_4, 4), 0);
		EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_5, 4), 0);
		EXPECT_EQ(cfg_rd(v, PCI_ROM_ADDRESS, 4), 0);
		gvt_vgpu_destroy(v);
		tdev_del(&t);
	}
}

/*
 * As OVMF's PciBusDxe does it: size every BAR with decoding on, both
 * halves of the 64-bit ones, probe the ROM with its enable bit, then place
 * the 64-bit BARs above 4 GiB, also in one 8-byte write. The placement is
 * the guest's business: BAR0 still answers at its offsets.
 */
TEST(cfg_bars_above_4g)
{
	static const u8 bar0_at[8] = { 0x04, 0, 0, 0x20, 0x08, 0, 0, 0 };
	u8 b[8];
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 512);
	cfg_wr(v, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	cfg_wr(v, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	cfg_wr(v, PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_2, 4), ~(u32)(MiB(512) - 1) | 0xc);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_3, 4), 0xffffffff);
	cfg_wr(v, PCI_ROM_ADDRESS, 4, PCI_ROM_ADDRESS_MASK |
	       PCI_ROM_ADDRESS_ENABLE);
	EXPECT_EQ(cfg_rd(v, PCI_ROM_ADDRESS, 4), 0);
	/* BAR2 at 32 GiB, a dword at a time, high half first */
	cfg_wr(v, PCI_BASE_ADDRESS_3, 4, 0x8);
	cfg_wr(v, PCI_BASE_ADDRESS_2, 4, 0);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_2, 4), 0xc);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_3, 4), 0x8);
	/* BAR0 at 32 GiB + 512 MiB in one write */
	EXPECT_EQ(gvt_vgpu_cfg_write(v, PCI_BASE_ADDRESS_0, bar0_at, 8), 0);
	EXPECT_EQ(gvt_vgpu_cfg_read(v, PCI_BASE_ADDRESS_0, b, 8), 0);
	EXPECT_EQ(memcmp(b, bar0_at, 8), 0);
	EXPECT_EQ(mmio_rd(v, GVT_PVINFO_OFFSET, 8), VGT_MAGIC);
	/* a reset forgets the placement */
	gvt_vgpu_reset(v);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_0, 4), 0x4);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_1, 4), 0);
	EXPECT_EQ(cfg_rd(v, PCI_BASE_ADDRESS_3, 4), 0);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_command_status)
{
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 256);
	EXPECT_EQ(cfg_rd(v, PCI_COMMAND, 2), 0);
	cfg_wr(v, PCI_COMMAND, 2, 0xffff);
	EXPECT_EQ(cfg_rd(v, PCI_COMMAND, 2),
		  PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
		  PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
		  PCI_COMMAND_INTX_DISABLE);
	cfg_wr(v, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	EXPECT_EQ(cfg_rd(v, PCI_COMMAND, 2), PCI_COMMAND_MEMORY);

	/* STATUS: capability bit read-only, error bits write-1-to-clear. */
	EXPECT_EQ(cfg_rd(v, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	v->cfg[PCI_STATUS + 1] |= 0xf9;	/* as if the device raised them */
	cfg_wr(v, PCI_STATUS, 2, 0x0000);
	EXPECT_EQ(cfg_rd(v, PCI_STATUS, 2), 0xf910);
	cfg_wr(v, PCI_STATUS, 2, 0x8100);
	EXPECT_EQ(cfg_rd(v, PCI_STATUS, 2), 0x7810);
	cfg_wr(v, PCI_STATUS, 2, 0xffff);
	EXPECT_EQ(cfg_rd(v, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);

	/* Byte writes to the upper half of COMMAND only touch bit 10. */
	cfg_wr(v, PCI_COMMAND + 1, 1, 0xff);
	EXPECT_EQ(cfg_rd(v, PCI_COMMAND, 2),
		  PCI_COMMAND_MEMORY | PCI_COMMAND_SERR |
		  PCI_COMMAND_INTX_DISABLE);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_capabilities)
{
	unsigned int pos, n = 0, seen_msi = 0, seen_pm = 0;
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 256);
	pos = cfg_rd(v, PCI_CAPABILITY_LIST, 1);
	while (pos && n++ < 48) {
		unsigned int id = cfg_rd(v, pos + PCI_CAP_LIST_ID, 1);

		EXPECT(pos >= 0x40 && pos < 0x100 && !(pos & 3));
		if (id == PCI_CAP_ID_MSI)
			seen_msi = pos;
		if (id == PCI_CAP_ID_PM)
			seen_pm = pos;
		pos = cfg_rd(v, pos + PCI_CAP_LIST_NEXT, 1);
	}
	EXPECT_EQ(pos, 0);
	ASSERT(seen_msi && seen_pm);

	/* MSI: enable, address and data writable; 32-bit, one vector. */
	EXPECT_EQ(cfg_rd(v, seen_msi + PCI_MSI_FLAGS, 2), 0);
	cfg_wr(v, seen_msi + PCI_MSI_FLAGS, 2, 0xffff);
	EXPECT_EQ(cfg_rd(v, seen_msi + PCI_MSI_FLAGS, 2), PCI_MSI_FLAGS_ENABLE);
	cfg_wr(v, seen_msi + PCI_MSI_ADDRESS_LO, 4, 0xfee01003);
	EXPECT_EQ(cfg_rd(v, seen_msi + PCI_MSI_ADDRESS_LO, 4), 0xfee01000);
	cfg_wr(v, seen_msi + PCI_MSI_DATA_32, 2, 0x4041);
	EXPECT_EQ(cfg_rd(v, seen_msi + PCI_MSI_DATA_32, 2), 0x4041);
	/* The list itself is read-only. */
	cfg_wr(v, seen_msi + PCI_CAP_LIST_NEXT, 1, 0x40);
	EXPECT_EQ(cfg_rd(v, seen_msi + PCI_CAP_LIST_NEXT, 1), seen_pm);
	cfg_wr(v, PCI_CAPABILITY_LIST, 1, 0x40);
	EXPECT_EQ(cfg_rd(v, PCI_CAPABILITY_LIST, 1), seen_msi);

	/* PM: D-state writable, PME status RW1C. */
	cfg_wr(v, seen_pm + PCI_PM_CTRL, 2, 3);	/* D3hot */
	EXPECT_EQ(cfg_rd(v, seen_pm + PCI_PM_CTRL, 2), 3);
	cfg_wr(v, seen_pm + PCI_PM_CTRL, 2, 0);
	EXPECT_EQ(cfg_rd(v, seen_pm + PCI_PM_CTRL, 2), 0);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_asls_and_extended)
{
	u8 buf[GVT_CFG_SPACE_SIZE], zero[GVT_CFG_SPACE_SIZE - 0x100] = { 0 };
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 256);
	EXPECT_EQ(cfg_rd(v, 0xfc, 4), 0);
	cfg_wr(v, 0xfc, 4, 0x7ffde000);
	EXPECT_EQ(cfg_rd(v, 0xfc, 4), 0x7ffde000);

	/* Extended space: reads zero, writes ignored. */
	memset(buf, 0xa5, sizeof(buf));
	EXPECT_EQ(gvt_vgpu_cfg_write(v, 0x100, buf, GVT_CFG_SPACE_SIZE - 0x100),
		  0);
	/* The whole space in one read, as QEMU does at realize. */
	EXPECT_EQ(gvt_vgpu_cfg_read(v, 0, buf, sizeof(buf)), 0);
	EXPECT(!memcmp(buf + 0x100, zero, sizeof(zero)));
	EXPECT_EQ(buf[0xfc + 3], 0x7f);
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_bad_access)
{
	u8 buf[8] = { 0 }, before[GVT_CFG_SPACE_SIZE];
	struct gvt_vgpu *v;
	struct tdev t;

	v = cfg_vgpu(&t, 256);
	memcpy(before, v->cfg, sizeof(before));
	EXPECT_EQ(gvt_vgpu_cfg_read(v, GVT_CFG_SPACE_SIZE, buf, 1), -EINVAL);
	EXPECT_EQ(gvt_vgpu_cfg_read(v, GVT_CFG_SPACE_SIZE - 2, buf, 4),
		  -EINVAL);
	EXPECT_EQ(gvt_vgpu_cfg_read(v, 0, buf, 0), -EINVAL);
	EXPECT_EQ(gvt_vgpu_cfg_read(v, 0xffffffffu, buf, 4), -EINVAL);
	EXPECT_EQ(gvt_vgpu_cfg_write(v, GVT_CFG_SPACE_SIZE - 1, buf, 2),
		  -EINVAL);
	EXPECT_EQ(gvt_vgpu_cfg_write(v, 4, buf, 0xfffffffeu), -EINVAL);
	/* A refused write changes nothing, not even its in-range part. */
	EXPECT(!memcmp(before, v->cfg, sizeof(before)));
	gvt_vgpu_destroy(v);
	tdev_del(&t);
}

TEST(cfg_isolated_and_reset)
{
	struct gvt_vgpu *a, *b;
	struct gvt_device *gvt;
	struct tdev t;

	gvt = tdev_new(&t, 512, 4096, 32, false);
	a = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	b = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	cfg_wr(a, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	cfg_wr(a, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	EXPECT_EQ(cfg_rd(b, PCI_COMMAND, 2), 0);
	EXPECT_EQ(cfg_rd(b, PCI_BASE_ADDRESS_2, 4), 0xc);
	/* A new vGPU in a destroyed one's place starts from power-on. */
	gvt_vgpu_destroy(a);
	a = vgpu_new(gvt, tdev_type(gvt, "GVTg_V5_8"));
	EXPECT_EQ(cfg_rd(a, PCI_COMMAND, 2), 0);
	EXPECT_EQ(cfg_rd(a, PCI_BASE_ADDRESS_2, 4), 0xc);
	gvt_vgpu_destroy(a);
	gvt_vgpu_destroy(b);
	tdev_del(&t);
}
