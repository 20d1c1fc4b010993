// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 of a vGPU through VFIO, as a guest driver sees it: the regions,
 * the PVINFO page, register semantics (plain, masked, read-only,
 * write-1-to-clear, forcewake mirroring, engine reset), failsafe, bad
 * accesses and VFIO_DEVICE_RESET.
 *
 * The contract is Documentation/gpu/gvt/mmio.rst. GVT_PARENT=<device>
 * selects the parent; by default the first parent with a free instance.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "gvt_test.h"

/* Registers (Gen9 offsets, gvt-facts section 7.2) */
#define RCS_BASE		0x2000
#define VCS_BASE		0x12000
#define MI_MODE(base)		((base) + 0x9c)
#define RING_RESET_CTL(base)	((base) + 0xd0)
#define GFX_MODE(base)		((base) + 0x29c)
#define GDRST			0x941c
#define FW_RENDER		0xa278
#define FW_RENDER_ACK		0x0d84
#define FW_GT			0xa188
#define FW_GT_ACK		0x130044
#define FW_MEDIA		0xa270
#define FW_MEDIA_ACK		0x0d88
#define MASTER_IRQ		0x44200
#define PCODE_MAILBOX		0x138124
/* DSPSTRIDE(A): no handler, plain storage in the register file. */
#define PLAIN_REG		0x70188
#define PLAIN_REG2		0x70190	/* 8-byte aligned pair with 0x70194 */

/* A masked register write that sets or clears @bits (of 15:0). */
static inline uint32_t masked_set(uint32_t bits)
{
	return bits << 16 | bits;
}

static inline uint32_t masked_clear(uint32_t bits)
{
	return bits << 16;
}

FIXTURE(mmio) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	int open_err;
	const char *why;
};

FIXTURE_SETUP(mmio)
{
	gvt_vfio_init(&self->v);
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
}

FIXTURE_TEARDOWN(mmio)
{
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
}

#define ready() __gvt_assert_open(_metadata, self->open_err, self->uuid)

static int device_reset(const struct gvt_vfio *v)
{
	return ioctl(v->device, VFIO_DEVICE_RESET) ? -errno : 0;
}

/* BAR0 and BAR2 are described; the other BARs and the ROM are absent. */
TEST_F(mmio, regions)
{
	const struct gvt_vfio *v = &self->v;
	const unsigned int absent[] = {
		VFIO_PCI_BAR1_REGION_INDEX, VFIO_PCI_BAR3_REGION_INDEX,
		VFIO_PCI_BAR4_REGION_INDEX, VFIO_PCI_BAR5_REGION_INDEX,
		VFIO_PCI_ROM_REGION_INDEX,
	};
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	EXPECT_EQ(GVT_BAR0_SIZE, v->size[VFIO_PCI_BAR0_REGION_INDEX]);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
		  v->flags[VFIO_PCI_BAR0_REGION_INDEX] &
		  ~VFIO_REGION_INFO_FLAG_CAPS);
	EXPECT_TRUE(v->flags[VFIO_PCI_BAR2_REGION_INDEX] &
		    VFIO_REGION_INFO_FLAG_READ);
	EXPECT_TRUE(v->flags[VFIO_PCI_BAR2_REGION_INDEX] &
		    VFIO_REGION_INFO_FLAG_WRITE);
	if (self->parent->aperture_mb > 0 &&
	    !self->parent->aperture_guessed) {
		EXPECT_EQ((uint64_t)self->parent->aperture_mb << 20,
			  v->size[VFIO_PCI_BAR2_REGION_INDEX]);
	} else {
		EXPECT_LT(0, v->size[VFIO_PCI_BAR2_REGION_INDEX]);
	}
	for (i = 0; i < ARRAY_SIZE(absent); i++) {
		EXPECT_EQ(0, v->size[absent[i]]) {
			TH_LOG("region %u", absent[i]);
		}
	}
	/* the regions do not overlap in the device fd */
	EXPECT_NE(v->offset[VFIO_PCI_BAR0_REGION_INDEX],
		  v->offset[VFIO_PCI_BAR2_REGION_INDEX]);
	EXPECT_NE(v->offset[VFIO_PCI_BAR0_REGION_INDEX],
		  v->offset[VFIO_PCI_CONFIG_REGION_INDEX]);
}

