// SPDX-License-Identifier: GPL-2.0
/*
 * Routes. A route is identified by (destination, owner, neighbour); adding
 * one that exists updates it, as RtmAddRouteToDest does. Every step that
 * can fail runs before the route becomes visible, so a failed add leaves
 * the table as it was. Each change that reaches the table is announced
 * (event.c) while the instance lock is still held, so consumers see the
 * changes to one destination in the order they were made.
 */
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "event.h"
#include "nexthop.h"
#include "prefix.h"
#include "route.h"
#include "stats.h"
#include "table.h"

static void rtm_route_put_nexthops(struct rtm_nh *neighbour,
				   struct rtm_nh **nexthops, unsigned int n)
{
	if (neighbour)
		rtm_obj_put(&neighbour->obj);
	while (n--)
		rtm_obj_put(&nexthops[n]->obj);
}

/*
 * The next hops of @route, for its writers (the instance lock held) or
 * its destructor (no reference left, so no writer either).
 */
static void rtm_route_nexthops(const struct rtm_rt *route,
			       struct rtm_nh *nexthops[RTM_MAX_NEXTHOPS])
{
	const struct mutex *lock = &route->owner->inst->lock;
	bool dead = !refcount_read(&route->obj.ref);
	unsigned int i;

	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		nexthops[i] = rcu_dereference_protected(route->nexthops[i],
							lockdep_is_held(lock) || dead);
}

static void rtm_route_free(struct rtm_obj *obj)
{
	struct rtm_rt *route = container_of(obj, struct rtm_rt, obj);
	struct rtm_nh *nexthops[RTM_MAX_NEXTHOPS];

	rtm_route_nexthops(route, nexthops);
	rtm_route_put_nexthops(route->neighbour, nexthops, route->num_nexthops);
	if (route->dest)
		rtm_obj_put(&route->dest->obj);
	rtm_obj_put(&route->owner->obj);
	rtm_stat_add(RTM_STAT_ROUTES, -1);
	kfree_rcu(route, rcu);
}

/* Take the references the new values need before dropping the old ones. */
static void rtm_route_set(struct rtm_rt *route,
			  const struct rtm_route_params *params)
{
	struct rtm_nh *old_nexthops[RTM_MAX_NEXTHOPS];
	struct rtm_nh *old_neighbour = route->neighbour;
	unsigned int old_num = route->num_nexthops, i;

	rtm_route_nexthops(route, old_nexthops);
	if (params->neighbour)
		rtm_obj_get(&params->neighbour->obj);
	for (i = 0; i < params->num_nexthops; i++)
		rtm_obj_get(&params->nexthops[i]->obj);

	route->neighbour = params->neighbour;
	/* RCU readers (rtm_fib_lookup()) follow each slot on its own. */
	for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
		rcu_assign_pointer(route->nexthops[i], params->nexthops[i]);
	WRITE_ONCE(route->num_nexthops, params->num_nexthops);
	WRITE_ONCE(route->metric, params->metric);
	WRITE_ONCE(route->preference, params->preference);
	WRITE_ONCE(route->views, params->views);
	WRITE_ONCE(route->route_flags, params->route_flags);
	WRITE_ONCE(route->entity_info, params->entity_info);

	rtm_route_put_nexthops(old_neighbour, old_nexthops, old_num);
}

static struct rtm_rt *rtm_route_find(struct rtm_entity *owner,
				     struct rtm_dest *dest,
				     struct rtm_nh *neighbour, bool first)
{
	struct rtm_rt *route;

	list_for_each_entry(route, &dest->routes, dest_node)
		if (route->owner == owner &&
		    (first || route->neighbour == neighbour))
			return route;
	return NULL;
}

