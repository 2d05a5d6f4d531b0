// SPDX-License-Identifier: GPL-2.0
/*
 * RTM_IOC_DEST_GET: one destination by exact or longest-matching prefix,
 * with raw ioctls and through librtm's RtmGetExactMatchDestination and
 * RtmGetMostSpecificDestination. The record must be the one a walk
 * returns, holding the same references; each error path has its own TEST
 * with otherwise valid arguments, and every TEST ends with the object
 * counters back where they started.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_counters.h"
#include "rtm_test_util.h"

#define MAX_RECORD	RTM_DEST_RECORD_SIZE(RTM_NUM_VIEWS)
#define VIEWS_BOTH	(RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST)

/* In a child: exit with @step unless @cond holds */
#define CHILD_CHECK(step, cond) do {			\
		if (!(cond))				\
			_exit(step);			\
	} while (0)

/*
 * The IPv4 table, as seen by the reader (entity B):
 *   10.0.0.0/8   A, unicast
 *   10.1.0.0/16  A, unicast + multicast, preference 10 (the best)
 *                B, unicast, preference 20
 *   10.2.0.0/16  A, multicast only
 * and 0.0.0.0/0 (A, multicast) where a test adds it.
 */
FIXTURE(dest) {
	int fd_a;		/* the daemon that owns most routes */
	int fd_b;		/* the reader, an entity too */
	__u64 ent_a, ent_b;
	__u64 r8, r16a, r16b, r16m;
	struct rtm_counters before;
	bool have_counters;
};

FIXTURE_SETUP(dest)
{
	struct rtm_net_address p;

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
	rtm_prefix4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd_a, &p, 10, 1,
				       RTM_VIEW_MASK_UCAST, &self->r8));
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd_a, &p, 10, 1, VIEWS_BOTH,
				       &self->r16a));
	ASSERT_EQ(0, rtm_raw_route_add(self->fd_b, &p, 20, 1,
				       RTM_VIEW_MASK_UCAST, &self->r16b));
	rtm_prefix4(&p, 10, 2, 0, 0, 16);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd_a, &p, 10, 1,
				       RTM_VIEW_MASK_MCAST, &self->r16m));
}

FIXTURE_TEARDOWN(dest)
{
	if (self->fd_a >= 0)
		close(self->fd_a);
	if (self->fd_b >= 0)
		close(self->fd_b);
}

/* One RTM_IOC_DEST_GET; *@num_views (if given) gets the count on success */
static int dest_get(int fd, __u32 flags, __u32 views, __u32 protocol,
		    const struct rtm_net_address *addr, void *record,
		    __u32 record_size, __u32 *num_views)
{
	struct rtm_dest_get get = {
		.flags = flags,
		.views = views,
		.protocol_id = protocol,
		.addr = *addr,
		.record_size = record_size,
		.record = (uintptr_t)record,
	};
	int ret;

	ret = ioctl(fd, RTM_IOC_DEST_GET, &get);
	if (!ret && num_views)
		*num_views = get.num_views;
	return ret;
}

static void read_counters(struct __test_metadata *_metadata,
			  FIXTURE_DATA(dest) *self, struct rtm_counters *c)
{
	memset(c, 0, sizeof(*c));
	if (self->have_counters)
		ASSERT_EQ(0, rtm_read_counters(c));
}

/* The counters now equal @want (nothing taken or left behind) */
static void expect_counters(struct __test_metadata *_metadata,
			    FIXTURE_DATA(dest) *self,
			    const struct rtm_counters *want)
{
	if (self->have_counters)
		rtm_expect_counters(_metadata, want);
}

/* Close both files; the counters must come back to the start */
static void close_and_check(struct __test_metadata *_metadata,
			    FIXTURE_DATA(dest) *self)
{
	close(self->fd_a);
	close(self->fd_b);
	self->fd_a = -1;
	self->fd_b = -1;
	if (self->have_counters)
		rtm_expect_counters_back(_metadata, &self->before);
}

/* The prefix of a record is @a.@b.@c.@d/@len */
static bool rec_is4(const struct rtm_dest_record *rec, uint8_t a, uint8_t b,
		    uint8_t c, uint8_t d, unsigned int len)
{
	struct rtm_net_address p;

	rtm_prefix4(&p, a, b, c, d, len);
	return memcmp(&rec->dest, &p, sizeof(p)) == 0;
}

