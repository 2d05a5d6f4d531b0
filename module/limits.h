/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one open file or one entity may make the kernel keep.
 */
#ifndef _RTM_LIMITS_H
#define _RTM_LIMITS_H

#include <linux/types.h>

/**
 * struct rtm_limits - the caps of one file and of its entity
 * @enums: enumeration cursors the file may keep at once
 * @handles: distinct objects the file may hold at once
 * @routes: live routes the entity may own
 * @nexthops: live next hops the entity may own
 *
 * Read from the module parameters when the file is opened, so a file's
 * caps do not change under it. Reaching one fails the call with -EDQUOT.
 */
struct rtm_limits {
	u32 enums;
	u32 handles;
	u32 routes;
	u32 nexthops;
};

void rtm_limits_get(struct rtm_limits *limits);

#endif /* _RTM_LIMITS_H */
