// SPDX-License-Identifier: GPL-2.0
/*
 * RTM_IOC_ROUTE_ADD_BULK with raw ioctls: header and record validation,
 * the write(2)-like stop at the first record that fails (faulting memory,
 * an invalid record), a bulk load giving the very table that single adds
 * give, updates, privilege, the call limit and withdrawal on close.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define REC_SIZE	sizeof(struct rtm_bulk_route)
#define NOBODY		65534
/* Records of the table comparison: a few dozen kernel chunks */
#define CMP_PREFIXES	2500
#define CMP_UPDATES	500

/* One IPv4 entity (proto A) holding one next hop of its own */
FIXTURE(bulk) {
	int fd;
	__u64 entity;
	__u64 nexthop;
};

FIXTURE_SETUP(bulk)
{
	struct rtm_nexthop nh = { .flags = RTM_NH_F_WANT_HANDLE };

	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), &self->entity));
	rtm_prefix4(&nh.addr, 192, 0, 2, 1, 32);
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	self->nexthop = nh.handle;
}

FIXTURE_TEARDOWN(bulk)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Record @i: 10.(i / 256).(i % 256).0/24 over @nexthop */
static void rec_init(struct rtm_bulk_route *r, unsigned int i, __u64 nexthop)
{
	memset(r, 0, sizeof(*r));
	rtm_prefix4(&r->dest, 10, i / 256, i % 256, 0, 24);
	r->metric = 10 + i % 7;
	r->preference = 100;
	r->views = 0x1;
	r->entity_info = 0xb000 + i;
	if (nexthop) {
		r->num_nexthops = 1;
		r->nexthops[0] = nexthop;
	}
}

static struct rtm_bulk_route *recs_alloc(unsigned int n, __u64 nexthop)
{
	struct rtm_bulk_route *r = calloc(n, sizeof(*r));
	unsigned int i;

	for (i = 0; r && i < n; i++)
		rec_init(&r[i], i, nexthop);
	return r;
}

/* ioctl()'s value; *@count is the header's count afterwards */
static int bulk_call(int fd, const void *recs, __u32 count, __u32 size,
		     __u32 *out_count)
{
	struct rtm_route_add_bulk req = {
		.routes = (uintptr_t)recs,
		.count = count,
		.record_size = size,
	};
	int ret = ioctl(fd, RTM_IOC_ROUTE_ADD_BULK, &req);

	if (out_count)
		*out_count = req.count;
	return ret;
}

/* The errno of a call expected to fail; -1 if it succeeded */
static int bulk_errno(int fd, struct rtm_route_add_bulk *req)
{
	return ioctl(fd, RTM_IOC_ROUTE_ADD_BULK, req) ? errno : -1;
}

/* Destinations of the whole table and, per view, routes and best owner */
struct dest_snap {
	struct rtm_net_address dest;
	__u32 views;
	__u32 num_routes[RTM_NUM_VIEWS];
	int best[RTM_NUM_VIEWS];	/* 0 none, 1 @mine, 2 someone else */
};

static long snapshot(struct __test_metadata *_metadata, __u64 mine,
		     struct dest_snap **out)
{
	struct dest_snap *s;
	void *records;
	__u64 walk;
	long n, i;
	int fd, v;

	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
				      getpid(), NULL));
	ASSERT_EQ(0, rtm_raw_enum_create(fd, RTM_ENUM_F_START,
					 RTM_VIEWS_SUPPORTED,
					 RTM_PROTOCOL_BEST, NULL, &walk,
					 NULL));
	n = rtm_raw_fetch_all(fd, walk, RTM_NUM_VIEWS, RTM_MAX_ENUM_BATCH,
			      &records);
	ASSERT_LE(0, n);
	s = calloc(n + 1, sizeof(*s));
	ASSERT_NE(NULL, s);
	for (i = 0; i < n; i++) {
		const struct rtm_dest_record *r = (const void *)
			((char *)records + i * RTM_DEST_RECORD_SIZE(2));

		s[i].dest = r->dest;
		s[i].views = r->belongs_to_views;
		for (v = 0; v < RTM_NUM_VIEWS; v++) {
			s[i].num_routes[v] = r->view[v].num_routes;
			s[i].best[v] = !r->view[v].owner ? 0 :
				       r->view[v].owner == mine ? 1 : 2;
		}
	}
	ASSERT_EQ(0, rtm_raw_release_records(fd, records, n, RTM_NUM_VIEWS));
	free(records);
	close(fd);
	*out = s;
	return n;
}

