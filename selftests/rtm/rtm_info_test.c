// SPDX-License-Identifier: GPL-2.0
/*
 * RTM_IOC_ROUTE_INFO and RTM_IOC_NEXTHOP_INFO: what a held route or next
 * hop is, with raw ioctls and through librtm's RtmGetRouteInfo,
 * RtmReleaseRouteInfo, RtmGetNextHopInfo and RtmReleaseNextHopInfo. Every
 * field against what was added; the references handed out (each one hold
 * more, all or nothing); one TEST per error; and the issue-9 flow into a
 * buffer of RTM_SIZE_OF_ROUTE_INFO(MaxNextHopsInRoute) bytes. Every TEST
 * ends with the object counters back where they started.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "rtm_test_counters.h"
#include "rtm_test_util.h"

#define VIEWS_BOTH	(RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST)
#define NR_NH		9	/* next hops of A: 8 for routes, 1 neighbour */
#define NB		8	/* the neighbour's index in nh[] */
#define INFO1		0x1122334455667788ull
#define INFO8		0x8877665544332211ull

/*
 * Entity A (IPv4) owns next hops 192.0.2.1 .. 192.0.2.9/32 (ifindex
 * 1 + i, nh_flags DOWN on odd ones, entity_info 0xe0 + i) and:
 *   r0  10.0.0.0/8   no next hops, no neighbour, unicast, pref 10 metric 1
 *   r1  10.1.0.0/16  nh[0], neighbour nh[8], both views, REMOTE, pref 20
 *                    metric 5, entity_info INFO1
 *   r8  10.8.0.0/16  nh[0..7], neighbour nh[8], multicast, DISCARD, pref 30
 *                    metric 9, entity_info INFO8
 * Entity B (IPv4) is a reader without routes.
 */
FIXTURE(info) {
	int fd_a;
	int fd_b;
	__u64 ent_a, ent_b;
	__u64 nh[NR_NH];
	__u64 r0, r1, r8;
	struct rtm_counters before;
	bool have_counters;
};

static int nexthop_add(int fd, const struct rtm_net_address *addr,
		       __u32 ifindex, __u16 nh_flags, __u64 entity_info,
		       __u64 *handle)
{
	struct rtm_nexthop nh = {
		.addr = *addr,
		.ifindex = ifindex,
		.flags = RTM_NH_F_WANT_HANDLE,
		.nh_flags = nh_flags,
		.entity_info = entity_info,
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh);
	if (!ret)
		*handle = nh.handle;
	return ret;
}

static int route_add(int fd, const struct rtm_net_address *dest,
		     __u32 preference, __u32 metric, __u32 views,
		     __u16 route_flags, __u64 neighbour, const __u64 *nhs,
		     unsigned int n, __u64 entity_info, __u64 *handle)
{
	struct rtm_route route = {
		.dest = *dest,
		.preference = preference,
		.metric = metric,
		.views = views,
		.route_flags = route_flags,
		.neighbour = neighbour,
		.num_nexthops = n,
		.entity_info = entity_info,
		.flags = RTM_ROUTE_F_WANT_HANDLE,
	};
	int ret;

	memcpy(route.nexthops, nhs, n * sizeof(*nhs));
	ret = ioctl(fd, RTM_IOC_ROUTE_ADD, &route);
	if (!ret)
		*handle = route.handle;
	return ret;
}

FIXTURE_SETUP(info)
{
	struct rtm_net_address p;
	unsigned int i;

	self->fd_a = -1;
	self->fd_b = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->have_counters = rtm_settled_counters(&self->before) == 0;

	self->fd_a = rtm_open();
	self->fd_b = rtm_open();
	ASSERT_LE(0, self->fd_a);
	ASSERT_LE(0, self->fd_b);
	ASSERT_EQ(0, rtm_raw_register(self->fd_a, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), &self->ent_a));
	ASSERT_EQ(0, rtm_raw_register(self->fd_b, AF_INET, RTM_TEST_PROTO_B,
				      getpid(), &self->ent_b));
	for (i = 0; i < NR_NH; i++) {
		rtm_prefix4(&p, 192, 0, 2, 1 + i, 32);
		ASSERT_EQ(0, nexthop_add(self->fd_a, &p, 1 + i,
					 i & 1 ? RTM_NEXTHOP_FLAGS_DOWN : 0,
					 0xe0 + i, &self->nh[i]));
	}
	rtm_prefix4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, route_add(self->fd_a, &p, 10, 1, RTM_VIEW_MASK_UCAST, 0,
			       0, NULL, 0, 0, &self->r0));
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	ASSERT_EQ(0, route_add(self->fd_a, &p, 20, 5, VIEWS_BOTH,
			       RTM_ROUTE_FLAGS_REMOTE, self->nh[NB], self->nh,
			       1, INFO1, &self->r1));
	rtm_prefix4(&p, 10, 8, 0, 0, 16);
	ASSERT_EQ(0, route_add(self->fd_a, &p, 30, 9, RTM_VIEW_MASK_MCAST,
			       RTM_ROUTE_FLAGS_DISCARD, self->nh[NB], self->nh,
			       8, INFO8, &self->r8));
}

FIXTURE_TEARDOWN(info)
{
	if (self->fd_a >= 0)
		close(self->fd_a);
	if (self->fd_b >= 0)
		close(self->fd_b);
}

