/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destination change events: made in one place from what a route change
 * did, and handed to every consumer (the in-kernel notifier chain today).
 */
#ifndef _RTM_EVENT_H
#define _RTM_EVENT_H

#include <net/rtm.h>

#include "dest.h"

void rtm_dest_changed(struct net *net, struct rtm_dest *dest, u32 old_views,
		      u32 changed, const struct rtm_rt *updated);

#endif /* _RTM_EVENT_H */
