// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces and privilege: a file sees the tables of the namespace
 * it was opened in, and only callers with CAP_NET_ADMIN there may change
 * them. The checks that must run in another namespace or without privilege
 * run in a forked child, which reports the number of the first failed
 * check as its exit status (0: all passed).
 */
#define _GNU_SOURCE

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define NOBODY	65534

/* In a child: exit with @step unless @cond holds */
#define CHILD_CHECK(step, cond) do {			\
		if (!(cond))				\
			_exit(step);			\
	} while (0)

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

FIXTURE(ns) {
	RTM_ENTITY_HANDLE h;
};

FIXTURE_SETUP(ns)
{
	self->h = NULL;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return, "needs root");
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->h, NULL));
}

FIXTURE_TEARDOWN(ns)
{
	if (self->h)
		RtmDeregisterEntity(self->h);
}

static size_t count_dests(RTM_ENTITY_HANDLE h, DWORD *status)
{
	void *infos = NULL;
	size_t n = 0;

	*status = rtm_api_fetch_all(h, RTM_VIEW_MASK_ANY, RTM_ENUM_START,
				    NULL, RTM_BEST_PROTOCOL, 0, 64, &infos,
				    &n);
	if (*status == NO_ERROR)
		*status = rtm_api_release_all(h, infos, n, 0);
	free(infos);
	return n;
}

TEST_F(ns, other_netns_has_its_own_table)
{
	RTM_NET_ADDRESS p, q;
	int to_parent[2], to_child[2];
	void *infos;
	size_t n = 0;
	char c = 0;
	pid_t pid;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 0, 8);
	rtm_na4(&q, 10, 1, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &q, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	ASSERT_EQ(0, pipe(to_parent));
	ASSERT_EQ(0, pipe(to_child));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		RTM_ENTITY_HANDLE h = NULL;
		RTM_NET_ADDRESS r;
		DWORD status;

		close(to_parent[0]);
		close(to_child[1]);
		CHILD_CHECK(10, unshare(CLONE_NEWNET) == 0);
		/* The same (family, protocol, instance) as the parent's */
		CHILD_CHECK(11, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
						 getppid(), &h, NULL) ==
				NO_ERROR);
		CHILD_CHECK(12, count_dests(h, &status) == 0);
		CHILD_CHECK(13, status == NO_ERROR);
		rtm_na4(&r, 192, 168, 0, 0, 16);
		CHILD_CHECK(14, rtm_api_add_route(h, &r, 1, 1,
						  RTM_VIEW_MASK_UCAST, 0,
						  NULL, NULL) == NO_ERROR);
		CHILD_CHECK(15, count_dests(h, &status) == 1);
		/* Let the parent look, and wait until it has */
		CHILD_CHECK(16, write(to_parent[1], "R", 1) == 1);
		CHILD_CHECK(17, read(to_child[0], &c, 1) == 1);
		CHILD_CHECK(18, RtmDeregisterEntity(h) == NO_ERROR);
		_exit(0);
	}
	close(to_parent[1]);
	close(to_child[0]);
	EXPECT_EQ(1, read(to_parent[0], &c, 1));
	EXPECT_EQ('R', c);

	/* The parent's namespace: its two dests, not the child's */
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 0, 64, &infos,
					      &n));
	EXPECT_EQ(2, n);
	if (n == 2) {
		EXPECT_TRUE(rtm_na_equal(&p, &rtm_dest_at(infos, 0, 0)->DestAddress));
		EXPECT_TRUE(rtm_na_equal(&q, &rtm_dest_at(infos, 0, 1)->DestAddress));
	}
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 0));
	free(infos);

	EXPECT_EQ(1, write(to_child[1], "G", 1));
	close(to_child[1]);
	close(to_parent[0]);
	EXPECT_EQ(0, wait_child(pid));
}

