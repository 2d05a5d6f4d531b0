// SPDX-License-Identifier: GPL-2.0
/*
 * What one file and one entity may make the kernel keep:
 *
 * - the caps (module parameters max_enums_per_file, max_handles_per_file,
 *   max_routes_per_entity, max_nexthops_per_entity): fixed for a file when
 *   it opens and for an entity when it registers, reported by
 *   RTM_IOC_VERSION, and reaching one fails the call with EDQUOT having
 *   changed nothing (a fetch returns the records it could hand out whole,
 *   a bulk add the routes it applied);
 * - references: a file holds one reference per object whatever the count
 *   of its handles, and closing files that hold the same objects many
 *   times gives every object back;
 * - floods by an unprivileged user in a small memory cgroup (cursors,
 *   files, fetched records, and routes in its own user and network
 *   namespace) end in that process's own failure (a cap, ENOMEM, EMFILE or
 *   the memory cgroup's OOM killer) with the guest healthy afterwards, and
 *   what they make the kernel keep is charged to the cgroup;
 * - closing files at their caps, and an entity with many routes, with
 *   kernel.watchdog_thresh lowered to 1 s does not trip the soft-lockup
 *   watchdog.
 *
 * Parameters and the watchdog threshold are put back by each fixture's
 * teardown, and once more when the program ends (a test killed by its
 * timeout skips its teardown). Needs root; the floods drop to uid 65534 in
 * a child.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

enum { P_ENUMS, P_HANDLES, P_ROUTES, P_NEXTHOPS, NR_PARAMS };

static const char *const param_name[NR_PARAMS] = {
	[P_ENUMS] = "max_enums_per_file",
	[P_HANDLES] = "max_handles_per_file",
	[P_ROUTES] = "max_routes_per_entity",
	[P_NEXTHOPS] = "max_nexthops_per_entity",
};

#define WATCHDOG_THRESH		"/proc/sys/kernel/watchdog_thresh"
#define BACK_MS			60000	/* counters back after a close */
#define BULK_CHUNK		4096	/* records per RTM_IOC_ROUTE_ADD_BULK */
#define MiB			(1024LL * 1024)

/* ---- the settings as the program found them, restored at its end ---- */

static pid_t main_pid;
static unsigned long start_param[NR_PARAMS];
static bool have_start_param[NR_PARAMS];
static unsigned long start_thresh;
static bool have_start_thresh;

static void __attribute__((constructor)) save_settings(void)
{
	int i;

	main_pid = getpid();
	for (i = 0; i < NR_PARAMS; i++)
		have_start_param[i] = !rtm_param_get(param_name[i],
						     &start_param[i]);
	have_start_thresh = !rtm_read_ulong(WATCHDOG_THRESH, &start_thresh);
}

static void __attribute__((destructor)) restore_settings(void)
{
	unsigned long now;
	int i;

	/* Test processes leave with _exit(): this is the harness ending */
	if (getpid() != main_pid)
		return;
	for (i = 0; i < NR_PARAMS; i++)
		if (have_start_param[i] && !rtm_param_get(param_name[i], &now) &&
		    now != start_param[i])
			rtm_param_set(param_name[i], start_param[i]);
	if (have_start_thresh && !rtm_read_ulong(WATCHDOG_THRESH, &now) &&
	    now != start_thresh)
		rtm_write_ulong(WATCHDOG_THRESH, start_thresh);
}

/* ---- helpers ---- */

static bool counters_back(struct __test_metadata *_metadata,
			  const struct rtm_counters *want, int timeout_ms)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	if (!rtm_wait_counters(want, timeout_ms, &now))
		return true;
	rtm_format_counters(want, b1, sizeof(b1));
	rtm_format_counters(&now, b2, sizeof(b2));
	TH_LOG("counters expected: %s; now: %s", b1, b2);
	return false;
}

