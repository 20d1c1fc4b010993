// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGPU's display links through VFIO, as i915 drives them: the four
 * DisplayPort AUX channels, the virtual monitor behind AUX D (its DPCD
 * and, over I2C-over-AUX, its EDID), port D's live status and hotplug
 * event, the port and pipe state bits i915 waits on, GMBUS, and the
 * vblanks of an enabled pipe (frame counter, scanline, VBLANK and
 * FLIP_DONE in the DE pipe interrupt group).
 *
 * The monitor is plugged and unplugged through the core's debugfs file
 * gvt/<parent>/vgpu<id>/monitor; without it (another core, no debugfs)
 * the tests that need it are skipped. The EDID region is what a VMM
 * uses instead: its protocol, link down and up, and the EDID the guest
 * then reads. The contract is
 * Documentation/gpu/gvt/display.rst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define AUX_CTL(ch)		(0x64010 + 0x100 * (ch))
#define AUX_SEND_BUSY		0x80000000U
#define AUX_DONE		0x40000000U
#define AUX_TIME_OUT		0x10000000U
#define AUX_RECEIVE_ERROR	0x02000000U
#define AUX_STATUS		(AUX_DONE | AUX_TIME_OUT | AUX_RECEIVE_ERROR)
#define AUX_SIZE(v)		(((v) >> 20) & 0x1f)
#define AUX_D			3
#define SDEISR			0xc4000
#define SDE_PORTD		0x00800000U
#define SDEIMR			0xc4004
#define SDEIIR			0xc4008
#define SDEIER			0xc400c
#define PCH_PORT_HOTPLUG	0xc4030
#define PORTD_HOTPLUG_ENABLE	0x00100000U
#define PORTD_HOTPLUG_LONG	0x00020000U
#define HOTPLUG_STATUS		0x03030303U
#define DDI_BUF_CTL(p)		(0x64000 + 0x100 * (p))
#define DDI_BUF_ENABLE		0x80000000U
#define DDI_BUF_IS_IDLE		0x00000080U
#define DP_TP_CTL(p)		(0x64040 + 0x100 * (p))
#define DP_TP_TRAIN_IDLE	0x00000200U
#define DP_TP_STATUS(p)		(0x64044 + 0x100 * (p))
#define DP_TP_IDLE_DONE		0x02000000U
#define PIPECONF(p)		(0x70008 + 0x1000 * (p))
#define PIPECONF_ENABLE		0x80000000U
#define PIPECONF_STATE		0x40000000U
#define PIPEDSL(p)		(0x70000 + 0x1000 * (p))
#define PIPE_FRMCOUNT(p)	(0x70040 + 0x1000 * (p))
#define PLANE_SURF(p, n)	(0x7019c + 0x1000 * (p) + 0x100 * (n))
#define PLANE_SURFLIVE(p, n)	(0x701ac + 0x1000 * (p) + 0x100 * (n))
#define DE_PIPE_IMR(p)		(0x44404 + 0x10 * (p))
#define DE_PIPE_IIR(p)		(0x44408 + 0x10 * (p))
#define DE_PIPE_IER(p)		(0x4440c + 0x10 * (p))
#define PIPE_VBLANK		0x00000001U
#define PIPE_FLIP_DONE(n)	(0x00000008U << (n))
#define GMBUS0			0xc5100
#define GMBUS1			0xc5104
#define GMBUS2			0xc5108
#define GMBUS_SW_CLR_INT	0x80000000U
#define GMBUS_SW_RDY		0x40000000U
#define GMBUS_HW_RDY		0x00000800U
#define GMBUS_SATOER		0x00000400U
#define GMBUS_ACTIVE		0x00000200U

#define NATIVE_WRITE		0x8
#define NATIVE_READ		0x9
#define I2C_WRITE		0x0
#define I2C_READ		0x1
#define I2C_MOT			0x4
#define I2C_NACK		0x40

FIXTURE(display) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	int open_err;
	/* the vGPU's debugfs directory and monitor file; empty if none */
	char dbg[GVT_PATH_LEN];
	char monitor[GVT_PATH_LEN + 16];
	const char *why;
};

FIXTURE_SETUP(display)
{
	gvt_vfio_init(&self->v);
	self->dbg[0] = '\0';
	self->monitor[0] = '\0';
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	/* asserted by each test, so that teardown removes the vGPU */
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
	if (!gvt_vgpu_debugfs_dir(self->parent, self->uuid, self->dbg,
				  sizeof(self->dbg)))
		snprintf(self->monitor, sizeof(self->monitor), "%s/monitor",
			 self->dbg);
	else
		self->dbg[0] = '\0';
}

