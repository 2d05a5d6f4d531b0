// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Prefixes on their way to the kernel and back.
 */
#include <string.h>
#include <sys/socket.h>

#include "librtm_internal.h"

/**
 * rtm_addr_to_kernel() - copy an RTM_NET_ADDRESS into the ioctl form
 * @out: the kernel's struct rtm_net_address
 * @in: the caller's prefix
 *
 * RTM_IPV4_MAKE_NET_ADDRESS writes only the first four bytes of AddrBits,
 * so the bytes past the family's address size are whatever the caller's
 * stack held; they are not part of the prefix and go to the kernel as
 * zeros. Host bits inside the address are passed on for the kernel to
 * refuse.
 */
void rtm_addr_to_kernel(struct rtm_net_address *out, const RTM_NET_ADDRESS *in)
{
	size_t bytes = in->AddressFamily == AF_INET ? 4 : sizeof(out->addr);

	memset(out, 0, sizeof(*out));
	out->family = in->AddressFamily;
	out->prefix_len = in->NumBits;
	memcpy(out->addr, in->AddrBits, bytes);
}

/**
 * rtm_addr_from_kernel() - copy an address the kernel returned
 * @out: the caller's RTM_NET_ADDRESS
 * @in: the kernel's struct rtm_net_address
 *
 * The bytes past an IPv4 address are zero, as in the records the kernel
 * writes straight into RTM_DEST_INFO.
 */
void rtm_addr_from_kernel(RTM_NET_ADDRESS *out,
			  const struct rtm_net_address *in)
{
	size_t bytes = in->family == AF_INET ? 4 : sizeof(in->addr);

	memset(out, 0, sizeof(*out));
	out->AddressFamily = in->family;
	out->NumBits = in->prefix_len;
	memcpy(out->AddrBits, in->addr, bytes);
}
