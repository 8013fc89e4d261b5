// SPDX-License-Identifier: GPL-2.0
/*
 * Device commands: DEV_GET (do and dump), DEV_NEW (one child or a batch,
 * all or nothing), DEV_DEL (one or a batch), DEV_SET and SOURCE. Each parses
 * and checks its request, then calls the child core under RTNL.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "genl.h"

/* ------------------------------------------------------------------------ */
/* Checks the policies cannot express                                       */

static int check_mac(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	const u8 *mac = nla_data(attr);

	if (is_zero_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "MAC 00:00:00:00:00:00 is all-zero");
		return -EADDRNOTAVAIL;
	}
	if (is_multicast_ether_addr(mac)) {
		mvlan_extack_fmt_attr(extack, attr,
				      "MAC %pM is multicast, a device needs a unicast one",
				      mac);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int check_mode(const struct nlattr *attr,
		      struct netlink_ext_ack *extack)
{
	u32 mode = nla_get_u32(attr);

	switch (mode) {
	case MVLAN_MODE_PRIVATE:
	case MVLAN_MODE_VEPA:
	case MVLAN_MODE_BRIDGE:
	case MVLAN_MODE_PASSTHRU:
	case MVLAN_MODE_SOURCE:
		return 0;
	}
	mvlan_extack_fmt_attr(extack, attr,
			      "MODE %u is not 1 private, 2 vepa, 4 bridge, 8 passthru or 16 source",
			      mode);
	return -EINVAL;
}

/* ------------------------------------------------------------------------ */
/* DEV_GET                                                                  */

int mvlan_genl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct sk_buff *reply;
	int err;

	if (mvlan_genl_require(info, MVLAN_A_IFINDEX))
		return -EINVAL;

	rtnl_lock();
	dev = mvlan_genl_lookup_child(net, info->attrs[MVLAN_A_IFINDEX],
				      info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto unlock;
	}
	reply = genlmsg_new(mvlan_genl_dev_size(), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto unlock;
	}
	err = mvlan_genl_fill_dev(reply, dev, net, MVLAN_CMD_DEV_GET,
				  info->snd_portid, info->snd_seq, 0, 0, NULL);
	rtnl_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
unlock:
	rtnl_unlock();
	return err;
}

/* Children whose lower or who themselves are in the caller's namespace. */
int mvlan_genl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = mvlan_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *filter = NULL;
	long skip = cb->args[0], idx = 0;
	struct mvlan_port *port;
	struct mvlan_child *vlan;
	int err = 0;

	if (attrs[MVLAN_A_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MVLAN_A_IFINDEX],
				    "IFINDEX names one device: send it without NLM_F_DUMP");
		return -EINVAL;
	}

	rtnl_lock();
	if (attrs[MVLAN_A_LINK]) {
		filter = mvlan_genl_lookup_lower(net, attrs[MVLAN_A_LINK],
						 cb->extack);
		if (IS_ERR(filter)) {
			err = PTR_ERR(filter);
			goto out;
		}
	}
	cb->seq = mvlan_genl_dump_gen;
	mvlan_for_each_port(port) {
		bool lower_here = net_eq(dev_net(port->lower), net);

		if (filter && port->lower != filter)
			continue;
		mvlan_port_for_each_child(port, vlan) {
			if (!lower_here && !net_eq(dev_net(vlan->dev), net))
				continue;
			if (idx < skip) {
				idx++;
				continue;
			}
			err = mvlan_genl_fill_dev(skb, vlan->dev, net,
						  MVLAN_CMD_DEV_GET,
						  NETLINK_CB(cb->skb).portid,
						  cb->nlh->nlmsg_seq,
						  NLM_F_MULTI, 0, cb);
			if (err)
				goto out;
			idx++;
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = idx;
	/* A full skb ends this round; an empty one means the entry is too big. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* ------------------------------------------------------------------------ */
/* DEV_NEW                                                                  */

/* With COUNT (even 1), IFNAME is a prefix: the names are IFNAME0, IFNAME1 ... */
static int check_names(struct genl_info *info, const char *prefix, u32 count)
{
	struct nlattr *attr = info->attrs[MVLAN_A_IFNAME];
	char name[IFNAMSIZ + 16];
	const char *pct;

	if (!info->attrs[MVLAN_A_COUNT]) {
		if (!dev_valid_name(prefix)) {
			mvlan_extack_fmt_attr(info->extack, attr,
					      "IFNAME \"%s\" is not a valid device name",
					      prefix);
			return -EINVAL;
		}
		/* register_netdevice() refuses any other '%', without words. */
		pct = strchr(prefix, '%');
		if (pct && (pct[1] != 'd' || strchr(pct + 2, '%'))) {
			mvlan_extack_fmt_attr(info->extack, attr,
					      "IFNAME \"%s\": a name pattern holds one %%d and no other %%",
					      prefix);
			return -EINVAL;
		}
		return 0;
	}
	if (strchr(prefix, '%')) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "with COUNT, IFNAME is a plain prefix: the kernel appends 0, 1, ...");
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%s%u", prefix, count - 1);
	if (strlen(name) >= IFNAMSIZ) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "name %s for COUNT %u is longer than %d characters",
				      name, count, IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (!dev_valid_name(name)) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "IFNAME prefix \"%s\" does not give valid device names",
				      prefix);
		return -EINVAL;
	}
	return 0;
}