FIXTURE_TEARDOWN(display)
{
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

#define ready() __gvt_assert_open(_metadata, self->open_err, self->uuid)

struct reply {
	uint32_t ctl;
	unsigned int size;
	uint8_t b[20];
};

/* One AUX transaction of @n request bytes on channel @ch. */
static void __aux_send(struct __test_metadata *_metadata,
		       const struct gvt_vfio *v, unsigned int ch,
		       const uint8_t *req, unsigned int n, struct reply *r)
{
	unsigned int i, j;
	uint32_t d;

	for (i = 0; i < 5; i++) {
		d = 0;
		for (j = 0; j < 4; j++)
			if (4 * i + j < n)
				d |= (uint32_t)req[4 * i + j] << (24 - 8 * j);
		wr32(v, AUX_CTL(ch) + 4 + 4 * i, d);
	}
	wr32(v, AUX_CTL(ch), AUX_SEND_BUSY | AUX_STATUS | n << 20);
	r->ctl = rd32(v, AUX_CTL(ch));
	r->size = AUX_SIZE(r->ctl);
	for (i = 0; i < 20; i++)
		r->b[i] = rd32(v, AUX_CTL(ch) + 4 + (i & ~3U)) >>
			  (24 - 8 * (i & 3));
	wr32(v, AUX_CTL(ch), r->ctl);
}

#define aux_send(v, ch, req, n, r) __aux_send(_metadata, v, ch, req, n, r)

/* A request of @len payload bytes at @addr on AUX D. */
static void __aux_req(struct __test_metadata *_metadata,
		      const struct gvt_vfio *v, uint8_t code, uint32_t addr,
		      const uint8_t *data, unsigned int len, struct reply *r)
{
	uint8_t req[20] = {
		code << 4 | (addr >> 16 & 0xf), addr >> 8, addr, len - 1,
	};
	unsigned int n = 4;

	if (data) {
		memcpy(req + 4, data, len);
		n += len;
	}
	aux_send(v, AUX_D, req, n, r);
	ASSERT_EQ(AUX_DONE, r->ctl & (AUX_SEND_BUSY | AUX_STATUS)) {
		TH_LOG("AUX D request 0x%x at 0x%x: CTL 0x%08x", code, addr,
		       r->ctl);
	}
}

#define aux_req(v, code, addr, data, len, r) \
	__aux_req(_metadata, v, code, addr, data, len, r)

static void __aux_i2c_addr(struct __test_metadata *_metadata,
			   const struct gvt_vfio *v, uint8_t code,
			   uint8_t addr, struct reply *r)
{
	uint8_t req[3] = { code << 4, 0, addr };

	aux_send(v, AUX_D, req, 3, r);
	ASSERT_EQ(AUX_DONE, r->ctl & (AUX_SEND_BUSY | AUX_STATUS));
	ASSERT_EQ(1, r->size);
}

#define aux_i2c_addr(v, code, addr, r) \
	__aux_i2c_addr(_metadata, v, code, addr, r)

/* @n bytes of the EDID at I2C address 0x50, 16 per read, as i915 reads. */
static void __aux_read_edid(struct __test_metadata *_metadata,
			    const struct gvt_vfio *v, uint8_t *edid,
			    unsigned int n)
{
	static const uint8_t zero[1] = { 0 };
	struct reply r;
	unsigned int i;

	aux_i2c_addr(v, I2C_WRITE | I2C_MOT, 0x50, &r);
	aux_req(v, I2C_WRITE | I2C_MOT, 0x50, zero, 1, &r);
	aux_i2c_addr(v, I2C_READ | I2C_MOT, 0x50, &r);
	for (i = 0; i < n; i += 16) {
		aux_req(v, I2C_READ | I2C_MOT, 0x50, NULL, 16, &r);
		ASSERT_EQ(17, r.size);
		EXPECT_EQ(0, r.b[0]);
		memcpy(edid + i, r.b + 1, 16);
	}
	aux_i2c_addr(v, I2C_READ, 0x50, &r);
}

#define aux_read_edid(v, edid, n) __aux_read_edid(_metadata, v, edid, n)

static int plug(const char *monitor, bool on)
{
	return gvt_write(monitor, on ? "1\n" : "0\n", 2);
}

static int plugged(const char *monitor, char *buf, size_t size)
{
	int ret = gvt_read(monitor, buf, size);

	return ret < 0 ? ret : 0;
}

/*
 * A new vGPU has its monitor plugged: port D's live status, AUX D
 * answers. Channels A to C, and D once it is unplugged, answer at once
 * with a timeout: nothing is attached.
 */
TEST_F(display, aux_unplugged)
{
	static const uint8_t req[4] = { NATIVE_READ << 4, 0, 0, 0 };
	const struct gvt_vfio *v = &self->v;
	unsigned int ch, nch = 3;
	struct reply r;
	char buf[32];

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);
	aux_send(v, AUX_D, req, 4, &r);
	EXPECT_EQ(AUX_DONE, r.ctl & (AUX_SEND_BUSY | AUX_STATUS));
	if (self->monitor[0]) {
		ASSERT_EQ(0, plugged(self->monitor, buf, sizeof(buf)));
		EXPECT_STREQ("connected\n", buf);
		ASSERT_EQ(0, plug(self->monitor, false));
		ASSERT_EQ(0, plugged(self->monitor, buf, sizeof(buf)));
		EXPECT_STREQ("disconnected\n", buf);
		EXPECT_EQ(0, rd32(v, SDEISR) & SDE_PORTD);
		nch = 4;
	} else {
		TH_LOG("no core debugfs: AUX D not checked unplugged");
	}
	for (ch = 0; ch < nch; ch++) {
		aux_send(v, ch, req, 4, &r);
		EXPECT_EQ(AUX_DONE | AUX_TIME_OUT,
			  r.ctl & (AUX_SEND_BUSY | AUX_STATUS)) {
			TH_LOG("AUX %c: CTL 0x%08x", 'A' + ch, r.ctl);
		}
		EXPECT_EQ(0, r.size);
		EXPECT_EQ(0, rd32(v, AUX_CTL(ch)) & AUX_STATUS);
	}
}

