/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handles one open file holds.
 */
#ifndef _RTM_HANDLES_H
#define _RTM_HANDLES_H

#include <linux/types.h>

#include "obj.h"

/**
 * struct rtm_handle_slot - one held object
 * @id: the object's id, 0 for a free slot
 * @count: times the file holds it; each is one reference on @obj (the top
 *	bit is rtm_handles_release()'s, while it runs)
 * @obj: the object
 */
struct rtm_handle_slot {
	u32 id;
	u32 count;
	struct rtm_obj *obj;
};

/**
 * struct rtm_handles - per-file table: object id -> times held
 * @slots: open-addressed hash table of 2^@bits slots, linear probing, at
 *	most three quarters full; NULL while the file holds nothing
 * @bits: log2 of the number of slots
 * @used: slots in use
 *
 * The owner serializes all calls (the file's mutex).
 */
struct rtm_handles {
	struct rtm_handle_slot *slots;
	u8 bits;
	u32 used;
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