TEST_F(ns, file_keeps_netns_of_open)
{
	struct rtm_net_address p;
	pid_t pid;
	int fd;

	RTM_RETURN_IF_SKIPPED();
	fd = rtm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_B, getpid(),
				      NULL));
	rtm_prefix4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, rtm_raw_route_add(fd, &p, 1, 1, 1, NULL));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		void *records = NULL;
		__u64 walk;
		int fd2;

		CHILD_CHECK(10, unshare(CLONE_NEWNET) == 0);
		/* The inherited file still walks the initial namespace */
		CHILD_CHECK(11, rtm_raw_enum_create(fd, RTM_ENUM_F_START, 0, 0,
						    NULL, &walk, NULL) == 0);
		CHILD_CHECK(12, rtm_raw_fetch_all(fd, walk, 0, 16,
						  &records) == 1);
		free(records);
		/* A file opened now walks the new, empty one */
		fd2 = rtm_open();
		CHILD_CHECK(13, fd2 >= 0);
		CHILD_CHECK(14, rtm_raw_register(fd2, AF_INET,
						 RTM_TEST_PROTO_B, getppid(),
						 NULL) == 0);
		CHILD_CHECK(15, rtm_raw_enum_create(fd2, RTM_ENUM_F_START, 0,
						    0, NULL, &walk,
						    NULL) == 0);
		CHILD_CHECK(16, rtm_raw_fetch_all(fd2, walk, 0, 16,
						  &records) == 0);
		free(records);
		_exit(0);
	}
	EXPECT_EQ(0, wait_child(pid));
	close(fd);
}

/* ---- unprivileged callers ---- */

static void drop_privileges(void)
{
	CHILD_CHECK(90, setgroups(0, NULL) == 0);
	CHILD_CHECK(91, setgid(NOBODY) == 0);
	CHILD_CHECK(92, setuid(NOBODY) == 0);
	/* setuid() from root to non-root clears every capability */
	CHILD_CHECK(93, geteuid() == NOBODY);
}

static int run_unprivileged(void (*body)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		drop_privileges();
		body();
		_exit(0);
	}
	return wait_child(pid);
}

static void unprivileged_api(void)
{
	RTM_ENTITY_HANDLE h = NULL;
	RTM_NEXTHOP_INFO nh;
	RTM_NEXTHOP_HANDLE nhh = NULL;
	RTM_NEXTHOP_CHANGE_FLAGS nhc = 0;
	RTM_NET_ADDRESS p;
	DWORD status;

	/* Registration and enumeration need no privilege */
	CHILD_CHECK(10, rtm_api_register(AF_INET, RTM_TEST_PROTO_B, getpid(),
					 &h, NULL) == NO_ERROR);
	/* The parent's 10/8 is visible */
	CHILD_CHECK(11, count_dests(h, &status) == 1);
	CHILD_CHECK(12, status == NO_ERROR);
	rtm_na4(&p, 10, 2, 0, 0, 16);
	CHILD_CHECK(13, rtm_api_add_route(h, &p, 1, 1, RTM_VIEW_MASK_UCAST,
					  0, NULL, NULL) ==
			ERROR_ACCESS_DENIED);
	memset(&nh, 0, sizeof(nh));
	rtm_na4(&nh.NextHopAddress, 192, 168, 1, 1, 32);
	CHILD_CHECK(14, RtmAddNextHop(h, &nh, &nhh, &nhc) ==
			ERROR_ACCESS_DENIED);
	CHILD_CHECK(15, RtmDeleteNextHop(h, NULL, &nh) ==
			ERROR_ACCESS_DENIED);
	/* Nothing was added */
	CHILD_CHECK(16, count_dests(h, &status) == 1);
	CHILD_CHECK(17, RtmDeregisterEntity(h) == NO_ERROR);
}

TEST_F(ns, unprivileged_api_is_access_denied)
{
	RTM_NET_ADDRESS p;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	EXPECT_EQ(0, run_unprivileged(unprivileged_api));
}

/*
 * Unprivileged registrations neither reserve nor check ids: a reader using
 * the parent daemon's ids is not refused, and cannot squat them either.
 */
static pid_t squatter_parent;

static void unprivileged_same_ids(void)
{
	RTM_ENTITY_HANDLE h = NULL, again = NULL;

	CHILD_CHECK(10, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					 squatter_parent, &h, NULL) ==
			NO_ERROR);
	CHILD_CHECK(11, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					 squatter_parent, &again, NULL) ==
			NO_ERROR);
	CHILD_CHECK(12, RtmDeregisterEntity(again) == NO_ERROR);
	CHILD_CHECK(13, RtmDeregisterEntity(h) == NO_ERROR);
}

