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
 *   traffic send ADDR PORT BYTES
 *	sends BYTES of the pattern, half-closes, and succeeds when the server
 *	answers "ok BYTES".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

static int tap(const char *ifname, const char *mac, char **cmd)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL) };
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
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
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

static int send_stream(const char *addr, int port, unsigned long long bytes)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	unsigned long long off = 0;
	unsigned char buf[65536];
	char want[64], answer[64] = "";
	ssize_t n;
	size_t i, chunk;
	int fd;

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "traffic: bad address %s\n", addr);
		return 2;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return die("connect");
	while (off < bytes) {
		chunk = bytes - off < sizeof(buf) ? bytes - off : sizeof(buf);
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
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && !strcmp(argv[1], "tap") && !strcmp(argv[4], "--"))
		return tap(argv[2], argv[3], argv + 5);
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return send_stream(argv[2], atoi(argv[3]),
				   strtoull(argv[4], NULL, 0));
	fprintf(stderr, "usage: traffic tap IFNAME MAC -- CMD... | serve PORT | send ADDR PORT BYTES\n");
	return 2;
}