/*
 * Exact 10.1.0.0/16 with @views and @protocol as the reader; the record is
 * checked by the caller, then released with exactly its references.
 */
static void exact_16(struct __test_metadata *_metadata,
		     FIXTURE_DATA(dest) *self, __u32 views, __u32 protocol,
		     __u32 want_views, struct rtm_dest_record *rec)
{
	struct rtm_net_address p;
	__u32 num_views = 0xdead;

	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	memset(rec, 0xa5, MAX_RECORD);
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT, views, protocol,
			      &p, rec, MAX_RECORD, &num_views));
	EXPECT_EQ(want_views, num_views);
	EXPECT_EQ(want_views, rec->num_views);
	EXPECT_EQ(RTM_HANDLE_DEST, RTM_HANDLE_TYPE(rec->dest_handle));
	EXPECT_TRUE(rec_is4(rec, 10, 1, 0, 0, 16));
	EXPECT_EQ(VIEWS_BOTH, rec->belongs_to_views);
	EXPECT_EQ(0, rec->reserved);
	EXPECT_TRUE(rec->last_changed[0] || rec->last_changed[1]);
}

static void release_record(struct __test_metadata *_metadata,
			   FIXTURE_DATA(dest) *self,
			   const struct rtm_dest_record *rec)
{
	EXPECT_EQ(0, rtm_raw_release_records(self->fd_b, rec, 1,
					     rec->num_views));
}

/* ---- exact matches ---- */

