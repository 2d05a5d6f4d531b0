/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTM_IOC_ROUTE_ADD_BULK: many route adds in one call.
 */
#ifndef _RTM_BULK_H
#define _RTM_BULK_H

#include "file.h"

/*
 * Applies one record as a single add would; called with the instance
 * lock held. Returns 0 or a negative errno.
 */
typedef long (*rtm_bulk_add_fn)(struct rtm_file *file,
				const struct rtm_bulk_route *rec);

long rtm_bulk_add_routes(struct rtm_file *file,
			 struct rtm_route_add_bulk *req, rtm_bulk_add_fn add);

#endif /* _RTM_BULK_H */