/* A registered IPv4 file; -1 on failure */
static int open_entity(__u32 protocol)
{
	int fd = rtm_open();

	if (fd < 0)
		return -1;
	if (rtm_raw_register(fd, AF_INET, protocol, getpid(), NULL)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Bulk-add flood records [@from, @to) in chunks; routes added or -1 */
static long add_flood(int fd, unsigned long from, unsigned long to)
{
	struct rtm_bulk_route *recs;
	unsigned long i, done = from;

	recs = calloc(BULK_CHUNK, sizeof(*recs));
	if (!recs)
		return -1;
	while (done < to) {
		__u32 n = to - done < BULK_CHUNK ? to - done : BULK_CHUNK;
		__u32 applied = 0;

		for (i = 0; i < n; i++)
			rtm_flood_record(&recs[i], done + i);
		if (rtm_raw_bulk_add(fd, recs, n, &applied) || !applied)
			break;
		done += applied;
	}
	free(recs);
	return done - from;
}

/* Records of @walk fetched @batch at a time, never released; errno kept */
static long fetch_without_release(int fd, __u64 walk, __u32 num_views,
				  __u32 batch, int *err)
{
	size_t stride = RTM_DEST_RECORD_SIZE(num_views);
	__u32 got, out_flags;
	long total = 0;
	void *buf;

	*err = 0;
	buf = malloc(batch * stride);
	if (!buf) {
		*err = ENOMEM;
		return -1;
	}
	for (;;) {
		got = out_flags = 0;
		if (rtm_raw_enum_fetch(fd, walk, buf, batch, num_views, &got,
				       &out_flags)) {
			*err = errno;
			break;
		}
		total += got;
		if (out_flags & RTM_FETCH_END)
			break;
		if (!got) {
			*err = EPROTO;
			break;
		}
	}
	free(buf);
	return total;
}

/* The flood record @i as fetched: its prefix */
static bool is_flood_prefix(const struct rtm_net_address *p, unsigned long i)
{
	struct rtm_bulk_route r;

	rtm_flood_record(&r, i);
	return !memcmp(p, &r.dest, sizeof(*p));
}

/* A root walk of the init namespace works; the guest is healthy */
static bool guest_works(struct __test_metadata *_metadata)
{
	struct rtm_net_address p;
	void *records = NULL;
	__u64 walk;
	long n;
	int fd;

	fd = open_entity(RTM_TEST_PROTO_C);
	if (fd < 0) {
		TH_LOG("open and register as root: %s", strerror(errno));
		return false;
	}
	rtm_prefix4(&p, 198, 18, 0, 0, 15);
	if (rtm_raw_route_add(fd, &p, 1, 1, 1, NULL) ||
	    rtm_raw_enum_create(fd, RTM_ENUM_F_RANGE, 0, 0, &p, &walk, NULL)) {
		TH_LOG("route add or walk as root: %s", strerror(errno));
		close(fd);
		return false;
	}
	n = rtm_raw_fetch_all(fd, walk, 0, 16, &records);
	if (n != 1)
		TH_LOG("root walk returned %ld records (%s)", n,
		       n < 0 ? strerror(errno) : "want 1");
	free(records);
	close(fd);
	return n == 1;
}

/* ---- caps, as root ---- */

#define MAX_FDS	8

FIXTURE(limits) {
	unsigned long saved[NR_PARAMS];
	struct rtm_counters before;
	int fds[MAX_FDS];
	bool ready;
};

FIXTURE_SETUP(limits)
{
	int i;

	for (i = 0; i < MAX_FDS; i++)
		self->fds[i] = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return, "needs root to set the module parameters");
	for (i = 0; i < NR_PARAMS; i++)
		ASSERT_EQ(0, rtm_param_get(param_name[i], &self->saved[i]))
			TH_LOG("no parameter " RTM_PARAM_DIR "%s",
			       param_name[i] ? param_name[i] : "?");
	ASSERT_EQ(0, rtm_settled_counters(&self->before));
	self->ready = true;
}

FIXTURE_TEARDOWN(limits)
{
	int i;

	for (i = 0; i < MAX_FDS; i++)
		if (self->fds[i] >= 0)
			close(self->fds[i]);
	if (!self->ready)
		return;
	for (i = 0; i < NR_PARAMS; i++)
		EXPECT_EQ(0, rtm_param_set(param_name[i], self->saved[i]));
	EXPECT_TRUE(counters_back(_metadata, &self->before, BACK_MS));
}

/* Slot @i of the fixture's files: opened (and registered unless !@reg) */
static int file_at(FIXTURE_DATA(limits) *self, int i, bool reg, __u32 proto)
{
	int fd = reg ? open_entity(proto) : rtm_open();

	self->fds[i] = fd;
	return fd;
}

static void close_at(FIXTURE_DATA(limits) *self, int i)
{
	close(self->fds[i]);
	self->fds[i] = -1;
}

static int set_param(int p, unsigned long value)
{
	return rtm_param_set(param_name[p], value);
}

TEST_F(limits, version_reports_the_caps_of_the_file)
{
	struct rtm_version v;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ENUMS, 77));
	ASSERT_EQ(0, set_param(P_HANDLES, 5000));
	ASSERT_EQ(0, set_param(P_ROUTES, 3000));
	ASSERT_EQ(0, set_param(P_NEXTHOPS, 55));
	fd = file_at(self, 0, false, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_version(fd, &v));
	EXPECT_EQ(77, v.max_enums);
	EXPECT_EQ(5000, v.max_handles);
	EXPECT_EQ(3000, v.max_routes);
	EXPECT_EQ(55, v.max_entity_nexthops);
	EXPECT_EQ(0, v.reserved);
}

TEST_F(limits, file_caps_are_fixed_when_the_file_opens)
{
	struct rtm_version va, vb;
	__u64 walk;
	int a, b, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ENUMS, 5));
	a = file_at(self, 0, true, RTM_TEST_PROTO_A);
	ASSERT_LE(0, a);
	ASSERT_EQ(0, set_param(P_ENUMS, 9));
	b = file_at(self, 1, true, RTM_TEST_PROTO_B);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, set_param(P_ENUMS, 3));
	ASSERT_EQ(0, rtm_raw_version(a, &va));
	ASSERT_EQ(0, rtm_raw_version(b, &vb));
	EXPECT_EQ(5, va.max_enums);
	EXPECT_EQ(9, vb.max_enums);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(0, rtm_raw_enum_create(a, 0, 0, 0, NULL, &walk, NULL));
	for (i = 0; i < 9; i++)
		ASSERT_EQ(0, rtm_raw_enum_create(b, 0, 0, 0, NULL, &walk, NULL));
	errno = 0;
	ret = rtm_raw_enum_create(a, 0, 0, 0, NULL, &walk, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	errno = 0;
	ret = rtm_raw_enum_create(b, 0, 0, 0, NULL, &walk, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
}

TEST_F(limits, entity_caps_are_fixed_when_it_registers)
{
	struct rtm_net_address p;
	struct rtm_version v;
	__u64 first = 0;
	int fd, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ROUTES, 4));
	fd = file_at(self, 0, false, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_param(P_ROUTES, 6));
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_A, getpid(),
				      NULL));
	ASSERT_EQ(0, set_param(P_ROUTES, 2));
	ASSERT_EQ(0, rtm_raw_version(fd, &v));
	EXPECT_EQ(6, v.max_routes);
	for (i = 0; i < 6; i++) {
		rtm_prefix4(&p, 10, i, 0, 0, 16);
		ASSERT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 1,
					       i ? NULL : &first));
	}
	rtm_prefix4(&p, 10, 6, 0, 0, 16);
	errno = 0;
	ret = rtm_raw_route_add(fd, &p, 1, 1, 1, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	/* The cap counts live routes: one deleted, one more fits */
	ASSERT_EQ(0, rtm_raw_route_delete(fd, first));
	EXPECT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 1, NULL));
}

