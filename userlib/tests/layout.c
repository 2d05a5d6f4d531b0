// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Layout of the RTMv2 structures (the Windows x64 offsets, reference
 * section 3), the widths of the Win32 types, the constant values, and the
 * match between RTM_DEST_INFO and the kernel's struct rtm_dest_record.
 * Compiled as C with -Wall -Wextra -Werror.
 */
#include <stdalign.h>
#include <linux/rtm.h>

#include "rtmv2.h"
#include "tap.h"

/* Compile-time copies of the main facts: a wrong layout cannot build */
_Static_assert(sizeof(RTM_NET_ADDRESS) == 20, "RTM_NET_ADDRESS");
_Static_assert(sizeof(RTM_DEST_INFO) == 88, "RTM_DEST_INFO");
_Static_assert(offsetof(RTM_DEST_INFO, ViewInfo) == 48, "ViewInfo");
_Static_assert(sizeof(RTM_ROUTE_INFO) == 64, "RTM_ROUTE_INFO");
_Static_assert(sizeof(RTM_NEXTHOP_INFO) == 56, "RTM_NEXTHOP_INFO");
_Static_assert(sizeof(RTM_REGN_PROFILE) == 16, "RTM_REGN_PROFILE");
_Static_assert(sizeof(RTM_ENTITY_INFO) == 16, "RTM_ENTITY_INFO");
_Static_assert(offsetof(RTM_ENTITY_INFO, EntityId) == 8, "EntityId");
_Static_assert(sizeof(RTM_PREF_INFO) == 8, "RTM_PREF_INFO");
_Static_assert(sizeof(RTM_BULK_ROUTE) == 120, "RTM_BULK_ROUTE");

