/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GVT-g core API: the contract between the hypervisor-neutral vGPU core
 * (gvt.ko), the host backends that describe a physical GPU (gvt_sim.ko,
 * later gvt_i915.ko) and the hypervisor frontends that expose vGPUs to
 * guests (gvt_vfio.ko, later xengt.ko).
 *
 * A frontend never includes a backend's header and vice versa; both see only
 * this file.
 */
#ifndef _GVT_GVT_H_
#define _GVT_GVT_H_

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/list.h>

struct device;
struct gvt_device;
struct gvt_vgpu;

/** GVT_MAX_VGPU - vGPU ids per GVT device, id 0 is reserved (idle vGPU). */
#define GVT_MAX_VGPU		8
/** GVT_HOST_LOW_GM_SIZE - aperture (low GM) kept by the host. */
#define GVT_HOST_LOW_GM_SIZE	(128ULL << 20)
/** GVT_HOST_HIGH_GM_SIZE - hidden (high GM) kept by the host. */
#define GVT_HOST_HIGH_GM_SIZE	(384ULL << 20)
/** GVT_HOST_FENCES - fence registers kept by the host. */
#define GVT_HOST_FENCES		4
/** GVT_MAX_FENCES - upper bound of fence registers on Gen9. */
#define GVT_MAX_FENCES		32
/** GVT_GTT_PAGE_SHIFT - one GGTT entry maps 4 KiB of graphics memory. */
#define GVT_GTT_PAGE_SHIFT	12
/** GVT_GGTT_PTE_PRESENT - bit 0 of a Gen9 GGTT entry: it maps a page. */
#define GVT_GGTT_PTE_PRESENT	BIT_ULL(0)
/** GVT_GGTT_PTE_ADDR_MASK - bits 45:12 of a Gen9 GGTT entry: the page. */
#define GVT_GGTT_PTE_ADDR_MASK	GENMASK_ULL(45, GVT_GTT_PAGE_SHIFT)
/** GVT_NUM_TYPES - vGPU types on Gen9 (GVTg_V5_8, _4, _2, _1). */
#define GVT_NUM_TYPES		4
/** GVT_CFG_SPACE_SIZE - size of a vGPU's PCI configuration space. */
#define GVT_CFG_SPACE_SIZE	4096
/** GVT_MAX_GGTT_SIZE - graphics memory a Gen9 GGTT can map (1M entries). */
#define GVT_MAX_GGTT_SIZE	(4ULL << 30)
/* Bytes of a vGPU's ACPI OpRegion (gvt_vgpu_opregion_read()). */
#define GVT_OPREGION_SIZE	8192
/**
 * GVT_ROM_SIZE - a vGPU's expansion ROM, when it has one (gvt.vbt_rom=1)
 */
#define GVT_ROM_SIZE		8192
/**
 * GVT_EDID_MAX_SIZE - the largest EDID the vGPU's monitor shows: a base
 * block and one extension (gvt_vgpu_edid_set()).
 */
#define GVT_EDID_MAX_SIZE	256
/** GVT_MMIO_SIZE - the register file at the start of BAR0. */
#define GVT_MMIO_SIZE		(2U << 20)
/** GVT_GGTT_OFFSET - BAR0 offset of the GGTT entries (8 bytes each). */
#define GVT_GGTT_OFFSET		(8U << 20)
/** GVT_PVINFO_OFFSET - BAR0 offset of the PVINFO page (struct vgt_if). */
#define GVT_PVINFO_OFFSET	0x78000
/** GVT_PVINFO_SIZE - size of the PVINFO page. */
#define GVT_PVINFO_SIZE		0x1000
/** GVT_FENCE_OFFSET - BAR0 offset of fence register 0 (8 bytes each). */
#define GVT_FENCE_OFFSET	0x100000

/**
 * struct gvt_type - a vGPU type (mdev type GVTg_V5_*)
 * @name: type name without the parent prefix, e.g. "GVTg_V5_4"
 * @low_gm_size: aperture (CPU-visible) graphics memory in bytes
 * @high_gm_size: hidden graphics memory in bytes
 * @fences: fence registers
 * @weight: scheduler weight (16 / instances-per-GPU)
 * @xres: maximum horizontal resolution of the virtual display
 * @yres: maximum vertical resolution of the virtual display
 */
