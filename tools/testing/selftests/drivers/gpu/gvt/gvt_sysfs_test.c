// SPDX-License-Identifier: GPL-2.0-only
/*
 * GVT-g mdev sysfs ABI, read-only part: parents, the GVTg_V5_* type
 * directories and their attributes, and available_instances as promised
 * for the aperture sizes of the worked examples.
 *
 * GVT_PARENT=<device> selects one parent; by default every parent with
 * GVTg_V5_* types is checked (the simulated GPUs of gvt_sim).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "gvt_test.h"

TEST(parents_and_type_names)
{
	struct gvt_env env;
	const char *why;
	int i, j;

	why = gvt_need(&env, 1);
	if (why)
		SKIP(return, "%s", why);

	for (i = 0; i < env.nr_parents; i++) {
		const struct gvt_parent *p = &env.parents[i];

		ASSERT_NE('\0', p->driver[0]) {
			TH_LOG("%s: parent is not bound to a driver", p->name);
		}
		ASSERT_GT(p->nr_types, 0);
		for (j = 0; j < p->nr_types; j++) {
			const struct gvt_type *t = &p->types[j];
			char dir[2 * GVT_NAME_LEN];

			/* <parent driver>-GVTg_V5_<n> */
			snprintf(dir, sizeof(dir), "%s-%s", p->driver,
				 t->name);
			EXPECT_STREQ(dir, t->dir);
			ASSERT_NE(NULL, t->spec) {
				TH_LOG("%s: unknown type %s", p->name, t->dir);
			}
			/* Types are offered from the smallest, in order. */
			EXPECT_EQ(&gvt_type_specs[j], t->spec) {
				TH_LOG("%s: type %d is %s", p->name, j, t->dir);
			}
		}
		if (p->aperture_mb > 0 && !p->aperture_guessed) {
			EXPECT_EQ(gvt_model_nr_types(p->aperture_mb),
				  p->nr_types) {
				TH_LOG("%s: aperture %ld MiB", p->name,
				       p->aperture_mb);
			}
		}
	}
}

TEST(type_attributes)
{
	char path[GVT_PATH_LEN], buf[4096], expect[512];
	struct gvt_env env;
	const char *why;
	struct stat st;
	int i, j;

	why = gvt_need(&env, 1);
	if (why)
		SKIP(return, "%s", why);

	for (i = 0; i < env.nr_parents; i++) {
		const struct gvt_parent *p = &env.parents[i];

		for (j = 0; j < p->nr_types; j++) {
			const struct gvt_type *t = &p->types[j];
			const struct gvt_type_spec *s = t->spec;
			long avail;

			ASSERT_NE(NULL, s);

			gvt_type_path(path, sizeof(path), p, t, "name");
			ASSERT_LT(0, gvt_read(path, buf, sizeof(buf)));
			snprintf(expect, sizeof(expect), "%s\n", s->name);
			EXPECT_STREQ(expect, buf);

			gvt_type_path(path, sizeof(path), p, t, "description");
			ASSERT_LT(0, gvt_read(path, buf, sizeof(buf)));
			snprintf(expect, sizeof(expect),
				 "low_gm_size: %luMB\nhigh_gm_size: %luMB\nfence: %lu\nresolution: %s\nweight: %lu\n",
				 s->low_mb, s->high_mb, s->fences,
				 s->resolution, s->weight);
			EXPECT_STREQ(expect, buf) {
				TH_LOG("%s %s description", p->name, t->dir);
			}

			gvt_type_path(path, sizeof(path), p, t, "device_api");
			ASSERT_LT(0, gvt_read(path, buf, sizeof(buf)));
			EXPECT_STREQ("vfio-pci\n", buf);

			avail = gvt_available(p, t);
			EXPECT_LE(0, avail);
			EXPECT_GE(GVT_MAX_VGPU_ID, avail);

			/* create is write-only, devices/ a directory */
			gvt_type_path(path, sizeof(path), p, t, "create");
			ASSERT_EQ(0, stat(path, &st));
			EXPECT_EQ(0200, st.st_mode & 0777);
			gvt_type_path(path, sizeof(path), p, t, "devices");
			ASSERT_EQ(0, stat(path, &st));
			EXPECT_TRUE(S_ISDIR(st.st_mode));
		}
	}
}

