// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel API (include/net/rtm.h), through the sample consumer module
 * samples/rtm_consumer: routes go in through /dev/rtm, lookups come back
 * through its debugfs files. Checks longest-prefix matches (more and less
 * specific, deletes, views, IPv6), exact lookups, the notifier's events and
 * the references the consumer holds.
 *
 * Each test runs in a network namespace of its own (the consumer looks up
 * in the writer's namespace) and loads the consumer for itself, unless it
 * is already loaded. The module comes from $RTM_CONSUMER_KO, else
 * /lib/rtm_consumer.ko (where scripts/vm-run puts it), /extra or the
 * current directory; without one the tests skip.
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define CONSUMER_NAME	"rtm_consumer"
#define CONSUMER_DIR	"/sys/kernel/debug/" CONSUMER_NAME
#define CONSUMER_LOOKUP	CONSUMER_DIR "/lookup"
#define CONSUMER_HELD	CONSUMER_DIR "/held"
#define CONSUMER_EVENTS	CONSUMER_DIR "/events"

#define UCAST	(1u << RTM_VIEW_UCAST)
#define MCAST	(1u << RTM_VIEW_MCAST)
#define ENOENT_RESULT	"error -2\n"

static const char *const consumer_paths[] = {
	"/lib/" CONSUMER_NAME ".ko",
	"/extra/" CONSUMER_NAME ".ko",
	"./" CONSUMER_NAME ".ko",
};

static const char *find_consumer(void)
{
	const char *env = getenv("RTM_CONSUMER_KO");
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < ARRAY_SIZE(consumer_paths); i++)
		if (access(consumer_paths[i], R_OK) == 0)
			return consumer_paths[i];
	return NULL;
}

static int load_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = syscall(__NR_finit_module, fd, "", 0);
	close(fd);
	return ret;
}

/* The whole of a (small) file, NUL-terminated; length or -1. */
static ssize_t read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : (ssize_t)len;
}

/* Write @query to the lookup file; 0 or -errno. */
static int consumer_query(const char *query)
{
	int fd = open(CONSUMER_LOOKUP, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, query, strlen(query)) != (ssize_t)strlen(query))
		err = -errno;
	close(fd);
	return err;
}

#define EXPECT_FILE(path, expected) do {				\
		char _buf[4096];					\
		ASSERT_LE(0, read_text(path, _buf, sizeof(_buf)));	\
		EXPECT_STREQ(expected, _buf);				\
	} while (0)

/* Look @query up and compare the whole answer with @expected. */
#define EXPECT_LOOKUP(query, expected) do {				\
		char _out[4096];					\
		ASSERT_EQ(0, consumer_query(query)) TH_LOG("%s", query); \
		ASSERT_LE(0, read_text(CONSUMER_LOOKUP, _out, sizeof(_out))); \
		EXPECT_STREQ(expected, _out) TH_LOG("lookup %s", query); \
	} while (0)

struct events {
	long added, changed, removed, unseen;
	char last[128];
};

static int read_events(struct events *ev)
{
	char buf[1024], *line, *save;

	if (read_text(CONSUMER_EVENTS, buf, sizeof(buf)) < 0)
		return -1;
	memset(ev, 0, sizeof(*ev));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "last ", 5))
			snprintf(ev->last, sizeof(ev->last), "%s", line + 5);
		else if (sscanf(line, "added %ld", &ev->added) == 1 ||
			 sscanf(line, "changed %ld", &ev->changed) == 1 ||
			 sscanf(line, "removed %ld", &ev->removed) == 1 ||
			 sscanf(line, "unseen %ld", &ev->unseen) == 1)
			continue;
	}
	return 0;
}

/* Events since @base must be (@added, @changed, @removed) and none unseen. */
#define EXPECT_EVENTS(base, a, c, r, last_event) do {			\
		struct events _now;					\
		ASSERT_EQ(0, read_events(&_now));			\
		EXPECT_EQ(a, _now.added - (base)->added);		\
		EXPECT_EQ(c, _now.changed - (base)->changed);		\
		EXPECT_EQ(r, _now.removed - (base)->removed);		\
		EXPECT_EQ(0, _now.unseen - (base)->unseen);		\
		if (last_event)						\
			EXPECT_STREQ((const char *)(last_event), _now.last); \
	} while (0)

