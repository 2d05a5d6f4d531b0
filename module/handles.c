// SPDX-License-Identifier: GPL-2.0
/*
 * Per-file handle tables.
 *
 * RTMv2 counts every handle it hands out: the same destination returned
 * twice is the same handle held twice and must be released twice. A file
 * keeps, per object id, how many times it holds that object; each count
 * stands for one reference on the object. A handle is usable by a file
 * only while its count there is non-zero, so a stale, forged or borrowed
 * value is refused before anything is dereferenced.
 */
#include <linux/sched.h>

#include "handles.h"
#include "stats.h"

void rtm_handles_init(struct rtm_handles *handles)
{
	xa_init(&handles->held);
}

static unsigned long rtm_held_count(struct rtm_handles *handles, u32 id)
{
	void *entry = xa_load(&handles->held, id);

	return entry ? xa_to_value(entry) : 0;
}

/**
 * rtm_handles_add() - record one more hold of @obj
 * @handles: the file's table
 * @obj: the object; the caller already took the reference the hold stands for
 *
 * Return: 0, or -ENOMEM (then the caller still owns its reference).
 */
int rtm_handles_add(struct rtm_handles *handles, struct rtm_obj *obj)
{
	unsigned long count = rtm_held_count(handles, obj->id);
	int err;

	err = xa_err(xa_store(&handles->held, obj->id, xa_mk_value(count + 1),
			      GFP_KERNEL));
	if (err)
		return err;
	if (!count)
		rtm_stat_add(RTM_STAT_HANDLES, 1);
	return 0;
}

/**
 * rtm_handles_hand_out() - give the file one more hold of @obj
 * @handles: the file's table
 * @obj: an object the caller keeps alive
 *
 * Return: 0, or -ENOMEM with nothing taken.
 */
int rtm_handles_hand_out(struct rtm_handles *handles, struct rtm_obj *obj)
{
	int err;

	rtm_obj_get(obj);
	err = rtm_handles_add(handles, obj);
	if (err)
		rtm_obj_put(obj);
	return err;
}

/**
 * rtm_handles_lookup() - the object a handle names, if this file holds it
 * @handles: the file's table
 * @handle: the value from userspace
 * @type: the type it must have
 *
 * Return: the object (valid while the file holds the handle), or NULL.
 */
struct rtm_obj *rtm_handles_lookup(struct rtm_handles *handles, u64 handle,
				   enum rtm_handle_type type)
{
	struct rtm_obj *obj;
	u32 htype, id;

	if (!rtm_handle_decode(handle, &htype, &id) || htype != type ||
	    !rtm_held_count(handles, id))
		return NULL;
	obj = rtm_obj_find(id);
	/* The type byte is the caller's word; the object's own type decides. */
	return obj->type == type ? obj : NULL;
}

/* Give back one hold; the caller has checked that there is one. */
static void rtm_handles_put_one(struct rtm_handles *handles, u32 id)
{
	unsigned long count = rtm_held_count(handles, id);

	if (count > 1) {
		xa_store(&handles->held, id, xa_mk_value(count - 1), GFP_KERNEL);
	} else {
		xa_erase(&handles->held, id);
		rtm_stat_add(RTM_STAT_HANDLES, -1);
	}
}

/**
 * rtm_handles_drop() - give back one hold of @obj and its reference
 * @handles: the file's table
 * @obj: an object the file holds
 *
 * For calls that consume the handle they were given (route delete).
 */
void rtm_handles_drop(struct rtm_handles *handles, struct rtm_obj *obj)
{
	rtm_handles_put_one(handles, obj->id);
	rtm_obj_put(obj);
}

/*
 * Overwriting a present entry with a value entry never allocates, so the
 * counts can be moved down and back up without a way to fail.
 */
static void rtm_handles_set(struct rtm_handles *handles, u32 id,
			    unsigned long count)
{
	xa_store(&handles->held, id, xa_mk_value(count), GFP_KERNEL);
}

/**
 * rtm_handles_release() - give back many holds, all or nothing
 * @handles: the file's table
 * @values: handles from userspace, in kernel memory
 * @count: number of @values
 * @type: the type each must have, or %RTM_HANDLE_ANY
 *
 * First every element takes one count off its entry (repeats take more);
 * if one finds nothing left to take, the counts taken so far are put back
 * and nothing is released. Only then are entries emptied and references
 * dropped.
 *
 * Return: 0 or -EBADF.
 */
int rtm_handles_release(struct rtm_handles *handles, const u64 *values,
			unsigned int count, enum rtm_handle_type type)
{
	unsigned int i;
	u32 htype, id;

	for (i = 0; i < count; i++) {
		unsigned long held;

		if (!rtm_handle_decode(values[i], &htype, &id) ||
		    (type != RTM_HANDLE_ANY && htype != type))
			break;
		held = rtm_held_count(handles, id);
		if (!held || rtm_obj_find(id)->type != htype)
			break;
		rtm_handles_set(handles, id, held - 1);
	}
	if (i < count) {
		while (i--) {
			rtm_handle_decode(values[i], &htype, &id);
			rtm_handles_set(handles, id,
					rtm_held_count(handles, id) + 1);
		}
		return -EBADF;
	}

	for (i = 0; i < count; i++) {
		rtm_handle_decode(values[i], &htype, &id);
		/* Entries of repeated ids are emptied by their first element. */
		if (xa_load(&handles->held, id) == xa_mk_value(0)) {
			xa_erase(&handles->held, id);
			rtm_stat_add(RTM_STAT_HANDLES, -1);
		}
		rtm_obj_put(rtm_obj_find(id));
		if (!(i % 1024))
			cond_resched();
	}
	return 0;
}

/**
 * rtm_handles_destroy() - give back everything a closing file holds
 * @handles: the file's table
 */
void rtm_handles_destroy(struct rtm_handles *handles)
{
	unsigned long id, n = 0;
	void *entry;

	xa_for_each(&handles->held, id, entry) {
		unsigned long count = xa_to_value(entry);
		struct rtm_obj *obj = rtm_obj_find(id);

		while (count--)
			rtm_obj_put(obj);
		rtm_stat_add(RTM_STAT_HANDLES, -1);
		if (!(++n % 1024))
			cond_resched();
	}
	xa_destroy(&handles->held);
}