struct gvt_type {
	const char *name;
	u64 low_gm_size;
	u64 high_gm_size;
	unsigned int fences;
	unsigned int weight;
	unsigned int xres;
	unsigned int yres;
};

/**
 * enum gvt_plane_id - the display planes a frontend can show to the host
 * @GVT_PLANE_PRIMARY: the primary plane (plane 1) of the first enabled pipe
 * @GVT_PLANE_CURSOR: the cursor of that pipe
 */
enum gvt_plane_id {
	GVT_PLANE_PRIMARY,
	GVT_PLANE_CURSOR,
};

/**
 * struct gvt_plane - a guest's plane as gvt_vgpu_plane_read() copies it
 * @enabled: the plane is on, on an enabled pipe; every other member is 0
 *	     when it is not
 * @pipe: the pipe it is on (0 = A)
 * @drm_format: DRM fourcc of the pixels: XRGB8888, XBGR8888, ARGB8888 or
 *		ABGR8888 (the copy keeps the guest's byte order)
 * @width: pixels per line
 * @height: lines
 * @stride: bytes per line of the linear copy (@width * 4)
 * @size: bytes of the copy (@stride * @height)
 * @x: position of the plane's left edge on the pipe (the cursor's; 0 for
 *     the primary plane); may be negative
 * @y: position of its top edge, likewise
 * @gma: graphics address of the guest's surface (PLANE_SURFLIVE or
 *	 CUR_BASE)
 * @tiled: the guest's surface is X-tiled (else linear)
 * @guest_stride: bytes per line of the guest's surface (X-tiled: tiles per
 *		  row times 512, the bytes of one line of a row of tiles)
 */
struct gvt_plane {
	bool enabled;
	unsigned int pipe;
	u32 drm_format;
	u32 width;
	u32 height;
	u32 stride;
	u32 size;
	s32 x;
	s32 y;
	u64 gma;
	bool tiled;
	u32 guest_stride;
};

/**
 * struct gvt_host_info - identity and resources of a physical GPU
 * @dev: the host device; frontends hang their objects (mdev parent) here.
 *	 The core never dereferences it.
 * @name: unique name of this GPU (e.g. the device name), for messages
 * @vendor: PCI vendor id
 * @device: PCI device id
 * @revision: PCI revision id
 * @subsystem_vendor: PCI subsystem vendor id
 * @subsystem_device: PCI subsystem id
 * @bar0_size: size of the MMIO + GTT BAR (GTTMMADR) in bytes, a power of
 *	       two like every PCI BAR (the vGPU's BAR sizing relies on it)
 * @aperture_size: size of the aperture BAR (GMADR) = low GM, in bytes; the
 *		   vGPU's BAR2 has this size, so it too is a power of two
 * @ggtt_size: graphics memory addressed by the GGTT, in bytes, at most
 *	       %GVT_MAX_GGTT_SIZE
 * @num_fences: fence registers of the GPU (at most %GVT_MAX_FENCES)
 * @mmio_snapshot: %GVT_MMIO_SIZE bytes of register values (little endian)
 *		   at power-on, from which every vGPU's register file starts;
 *		   NULL means all zero. Must stay valid until
 *		   gvt_device_unregister().
 */
struct gvt_host_info {
	struct device *dev;
	const char *name;
	u16 vendor;
	u16 device;
	u8 revision;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u64 bar0_size;
	u64 aperture_size;
	u64 ggtt_size;
	unsigned int num_fences;
	const void *mmio_snapshot;
};

/**
 * enum gvt_engine - the command streamers of a Gen9 GPU
 * @GVT_ENGINE_RCS: render (RCS0), register block 0x2000
 * @GVT_ENGINE_VCS: video (VCS0), register block 0x12000
 * @GVT_ENGINE_VCS2: second video engine (VCS1, GT3 only), 0x1c000
 * @GVT_ENGINE_BCS: blitter (BCS0), register block 0x22000
 * @GVT_ENGINE_VECS: video enhancement (VECS0), register block 0x1a000
 * @GVT_NUM_ENGINES: number of engines
 */