TEST_F(limits, enum_create_past_the_cap_is_edquot_and_creates_nothing)
{
	struct rtm_counters c, now;
	__u64 walks[100], extra;
	int fd, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ENUMS, 100));
	fd = file_at(self, 0, true, RTM_TEST_PROTO_A);
	ASSERT_LE(0, fd);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, rtm_raw_enum_create(fd, 0, 0, 0, NULL, &walks[i],
						 NULL));
	ASSERT_EQ(0, rtm_read_counters(&c));
	errno = 0;
	ret = rtm_raw_enum_create(fd, 0, 0, 0, NULL, &extra, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_EQ(0, rtm_wait_counters(&c, 2000, &now));
	EXPECT_EQ(self->before.enums + 100, now.enums);
	/* The cap counts live cursors */
	ASSERT_EQ(0, rtm_raw_enum_delete(fd, walks[42]));
	EXPECT_EQ(0, rtm_raw_enum_create(fd, 0, 0, 0, NULL, &extra, NULL));
	errno = 0;
	ret = rtm_raw_enum_create(fd, 0, 0, 0, NULL, &extra, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
}

TEST_F(limits, librtm_reports_a_cap_as_not_enough_memory)
{
	RTM_ENTITY_HANDLE h = NULL;
	RTM_ENUM_HANDLE e1 = NULL, e2 = NULL, e3 = NULL;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ENUMS, 2));
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &h, NULL));
	EXPECT_EQ(NO_ERROR, RtmCreateDestEnum(h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e1));
	EXPECT_EQ(NO_ERROR, RtmCreateDestEnum(h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e2));
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY,
		  RtmCreateDestEnum(h, RTM_VIEW_MASK_ANY, RTM_ENUM_START, NULL,
				    RTM_BEST_PROTOCOL, &e3));
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
}

TEST_F(limits, route_add_past_the_entity_cap_is_edquot_and_adds_nothing)
{
	struct rtm_counters c;
	struct rtm_net_address p;
	__u64 first = 0;
	int fd, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ROUTES, 50));
	fd = file_at(self, 0, true, RTM_TEST_PROTO_A);
	ASSERT_LE(0, fd);
	for (i = 0; i < 50; i++) {
		rtm_prefix4(&p, 10, i, 0, 0, 16);
		ASSERT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 1,
					       i ? NULL : &first));
	}
	ASSERT_EQ(0, rtm_read_counters(&c));
	EXPECT_EQ(self->before.routes + 50, c.routes);
	rtm_prefix4(&p, 10, 50, 0, 0, 16);
	errno = 0;
	ret = rtm_raw_route_add(fd, &p, 1, 1, 1, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* Updating a route at the cap is no new route */
	rtm_prefix4(&p, 10, 7, 0, 0, 16);
	EXPECT_EQ(0, rtm_raw_route_add(fd, &p, 2, 2, 1, NULL));
	/* One deleted, one fits again */
	ASSERT_EQ(0, rtm_raw_route_delete(fd, first));
	rtm_prefix4(&p, 10, 50, 0, 0, 16);
	EXPECT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 1, NULL));
}

TEST_F(limits, bulk_add_stops_at_the_entity_cap)
{
	struct rtm_bulk_route recs[80];
	struct rtm_counters c;
	__u32 applied = 0;
	int fd, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ROUTES, 50));
	fd = file_at(self, 0, true, RTM_TEST_PROTO_A);
	ASSERT_LE(0, fd);
	for (i = 0; i < 80; i++)
		rtm_flood_record(&recs[i], i);
	/* Like write(2): the routes up to the cap, and success */
	ASSERT_EQ(0, rtm_raw_bulk_add(fd, recs, 80, &applied));
	EXPECT_EQ(50, applied);
	ASSERT_EQ(0, rtm_settled_counters(&c));
	EXPECT_EQ(self->before.routes + 50, c.routes);
	EXPECT_EQ(self->before.dests + 50, c.dests);
	/* From there on: EDQUOT, nothing added */
	errno = 0;
	ret = rtm_raw_bulk_add(fd, recs + 50, 30, &applied);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* Updates of routes it owns are not new routes */
	for (i = 0; i < 10; i++)
		recs[i].metric = 99;
	applied = 0;
	EXPECT_EQ(0, rtm_raw_bulk_add(fd, recs, 10, &applied));
	EXPECT_EQ(10, applied);
}

TEST_F(limits, librtm_bulk_reports_the_cap_with_the_routes_applied)
{
	RTM_BULK_ROUTE routes[30];
	RTM_ENTITY_HANDLE h = NULL;
	UINT applied = 99;
	int i;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_ROUTES, 20));
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &h, NULL));
	memset(routes, 0, sizeof(routes));
	for (i = 0; i < 30; i++) {
		rtm_na4(&routes[i].DestAddress, 10, i, 0, 0, 16);
		routes[i].PrefInfo.Preference = 1;
		routes[i].BelongsToViews = RTM_VIEW_MASK_UCAST;
	}
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY,
		  RtmAddRoutesToDestsBulk(h, routes, 30, &applied));
	EXPECT_EQ(20, applied);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h));
}

TEST_F(limits, nexthop_add_past_the_entity_cap_is_edquot_and_adds_nothing)
{
	struct rtm_counters c;
	struct rtm_nexthop nh;
	int fd, i, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, set_param(P_NEXTHOPS, 5));
	fd = file_at(self, 0, true, RTM_TEST_PROTO_A);
	ASSERT_LE(0, fd);
	for (i = 0; i < 5; i++) {
		memset(&nh, 0, sizeof(nh));
		rtm_prefix4(&nh.addr, 192, 0, 2, i + 1, 32);
		ASSERT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
	}
	ASSERT_EQ(0, rtm_read_counters(&c));
	EXPECT_EQ(self->before.nexthops + 5, c.nexthops);
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 0, 2, 6, 32);
	errno = 0;
	ret = ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* An update is no new next hop */
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 0, 2, 3, 32);
	nh.nh_flags = RTM_NEXTHOP_FLAGS_VALID;
	EXPECT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
	EXPECT_EQ(0, nh.change_flags);
	/* One deleted, one fits again */
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 0, 2, 1, 32);
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_DELETE, &nh));
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 0, 2, 6, 32);
	EXPECT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
}

