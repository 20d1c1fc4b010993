// SPDX-License-Identifier: GPL-2.0-only
/*
 * Graphics memory of a vGPU through VFIO, as a guest driver uses it:
 * fence registers and GGTT entries in BAR0, the aperture (BAR2) reaching
 * the test's own memory through them, isolation between vGPUs, DMA unmap
 * while entries point at the memory, and VFIO_DEVICE_RESET.
 *
 * The test maps NPAGES pages of its memory into the VFIO container at
 * IOVA; a GGTT entry pointing at guest frame IOVA >> 12 then reaches that
 * memory. On the simulator, the host side is checked through debugfs:
 * which host GGTT entries and fences changed, and to what.
 *
 * The contract is Documentation/gpu/gvt/mmio.rst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define NPAGES		16
#define BUF_SIZE	(NPAGES * GVT_PAGE_SIZE)
/* above 4 GiB, so that the high dword of a PTE matters */
#define IOVA		0x100000000ULL
#define GGTT_ENTRIES	(GVT_GGTT_MB * (1UL << 20) / GVT_PAGE_SIZE)

#define PTE_OFF(i)	(GVT_GGTT_OFFSET + 8 * (uint64_t)(i))
#define FENCE_OFF(n)	(GVT_FENCE_OFFSET + 8 * (uint64_t)(n))
#define PTE(iova)	((iova) | GVT_PTE_PRESENT)

FIXTURE(ggtt) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vfio v;
	struct gvt_pvinfo pv;
	uint64_t first;		/* first GGTT entry of the aperture slice */
	uint64_t scratch;	/* host PTE of the vGPU's scratch page */
	uint64_t host_scratch;	/* host PTE of the simulator's own */
	uint64_t fences0[GVT_NUM_FENCES];	/* host fences at setup */
	uint64_t iommu_faults0;	/* simulator IOMMU faults at setup */
	uint64_t iommu_mapped0;	/* simulator IOMMU pages mapped at setup */
	uint8_t *buf;
	struct gvt_vfio v2;	/* a second vGPU, for isolation tests */
	uint8_t *buf2;
	int open_err;
	const char *why;
};

FIXTURE_SETUP(ggtt)
{
	gvt_vfio_init(&self->v);
	gvt_vfio_init(&self->v2);
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	self->buf = mmap(NULL, 2 * BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	memset(self->buf, 0, 2 * BUF_SIZE);
	self->buf2 = self->buf + BUF_SIZE;
	if (self->parent->sim) {
		ASSERT_EQ(0, gvt_sim_scratch_pte(self->parent,
						 &self->host_scratch));
		ASSERT_EQ(0, gvt_sim_read_at(self->parent, "fences", 0,
					     self->fences0, GVT_NUM_FENCES));
		ASSERT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_faults",
					      &self->iommu_faults0));
		ASSERT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_mapped",
					      &self->iommu_mapped0));
	}
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	if (self->parent->sim) {
		ASSERT_EQ(0, gvt_vgpu_scratch_pte(self->parent, self->uuid,
						  &self->scratch));
		/* The simulator runs workloads: a page of the vGPU's own. */
		ASSERT_NE(self->host_scratch, self->scratch);
	}
	/* asserted by each test, so that teardown removes the vGPU */
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
	if (!self->open_err)
		self->open_err = gvt_pvinfo_read(&self->v, &self->pv);
	self->first = self->pv.ap_base / GVT_PAGE_SIZE;
}

FIXTURE_TEARDOWN(ggtt)
{
	uint64_t n;

	gvt_vfio_close(&self->v2);
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
	/*
	 * The simulated GPU reached memory only through addresses the
	 * frontend DMA-mapped, and every mapping is gone with the vGPUs.
	 */
	if (self->parent && self->parent->sim && !self->why) {
		EXPECT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_faults",
					      &n));
		EXPECT_EQ(self->iommu_faults0, n);
		EXPECT_EQ(0, gvt_sim_read_u64(self->parent, "iommu_mapped",
					      &n));
		EXPECT_EQ(self->iommu_mapped0, n);
	}
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, 2 * BUF_SIZE);
}

/*
 * The fixture's device is open and its PVINFO read (asserted here, so
 * that teardown still runs).
 */
static void __ready(struct __test_metadata *_metadata, int open_err,
		    const char *uuid, const struct gvt_pvinfo *pv)
{
	__gvt_assert_open(_metadata, open_err, uuid);
	ASSERT_EQ(GVT_PVINFO_MAGIC_VALUE, pv->magic);
	ASSERT_LE(NPAGES * GVT_PAGE_SIZE, pv->ap_size);
}

#define ready() __ready(_metadata, self->open_err, self->uuid, &self->pv)

/* Host GGTT entry @i of the simulator. */
static uint64_t __host_pte(struct __test_metadata *_metadata,
			   const struct gvt_parent *p, uint64_t i)
{
	uint64_t pte = 0;

	ASSERT_EQ(0, gvt_sim_read_at(p, "ggtt", i, &pte, 1));
	return pte;
}

#define host_pte(i) __host_pte(_metadata, self->parent, i)

