/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Live object counters, for leak checks from tests (debugfs rtm/objects).
 */
#ifndef _RTM_STATS_H
#define _RTM_STATS_H

#include <linux/atomic.h>

enum rtm_stat {
	RTM_STAT_FILES,
	RTM_STAT_ENTITIES,
	RTM_STAT_DESTS,
	RTM_STAT_ROUTES,
	RTM_STAT_NEXTHOPS,
	RTM_STAT_ENUMS,
	RTM_STAT_HANDLES,
	RTM_STAT_MAX,
};

extern atomic_long_t rtm_stats[RTM_STAT_MAX];

static inline void rtm_stat_add(enum rtm_stat stat, long delta)
{
	atomic_long_add(delta, &rtm_stats[stat]);
}

int rtm_stats_init(void);
void rtm_stats_exit(void);

#endif /* _RTM_STATS_H */
