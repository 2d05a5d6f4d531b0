// SPDX-License-Identifier: GPL-2.0
/*
 * Destination enumerations.
 *
 * A cursor is the key of the last destination returned, never a pointer
 * into the trie (as fib_trie dumps and bpf batch lookups resume): each
 * step asks the trie for the first key after it. So a cursor pins nothing,
 * and every destination present for the whole walk is returned exactly
 * once, whatever is added or deleted meanwhile.
 *
 * A fetch walks under rcu_read_lock() in short sections, taking references
 * on what it returns; records are built in a small kernel buffer and
 * copied out after the section ends. Whatever cannot be handed to the
 * caller (no memory, a faulting buffer) is given back and the cursor is
 * rewound, so nothing is taken that the caller does not see.
 */
#include <linux/bitops.h>
#include <linux/lockdep.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "dest.h"
#include "enum.h"
#include "prefix.h"
#include "route.h"
#include "stats.h"

/* Per RCU read section: records built, and destinations looked at, at most. */
#define RTM_ENUM_CHUNK		64
#define RTM_ENUM_SCAN		256
/* references in one record: the destination, a route and its owner per view */
#define RTM_ENUM_REFS		(1 + 2 * RTM_NUM_VIEWS)

struct rtm_enum_cursor {
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	u8 prefix_len;
	bool inclusive;
	bool ended;
};

/**
 * struct rtm_enum - one walk of a table
 * @table: the table walked
 * @caller: the entity walking (for %RTM_PROTOCOL_THIS and own dests)
 * @own_dests: only destinations whose best route the caller owns
 * @views: target views (0: any, no slots)
 * @num_views: slots per record
 * @protocol_id: whose best route fills the slots
 * @range: the prefix the walk stays in (length 0: everything)
 * @cursor: where the walk stands
 */
struct rtm_enum {
	struct rtm_table *table;
	struct rtm_entity *caller;
	bool own_dests;
	u32 views;
	u8 num_views;
	u32 protocol_id;
	struct rtm_net_address range;
	struct rtm_enum_cursor cursor;
};

/*
 * A chunk of records, the walk that finds them (one per RCU section) and
 * the objects they hold references on; the refs of record i end at
 * refs_end[i].
 */
struct rtm_enum_batch {
	struct rtm_trie_walk walk;
	struct rtm_obj *refs[RTM_ENUM_CHUNK * RTM_ENUM_REFS];
	unsigned int refs_end[RTM_ENUM_CHUNK];
	unsigned int nr_refs;
	unsigned int nr_records;
	u8 records[];
};

static u64 rtm_enum_handle(u32 id)
{
	return (u64)RTM_HANDLE_MAGIC << 56 | (u64)RTM_HANDLE_ENUM << 48 | id;
}

static struct rtm_enum *rtm_enum_lookup(struct rtm_file *file, u64 handle)
{
	u32 type, id;

	if (!rtm_handle_decode(handle, &type, &id) || type != RTM_HANDLE_ENUM)
		return NULL;
	return xa_load(&file->enums, id);
}

/* RTM_VIEW_MASK_ALL_BITS stands for every view this module keeps. */
static int rtm_enum_views(u32 *views)
{
	if (*views == RTM_VIEW_MASK_ALL_BITS)
		*views = RTM_VIEWS_SUPPORTED;
	return *views & ~RTM_VIEWS_SUPPORTED ? -EOPNOTSUPP : 0;
}

/**
 * rtm_enum_create() - RTM_IOC_ENUM_CREATE
 * @file: the caller's file, locked, registered
 * @req: the request, copied in; filled on success
 *
 * Return: 0, -EINVAL, -EOPNOTSUPP (views), -EDQUOT (the file keeps its
 * most cursors already), -ENOMEM.
 */
