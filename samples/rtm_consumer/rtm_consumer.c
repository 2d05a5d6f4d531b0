// SPDX-License-Identifier: GPL-2.0
/*
 * rtm_consumer: a sample user of rtm's in-kernel API (include/net/rtm.h),
 * driven through debugfs by selftests/rtm/rtm_kapi_test.
 *
 * /sys/kernel/debug/rtm_consumer/
 *   lookup  write "ADDR [VIEW]" for a forwarding lookup (longest match) or
 *           "ADDR/LEN [VIEW]" for one prefix, in the writer's namespace;
 *           VIEW is ucast (default), mcast or a number. Read: the result
 *           ("error -2" when there is none).
 *   held    read: the destination the last successful lookup found, as it
 *           is now. The module holds a reference on it until the next
 *           lookup or unload, so it may outlive its routes.
 *   events  read: notifier events by type; "unseen" counts events whose
 *           change a lookup from the callback did not show, which the API
 *           promises never happens.
 *
 * The state is global: the module is a test tool, used by one test at a
 * time.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/rtm.h>

#define RTM_CONSUMER_INPUT_MAX	128
#define RTM_CONSUMER_EVENTS	(RTM_DEST_REMOVED + 1)

/**
 * struct rtm_consumer_prefix - a prefix to print
 * @family: AF_INET or AF_INET6
 * @len: prefix length
 * @addr: prefix bits
 */
struct rtm_consumer_prefix {
	u16 family;
	u8 len;
	u8 addr[RTM_MAX_ADDRESS_BYTES];
};

/**
 * struct rtm_consumer - the module's state
 * @lock: serializes lookups and readers of the fields below
 * @dir: the debugfs directory
 * @err: result of the last lookup
 * @res: the last lookup's result, when @err is 0
 * @prefix: the prefix it found, when @err is 0
 * @view: the view it was made in
 * @held: the destination of the last successful lookup (a reference), or
 *	NULL
 * @last_event: type of the latest event, -1 before the first
 * @last_info: its destination
 * @last_views: its views
 * @events: events seen, by type
 * @unseen: events whose change a lookup in the callback did not show
 */
struct rtm_consumer {
	struct mutex lock; /* the lookup state and the last event */
	struct dentry *dir;
	int err;
	struct rtm_fwd_result res;
	struct rtm_consumer_prefix prefix;
	u32 view;
	struct rtm_dest *held;
	int last_event;
	struct rtm_consumer_prefix last_info;
	u32 last_views;
	atomic_long_t events[RTM_CONSUMER_EVENTS];
	atomic_long_t unseen;
};

static struct rtm_consumer rtm_consumer = {
	.lock = __MUTEX_INITIALIZER(rtm_consumer.lock),
	.err = -ENOENT,
	.last_event = -1,
};

static const char *const rtm_consumer_event_names[RTM_CONSUMER_EVENTS] = {
	[RTM_DEST_ADDED] = "added",
	[RTM_DEST_CHANGED] = "changed",
	[RTM_DEST_REMOVED] = "removed",
};

static unsigned int rtm_consumer_addr_bytes(u16 family)
{
	return family == AF_INET ? 4 : 16;
}

static void rtm_consumer_print_addr(struct seq_file *m, u16 family,
				    const u8 *addr)
{
	if (family == AF_INET)
		seq_printf(m, "%pI4", addr);
	else
		seq_printf(m, "%pI6c", addr);
}

static void rtm_consumer_print_prefix(struct seq_file *m,
				      const struct rtm_consumer_prefix *p)
{
	rtm_consumer_print_addr(m, p->family, p->addr);
	seq_printf(m, "/%u", p->len);
}

static void rtm_consumer_print_result(struct seq_file *m, int err,
				      const struct rtm_consumer_prefix *prefix,
				      u32 view, const struct rtm_fwd_result *res)
{
	unsigned int i;

	if (err) {
		seq_printf(m, "error %d\n", err);
		return;
	}
	seq_puts(m, "prefix ");
	rtm_consumer_print_prefix(m, prefix);
	seq_printf(m, "\nview %u\nmetric %u\npreference %u\nnexthops %u\n",
		   view, res->metric, res->preference, res->num_nexthops);
	for (i = 0; i < res->num_nexthops; i++) {
		const struct rtm_fwd_nexthop *nh = &res->nexthops[i];

		seq_puts(m, "nexthop ");
		rtm_consumer_print_addr(m, prefix->family, nh->addr);
		seq_printf(m, " ifindex %u flags 0x%x\n", nh->ifindex, nh->flags);
	}
}

