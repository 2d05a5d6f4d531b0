/* SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause */
/*
 * rtmv2.h - the RTMv2 (Routing Table Manager version 2) API on Linux.
 *
 * Names, values and structure layouts follow the Windows SDK rtmv2.h so
 * that RTMv2 clients build unchanged; every function returns a Win32
 * error code (NO_ERROR on success). librtm implements the calls on top of
 * the /dev/rtm ioctls of <linux/rtm.h>.
 *
 * Differences from the Windows header:
 *  - the Win32 base types are defined here with fixed widths (DWORD, UINT,
 *    ULONG and BOOL are 32 bits, ULONGLONG is 64 bits aligned to 8 even on
 *    i386), so the structures have the Windows x64 layout on x86_64 Linux;
 *    define RTMV2_NO_WIN32_TYPES if another header already provides them;
 *  - the address macros are single statements (do { } while (0)) or single
 *    expressions, and do not type-pun AddrBits;
 *  - RTM_ROUTE_FLAGS_SUBNET_BCAST and RTM_ROUTE_FLAGS_ANY_BCAST use
 *    RTM_ROUTE_FLAGS_ONES_SUBNETBC (the SDK spells a name that does not
 *    exist, so those two macros never compiled there);
 *  - RTM_SIZE_OF_ROUTE_INFO(NumHops) really holds NumHops next hop
 *    handles (the SDK's is 8 bytes short on x64);
 *  - only the functions librtm implements are declared;
 *  - a section at the end, marked as rtm extensions, adds what Windows
 *    does not have (RtmAddRoutesToDestsBulk);
 *  - the calls check their pointer arguments before the registration
 *    handle, so a NULL required pointer is ERROR_INVALID_PARAMETER even
 *    with a bad handle; an unknown handle is never dereferenced.
 */
#ifndef __ROUTING_RTMv2_H__
#define __ROUTING_RTMv2_H__

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Win32 base types and constants                                      */
/* ------------------------------------------------------------------ */

#ifndef RTMV2_NO_WIN32_TYPES
typedef uint32_t DWORD, *PDWORD;
typedef uint32_t UINT, *PUINT;
typedef uint32_t ULONG, *PULONG;
typedef int32_t INT, *PINT;
typedef int32_t BOOL, *PBOOL;
typedef uint16_t USHORT, *PUSHORT;
typedef uint8_t UCHAR, *PUCHAR;
/* Windows aligns ULONGLONG to 8 on every architecture (i386 Linux: 4) */
typedef uint64_t ULONGLONG __attribute__((aligned(8)));
typedef void VOID;
typedef void *PVOID;
typedef void *HANDLE;

typedef struct _FILETIME {
	DWORD dwLowDateTime;
	DWORD dwHighDateTime;
} FILETIME, *PFILETIME;

typedef struct in6_addr IN6_ADDR, *PIN6_ADDR;
#endif /* RTMV2_NO_WIN32_TYPES */

#ifndef WINAPI
#define WINAPI
#endif
#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif
#ifndef INFINITE
#define INFINITE	0xFFFFFFFF
#endif

#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field)	offsetof(type, field)
#endif

/* Win32 error codes returned by the RTMv2 calls */
#ifndef NO_ERROR
#define NO_ERROR			0
#endif
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS			0
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND		2
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED		5
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE		6
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY		8
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA		13
#endif
#ifndef ERROR_GEN_FAILURE
#define ERROR_GEN_FAILURE		31
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED		50
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER		87
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER	122
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS		183
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS		259
#endif
#ifndef ERROR_NOT_FOUND
#define ERROR_NOT_FOUND			1168
#endif
#ifndef ERROR_NO_SYSTEM_RESOURCES
#define ERROR_NO_SYSTEM_RESOURCES	1450
#endif
#ifndef ERROR_BAD_CONFIGURATION
#define ERROR_BAD_CONFIGURATION		1610
#endif

/* Exported from librtm (built with -fvisibility=hidden) */
#if defined(__GNUC__) && !defined(RTMV2_API)
#define RTMV2_API	__attribute__((visibility("default")))
#elif !defined(RTMV2_API)
#define RTMV2_API
#endif

/* ------------------------------------------------------------------ */
/* Constants                                                           */
/* ------------------------------------------------------------------ */

#define RTM_MAX_ADDRESS_SIZE	16