TEST_F(ns, unprivileged_registration_reserves_no_ids)
{
	RTM_ENTITY_HANDLE second = NULL;
	int ready[2];
	char byte;
	pid_t pid;

	RTM_RETURN_IF_SKIPPED();
	squatter_parent = getpid();
	EXPECT_EQ(0, run_unprivileged(unprivileged_same_ids));

	/* An unprivileged reader holding the ids does not block the daemon */
	RtmDeregisterEntity(self->h);
	self->h = NULL;
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		drop_privileges();
		fd = rtm_open();
		CHILD_CHECK(10, fd >= 0);
		CHILD_CHECK(11, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_A,
						 squatter_parent, NULL) == 0);
		CHILD_CHECK(12, write(ready[1], "r", 1) == 1);
		pause();
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &byte, 1));
	EXPECT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->h, NULL));
	/* ...while a second privileged registration is still refused */
	EXPECT_EQ(ERROR_ALREADY_EXISTS,
		  rtm_api_register(AF_INET, RTM_TEST_PROTO_A, getpid(),
				   &second, NULL));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, wait_child(pid));
	close(ready[0]);
	close(ready[1]);
}

/* Raw: a fresh file opened without privilege, registered, then refused */
static int unprivileged_fd(void)
{
	int fd = rtm_open();

	CHILD_CHECK(10, fd >= 0);
	CHILD_CHECK(11, rtm_raw_register(fd, AF_INET, RTM_TEST_PROTO_B,
					 getpid(), NULL) == 0);
	return fd;
}

static void unprivileged_route_add(void)
{
	struct rtm_net_address p;
	int fd = unprivileged_fd(), ret;

	rtm_prefix4(&p, 10, 2, 0, 0, 16);
	errno = 0;
	ret = rtm_raw_route_add(fd, &p, 1, 1, 1, NULL);
	CHILD_CHECK(20, ret == -1);
	CHILD_CHECK(21, errno == EPERM);
}

static void unprivileged_nexthop_add(void)
{
	struct rtm_nexthop nh = { 0 };
	int fd = unprivileged_fd(), ret;

	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	errno = 0;
	ret = ioctl(fd, RTM_IOC_NEXTHOP_ADD, &nh);
	CHILD_CHECK(20, ret == -1);
	CHILD_CHECK(21, errno == EPERM);
}

/* The privilege check comes before the lookup: EPERM, not ENOENT */
static void unprivileged_nexthop_delete(void)
{
	struct rtm_nexthop nh = { 0 };
	int fd = unprivileged_fd(), ret;

	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	errno = 0;
	ret = ioctl(fd, RTM_IOC_NEXTHOP_DELETE, &nh);
	CHILD_CHECK(20, ret == -1);
	CHILD_CHECK(21, errno == EPERM);
}

/* The privilege check comes before the handle lookup: EPERM, not EBADF */
static void unprivileged_route_delete(void)
{
	int fd = unprivileged_fd(), ret;

	errno = 0;
	ret = rtm_raw_route_delete(fd, RTM_FORGED_HANDLE(RTM_HANDLE_ROUTE));
	CHILD_CHECK(20, ret == -1);
	CHILD_CHECK(21, errno == EPERM);
}

static void unprivileged_read_only_calls(void)
{
	__u64 walk, dest;
	void *records = NULL;
	long n;
	int fd = unprivileged_fd();

	CHILD_CHECK(20, rtm_raw_enum_create(fd, RTM_ENUM_F_START, 1, 0, NULL,
					    &walk, NULL) == 0);
	n = rtm_raw_fetch_all(fd, walk, 1, 8, &records);
	CHILD_CHECK(21, n == 1);
	dest = ((struct rtm_dest_record *)records)->dest_handle;
	CHILD_CHECK(22, rtm_raw_release(fd, &dest, 1, RTM_HANDLE_DEST) == 0);
	CHILD_CHECK(23, rtm_raw_enum_delete(fd, walk) == 0);
	free(records);
}

TEST_F(ns, unprivileged_raw_route_add_is_eperm)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, run_unprivileged(unprivileged_route_add));
}

TEST_F(ns, unprivileged_raw_nexthop_add_is_eperm)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, run_unprivileged(unprivileged_nexthop_add));
}

TEST_F(ns, unprivileged_raw_nexthop_delete_is_eperm)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, run_unprivileged(unprivileged_nexthop_delete));
}

TEST_F(ns, unprivileged_raw_route_delete_is_eperm)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, run_unprivileged(unprivileged_route_delete));
}

TEST_F(ns, unprivileged_raw_read_only_calls_work)
{
	RTM_NET_ADDRESS p;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	EXPECT_EQ(0, run_unprivileged(unprivileged_read_only_calls));
}

TEST_HARNESS_MAIN
