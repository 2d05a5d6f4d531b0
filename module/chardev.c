// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/rtm: file lifetime and ioctl dispatch.
 *
 * The dispatcher copies the command's fixed-size structure in, proves it
 * writable, checks registration and privilege, runs the handler under the
 * file's lock and copies the structure back on success. Each concern
 * decodes and checks its own requests next to its objects (entity.c,
 * nexthop.c, route.c, bulk.c, enum.c, release.c); they never touch user
 * memory beyond what their structure points at.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "bulk.h"
#include "chardev.h"
#include "enum.h"
#include "nexthop.h"
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
	struct rtm_dest_get dest_get;
	struct rtm_route_info route_info;
	struct rtm_nexthop_info nexthop_info;
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
	return rtm_entity_register_ioctl(file, &arg->reg, rtm_may_change(file));
}

static long rtm_ioctl_nexthop_add(struct rtm_file *file,
				  union rtm_ioctl_arg *arg)
{
	return rtm_nexthop_add_ioctl(file, &arg->nexthop);
}

static long rtm_ioctl_nexthop_delete(struct rtm_file *file,
				     union rtm_ioctl_arg *arg)
{
	return rtm_nexthop_delete_ioctl(file, &arg->nexthop);
}

static long rtm_ioctl_route_add(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	return rtm_route_add_ioctl(file, &arg->route);
}

static long rtm_ioctl_route_add_bulk(struct rtm_file *file,
				     union rtm_ioctl_arg *arg)
{
	return rtm_bulk_add_routes(file, &arg->route_bulk);
}

static long rtm_ioctl_route_delete(struct rtm_file *file,
				   union rtm_ioctl_arg *arg)
{
	return rtm_route_delete_ioctl(file, &arg->route);
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

static long rtm_ioctl_dest_get(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	return rtm_dest_get(file, &arg->dest_get);
}

static long rtm_ioctl_route_info(struct rtm_file *file,
				 union rtm_ioctl_arg *arg)
{
	return rtm_route_info_ioctl(file, &arg->route_info);
}

static long rtm_ioctl_nexthop_info(struct rtm_file *file,
				   union rtm_ioctl_arg *arg)
{
	return rtm_nexthop_info_ioctl(file, &arg->nexthop_info);
}

static long rtm_ioctl_release(struct rtm_file *file, union rtm_ioctl_arg *arg)
{
	return rtm_release_ioctl(file, &arg->release);
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
	{ RTM_IOC_DEST_GET, RTM_IOCTL_ENTITY, rtm_ioctl_dest_get },
	{ RTM_IOC_ROUTE_INFO, RTM_IOCTL_ENTITY, rtm_ioctl_route_info },
	{ RTM_IOC_NEXTHOP_INFO, RTM_IOCTL_ENTITY, rtm_ioctl_nexthop_info },
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