/* Check the PVINFO of a vGPU of type @t against its type and the GPU. */
static void __check_pvinfo(struct __test_metadata *_metadata,
			   const struct gvt_parent *p,
			   const struct gvt_type *t, const char *uuid,
			   const struct gvt_pvinfo *pv)
{
	uint64_t ap_end = (uint64_t)pv->ap_base + pv->ap_size;
	uint64_t hidden_end = (uint64_t)pv->hidden_base + pv->hidden_size;
	unsigned long low_mb, high_mb, fences;
	long id;

	EXPECT_EQ(GVT_PVINFO_MAGIC_VALUE, pv->magic);
	EXPECT_EQ(1, pv->major);
	EXPECT_EQ(0, pv->minor);
	ASSERT_EQ(0, gvt_vgpu_id(uuid, &id));
	EXPECT_EQ(id, pv->vgt_id);
	EXPECT_EQ(GVT_PVINFO_CAPS_VALUE, pv->caps);
	/* what the type's description in sysfs announces */
	ASSERT_EQ(0, gvt_type_description(p, t, &low_mb, &high_mb, &fences));
	EXPECT_EQ(low_mb << 20, pv->ap_size);
	EXPECT_EQ(high_mb << 20, pv->hidden_size);
	EXPECT_EQ(fences, pv->fence_num);
	EXPECT_EQ(4, pv->fence_num);
	EXPECT_EQ(0xffffffff, pv->cursor_x_hot);
	EXPECT_EQ(0xffffffff, pv->cursor_y_hot);

	/* page aligned, above what the host keeps, inside the GPU */
	EXPECT_EQ(0, pv->ap_base % GVT_PAGE_SIZE);
	EXPECT_EQ(0, pv->hidden_base % GVT_PAGE_SIZE);
	EXPECT_LE((uint64_t)GVT_HOST_LOW_MB << 20, pv->ap_base);
	if (p->aperture_mb > 0) {
		uint64_t aperture = (uint64_t)p->aperture_mb << 20;

		EXPECT_GE(aperture, ap_end);
		EXPECT_LE(aperture + ((uint64_t)GVT_HOST_HIGH_MB << 20),
			  pv->hidden_base);
	}
	EXPECT_GE((uint64_t)GVT_GGTT_MB << 20, hidden_end);
}

#define check_pvinfo(p, t, uuid, pv) \
	__check_pvinfo(_metadata, p, t, uuid, pv)

TEST_F(mmio, pvinfo)
{
	struct gvt_pvinfo pv;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_pvinfo_read(&self->v, &pv));
	check_pvinfo(self->parent, self->type, self->uuid, &pv);
}

/* Every dword of the page other than the fields above reads 0. */
TEST_F(mmio, pvinfo_rest_zero)
{
	uint32_t off, val;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (off = 0; off < GVT_PVINFO_SIZE; off += 4) {
		switch (off) {
		case PVINFO_MAGIC:
		case PVINFO_MAGIC + 4:
		case PVINFO_VERSION_MAJOR:
		case PVINFO_VGT_ID:
		case PVINFO_CAPS:
		case PVINFO_APERTURE_BASE:
		case PVINFO_APERTURE_SIZE:
		case PVINFO_HIDDEN_BASE:
		case PVINFO_HIDDEN_SIZE:
		case PVINFO_FENCE_NUM:
		case PVINFO_CURSOR_X_HOT:
		case PVINFO_CURSOR_Y_HOT:
			continue;
		}
		val = rd32(&self->v, GVT_PVINFO + off);
		EXPECT_EQ(0, val) {
			TH_LOG("PVINFO + %#x", off);
		}
	}
}

/* The PVINFO of every type the parent offers matches that type. */
TEST_F_TIMEOUT(mmio, pvinfo_types, 120)
{
	const struct gvt_parent *p;
	struct gvt_pvinfo pv;
	int i, ret, checked = 0;
	struct gvt_vfio v;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	gvt_vfio_close(&self->v);
	ASSERT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
	for (p = self->env.parents;
	     p < self->env.parents + self->env.nr_parents; p++) {
		for (i = 0; i < p->nr_types; i++) {
			char uuid[GVT_UUID_LEN + 1];

			if (gvt_available(p, &p->types[i]) < 1)
				continue;
			ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, p,
						      &p->types[i], uuid));
			ASSERT_EQ(0, gvt_vfio_open(&v, uuid));
			ret = gvt_pvinfo_read(&v, &pv);
			gvt_vfio_close(&v);
			ASSERT_EQ(0, ret);
			check_pvinfo(p, &p->types[i], uuid, &pv);
			ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid));
			checked++;
		}
	}
	EXPECT_LT(0, checked);
}

/* Two vGPUs: distinct ids, disjoint aperture and hidden ranges. */
TEST_F(mmio, pvinfo_two_vgpus)
{
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_pvinfo a, b;
	struct gvt_vfio v;
	int ret;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (gvt_available(self->parent, self->type) < 1)
		SKIP(return, "%s has no room for a second %s",
		     self->parent->name, self->type->name);
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      uuid));
	ASSERT_EQ(0, gvt_vfio_open(&v, uuid));
	ret = gvt_pvinfo_read(&v, &b);
	gvt_vfio_close(&v);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, gvt_pvinfo_read(&self->v, &a));
	check_pvinfo(self->parent, self->type, uuid, &b);

	EXPECT_NE(a.vgt_id, b.vgt_id);
	EXPECT_NE(a.ap_base, b.ap_base);
	EXPECT_NE(a.hidden_base, b.hidden_base);
	EXPECT_TRUE((uint64_t)a.ap_base + a.ap_size <= b.ap_base ||
		    (uint64_t)b.ap_base + b.ap_size <= a.ap_base);
	EXPECT_TRUE((uint64_t)a.hidden_base + a.hidden_size <= b.hidden_base ||
		    (uint64_t)b.hidden_base + b.hidden_size <= a.hidden_base);
}

