// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture of the command scanner tests: see cmd_env.h. It aborts on setup
 * errors, so that the unit tests, the fuzz target and the benchmark can
 * all use it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "cmd_env.h"

#define GM_PAGE		4096ULL
#define GM_PAGES	(FAKE_GM_SIZE / GM_PAGE)

static void die(const char *what)
{
	fprintf(stderr, "cmd_env: %s\n", what);
	abort();
}

void fake_gm_init(struct fake_gm *gm, const struct gvt_vgpu *vgpu)
{
	memset(gm, 0, sizeof(*gm));
	/* 8 MiB of pointers, zero pages from the kernel on demand. */
	gm->pages = mmap(NULL, GM_PAGES * sizeof(*gm->pages),
			 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (gm->pages == MAP_FAILED)
		die("out of memory");
	gm->vgpu = vgpu;
	gm->fail_after = -1;
}

void fake_gm_fini(struct fake_gm *gm)
{
	u64 i;

	for (i = 0; i < GM_PAGES; i++)
		free(gm->pages[i]);
	munmap(gm->pages, GM_PAGES * sizeof(*gm->pages));
	gm->pages = NULL;
}

void fake_gm_write(struct fake_gm *gm, u64 addr, const void *buf, u64 len)
{
	const u8 *p = buf;

	if (addr >= FAKE_GM_SIZE || len > FAKE_GM_SIZE - addr)
		die("write outside the fake graphics memory");
	while (len) {
		u64 pg = addr / GM_PAGE, off = addr % GM_PAGE;
		u64 n = len < GM_PAGE - off ? len : GM_PAGE - off;

		if (!gm->pages[pg]) {
			gm->pages[pg] = calloc(1, GM_PAGE);
			if (!gm->pages[pg])
				die("out of memory");
		}
		memcpy(gm->pages[pg] + off, p, n);
		addr += n;
		p += n;
		len -= n;
	}
}

int fake_gm_read(void *priv, u64 addr, void *buf, u32 len)
{
	struct fake_gm *gm = priv;
	u8 *p = buf;

	gm->reads++;
	if (gm->fail_after >= 0 && gm->fail_after-- == 0) {
		gm->fail_after = 0;
		return -EFAULT;
	}
	if (!len || addr >= FAKE_GM_SIZE || len > FAKE_GM_SIZE - addr)
		return -EFAULT;
	if (gm->vgpu && !gvt_gm_range_owned(gm->vgpu, addr, len))
		return -EFAULT;
	while (len) {
		u64 pg = addr / GM_PAGE, off = addr % GM_PAGE;
		u32 n = len < GM_PAGE - off ? len : GM_PAGE - off;

		if (!gm->pages[pg])
			return -EFAULT;
		memcpy(p, gm->pages[pg] + off, n);
		gm->read_bytes += n;
		addr += n;
		p += n;
		len -= n;
	}
	return 0;
}

void cmd_env_init(struct cmd_env *env)
{
	const struct gvt_type *type = NULL;
	unsigned int i;

	memset(env, 0, sizeof(*env));
	fake_host_init(&env->host, 256, 4096, 32, false);
	env->gvt = gvt_device_register(&env->host.info, &fake_host_ops,
				       &env->host);
	if (IS_ERR(env->gvt))
		die("device registration failed");
	env->host.lock = &env->gvt->lock;
	for (i = 0; i < gvt_device_num_types(env->gvt); i++)
		if (!strcmp(gvt_device_type(env->gvt, i)->name, "GVTg_V5_4"))
			type = gvt_device_type(env->gvt, i);
	if (!type)
		die("no GVTg_V5_4 type");
	env->vgpu = gvt_vgpu_create(env->gvt, type);
	if (IS_ERR(env->vgpu))
		die("vGPU creation failed");
	fake_gm_init(&env->ggtt, env->vgpu);
	fake_gm_init(&env->ppgtt, NULL);
	env->ggtt_acc.read = fake_gm_read;
	env->ggtt_acc.priv = &env->ggtt;
	env->ppgtt_acc.read = fake_gm_read;
	env->ppgtt_acc.priv = &env->ppgtt;
}

void cmd_env_fini(struct cmd_env *env)
{
	fake_gm_fini(&env->ggtt);
	fake_gm_fini(&env->ppgtt);
	gvt_vgpu_destroy(env->vgpu);
	gvt_device_unregister(env->gvt);
	fake_host_fini(&env->host);
}

u32 cmd_env_put_ring(struct cmd_env *env, u64 ring_gma, u32 ring_size,
		     u32 head, const u32 *cmds, u32 ndw)
{
	u32 i, off = head;

	for (i = 0; i < ndw; i++) {
		fake_gm_write(&env->ggtt, ring_gma + off, &cmds[i], 4);
		off = (off + 4) % ring_size;
	}
	/* The rest of the ring exists too (zeroes), so reads of it work. */
	for (i = 0; i < ring_size; i += GM_PAGE)
		if (!env->ggtt.pages[(ring_gma + i) / GM_PAGE])
			fake_gm_write(&env->ggtt, ring_gma + i, "", 1);
	return off;
}

void cmd_env_put(struct cmd_env *env, bool ppgtt, u64 gma, const u32 *cmds,
		 u32 ndw)
{
	fake_gm_write(ppgtt ? &env->ppgtt : &env->ggtt, gma, cmds, 4ULL * ndw);
}

int cmd_env_scan_ring(struct cmd_env *env, struct gvt_scan *s,
		      enum gvt_engine engine, u64 ring_gma, u32 ring_size,
		      u32 head, const u32 *cmds, u32 ndw)
{
	u32 tail;
	int ret;

	tail = cmd_env_put_ring(env, ring_gma, ring_size, head, cmds, ndw);
	gvt_scan_init(s, env->vgpu, engine, &env->ggtt_acc, &env->ppgtt_acc);
	mutex_lock(&env->vgpu->lock);
	ret = gvt_scan_ring(s, ring_gma, ring_size, head, tail);
	mutex_unlock(&env->vgpu->lock);
	return ret;
}