/* @c with @files more registered files holding @handles more objects */
static struct rtm_counters plus(struct rtm_counters c, long files,
				long handles)
{
	c.files += files;
	c.entities += files;
	c.handles += handles;
	return c;
}

/* Holds of one object by one file (a walk, fetch and delete each) */
#define HOLDS	2000

/* A writer with @n flood routes, as file 0; the counters with it in */
static void writer_with_routes(struct __test_metadata *_metadata,
			       FIXTURE_DATA(limits) *self, long n,
			       struct rtm_counters *after)
{
	int fd = file_at(self, 0, true, RTM_TEST_PROTO_A);

	ASSERT_LE(0, fd);
	ASSERT_EQ(n, add_flood(fd, 0, n));
	ASSERT_EQ(0, rtm_settled_counters(after));
	ASSERT_EQ(self->before.routes + n, after->routes);
	ASSERT_EQ(self->before.dests + n, after->dests);
	ASSERT_EQ(self->before.handles, after->handles);
}

TEST_F(limits, fetch_stops_at_the_handle_cap_and_keeps_its_place)
{
	struct rtm_dest_record recs[64], more[64];
	struct rtm_counters after, c;
	__u32 got = 0, out_flags = 0;
	__u64 walk;
	int r, ret;

	RTM_RETURN_IF_SKIPPED();
	writer_with_routes(_metadata, self, 300, &after);
	ASSERT_EQ(0, set_param(P_HANDLES, 100));
	r = file_at(self, 1, true, RTM_TEST_PROTO_B);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, rtm_raw_enum_create(r, 0, 0, 0, NULL, &walk, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, walk, recs, 64, 0, &got,
					&out_flags));
	EXPECT_EQ(64, got);
	/* Only 36 more fit: those, and success */
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, walk, recs, 64, 0, &got,
					&out_flags));
	ASSERT_EQ(36, got);
	EXPECT_EQ(0, out_flags & RTM_FETCH_END);
	EXPECT_TRUE(is_flood_prefix(&recs[35].dest, 99));
	c = plus(after, 1, 100);
	c.enums++;
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* Then EDQUOT, nothing taken */
	errno = 0;
	ret = rtm_raw_enum_fetch(r, walk, more, 64, 0, &got, &out_flags);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* One released: the walk goes on from where it stood */
	ASSERT_EQ(0, rtm_raw_release(r, &recs[35].dest_handle, 1,
				     RTM_HANDLE_DEST));
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, walk, more, 64, 0, &got,
					&out_flags));
	ASSERT_EQ(1, got);
	EXPECT_TRUE(is_flood_prefix(&more[0].dest, 100));
}

TEST_F(limits, fetch_counts_distinct_objects_against_the_handle_cap)
{
	struct {
		struct rtm_dest_record r;
		struct rtm_dest_view v[1];
	} recs[64];
	struct rtm_counters after, c;
	__u32 got = 0, out_flags = 0;
	__u64 walk;
	int r, ret;

	RTM_RETURN_IF_SKIPPED();
	writer_with_routes(_metadata, self, 300, &after);
	/* Each record: its dest and route, and the one owner of them all */
	ASSERT_EQ(0, set_param(P_HANDLES, 101));
	r = file_at(self, 1, true, RTM_TEST_PROTO_B);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, rtm_raw_enum_create(r, 0, 1, 0, NULL, &walk, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, walk, recs, 64, 1, &got,
					&out_flags));
	EXPECT_EQ(50, got);
	c = plus(after, 1, 101);
	c.enums++;
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	errno = 0;
	ret = rtm_raw_enum_fetch(r, walk, recs, 64, 1, &got, &out_flags);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EDQUOT, errno);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
}

