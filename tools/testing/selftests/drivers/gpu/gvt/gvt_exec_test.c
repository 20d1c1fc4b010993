// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads on a vGPU through VFIO, with no guest OS: the test plays the
 * part of a 6.1 i915 guest. It DMA-maps its own memory into the vGPU's
 * container, points GGTT entries of the vGPU's partition at it, programs
 * the engines, the interrupt registers and MSI as i915 does, builds
 * status pages, context images (LRC), rings, batches and a 4-level PPGTT
 * there, submits through ELSP and waits for the MSI eventfd. Then it
 * checks what the guest would see: the stored dwords, the context status
 * buffer (CSB) in the status page, the GT interrupt bits, the ring HEAD
 * written back into the context image, and the core's debugfs counters.
 *
 * Two vGPUs on one GPU submit at once and each finds only its own
 * results; hostile submissions put their vGPU in failsafe with the
 * reason in debugfs, while the other vGPU keeps running.
 *
 * The contract is Documentation/gpu/gvt/workload.rst; the register and
 * context layouts are the Gen9 ones a 6.1 i915 uses. GVT_PARENT=<device>
 * selects the parent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "gvt_test.h"

/* Per-engine registers (offsets from the engine's base). */
#define RING_TAIL		0x030
#define RING_HEAD		0x034
#define RING_START		0x038
#define RING_CTL		0x03c
#define HWS_PGA			0x080
#define HWSTAM			0x098
#define MI_MODE			0x09c
#define RING_EIR		0x0b0
#define RING_EMR		0x0b4
#define RING_ESR		0x0b8
#define BB_STATE		0x110
#define SBB_ADDR		0x114
#define SBB_STATE		0x118
#define SBB_ADDR_UDW		0x11c
#define BB_ADDR			0x140
#define BB_ADDR_UDW		0x168
#define BB_PER_CTX_PTR		0x1c0
#define INDIRECT_CTX		0x1c4
#define INDIRECT_CTX_OFFSET	0x1c8
#define RING_ELSP		0x230
#define EXECLIST_STATUS		0x234
#define CTX_CTRL		0x244
#define PDP_LDW(n)		(0x270 + 8 * (n))
#define PDP_UDW(n)		(0x274 + 8 * (n))
#define GFX_MODE		0x29c
#define RING_CSB(i)		(0x370 + 8 * (i))
#define RING_CSB_PTR		0x3a0
#define CTX_TIMESTAMP		0x3a8

#define GFX_RUN_LIST_ENABLE	0x8000U
#define MI_MODE_STOP_RING	0x0100U
#define MI_MODE_IDLE		0x0200U
#define CTX_RESTORE_INHIBIT	0x0001U
#define CTX_INHIBIT_SYN_SWITCH	0x0008U

/* Interrupts: GT group n, the master control, the per-engine bits. */
#define GT_IMR(n)		(0x44304 + 0x10 * (n))
#define GT_IIR(n)		(0x44308 + 0x10 * (n))
#define GT_IER(n)		(0x4430c + 0x10 * (n))
#define MASTER_IRQ		0x44200
#define MASTER_IRQ_ENABLE	0x80000000U
#define IRQ_USER		0x0001U
#define IRQ_CS_ERROR		0x0008U
#define IRQ_CTX_SWITCH		0x0100U
#define NR_GT_GROUPS		4

/* PCI configuration space. */
#define PCI_COMMAND		0x04
#define PCI_CAP_ID_MSI		0x05
#define MSI_CTL			2	/* from the capability */
#define MSI_ADDR		4
#define MSI_DATA		8
#define MSI_ENABLE		1U
#define GUEST_MSI_ADDR		0xfee00000U
#define GUEST_MSI_DATA		0x4041U

/* Commands. */
#define MI_NOOP			0x00000000U
#define MI_USER_INTERRUPT	0x01000000U
#define MI_BATCH_BUFFER_END	0x05000000U
#define MI_SEMAPHORE_WAIT	0x0e000002U	/* 4 dwords, poll mode off */
#define MI_STORE_DATA_IMM	0x10000002U	/* 4 dwords: addr lo, hi, value */
#define MI_USE_GGTT		0x00400000U
#define MI_LRI(n)		(0x11000000U | (2 * (n) - 1))
#define MI_LRI_FORCE_POSTED	0x00001000U
#define MI_SRM			0x12000002U	/* 4 dwords: reg, addr lo, hi */
#define MI_LRM			0x14800002U	/* 4 dwords: reg, addr lo, hi */
#define MI_BB_START		0x18800001U	/* 3 dwords */
#define MI_BB_PPGTT		0x00000100U

/* Context descriptor (the ELSP dwords). */
#define DESC_VALID		0x001ULL
#define DESC_FORCE_RESTORE	0x004ULL
#define DESC_LEGACY_64		0x018ULL	/* mode 3: 4-level PPGTT */
#define DESC_PRIVILEGE		0x100ULL

/* Context status events and the status page layout (dwords). */
#define CSB_IDLE_ACTIVE		0x01U
#define CSB_ACTIVE_IDLE		0x08U
#define CSB_COMPLETE		0x10U
#define CSB_ENTRIES		6
#define HWSP_CSB		0x10
#define HWSP_CSB_WP		0x1f

/* Register state of a context image: dword indexes in its page 1. */
#define CTX_REG_PAGE		1
#define CTX_IDX_CTRL		0x03
#define CTX_IDX_HEAD		0x05
#define CTX_IDX_TAIL		0x07
#define CTX_IDX_START		0x09
#define CTX_IDX_CTL		0x0b
#define CTX_IDX_PDP0_UDW	0x31
#define CTX_IDX_PDP0_LDW	0x33

/* PPGTT entries. */
#define PTE_P			0x1ULL
#define PTE_RW			0x2ULL

/*
 * The vGPU's memory: NPAGES pages of the test at IOVA, page k at IOVA +
 * 4 KiB k. Pages below NR_LOW are mapped at the start of the vGPU's
 * aperture (low) GM, the context images at the start of its hidden (high)
 * GM, where i915 puts them.
 */
#define IOVA			0x100000000ULL
#define PG_HWSP(i)		(i)
#define PG_RING(i)		(4 + (i))
#define PG_DATA			8
#define PG_BATCH		9
#define PG_PML4			10
#define PG_PDP			11
#define PG_PD			12
#define PG_PT			13
#define NR_LOW			16
#define NPAGES			44
#define MEM_SIZE		(NPAGES * GVT_PAGE_SIZE)
#define RING_SIZE		4096U
/* PPGTT addresses of the user batch and of the data page. */
#define VA_BATCH		0x10000ULL
#define VA_DATA			0x20000ULL
/* Fill of the data pages before any store. */
#define DATA_FILL		0xa5a5a5a5U

#define WAIT_MS			5000
#define NR_ENGINES		4
#define NR_VGPUS		2

