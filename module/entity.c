// SPDX-License-Identifier: GPL-2.0
/*
 * Registration and withdrawal of entities.
 *
 * Windows leaves the cleanup of a deregistering client to the client; a
 * Linux daemon can die at any moment, so withdrawal takes everything the
 * entity put into the tables with it, and other entities' best routes
 * are recomputed on the way.
 */
#include <linux/sched.h>
#include <linux/slab.h>

#include "entity.h"
#include "file.h"
#include "limits.h"
#include "nexthop.h"
#include "route.h"
#include "stats.h"

static void rtm_entity_free(struct rtm_obj *obj)
{
	struct rtm_entity *entity = container_of(obj, struct rtm_entity, obj);

	rtm_stat_add(RTM_STAT_ENTITIES, -1);
	kfree_rcu(entity, rcu);
}

static bool rtm_entity_exists(struct rtm_instance *inst, struct rtm_table *table,
			      u32 protocol_id, u32 instance_id)
{
	struct rtm_entity *entity;

	list_for_each_entry(entity, &inst->entities, node)
		if (entity->claims_ids && entity->table == table &&
		    entity->protocol_id == protocol_id &&
		    entity->instance_id == instance_id)
			return true;
	return false;
}

/**
 * rtm_entity_register() - register a client with an instance
 * @inst: the instance
 * @family: AF_INET or AF_INET6
 * @protocol_id: RTMv2 EntityProtocolId
 * @instance_id: RTMv2 EntityInstanceId
 * @claims_ids: whether the ids are reserved for this entity (privileged
 *	callers); others register without checking or reserving them
 * @entity: out: the entity, with one reference for the caller
 *
 * The entity's caps on routes and next hops are the module parameters of
 * this moment.
 *
 * Context: takes the instance lock.
 * Return: 0, -EINVAL (family), -EEXIST (ids taken), -ENOMEM, -ENOSPC.
 */
int rtm_entity_register(struct rtm_instance *inst, u16 family, u32 protocol_id,
			u32 instance_id, bool claims_ids,
			struct rtm_entity **entity)
{
	struct rtm_table *table = rtm_instance_table(inst, family);
	struct rtm_limits limits;
	struct rtm_entity *new;

	if (!table)
		return -EINVAL;
	new = rtm_obj_new(new, RTM_HANDLE_ENTITY, rtm_entity_free,
			  RTM_STAT_ENTITIES);
	if (IS_ERR(new))
		return PTR_ERR(new);
	new->inst = inst;
	new->table = table;
	new->protocol_id = protocol_id;
	new->instance_id = instance_id;
	new->claims_ids = claims_ids;
	INIT_LIST_HEAD(&new->routes);
	INIT_LIST_HEAD(&new->nexthops);
	rtm_limits_get(&limits);
	new->max_routes = limits.routes;
	new->max_nexthops = limits.nexthops;

	mutex_lock(&inst->lock);
	if (claims_ids &&
	    rtm_entity_exists(inst, table, protocol_id, instance_id)) {
		mutex_unlock(&inst->lock);
		rtm_obj_put(&new->obj);
		return -EEXIST;
	}
	new->registered = true;
	list_add_tail(&new->node, &inst->entities);
	mutex_unlock(&inst->lock);
	*entity = new;
	return 0;
}

/**
 * rtm_entity_withdraw() - deregister; delete the entity's routes and next hops
 * @entity: a registered entity
 *
 * The entity object lives on while handles to it are held elsewhere.
 *
 * Context: takes the instance lock.
 */
void rtm_entity_withdraw(struct rtm_entity *entity)
{
	struct rtm_instance *inst = entity->inst;
	struct rtm_rt *route, *next_route;
	struct rtm_nh *nh, *next_nh;
	unsigned int n = 0;

	mutex_lock(&inst->lock);
	list_for_each_entry_safe(route, next_route, &entity->routes, owner_node) {
		rtm_route_unlink(route, NULL);
		if (!(++n % 256))
			cond_resched();
	}
	list_for_each_entry_safe(nh, next_nh, &entity->nexthops, node) {
		rtm_nexthop_unlink(nh);
		if (!(++n % 256))
			cond_resched();
	}
	entity->registered = false;
	list_del(&entity->node);
	mutex_unlock(&inst->lock);
}

/**
 * rtm_entity_register_ioctl() - RTM_IOC_REGISTER
 * @file: the caller's file, locked
 * @req: the request, copied in; @req->entity_handle set on success
 * @claims_ids: whether the caller may reserve its ids (CAP_NET_ADMIN)
 *
 * Return: 0, -EINVAL, -EBUSY (already an entity), or an error of
 * rtm_entity_register().
 */
long rtm_entity_register_ioctl(struct rtm_file *file,
			       struct rtm_register *req, bool claims_ids)
{
	int err;

	if (req->flags || req->rtm_instance || req->reserved[0] ||
	    req->reserved[1])
		return -EINVAL;
	if (file->entity)
		return -EBUSY;
	err = rtm_entity_register(file->inst, req->family, req->protocol_id,
				  req->instance_id, claims_ids,
				  &file->entity);
	if (err)
		return err;
	req->entity_handle = rtm_obj_handle(&file->entity->obj);
	return 0;
}
