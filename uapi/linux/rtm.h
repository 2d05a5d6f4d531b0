/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rtm: destinations of the RTMv2 routing table manager model, in the kernel.
 *
 * The ioctl ABI of /dev/rtm. Rules (Documentation/driver-api/ioctl.rst):
 * fixed-size structures without implicit padding, user pointers as __u64,
 * every flag word and reserved field checked (unknown bits or non-zero
 * reserved fields fail with EINVAL), unknown commands fail with ENOTTY.
 *
 * One open file is one entity (an RTMv2 registration). It owns every
 * handle it obtained; closing the file withdraws the entity's routes and
 * next hops and drops every reference it still holds.
 *
 * No structure is written back when a command fails. A command whose
 * structure is written back checks first that it can be written (EFAULT
 * otherwise), so a read-only or partly unmapped structure fails the call
 * before it changes anything. Only when another thread takes the
 * structure's memory away while the call runs does the call return
 * EFAULT after taking effect.
 *
 * Caps (see struct rtm_version) fail a call with EDQUOT; every byte a file
 * makes the kernel keep is charged to the caller's memory cgroup.
 */
#ifndef _UAPI_LINUX_RTM_H
#define _UAPI_LINUX_RTM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RTM_API_VERSION		1

#define RTM_MAX_ADDRESS_BYTES	16
#define RTM_MAX_NEXTHOPS	8	/* next hops in one route */
#define RTM_MAX_ENUM_BATCH	4096	/* records in one RTM_IOC_ENUM_FETCH */
#define RTM_MAX_RELEASE_BATCH	65536	/* handles in one RTM_IOC_RELEASE */
#define RTM_MAX_ROUTE_BULK	65536	/* records in one RTM_IOC_ROUTE_ADD_BULK */

/*
 * A handle names one object for the file that holds it. Its top byte is
 * RTM_HANDLE_MAGIC, the next byte the object type, the low 32 bits an id
 * that is never reused while the object lives. 0 is never a handle.
 */
#define RTM_HANDLE_MAGIC	0xd7
#define RTM_HANDLE_TYPE(h)	((__u32)(((h) >> 48) & 0xff))

enum rtm_handle_type {
	RTM_HANDLE_ANY		= 0,	/* in rtm_release.type: any type */
	RTM_HANDLE_ENTITY	= 1,
	RTM_HANDLE_DEST		= 2,
	RTM_HANDLE_ROUTE	= 3,
	RTM_HANDLE_NEXTHOP	= 4,
	RTM_HANDLE_ENUM		= 5,
};

/* Views (the RTMv2 view ids and masks) */
#define RTM_VIEW_UCAST		0
#define RTM_VIEW_MCAST		1
#define RTM_NUM_VIEWS		2
#define RTM_VIEWS_SUPPORTED	0x3
#define RTM_VIEW_MASK_ALL_BITS	0xffffffff

/**
 * struct rtm_net_address - a prefix, in the layout of RTMv2's RTM_NET_ADDRESS
 * @family: AF_INET or AF_INET6
 * @prefix_len: prefix length in bits (0..32 or 0..128)
 * @addr: address bits, most significant first; bits past @prefix_len
 *	must be zero (EINVAL otherwise), bytes past the family's size too
 *
 * 20 bytes, 2-byte aligned: embedded structures place it at an offset
 * that is a multiple of 4 and account for the padding explicitly.
 */
struct rtm_net_address {
	__u16	family;
	__u16	prefix_len;
	__u8	addr[RTM_MAX_ADDRESS_BYTES];
};