static void __host_fences(struct __test_metadata *_metadata,
			  const struct gvt_parent *p, uint64_t *fences)
{
	ASSERT_EQ(0, gvt_sim_read_at(p, "fences", 0, fences, GVT_NUM_FENCES));
}

#define host_fences(f) __host_fences(_metadata, self->parent, f)

static void fill(uint8_t *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

/* A page through BAR2 at GM address @gm. */
static int bar2_page(const struct gvt_vfio *v, uint64_t gm, void *page,
		     bool write)
{
	return gvt_vfio_rw(v, VFIO_PCI_BAR2_REGION_INDEX, gm, page,
			   GVT_PAGE_SIZE, write);
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

/* Point the first @n entries of the slice at the first @n buffer pages. */
static void __map_slice(struct __test_metadata *_metadata,
			const struct gvt_vfio *v, uint64_t first,
			unsigned int n)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		wr64(v, PTE_OFF(first + k), PTE(IOVA + k * GVT_PAGE_SIZE));
}

#define map_slice(n) __map_slice(_metadata, &self->v, self->first, n)

/*
 * Close the device fd and open it again through the same group and
 * container (the DMA mappings stay): the vGPU is reset, and the range
 * unmapped last is no longer refused.
 */
static void __reopen_device(struct __test_metadata *_metadata,
			    struct gvt_vfio *v, const char *uuid)
{
	ASSERT_EQ(0, close(v->device));
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	ASSERT_LE(0, v->device);
}

#define reopen_device() __reopen_device(_metadata, &self->v, self->uuid)

/* Entries of the slice read back what was written; the host maps them. */
TEST_F(ggtt, pte_readback)
{
	const struct gvt_vfio *v = &self->v;
	uint64_t host[NPAGES], hidden;
	unsigned int k, j;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	EXPECT_EQ(0, rd64(v, PTE_OFF(self->first)));
	map_slice(NPAGES);
	for (k = 0; k < NPAGES; k++) {
		uint64_t pte = PTE(IOVA + k * GVT_PAGE_SIZE);

		EXPECT_EQ(pte, rd64(v, PTE_OFF(self->first + k)));
		EXPECT_EQ((uint32_t)pte, rd32(v, PTE_OFF(self->first + k)));
		EXPECT_EQ(pte >> 32, rd32(v, PTE_OFF(self->first + k) + 4));
	}
	if (!self->parent->sim)
		return;
	for (k = 0; k < NPAGES; k++) {
		host[k] = host_pte(self->first + k);
		EXPECT_NE(self->scratch, host[k]) {
			TH_LOG("host entry %#llx still maps the scratch page",
			       (unsigned long long)(self->first + k));
		}
		EXPECT_EQ(GVT_PTE_PRESENT, host[k] & GVT_PTE_PRESENT);
		for (j = 0; j < k; j++)
			EXPECT_NE(host[j], host[k]);
	}
	/* neighbours untouched */
	EXPECT_EQ(self->scratch, host_pte(self->first + NPAGES));

	/* the hidden range is the vGPU's too */
	hidden = self->pv.hidden_base / GVT_PAGE_SIZE;
	wr64(v, PTE_OFF(hidden), PTE(IOVA));
	EXPECT_EQ(PTE(IOVA), rd64(v, PTE_OFF(hidden)));
	EXPECT_NE(self->scratch, host_pte(hidden));
	EXPECT_EQ(host[0], host_pte(hidden));
}

/* BAR2 writes land in the test's memory, and memory shows in BAR2. */
TEST_F(ggtt, aperture_reaches_memory)
{
	const struct gvt_vfio *v = &self->v;
	uint8_t page[GVT_PAGE_SIZE];
	uint32_t word;
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);

	for (k = 0; k < NPAGES; k++) {
		fill(page, sizeof(page), k);
		ASSERT_EQ(0, bar2_page(v, self->pv.ap_base + k * GVT_PAGE_SIZE,
				       page, true));
	}
	for (k = 0; k < NPAGES; k++) {
		fill(page, sizeof(page), k);
		EXPECT_EQ(0, memcmp(page, self->buf + k * GVT_PAGE_SIZE,
				    GVT_PAGE_SIZE)) {
			TH_LOG("page %u of the buffer", k);
		}
	}

	for (k = 0; k < NPAGES; k++)
		fill(self->buf + k * GVT_PAGE_SIZE, GVT_PAGE_SIZE, 1000 + k);
	for (k = 0; k < NPAGES; k++) {
		uint8_t expect[GVT_PAGE_SIZE];

		fill(expect, sizeof(expect), 1000 + k);
		ASSERT_EQ(0, bar2_page(v, self->pv.ap_base + k * GVT_PAGE_SIZE,
				       page, false));
		EXPECT_EQ(0, memcmp(expect, page, GVT_PAGE_SIZE)) {
			TH_LOG("page %u through BAR2", k);
		}
	}

	/* a small access in the middle of a page */
	word = 0xc0ffee11;
	ASSERT_EQ(0, gvt_vfio_rw(v, 2, self->pv.ap_base + 3 * GVT_PAGE_SIZE +
				 0x124, &word, 4, true));
	EXPECT_EQ(0, memcmp(&word, self->buf + 3 * GVT_PAGE_SIZE + 0x124, 4));

	/* entries in reverse order: the pages follow the entries */
	for (k = 0; k < NPAGES; k++)
		wr64(v, PTE_OFF(self->first + k),
		     PTE(IOVA + (NPAGES - 1 - k) * GVT_PAGE_SIZE));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf + (NPAGES - 1) * GVT_PAGE_SIZE, page,
			    GVT_PAGE_SIZE));
}