/*
 * The MACs of a SOURCE_MACS nest, checked and copied into a kvmalloc'd array
 * (*@macsp, NULL when the list is empty). @allow_empty: an empty nest is a
 * request (SOURCE SET clears the list) rather than a mistake.
 */
static int parse_mac_list(struct genl_info *info, const struct nlattr *list,
			  bool allow_empty, u8 (**macsp)[ETH_ALEN],
			  unsigned int *np)
{
	u8 (*macs)[ETH_ALEN];
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem, err;

	*macsp = NULL;
	*np = 0;
	nla_for_each_nested(attr, list, rem)
		n++;
	if (!n && !allow_empty) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "SOURCE_MACS holds no MAC");
		return -EINVAL;
	}
	if (n > MVLAN_SOURCES_MAX) {
		mvlan_extack_fmt_attr(info->extack, list,
				      "SOURCE_MACS holds %u MACs, a child may have at most %u",
				      n, MVLAN_SOURCES_MAX);
		return -E2BIG;
	}
	if (!n)
		return 0;
	macs = kvmalloc_array(n, ETH_ALEN, GFP_KERNEL);
	if (!macs)
		return -ENOMEM;
	n = 0;
	nla_for_each_nested(attr, list, rem) {
		err = check_mac(attr, info->extack);
		if (err) {
			kvfree(macs);
			return err;
		}
		memcpy(macs[n++], nla_data(attr), ETH_ALEN);
	}
	*macsp = macs;
	*np = n;
	return 0;
}

static int parse_create_args(struct genl_info *info,
			     struct mvlan_create_args *args, u32 count)
{
	struct nlattr **attrs = info->attrs;
	int err;

	if (attrs[MVLAN_A_MAC]) {
		if (count > 1) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[MVLAN_A_MAC],
					    "MAC cannot be given with COUNT above 1: the devices would share it");
			return -EINVAL;
		}
		err = check_mac(attrs[MVLAN_A_MAC], info->extack);
		if (err)
			return err;
		args->cfg.mac = nla_data(attrs[MVLAN_A_MAC]);
	}
	if (attrs[MVLAN_A_MODE]) {
		err = check_mode(attrs[MVLAN_A_MODE], info->extack);
		if (err)
			return err;
		args->cfg.mode = nla_get_u32(attrs[MVLAN_A_MODE]);
	}
	if (attrs[MVLAN_A_FLAGS])
		args->cfg.flags = nla_get_u32(attrs[MVLAN_A_FLAGS]);
	if (attrs[MVLAN_A_TAP])
		args->fe = &mvlan_tap_frontend;
	if (attrs[MVLAN_A_MTU])
		args->cfg.mtu = nla_get_u32(attrs[MVLAN_A_MTU]);
	if (attrs[MVLAN_A_BC_QUEUE_LEN]) {
		args->cfg.bc_queue_len = nla_get_u32(attrs[MVLAN_A_BC_QUEUE_LEN]);
		args->cfg.has_bc_queue_len = true;
	}
	/* BC_CUTOFF is port-wide: dev_new_doit() sets it once all exist. */
	if (attrs[MVLAN_A_SOURCE_MACS]) {
		u8 (*macs)[ETH_ALEN];
		unsigned int n;

		err = parse_mac_list(info, attrs[MVLAN_A_SOURCE_MACS], false,
				     &macs, &n);
		if (err)
			return err;
		/* The core checks the mode; dev_new_doit() frees the list. */
		args->cfg.sources = (const u8 (*)[ETH_ALEN])macs;
		args->cfg.nsources = n;
	}
	return 0;
}

/*
 * Root of a user namespace may hold RTNL for a bounded time only: without
 * CAP_NET_ADMIN in the initial user namespace, a request creates or
 * deletes at most MVLAN_BATCH_MAX_USERNS children.
 */
