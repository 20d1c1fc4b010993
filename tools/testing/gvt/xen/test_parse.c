// SPDX-License-Identifier: GPL-2.0-only
/*
 * The create_vgt_instance grammar (drivers/gpu/gvt/xen/parse.c) with the
 * exact strings the toolstacks write, and malformed ones.
 */
#include <stdio.h>
#include <string.h>

#include "xt.h"

static int parse(const char *s, struct xengt_params *p)
{
	const char *why = NULL;
	int ret = xengt_parse_create(s, strlen(s), p, &why);

	if (ret)
		EXPECT(why && why[0]);
	return ret;
}

static void expect_create(const char *s, int domid, int low, int high,
			  int fence, int primary, int cap, unsigned int n)
{
	struct xengt_params p;

	if (parse(s, &p)) {
		FAIL("\"%s\" rejected", s);
		return;
	}
	EXPECT(!p.destroy);
	EXPECT_EQ(p.domid, domid);
	EXPECT_EQ(p.low_gm_sz, low);
	EXPECT_EQ(p.high_gm_sz, high);
	EXPECT_EQ(p.fence_sz, fence);
	EXPECT_EQ(p.primary, primary);
	EXPECT_EQ(p.cap, cap);
	EXPECT_EQ(p.nfields, n);
}

TEST(xen_parse_toolstack_strings)
{
	char buf[64];
	int nl;

	for (nl = 0; nl < 2; nl++) {
		const char *end = nl ? "\n" : "";

		/* qemu-xen / Qubes QEMU: "%d,%u,%u,%u,%d,0\n" */
		snprintf(buf, sizeof(buf), "%d,%u,%u,%u,%d,0%s", 5, 64, 448, 4,
			 -1, end);
		expect_create(buf, 5, 64, 448, 4, -1, 0, 6);
		/* Igvtg-qemu: "%d,%u,%u,%u,%d,%u\n", primary 1 */
		snprintf(buf, sizeof(buf), "%d,%u,%u,%u,%d,%u%s", 9, 128, 384,
			 4, 1, 0, end);
		expect_create(buf, 9, 128, 384, 4, 1, 0, 6);
		snprintf(buf, sizeof(buf), "%d,%u,%u,%u,%d,%u%s", 3, 512, 2048,
			 16, 0, 100, end);
		expect_create(buf, 3, 512, 2048, 16, 0, 100, 6);
		/* Qubes libxl: "%u,%u,%u,%u,-1,0\n" */
		snprintf(buf, sizeof(buf), "%u,%u,%u,%u,-1,0%s", 12, 64, 448, 4,
			 end);
		expect_create(buf, 12, 64, 448, 4, -1, 0, 6);
		/* The 4-field form: primary -1, cap 0. */
		snprintf(buf, sizeof(buf), "7,128,384,4%s", end);
		expect_create(buf, 7, 128, 384, 4, -1, 0, 4);
		/* 5 fields: cap stays 0. */
		snprintf(buf, sizeof(buf), "7,256,0,1,0%s", end);
		expect_create(buf, 7, 256, 0, 1, 0, 0, 5);
	}
}

TEST(xen_parse_destroy)
{
	struct xengt_params p;

	ASSERT_EQ(parse("-5\n", &p), 0);
	EXPECT(p.destroy);
	EXPECT_EQ(p.domid, 5);
	EXPECT_EQ(p.nfields, 1);
	ASSERT_EQ(parse("-5", &p), 0);
	EXPECT(p.destroy);
	EXPECT_EQ(p.domid, 5);
	ASSERT_EQ(parse("-32751", &p), 0);
	EXPECT_EQ(p.domid, 32751);
	/* QEMU's "%d\n" of -domid is the only single-value form. */
	EXPECT_EQ(parse("5\n", &p), -EINVAL);
	EXPECT_EQ(parse("-0", &p), -EINVAL);
	EXPECT_EQ(parse("0", &p), -EINVAL);
	EXPECT_EQ(parse("-32752", &p), -EINVAL);
	EXPECT_EQ(parse("-2147483648", &p), -EINVAL);
}

TEST(xen_parse_longest_token)
{
	char buf[80];
	struct xengt_params p;
	size_t pad;

	/* Leading zeros up to exactly 63 characters are still decimal. */
	pad = 63 - strlen("5,64,448,4");
	memset(buf, '0', pad);
	strcpy(buf + pad, "5,64,448,4");
	EXPECT_EQ(strlen(buf), 63);
	expect_create(buf, 5, 64, 448, 4, -1, 0, 4);
	strcat(buf, "\n");
	expect_create(buf, 5, 64, 448, 4, -1, 0, 4);
	memmove(buf + 1, buf, strlen(buf) + 1);
	buf[0] = '0';
	EXPECT_EQ(parse(buf, &p), -EINVAL);
}

