// SPDX-License-Identifier: GPL-2.0
/*
 * Next hops. Few per entity (one per neighbour or interface), so a list
 * per entity is enough to find them by identity.
 */
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nexthop.h"
#include "prefix.h"
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
	lockdep_assert_held(&owner->inst->lock);
	if (nh && !rtm_nexthop_is(nh, params))
		return -EINVAL;
	if (!nh)
		nh = rtm_nexthop_find(owner, params);
	*created = !nh;
	if (!nh) {
		if (owner->nr_nexthops >= owner->max_nexthops)
			return -EDQUOT;
		nh = rtm_obj_new(nh, RTM_HANDLE_NEXTHOP, rtm_nexthop_free,
				 RTM_STAT_NEXTHOPS);
		if (IS_ERR(nh))
			return PTR_ERR(nh);
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

/**
 * rtm_own_nexthop() - a next hop the file holds and its entity owns, live
 * @file: the caller's registered file
 * @handle: the handle from userspace
 * @result: out: the next hop, valid while the file holds @handle
 *
 * Return: 0, -EBADF (not held), -EACCES (another entity's), -ENOENT
 * (deleted).
 */
long rtm_own_nexthop(struct rtm_file *file, u64 handle, struct rtm_nh **result)
{
	struct rtm_obj *obj = rtm_handles_lookup(&file->handles, handle,
						 RTM_HANDLE_NEXTHOP);

	if (!obj)
		return -EBADF;
	*result = container_of(obj, struct rtm_nh, obj);
	return rtm_may_change_own(file, (*result)->owner,
				  (*result)->state != RTM_NEXTHOP_STATE_CREATED);
}

/* What both next hop commands check; @flags are the ones the command knows. */
static bool rtm_nexthop_req_valid(const struct rtm_nexthop *req, u32 flags)
{
	return !(req->flags & ~flags) && !req->reserved0 &&
	       !req->reserved[0] && !req->reserved[1] &&
	       !(req->nh_flags & ~RTM_NEXTHOP_FLAGS_VALID);
}

/*
 * The next hop a request names: the one of its handle, which must be the
 * caller's and live, else the caller's live one with the identity of
 * @params, or NULL.
 */
static long rtm_nexthop_of_req(struct rtm_file *file,
			       const struct rtm_nexthop *req,
			       const struct rtm_nexthop_params *params,
			       struct rtm_nh **nh)
{
	lockdep_assert_held(&file->inst->lock);
	if (req->handle)
		return rtm_own_nexthop(file, req->handle, nh);
	*nh = rtm_nexthop_find(file->entity, params);
	return 0;
}

/**
 * rtm_nexthop_add_ioctl() - RTM_IOC_NEXTHOP_ADD
 * @file: the caller's registered, privileged file, locked
 * @req: the request, copied in; the out fields set on success
 *
 * Context: takes the instance lock.
 * Return: 0, -EINVAL, -EBADF, -EACCES, -ENOENT (a handle that is not
 * the caller's live next hop), -EDQUOT, -ENOMEM, -ENOSPC.
 */
long rtm_nexthop_add_ioctl(struct rtm_file *file, struct rtm_nexthop *req)
{
	struct rtm_handles *want = req->flags & RTM_NH_F_WANT_HANDLE ?
				   &file->handles : NULL;
	struct rtm_nexthop_params params = {
		.addr = req->addr.addr,
		.prefix_len = req->addr.prefix_len,
		.ifindex = req->ifindex,
		.nh_flags = req->nh_flags,
		.entity_info = req->entity_info,
	};
	struct rtm_instance *inst = file->inst;
	struct rtm_nh *nh;
	bool created;
	long err;

	if (!rtm_nexthop_req_valid(req, RTM_NH_F_ALL) ||
	    !rtm_prefix_valid(file->entity->table, &req->addr))
		return -EINVAL;

	mutex_lock(&inst->lock);
	err = rtm_nexthop_of_req(file, req, &params, &nh);
	if (err)
		goto unlock;
	/* Take the handle first where nothing is created, so failing changes nothing. */
	if (nh && want) {
		err = rtm_handles_hand_out(want, &nh->obj);
		if (err)
			goto unlock;
	}
	err = rtm_nexthop_add(file->entity, nh, &params, &nh, &created);
	if (!err && created && want) {
		err = rtm_handles_hand_out(want, &nh->obj);
		if (err)
			rtm_nexthop_unlink(nh);
	} else if (err && nh && want) {
		rtm_handles_drop(want, &nh->obj);
	}
unlock:
	mutex_unlock(&inst->lock);
	if (err)
		return err;
	req->handle = want ? rtm_obj_handle(&nh->obj) : 0;
	req->nh_state = nh->state;
	req->change_flags = created ? 1 : 0;
	return 0;
}

/**
 * rtm_nexthop_delete_ioctl() - RTM_IOC_NEXTHOP_DELETE
 * @file: the caller's registered, privileged file, locked
 * @req: the request, copied in
 *
 * Context: takes the instance lock.
 * Return: 0, -EINVAL, -EBADF, -EACCES, -ENOENT.
 */
long rtm_nexthop_delete_ioctl(struct rtm_file *file, struct rtm_nexthop *req)
{
	struct rtm_nexthop_params params = {
		.addr = req->addr.addr,
		.prefix_len = req->addr.prefix_len,
		.ifindex = req->ifindex,
	};
	struct rtm_instance *inst = file->inst;
	struct rtm_nh *nh;
	long err;

	/* By handle, the address is not needed; by address, it must be valid. */
	if (!rtm_nexthop_req_valid(req, 0) ||
	    (!req->handle && !rtm_prefix_valid(file->entity->table, &req->addr)))
		return -EINVAL;
	mutex_lock(&inst->lock);
	err = rtm_nexthop_of_req(file, req, &params, &nh);
	if (!err && !nh)
		err = -ENOENT;
	if (!err) {
		rtm_nexthop_unlink(nh);
		if (req->handle)
			rtm_handles_drop(&file->handles, &nh->obj);
	}
	mutex_unlock(&inst->lock);
	return err;
}

/**
 * rtm_nexthop_info_ioctl() - RTM_IOC_NEXTHOP_INFO
 * @file: the caller's registered file, locked
 * @req: the request, copied in; the out fields set on success
 *
 * Return: 0, -EINVAL, -EBADF (not held), -EDQUOT or -ENOMEM (nothing
 * taken).
 */
long rtm_nexthop_info_ioctl(struct rtm_file *file, struct rtm_nexthop_info *req)
{
	struct rtm_obj *obj;
	struct rtm_nh *nh;
	long err;

	if (req->flags || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	obj = rtm_handles_lookup(&file->handles, req->nexthop,
				 RTM_HANDLE_NEXTHOP);
	if (!obj)
		return -EBADF;
	nh = container_of(obj, struct rtm_nh, obj);
	err = rtm_handles_hand_out(&file->handles, &nh->owner->obj);
	if (err)
		return err;
	req->owner = rtm_obj_handle(&nh->owner->obj);
	rtm_prefix_to_user(&req->addr, nh->owner->table, nh->addr,
			   nh->prefix_len);
	req->ifindex = nh->ifindex;
	req->nh_state = READ_ONCE(nh->state);
	req->nh_flags = READ_ONCE(nh->nh_flags);
	req->entity_info = READ_ONCE(nh->entity_info);
	return 0;
}
