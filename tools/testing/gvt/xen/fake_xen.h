/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake Xen for the xengt tests: struct xengt_hyp_ops over a few guest
 * domains with RAM, an ioreq page, ioreq servers, event channels and p2m
 * types, recording every call and every misuse.
 *
 * Domain i (1 <= i < FAKE_XEN_DOMS) has FAKE_XEN_RAM_PAGES frames of RAM
 * at gfn 0 and vCPU v's event channel is port FAKE_XEN_PORT(i, v).
 * rw_gpa() of an address outside RAM fails with -EFAULT; with a window
 * set (fake_xen_allow()), an access outside it is counted as a violation.
 */
#ifndef _GVT_TEST_FAKE_XEN_H
#define _GVT_TEST_FAKE_XEN_H

#include "xengt.h"

#define FAKE_XEN_DOMS		5
#define FAKE_XEN_RAM_PAGES	64
#define FAKE_XEN_PORT(dom, v)	(1000U * (dom) + (v))
#define FAKE_XEN_MAX_RANGES	16
#define FAKE_XEN_LOG		64
/* Host address of pinned guest frames: not in the fake host's memory. */
#define FAKE_XEN_PIN_BASE	0x7e0000000000ULL

/* Calls that the teardown order tests look at. */
enum fake_xen_call {
	FX_DM_OP,		/* a dm_op; fake_xen_dom.log_op tells which */
	FX_INIT,
	FX_FINI,
	FX_IOPAGE_MAP,
	FX_IOPAGE_UNMAP,
	FX_BIND,
	FX_UNBIND,
	FX_WORKER_START,
	FX_WORKER_STOP,
	FX_UNPIN_ALL,
	FX_PUBLISH,
	FX_UNPUBLISH,
};

struct fake_xen_range {
	u32 type;
	u64 start;
	u64 end;
};

/**
 * struct fake_xen_dom - one domain as the fake Xen sees it
 * @exists: the domain exists (dm_op fails with -ESRCH otherwise)
 * @gone: xenstore says it is gone (domain_gone())
 * @nr_vcpus: what XEN_DMOP_nr_vcpus returns
 * @ram: FAKE_XEN_RAM_PAGES * 4096 bytes of guest RAM
 * @iopage: the synchronous ioreq page of the server
 * @server: an ioreq server exists
 * @ioservid: its id
 * @enabled: it is enabled
 * @claimed: it owns HVMMEM_ioreq_server
 * @ranges: its ranges; @nranges in use
 * @mem_type: p2m type of each RAM frame
 * @iopage_mapped: xengt mapped @iopage
 * @bound: event channel of each vCPU bound
 * @notified: notifications of each vCPU's channel
 * @pins: pin count of each RAM frame
 * @msis: MSIs injected; @msi_addr and @msi_data the last one
 * @worker: the worker runs
 * @published: vm<domid> exists
 * @kpriv: allocated by dom_init, freed by dom_fini
 * @log: calls on this domain; @nlog their number, @log_op the dm_op number
 */
struct fake_xen_dom {
	bool exists;
	bool gone;
	unsigned int nr_vcpus;
	u8 *ram;
	struct xengt_shared_iopage iopage;
	bool server;
	u16 ioservid;
	bool enabled;
	bool claimed;
	struct fake_xen_range ranges[FAKE_XEN_MAX_RANGES];
	unsigned int nranges;
	u8 mem_type[FAKE_XEN_RAM_PAGES];
	bool iopage_mapped;
	bool bound[XENGT_MAX_VCPUS];
	unsigned int notified[XENGT_MAX_VCPUS];
	unsigned int pins[FAKE_XEN_RAM_PAGES];
	unsigned int msis;
	u64 msi_addr;
	u32 msi_data;
	bool worker;
	bool published;
	void *kpriv;
	enum fake_xen_call log[FAKE_XEN_LOG];
	u32 log_op[FAKE_XEN_LOG];
	unsigned int nlog;
};

/**
 * struct fake_xen - the fake hypervisor
 * @dom: domains by domid; 0 is dom0 and unused
 * @fail_op: dm_op number that fails with @fail_errno (0: none)
 * @fail_errno: the error
 * @fail_call: hyp call that fails with -EIO (FX_* other than FX_DM_OP)
 * @fail_call_armed: whether @fail_call is set
 * @allow_lo: first bytes of the two rw_gpa() windows (with @allow_set)
 * @allow_hi: their last bytes
 * @allow_set: an rw_gpa() in neither window is a violation
 * @violations: rw_gpa() outside the window, calls on a domain without
 *		its setup, unpins of frames not pinned
 * @watch_slot: while set, rw_gpa() and dm_op() find this ioreq slot
 *		INPROCESS, or count a violation (a request being served)
 * @rw_calls: rw_gpa() calls
 * @dm_ops: dm_op() calls
 */
struct fake_xen {
	struct fake_xen_dom dom[FAKE_XEN_DOMS];
	u32 fail_op;
	int fail_errno;
	enum fake_xen_call fail_call;
	bool fail_call_armed;
	u64 allow_lo[2];
	u64 allow_hi[2];
	bool allow_set;
	unsigned long violations;
	struct xengt_ioreq *watch_slot;
	unsigned long rw_calls;
	unsigned long dm_ops;
};

extern struct fake_xen fake_xen;
extern const struct xengt_hyp_ops fake_xen_ops;

/* Reset the fake; domains 1 .. FAKE_XEN_DOMS - 1 exist with @vcpus. */
void fake_xen_reset(unsigned int vcpus);
void fake_xen_free(void);
struct fake_xen_dom *fake_xen_dom(unsigned int domid);
void fake_xen_allow(u64 lo, u64 hi);
void fake_xen_allow2(u64 lo, u64 hi, u64 lo2, u64 hi2);
void fake_xen_allow_none(void);
/* Whether @addr is in a range of type @type of the domain's server. */
bool fake_xen_range_has(unsigned int domid, u32 type, u64 addr);
/* Index of the first @call in the domain's log at or after @from, or -1. */
int fake_xen_log_find(unsigned int domid, enum fake_xen_call call, u32 op,
		      int from);
/* Nothing left behind by the domain: no server, page, channel, pin. */
bool fake_xen_dom_clean(unsigned int domid);

/* Put a request in vCPU @v's slot and mark it READY. */
void fake_xen_post(unsigned int domid, unsigned int v, u8 type, bool read,
		   u64 addr, u64 data, u32 size, u32 count, bool ptr, bool df);
u8 fake_xen_state(unsigned int domid, unsigned int v);
u64 fake_xen_data(unsigned int domid, unsigned int v);

#endif /* _GVT_TEST_FAKE_XEN_H */
