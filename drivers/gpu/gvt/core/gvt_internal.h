/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal definitions of the GVT-g core. Core files include only this
 * header and the short list of kernel headers below, so that the same files
 * build in userspace (tools/testing/gvt) against shim headers.
 */
#ifndef _GVT_INTERNAL_H_
#define _GVT_INTERNAL_H_

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/nospec.h>

#include <gvt/gvt.h>

/**
 * struct gvt_gm_range - an allocated range of graphics memory
 * @start: first GM address
 * @size: size in bytes; 0 when the range is not allocated
 * @link: position in the owning allocator's sorted list
 */
struct gvt_gm_range {
	u64 start;
	u64 size;
	struct list_head link;
};

/**
 * struct gvt_gm_pool - first-fit allocator over one GM window
 * @start: first GM address handed out to vGPUs
 * @end: one past the last GM address
 * @used: allocated ranges sorted by @start
 */
struct gvt_gm_pool {
	u64 start;
	u64 end;
	struct list_head used;
};

/* Bytes of configuration space that have writable bits. */
#define GVT_CFG_MASK_SIZE	256

/* Number of vGPU types on Gen9 (GVTg_V5_8, _4, _2, _1). */
#define GVT_NUM_TYPES	4

/* Gen9 engine register blocks (2 KiB each) and registers with handlers. */
#define GVT_RCS_BASE		0x2000
#define GVT_VCS_BASE		0x12000
#define GVT_VECS_BASE		0x1a000
#define GVT_VCS2_BASE		0x1c000
#define GVT_BCS_BASE		0x22000
#define GVT_ENGINE_BLOCK_SIZE	0x800

#define GVT_RING_MI_MODE	0x9c
#define GVT_RING_IMR		0xa8
#define GVT_RING_INSTPM		0xc0
#define GVT_RING_RESET_CTL	0xd0
#define  GVT_RESET_CTL_REQUEST	BIT(0)
#define  GVT_RESET_CTL_READY	BIT(1)
#define GVT_RING_ELSP		0x230
#define GVT_RING_EXECLIST_STATUS 0x234
#define GVT_RING_CTX_CTRL	0x244
#define GVT_RING_GFX_MODE	0x29c
#define  GVT_GFX_RUN_LIST_ENABLE BIT(15)
#define GVT_RING_CSB		0x370
#define GVT_RING_CSB_PTR	0x3a0

#define GVT_REG_FW_RENDER	0xa278
#define GVT_REG_FW_RENDER_ACK	0x0d84
#define GVT_REG_FW_GT		0xa188
#define GVT_REG_FW_GT_ACK	0x130044
#define GVT_REG_FW_MEDIA	0xa270
#define GVT_REG_FW_MEDIA_ACK	0x0d88

#define GVT_REG_GDRST		0x941c
#define  GVT_GDRST_FULL		BIT(0)
#define  GVT_GDRST_RENDER	BIT(1)
#define  GVT_GDRST_MEDIA	BIT(2)
#define  GVT_GDRST_BLT		BIT(3)
#define  GVT_GDRST_VECS		BIT(4)
#define  GVT_GDRST_MEDIA2	BIT(7)
/* A full reset restores the registers below this offset. */
#define GVT_GDRST_FULL_END	0x44200

#define GVT_REG_MASTER_IRQ	0x44200
#define  GVT_MASTER_IRQ_ENABLE	0x80000000U
#define GVT_REG_GT_ISR(n)	(0x44300 + 0x10 * (n))
#define GVT_REG_DE_PIPE_ISR(p)	(0x44400 + 0x10 * (p))
#define GVT_REG_DE_PORT_ISR	0x44440
#define GVT_REG_DE_MISC_ISR	0x44460
#define GVT_REG_PCU_ISR		0x444e0
#define GVT_REG_SDE_ISR		0xc4000
/* IMR, IIR and IER follow each ISR. */
#define GVT_IRQ_IMR		0x4
#define GVT_IRQ_IIR		0x8
#define GVT_IRQ_IER		0xc

#define GVT_REG_PCODE_MAILBOX	0x138124
#define  GVT_PCODE_READY	BIT(31)

