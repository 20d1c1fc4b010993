// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR2 mapped with mmap(), as QEMU maps it for a guest's fbdev console:
 * the region info offers the vGPU's slice as a sparse-mmap area; a shared
 * mapping of it reaches the pages the vGPU's GGTT entries map, follows
 * them when the entries change, and never reaches a page after its entry,
 * the DMA mapping behind it or the device was reset; entries that map no
 * guest page reach a page of the device's own, which the next opener
 * finds zeroed.
 *
 * The test maps NPAGES pages of its memory into the VFIO container at
 * IOVA; GGTT entry k of the slice points at page k. The contract is
 * Documentation/gpu/gvt/vfio.rst ("BAR2") and mmio.rst ("Mapping the
 * aperture").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vfio.h>

#include "gvt_test.h"

#define NPAGES		16
#define BUF_SIZE	(NPAGES * GVT_PAGE_SIZE)
#define IOVA		0x100000000ULL
#define PTE_OFF(i)	(GVT_GGTT_OFFSET + 8 * (uint64_t)(i))
#define PTE(iova)	((iova) | GVT_PTE_PRESENT)
#define BAR2_OFFSET	((uint64_t)VFIO_PCI_BAR2_REGION_INDEX << 40)

FIXTURE(aperture) {
	struct gvt_env env;
	struct gvt_vgpus vgpus;
	const struct gvt_parent *parent;
	const struct gvt_type *type;
	char uuid[GVT_UUID_LEN + 1];
	char dbg[GVT_PATH_LEN];
	struct gvt_vfio v;
	struct gvt_pvinfo pv;
	uint64_t first;		/* first GGTT entry of the slice */
	uint8_t *buf;		/* NPAGES pages at IOVA */
	uint8_t *map;		/* BAR2's slice, mapped */
	int open_err;
	const char *why;
};

FIXTURE_SETUP(aperture)
{
	gvt_vfio_init(&self->v);
	self->map = MAP_FAILED;
	self->why = gvt_need(&self->env, 1);
	if (self->why)
		return;
	if (gvt_find_free(&self->env, 1, &self->parent, &self->type)) {
		self->why = "no parent has an instance available";
		return;
	}
	if (!self->parent->sim) {
		self->why = "the mapping's checks read the simulator";
		return;
	}
	self->buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	memset(self->buf, 0, BUF_SIZE);
	ASSERT_EQ(0, gvt_vgpus_create(&self->vgpus, self->parent, self->type,
				      self->uuid));
	snprintf(self->dbg, sizeof(self->dbg), GVT_DEBUGFS "/gvt_vfio/%s",
		 self->uuid);
	self->open_err = gvt_vfio_open(&self->v, self->uuid);
	if (!self->open_err)
		self->open_err = gvt_pvinfo_read(&self->v, &self->pv);
	self->first = self->pv.ap_base / GVT_PAGE_SIZE;
}

FIXTURE_TEARDOWN(aperture)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, self->pv.ap_size);
	gvt_vfio_close(&self->v);
	EXPECT_EQ(0, gvt_vgpus_remove_all(&self->vgpus));
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, BUF_SIZE);
}

/* The device is open, PVINFO read, the buffer DMA-mapped, the slice mapped. */
static void __ready(struct __test_metadata *_metadata,
		    struct _test_data_aperture *self)
{
	__gvt_assert_open(_metadata, self->open_err, self->uuid);
	ASSERT_EQ(GVT_PVINFO_MAGIC_VALUE, self->pv.magic);
	ASSERT_LE(NPAGES * GVT_PAGE_SIZE, self->pv.ap_size);
	ASSERT_EQ(0, gvt_dma_map(&self->v, self->buf, IOVA, BUF_SIZE));
	self->map = mmap(NULL, self->pv.ap_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, self->v.device,
			 BAR2_OFFSET + self->pv.ap_base);
	ASSERT_NE(MAP_FAILED, self->map) {
		TH_LOG("mmap of BAR2's slice: %s", strerror(errno));
	}
}

#define ready() __ready(_metadata, self)

/* Point entry @k of the slice at buffer page @page. */
static void __point(struct __test_metadata *_metadata,
		    struct _test_data_aperture *self, unsigned int k,
		    unsigned int page)
{
	wr64(&self->v, PTE_OFF(self->first + k),
	     PTE(IOVA + page * GVT_PAGE_SIZE));
}

