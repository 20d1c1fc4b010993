// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake physical GPU for the GVT core tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"

static bool fake_host_locked(struct fake_host *host)
{
	if (host->lock)
		return mutex_is_locked(host->lock);
	return gvt_shim_mutexes_held > 0;
}

static void fake_host_record(struct fake_host *host, enum fake_call_kind kind,
			     u64 a, u64 b)
{
	if (host->nlog < FAKE_LOG_SIZE) {
		host->log[host->nlog].kind = kind;
		host->log[host->nlog].a = a;
		host->log[host->nlog].b = b;
	}
	host->nlog++;
}

static void fake_ggtt_clear(void *priv, u32 first, u32 count)
{
	struct fake_host *host = priv;
	u64 i;

	host->ggtt_clear_calls++;
	fake_host_record(host, FAKE_CALL_GGTT_CLEAR, first, count);
	if (!fake_host_locked(host) ||
	    (u64)first + count > host->ggtt_entries) {
		host->bad_calls++;
		return;
	}
	host->ggtt_cleared += count;
	if (!host->ggtt)
		return;
	for (i = first; i < (u64)first + count; i++)
		host->ggtt[i] = FAKE_SCRATCH_PTE;
}

static void fake_fence_write(void *priv, unsigned int n, u64 val)
{
	struct fake_host *host = priv;

	host->fence_write_calls++;
	fake_host_record(host, FAKE_CALL_FENCE_WRITE, n, val);
	if (!fake_host_locked(host) || n >= host->info.num_fences) {
		host->bad_calls++;
		return;
	}
	host->fences[n] = val;
}

const struct gvt_host_ops fake_host_ops = {
	.ggtt_clear = fake_ggtt_clear,
	.fence_write = fake_fence_write,
};

const struct gvt_host_ops fake_host_null_ops = {
	.ggtt_clear = NULL,
	.fence_write = NULL,
};

void fake_host_init(struct fake_host *host, u64 aperture_mb, u64 ggtt_mb,
		    unsigned int num_fences, bool track_ggtt)
{
	static unsigned int serial;

	memset(host, 0, sizeof(*host));
	snprintf(host->name, sizeof(host->name), "fake%u", serial++);
	host->info.name = host->name;
	host->info.vendor = 0x8086;
	host->info.device = 0x191b;
	host->info.revision = 6;
	host->info.subsystem_vendor = 0x8086;
	host->info.subsystem_device = 0x2063;
	host->info.bar0_size = 16ULL << 20;
	host->info.aperture_size = aperture_mb << 20;
	host->info.ggtt_size = ggtt_mb << 20;
	host->info.num_fences = num_fences;
	host->ggtt_entries = host->info.ggtt_size >> GVT_GTT_PAGE_SHIFT;
	if (track_ggtt) {
		host->ggtt = calloc(host->ggtt_entries, sizeof(*host->ggtt));
		if (!host->ggtt) {
			fprintf(stderr, "fake_host: no memory for the GGTT\n");
			abort();
		}
	}
}

void fake_host_fini(struct fake_host *host)
{
	free(host->ggtt);
	host->ggtt = NULL;
}

void fake_host_fill_garbage(struct fake_host *host)
{
	u64 i;

	if (host->ggtt)
		for (i = 0; i < host->ggtt_entries; i++)
			host->ggtt[i] = FAKE_GGTT_GARBAGE(i);
	for (i = 0; i < GVT_MAX_FENCES; i++)
		host->fences[i] = FAKE_FENCE_GARBAGE(i);
}

void fake_host_log_reset(struct fake_host *host)
{
	host->nlog = 0;
}

bool fake_host_ggtt_is(const struct fake_host *host, u64 first, u64 count,
		       u64 val)
{
	u64 i;

	if (!host->ggtt || first + count > host->ggtt_entries)
		return false;
	for (i = first; i < first + count; i++)
		if (host->ggtt[i] != val)
			return false;
	return true;
}

bool fake_host_ggtt_is_garbage(const struct fake_host *host, u64 first,
			       u64 count)
{
	u64 i;

	if (!host->ggtt || first + count > host->ggtt_entries)
		return false;
	for (i = first; i < first + count; i++)
		if (host->ggtt[i] != FAKE_GGTT_GARBAGE(i))
			return false;
	return true;
}
