// SPDX-License-Identifier: GPL-2.0
/*
 * A tap child (kind mvtap) driven through /dev/tapN the way QEMU drives a
 * macvtap: the test is the guest. A peer in namespace tpns sits behind a
 * veth pair whose near end is the child's lower.
 *   - ARP and ICMP from the peer answered through the fd; counters on both
 *     sides account for every frame;
 *   - TUNGETIFF, SIOCGIFHWADDR, TUNSETVNETHDRSZ;
 *   - a TCP GSO super-frame written with a virtio-net header reaches the
 *     peer as one GSO frame; one sent by the peer is read as one frame
 *     with TSO offered (TUNSETOFFLOAD), as three checksummed segments
 *     without;
 *   - two opens are two queues: frames of 64 flows are read once each,
 *     spread over both, and writes on both arrive;
 *   - vhost-net takes the fd as its backend (VHOST_NET_SET_BACKEND);
 *   - a reader blocked on the fd while the child is deleted: no frame, an
 *     interrupted read, ENOLINK from then on.
 *
 * Needs root and mvlan.ko loaded.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/vhost.h>
#include <linux/virtio_net.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
/*
 * The harness's wrapper keeps its own `child` across its setjmp; with the
 * larger tests inlined into it GCC warns about that variable, not ours.
 */
#pragma GCC diagnostic ignored "-Wclobbered"

#include "nlmsg.h"

#define NS	"tpns"
#define LOWER	"tpl"
#define PEER	"tpp"
#define TAP	"tpt"

static const unsigned char peer_mac[6] = { 0x02, 0, 0, 0, 0x77, 0x01 };
static const unsigned char tap_mac[6] = { 0x02, 0, 0, 0, 0x77, 0x02 };
#define PEER_IP	"10.77.0.1"
#define TAP_IP	"10.77.0.2"

/* QEMU's header size (virtio_net_hdr_mrg_rxbuf). */
#define VHDR	12

/* ---- frames ---- */

static uint16_t csum_fold32(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

/* Internet checksum of @len bytes, in network order. */
static uint16_t inet_csum(const void *data, size_t len)
{
	return htons((uint16_t)~csum_fold32(csum_add(0, data, len)));
}

/* The TCP/UDP pseudo-header sum (host order, unfolded). */
static uint32_t pseudo_sum(const struct iphdr *ip, uint8_t proto, size_t l4len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, &ip->saddr, 4);
	sum = csum_add(sum, &ip->daddr, 4);
	return sum + proto + (uint32_t)l4len;
}

static size_t put_eth(uint8_t *f, const unsigned char *dst,
		      const unsigned char *src, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = type >> 8;
	f[13] = type & 0xff;
	return ETH_HLEN;
}

static void put_ip(uint8_t *f, const char *src, const char *dst, uint8_t proto,
		   size_t l4len)
{
	struct iphdr *ip = (struct iphdr *)f;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(sizeof(*ip) + l4len);
	inet_pton(AF_INET, src, &ip->saddr);
	inet_pton(AF_INET, dst, &ip->daddr);
	ip->check = inet_csum(ip, sizeof(*ip));
}

/*
 * A TCP frame of @payload bytes (byte i of the stream is i % 251) from
 * @src to @dst, its checksum left partial (the pseudo-header sum) as a
 * virtio-net header with NEEDS_CSUM expects.
 */
static size_t tcp_frame(uint8_t *f, const unsigned char *dmac,
			const unsigned char *smac, const char *src,
			const char *dst, size_t payload)
{
	struct iphdr *ip = (struct iphdr *)(f + ETH_HLEN);
	struct tcphdr *th = (struct tcphdr *)(ip + 1);
	uint8_t *data = (uint8_t *)(th + 1);
	size_t i;

	put_eth(f, dmac, smac, ETH_P_IP);
	put_ip((uint8_t *)ip, src, dst, IPPROTO_TCP, sizeof(*th) + payload);
	memset(th, 0, sizeof(*th));
	th->source = htons(40000);
	th->dest = htons(9);
	th->seq = htonl(1000);
	th->doff = 5;
	th->ack = 1;
	th->psh = 1;
	th->window = htons(65535);
	for (i = 0; i < payload; i++)
		data[i] = i % 251;
	th->check = htons(csum_fold32(pseudo_sum(ip, IPPROTO_TCP,
						 sizeof(*th) + payload)));
	return ETH_HLEN + sizeof(*ip) + sizeof(*th) + payload;
}