/*
 * The guest may write display_ready, g2v_notify, the PDPs and the
 * execlist descriptor; every other PVINFO write is ignored.
 */
TEST_F(mmio, pvinfo_writes)
{
	const struct gvt_vfio *v = &self->v;
	struct gvt_pvinfo before, after;
	uint32_t off;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_pvinfo_read(v, &before));

	wr32(v, GVT_PVINFO + PVINFO_DISPLAY_READY, 1);
	EXPECT_EQ(1, rd32(v, GVT_PVINFO + PVINFO_DISPLAY_READY));
	wr32(v, GVT_PVINFO + PVINFO_G2V_NOTIFY, 0);
	EXPECT_EQ(0, rd32(v, GVT_PVINFO + PVINFO_G2V_NOTIFY));
	for (off = PVINFO_PDP0_LO; off <= PVINFO_EXECLIST_DESC_HI; off += 4) {
		wr32(v, GVT_PVINFO + off, 0x12345000 + off);
		EXPECT_EQ(0x12345000 + off, rd32(v, GVT_PVINFO + off)) {
			TH_LOG("PVINFO + %#x", off);
		}
	}

	/* read-only fields */
	wr64(v, GVT_PVINFO + PVINFO_MAGIC, 0);
	wr32(v, GVT_PVINFO + PVINFO_VERSION_MAJOR, 0x00050005);
	wr32(v, GVT_PVINFO + PVINFO_VGT_ID, before.vgt_id + 1);
	wr32(v, GVT_PVINFO + PVINFO_CAPS, 0);
	wr32(v, GVT_PVINFO + PVINFO_APERTURE_BASE, 0);
	wr32(v, GVT_PVINFO + PVINFO_APERTURE_SIZE, 0xfffff000);
	wr32(v, GVT_PVINFO + PVINFO_HIDDEN_BASE, 0);
	wr32(v, GVT_PVINFO + PVINFO_HIDDEN_SIZE, 0xfffff000);
	wr32(v, GVT_PVINFO + PVINFO_FENCE_NUM, 32);
	wr32(v, GVT_PVINFO + 0x100, 0xffffffff);	/* rsv3 */
	wr32(v, GVT_PVINFO + 0xffc, 0xffffffff);	/* rsv7 */
	ASSERT_EQ(0, gvt_pvinfo_read(v, &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
	EXPECT_EQ(0, rd32(v, GVT_PVINFO + 0x100));
	EXPECT_EQ(0, rd32(v, GVT_PVINFO + 0xffc));
}

/* An unhandled register is storage, for every access size. */
TEST_F(mmio, plain_register)
{
	const struct gvt_vfio *v = &self->v;
	uint8_t b = 0;
	uint16_t w;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, PLAIN_REG, 0x11223344);
	EXPECT_EQ(0x11223344, rd32(v, PLAIN_REG));
	wr32(v, PLAIN_REG, 0xa5a5f00f);
	EXPECT_EQ(0xa5a5f00f, rd32(v, PLAIN_REG));

	/* 1- and 2-byte writes change only their bytes */
	wr32(v, PLAIN_REG, 0x11223344);
	b = 0xaa;
	ASSERT_EQ(0, gvt_vfio_rw(v, 0, PLAIN_REG + 1, &b, 1, true));
	EXPECT_EQ(0x1122aa44, rd32(v, PLAIN_REG));
	w = 0xbbcc;
	ASSERT_EQ(0, gvt_vfio_rw(v, 0, PLAIN_REG + 2, &w, 2, true));
	EXPECT_EQ(0xbbccaa44, rd32(v, PLAIN_REG));
	ASSERT_EQ(0, gvt_vfio_rw(v, 0, PLAIN_REG + 3, &b, 1, false));
	EXPECT_EQ(0xbb, b);
	ASSERT_EQ(0, gvt_vfio_rw(v, 0, PLAIN_REG, &w, 2, false));
	EXPECT_EQ(0xaa44, w);

	/* an 8-byte access is the low dword, then the high one */
	wr64(v, PLAIN_REG2, 0x0123456789abcdefULL);
	EXPECT_EQ(0x89abcdef, rd32(v, PLAIN_REG2));
	EXPECT_EQ(0x01234567, rd32(v, PLAIN_REG2 + 4));
	wr32(v, PLAIN_REG2 + 4, 0xfedcba98);
	EXPECT_EQ(0xfedcba9889abcdefULL, rd64(v, PLAIN_REG2));
}

