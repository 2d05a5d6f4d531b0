// SPDX-License-Identifier: GPL-2.0
/*
 * RTMv2 behaviour through librtm: registration, next hops, routes, best
 * route selection, enumeration positions and views, the record layout of
 * RTM_DEST_INFO and reference counting (checked against the module's
 * debugfs object counters).
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "kselftest_harness.h"
#include "rtm_test_util.h"

/* One IPv4 entity (proto A) and, on demand, a second one (proto B) */
FIXTURE(api) {
	RTM_ENTITY_HANDLE h;
	RTM_ENTITY_HANDLE h2;
	RTM_REGN_PROFILE profile;
	bool have_counters;
	struct rtm_counters before;
};

FIXTURE_SETUP(api)
{
	self->h = NULL;
	self->h2 = NULL;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	self->have_counters = rtm_settled_counters(&self->before) == 0;
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->h,
					     &self->profile));
	ASSERT_NE(NULL, self->h);
}

FIXTURE_TEARDOWN(api)
{
	if (self->h2) {
		EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(self->h2));
	}
	if (self->h) {
		EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(self->h));
	}
}

static RTM_ENTITY_HANDLE second_entity(struct __test_metadata *_metadata,
				       FIXTURE_DATA(api) *self)
{
	EXPECT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_B,
					     getpid(), &self->h2, NULL));
	return self->h2;
}

/* ---- registration ---- */

TEST_F(api, register_fills_profile)
{
	RTM_RETURN_IF_SKIPPED();
	EXPECT_LE(4096, self->profile.MaxHandlesInEnum);
	EXPECT_EQ(RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST,
		  self->profile.ViewsSupported);
	EXPECT_EQ(2, self->profile.NumberOfViews);
	EXPECT_EQ(RTM_MAX_NEXTHOPS, self->profile.MaxNextHopsInRoute);
	/* The registration handle is the kernel's entity handle */
	EXPECT_EQ(RTM_HANDLE_MAGIC, RTM_HANDLE_TO_U64(self->h) >> 56);
	EXPECT_EQ(RTM_HANDLE_ENTITY,
		  RTM_HANDLE_TYPE(RTM_HANDLE_TO_U64(self->h)));
}

TEST_F(api, register_same_entity_twice_is_already_exists)
{
	RTM_ENTITY_HANDLE h = NULL;

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(ERROR_ALREADY_EXISTS,
		  rtm_api_register(AF_INET, RTM_TEST_PROTO_A, getpid(), &h,
				   NULL));
}

TEST_F(api, register_bad_family_is_invalid_parameter)
{
	RTM_ENTITY_HANDLE h = NULL;

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_register(AF_UNIX, RTM_TEST_PROTO_C, getpid(), &h,
				   NULL));
}

TEST_F(api, deregister_frees_entity_id)
{
	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(self->h));
	self->h = NULL;
	EXPECT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->h, NULL));
}

TEST_F(api, deregister_twice_is_invalid_handle)
{
	RTM_ENTITY_HANDLE h = self->h;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(h));
	self->h = NULL;
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmDeregisterEntity(h));
}

/* ---- bogus registration handles, on every entry point ---- */

FIXTURE(bogus) {
	RTM_ENTITY_HANDLE real;
	RTM_ENTITY_HANDLE bogus;
	RTM_DEST_INFO info;
};

FIXTURE_VARIANT(bogus) {
	__u64 value;
	bool use_dest_handle;
};

FIXTURE_VARIANT_ADD(bogus, null) { .value = 0 };
FIXTURE_VARIANT_ADD(bogus, small) { .value = 1 };
FIXTURE_VARIANT_ADD(bogus, noise) { .value = 0x5a17c0ffee123457ull };
FIXTURE_VARIANT_ADD(bogus, kernel_pointer_like) {
	.value = 0xffff888012345678ull
};
FIXTURE_VARIANT_ADD(bogus, forged_entity) {
	.value = RTM_FORGED_HANDLE(RTM_HANDLE_ENTITY)
};
/* A real handle of another type held by the real registration */
FIXTURE_VARIANT_ADD(bogus, dest_handle) { .use_dest_handle = true };

FIXTURE_SETUP(bogus)
{
	RTM_NET_ADDRESS p;
	void *infos;
	size_t n;

	self->real = NULL;
	if (!rtm_device_present())
		SKIP(return, "no " RTM_DEV_PATH);
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET, RTM_TEST_PROTO_A,
					     getpid(), &self->real, NULL));
	rtm_na4(&p, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->real, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->real, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 10,
					      &infos, &n));
	ASSERT_EQ(1, n);
	memcpy(&self->info, infos, sizeof(self->info));
	free(infos);
	self->bogus = variant->use_dest_handle ? self->info.DestHandle :
		      RTM_U64_TO_HANDLE(variant->value);
}

FIXTURE_TEARDOWN(bogus)
{
	if (self->real)
		RtmDeregisterEntity(self->real);
}

