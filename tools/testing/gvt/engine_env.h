/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake GPU memory for the simulated GPU's command executor
 * (drivers/gpu/gvt/sim/engine.c): bus pages behind an IOMMU-like table, a
 * small GGTT and PPGTT builders. Every access the executor makes is
 * checked: one that crosses a 4 KiB page or reaches a bus page that is not
 * mapped is counted and never touches memory.
 */
#ifndef _GVT_TEST_ENGINE_ENV_H
#define _GVT_TEST_ENGINE_ENV_H

#include <linux/types.h>

#include "engine.h"

#define EENV_PAGES		512
#define EENV_BUS_BASE		0x4000000000ULL	/* bus address of page 0 */
#define EENV_GGTT_ENTRIES	2048		/* 8 MiB of GGTT */
#define EENV_GGTT_SIZE		((u64)EENV_GGTT_ENTRIES << 12)
#define EENV_REGS		(0x40000 / 4)

struct eenv {
	u8 (*mem)[4096];		/* EENV_PAGES pages */
	bool mapped[EENV_PAGES];	/* the IOMMU maps the page */
	unsigned int next;		/* next free page */
	u64 ggtt[EENV_GGTT_ENTRIES];
	u64 pml4;			/* bus address, 0 until a map */
	u32 regs[EENV_REGS];
	u32 reg_writes;
	u64 dma_faults;			/* unmapped bus pages reached */
	u64 bad;			/* accesses crossing a page: a bug */
	u64 accesses;
	u64 now;			/* the timestamp callback's value */
	struct gvt_sim_engine eng;
};

extern const struct gvt_sim_engine_ops eenv_ops;

/* A fresh environment and an executor on engine @mmio_base. */
struct eenv *eenv_new(u32 mmio_base);
void eenv_free(struct eenv *env);

/* A new zeroed page, mapped in the IOMMU; returns its index. */
unsigned int eenv_page(struct eenv *env);
/* @n consecutive new pages (bus-contiguous); returns the first index. */
unsigned int eenv_pages(struct eenv *env, unsigned int n);
u64 eenv_bus(unsigned int page);

/* Map GGTT page @gm (4 KiB aligned) to page @page. */
void eenv_ggtt_map(struct eenv *env, u64 gm, unsigned int page);
/* Map GGTT [@gm, @gm + @len) to new pages. */
void eenv_ggtt_alloc(struct eenv *env, u64 gm, u64 len);
/* Map PPGTT page @va to @page, writable or not. */
void eenv_ppgtt_map(struct eenv *env, u64 va, unsigned int page, bool rw);
/* Map PPGTT [@va, @va + @len) to new writable pages. */
void eenv_ppgtt_alloc(struct eenv *env, u64 va, u64 len);
/* Map the 64 KiB page @va (64 KiB aligned) to 16 pages from @page. */
void eenv_ppgtt_map64k(struct eenv *env, u64 va, unsigned int page);

/* CPU pointers, through the test's own bookkeeping (NULL if unmapped). */
u32 *eenv_gm(struct eenv *env, u64 gm);
u32 *eenv_va(struct eenv *env, u64 va);

/*
 * Load a ring of @size bytes at GGTT @gm holding @ndw dwords from its
 * start (HEAD 0, TAIL 4 * @ndw), in the PPGTT built so far.
 */
void eenv_ring(struct eenv *env, u64 gm, u32 size, const u32 *dw, u32 ndw);

/* A checksum of every page but @skip (-1 for none). */
u64 eenv_sum(const struct eenv *env, int skip);

#endif /* _GVT_TEST_ENGINE_ENV_H */
