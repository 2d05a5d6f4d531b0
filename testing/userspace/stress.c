// SPDX-License-Identifier: GPL-2.0
/*
 * RCU stress: reader threads look up and walk the trie with next() while
 * the main thread inserts and deletes. The run is bounded by the writer's
 * operation count, not by time; readers stop when the writer is done.
 *
 * The prefixes come from a fixed universe; a value is the address of its
 * universe entry, so a reader can tell what it found. A "stable" part of
 * the universe is inserted before the readers start and never deleted.
 * Readers check, without any lock but RCU:
 *  - every entry seen was inserted at some point and carries its own key;
 *  - a next() walk (one rcu_read_lock() per step, like an enumeration that
 *    resumes by key) is strictly increasing in ORDER and contains each
 *    stable prefix exactly once;
 *  - exact lookups of stable prefixes always succeed; the longest match of
 *    an address covers it and is at least as long as the longest stable
 *    prefix covering it.
 * Use-after-free of unlinked nodes (a missing grace period) is ASan's job.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>

#include "keys.h"
#include "model.h"
#include "shim.h"
#include "tap.h"
#include "tests.h"
#include "trie_check.h"

#define STRESS_READERS		3
#define STRESS_WRITER_OPS	150000
#define STRESS_STABLE		200
#define STRESS_CHURN		500
#define STRESS_LOOKUPS		32	/* per reader round, besides a walk */

struct uentry {
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	int ever_inserted;	/* set before the insert publishes it */
	bool stable;
	bool present;		/* writer's view */
};

struct stress {
	struct rtm_trie trie;
	unsigned int nbytes;
	struct uentry u[STRESS_STABLE + STRESS_CHURN];
	struct keygen gen;
	pthread_barrier_t start;
	int done;
	unsigned long walks, steps, lookups;
};

struct reader {
	struct stress *s;
	pthread_t thread;
	struct keygen gen;
	struct rtm_trie_walk walk;
};

static bool stress_is_entry(struct stress *s, const void *value)
{
	const struct uentry *e = value;

	return e >= s->u && e < s->u + STRESS_STABLE + STRESS_CHURN &&
	       (uintptr_t)((const char *)e - (const char *)s->u) %
	       sizeof(*e) == 0;
}

/* The entry behind a value a reader got, after sanity checks. */
static const struct uentry *stress_entry(struct stress *s, const void *value,
					 const char *what)
{
	const struct uentry *e = value;

	if (!CHECKF(stress_is_entry(s, value), "%s returned %p", what, value))
		return NULL;
	CHECKF(uatomic_read(&e->ever_inserted), "%s returned %s, never inserted",
	       what, key_str(e->key, e->plen, s->nbytes));
	return e;
}

/*
 * A whole ordered walk during the writer's churn: by next() from the last
 * key, or (@walk) by rtm_trie_walk in RCU sections of up to 64 steps, each
 * started from the last key as the module's enumeration does.
 */
static void reader_walk(struct stress *s, struct rtm_trie_walk *walk)
{
	uint8_t key[KEY_BYTES] = { 0 }, next_key[KEY_BYTES];
	unsigned int plen = 0, next_len, stable_seen = 0;
	const struct uentry *e;
	bool inclusive = true;
	unsigned long steps = 0;
	void *value;

	for (;;) {
		if (!walk) {
			rcu_read_lock();
			value = rtm_trie_next(&s->trie, key, plen, inclusive,
					      next_key, &next_len);
			rcu_read_unlock();
		} else if (steps % 64 == 0) {
			if (steps)
				rcu_read_unlock();
			rcu_read_lock();
			value = rtm_trie_walk_start(walk, &s->trie, key, plen,
						    inclusive, next_key,
						    &next_len);
		} else {
			value = rtm_trie_walk_next(walk, next_key, &next_len);
		}
		if (!value)
			break;
		steps++;
		e = stress_entry(s, value, "next");
		if (!e)
			break;
		if (!CHECKF(e->plen == next_len &&
			    !memcmp(e->key, next_key, s->nbytes),
			    "next gave key %s with the value of %s",
			    key_str(next_key, next_len, s->nbytes),
			    key_str(e->key, e->plen, s->nbytes)))
			break;
		if (!CHECKF(key_order(next_key, next_len, key, plen,
				      s->nbytes) > (inclusive ? -1 : 0),
			    "walk went from %s to %s",
			    key_str(key, plen, s->nbytes),
			    key_str(next_key, next_len, s->nbytes)))
			break;
		if (e->stable)
			stable_seen++;
		memcpy(key, next_key, s->nbytes);
		plen = next_len;
		inclusive = false;
	}
	if (walk)
		rcu_read_unlock();
	if (value)	/* stopped by a failed check */
		return;
	CHECKF(stable_seen == STRESS_STABLE,
	       "a walk saw %u of the %u stable prefixes", stable_seen,
	       STRESS_STABLE);
	uatomic_add(&s->steps, steps);
	uatomic_inc(&s->walks);
}

