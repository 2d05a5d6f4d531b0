// SPDX-License-Identifier: GPL-2.0
/*
 * rtm-bench: the lookup structures of module/lpm.c (the multibit index,
 * kept beside the trie as module/table.c does) and module/trie.c, compiled
 * unchanged against the shims of testing/userspace/include, measured
 * natively on one core against a naive baseline and DPDK's rte_lpm /
 * rte_lpm6.
 *
 * For each family and size (10k, 100k, full synthetic; the real table of
 * build/data when present) and each structure:
 *   - lookups per second, longest prefix match, of random addresses inside
 *     random prefixes of the table (hits) and of addresses next to them
 *     that match nothing (misses); the trie's inside rcu_read_lock() per
 *     lookup, as a kernel consumer would;
 *   - deletes, then re-inserts, per second of a random sample of the
 *     table's prefixes while the rest stays in (steady-state updates);
 *   - bytes per prefix: the index's own count (size classes), the trie's
 *     kmalloc() size classes (bench_slab.c),
 *     the baseline's arrays, the DPDK heap bytes of the LPM object;
 *   - the build time of the whole table in random order.
 * Then the writer-churn case: index lookups with one writer thread deleting
 * and re-inserting prefixes (trie and index) on the other core, against
 * none and against a read-only thread there.
 *
 * Figures only: nothing here passes or fails on a timing. It does check
 * that all structures return the same longest match for a sample of the
 * addresses, and exits non-zero if they do not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "lpm.h"
#include "trie.h"

#include "bench_dpdk.h"
#include "bench_slab.h"
#include "gen_table.h"

#define NR_ADDRS	(1U << 20)	/* per hit or miss set */
#define CHECK_ADDRS	20000		/* per set, for the agreement check */
#define LOOKUP_BATCH	(1U << 16)

enum structure { S_INDEX, S_TRIE, S_NAIVE, S_LPM, NR_STRUCTURES };

static const char *const structure_names[NR_STRUCTURES] = {
	[S_INDEX] = "rtm lpm",
	[S_TRIE] = "rtm trie",
	[S_NAIVE] = "naive",
	[S_LPM] = "rte_lpm",
};

struct options {
	uint64_t seed;
	double lookup_seconds;
	double churn_seconds;
	bool lpm_full;
	const char *real_dir;
};

static struct options opt = {
	.seed = 1,
	.lookup_seconds = 0.3,
	.churn_seconds = 1.0,
	.real_dir = "../../build/data",
};

static bool have_dpdk;
static struct call_rcu_data *rcu_worker;
static char dpdk_why[256];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Keeps the compiler from dropping lookups whose result is unused. */
static volatile uint64_t sink;

/* ------------------------------------------------------------------ */
/* The trie under test                                                 */

static uint64_t trie_lookups(const void *s, const uint8_t *addrs, size_t n)
{
	const struct rtm_trie *trie = s;
	unsigned int nbytes = trie->max_prefixlen / 8;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		rcu_read_lock();
		sum += (uintptr_t)rtm_trie_lookup_longest(trie, addrs + i * nbytes,
							  NULL);
		rcu_read_unlock();
	}
	return sum;
}

static uint32_t trie_lookup_one(const struct rtm_trie *trie,
				const uint8_t *addr)
{
	void *value;

	rcu_read_lock();
	value = rtm_trie_lookup_longest(trie, addr, NULL);
	rcu_read_unlock();
	return (uintptr_t)value;
}

/* ------------------------------------------------------------------ */
/* The index under test, with the trie beside it as module/table.c does  */

struct index {
	struct rtm_trie trie;
	struct rtm_lpm lpm;
};

/* Index values are pointers to objects: bit 0 clear. */
static void *index_value(uint32_t value)
{
	return (void *)((uintptr_t)value << 1);
}

static void index_init(struct index *x, int family)
{
	rtm_trie_init(&x->trie, family == 4 ? 32 : 128);
	rtm_lpm_init(&x->lpm, family == 4 ? 32 : 128);
}

static void index_destroy(struct index *x)
{
	rtm_trie_destroy(&x->trie);
	rtm_lpm_destroy(&x->lpm);
}

static void *index_below(struct index *x, const struct gen_prefix *p)
{
	void *below;

	rcu_read_lock();
	below = rtm_trie_lookup_below(&x->trie, p->key, p->plen, NULL);
	rcu_read_unlock();
	return below;
}

