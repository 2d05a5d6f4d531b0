// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs rtm/objects: how many of each object are alive in the module.
 * Tests read it to prove that closing a file (or killing its process)
 * gives everything back.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "stats.h"

atomic_long_t rtm_stats[RTM_STAT_MAX];

static const char *const rtm_stat_names[RTM_STAT_MAX] = {
	[RTM_STAT_FILES] = "files",
	[RTM_STAT_ENTITIES] = "entities",
	[RTM_STAT_DESTS] = "dests",
	[RTM_STAT_ROUTES] = "routes",
	[RTM_STAT_NEXTHOPS] = "nexthops",
	[RTM_STAT_ENUMS] = "enums",
	[RTM_STAT_HANDLES] = "handles",
};

static struct dentry *rtm_debugfs_dir;

static int rtm_objects_show(struct seq_file *m, void *unused)
{
	int i;

	for (i = 0; i < RTM_STAT_MAX; i++)
		seq_printf(m, "%s %ld\n", rtm_stat_names[i],
			   atomic_long_read(&rtm_stats[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rtm_objects);

int rtm_stats_init(void)
{
	rtm_debugfs_dir = debugfs_create_dir("rtm", NULL);
	debugfs_create_file("objects", 0444, rtm_debugfs_dir, NULL,
			    &rtm_objects_fops);
	return 0;
}

void rtm_stats_exit(void)
{
	debugfs_remove_recursive(rtm_debugfs_dir);
}