/* Plugged: DPCD, link training, EDID, live status, reset, unplug. */
TEST_F(display, monitor)
{
	static const uint8_t hdr[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff,
					0xff, 0 };
	static const uint8_t tps1[5] = { 0x21, 0, 0, 0, 0 };
	static const uint8_t tps2[1] = { 0x02 };
	static const uint8_t link[2] = { 0x14, 0x84 };
	static const uint8_t dpcd0[4] = { NATIVE_READ << 4, 0, 0, 0 };
	const struct gvt_vfio *v = &self->v;
	unsigned int i, xres, yres, sum = 0;
	uint8_t edid[128];
	struct reply r;
	char buf[32];
	bool named = false;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->monitor[0])
		SKIP(return, "no core debugfs: the monitor cannot be plugged");
	ASSERT_EQ(0, plug(self->monitor, true));
	ASSERT_EQ(0, plugged(self->monitor, buf, sizeof(buf)));
	EXPECT_STREQ("connected\n", buf);
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);

	/* DPCD receiver capabilities: DP 1.2, HBR2, 4 lanes, one sink */
	aux_req(v, NATIVE_READ, 0, NULL, 15, &r);
	EXPECT_EQ(16, r.size);
	EXPECT_EQ(0, r.b[0]);
	EXPECT_EQ(0x12, r.b[1]);
	EXPECT_EQ(0x14, r.b[2]);
	EXPECT_EQ(0x84, r.b[3]);
	aux_req(v, NATIVE_READ, 0x200, NULL, 1, &r);
	EXPECT_EQ(1, r.b[1]);
	aux_req(v, NATIVE_READ, 0xf0000, NULL, 8, &r);
	EXPECT_EQ(9, r.size);

	/* link training succeeds at the first try */
	aux_req(v, NATIVE_WRITE, 0x100, link, 2, &r);
	EXPECT_EQ(1, r.size);
	aux_req(v, NATIVE_WRITE, 0x102, tps1, 5, &r);
	aux_req(v, NATIVE_READ, 0x202, NULL, 6, &r);
	EXPECT_EQ(0x11, r.b[1]);
	EXPECT_EQ(0x11, r.b[2]);
	aux_req(v, NATIVE_WRITE, 0x102, tps2, 1, &r);
	aux_req(v, NATIVE_READ, 0x202, NULL, 3, &r);
	EXPECT_EQ(0x77, r.b[1]);
	EXPECT_EQ(0x77, r.b[2]);
	EXPECT_EQ(1, r.b[3] & 1);

	/* the EDID at I2C address 0x50, 16 bytes per read */
	aux_read_edid(v, edid, sizeof(edid));
	EXPECT_EQ(0, memcmp(edid, hdr, sizeof(hdr)));
	for (i = 0; i < sizeof(edid); i++)
		sum += edid[i];
	EXPECT_EQ(0, sum & 0xff);
	EXPECT_EQ(0, edid[126]);		/* no extension */
	/* the preferred mode (first detailed timing) is the type's */
	xres = edid[56] | (edid[58] >> 4) << 8;
	yres = edid[59] | (edid[61] >> 4) << 8;
	snprintf(buf, sizeof(buf), "%ux%u", xres, yres);
	EXPECT_STREQ(self->type->spec->resolution, buf);
	for (i = 54; i < 126; i += 18)
		if (!edid[i] && !edid[i + 1] && edid[i + 3] == 0xfc &&
		    !memcmp(edid + i + 5, "GVT-g monitor", 13))
			named = true;
	EXPECT_TRUE(named);
	/* nothing else on the I2C bus */
	aux_req(v, I2C_READ, 0x37, NULL, 1, &r);
	EXPECT_EQ(I2C_NACK, r.b[0]);

	/* a device reset keeps it plugged, forgets the link configuration */
	ASSERT_EQ(0, ioctl(v->device, VFIO_DEVICE_RESET));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);
	aux_req(v, NATIVE_READ, 0x100, NULL, 2, &r);
	EXPECT_EQ(0, r.b[1]);
	EXPECT_EQ(0, r.b[2]);

	/* unplugged: live status off, AUX D times out */
	ASSERT_EQ(0, plug(self->monitor, false));
	ASSERT_EQ(0, plugged(self->monitor, buf, sizeof(buf)));
	EXPECT_STREQ("disconnected\n", buf);
	EXPECT_EQ(0, rd32(v, SDEISR) & SDE_PORTD);
	aux_send(v, AUX_D, dpcd0, 4, &r);
	EXPECT_EQ(AUX_DONE | AUX_TIME_OUT, r.ctl & (AUX_SEND_BUSY | AUX_STATUS));
	/* the file takes booleans only */
	EXPECT_EQ(-EINVAL, gvt_write(self->monitor, "maybe\n", 6));
}

