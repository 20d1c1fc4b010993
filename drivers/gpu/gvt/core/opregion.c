// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGPU's ACPI OpRegion and its Video BIOS Table.
 *
 * i915 finds its VBT in the 8 KiB OpRegion whose guest-physical address
 * the guest firmware writes to ASLS (config space 0xfc). Without one it
 * falls back to defaults that describe eDP on port A and DP+HDMI on ports
 * B to D, and then times out on AUX A, polls panel power and bit-bangs
 * GMBUS. The table built here describes exactly what the vGPU emulates:
 * one DisplayPort connector, on DDI D with AUX channel D, and nothing
 * else (no eDP, no HDMI, no LVDS, no CRT or TV).
 *
 * Layout (Intel OpRegion 2.0, as i915's intel_opregion.c and
 * intel_bios.c read it): the header at 0, no mailbox advertised (i915
 * then looks for the VBT at 0x400), the VBT at 0x400: a 48-byte VBT
 * header, a 22-byte BDB header and three blocks (general features,
 * general definitions with one 33-byte child device, driver features).
 * The whole table is built once per device and is the same for every
 * vGPU; i915 does not check its checksum, which is set anyway.
 */
#include "gvt_internal.h"

/* OpRegion header. */
#define GVT_OPR_SIG		"IntelGraphicsMem"
#define GVT_OPR_SIZE_KB		0x10	/* u32, KiB */
#define GVT_OPR_OVER		0x14	/* u32: rsvd, rev, minor, major */
#define GVT_OPR_VERSION		0x02000000	/* 2.0.0 */
#define GVT_OPR_MBOXES		0x58	/* u32 */
#define GVT_OPR_CLID		0x1ac	/* ACPI mailbox: lid state */
#define GVT_OPR_CLID_OPEN	3

/* VBT header, at GVT_OPREGION_VBT_OFFSET. */
#define GVT_VBT_SIG		"$VBT KABYLAKE       "	/* 20 bytes, padded */
#define GVT_VBT_SIG_LEN		20
#define GVT_VBT_VERSION		0x14	/* u16 */
#define GVT_VBT_HEADER_SIZE	0x16	/* u16 */
#define GVT_VBT_SIZE		GVT_VBT_SIZE_OFFSET	/* u16 */
#define GVT_VBT_CHECKSUM	0x1a	/* u8 */
#define GVT_VBT_BDB_OFFSET	0x1c	/* u32 */
#define GVT_VBT_HEADER_LEN	0x30
#define GVT_VBT_HEADER_VERSION	155

/* BDB header, right after the VBT header. */
#define GVT_BDB_SIG		"BIOS_DATA_BLOCK "
#define GVT_BDB_VERSION		0x10	/* u16 */
#define GVT_BDB_HEADER_SIZE	0x12	/* u16 */
#define GVT_BDB_SIZE		0x14	/* u16 */
#define GVT_BDB_HEADER_LEN	22
/* 111..194: child devices of 33 bytes. */
#define GVT_BDB_VERSION_NR	186

/* Blocks: id u8, size u16, data. */
#define GVT_BDB_GENERAL_FEATURES	1
#define GVT_BDB_GENERAL_DEFINITIONS	2
#define GVT_BDB_DRIVER_FEATURES		12
#define GVT_BDB_GENERAL_FEATURES_LEN	7	/* all 0: no CRT, no TV */
#define GVT_BDB_DRIVER_FEATURES_LEN	19	/* all 0: no LVDS */

/* General definitions: pin, dpms, boot display[2], child size, children. */
#define GVT_GDEF_CHILD_SIZE	4
#define GVT_GDEF_CHILDREN	5
#define GVT_CHILD_LEN		33
#define GVT_CHILD_HANDLE	0	/* u16 */
#define GVT_CHILD_DEVICE_TYPE	2	/* u16 */
#define GVT_CHILD_DVO_PORT	16
#define GVT_CHILD_AUX_CHANNEL	25
/* DisplayPort output, not TMDS (no HDMI), not internal (no eDP). */
#define GVT_CHILD_TYPE_DP	0x68c6
#define GVT_CHILD_HANDLE_EFP1	0x0004

static void gvt_put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void gvt_put32(u8 *p, u32 v)
{
	gvt_put16(p, v);
	gvt_put16(p + 2, v >> 16);
}

/* Append block @id of @len bytes at @p; return its data. */
static u8 *gvt_bdb_block(u8 **p, u8 id, u16 len)
{
	u8 *data = *p + 3;

	(*p)[0] = id;
	gvt_put16(*p + 1, len);
	*p = data + len;
	return data;
}

