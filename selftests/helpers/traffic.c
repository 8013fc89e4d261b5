// SPDX-License-Identifier: GPL-2.0
/*
 * Traffic helper for the shell selftests (not a test itself):
 *
 *   traffic tap IFNAME MAC -- CMD [ARG...]
 *	runs CMD and prints how many frames to MAC a packet tap on IFNAME
 *	saw arrive meanwhile; exits with CMD's status.
 *   traffic serve PORT
 *	accepts one TCP connection, checks that the stream is the pattern
 *	`send` writes, and answers "ok BYTES" or "bad OFFSET".
 *   traffic send ADDR PORT BYTES [HOP_MS]
 *	sends BYTES of the pattern, half-closes, and succeeds when the server
 *	answers "ok BYTES". With HOP_MS, the sender moves to the next online
 *	CPU (sched_setaffinity) every HOP_MS milliseconds while it writes.
 *	$TRAFFIC_SNDBUF, if set, is the sender's SO_SNDBUF.
 *   traffic ptap IFNAME MAC ETHERTYPE -- CMD [ARG...]
 *	as tap, with a packet socket bound to IFNAME for the one protocol
 *	ETHERTYPE (hex, e.g. 0x0800): the device's ptype_specific list.
 *   traffic udp ADDR PORT COUNT [recverr]
 *	sends COUNT UDP datagrams (IP_RECVERR set with "recverr") and prints
 *	"sent N enobufs N other N": sendto successes, ENOBUFS, other errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int die(const char *what)
{
	fprintf(stderr, "traffic: %s: %s\n", what, strerror(errno));
	return 2;
}

static unsigned char pattern_at(unsigned long long off)
{
	return (unsigned char)(off * 7 + (off >> 8));
}

static int tap(const char *ifname, const char *mac, int proto, char **cmd)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(proto) };
	unsigned char want[ETH_ALEN], frame[2048];
	struct tpacket_stats st;
	socklen_t stlen = sizeof(st);
	unsigned long long seen = 0;
	int fd, status, rcvbuf = 64 << 20;
	pid_t pid;
	ssize_t n;

	if (sscanf(mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &want[0], &want[1],
		   &want[2], &want[3], &want[4], &want[5]) != ETH_ALEN) {
		fprintf(stderr, "traffic: bad MAC %s\n", mac);
		return 2;
	}
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		return die(ifname);
	/* Protocol 0 at socket(): nothing is registered before the bind. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		return die("packet socket");
	/* Room for every frame CMD causes: the count is read afterwards. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		return die("SO_RCVBUFFORCE");

	pid = fork();
	if (pid < 0)
		return die("fork");
	if (!pid) {
		close(fd);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return die("waitpid");

	/* Everything CMD caused is queued by now. */
	for (;;) {
		socklen_t len = sizeof(sll);

		n = recvfrom(fd, frame, sizeof(frame), MSG_DONTWAIT,
			     (struct sockaddr *)&sll, &len);
		if (n < 0)
			break;
		if (n >= ETH_HLEN && sll.sll_pkttype != PACKET_OUTGOING &&
		    !memcmp(frame, want, ETH_ALEN))
			seen++;
	}
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &stlen))
		return die("PACKET_STATISTICS");
	if (st.tp_drops)
		fprintf(stderr, "traffic: the tap dropped %u frames\n", st.tp_drops);
	printf("%llu\n", seen);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int serve(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	unsigned long long off = 0, bad = ~0ULL;
	unsigned char buf[65536];
	char answer[64];
	int lfd, fd, one = 1;
	ssize_t n, i;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 1))
		return die("listen");
	printf("listening\n");
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return die("accept");
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n && bad == ~0ULL; i++)
			if (buf[i] != pattern_at(off + i))
				bad = off + i;
		off += n;
	}
	if (n < 0)
		return die("read");
	if (bad == ~0ULL)
		snprintf(answer, sizeof(answer), "ok %llu\n", off);
	else
		snprintf(answer, sizeof(answer), "bad %llu\n", bad);
	if (write(fd, answer, strlen(answer)) < 0)
		return die("write");
	close(fd);
	return bad == ~0ULL ? 0 : 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Pin the caller to the next online CPU after *cpu (round robin). */