/* rtm_table_insert(): the trie's exact check, the index, the trie. */
static int index_insert(struct index *x, const struct gen_prefix *p,
			uint32_t value)
{
	void *v = index_value(value), *below, *found;
	int err;

	rcu_read_lock();
	found = rtm_trie_lookup_exact(&x->trie, p->key, p->plen);
	rcu_read_unlock();
	if (found)
		return -EEXIST;
	below = index_below(x, p);
	err = rtm_lpm_replace(&x->lpm, p->key, p->plen, below, v, GFP_KERNEL);
	if (err)
		return err;
	err = rtm_trie_insert(&x->trie, p->key, p->plen, v, GFP_KERNEL);
	if (err)
		rtm_lpm_replace(&x->lpm, p->key, p->plen, v, below, GFP_KERNEL);
	return err;
}

/* rtm_table_delete(). */
static void *index_delete(struct index *x, const struct gen_prefix *p)
{
	void *value, *below;

	rcu_read_lock();
	value = rtm_trie_lookup_exact(&x->trie, p->key, p->plen);
	rcu_read_unlock();
	if (!value)
		return NULL;
	below = index_below(x, p);
	if (rtm_lpm_replace(&x->lpm, p->key, p->plen, value, below, GFP_KERNEL))
		abort();	/* deletes never fail */
	rtm_trie_delete(&x->trie, p->key, p->plen);
	return value;
}

static uint64_t index_lookups(const void *s, const uint8_t *addrs, size_t n)
{
	const struct index *x = s;
	unsigned int nbytes = x->lpm.max_prefixlen / 8;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		rcu_read_lock();
		sum += (uintptr_t)rtm_lpm_lookup(&x->lpm, addrs + i * nbytes);
		rcu_read_unlock();
	}
	return sum;
}

static uint32_t index_lookup_one(const struct index *x, const uint8_t *addr)
{
	void *value;

	rcu_read_lock();
	value = rtm_lpm_lookup(&x->lpm, addr);
	rcu_read_unlock();
	return (uintptr_t)value >> 1;
}

/* ------------------------------------------------------------------ */
/* The naive baseline: one sorted array of prefixes per length          */

/*
 * A lookup tries the lengths from the longest present down and binary
 * searches the address, masked to that length, in each: O(lengths x log n).
 * Keys are host-order integers (IPv6 as two halves).
 */
struct naive_entry4 {
	uint32_t key;
	uint32_t value;
};

struct naive_entry6 {
	uint64_t hi, lo;
	uint32_t value;
};

struct naive_level {
	void *entries;
	size_t nr, cap;
};

struct naive {
	int family;
	size_t entry_size;
	struct naive_level level[129];
	uint8_t lengths[129];	/* non-empty levels, longest first */
	unsigned int nr_lengths;
};

static uint64_t load_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static uint32_t load_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return __builtin_bswap32(v);
}

static uint32_t mask32(unsigned int len)
{
	return len ? ~0U << (32 - len) : 0;
}

static uint64_t mask64(unsigned int len)
{
	return len >= 64 ? ~0ULL : len ? ~0ULL << (64 - len) : 0;
}

static void naive_relist(struct naive *naive)
{
	int len;

	naive->nr_lengths = 0;
	for (len = 128; len >= 0; len--)
		if (naive->level[len].nr)
			naive->lengths[naive->nr_lengths++] = len;
}

/* Index of the first entry >= key in @level. */
static size_t naive_lower_bound(const struct naive *naive,
				const struct naive_level *level,
				uint64_t hi, uint64_t lo)
{
	size_t first = 0, count = level->nr;

	if (naive->family == 4) {
		const struct naive_entry4 *e = level->entries;

		while (count) {
			size_t half = count / 2;

			if (e[first + half].key < hi) {
				first += half + 1;
				count -= half + 1;
			} else {
				count = half;
			}
		}
	} else {
		const struct naive_entry6 *e = level->entries;

		while (count) {
			size_t half = count / 2;
			const struct naive_entry6 *m = &e[first + half];

			if (m->hi < hi || (m->hi == hi && m->lo < lo)) {
				first += half + 1;
				count -= half + 1;
			} else {
				count = half;
			}
		}
	}
	return first;
}

static void naive_key(const struct naive *naive, const uint8_t *key,
		      unsigned int len, uint64_t *hi, uint64_t *lo)
{
	if (naive->family == 4) {
		*hi = load_be32(key) & mask32(len);
		*lo = 0;
	} else {
		*hi = load_be64(key) & mask64(len);
		*lo = load_be64(key + 8) & mask64(len > 64 ? len - 64 : 0);
	}
}

