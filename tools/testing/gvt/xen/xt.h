/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xengt test fixture: a fake GPU registered with the core, the fake
 * Xen, and the backend with that GPU announced.
 */
#ifndef _GVT_TEST_XT_H
#define _GVT_TEST_XT_H

#include "gvt_test.h"
#include "fake_xen.h"

/* BARs the tests place: BAR0 (16 MiB) and BAR2 (the 512 MiB aperture). */
#define XT_BAR0		0xe0000000ULL
#define XT_BAR2		0xc0000000ULL
#define XT_SBDF		XENGT_DMOP_PCI_SBDF(0, 0, 2, 0)
#define XT_CFG(reg)	(((u64)XT_SBDF << 32) | (reg))

struct xt {
	struct tdev t;
	struct xengt x;
};

/* Fake Xen domains with @vcpus vCPUs, one fake GPU, the backend. */
void xt_start(struct xt *e, unsigned int vcpus);
/* xengt_fini(), then the GPU and the fake Xen go; ASSERTs they are clean. */
void xt_stop(struct xt *e);
/* Write @s to create_vgt_instance: the return value. */
int xt_write(struct xt *e, const char *s);
/* Create a 64 MB vGPU for @domid (ASSERTs success). */
struct xengt_dom *xt_create(struct xt *e, unsigned int domid);
/* Post a request on vCPU @v of @domid and let the worker serve it. */
u64 xt_io(struct xengt_dom *d, unsigned int v, u8 type, bool read, u64 addr,
	  u64 data, u32 size, u32 count, bool ptr, bool df);
/* A 1..4 byte config access of the vGPU; returns the data. */
u64 xt_cfg(struct xengt_dom *d, bool read, u32 reg, u32 size, u64 val);
/* Place BAR0 at XT_BAR0, BAR2 at XT_BAR2 and enable memory decoding. */
void xt_place_bars(struct xengt_dom *d);

#endif /* _GVT_TEST_XT_H */
