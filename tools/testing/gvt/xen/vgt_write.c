// SPDX-License-Identifier: GPL-2.0-only
/*
 * Write one string to a sysfs file in a single write(2) and say what the
 * kernel answered, so a shell test can check the precise errno of a
 * rejected /sys/kernel/vgt/control/create_vgt_instance request.
 *
 * Usage: vgt_write <file> <string>   (C escapes \n and \t in <string> are
 *                                     turned into newline and tab)
 * Prints exactly one line: "OK <bytes>" or "<ERRNO NAME> <message>"
 * (e.g. "EINVAL Invalid argument"); exits 0 either way, 2 on bad usage
 * or when <file> cannot be opened (then "OPEN <ERRNO NAME> ...").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	size_t len = 0;
	const char *s;
	ssize_t ret;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <file> <string>\n", argv[0]);
		return 2;
	}
	for (s = argv[2]; *s && len < sizeof(buf); s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			buf[len++] = '\n';
			s++;
		} else if (s[0] == '\\' && s[1] == 't') {
			buf[len++] = '\t';
			s++;
		} else {
			buf[len++] = *s;
		}
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("OPEN %s %s\n", strerrorname_np(errno), strerror(errno));
		return 2;
	}
	ret = write(fd, buf, len);
	if (ret < 0)
		printf("%s %s\n", strerrorname_np(errno), strerror(errno));
	else
		printf("OK %zd\n", ret);
	close(fd);
	return 0;
}
