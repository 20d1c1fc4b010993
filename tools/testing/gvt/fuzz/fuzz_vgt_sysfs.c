// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: writes to /sys/kernel/vgt/control/create_vgt_instance
 * (drivers/gpu/gvt/xen/parse.c and domain.c) against the fake Xen of
 * ../xen/fake_xen.c and the real core on a fake GPU.
 *
 * The input is split at 0xff bytes into writes. Oracles (abort):
 * - the parser accepts exactly the grammar, checked by an independent
 *   reading of it (one optional trailing newline, at most 63 characters,
 *   1, 4, 5 or 6 comma-separated decimal ints in range), and an accepted
 *   request prints back to the same fields;
 * - the backend's answer matches a model of which domains have a vGPU:
 *   -EEXIST only for those, -ENOENT only for the others, -EINVAL for a
 *   low_gm_sz no type has, -ESRCH for a domain the fake Xen does not
 *   know, otherwise success or -ENOSPC, and a success leaves a listed
 *   vGPU;
 * - after the last write, unloading leaves nothing: no vGPU, no server,
 *   page, channel or allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gvt_internal.h"
#include "fake_host.h"
#include "fake_xen.h"

static struct fake_host fv_host;
static struct gvt_device *fv_gvt;
static struct xengt fv_be;

static void fv_fail(const char *what, const char *buf, size_t len)
{
	fprintf(stderr, "gvt-fuzz: oracle violated: %s: \"%.*s\" (%zu bytes)\n",
		what, (int)len, buf, len);
	abort();
}

/* An independent reading of the grammar, on a NUL-terminated copy. */
static bool fv_grammar(const char *buf, size_t len, long long *f,
		       unsigned int *n)
{
	char s[80], *p, *end;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len > 63)
		return false;
	memcpy(s, buf, len);
	s[len] = 0;
	if (strlen(s) != len)
		return false;
	*n = 0;
	for (p = s;; p = end + 1) {
		if (*n == 6 || !(*p == '-' || (*p >= '0' && *p <= '9')))
			return false;
		if (*p == '-' && !(p[1] >= '0' && p[1] <= '9'))
			return false;
		f[*n] = strtoll(p, &end, 10);
		if (f[*n] > 0x7fffffffLL || f[*n] < -0x80000000LL)
			return false;
		(*n)++;
		if (!*end)
			break;
		if (*end != ',')
			return false;
	}
	if (*n == 1)
		return f[0] < 0 && f[0] >= -0x7fef;
	if (*n < 4)
		return false;
	if (f[0] <= 0 || f[0] > 0x7fef || f[1] <= 0 || f[2] < 0 ||
	    f[1] + f[2] > 0x7fffffffLL || f[3] <= 0)
		return false;
	if (*n > 4 && (f[4] < -1 || f[4] > 1))
		return false;
	if (*n > 5 && (f[5] < 0 || f[5] > 100))
		return false;
	return true;
}

static void fv_check_parse(const char *buf, size_t len)
{
	struct xengt_params p;
	const char *why = NULL;
	long long f[6];
	unsigned int n;
	bool want = fv_grammar(buf, len, f, &n);
	int ret = xengt_parse_create(buf, len, &p, &why);

	if (want != !ret)
		fv_fail(want ? "valid input rejected" : "invalid input accepted",
			buf, len);
	if (ret) {
		if (ret != -EINVAL || !why || !why[0])
			fv_fail("rejected without -EINVAL and a reason", buf, len);
		return;
	}
	bool destroy = n == 1;

	if (p.nfields != n || p.destroy != destroy)
		fv_fail("wrong field count", buf, len);
	if (n == 1) {
		if (p.domid != -f[0])
			fv_fail("domid does not read back", buf, len);
		return;
	}
	if (p.domid != f[0] || p.low_gm_sz != f[1] || p.high_gm_sz != f[2] ||
	    p.fence_sz != f[3] || p.primary != (n > 4 ? f[4] : -1) ||
	    p.cap != (n > 5 ? f[5] : 0))
		fv_fail("fields do not read back", buf, len);
}