/* MI_MODE: bits 31:16 select which of bits 15:0 are written. */
TEST_F(mmio, masked_register)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t init, val;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	init = rd32(v, MI_MODE(RCS_BASE));
	EXPECT_EQ(0, init >> 16);

	wr32(v, MI_MODE(RCS_BASE), 0x00010001);
	val = rd32(v, MI_MODE(RCS_BASE));
	EXPECT_EQ(1, val & 1);
	EXPECT_EQ(0, val >> 16);
	EXPECT_EQ(init & 0xfffe, val & 0xfffe);

	/* no mask bits: nothing changes */
	wr32(v, MI_MODE(RCS_BASE), 0x00000000);
	EXPECT_EQ(val, rd32(v, MI_MODE(RCS_BASE)));
	wr32(v, MI_MODE(RCS_BASE), 0x0000fffe);
	EXPECT_EQ(val, rd32(v, MI_MODE(RCS_BASE)));

	wr32(v, MI_MODE(RCS_BASE), 0x00010000);
	val = rd32(v, MI_MODE(RCS_BASE));
	EXPECT_EQ(0, val & 1);
	EXPECT_EQ(init & 0xfffe, val & 0xfffe);

	/* several bits at once, only the selected ones */
	wr32(v, MI_MODE(RCS_BASE), 0x00300010);
	val = rd32(v, MI_MODE(RCS_BASE));
	EXPECT_EQ(0x0010, val & 0x0030);
	EXPECT_EQ(0, val >> 16);
	EXPECT_EQ(init & 0xffce, val & 0xffce);
}

/* A masked write to forcewake request is mirrored into its ACK. */
TEST_F(mmio, forcewake_ack)
{
	static const struct {
		uint32_t req, ack;
	} fw[] = {
		{ FW_RENDER, FW_RENDER_ACK },
		{ FW_GT, FW_GT_ACK },
		{ FW_MEDIA, FW_MEDIA_ACK },
	};
	const struct gvt_vfio *v = &self->v;
	uint32_t req, ack;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (i = 0; i < ARRAY_SIZE(fw); i++) {
		wr32(v, fw[i].req, masked_set(1));
		req = rd32(v, fw[i].req);
		ack = rd32(v, fw[i].ack);
		EXPECT_EQ(1, req & 1);
		EXPECT_EQ(0, req >> 16);
		EXPECT_EQ(req & 0xffff, ack & 0xffff) {
			TH_LOG("forcewake %#x, ack %#x", fw[i].req, fw[i].ack);
		}

		wr32(v, fw[i].req, masked_set(0x8));
		ack = rd32(v, fw[i].ack);
		EXPECT_EQ(0x9, ack & 0x9) {
			TH_LOG("forcewake %#x, ack %#x", fw[i].req, fw[i].ack);
		}

		wr32(v, fw[i].req, masked_clear(0x9));
		req = rd32(v, fw[i].req);
		ack = rd32(v, fw[i].ack);
		EXPECT_EQ(0, req & 0x9);
		EXPECT_EQ(0, ack & 0x9) {
			TH_LOG("forcewake %#x, ack %#x", fw[i].req, fw[i].ack);
		}
	}
}

/* The ACKs are read-only: a guest write changes nothing. */
TEST_F(mmio, forcewake_ack_read_only)
{
	static const uint32_t acks[] = { FW_RENDER_ACK, FW_GT_ACK,
					 FW_MEDIA_ACK };
	const struct gvt_vfio *v = &self->v;
	uint32_t before;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	/* one ACK with a bit set, so that clearing would show too */
	wr32(v, FW_RENDER, masked_set(1));
	for (i = 0; i < ARRAY_SIZE(acks); i++) {
		before = rd32(v, acks[i]);
		wr32(v, acks[i], ~before);
		EXPECT_EQ(before, rd32(v, acks[i])) {
			TH_LOG("ack %#x", acks[i]);
		}
		wr32(v, acks[i], 0);
		EXPECT_EQ(before, rd32(v, acks[i])) {
			TH_LOG("ack %#x", acks[i]);
		}
	}
}

/* ISR/IMR/IIR/IER groups of mmio.rst, by their ISR offset. */
static const uint32_t irq_groups[] = {
	0x44300, 0x44310, 0x44320, 0x44330,	/* GT 0-3 */
	0x44400, 0x44410, 0x44420,		/* DE pipe A-C */
	0x44440, 0x44460, 0x444e0,		/* DE port, misc, PCU */
	0xc4000,				/* south display */
};