static void hop(int *cpu)
{
	int n = sysconf(_SC_NPROCESSORS_ONLN), i;
	cpu_set_t set;

	for (i = 0; i < n; i++) {
		*cpu = (*cpu + 1) % n;
		CPU_ZERO(&set);
		CPU_SET(*cpu, &set);
		if (!sched_setaffinity(0, sizeof(set), &set))
			return;
	}
}

static int send_stream(const char *addr, int port, unsigned long long bytes,
		       int hop_ms)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	unsigned long long off = 0;
	unsigned char buf[65536];
	char want[64], answer[64] = "";
	ssize_t n;
	size_t i, chunk, most = hop_ms ? 8192 : sizeof(buf);
	long long next = 0;
	int fd, cpu = -1, hops = 0;

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "traffic: bad address %s\n", addr);
		return 2;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return die("socket");
	if (getenv("TRAFFIC_SNDBUF")) {
		int sndbuf = atoi(getenv("TRAFFIC_SNDBUF"));

		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)))
			return die("SO_SNDBUF");
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return die("connect");
	while (off < bytes) {
		if (hop_ms && now_ms() >= next) {
			hop(&cpu);
			hops++;
			next = now_ms() + hop_ms;
		}
		chunk = bytes - off < most ? bytes - off : most;
		for (i = 0; i < chunk; i++)
			buf[i] = pattern_at(off + i);
		n = write(fd, buf, chunk);
		if (n <= 0)
			return die("write");
		off += n;
	}
	if (shutdown(fd, SHUT_WR))
		return die("shutdown");
	n = read(fd, answer, sizeof(answer) - 1);
	if (n < 0)
		return die("read");
	answer[n] = '\0';
	snprintf(want, sizeof(want), "ok %llu\n", bytes);
	if (strcmp(answer, want)) {
		fprintf(stderr, "traffic: server answered '%s'\n", answer);
		return 1;
	}
	if (hop_ms)
		fprintf(stderr, "traffic: %d CPU hops\n", hops);
	return 0;
}

static int udp_burst(const char *addr, int port, int count, int recverr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int fd, i, sent = 0, enobufs = 0, other = 0, first = 0;
	char payload[64] = "mvlan";

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "traffic: bad address %s\n", addr);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return die("socket");
	if (recverr &&
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &recverr, sizeof(recverr)))
		return die("IP_RECVERR");
	for (i = 0; i < count; i++) {
		if (sendto(fd, payload, sizeof(payload), 0,
			   (struct sockaddr *)&sin, sizeof(sin)) >= 0)
			sent++;
		else if (errno == ENOBUFS)
			enobufs++;
		else if (!other++)
			first = errno;
	}
	printf("sent %d enobufs %d other %d\n", sent, enobufs, other);
	if (other)
		fprintf(stderr, "traffic: sendto: %s\n", strerror(first));
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "tap") && !strcmp(argv[4], "--"))
		return tap(argv[2], argv[3], ETH_P_ALL, argv + 5);
	if (argc >= 7 && !strcmp(argv[1], "ptap") && !strcmp(argv[5], "--"))
		return tap(argv[2], argv[3], (int)strtol(argv[4], NULL, 0),
			   argv + 6);
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "send"))
		return send_stream(argv[2], atoi(argv[3]),
				   strtoull(argv[4], NULL, 0),
				   argc == 6 ? atoi(argv[5]) : 0);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "udp"))
		return udp_burst(argv[2], atoi(argv[3]), atoi(argv[4]),
				 argc == 6 && !strcmp(argv[5], "recverr"));
	fprintf(stderr, "usage: traffic tap IFNAME MAC -- CMD... | ptap IFNAME MAC ETHERTYPE -- CMD...\n"
		"       | serve PORT | send ADDR PORT BYTES [HOP_MS] | udp ADDR PORT COUNT [recverr]\n");
	return 2;
}