/* A UDP frame carrying @id, from source port 1000 + @flow. */
static size_t udp_frame(uint8_t *f, const unsigned char *dmac,
			const unsigned char *smac, const char *src,
			const char *dst, unsigned int flow, uint32_t id)
{
	struct iphdr *ip = (struct iphdr *)(f + ETH_HLEN);
	struct udphdr *uh = (struct udphdr *)(ip + 1);
	uint32_t nid = htonl(id);

	put_eth(f, dmac, smac, ETH_P_IP);
	put_ip((uint8_t *)ip, src, dst, IPPROTO_UDP, sizeof(*uh) + 4);
	uh->source = htons(1000 + flow);
	uh->dest = htons(7777);
	uh->len = htons(sizeof(*uh) + 4);
	uh->check = 0;
	memcpy(uh + 1, &nid, 4);
	return ETH_HLEN + sizeof(*ip) + sizeof(*uh) + 4;
}

/* The id of a UDP frame made by udp_frame() to @dmac port 7777, or -1. */
static long udp_id(const uint8_t *f, size_t len, const unsigned char *dmac)
{
	const struct iphdr *ip = (const void *)(f + ETH_HLEN);
	const struct udphdr *uh = (const void *)(ip + 1);
	uint32_t id;

	if (len < ETH_HLEN + sizeof(*ip) + sizeof(*uh) + 4 ||
	    memcmp(f, dmac, 6) || f[12] != 0x08 || f[13] != 0 ||
	    ip->protocol != IPPROTO_UDP ||
	    uh->dest != htons(7777))
		return -1;
	memcpy(&id, uh + 1, 4);
	return ntohl(id);
}

/* ---- the peer: a packet socket in its namespace ---- */

/* A socket made in namespace NS. */
static int ns_socket(int domain, int type, int proto)
{
	int self, peer, fd;

	self = open("/proc/self/ns/net", O_RDONLY);
	peer = open("/var/run/netns/" NS, O_RDONLY);
	if (self < 0 || peer < 0 || setns(peer, CLONE_NEWNET))
		return -1;
	fd = socket(domain, type, proto);
	if (setns(self, CLONE_NEWNET))
		abort();
	close(self);
	close(peer);
	return fd;
}

/* A raw packet socket on the peer's device with virtio-net headers. */
static int peer_socket(void)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
	};
	int fd, one = 1;

	fd = ns_socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (fd < 0)
		return -1;
	sll.sll_ifindex = atoi(getenv("TP_PEER_IFINDEX"));
	if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read one frame within 5 s; its length, or -1. */
static ssize_t read_frame(int fd, void *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(fd, buf, len);
}

/* The real ip(8), not busybox's. */
static const char *ip_path(void)
{
	return access("/usr/bin/ip", X_OK) ? "/sbin/ip" : "/usr/bin/ip";
}

/* A counter of @dev in @ns (NULL: here); @name NULL: its ifindex. */
static unsigned long long stat_of(const char *ns, const char *dev,
				  const char *name)
{
	char cmd[256];
	unsigned long long v = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s%s%s cat /sys/class/net/%s/%s%s",
		 ns ? ip_path() : "", ns ? " netns exec " : "", ns ? ns : "",
		 dev, name ? "statistics/" : "ifindex", name ? name : "");
	f = popen(cmd, "r");
	if (!f)
		return ~0ULL;
	if (fscanf(f, "%llu", &v) != 1)
		v = ~0ULL;
	pclose(f);
	return v;
}

/*
 * RTM_NEWLINK of kind mvtap with IFLA_MACVLAN_MODE, as ip(8) would send
 * for macvtap (ip parses no options for a kind it does not know).
 */
