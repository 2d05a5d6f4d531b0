// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/rtm ioctl ABI, with raw ioctls: the version handshake, the
 * order of registration, argument validation (reserved fields, flags,
 * prefixes, counts, sizes, pointers) and handle validation. Each TEST checks
 * one error path with otherwise valid arguments, so a kernel that rejects
 * the call for another reason fails the test.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

#define NUM_IOCTLS	14

/* A page that faults on every access: the "wild pointer" of the tests */
static void *fault_page(void)
{
	void *p = mmap(NULL, getpagesize(), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ---- before registration ---- */

TEST(version_reports_limits)
{
	struct rtm_version v;
	int fd;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	memset(&v, 0xa5, sizeof(v));
	v.reserved = 0;
	ASSERT_EQ(0, ioctl(fd, RTM_IOC_VERSION, &v));
	EXPECT_EQ(RTM_API_VERSION, v.api_version);
	EXPECT_EQ(RTM_MAX_ENUM_BATCH, v.max_enum_batch);
	EXPECT_EQ(RTM_MAX_RELEASE_BATCH, v.max_release_batch);
	EXPECT_EQ(RTM_MAX_NEXTHOPS, v.max_nexthops);
	EXPECT_EQ(RTM_VIEWS_SUPPORTED, v.views_supported);
	EXPECT_EQ(0, v.features);
	/* Commands 0x00..0x0b all exist, nothing else */
	EXPECT_EQ((1ull << NUM_IOCTLS) - 1, v.ioctls);
	/* The caps of this file: the module parameters' defaults */
	EXPECT_EQ(1024, v.max_enums);
	EXPECT_EQ(1u << 24, v.max_handles);
	EXPECT_EQ(1u << 24, v.max_routes);
	EXPECT_EQ(1u << 16, v.max_entity_nexthops);
	EXPECT_EQ(0, v.reserved);
	close(fd);
}

TEST(version_reserved_nonzero_is_einval)
{
	struct rtm_version v;
	int fd, ret;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	memset(&v, 0, sizeof(v));
	v.reserved = 1;
	errno = 0;
	ret = ioctl(fd, RTM_IOC_VERSION, &v);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(unknown_command_number_is_enotty)
{
	struct rtm_version v = { 0 };
	int fd, ret;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	errno = 0;
	ret = ioctl(fd, _IOWR(RTM_IOC_MAGIC, NUM_IOCTLS, struct rtm_version),
		    &v);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST(foreign_magic_is_enotty)
{
	struct rtm_version v = { 0 };
	int fd, ret;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	errno = 0;
	ret = ioctl(fd, _IOWR('x', 0x00, struct rtm_version), &v);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST(known_number_wrong_size_is_enotty)
{
	__u64 arg[64] = { 0 };
	int fd, ret;

	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	fd = rtm_open();
	ASSERT_LE(0, fd);
	/* The size is part of the command: another size is another command */
	errno = 0;
	ret = ioctl(fd, _IOWR(RTM_IOC_MAGIC, 0x00, __u64), arg);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

/* Every command but VERSION and REGISTER needs a registered file */
FIXTURE(unregistered) {
	int fd;
};

FIXTURE_VARIANT(unregistered) {
	unsigned long cmd;
};

FIXTURE_VARIANT_ADD(unregistered, nexthop_add) { .cmd = RTM_IOC_NEXTHOP_ADD };
FIXTURE_VARIANT_ADD(unregistered, nexthop_delete) { .cmd = RTM_IOC_NEXTHOP_DELETE };
FIXTURE_VARIANT_ADD(unregistered, route_add) { .cmd = RTM_IOC_ROUTE_ADD };
FIXTURE_VARIANT_ADD(unregistered, route_delete) { .cmd = RTM_IOC_ROUTE_DELETE };
FIXTURE_VARIANT_ADD(unregistered, enum_create) { .cmd = RTM_IOC_ENUM_CREATE };
FIXTURE_VARIANT_ADD(unregistered, enum_fetch) { .cmd = RTM_IOC_ENUM_FETCH };
FIXTURE_VARIANT_ADD(unregistered, enum_delete) { .cmd = RTM_IOC_ENUM_DELETE };
FIXTURE_VARIANT_ADD(unregistered, release) { .cmd = RTM_IOC_RELEASE };

FIXTURE_SETUP(unregistered)
{
	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(unregistered)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(unregistered, command_before_register_is_enxio)
{
	/* All-zero arguments: nothing to object to but the missing entity */
	__u64 arg[32];
	int ret;

	RTM_RETURN_IF_SKIPPED();
	memset(arg, 0, sizeof(arg));
	errno = 0;
	ret = ioctl(self->fd, variant->cmd, arg);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENXIO, errno);
}

/* ---- registration ---- */

FIXTURE(file) {
	int fd;
};

FIXTURE_SETUP(file)
{
	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(file)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(file, register_returns_entity_handle)
{
	__u64 h = 0;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), &h));
	EXPECT_EQ(RTM_HANDLE_MAGIC, h >> 56);
	EXPECT_EQ(RTM_HANDLE_ENTITY, RTM_HANDLE_TYPE(h));
}

TEST_F(file, register_ipv6_works)
{
	__u64 h = 0;

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, rtm_raw_register(self->fd, AF_INET6, RTM_TEST_PROTO_A,
				      getpid(), &h));
}

TEST_F(file, second_register_on_file_is_ebusy)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	/* Even a registration that would be fine on another file */
	errno = 0;
	ret = rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_B,
			       getpid(), NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBUSY, errno);
}

TEST_F(file, same_entity_on_two_files_is_eexist)
{
	int fd2, ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	fd2 = rtm_open();
	ASSERT_LE(0, fd2);
	errno = 0;
	ret = rtm_raw_register(fd2, AF_INET, RTM_TEST_PROTO_A, getpid(),
			       NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EEXIST, errno);
	close(fd2);
}

TEST_F(file, same_entity_other_instance_is_fine)
{
	int fd2;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	fd2 = rtm_open();
	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, rtm_raw_register(fd2, AF_INET, RTM_TEST_PROTO_A,
				      getpid() + 1000000, NULL));
	close(fd2);
}

