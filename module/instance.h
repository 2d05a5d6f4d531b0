/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One RTM instance per network namespace: a destination table per address
 * family and the registered entities.
 */
#ifndef _RTM_INSTANCE_H
#define _RTM_INSTANCE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>

#include "table.h"

enum rtm_family_index {
	RTM_FAMILY_IPV4,
	RTM_FAMILY_IPV6,
	RTM_NUM_FAMILIES,
};

/**
 * struct rtm_instance - the RTM state of one network namespace
 * @lock: serializes every change of entities, next hops, routes and tables
 * @tables: one per &enum rtm_family_index
 * @entities: registered entities (struct rtm_entity.node), under @lock
 * @net: the namespace
 */
struct rtm_instance {
	struct mutex lock; /* all writers of this instance */
	struct rtm_table tables[RTM_NUM_FAMILIES];
	struct list_head entities;
	struct net *net;
};

struct rtm_instance *rtm_instance_of(struct net *net);
struct rtm_table *rtm_instance_table(struct rtm_instance *inst, u16 family);
void rtm_instance_setup(struct rtm_instance *inst, struct net *net);
void rtm_instance_teardown(struct rtm_instance *inst);
int rtm_instance_init(void);
void rtm_instance_exit(void);

#endif /* _RTM_INSTANCE_H */