static int newtap(const char *name, const char *lower, const unsigned char *mac,
		  __u32 mode, char *msg, size_t msglen)
{
	struct nlattr *li, *data;
	struct answer ans;
	struct req r;
	int fd;

	fd = nl_open_proto(NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	req_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		  sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, name);
	req_u32(&r, IFLA_LINK, if_nametoindex(lower));
	req_put(&r, IFLA_ADDRESS, mac, 6);
	li = nest_start(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "mvtap");
	data = nest_start(&r, IFLA_INFO_DATA);
	req_u32(&r, IFLA_MACVLAN_MODE, mode);
	nest_end(&r, data);
	nest_end(&r, li);
	talk(fd, &r, &ans);
	close(fd);
	snprintf(msg, msglen, "%s", ans.msg);
	return ans.err;
}

/* ---- fixture ---- */

FIXTURE(tap) {
	int ifindex;
	char path[32];
	int fd;
};

static int tap_open(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK);
	int sz = VHDR;

	if (fd >= 0 && ioctl(fd, TUNSETVNETHDRSZ, &sz)) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE_SETUP(tap)
{
	char buf[16], msg[256];

	system("echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
	sh("netns del " NS " 2>/dev/null");
	sh("link del " LOWER " 2>/dev/null");
	ASSERT_EQ(0, sh("netns add " NS));
	ASSERT_EQ(0, sh("-n " NS " link set lo up"));
	ASSERT_EQ(0, sh("netns exec " NS
			" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"));
	ASSERT_EQ(0, sh("link add " LOWER " up type veth peer name " PEER
			" netns " NS));
	ASSERT_EQ(0, sh("-n " NS " link set " PEER
			" address 02:00:00:00:77:01 up"));
	ASSERT_EQ(0, sh("-n " NS " addr add " PEER_IP "/24 dev " PEER));
	ASSERT_EQ(0, newtap(TAP, LOWER, tap_mac, 4, msg, sizeof(msg)))
		TH_LOG("RTM_NEWLINK mvtap: %s", msg);
	ASSERT_EQ(0, sh("link set " TAP " up"));
	self->ifindex = if_nametoindex(TAP);
	ASSERT_LT(0, self->ifindex);
	snprintf(buf, sizeof(buf), "%llu", stat_of(NS, PEER, NULL));
	setenv("TP_PEER_IFINDEX", buf, 1);
	snprintf(self->path, sizeof(self->path), "/dev/tap%d", self->ifindex);
	self->fd = tap_open(self->path);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", self->path, strerror(errno));
}

FIXTURE_TEARDOWN(tap)
{
	if (self->fd >= 0)
		close(self->fd);
	sh("link del " LOWER " 2>/dev/null");
	sh("netns del " NS " 2>/dev/null");
	system("echo 0 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
}

TEST_F(tap, ioctls)
{
	struct ifreq ifr = {};
	int sz = 0;

	ASSERT_EQ(0, ioctl(self->fd, TUNGETIFF, &ifr));
	EXPECT_STREQ(TAP, ifr.ifr_name);
	EXPECT_EQ(IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, ifr.ifr_flags);
	memset(&ifr, 0, sizeof(ifr));
	ASSERT_EQ(0, ioctl(self->fd, SIOCGIFHWADDR, &ifr));
	EXPECT_EQ(0, memcmp(ifr.ifr_hwaddr.sa_data, tap_mac, 6));
	ASSERT_EQ(0, ioctl(self->fd, TUNGETVNETHDRSZ, &sz));
	EXPECT_EQ(VHDR, sz);
	sz = 4;
	EXPECT_EQ(-1, ioctl(self->fd, TUNSETVNETHDRSZ, &sz));
	EXPECT_EQ(EINVAL, errno);
}

/* Answer one frame read from the fd; 1 when it was the ICMP echo request. */
static int answer(int fd, uint8_t *f, ssize_t n, int *written)
{
	uint8_t out[2048] = {};
	uint8_t *o = out + VHDR, *in = f + VHDR;
	struct iphdr *ip;
	size_t len;

	n -= VHDR;
	if (n >= 42 && in[12] == 0x08 && in[13] == 0x06 && in[21] == 1 &&
	    !memcmp(in + 38, "\x0a\x4d\x00\x02", 4)) {
		/* ARP request for us: the reply. */
		len = put_eth(o, in + 6, tap_mac, ETH_P_ARP);
		memcpy(o + len, in + 14, 6);		/* htype, ptype, hlen, plen */
		o[len + 6] = 0;
		o[len + 7] = 2;				/* reply */
		memcpy(o + len + 8, tap_mac, 6);
		memcpy(o + len + 14, in + 38, 4);	/* our IP */
		memcpy(o + len + 18, in + 22, 10);	/* their MAC and IP */
		len += 28;
	} else if (n >= 42 && in[12] == 0x08 && in[13] == 0 &&
		   in[23] == IPPROTO_ICMP && in[34] == 8) {
		/* Echo request: the reply, same id, sequence and data. */
		memcpy(o, in, n);
		memcpy(o, in + 6, 6);
		memcpy(o + 6, tap_mac, 6);
		ip = (struct iphdr *)(o + ETH_HLEN);
		ip->saddr = ((struct iphdr *)(in + ETH_HLEN))->daddr;
		ip->daddr = ((struct iphdr *)(in + ETH_HLEN))->saddr;
		ip->check = 0;
		ip->check = inet_csum(ip, sizeof(*ip));
		o[34] = 0;
		o[36] = o[37] = 0;
		*(uint16_t *)(o + 36) = inet_csum(o + 34, ntohs(ip->tot_len) - 20);
		len = n;
	} else {
		return 0;
	}
	if (write(fd, out, VHDR + len) == (ssize_t)(VHDR + len))
		(*written)++;
	return in[12] == 0x08 && in[13] == 0;
}

TEST_F(tap, arp_icmp_through_the_fd)
{
	unsigned long long rx0, tx0, prx0, ptx0;
	int status, reads = 0, writes = 0, echo = 0;
	uint8_t f[2048];
	ssize_t n;
	pid_t pid;

	rx0 = stat_of(NULL, TAP, "rx_packets");
	tx0 = stat_of(NULL, TAP, "tx_packets");
	prx0 = stat_of(NS, PEER, "rx_packets");
	ptx0 = stat_of(NS, PEER, "tx_packets");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		execl(ip_path(), "ip", "netns", "exec", NS, "ping", "-c", "1",
		      "-W", "10", "-q", TAP_IP, (char *)NULL);
		_exit(127);
	}
	while (!echo && (n = read_frame(self->fd, f, sizeof(f))) > 0) {
		reads++;
		echo = answer(self->fd, f, n, &writes);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("ping through the fd failed");
	EXPECT_EQ(1, echo);
	/* Whatever else arrived (none expected): drained, counted. */
	while ((n = read(self->fd, f, sizeof(f))) > 0)
		reads++;
	EXPECT_EQ(2, writes);
	EXPECT_EQ(rx0 + reads, stat_of(NULL, TAP, "rx_packets"));
	EXPECT_EQ(tx0 + writes, stat_of(NULL, TAP, "tx_packets"));
	EXPECT_EQ(prx0 + writes, stat_of(NS, PEER, "rx_packets"));
	EXPECT_EQ(ptx0 + reads, stat_of(NS, PEER, "tx_packets"));
}

#define GSO_PAYLOAD	3000
#define GSO_MSS		1000
#define GSO_HDRS	(ETH_HLEN + 20 + 20)

static void gso_hdr(struct virtio_net_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h->hdr_len = GSO_HDRS;
	h->gso_size = GSO_MSS;
	h->csum_start = ETH_HLEN + 20;
	h->csum_offset = offsetof(struct tcphdr, check);
}

/* The frame at @f is a TCP frame to port 9 (what tcp_frame() makes). */
static int is_ours(const uint8_t *f, ssize_t n)
{
	return n >= GSO_HDRS && f[12] == 0x08 && f[13] == 0 &&
	       f[23] == IPPROTO_TCP && f[36] == 0 && f[37] == 9;
}

/* Write one 3000-byte TCP super-frame to @dmac on @fd. */
static int write_gso(int fd, const unsigned char *dmac, const char *dst)
{
	uint8_t out[VHDR + GSO_HDRS + GSO_PAYLOAD] = {};
	size_t len;

	gso_hdr((struct virtio_net_hdr *)out);
	len = VHDR + tcp_frame(out + VHDR, dmac, tap_mac, TAP_IP, dst,
			       GSO_PAYLOAD);
	return write(fd, out, len) == (ssize_t)len ? 0 : -1;
}

/*
 * Read the stream of a super-frame from @fd (a tap with @hdr header bytes
 * or the peer's socket): as one GSO frame or as MSS-sized segments, each
 * segment's checksums right. Returns the number of frames, -1 on a fault.
 */
static int read_gso(struct __test_metadata *_metadata, int fd, size_t hdr,
		    int *gso_frames)
{
	uint8_t in[VHDR + 65536];
	struct virtio_net_hdr *h = (void *)in;
	uint8_t *f = in + hdr;
	struct iphdr *ip = (void *)(f + ETH_HLEN);
	struct tcphdr *th = (void *)(ip + 1);
	size_t got = 0, l4, i;
	int frames = 0;
	ssize_t n;

	*gso_frames = 0;
	while (got < GSO_PAYLOAD) {
		n = read_frame(fd, in, sizeof(in));
		if (n <= 0) {
			TH_LOG("%zu of %d bytes arrived", got, GSO_PAYLOAD);
			return -1;
		}
		if (!is_ours(f, n - hdr))
			continue;
		frames++;
		l4 = n - hdr - ETH_HLEN - sizeof(*ip);
		EXPECT_EQ(1000 + got, ntohl(th->seq));
		EXPECT_EQ(0, inet_csum(ip, sizeof(*ip)));
		if (h->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
			EXPECT_EQ(VIRTIO_NET_HDR_GSO_TCPV4, h->gso_type);
			EXPECT_EQ(GSO_MSS, h->gso_size);
			EXPECT_TRUE(h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
			EXPECT_EQ(ETH_HLEN + 20, h->csum_start);
			(*gso_frames)++;
		} else if (!(h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
			EXPECT_EQ(0xffff,
				  csum_fold32(csum_add(pseudo_sum(ip, IPPROTO_TCP, l4),
						       th, l4)))
				TH_LOG("segment at %zu: bad TCP checksum", got);
		}
		for (i = 0; i < l4 - sizeof(*th); i++)
			if (((uint8_t *)(th + 1))[i] != (got + i) % 251)
				break;
		EXPECT_EQ(l4 - sizeof(*th), i) TH_LOG("payload differs at %zu", got + i);
		got += l4 - sizeof(*th);
	}
	EXPECT_EQ((size_t)GSO_PAYLOAD, got);
	return frames;
}

TEST_F(tap, gso_write_reaches_peer)
{
	unsigned int offload = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
	int ps, gso;

	ASSERT_EQ(0, ioctl(self->fd, TUNSETOFFLOAD, offload));
	ps = peer_socket();
	ASSERT_LE(0, ps);
	ASSERT_EQ(0, write_gso(self->fd, peer_mac, PEER_IP));
	/* Whole, or cut by the veth on the way: the same bytes in order. */
	EXPECT_LT(0, read_gso(_metadata, ps, sizeof(struct virtio_net_hdr), &gso));
	close(ps);
}

/* The peer sends one 3000-byte TCP super-frame to the tap's MAC. */
static int peer_send_gso(void)
{
	uint8_t out[sizeof(struct virtio_net_hdr) + GSO_HDRS + GSO_PAYLOAD];
	size_t len;
	int ps = peer_socket();
	ssize_t n;

	if (ps < 0)
		return -1;
	gso_hdr((struct virtio_net_hdr *)out);
	len = sizeof(struct virtio_net_hdr) +
	      tcp_frame(out + sizeof(struct virtio_net_hdr), tap_mac, peer_mac,
			PEER_IP, TAP_IP, GSO_PAYLOAD);
	n = send(ps, out, len, 0);
	close(ps);
	return n == (ssize_t)len ? 0 : -1;
}

TEST_F(tap, gso_from_peer_segmented_without_tso)
{
	int gso;

	ASSERT_EQ(0, ioctl(self->fd, TUNSETOFFLOAD, 0));
	ASSERT_EQ(0, peer_send_gso());
	EXPECT_EQ(GSO_PAYLOAD / GSO_MSS, read_gso(_metadata, self->fd, VHDR, &gso));
	EXPECT_EQ(0, gso);
}

/*
 * Between two tap children in bridge mode nothing cuts the frame: the
 * reader gets the super-frame whole when it takes TSO, and MSS-sized
 * checksummed segments when it does not.
 */
TEST_F(tap, gso_between_bridge_taps)
{
	static const unsigned char mac2[6] = { 0x02, 0, 0, 0, 0x77, 0x03 };
	unsigned int offload = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
	unsigned long long rx0;
	char path[32], msg[256];
	int fd2, gso;

	ASSERT_EQ(0, newtap("tpt2", LOWER, mac2, 4, msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, sh("link set tpt2 up"));
	snprintf(path, sizeof(path), "/dev/tap%u", if_nametoindex("tpt2"));
	fd2 = tap_open(path);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, ioctl(self->fd, TUNSETOFFLOAD, offload));
	ASSERT_EQ(0, ioctl(fd2, TUNSETOFFLOAD, offload));
	rx0 = stat_of(NS, PEER, "rx_packets");

	ASSERT_EQ(0, write_gso(self->fd, mac2, "10.77.0.3"));
	EXPECT_EQ(1, read_gso(_metadata, fd2, VHDR, &gso));
	EXPECT_EQ(1, gso);

	ASSERT_EQ(0, ioctl(fd2, TUNSETOFFLOAD, 0));
	ASSERT_EQ(0, write_gso(self->fd, mac2, "10.77.0.3"));
	EXPECT_EQ(GSO_PAYLOAD / GSO_MSS, read_gso(_metadata, fd2, VHDR, &gso));
	EXPECT_EQ(0, gso);
	/* Sibling traffic never reached the wire. */
	EXPECT_EQ(rx0, stat_of(NS, PEER, "rx_packets"));
	close(fd2);
}

#define MQ_FRAMES	64

TEST_F(tap, multiqueue)
{
	uint8_t buf[VHDR + 2048] = {}, seen[MQ_FRAMES] = {};
	unsigned int got[2] = {}, i, q;
	int fds[2], ps;
	long id;
	ssize_t n;
	size_t len;

	fds[0] = self->fd;
	fds[1] = tap_open(self->path);
	ASSERT_LE(0, fds[1]);
	ps = peer_socket();
	ASSERT_LE(0, ps);

	/* From the peer: 64 flows, one frame each. */
	for (i = 0; i < MQ_FRAMES; i++) {
		memset(buf, 0, sizeof(struct virtio_net_hdr));
		len = udp_frame(buf + sizeof(struct virtio_net_hdr), tap_mac,
				peer_mac, PEER_IP, TAP_IP, i, i);
		ASSERT_EQ((ssize_t)(sizeof(struct virtio_net_hdr) + len),
			  send(ps, buf, sizeof(struct virtio_net_hdr) + len, 0));
	}
	for (q = 0; q < 2; q++) {
		while ((n = read(fds[q], buf, sizeof(buf))) > 0) {
			id = udp_id(buf + VHDR, n - VHDR, tap_mac);
			if (id < 0 || id >= MQ_FRAMES)
				continue;
			EXPECT_EQ(0, seen[id]) TH_LOG("frame %ld twice", id);
			seen[id]++;
			got[q]++;
		}
	}
	EXPECT_EQ((unsigned int)MQ_FRAMES, got[0] + got[1]);
	EXPECT_LT(0U, got[0]);
	EXPECT_LT(0U, got[1]);

	/* To the peer: 32 frames written on each queue. */
	for (i = 0; i < MQ_FRAMES; i++) {
		memset(buf, 0, VHDR);
		len = udp_frame(buf + VHDR, peer_mac, tap_mac, TAP_IP, PEER_IP,
				i, i);
		ASSERT_EQ((ssize_t)(VHDR + len),
			  write(fds[i % 2], buf, VHDR + len));
	}
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < MQ_FRAMES;) {
		n = read_frame(ps, buf, sizeof(buf));
		ASSERT_LT(0, n) TH_LOG("%u of %u frames reached the peer", i, MQ_FRAMES);
		id = udp_id(buf + sizeof(struct virtio_net_hdr),
			    n - sizeof(struct virtio_net_hdr), peer_mac);
		if (id < 0 || id >= MQ_FRAMES)
			continue;
		EXPECT_EQ(0, seen[id]) TH_LOG("frame %ld twice", id);
		seen[id]++;
		i++;
	}
	close(fds[1]);
	close(ps);
}

TEST_F(tap, vhost_net_backend)
{
	struct vhost_vring_file backend = { .index = 0, .fd = self->fd };
	struct vhost_vring_state num = { .index = 0, .num = 256 };
	struct vhost_vring_addr addr = { .index = 0 };
	struct {
		struct vhost_memory mem;
		struct vhost_memory_region region;
	} table = {};
	uint8_t *ring;
	int vh;

	vh = open("/dev/vhost-net", O_RDWR);
	if (vh < 0)
		SKIP(return, "/dev/vhost-net: %s (vhost_net not loaded)",
		     strerror(errno));
	ring = aligned_alloc(4096, 3 * 4096);
	ASSERT_NE(NULL, ring);
	memset(ring, 0, 3 * 4096);
	ASSERT_EQ(0, ioctl(vh, VHOST_SET_OWNER, NULL));
	/* The guest's memory: here just the rings, at guest address 0. */
	table.mem.nregions = 1;
	table.region.guest_phys_addr = 0;
	table.region.memory_size = 3 * 4096;
	table.region.userspace_addr = (uintptr_t)ring;
	ASSERT_EQ(0, ioctl(vh, VHOST_SET_MEM_TABLE, &table.mem));
	for (backend.index = 0; backend.index < 2; backend.index++) {
		num.index = addr.index = backend.index;
		ASSERT_EQ(0, ioctl(vh, VHOST_SET_VRING_NUM, &num));
		addr.desc_user_addr = (uintptr_t)ring;
		addr.avail_user_addr = (uintptr_t)ring + 4096;
		addr.used_user_addr = (uintptr_t)ring + 8192;
		ASSERT_EQ(0, ioctl(vh, VHOST_SET_VRING_ADDR, &addr));
		EXPECT_EQ(0, ioctl(vh, VHOST_NET_SET_BACKEND, &backend))
			TH_LOG("queue %u: %s", backend.index, strerror(errno));
	}
	/* Detached again before the fds go. */
	backend.fd = -1;
	for (backend.index = 0; backend.index < 2; backend.index++)
		EXPECT_EQ(0, ioctl(vh, VHOST_NET_SET_BACKEND, &backend));
	close(vh);
	free(ring);
}

static void on_signal(int sig __attribute__((unused)))
{
}

/* Whether thread @tid sleeps (state S), as it does only inside read(). */
static int sleeping(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f;
	int ok = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		ok = p && p[1] == ' ' && p[2] == 'S';
	}
	fclose(f);
	return ok;
}

struct reader {
	int fd;
	volatile pid_t tid;
	ssize_t ret;
	int err;
};

static void *blocking_read(void *arg)
{
	struct reader *r = arg;
	uint8_t buf[2048];

	r->tid = gettid();
	r->ret = read(r->fd, buf, sizeof(buf));
	r->err = errno;
	return NULL;
}

TEST_F(tap, delete_under_blocked_reader)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct reader r = {};
	struct ifreq ifr = {};
	struct pollfd p;
	pthread_t t;
	int i;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));	/* no SA_RESTART */
	r.fd = open(self->path, O_RDWR);
	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_read, &r));
	/* Until the reader sleeps in read(): 5 s at most. */
	for (i = 0; i < 500 && !(r.tid && sleeping(r.tid)); i++)
		usleep(10000);
	ASSERT_TRUE(r.tid && sleeping(r.tid));
	ASSERT_EQ(0, sh("link del " TAP));
	EXPECT_NE(0, access(self->path, F_OK));
	/* The library wakes no sleeper: a signal ends the read, no frame. */
	ASSERT_EQ(0, pthread_kill(t, SIGUSR1));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(EINTR, r.err);
	/* From then on the fd says the device is gone. */
	EXPECT_EQ(-1, ioctl(r.fd, TUNGETIFF, &ifr));
	EXPECT_EQ(ENOLINK, errno);
	EXPECT_EQ(-1, ioctl(self->fd, TUNGETIFF, &ifr));
	EXPECT_EQ(ENOLINK, errno);
	p.fd = r.fd;
	p.events = POLLIN;
	EXPECT_EQ(0, poll(&p, 1, 0));
	close(r.fd);
}

TEST_HARNESS_MAIN