TEST_F(dest, exact_without_views_has_no_slots)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, RTM_VIEW_MASK_ANY, RTM_PROTOCOL_BEST, 0,
		 &u.r);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_one_view_best_protocol)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, RTM_VIEW_MASK_UCAST, RTM_PROTOCOL_BEST, 1,
		 &u.r);
	EXPECT_EQ(RTM_VIEW_UCAST, u.r.view[0].view_id);
	EXPECT_EQ(2, u.r.view[0].num_routes);
	EXPECT_EQ(self->r16a, u.r.view[0].route);
	EXPECT_EQ(self->ent_a, u.r.view[0].owner);
	EXPECT_EQ(0, u.r.view[0].dest_flags);
	EXPECT_EQ(0, u.r.view[0].reserved);
	EXPECT_EQ(0, u.r.view[0].hold_route);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_two_views_best_protocol)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, VIEWS_BOTH, RTM_PROTOCOL_BEST, 2, &u.r);
	EXPECT_EQ(RTM_VIEW_UCAST, u.r.view[0].view_id);
	EXPECT_EQ(2, u.r.view[0].num_routes);
	EXPECT_EQ(self->r16a, u.r.view[0].route);
	EXPECT_EQ(self->ent_a, u.r.view[0].owner);
	EXPECT_EQ(RTM_VIEW_MCAST, u.r.view[1].view_id);
	EXPECT_EQ(1, u.r.view[1].num_routes);
	EXPECT_EQ(self->r16a, u.r.view[1].route);
	EXPECT_EQ(self->ent_a, u.r.view[1].owner);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_all_views_mask_is_both_views)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, RTM_VIEW_MASK_ALL_BITS, RTM_PROTOCOL_BEST, 2,
		 &u.r);
	EXPECT_EQ(RTM_VIEW_MCAST, u.r.view[1].view_id);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_this_protocol_is_the_callers_route)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, VIEWS_BOTH, RTM_PROTOCOL_THIS, 2, &u.r);
	/* B's route is second in unicast and absent in multicast */
	EXPECT_EQ(2, u.r.view[0].num_routes);
	EXPECT_EQ(self->r16b, u.r.view[0].route);
	EXPECT_EQ(self->ent_b, u.r.view[0].owner);
	EXPECT_EQ(1, u.r.view[1].num_routes);
	EXPECT_EQ(0, u.r.view[1].route);
	EXPECT_EQ(0, u.r.view[1].owner);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_other_protocol_selects_its_route)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, RTM_VIEW_MASK_UCAST, RTM_TEST_PROTO_B, 1,
		 &u.r);
	EXPECT_EQ(self->r16b, u.r.view[0].route);
	EXPECT_EQ(self->ent_b, u.r.view[0].owner);
	release_record(_metadata, self, &u.r);

	exact_16(_metadata, self, RTM_VIEW_MASK_UCAST, RTM_TEST_PROTO_A, 1,
		 &u.r);
	EXPECT_EQ(self->r16a, u.r.view[0].route);
	EXPECT_EQ(self->ent_a, u.r.view[0].owner);
	release_record(_metadata, self, &u.r);

	/* A protocol without a route there: empty slot, no reference */
	exact_16(_metadata, self, RTM_VIEW_MASK_UCAST, RTM_TEST_PROTO_C, 1,
		 &u.r);
	EXPECT_EQ(2, u.r.view[0].num_routes);
	EXPECT_EQ(0, u.r.view[0].route);
	EXPECT_EQ(0, u.r.view[0].owner);
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_miss_is_enoent_and_takes_nothing)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_net_address p;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	/* Inside, above and beside existing destinations */
	rtm_prefix4(&p, 10, 1, 0, 0, 17);
	memset(&u, 0xa5, sizeof(u));
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	rtm_prefix4(&p, 10, 0, 0, 0, 7);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_EXACT, VIEWS_BOTH, 0,
			       &p, &u.r, MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	rtm_prefix4(&p, 10, 3, 0, 0, 16);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	for (i = 0; i < sizeof(u.b); i++)
		if ((unsigned char)u.b[i] != 0xa5)
			break;
	EXPECT_EQ(sizeof(u.b), i);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, exact_dest_only_in_other_view_is_enoent)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_net_address p;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 2, 0, 0, 16);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_EXACT,
			       RTM_VIEW_MASK_UCAST, 0, &p, &u.r, MAX_RECORD,
			       NULL));
	EXPECT_EQ(ENOENT, errno);
	expect_counters(_metadata, self, &start);

	/* It is there in its own view, and with no view filter */
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT,
			      RTM_VIEW_MASK_MCAST, 0, &p, &u.r, MAX_RECORD,
			      NULL));
	EXPECT_EQ(self->r16m, u.r.view[0].route);
	EXPECT_EQ(RTM_VIEW_MASK_MCAST, u.r.belongs_to_views);
	release_record(_metadata, self, &u.r);
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			      MAX_RECORD, NULL));
	EXPECT_TRUE(rec_is4(&u.r, 10, 2, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

/* ---- longest match ---- */

/* LONGEST of @a.@b.@c.@d/32 in @views: 0, or -1 with errno */
static int longest(FIXTURE_DATA(dest) *self, uint8_t a, uint8_t b, uint8_t c,
		   uint8_t d, __u32 views, struct rtm_dest_record *rec)
{
	struct rtm_net_address p;

	rtm_prefix4(&p, a, b, c, d, 32);
	memset(rec, 0xa5, MAX_RECORD);
	return dest_get(self->fd_b, RTM_DEST_GET_LONGEST, views,
			RTM_PROTOCOL_BEST, &p, rec, MAX_RECORD, NULL);
}

TEST_F(dest, longest_returns_the_most_specific_covering_dest)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_net_address p;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	ASSERT_EQ(0, longest(self, 10, 1, 2, 3, RTM_VIEW_MASK_UCAST, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 1, 0, 0, 16));
	EXPECT_EQ(self->r16a, u.r.view[0].route);
	release_record(_metadata, self, &u.r);

	ASSERT_EQ(0, longest(self, 10, 1, 255, 255, 0, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 1, 0, 0, 16));
	release_record(_metadata, self, &u.r);

	/* Outside the /16s: the /8 */
	ASSERT_EQ(0, longest(self, 10, 200, 0, 1, VIEWS_BOTH, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 0, 0, 0, 8));
	EXPECT_EQ(self->r8, u.r.view[0].route);
	EXPECT_EQ(0, u.r.view[1].route);
	release_record(_metadata, self, &u.r);

	/* A prefix that is itself a destination, and a longer one in it */
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_LONGEST, 0, 0, &p, &u.r,
			      MAX_RECORD, NULL));
	EXPECT_TRUE(rec_is4(&u.r, 10, 1, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	rtm_prefix4(&p, 10, 1, 128, 0, 17);
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_LONGEST, 0, 0, &p, &u.r,
			      MAX_RECORD, NULL));
	EXPECT_TRUE(rec_is4(&u.r, 10, 1, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	rtm_prefix4(&p, 10, 0, 0, 0, 7);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_LONGEST, 0, 0, &p,
			       &u.r, MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, longest_skips_dests_without_a_route_in_the_views)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	/* 10.2/16 has only multicast: unicast falls back to the /8 */
	ASSERT_EQ(0, longest(self, 10, 2, 3, 4, RTM_VIEW_MASK_UCAST, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 0, 0, 0, 8));
	EXPECT_EQ(self->r8, u.r.view[0].route);
	release_record(_metadata, self, &u.r);
	/* Multicast, or no filter, finds the /16 itself */
	ASSERT_EQ(0, longest(self, 10, 2, 3, 4, RTM_VIEW_MASK_MCAST, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 2, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	ASSERT_EQ(0, longest(self, 10, 2, 3, 4, 0, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 2, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, longest_without_covering_dest_in_the_views_is_enoent)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	/* Neither 10.3.x nor 10/8 is in multicast, and there is no 0/0 */
	errno = 0;
	EXPECT_EQ(-1, longest(self, 10, 3, 0, 1, RTM_VIEW_MASK_MCAST, &u.r));
	EXPECT_EQ(ENOENT, errno);
	errno = 0;
	EXPECT_EQ(-1, longest(self, 11, 0, 0, 1, 0, &u.r));
	EXPECT_EQ(ENOENT, errno);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, longest_falls_back_to_the_default_route)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_net_address p;
	__u64 r0;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&p, 0, 0, 0, 0, 0);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd_a, &p, 10, 1,
				       RTM_VIEW_MASK_MCAST, &r0));
	read_counters(_metadata, self, &start);
	/* 10/8 has no multicast route: up to 0/0 */
	ASSERT_EQ(0, longest(self, 10, 3, 0, 1, RTM_VIEW_MASK_MCAST, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 0, 0, 0, 0, 0));
	EXPECT_EQ(r0, u.r.view[0].route);
	release_record(_metadata, self, &u.r);
	ASSERT_EQ(0, longest(self, 11, 0, 0, 1, 0, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 0, 0, 0, 0, 0));
	release_record(_metadata, self, &u.r);
	/* Unicast: 0/0 does not count either, nothing covers 11.0.0.1 */
	errno = 0;
	EXPECT_EQ(-1, longest(self, 11, 0, 0, 1, RTM_VIEW_MASK_UCAST, &u.r));
	EXPECT_EQ(ENOENT, errno);
	/* 10.2/16 in multicast still wins over 0/0 */
	ASSERT_EQ(0, longest(self, 10, 2, 0, 9, RTM_VIEW_MASK_MCAST, &u.r));
	EXPECT_TRUE(rec_is4(&u.r, 10, 2, 0, 0, 16));
	release_record(_metadata, self, &u.r);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