static int route_info(int fd, __u64 route, __u32 flags,
		      struct rtm_route_info *ri)
{
	memset(ri, 0xa5, sizeof(*ri));	/* out fields are ignored on input */
	ri->route = route;
	ri->flags = flags;
	ri->reserved0 = 0;
	ri->reserved1 = 0;
	ri->reserved[0] = 0;
	ri->reserved[1] = 0;
	return ioctl(fd, RTM_IOC_ROUTE_INFO, ri);
}

static int nexthop_info(int fd, __u64 nexthop, struct rtm_nexthop_info *ni)
{
	memset(ni, 0xa5, sizeof(*ni));
	ni->nexthop = nexthop;
	ni->flags = 0;
	ni->reserved[0] = 0;
	ni->reserved[1] = 0;
	return ioctl(fd, RTM_IOC_NEXTHOP_INFO, ni);
}

static void read_counters(struct __test_metadata *_metadata,
			  FIXTURE_DATA(info) *self, struct rtm_counters *c)
{
	memset(c, 0, sizeof(*c));
	if (self->have_counters)
		ASSERT_EQ(0, rtm_read_counters(c));
}

static void expect_counters(struct __test_metadata *_metadata,
			    FIXTURE_DATA(info) *self,
			    const struct rtm_counters *want)
{
	if (self->have_counters)
		rtm_expect_counters(_metadata, want);
}

static void close_and_check(struct __test_metadata *_metadata,
			    FIXTURE_DATA(info) *self)
{
	close(self->fd_a);
	close(self->fd_b);
	self->fd_a = -1;
	self->fd_b = -1;
	if (self->have_counters)
		rtm_expect_counters_back(_metadata, &self->before);
}

static bool addr_is4(const struct rtm_net_address *a, uint8_t b0, uint8_t b1,
		     uint8_t b2, uint8_t b3, unsigned int len)
{
	struct rtm_net_address p;

	rtm_prefix4(&p, b0, b1, b2, b3, len);
	return memcmp(a, &p, sizeof(p)) == 0;
}

/* Every handle of @ri (F_HANDLES) in one array: dest, owner, nb, next hops */
static unsigned int info_handles(const struct rtm_route_info *ri, __u64 *out)
{
	unsigned int n = 0, i;

	out[n++] = ri->dest_handle;
	out[n++] = ri->owner;
	if (ri->neighbour)
		out[n++] = ri->neighbour;
	for (i = 0; i < ri->num_nexthops; i++)
		out[n++] = ri->nexthops[i];
	return n;
}

/*
 * The references of @ri go back in one release, and only once: after it
 * the dest is no longer held by @fd (the caller held it only from @ri).
 */
static void release_info_once(struct __test_metadata *_metadata, int fd,
			      const struct rtm_route_info *ri)
{
	__u64 h[3 + RTM_MAX_NEXTHOPS];
	unsigned int n = info_handles(ri, h);

	EXPECT_EQ(0, rtm_raw_release(fd, h, n, RTM_HANDLE_ANY));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(fd, h, n, RTM_HANDLE_ANY));
	EXPECT_EQ(EBADF, errno);
}

/* The out fields that are not handles, for A's r1 and r8 */
static void expect_r1(struct __test_metadata *_metadata,
		      const struct rtm_route_info *ri)
{
	EXPECT_EQ(1, ri->num_nexthops);
	EXPECT_TRUE(addr_is4(&ri->dest, 10, 1, 0, 0, 16));
	EXPECT_EQ(RTM_ROUTE_STATE_CREATED, ri->state);
	EXPECT_EQ(0, ri->reserved0);
	EXPECT_EQ(RTM_ROUTE_FLAGS_REMOTE, ri->route_flags);
	EXPECT_EQ(5, ri->metric);
	EXPECT_EQ(20, ri->preference);
	EXPECT_EQ(VIEWS_BOTH, ri->views);
	EXPECT_EQ(0, ri->reserved1);
	EXPECT_EQ(INFO1, ri->entity_info);
	EXPECT_EQ(0, ri->reserved[0]);
	EXPECT_EQ(0, ri->reserved[1]);
}

static void expect_r8(struct __test_metadata *_metadata,
		      const struct rtm_route_info *ri)
{
	EXPECT_EQ(8, ri->num_nexthops);
	EXPECT_TRUE(addr_is4(&ri->dest, 10, 8, 0, 0, 16));
	EXPECT_EQ(RTM_ROUTE_STATE_CREATED, ri->state);
	EXPECT_EQ(0, ri->reserved0);
	EXPECT_EQ(RTM_ROUTE_FLAGS_DISCARD, ri->route_flags);
	EXPECT_EQ(9, ri->metric);
	EXPECT_EQ(30, ri->preference);
	EXPECT_EQ(RTM_VIEW_MASK_MCAST, ri->views);
	EXPECT_EQ(0, ri->reserved1);
	EXPECT_EQ(INFO8, ri->entity_info);
}

/* ---- RTM_IOC_ROUTE_INFO: fields ---- */

