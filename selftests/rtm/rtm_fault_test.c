// SPDX-License-Identifier: GPL-2.0
/*
 * Failed calls change nothing, with raw ioctls:
 *
 * - reserved fields and flag words, on every path of every command: each
 *   TEST makes one field invalid in an otherwise valid call, expects
 *   EINVAL and the debugfs object counters unchanged, then makes the same
 *   call valid and expects it to work (so the object the failed call might
 *   have deleted, or the reference it might have consumed, is still
 *   there, and the walk it might have moved has not moved);
 * - argument structures the kernel cannot write back (read-only, or
 *   straddling into a read-only page) or cannot read whole (straddling
 *   into a PROT_NONE page): every command but RTM_IOC_ENUM_DELETE, which
 *   never writes its structure, fails with EFAULT before it does anything,
 *   and leaves the structure as it was.
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

#define SETTLE_MS	5000

/* Where a call's argument structure lives */
enum placement {
	PLACE_NORMAL,		/* ordinary writable memory */
	PLACE_RO,		/* a read-only page */
	PLACE_RO_TAIL,		/* 8 bytes writable, the rest read-only */
	PLACE_NONE_TAIL,	/* 8 bytes writable, the rest PROT_NONE */
};

/* Records of the walks: one view slot */
struct rec1 {
	struct rtm_dest_record r;
	struct rtm_dest_view v[1];
};

/*
 * A registered IPv4 entity holding one next hop and one route, two
 * destinations in the table (10/8 first, then 11/8), an unread walk over
 * them, and a second file that is not registered.
 */
struct world {
	int fd;
	int fd2;		/* not registered */
	__u64 entity;
	__u64 nexthop;		/* held once: 192.0.2.1/32 on ifindex 1 */
	__u64 route;		/* held once: the route to 10/8, unicast */
	__u64 walk;		/* a walk with one view slot, not fetched */
	struct rtm_net_address p10, p11, nh_addr;
	enum placement place;
	bool arg_unchanged;	/* the last placed structure came back as is */
	struct rec1 rec;	/* the last record fetched */
	struct rtm_counters before;
};

static int world_setup(struct __test_metadata *_metadata, struct world *w)
{
	struct rtm_nexthop nh = { .flags = RTM_NH_F_WANT_HANDLE, .ifindex = 1 };

	w->fd = w->fd2 = -1;
	if (!rtm_device_present())
		SKIP(return -1, "no " RTM_DEV_PATH);
	if (geteuid() != 0)
		SKIP(return -1, "needs root (CAP_NET_ADMIN) to add routes");
	w->fd = rtm_open();
	w->fd2 = rtm_open();
	if (w->fd < 0 || w->fd2 < 0)
		return -1;
	if (rtm_raw_register(w->fd, AF_INET, RTM_TEST_PROTO_A, getpid(),
			     &w->entity))
		return -1;
	rtm_prefix4(&w->nh_addr, 192, 0, 2, 1, 32);
	nh.addr = w->nh_addr;
	if (ioctl(w->fd, RTM_IOC_NEXTHOP_ADD, &nh))
		return -1;
	w->nexthop = nh.handle;
	rtm_prefix4(&w->p10, 10, 0, 0, 0, 8);
	rtm_prefix4(&w->p11, 11, 0, 0, 0, 8);
	if (rtm_raw_route_add(w->fd, &w->p10, 10, 10, 1, &w->route) ||
	    rtm_raw_route_add(w->fd, &w->p11, 10, 10, 1, NULL))
		return -1;
	if (rtm_raw_enum_create(w->fd, RTM_ENUM_F_START, 1, RTM_PROTOCOL_BEST,
				NULL, &w->walk, NULL))
		return -1;
	return rtm_settled_counters(&w->before);
}

static void world_teardown(struct world *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->fd2 >= 0)
		close(w->fd2);
}

/* The counters are what they were after the setup */
static bool unchanged(struct __test_metadata *_metadata, struct world *w)
{
	struct rtm_counters now;
	char b1[200], b2[200];

	if (!rtm_wait_counters(&w->before, SETTLE_MS, &now))
		return true;
	rtm_format_counters(&w->before, b1, sizeof(b1));
	rtm_format_counters(&now, b2, sizeof(b2));
	TH_LOG("counters before: %s; after the failed call: %s", b1, b2);
	return false;
}

/*
 * ioctl() with the structure at w->place. The structure comes back into
 * @arg (what the kernel left there), and w->arg_unchanged says whether it
 * is byte for byte what was passed.
 */
