// SPDX-License-Identifier: GPL-2.0
/*
 * rte_lpm / rte_lpm6 behind the small interface of bench_dpdk.h. Built with
 * pkg-config libdpdk's flags when dpdk-dev is installed (HAVE_DPDK), else
 * as a stub that only explains.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_dpdk.h"

#ifdef HAVE_DPDK

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>
#include <rte_malloc.h>

struct bench_lpm {
	int family;
	struct rte_lpm *lpm;
	struct rte_lpm6 *lpm6;
	size_t bytes;
};

int bench_dpdk_init(char *why, size_t len)
{
	/*
	 * A plain process: no hugepages, no PCI scan, memory from the normal
	 * heap (--no-huge wants -m), no telemetry socket, no shared config
	 * files that a second run would trip over, one lcore.
	 */
	static char *argv[] = {
		"rtm-bench", "--no-huge", "--no-pci", "-m", "2048",
		"--no-telemetry", "--no-shconf", "--log-level=lib.eal:error",
		"-l", "0", NULL,
	};
	int ret = rte_eal_init(sizeof(argv) / sizeof(argv[0]) - 1, argv);

	if (ret < 0) {
		snprintf(why, len, "rte_eal_init(--no-huge --no-pci -m 2048) failed: %s",
			 rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

static size_t heap_bytes(void)
{
	struct rte_malloc_socket_stats stats;

	if (rte_malloc_get_socket_stats(0, &stats))
		return 0;
	return stats.heap_allocsz_bytes;
}

/* tbl8 groups rte_lpm needs: one per /24 that has longer prefixes. */
static unsigned int v4_tbl8_groups(const struct gen_table *table)
{
	unsigned int groups = 0;
	uint32_t last = 0;
	bool any = false;
	size_t i;

	/* The table is in address order here (not yet shuffled). */
	for (i = 0; i < table->nr; i++) {
		const uint8_t *k = table->prefixes[i].key;
		uint32_t slash24 = (uint32_t)k[0] << 16 | k[1] << 8 | k[2];

		if (table->prefixes[i].plen <= 24 || (any && slash24 == last))
			continue;
		groups++;
		last = slash24;
		any = true;
	}
	return groups + 256;
}

struct bench_lpm *bench_lpm_create(const struct gen_table *table,
				   unsigned int tbl8_per_16, char *why, size_t len)
{
	static unsigned int serial;
	struct bench_lpm *lpm = calloc(1, sizeof(*lpm));
	size_t before = heap_bytes();
	char name[32];

	if (!lpm)
		return NULL;
	lpm->family = table->family;
	snprintf(name, sizeof(name), "bench%u", serial++);
	if (table->family == 4) {
		struct rte_lpm_config config = {
			.max_rules = table->nr + 16,
			.number_tbl8s = v4_tbl8_groups(table),
		};

		lpm->lpm = rte_lpm_create(name, SOCKET_ID_ANY, &config);
	} else {
		/*
		 * rte_lpm6 cannot say how many tbl8 groups a table needs
		 * before it is built: the caller starts low and retries with
		 * more on -ENOSPC (a real table needs about one group per
		 * four prefixes, perf-anchors.md).
		 */
		struct rte_lpm6_config config = {
			.max_rules = table->nr + 16,
			.number_tbl8s = table->nr * tbl8_per_16 / 16 + 1024,
		};

		lpm->lpm6 = rte_lpm6_create(name, SOCKET_ID_ANY, &config);
	}
	if (!lpm->lpm && !lpm->lpm6) {
		snprintf(why, len, "rte_lpm%s_create: %s",
			 table->family == 4 ? "" : "6", rte_strerror(rte_errno));
		free(lpm);
		return NULL;
	}
	lpm->bytes = heap_bytes() - before;
	return lpm;
}


int bench_lpm_insert(struct bench_lpm *lpm, const struct gen_prefix *prefix,
		     uint32_t value)
{
	if (lpm->family == 4) {
		const uint8_t *k = prefix->key;

		return rte_lpm_add(lpm->lpm, (uint32_t)k[0] << 24 | k[1] << 16 |
				   k[2] << 8 | k[3], prefix->plen, value);
	}
	return rte_lpm6_add(lpm->lpm6, prefix->key, prefix->plen, value);
}

int bench_lpm_delete(struct bench_lpm *lpm, const struct gen_prefix *prefix)
{
	if (lpm->family == 4) {
		const uint8_t *k = prefix->key;

		return rte_lpm_delete(lpm->lpm, (uint32_t)k[0] << 24 | k[1] << 16 |
				      k[2] << 8 | k[3], prefix->plen);
	}
	return rte_lpm6_delete(lpm->lpm6, prefix->key, prefix->plen);
}

uint64_t bench_lpm_lookups(const struct bench_lpm *lpm, const uint8_t *addrs,
			   size_t n)
{
	uint64_t sum = 0;
	uint32_t hop;
	size_t i;

	if (lpm->family == 4) {
		const uint32_t *a = (const uint32_t *)addrs;

		/* Addresses are stored big-endian, rte_lpm wants host order. */
		for (i = 0; i < n; i++)
			if (!rte_lpm_lookup(lpm->lpm, __builtin_bswap32(a[i]), &hop))
				sum += hop;
		return sum;
	}
	for (i = 0; i < n; i++)
		if (!rte_lpm6_lookup(lpm->lpm6, addrs + 16 * i, &hop))
			sum += hop;
	return sum;
}

uint32_t bench_lpm_lookup_one(const struct bench_lpm *lpm, const uint8_t *addr)
{
	uint32_t hop;

	if (lpm->family == 4) {
		uint32_t a;

		memcpy(&a, addr, 4);
		return rte_lpm_lookup(lpm->lpm, __builtin_bswap32(a), &hop) ? 0 : hop;
	}
	return rte_lpm6_lookup(lpm->lpm6, addr, &hop) ? 0 : hop;
}

size_t bench_lpm_bytes(const struct bench_lpm *lpm)
{
	return lpm->bytes;
}

void bench_lpm_destroy(struct bench_lpm *lpm)
{
	if (!lpm)
		return;
	if (lpm->lpm)
		rte_lpm_free(lpm->lpm);
	if (lpm->lpm6)
		rte_lpm6_free(lpm->lpm6);
	free(lpm);
}

#else /* !HAVE_DPDK */

int bench_dpdk_init(char *why, size_t len)
{
	snprintf(why, len, "built without DPDK: pkg-config found no libdpdk "
		 "(apt-get install dpdk-dev, then make clean bench)");
	return -1;
}

struct bench_lpm *bench_lpm_create(const struct gen_table *table,
				   unsigned int tbl8_per_16, char *why, size_t len)
{
	snprintf(why, len, "no DPDK");
	return NULL;
}

int bench_lpm_insert(struct bench_lpm *lpm, const struct gen_prefix *prefix,
		     uint32_t value)
{
	return -EOPNOTSUPP;
}

int bench_lpm_delete(struct bench_lpm *lpm, const struct gen_prefix *prefix)
{
	return -EOPNOTSUPP;
}

uint64_t bench_lpm_lookups(const struct bench_lpm *lpm, const uint8_t *addrs,
			   size_t n)
{
	return 0;
}

uint32_t bench_lpm_lookup_one(const struct bench_lpm *lpm, const uint8_t *addr)
{
	return 0;
}

size_t bench_lpm_bytes(const struct bench_lpm *lpm)
{
	return 0;
}

void bench_lpm_destroy(struct bench_lpm *lpm)
{
}

#endif /* HAVE_DPDK */