/* "10.1.0.0/16" or "2001:db8::/32" into @p; 0 or -1. */
static int parse_prefix(const char *text, struct rtm_net_address *p)
{
	char buf[64], *slash;

	snprintf(buf, sizeof(buf), "%s", text);
	slash = strchr(buf, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	memset(p, 0, sizeof(*p));
	p->prefix_len = atoi(slash + 1);
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return -1;
	return 0;
}

/* A next hop at full length on @ifindex; its handle in *@handle. */
static int add_nexthop(int fd, const char *addr, __u32 ifindex, __u64 *handle)
{
	struct rtm_nexthop nh = {
		.ifindex = ifindex,
		.flags = RTM_NH_F_WANT_HANDLE,
	};

	if (inet_pton(AF_INET, addr, nh.addr.addr) == 1) {
		nh.addr.family = AF_INET;
		nh.addr.prefix_len = 32;
	} else if (inet_pton(AF_INET6, addr, nh.addr.addr) == 1) {
		nh.addr.family = AF_INET6;
		nh.addr.prefix_len = 128;
	} else {
		errno = EINVAL;
		return -1;
	}
	if (ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh))
		return -1;
	*handle = nh.handle;
	return 0;
}

struct route_spec {
	const char *prefix;
	__u32 preference, metric, views;
	__u32 change_flags;		/* RTM_ROUTE_CHG_NEW for another route */
	__u64 update;			/* route handle to update, or 0 */
	unsigned int num_nexthops;
	__u64 nexthops[RTM_MAX_NEXTHOPS];
};

/* Add or update a route; its handle in *@handle (may be NULL). */
static int put_route(int fd, const struct route_spec *spec, __u64 *handle)
{
	struct rtm_route route = {
		.handle = spec->update,
		.change_flags = spec->change_flags,
		.flags = RTM_ROUTE_F_WANT_HANDLE,
		.metric = spec->metric,
		.preference = spec->preference,
		.views = spec->views,
		.num_nexthops = spec->num_nexthops,
	};

	if (parse_prefix(spec->prefix, &route.dest)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(route.nexthops, spec->nexthops, sizeof(route.nexthops));
	if (ioctl(fd, RTM_IOC_ROUTE_ADD, &route))
		return -1;
	if (handle)
		*handle = route.handle;
	else
		rtm_raw_release(fd, &route.handle, 1, RTM_HANDLE_ROUTE);
	return 0;
}

FIXTURE(kapi) {
	bool loaded_here;
	int fd4, fd6;
};

FIXTURE_SETUP(kapi)
{
	const char *ko = NULL;

	self->fd4 = -1;
	self->fd6 = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return, "needs root");
	if (access(CONSUMER_LOOKUP, W_OK) != 0) {
		ko = find_consumer();
		if (!ko)
			SKIP(return, "no %s.ko: set RTM_CONSUMER_KO", CONSUMER_NAME);
	}

	/* Every test has tables of its own; its entities are the only writers. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->fd4 = rtm_open();
	ASSERT_LE(0, self->fd4);
	ASSERT_EQ(0, rtm_raw_register(self->fd4, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	self->fd6 = rtm_open();
	ASSERT_LE(0, self->fd6);
	ASSERT_EQ(0, rtm_raw_register(self->fd6, AF_INET6, RTM_TEST_PROTO_A,
				      getpid(), NULL));

	/* Last: a failed setup skips the teardown that would unload it. */
	if (access(CONSUMER_LOOKUP, W_OK) != 0) {
		ASSERT_EQ(0, load_module(ko)) TH_LOG("insmod %s: %m", ko);
		self->loaded_here = true;
	}
}

FIXTURE_TEARDOWN(kapi)
{
	if (self->fd4 >= 0)
		close(self->fd4);
	if (self->fd6 >= 0)
		close(self->fd6);
	if (self->loaded_here)
		EXPECT_EQ(0, syscall(__NR_delete_module, CONSUMER_NAME,
				     O_NONBLOCK)) TH_LOG("rmmod: %m");
}

