// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Argument checking that needs no kernel: unknown registration handles
 * (NULL, random values, pointers to process memory) are
 * ERROR_INVALID_HANDLE from every call, found by lookup before any ioctl;
 * NULL out-pointers are ERROR_INVALID_PARAMETER; registering without
 * /dev/rtm is ERROR_FILE_NOT_FOUND; and the errno -> Win32 table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../librtm_internal.h"
#include "tap.h"

static RTM_ENTITY_INFO entity_info = {
	.RtmInstanceId = 0,
	.AddressFamily = AF_INET,
	.EntityId = { .EntityId = 0x0000000100000008ull },
};

/* Call every handle-taking function with @h and otherwise valid arguments */
static void check_all_invalid(RTM_ENTITY_HANDLE h, const char *what)
{
	RTM_NEXTHOP_INFO nh_info;
	RTM_ROUTE_INFO route_info;
	RTM_NET_ADDRESS addr;
	RTM_DEST_INFO dests[2];
	RTM_NEXTHOP_HANDLE nh = NULL;
	RTM_ROUTE_HANDLE route = NULL, routes[1] = { (HANDLE)0x1 };
	RTM_ENUM_HANDLE enum_handle = NULL;
	RTM_NEXTHOP_CHANGE_FLAGS nh_flags = 0;
	RTM_ROUTE_CHANGE_FLAGS route_flags = 0;
	UINT num = 1;
	int failed = 0;

	memset(&nh_info, 0, sizeof(nh_info));
	memset(&route_info, 0, sizeof(route_info));
	memset(dests, 0, sizeof(dests));
	RTM_IPV4_MAKE_NET_ADDRESS(&addr, htonl(0x0a000000), 8);
	nh_info.NextHopAddress = addr;
	route_info.BelongsToViews = RTM_VIEW_MASK_UCAST;
	dests[0].DestHandle = (HANDLE)0x1;

#define EXPECT_INVALID(call)						\
	do {								\
		DWORD _err = (call);					\
									\
		if (_err != ERROR_INVALID_HANDLE) {			\
			printf("#   %s: %s returned %u\n", what, #call,	\
			       (unsigned int)_err);			\
			failed++;					\
		}							\
	} while (0)

	EXPECT_INVALID(RtmDeregisterEntity(h));
	EXPECT_INVALID(RtmAddNextHop(h, &nh_info, &nh, &nh_flags));
	EXPECT_INVALID(RtmDeleteNextHop(h, NULL, &nh_info));
	EXPECT_INVALID(RtmReleaseNextHops(h, 1, routes));
	EXPECT_INVALID(RtmReleaseNextHops(h, 0, NULL));
	EXPECT_INVALID(RtmAddRouteToDest(h, &route, &addr, &route_info,
					 INFINITE, NULL, 0, NULL,
					 &route_flags));
	EXPECT_INVALID(RtmDeleteRouteToDest(h, (HANDLE)0x1, &route_flags));
	EXPECT_INVALID(RtmReleaseRoutes(h, 1, routes));
	EXPECT_INVALID(RtmReleaseRoutes(h, 0, NULL));
	EXPECT_INVALID(RtmCreateDestEnum(h, RTM_VIEW_MASK_UCAST,
					 RTM_ENUM_START, NULL,
					 RTM_BEST_PROTOCOL, &enum_handle));
	EXPECT_INVALID(RtmGetEnumDests(h, (HANDLE)0x1, &num, dests));
	EXPECT_INVALID(RtmReleaseDests(h, 1, dests));
	EXPECT_INVALID(RtmReleaseDests(h, 0, NULL));
	EXPECT_INVALID(RtmReleaseDestInfo(h, dests));
	EXPECT_INVALID(RtmDeleteEnumHandle(h, (HANDLE)0x1));
#undef EXPECT_INVALID

	ok(!failed, "every call with a %s registration handle: "
	   "ERROR_INVALID_HANDLE", what);
	ok(nh == NULL && route == NULL && enum_handle == NULL &&
	   nh_flags == 0 && route_flags == 0,
	   "no output written for a %s registration handle", what);
}