#define RTM_MAX_VIEWS		32
#define RTM_VIEW_ID_UCAST	0
#define RTM_VIEW_ID_MCAST	1
#define RTM_VIEW_MASK_SIZE	0x20

#define RTM_VIEW_MASK_NONE	0x00000000
#define RTM_VIEW_MASK_ANY	0x00000000
#define RTM_VIEW_MASK_UCAST	0x00000001
#define RTM_VIEW_MASK_MCAST	0x00000002
#define RTM_VIEW_MASK_ALL	0xFFFFFFFF

typedef INT RTM_VIEW_ID, *PRTM_VIEW_ID;
typedef DWORD RTM_VIEW_SET, *PRTM_VIEW_SET;

/* Destination flags */
#define RTM_DEST_FLAG_NATURAL_NET	0x01
#define RTM_DEST_FLAG_FWD_ENGIN_ADD	0x02
#define RTM_DEST_FLAG_DONT_FORWARD	0x04

/* Route states */
#define RTM_ROUTE_STATE_CREATED		0
#define RTM_ROUTE_STATE_DELETING	1
#define RTM_ROUTE_STATE_DELETED		2

/* Route flags: forwarding */
#define RTM_ROUTE_FLAGS_MARTIAN		0x0001
#define RTM_ROUTE_FLAGS_BLACKHOLE	0x0002
#define RTM_ROUTE_FLAGS_DISCARD		0x0004
#define RTM_ROUTE_FLAGS_INACTIVE	0x0008
/* Route flags: unicast */
#define RTM_ROUTE_FLAGS_LOCAL		0x0010
#define RTM_ROUTE_FLAGS_REMOTE		0x0020
#define RTM_ROUTE_FLAGS_MYSELF		0x0040
#define RTM_ROUTE_FLAGS_LOOPBACK	0x0080
/* Route flags: multicast and broadcast */
#define RTM_ROUTE_FLAGS_MCAST		0x0100
#define RTM_ROUTE_FLAGS_LOCAL_MCAST	0x0200
#define RTM_ROUTE_FLAGS_LIMITED_BC	0x0400
#define RTM_ROUTE_FLAGS_ZEROS_NETBC	0x1000
#define RTM_ROUTE_FLAGS_ZEROS_SUBNETBC	0x2000
#define RTM_ROUTE_FLAGS_ONES_NETBC	0x4000
#define RTM_ROUTE_FLAGS_ONES_SUBNETBC	0x8000

/* Route flag groups */
#define RTM_ROUTE_FLAGS_FORWARDING					\
	(RTM_ROUTE_FLAGS_MARTIAN | RTM_ROUTE_FLAGS_BLACKHOLE |		\
	 RTM_ROUTE_FLAGS_DISCARD | RTM_ROUTE_FLAGS_INACTIVE)
#define RTM_ROUTE_FLAGS_ANY_UNICAST					\
	(RTM_ROUTE_FLAGS_LOCAL | RTM_ROUTE_FLAGS_REMOTE |		\
	 RTM_ROUTE_FLAGS_MYSELF)
#define RTM_ROUTE_FLAGS_ANY_MCAST					\
	(RTM_ROUTE_FLAGS_MCAST | RTM_ROUTE_FLAGS_LOCAL_MCAST)
/* The SDK spells ONES_SUBNET_BC here, a name defined nowhere */
#define RTM_ROUTE_FLAGS_SUBNET_BCAST					\
	(RTM_ROUTE_FLAGS_ONES_SUBNETBC | RTM_ROUTE_FLAGS_ZEROS_SUBNETBC)
#define RTM_ROUTE_FLAGS_NET_BCAST					\
	(RTM_ROUTE_FLAGS_ONES_NETBC | RTM_ROUTE_FLAGS_ZEROS_NETBC)
#define RTM_ROUTE_FLAGS_ANY_BCAST					\
	(RTM_ROUTE_FLAGS_LIMITED_BC | RTM_ROUTE_FLAGS_ONES_NETBC |	\
	 RTM_ROUTE_FLAGS_ONES_SUBNETBC | RTM_ROUTE_FLAGS_ZEROS_NETBC |	\
	 RTM_ROUTE_FLAGS_ZEROS_SUBNETBC)