/* Destinations of a snapshot inside 10.0.0.0/8 */
static long count_in_10(const struct dest_snap *s, long n)
{
	long i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i].dest.prefix_len >= 8 && s[i].dest.addr[0] == 10;
	return k;
}

static long dests_in_10(struct __test_metadata *_metadata, __u64 mine)
{
	struct dest_snap *s;
	long n = snapshot(_metadata, mine, &s);

	n = count_in_10(s, n);
	free(s);
	return n;
}

/* ---- the header ---- */

TEST(version_advertises_bulk)
{
	struct rtm_version v = { 0 };
	int fd;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_VERSION, &v));
	EXPECT_TRUE(v.ioctls & 1ull << _IOC_NR(RTM_IOC_ROUTE_ADD_BULK));
	close(fd);
}

TEST(unregistered_is_enxio)
{
	struct rtm_bulk_route r;
	int fd;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	rec_init(&r, 0, 0);
	EXPECT_EQ(-1, bulk_call(fd, &r, 1, REC_SIZE, NULL));
	EXPECT_EQ(ENXIO, errno);
	close(fd);
}

TEST_F(bulk, bad_header_is_einval_and_applies_nothing)
{
	struct rtm_route_add_bulk good, req;
	struct rtm_bulk_route *r;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	r = recs_alloc(4, self->nexthop);
	ASSERT_NE(NULL, r);
	memset(&good, 0, sizeof(good));
	good.routes = (uintptr_t)r;
	good.count = 4;
	good.record_size = REC_SIZE;

	for (i = 0; i < 10; i++) {
		req = good;
		switch (i) {
		case 0:
			req.flags = 1;
			break;
		case 1:
			req.flags = 0x80000000u;
			break;
		case 2:
			req.reserved0 = 1;
			break;
		case 3:
			req.reserved[0] = 1;
			break;
		case 4:
			req.reserved[1] = 1ull << 63;
			break;
		case 5:
			req.record_size = REC_SIZE - 8;
			break;
		case 6:
			req.record_size = REC_SIZE + 4;
			break;
		case 7:
			req.record_size = RTM_BULK_ROUTE_SIZE_MAX + 8;
			break;
		case 8:
			req.record_size = 0;
			break;
		case 9:
			req.count = RTM_MAX_ROUTE_BULK + 1;
			break;
		}
		EXPECT_EQ(EINVAL, bulk_errno(self->fd, &req)) {
			TH_LOG("header case %u", i);
		}
		/* A failed call writes nothing back */
		EXPECT_EQ(i == 9 ? RTM_MAX_ROUTE_BULK + 1 : 4, req.count);
	}
	EXPECT_EQ(0, dests_in_10(_metadata, self->entity));
	/* The same request without the bad field goes through */
	req = good;
	EXPECT_EQ(0, ioctl(self->fd, RTM_IOC_ROUTE_ADD_BULK, &req));
	EXPECT_EQ(4, req.count);
	free(r);
}

TEST_F(bulk, count_zero_only_checks_the_header)
{
	__u32 count = 77;

	RTM_RETURN_IF_SKIPPED();
	/* The pointer is not read: a caller can probe record sizes */
	EXPECT_EQ(0, bulk_call(self->fd, NULL, 0, REC_SIZE, &count));
	EXPECT_EQ(0, count);
	EXPECT_EQ(0, bulk_call(self->fd, NULL, 0, RTM_BULK_ROUTE_SIZE_MAX,
			       NULL));
	EXPECT_EQ(-1, bulk_call(self->fd, NULL, 0, REC_SIZE - 8, NULL));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(bulk, null_pointer_is_efault)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(-1, bulk_call(self->fd, NULL, 3, REC_SIZE, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, dests_in_10(_metadata, self->entity));
}

/* ---- stopping at the first record that fails ---- */

/*
 * Records straddle the end of a readable page: the 5 before the
 * unreadable one are applied and counted; starting from it is EFAULT.
 */
TEST_F(bulk, fault_in_the_middle_stops_there)
{
	long page = getpagesize();
	struct rtm_bulk_route *r;
	char *map;
	__u32 count = 0;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	r = (void *)(map + page - 5 * REC_SIZE - REC_SIZE / 2);
	for (i = 0; i < 5; i++)
		rec_init(&r[i], i, self->nexthop);
	/* Record 5 starts on the readable page and ends on the other */
	rec_init(&r[5], 5, self->nexthop);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));

	ASSERT_EQ(0, bulk_call(self->fd, r, 8, REC_SIZE, &count));
	EXPECT_EQ(5, count);
	EXPECT_EQ(-1, bulk_call(self->fd, &r[5], 3, REC_SIZE, &count));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(3, count);
	EXPECT_EQ(5, dests_in_10(_metadata, self->entity));
	munmap(map, 2 * page);
}