long rtm_enum_create(struct rtm_file *file, struct rtm_enum_create *req)
{
	struct rtm_table *table = file->entity->table;
	u32 position = req->flags & RTM_ENUM_F_POSITION;
	u32 views = req->views;
	struct rtm_enum *e;
	u32 id;
	int err;

	lockdep_assert_held(&file->lock);
	if (req->flags & ~RTM_ENUM_F_ALL || position > RTM_ENUM_F_RANGE ||
	    req->reserved0 || req->reserved[0] || req->reserved[1])
		return -EINVAL;
	err = rtm_enum_views(&views);
	if (err)
		return err;
	if (position == RTM_ENUM_F_START) {
		if (memchr_inv(&req->addr, 0, sizeof(req->addr)))
			return -EINVAL;
	} else if (!rtm_prefix_valid(table, &req->addr)) {
		return -EINVAL;
	}

	if (file->nr_enums >= file->limits.enums)
		return -EDQUOT;
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	e->table = table;
	e->caller = file->entity;
	e->own_dests = req->flags & RTM_ENUM_F_OWN_DESTS;
	e->views = views;
	e->num_views = hweight32(views);
	e->protocol_id = req->protocol_id;
	e->cursor.inclusive = true;
	if (position != RTM_ENUM_F_START) {
		memcpy(e->cursor.key, req->addr.addr, table->addr_bytes);
		e->cursor.prefix_len = req->addr.prefix_len;
	}
	if (position == RTM_ENUM_F_RANGE)
		e->range = req->addr;

	err = xa_alloc_cyclic(&file->enums, &id, e, xa_limit_32b,
			      &file->next_enum_id, GFP_KERNEL_ACCOUNT);
	if (err < 0) {
		kfree(e);
		return err;
	}
	file->nr_enums++;
	rtm_stat_add(RTM_STAT_ENUMS, 1);
	req->num_views = e->num_views;
	req->enum_handle = rtm_enum_handle(id);
	return 0;
}

static struct rtm_rt *rtm_enum_pick_route(const struct rtm_enum *e,
					  struct rtm_dest *dest, int view)
{
	struct rtm_rt *route;

	if (e->protocol_id == RTM_PROTOCOL_BEST)
		return rcu_dereference(dest->best[view]);
	list_for_each_entry_rcu(route, &dest->routes, dest_node) {
		if (!(READ_ONCE(route->views) & BIT(view)))
			continue;
		if (e->protocol_id == RTM_PROTOCOL_THIS ?
		    route->owner == e->caller :
		    route->owner->protocol_id == e->protocol_id)
			return route;
	}
	return NULL;
}

static bool rtm_enum_wanted(const struct rtm_enum *e, struct rtm_dest *dest)
{
	u32 views = e->views ?: RTM_VIEWS_SUPPORTED;
	int v;

	if (e->views && !(READ_ONCE(dest->views) & e->views))
		return false;
	if (!e->own_dests)
		return true;
	for (v = 0; v < RTM_NUM_VIEWS; v++) {
		struct rtm_rt *best = rcu_dereference(dest->best[v]);

		if (views & BIT(v) && best && best->owner == e->caller)
			return true;
	}
	return false;
}

static u64 rtm_enum_hold(struct rtm_enum_batch *batch, struct rtm_obj *obj)
{
	batch->refs[batch->nr_refs++] = obj;
	return rtm_obj_handle(obj);
}

/* Build one record; false if the destination is already being freed. */
static bool rtm_enum_fill(const struct rtm_enum *e, struct rtm_dest *dest,
			  struct rtm_dest_record *rec,
			  struct rtm_enum_batch *batch)
{
	u64 last_changed;
	int v, slot = 0;

	if (!rtm_obj_tryget(&dest->obj))
		return false;
	rec->dest_handle = rtm_enum_hold(batch, &dest->obj);
	rtm_prefix_to_user(&rec->dest, e->table, dest->key, dest->prefix_len);
	last_changed = READ_ONCE(dest->last_changed);
	rec->last_changed[0] = lower_32_bits(last_changed);
	rec->last_changed[1] = upper_32_bits(last_changed);
	rec->belongs_to_views = READ_ONCE(dest->views);
	rec->num_views = e->num_views;

	for (v = 0; v < RTM_NUM_VIEWS; v++) {
		struct rtm_dest_view *view = &rec->view[slot];
		struct rtm_rt *route;

		if (!(e->views & BIT(v)))
			continue;
		slot++;
		view->view_id = v;
		view->num_routes = READ_ONCE(dest->num_routes[v]);
		route = rtm_enum_pick_route(e, dest, v);
		if (!route || !rtm_obj_tryget(&route->obj))
			continue;
		view->route = rtm_enum_hold(batch, &route->obj);
		/* The route's reference keeps its owner alive. */
		rtm_obj_get(&route->owner->obj);
		view->owner = rtm_enum_hold(batch, &route->owner->obj);
	}
	return true;
}