/* Parse "ADDR[/LEN] [VIEW]"; *@len is -1 without "/LEN". */
static int rtm_consumer_parse(char *buf, struct rtm_consumer_prefix *p,
			      int *len, u32 *view)
{
	char *addr = strim(buf), *rest, *slash;
	u8 prefix_len;

	rest = strpbrk(addr, " \t");
	if (rest)
		*rest++ = '\0';
	*view = RTM_VIEW_UCAST;
	rest = rest ? strim(rest) : NULL;
	if (rest && *rest) {
		if (!strcmp(rest, "ucast"))
			*view = RTM_VIEW_UCAST;
		else if (!strcmp(rest, "mcast"))
			*view = RTM_VIEW_MCAST;
		else if (kstrtou32(rest, 0, view))
			return -EINVAL;
	}

	*len = -1;
	slash = strchr(addr, '/');
	if (slash) {
		*slash++ = '\0';
		if (kstrtou8(slash, 10, &prefix_len))
			return -EINVAL;
		*len = prefix_len;
	}
	memset(p->addr, 0, sizeof(p->addr));
	if (in4_pton(addr, -1, p->addr, '\0', NULL))
		p->family = AF_INET;
	else if (in6_pton(addr, -1, p->addr, '\0', NULL))
		p->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

/* Zero the address bits past @p->len, to print the prefix found. */
static void rtm_consumer_mask(struct rtm_consumer_prefix *p)
{
	unsigned int i;

	for (i = 0; i < sizeof(p->addr); i++) {
		unsigned int bit = i * 8;

		if (bit >= p->len)
			p->addr[i] = 0;
		else if (p->len - bit < 8)
			p->addr[i] &= 0xff00 >> (p->len - bit);
	}
}

static ssize_t rtm_consumer_lookup_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	struct net *net = current->nsproxy->net_ns;
	struct rtm_consumer *c = &rtm_consumer;
	char buf[RTM_CONSUMER_INPUT_MAX];
	struct rtm_consumer_prefix p;
	struct rtm_dest *old, *dest;
	struct rtm_fwd_result res = {};
	int err, len;
	u32 view;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	err = rtm_consumer_parse(buf, &p, &len, &view);
	if (err)
		return err;

	rcu_read_lock();
	if (len < 0) {
		err = rtm_fib_lookup(net, p.family, p.addr, view, &res);
	} else {
		dest = rtm_dest_lookup_exact(net, p.family, p.addr, len);
		err = dest ? rtm_dest_fwd_info(dest, view, &res) : -ENOENT;
	}
	/* A destination being freed is still a valid answer, not a held one. */
	dest = !err && rtm_dest_hold(res.dest) ? res.dest : NULL;
	rcu_read_unlock();

	if (!err) {
		p.len = res.prefix_len;
		rtm_consumer_mask(&p);
	}
	mutex_lock(&c->lock);
	c->err = err;
	c->res = res;
	c->prefix = p;
	c->view = view;
	old = c->held;
	c->held = dest;
	mutex_unlock(&c->lock);
	if (old)
		rtm_dest_put(old);
	return count;
}

static int rtm_consumer_lookup_show(struct seq_file *m, void *v)
{
	struct rtm_consumer *c = &rtm_consumer;

	mutex_lock(&c->lock);
	rtm_consumer_print_result(m, c->err, &c->prefix, c->view, &c->res);
	mutex_unlock(&c->lock);
	return 0;
}

static int rtm_consumer_lookup_open(struct inode *inode, struct file *file)
{
	return single_open(file, rtm_consumer_lookup_show, NULL);
}

