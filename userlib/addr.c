// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Prefixes on their way to the kernel.
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