/**
 * struct rtm_version - RTM_IOC_VERSION: API version and limits
 * @api_version: out: %RTM_API_VERSION
 * @features: out: reserved feature bits (0 in version 1)
 * @ioctls: out: bit n set when the command with number n is supported
 * @max_enum_batch: out: most records one RTM_IOC_ENUM_FETCH returns
 * @max_release_batch: out: most handles one RTM_IOC_RELEASE takes
 * @max_nexthops: out: most next hops in one route
 * @views_supported: out: mask of the views this instance keeps
 * @max_enums: out: enumerations this file may keep at once
 * @max_handles: out: distinct objects this file may hold at once
 * @max_routes: out: routes this file's entity may own
 * @max_entity_nexthops: out: next hops this file's entity may own
 * @reserved: must be zero on input; zero on output
 *
 * The caps (the module parameters max_enums_per_file, max_handles_per_file,
 * max_routes_per_entity, max_nexthops_per_entity) are fixed for a file when
 * it is opened and for an entity when it registers; before registration
 * the last two are what a registration would get now. A call that would go
 * past one fails with EDQUOT. The out fields are ignored on input (they
 * were reserved before and callers zeroed them).
 */
struct rtm_version {
	__u32	api_version;
	__u32	max_enum_batch;
	__u64	features;
	__u64	ioctls;
	__u32	max_release_batch;
	__u32	max_nexthops;
	__u32	views_supported;
	__u32	max_enums;
	__u32	max_handles;
	__u32	max_routes;
	__u32	max_entity_nexthops;
	__u32	reserved;
};

/**
 * struct rtm_register - RTM_IOC_REGISTER: make this file an entity
 * @family: in: AF_INET or AF_INET6, the address family of the entity
 * @rtm_instance: in: RTM instance id; only 0 exists
 * @flags: in: must be 0
 * @protocol_id: in: RTMv2 EntityProtocolId
 * @instance_id: in: RTMv2 EntityInstanceId
 * @entity_handle: out: the entity's handle (what appears as route owner)
 * @reserved: must be zero
 *
 * EEXIST when (family, protocol, instance) is already registered in this
 * network namespace by a caller with CAP_NET_ADMIN, and this caller has it
 * too: only privileged registrations reserve their ids, so an unprivileged
 * reader cannot squat a daemon's. EBUSY when this file is already an
 * entity. The
 * registration ends when the file is closed. The registration itself is
 * not a hold of @entity_handle: only its appearances as a route owner in
 * records are, each to be released.
 */
struct rtm_register {
	__u16	family;
	__u16	rtm_instance;
	__u32	flags;
	__u32	protocol_id;
	__u32	instance_id;
	__u64	entity_handle;
	__u64	reserved[2];
};

/* rtm_nexthop.flags */
#define RTM_NH_F_WANT_HANDLE	0x1	/* return a handle reference */
#define RTM_NH_F_ALL		RTM_NH_F_WANT_HANDLE

/* rtm_nexthop.nh_flags: RTMv2's RTM_NEXTHOP_FLAGS_REMOTE and _DOWN */
#define RTM_NEXTHOP_FLAGS_VALID	0x0003

/**
 * struct rtm_nexthop - RTM_IOC_NEXTHOP_ADD and RTM_IOC_NEXTHOP_DELETE
 * @handle: in: next hop to update or delete, or 0 to find it by
 *	(@addr, @ifindex); out (ADD with %RTM_NH_F_WANT_HANDLE): a new
 *	reference to the next hop. DELETE consumes the given handle.
 * @addr: in: next hop address (any prefix length, host bits zero)
 * @ifindex: in: interface index, 0 for a remote next hop
 * @flags: in: RTM_NH_F_* (ADD), 0 (DELETE)
 * @nh_flags: in: RTMv2 RTM_NEXTHOP_FLAGS_*, within
 *	%RTM_NEXTHOP_FLAGS_VALID (both commands; DELETE ignores the value)
 * @nh_state: out: RTMv2 RTM_NEXTHOP_STATE_*
 * @change_flags: out (ADD): RTM_NEXTHOP_CHANGE_NEW when it was created
 * @reserved0: must be zero
 * @entity_info: in: owner-private value, stored and returned as is
 * @reserved: must be zero
 */
struct rtm_nexthop {
	__u64	handle;
	struct rtm_net_address addr;
	__u32	ifindex;
	__u32	flags;
	__u16	nh_flags;
	__u16	nh_state;
	__u32	change_flags;
	__u32	reserved0;
	__u64	entity_info;
	__u64	reserved[2];
};