TEST_F(info, route_without_nexthops)
{
	struct rtm_counters start, mid;
	struct rtm_route_info ri;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, route_info(self->fd_a, self->r0,
				RTM_ROUTE_INFO_F_HANDLES, &ri));
	EXPECT_EQ(self->r0, ri.route);
	EXPECT_EQ(RTM_ROUTE_INFO_F_HANDLES, ri.flags);
	EXPECT_EQ(0, ri.num_nexthops);
	EXPECT_EQ(RTM_HANDLE_DEST, RTM_HANDLE_TYPE(ri.dest_handle));
	EXPECT_EQ(self->ent_a, ri.owner);
	EXPECT_EQ(0, ri.neighbour);
	EXPECT_TRUE(addr_is4(&ri.dest, 10, 0, 0, 0, 8));
	EXPECT_EQ(RTM_ROUTE_STATE_CREATED, ri.state);
	EXPECT_EQ(0, ri.reserved0);
	EXPECT_EQ(0, ri.route_flags);
	EXPECT_EQ(1, ri.metric);
	EXPECT_EQ(10, ri.preference);
	EXPECT_EQ(RTM_VIEW_MASK_UCAST, ri.views);
	EXPECT_EQ(0, ri.reserved1);
	EXPECT_EQ(0, ri.entity_info);
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		EXPECT_EQ(0, ri.nexthops[i]);
	/* dest and owner: two objects the file did not hold */
	read_counters(_metadata, self, &mid);
	if (self->have_counters)
		EXPECT_EQ(start.handles + 2, mid.handles);
	release_info_once(_metadata, self->fd_a, &ri);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, route_with_one_nexthop_and_a_neighbour)
{
	struct rtm_counters start;
	struct rtm_route_info ri;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, route_info(self->fd_a, self->r1,
				RTM_ROUTE_INFO_F_HANDLES, &ri));
	expect_r1(_metadata, &ri);
	EXPECT_EQ(RTM_HANDLE_DEST, RTM_HANDLE_TYPE(ri.dest_handle));
	EXPECT_EQ(self->ent_a, ri.owner);
	EXPECT_EQ(self->nh[NB], ri.neighbour);
	EXPECT_EQ(self->nh[0], ri.nexthops[0]);
	for (i = 1; i < RTM_MAX_NEXTHOPS; i++)
		EXPECT_EQ(0, ri.nexthops[i]);
	/* The next hops were held once from the add: now twice */
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &ri.nexthops[0], 1,
				     RTM_HANDLE_NEXTHOP));
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &ri.neighbour, 1,
				     RTM_HANDLE_NEXTHOP));
	/* dest and owner were held only from the info: once */
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &ri.dest_handle, 1,
				     RTM_HANDLE_DEST));
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &ri.owner, 1,
				     RTM_HANDLE_ENTITY));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(self->fd_a, &ri.owner, 1,
				      RTM_HANDLE_ENTITY));
	EXPECT_EQ(EBADF, errno);
	expect_counters(_metadata, self, &start);
	/* and the add's holds are still there */
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &self->nh[0], 1,
				     RTM_HANDLE_NEXTHOP));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(self->fd_a, &self->nh[0], 1,
				      RTM_HANDLE_NEXTHOP));
	EXPECT_EQ(EBADF, errno);
	close_and_check(_metadata, self);
}

TEST_F(info, route_with_eight_nexthops)
{
	struct rtm_counters start, mid;
	struct rtm_route_info ri;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, route_info(self->fd_a, self->r8,
				RTM_ROUTE_INFO_F_HANDLES, &ri));
	expect_r8(_metadata, &ri);
	EXPECT_EQ(self->ent_a, ri.owner);
	EXPECT_EQ(self->nh[NB], ri.neighbour);
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		EXPECT_EQ(self->nh[i], ri.nexthops[i]);
	/* new distinct objects: dest and owner; the next hops add counts */
	read_counters(_metadata, self, &mid);
	if (self->have_counters)
		EXPECT_EQ(start.handles + 2, mid.handles);
	release_info_once(_metadata, self->fd_a, &ri);
	expect_counters(_metadata, self, &start);
	/* each next hop is still held once, from its add */
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, self->nh, NR_NH,
				     RTM_HANDLE_NEXTHOP));
	close_and_check(_metadata, self);
}