enum gvt_engine {
	GVT_ENGINE_RCS,
	GVT_ENGINE_VCS,
	GVT_ENGINE_VCS2,
	GVT_ENGINE_BCS,
	GVT_ENGINE_VECS,
	GVT_NUM_ENGINES,
};

/**
 * enum gvt_workload_buf_kind - what a buffer of a workload is
 * @GVT_WL_BUF_RING: the guest's ring segment head..tail, unwrapped; runs
 *		     privileged, like a ring
 * @GVT_WL_BUF_BATCH: a first-level batch buffer
 * @GVT_WL_BUF_BATCH2: a second-level batch buffer
 * @GVT_WL_BUF_INDIRECT_CTX: the context's indirect-context workaround
 *			     batch (RCS), run at context restore before the
 *			     ring, privileged
 * @GVT_WL_BUF_PER_CTX: the context's per-context workaround batch (RCS),
 *			privileged
 */
enum gvt_workload_buf_kind {
	GVT_WL_BUF_RING,
	GVT_WL_BUF_BATCH,
	GVT_WL_BUF_BATCH2,
	GVT_WL_BUF_INDIRECT_CTX,
	GVT_WL_BUF_PER_CTX,
};

/**
 * struct gvt_workload_buf - one scanned command buffer of a workload
 * @cmds: the scanned copy: exactly the dwords the command scanner
 *	  checked, in the core's memory. Read-only to the backend, which
 *	  copies them to memory the GPU can fetch.
 * @ndw: dwords in @cmds
 * @gma: graphics address the guest gave the buffer (GGTT, or PPGTT when
 *	 @ppgtt); for messages and for backends that keep the guest's
 *	 addresses, never to be fetched from (the guest may have rewritten
 *	 it since the scan)
 * @ppgtt: the buffer is non-privileged: its memory operands are PPGTT
 *	   addresses and must resolve through the workload's shadow PPGTT.
 *	   The scanner has refused every GGTT operand and every privileged
 *	   command in such a buffer. Otherwise its operands are GGTT
 *	   addresses (guest GM addresses equal host GM addresses, so they
 *	   need no relocation).
 * @kind: enum gvt_workload_buf_kind
 * @parent: index in &gvt_workload.bufs of the buffer whose
 *	    MI_BATCH_BUFFER_START starts this one (the caller of a batch,
 *	    or the previous link of a chain); -1 for the ring segment and
 *	    the workaround batches
 * @start_dw: dword index in the parent's @cmds of that
 *	      MI_BATCH_BUFFER_START. Its dwords @start_dw + 1 (address bits
 *	      31:0) and @start_dw + 2 (bits 47:32) hold the guest's address
 *	      (@gma); the backend writes there, in its copy of the parent,
 *	      the address at which it placed its copy of this buffer, and
 *	      may change the address-space bit (bit 8) of dword @start_dw
 *	      to match where it placed it.
 */
struct gvt_workload_buf {
	const u32 *cmds;
	u32 ndw;
	u64 gma;
	bool ppgtt;
	enum gvt_workload_buf_kind kind;
	int parent;
	u32 start_dw;
};

/**
 * struct gvt_wl_reg - a GPU register a workload brings its own value of
 * @offset: its offset in the register file (BAR0)
 * @val: on &gvt_host_ops.submit, the value the register must hold while
 *	 the workload runs; when the backend completes the workload, the
 *	 value it holds then. For a @masked register, bits 15:0.
 * @masked: bits 31:16 of the register enable writes to bits 15:0: load
 *	    it by writing 0xffff0000 | @val
 */
struct gvt_wl_reg {
	u32 offset;
	u32 val;
	bool masked;
};

/* Descriptor addressing mode of &gvt_workload.addressing_mode. */
/** GVT_WL_ADDR_LEGACY_64 - 4-level (48-bit) PPGTT, no A/D bits */
#define GVT_WL_ADDR_LEGACY_64	3