/* Next hop states and flags */
#define RTM_NEXTHOP_STATE_CREATED	0
#define RTM_NEXTHOP_STATE_DELETED	1
#define RTM_NEXTHOP_FLAGS_REMOTE	0x0001
#define RTM_NEXTHOP_FLAGS_DOWN		0x0002

/* Entity methods */
#define METHOD_TYPE_ALL_METHODS		0xFFFFFFFF
#define METHOD_RIP2_NEIGHBOUR_ADDR	0x00000001
#define METHOD_RIP2_OUTBOUND_INTF	0x00000002
#define METHOD_RIP2_ROUTE_TAG		0x00000004
#define METHOD_RIP2_ROUTE_TIMESTAMP	0x00000008
#define METHOD_OSPF_ROUTE_TYPE		0x00000001
#define METHOD_OSPF_ROUTE_METRIC	0x00000002
#define METHOD_OSPF_LSDB_TYPE		0x00000004
#define METHOD_OSPF_ROUTE_TAG		0x00000008
#define METHOD_OSPF_ROUTE_AREA		0x00000010
#define METHOD_OSPF_FWD_ADDRESS		0x00000020
#define METHOD_BGP4_AS_PATH		0x00000001
#define METHOD_BGP4_PEER_ID		0x00000002
#define METHOD_BGP4_PA_ORIGIN		0x00000004
#define METHOD_BGP4_NEXTHOP_ATTR	0x00000008

#define RTM_RESUME_METHODS	0
#define RTM_BLOCK_METHODS	1

/* Route change flags (in and out of RtmAddRouteToDest) */
typedef DWORD RTM_ROUTE_CHANGE_FLAGS, *PRTM_ROUTE_CHANGE_FLAGS;
#define RTM_ROUTE_CHANGE_FIRST	0x01
#define RTM_ROUTE_CHANGE_NEW	0x02
#define RTM_ROUTE_CHANGE_BEST	0x00010000

/* Next hop change flags (out of RtmAddNextHop) */
typedef DWORD RTM_NEXTHOP_CHANGE_FLAGS, *PRTM_NEXTHOP_CHANGE_FLAGS;
#define RTM_NEXTHOP_CHANGE_NEW	0x01

/* Route matching criteria */
typedef DWORD RTM_MATCH_FLAGS, *PRTM_MATCH_FLAGS;
#define RTM_MATCH_NONE		0x00000000
#define RTM_MATCH_OWNER		0x00000001
#define RTM_MATCH_NEIGHBOUR	0x00000002
#define RTM_MATCH_PREF		0x00000004
#define RTM_MATCH_NEXTHOP	0x00000008
#define RTM_MATCH_INTERFACE	0x00000010
#define RTM_MATCH_FULL		0x0000FFFF

/* Whose best route fills the view slots of a destination */
#define RTM_BEST_PROTOCOL	((ULONG)0)
#define RTM_THIS_PROTOCOL	((ULONG)~0U)

/* Enumeration flags: one position | one owner filter */
typedef DWORD RTM_ENUM_FLAGS, *PRTM_ENUM_FLAGS;
#define RTM_ENUM_START		0x00000000
#define RTM_ENUM_NEXT		0x00000001
#define RTM_ENUM_RANGE		0x00000002
#define RTM_ENUM_ALL_DESTS	0x00000000
#define RTM_ENUM_OWN_DESTS	0x01000000
#define RTM_ENUM_ALL_ROUTES	0x00000000
#define RTM_ENUM_OWN_ROUTES	0x00010000

/* Change notification */
typedef DWORD RTM_NOTIFY_FLAGS, *PRTM_NOTIFY_FLAGS;
#define RTM_NUM_CHANGE_TYPES		3
#define RTM_CHANGE_TYPE_ALL		0x0001
#define RTM_CHANGE_TYPE_BEST		0x0002
#define RTM_CHANGE_TYPE_FORWARDING	0x0004
#define RTM_NOTIFY_ONLY_MARKED_DESTS	0x00010000

/* ------------------------------------------------------------------ */
/* Handles and structures                                              */
/* ------------------------------------------------------------------ */

/*
 * Handles are opaque values, never pointers to memory of the process:
 * librtm only compares them and hands them to the kernel.
 */