TEST_F(info, without_handles_nothing_is_taken)
{
	struct rtm_counters start;
	struct rtm_route_info ri;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, route_info(self->fd_a, self->r8, 0, &ri));
	expect_r8(_metadata, &ri);
	EXPECT_EQ(0, ri.dest_handle);
	EXPECT_EQ(0, ri.owner);
	EXPECT_EQ(0, ri.neighbour);
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		EXPECT_EQ(0, ri.nexthops[i]);
	ASSERT_EQ(0, route_info(self->fd_a, self->r1, 0, &ri));
	expect_r1(_metadata, &ri);
	EXPECT_EQ(0, ri.dest_handle);
	EXPECT_EQ(0, ri.neighbour);
	EXPECT_EQ(0, ri.nexthops[0]);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, another_entitys_route_from_a_walk)
{
	struct rtm_counters start;
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	struct rtm_dest_record *rec;
	__u64 walk, route = 0;
	void *records;
	__u32 nv;
	long n, i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd_b, RTM_ENUM_F_START,
					 RTM_VIEW_MASK_UCAST, 0, NULL, &walk,
					 &nv));
	ASSERT_EQ(1, nv);
	n = rtm_raw_fetch_all(self->fd_b, walk, nv, 16, &records);
	ASSERT_EQ(2, n);	/* 10/8 and 10.1/16: 10.8/16 is multicast only */
	for (i = 0; i < n; i++) {
		rec = (void *)((char *)records + i * RTM_DEST_RECORD_SIZE(1));
		if (addr_is4(&rec->dest, 10, 1, 0, 0, 16))
			route = rec->view[0].route;
	}
	ASSERT_EQ(self->r1, route);	/* handle values are the same */

	ASSERT_EQ(0, route_info(self->fd_b, route, RTM_ROUTE_INFO_F_HANDLES,
				&ri));
	expect_r1(_metadata, &ri);
	EXPECT_EQ(self->ent_a, ri.owner);
	EXPECT_EQ(self->nh[NB], ri.neighbour);
	EXPECT_EQ(self->nh[0], ri.nexthops[0]);

	/* B now holds A's next hop and can ask about it */
	ASSERT_EQ(0, nexthop_info(self->fd_b, ri.nexthops[0], &ni));
	EXPECT_EQ(self->ent_a, ni.owner);
	EXPECT_TRUE(addr_is4(&ni.addr, 192, 0, 2, 1, 32));
	EXPECT_EQ(1, ni.ifindex);
	EXPECT_EQ(0xe0, ni.entity_info);
	EXPECT_EQ(0, rtm_raw_release(self->fd_b, &ni.owner, 1,
				     RTM_HANDLE_ENTITY));

	release_info_once(_metadata, self->fd_b, &ri);
	EXPECT_EQ(0, rtm_raw_release_records(self->fd_b, records, n, nv));
	free(records);
	EXPECT_EQ(0, rtm_raw_enum_delete(self->fd_b, walk));
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, deleted_route_still_held_reports_state_deleted)
{
	struct rtm_route_info ri;
	struct rtm_dest_record *rec;
	union {
		struct rtm_dest_record r;
		char b[RTM_DEST_RECORD_SIZE(1)];
	} u;
	struct rtm_dest_get get = {
		.flags = RTM_DEST_GET_EXACT,
		.views = RTM_VIEW_MASK_MCAST,
		.record_size = sizeof(u),
		.record = (uintptr_t)&u,
	};

	RTM_RETURN_IF_SKIPPED();
	rec = &u.r;
	rtm_prefix4(&get.addr, 10, 8, 0, 0, 16);
	ASSERT_EQ(0, ioctl(self->fd_b, RTM_IOC_DEST_GET, &get));
	ASSERT_EQ(self->r8, rec->view[0].route);
	/* A deletes r8 (its handle consumed); B still holds it */
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd_a, self->r8));
	ASSERT_EQ(0, route_info(self->fd_b, self->r8,
				RTM_ROUTE_INFO_F_HANDLES, &ri));
	EXPECT_EQ(RTM_ROUTE_STATE_DELETED, ri.state);
	EXPECT_EQ(8, ri.num_nexthops);
	EXPECT_TRUE(addr_is4(&ri.dest, 10, 8, 0, 0, 16));
	EXPECT_EQ(rec->dest_handle, ri.dest_handle);
	EXPECT_EQ(self->ent_a, ri.owner);
	EXPECT_EQ(self->nh[7], ri.nexthops[7]);
	EXPECT_EQ(INFO8, ri.entity_info);
	release_info_once(_metadata, self->fd_b, &ri);
	EXPECT_EQ(0, rtm_raw_release_records(self->fd_b, rec, 1, 1));
	/* A's own file: the deleted route is no longer held */
	errno = 0;
	EXPECT_EQ(-1, route_info(self->fd_a, self->r8, 0, &ri));
	EXPECT_EQ(EBADF, errno);
	close_and_check(_metadata, self);
}

/* ---- RTM_IOC_NEXTHOP_INFO: fields ---- */

TEST_F(info, nexthop_fields_and_owner_reference)
{
	struct rtm_counters start, mid;
	struct rtm_nexthop_info ni;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	for (i = 0; i < NR_NH; i++) {
		ASSERT_EQ(0, nexthop_info(self->fd_a, self->nh[i], &ni));
		EXPECT_EQ(self->nh[i], ni.nexthop);
		EXPECT_EQ(self->ent_a, ni.owner);
		EXPECT_TRUE(addr_is4(&ni.addr, 192, 0, 2, 1 + i, 32));
		EXPECT_EQ(1 + i, ni.ifindex);
		EXPECT_EQ(RTM_NEXTHOP_STATE_CREATED, ni.nh_state);
		EXPECT_EQ(i & 1 ? RTM_NEXTHOP_FLAGS_DOWN : 0, ni.nh_flags);
		EXPECT_EQ(0, ni.flags);
		EXPECT_EQ(0xe0 + i, ni.entity_info);
		EXPECT_EQ(0, ni.reserved[0]);
		EXPECT_EQ(0, ni.reserved[1]);
	}
	/* one new distinct object (the owner), held NR_NH times */
	read_counters(_metadata, self, &mid);
	if (self->have_counters)
		EXPECT_EQ(start.handles + 1, mid.handles);
	for (i = 0; i < NR_NH; i++)
		EXPECT_EQ(0, rtm_raw_release(self->fd_a, &self->ent_a, 1,
					     RTM_HANDLE_ENTITY));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(self->fd_a, &self->ent_a, 1,
				      RTM_HANDLE_ENTITY));
	EXPECT_EQ(EBADF, errno);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, deleted_nexthop_reports_state_deleted)
{
	struct rtm_nexthop del = { 0 };
	struct rtm_nexthop_info ni;
	struct rtm_net_address p;
	__u64 again;

	RTM_RETURN_IF_SKIPPED();
	/* a second hold of nh[8], then a delete that consumes one */
	rtm_prefix4(&p, 192, 0, 2, 9, 32);
	ASSERT_EQ(0, nexthop_add(self->fd_a, &p, 9, 0, 0xe8, &again));
	ASSERT_EQ(self->nh[NB], again);
	del.handle = again;
	ASSERT_EQ(0, ioctl(self->fd_a, RTM_IOC_NEXTHOP_DELETE, &del));
	ASSERT_EQ(0, nexthop_info(self->fd_a, self->nh[NB], &ni));
	EXPECT_EQ(RTM_NEXTHOP_STATE_DELETED, ni.nh_state);
	EXPECT_TRUE(addr_is4(&ni.addr, 192, 0, 2, 9, 32));
	EXPECT_EQ(9, ni.ifindex);
	EXPECT_EQ(self->ent_a, ni.owner);
	EXPECT_EQ(0, rtm_raw_release(self->fd_a, &ni.owner, 1,
				     RTM_HANDLE_ENTITY));
	close_and_check(_metadata, self);
}

