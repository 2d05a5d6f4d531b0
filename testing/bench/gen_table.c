// SPDX-License-Identifier: GPL-2.0
/*
 * Realistic synthetic routing tables; see gen_table.h for what is promised.
 *
 * Everything is computed on 128-bit keys aligned to the most significant
 * bit (an IPv4 address sits in the top 32 bits), so the two families share
 * the set, the nesting check and the output code.
 *
 * IPv4. A real table is a set of registry allocations, each announced whole
 * or cut up, plus more-specifics of other prefixes (about 50 %). So the
 * generator first decides per length how many prefixes are "roots" (covered
 * by nothing) and how many are nested, then:
 *  - packs the roots into the /8s the registries hand out, as runs of one to
 *    a dozen blocks ("organisations") placed one after another from a cursor
 *    per /8, with unannounced gaps in between; /8s differ in popularity.
 *    Roots never overlap, so they stay roots;
 *  - hangs the nested prefixes, shortest first, under an already placed
 *    shorter prefix, usually a few bits shorter, often several in a row
 *    under the same parent (a customer's block cut into consecutive /24s).
 * The nested share is then exact by construction.
 *
 * IPv6. Real prefixes sit under few heads: the busy RIR /12s, a pool of
 * /24 heads, /32 heads below those (LIR allocations) and /40 heads below
 * those (end sites), with the sizes of perf-anchors.md. Each prefix is
 * drawn below a head of the right level; some /32 and /40 heads are
 * announced themselves, which (with the /29s and short aggregates) gives
 * the nesting. Within a level, offsets favour low values, as registries
 * and LIRs assign from the start of a block.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen_table.h"

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, small and good enough for placement.    */

void gen_rng_seed(struct gen_rng *rng, uint64_t seed)
{
	rng->state = seed ^ 0x5851f42d4c957f2dULL;
}