TEST_F(limits, objects_held_already_do_not_count_against_the_handle_cap)
{
	struct rtm_dest_record recs[100], again[64];
	struct rtm_counters after, c;
	__u32 got = 0;
	__u64 w1, w2;
	int r, ret;

	RTM_RETURN_IF_SKIPPED();
	writer_with_routes(_metadata, self, 300, &after);
	ASSERT_EQ(0, set_param(P_HANDLES, 100));
	r = file_at(self, 1, true, RTM_TEST_PROTO_B);
	ASSERT_LE(0, r);
	ASSERT_EQ(0, rtm_raw_enum_create(r, 0, 0, 0, NULL, &w1, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, w1, recs, 100, 0, &got, NULL));
	ASSERT_EQ(100, got);
	/* At the cap, the same destinations again: more holds, no entries */
	ASSERT_EQ(0, rtm_raw_enum_create(r, 0, 0, 0, NULL, &w2, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(r, w2, again, 64, 0, &got, NULL));
	EXPECT_EQ(64, got);
	ASSERT_EQ(0, rtm_raw_enum_delete(r, w1));
	ASSERT_EQ(0, rtm_raw_enum_delete(r, w2));
	c = plus(after, 1, 100);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* Each hold is released on its own; then the entries go */
	EXPECT_EQ(0, rtm_raw_release_records(r, again, 64, 0));
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	EXPECT_EQ(0, rtm_raw_release_records(r, recs, 100, 0));
	c = plus(after, 1, 0);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	errno = 0;
	ret = rtm_raw_release(r, &recs[0].dest_handle, 1, RTM_HANDLE_DEST);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F_TIMEOUT(limits, one_object_held_many_times_is_one_handle, 120)
{
	struct rtm_dest_record rec;
	struct rtm_counters after, c;
	__u64 *handles, walk;
	__u32 got;
	int r, i, ret;

	RTM_RETURN_IF_SKIPPED();
	writer_with_routes(_metadata, self, 1, &after);
	r = file_at(self, 1, true, RTM_TEST_PROTO_B);
	ASSERT_LE(0, r);
	handles = calloc(HOLDS, sizeof(*handles));
	ASSERT_NE(NULL, handles);
	for (i = 0; i < HOLDS; i++) {
		ASSERT_EQ(0, rtm_raw_enum_create(r, 0, 0, 0, NULL, &walk,
						 NULL));
		ASSERT_EQ(0, rtm_raw_enum_fetch(r, walk, &rec, 1, 0, &got,
						NULL));
		ASSERT_EQ(1, got);
		ASSERT_EQ(0, rtm_raw_enum_delete(r, walk));
		handles[i] = rec.dest_handle;
	}
	c = plus(after, 1, 1);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	/* Given back all but once it is still held; the last frees it */
	EXPECT_EQ(0, rtm_raw_release(r, handles, HOLDS - 1, RTM_HANDLE_DEST));
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	EXPECT_EQ(0, rtm_raw_release(r, handles, 1, RTM_HANDLE_DEST));
	c = plus(after, 1, 0);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	errno = 0;
	ret = rtm_raw_release(r, handles, 1, RTM_HANDLE_DEST);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	free(handles);
}

TEST_F_TIMEOUT(limits, two_files_holding_the_same_dests_give_every_counter_back,
	       300)
{
	struct rtm_counters after, c;
	int files[2], f, i, err;
	long n;
	__u64 walk;

	RTM_RETURN_IF_SKIPPED();
	writer_with_routes(_metadata, self, 1000, &after);
	for (f = 0; f < 2; f++) {
		files[f] = file_at(self, 1 + f, true, RTM_TEST_PROTO_B + f);
		ASSERT_LE(0, files[f]);
		/* 20 walks with both view slots: 60 holds per destination */
		for (i = 0; i < 20; i++) {
			ASSERT_EQ(0, rtm_raw_enum_create(files[f], 0,
							 RTM_VIEWS_SUPPORTED,
							 0, NULL, &walk,
							 NULL));
			n = fetch_without_release(files[f], walk, 2, 512, &err);
			ASSERT_EQ(1000, n) TH_LOG("fetch: %s", strerror(err));
			ASSERT_EQ(0, rtm_raw_enum_delete(files[f], walk));
		}
	}
	/* Per file: 1000 dests, 1000 routes, one owner */
	c = plus(after, 2, 2 * 2001);
	EXPECT_TRUE(counters_back(_metadata, &c, 2000));
	close_at(self, 1);
	close_at(self, 2);
	EXPECT_TRUE(counters_back(_metadata, &after, BACK_MS));
	close_at(self, 0);
	EXPECT_TRUE(counters_back(_metadata, &self->before, BACK_MS));
}

/* ---- floods by uid 65534 in a small memory cgroup ---- */

/* What a flooding child reports, in memory shared with the parent */
struct report {
	int skip;		/* a precondition missing: see why */
	char why[160];
	int step;		/* the last step begun */
	int err;		/* errno of the call that ended the flood */
	long files;
	long enums;
	long records;
	long routes;
	long long mem_first0, mem_first1;	/* around the first route */
	long long mem_bulk0, mem_bulk1;		/* around MEASURE routes */
	long measured;				/* routes between those */
	/* inputs */
	char cg[512];		/* the cgroup directory */
	bool stay_root;		/* do not become uid 65534 */
	bool userns;		/* unshare the user namespace too */
};

#define CHILD_FAIL(r, s) do { (r)->err = errno; _exit(s); } while (0)

FIXTURE(flood) {
	unsigned long saved[NR_PARAMS];
	struct rtm_counters before;
	char cg[512], rel[256];
	bool have_cg, ready, oom_expected;
	struct report *rep;
	int writer;
};

FIXTURE_SETUP(flood)
{
	int i;

	self->writer = -1;
	self->rep = MAP_FAILED;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return, "needs root for the cgroup and the parameters");
	for (i = 0; i < NR_PARAMS; i++)
		ASSERT_EQ(0, rtm_param_get(param_name[i], &self->saved[i]));
	self->rep = mmap(NULL, sizeof(*self->rep), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->rep);
	memset(self->rep, 0, sizeof(*self->rep));
	ASSERT_EQ(0, rtm_settled_counters(&self->before));
	self->ready = true;
}

FIXTURE_TEARDOWN(flood)
{
	int i;

	if (self->writer >= 0)
		close(self->writer);
	if (self->ready) {
		for (i = 0; i < NR_PARAMS; i++)
			EXPECT_EQ(0, rtm_param_set(param_name[i],
						   self->saved[i]));
		/* A namespace's table goes with the namespace, a bit later */
		EXPECT_TRUE(counters_back(_metadata, &self->before, BACK_MS));
		EXPECT_TRUE(guest_works(_metadata));
	}
	if (self->have_cg)
		EXPECT_EQ(0, rtm_memcg_destroy(self->cg));
	if (self->rep != MAP_FAILED)
		munmap(self->rep, sizeof(*self->rep));
}

/* A memory cgroup of @max bytes for this test; false: SKIP */
static bool make_cgroup(FIXTURE_DATA(flood) *self, const char *tag,
			unsigned long long max, char *why, size_t len)
{
	char name[64];

	snprintf(name, sizeof(name), "rtm-limits-%d-%s", getpid(), tag);
	if (rtm_memcg_create(name, max, self->cg, sizeof(self->cg), self->rel,
			     sizeof(self->rel), why, len))
		return false;
	self->have_cg = true;
	return true;
}

/*
 * Fork a child that joins the test's cgroup, allows itself @nofile
 * descriptors, becomes uid 65534 and runs @body. Returns its wait status.
 */
static int run_child(FIXTURE_DATA(flood) *self, rlim_t nofile,
		     void (*body)(struct report *rep))
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct rlimit rl = { nofile, nofile };

		self->rep->step = 1;
		if (rtm_memcg_enter(self->cg))
			CHILD_FAIL(self->rep, 1);
		self->rep->step = 2;
		if (nofile && setrlimit(RLIMIT_NOFILE, &rl))
			CHILD_FAIL(self->rep, 2);
		self->rep->step = 3;
		if (!self->rep->stay_root && rtm_drop_to_nobody())
			CHILD_FAIL(self->rep, 3);
		body(self->rep);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void log_status(struct __test_metadata *_metadata, int status,
		       const struct report *rep)
{
	if (WIFEXITED(status))
		TH_LOG("child exited with %d at step %d (errno %d: %s)",
		       WEXITSTATUS(status), rep->step, rep->err,
		       strerror(rep->err));
	else if (WIFSIGNALED(status))
		TH_LOG("child killed by signal %d at step %d",
		       WTERMSIG(status), rep->step);
}

/* (a) cursors until the cap */
static void enum_flood(struct report *rep)
{
	__u64 walk;
	int fd;

	rep->step = 10;
	fd = open_entity(RTM_TEST_PROTO_A);
	if (fd < 0)
		CHILD_FAIL(rep, 10);
	rep->step = 11;
	for (;;) {
		if (rtm_raw_enum_create(fd, 0, 0, 0, NULL, &walk, NULL)) {
			rep->err = errno;
			break;
		}
		rep->enums++;
		if (rep->enums > 100000000)
			_exit(11);
	}
	_exit(0);
}

TEST_F_TIMEOUT(flood, unprivileged_enum_flood_ends_at_the_cursor_cap, 120)
{
	unsigned long cap;
	char why[256];
	int status;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "enums", 32 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rtm_param_get(param_name[P_ENUMS], &cap));
	status = run_child(self, 0, enum_flood);
	log_status(_metadata, status, self->rep);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(EDQUOT, self->rep->err);
	EXPECT_EQ(cap, self->rep->enums);
	TH_LOG("uid 65534 made %ld cursors, then %s", self->rep->enums,
	       strerror(self->rep->err));
}

