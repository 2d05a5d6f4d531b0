/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTM_IOC_ROUTE_ADD_BULK: many route adds in one call.
 */
#ifndef _RTM_BULK_H
#define _RTM_BULK_H

#include "file.h"

long rtm_bulk_add_routes(struct rtm_file *file,
			 struct rtm_route_add_bulk *req);

#endif /* _RTM_BULK_H */