/* Whether the GPU offers a type of @low_gm_sz MB. */
static bool fv_type_exists(int low_gm_sz)
{
	unsigned int i;

	for (i = 0; i < gvt_device_num_types(fv_gvt); i++) {
		if (gvt_device_type(fv_gvt, i)->low_gm_size ==
		    (u64)low_gm_sz << 20)
			return true;
	}
	return false;
}

/* Which domains have a vGPU, as the model sees it. */
static bool fv_has[FAKE_XEN_DOMS];

static void fv_check_write(const char *buf, size_t len)
{
	struct xengt_params p;
	const char *why;
	bool fits;
	int ret;

	ret = xengt_write(&fv_be, buf, len);
	if (xengt_parse_create(buf, len, &p, &why)) {
		if (ret != -EINVAL)
			fv_fail("malformed write not -EINVAL", buf, len);
		return;
	}
	if (p.destroy) {
		bool had = p.domid < FAKE_XEN_DOMS && fv_has[p.domid];

		if (ret != (had ? 0 : -ENOENT))
			fv_fail("destroy answer", buf, len);
		if (had)
			fv_has[p.domid] = false;
	} else if (p.domid < FAKE_XEN_DOMS && fv_has[p.domid]) {
		if (ret != -EEXIST)
			fv_fail("second create not -EEXIST", buf, len);
	} else if (!fv_type_exists(p.low_gm_sz)) {
		if (ret != -EINVAL)
			fv_fail("no such type not -EINVAL", buf, len);
	} else if (p.domid >= FAKE_XEN_DOMS) {
		if (ret != -ESRCH)
			fv_fail("unknown domain not -ESRCH", buf, len);
	} else {
		fits = !ret || ret == -ENOSPC;
		if (!fits)
			fv_fail("create failed other than -ENOSPC", buf, len);
		if (!ret)
			fv_has[p.domid] = true;
	}
	for (ret = 1; ret < FAKE_XEN_DOMS; ret++) {
		if (!!xengt_lookup(&fv_be, ret) != fv_has[ret])
			fv_fail("listed vGPUs differ from the model", buf, len);
		if (!fv_has[ret] && !fake_xen_dom_clean(ret))
			fv_fail("domain without vGPU holds resources", buf, len);
	}
	if (fake_xen.violations)
		fv_fail("fake Xen misused", buf, len);
}

/* Linked as LLVMFuzzerTestOneInput (see the Makefile). */
int gvt_fuzz_one_input(const u8 *data, size_t size);
int gvt_fuzz_one_input(const u8 *data, size_t size)
{
	const char *s = (const char *)data;
	size_t i, start = 0;
	long allocs;

	if (!fv_gvt) {
		fake_host_init(&fv_host, 512, 2048, 32, false);
		fv_gvt = gvt_device_register(&fv_host.info, &fake_host_ops,
					     &fv_host);
		if (IS_ERR_OR_NULL(fv_gvt))
			abort();
	}
	allocs = gvt_shim_live_allocs;
	fake_xen_reset(1);
	xengt_init(&fv_be, &fake_xen_ops);
	if (xengt_device_added(&fv_be, fv_gvt))
		abort();
	memset(fv_has, 0, sizeof(fv_has));
	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != 0xff)
			continue;
		fv_check_parse(s + start, i - start);
		fv_check_write(s + start, i - start);
		start = i + 1;
	}
	xengt_fini(&fv_be);
	for (i = 1; i < FAKE_XEN_DOMS; i++) {
		if (!fake_xen_dom_clean(i))
			fv_fail("resources left after unload", "", 0);
	}
	if (fv_gvt->num_vgpus || gvt_shim_live_allocs != allocs)
		fv_fail("vGPUs or allocations left after unload", "", 0);
	fake_xen_free();
	return 0;
}
