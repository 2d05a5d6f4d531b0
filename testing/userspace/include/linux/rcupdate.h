/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness shim: kernel RCU on top of liburcu (memb flavour, the default of
 * <urcu.h>). Every thread that reads or calls kfree_rcu() must have called
 * rcu_register_thread(). The checked variants cannot check anything here;
 * ASan catches what a missing grace period would break.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <urcu.h>
#include <urcu/uatomic.h>

#include <linux/compiler.h>

#define rcu_dereference_raw(p)		rcu_dereference(p)
#define rcu_dereference_check(p, c)	rcu_dereference(p)
#define rcu_dereference_protected(p, c)	CMM_LOAD_SHARED(p)
#define rcu_access_pointer(p)		CMM_LOAD_SHARED(p)
#define RCU_INIT_POINTER(p, v)		CMM_STORE_SHARED(p, v)
#define smp_store_release(p, v)		__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