static u32 rtm_route_update(struct rtm_rt *route,
			    const struct rtm_route_params *params)
{
	struct rtm_dest *dest = route->dest;
	u32 old_views = dest->views, changed;

	rtm_route_set(route, params);
	/*
	 * Re-ranking moves the route within the RCU list: a reader standing
	 * on it may see some routes twice or miss one, and never loops.
	 */
	rtm_dest_remove_route(dest, route);
	rtm_dest_insert_route(dest, route);
	changed = rtm_dest_update_best(dest);
	rtm_dest_changed(route->owner->inst->net, dest, old_views, changed,
			 route);
	return changed ? RTM_ROUTE_CHG_BEST : 0;
}

static struct rtm_rt *rtm_route_alloc(struct rtm_entity *owner)
{
	struct rtm_rt *route = rtm_obj_new(route, RTM_HANDLE_ROUTE,
					   rtm_route_free, RTM_STAT_ROUTES);

	if (IS_ERR(route))
		return NULL;
	rtm_obj_get(&owner->obj);
	route->owner = owner;
	route->state = RTM_ROUTE_STATE_CREATED;
	return route;
}

static int rtm_route_create(struct rtm_entity *owner, struct rtm_dest *dest,
			    const struct rtm_route_target *target,
			    const struct rtm_route_params *params,
			    struct rtm_handles *want_handle, u32 *change_flags,
			    struct rtm_rt **result)
{
	struct rtm_dest *new_dest = NULL;
	u32 old_views, changed;
	struct rtm_rt *route;
	int err = -ENOMEM;

	if (owner->nr_routes >= owner->max_routes)
		return -EDQUOT;
	route = rtm_route_alloc(owner);
	if (!route)
		return -ENOMEM;
	if (!dest) {
		dest = rtm_dest_create(owner->table, target->key,
				       target->prefix_len);
		if (!dest)
			goto put_route;
		new_dest = dest;
	} else {
		rtm_obj_get(&dest->obj);
	}
	/* The route's reference; a new destination's first one is the trie's. */
	if (new_dest)
		rtm_obj_get(&new_dest->obj);
	route->dest = dest;
	rtm_route_set(route, params);

	if (want_handle) {
		err = rtm_handles_hand_out(want_handle, &route->obj);
		if (err)
			goto put_dest;
	}
	old_views = dest->views;
	rtm_dest_insert_route(dest, route);
	if (new_dest) {
		changed = rtm_dest_update_best(new_dest);
		err = rtm_dest_publish(new_dest);
		if (err) {
			rtm_dest_remove_route(new_dest, route);
			if (want_handle)
				rtm_handles_drop(want_handle, &route->obj);
			goto put_dest;
		}
		*change_flags = RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_BEST;
	} else {
		*change_flags = RTM_ROUTE_CHG_NEW;
		changed = rtm_dest_update_best(dest);
		if (changed)
			*change_flags |= RTM_ROUTE_CHG_BEST;
	}
	list_add_tail(&route->owner_node, &owner->routes);
	owner->nr_routes++;
	rtm_dest_changed(owner->inst->net, dest, old_views, changed, NULL);
	*result = route;
	return 0;

put_dest:
	if (new_dest)
		rtm_obj_put(&new_dest->obj);
put_route:
	rtm_obj_put(&route->obj);
	return err;
}

/**
 * rtm_route_add() - add a route, or update one
 * @owner: the calling entity
 * @target: the destination and which route on it
 * @params: the route's new values
 * @want_handle: the caller's handle table when it wants a reference to
 *	the route, else NULL
 * @change_flags: out: %RTM_ROUTE_CHG_NEW if created, %RTM_ROUTE_CHG_BEST if
 *	a view's best route changed
 * @result: out: the route added or updated
 *
 * Context: instance lock held.
 * Return: 0, -EDQUOT (a new route and @owner owns its most routes, or
 * the handle is held its most times), -ENOMEM or -ENOSPC (no id).
 */
int rtm_route_add(struct rtm_entity *owner, const struct rtm_route_target *target,
		  const struct rtm_route_params *params,
		  struct rtm_handles *want_handle, u32 *change_flags,
		  struct rtm_rt **result)
{
	struct rtm_rt *route = target->route;
	struct rtm_dest *dest;
	int err;