/* gvt-facts.md section 2: Gen9, 4 GiB GGTT, nothing allocated */
static const struct {
	long aperture_mb;
	int nr_types;
	long counts[GVT_NR_TYPE_SPECS];
} examples[] = {
	{  256, 2, { 2, 1 } },
	{  512, 3, { 6, 3, 1 } },
	{ 1024, 4, { 7, 5, 2, 1 } },
};

TEST(worked_examples)
{
	struct gvt_env env;
	int i, k, checked = 0;
	const char *why;

	why = gvt_need(&env, 1);
	if (why)
		SKIP(return, "%s", why);

	for (i = 0; i < env.nr_parents; i++) {
		const struct gvt_parent *p = &env.parents[i];

		for (k = 0; k < (int)ARRAY_SIZE(examples); k++)
			if (examples[k].aperture_mb == p->aperture_mb)
				break;
		if (k == (int)ARRAY_SIZE(examples))
			continue;
		if (!gvt_parent_idle(p)) {
			TH_LOG("%s has vGPUs, not checked", p->name);
			continue;
		}
		if (p->aperture_guessed)
			TH_LOG("%s: aperture %ld MiB inferred from its types",
			       p->name, p->aperture_mb);
		ASSERT_EQ(examples[k].nr_types, p->nr_types) {
			TH_LOG("%s: aperture %ld MiB", p->name,
			       p->aperture_mb);
		}
		gvt_assert_counts(p, examples[k].counts, "idle");
		checked++;
	}
	if (!checked)
		SKIP(return, "no idle parent with a 256, 512 or 1024 MiB aperture");
}

TEST(model_idle)
{
	struct gvt_usage none = { 0 };
	struct gvt_env env;
	int i, checked = 0;
	const char *why;

	why = gvt_need(&env, 1);
	if (why)
		SKIP(return, "%s", why);

	for (i = 0; i < env.nr_parents; i++) {
		const struct gvt_parent *p = &env.parents[i];

		if (p->aperture_mb <= 0 || p->aperture_guessed ||
		    !gvt_parent_idle(p))
			continue;
		ASSERT_EQ(gvt_model_nr_types(p->aperture_mb), p->nr_types);
		gvt_assert_model(p, &none, "idle");
		checked++;
	}
	if (!checked)
		SKIP(return, "no idle parent with a known aperture size");
}

/*
 * Every gvt_sim GPU is a platform device gvt_sim.N bound to gvt_sim, and
 * an mdev parent unless its aperture is too small for any type.
 */
TEST(sim_parents)
{
	char path[GVT_PATH_LEN], param[256], *tok, *save, *s;
	int i, nr_sim = 0, nr_param = 0;
	struct gvt_env env;
	struct dirent *de;
	const char *why;
	long aperture;
	DIR *d;

	why = gvt_need(&env, 1);
	if (why)
		SKIP(return, "%s", why);
	if (env.filter[0])
		SKIP(return, "GVT_PARENT is set");
	d = opendir("/sys/bus/platform/drivers/gvt_sim");
	if (!d)
		SKIP(return, "gvt_sim is not loaded");

	while ((de = readdir(d))) {
		bool parent;

		if (strncmp(de->d_name, "gvt_sim.", 8))
			continue;
		nr_sim++;
		for (i = 0; i < env.nr_parents; i++)
			if (!strcmp(env.parents[i].name, de->d_name))
				break;
		parent = i < env.nr_parents;
		snprintf(path, sizeof(path), "%s/%s/aperture_mb",
			 GVT_SIM_DEBUGFS, de->d_name);
		if (!gvt_read_long(path, &aperture) &&
		    !gvt_model_nr_types(aperture)) {
			/* no type fits: no parent, or one without types */
			EXPECT_FALSE(parent) {
				TH_LOG("%s: %ld MiB aperture offers types",
				       de->d_name, aperture);
			}
			continue;
		}
		EXPECT_TRUE(parent) {
			TH_LOG("%s is not an mdev parent with GVTg types",
			       de->d_name);
		}
		if (parent)
			EXPECT_STREQ("gvt_sim", env.parents[i].driver);
	}
	closedir(d);
	ASSERT_LT(0, nr_sim);

	if (gvt_read(GVT_SIM_PARAM, param, sizeof(param)) > 0) {
		for (s = param; (tok = strtok_r(s, ",\n", &save)); s = NULL)
			nr_param++;
		EXPECT_EQ(nr_param, nr_sim);
	} else {
		TH_LOG("%s is not readable", GVT_SIM_PARAM);
	}
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