/* ---- IPv6 ---- */

TEST_F(info, ipv6_route_and_nexthop)
{
	struct rtm_counters start;
	struct rtm_net_address p, a;
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	__u64 ent, nh, route;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET6, RTM_TEST_PROTO_C,
				      getpid(), &ent));
	memset(&a, 0, sizeof(a));
	a.family = AF_INET6;
	a.prefix_len = 128;
	a.addr[0] = 0x20;
	a.addr[1] = 0x01;
	a.addr[2] = 0x0d;
	a.addr[3] = 0xb8;
	a.addr[15] = 0x01;
	ASSERT_EQ(0, nexthop_add(fd, &a, 0, RTM_NEXTHOP_FLAGS_REMOTE, 66,
				 &nh));
	memset(&p, 0, sizeof(p));
	p.family = AF_INET6;
	p.prefix_len = 48;
	p.addr[0] = 0x20;
	p.addr[1] = 0x01;
	p.addr[2] = 0x0d;
	p.addr[3] = 0xb8;
	p.addr[5] = 0x01;
	ASSERT_EQ(0, route_add(fd, &p, 40, 3, RTM_VIEW_MASK_UCAST, 0, nh,
			       &nh, 1, 77, &route));

	ASSERT_EQ(0, route_info(fd, route, RTM_ROUTE_INFO_F_HANDLES, &ri));
	EXPECT_EQ(0, memcmp(&ri.dest, &p, sizeof(p)));
	EXPECT_EQ(1, ri.num_nexthops);
	EXPECT_EQ(nh, ri.nexthops[0]);
	EXPECT_EQ(nh, ri.neighbour);
	EXPECT_EQ(ent, ri.owner);
	EXPECT_EQ(3, ri.metric);
	EXPECT_EQ(40, ri.preference);
	EXPECT_EQ(RTM_VIEW_MASK_UCAST, ri.views);
	EXPECT_EQ(77, ri.entity_info);
	release_info_once(_metadata, fd, &ri);

	ASSERT_EQ(0, nexthop_info(fd, nh, &ni));
	EXPECT_EQ(0, memcmp(&ni.addr, &a, sizeof(a)));
	EXPECT_EQ(0, ni.ifindex);
	EXPECT_EQ(RTM_NEXTHOP_FLAGS_REMOTE, ni.nh_flags);
	EXPECT_EQ(66, ni.entity_info);
	EXPECT_EQ(ent, ni.owner);
	EXPECT_EQ(0, rtm_raw_release(fd, &ni.owner, 1, RTM_HANDLE_ENTITY));
	close(fd);
	close_and_check(_metadata, self);
}

/* ---- errors ---- */