/* (b) files at the cursor cap until the process's own failure */
static void file_flood(struct report *rep)
{
	__u64 walk;
	int fd;

	rep->step = 20;
	for (;;) {
		fd = open_entity(RTM_TEST_PROTO_A);
		if (fd < 0) {
			rep->err = errno;
			_exit(0);
		}
		rep->files++;
		for (;;) {
			if (!rtm_raw_enum_create(fd, 0, 0, 0, NULL, &walk,
						 NULL)) {
				rep->enums++;
				continue;
			}
			if (errno == EDQUOT)
				break;
			rep->err = errno;
			_exit(0);
		}
	}
}

TEST_F_TIMEOUT(flood, unprivileged_file_flood_ends_in_its_own_failure, 600)
{
	long long oom_kills, max_hits;
	char why[256];
	int status;
	double t0;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "files", 8 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	/* Room for 64k files: without charging, 64M cursors */
	t0 = rtm_now();
	rtm_expect_memcg_oom_begin(self->rel);
	status = run_child(self, 65536, file_flood);
	rtm_expect_memcg_oom_end(self->rel);
	log_status(_metadata, status, self->rep);
	oom_kills = rtm_memcg_key(self->cg, "memory.events", "oom_kill");
	max_hits = rtm_memcg_key(self->cg, "memory.events", "max");
	TH_LOG("uid 65534 opened %ld files with %ld cursors in 8 MiB (%lld B each) in %.1f s; memory.events max %lld oom_kill %lld",
	       self->rep->files, self->rep->enums,
	       self->rep->enums ? 8 * MiB / self->rep->enums : 0,
	       rtm_now() - t0, max_hits, oom_kills);
	if (WIFSIGNALED(status)) {
		/* The memory cgroup's OOM killer, nobody else */
		EXPECT_EQ(SIGKILL, WTERMSIG(status));
		EXPECT_LT(0, oom_kills);
	} else {
		ASSERT_TRUE(WIFEXITED(status));
		ASSERT_EQ(0, WEXITSTATUS(status));
		/* Out of memory in its cgroup, not out of descriptors */
		EXPECT_EQ(ENOMEM, self->rep->err);
	}
	/* The flood reached the cgroup's limit before anything else */
	EXPECT_LT(0, max_hits);
	EXPECT_LT(0, self->rep->files);
}

/* (c) records fetched without release until the handle cap */
static void fetch_flood(struct report *rep)
{
	__u64 walk;
	long n;
	int fd;

	rep->step = 30;
	fd = open_entity(RTM_TEST_PROTO_B);
	if (fd < 0)
		CHILD_FAIL(rep, 30);
	rep->step = 31;
	if (rtm_raw_enum_create(fd, 0, 1, 0, NULL, &walk, NULL))
		CHILD_FAIL(rep, 31);
	rep->step = 32;
	n = fetch_without_release(fd, walk, 1, 256, &rep->err);
	rep->records = n;
	_exit(0);
}

TEST_F_TIMEOUT(flood, unprivileged_fetch_flood_ends_at_the_handle_cap, 120)
{
	struct rtm_counters after;
	char why[256];
	int status;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "fetch", 32 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	self->writer = open_entity(RTM_TEST_PROTO_A);
	ASSERT_LE(0, self->writer);
	ASSERT_EQ(3000, add_flood(self->writer, 0, 3000));
	ASSERT_EQ(0, rtm_settled_counters(&after));
	ASSERT_EQ(0, set_param(P_HANDLES, 1000));
	status = run_child(self, 0, fetch_flood);
	log_status(_metadata, status, self->rep);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(EDQUOT, self->rep->err);
	/* One owner for all, then a dest and a route per record: 999 */
	EXPECT_EQ(499, self->rep->records);
	/* Its holds went with it; the writer's routes are still there */
	EXPECT_TRUE(counters_back(_metadata, &after, BACK_MS));
}