TEST_F(bogus, every_function_is_invalid_handle)
{
	RTM_NEXTHOP_INFO nh;
	RTM_NEXTHOP_HANDLE nhh = NULL;
	RTM_NEXTHOP_CHANGE_FLAGS nhc = 0;
	RTM_ROUTE_HANDLE route = NULL;
	RTM_ROUTE_CHANGE_FLAGS rc = 0;
	RTM_ROUTE_INFO ri;
	RTM_NET_ADDRESS p;
	RTM_ENUM_HANDLE e = NULL;
	RTM_DEST_INFO out[2];
	UINT n = 2;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_na4(&nh.NextHopAddress, 192, 168, 1, 1, 32);
	memset(&ri, 0, sizeof(ri));
	ri.BelongsToViews = RTM_VIEW_MASK_UCAST;
	rtm_na4(&p, 11, 0, 0, 0, 8);

	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmAddNextHop(self->bogus, &nh, &nhh, &nhc));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmDeleteNextHop(self->bogus, NULL, &nh));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseNextHops(self->bogus, 1, &nhh));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmAddRouteToDest(self->bogus, &route, &p, &ri, INFINITE,
				    NULL, 0, NULL, &rc));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmDeleteRouteToDest(self->bogus, self->info.ViewInfo[0].Route,
				       &rc));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseRoutes(self->bogus, 1,
				   &self->info.ViewInfo[0].Route));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmCreateDestEnum(self->bogus, RTM_VIEW_MASK_UCAST,
				    RTM_ENUM_START, NULL, RTM_BEST_PROTOCOL,
				    &e));
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->real, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmGetEnumDests(self->bogus, e, &n, out));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmDeleteEnumHandle(self->bogus, e));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseDests(self->bogus, 1, &self->info));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseDestInfo(self->bogus, &self->info));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmDeregisterEntity(self->bogus));

	/* None of the calls touched the real registration's references */
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->real, e));
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->real, &self->info));
}

/* ---- next hops ---- */

TEST_F(api, nexthop_add_update_delete)
{
	RTM_NEXTHOP_INFO nh;
	RTM_NEXTHOP_HANDLE hs[2] = { NULL, NULL };
	RTM_NEXTHOP_CHANGE_FLAGS change = 0xdead;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_na4(&nh.NextHopAddress, 192, 168, 7, 1, 32);
	nh.InterfaceIndex = 1;

	ASSERT_EQ(NO_ERROR, RtmAddNextHop(self->h, &nh, &hs[0], &change));
	EXPECT_EQ(RTM_NEXTHOP_CHANGE_NEW, change);
	ASSERT_NE(NULL, hs[0]);
	EXPECT_EQ(RTM_HANDLE_NEXTHOP,
		  RTM_HANDLE_TYPE(RTM_HANDLE_TO_U64(hs[0])));

	change = 0xdead;
	ASSERT_EQ(NO_ERROR, RtmAddNextHop(self->h, &nh, &hs[1], &change));
	EXPECT_EQ(0, change);
	EXPECT_EQ(hs[0], hs[1]);

	EXPECT_EQ(NO_ERROR, RtmReleaseNextHops(self->h, 2, hs));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseNextHops(self->h, 1, hs));

	EXPECT_EQ(NO_ERROR, RtmDeleteNextHop(self->h, NULL, &nh));
	EXPECT_EQ(ERROR_NOT_FOUND, RtmDeleteNextHop(self->h, NULL, &nh));
}

TEST_F(api, nexthop_delete_by_handle_consumes_it)
{
	RTM_NEXTHOP_INFO nh;
	RTM_NEXTHOP_HANDLE h = NULL;
	RTM_NEXTHOP_CHANGE_FLAGS change = 0;

	RTM_RETURN_IF_SKIPPED();
	memset(&nh, 0, sizeof(nh));
	rtm_na4(&nh.NextHopAddress, 192, 168, 7, 1, 32);
	ASSERT_EQ(NO_ERROR, RtmAddNextHop(self->h, &nh, &h, &change));
	ASSERT_EQ(NO_ERROR, RtmDeleteNextHop(self->h, h, NULL));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseNextHops(self->h, 1, &h));
}

TEST_F(api, nexthop_of_other_entity_is_access_denied)
{
	RTM_NEXTHOP_INFO nh;
	RTM_NEXTHOP_HANDLE h = NULL;
	RTM_NEXTHOP_CHANGE_FLAGS change = 0;
	RTM_ENTITY_HANDLE other;

	RTM_RETURN_IF_SKIPPED();
	other = second_entity(_metadata, self);
	memset(&nh, 0, sizeof(nh));
	rtm_na4(&nh.NextHopAddress, 192, 168, 7, 1, 32);
	ASSERT_EQ(NO_ERROR, RtmAddNextHop(self->h, &nh, &h, &change));
	/* The handle is not held by the other file: invalid there */
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmDeleteNextHop(other, h, NULL));
	/* By address, the other entity has no such next hop of its own */
	EXPECT_EQ(ERROR_NOT_FOUND, RtmDeleteNextHop(other, NULL, &nh));
}

/* ---- routes ---- */

