// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Next hops and routes of the calling entity, the bulk route add, what a
 * route or next hop is, and the release of route and next hop handles.
 */
#include <stdlib.h>
#include <string.h>

#include "librtm_internal.h"

_Static_assert(sizeof(HANDLE) == sizeof(__u64),
	       "handle arrays are passed to the kernel as __u64 arrays");

/* RtmAddNextHop/RtmDeleteNextHop identify a next hop by these fields */
static void rtm_nexthop_key(struct rtm_nexthop *nh,
			    const RTM_NEXTHOP_INFO *info)
{
	rtm_addr_to_kernel(&nh->addr, &info->NextHopAddress);
	nh->ifindex = info->InterfaceIndex;
}

/**
 * RtmAddNextHop() - add or update a next hop of the caller
 * @RtmRegHandle: the registration
 * @NextHopInfo: NextHopAddress and InterfaceIndex (the identity), Flags
 *	(RTM_NEXTHOP_FLAGS_*) and EntitySpecificInfo; the other fields are
 *	set by RTM and ignored here
 * @NextHopHandle: NULL: no handle wanted; *NextHopHandle NULL: the next
 *	hop is found by address and interface (or created) and a new
 *	reference is returned in *NextHopHandle (RtmReleaseNextHops);
 *	otherwise that next hop is updated
 * @ChangeFlags: out, may be NULL: RTM_NEXTHOP_CHANGE_NEW if created, else 0
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL
 * @NextHopInfo, address of another family); ERROR_ACCESS_DENIED (another
 * client's next hop, or no CAP_NET_ADMIN); ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmAddNextHop(RTM_ENTITY_HANDLE RtmRegHandle,
			   PRTM_NEXTHOP_INFO NextHopInfo,
			   PRTM_NEXTHOP_HANDLE NextHopHandle,
			   PRTM_NEXTHOP_CHANGE_FLAGS ChangeFlags)
{
	int want_handle = NextHopHandle && !*NextHopHandle;
	struct rtm_nexthop nh;
	struct rtm_reg *reg;
	DWORD err;

	if (!NextHopInfo)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	memset(&nh, 0, sizeof(nh));
	if (NextHopHandle)
		nh.handle = rtm_h2u(*NextHopHandle);
	rtm_nexthop_key(&nh, NextHopInfo);
	nh.flags = want_handle ? RTM_NH_F_WANT_HANDLE : 0;
	nh.nh_flags = NextHopInfo->Flags;
	nh.entity_info = (__u64)(uintptr_t)NextHopInfo->EntitySpecificInfo;
	err = rtm_call(reg, RTM_IOC_NEXTHOP_ADD, &nh);
	if (err == NO_ERROR) {
		if (want_handle)
			*NextHopHandle = rtm_u2h(nh.handle);
		if (ChangeFlags)
			*ChangeFlags = nh.change_flags;
	}
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmDeleteNextHop() - delete a next hop of the caller
 * @RtmRegHandle: the registration
 * @NextHopHandle: the next hop, or NULL to find it by @NextHopInfo; a
 *	handle given here is consumed on success
 * @NextHopInfo: NextHopAddress and InterfaceIndex when @NextHopHandle is
 *	NULL; ignored (may be NULL) otherwise
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (both
 * NULL); ERROR_NOT_FOUND; ERROR_ACCESS_DENIED (another client's next hop,
 * or no CAP_NET_ADMIN).
 */
DWORD WINAPI RtmDeleteNextHop(RTM_ENTITY_HANDLE RtmRegHandle,
			      RTM_NEXTHOP_HANDLE NextHopHandle,
			      PRTM_NEXTHOP_INFO NextHopInfo)
{
	struct rtm_nexthop nh;
	struct rtm_reg *reg;
	DWORD err;

	if (!NextHopHandle && !NextHopInfo)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	memset(&nh, 0, sizeof(nh));
	if (NextHopHandle)
		nh.handle = rtm_h2u(NextHopHandle);
	else
		rtm_nexthop_key(&nh, NextHopInfo);
	err = rtm_call(reg, RTM_IOC_NEXTHOP_DELETE, &nh);
	rtm_reg_put(reg);
	return err;
}