typedef HANDLE RTM_ENTITY_HANDLE, *PRTM_ENTITY_HANDLE;
typedef HANDLE RTM_DEST_HANDLE, *PRTM_DEST_HANDLE;
typedef HANDLE RTM_ROUTE_HANDLE, *PRTM_ROUTE_HANDLE;
typedef HANDLE RTM_NEXTHOP_HANDLE, *PRTM_NEXTHOP_HANDLE;
typedef HANDLE RTM_ENUM_HANDLE, *PRTM_ENUM_HANDLE;
typedef HANDLE RTM_ROUTE_LIST_HANDLE, *PRTM_ROUTE_LIST_HANDLE;
typedef HANDLE RTM_NOTIFY_HANDLE, *PRTM_NOTIFY_HANDLE;

/* Registration profile (16 bytes) */
typedef struct _RTM_REGN_PROFILE {
	UINT MaxNextHopsInRoute;	/* next hops in one route */
	UINT MaxHandlesInEnum;		/* records in one RtmGetEnumDests */
	RTM_VIEW_SET ViewsSupported;	/* views of this instance */
	UINT NumberOfViews;		/* bits set in ViewsSupported */
} RTM_REGN_PROFILE, *PRTM_REGN_PROFILE;

/* A prefix (20 bytes, 2-byte aligned) */
typedef struct _RTM_NET_ADDRESS {
	USHORT AddressFamily;			/* AF_INET or AF_INET6 */
	USHORT NumBits;				/* prefix length */
	UCHAR AddrBits[RTM_MAX_ADDRESS_SIZE];	/* network byte order */
} RTM_NET_ADDRESS, *PRTM_NET_ADDRESS;

/* Route ranking: lower is better, Preference compared first (8 bytes) */
typedef struct _RTM_PREF_INFO {
	ULONG Metric;
	ULONG Preference;
} RTM_PREF_INFO, *PRTM_PREF_INFO;

/* Equal-cost next hops of a route; NextHops is a trailing array */
typedef struct _RTM_NEXTHOP_LIST {
	USHORT NumNextHops;
	RTM_NEXTHOP_HANDLE NextHops[1];
} RTM_NEXTHOP_LIST, *PRTM_NEXTHOP_LIST;

/*
 * A destination with one slot per requested view (x64: 48 bytes plus 40
 * per slot). Arrays of it are packed with stride
 * RTM_SIZE_OF_DEST_INFO(NumberOfViews).
 */
typedef struct _RTM_DEST_INFO {
	RTM_DEST_HANDLE DestHandle;
	RTM_NET_ADDRESS DestAddress;
	FILETIME LastChanged;
	RTM_VIEW_SET BelongsToViews;
	UINT NumberOfViews;
	struct {
		RTM_VIEW_ID ViewId;
		UINT NumRoutes;
		RTM_ROUTE_HANDLE Route;
		RTM_ENTITY_HANDLE Owner;
		DWORD DestFlags;
		RTM_ROUTE_HANDLE HoldRoute;
	} ViewInfo[1];
} RTM_DEST_INFO, *PRTM_DEST_INFO;

#define RTM_BASIC_DEST_INFO_SIZE	FIELD_OFFSET(RTM_DEST_INFO, ViewInfo)
#define RTM_DEST_VIEW_INFO_SIZE		\
	(sizeof(RTM_DEST_INFO) - RTM_BASIC_DEST_INFO_SIZE)
/* NumViews is a count of view slots, not a view mask */
#define RTM_SIZE_OF_DEST_INFO(NumViews)	\
	(RTM_BASIC_DEST_INFO_SIZE + (NumViews) * RTM_DEST_VIEW_INFO_SIZE)

/* A route (x64: 64 bytes with one next hop) */
typedef struct _RTM_ROUTE_INFO {
	RTM_DEST_HANDLE DestHandle;	/* read-only to the owner */
	RTM_ENTITY_HANDLE RouteOwner;	/* read-only to the owner */
	RTM_NEXTHOP_HANDLE Neighbour;	/* next hop it was learnt from */
	UCHAR State;			/* RTM_ROUTE_STATE_* */
	UCHAR Flags1;			/* RTMv1 compatibility */
	USHORT Flags;			/* RTM_ROUTE_FLAGS_* */
	RTM_PREF_INFO PrefInfo;
	RTM_VIEW_SET BelongsToViews;
	PVOID EntitySpecificInfo;	/* owner-private */
	RTM_NEXTHOP_LIST NextHopsList;
} RTM_ROUTE_INFO, *PRTM_ROUTE_INFO;