/* Longest match: the most specific prefix wins; deletes uncover the next. */
TEST_F(kapi, longest_match_ipv4)
{
	struct route_spec r8 = { "10.0.0.0/8", 1, 1, UCAST, 0, 0, 1 };
	struct route_spec r16 = { "10.1.0.0/16", 1, 5, UCAST, 0, 0, 2 };
	struct route_spec r24 = { "10.1.2.0/24", 3, 1, UCAST, 0, 0, 1 };
	struct route_spec r0 = { "0.0.0.0/0", 9, 9, UCAST, 0, 0, 1 };
	__u64 a, b, c, h8, h24;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, add_nexthop(self->fd4, "192.0.2.1", 1, &a));
	ASSERT_EQ(0, add_nexthop(self->fd4, "192.0.2.2", 1, &b));
	ASSERT_EQ(0, add_nexthop(self->fd4, "192.0.2.3", 2, &c));
	r8.nexthops[0] = a;
	r16.nexthops[0] = b;
	r16.nexthops[1] = c;
	r24.nexthops[0] = c;
	r0.nexthops[0] = a;
	ASSERT_EQ(0, put_route(self->fd4, &r8, &h8));
	ASSERT_EQ(0, put_route(self->fd4, &r16, NULL));
	ASSERT_EQ(0, put_route(self->fd4, &r24, &h24));

	EXPECT_LOOKUP("10.1.2.3", "prefix 10.1.2.0/24\nview 0\nmetric 1\n"
		      "preference 3\nnexthops 1\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
	EXPECT_LOOKUP("10.1.3.1", "prefix 10.1.0.0/16\nview 0\nmetric 5\n"
		      "preference 1\nnexthops 2\n"
		      "nexthop 192.0.2.2 ifindex 1 flags 0x0\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
	EXPECT_LOOKUP("10.1.2.255 ucast", "prefix 10.1.2.0/24\nview 0\n"
		      "metric 1\npreference 3\nnexthops 1\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
	EXPECT_LOOKUP("10.200.0.1", "prefix 10.0.0.0/8\nview 0\nmetric 1\n"
		      "preference 1\nnexthops 1\n"
		      "nexthop 192.0.2.1 ifindex 1 flags 0x0\n");
	EXPECT_LOOKUP("11.0.0.1", ENOENT_RESULT);
	EXPECT_LOOKUP("9.255.255.255", ENOENT_RESULT);
	/* A view rtm does not keep. */
	EXPECT_LOOKUP("10.1.3.1 7", "error -22\n");
	EXPECT_EQ(-EINVAL, consumer_query("10.1.300.1"));

	/* Exact lookups find only the prefix itself. */
	EXPECT_LOOKUP("10.1.0.0/16", "prefix 10.1.0.0/16\nview 0\nmetric 5\n"
		      "preference 1\nnexthops 2\n"
		      "nexthop 192.0.2.2 ifindex 1 flags 0x0\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
	EXPECT_LOOKUP("10.1.0.0/17", ENOENT_RESULT);
	EXPECT_LOOKUP("10.1.0.0/15", ENOENT_RESULT);
	EXPECT_LOOKUP("10.1.0.0/33", ENOENT_RESULT);

	/* Deleting the most specific prefix uncovers the next one. */
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h24));
	EXPECT_LOOKUP("10.1.2.3", "prefix 10.1.0.0/16\nview 0\nmetric 5\n"
		      "preference 1\nnexthops 2\n"
		      "nexthop 192.0.2.2 ifindex 1 flags 0x0\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
	EXPECT_LOOKUP("10.1.2.0/24", ENOENT_RESULT);
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h8));
	EXPECT_LOOKUP("10.200.0.1", ENOENT_RESULT);

	/* A default route catches the rest. */
	ASSERT_EQ(0, put_route(self->fd4, &r0, NULL));
	EXPECT_LOOKUP("10.200.0.1", "prefix 0.0.0.0/0\nview 0\nmetric 9\n"
		      "preference 9\nnexthops 1\n"
		      "nexthop 192.0.2.1 ifindex 1 flags 0x0\n");
	EXPECT_LOOKUP("10.1.255.255", "prefix 10.1.0.0/16\nview 0\nmetric 5\n"
		      "preference 1\nnexthops 2\n"
		      "nexthop 192.0.2.2 ifindex 1 flags 0x0\n"
		      "nexthop 192.0.2.3 ifindex 2 flags 0x0\n");
}