uint64_t gen_rng_next(struct gen_rng *rng)
{
	uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t gen_rng_below(struct gen_rng *rng, uint64_t n)
{
	/* Multiply-shift: no modulo bias worth mentioning for n << 2^64. */
	return (uint64_t)(((u128)gen_rng_next(rng) * n) >> 64);
}

double gen_rng_unit(struct gen_rng *rng)
{
	return (gen_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* In [0, n), denser near 0 (density ~ 1/sqrt(x)): sequential assignment. */
static uint64_t rng_low_biased(struct gen_rng *rng, uint64_t n)
{
	double u = gen_rng_unit(rng);
	uint64_t v = (uint64_t)(u * u * (double)n);

	return v < n ? v : n - 1;
}

/* @bits random bits (0..96), the top ones low-biased, as a u128 value. */
static u128 rng_bits(struct gen_rng *rng, unsigned int bits, bool low_biased)
{
	unsigned int top = bits < 24 ? bits : 24;
	u128 v;

	if (!bits)
		return 0;
	v = low_biased ? rng_low_biased(rng, 1ULL << top) :
			 gen_rng_below(rng, 1ULL << top);
	bits -= top;
	while (bits) {
		unsigned int step = bits < 32 ? bits : 32;

		v = (v << step) | gen_rng_below(rng, 1ULL << step);
		bits -= step;
	}
	return v;
}

/* ------------------------------------------------------------------ */
/* Keys                                                                 */

static u128 key_mask(u128 key, unsigned int plen)
{
	if (!plen)
		return 0;
	return key & (~(u128)0 << (128 - plen));
}

/* A key whose bits up to @to - 1 end with @value (the caller masks). */
static u128 key_field(u128 value, unsigned int to)
{
	return to ? value << (128 - to) : 0;
}

static u128 key_from_bytes(const uint8_t *bytes, unsigned int nbytes)
{
	u128 key = 0;
	unsigned int i;

	for (i = 0; i < 16; i++)
		key = (key << 8) | (i < nbytes ? bytes[i] : 0);
	return key;
}

static void key_to_bytes(u128 key, uint8_t *bytes)
{
	int i;

	for (i = 15; i >= 0; i--) {
		bytes[i] = (uint8_t)key;
		key >>= 8;
	}
}

/* ------------------------------------------------------------------ */
/* A set of prefixes: open addressing over indices into key arrays.    */

struct pset {
	u128 *keys;
	uint8_t *lens;
	size_t nr, cap;
	uint32_t *slots;	/* index + 1, 0 = empty */
	size_t mask;
	size_t per_len[129];
};

static uint64_t pset_hash(u128 key, unsigned int plen)
{
	/* Fold, then the splitmix64 finaliser: IPv4 keys have zero low bits. */
	uint64_t h = (uint64_t)(key >> 64) ^ ((uint64_t)key * 0x9e3779b97f4a7c15ULL) ^
		     ((uint64_t)plen << 56);

	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static int pset_init(struct pset *set, size_t cap)
{
	size_t slots = 16;

	memset(set, 0, sizeof(*set));
	while (slots < 3 * cap)
		slots <<= 1;
	set->keys = malloc(cap * sizeof(*set->keys));
	set->lens = malloc(cap);
	set->slots = calloc(slots, sizeof(*set->slots));
	if (!set->keys || !set->lens || !set->slots) {
		free(set->keys);
		free(set->lens);
		free(set->slots);
		errno = ENOMEM;
		return -1;
	}
	set->cap = cap;
	set->mask = slots - 1;
	return 0;
}

static void pset_free(struct pset *set)
{
	free(set->keys);
	free(set->lens);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

static uint32_t *pset_slot(const struct pset *set, u128 key,
			   unsigned int plen)
{
	size_t i = pset_hash(key, plen) & set->mask;

	for (;; i = (i + 1) & set->mask) {
		uint32_t at = set->slots[i];

		if (!at || (set->keys[at - 1] == key && set->lens[at - 1] == plen))
			return &set->slots[i];
	}
}

static bool pset_has(const struct pset *set, u128 key, unsigned int plen)
{
	return *pset_slot(set, key, plen) != 0;
}

/* Adds a masked key; false if it is there already or the set is full. */
static bool pset_add(struct pset *set, u128 key, unsigned int plen)
{
	uint32_t *slot;

	if (set->nr == set->cap)
		return false;
	slot = pset_slot(set, key, plen);
	if (*slot)
		return false;
	set->keys[set->nr] = key;
	set->lens[set->nr] = plen;
	*slot = ++set->nr;
	set->per_len[plen]++;
	return true;
}

/* Is @key/@plen covered by a strictly shorter prefix of @set? */
static bool pset_covered(const struct pset *set, u128 key, unsigned int plen)
{
	unsigned int len;

	for (len = 0; len < plen; len++)
		if (set->per_len[len] && pset_has(set, key_mask(key, len), len))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* The wanted histograms                                               */

/*
 * perf-anchors.md section 3, "scaled" column. /8-/15 split like T1's, /25-
 * /31 and the IPv6 /16-/28, /49-/64 and /65-/128 buckets split by the
 * author's guess (they are under 0.3 % together). /24 and /48 are one and
 * two lower than the column so the totals are the potaroo counts.
 */
static const unsigned int full_v4[33] = {
	[8] = 18, [9] = 15, [10] = 44, [11] = 118, [12] = 344, [13] = 668,
	[14] = 1383, [15] = 2414, [16] = 15508, [17] = 9467, [18] = 15862,
	[19] = 28591, [20] = 48986, [21] = 58343, [22] = 124874,
	[23] = 110949, [24] = 618140, [25] = 20, [26] = 16, [27] = 14,
	[28] = 12, [29] = 10, [30] = 8, [31] = 6, [32] = 1019,
};

static const unsigned int full_v6[129] = {
	[16] = 4, [17] = 2, [18] = 2, [19] = 6, [20] = 30, [21] = 12,
	[22] = 24, [23] = 20, [24] = 120, [25] = 20, [26] = 30, [27] = 40,
	[28] = 110, [29] = 6083, [30] = 905, [31] = 395, [32] = 31380,
	[33] = 4072, [34] = 3623, [35] = 1452, [36] = 8345, [37] = 1225,
	[38] = 2250, [39] = 1916, [40] = 18674, [41] = 1257, [42] = 3202,
	[43] = 1393, [44] = 19992, [45] = 2161, [46] = 4229, [47] = 4388,
	[48] = 105058, [49] = 10, [50] = 10, [51] = 5, [52] = 30, [53] = 5,
	[54] = 10, [55] = 5, [56] = 200, [57] = 5, [58] = 10, [59] = 5,
	[60] = 30, [61] = 2, [62] = 5, [63] = 2, [64] = 8, [96] = 5,
	[112] = 5, [120] = 10, [124] = 6, [126] = 5, [127] = 5, [128] = 80,
};

void gen_table_wanted(int family, size_t count, size_t *wanted)
{
	unsigned int max = family == 4 ? 32 : 128;
	const unsigned int *full = family == 4 ? full_v4 : full_v6;
	double rest[129];
	size_t total = 0, given = 0;
	unsigned int len;

	for (len = 0; len <= max; len++)
		total += full[len];
	if (!count)
		count = total;
	memset(wanted, 0, 129 * sizeof(*wanted));
	/* Largest remainder, so the counts add up to @count exactly. */
	for (len = 0; len <= max; len++) {
		double exact = (double)full[len] * count / total;

		wanted[len] = (size_t)exact;
		rest[len] = exact - wanted[len];
		given += wanted[len];
	}
	while (given < count) {
		unsigned int best = 0;

		for (len = 1; len <= max; len++)
			if (rest[len] > rest[best])
				best = len;
		wanted[best]++;
		rest[best] = -1;
		given++;
	}
}

/* ------------------------------------------------------------------ */
/* IPv4                                                                 */

/*
 * Share of each length that is nested under a shorter prefix. Chosen so
 * the whole table is ~51 % nested (T1: 50.7 %) and the roots fit the
 * unicast space with room for gaps. Everything longer than /24 is a
 * provider's internal or customer route inside its own block.
 */
static double v4_nested_share(unsigned int len)
{
	static const double share[25] = {
		[8] = 0, [9] = 0.1, [10] = 0.2, [11] = 0.3, [12] = 0.35,
		[13] = 0.4, [14] = 0.4, [15] = 0.45, [16] = 0.45, [17] = 0.5,
		[18] = 0.5, [19] = 0.5, [20] = 0.5, [21] = 0.5, [22] = 0.5,
		[23] = 0.52, [24] = 0.51,
	};

	return len > 24 ? 0.95 : share[len];
}

/*
 * Each unicast /8 is a bitmap of /24 units. Blocks go first-fit at their
 * alignment, like a registry handing out its pool from the start, so later
 * small blocks fill the holes that alignment leaves before big ones.
 */
#define V4_UNITS	65536	/* /24s in a /8 */

struct v4_region {
	uint32_t base;			/* the /8, as the top 8 bits */
	double weight;			/* popularity */
	unsigned int too_big;		/* smallest unit count that failed */
	uint32_t hint[17];		/* per log2(units): nothing free below */
	uint64_t used[V4_UNITS / 64];
};

static bool v4_unicast_slash8(unsigned int n)
{
	/* 0/8, 10/8 and 127/8 are never routed; 224/3 is not unicast. */
	return n && n != 10 && n != 127 && n < 224;
}

/* /24 units a block of @len takes (a longer prefix takes a whole /24). */
static uint32_t v4_units(unsigned int len)
{
	return len >= 24 ? 1 : 1U << (24 - len);
}

static unsigned int v4_log2(uint32_t n)
{
	return 31 - __builtin_clz(n);
}

/* Are units [@start, @start + @n) free? @n is a power of two, @start aligned. */
static bool v4_range_free(const struct v4_region *region, uint32_t start,
			  uint32_t n)
{
	uint32_t w;

	if (n < 64)
		return !(region->used[start / 64] &
			 (((1ULL << n) - 1) << (start % 64)));
	for (w = start / 64; w < (start + n) / 64; w++)
		if (region->used[w])
			return false;
	return true;
}

/* Mark units used; returns how many were free before. */
static uint32_t v4_mark(struct v4_region *region, uint32_t start, uint32_t n)
{
	uint32_t i, fresh = 0;

	for (i = start; i < start + n && i < V4_UNITS; i++) {
		uint64_t bit = 1ULL << (i % 64);

		if (!(region->used[i / 64] & bit)) {
			region->used[i / 64] |= bit;
			fresh++;
		}
	}
	return fresh;
}

/*
 * First free aligned slot of @n units at or after @from, or -1. A search
 * from a cursor (not from the start) only looks a few slots ahead.
 */
static int64_t v4_find(struct v4_region *region, uint32_t n, uint32_t from)
{
	unsigned int order = v4_log2(n);
	bool from_hint = from <= region->hint[order];
	uint64_t at, end = V4_UNITS;

	if (from_hint)
		from = region->hint[order];
	at = ((uint64_t)from + n - 1) & ~(uint64_t)(n - 1);
	if (!from_hint && at + 8ULL * n < end)
		end = at + 8ULL * n;
	for (; at + n <= end; at += n) {
		if (v4_range_free(region, at, n)) {
			if (from_hint)
				region->hint[order] = at;
			return at;
		}
	}
	if (from_hint) {
		region->hint[order] = V4_UNITS;
		if (n < region->too_big)
			region->too_big = n;
	}
	return -1;
}

static int cmp_u8(const void *a, const void *b)
{
	return *(const uint8_t *)a - *(const uint8_t *)b;
}

struct v4_org {
	uint32_t first;		/* index into the root length array */
	uint8_t nr;
	uint8_t bucket;		/* placement round: big blocks first */
	uint32_t order;		/* random order within the round */
};

static int cmp_org(const void *a, const void *b)
{
	const struct v4_org *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket - y->bucket;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* A region by weight among those that may still fit @n units, or NULL. */
static struct v4_region *v4_pick_region(struct v4_region *regions,
					unsigned int nr_regions, uint32_t n,
					struct gen_rng *rng)
{
	double total = 0, pick;
	unsigned int i;

	for (i = 0; i < nr_regions; i++)
		if (n < regions[i].too_big)
			total += regions[i].weight;
	if (total == 0)
		return NULL;
	pick = gen_rng_unit(rng) * total;
	for (i = 0; i < nr_regions; i++) {
		if (n >= regions[i].too_big)
			continue;
		pick -= regions[i].weight;
		if (pick < 0)
			return &regions[i];
	}
	for (i = nr_regions; i-- > 0;)
		if (n < regions[i].too_big)
			return &regions[i];
	return NULL;
}

static bool v4_add_root(struct pset *set, const struct v4_region *region,
			uint32_t unit, unsigned int len)
{
	return pset_add(set, key_field(region->base + unit * 256ULL, 32), len);
}

/*
 * Place the roots as organisations: runs of blocks side by side in one /8,
 * followed by unannounced space. Returns the number placed.
 */
static size_t v4_place_roots(struct pset *set, struct gen_rng *rng,
			     uint8_t *lens, size_t nr)
{
	struct v4_region *regions;
	unsigned int nr_regions = 0, i;
	struct v4_org *orgs;
	size_t nr_orgs = 0, at, placed = 0;
	double free_units = 0, needed = 0;

	regions = calloc(256, sizeof(*regions));
	orgs = malloc((nr + 1) * sizeof(*orgs));
	if (!regions || !orgs)
		goto out;
	for (i = 0; i < 256; i++) {
		struct v4_region *region = &regions[nr_regions];

		if (!v4_unicast_slash8(i))
			continue;
		region->base = i << 24;
		region->too_big = V4_UNITS + 1;
		/* Log-normal popularity: a few /8s carry much more. */
		region->weight = exp(sqrt(-2 * log(1 - gen_rng_unit(rng))) *
				     cos(6.283185307 * gen_rng_unit(rng)));
		free_units += V4_UNITS;
		nr_regions++;
	}

	/* Shuffle the lengths, then cut them into organisations. */
	for (at = nr; at > 1; at--) {
		size_t j = gen_rng_below(rng, at);
		uint8_t t = lens[at - 1];

		lens[at - 1] = lens[j];
		lens[j] = t;
	}
	for (at = 0; at < nr; nr_orgs++) {
		/* 1..12 blocks, mean about 3: geometric. */
		unsigned int k = 1;

		while (k < 12 && gen_rng_unit(rng) < 0.66)
			k++;
		if (k > nr - at)
			k = nr - at;
		/* Shortest first: the biggest block keeps the run aligned. */
		qsort(lens + at, k, 1, cmp_u8);
		orgs[nr_orgs].first = at;
		orgs[nr_orgs].nr = k;
		/* Rounds: /8-/12, /13-/16, /17-/20, then the rest. */
		orgs[nr_orgs].bucket = lens[at] <= 12 ? 0 : (lens[at] - 9) / 4;
		orgs[nr_orgs].order = gen_rng_next(rng);
		at += k;
	}
	for (at = 0; at < nr; at++)
		needed += v4_units(lens[at]);
	qsort(orgs, nr_orgs, sizeof(*orgs), cmp_org);

	for (at = 0; at < nr_orgs; at++) {
		const struct v4_org *org = &orgs[at];
		uint32_t span = 0, cursor, gap;
		struct v4_region *region;
		int64_t start;
		unsigned int j;
		double slack;

		for (j = 0; j < org->nr; j++)
			span += v4_units(lens[org->first + j]);
		region = v4_pick_region(regions, nr_regions,
					v4_units(lens[org->first]), rng);
		if (!region)
			continue;
		start = v4_find(region, v4_units(lens[org->first]), 0);
		if (start < 0) {
			at--;	/* that region is full for this size: retry */
			continue;
		}
		/* The rest of the run right after, or first-fit if taken. */
		cursor = start;
		for (j = 0; j < org->nr; j++) {
			unsigned int len = lens[org->first + j];
			uint32_t n = v4_units(len);
			int64_t unit = v4_find(region, n, cursor);

			if (unit < 0)
				unit = v4_find(region, n, 0);
			if (unit < 0)
				continue;	/* made up by the nested pass */
			free_units -= v4_mark(region, unit, n);
			needed -= n;
			if (v4_add_root(set, region, unit, len))
				placed++;
			cursor = unit + n;
		}

		/*
		 * Unannounced space after the run: 70 % of the slack the free
		 * space leaves over what the remaining roots need, at most
		 * twice the run.
		 */
		slack = needed > 0 ? free_units / needed - 1 : 2;
		slack = slack < 0 ? 0 : slack * 0.7;
		if (slack > 2)
			slack = 2;
		gap = (uint32_t)(gen_rng_unit(rng) * 2 * slack * span);
		free_units -= v4_mark(region, cursor, gap);
	}
out:
	free(regions);
	free(orgs);
	return placed;
}


/* Index lists of the prefixes of each length, for picking parents. */
struct by_len {
	uint32_t *idx[129];
	size_t nr[129], cap[129];
};

static int by_len_add(struct by_len *lists, unsigned int len, uint32_t idx)
{
	if (lists->nr[len] == lists->cap[len]) {
		size_t cap = lists->cap[len] ? 2 * lists->cap[len] : 64;
		uint32_t *p = realloc(lists->idx[len], cap * sizeof(*p));

		if (!p)
			return -1;
		lists->idx[len] = p;
		lists->cap[len] = cap;
	}
	lists->idx[len][lists->nr[len]++] = idx;
	return 0;
}

static void by_len_free(struct by_len *lists)
{
	unsigned int len;

	for (len = 0; len <= 128; len++)
		free(lists->idx[len]);
}

/* Hang @count prefixes of length @len below shorter ones of @set. */
static int v4_place_nested(struct pset *set, struct by_len *lists,
			   struct gen_rng *rng, unsigned int len, size_t count)
{
	u128 parent_key = 0;
	unsigned int parent_len = 0;
	uint64_t next_off = 0, room = 0;
	size_t done = 0, tries = 0;

	while (done < count && tries < 64 * count + 1000) {
		u128 key;

		tries++;
		/* Often the next block under the same parent. */
		if (!room || next_off >= room || gen_rng_unit(rng) >= 0.6) {
			double weight[33] = { 0 }, total = 0, pick;
			unsigned int p, lo = len > 12 ? len - 12 : 8;
			uint32_t idx;

			for (p = lo; p < len; p++) {
				if (!lists->nr[p])
					continue;
				/* Mostly one to four bits shorter. */
				weight[p] = 1.0 / (len - p);
				total += weight[p];
			}
			if (total == 0)
				return -1;
			pick = gen_rng_unit(rng) * total;
			for (p = lo; p < len; p++) {
				pick -= weight[p];
				if (weight[p] > 0 && pick < 0)
					break;
			}
			if (p == len)
				p = len - 1;
			while (!lists->nr[p])
				p--;
			idx = lists->idx[p][gen_rng_below(rng, lists->nr[p])];
			parent_key = set->keys[idx];
			parent_len = p;
			room = 1ULL << (len - parent_len);
			next_off = rng_low_biased(rng, room);
		}
		key = parent_key | key_field(next_off, len);
		next_off++;
		(void)parent_len;
		if (pset_add(set, key, len)) {
			if (by_len_add(lists, len, set->nr - 1))
				return -1;
			done++;
		}
	}
	return done == count ? 0 : -1;
}

static int v4_generate(struct pset *set, struct gen_rng *rng,
		       const size_t *wanted)
{
	size_t roots[33], nr_roots = 0, at = 0, i;
	struct by_len lists = { 0 };
	unsigned int len;
	uint8_t *lens;
	int ret = -1;

	for (len = 0; len <= 32; len++) {
		roots[len] = (size_t)(wanted[len] * (1 - v4_nested_share(len)) + 0.5);
		/* Nothing to nest under yet: the shortest length is all roots. */
		if (len <= 8)
			roots[len] = wanted[len];
		nr_roots += roots[len];
	}
	lens = malloc(nr_roots + 1);
	if (!lens)
		return -1;
	for (len = 0; len <= 32; len++)
		for (i = 0; i < roots[len]; i++)
			lens[at++] = len;
	v4_place_roots(set, rng, lens, nr_roots);
	free(lens);

	for (i = 0; i < set->nr; i++)
		if (by_len_add(&lists, set->lens[i], i))
			goto out;
	/* Roots that did not fit (tiny chance) become nested ones. */
	for (len = 1; len <= 32; len++) {
		size_t have = set->per_len[len];

		if (wanted[len] > have &&
		    v4_place_nested(set, &lists, rng, len, wanted[len] - have))
			goto out;
	}
	ret = 0;
out:
	by_len_free(&lists);
	return ret;
}

/* ------------------------------------------------------------------ */
/* IPv6                                                                 */

static const struct {
	uint16_t slash12;	/* top 12 bits */
	double share;
} v6_rirs[] = {
	{ 0x240, 32.6 }, { 0x2a0, 20.1 }, { 0x280, 17.7 }, { 0x200, 12.6 },
	{ 0x260, 12.1 }, { 0x262, 1.8 }, { 0x2a1, 1.8 }, { 0x2c0, 0.9 },
};

/* Distinct heads per 160,147 prefixes in T1 (perf-anchors.md). */
#define V6_T1_TOTAL	160147.0
#define V6_T1_HEADS24	7224.0
#define V6_T1_HEADS32	10906.0
#define V6_T1_HEADS40	19078.0

/* Announce the /32 (/40) head itself this often when drawing a /32 (/40). */
#define V6_ANNOUNCE_HEAD32	0.12
#define V6_ANNOUNCE_HEAD40	0.12

static uint64_t v6_slash24(struct gen_rng *rng, bool low_biased)
{
	double total = 0, pick;
	unsigned int i, n = sizeof(v6_rirs) / sizeof(v6_rirs[0]);
	uint64_t head;

	for (i = 0; i < n; i++)
		total += v6_rirs[i].share;
	do {
		pick = gen_rng_unit(rng) * total;
		for (i = 0; i < n - 1; i++) {
			pick -= v6_rirs[i].share;
			if (pick < 0)
				break;
		}
		head = ((uint64_t)v6_rirs[i].slash12 << 12) |
		       (low_biased ? rng_low_biased(rng, 1 << 12) :
				     gen_rng_below(rng, 1 << 12));
	} while ((head >> 8) == 0x2002);	/* 6to4 is no allocation */
	return head;
}

/* A pool of distinct heads, each @step bits below a pick from @parents. */
static uint64_t *v6_pool(struct gen_rng *rng, size_t nr,
			 const uint64_t *parents, size_t nr_parents)
{
	uint64_t *pool = malloc(nr * sizeof(*pool));
	struct pset seen;
	size_t i = 0, tries = 0;

	if (!pool || pset_init(&seen, nr)) {
		free(pool);
		return NULL;
	}
	while (i < nr && tries++ < 100 * nr) {
		uint64_t head;

		if (parents)
			head = (parents[rng_low_biased(rng, nr_parents)] << 8) |
			       rng_low_biased(rng, 256);
		else
			head = v6_slash24(rng, true);
		if (pset_add(&seen, head, 0))
			pool[i++] = head;
	}
	pset_free(&seen);
	if (i < nr) {
		free(pool);
		return NULL;
	}
	return pool;
}

static int v6_generate(struct pset *set, struct gen_rng *rng,
		       const size_t *wanted, size_t count)
{
	double scale = count / V6_T1_TOTAL;
	size_t nr24 = (size_t)(V6_T1_HEADS24 * scale) + 1;
	size_t nr32 = (size_t)(V6_T1_HEADS32 * scale) + 1;
	size_t nr40 = (size_t)(V6_T1_HEADS40 * scale) + 1;
	uint64_t *heads24, *heads32 = NULL, *heads40 = NULL;
	unsigned int len;
	int ret = -1;

	heads24 = v6_pool(rng, nr24, NULL, 0);
	if (heads24)
		heads32 = v6_pool(rng, nr32, heads24, nr24);
	if (heads32)
		heads40 = v6_pool(rng, nr40, heads32, nr32);
	if (!heads40)
		goto out;

	for (len = 1; len <= 128; len++) {
		size_t done = 0, tries = 0;

		while (done < wanted[len]) {
			u128 key;

			if (tries++ > 1000 * wanted[len] + 1000)
				goto out;
			if (len <= 24) {
				/* Aggregates: anywhere in the busy /12s. */
				key = key_mask(key_field(v6_slash24(rng, false), 24), len);
			} else if (len < 32 ||
				   (len == 32 && gen_rng_unit(rng) >= V6_ANNOUNCE_HEAD32)) {
				key = key_field(heads24[rng_low_biased(rng, nr24)], 24) |
				      key_field(rng_bits(rng, len - 24, true), len);
			} else if (len == 32) {
				key = key_field(heads32[gen_rng_below(rng, nr32)], 32);
			} else if (len < 40 ||
				   (len == 40 && gen_rng_unit(rng) >= V6_ANNOUNCE_HEAD40)) {
				key = key_field(heads32[rng_low_biased(rng, nr32)], 32) |
				      key_field(rng_bits(rng, len - 32, false), len);
			} else if (len == 40) {
				key = key_field(heads40[gen_rng_below(rng, nr40)], 40);
			} else {
				key = key_field(heads40[rng_low_biased(rng, nr40)], 40) |
				      key_field(rng_bits(rng, len - 40, true), len);
			}
			if (pset_add(set, key_mask(key, len), len))
				done++;
		}
	}
	ret = 0;
out:
	free(heads24);
	free(heads32);
	free(heads40);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Tables                                                               */

static int cmp_prefix(const void *a, const void *b)
{
	const struct gen_prefix *x = a, *y = b;
	int c = memcmp(x->key, y->key, sizeof(x->key));

	return c ? c : x->plen - y->plen;
}

/* Move the set into @table, in (address, length) order. */
static int table_from_set(struct gen_table *table, int family,
			  const struct pset *set)
{
	size_t i;

	table->family = family;
	table->nbytes = family == 4 ? 4 : 16;
	table->nr = set->nr;
	table->prefixes = calloc(set->nr + 1, sizeof(*table->prefixes));
	if (!table->prefixes) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < set->nr; i++) {
		key_to_bytes(set->keys[i], table->prefixes[i].key);
		table->prefixes[i].plen = set->lens[i];
	}
	qsort(table->prefixes, table->nr, sizeof(*table->prefixes), cmp_prefix);
	return 0;
}

int gen_table_make(struct gen_table *table, int family, size_t count,
		   uint64_t seed)
{
	size_t wanted[129];
	struct gen_rng rng;
	struct pset set;
	int ret;

	memset(table, 0, sizeof(*table));
	if (family != 4 && family != 6) {
		errno = EINVAL;
		return -1;
	}
	if (!count)
		count = family == 4 ? GEN_TABLE_FULL_V4 : GEN_TABLE_FULL_V6;
	gen_table_wanted(family, count, wanted);
	/* Different streams for the families, so "seed 1" differs. */
	gen_rng_seed(&rng, seed * 2 + (family == 6));
	if (pset_init(&set, count))
		return -1;
	if (family == 4)
		ret = v4_generate(&set, &rng, wanted);
	else
		ret = v6_generate(&set, &rng, wanted, count);
	if (!ret)
		ret = table_from_set(table, family, &set);
	else
		errno = ENOSPC;
	pset_free(&set);
	return ret;
}

static int parse_prefix(const char *text, int family, u128 *key,
			unsigned int *plen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	uint8_t bytes[16] = { 0 };
	unsigned int nbytes = family == 4 ? 4 : 16;
	char *end;
	long len;

	if (!slash || (size_t)(slash - text) >= sizeof(addr))
		return -1;
	memcpy(addr, text, slash - text);
	addr[slash - text] = '\0';
	if (inet_pton(family == 4 ? AF_INET : AF_INET6, addr, bytes) != 1)
		return -1;
	len = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || len < 0 || len > 8 * (long)nbytes)
		return -1;
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (*end)
		return -1;
	*plen = len;
	*key = key_mask(key_from_bytes(bytes, nbytes), len);
	return 0;
}

int gen_table_load(struct gen_table *table, int family, const char *path)
{
	char line[256];
	size_t nr_lines = 0, lineno = 0;
	struct pset set;
	FILE *file;
	int ret = -1;

	memset(table, 0, sizeof(*table));
	if (family != 4 && family != 6) {
		errno = EINVAL;
		return -1;
	}
	file = fopen(path, "r");
	if (!file)
		return -1;
	while (fgets(line, sizeof(line), file))
		nr_lines++;
	rewind(file);
	if (pset_init(&set, nr_lines + 1))
		goto out_close;
	while (fgets(line, sizeof(line), file)) {
		char *text = line;
		unsigned int plen;
		u128 key;

		lineno++;
		while (*text == ' ' || *text == '\t')
			text++;
		if (*text == '#' || *text == '\n' || *text == '\r' || !*text)
			continue;
		if (parse_prefix(text, family, &key, &plen)) {
			fprintf(stderr, "%s:%zu: not an IPv%d prefix: %s", path,
				lineno, family, text);
			errno = EINVAL;
			goto out_free;
		}
		pset_add(&set, key, plen);	/* duplicates dropped */
	}
	ret = table_from_set(table, family, &set);
out_free:
	pset_free(&set);
out_close:
	fclose(file);
	return ret;
}

void gen_table_free(struct gen_table *table)
{
	free(table->prefixes);
	memset(table, 0, sizeof(*table));
}

void gen_table_shuffle(struct gen_table *table, uint64_t seed)
{
	struct gen_rng rng;
	size_t i;

	gen_rng_seed(&rng, seed);
	for (i = table->nr; i > 1; i--) {
		size_t j = gen_rng_below(&rng, i);
		struct gen_prefix t = table->prefixes[i - 1];

		table->prefixes[i - 1] = table->prefixes[j];
		table->prefixes[j] = t;
	}
}

static int table_to_set(const struct gen_table *table, struct pset *set)
{
	size_t i;

	if (pset_init(set, table->nr + 1))
		return -1;
	for (i = 0; i < table->nr; i++)
		pset_add(set, key_from_bytes(table->prefixes[i].key, table->nbytes),
			 table->prefixes[i].plen);
	return 0;
}

double gen_table_nested_share(const struct gen_table *table)
{
	size_t i, nested = 0;
	struct pset set;

	if (!table->nr || table_to_set(table, &set))
		return 0;
	for (i = 0; i < set.nr; i++)
		nested += pset_covered(&set, set.keys[i], set.lens[i]);
	pset_free(&set);
	return (double)nested / table->nr;
}

/* Distinct @head-bit heads among the prefixes longer than @head bits. */
static size_t distinct_heads(const struct gen_table *table, unsigned int head)
{
	struct pset heads;
	size_t i;

	if (pset_init(&heads, table->nr + 1))
		return 0;
	for (i = 0; i < table->nr; i++) {
		const struct gen_prefix *p = &table->prefixes[i];

		if (p->plen > head)
			pset_add(&heads, key_mask(key_from_bytes(p->key, 16), head),
				 head);
	}
	i = heads.nr;
	pset_free(&heads);
	return i;
}

void gen_table_print_stats(const struct gen_table *table, FILE *out)
{
	unsigned int max = table->family == 4 ? 32 : 128, len;
	size_t wanted[129], got[129] = { 0 }, i;
	double nested = gen_table_nested_share(table);

	gen_table_wanted(table->family, table->nr, wanted);
	for (i = 0; i < table->nr; i++)
		got[table->prefixes[i].plen]++;
	fprintf(out, "# IPv%d table: %zu prefixes\n", table->family, table->nr);
	fprintf(out, "# %4s %9s %9s %7s\n", "len", "wanted", "got", "diff%");
	for (len = 0; len <= max; len++) {
		if (!wanted[len] && !got[len])
			continue;
		fprintf(out, "# /%-3u %9zu %9zu %+7.2f\n", len, wanted[len],
			got[len], wanted[len] ?
			100.0 * ((double)got[len] - wanted[len]) / wanted[len] : 100.0);
	}
	fprintf(out, "# nested (covered by a shorter prefix): %.1f %% (real: %s)\n",
		100 * nested, table->family == 4 ? "50.7-54.5 %" : "56.9-60.8 %");
	if (table->family == 6) {
		double scale = table->nr / V6_T1_TOTAL;

		fprintf(out, "# distinct heads of longer prefixes: /24 %zu (real ~%.0f),"
			" /32 %zu (~%.0f), /40 %zu (~%.0f)\n",
			distinct_heads(table, 24), V6_T1_HEADS24 * scale,
			distinct_heads(table, 32), V6_T1_HEADS32 * scale,
			distinct_heads(table, 40), V6_T1_HEADS40 * scale);
	}
}

void gen_prefix_format(const struct gen_prefix *prefix, int family,
		       char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(family == 4 ? AF_INET : AF_INET6, prefix->key, addr,
		  sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, prefix->plen);
}
