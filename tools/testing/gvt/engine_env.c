// SPDX-License-Identifier: GPL-2.0-only
/* The fake GPU memory of the command executor's tests (engine_env.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_env.h"

static u64 eenv_ggtt_pte(void *priv, u32 index)
{
	struct eenv *env = priv;

	if (index >= EENV_GGTT_ENTRIES) {
		env->bad++;
		return 0;
	}
	return env->ggtt[index];
}

static bool eenv_dma_rw(void *priv, u64 addr, void *buf, unsigned int len,
			bool write)
{
	struct eenv *env = priv;
	u64 page = (addr - EENV_BUS_BASE) >> 12;
	unsigned int off = addr & 4095;

	env->accesses++;
	if (off + len > 4096 || !len) {
		env->bad++;
		if (!write)
			memset(buf, 0, len);
		return false;
	}
	if (addr < EENV_BUS_BASE || page >= EENV_PAGES || !env->mapped[page]) {
		env->dma_faults++;
		if (!write)
			memset(buf, 0, len);
		return false;
	}
	if (write)
		memcpy(env->mem[page] + off, buf, len);
	else
		memcpy(buf, env->mem[page] + off, len);
	return true;
}

static u32 eenv_reg_read(void *priv, u32 offset)
{
	struct eenv *env = priv;

	if (offset / 4 >= EENV_REGS) {
		env->bad++;
		return 0;
	}
	return env->regs[offset / 4];
}

static void eenv_reg_write(void *priv, u32 offset, u32 val)
{
	struct eenv *env = priv;

	if (offset / 4 >= EENV_REGS) {
		env->bad++;
		return;
	}
	env->regs[offset / 4] = val;
	env->reg_writes++;
}

static u64 eenv_timestamp(void *priv)
{
	struct eenv *env = priv;

	return env->now;
}

const struct gvt_sim_engine_ops eenv_ops = {
	.ggtt_pte = eenv_ggtt_pte,
	.dma_rw = eenv_dma_rw,
	.reg_read = eenv_reg_read,
	.reg_write = eenv_reg_write,
	.timestamp = eenv_timestamp,
};

struct eenv *eenv_new(u32 mmio_base)
{
	struct eenv *env = calloc(1, sizeof(*env));

	if (!env)
		abort();
	env->mem = calloc(EENV_PAGES, 4096);
	if (!env->mem)
		abort();
	gvt_sim_engine_init(&env->eng, &eenv_ops, env, "test", mmio_base,
			    EENV_GGTT_SIZE);
	return env;
}

void eenv_free(struct eenv *env)
{
	free(env->mem);
	free(env);
}

u64 eenv_bus(unsigned int page)
{
	return EENV_BUS_BASE + ((u64)page << 12);
}

unsigned int eenv_pages(struct eenv *env, unsigned int n)
{
	unsigned int first = env->next, i;

	if (env->next + n > EENV_PAGES) {
		fprintf(stderr, "engine_env: out of pages\n");
		abort();
	}
	for (i = 0; i < n; i++)
		env->mapped[first + i] = true;
	env->next += n;
	return first;
}

unsigned int eenv_page(struct eenv *env)
{
	return eenv_pages(env, 1);
}

void eenv_ggtt_map(struct eenv *env, u64 gm, unsigned int page)
{
	env->ggtt[gm >> 12] = eenv_bus(page) | 1;
}

void eenv_ggtt_alloc(struct eenv *env, u64 gm, u64 len)
{
	u64 a;

	for (a = gm & ~4095ULL; a < gm + len; a += 4096)
		eenv_ggtt_map(env, a, eenv_page(env));
}

static u64 *eenv_entry(struct eenv *env, u64 table_bus, unsigned int idx)
{
	return (u64 *)env->mem[(table_bus - EENV_BUS_BASE) >> 12] + idx;
}

/* The PT entry slot of @va, building tables on the way. */
static u64 *eenv_pte_slot(struct eenv *env, u64 va, bool ips)
{
	u64 table, *ent;
	int level;

	if (!env->pml4) {
		env->pml4 = eenv_bus(eenv_page(env));
		env->eng.ring.pml4 = env->pml4;
	}
	table = env->pml4;
	for (level = 3; level >= 1; level--) {
		ent = eenv_entry(env, table, (va >> (12 + 9 * level)) & 0x1ff);
		if (!(*ent & 1))
			*ent = eenv_bus(eenv_page(env)) | 3;
		if (level == 1 && ips)
			*ent |= 1ULL << 11;
		table = *ent & ~0xfffULL;
	}
	if (ips)
		return eenv_entry(env, table, 16 * ((va >> 16) & 0x1f));
	return eenv_entry(env, table, (va >> 12) & 0x1ff);
}