static const struct file_operations rtm_consumer_lookup_fops = {
	.owner = THIS_MODULE,
	.open = rtm_consumer_lookup_open,
	.read = seq_read,
	.write = rtm_consumer_lookup_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int rtm_consumer_held_show(struct seq_file *m, void *v)
{
	struct rtm_consumer *c = &rtm_consumer;
	struct rtm_fwd_result res;
	int err = -ENOENT;

	mutex_lock(&c->lock);
	if (c->held) {
		rcu_read_lock();
		err = rtm_dest_fwd_info(c->held, c->view, &res);
		rcu_read_unlock();
		rtm_consumer_print_result(m, err, &c->prefix, c->view, &res);
	} else {
		seq_puts(m, "none\n");
	}
	mutex_unlock(&c->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rtm_consumer_held);

static int rtm_consumer_events_show(struct seq_file *m, void *v)
{
	struct rtm_consumer *c = &rtm_consumer;
	int i;

	for (i = 0; i < RTM_CONSUMER_EVENTS; i++)
		seq_printf(m, "%s %ld\n", rtm_consumer_event_names[i],
			   atomic_long_read(&c->events[i]));
	seq_printf(m, "unseen %ld\n", atomic_long_read(&c->unseen));
	mutex_lock(&c->lock);
	if (c->last_event >= 0) {
		seq_printf(m, "last %s ",
			   rtm_consumer_event_names[c->last_event]);
		rtm_consumer_print_prefix(m, &c->last_info);
		seq_printf(m, " views 0x%x\n", c->last_views);
	}
	mutex_unlock(&c->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rtm_consumer_events);

/* Whether a lookup shows what @event says, as the notifier promises. */
static bool rtm_consumer_visible(unsigned long event,
				 const struct rtm_dest_notifier_info *info)
{
	struct rtm_dest *dest;

	/* rtm's KUnit suites build instances of no namespace. */
	if (!info->net)
		return true;
	rcu_read_lock();
	dest = rtm_dest_lookup_exact(info->net, info->family, info->addr,
				     info->prefix_len);
	rcu_read_unlock();
	return event == RTM_DEST_REMOVED ? !dest : dest == info->dest;
}

static int rtm_consumer_event(struct notifier_block *nb, unsigned long event,
			      void *data)
{
	const struct rtm_dest_notifier_info *info = data;
	struct rtm_consumer *c = &rtm_consumer;

	if (event >= RTM_CONSUMER_EVENTS)
		return NOTIFY_DONE;
	atomic_long_inc(&c->events[event]);
	if (!rtm_consumer_visible(event, info))
		atomic_long_inc(&c->unseen);

	mutex_lock(&c->lock);
	c->last_event = event;
	c->last_info.family = info->family;
	c->last_info.len = info->prefix_len;
	memset(c->last_info.addr, 0, sizeof(c->last_info.addr));
	memcpy(c->last_info.addr, info->addr,
	       rtm_consumer_addr_bytes(info->family));
	c->last_views = info->views;
	mutex_unlock(&c->lock);
	return NOTIFY_OK;
}

static struct notifier_block rtm_consumer_nb = {
	.notifier_call = rtm_consumer_event,
};

static int __init rtm_consumer_init(void)
{
	struct rtm_consumer *c = &rtm_consumer;
	int err;

	c->dir = debugfs_create_dir("rtm_consumer", NULL);
	debugfs_create_file("lookup", 0600, c->dir, NULL,
			    &rtm_consumer_lookup_fops);
	debugfs_create_file("held", 0400, c->dir, NULL,
			    &rtm_consumer_held_fops);
	debugfs_create_file("events", 0400, c->dir, NULL,
			    &rtm_consumer_events_fops);
	err = rtm_register_notifier(&rtm_consumer_nb);
	if (err)
		debugfs_remove_recursive(c->dir);
	return err;
}

static void __exit rtm_consumer_exit(void)
{
	struct rtm_consumer *c = &rtm_consumer;

	/* No lookup runs once the files are gone; then drop what it kept. */
	debugfs_remove_recursive(c->dir);
	rtm_unregister_notifier(&rtm_consumer_nb);
	if (c->held)
		rtm_dest_put(c->held);
}

module_init(rtm_consumer_init);
module_exit(rtm_consumer_exit);

MODULE_DESCRIPTION("Sample consumer of the rtm in-kernel API, for its selftest");
MODULE_LICENSE("GPL");
