// SPDX-License-Identifier: GPL-2.0
/*
 * rtm: the destination model of the Windows Routing Table Manager v2
 * (RTMv2) for Linux. See Documentation/rtm.rst.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "chardev.h"
#include "instance.h"
#include "stats.h"

static int __init rtm_init(void)
{
	int err;

	rtm_stats_init();
	err = rtm_instance_init();
	if (err)
		goto stats;
	err = rtm_chardev_init();
	if (err)
		goto instance;
	return 0;

instance:
	rtm_instance_exit();
stats:
	rtm_stats_exit();
	return err;
}

static void __exit rtm_exit(void)
{
	rtm_chardev_exit();
	rtm_instance_exit();
	/* Objects freed with kfree_rcu() must be gone before the module. */
	rcu_barrier();
	rtm_stats_exit();
}

module_init(rtm_init);
module_exit(rtm_exit);

MODULE_DESCRIPTION("RTMv2 destinations: RCU prefix tables behind /dev/rtm");
MODULE_LICENSE("GPL");
