// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the command scanner in userspace, on the streams of
 * cmd_corpus.c placed in the flat fake memories of cmd_env.c. One
 * "bench: <name> <value> <unit>" line per figure, per corpus (3d, media,
 * blit, noop, chain):
 *
 *   cmd_scan_<corpus>_throughput  a submission whose batches hold 2 MiB,
 *                                 scanned through gvt_scan_ring() (copy and
 *                                 decode), in MB/s of bytes scanned
 *   cmd_scan_<corpus>_cmds        the same in million commands per second
 *                                 (a run of MI_NOOP counts as one)
 *   cmd_scan_<corpus>_4k          one submission whose batch is 4 KiB (ns)
 *
 * The scan is recycled with gvt_scan_reset() between rounds, as the
 * workload path does, so the figures exclude allocation. Each figure is
 * the median of several rounds. Every generated stream must be accepted:
 * the program fails if the scanner rejects one. Timing is reported, never
 * asserted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd_corpus.h"
#include "bench_util.h"

#define ROUNDS		9
#define BIG_BYTES	(2U << 20)
#define SMALL_BYTES	4096U
#define SMALL_SCANS	20000
/* Seeds of generated submissions checked for acceptance per corpus. */
#define CHECK_SEEDS	64

static void report_reject(const struct cmd_sub *sub, const struct gvt_scan *s,
			  int ret)
{
	const struct gvt_scan_error *e = &s->err;

	fprintf(stderr,
		"bench: %s stream on engine %d rejected (%d): %s by %s, buffer %d +0x%x: %08x %08x %08x %08x\n",
		cmd_corpus_names[sub->kind], sub->engine, ret,
		e->rule ? e->rule : "?", e->cmd ? e->cmd : "?", e->buf,
		e->offset, e->dw[0], e->dw[1], e->dw[2], e->dw[3]);
}

/* One scan of @sub's ring into the recycled @s; returns its verdict. */
static int rescan(struct cmd_env *env, const struct cmd_sub *sub,
		  struct gvt_scan *s)
{
	u32 tail = (sub->head + 4 * sub->ring_ndw) % sub->ring_size;
	int ret;

	gvt_scan_reset(s);
	mutex_lock(&env->vgpu->lock);
	ret = gvt_scan_ring(s, sub->ring_gma, sub->ring_size, sub->head, tail);
	mutex_unlock(&env->vgpu->lock);
	return ret;
}

/* Scan many generated submissions of every kind: all must be accepted. */
static int check_corpus(struct cmd_env *env)
{
	static const u32 sizes[] = { 256, 4096, 65536 };
	unsigned int k, i, z;
	struct gvt_scan s;
	struct cmd_sub sub;
	int ret;

	for (k = 0; k < CMD_CORPUS_KINDS; k++) {
		for (i = 0; i < CHECK_SEEDS; i++) {
			for (z = 0; z < ARRAY_SIZE(sizes); z++) {
				cmd_corpus_sub(env, k, i, sizes[z], &sub);
				ret = cmd_corpus_scan(env, &sub, &s);
				if (ret)
					report_reject(&sub, &s, ret);
				gvt_scan_fini(&s);
				cmd_corpus_sub_free(&sub);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

/*
 * The baseline of a scan: a plain memcpy of @bytes bytes, timed like the
 * scan in the same run (median of ROUNDS), in ns.
 */
/* Read after each copy, so that the copy cannot be optimised away. */
u8 bench_cmd_sink;

static u64 memcpy_ns(u64 bytes)
{
	u8 *src = malloc(bytes), *dst = malloc(bytes);
	u64 t[ROUNDS], t0;
	unsigned int r;

	if (!src || !dst) {
		free(src);
		free(dst);
		return 0;
	}
	memset(src, (int)(now_ns() & 0xff), bytes);
	memset(dst, 0, bytes);
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		memcpy(dst, src, bytes);
		bench_cmd_sink = dst[bytes - 1 - r % bytes];
		t[r] = now_ns() - t0;
	}
	free(src);
	free(dst);
	return median(t, ROUNDS);
}

static int bench_kind(struct cmd_env *env, enum cmd_corpus_kind kind)
{
	u64 big[ROUNDS], small[ROUNDS], t0, bytes, cmds, scan, copy;
	const char *name = cmd_corpus_names[kind];
	struct cmd_sub sub;
	struct gvt_scan s;
	unsigned int r, i;
	int ret;

	/* Seed 0: the largest batch is a PPGTT (user) batch. */
	cmd_corpus_sub(env, kind, 0, BIG_BYTES, &sub);
	ret = cmd_corpus_scan(env, &sub, &s);
	if (ret)
		goto reject;
	bytes = s.bytes;
	cmds = s.cmds;
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		ret = rescan(env, &sub, &s);
		big[r] = now_ns() - t0;
		if (ret)
			goto reject;
	}
	gvt_scan_fini(&s);
	cmd_corpus_sub_free(&sub);

	cmd_corpus_sub(env, kind, 0, SMALL_BYTES, &sub);
	ret = cmd_corpus_scan(env, &sub, &s);
	if (ret)
		goto reject;
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		for (i = 0; i < SMALL_SCANS; i++)
			ret |= rescan(env, &sub, &s);
		small[r] = now_ns() - t0;
		if (ret)
			goto reject;
	}
	gvt_scan_fini(&s);
	cmd_corpus_sub_free(&sub);

	scan = median(big, ROUNDS);
	copy = memcpy_ns(bytes);
	printf("bench: cmd_scan_%s_throughput %.0f MB/s\n", name,
	       bytes * 1e3 / scan);
	if (copy) {
		printf("bench: cmd_scan_%s_memcpy %.0f MB/s\n", name,
		       bytes * 1e3 / copy);
		/* Scan throughput as a fraction of memcpy's. */
		printf("bench: cmd_scan_%s_vs_memcpy %.3f ratio\n", name,
		       (double)copy / scan);
	}
	printf("bench: cmd_scan_%s_cmds %.1f Mcmd/s\n", name,
	       cmds * 1e3 / median(big, ROUNDS));
	printf("bench: cmd_scan_%s_4k %.0f ns\n", name,
	       (double)median(small, ROUNDS) / SMALL_SCANS);
	return 0;

reject:
	report_reject(&sub, &s, ret);
	gvt_scan_fini(&s);
	cmd_corpus_sub_free(&sub);
	return ret;
}

int main(void)
{
	struct cmd_env env;
	unsigned int k;
	int ret;

	cmd_env_init(&env);
	ret = check_corpus(&env);
	for (k = 0; k < CMD_CORPUS_KINDS && !ret; k++)
		ret = bench_kind(&env, k);
	cmd_env_fini(&env);
	return !!ret;
}