static void reader_lookups(struct reader *r)
{
	struct stress *s = r->s;
	uint8_t addr[KEY_BYTES] = { 0 };
	unsigned int i, j, plen, floor;
	const struct uentry *e, *want;
	void *value;

	for (i = 0; i < STRESS_LOOKUPS; i++) {
		want = &s->u[rng_below(&r->gen.rng,
				       STRESS_STABLE + STRESS_CHURN)];
		rcu_read_lock();
		value = rtm_trie_lookup_exact(&s->trie, want->key, want->plen);
		rcu_read_unlock();
		if (want->stable)
			CHECKF(value == want, "exact %s of a stable prefix: %p",
			       key_str(want->key, want->plen, s->nbytes), value);
		else
			CHECKF(!value || value == want, "exact %s gave %p",
			       key_str(want->key, want->plen, s->nbytes), value);

		keygen_addr(&r->gen, addr);
		floor = 0;
		for (j = 0; j < STRESS_STABLE; j++)
			if (s->u[j].plen >= floor &&
			    key_covers(s->u[j].key, s->u[j].plen, addr))
				floor = s->u[j].plen + 1;
		plen = 999;
		rcu_read_lock();
		value = rtm_trie_lookup_longest(&s->trie, addr, &plen);
		rcu_read_unlock();
		if (!value) {
			CHECKF(!floor, "no longest match for %s",
			       key_str(addr, s->nbytes * 8, s->nbytes));
			continue;
		}
		e = stress_entry(s, value, "longest");
		if (!e)
			continue;
		CHECKF(e->plen == plen && key_covers(e->key, e->plen, addr) &&
		       e->plen + 1 >= floor,
		       "longest %s gave %s (len %u), stable floor /%d",
		       key_str(addr, s->nbytes * 8, s->nbytes),
		       key_str(e->key, e->plen, s->nbytes), plen,
		       (int)floor - 1);
	}
	uatomic_add(&s->lookups, 2 * STRESS_LOOKUPS);
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	rcu_register_thread();
	pthread_barrier_wait(&r->s->start);
	do {
		reader_walk(r->s, NULL);
		reader_walk(r->s, &r->walk);
		reader_lookups(r);
	} while (!uatomic_read(&r->s->done));
	rcu_unregister_thread();
	return NULL;
}

static void stress_universe(struct stress *s)
{
	struct model seen;
	unsigned int i = 0, plen;
	uint8_t key[KEY_BYTES];

	model_init(&seen, s->nbytes * 8);
	while (i < STRESS_STABLE + STRESS_CHURN) {
		keygen_prefix(&s->gen, key, &plen);
		if (model_insert(&seen, key, plen, s))
			continue;
		memcpy(s->u[i].key, key, KEY_BYTES);
		s->u[i].plen = plen;
		s->u[i].stable = i < STRESS_STABLE;
		i++;
	}
	model_free(&seen);
}

