// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a seeded netlink fuzzer for mvlan (a helper of nlfuzz.sh, not a
 * test by itself).
 *
 * It sends a fixed budget of requests, each built from a valid template of
 * one command (every command of the genl family "mvlan", RTM_NEWLINK create
 * and change, RTM_SETLINK, RTM_DELLINK and RTM_GETLINK for the kinds given)
 * and then, most of the time, mutated: bytes flipped, attribute types and
 * lengths changed, attributes duplicated, random and nested garbage
 * appended, the message truncated, the command, version and flags changed,
 * several requests packed into one datagram. Values come from lists of edge
 * values (0, limits, limits + 1, all ones) as often as at random.
 *
 * Deterministic: the random stream never depends on the kernel's answers.
 * Devices are named from a small pool (nf0..nf11, shared with the other
 * fuzzer processes) and resolved to an ifindex when a request is built, so
 * the same seed sends the same requests; only the ifindex a name resolves
 * to reflects the moment. --trace FROM-TO prints those requests in hex.
 *
 * Findings (exit status 1), each printed with the request in hex:
 *  - a refusal without an extack message, when the request reached the
 *    module (the genl core's own refusals of an unknown command or a short
 *    header carry no message, by design of the core, and are counted apart);
 *  - a request with NLM_F_ACK that gets no answer;
 *  - a refused request that changed the device (a probe: every
 *    --probe-every requests, a mutated DEV_SET, SOURCE or RTM_NEWLINK change
 *    goes to this process's own child nh<ID>, whose state is compared
 *    before and after).
 *
 * The summary line: messages sent, accepted, refused by errno.
 *
 * Usage: nlfuzz.bin --seed N --budget N --lower DEV[,DEV...]
 *		     [--kinds mvlan[,macvlan]] [--netns PATH]... [--id N]
 *		     [--probe-every N] [--trace FROM-TO] [--quiet] [--dry-run]
 * --dry-run builds and traces the requests without a socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/mvlan.h>

/* Big enough for MVLAN_SOURCES_MAX + 1 MACs in one request. */
#define NLMSG_REQ_SIZE	(128 * 1024)
#include "../nlmsg.h"

#define NAMES		12	/* nf0 .. nf11 */
#define MAX_LOWERS	4
#define MAX_NETNS	4
#define MAX_PACK	8
#define MAX_FINDINGS	20
#define ANSWER_MS	60000
/* 6.1's uapi stops before it. */
#define MV_IFLA_BC_CUTOFF	(IFLA_MACVLAN_BC_QUEUE_LEN_USED + 1)

/* ---- the random stream ----------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static int chance(int percent)
{
	return (int)rnd(100) < percent;
}

#define PICK(arr)	((arr)[rnd(sizeof(arr) / sizeof((arr)[0]))])

static const uint32_t edge_u32[] = {
	0, 1, 2, 3, 4, 8, 15, 16, 17, 63, 64, 65, 67, 68, 255, 256, 1000,
	1500, 4095, 4096, 4097, 8191, 8192, 8193, 65535, 65536, 65537,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
};

static uint32_t some_u32(void)
{
	return chance(70) ? PICK(edge_u32) : (uint32_t)rnd64();
}

/* ---- configuration --------------------------------------------------- */

static struct {
	uint64_t seed;
	unsigned long budget;
	const char *lower_names[MAX_LOWERS];
	int nlowers;
	int kinds;			/* 1: mvlan, 2: and macvlan */
	int netns_fd[MAX_NETNS];
	int nnetns;
	int id;
	unsigned long probe_every;
	unsigned long trace_from, trace_to;
	int quiet;
	int dry;			/* build and trace, send nothing */
} cfg = { .kinds = 1, .probe_every = 200, .trace_from = 1, .trace_to = 0 };

static int genl_family;

/* ---- statistics and findings ------------------------------------------ */

static unsigned long sent, accepted, refused, unanswered, probes, findings;
static unsigned long core_noext;	/* genl core refusals, no message by design */
/* rtnl refusals without a message, by request type and errno */
static unsigned long rt_noext[4][256];
static unsigned long by_errno[256];
static unsigned long msg_index;		/* the request being built, from 1 */

static void hexdump(const void *p, int len)
{
	const unsigned char *b = p;
	int i;

	for (i = 0; i < len && i < 512; i++)
		printf("%s%02x", i % 32 ? "" : "\n# nlfuzz:   ", b[i]);
	printf("%s\n", len > 512 ? " ..." : "");
}

static void finding(const struct nlmsghdr *nh, const char *fmt, ...)
{
	va_list ap;

	findings++;
	if (findings > MAX_FINDINGS)
		return;
	printf("# nlfuzz: FINDING (seed %" PRIu64 ", id %d, request %lu): ",
	       cfg.seed, cfg.id, msg_index);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("; type %u flags 0x%x len %u:", nh->nlmsg_type, nh->nlmsg_flags,
	       nh->nlmsg_len);
	hexdump(nh, nh->nlmsg_len);
	fflush(stdout);
}

/* Where the time goes: by request (genl command or rtnl type) and verdict. */
static struct {
	unsigned long n;
	long long us;
} timing[2][32][2];

static void time_of(const struct req *r, int ok, long long us)
{
	int rt = r->nlh.nlmsg_type != genl_family, k;

	k = rt ? r->nlh.nlmsg_type - RTM_NEWLINK :
	    ((const struct genlmsghdr *)NLMSG_DATA(&r->nlh))->cmd;
	if (k < 0 || k > 31)
		k = 31;
	timing[rt][k][ok].n++;
	timing[rt][k][ok].us += us;
}

static void print_timing(void)
{
	int rt, k, ok;

	for (rt = 0; rt < 2; rt++)
		for (k = 0; k < 32; k++)
			for (ok = 0; ok < 2; ok++)
				if (timing[rt][k][ok].n > 0)
					printf("# nlfuzz: id %d: %s %d %s: %lu, %lld ms, %lld us each\n",
					       cfg.id, rt ? "rtnl type" : "genl cmd",
					       rt ? RTM_NEWLINK + k : k,
					       ok ? "accepted" : "refused",
					       timing[rt][k][ok].n,
					       timing[rt][k][ok].us / 1000,
					       timing[rt][k][ok].us / (long long)timing[rt][k][ok].n);
}