/* Writes to entries outside the vGPU's ranges are dropped. */
TEST_F(ggtt, pte_outside_partition)
{
	const struct gvt_vfio *v = &self->v;
	uint64_t ap_end = ((uint64_t)self->pv.ap_base + self->pv.ap_size) /
			  GVT_PAGE_SIZE;
	uint64_t hidden = self->pv.hidden_base / GVT_PAGE_SIZE;
	uint64_t hidden_end = hidden + self->pv.hidden_size / GVT_PAGE_SIZE;
	uint64_t entries[] = {
		0, self->first - 1, ap_end, hidden - 1, hidden_end,
		GGTT_ENTRIES - 1,
	};
	uint64_t before = 0;
	unsigned int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		uint64_t e = entries[i];

		if (self->parent->sim)
			before = host_pte(e);
		wr64(v, PTE_OFF(e), PTE(IOVA));
		EXPECT_EQ(0, rd64(v, PTE_OFF(e))) {
			TH_LOG("entry %#llx", (unsigned long long)e);
		}
		wr32(v, PTE_OFF(e), (uint32_t)PTE(IOVA));
		wr32(v, PTE_OFF(e) + 4, PTE(IOVA) >> 32);
		EXPECT_EQ(0, rd64(v, PTE_OFF(e))) {
			TH_LOG("entry %#llx", (unsigned long long)e);
		}
		if (self->parent->sim) {
			EXPECT_EQ(before, host_pte(e)) {
				TH_LOG("host entry %#llx changed",
				       (unsigned long long)e);
			}
		}
	}
}

/*
 * 4-byte halves: the entry maps the scratch page until the other half of
 * the same entry is written, in either order.
 */
TEST_F(ggtt, pte_split_write)
{
	const struct gvt_vfio *v = &self->v;
	uint64_t e = self->first, p0, p1;
	uint8_t page[GVT_PAGE_SIZE];

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	fill(self->buf, GVT_PAGE_SIZE, 1);
	fill(self->buf + GVT_PAGE_SIZE, GVT_PAGE_SIZE, 2);
	p0 = PTE(IOVA);
	p1 = PTE(IOVA + GVT_PAGE_SIZE);

	/* low, then high */
	wr32(v, PTE_OFF(e), (uint32_t)p0);
	EXPECT_EQ((uint32_t)p0, rd32(v, PTE_OFF(e)));
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(e));
	wr32(v, PTE_OFF(e) + 4, p0 >> 32);
	EXPECT_EQ(p0, rd64(v, PTE_OFF(e)));
	if (self->parent->sim)
		EXPECT_NE(self->scratch, host_pte(e));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));

	/* half of a new value: scratch, never half old and half new */
	wr32(v, PTE_OFF(e), (uint32_t)p1);
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(e));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
	wr32(v, PTE_OFF(e) + 4, p1 >> 32);
	EXPECT_EQ(p1, rd64(v, PTE_OFF(e)));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf + GVT_PAGE_SIZE, page, GVT_PAGE_SIZE));

	/* high, then low, on the next entry */
	wr32(v, PTE_OFF(e + 1) + 4, p0 >> 32);
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(e + 1));
	wr32(v, PTE_OFF(e + 1), (uint32_t)p0);
	EXPECT_EQ(p0, rd64(v, PTE_OFF(e + 1)));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base + GVT_PAGE_SIZE, page,
			       false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));
}

/* Non-present entries and frames the container does not map: scratch. */
TEST_F(ggtt, pte_scratch)
{
	const struct gvt_vfio *v = &self->v;
	uint8_t page[GVT_PAGE_SIZE];
	uint64_t e = self->first;
	uint64_t unmapped = IOVA + 64 * BUF_SIZE;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	fill(self->buf, GVT_PAGE_SIZE, 3);

	wr64(v, PTE_OFF(e), IOVA);		/* not present */
	EXPECT_EQ(IOVA, rd64(v, PTE_OFF(e)));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(e));

	wr64(v, PTE_OFF(e), PTE(unmapped));	/* pin fails */
	EXPECT_EQ(PTE(unmapped), rd64(v, PTE_OFF(e)));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(e));

	/* and back to a good frame */
	wr64(v, PTE_OFF(e), PTE(IOVA));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));
}

/*
 * Entries that map no guest frame map a scratch page of their vGPU's own
 * (the GPU writes through them; exec.scratch_private_to_gpu checks that
 * path): what one vGPU writes through such an entry is not what another
 * reads through one of its own.
 */
