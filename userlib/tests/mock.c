// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * librtm against a fake /dev/rtm: this program defines ioctl(), which the
 * statically linked librtm then calls instead of the C library's, and
 * answers the RTM_IOC_* commands from a small model. Requests on other
 * fds go to the real system call. That checks what librtm sends and how
 * it maps answers, without a kernel: field mapping, the one-ioctl release
 * of records, batch splitting, enumeration end, error mapping,
 * deregistration and use of freed handles, the bulk route add, the
 * destination queries by prefix and the route and next hop information
 * calls.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../librtm_internal.h"
#include "tap.h"

#define MOCK_HANDLE(type, id) \
	(((__u64)RTM_HANDLE_MAGIC << 56) | ((__u64)(type) << 48) | (id))
#define MOCK_MAX_RELEASES	64
#define MOCK_MAX_RELEASED	8192
#define MOCK_MAX_BULK_CALLS	16
#define MOCK_MAX_BULK_KEPT	16

static struct {
	pthread_mutex_t lock;
	/* answers */
	struct rtm_version version;
	int fail_nr;		/* command number to fail, -1: none */
	int fail_errno;
	int fail_times;		/* how many calls fail */
	unsigned int walk_len;	/* destinations of a walk */
	/* state and records */
	__u32 next_id;
	int fd;			/* fd of the last REGISTER */
	unsigned int calls[16];	/* per command number */
	unsigned int closed_fd_calls;
	struct rtm_register reg;
	struct rtm_nexthop nh;
	struct rtm_route route;
	struct rtm_enum_create create;
	struct rtm_enum_fetch fetch;
	struct rtm_enum_delete del;
	struct rtm_dest_get get;
	struct rtm_route_info rinfo;
	struct rtm_nexthop_info nhinfo;
	unsigned int info_nexthops;	/* next hops of the ROUTE_INFO route */
	unsigned int walk_pos;
	unsigned int nr_releases;
	__u32 release_count[MOCK_MAX_RELEASES];
	__u32 release_type[MOCK_MAX_RELEASES];
	size_t nr_released;
	__u64 released[MOCK_MAX_RELEASED];
	/* bulk adds: the kernel's write(2)-like stop at a failing record */
	long bulk_fail_at;	/* index over all records sent, -1: none */
	int bulk_fail_errno;
	size_t bulk_seen;	/* records applied so far */
	unsigned int nr_bulk;
	struct rtm_route_add_bulk bulk[MOCK_MAX_BULK_CALLS];
	struct rtm_bulk_route bulk_kept[MOCK_MAX_BULK_KEPT];
} mock = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.fail_nr = -1,
	.fd = -1,
};

static void mock_reset(void)
{
	memset(&mock.version, 0, sizeof(mock.version));
	mock.version.api_version = RTM_API_VERSION;
	mock.version.max_enum_batch = 5;
	mock.version.max_release_batch = RTM_MAX_RELEASE_BATCH;
	mock.version.max_nexthops = RTM_MAX_NEXTHOPS;
	mock.version.views_supported = RTM_VIEWS_SUPPORTED;
	mock.fail_nr = -1;
	mock.fail_times = 0;
	mock.walk_len = 7;
	memset(mock.calls, 0, sizeof(mock.calls));
	mock.nr_releases = 0;
	mock.nr_released = 0;
	mock.bulk_fail_at = -1;
	mock.bulk_seen = 0;
	mock.nr_bulk = 0;
}

static unsigned int total_calls(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < 16; i++)
		n += mock.calls[i];
	return n;
}

static __u32 popcount_views(__u32 views)
{
	if (views == RTM_VIEW_MASK_ALL_BITS)
		views = RTM_VIEWS_SUPPORTED;
	return (__u32)__builtin_popcount(views & RTM_VIEWS_SUPPORTED);
}

/* Records of destination i: 10.0.i.0/24, a best route on even ones */
static int mock_fetch(struct rtm_enum_fetch *f)
{
	__u32 nv = mock.create.num_views, i, v;
	unsigned char *out = (unsigned char *)(uintptr_t)f->records;

	if (f->enum_handle != mock.create.enum_handle)
		return EBADF;
	if (!f->count || f->count > RTM_MAX_ENUM_BATCH ||
	    f->record_size != RTM_DEST_RECORD_SIZE(nv))
		return EINVAL;
	for (i = 0; i < f->count && mock.walk_pos < mock.walk_len; i++) {
		struct rtm_dest_record *r = (void *)(out + i * f->record_size);
		__u32 d = mock.walk_pos++;

		memset(r, 0, f->record_size);
		r->dest_handle = MOCK_HANDLE(RTM_HANDLE_DEST, 1000 + d);
		r->dest.family = AF_INET;
		r->dest.prefix_len = 24;
		r->dest.addr[0] = 10;
		r->dest.addr[2] = (__u8)d;
		r->belongs_to_views = RTM_VIEWS_SUPPORTED;
		r->num_views = nv;
		for (v = 0; v < nv; v++) {
			r->view[v].view_id = (__s32)v;
			r->view[v].num_routes = d % 2 ? 0 : 1;
			if (d % 2 == 0) {
				r->view[v].route = MOCK_HANDLE(RTM_HANDLE_ROUTE,
							       2000 + d);
				r->view[v].owner = mock.reg.entity_handle;
			}
		}
	}
	f->count = i;
	f->out_flags = mock.walk_pos >= mock.walk_len ? RTM_FETCH_END : 0;
	return 0;
}

static int mock_release(struct rtm_release *rel)
{
	const __u64 *h = (const __u64 *)(uintptr_t)rel->handles;

	if (rel->count > mock.version.max_release_batch)
		return E2BIG;
	if (mock.nr_releases < MOCK_MAX_RELEASES) {
		mock.release_count[mock.nr_releases] = rel->count;
		mock.release_type[mock.nr_releases] = rel->type;
	}
	mock.nr_releases++;
	if (mock.nr_released + rel->count <= MOCK_MAX_RELEASED) {
		memcpy(&mock.released[mock.nr_released], h,
		       rel->count * sizeof(*h));
		mock.nr_released += rel->count;
	}
	return 0;
}

static int mock_bulk(struct rtm_route_add_bulk *req)
{
	const struct rtm_bulk_route *rec =
		(const void *)(uintptr_t)req->routes;
	__u32 i;

	if (mock.nr_bulk < MOCK_MAX_BULK_CALLS)
		mock.bulk[mock.nr_bulk] = *req;
	mock.nr_bulk++;
	if (req->flags || req->reserved0 || req->reserved[0] ||
	    req->reserved[1] || req->count > RTM_MAX_ROUTE_BULK ||
	    req->record_size != sizeof(*rec))
		return EINVAL;
	for (i = 0; i < req->count; i++, mock.bulk_seen++) {
		if ((long)mock.bulk_seen == mock.bulk_fail_at)
			break;
		if (mock.bulk_seen < MOCK_MAX_BULK_KEPT)
			mock.bulk_kept[mock.bulk_seen] = rec[i];
	}
	if (!i && req->count)
		return mock.bulk_fail_errno;
	req->count = i;
	return 0;
}

/*
 * The table of RTM_IOC_DEST_GET: 10.1.0.0/16 alone, with a best route in
 * both views; LONGEST finds it for any address inside it.
 */
static int mock_dest_get(struct rtm_dest_get *g)
{
	struct rtm_dest_record *r = (void *)(uintptr_t)g->record;
	__u32 nv = popcount_views(g->views), v;
	int inside;

	if (g->flags & ~RTM_DEST_GET_F_ALL || g->num_views ||
	    g->reserved[0] || g->reserved[1] ||
	    g->record_size < RTM_DEST_RECORD_SIZE(nv))
		return EINVAL;
	inside = g->addr.family == AF_INET && g->addr.addr[0] == 10 &&
		 g->addr.addr[1] == 1 && g->addr.prefix_len >= 16;
	if (!inside || (g->flags == RTM_DEST_GET_EXACT &&
			g->addr.prefix_len != 16))
		return ENOENT;
	memset(r, 0, RTM_DEST_RECORD_SIZE(nv));
	r->dest_handle = MOCK_HANDLE(RTM_HANDLE_DEST, 500);
	r->dest.family = AF_INET;
	r->dest.prefix_len = 16;
	r->dest.addr[0] = 10;
	r->dest.addr[1] = 1;
	r->belongs_to_views = RTM_VIEWS_SUPPORTED;
	r->num_views = nv;
	for (v = 0; v < nv; v++) {
		r->view[v].view_id = (__s32)v;
		r->view[v].num_routes = 1;
		r->view[v].route = MOCK_HANDLE(RTM_HANDLE_ROUTE, 600);
		r->view[v].owner = mock.reg.entity_handle;
	}
	g->num_views = nv;
	return 0;
}

/*
 * RTM_IOC_ROUTE_INFO: 10.1.0.0/16 with mock.info_nexthops next hops
 * (1000 + i) and neighbour 900; the handles only with F_HANDLES.
 */
