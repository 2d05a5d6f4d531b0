/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Realistic synthetic routing tables for benchmarks and tests.
 *
 * gen_table_make() draws a seeded table with the prefix-length histogram of
 * the global IPv4 or IPv6 table (the "scaled" columns of
 * shared/perf-anchors.md, section 3), about half of the prefixes nested
 * under shorter ones, IPv4 blocks packed into /8s the way registries
 * allocate them, and IPv6 prefixes hung below a limited pool of /24, /32
 * and /40 heads inside the busy RIR /12s. The same (family, count, seed)
 * always gives the same table, in the same order.
 */
#ifndef _RTM_GEN_TABLE_H
#define _RTM_GEN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Full-size tables of late 2025 (bgp.potaroo.net FIB counts). */
#define GEN_TABLE_FULL_V4	1036829
#define GEN_TABLE_FULL_V6	222878

/* Key bytes are big-endian, bits past @plen zero (like module/trie.h). */
struct gen_prefix {
	uint8_t key[16];
	uint8_t plen;
};

struct gen_table {
	int family;		/* 4 or 6 */
	unsigned int nbytes;	/* 4 or 16 */
	size_t nr;
	struct gen_prefix *prefixes;
};

/*
 * A table of @count distinct prefixes of @family (4 or 6), drawn from
 * @seed. @count 0 means full size. Returns 0, or -1 with errno set.
 */
int gen_table_make(struct gen_table *table, int family, size_t count,
		   uint64_t seed);

/*
 * Read "prefix/len" lines (blank lines and '#' comments skipped); host
 * bits are cleared and duplicates dropped. Returns 0, or -1 with errno set
 * (EINVAL with a message on stderr for a malformed line).
 */
int gen_table_load(struct gen_table *table, int family, const char *path);

void gen_table_free(struct gen_table *table);

/* Put the prefixes in a seeded random order (Fisher-Yates). */
void gen_table_shuffle(struct gen_table *table, uint64_t seed);

/* Per-length counts wanted for @count prefixes; @wanted has 129 slots. */
void gen_table_wanted(int family, size_t count, size_t *wanted);

/* Share (0..1) of the prefixes covered by another prefix of the table. */
double gen_table_nested_share(const struct gen_table *table);

/*
 * The --stats check: per length wanted vs got, the nested share, and for
 * IPv6 the distinct /24, /32 and /40 heads against the real table's.
 */
void gen_table_print_stats(const struct gen_table *table, FILE *out);

/* "a.b.c.d/n" or "x:y::/n" into @buf (at least 64 bytes). */
void gen_prefix_format(const struct gen_prefix *prefix, int family,
		       char *buf, size_t len);

/* Deterministic generator (splitmix64) shared with the benchmarks. */
struct gen_rng {
	uint64_t state;
};

void gen_rng_seed(struct gen_rng *rng, uint64_t seed);
uint64_t gen_rng_next(struct gen_rng *rng);
/* Uniform in [0, n), n > 0. */
uint64_t gen_rng_below(struct gen_rng *rng, uint64_t n);
/* Uniform in [0, 1). */
double gen_rng_unit(struct gen_rng *rng);

#endif /* _RTM_GEN_TABLE_H */