struct bad_record {
	const char *what;
	int err;
	void (*spoil)(struct rtm_bulk_route *r, __u64 nexthop);
};

static void spoil_host_bits(struct rtm_bulk_route *r, __u64 nh)
{
	r->dest.addr[3] = 1;
}

static void spoil_past_address(struct rtm_bulk_route *r, __u64 nh)
{
	r->dest.addr[4] = 1;
}

static void spoil_family(struct rtm_bulk_route *r, __u64 nh)
{
	r->dest.family = AF_INET6;
}

static void spoil_length(struct rtm_bulk_route *r, __u64 nh)
{
	r->dest.prefix_len = 33;
}

static void spoil_no_views(struct rtm_bulk_route *r, __u64 nh)
{
	r->views = 0;
}

static void spoil_unknown_view(struct rtm_bulk_route *r, __u64 nh)
{
	r->views = 0x5;
}

static void spoil_change_flags(struct rtm_bulk_route *r, __u64 nh)
{
	r->change_flags = RTM_ROUTE_CHG_BEST;
}

static void spoil_too_many_nexthops(struct rtm_bulk_route *r, __u64 nh)
{
	r->num_nexthops = RTM_MAX_NEXTHOPS + 1;
}

static void spoil_nexthop_past_count(struct rtm_bulk_route *r, __u64 nh)
{
	r->nexthops[1] = nh;
}

static void spoil_forged_nexthop(struct rtm_bulk_route *r, __u64 nh)
{
	r->nexthops[0] = RTM_FORGED_HANDLE(RTM_HANDLE_NEXTHOP);
}

static void spoil_nexthop_type(struct rtm_bulk_route *r, __u64 nh)
{
	r->nexthops[0] = RTM_HANDLE_WITH_TYPE(nh, RTM_HANDLE_ROUTE);
}

static void spoil_forged_neighbour(struct rtm_bulk_route *r, __u64 nh)
{
	r->neighbour = RTM_FORGED_HANDLE(RTM_HANDLE_NEXTHOP);
}

static const struct bad_record bad_records[] = {
	{ "host bits", EINVAL, spoil_host_bits },
	{ "byte past the address", EINVAL, spoil_past_address },
	{ "family", EINVAL, spoil_family },
	{ "prefix length", EINVAL, spoil_length },
	{ "no views", EINVAL, spoil_no_views },
	{ "unsupported view", EINVAL, spoil_unknown_view },
	{ "change flags", EINVAL, spoil_change_flags },
	{ "9 next hops", EINVAL, spoil_too_many_nexthops },
	{ "next hop past num_nexthops", EINVAL, spoil_nexthop_past_count },
	{ "forged next hop", EBADF, spoil_forged_nexthop },
	{ "next hop of the wrong type", EBADF, spoil_nexthop_type },
	{ "forged neighbour", EBADF, spoil_forged_neighbour },
};

/*
 * An invalid record 2 of 4: records 0 and 1 are applied and counted, and
 * the call from record 2 fails with the errno RTM_IOC_ROUTE_ADD gives for
 * the same fields, applying nothing.
 */