/* rtm_route.flags */
#define RTM_ROUTE_F_WANT_HANDLE	0x1	/* return a handle reference */
#define RTM_ROUTE_F_ALL		RTM_ROUTE_F_WANT_HANDLE

/* rtm_route.route_flags: RTMv2's RTM_ROUTE_FLAGS_* (0x0800 is not one) */
#define RTM_ROUTE_FLAGS_VALID	0xf7ff

/* RTMv2 change flags, in and out of rtm_route.change_flags */
#define RTM_ROUTE_CHG_FIRST	0x01
#define RTM_ROUTE_CHG_NEW	0x02
#define RTM_ROUTE_CHG_BEST	0x00010000

/**
 * struct rtm_route - RTM_IOC_ROUTE_ADD and RTM_IOC_ROUTE_DELETE
 * @handle: ADD in: route to update, or 0 to find or create one on @dest;
 *	ADD out (%RTM_ROUTE_F_WANT_HANDLE): a new reference to the route;
 *	DELETE in: the route, whose handle the call consumes
 * @dest: ADD in: the destination prefix (host bits zero)
 * @change_flags: ADD in: %RTM_ROUTE_CHG_NEW to force a new route,
 *	%RTM_ROUTE_CHG_FIRST to update the caller's first route on @dest;
 *	out (ADD and DELETE): %RTM_ROUTE_CHG_NEW if created,
 *	%RTM_ROUTE_CHG_BEST if the best route of a view changed
 * @neighbour: ADD in: next hop handle the route was learnt from, or 0
 * @flags: in: RTM_ROUTE_F_*
 * @metric: ADD in: RTMv2 PrefInfo.Metric (lower is better)
 * @preference: ADD in: RTMv2 PrefInfo.Preference (lower is better,
 *	compared before @metric)
 * @views: ADD in: views the route belongs to (within the supported views)
 * @route_flags: in: RTMv2 RTM_ROUTE_FLAGS_*, within
 *	%RTM_ROUTE_FLAGS_VALID (both commands; DELETE ignores the value)
 * @num_nexthops: ADD in: entries used in @nexthops
 * @reserved0: must be zero
 * @entity_info: ADD in: owner-private value, stored as is
 * @nexthops: ADD in: next hop handles held by this file and owned by the
 *	caller's entity; entries past @num_nexthops must be zero
 * @reserved: must be zero
 */
struct rtm_route {
	__u64	handle;
	struct rtm_net_address dest;
	__u32	change_flags;
	__u64	neighbour;
	__u32	flags;
	__u32	metric;
	__u32	preference;
	__u32	views;
	__u16	route_flags;
	__u16	num_nexthops;
	__u32	reserved0;
	__u64	entity_info;
	__u64	nexthops[RTM_MAX_NEXTHOPS];
	__u64	reserved[2];
};

/* rtm_enum_create.flags: RTMv2 RTM_ENUM_* values */
#define RTM_ENUM_F_START	0x0
#define RTM_ENUM_F_NEXT		0x1	/* from @addr (inclusive) onwards */
#define RTM_ENUM_F_RANGE	0x2	/* only prefixes inside @addr */
#define RTM_ENUM_F_POSITION	0x3
#define RTM_ENUM_F_OWN_DESTS	0x01000000
#define RTM_ENUM_F_ALL		(RTM_ENUM_F_POSITION | RTM_ENUM_F_OWN_DESTS)

#define RTM_PROTOCOL_BEST	0x00000000u	/* RTM_BEST_PROTOCOL */
#define RTM_PROTOCOL_THIS	0xffffffffu	/* RTM_THIS_PROTOCOL */