static int w_ioctl(struct world *w, int fd, unsigned long cmd, void *arg,
		   size_t size)
{
	size_t page = getpagesize();
	char *map, *at;
	int ret, err;

	w->arg_unchanged = true;
	if (w->place == PLACE_NORMAL)
		return ioctl(fd, cmd, arg);

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -1;
	at = w->place == PLACE_RO ? map : map + page - 8;
	memcpy(at, arg, size);
	switch (w->place) {
	case PLACE_RO:
		ret = mprotect(map, 2 * page, PROT_READ);
		break;
	case PLACE_RO_TAIL:
		ret = mprotect(map + page, page, PROT_READ);
		break;
	default:
		ret = mprotect(map + page, page, PROT_NONE);
		break;
	}
	if (!ret)
		ret = ioctl(fd, cmd, at);
	err = errno;
	mprotect(map, 2 * page, PROT_READ | PROT_WRITE);
	w->arg_unchanged = !memcmp(at, arg, size);
	memcpy(arg, at, size);
	munmap(map, 2 * page);
	errno = err;
	return ret;
}

/* ---- one valid call per command; @field makes one field invalid ---- */

enum field {
	F_NONE,
	F_FLAGS,		/* an unknown flag bit */
	F_RESERVED0,
	F_RESERVED_0,		/* reserved[0] */
	F_RESERVED_1,		/* reserved[1] */
	F_RESERVED,		/* a single reserved word */
	F_RTM_INSTANCE,
	F_NH_FLAGS,		/* nh_flags 0x0004 */
	F_NH_FLAGS_HIGH,	/* nh_flags 0x8000 */
	F_ROUTE_FLAGS,		/* route_flags 0x0800 alone */
	F_ROUTE_FLAGS_MIXED,	/* 0x0800 among valid bits */
	F_CHANGE_FLAGS,		/* change_flags 0x4 */
	F_REC_ROUTE_FLAGS,	/* a bulk record's route_flags 0x0800 */
};

static int cmd_version(struct world *w, enum field f)
{
	struct rtm_version v;

	memset(&v, 0, sizeof(v));
	if (f == F_RESERVED)
		v.reserved = 1;
	return w_ioctl(w, w->fd, RTM_IOC_VERSION, &v, sizeof(v));
}

/* Registers w->fd2 */
static int cmd_register(struct world *w, enum field f)
{
	struct rtm_register reg = {
		.family = AF_INET,
		.protocol_id = RTM_TEST_PROTO_B,
		.instance_id = getpid(),
	};

	if (f == F_FLAGS)
		reg.flags = 1;
	else if (f == F_RTM_INSTANCE)
		reg.rtm_instance = 1;
	else if (f == F_RESERVED_0)
		reg.reserved[0] = 1;
	else if (f == F_RESERVED_1)
		reg.reserved[1] = 1;
	return w_ioctl(w, w->fd2, RTM_IOC_REGISTER, &reg, sizeof(reg));
}

static void nh_set_field(struct rtm_nexthop *nh, enum field f)
{
	if (f == F_FLAGS)
		nh->flags |= 0x2;
	else if (f == F_RESERVED0)
		nh->reserved0 = 1;
	else if (f == F_RESERVED_0)
		nh->reserved[0] = 1;
	else if (f == F_RESERVED_1)
		nh->reserved[1] = 1;
	else if (f == F_NH_FLAGS)
		nh->nh_flags = 0x0004;
	else if (f == F_NH_FLAGS_HIGH)
		nh->nh_flags = RTM_NEXTHOP_FLAGS_VALID | 0x8000;
}

/* Creates 192.0.2.99/32 on ifindex 2; change_flags says whether it did */
static int cmd_nexthop_add(struct world *w, enum field f, __u32 *change)
{
	struct rtm_nexthop nh = { .ifindex = 2 };
	int ret;

	rtm_prefix4(&nh.addr, 192, 0, 2, 99, 32);
	nh_set_field(&nh, f);
	ret = w_ioctl(w, w->fd, RTM_IOC_NEXTHOP_ADD, &nh, sizeof(nh));
	if (!ret && change)
		*change = nh.change_flags;
	return ret;
}

/* Updates the held next hop through its handle */
static int cmd_nexthop_update(struct world *w, enum field f)
{
	struct rtm_nexthop nh = {
		.handle = w->nexthop,
		.addr = w->nh_addr,
		.ifindex = 1,
		.nh_flags = RTM_NEXTHOP_FLAGS_VALID,
	};

	nh_set_field(&nh, f);
	return w_ioctl(w, w->fd, RTM_IOC_NEXTHOP_ADD, &nh, sizeof(nh));
}