TEST_F(ggtt, scratch_private)
{
	const struct gvt_vfio *a = &self->v, *b = &self->v2;
	char uuid[GVT_UUID_LEN + 1];
	uint8_t page[GVT_PAGE_SIZE];
	struct gvt_pvinfo pv_b;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (gvt_available(self->parent, self->type) < 1)
		SKIP(return, "%s has no room for a second %s",
		     self->parent->name, self->type->name);
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      uuid));
	ASSERT_EQ(0, gvt_vfio_open(&self->v2, uuid));
	ASSERT_EQ(0, gvt_pvinfo_read(b, &pv_b));
	if (self->parent->sim) {
		uint64_t scratch_b;

		ASSERT_EQ(0, gvt_vgpu_scratch_pte(self->parent, uuid,
						  &scratch_b));
		EXPECT_NE(self->scratch, scratch_b);
		EXPECT_NE(self->host_scratch, scratch_b);
		EXPECT_EQ(scratch_b, host_pte(pv_b.ap_base / GVT_PAGE_SIZE));
		EXPECT_EQ(self->scratch, host_pte(self->first));
	}

	/* Entry 0 of each maps scratch (never written, no memory mapped). */
	memset(page, 0xa5, sizeof(page));
	ASSERT_EQ(0, bar2_page(a, self->pv.ap_base, page, true));
	memset(page, 0x11, sizeof(page));
	ASSERT_EQ(0, bar2_page(b, pv_b.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE)) {
		TH_LOG("vGPU B reads what vGPU A wrote to the scratch page");
	}
	memset(page, 0x11, sizeof(page));
	ASSERT_EQ(0, bar2_page(a, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
}

/*
 * Two vGPUs, each in its own container with its own memory at the same
 * IOVA: neither reaches the other's memory or entries.
 */
TEST_F(ggtt, two_vgpus_isolated)
{
	const struct gvt_vfio *a = &self->v, *b = &self->v2;
	uint8_t page[GVT_PAGE_SIZE], expect[GVT_PAGE_SIZE];
	char uuid[GVT_UUID_LEN + 1];
	uint64_t first_b, host_b = 0;
	struct gvt_pvinfo pv_b;
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (gvt_available(self->parent, self->type) < 1)
		SKIP(return, "%s has no room for a second %s",
		     self->parent->name, self->type->name);
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      uuid));
	ASSERT_EQ(0, gvt_vfio_open(&self->v2, uuid));
	ASSERT_EQ(0, gvt_pvinfo_read(b, &pv_b));
	first_b = pv_b.ap_base / GVT_PAGE_SIZE;

	ASSERT_EQ(0, gvt_dma_map(a, self->buf, IOVA, BUF_SIZE));
	ASSERT_EQ(0, gvt_dma_map(b, self->buf2, IOVA, BUF_SIZE));
	__map_slice(_metadata, a, self->first, NPAGES);
	__map_slice(_metadata, b, first_b, NPAGES);

	for (k = 0; k < NPAGES; k++) {
		fill(page, sizeof(page), 10 + k);
		ASSERT_EQ(0, bar2_page(a, self->pv.ap_base + k * GVT_PAGE_SIZE,
				       page, true));
		fill(page, sizeof(page), 20 + k);
		ASSERT_EQ(0, bar2_page(b, pv_b.ap_base + k * GVT_PAGE_SIZE,
				       page, true));
	}
	for (k = 0; k < NPAGES; k++) {
		fill(page, sizeof(page), 10 + k);
		EXPECT_EQ(0, memcmp(page, self->buf + k * GVT_PAGE_SIZE,
				    GVT_PAGE_SIZE)) {
			TH_LOG("page %u of A's memory", k);
		}
		fill(page, sizeof(page), 20 + k);
		EXPECT_EQ(0, memcmp(page, self->buf2 + k * GVT_PAGE_SIZE,
				    GVT_PAGE_SIZE)) {
			TH_LOG("page %u of B's memory", k);
		}
	}

	/* neither BAR2 reaches the other's slice */
	EXPECT_EQ(-EINVAL, gvt_bar_errno(a, 2, pv_b.ap_base, 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(a, 2, pv_b.ap_base, 4, true));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(b, 2, self->pv.ap_base, 4, false));
	EXPECT_EQ(-EINVAL, gvt_bar_errno(b, 2, self->pv.ap_base, 4, true));

	/* A cannot point B's entry at A's memory */
	if (self->parent->sim)
		host_b = host_pte(first_b);
	wr64(a, PTE_OFF(first_b), PTE(IOVA + GVT_PAGE_SIZE));
	EXPECT_EQ(0, rd64(a, PTE_OFF(first_b)));
	EXPECT_EQ(PTE(IOVA), rd64(b, PTE_OFF(first_b)));
	if (self->parent->sim)
		EXPECT_EQ(host_b, host_pte(first_b));
	ASSERT_EQ(0, bar2_page(b, pv_b.ap_base, page, false));
	fill(expect, sizeof(expect), 20);
	EXPECT_EQ(0, memcmp(expect, page, GVT_PAGE_SIZE));

	/* B goes away: A's pages stay reachable, B's entries are scrubbed */
	gvt_vfio_close(&self->v2);
	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, uuid));
	ASSERT_EQ(0, bar2_page(a, self->pv.ap_base + GVT_PAGE_SIZE, page,
			       false));
	EXPECT_EQ(0, memcmp(page, self->buf + GVT_PAGE_SIZE, GVT_PAGE_SIZE));
	if (self->parent->sim)
		EXPECT_EQ(self->host_scratch, host_pte(first_b));
}