static int mock_route_info(struct rtm_route_info *ri)
{
	__u32 i;

	if (ri->flags & ~RTM_ROUTE_INFO_F_ALL || ri->reserved0 ||
	    ri->reserved1 || ri->reserved[0] || ri->reserved[1])
		return EINVAL;
	if (ri->route != MOCK_HANDLE(RTM_HANDLE_ROUTE, 600))
		return EBADF;
	ri->num_nexthops = mock.info_nexthops;
	ri->dest.family = AF_INET;
	ri->dest.prefix_len = 16;
	memset(ri->dest.addr, 0, sizeof(ri->dest.addr));
	ri->dest.addr[0] = 10;
	ri->dest.addr[1] = 1;
	ri->state = RTM_ROUTE_STATE_DELETED;
	ri->route_flags = RTM_ROUTE_FLAGS_REMOTE | RTM_ROUTE_FLAGS_DISCARD;
	ri->metric = 7;
	ri->preference = 110;
	ri->views = RTM_VIEWS_SUPPORTED;
	ri->entity_info = 0xfeedface12345678ull;
	memset(ri->nexthops, 0, sizeof(ri->nexthops));
	if (ri->flags & RTM_ROUTE_INFO_F_HANDLES) {
		ri->dest_handle = MOCK_HANDLE(RTM_HANDLE_DEST, 500);
		ri->owner = MOCK_HANDLE(RTM_HANDLE_ENTITY, 77);
		ri->neighbour = MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 900);
		for (i = 0; i < mock.info_nexthops; i++)
			ri->nexthops[i] = MOCK_HANDLE(RTM_HANDLE_NEXTHOP,
						      1000 + i);
	} else {
		ri->dest_handle = 0;
		ri->owner = 0;
		ri->neighbour = 0;
	}
	return 0;
}

/* RTM_IOC_NEXTHOP_INFO: 192.0.2.1/32 on ifindex 3, or 2001:db8::1/128 */
static int mock_nexthop_info(struct rtm_nexthop_info *ni)
{
	if (ni->flags || ni->reserved[0] || ni->reserved[1])
		return EINVAL;
	if (RTM_HANDLE_TYPE(ni->nexthop) != RTM_HANDLE_NEXTHOP)
		return EBADF;
	memset(&ni->addr, 0, sizeof(ni->addr));
	if ((ni->nexthop & 0xffffffff) == 6) {
		ni->addr.family = AF_INET6;
		ni->addr.prefix_len = 128;
		ni->addr.addr[0] = 0x20;
		ni->addr.addr[1] = 0x01;
		ni->addr.addr[2] = 0x0d;
		ni->addr.addr[3] = 0xb8;
		ni->addr.addr[15] = 1;
		ni->ifindex = 0;
		ni->nh_flags = RTM_NEXTHOP_FLAGS_REMOTE;
	} else {
		ni->addr.family = AF_INET;
		ni->addr.prefix_len = 32;
		ni->addr.addr[0] = 192;
		ni->addr.addr[2] = 2;
		ni->addr.addr[3] = 1;
		ni->ifindex = 3;
		ni->nh_flags = RTM_NEXTHOP_FLAGS_DOWN;
	}
	ni->owner = MOCK_HANDLE(RTM_HANDLE_ENTITY, 78);
	ni->nh_state = RTM_NEXTHOP_STATE_DELETED;
	ni->entity_info = 0xabcdef;
	return 0;
}

static int mock_command(unsigned int nr, void *arg)
{
	switch (nr) {
	case _IOC_NR(RTM_IOC_VERSION):
		memcpy(arg, &mock.version, sizeof(mock.version));
		return 0;
	case _IOC_NR(RTM_IOC_REGISTER): {
		struct rtm_register *r = arg;

		r->entity_handle = MOCK_HANDLE(RTM_HANDLE_ENTITY,
					       ++mock.next_id);
		mock.reg = *r;
		return 0;
	}
	case _IOC_NR(RTM_IOC_NEXTHOP_ADD): {
		struct rtm_nexthop *nh = arg;

		mock.nh = *nh;
		if (nh->flags & RTM_NH_F_WANT_HANDLE)
			nh->handle = MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 100);
		nh->change_flags = RTM_NEXTHOP_CHANGE_NEW;
		return 0;
	}
	case _IOC_NR(RTM_IOC_NEXTHOP_DELETE):
		mock.nh = *(struct rtm_nexthop *)arg;
		return 0;
	case _IOC_NR(RTM_IOC_ROUTE_ADD): {
		struct rtm_route *rt = arg;

		mock.route = *rt;
		if (rt->flags & RTM_ROUTE_F_WANT_HANDLE)
			rt->handle = MOCK_HANDLE(RTM_HANDLE_ROUTE, 200);
		rt->change_flags = RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST;
		return 0;
	}
	case _IOC_NR(RTM_IOC_ROUTE_DELETE): {
		struct rtm_route *rt = arg;

		mock.route = *rt;
		rt->change_flags = RTM_ROUTE_CHG_BEST;
		return 0;
	}
	case _IOC_NR(RTM_IOC_ENUM_CREATE): {
		struct rtm_enum_create *c = arg;

		c->num_views = popcount_views(c->views);
		c->enum_handle = MOCK_HANDLE(RTM_HANDLE_ENUM, 300 + ++mock.next_id);
		mock.create = *c;
		mock.walk_pos = 0;
		return 0;
	}
	case _IOC_NR(RTM_IOC_ENUM_FETCH):
		mock.fetch = *(struct rtm_enum_fetch *)arg;
		return mock_fetch(arg);
	case _IOC_NR(RTM_IOC_ENUM_DELETE):
		mock.del = *(struct rtm_enum_delete *)arg;
		return 0;
	case _IOC_NR(RTM_IOC_RELEASE):
		return mock_release(arg);
	case _IOC_NR(RTM_IOC_ROUTE_ADD_BULK):
		return mock_bulk(arg);
	case _IOC_NR(RTM_IOC_DEST_GET):
		mock.get = *(struct rtm_dest_get *)arg;
		return mock_dest_get(arg);
	case _IOC_NR(RTM_IOC_ROUTE_INFO):
		mock.rinfo = *(struct rtm_route_info *)arg;
		return mock_route_info(arg);
	case _IOC_NR(RTM_IOC_NEXTHOP_INFO):
		mock.nhinfo = *(struct rtm_nexthop_info *)arg;
		return mock_nexthop_info(arg);
	}
	return ENOTTY;
}

/* Replaces the C library's ioctl() for librtm.a linked into this test */
int ioctl(int fd, unsigned long request, ...)
{
	unsigned int nr = _IOC_NR(request);
	va_list ap;
	void *arg;
	int err;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (_IOC_TYPE(request) != RTM_IOC_MAGIC)
		return (int)syscall(SYS_ioctl, fd, request, arg);

	pthread_mutex_lock(&mock.lock);
	if (fcntl(fd, F_GETFD) < 0)
		mock.closed_fd_calls++;	/* librtm used a closed file */
	if (nr < 16)
		mock.calls[nr]++;
	if (nr == _IOC_NR(RTM_IOC_REGISTER))
		mock.fd = fd;
	if ((int)nr == mock.fail_nr && mock.fail_times > 0) {
		mock.fail_times--;
		err = mock.fail_errno;
	} else {
		err = mock_command(nr, arg);
	}
	pthread_mutex_unlock(&mock.lock);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

static int count_open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!dir)
		return -1;
	while ((de = readdir(dir)))
		n += de->d_name[0] != '.';
	closedir(dir);
	return n;
}

static RTM_ENTITY_INFO entity_info = {
	.RtmInstanceId = 0,
	.AddressFamily = AF_INET,
	.EntityId = { .EntityId = 0 },
};

static RTM_ENTITY_HANDLE do_register(RTM_REGN_PROFILE *profile)
{
	RTM_ENTITY_HANDLE h = NULL;
	DWORD err;

	entity_info.EntityId.EntityProtocolId = 8;	/* PROTO_IP_RIP */
	entity_info.EntityId.EntityInstanceId = 77;
	err = RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, profile, &h);
	if (err != NO_ERROR)
		printf("# RtmRegisterEntity: %u\n", (unsigned int)err);
	return h;
}

static void test_register(void)
{
	RTM_REGN_PROFILE profile;
	RTM_ENTITY_HANDLE h, h2;
	int fds = count_open_fds();

	mock_reset();
	h = do_register(&profile);
	ok(h != NULL, "register against the mock");
	is_num(rtm_h2u(h), mock.reg.entity_handle,
	       "RTM_ENTITY_HANDLE is the kernel's entity handle");
	is_num(mock.reg.family, AF_INET, "REGISTER family = AddressFamily");
	is_num(mock.reg.rtm_instance, 0, "REGISTER rtm_instance");
	is_num(mock.reg.protocol_id, 8, "REGISTER protocol_id");
	is_num(mock.reg.instance_id, 77, "REGISTER instance_id");
	ok(mock.reg.flags == 0 && !mock.reg.reserved[0] &&
	   !mock.reg.reserved[1], "REGISTER flags and reserved are zero");
	is_num(profile.MaxNextHopsInRoute, 8, "profile MaxNextHopsInRoute");
	is_num(profile.MaxHandlesInEnum, 5, "profile MaxHandlesInEnum");
	is_num(profile.ViewsSupported, 3, "profile ViewsSupported");
	is_num(profile.NumberOfViews, 2, "profile NumberOfViews");
	ok(mock.fd > 2, "the device fd is above 2");
	ok(fcntl(mock.fd, F_GETFD) & FD_CLOEXEC, "the device fd is CLOEXEC");

	h2 = do_register(&profile);
	ok(h2 != NULL && h2 != h, "a second registration, another handle");
	is_num(RtmDeregisterEntity(h2), NO_ERROR, "deregister the second");
	is_num(RtmDeregisterEntity(h), NO_ERROR, "deregister the first");
	is_num(count_open_fds(), fds, "no fd left open after deregistration");

	/* fd 0 free: open() returns it, librtm must move the file up */
	{
		int saved = dup(0);

		close(0);
		h = do_register(&profile);
		ok(h && mock.fd > 2 && fcntl(0, F_GETFD) < 0,
		   "device opened as fd 0 is moved above 2, fd 0 is free");
		RtmDeregisterEntity(h);
		dup2(saved, 0);
		close(saved);
	}

	mock_reset();
	mock.version.api_version = 2;
	h = (HANDLE)0x77;
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 &h),
	       ERROR_NOT_SUPPORTED, "API version 2: ERROR_NOT_SUPPORTED");
	ok(h == (HANDLE)0x77, "no handle returned on failure");
	is_num(count_open_fds(), fds, "no fd left open after a failure");

	mock_reset();
	mock.fail_nr = _IOC_NR(RTM_IOC_REGISTER);
	mock.fail_errno = EEXIST;
	mock.fail_times = 1;
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 &h),
	       ERROR_ALREADY_EXISTS, "REGISTER EEXIST: ERROR_ALREADY_EXISTS");
	mock.fail_times = 1;
	mock.fail_errno = EINVAL;
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 &h),
	       ERROR_INVALID_PARAMETER, "REGISTER EINVAL: INVALID_PARAMETER");
	is_num(count_open_fds(), fds, "no fd left open after REGISTER fails");
}