/* ---- the record and its references ---- */

TEST_F(dest, record_is_the_walks_record)
{
	static const __u32 views_list[] = { 0, RTM_VIEW_MASK_UCAST,
					    VIEWS_BOTH };
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } got, walk;
	struct rtm_counters start;
	struct rtm_net_address p;
	__u32 num_views, count, out_flags;
	__u64 e;
	size_t i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	for (i = 0; i < ARRAY_SIZE(views_list); i++) {
		memset(&walk, 0, sizeof(walk));
		memset(&got, 0, sizeof(got));
		ASSERT_EQ(0, rtm_raw_enum_create(self->fd_b, RTM_ENUM_F_RANGE,
						 views_list[i],
						 RTM_PROTOCOL_BEST, &p, &e,
						 &num_views));
		ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd_b, e, &walk.r, 1,
						num_views, &count,
						&out_flags));
		ASSERT_EQ(1, count);
		EXPECT_EQ(0, rtm_raw_enum_delete(self->fd_b, e));
		ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT,
				      views_list[i], RTM_PROTOCOL_BEST, &p,
				      &got.r, RTM_DEST_RECORD_SIZE(num_views),
				      NULL));
		EXPECT_EQ(0, memcmp(&walk, &got,
				    RTM_DEST_RECORD_SIZE(num_views))) {
			TH_LOG("views %#x: the records differ", views_list[i]);
		}
		release_record(_metadata, self, &walk.r);
		release_record(_metadata, self, &got.r);
	}
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, dest_handle_is_the_walks_and_held_once_more)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } got, walk;
	struct rtm_counters start;
	struct rtm_net_address p;
	__u32 count, out_flags;
	__u64 e;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd_b, RTM_ENUM_F_RANGE, 0, 0,
					 &p, &e, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd_b, e, &walk.r, 1, 0, &count,
					&out_flags));
	ASSERT_EQ(1, count);
	EXPECT_EQ(0, rtm_raw_enum_delete(self->fd_b, e));
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT, 0, 0, &p,
			      &got.r, RTM_DEST_RECORD_SIZE(0), NULL));
	EXPECT_EQ(walk.r.dest_handle, got.r.dest_handle);

	/* Held twice: two releases work, a third finds nothing */
	EXPECT_EQ(0, rtm_raw_release(self->fd_b, &got.r.dest_handle, 1,
				     RTM_HANDLE_DEST));
	EXPECT_EQ(0, rtm_raw_release(self->fd_b, &got.r.dest_handle, 1,
				     RTM_HANDLE_DEST));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_release(self->fd_b, &got.r.dest_handle, 1,
				      RTM_HANDLE_DEST));
	EXPECT_EQ(EBADF, errno);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, record_holds_dest_route_and_owner_once)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	__u64 handles[3];
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	exact_16(_metadata, self, RTM_VIEW_MASK_UCAST, RTM_PROTOCOL_BEST, 1,
		 &u.r);
	handles[0] = u.r.dest_handle;
	handles[1] = u.r.view[0].route;
	handles[2] = u.r.view[0].owner;
	EXPECT_EQ(0, rtm_raw_release(self->fd_b, handles, 3, RTM_HANDLE_ANY));
	/* Nothing more was taken: each is gone now */
	for (i = 0; i < 3; i++) {
		errno = 0;
		EXPECT_EQ(-1, rtm_raw_release(self->fd_b, &handles[i], 1,
					      RTM_HANDLE_ANY));
		EXPECT_EQ(EBADF, errno);
	}
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