TEST_F_TIMEOUT(bulk, invalid_record_in_the_middle, 120)
{
	struct rtm_bulk_route r[4];
	unsigned int k, i;
	__u32 count;

	RTM_RETURN_IF_SKIPPED();
	for (k = 0; k < ARRAY_SIZE(bad_records); k++) {
		const struct bad_record *b = &bad_records[k];
		struct rtm_route single = { 0 };
		long before = dests_in_10(_metadata, self->entity);

		for (i = 0; i < 4; i++)
			rec_init(&r[i], 4 * k + i, self->nexthop);
		b->spoil(&r[2], self->nexthop);

		count = 0;
		ASSERT_EQ(0, bulk_call(self->fd, r, 4, REC_SIZE, &count)) {
			TH_LOG("%s: %s", b->what, strerror(errno));
		}
		EXPECT_EQ(2, count) {
			TH_LOG("%s", b->what);
		}
		EXPECT_EQ(-1, bulk_call(self->fd, &r[2], 2, REC_SIZE, &count));
		EXPECT_EQ(b->err, errno) {
			TH_LOG("%s: %s", b->what, strerror(errno));
		}
		EXPECT_EQ(2, count);
		EXPECT_EQ(before + 2, dests_in_10(_metadata, self->entity)) {
			TH_LOG("%s", b->what);
		}

		/* The single add refuses the same fields the same way */
		single.dest = r[2].dest;
		single.change_flags = r[2].change_flags;
		single.neighbour = r[2].neighbour;
		single.metric = r[2].metric;
		single.preference = r[2].preference;
		single.views = r[2].views;
		single.num_nexthops = r[2].num_nexthops;
		memcpy(single.nexthops, r[2].nexthops, sizeof(single.nexthops));
		EXPECT_EQ(-1, ioctl(self->fd, RTM_IOC_ROUTE_ADD, &single));
		EXPECT_EQ(b->err, errno) {
			TH_LOG("%s: single add: %s", b->what, strerror(errno));
		}
	}
}

/* A next hop held by another file is not one of this file's: EBADF */
TEST_F(bulk, foreign_nexthop_is_ebadf)
{
	struct rtm_nexthop nh = { .flags = RTM_NH_F_WANT_HANDLE };
	struct rtm_bulk_route r[2];
	__u32 count = 0;
	int other;

	RTM_RETURN_IF_SKIPPED();
	other = rtm_open();
	ASSERT_LE(0, other);
	ASSERT_EQ(0, rtm_raw_register(other, AF_INET, RTM_TEST_PROTO_B,
				      getpid(), NULL));
	rtm_prefix4(&nh.addr, 192, 0, 2, 9, 32);
	ASSERT_EQ(0, ioctl(other, RTM_IOC_NEXTHOP_ADD, &nh));
	rec_init(&r[0], 0, nh.handle);
	rec_init(&r[1], 1, nh.handle);
	/* Fine on the file that holds it */
	ASSERT_EQ(0, bulk_call(other, r, 1, REC_SIZE, &count));
	EXPECT_EQ(1, count);
	EXPECT_EQ(-1, bulk_call(self->fd, &r[1], 1, REC_SIZE, &count));
	EXPECT_EQ(EBADF, errno);
	close(other);
}

/* ---- record sizes ---- */

TEST_F(bulk, bigger_records_need_a_zero_tail)
{
	const unsigned int size = REC_SIZE + 16;
	unsigned char *buf;
	__u32 count = 0;
	unsigned int i;

	RTM_RETURN_IF_SKIPPED();
	buf = calloc(4, size);
	ASSERT_NE(NULL, buf);
	for (i = 0; i < 4; i++)
		rec_init((void *)(buf + i * size), i, self->nexthop);
	/* A newer caller whose new field is unused works here */
	ASSERT_EQ(0, bulk_call(self->fd, buf, 2, size, &count));
	EXPECT_EQ(2, count);

	buf[3 * size + REC_SIZE + 15] = 1;
	ASSERT_EQ(0, bulk_call(self->fd, buf + 2 * size, 2, size, &count));
	EXPECT_EQ(1, count);
	EXPECT_EQ(-1, bulk_call(self->fd, buf + 3 * size, 1, size, &count));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(3, dests_in_10(_metadata, self->entity));
	free(buf);
}

/* ---- semantics ---- */

static void single_add(struct __test_metadata *_metadata, int fd,
		       const struct rtm_bulk_route *b)
{
	struct rtm_route r = {
		.dest = b->dest,
		.change_flags = b->change_flags,
		.neighbour = b->neighbour,
		.metric = b->metric,
		.preference = b->preference,
		.views = b->views,
		.route_flags = b->route_flags,
		.num_nexthops = b->num_nexthops,
		.entity_info = b->entity_info,
	};

	memcpy(r.nexthops, b->nexthops, sizeof(r.nexthops));
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_ROUTE_ADD, &r)) {
		TH_LOG("single add: %s", strerror(errno));
	}
}