/*
 * RTM_BASIC_ROUTE_INFO_SIZE is the SDK's. RTM_SIZE_OF_ROUTE_INFO is not:
 * the SDK adds the handles to RTM_BASIC_ROUTE_INFO_SIZE, which stops at
 * NumNextHops, while NextHops[] starts after padding, so its buffers are
 * 8 bytes (x86: 4) short of NumHops handles and RtmGetRouteInfo would
 * write past them. rtm counts from NextHops[] (x64: 56 + 8 * NumHops), so
 * a buffer of RTM_SIZE_OF_ROUTE_INFO(MaxNextHopsInRoute) bytes holds
 * every next hop of any route.
 */
#define RTM_BASIC_ROUTE_INFO_SIZE	\
	FIELD_OFFSET(RTM_ROUTE_INFO, NextHopsList.NumNextHops)
#define RTM_SIZE_OF_ROUTE_INFO(NumHops)				\
	(FIELD_OFFSET(RTM_ROUTE_INFO, NextHopsList.NextHops) +	\
	 (NumHops) * sizeof(RTM_NEXTHOP_HANDLE))

/* A next hop (x64: 56 bytes) */
typedef struct _RTM_NEXTHOP_INFO {
	RTM_NET_ADDRESS NextHopAddress;	/* identity, with InterfaceIndex */
	RTM_ENTITY_HANDLE NextHopOwner;
	ULONG InterfaceIndex;		/* 0 for a remote next hop */
	USHORT State;			/* RTM_NEXTHOP_STATE_* */
	USHORT Flags;			/* RTM_NEXTHOP_FLAGS_* */
	PVOID EntitySpecificInfo;	/* owner-private */
	RTM_DEST_HANDLE RemoteNextHop;
} RTM_NEXTHOP_INFO, *PRTM_NEXTHOP_INFO;

/*
 * Who an entity is: (protocol id, instance id) (8 bytes, aligned 8). The
 * members are anonymous as in the SDK; __extension__ keeps -pedantic quiet.
 */
__extension__ typedef struct _RTM_ENTITY_ID {
	__extension__ union {
		__extension__ struct {
			ULONG EntityProtocolId;
			ULONG EntityInstanceId;
		};
		ULONGLONG EntityId;
	};
} RTM_ENTITY_ID, *PRTM_ENTITY_ID;

/* An entity (16 bytes, EntityId at 8) */
typedef struct _RTM_ENTITY_INFO {
	USHORT RtmInstanceId;		/* only 0 exists */
	USHORT AddressFamily;		/* AF_INET or AF_INET6 */
	RTM_ENTITY_ID EntityId;
} RTM_ENTITY_INFO, *PRTM_ENTITY_INFO;

typedef enum _RTM_EVENT_TYPE {
	RTM_ENTITY_REGISTERED = 0,
	RTM_ENTITY_DEREGISTERED = 1,
	RTM_ROUTE_EXPIRED = 2,
	RTM_CHANGE_NOTIFICATION = 3
} RTM_EVENT_TYPE, *PRTM_EVENT_TYPE;

typedef DWORD (WINAPI *_EVENT_CALLBACK)(RTM_ENTITY_HANDLE RtmRegHandle,
					RTM_EVENT_TYPE EventType,
					PVOID Context1, PVOID Context2);
typedef _EVENT_CALLBACK RTM_EVENT_CALLBACK, *PRTM_EVENT_CALLBACK;

typedef DWORD RTM_ENTITY_METHOD_TYPE, *PRTM_ENTITY_METHOD_TYPE;

typedef struct _RTM_ENTITY_METHOD_INPUT {
	RTM_ENTITY_METHOD_TYPE MethodType;
	UINT InputSize;
	UCHAR InputData[1];
} RTM_ENTITY_METHOD_INPUT, *PRTM_ENTITY_METHOD_INPUT;

typedef struct _RTM_ENTITY_METHOD_OUTPUT {
	RTM_ENTITY_METHOD_TYPE MethodType;
	DWORD MethodStatus;
	UINT OutputSize;
	UCHAR OutputData[1];
} RTM_ENTITY_METHOD_OUTPUT, *PRTM_ENTITY_METHOD_OUTPUT;