/*
 * An engine of KBL GT2: its register block, its GT interrupt group and
 * the shift of its 16-bit field there, its MASTER_IRQ bit, the size of
 * its context image and where that starts in the memory.
 */
struct engine {
	const char *name;
	uint32_t base;
	unsigned int group;
	unsigned int shift;
	unsigned int master_bit;
	unsigned int ctx_pages;
	unsigned int ctx_page;
};

static const struct engine engines[NR_ENGINES] = {
	{ "rcs0", 0x02000, 0, 0, 0, 22, NR_LOW },
	{ "bcs0", 0x22000, 0, 16, 1, 2, NR_LOW + 22 },
	{ "vcs0", 0x12000, 1, 0, 2, 2, NR_LOW + 24 },
	{ "vecs0", 0x1a000, 3, 0, 6, 2, NR_LOW + 26 },
};

/* IER of each GT group as i915 enables them: user, CS error, ctx switch. */
static const uint32_t gt_ier[NR_GT_GROUPS] = {
	0x09090909, 0x09090909, 0, 0x00000909,
};

/* One vGPU and the guest the test plays on it. */
struct xvgpu {
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	struct gvt_pvinfo pv;
	int open_err;
	uint8_t *mem;
	int efd;
	/* the core's debugfs directory; empty if there is none */
	char dbg[GVT_PATH_LEN];
	uint32_t tail[NR_ENGINES];
	/* what the interrupt handler saw since the last clear */
	uint32_t iir_seen[NR_GT_GROUPS];
	uint32_t master_seen;
	uint64_t msis;
	/* the data page as it must be */
	uint32_t model[GVT_PAGE_SIZE / 4];
};

FIXTURE(exec) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	struct xvgpu x[NR_VGPUS];
	uint64_t iommu_faults0;
	const char *why;
};

FIXTURE_SETUP(exec)
{
	struct xvgpu *x;
	int i;

	for (i = 0; i < NR_VGPUS; i++) {
		gvt_vfio_init(&self->x[i].v);
		self->x[i].efd = -1;
		self->x[i].open_err = -ENODEV;
	}
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (gvt_find_free(&self->env, NR_VGPUS, &self->parent, &self->type)) {
		self->why = "no parent has two instances of a type available";
		return;
	}
	if (self->parent->sim)
		ASSERT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_faults",
					      &self->iommu_faults0));
	for (i = 0; i < NR_VGPUS; i++) {
		x = &self->x[i];
		x->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
			      0);
		ASSERT_NE(MAP_FAILED, x->mem);
		memset(x->mem, 0, MEM_SIZE);
	}
	/* From here on no ASSERT: the teardown must remove the vGPUs. */
	for (i = 0; i < NR_VGPUS; i++) {
		x = &self->x[i];
		x->open_err = gvt_vgpus_create(&self->vgpus, self->parent,
					       self->type, x->uuid);
		if (!x->open_err)
			x->open_err = gvt_vfio_open(&x->v, x->uuid);
		if (gvt_vgpu_debugfs_dir(self->parent, x->uuid, x->dbg,
					 sizeof(x->dbg)))
			x->dbg[0] = '\0';
	}
}

FIXTURE_TEARDOWN(exec)
{
	uint64_t n;
	int i;

	for (i = 0; i < NR_VGPUS; i++) {
		gvt_vfio_close(&self->x[i].v);
		if (self->x[i].efd >= 0)
			close(self->x[i].efd);
	}
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
	/* The GPU reached only memory that the frontend DMA-mapped. */
	if (self->parent && self->parent->sim && !self->why) {
		EXPECT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_faults",
					      &n));
		EXPECT_EQ(self->iommu_faults0, n);
	}
	for (i = 0; i < NR_VGPUS; i++)
		if (self->x[i].mem && self->x[i].mem != MAP_FAILED)
			munmap(self->x[i].mem, MEM_SIZE);
}

/* The test's view of page @k of the vGPU's memory. */
static uint32_t *page(struct xvgpu *x, unsigned int k)
{
	return (uint32_t *)(x->mem + k * GVT_PAGE_SIZE);
}

/* The graphics address at which page @k is mapped. */
static uint64_t gm(const struct xvgpu *x, unsigned int k)
{
	if (k < NR_LOW)
		return x->pv.ap_base + k * GVT_PAGE_SIZE;
	return x->pv.hidden_base + (k - NR_LOW) * GVT_PAGE_SIZE;
}

static uint32_t *ctx_reg(struct xvgpu *x, unsigned int e, unsigned int index)
{
	return page(x, engines[e].ctx_page + CTX_REG_PAGE) + index;
}

/* A dword of the memory that the vGPU writes behind the test's back. */
static uint32_t ld32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static uint32_t csb_status(struct xvgpu *x, unsigned int e, unsigned int i)
{
	return ld32(page(x, PG_HWSP(e)) + HWSP_CSB + 2 * i);
}

static uint32_t csb_ccid(struct xvgpu *x, unsigned int e, unsigned int i)
{
	return ld32(page(x, PG_HWSP(e)) + HWSP_CSB + 2 * i + 1);
}

static uint32_t csb_wp(struct xvgpu *x, unsigned int e)
{
	return ld32(page(x, PG_HWSP(e)) + HWSP_CSB_WP);
}

/* Register state dword @index of engine @e's context image. */
static uint32_t ctx_get(struct xvgpu *x, unsigned int e, unsigned int index)
{
	return ld32(ctx_reg(x, e, index));
}

/* The CSB entry the next event takes, after write pointer @wp. */
static unsigned int csb_next(uint32_t wp)
{
	return wp == 7 ? 0 : (wp + 1) % CSB_ENTRIES;
}

/* The engine's 16-bit field of what the handler saw. */
static uint32_t iir_seen(const struct xvgpu *x, unsigned int e)
{
	return (x->iir_seen[engines[e].group] >> engines[e].shift) & 0xffff;
}

/* Context id of engine @e's context, as i915 numbers them (1 + tag) << 5. */
static uint32_t ccid(unsigned int e)
{
	return (e + 1) << 5;
}

static uint64_t desc(struct xvgpu *x, unsigned int e, bool force_restore)
{
	return (uint64_t)ccid(e) << 32 | gm(x, engines[e].ctx_page) |
	       DESC_PRIVILEGE | DESC_LEGACY_64 |
	       (force_restore ? DESC_FORCE_RESTORE : 0) | DESC_VALID;
}

/* The dword a store of vGPU @xi on engine @e in round @r writes. */
static uint32_t value(unsigned int xi, unsigned int e, unsigned int r)
{
	return 0x5a000000U | xi << 16 | e << 8 | r;
}

/* A masked register write: the bits @b set, or cleared. */
static uint32_t masked_set(uint32_t b)
{
	return b << 16 | b;
}

static uint32_t masked_clear(uint32_t b)
{
	return b << 16;
}