static int check_batch_userns(struct sk_buff *skb, struct genl_info *info,
			      const struct nlattr *attr, u32 n,
			      const char *verb)
{
	if (n <= MVLAN_BATCH_MAX_USERNS || netlink_capable(skb, CAP_NET_ADMIN))
		return 0;
	mvlan_extack_fmt_attr(info->extack, attr,
			      "%u devices: a request from a user namespace may %s at most %u",
			      n, verb, MVLAN_BATCH_MAX_USERNS);
	return -EPERM;
}

/* The namespace for the new children, referenced; the caller's by default. */
static struct net *target_net(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MVLAN_A_NETNS_FD];
	struct net *net;

	if (!attr)
		return get_net(genl_info_net(info));
	net = get_net_ns_by_fd(nla_get_u32(attr));
	if (IS_ERR(net)) {
		mvlan_extack_fmt_attr(info->extack, attr,
				      "NETNS_FD %u is not a network namespace",
				      nla_get_u32(attr));
		return net;
	}
	if (!netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "CAP_NET_ADMIN over the target namespace is required");
		put_net(net);
		return ERR_PTR(-EPERM);
	}
	return net;
}

int mvlan_genl_dev_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_create_args args = {};
	struct nlattr **attrs = info->attrs;
	struct net *net = genl_info_net(info);
	struct net_device *one, **devs = &one;
	const char *prefix = NULL;
	struct mvlan_child *vlan;
	struct sk_buff *reply;
	char name[IFNAMSIZ];
	LIST_HEAD(kill);
	u32 count = 1, i;
	int err;

	if (mvlan_genl_require(info, MVLAN_A_LINK))
		return -EINVAL;
	if (attrs[MVLAN_A_COUNT]) {
		count = nla_get_u32(attrs[MVLAN_A_COUNT]);
		err = check_batch_userns(skb, info, attrs[MVLAN_A_COUNT], count,
					 "create");
		if (err)
			return err;
	}
	if (attrs[MVLAN_A_IFNAME]) {
		prefix = nla_data(attrs[MVLAN_A_IFNAME]);
		err = check_names(info, prefix, count);
		if (err)
			return err;
	}
	err = parse_create_args(info, &args, count);
	if (err)
		return err;

	args.net = target_net(skb, info);
	if (IS_ERR(args.net)) {
		err = PTR_ERR(args.net);
		goto free_sources;
	}
	err = -ENOMEM;
	reply = genlmsg_new(mvlan_genl_dev_size(), GFP_KERNEL);
	if (!reply)
		goto put_net;
	if (count > 1) {
		devs = kvcalloc(count, sizeof(*devs), GFP_KERNEL_ACCOUNT);
		if (!devs)
			goto free_reply;
	}

	rtnl_lock();
	args.cfg.lower = mvlan_genl_lookup_lower(net, attrs[MVLAN_A_LINK],
						 info->extack);
	if (IS_ERR(args.cfg.lower)) {
		err = PTR_ERR(args.cfg.lower);
		i = 0;
		goto undo;
	}
	args.name = prefix;
	for (i = 0; i < count; i++) {
		if (prefix && attrs[MVLAN_A_COUNT]) {
			snprintf(name, sizeof(name), "%s%u", prefix, i);
			args.name = name;
		}
		err = mvlan_create(&args, &devs[i], info->extack);
		if (err) {
			if (count > 1 && info->extack && !info->extack->_msg)
				mvlan_extack_fmt(info->extack,
						 "creating device %u of %u failed, none was kept",
						 i + 1, count);
			goto undo;
		}
	}
	/*
	 * Set once every child exists: a batch that fails halfway then leaves
	 * the port's cutoff as it found it.
	 */
	if (attrs[MVLAN_A_BC_CUTOFF]) {
		vlan = netdev_priv(devs[0]);
		mvlan_port_set_bc_cutoff(vlan->port,
					 nla_get_s32(attrs[MVLAN_A_BC_CUTOFF]));
	}
	err = mvlan_genl_fill_dev(reply, devs[0], net, MVLAN_CMD_DEV_NEW,
				  info->snd_portid, info->snd_seq, 0,
				  count > 1 ? count : 0, NULL);
	if (err)
		goto undo;
	rtnl_unlock();
	if (devs != &one)
		kvfree(devs);
	put_net(args.net);
	kvfree(args.cfg.sources);
	return genlmsg_reply(reply, info);

undo:
	while (i--)
		mvlan_delete(devs[i], &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	if (devs != &one)
		kvfree(devs);
free_reply:
	nlmsg_free(reply);
put_net:
	put_net(args.net);
free_sources:
	kvfree(args.cfg.sources);
	return err;
}