/* Deletes the held next hop by handle, consuming the handle */
static int cmd_nexthop_delete_handle(struct world *w, enum field f)
{
	struct rtm_nexthop nh = { .handle = w->nexthop };

	nh_set_field(&nh, f);
	return w_ioctl(w, w->fd, RTM_IOC_NEXTHOP_DELETE, &nh, sizeof(nh));
}

/* Deletes the next hop by (address, ifindex) */
static int cmd_nexthop_delete_addr(struct world *w, enum field f)
{
	struct rtm_nexthop nh = { .addr = w->nh_addr, .ifindex = 1 };

	nh_set_field(&nh, f);
	return w_ioctl(w, w->fd, RTM_IOC_NEXTHOP_DELETE, &nh, sizeof(nh));
}

static void route_set_field(struct rtm_route *r, enum field f)
{
	if (f == F_FLAGS)
		r->flags |= 0x2;
	else if (f == F_RESERVED0)
		r->reserved0 = 1;
	else if (f == F_RESERVED_0)
		r->reserved[0] = 1;
	else if (f == F_RESERVED_1)
		r->reserved[1] = 1;
	else if (f == F_ROUTE_FLAGS)
		r->route_flags = 0x0800;
	else if (f == F_ROUTE_FLAGS_MIXED)
		r->route_flags = RTM_ROUTE_FLAGS_VALID | 0x0800;
	else if (f == F_CHANGE_FLAGS)
		r->change_flags = 0x4;
}

/* Adds a route to 12/8; change_flags says whether it created one */
static int cmd_route_add(struct world *w, enum field f, __u32 *change)
{
	struct rtm_route r = { .views = 1, .preference = 1 };
	int ret;

	rtm_prefix4(&r.dest, 12, 0, 0, 0, 8);
	route_set_field(&r, f);
	ret = w_ioctl(w, w->fd, RTM_IOC_ROUTE_ADD, &r, sizeof(r));
	if (!ret && change)
		*change = r.change_flags;
	return ret;
}

/* Moves the held route to 10/8 into both views, through its handle */
static int cmd_route_update_handle(struct world *w, enum field f)
{
	struct rtm_route r = {
		.handle = w->route, .dest = w->p10, .views = 3,
		.preference = 1, .route_flags = 0x0010,
	};

	route_set_field(&r, f);
	return w_ioctl(w, w->fd, RTM_IOC_ROUTE_ADD, &r, sizeof(r));
}

/* The same, found by destination (the caller's route without neighbour) */
static int cmd_route_update_dest(struct world *w, enum field f)
{
	struct rtm_route r = {
		.dest = w->p10, .views = 3, .preference = 1,
	};

	route_set_field(&r, f);
	return w_ioctl(w, w->fd, RTM_IOC_ROUTE_ADD, &r, sizeof(r));
}

/* Deletes the held route to 10/8, consuming the handle */
static int cmd_route_delete(struct world *w, enum field f)
{
	struct rtm_route r = { .handle = w->route };

	if (f == F_FLAGS)
		r.flags = RTM_ROUTE_F_WANT_HANDLE;
	else
		route_set_field(&r, f);
	return w_ioctl(w, w->fd, RTM_IOC_ROUTE_DELETE, &r, sizeof(r));
}

/* A new walk; closed again when it worked */
static int cmd_enum_create(struct world *w, enum field f)
{
	struct rtm_enum_create ec = { .views = 1 };
	int ret;

	if (f == F_FLAGS)
		ec.flags = 0x4;
	else if (f == F_RESERVED0)
		ec.reserved0 = 1;
	else if (f == F_RESERVED_0)
		ec.reserved[0] = 1;
	else if (f == F_RESERVED_1)
		ec.reserved[1] = 1;
	ret = w_ioctl(w, w->fd, RTM_IOC_ENUM_CREATE, &ec, sizeof(ec));
	if (!ret && rtm_raw_enum_delete(w->fd, ec.enum_handle))
		return -2;
	return ret;
}

/* One record of w->walk into w->rec */
static int cmd_enum_fetch(struct world *w, enum field f)
{
	struct rtm_enum_fetch fe = {
		.enum_handle = w->walk,
		.records = (uintptr_t)&w->rec,
		.count = 1,
		.record_size = RTM_DEST_RECORD_SIZE(1),
	};

	memset(&w->rec, 0, sizeof(w->rec));
	if (f == F_FLAGS)
		fe.flags = 1;
	else if (f == F_RESERVED_0)
		fe.reserved[0] = 1;
	else if (f == F_RESERVED_1)
		fe.reserved[1] = 1;
	return w_ioctl(w, w->fd, RTM_IOC_ENUM_FETCH, &fe, sizeof(fe));
}