/* The one destination @p, enumerated with @views slots for @protocol */
static void get_one_dest(struct __test_metadata *_metadata,
			 RTM_ENTITY_HANDLE h, const RTM_NET_ADDRESS *p,
			 RTM_VIEW_SET views, UINT num_views, ULONG protocol,
			 void **infos)
{
	RTM_NET_ADDRESS range = *p;
	size_t n = 0;

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(h, views, RTM_ENUM_RANGE,
					      &range, protocol, num_views, 16,
					      infos, &n));
	/* Nothing nested below @p in these tests: exactly @p itself */
	ASSERT_EQ(1, n);
	ASSERT_TRUE(rtm_na_equal(p, &((PRTM_DEST_INFO)*infos)->DestAddress));
}

TEST_F(api, route_add_creates_dest_update_is_not_new)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE r1 = NULL, r2 = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	PRTM_DEST_INFO d;
	void *infos;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 20, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &r1,
					      &change));
	EXPECT_EQ(RTM_ROUTE_CHANGE_NEW, change & RTM_ROUTE_CHANGE_NEW);
	EXPECT_EQ(RTM_ROUTE_CHANGE_BEST, change & RTM_ROUTE_CHANGE_BEST);
	ASSERT_NE(NULL, r1);

	/* Same owner and neighbour: the same route, updated */
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 3,
					      RTM_VIEW_MASK_UCAST, 0, &r2,
					      &change));
	EXPECT_EQ(0, change & RTM_ROUTE_CHANGE_NEW);
	EXPECT_EQ(r1, r2);

	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(1, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(r1, d->ViewInfo[0].Route);
	EXPECT_EQ(self->h, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);
	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(self->h, 1, &r1));
	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(self->h, 1, &r2));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseRoutes(self->h, 1, &r2));
}

TEST_F(api, route_change_new_forces_second_route)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE r1 = NULL, r2 = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	PRTM_DEST_INFO d;
	void *infos;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 21, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &r1,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 6,
					      RTM_VIEW_MASK_UCAST,
					      RTM_ROUTE_CHANGE_NEW, &r2,
					      &change));
	EXPECT_EQ(RTM_ROUTE_CHANGE_NEW, change & RTM_ROUTE_CHANGE_NEW);
	/* Metric 6 loses to 5: the best route did not change */
	EXPECT_EQ(0, change & RTM_ROUTE_CHANGE_BEST);
	EXPECT_NE(r1, r2);

	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_THIS_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(2, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(r1, d->ViewInfo[0].Route);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);
}

TEST_F(api, route_delete_consumes_handle)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE r = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	void *infos;
	size_t n = 99;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 22, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &r,
					      NULL));
	ASSERT_EQ(NO_ERROR, RtmDeleteRouteToDest(self->h, r, &change));
	EXPECT_EQ(RTM_ROUTE_CHANGE_BEST, change & RTM_ROUTE_CHANGE_BEST);
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseRoutes(self->h, 1, &r));
	/* The dest went with its last route */
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_RANGE, &p,
					      RTM_BEST_PROTOCOL, 0, 16,
					      &infos, &n));
	EXPECT_EQ(0, n);
	free(infos);
}

TEST_F(api, route_delete_twice_is_not_found)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE r = NULL, again = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 23, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &r,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &again,
					      NULL));
	ASSERT_EQ(r, again);
	ASSERT_EQ(NO_ERROR, RtmDeleteRouteToDest(self->h, r, &change));
	EXPECT_EQ(ERROR_NOT_FOUND, RtmDeleteRouteToDest(self->h, again,
							&change));
	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(self->h, 1, &again));
}

TEST_F(api, route_of_other_entity_delete_is_access_denied)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE mine = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	RTM_ENTITY_HANDLE other;
	PRTM_DEST_INFO d;
	void *infos;

	RTM_RETURN_IF_SKIPPED();
	other = second_entity(_metadata, self);
	rtm_na4(&p, 10, 24, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 5,
					      RTM_VIEW_MASK_UCAST, 0, &mine,
					      NULL));
	/* The other entity gets a reference to the route by enumerating */
	get_one_dest(_metadata, other, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	ASSERT_NE(NULL, d->ViewInfo[0].Route);
	EXPECT_EQ(ERROR_ACCESS_DENIED,
		  RtmDeleteRouteToDest(other, d->ViewInfo[0].Route, &change));
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(other, d));
	free(infos);
}

TEST_F(api, route_host_bits_is_invalid_parameter)
{
	RTM_NET_ADDRESS p;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 1, 8);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_add_route(self->h, &p, 1, 1, RTM_VIEW_MASK_UCAST, 0,
				    NULL, NULL));
}

TEST_F(api, route_len_33_is_invalid_parameter)
{
	RTM_NET_ADDRESS p;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 0, 33);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_add_route(self->h, &p, 1, 1, RTM_VIEW_MASK_UCAST, 0,
				    NULL, NULL));
}

TEST_F(api, route_unsupported_view_is_invalid_parameter)
{
	RTM_NET_ADDRESS p;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&p, 10, 0, 0, 0, 8);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_add_route(self->h, &p, 1, 1, 0x4, 0, NULL, NULL));
}

/* ---- best route ---- */