static uint32_t cfg_rd(const struct gvt_vfio *v, unsigned int off,
		       unsigned int len, int *err)
{
	uint32_t val = 0;

	*err = *err ?: gvt_cfg_read(v, off, &val, len);
	return val;
}

/*
 * Page 1 of a context image as i915 writes it: an MI_LOAD_REGISTER_IMM
 * program of (register, value) pairs, values at odd dword indexes. The
 * ring is empty, the first submission restores nothing, no PPGTT yet.
 */
static void ctx_init(struct xvgpu *x, unsigned int e)
{
	static const uint32_t regs1[] = {
		CTX_CTRL, RING_HEAD, RING_TAIL, RING_START, RING_CTL,
		BB_ADDR_UDW, BB_ADDR, BB_STATE, SBB_ADDR_UDW, SBB_ADDR,
		SBB_STATE, BB_PER_CTX_PTR, INDIRECT_CTX, INDIRECT_CTX_OFFSET,
	};
	uint32_t *r = ctx_reg(x, e, 0);
	uint32_t base = engines[e].base;
	/* the render engine also has its workaround batch pointers */
	unsigned int n1 = e == 0 ? 14 : 11, i;

	r[1] = MI_LRI(n1) | MI_LRI_FORCE_POSTED;
	for (i = 0; i < n1; i++)
		r[2 + 2 * i] = base + regs1[i];
	r[0x21] = MI_LRI(9) | MI_LRI_FORCE_POSTED;
	r[0x22] = base + CTX_TIMESTAMP;
	for (i = 0; i < 4; i++) {
		r[0x24 + 4 * i] = base + PDP_UDW(3 - i);
		r[0x26 + 4 * i] = base + PDP_LDW(3 - i);
	}
	r[CTX_IDX_CTRL] = masked_set(CTX_INHIBIT_SYN_SWITCH |
				     CTX_RESTORE_INHIBIT);
	r[CTX_IDX_HEAD] = 0;
	r[CTX_IDX_TAIL] = 0;
	r[CTX_IDX_START] = (uint32_t)gm(x, PG_RING(e));
	r[CTX_IDX_CTL] = (RING_SIZE - 4096) | 1;	/* size, valid */
	x->tail[e] = 0;
}

/*
 * The guest's driver init, in i915's order: PVINFO, the GGTT entries of
 * its memory, bus mastering and MSI, the GT interrupts (reset, then user,
 * CS error and context-switch events enabled, the master on), then per
 * engine the status page, execlists, the error registers, the CSB
 * pointers and a context with an empty ring.
 */
static void __bring_up(struct __test_metadata *_metadata, struct xvgpu *xs,
		       unsigned int xi)
{
	struct xvgpu *x = &xs[xi];
	const struct gvt_vfio *v = &x->v;
	uint32_t cmd, ctl, addr = GUEST_MSI_ADDR, data = GUEST_MSI_DATA;
	unsigned int k, n, e;
	int msi, err = 0;

	__gvt_assert_open(_metadata, x->open_err, x->uuid);
	ASSERT_EQ(0, gvt_pvinfo_read(v, &x->pv));
	ASSERT_EQ(GVT_PVINFO_MAGIC_VALUE, x->pv.magic);
	ASSERT_EQ(GVT_PVINFO_CAPS_VALUE & 0xc, x->pv.caps & 0xc);
	ASSERT_LE(NR_LOW * GVT_PAGE_SIZE, x->pv.ap_size);
	ASSERT_LE((NPAGES - NR_LOW) * GVT_PAGE_SIZE, x->pv.hidden_size);

	ASSERT_EQ(0, gvt_dma_map(v, x->mem, IOVA, MEM_SIZE));
	for (k = 0; k < NPAGES; k++)
		wr64(v, GVT_GGTT_OFFSET + 8 * (gm(x, k) / GVT_PAGE_SIZE),
		     (IOVA + k * GVT_PAGE_SIZE) | GVT_PTE_PRESENT);
	ASSERT_EQ((IOVA + GVT_PAGE_SIZE) | GVT_PTE_PRESENT,
		  rd64(v, GVT_GGTT_OFFSET + 8 * (gm(x, 1) / GVT_PAGE_SIZE)));

	/* pci_set_master(), pci_enable_msi(): as QEMU passes them on */
	cmd = cfg_rd(v, PCI_COMMAND, 2, &err) | 0x0406;
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, gvt_cfg_write(v, PCI_COMMAND, &cmd, 2));
	msi = gvt_cfg_find_cap(v, PCI_CAP_ID_MSI);
	ASSERT_LT(0, msi);
	x->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_LE(0, x->efd);
	ASSERT_EQ(0, gvt_msi_eventfd(v, x->efd));
	ASSERT_EQ(0, gvt_cfg_write(v, msi + MSI_ADDR, &addr, 4));
	ASSERT_EQ(0, gvt_cfg_write(v, msi + MSI_DATA, &data, 2));
	ctl = cfg_rd(v, msi + MSI_CTL, 2, &err) | MSI_ENABLE;
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, gvt_cfg_write(v, msi + MSI_CTL, &ctl, 2));
	ASSERT_EQ(MSI_ENABLE, cfg_rd(v, msi + MSI_CTL, 2, &err) & MSI_ENABLE);

	/* gen8_irq_reset(), then the GT postinstall and the master */
	wr32(v, MASTER_IRQ, 0);
	for (n = 0; n < NR_GT_GROUPS; n++) {
		wr32(v, GT_IMR(n), ~0U);
		wr32(v, GT_IER(n), 0);
		wr32(v, GT_IIR(n), ~0U);
		wr32(v, GT_IIR(n), ~0U);
	}
	for (n = 0; n < NR_GT_GROUPS; n++) {
		ASSERT_EQ(0, rd32(v, GT_IIR(n)));
		wr32(v, GT_IER(n), gt_ier[n]);
		wr32(v, GT_IMR(n), ~gt_ier[n]);
	}
	wr32(v, MASTER_IRQ, MASTER_IRQ_ENABLE);

	for (e = 0; e < NR_ENGINES; e++) {
		uint32_t base = engines[e].base;
		uint32_t *hwsp = page(x, PG_HWSP(e));

		wr32(v, base + HWSTAM, ~0U);
		wr32(v, base + GFX_MODE, masked_set(GFX_RUN_LIST_ENABLE));
		wr32(v, base + MI_MODE, masked_clear(MI_MODE_STOP_RING));
		wr32(v, base + HWS_PGA, (uint32_t)gm(x, PG_HWSP(e)));
		ASSERT_EQ((uint32_t)gm(x, PG_HWSP(e)),
			  rd32(v, base + HWS_PGA));
		wr32(v, base + RING_EMR, ~0U);
		wr32(v, base + RING_EIR, ~0U);
		ASSERT_EQ(0, rd32(v, base + RING_ESR)) {
			TH_LOG("%s: RING_ESR reads nonzero after init",
			       engines[e].name);
		}
		wr32(v, base + RING_EMR, ~1U);
		/* reset_csb_pointers(): write pointer 5, entries invalid */
		wr32(v, base + RING_CSB_PTR, 0xffff0505);
		for (n = HWSP_CSB; n < HWSP_CSB + 2 * CSB_ENTRIES; n++)
			hwsp[n] = ~0U;
		hwsp[HWSP_CSB_WP] = CSB_ENTRIES - 1;
		ctx_init(x, e);
	}
	for (n = 0; n < GVT_PAGE_SIZE / 4; n++) {
		x->model[n] = DATA_FILL ^ xi;
		page(x, PG_DATA)[n] = x->model[n];
	}
	memset(x->iir_seen, 0, sizeof(x->iir_seen));
	x->master_seen = 0;
	x->msis = 0;
}