static int cmd_enum_delete(struct world *w, enum field f)
{
	struct rtm_enum_delete del = { .enum_handle = w->walk };

	if (f == F_RESERVED)
		del.reserved = 1;
	return w_ioctl(w, w->fd, RTM_IOC_ENUM_DELETE, &del, sizeof(del));
}

/* Releases the held route handle */
static int cmd_release(struct world *w, enum field f)
{
	struct rtm_release rel = {
		.handles = (uintptr_t)&w->route,
		.count = 1,
		.type = RTM_HANDLE_ROUTE,
	};

	if (f == F_RESERVED)
		rel.reserved = 1;
	return w_ioctl(w, w->fd, RTM_IOC_RELEASE, &rel, sizeof(rel));
}

/* Adds 13/8 in one bulk record; *@applied is the count written back */
static int cmd_bulk(struct world *w, enum field f, __u32 *applied)
{
	struct rtm_bulk_route rec = { .views = 1, .preference = 1 };
	struct rtm_route_add_bulk req = {
		.routes = (uintptr_t)&rec,
		.count = 1,
		.record_size = sizeof(rec),
	};
	int ret;

	rtm_prefix4(&rec.dest, 13, 0, 0, 0, 8);
	if (f == F_FLAGS)
		req.flags = 1;
	else if (f == F_RESERVED0)
		req.reserved0 = 1;
	else if (f == F_RESERVED_0)
		req.reserved[0] = 1;
	else if (f == F_RESERVED_1)
		req.reserved[1] = 1;
	else if (f == F_REC_ROUTE_FLAGS)
		rec.route_flags = RTM_ROUTE_FLAGS_VALID | 0x0800;
	ret = w_ioctl(w, w->fd, RTM_IOC_ROUTE_ADD_BULK, &req, sizeof(req));
	if (!ret && applied)
		*applied = req.count;
	return ret;
}

/* The views 10/8 belongs to, through a new walk; 0 when not found */
static __u32 views_of_p10(struct world *w)
{
	struct rec1 rec;
	__u32 got = 0, views = 0;
	__u64 walk;

	if (rtm_raw_enum_create(w->fd, RTM_ENUM_F_START, 1, RTM_PROTOCOL_BEST,
				NULL, &walk, NULL))
		return 0;
	if (!rtm_raw_enum_fetch(w->fd, walk, &rec, 1, 1, &got, NULL) &&
	    got == 1) {
		if (!memcmp(&rec.r.dest, &w->p10, sizeof(w->p10)))
			views = rec.r.belongs_to_views;
		rtm_raw_release_records(w->fd, &rec, 1, 1);
	}
	rtm_raw_enum_delete(w->fd, walk);
	return views;
}

/* ---- reserved fields and flag words: EINVAL, and nothing changed ---- */

enum cmd {
	C_VERSION, C_REGISTER, C_NEXTHOP_ADD, C_NEXTHOP_UPDATE,
	C_NEXTHOP_DELETE_HANDLE, C_NEXTHOP_DELETE_ADDR, C_ROUTE_ADD,
	C_ROUTE_UPDATE_HANDLE, C_ROUTE_UPDATE_DEST, C_ROUTE_DELETE,
	C_ENUM_CREATE, C_ENUM_FETCH, C_ENUM_DELETE, C_RELEASE, C_BULK,
};

static int run_cmd(struct world *w, enum cmd c, enum field f)
{
	switch (c) {
	case C_VERSION:			return cmd_version(w, f);
	case C_REGISTER:		return cmd_register(w, f);
	case C_NEXTHOP_ADD:		return cmd_nexthop_add(w, f, NULL);
	case C_NEXTHOP_UPDATE:		return cmd_nexthop_update(w, f);
	case C_NEXTHOP_DELETE_HANDLE:	return cmd_nexthop_delete_handle(w, f);
	case C_NEXTHOP_DELETE_ADDR:	return cmd_nexthop_delete_addr(w, f);
	case C_ROUTE_ADD:		return cmd_route_add(w, f, NULL);
	case C_ROUTE_UPDATE_HANDLE:	return cmd_route_update_handle(w, f);
	case C_ROUTE_UPDATE_DEST:	return cmd_route_update_dest(w, f);
	case C_ROUTE_DELETE:		return cmd_route_delete(w, f);
	case C_ENUM_CREATE:		return cmd_enum_create(w, f);
	case C_ENUM_FETCH:		return cmd_enum_fetch(w, f);
	case C_ENUM_DELETE:		return cmd_enum_delete(w, f);
	case C_RELEASE:			return cmd_release(w, f);
	case C_BULK:			return cmd_bulk(w, f, NULL);
	}
	errno = EINVAL;
	return -1;
}