/* Release an array of handles of one type (HANDLE arrays are __u64 arrays) */
static DWORD rtm_release_handles(RTM_ENTITY_HANDLE RtmRegHandle, UINT count,
				 const HANDLE *handles, __u32 type)
{
	struct rtm_reg *reg;
	DWORD err;

	if (count && !handles)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	err = rtm_release_u64(reg, (const __u64 *)handles, count, type);
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmReleaseNextHops() - give back next hop handle references
 * @RtmRegHandle: the registration
 * @NumNextHops: handles in @NextHopHandles; 0 does nothing
 * @NextHopHandles: handles from RtmAddNextHop
 *
 * All or nothing: if one handle is not a next hop held (as many times as
 * it appears), nothing is released.
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL
 * array with a non-zero count).
 */
DWORD WINAPI RtmReleaseNextHops(RTM_ENTITY_HANDLE RtmRegHandle,
				UINT NumNextHops,
				PRTM_NEXTHOP_HANDLE NextHopHandles)
{
	return rtm_release_handles(RtmRegHandle, NumNextHops, NextHopHandles,
				   RTM_HANDLE_NEXTHOP);
}

/**
 * RtmAddRouteToDest() - add or update a route of the caller
 * @RtmRegHandle: the registration
 * @RouteHandle: NULL: no handle wanted; *RouteHandle NULL: a new reference
 *	to the added or updated route is returned in *RouteHandle
 *	(RtmReleaseRoutes); otherwise that route is updated
 * @DestAddress: the destination prefix (host bits zero); created if needed
 * @RouteInfo: Neighbour, Flags, PrefInfo, BelongsToViews,
 *	EntitySpecificInfo and NextHopsList (at most MaxNextHopsInRoute
 *	handles of the caller's next hops); the read-only fields are ignored
 * @TimeToLive: ignored: route expiry is not implemented, every route
 *	lives until deleted (as with INFINITE)
 * @RouteListHandle: must be NULL (route lists are not implemented)
 * @NotifyType: reserved, ignored
 * @NotifyHandle: reserved, ignored
 * @ChangeFlags: in (NULL = 0): RTM_ROUTE_CHANGE_NEW forces a new route,
 *	RTM_ROUTE_CHANGE_FIRST updates the caller's first route on the
 *	destination; out: RTM_ROUTE_CHANGE_NEW if a route was created,
 *	RTM_ROUTE_CHANGE_BEST if the best route of a view changed
 *
 * A route is identified by (destination, owner, Neighbour).
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE (registration, route or a next
 * hop not held); ERROR_INVALID_PARAMETER (NULL @DestAddress or @RouteInfo,
 * more than 8 next hops, bad prefix or views); ERROR_ACCESS_DENIED
 * (another client's route or next hop, or no CAP_NET_ADMIN);
 * ERROR_NOT_SUPPORTED (@RouteListHandle given); ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmAddRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle,
			       PRTM_ROUTE_HANDLE RouteHandle,
			       PRTM_NET_ADDRESS DestAddress,
			       PRTM_ROUTE_INFO RouteInfo,
			       ULONG TimeToLive,
			       RTM_ROUTE_LIST_HANDLE RouteListHandle,
			       RTM_NOTIFY_FLAGS NotifyType,
			       RTM_NOTIFY_HANDLE NotifyHandle,
			       PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
	int want_handle = RouteHandle && !*RouteHandle;
	const RTM_NEXTHOP_LIST *hops;
	struct rtm_route route;
	struct rtm_reg *reg;
	DWORD err;
	USHORT i;

	(void)TimeToLive;
	(void)NotifyType;
	(void)NotifyHandle;
	if (!DestAddress || !RouteInfo)
		return ERROR_INVALID_PARAMETER;
	hops = &RouteInfo->NextHopsList;
	if (hops->NumNextHops > RTM_MAX_NEXTHOPS)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	err = ERROR_NOT_SUPPORTED;
	if (RouteListHandle)
		goto out;

	memset(&route, 0, sizeof(route));
	if (RouteHandle)
		route.handle = rtm_h2u(*RouteHandle);
	rtm_addr_to_kernel(&route.dest, DestAddress);
	route.change_flags = ChangeFlags ? *ChangeFlags : 0;
	route.neighbour = rtm_h2u(RouteInfo->Neighbour);
	route.flags = want_handle ? RTM_ROUTE_F_WANT_HANDLE : 0;
	route.metric = RouteInfo->PrefInfo.Metric;
	route.preference = RouteInfo->PrefInfo.Preference;
	route.views = RouteInfo->BelongsToViews;
	route.route_flags = RouteInfo->Flags;
	route.num_nexthops = hops->NumNextHops;
	route.entity_info = (__u64)(uintptr_t)RouteInfo->EntitySpecificInfo;
	for (i = 0; i < hops->NumNextHops; i++)
		route.nexthops[i] = rtm_h2u(hops->NextHops[i]);

	err = rtm_call(reg, RTM_IOC_ROUTE_ADD, &route);
	if (err == NO_ERROR) {
		if (want_handle)
			*RouteHandle = rtm_u2h(route.handle);
		if (ChangeFlags)
			*ChangeFlags = route.change_flags;
	}
out:
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmDeleteRouteToDest() - delete a route of the caller
 * @RtmRegHandle: the registration
 * @RouteHandle: the route; consumed on success (do not release it)
 * @ChangeFlags: out, may be NULL: RTM_ROUTE_CHANGE_BEST if the best route
 *	of a view changed
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE (registration unknown, route not
 * held); ERROR_ACCESS_DENIED (another client's route, or no
 * CAP_NET_ADMIN); ERROR_NOT_FOUND (route already deleted).
 */