/* With port D's detection enabled, plugging raises the hotplug event. */
TEST_F(display, hotplug)
{
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->monitor[0])
		SKIP(return, "no core debugfs: the monitor cannot be plugged");
	wr32(v, SDEIIR, 0xffffffff);
	wr32(v, SDEIMR, 0);
	wr32(v, SDEIER, 0xffffffff);
	/* detection off: the live status changes, nothing is raised */
	wr32(v, PCH_PORT_HOTPLUG, HOTPLUG_STATUS);
	ASSERT_EQ(0, plug(self->monitor, true));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);
	EXPECT_EQ(0, rd32(v, SDEIIR));
	EXPECT_EQ(0, rd32(v, PCH_PORT_HOTPLUG));
	ASSERT_EQ(0, plug(self->monitor, false));
	/* detection on: a long pulse on D, SDE_PORTD in SDEIIR */
	wr32(v, PCH_PORT_HOTPLUG, PORTD_HOTPLUG_ENABLE);
	ASSERT_EQ(0, plug(self->monitor, true));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEIIR));
	EXPECT_EQ(PORTD_HOTPLUG_ENABLE | PORTD_HOTPLUG_LONG,
		  rd32(v, PCH_PORT_HOTPLUG));
	/* i915's handler: write back PCH_PORT_HOTPLUG, then SDEIIR */
	wr32(v, PCH_PORT_HOTPLUG, rd32(v, PCH_PORT_HOTPLUG));
	wr32(v, SDEIIR, SDE_PORTD);
	EXPECT_EQ(PORTD_HOTPLUG_ENABLE, rd32(v, PCH_PORT_HOTPLUG));
	EXPECT_EQ(0, rd32(v, SDEIIR));
	/* unplugging is an event too */
	ASSERT_EQ(0, plug(self->monitor, false));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEIIR));
	EXPECT_EQ(0, rd32(v, SDEISR) & SDE_PORTD);
	wr32(v, PCH_PORT_HOTPLUG, 0);
}