FIXTURE(bad_field) {
	struct world w;
};

FIXTURE_VARIANT(bad_field) {
	enum cmd cmd;
	enum field field;
};

#define BAD(name, c, f) \
	FIXTURE_VARIANT_ADD(bad_field, name) { .cmd = (c), .field = (f) }

BAD(version_reserved, C_VERSION, F_RESERVED);
BAD(register_flags, C_REGISTER, F_FLAGS);
BAD(register_rtm_instance, C_REGISTER, F_RTM_INSTANCE);
BAD(register_reserved_0, C_REGISTER, F_RESERVED_0);
BAD(register_reserved_1, C_REGISTER, F_RESERVED_1);
BAD(nexthop_add_flags, C_NEXTHOP_ADD, F_FLAGS);
BAD(nexthop_add_nh_flags, C_NEXTHOP_ADD, F_NH_FLAGS);
BAD(nexthop_add_nh_flags_high, C_NEXTHOP_ADD, F_NH_FLAGS_HIGH);
BAD(nexthop_add_reserved0, C_NEXTHOP_ADD, F_RESERVED0);
BAD(nexthop_add_reserved_0, C_NEXTHOP_ADD, F_RESERVED_0);
BAD(nexthop_add_reserved_1, C_NEXTHOP_ADD, F_RESERVED_1);
BAD(nexthop_update_nh_flags, C_NEXTHOP_UPDATE, F_NH_FLAGS);
BAD(nexthop_update_nh_flags_high, C_NEXTHOP_UPDATE, F_NH_FLAGS_HIGH);
BAD(nexthop_update_reserved0, C_NEXTHOP_UPDATE, F_RESERVED0);
BAD(nexthop_update_reserved_1, C_NEXTHOP_UPDATE, F_RESERVED_1);
BAD(nexthop_delete_by_handle_flags, C_NEXTHOP_DELETE_HANDLE, F_FLAGS);
BAD(nexthop_delete_by_handle_nh_flags, C_NEXTHOP_DELETE_HANDLE, F_NH_FLAGS);
BAD(nexthop_delete_by_handle_nh_flags_high, C_NEXTHOP_DELETE_HANDLE,
	F_NH_FLAGS_HIGH);
BAD(nexthop_delete_by_handle_reserved0, C_NEXTHOP_DELETE_HANDLE, F_RESERVED0);
BAD(nexthop_delete_by_handle_reserved_0, C_NEXTHOP_DELETE_HANDLE,
	F_RESERVED_0);
BAD(nexthop_delete_by_handle_reserved_1, C_NEXTHOP_DELETE_HANDLE,
	F_RESERVED_1);
BAD(nexthop_delete_by_address_flags, C_NEXTHOP_DELETE_ADDR, F_FLAGS);
BAD(nexthop_delete_by_address_nh_flags, C_NEXTHOP_DELETE_ADDR, F_NH_FLAGS);
BAD(nexthop_delete_by_address_nh_flags_high, C_NEXTHOP_DELETE_ADDR,
	F_NH_FLAGS_HIGH);
BAD(nexthop_delete_by_address_reserved0, C_NEXTHOP_DELETE_ADDR, F_RESERVED0);
BAD(nexthop_delete_by_address_reserved_0, C_NEXTHOP_DELETE_ADDR,
	F_RESERVED_0);
BAD(nexthop_delete_by_address_reserved_1, C_NEXTHOP_DELETE_ADDR,
	F_RESERVED_1);
BAD(route_add_flags, C_ROUTE_ADD, F_FLAGS);
BAD(route_add_change_flags, C_ROUTE_ADD, F_CHANGE_FLAGS);
BAD(route_add_route_flags, C_ROUTE_ADD, F_ROUTE_FLAGS);
BAD(route_add_route_flags_mixed, C_ROUTE_ADD, F_ROUTE_FLAGS_MIXED);
BAD(route_add_reserved0, C_ROUTE_ADD, F_RESERVED0);
BAD(route_add_reserved_0, C_ROUTE_ADD, F_RESERVED_0);
BAD(route_add_reserved_1, C_ROUTE_ADD, F_RESERVED_1);
BAD(route_update_by_handle_route_flags, C_ROUTE_UPDATE_HANDLE, F_ROUTE_FLAGS);
BAD(route_update_by_handle_route_flags_mixed, C_ROUTE_UPDATE_HANDLE,
	F_ROUTE_FLAGS_MIXED);