/* ---- names and values -------------------------------------------------- */

/* if_nametoindex() without its socket per call: the VM pays for each. */
static int ioctl_fd = -1;

static uint32_t name_index(const char *name)
{
	struct ifreq ifr = {};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(ioctl_fd, SIOCGIFINDEX, &ifr))
		return 0;
	return ifr.ifr_ifindex;
}

static uint32_t lower_index(int i)
{
	return name_index(cfg.lower_names[i]);
}

/* A child of the shared pool; a never-used index when it does not exist. */
static uint32_t child_index(uint32_t k)
{
	char name[IFNAMSIZ];
	uint32_t idx;

	snprintf(name, sizeof(name), "nf%u", k);
	idx = name_index(name);
	return idx ?: 100000 + k;
}

/* Any ifindex, for genl: children, lowers, lo, edges, nonsense. */
static uint32_t any_index(void)
{
	uint32_t r = rnd(100), k = rnd(NAMES);

	if (r < 60)
		return child_index(k);
	if (r < 75)
		return lower_index(rnd(cfg.nlowers));
	if (r < 80)
		return 1;
	if (r < 90)
		return PICK(edge_u32);
	return 0x10000 + rnd(0x7fff0000);
}

/*
 * What a delete names: rarely a child that may exist. A deletion holds RTNL
 * for RCU grace periods, so does the creation that follows: they would
 * take the run's time (and the refusals are the point of most requests).
 */
static uint32_t del_index(void)
{
	uint32_t r = rnd(100), k = rnd(NAMES);

	if (r < 4)
		return child_index(k);
	if (r < 50)
		return 100000 + k;
	return any_index();
}

/* Only children (or none): rtnl must not change the lowers or lo. */
static uint32_t child_or_none(void)
{
	uint32_t k = rnd(NAMES);

	return chance(85) ? child_index(k) : 0x10000 + rnd(0x7fff0000);
}

static void some_mac(unsigned char mac[6])
{
	static const unsigned char odd[][6] = {
		{ 0 }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0x00, 0x5e, 0, 0, 1 }, { 0x33, 0x33, 0, 0, 0, 1 },
	};
	uint32_t r = rnd(100);

	if (r < 85) {		/* a small pool: collisions are the point */
		unsigned char m[6] = { 0x02, 0x6e, 0x66, 0, 0, rnd(24) };

		memcpy(mac, m, 6);
	} else if (r < 95) {
		memcpy(mac, odd[rnd(4)], 6);
	} else {
		uint64_t v = rnd64();

		memcpy(mac, &v, 6);
	}
}

static uint32_t some_mode(void)
{
	static const uint32_t modes[] = { 1, 2, 4, 8, 16 };

	return chance(85) ? PICK(modes) : some_u32();
}

static uint32_t some_flags(void)
{
	return chance(85) ? rnd(4) : some_u32();
}

static uint32_t some_netns_fd(void)
{
	if (cfg.nnetns && chance(75))
		return cfg.netns_fd[rnd(cfg.nnetns)];
	return chance(50) ? rnd(3) : some_u32();
}

/* ---- attribute streams --------------------------------------------------- */

/* A TLV stream built apart, mutated, then put into a request. */
struct tlv {
	char buf[NLMSG_REQ_SIZE - 256];
	int len;
};

static struct nlattr *tlv_put(struct tlv *t, uint16_t type, const void *data,
			      int len)
{
	struct nlattr *a = (void *)(t->buf + t->len);

	if (t->len + NLA_HDRLEN + NLA_ALIGN(len) > (int)sizeof(t->buf))
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	t->len += NLA_ALIGN(a->nla_len);
	return a;
}

static void tlv_u32(struct tlv *t, uint16_t type, uint32_t v)
{
	tlv_put(t, type, &v, sizeof(v));
}

static void tlv_u16(struct tlv *t, uint16_t type, uint16_t v)
{
	tlv_put(t, type, &v, sizeof(v));
}

static void tlv_str(struct tlv *t, uint16_t type, const char *s)
{
	tlv_put(t, type, s, strlen(s) + 1);
}

static void tlv_mac(struct tlv *t, uint16_t type)
{
	unsigned char mac[6];

	some_mac(mac);
	tlv_put(t, type, mac, 6);
}

static int tlv_nest_start(struct tlv *t, uint16_t type)
{
	int off = t->len;

	tlv_put(t, type | NLA_F_NESTED, NULL, 0);
	return off;
}

static void tlv_nest_end(struct tlv *t, int off)
{
	((struct nlattr *)(t->buf + off))->nla_len = t->len - off;
}

/* The offsets of the stream's top-level attributes (well-formed part). */
static int tlv_attrs(const struct tlv *t, int offs[], int max)
{
	int off = 0, n = 0;

	while (n < max && off + NLA_HDRLEN <= t->len) {
		const struct nlattr *a = (const void *)(t->buf + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > t->len)
			break;
		offs[n++] = off;
		off += NLA_ALIGN(a->nla_len);
	}
	return n;
}

/* Nested garbage, @depth levels deep at most. */
static void garbage(struct tlv *t, int depth)
{
	int i, n = 1 + rnd(4), off;

	for (i = 0; i < n && t->len < 4096; i++) {
		if (depth > 0 && chance(40)) {
			off = tlv_nest_start(t, rnd(32));
			garbage(t, depth - 1);
			tlv_nest_end(t, off);
			if (chance(20))	/* a nest that claims too much or too little */
				((struct nlattr *)(t->buf + off))->nla_len += rnd(9) - 4;
		} else {
			unsigned char b[24];
			int len = rnd(sizeof(b) + 1), j;

			for (j = 0; j < len; j++)
				b[j] = rnd64();
			tlv_put(t, rnd(40) | (chance(10) ? NLA_F_NESTED : 0), b, len);
		}
	}
}

