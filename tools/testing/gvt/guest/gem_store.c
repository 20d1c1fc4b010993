// SPDX-License-Identifier: GPL-2.0-only
/*
 * Work that runs, from inside a guest: on each engine of the guest's i915
 * (render, blitter, video, video enhancement), DRM_IOCTL_I915_GEM_EXECBUFFER2
 * of a batch holding MI_STORE_DWORD_IMM into a second buffer object, a
 * wait for it, and a read-back of the dword. The batch is not privileged,
 * so its store goes through the context's PPGTT. Then the rate of empty
 * batches (MI_BATCH_BUFFER_END only) on that engine, each waited for.
 *
 * Usage: gem_store <drm node> <nop batches per engine>
 * Output, one line per engine:
 *   GUEST: store <engine> ok <value>           the value landed
 *   GUEST: store <engine> fail <why>
 *   GUEST: bench nop_<engine> <n> ops/s        with a count above 0
 * Exit status: 0 if every store landed, else 1.
 *
 * It talks to the uAPI only (include/uapi/drm/i915_drm.h), with no libdrm.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <drm/i915_drm.h>

#define MI_STORE_DWORD_IMM	(0x20u << 23 | 2)	/* 4 dwords, 64-bit address */
#define MI_BATCH_BUFFER_END	(0x0au << 23)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define WAIT_NS			(10LL * 1000 * 1000 * 1000)

static const struct {
	const char *name;
	unsigned int flag;
} engines[] = {
	{ "rcs0", I915_EXEC_RENDER },
	{ "bcs0", I915_EXEC_BLT },
	{ "vcs0", I915_EXEC_BSD },
	{ "vecs0", I915_EXEC_VEBOX },
};

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

static int bo_create(int fd, uint32_t *handle)
{
	struct drm_i915_gem_create c = { .size = 4096 };
	int ret = xioctl(fd, DRM_IOCTL_I915_GEM_CREATE, &c);

	*handle = c.handle;
	return ret;
}

static void bo_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int bo_write(int fd, uint32_t handle, const void *data, uint64_t len)
{
	struct drm_i915_gem_pwrite w = {
		.handle = handle, .size = len, .data_ptr = (uintptr_t)data,
	};

	return xioctl(fd, DRM_IOCTL_I915_GEM_PWRITE, &w);
}

static int bo_read(int fd, uint32_t handle, void *data, uint64_t len)
{
	struct drm_i915_gem_pread r = {
		.handle = handle, .size = len, .data_ptr = (uintptr_t)data,
	};

	return xioctl(fd, DRM_IOCTL_I915_GEM_PREAD, &r);
}

static int bo_wait(int fd, uint32_t handle)
{
	struct drm_i915_gem_wait w = { .bo_handle = handle, .timeout_ns = WAIT_NS };

	return xioctl(fd, DRM_IOCTL_I915_GEM_WAIT, &w);
}

/* Execute @batch (the last object) with @nobj - 1 others on @engine. */
static int exec(int fd, struct drm_i915_gem_exec_object2 *obj, unsigned int nobj,
		uint32_t len, unsigned int engine)
{
	struct drm_i915_gem_execbuffer2 eb = {
		.buffers_ptr = (uintptr_t)obj,
		.buffer_count = nobj,
		.batch_len = len,
		.flags = engine,
	};

	return xioctl(fd, DRM_IOCTL_I915_GEM_EXECBUFFER2, &eb);
}

static int store(int fd, unsigned int engine, uint32_t value, char *why, size_t n)
{
	struct drm_i915_gem_relocation_entry reloc = {
		.offset = 4,			/* the address dwords */
		.presumed_offset = ~0ULL,	/* always relocated */
		.read_domains = I915_GEM_DOMAIN_INSTRUCTION,
		.write_domain = I915_GEM_DOMAIN_INSTRUCTION,
	};
	struct drm_i915_gem_exec_object2 obj[2];
	uint32_t batch[8] = {
		MI_STORE_DWORD_IMM, 0, 0, value, MI_BATCH_BUFFER_END, 0,
	};
	uint32_t target, bb, got = ~value, zero = 0;
	int ret;

	ret = bo_create(fd, &target);
	if (ret) {
		snprintf(why, n, "GEM_CREATE: %s", strerror(-ret));
		return -1;
	}
	ret = bo_create(fd, &bb);
	if (ret) {
		snprintf(why, n, "GEM_CREATE: %s", strerror(-ret));
		bo_close(fd, target);
		return -1;
	}
	ret = bo_write(fd, target, &zero, sizeof(zero));
	if (!ret)
		ret = bo_write(fd, bb, batch, sizeof(batch));
	if (ret) {
		snprintf(why, n, "GEM_PWRITE: %s", strerror(-ret));
		goto out;
	}
	reloc.target_handle = target;
	memset(obj, 0, sizeof(obj));
	obj[0].handle = target;
	obj[1].handle = bb;
	obj[1].relocation_count = 1;
	obj[1].relocs_ptr = (uintptr_t)&reloc;
	ret = exec(fd, obj, 2, sizeof(batch), engine);
	if (ret) {
		snprintf(why, n, "EXECBUFFER2: %s", strerror(-ret));
		goto out;
	}
	ret = bo_wait(fd, bb);
	if (ret) {
		snprintf(why, n, "GEM_WAIT: %s", strerror(-ret));
		goto out;
	}
	ret = bo_read(fd, target, &got, sizeof(got));
	if (ret) {
		snprintf(why, n, "GEM_PREAD: %s", strerror(-ret));
		goto out;
	}
	if (got != value) {
		snprintf(why, n, "read 0x%08x, want 0x%08x", got, value);
		ret = -1;
	}
out:
	bo_close(fd, bb);
	bo_close(fd, target);
	return ret ? -1 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* @count empty batches, each waited for: their rate, or -1. */
static double nop_rate(int fd, unsigned int engine, unsigned long count)
{
	uint32_t batch[2] = { MI_BATCH_BUFFER_END, 0 };
	struct drm_i915_gem_exec_object2 obj = { 0 };
	unsigned long i;
	double t0, t;
	int ret;

	if (bo_create(fd, &obj.handle))
		return -1;
	ret = bo_write(fd, obj.handle, batch, sizeof(batch));
	t0 = now_s();
	for (i = 0; !ret && i < count; i++) {
		ret = exec(fd, &obj, 1, sizeof(batch), engine);
		if (!ret)
			ret = bo_wait(fd, obj.handle);
	}
	t = now_s() - t0;
	bo_close(fd, obj.handle);
	return ret || t <= 0 ? -1 : count / t;
}

int main(int argc, char **argv)
{
	unsigned long nops;
	unsigned int i;
	int fd, bad = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <drm node> <nop batches per engine>\n", argv[0]);
		return 1;
	}
	nops = strtoul(argv[2], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		printf("GUEST: store all fail open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(engines); i++) {
		uint32_t value = 0xc0de0000 | i;
		char why[128] = "";
		double rate;

		if (store(fd, engines[i].flag, value, why, sizeof(why))) {
			printf("GUEST: store %s fail %s\n", engines[i].name, why);
			bad = 1;
			continue;
		}
		printf("GUEST: store %s ok 0x%08x\n", engines[i].name, value);
		if (!nops)
			continue;
		rate = nop_rate(fd, engines[i].flag, nops);
		if (rate < 0)
			printf("GUEST: bench nop_%s failed\n", engines[i].name);
		else
			printf("GUEST: bench nop_%s %.1f ops/s\n", engines[i].name, rate);
		fflush(stdout);
	}
	close(fd);
	return bad;
}
