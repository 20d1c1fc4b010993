// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake physical GPU for the GVT core tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gvt_internal.h"
#include "fake_host.h"

enum fake_what {
	FAKE_GGTT,	/* GGTT entries [a, a + n) */
	FAKE_FENCE,	/* host fence a */
	FAKE_GM,	/* aperture GM [a, a + n) */
};

static bool in_range(const struct gvt_gm_range *r, u64 a, u64 n)
{
	return r->size && a >= r->start && n <= r->size &&
	       a - r->start <= r->size - n;
}

static bool fake_vgpu_owns(const struct gvt_vgpu *vgpu, enum fake_what what,
			   u64 a, u64 n)
{
	unsigned int i;

	switch (what) {
	case FAKE_GGTT:
		if (a > U64_MAX >> GVT_GTT_PAGE_SHIFT ||
		    n > U64_MAX >> GVT_GTT_PAGE_SHIFT)
			return false;
		a <<= GVT_GTT_PAGE_SHIFT;
		n <<= GVT_GTT_PAGE_SHIFT;
		return in_range(&vgpu->low, a, n) ||
		       in_range(&vgpu->high, a, n);
	case FAKE_FENCE:
		for (i = 0; i < vgpu->num_fences; i++)
			if (vgpu->fences[i] == a)
				return true;
		return false;
	case FAKE_GM:
		return in_range(&vgpu->low, a, n);
	}
	return false;
}

/*
 * A callback must run under the device lock, or under the lock of the
 * vGPU that owns what it touches (never for another vGPU's state).
 */
static bool fake_host_may(struct fake_host *host, enum fake_what what, u64 a,
			  u64 n)
{
	struct gvt_device *gvt;
	struct gvt_vgpu *vgpu;

	if (!host->lock)
		return gvt_shim_mutexes_held > 0;
	if (mutex_is_locked(host->lock))
		return true;
	gvt = container_of(host->lock, struct gvt_device, lock);
	list_for_each_entry(vgpu, &gvt->vgpus, link)
		if (mutex_is_locked(&vgpu->lock) &&
		    fake_vgpu_owns(vgpu, what, a, n))
			return true;
	return false;
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
	if ((u64)first + count > host->ggtt_entries ||
	    !fake_host_may(host, FAKE_GGTT, first, count)) {
		host->bad_calls++;
		return;
	}
	host->ggtt_cleared += count;
	if (!host->ggtt)
		return;
	for (i = first; i < (u64)first + count; i++)
		host->ggtt[i] = FAKE_SCRATCH_PTE;
}

static void fake_ggtt_write(void *priv, u32 index, u64 pte)
{
	struct fake_host *host = priv;

	host->ggtt_write_calls++;
	fake_host_record(host, FAKE_CALL_GGTT_WRITE, index, pte);
	if (index >= host->ggtt_entries ||
	    !fake_host_may(host, FAKE_GGTT, index, 1)) {
		host->bad_calls++;
		return;
	}
	if (host->ggtt)
		host->ggtt[index] = pte;
}

static void fake_fence_write(void *priv, unsigned int n, u64 val)
{
	struct fake_host *host = priv;

	host->fence_write_calls++;
	fake_host_record(host, FAKE_CALL_FENCE_WRITE, n, val);
	if (n >= host->info.num_fences ||
	    !fake_host_may(host, FAKE_FENCE, n, 1)) {
		host->bad_calls++;
		return;
	}
	host->fences[n] = val;
}

u8 *fake_host_mem(const struct fake_host *host, u64 addr)
{
	if (!host->mem || addr < FAKE_HOST_MEM_BASE ||
	    addr - FAKE_HOST_MEM_BASE >=
	    (u64)FAKE_HOST_MEM_PAGES << GVT_GTT_PAGE_SHIFT)
		return NULL;
	return host->mem + (addr - FAKE_HOST_MEM_BASE);
}

