// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetimes: handles belong to the file that obtained them; closing a file
 * or killing its process gives every object and reference back; an
 * entity's exit updates the best routes other entities see.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define KILL_ROUTES	100000
#define KILL_WAIT_MS	60000

FIXTURE(life) {
	struct rtm_counters before;
	bool have_counters;
};

FIXTURE_SETUP(life)
{
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->have_counters = rtm_settled_counters(&self->before) == 0;
}

FIXTURE_TEARDOWN(life)
{
}

static void expect_back_to(struct __test_metadata *_metadata,
			   const struct rtm_counters *before, int timeout_ms)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	EXPECT_EQ(0, rtm_wait_counters(before, timeout_ms, &now)) {
		rtm_format_counters(before, b1, sizeof(b1));
		rtm_format_counters(&now, b2, sizeof(b2));
		TH_LOG("before: %s; now: %s", b1, b2);
	}
}

/* 10.0.0.0/24 + i: distinct /24s */
static void nth_prefix(struct rtm_net_address *p, unsigned int i)
{
	uint32_t a = 0x0a000000u + (i << 8);

	rtm_prefix4(p, a >> 24, a >> 16, a >> 8, 0, 24);
}

/* ---- cross-file handles ---- */

FIXTURE(two_files) {
	int a, b;
	__u64 route;	/* held by a */
	__u64 walk;	/* an enumeration of a */
};

FIXTURE_SETUP(two_files)
{
	struct rtm_net_address p;

	self->a = self->b = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->a = rtm_open();
	self->b = rtm_open();
	ASSERT_LE(0, self->a);
	ASSERT_LE(0, self->b);
	ASSERT_EQ(0, rtm_raw_register(self->a, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	ASSERT_EQ(0, rtm_raw_register(self->b, AF_INET, RTM_TEST_PROTO_B,
				      getpid(), NULL));
	rtm_prefix4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, rtm_raw_route_add(self->a, &p, 1, 1, 1, &self->route));
	ASSERT_EQ(0, rtm_raw_enum_create(self->a, RTM_ENUM_F_START, 1, 0,
					 NULL, &self->walk, NULL));
}

FIXTURE_TEARDOWN(two_files)
{
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

TEST_F(two_files, release_on_other_file_is_ebadf)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->b, &self->route, 1, RTM_HANDLE_ROUTE);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	/* Still held, once, by the file that obtained it */
	EXPECT_EQ(0, rtm_raw_release(self->a, &self->route, 1,
				     RTM_HANDLE_ROUTE));
}

TEST_F(two_files, route_delete_on_other_file_is_ebadf)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_route_delete(self->b, self->route);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, rtm_raw_route_delete(self->a, self->route));
}

TEST_F(two_files, enum_fetch_on_other_file_is_ebadf)
{
	struct rtm_dest_record rec[2];
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_enum_fetch(self->b, self->walk, rec, 1, 1, NULL, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(two_files, enum_delete_on_other_file_is_ebadf)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_enum_delete(self->b, self->walk);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, rtm_raw_enum_delete(self->a, self->walk));
}

TEST_F(two_files, route_update_of_other_entity_is_eacces)
{
	struct {
		struct rtm_dest_record r;
		struct rtm_dest_view v[1];
	} rec;
	struct rtm_route r = { .views = 1 };
	__u64 walk;
	__u32 got = 0;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	/* b holds a's route through a record, but does not own it */
	ASSERT_EQ(0, rtm_raw_enum_create(self->b, RTM_ENUM_F_START, 1, 0,
					 NULL, &walk, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->b, walk, &rec, 1, 1, &got,
					NULL));
	ASSERT_EQ(1, got);
	ASSERT_EQ(self->route, rec.v[0].route);
	rtm_prefix4(&r.dest, 10, 0, 0, 0, 8);
	r.handle = rec.v[0].route;
	errno = 0;
	ret = ioctl(self->b, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EACCES, errno);
}

TEST_F(two_files, route_delete_of_other_entity_is_eacces)
{
	struct {
		struct rtm_dest_record r;
		struct rtm_dest_view v[1];
	} rec;
	__u64 walk;
	__u32 got = 0;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_create(self->b, RTM_ENUM_F_START, 1, 0,
					 NULL, &walk, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->b, walk, &rec, 1, 1, &got,
					NULL));
	ASSERT_EQ(1, got);
	errno = 0;
	ret = rtm_raw_route_delete(self->b, rec.v[0].route);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EACCES, errno);
	/* The refused delete consumed nothing */
	EXPECT_EQ(0, rtm_raw_release_records(self->b, &rec, 1, 1));
}

/* ---- close and kill ---- */

