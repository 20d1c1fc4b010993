/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The part of the Xen 4.17 public interface xengt uses and Linux 6.1's
 * include/xen/interface lacks: the device-model operations of
 * public/hvm/dm_op.h, the synchronous ioreq page of public/hvm/ioreq.h, the
 * HVMMEM types of public/hvm/hvm_op.h and the ioreq-server frame ids of
 * XENMEM_acquire_resource (public/memory.h).
 *
 * Written from the documented layout; every size, offset and constant is
 * checked against libxen-dev's headers by tools/testing/gvt/xen/abi_test.c.
 * The names carry a XENGT_ / xengt_ prefix so that this file and the Xen
 * headers can be compiled side by side. Pure C: only fixed-width types.
 */
#ifndef _GVT_XEN_ABI_H_
#define _GVT_XEN_ABI_H_

#include <linux/bits.h>
#include <linux/types.h>

/* public/xen.h */
#define XENGT_HYPERVISOR_dm_op			41
#define XENGT_DOMID_SELF			0x7ff0U

/* public/hvm/dm_op.h: operations (struct xengt_dm_op.op) */
#define XENGT_DMOP_create_ioreq_server		1
#define XENGT_DMOP_get_ioreq_server_info	2
#define XENGT_DMOP_map_io_range_to_ioreq_server	3
#define XENGT_DMOP_unmap_io_range_from_ioreq_server 4
#define XENGT_DMOP_set_ioreq_server_state	5
#define XENGT_DMOP_destroy_ioreq_server		6
#define XENGT_DMOP_set_mem_type			12
#define XENGT_DMOP_inject_msi			14
#define XENGT_DMOP_map_mem_type_to_ioreq_server	15
#define XENGT_DMOP_nr_vcpus			20

/* get_ioreq_server_info.flags: do not map the legacy gfn pages */
#define XENGT_DMOP_no_gfns			BIT(0)

/* ioreq_server_range.type */
#define XENGT_DMOP_IO_RANGE_PORT		0
#define XENGT_DMOP_IO_RANGE_MEMORY		1
#define XENGT_DMOP_IO_RANGE_PCI			2

/* map_mem_type_to_ioreq_server.flags; 0 releases the type */
#define XENGT_DMOP_IOREQ_MEM_ACCESS_READ	BIT(0)
#define XENGT_DMOP_IOREQ_MEM_ACCESS_WRITE	BIT(1)

/* A PCI function as ioreq_server_range.start/end of a PCI range. */
#define XENGT_DMOP_PCI_SBDF(s, b, d, f)				\
	((((u32)(s) & 0xffff) << 16) | (((u32)(b) & 0xff) << 8) |	\
	 (((u32)(d) & 0x1f) << 3) | ((u32)(f) & 0x07))

struct xengt_dm_op_create_ioreq_server {
	u8 handle_bufioreq;	/* IN: 0, synchronous requests only */
	u8 pad[3];
	u16 id;			/* OUT: ioservid_t */
};

struct xengt_dm_op_get_ioreq_server_info {
	u16 id;			/* IN */
	u16 flags;		/* IN: XENGT_DMOP_no_gfns */
	u32 bufioreq_port;	/* OUT */
	u64 ioreq_gfn;		/* OUT, unless no_gfns */
	u64 bufioreq_gfn;	/* OUT, unless no_gfns */
};

struct xengt_dm_op_ioreq_server_range {
	u16 id;
	u16 pad;
	u32 type;		/* XENGT_DMOP_IO_RANGE_* */
	u64 start;		/* inclusive */
	u64 end;		/* inclusive */
};

struct xengt_dm_op_set_ioreq_server_state {
	u16 id;
	u8 enabled;
	u8 pad;
};

struct xengt_dm_op_destroy_ioreq_server {
	u16 id;
	u16 pad;
};

struct xengt_dm_op_set_mem_type {
	u32 nr;			/* pages */
	u16 mem_type;		/* XENGT_HVMMEM_* */
	u16 pad;
	u64 first_pfn;
};

struct xengt_dm_op_inject_msi {
	u32 data;
	u32 pad;
	u64 addr;
};

struct xengt_dm_op_map_mem_type_to_ioreq_server {
	u16 id;
	u16 type;		/* XENGT_HVMMEM_ioreq_server */
	u32 flags;		/* XENGT_DMOP_IOREQ_MEM_ACCESS_* */
	u64 opaque;		/* continuation state, 0 from the caller */
};