static bool rtm_enum_in_range(const struct rtm_enum *e, const u8 *key,
			      unsigned int prefix_len)
{
	return prefix_len >= e->range.prefix_len &&
	       rtm_prefix_match(key, e->range.addr, e->range.prefix_len);
}

/*
 * The next destination after the cursor, moving the cursor onto it: by a
 * descent from the cursor's key when @walk is NULL, else by a step of
 * @walk, which @walk_from_cursor starts in the caller's RCU section.
 */
static struct rtm_dest *rtm_enum_step(struct rtm_enum *e,
				      struct rtm_trie_walk *walk,
				      bool walk_from_cursor)
{
	struct rtm_enum_cursor *cur = &e->cursor;
	u8 key[RTM_TRIE_MAX_KEY_BYTES];
	unsigned int prefix_len;
	struct rtm_dest *dest;

	if (!walk)
		dest = rtm_trie_next(&e->table->trie, cur->key,
				     cur->prefix_len, cur->inclusive, key,
				     &prefix_len);
	else if (walk_from_cursor)
		dest = rtm_trie_walk_start(walk, &e->table->trie, cur->key,
					   cur->prefix_len, cur->inclusive,
					   key, &prefix_len);
	else
		dest = rtm_trie_walk_next(walk, key, &prefix_len);
	if (!dest || !rtm_enum_in_range(e, key, prefix_len)) {
		cur->ended = true;
		return NULL;
	}
	memcpy(cur->key, key, sizeof(key));
	cur->prefix_len = prefix_len;
	cur->inclusive = false;
	return dest;
}

/* Mark the walk ended now if nothing follows, so the last records carry the mark. */
static void rtm_enum_peek_end(struct rtm_enum *e)
{
	struct rtm_enum_cursor cur = e->cursor;

	if (cur.ended)
		return;
	rcu_read_lock();
	rtm_enum_step(e, NULL, false);
	rcu_read_unlock();
	cur.ended = e->cursor.ended;
	e->cursor = cur;
}

/* Fill a batch with up to @max records under one RCU read section. */
static void rtm_enum_collect(struct rtm_enum *e, struct rtm_enum_batch *batch,
			     unsigned int max, size_t record_size)
{
	unsigned int scanned = 0;

	batch->nr_refs = 0;
	batch->nr_records = 0;
	memset(batch->records, 0, max * record_size);
	rcu_read_lock();
	while (batch->nr_records < max && scanned < RTM_ENUM_SCAN) {
		struct rtm_dest *dest = rtm_enum_step(e, &batch->walk,
						      !scanned++);
		void *rec = batch->records + batch->nr_records * record_size;

		if (!dest)
			break;
		if (rtm_enum_wanted(e, dest) && rtm_enum_fill(e, dest, rec, batch))
			batch->refs_end[batch->nr_records++] = batch->nr_refs;
	}
	rcu_read_unlock();
}

/* Give back the references of the batch's records from @first on. */
static void rtm_enum_take_back(struct rtm_file *file,
			       struct rtm_enum_batch *batch, unsigned int first)
{
	unsigned int i = first ? batch->refs_end[first - 1] : 0;

	for (; i < batch->nr_refs; i++)
		rtm_handles_drop(&file->handles, batch->refs[i]);
}

/*
 * Keep only the first @kept records of the batch (their references were
 * handed out) and put the cursor right after the last of them.
 */
static void rtm_enum_keep(struct rtm_enum *e, struct rtm_enum_batch *batch,
			  unsigned int kept, size_t record_size,
			  const struct rtm_enum_cursor *rewind)
{
	const struct rtm_dest_record *last;

	batch->nr_records = kept;
	e->cursor = *rewind;
	if (!kept)
		return;
	last = (const void *)(batch->records + (kept - 1) * record_size);
	memcpy(e->cursor.key, last->dest.addr, sizeof(e->cursor.key));
	e->cursor.prefix_len = last->dest.prefix_len;
	e->cursor.inclusive = false;
}

