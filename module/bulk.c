// SPDX-License-Identifier: GPL-2.0
/*
 * RTM_IOC_ROUTE_ADD_BULK: the records come in through a small kernel
 * buffer, one chunk at a time, and each chunk is applied under one hold of
 * the instance lock. One copy and one lock round trip per chunk instead of
 * per route is what makes loading a table cheap; the chunk bound keeps
 * the lock hold time and the buffer small whatever the caller asks for.
 *
 * The call keeps write(2)'s contract: it stops at the first record it
 * cannot apply and reports the records applied before it as a success, so
 * an error always means that nothing was applied.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "bulk.h"
#include "route.h"

/* Bytes of records copied and applied per hold of the instance lock */
#define RTM_BULK_CHUNK_BYTES	16384

static_assert(sizeof(struct rtm_bulk_route) == RTM_BULK_ROUTE_SIZE_VER0);
static_assert(RTM_BULK_ROUTE_SIZE_MAX <= RTM_BULK_CHUNK_BYTES);

static bool rtm_bulk_req_valid(const struct rtm_route_add_bulk *req)
{
	u32 size = req->record_size;

	return !req->flags && !req->reserved0 && !req->reserved[0] && !req->reserved[1] &&
	       req->count <= RTM_MAX_ROUTE_BULK &&
	       size >= sizeof(struct rtm_bulk_route) &&
	       size <= RTM_BULK_ROUTE_SIZE_MAX && IS_ALIGNED(size, 8);
}

/*
 * Apply the @n records of @buf under one hold of the instance lock.
 * Returns how many were applied; *@err is set when one failed.
 */
static u32 rtm_bulk_apply_chunk(struct rtm_file *file, const u8 *buf, u32 n,
				u32 size, long *err)
{
	size_t known = sizeof(struct rtm_bulk_route);
	u32 i;

	mutex_lock(&file->inst->lock);
	for (i = 0; i < n; i++) {
		const u8 *rec = buf + (size_t)i * size;

		/* A field this kernel does not know must not ask for anything. */
		if (size > known && memchr_inv(rec + known, 0, size - known)) {
			*err = -E2BIG;
			break;
		}
		*err = rtm_route_add_bulk_record(file,
						 (const struct rtm_bulk_route *)rec);
		if (*err)
			break;
	}
	mutex_unlock(&file->inst->lock);
	return i;
}

/**
 * rtm_bulk_add_routes() - RTM_IOC_ROUTE_ADD_BULK
 * @file: the caller's registered file
 * @req: the request; on success @req->count is set
 *
 * Context: process context, the file's mutex held, the instance lock not.
 * Return: 0 when at least one record was applied (or @req->count was 0),
 * else the error of the first record: -EINVAL, -E2BIG, -EFAULT, -EINTR
 * (fatal signal), -ENOMEM, or any error of RTM_IOC_ROUTE_ADD.
 */
long rtm_bulk_add_routes(struct rtm_file *file,
			 struct rtm_route_add_bulk *req)
{
	const u8 __user *src = u64_to_user_ptr(req->routes);
	u32 size = req->record_size, count = req->count;
	u32 done = 0, per_chunk;
	long err = 0;
	u8 *buf;

	lockdep_assert_held(&file->lock);
	lockdep_assert_not_held(&file->inst->lock);
	if (!rtm_bulk_req_valid(req))
		return -EINVAL;
	if (!count)
		return 0;
	per_chunk = min(count, RTM_BULK_CHUNK_BYTES / size);
	/* Bounded by the chunk size, but sized by the caller: charge it. */
	buf = kvmalloc_array(per_chunk, size,
			     GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf)
		return -ENOMEM;

	while (done < count && !err) {
		u32 n = min(count - done, per_chunk), whole;
		size_t bytes = (size_t)n * size, left;

		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		left = copy_from_user(buf, src + (size_t)done * size, bytes);
		/* The records read whole before a fault still count. */
		whole = (bytes - left) / size;
		if (whole < n)
			err = -EFAULT;
		if (whole) {
			long apply_err = 0;

			done += rtm_bulk_apply_chunk(file, buf, whole, size,
						     &apply_err);
			if (apply_err)
				err = apply_err;
		}
		cond_resched();
	}
	kvfree(buf);
	if (!done)
		return err;
	req->count = done;
	return 0;
}