TEST_F(file, same_entity_other_family_is_fine)
{
	int fd2;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	fd2 = rtm_open();
	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, rtm_raw_register(fd2, AF_INET6, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	close(fd2);
}

TEST_F(file, entity_id_free_again_after_close)
{
	int fd2;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	/* close() of the last reference releases the file synchronously */
	close(self->fd);
	self->fd = -1;
	fd2 = rtm_open();
	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, rtm_raw_register(fd2, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
	close(fd2);
}

TEST_F(file, register_family_unix_is_einval)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_register(self->fd, AF_UNIX, RTM_TEST_PROTO_A, getpid(),
			       NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(file, register_family_zero_is_einval)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_register(self->fd, 0, RTM_TEST_PROTO_A, getpid(), NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(file, register_rtm_instance_nonzero_is_einval)
{
	struct rtm_register reg = {
		.family = AF_INET,
		.rtm_instance = 1,
		.protocol_id = RTM_TEST_PROTO_A,
		.instance_id = getpid(),
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_REGISTER, &reg);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(file, register_flags_nonzero_is_einval)
{
	struct rtm_register reg = {
		.family = AF_INET,
		.flags = 1,
		.protocol_id = RTM_TEST_PROTO_A,
		.instance_id = getpid(),
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_REGISTER, &reg);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(file, register_reserved_nonzero_is_einval)
{
	struct rtm_register reg = {
		.family = AF_INET,
		.protocol_id = RTM_TEST_PROTO_A,
		.instance_id = getpid(),
		.reserved = { 0, 1 },
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_REGISTER, &reg);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(file, register_failed_leaves_file_unregistered)
{
	struct rtm_register reg = {
		.family = AF_INET,
		.flags = 0x80000000u,
		.protocol_id = RTM_TEST_PROTO_A,
		.instance_id = getpid(),
	};

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(-1, ioctl(self->fd, RTM_IOC_REGISTER, &reg));
	/* The rejected call must not have half-registered the file */
	EXPECT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
}

/* NULL ioctl arguments */
FIXTURE(null_arg) {
	int fd;
};

FIXTURE_VARIANT(null_arg) {
	unsigned long cmd;
	bool registered;
};

FIXTURE_VARIANT_ADD(null_arg, version) { .cmd = RTM_IOC_VERSION };
FIXTURE_VARIANT_ADD(null_arg, register) { .cmd = RTM_IOC_REGISTER };
FIXTURE_VARIANT_ADD(null_arg, nexthop_add) { .cmd = RTM_IOC_NEXTHOP_ADD, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, nexthop_delete) { .cmd = RTM_IOC_NEXTHOP_DELETE, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, route_add) { .cmd = RTM_IOC_ROUTE_ADD, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, route_delete) { .cmd = RTM_IOC_ROUTE_DELETE, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, enum_create) { .cmd = RTM_IOC_ENUM_CREATE, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, enum_fetch) { .cmd = RTM_IOC_ENUM_FETCH, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, enum_delete) { .cmd = RTM_IOC_ENUM_DELETE, .registered = true };
FIXTURE_VARIANT_ADD(null_arg, release) { .cmd = RTM_IOC_RELEASE, .registered = true };

FIXTURE_SETUP(null_arg)
{
	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
	if (variant->registered) {
		ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET,
					      RTM_TEST_PROTO_A, getpid(),
					      NULL));
	}
}

FIXTURE_TEARDOWN(null_arg)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(null_arg, null_argument_is_efault)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, variant->cmd, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(null_arg, wild_argument_is_efault)
{
	void *wild;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	wild = fault_page();
	ASSERT_NE(NULL, wild);
	errno = 0;
	ret = ioctl(self->fd, variant->cmd, wild);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
	munmap(wild, getpagesize());
}

/* ---- a registered IPv4 entity with one route and one live enumeration ---- */

FIXTURE(reg) {
	int fd;
	__u64 entity;
	__u64 route;		/* a held route handle, of 10.0.0.0/8 */
	__u64 dest;		/* a held dest handle, of 10.0.0.0/8 */
	__u64 enumh;		/* a live, unfetched enumeration */
	struct rtm_net_address p10;
};

FIXTURE_SETUP(reg)
{
	struct rtm_dest_record rec[2];
	__u64 walk;
	__u32 got = 0, out_flags = 0, nv = 99;

	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), &self->entity));
	rtm_prefix4(&self->p10, 10, 0, 0, 0, 8);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd, &self->p10, 10, 10, 1,
				       &self->route));
	ASSERT_EQ(RTM_HANDLE_ROUTE, RTM_HANDLE_TYPE(self->route));

	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, RTM_ENUM_F_START, 0, 0,
					 NULL, &walk, &nv));
	ASSERT_EQ(0, nv);
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, walk, rec, 2, 0, &got,
					&out_flags));
	ASSERT_EQ(1, got);
	ASSERT_EQ(RTM_FETCH_END, out_flags);
	self->dest = rec[0].dest_handle;
	ASSERT_EQ(RTM_HANDLE_DEST, RTM_HANDLE_TYPE(self->dest));
	ASSERT_EQ(0, rtm_raw_enum_delete(self->fd, walk));

	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, RTM_ENUM_F_START, 1, 0,
					 NULL, &self->enumh, NULL));
	ASSERT_EQ(RTM_HANDLE_ENUM, RTM_HANDLE_TYPE(self->enumh));
}