TEST(xen_parse_malformed)
{
	static const char * const bad[] = {
		"", "\n", "\n\n", "5,64", "5,64,448", "5,64,448,4,-1,0,9",
		"5,64,448,4,-1,0,", ",5,64,448,4", "a,64,448,4", "5,,448,4",
		"5,64,448,4,", " 5,64,448,4", "5,64,448,4 ", "5,64,448,4\n\n",
		"5,64,448,4\r\n", "+5,64,448,4", "0x5,64,448,4", "5,64,448,4,2",
		"5,64,448,4,-2", "5,64,448,4,0,101", "5,64,448,4,0,-1",
		"0,64,448,4", "-1,64,448,4", "32752,64,448,4", "5,0,448,4",
		"5,-64,448,4", "5,64,-1,4", "5,64,448,0", "5,64,448,-4",
		"5,2147483647,1,4", "99999999999,64,448,4", "5,4294967295,0,4",
		"5,64,448,4,-,0", "-", "--5", "5-,64,448,4", "5;64;448;4",
	};
	struct xengt_params p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (parse(bad[i], &p) != -EINVAL)
			FAIL("\"%s\" accepted", bad[i]);
	}
	/* An embedded NUL ends nothing: the bytes after it count. */
	EXPECT_EQ(xengt_parse_create("5,64,448,4\0", 11, &p,
				     &(const char *){ NULL }), -EINVAL);
	EXPECT_EQ(xengt_parse_create("-5\0\n", 4, &p,
				     &(const char *){ NULL }), -EINVAL);
}

/* The line QEMU logs, which the module logs too (two halves). */
static const char create_line_1[] = "vGT: create_vgt_instance: domid=1, ";
static const char create_line_2[] =
	"low_gm_sz=64MB, high_gm_sz=448MB, fence_sz=4, vgt_primary=-1\n";

/* Through the backend: the log line and the errnos of each failure. */
TEST(xen_write_errnos)
{
	char line[128];
	struct xt e;

	snprintf(line, sizeof(line), "%s%s", create_line_1, create_line_2);
	xt_start(&e, 1);
	gvt_shim_log_clear();
	EXPECT_EQ(xt_write(&e, "1,64,448,4,-1,0\n"), 0);
	EXPECT(gvt_shim_log_contains(line));
	/* A second create of the same domain. */
	EXPECT_EQ(xt_write(&e, "1,64,448,4,-1,0\n"), -EEXIST);
	/* Malformed: the message names the format. */
	gvt_shim_log_clear();
	EXPECT_EQ(xt_write(&e, "1,64\n"), -EINVAL);
	EXPECT(gvt_shim_log_contains("domid,low_gm_sz,high_gm_sz,fence_sz[,vgt_primary[,cap]]"));
	/* No type with that low_gm_sz. */
	gvt_shim_log_clear();
	EXPECT_EQ(xt_write(&e, "2,100,448,4\n"), -EINVAL);
	EXPECT(gvt_shim_log_contains("specify a wrong low_gm_sz"));
	EXPECT(!xengt_lookup(&e.x, 2));
	/* A domain Xen does not know. */
	fake_xen_dom(3)->exists = false;
	EXPECT_EQ(xt_write(&e, "3,64,448,4\n"), -ESRCH);
	EXPECT_EQ(xt_write(&e, "4000,64,448,4\n"), -ESRCH);
	/* A domain xenstore says is gone. */
	fake_xen_dom(3)->exists = true;
	fake_xen_dom(3)->gone = true;
	EXPECT_EQ(xt_write(&e, "3,64,448,4\n"), -ESRCH);
	fake_xen_dom(3)->gone = false;
	/* No room: the 256 MB type fits once in 384 MB of free aperture. */
	EXPECT_EQ(xt_write(&e, "-1\n"), 0);
	EXPECT_EQ(xt_write(&e, "1,256,1024,4\n"), 0);
	EXPECT_EQ(xt_write(&e, "2,256,1024,4\n"), -ENOSPC);
	EXPECT(fake_xen_dom_clean(2));
	/* Destroy: once, then -ENOENT and no hypercall. */
	EXPECT_EQ(xt_write(&e, "-1\n"), 0);
	fake_xen.dm_ops = 0;
	EXPECT_EQ(xt_write(&e, "-1\n"), -ENOENT);
	EXPECT_EQ(xt_write(&e, "-4\n"), -ENOENT);
	EXPECT_EQ(fake_xen.dm_ops, 0);
	xt_stop(&e);
}

TEST(xen_write_vcpu_counts)
{
	struct xt e;

	xt_start(&e, 0);
	EXPECT_EQ(xt_write(&e, "1,64,448,4\n"), -E2BIG);
	fake_xen_dom(1)->nr_vcpus = XENGT_MAX_VCPUS + 1;
	EXPECT_EQ(xt_write(&e, "1,64,448,4\n"), -E2BIG);
	fake_xen_dom(1)->nr_vcpus = XENGT_MAX_VCPUS;
	EXPECT_EQ(xt_write(&e, "1,64,448,4\n"), 0);
	EXPECT(fake_xen_dom(1)->bound[XENGT_MAX_VCPUS - 1]);
	xt_stop(&e);
}

TEST(xen_device_choice)
{
	struct xengt_dom *d;
	struct tdev b;
	struct xt e;

	xt_start(&e, 1);
	tdev_new(&b, 512, 4096, 32, false);
	ASSERT_EQ(xengt_device_added(&e.x, b.gvt), 0);
	/* Default: the first device announced. */
	d = xt_create(&e, 1);
	EXPECT(d->gvt == e.t.gvt);
	e.x.device = gvt_device_info(b.gvt)->name;
	d = xt_create(&e, 2);
	EXPECT(d->gvt == b.gvt);
	e.x.device = "nonesuch";
	EXPECT_EQ(xt_write(&e, "3,64,448,4\n"), -ENODEV);
	/* The device goes: its vGPUs first. */
	xengt_device_removed(&e.x, b.gvt);
	EXPECT(!xengt_lookup(&e.x, 2));
	EXPECT(xengt_lookup(&e.x, 1));
	EXPECT(fake_xen_dom_clean(2));
	EXPECT_EQ(b.gvt->num_vgpus, 0);
	tdev_del(&b);
	e.x.device = "";
	xt_stop(&e);
}
