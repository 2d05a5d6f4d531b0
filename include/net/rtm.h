/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtm: the in-kernel API of the RTM destination tables, for forwarding code
 * and other kernel consumers of the routes rtm.ko holds.
 *
 * Lookups run under rcu_read_lock() only: no lock, no atomic write, no
 * reference taken. What they return is valid until rcu_read_unlock(); a
 * consumer that keeps a destination longer takes a reference with
 * rtm_dest_hold() and gives it back with rtm_dest_put().
 *
 * Changes are announced on a blocking notifier chain, from process context,
 * after the tables show them.
 *
 * The functions are documented where they are defined, in module/kapi.c;
 * Documentation/kapi.rst has the rules and an example.
 */
#ifndef _NET_RTM_H
#define _NET_RTM_H

#include <linux/notifier.h>
#include <linux/types.h>
#include <uapi/linux/rtm.h>

struct net;
struct rtm_dest;

/**
 * struct rtm_fwd_nexthop - one next hop as a forwarder uses it
 * @addr: gateway address bits (4 or 16 bytes used, the rest zero)
 * @ifindex: outgoing interface, 0 when the next hop names none
 * @flags: RTMv2 RTM_NEXTHOP_FLAGS_*
 */
struct rtm_fwd_nexthop {
	u8 addr[RTM_MAX_ADDRESS_BYTES];
	u32 ifindex;
	u16 flags;
};

/**
 * struct rtm_fwd_result - the best route of a destination in one view
 * @dest: the destination (valid under the caller's RCU read section only)
 * @prefix_len: its prefix length
 * @num_nexthops: used entries of @nexthops (0 for a route without any)
 * @metric: the route's metric
 * @preference: the route's preference
 * @nexthops: the route's next hops; only @num_nexthops are written
 */
struct rtm_fwd_result {
	struct rtm_dest *dest;
	u8 prefix_len;
	u8 num_nexthops;
	u32 metric;
	u32 preference;
	struct rtm_fwd_nexthop nexthops[RTM_MAX_NEXTHOPS];
};

/**
 * enum rtm_dest_event - events on the rtm notifier chain
 * @RTM_DEST_ADDED: a destination got its first route
 * @RTM_DEST_CHANGED: the best route of some view changed: another route
 *	became best, or the best one was updated in place
 * @RTM_DEST_REMOVED: a destination lost its last route and left its table
 *
 * The data of each is a struct rtm_dest_notifier_info.
 */
enum rtm_dest_event {
	RTM_DEST_ADDED,
	RTM_DEST_CHANGED,
	RTM_DEST_REMOVED,
};

/**
 * struct rtm_dest_notifier_info - what a destination change event carries
 * @net: the namespace whose table changed
 * @family: AF_INET or AF_INET6
 * @prefix_len: the destination's prefix length
 * @addr: the destination's prefix bits (4 or 16 bytes used)
 * @views: views whose best route changed (for RTM_DEST_ADDED and
 *	RTM_DEST_REMOVED: the views the destination had routes in)
 * @dest: the destination; callbacks may rtm_dest_hold() it
 */
struct rtm_dest_notifier_info {
	struct net *net;
	u16 family;
	u8 prefix_len;
	u8 addr[RTM_MAX_ADDRESS_BYTES];
	u32 views;
	struct rtm_dest *dest;
};

int rtm_fib_lookup(struct net *net, u16 family, const void *addr, u32 view,
		   struct rtm_fwd_result *res);
struct rtm_dest *rtm_dest_lookup_longest(struct net *net, u16 family,
					 const void *addr);
struct rtm_dest *rtm_dest_lookup_exact(struct net *net, u16 family,
				       const void *addr, u8 prefix_len);
int rtm_dest_fwd_info(struct rtm_dest *dest, u32 view,
		      struct rtm_fwd_result *res);
bool rtm_dest_hold(struct rtm_dest *dest);
void rtm_dest_put(struct rtm_dest *dest);
int rtm_register_notifier(struct notifier_block *nb);
int rtm_unregister_notifier(struct notifier_block *nb);

#endif /* _NET_RTM_H */
