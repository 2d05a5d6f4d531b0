// SPDX-License-Identifier: GPL-2.0
/*
 * RTM_IOC_RELEASE: the handles of one call come in through a kernel copy
 * of the caller's array, then go back all or nothing (handles.c).
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "file.h"
#include "handles.h"

/**
 * rtm_release_ioctl() - RTM_IOC_RELEASE
 * @file: the caller's registered file, locked
 * @req: the request, copied in
 *
 * Return: 0, -EINVAL, -E2BIG, -ENOMEM, -EFAULT or -EBADF, with nothing
 * released on error.
 */
long rtm_release_ioctl(struct rtm_file *file, struct rtm_release *req)
{
	u64 *handles;
	long err;

	if (req->reserved || req->type > RTM_HANDLE_NEXTHOP)
		return -EINVAL;
	if (!req->count)
		return 0;
	if (req->count > RTM_MAX_RELEASE_BATCH)
		return -E2BIG;
	/* Sized by the caller: charged to it, and no warning when refused. */
	handles = kvmalloc_array(req->count, sizeof(*handles),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!handles)
		return -ENOMEM;
	if (copy_from_user(handles, u64_to_user_ptr(req->handles),
			   req->count * sizeof(*handles)))
		err = -EFAULT;
	else
		err = rtm_handles_release(&file->handles, handles, req->count,
					  req->type);
	kvfree(handles);
	return err;
}
