/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handles one open file holds.
 */
#ifndef _RTM_HANDLES_H
#define _RTM_HANDLES_H

#include <linux/types.h>

#include "obj.h"

/* Most holds of one object by one file */
#define RTM_HANDLES_MAX_COUNT	0x7fffffffU

/**
 * struct rtm_handle_slot - one held object
 * @id: the object's id, 0 for a free slot
 * @count: times the file holds it (the top bit is rtm_handles_release()'s,
 *	while it runs)
 * @obj: the object; the slot holds one reference on it, whatever @count
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
 * @max: most slots in use at once (the file's cap)
 *
 * The owner serializes all calls (the file's mutex).
 */
struct rtm_handles {
	struct rtm_handle_slot *slots;
	u8 bits;
	u32 used;
	u32 max;
};

void rtm_handles_init(struct rtm_handles *handles, u32 max);
int rtm_handles_add(struct rtm_handles *handles, struct rtm_obj *obj);
struct rtm_obj *rtm_handles_lookup(struct rtm_handles *handles, u64 handle,
				   enum rtm_handle_type type);
int rtm_handles_hand_out(struct rtm_handles *handles, struct rtm_obj *obj);
int rtm_handles_hand_out_all(struct rtm_handles *handles,
			     struct rtm_obj *const *objs, unsigned int n);
void rtm_handles_drop(struct rtm_handles *handles, struct rtm_obj *obj);
int rtm_handles_release(struct rtm_handles *handles, const u64 *values,
			unsigned int count, enum rtm_handle_type type);
void rtm_handles_destroy(struct rtm_handles *handles);

struct rtm_file;
struct rtm_release;
long rtm_release_ioctl(struct rtm_file *file, struct rtm_release *req);

#endif /* _RTM_HANDLES_H */