TEST_F(api, best_route_by_preference_then_metric)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE ra = NULL, rb = NULL;
	RTM_ROUTE_CHANGE_FLAGS change = 0;
	RTM_ENTITY_HANDLE b;
	PRTM_DEST_INFO d;
	void *infos;

	RTM_RETURN_IF_SKIPPED();
	b = second_entity(_metadata, self);
	rtm_na4(&p, 10, 0, 0, 0, 8);
	/* A: preference 20 metric 1; B: preference 10 metric 100 */
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 20, 1,
					      RTM_VIEW_MASK_UCAST, 0, &ra,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 10, 100,
					      RTM_VIEW_MASK_UCAST, 0, &rb,
					      &change));
	EXPECT_EQ(RTM_ROUTE_CHANGE_BEST, change & RTM_ROUTE_CHANGE_BEST);

	/* Seen by B in its own file: its route and its own handle */
	get_one_dest(_metadata, b, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(2, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(rb, d->ViewInfo[0].Route);
	EXPECT_EQ(b, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(b, d));
	free(infos);

	/* Seen by A: B's route (handles name objects, not files) */
	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(rb, d->ViewInfo[0].Route);
	EXPECT_EQ(b, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);

	/* RTM_THIS_PROTOCOL: A's own route, whatever is best */
	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_THIS_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(ra, d->ViewInfo[0].Route);
	EXPECT_EQ(self->h, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);

	/* An explicit protocol id picks that protocol's route */
	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_TEST_PROTO_B, &infos);
	d = infos;
	EXPECT_EQ(rb, d->ViewInfo[0].Route);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);

	/* Equal preference: the lower metric wins, A now */
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 99,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      &change));
	EXPECT_EQ(0, change & RTM_ROUTE_CHANGE_NEW);
	EXPECT_EQ(RTM_ROUTE_CHANGE_BEST, change & RTM_ROUTE_CHANGE_BEST);
	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(ra, d->ViewInfo[0].Route);
	EXPECT_EQ(self->h, d->ViewInfo[0].Owner);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);

	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(self->h, 1, &ra));
	EXPECT_EQ(NO_ERROR, RtmReleaseRoutes(b, 1, &rb));
}

TEST_F(api, best_route_tie_goes_to_oldest)
{
	RTM_NET_ADDRESS p;
	RTM_ROUTE_HANDLE ra = NULL;
	RTM_ENTITY_HANDLE b;
	PRTM_DEST_INFO d;
	void *infos;

	RTM_RETURN_IF_SKIPPED();
	b = second_entity(_metadata, self);
	rtm_na4(&p, 10, 30, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &p, 10, 10,
					      RTM_VIEW_MASK_UCAST, 0, &ra,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 10, 10,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	get_one_dest(_metadata, self->h, &p, RTM_VIEW_MASK_UCAST, 1,
		     RTM_BEST_PROTOCOL, &infos);
	d = infos;
	EXPECT_EQ(ra, d->ViewInfo[0].Route);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h, d));
	free(infos);
}

/* ---- IPv6 ---- */

TEST_F(api, ipv6_routes_and_records)
{
	RTM_ENTITY_HANDLE h6 = NULL;
	RTM_NET_ADDRESS p[2], bad;
	struct in6_addr a;
	PRTM_DEST_INFO d;
	void *infos;
	size_t n = 0;
	int i;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, rtm_api_register(AF_INET6, RTM_TEST_PROTO_A,
					     getpid(), &h6, NULL));
	memset(p, 0, sizeof(p));
	inet_pton(AF_INET6, "2001:db8::", &a);
	ASSERT_EQ(NO_ERROR, RTM_IPV6_MAKE_NET_ADDRESS(&p[0], a, 32));
	inet_pton(AF_INET6, "2001:db8:1::", &a);
	ASSERT_EQ(NO_ERROR, RTM_IPV6_MAKE_NET_ADDRESS(&p[1], a, 48));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(NO_ERROR, rtm_api_add_route(h6, &p[i], 1, 1,
						      RTM_VIEW_MASK_UCAST, 0,
						      NULL, NULL));
	}

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(h6, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 8, &infos,
					      &n));
	ASSERT_EQ(2, n);
	for (i = 0; i < 2; i++) {
		d = rtm_dest_at(infos, 1, i);
		EXPECT_EQ(AF_INET6, d->DestAddress.AddressFamily);
		EXPECT_EQ(p[i].NumBits, d->DestAddress.NumBits);
		EXPECT_EQ(0, memcmp(p[i].AddrBits, d->DestAddress.AddrBits,
				    RTM_MAX_ADDRESS_SIZE));
		EXPECT_EQ(h6, d->ViewInfo[0].Owner);
	}
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(h6, infos, n, 1));
	free(infos);

	/* 2001:db8::1/32 has host bits */
	inet_pton(AF_INET6, "2001:db8::1", &a);
	memset(&bad, 0, sizeof(bad));
	RTM_IPV6_MAKE_NET_ADDRESS(&bad, a, 32);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_add_route(h6, &bad, 1, 1, RTM_VIEW_MASK_UCAST, 0,
				    NULL, NULL));
	/* An IPv4 prefix on an IPv6 entity */
	rtm_na4(&bad, 10, 0, 0, 0, 8);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  rtm_api_add_route(h6, &bad, 1, 1, RTM_VIEW_MASK_UCAST, 0,
				    NULL, NULL));
	/* The IPv4 entity of the same ids does not see the IPv6 table */
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 0, 8, &infos,
					      &n));
	EXPECT_EQ(0, n);
	free(infos);
	EXPECT_EQ(NO_ERROR, RtmDeregisterEntity(h6));
}