/*
 * VFIO_IOMMU_UNMAP_DMA while entries point at the range: the driver
 * drops its pins, the entries keep the guest's values but map the
 * scratch page until written again.
 */
TEST_F(ggtt, dma_unmap)
{
	struct gvt_vfio *v = &self->v;
	uint8_t page[GVT_PAGE_SIZE];
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);
	for (k = 0; k < NPAGES; k++)
		fill(self->buf + k * GVT_PAGE_SIZE, GVT_PAGE_SIZE, 40 + k);
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));

	ASSERT_EQ(0, gvt_dma_unmap(v, IOVA, BUF_SIZE));

	for (k = 0; k < NPAGES; k++) {
		EXPECT_EQ(PTE(IOVA + k * GVT_PAGE_SIZE),
			  rd64(v, PTE_OFF(self->first + k)));
		ASSERT_EQ(0, bar2_page(v, self->pv.ap_base + k * GVT_PAGE_SIZE,
				       page, false));
		EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE)) {
			TH_LOG("page %u still reachable after unmap", k);
		}
		if (self->parent->sim)
			EXPECT_EQ(self->scratch, host_pte(self->first + k));
	}

	/*
	 * Map again and rewrite the entries: the range unmapped last stays
	 * refused (type1 re-checks its pins only after the notifier), so
	 * the entries still map scratch...
	 */
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(self->first));
	/* ... until the device is closed: reachable again */
	reopen_device();
	map_slice(NPAGES);
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));

	/* unmapping part of the range drops only those pages */
	ASSERT_EQ(0, gvt_dma_unmap(v, IOVA, BUF_SIZE));
	ASSERT_EQ(0, gvt_dma_map(v, self->buf, IOVA, BUF_SIZE / 2));
	ASSERT_EQ(0, gvt_dma_map(v, self->buf + BUF_SIZE / 2,
				 IOVA + BUF_SIZE / 2, BUF_SIZE / 2));
	reopen_device();
	map_slice(NPAGES);
	ASSERT_EQ(0, gvt_dma_unmap(v, IOVA + BUF_SIZE / 2, BUF_SIZE / 2));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base, page, false));
	EXPECT_EQ(0, memcmp(self->buf, page, GVT_PAGE_SIZE));
	ASSERT_EQ(0, bar2_page(v, self->pv.ap_base + (NPAGES - 1) *
			       GVT_PAGE_SIZE, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
}

/* Closing the device drops every pin; the host entries go to scratch. */
TEST_F(ggtt, close_releases)
{
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);
	ASSERT_EQ(0, close(self->v.device));
	self->v.device = -1;
	if (self->parent->sim)
		for (k = 0; k < NPAGES; k++)
			EXPECT_EQ(self->scratch, host_pte(self->first + k));
	EXPECT_EQ(0, gvt_dma_unmap(&self->v, IOVA, BUF_SIZE));
}

/*
 * A guest that keeps rewriting its entries and reading the aperture
 * while userspace unmaps and maps its memory again (as QEMU does when
 * guest memory is reconfigured). Exits with the number of accesses that
 * failed or returned anything but the page's first word or 0; counts its
 * rounds in stop[1] until stop[0] is set.
 */
static int guest_loop(const struct gvt_vfio *v, uint64_t first,
		      uint64_t ap_base, int *stop,
		      const uint32_t *words)
{
	unsigned int k;
	int bad = 0;
	uint32_t w;

	while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {
		for (k = 0; k < NPAGES; k++) {
			if (gvt_bar0_write64(v, PTE_OFF(first + k),
					     PTE(IOVA + k * GVT_PAGE_SIZE)))
				bad++;
			if (gvt_vfio_rw(v, VFIO_PCI_BAR2_REGION_INDEX,
					ap_base + k * GVT_PAGE_SIZE, &w, 4,
					false))
				bad++;
			else if (w && w != words[k])
				bad++;
		}
		__atomic_add_fetch(&stop[1], 1, __ATOMIC_RELAXED);
	}
	return bad > 125 ? 125 : bad;
}

/*
 * A guest that only rewrites its entries, as fast as it can, so that
 * GGTT writes land on the range while it is being unmapped. Counts its
 * rounds in stop[2] until stop[0] is set; exits with the number of
 * writes that failed.
 */
static int ggtt_hammer(const struct gvt_vfio *v, uint64_t first, int *stop)
{
	unsigned int k;
	int bad = 0;

	while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {
		for (k = 0; k < NPAGES; k++)
			if (gvt_bar0_write64(v, PTE_OFF(first + k),
					     PTE(IOVA + k * GVT_PAGE_SIZE)))
				bad++;
		__atomic_add_fetch(&stop[2], 1, __ATOMIC_RELAXED);
	}
	return bad > 125 ? 125 : bad;
}

