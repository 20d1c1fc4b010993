/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xengt internal header: the Xen backend of GVT-g.
 *
 * The parser of the sysfs ABI (parse.c), the ioreq dispatch (ioreq.c) and
 * the life cycle of a guest's vGPU (domain.c) are pure C: they reach Xen
 * only through struct xengt_hyp_ops, so tools/testing/gvt compiles them
 * unchanged against a fake Xen. The kernel side (main.c, sysfs.c, hyp.c,
 * gmem.c) implements those ops with hypercalls, event channels, a kthread
 * per guest and the sysfs tree.
 */
#ifndef _GVT_XENGT_H_
#define _GVT_XENGT_H_

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/barrier.h>

#include <gvt/gvt.h>

#include "xen_abi.h"

/* Longest create_vgt_instance token, as the historical sscanf("%63s"). */
#define XENGT_PARSE_MAX_LEN	63
#define XENGT_INT_MAX		0x7fffffff
/* Guest domain ids: 1 .. DOMID_FIRST_RESERVED - 1. */
#define XENGT_DOMID_MAX		0x7fef
/* vCPUs one synchronous ioreq page serves. */
#define XENGT_MAX_VCPUS		XENGT_IOREQ_SLOTS
/* GVT devices the backend can choose from. */
#define XENGT_MAX_DEVICES	8
/* Default PCI function of the vGPU in the guest: 00:02.0. */
#define XENGT_DEFAULT_SBDF	XENGT_DMOP_PCI_SBDF(0, 0, 2, 0)
/* Bytes one ioreq may move in all its repetitions (bounds rep counts). */
#define XENGT_MAX_REP_BYTES	(64U << 10)

/**
 * struct xengt_params - a parsed write to create_vgt_instance
 * @destroy: "-domid": destroy the vGPU of @domid
 * @domid: the guest domain
 * @low_gm_sz: aperture size in MB, selects the vGPU type
 * @high_gm_sz: hidden GM size in MB (validated, logged)
 * @fence_sz: fences (validated, logged)
 * @primary: vgt_primary, -1 if not given (validated, logged)
 * @cap: scheduler cap in percent, 0 if not given (validated, logged)
 * @nfields: fields written (1, 4, 5 or 6)
 */
struct xengt_params {
	bool destroy;
	int domid;
	int low_gm_sz;
	int high_gm_sz;
	int fence_sz;
	int primary;
	int cap;
	unsigned int nfields;
};

int xengt_parse_create(const char *buf, size_t len, struct xengt_params *p,
		       const char **why);

struct xengt_dom;

/**
 * struct xengt_hyp_ops - everything xengt asks of Xen and of the kernel
 * @dm_op: HYPERVISOR_dm_op(domid, 1 buffer: @op); return 0 or -errno
 * @dom_init: set up the kernel side of a new guest (@d->hyp)
 * @dom_fini: free it
 * @iopage_map: map the server's synchronous ioreq page (acquire_resource,
 *		frame 1) into @d->iopage
 * @iopage_unmap: unmap it
 * @evtchn_bind: bind Xen's port @port of vCPU @vcpu to a local handler
 *		 that calls xengt_dom_kick(); return 0 or -errno
 * @evtchn_unbind: undo @evtchn_bind of @vcpu
 * @evtchn_notify: notify the event channel of @vcpu
 * @worker_start: start the guest's worker, which calls
 *		  xengt_ioreq_handle() for every vCPU once, then for every
 *		  kicked vCPU
 * @worker_stop: stop it; when this returns no handler runs any more
 * @pin_gfn: map guest frame @gfn for the GPU, return its DMA address
 * @unpin_gfn: drop one pin of @gfn
 * @unpin_all: drop every pin left (after gvt_vgpu_detach_hv()); return
 *	       how many frames were still pinned
 * @rw_gpa: copy between @buf and guest-physical @gpa through a transient
 *	    mapping; -EFAULT if the guest has no memory there
 * @publish: create /sys/kernel/vgt/vm<domid>
 * @unpublish: remove it; when this returns no sysfs call on it runs
 * @domain_gone: whether the domain is dying or destroyed (beyond what a
 *		 failing dm_op shows)
 */
struct xengt_hyp_ops {
	int (*dm_op)(struct xengt_dom *d, struct xengt_dm_op *op);
	int (*dom_init)(struct xengt_dom *d);
	void (*dom_fini)(struct xengt_dom *d);
	int (*iopage_map)(struct xengt_dom *d);
	void (*iopage_unmap)(struct xengt_dom *d);
	int (*evtchn_bind)(struct xengt_dom *d, unsigned int vcpu, u32 port);
	void (*evtchn_unbind)(struct xengt_dom *d, unsigned int vcpu);
	void (*evtchn_notify)(struct xengt_dom *d, unsigned int vcpu);
	int (*worker_start)(struct xengt_dom *d);
	void (*worker_stop)(struct xengt_dom *d);
	int (*pin_gfn)(struct xengt_dom *d, u64 gfn, u64 *addr);
	void (*unpin_gfn)(struct xengt_dom *d, u64 gfn);
	unsigned long (*unpin_all)(struct xengt_dom *d);
	int (*rw_gpa)(struct xengt_dom *d, u64 gpa, void *buf,
		      unsigned int len, bool write);
	int (*publish)(struct xengt_dom *d);
	void (*unpublish)(struct xengt_dom *d);
	bool (*domain_gone)(struct xengt_dom *d);
};