/* ---- enumeration ---- */

/* 0/0, 9/8, 10/7, 10/8, 10.1/16, 10.1.2/24, 10.255.255.255/32, 11/8 */
static const uint8_t table[][5] = {
	{ 0, 0, 0, 0, 0 },
	{ 9, 0, 0, 0, 8 },
	{ 10, 0, 0, 0, 7 },
	{ 10, 0, 0, 0, 8 },
	{ 10, 1, 0, 0, 16 },
	{ 10, 1, 2, 0, 24 },
	{ 10, 255, 255, 255, 32 },
	{ 11, 0, 0, 0, 8 },
};
#define TABLE_SIZE	ARRAY_SIZE(table)

static void table_entry(RTM_NET_ADDRESS *p, size_t i)
{
	rtm_na4(p, table[i][0], table[i][1], table[i][2], table[i][3],
		table[i][4]);
}

static void fill_table(struct __test_metadata *_metadata,
		       RTM_ENTITY_HANDLE h)
{
	RTM_NET_ADDRESS p;
	size_t i;

	for (i = 0; i < TABLE_SIZE; i++) {
		table_entry(&p, i);
		ASSERT_EQ(NO_ERROR, rtm_api_add_route(h, &p, 10, 10,
						      RTM_VIEW_MASK_UCAST, 0,
						      NULL, NULL));
	}
}

/* The records are exactly table[first..last], in order */
static void expect_table_slice(struct __test_metadata *_metadata,
			       void *infos, size_t n, UINT num_views,
			       size_t first, size_t last)
{
	RTM_NET_ADDRESS p;
	char b1[64], b2[64];
	size_t i;

	ASSERT_EQ(last - first + 1, n);
	for (i = 0; i < n; i++) {
		PRTM_DEST_INFO d = rtm_dest_at(infos, num_views, i);

		table_entry(&p, first + i);
		EXPECT_TRUE(rtm_na_equal(&p, &d->DestAddress)) {
			TH_LOG("record %zu is %s, expected %s", i,
			       rtm_na_str(&d->DestAddress, b1, sizeof(b1)),
			       rtm_na_str(&p, b2, sizeof(b2)));
		}
	}
}

TEST_F(api, enum_start_returns_all_in_order)
{
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 3, &infos,
					      &n));
	expect_table_slice(_metadata, infos, n, 1, 0, TABLE_SIZE - 1);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_range_returns_exactly_prefixes_inside)
{
	RTM_NET_ADDRESS range;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	rtm_na4(&range, 10, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_RANGE, &range,
					      RTM_BEST_PROTOCOL, 1, 2, &infos,
					      &n));
	/* 10/8, 10.1/16, 10.1.2/24, 10.255.255.255/32; not 10/7 nor 11/8 */
	expect_table_slice(_metadata, infos, n, 1, 3, 6);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_range_default_route_is_whole_table)
{
	RTM_NET_ADDRESS range;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	rtm_na4(&range, 0, 0, 0, 0, 0);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_RANGE, &range,
					      RTM_BEST_PROTOCOL, 0, 100,
					      &infos, &n));
	expect_table_slice(_metadata, infos, n, 0, 0, TABLE_SIZE - 1);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 0));
	free(infos);
}

TEST_F(api, enum_next_starts_at_address_inclusive)
{
	RTM_NET_ADDRESS from;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	rtm_na4(&from, 10, 1, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_NEXT, &from,
					      RTM_BEST_PROTOCOL, 1, 1, &infos,
					      &n));
	expect_table_slice(_metadata, infos, n, 1, 4, TABLE_SIZE - 1);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_next_from_absent_prefix)
{
	RTM_NET_ADDRESS from;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	/* 10.1.0.0/17 is not in the table: 10.1.2.0/24 comes next */
	rtm_na4(&from, 10, 1, 0, 0, 17);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_NEXT, &from,
					      RTM_BEST_PROTOCOL, 1, 4, &infos,
					      &n));
	expect_table_slice(_metadata, infos, n, 1, 5, TABLE_SIZE - 1);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_own_dests)
{
	RTM_NET_ADDRESS p;
	RTM_ENTITY_HANDLE b;
	void *infos;
	size_t n = 0, i;

	RTM_RETURN_IF_SKIPPED();
	b = second_entity(_metadata, self);
	fill_table(_metadata, self->h);
	/* B takes over 10.1/16 and 11/8 (better preference), adds 12/8 */
	rtm_na4(&p, 10, 1, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	rtm_na4(&p, 11, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));
	rtm_na4(&p, 12, 0, 0, 0, 8);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(b, &p, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, NULL,
					      NULL));

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_OWN_DESTS,
					      NULL, RTM_BEST_PROTOCOL, 1, 5,
					      &infos, &n));
	ASSERT_EQ(TABLE_SIZE - 2, n);
	for (i = 0; i < n; i++) {
		PRTM_DEST_INFO d = rtm_dest_at(infos, 1, i);

		EXPECT_EQ(self->h, d->ViewInfo[0].Owner);
	}
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);

	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(b, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_OWN_DESTS,
					      NULL, RTM_BEST_PROTOCOL, 1, 5,
					      &infos, &n));
	ASSERT_EQ(3, n);
	rtm_na4(&p, 10, 1, 0, 0, 16);
	EXPECT_TRUE(rtm_na_equal(&p, &rtm_dest_at(infos, 1, 0)->DestAddress));
	rtm_na4(&p, 11, 0, 0, 0, 8);
	EXPECT_TRUE(rtm_na_equal(&p, &rtm_dest_at(infos, 1, 1)->DestAddress));
	rtm_na4(&p, 12, 0, 0, 0, 8);
	EXPECT_TRUE(rtm_na_equal(&p, &rtm_dest_at(infos, 1, 2)->DestAddress));
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(b, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_batch_above_max_is_invalid_parameter)
{
	RTM_ENUM_HANDLE e = NULL;
	void *buf;
	UINT n;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	n = self->profile.MaxHandlesInEnum + 1;
	buf = calloc(n, RTM_SIZE_OF_DEST_INFO(1));
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, RtmGetEnumDests(self->h, e, &n,
							   buf));
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->h, e));
	free(buf);
}