	lockdep_assert_held(&owner->inst->lock);
	dest = route ? route->dest :
		rtm_dest_lookup(owner->table, target->key, target->prefix_len);
	if (!route && dest && !(target->change_flags & RTM_ROUTE_CHG_NEW))
		route = rtm_route_find(owner, dest, params->neighbour,
				       target->change_flags & RTM_ROUTE_CHG_FIRST);
	if (!route)
		return rtm_route_create(owner, dest, target, params,
					want_handle, change_flags, result);
	if (want_handle) {
		err = rtm_handles_hand_out(want_handle, &route->obj);
		if (err)
			return err;
	}
	*change_flags = rtm_route_update(route, params);
	*result = route;
	return 0;
}

/**
 * rtm_route_unlink() - delete a live route from its destination and owner
 * @route: the route
 * @change_flags: out, may be NULL: %RTM_ROUTE_CHG_BEST if a view's best
 *	route changed
 *
 * The destination leaves the table with its last route. Holders of the
 * route's handle keep the object, in state deleted.
 *
 * Context: instance lock held, not in an RCU read section: taking the
 * destination out of the LPM index may sleep.
 */
void rtm_route_unlink(struct rtm_rt *route, u32 *change_flags)
{
	struct rtm_dest *dest = route->dest;
	u32 old_views = dest->views, changed;

	lockdep_assert_held(&route->owner->inst->lock);
	might_sleep();
	rtm_dest_remove_route(dest, route);
	list_del(&route->owner_node);
	route->owner->nr_routes--;
	WRITE_ONCE(route->state, RTM_ROUTE_STATE_DELETED);
	changed = rtm_dest_update_best(dest);
	if (change_flags)
		*change_flags = changed ? RTM_ROUTE_CHG_BEST : 0;
	if (list_empty(&dest->routes)) {
		rtm_table_delete(dest->table, dest->key, dest->prefix_len);
		rtm_obj_put(&dest->obj);
	}
	/* The route's reference keeps the destination for the callbacks. */
	rtm_dest_changed(route->owner->inst->net, dest, old_views, changed,
			 NULL);
	rtm_obj_put(&route->obj);
}

/* A route the file holds and its entity owns, still live. */
static long rtm_own_route(struct rtm_file *file, u64 handle,
			  struct rtm_rt **result)
{
	struct rtm_obj *obj = rtm_handles_lookup(&file->handles, handle,
						 RTM_HANDLE_ROUTE);

	if (!obj)
		return -EBADF;
	*result = container_of(obj, struct rtm_rt, obj);
	return rtm_may_change_own(file, (*result)->owner,
				  (*result)->state != RTM_ROUTE_STATE_CREATED);
}

static long rtm_route_params_get(struct rtm_file *file,
				 const struct rtm_route *req,
				 struct rtm_route_params *params)
{
	unsigned int i;
	long err;

	params->metric = req->metric;
	params->preference = req->preference;
	params->views = req->views;
	params->route_flags = req->route_flags;
	params->num_nexthops = req->num_nexthops;
	params->entity_info = req->entity_info;
	params->neighbour = NULL;
	if (req->neighbour) {
		err = rtm_own_nexthop(file, req->neighbour, &params->neighbour);
		if (err)
			return err;
	}
	for (i = 0; i < req->num_nexthops; i++) {
		err = rtm_own_nexthop(file, req->nexthops[i],
				      &params->nexthops[i]);
		if (err)
			return err;
	}
	return 0;
}

static bool rtm_route_req_valid(struct rtm_file *file,
				const struct rtm_route *req)
{
	unsigned int i;

	if (req->flags & ~RTM_ROUTE_F_ALL || req->reserved0 ||
	    req->reserved[0] || req->reserved[1] ||
	    req->route_flags & ~RTM_ROUTE_FLAGS_VALID ||
	    req->change_flags & ~(RTM_ROUTE_CHG_NEW | RTM_ROUTE_CHG_FIRST) ||
	    !req->views || req->views & ~RTM_VIEWS_SUPPORTED ||
	    req->num_nexthops > RTM_MAX_NEXTHOPS ||
	    !rtm_prefix_valid(file->entity->table, &req->dest))
		return false;
	for (i = req->num_nexthops; i < RTM_MAX_NEXTHOPS; i++)
		if (req->nexthops[i])
			return false;
	return true;
}