/**
 * struct xengt_bar - where the guest put one of the vGPU's memory BARs
 * @base: guest-physical base
 * @size: size in bytes
 * @mapped: [@base, @base + @size) is a MEMORY range of the ioreq server
 */
struct xengt_bar {
	u64 base;
	u64 size;
	bool mapped;
};

/**
 * struct xengt_stats - what a guest's ioreqs did
 * @ioreqs: requests answered
 * @errors: requests answered with an error (all ones on reads)
 * @ignored: INVALIDATE and TIMEOFFSET requests
 * @page_writes: writes to tracked pages forwarded to the core
 * @drained: requests answered with an error at teardown
 */
struct xengt_stats {
	unsigned long ioreqs;
	unsigned long errors;
	unsigned long ignored;
	unsigned long page_writes;
	unsigned long drained;
};

/* Teardown progress of a guest, in creation order. */
enum xengt_stage {
	XENGT_STAGE_NONE,
	XENGT_STAGE_INIT,	/* dom_init done */
	XENGT_STAGE_VGPU,	/* vGPU created */
	XENGT_STAGE_SERVER,	/* ioreq server created */
	XENGT_STAGE_IOPAGE,	/* ioreq page mapped */
	XENGT_STAGE_PCI,	/* PCI config range mapped, server enabled */
	XENGT_STAGE_EVTCHN,	/* event channels bound (@nbound) */
	XENGT_STAGE_HV,		/* guest memory attached to the vGPU */
	XENGT_STAGE_WORKER,	/* worker running */
	XENGT_STAGE_LIVE,	/* published in sysfs */
};

/**
 * struct xengt_dom - one guest domain with a vGPU
 * @x: the backend
 * @link: in &xengt.doms
 * @domid: the domain
 * @params: what the toolstack wrote
 * @gvt: the GVT device of the vGPU
 * @type: its type
 * @vgpu: the vGPU
 * @vgpu_id: its id (vm<domid>/vgpu_id)
 * @ioservid: the ioreq server
 * @sbdf: PCI function of the vGPU in the guest
 * @nr_vcpus: vCPUs of the domain (slots of @iopage in use)
 * @nbound: event channels bound, vCPUs 0 .. @nbound - 1
 * @iopage: the synchronous ioreq page
 * @stage: how far creation got (what teardown undoes)
 * @lock: protects @enabled and @dying against vm<domid>/schedule
 * @enabled: the ioreq server is enabled (requests reach us)
 * @dying: being torn down; sysfs writes are refused
 * @claimed: this server owns HVMMEM_ioreq_server of the domain
 * @cmd: PCI command register as last seen
 * @bar: BAR0 (registers, GGTT) and BAR2 (aperture) as the guest placed them
 * @track_lock: protects @tracked, @ntracked and @tracked_cap
 * @tracked: write-protected guest frames, sorted
 * @ntracked: entries in @tracked
 * @tracked_cap: room in @tracked
 * @stats: ioreq counters
 * @opregion: the guest's copy of the vGPU's OpRegion (opregion.c)
 * @opregion_gpa: where it is mapped (ASLS), 0 if nowhere
 * @hyp: the kernel side (IRQs, worker, pins, kobject), or the fake Xen's
 */
struct xengt_dom {
	struct xengt *x;
	struct list_head link;
	u16 domid;
	struct xengt_params params;
	struct gvt_device *gvt;
	const struct gvt_type *type;
	struct gvt_vgpu *vgpu;
	unsigned int vgpu_id;
	u16 ioservid;
	u32 sbdf;
	unsigned int nr_vcpus;
	unsigned int nbound;
	struct xengt_shared_iopage *iopage;
	enum xengt_stage stage;
	struct mutex lock;	/* enabled, dying */
	bool enabled;
	bool dying;
	bool claimed;
	u16 cmd;
	struct xengt_bar bar[2];
	struct mutex track_lock;	/* tracked */
	u64 *tracked;
	unsigned int ntracked;
	unsigned int tracked_cap;
	struct xengt_stats stats;
	u8 *opregion;
	u64 opregion_gpa;
	void *hyp;
};

/**
 * struct xengt - the backend
 * @ops: how to reach Xen
 * @lock: protects @doms, @devs and @ndevs; held across create and teardown
 * @doms: guests with a vGPU
 * @devs: GVT devices announced by the core, in order
 * @ndevs: entries in @devs
 * @device: name of the GVT device new vGPUs go to; "" for the first one
 * @sbdf: PCI function the vGPU gets in new guests
 */
struct xengt {
	const struct xengt_hyp_ops *ops;
	struct mutex lock;	/* doms, devs */
	struct list_head doms;
	struct gvt_device *devs[XENGT_MAX_DEVICES];
	unsigned int ndevs;
	const char *device;
	u32 sbdf;
};