/* A fresh entity of proto A with its next hop; returns the file */
static int entity_a(struct __test_metadata *_metadata, __u64 *entity,
		    __u64 *nexthop)
{
	struct rtm_nexthop nh = { .flags = RTM_NH_F_WANT_HANDLE };
	int fd = rtm_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), entity));
	rtm_prefix4(&nh.addr, 192, 0, 2, 1, 32);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
	*nexthop = nh.handle;
	return fd;
}

/*
 * The same records through one bulk call and through single adds, each
 * time beside another entity's routes: the same table. The records are
 * nested prefixes with mixed preferences and views, then updates of some
 * of them, over several kernel chunks.
 */
TEST_F_TIMEOUT(bulk, bulk_equals_single_adds, 300)
{
	enum { N = CMP_PREFIXES + CMP_UPDATES };
	struct dest_snap *via_bulk, *via_single;
	RTM_NET_ADDRESS *prefixes;
	struct rtm_bulk_route *r;
	long n_bulk, n_single;
	__u64 ent, nh, ent_b;
	unsigned int i, k;
	__u32 count = 0;
	int fd, b;

	RTM_RETURN_IF_SKIPPED();
	/* Its own entities: nothing of the fixture's in the table */
	close(self->fd);
	self->fd = -1;
	prefixes = calloc(CMP_PREFIXES, sizeof(*prefixes));
	r = calloc(N, sizeof(*r));
	ASSERT_TRUE(prefixes && r);
	rtm_gen_prefixes4(0xb01c, CMP_PREFIXES, prefixes);

	/* B: a route on every third prefix, preference 50 in both views */
	b = rtm_open();
	ASSERT_LE(0, b);
	ASSERT_EQ(0, rtm_raw_register(b, AF_INET, RTM_TEST_PROTO_B, getpid(),
				      &ent_b));
	for (i = 0; i < CMP_PREFIXES; i += 3) {
		struct rtm_net_address p;

		memcpy(&p, &prefixes[i], sizeof(p));
		ASSERT_EQ(0, rtm_raw_route_add(b, &p, 50, 1,
					       RTM_VIEWS_SUPPORTED, NULL));
	}

	for (k = 0; k < 2; k++) {
		fd = entity_a(_metadata, &ent, &nh);
		for (i = 0; i < N; i++) {
			unsigned int p = i < CMP_PREFIXES ? i :
					 (i - CMP_PREFIXES) * 5;

			memset(&r[i], 0, sizeof(r[i]));
			memcpy(&r[i].dest, &prefixes[p], sizeof(r[i].dest));
			r[i].preference = (i * 37) % 100;
			r[i].metric = i % 11;
			r[i].views = 1 + i % 3;
			r[i].num_nexthops = i % 2;
			r[i].nexthops[0] = i % 2 ? nh : 0;
			/* Some updates force a second route on the dest */
			r[i].change_flags = i >= CMP_PREFIXES && i % 4 == 0 ?
					    RTM_ROUTE_CHG_NEW : 0;
		}
		if (k == 0) {
			ASSERT_EQ(0, bulk_call(fd, r, N, REC_SIZE, &count));
			EXPECT_EQ(N, count);
			n_bulk = snapshot(_metadata, ent, &via_bulk);
		} else {
			for (i = 0; i < N; i++)
				single_add(_metadata, fd, &r[i]);
			n_single = snapshot(_metadata, ent, &via_single);
		}
		close(fd);
	}
	close(b);

	EXPECT_LE(CMP_PREFIXES, n_bulk);
	ASSERT_EQ(n_single, n_bulk);
	for (i = 0; i < n_bulk; i++) {
		ASSERT_EQ(0, memcmp(&via_bulk[i], &via_single[i],
				    sizeof(via_bulk[i]))) {
			char s[64];
			RTM_NET_ADDRESS na;

			memcpy(&na, &via_bulk[i].dest, sizeof(na));
			TH_LOG("destination %u (%s) differs", i,
			       rtm_na_str(&na, s, sizeof(s)));
		}
	}
	free(via_bulk);
	free(via_single);
	free(prefixes);
	free(r);
}