/*
 * Hand the batch's references to the file, record by record. When one
 * cannot be taken (no memory, a cap), keep the records handed out whole,
 * give back the rest and put the cursor after the last one kept.
 */
static int rtm_enum_hand_out(struct rtm_file *file, struct rtm_enum *e,
			     struct rtm_enum_batch *batch, size_t record_size,
			     const struct rtm_enum_cursor *rewind)
{
	unsigned int i, added, kept = 0;
	int err = 0;

	for (added = 0; added < batch->nr_refs; added++) {
		err = rtm_handles_add(&file->handles, batch->refs[added]);
		if (err)
			break;
	}
	if (!err)
		return 0;
	while (kept < batch->nr_records && batch->refs_end[kept] <= added)
		kept++;
	for (i = kept ? batch->refs_end[kept - 1] : 0; i < added; i++)
		rtm_handles_drop(&file->handles, batch->refs[i]);
	for (i = added; i < batch->nr_refs; i++)
		rtm_obj_put(batch->refs[i]);
	rtm_enum_keep(e, batch, kept, record_size, rewind);
	return err;
}

/*
 * Copy a batch out. On a fault, keep the records that made it whole, give
 * back the rest and put the cursor right after the last one kept.
 */
static int rtm_enum_copy_out(struct rtm_file *file, struct rtm_enum *e,
			     struct rtm_enum_batch *batch, u8 __user *out,
			     size_t record_size,
			     const struct rtm_enum_cursor *rewind)
{
	size_t bytes = batch->nr_records * record_size;
	size_t left = copy_to_user(out, batch->records, bytes);
	unsigned int kept = (bytes - left) / record_size;

	if (!left)
		return 0;
	rtm_enum_take_back(file, batch, kept);
	rtm_enum_keep(e, batch, kept, record_size, rewind);
	return -EFAULT;
}

/**
 * rtm_enum_fetch() - RTM_IOC_ENUM_FETCH
 * @file: the caller's file, locked, registered
 * @req: the request, copied in; count and out_flags updated on success
 *
 * Return: 0, -EINVAL, -EBADF, -ENOMEM, -EDQUOT (the file holds its most
 * handles) or -EFAULT, with nothing taken; when records were handed out
 * before such an error, 0 with those records.
 */
long rtm_enum_fetch(struct rtm_file *file, struct rtm_enum_fetch *req)
{
	u8 __user *out = u64_to_user_ptr(req->records);
	unsigned int wanted = req->count, done = 0;
	struct rtm_enum_batch *batch;
	struct rtm_enum *e;
	size_t record_size;
	int err = 0;

	lockdep_assert_held(&file->lock);
	if (!wanted || wanted > RTM_MAX_ENUM_BATCH || req->flags ||
	    req->reserved[0] || req->reserved[1])
		return -EINVAL;
	e = rtm_enum_lookup(file, req->enum_handle);
	if (!e)
		return -EBADF;
	record_size = RTM_DEST_RECORD_SIZE(e->num_views);
	if (req->record_size != record_size)
		return -EINVAL;

	batch = kmalloc(struct_size(batch, records,
				    RTM_ENUM_CHUNK * record_size),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!batch)
		return -ENOMEM;
	while (done < wanted && !e->cursor.ended) {
		struct rtm_enum_cursor rewind = e->cursor;
		unsigned int n = min(wanted - done, RTM_ENUM_CHUNK);
		long copy_err;

		rtm_enum_collect(e, batch, n, record_size);
		err = rtm_enum_hand_out(file, e, batch, record_size, &rewind);
		copy_err = rtm_enum_copy_out(file, e, batch,
					     out + (size_t)done * record_size,
					     record_size, &rewind);
		done += batch->nr_records;
		err = err ?: copy_err;
		if (err)
			break;
		cond_resched();
	}
	kfree(batch);
	if (err && !done)
		return err;

	if (!err)
		rtm_enum_peek_end(e);
	req->count = done;
	req->out_flags = e->cursor.ended ? RTM_FETCH_END : 0;
	return 0;
}

/*
 * The destination a query names: the one of @addr, else (@longest) the
 * longest one covering it; in the query's views. Under rcu_read_lock().
 */
