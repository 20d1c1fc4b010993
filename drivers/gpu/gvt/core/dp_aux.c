// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DisplayPort AUX channels and the virtual monitor behind channel D.
 *
 * A write to DP_AUX_CH_CTL with SEND_BUSY set sends the request held in
 * the channel's five data registers (bytes MSB first: byte 0 is bits
 * 31:24 of DATA1) and completes before the write returns: SEND_BUSY
 * reads clear, DONE set, the reply in the data registers and its length
 * in MESSAGE_SIZE. DONE, TIME_OUT_ERROR and RECEIVE_ERROR clear when
 * written with 1. A channel with no monitor behind it (A to C, and D
 * while the monitor is unplugged) answers with DONE and TIME_OUT_ERROR at
 * once, as a port with nothing attached does, so the guest never waits.
 *
 * The monitor answers native AUX reads and writes of its DPCD (rev 1.2,
 * HBR2, four lanes, enhanced framing, one sink, no MST; link training
 * succeeds at the first try) and I2C-over-AUX at address 0x50 with its
 * EDID (core/edid.c's, or one the VMM gave it, gvt_vgpu_edid_set()).
 * Addresses are decoded on all 20 bits: DPCD above what the monitor
 * implements reads as zeros, like a sink's reserved space. Other I2C
 * addresses (the E-DDC segment pointer 0x30 included: an EDID of at most
 * two blocks lies in segment 0) are not acknowledged.
 */
#include <linux/nospec.h>

#include "gvt_internal.h"

/* Request and reply codes (byte 0, bits 7:4). */
#define GVT_AUX_NATIVE		BIT(3)
#define GVT_AUX_OP_MASK		3
#define GVT_AUX_WRITE		0
#define GVT_AUX_READ		1
#define GVT_AUX_NATIVE_NACK	0x10
#define GVT_AUX_I2C_NACK	0x40
/* Header: 4 bytes; without the length byte an I2C address-only request. */
#define GVT_AUX_HEADER		4
#define GVT_AUX_ADDRESS_ONLY	3
#define GVT_AUX_MAX_PAYLOAD	16
#define GVT_EDID_I2C_ADDR	0x50

/* DPCD addresses the monitor gives a meaning to. */
#define DPCD_REV		0x000
#define DPCD_MAX_LINK_RATE	0x001
#define DPCD_MAX_LANE_COUNT	0x002
#define DPCD_TRAINING_PATTERN	0x102
#define DPCD_SINK_COUNT		0x200
#define DPCD_LANE0_1_STATUS	0x202
#define DPCD_LANE2_3_STATUS	0x203
#define DPCD_ALIGN_STATUS	0x204
#define DPCD_SINK_STATUS	0x205
#define DPCD_SET_POWER		0x600

/* Lane status: clock recovery, then also channel EQ and symbol lock. */
#define DPCD_LANES_CR_DONE	0x11
#define DPCD_LANES_EQ_DONE	0x77
#define DPCD_INTERLANE_ALIGNED	0x01
#define DPCD_SINK_IN_SYNC	0x03

/* What each channel raises in GEN8_DE_PORT_IIR when done. */
static const u32 gvt_aux_irq_bit[GVT_DP_AUX_CHANNELS] = {
	BIT(0), BIT(25), BIT(26), BIT(27),
};

/* The monitor's DPCD after power-on. */
static void gvt_dpcd_init(u8 *dpcd)
{
	memset(dpcd, 0, GVT_DPCD_SIZE);
	dpcd[DPCD_REV] = 0x12;			/* DP 1.2 */
	dpcd[DPCD_MAX_LINK_RATE] = 0x14;	/* HBR2, 5.4 Gb/s */
	dpcd[DPCD_MAX_LANE_COUNT] = 0x84;	/* 4 lanes, enhanced framing */
	dpcd[DPCD_SINK_COUNT] = 1;
	dpcd[DPCD_SET_POWER] = 1;		/* D0 */
}

/*
 * Which DPCD bytes a source may write: link configuration, source OUI and
 * vendor space, power state; the rest only the sink writes.
 */
static bool gvt_dpcd_writable(u32 addr)
{
	return (addr >= 0x100 && addr < 0x200) ||
	       (addr >= 0x300 && addr < 0x400) ||
	       addr == DPCD_SET_POWER;
}

/* A source wrote TRAINING_PATTERN_SET: the link trains at once. */
static void gvt_dpcd_train(u8 *dpcd, u8 val)
{
	switch (val & 0xf) {
	case 0:
		dpcd[DPCD_SINK_STATUS] = DPCD_SINK_IN_SYNC;
		break;
	case 1:
		dpcd[DPCD_LANE0_1_STATUS] = DPCD_LANES_CR_DONE;
		dpcd[DPCD_LANE2_3_STATUS] = DPCD_LANES_CR_DONE;
		dpcd[DPCD_ALIGN_STATUS] &= ~DPCD_INTERLANE_ALIGNED;
		break;
	default:
		dpcd[DPCD_LANE0_1_STATUS] = DPCD_LANES_EQ_DONE;
		dpcd[DPCD_LANE2_3_STATUS] = DPCD_LANES_EQ_DONE;
		dpcd[DPCD_ALIGN_STATUS] |= DPCD_INTERLANE_ALIGNED;
		break;
	}
}

static u32 gvt_aux_native(struct gvt_dp_monitor *mon, u8 op, u32 addr,
			  const u8 *data, u32 len, u8 *reply)
{
	u32 i, a;

	if (op == GVT_AUX_READ) {
		reply[0] = 0;
		for (i = 0; i < len; i++) {
			a = addr + i;
			reply[1 + i] = a < GVT_DPCD_SIZE ?
				mon->dpcd[array_index_nospec(a, GVT_DPCD_SIZE)] :
				0;
		}
		return 1 + len;
	}
	if (op != GVT_AUX_WRITE) {
		reply[0] = GVT_AUX_NATIVE_NACK;
		return 1;
	}
	for (i = 0; i < len; i++) {
		a = addr + i;
		if (a >= GVT_DPCD_SIZE || !gvt_dpcd_writable(a))
			continue;
		mon->dpcd[array_index_nospec(a, GVT_DPCD_SIZE)] = data[i];
		if (a == DPCD_TRAINING_PATTERN)
			gvt_dpcd_train(mon->dpcd, data[i]);
	}
	reply[0] = 0;
	return 1;
}

static u32 gvt_aux_i2c(struct gvt_dp_monitor *mon, u8 op, u32 addr,
		       const u8 *data, u32 len, bool address_only, u8 *reply)
{
	u32 i;

	if (addr != GVT_EDID_I2C_ADDR) {
		reply[0] = GVT_AUX_I2C_NACK;
		return 1;
	}
	/*
	 * Starts and stops (MOT set or clear) need no state: the EDID keeps
	 * its offset until the next offset write, as an EEPROM does.
	 */
	reply[0] = 0;
	if (address_only)
		return 1;
	switch (op) {
	case GVT_AUX_WRITE:
		/* The first byte written sets the EDID offset. */
		if (len)
			mon->edid_offset = data[0] % mon->edid_size;
		return 1;
	case GVT_AUX_READ:
		for (i = 0; i < len; i++) {
			reply[1 + i] = mon->edid[mon->edid_offset];
			mon->edid_offset = (mon->edid_offset + 1) %
					   mon->edid_size;
		}
		return 1 + len;
	default:
		/* Write status update: the last write completed. */
		return 1;
	}
}

/*
 * Answer the @size bytes of request @req with at most
 * %GVT_DP_AUX_DATA_BYTES bytes in @reply. Return: the reply's length.
 */
static u32 gvt_aux_transfer(struct gvt_vgpu *vgpu, const u8 *req, u32 size,
			    u8 *reply)
{
	struct gvt_dp_monitor *mon = &vgpu->monitor;
	u8 code = req[0] >> 4;
	u32 addr = (req[0] & 0xf) << 16 | req[1] << 8 | req[2];
	bool address_only = size == GVT_AUX_ADDRESS_ONLY;
	u32 len = 0;
	const u8 *data = req + GVT_AUX_HEADER;

	if (!address_only) {
		len = req[3] + 1;
		if (len > GVT_AUX_MAX_PAYLOAD) {
			pr_info_ratelimited("gvt: %s: vGPU %u: AUX request of %u bytes (16 at most) refused\n",
					    vgpu->gvt->name, vgpu->id, len);
			reply[0] = code & GVT_AUX_NATIVE ? GVT_AUX_NATIVE_NACK :
							   GVT_AUX_I2C_NACK;
			return 1;
		}
		/* A write carries its bytes: take what was sent. */
		if ((code & GVT_AUX_OP_MASK) == GVT_AUX_WRITE)
			len = min(len, size - GVT_AUX_HEADER);
	}
	if (code & GVT_AUX_NATIVE) {
		if (address_only) {
			reply[0] = GVT_AUX_NATIVE_NACK;
			return 1;
		}
		return gvt_aux_native(mon, code & GVT_AUX_OP_MASK, addr, data,
				      len, reply);
	}
	return gvt_aux_i2c(mon, code & GVT_AUX_OP_MASK, addr, data, len,
			   address_only, reply);
}

/* Bytes of the data registers from @offset (DATA1), MSB first. */
static void gvt_aux_unpack(struct gvt_vgpu *vgpu, u32 offset, u8 *buf)
{
	unsigned int i;

	for (i = 0; i < GVT_DP_AUX_DATA_BYTES; i++)
		buf[i] = *gvt_vreg_ro(vgpu, offset + (i & ~3U)) >>
			 (24 - 8 * (i & 3));
}

static void gvt_aux_pack(struct gvt_vgpu *vgpu, u32 offset, const u8 *buf,
			 u32 len)
{
	unsigned int r, i;

	for (r = 0; r < GVT_DP_AUX_DATA_BYTES / 4; r++) {
		u32 v = 0;

		for (i = 0; i < 4; i++)
			if (4 * r + i < len)
				v |= (u32)buf[4 * r + i] << (24 - 8 * i);
		*gvt_vreg(vgpu, offset + 4 * r) = v;
	}
}

/**
 * gvt_dp_aux_ctl_write() - DP_AUX_CH_CTL of channel A, B, C or D
 * @vgpu: the vGPU, locked
 * @offset: the channel's control register
 * @val: written value
 * @mask: bits covered by the access
 *
 * With SEND_BUSY the request in the data registers is answered before
 * this returns (see the file comment); with the INTERRUPT bit the
 * channel's event is raised in GEN8_DE_PORT_IIR.
 */
void gvt_dp_aux_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			  u32 mask)
{
	unsigned int ch = (offset - GVT_REG_DP_AUX_CTL(0)) / 0x100;
	u32 *reg = gvt_vreg(vgpu, offset);
	u32 status = *reg & GVT_AUX_CTL_STATUS & ~val;
	u8 req[GVT_DP_AUX_DATA_BYTES], reply[GVT_DP_AUX_DATA_BYTES];
	u32 size, len;

	*reg = (gvt_merge(*reg, val, mask) & ~(GVT_AUX_CTL_STATUS |
					      GVT_AUX_CTL_SEND_BUSY)) | status;
	if (!(val & GVT_AUX_CTL_SEND_BUSY))
		return;

	size = GVT_AUX_CTL_SIZE(*reg);
	*reg &= ~GVT_AUX_CTL_SIZE_MASK;
	if (ch != GVT_MONITOR_AUX_CH || !vgpu->monitor.connected) {
		*reg |= GVT_AUX_CTL_DONE | GVT_AUX_CTL_TIME_OUT;
	} else if (size < GVT_AUX_ADDRESS_ONLY ||
		   size > GVT_DP_AUX_DATA_BYTES) {
		pr_info_ratelimited("gvt: %s: vGPU %u: AUX %c request of %u bytes (3 to 20) refused\n",
				    vgpu->gvt->name, vgpu->id, 'A' + ch, size);
		*reg |= GVT_AUX_CTL_DONE | GVT_AUX_CTL_RECEIVE_ERROR;
	} else {
		gvt_aux_unpack(vgpu, offset + 4, req);
		len = gvt_aux_transfer(vgpu, req, size, reply);
		gvt_aux_pack(vgpu, offset + 4, reply, len);
		*reg |= GVT_AUX_CTL_DONE | len << GVT_AUX_CTL_SIZE_SHIFT;
	}
	if (*reg & GVT_AUX_CTL_INTERRUPT)
		gvt_irq_raise_group(vgpu, GVT_REG_DE_PORT_ISR,
				    gvt_aux_irq_bit[ch]);
}