/* ------------------------------------------------------------------------ */
/* DEV_DEL                                                                  */

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(void * const *)a, *y = *(void * const *)b;

	return x < y ? -1 : x > y;
}

static int dev_del_batch(struct sk_buff *skb, struct genl_info *info,
			 struct list_head *kill)
{
	struct nlattr *batch = info->attrs[MVLAN_A_BATCH], *attr;
	struct net *net = genl_info_net(info);
	struct net_device **devs;
	unsigned int n = 0, i;
	int rem, err = 0;

	nla_for_each_nested(attr, batch, rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, batch, "BATCH is empty");
		return -EINVAL;
	}
	if (n > MVLAN_BATCH_MAX) {
		mvlan_extack_fmt_attr(info->extack, batch,
				      "BATCH holds %u devices, at most %u are allowed",
				      n, MVLAN_BATCH_MAX);
		return -E2BIG;
	}
	err = check_batch_userns(skb, info, batch, n, "delete");
	if (err)
		return err;
	devs = kvmalloc_array(n, sizeof(*devs), GFP_KERNEL);
	if (!devs)
		return -ENOMEM;

	i = 0;
	nla_for_each_nested(attr, batch, rem) {
		devs[i] = mvlan_genl_lookup_child(net, attr, info->extack);
		if (IS_ERR(devs[i])) {
			err = PTR_ERR(devs[i]);
			goto out;
		}
		i++;
	}
	/* Queueing one device twice would corrupt the unregister list. */
	sort(devs, n, sizeof(*devs), cmp_ptr, NULL);
	for (i = 1; i < n; i++) {
		if (devs[i] == devs[i - 1]) {
			mvlan_extack_fmt_attr(info->extack, batch,
					      "device %s is listed twice in BATCH",
					      devs[i]->name);
			err = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		mvlan_delete(devs[i], kill);
out:
	kvfree(devs);
	return err;
}

int mvlan_genl_dev_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ifindex = info->attrs[MVLAN_A_IFINDEX];
	struct nlattr *batch = info->attrs[MVLAN_A_BATCH];
	struct net_device *dev;
	LIST_HEAD(kill);
	int err = 0;

	if (!ifindex && !batch) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, MVLAN_A_IFINDEX);
		GENL_SET_ERR_MSG(info, "either IFINDEX or BATCH is required");
		return -EINVAL;
	}
	if (ifindex && batch) {
		NL_SET_ERR_MSG_ATTR(info->extack, batch,
				    "give either IFINDEX or BATCH, not both");
		return -EINVAL;
	}

	rtnl_lock();
	if (batch) {
		err = dev_del_batch(skb, info, &kill);
	} else {
		dev = mvlan_genl_lookup_child(genl_info_net(info), ifindex,
					      info->extack);
		if (IS_ERR(dev))
			err = PTR_ERR(dev);
		else
			mvlan_delete(dev, &kill);
	}
	unregister_netdevice_many(&kill);
	rtnl_unlock();
	return err;
}

/* ------------------------------------------------------------------------ */
/* DEV_SET and SOURCE                                                       */

int mvlan_genl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mvlan_change_args args = {};
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	int err;

	if (mvlan_genl_require(info, MVLAN_A_IFINDEX))
		return -EINVAL;
	if (attrs[MVLAN_A_MAC]) {
		err = check_mac(attrs[MVLAN_A_MAC], info->extack);
		if (err)
			return err;
		args.mac = nla_data(attrs[MVLAN_A_MAC]);
	}
	if (attrs[MVLAN_A_MODE]) {
		err = check_mode(attrs[MVLAN_A_MODE], info->extack);
		if (err)
			return err;
		args.mode = nla_get_u32(attrs[MVLAN_A_MODE]);
		args.has_mode = true;
	}
	if (attrs[MVLAN_A_FLAGS]) {
		args.flags = nla_get_u32(attrs[MVLAN_A_FLAGS]);
		args.has_flags = true;
	}
	if (attrs[MVLAN_A_BC_QUEUE_LEN]) {
		args.bc_queue_len = nla_get_u32(attrs[MVLAN_A_BC_QUEUE_LEN]);
		args.has_bc_queue_len = true;
	}
	if (attrs[MVLAN_A_BC_CUTOFF]) {
		args.bc_cutoff = nla_get_s32(attrs[MVLAN_A_BC_CUTOFF]);
		args.has_bc_cutoff = true;
	}
	if (!args.mac && !args.has_mode && !args.has_flags &&
	    !args.has_bc_queue_len && !args.has_bc_cutoff) {
		GENL_SET_ERR_MSG(info,
				 "nothing to change: give MODE, FLAGS, MAC, BC_QUEUE_LEN or BC_CUTOFF");
		return -EINVAL;
	}

	rtnl_lock();
	dev = mvlan_genl_lookup_child(genl_info_net(info), attrs[MVLAN_A_IFINDEX],
				      info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		/* The core announces the change to both control planes. */
		err = mvlan_change(dev, &args, info->extack);
	}
	rtnl_unlock();
	return err;
}

