/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events of the GVT-g core, for trace-cmd and perf:
 *
 *	gvt:gvt_mmio		a guest BAR0 access (registers and GGTT)
 *	gvt:gvt_ggtt		a complete guest GGTT entry write: applied to
 *				the host GGTT, or dropped (outside the vGPU)
 *	gvt:gvt_cfg		a guest PCI configuration space access
 *	gvt:gvt_failsafe	a vGPU enters failsafe
 *
 * e.g. trace-cmd record -e gvt -f 'vgpu == 1'. The debugfs summaries the
 * tests read (stats, unmodelled) are kept; these are for debugging. The
 * userspace tiers compile the core without tracepoints: the trace_*()
 * calls are empty there.
 */
#ifndef __KERNEL__

#ifndef _GVT_TRACE_H_
#define _GVT_TRACE_H_
struct gvt_vgpu;
static inline void trace_gvt_mmio(const struct gvt_vgpu *vgpu, u64 offset,
				  unsigned int len, u64 val, bool write, int ret)
{
}

static inline void trace_gvt_ggtt(const struct gvt_vgpu *vgpu, u32 index,
				  u64 val, bool dropped)
{
}

static inline void trace_gvt_cfg(const struct gvt_vgpu *vgpu,
				 unsigned int offset, unsigned int len,
				 const void *buf, bool write)
{
}

static inline void trace_gvt_failsafe(const struct gvt_vgpu *vgpu,
				      const char *reason)
{
}
#endif /* _GVT_TRACE_H_ */

#else /* __KERNEL__ */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM gvt

#if !defined(_GVT_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _GVT_TRACE_H_

#include <linux/string.h>
#include <linux/tracepoint.h>

TRACE_EVENT(gvt_mmio,
	    TP_PROTO(const struct gvt_vgpu *vgpu, u64 offset, unsigned int len,
		     u64 val, bool write, int ret),
	    TP_ARGS(vgpu, offset, len, val, write, ret),
	    TP_STRUCT__entry(__string(gpu, vgpu->gvt->name)
			     __field(u32, vgpu)
			     __field(u64, offset)
			     __field(u64, val)
			     __field(u8, len)
			     __field(bool, write)
			     __field(int, ret)),
	    TP_fast_assign(__assign_str(gpu, vgpu->gvt->name);
			   __entry->vgpu = vgpu->id;
			   __entry->offset = offset;
			   __entry->val = val;
			   __entry->len = len;
			   __entry->write = write;
			   __entry->ret = ret;),
	    TP_printk("%s vgpu %u %s 0x%06llx/%u 0x%llx ret %d", __get_str(gpu),
		      __entry->vgpu, __entry->write ? "write" : "read",
		      __entry->offset, __entry->len, __entry->val, __entry->ret)
);

TRACE_EVENT(gvt_ggtt,
	    TP_PROTO(const struct gvt_vgpu *vgpu, u32 index, u64 val, bool dropped),
	    TP_ARGS(vgpu, index, val, dropped),
	    TP_STRUCT__entry(__string(gpu, vgpu->gvt->name)
			     __field(u32, vgpu)
			     __field(u32, index)
			     __field(u64, val)
			     __field(bool, dropped)),
	    TP_fast_assign(__assign_str(gpu, vgpu->gvt->name);
			   __entry->vgpu = vgpu->id;
			   __entry->index = index;
			   __entry->val = val;
			   __entry->dropped = dropped;),
	    TP_printk("%s vgpu %u entry 0x%x = 0x%llx%s", __get_str(gpu),
		      __entry->vgpu, __entry->index, __entry->val,
		      __entry->dropped ? " dropped (outside the vGPU)" : "")
);

TRACE_EVENT(gvt_cfg,
	    TP_PROTO(const struct gvt_vgpu *vgpu, unsigned int offset,
		     unsigned int len, const void *buf, bool write),
	    TP_ARGS(vgpu, offset, len, buf, write),
	    TP_STRUCT__entry(__string(gpu, vgpu->gvt->name)
			     __field(u32, vgpu)
			     __field(u16, offset)
			     __field(u8, len)
			     __field(bool, write)
			     __field(u32, val)),
	    TP_fast_assign(__assign_str(gpu, vgpu->gvt->name);
			   __entry->vgpu = vgpu->id;
			   __entry->offset = offset;
			   __entry->len = len;
			   __entry->write = write;
			   __entry->val = 0;
			   memcpy(&__entry->val, buf, min_t(unsigned int, len, 4));),
	    TP_printk("%s vgpu %u %s 0x%03x/%u 0x%x", __get_str(gpu),
		      __entry->vgpu, __entry->write ? "write" : "read",
		      __entry->offset, __entry->len, __entry->val)
);

TRACE_EVENT(gvt_failsafe,
	    TP_PROTO(const struct gvt_vgpu *vgpu, const char *reason),
	    TP_ARGS(vgpu, reason),
	    TP_STRUCT__entry(__string(gpu, vgpu->gvt->name)
			     __field(u32, vgpu)
			     __string(reason, reason)),
	    TP_fast_assign(__assign_str(gpu, vgpu->gvt->name);
			   __entry->vgpu = vgpu->id;
			   __assign_str(reason, reason);),
	    TP_printk("%s vgpu %u enters failsafe: %s", __get_str(gpu),
		      __entry->vgpu, __get_str(reason))
);

#endif /* _GVT_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>

#endif /* __KERNEL__ */