/*
 * Interrupt events of &gvt_workload.events, in the layout of an engine's
 * 16-bit field of the GT interrupt registers.
 */
/** GVT_WL_EVENT_USER - an MI_USER_INTERRUPT executed */
#define GVT_WL_EVENT_USER	BIT(0)
/** GVT_WL_EVENT_NOTIFY - a PIPE_CONTROL or MI_FLUSH_DW with notify executed */
#define GVT_WL_EVENT_NOTIFY	BIT(4)

/**
 * struct gvt_workload - one guest context submission, ready to run
 * @vgpu_id: id of the submitting vGPU, for messages and per-vGPU state of
 *	     the backend (a shadow context per vGPU and engine)
 * @engine: the engine it runs on
 * @bufs: the scanned buffers; @bufs[0] is the ring segment, the others
 *	  are batch buffers (reached through @parent/@start_dw) and the
 *	  workaround batches (@parent -1). Every MI_BATCH_BUFFER_START in
 *	  any buffer starts exactly one other buffer of the array.
 * @nr_bufs: entries of @bufs, at least 1
 * @lrca: GGTT address of page 0 of the guest's context image (inside the
 *	  vGPU's partition, so also mapped by the host GGTT while the
 *	  workload is in flight). A backend that keeps engine state in a
 *	  shadow context image may copy the guest's pages 2 and up from
 *	  there and back; page 1 (ring registers) is the core's.
 * @ctx_pages: pages of the context image from @lrca (RCS 22, others 2)
 * @ctx_ctrl: CTX_CTRL of the image, bits 15:0 (bit 0 RESTORE_INHIBIT:
 *	      the engine state starts from defaults, not from the image)
 * @ring_start: RING_START of the image, GGTT address of the guest ring
 * @ring_ctl: RING_CTL of the image: (size - 4096) | 1
 * @head: RING_HEAD the segment starts at (the image's, or the running
 *	  context's on a lite restore), a byte offset in the guest ring
 * @tail: RING_TAIL the segment ends at; when the workload completes
 *	  with status 0 the guest's HEAD becomes @tail
 * @indirect_ctx_offset: INDIRECT_CTX_OFFSET of the image (RCS), 0 if
 *			 there is no %GVT_WL_BUF_INDIRECT_CTX buffer
 * @addressing_mode: the descriptor's addressing mode, always
 *		     %GVT_WL_ADDR_LEGACY_64 (the core refuses others)
 * @ppgtt_root: bus address (for &gvt_host_info.dev) of the shadow PML4:
 *		a 4 KiB table in a page the core got from
 *		&gvt_host_ops.alloc_gpu_page, whose entries lead, through further
 *		such tables, to the pinned guest pages (leaves the guest
 *		maps read-only have RW clear; unmapped ranges reach a
 *		scratch page). The guest's own PDPs never reach the GPU.
 * @privileged: the descriptor's privilege bit: the ring may use GGTT
 *		addresses. Always true (the core refuses others).
 * @ctx_timestamp: CTX_TIMESTAMP of the image when submitted; the backend
 *		   may advance it by the timestamp ticks (12 MHz on Gen9)
 *		   the workload ran before completing it. The core writes
 *		   the value back into the image.
 * @events: interrupt events (GVT_WL_EVENT_*) the backend saw the
 *	    commands raise, set before it completes the workload. The core
 *	    ORs in those its scan found, so a backend that cannot tell
 *	    leaves 0.
 * @regs: registers of @engine that commands may load but that no context
 *	  image saves, with this vGPU's values: the engine's MOCS table and,
 *	  on the render engine, the L3 control and chicken registers. Before
 *	  the first command of the workload runs, the backend makes each hold
 *	  its @val; before it completes the workload (whatever the status)
 *	  it stores in each @val what the register holds. It may skip a load
 *	  whose value the register still holds (the engine's previous
 *	  workload was this vGPU's and nothing else wrote it). Only
 *	  commands on @engine reach these registers: the scanner refuses
 *	  another engine's, so engines owned by different vGPUs at once do
 *	  not share them.
 * @nr_regs: entries of @regs
 * @host_data: free for the backend while it owns the workload (its
 *	       request, its position in a queue)
 * @host_link: free for the backend while it owns the workload
 *
 * The core owns the structure and every buffer it points to. The backend
 * may read them from &gvt_host_ops.submit until it calls
 * gvt_workload_complete(), and write only @ctx_timestamp, @events,
 * the values of @regs, @host_data and @host_link.
 */