/* Register attributes (struct gvt_mmio_info.flags). */
#define GVT_MMIO_F_RO		BIT(0)	/* ro_mask bits keep their value */
#define GVT_MMIO_F_MASKED	BIT(1)	/* bits 31:16 enable bits 15:0 */
#define GVT_MMIO_F_CMD_ACCESS	BIT(2)	/* GPU commands may access it */

/**
 * struct gvt_mmio_info - description of a register or register block
 * @offset: first byte, dword aligned; relative to the block for
 *	    registers that every engine or interrupt group has
 * @size: bytes covered, a multiple of 4
 * @flags: GVT_MMIO_F_*
 * @ro_mask: bits a guest write cannot change (with %GVT_MMIO_F_RO)
 * @read: special read handler, or NULL to read vreg
 * @write: special write handler, or NULL for the generic write (read-only
 *	   and masked bits applied, then stored in vreg)
 *
 * Handlers get the dword offset of the register, the written value and a
 * mask of the bits the guest access covered (a 1- or 2-byte write covers
 * part of the dword), and run with the vGPU lock held.
 */
struct gvt_mmio_info {
	u32 offset;
	u32 size;
	u32 flags;
	u32 ro_mask;
	u32 (*read)(struct gvt_vgpu *vgpu, u32 offset);
	void (*write)(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
};

/* Dwords of the register file. */
#define GVT_MMIO_DWORDS		(GVT_MMIO_SIZE / 4)

/* Why a vGPU is in failsafe (struct gvt_vgpu.failsafe). */
enum gvt_failsafe {
	GVT_FAILSAFE_NONE,
	GVT_FAILSAFE_UNSUPPORTED_GUEST,
	GVT_FAILSAFE_INSUFFICIENT_RESOURCE,
	GVT_FAILSAFE_GUEST_ERR,
};

struct gvt_device {
	struct gvt_host_info info;
	const struct gvt_host_ops *ops;
	void *priv;
	char name[32];

	/* Protects everything below and the vGPUs' resources. */
	struct mutex lock;
	struct gvt_gm_pool low;
	struct gvt_gm_pool high;
	DECLARE_BITMAP(fences_used, GVT_MAX_FENCES);
	DECLARE_BITMAP(ids_used, GVT_MAX_VGPU);
	struct list_head vgpus;
	unsigned int num_vgpus;

	const struct gvt_type *types;
	unsigned int num_types;

	/* Write masks of the vGPUs' config space, set at registration. */
	u8 cfg_wmask[GVT_CFG_MASK_SIZE];
	u8 cfg_w1cmask[GVT_CFG_MASK_SIZE];

	/*
	 * Attribute index: entry i + 1 of the Gen9 table describes dword d
	 * of the register file when mmio_index[d] == i + 1; 0 means plain
	 * storage. Read-only after registration.
	 */
	u16 *mmio_index;
	/* Number of GGTT entries (ggtt_size >> GVT_GTT_PAGE_SHIFT). */
	u32 ggtt_entries;

	/* Link in the global device list, under gvt_registry_lock. */
	struct list_head link;
	/* Frontends whose device_added succeeded, as a bitmap of slots. */
	unsigned long fe_attached;
};

struct gvt_vgpu {
	struct gvt_device *gvt;
	const struct gvt_type *type;
	unsigned int id;
	struct gvt_gm_range low;
	struct gvt_gm_range high;
	unsigned int num_fences;
	u8 fences[GVT_MAX_FENCES];
	struct list_head link;

	/* Protects the emulated state below. */
	struct mutex lock;
	u8 cfg[GVT_CFG_SPACE_SIZE];

	/* Register file, GVT_MMIO_SIZE bytes, CPU endian dwords. */
	u32 *vreg;
	enum gvt_failsafe failsafe;
	/* The guest has read PVINFO: it knows it runs on a vGPU. */
	bool pv_notified;

	/*
	 * The guest's GGTT entries of the aperture and hidden ranges, and
	 * which of them hold a pin taken through @hv (the pinned frame is
	 * the one in the guest's value).
	 */
	u64 *ggtt_low;
	u64 *ggtt_high;
	unsigned long *pinned_low;
	unsigned long *pinned_high;
	/* Entry with one 4-byte half written (bit 0: low, bit 1: high). */
	u32 ggtt_half_index;
	u32 ggtt_halves;