#define OFF(type, field, want) \
	is_num(offsetof(type, field), want, "offsetof(%s, %s) == %s", \
	       #type, #field, #want)
#define SIZE(type, want) \
	is_num(sizeof(type), want, "sizeof(%s) == %s", #type, #want)
#define VAL(name, want) \
	is_num(name, want, "%s == %s", #name, #want)

/* A field of RTM_DEST_INFO and its kernel twin: same offset and size */
#define TWIN(wfield, kfield)						\
	ok(offsetof(RTM_DEST_INFO, wfield) ==				\
	   offsetof(struct rtm_dest_record, kfield) &&		\
	   sizeof(((RTM_DEST_INFO *)0)->wfield) ==			\
	   sizeof(((struct rtm_dest_record *)0)->kfield),		\
	   "RTM_DEST_INFO.%s matches rtm_dest_record.%s", #wfield, #kfield)

/* A field of RTM_BULK_ROUTE and its kernel twin */
#define BULK_TWIN(wfield, kfield)					\
	ok(offsetof(RTM_BULK_ROUTE, wfield) ==				\
	   offsetof(struct rtm_bulk_route, kfield) &&			\
	   sizeof(((RTM_BULK_ROUTE *)0)->wfield) ==			\
	   sizeof(((struct rtm_bulk_route *)0)->kfield),		\
	   "RTM_BULK_ROUTE.%s matches rtm_bulk_route.%s", #wfield, #kfield)

static void test_types(void)
{
	SIZE(DWORD, 4);
	SIZE(UINT, 4);
	SIZE(ULONG, 4);
	SIZE(INT, 4);
	SIZE(BOOL, 4);
	SIZE(USHORT, 2);
	SIZE(UCHAR, 1);
	SIZE(ULONGLONG, 8);
	is_num(alignof(ULONGLONG), 8, "ULONGLONG is 8-byte aligned");
	SIZE(HANDLE, sizeof(void *));
	SIZE(FILETIME, 8);
	ok((BOOL)-1 < 0 && (INT)-1 < 0, "BOOL and INT are signed");
	ok((DWORD)-1 > 0 && (ULONG)-1 > 0, "DWORD and ULONG are unsigned");
}

static void test_structs(void)
{
	SIZE(RTM_NET_ADDRESS, 20);
	is_num(alignof(RTM_NET_ADDRESS), 2, "RTM_NET_ADDRESS is 2-aligned");
	OFF(RTM_NET_ADDRESS, AddressFamily, 0);
	OFF(RTM_NET_ADDRESS, NumBits, 2);
	OFF(RTM_NET_ADDRESS, AddrBits, 4);

	SIZE(RTM_DEST_INFO, 88);
	OFF(RTM_DEST_INFO, DestHandle, 0);
	OFF(RTM_DEST_INFO, DestAddress, 8);
	OFF(RTM_DEST_INFO, LastChanged, 28);
	OFF(RTM_DEST_INFO, BelongsToViews, 36);
	OFF(RTM_DEST_INFO, NumberOfViews, 40);
	OFF(RTM_DEST_INFO, ViewInfo, 48);
	OFF(RTM_DEST_INFO, ViewInfo[0].ViewId, 48);
	OFF(RTM_DEST_INFO, ViewInfo[0].NumRoutes, 52);
	OFF(RTM_DEST_INFO, ViewInfo[0].Route, 56);
	OFF(RTM_DEST_INFO, ViewInfo[0].Owner, 64);
	OFF(RTM_DEST_INFO, ViewInfo[0].DestFlags, 72);
	OFF(RTM_DEST_INFO, ViewInfo[0].HoldRoute, 80);
	OFF(RTM_DEST_INFO, ViewInfo[1], 88);
	is_num(RTM_BASIC_DEST_INFO_SIZE, 48, "RTM_BASIC_DEST_INFO_SIZE");
	is_num(RTM_DEST_VIEW_INFO_SIZE, 40, "RTM_DEST_VIEW_INFO_SIZE");
	is_num(RTM_SIZE_OF_DEST_INFO(0), 48, "RTM_SIZE_OF_DEST_INFO(0)");
	is_num(RTM_SIZE_OF_DEST_INFO(1), 88, "RTM_SIZE_OF_DEST_INFO(1)");
	is_num(RTM_SIZE_OF_DEST_INFO(2), 128, "RTM_SIZE_OF_DEST_INFO(2)");

	SIZE(RTM_ROUTE_INFO, 64);
	OFF(RTM_ROUTE_INFO, DestHandle, 0);
	OFF(RTM_ROUTE_INFO, RouteOwner, 8);
	OFF(RTM_ROUTE_INFO, Neighbour, 16);
	OFF(RTM_ROUTE_INFO, State, 24);
	OFF(RTM_ROUTE_INFO, Flags1, 25);
	OFF(RTM_ROUTE_INFO, Flags, 26);
	OFF(RTM_ROUTE_INFO, PrefInfo, 28);
	OFF(RTM_ROUTE_INFO, BelongsToViews, 36);
	OFF(RTM_ROUTE_INFO, EntitySpecificInfo, 40);
	OFF(RTM_ROUTE_INFO, NextHopsList.NumNextHops, 48);
	OFF(RTM_ROUTE_INFO, NextHopsList.NextHops, 56);
	is_num(RTM_BASIC_ROUTE_INFO_SIZE, 48, "RTM_BASIC_ROUTE_INFO_SIZE");
	is_num(RTM_SIZE_OF_ROUTE_INFO(2), 72,
	       "RTM_SIZE_OF_ROUTE_INFO(2) holds 2 handles (the SDK's: 64)");
	is_num(RTM_SIZE_OF_ROUTE_INFO(8),
	       offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops[8]),
	       "RTM_SIZE_OF_ROUTE_INFO(8) ends right after NextHops[7]");

	SIZE(RTM_NEXTHOP_INFO, 56);
	OFF(RTM_NEXTHOP_INFO, NextHopAddress, 0);
	OFF(RTM_NEXTHOP_INFO, NextHopOwner, 24);
	OFF(RTM_NEXTHOP_INFO, InterfaceIndex, 32);
	OFF(RTM_NEXTHOP_INFO, State, 36);
	OFF(RTM_NEXTHOP_INFO, Flags, 38);
	OFF(RTM_NEXTHOP_INFO, EntitySpecificInfo, 40);
	OFF(RTM_NEXTHOP_INFO, RemoteNextHop, 48);

	SIZE(RTM_REGN_PROFILE, 16);
	OFF(RTM_REGN_PROFILE, MaxNextHopsInRoute, 0);
	OFF(RTM_REGN_PROFILE, MaxHandlesInEnum, 4);
	OFF(RTM_REGN_PROFILE, ViewsSupported, 8);
	OFF(RTM_REGN_PROFILE, NumberOfViews, 12);

	SIZE(RTM_ENTITY_ID, 8);
	SIZE(RTM_ENTITY_INFO, 16);
	OFF(RTM_ENTITY_INFO, RtmInstanceId, 0);
	OFF(RTM_ENTITY_INFO, AddressFamily, 2);
	OFF(RTM_ENTITY_INFO, EntityId, 8);
	OFF(RTM_ENTITY_INFO, EntityId.EntityProtocolId, 8);
	OFF(RTM_ENTITY_INFO, EntityId.EntityInstanceId, 12);
	OFF(RTM_ENTITY_INFO, EntityId.EntityId, 8);

	SIZE(RTM_PREF_INFO, 8);
	OFF(RTM_PREF_INFO, Metric, 0);
	OFF(RTM_PREF_INFO, Preference, 4);

	SIZE(RTM_ENTITY_METHOD_INPUT, 12);
	OFF(RTM_ENTITY_METHOD_INPUT, InputData, 8);
	SIZE(RTM_ENTITY_METHOD_OUTPUT, 16);
	OFF(RTM_ENTITY_METHOD_OUTPUT, OutputData, 12);
	SIZE(RTM_ENTITY_EXPORT_METHODS, 16);
	OFF(RTM_ENTITY_EXPORT_METHODS, Methods, 8);
}

static void test_kernel_twins(void)
{
	SIZE(struct rtm_net_address, 20);
	TWIN(DestHandle, dest_handle);
	TWIN(DestAddress, dest);
	TWIN(LastChanged, last_changed);
	TWIN(BelongsToViews, belongs_to_views);
	TWIN(NumberOfViews, num_views);
	TWIN(ViewInfo[0].ViewId, view[0].view_id);
	TWIN(ViewInfo[0].NumRoutes, view[0].num_routes);
	TWIN(ViewInfo[0].Route, view[0].route);
	TWIN(ViewInfo[0].Owner, view[0].owner);
	TWIN(ViewInfo[0].DestFlags, view[0].dest_flags);
	TWIN(ViewInfo[0].HoldRoute, view[0].hold_route);
	is_num(sizeof(struct rtm_dest_record), RTM_BASIC_DEST_INFO_SIZE,
	       "rtm_dest_record header == RTM_BASIC_DEST_INFO_SIZE");
	is_num(sizeof(struct rtm_dest_view), RTM_DEST_VIEW_INFO_SIZE,
	       "rtm_dest_view == RTM_DEST_VIEW_INFO_SIZE");
	is_num(RTM_DEST_RECORD_SIZE(2), RTM_SIZE_OF_DEST_INFO(2),
	       "RTM_DEST_RECORD_SIZE(2) == RTM_SIZE_OF_DEST_INFO(2)");
	is_num(RTM_MAX_ADDRESS_SIZE, RTM_MAX_ADDRESS_BYTES,
	       "address sizes agree");
	is_num(RTM_VIEW_MASK_UCAST | RTM_VIEW_MASK_MCAST, RTM_VIEWS_SUPPORTED,
	       "the kernel keeps the UCAST and MCAST views");
	is_num(RTM_ENUM_OWN_DESTS, RTM_ENUM_F_OWN_DESTS, "OWN_DESTS agrees");
	is_num(RTM_ROUTE_CHANGE_BEST, RTM_ROUTE_CHG_BEST, "CHANGE_BEST agrees");
	is_num(RTM_ROUTE_CHANGE_NEW, RTM_ROUTE_CHG_NEW, "CHANGE_NEW agrees");
	is_num(RTM_ROUTE_CHANGE_FIRST, RTM_ROUTE_CHG_FIRST,
	       "CHANGE_FIRST agrees");
	is_num(RTM_THIS_PROTOCOL, RTM_PROTOCOL_THIS, "THIS_PROTOCOL agrees");

	SIZE(RTM_BULK_ROUTE, RTM_BULK_ROUTE_SIZE_VER0);
	is_num(alignof(RTM_BULK_ROUTE), 8, "RTM_BULK_ROUTE is 8-aligned");
	BULK_TWIN(DestAddress, dest);
	BULK_TWIN(Flags, route_flags);
	BULK_TWIN(NumNextHops, num_nexthops);
	BULK_TWIN(PrefInfo.Metric, metric);
	BULK_TWIN(PrefInfo.Preference, preference);
	BULK_TWIN(BelongsToViews, views);
	BULK_TWIN(ChangeFlags, change_flags);
	BULK_TWIN(Neighbour, neighbour);
	BULK_TWIN(EntitySpecificInfo, entity_info);
	BULK_TWIN(NextHops, nexthops);
}

static void test_constants(void)
{
	VAL(RTM_MAX_ADDRESS_SIZE, 16);
	VAL(RTM_MAX_VIEWS, 32);
	VAL(RTM_VIEW_MASK_SIZE, 0x20);
	VAL(RTM_VIEW_ID_UCAST, 0);
	VAL(RTM_VIEW_ID_MCAST, 1);
	VAL(RTM_VIEW_MASK_NONE, 0);
	VAL(RTM_VIEW_MASK_ANY, 0);
	VAL(RTM_VIEW_MASK_UCAST, 1);
	VAL(RTM_VIEW_MASK_MCAST, 2);
	VAL(RTM_VIEW_MASK_ALL, 0xFFFFFFFFu);
	VAL(RTM_BEST_PROTOCOL, 0);
	VAL(RTM_THIS_PROTOCOL, 0xFFFFFFFFu);
	VAL(RTM_ENUM_START, 0);
	VAL(RTM_ENUM_NEXT, 1);
	VAL(RTM_ENUM_RANGE, 2);
	VAL(RTM_ENUM_ALL_DESTS, 0);
	VAL(RTM_ENUM_OWN_DESTS, 0x01000000);
	VAL(RTM_ENUM_ALL_ROUTES, 0);
	VAL(RTM_ENUM_OWN_ROUTES, 0x00010000);
	VAL(RTM_NUM_CHANGE_TYPES, 3);
	VAL(RTM_CHANGE_TYPE_ALL, 1);
	VAL(RTM_CHANGE_TYPE_BEST, 2);
	VAL(RTM_CHANGE_TYPE_FORWARDING, 4);
	VAL(RTM_NOTIFY_ONLY_MARKED_DESTS, 0x00010000);
	VAL(RTM_ROUTE_CHANGE_FIRST, 1);
	VAL(RTM_ROUTE_CHANGE_NEW, 2);
	VAL(RTM_ROUTE_CHANGE_BEST, 0x00010000);
	VAL(RTM_NEXTHOP_CHANGE_NEW, 1);
	VAL(RTM_MATCH_NONE, 0);
	VAL(RTM_MATCH_OWNER, 1);
	VAL(RTM_MATCH_NEIGHBOUR, 2);
	VAL(RTM_MATCH_PREF, 4);
	VAL(RTM_MATCH_NEXTHOP, 8);
	VAL(RTM_MATCH_INTERFACE, 0x10);
	VAL(RTM_MATCH_FULL, 0xFFFF);
	VAL(RTM_DEST_FLAG_NATURAL_NET, 1);
	VAL(RTM_DEST_FLAG_FWD_ENGIN_ADD, 2);
	VAL(RTM_DEST_FLAG_DONT_FORWARD, 4);
	VAL(RTM_ROUTE_STATE_CREATED, 0);
	VAL(RTM_ROUTE_STATE_DELETING, 1);
	VAL(RTM_ROUTE_STATE_DELETED, 2);
	VAL(RTM_ROUTE_FLAGS_MARTIAN, 0x1);
	VAL(RTM_ROUTE_FLAGS_BLACKHOLE, 0x2);
	VAL(RTM_ROUTE_FLAGS_DISCARD, 0x4);
	VAL(RTM_ROUTE_FLAGS_INACTIVE, 0x8);
	VAL(RTM_ROUTE_FLAGS_LOCAL, 0x10);
	VAL(RTM_ROUTE_FLAGS_REMOTE, 0x20);
	VAL(RTM_ROUTE_FLAGS_MYSELF, 0x40);
	VAL(RTM_ROUTE_FLAGS_LOOPBACK, 0x80);
	VAL(RTM_ROUTE_FLAGS_MCAST, 0x100);
	VAL(RTM_ROUTE_FLAGS_LOCAL_MCAST, 0x200);
	VAL(RTM_ROUTE_FLAGS_LIMITED_BC, 0x400);
	VAL(RTM_ROUTE_FLAGS_ZEROS_NETBC, 0x1000);
	VAL(RTM_ROUTE_FLAGS_ZEROS_SUBNETBC, 0x2000);
	VAL(RTM_ROUTE_FLAGS_ONES_NETBC, 0x4000);
	VAL(RTM_ROUTE_FLAGS_ONES_SUBNETBC, 0x8000);
	VAL(RTM_ROUTE_FLAGS_FORWARDING, 0x000F);
	VAL(RTM_ROUTE_FLAGS_ANY_UNICAST, 0x0070);
	VAL(RTM_ROUTE_FLAGS_ANY_MCAST, 0x0300);
	VAL(RTM_ROUTE_FLAGS_SUBNET_BCAST, 0xA000);
	VAL(RTM_ROUTE_FLAGS_NET_BCAST, 0x5000);
	VAL(RTM_ROUTE_FLAGS_ANY_BCAST, 0xF400);
	VAL(RTM_NEXTHOP_STATE_CREATED, 0);
	VAL(RTM_NEXTHOP_STATE_DELETED, 1);
	VAL(RTM_NEXTHOP_FLAGS_REMOTE, 1);
	VAL(RTM_NEXTHOP_FLAGS_DOWN, 2);
	VAL(RTM_ENTITY_REGISTERED, 0);
	VAL(RTM_ENTITY_DEREGISTERED, 1);
	VAL(RTM_ROUTE_EXPIRED, 2);
	VAL(RTM_CHANGE_NOTIFICATION, 3);
	VAL(METHOD_TYPE_ALL_METHODS, 0xFFFFFFFFu);
	VAL(RTM_RESUME_METHODS, 0);
	VAL(RTM_BLOCK_METHODS, 1);
	VAL(METHOD_RIP2_NEIGHBOUR_ADDR, 1);
	VAL(METHOD_RIP2_ROUTE_TIMESTAMP, 8);
	VAL(METHOD_BGP4_NEXTHOP_ATTR, 8);
	VAL(METHOD_OSPF_FWD_ADDRESS, 0x20);
	VAL(INFINITE, 0xFFFFFFFFu);
	VAL(IPV6_ADDRESS_LEN_IN_BYTES, 16);

	VAL(NO_ERROR, 0);
	VAL(ERROR_SUCCESS, 0);
	VAL(ERROR_FILE_NOT_FOUND, 2);
	VAL(ERROR_ACCESS_DENIED, 5);
	VAL(ERROR_INVALID_HANDLE, 6);
	VAL(ERROR_NOT_ENOUGH_MEMORY, 8);
	VAL(ERROR_INVALID_DATA, 13);
	VAL(ERROR_GEN_FAILURE, 31);
	VAL(ERROR_NOT_SUPPORTED, 50);
	VAL(ERROR_INVALID_PARAMETER, 87);
	VAL(ERROR_INSUFFICIENT_BUFFER, 122);
	VAL(ERROR_ALREADY_EXISTS, 183);
	VAL(ERROR_NO_MORE_ITEMS, 259);
	VAL(ERROR_NOT_FOUND, 1168);
	VAL(ERROR_NO_SYSTEM_RESOURCES, 1450);
	VAL(ERROR_BAD_CONFIGURATION, 1610);
}

int main(void)
{
	test_types();
	test_structs();
	test_kernel_twins();
	test_constants();
	return tap_done();
}