TEST_F(info, bad_flags_and_reserved_are_einval)
{
	struct rtm_counters start;
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	for (i = 0; i < 5; i++) {
		memset(&ri, 0, sizeof(ri));
		ri.route = self->r8;
		ri.flags = RTM_ROUTE_INFO_F_HANDLES;
		switch (i) {
		case 0: ri.flags |= 0x2; break;
		case 1: ri.reserved0 = 1; break;
		case 2: ri.reserved1 = 1; break;
		case 3: ri.reserved[0] = 1; break;
		case 4: ri.reserved[1] = 1; break;
		}
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd_a, RTM_IOC_ROUTE_INFO, &ri));
		EXPECT_EQ(EINVAL, errno) {
			TH_LOG("case %u", i);
		}
	}
	memset(&ri, 0, sizeof(ri));
	ri.route = self->r8;
	ri.flags = 0x80000000u;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd_a, RTM_IOC_ROUTE_INFO, &ri));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < 4; i++) {
		memset(&ni, 0, sizeof(ni));
		ni.nexthop = self->nh[0];
		switch (i) {
		case 0: ni.flags = 1; break;
		case 1: ni.flags = 0x80000000u; break;
		case 2: ni.reserved[0] = 1; break;
		case 3: ni.reserved[1] = 1; break;
		}
		errno = 0;
		EXPECT_EQ(-1, ioctl(self->fd_a, RTM_IOC_NEXTHOP_INFO, &ni));
		EXPECT_EQ(EINVAL, errno) {
			TH_LOG("case %u", i);
		}
	}
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, handle_not_held_or_wrong_type_is_ebadf)
{
	struct rtm_counters start;
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	__u64 bad_routes[] = {
		RTM_FORGED_HANDLE(RTM_HANDLE_ROUTE),
		0,
		self->nh[0],			/* a next hop */
		self->ent_a,			/* the entity */
		RTM_HANDLE_WITH_TYPE(self->r1, RTM_HANDLE_NEXTHOP),
		RTM_HANDLE_WITH_TYPE(self->r1, RTM_HANDLE_DEST),
	};
	__u64 bad_nhs[] = {
		RTM_FORGED_HANDLE(RTM_HANDLE_NEXTHOP),
		0,
		self->r1,			/* a route */
		self->ent_a,
		RTM_HANDLE_WITH_TYPE(self->nh[0], RTM_HANDLE_ROUTE),
	};
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	for (i = 0; i < ARRAY_SIZE(bad_routes); i++) {
		errno = 0;
		EXPECT_EQ(-1, route_info(self->fd_a, bad_routes[i],
					 RTM_ROUTE_INFO_F_HANDLES, &ri));
		EXPECT_EQ(EBADF, errno) {
			TH_LOG("route case %u", i);
		}
	}
	for (i = 0; i < ARRAY_SIZE(bad_nhs); i++) {
		errno = 0;
		EXPECT_EQ(-1, nexthop_info(self->fd_a, bad_nhs[i], &ni));
		EXPECT_EQ(EBADF, errno) {
			TH_LOG("next hop case %u", i);
		}
	}
	/* A's handles are not B's */
	errno = 0;
	EXPECT_EQ(-1, route_info(self->fd_b, self->r1, 0, &ri));
	EXPECT_EQ(EBADF, errno);
	errno = 0;
	EXPECT_EQ(-1, nexthop_info(self->fd_b, self->nh[0], &ni));
	EXPECT_EQ(EBADF, errno);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(info, unregistered_file_is_enxio)
{
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	fd = rtm_open();
	ASSERT_LE(0, fd);
	errno = 0;
	EXPECT_EQ(-1, route_info(fd, self->r1, 0, &ri));
	EXPECT_EQ(ENXIO, errno);
	errno = 0;
	EXPECT_EQ(-1, nexthop_info(fd, self->nh[0], &ni));
	EXPECT_EQ(ENXIO, errno);
	close(fd);
	close_and_check(_metadata, self);
}

TEST_F(info, past_the_handle_cap_is_edquot_and_takes_nothing)
{
	union {
		struct rtm_dest_record r;
		char b[RTM_DEST_RECORD_SIZE(1)];
	} u;
	struct rtm_dest_get get = {
		.flags = RTM_DEST_GET_EXACT,
		.views = RTM_VIEW_MASK_MCAST,
		.record_size = sizeof(u),
		.record = (uintptr_t)&u,
	};
	struct rtm_counters start;
	struct rtm_route_info ri;
	struct rtm_nexthop_info ni;
	struct rtm_net_address p;
	unsigned long saved;
	__u64 nh;
	int fd, fd2;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_param_get("max_handles_per_file", &saved));
	ASSERT_EQ(0, rtm_param_set("max_handles_per_file", 3));
	fd = rtm_open();
	ASSERT_EQ(0, rtm_param_set("max_handles_per_file", 1));
	fd2 = rtm_open();
	EXPECT_EQ(0, rtm_param_set("max_handles_per_file", saved));
	ASSERT_LE(0, fd);
	ASSERT_LE(0, fd2);

	/* fd holds r8's dest, r8 and A: 3 of 3 */
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
				      getpid(), NULL));
	rtm_prefix4(&get.addr, 10, 8, 0, 0, 16);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_DEST_GET, &get));
	ASSERT_EQ(self->r8, u.r.view[0].route);
	read_counters(_metadata, self, &start);
	/* dest and owner would be counted first, then the 9th distinct... */
	errno = 0;
	EXPECT_EQ(-1, route_info(fd, self->r8, RTM_ROUTE_INFO_F_HANDLES,
				 &ri));
	EXPECT_EQ(EDQUOT, errno);
	expect_counters(_metadata, self, &start);
	/* ... and given back: dest and owner are held exactly once */
	EXPECT_EQ(0, rtm_raw_release_records(fd, &u.r, 1, 1));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(fd, &self->ent_a, 1, RTM_HANDLE_ANY));
	EXPECT_EQ(EBADF, errno);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_DEST_GET, &get));
	/* without handles there is nothing to count */
	EXPECT_EQ(0, route_info(fd, self->r8, 0, &ri));
	EXPECT_EQ(8, ri.num_nexthops);
	EXPECT_EQ(0, rtm_raw_release_records(fd, &u.r, 1, 1));

	/* fd2 holds its own next hop; its owner would be a second object */
	ASSERT_EQ(0, rtm_raw_register(fd2, AF_INET, RTM_TEST_PROTO_C,
				      getpid() + 1, NULL));
	rtm_prefix4(&p, 192, 0, 2, 100, 32);
	ASSERT_EQ(0, nexthop_add(fd2, &p, 1, 0, 0, &nh));
	read_counters(_metadata, self, &start);
	errno = 0;
	EXPECT_EQ(-1, nexthop_info(fd2, nh, &ni));
	EXPECT_EQ(EDQUOT, errno);
	expect_counters(_metadata, self, &start);
	close(fd);
	close(fd2);
	close_and_check(_metadata, self);
}

TEST_F(info, unwritable_struct_is_efault_and_takes_nothing)
{
	struct rtm_counters start;
	struct rtm_route_info *ri;
	struct rtm_nexthop_info *ni;
	void *page;

	RTM_RETURN_IF_SKIPPED();
	page = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	ri = page;
	ri->route = self->r8;
	ri->flags = RTM_ROUTE_INFO_F_HANDLES;
	ni = (void *)((char *)page + 1024);
	ni->nexthop = self->nh[0];
	ASSERT_EQ(0, mprotect(page, getpagesize(), PROT_READ));
	read_counters(_metadata, self, &start);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd_a, RTM_IOC_ROUTE_INFO, ri));
	EXPECT_EQ(EFAULT, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd_a, RTM_IOC_NEXTHOP_INFO, ni));
	EXPECT_EQ(EFAULT, errno);
	expect_counters(_metadata, self, &start);
	/* nothing taken: A's own entity is still not held */
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(self->fd_a, &self->ent_a, 1,
				      RTM_HANDLE_ANY));
	EXPECT_EQ(EBADF, errno);
	munmap(page, getpagesize());
	close_and_check(_metadata, self);
}