#define point(k, page) __point(_metadata, self, k, page)

/* Entry k of the slice at buffer page k, for every page of the buffer. */
static void __point_all(struct __test_metadata *_metadata,
			struct _test_data_aperture *self)
{
	unsigned int k;

	for (k = 0; k < NPAGES; k++)
		__point(_metadata, self, k, k);
}

#define point_all() __point_all(_metadata, self)

/* One 4-byte load or store the compiler neither merges nor drops. */
static uint32_t word(const uint8_t *p)
{
	return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
}

static void put(uint8_t *p, uint32_t val)
{
	__atomic_store_n((uint32_t *)p, val, __ATOMIC_RELAXED);
}

static uint64_t __state(struct __test_metadata *_metadata,
			struct _test_data_aperture *self, const char *key)
{
	uint64_t val = 0;

	EXPECT_EQ(0, gvt_debugfs_u64(self->dbg, "state", key, &val)) {
		TH_LOG("%s/state: no %s", self->dbg, key);
	}
	return val;
}

#define state(key) __state(_metadata, self, key)

/* The slice as a sparse-mmap area, the argsz protocol for the chain. */
TEST_F(aperture, region_info)
{
	struct {
		struct vfio_region_info info;
		uint8_t caps[256];
	} r;
	struct vfio_region_info_cap_sparse_mmap *sp;
	struct vfio_info_cap_header *h;

	if (self->why)
		SKIP(return, "%s", self->why);
	__gvt_assert_open(_metadata, self->open_err, self->uuid);

	memset(&r, 0, sizeof(r));
	r.info.argsz = sizeof(r.info);
	r.info.index = VFIO_PCI_BAR2_REGION_INDEX;
	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_GET_REGION_INFO,
			   &r.info));
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		  VFIO_REGION_INFO_FLAG_MMAP | VFIO_REGION_INFO_FLAG_CAPS,
		  r.info.flags);
	EXPECT_EQ(0, r.info.cap_offset);
	EXPECT_LT(sizeof(r.info), r.info.argsz);
	ASSERT_GE(sizeof(r), r.info.argsz);

	r.info.argsz = sizeof(r);
	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_GET_REGION_INFO,
			   &r.info));
	ASSERT_EQ(sizeof(r.info), r.info.cap_offset);
	h = (struct vfio_info_cap_header *)r.caps;
	EXPECT_EQ(VFIO_REGION_INFO_CAP_SPARSE_MMAP, h->id);
	EXPECT_EQ(1, h->version);
	EXPECT_EQ(0, h->next);
	sp = (struct vfio_region_info_cap_sparse_mmap *)h;
	ASSERT_EQ(1, sp->nr_areas);
	EXPECT_EQ(self->pv.ap_base, sp->areas[0].offset);
	EXPECT_EQ(self->pv.ap_size, sp->areas[0].size);
	EXPECT_EQ(BAR2_OFFSET, r.info.offset);
}

/* Stores through the mapping land in the pages the entries map. */
TEST_F(aperture, reaches_memory)
{
	uint8_t page[GVT_PAGE_SIZE];
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	point_all();
	for (k = 0; k < NPAGES; k++)
		put(self->map + k * GVT_PAGE_SIZE + 4 * k, 0xa0000000 + k);
	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(0xa0000000 + k,
			  word(self->buf + k * GVT_PAGE_SIZE + 4 * k));
	/* the guest's memory shows through the mapping and through pread */
	for (k = 0; k < NPAGES; k++)
		put(self->buf + k * GVT_PAGE_SIZE + 64, 0xb0000000 + k);
	for (k = 0; k < NPAGES; k++) {
		EXPECT_EQ(0xb0000000 + k,
			  word(self->map + k * GVT_PAGE_SIZE + 64));
		ASSERT_EQ(0, gvt_vfio_rw(&self->v, VFIO_PCI_BAR2_REGION_INDEX,
					 self->pv.ap_base + k * GVT_PAGE_SIZE,
					 page, sizeof(page), false));
		EXPECT_EQ(0, memcmp(page, self->map + k * GVT_PAGE_SIZE,
				    sizeof(page)));
	}
	EXPECT_LE(NPAGES, state("aperture_faults_guest"));
	EXPECT_EQ(1, state("aperture_mapped"));
}