struct gvt_workload {
	unsigned int vgpu_id;
	enum gvt_engine engine;
	const struct gvt_workload_buf *bufs;
	unsigned int nr_bufs;
	u64 lrca;
	unsigned int ctx_pages;
	u32 ctx_ctrl;
	u64 ring_start;
	u32 ring_ctl;
	u32 head;
	u32 tail;
	u32 indirect_ctx_offset;
	u32 addressing_mode;
	u64 ppgtt_root;
	bool privileged;
	u32 ctx_timestamp;
	u32 events;
	struct gvt_wl_reg *regs;
	unsigned int nr_regs;
	void *host_data;
	struct list_head host_link;
};

/**
 * struct gvt_host_ops - how the core drives a physical GPU
 * @ggtt_clear: point @count host GGTT entries from @first at the host
 *		scratch page (no guest memory is reachable through them).
 *		The core uses it for entries that no vGPU owns: those of a
 *		destroyed vGPU. While a vGPU exists, its entries that map
 *		no guest frame map a scratch page of its own instead (a page
 *		of @alloc_gpu_page, written with @ggtt_write), because the
 *		GPU reaches them when it executes the vGPU's commands, and
 *		Gen9's GGTT can neither discard nor isolate those writes:
 *		a shared page would carry one vGPU's data to another. Only
 *		a backend without @alloc_gpu_page (which runs no PPGTT
 *		workload, so no guest's commands) has every such entry on
 *		the host's page. The core keeps the CPU path off scratch
 *		pages: an aperture (BAR2) access to such an entry reads 0
 *		and drops writes without calling @aperture_rw.
 * @ggtt_write: set host GGTT entry @index to @pte, a host address of a
 *		4 KiB page ORed with bit 0 (present)
 * @fence_write: program host fence register @n with @val (0 disables it);
 *		 the backend writes the low dword as 0, then the high dword,
 *		 then the low dword, so the GPU never sees a torn fence
 * @aperture_rw: copy @len bytes between @buf and graphics memory address
 *		 @gm of the aperture, through the host GGTT; @gm and @len are
 *		 within one page of the aperture whose entry maps a guest
 *		 frame. Return 0 or a negative errno.
 * @aperture_pfn: the page frame at which the CPU reaches aperture page @gm
 *		  (page-aligned, in a vGPU's aperture range, its entry
 *		  mapping a guest frame), for a frontend that maps the
 *		  aperture into its guest: in @pfn, and in @io whether it is
 *		  I/O memory (a real aperture, mapped write-combined) or the
 *		  RAM page the host entry maps (a model without an
 *		  aperture). Return 0, or a negative errno when the entry
 *		  maps no page the CPU may reach (the frontend then maps a
 *		  page of its own). Called without the vGPU's lock, from a
 *		  page fault: it reads the host entry once and must not
 *		  sleep. The frame stays valid until the core next calls the
 *		  frontend's &gvt_hv_ops.unmap_aperture for the page. May be
 *		  NULL: the aperture is then only reached through
 *		  @aperture_rw.
 * @submit: start running @wl on its engine, asynchronously. Return 0 if
 *	    the backend took it: it will then call gvt_workload_complete()
 *	    for @wl exactly once (possibly before @submit returns). Return
 *	    a negative errno if it cannot run it (no memory, engine wedged):
 *	    @wl is never completed then, and the core reports an engine
 *	    error to the guest. The backend runs the commands of @wl->bufs
 *	    (see &struct gvt_workload_buf) on @wl->engine with the shadow
 *	    PPGTT @wl->ppgtt_root and nothing else of the guest's.
 * @cancel: stop @wl, a workload the backend took and has not completed:
 *	    engine reset or vGPU teardown. When @cancel returns the backend
 *	    no longer accesses anything @wl points to or maps, and has called
 *	    gvt_workload_complete() for it, with -ECANCELED if none of its
 *	    commands ran, -EIO if it stopped it part way, or the normal
 *	    status if it finished first. May sleep (e.g. to wait for the
 *	    GPU to finish a command it cannot interrupt).
 * @alloc_gpu_page: allocate a zeroed 4 KiB page the GPU can read through the
 *		bus address stored in @bus_addr (for &gvt_host_info.dev);
 *		return its kernel address or NULL. The core keeps its shadow
 *		PPGTT tables, their read-only scratch page (shared: PPGTT
 *		entries leading to it have RW clear, so the GPU's writes
 *		fault) and each vGPU's GGTT scratch page (private: the
 *		GGTT has no read-only bit) in such pages, writes them
 *		with plain CPU stores, and submits no workload that uses a
 *		table before it is written: the backend makes CPU stores
 *		visible to the GPU by submission time (coherent memory, or
 *		a flush in @submit). May sleep.
 * @free_gpu_page: free a page of @alloc_gpu_page, given both of its addresses.
 *	       The core frees no page that a workload in flight may reach.
 * @release_vgpu: vGPU @vgpu_id was reset or is going away, and none of its
 *		  workloads is in flight any more (each completed or was
 *		  cancelled): drop what the backend keeps for that id
 *		  (shadow contexts and the engine state in them), so that
 *		  the next workload with that id, of the same guest after a
 *		  reset or of a new vGPU given the id, starts from an engine
 *		  state no guest left. Called with the vGPU's lock held; may
 *		  sleep. May be NULL for a backend that keeps nothing per
 *		  vGPU.
 *
 * @priv is the pointer given to gvt_device_register(). Callbacks are called
 * with either the GVT device lock or the lock of the vGPU that owns the
 * entries or fences held, never for another vGPU's entries, and must not
 * sleep for long. Any of the first four may be NULL, in which case the
 * core skips the host update (a GPU model that keeps no such state).
 *
 * The workload callbacks are called in process context with the lock of
 * the submitting vGPU held; they must not call back into the core, except
 * gvt_workload_complete(). The core has at most one workload in flight per
 * engine of a GPU (its scheduler picks the next one after the previous
 * completed), so a backend needs no queue of its own. A backend without
 * @submit runs no workload: the core then completes every submission at
 * once with an engine error, and the guest sees a hung engine. @alloc_gpu_page
 * and @free_gpu_page are needed for PPGTT contexts, which every Gen9 guest
 * uses; without them such submissions fail the same way.
 *
 * A GPU whose GGTT and fence registers lost their contents (resume from
 * suspend) gets the vGPUs' entries and fences back from the core's records
 * with gvt_device_restore(), called by the backend once the GPU is usable
 * again; the core then rewrites them through @ggtt_clear, @ggtt_write and
 * @fence_write as it did when they were set.
 * See Documentation/gpu/gvt/workload.rst.
 */