static bool naive_match(const struct naive *naive,
			const struct naive_level *level, size_t at,
			uint64_t hi, uint64_t lo)
{
	if (at >= level->nr)
		return false;
	if (naive->family == 4)
		return ((struct naive_entry4 *)level->entries)[at].key == hi;
	return ((struct naive_entry6 *)level->entries)[at].hi == hi &&
	       ((struct naive_entry6 *)level->entries)[at].lo == lo;
}

static uint32_t naive_value(const struct naive *naive,
			    const struct naive_level *level, size_t at)
{
	if (naive->family == 4)
		return ((struct naive_entry4 *)level->entries)[at].value;
	return ((struct naive_entry6 *)level->entries)[at].value;
}

static int naive_cmp4(const void *a, const void *b)
{
	const struct naive_entry4 *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int naive_cmp6(const void *a, const void *b)
{
	const struct naive_entry6 *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Bulk build: fill each level, then sort it. Value = index + 1. */
static struct naive *naive_build(const struct gen_table *table)
{
	struct naive *naive = calloc(1, sizeof(*naive));
	size_t i, count[129] = { 0 };
	unsigned int len;

	naive->family = table->family;
	naive->entry_size = table->family == 4 ? sizeof(struct naive_entry4) :
						 sizeof(struct naive_entry6);
	for (i = 0; i < table->nr; i++)
		count[table->prefixes[i].plen]++;
	for (len = 0; len <= 128; len++) {
		naive->level[len].cap = count[len] ? count[len] : 0;
		naive->level[len].entries = count[len] ?
			malloc(count[len] * naive->entry_size) : NULL;
	}
	for (i = 0; i < table->nr; i++) {
		const struct gen_prefix *p = &table->prefixes[i];
		struct naive_level *level = &naive->level[p->plen];
		uint64_t hi, lo;

		naive_key(naive, p->key, p->plen, &hi, &lo);
		if (naive->family == 4) {
			struct naive_entry4 *e = level->entries;

			e[level->nr].key = hi;
			e[level->nr].value = i + 1;
		} else {
			struct naive_entry6 *e = level->entries;

			e[level->nr].hi = hi;
			e[level->nr].lo = lo;
			e[level->nr].value = i + 1;
		}
		level->nr++;
	}
	for (len = 0; len <= 128; len++)
		if (naive->level[len].nr)
			qsort(naive->level[len].entries, naive->level[len].nr,
			      naive->entry_size,
			      naive->family == 4 ? naive_cmp4 : naive_cmp6);
	naive_relist(naive);
	return naive;
}

static int naive_insert(struct naive *naive, const struct gen_prefix *p,
			uint32_t value)
{
	struct naive_level *level = &naive->level[p->plen];
	uint64_t hi, lo;
	size_t at;
	char *base;

	naive_key(naive, p->key, p->plen, &hi, &lo);
	at = naive_lower_bound(naive, level, hi, lo);
	if (naive_match(naive, level, at, hi, lo))
		return -EEXIST;
	if (level->nr == level->cap) {
		size_t cap = level->cap ? 2 * level->cap : 16;
		void *entries = realloc(level->entries, cap * naive->entry_size);

		if (!entries)
			return -ENOMEM;
		level->entries = entries;
		level->cap = cap;
	}
	base = level->entries;
	memmove(base + (at + 1) * naive->entry_size, base + at * naive->entry_size,
		(level->nr - at) * naive->entry_size);
	if (naive->family == 4) {
		struct naive_entry4 *e = (void *)(base + at * naive->entry_size);

		e->key = hi;
		e->value = value;
	} else {
		struct naive_entry6 *e = (void *)(base + at * naive->entry_size);

		e->hi = hi;
		e->lo = lo;
		e->value = value;
	}
	if (!level->nr++)
		naive_relist(naive);
	return 0;
}

static int naive_delete(struct naive *naive, const struct gen_prefix *p)
{
	struct naive_level *level = &naive->level[p->plen];
	uint64_t hi, lo;
	size_t at;
	char *base;

	naive_key(naive, p->key, p->plen, &hi, &lo);
	at = naive_lower_bound(naive, level, hi, lo);
	if (!naive_match(naive, level, at, hi, lo))
		return -ENOENT;
	base = level->entries;
	memmove(base + at * naive->entry_size, base + (at + 1) * naive->entry_size,
		(level->nr - at - 1) * naive->entry_size);
	if (!--level->nr)
		naive_relist(naive);
	return 0;
}

static uint32_t naive_lookup_one(const struct naive *naive, const uint8_t *addr)
{
	unsigned int i;

	for (i = 0; i < naive->nr_lengths; i++) {
		unsigned int len = naive->lengths[i];
		const struct naive_level *level = &naive->level[len];
		uint64_t hi, lo;
		size_t at;

		naive_key(naive, addr, len, &hi, &lo);
		at = naive_lower_bound(naive, level, hi, lo);
		if (naive_match(naive, level, at, hi, lo))
			return naive_value(naive, level, at);
	}
	return 0;
}

static uint64_t naive_lookups(const void *s, const uint8_t *addrs, size_t n)
{
	const struct naive *naive = s;
	unsigned int nbytes = naive->family == 4 ? 4 : 16;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += naive_lookup_one(naive, addrs + i * nbytes);
	return sum;
}

static size_t naive_bytes(const struct naive *naive)
{
	size_t bytes = sizeof(*naive);
	unsigned int len;

	for (len = 0; len <= 128; len++)
		bytes += naive->level[len].cap * naive->entry_size;
	return bytes;
}

static void naive_free(struct naive *naive)
{
	unsigned int len;

	for (len = 0; len <= 128; len++)
		free(naive->level[len].entries);
	free(naive);
}

/* ------------------------------------------------------------------ */
/* Workload                                                             */

struct workload {
	const struct gen_table *table;	/* random order; value = index + 1 */
	unsigned int nbytes;
	uint8_t *hits, *misses;
	size_t nr_hits, nr_misses;
};

static void random_bytes(struct gen_rng *rng, uint8_t *out, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		out[i] = gen_rng_next(rng);
}

/* @addr := the first @plen bits of @key, then @addr's own (random) bits. */
static void keep_prefix(uint8_t *addr, const uint8_t *key, unsigned int plen,
			unsigned int nbytes)
{
	unsigned int i;

	for (i = 0; i < nbytes; i++) {
		unsigned int bits = plen > 8 * i ? plen - 8 * i : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		addr[i] = (key[i] & mask) | (addr[i] & ~mask);
	}
}

/*
 * Hits: a random prefix, random host bits. Misses: a random prefix with
 * its last bit flipped and random bits after, kept if nothing matches, so
 * a miss walks as deep as a hit next door would; uniform random addresses
 * if that finds too few. @trie is the oracle for "matches nothing" (the
 * agreement check compares it with the others afterwards).
 */
static void workload_make(struct workload *w, const struct gen_table *table,
			  const struct rtm_trie *trie, uint64_t seed)
{
	struct gen_rng rng;
	size_t tries = 0;

	memset(w, 0, sizeof(*w));
	w->table = table;
	w->nbytes = table->nbytes;
	w->hits = malloc((size_t)NR_ADDRS * w->nbytes);
	w->misses = malloc((size_t)NR_ADDRS * w->nbytes);
	gen_rng_seed(&rng, seed);

	for (w->nr_hits = 0; w->nr_hits < NR_ADDRS; w->nr_hits++) {
		const struct gen_prefix *p =
			&table->prefixes[gen_rng_below(&rng, table->nr)];
		uint8_t *addr = w->hits + w->nr_hits * w->nbytes;

		random_bytes(&rng, addr, w->nbytes);
		keep_prefix(addr, p->key, p->plen, w->nbytes);
	}
	while (w->nr_misses < NR_ADDRS && tries++ < 20ULL * NR_ADDRS) {
		uint8_t *addr = w->misses + w->nr_misses * w->nbytes;

		random_bytes(&rng, addr, w->nbytes);
		if (tries < 10ULL * NR_ADDRS) {
			const struct gen_prefix *p =
				&table->prefixes[gen_rng_below(&rng, table->nr)];
			unsigned int flip;

			if (!p->plen)
				continue;
			flip = p->plen - 1;
			keep_prefix(addr, p->key, flip, w->nbytes);
			addr[flip / 8] ^= (uint8_t)(0x80 >> (flip % 8)) &
					  (addr[flip / 8] ^ ~p->key[flip / 8]);
		}
		if (!trie_lookup_one(trie, addr))
			w->nr_misses++;
	}
}

static void workload_free(struct workload *w)
{
	free(w->hits);
	free(w->misses);
}

/* ------------------------------------------------------------------ */
/* Measurements                                                         */

typedef uint64_t (*lookup_fn)(const void *s, const uint8_t *addrs, size_t n);

/* Lookups per second over @nr addresses, cycled for lookup_seconds. */
static double measure_lookups(lookup_fn fn, const void *s,
			      const uint8_t *addrs, size_t nr,
			      unsigned int nbytes, double seconds)
{
	size_t pos = 0, done = 0;
	double start, elapsed;

	if (!nr)
		return 0;
	sink += fn(s, addrs, nr < LOOKUP_BATCH ? nr : LOOKUP_BATCH);	/* warm */
	start = now();
	do {
		size_t n = nr - pos < LOOKUP_BATCH ? nr - pos : LOOKUP_BATCH;

		sink += fn(s, addrs + pos * nbytes, n);
		done += n;
		pos += n;
		if (pos == nr)
			pos = 0;
		elapsed = now() - start;
	} while (elapsed < seconds);
	return done / elapsed;
}

static uint64_t lpm_lookups(const void *s, const uint8_t *addrs, size_t n)
{
	return bench_lpm_lookups(s, addrs, n);
}

struct result {
	bool done;
	size_t nr;
	double hit, miss;	/* lookups/s */
	double inserts, deletes;	/* per second */
	double bytes;		/* per prefix */
	double build;		/* seconds */
	char note[320];
};

/* A structure behind one set of update calls, for measure_updates(). */
struct updater {
	void *s;
	int (*insert)(void *s, const struct gen_prefix *p, uint32_t value);
	int (*remove)(void *s, const struct gen_prefix *p);
};

/*
 * Delete the first @n prefixes of the (random-order) table, then put them
 * back; the rest of the table stays in meanwhile. Returns -1 if an
 * operation failed.
 */
static int measure_updates(const struct updater *u,
			   const struct gen_table *table, size_t n,
			   struct result *r)
{
	double start;
	size_t i;

	if (n > table->nr / 2)
		n = table->nr / 2;
	if (!n)
		return 0;
	start = now();
	for (i = 0; i < n; i++)
		if (u->remove(u->s, &table->prefixes[i]))
			return -1;
	r->deletes = n / (now() - start);
	start = now();
	for (i = 0; i < n; i++)
		if (u->insert(u->s, &table->prefixes[i], i + 1))
			return -1;
	r->inserts = n / (now() - start);
	return 0;
}

static int trie_insert_cb(void *s, const struct gen_prefix *p, uint32_t value)
{
	return rtm_trie_insert(s, p->key, p->plen, (void *)(uintptr_t)value,
			       GFP_KERNEL);
}

static int trie_delete_cb(void *s, const struct gen_prefix *p)
{
	return rtm_trie_delete(s, p->key, p->plen) ? 0 : -ENOENT;
}

static int index_insert_cb(void *s, const struct gen_prefix *p, uint32_t value)
{
	return index_insert(s, p, value);
}

static int index_delete_cb(void *s, const struct gen_prefix *p)
{
	return index_delete(s, p) ? 0 : -ENOENT;
}

static int naive_insert_cb(void *s, const struct gen_prefix *p, uint32_t value)
{
	return naive_insert(s, p, value);
}

static int naive_delete_cb(void *s, const struct gen_prefix *p)
{
	return naive_delete(s, p);
}

static int lpm_insert_cb(void *s, const struct gen_prefix *p, uint32_t value)
{
	return bench_lpm_insert(s, p, value);
}

static int lpm_delete_cb(void *s, const struct gen_prefix *p)
{
	return bench_lpm_delete(s, p);
}

/* Does every structure give the same longest match? Mismatches counted. */
static size_t agreement(const struct workload *w, const struct rtm_trie *trie,
			const struct index *index, const struct naive *naive,
			const struct bench_lpm *lpm)
{
	const uint8_t *sets[2] = { w->hits, w->misses };
	size_t sizes[2] = { w->nr_hits, w->nr_misses };
	size_t bad = 0, i;
	unsigned int set;

	for (set = 0; set < 2; set++) {
		for (i = 0; i < sizes[set] && i < CHECK_ADDRS; i++) {
			const uint8_t *addr = sets[set] + i * w->nbytes;
			uint32_t want = trie_lookup_one(trie, addr);

			if ((set == 0) != (want != 0))
				bad++;
			if (index && index_lookup_one(index, addr) != want)
				bad++;
			if (naive && naive_lookup_one(naive, addr) != want)
				bad++;
			if (lpm && bench_lpm_lookup_one(lpm, addr) != want)
				bad++;
		}
	}
	return bad;
}

/* ------------------------------------------------------------------ */
/* One table: every structure                                          */

struct row {
	const char *label;	/* "10k", "100k", "full", "real" */
	int family;
	struct result res[NR_STRUCTURES];
};

static struct row rows[16];
static unsigned int nr_rows;
static int exit_status;

static void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void progress(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/*
 * Hit and miss lookups of one structure, then @sample deletes and
 * re-inserts through @u (O(n) updates get a small sample).
 */
static void bench_structure(struct row *row, const struct workload *w,
			    enum structure which, lookup_fn lookups,
			    const struct updater *u, size_t sample)
{
	struct result *r = &row->res[which];

	r->hit = measure_lookups(lookups, u->s, w->hits, w->nr_hits,
				 w->nbytes, opt.lookup_seconds);
	r->miss = measure_lookups(lookups, u->s, w->misses, w->nr_misses,
				  w->nbytes, opt.lookup_seconds);
	if (measure_updates(u, w->table, sample, r)) {
		snprintf(r->note, sizeof(r->note), "%s update failed",
			 structure_names[which]);
		exit_status = 1;
	}
	r->done = true;
}

/* Build rte_lpm(6) for the table; NULL (with the note set) if skipped. */
static struct bench_lpm *build_lpm(struct row *row, const struct workload *w)
{
	struct result *r = &row->res[S_LPM];
	const struct gen_table *table = w->table;
	unsigned int tbl8_per_16 = 4;
	struct bench_lpm *lpm;
	double start;
	size_t i;

	if (!have_dpdk) {
		snprintf(r->note, sizeof(r->note), "skipped: %s", dpdk_why);
		return NULL;
	}
	if (table->family == 4 && table->nr > 200000 && !opt.lpm_full) {
		snprintf(r->note, sizeof(r->note),
			 "skipped: rte_lpm_add scans every rule of its depth, so a "
			 "full build is quadratic (209 s for 968k here); --lpm-full "
			 "(make bench LPM_FULL=1) runs it");
		return NULL;
	}
retry:
	lpm = bench_lpm_create(table, tbl8_per_16, r->note, sizeof(r->note));
	if (!lpm)
		return NULL;
	start = now();
	for (i = 0; i < table->nr; i++) {
		int ret = bench_lpm_insert(lpm, &table->prefixes[i], i + 1);

		if (ret == -ENOSPC && table->family == 6 && tbl8_per_16 < 64) {
			bench_lpm_destroy(lpm);
			tbl8_per_16 *= 2;
			goto retry;
		}
		if (ret) {
			snprintf(r->note, sizeof(r->note), "rte_lpm%s_add: %s",
				 table->family == 4 ? "" : "6", strerror(-ret));
			bench_lpm_destroy(lpm);
			return NULL;
		}
	}
	r->build = now() - start;
	r->nr = table->nr;
	r->bytes = (double)bench_lpm_bytes(lpm) / table->nr;
	return lpm;
}

static void bench_table(const char *label, struct gen_table *table)
{
	struct row *row = &rows[nr_rows++];
	struct result *tr = &row->res[S_TRIE], *nr = &row->res[S_NAIVE];
	struct result *xr = &row->res[S_INDEX];
	struct bench_lpm *lpm;
	struct index index;
	struct naive *naive;
	struct rtm_trie trie;
	struct workload w;
	long bytes_before;
	double start;
	size_t i, bad;

	row->label = label;
	row->family = table->family;
	gen_table_shuffle(table, opt.seed + 100);

	rtm_trie_init(&trie, table->family == 4 ? 32 : 128);
	bytes_before = bench_slab_bytes();
	start = now();
	for (i = 0; i < table->nr; i++) {
		if (trie_insert_cb(&trie, &table->prefixes[i], i + 1)) {
			fprintf(stderr, "rtm_trie_insert failed at %zu\n", i);
			exit(1);
		}
	}
	tr->build = now() - start;
	tr->nr = table->nr;
	tr->bytes = (double)(bench_slab_bytes() - bytes_before) / table->nr;

	index_init(&index, table->family);
	start = now();
	for (i = 0; i < table->nr; i++) {
		if (index_insert(&index, &table->prefixes[i], i + 1)) {
			fprintf(stderr, "index insert failed at %zu\n", i);
			exit(1);
		}
	}
	xr->build = now() - start;
	xr->nr = table->nr;
	/* The index alone: the trie beside it is the row below. */
	xr->bytes = (double)rtm_lpm_bytes(&index.lpm) / table->nr;

	start = now();
	naive = naive_build(table);
	nr->build = now() - start;
	nr->nr = table->nr;
	nr->bytes = (double)naive_bytes(naive) / table->nr;

	workload_make(&w, table, &trie, opt.seed + 200);
	lpm = build_lpm(row, &w);
	bad = agreement(&w, &trie, &index, naive, lpm);
	progress("IPv%d %s: %zu prefixes, %zu hit and %zu miss addresses; "
		 "%zu disagreements between the structures", table->family,
		 label, table->nr, w.nr_hits, w.nr_misses, bad);
	if (bad)
		exit_status = 1;

	bench_structure(row, &w, S_INDEX, index_lookups,
			&(struct updater){ &index, index_insert_cb, index_delete_cb },
			100000);
	bench_structure(row, &w, S_TRIE, trie_lookups,
			&(struct updater){ &trie, trie_insert_cb, trie_delete_cb },
			100000);
	/* Each update moves half a level: a small sample is plenty. */
	bench_structure(row, &w, S_NAIVE, naive_lookups,
			&(struct updater){ naive, naive_insert_cb, naive_delete_cb },
			2000);
	if (lpm)
		bench_structure(row, &w, S_LPM, lpm_lookups,
				&(struct updater){ lpm, lpm_insert_cb, lpm_delete_cb },
				2000);

	bench_lpm_destroy(lpm);
	naive_free(naive);
	rtm_trie_destroy(&trie);
	index_destroy(&index);
	rcu_barrier();	/* the sample's kfree_rcu()s, before the next table */
	workload_free(&w);
}

/* ------------------------------------------------------------------ */
/* Writer churn                                                         */

struct churn {
	struct index *x;
	const struct gen_table *table;
	int stop;
	uint64_t ops;
	int cpu;
	bool read_only;
};

static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* The one writer: delete a random prefix and put it back, until told. */
static void *churn_writer(void *arg)
{
	struct churn *c = arg;
	struct gen_rng rng;
	uint64_t ops = 0;

	rcu_register_thread();
	pin_to_cpu(c->cpu);
	if (rcu_worker)
		set_thread_call_rcu_data(rcu_worker);
	gen_rng_seed(&rng, opt.seed + 300);
	while (!__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
		const struct gen_prefix *p =
			&c->table->prefixes[gen_rng_below(&rng, c->table->nr)];
		void *value;

		if (c->read_only) {
			/* The control: the same walk, no write. */
			rcu_read_lock();
			value = rtm_trie_lookup_exact(&c->x->trie, p->key,
						      p->plen);
			rcu_read_unlock();
			sink += (uintptr_t)value;
			ops++;
			continue;
		}
		value = index_delete(c->x, p);
		if (!value ||
		    index_insert(c->x, p, (uintptr_t)value >> 1))
			abort();	/* the writer owns the table: cannot fail */
		ops += 2;
	}
	c->ops = ops;
	rcu_unregister_thread();
	return NULL;
}

/* Reader lookups/s while a second thread runs on the other core. */
static double churn_round(struct index *x, const struct gen_table *table,
			  const struct workload *w, bool read_only,
			  double *other_ops)
{
	struct churn c = { x, table, 0, 0, 1, read_only };
	pthread_t thread;
	double start, rate;

	pthread_create(&thread, NULL, churn_writer, &c);
	usleep(20000);
	start = now();
	rate = measure_lookups(index_lookups, x, w->hits, w->nr_hits,
			       w->nbytes, opt.churn_seconds);
	__atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
	pthread_join(thread, NULL);
	*other_ops += c.ops / (now() - start + 0.02);
	return rate;
}

static void bench_churn(struct gen_table *table)
{
	double quiet = 0, busy = 0, control = 0, writes = 0, reads = 0;
	struct workload w;
	unsigned int round;
	struct index x;
	size_t i;

	gen_table_shuffle(table, opt.seed + 100);
	index_init(&x, table->family);
	for (i = 0; i < table->nr; i++)
		index_insert(&x, &table->prefixes[i], i + 1);
	workload_make(&w, table, &x.trie, opt.seed + 200);

	/* Alternate, so drift (thermal, neighbours) hits all three alike. */
	for (round = 0; round < 2; round++) {
		quiet += measure_lookups(index_lookups, &x, w.hits, w.nr_hits,
					 w.nbytes, opt.churn_seconds) / 2;
		busy += churn_round(&x, table, &w, false, &writes) / 2;
		control += churn_round(&x, table, &w, true, &reads) / 2;
	}
	printf("writer churn, IPv%d full (%zu prefixes), rtm lpm lookups: "
	       "%.2f M/s alone; %.2f M/s (%.2fx) with one writer on the other "
	       "core doing %.2f M updates/s; control: %.2f M/s (%.2fx) with a "
	       "reader there instead; writer vs control %.2fx\n", table->family,
	       table->nr, quiet / 1e6, busy / 1e6, busy / quiet, writes / 2e6,
	       control / 1e6, control / quiet, busy / control);

	index_destroy(&x);
	rcu_barrier();
	workload_free(&w);
}

/* ------------------------------------------------------------------ */
/* Output                                                               */

static void print_rate(double v)
{
	if (v <= 0)
		printf(" %9s", "-");
	else if (v >= 1e6)
		printf(" %8.2fM", v / 1e6);
	else
		printf(" %8.1fk", v / 1e3);
}

static void print_ratio(double a, double b)
{
	if (a > 0 && b > 0)
		printf(" %7.2fx", a / b);
	else
		printf(" %8s", "-");
}

static void print_table(void)
{
	unsigned int i, s;

	printf("\n%-9s %-4s %-5s %8s %8s %8s %9s %9s %8s %8s %8s %8s %8s\n",
	       "structure", "fam", "size", "prefixes", "Mlps hit", "Mlps miss",
	       "inserts/s", "deletes/s", "B/prefix", "build s", "hit/lpm",
	       "miss/lpm", "B/lpm");
	for (i = 0; i < nr_rows; i++) {
		const struct row *row = &rows[i];
		const struct result *lpm = &row->res[S_LPM];

		for (s = 0; s < NR_STRUCTURES; s++) {
			const struct result *r = &row->res[s];

			printf("%-9s v%-3d %-5s", s == S_LPM && row->family == 6 ?
			       "rte_lpm6" : structure_names[s], row->family,
			       row->label);
			if (!r->done) {
				printf(" %8zu  (%s)\n", row->res[S_TRIE].nr, r->note);
				continue;
			}
			printf(" %8zu %8.2f %8.2f", r->nr, r->hit / 1e6,
			       r->miss / 1e6);
			print_rate(r->inserts);
			print_rate(r->deletes);
			printf(" %8.1f %8.3f", r->bytes, r->build);
			if (lpm->done) {
				print_ratio(r->hit, lpm->hit);
				print_ratio(r->miss, lpm->miss);
				print_ratio(r->bytes, lpm->bytes);
			}
			if (r->note[0])
				printf("  (%s)", r->note);
			printf("\n");
		}
	}
}

/* ------------------------------------------------------------------ */

static void usage(FILE *out)
{
	fprintf(out, "usage: rtm-bench [--seed S] [--seconds T] [--lpm-full] "
		     "[--real-dir DIR] [--no-real]\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "lpm-full", no_argument, NULL, 'L' },
		{ "real-dir", required_argument, NULL, 'r' },
		{ "no-real", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const size_t sizes[] = { 10000, 100000, 0 };
	static const char *const labels[] = { "10k", "100k", "full" };
	double start = now();
	int family, o;
	unsigned int i;

	while ((o = getopt_long(argc, argv, "s:t:Lr:Rh", options, NULL)) != -1) {
		switch (o) {
		case 's':
			opt.seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			opt.lookup_seconds = atof(optarg);
			break;
		case 'L':
			opt.lpm_full = true;
			break;
		case 'r':
			opt.real_dir = optarg;
			break;
		case 'R':
			opt.real_dir = NULL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	rcu_register_thread();
	/*
	 * kfree_rcu() callbacks (and the grace periods they wait for) run in
	 * a liburcu worker thread: keep it on the other core (1), away from
	 * the measured one (0). The churn writer uses the same worker.
	 */
	rcu_worker = create_call_rcu_data(0, 1);
	if (rcu_worker)
		set_thread_call_rcu_data(rcu_worker);
	have_dpdk = !bench_dpdk_init(dpdk_why, sizeof(dpdk_why));
	if (!have_dpdk)
		printf("note: DPDK anchors skipped: %s\n", dpdk_why);
	pin_to_cpu(0);

	for (family = 4; family <= 6; family += 2) {
		for (i = 0; i < 3; i++) {
			struct gen_table table;

			if (gen_table_make(&table, family, sizes[i], opt.seed)) {
				perror("gen_table_make");
				return 1;
			}
			bench_table(labels[i], &table);
			if (!sizes[i])
				bench_churn(&table);
			gen_table_free(&table);
		}
		if (opt.real_dir) {
			struct gen_table table;
			char path[4096];

			snprintf(path, sizeof(path), "%s/ipv%d.txt", opt.real_dir,
				 family);
			if (gen_table_load(&table, family, path)) {
				printf("note: real IPv%d table %s not loaded (%s): "
				       "scripts/fetch-table makes it\n", family, path,
				       strerror(errno));
			} else {
				bench_table("real", &table);
				gen_table_free(&table);
			}
		}
	}
	print_table();
	printf("\nseed %llu, %.1f s per lookup figure, one core (CPU 0); "
	       "run took %.0f s\n", (unsigned long long)opt.seed,
	       opt.lookup_seconds, now() - start);
	rcu_unregister_thread();
	return exit_status;
}
