/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the GVT-g selftests: discovery of mdev parents and
 * GVTg_V5_* types in sysfs, vGPU create/remove, the arithmetic model of
 * the type resources, the gvt_sim debugfs files, and a vGPU opened
 * through VFIO (regions, BAR0 accesses, PVINFO, DMA map/unmap).
 *
 * Functions return 0 or a count on success and a negative errno on
 * failure, so that tests can assert exact error codes.
 */
#ifndef GVT_LIB_H
#define GVT_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vfio_region_info;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#define GVT_MDEV_BUS		"/sys/class/mdev_bus"
#define GVT_MDEV_DEVICES	"/sys/bus/mdev/devices"
#define GVT_DEBUGFS		"/sys/kernel/debug"
#define GVT_SIM_DEBUGFS		GVT_DEBUGFS "/gvt_sim"
#define GVT_SIM_PARAM		"/sys/module/gvt_sim/parameters/aperture_mb"

#define GVT_MAX_PARENTS		16
#define GVT_MAX_TYPES		8
#define GVT_MAX_VGPUS		64
#define GVT_UUID_LEN		36
#define GVT_NAME_LEN		64
#define GVT_PATH_LEN		512

/* Gen9 resources and the host's share (DESIGN.md section 4). */
#define GVT_HOST_LOW_MB		128
#define GVT_HOST_HIGH_MB	384
#define GVT_HOST_FENCES		4
#define GVT_GGTT_MB		4096UL
#define GVT_NUM_FENCES		32
#define GVT_MIN_VGPU_ID		1
#define GVT_MAX_VGPU_ID		7
#define GVT_PAGE_SIZE		4096UL

/**
 * struct gvt_type_spec - what the ABI promises for one vGPU type
 * @name: sysfs name, e.g. "GVTg_V5_4"
 * @low_mb: aperture (low) graphics memory in MiB
 * @high_mb: hidden (high) graphics memory in MiB
 * @fences: fence registers
 * @weight: scheduling weight
 * @resolution: maximum EDID resolution
 */
struct gvt_type_spec {
	const char *name;
	unsigned long low_mb;
	unsigned long high_mb;
	unsigned long fences;
	unsigned long weight;
	const char *resolution;
};

#define GVT_NR_TYPE_SPECS	4
extern const struct gvt_type_spec gvt_type_specs[GVT_NR_TYPE_SPECS];

/**
 * struct gvt_type - one type directory of a parent
 * @dir: directory name under mdev_supported_types, e.g. "gvt_sim-GVTg_V5_8"
 * @name: the part after "<driver>-", e.g. "GVTg_V5_8"
 * @spec: the matching ABI entry, NULL if the name is unknown
 */
struct gvt_type {
	char dir[GVT_NAME_LEN];
	char name[GVT_NAME_LEN];
	const struct gvt_type_spec *spec;
};

/**
 * struct gvt_parent - one mdev parent offering GVTg_V5_* types
 * @name: device name, e.g. "gvt_sim.1" or "0000:00:02.0"
 * @driver: name of the bound driver (the type directory prefix)
 * @nr_types: number of GVTg types, sorted by growing aperture size
 * @types: the types
 * @aperture_mb: aperture size in MiB, -1 if it cannot be determined
 * @aperture_guessed: @aperture_mb was inferred from the offered types
 * @sim: the gvt_sim debugfs directory of this parent exists
 */
struct gvt_parent {
	char name[GVT_NAME_LEN];
	char driver[GVT_NAME_LEN];
	int nr_types;
	struct gvt_type types[GVT_MAX_TYPES];
	long aperture_mb;
	bool aperture_guessed;
	bool sim;
};

/**
 * struct gvt_env - everything gvt_discover() found
 * @nr_parents: number of parents
 * @parents: the parents, sorted by name
 * @filter: value of GVT_PARENT, empty if unset
 */
struct gvt_env {
	int nr_parents;
	struct gvt_parent parents[GVT_MAX_PARENTS];
	char filter[GVT_NAME_LEN];
};

/**
 * struct gvt_vgpus - vGPUs created by a test, removed at teardown
 * @nr: number of entries in @uuid
 * @uuid: the UUIDs
 */
struct gvt_vgpus {
	int nr;
	char uuid[GVT_MAX_VGPUS][GVT_UUID_LEN + 1];
};

/* Files */
void gvt_copy(char *dst, size_t size, const char *src);
int gvt_read(const char *path, char *buf, size_t size);
int gvt_read_long(const char *path, long *val);
int gvt_write(const char *path, const void *buf, size_t len);
int gvt_count_dir(const char *path);