BAD(route_update_by_handle_reserved0, C_ROUTE_UPDATE_HANDLE, F_RESERVED0);
BAD(route_update_by_handle_reserved_1, C_ROUTE_UPDATE_HANDLE, F_RESERVED_1);
BAD(route_update_by_dest_route_flags, C_ROUTE_UPDATE_DEST, F_ROUTE_FLAGS);
BAD(route_update_by_dest_route_flags_mixed, C_ROUTE_UPDATE_DEST,
	F_ROUTE_FLAGS_MIXED);
BAD(route_update_by_dest_flags, C_ROUTE_UPDATE_DEST, F_FLAGS);
BAD(route_delete_flags, C_ROUTE_DELETE, F_FLAGS);
BAD(route_delete_route_flags, C_ROUTE_DELETE, F_ROUTE_FLAGS);
BAD(route_delete_reserved0, C_ROUTE_DELETE, F_RESERVED0);
BAD(route_delete_reserved_0, C_ROUTE_DELETE, F_RESERVED_0);
BAD(route_delete_reserved_1, C_ROUTE_DELETE, F_RESERVED_1);
BAD(enum_create_flags, C_ENUM_CREATE, F_FLAGS);
BAD(enum_create_reserved0, C_ENUM_CREATE, F_RESERVED0);
BAD(enum_create_reserved_0, C_ENUM_CREATE, F_RESERVED_0);
BAD(enum_create_reserved_1, C_ENUM_CREATE, F_RESERVED_1);
BAD(enum_fetch_flags, C_ENUM_FETCH, F_FLAGS);
BAD(enum_fetch_reserved_0, C_ENUM_FETCH, F_RESERVED_0);
BAD(enum_fetch_reserved_1, C_ENUM_FETCH, F_RESERVED_1);
BAD(enum_delete_reserved, C_ENUM_DELETE, F_RESERVED);
BAD(release_reserved, C_RELEASE, F_RESERVED);
BAD(route_add_bulk_flags, C_BULK, F_FLAGS);
BAD(route_add_bulk_reserved0, C_BULK, F_RESERVED0);
BAD(route_add_bulk_reserved_0, C_BULK, F_RESERVED_0);
BAD(route_add_bulk_reserved_1, C_BULK, F_RESERVED_1);
BAD(route_add_bulk_record_route_flags, C_BULK, F_REC_ROUTE_FLAGS);

FIXTURE_SETUP(bad_field)
{
	ASSERT_EQ(0, world_setup(_metadata, &self->w));
}

FIXTURE_TEARDOWN(bad_field)
{
	world_teardown(&self->w);
}

TEST_F(bad_field, is_einval_and_changes_nothing)
{
	struct world *w = &self->w;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	errno = 0;
	ret = run_cmd(w, variant->cmd, variant->field);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	EXPECT_TRUE(unchanged(_metadata, w));
	if (variant->cmd == C_ROUTE_UPDATE_HANDLE ||
	    variant->cmd == C_ROUTE_UPDATE_DEST) {
		/* The route kept its views */
		EXPECT_EQ(1, views_of_p10(w));
	}
	if (variant->cmd == C_REGISTER) {
		/* The file is still not an entity */
		__u64 walk;

		errno = 0;
		EXPECT_EQ(-1, rtm_raw_enum_create(w->fd2, 0, 0, 0, NULL,
						  &walk, NULL));
		EXPECT_EQ(ENXIO, errno);
	}

	/*
	 * The same call made valid works: what the failed call could have
	 * deleted, consumed or moved is still there.
	 */
	EXPECT_EQ(0, run_cmd(w, variant->cmd, F_NONE));
	if (variant->cmd == C_ENUM_FETCH) {
		/* The walk had not moved: the first record comes now */
		EXPECT_EQ(0, memcmp(&w->rec.r.dest, &w->p10, sizeof(w->p10)));
	}
	if (variant->cmd == C_ROUTE_UPDATE_HANDLE ||
	    variant->cmd == C_ROUTE_UPDATE_DEST)
		EXPECT_EQ(3, views_of_p10(w));
}

/* The valid flag words themselves are accepted on every path */

FIXTURE(valid) {
	struct world w;
};

FIXTURE_SETUP(valid)
{
	ASSERT_EQ(0, world_setup(_metadata, &self->w));
}

FIXTURE_TEARDOWN(valid)
{
	world_teardown(&self->w);
}

TEST_F(valid, nexthop_add_accepts_every_valid_nh_flag)
{
	struct rtm_nexthop nh = {
		.ifindex = 3, .nh_flags = RTM_NEXTHOP_FLAGS_VALID,
	};

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&nh.addr, 192, 0, 2, 3, 32);
	EXPECT_EQ(0, ioctl(self->w.fd, RTM_IOC_NEXTHOP_ADD, &nh));
}