DWORD WINAPI RtmDeleteRouteToDest(RTM_ENTITY_HANDLE RtmRegHandle,
				  RTM_ROUTE_HANDLE RouteHandle,
				  PRTM_ROUTE_CHANGE_FLAGS ChangeFlags)
{
	struct rtm_route route;
	struct rtm_reg *reg;
	DWORD err;

	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	memset(&route, 0, sizeof(route));
	route.handle = rtm_h2u(RouteHandle);
	err = rtm_call(reg, RTM_IOC_ROUTE_DELETE, &route);
	if (err == NO_ERROR && ChangeFlags)
		*ChangeFlags = route.change_flags;
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmReleaseRoutes() - give back route handle references
 * @RtmRegHandle: the registration
 * @NumRoutes: handles in @RouteHandles; 0 does nothing
 * @RouteHandles: route handles (RtmAddRouteToDest, records)
 *
 * All or nothing, as RtmReleaseNextHops().
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL
 * array with a non-zero count).
 */
DWORD WINAPI RtmReleaseRoutes(RTM_ENTITY_HANDLE RtmRegHandle,
			      UINT NumRoutes,
			      PRTM_ROUTE_HANDLE RouteHandles)
{
	return rtm_release_handles(RtmRegHandle, NumRoutes, RouteHandles,
				   RTM_HANDLE_ROUTE);
}

