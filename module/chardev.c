// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/rtm: file lifetime and ioctl dispatch.
 *
 * The dispatcher copies the command's fixed-size structure in, checks
 * registration and privilege, runs the handler under the file's lock and
 * copies the structure back on success. Handlers decode and check their
 * request and call into the object code; they never touch user memory
 * beyond what their structure points at.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/lockdep.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "bulk.h"
#include "chardev.h"
#include "dest.h"
#include "enum.h"
#include "nexthop.h"
#include "prefix.h"
#include "route.h"
#include "stats.h"

/* The handler needs a registered entity / CAP_NET_ADMIN in the file's netns. */
#define RTM_IOCTL_ENTITY	0x1
#define RTM_IOCTL_ADMIN		0x2

union rtm_ioctl_arg {
	struct rtm_version version;
	struct rtm_register reg;
	struct rtm_nexthop nexthop;
	struct rtm_route route;
	struct rtm_enum_create enum_create;
	struct rtm_enum_fetch enum_fetch;
	struct rtm_enum_delete enum_delete;
	struct rtm_release release;
	struct rtm_route_add_bulk route_bulk;
};

struct rtm_ioctl_desc {
	unsigned int cmd;
	unsigned int flags;
	long (*handler)(struct rtm_file *file, union rtm_ioctl_arg *arg);
};

static long rtm_ioctl_version(struct rtm_file *file, union rtm_ioctl_arg *arg);

/* Like netlink: both the opener and the caller must be privileged. */
static bool rtm_may_change(struct rtm_file *file)
{
	struct user_namespace *user_ns = file->net->user_ns;

	return file_ns_capable(file->filp, user_ns, CAP_NET_ADMIN) &&
	       ns_capable(user_ns, CAP_NET_ADMIN);
}

static long rtm_ioctl_register(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	struct rtm_register *req = &arg->reg;
	int err;

	if (req->flags || req->rtm_instance || req->reserved[0] ||
	    req->reserved[1])
		return -EINVAL;
	if (file->entity)
		return -EBUSY;
	err = rtm_entity_register(file->inst, req->family, req->protocol_id,
				  req->instance_id, rtm_may_change(file),
				  &file->entity);
	if (err)
		return err;
	req->entity_handle = rtm_obj_handle(&file->entity->obj);
	return 0;
}

/* What changing an object through a handle needs, once the file holds it. */
static long rtm_may_change_own(struct rtm_file *file, struct rtm_entity *owner,
			       bool deleted)
{
	if (owner != file->entity)
		return -EACCES;
	return deleted ? -ENOENT : 0;
}

/* A next hop the file holds and its entity owns, still live. */
static long rtm_own_nexthop(struct rtm_file *file, u64 handle,
			    struct rtm_nh **result)
{
	struct rtm_obj *obj = rtm_handles_lookup(&file->handles, handle,
						 RTM_HANDLE_NEXTHOP);

	if (!obj)
		return -EBADF;
	*result = container_of(obj, struct rtm_nh, obj);
	return rtm_may_change_own(file, (*result)->owner,
				  (*result)->state != RTM_NEXTHOP_STATE_CREATED);
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

/* What both next hop commands check; @flags are the ones the command knows. */
static bool rtm_nexthop_req_valid(const struct rtm_nexthop *req, u32 flags)
{
	return !(req->flags & ~flags) && !req->reserved0 &&
	       !req->reserved[0] && !req->reserved[1] &&
	       !(req->nh_flags & ~RTM_NEXTHOP_FLAGS_VALID);
}

static long rtm_ioctl_nexthop_add(struct rtm_file *file,
				  union rtm_ioctl_arg *arg)
{
	struct rtm_nexthop *req = &arg->nexthop;
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
	struct rtm_nh *nh = NULL;
	bool created;
	long err;

	if (!rtm_nexthop_req_valid(req, RTM_NH_F_ALL) ||
	    !rtm_prefix_valid(file->entity->table, &req->addr))
		return -EINVAL;
	if (req->handle) {
		err = rtm_own_nexthop(file, req->handle, &nh);
		if (err)
			return err;
	}

	mutex_lock(&inst->lock);
	if (!nh)
		nh = rtm_nexthop_find(file->entity, &params);
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

static long rtm_ioctl_nexthop_delete(struct rtm_file *file,
				     union rtm_ioctl_arg *arg)
{
	struct rtm_nexthop *req = &arg->nexthop;
	struct rtm_nexthop_params params = {
		.addr = req->addr.addr,
		.prefix_len = req->addr.prefix_len,
		.ifindex = req->ifindex,
	};
	struct rtm_instance *inst = file->inst;
	struct rtm_nh *nh = NULL;
	long err = 0;

