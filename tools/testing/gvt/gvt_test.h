/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the GVT core test cases: tracked devices, resource
 * snapshots, invariant checks and fake frontends.
 */
#ifndef _GVT_TEST_H
#define _GVT_TEST_H

#include "gvt_internal.h"
#include "fake_host.h"
#include "fake_hv.h"
#include "harness.h"

#define MiB(x)		((u64)(x) << 20)
#define GiB(x)		((u64)(x) << 30)
#define PAGES(bytes)	((u64)(bytes) >> GVT_GTT_PAGE_SHIFT)

/* A fake host with the GVT device registered on it. */
struct tdev {
	struct fake_host host;
	struct gvt_device *gvt;
};

/*
 * Register a device on a fresh fake host (ASSERTs success). The device is
 * tracked: a case that fails half-way has it unregistered by the runner.
 */
struct gvt_device *tdev_new(struct tdev *t, u64 aperture_mb, u64 ggtt_mb,
			    unsigned int num_fences, bool track_ggtt);
/* Register a device on t->host, already set up by fake_host_init(). */
struct gvt_device *tdev_start(struct tdev *t, const struct gvt_host_ops *ops);
void tdev_del(struct tdev *t);

/* The offered type called @name, or NULL. */
const struct gvt_type *tdev_type(struct gvt_device *gvt, const char *name);

/* Resource accounting of a device, comparable with memcmp(). */
struct gvt_state {
	u64 low_free;
	u64 high_free;
	unsigned int fences_free;
	unsigned int num_vgpus;
	unsigned long fences_used[BITS_TO_LONGS(GVT_MAX_FENCES)];
	unsigned long ids_used[BITS_TO_LONGS(GVT_MAX_VGPU)];
	unsigned int avail[GVT_NUM_TYPES];
	unsigned int nlow;
	unsigned int nhigh;
	u64 low[GVT_MAX_VGPU][2];
	u64 high[GVT_MAX_VGPU][2];
	long live_allocs;
};

void state_get(struct gvt_device *gvt, struct gvt_state *st);
#define ASSERT_STATE_EQ(a, b)	ASSERT(!memcmp(a, b, sizeof(struct gvt_state)))

/*
 * Check the partition of @gvt: every vGPU inside its windows, nothing
 * overlapping, ids and fences distinct, bitmaps and free counts consistent.
 */
void check_partition(struct gvt_device *gvt);
/*
 * For every type, gvt_type_available() equals the number of creates that
 * then succeed; the state is restored afterwards. Also runs
 * check_partition().
 */
void check_available_exact(struct gvt_device *gvt);

/* Creates @type, ASSERTs success. */
struct gvt_vgpu *vgpu_new(struct gvt_device *gvt, const struct gvt_type *type);

/* Fake frontends; each has its own callbacks, so a test can use several. */
#define FAKE_FES	5

struct fake_fe {
	struct gvt_frontend fe;
	int added_ret;			/* what device_added returns */
	bool create_vgpu;		/* device_added creates a vGPU */
	unsigned int n_added;		/* device_added calls */
	unsigned int n_removed;		/* device_removed calls */
	unsigned int n_bogus;		/* removed without added, added twice */
	unsigned int n_attached;
	struct gvt_device *attached[8];
	struct gvt_vgpu *vgpu[8];
	unsigned int locks_held;	/* shim mutexes held in the last call */
	/* Called at the end of device_removed, e.g. to register a device. */
	void (*on_removed)(struct fake_fe *f, struct gvt_device *gvt);
	void *data;			/* for @on_removed */
};

extern struct fake_fe fake_fes[FAKE_FES];

/* The shim's vblank timer: kicks counted; its clock (shim.c). */
extern unsigned long gvt_shim_vblank_kicks;
extern u64 gvt_shim_now_ns;

/* Reset fake frontend @i (must not be registered). */
struct fake_fe *fake_fe_get(unsigned int i);
bool fake_fe_is_attached(const struct fake_fe *f, struct gvt_device *gvt);

/*
 * BAR0 accesses of @len bytes at @off (little endian values). Each checks
 * that the core returns 0 and reports a failure with the offset if not.
 */
u64 mmio_rd(struct gvt_vgpu *v, u64 off, unsigned int len);
void mmio_wr(struct gvt_vgpu *v, u64 off, unsigned int len, u64 val);
/* Raw accesses: the core's return value. */
int mmio_rd_ret(struct gvt_vgpu *v, u64 off, unsigned int len, u64 *val);
int mmio_wr_ret(struct gvt_vgpu *v, u64 off, unsigned int len, u64 val);

/* Set EDID block @b's checksum byte after an edit (test_edid, test_dp_aux). */
static inline void edid_resum(u8 *e, unsigned int b)
{
	u8 sum = 0;
	unsigned int i;

	for (i = 0; i < GVT_EDID_SIZE - 1; i++)
		sum += e[b * GVT_EDID_SIZE + i];
	e[b * GVT_EDID_SIZE + GVT_EDID_SIZE - 1] = -sum;
}

static inline u32 rd32(struct gvt_vgpu *v, u64 off)
{
	return mmio_rd(v, off, 4);
}

static inline void wr32(struct gvt_vgpu *v, u64 off, u32 val)
{
	mmio_wr(v, off, 4, val);
}

/* GGTT entry @i through BAR0, 8 bytes. */
static inline u64 ggtt_rd(struct gvt_vgpu *v, u64 i)
{
	return mmio_rd(v, GVT_GGTT_OFFSET + 8 * i, 8);
}