/* One to three mutations of the stream. */
static void mutate_tlv(struct tlv *t)
{
	int offs[64], n, k = 1 + rnd(3);

	while (k--) {
		struct nlattr *a;

		n = tlv_attrs(t, offs, 64);
		a = n ? (void *)(t->buf + offs[rnd(n)]) : NULL;
		switch (rnd(9)) {
		case 0:		/* a flipped byte anywhere */
			if (t->len)
				t->buf[rnd(t->len)] ^= 1 << rnd(8);
			break;
		case 1:		/* another type */
			if (a)
				a->nla_type = chance(70) ? rnd(__MVLAN_A_MAX + 2) :
					      (uint16_t)rnd64();
			break;
		case 2:		/* another length: shorter, longer, absurd */
			if (a)
				a->nla_len = chance(50) ? rnd(a->nla_len + 9) :
					     (uint16_t)rnd64();
			break;
		case 3:		/* an attribute twice */
			if (a && t->len + NLA_ALIGN(a->nla_len) <= (int)sizeof(t->buf)) {
				memcpy(t->buf + t->len, a, NLA_ALIGN(a->nla_len));
				t->len += NLA_ALIGN(a->nla_len);
			}
			break;
		case 4:		/* one attribute dropped */
			if (a) {
				int len = NLA_ALIGN(a->nla_len);
				char *p = (char *)a;

				memmove(p, p + len, t->buf + t->len - p - len);
				t->len -= len;
			}
			break;
		case 5:		/* a random attribute */
		case 6:		/* nested garbage */
			garbage(t, rnd(3));
			break;
		case 7:		/* an unaligned tail */
			if (t->len + 4 <= (int)sizeof(t->buf))
				t->len += 1 + rnd(3);
			break;
		default:	/* the payload of one attribute scrambled */
			if (a && a->nla_len > NLA_HDRLEN) {
				char *p = (char *)a + NLA_HDRLEN;
				int j, len = a->nla_len - NLA_HDRLEN;

				for (j = 0; j < len; j++)
					if (chance(30))
						p[j] = rnd64();
			}
			break;
		}
	}
}

/* ---- genl requests ---------------------------------------------------- */

static void name_attr(struct tlv *t, int with_count)
{
	static const char * const odd[] = {
		"", ".", "..", "a/b", "a b", "nf%d", "%d", "nf%s", "%%",
		"nfnfnfnfnfnfnfnf", "nf-very-long-name", "\xff\xfe",
	};
	char name[IFNAMSIZ + 8];
	uint32_t r = rnd(100);

	if (r < 85)
		snprintf(name, sizeof(name), with_count ? "nf" : "nf%u", rnd(NAMES));
	else
		snprintf(name, sizeof(name), "%s", PICK(odd));
	if (chance(3))		/* not NUL-terminated */
		tlv_put(t, MVLAN_A_IFNAME, name, strlen(name));
	else
		tlv_str(t, MVLAN_A_IFNAME, name);
}

static void mac_list(struct tlv *t, uint16_t type)
{
	uint32_t n, i;
	int off;

	if (chance(1))		/* what a nest's u16 length holds, and past it */
		n = 5440 + rnd(40);
	else
		n = rnd(7);
	off = tlv_nest_start(t, type);
	for (i = 0; i < n; i++) {
		unsigned char mac[6] = { 0x02, 0x73, i >> 16, i >> 8, i, 0 };

		if (n < 100)
			some_mac(mac);
		tlv_put(t, MVLAN_A_MAC, mac, 6);
	}
	tlv_nest_end(t, off);
}

/* The attributes of a genl command; returns the NLM_F_ flags it wants. */
static uint16_t genl_attrs(struct tlv *t, uint8_t cmd, int on_self, uint32_t self)
{
	uint32_t count, i, n;
	int off;

	switch (cmd) {
	case MVLAN_CMD_DEV_GET:
		if (chance(30)) {
			if (chance(50))
				tlv_u32(t, MVLAN_A_LINK, lower_index(rnd(cfg.nlowers)));
			return NLM_F_DUMP;
		}
		tlv_u32(t, MVLAN_A_IFINDEX, on_self ? self : any_index());
		return 0;
	case MVLAN_CMD_DEV_NEW:
		count = 0;
		if (chance(15))
			count = chance(85) ? 1 + rnd(4) : some_u32();
		if (chance(95))
			tlv_u32(t, MVLAN_A_LINK, chance(85) ?
				lower_index(rnd(cfg.nlowers)) : any_index());
		if (count > 8) {
			/* a big batch fails before creating anything, cheaply */
			if (chance(50))
				tlv_str(t, MVLAN_A_IFNAME, "nfnfnfnfnfnfnf");
			else
				tlv_put(t, MVLAN_A_MAC, "\x02\x6e\x66\0\0\x01", 6);
		} else if (chance(97)) {	/* unnamed ones pile up: rare */
			name_attr(t, !!count);
		}
		if (count)
			tlv_u32(t, MVLAN_A_COUNT, count);
		if (chance(50))
			tlv_u32(t, MVLAN_A_MODE, some_mode());
		if (chance(20))
			tlv_u32(t, MVLAN_A_FLAGS, some_flags());
		if (chance(20) && count <= 8)
			tlv_mac(t, MVLAN_A_MAC);
		if (chance(15))
			tlv_u32(t, MVLAN_A_MTU, some_u32());
		if (chance(15))
			tlv_u32(t, MVLAN_A_BC_QUEUE_LEN, some_u32());
		if (chance(15))
			tlv_u32(t, MVLAN_A_BC_CUTOFF, some_u32());
		if (chance(20))
			tlv_u32(t, MVLAN_A_NETNS_FD, some_netns_fd());
		if (chance(15))		/* a source-mode child's first list */
			mac_list(t, MVLAN_A_SOURCE_MACS);
		return 0;
	case MVLAN_CMD_DEV_DEL:
		if (chance(70)) {
			tlv_u32(t, MVLAN_A_IFINDEX, del_index());
			return 0;
		}
		n = chance(97) ? rnd(5) : MVLAN_BATCH_MAX + rnd(2);
		off = tlv_nest_start(t, MVLAN_A_BATCH);
		for (i = 0; i < n; i++)
			tlv_u32(t, MVLAN_A_IFINDEX, n < 10 ? del_index() :
				0x10000 + i);
		tlv_nest_end(t, off);
		return 0;
	case MVLAN_CMD_DEV_SET:
		tlv_u32(t, MVLAN_A_IFINDEX, on_self ? self : any_index());
		if (chance(40))
			tlv_u32(t, MVLAN_A_MODE, some_mode());
		if (chance(30))
			tlv_u32(t, MVLAN_A_FLAGS, some_flags());
		if (chance(30))
			tlv_mac(t, MVLAN_A_MAC);
		if (chance(25))
			tlv_u32(t, MVLAN_A_BC_QUEUE_LEN, some_u32());
		if (chance(25))
			tlv_u32(t, MVLAN_A_BC_CUTOFF, some_u32());
		return 0;
	case MVLAN_CMD_SOURCE:
		tlv_u32(t, MVLAN_A_IFINDEX, on_self ? self : any_index());
		tlv_u32(t, MVLAN_A_SOURCE_OP, chance(90) ? 1 + rnd(4) : some_u32());
		if (chance(85))
			mac_list(t, MVLAN_A_SOURCE_MACS);
		return 0;
	case MVLAN_CMD_PORT_GET:
		if (chance(40))
			return NLM_F_DUMP;
		tlv_u32(t, MVLAN_A_LINK, chance(70) ?
			lower_index(rnd(cfg.nlowers)) : any_index());
		return 0;
	case MVLAN_CMD_SOURCE_GET:
		tlv_u32(t, MVLAN_A_IFINDEX, any_index());
		return NLM_F_DUMP;
	case MVLAN_CMD_PORT_SET:	/* host access on and off under traffic */
		if (chance(95))
			tlv_u32(t, MVLAN_A_LINK, chance(85) ?
				lower_index(rnd(cfg.nlowers)) : any_index());
		if (chance(90))
			tlv_put(t, MVLAN_A_PORT_HOST_ACCESS,
				(uint8_t[]){ chance(95) ? rnd(2) : some_u32() }, 1);
		return 0;
	default:		/* notifications, unknown commands */
		if (chance(50))
			tlv_u32(t, MVLAN_A_IFINDEX, any_index());
		return chance(30) ? NLM_F_DUMP : 0;
	}
}

