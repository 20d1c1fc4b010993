// SPDX-License-Identifier: GPL-2.0-only
/*
 * BAR0 access timing from inside a guest: mmap a PCI function's BAR0
 * through its sysfs resource0 file and time N 4-byte reads, then N
 * 4-byte writes, of one register. Every access traps to the vGPU's
 * emulation (a Xen ioreq round trip on the XenGT path), so the figure is
 * the cost of one emulated MMIO access as the guest sees it.
 *
 * Usage: mmio_bench <resource0 path> <register offset> <count>
 * Output (one line each, microseconds per access):
 *   GUEST: bench mmio_read_us <value>
 *   GUEST: bench mmio_write_us <value>
 * The register is written with the value read from it first, so a plain
 * register keeps its content. Exit status 0, or 1 with a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One 4-byte MMIO access each, as the kernel's readl()/writel() on x86. */
static inline uint32_t mmio_read32(const void *p)
{
	uint32_t v;

	asm volatile("movl %1, %0" : "=r" (v) : "m" (*(const uint32_t *)p) : "memory");
	return v;
}

static inline void mmio_write32(void *p, uint32_t v)
{
	asm volatile("movl %1, %0" : "=m" (*(uint32_t *)p) : "r" (v) : "memory");
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	void *reg;
	unsigned long off, n, i;
	double t0, t1, t2;
	uint32_t val, sum = 0;
	struct stat st;
	void *map;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s <resource0> <offset> <count>\n", argv[0]);
		return 1;
	}
	off = strtoul(argv[2], NULL, 0);
	n = strtoul(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "mmio_bench: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!n || off % 4 || off + 4 > (unsigned long)st.st_size) {
		fprintf(stderr, "mmio_bench: offset %#lx outside BAR0 (%lld bytes) or count 0\n",
			off, (long long)st.st_size);
		return 1;
	}
	map = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "mmio_bench: mmap %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	reg = (char *)map + off;

	val = mmio_read32(reg);
	t0 = now_us();
	for (i = 0; i < n; i++)
		sum += mmio_read32(reg);
	t1 = now_us();
	for (i = 0; i < n; i++)
		mmio_write32(reg, val);
	t2 = now_us();

	printf("GUEST: bench mmio_read_us %.2f\n", (t1 - t0) / n);
	printf("GUEST: bench mmio_write_us %.2f\n", (t2 - t1) / n);
	printf("GUEST: bench mmio register %#lx value %#x, %lu accesses each (sum %#x)\n",
	       off, val, n, sum);
	munmap(map, st.st_size);
	close(fd);
	return 0;
}
