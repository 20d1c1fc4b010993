// SPDX-License-Identifier: GPL-2.0-only
/*
 * drivers/gpu/gvt/xen/xen_abi.h against Xen's own public headers
 * (libxen-dev: xen/hvm/dm_op.h, ioreq.h, hvm_op.h, memory.h): every size,
 * field offset and constant xengt uses. The static assertions fail the
 * build of the unit tier on any mismatch; the bitfield byte of struct
 * ioreq, which offsetof() cannot name, is checked at run time.
 */
#define __XEN_TOOLS__ 1
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <xen/xen.h>
#include <xen/memory.h>
#include <xen/hvm/dm_op.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/ioreq.h>

#include "xengt.h"
#include "harness.h"

#define SAME_CONST(ours, theirs)					\
	static_assert((ours) == (theirs), #ours " != " #theirs)
#define SAME_SIZE(ours, theirs)						\
	static_assert(sizeof(struct ours) == sizeof(theirs),		\
		       "sizeof " #ours " != sizeof " #theirs)

SAME_CONST(XENGT_HYPERVISOR_dm_op, __HYPERVISOR_dm_op);
SAME_CONST(XENGT_DOMID_SELF, DOMID_SELF);
SAME_CONST(XENGT_DOMID_MAX + 1, DOMID_FIRST_RESERVED);

/* dm_op.h: operations and flags */
SAME_CONST(XENGT_DMOP_create_ioreq_server, XEN_DMOP_create_ioreq_server);
SAME_CONST(XENGT_DMOP_get_ioreq_server_info, XEN_DMOP_get_ioreq_server_info);
SAME_CONST(XENGT_DMOP_map_io_range_to_ioreq_server,
	   XEN_DMOP_map_io_range_to_ioreq_server);
SAME_CONST(XENGT_DMOP_unmap_io_range_from_ioreq_server,
	   XEN_DMOP_unmap_io_range_from_ioreq_server);
SAME_CONST(XENGT_DMOP_set_ioreq_server_state, XEN_DMOP_set_ioreq_server_state);
SAME_CONST(XENGT_DMOP_destroy_ioreq_server, XEN_DMOP_destroy_ioreq_server);
SAME_CONST(XENGT_DMOP_set_mem_type, XEN_DMOP_set_mem_type);
SAME_CONST(XENGT_DMOP_inject_msi, XEN_DMOP_inject_msi);
SAME_CONST(XENGT_DMOP_map_mem_type_to_ioreq_server,
	   XEN_DMOP_map_mem_type_to_ioreq_server);
SAME_CONST(XENGT_DMOP_nr_vcpus, XEN_DMOP_nr_vcpus);
SAME_CONST(XENGT_DMOP_no_gfns, XEN_DMOP_no_gfns);
SAME_CONST(XENGT_DMOP_IO_RANGE_PORT, XEN_DMOP_IO_RANGE_PORT);
SAME_CONST(XENGT_DMOP_IO_RANGE_MEMORY, XEN_DMOP_IO_RANGE_MEMORY);
SAME_CONST(XENGT_DMOP_IO_RANGE_PCI, XEN_DMOP_IO_RANGE_PCI);
SAME_CONST(XENGT_DMOP_IOREQ_MEM_ACCESS_READ, XEN_DMOP_IOREQ_MEM_ACCESS_READ);
SAME_CONST(XENGT_DMOP_IOREQ_MEM_ACCESS_WRITE, XEN_DMOP_IOREQ_MEM_ACCESS_WRITE);
SAME_CONST(XENGT_DMOP_PCI_SBDF(0, 0, 2, 0), XEN_DMOP_PCI_SBDF(0, 0, 2, 0));
SAME_CONST(XENGT_DMOP_PCI_SBDF(0xabcd, 0x12, 0x1f, 7),
	   XEN_DMOP_PCI_SBDF(0xabcd, 0x12, 0x1f, 7));

/* dm_op.h: structures */
SAME_SIZE(xengt_dm_op, struct xen_dm_op);
static_assert(offsetof(struct xengt_dm_op, op) ==
	      offsetof(struct xen_dm_op, op),
	      "xengt_dm_op.op: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->op) ==
	      sizeof(((struct xen_dm_op *)0)->op),
	      "xengt_dm_op.op: size");
static_assert(offsetof(struct xengt_dm_op, pad) ==
	      offsetof(struct xen_dm_op, pad),
	      "xengt_dm_op.pad: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->pad) ==
	      sizeof(((struct xen_dm_op *)0)->pad),
	      "xengt_dm_op.pad: size");
static_assert(offsetof(struct xengt_dm_op, u) ==
	      offsetof(struct xen_dm_op, u),
	      "xengt_dm_op.u: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u) ==
	      sizeof(((struct xen_dm_op *)0)->u),
	      "xengt_dm_op.u: size");

SAME_SIZE(xengt_dm_op_create_ioreq_server, xen_dm_op_create_ioreq_server_t);
static_assert(offsetof(struct xengt_dm_op_create_ioreq_server, handle_bufioreq) ==
	      offsetof(xen_dm_op_create_ioreq_server_t, handle_bufioreq),
	      "xengt_dm_op_create_ioreq_server.handle_bufioreq: offset");
static_assert(sizeof(((struct xengt_dm_op_create_ioreq_server *)0)->handle_bufioreq) ==
	      sizeof(((xen_dm_op_create_ioreq_server_t *)0)->handle_bufioreq),
	      "xengt_dm_op_create_ioreq_server.handle_bufioreq: size");
static_assert(offsetof(struct xengt_dm_op_create_ioreq_server, id) ==
	      offsetof(xen_dm_op_create_ioreq_server_t, id),
	      "xengt_dm_op_create_ioreq_server.id: offset");
static_assert(sizeof(((struct xengt_dm_op_create_ioreq_server *)0)->id) ==
	      sizeof(((xen_dm_op_create_ioreq_server_t *)0)->id),
	      "xengt_dm_op_create_ioreq_server.id: size");

SAME_SIZE(xengt_dm_op_get_ioreq_server_info,
	  xen_dm_op_get_ioreq_server_info_t);
static_assert(offsetof(struct xengt_dm_op_get_ioreq_server_info, id) ==
	      offsetof(xen_dm_op_get_ioreq_server_info_t, id),
	      "xengt_dm_op_get_ioreq_server_info.id: offset");
static_assert(sizeof(((struct xengt_dm_op_get_ioreq_server_info *)0)->id) ==
	      sizeof(((xen_dm_op_get_ioreq_server_info_t *)0)->id),
	      "xengt_dm_op_get_ioreq_server_info.id: size");
static_assert(offsetof(struct xengt_dm_op_get_ioreq_server_info, flags) ==
	      offsetof(xen_dm_op_get_ioreq_server_info_t, flags),
	      "xengt_dm_op_get_ioreq_server_info.flags: offset");
static_assert(sizeof(((struct xengt_dm_op_get_ioreq_server_info *)0)->flags) ==
	      sizeof(((xen_dm_op_get_ioreq_server_info_t *)0)->flags),
	      "xengt_dm_op_get_ioreq_server_info.flags: size");
static_assert(offsetof(struct xengt_dm_op_get_ioreq_server_info, bufioreq_port) ==
	      offsetof(xen_dm_op_get_ioreq_server_info_t, bufioreq_port),
	      "xengt_dm_op_get_ioreq_server_info.bufioreq_port: offset");
static_assert(sizeof(((struct xengt_dm_op_get_ioreq_server_info *)0)->bufioreq_port) ==
	      sizeof(((xen_dm_op_get_ioreq_server_info_t *)0)->bufioreq_port),
	      "xengt_dm_op_get_ioreq_server_info.bufioreq_port: size");
static_assert(offsetof(struct xengt_dm_op_get_ioreq_server_info, ioreq_gfn) ==
	      offsetof(xen_dm_op_get_ioreq_server_info_t, ioreq_gfn),
	      "xengt_dm_op_get_ioreq_server_info.ioreq_gfn: offset");
static_assert(sizeof(((struct xengt_dm_op_get_ioreq_server_info *)0)->ioreq_gfn) ==
	      sizeof(((xen_dm_op_get_ioreq_server_info_t *)0)->ioreq_gfn),
	      "xengt_dm_op_get_ioreq_server_info.ioreq_gfn: size");
static_assert(offsetof(struct xengt_dm_op_get_ioreq_server_info, bufioreq_gfn) ==
	      offsetof(xen_dm_op_get_ioreq_server_info_t, bufioreq_gfn),
	      "xengt_dm_op_get_ioreq_server_info.bufioreq_gfn: offset");
static_assert(sizeof(((struct xengt_dm_op_get_ioreq_server_info *)0)->bufioreq_gfn) ==
	      sizeof(((xen_dm_op_get_ioreq_server_info_t *)0)->bufioreq_gfn),
	      "xengt_dm_op_get_ioreq_server_info.bufioreq_gfn: size");

SAME_SIZE(xengt_dm_op_ioreq_server_range, xen_dm_op_ioreq_server_range_t);
static_assert(offsetof(struct xengt_dm_op_ioreq_server_range, id) ==
	      offsetof(xen_dm_op_ioreq_server_range_t, id),
	      "xengt_dm_op_ioreq_server_range.id: offset");
static_assert(sizeof(((struct xengt_dm_op_ioreq_server_range *)0)->id) ==
	      sizeof(((xen_dm_op_ioreq_server_range_t *)0)->id),
	      "xengt_dm_op_ioreq_server_range.id: size");
static_assert(offsetof(struct xengt_dm_op_ioreq_server_range, type) ==
	      offsetof(xen_dm_op_ioreq_server_range_t, type),
	      "xengt_dm_op_ioreq_server_range.type: offset");
static_assert(sizeof(((struct xengt_dm_op_ioreq_server_range *)0)->type) ==
	      sizeof(((xen_dm_op_ioreq_server_range_t *)0)->type),
	      "xengt_dm_op_ioreq_server_range.type: size");
static_assert(offsetof(struct xengt_dm_op_ioreq_server_range, start) ==
	      offsetof(xen_dm_op_ioreq_server_range_t, start),
	      "xengt_dm_op_ioreq_server_range.start: offset");
static_assert(sizeof(((struct xengt_dm_op_ioreq_server_range *)0)->start) ==
	      sizeof(((xen_dm_op_ioreq_server_range_t *)0)->start),
	      "xengt_dm_op_ioreq_server_range.start: size");
static_assert(offsetof(struct xengt_dm_op_ioreq_server_range, end) ==
	      offsetof(xen_dm_op_ioreq_server_range_t, end),
	      "xengt_dm_op_ioreq_server_range.end: offset");
static_assert(sizeof(((struct xengt_dm_op_ioreq_server_range *)0)->end) ==
	      sizeof(((xen_dm_op_ioreq_server_range_t *)0)->end),
	      "xengt_dm_op_ioreq_server_range.end: size");

SAME_SIZE(xengt_dm_op_set_ioreq_server_state,
	  xen_dm_op_set_ioreq_server_state_t);
static_assert(offsetof(struct xengt_dm_op_set_ioreq_server_state, id) ==
	      offsetof(xen_dm_op_set_ioreq_server_state_t, id),
	      "xengt_dm_op_set_ioreq_server_state.id: offset");
static_assert(sizeof(((struct xengt_dm_op_set_ioreq_server_state *)0)->id) ==
	      sizeof(((xen_dm_op_set_ioreq_server_state_t *)0)->id),
	      "xengt_dm_op_set_ioreq_server_state.id: size");
static_assert(offsetof(struct xengt_dm_op_set_ioreq_server_state, enabled) ==
	      offsetof(xen_dm_op_set_ioreq_server_state_t, enabled),
	      "xengt_dm_op_set_ioreq_server_state.enabled: offset");
static_assert(sizeof(((struct xengt_dm_op_set_ioreq_server_state *)0)->enabled) ==
	      sizeof(((xen_dm_op_set_ioreq_server_state_t *)0)->enabled),
	      "xengt_dm_op_set_ioreq_server_state.enabled: size");

SAME_SIZE(xengt_dm_op_destroy_ioreq_server, xen_dm_op_destroy_ioreq_server_t);
static_assert(offsetof(struct xengt_dm_op_destroy_ioreq_server, id) ==
	      offsetof(xen_dm_op_destroy_ioreq_server_t, id),
	      "xengt_dm_op_destroy_ioreq_server.id: offset");
static_assert(sizeof(((struct xengt_dm_op_destroy_ioreq_server *)0)->id) ==
	      sizeof(((xen_dm_op_destroy_ioreq_server_t *)0)->id),
	      "xengt_dm_op_destroy_ioreq_server.id: size");

SAME_SIZE(xengt_dm_op_set_mem_type, xen_dm_op_set_mem_type_t);
static_assert(offsetof(struct xengt_dm_op_set_mem_type, nr) ==
	      offsetof(xen_dm_op_set_mem_type_t, nr),
	      "xengt_dm_op_set_mem_type.nr: offset");
static_assert(sizeof(((struct xengt_dm_op_set_mem_type *)0)->nr) ==
	      sizeof(((xen_dm_op_set_mem_type_t *)0)->nr),
	      "xengt_dm_op_set_mem_type.nr: size");
static_assert(offsetof(struct xengt_dm_op_set_mem_type, mem_type) ==
	      offsetof(xen_dm_op_set_mem_type_t, mem_type),
	      "xengt_dm_op_set_mem_type.mem_type: offset");
static_assert(sizeof(((struct xengt_dm_op_set_mem_type *)0)->mem_type) ==
	      sizeof(((xen_dm_op_set_mem_type_t *)0)->mem_type),
	      "xengt_dm_op_set_mem_type.mem_type: size");
static_assert(offsetof(struct xengt_dm_op_set_mem_type, first_pfn) ==
	      offsetof(xen_dm_op_set_mem_type_t, first_pfn),
	      "xengt_dm_op_set_mem_type.first_pfn: offset");
static_assert(sizeof(((struct xengt_dm_op_set_mem_type *)0)->first_pfn) ==
	      sizeof(((xen_dm_op_set_mem_type_t *)0)->first_pfn),
	      "xengt_dm_op_set_mem_type.first_pfn: size");

SAME_SIZE(xengt_dm_op_inject_msi, xen_dm_op_inject_msi_t);
static_assert(offsetof(struct xengt_dm_op_inject_msi, data) ==
	      offsetof(xen_dm_op_inject_msi_t, data),
	      "xengt_dm_op_inject_msi.data: offset");
static_assert(sizeof(((struct xengt_dm_op_inject_msi *)0)->data) ==
	      sizeof(((xen_dm_op_inject_msi_t *)0)->data),
	      "xengt_dm_op_inject_msi.data: size");
static_assert(offsetof(struct xengt_dm_op_inject_msi, addr) ==
	      offsetof(xen_dm_op_inject_msi_t, addr),
	      "xengt_dm_op_inject_msi.addr: offset");
static_assert(sizeof(((struct xengt_dm_op_inject_msi *)0)->addr) ==
	      sizeof(((xen_dm_op_inject_msi_t *)0)->addr),
	      "xengt_dm_op_inject_msi.addr: size");

SAME_SIZE(xengt_dm_op_map_mem_type_to_ioreq_server,
	  xen_dm_op_map_mem_type_to_ioreq_server_t);
static_assert(offsetof(struct xengt_dm_op_map_mem_type_to_ioreq_server, id) ==
	      offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, id),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.id: offset");
static_assert(sizeof(((struct xengt_dm_op_map_mem_type_to_ioreq_server *)0)->id) ==
	      sizeof(((xen_dm_op_map_mem_type_to_ioreq_server_t *)0)->id),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.id: size");
static_assert(offsetof(struct xengt_dm_op_map_mem_type_to_ioreq_server, type) ==
	      offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, type),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.type: offset");
static_assert(sizeof(((struct xengt_dm_op_map_mem_type_to_ioreq_server *)0)->type) ==
	      sizeof(((xen_dm_op_map_mem_type_to_ioreq_server_t *)0)->type),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.type: size");
static_assert(offsetof(struct xengt_dm_op_map_mem_type_to_ioreq_server, flags) ==
	      offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, flags),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.flags: offset");
static_assert(sizeof(((struct xengt_dm_op_map_mem_type_to_ioreq_server *)0)->flags) ==
	      sizeof(((xen_dm_op_map_mem_type_to_ioreq_server_t *)0)->flags),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.flags: size");
static_assert(offsetof(struct xengt_dm_op_map_mem_type_to_ioreq_server, opaque) ==
	      offsetof(xen_dm_op_map_mem_type_to_ioreq_server_t, opaque),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.opaque: offset");
static_assert(sizeof(((struct xengt_dm_op_map_mem_type_to_ioreq_server *)0)->opaque) ==
	      sizeof(((xen_dm_op_map_mem_type_to_ioreq_server_t *)0)->opaque),
	      "xengt_dm_op_map_mem_type_to_ioreq_server.opaque: size");

SAME_SIZE(xengt_dm_op_nr_vcpus, xen_dm_op_nr_vcpus_t);
static_assert(offsetof(struct xengt_dm_op_nr_vcpus, vcpus) ==
	      offsetof(xen_dm_op_nr_vcpus_t, vcpus),
	      "xengt_dm_op_nr_vcpus.vcpus: offset");
static_assert(sizeof(((struct xengt_dm_op_nr_vcpus *)0)->vcpus) ==
	      sizeof(((xen_dm_op_nr_vcpus_t *)0)->vcpus),
	      "xengt_dm_op_nr_vcpus.vcpus: size");

/* The union members sit where Xen's do. */
static_assert(offsetof(struct xengt_dm_op, u.create_ioreq_server) ==
	      offsetof(struct xen_dm_op, u.create_ioreq_server),
	      "xengt_dm_op.u.create_ioreq_server: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u.create_ioreq_server) ==
	      sizeof(((struct xen_dm_op *)0)->u.create_ioreq_server),
	      "xengt_dm_op.u.create_ioreq_server: size");
static_assert(offsetof(struct xengt_dm_op, u.set_mem_type) ==
	      offsetof(struct xen_dm_op, u.set_mem_type),
	      "xengt_dm_op.u.set_mem_type: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u.set_mem_type) ==
	      sizeof(((struct xen_dm_op *)0)->u.set_mem_type),
	      "xengt_dm_op.u.set_mem_type: size");
static_assert(offsetof(struct xengt_dm_op, u.inject_msi) ==
	      offsetof(struct xen_dm_op, u.inject_msi),
	      "xengt_dm_op.u.inject_msi: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u.inject_msi) ==
	      sizeof(((struct xen_dm_op *)0)->u.inject_msi),
	      "xengt_dm_op.u.inject_msi: size");
static_assert(offsetof(struct xengt_dm_op, u.nr_vcpus) ==
	      offsetof(struct xen_dm_op, u.nr_vcpus),
	      "xengt_dm_op.u.nr_vcpus: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u.nr_vcpus) ==
	      sizeof(((struct xen_dm_op *)0)->u.nr_vcpus),
	      "xengt_dm_op.u.nr_vcpus: size");
static_assert(offsetof(struct xengt_dm_op, u.map_mem_type_to_ioreq_server) ==
	      offsetof(struct xen_dm_op, u.map_mem_type_to_ioreq_server),
	      "xengt_dm_op.u.map_mem_type_to_ioreq_server: offset");
static_assert(sizeof(((struct xengt_dm_op *)0)->u.map_mem_type_to_ioreq_server) ==
	      sizeof(((struct xen_dm_op *)0)->u.map_mem_type_to_ioreq_server),
	      "xengt_dm_op.u.map_mem_type_to_ioreq_server: size");

/* hvm_op.h */
SAME_CONST(XENGT_HVMMEM_ram_rw, HVMMEM_ram_rw);
SAME_CONST(XENGT_HVMMEM_ram_ro, HVMMEM_ram_ro);
SAME_CONST(XENGT_HVMMEM_mmio_dm, HVMMEM_mmio_dm);
SAME_CONST(XENGT_HVMMEM_ioreq_server, HVMMEM_ioreq_server);

/* memory.h */
SAME_CONST(XENGT_XENMEM_acquire_resource, XENMEM_acquire_resource);
SAME_CONST(XENGT_XENMEM_resource_ioreq_server, XENMEM_resource_ioreq_server);
SAME_CONST(XENGT_XENMEM_resource_ioreq_server_frame_bufioreq,
	   XENMEM_resource_ioreq_server_frame_bufioreq);
SAME_CONST(XENGT_XENMEM_resource_ioreq_server_frame_ioreq(0),
	   XENMEM_resource_ioreq_server_frame_ioreq(0));
SAME_CONST(XENGT_XENMEM_resource_ioreq_server_frame_ioreq(3),
	   XENMEM_resource_ioreq_server_frame_ioreq(3));

/* ioreq.h */
SAME_CONST(XENGT_IOREQ_READ, IOREQ_READ);
SAME_CONST(XENGT_IOREQ_WRITE, IOREQ_WRITE);
SAME_CONST(XENGT_STATE_IOREQ_NONE, STATE_IOREQ_NONE);
SAME_CONST(XENGT_STATE_IOREQ_READY, STATE_IOREQ_READY);
SAME_CONST(XENGT_STATE_IOREQ_INPROCESS, STATE_IOREQ_INPROCESS);
SAME_CONST(XENGT_STATE_IORESP_READY, STATE_IORESP_READY);
SAME_CONST(XENGT_IOREQ_TYPE_PIO, IOREQ_TYPE_PIO);
SAME_CONST(XENGT_IOREQ_TYPE_COPY, IOREQ_TYPE_COPY);
SAME_CONST(XENGT_IOREQ_TYPE_PCI_CONFIG, IOREQ_TYPE_PCI_CONFIG);
SAME_CONST(XENGT_IOREQ_TYPE_TIMEOFFSET, IOREQ_TYPE_TIMEOFFSET);
SAME_CONST(XENGT_IOREQ_TYPE_INVALIDATE, IOREQ_TYPE_INVALIDATE);

SAME_SIZE(xengt_ioreq, ioreq_t);
static_assert(offsetof(struct xengt_ioreq, addr) ==
	      offsetof(ioreq_t, addr),
	      "xengt_ioreq.addr: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->addr) ==
	      sizeof(((ioreq_t *)0)->addr),
	      "xengt_ioreq.addr: size");
static_assert(offsetof(struct xengt_ioreq, data) ==
	      offsetof(ioreq_t, data),
	      "xengt_ioreq.data: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->data) ==
	      sizeof(((ioreq_t *)0)->data),
	      "xengt_ioreq.data: size");
static_assert(offsetof(struct xengt_ioreq, count) ==
	      offsetof(ioreq_t, count),
	      "xengt_ioreq.count: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->count) ==
	      sizeof(((ioreq_t *)0)->count),
	      "xengt_ioreq.count: size");
static_assert(offsetof(struct xengt_ioreq, size) ==
	      offsetof(ioreq_t, size),
	      "xengt_ioreq.size: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->size) ==
	      sizeof(((ioreq_t *)0)->size),
	      "xengt_ioreq.size: size");
static_assert(offsetof(struct xengt_ioreq, vp_eport) ==
	      offsetof(ioreq_t, vp_eport),
	      "xengt_ioreq.vp_eport: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->vp_eport) ==
	      sizeof(((ioreq_t *)0)->vp_eport),
	      "xengt_ioreq.vp_eport: size");
static_assert(offsetof(struct xengt_ioreq, pad0) ==
	      offsetof(ioreq_t, _pad0),
	      "xengt_ioreq.pad0: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->pad0) ==
	      sizeof(((ioreq_t *)0)->_pad0),
	      "xengt_ioreq.pad0: size");
static_assert(offsetof(struct xengt_ioreq, type) ==
	      offsetof(ioreq_t, type),
	      "xengt_ioreq.type: offset");
static_assert(sizeof(((struct xengt_ioreq *)0)->type) ==
	      sizeof(((ioreq_t *)0)->type),
	      "xengt_ioreq.type: size");
/* The bitfield byte is the one between _pad0 and type. */
static_assert(offsetof(struct xengt_ioreq, flags) ==
	       offsetof(ioreq_t, _pad0) + 2 &&
	       offsetof(ioreq_t, type) == offsetof(ioreq_t, _pad0) + 3,
	       "xengt_ioreq.flags is not Xen's bitfield byte");
/* Slot n of the page is vCPU n's: the page is an array of ioreq_t. */
static_assert(sizeof(((shared_iopage_t *)0)->vcpu_ioreq[0]) ==
	       sizeof(struct xengt_ioreq), "ioreq slot size");

/* Xen's bitfields, set one by one, land in our masks. */
TEST(xen_abi_ioreq_bitfields)
{
	struct xengt_ioreq ours;
	ioreq_t theirs;
	unsigned int s;

	for (s = 0; s < 16; s++) {
		memset(&theirs, 0, sizeof(theirs));
		theirs.state = s;
		memcpy(&ours, &theirs, sizeof(ours));
		EXPECT_EQ(ours.flags, s & XENGT_IOREQ_F_STATE);
	}
	memset(&theirs, 0, sizeof(theirs));
	theirs.data_is_ptr = 1;
	memcpy(&ours, &theirs, sizeof(ours));
	EXPECT_EQ(ours.flags, XENGT_IOREQ_F_PTR);
	memset(&theirs, 0, sizeof(theirs));
	theirs.dir = IOREQ_READ;
	memcpy(&ours, &theirs, sizeof(ours));
	EXPECT_EQ(ours.flags, XENGT_IOREQ_F_DIR);
	memset(&theirs, 0, sizeof(theirs));
	theirs.df = 1;
	memcpy(&ours, &theirs, sizeof(ours));
	EXPECT_EQ(ours.flags, XENGT_IOREQ_F_DF);
	/* And back: our byte read as Xen's fields. */
	memset(&ours, 0, sizeof(ours));
	ours.flags = XENGT_STATE_IORESP_READY | XENGT_IOREQ_F_DIR;
	ours.type = IOREQ_TYPE_COPY;
	memcpy(&theirs, &ours, sizeof(theirs));
	EXPECT_EQ(theirs.state, STATE_IORESP_READY);
	EXPECT_EQ(theirs.dir, IOREQ_READ);
	EXPECT_EQ(theirs.data_is_ptr, 0);
	EXPECT_EQ(theirs.df, 0);
	EXPECT_EQ(theirs.type, IOREQ_TYPE_COPY);
	EXPECT_EQ(XENGT_IOREQ_SLOTS, 4096 / sizeof(ioreq_t));
}