static void test_nexthops(RTM_ENTITY_HANDLE h)
{
	RTM_NEXTHOP_INFO info;
	RTM_NEXTHOP_HANDLE nh = NULL, nhs[2];
	RTM_NEXTHOP_CHANGE_FLAGS flags = 0;
	unsigned int before;

	memset(&info, 0, sizeof(info));
	RTM_IPV4_MAKE_NET_ADDRESS(&info.NextHopAddress, htonl(0xc0000201), 32);
	info.InterfaceIndex = 3;
	info.Flags = RTM_NEXTHOP_FLAGS_REMOTE;
	info.EntitySpecificInfo = (PVOID)0x1234;
	is_num(RtmAddNextHop(h, &info, &nh, &flags), NO_ERROR,
	       "RtmAddNextHop");
	ok(mock.nh.flags == RTM_NH_F_WANT_HANDLE && mock.nh.handle == 0,
	   "*NextHopHandle NULL: WANT_HANDLE, handle 0");
	ok(mock.nh.addr.family == AF_INET && mock.nh.addr.prefix_len == 32 &&
	   mock.nh.addr.addr[0] == 192 && mock.nh.addr.addr[3] == 1,
	   "next hop address copied");
	ok(mock.nh.ifindex == 3 && mock.nh.nh_flags == RTM_NEXTHOP_FLAGS_REMOTE
	   && mock.nh.entity_info == 0x1234,
	   "ifindex, flags and EntitySpecificInfo copied");
	is_num(rtm_h2u(nh), MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 100),
	       "new next hop handle stored");
	is_num(flags, RTM_NEXTHOP_CHANGE_NEW, "ChangeFlags out");

	is_num(RtmAddNextHop(h, &info, &nh, NULL), NO_ERROR,
	       "RtmAddNextHop update by handle, NULL ChangeFlags");
	ok(mock.nh.flags == 0 && mock.nh.handle == rtm_h2u(nh),
	   "*NextHopHandle set: update that handle, no new reference");
	is_num(RtmAddNextHop(h, &info, NULL, NULL), NO_ERROR,
	       "RtmAddNextHop without handle");
	ok(mock.nh.flags == 0 && mock.nh.handle == 0,
	   "NextHopHandle NULL: no handle asked");

	is_num(RtmDeleteNextHop(h, NULL, &info), NO_ERROR,
	       "RtmDeleteNextHop by address");
	ok(mock.nh.handle == 0 && mock.nh.ifindex == 3 &&
	   mock.nh.addr.addr[0] == 192, "delete by (address, ifindex)");
	is_num(RtmDeleteNextHop(h, nh, NULL), NO_ERROR,
	       "RtmDeleteNextHop by handle");
	ok(mock.nh.handle == rtm_h2u(nh) && mock.nh.ifindex == 0,
	   "delete by handle");

	nhs[0] = nh;
	nhs[1] = (HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 101);
	before = mock.nr_releases;
	mock.nr_released = 0;
	is_num(RtmReleaseNextHops(h, 2, nhs), NO_ERROR, "RtmReleaseNextHops");
	ok(mock.nr_releases == before + 1 &&
	   mock.release_type[before] == RTM_HANDLE_NEXTHOP &&
	   mock.release_count[before] == 2 && mock.nr_released == 2 &&
	   mock.released[0] == rtm_h2u(nhs[0]) &&
	   mock.released[1] == rtm_h2u(nhs[1]),
	   "one RELEASE of type NEXTHOP with both handles");
	before = mock.nr_releases;
	is_num(RtmReleaseNextHops(h, 0, NULL), NO_ERROR,
	       "RtmReleaseNextHops(0, NULL)");
	is_num(mock.nr_releases, before, "nothing to release: no ioctl");
}

static void test_routes(RTM_ENTITY_HANDLE h)
{
	RTM_NET_ADDRESS dest;
	union {
		RTM_ROUTE_INFO info;
		unsigned char space[RTM_SIZE_OF_ROUTE_INFO(RTM_MAX_NEXTHOPS + 1) +
				    8];
	} u;
	RTM_ROUTE_INFO *ri = &u.info;
	RTM_ROUTE_HANDLE route = NULL;
	RTM_ROUTE_CHANGE_FLAGS flags;
	unsigned int i, calls;

	memset(&u, 0, sizeof(u));
	/* The IPv4 macro leaves AddrBits[4..15] as they were: garbage here. */
	memset(&dest, 0xa5, sizeof(dest));
	RTM_IPV4_MAKE_NET_ADDRESS(&dest, htonl(0x0a010000), 16);
	ri->Neighbour = (HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 9);
	ri->PrefInfo.Metric = 5;
	ri->PrefInfo.Preference = 120;
	ri->BelongsToViews = RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST;
	ri->Flags = RTM_ROUTE_FLAGS_REMOTE;
	ri->EntitySpecificInfo = (PVOID)0xfeed;
	ri->NextHopsList.NumNextHops = 3;
	for (i = 0; i < 3; i++)
		ri->NextHopsList.NextHops[i] =
			(HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_NEXTHOP,
						       100 + i);
	flags = RTM_ROUTE_CHANGE_NEW;
	is_num(RtmAddRouteToDest(h, &route, &dest, ri, INFINITE, NULL, 0,
				 NULL, &flags),
	       NO_ERROR, "RtmAddRouteToDest");
	ok(mock.route.handle == 0 && mock.route.flags == RTM_ROUTE_F_WANT_HANDLE,
	   "*RouteHandle NULL: WANT_HANDLE");
	ok(mock.route.dest.family == AF_INET && mock.route.dest.prefix_len == 16
	   && mock.route.dest.addr[0] == 10 && mock.route.dest.addr[1] == 1,
	   "destination copied");
	for (i = 4; i < sizeof(mock.route.dest.addr); i++)
		if (mock.route.dest.addr[i])
			break;
	is_num(i, sizeof(mock.route.dest.addr),
	       "bytes past an IPv4 address reach the kernel as zeros");
	is_num(mock.route.change_flags, RTM_ROUTE_CHG_NEW, "ChangeFlags in");
	ok(mock.route.neighbour == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 9) &&
	   mock.route.metric == 5 && mock.route.preference == 120 &&
	   mock.route.views == 3 && mock.route.route_flags ==
	   RTM_ROUTE_FLAGS_REMOTE && mock.route.entity_info == 0xfeed,
	   "neighbour, metric, preference, views, flags, info copied");
	ok(mock.route.num_nexthops == 3 &&
	   mock.route.nexthops[0] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 100) &&
	   mock.route.nexthops[2] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 102) &&
	   mock.route.nexthops[3] == 0, "next hop list copied");
	is_num(rtm_h2u(route), MOCK_HANDLE(RTM_HANDLE_ROUTE, 200),
	       "route handle stored");
	is_num(flags, RTM_ROUTE_CHANGE_NEW | RTM_ROUTE_CHANGE_BEST,
	       "ChangeFlags out");

	is_num(RtmAddRouteToDest(h, &route, &dest, ri, 1000, NULL, 0, NULL,
				 NULL),
	       NO_ERROR, "RtmAddRouteToDest update, NULL ChangeFlags");
	ok(mock.route.handle == rtm_h2u(route) && mock.route.flags == 0 &&
	   mock.route.change_flags == 0,
	   "update by handle, no new reference, change flags 0 in");
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, NULL, 0, NULL,
				 NULL),
	       NO_ERROR, "RtmAddRouteToDest with no handle");
	ok(mock.route.handle == 0 && mock.route.flags == 0,
	   "RouteHandle NULL: no handle asked");

	calls = total_calls();
	ri->NextHopsList.NumNextHops = RTM_MAX_NEXTHOPS + 1;
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, NULL, 0, NULL,
				 NULL),
	       ERROR_INVALID_PARAMETER, "9 next hops: ERROR_INVALID_PARAMETER");
	ri->NextHopsList.NumNextHops = 1;
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, (HANDLE)0x1, 0,
				 NULL, NULL),
	       ERROR_NOT_SUPPORTED, "route list: ERROR_NOT_SUPPORTED");
	is_num(total_calls(), calls, "rejected calls reach no ioctl");

	is_num(RtmDeleteRouteToDest(h, route, &flags), NO_ERROR,
	       "RtmDeleteRouteToDest");
	ok(mock.route.handle == rtm_h2u(route) &&
	   flags == RTM_ROUTE_CHANGE_BEST, "delete by handle, flags out");

	mock.fail_nr = _IOC_NR(RTM_IOC_ROUTE_ADD);
	mock.fail_times = 1;
	mock.fail_errno = EPERM;
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, NULL, 0, NULL,
				 NULL),
	       ERROR_ACCESS_DENIED, "EPERM: ERROR_ACCESS_DENIED");
	mock.fail_times = 1;
	mock.fail_errno = EIO;
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, NULL, 0, NULL,
				 NULL),
	       ERROR_GEN_FAILURE, "EIO: ERROR_GEN_FAILURE");
	mock.fail_times = 2;
	mock.fail_errno = EINTR;
	calls = mock.calls[_IOC_NR(RTM_IOC_ROUTE_ADD)];
	is_num(RtmAddRouteToDest(h, NULL, &dest, ri, INFINITE, NULL, 0, NULL,
				 NULL),
	       NO_ERROR, "EINTR is retried");
	is_num(mock.calls[_IOC_NR(RTM_IOC_ROUTE_ADD)], calls + 3,
	       "two interrupted calls, then one that succeeds");
	mock.fail_nr = -1;
}

