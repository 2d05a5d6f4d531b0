// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * rtmv2.h compiled as C++ (-Wall -Wextra -Werror): the same layout, and
 * every macro and prototype usable from C++, and the C linkage of the
 * declarations (it links against librtm.a).
 */
#include "rtmv2.h"
#include "tap.h"

static_assert(sizeof(RTM_NET_ADDRESS) == 20, "RTM_NET_ADDRESS");
static_assert(sizeof(RTM_DEST_INFO) == 88, "RTM_DEST_INFO");
static_assert(offsetof(RTM_DEST_INFO, ViewInfo) == 48, "ViewInfo");
static_assert(sizeof(RTM_ROUTE_INFO) == 64, "RTM_ROUTE_INFO");
static_assert(sizeof(RTM_NEXTHOP_INFO) == 56, "RTM_NEXTHOP_INFO");
static_assert(sizeof(RTM_REGN_PROFILE) == 16, "RTM_REGN_PROFILE");
static_assert(sizeof(RTM_ENTITY_INFO) == 16, "RTM_ENTITY_INFO");
static_assert(sizeof(RTM_PREF_INFO) == 8, "RTM_PREF_INFO");

static bool ipv6_macros(void)
{
	IN6_ADDR addr = IN6ADDR_LOOPBACK_INIT, back;
	RTM_NET_ADDRESS na;
	DWORD len = 0;

	if (RTM_IPV6_MAKE_NET_ADDRESS(&na, addr, 128) != NO_ERROR)
		return false;
	if (RTM_IPV6_GET_ADDR_AND_LEN(&back, &len, &na) != NO_ERROR)
		return false;
	return len == 128 && IN6_IS_ADDR_LOOPBACK(&back);
}

int main()
{
	RTM_NET_ADDRESS na;
	ULONG addr = htonl(0x0a000000), mask = 0;
	UINT len = 0;

	is_num(sizeof(RTM_DEST_INFO), 88, "C++: sizeof(RTM_DEST_INFO)");
	is_num(offsetof(RTM_DEST_INFO, ViewInfo[0].HoldRoute), 80,
	       "C++: ViewInfo[0].HoldRoute at 80");
	is_num(offsetof(RTM_ROUTE_INFO, NextHopsList.NextHops), 56,
	       "C++: NextHopsList.NextHops at 56");
	is_num(offsetof(RTM_ENTITY_INFO, EntityId.EntityInstanceId), 12,
	       "C++: EntityId.EntityInstanceId at 12");
	is_num(RTM_SIZE_OF_DEST_INFO(2), 128, "C++: RTM_SIZE_OF_DEST_INFO(2)");

	if (addr)
		RTM_IPV4_MAKE_NET_ADDRESS(&na, addr, 8);
	else
		RTM_IPV4_SET_ADDR_AND_MASK(&na, addr, mask);
	RTM_IPV4_GET_ADDR_AND_MASK(addr, mask, &na);
	RTM_IPV4_GET_ADDR_AND_LEN(addr, len, &na);
	is_num(len, 8, "C++: IPv4 macros: length 8");
	is_num(ntohl(mask), 0xff000000u, "C++: IPv4 macros: mask /8");
	is_num(ntohl(addr), 0x0a000000u, "C++: IPv4 macros: 10.0.0.0");
	RTM_IPV4_LEN_FROM_MASK(len, RTM_IPV4_MASK_FROM_LEN(20));
	is_num(len, 20, "C++: LEN_FROM_MASK(MASK_FROM_LEN(20))");
	ok(ipv6_macros(), "C++: IPv6 macros round-trip ::1/128");
	is_num(RTM_ROUTE_FLAGS_ANY_BCAST, 0xF400, "C++: ANY_BCAST compiles");
	return tap_done();
}