struct gvt_host_ops {
	void (*ggtt_clear)(void *priv, u32 first, u32 count);
	void (*ggtt_write)(void *priv, u32 index, u64 pte);
	void (*fence_write)(void *priv, unsigned int n, u64 val);
	int (*aperture_rw)(void *priv, u64 gm, void *buf, unsigned int len,
			   bool write);
	int (*aperture_pfn)(void *priv, u64 gm, unsigned long *pfn, bool *io);
	int (*submit)(void *priv, struct gvt_workload *wl);
	void (*cancel)(void *priv, struct gvt_workload *wl);
	void *(*alloc_gpu_page)(void *priv, u64 *bus_addr);
	void (*free_gpu_page)(void *priv, void *vaddr, u64 bus_addr);
	void (*release_vgpu)(void *priv, unsigned int vgpu_id);
};

/**
 * struct gvt_hv_ops - how the core reaches a guest's memory
 * @pin_gfn: pin guest frame @gfn and return in @addr the address at which
 *	     the host GPU reaches it (a DMA address for the GVT device's
 *	     &gvt_host_info.dev). Pins nest: every successful call is matched
 *	     by one @unpin_gfn, and a frame pinned again gets the address of
 *	     its first pin (gvt_device_restore() relies on it). Return 0 or
 *	     a negative errno; on error the core maps the host scratch page
 *	     instead.
 * @unpin_gfn: drop one pin of @gfn taken by @pin_gfn
 * @rw_gpa: copy @len bytes between @buf and guest-physical address @gpa
 *	    (which may cross pages); return 0 or a negative errno. May be
 *	    NULL if the frontend cannot reach guest memory this way.
 * @inject_msi: deliver the vGPU's MSI to the guest. @addr and @data are the
 *		message address and data the guest programmed in the vGPU's
 *		MSI capability; a frontend that holds a ready-made signal
 *		(the VFIO eventfd) may ignore them. The core calls it only
 *		while MSI is enabled in config space. Return 0 or a negative
 *		errno (counted, never retried). May be NULL: interrupts are
 *		then only visible in the emulated registers.
 * @track_page: write-protect (@enable true) or release guest frame @gfn.
 *		While a frame is tracked, every guest write to it still
 *		reaches guest memory, and then the frontend calls
 *		gvt_vgpu_page_written() with what was written, so the core
 *		can keep shadows of it (PPGTT tables) coherent. Tracking does
 *		not nest: the core enables a frame once and releases it once.
 *		Return 0 or a negative errno; on error the core falls back to
 *		re-validating the frame at each submission. May be NULL for a
 *		frontend without page tracking (same fallback).
 * @unmap_aperture: what the CPU reaches at the aperture pages [@gm,
 *		    @gm + @size) changes: remove every CPU mapping of them
 *		    that the frontend made from gvt_vgpu_aperture_pfn()
 *		    before returning. The core calls it after the host GGTT
 *		    entry and its own state changed and before it drops the
 *		    pin of the frame the entry mapped, so no mapping outlives
 *		    a pin. May be NULL for a frontend that does not map the
 *		    aperture.
 *
 * A frontend attaches these with gvt_vgpu_attach_hv() when the guest's
 * memory becomes reachable. The core calls them with the vGPU's lock held;
 * they may sleep, except @inject_msi, which must not sleep (it may be
 * called from a host backend's completion path). @priv is the pointer
 * given to gvt_vgpu_attach_hv().
 */