static void bulk_route(RTM_BULK_ROUTE *r, unsigned int i)
{
	unsigned int k;

	/* Garbage where librtm must send zeros: the IPv4 macro leaves it */
	memset(r, 0xa5, sizeof(*r));
	RTM_IPV4_MAKE_NET_ADDRESS(&r->DestAddress, htonl(0x0a000000 | i << 8),
				  24);
	r->Flags = RTM_ROUTE_FLAGS_REMOTE;
	r->NumNextHops = 2;
	r->PrefInfo.Metric = i;
	r->PrefInfo.Preference = 100;
	r->BelongsToViews = RTM_VIEW_MASK_UCAST;
	r->ChangeFlags = 0;
	r->Neighbour = NULL;
	r->EntitySpecificInfo = (PVOID)(uintptr_t)(0x5000 + i);
	for (k = 0; k < 2; k++)
		r->NextHops[k] = (HANDLE)(uintptr_t)
			MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 100 + k);
}

static void test_bulk(RTM_ENTITY_HANDLE h)
{
	enum { N = 2 * 4096 + 5 };
	RTM_BULK_ROUTE *routes = calloc(N, sizeof(*routes));
	const struct rtm_bulk_route *k = &mock.bulk_kept[3];
	unsigned int i, calls, sizes_ok = 1;
	UINT applied = 77;

	for (i = 0; i < N; i++)
		bulk_route(&routes[i], i);
	mock.bulk_seen = 0;
	mock.nr_bulk = 0;
	is_num(RtmAddRoutesToDestsBulk(h, routes, 3, &applied), NO_ERROR,
	       "RtmAddRoutesToDestsBulk(3)");
	is_num(applied, 3, "NumApplied 3");
	ok(mock.nr_bulk == 1 && mock.bulk[0].count == 3 &&
	   mock.bulk[0].record_size == RTM_BULK_ROUTE_SIZE_VER0 &&
	   !mock.bulk[0].flags && !mock.bulk[0].reserved0 &&
	   !mock.bulk[0].reserved[0] && !mock.bulk[0].reserved[1],
	   "one ADD_BULK, count 3, record size 120, flags and reserved 0");
	k = &mock.bulk_kept[2];
	ok(k->dest.family == AF_INET && k->dest.prefix_len == 24 &&
	   k->dest.addr[0] == 10 && k->dest.addr[2] == 2 && !k->dest.addr[3],
	   "record 2: destination copied");
	for (i = 4; i < sizeof(k->dest.addr); i++)
		if (k->dest.addr[i])
			break;
	is_num(i, sizeof(k->dest.addr),
	       "bytes past an IPv4 address reach the kernel as zeros");
	ok(k->route_flags == RTM_ROUTE_FLAGS_REMOTE && k->metric == 2 &&
	   k->preference == 100 && k->views == 1 && k->change_flags == 0 &&
	   k->neighbour == 0 && k->entity_info == 0x5002,
	   "flags, metric, preference, views, change flags, info copied");
	ok(k->num_nexthops == 2 &&
	   k->nexthops[0] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 100) &&
	   k->nexthops[1] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 101) &&
	   !k->nexthops[2] && !k->nexthops[7],
	   "next hops copied, entries past NumNextHops zero");

	mock.bulk_seen = 0;
	mock.nr_bulk = 0;
	is_num(RtmAddRoutesToDestsBulk(h, routes, N, &applied), NO_ERROR,
	       "RtmAddRoutesToDestsBulk(%u)", N);
	is_num(applied, N, "all applied");
	for (i = 0; i < mock.nr_bulk && i < MOCK_MAX_BULK_CALLS; i++)
		if ((i < 2 && mock.bulk[i].count != 4096) ||
		    (i == 2 && mock.bulk[i].count != 5))
			sizes_ok = 0;
	ok(mock.nr_bulk == 3 && sizes_ok,
	   "split into ioctls of 4096, 4096 and 5 records");

	/* The kernel stops at record 4100: a short count, then the error */
	mock.bulk_seen = 0;
	mock.nr_bulk = 0;
	mock.bulk_fail_at = 4100;
	mock.bulk_fail_errno = EBADF;
	is_num(RtmAddRoutesToDestsBulk(h, routes, N, &applied),
	       ERROR_INVALID_HANDLE, "a bad next hop in route 4100");
	is_num(applied, 4100, "NumApplied: the routes before it");
	ok(mock.nr_bulk == 3 && mock.bulk_seen == 4100,
	   "after the short count, one more call: it fails on that route");

	mock.bulk_seen = 0;
	mock.bulk_fail_at = 0;
	mock.bulk_fail_errno = ENOMEM;
	applied = 77;
	is_num(RtmAddRoutesToDestsBulk(h, routes, 2, &applied),
	       ERROR_NOT_ENOUGH_MEMORY, "first route fails: its error");
	is_num(applied, 0, "nothing applied");
	mock.bulk_fail_at = -1;

	mock.bulk_seen = 0;
	routes[1].NumNextHops = RTM_BULK_MAX_NEXTHOPS + 1;
	is_num(RtmAddRoutesToDestsBulk(h, routes, 2, &applied), NO_ERROR,
	       "9 next hops go to the kernel, which judges them");
	ok(mock.bulk_kept[1].num_nexthops == 9 &&
	   mock.bulk_kept[1].nexthops[7] == 0xa5a5a5a5a5a5a5a5ull &&
	   applied == 2, "no more than 8 next hops are read");
	routes[1].NumNextHops = 2;

	calls = total_calls();
	is_num(RtmAddRoutesToDestsBulk(h, NULL, 1, &applied),
	       ERROR_INVALID_PARAMETER, "NULL Routes: ERROR_INVALID_PARAMETER");
	is_num(RtmAddRoutesToDestsBulk(h, NULL, 0, NULL), NO_ERROR,
	       "no routes, NULL NumApplied: NO_ERROR");
	is_num(RtmAddRoutesToDestsBulk((HANDLE)0x42, routes, 1, &applied),
	       ERROR_INVALID_HANDLE, "unknown registration");
	is_num(total_calls(), calls, "none of these reaches the kernel");

	mock.fail_nr = _IOC_NR(RTM_IOC_ROUTE_ADD_BULK);
	mock.fail_times = 1;
	mock.fail_errno = ENOTTY;
	is_num(RtmAddRoutesToDestsBulk(h, routes, 1, &applied),
	       ERROR_NOT_SUPPORTED, "a module without the bulk add");
	mock.fail_nr = -1;
	free(routes);
}

/* Handles a record array must give back, in librtm's order */
static size_t expected_handles(const RTM_DEST_INFO *infos, UINT n, __u64 *out)
{
	size_t stride = RTM_SIZE_OF_DEST_INFO(infos->NumberOfViews), k = 0;
	UINT i, v;

	for (i = 0; i < n; i++) {
		const RTM_DEST_INFO *d = (const void *)
			((const unsigned char *)infos + i * stride);

		out[k++] = rtm_h2u(d->DestHandle);
		for (v = 0; v < d->NumberOfViews; v++) {
			if (d->ViewInfo[v].Route)
				out[k++] = rtm_h2u(d->ViewInfo[v].Route);
			if (d->ViewInfo[v].Owner)
				out[k++] = rtm_h2u(d->ViewInfo[v].Owner);
			if (d->ViewInfo[v].HoldRoute)
				out[k++] = rtm_h2u(d->ViewInfo[v].HoldRoute);
		}
	}
	return k;
}