#define bring_up(i) __bring_up(_metadata, self->x, i)

/* Append @n dwords to engine @e's ring and move the image's TAIL. */
static void emit(struct xvgpu *x, unsigned int e, const uint32_t *dw,
		 unsigned int n)
{
	uint32_t *ring = page(x, PG_RING(e));
	unsigned int i;

	for (i = 0; i < n; i++) {
		ring[x->tail[e] / 4] = dw[i];
		x->tail[e] = (x->tail[e] + 4) % RING_SIZE;
	}
	*ctx_reg(x, e, CTX_IDX_TAIL) = x->tail[e];
}

/* Port 1 empty, port 0 @d: the four ELSP dwords, high before low. */
static void __elsp(struct __test_metadata *_metadata, struct xvgpu *x,
		   unsigned int e, uint64_t d)
{
	uint32_t elsp = engines[e].base + RING_ELSP;

	wr32(&x->v, elsp, 0);
	wr32(&x->v, elsp, 0);
	wr32(&x->v, elsp, d >> 32);
	wr32(&x->v, elsp, (uint32_t)d);
}

#define elsp(x, e, d) __elsp(_metadata, x, e, d)

/*
 * i915's interrupt handler: master off, read which groups are pending,
 * acknowledge every GT IIR, master on again (which re-arms the MSI).
 */