struct gvt_hv_ops {
	int (*pin_gfn)(void *priv, u64 gfn, u64 *addr);
	void (*unpin_gfn)(void *priv, u64 gfn);
	int (*rw_gpa)(void *priv, u64 gpa, void *buf, unsigned int len,
		      bool write);
	int (*inject_msi)(void *priv, u64 addr, u32 data);
	int (*track_page)(void *priv, u64 gfn, bool enable);
	void (*unmap_aperture)(void *priv, u64 gm, u64 size);
};

/**
 * struct gvt_vgpu_resources - the slice of the physical GPU a vGPU owns
 * @id: vGPU id, 1..%GVT_MAX_VGPU - 1
 * @low_gm_base: first aperture GM address of the vGPU
 * @low_gm_size: aperture GM size in bytes
 * @high_gm_base: first hidden GM address of the vGPU
 * @high_gm_size: hidden GM size in bytes
 * @num_fences: number of fence registers
 * @fences: host fence register index of each guest fence
 *
 * Guest GM addresses equal host GM addresses (ballooning); the guest learns
 * these values from the PVINFO page.
 */
struct gvt_vgpu_resources {
	unsigned int id;
	u64 low_gm_base;
	u64 low_gm_size;
	u64 high_gm_base;
	u64 high_gm_size;
	unsigned int num_fences;
	u8 fences[GVT_MAX_FENCES];
};

/**
 * struct gvt_frontend - a hypervisor frontend (VFIO/mdev, Xen)
 * @name: frontend name, for messages
 * @device_added: a GVT device appeared (or existed when the frontend
 *		  registered); return 0 or a negative errno, which is logged
 * @device_removed: the GVT device is going away; the frontend must destroy
 *		    every vGPU it created on it before returning (one left
 *		    behind is leaked with a warning, never freed behind the
 *		    frontend's back). Only called for devices whose
 *		    @device_added succeeded.
 * The core calls @device_added and @device_removed without any of its
 * locks held, so they may sleep for long (wait for userspace to close a
 * vGPU) while other devices and frontends register and unregister.
 */