/* Rewritten entries: the mapping follows them; cleared: the own page. */
TEST_F(aperture, follows_the_entries)
{
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (k = 0; k < NPAGES; k++) {
		point(k, k);
		put(self->buf + k * GVT_PAGE_SIZE, 0xc0000000 + k);
	}
	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(0xc0000000 + k, word(self->map + k * GVT_PAGE_SIZE));
	/* reversed */
	for (k = 0; k < NPAGES; k++)
		point(k, NPAGES - 1 - k);
	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(0xc0000000 + NPAGES - 1 - k,
			  word(self->map + k * GVT_PAGE_SIZE));
	EXPECT_LE(NPAGES, state("aperture_zaps"));
	/* entry 0 cleared: its page is the device's own, the buffer safe */
	wr64(&self->v, PTE_OFF(self->first), 0);
	EXPECT_NE(0xc0000000 + NPAGES - 1, word(self->map));
	put(self->map, 0xdead0000);
	EXPECT_EQ(0xc0000000 + NPAGES - 1,
		  word(self->buf + (NPAGES - 1) * GVT_PAGE_SIZE));
	/* every unmapped page is that one page */
	EXPECT_EQ(0xdead0000, word(self->map + NPAGES * GVT_PAGE_SIZE));
	/* a 4-byte write of one half maps it away until the other half */
	wr32(&self->v, PTE_OFF(self->first + 1), (uint32_t)PTE(IOVA));
	EXPECT_EQ(0xdead0000, word(self->map + GVT_PAGE_SIZE));
	wr32(&self->v, PTE_OFF(self->first + 1) + 4, PTE(IOVA) >> 32);
	EXPECT_EQ(0xc0000000, word(self->map + GVT_PAGE_SIZE));
}

/* VFIO_IOMMU_UNMAP_DMA: the mapping lets go of the pages. */
TEST_F(aperture, dma_unmap)
{
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	point_all();
	for (k = 0; k < NPAGES; k++)
		put(self->map + k * GVT_PAGE_SIZE, 0x11110000 + k);
	ASSERT_EQ(0, gvt_dma_unmap(&self->v, IOVA, BUF_SIZE));
	for (k = 0; k < NPAGES; k++)
		put(self->map + k * GVT_PAGE_SIZE, 0x22220000 + k);
	for (k = 0; k < NPAGES; k++)
		EXPECT_EQ(0x11110000 + k, word(self->buf + k * GVT_PAGE_SIZE)) {
			TH_LOG("page %u written through BAR2 after the unmap",
			       k);
		}
}

/* VFIO_DEVICE_RESET: every entry back to scratch, the mapping too. */
TEST_F(aperture, device_reset)
{
	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	point_all();
	put(self->map + 8, 0x33330000);
	EXPECT_EQ(0x33330000, word(self->buf + 8));
	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
	put(self->map + 8, 0x44440000);
	EXPECT_EQ(0x33330000, word(self->buf + 8));
	/* the same entries again: reached again */
	point_all();
	EXPECT_EQ(0x33330000, word(self->map + 8));
}

/*
 * A partial munmap splits the mapping; the rest still follows the
 * entries.
 */
TEST_F(aperture, split_mapping)
{
	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	point(0, 0);
	point(2, 2);
	put(self->buf, 0x55550000);
	put(self->buf + 2 * GVT_PAGE_SIZE, 0x55550002);
	EXPECT_EQ(0x55550000, word(self->map));
	EXPECT_EQ(0x55550002, word(self->map + 2 * GVT_PAGE_SIZE));
	ASSERT_EQ(0, munmap(self->map + GVT_PAGE_SIZE, GVT_PAGE_SIZE));
	EXPECT_EQ(0x55550000, word(self->map));
	EXPECT_EQ(0x55550002, word(self->map + 2 * GVT_PAGE_SIZE));
	point(0, 3);
	point(2, 4);
	put(self->buf + 3 * GVT_PAGE_SIZE, 0x55550003);
	put(self->buf + 4 * GVT_PAGE_SIZE, 0x55550004);
	EXPECT_EQ(0x55550003, word(self->map));
	EXPECT_EQ(0x55550004, word(self->map + 2 * GVT_PAGE_SIZE));
	/* teardown unmaps the whole range, the hole included */
}

