// SPDX-License-Identifier: GPL-2.0
/*
 * Reader and writer of a tap file for the benchmark's tap group
 * (selftests/bench/bench.sh, case_tap). Both use a 12-byte virtio-net
 * header (TUNSETVNETHDRSZ), the size QEMU's virtio-net sets for a virtio
 * 1.0 guest on a tap backend without vhost.
 *
 *   tapbench read PATH N
 *	prints "ready" once the file is open (frames reach a tap child only
 *	while a reader has it open), then reads the way QEMU's tap backend
 *	does: poll, then non-blocking reads until EAGAIN. Stops after N
 *	frames, 2 s without one, or 5 min before the first one (the caller
 *	lets the guest settle after "ready"); prints "read=K last_us=T", T being the
 *	CLOCK_REALTIME of the last frame in microseconds (bash's
 *	EPOCHREALTIME clock, so that the caller can time from its own start).
 *   tapbench write PATH N DST SRC
 *	writes N minimum-size frames DST <- SRC, one write() each, and
 *	prints "written=K failed=F us=T", T being the time of the writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define VNET_HDR_LEN	((int)sizeof(struct virtio_net_hdr_mrg_rxbuf))
#define IDLE_MS		2000
#define FIRST_MS	300000

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int open_tap(const char *path, int flags)
{
	int hdr = VNET_HDR_LEN;
	int fd = open(path, O_RDWR | flags);

	if (fd < 0 || ioctl(fd, TUNSETVNETHDRSZ, &hdr)) {
		fprintf(stderr, "tapbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return fd;
}

static int bench_read(const char *path, long n)
{
	unsigned char buf[VNET_HDR_LEN + 65536];
	long long last = 0;
	struct pollfd p;
	long got = 0;
	ssize_t len;

	p.fd = open_tap(path, O_NONBLOCK);
	p.events = POLLIN;
	if (p.fd < 0)
		return 1;
	printf("ready\n");
	fflush(stdout);
	while (got < n && poll(&p, 1, got ? IDLE_MS : FIRST_MS) == 1) {
		while ((len = read(p.fd, buf, sizeof(buf))) > 0) {
			got++;
			last = now_us();
		}
		if (len < 0 && errno != EAGAIN) {
			perror("tapbench: read");
			break;
		}
	}
	printf("read=%ld last_us=%lld\n", got, last);
	return 0;
}

static int parse_mac(const char *s, unsigned char *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static int bench_write(const char *path, long n, const char *dst,
		       const char *src)
{
	/* A zeroed header: no checksum offload, no GSO, as for a small frame. */
	unsigned char buf[VNET_HDR_LEN + ETH_ZLEN] = {};
	unsigned char *f = buf + VNET_HDR_LEN;
	long i, failed = 0;
	long long t0, t1;
	int fd;

	if (parse_mac(dst, f) || parse_mac(src, f + ETH_ALEN)) {
		fprintf(stderr, "tapbench: bad MAC\n");
		return 2;
	}
	f[12] = 0x88;	/* local experimental EtherType 0x88b5 */
	f[13] = 0xb5;
	fd = open_tap(path, 0);
	if (fd < 0)
		return 1;
	t0 = now_us();
	for (i = 0; i < n; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			failed++;
	t1 = now_us();
	printf("written=%ld failed=%ld us=%lld\n", n - failed, failed, t1 - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "read"))
		return bench_read(argv[2], atol(argv[3]));
	if (argc == 6 && !strcmp(argv[1], "write"))
		return bench_write(argv[2], atol(argv[3]), argv[4], argv[5]);
	fprintf(stderr, "usage: tapbench read PATH N | write PATH N DST SRC\n");
	return 2;
}