	const struct gvt_hv_ops *hv;
	void *hv_priv;
};

/* partition.c */
void gvt_gm_pool_init(struct gvt_gm_pool *pool, u64 start, u64 end);
int gvt_gm_alloc(struct gvt_gm_pool *pool, struct gvt_gm_range *r, u64 size);
void gvt_gm_free(struct gvt_gm_range *r);
u64 gvt_gm_free_bytes(const struct gvt_gm_pool *pool);
unsigned int gvt_gm_fit_count(const struct gvt_gm_pool *pool, u64 size);
unsigned int gvt_fences_free(const struct gvt_device *gvt);
int gvt_fences_alloc(struct gvt_device *gvt, unsigned int n, u8 *out);
void gvt_fences_free_set(struct gvt_device *gvt, unsigned int n,
			 const u8 *fences);

/* types.c */
int gvt_types_init(struct gvt_device *gvt);
unsigned int gvt_type_available_locked(struct gvt_device *gvt,
				       const struct gvt_type *type);

/* vgpu.c */
void gvt_vgpu_release_resources(struct gvt_vgpu *vgpu);
void gvt_vgpu_free(struct gvt_vgpu *vgpu);

/* cfg_space.c */
void gvt_cfg_init_masks(struct gvt_device *gvt);
void gvt_cfg_reset(struct gvt_vgpu *vgpu);

/* mmio_table.c */
int gvt_mmio_table_init(struct gvt_device *gvt);
void gvt_mmio_table_fini(struct gvt_device *gvt);
const struct gvt_mmio_info *gvt_mmio_find(const struct gvt_device *gvt,
					  u32 offset);
bool gvt_mmio_cmd_access(const struct gvt_device *gvt, u32 offset);

/* handlers.c */
void gvt_masked_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_forcewake_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask);
void gvt_iir_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_gdrst_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_reset_ctl_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			 u32 mask);
void gvt_gfx_mode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val,
			u32 mask);
void gvt_pcode_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* mmio.c */
int gvt_mmio_alloc(struct gvt_vgpu *vgpu);
void gvt_mmio_free(struct gvt_vgpu *vgpu);
void gvt_mmio_reset(struct gvt_vgpu *vgpu);
void gvt_enter_failsafe(struct gvt_vgpu *vgpu, enum gvt_failsafe reason);
void gvt_mmio_restore(struct gvt_vgpu *vgpu, u32 start, u32 end);

/* Register @offset (dword aligned, below GVT_MMIO_SIZE) of a vGPU. */
static inline u32 *gvt_vreg(struct gvt_vgpu *vgpu, u32 offset)
{
	return &vgpu->vreg[offset >> 2];
}

/* @old with the bits of @mask taken from @val. */
static inline u32 gvt_merge(u32 old, u32 val, u32 mask)
{
	return (old & ~mask) | (val & mask);
}

/* pvinfo.c */
void gvt_pvinfo_reset(struct gvt_vgpu *vgpu);
u32 gvt_pvinfo_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_pvinfo_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);

/* fence.c */
u32 gvt_fence_read(struct gvt_vgpu *vgpu, u32 offset);
void gvt_fence_write(struct gvt_vgpu *vgpu, u32 offset, u32 val, u32 mask);
void gvt_fences_reset(struct gvt_vgpu *vgpu);

/* ggtt.c */
int gvt_ggtt_alloc(struct gvt_vgpu *vgpu);
void gvt_ggtt_free(struct gvt_vgpu *vgpu);
void gvt_ggtt_reset(struct gvt_vgpu *vgpu);
void gvt_ggtt_scrub(struct gvt_vgpu *vgpu);
int gvt_ggtt_read(struct gvt_vgpu *vgpu, u64 offset, u64 *val,
		  unsigned int len);
int gvt_ggtt_write(struct gvt_vgpu *vgpu, u64 offset, u64 val,
		   unsigned int len);
bool gvt_gm_range_owned(const struct gvt_vgpu *vgpu, u64 start, u64 size);
int gvt_guest_rw(struct gvt_vgpu *vgpu, u64 gpa, void *buf, unsigned int len,
		 bool write);

/* device.c */
void gvt_registry_exit(void);

#endif /* _GVT_INTERNAL_H_ */