TEST_F(dest, larger_record_size_writes_one_record)
{
	char buf[MAX_RECORD + 64];
	struct rtm_counters start;
	struct rtm_net_address p;
	size_t i;

	RTM_RETURN_IF_SKIPPED();
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	memset(buf, 0xa5, sizeof(buf));
	ASSERT_EQ(0, dest_get(self->fd_b, RTM_DEST_GET_EXACT,
			      RTM_VIEW_MASK_UCAST, 0, &p, buf, sizeof(buf),
			      NULL));
	for (i = RTM_DEST_RECORD_SIZE(1); i < sizeof(buf); i++)
		if ((unsigned char)buf[i] != 0xa5)
			break;
	EXPECT_EQ(sizeof(buf), i);
	release_record(_metadata, self, (void *)buf);
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

/* ---- errors ---- */

/* DEST_GET of 10.1/16 in both views with one field of @get changed */
static void expect_einval(struct __test_metadata *_metadata,
			  FIXTURE_DATA(dest) *self, struct rtm_dest_get *get,
			  int want_errno)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_dest_get copy;

	read_counters(_metadata, self, &start);
	get->record = (uintptr_t)&u.r;
	copy = *get;
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->fd_b, RTM_IOC_DEST_GET, get));
	EXPECT_EQ(want_errno, errno);
	EXPECT_EQ(0, memcmp(&copy, get, sizeof(copy)));
	expect_counters(_metadata, self, &start);
	close_and_check(_metadata, self);
}

static void valid_get(struct rtm_dest_get *get)
{
	memset(get, 0, sizeof(*get));
	get->flags = RTM_DEST_GET_EXACT;
	get->views = VIEWS_BOTH;
	rtm_prefix4(&get->addr, 10, 1, 0, 0, 16);
	get->record_size = MAX_RECORD;
}