TEST_F(valid, nexthop_delete_by_handle_accepts_valid_nh_flags)
{
	struct rtm_nexthop nh = {
		.handle = self->w.nexthop, .nh_flags = RTM_NEXTHOP_FLAGS_VALID,
	};

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, ioctl(self->w.fd, RTM_IOC_NEXTHOP_DELETE, &nh));
}

TEST_F(valid, nexthop_delete_by_address_accepts_valid_nh_flags)
{
	struct rtm_nexthop nh = {
		.addr = self->w.nh_addr, .ifindex = 1, .nh_flags = 0x1,
	};

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(0, ioctl(self->w.fd, RTM_IOC_NEXTHOP_DELETE, &nh));
}

TEST_F(valid, route_add_accepts_every_valid_route_flag)
{
	struct rtm_route r = {
		.views = 1, .route_flags = RTM_ROUTE_FLAGS_VALID,
	};

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&r.dest, 12, 0, 0, 0, 8);
	EXPECT_EQ(0, ioctl(self->w.fd, RTM_IOC_ROUTE_ADD, &r));
	EXPECT_EQ(RTM_ROUTE_CHG_NEW, r.change_flags & RTM_ROUTE_CHG_NEW);
}

TEST_F(valid, route_add_bulk_accepts_every_valid_route_flag)
{
	struct rtm_bulk_route rec = {
		.views = 1, .route_flags = RTM_ROUTE_FLAGS_VALID,
	};
	__u32 applied = 0;

	RTM_RETURN_IF_SKIPPED();
	rtm_prefix4(&rec.dest, 12, 0, 0, 0, 8);
	EXPECT_EQ(0, rtm_raw_bulk_add(self->w.fd, &rec, 1, &applied));
	EXPECT_EQ(1, applied);
}

TEST_F(valid, bulk_record_with_invalid_route_flags_stops_the_call_there)
{
	struct world *w = &self->w;
	struct rtm_bulk_route recs[5];
	struct rtm_counters now;
	__u32 applied = 0;
	int i, ret;

	RTM_RETURN_IF_SKIPPED();
	memset(recs, 0, sizeof(recs));
	for (i = 0; i < 5; i++) {
		rtm_prefix4(&recs[i].dest, 20 + i, 0, 0, 0, 8);
		recs[i].views = 1;
	}
	recs[2].route_flags = 0x0800;
	/* Like write(2): the two records before it, and success */
	ASSERT_EQ(0, rtm_raw_bulk_add(w->fd, recs, 5, &applied));
	EXPECT_EQ(2, applied);
	/* From there: the record's error, and nothing more added */
	errno = 0;
	ret = rtm_raw_bulk_add(w->fd, recs + 2, 3, &applied);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EINVAL, errno);
	w->before.routes += 2;
	w->before.dests += 2;
	EXPECT_EQ(0, rtm_wait_counters(&w->before, SETTLE_MS, &now));
}

/* ---- argument structures the kernel cannot write back or read ---- */

FIXTURE(argmem) {
	struct world w;
};

FIXTURE_VARIANT(argmem) {
	enum placement place;
};

FIXTURE_VARIANT_ADD(argmem, read_only) { .place = PLACE_RO };
FIXTURE_VARIANT_ADD(argmem, read_only_tail) { .place = PLACE_RO_TAIL };
FIXTURE_VARIANT_ADD(argmem, unmapped_tail) { .place = PLACE_NONE_TAIL };

FIXTURE_SETUP(argmem)
{
	ASSERT_EQ(0, world_setup(_metadata, &self->w));
}

FIXTURE_TEARDOWN(argmem)
{
	world_teardown(&self->w);
}

/*
 * Runs @c with the structure placed as the variant says: EFAULT, the
 * structure as it was, the counters as they were. Then the call in
 * ordinary memory, which must work.
 */
static void efault_then_works(struct __test_metadata *_metadata,
			      struct world *w, enum placement place,
			      enum cmd c)
{
	int ret;

	w->place = place;
	errno = 0;
	ret = run_cmd(w, c, F_NONE);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EFAULT, errno);
	EXPECT_TRUE(w->arg_unchanged);
	EXPECT_TRUE(unchanged(_metadata, w));
	w->place = PLACE_NORMAL;
}

TEST_F(argmem, version_is_efault)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_VERSION);
	EXPECT_EQ(0, run_cmd(&self->w, C_VERSION, F_NONE));
}

TEST_F(argmem, register_is_efault_and_leaves_file_unregistered)
{
	__u64 walk;

	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_REGISTER);
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_enum_create(self->w.fd2, 0, 0, 0, NULL, &walk,
					  NULL));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(0, run_cmd(&self->w, C_REGISTER, F_NONE));
}