/**
 * RtmGetRouteInfo() - what a route is
 * @RtmRegHandle: the registration
 * @RouteHandle: a route handle the caller holds, of any owner, live or
 *	deleted (RTM_ROUTE_STATE_DELETED)
 * @RouteInfo: out, may be NULL: the route, in a buffer of
 *	RTM_SIZE_OF_ROUTE_INFO(MaxNextHopsInRoute) bytes. DestHandle,
 *	RouteOwner, a non-NULL Neighbour and NextHops[] are references,
 *	given back with RtmReleaseRouteInfo
 * @DestAddress: out, may be NULL: the prefix of the route's destination
 *
 * One RTM_IOC_ROUTE_INFO; the references are only asked for (and taken)
 * when @RouteInfo is given.
 *
 * Return: NO_ERROR; ERROR_INVALID_PARAMETER (both outputs NULL);
 * ERROR_INVALID_HANDLE (registration unknown, route not held);
 * ERROR_NOT_ENOUGH_MEMORY (also a cap on held handles).
 */
DWORD WINAPI RtmGetRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle,
			     RTM_ROUTE_HANDLE RouteHandle,
			     PRTM_ROUTE_INFO RouteInfo,
			     PRTM_NET_ADDRESS DestAddress)
{
	struct rtm_route_info info;
	struct rtm_reg *reg;
	DWORD err;
	__u32 i;

	if (!RouteInfo && !DestAddress)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	memset(&info, 0, sizeof(info));
	info.route = rtm_h2u(RouteHandle);
	info.flags = RouteInfo ? RTM_ROUTE_INFO_F_HANDLES : 0;
	err = rtm_call(reg, RTM_IOC_ROUTE_INFO, &info);
	if (err == NO_ERROR && info.num_nexthops > RTM_MAX_NEXTHOPS) {
		/* cannot happen; the references are the file's until close */
		err = ERROR_GEN_FAILURE;
	}
	if (err == NO_ERROR && RouteInfo) {
		RouteInfo->DestHandle = rtm_u2h(info.dest_handle);
		RouteInfo->RouteOwner = rtm_u2h(info.owner);
		RouteInfo->Neighbour = rtm_u2h(info.neighbour);
		RouteInfo->State = info.state;
		RouteInfo->Flags1 = 0;
		RouteInfo->Flags = info.route_flags;
		RouteInfo->PrefInfo.Metric = info.metric;
		RouteInfo->PrefInfo.Preference = info.preference;
		RouteInfo->BelongsToViews = info.views;
		RouteInfo->EntitySpecificInfo =
			(PVOID)(uintptr_t)info.entity_info;
		RouteInfo->NextHopsList.NumNextHops =
			(USHORT)info.num_nexthops;
		for (i = 0; i < info.num_nexthops; i++)
			RouteInfo->NextHopsList.NextHops[i] =
				rtm_u2h(info.nexthops[i]);
	}
	if (err == NO_ERROR && DestAddress)
		rtm_addr_from_kernel(DestAddress, &info.dest);
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmReleaseRouteInfo() - give back the references of a route's info
 * @RtmRegHandle: the registration
 * @RouteInfo: filled by RtmGetRouteInfo
 *
 * DestHandle, RouteOwner, Neighbour (if not NULL) and the NumNextHops
 * next hops go back in one RTM_IOC_RELEASE of any type: all or nothing.
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE (registration unknown, a handle
 * not held); ERROR_INVALID_PARAMETER (NULL @RouteInfo, NULL DestHandle or
 * RouteOwner, more than 8 next hops).
 */
DWORD WINAPI RtmReleaseRouteInfo(RTM_ENTITY_HANDLE RtmRegHandle,
				 PRTM_ROUTE_INFO RouteInfo)
{
	__u64 handles[3 + RTM_MAX_NEXTHOPS];
	struct rtm_reg *reg;
	size_t n = 0;
	USHORT i;
	DWORD err;

	if (!RouteInfo || !RouteInfo->DestHandle || !RouteInfo->RouteOwner ||
	    RouteInfo->NextHopsList.NumNextHops > RTM_MAX_NEXTHOPS)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	handles[n++] = rtm_h2u(RouteInfo->DestHandle);
	handles[n++] = rtm_h2u(RouteInfo->RouteOwner);
	if (RouteInfo->Neighbour)
		handles[n++] = rtm_h2u(RouteInfo->Neighbour);
	for (i = 0; i < RouteInfo->NextHopsList.NumNextHops; i++)
		handles[n++] = rtm_h2u(RouteInfo->NextHopsList.NextHops[i]);
	err = rtm_release_u64(reg, handles, n, RTM_HANDLE_ANY);
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmGetNextHopInfo() - what a next hop is
 * @RtmRegHandle: the registration
 * @NextHopHandle: a next hop handle the caller holds, of any owner, live
 *	or deleted (RTM_NEXTHOP_STATE_DELETED)
 * @NextHopInfo: out: the next hop. NextHopOwner is a reference, given
 *	back with RtmReleaseNextHopInfo; RemoteNextHop is always NULL (rtm
 *	does not resolve remote next hops)
 *
 * Return: NO_ERROR; ERROR_INVALID_PARAMETER (NULL @NextHopInfo);
 * ERROR_INVALID_HANDLE (registration unknown, next hop not held);
 * ERROR_NOT_ENOUGH_MEMORY (also a cap on held handles).
 */
DWORD WINAPI RtmGetNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle,
			       RTM_NEXTHOP_HANDLE NextHopHandle,
			       PRTM_NEXTHOP_INFO NextHopInfo)
{
	struct rtm_nexthop_info info;
	struct rtm_reg *reg;
	DWORD err;

	if (!NextHopInfo)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	memset(&info, 0, sizeof(info));
	info.nexthop = rtm_h2u(NextHopHandle);
	err = rtm_call(reg, RTM_IOC_NEXTHOP_INFO, &info);
	if (err == NO_ERROR) {
		rtm_addr_from_kernel(&NextHopInfo->NextHopAddress, &info.addr);
		NextHopInfo->NextHopOwner = rtm_u2h(info.owner);
		NextHopInfo->InterfaceIndex = info.ifindex;
		NextHopInfo->State = info.nh_state;
		NextHopInfo->Flags = info.nh_flags;
		NextHopInfo->EntitySpecificInfo =
			(PVOID)(uintptr_t)info.entity_info;
		NextHopInfo->RemoteNextHop = NULL;
	}
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmReleaseNextHopInfo() - give back the reference of a next hop's info
 * @RtmRegHandle: the registration
 * @NextHopInfo: filled by RtmGetNextHopInfo
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE (registration unknown,
 * NextHopOwner not held); ERROR_INVALID_PARAMETER (NULL @NextHopInfo or
 * NextHopOwner).
 */
DWORD WINAPI RtmReleaseNextHopInfo(RTM_ENTITY_HANDLE RtmRegHandle,
				   PRTM_NEXTHOP_INFO NextHopInfo)
{
	if (!NextHopInfo || !NextHopInfo->NextHopOwner)
		return ERROR_INVALID_PARAMETER;
	return rtm_release_handles(RtmRegHandle, 1, &NextHopInfo->NextHopOwner,
				   RTM_HANDLE_ENTITY);
}

/*
 * Records converted per RTM_IOC_ROUTE_ADD_BULK: 480 KiB, so the kernel
 * reads them back while they are still in the cache; the ioctl's own
 * cost is negligible against 4096 route adds.
 */
#define RTM_BULK_BATCH	4096u

_Static_assert(sizeof(RTM_BULK_ROUTE) == sizeof(struct rtm_bulk_route),
	       "RTM_BULK_ROUTE and struct rtm_bulk_route are twins");
_Static_assert(RTM_BULK_MAX_NEXTHOPS == RTM_MAX_NEXTHOPS,
	       "a bulk route takes as many next hops as a single add");
_Static_assert(RTM_BULK_BATCH <= RTM_MAX_ROUTE_BULK,
	       "a batch fits in one ioctl");

/* What RtmAddRouteToDest sends for the same route, without a handle */
static void rtm_bulk_to_kernel(struct rtm_bulk_route *out,
			       const RTM_BULK_ROUTE *in)
{
	USHORT i, n = in->NumNextHops;

	memset(out, 0, sizeof(*out));
	rtm_addr_to_kernel(&out->dest, &in->DestAddress);
	out->route_flags = in->Flags;
	/* More than RTM_BULK_MAX_NEXTHOPS: the kernel refuses the record. */
	out->num_nexthops = n;
	out->metric = in->PrefInfo.Metric;
	out->preference = in->PrefInfo.Preference;
	out->views = in->BelongsToViews;
	out->change_flags = in->ChangeFlags;
	out->neighbour = rtm_h2u(in->Neighbour);
	out->entity_info = (__u64)(uintptr_t)in->EntitySpecificInfo;
	if (n > RTM_BULK_MAX_NEXTHOPS)
		n = RTM_BULK_MAX_NEXTHOPS;
	for (i = 0; i < n; i++)
		out->nexthops[i] = rtm_h2u(in->NextHops[i]);
}

/**
 * RtmAddRoutesToDestsBulk() - add or update many routes of the caller
 * @RtmRegHandle: the registration
 * @Routes: @NumRoutes routes, each taken as RtmAddRouteToDest takes
 *	(DestAddress, RouteInfo) with no route handle and ChangeFlags in
 * @NumRoutes: routes in @Routes; 0 does nothing
 * @NumApplied: out, may be NULL: routes applied, from the first on
 *
 * An rtm extension: one ioctl carries thousands of routes. They are
 * applied in order and the call stops at the first route that fails:
 * the routes before it stay applied (*@NumApplied of them), the others
 * are not tried. No handle or change flags are returned.
 *
 * Return: NO_ERROR when every route was applied; else the error of route
 * *@NumApplied, as RtmAddRouteToDest would report it (also
 * ERROR_INVALID_PARAMETER for more than RTM_BULK_MAX_NEXTHOPS next hops);
 * ERROR_INVALID_PARAMETER (NULL @Routes with routes to add);
 * ERROR_INVALID_HANDLE (registration unknown); ERROR_NOT_SUPPORTED (a
 * module without RTM_IOC_ROUTE_ADD_BULK); ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmAddRoutesToDestsBulk(RTM_ENTITY_HANDLE RtmRegHandle,
				     const RTM_BULK_ROUTE *Routes,
				     UINT NumRoutes, PUINT NumApplied)
{
	struct rtm_bulk_route *batch = NULL;
	struct rtm_reg *reg;
	UINT done = 0;
	DWORD err = NO_ERROR;

	if (NumApplied)
		*NumApplied = 0;
	if (NumRoutes && !Routes)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	if (NumRoutes) {
		batch = calloc(NumRoutes < RTM_BULK_BATCH ? NumRoutes :
			       RTM_BULK_BATCH, sizeof(*batch));
		if (!batch)
			err = ERROR_NOT_ENOUGH_MEMORY;
	}
	while (err == NO_ERROR && done < NumRoutes) {
		UINT n = NumRoutes - done, i;
		struct rtm_route_add_bulk req;

		if (n > RTM_BULK_BATCH)
			n = RTM_BULK_BATCH;
		for (i = 0; i < n; i++)
			rtm_bulk_to_kernel(&batch[i], &Routes[done + i]);
		memset(&req, 0, sizeof(req));
		req.routes = (__u64)(uintptr_t)batch;
		req.count = n;
		req.record_size = sizeof(*batch);
		/*
		 * A short count stops at a route that failed: the next call
		 * starts with it and returns its error, applying nothing.
		 */
		err = rtm_call(reg, RTM_IOC_ROUTE_ADD_BULK, &req);
		if (err == NO_ERROR && (!req.count || req.count > n))
			err = ERROR_GEN_FAILURE;	/* would never end */
		if (err == NO_ERROR)
			done += req.count;
	}
	free(batch);
	rtm_reg_put(reg);
	if (NumApplied)
		*NumApplied = done;
	return err;
}