TEST_F(api, enum_batch_zero_is_invalid_parameter)
{
	RTM_ENUM_HANDLE e = NULL;
	RTM_DEST_INFO buf[1];
	UINT n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, RtmGetEnumDests(self->h, e, &n,
							   buf));
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->h, e));
}

TEST_F(api, enum_unsupported_view_is_not_supported)
{
	RTM_ENUM_HANDLE e = NULL;

	RTM_RETURN_IF_SKIPPED();
	EXPECT_EQ(ERROR_NOT_SUPPORTED,
		  RtmCreateDestEnum(self->h, 0x4, RTM_ENUM_START, NULL,
				    RTM_BEST_PROTOCOL, &e));
}

TEST_F(api, enum_range_host_bits_is_invalid_parameter)
{
	RTM_ENUM_HANDLE e = NULL;
	RTM_NET_ADDRESS range;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&range, 10, 0, 0, 1, 8);
	EXPECT_EQ(ERROR_INVALID_PARAMETER,
		  RtmCreateDestEnum(self->h, RTM_VIEW_MASK_UCAST,
				    RTM_ENUM_RANGE, &range,
				    RTM_BEST_PROTOCOL, &e));
}

TEST_F(api, enum_end_is_no_more_items_with_valid_count)
{
	RTM_ENUM_HANDLE e = NULL;
	void *buf;
	UINT n;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	buf = calloc(TABLE_SIZE + 4, RTM_SIZE_OF_DEST_INFO(1));
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	/* 5 of 8: more to come */
	n = 5;
	EXPECT_EQ(NO_ERROR, RtmGetEnumDests(self->h, e, &n, buf));
	EXPECT_EQ(5, n);
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, n, buf));
	/* The last 3 in a batch of 7 come with ERROR_NO_MORE_ITEMS */
	n = 7;
	EXPECT_EQ(ERROR_NO_MORE_ITEMS, RtmGetEnumDests(self->h, e, &n, buf));
	EXPECT_EQ(TABLE_SIZE - 5, n);
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, n, buf));
	/* And then nothing, still ERROR_NO_MORE_ITEMS */
	n = 7;
	EXPECT_EQ(ERROR_NO_MORE_ITEMS, RtmGetEnumDests(self->h, e, &n, buf));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->h, e));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmDeleteEnumHandle(self->h, e));
	free(buf);
}

TEST_F(api, enum_empty_table_is_no_more_items)
{
	RTM_ENUM_HANDLE e = NULL;
	RTM_DEST_INFO buf[2];
	UINT n = 2;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	EXPECT_EQ(ERROR_NO_MORE_ITEMS, RtmGetEnumDests(self->h, e, &n, buf));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->h, e));
}

TEST_F(api, enum_views_any_has_no_slots)
{
	size_t stride = RTM_SIZE_OF_DEST_INFO(0);
	size_t guard = 64, i;
	RTM_ENUM_HANDLE e = NULL;
	RTM_NET_ADDRESS p;
	unsigned char *buf;
	UINT n = TABLE_SIZE;

	RTM_RETURN_IF_SKIPPED();
	ASSERT_EQ(48, stride);
	fill_table(_metadata, self->h);
	buf = malloc(TABLE_SIZE * stride + guard);
	ASSERT_NE(NULL, buf);
	memset(buf, 0xa5, TABLE_SIZE * stride + guard);
	ASSERT_EQ(NO_ERROR, RtmCreateDestEnum(self->h, RTM_VIEW_MASK_ANY,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, &e));
	EXPECT_EQ(ERROR_NO_MORE_ITEMS,
		  RtmGetEnumDests(self->h, e, &n, (PRTM_DEST_INFO)buf));
	ASSERT_EQ(TABLE_SIZE, n);
	for (i = 0; i < n; i++) {
		PRTM_DEST_INFO d = rtm_dest_at(buf, 0, i);

		table_entry(&p, i);
		EXPECT_TRUE(rtm_na_equal(&p, &d->DestAddress));
		EXPECT_EQ(0, d->NumberOfViews);
		EXPECT_EQ(RTM_VIEW_MASK_UCAST, d->BelongsToViews);
	}
	/* Nothing written past n records of 48 bytes */
	for (i = 0; i < guard; i++) {
		EXPECT_EQ(0xa5, buf[TABLE_SIZE * stride + i]);
	}
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, n, (PRTM_DEST_INFO)buf));
	EXPECT_EQ(NO_ERROR, RtmDeleteEnumHandle(self->h, e));
	free(buf);
}

