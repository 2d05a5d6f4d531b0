/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference-counted objects that userspace can name by handle.
 */
#ifndef _RTM_OBJ_H
#define _RTM_OBJ_H

#include <linux/build_bug.h>
#include <linux/refcount.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <uapi/linux/rtm.h>

#include "stats.h"

/**
 * struct rtm_obj - what every handle-named object starts with
 * @ref: references: the table's while linked, one per handle count held by
 *	a file, one per object pointing at it
 * @id: the object's id in the global id space; part of its handle
 * @type: enum rtm_handle_type
 * @free: frees the containing object once @ref hits zero and the id is gone
 */
struct rtm_obj {
	refcount_t ref;
	u32 id;
	u8 type;
	void (*free)(struct rtm_obj *obj);
};

int rtm_obj_init(struct rtm_obj *obj, enum rtm_handle_type type,
		 void (*free)(struct rtm_obj *obj));
void *rtm_obj_alloc(size_t size, enum rtm_handle_type type,
		    void (*free)(struct rtm_obj *obj), enum rtm_stat stat);

/**
 * rtm_obj_new() - a new object of @ptr's type, which starts with its header
 * @ptr: a pointer of the object's type (only its type is used)
 * @type: the handle type
 * @free: the destructor, which gives the count of @stat back
 * @stat: the live-object counter to count it in
 *
 * Return: the zeroed object with one reference and an id, or an ERR_PTR:
 * -ENOMEM, -ENOSPC (every id in use).
 */
#define rtm_obj_new(ptr, type, free, stat) ({				\
	typeof(ptr) __new;						\
									\
	BUILD_BUG_ON(offsetof(typeof(*__new), obj));			\
	__new = rtm_obj_alloc(sizeof(*__new), type, free, stat);	\
	__new;								\
})
void rtm_obj_put(struct rtm_obj *obj);
struct rtm_obj *rtm_obj_find(u32 id);

static inline void rtm_obj_get(struct rtm_obj *obj)
{
	refcount_inc(&obj->ref);
}

/* For RCU readers that found the object through a pointer that may be going away. */
static inline bool rtm_obj_tryget(struct rtm_obj *obj)
{
	return refcount_inc_not_zero(&obj->ref);
}

static inline u64 rtm_obj_handle(const struct rtm_obj *obj)
{
	return (u64)RTM_HANDLE_MAGIC << 56 | (u64)obj->type << 48 | obj->id;
}

/**
 * rtm_handle_decode() - split a user handle into type and id
 * @handle: the value from userspace
 * @type: where the type goes
 * @id: where the id goes
 *
 * Return: true when @handle is well formed; it may still name nothing.
 */
static inline bool rtm_handle_decode(u64 handle, u32 *type, u32 *id)
{
	if (handle >> 56 != RTM_HANDLE_MAGIC || (handle >> 32 & 0xffff))
		return false;
	*type = RTM_HANDLE_TYPE(handle);
	*id = (u32)handle;
	return *id != 0;
}

#endif /* _RTM_OBJ_H */