FIXTURE_TEARDOWN(reg)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* -- handle format and reference counting -- */

TEST_F(reg, handles_carry_magic_and_type)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(RTM_HANDLE_MAGIC, self->entity >> 56);
	EXPECT_EQ(RTM_HANDLE_MAGIC, self->route >> 56);
	EXPECT_EQ(RTM_HANDLE_MAGIC, self->dest >> 56);
	EXPECT_EQ(RTM_HANDLE_MAGIC, self->enumh >> 56);
	EXPECT_EQ(RTM_HANDLE_ENTITY, RTM_HANDLE_TYPE(self->entity));
}

TEST_F(reg, enum_fetch_fills_record)
{
	struct {
		struct rtm_dest_record r;
		struct rtm_dest_view v[1];
	} rec;
	__u32 got = 0, out_flags = 0;

	RTM_RETURN_IF_SKIPPED();
	memset(&rec, 0xa5, sizeof(rec));
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, &rec, 1, 1,
					&got, &out_flags));
	ASSERT_EQ(1, got);
	EXPECT_EQ(self->dest, rec.r.dest_handle);
	EXPECT_EQ(0, memcmp(&self->p10, &rec.r.dest, sizeof(self->p10)));
	EXPECT_EQ(1, rec.r.belongs_to_views);
	EXPECT_EQ(1, rec.r.num_views);
	EXPECT_EQ(0, rec.r.reserved);
	EXPECT_EQ(RTM_VIEW_UCAST, rec.v[0].view_id);
	EXPECT_EQ(1, rec.v[0].num_routes);
	EXPECT_EQ(self->route, rec.v[0].route);
	EXPECT_EQ(self->entity, rec.v[0].owner);
	EXPECT_EQ(0, rec.v[0].reserved);
	EXPECT_EQ(0, rec.v[0].hold_route);
	/* Its references: dest, route, owner, each exactly once more */
	EXPECT_EQ(0, rtm_raw_release_records(self->fd, &rec, 1, 1));
	EXPECT_EQ(0, rtm_raw_release(self->fd, &self->dest, 1,
				     RTM_HANDLE_DEST));
	EXPECT_EQ(0, rtm_raw_release(self->fd, &self->route, 1,
				     RTM_HANDLE_ROUTE));
}

TEST_F(reg, same_object_twice_is_same_handle_counted_twice)
{
	struct rtm_dest_record rec;
	__u64 walk, three[3];
	__u32 got = 0;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, RTM_ENUM_F_START, 0, 0,
					 NULL, &walk, NULL));
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, walk, &rec, 1, 0, &got,
					NULL));
	ASSERT_EQ(1, got);
	EXPECT_EQ(self->dest, rec.dest_handle);
	/* Held twice now: releasing it three times in one call fails whole */
	three[0] = three[1] = three[2] = self->dest;
	errno = 0;
	ret = rtm_raw_release(self->fd, three, 3, RTM_HANDLE_DEST);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, rtm_raw_release(self->fd, three, 2, RTM_HANDLE_DEST));
	errno = 0;
	ret = rtm_raw_release(self->fd, three, 1, RTM_HANDLE_DEST);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, release_count_zero_is_noop)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, rtm_raw_release(self->fd, NULL, 0, RTM_HANDLE_ANY));
	EXPECT_EQ(0, rtm_raw_release(self->fd, &self->route, 1,
				     RTM_HANDLE_ROUTE));
}

TEST_F(reg, release_wrong_type_is_ebadf_and_releases_nothing)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, &self->dest, 1, RTM_HANDLE_ROUTE);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, rtm_raw_release(self->fd, &self->dest, 1,
				     RTM_HANDLE_DEST));
}