/* The live status of the monitor's port: SDEISR bit 23 (port D). */
static void gvt_dp_live_status(struct gvt_vgpu *vgpu)
{
	u32 *isr = gvt_vreg(vgpu, GVT_REG_SDE_ISR);

	if (vgpu->monitor.connected)
		*isr |= GVT_SDE_PORTD_HOTPLUG;
	else
		*isr &= ~GVT_SDE_PORTD_HOTPLUG;
}

/* The monitor's own EDID, for the vGPU's type. */
static void gvt_dp_own_edid(struct gvt_vgpu *vgpu)
{
	struct gvt_dp_monitor *mon = &vgpu->monitor;

	/* A type with another resolution gets the smallest monitor. */
	if (gvt_edid_build(mon->edid, vgpu->type->xres, vgpu->type->yres))
		gvt_edid_build(mon->edid, 1024, 768);
	mon->edid_size = GVT_EDID_SIZE;
	mon->edid_from_vmm = false;
}

/**
 * gvt_dp_reset() - the monitor after a vGPU reset
 * @vgpu: the vGPU, locked, its register file just restored
 *
 * The AUX channels are idle. The monitor stays plugged or unplugged; its
 * DPCD and I2C state return to power-on values and its EDID is rebuilt
 * for the vGPU's type, unless the VMM gave it one.
 */