/* The best route of the asked view, and the best of the destination. */
TEST_F(kapi, best_route_and_update)
{
	struct route_spec worse = { "10.3.0.0/16", 5, 1, UCAST, 0, 0, 1 };
	struct route_spec better = { "10.3.0.0/16", 2, 7, UCAST,
				     RTM_ROUTE_CHG_NEW, 0, 0 };
	__u64 a, h;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, add_nexthop(self->fd4, "192.0.2.9", 4, &a));
	worse.nexthops[0] = a;
	ASSERT_EQ(0, put_route(self->fd4, &worse, NULL));
	ASSERT_EQ(0, put_route(self->fd4, &better, &h));
	EXPECT_LOOKUP("10.3.4.5", "prefix 10.3.0.0/16\nview 0\nmetric 7\n"
		      "preference 2\nnexthops 0\n");

	/* Updated in place, it falls behind the other route. */
	better.update = h;
	better.change_flags = 0;
	better.preference = 8;
	ASSERT_EQ(0, put_route(self->fd4, &better, NULL));
	EXPECT_LOOKUP("10.3.4.5", "prefix 10.3.0.0/16\nview 0\nmetric 1\n"
		      "preference 5\nnexthops 1\n"
		      "nexthop 192.0.2.9 ifindex 4 flags 0x0\n");
}

/*
 * Views: the longest destination may have no route in the view asked for;
 * the lookup then falls back to the longest shorter one that has.
 */
TEST_F(kapi, view_fallback)
{
	struct route_spec uc8 = { "10.0.0.0/8", 1, 1, UCAST };
	struct route_spec mc16 = { "10.1.0.0/16", 1, 2, MCAST };
	struct route_spec mc24 = { "10.1.2.0/24", 1, 3, MCAST };
	struct route_spec uc16 = { "10.1.0.0/16", 1, 4, UCAST,
				  RTM_ROUTE_CHG_NEW };
	struct route_spec both = { "10.4.0.0/16", 1, 5, UCAST | MCAST };

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, put_route(self->fd4, &uc8, NULL));
	ASSERT_EQ(0, put_route(self->fd4, &mc16, NULL));
	ASSERT_EQ(0, put_route(self->fd4, &mc24, NULL));
	ASSERT_EQ(0, put_route(self->fd4, &both, NULL));

	EXPECT_LOOKUP("10.1.2.3 ucast", "prefix 10.0.0.0/8\nview 0\nmetric 1\n"
		      "preference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.1.2.3 mcast", "prefix 10.1.2.0/24\nview 1\n"
		      "metric 3\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.1.9.9 mcast", "prefix 10.1.0.0/16\nview 1\n"
		      "metric 2\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.2.0.1 mcast", ENOENT_RESULT);
	EXPECT_LOOKUP("10.2.0.1 ucast", "prefix 10.0.0.0/8\nview 0\nmetric 1\n"
		      "preference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.4.0.1 mcast", "prefix 10.4.0.0/16\nview 1\n"
		      "metric 5\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.4.0.1 ucast", "prefix 10.4.0.0/16\nview 0\n"
		      "metric 5\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.1.0.0/16 ucast", ENOENT_RESULT);

	/* A unicast route on the /16 ends the fallback there. */
	ASSERT_EQ(0, put_route(self->fd4, &uc16, NULL));
	EXPECT_LOOKUP("10.1.2.3 ucast", "prefix 10.1.0.0/16\nview 0\n"
		      "metric 4\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("10.1.2.3 mcast", "prefix 10.1.2.0/24\nview 1\n"
		      "metric 3\npreference 1\nnexthops 0\n");
}