typedef VOID (WINAPI *_ENTITY_METHOD)(RTM_ENTITY_HANDLE CallerHandle,
				      RTM_ENTITY_HANDLE CalleeHandle,
				      RTM_ENTITY_METHOD_INPUT *Input,
				      RTM_ENTITY_METHOD_OUTPUT *Output);
typedef _ENTITY_METHOD RTM_ENTITY_EXPORT_METHOD, *PRTM_ENTITY_EXPORT_METHOD;

typedef struct _RTM_ENTITY_EXPORT_METHODS {
	UINT NumMethods;
	RTM_ENTITY_EXPORT_METHOD Methods[1];
} RTM_ENTITY_EXPORT_METHODS, *PRTM_ENTITY_EXPORT_METHODS;

/* ------------------------------------------------------------------ */
/* Address macros                                                      */
/* ------------------------------------------------------------------ */

/*
 * IPv4. Addr and Mask are 32-bit values in network byte order (as in
 * in_addr.s_addr), stored in AddrBits[0..3]. Each macro is one statement
 * (or one expression) and evaluates each argument once.
 */

/* Prefix length of a contiguous netmask (leading one bits) */
static inline USHORT rtm_ipv4_len_from_mask(ULONG mask)
{
	ULONG host = ntohl(mask);
	USHORT len = 0;

	while (host & 0x80000000u) {
		len++;
		host <<= 1;
	}
	return len;
}

/* Netmask (network byte order) of a prefix length; >= 32 gives /32 */
static inline ULONG rtm_ipv4_mask_from_len(UINT len)
{
	if (len == 0)
		return 0;
	if (len >= 32)
		return 0xffffffffu;
	return htonl(0xffffffffu << (32 - len));
}

#define RTM_IPV4_LEN_FROM_MASK(Len, Mask)				\
	do {								\
		(Len) = rtm_ipv4_len_from_mask(Mask);			\
	} while (0)

#define RTM_IPV4_MASK_FROM_LEN(Len)	rtm_ipv4_mask_from_len(Len)

#define RTM_IPV4_SET_ADDR_AND_LEN(NetAddress, Addr, Len)		\
	do {								\
		PRTM_NET_ADDRESS _rtm_na_ = (NetAddress);		\
		ULONG _rtm_addr_ = (Addr);				\
									\
		_rtm_na_->AddressFamily = AF_INET;			\
		_rtm_na_->NumBits = (USHORT)(Len);			\
		memcpy(_rtm_na_->AddrBits, &_rtm_addr_,			\
		       sizeof(_rtm_addr_));				\
	} while (0)

#define RTM_IPV4_MAKE_NET_ADDRESS(NetAddress, Addr, Len)		\
	RTM_IPV4_SET_ADDR_AND_LEN(NetAddress, Addr, Len)

#define RTM_IPV4_GET_ADDR_AND_LEN(Addr, Len, NetAddress)		\
	do {								\
		const RTM_NET_ADDRESS *_rtm_na_ = (NetAddress);		\
		ULONG _rtm_addr_;					\
									\
		memcpy(&_rtm_addr_, _rtm_na_->AddrBits,			\
		       sizeof(_rtm_addr_));				\
		(Len) = _rtm_na_->NumBits;				\
		(Addr) = _rtm_addr_;					\
	} while (0)

#define RTM_IPV4_SET_ADDR_AND_MASK(NetAddress, Addr, Mask)		\
	do {								\
		PRTM_NET_ADDRESS _rtm_na_ = (NetAddress);		\
		ULONG _rtm_addr_ = (Addr);				\
									\
		_rtm_na_->AddressFamily = AF_INET;			\
		_rtm_na_->NumBits = rtm_ipv4_len_from_mask(Mask);	\
		memcpy(_rtm_na_->AddrBits, &_rtm_addr_,			\
		       sizeof(_rtm_addr_));				\
	} while (0)

#define RTM_IPV4_GET_ADDR_AND_MASK(Addr, Mask, NetAddress)		\
	do {								\
		const RTM_NET_ADDRESS *_rtm_na_ = (NetAddress);		\
		ULONG _rtm_addr_;					\
									\
		memcpy(&_rtm_addr_, _rtm_na_->AddrBits,			\
		       sizeof(_rtm_addr_));				\
		(Addr) = _rtm_addr_;					\
		(Mask) = rtm_ipv4_mask_from_len(_rtm_na_->NumBits);	\
	} while (0)