TEST_F(reg, release_batch_with_one_bad_releases_nothing)
{
	__u64 batch[3];
	int ret;

	RTM_RETURN_IF_SKIPPED();
	batch[0] = self->dest;
	batch[1] = RTM_FORGED_HANDLE(RTM_HANDLE_DEST);
	batch[2] = self->route;
	errno = 0;
	ret = rtm_raw_release(self->fd, batch, 3, RTM_HANDLE_ANY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
	/* Both good handles are still held exactly once */
	batch[1] = self->route;
	EXPECT_EQ(0, rtm_raw_release(self->fd, batch, 2, RTM_HANDLE_ANY));
}

TEST_F(reg, release_entity_handle_twice_is_ebadf)
{
	/*
	 * The registration is the file's one reference on its entity
	 * handle: it can be released like any other reference, but only
	 * once, and releasing it twice in one call must fail whole.
	 */
	__u64 two[2] = { self->entity, self->entity };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, two, 2, RTM_HANDLE_ENTITY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, route_delete_consumes_handle)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd, self->route));
	errno = 0;
	ret = rtm_raw_release(self->fd, &self->route, 1, RTM_HANDLE_ROUTE);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, route_delete_of_deleted_route_is_enoent)
{
	__u64 again = 0;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	/* Updating the same route returns a second reference to it */
	ASSERT_EQ(0, rtm_raw_route_add(self->fd, &self->p10, 5, 5, 1,
				       &again));
	ASSERT_EQ(self->route, again);
	ASSERT_EQ(0, rtm_raw_route_delete(self->fd, self->route));
	errno = 0;
	ret = rtm_raw_route_delete(self->fd, again);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENOENT, errno);
	/* The failed delete did not consume the remaining reference */
	EXPECT_EQ(0, rtm_raw_release(self->fd, &again, 1, RTM_HANDLE_ROUTE));
}

TEST_F(reg, route_add_reports_new_then_update)
{
	struct rtm_route r = {
		.dest = self->p10,
		.preference = 1,
		.views = 1,
	};
	struct rtm_net_address p11;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r));
	EXPECT_EQ(0, r.change_flags & RTM_ROUTE_CHG_NEW);
	EXPECT_EQ(0, r.handle);
	rtm_prefix4(&p11, 11, 0, 0, 0, 8);
	memset(&r, 0, sizeof(r));
	r.dest = p11;
	r.views = 1;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r));
	EXPECT_EQ(RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST, r.change_flags);
}

TEST_F(reg, enum_create_reports_num_views)
{
	__u64 e;
	__u32 nv = 99;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, 0, 0, 0, NULL, &e, &nv));
	EXPECT_EQ(0, nv);
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, 0, 2, 0, NULL, &e, &nv));
	EXPECT_EQ(1, nv);
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, 0, 3, 0, NULL, &e, &nv));
	EXPECT_EQ(2, nv);
	/* All 32 bits set means every supported view */
	ASSERT_EQ(0, rtm_raw_enum_create(self->fd, 0, RTM_VIEW_MASK_ALL_BITS,
					 0, NULL, &e, &nv));
	EXPECT_EQ(2, nv);
}

TEST_F(reg, fetch_after_end_returns_nothing_with_end)
{
	struct {
		struct rtm_dest_record r;
		struct rtm_dest_view v[1];
	} rec[2];
	__u32 got = 0, out_flags = 0;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, rec, 2, 1,
					&got, &out_flags));
	ASSERT_EQ(1, got);
	EXPECT_EQ(RTM_FETCH_END, out_flags);
	EXPECT_EQ(0, rtm_raw_release_records(self->fd, rec, 1, 1));
	got = 99;
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, rec, 2, 1,
					&got, &out_flags));
	EXPECT_EQ(0, got);
	EXPECT_EQ(RTM_FETCH_END, out_flags);
}