TEST_F(api, enum_two_views_in_view_id_order)
{
	RTM_NET_ADDRESS uc, mc, both;
	RTM_ROUTE_HANDLE ruc = NULL, rmc = NULL, rboth = NULL;
	PRTM_DEST_INFO d;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	rtm_na4(&uc, 10, 0, 0, 0, 8);
	rtm_na4(&mc, 224, 0, 0, 0, 4);
	rtm_na4(&both, 192, 168, 0, 0, 16);
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &uc, 1, 1,
					      RTM_VIEW_MASK_UCAST, 0, &ruc,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &mc, 1, 1,
					      RTM_VIEW_MASK_MCAST, 0, &rmc,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_add_route(self->h, &both, 1, 1,
					      RTM_VIEW_MASK_UCAST |
					      RTM_VIEW_MASK_MCAST, 0, &rboth,
					      NULL));
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST |
					      RTM_VIEW_MASK_MCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 2, 2, &infos,
					      &n));
	ASSERT_EQ(3, n);

	d = rtm_dest_at(infos, 2, 0);		/* 10/8, UCAST only */
	EXPECT_TRUE(rtm_na_equal(&uc, &d->DestAddress));
	EXPECT_EQ(2, d->NumberOfViews);
	EXPECT_EQ(RTM_VIEW_MASK_UCAST, d->BelongsToViews);
	EXPECT_EQ(RTM_VIEW_ID_UCAST, d->ViewInfo[0].ViewId);
	EXPECT_EQ(RTM_VIEW_ID_MCAST, d->ViewInfo[1].ViewId);
	EXPECT_EQ(1, d->ViewInfo[0].NumRoutes);
	EXPECT_EQ(ruc, d->ViewInfo[0].Route);
	EXPECT_EQ(0, d->ViewInfo[1].NumRoutes);
	EXPECT_EQ(NULL, d->ViewInfo[1].Route);
	EXPECT_EQ(NULL, d->ViewInfo[1].Owner);

	d = rtm_dest_at(infos, 2, 1);		/* 192.168/16, both */
	EXPECT_TRUE(rtm_na_equal(&both, &d->DestAddress));
	EXPECT_EQ(RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST,
		  d->BelongsToViews);
	EXPECT_EQ(rboth, d->ViewInfo[0].Route);
	EXPECT_EQ(rboth, d->ViewInfo[1].Route);
	EXPECT_EQ(self->h, d->ViewInfo[1].Owner);

	d = rtm_dest_at(infos, 2, 2);		/* 224/4, MCAST only */
	EXPECT_TRUE(rtm_na_equal(&mc, &d->DestAddress));
	EXPECT_EQ(RTM_VIEW_MASK_MCAST, d->BelongsToViews);
	EXPECT_EQ(RTM_VIEW_ID_UCAST, d->ViewInfo[0].ViewId);
	EXPECT_EQ(NULL, d->ViewInfo[0].Route);
	EXPECT_EQ(rmc, d->ViewInfo[1].Route);
	EXPECT_EQ(NULL, d->ViewInfo[0].HoldRoute);

	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 2));
	free(infos);

	/* Only MCAST asked: one slot, and only the MCAST dests */
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_MCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 2, &infos,
					      &n));
	ASSERT_EQ(2, n);
	d = rtm_dest_at(infos, 1, 0);
	EXPECT_TRUE(rtm_na_equal(&both, &d->DestAddress));
	EXPECT_EQ(1, d->NumberOfViews);
	EXPECT_EQ(RTM_VIEW_ID_MCAST, d->ViewInfo[0].ViewId);
	d = rtm_dest_at(infos, 1, 1);
	EXPECT_TRUE(rtm_na_equal(&mc, &d->DestAddress));
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, enum_view_mask_all_gives_two_slots)
{
	PRTM_DEST_INFO d;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_ALL,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 2, 4, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	d = rtm_dest_at(infos, 2, TABLE_SIZE - 1);
	EXPECT_EQ(2, d->NumberOfViews);
	EXPECT_EQ(RTM_VIEW_ID_MCAST, d->ViewInfo[1].ViewId);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 2));
	free(infos);
}

/* ---- references ---- */

