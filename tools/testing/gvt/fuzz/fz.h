/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world of the BAR0 fuzzer: one GVT device on a fake host, two vGPUs
 * on it, each with a fake hypervisor that counts pins, and the oracles that
 * judge what the core did to them.
 *
 * The host callbacks and the hypervisor callbacks check every call as it
 * happens: a GGTT entry or a fence may only be written for the vGPU the
 * fuzzer is acting on, with a lock held, and a GGTT entry may only point at
 * a frame that vGPU has pinned. The state of the vGPU the fuzzer is not
 * acting on is compared with a snapshot whenever the fuzzer switches
 * between them and at the end of each input.
 */
#ifndef _GVT_FUZZ_FZ_H
#define _GVT_FUZZ_FZ_H

#include "gvt_internal.h"

/* What ggtt_clear() writes into the fake host GGTT. */
#define FZ_SCRATCH_PTE		0x00005c5c5c5c5001ULL
/* Initial host GGTT entry @i: owner field 0xbad0, never a guest page. */
#define FZ_GARBAGE_PTE(i)	(0xbad0000000000001ULL | ((u64)(i) << 12))
#define FZ_GARBAGE_FENCE(n)	(0xfe0ce00000000001ULL | ((u64)(n) << 12))
/*
 * Host address of guest frame @gfn (below FZ_GFN_LIMIT) of the vGPU in
 * slot @slot: the slot is encoded in bits 43:42, inside the address field
 * (bits 45:12) of a GGTT entry.
 */
#define FZ_OWNER_SHIFT		42
#define FZ_GFN_ADDR(slot, gfn)	\
	(((u64)(slot) + 1) << FZ_OWNER_SHIFT | ((gfn) << GVT_GTT_PAGE_SHIFT))
/* Frames the fake hypervisor refuses to pin (not guest memory). */
#define FZ_GFN_LIMIT		BIT_ULL(30)
#define FZ_GFN_BAD_LOW		0xee

#define FZ_VGPUS		2
/* Open-addressing pin table per vGPU; inputs pin far fewer frames. */
#define FZ_PIN_SLOTS		8192
#define FZ_CREATE_LOG		16
/* Host entries written per vGPU that are tracked one by one. */
#define FZ_DIRTY		16384

/* The largest ranges of a vGPU, in GGTT entries. */
#define FZ_MAX_LOW	((512ULL << 20) >> GVT_GTT_PAGE_SHIFT)
#define FZ_MAX_HIGH	((4096ULL << 20) >> GVT_GTT_PAGE_SHIFT)
/* Pages (4 KiB) of the largest array of a state, the hidden GGTT values. */
#define FZ_ZPAGE_SHIFT	12
#define FZ_ZPAGES	((FZ_MAX_HIGH * 8) >> FZ_ZPAGE_SHIFT)

/* The arrays of a vGPU's state (the store tracker follows them). */
enum fz_arr {
	FZ_ARR_VREG,
	FZ_ARR_GGTT_LOW,
	FZ_ARR_GGTT_HIGH,
	FZ_ARR_PIN_LOW,
	FZ_ARR_PIN_HIGH,
	FZ_ARRS,
};

/**
 * struct fz_state - the emulated state of a vGPU, copied from the core
 * @vreg: register file
 * @ggtt_low: the guest's GGTT values of the aperture range
 * @ggtt_high: the guest's GGTT values of the hidden range
 * @pinned_low: pinned entries of the aperture range
 * @pinned_high: pinned entries of the hidden range
 * @cfg: PCI configuration space
 * @failsafe: failsafe reason
 * @pv_notified: the guest read PVINFO
 * @half_index: GGTT entry with one half written
 * @halves: halves written of @half_index
 * @hv: hypervisor ops
 * @hv_priv: their private pointer
 * @zero: per array (enum fz_arr), its whole pages known to be all zero;
 *	  every write to the arrays goes through fz_image_write()
 */
struct fz_state {
	u32 *vreg;
	u64 *ggtt_low;
	u64 *ggtt_high;
	unsigned long *pinned_low;
	unsigned long *pinned_high;
	u8 cfg[GVT_CFG_SPACE_SIZE];
	enum gvt_failsafe failsafe;
	bool pv_notified;
	u32 half_index;
	u32 halves;
	const struct gvt_hv_ops *hv;
	void *hv_priv;
	unsigned long zero[FZ_ARRS][BITS_TO_LONGS(FZ_ZPAGES)];
};