	/* By handle, the address is not needed; by address, it must be valid. */
	if (!rtm_nexthop_req_valid(req, 0) ||
	    (!req->handle && !rtm_prefix_valid(file->entity->table, &req->addr)))
		return -EINVAL;
	if (req->handle) {
		err = rtm_own_nexthop(file, req->handle, &nh);
		if (err)
			return err;
	}
	mutex_lock(&inst->lock);
	if (!nh)
		nh = rtm_nexthop_find(file->entity, &params);
	if (nh) {
		rtm_nexthop_unlink(nh);
		if (req->handle)
			rtm_handles_drop(&file->handles, &nh->obj);
	} else {
		err = -ENOENT;
	}
	mutex_unlock(&inst->lock);
	return err;
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

static long rtm_ioctl_route_add(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	struct rtm_route *req = &arg->route;
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

/* One bulk record, as the RTM_IOC_ROUTE_ADD it stands for (instance lock held) */
static long rtm_bulk_route_add_one(struct rtm_file *file,
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

static long rtm_ioctl_route_add_bulk(struct rtm_file *file,
				     union rtm_ioctl_arg *arg)
{
	return rtm_bulk_add_routes(file, &arg->route_bulk,
				   rtm_bulk_route_add_one);
}

static long rtm_ioctl_route_delete(struct rtm_file *file,
				   union rtm_ioctl_arg *arg)
{
	struct rtm_route *req = &arg->route;
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

static long rtm_ioctl_enum_create(struct rtm_file *file,
				  union rtm_ioctl_arg *arg)
{
	return rtm_enum_create(file, &arg->enum_create);
}

static long rtm_ioctl_enum_fetch(struct rtm_file *file,
				 union rtm_ioctl_arg *arg)
{
	return rtm_enum_fetch(file, &arg->enum_fetch);
}

static long rtm_ioctl_enum_delete(struct rtm_file *file,
				  union rtm_ioctl_arg *arg)
{
	if (arg->enum_delete.reserved)
		return -EINVAL;
	return rtm_enum_delete(file, arg->enum_delete.enum_handle);
}

static long rtm_ioctl_release(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	struct rtm_release *req = &arg->release;
	u64 *handles;
	long err;

	if (req->reserved || req->type > RTM_HANDLE_NEXTHOP)
		return -EINVAL;
	if (!req->count)
		return 0;
	if (req->count > RTM_MAX_RELEASE_BATCH)
		return -E2BIG;
	/* Sized by the caller: charged to it, and no warning when refused. */
	handles = kvmalloc_array(req->count, sizeof(*handles),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!handles)
		return -ENOMEM;
	if (copy_from_user(handles, u64_to_user_ptr(req->handles),
			   req->count * sizeof(*handles)))
		err = -EFAULT;
	else
		err = rtm_handles_release(&file->handles, handles, req->count,
					  req->type);
	kvfree(handles);
	return err;
}

static const struct rtm_ioctl_desc rtm_ioctls[] = {
	{ RTM_IOC_VERSION, 0, rtm_ioctl_version },
	{ RTM_IOC_REGISTER, 0, rtm_ioctl_register },
	{ RTM_IOC_NEXTHOP_ADD, RTM_IOCTL_ENTITY | RTM_IOCTL_ADMIN,
	  rtm_ioctl_nexthop_add },
	{ RTM_IOC_NEXTHOP_DELETE, RTM_IOCTL_ENTITY | RTM_IOCTL_ADMIN,
	  rtm_ioctl_nexthop_delete },
	{ RTM_IOC_ROUTE_ADD, RTM_IOCTL_ENTITY | RTM_IOCTL_ADMIN,
	  rtm_ioctl_route_add },
	{ RTM_IOC_ROUTE_DELETE, RTM_IOCTL_ENTITY | RTM_IOCTL_ADMIN,
	  rtm_ioctl_route_delete },
	{ RTM_IOC_ENUM_CREATE, RTM_IOCTL_ENTITY, rtm_ioctl_enum_create },
	{ RTM_IOC_ENUM_FETCH, RTM_IOCTL_ENTITY, rtm_ioctl_enum_fetch },
	{ RTM_IOC_ENUM_DELETE, RTM_IOCTL_ENTITY, rtm_ioctl_enum_delete },
	{ RTM_IOC_RELEASE, RTM_IOCTL_ENTITY, rtm_ioctl_release },
	{ RTM_IOC_ROUTE_ADD_BULK, RTM_IOCTL_ENTITY | RTM_IOCTL_ADMIN,
	  rtm_ioctl_route_add_bulk },
};

static long rtm_ioctl_version(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	struct rtm_version *req = &arg->version;
	struct rtm_limits limits;
	unsigned int i;

	if (req->reserved)
		return -EINVAL;
	req->api_version = RTM_API_VERSION;
	req->features = 0;
	req->ioctls = 0;
	for (i = 0; i < ARRAY_SIZE(rtm_ioctls); i++)
		req->ioctls |= BIT_ULL(_IOC_NR(rtm_ioctls[i].cmd));
	req->max_enum_batch = RTM_MAX_ENUM_BATCH;
	req->max_release_batch = RTM_MAX_RELEASE_BATCH;
	req->max_nexthops = RTM_MAX_NEXTHOPS;
	req->views_supported = RTM_VIEWS_SUPPORTED;
	req->max_enums = file->limits.enums;
	req->max_handles = file->limits.handles;
	/* An entity's caps are fixed when it registers; until then, today's. */
	if (file->entity) {
		req->max_routes = file->entity->max_routes;
		req->max_entity_nexthops = file->entity->max_nexthops;
	} else {
		rtm_limits_get(&limits);
		req->max_routes = limits.routes;
		req->max_entity_nexthops = limits.nexthops;
	}
	return 0;
}

static long rtm_ioctl(struct file *filp, unsigned int cmd, unsigned long uarg)
{
	struct rtm_file *file = filp->private_data;
	void __user *argp = (void __user *)uarg;
	const struct rtm_ioctl_desc *desc;
	union rtm_ioctl_arg arg;
	unsigned int nr = _IOC_NR(cmd);
	size_t size = _IOC_SIZE(cmd);
	long err;

	if (_IOC_TYPE(cmd) != RTM_IOC_MAGIC || nr >= ARRAY_SIZE(rtm_ioctls) ||
	    rtm_ioctls[nr].cmd != cmd)
		return -ENOTTY;
	desc = &rtm_ioctls[nr];
	if (copy_from_user(&arg, argp, size))
		return -EFAULT;
	/*
	 * A structure the result cannot be written to fails the call before
	 * it changes anything: writing it back unchanged proves it writable.
	 */
	if (_IOC_DIR(cmd) & _IOC_READ && copy_to_user(argp, &arg, size))
		return -EFAULT;

	mutex_lock(&file->lock);
	if (desc->flags & RTM_IOCTL_ENTITY && !file->entity)
		err = -ENXIO;
	else if (desc->flags & RTM_IOCTL_ADMIN && !rtm_may_change(file))
		err = -EPERM;
	else
		err = desc->handler(file, &arg);
	mutex_unlock(&file->lock);

	if (!err && _IOC_DIR(cmd) & _IOC_READ && copy_to_user(argp, &arg, size))
		err = -EFAULT;
	return err;
}

static int rtm_open(struct inode *inode, struct file *filp)
{
	struct rtm_file *file = kzalloc(sizeof(*file), GFP_KERNEL_ACCOUNT);

	if (!file)
		return -ENOMEM;
	mutex_init(&file->lock);
	file->filp = filp;
	file->net = get_net(current->nsproxy->net_ns);
	file->inst = rtm_instance_of(file->net);
	rtm_limits_get(&file->limits);
	rtm_handles_init(&file->handles, file->limits.handles);
	xa_init_flags(&file->enums, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	filp->private_data = file;
	rtm_stat_add(RTM_STAT_FILES, 1);
	return nonseekable_open(inode, filp);
}

static int rtm_release(struct inode *inode, struct file *filp)
{
	struct rtm_file *file = filp->private_data;

	if (file->entity)
		rtm_entity_withdraw(file->entity);
	rtm_enum_destroy_all(file);
	rtm_handles_destroy(&file->handles);
	if (file->entity)
		rtm_obj_put(&file->entity->obj);
	put_net(file->net);
	mutex_destroy(&file->lock);
	kfree(file);
	rtm_stat_add(RTM_STAT_FILES, -1);
	return 0;
}

static const struct file_operations rtm_fops = {
	.owner = THIS_MODULE,
	.open = rtm_open,
	.release = rtm_release,
	.unlocked_ioctl = rtm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static struct miscdevice rtm_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "rtm",
	.fops = &rtm_fops,
	.mode = 0666,
};

int rtm_chardev_init(void)
{
	return misc_register(&rtm_miscdev);
}

void rtm_chardev_exit(void)
{
	misc_deregister(&rtm_miscdev);
}