static void stress_writer(struct stress *s)
{
	unsigned long enomem = 0;
	struct uentry *e;
	unsigned int op;
	int ret;

	for (op = 0; op < STRESS_WRITER_OPS; op++) {
		e = &s->u[STRESS_STABLE + rng_below(&s->gen.rng, STRESS_CHURN)];
		if (e->present) {
			CHECK(rtm_trie_delete(&s->trie, e->key, e->plen) == e);
			e->present = false;
			continue;
		}
		uatomic_set(&e->ever_inserted, 1);
		if (rng_below(&s->gen.rng, 50) == 0) {
			/* Failing inserts must not disturb readers either. */
			shim_fail_nth_alloc(1);
			ret = rtm_trie_insert(&s->trie, e->key, e->plen, e,
					      GFP_KERNEL);
			shim_fail_nth_alloc(0);
			if (ret == -ENOMEM) {
				enomem++;
				continue;
			}
		} else {
			ret = rtm_trie_insert(&s->trie, e->key, e->plen, e,
					      GFP_KERNEL);
		}
		CHECKF(!ret, "insert %s: %d",
		       key_str(e->key, e->plen, s->nbytes), ret);
		e->present = !ret;
	}
	tap_note("writer: %u ops, %lu failed with ENOMEM", op, enomem);
}

/* After the storm: the trie holds exactly what the writer thinks. */
static void stress_final_check(struct stress *s)
{
	uint8_t key[KEY_BYTES] = { 0 };
	unsigned int plen = 0, i;
	struct model want;
	char why[256];
	size_t n = 0;
	void *value;
	bool inclusive = true;

	model_init(&want, s->nbytes * 8);
	for (i = 0; i < STRESS_STABLE + STRESS_CHURN; i++)
		if (s->u[i].present)
			model_insert(&want, s->u[i].key, s->u[i].plen, &s->u[i]);
	CHECKF(trie_check(&s->trie, NULL, why, sizeof(why)), "%s", why);
	CHECK(s->trie.nr_entries == want.nr);
	rcu_read_lock();
	while ((value = rtm_trie_next(&s->trie, key, plen, inclusive, key,
				      &plen))) {
		inclusive = false;
		if (!CHECK(n < want.nr && value == want.entries[n].value))
			break;
		n++;
	}
	rcu_read_unlock();
	CHECK(n == want.nr);
	model_free(&want);
}

static void stress_run(unsigned int max_prefixlen, uint64_t seed)
{
	struct reader readers[STRESS_READERS];
	struct stress *s;
	unsigned int i;

	tap_begin("rcu stress: IPv%u, %u readers, %u writer ops",
		  max_prefixlen == 32 ? 4 : 6, STRESS_READERS,
		  STRESS_WRITER_OPS);
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->nbytes = max_prefixlen / 8;
	keygen_init(&s->gen, seed, s->nbytes);
	stress_universe(s);
	rtm_trie_init(&s->trie, max_prefixlen);
	for (i = 0; i < STRESS_STABLE; i++) {
		s->u[i].ever_inserted = 1;
		CHECK(!rtm_trie_insert(&s->trie, s->u[i].key, s->u[i].plen,
				       &s->u[i], GFP_KERNEL));
		s->u[i].present = true;
	}

	pthread_barrier_init(&s->start, NULL, STRESS_READERS + 1);
	for (i = 0; i < STRESS_READERS; i++) {
		readers[i].s = s;
		readers[i].gen = s->gen;	/* same clusters */
		rng_seed(&readers[i].gen.rng, seed * 100 + i);
		if (pthread_create(&readers[i].thread, NULL, reader_main,
				   &readers[i]))
			abort();
	}
	pthread_barrier_wait(&s->start);
	stress_writer(s);
	uatomic_set(&s->done, 1);
	for (i = 0; i < STRESS_READERS; i++)
		pthread_join(readers[i].thread, NULL);
	pthread_barrier_destroy(&s->start);
	tap_note("readers: %lu walks (%lu next() steps), %lu lookups",
		 s->walks, s->steps, s->lookups);

	stress_final_check(s);
	rtm_trie_destroy(&s->trie);
	rcu_barrier();
	CHECKF(shim_nr_allocated() == 0, "%ld objects leaked",
	       shim_nr_allocated());
	free(s);
	tap_end();
}

static const unsigned int stress_families[] = { 32, 128 };

void stress_tests(uint64_t seed)
{
	unsigned int i;

	for (i = 0; i < 2; i++)
		stress_run(stress_families[i], seed + i);
}

void stress_skipped(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		tap_begin("rcu stress: IPv%u, not run",
			  stress_families[i] == 32 ? 4 : 6);
		tap_fail(__FILE__, __LINE__,
			 "not run: the single-threaded tests failed");
		tap_end();
	}
}