/*
 * Everything RTM_IOC_ROUTE_ADD checks and looks up before it changes the
 * table, shared with the bulk add so that a record is taken exactly as a
 * single add would take it. @target->key points into @req.
 */
static long rtm_route_add_prepare(struct rtm_file *file,
				  const struct rtm_route *req,
				  struct rtm_route_target *target,
				  struct rtm_route_params *params)
{
	struct rtm_rt *route;
	long err;

	if (!rtm_route_req_valid(file, req))
		return -EINVAL;
	err = rtm_route_params_get(file, req, params);
	if (err)
		return err;
	target->key = req->dest.addr;
	target->prefix_len = req->dest.prefix_len;
	target->change_flags = req->change_flags;
	target->route = NULL;
	if (!req->handle)
		return 0;
	err = rtm_own_route(file, req->handle, &target->route);
	if (err)
		return err;
	route = target->route;
	if (route->dest->prefix_len != target->prefix_len ||
	    memcmp(route->dest->key, target->key,
		   file->entity->table->addr_bytes))
		return -EINVAL;
	return 0;
}

/**
 * rtm_route_add_ioctl() - RTM_IOC_ROUTE_ADD
 * @file: the caller's registered, privileged file, locked
 * @req: the request, copied in; @req->handle and @req->change_flags set
 *	on success
 *
 * Context: takes the instance lock.
 * Return: 0, -EINVAL, -EBADF, -EACCES, -ENOENT, -EDQUOT, -ENOMEM, -ENOSPC.
 */
long rtm_route_add_ioctl(struct rtm_file *file, struct rtm_route *req)
{
	struct rtm_handles *want = req->flags & RTM_ROUTE_F_WANT_HANDLE ?
				   &file->handles : NULL;
	struct rtm_route_params params = {};
	struct rtm_route_target target;
	struct rtm_rt *route;
	long err;

	err = rtm_route_add_prepare(file, req, &target, &params);
	if (err)
		return err;
	mutex_lock(&file->inst->lock);
	err = rtm_route_add(file->entity, &target, &params, want,
			    &req->change_flags, &route);
	mutex_unlock(&file->inst->lock);
	if (err)
		return err;
	req->handle = want ? rtm_obj_handle(&route->obj) : 0;
	return 0;
}

/**
 * rtm_route_add_bulk_record() - one record of RTM_IOC_ROUTE_ADD_BULK
 * @file: the caller's registered, privileged file, locked
 * @rec: the record, in kernel memory
 *
 * Checked and applied as the RTM_IOC_ROUTE_ADD it stands for.
 *
 * Context: instance lock held.
 * Return: 0 or an error of RTM_IOC_ROUTE_ADD.
 */
long rtm_route_add_bulk_record(struct rtm_file *file,
			       const struct rtm_bulk_route *rec)
{
	struct rtm_route req = {
		.dest = rec->dest,
		.change_flags = rec->change_flags,
		.neighbour = rec->neighbour,
		.metric = rec->metric,
		.preference = rec->preference,
		.views = rec->views,
		.route_flags = rec->route_flags,
		.num_nexthops = rec->num_nexthops,
		.entity_info = rec->entity_info,
	};
	struct rtm_route_params params = {};
	struct rtm_route_target target;
	struct rtm_rt *route;
	u32 change_flags;
	long err;

	lockdep_assert_held(&file->inst->lock);
	BUILD_BUG_ON(sizeof(req.nexthops) != sizeof(rec->nexthops));
	memcpy(req.nexthops, rec->nexthops, sizeof(req.nexthops));
	err = rtm_route_add_prepare(file, &req, &target, &params);
	if (err)
		return err;
	return rtm_route_add(file->entity, &target, &params, NULL,
			     &change_flags, &route);
}

