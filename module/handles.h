/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handles one open file holds.
 */
#ifndef _RTM_HANDLES_H
#define _RTM_HANDLES_H

#include <linux/xarray.h>

#include "obj.h"

/**
 * struct rtm_handles - per-file table: object id -> times held
 * @held: id -> xa_mk_value(count); every count is one object reference
 *
 * The owner serializes all calls (the file's mutex).
 */
struct rtm_handles {
	struct xarray held;
};

void rtm_handles_init(struct rtm_handles *handles);
int rtm_handles_add(struct rtm_handles *handles, struct rtm_obj *obj);
struct rtm_obj *rtm_handles_lookup(struct rtm_handles *handles, u64 handle,
				   enum rtm_handle_type type);
int rtm_handles_hand_out(struct rtm_handles *handles, struct rtm_obj *obj);
void rtm_handles_drop(struct rtm_handles *handles, struct rtm_obj *obj);
int rtm_handles_release(struct rtm_handles *handles, const u64 *values,
			unsigned int count, enum rtm_handle_type type);
void rtm_handles_destroy(struct rtm_handles *handles);

#endif /* _RTM_HANDLES_H */
