// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * Destination enumeration, destination queries by prefix and the
 * release of destination records.
 *
 * RTM_DEST_INFO has the layout of struct rtm_dest_record on 64-bit
 * systems, so the kernel writes records straight into the caller's array.
 * The library remembers the view-slot count of each enumeration because
 * RTM_IOC_ENUM_FETCH must be told the record size.
 */
#include <stdlib.h>
#include <string.h>

#include "librtm_internal.h"

#define RTM_SAME_OFFSET(win, field, rec, rfield)			\
	_Static_assert(offsetof(win, field) == offsetof(rec, rfield),	\
		       #field " must match the kernel record")

RTM_SAME_OFFSET(RTM_DEST_INFO, DestHandle, struct rtm_dest_record,
		dest_handle);
RTM_SAME_OFFSET(RTM_DEST_INFO, DestAddress, struct rtm_dest_record, dest);
RTM_SAME_OFFSET(RTM_DEST_INFO, LastChanged, struct rtm_dest_record,
		last_changed);
RTM_SAME_OFFSET(RTM_DEST_INFO, BelongsToViews, struct rtm_dest_record,
		belongs_to_views);
RTM_SAME_OFFSET(RTM_DEST_INFO, NumberOfViews, struct rtm_dest_record,
		num_views);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo, struct rtm_dest_record, view);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].ViewId, struct rtm_dest_record,
		view[0].view_id);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].NumRoutes,
		struct rtm_dest_record, view[0].num_routes);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].Route, struct rtm_dest_record,
		view[0].route);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].Owner, struct rtm_dest_record,
		view[0].owner);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].DestFlags,
		struct rtm_dest_record, view[0].dest_flags);
RTM_SAME_OFFSET(RTM_DEST_INFO, ViewInfo[0].HoldRoute,
		struct rtm_dest_record, view[0].hold_route);
_Static_assert(RTM_SIZE_OF_DEST_INFO(0) == RTM_DEST_RECORD_SIZE(0) &&
	       RTM_SIZE_OF_DEST_INFO(2) == RTM_DEST_RECORD_SIZE(2),
	       "RTM_DEST_INFO stride must be the kernel record size");
_Static_assert(sizeof(RTM_NET_ADDRESS) == sizeof(struct rtm_net_address),
	       "RTM_NET_ADDRESS must be struct rtm_net_address");

/* Stack space for the handles of a small RtmReleaseDests batch */
#define RTM_RELEASE_STACK_HANDLES	128

/* Caller holds reg->enum_lock */
static struct rtm_enum_slot *rtm_enum_find(struct rtm_reg *reg, __u64 handle)
{
	size_t i;

	for (i = 0; i < reg->nr_enums; i++)
		if (reg->enums[i].handle == handle)
			return &reg->enums[i];
	return NULL;
}

static int rtm_enum_add(struct rtm_reg *reg, __u64 handle, __u32 num_views)
{
	int ret = 0;

	pthread_mutex_lock(&reg->enum_lock);
	if (reg->nr_enums == reg->cap_enums) {
		size_t cap = reg->cap_enums ? 2 * reg->cap_enums : 8;
		struct rtm_enum_slot *enums;

		enums = realloc(reg->enums, cap * sizeof(*enums));
		if (!enums) {
			ret = -1;
			goto out;
		}
		reg->enums = enums;
		reg->cap_enums = cap;
	}
	reg->enums[reg->nr_enums].handle = handle;
	reg->enums[reg->nr_enums].num_views = num_views;
	reg->nr_enums++;
out:
	pthread_mutex_unlock(&reg->enum_lock);
	return ret;
}

/* The view-slot count of an enumeration, or -1 if it is not one of @reg */
static long rtm_enum_num_views(struct rtm_reg *reg, __u64 handle)
{
	struct rtm_enum_slot *slot;
	long num_views = -1;

	pthread_mutex_lock(&reg->enum_lock);
	slot = rtm_enum_find(reg, handle);
	if (slot)
		num_views = slot->num_views;
	pthread_mutex_unlock(&reg->enum_lock);
	return num_views;
}

static void rtm_enum_remove(struct rtm_reg *reg, __u64 handle)
{
	struct rtm_enum_slot *slot;

	pthread_mutex_lock(&reg->enum_lock);
	slot = rtm_enum_find(reg, handle);
	if (slot)
		*slot = reg->enums[--reg->nr_enums];
	pthread_mutex_unlock(&reg->enum_lock);
}

/* At deregistration; the kernel frees the enumerations with the file */
void rtm_reg_free_enums(struct rtm_reg *reg)
{
	free(reg->enums);
	reg->enums = NULL;
	reg->nr_enums = 0;
	reg->cap_enums = 0;
}