/**
 * rtm_route_delete_ioctl() - RTM_IOC_ROUTE_DELETE
 * @file: the caller's registered, privileged file, locked
 * @req: the request, copied in; @req->change_flags set on success
 *
 * Consumes the file's hold of the route on success.
 *
 * Context: takes the instance lock.
 * Return: 0, -EINVAL, -EBADF, -EACCES, -ENOENT.
 */
long rtm_route_delete_ioctl(struct rtm_file *file, struct rtm_route *req)
{
	struct rtm_rt *route;
	long err;

	if (req->flags || req->reserved0 || req->reserved[0] || req->reserved[1] ||
	    req->route_flags & ~RTM_ROUTE_FLAGS_VALID)
		return -EINVAL;
	err = rtm_own_route(file, req->handle, &route);
	if (err)
		return err;
	mutex_lock(&file->inst->lock);
	rtm_route_unlink(route, &req->change_flags);
	mutex_unlock(&file->inst->lock);
	rtm_handles_drop(&file->handles, &route->obj);
	return 0;
}

/**
 * rtm_route_info_ioctl() - RTM_IOC_ROUTE_INFO
 * @file: the caller's registered file, locked
 * @req: the request, copied in; the out fields set on success
 *
 * Context: takes the instance lock, which keeps the route's values and
 * next hops still while they are read.
 * Return: 0, -EINVAL, -EBADF (not held), -EDQUOT or -ENOMEM (nothing
 * taken).
 */
long rtm_route_info_ioctl(struct rtm_file *file, struct rtm_route_info *req)
{
	struct rtm_obj *objs[3 + RTM_MAX_NEXTHOPS];
	struct rtm_nh *nexthops[RTM_MAX_NEXTHOPS];
	bool handles = req->flags & RTM_ROUTE_INFO_F_HANDLES;
	struct rtm_instance *inst = file->inst;
	unsigned int i, n = 0;
	struct rtm_obj *obj;
	struct rtm_rt *route;
	long err = 0;

	if (req->flags & ~RTM_ROUTE_INFO_F_ALL || req->reserved0 ||
	    req->reserved1 || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	obj = rtm_handles_lookup(&file->handles, req->route, RTM_HANDLE_ROUTE);
	if (!obj)
		return -EBADF;
	route = container_of(obj, struct rtm_rt, obj);

	mutex_lock(&inst->lock);
	rtm_route_nexthops(route, nexthops);
	if (handles) {
		objs[n++] = &route->dest->obj;
		objs[n++] = &route->owner->obj;
		if (route->neighbour)
			objs[n++] = &route->neighbour->obj;
		for (i = 0; i < route->num_nexthops; i++)
			objs[n++] = &nexthops[i]->obj;
		err = rtm_handles_hand_out_all(&file->handles, objs, n);
	}
	if (!err) {
		req->dest_handle = handles ? rtm_obj_handle(&route->dest->obj) : 0;
		req->owner = handles ? rtm_obj_handle(&route->owner->obj) : 0;
		req->neighbour = handles && route->neighbour ?
				 rtm_obj_handle(&route->neighbour->obj) : 0;
		for (i = 0; i < RTM_MAX_NEXTHOPS; i++)
			req->nexthops[i] = handles && i < route->num_nexthops ?
					   rtm_obj_handle(&nexthops[i]->obj) : 0;
		req->num_nexthops = route->num_nexthops;
		rtm_prefix_to_user(&req->dest, route->dest->table,
				   route->dest->key, route->dest->prefix_len);
		req->state = route->state;
		req->route_flags = route->route_flags;
		req->metric = route->metric;
		req->preference = route->preference;
		req->views = route->views;
		req->entity_info = route->entity_info;
	}
	mutex_unlock(&inst->lock);
	return err;
}