static void test_invalid_handles(void)
{
	int local;
	unsigned int i;

	check_all_invalid(NULL, "NULL");
	check_all_invalid((HANDLE)0xdeadbeef, "random");
	check_all_invalid((HANDLE)~(uintptr_t)0, "all-ones");
	/* shaped like a kernel entity handle: magic 0xd7, type 1, id 1 */
	check_all_invalid((HANDLE)0xd701000000000001ull, "entity-shaped");
	/* the address of real memory must not be dereferenced either */
	check_all_invalid((HANDLE)&local, "stack-pointer");
	srand(42);
	for (i = 0; i < 3; i++) {
		uintptr_t v = ((uintptr_t)rand() << 33) ^
			      ((uintptr_t)rand() << 11) ^ (uintptr_t)rand();

		check_all_invalid((HANDLE)v, "pseudo-random");
	}
}

static void test_null_pointers(void)
{
	RTM_ENTITY_HANDLE h = (HANDLE)0x1234;
	RTM_REGN_PROFILE profile;
	RTM_ENTITY_HANDLE reg = (HANDLE)0x5678;
	RTM_NET_ADDRESS addr;
	RTM_ROUTE_INFO route_info;
	RTM_DEST_INFO dest;
	UINT num;

	memset(&route_info, 0, sizeof(route_info));
	memset(&dest, 0, sizeof(dest));
	RTM_IPV4_MAKE_NET_ADDRESS(&addr, 0, 0);

	is_num(RtmRegisterEntity(NULL, NULL, NULL, FALSE, &profile, &reg),
	       ERROR_INVALID_PARAMETER, "RtmRegisterEntity(NULL info)");
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, NULL, &reg),
	       ERROR_INVALID_PARAMETER, "RtmRegisterEntity(NULL profile)");
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 NULL),
	       ERROR_INVALID_PARAMETER, "RtmRegisterEntity(NULL handle out)");
	ok(reg == (HANDLE)0x5678, "handle out untouched on failure");

	is_num(RtmAddNextHop(h, NULL, NULL, NULL), ERROR_INVALID_PARAMETER,
	       "RtmAddNextHop(NULL info)");
	is_num(RtmDeleteNextHop(h, NULL, NULL), ERROR_INVALID_PARAMETER,
	       "RtmDeleteNextHop(NULL handle, NULL info)");
	is_num(RtmReleaseNextHops(h, 1, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseNextHops(1, NULL)");
	is_num(RtmAddRouteToDest(h, NULL, NULL, &route_info, INFINITE, NULL,
				 0, NULL, NULL),
	       ERROR_INVALID_PARAMETER, "RtmAddRouteToDest(NULL dest)");
	is_num(RtmAddRouteToDest(h, NULL, &addr, NULL, INFINITE, NULL, 0,
				 NULL, NULL),
	       ERROR_INVALID_PARAMETER, "RtmAddRouteToDest(NULL info)");
	route_info.NextHopsList.NumNextHops = 9;
	is_num(RtmAddRouteToDest(h, NULL, &addr, &route_info, INFINITE, NULL,
				 0, NULL, NULL),
	       ERROR_INVALID_PARAMETER, "RtmAddRouteToDest(9 next hops)");
	is_num(RtmReleaseRoutes(h, 1, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseRoutes(1, NULL)");
	is_num(RtmCreateDestEnum(h, 0, RTM_ENUM_START, NULL, 0, NULL),
	       ERROR_INVALID_PARAMETER, "RtmCreateDestEnum(NULL out)");
	{
		RTM_ENUM_HANDLE e;

		is_num(RtmCreateDestEnum(h, 0, RTM_ENUM_NEXT, NULL, 0, &e),
		       ERROR_INVALID_PARAMETER,
		       "RtmCreateDestEnum(NEXT, NULL address)");
		is_num(RtmCreateDestEnum(h, 0, RTM_ENUM_RANGE, NULL, 0, &e),
		       ERROR_INVALID_PARAMETER,
		       "RtmCreateDestEnum(RANGE, NULL address)");
	}
	is_num(RtmGetEnumDests(h, h, NULL, &dest), ERROR_INVALID_PARAMETER,
	       "RtmGetEnumDests(NULL count)");
	num = 4;
	is_num(RtmGetEnumDests(h, h, &num, NULL), ERROR_INVALID_PARAMETER,
	       "RtmGetEnumDests(NULL records)");
	is_num(num, 0, "RtmGetEnumDests(NULL records) sets *NumDests = 0");
	num = 0;
	is_num(RtmGetEnumDests(h, h, &num, &dest), ERROR_INVALID_PARAMETER,
	       "RtmGetEnumDests(*NumDests == 0)");
	is_num(RtmReleaseDests(h, 1, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseDests(1, NULL)");
	is_num(RtmReleaseDestInfo(h, NULL), ERROR_INVALID_PARAMETER,
	       "RtmReleaseDestInfo(NULL)");
}

static void test_no_device(void)
{
	RTM_REGN_PROFILE profile;
	RTM_ENTITY_HANDLE reg = (HANDLE)0x5678;
	const char *saved = rtm_device_path;

	rtm_device_path = "/nonexistent/rtm";
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 &reg),
	       ERROR_FILE_NOT_FOUND, "RtmRegisterEntity without the device");
	ok(reg == (HANDLE)0x5678, "no handle returned without the device");
	rtm_device_path = saved;

	if (access("/dev/rtm", F_OK) == 0) {
		ok(1, "# SKIP /dev/rtm exists on this machine");
		return;
	}
	is_num(RtmRegisterEntity(&entity_info, NULL, NULL, FALSE, &profile,
				 &reg),
	       ERROR_FILE_NOT_FOUND, "RtmRegisterEntity with no /dev/rtm");
}

static void test_errmap(void)
{
	static const struct {
		int err;
		DWORD win32;
	} table[] = {
		{ 0, NO_ERROR },
		{ EBADF, ERROR_INVALID_HANDLE },
		{ ENXIO, ERROR_INVALID_HANDLE },
		{ EINVAL, ERROR_INVALID_PARAMETER },
		{ E2BIG, ERROR_INVALID_PARAMETER },
		{ EFAULT, ERROR_INVALID_PARAMETER },
		{ ERANGE, ERROR_INVALID_PARAMETER },
		{ ENOENT, ERROR_NOT_FOUND },
		{ EEXIST, ERROR_ALREADY_EXISTS },
		{ EBUSY, ERROR_ALREADY_EXISTS },
		{ EPERM, ERROR_ACCESS_DENIED },
		{ EACCES, ERROR_ACCESS_DENIED },
		{ ENOMEM, ERROR_NOT_ENOUGH_MEMORY },
		{ EOPNOTSUPP, ERROR_NOT_SUPPORTED },
		{ ENOTTY, ERROR_NOT_SUPPORTED },
		{ ENOSPC, ERROR_NO_SYSTEM_RESOURCES },
		{ EIO, ERROR_GEN_FAILURE },
		{ EAGAIN, ERROR_GEN_FAILURE },
		{ ENODEV, ERROR_GEN_FAILURE },
		{ 9999, ERROR_GEN_FAILURE },
	};
	unsigned int i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		is_num(rtm_errno_to_win32(table[i].err), table[i].win32,
		       "errno %d (%s) -> %u", table[i].err,
		       strerror(table[i].err), (unsigned int)table[i].win32);

	is_num(rtm_open_errno_to_win32(ENOENT), ERROR_FILE_NOT_FOUND,
	       "open: ENOENT -> ERROR_FILE_NOT_FOUND");
	is_num(rtm_open_errno_to_win32(ENODEV), ERROR_FILE_NOT_FOUND,
	       "open: ENODEV -> ERROR_FILE_NOT_FOUND");
	is_num(rtm_open_errno_to_win32(ENXIO), ERROR_FILE_NOT_FOUND,
	       "open: ENXIO -> ERROR_FILE_NOT_FOUND");
	is_num(rtm_open_errno_to_win32(EACCES), ERROR_ACCESS_DENIED,
	       "open: EACCES -> ERROR_ACCESS_DENIED");
	is_num(rtm_open_errno_to_win32(EMFILE), ERROR_GEN_FAILURE,
	       "open: EMFILE -> ERROR_GEN_FAILURE");
}

int main(void)
{
	test_invalid_handles();
	test_null_pointers();
	test_no_device();
	test_errmap();
	return tap_done();
}