int mvlan_genl_source_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs, *list;
	u8 (*macs)[ETH_ALEN] = NULL;
	struct net_device *dev;
	unsigned int n = 0;
	int err;
	u32 op;

	if (mvlan_genl_require(info, MVLAN_A_IFINDEX) ||
	    mvlan_genl_require(info, MVLAN_A_SOURCE_OP))
		return -EINVAL;
	op = nla_get_u32(attrs[MVLAN_A_SOURCE_OP]);
	list = attrs[MVLAN_A_SOURCE_MACS];
	if (op == MVLAN_SOURCE_FLUSH && list) {
		NL_SET_ERR_MSG_ATTR(info->extack, list,
				    "SOURCE_MACS is not used with the FLUSH operation");
		return -EINVAL;
	}
	if (op != MVLAN_SOURCE_FLUSH &&
	    mvlan_genl_require(info, MVLAN_A_SOURCE_MACS))
		return -EINVAL;

	if (list) {
		err = parse_mac_list(info, list, op == MVLAN_SOURCE_SET, &macs,
				     &n);
		if (err)
			return err;
	}

	rtnl_lock();
	dev = mvlan_genl_lookup_child(genl_info_net(info), attrs[MVLAN_A_IFINDEX],
				      info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		err = mvlan_source_edit(dev, op, (const u8 (*)[ETH_ALEN])macs,
					n, info->extack);
	}
	rtnl_unlock();
	kvfree(macs);
	return err;
}

/* ------------------------------------------------------------------------ */
/* SOURCE_GET                                                               */

struct mvlan_genl_source_copy {
	u8 (*macs)[ETH_ALEN];
	unsigned int n, max;
};

static int mvlan_genl_copy_source(const u8 *addr, void *arg)
{
	struct mvlan_genl_source_copy *c = arg;

	if (c->n == c->max)
		return 1;
	ether_addr_copy(c->macs[c->n++], addr);
	return 0;
}

/* The first @max source MACs of @child into @macs; returns how many. */
static unsigned int mvlan_genl_copy_sources(const struct mvlan_child *child,
					    u8 (*macs)[ETH_ALEN],
					    unsigned int max)
{
	struct mvlan_genl_source_copy c = { .macs = macs, .max = max };

	mvlan_source_walk(child, mvlan_genl_copy_source, &c);
	return c.n;
}

/*
 * One child's source MACs, paged: each message holds IFINDEX and as many
 * MACs as fit, so no list is too long to read. cb->args[0] is the index of
 * the next MAC; a SOURCE or DEV_SET in between marks the dump DUMP_INTR.
 */
int mvlan_genl_source_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct nlattr **attrs = mvlan_dump_attrs(cb);
	unsigned int next = cb->args[0], n;
	u8 (*macs)[ETH_ALEN] = NULL;
	struct mvlan_child *vlan;
	struct net_device *dev;
	int err = 0, put;

	if (!attrs[MVLAN_A_IFINDEX]) {
		NL_SET_ERR_ATTR_MISS(cb->extack, NULL, MVLAN_A_IFINDEX);
		NL_SET_ERR_MSG(cb->extack,
			       "IFINDEX is required: the child whose source MACs to list");
		return -EINVAL;
	}

	rtnl_lock();
	dev = mvlan_genl_lookup_child(sock_net(skb->sk), attrs[MVLAN_A_IFINDEX],
				      cb->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	vlan = netdev_priv(dev);
	cb->seq = mvlan_source_gen;
	n = vlan->source_count;
	if (next >= n)
		goto out;
	macs = kvmalloc_array(n, ETH_ALEN, GFP_KERNEL_ACCOUNT);
	if (!macs) {
		err = -ENOMEM;
		goto out;
	}
	n = mvlan_genl_copy_sources(vlan, macs, n);
	while (next < n) {
		put = mvlan_genl_fill_sources(skb, dev, macs[next], n - next,
					      NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, cb);
		if (put < 0)
			break;	/* full: the next round goes on from here */
		next += put;
	}
out:
	rtnl_unlock();
	kvfree(macs);
	cb->args[0] = next;
	return err ?: skb->len;
}