/**
 * struct rtm_enum_create - RTM_IOC_ENUM_CREATE: start a destination walk
 * @flags: in: one position (START, NEXT, RANGE) | OWN_DESTS or 0
 * @views: in: target views; 0 (RTM_VIEW_MASK_ANY) walks every destination
 *	and returns no view slots, otherwise only destinations in one of the
 *	views are returned, with one slot per view in @views (in view-id
 *	order). Bits of unsupported views: EOPNOTSUPP, unless all 32 are set.
 * @protocol_id: in: whose best route fills the view slots:
 *	%RTM_PROTOCOL_BEST, %RTM_PROTOCOL_THIS or an EntityProtocolId
 * @num_views: out: view slots in each record of this walk
 * @addr: in: start (NEXT) or range (RANGE); must be zero for START
 * @reserved0: must be zero
 * @enum_handle: out: the walk's handle, freed by RTM_IOC_ENUM_DELETE
 * @reserved: must be zero
 */
struct rtm_enum_create {
	__u32	flags;
	__u32	views;
	__u32	protocol_id;
	__u32	num_views;
	struct rtm_net_address addr;
	__u32	reserved0;
	__u64	enum_handle;
	__u64	reserved[2];
};

/**
 * struct rtm_dest_view - one view slot of a destination record
 * @view_id: the view (RTM_VIEW_UCAST, RTM_VIEW_MCAST)
 * @num_routes: routes of the destination in this view
 * @route: the best route of the selected protocol in this view (a
 *	reference), or 0
 * @owner: the entity owning @route (a reference), or 0
 * @dest_flags: RTMv2 RTM_DEST_FLAG_*
 * @reserved: zero
 * @hold_route: route in hold-down (a reference), or 0; always 0 today
 */
struct rtm_dest_view {
	__s32	view_id;
	__u32	num_routes;
	__u64	route;
	__u64	owner;
	__u32	dest_flags;
	__u32	reserved;
	__u64	hold_route;
};

/**
 * struct rtm_dest_record - one destination, the layout of RTMv2's
 * RTM_DEST_INFO on 64-bit systems
 * @dest_handle: the destination (a reference)
 * @dest: its prefix
 * @last_changed: time of its last change, as a Windows FILETIME
 *	(100 ns units since 1601-01-01 UTC), low word first
 * @belongs_to_views: views it exists in
 * @num_views: slots in @view
 * @reserved: zero
 * @view: one slot per view asked for at RTM_IOC_ENUM_CREATE
 *
 * A record takes RTM_DEST_RECORD_SIZE(num_views) bytes; a batch is a packed
 * array of records of that stride.
 */
struct rtm_dest_record {
	__u64	dest_handle;
	struct rtm_net_address dest;
	__u32	last_changed[2];
	__u32	belongs_to_views;
	__u32	num_views;
	__u32	reserved;
	struct rtm_dest_view view[];
};

#define RTM_DEST_RECORD_SIZE(num_views) \
	(sizeof(struct rtm_dest_record) + \
	 (num_views) * sizeof(struct rtm_dest_view))

/* rtm_enum_fetch.out_flags */
#define RTM_FETCH_END		0x1	/* the walk is exhausted */

/**
 * struct rtm_enum_fetch - RTM_IOC_ENUM_FETCH: the next records of a walk
 * @enum_handle: in: the walk
 * @records: in: user buffer for @count records
 * @count: in: capacity in records (1..%RTM_MAX_ENUM_BATCH, else EINVAL);
 *	out: records written. Each record holds references that
 *	RTM_IOC_RELEASE gives back.
 * @record_size: in: bytes per record; must be
 *	RTM_DEST_RECORD_SIZE(num_views) of the walk
 * @flags: in: must be 0
 * @out_flags: out: %RTM_FETCH_END once the walk has nothing more (the
 *	records of this call are valid all the same); ignored on input
 * @reserved: must be zero
 *
 * If the buffer faults after some records were written whole, the call
 * succeeds with those records; a fault in the first record is EFAULT. The
 * same goes for a record whose references the file cannot take (ENOMEM,
 * or EDQUOT at the file's cap of distinct handles).
 * Either way no reference is taken for a record the call does not report,
 * and the walk resumes right after the last record reported.
 */