/**
 * gvt_opregion_build() - write the OpRegion every vGPU of a device sees
 * @buf: %GVT_OPREGION_SIZE bytes, zeroed
 */
void gvt_opregion_build(u8 *buf)
{
	u8 *vbt = buf + GVT_OPREGION_VBT_OFFSET;
	u8 *bdb = vbt + GVT_VBT_HEADER_LEN;
	u8 *p = bdb + GVT_BDB_HEADER_LEN, *gdef, *child, sum = 0;
	unsigned int i, vbt_len;

	memcpy(buf, GVT_OPR_SIG, sizeof(GVT_OPR_SIG) - 1);
	gvt_put32(buf + GVT_OPR_SIZE_KB, GVT_OPREGION_SIZE / 1024);
	gvt_put32(buf + GVT_OPR_OVER, GVT_OPR_VERSION);
	gvt_put32(buf + GVT_OPR_MBOXES, 0);
	buf[GVT_OPR_CLID] = GVT_OPR_CLID_OPEN;

	gvt_bdb_block(&p, GVT_BDB_GENERAL_FEATURES,
		      GVT_BDB_GENERAL_FEATURES_LEN);
	gdef = gvt_bdb_block(&p, GVT_BDB_GENERAL_DEFINITIONS,
			     GVT_GDEF_CHILDREN + GVT_CHILD_LEN);
	gdef[GVT_GDEF_CHILD_SIZE] = GVT_CHILD_LEN;
	child = gdef + GVT_GDEF_CHILDREN;
	gvt_put16(child + GVT_CHILD_HANDLE, GVT_CHILD_HANDLE_EFP1);
	gvt_put16(child + GVT_CHILD_DEVICE_TYPE, GVT_CHILD_TYPE_DP);
	child[GVT_CHILD_DVO_PORT] = GVT_MONITOR_DVO_PORT;
	child[GVT_CHILD_AUX_CHANNEL] = GVT_MONITOR_VBT_AUX;
	gvt_bdb_block(&p, GVT_BDB_DRIVER_FEATURES, GVT_BDB_DRIVER_FEATURES_LEN);

	memcpy(bdb, GVT_BDB_SIG, sizeof(GVT_BDB_SIG) - 1);
	gvt_put16(bdb + GVT_BDB_VERSION, GVT_BDB_VERSION_NR);
	gvt_put16(bdb + GVT_BDB_HEADER_SIZE, GVT_BDB_HEADER_LEN);
	gvt_put16(bdb + GVT_BDB_SIZE, p - bdb);

	vbt_len = p - vbt;
	BUILD_BUG_ON(sizeof(GVT_VBT_SIG) != GVT_VBT_SIG_LEN + 1);
	memcpy(vbt, GVT_VBT_SIG, GVT_VBT_SIG_LEN);
	gvt_put16(vbt + GVT_VBT_VERSION, GVT_VBT_HEADER_VERSION);
	gvt_put16(vbt + GVT_VBT_HEADER_SIZE, GVT_VBT_HEADER_LEN);
	gvt_put16(vbt + GVT_VBT_SIZE, vbt_len);
	gvt_put32(vbt + GVT_VBT_BDB_OFFSET, GVT_VBT_HEADER_LEN);
	/* The bytes of the VBT add up to 0. */
	for (i = 0; i < vbt_len; i++)
		sum += vbt[i];
	vbt[GVT_VBT_CHECKSUM] = -sum;
}

/**
 * gvt_vgpu_opregion_read() - read a vGPU's ACPI OpRegion
 * @vgpu: the vGPU
 * @offset: byte offset in the OpRegion
 * @buf: receives @len bytes
 * @len: bytes to read
 *
 * The OpRegion (%GVT_OPREGION_SIZE bytes, Intel OpRegion 2.0) holds a VBT
 * that describes the vGPU's one DisplayPort connector; a frontend gives it
 * to the guest firmware, which places it in guest memory and writes its
 * address to ASLS. It is read-only and the same for the vGPU's whole life.
 *
 * Return: 0, or -EINVAL if [@offset, @offset + @len) leaves the OpRegion.
 */
int gvt_vgpu_opregion_read(const struct gvt_vgpu *vgpu, u64 offset,
			   void *buf, size_t len)
{
	if (offset > GVT_OPREGION_SIZE || len > GVT_OPREGION_SIZE - offset)
		return -EINVAL;
	offset = array_index_nospec(offset, GVT_OPREGION_SIZE + 1);
	memcpy(buf, vgpu->gvt->opregion + offset, len);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_opregion_read);