/**
 * struct fz_pin - pins of one guest frame
 * @gfn: the frame
 * @count: pins held; 0 for a slot once used
 * @used: the slot holds @gfn
 */
struct fz_pin {
	u64 gfn;
	long count;
	bool used;
};

struct fz_vgpu;

/**
 * struct fz_array - one array of a vGPU's state, as the store tracker sees it
 * @v: the vGPU
 * @cur: the core's array
 * @base: its copy in the vGPU's base
 * @snap: its copy in the vGPU's snap
 * @size: bytes of @cur
 * @nblocks: 64-byte blocks of @cur
 * @words: longs allocated for each bitmap
 * @dirty: blocks where @cur may differ from the reference (@snap if the
 *	   vGPU's @ref_snap, otherwise @base)
 * @sdirty: blocks where @snap may differ from @base
 * @base_zero: blocks of @base that are all zero, a word of them at a time
 *	       where @base_known says the word is computed
 * @base_known: the words of @base_zero computed, from the first need
 */
struct fz_array {
	struct fz_vgpu *v;
	u8 *cur;
	u8 *base;
	u8 *snap;
	size_t size;
	unsigned long nblocks;
	unsigned long words;
	unsigned long *dirty;
	unsigned long *sdirty;
	unsigned long *dsum;
	unsigned long *ssum;
	unsigned long *base_zero;
	unsigned long *base_known;
};

/**
 * struct fz_vgpu - one vGPU of the fuzzer and its fake hypervisor
 * @slot: 0 or 1
 * @vgpu: the core's vGPU, NULL before creation and after destruction
 * @res: its resources
 * @low_first: first GGTT entry of the aperture range
 * @low_count: entries of the aperture range
 * @high_first: first GGTT entry of the hidden range
 * @high_count: entries of the hidden range
 * @hv_attached: the fake hypervisor is attached
 * @pins: pin table
 * @pins_used: slots of @pins in use since the start of the input
 * @npins_used: entries of @pins_used
 * @pins_held: sum of the pin counts
 * @fail_pins: the hypervisor refuses every pin
 * @base: state right after creation (what a reset must restore)
 * @snap: state when the fuzzer last stopped acting on this vGPU
 * @idle: the state the vGPU must keep while the fuzzer acts on the other
 *	  one: @base until the fuzzer first leaves it, then @snap
 * @dirty: host GGTT entries written since they were last all checked to
 *	   map the scratch page
 * @ndirty: entries in @dirty
 * @dirty_overflow: more entries were written than @dirty holds
 * @touched: the current input acted on this vGPU
 * @at_base: nothing acted on this vGPU since a reset that was checked
 * @arr: its arrays, for the store tracker (fz_track.c)
 * @ref_snap: the tracker's dirty blocks are relative to @snap, not @base
 */
struct fz_vgpu {
	unsigned int slot;
	struct gvt_vgpu *vgpu;
	struct gvt_vgpu_resources res;
	u32 low_first;
	u32 low_count;
	u32 high_first;
	u32 high_count;
	bool hv_attached;
	struct fz_pin pins[FZ_PIN_SLOTS];
	u16 pins_used[FZ_PIN_SLOTS];
	unsigned int npins_used;
	long pins_held;
	bool fail_pins;
	struct fz_state base;
	struct fz_state snap;
	const struct fz_state *idle;
	u32 dirty[FZ_DIRTY];
	unsigned int ndirty;
	bool dirty_overflow;
	bool touched;
	bool at_base;
	struct fz_array arr[FZ_ARRS];
	bool ref_snap;
};

/* Bits of the first byte of an input. */
#define FZ_WORLD_BIG		BIT(0)	/* the configuration with 4 GiB GGTT */
#define FZ_WORLD_NO_HV		BIT(1)	/* vGPU 1 without hypervisor */
#define FZ_WORLD_FAIL_PINS	BIT(2)	/* vGPU 0's hypervisor refuses pins */
#define FZ_WORLD_TEARDOWN	(BIT(3) | BIT(4))	/* destroy at the end */