/* ISR read-only, IIR write-1-to-clear, IMR and IER storage. */
TEST_F(mmio, interrupt_registers)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t isr, iir;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (i = 0; i < ARRAY_SIZE(irq_groups); i++) {
		uint32_t base = irq_groups[i];

		isr = rd32(v, base);
		wr32(v, base, ~isr);
		EXPECT_EQ(isr, rd32(v, base)) {
			TH_LOG("ISR %#x", base);
		}

		/* writing ones never sets IIR bits, it clears them */
		wr32(v, base + 8, 0xffffffff);
		EXPECT_EQ(0, rd32(v, base + 8)) {
			TH_LOG("IIR %#x", base + 8);
		}
		iir = rd32(v, base + 8);
		wr32(v, base + 8, 0);
		EXPECT_EQ(iir, rd32(v, base + 8)) {
			TH_LOG("IIR %#x", base + 8);
		}

		wr32(v, base + 4, 0xffffffff);
		EXPECT_EQ(0xffffffff, rd32(v, base + 4)) {
			TH_LOG("IMR %#x", base + 4);
		}
		wr32(v, base + 4, 0x5a5aa5a5);
		EXPECT_EQ(0x5a5aa5a5, rd32(v, base + 4)) {
			TH_LOG("IMR %#x", base + 4);
		}
		wr32(v, base + 12, 0xa5a55a5a);
		EXPECT_EQ(0xa5a55a5a, rd32(v, base + 12)) {
			TH_LOG("IER %#x", base + 12);
		}
		wr32(v, base + 12, 0);
		EXPECT_EQ(0, rd32(v, base + 12)) {
			TH_LOG("IER %#x", base + 12);
		}
	}
}

/* MASTER_IRQ: only the enable bit (31) is writable. */
TEST_F(mmio, master_irq)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t init;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	init = rd32(v, MASTER_IRQ);
	wr32(v, MASTER_IRQ, 0xffffffff);
	EXPECT_EQ((init & 0x7fffffff) | 0x80000000, rd32(v, MASTER_IRQ));
	wr32(v, MASTER_IRQ, 0);
	EXPECT_EQ(init & 0x7fffffff, rd32(v, MASTER_IRQ));
	wr32(v, MASTER_IRQ, 0x80000000);
	EXPECT_EQ((init & 0x7fffffff) | 0x80000000, rd32(v, MASTER_IRQ));
}

/* PCODE mailbox: the READY bit is cleared by every write. */
TEST_F(mmio, pcode_mailbox)
{
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, PCODE_MAILBOX, 0x80000005);
	EXPECT_EQ(0, rd32(v, PCODE_MAILBOX) & 0x80000000);
	wr32(v, PCODE_MAILBOX, 0x80000000);
	EXPECT_EQ(0, rd32(v, PCODE_MAILBOX) & 0x80000000);
}

/* RING_RESET_CTL: masked, READY_TO_RESET follows REQUEST_RESET. */
TEST_F(mmio, ring_reset_ctl)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t val;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, RING_RESET_CTL(RCS_BASE), masked_set(1));
	val = rd32(v, RING_RESET_CTL(RCS_BASE));
	EXPECT_EQ(0x3, val & 0x3);
	EXPECT_EQ(0, val >> 16);
	wr32(v, RING_RESET_CTL(RCS_BASE), masked_clear(1));
	EXPECT_EQ(0, rd32(v, RING_RESET_CTL(RCS_BASE)) & 0x3);
}

/* Flip bit 0 of a masked register, return the value it now holds. */
static uint32_t __flip_masked(struct __test_metadata *_metadata,
			      const struct gvt_vfio *v, uint32_t reg,
			      uint32_t init)
{
	uint32_t val;

	wr32(v, reg, masked_clear(1) | (~init & 1));
	val = rd32(v, reg);
	EXPECT_NE(init & 1, val & 1) {
		TH_LOG("masked register %#x", reg);
	}
	return val;
}

#define flip_masked(v, reg, init) __flip_masked(_metadata, v, reg, init)

/*
 * GDRST: an engine bit restores that engine's registers only, bit 0
 * everything below MASTER_IRQ; the register reads 0 afterwards.
 */