/*
 * IPv6. As in the SDK, SET takes an IN6_ADDR value and GET takes an
 * IN6_ADDR pointer and a DWORD pointer. Both are one expression whose
 * value is the DWORD status of the conversion function (the SDK's forms
 * also yield it), so no do { } while (0) wrapper is needed.
 */
#define IPV6_ADDRESS_LEN_IN_BYTES	16

#define RTM_IPV6_SET_ADDR_AND_LEN(NetAddress, Addr, Len)		\
	(RtmConvertIpv6AddressAndLengthToNetAddress((NetAddress), (Addr), \
						    (Len),		\
						    IPV6_ADDRESS_LEN_IN_BYTES))

#define RTM_IPV6_MAKE_NET_ADDRESS(NetAddress, Addr, Len)		\
	RTM_IPV6_SET_ADDR_AND_LEN(NetAddress, Addr, Len)

#define RTM_IPV6_GET_ADDR_AND_LEN(Addr, Len, NetAddress)		\
	(RtmConvertNetAddressToIpv6AddressAndLength((NetAddress), (Addr), \
						    (Len),		\
						    IPV6_ADDRESS_LEN_IN_BYTES))

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

/* IPv6 helpers (no WINAPI in the SDK either) */
RTMV2_API DWORD
RtmConvertNetAddressToIpv6AddressAndLength(PRTM_NET_ADDRESS pNetAddress,
					   PIN6_ADDR pAddress, PDWORD pLength,
					   DWORD dwAddressSize);

RTMV2_API DWORD
RtmConvertIpv6AddressAndLengthToNetAddress(PRTM_NET_ADDRESS pNetAddress,
					   IN6_ADDR Address, DWORD dwLength,
					   DWORD dwAddressSize);

/* Registration */
RTMV2_API DWORD WINAPI
RtmRegisterEntity(PRTM_ENTITY_INFO RtmEntityInfo,
		  PRTM_ENTITY_EXPORT_METHODS ExportMethods,
		  RTM_EVENT_CALLBACK EventCallback,
		  BOOL ReserveOpaquePointer,
		  PRTM_REGN_PROFILE RtmRegProfile,
		  PRTM_ENTITY_HANDLE RtmRegHandle);

RTMV2_API DWORD WINAPI
RtmDeregisterEntity(RTM_ENTITY_HANDLE RtmRegHandle);

/* Next hops */
RTMV2_API DWORD WINAPI
RtmAddNextHop(RTM_ENTITY_HANDLE RtmRegHandle,
	      PRTM_NEXTHOP_INFO NextHopInfo,
	      PRTM_NEXTHOP_HANDLE NextHopHandle,
	      PRTM_NEXTHOP_CHANGE_FLAGS ChangeFlags);

RTMV2_API DWORD WINAPI
RtmDeleteNextHop(RTM_ENTITY_HANDLE RtmRegHandle,
		 RTM_NEXTHOP_HANDLE NextHopHandle,
		 PRTM_NEXTHOP_INFO NextHopInfo);

RTMV2_API DWORD WINAPI
RtmReleaseNextHops(RTM_ENTITY_HANDLE RtmRegHandle,
		   UINT NumNextHops,
		   PRTM_NEXTHOP_HANDLE NextHopHandles);

RTMV2_API DWORD WINAPI
RtmGetNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle,
		  RTM_NEXTHOP_HANDLE NextHopHandle,
		  PRTM_NEXTHOP_INFO NextHopInfo);

RTMV2_API DWORD WINAPI
RtmReleaseNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle,
		      PRTM_NEXTHOP_INFO NextHopInfo);

/* Routes */
RTMV2_API DWORD WINAPI
RtmAddRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle,
		  PRTM_ROUTE_HANDLE RouteHandle,
		  PRTM_NET_ADDRESS DestAddress,
		  PRTM_ROUTE_INFO RouteInfo,
		  ULONG TimeToLive,
		  RTM_ROUTE_LIST_HANDLE RouteListHandle,
		  RTM_NOTIFY_FLAGS NotifyType,
		  RTM_NOTIFY_HANDLE NotifyHandle,
		  PRTM_ROUTE_CHANGE_FLAGS ChangeFlags);

RTMV2_API DWORD WINAPI
RtmDeleteRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle,
		     RTM_ROUTE_HANDLE RouteHandle,
		     PRTM_ROUTE_CHANGE_FLAGS ChangeFlags);