TEST_F(api, release_all_returns_handle_counter)
{
	struct rtm_counters before, after;
	char b1[200], b2[200];
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	if (!self->have_counters)
		SKIP(return, "no " RTM_OBJECTS_PATH);
	fill_table(_metadata, self->h);
	ASSERT_EQ(0, rtm_read_counters(&before));
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST |
					      RTM_VIEW_MASK_MCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 2, 3, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	ASSERT_EQ(0, rtm_read_counters(&after));
	/*
	 * A table entry per destination and per route, and one for the owner:
	 * registering is not a hold of the entity handle, its first
	 * appearance as Owner is.
	 */
	EXPECT_EQ(before.handles + 2 * TABLE_SIZE + 1, after.handles);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 2));
	free(infos);
	EXPECT_EQ(0, rtm_wait_counters(&before, RTM_COUNTER_WAIT_MS, &after)) {
		rtm_format_counters(&before, b1, sizeof(b1));
		rtm_format_counters(&after, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

TEST_F(api, release_twice_is_invalid_handle)
{
	struct rtm_counters c1, c2;
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 16, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	ASSERT_EQ(NO_ERROR, RtmReleaseDests(self->h, n, infos));
	if (self->have_counters) {
		ASSERT_EQ(0, rtm_read_counters(&c1));
	}
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseDests(self->h, n, infos));
	if (self->have_counters) {
		ASSERT_EQ(0, rtm_read_counters(&c2));
		EXPECT_TRUE(rtm_counters_equal(&c1, &c2));
	}
	free(infos);
}

TEST_F(api, release_batch_with_one_bad_releases_none)
{
	size_t stride = RTM_SIZE_OF_DEST_INFO(1);
	void *infos, *copy;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 16, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	copy = malloc(n * stride);
	ASSERT_NE(NULL, copy);
	memcpy(copy, infos, n * stride);
	rtm_dest_at(copy, 1, 4)->DestHandle =
		RTM_U64_TO_HANDLE(RTM_FORGED_HANDLE(RTM_HANDLE_DEST));
	EXPECT_EQ(ERROR_INVALID_HANDLE, RtmReleaseDests(self->h, n, copy));
	/* Every good reference is still there to be released once */
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, n, infos));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseDests(self->h, 1, rtm_dest_at(infos, 1, 0)));
	free(copy);
	free(infos);
}

TEST_F(api, release_dest_info_of_one_record)
{
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 16, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	EXPECT_EQ(NO_ERROR, RtmReleaseDestInfo(self->h,
					       rtm_dest_at(infos, 1, 2)));
	EXPECT_EQ(ERROR_INVALID_HANDLE,
		  RtmReleaseDestInfo(self->h, rtm_dest_at(infos, 1, 2)));
	/* The others are untouched: release them, minus the released one */
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, 2, infos));
	EXPECT_EQ(NO_ERROR, RtmReleaseDests(self->h, n - 3,
					    rtm_dest_at(infos, 1, 3)));
	free(infos);
}

TEST_F(api, records_carry_family_len_and_bits)
{
	PRTM_DEST_INFO d;
	void *infos;
	size_t n = 0;
	ULONG addr;
	UINT len;

	RTM_RETURN_IF_SKIPPED();
	fill_table(_metadata, self->h);
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 16, &infos,
					      &n));
	ASSERT_EQ(TABLE_SIZE, n);
	d = rtm_dest_at(infos, 1, 5);		/* 10.1.2.0/24 */
	EXPECT_EQ(AF_INET, d->DestAddress.AddressFamily);
	RTM_IPV4_GET_ADDR_AND_LEN(addr, len, &d->DestAddress);
	EXPECT_EQ(24, len);
	EXPECT_EQ(htonl(0x0a010200), addr);
	EXPECT_EQ(0, d->DestAddress.AddrBits[4]);
	EXPECT_EQ(0, d->DestAddress.AddrBits[15]);
	EXPECT_NE(NULL, d->DestHandle);
	EXPECT_EQ(RTM_HANDLE_DEST,
		  RTM_HANDLE_TYPE(RTM_HANDLE_TO_U64(d->DestHandle)));
	/* A FILETIME after 2020-01-01 (132223104000000000) */
	EXPECT_LT(132223104000000000ull,
		  (uint64_t)d->LastChanged.dwHighDateTime << 32 |
		  d->LastChanged.dwLowDateTime);
	EXPECT_EQ(NO_ERROR, rtm_api_release_all(self->h, infos, n, 1));
	free(infos);
}

TEST_F(api, deregister_drops_counters)
{
	struct rtm_counters after;
	char b1[200], b2[200];
	void *infos;
	size_t n = 0;

	RTM_RETURN_IF_SKIPPED();
	if (!self->have_counters)
		SKIP(return, "no " RTM_OBJECTS_PATH);
	fill_table(_metadata, self->h);
	/* Keep the records' references: deregistration drops them */
	ASSERT_EQ(NO_ERROR, rtm_api_fetch_all(self->h, RTM_VIEW_MASK_UCAST,
					      RTM_ENUM_START, NULL,
					      RTM_BEST_PROTOCOL, 1, 16, &infos,
					      &n));
	free(infos);
	ASSERT_EQ(NO_ERROR, RtmDeregisterEntity(self->h));
	self->h = NULL;
	EXPECT_EQ(0, rtm_wait_counters(&self->before, RTM_COUNTER_WAIT_MS,
				       &after)) {
		rtm_format_counters(&self->before, b1, sizeof(b1));
		rtm_format_counters(&after, b2, sizeof(b2));
		TH_LOG("before: %s; after: %s", b1, b2);
	}
}

TEST_HARNESS_MAIN