/**
 * RtmCreateDestEnum() - start a walk over destinations
 * @RtmRegHandle: the registration
 * @TargetViews: views the destinations must be in; one ViewInfo slot per
 *	view (view-id order). RTM_VIEW_MASK_ANY: all destinations, no slots;
 *	RTM_VIEW_MASK_ALL: every supported view
 * @EnumFlags: RTM_ENUM_START, RTM_ENUM_NEXT or RTM_ENUM_RANGE, optionally
 *	| RTM_ENUM_OWN_DESTS
 * @NetAddress: start (NEXT) or range (RANGE); ignored (may be NULL) for START
 * @ProtocolId: whose best route fills the slots: RTM_BEST_PROTOCOL,
 *	RTM_THIS_PROTOCOL or a protocol id
 * @RtmEnumHandle: out: the walk, for RtmGetEnumDests and RtmDeleteEnumHandle
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL
 * @RtmEnumHandle, NULL @NetAddress for NEXT/RANGE, bad flags or address);
 * ERROR_NOT_SUPPORTED (a view this instance does not keep);
 * ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmCreateDestEnum(RTM_ENTITY_HANDLE RtmRegHandle,
			       RTM_VIEW_SET TargetViews,
			       RTM_ENUM_FLAGS EnumFlags,
			       PRTM_NET_ADDRESS NetAddress,
			       ULONG ProtocolId,
			       PRTM_ENUM_HANDLE RtmEnumHandle)
{
	struct rtm_enum_create create;
	struct rtm_reg *reg;
	DWORD err;

	if (!RtmEnumHandle)
		return ERROR_INVALID_PARAMETER;
	if ((EnumFlags & RTM_ENUM_F_POSITION) != RTM_ENUM_START && !NetAddress)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	memset(&create, 0, sizeof(create));
	create.flags = EnumFlags;
	create.views = TargetViews;
	create.protocol_id = ProtocolId;
	/* the kernel wants an all-zero address with START */
	if ((EnumFlags & RTM_ENUM_F_POSITION) != RTM_ENUM_START)
		rtm_addr_to_kernel(&create.addr, NetAddress);
	err = rtm_call(reg, RTM_IOC_ENUM_CREATE, &create);
	if (err != NO_ERROR)
		goto out;
	if (rtm_enum_add(reg, create.enum_handle, create.num_views)) {
		struct rtm_enum_delete del;

		memset(&del, 0, sizeof(del));
		del.enum_handle = create.enum_handle;
		rtm_call(reg, RTM_IOC_ENUM_DELETE, &del);
		err = ERROR_NOT_ENOUGH_MEMORY;
		goto out;
	}
	*RtmEnumHandle = rtm_u2h(create.enum_handle);
out:
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmGetEnumDests() - next destinations of a walk
 * @RtmRegHandle: the registration
 * @EnumHandle: the walk, from RtmCreateDestEnum
 * @NumDests: in: capacity of @DestInfos in records (1..MaxHandlesInEnum);
 *	out: records written (always valid, 0 on error)
 * @DestInfos: out: packed records of stride
 *	RTM_SIZE_OF_DEST_INFO(number of slots of the walk); each holds
 *	references to give back with RtmReleaseDests
 *
 * Return: NO_ERROR (more may follow); ERROR_NO_MORE_ITEMS (the walk is
 * over; the records of this call, possibly none, are valid all the same);
 * ERROR_INVALID_HANDLE (registration or walk unknown);
 * ERROR_INVALID_PARAMETER (NULL pointer, capacity 0 or above
 * MaxHandlesInEnum, buffer not writable).
 */
DWORD WINAPI RtmGetEnumDests(RTM_ENTITY_HANDLE RtmRegHandle,
			     RTM_ENUM_HANDLE EnumHandle,
			     PUINT NumDests,
			     PRTM_DEST_INFO DestInfos)
{
	struct rtm_enum_fetch fetch;
	struct rtm_reg *reg;
	long num_views;
	UINT capacity;
	DWORD err;

	if (!NumDests)
		return ERROR_INVALID_PARAMETER;
	capacity = *NumDests;
	*NumDests = 0;
	if (!DestInfos || capacity == 0)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	err = ERROR_INVALID_PARAMETER;
	if (capacity > reg->max_enum_batch)
		goto out;
	err = ERROR_INVALID_HANDLE;
	num_views = rtm_enum_num_views(reg, rtm_h2u(EnumHandle));
	if (num_views < 0)
		goto out;

	memset(&fetch, 0, sizeof(fetch));
	fetch.enum_handle = rtm_h2u(EnumHandle);
	fetch.records = (__u64)(uintptr_t)DestInfos;
	fetch.count = capacity;
	fetch.record_size = RTM_DEST_RECORD_SIZE(num_views);
	err = rtm_call(reg, RTM_IOC_ENUM_FETCH, &fetch);
	if (err != NO_ERROR)
		goto out;
	*NumDests = fetch.count;
	if (fetch.out_flags & RTM_FETCH_END)
		err = ERROR_NO_MORE_ITEMS;
out:
	rtm_reg_put(reg);
	return err;
}