void eenv_ppgtt_map(struct eenv *env, u64 va, unsigned int page, bool rw)
{
	*eenv_pte_slot(env, va, false) = eenv_bus(page) | 1 | (rw ? 2 : 0);
}

void eenv_ppgtt_alloc(struct eenv *env, u64 va, u64 len)
{
	u64 a;

	for (a = va & ~4095ULL; a < va + len; a += 4096)
		eenv_ppgtt_map(env, a, eenv_page(env), true);
}

void eenv_ppgtt_map64k(struct eenv *env, u64 va, unsigned int page)
{
	*eenv_pte_slot(env, va, true) = eenv_bus(page) | 3;
}

static u32 *eenv_bus_ptr(struct eenv *env, u64 bus)
{
	u64 page = (bus - EENV_BUS_BASE) >> 12;

	if (bus < EENV_BUS_BASE || page >= EENV_PAGES)
		return NULL;
	return (u32 *)(env->mem[page] + (bus & 4095));
}

u32 *eenv_gm(struct eenv *env, u64 gm)
{
	u64 pte = env->ggtt[gm >> 12];

	if (!(pte & 1))
		return NULL;
	return eenv_bus_ptr(env, (pte & ~0xfffULL) | (gm & 4095));
}

u32 *eenv_va(struct eenv *env, u64 va)
{
	u64 table = env->pml4, ent = 0;
	bool ips = false;
	int level;

	if (!table)
		return NULL;
	for (level = 3; level >= 0; level--) {
		unsigned int idx = (va >> (12 + 9 * level)) & 0x1ff;

		if (level == 0 && ips)
			idx = 16 * ((va >> 16) & 0x1f);
		ent = *eenv_entry(env, table, idx);
		if (!(ent & 1))
			return NULL;
		if (level == 1)
			ips = ent & (1ULL << 11);
		table = ent & 0x7ffffff000ULL;
	}
	if (ips)
		return eenv_bus_ptr(env, (ent & 0x7fffff0000ULL) |
				    (va & 0xffff));
	return eenv_bus_ptr(env, table | (va & 4095));
}

void eenv_ring(struct eenv *env, u64 gm, u32 size, const u32 *dw, u32 ndw)
{
	struct gvt_sim_ring ring = {
		.start = gm, .size = size, .head = 0, .tail = 4 * ndw,
		.pml4 = env->pml4,
	};
	u32 i;

	for (i = 0; i < ndw; i++)
		*eenv_gm(env, gm + 4 * i) = dw[i];
	if (gvt_sim_engine_load(&env->eng, &ring)) {
		fprintf(stderr, "engine_env: ring refused\n");
		abort();
	}
}

u64 eenv_sum(const struct eenv *env, int skip)
{
	u64 sum = 0;
	unsigned int p, i;

	for (p = 0; p < EENV_PAGES; p++) {
		if ((int)p == skip)
			continue;
		for (i = 0; i < 4096; i++)
			sum = sum * 31 + env->mem[p][i] + i;
	}
	return sum;
}
