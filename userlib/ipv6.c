// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * The IPv6 address helpers behind RTM_IPV6_SET_ADDR_AND_LEN and
 * RTM_IPV6_GET_ADDR_AND_LEN. They need no registration.
 */
#include <string.h>

#include "librtm_internal.h"

#define RTM_IPV6_MAX_BITS	128

/**
 * RtmConvertIpv6AddressAndLengthToNetAddress() - build an IPv6 prefix
 * @pNetAddress: out: AF_INET6, NumBits = @dwLength, the first
 *	@dwAddressSize bytes of @Address, the other bytes zero
 * @Address: the address
 * @dwLength: prefix length, 0..128
 * @dwAddressSize: bytes of @Address to copy, at most 16
 *	(IPV6_ADDRESS_LEN_IN_BYTES)
 *
 * The address bits are stored as given: host bits beyond @dwLength are not
 * cleared here, and the kernel rejects such a prefix when it is used.
 *
 * Return: NO_ERROR, or ERROR_INVALID_PARAMETER (NULL @pNetAddress, length
 * or size out of range; @pNetAddress is then unchanged).
 */
DWORD RtmConvertIpv6AddressAndLengthToNetAddress(PRTM_NET_ADDRESS pNetAddress,
						 IN6_ADDR Address,
						 DWORD dwLength,
						 DWORD dwAddressSize)
{
	if (!pNetAddress || dwLength > RTM_IPV6_MAX_BITS ||
	    dwAddressSize > sizeof(Address))
		return ERROR_INVALID_PARAMETER;
	memset(pNetAddress, 0, sizeof(*pNetAddress));
	pNetAddress->AddressFamily = AF_INET6;
	pNetAddress->NumBits = (USHORT)dwLength;
	memcpy(pNetAddress->AddrBits, &Address, dwAddressSize);
	return NO_ERROR;
}

/**
 * RtmConvertNetAddressToIpv6AddressAndLength() - split an IPv6 prefix
 * @pNetAddress: the prefix; AddressFamily must be AF_INET6
 * @pAddress: out: the first @dwAddressSize bytes of AddrBits, the rest 0
 * @pLength: out: NumBits
 * @dwAddressSize: bytes to copy, at most 16 (IPV6_ADDRESS_LEN_IN_BYTES)
 *
 * Return: NO_ERROR, or ERROR_INVALID_PARAMETER (NULL pointer, not AF_INET6,
 * NumBits above 128, size above 16; outputs unchanged).
 */
DWORD RtmConvertNetAddressToIpv6AddressAndLength(PRTM_NET_ADDRESS pNetAddress,
						 PIN6_ADDR pAddress,
						 PDWORD pLength,
						 DWORD dwAddressSize)
{
	if (!pNetAddress || !pAddress || !pLength ||
	    pNetAddress->AddressFamily != AF_INET6 ||
	    pNetAddress->NumBits > RTM_IPV6_MAX_BITS ||
	    dwAddressSize > sizeof(*pAddress))
		return ERROR_INVALID_PARAMETER;
	memset(pAddress, 0, sizeof(*pAddress));
	memcpy(pAddress, pNetAddress->AddrBits, dwAddressSize);
	*pLength = pNetAddress->NumBits;
	return NO_ERROR;
}