/* The own page of one opener is zeroed for the next. */
TEST_F(aperture, sink_not_inherited)
{
	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	put(self->map + 16, 0x66660000);
	EXPECT_EQ(0x66660000, word(self->map + 16));
	ASSERT_EQ(0, munmap(self->map, self->pv.ap_size));
	self->map = MAP_FAILED;
	ASSERT_EQ(0, close(self->v.device));
	self->v.device = ioctl(self->v.group, VFIO_GROUP_GET_DEVICE_FD,
			       self->uuid);
	ASSERT_LE(0, self->v.device);
	self->map = mmap(NULL, self->pv.ap_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, self->v.device,
			 BAR2_OFFSET + self->pv.ap_base);
	ASSERT_NE(MAP_FAILED, self->map);
	EXPECT_EQ(0, word(self->map + 16));
}

/* Only shared mappings inside the slice. */
TEST_F(aperture, bad_mmaps)
{
	uint64_t base = BAR2_OFFSET + self->pv.ap_base;
	size_t size = self->pv.ap_size;
	void *m;

	if (self->why)
		SKIP(return, "%s", self->why);
	__gvt_assert_open(_metadata, self->open_err, self->uuid);
	m = mmap(NULL, GVT_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 self->v.device, base);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* the host's part of the aperture, before the slice */
	m = mmap(NULL, GVT_PAGE_SIZE, PROT_READ, MAP_SHARED, self->v.device,
		 base - GVT_PAGE_SIZE);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* one page past the slice, and the slice plus a page */
	m = mmap(NULL, GVT_PAGE_SIZE, PROT_READ, MAP_SHARED, self->v.device,
		 base + size);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	m = mmap(NULL, size + GVT_PAGE_SIZE, PROT_READ, MAP_SHARED,
		 self->v.device, base);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* BAR0 traps */
	m = mmap(NULL, GVT_PAGE_SIZE, PROT_READ, MAP_SHARED, self->v.device,
		 0);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* the last page of the slice maps */
	m = mmap(NULL, GVT_PAGE_SIZE, PROT_READ, MAP_SHARED, self->v.device,
		 base + size - GVT_PAGE_SIZE);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, munmap(m, GVT_PAGE_SIZE));
}

struct flipper {
	struct _test_data_aperture *self;
	struct __test_metadata *meta;
	int stop;
	unsigned long flips;
};

static void *flip(void *arg)
{
	struct flipper *f = arg;
	struct __test_metadata *_metadata = f->meta;
	struct _test_data_aperture *self = f->self;
	unsigned int k = 0;

	while (!__atomic_load_n(&f->stop, __ATOMIC_RELAXED)) {
		/* entry 0 cycles through pages 1..3 and "not present" */
		if (k % 4 == 3)
			wr64(&self->v, PTE_OFF(self->first), 0);
		else
			point(0, 1 + k % 4);
		k++;
		f->flips++;
	}
	return NULL;
}

/*
 * Entries rewritten while another thread reads through the mapping: every
 * read sees one of the pages the entry mapped, or the device's own page,
 * and never page 0, which no entry maps.
 */
TEST_F_TIMEOUT(aperture, race, 60)
{
	struct flipper f = { .self = self, .meta = _metadata };
	unsigned long reads = 0, bad = 0;
	struct timespec t0, t;
	pthread_t th;
	uint32_t w;
	unsigned int k;

	if (self->why)
		SKIP(return, "%s", self->why);
	ready();
	for (k = 0; k < 4; k++)
		put(self->buf + k * GVT_PAGE_SIZE, 0x77770000 + k);
	put(self->map, 0x77770009);	/* the own page */
	ASSERT_EQ(0, pthread_create(&th, NULL, flip, &f));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		w = word(self->map);
		if (w != 0x77770001 && w != 0x77770002 && w != 0x77770003 &&
		    w != 0x77770009 && bad++ < 5)
			TH_LOG("read %#x", w);
		reads++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 3);
	__atomic_store_n(&f.stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	TH_LOG("%lu reads, %lu entry rewrites", reads, f.flips);
	EXPECT_EQ(0, bad);
	EXPECT_LT(0, f.flips);
	EXPECT_EQ(0x77770000, word(self->buf));
}

TEST_HARNESS_MAIN
