// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace RTM instances (pernet state).
 *
 * Open files hold a reference on their namespace, so an instance is only
 * torn down once no file uses it; by then every entity has withdrawn its
 * routes and the tables are empty.
 */
#include <linux/socket.h>
#include <net/netns/generic.h>

#include "instance.h"
#include "table.h"

static unsigned int rtm_net_id;

struct rtm_instance *rtm_instance_of(struct net *net)
{
	return net_generic(net, rtm_net_id);
}

/**
 * rtm_instance_table() - the table of an address family
 * @inst: the instance
 * @family: AF_INET or AF_INET6
 *
 * Return: the table, or NULL for any other family.
 */
struct rtm_table *rtm_instance_table(struct rtm_instance *inst, u16 family)
{
	switch (family) {
	case AF_INET:
		return &inst->tables[RTM_FAMILY_IPV4];
	case AF_INET6:
		return &inst->tables[RTM_FAMILY_IPV6];
	default:
		return NULL;
	}
}

/**
 * rtm_instance_setup() - initialise an empty instance
 * @inst: the instance
 * @net: its namespace (NULL for a test instance of KUnit)
 */
void rtm_instance_setup(struct rtm_instance *inst, struct net *net)
{
	mutex_init(&inst->lock);
	INIT_LIST_HEAD(&inst->entities);
	inst->net = net;
	rtm_table_init(&inst->tables[RTM_FAMILY_IPV4], AF_INET, 4, &inst->lock);
	rtm_table_init(&inst->tables[RTM_FAMILY_IPV6], AF_INET6, 16,
		       &inst->lock);
}

/**
 * rtm_instance_teardown() - free an instance's tables
 * @inst: an instance whose entities have all withdrawn
 *
 * The trie nodes are freed after RCU readers; the caller waits for them
 * where it needs to (rcu_barrier()).
 */
void rtm_instance_teardown(struct rtm_instance *inst)
{
	int i;

	WARN_ON(!list_empty(&inst->entities));
	for (i = 0; i < RTM_NUM_FAMILIES; i++) {
		WARN_ON(inst->tables[i].trie.nr_entries);
		rtm_table_destroy(&inst->tables[i]);
	}
	mutex_destroy(&inst->lock);
}

static int __net_init rtm_net_init(struct net *net)
{
	rtm_instance_setup(rtm_instance_of(net), net);
	return 0;
}

static void __net_exit rtm_net_exit(struct net *net)
{
	rtm_instance_teardown(rtm_instance_of(net));
}

static struct pernet_operations rtm_net_ops = {
	.init = rtm_net_init,
	.exit = rtm_net_exit,
	.id = &rtm_net_id,
	.size = sizeof(struct rtm_instance),
};

int rtm_instance_init(void)
{
	return register_pernet_subsys(&rtm_net_ops);
}

void rtm_instance_exit(void)
{
	unregister_pernet_subsys(&rtm_net_ops);
}