/* Discovery */
int gvt_discover(struct gvt_env *env);
const char *gvt_need(struct gvt_env *env, int nr_parents);
const struct gvt_type_spec *gvt_type_spec_find(const char *name);
const struct gvt_type *gvt_find_type(const struct gvt_parent *p,
				     const char *name);
int gvt_type_path(char *buf, size_t size, const struct gvt_parent *p,
		  const struct gvt_type *t, const char *attr);
int gvt_type_description(const struct gvt_parent *p, const struct gvt_type *t,
			 unsigned long *low_mb, unsigned long *high_mb,
			 unsigned long *fences);
bool gvt_parent_idle(const struct gvt_parent *p);

/* vGPU lifecycle */
void gvt_uuid(char *uuid);
long gvt_available(const struct gvt_parent *p, const struct gvt_type *t);
int gvt_counts(const struct gvt_parent *p, long *counts);
int gvt_create(const struct gvt_parent *p, const struct gvt_type *t,
	       const char *uuid);
int gvt_remove(const char *uuid);
bool gvt_mdev_exists(const char *uuid);
int gvt_vgpu_id(const char *uuid, long *id);
/* /dev/vfio/<n> of the iommu_group link of @uuid; 0 or -errno. */
int gvt_vfio_group_path(const char *uuid, char *buf, size_t size);
int gvt_vgpus_create(struct gvt_vgpus *v, const struct gvt_parent *p,
		     const struct gvt_type *t, char *uuid_out);
int gvt_vgpus_remove(struct gvt_vgpus *v, const char *uuid);
int gvt_vgpus_remove_all(struct gvt_vgpus *v);

/**
 * struct gvt_usage - resources taken by the vGPUs of one parent
 * @low_mb: aperture graphics memory in MiB
 * @high_mb: hidden graphics memory in MiB
 * @fences: fence registers
 */
struct gvt_usage {
	unsigned long low_mb;
	unsigned long high_mb;
	unsigned long fences;
};

/* Resource model */
void gvt_usage_add(struct gvt_usage *u, const struct gvt_type *t);
void gvt_usage_sub(struct gvt_usage *u, const struct gvt_type *t);
void gvt_model_counts(const struct gvt_parent *p, const struct gvt_usage *u,
		      long *counts);
long gvt_model_available(long aperture_mb, const struct gvt_type_spec *s,
			 unsigned long used_low_mb, unsigned long used_high_mb,
			 unsigned long used_fences);
int gvt_model_nr_types(long aperture_mb);

/* gvt_sim debugfs */
bool gvt_debugfs_mounted(void);
int gvt_sim_read(const struct gvt_parent *p, const char *file,
		 uint64_t **data, size_t *nr);
int gvt_sim_read_at(const struct gvt_parent *p, const char *file,
		    size_t index, uint64_t *data, size_t nr);
int gvt_sim_scratch_pte(const struct gvt_parent *p, uint64_t *pte);
int gvt_vgpu_scratch_pte(const struct gvt_parent *p, const char *uuid,
			 uint64_t *pte);
int gvt_sim_read_u64(const struct gvt_parent *p, const char *file,
		     uint64_t *val);
int gvt_sim_write(const struct gvt_parent *p, const char *file,
		  const char *str);
int gvt_find_free(const struct gvt_env *env, long nr,
		  const struct gvt_parent **parent,
		  const struct gvt_type **type);

/*
 * BAR0 of a vGPU (Documentation/gpu/gvt/mmio.rst): registers, the PVINFO
 * page (struct vgt_if), fences and GGTT entries.
 */
#define GVT_BAR0_SIZE		(16UL << 20)
#define GVT_MMIO_SIZE		(2UL << 20)
#define GVT_GGTT_OFFSET		(8UL << 20)
#define GVT_FENCE_OFFSET	0x100000UL
#define GVT_PVINFO		0x78000UL
#define GVT_PVINFO_SIZE		0x1000UL

#define PVINFO_MAGIC		0x000	/* u64 */
#define PVINFO_VERSION_MAJOR	0x008	/* u16 */
#define PVINFO_VERSION_MINOR	0x00a	/* u16 */
#define PVINFO_VGT_ID		0x00c
#define PVINFO_CAPS		0x010
#define PVINFO_APERTURE_BASE	0x040
#define PVINFO_APERTURE_SIZE	0x044
#define PVINFO_HIDDEN_BASE	0x048
#define PVINFO_HIDDEN_SIZE	0x04c
#define PVINFO_FENCE_NUM	0x050
#define PVINFO_DISPLAY_READY	0x804
#define PVINFO_RSV5		0x808
#define PVINFO_G2V_NOTIFY	0x818
#define PVINFO_CURSOR_X_HOT	0x830
#define PVINFO_CURSOR_Y_HOT	0x834
#define PVINFO_PDP0_LO		0x838
#define PVINFO_EXECLIST_DESC_HI	0x85c