/*
 * (d) routes in a namespace of its own: the first route (the IPv4 index's
 * top level), then rep->measured routes measured, then on until the
 * flood fails. In a user namespace when rep->userns.
 */
/* Enough for 1 MB at 100 B a route, well above memory.current's slack */
#define MEASURE		10000

static void table_flood(struct report *rep)
{
	struct rtm_net_address first;
	struct rtm_bulk_route *recs;
	const char *cg = rep->cg;
	unsigned long next = 0, i;
	int fd;

	rep->step = 40;
	if (unshare(rep->userns ? CLONE_NEWUSER | CLONE_NEWNET :
		    CLONE_NEWNET)) {
		rep->skip = 1;
		snprintf(rep->why, sizeof(rep->why),
			 "unshare(%s) as uid %d: %s",
			 rep->userns ? "CLONE_NEWUSER|CLONE_NEWNET" :
				       "CLONE_NEWNET", geteuid(),
			 strerror(errno));
		_exit(0);
	}
	rep->step = 41;
	fd = open_entity(RTM_TEST_PROTO_A);
	if (fd < 0)
		CHILD_FAIL(rep, 41);
	recs = calloc(BULK_CHUNK, sizeof(*recs));
	if (!recs)
		CHILD_FAIL(rep, 41);
	/* Touch the buffer now: only the kernel's memory is measured */
	for (i = 0; i < BULK_CHUNK; i++)
		rtm_flood_record(&recs[i], i);

	rep->step = 42;
	rtm_prefix4(&first, 100, 64, 0, 0, 10);
	rep->mem_first0 = rtm_memcg_read(cg, "memory.current");
	if (rtm_raw_route_add(fd, &first, 1, 1, 1, NULL))
		CHILD_FAIL(rep, 42);
	rep->mem_first1 = rtm_memcg_read(cg, "memory.current");
	rep->routes = 1;

	rep->step = 43;
	rep->mem_bulk0 = rep->mem_first1;
	for (;;) {
		__u32 n = BULK_CHUNK, applied = 0;

		if (next < MEASURE && next + n > MEASURE)
			n = MEASURE - next;
		for (i = 0; i < n; i++)
			rtm_flood_record(&recs[i], next + i);
		if (rtm_raw_bulk_add(fd, recs, n, &applied)) {
			rep->err = errno;
			break;
		}
		next += applied;
		rep->routes += applied;
		if (next == MEASURE && !rep->measured) {
			rep->mem_bulk1 = rtm_memcg_read(cg, "memory.current");
			rep->measured = MEASURE;
		}
		if (next > (1UL << 26))
			_exit(43);
	}
	_exit(0);
}

static int run_table_flood(FIXTURE_DATA(flood) *self)
{
	snprintf(self->rep->cg, sizeof(self->rep->cg), "%s", self->cg);
	return run_child(self, 0, table_flood);
}

TEST_F_TIMEOUT(flood, first_route_of_a_namespace_charges_its_index, 120)
{
	long long first;
	char why[256];
	int status;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "first", 256 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, set_param(P_ROUTES, 1));
	/* Root in a new network namespace: no user namespace needed */
	self->rep->stay_root = true;
	status = run_table_flood(self);
	log_status(_metadata, status, self->rep);
	if (self->rep->skip)
		SKIP(return, "%s", self->rep->why);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* The cap of one route ended it */
	EXPECT_EQ(EDQUOT, self->rep->err);
	EXPECT_EQ(1, self->rep->routes);
	first = self->rep->mem_first1 - self->rep->mem_first0;
	TH_LOG("the first route of a namespace charged %lld bytes", first);
	EXPECT_LE(MiB, first);
}

TEST_F_TIMEOUT(flood, userns_table_flood_is_charged_and_ends_at_the_route_cap,
	       300)
{
	long long per_route;
	char why[256];
	int status;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "table", 256 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, set_param(P_ROUTES, MEASURE + 1000));
	self->rep->userns = true;
	status = run_table_flood(self);
	log_status(_metadata, status, self->rep);
	if (self->rep->skip)
		SKIP(return, "%s", self->rep->why);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(EDQUOT, self->rep->err);
	EXPECT_EQ(MEASURE + 1000, self->rep->routes);
	ASSERT_EQ(MEASURE, self->rep->measured);
	per_route = (self->rep->mem_bulk1 - self->rep->mem_bulk0) / MEASURE;
	TH_LOG("uid 65534 in its own namespaces: first route %lld bytes, then %lld bytes per route (%d routes), stopped by %s after %ld routes",
	       self->rep->mem_first1 - self->rep->mem_first0, per_route,
	       MEASURE, strerror(self->rep->err), self->rep->routes);
	EXPECT_LE(MiB, self->rep->mem_first1 - self->rep->mem_first0);
	EXPECT_LE(100, per_route);
}

TEST_F_TIMEOUT(flood, userns_table_flood_ends_in_its_own_failure, 600)
{
	long long oom_kills;
	double t0;
	char why[256];
	int status;

	RTM_RETURN_IF_SKIPPED();
	if (!make_cgroup(self, "oom", 8 * MiB, why, sizeof(why)))
		SKIP(return, "%s", why);
	self->rep->userns = true;
	t0 = rtm_now();
	rtm_expect_memcg_oom_begin(self->rel);
	status = run_table_flood(self);
	rtm_expect_memcg_oom_end(self->rel);
	log_status(_metadata, status, self->rep);
	if (self->rep->skip)
		SKIP(return, "%s", self->rep->why);
	oom_kills = rtm_memcg_key(self->cg, "memory.events", "oom_kill");
	TH_LOG("uid 65534 added %ld routes in 8 MiB in %.1f s; memory.events oom_kill %lld",
	       self->rep->routes, rtm_now() - t0, oom_kills);
	if (WIFSIGNALED(status)) {
		EXPECT_EQ(SIGKILL, WTERMSIG(status));
		EXPECT_LT(0, oom_kills);
	} else {
		ASSERT_TRUE(WIFEXITED(status));
		ASSERT_EQ(0, WEXITSTATUS(status));
		EXPECT_EQ(ENOMEM, self->rep->err);
	}
	/* Charged: 8 MiB hold fewer than 84k routes of 100 bytes */
	EXPECT_GT(8 * MiB / 100, self->rep->routes);
	EXPECT_LT(1000, self->rep->routes);
}

