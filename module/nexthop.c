// SPDX-License-Identifier: GPL-2.0
/*
 * Next hops. Few per entity (one per neighbour or interface), so a list
 * per entity is enough to find them by identity.
 */
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nexthop.h"
#include "stats.h"

static void rtm_nexthop_free(struct rtm_obj *obj)
{
	struct rtm_nh *nh = container_of(obj, struct rtm_nh, obj);

	rtm_obj_put(&nh->owner->obj);
	rtm_stat_add(RTM_STAT_NEXTHOPS, -1);
	kfree_rcu(nh, rcu);
}

static bool rtm_nexthop_is(const struct rtm_nh *nh,
			   const struct rtm_nexthop_params *params)
{
	return nh->prefix_len == params->prefix_len &&
	       nh->ifindex == params->ifindex &&
	       !memcmp(nh->addr, params->addr, nh->owner->table->addr_bytes);
}

/**
 * rtm_nexthop_find() - a live next hop of @owner by identity
 * @owner: the entity
 * @params: address, length and interface to match
 *
 * Context: instance lock held.
 * Return: the next hop (no reference taken) or NULL.
 */
struct rtm_nh *rtm_nexthop_find(struct rtm_entity *owner,
				const struct rtm_nexthop_params *params)
{
	struct rtm_nh *nh;

	lockdep_assert_held(&owner->inst->lock);
	list_for_each_entry(nh, &owner->nexthops, node)
		if (rtm_nexthop_is(nh, params))
			return nh;
	return NULL;
}

/**
 * rtm_nexthop_add() - update a next hop, or create it
 * @owner: the entity
 * @nh: the next hop to update (the caller checked it is @owner's and
 *	live), or NULL to find it by identity or create it
 * @params: the new values
 * @result: out: the next hop (no reference taken)
 * @created: out: whether it is new
 *
 * Context: instance lock held.
 * Return: 0, -EINVAL (@nh's identity differs from @params), -EDQUOT
 * (@owner has its most next hops), -ENOMEM, -ENOSPC (no id).
 */
int rtm_nexthop_add(struct rtm_entity *owner, struct rtm_nh *nh,
		    const struct rtm_nexthop_params *params,
		    struct rtm_nh **result, bool *created)
{
	int err;

	lockdep_assert_held(&owner->inst->lock);
	if (nh && !rtm_nexthop_is(nh, params))
		return -EINVAL;
	if (!nh)
		nh = rtm_nexthop_find(owner, params);
	*created = !nh;
	if (!nh) {
		if (owner->nr_nexthops >= owner->max_nexthops)
			return -EDQUOT;
		nh = kzalloc(sizeof(*nh), GFP_KERNEL_ACCOUNT);
		if (!nh)
			return -ENOMEM;
		err = rtm_obj_init(&nh->obj, RTM_HANDLE_NEXTHOP,
				   rtm_nexthop_free);
		if (err) {
			kfree(nh);
			return err;
		}
		rtm_stat_add(RTM_STAT_NEXTHOPS, 1);
		rtm_obj_get(&owner->obj);
		nh->owner = owner;
		memcpy(nh->addr, params->addr, owner->table->addr_bytes);
		nh->prefix_len = params->prefix_len;
		nh->ifindex = params->ifindex;
		nh->state = RTM_NEXTHOP_STATE_CREATED;
		list_add_tail(&nh->node, &owner->nexthops);
		owner->nr_nexthops++;
	}
	WRITE_ONCE(nh->nh_flags, params->nh_flags);
	WRITE_ONCE(nh->entity_info, params->entity_info);
	*result = nh;
	return 0;
}

/**
 * rtm_nexthop_unlink() - delete a next hop from its owner's set
 * @nh: a live next hop
 *
 * Routes that use it keep it (as deleted) until they go.
 *
 * Context: instance lock held.
 */
void rtm_nexthop_unlink(struct rtm_nh *nh)
{
	lockdep_assert_held(&nh->owner->inst->lock);
	list_del(&nh->node);
	nh->owner->nr_nexthops--;
	WRITE_ONCE(nh->state, RTM_NEXTHOP_STATE_DELETED);
	rtm_obj_put(&nh->obj);
}