TEST_F(life, close_with_held_references_returns_counters)
{
	struct rtm_net_address p;
	struct rtm_nexthop nh;
	__u64 walk, unused;
	void *records;
	long n;
	int fd, i;

	RTM_RETURN_IF_SKIPPED();
	if (!self->have_counters)
		SKIP(return, "no " RTM_OBJECTS_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_A, getpid(),
				      NULL));
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.flags = RTM_NH_F_WANT_HANDLE;
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh));
	for (i = 0; i < 100; i++) {
		nth_prefix(&p, i);
		ASSERT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 3, &unused));
	}
	ASSERT_EQ(0, rtm_raw_enum_create(fd, RTM_ENUM_F_START, 3, 0, NULL,
					 &walk, NULL));
	n = rtm_raw_fetch_all(fd, walk, 2, 33, &records);
	ASSERT_EQ(100, n);
	free(records);
	/* And one walk left open */
	ASSERT_EQ(0, rtm_raw_enum_create(fd, RTM_ENUM_F_START, 0, 0, NULL,
					 &walk, NULL));
	close(fd);
	expect_back_to(_metadata, &self->before, RTM_COUNTER_WAIT_MS);
}

/* The child: fill, walk without releasing, report, wait to be killed */
static void hoarder(int report_fd)
{
	struct rtm_net_address p;
	void *records;
	__u64 walk;
	char ok = 'R', bad = 'E';
	long n;
	int fd, i;

	fd = rtm_open();
	if (fd < 0 || rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_C,
				       getpid(), NULL))
		goto fail;
	for (i = 0; i < KILL_ROUTES; i++) {
		nth_prefix(&p, i);
		if (rtm_raw_route_add(fd, &p, 1, 1, 1, NULL))
			goto fail;
	}
	if (rtm_raw_enum_create(fd, RTM_ENUM_F_START, 1, 0, NULL, &walk,
				NULL))
		goto fail;
	n = rtm_raw_fetch_all(fd, walk, 1, RTM_MAX_ENUM_BATCH, &records);
	if (n != KILL_ROUTES)
		goto fail;
	/* The walk and every reference stay held until the SIGKILL */
	if (write(report_fd, &ok, 1) != 1)
		_exit(2);
	for (;;)
		pause();
fail:
	if (write(report_fd, &bad, 1) != 1)
		_exit(2);
	_exit(1);
}

TEST_F_TIMEOUT(life, sigkill_of_client_holding_100k_refs_returns_all, 600)
{
	struct rtm_counters during;
	int pipefd[2], status;
	char report = 0;
	pid_t pid;

	RTM_RETURN_IF_SKIPPED();
	if (!self->have_counters)
		SKIP(return, "no " RTM_OBJECTS_PATH);
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pipefd[0]);
		hoarder(pipefd[1]);
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &report, 1));
	close(pipefd[0]);
	EXPECT_EQ('R', report);

	ASSERT_EQ(0, rtm_read_counters(&during));
	if (report == 'R') {
		EXPECT_EQ(self->before.files + 1, during.files);
		EXPECT_EQ(self->before.entities + 1, during.entities);
		EXPECT_EQ(self->before.routes + KILL_ROUTES, during.routes);
		EXPECT_EQ(self->before.dests + KILL_ROUTES, during.dests);
		EXPECT_EQ(self->before.enums + 1, during.enums);
		/* Each dest and each route (in its UCAST slot) is held */
		EXPECT_LE(self->before.handles + 2 * KILL_ROUTES,
			  during.handles);
	}

	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	expect_back_to(_metadata, &self->before, KILL_WAIT_MS);
}

/* ---- an entity leaving updates the others' view ---- */

TEST_F(life, entity_close_updates_best_route_seen_by_others)
{
	RTM_ENTITY_HANDLE a = NULL, b = NULL;
	RTM_ROUTE_HANDLE ra = NULL, rb = NULL;
	RTM_NET_ADDRESS p;
	PRTM_DEST_INFO d;
	void *old, *now;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &a, NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_B,
					     getpid(), &b, NULL));
	rtm_na4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(a, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, &ra,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 10, 1,
					      RTM_VIEW_MASK_UCAST, 0, &rb,
					      NULL));

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(b, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 4, &old,
					      &n));
	ASSERT_EQ(1, n);
	d = old;
	EXPECT_EQ(2, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(ra, d->ViewInfo[0].Route);
	EXPECT_EQ(a, d->ViewInfo[0].Owner);

	/* A leaves with its route and its reference still held */
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(a));

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(b, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 4, &now,
					      &n));
	ASSERT_EQ(1, n);
	d = now;
	EXPECT_TRUE(rtm_na_equal(&p, &d->DestAddress));
	EXPECT_EQ(1, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(rb, d->ViewInfo[0].Route);
	EXPECT_EQ(b, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(b, 1, now));
	/* B's old references to A's route and A itself outlive A */
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(b, 1, old));
	free(old);
	free(now);
	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(b, 1, &rb));
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(b));
	if (self->have_counters) {
		expect_back_to(_metadata, &self->before, RTM_COUNTER_WAIT_MS);
	}
}

TEST_F(life, last_route_of_leaving_entity_removes_dest)
{
	RTM_ENTITY_HANDLE a = NULL, b = NULL;
	RTM_NET_ADDRESS p;
	void *infos;
	size_t n = 99;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &a, NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_B,
					     getpid(), &b, NULL));
	rtm_na4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(a, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(a));
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(b, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 0, 4, &infos,
					      &n));
	EXPECT_EQ(0, n);
	free(infos);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(b));
}

TEST_HARNESS_MAIN