void gvt_dp_reset(struct gvt_vgpu *vgpu)
{
	struct gvt_dp_monitor *mon = &vgpu->monitor;
	unsigned int ch;

	lockdep_assert_held(&vgpu->lock);
	/* Every channel idle, whatever the snapshot holds. */
	for (ch = 0; ch < GVT_DP_AUX_CHANNELS; ch++)
		*gvt_vreg(vgpu, GVT_REG_DP_AUX_CTL(ch)) &=
			~(GVT_AUX_CTL_SEND_BUSY | GVT_AUX_CTL_STATUS);
	gvt_dpcd_init(mon->dpcd);
	if (!mon->edid_from_vmm)
		gvt_dp_own_edid(vgpu);
	mon->edid_offset = 0;
	gvt_dp_live_status(vgpu);
}

/**
 * gvt_vgpu_monitor_plug() - plug or unplug the vGPU's monitor
 * @vgpu: the vGPU, not locked
 * @plugged: whether the monitor is on port D
 *
 * Sets the port's live status and whether AUX D answers; a change raises
 * port D's hotplug event if the guest enabled its detection (display.c).
 * A frontend calls it for its VMM's link state (the VFIO EDID region's
 * link up and down), the core's debugfs for a test.
 */
void gvt_vgpu_monitor_plug(struct gvt_vgpu *vgpu, bool plugged)
{
	mutex_lock(&vgpu->lock);
	if (vgpu->monitor.connected != plugged) {
		vgpu->monitor.connected = plugged;
		gvt_dp_live_status(vgpu);
		gvt_hotplug_event(vgpu);
	}
	mutex_unlock(&vgpu->lock);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_monitor_plug);