#define GVT_PVINFO_MAGIC_VALUE	0x4776544776544776ULL
/* FULL_PPGTT | HWSP_EMULATION | HUGE_GTT */
#define GVT_PVINFO_CAPS_VALUE	((1U << 2) | (1U << 3) | (1U << 4))

/* A fence value (Gen6+ layout): valid, start, pitch, end. */
#define GVT_FENCE_VALID		1ULL
#define GVT_FENCE_PITCH_SHIFT	32
#define GVT_FENCE_END_SHIFT	32	/* end bits 31:12 land in 63:44 */
#define GVT_PTE_PRESENT		1ULL

/**
 * struct gvt_pvinfo - the PVINFO fields a guest driver reads
 * @magic: VGT_MAGIC
 * @major: version_major
 * @minor: version_minor
 * @vgt_id: the vGPU id
 * @caps: vgt_caps
 * @ap_base: first aperture (low) GM address of the vGPU
 * @ap_size: aperture size in bytes
 * @hidden_base: first hidden (high) GM address of the vGPU
 * @hidden_size: hidden size in bytes
 * @fence_num: fence registers of the vGPU
 * @cursor_x_hot: cursor_x_hot
 * @cursor_y_hot: cursor_y_hot
 */
struct gvt_pvinfo {
	uint64_t magic;
	uint16_t major;
	uint16_t minor;
	uint32_t vgt_id;
	uint32_t caps;
	uint32_t ap_base;
	uint32_t ap_size;
	uint32_t hidden_base;
	uint32_t hidden_size;
	uint32_t fence_num;
	uint32_t cursor_x_hot;
	uint32_t cursor_y_hot;
};

#define GVT_VFIO_REGIONS	9	/* VFIO_PCI_NUM_REGIONS */

/**
 * struct gvt_vfio - an open vGPU: type1v2 container, group and device fd
 * @container: /dev/vfio/vfio
 * @group: /dev/vfio/<group>
 * @device: the device fd
 * @offset: file offset of each region (VFIO_DEVICE_GET_REGION_INFO)
 * @size: size of each region, 0 if the driver reports none
 * @flags: flags of each region
 */
struct gvt_vfio {
	int container;
	int group;
	int device;
	uint64_t offset[GVT_VFIO_REGIONS];
	uint64_t size[GVT_VFIO_REGIONS];
	uint32_t flags[GVT_VFIO_REGIONS];
};

/* VFIO */
void gvt_vfio_init(struct gvt_vfio *v);
int gvt_vfio_open(struct gvt_vfio *v, const char *uuid);
void gvt_vfio_close(struct gvt_vfio *v);
int gvt_vfio_rw(const struct gvt_vfio *v, unsigned int region, uint64_t off,
		void *buf, size_t len, bool write);
int gvt_bar0_read32(const struct gvt_vfio *v, uint64_t off, uint32_t *val);
int gvt_bar0_write32(const struct gvt_vfio *v, uint64_t off, uint32_t val);
int gvt_bar0_read64(const struct gvt_vfio *v, uint64_t off, uint64_t *val);
int gvt_bar0_write64(const struct gvt_vfio *v, uint64_t off, uint64_t val);
int gvt_pvinfo_read(const struct gvt_vfio *v, struct gvt_pvinfo *pv);
int gvt_dma_map(const struct gvt_vfio *v, void *vaddr, uint64_t iova,
		uint64_t size);
int gvt_dma_unmap(const struct gvt_vfio *v, uint64_t iova, uint64_t size);
uint64_t gvt_fence_value(uint64_t start, uint64_t size, unsigned int pitch);
int gvt_vfio_find_region(int device, uint32_t type, uint32_t subtype,
			 struct vfio_region_info *info, size_t size);

/*
 * Workloads (gvt_exec_test): the PCI config region, the MSI vector and
 * the core's per-vGPU debugfs files.
 */
#define GVT_CORE_DEBUGFS	GVT_DEBUGFS "/gvt"

int gvt_cfg_read(const struct gvt_vfio *v, unsigned int off, void *buf,
		 size_t len);
int gvt_cfg_write(const struct gvt_vfio *v, unsigned int off,
		  const void *buf, size_t len);
int gvt_cfg_find_cap(const struct gvt_vfio *v, unsigned int id);
int gvt_msi_eventfd(const struct gvt_vfio *v, int fd);
int gvt_vgpu_debugfs_dir(const struct gvt_parent *p, const char *uuid,
			 char *buf, size_t size);
int gvt_debugfs_field(const char *dir, const char *file, const char *key,
		      char *val, size_t size);
int gvt_debugfs_u64(const char *dir, const char *file, const char *key,
		    uint64_t *val);

#endif /* GVT_LIB_H */