TEST_F(mmio, gdrst)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t rcs, vcs;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	rcs = rd32(v, MI_MODE(RCS_BASE));
	vcs = rd32(v, MI_MODE(VCS_BASE));
	flip_masked(v, MI_MODE(RCS_BASE), rcs);
	flip_masked(v, MI_MODE(VCS_BASE), vcs);
	wr32(v, PLAIN_REG, 0x5a5a5a5a);

	wr32(v, GDRST, 1 << 2);			/* VCS */
	EXPECT_EQ(0, rd32(v, GDRST));
	EXPECT_EQ(vcs, rd32(v, MI_MODE(VCS_BASE)));
	EXPECT_NE(rcs, rd32(v, MI_MODE(RCS_BASE)));

	wr32(v, GDRST, 1 << 1);			/* RCS */
	EXPECT_EQ(0, rd32(v, GDRST));
	EXPECT_EQ(rcs, rd32(v, MI_MODE(RCS_BASE)));

	flip_masked(v, MI_MODE(RCS_BASE), rcs);
	flip_masked(v, MI_MODE(VCS_BASE), vcs);
	wr32(v, GDRST, 1);			/* full */
	EXPECT_EQ(0, rd32(v, GDRST));
	EXPECT_EQ(rcs, rd32(v, MI_MODE(RCS_BASE)));
	EXPECT_EQ(vcs, rd32(v, MI_MODE(VCS_BASE)));
	/* above 0x44200: kept */
	EXPECT_EQ(0x5a5a5a5a, rd32(v, PLAIN_REG));
}

/* 2 MiB - 8 MiB is unbacked: reads 0, writes are ignored. */
TEST_F(mmio, unbacked_range)
{
	static const uint64_t offs[] = { GVT_MMIO_SIZE, 0x400000,
					 GVT_GGTT_OFFSET - 8 };
	const struct gvt_vfio *v = &self->v;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		EXPECT_EQ(0, rd64(v, offs[i]));
		wr64(v, offs[i], 0x1234567812345678ULL);
		EXPECT_EQ(0, rd64(v, offs[i])) {
			TH_LOG("BAR0 + %#llx", (unsigned long long)offs[i]);
		}
	}
}

/* Sizes other than 1, 2, 4, 8, misaligned accesses, out of the BAR. */
TEST_F(mmio, bad_bar0_access)
{
	static const struct {
		uint64_t off;
		size_t len;
	} bad[] = {
		{ PLAIN_REG, 3 },
		{ PLAIN_REG, 5 },
		{ PLAIN_REG, 16 },
		{ PLAIN_REG + 2, 4 },
		{ PLAIN_REG + 1, 2 },
		{ PLAIN_REG + 4, 8 },
		{ GVT_PVINFO + 2, 4 },
		{ GVT_GGTT_OFFSET, 1 },		/* GGTT: 4 or 8 bytes */
		{ GVT_GGTT_OFFSET, 2 },
		{ GVT_GGTT_OFFSET + 4, 8 },
		{ GVT_BAR0_SIZE, 4 },
		{ GVT_BAR0_SIZE - 4, 8 },
		{ GVT_BAR0_SIZE + 0x1000, 4 },
	};
	const struct gvt_vfio *v = &self->v;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	wr32(v, PLAIN_REG, 0x11223344);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 0, bad[i].off, bad[i].len,
						 false)) {
			TH_LOG("read of %zu bytes at %#llx", bad[i].len,
			       (unsigned long long)bad[i].off);
		}
		EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 0, bad[i].off, bad[i].len,
						 true)) {
			TH_LOG("write of %zu bytes at %#llx", bad[i].len,
			       (unsigned long long)bad[i].off);
		}
	}
	/* no state changed: the zeros written above did not land */
	EXPECT_EQ(0x11223344, rd32(v, PLAIN_REG));

	/* the absent BARs */
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, VFIO_PCI_BAR1_REGION_INDEX, 0, 4,
					 false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, VFIO_PCI_BAR4_REGION_INDEX, 0, 4,
					 false));
}

/* BAR2 reaches only the vGPU's aperture slice. */
TEST_F(mmio, bad_bar2_access)
{
	const struct gvt_vfio *v = &self->v;
	struct gvt_pvinfo pv;
	uint64_t end;
	uint32_t val;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_pvinfo_read(v, &pv));
	end = (uint64_t)pv.ap_base + pv.ap_size;

	/* inside: entries map the scratch page, which reads 0 */
	ASSERT_EQ(0, gvt_vfio_rw(v, 2, pv.ap_base, &val, 4, false));
	EXPECT_EQ(0, val);
	ASSERT_EQ(0, gvt_vfio_rw(v, 2, end - 4, &val, 4, false));
	EXPECT_EQ(0, val);

	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, 0, 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, 0, 4, true));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, pv.ap_base - 4, 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, pv.ap_base - 4, 4, true));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, pv.ap_base - 4, 8, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, end, 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, end, 4, true));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, end - 4, 8, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2,
					 v->size[VFIO_PCI_BAR2_REGION_INDEX],
					 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(v, 2, pv.hidden_base, 4, false));
}

/* Is forcewake render mirrored into its ACK, i.e. are handlers active? */
static bool __handlers_active(struct __test_metadata *_metadata,
			      const struct gvt_vfio *v)
{
	uint32_t ack;
	bool active;

	wr32(v, FW_RENDER, masked_clear(1));
	ack = rd32(v, FW_RENDER_ACK);
	wr32(v, FW_RENDER, masked_set(1));
	active = !(ack & 1) && (rd32(v, FW_RENDER_ACK) & 1);
	wr32(v, FW_RENDER, masked_clear(1));
	return active;
}