/*
 * Weights: creating and deleting a device costs a thousand times what a
 * refused request does (RCU grace periods), so they are the rarer ones.
 */
static const uint8_t genl_cmds[] = {
	MVLAN_CMD_DEV_GET, MVLAN_CMD_DEV_GET, MVLAN_CMD_DEV_NEW,
	MVLAN_CMD_DEV_NEW, MVLAN_CMD_DEV_DEL, MVLAN_CMD_DEV_SET,
	MVLAN_CMD_DEV_SET, MVLAN_CMD_DEV_SET, MVLAN_CMD_SOURCE,
	MVLAN_CMD_SOURCE, MVLAN_CMD_SOURCE, MVLAN_CMD_PORT_GET,
	MVLAN_CMD_SOURCE_GET, MVLAN_CMD_PORT_SET,
};

/* Does the family (not the genl core) answer this command with these flags? */
static int genl_reaches_family(uint8_t cmd, uint16_t flags)
{
	if (flags & NLM_F_DUMP)
		return cmd == MVLAN_CMD_DEV_GET || cmd == MVLAN_CMD_PORT_GET ||
		       cmd == MVLAN_CMD_SOURCE_GET;
	return (cmd >= MVLAN_CMD_DEV_GET && cmd <= MVLAN_CMD_PORT_GET) ||
	       cmd == MVLAN_CMD_PORT_SET;
}

struct built {
	int reaches;		/* a refusal must carry a message */
};

static void build_genl(struct req *r, struct built *b, int on_self,
		       uint32_t self, uint8_t cmd)
{
	static struct tlv t;
	struct genlmsghdr *g;
	uint16_t flags;
	int mutate = chance(65);

	t.len = 0;
	if (!cmd)
		cmd = chance(97) ? PICK(genl_cmds) :
		      (chance(50) ? MVLAN_CMD_DEV_NEW_NTF + rnd(4) : rnd(256));
	flags = genl_attrs(&t, cmd, on_self, self);
	if (mutate)
		mutate_tlv(&t);
	req_start(r, genl_family, flags, GENL_HDRLEN);
	g = NLMSG_DATA(&r->nlh);
	g->cmd = cmd;
	g->version = MVLAN_FAMILY_VERSION;
	if (t.len > (int)sizeof(r->buf) - (int)r->nlh.nlmsg_len)
		t.len = sizeof(r->buf) - r->nlh.nlmsg_len;
	memcpy(r->buf + r->nlh.nlmsg_len, t.buf, t.len);
	r->nlh.nlmsg_len += t.len;
	if (mutate && !on_self && chance(25)) {
		switch (rnd(5)) {
		case 0:
			g->cmd = chance(50) ? PICK(genl_cmds) : rnd(256);
			break;
		case 1:
			g->version = rnd(256);
			break;
		case 2:
			g->reserved = rnd(0x10000);
			break;
		case 3:
			r->nlh.nlmsg_flags ^= PICK(((const uint16_t[]){
				NLM_F_DUMP, NLM_F_ROOT, NLM_F_ATOMIC, NLM_F_ECHO,
				NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, 0x8000 }));
			break;
		default:	/* truncated: nlmsg_len and datagram agree */
			r->nlh.nlmsg_len = NLMSG_HDRLEN + rnd(r->nlh.nlmsg_len -
							      NLMSG_HDRLEN);
			break;
		}
	}
	b->reaches = r->nlh.nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
		     genl_reaches_family(g->cmd, r->nlh.nlmsg_flags);
}

/* ---- rtnl requests -------------------------------------------------------- */

static const char *some_kind(void)
{
	return cfg.kinds > 1 && chance(50) ? "macvlan" : "mvlan";
}