TEST_F(dest, unknown_flag_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.flags = 0x2;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, reserved0_nonzero_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.reserved[0] = 1;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, reserved1_nonzero_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.reserved[1] = 1ull << 63;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, host_bits_are_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.addr.addr[3] = 1;		/* 10.1.0.1/16 */
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, longest_with_host_bits_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.flags = RTM_DEST_GET_LONGEST;
	rtm_prefix4(&get.addr, 10, 1, 2, 3, 24);
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, prefix_too_long_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.addr.prefix_len = 33;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, bytes_past_ipv4_address_are_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.addr.addr[4] = 1;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, other_family_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.addr.family = AF_INET6;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, record_size_below_two_slots_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.record_size = RTM_DEST_RECORD_SIZE(2) - 1;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, all_views_record_size_of_one_slot_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.views = RTM_VIEW_MASK_ALL_BITS;
	get.record_size = RTM_DEST_RECORD_SIZE(1);
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, record_size_zero_without_views_is_einval)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.views = 0;
	get.record_size = 0;
	expect_einval(_metadata, self, &get, EINVAL);
}

TEST_F(dest, unsupported_view_is_eopnotsupp)
{
	struct rtm_dest_get get;

	RTM_RETURN_IF_SKIPPED();
	valid_get(&get);
	get.views = RTM_VIEW_MASK_UCAST | 0x4;
	expect_einval(_metadata, self, &get, EOPNOTSUPP);
}

TEST_F(dest, read_only_record_is_efault_and_takes_nothing)
{
	struct rtm_counters start;
	struct rtm_net_address p;
	void *page;

	RTM_RETURN_IF_SKIPPED();
	page = mmap(NULL, getpagesize(), PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_EXACT, VIEWS_BOTH, 0,
			       &p, page, MAX_RECORD, NULL));
	EXPECT_EQ(EFAULT, errno);
	expect_counters(_metadata, self, &start);
	/* The same with LONGEST */
	rtm_prefix4(&p, 10, 1, 2, 3, 32);
	errno = 0;
	EXPECT_EQ(-1, dest_get(self->fd_b, RTM_DEST_GET_LONGEST, 0, 0, &p,
			       page, MAX_RECORD, NULL));
	EXPECT_EQ(EFAULT, errno);
	expect_counters(_metadata, self, &start);
	munmap(page, getpagesize());
	close_and_check(_metadata, self);
}

TEST_F(dest, unregistered_file_is_enxio)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_net_address p;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	fd = rtm_open();
	ASSERT_LE(0, fd);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	errno = 0;
	EXPECT_EQ(-1, dest_get(fd, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(ENXIO, errno);
	close(fd);
	close_and_check(_metadata, self);
}

TEST_F(dest, past_the_handle_cap_is_edquot_and_takes_nothing)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_counters start;
	struct rtm_net_address p;
	unsigned long saved;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_param_get("max_handles_per_file", &saved));
	ASSERT_EQ(0, rtm_param_set("max_handles_per_file", 1));
	fd = rtm_open();
	EXPECT_EQ(0, rtm_param_set("max_handles_per_file", saved));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
				      getpid(), NULL));
	rtm_prefix4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, dest_get(fd, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			      MAX_RECORD, NULL));
	read_counters(_metadata, self, &start);
	rtm_prefix4(&p, 10, 1, 0, 0, 16);
	errno = 0;
	EXPECT_EQ(-1, dest_get(fd, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(EDQUOT, errno);
	expect_counters(_metadata, self, &start);
	close(fd);
	close_and_check(_metadata, self);
}

/* ---- callers ---- */

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

TEST_F(dest, works_for_an_unprivileged_caller)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_net_address p;
	pid_t pid;

	RTM_RETURN_IF_SKIPPED();
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		CHILD_CHECK(10, rtm_drop_to_nobody() == 0);
		fd = rtm_open();
		CHILD_CHECK(11, fd >= 0);
		CHILD_CHECK(12, rtm_raw_register(fd, AF_INET,
						 RTM_TEST_PROTO_C, getpid(),
						 NULL) == 0);
		rtm_prefix4(&p, 10, 1, 0, 0, 16);
		CHILD_CHECK(13, dest_get(fd, RTM_DEST_GET_EXACT, VIEWS_BOTH,
					 0, &p, &u.r, MAX_RECORD,
					 NULL) == 0);
		CHILD_CHECK(14, u.r.view[0].route == self->r16a &&
				u.r.view[0].owner == self->ent_a);
		CHILD_CHECK(15, rtm_raw_release_records(fd, &u.r, 1, 2) == 0);
		rtm_prefix4(&p, 10, 9, 9, 9, 32);
		CHILD_CHECK(16, dest_get(fd, RTM_DEST_GET_LONGEST, 0, 0, &p,
					 &u.r, MAX_RECORD, NULL) == 0);
		CHILD_CHECK(17, rec_is4(&u.r, 10, 0, 0, 0, 8));
		CHILD_CHECK(18, rtm_raw_release_records(fd, &u.r, 1, 0) == 0);
		close(fd);
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
	close_and_check(_metadata, self);
}