/**
 * struct fz_world - a GVT device with two vGPUs, kept across inputs
 * @config: host configuration (index in fz_env.c's table)
 * @info: the fake host's description
 * @gvt: the GVT device, NULL when torn down
 * @ggtt: the fake host GGTT
 * @ggtt_entries: entries of @ggtt
 * @dirty_map: entries of @ggtt in some vGPU's dirty list
 * @fences: the fake host fence registers
 * @v: the two vGPUs
 * @acting: the vGPU the current core call is for; host and hypervisor
 *	    callbacks may only touch its resources
 * @creating: a vGPU is being created (its ranges are not known yet)
 * @create_log: GGTT ranges cleared while creating, checked afterwards
 * @ncreate_log: entries of @create_log
 * @scratch: ranges of @ggtt known to map the scratch page, the slices of
 *	     the vGPUs destroyed last, until the next setup's vGPUs exist
 * @nscratch: entries of @scratch
 * @op: index of the operation being run, for messages
 * @live_allocs: allocations the core made for the device and its vGPUs
 * @live_input: the core's live allocations when the input began
 */
struct fz_world {
	unsigned int config;
	struct gvt_host_info info;
	struct gvt_device *gvt;
	u64 *ggtt;
	u32 ggtt_entries;
	unsigned long *dirty_map;
	u64 fences[GVT_MAX_FENCES];
	struct fz_vgpu v[FZ_VGPUS];
	struct fz_vgpu *acting;
	bool creating;
	struct {
		u32 first;
		u32 count;
	} create_log[FZ_CREATE_LOG];
	unsigned int ncreate_log;
	struct {
		u32 first;
		u32 count;
	} scratch[2 * FZ_VGPUS];
	unsigned int nscratch;
	unsigned long op;
	long live_allocs;
	long live_input;
};

/* The current world. */
extern struct fz_world *fz;
extern const struct gvt_host_ops fz_host_ops;
extern const struct gvt_hv_ops fz_hv_ops;
extern unsigned long fz_sink;

/* Report a violated oracle and abort(): libFuzzer keeps the input. */
void fz_fail(const char *fmt, ...) __printf(1, 2);
void fz_trace(const char *fmt, ...) __printf(1, 2);

void fz_world_begin(u8 world);
void fz_world_end(u8 world);
void fz_reset_checked(struct fz_vgpu *v);

long fz_pins_of(struct fz_vgpu *v, u64 gfn);
bool fz_pin_would_fail(const struct fz_vgpu *v, u64 gfn);
bool fz_in_low(const struct fz_vgpu *v, u64 index);
bool fz_in_high(const struct fz_vgpu *v, u64 index);
bool fz_owns_entry(const struct fz_vgpu *v, u64 index);

void fz_state_alloc(struct fz_state *s, const struct fz_vgpu *v);
void fz_state_save(struct fz_state *s, const struct fz_vgpu *v);
bool fz_all_zero(const u8 *p, size_t n);
void fz_image_write(struct fz_state *s, unsigned int k, void *img,
		    size_t off, const void *src, size_t n);
void fz_image_copy(struct fz_state *dst, const struct fz_state *src,
		   unsigned int k, void *dimg, const void *simg, size_t n);
void fz_state_save_small(struct fz_state *s, const struct fz_vgpu *v);
void fz_state_check(const struct fz_state *s, const struct fz_vgpu *v,
		    const char *what);
void fz_state_check_small(const struct fz_state *s, const struct fz_vgpu *v,
			  const char *what);

void fz_track_write(const void *p, size_t len);
void fz_track_set(const void *p, int c, size_t len);
void fz_track_births(void);
void fz_track_attach(struct fz_vgpu *v);
void fz_track_detach(struct fz_vgpu *v);
void fz_track_begin(struct fz_vgpu *v);
void fz_track_save(struct fz_vgpu *v);
void fz_track_check(struct fz_vgpu *v, const struct fz_state *s,
		    const char *what);

/* Called by the core of fuzz_vgpu, built with trace-stores. */
void __sanitizer_cov_store1(u8 *p);
void __sanitizer_cov_store2(u16 *p);
void __sanitizer_cov_store4(u32 *p);
void __sanitizer_cov_store8(u64 *p);
void __sanitizer_cov_store16(__int128 *p);

void fz_check_host_slice(struct fz_vgpu *v, bool all_scratch);
void fz_check_fences_off(const struct fz_vgpu *v);

#endif /* _GVT_FUZZ_FZ_H */
