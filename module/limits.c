// SPDX-License-Identifier: GPL-2.0
/*
 * The caps on what a file and its entity make the kernel keep.
 *
 * /dev/rtm is open to every user. Memory is charged to the caller's
 * memory cgroup where it is allocated; these caps bound the counts that
 * memory accounting does not: how long a close or a withdrawal runs, how
 * large one file's handle table grows, and so how many references any one
 * file can put on shared objects. The defaults sit well above what a
 * daemon with full Internet tables needs (about 1M destinations, three
 * handles per record); an administrator can lower or raise them.
 */
#include <linux/compiler.h>
#include <linux/moduleparam.h>

#include "limits.h"

static unsigned int max_enums_per_file = 1024;
module_param(max_enums_per_file, uint, 0644);
MODULE_PARM_DESC(max_enums_per_file,
		 "Enumerations one open /dev/rtm may keep (default 1024)");

static unsigned int max_handles_per_file = 1U << 24;
module_param(max_handles_per_file, uint, 0644);
MODULE_PARM_DESC(max_handles_per_file,
		 "Distinct objects one open /dev/rtm may hold (default 16777216)");

static unsigned int max_routes_per_entity = 1U << 24;
module_param(max_routes_per_entity, uint, 0644);
MODULE_PARM_DESC(max_routes_per_entity,
		 "Routes one entity may own (default 16777216)");

static unsigned int max_nexthops_per_entity = 1U << 16;
module_param(max_nexthops_per_entity, uint, 0644);
MODULE_PARM_DESC(max_nexthops_per_entity,
		 "Next hops one entity may own (default 65536)");

/**
 * rtm_limits_get() - the caps for a file being opened
 * @limits: filled with the current module parameters
 *
 * Context: any.
 */
void rtm_limits_get(struct rtm_limits *limits)
{
	limits->enums = READ_ONCE(max_enums_per_file);
	limits->handles = READ_ONCE(max_handles_per_file);
	limits->routes = READ_ONCE(max_routes_per_entity);
	limits->nexthops = READ_ONCE(max_nexthops_per_entity);
}