static void prefix6(struct rtm_net_address *p, __u16 w0, __u16 w1,
		    __u16 w2, __u16 w7, unsigned int len)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET6;
	p->prefix_len = len;
	p->addr[0] = w0 >> 8;
	p->addr[1] = w0 & 0xff;
	p->addr[2] = w1 >> 8;
	p->addr[3] = w1 & 0xff;
	p->addr[4] = w2 >> 8;
	p->addr[5] = w2 & 0xff;
	p->addr[14] = w7 >> 8;
	p->addr[15] = w7 & 0xff;
}

TEST_F(dest, ipv6_exact_and_longest)
{
	union { struct rtm_dest_record r; char b[MAX_RECORD]; } u;
	struct rtm_net_address p32, p48, p;
	__u64 r32, r48;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET6, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	prefix6(&p32, 0x2001, 0xdb8, 0, 0, 32);
	prefix6(&p48, 0x2001, 0xdb8, 1, 0, 48);
	ASSERT_EQ(0, rtm_raw_route_add(fd, &p32, 10, 1, RTM_VIEW_MASK_UCAST,
				       &r32));
	ASSERT_EQ(0, rtm_raw_route_add(fd, &p48, 10, 1, RTM_VIEW_MASK_MCAST,
				       &r48));

	ASSERT_EQ(0, dest_get(fd, RTM_DEST_GET_EXACT, RTM_VIEW_MASK_MCAST, 0,
			      &p48, &u.r, MAX_RECORD, NULL));
	EXPECT_EQ(0, memcmp(&u.r.dest, &p48, sizeof(p48)));
	EXPECT_EQ(r48, u.r.view[0].route);
	EXPECT_EQ(0, rtm_raw_release_records(fd, &u.r, 1, 1));

	prefix6(&p, 0x2001, 0xdb8, 1, 5, 128);
	ASSERT_EQ(0, dest_get(fd, RTM_DEST_GET_LONGEST, 0, 0, &p, &u.r,
			      MAX_RECORD, NULL));
	EXPECT_EQ(0, memcmp(&u.r.dest, &p48, sizeof(p48)));
	EXPECT_EQ(0, rtm_raw_release_records(fd, &u.r, 1, 0));
	/* The /48 is not in unicast: the /32 */
	ASSERT_EQ(0, dest_get(fd, RTM_DEST_GET_LONGEST, RTM_VIEW_MASK_UCAST,
			      0, &p, &u.r, MAX_RECORD, NULL));
	EXPECT_EQ(0, memcmp(&u.r.dest, &p32, sizeof(p32)));
	EXPECT_EQ(r32, u.r.view[0].route);
	EXPECT_EQ(0, rtm_raw_release_records(fd, &u.r, 1, 1));

	errno = 0;
	EXPECT_EQ(-1, dest_get(fd, RTM_DEST_GET_EXACT, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	prefix6(&p, 0x2001, 0xdb9, 0, 1, 128);
	errno = 0;
	EXPECT_EQ(-1, dest_get(fd, RTM_DEST_GET_LONGEST, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(ENOENT, errno);
	prefix6(&p, 0x2001, 0xdb8, 1, 1, 48);	/* host bits */
	errno = 0;
	EXPECT_EQ(-1, dest_get(fd, RTM_DEST_GET_LONGEST, 0, 0, &p, &u.r,
			       MAX_RECORD, NULL));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	close_and_check(_metadata, self);
}

/* ---- librtm ---- */

TEST_F(dest, librtm_round_trip)
{
	union { RTM_DEST_INFO info; char b[RTM_SIZE_OF_DEST_INFO(2)]; } u;
	struct rtm_counters start;
	RTM_ENTITY_HANDLE h;
	RTM_NET_ADDRESS na;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_C,
					     getpid(), &h, NULL));
	read_counters(_metadata, self, &start);

	/* The IPv4 macro leaves the bytes past the address as they were */
	memset(&na, 0xa5, sizeof(na));
	RTM_IPV4_MAKE_NET_ADDRESS(&na, htonl(0x0a010000), 16);
	memset(&u, 0, sizeof(u));
	ASSERT_EQ(NO_ERROR, RtmGetExactMatchDestination(h, &na,
							RTM_BEST_PROTOCOL,
							RTM_VIEW_MASK_ALL,
							&u.info));
	EXPECT_EQ(2, u.info.NumberOfViews);
	EXPECT_EQ(16, u.info.DestAddress.NumBits);
	EXPECT_EQ(self->r16a, RTM_HANDLE_TO_U64(u.info.ViewInfo[0].Route));
	EXPECT_EQ(self->ent_a, RTM_HANDLE_TO_U64(u.info.ViewInfo[1].Owner));
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(h, &u.info));
	expect_counters(_metadata, self, &start);

	RTM_IPV4_MAKE_NET_ADDRESS(&na, htonl(0x0a020304), 32);
	ASSERT_EQ(NO_ERROR, RtmGetMostSpecificDestination(h, &na,
							  RTM_BEST_PROTOCOL,
							  RTM_VIEW_MASK_UCAST,
							  &u.info));
	EXPECT_EQ(1, u.info.NumberOfViews);
	EXPECT_EQ(8, u.info.DestAddress.NumBits);
	EXPECT_EQ(self->r8, RTM_HANDLE_TO_U64(u.info.ViewInfo[0].Route));
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(h, &u.info));
	ASSERT_EQ(NO_ERROR, RtmGetMostSpecificDestination(h, &na,
							  RTM_THIS_PROTOCOL,
							  RTM_VIEW_MASK_ANY,
							  &u.info));
	EXPECT_EQ(0, u.info.NumberOfViews);
	EXPECT_EQ(16, u.info.DestAddress.NumBits);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(h, &u.info));
	expect_counters(_metadata, self, &start);

	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
	close_and_check(_metadata, self);
}