static inline void ggtt_wr(struct gvt_vgpu *v, u64 i, u64 pte)
{
	mmio_wr(v, GVT_GGTT_OFFSET + 8 * i, 8, pte);
}

/* Fence register @i through BAR0, 8 bytes. */
static inline u64 fence_rd(struct gvt_vgpu *v, unsigned int i)
{
	return mmio_rd(v, GVT_FENCE_OFFSET + 8 * i, 8);
}

static inline void fence_wr(struct gvt_vgpu *v, unsigned int i, u64 val)
{
	mmio_wr(v, GVT_FENCE_OFFSET + 8 * i, 8, val);
}

/* Gen9 register offsets the MMIO tests use (mmio.rst). */
#define REG_PLAIN		0x1e0000	/* in no attribute table */
#define REG_MASTER_IRQ		0x44200
#define REG_GDRST		0x941c
#define REG_PCODE_MAILBOX	0x138124
#define REG_PCODE_DATA		0x138128
#define REG_FW_RENDER		0xa278
#define REG_FW_RENDER_ACK	0x0d84
#define REG_FW_GT		0xa188
#define REG_FW_GT_ACK		0x130044
#define REG_FW_MEDIA		0xa270
#define REG_FW_MEDIA_ACK	0x0d88
#define RCS_BASE		0x2000
#define VCS_BASE		0x12000
#define BCS_BASE		0x22000
#define VECS_BASE		0x1a000
#define VCS2_BASE		0x1c000
#define REG_MI_MODE(base)	((base) + 0x9c)
#define REG_INSTPM(base)	((base) + 0xc0)
#define REG_RESET_CTL(base)	((base) + 0xd0)
#define REG_EXECLIST_STATUS(base) ((base) + 0x234)
#define REG_CTX_CTRL(base)	((base) + 0x244)
#define REG_GFX_MODE(base)	((base) + 0x29c)
#define REG_CSB(base)		((base) + 0x370)
#define REG_MOCS		0xc800

/* PVINFO fields (struct vgt_if), BAR0 offsets. */
#define PV(off)			(GVT_PVINFO_OFFSET + (off))
#define PV_MAGIC		PV(0x0)
#define PV_VERSION_MAJOR	PV(0x8)
#define PV_VERSION_MINOR	PV(0xa)
#define PV_VGT_ID		PV(0xc)
#define PV_CAPS			PV(0x10)
#define PV_APERTURE_BASE	PV(0x40)
#define PV_APERTURE_SIZE	PV(0x44)
#define PV_HIDDEN_BASE		PV(0x48)
#define PV_HIDDEN_SIZE		PV(0x4c)
#define PV_FENCE_NUM		PV(0x50)
#define PV_DISPLAY_READY	PV(0x804)
#define PV_RSV5			PV(0x808)
#define PV_G2V_NOTIFY		PV(0x818)
#define PV_CURSOR_X_HOT		PV(0x830)
#define PV_CURSOR_Y_HOT		PV(0x834)
#define PV_PDP			PV(0x838)
#define PV_EXECLIST_DESC_LO	PV(0x858)
#define PV_EXECLIST_DESC_HI	PV(0x85c)
#define VGT_MAGIC		0x4776544776544776ULL
#define VGT_CAPS		(BIT(2) | BIT(3) | BIT(4))

/*
 * A Gen9 fence value: valid, range [start, end + 4 KiB), pitch field.
 * @end is the address of the last page.
 */
static inline u64 fence_val(u64 start, u64 end, u32 pitch, bool valid)
{
	return (start & 0xfffff000ULL) | ((end & 0xfffff000ULL) << 32) |
	       ((u64)(pitch & 0xfff) << 32) | valid;
}

/*
 * A device on a tracked fake host with one vGPU of @type_name, its
 * resources, and a fake hypervisor with guest frames MTEST_GFN(k),
 * k < @hv_frames, in host memory pages [@hv_page, @hv_page + @hv_frames),
 * attached unless @hv_frames is 0.
 */
#define MTEST_GFN_BASE		0x3456700ULL	/* addresses above 4 GiB */
#define MTEST_GFN(k)		(MTEST_GFN_BASE + (k))
/* A present guest GGTT entry for frame @gfn. */
#define GPTE(gfn)		(((u64)(gfn) << GVT_GTT_PAGE_SHIFT) | 1)
struct mtest {
	struct tdev t;
	struct gvt_device *gvt;
	struct gvt_vgpu *v;
	struct gvt_vgpu_resources res;
	struct fake_hv hv;
};

void mtest_init(struct mtest *m, u64 aperture_mb, u64 ggtt_mb,
		const char *type_name, u64 hv_page, u64 hv_frames);
/*
 * Destroy the vGPU, check that the hypervisor's pins are balanced and the
 * host saw no bad call, unregister.
 */
void mtest_fini(struct mtest *m);

/* First GGTT entry of the vGPU's aperture and hidden ranges. */
static inline u64 mtest_low_entry(const struct mtest *m)
{
	return PAGES(m->res.low_gm_base);
}

static inline u64 mtest_high_entry(const struct mtest *m)
{
	return PAGES(m->res.high_gm_base);
}

/* Called by the runner after every case; returns false on leftovers. */
bool gvt_test_cleanup(void);

/* Deterministic PRNG for the random walks. */
u64 test_rand(u64 *state);

#endif /* _GVT_TEST_H */