/*
 * Collect the references of @count records (stride from the first one)
 * into @handles, which has room for rtm_dest_handles_max(). Returns the
 * number of handles, or -1 if the records are not a valid batch.
 */
static long rtm_dest_collect(const RTM_DEST_INFO *infos, UINT count,
			     __u64 *handles)
{
	const unsigned char *base = (const unsigned char *)infos;
	UINT num_views = infos->NumberOfViews;
	size_t stride = RTM_SIZE_OF_DEST_INFO(num_views);
	long n = 0;
	UINT i, v;

	for (i = 0; i < count; i++) {
		const RTM_DEST_INFO *info =
			(const RTM_DEST_INFO *)(base + i * stride);

		/* records of one walk share their slot count */
		if (info->NumberOfViews != num_views || !info->DestHandle)
			return -1;
		handles[n++] = rtm_h2u(info->DestHandle);
		for (v = 0; v < num_views; v++) {
			if (info->ViewInfo[v].Route)
				handles[n++] = rtm_h2u(info->ViewInfo[v].Route);
			if (info->ViewInfo[v].Owner)
				handles[n++] = rtm_h2u(info->ViewInfo[v].Owner);
			if (info->ViewInfo[v].HoldRoute)
				handles[n++] =
					rtm_h2u(info->ViewInfo[v].HoldRoute);
		}
	}
	return n;
}