TEST_F(reg, nexthop_add_new_then_update_then_delete)
{
	struct rtm_nexthop nh;
	__u64 h1;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.ifindex = 1;
	nh.flags = RTM_NH_F_WANT_HANDLE;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	EXPECT_EQ(1, nh.change_flags);
	EXPECT_EQ(RTM_HANDLE_NEXTHOP, RTM_HANDLE_TYPE(nh.handle));
	h1 = nh.handle;

	nh.handle = 0;
	nh.change_flags = 0;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	EXPECT_EQ(0, nh.change_flags);
	EXPECT_EQ(h1, nh.handle);

	/* Delete by handle consumes one of the two references */
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.ifindex = 1;
	nh.handle = h1;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_DELETE, &nh));
	EXPECT_EQ(0, rtm_raw_release(self->fd, &h1, 1, RTM_HANDLE_NEXTHOP));

	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.ifindex = 1;
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_DELETE, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(reg, nexthop_delete_by_handle_needs_no_address)
{
	struct rtm_nexthop nh;
	__u64 h;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.flags = RTM_NH_F_WANT_HANDLE;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	h = nh.handle;
	/* RtmDeleteNextHop(h, NextHopHandle, NULL): the handle is enough */
	memset(&nh, 0, sizeof(nh));
	nh.handle = h;
	EXPECT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_DELETE, &nh));
	errno = 0;
	ret = rtm_raw_release(self->fd, &h, 1, RTM_HANDLE_NEXTHOP);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, route_with_nexthops_and_neighbour)
{
	struct rtm_nexthop nh;
	struct rtm_route r;
	__u64 nhh;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	nh.flags = RTM_NH_F_WANT_HANDLE;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	nhh = nh.handle;

	memset(&r, 0, sizeof(r));
	rtm_prefix4(&r.dest, 172, 16, 0, 0, 12);
	r.views = 1;
	r.neighbour = nhh;
	r.num_nexthops = 1;
	r.nexthops[0] = nhh;
	r.flags = RTM_ROUTE_F_WANT_HANDLE;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r));
	EXPECT_EQ(RTM_ROUTE_CHG_NEW, r.change_flags & RTM_ROUTE_CHG_NEW);
	/* Another neighbour (none) is another route on the same dest */
	r.neighbour = 0;
	r.handle = 0;
	r.change_flags = 0;
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r));
	EXPECT_EQ(RTM_ROUTE_CHG_NEW, r.change_flags & RTM_ROUTE_CHG_NEW);
}

/* -- reserved fields and unknown flags, per command -- */