/* ---- librtm ---- */

/*
 * Entity C through librtm: next hops 198.51.100.1 .. .8 and 10.7.0.0/16
 * over all 8, neighbour the first.
 */
static void librtm_setup(struct __test_metadata *_metadata,
			 RTM_ENTITY_HANDLE *h, RTM_REGN_PROFILE *profile,
			 RTM_NEXTHOP_HANDLE *nhs, RTM_ROUTE_HANDLE *route)
{
	union {
		RTM_ROUTE_INFO ri;
		char b[RTM_SIZE_OF_ROUTE_INFO(RTM_MAX_NEXTHOPS)];
	} u;
	RTM_NEXTHOP_INFO nhi;
	RTM_NET_ADDRESS dest;
	unsigned int i;

	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_C,
					     getpid(), h, profile));
	ASSERT_EQ(RTM_MAX_NEXTHOPS, profile->MaxNextHopsInRoute);
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++) {
		memset(&nhi, 0, sizeof(nhi));
		RTM_IPV4_MAKE_NET_ADDRESS(&nhi.NextHopAddress,
					  htonl(0xc6336401 + i), 32);
		nhi.InterfaceIndex = 2;
		nhi.Flags = RTM_NEXTHOP_FLAGS_DOWN;
		nhi.EntitySpecificInfo = (PVOID)(uintptr_t)(0x700 + i);
		nhs[i] = NULL;
		ASSERT_EQ(NO_ERROR, RtmAddNextHop(*h, &nhi, &nhs[i], NULL));
	}
	memset(&u, 0, sizeof(u));
	RTM_IPV4_MAKE_NET_ADDRESS(&dest, htonl(0x0a070000), 16);
	u.ri.Neighbour = nhs[0];
	u.ri.PrefInfo.Metric = 4;
	u.ri.PrefInfo.Preference = 50;
	u.ri.BelongsToViews = RTM_VIEW_MASK_UCAST;
	u.ri.Flags = RTM_ROUTE_FLAGS_REMOTE;
	u.ri.EntitySpecificInfo = (PVOID)(uintptr_t)0xc0ffee;
	u.ri.NextHopsList.NumNextHops = RTM_MAX_NEXTHOPS;
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		u.ri.NextHopsList.NextHops[i] = nhs[i];
	*route = NULL;
	ASSERT_EQ(NO_ERROR, RtmAddRouteToDest(*h, route, &dest, &u.ri,
					      INFINITE, NULL, 0, NULL, NULL));
}

/*
 * The issue-9 flow: the best route of a destination into a buffer of
 * RTM_SIZE_OF_ROUTE_INFO(MaxNextHopsInRoute) bytes, then its first next
 * hop, then both released.
 */