static void test_enum(RTM_ENTITY_HANDLE h)
{
	unsigned char buf[RTM_SIZE_OF_DEST_INFO(2) * 8];
	RTM_DEST_INFO *infos = (RTM_DEST_INFO *)buf;
	RTM_DEST_INFO *second = (RTM_DEST_INFO *)(buf +
						  RTM_SIZE_OF_DEST_INFO(2));
	RTM_NET_ADDRESS start;
	RTM_ENUM_HANDLE e = NULL;
	__u64 want[64];
	size_t nwant;
	UINT num;
	unsigned int calls;

	memset(&start, 0x55, sizeof(start));
	is_num(RtmCreateDestEnum(h, RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST,
				 RTM_ENUM_START, &start, RTM_BEST_PROTOCOL,
				 &e),
	       NO_ERROR, "RtmCreateDestEnum(START, 2 views)");
	{
		static const struct rtm_net_address zero;

		ok(memcmp(&mock.create.addr, &zero, sizeof(zero)) == 0,
		   "START sends an all-zero address whatever NetAddress is");
	}
	ok(mock.create.flags == RTM_ENUM_START && mock.create.views == 3 &&
	   mock.create.protocol_id == 0, "ENUM_CREATE flags, views, protocol");
	is_num(rtm_h2u(e), mock.create.enum_handle, "enum handle returned");

	num = 6;
	is_num(RtmGetEnumDests(h, e, &num, infos), ERROR_INVALID_PARAMETER,
	       "6 > MaxHandlesInEnum (5): ERROR_INVALID_PARAMETER");
	is_num(num, 0, "*NumDests = 0 on ERROR_INVALID_PARAMETER");
	num = 1;
	is_num(RtmGetEnumDests(h, (HANDLE)0x42, &num, infos),
	       ERROR_INVALID_HANDLE, "unknown enum: ERROR_INVALID_HANDLE");

	memset(buf, 0, sizeof(buf));
	num = 5;
	is_num(RtmGetEnumDests(h, e, &num, infos), NO_ERROR,
	       "first batch: NO_ERROR");
	is_num(num, 5, "first batch: 5 records");
	is_num(mock.fetch.record_size, RTM_SIZE_OF_DEST_INFO(2),
	       "record_size = RTM_SIZE_OF_DEST_INFO(2)");
	ok(mock.fetch.records == (uintptr_t)infos && mock.fetch.count == 5,
	   "records go straight into the caller's buffer");
	ok(infos->NumberOfViews == 2 &&
	   rtm_h2u(infos->DestHandle) == MOCK_HANDLE(RTM_HANDLE_DEST, 1000) &&
	   infos->DestAddress.AddrBits[0] == 10 &&
	   infos->ViewInfo[1].ViewId == 1 &&
	   rtm_h2u(infos->ViewInfo[1].Owner) == rtm_h2u(h),
	   "record 0 read through RTM_DEST_INFO; Owner == registration");
	ok(rtm_h2u(second->DestHandle) == MOCK_HANDLE(RTM_HANDLE_DEST, 1001) &&
	   second->DestAddress.AddrBits[2] == 1 &&
	   second->ViewInfo[0].Route == NULL,
	   "record 1 at stride RTM_SIZE_OF_DEST_INFO(2)");

	nwant = expected_handles(infos, 5, want);
	mock.nr_releases = 0;
	mock.nr_released = 0;
	is_num(RtmReleaseDests(h, 5, infos), NO_ERROR, "RtmReleaseDests(5)");
	is_num(mock.nr_releases, 1, "one RELEASE ioctl for the whole batch");
	is_num(nwant, 5 + 3 * 2 * 2, "5 dests + route and owner x 2 views x 3");
	ok(mock.release_type[0] == RTM_HANDLE_ANY &&
	   mock.nr_released == nwant &&
	   memcmp(mock.released, want, nwant * sizeof(__u64)) == 0,
	   "RELEASE type ANY with exactly the records' handles");

	num = 5;
	is_num(RtmGetEnumDests(h, e, &num, infos), ERROR_NO_MORE_ITEMS,
	       "last batch: ERROR_NO_MORE_ITEMS");
	is_num(num, 2, "last batch still returns its 2 records");
	mock.nr_releases = 0;
	mock.nr_released = 0;
	is_num(RtmReleaseDestInfo(h, second), NO_ERROR, "RtmReleaseDestInfo");
	ok(mock.nr_releases == 1 && mock.nr_released == 5 &&
	   mock.released[0] == MOCK_HANDLE(RTM_HANDLE_DEST, 1006),
	   "RtmReleaseDestInfo gives back dest + 2 x (route, owner)");
	num = 5;
	is_num(RtmGetEnumDests(h, e, &num, infos), ERROR_NO_MORE_ITEMS,
	       "after the end: ERROR_NO_MORE_ITEMS");
	is_num(num, 0, "after the end: 0 records");

	/* release argument checks, none of which may reach the kernel */
	calls = total_calls();
	is_num(RtmReleaseDests(h, 0, infos), NO_ERROR, "RtmReleaseDests(0)");
	infos->NumberOfViews = RTM_MAX_VIEWS + 1;
	is_num(RtmReleaseDests(h, 1, infos), ERROR_INVALID_PARAMETER,
	       "NumberOfViews 33: ERROR_INVALID_PARAMETER");
	infos->NumberOfViews = 2;
	second->NumberOfViews = 1;
	is_num(RtmReleaseDests(h, 2, infos), ERROR_INVALID_PARAMETER,
	       "records with different NumberOfViews rejected");
	second->NumberOfViews = 2;
	second->DestHandle = NULL;
	is_num(RtmReleaseDests(h, 2, infos), ERROR_INVALID_PARAMETER,
	       "record without DestHandle rejected");
	is_num(total_calls(), calls, "rejected releases reach no ioctl");

	mock.fail_nr = _IOC_NR(RTM_IOC_RELEASE);
	mock.fail_times = 1;
	mock.fail_errno = EBADF;
	is_num(RtmReleaseDestInfo(h, infos), ERROR_INVALID_HANDLE,
	       "RELEASE EBADF: ERROR_INVALID_HANDLE");
	mock.fail_nr = -1;

	calls = total_calls();
	is_num(RtmDeleteEnumHandle(h, (HANDLE)0x42), ERROR_INVALID_HANDLE,
	       "RtmDeleteEnumHandle(unknown): ERROR_INVALID_HANDLE");
	is_num(total_calls(), calls, "unknown enum: no ioctl");
	is_num(RtmDeleteEnumHandle(h, e), NO_ERROR, "RtmDeleteEnumHandle");
	is_num(mock.del.enum_handle, rtm_h2u(e), "ENUM_DELETE of that walk");
	num = 1;
	is_num(RtmGetEnumDests(h, e, &num, infos), ERROR_INVALID_HANDLE,
	       "deleted enum: ERROR_INVALID_HANDLE");
	is_num(RtmDeleteEnumHandle(h, e), ERROR_INVALID_HANDLE,
	       "deleting it twice: ERROR_INVALID_HANDLE");

	is_num(RtmCreateDestEnum(h, RTM_VIEW_MASK_ANY, RTM_ENUM_RANGE, &start,
				 RTM_THIS_PROTOCOL, &e),
	       NO_ERROR, "RtmCreateDestEnum(RANGE, no views)");
	ok(memcmp(&mock.create.addr, &start, sizeof(start)) == 0 &&
	   mock.create.protocol_id == RTM_PROTOCOL_THIS &&
	   mock.create.flags == RTM_ENUM_RANGE,
	   "RANGE sends NetAddress and the protocol selector");
	num = 5;
	RtmGetEnumDests(h, e, &num, infos);
	is_num(mock.fetch.record_size, RTM_SIZE_OF_DEST_INFO(0),
	       "no views: record_size = RTM_SIZE_OF_DEST_INFO(0)");
	mock.nr_released = 0;
	is_num(RtmReleaseDests(h, num, infos), NO_ERROR,
	       "release records without view slots");
	is_num(mock.nr_released, num, "one handle per record without slots");
	/* left open: deregistration must not care */
}