TEST_F(reg, route_add_unknown_flag_is_einval)
{
	struct rtm_route r = { .dest = self->p10, .views = 1, .flags = 0x2 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_unknown_change_flag_is_einval)
{
	struct rtm_route r = {
		.dest = self->p10, .views = 1, .change_flags = 0x4,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_reserved0_is_einval)
{
	struct rtm_route r = { .dest = self->p10, .views = 1, .reserved0 = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_reserved_is_einval)
{
	struct rtm_route r = {
		.dest = self->p10, .views = 1, .reserved = { 0, 1 },
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_delete_reserved_is_einval_and_keeps_route)
{
	struct rtm_route r = { .handle = self->route, .reserved = { 1, 0 } };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_DELETE, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, rtm_raw_route_delete(self->fd, self->route));
}

TEST_F(reg, nexthop_add_unknown_flag_is_einval)
{
	struct rtm_nexthop nh = { .flags = 0x2 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, nexthop_add_reserved0_is_einval)
{
	struct rtm_nexthop nh = { .reserved0 = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, nexthop_add_reserved_is_einval)
{
	struct rtm_nexthop nh = { .reserved = { 0, 1 } };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, nexthop_delete_reserved_is_einval_and_keeps_nexthop)
{
	struct rtm_nexthop nh = { 0 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	ASSERT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh));
	nh.reserved[1] = 1;
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_DELETE, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	nh.reserved[1] = 0;
	EXPECT_EQ(0, ioctl(self->fd, RTM_IOC_NEXTHOP_DELETE, &nh));
}

TEST_F(reg, enum_create_unknown_flag_is_einval)
{
	struct rtm_enum_create ec = { .flags = 0x4, .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_own_routes_flag_is_einval)
{
	/* RTM_ENUM_OWN_ROUTES belongs to route walks, not destination walks */
	struct rtm_enum_create ec = { .flags = 0x00010000, .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_position_3_is_einval)
{
	struct rtm_enum_create ec = {
		.flags = RTM_ENUM_F_NEXT | RTM_ENUM_F_RANGE, .views = 1,
		.addr = self->p10,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_reserved0_is_einval)
{
	struct rtm_enum_create ec = { .views = 1, .reserved0 = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_reserved_is_einval)
{
	struct rtm_enum_create ec = { .views = 1, .reserved = { 0, 1 } };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_start_with_address_is_einval)
{
	struct rtm_enum_create ec = {
		.flags = RTM_ENUM_F_START, .views = 1, .addr = self->p10,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_create_unsupported_view_is_eopnotsupp)
{
	struct rtm_enum_create ec = { .views = 0x4 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EOPNOTSUPP, errno);
}

TEST_F(reg, enum_create_supported_plus_unsupported_view_is_eopnotsupp)
{
	struct rtm_enum_create ec = { .views = 0x5 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EOPNOTSUPP, errno);
}

TEST_F(reg, enum_fetch_flags_is_einval)
{
	struct rtm_dest_record rec[2];
	struct rtm_enum_fetch f = {
		.enum_handle = self->enumh,
		.records = (uintptr_t)rec,
		.count = 1,
		.record_size = RTM_DEST_RECORD_SIZE(1),
		.flags = 1,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_FETCH, &f);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_fetch_reserved_is_einval)
{
	struct rtm_dest_record rec[2];
	struct rtm_enum_fetch f = {
		.enum_handle = self->enumh,
		.records = (uintptr_t)rec,
		.count = 1,
		.record_size = RTM_DEST_RECORD_SIZE(1),
		.reserved = { 0, 1 },
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_FETCH, &f);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_delete_reserved_is_einval_and_keeps_enum)
{
	struct rtm_enum_delete d = { .enum_handle = self->enumh, .reserved = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_DELETE, &d);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, rtm_raw_enum_delete(self->fd, self->enumh));
}

TEST_F(reg, release_reserved_is_einval_and_releases_nothing)
{
	struct rtm_release rel = {
		.handles = (uintptr_t)&self->route,
		.count = 1,
		.reserved = 1,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_RELEASE, &rel);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, rtm_raw_release(self->fd, &self->route, 1,
				     RTM_HANDLE_ROUTE));
}

TEST_F(reg, release_type_enum_is_einval)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, &self->enumh, 1, RTM_HANDLE_ENUM);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, release_unknown_type_is_einval)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, &self->route, 1, 6);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, release_enum_handle_as_any_is_ebadf)
{
	/* Enumerations end with ENUM_DELETE, never with RELEASE */
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, &self->enumh, 1, RTM_HANDLE_ANY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

/* -- counts, sizes and pointers -- */

TEST_F(reg, enum_fetch_count_zero_is_einval)
{
	struct rtm_dest_record rec[2];
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_enum_fetch(self->fd, self->enumh, rec, 0, 1, NULL, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_fetch_count_above_max_is_einval)
{
	void *buf;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	buf = calloc(RTM_MAX_ENUM_BATCH + 1, RTM_DEST_RECORD_SIZE(1));
	ASSERT_NE(NULL, buf);
	errno = 0;
	ret = rtm_raw_enum_fetch(self->fd, self->enumh, buf,
				 RTM_MAX_ENUM_BATCH + 1, 1, NULL, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	free(buf);
}

TEST_F(reg, enum_fetch_count_max_is_fine)
{
	void *buf;
	__u32 got = 0;

	RTM_RETURN_IF_SKIPPED();
	buf = calloc(RTM_MAX_ENUM_BATCH, RTM_DEST_RECORD_SIZE(1));
	ASSERT_NE(NULL, buf);
	EXPECT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, buf,
					RTM_MAX_ENUM_BATCH, 1, &got, NULL));
	EXPECT_EQ(1, got);
	free(buf);
}

TEST_F(reg, enum_fetch_record_size_of_other_view_count_is_einval)
{
	struct rtm_dest_record rec[4];
	struct rtm_enum_fetch f = {
		.enum_handle = self->enumh,
		.records = (uintptr_t)rec,
		.count = 1,
		.record_size = RTM_DEST_RECORD_SIZE(2),
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_FETCH, &f);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_fetch_record_size_plus_one_is_einval)
{
	struct rtm_dest_record rec[4];
	struct rtm_enum_fetch f = {
		.enum_handle = self->enumh,
		.records = (uintptr_t)rec,
		.count = 1,
		.record_size = RTM_DEST_RECORD_SIZE(1) + 1,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_FETCH, &f);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, enum_fetch_wild_records_is_efault)
{
	struct rtm_counters before, after;
	bool counters;
	void *wild;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	wild = fault_page();
	ASSERT_NE(NULL, wild);
	counters = rtm_read_counters(&before) == 0;
	errno = 0;
	ret = rtm_raw_enum_fetch(self->fd, self->enumh, wild, 1, 1, NULL,
				 NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
	/* A fault on the first record takes no reference */
	if (counters) {
		ASSERT_EQ(0, rtm_read_counters(&after));
		EXPECT_EQ(before.handles, after.handles);
	}
	munmap(wild, getpagesize());
}

TEST_F(reg, enum_fetch_fault_after_first_record_returns_written)
{
	size_t page = getpagesize(), rec = RTM_DEST_RECORD_SIZE(1);
	struct rtm_net_address p11;
	struct rtm_dest_record *first;
	__u32 got = 0;
	char *map;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&p11, 11, 0, 0, 0, 8);
	ASSERT_EQ(0, rtm_raw_route_add(self->fd, &p11, 1, 1, 1, NULL));
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	/* Room for exactly one record before the unmapped page */
	first = (void *)(map + page - rec);
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, first, 2, 1,
					&got, NULL));
	EXPECT_EQ(1, got);
	EXPECT_EQ(self->dest, first->dest_handle);
	/* The written record's references, and only those, were taken */
	EXPECT_EQ(0, rtm_raw_release_records(self->fd, first, 1, 1));
	/* The walk resumes right after the record reported */
	ASSERT_EQ(0, rtm_raw_enum_fetch(self->fd, self->enumh, map, 1, 1,
					&got, NULL));
	ASSERT_EQ(1, got);
	EXPECT_EQ(11, ((struct rtm_dest_record *)map)->dest.addr[0]);
	EXPECT_EQ(0, rtm_raw_release_records(self->fd, map, 1, 1));
	munmap(map, 2 * page);
}

TEST_F(reg, enum_fetch_null_records_is_efault)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_enum_fetch(self->fd, self->enumh, NULL, 1, 1, NULL,
				 NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(reg, release_wild_handles_is_efault)
{
	void *wild;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	wild = fault_page();
	ASSERT_NE(NULL, wild);
	errno = 0;
	ret = rtm_raw_release(self->fd, wild, 1, RTM_HANDLE_ANY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
	munmap(wild, getpagesize());
}

TEST_F(reg, release_null_handles_is_efault)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = rtm_raw_release(self->fd, NULL, 1, RTM_HANDLE_ANY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(reg, release_above_max_is_e2big)
{
	__u64 *handles;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	handles = calloc(RTM_MAX_RELEASE_BATCH + 1, sizeof(*handles));
	ASSERT_NE(NULL, handles);
	errno = 0;
	ret = rtm_raw_release(self->fd, handles, RTM_MAX_RELEASE_BATCH + 1,
			      RTM_HANDLE_ANY);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(E2BIG, errno);
	free(handles);
}

TEST_F(reg, route_add_too_many_nexthops_is_einval)
{
	struct rtm_route r = {
		.dest = self->p10, .views = 1,
		.num_nexthops = RTM_MAX_NEXTHOPS + 1,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_views_zero_is_einval)
{
	struct rtm_route r = { .dest = self->p10, .views = 0 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_unsupported_view_is_einval)
{
	struct rtm_route r = { .dest = self->p10, .views = 0x5 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(reg, route_add_nexthop_not_held_is_ebadf)
{
	struct rtm_route r = {
		.dest = self->p10, .views = 1, .num_nexthops = 1,
		.nexthops = { RTM_FORGED_HANDLE(RTM_HANDLE_NEXTHOP) },
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, route_add_route_handle_as_nexthop_is_ebadf)
{
	struct rtm_route r = {
		.dest = self->p10, .views = 1, .num_nexthops = 1,
	};
	int ret;

	RTM_RETURN_IF_SKIPPED();
	r.nexthops[0] = self->route;
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

/* -- prefixes -- */

FIXTURE(bad_prefix) {
	int fd;
};

FIXTURE_VARIANT(bad_prefix) {
	__u16 family;
	__u16 prefix_len;
	__u8 addr[RTM_MAX_ADDRESS_BYTES];
};

/* 10.0.0.1/8: host bits set */
FIXTURE_VARIANT_ADD(bad_prefix, host_bits) {
	.family = AF_INET, .prefix_len = 8, .addr = { 10, 0, 0, 1 },
};
/* 10.0.0.0/33: longer than the family */
FIXTURE_VARIANT_ADD(bad_prefix, len_33) {
	.family = AF_INET, .prefix_len = 33, .addr = { 10 },
};
/* 10.0.0.0/8 with a byte past the IPv4 address */
FIXTURE_VARIANT_ADD(bad_prefix, byte_past_ipv4) {
	.family = AF_INET, .prefix_len = 8, .addr = { 10, 0, 0, 0, 1 },
};
/* An IPv6 prefix on an IPv4 entity */
FIXTURE_VARIANT_ADD(bad_prefix, family_inet6) {
	.family = AF_INET6, .prefix_len = 16, .addr = { 0x20, 0x01 },
};
FIXTURE_VARIANT_ADD(bad_prefix, family_zero) {
	.family = 0, .prefix_len = 8, .addr = { 10 },
};
FIXTURE_VARIANT_ADD(bad_prefix, family_unix) {
	.family = AF_UNIX, .prefix_len = 8, .addr = { 10 },
};

FIXTURE_SETUP(bad_prefix)
{
	self->fd = -1;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->fd = rtm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, rtm_raw_register(self->fd, AF_INET, RTM_TEST_PROTO_A,
				      getpid(), NULL));
}

FIXTURE_TEARDOWN(bad_prefix)
{
	if (self->fd >= 0)
		close(self->fd);
}

static void bad_prefix_fill(struct rtm_net_address *p,
			    const FIXTURE_VARIANT(bad_prefix) *variant)
{
	memset(p, 0, sizeof(*p));
	p->family = variant->family;
	p->prefix_len = variant->prefix_len;
	memcpy(p->addr, variant->addr, sizeof(p->addr));
}

TEST_F(bad_prefix, route_add_is_einval)
{
	struct rtm_route r = { .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	bad_prefix_fill(&r.dest, variant);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(bad_prefix, enum_create_next_is_einval)
{
	struct rtm_enum_create ec = { .flags = RTM_ENUM_F_NEXT, .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	bad_prefix_fill(&ec.addr, variant);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(bad_prefix, enum_create_range_is_einval)
{
	struct rtm_enum_create ec = { .flags = RTM_ENUM_F_RANGE, .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	bad_prefix_fill(&ec.addr, variant);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_ENUM_CREATE, &ec);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(bad_prefix, nexthop_add_is_einval)
{
	struct rtm_nexthop nh = { 0 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	bad_prefix_fill(&nh.addr, variant);
	errno = 0;
	ret = ioctl(self->fd, RTM_IOC_NEXTHOP_ADD, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
}

/* -- garbage handles -- */

enum garbage_kind {
	GARBAGE_ZERO,
	GARBAGE_RANDOM,
	GARBAGE_RIGHT_MAGIC_WRONG_ID,
	GARBAGE_WRONG_TYPE,
	GARBAGE_RETYPED,
};

FIXTURE(garbage) {
	FIXTURE_DATA(reg) r;
};

FIXTURE_VARIANT(garbage) {
	enum garbage_kind kind;
};

FIXTURE_VARIANT_ADD(garbage, zero) { .kind = GARBAGE_ZERO };
FIXTURE_VARIANT_ADD(garbage, random) { .kind = GARBAGE_RANDOM };
FIXTURE_VARIANT_ADD(garbage, right_magic_wrong_id) {
	.kind = GARBAGE_RIGHT_MAGIC_WRONG_ID
};
FIXTURE_VARIANT_ADD(garbage, wrong_type) { .kind = GARBAGE_WRONG_TYPE };
FIXTURE_VARIANT_ADD(garbage, retyped) { .kind = GARBAGE_RETYPED };

FIXTURE_SETUP(garbage)
{
	reg_setup(_metadata, &self->r, NULL);
}

FIXTURE_TEARDOWN(garbage)
{
	reg_teardown(_metadata, &self->r, NULL);
}

/*
 * A value this file does not hold as @type: 0, noise, a forged id with the
 * right magic and type, a held handle of another type, or the id of a
 * held handle of another type with its type byte rewritten to @type.
 */
static __u64 garbage_handle(const FIXTURE_DATA(reg) *r, enum garbage_kind kind,
			    __u32 type)
{
	switch (kind) {
	case GARBAGE_ZERO:
		return 0;
	case GARBAGE_RANDOM:
		return 0x5a17c0ffee123457ull;
	case GARBAGE_RIGHT_MAGIC_WRONG_ID:
		return RTM_FORGED_HANDLE(type);
	case GARBAGE_WRONG_TYPE:
		/* A held dest, except where a dest is asked for */
		return type == RTM_HANDLE_DEST ? r->route : r->dest;
	case GARBAGE_RETYPED:
		return RTM_HANDLE_WITH_TYPE(type == RTM_HANDLE_DEST ?
					    r->route : r->dest, type);
	}
	return 0;
}

TEST_F(garbage, release_is_ebadf)
{
	__u64 h;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	h = garbage_handle(&self->r, variant->kind, RTM_HANDLE_ROUTE);
	errno = 0;
	ret = rtm_raw_release(self->r.fd, &h, 1, RTM_HANDLE_ROUTE);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(garbage, route_delete_is_ebadf)
{
	__u64 h;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	h = garbage_handle(&self->r, variant->kind, RTM_HANDLE_ROUTE);
	errno = 0;
	ret = rtm_raw_route_delete(self->r.fd, h);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(garbage, enum_fetch_is_ebadf)
{
	struct rtm_dest_record rec[2];
	__u64 h;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	h = garbage_handle(&self->r, variant->kind, RTM_HANDLE_ENUM);
	errno = 0;
	ret = rtm_raw_enum_fetch(self->r.fd, h, rec, 1, 1, NULL, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(garbage, enum_delete_is_ebadf)
{
	__u64 h;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	h = garbage_handle(&self->r, variant->kind, RTM_HANDLE_ENUM);
	errno = 0;
	ret = rtm_raw_enum_delete(self->r.fd, h);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(garbage, route_add_update_is_ebadf)
{
	struct rtm_route r = { .views = 1 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	/* handle 0 means "find or create": not garbage for ROUTE_ADD */
	if (variant->kind == GARBAGE_ZERO)
		SKIP(return, "0 is a valid ROUTE_ADD handle");
	r.dest = self->r.p10;
	r.handle = garbage_handle(&self->r, variant->kind, RTM_HANDLE_ROUTE);
	errno = 0;
	ret = ioctl(self->r.fd, RTM_IOC_ROUTE_ADD, &r);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(garbage, nexthop_delete_is_ebadf)
{
	struct rtm_nexthop nh = { 0 };
	int ret;

	RTM_RETURN_IF_SKIPPED();
	if (variant->kind == GARBAGE_ZERO)
		SKIP(return, "0 means find by address for NEXTHOP_DELETE");
	rtm_prefix4(&nh.addr, 192, 168, 1, 1, 32);
	ASSERT_EQ(0, ioctl(self->r.fd, RTM_IOC_NEXTHOP_ADD, &nh));
	nh.handle = garbage_handle(&self->r, variant->kind,
				   RTM_HANDLE_NEXTHOP);
	errno = 0;
	ret = ioctl(self->r.fd, RTM_IOC_NEXTHOP_DELETE, &nh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, enum_fetch_after_delete_is_ebadf)
{
	struct rtm_dest_record rec[2];
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_delete(self->fd, self->enumh));
	errno = 0;
	ret = rtm_raw_enum_fetch(self->fd, self->enumh, rec, 1, 1, NULL, NULL);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_F(reg, enum_delete_twice_is_ebadf)
{
	int ret;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(0, rtm_raw_enum_delete(self->fd, self->enumh));
	errno = 0;
	ret = rtm_raw_enum_delete(self->fd, self->enumh);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EBADF, errno);
}

TEST_HARNESS_MAIN
