/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DPDK anchors of the benchmark: rte_lpm (DIR-24-8) for IPv4 and
 * rte_lpm6 (DIR-24-8-8...) for IPv6. Kept in their own file because the
 * DPDK headers want their own compiler flags; without dpdk-dev the stub
 * in the same file says why.
 */
#ifndef _RTM_BENCH_DPDK_H
#define _RTM_BENCH_DPDK_H

#include <stddef.h>
#include <stdint.h>

#include "gen_table.h"

struct bench_lpm;

/* Start the EAL once. 0, or -1 with the reason in @why. */
int bench_dpdk_init(char *why, size_t len);

/*
 * An empty rte_lpm/rte_lpm6 sized for @table: its rules, and for IPv6
 * @tbl8_per_16 tbl8 groups per 16 prefixes (IPv4 counts what it needs).
 * NULL with the reason in @why on failure.
 */
struct bench_lpm *bench_lpm_create(const struct gen_table *table,
				   unsigned int tbl8_per_16, char *why, size_t len);
/* 0, or a negative errno (-ENOSPC: out of tbl8 groups). */
int bench_lpm_insert(struct bench_lpm *lpm, const struct gen_prefix *prefix,
		     uint32_t value);
int bench_lpm_delete(struct bench_lpm *lpm, const struct gen_prefix *prefix);
/* @n lookups of addresses @stride bytes apart; returns a checksum. */
uint64_t bench_lpm_lookups(const struct bench_lpm *lpm, const uint8_t *addrs,
			   size_t n);
/* The value of the longest match, 0 for none. */
uint32_t bench_lpm_lookup_one(const struct bench_lpm *lpm, const uint8_t *addr);
/* DPDK heap bytes the structure holds (all preallocated at create). */
size_t bench_lpm_bytes(const struct bench_lpm *lpm);
void bench_lpm_destroy(struct bench_lpm *lpm);

#endif