static struct rtm_dest *rtm_dest_get_find(const struct rtm_enum *q,
					  const struct rtm_net_address *addr,
					  bool longest)
{
	const struct rtm_trie *trie = &q->table->trie;
	struct rtm_dest *dest;

	dest = rtm_trie_lookup_exact(trie, addr->addr, addr->prefix_len);
	if (!longest)
		return dest && rtm_enum_wanted(q, dest) ? dest : NULL;
	if (!dest)
		dest = rtm_trie_lookup_below(trie, addr->addr, addr->prefix_len,
					     NULL);
	while (dest && !rtm_enum_wanted(q, dest))
		dest = rtm_trie_lookup_below(trie, dest->key, dest->prefix_len,
					     NULL);
	return dest;
}

/**
 * rtm_dest_get() - RTM_IOC_DEST_GET
 * @file: the caller's file, locked, registered
 * @req: the request, copied in; @req->num_views set on success
 *
 * Builds, hands out and copies one record as a fetch does, so the record
 * and the references it holds are those of a walk.
 *
 * Return: 0, -EINVAL, -EOPNOTSUPP (views), -ENOENT (no destination),
 * -ENOMEM, -EDQUOT (the file's handle cap) or -EFAULT, with nothing
 * taken on error.
 */
long rtm_dest_get(struct rtm_file *file, struct rtm_dest_get *req)
{
	struct rtm_enum q = {
		.table = file->entity->table,
		.caller = file->entity,
		.views = req->views,
		.protocol_id = req->protocol_id,
	};
	struct rtm_enum_batch *batch;
	struct rtm_dest *dest;
	size_t record_size;
	int err;

	lockdep_assert_held(&file->lock);
	if (req->flags & ~RTM_DEST_GET_F_ALL || req->reserved[0] ||
	    req->reserved[1] || !rtm_prefix_valid(q.table, &req->addr))
		return -EINVAL;
	err = rtm_enum_views(&q.views);
	if (err)
		return err;
	q.num_views = hweight32(q.views);
	record_size = RTM_DEST_RECORD_SIZE(q.num_views);
	if (req->record_size < record_size)
		return -EINVAL;

	batch = kmalloc(struct_size(batch, records, record_size),
			GFP_KERNEL_ACCOUNT);
	if (!batch)
		return -ENOMEM;
	batch->nr_refs = 0;
	batch->nr_records = 0;
	memset(batch->records, 0, record_size);
	rcu_read_lock();
	dest = rtm_dest_get_find(&q, &req->addr,
				 req->flags & RTM_DEST_GET_LONGEST);
	if (dest && rtm_enum_fill(&q, dest, (void *)batch->records, batch))
		batch->refs_end[batch->nr_records++] = batch->nr_refs;
	rcu_read_unlock();

	err = -ENOENT;
	if (batch->nr_records) {
		err = rtm_enum_hand_out(file, &q, batch, record_size, &q.cursor);
		if (!err)
			err = rtm_enum_copy_out(file, &q, batch,
						u64_to_user_ptr(req->record),
						record_size, &q.cursor);
	}
	kfree(batch);
	if (err)
		return err;
	req->num_views = q.num_views;
	return 0;
}

/**
 * rtm_enum_delete() - RTM_IOC_ENUM_DELETE
 * @file: the caller's file, locked
 * @enum_handle: the walk
 *
 * Return: 0 or -EBADF.
 */
long rtm_enum_delete(struct rtm_file *file, u64 enum_handle)
{
	struct rtm_enum *e;

	lockdep_assert_held(&file->lock);
	e = rtm_enum_lookup(file, enum_handle);
	if (!e)
		return -EBADF;
	xa_erase(&file->enums, (u32)enum_handle);
	kfree(e);
	file->nr_enums--;
	rtm_stat_add(RTM_STAT_ENUMS, -1);
	return 0;
}

/**
 * rtm_enum_destroy_all() - free the walks of a closing file
 * @file: the file
 */
void rtm_enum_destroy_all(struct rtm_file *file)
{
	struct rtm_enum *e;
	unsigned long id;

	xa_for_each(&file->enums, id, e) {
		kfree(e);
		rtm_stat_add(RTM_STAT_ENUMS, -1);
		if (!(--file->nr_enums % 256))
			cond_resched();
	}
	xa_destroy(&file->enums);
}