static void __irq_handler(struct __test_metadata *_metadata, struct xvgpu *x)
{
	uint32_t iir;
	unsigned int n;

	wr32(&x->v, MASTER_IRQ, 0);
	x->master_seen |= rd32(&x->v, MASTER_IRQ) & ~MASTER_IRQ_ENABLE;
	for (n = 0; n < NR_GT_GROUPS; n++) {
		iir = rd32(&x->v, GT_IIR(n));
		if (!iir)
			continue;
		x->iir_seen[n] |= iir;
		wr32(&x->v, GT_IIR(n), iir);
	}
	wr32(&x->v, MASTER_IRQ, MASTER_IRQ_ENABLE);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Wait up to WAIT_MS for engine @e to report its element complete in CSB
 * entry @idx and for MSIs whose handler found the engine's user and
 * context-switch interrupts. Returns whether both happened.
 */
static bool __wait_done(struct __test_metadata *_metadata, struct xvgpu *x,
			unsigned int e, unsigned int idx)
{
	const uint32_t irqs = IRQ_USER | IRQ_CTX_SWITCH;
	long deadline = now_ms() + WAIT_MS, left;
	struct pollfd p = { .fd = x->efd, .events = POLLIN };
	uint64_t count;

	for (;;) {
		if (csb_wp(x, e) == idx &&
		    (csb_status(x, e, idx) & CSB_ACTIVE_IDLE) &&
		    (iir_seen(x, e) & irqs) == irqs)
			return true;
		left = deadline - now_ms();
		if (left <= 0)
			return false;
		if (poll(&p, 1, left < 20 ? (int)left : 20) == 1 &&
		    read(x->efd, &count, sizeof(count)) == sizeof(count)) {
			x->msis += count;
			__irq_handler(_metadata, x);
		}
	}
}

#define wait_done(x, e, idx) __wait_done(_metadata, x, e, idx)

static uint64_t __counter(struct __test_metadata *_metadata,
			  const struct xvgpu *x, const char *key)
{
	uint64_t val = 0;
	int ret;

	if (!x->dbg[0])
		return 0;
	ret = gvt_debugfs_u64(x->dbg, "workload", key, &val);
	EXPECT_EQ(0, ret) {
		TH_LOG("%s/workload: no counter %s: %s", x->dbg, key,
		       strerror(-ret));
	}
	return val;
}

#define counter(x, key) __counter(_metadata, x, key)

/* The first dword of the data page that differs from the model, or -1. */
static int data_diff(struct xvgpu *x)
{
	unsigned int n;

	for (n = 0; n < GVT_PAGE_SIZE / 4; n++)
		if (ld32(page(x, PG_DATA) + n) != x->model[n])
			return (int)n;
	return -1;
}

/*
 * What the guest sees once the element of engine @e submitted from idle
 * is done: CSB entries @i0 (idle to active) and @i1 (active to idle,
 * complete) in the status page and in RING_CSB, the write pointer at @i1,
 * the engine idle with no error, HEAD = TAIL in the image, the user and
 * context-switch interrupts through MSI, and the data page as modelled.
 */
static void __check_done(struct __test_metadata *_metadata, struct xvgpu *x,
			 unsigned int e, unsigned int i0, unsigned int i1,
			 bool done)
{
	const struct engine *en = &engines[e];
	const struct gvt_vfio *v = &x->v;
	int n;

	EXPECT_TRUE(done) {
		TH_LOG("%s: %s: not done in %d ms: CSB wp %u, [%u] %#x, IIR %#x, %llu MSIs",
		       x->uuid, en->name, WAIT_MS, csb_wp(x, e), i1,
		       csb_status(x, e, i1), iir_seen(x, e),
		       (unsigned long long)x->msis);
	}
	EXPECT_EQ(CSB_IDLE_ACTIVE, csb_status(x, e, i0)) {
		TH_LOG("%s: CSB entry %u", en->name, i0);
	}
	EXPECT_EQ(0, csb_ccid(x, e, i0));
	EXPECT_EQ(CSB_ACTIVE_IDLE | CSB_COMPLETE, csb_status(x, e, i1)) {
		TH_LOG("%s: CSB entry %u", en->name, i1);
	}
	EXPECT_EQ(ccid(e), csb_ccid(x, e, i1));
	EXPECT_EQ(i1, csb_wp(x, e));
	EXPECT_EQ(csb_status(x, e, i0), rd32(v, en->base + RING_CSB(i0)));
	EXPECT_EQ(csb_status(x, e, i1), rd32(v, en->base + RING_CSB(i1)));
	EXPECT_EQ(ccid(e), rd32(v, en->base + RING_CSB(i1) + 4));
	EXPECT_EQ(i1, rd32(v, en->base + RING_CSB_PTR) & 7);

	EXPECT_EQ(x->tail[e], ctx_get(x, e, CTX_IDX_HEAD)) {
		TH_LOG("%s: RING_HEAD in the context image did not reach the TAIL",
		       en->name);
	}
	EXPECT_EQ(x->tail[e], ctx_get(x, e, CTX_IDX_TAIL));
	EXPECT_EQ(0, rd32(v, en->base + EXECLIST_STATUS + 4));
	EXPECT_EQ(MI_MODE_IDLE, rd32(v, en->base + MI_MODE) & MI_MODE_IDLE);
	EXPECT_EQ(0, rd32(v, en->base + RING_EIR));

	EXPECT_EQ(IRQ_USER | IRQ_CTX_SWITCH, iir_seen(x, e)) {
		TH_LOG("%s: GT IIR %u bits seen %#x", en->name, en->group,
		       x->iir_seen[en->group]);
	}
	EXPECT_TRUE(x->master_seen & (1U << en->master_bit)) {
		TH_LOG("%s: MASTER_IRQ showed %#x", en->name, x->master_seen);
	}
	EXPECT_LE(1, x->msis);

	n = data_diff(x);
	EXPECT_EQ(-1, n) {
		TH_LOG("%s: data page dword %#x reads %#x, expected %#x",
		       en->name, n, ld32(page(x, PG_DATA) + n), x->model[n]);
	}
}

#define check_done(x, e, i0, i1, done) \
	__check_done(_metadata, x, e, i0, i1, done)

/* Clear what the handler saw, before a new submission. */
static void irq_clear(struct xvgpu *x)
{
	memset(x->iir_seen, 0, sizeof(x->iir_seen));
	x->master_seen = 0;
	x->msis = 0;
}

/* A privileged store through the GGTT and a user interrupt: 8 dwords. */
static unsigned int ggtt_request(struct xvgpu *x, uint32_t off, uint32_t val,
				 uint32_t *dw)
{
	unsigned int n = 0;

	dw[n++] = MI_STORE_DATA_IMM | MI_USE_GGTT;
	dw[n++] = (uint32_t)(gm(x, PG_DATA) + off);
	dw[n++] = 0;
	dw[n++] = val;
	dw[n++] = MI_USER_INTERRUPT;
	while (n < 8)
		dw[n++] = MI_NOOP;
	return n;
}

/*
 * On every engine, twice: a privileged MI_STORE_DATA_IMM through the GGTT
 * into the data page, then MI_USER_INTERRUPT. The second request
 * continues at the TAIL the first reached (HEAD from the image): the
 * first request's dword, cleared in between, must stay cleared.
 */
TEST_F_TIMEOUT(exec, ggtt_store_each_engine, 120)
{
	struct xvgpu *x = &self->x[0];
	uint64_t done0 = 0, elsp0 = 0;
	unsigned int e, r, i0, i1;
	uint32_t dw[8], off;
	bool ok;

	if (self->why)
		SKIP(return, "%s", self->why);
	bring_up(0);
	done0 = counter(x, "workloads_done");
	elsp0 = counter(x, "elsp_submits");
	for (r = 0; r < 2; r++) {
		for (e = 0; e < NR_ENGINES; e++) {
			off = 0x100 * e + 4 * r;
			if (r) {
				/* the first round's store must not run again */
				page(x, PG_DATA)[(off - 4) / 4] = 0;
				x->model[(off - 4) / 4] = 0;
			}
			irq_clear(x);
			i0 = csb_next(csb_wp(x, e));
			i1 = csb_next(i0);
			emit(x, e, dw, ggtt_request(x, off, value(0, e, r), dw));
			x->model[off / 4] = value(0, e, r);
			elsp(x, e, desc(x, e, r == 0));
			ok = wait_done(x, e, i1);
			check_done(x, e, i0, i1, ok);
		}
	}
	if (x->dbg[0]) {
		EXPECT_EQ(done0 + 2 * NR_ENGINES, counter(x, "workloads_done"));
		EXPECT_EQ(elsp0 + 2 * NR_ENGINES, counter(x, "elsp_submits"));
		EXPECT_EQ(0, counter(x, "workload_errors"));
	} else {
		TH_LOG("no core debugfs: workload counters not checked");
	}
}

/*
 * A 4-level PPGTT in the guest's memory (guest-physical addresses, no
 * GGTT): VA_BATCH maps the batch page, VA_DATA the data page. Engine @e's
 * context image points at it through PDP0.
 */
static void ppgtt_build(struct xvgpu *x)
{
	uint64_t *pml4 = (uint64_t *)page(x, PG_PML4);
	uint64_t *pdp = (uint64_t *)page(x, PG_PDP);
	uint64_t *pd = (uint64_t *)page(x, PG_PD);
	uint64_t *pt = (uint64_t *)page(x, PG_PT);
	unsigned int e;

#define IOVA_OF(k)	(IOVA + (k) * GVT_PAGE_SIZE)
	pml4[0] = IOVA_OF(PG_PDP) | PTE_RW | PTE_P;
	pdp[0] = IOVA_OF(PG_PD) | PTE_RW | PTE_P;
	pd[0] = IOVA_OF(PG_PT) | PTE_RW | PTE_P;
	pt[VA_BATCH >> 12] = IOVA_OF(PG_BATCH) | PTE_RW | PTE_P;
	pt[VA_DATA >> 12] = IOVA_OF(PG_DATA) | PTE_RW | PTE_P;
	for (e = 0; e < NR_ENGINES; e++) {
		*ctx_reg(x, e, CTX_IDX_PDP0_LDW) = (uint32_t)IOVA_OF(PG_PML4);
		*ctx_reg(x, e, CTX_IDX_PDP0_UDW) = IOVA_OF(PG_PML4) >> 32;
	}
#undef IOVA_OF
}

/*
 * On every engine: the ring starts a non-privileged batch through the
 * PPGTT, which stores a dword through the PPGTT (MI_STORE_DATA_IMM
 * without the GGTT bit); then a user interrupt.
 */
TEST_F_TIMEOUT(exec, ppgtt_batch_each_engine, 120)
{
	struct xvgpu *x = &self->x[0];
	uint32_t *bb;
	unsigned int e, i0, i1;
	uint32_t off, boff;
	bool ok;

	if (self->why)
		SKIP(return, "%s", self->why);
	bring_up(0);
	ppgtt_build(x);
	for (e = 0; e < NR_ENGINES; e++) {
		const uint32_t ring[] = {
			MI_BB_START | MI_BB_PPGTT,
			(uint32_t)VA_BATCH + 0x100 * e, 0,
			MI_USER_INTERRUPT, MI_NOOP, MI_NOOP,
		};

		off = 0x800 + 0x100 * e;
		boff = 0x100 * e;
		bb = page(x, PG_BATCH) + boff / 4;
		bb[0] = MI_STORE_DATA_IMM;
		bb[1] = (uint32_t)VA_DATA + off;
		bb[2] = 0;
		bb[3] = value(0, e, 7);
		bb[4] = MI_BATCH_BUFFER_END;
		x->model[off / 4] = value(0, e, 7);

		irq_clear(x);
		i0 = csb_next(csb_wp(x, e));
		i1 = csb_next(i0);
		emit(x, e, ring, ARRAY_SIZE(ring));
		elsp(x, e, desc(x, e, true));
		ok = wait_done(x, e, i1);
		check_done(x, e, i0, i1, ok);
		/* The batch was only read. */
		EXPECT_EQ(MI_STORE_DATA_IMM, bb[0]);
		EXPECT_EQ(MI_BATCH_BUFFER_END, bb[4]);
	}
	if (x->dbg[0])
		EXPECT_EQ(0, counter(x, "workload_errors"));
}

/*
 * Two vGPUs of one GPU submit on every engine at once, with their memory
 * at the same IOVA of their own containers: each finds its own stores in
 * its data page, and nothing else changed there.
 */
TEST_F_TIMEOUT(exec, two_vgpus_at_once, 120)
{
	unsigned int i0[NR_VGPUS][NR_ENGINES], i1[NR_VGPUS][NR_ENGINES];
	bool ok[NR_VGPUS][NR_ENGINES];
	unsigned int xi, e;
	uint32_t dw[8], off;
	struct xvgpu *x;

	if (self->why)
		SKIP(return, "%s", self->why);
	bring_up(0);
	bring_up(1);
	ASSERT_NE(self->x[0].pv.ap_base, self->x[1].pv.ap_base);

	for (e = 0; e < NR_ENGINES; e++) {
		for (xi = 0; xi < NR_VGPUS; xi++) {
			x = &self->x[xi];
			off = 0x100 * e;
			i0[xi][e] = csb_next(csb_wp(x, e));
			i1[xi][e] = csb_next(i0[xi][e]);
			emit(x, e, dw, ggtt_request(x, off, value(xi, e, 0),
						    dw));
			x->model[off / 4] = value(xi, e, 0);
			elsp(x, e, desc(x, e, true));
		}
	}
	/* The handlers see every engine's events: wait for all first. */
	for (xi = 0; xi < NR_VGPUS; xi++)
		for (e = 0; e < NR_ENGINES; e++)
			ok[xi][e] = wait_done(&self->x[xi], e, i1[xi][e]);
	for (xi = 0; xi < NR_VGPUS; xi++)
		for (e = 0; e < NR_ENGINES; e++)
			check_done(&self->x[xi], e, i0[xi][e], i1[xi][e],
				   ok[xi][e]);
	for (xi = 0; xi < NR_VGPUS; xi++) {
		x = &self->x[xi];
		if (!x->dbg[0])
			continue;
		EXPECT_EQ(NR_ENGINES, counter(x, "workloads_done"));
		EXPECT_EQ(0, counter(x, "workload_errors"));
	}
}

/* The vGPU's failsafe keyword and reason, once it has one (up to 5 s). */
static void __expect_failsafe(struct __test_metadata *_metadata,
			      struct xvgpu *x, const char *reason)
{
	char path[GVT_PATH_LEN + 16], key[64] = "", why[256] = "";
	long deadline = now_ms() + WAIT_MS;

	snprintf(path, sizeof(path), "%s/failsafe", x->dbg);
	do {
		if (gvt_read(path, key, sizeof(key)) < 0)
			key[0] = '\0';
		if (!strcmp(key, "guest_error\n"))
			break;
		usleep(10000);
	} while (now_ms() < deadline);
	EXPECT_STREQ("guest_error\n", key);
	EXPECT_EQ(0, gvt_debugfs_field(x->dbg, "workload", "failsafe_reason",
				       why, sizeof(why)));
	EXPECT_STREQ(reason, why);
}

#define expect_failsafe(x, reason) __expect_failsafe(_metadata, x, reason)

static void __expect_healthy(struct __test_metadata *_metadata,
			     struct xvgpu *x)
{
	char path[GVT_PATH_LEN + 16], key[64] = "", why[256] = "";

	snprintf(path, sizeof(path), "%s/failsafe", x->dbg);
	EXPECT_LT(0, gvt_read(path, key, sizeof(key)));
	EXPECT_STREQ("none\n", key);
	EXPECT_EQ(0, gvt_debugfs_field(x->dbg, "workload", "failsafe_reason",
				       why, sizeof(why)));
	EXPECT_STREQ("none", why);
	EXPECT_EQ(0, counter(x, "workload_errors"));
}

#define expect_healthy(x) __expect_healthy(_metadata, x)

/* No CSB entry of @x's engine @e reports a completed element. */
static void __expect_no_completion(struct __test_metadata *_metadata,
				   struct xvgpu *x, unsigned int e)
{
	unsigned int i;

	for (i = 0; i < CSB_ENTRIES; i++) {
		EXPECT_FALSE(csb_status(x, e, i) != ~0U &&
			     (csb_status(x, e, i) & CSB_COMPLETE)) {
			TH_LOG("%s: CSB entry %u reads %#x", engines[e].name, i,
			       csb_status(x, e, i));
		}
	}
}

#define expect_no_completion(x, e) __expect_no_completion(_metadata, x, e)

/* Why a hostile submission cannot be judged here, or NULL. */
static const char *hostile_why(const struct xvgpu *x)
{
	if (!x[0].dbg[0] || !x[1].dbg[0])
		return "no " GVT_CORE_DEBUGFS ": the failsafe reason cannot be read";
	return NULL;
}

/*
 * vGPU 1 runs a request on engine @e; meanwhile vGPU 0 makes a hostile
 * submission there (@bad_desc, or the normal descriptor with the @n
 * dwords of @ring). vGPU 0 ends in failsafe with @reason, having run,
 * written and completed nothing; vGPU 1 completes its request, and a
 * second one after vGPU 0's failsafe.
 */
static void __hostile(struct __test_metadata *_metadata, struct xvgpu *a,
		      struct xvgpu *b, unsigned int e, uint64_t bad_desc,
		      const uint32_t *ring, unsigned int n, const char *reason)
{
	unsigned int r, i0, i1;
	uint32_t dw[8];
	bool ok;

	for (r = 0; r < 2; r++) {
		irq_clear(b);
		i0 = csb_next(csb_wp(b, e));
		i1 = csb_next(i0);
		emit(b, e, dw, ggtt_request(b, 4 * r, value(1, e, r), dw));
		b->model[r] = value(1, e, r);
		elsp(b, e, desc(b, e, r == 0));
		if (!r) {
			if (n)
				emit(a, e, ring, n);
			elsp(a, e, bad_desc ? bad_desc : desc(a, e, true));
		}
		ok = wait_done(b, e, i1);
		check_done(b, e, i0, i1, ok);
		if (!r)
			expect_failsafe(a, reason);
	}
	expect_healthy(b);
	EXPECT_EQ(2, counter(b, "workloads_done"));

	EXPECT_EQ(0, counter(a, "workloads"));
	EXPECT_EQ(0, counter(a, "workloads_done"));
	EXPECT_EQ(1, counter(a, "elsp_submits"));
	expect_no_completion(a, e);
	EXPECT_EQ(0, ctx_get(a, e, CTX_IDX_HEAD));
	EXPECT_EQ(-1, data_diff(a)) {
		TH_LOG("vGPU 0's data page changed at dword %d",
		       data_diff(a));
	}
}

#define hostile(e, d, ring, n, reason) \
	__hostile(_metadata, &self->x[0], &self->x[1], e, d, ring, n, reason)

/*
 * The vGPU's debugfs names the refused ring command @name at the start
 * of engine @e's ring, with its first two dwords.
 */
static void __expect_fail_cmd(struct __test_metadata *_metadata,
			      const struct xvgpu *a, unsigned int e,
			      const char *name, const uint32_t *ring)
{
	char cmd[128], want[128];

	ASSERT_EQ(0, gvt_debugfs_field(a->dbg, "workload", "failsafe_command",
				       cmd, sizeof(cmd)));
	snprintf(want, sizeof(want), "%s %#llx %08x %08x", name,
		 (unsigned long long)gm(a, PG_RING(e)), ring[0], ring[1]);
	EXPECT_STREQ(want, cmd);
}

#define expect_fail_cmd(a, e, name, ring) \
	__expect_fail_cmd(_metadata, a, e, name, ring)

/* vGPU 0 submits a descriptor whose LRCA is vGPU 1's context image. */
TEST_F_TIMEOUT(exec, bad_context_outside_partition, 60)
{
	const unsigned int e = 1;	/* bcs0 */
	struct xvgpu *b = &self->x[1];
	uint32_t image[0x34];
	unsigned int i;

	if (self->why || hostile_why(self->x))
		SKIP(return, "%s", self->why ?: hostile_why(self->x));
	bring_up(0);
	bring_up(1);
	for (i = 0; i < ARRAY_SIZE(image); i++)
		image[i] = ctx_get(b, e, i);
	hostile(e, desc(b, e, true), NULL, 0,
		"context image outside the vGPU's graphics memory");
	/* vGPU 1's image changed only by its own two requests */
	image[CTX_IDX_HEAD] = b->tail[e];
	image[CTX_IDX_TAIL] = b->tail[e];
	for (i = 0; i < ARRAY_SIZE(image); i++) {
		if (i == 0x23)	/* CTX_TIMESTAMP, written back */
			continue;
		EXPECT_EQ(image[i], ctx_get(b, e, i)) {
			TH_LOG("vGPU 1's context image, dword %#x", i);
		}
	}
}

/* A privileged store through the GGTT into vGPU 1's data page. */
TEST_F_TIMEOUT(exec, bad_store_outside_partition, 60)
{
	const unsigned int e = 0;	/* rcs0 */
	struct xvgpu *a = &self->x[0], *b = &self->x[1];
	uint32_t ring[8] = { 0 };

	if (self->why || hostile_why(self->x))
		SKIP(return, "%s", self->why ?: hostile_why(self->x));
	bring_up(0);
	bring_up(1);
	ring[0] = MI_STORE_DATA_IMM | MI_USE_GGTT;
	ring[1] = (uint32_t)gm(b, PG_DATA) + 0x10;
	ring[3] = 0xbad0bad0;
	ring[4] = MI_USER_INTERRUPT;
	hostile(e, 0, ring, ARRAY_SIZE(ring),
		"GGTT address outside the vGPU's partition");
	expect_fail_cmd(a, e, "MI_STORE_DATA_IMM", ring);
}

/* A command the scanner refuses: MI_SEMAPHORE_WAIT in the ring. */
TEST_F_TIMEOUT(exec, bad_refused_command, 60)
{
	const unsigned int e = 2;	/* vcs0 */
	struct xvgpu *a = &self->x[0];
	uint32_t ring[8] = { 0 };

	if (self->why || hostile_why(self->x))
		SKIP(return, "%s", self->why ?: hostile_why(self->x));
	bring_up(0);
	bring_up(1);
	/* wait for dword 1 at vGPU 0's own data page */
	ring[0] = MI_SEMAPHORE_WAIT | MI_USE_GGTT;
	ring[1] = 1;
	ring[2] = (uint32_t)gm(a, PG_DATA);
	ring[4] = MI_USER_INTERRUPT;
	hostile(e, 0, ring, ARRAY_SIZE(ring),
		"waits on memory other vGPUs may never write");
	expect_fail_cmd(a, e, "MI_SEMAPHORE_WAIT", ring);
}

/*
 * Registers of the GPU that no context image keeps, per engine: its MOCS
 * table (two entries), and on the render engine L3CC, L3SQCREG4 and
 * L3CNTLREG.
 */
#define NR_SW_REGS		5
static const uint32_t mocs_base[NR_ENGINES] = {
	0xc800, 0xcc00, 0xc900, 0xcb00,		/* rcs0, bcs0, vcs0, vecs0 */
};

static unsigned int sw_regs(unsigned int e, uint32_t *regs)
{
	unsigned int n = 0;

	regs[n++] = mocs_base[e];
	regs[n++] = mocs_base[e] + 0xfc;
	if (!e) {
		regs[n++] = 0xb020;	/* L3CC 0 */
		regs[n++] = 0xb118;	/* L3SQCREG4 */
		regs[n++] = 0x7034;	/* L3CNTLREG */
	}
	return n;
}

/*
 * End the @n dwords of @dw with a user interrupt (padded to a qword
 * multiple, room for 4 more), submit them on engine @e of @x from idle,
 * wait and check the completion as check_done() does.
 */
static void __submit_checked(struct __test_metadata *_metadata,
			     struct xvgpu *x, unsigned int e, uint32_t *dw,
			     unsigned int n)
{
	unsigned int i0, i1;

	dw[n++] = MI_USER_INTERRUPT;
	while (n % 4)
		dw[n++] = MI_NOOP;
	irq_clear(x);
	i0 = csb_next(csb_wp(x, e));
	i1 = csb_next(i0);
	emit(x, e, dw, n);
	elsp(x, e, desc(x, e, true));
	check_done(x, e, i0, i1, wait_done(x, e, i1));
}

/*
 * One request on engine @e of @x: an LRI of @vals to the registers
 * @regs (if @vals), then an SRM of each register into the data page at
 * @off, modelled as @expect, then a user interrupt; waits and checks it.
 */
static void __reg_request(struct __test_metadata *_metadata, struct xvgpu *x,
			  unsigned int e, const uint32_t *regs,
			  const uint32_t *vals, const uint32_t *expect,
			  unsigned int n, uint32_t off)
{
	uint32_t dw[64];
	unsigned int k, i = 0;

	if (vals) {
		dw[i++] = MI_LRI(n);
		for (k = 0; k < n; k++) {
			dw[i++] = regs[k];
			dw[i++] = vals[k];
		}
	}
	for (k = 0; k < n; k++) {
		dw[i++] = MI_SRM | MI_USE_GGTT;
		dw[i++] = regs[k];
		dw[i++] = (uint32_t)(gm(x, PG_DATA) + off + 4 * k);
		dw[i++] = 0;
		x->model[off / 4 + k] = expect[k];
	}
	__submit_checked(_metadata, x, e, dw, i);
}

#define reg_request(x, e, regs, vals, expect, n, off) \
	__reg_request(_metadata, x, e, regs, vals, expect, n, off)

/*
 * The GPU's own registers (MOCS, L3 control) follow their vGPU: what
 * vGPU 0's commands load there, its later SRMs and its MMIO reads see;
 * vGPU 1's commands on the same engine see its own values (power-on, or
 * what it wrote by MMIO), never vGPU 0's. The simulated GPU keeps these
 * registers across workloads and vGPUs as the hardware does, so only the
 * core's per-workload switch keeps them apart.
 */
TEST_F_TIMEOUT(exec, switched_registers_per_vgpu, 120)
{
	uint32_t regs[NR_SW_REGS], mine[NR_SW_REGS], theirs[NR_SW_REGS];
	struct xvgpu *a = &self->x[0], *b = &self->x[1];
	unsigned int e, k, n;

	if (self->why)
		SKIP(return, "%s", self->why);
	bring_up(0);
	bring_up(1);
	for (e = 0; e < NR_ENGINES; e++) {
		n = sw_regs(e, regs);
		for (k = 0; k < n; k++) {
			mine[k] = value(0, e, 0x40 + k);
			theirs[k] = rd32(&b->v, regs[k]);
			ASSERT_NE(mine[k], theirs[k]);
		}
		/* vGPU 0 loads its values and reads them back. */
		reg_request(a, e, regs, mine, mine, n, 0x400 + 0x40 * e);
		/* vGPU 1 reads its own. */
		reg_request(b, e, regs, NULL, theirs, n, 0x400 + 0x40 * e);
		for (k = 0; k < n; k++) {
			EXPECT_EQ(mine[k], rd32(&a->v, regs[k])) {
				TH_LOG("%s: vGPU 0 MMIO 0x%x after its LRI",
				       engines[e].name, regs[k]);
			}
			EXPECT_EQ(theirs[k], rd32(&b->v, regs[k]));
		}
		/* vGPU 1's MMIO writes reach its next workload, not vGPU 0's. */
		for (k = 0; k < n; k++) {
			theirs[k] = value(1, e, 0x40 + k);
			wr32(&b->v, regs[k], theirs[k]);
		}
		reg_request(b, e, regs, NULL, theirs, n, 0x800 + 0x40 * e);
		reg_request(a, e, regs, NULL, mine, n, 0x800 + 0x40 * e);
	}
	expect_healthy(a);
	expect_healthy(b);
}

/*
 * The GPU writes through a GGTT entry that maps no guest frame (Gen9's
 * GGTT has no read-only bit), so such an entry maps a page of its vGPU's
 * own: vGPU 0 stores through one of its unmapped entries and reads its
 * value back through it; vGPU 1, loading through one of its own unmapped
 * entries, finds zeros, not vGPU 0's value. (The simulated GPU's scratch
 * pages are real pages, as on hardware.)
 */
TEST_F_TIMEOUT(exec, scratch_private_to_gpu, 120)
{
	const unsigned int e = 0;	/* rcs0 */
	struct xvgpu *a = &self->x[0], *b = &self->x[1];
	const uint32_t gpr = engines[e].base + 0x600;
	uint32_t dw[16];
	unsigned int xi, i;
	struct xvgpu *x;

	if (self->why)
		SKIP(return, "%s", self->why);
	bring_up(0);
	bring_up(1);
	for (xi = 0; xi < NR_VGPUS; xi++) {
		/* Page NR_LOW of the aperture: never mapped, so scratch. */
		uint32_t hole = (uint32_t)(self->x[xi].pv.ap_base +
					   NR_LOW * GVT_PAGE_SIZE + 0x40);

		x = &self->x[xi];
		i = 0;
		if (!xi) {
			dw[i++] = MI_STORE_DATA_IMM | MI_USE_GGTT;
			dw[i++] = hole;
			dw[i++] = 0;
			dw[i++] = value(0, e, 0x77);
		}
		dw[i++] = MI_LRM | MI_USE_GGTT;
		dw[i++] = gpr;
		dw[i++] = hole;
		dw[i++] = 0;
		dw[i++] = MI_SRM | MI_USE_GGTT;
		dw[i++] = gpr;
		dw[i++] = (uint32_t)gm(x, PG_DATA) + 0xc00;
		dw[i++] = 0;
		x->model[0xc00 / 4] = xi ? 0 : value(0, e, 0x77);
		__submit_checked(_metadata, x, e, dw, i);
	}
	EXPECT_EQ(0, ld32(page(b, PG_DATA) + 0xc00 / 4)) {
		TH_LOG("vGPU 1 read %#x through its unmapped entry: vGPU 0's store",
		       ld32(page(b, PG_DATA) + 0xc00 / 4));
	}
	expect_healthy(a);
	expect_healthy(b);
}

/*
 * vGPU 0 starts its ring on vecs0 with an LRI of @val to @reg, which the
 * scanner refuses for @reason (the hostile() protocol).
 */
static void __bad_lri(struct __test_metadata *_metadata, struct xvgpu *xs,
		      uint32_t reg, uint32_t val, const char *reason)
{
	const unsigned int e = 3;	/* vecs0 */
	uint32_t ring[8] = { MI_LRI(1), reg, val, MI_USER_INTERRUPT };

	__bring_up(_metadata, xs, 0);
	__bring_up(_metadata, xs, 1);
	__hostile(_metadata, &xs[0], &xs[1], e, 0, ring, ARRAY_SIZE(ring),
		  reason);
	expect_fail_cmd(&xs[0], e, "MI_LOAD_REGISTER_IMM", ring);
}

/* A register of another engine: LRI from vecs0 to the render L3CC. */
TEST_F_TIMEOUT(exec, bad_register_of_another_engine, 60)
{
	if (self->why || hostile_why(self->x))
		SKIP(return, "%s", self->why ?: hostile_why(self->x));
	__bad_lri(_metadata, self->x, 0xb020, 0x30,
		  "register of another engine");
}

/* A register the scanner refuses: LRI to the engine's own RING_START. */
TEST_F_TIMEOUT(exec, bad_register_write, 60)
{
	if (self->why || hostile_why(self->x))
		SKIP(return, "%s", self->why ?: hostile_why(self->x));
	__bad_lri(_metadata, self->x, engines[3].base + RING_START,
		  (uint32_t)gm(&self->x[0], PG_DATA), "register not allowed");
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
