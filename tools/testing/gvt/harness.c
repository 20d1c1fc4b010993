// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test runner. Usage: gvt_test [substring...] [-substring...] runs the
 * cases whose name contains one of the substrings (all cases without such
 * arguments) and none of the -substrings. The last line of output is
 * "N passed, M failed"; the exit status is 1 on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gvt_test.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN	1
#endif
#endif

#define MAX_CASES	1024
#define CASE_TIMEOUT_S	120

struct harness_case {
	const char *name;
	harness_fn fn;
};

static struct harness_case cases[MAX_CASES];
static unsigned int num_cases;
static jmp_buf harness_jmp;
static bool harness_failed;

void harness_add(const char *name, harness_fn fn)
{
	if (num_cases >= MAX_CASES) {
		fprintf(stderr, "harness: too many test cases\n");
		abort();
	}
	cases[num_cases].name = name;
	cases[num_cases].fn = fn;
	num_cases++;
}

void harness_fail(const char *file, int line, bool fatal, const char *fmt,
		  ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	harness_failed = true;
	if (fatal)
		longjmp(harness_jmp, 1);
}

/*
 * A case runs when its name contains one of the plain arguments (or there
 * are none) and none of the arguments written as -substring.
 */
static bool selected(const char *name, int argc, char **argv)
{
	bool include = false, any_include = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-') {
			if (strstr(name, argv[i] + 1))
				return false;
			continue;
		}
		any_include = true;
		if (strstr(name, argv[i]))
			include = true;
	}
	return include || !any_include;
}

static int by_name(const void *a, const void *b)
{
	const struct harness_case *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Run one case in this process; true if it passed and left nothing. */
static bool run_case(const struct harness_case *c)
{
	harness_failed = false;
	gvt_shim_log_clear();
	if (setjmp(harness_jmp))
		return false;	/* an ASSERT failed: no cleanup, just report */
	c->fn();
	if (!gvt_test_cleanup())
		harness_failed = true;
#ifdef HAVE_LSAN
	if (__lsan_do_recoverable_leak_check())
		harness_failed = true;
#endif
	return !harness_failed;
}

/*
 * Run one case in a child process, so that a crash, a sanitizer report or
 * a failed ASSERT in the middle of a case cannot disturb the next one.
 * GVT_TEST_NOFORK=1 runs everything in one process (for debuggers).
 */
static bool run_isolated(const struct harness_case *c)
{
	int status;
	pid_t pid;

	if (getenv("GVT_TEST_NOFORK"))
		return run_case(c);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return false;
	}
	if (!pid) {
		alarm(CASE_TIMEOUT_S);
		_exit(run_case(c) ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		return false;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "  %s: killed by signal %d\n", c->name,
			WTERMSIG(status));
		return false;
	}
	return WIFEXITED(status) && !WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	unsigned int i, passed = 0, failed = 0;

	/* Constructors run in link order; make the order stable. */
	qsort(cases, num_cases, sizeof(cases[0]), by_name);
	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < num_cases; i++) {
		if (!selected(cases[i].name, argc, argv))
			continue;
		if (!run_isolated(&cases[i])) {
			failed++;
			printf("FAIL %s\n", cases[i].name);
		} else {
			passed++;
			printf("ok   %s\n", cases[i].name);
		}
	}
	fflush(stderr);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
