// SPDX-License-Identifier: GPL-2.0
/*
 * Destination change events.
 *
 * Writers report what a change did to a destination (the views it had a
 * route in before, the views whose best route changed); this file turns
 * that into one event (added, changed, removed, or none) and hands it to
 * the consumers, so that they all see the same changes in the same order.
 */
#include <linux/bits.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>

#include "event.h"
#include "kapi.h"
#include "route.h"

/**
 * rtm_dest_changed() - announce what a change did to a destination
 * @net: its namespace (NULL for the instances of KUnit)
 * @dest: the destination, after rtm_dest_update_best()
 * @old_views: its views before the change (the views it had a route in)
 * @changed: the views whose best route changed (rtm_dest_update_best())
 * @updated: a route changed in place, whose new values count as a new
 *	best route where it is best, or NULL
 *
 * The event is %RTM_DEST_ADDED when @dest just got its first route,
 * %RTM_DEST_REMOVED when it just lost its last one (the table no longer
 * shows it; a reference other than the trie's must keep it alive for the
 * consumers), %RTM_DEST_CHANGED when some view's best route changed, and
 * none otherwise.
 *
 * Context: Process context, instance lock held.
 */
void rtm_dest_changed(struct net *net, struct rtm_dest *dest, u32 old_views,
		      u32 changed, const struct rtm_rt *updated)
{
	int v;

	lockdep_assert_held(dest->table->writer_lock);
	for (v = 0; updated && v < RTM_NUM_VIEWS; v++)
		if (rcu_access_pointer(dest->best[v]) == updated)
			changed |= BIT(v);
	if (!dest->views) {
		if (old_views)
			rtm_kapi_dest_event(net, dest, RTM_DEST_REMOVED,
					    old_views);
	} else if (!old_views) {
		rtm_kapi_dest_event(net, dest, RTM_DEST_ADDED, dest->views);
	} else if (changed) {
		rtm_kapi_dest_event(net, dest, RTM_DEST_CHANGED, changed);
	}
}
