/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake physical GPU for the GVT core tests: a GGTT array and fence
 * registers behind struct gvt_host_ops, with call accounting.
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

#define FAKE_LOG_SIZE		64

enum fake_call_kind {
	FAKE_CALL_GGTT_CLEAR,
	FAKE_CALL_FENCE_WRITE,
};

struct fake_call {
	enum fake_call_kind kind;
	u64 a;		/* first entry, or fence index */
	u64 b;		/* entry count, or fence value */
};

/**
 * struct fake_host - a fake GPU
 * @info: what is handed to gvt_device_register()
 * @name: storage for @info.name
 * @ggtt: host GGTT, one u64 per 4 KiB page; NULL when not tracked
 * @ggtt_entries: ggtt_size >> 12
 * @fences: host fence registers
 * @lock: if set, the mutex every callback must be called under; otherwise
 *	  any held shim mutex is accepted
 * @ggtt_clear_calls: number of ggtt_clear() calls
 * @ggtt_cleared: total entries cleared
 * @fence_write_calls: number of fence_write() calls
 * @bad_calls: out-of-range or unlocked calls (never written through)
 * @log: the last %FAKE_LOG_SIZE calls since fake_host_log_reset()
 * @nlog: number of calls since fake_host_log_reset() (may exceed the log)
 */
struct fake_host {
	struct gvt_host_info info;
	char name[48];
	u64 *ggtt;
	u64 ggtt_entries;
	u64 fences[GVT_MAX_FENCES];
	struct mutex *lock;		/* the device lock, not ours */
	unsigned long ggtt_clear_calls;
	unsigned long ggtt_cleared;
	unsigned long fence_write_calls;
	unsigned long bad_calls;
	struct fake_call log[FAKE_LOG_SIZE];
	unsigned int nlog;
};

extern const struct gvt_host_ops fake_host_ops;
/* Host ops with neither callback: the core must cope. */
extern const struct gvt_host_ops fake_host_null_ops;

/*
 * Describe a 0x8086:0x191b GPU with @aperture_mb of aperture, @ggtt_mb of
 * GGTT and @num_fences fences. With @track_ggtt the GGTT is backed by an
 * array (8 bytes per 4 KiB of GGTT) so writes can be checked.
 */
void fake_host_init(struct fake_host *host, u64 aperture_mb, u64 ggtt_mb,
		    unsigned int num_fences, bool track_ggtt);
void fake_host_fini(struct fake_host *host);
void fake_host_fill_garbage(struct fake_host *host);
void fake_host_log_reset(struct fake_host *host);

/* Entries of [first, first + count) all hold @val. */
bool fake_host_ggtt_is(const struct fake_host *host, u64 first, u64 count,
		       u64 val);
/* Entries of [first, first + count) all still hold their garbage. */
bool fake_host_ggtt_is_garbage(const struct fake_host *host, u64 first,
			       u64 count);

#endif /* _GVT_TEST_FAKE_HOST_H */