static DWORD rtm_release_dest_infos(RTM_ENTITY_HANDLE RtmRegHandle,
				    UINT NumDests, PRTM_DEST_INFO DestInfos)
{
	__u64 stack_handles[RTM_RELEASE_STACK_HANDLES];
	__u64 *handles = stack_handles;
	struct rtm_reg *reg;
	size_t max_handles;
	long count;
	DWORD err;

	if (NumDests && !DestInfos)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	err = NO_ERROR;
	if (!NumDests)
		goto out;
	err = ERROR_INVALID_PARAMETER;
	if (DestInfos->NumberOfViews > RTM_MAX_VIEWS)
		goto out;

	/* a destination, then route, owner and hold route per slot */
	max_handles = (size_t)NumDests * (1 + 3 * DestInfos->NumberOfViews);
	if (max_handles > RTM_RELEASE_STACK_HANDLES) {
		handles = malloc(max_handles * sizeof(*handles));
		err = ERROR_NOT_ENOUGH_MEMORY;
		if (!handles)
			goto out;
	}
	err = ERROR_INVALID_PARAMETER;
	count = rtm_dest_collect(DestInfos, NumDests, handles);
	if (count >= 0)
		err = rtm_release_u64(reg, handles, count, RTM_HANDLE_ANY);
	if (handles != stack_handles)
		free(handles);
out:
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmReleaseDests() - give back the references of records
 * @RtmRegHandle: the registration
 * @NumDests: records in @DestInfos; 0 does nothing
 * @DestInfos: records of one RtmGetEnumDests call (stride from their
 *	NumberOfViews)
 *
 * Drops DestHandle and each slot's non-NULL Route, Owner and HoldRoute
 * in one kernel call: all of them, or none when one is not held.
 *
 * Return: NO_ERROR; ERROR_INVALID_HANDLE (registration unknown, or a
 * handle in the records not held); ERROR_INVALID_PARAMETER (NULL
 * @DestInfos, NumberOfViews above RTM_MAX_VIEWS or not the same in every
 * record, NULL DestHandle); ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmReleaseDests(RTM_ENTITY_HANDLE RtmRegHandle,
			     UINT NumDests,
			     PRTM_DEST_INFO DestInfos)
{
	return rtm_release_dest_infos(RtmRegHandle, NumDests, DestInfos);
}

/**
 * RtmReleaseDestInfo() - give back the references of one record
 * @RtmRegHandle: the registration
 * @DestInfo: the record
 *
 * Return: as RtmReleaseDests() for one record.
 */
DWORD WINAPI RtmReleaseDestInfo(RTM_ENTITY_HANDLE RtmRegHandle,
				PRTM_DEST_INFO DestInfo)
{
	if (!DestInfo)
		return ERROR_INVALID_PARAMETER;
	return rtm_release_dest_infos(RtmRegHandle, 1, DestInfo);
}

/*
 * One RTM_IOC_DEST_GET. The caller sized @DestInfo for the views in
 * @TargetViews (RTM_VIEW_MASK_ALL: every supported view), which is what
 * the kernel must be told; it refuses unsupported views itself.
 */
static DWORD rtm_dest_get(RTM_ENTITY_HANDLE RtmRegHandle, __u32 flags,
			  PRTM_NET_ADDRESS DestAddress, ULONG ProtocolId,
			  RTM_VIEW_SET TargetViews, PRTM_DEST_INFO DestInfo)
{
	struct rtm_dest_get get;
	struct rtm_reg *reg;
	RTM_VIEW_SET views;
	DWORD err;

	if (!DestAddress || !DestInfo)
		return ERROR_INVALID_PARAMETER;
	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;

	views = TargetViews == RTM_VIEW_MASK_ALL ? reg->views_supported :
						   TargetViews;
	memset(&get, 0, sizeof(get));
	get.flags = flags;
	get.views = TargetViews;
	get.protocol_id = ProtocolId;
	rtm_addr_to_kernel(&get.addr, DestAddress);
	get.record_size = RTM_SIZE_OF_DEST_INFO(__builtin_popcount(views));
	get.record = (__u64)(uintptr_t)DestInfo;
	err = rtm_call(reg, RTM_IOC_DEST_GET, &get);
	rtm_reg_put(reg);
	return err;
}

/**
 * RtmGetExactMatchDestination() - the destination of exactly a prefix
 * @RtmRegHandle: the registration
 * @DestAddress: the prefix (host bits zero)
 * @ProtocolId: whose best route fills the slots, as in RtmCreateDestEnum
 * @TargetViews: the destination must have a route in one of these views,
 *	one ViewInfo slot per view; RTM_VIEW_MASK_ANY: any destination, no
 *	slots
 * @DestInfo: out: the record; room for RTM_SIZE_OF_DEST_INFO(number of
 *	views in @TargetViews). It holds references to give back with
 *	RtmReleaseDestInfo
 *
 * Return: NO_ERROR; ERROR_NOT_FOUND (no such destination in the views);
 * ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL pointer, bad
 * address, @DestInfo not writable); ERROR_NOT_SUPPORTED (a view this
 * instance does not keep); ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD WINAPI RtmGetExactMatchDestination(RTM_ENTITY_HANDLE RtmRegHandle,
					 PRTM_NET_ADDRESS DestAddress,
					 ULONG ProtocolId,
					 RTM_VIEW_SET TargetViews,
					 PRTM_DEST_INFO DestInfo)
{
	return rtm_dest_get(RtmRegHandle, RTM_DEST_GET_EXACT, DestAddress,
			    ProtocolId, TargetViews, DestInfo);
}

/**
 * RtmGetMostSpecificDestination() - the longest destination covering an
 *	address
 * @RtmRegHandle: the registration
 * @DestAddress: usually a full-length address (host bits zero)
 * @ProtocolId: as in RtmGetExactMatchDestination()
 * @TargetViews: as in RtmGetExactMatchDestination(); a covering
 *	destination without a route in these views is passed over for a
 *	shorter one
 * @DestInfo: as in RtmGetExactMatchDestination()
 *
 * Return: as RtmGetExactMatchDestination(); ERROR_NOT_FOUND when no
 * destination covers @DestAddress.
 */
DWORD WINAPI RtmGetMostSpecificDestination(RTM_ENTITY_HANDLE RtmRegHandle,
					   PRTM_NET_ADDRESS DestAddress,
					   ULONG ProtocolId,
					   RTM_VIEW_SET TargetViews,
					   PRTM_DEST_INFO DestInfo)
{
	return rtm_dest_get(RtmRegHandle, RTM_DEST_GET_LONGEST, DestAddress,
			    ProtocolId, TargetViews, DestInfo);
}

/**
 * RtmDeleteEnumHandle() - end a walk
 * @RtmRegHandle: the registration
 * @EnumHandle: the walk (also valid after ERROR_NO_MORE_ITEMS); invalid
 *	afterwards
 *
 * Return: NO_ERROR, or ERROR_INVALID_HANDLE (registration or walk unknown).
 */
DWORD WINAPI RtmDeleteEnumHandle(RTM_ENTITY_HANDLE RtmRegHandle,
				 RTM_ENUM_HANDLE EnumHandle)
{
	struct rtm_enum_delete del;
	struct rtm_reg *reg;
	DWORD err;

	reg = rtm_reg_get(RtmRegHandle);
	if (!reg)
		return ERROR_INVALID_HANDLE;
	err = ERROR_INVALID_HANDLE;
	if (rtm_enum_num_views(reg, rtm_h2u(EnumHandle)) < 0)
		goto out;

	memset(&del, 0, sizeof(del));
	del.enum_handle = rtm_h2u(EnumHandle);
	err = rtm_call(reg, RTM_IOC_ENUM_DELETE, &del);
	/* also forget a walk the kernel no longer knows */
	if (err == NO_ERROR || err == ERROR_INVALID_HANDLE)
		rtm_enum_remove(reg, rtm_h2u(EnumHandle));
out:
	rtm_reg_put(reg);
	return err;
}