static void test_dest_get(RTM_ENTITY_HANDLE h)
{
	unsigned char buf[RTM_SIZE_OF_DEST_INFO(2) + 64];
	RTM_DEST_INFO *info = (RTM_DEST_INFO *)buf;
	RTM_NET_ADDRESS addr;
	unsigned int calls, i;

	/* RTM_IPV4_MAKE_NET_ADDRESS leaves AddrBits[4..15] as they were */
	memset(&addr, 0xa5, sizeof(addr));
	RTM_IPV4_MAKE_NET_ADDRESS(&addr, htonl(0x0a010000), 16);
	memset(buf, 0x5a, sizeof(buf));
	is_num(RtmGetExactMatchDestination(h, &addr, RTM_BEST_PROTOCOL,
					   RTM_VIEW_MASK_UCAST |
					   RTM_VIEW_MASK_MCAST, info),
	       NO_ERROR, "RtmGetExactMatchDestination(10.1/16, 2 views)");
	ok(mock.get.flags == RTM_DEST_GET_EXACT && mock.get.views == 3 &&
	   mock.get.protocol_id == RTM_PROTOCOL_BEST && !mock.get.num_views &&
	   !mock.get.reserved[0] && !mock.get.reserved[1],
	   "DEST_GET flags EXACT, views, protocol; num_views, reserved zero");
	ok(mock.get.addr.family == AF_INET && mock.get.addr.prefix_len == 16 &&
	   mock.get.addr.addr[0] == 10 && mock.get.addr.addr[1] == 1 &&
	   !mock.get.addr.addr[2] && !mock.get.addr.addr[3],
	   "DEST_GET address copied");
	for (i = 4; i < sizeof(mock.get.addr.addr); i++)
		if (mock.get.addr.addr[i])
			break;
	is_num(i, sizeof(mock.get.addr.addr),
	       "bytes past an IPv4 address reach the kernel as zeros");
	ok(mock.get.record == (uintptr_t)info &&
	   mock.get.record_size == RTM_SIZE_OF_DEST_INFO(2),
	   "the record goes straight into DestInfo, RTM_SIZE_OF_DEST_INFO(2)");
	ok(rtm_h2u(info->DestHandle) == MOCK_HANDLE(RTM_HANDLE_DEST, 500) &&
	   info->DestAddress.NumBits == 16 && info->NumberOfViews == 2 &&
	   rtm_h2u(info->ViewInfo[1].Owner) == rtm_h2u(h) &&
	   buf[RTM_SIZE_OF_DEST_INFO(2)] == 0x5a,
	   "record read through RTM_DEST_INFO, nothing written past it");

	mock.nr_releases = 0;
	mock.nr_released = 0;
	is_num(RtmReleaseDestInfo(h, info), NO_ERROR,
	       "RtmReleaseDestInfo of the record");
	ok(mock.nr_releases == 1 && mock.nr_released == 5 &&
	   mock.released[0] == MOCK_HANDLE(RTM_HANDLE_DEST, 500) &&
	   mock.released[1] == MOCK_HANDLE(RTM_HANDLE_ROUTE, 600) &&
	   mock.released[2] == rtm_h2u(h),
	   "one RELEASE: dest + 2 x (route, owner)");

	is_num(RtmGetExactMatchDestination(h, &addr, RTM_THIS_PROTOCOL,
					   RTM_VIEW_MASK_ALL, info),
	       NO_ERROR, "RTM_VIEW_MASK_ALL, RTM_THIS_PROTOCOL");
	ok(mock.get.views == RTM_VIEW_MASK_ALL_BITS &&
	   mock.get.protocol_id == RTM_PROTOCOL_THIS &&
	   mock.get.record_size == RTM_SIZE_OF_DEST_INFO(2),
	   "MASK_ALL passed on, record sized for the 2 supported views");
	is_num(RtmGetExactMatchDestination(h, &addr, 8, RTM_VIEW_MASK_MCAST,
					   info),
	       NO_ERROR, "one view, protocol 8");
	ok(mock.get.views == RTM_VIEW_MASK_MCAST && mock.get.protocol_id == 8 &&
	   mock.get.record_size == RTM_SIZE_OF_DEST_INFO(1) &&
	   info->NumberOfViews == 1,
	   "one view: RTM_SIZE_OF_DEST_INFO(1)");
	is_num(RtmGetExactMatchDestination(h, &addr, RTM_BEST_PROTOCOL,
					   RTM_VIEW_MASK_ANY, info),
	       NO_ERROR, "no views");
	ok(mock.get.record_size == RTM_SIZE_OF_DEST_INFO(0) &&
	   info->NumberOfViews == 0, "no views: RTM_SIZE_OF_DEST_INFO(0)");
	mock.nr_released = 0;
	is_num(RtmReleaseDestInfo(h, info), NO_ERROR,
	       "release a record without slots");
	is_num(mock.nr_released, 1, "only its DestHandle");

	RTM_IPV4_MAKE_NET_ADDRESS(&addr, htonl(0x0a01fe07), 32);
	is_num(RtmGetMostSpecificDestination(h, &addr, RTM_BEST_PROTOCOL,
					     RTM_VIEW_MASK_UCAST, info),
	       NO_ERROR, "RtmGetMostSpecificDestination(10.1.254.7)");
	ok(mock.get.flags == RTM_DEST_GET_LONGEST &&
	   mock.get.addr.prefix_len == 32 && mock.get.addr.addr[3] == 7 &&
	   info->DestAddress.NumBits == 16,
	   "DEST_GET flags LONGEST: the covering 10.1/16");
	is_num(RtmGetExactMatchDestination(h, &addr, RTM_BEST_PROTOCOL,
					   RTM_VIEW_MASK_UCAST, info),
	       ERROR_NOT_FOUND, "exact 10.1.254.7/32: ENOENT, ERROR_NOT_FOUND");
	RTM_IPV4_MAKE_NET_ADDRESS(&addr, htonl(0x0b000001), 32);
	is_num(RtmGetMostSpecificDestination(h, &addr, RTM_BEST_PROTOCOL,
					     RTM_VIEW_MASK_UCAST, info),
	       ERROR_NOT_FOUND, "most specific of 11.0.0.1: ERROR_NOT_FOUND");

	mock.fail_nr = _IOC_NR(RTM_IOC_DEST_GET);
	mock.fail_times = 1;
	mock.fail_errno = EOPNOTSUPP;
	is_num(RtmGetExactMatchDestination(h, &addr, 0, 0x4, info),
	       ERROR_NOT_SUPPORTED, "EOPNOTSUPP: ERROR_NOT_SUPPORTED");
	mock.fail_times = 1;
	mock.fail_errno = ENOTTY;
	is_num(RtmGetMostSpecificDestination(h, &addr, 0, 0, info),
	       ERROR_NOT_SUPPORTED, "a module without DEST_GET: NOT_SUPPORTED");
	mock.fail_times = 1;
	mock.fail_errno = EFAULT;
	is_num(RtmGetExactMatchDestination(h, &addr, 0, 0, info),
	       ERROR_INVALID_PARAMETER, "EFAULT: ERROR_INVALID_PARAMETER");
	mock.fail_nr = -1;

	calls = total_calls();
	is_num(RtmGetExactMatchDestination(h, NULL, 0, 0, info),
	       ERROR_INVALID_PARAMETER, "exact, NULL DestAddress");
	is_num(RtmGetExactMatchDestination(h, &addr, 0, 0, NULL),
	       ERROR_INVALID_PARAMETER, "exact, NULL DestInfo");
	is_num(RtmGetMostSpecificDestination(h, NULL, 0, 0, info),
	       ERROR_INVALID_PARAMETER, "most specific, NULL DestAddress");
	is_num(RtmGetMostSpecificDestination(h, &addr, 0, 0, NULL),
	       ERROR_INVALID_PARAMETER, "most specific, NULL DestInfo");
	is_num(RtmGetExactMatchDestination((HANDLE)0x42, NULL, 0, 0, info),
	       ERROR_INVALID_PARAMETER,
	       "NULL pointer before an unknown registration");
	is_num(RtmGetExactMatchDestination((HANDLE)0x42, &addr, 0, 0, info),
	       ERROR_INVALID_HANDLE, "exact, unknown registration");
	is_num(RtmGetMostSpecificDestination((HANDLE)0x42, &addr, 0, 0, info),
	       ERROR_INVALID_HANDLE, "most specific, unknown registration");
	is_num(total_calls(), calls, "none of these reaches the kernel");
}

/* What RtmGetRouteInfo sends: the route, flags, every other field 0 */
static int route_info_request_ok(__u32 flags)
{
	return mock.rinfo.route == MOCK_HANDLE(RTM_HANDLE_ROUTE, 600) &&
	       mock.rinfo.flags == flags && !mock.rinfo.num_nexthops &&
	       !mock.rinfo.dest_handle && !mock.rinfo.owner &&
	       !mock.rinfo.neighbour && !mock.rinfo.reserved0 &&
	       !mock.rinfo.reserved1 && !mock.rinfo.reserved[0] &&
	       !mock.rinfo.reserved[1];
}

