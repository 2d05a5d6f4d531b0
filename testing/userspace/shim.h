/* SPDX-License-Identifier: GPL-2.0 */
/* Knobs of the harness's kernel shims (linux.c). */
#ifndef _RTM_HARNESS_SHIM_H
#define _RTM_HARNESS_SHIM_H

/* Objects allocated with kmalloc() and not yet freed (kfree_rcu() pending included). */
long shim_nr_allocated(void);

/*
 * Objects allocated and neither freed nor handed to kfree_rcu(): unlike
 * shim_nr_allocated() it does not move when a grace period ends.
 */
long shim_nr_owned(void);

/* Make the @nth kmalloc() from now fail once (1 = the next one); 0 disarms. */
void shim_fail_nth_alloc(unsigned int nth);

/* How many allocations were failed on purpose so far. */
unsigned long shim_nr_failed(void);

#endif
