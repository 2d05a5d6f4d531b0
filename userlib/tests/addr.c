// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * The IPv4 and IPv6 address macros: round trips, masks, single
 * evaluation of arguments, use as one statement, and the IPv6 helpers'
 * argument checks.
 */
#include "rtmv2.h"
#include "tap.h"

static void test_ipv4(void)
{
	RTM_NET_ADDRESS na, arr[3];
	PRTM_NET_ADDRESS p;
	ULONG addr, mask;
	UINT len, l, bad;
	int calls;

	memset(&na, 0xaa, sizeof(na));
	RTM_IPV4_MAKE_NET_ADDRESS(&na, htonl(0xc0a80100), 24);
	ok(na.AddressFamily == AF_INET && na.NumBits == 24,
	   "IPv4 MAKE: family AF_INET, 24 bits");
	ok(na.AddrBits[0] == 192 && na.AddrBits[1] == 168 &&
	   na.AddrBits[2] == 1 && na.AddrBits[3] == 0,
	   "IPv4 MAKE: AddrBits 192.168.1.0 in network order");
	ok(na.AddrBits[4] == 0xaa, "IPv4 MAKE: touches only 4 address bytes");

	addr = 0;
	len = 0;
	RTM_IPV4_GET_ADDR_AND_LEN(addr, len, &na);
	is_num(ntohl(addr), 0xc0a80100u, "IPv4 GET_ADDR_AND_LEN: address");
	is_num(len, 24, "IPv4 GET_ADDR_AND_LEN: length");

	RTM_IPV4_GET_ADDR_AND_MASK(addr, mask, &na);
	is_num(ntohl(mask), 0xffffff00u, "IPv4 GET_ADDR_AND_MASK: /24 mask");
	is_num(ntohl(addr), 0xc0a80100u, "IPv4 GET_ADDR_AND_MASK: address");

	RTM_IPV4_SET_ADDR_AND_MASK(&na, htonl(0x0a800000), htonl(0xffc00000));
	ok(na.AddressFamily == AF_INET && na.NumBits == 10 &&
	   na.AddrBits[0] == 10 && na.AddrBits[1] == 0x80,
	   "IPv4 SET_ADDR_AND_MASK: 10.128.0.0/10");

	is_num(RTM_IPV4_MASK_FROM_LEN(0), 0, "MASK_FROM_LEN(0) == 0");
	is_num(ntohl(RTM_IPV4_MASK_FROM_LEN(1)), 0x80000000u,
	       "MASK_FROM_LEN(1)");
	is_num(ntohl(RTM_IPV4_MASK_FROM_LEN(32)), 0xffffffffu,
	       "MASK_FROM_LEN(32)");
	is_num(ntohl(RTM_IPV4_MASK_FROM_LEN(40)), 0xffffffffu,
	       "MASK_FROM_LEN(40) saturates to /32");
	bad = 0;
	for (l = 0; l <= 32; l++) {
		RTM_IPV4_LEN_FROM_MASK(len, RTM_IPV4_MASK_FROM_LEN(l));
		if (len != l)
			bad++;
	}
	is_num(bad, 0, "LEN_FROM_MASK(MASK_FROM_LEN(n)) == n for n = 0..32");

	/* one statement each: usable in if/else without braces */
	if (na.NumBits == 10)
		RTM_IPV4_SET_ADDR_AND_LEN(&na, htonl(0x01020300), 24);
	else
		RTM_IPV4_SET_ADDR_AND_LEN(&na, 0, 0);
	is_num(na.NumBits, 24, "IPv4 macros are single statements");

	/* each argument evaluated once */
	memset(arr, 0, sizeof(arr));
	p = arr;
	calls = 0;
	RTM_IPV4_SET_ADDR_AND_LEN(p++, (calls++, htonl(0x0a000000)), 8);
	ok(p == arr + 1 && calls == 1 && arr[0].NumBits == 8 &&
	   arr[0].AddrBits[0] == 10 && arr[1].NumBits == 0,
	   "IPv4 SET_ADDR_AND_LEN evaluates its arguments once");
	p = arr;
	RTM_IPV4_GET_ADDR_AND_LEN(addr, len, p++);
	ok(p == arr + 1 && len == 8, "IPv4 GET_ADDR_AND_LEN evaluates once");
}

static void test_ipv6(void)
{
	static const unsigned char db8[16] = {
		0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34
	};
	IN6_ADDR in, out;
	RTM_NET_ADDRESS na;
	DWORD len;

	memcpy(&in, db8, sizeof(in));
	memset(&na, 0xaa, sizeof(na));
	is_num(RTM_IPV6_MAKE_NET_ADDRESS(&na, in, 48), NO_ERROR,
	       "IPv6 MAKE 2001:db8:1234::/48");
	ok(na.AddressFamily == AF_INET6 && na.NumBits == 48 &&
	   memcmp(na.AddrBits, db8, 16) == 0,
	   "IPv6 MAKE: family, bits, address bytes");

	memset(&out, 0xff, sizeof(out));
	len = 0;
	is_num(RTM_IPV6_GET_ADDR_AND_LEN(&out, &len, &na), NO_ERROR,
	       "IPv6 GET");
	ok(len == 48 && memcmp(&out, db8, 16) == 0, "IPv6 round trip");

	is_num(RtmConvertIpv6AddressAndLengthToNetAddress(&na, in, 128, 16),
	       NO_ERROR, "IPv6: length 128 accepted");
	is_num(RtmConvertIpv6AddressAndLengthToNetAddress(&na, in, 129, 16),
	       ERROR_INVALID_PARAMETER, "IPv6: length 129 rejected");
	is_num(RtmConvertIpv6AddressAndLengthToNetAddress(&na, in, 8, 17),
	       ERROR_INVALID_PARAMETER, "IPv6: 17 address bytes rejected");
	is_num(RtmConvertIpv6AddressAndLengthToNetAddress(NULL, in, 8, 16),
	       ERROR_INVALID_PARAMETER, "IPv6: NULL net address rejected");

	/* a partial copy zeroes the bytes it does not copy */
	memset(&na, 0xaa, sizeof(na));
	is_num(RtmConvertIpv6AddressAndLengthToNetAddress(&na, in, 16, 2),
	       NO_ERROR, "IPv6: 2-byte copy");
	ok(na.AddrBits[0] == 0x20 && na.AddrBits[1] == 0x01 &&
	   na.AddrBits[2] == 0 && na.AddrBits[15] == 0,
	   "IPv6: bytes past dwAddressSize are zero");

	RTM_IPV4_MAKE_NET_ADDRESS(&na, htonl(0x0a000000), 8);
	is_num(RTM_IPV6_GET_ADDR_AND_LEN(&out, &len, &na),
	       ERROR_INVALID_PARAMETER, "IPv6 GET of an AF_INET prefix");
	na.AddressFamily = AF_INET6;
	na.NumBits = 200;
	is_num(RTM_IPV6_GET_ADDR_AND_LEN(&out, &len, &na),
	       ERROR_INVALID_PARAMETER, "IPv6 GET of a 200-bit prefix");
	na.NumBits = 64;
	is_num(RTM_IPV6_GET_ADDR_AND_LEN(NULL, &len, &na),
	       ERROR_INVALID_PARAMETER, "IPv6 GET with NULL address out");
	is_num(RTM_IPV6_GET_ADDR_AND_LEN(&out, NULL, &na),
	       ERROR_INVALID_PARAMETER, "IPv6 GET with NULL length out");
}

int main(void)
{
	test_ipv4();
	test_ipv6();
	return tap_done();
}