/* What i915 waits on changes at once: buffer idle, idle patterns, pipe. */
TEST_F(display, port_pipe_state)
{
	const struct gvt_vfio *v = &self->v;
	unsigned int p;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (p = 0; p < 5; p++) {
		wr32(v, DDI_BUF_CTL(p), DDI_BUF_ENABLE);
		EXPECT_EQ(DDI_BUF_ENABLE, rd32(v, DDI_BUF_CTL(p)));
		wr32(v, DDI_BUF_CTL(p), 0);
		EXPECT_EQ(DDI_BUF_IS_IDLE, rd32(v, DDI_BUF_CTL(p)));
		wr32(v, DP_TP_CTL(p), 0x80000000U | DP_TP_TRAIN_IDLE);
		EXPECT_EQ(DP_TP_IDLE_DONE,
			  rd32(v, DP_TP_STATUS(p)) & DP_TP_IDLE_DONE);
		wr32(v, DP_TP_CTL(p), 0x80000000U);
		EXPECT_EQ(0, rd32(v, DP_TP_STATUS(p)) & DP_TP_IDLE_DONE);
	}
	for (p = 0; p < 3; p++) {
		wr32(v, PIPECONF(p), PIPECONF_ENABLE);
		EXPECT_EQ(PIPECONF_ENABLE | PIPECONF_STATE,
			  rd32(v, PIPECONF(p)));
		wr32(v, PIPECONF(p), 0);
		EXPECT_EQ(0, rd32(v, PIPECONF(p)));
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Poll @reg for up to 5 s until (value - @from) >= @delta (a counter) or,
 * with @delta 0, until the bits of @from are all set. Slow VMs make a
 * period longer, never a vblank disappear: the limit only ends a test
 * whose vblanks never come.
 */
static uint32_t __wait_reg(struct __test_metadata *_metadata,
			   const struct gvt_vfio *v, uint32_t reg,
			   uint32_t from, uint32_t delta)
{
	uint64_t end = now_ms() + 5000;
	uint32_t val;

	do {
		val = rd32(v, reg);
		if (delta ? val - from >= delta : (val & from) == from)
			break;
		usleep(5000);
	} while (now_ms() < end);
	return val;
}

#define wait_reg(v, reg, from, delta) \
	__wait_reg(_metadata, v, reg, from, delta)

/*
 * Pipe B on: frames count, VBLANK and an armed flip's FLIP_DONE reach the
 * DE pipe IIR, SURFLIVE takes the new address, PIPEDSL reads a line; pipe
 * B off: the counter stops.
 */
TEST_F(display, vblank)
{
	const struct gvt_vfio *v = &self->v;
	uint64_t before = 0, after = 0;
	unsigned int p;
	uint32_t f0, f;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	/* Only pipe B makes vblanks here. */
	for (p = 0; p < 3; p++)
		wr32(v, PIPECONF(p), 0);
	wr32(v, DE_PIPE_IMR(1), 0);
	wr32(v, DE_PIPE_IER(1), ~0U);
	wr32(v, DE_PIPE_IIR(1), ~0U);
	if (self->dbg[0])
		ASSERT_EQ(0, gvt_debugfs_u64(self->dbg, "workload", "vblanks",
					     &before));
	/* Off: no frame in 200 ms, scanline 0, no event. */
	f0 = rd32(v, PIPE_FRMCOUNT(1));
	usleep(200000);
	EXPECT_EQ(f0, rd32(v, PIPE_FRMCOUNT(1)));
	EXPECT_EQ(0, rd32(v, PIPEDSL(1)));
	EXPECT_EQ(0, rd32(v, DE_PIPE_IIR(1)));

	wr32(v, PLANE_SURF(1, 0), 0x00100000);
	EXPECT_NE(0x00100000, rd32(v, PLANE_SURFLIVE(1, 0)));
	wr32(v, PIPECONF(1), PIPECONF_ENABLE);
	f = wait_reg(v, PIPE_FRMCOUNT(1), f0, 3);
	EXPECT_LE(3, f - f0);
	EXPECT_EQ(1, rd32(v, PIPEDSL(1)));
	EXPECT_EQ(PIPE_VBLANK | PIPE_FLIP_DONE(0),
		  rd32(v, DE_PIPE_IIR(1)) & (PIPE_VBLANK | PIPE_FLIP_DONE(0)));
	EXPECT_EQ(0x00100000, rd32(v, PLANE_SURFLIVE(1, 0)));
	/* Acknowledged: VBLANK comes again, FLIP_DONE does not. */
	wr32(v, DE_PIPE_IIR(1), ~0U);
	EXPECT_EQ(PIPE_VBLANK, wait_reg(v, DE_PIPE_IIR(1), PIPE_VBLANK, 0));
	/* A flip armed now completes at a later vblank. */
	wr32(v, PLANE_SURF(1, 0), 0x00200000);
	wait_reg(v, DE_PIPE_IIR(1), PIPE_FLIP_DONE(0), 0);
	EXPECT_EQ(0x00200000, rd32(v, PLANE_SURFLIVE(1, 0)));
	/* The frame counter and SURFLIVE are the hardware's. */
	f = rd32(v, PIPE_FRMCOUNT(1));
	wr32(v, PIPE_FRMCOUNT(1), f - 100);
	EXPECT_LE(0, (int32_t)(rd32(v, PIPE_FRMCOUNT(1)) - f));
	wr32(v, PLANE_SURFLIVE(1, 0), 0);
	EXPECT_EQ(0x00200000, rd32(v, PLANE_SURFLIVE(1, 0)));

	wr32(v, PIPECONF(1), 0);
	/* A tick under way when the pipe went off may still land. */
	usleep(100000);
	f = rd32(v, PIPE_FRMCOUNT(1));
	usleep(200000);
	EXPECT_EQ(f, rd32(v, PIPE_FRMCOUNT(1)));
	EXPECT_EQ(0, rd32(v, PIPEDSL(1)));
	if (self->dbg[0]) {
		ASSERT_EQ(0, gvt_debugfs_u64(self->dbg, "workload", "vblanks",
					     &after));
		EXPECT_EQ(f - f0, after - before);
	} else {
		TH_LOG("no core debugfs: the vblanks counter not checked");
	}
}

/* Malformed requests get RECEIVE_ERROR and change nothing. */
TEST_F(display, aux_bad_size)
{
	static const unsigned int sizes[] = { 0, 1, 2, 21, 31 };
	const struct gvt_vfio *v = &self->v;
	unsigned int i;
	uint32_t ctl;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->monitor[0])
		SKIP(return, "no core debugfs: the monitor cannot be plugged");
	ASSERT_EQ(0, plug(self->monitor, true));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		wr32(v, AUX_CTL(AUX_D) + 4, 0x9000000f);
		wr32(v, AUX_CTL(AUX_D),
		     AUX_SEND_BUSY | AUX_STATUS | sizes[i] << 20);
		ctl = rd32(v, AUX_CTL(AUX_D));
		EXPECT_EQ(AUX_DONE | AUX_RECEIVE_ERROR,
			  ctl & (AUX_SEND_BUSY | AUX_STATUS)) {
			TH_LOG("size %u: CTL 0x%08x", sizes[i], ctl);
		}
		EXPECT_EQ(0x9000000f, rd32(v, AUX_CTL(AUX_D) + 4));
		wr32(v, AUX_CTL(AUX_D), ctl);
	}
	ASSERT_EQ(0, plug(self->monitor, false));
}