TEST_F_TIMEOUT(ggtt, unmap_race, 240)
{
	uint32_t words[NPAGES];
	int *stop;
	int i, status;
	unsigned int k;
	pid_t pid, hammer;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (k = 0; k < NPAGES; k++) {
		words[k] = 0x5eed0000 + k;
		memcpy(self->buf + k * GVT_PAGE_SIZE, &words[k], 4);
	}
	stop = mmap(NULL, 3 * sizeof(*stop), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, stop);
	stop[0] = 0;
	stop[1] = 0;
	stop[2] = 0;
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(guest_loop(&self->v, self->first, self->pv.ap_base, stop,
				 words));
	hammer = fork();
	ASSERT_LE(0, hammer);
	if (!hammer)
		_exit(ggtt_hammer(&self->v, self->first, stop));
	/* the guests run before and during the whole loop */
	while (!__atomic_load_n(&stop[1], __ATOMIC_RELAXED) ||
	       !__atomic_load_n(&stop[2], __ATOMIC_RELAXED))
		usleep(1000);
	/* at least 1000 unmaps, and 50 rounds of the reading guest */
	for (i = 0; i < 20000 &&
	     (i < 1000 || __atomic_load_n(&stop[1], __ATOMIC_RELAXED) < 50);
	     i++) {
		EXPECT_EQ(0, gvt_dma_unmap(&self->v, IOVA, BUF_SIZE)) {
			TH_LOG("unmap %d", i);
			break;
		}
		EXPECT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE)) {
			TH_LOG("map %d", i);
			break;
		}
	}
	__atomic_store_n(stop, 1, __ATOMIC_RELAXED);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	TH_LOG("%d guest rounds and %d rounds of GGTT writes during %d unmaps and maps",
	       stop[1], stop[2], i);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("%d guest accesses failed or read a wrong value",
		       WEXITSTATUS(status));
	}
	ASSERT_EQ(hammer, waitpid(hammer, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("%d GGTT writes failed", WEXITSTATUS(status));
	}

	/*
	 * The range unmapped last stays refused until the next unmap or
	 * close (type1 re-checks its pins after the notifier returns): an
	 * entry written now maps scratch, although the range is mapped.
	 */
	map_slice(1);
	if (self->parent->sim)
		EXPECT_EQ(self->scratch, host_pte(self->first));
	reopen_device();

	/* still coherent: rewrite, read, unmap, scratch */
	map_slice(NPAGES);
	for (k = 0; k < NPAGES; k++) {
		uint32_t w = 0;

		ASSERT_EQ(0, gvt_vfio_rw(&self->v, 2, self->pv.ap_base +
					 k * GVT_PAGE_SIZE, &w, 4, false));
		EXPECT_EQ(words[k], w);
	}
	ASSERT_EQ(0, gvt_dma_unmap(&self->v, IOVA, BUF_SIZE));
	if (self->parent->sim)
		for (k = 0; k < NPAGES; k++)
			EXPECT_EQ(self->scratch, host_pte(self->first + k));
	munmap(stop, 3 * sizeof(*stop));
}

/* Host fences that differ between @a and @b; the last one in @idx. */
static int fences_changed(const uint64_t *a, const uint64_t *b, int *idx)
{
	int i, n = 0;

	for (i = 0; i < GVT_NUM_FENCES; i++) {
		if (a[i] == b[i])
			continue;
		*idx = i;
		n++;
	}
	return n;
}

/* i915's order: low dword 0, high dword, low dword. */
static void __fence_write(struct __test_metadata *_metadata,
			  const struct gvt_vfio *v, unsigned int n,
			  uint64_t val)
{
	wr32(v, FENCE_OFF(n), 0);
	wr32(v, FENCE_OFF(n) + 4, val >> 32);
	wr32(v, FENCE_OFF(n), (uint32_t)val);
}

#define fence_write(n, val) __fence_write(_metadata, &self->v, n, val)

/*
 * A valid fence over the vGPU's own memory reads back and programs one
 * host fence; each guest fence has a host fence of its own.
 */
TEST_F(ggtt, fence_valid)
{
	uint64_t before[GVT_NUM_FENCES], after[GVT_NUM_FENCES], val;
	int host[GVT_NUM_FENCES] = { 0 }, idx = -1;
	unsigned int n, j;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(self->type->spec->fences, self->pv.fence_num);
	for (n = 0; n < self->pv.fence_num; n++) {
		/* 64 KiB in the aperture slice, or in the hidden range */
		if (n % 2)
			val = gvt_fence_value(self->pv.hidden_base +
					      n * 0x10000, 0x10000, 7);
		else
			val = gvt_fence_value(self->pv.ap_base + n * 0x10000,
					      0x10000, 3);
		if (self->parent->sim)
			host_fences(before);
		fence_write(n, val);
		EXPECT_EQ(val, rd64(&self->v, FENCE_OFF(n)));
		if (!self->parent->sim)
			continue;
		host_fences(after);
		ASSERT_EQ(1, fences_changed(before, after, &idx)) {
			TH_LOG("guest fence %u", n);
		}
		EXPECT_EQ(val, after[idx]);
		EXPECT_EQ(0, before[idx]);
		host[n] = idx;
		for (j = 0; j < n; j++)
			EXPECT_NE(host[j], host[n]);
	}

	/* the whole 8-byte register at once, and 0 disables */
	val = gvt_fence_value(self->pv.ap_base, self->pv.ap_size, 0);
	wr64(&self->v, FENCE_OFF(0), val);
	EXPECT_EQ(val, rd64(&self->v, FENCE_OFF(0)));
	if (self->parent->sim) {
		host_fences(after);
		EXPECT_EQ(val, after[host[0]]);
	}
	wr64(&self->v, FENCE_OFF(0), 0);
	EXPECT_EQ(0, rd64(&self->v, FENCE_OFF(0)));
	if (self->parent->sim) {
		host_fences(after);
		EXPECT_EQ(0, after[host[0]]);
	}
}