struct rtm_enum_fetch {
	__u64	enum_handle;
	__u64	records;
	__u32	count;
	__u32	record_size;
	__u32	flags;
	__u32	out_flags;
	__u64	reserved[2];
};

/**
 * struct rtm_enum_delete - RTM_IOC_ENUM_DELETE: end a walk
 * @enum_handle: in: the walk, invalid afterwards
 * @reserved: must be zero
 */
struct rtm_enum_delete {
	__u64	enum_handle;
	__u64	reserved;
};

/**
 * struct rtm_release - RTM_IOC_RELEASE: give back many references at once
 * @handles: in: user array of @count handles (__u64)
 * @count: in: number of handles, 0..%RTM_MAX_RELEASE_BATCH (E2BIG above)
 * @type: in: enum rtm_handle_type every handle must have, or
 *	%RTM_HANDLE_ANY; enumeration handles are never accepted
 * @reserved: must be zero
 *
 * All or nothing: when one handle is not held by this file (often enough,
 * counting repeats in the array) or has the wrong type, the call fails
 * with EBADF and releases nothing.
 */
struct rtm_release {
	__u64	handles;
	__u32	count;
	__u32	type;
	__u64	reserved;
};

/**
 * struct rtm_bulk_route - one record of RTM_IOC_ROUTE_ADD_BULK
 * @dest: the destination prefix, as &rtm_route.dest
 * @route_flags: RTMv2 RTM_ROUTE_FLAGS_*, within %RTM_ROUTE_FLAGS_VALID
 * @num_nexthops: entries used in @nexthops
 * @metric: RTMv2 PrefInfo.Metric
 * @preference: RTMv2 PrefInfo.Preference
 * @views: views the route belongs to
 * @change_flags: %RTM_ROUTE_CHG_NEW or %RTM_ROUTE_CHG_FIRST, as on input
 *	to RTM_IOC_ROUTE_ADD; nothing is written back
 * @neighbour: next hop handle the route was learnt from, or 0
 * @entity_info: owner-private value
 * @nexthops: next hop handles; entries past @num_nexthops must be zero
 *
 * The fields of struct rtm_route that an add by destination uses, checked
 * as RTM_IOC_ROUTE_ADD checks them. There is no route handle in or out:
 * a record adds a route or updates the caller's route with the same
 * (@dest, @neighbour), as RTM_IOC_ROUTE_ADD with handle 0 does.
 * %RTM_BULK_ROUTE_SIZE_VER0 bytes; a later version may append fields.
 */
struct rtm_bulk_route {
	struct rtm_net_address dest;
	__u16	route_flags;
	__u16	num_nexthops;
	__u32	metric;
	__u32	preference;
	__u32	views;
	__u32	change_flags;
	__u64	neighbour;
	__u64	entity_info;
	__u64	nexthops[RTM_MAX_NEXTHOPS];
};

#define RTM_BULK_ROUTE_SIZE_VER0	120	/* the first struct rtm_bulk_route */
#define RTM_BULK_ROUTE_SIZE_MAX		4096	/* largest record_size accepted */

/**
 * struct rtm_route_add_bulk - RTM_IOC_ROUTE_ADD_BULK: add many routes
 * @routes: in: user array of @count records, @record_size bytes apart
 * @count: in: records, 0..%RTM_MAX_ROUTE_BULK (EINVAL above; 0 only checks
 *	the other fields); out: records applied, from the first on
 * @record_size: in: sizeof(struct rtm_bulk_route) of the caller: a multiple
 *	of 8 from %RTM_BULK_ROUTE_SIZE_VER0 to %RTM_BULK_ROUTE_SIZE_MAX, else
 *	EINVAL. Bytes past the fields this kernel knows must be zero: a
 *	record with a non-zero byte there fails with E2BIG.
 * @flags: in: must be 0
 * @reserved0: must be zero
 * @reserved: must be zero
 *
 * Records are applied in order, each as one RTM_IOC_ROUTE_ADD. Like
 * write(2), the call stops at the first record it cannot apply (invalid,
 * faulting, out of memory, fatal signal): if records were applied before
 * it, the call succeeds with @count telling how many, and calling again
 * from the record at @count reports its error; if it was the first
 * record, the call fails with that error and nothing was applied. So a
 * failed call never applied anything, and writes nothing back.
 */