TEST_F(dest, librtm_errors)
{
	union { RTM_DEST_INFO info; char b[RTM_SIZE_OF_DEST_INFO(2)]; } u;
	struct rtm_counters start;
	RTM_ENTITY_HANDLE h;
	RTM_NET_ADDRESS na;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_C,
					     getpid(), &h, NULL));
	read_counters(_metadata, self, &start);
	rtm_na4(&na, 10, 1, 0, 0, 17);
	EXPECT_EQ(ERROR_NOT_FOUND,
		  RtmGetExactMatchDestination(h, &na, RTM_BEST_PROTOCOL,
					      RTM_VIEW_MASK_ANY, &u.info));
	rtm_na4(&na, 11, 0, 0, 1, 32);
	EXPECT_EQ(ERROR_NOT_FOUND,
		  RtmGetMostSpecificDestination(h, &na, RTM_BEST_PROTOCOL,
						RTM_VIEW_MASK_ANY, &u.info));
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  RtmGetExactMatchDestination(h, NULL, 0, 0, &u.info));
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  RtmGetMostSpecificDestination(h, &na, 0, 0, NULL));
	rtm_na4(&na, 10, 1, 0, 1, 16);	/* host bits */
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  RtmGetExactMatchDestination(h, &na, 0, 0, &u.info));
	rtm_na4(&na, 10, 1, 0, 0, 16);
	EXPECT_EQ(ERROR_NOT_SUPPORTED,
		  RtmGetExactMatchDestination(h, &na, 0, 0x4, &u.info));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetExactMatchDestination((HANDLE)0x42, &na, 0, 0,
					      &u.info));
	expect_counters(_metadata, self, &start);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetMostSpecificDestination(h, &na, 0, 0, &u.info));
	close_and_check(_metadata, self);
}

TEST_HARNESS_MAIN
