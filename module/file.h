/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of one open /dev/rtm.
 */
#ifndef _RTM_FILE_H
#define _RTM_FILE_H

#include <linux/mutex.h>
#include <linux/xarray.h>

#include "entity.h"
#include "handles.h"
#include "limits.h"

/**
 * struct rtm_file - one open file: at most one entity and what it holds
 * @lock: serializes the file's ioctls; taken before the instance lock
 * @filp: the file, whose opener's credentials count for privilege checks
 * @net: the opener's network namespace (a reference)
 * @inst: the namespace's RTM instance
 * @entity: the registration, or NULL before RTM_IOC_REGISTER
 * @handles: every handle the file holds
 * @enums: enumeration cursors by id (struct rtm_enum)
 * @nr_enums: cursors in @enums
 * @next_enum_id: cyclic allocation hint, so deleted enum ids stay unused
 * @limits: the file's caps, fixed at open
 */
struct rtm_file {
	struct mutex lock; /* the file's ioctls, one at a time */
	struct file *filp;
	struct net *net;
	struct rtm_instance *inst;
	struct rtm_entity *entity;
	struct rtm_handles handles;
	struct xarray enums;
	u32 nr_enums;
	u32 next_enum_id;
	struct rtm_limits limits;
};

/* What changing an object through a handle needs, once the file holds it. */
static inline long rtm_may_change_own(struct rtm_file *file,
				      struct rtm_entity *owner, bool deleted)
{
	if (owner != file->entity)
		return -EACCES;
	return deleted ? -ENOENT : 0;
}

#endif /* _RTM_FILE_H */