#define handlers_active(v) __handlers_active(_metadata, v)

/*
 * A write to PVINFO rsv5 (the guest's balloon did not fit) puts the vGPU
 * into failsafe: registers become plain storage. VFIO_DEVICE_RESET
 * leaves failsafe.
 */
TEST_F(mmio, failsafe_balloon)
{
	const struct gvt_vfio *v = &self->v;
	uint32_t ack;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_TRUE(handlers_active(v));
	wr32(v, GVT_PVINFO + PVINFO_RSV5, 1);

	ack = rd32(v, FW_RENDER_ACK);
	wr32(v, FW_RENDER, masked_set(1));
	EXPECT_EQ(ack, rd32(v, FW_RENDER_ACK));
	EXPECT_EQ(masked_set(1), rd32(v, FW_RENDER));
	EXPECT_FALSE(handlers_active(v));

	ASSERT_EQ(0, device_reset(v));
	EXPECT_TRUE(handlers_active(v));
}

/* Enabling execlists before reading PVINFO: not a GVT-aware guest. */
TEST_F(mmio, failsafe_unaware_guest)
{
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	/* no PVINFO read yet on this vGPU */
	wr32(v, GFX_MODE(RCS_BASE), masked_set(1 << 15));
	EXPECT_FALSE(handlers_active(v));
	ASSERT_EQ(0, device_reset(v));
	EXPECT_TRUE(handlers_active(v));
}

/* The same write after reading PVINFO is fine. */
TEST_F(mmio, execlists_aware_guest)
{
	const struct gvt_vfio *v = &self->v;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	EXPECT_EQ(GVT_PVINFO_MAGIC_VALUE, rd64(v, GVT_PVINFO + PVINFO_MAGIC));
	wr32(v, GFX_MODE(RCS_BASE), masked_set(1 << 15));
	EXPECT_EQ(1 << 15, rd32(v, GFX_MODE(RCS_BASE)) & (1 << 15));
	EXPECT_TRUE(handlers_active(v));
}

/* VFIO_DEVICE_RESET restores the creation state of BAR0. */
TEST_F(mmio, device_reset)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	const struct gvt_vfio *v = &self->v;
	uint32_t plain, mi_mode, imr, ier, master, fw, ack;
	struct gvt_pvinfo before, after;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, ioctl(v->device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_TRUE(info.flags & VFIO_DEVICE_FLAGS_RESET);

	ASSERT_EQ(0, gvt_pvinfo_read(v, &before));
	plain = rd32(v, PLAIN_REG);
	mi_mode = rd32(v, MI_MODE(RCS_BASE));
	imr = rd32(v, 0x44304);
	ier = rd32(v, 0x4430c);
	master = rd32(v, MASTER_IRQ);
	fw = rd32(v, FW_RENDER);
	ack = rd32(v, FW_RENDER_ACK);

	wr32(v, PLAIN_REG, ~plain);
	flip_masked(v, MI_MODE(RCS_BASE), mi_mode);
	wr32(v, 0x44304, ~imr);
	wr32(v, 0x4430c, ~ier);
	wr32(v, MASTER_IRQ, master ^ 0x80000000);
	wr32(v, FW_RENDER, masked_clear(0xffff) | (~fw & 0xffff));
	wr32(v, GVT_PVINFO + PVINFO_DISPLAY_READY, 1);
	wr32(v, GVT_PVINFO + PVINFO_PDP0_LO, 0xabc000);

	ASSERT_EQ(0, device_reset(v));

	EXPECT_EQ(plain, rd32(v, PLAIN_REG));
	EXPECT_EQ(mi_mode, rd32(v, MI_MODE(RCS_BASE)));
	EXPECT_EQ(imr, rd32(v, 0x44304));
	EXPECT_EQ(ier, rd32(v, 0x4430c));
	EXPECT_EQ(master, rd32(v, MASTER_IRQ));
	EXPECT_EQ(fw, rd32(v, FW_RENDER));
	EXPECT_EQ(ack, rd32(v, FW_RENDER_ACK));
	EXPECT_EQ(0, rd32(v, GVT_PVINFO + PVINFO_DISPLAY_READY));
	EXPECT_EQ(0, rd32(v, GVT_PVINFO + PVINFO_PDP0_LO));
	ASSERT_EQ(0, gvt_pvinfo_read(v, &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));

	/* twice in a row is fine */
	EXPECT_EQ(0, device_reset(v));
	EXPECT_EQ(plain, rd32(v, PLAIN_REG));
}

#define CFG_REGION		VFIO_PCI_CONFIG_REGION_INDEX
#define CFG_MSI_ADDR		(0xac + 4)
#define CFG_MSI_DATA		(0xac + 8)