TEST_F(info, librtm_issue9_flow)
{
	union { RTM_DEST_INFO info; char b[RTM_SIZE_OF_DEST_INFO(1)]; } d;
	RTM_NEXTHOP_HANDLE nhs[RTM_MAX_NEXTHOPS];
	struct rtm_counters start;
	RTM_REGN_PROFILE profile;
	RTM_NEXTHOP_INFO nhi;
	RTM_ROUTE_HANDLE route;
	RTM_ROUTE_INFO *ri;
	RTM_NET_ADDRESS na;
	RTM_ENTITY_HANDLE h;
	unsigned char *buf;
	size_t size, i;
	bool guard = true;

	RTM_RETURN_IF_SKIPPED();
	librtm_setup(_metadata, &h, &profile, nhs, &route);
	read_counters(_metadata, self, &start);

	RTM_IPV4_MAKE_NET_ADDRESS(&na, htonl(0x0a070000), 16);
	ASSERT_EQ(NO_ERROR, RtmGetExactMatchDestination(h, &na,
							RTM_BEST_PROTOCOL,
							RTM_VIEW_MASK_UCAST,
							&d.info));
	ASSERT_EQ(RTM_HANDLE_TO_U64(route),
		  RTM_HANDLE_TO_U64(d.info.ViewInfo[0].Route));

	size = RTM_SIZE_OF_ROUTE_INFO(profile.MaxNextHopsInRoute);
	EXPECT_EQ(offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops) +
		  profile.MaxNextHopsInRoute * sizeof(RTM_NEXTHOP_HANDLE),
		  size);
	buf = malloc(size + 64);
	ASSERT_NE(NULL, buf);
	memset(buf, 0x5a, size + 64);
	ri = (RTM_ROUTE_INFO *)buf;
	memset(&na, 0xa5, sizeof(na));
	ASSERT_EQ(NO_ERROR, RtmGetRouteInfo(h, d.info.ViewInfo[0].Route, ri,
					    &na));
	for (i = size; i < size + 64; i++)
		guard &= buf[i] == 0x5a;
	EXPECT_TRUE(guard) {
		TH_LOG("RtmGetRouteInfo wrote past %zu bytes", size);
	}
	EXPECT_EQ(RTM_HANDLE_TO_U64(d.info.DestHandle),
		  RTM_HANDLE_TO_U64(ri->DestHandle));
	EXPECT_EQ(RTM_HANDLE_TO_U64(h), RTM_HANDLE_TO_U64(ri->RouteOwner));
	EXPECT_EQ(RTM_HANDLE_TO_U64(nhs[0]),
		  RTM_HANDLE_TO_U64(ri->Neighbour));
	EXPECT_EQ(RTM_ROUTE_STATE_CREATED, ri->State);
	EXPECT_EQ(0, ri->Flags1);
	EXPECT_EQ(RTM_ROUTE_FLAGS_REMOTE, ri->Flags);
	EXPECT_EQ(4, ri->PrefInfo.Metric);
	EXPECT_EQ(50, ri->PrefInfo.Preference);
	EXPECT_EQ(RTM_VIEW_MASK_UCAST, ri->BelongsToViews);
	EXPECT_EQ((PVOID)(uintptr_t)0xc0ffee, ri->EntitySpecificInfo);
	ASSERT_EQ(RTM_MAX_NEXTHOPS, ri->NextHopsList.NumNextHops);
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		EXPECT_EQ(RTM_HANDLE_TO_U64(nhs[i]),
			  RTM_HANDLE_TO_U64(ri->NextHopsList.NextHops[i]));
	EXPECT_EQ(AF_INET, na.AddressFamily);
	EXPECT_EQ(16, na.NumBits);
	EXPECT_EQ(10, na.AddrBits[0]);
	EXPECT_EQ(7, na.AddrBits[1]);
	for (i = 4; i < sizeof(na.AddrBits); i++)
		EXPECT_EQ(0, na.AddrBits[i]);

	memset(&nhi, 0xa5, sizeof(nhi));
	ASSERT_EQ(NO_ERROR, RtmGetNextHopInfo(h, ri->NextHopsList.NextHops[0],
					      &nhi));
	EXPECT_EQ(AF_INET, nhi.NextHopAddress.AddressFamily);
	EXPECT_EQ(32, nhi.NextHopAddress.NumBits);
	EXPECT_EQ(198, nhi.NextHopAddress.AddrBits[0]);
	EXPECT_EQ(1, nhi.NextHopAddress.AddrBits[3]);
	for (i = 4; i < sizeof(nhi.NextHopAddress.AddrBits); i++)
		EXPECT_EQ(0, nhi.NextHopAddress.AddrBits[i]);
	EXPECT_EQ(RTM_HANDLE_TO_U64(h), RTM_HANDLE_TO_U64(nhi.NextHopOwner));
	EXPECT_EQ(2, nhi.InterfaceIndex);
	EXPECT_EQ(RTM_NEXTHOP_STATE_CREATED, nhi.State);
	EXPECT_EQ(RTM_NEXTHOP_FLAGS_DOWN, nhi.Flags);
	EXPECT_EQ((PVOID)(uintptr_t)0x700, nhi.EntitySpecificInfo);
	EXPECT_EQ(NULL, nhi.RemoteNextHop);

	EXPECT_EQ(NO_ERROR, RtmReleaseNextHopInfo(h, &nhi));
	EXPECT_EQ(NO_ERROR, RtmReleaseRouteInfo(h, ri));
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(h, &d.info));
	expect_counters(_metadata, self, &start);
	/* released once: the second time the dest is not held */
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseRouteInfo(h, ri));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseNextHopInfo(h, &nhi));
	expect_counters(_metadata, self, &start);

	/* DestAddress alone takes nothing */
	memset(&na, 0, sizeof(na));
	EXPECT_EQ(NO_ERROR, RtmGetRouteInfo(h, route, NULL, &na));
	EXPECT_EQ(16, na.NumBits);
	expect_counters(_metadata, self, &start);
	free(buf);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
	close_and_check(_metadata, self);
}

TEST_F(info, librtm_errors)
{
	union {
		RTM_ROUTE_INFO ri;
		char b[RTM_SIZE_OF_ROUTE_INFO(RTM_MAX_NEXTHOPS)];
	} u;
	RTM_NEXTHOP_HANDLE nhs[RTM_MAX_NEXTHOPS];
	struct rtm_counters start;
	RTM_REGN_PROFILE profile;
	RTM_NEXTHOP_INFO nhi;
	RTM_ROUTE_HANDLE route;
	RTM_NET_ADDRESS na;
	RTM_ENTITY_HANDLE h;

	RTM_RETURN_IF_SKIPPED();
	librtm_setup(_metadata, &h, &profile, nhs, &route);
	read_counters(_metadata, self, &start);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  RtmGetRouteInfo(h, route, NULL, NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, RtmGetNextHopInfo(h, nhs[0], NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, RtmReleaseRouteInfo(h, NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, RtmReleaseNextHopInfo(h, NULL));
	/* a route or next hop this registration does not hold */
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetRouteInfo(h, RTM_U64_TO_HANDLE(self->r1), &u.ri, &na));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetRouteInfo(h, RTM_U64_TO_HANDLE(
				  RTM_FORGED_HANDLE(RTM_HANDLE_ROUTE)),
				  &u.ri, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetNextHopInfo(h, RTM_U64_TO_HANDLE(self->nh[0]), &nhi));
	/* wrong types */
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetRouteInfo(h, nhs[0], &u.ri, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmGetNextHopInfo(h, route, &nhi));
	/* an unknown registration */
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetRouteInfo((HANDLE)0x42, route, &u.ri, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetNextHopInfo((HANDLE)0x42, nhs[0], &nhi));
	expect_counters(_metadata, self, &start);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetRouteInfo(h, route, &u.ri, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmGetNextHopInfo(h, nhs[0], &nhi));
	close_and_check(_metadata, self);
}

TEST_HARNESS_MAIN