/* ---- closing files at their caps under a lowered watchdog ---- */

FIXTURE(watchdog) {
	unsigned long saved[NR_PARAMS];
	unsigned long thresh;
	struct rtm_counters before;
	bool ready, lowered;
	int w, r;
};

FIXTURE_SETUP(watchdog)
{
	int i;

	self->w = self->r = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return, "needs root for kernel.watchdog_thresh");
	if (rtm_read_ulong(WATCHDOG_THRESH, &self->thresh))
		SKIP(return, "no " WATCHDOG_THRESH " (no soft-lockup detector)");
	for (i = 0; i < NR_PARAMS; i++)
		ASSERT_EQ(0, rtm_param_get(param_name[i], &self->saved[i]));
	ASSERT_EQ(0, rtm_settled_counters(&self->before));
	self->ready = true;
}

FIXTURE_TEARDOWN(watchdog)
{
	int i;

	if (self->r >= 0)
		close(self->r);
	if (self->w >= 0)
		close(self->w);
	if (!self->ready)
		return;
	if (self->lowered)
		EXPECT_EQ(0, rtm_write_ulong(WATCHDOG_THRESH, self->thresh));
	for (i = 0; i < NR_PARAMS; i++)
		EXPECT_EQ(0, rtm_param_set(param_name[i], self->saved[i]));
	EXPECT_TRUE(counters_back(_metadata, &self->before, BACK_MS));
}

TEST_F_TIMEOUT(watchdog, closing_files_at_their_caps_does_not_trip_it, 900)
{
	double t0, t1, rate;
	long n, routes, records;
	struct rtm_version v;
	char marker[96];
	__u64 walk;
	int i, err, found;

	RTM_RETURN_IF_SKIPPED();
	/*
	 * An entity with as many routes as about 5 s of adding gives: 200k
	 * under Debian's kernel, a few thousand under the debug kernel.
	 */
	self->w = open_entity(RTM_TEST_PROTO_A);
	ASSERT_LE(0, self->w);
	t0 = rtm_now();
	ASSERT_EQ(BULK_CHUNK, add_flood(self->w, 0, BULK_CHUNK));
	rate = BULK_CHUNK / (rtm_now() - t0);
	n = (long)(rate * 5) / BULK_CHUNK * BULK_CHUNK;
	if (n < BULK_CHUNK)
		n = BULK_CHUNK;
	if (n > 200 * 1024)
		n = 200 * 1024;
	routes = BULK_CHUNK + add_flood(self->w, BULK_CHUNK, n);
	ASSERT_EQ(n, routes);

	/* A reader at its handle cap, and at its cursor cap */
	ASSERT_EQ(0, set_param(P_HANDLES, 2 * n + 1));
	self->r = open_entity(RTM_TEST_PROTO_B);
	ASSERT_LE(0, self->r);
	ASSERT_EQ(0, rtm_raw_version(self->r, &v));
	ASSERT_EQ(2 * n + 1, v.max_handles);
	ASSERT_EQ(0, rtm_raw_enum_create(self->r, 0, 1, 0, NULL, &walk, NULL));
	t1 = rtm_now();
	records = fetch_without_release(self->r, walk, 1, RTM_MAX_ENUM_BATCH,
					&err);
	ASSERT_EQ(n, records) TH_LOG("fetch: %s", strerror(err));
	TH_LOG("%ld routes added at %.0f/s; %ld records fetched in %.1f s",
	       n, rate, records, rtm_now() - t1);
	for (i = 1; i < (int)v.max_enums; i++)
		ASSERT_EQ(0, rtm_raw_enum_create(self->r, 0, 0, 0, NULL, &walk,
						 NULL));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_enum_create(self->r, 0, 0, 0, NULL, &walk,
					  NULL));
	EXPECT_EQ(EDQUOT, errno);

	/* Soft lockups are reported after 2 * watchdog_thresh seconds */
	snprintf(marker, sizeof(marker), "rtm_limits_test: watchdog closes %d",
		 getpid());
	ASSERT_EQ(0, rtm_kmsg("%s", marker));
	ASSERT_EQ(0, rtm_write_ulong(WATCHDOG_THRESH, 1));
	self->lowered = true;
	t0 = rtm_now();
	close(self->r);
	self->r = -1;
	t1 = rtm_now();
	close(self->w);
	self->w = -1;
	TH_LOG("close of %ld handles and %u cursors: %.2f s; of an entity with %ld routes: %.2f s",
	       2 * n + 1, v.max_enums, t1 - t0, n, rtm_now() - t1);
	EXPECT_TRUE(counters_back(_metadata, &self->before, BACK_MS));
	/* A CPU stuck now would be reported within 2 s */
	sleep(3);
	EXPECT_EQ(0, rtm_write_ulong(WATCHDOG_THRESH, self->thresh));
	self->lowered = false;
	found = rtm_klog_has_after(marker, "soft lockup");
	EXPECT_EQ(0, found) {
		if (found < 0)
			TH_LOG("cannot read the kernel log: %s",
			       strerror(errno));
		else
			TH_LOG("the kernel log reports a soft lockup");
	}
}

TEST_HARNESS_MAIN