static int fake_aperture_rw(void *priv, u64 gm, void *buf, unsigned int len,
			    bool write)
{
	struct fake_host *host = priv;
	u8 *p = buf, *mem;
	unsigned int chunk;
	u64 pte;

	host->aperture_rw_calls++;
	fake_host_record(host, FAKE_CALL_APERTURE_RW, gm, len);
	if (!host->ggtt || gm >= host->info.aperture_size ||
	    len > host->info.aperture_size - gm ||
	    !fake_host_may(host, FAKE_GM, gm, len)) {
		host->bad_calls++;
		return -EIO;
	}
	while (len) {
		chunk = 4096 - (gm & 4095);
		if (chunk > len)
			chunk = len;
		pte = host->ggtt[gm >> GVT_GTT_PAGE_SHIFT];
		if (pte == FAKE_SCRATCH_PTE) {
			if (write) {
				host->scratch_writes += chunk;
			} else {
				memset(p, 0, chunk);
				host->scratch_reads += chunk;
			}
		} else {
			mem = fake_host_mem(host, (pte & FAKE_PTE_ADDR_MASK) +
					    (gm & 4095));
			if (!(pte & 1) || !mem) {
				host->bad_calls++;
				return -EFAULT;
			}
			if (write)
				memcpy(mem, p, chunk);
			else
				memcpy(p, mem, chunk);
		}
		p += chunk;
		gm += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * Where a CPU mapping of aperture page @gm goes: the host memory page its
 * entry maps (RAM, as the simulator has it). Called without locks; the
 * core asks only for entries that map a guest page.
 */
static int fake_aperture_pfn(void *priv, u64 gm, unsigned long *pfn, bool *io)
{
	struct fake_host *host = priv;
	u64 pte;

	host->aperture_pfn_calls++;
	if (!host->ggtt || gm >= host->info.aperture_size || (gm & 4095)) {
		host->bad_calls++;
		return -EIO;
	}
	pte = host->ggtt[gm >> GVT_GTT_PAGE_SHIFT];
	if (pte == FAKE_SCRATCH_PTE || !(pte & 1) ||
	    !fake_host_mem(host, pte & FAKE_PTE_ADDR_MASK)) {
		host->bad_calls++;
		return -ENOENT;
	}
	*pfn = (pte & FAKE_PTE_ADDR_MASK) >> GVT_GTT_PAGE_SHIFT;
	*io = false;
	return 0;
}

const struct gvt_host_ops fake_host_ops = {
	.ggtt_clear = fake_ggtt_clear,
	.ggtt_write = fake_ggtt_write,
	.fence_write = fake_fence_write,
	.aperture_rw = fake_aperture_rw,
	.aperture_pfn = fake_aperture_pfn,
};

const struct gvt_host_ops fake_host_null_ops = {
	.ggtt_clear = NULL,
	.ggtt_write = NULL,
	.fence_write = NULL,
	.aperture_rw = NULL,
};

static void *fake_alloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "fake_host: out of memory\n");
		abort();
	}
	return p;
}

/* One snapshot for every fake host: it never changes. */
static u32 fake_snapshot[GVT_MMIO_SIZE / 4];

void fake_host_init(struct fake_host *host, u64 aperture_mb, u64 ggtt_mb,
		    unsigned int num_fences, bool track_ggtt)
{
	static unsigned int serial;
	u32 i;

	if (!fake_snapshot[0])
		for (i = 0; i < GVT_MMIO_SIZE / 4; i++)
			fake_snapshot[i] = FAKE_SNAP(4 * i);

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
	host->snapshot = fake_snapshot;
	host->info.mmio_snapshot = fake_snapshot;
	if (track_ggtt) {
		host->ggtt = fake_alloc(host->ggtt_entries,
					sizeof(*host->ggtt));
		host->mem = fake_alloc(FAKE_HOST_MEM_PAGES, 4096);
	}
}

void fake_host_fini(struct fake_host *host)
{
	free(host->ggtt);
	host->ggtt = NULL;
	free(host->mem);
	host->mem = NULL;
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

unsigned long fake_host_calls(const struct fake_host *host)
{
	return host->ggtt_clear_calls + host->ggtt_write_calls +
	       host->fence_write_calls + host->aperture_rw_calls;
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