struct rtm_route_add_bulk {
	__u64	routes;
	__u32	count;
	__u32	record_size;
	__u32	flags;
	__u32	reserved0;
	__u64	reserved[2];
};

/* rtm_dest_get.flags: which destination RTM_IOC_DEST_GET returns */
#define RTM_DEST_GET_EXACT	0x0	/* the one of exactly @addr */
#define RTM_DEST_GET_LONGEST	0x1	/* @addr's, else the longest covering it */
#define RTM_DEST_GET_F_ALL	RTM_DEST_GET_LONGEST

/**
 * struct rtm_dest_get - RTM_IOC_DEST_GET: one destination by prefix
 * @flags: in: %RTM_DEST_GET_EXACT (RtmGetExactMatchDestination) or
 *	%RTM_DEST_GET_LONGEST (RtmGetMostSpecificDestination)
 * @views: in: target views, as &rtm_enum_create.views: 0 finds any
 *	destination and fills no view slots; otherwise only a destination
 *	with a route in one of the views counts, with one slot per view
 * @protocol_id: in: whose best route fills the slots, as
 *	&rtm_enum_create.protocol_id
 * @num_views: out: view slots in the record
 * @addr: in: a prefix of the entity's family, host bits zero (with
 *	%RTM_DEST_GET_LONGEST usually a full-length address)
 * @record_size: in: bytes at @record; at least
 *	RTM_DEST_RECORD_SIZE(number of views in @views), else EINVAL
 * @record: in: user buffer; out: the destination's record, written as an
 *	RTM_IOC_ENUM_FETCH record, holding the same references
 * @reserved: must be zero
 *
 * ENOENT when no destination matches. The record's references are given
 * back with RTM_IOC_RELEASE, like a fetched record's.
 */
struct rtm_dest_get {
	__u32	flags;
	__u32	views;
	__u32	protocol_id;
	__u32	num_views;
	struct rtm_net_address addr;
	__u32	record_size;
	__u64	record;
	__u64	reserved[2];
};

/* rtm_route_info.flags */
#define RTM_ROUTE_INFO_F_HANDLES	0x1	/* hand out the handle fields */
#define RTM_ROUTE_INFO_F_ALL		RTM_ROUTE_INFO_F_HANDLES

/**
 * struct rtm_route_info - RTM_IOC_ROUTE_INFO: what a route is
 * @route: in: a route handle the file holds (of any owner, live or deleted)
 * @flags: in: %RTM_ROUTE_INFO_F_HANDLES to get @dest_handle, @owner,
 *	@neighbour and @nexthops as references (RtmGetRouteInfo's RouteInfo);
 *	without it they are 0 and nothing is taken (only DestAddress wanted)
 * @num_nexthops: out: entries used in @nexthops
 * @dest_handle: out: the route's destination
 * @owner: out: the entity that owns it
 * @neighbour: out: the next hop it was learnt from, or 0
 * @dest: out: the destination's prefix
 * @state: out: RTMv2 RTM_ROUTE_STATE_* (0 created, 2 deleted)
 * @reserved0: must be zero; zero on output
 * @route_flags: out: RTMv2 RTM_ROUTE_FLAGS_*
 * @metric: out: RTMv2 PrefInfo.Metric
 * @preference: out: RTMv2 PrefInfo.Preference
 * @views: out: views it belongs to
 * @reserved1: must be zero; zero on output
 * @entity_info: out: the owner's private value
 * @nexthops: out: its next hops
 * @reserved: must be zero
 *
 * The out fields are ignored on input. With %RTM_ROUTE_INFO_F_HANDLES the
 * call takes one hold of each non-zero handle it returns, all or nothing
 * (EDQUOT, ENOMEM: nothing taken); RTM_IOC_RELEASE gives them back
 * (RtmReleaseRouteInfo).
 */