struct gvt_frontend {
	const char *name;
	int (*device_added)(struct gvt_device *gvt);
	void (*device_removed)(struct gvt_device *gvt);
};

struct gvt_device *gvt_device_register(const struct gvt_host_info *info,
				       const struct gvt_host_ops *ops,
				       void *priv);
void gvt_device_unregister(struct gvt_device *gvt);
const struct gvt_host_info *gvt_device_info(const struct gvt_device *gvt);
void gvt_device_restore(struct gvt_device *gvt);

int gvt_frontend_register(struct gvt_frontend *fe);
void gvt_frontend_unregister(struct gvt_frontend *fe);

unsigned int gvt_device_num_types(const struct gvt_device *gvt);
const struct gvt_type *gvt_device_type(const struct gvt_device *gvt,
				       unsigned int i);
unsigned int gvt_type_available(struct gvt_device *gvt,
				const struct gvt_type *type);

struct gvt_vgpu *gvt_vgpu_create(struct gvt_device *gvt,
				 const struct gvt_type *type);
void gvt_vgpu_destroy(struct gvt_vgpu *vgpu);
void gvt_vgpu_get_resources(const struct gvt_vgpu *vgpu,
			    struct gvt_vgpu_resources *res);

int gvt_vgpu_cfg_read(struct gvt_vgpu *vgpu, unsigned int offset, void *buf,
		      unsigned int len);
int gvt_vgpu_cfg_write(struct gvt_vgpu *vgpu, unsigned int offset,
		       const void *buf, unsigned int len);

int gvt_vgpu_opregion_read(const struct gvt_vgpu *vgpu, u64 offset,
			   void *buf, size_t len);

size_t gvt_vgpu_rom_size(const struct gvt_vgpu *vgpu);
int gvt_vgpu_rom_read(const struct gvt_vgpu *vgpu, u64 offset, void *buf,
		      size_t len);

int gvt_vgpu_plane_read(struct gvt_vgpu *vgpu, enum gvt_plane_id id,
			struct gvt_plane *plane, void *dst, size_t size);

int gvt_vgpu_edid_get(struct gvt_vgpu *vgpu, u8 *buf, size_t size);
int gvt_vgpu_edid_set(struct gvt_vgpu *vgpu, const u8 *edid, size_t size);
void gvt_vgpu_monitor_plug(struct gvt_vgpu *vgpu, bool plugged);
bool gvt_vgpu_monitor_plugged(struct gvt_vgpu *vgpu);

int gvt_vgpu_mmio_read(struct gvt_vgpu *vgpu, u64 offset, void *buf,
		       unsigned int len);
int gvt_vgpu_mmio_write(struct gvt_vgpu *vgpu, u64 offset, const void *buf,
			unsigned int len);
bool gvt_vgpu_aperture_contains(const struct gvt_vgpu *vgpu, u64 offset,
				u64 len);
int gvt_vgpu_aperture_rw(struct gvt_vgpu *vgpu, u64 offset, void *buf,
			 unsigned int len, bool write);
bool gvt_vgpu_aperture_mappable(const struct gvt_vgpu *vgpu);
int gvt_vgpu_aperture_pfn(struct gvt_vgpu *vgpu, u64 offset,
			  unsigned long *pfn, bool *io);
void gvt_vgpu_reset(struct gvt_vgpu *vgpu);

void gvt_vgpu_attach_hv(struct gvt_vgpu *vgpu, const struct gvt_hv_ops *ops,
			void *priv);
void gvt_vgpu_detach_hv(struct gvt_vgpu *vgpu);
void gvt_vgpu_unmap_gfns(struct gvt_vgpu *vgpu, u64 gfn, u64 count);
void gvt_vgpu_page_written(struct gvt_vgpu *vgpu, u64 gpa, const void *buf,
			   unsigned int len);

void gvt_workload_complete(struct gvt_workload *wl, int status);

#endif /* _GVT_GVT_H_ */
