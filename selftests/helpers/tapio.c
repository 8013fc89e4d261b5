// SPDX-License-Identifier: GPL-2.0
/*
 * Tap helper for the shell selftests (not a test itself):
 *
 *   tapio drain FD [UNTIL]
 *	reads every frame queued on the tap file FD (inherited, default
 *	10-byte virtio-net header) without blocking and prints one line per
 *	frame: "DST SRC TAG", TAG being the payload of a `tapio send` frame
 *	or "-" for any other frame. With UNTIL, first waits (5 s at most)
 *	for the frame tagged UNTIL: a broadcast sent last, whose arrival
 *	means the broadcast queue delivered everything before it.
 *   tapio write FD DST SRC TAG
 *	writes one tagged frame (EtherType 0x88b5) to the tap file FD.
 *   tapio send IFNAME DST SRC TAG
 *	sends the same frame on IFNAME through a packet socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TAG_TYPE	0x88b5
#define TAG_LEN		16

static int die(const char *what)
{
	fprintf(stderr, "tapio: %s: %s\n", what, strerror(errno));
	return 1;
}

static int parse_mac(const char *s, unsigned char *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

/* A minimum-size frame of TAG_TYPE whose payload starts with @tag. */
static size_t make_frame(unsigned char *f, const char *dst, const char *src,
			 const char *tag)
{
	memset(f, 0, ETH_ZLEN);
	if (parse_mac(dst, f) || parse_mac(src, f + 6))
		return 0;
	f[12] = TAG_TYPE >> 8;
	f[13] = TAG_TYPE & 0xff;
	strncpy((char *)f + ETH_HLEN, tag, TAG_LEN - 1);
	return ETH_ZLEN;
}

static int drain(int fd, const char *until)
{
	unsigned char buf[sizeof(struct virtio_net_hdr) + 65536];
	unsigned char *f = buf + sizeof(struct virtio_net_hdr);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int waiting = until != NULL;
	char tag[TAG_LEN];
	ssize_t n;

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		return die("fcntl");
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN && waiting) {
			if (poll(&p, 1, 5000) != 1) {
				fprintf(stderr, "tapio: no frame %s within 5 s\n", until);
				return 1;
			}
			continue;
		}
		if (n <= 0)
			break;
		n -= sizeof(struct virtio_net_hdr);
		if (n < ETH_HLEN)
			continue;
		if (n >= ETH_HLEN + TAG_LEN && f[12] == (TAG_TYPE >> 8) &&
		    f[13] == (TAG_TYPE & 0xff)) {
			memcpy(tag, f + ETH_HLEN, TAG_LEN);
			tag[TAG_LEN - 1] = 0;
		} else {
			strcpy(tag, "-");
		}
		if (waiting && !strcmp(tag, until))
			waiting = 0;
		printf("%02x:%02x:%02x:%02x:%02x:%02x %02x:%02x:%02x:%02x:%02x:%02x %s\n",
		       f[0], f[1], f[2], f[3], f[4], f[5],
		       f[6], f[7], f[8], f[9], f[10], f[11], tag);
	}
	if (n < 0 && errno != EAGAIN)
		return die("read");
	return 0;
}

static int write_tagged(int fd, const char *dst, const char *src,
			const char *tag)
{
	unsigned char buf[sizeof(struct virtio_net_hdr) + ETH_ZLEN] = {};
	size_t len = make_frame(buf + sizeof(struct virtio_net_hdr), dst, src,
				tag);

	if (!len)
		return die("bad MAC");
	len += sizeof(struct virtio_net_hdr);
	if (write(fd, buf, len) != (ssize_t)len)
		return die("write");
	return 0;
}

static int send_tagged(const char *ifname, const char *dst, const char *src,
		       const char *tag)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char f[ETH_ZLEN];
	size_t len = make_frame(f, dst, src, tag);
	int fd;

	if (!len)
		return die("bad MAC");
	sll.sll_ifindex = if_nametoindex(ifname);
	sll.sll_protocol = htons(TAG_TYPE);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || !sll.sll_ifindex)
		return die("socket");
	if (sendto(fd, f, len, 0, (struct sockaddr *)&sll, sizeof(sll)) !=
	    (ssize_t)len)
		return die("sendto");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "drain"))
		return drain(atoi(argv[2]), argc == 4 ? argv[3] : NULL);
	if (argc == 6 && !strcmp(argv[1], "write"))
		return write_tagged(atoi(argv[2]), argv[3], argv[4], argv[5]);
	if (argc == 6 && !strcmp(argv[1], "send"))
		return send_tagged(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: tapio drain FD [UNTIL] | write FD DST SRC TAG | send IFNAME DST SRC TAG\n");
	return 2;
}