/* IFLA_INFO_DATA of the kinds: a random set of IFLA_MACVLAN_*. */
static void ifla_data(struct tlv *t)
{
	int n = rnd(5), off;

	while (n--) {
		switch (rnd(9)) {
		case 0:
			tlv_u32(t, IFLA_MACVLAN_MODE, some_mode());
			break;
		case 1:
			tlv_u16(t, IFLA_MACVLAN_FLAGS, chance(85) ? rnd(4) : some_u32());
			break;
		case 2:
			tlv_u32(t, IFLA_MACVLAN_MACADDR_MODE,
				chance(85) ? rnd(4) : some_u32());
			break;
		case 3:
			tlv_mac(t, IFLA_MACVLAN_MACADDR);
			break;
		case 4:
			off = t->len;
			mac_list(t, IFLA_MACVLAN_MACADDR_DATA);
			/* the in-tree layout: MACADDR inside, no NESTED flag */
			((struct nlattr *)(t->buf + off))->nla_type =
				IFLA_MACVLAN_MACADDR_DATA;
			break;
		case 5:
			tlv_u32(t, IFLA_MACVLAN_MACADDR_COUNT, some_u32());
			break;
		case 6:
			tlv_u32(t, IFLA_MACVLAN_BC_QUEUE_LEN, some_u32());
			break;
		case 7:
			tlv_u32(t, IFLA_MACVLAN_BC_QUEUE_LEN_USED, some_u32());
			break;
		default:
			tlv_u32(t, MV_IFLA_BC_CUTOFF, some_u32());
			break;
		}
	}
	if (n == -1 && chance(30))	/* source mode with a list: the deep path */
		tlv_u32(t, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
}

static void put_linkinfo(struct req *r, const char *kind, struct tlv *data)
{
	struct nlattr *li = nest_start(r, IFLA_LINKINFO), *d;

	req_str(r, IFLA_INFO_KIND, kind);
	if (data) {
		d = nest_start(r, IFLA_INFO_DATA);
		if (data->len > (int)sizeof(r->buf) - (int)r->nlh.nlmsg_len - 64)
			data->len = sizeof(r->buf) - r->nlh.nlmsg_len - 64;
		memcpy(r->buf + r->nlh.nlmsg_len, data->buf, data->len);
		r->nlh.nlmsg_len += NLA_ALIGN(data->len);
		nest_end(r, d);
	}
	nest_end(r, li);
}

static void rt_name(struct req *r)
{
	char name[IFNAMSIZ];

	snprintf(name, sizeof(name), "nf%u", rnd(NAMES));
	if (chance(5))
		name[rnd(strlen(name))] ^= 1 << rnd(7);
	req_str(r, IFLA_IFNAME, name);
}

/*
 * Only the module's own payload (IFLA_INFO_DATA) is mutated: the top level
 * is the rtnetlink core's, and a mutated one could reach the lowers (an
 * ifindex, IFLA_GROUP). The top level varies within safe choices.
 */
static void build_rtnl(struct req *r, struct built *b, int on_self,
		       uint32_t self)
{
	static struct tlv t;
	struct ifinfomsg *ifm;
	uint32_t what = on_self ? 50 : rnd(100);
	int with_data = 1;
	unsigned char mac[6];

	t.len = 0;
	ifla_data(&t);
	if (chance(65))
		mutate_tlv(&t);
	if (what < 40) {		/* create */
		uint16_t f = NLM_F_CREATE | (chance(80) ? NLM_F_EXCL : 0);

		req_start(r, RTM_NEWLINK, f, sizeof(*ifm));
		if (chance(97))
			rt_name(r);
		if (chance(95))
			req_u32(r, IFLA_LINK, chance(90) ?
				lower_index(rnd(cfg.nlowers)) : child_or_none());
		if (chance(15)) {
			some_mac(mac);
			req_put(r, IFLA_ADDRESS, mac, chance(90) ? 6 : rnd(7));
		}
		if (chance(10))
			req_u32(r, IFLA_MTU, some_u32());
		if (chance(10))
			req_u32(r, IFLA_NET_NS_FD, some_netns_fd());
		with_data = chance(90);
	} else if (what < 70) {		/* change, by ifindex or name */
		req_start(r, RTM_NEWLINK, 0, sizeof(*ifm));
		ifm = NLMSG_DATA(&r->nlh);
		if (on_self || chance(80))
			ifm->ifi_index = on_self ? self : child_or_none();
		else
			rt_name(r);
	} else if (what < 80) {		/* setlink: the core's attributes */
		req_start(r, RTM_SETLINK, 0, sizeof(*ifm));
		ifm = NLMSG_DATA(&r->nlh);
		ifm->ifi_index = child_or_none();
		if (chance(30))
			req_u32(r, IFLA_MTU, some_u32());
		if (chance(30)) {
			some_mac(mac);
			req_put(r, IFLA_ADDRESS, mac, 6);
		}
		if (chance(20))
			rt_name(r);
		if (chance(3))		/* a move: grace periods under RTNL */
			req_u32(r, IFLA_NET_NS_FD, some_netns_fd());
		if (chance(5)) {	/* down: a grace period */
			ifm->ifi_change = IFF_UP;
			ifm->ifi_flags = chance(50) ? IFF_UP : 0;
		}
		with_data = chance(40);
	} else if (what < 90) {		/* delete: rarely one that exists */
		req_start(r, RTM_DELLINK, 0, sizeof(*ifm));
		ifm = NLMSG_DATA(&r->nlh);
		if (chance(70))
			ifm->ifi_index = chance(5) ? child_or_none() :
					 0x10000 + rnd(0x7fff0000);
		else if (chance(5))
			rt_name(r);
		else
			req_str(r, IFLA_IFNAME, "nfx");
		with_data = chance(20);
	} else {			/* get: fill_info with its source list */
		req_start(r, RTM_GETLINK, 0, sizeof(*ifm));
		ifm = NLMSG_DATA(&r->nlh);
		ifm->ifi_index = child_or_none();
		if (chance(10)) {
			r->nlh.nlmsg_flags |= NLM_F_DUMP;
			ifm->ifi_index = 0;
		}
		with_data = 0;
	}
	ifm = NLMSG_DATA(&r->nlh);
	ifm->ifi_family = AF_UNSPEC;
	if (with_data || r->nlh.nlmsg_type == RTM_GETLINK)
		put_linkinfo(r, some_kind(), with_data ? &t : NULL);
	/* see account(): rtnetlink's own refusals are told apart by errno */
	b->reaches = 2;
}

/* ---- talking ----------------------------------------------------------- */

static int fd_genl, fd_rtnl;

/*
 * Sends @n requests in one datagram and collects an answer for each
 * (matched by sequence number). Returns how many got none.
 */
static int exchange(int fd, struct req *rs[], struct answer ans[], int n)
{
	if (cfg.dry) {
		for (int i = 0; i < n; i++) {
			memset(&ans[i], 0, sizeof(ans[i]));
			snprintf(ans[i].msg, sizeof(ans[i].msg), "dry run");
			ans[i].err = -EINVAL;
		}
		return 0;
	}
	static char out[NLMSG_REQ_SIZE * 2];
	/* a child with 8192 source MACs fills one message of ~100 KiB */
	static char buf[512 * 1024];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	static uint32_t seq;
	int i, len = 0, left = n, got;
	uint32_t first;

	first = seq + 1;
	for (i = 0; i < n; i++) {
		rs[i]->nlh.nlmsg_seq = ++seq;
		memset(&ans[i], 0, sizeof(ans[i]));
		ans[i].hdrlen = rs[i]->hdrlen;
		ans[i].err = 1;
		if (len + (int)NLMSG_ALIGN(rs[i]->nlh.nlmsg_len) > (int)sizeof(out))
			break;
		memcpy(out + len, rs[i]->buf, rs[i]->nlh.nlmsg_len);
		len += NLMSG_ALIGN(rs[i]->nlh.nlmsg_len);
	}
	if (send(fd, out, len, 0) < 0) {
		for (i = 0; i < n; i++)
			ans[i].err = -errno;
		return 0;
	}
	/* The answers are mostly queued when send() returns: poll only if not. */
	while (left > 0) {
		struct nlmsghdr *nh = (void *)buf;

		got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (got < 0 && errno == EAGAIN) {
			if (poll(&pfd, 1, ANSWER_MS) != 1)
				break;
			continue;
		}
		if (got < 0) {
			if (errno == ENOBUFS)
				continue;
			break;
		}
		for (; NLMSG_OK(nh, got); nh = NLMSG_NEXT(nh, got)) {
			i = nh->nlmsg_seq - first;
			if (i < 0 || i >= n || ans[i].err != 1)
				continue;
			if (take(&ans[i], nh))
				left--;
		}
	}
	return left;
}

static int is_trace(void)
{
	return msg_index >= cfg.trace_from && msg_index <= cfg.trace_to;
}

/*
 * rtnetlink refuses these itself, without a message, on 6.1 and 6.12: an
 * unknown device (ENODEV), a name taken (EEXIST), a kind that is not the
 * device's (EOPNOTSUPP), a bad namespace fd (EBADF, EINVAL), a short
 * IFLA_ADDRESS (EINVAL), renaming a device that is up (EBUSY, 6.1).
 * Anything else without words came from the kind's code (newlink,
 * changelink, the ndo callbacks) and is a finding.
 */
static int rtnl_core_refusal(int type, int err)
{
	(void)type;
	return err == ENODEV || err == EEXIST || err == EOPNOTSUPP ||
	       err == EBADF || err == EINVAL || err == EBUSY;
}

static const struct built reached = { .reaches = 1 };

/* Counts one answer; a refusal without words where words are due is a finding. */
static void account(struct req *r, const struct built *b, struct answer *a)
{
	if (is_trace()) {
		printf("# nlfuzz: request %lu: errno %d \"%s\":", msg_index,
		       a->err == 1 ? 0 : -a->err, a->msg);
		hexdump(r->buf, r->nlh.nlmsg_len);
	}
	if (a->err == 1) {
		unanswered++;
		finding(&r->nlh, "no answer in %d ms", ANSWER_MS);
		return;
	}
	if (!a->err) {
		accepted++;
		return;
	}
	refused++;
	by_errno[-a->err < 256 && -a->err > 0 ? -a->err : 0]++;
	if (a->msg[0])
		return;
	if (b->reaches == 2 && !rtnl_core_refusal(r->nlh.nlmsg_type, -a->err))
		b = &reached;
	if (!b->reaches || b->reaches == 2) {
		core_noext++;
		if (r->nlh.nlmsg_type >= RTM_NEWLINK &&
		    r->nlh.nlmsg_type <= RTM_SETLINK && -a->err < 256 &&
		    !rt_noext[r->nlh.nlmsg_type - RTM_NEWLINK][-a->err]++ &&
		    !cfg.quiet) {
			printf("# nlfuzz: request %lu, the first rtnl refusal %s without message:",
			       msg_index, strerrorname_np(-a->err) ?: "?");
			hexdump(r->buf, r->nlh.nlmsg_len);
		}
		return;
	}
	finding(&r->nlh, "refused with errno %d (%s) and no extack message",
		-a->err, strerror(-a->err));
}

/* ---- probes: a refused request changes nothing ------------------------- */

struct snap {
	char dev[1024];
	int dev_len;
	uint64_t sources;	/* a sum over the source list */
	int nsources;
};

static int self_index(void)
{
	char name[IFNAMSIZ];

	snprintf(name, sizeof(name), "nh%d", cfg.id);
	return name_index(name);
}

static void genl_req(struct req *r, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	req_start(r, genl_family, flags, GENL_HDRLEN);
	g = NLMSG_DATA(&r->nlh);
	g->cmd = cmd;
	g->version = MVLAN_FAMILY_VERSION;
}

/* The probe child, in mode source with two MACs, on the first lower. */
static int self_ensure(void)
{
	static const unsigned char a[6] = { 0x02, 0x70, 0, 0, 0, 1 };
	static const unsigned char c[6] = { 0x02, 0x70, 0, 0, 0, 2 };
	static struct req r;
	struct req *rs[1] = { &r };
	char name[IFNAMSIZ];
	struct answer ans;
	struct nlattr *l;
	int idx = self_index();

	if (idx || cfg.dry)
		return idx;
	snprintf(name, sizeof(name), "nh%d", cfg.id);
	genl_req(&r, MVLAN_CMD_DEV_NEW, 0);
	req_str(&r, MVLAN_A_IFNAME, name);
	req_u32(&r, MVLAN_A_LINK, lower_index(0));
	req_u32(&r, MVLAN_A_MODE, MVLAN_MODE_SOURCE);
	exchange(fd_genl, rs, &ans, 1);
	genl_req(&r, MVLAN_CMD_SOURCE, 0);
	req_u32(&r, MVLAN_A_IFINDEX, self_index());
	req_u32(&r, MVLAN_A_SOURCE_OP, MVLAN_SOURCE_SET);
	l = nest_start(&r, MVLAN_A_SOURCE_MACS);
	req_put(&r, MVLAN_A_MAC, a, 6);
	req_put(&r, MVLAN_A_MAC, c, 6);
	nest_end(&r, l);
	exchange(fd_genl, rs, &ans, 1);
	return self_index();
}

/* What a request may change: not the counters, carrier, MTU or netns ids. */
static const int snap_attrs[] = {
	MVLAN_A_IFINDEX, MVLAN_A_IFNAME, MVLAN_A_LINK, MVLAN_A_MODE,
	MVLAN_A_FLAGS, MVLAN_A_MAC, MVLAN_A_BC_QUEUE_LEN, MVLAN_A_SOURCE_COUNT,
};

static int snapshot(uint32_t idx, struct snap *s)
{
	static char buf[1 << 16];
	static struct req r;
	struct req *rs[1] = { &r };
	struct pollfd pfd = { .fd = fd_genl, .events = POLLIN };
	struct answer ans;
	size_t i;
	int n, done = 0;

	memset(s, 0, sizeof(*s));
	genl_req(&r, MVLAN_CMD_DEV_GET, 0);
	req_u32(&r, MVLAN_A_IFINDEX, idx);
	if (exchange(fd_genl, rs, &ans, 1) || ans.err || !ans.replies)
		return -1;
	for (i = 0; i < sizeof(snap_attrs) / sizeof(snap_attrs[0]); i++) {
		const struct nlattr *a = attr_find(ans.first, ans.first_len,
						   snap_attrs[i]);

		if (a && s->dev_len + NLA_ALIGN(a->nla_len) <= (int)sizeof(s->dev)) {
			memcpy(s->dev + s->dev_len, a, a->nla_len);
			s->dev_len += NLA_ALIGN(a->nla_len);
		}
	}
	/* the source list, every page of the dump */
	genl_req(&r, MVLAN_CMD_SOURCE_GET, NLM_F_DUMP);
	req_u32(&r, MVLAN_A_IFINDEX, idx);
	r.nlh.nlmsg_seq = 0x7fffffff;
	if (send(fd_genl, r.buf, r.nlh.nlmsg_len, 0) < 0)
		return -1;
	while (!done && poll(&pfd, 1, ANSWER_MS) == 1) {
		struct nlmsghdr *nh = (void *)buf;

		n = recv(fd_genl, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		for (; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			const char *p = (const char *)NLMSG_DATA(nh) + GENL_HDRLEN;
			int rem = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
			const struct nlattr *l, *m;

			if (nh->nlmsg_seq != 0x7fffffff)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE ||
			    nh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			l = attr_find(p, rem, MVLAN_A_SOURCE_MACS);
			if (!l)
				continue;
			m = attr_data(l);
			rem = l->nla_len - NLA_HDRLEN;
			while (rem >= NLA_HDRLEN && m->nla_len >= NLA_HDRLEN &&
			       m->nla_len <= rem) {
				uint64_t v = 0;

				memcpy(&v, attr_data(m), 6);
				s->sources += v * 0x9e3779b97f4a7c15ULL;
				s->nsources++;
				rem -= NLA_ALIGN(m->nla_len);
				m = (const void *)((const char *)m + NLA_ALIGN(m->nla_len));
			}
		}
	}
	return done ? 0 : -1;
}

static void probe(void)
{
	static struct req r;
	struct req *rs[1] = { &r };
	struct snap before, after;
	struct answer ans;
	struct built b;
	uint32_t kind = rnd(4);
	int idx = self_ensure();

	if (kind == 3)
		build_rtnl(&r, &b, 1, idx);
	else
		build_genl(&r, &b, 1, idx, kind == 0 ? MVLAN_CMD_DEV_SET :
			   MVLAN_CMD_SOURCE);
	if (!idx || snapshot(idx, &before))
		return;
	probes++;
	sent++;
	exchange(kind == 3 ? fd_rtnl : fd_genl, rs, &ans, 1);
	account(&r, &b, &ans);
	if (ans.err >= 0 || snapshot(idx, &after))
		return;
	if (before.dev_len != after.dev_len ||
	    memcmp(before.dev, after.dev, before.dev_len) ||
	    before.nsources != after.nsources || before.sources != after.sources)
		finding(&r.nlh, "refused (errno %d, \"%s\") but changed nh%d: %d->%d source MACs",
			-ans.err, ans.msg, cfg.id, before.nsources, after.nsources);
}

/* ---- setup ----------------------------------------------------------------- */

static int resolve_family(void)
{
	static struct req r;
	struct req *rs[1] = { &r };
	const struct nlattr *id;
	struct answer ans;
	struct genlmsghdr *g;

	req_start(&r, GENL_ID_CTRL, 0, GENL_HDRLEN);
	g = NLMSG_DATA(&r.nlh);
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 2;
	req_str(&r, CTRL_ATTR_FAMILY_NAME, MVLAN_FAMILY_NAME);
	if (exchange(fd_genl, rs, &ans, 1) || ans.err || !ans.replies)
		return -1;
	id = attr_find(ans.first, ans.first_len, CTRL_ATTR_FAMILY_ID);
	return id ? *(const __u16 *)attr_data(id) : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: nlfuzz.bin --seed N --budget N --lower DEV[,DEV...]\n"
		"\t[--kinds mvlan[,macvlan]] [--netns PATH]... [--id N]\n"
		"\t[--probe-every N] [--trace FROM-TO] [--quiet] [--dry-run]\n");
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "budget", required_argument, NULL, 'n' },
		{ "lower", required_argument, NULL, 'l' },
		{ "kinds", required_argument, NULL, 'k' },
		{ "netns", required_argument, NULL, 'N' },
		{ "id", required_argument, NULL, 'i' },
		{ "probe-every", required_argument, NULL, 'p' },
		{ "trace", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	char *tok, *save = NULL;
	int c, fd;

	while ((c = getopt_long(argc, argv, "s:n:l:k:N:i:p:t:qd", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			cfg.seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			cfg.budget = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			for (tok = strtok_r(optarg, ",", &save); tok && cfg.nlowers < MAX_LOWERS;
			     tok = strtok_r(NULL, ",", &save))
				cfg.lower_names[cfg.nlowers++] = tok;
			break;
		case 'k':
			cfg.kinds = strstr(optarg, "macvlan") ? 2 : 1;
			break;
		case 'N':
			fd = open(optarg, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || cfg.nnetns == MAX_NETNS) {
				perror(optarg);
				exit(2);
			}
			cfg.netns_fd[cfg.nnetns++] = fd;
			break;
		case 'i':
			cfg.id = atoi(optarg);
			break;
		case 'p':
			cfg.probe_every = strtoul(optarg, NULL, 0);
			break;
		case 't':
			if (sscanf(optarg, "%lu-%lu", &cfg.trace_from, &cfg.trace_to) != 2)
				usage();
			break;
		case 'q':
			cfg.quiet = 1;
			break;
		case 'd':
			cfg.dry = 1;
			break;
		default:
			usage();
		}
	}
	if (!cfg.budget || !cfg.nlowers)
		usage();
}

int main(int argc, char **argv)
{
	static struct req reqs[MAX_PACK];
	struct req *rs[MAX_PACK];
	struct answer ans[MAX_PACK];
	struct built b[MAX_PACK];
	int i, n, rcvbuf = 1 << 20;
	time_t t0 = time(NULL);
	unsigned long next_probe = cfg.probe_every;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	rng_state = cfg.seed;
	for (i = 0; i < cfg.nlowers; i++) {
		if (!lower_index(i)) {
			fprintf(stderr, "nlfuzz: no lower %s\n", cfg.lower_names[i]);
			return 2;
		}
	}
	if (cfg.dry) {
		fd_genl = fd_rtnl = -1;
		genl_family = 0x7fff;
		goto run;
	}
	fd_genl = nl_open_proto(NETLINK_GENERIC);
	fd_rtnl = nl_open_proto(NETLINK_ROUTE);
	if (fd_genl < 0 || fd_rtnl < 0) {
		perror("nlfuzz: netlink socket");
		return 2;
	}
	setsockopt(fd_genl, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd_rtnl, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	genl_family = resolve_family();
	if (genl_family < 0) {
		fprintf(stderr, "nlfuzz: no genl family %s\n", MVLAN_FAMILY_NAME);
		return 2;
	}
run:
	printf("# nlfuzz: id %d seed %" PRIu64 " budget %lu lowers %d kinds %s (replay: --seed %" PRIu64 " --trace FROM-TO)\n",
	       cfg.id, cfg.seed, cfg.budget, cfg.nlowers,
	       cfg.kinds > 1 ? "mvlan,macvlan" : "mvlan", cfg.seed);

	while (sent < cfg.budget) {
		unsigned long base = msg_index + 1;
		int rtnl = chance(30), dumps = 0, len = 0;
		struct timespec ts0, ts1;

		if (cfg.probe_every && base >= next_probe) {
			next_probe += cfg.probe_every;
			msg_index = base;
			probe();
			continue;
		}
		/*
		 * Mostly several requests of one protocol in one datagram: the
		 * kernel takes them in order, answers each; and a syscall is dear
		 * in the VM. Up to 64 KiB, the socket's send buffer being more.
		 */
		n = chance(20) ? 1 : 2 + rnd(MAX_PACK - 1);
		if ((unsigned long)n > cfg.budget - sent)
			n = cfg.budget - sent;
		for (i = 0; i < n; i++) {
			msg_index = base + i;
			rs[i] = &reqs[i];
			if (rtnl)
				build_rtnl(rs[i], &b[i], 0, 0);
			else
				build_genl(rs[i], &b[i], 0, 0, 0);
			/* a second dump while one runs: the core's EBUSY */
			if (dumps && (rs[i]->nlh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
				b[i].reaches = 0;
			dumps += (rs[i]->nlh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
			len += NLMSG_ALIGN(rs[i]->nlh.nlmsg_len);
			if (len > 65536)
				n = i + 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts0);
		exchange(rtnl ? fd_rtnl : fd_genl, rs, ans, n);
		clock_gettime(CLOCK_MONOTONIC, &ts1);
		for (i = 0; i < n; i++) {
			msg_index = base + i;
			account(rs[i], &b[i], &ans[i]);
		}
		time_of(rs[0], !ans[0].err, (ts1.tv_sec - ts0.tv_sec) * 1000000LL +
			(ts1.tv_nsec - ts0.tv_nsec) / 1000);
		sent += n;
		if (!cfg.quiet && sent / 10000 != (sent - n) / 10000)
			printf("# nlfuzz: id %d: %lu sent\n", cfg.id, sent);
	}

	printf("# nlfuzz: id %d seed %" PRIu64 ": %lu sent, %lu accepted, %lu refused (",
	       cfg.id, cfg.seed, sent, accepted, refused);
	for (n = 0, i = 0; i < 256; i++)
		if (by_errno[i])
			printf("%s%s %lu", n++ ? ", " : "",
			       i ? strerrorname_np(i) ?: "?" : "errno>255",
			       by_errno[i]);
	printf("), %lu unanswered, %lu probes, %lu core refusals without message, %lu findings, %lds\n",
	       unanswered, probes, core_noext, findings, (long)(time(NULL) - t0));
	if (!cfg.quiet)
		print_timing();
	for (n = 0; n < 4; n++)
		for (i = 0; i < 256; i++)
			if (rt_noext[n][i])
				printf("# nlfuzz: id %d: rtnl type %d refused %s without message: %lu\n",
				       cfg.id, RTM_NEWLINK + n, strerrorname_np(i) ?: "?",
				       rt_noext[n][i]);
	return findings ? 1 : 0;
}
