// SPDX-License-Identifier: GPL-2.0
/*
 * Per-file handle tables.
 *
 * RTMv2 counts every handle it hands out: the same destination returned
 * twice is the same handle held twice and must be released twice. A file
 * keeps, per object id, how many times it holds that object. The entry,
 * not each count, holds one reference on the object: a file can hold a
 * handle two billion times and still add one to the object's refcount, so
 * no number of readers can drive a shared count to saturation (all files
 * together add at most one per open file), and a close drops one
 * reference per object, not one per hold. A handle is usable by a file
 * only while its count there is non-zero, so a stale, forged or borrowed
 * value is refused before anything is dereferenced.
 *
 * Enumeration hands out three holds per destination and daemons release
 * whole tables in batches, so this is a hot path: an open-addressed hash
 * table keyed by id with the object pointer beside the count costs one
 * probe per operation, where a radix tree walked its levels and needed
 * the global id table again to find the object.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/hash.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "handles.h"
#include "stats.h"

#define RTM_HANDLES_MIN_BITS	6
#define RTM_HANDLES_MAX_BITS	28
/*
 * rtm_handles_release() marks the counts it took from: the top bit of a
 * count, clear outside of it.
 */
#define RTM_HANDLES_TAKEN	(RTM_HANDLES_MAX_COUNT + 1U)

static void rtm_handles_clear(struct rtm_handles *handles)
{
	handles->slots = NULL;
	handles->bits = 0;
	handles->used = 0;
}

/**
 * rtm_handles_init() - an empty table
 * @handles: the table
 * @max: most distinct objects it may hold at once
 */
void rtm_handles_init(struct rtm_handles *handles, u32 max)
{
	rtm_handles_clear(handles);
	handles->max = max;
}

static u32 rtm_handles_mask(const struct rtm_handles *handles)
{
	return (1U << handles->bits) - 1;
}

static struct rtm_handle_slot *rtm_handles_find(struct rtm_handles *handles,
						u32 id)
{
	u32 mask = rtm_handles_mask(handles), i;

	if (!handles->slots)
		return NULL;
	/* Never full, so a free slot ends every probe. */
	for (i = hash_32(id, handles->bits);; i = (i + 1) & mask) {
		struct rtm_handle_slot *slot = &handles->slots[i];

		if (slot->id == id)
			return slot;
		if (!slot->id)
			return NULL;
	}
}

static struct rtm_handle_slot *rtm_handles_free_slot(struct rtm_handle_slot *slots,
						     u8 bits, u32 id)
{
	u32 mask = (1U << bits) - 1, i = hash_32(id, bits);

	while (slots[i].id)
		i = (i + 1) & mask;
	return &slots[i];
}

/* Move every entry into a table of 2^@bits slots; on -ENOMEM nothing changed. */
static int rtm_handles_resize(struct rtm_handles *handles, u8 bits, gfp_t gfp)
{
	struct rtm_handle_slot *slots;
	u32 i;

	slots = kvcalloc(1U << bits, sizeof(*slots), gfp);
	if (!slots)
		return -ENOMEM;
	for (i = 0; handles->slots && i <= rtm_handles_mask(handles); i++) {
		if (handles->slots[i].id)
			*rtm_handles_free_slot(slots, bits, handles->slots[i].id) =
				handles->slots[i];
		/* Up to 2^28 slots: a large table takes long to move. */
		if (!(i % 4096))
			cond_resched();
	}
	kvfree(handles->slots);
	handles->slots = slots;
	handles->bits = bits;
	return 0;
}

/*
 * Backward-shift deletion: later members of the probe run move into the
 * hole when their home slot does not lie between the hole and them, so
 * lookups never need tombstones.
 */
static void rtm_handles_remove(struct rtm_handles *handles,
			       struct rtm_handle_slot *slot)
{
	u32 mask = rtm_handles_mask(handles);
	u32 hole = slot - handles->slots, i = hole;

	for (;;) {
		u32 home;

		i = (i + 1) & mask;
		if (!handles->slots[i].id)
			break;
		home = hash_32(handles->slots[i].id, handles->bits);
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			handles->slots[hole] = handles->slots[i];
			hole = i;
		}
	}
	handles->slots[hole] = (struct rtm_handle_slot){};
	handles->used--;
}

