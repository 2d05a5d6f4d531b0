// SPDX-License-Identifier: GPL-2.0
/*
 * The global id space of rtm objects.
 *
 * A handle carries an object id, never a pointer. Ids are allocated
 * cyclically over 32 bits, so a stale handle names nothing for a long
 * time after its object died; a file can only use ids it holds anyway
 * (see handles.c), so a forged id never reaches another caller's object.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "obj.h"
#include "stats.h"

static DEFINE_XARRAY_ALLOC1(rtm_objects);
static u32 rtm_next_id;

/**
 * rtm_obj_init() - give a new object one reference and an id
 * @obj: the object header, embedded in the new object
 * @type: its handle type
 * @free: destructor called after the last reference is gone
 *
 * Return: 0, -ENOMEM or -ENOSPC (every id in use).
 */
int rtm_obj_init(struct rtm_obj *obj, enum rtm_handle_type type,
		 void (*free)(struct rtm_obj *obj))
{
	int err;

	refcount_set(&obj->ref, 1);
	obj->type = type;
	obj->free = free;
	err = xa_alloc_cyclic(&rtm_objects, &obj->id, obj, xa_limit_32b,
			      &rtm_next_id, GFP_KERNEL_ACCOUNT);
	if (err == -EBUSY)
		return -ENOSPC;
	return err < 0 ? err : 0;
}

/**
 * rtm_obj_alloc() - allocate, initialise and count a new object
 * @size: bytes of the object; its struct rtm_obj comes first
 * @type: its handle type
 * @free: its destructor
 * @stat: the live-object counter it counts in
 *
 * The memory is zeroed and charged to the caller's memory cgroup. Use
 * rtm_obj_new(), which checks that the header comes first.
 *
 * Return: the object with one reference and an id, or an ERR_PTR:
 * -ENOMEM, -ENOSPC (every id in use).
 */
void *rtm_obj_alloc(size_t size, enum rtm_handle_type type,
		    void (*free)(struct rtm_obj *obj), enum rtm_stat stat)
{
	struct rtm_obj *obj = kzalloc(size, GFP_KERNEL_ACCOUNT);
	int err;

	if (!obj)
		return ERR_PTR(-ENOMEM);
	err = rtm_obj_init(obj, type, free);
	if (err) {
		kfree(obj);
		return ERR_PTR(err);
	}
	rtm_stat_add(stat, 1);
	return obj;
}

/**
 * rtm_obj_put() - drop a reference; free the object with the last one
 * @obj: the object
 *
 * Context: process context; may free memory (the destructors use RCU).
 */
void rtm_obj_put(struct rtm_obj *obj)
{
	if (!refcount_dec_and_test(&obj->ref))
		return;
	xa_erase(&rtm_objects, obj->id);
	obj->free(obj);
}

/**
 * rtm_obj_find() - the object with an id
 * @id: the id
 *
 * The caller must know the object is alive (it holds a reference through
 * its file's handle table); this is not a way to take a reference.
 *
 * Return: the object or NULL.
 */
struct rtm_obj *rtm_obj_find(u32 id)
{
	return xa_load(&rtm_objects, id);
}