/*
 * Invalid fences read back what the guest wrote, but never reach the
 * host: a valid fence that becomes invalid disables its host fence.
 */
TEST_F(ggtt, fence_invalid)
{
	uint64_t before[GVT_NUM_FENCES], after[GVT_NUM_FENCES], good;
	uint64_t ap_end = (uint64_t)self->pv.ap_base + self->pv.ap_size;
	uint64_t bad[8];
	unsigned int i;
	int idx = -1;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	/* the host's part of the aperture */
	bad[0] = gvt_fence_value(0, 0x10000, 3);
	/* straddling the end of the slice */
	bad[1] = gvt_fence_value(ap_end - 0x1000, 0x2000, 3);
	/* straddling the start */
	bad[2] = gvt_fence_value(self->pv.ap_base - 0x1000, 0x2000, 3);
	/* end below start */
	bad[3] = (gvt_fence_value(self->pv.ap_base + 0x10000, 0x1000, 3) &
		  ((1ULL << 44) - 1)) |
		 ((uint64_t)self->pv.ap_base & 0xfffff000ULL) << 32;
	/* pitch out of range */
	bad[4] = gvt_fence_value(self->pv.ap_base, 0x10000, 0x800);
	/* from the aperture slice into the hidden range */
	bad[5] = gvt_fence_value(self->pv.ap_base, (uint64_t)self->pv.hidden_base +
				 0x1000 - self->pv.ap_base, 3);
	/* just past the hidden range */
	bad[6] = gvt_fence_value((uint64_t)self->pv.hidden_base +
				 self->pv.hidden_size, 0x1000, 3);
	/* the last page of the GGTT */
	bad[7] = gvt_fence_value((GVT_GGTT_MB << 20) - 0x1000, 0x1000, 3);

	if (self->parent->sim)
		host_fences(before);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fence_write(1, bad[i]);
		EXPECT_EQ(bad[i], rd64(&self->v, FENCE_OFF(1))) {
			TH_LOG("invalid fence %u", i);
		}
		if (!self->parent->sim)
			continue;
		host_fences(after);
		EXPECT_EQ(0, fences_changed(before, after, &idx)) {
			TH_LOG("invalid fence %u (%#llx) reached host fence %d",
			       i, (unsigned long long)bad[i], idx);
		}
	}
	if (!self->parent->sim)
		return;

	good = gvt_fence_value(self->pv.ap_base, 0x10000, 3);
	fence_write(1, good);
	host_fences(after);
	ASSERT_EQ(1, fences_changed(before, after, &idx));
	EXPECT_EQ(good, after[idx]);
	fence_write(1, bad[0]);
	EXPECT_EQ(bad[0], rd64(&self->v, FENCE_OFF(1)));
	host_fences(after);
	EXPECT_EQ(0, after[idx]);
	EXPECT_EQ(0, fences_changed(before, after, &idx));
}

/* Fences at or above fence_num read 0 and ignore writes. */
TEST_F(ggtt, fence_beyond_count)
{
	uint64_t before[GVT_NUM_FENCES], after[GVT_NUM_FENCES], val;
	unsigned int n;
	int idx = -1;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	val = gvt_fence_value(self->pv.ap_base, 0x10000, 3);
	if (self->parent->sim)
		host_fences(before);
	for (n = self->pv.fence_num; n < GVT_NUM_FENCES; n++) {
		fence_write(n, val);
		EXPECT_EQ(0, rd64(&self->v, FENCE_OFF(n))) {
			TH_LOG("guest fence %u", n);
		}
	}
	if (self->parent->sim) {
		host_fences(after);
		EXPECT_EQ(0, fences_changed(before, after, &idx));
	}
}

/*
 * VFIO_DEVICE_RESET: entries read 0 and map scratch with their pins
 * dropped, fences read 0 and the host fences are off, PVINFO intact.
 */