static void test_route_info(RTM_ENTITY_HANDLE h)
{
	RTM_ROUTE_HANDLE route =
		(HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_ROUTE, 600);
	size_t size = RTM_SIZE_OF_ROUTE_INFO(RTM_MAX_NEXTHOPS), i;
	unsigned char *buf, before[RTM_SIZE_OF_ROUTE_INFO(RTM_MAX_NEXTHOPS) + 64];
	RTM_ROUTE_INFO *ri;
	RTM_NET_ADDRESS addr;
	unsigned int calls;
	int guard_ok;

	/* A buffer of exactly RTM_SIZE_OF_ROUTE_INFO(8), 64 guard bytes */
	buf = malloc(size + 64);
	if (!buf)
		abort();
	memset(buf, 0x5a, size + 64);
	ri = (RTM_ROUTE_INFO *)buf;
	memset(&addr, 0xa5, sizeof(addr));
	mock.info_nexthops = 3;
	is_num(RtmGetRouteInfo(h, route, ri, &addr), NO_ERROR,
	       "RtmGetRouteInfo(RouteInfo, DestAddress)");
	ok(route_info_request_ok(RTM_ROUTE_INFO_F_HANDLES),
	   "ROUTE_INFO: the route, F_HANDLES, out and reserved fields 0");
	ok(rtm_h2u(ri->DestHandle) == MOCK_HANDLE(RTM_HANDLE_DEST, 500) &&
	   rtm_h2u(ri->RouteOwner) == MOCK_HANDLE(RTM_HANDLE_ENTITY, 77) &&
	   rtm_h2u(ri->Neighbour) == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 900),
	   "DestHandle, RouteOwner, Neighbour");
	ok(ri->State == RTM_ROUTE_STATE_DELETED && ri->Flags1 == 0 &&
	   ri->Flags == (RTM_ROUTE_FLAGS_REMOTE | RTM_ROUTE_FLAGS_DISCARD) &&
	   ri->PrefInfo.Metric == 7 && ri->PrefInfo.Preference == 110 &&
	   ri->BelongsToViews == 3,
	   "State, Flags1 0, Flags, PrefInfo, BelongsToViews");
	ok(ri->EntitySpecificInfo == (PVOID)(uintptr_t)0xfeedface12345678ull,
	   "EntitySpecificInfo: the 64-bit entity_info as a pointer");
	ok(ri->NextHopsList.NumNextHops == 3 &&
	   rtm_h2u(ri->NextHopsList.NextHops[0]) ==
	   MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1000) &&
	   rtm_h2u(ri->NextHopsList.NextHops[2]) ==
	   MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1002) &&
	   buf[offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops[3])] == 0x5a,
	   "NextHopsList: 3 handles, nothing written past them");
	ok(addr.AddressFamily == AF_INET && addr.NumBits == 16 &&
	   addr.AddrBits[0] == 10 && addr.AddrBits[1] == 1 &&
	   !addr.AddrBits[2] && !addr.AddrBits[3],
	   "DestAddress 10.1.0.0/16");
	for (i = 4; i < sizeof(addr.AddrBits); i++)
		if (addr.AddrBits[i])
			break;
	is_num(i, sizeof(addr.AddrBits),
	       "DestAddress: AddrBits past an IPv4 address zeroed");

	mock.nr_releases = 0;
	mock.nr_released = 0;
	is_num(RtmReleaseRouteInfo(h, ri), NO_ERROR, "RtmReleaseRouteInfo");
	ok(mock.nr_releases == 1 && mock.release_type[0] == RTM_HANDLE_ANY &&
	   mock.release_count[0] == 6 && mock.nr_released == 6 &&
	   mock.released[0] == MOCK_HANDLE(RTM_HANDLE_DEST, 500) &&
	   mock.released[1] == MOCK_HANDLE(RTM_HANDLE_ENTITY, 77) &&
	   mock.released[2] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 900) &&
	   mock.released[3] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1000) &&
	   mock.released[5] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1002),
	   "one RELEASE of type ANY: dest, owner, neighbour, 3 next hops");

	/* The issue-9 buffer: 8 next hops in RTM_SIZE_OF_ROUTE_INFO(8) */
	memset(buf, 0x5a, size + 64);
	mock.info_nexthops = RTM_MAX_NEXTHOPS;
	is_num(RtmGetRouteInfo(h, route, ri, NULL), NO_ERROR,
	       "RtmGetRouteInfo of a route with 8 next hops");
	ok(ri->NextHopsList.NumNextHops == 8 &&
	   rtm_h2u(ri->NextHopsList.NextHops[7]) ==
	   MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1007),
	   "all 8 next hops returned");
	is_num(size, offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops[8]),
	       "RTM_SIZE_OF_ROUTE_INFO(8) ends right after NextHops[7]");
	guard_ok = 1;
	for (i = size; i < size + 64; i++)
		guard_ok &= buf[i] == 0x5a;
	ok(guard_ok, "a buffer of RTM_SIZE_OF_ROUTE_INFO(8) bytes not overrun");
	mock.nr_released = 0;
	ri->Neighbour = NULL;
	is_num(RtmReleaseRouteInfo(h, ri), NO_ERROR,
	       "RtmReleaseRouteInfo, NULL Neighbour");
	ok(mock.nr_released == 10 &&
	   mock.released[2] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1000) &&
	   mock.released[9] == MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 1007),
	   "a NULL Neighbour is left out: dest, owner, 8 next hops");

	/* DestAddress alone: no handles asked for */
	memset(&addr, 0, sizeof(addr));
	calls = mock.calls[_IOC_NR(RTM_IOC_RELEASE)];
	is_num(RtmGetRouteInfo(h, route, NULL, &addr), NO_ERROR,
	       "RtmGetRouteInfo(NULL, DestAddress)");
	ok(route_info_request_ok(0) && addr.NumBits == 16,
	   "without RouteInfo: flags 0, DestAddress filled");
	is_num(mock.calls[_IOC_NR(RTM_IOC_RELEASE)], calls,
	       "and nothing to release");

	/* Errors */
	memset(buf, 0x5a, size + 64);
	memcpy(before, buf, sizeof(before));
	calls = total_calls();
	is_num(RtmGetRouteInfo(h, route, NULL, NULL), ERROR_INVALID_PARAMETER,
	       "RtmGetRouteInfo(NULL, NULL)");
	is_num(RtmGetRouteInfo((HANDLE)0x42, route, NULL, NULL),
	       ERROR_INVALID_PARAMETER, "NULL outputs before the registration");
	is_num(RtmGetRouteInfo((HANDLE)0x42, route, ri, NULL),
	       ERROR_INVALID_HANDLE, "RtmGetRouteInfo, unknown registration");
	is_num(RtmReleaseRouteInfo(h, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseRouteInfo(NULL)");
	is_num(RtmReleaseRouteInfo((HANDLE)0x42, ri), ERROR_INVALID_PARAMETER,
	       "RtmReleaseRouteInfo of an unfilled buffer (NULL DestHandle)");
	ri->DestHandle = route;
	ri->RouteOwner = h;
	ri->NextHopsList.NumNextHops = 9;
	is_num(RtmReleaseRouteInfo(h, ri), ERROR_INVALID_PARAMETER,
	       "RtmReleaseRouteInfo, 9 next hops");
	ri->NextHopsList.NumNextHops = 0;
	is_num(RtmReleaseRouteInfo((HANDLE)0x42, ri), ERROR_INVALID_HANDLE,
	       "RtmReleaseRouteInfo, unknown registration");
	is_num(total_calls(), calls, "none of these reaches the kernel");

	memset(buf, 0x5a, size + 64);
	is_num(RtmGetRouteInfo(h, (HANDLE)(uintptr_t)MOCK_HANDLE(
				       RTM_HANDLE_ROUTE, 601), ri, &addr),
	       ERROR_INVALID_HANDLE, "a route not held: EBADF, INVALID_HANDLE");
	mock.fail_nr = _IOC_NR(RTM_IOC_ROUTE_INFO);
	mock.fail_times = 1;
	mock.fail_errno = EDQUOT;
	is_num(RtmGetRouteInfo(h, route, ri, NULL), ERROR_NOT_ENOUGH_MEMORY,
	       "EDQUOT: ERROR_NOT_ENOUGH_MEMORY");
	mock.fail_times = 1;
	mock.fail_errno = ENOTTY;
	is_num(RtmGetRouteInfo(h, route, ri, NULL), ERROR_NOT_SUPPORTED,
	       "a module without ROUTE_INFO: ERROR_NOT_SUPPORTED");
	mock.fail_nr = -1;
	ok(!memcmp(buf, before, sizeof(before)),
	   "a failed RtmGetRouteInfo writes nothing into RouteInfo");
	ri->NextHopsList.NumNextHops = 0;
	mock.fail_nr = _IOC_NR(RTM_IOC_RELEASE);
	mock.fail_times = 1;
	mock.fail_errno = EBADF;
	is_num(RtmReleaseRouteInfo(h, ri), ERROR_INVALID_HANDLE,
	       "RtmReleaseRouteInfo: EBADF, ERROR_INVALID_HANDLE");
	mock.fail_nr = -1;
	free(buf);
}

static void test_nexthop_info(RTM_ENTITY_HANDLE h)
{
	RTM_NEXTHOP_HANDLE nh =
		(HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_NEXTHOP, 5);
	RTM_NEXTHOP_INFO info, before;
	unsigned int calls;
	size_t i;

	memset(&info, 0xa5, sizeof(info));
	is_num(RtmGetNextHopInfo(h, nh, &info), NO_ERROR,
	       "RtmGetNextHopInfo (IPv4)");
	ok(mock.nhinfo.nexthop == rtm_h2u(nh) && !mock.nhinfo.flags &&
	   !mock.nhinfo.owner && !mock.nhinfo.reserved[0] &&
	   !mock.nhinfo.reserved[1],
	   "NEXTHOP_INFO: the next hop, flags, owner and reserved 0");
	ok(info.NextHopAddress.AddressFamily == AF_INET &&
	   info.NextHopAddress.NumBits == 32 &&
	   info.NextHopAddress.AddrBits[0] == 192 &&
	   info.NextHopAddress.AddrBits[3] == 1,
	   "NextHopAddress 192.0.2.1/32");
	for (i = 4; i < sizeof(info.NextHopAddress.AddrBits); i++)
		if (info.NextHopAddress.AddrBits[i])
			break;
	is_num(i, sizeof(info.NextHopAddress.AddrBits),
	       "AddrBits past an IPv4 address zeroed");
	ok(rtm_h2u(info.NextHopOwner) == MOCK_HANDLE(RTM_HANDLE_ENTITY, 78) &&
	   info.InterfaceIndex == 3 &&
	   info.State == RTM_NEXTHOP_STATE_DELETED &&
	   info.Flags == RTM_NEXTHOP_FLAGS_DOWN &&
	   info.EntitySpecificInfo == (PVOID)0xabcdef &&
	   info.RemoteNextHop == NULL,
	   "NextHopOwner, InterfaceIndex, State, Flags, EntitySpecificInfo, "
	   "RemoteNextHop NULL");
	mock.nr_releases = 0;
	mock.nr_released = 0;
	is_num(RtmReleaseNextHopInfo(h, &info), NO_ERROR,
	       "RtmReleaseNextHopInfo");
	ok(mock.nr_releases == 1 && mock.release_count[0] == 1 &&
	   mock.release_type[0] == RTM_HANDLE_ENTITY &&
	   mock.released[0] == MOCK_HANDLE(RTM_HANDLE_ENTITY, 78),
	   "one RELEASE of the owner, type ENTITY");

	memset(&info, 0xa5, sizeof(info));
	is_num(RtmGetNextHopInfo(h, (HANDLE)(uintptr_t)MOCK_HANDLE(
					 RTM_HANDLE_NEXTHOP, 6), &info),
	       NO_ERROR, "RtmGetNextHopInfo (IPv6)");
	ok(info.NextHopAddress.AddressFamily == AF_INET6 &&
	   info.NextHopAddress.NumBits == 128 &&
	   info.NextHopAddress.AddrBits[0] == 0x20 &&
	   info.NextHopAddress.AddrBits[3] == 0xb8 &&
	   info.NextHopAddress.AddrBits[4] == 0 &&
	   info.NextHopAddress.AddrBits[15] == 1 &&
	   info.InterfaceIndex == 0 &&
	   info.Flags == RTM_NEXTHOP_FLAGS_REMOTE && !info.RemoteNextHop,
	   "IPv6: 2001:db8::1/128, all 16 bytes, remote, RemoteNextHop NULL");

	memset(&info, 0x5a, sizeof(info));
	before = info;
	calls = total_calls();
	is_num(RtmGetNextHopInfo(h, nh, NULL), ERROR_INVALID_PARAMETER,
	       "RtmGetNextHopInfo(NULL)");
	is_num(RtmGetNextHopInfo((HANDLE)0x42, nh, NULL),
	       ERROR_INVALID_PARAMETER, "NULL before an unknown registration");
	is_num(RtmGetNextHopInfo((HANDLE)0x42, nh, &info),
	       ERROR_INVALID_HANDLE, "RtmGetNextHopInfo, unknown registration");
	is_num(RtmReleaseNextHopInfo(h, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseNextHopInfo(NULL)");
	is_num(RtmReleaseNextHopInfo((HANDLE)0x42, &info),
	       ERROR_INVALID_HANDLE,
	       "RtmReleaseNextHopInfo, unknown registration");
	is_num(total_calls(), calls, "none of these reaches the kernel");
	is_num(RtmGetNextHopInfo(h, (HANDLE)(uintptr_t)MOCK_HANDLE(
					 RTM_HANDLE_ROUTE, 600), &info),
	       ERROR_INVALID_HANDLE, "a route handle: EBADF, INVALID_HANDLE");
	mock.fail_nr = _IOC_NR(RTM_IOC_NEXTHOP_INFO);
	mock.fail_times = 1;
	mock.fail_errno = ENOMEM;
	is_num(RtmGetNextHopInfo(h, nh, &info), ERROR_NOT_ENOUGH_MEMORY,
	       "ENOMEM: ERROR_NOT_ENOUGH_MEMORY");
	mock.fail_nr = -1;
	ok(!memcmp(&info, &before, sizeof(info)),
	   "a failed RtmGetNextHopInfo writes nothing");
}

/* More handles than the stack buffer, and more than max_release_batch */
static void test_big_release(void)
{
	enum { N = 300 };
	RTM_REGN_PROFILE profile;
	RTM_ENTITY_HANDLE h;
	RTM_DEST_INFO *infos = calloc(N, RTM_SIZE_OF_DEST_INFO(2));
	__u64 *want = calloc(N * 7, sizeof(*want));
	size_t nwant, sum = 0;
	unsigned int i, sizes_ok = 1;

	for (i = 0; i < N; i++) {
		RTM_DEST_INFO *d = (RTM_DEST_INFO *)((unsigned char *)infos +
					i * RTM_SIZE_OF_DEST_INFO(2));

		d->DestHandle = (HANDLE)(uintptr_t)MOCK_HANDLE(2, i + 1);
		d->NumberOfViews = 2;
		d->ViewInfo[0].Route = (HANDLE)(uintptr_t)MOCK_HANDLE(3, i + 1);
		d->ViewInfo[0].Owner = (HANDLE)(uintptr_t)MOCK_HANDLE(1, 1);
		if (i % 3 == 0)
			d->ViewInfo[1].HoldRoute =
				(HANDLE)(uintptr_t)MOCK_HANDLE(3, 5000 + i);
	}
	nwant = expected_handles(infos, N, want);

	mock_reset();
	h = do_register(&profile);
	is_num(RtmReleaseDests(h, N, infos), NO_ERROR,
	       "RtmReleaseDests(300 records, %zu handles)", nwant);
	ok(mock.nr_releases == 1 && mock.release_count[0] == nwant &&
	   memcmp(mock.released, want, nwant * sizeof(*want)) == 0,
	   "a batch larger than the stack buffer: still one ioctl");
	RtmDeregisterEntity(h);

	mock_reset();
	mock.version.max_release_batch = 64;
	h = do_register(&profile);
	is_num(RtmReleaseDests(h, N, infos), NO_ERROR,
	       "RtmReleaseDests with max_release_batch 64");
	for (i = 0; i < mock.nr_releases && i < MOCK_MAX_RELEASES; i++) {
		sum += mock.release_count[i];
		if (mock.release_count[i] > 64 ||
		    (i + 1 < mock.nr_releases && mock.release_count[i] != 64))
			sizes_ok = 0;
	}
	is_num(mock.nr_releases, (nwant + 63) / 64,
	       "split into ceil(%zu / 64) ioctls", nwant);
	ok(sizes_ok && sum == nwant &&
	   memcmp(mock.released, want, nwant * sizeof(*want)) == 0,
	   "full chunks of 64, every handle once, in order");
	RtmDeregisterEntity(h);
	free(infos);
	free(want);
}

static void test_deregistered(RTM_ENTITY_HANDLE h)
{
	RTM_NEXTHOP_INFO nh_info;
	RTM_ROUTE_INFO route_info;
	RTM_DEST_INFO dest;
	RTM_ENUM_HANDLE e;
	RTM_ROUTE_HANDLE r = NULL;
	UINT num = 1;
	int fd = mock.fd, failed = 0;
	unsigned int calls;

	is_num(RtmDeregisterEntity(h), NO_ERROR, "RtmDeregisterEntity");
	ok(fcntl(fd, F_GETFD) < 0 && errno == EBADF,
	   "the registration's fd is closed");
	memset(&nh_info, 0, sizeof(nh_info));
	memset(&route_info, 0, sizeof(route_info));
	memset(&dest, 0, sizeof(dest));
	dest.DestHandle = (HANDLE)0x1;
	calls = total_calls();
	failed += RtmDeregisterEntity(h) != ERROR_INVALID_HANDLE;
	failed += RtmAddNextHop(h, &nh_info, NULL, NULL) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmDeleteNextHop(h, (HANDLE)0x1, NULL) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmReleaseNextHops(h, 1, &r) != ERROR_INVALID_HANDLE;
	failed += RtmAddRouteToDest(h, &r, &nh_info.NextHopAddress,
				    &route_info, 0, NULL, 0, NULL, NULL) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmDeleteRouteToDest(h, (HANDLE)0x1, NULL) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmReleaseRoutes(h, 1, &r) != ERROR_INVALID_HANDLE;
	failed += RtmCreateDestEnum(h, 0, RTM_ENUM_START, NULL, 0, &e) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmGetEnumDests(h, (HANDLE)0x1, &num, &dest) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmReleaseDests(h, 1, &dest) != ERROR_INVALID_HANDLE;
	failed += RtmReleaseDestInfo(h, &dest) != ERROR_INVALID_HANDLE;
	failed += RtmDeleteEnumHandle(h, (HANDLE)0x1) != ERROR_INVALID_HANDLE;
	failed += RtmAddRoutesToDestsBulk(h, NULL, 0, &num) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmGetExactMatchDestination(h, &nh_info.NextHopAddress, 0,
					      0, &dest) != ERROR_INVALID_HANDLE;
	failed += RtmGetMostSpecificDestination(h, &nh_info.NextHopAddress, 0,
						0, &dest) !=
		  ERROR_INVALID_HANDLE;
	failed += RtmGetRouteInfo(h, (HANDLE)0x1, &route_info, NULL) !=
		  ERROR_INVALID_HANDLE;
	route_info.DestHandle = (HANDLE)0x1;
	route_info.RouteOwner = (HANDLE)0x1;
	failed += RtmReleaseRouteInfo(h, &route_info) != ERROR_INVALID_HANDLE;
	failed += RtmGetNextHopInfo(h, (HANDLE)0x1, &nh_info) !=
		  ERROR_INVALID_HANDLE;
	nh_info.NextHopOwner = (HANDLE)0x1;
	failed += RtmReleaseNextHopInfo(h, &nh_info) != ERROR_INVALID_HANDLE;
	is_num(failed, 0, "every call with a freed handle: INVALID_HANDLE");
	is_num(total_calls(), calls, "freed handle: no ioctl at all");
}

/*
 * Calls racing with RtmDeregisterEntity: each returns NO_ERROR until the
 * registration is gone and ERROR_INVALID_HANDLE after, and no ioctl ever
 * runs on the closed file (the registry lock is held across each call).
 */
struct racer {
	RTM_ENTITY_HANDLE h;
	pthread_barrier_t *barrier;
	int bad;
};

static void *race_thread(void *arg)
{
	struct racer *r = arg;
	RTM_ROUTE_HANDLE route =
		(HANDLE)(uintptr_t)MOCK_HANDLE(RTM_HANDLE_ROUTE, 1);
	int gone = 0, i;

	pthread_barrier_wait(r->barrier);
	for (i = 0; i < 20000; i++) {
		DWORD err = RtmReleaseRoutes(r->h, 1, &route);

		if (err == ERROR_INVALID_HANDLE)
			gone = 1;
		else if (err != NO_ERROR || gone)
			r->bad++;
	}
	return NULL;
}

static void test_race(void)
{
	enum { THREADS = 4 };
	RTM_REGN_PROFILE profile;
	pthread_barrier_t barrier;
	pthread_t tid[THREADS];
	struct racer r[THREADS];
	RTM_ENTITY_HANDLE h;
	int i, bad = 0;

	mock_reset();
	mock.closed_fd_calls = 0;
	h = do_register(&profile);
	pthread_barrier_init(&barrier, NULL, THREADS + 1);
	for (i = 0; i < THREADS; i++) {
		r[i].h = h;
		r[i].barrier = &barrier;
		r[i].bad = 0;
		pthread_create(&tid[i], NULL, race_thread, &r[i]);
	}
	pthread_barrier_wait(&barrier);
	is_num(RtmDeregisterEntity(h), NO_ERROR,
	       "deregister while 4 threads use the handle");
	for (i = 0; i < THREADS; i++) {
		pthread_join(tid[i], NULL);
		bad += r[i].bad;
	}
	pthread_barrier_destroy(&barrier);
	is_num(bad, 0, "racing calls: NO_ERROR, then only INVALID_HANDLE");
	is_num(mock.closed_fd_calls, 0, "no ioctl on a closed file");
}

int main(void)
{
	RTM_REGN_PROFILE profile;
	RTM_ENTITY_HANDLE h;

	rtm_device_path = "/dev/null";
	test_register();

	mock_reset();
	h = do_register(&profile);
	test_nexthops(h);
	test_routes(h);
	test_bulk(h);
	test_enum(h);
	test_dest_get(h);
	test_route_info(h);
	test_nexthop_info(h);
	test_deregistered(h);

	test_big_release();
	test_race();
	return tap_done();
}