/*
 * A second user of the vGPU (the next VM on the same mdev) finds it as
 * at power-on: closing the device resets it, GGTT, registers, config
 * space and failsafe included.
 */
TEST_F(mmio, close_reopen_power_on)
{
	uint8_t cfg_before[256], cfg_after[256];
	struct gvt_vfio *v = &self->v;
	uint32_t plain, val;
	struct gvt_pvinfo pv;
	uint64_t entry;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_pvinfo_read(v, &pv));
	entry = GVT_GGTT_OFFSET + 8 * ((uint64_t)pv.ap_base >> 12);
	plain = rd32(v, PLAIN_REG);
	ASSERT_EQ(0, rd64(v, entry));
	ASSERT_EQ(0, gvt_vfio_rw(v, CFG_REGION, 0, cfg_before,
				 sizeof(cfg_before), false));

	/* The first guest's state. */
	wr32(v, PLAIN_REG, ~plain);
	wr64(v, entry, 0x1234000ULL | GVT_PTE_PRESENT);
	EXPECT_EQ(0x1234000ULL | GVT_PTE_PRESENT, rd64(v, entry));
	val = 0xfee01000;
	ASSERT_EQ(0, gvt_vfio_rw(v, CFG_REGION, CFG_MSI_ADDR, &val, 4, true));
	val = 0x4041;
	ASSERT_EQ(0, gvt_vfio_rw(v, CFG_REGION, CFG_MSI_DATA, &val, 2, true));
	ASSERT_EQ(0, gvt_vfio_rw(v, CFG_REGION, 0, cfg_after,
				 sizeof(cfg_after), false));
	EXPECT_NE(0, memcmp(cfg_before, cfg_after, sizeof(cfg_after)));
	wr32(v, GVT_PVINFO + PVINFO_RSV5, 1);	/* failsafe */
	EXPECT_FALSE(handlers_active(v));

	gvt_vfio_close(v);
	ASSERT_EQ(0, gvt_vfio_open(v, self->uuid));

	EXPECT_EQ(plain, rd32(v, PLAIN_REG));
	EXPECT_EQ(0, rd64(v, entry));
	ASSERT_EQ(0, gvt_vfio_rw(v, CFG_REGION, 0, cfg_after,
				 sizeof(cfg_after), false));
	EXPECT_EQ(0, memcmp(cfg_before, cfg_after, sizeof(cfg_after))) {
		TH_LOG("config space differs from power-on after reopen");
	}
	EXPECT_TRUE(handlers_active(v));
}

/*
 * Compare every register that the simulator's power-on snapshot sets
 * (non-zero) with BAR0; PVINFO and fences are not registers.
 */
static int __check_snapshot(struct __test_metadata *_metadata,
			    const struct gvt_vfio *v, const uint32_t *snap,
			    size_t nr, const char *when)
{
	int checked = 0;
	size_t i;

	for (i = 0; i < nr; i++) {
		uint32_t off = i * 4;

		if (!snap[i] ||
		    (off >= GVT_PVINFO && off < GVT_PVINFO + GVT_PVINFO_SIZE) ||
		    (off >= GVT_FENCE_OFFSET &&
		     off < GVT_FENCE_OFFSET + 8 * GVT_NUM_FENCES))
			continue;
		EXPECT_EQ(snap[i], rd32(v, off)) {
			TH_LOG("%s: register %#x", when, off);
		}
		checked++;
	}
	return checked;
}

#define check_snapshot(v, snap, nr, when) \
	__check_snapshot(_metadata, v, snap, nr, when)

/* The register file starts from the GPU's snapshot, and reset restores it. */
TEST_F_TIMEOUT(mmio, registers_from_snapshot, 120)
{
	static const uint32_t regs[] = { 0x44304, 0xc4004, 0xc800, 0xb020,
					 0x46010, 0xc000 };
	const struct gvt_vfio *v = &self->v;
	uint64_t *data = NULL;
	uint32_t *snap;
	unsigned int i;
	size_t nr;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->parent->sim)
		SKIP(return, "the power-on snapshot is only visible on gvt_sim");
	ASSERT_EQ(0, gvt_sim_read(self->parent, "mmio_snapshot", &data, &nr));
	ASSERT_EQ(GVT_MMIO_SIZE / 8, nr);
	snap = (uint32_t *)data;

	EXPECT_LT(0, check_snapshot(v, snap, 2 * nr, "at creation"));
	for (i = 0; i < ARRAY_SIZE(regs); i++)
		wr32(v, regs[i], ~snap[regs[i] / 4]);
	flip_masked(v, MI_MODE(RCS_BASE), snap[MI_MODE(RCS_BASE) / 4]);
	ASSERT_EQ(0, device_reset(v));
	check_snapshot(v, snap, 2 * nr, "after VFIO_DEVICE_RESET");
	free(data);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