/**
 * gvt_vgpu_monitor_plugged() - is the vGPU's monitor plugged?
 * @vgpu: the vGPU, not locked
 *
 * Return: true if it is.
 */
bool gvt_vgpu_monitor_plugged(struct gvt_vgpu *vgpu)
{
	bool ret;

	mutex_lock(&vgpu->lock);
	ret = vgpu->monitor.connected;
	mutex_unlock(&vgpu->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_monitor_plugged);

/**
 * gvt_vgpu_edid_get() - the EDID the vGPU's monitor shows
 * @vgpu: the vGPU, not locked
 * @buf: receives it
 * @size: bytes at @buf; %GVT_EDID_MAX_SIZE always suffices
 *
 * Return: the EDID's size (128 or 256), or -EINVAL if @size is smaller
 * (nothing copied).
 */
int gvt_vgpu_edid_get(struct gvt_vgpu *vgpu, u8 *buf, size_t size)
{
	struct gvt_dp_monitor *mon = &vgpu->monitor;
	int ret;

	mutex_lock(&vgpu->lock);
	ret = mon->edid_size;
	if (size < mon->edid_size)
		ret = -EINVAL;
	else
		memcpy(buf, mon->edid, mon->edid_size);
	mutex_unlock(&vgpu->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_edid_get);

/**
 * gvt_vgpu_edid_set() - give the vGPU's monitor the VMM's EDID
 * @vgpu: the vGPU, not locked
 * @edid: the EDID: a base block and at most one extension; NULL for the
 *	  monitor's own EDID again
 * @size: its bytes, 128 or 256
 *
 * The blob must pass gvt_edid_check(): the EDID header, as many blocks
 * as the base block announces, each block's checksum, and a preferred
 * mode within the vGPU type's resolution. The monitor then shows it from
 * the next I2C read on (and keeps it across vGPU resets); if the monitor
 * is plugged, port D's hotplug event tells the guest to read it again,
 * as a monitor swapped on a live port does.
 *
 * Return: 0, or -EINVAL and a ratelimited message saying what is wrong
 * (the monitor keeps its EDID).
 */
int gvt_vgpu_edid_set(struct gvt_vgpu *vgpu, const u8 *edid, size_t size)
{
	struct gvt_dp_monitor *mon = &vgpu->monitor;
	const char *why;

	if (edid && gvt_edid_check(edid, size, vgpu->type->xres,
				   vgpu->type->yres, &why)) {
		pr_info_ratelimited("gvt: %s: vGPU %u: EDID of %zu bytes refused: %s\n",
				    vgpu->gvt->name, vgpu->id, size, why);
		return -EINVAL;
	}
	mutex_lock(&vgpu->lock);
	if (edid) {
		memcpy(mon->edid, edid, size);
		mon->edid_size = size;
		mon->edid_from_vmm = true;
	} else {
		gvt_dp_own_edid(vgpu);
	}
	mon->edid_offset = 0;
	if (mon->connected)
		gvt_hotplug_event(vgpu);
	mutex_unlock(&vgpu->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_edid_set);