/* GMBUS: no slave answers any cycle; SW_CLR_INT clears the error. */
TEST_F(display, gmbus_nak)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t st;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, GMBUS1, GMBUS_SW_CLR_INT);
	wr32(v, GMBUS1, 0);
	EXPECT_EQ(0, rd32(v, GMBUS2));
	wr32(v, GMBUS0, 6);
	wr32(v, GMBUS1, GMBUS_SW_RDY | 0x02000000U | 128 << 16 | 0x50 << 1 | 1);
	st = rd32(v, GMBUS2);
	EXPECT_EQ(GMBUS_SATOER, st & (GMBUS_SATOER | GMBUS_HW_RDY |
				      GMBUS_ACTIVE));
	wr32(v, GMBUS1, GMBUS_SW_CLR_INT);
	wr32(v, GMBUS1, 0);
	wr32(v, GMBUS0, 0);
	EXPECT_EQ(0, rd32(v, GMBUS2));
}

/* ---- the EDID region (VFIO_REGION_SUBTYPE_GFX_EDID) ---------------- */

#define EDID_BLOB		0x100
#define EDID_MAX		256
#define EDID_REGION_SIZE	(EDID_BLOB + EDID_MAX)
#define EDID_FIELD(f)		offsetof(struct vfio_region_gfx_edid, f)

struct edid_caps {
	struct vfio_region_info info;
	unsigned char caps[64];
};

/* Offset of the EDID region in the device fd, found by its type. */
static off_t __edid_region(struct __test_metadata *_metadata, int device)
{
	struct edid_caps r;
	int index = gvt_vfio_find_region(device, VFIO_REGION_TYPE_GFX,
					 VFIO_REGION_SUBTYPE_GFX_EDID,
					 &r.info, sizeof(r));

	EXPECT_LE(0, index) {
		TH_LOG("no single EDID region: %s", strerror(-index));
	}
	if (index < 0)
		return -1;
	return r.info.offset;
}

#define edid_region(v) __edid_region(_metadata, (v)->device)

/* The EDID region's offset, and the monitor's own EDID from its blob. */
static off_t __edid_region_own(struct __test_metadata *_metadata,
			       const struct gvt_vfio *v, uint8_t *own)
{
	off_t base = __edid_region(_metadata, v->device);

	if (base < 0)
		return -1;
	EXPECT_EQ(128, pread(v->device, own, 128, base + EDID_BLOB));
	return base;
}

#define edid_region_own(v, own) __edid_region_own(_metadata, v, own)

static int edid_rd(const struct gvt_vfio *v, off_t base, size_t field,
		   uint32_t *val)
{
	return pread(v->device, val, 4, base + field) == 4 ? 0 : -errno;
}

static int edid_wr(const struct gvt_vfio *v, off_t base, size_t field,
		   uint32_t val)
{
	return pwrite(v->device, &val, 4, base + field) == 4 ? 0 : -errno;
}

/* Fix up block @b's checksum after an edit. */
static void edid_resum(uint8_t *e, unsigned int b)
{
	uint8_t sum = 0;
	unsigned int i;

	for (i = 0; i < 127; i++)
		sum += e[128 * b + i];
	e[128 * b + 127] = -sum;
}

