/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * rtm_lookup_bench: the request the benchmark module takes through
 * debugfs (rtm_lookup_bench/run), shared with the guest program.
 *
 * One write() of a struct rtm_lookup_bench_req followed by @num_keys
 * addresses of RTM_LOOKUP_BENCH_KEY_SIZE bytes runs the benchmark; a read
 * of the same file then gives "name value" lines (see the module).
 */
#ifndef _RTM_LOOKUP_BENCH_H
#define _RTM_LOOKUP_BENCH_H

#include <linux/types.h>

#define RTM_LOOKUP_BENCH_DIR		"rtm_lookup_bench"
#define RTM_LOOKUP_BENCH_KEY_SIZE	16	/* IPv4 keys use the first 4 bytes */
#define RTM_LOOKUP_BENCH_MAX_KEYS	4194304
#define RTM_LOOKUP_BENCH_MAX_ROUNDS	64

/**
 * struct rtm_lookup_bench_req - one benchmark run
 * @family: AF_INET or AF_INET6
 * @table: id of the FIB table holding the same prefixes as rtm
 * @view: the rtm view id to look up (RTM_VIEW_UCAST)
 * @rounds: timed passes over the keys, per method
 * @num_keys: addresses following the header, in network byte order
 * @reserved: must be zero
 */
struct rtm_lookup_bench_req {
	__u32	family;
	__u32	table;
	__u32	view;
	__u32	rounds;
	__u32	num_keys;
	__u32	reserved[3];
};

#endif /* _RTM_LOOKUP_BENCH_H */
