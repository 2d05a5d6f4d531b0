/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entities: RTMv2 registrations, one per open file.
 */
#ifndef _RTM_ENTITY_H
#define _RTM_ENTITY_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#include "instance.h"
#include "obj.h"

/**
 * struct rtm_entity - a registered client
 * @obj: handle header; routes and next hops of the entity hold references
 * @inst: the instance it registered with
 * @table: the table of its address family
 * @protocol_id: RTMv2 EntityProtocolId
 * @instance_id: RTMv2 EntityInstanceId
 * @claims_ids: registered with CAP_NET_ADMIN: no other such entity may
 *	use the same ids. Unprivileged (read-only) entities claim nothing,
 *	so they cannot squat a daemon's ids.
 * @registered: false once withdrawn; under the instance lock
 * @node: in &rtm_instance.entities while registered
 * @routes: its live routes (&rtm_rt.owner_node), under the instance lock
 * @nexthops: its live next hops (&rtm_nh.node), under the instance lock
 * @nr_routes: entries of @routes, under the instance lock
 * @nr_nexthops: entries of @nexthops, under the instance lock
 * @max_routes: cap on @nr_routes, fixed at registration
 * @max_nexthops: cap on @nr_nexthops, fixed at registration
 * @rcu: frees the entity after readers that found it through a route
 */
struct rtm_entity {
	struct rtm_obj obj;
	struct rtm_instance *inst;
	struct rtm_table *table;
	u32 protocol_id;
	u32 instance_id;
	bool claims_ids;
	bool registered;
	struct list_head node;
	struct list_head routes;
	struct list_head nexthops;
	u32 nr_routes;
	u32 nr_nexthops;
	u32 max_routes;
	u32 max_nexthops;
	struct rcu_head rcu;
};

int rtm_entity_register(struct rtm_instance *inst, u16 family, u32 protocol_id,
			u32 instance_id, bool claims_ids,
			struct rtm_entity **entity);
void rtm_entity_withdraw(struct rtm_entity *entity);

struct rtm_file;
struct rtm_register;
long rtm_entity_register_ioctl(struct rtm_file *file,
			       struct rtm_register *req, bool claims_ids);

#endif /* _RTM_ENTITY_H */