/* After a release: give back a table that is mostly empty. */
static void rtm_handles_shrink(struct rtm_handles *handles)
{
	u8 bits = RTM_HANDLES_MIN_BITS;

	if (!handles->used) {
		kvfree(handles->slots);
		rtm_handles_clear(handles);
		return;
	}
	if (handles->bits == RTM_HANDLES_MIN_BITS ||
	    handles->used > (1U << handles->bits) / 32)
		return;
	while ((1U << bits) / 4 < handles->used)
		bits++;
	/* Failing to shrink costs memory, not correctness. */
	rtm_handles_resize(handles, bits, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
}

/**
 * rtm_handles_add() - record one more hold of @obj
 * @handles: the file's table
 * @obj: the object; the caller took a reference for the hold
 *
 * The first hold keeps the caller's reference in the new entry; a further
 * hold only counts, and gives the caller's reference back (the entry's
 * keeps the object alive).
 *
 * Return: 0; -EDQUOT when @obj is held %RTM_HANDLES_MAX_COUNT times
 * already or a new entry would exceed the table's cap; -ENOMEM. On error
 * the caller still owns its reference.
 */
int rtm_handles_add(struct rtm_handles *handles, struct rtm_obj *obj)
{
	struct rtm_handle_slot *slot = rtm_handles_find(handles, obj->id);
	int err;

	if (slot) {
		if (slot->count == RTM_HANDLES_MAX_COUNT)
			return -EDQUOT;
		slot->count++;
		rtm_obj_put(obj);
		return 0;
	}
	if (handles->used >= handles->max)
		return -EDQUOT;
	if (!handles->slots || (handles->used + 1) * 4 > (3U << handles->bits)) {
		u8 bits = handles->slots ? handles->bits + 1 : RTM_HANDLES_MIN_BITS;

		if (bits > RTM_HANDLES_MAX_BITS)
			return -EDQUOT;
		/* Sized by what the caller holds: no warning when refused. */
		err = rtm_handles_resize(handles, bits,
					 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (err)
			return err;
	}
	*rtm_handles_free_slot(handles->slots, handles->bits, obj->id) =
		(struct rtm_handle_slot){ .id = obj->id, .count = 1, .obj = obj };
	handles->used++;
	rtm_stat_add(RTM_STAT_HANDLES, 1);
	return 0;
}

/**
 * rtm_handles_hand_out() - give the file one more hold of @obj
 * @handles: the file's table
 * @obj: an object the caller keeps alive
 *
 * Return: 0, or -ENOMEM / -EDQUOT with nothing taken.
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
 * rtm_handles_hand_out_all() - one more hold of each of many objects
 * @handles: the file's table
 * @objs: objects the caller keeps alive (one may appear more than once)
 * @n: number of @objs
 *
 * All or nothing: when one cannot be taken, the holds already given are
 * taken back.
 *
 * Return: 0, or -ENOMEM / -EDQUOT with nothing taken.
 */
int rtm_handles_hand_out_all(struct rtm_handles *handles,
			     struct rtm_obj *const *objs, unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = rtm_handles_hand_out(handles, objs[i]);
		if (err) {
			while (i--)
				rtm_handles_drop(handles, objs[i]);
			return err;
		}
	}
	return 0;
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
	struct rtm_handle_slot *slot;
	u32 htype, id;

	if (!rtm_handle_decode(handle, &htype, &id) || htype != type)
		return NULL;
	slot = rtm_handles_find(handles, id);
	/* The type byte is the caller's word; the object's own type decides. */
	return slot && slot->obj->type == type ? slot->obj : NULL;
}

/**
 * rtm_handles_drop() - give back one hold of @obj
 * @handles: the file's table
 * @obj: an object the file holds
 *
 * For calls that consume the handle they were given (route delete). The
 * last hold takes the entry and its reference with it.
 */
void rtm_handles_drop(struct rtm_handles *handles, struct rtm_obj *obj)
{
	struct rtm_handle_slot *slot = rtm_handles_find(handles, obj->id);

	if (--slot->count)
		return;
	rtm_handles_remove(handles, slot);
	rtm_stat_add(RTM_STAT_HANDLES, -1);
	rtm_obj_put(obj);
}

/**
 * rtm_handles_release() - give back many holds, all or nothing
 * @handles: the file's table
 * @values: handles from userspace, in kernel memory
 * @count: number of @values
 * @type: the type each must have, or %RTM_HANDLE_ANY
 *
 * First every element takes one count off its entry (repeats take more)
 * and marks it taken; if one finds nothing left to take, the counts taken
 * so far are put back and nothing is released. Then the marks are cleared
 * and the entries left empty go, with their references.
 *
 * Return: 0 or -EBADF.
 */
int rtm_handles_release(struct rtm_handles *handles, const u64 *values,
			unsigned int count, enum rtm_handle_type type)
{
	struct rtm_handle_slot *slot;
	unsigned int i, emptied = 0;
	u32 htype, id;

	for (i = 0; i < count; i++) {
		if (!rtm_handle_decode(values[i], &htype, &id) ||
		    (type != RTM_HANDLE_ANY && htype != type))
			break;
		slot = rtm_handles_find(handles, id);
		if (!slot || !(slot->count & RTM_HANDLES_MAX_COUNT) ||
		    slot->obj->type != htype)
			break;
		slot->count = (slot->count - 1) | RTM_HANDLES_TAKEN;
	}
	if (i < count) {
		while (i--) {
			slot = rtm_handles_find(handles, (u32)values[i]);
			slot->count = (slot->count & RTM_HANDLES_MAX_COUNT) + 1;
		}
		return -EBADF;
	}

	/* A repeated id finds its entry cleared, or gone, the second time. */
	for (i = 0; i < count; i++) {
		struct rtm_obj *obj;

		slot = rtm_handles_find(handles, (u32)values[i]);
		if (!slot)
			continue;
		slot->count &= RTM_HANDLES_MAX_COUNT;
		if (slot->count)
			continue;
		obj = slot->obj;
		rtm_handles_remove(handles, slot);
		emptied++;
		rtm_obj_put(obj);
		if (!(emptied % 1024))
			cond_resched();
	}
	rtm_stat_add(RTM_STAT_HANDLES, -(long)emptied);
	rtm_handles_shrink(handles);
	return 0;
}

/**
 * rtm_handles_destroy() - give back everything a closing file holds
 * @handles: the file's table
 *
 * One put per entry, however often the file held the object.
 */
void rtm_handles_destroy(struct rtm_handles *handles)
{
	u32 i;

	for (i = 0; handles->slots && i <= rtm_handles_mask(handles); i++) {
		struct rtm_handle_slot *slot = &handles->slots[i];

		if (slot->id) {
			rtm_obj_put(slot->obj);
			rtm_stat_add(RTM_STAT_HANDLES, -1);
		}
		if (!(i % 1024))
			cond_resched();
	}
	kvfree(handles->slots);
	rtm_handles_clear(handles);
}