TEST_F(kapi, longest_match_ipv6)
{
	struct route_spec r32 = { "2001:db8::/32", 1, 1, UCAST, 0, 0, 1 };
	struct route_spec r48 = { "2001:db8:1::/48", 1, 2, UCAST, 0, 0, 2 };
	struct route_spec r128 = { "2001:db8:1::5/128", 1, 3, UCAST };
	struct route_spec r0 = { "::/0", 1, 4, UCAST };
	__u64 a, b, c;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, add_nexthop(self->fd6, "fe80::1", 1, &a));
	ASSERT_EQ(0, add_nexthop(self->fd6, "fe80::2", 1, &b));
	ASSERT_EQ(0, add_nexthop(self->fd6, "2001:db8:ffff::3", 0, &c));
	r32.nexthops[0] = a;
	r48.nexthops[0] = b;
	r48.nexthops[1] = c;
	ASSERT_EQ(0, put_route(self->fd6, &r32, NULL));
	ASSERT_EQ(0, put_route(self->fd6, &r48, NULL));

	EXPECT_LOOKUP("2001:db8:1::5", "prefix 2001:db8:1::/48\nview 0\n"
		      "metric 2\npreference 1\nnexthops 2\n"
		      "nexthop fe80::2 ifindex 1 flags 0x0\n"
		      "nexthop 2001:db8:ffff::3 ifindex 0 flags 0x0\n");
	EXPECT_LOOKUP("2001:db8:2::1", "prefix 2001:db8::/32\nview 0\n"
		      "metric 1\npreference 1\nnexthops 1\n"
		      "nexthop fe80::1 ifindex 1 flags 0x0\n");
	EXPECT_LOOKUP("2001:db9::1", ENOENT_RESULT);
	EXPECT_LOOKUP("::1", ENOENT_RESULT);
	EXPECT_LOOKUP("2001:db8::/32", "prefix 2001:db8::/32\nview 0\n"
		      "metric 1\npreference 1\nnexthops 1\n"
		      "nexthop fe80::1 ifindex 1 flags 0x0\n");
	EXPECT_LOOKUP("2001:db8::/33", ENOENT_RESULT);
	/* The IPv4 table is another table. */
	EXPECT_LOOKUP("32.1.13.184", ENOENT_RESULT);

	ASSERT_EQ(0, put_route(self->fd6, &r128, NULL));
	ASSERT_EQ(0, put_route(self->fd6, &r0, NULL));
	EXPECT_LOOKUP("2001:db8:1::5", "prefix 2001:db8:1::5/128\nview 0\n"
		      "metric 3\npreference 1\nnexthops 0\n");
	EXPECT_LOOKUP("2001:db8:1::4", "prefix 2001:db8:1::/48\nview 0\n"
		      "metric 2\npreference 1\nnexthops 2\n"
		      "nexthop fe80::2 ifindex 1 flags 0x0\n"
		      "nexthop 2001:db8:ffff::3 ifindex 0 flags 0x0\n");
	EXPECT_LOOKUP("::1", "prefix ::/0\nview 0\nmetric 4\npreference 1\n"
		      "nexthops 0\n");
}

/* One event per change of a destination's presence or best routes. */
TEST_F(kapi, notifier_events)
{
	struct route_spec r1 = { "10.9.0.0/16", 10, 10, UCAST };
	struct route_spec r2 = { "10.9.0.0/16", 5, 10, UCAST,
				 RTM_ROUTE_CHG_NEW };
	struct route_spec r3 = { "10.9.0.0/16", 20, 10, UCAST,
				 RTM_ROUTE_CHG_NEW };
	struct route_spec r4 = { "10.9.0.0/16", 1, 1, MCAST,
				 RTM_ROUTE_CHG_NEW };
	struct route_spec v6 = { "2001:db8:9::/48", 1, 1, UCAST | MCAST };
	struct route_spec gone[3] = {
		{ "10.10.0.0/16", 1, 1, UCAST },
		{ "10.11.0.0/16", 1, 1, MCAST },
		{ "10.12.0.0/16", 1, 1, UCAST | MCAST },
	};
	__u64 h1, h2, h3, h4;
	struct events base;
	int fd, i;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, read_events(&base));

	ASSERT_EQ(0, put_route(self->fd4, &r1, &h1));
	EXPECT_EVENTS(&base, 1, 0, 0, "added 10.9.0.0/16 views 0x1");
	ASSERT_EQ(0, put_route(self->fd4, &r2, &h2));
	EXPECT_EVENTS(&base, 1, 1, 0, "changed 10.9.0.0/16 views 0x1");
	/* A route that is not best changes nothing a forwarder sees. */
	ASSERT_EQ(0, put_route(self->fd4, &r3, &h3));
	EXPECT_EVENTS(&base, 1, 1, 0, NULL);
	/* The best route updated in place is a change. */
	r2.update = h2;
	r2.change_flags = 0;
	r2.metric = 11;
	ASSERT_EQ(0, put_route(self->fd4, &r2, NULL));
	EXPECT_EVENTS(&base, 1, 2, 0, NULL);
	ASSERT_EQ(0, put_route(self->fd4, &r4, &h4));
	EXPECT_EVENTS(&base, 1, 3, 0, "changed 10.9.0.0/16 views 0x2");

	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h3));
	EXPECT_EVENTS(&base, 1, 3, 0, NULL);
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h2));
	EXPECT_EVENTS(&base, 1, 4, 0, "changed 10.9.0.0/16 views 0x1");
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h4));
	EXPECT_EVENTS(&base, 1, 5, 0, "changed 10.9.0.0/16 views 0x2");
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h1));
	EXPECT_EVENTS(&base, 1, 5, 1, "removed 10.9.0.0/16 views 0x1");

	ASSERT_EQ(0, put_route(self->fd6, &v6, NULL));
	EXPECT_EVENTS(&base, 2, 5, 1, "added 2001:db8:9::/48 views 0x3");

	/* Closing an entity's file withdraws its routes, one event each. */
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_B, getpid(),
				      NULL));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, put_route(fd, &gone[i], NULL));
	EXPECT_EVENTS(&base, 5, 5, 1, "added 10.12.0.0/16 views 0x3");
	close(fd);
	EXPECT_EVENTS(&base, 5, 5, 4, NULL);
}

