// SPDX-License-Identifier: GPL-2.0-only
/*
 * Several processes create and remove vGPUs of random types on random
 * parents at the same time. ENOSPC is a valid outcome of a create; any
 * other error is not. Afterwards every count is back at its initial
 * value and the kernel log has no warning, BUG or oops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "gvt_test.h"

#define NR_WORKERS		4
#define OPS_PER_WORKER		64
#define MAX_OWN_VGPUS		4

#define TAINT_DIE		0x080UL	/* D */
#define TAINT_WARN		0x200UL	/* W */

struct worker_result {
	int ops;
	int creates;
	int enospc;
	int removes;
	int errors;
};

FIXTURE(stress) {
	struct gvt_env env;
	struct worker_result *results;
	const char *why;
	int kmsg;
};

FIXTURE_SETUP(stress)
{
	self->kmsg = -1;
	self->why = gvt_need(&self->env, 1);
	self->results = mmap(NULL, NR_WORKERS * sizeof(*self->results),
			     PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->results);
	memset(self->results, 0, NR_WORKERS * sizeof(*self->results));
}

FIXTURE_TEARDOWN(stress)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
	munmap(self->results, NR_WORKERS * sizeof(*self->results));
}

static void stress_worker(const struct gvt_env *env, int id, struct worker_result *r)
{
	char uuid[GVT_UUID_LEN + 1];
	struct gvt_vgpus mine = { 0 };
	int op, ret;

	srand(0x5eed + id);
	for (op = 0; op < OPS_PER_WORKER; op++) {
		r->ops++;
		if (mine.nr && (mine.nr == MAX_OWN_VGPUS || rand() % 2)) {
			snprintf(uuid, sizeof(uuid), "%s",
				 mine.uuid[rand() % mine.nr]);
			ret = gvt_vgpus_remove(&mine, uuid);
			r->removes++;
			if (ret || gvt_mdev_exists(uuid)) {
				fprintf(stderr, "# worker %d: remove %s: %s\n",
					id, uuid, strerror(-ret));
				r->errors++;
			}
		} else {
			const struct gvt_parent *p =
				&env->parents[rand() % env->nr_parents];
			const struct gvt_type *t =
				&p->types[rand() % p->nr_types];

			ret = gvt_vgpus_create(&mine, p, t, uuid);
			if (!ret && gvt_mdev_exists(uuid)) {
				r->creates++;
			} else if (ret == -ENOSPC && !gvt_mdev_exists(uuid)) {
				r->enospc++;
			} else {
				fprintf(stderr, "# worker %d: create %s %s: %s\n",
					id, p->name, t->name, strerror(-ret));
				r->errors++;
			}
		}
	}
	if (gvt_vgpus_remove_all(&mine))
		r->errors++;
}

static unsigned long taint_flags(void)
{
	long val;

	return gvt_read_long("/proc/sys/kernel/tainted", &val) ? 0 : val;
}

/* Lines the kernel logged since @fd was positioned at the end. */
static int check_kmsg(struct __test_metadata *_metadata, int fd)
{
	static const char * const bad[] = {
		"WARNING:", "BUG:", "Oops", "general protection",
	};
	char rec[8192];
	int i, found = 0;
	ssize_t len;

	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records, go on */
		if (len <= 0)
			break;
		rec[len] = '\0';
		for (i = 0; i < (int)ARRAY_SIZE(bad); i++) {
			if (strstr(rec, bad[i])) {
				TH_LOG("kernel: %s", strchr(rec, ';') ?: rec);
				found++;
			}
		}
	}
	return found;
}

TEST_F_TIMEOUT(stress, parallel_create_remove, 300)
{
	long before[GVT_MAX_PARENTS][GVT_MAX_TYPES];
	struct worker_result total = { 0 };
	unsigned long taint_before;
	pid_t pid[NR_WORKERS];
	int i, status;

	if (self->why)
		SKIP(return, "%s", self->why);

	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->kmsg);
	ASSERT_LE(0, lseek(self->kmsg, 0, SEEK_END));
	taint_before = taint_flags();

	for (i = 0; i < self->env.nr_parents; i++)
		ASSERT_EQ(0, gvt_counts(&self->env.parents[i], before[i]));

	for (i = 0; i < NR_WORKERS; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i]) {
			stress_worker(&self->env, i, &self->results[i]);
			_exit(0);
		}
	}
	for (i = 0; i < NR_WORKERS; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
		total.ops += self->results[i].ops;
		total.creates += self->results[i].creates;
		total.enospc += self->results[i].enospc;
		total.removes += self->results[i].removes;
		total.errors += self->results[i].errors;
	}
	TH_LOG("%d ops: %d created, %d ENOSPC, %d removed, %d errors",
	       total.ops, total.creates, total.enospc, total.removes,
	       total.errors);
	EXPECT_LE(200, total.ops);
	EXPECT_LT(0, total.creates);
	EXPECT_EQ(0, total.errors);

	for (i = 0; i < self->env.nr_parents; i++)
		gvt_assert_counts(&self->env.parents[i], before[i],
				  "after the stress run");

	EXPECT_EQ(0, check_kmsg(_metadata, self->kmsg));
	EXPECT_EQ(0, (taint_flags() & ~taint_before) & (TAINT_WARN | TAINT_DIE));
}

int main(int argc, char **argv)
{
	return gvt_test_main(argc, argv);
}