/* Give the monitor @e of @n bytes: link down, blob, size, link up. */
static int edid_update(const struct gvt_vfio *v, off_t base, const uint8_t *e,
		       uint32_t n)
{
	int ret;

	ret = edid_wr(v, base, EDID_FIELD(link_state),
		      VFIO_DEVICE_GFX_LINK_STATE_DOWN);
	if (ret)
		return ret;
	if (pwrite(v->device, e, n, base + EDID_BLOB) != (ssize_t)n)
		return -errno;
	ret = edid_wr(v, base, EDID_FIELD(edid_size), n);
	if (ret)
		return ret;
	return edid_wr(v, base, EDID_FIELD(link_state),
		       VFIO_DEVICE_GFX_LINK_STATE_UP);
}

/* Type, size, flags and the fields, as QEMU's vfio_display_edid_init(). */
TEST_F(display, edid_region_info)
{
	const struct gvt_vfio *v = &self->v;
	uint8_t blob[EDID_MAX], edid[128];
	unsigned int xres, yres;
	struct edid_caps r;
	uint32_t val;
	char res[32];
	off_t base;
	int index;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	index = gvt_vfio_find_region(v->device, VFIO_REGION_TYPE_GFX,
				     VFIO_REGION_SUBTYPE_GFX_EDID, &r.info,
				     sizeof(r));
	ASSERT_EQ(VFIO_PCI_NUM_REGIONS + 3, index);
	EXPECT_EQ(EDID_REGION_SIZE, r.info.size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		  VFIO_REGION_INFO_FLAG_CAPS, r.info.flags);
	EXPECT_EQ((uint64_t)index << 40, r.info.offset);
	base = r.info.offset;
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_offset), &val));
	EXPECT_EQ(EDID_BLOB, val);
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_max_size), &val));
	EXPECT_EQ(EDID_MAX, val);
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(max_xres), &xres));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(max_yres), &yres));
	snprintf(res, sizeof(res), "%ux%u", xres, yres);
	EXPECT_STREQ(self->type->spec->resolution, res);
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(link_state), &val));
	EXPECT_EQ(VFIO_DEVICE_GFX_LINK_STATE_UP, val);
	/* the blob holds what the guest reads over AUX D */
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_size), &val));
	EXPECT_EQ(128, val);
	ASSERT_EQ(EDID_MAX, pread(v->device, blob, EDID_MAX, base + EDID_BLOB));
	aux_read_edid(v, edid, sizeof(edid));
	EXPECT_EQ(0, memcmp(blob, edid, sizeof(edid)));
}

/*
 * The uapi's protocol: link down unplugs (an event in the guest), the
 * new EDID shows after link up (another event), both of its blocks over
 * I2C; the last close gives the monitor its own EDID back.
 */
TEST_F(display, edid_region_update)
{
	struct gvt_vfio *v = &self->v;
	uint8_t own[128], e[EDID_MAX], got[EDID_MAX];
	unsigned int i;
	uint32_t val;
	off_t base;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	base = edid_region_own(v, own);
	ASSERT_LE(0, base);
	wr32(v, SDEIIR, 0xffffffff);
	wr32(v, SDEIMR, 0);
	wr32(v, SDEIER, 0xffffffff);
	wr32(v, PCH_PORT_HOTPLUG, PORTD_HOTPLUG_ENABLE);

	ASSERT_EQ(0, edid_wr(v, base, EDID_FIELD(link_state),
			     VFIO_DEVICE_GFX_LINK_STATE_DOWN));
	EXPECT_EQ(0, rd32(v, SDEISR) & SDE_PORTD);
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEIIR));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(link_state), &val));
	EXPECT_EQ(VFIO_DEVICE_GFX_LINK_STATE_DOWN, val);
	wr32(v, PCH_PORT_HOTPLUG, rd32(v, PCH_PORT_HOTPLUG));
	wr32(v, SDEIIR, SDE_PORTD);

	/* our EDID renamed, with a second block as QEMU's generator adds */
	memcpy(e, own, 128);
	for (i = 54; i < 126; i += 18)
		if (!e[i] && !e[i + 1] && e[i + 3] == 0xfc)
			memcpy(e + i + 5, "QEMU Monitor\n", 13);
	e[126] = 1;
	edid_resum(e, 0);
	for (i = 128; i < EDID_MAX; i++)
		e[i] = i * 7;
	e[128] = 0x02;
	edid_resum(e, 1);
	ASSERT_EQ(0, edid_update(v, base, e, sizeof(e)));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEIIR));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(link_state), &val));
	EXPECT_EQ(VFIO_DEVICE_GFX_LINK_STATE_UP, val);
	aux_read_edid(v, got, sizeof(got));
	EXPECT_EQ(0, memcmp(e, got, sizeof(e)));
	/* a device reset keeps the VMM's EDID */
	ASSERT_EQ(0, ioctl(v->device, VFIO_DEVICE_RESET));
	memset(got, 0, sizeof(got));
	aux_read_edid(v, got, sizeof(got));
	EXPECT_EQ(0, memcmp(e, got, sizeof(e)));

	/* the last close: the monitor's own EDID, plugged */
	ASSERT_EQ(0, edid_wr(v, base, EDID_FIELD(link_state),
			     VFIO_DEVICE_GFX_LINK_STATE_DOWN));
	gvt_vfio_close(v);
	ASSERT_EQ(0, gvt_vfio_open(v, self->uuid));
	base = edid_region(v);
	ASSERT_LE(0, base);
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(link_state), &val));
	EXPECT_EQ(VFIO_DEVICE_GFX_LINK_STATE_UP, val);
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_size), &val));
	EXPECT_EQ(128, val);
	ASSERT_EQ(128, pread(v->device, got, 128, base + EDID_BLOB));
	EXPECT_EQ(0, memcmp(own, got, 128));
	aux_read_edid(v, got, 128);
	EXPECT_EQ(0, memcmp(own, got, 128));
}