void xengt_init(struct xengt *x, const struct xengt_hyp_ops *ops);
void xengt_fini(struct xengt *x);
int xengt_device_added(struct xengt *x, struct gvt_device *gvt);
void xengt_device_removed(struct xengt *x, struct gvt_device *gvt);
int xengt_create(struct xengt *x, const struct xengt_params *p);
int xengt_destroy(struct xengt *x, int domid);
int xengt_write(struct xengt *x, const char *buf, size_t len);
int xengt_schedule(struct xengt_dom *d, bool on);
unsigned int xengt_reap(struct xengt *x);
struct xengt_dom *xengt_lookup(struct xengt *x, int domid);

bool xengt_ioreq_handle(struct xengt_dom *d, unsigned int vcpu);

int xengt_opregion_init(struct xengt_dom *d);
void xengt_opregion_fini(struct xengt_dom *d);
void xengt_opregion_update(struct xengt_dom *d);
bool xengt_opregion_contains(const struct xengt_dom *d, u64 lo, u64 hi);
void xengt_opregion_access(struct xengt_dom *d, u64 gpa, u64 *val,
			   unsigned int size, bool read);
unsigned int xengt_ioreq_drain(struct xengt_dom *d);
void xengt_bars_update(struct xengt_dom *d);
void xengt_bars_unmap(struct xengt_dom *d);
bool xengt_tracked(const struct xengt_dom *d, u64 gfn);

int xengt_dm_map_range(struct xengt_dom *d, bool map, u32 type, u64 start,
		       u64 end);

#ifdef __KERNEL__
/* The kernel side: not seen by the userspace tests. */
#include <linux/interrupt.h>
#include <linux/kobject.h>
#include <linux/wait.h>
#include <linux/xarray.h>
#include <xen/xenbus.h>

struct dentry;
struct page;
struct task_struct;

/**
 * struct xengt_kvcpu - the event channel of one vCPU
 * @kd: its guest
 * @vcpu: the vCPU
 * @irq: the local IRQ bound to Xen's port
 */
struct xengt_kvcpu {
	struct xengt_kdom *kd;
	unsigned int vcpu;
	int irq;
};

/**
 * struct xengt_kdom - the kernel side of a guest (&xengt_dom.hyp)
 * @d: the guest
 * @xbdev: names the remote domain for the event-channel helpers; no bus
 * @vcpu: per-vCPU event channels
 * @pending: vCPUs whose channel fired and whose request is not served
 * @wq: the worker waits here
 * @worker: the kthread "xengt:<domid>"
 * @iopage: the ballooned page whose direct map points at the ioreq page
 * @dma_dev: the GVT device's device, guest frames are DMA-mapped for it
 * @pin_lock: protects @pins
 * @pins: pinned guest frames by gfn, struct xengt_pin
 * @win_lock: serializes @win
 * @win: a ballooned page rw_gpa() maps guest frames at, one at a time
 * @vm: the sysfs directory vm<domid>
 * @debugfs: the debugfs directory xengt/vm<domid>
 */
struct xengt_kdom {
	struct xengt_dom *d;
	struct xenbus_device xbdev;
	struct xengt_kvcpu vcpu[XENGT_MAX_VCPUS];
	DECLARE_BITMAP(pending, XENGT_MAX_VCPUS);
	wait_queue_head_t wq;
	struct task_struct *worker;
	struct page *iopage;
	struct device *dma_dev;
	struct mutex pin_lock;		/* pins */
	struct xarray pins;
	struct mutex win_lock;		/* win */
	struct page *win;
	struct kobject *vm;
	struct dentry *debugfs;
};

extern const struct xengt_hyp_ops xengt_xen_ops;
extern struct xengt xengt_be;

int xengt_frame_map(struct page *page, u64 frame, u16 owner, bool machine,
		    u64 *mfn);
void xengt_frame_unmap(struct page *page);
int xengt_gmem_init(struct xengt_kdom *kd);
void xengt_gmem_fini(struct xengt_kdom *kd);
int xengt_gmem_pin(struct xengt_dom *d, u64 gfn, u64 *addr);
void xengt_gmem_unpin(struct xengt_dom *d, u64 gfn);
unsigned long xengt_gmem_unpin_all(struct xengt_dom *d);
unsigned long xengt_gmem_pinned(struct xengt_kdom *kd);
int xengt_gmem_rw(struct xengt_dom *d, u64 gpa, void *buf, unsigned int len,
		  bool write);

bool xengt_xenstore_ready(void);

int xengt_sysfs_init(void);
void xengt_sysfs_exit(void);
void xengt_sysfs_release(void);
int xengt_sysfs_publish(struct xengt_dom *d);
void xengt_sysfs_unpublish(struct xengt_dom *d);
void xengt_debugfs_add(struct xengt_dom *d);
void xengt_debugfs_remove(struct xengt_dom *d);
void xengt_debugfs_init(void);
void xengt_debugfs_exit(void);
#endif /* __KERNEL__ */

#endif /* _GVT_XENGT_H_ */