/* The consumer's reference keeps a destination beyond its routes. */
TEST_F(kapi, hold_outlives_routes)
{
	struct route_spec r = { "10.7.0.0/16", 1, 1, UCAST };
	struct rtm_counters before, now;
	__u64 h;

	RTM_RETURN_IF_SKIPPED();
	/* Drop whatever an earlier lookup holds. */
	ASSERT_EQ(0, consumer_query("0.0.0.1"));
	EXPECT_FILE(CONSUMER_HELD, "none\n");
	ASSERT_EQ(0, rtm_settled_counters(&before));

	ASSERT_EQ(0, put_route(self->fd4, &r, &h));
	EXPECT_LOOKUP("10.7.1.1", "prefix 10.7.0.0/16\nview 0\nmetric 1\n"
		      "preference 1\nnexthops 0\n");
	EXPECT_FILE(CONSUMER_HELD, "prefix 10.7.0.0/16\nview 0\nmetric 1\n"
		    "preference 1\nnexthops 0\n");
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h));
	EXPECT_LOOKUP("10.7.1.1", ENOENT_RESULT);
	EXPECT_FILE(CONSUMER_HELD, "none\n");

	ASSERT_EQ(0, put_route(self->fd4, &r, &h));
	EXPECT_LOOKUP("10.7.0.0/16", "prefix 10.7.0.0/16\nview 0\nmetric 1\n"
		      "preference 1\nnexthops 0\n");
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h));
	/* Out of the table, alive through the consumer's reference alone. */
	EXPECT_FILE(CONSUMER_HELD, ENOENT_RESULT);
	ASSERT_EQ(0, rtm_read_counters(&now));
	EXPECT_EQ(before.dests + 1, now.dests);
	EXPECT_EQ(before.routes, now.routes);

	/* A new destination for the same prefix is another object. */
	ASSERT_EQ(0, put_route(self->fd4, &r, &h));
	EXPECT_FILE(CONSUMER_HELD, ENOENT_RESULT);
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd4, h));

	/* The next lookup gives the reference back. */
	EXPECT_LOOKUP("10.7.1.1", ENOENT_RESULT);
	EXPECT_FILE(CONSUMER_HELD, "none\n");
	ASSERT_EQ(0, rtm_read_counters(&now));
	EXPECT_EQ(before.dests, now.dests);
}

/*
 * A destination held by the consumer outlives its namespace: a child adds
 * a route in a namespace of its own, looks it up and exits. The reference
 * must then show no route and go away cleanly.
 */
TEST_F(kapi, hold_outlives_namespace)
{
	struct route_spec r = { "10.8.0.0/16", 1, 1, UCAST };
	struct rtm_counters before, now;
	int status, fd;
	pid_t pid;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, consumer_query("0.0.0.1"));
	ASSERT_EQ(0, rtm_settled_counters(&before));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (unshare(CLONE_NEWNET))
			_exit(1);
		fd = rtm_open();
		if (fd < 0 || rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
					       getpid(), NULL))
			_exit(2);
		if (put_route(fd, &r, NULL) || consumer_query("10.8.1.1"))
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* The child's routes went with its file, before it was reaped. */
	EXPECT_FILE(CONSUMER_HELD, ENOENT_RESULT);
	/* Also once the namespace itself is likely gone (it is freed late). */
	ASSERT_EQ(0, rtm_settled_counters(&now));
	EXPECT_FILE(CONSUMER_HELD, ENOENT_RESULT);
	EXPECT_EQ(before.dests + 1, now.dests);
	EXPECT_EQ(before.files, now.files);

	EXPECT_LOOKUP("10.8.1.1", ENOENT_RESULT);
	ASSERT_EQ(0, rtm_read_counters(&now));
	EXPECT_EQ(before.dests, now.dests);
}

TEST_HARNESS_MAIN