TEST_F(argmem, nexthop_add_is_efault_and_creates_nothing)
{
	__u32 change = 0;

	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_NEXTHOP_ADD);
	EXPECT_EQ(0, cmd_nexthop_add(&self->w, F_NONE, &change));
	/* Created only now */
	EXPECT_EQ(1, change);
}

TEST_F(argmem, nexthop_delete_by_handle_is_efault_and_deletes_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place,
			  C_NEXTHOP_DELETE_HANDLE);
	/* The handle was not consumed, the next hop not deleted */
	EXPECT_EQ(0, run_cmd(&self->w, C_NEXTHOP_DELETE_HANDLE, F_NONE));
}

TEST_F(argmem, nexthop_delete_by_address_is_efault_and_deletes_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place,
			  C_NEXTHOP_DELETE_ADDR);
	EXPECT_EQ(0, run_cmd(&self->w, C_NEXTHOP_DELETE_ADDR, F_NONE));
}

TEST_F(argmem, route_add_is_efault_and_adds_nothing)
{
	__u32 change = 0;

	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_ROUTE_ADD);
	EXPECT_EQ(0, cmd_route_add(&self->w, F_NONE, &change));
	EXPECT_EQ(RTM_ROUTE_CHG_NEW, change & RTM_ROUTE_CHG_NEW);
}

TEST_F(argmem, route_update_is_efault_and_changes_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place,
			  C_ROUTE_UPDATE_HANDLE);
	EXPECT_EQ(1, views_of_p10(&self->w));
	EXPECT_EQ(0, run_cmd(&self->w, C_ROUTE_UPDATE_HANDLE, F_NONE));
	EXPECT_EQ(3, views_of_p10(&self->w));
}

TEST_F(argmem, route_delete_is_efault_and_deletes_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_ROUTE_DELETE);
	EXPECT_EQ(0, run_cmd(&self->w, C_ROUTE_DELETE, F_NONE));
}

TEST_F(argmem, enum_create_is_efault_and_creates_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_ENUM_CREATE);
	EXPECT_EQ(0, run_cmd(&self->w, C_ENUM_CREATE, F_NONE));
}

TEST_F(argmem, enum_fetch_is_efault_and_takes_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_ENUM_FETCH);
	/* No handle taken (counters), and the walk did not move */
	ASSERT_EQ(0, run_cmd(&self->w, C_ENUM_FETCH, F_NONE));
	EXPECT_EQ(0, memcmp(&self->w.rec.r.dest, &self->w.p10,
			    sizeof(self->w.p10)));
}

TEST_F(argmem, release_is_efault_and_releases_nothing)
{
	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_RELEASE);
	EXPECT_EQ(0, run_cmd(&self->w, C_RELEASE, F_NONE));
}

TEST_F(argmem, route_add_bulk_is_efault_and_adds_nothing)
{
	__u32 applied = 0;

	RTM_RETURN_IF_SKIPPED();
	efault_then_works(_metadata, &self->w, variant->place, C_BULK);
	EXPECT_EQ(0, cmd_bulk(&self->w, F_NONE, &applied));
	EXPECT_EQ(1, applied);
}

/* RTM_IOC_ENUM_DELETE only reads its structure: read-only memory is fine */
TEST_F(argmem, enum_delete_needs_only_a_readable_structure)
{
	struct world *w = &self->w;
	struct rtm_counters now;
	__u32 got;
	int ret;

	RTM_RETURN_IF_SKIPPED();
	w->place = variant->place;
	errno = 0;
	ret = run_cmd(w, C_ENUM_DELETE, F_NONE);
	EXPECT_TRUE(w->arg_unchanged);
	w->place = PLACE_NORMAL;
	if (variant->place == PLACE_NONE_TAIL) {
		/* Unreadable: EFAULT, and the walk lives on */
		EXPECT_EQ(-1, ret);
		EXPECT_EQ(EFAULT, errno);
		EXPECT_TRUE(unchanged(_metadata, w));
		EXPECT_EQ(0, rtm_raw_enum_fetch(w->fd, w->walk, &w->rec, 1, 1,
						&got, NULL));
		return;
	}
	EXPECT_EQ(0, ret);
	w->before.enums--;
	EXPECT_EQ(0, rtm_wait_counters(&w->before, SETTLE_MS, &now));
	errno = 0;
	EXPECT_EQ(-1, rtm_raw_enum_fetch(w->fd, w->walk, &w->rec, 1, 1, &got,
					 NULL));
	EXPECT_EQ(EBADF, errno);
}

TEST_HARNESS_MAIN