struct rtm_route_info {
	__u64	route;
	__u32	flags;
	__u32	num_nexthops;
	__u64	dest_handle;
	__u64	owner;
	__u64	neighbour;
	struct rtm_net_address dest;
	__u8	state;
	__u8	reserved0;
	__u16	route_flags;
	__u32	metric;
	__u32	preference;
	__u32	views;
	__u32	reserved1;
	__u64	entity_info;
	__u64	nexthops[RTM_MAX_NEXTHOPS];
	__u64	reserved[2];
};

/**
 * struct rtm_nexthop_info - RTM_IOC_NEXTHOP_INFO: what a next hop is
 * @nexthop: in: a next hop handle the file holds (of any owner)
 * @owner: out: the entity that owns it (a reference; RtmReleaseNextHopInfo)
 * @addr: out: its address
 * @ifindex: out: its interface, 0 for a remote next hop
 * @nh_state: out: RTMv2 RTM_NEXTHOP_STATE_* (0 created, 1 deleted)
 * @nh_flags: out: RTMv2 RTM_NEXTHOP_FLAGS_*
 * @flags: in: must be 0
 * @entity_info: out: the owner's private value
 * @reserved: must be zero
 *
 * RTMv2's RemoteNextHop has no counterpart: rtm does not resolve remote
 * next hops, and librtm returns it as NULL.
 */
struct rtm_nexthop_info {
	__u64	nexthop;
	__u64	owner;
	struct rtm_net_address addr;
	__u32	ifindex;
	__u16	nh_state;
	__u16	nh_flags;
	__u32	flags;
	__u64	entity_info;
	__u64	reserved[2];
};

#define RTM_IOC_MAGIC	0xd7

#define RTM_IOC_VERSION		_IOWR(RTM_IOC_MAGIC, 0x00, struct rtm_version)
#define RTM_IOC_REGISTER	_IOWR(RTM_IOC_MAGIC, 0x01, struct rtm_register)
#define RTM_IOC_NEXTHOP_ADD	_IOWR(RTM_IOC_MAGIC, 0x02, struct rtm_nexthop)
#define RTM_IOC_NEXTHOP_DELETE	_IOWR(RTM_IOC_MAGIC, 0x03, struct rtm_nexthop)
#define RTM_IOC_ROUTE_ADD	_IOWR(RTM_IOC_MAGIC, 0x04, struct rtm_route)
#define RTM_IOC_ROUTE_DELETE	_IOWR(RTM_IOC_MAGIC, 0x05, struct rtm_route)
#define RTM_IOC_ENUM_CREATE	_IOWR(RTM_IOC_MAGIC, 0x06, struct rtm_enum_create)
#define RTM_IOC_ENUM_FETCH	_IOWR(RTM_IOC_MAGIC, 0x07, struct rtm_enum_fetch)
#define RTM_IOC_ENUM_DELETE	_IOW(RTM_IOC_MAGIC, 0x08, struct rtm_enum_delete)
#define RTM_IOC_RELEASE		_IOWR(RTM_IOC_MAGIC, 0x09, struct rtm_release)
#define RTM_IOC_ROUTE_ADD_BULK	_IOWR(RTM_IOC_MAGIC, 0x0a, struct rtm_route_add_bulk)
#define RTM_IOC_DEST_GET	_IOWR(RTM_IOC_MAGIC, 0x0b, struct rtm_dest_get)
#define RTM_IOC_ROUTE_INFO	_IOWR(RTM_IOC_MAGIC, 0x0c, struct rtm_route_info)
#define RTM_IOC_NEXTHOP_INFO	_IOWR(RTM_IOC_MAGIC, 0x0d, struct rtm_nexthop_info)

#endif /* _UAPI_LINUX_RTM_H */