TEST_F(ggtt, device_reset)
{
	uint64_t fences[GVT_NUM_FENCES], val;
	uint8_t page[GVT_PAGE_SIZE];
	struct gvt_pvinfo pv;
	unsigned int k;
	int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);
	wr64(&self->v, PTE_OFF(self->pv.hidden_base / GVT_PAGE_SIZE),
	     PTE(IOVA));
	fill(self->buf, GVT_PAGE_SIZE, 5);
	val = gvt_fence_value(self->pv.ap_base, 0x10000, 3);
	for (k = 0; k < self->pv.fence_num; k++)
		fence_write(k, val);

	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));

	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(0, rd64(&self->v, PTE_OFF(self->first + k)));
	EXPECT_EQ(0, rd64(&self->v,
			  PTE_OFF(self->pv.hidden_base / GVT_PAGE_SIZE)));
	for (k = 0; k < self->pv.fence_num; k++)
		EXPECT_EQ(0, rd64(&self->v, FENCE_OFF(k)));
	ASSERT_EQ(0, bar2_page(&self->v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));
	ASSERT_EQ(0, gvt_pvinfo_read(&self->v, &pv));
	EXPECT_EQ(0, memcmp(&self->pv, &pv, sizeof(pv)));
	if (self->parent->sim) {
		for (k = 0; k < NPAGES; k++)
			EXPECT_EQ(self->scratch, host_pte(self->first + k));
		EXPECT_EQ(self->scratch,
			  host_pte(self->pv.hidden_base / GVT_PAGE_SIZE));
		host_fences(fences);
		for (i = 0; i < GVT_NUM_FENCES; i++)
			EXPECT_EQ(self->fences0[i], fences[i]);
	}
	/* the pins are gone: the range can be unmapped */
	EXPECT_EQ(0, gvt_dma_unmap(&self->v, IOVA, BUF_SIZE));
}

/* Removing a vGPU in use scrubs its host entries and fences. */
TEST_F(ggtt, remove_scrubs)
{
	uint64_t fences[GVT_NUM_FENCES];
	unsigned int k;
	int i;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->parent->sim)
		SKIP(return, "needs the gvt_sim debugfs to see the host");
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));
	map_slice(NPAGES);
	fence_write(0, gvt_fence_value(self->pv.ap_base, 0x10000, 3));
	gvt_vfio_close(&self->v);
	ASSERT_EQ(0, gvt_vgpus_remove(&self->vgpus, self->uuid));
	/* No vGPU owns them: the host's scratch page, not the vGPU's. */
	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(self->host_scratch, host_pte(self->first + k));
	host_fences(fences);
	for (i = 0; i < GVT_NUM_FENCES; i++)
		EXPECT_EQ(self->fences0[i], fences[i]);
}

/*
 * The GPU loses its GGTT and fences (suspend) and the host driver resumes
 * it: the core gives every entry and fence back, and BAR2 reaches the same
 * memory again (mmio.rst, "Suspend and resume").
 */
TEST_F(ggtt, suspend_resume)
{
	uint64_t *before = NULL, *after = NULL, f0[GVT_NUM_FENCES];
	uint64_t f1[GVT_NUM_FENCES], hidden, fence;
	uint8_t page[GVT_PAGE_SIZE];
	size_t nb = 0, na = 0, i;
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	if (!self->parent->sim)
		SKIP(return, "needs the gvt_sim debugfs to suspend the GPU");
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));
	fill(self->buf, BUF_SIZE, 7);
	map_slice(NPAGES);
	hidden = self->pv.hidden_base / GVT_PAGE_SIZE;
	wr64(&self->v, PTE_OFF(hidden), PTE(IOVA + GVT_PAGE_SIZE));
	fence = gvt_fence_value(self->pv.ap_base, 0x10000, 3);
	fence_write(0, fence);
	ASSERT_EQ(0, gvt_sim_read(self->parent, "ggtt", &before, &nb));
	ASSERT_EQ(GGTT_ENTRIES, nb);
	host_fences(f0);

	ASSERT_EQ(0, gvt_sim_write(self->parent, "power", "suspend"));
	/* Lost: the entries map nothing, BAR2 reads zeros. */
	EXPECT_EQ(0, host_pte(self->first));
	host_fences(f1);
	for (k = 0; k < GVT_NUM_FENCES; k++)
		EXPECT_EQ(0, f1[k]);
	ASSERT_EQ(0, bar2_page(&self->v, self->pv.ap_base, page, false));
	EXPECT_TRUE(all_zero(page, GVT_PAGE_SIZE));

	ASSERT_EQ(0, gvt_sim_write(self->parent, "power", "resume"));
	ASSERT_EQ(0, gvt_sim_read(self->parent, "ggtt", &after, &na));
	ASSERT_EQ(nb, na);
	for (i = 0; i < nb; i++)
		if (before[i] != after[i])
			break;
	EXPECT_EQ(nb, i) {
		TH_LOG("host entry %#zx: %#llx before suspend, %#llx after resume",
		       i, (unsigned long long)before[i],
		       (unsigned long long)after[i]);
	}
	host_fences(f1);
	for (k = 0; k < GVT_NUM_FENCES; k++)
		EXPECT_EQ(f0[k], f1[k]);
	/* The guest's view never changed; BAR2 reaches its memory again. */
	EXPECT_EQ(PTE(IOVA), rd64(&self->v, PTE_OFF(self->first)));
	EXPECT_EQ(fence, rd64(&self->v, FENCE_OFF(0)));
	for (k = 0; k < NPAGES; k++) {
		ASSERT_EQ(0, bar2_page(&self->v, self->pv.ap_base +
				       k * GVT_PAGE_SIZE, page, false));
		EXPECT_EQ(0, memcmp(page, self->buf + k * GVT_PAGE_SIZE,
				    GVT_PAGE_SIZE)) {
			TH_LOG("aperture page %u after resume", k);
		}
	}
	/* Anything else is refused. */
	EXPECT_EQ(-EINVAL, gvt_sim_write(self->parent, "power", "reboot"));
	free(before);
	free(after);
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
