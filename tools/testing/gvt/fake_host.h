/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake physical GPU for the GVT core tests: a GGTT array, fence registers,
 * a power-on register snapshot and a block of "host memory" behind struct
 * gvt_host_ops, with call accounting.
 *
 * Host memory is what the fake hypervisor (fake_hv.h) hands out as the
 * addresses of guest frames: host address FAKE_HOST_MEM_BASE + 4096 * p is
 * byte 4096 * p of @mem. aperture_rw() walks the host GGTT: an entry that
 * holds FAKE_SCRATCH_PTE is the scratch page (reads return zero, writes are
 * swallowed and counted); any other entry must be present and point into
 * host memory, else the call is counted as bad and fails with -EFAULT.
 */
#ifndef _GVT_TEST_FAKE_HOST_H
#define _GVT_TEST_FAKE_HOST_H

#include <gvt/gvt.h>
#include <linux/mutex.h>

/* What ggtt_clear() writes: a recognizable scratch-page PTE. */
#define FAKE_SCRATCH_PTE	0x5c5c5c5c5c5c5003ULL
/* Garbage written by fake_host_fill_garbage(), distinct per entry. */
#define FAKE_GGTT_GARBAGE(i)	(0xbad0000000000001ULL | ((u64)(i) << 12))
#define FAKE_FENCE_GARBAGE(i)	(0xfe0ce00000000001ULL | ((u64)(i) << 12))

/*
 * The power-on value of the register at byte offset @off (dword aligned):
 * distinct per register, bit 0 and bit 1 always clear, bits 31:24 0xa5.
 */
#define FAKE_SNAP(off)		(0xa5000000U | (u32)(off))

/* First host address of the host memory (bit 45 set, page aligned). */
#define FAKE_HOST_MEM_BASE	0x234567800000ULL
/* Pages of host memory. */
#define FAKE_HOST_MEM_PAGES	256

/* The 64-bit PTE bits that hold a host address. */
#define FAKE_PTE_ADDR_MASK	0x00003ffffffff000ULL

#define FAKE_LOG_SIZE		64

enum fake_call_kind {
	FAKE_CALL_GGTT_CLEAR,
	FAKE_CALL_FENCE_WRITE,
	FAKE_CALL_GGTT_WRITE,
	FAKE_CALL_APERTURE_RW,
};

struct fake_call {
	enum fake_call_kind kind;
	u64 a;		/* first entry, fence index, entry, or GM address */
	u64 b;		/* entry count, fence value, PTE, or length */
};

/**
 * struct fake_host - a fake GPU
 * @info: what is handed to gvt_device_register()
 * @name: storage for @info.name
 * @ggtt: host GGTT, one u64 per 4 KiB page; NULL when not tracked
 * @ggtt_entries: ggtt_size >> 12
 * @fences: host fence registers
 * @snapshot: %GVT_MMIO_SIZE bytes of power-on register values,
 *	      FAKE_SNAP(offset) per dword, shared by all fake hosts;
 *	      @info.mmio_snapshot points here
 * @mem: FAKE_HOST_MEM_PAGES pages of host memory, with @ggtt only
 * @lock: if set, the device lock of the GVT device registered on this host
 *	  (tdev_new() sets it); every callback must then hold it or the lock
 *	  of a vGPU of that device that owns the entries, fences or GM the
 *	  call touches. If NULL, any held shim mutex is accepted.
 * @ggtt_clear_calls: number of ggtt_clear() calls
 * @ggtt_cleared: total entries cleared
 * @ggtt_write_calls: number of ggtt_write() calls
 * @fence_write_calls: number of fence_write() calls
 * @aperture_rw_calls: number of aperture_rw() calls
 * @aperture_pfn_calls: number of aperture_pfn() calls
 * @scratch_reads: bytes aperture_rw() read from the scratch page
 * @scratch_writes: bytes aperture_rw() wrote to the scratch page
 * @bad_calls: out-of-range, unlocked or foreign calls (never written
 *	       through), aperture accesses through a bad PTE
 * @log: the first %FAKE_LOG_SIZE calls since fake_host_log_reset()
 * @nlog: number of calls since fake_host_log_reset() (may exceed the log)
 */
struct fake_host {
	struct gvt_host_info info;
	char name[48];
	u64 *ggtt;
	u64 ggtt_entries;
	u64 fences[GVT_MAX_FENCES];
	const u32 *snapshot;
	u8 *mem;
	struct mutex *lock;		/* the device lock, not ours */
	unsigned long ggtt_clear_calls;
	unsigned long ggtt_cleared;
	unsigned long ggtt_write_calls;
	unsigned long fence_write_calls;
	unsigned long aperture_rw_calls;
	unsigned long aperture_pfn_calls;
	unsigned long scratch_reads;
	unsigned long scratch_writes;
	unsigned long bad_calls;
	struct fake_call log[FAKE_LOG_SIZE];
	unsigned int nlog;
};

extern const struct gvt_host_ops fake_host_ops;
/* Host ops with no callback: the core must cope. */
extern const struct gvt_host_ops fake_host_null_ops;

/*
 * Describe a 0x8086:0x191b GPU with @aperture_mb of aperture, @ggtt_mb of
 * GGTT and @num_fences fences, a 16 MiB BAR0 and the FAKE_SNAP() register
 * snapshot. With @track_ggtt the GGTT is backed by an array (8 bytes per
 * 4 KiB of GGTT) so writes can be checked, and host memory exists so the
 * aperture can be reached; fake_host_fini() frees them.
 */
void fake_host_init(struct fake_host *host, u64 aperture_mb, u64 ggtt_mb,
		    unsigned int num_fences, bool track_ggtt);
void fake_host_fini(struct fake_host *host);
void fake_host_fill_garbage(struct fake_host *host);
void fake_host_log_reset(struct fake_host *host);
/* Calls to any callback since fake_host_init(). */
unsigned long fake_host_calls(const struct fake_host *host);

/* Entries of [first, first + count) all hold @val. */
bool fake_host_ggtt_is(const struct fake_host *host, u64 first, u64 count,
		       u64 val);
/* Entries of [first, first + count) all still hold their garbage. */
bool fake_host_ggtt_is_garbage(const struct fake_host *host, u64 first,
			       u64 count);

/* The byte of host memory at host address @addr, or NULL if outside. */
u8 *fake_host_mem(const struct fake_host *host, u64 addr);

#endif /* _GVT_TEST_FAKE_HOST_H */