RTMV2_API DWORD WINAPI
RtmReleaseRoutes(RTM_ENTITY_HANDLE RtmRegHandle,
		 UINT NumRoutes,
		 PRTM_ROUTE_HANDLE RouteHandles);

RTMV2_API DWORD WINAPI
RtmGetRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle,
		RTM_ROUTE_HANDLE RouteHandle,
		PRTM_ROUTE_INFO RouteInfo,
		PRTM_NET_ADDRESS DestAddress);

RTMV2_API DWORD WINAPI
RtmReleaseRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle,
		    PRTM_ROUTE_INFO RouteInfo);

/* Destinations */
RTMV2_API DWORD WINAPI
RtmCreateDestEnum(RTM_ENTITY_HANDLE RtmRegHandle,
		  RTM_VIEW_SET TargetViews,
		  RTM_ENUM_FLAGS EnumFlags,
		  PRTM_NET_ADDRESS NetAddress,
		  ULONG ProtocolId,
		  PRTM_ENUM_HANDLE RtmEnumHandle);

RTMV2_API DWORD WINAPI
RtmGetEnumDests(RTM_ENTITY_HANDLE RtmRegHandle,
		RTM_ENUM_HANDLE EnumHandle,
		PUINT NumDests,
		PRTM_DEST_INFO DestInfos);

RTMV2_API DWORD WINAPI
RtmGetExactMatchDestination(RTM_ENTITY_HANDLE RtmRegHandle,
			    PRTM_NET_ADDRESS DestAddress,
			    ULONG ProtocolId,
			    RTM_VIEW_SET TargetViews,
			    PRTM_DEST_INFO DestInfo);

RTMV2_API DWORD WINAPI
RtmGetMostSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle,
			      PRTM_NET_ADDRESS DestAddress,
			      ULONG ProtocolId,
			      RTM_VIEW_SET TargetViews,
			      PRTM_DEST_INFO DestInfo);

RTMV2_API DWORD WINAPI
RtmReleaseDests(RTM_ENTITY_HANDLE RtmRegHandle,
		UINT NumDests,
		PRTM_DEST_INFO DestInfos);

RTMV2_API DWORD WINAPI
RtmReleaseDestInfo(RTM_ENTITY_HANDLE RtmRegHandle,
		   PRTM_DEST_INFO DestInfo);

RTMV2_API DWORD WINAPI
RtmDeleteEnumHandle(RTM_ENTITY_HANDLE RtmRegHandle,
		    RTM_ENUM_HANDLE EnumHandle);

/* ------------------------------------------------------------------ */
/* rtm extensions: not in the Windows SDK                              */
/* ------------------------------------------------------------------ */

/* Next hops in one RTM_BULK_ROUTE: as many as in RtmAddRouteToDest */
#define RTM_BULK_MAX_NEXTHOPS	8

/*
 * One route of RtmAddRoutesToDestsBulk (120 bytes, aligned 8): what
 * RtmAddRouteToDest takes in DestAddress and RouteInfo, with the next
 * hops inline. The route is identified by (DestAddress, caller,
 * Neighbour) as in RtmAddRouteToDest.
 */
typedef struct _RTM_BULK_ROUTE {
	RTM_NET_ADDRESS DestAddress;	/* host bits zero */
	USHORT Flags;			/* RTM_ROUTE_FLAGS_* */
	USHORT NumNextHops;		/* used entries of NextHops */
	RTM_PREF_INFO PrefInfo;
	RTM_VIEW_SET BelongsToViews;
	RTM_ROUTE_CHANGE_FLAGS ChangeFlags;	/* in only: NEW or FIRST */
	RTM_NEXTHOP_HANDLE Neighbour;	/* next hop it was learnt from */
	PVOID EntitySpecificInfo;	/* owner-private */
	RTM_NEXTHOP_HANDLE NextHops[RTM_BULK_MAX_NEXTHOPS];
} RTM_BULK_ROUTE, *PRTM_BULK_ROUTE;

RTMV2_API DWORD WINAPI
RtmAddRoutesToDestsBulk(RTM_ENTITY_HANDLE RtmRegHandle,
			const RTM_BULK_ROUTE *Routes,
			UINT NumRoutes,
			PUINT NumApplied);

#ifdef __cplusplus
}
#endif

#endif /* __ROUTING_RTMv2_H__ */