struct xengt_dm_op_nr_vcpus {
	u32 vcpus;		/* OUT */
};

/* Size of the union of every operation of Xen 4.17 (the largest: 24). */
#define XENGT_DM_OP_UNION_SIZE	24

/* Buffer 0 of HYPERVISOR_dm_op: the operation and its arguments. */
struct xengt_dm_op {
	u32 op;
	u32 pad;
	union {
		struct xengt_dm_op_create_ioreq_server create_ioreq_server;
		struct xengt_dm_op_get_ioreq_server_info get_ioreq_server_info;
		struct xengt_dm_op_ioreq_server_range map_io_range_to_ioreq_server;
		struct xengt_dm_op_ioreq_server_range unmap_io_range_from_ioreq_server;
		struct xengt_dm_op_set_ioreq_server_state set_ioreq_server_state;
		struct xengt_dm_op_destroy_ioreq_server destroy_ioreq_server;
		struct xengt_dm_op_set_mem_type set_mem_type;
		struct xengt_dm_op_inject_msi inject_msi;
		struct xengt_dm_op_map_mem_type_to_ioreq_server map_mem_type_to_ioreq_server;
		struct xengt_dm_op_nr_vcpus nr_vcpus;
		u8 raw[XENGT_DM_OP_UNION_SIZE];
	} u;
};

/* public/hvm/hvm_op.h: hvmmem_type_t */
#define XENGT_HVMMEM_ram_rw			0
#define XENGT_HVMMEM_ram_ro			1
#define XENGT_HVMMEM_mmio_dm			2
#define XENGT_HVMMEM_ioreq_server		4

/* public/memory.h: XENMEM_acquire_resource of an ioreq server */
#define XENGT_XENMEM_acquire_resource		28
#define XENGT_XENMEM_resource_ioreq_server	0
#define XENGT_XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENGT_XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))

/* public/hvm/ioreq.h */
#define XENGT_IOREQ_READ			1
#define XENGT_IOREQ_WRITE			0

#define XENGT_STATE_IOREQ_NONE			0
#define XENGT_STATE_IOREQ_READY			1
#define XENGT_STATE_IOREQ_INPROCESS		2
#define XENGT_STATE_IORESP_READY		3

#define XENGT_IOREQ_TYPE_PIO			0
#define XENGT_IOREQ_TYPE_COPY			1
#define XENGT_IOREQ_TYPE_PCI_CONFIG		2
#define XENGT_IOREQ_TYPE_TIMEOFFSET		7
#define XENGT_IOREQ_TYPE_INVALIDATE		8

/*
 * struct ioreq, one per vCPU. Xen declares byte 30 as the bitfields
 * state:4, data_is_ptr:1, dir:1, df:1 (LSB first on x86); here it is one
 * byte with masks, so that the state can be read and written as a whole
 * with READ_ONCE()/WRITE_ONCE().
 */
struct xengt_ioreq {
	u64 addr;		/* address, port, or PCI SBDF << 32 | register */
	u64 data;		/* the value, or its guest-physical address */
	u32 count;		/* repetitions */
	u32 size;		/* bytes per repetition */
	u32 vp_eport;		/* the vCPU's event channel (Xen's end) */
	u16 pad0;
	u8 flags;		/* XENGT_IOREQ_F_* */
	u8 type;		/* XENGT_IOREQ_TYPE_* */
};

#define XENGT_IOREQ_F_STATE	0x0fU	/* XENGT_STATE_* */
#define XENGT_IOREQ_F_PTR	0x10U	/* data_is_ptr */
#define XENGT_IOREQ_F_DIR	0x20U	/* 1: read (XENGT_IOREQ_READ) */
#define XENGT_IOREQ_F_DF	0x40U	/* addresses go down */

/* IOREQ_TYPE_PCI_CONFIG: SEGMENT[63:48] BUS[47:40] DEV[39:35] FN[34:32] */
#define XENGT_IOREQ_PCI_SBDF(addr)	((u32)((addr) >> 32))
#define XENGT_IOREQ_PCI_REG(addr)	((u32)(addr))

/* The synchronous ioreq page: slot n belongs to vCPU n. */
#define XENGT_IOREQ_PAGE_SIZE		4096
#define XENGT_IOREQ_SLOTS		(XENGT_IOREQ_PAGE_SIZE / 32)

struct xengt_shared_iopage {
	struct xengt_ioreq vcpu_ioreq[XENGT_IOREQ_SLOTS];
};

#endif /* _GVT_XEN_ABI_H_ */
