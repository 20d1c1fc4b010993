// SPDX-License-Identifier: GPL-2.0-only
/*
 * The grammar of /sys/kernel/vgt/control/create_vgt_instance, as the
 * XenGT toolstacks write it (qemu-xen and Qubes QEMU "%d,%u,%u,%u,%d,0\n",
 * Igvtg-qemu "%d,%u,%u,%u,%d,%u\n", Qubes libxl "%u,%u,%u,%u,-1,0\n",
 * destroy "%d\n" with -domid):
 *
 *	domid,low_gm_sz,high_gm_sz,fence_sz[,vgt_primary[,cap]]
 *	-domid
 *
 * One token of at most 63 characters (one trailing newline allowed) of
 * comma-separated decimal integers, sizes in MB. Pure C, so the userspace
 * tests and the fuzzer compile it unchanged.
 */
#include "xengt.h"

#define XENGT_PARSE_MAX_FIELDS	6

/* One decimal int, optionally negative; false on anything else. */
static bool xengt_parse_int(const char *s, size_t len, int *out)
{
	bool neg = false;
	s64 v = 0;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
		/* -2147483648 is the most negative int. */
		if (v > (s64)XENGT_INT_MAX + 1)
			return false;
	}
	if (neg)
		v = -v;
	if (v > XENGT_INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/**
 * xengt_parse_create() - parse a write to create_vgt_instance
 * @buf: the bytes written (not NUL-terminated)
 * @len: their number
 * @p: the request, filled on success
 * @why: on error, a description of what is wrong (a static string)
 *
 * Return: 0 with @p describing a create (@p->destroy false) or a destroy
 * (@p->destroy true, @p->domid the domain), or -EINVAL.
 */
int xengt_parse_create(const char *buf, size_t len, struct xengt_params *p,
		       const char **why)
{
	int v[XENGT_PARSE_MAX_FIELDS];
	unsigned int n = 0;
	size_t i, start = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len) {
		*why = "empty";
		return -EINVAL;
	}
	if (len > XENGT_PARSE_MAX_LEN) {
		*why = "longer than 63 characters";
		return -EINVAL;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != ',')
			continue;
		if (n == XENGT_PARSE_MAX_FIELDS) {
			*why = "more than 6 fields";
			return -EINVAL;
		}
		if (!xengt_parse_int(buf + start, i - start, &v[n])) {
			*why = "a field is not a decimal integer";
			return -EINVAL;
		}
		n++;
		start = i + 1;
	}

	memset(p, 0, sizeof(*p));
	p->nfields = n;
	if (n == 1) {
		if (v[0] >= 0) {
			*why = "a single value must be -domid";
			return -EINVAL;
		}
		if (v[0] < -XENGT_DOMID_MAX) {
			*why = "domid out of range";
			return -EINVAL;
		}
		p->destroy = true;
		p->domid = -v[0];
		return 0;
	}
	if (n < 4) {
		*why = "too few fields";
		return -EINVAL;
	}
	p->domid = v[0];
	p->low_gm_sz = v[1];
	p->high_gm_sz = v[2];
	p->fence_sz = v[3];
	p->primary = n > 4 ? v[4] : -1;
	p->cap = n > 5 ? v[5] : 0;
	if (p->domid <= 0 || p->domid > XENGT_DOMID_MAX) {
		*why = "domid must be a guest domain (1..32751)";
		return -EINVAL;
	}
	if (p->low_gm_sz <= 0) {
		*why = "low_gm_sz must be positive";
		return -EINVAL;
	}
	/* low <= low + high, without overflowing. */
	if (p->high_gm_sz < 0 || p->high_gm_sz > XENGT_INT_MAX - p->low_gm_sz) {
		*why = "high_gm_sz must be 0 or positive";
		return -EINVAL;
	}
	if (p->fence_sz <= 0) {
		*why = "fence_sz must be positive";
		return -EINVAL;
	}
	if (p->primary < -1 || p->primary > 1) {
		*why = "vgt_primary must be -1, 0 or 1";
		return -EINVAL;
	}
	if (p->cap < 0 || p->cap > 100) {
		*why = "cap must be 0..100";
		return -EINVAL;
	}
	return 0;
}