/* Bad accesses and bad EDIDs: refused, the monitor as it was. */
TEST_F(display, edid_region_bad)
{
	static const size_t ro[] = { EDID_FIELD(edid_offset),
				     EDID_FIELD(edid_max_size),
				     EDID_FIELD(max_xres),
				     EDID_FIELD(max_yres) };
	const struct gvt_vfio *v = &self->v;
	uint8_t own[128], e[EDID_MAX], got[128];
	unsigned int i;
	uint32_t val;
	uint16_t half;
	off_t base;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	base = edid_region_own(v, own);
	ASSERT_LE(0, base);
	for (i = 0; i < ARRAY_SIZE(ro); i++)
		EXPECT_EQ(-EPERM, edid_wr(v, base, ro[i], 0x1000));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_offset), &val));
	EXPECT_EQ(EDID_BLOB, val);
	/* a register is one aligned dword; nothing between them and the blob */
	EXPECT_EQ(-1, pread(v->device, &half, 2, base));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(v->device, &val, 4, base + 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(v->device, e, 8, base));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(v->device, &val, 4,
			    base + sizeof(struct vfio_region_gfx_edid)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(v->device, e, 2, base + EDID_REGION_SIZE - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pwrite(v->device, e, 1, base + EDID_REGION_SIZE));
	EXPECT_EQ(EINVAL, errno);
	/* sizes and link states outside the protocol */
	EXPECT_EQ(-EINVAL, edid_wr(v, base, EDID_FIELD(edid_size), 0));
	EXPECT_EQ(-EINVAL, edid_wr(v, base, EDID_FIELD(edid_size),
				   EDID_MAX + 1));
	EXPECT_EQ(-EINVAL, edid_wr(v, base, EDID_FIELD(link_state), 0));
	EXPECT_EQ(-EINVAL, edid_wr(v, base, EDID_FIELD(link_state), 3));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(edid_size), &val));
	EXPECT_EQ(128, val);

	/* garbage, a bad checksum, a mode larger than the type's, 100 bytes */
	memset(e, 0x5a, sizeof(e));
	EXPECT_EQ(-EINVAL, edid_update(v, base, e, 128));
	ASSERT_EQ(0, edid_rd(v, base, EDID_FIELD(link_state), &val));
	EXPECT_EQ(VFIO_DEVICE_GFX_LINK_STATE_DOWN, val);
	EXPECT_EQ(0, rd32(v, SDEISR) & SDE_PORTD);
	memcpy(e, own, 128);
	e[20] ^= 0x40;
	EXPECT_EQ(-EINVAL, edid_update(v, base, e, 128));
	memcpy(e, own, 128);
	e[56] = 0;			/* preferred mode 3840 wide */
	e[58] |= 0xf0;
	edid_resum(e, 0);
	EXPECT_EQ(-EINVAL, edid_update(v, base, e, 128));
	EXPECT_EQ(-EINVAL, edid_update(v, base, own, 100));
	/* the monitor kept its EDID: link up shows it again */
	ASSERT_EQ(0, edid_update(v, base, own, 128));
	EXPECT_EQ(SDE_PORTD, rd32(v, SDEISR) & SDE_PORTD);
	aux_read_edid(v, got, sizeof(got));
	EXPECT_EQ(0, memcmp(own, got, sizeof(got)));
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