/* A second bulk call over the same destinations updates the routes */
TEST_F(bulk, updates_through_bulk)
{
	enum { N = 300 };
	struct rtm_bulk_route *r;
	struct dest_snap *s;
	__u32 count = 0;
	unsigned int i;
	long n;
	int b;

	RTM_RETURN_IF_SKIPPED();
	r = recs_alloc(N, self->nexthop);
	ASSERT_NE(NULL, r);
	b = rtm_open();
	ASSERT_LE(0, b);
	ASSERT_EQ(0, rtm_raw_register(b, AF_INET, RTM_TEST_PROTO_B, getpid(),
				      NULL));
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, rtm_raw_route_add(b, &r[i].dest, 50, 1, 0x1,
					       NULL));

	ASSERT_EQ(0, bulk_call(self->fd, r, N, REC_SIZE, &count));
	EXPECT_EQ(N, count);
	n = snapshot(_metadata, self->entity, &s);
	for (i = 0; i < n; i++)
		if (s[i].dest.addr[0] == 10) {
			EXPECT_EQ(2, s[i].num_routes[0]);
			EXPECT_EQ(2, s[i].best[0]);	/* B: 50 beats 100 */
		}
	free(s);

	for (i = 0; i < N; i++)
		r[i].preference = 5;
	ASSERT_EQ(0, bulk_call(self->fd, r, N, REC_SIZE, &count));
	EXPECT_EQ(N, count);
	n = snapshot(_metadata, self->entity, &s);
	EXPECT_EQ(N, count_in_10(s, n));
	for (i = 0; i < n; i++)
		if (s[i].dest.addr[0] == 10) {
			EXPECT_EQ(2, s[i].num_routes[0]); /* updated, not added */
			EXPECT_EQ(1, s[i].best[0]);	/* A: 5 beats 50 */
		}
	free(s);
	close(b);
	free(r);
}

/* ---- privilege ---- */

static int child_bulk_errno(int fd, __u64 nexthop)
{
	struct rtm_bulk_route r;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		return 100;
	if (fd < 0) {
		fd = rtm_open();
		if (fd < 0 || rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_B,
					       getpid(), NULL))
			return 101;
	}
	rec_init(&r, 0, nexthop);
	if (!bulk_call(fd, &r, 1, REC_SIZE, NULL))
		return 102;
	return errno;
}

static int run_child(int fd, __u64 nexthop)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid)
		_exit(child_bulk_errno(fd, nexthop));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(bulk, without_cap_net_admin_is_eperm)
{
	RTM_RETURN_IF_SKIPPED();
	/* Opened unprivileged, as for RTM_IOC_ROUTE_ADD */
	EXPECT_EQ(EPERM, run_child(-1, 0));
	/* Opened privileged, called unprivileged */
	EXPECT_EQ(EPERM, run_child(self->fd, self->nexthop));
	EXPECT_EQ(0, dests_in_10(_metadata, self->entity));
}

/* ---- the limit, and close ---- */

/*
 * RTM_MAX_ROUTE_BULK records in one call, then close: every route is
 * withdrawn and the object counters are back where they were.
 */
TEST_F_TIMEOUT(bulk, full_call_then_close_withdraws, 600)
{
	struct rtm_counters before, after;
	struct rtm_bulk_route *r;
	bool have_counters;
	__u32 count = 0;

	RTM_RETURN_IF_SKIPPED();
	close(self->fd);
	have_counters = rtm_settled_counters(&before) == 0;
	self->fd = entity_a(_metadata, &self->entity, &self->nexthop);
	r = recs_alloc(RTM_MAX_ROUTE_BULK, self->nexthop);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, bulk_call(self->fd, r, RTM_MAX_ROUTE_BULK, REC_SIZE,
			       &count));
	EXPECT_EQ(RTM_MAX_ROUTE_BULK, count);
	EXPECT_EQ(RTM_MAX_ROUTE_BULK, dests_in_10(_metadata, self->entity));
	free(r);

	close(self->fd);
	self->fd = -1;
	EXPECT_EQ(0, dests_in_10(_metadata, 0));
	if (have_counters) {
		EXPECT_EQ(0, rtm_wait_counters(&before, RTM_COUNTER_WAIT_MS,
					       &after)) {
			char want[160], got[160];

			rtm_format_counters(&before, want, sizeof(want));
			rtm_format_counters(&after, got, sizeof(got));
			TH_LOG("counters: want %s, got %s", want, got);
		}
	}
}

TEST_HARNESS_MAIN
