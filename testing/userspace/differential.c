// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded random operation sequences, run on the trie and on the sorted
 * array of model.c; every answer must agree. Prefixes come from keygen
 * (clustered, many short and nested ones). The structural invariants are
 * checked after every operation; every so often the whole table is walked
 * with next() and compared with the model; and some inserts are made to
 * fail at each of their allocations, which must leave the trie (and the
 * allocation count) as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/slab.h>

#include "keys.h"
#include "model.h"
#include "shim.h"
#include "tap.h"
#include "tests.h"
#include "trie_check.h"

#define DIFF_OPS		6000
#define DIFF_SEEDS		6
#define DIFF_CHECK_EVERY	250

struct diff {
	struct rtm_trie trie;
	struct model model;
	struct keygen gen;
	unsigned int nbytes;
	uintptr_t next_value;
	unsigned long enomem_seen;
};

static void *diff_new_value(struct diff *d)
{
	d->next_value += 16;
	return (void *)d->next_value;
}

/*
 * A full walk must list exactly the model, in its order: by next() from
 * the last key, or (@by_walk) by one rtm_trie_walk in one RCU section.
 */
static void diff_walk(struct diff *d, bool by_walk)
{
	static struct rtm_trie_walk walk;
	uint8_t key[KEY_BYTES] = { 0 }, expect[KEY_BYTES];
	unsigned int plen = 0;
	bool inclusive = true;
	size_t i = 0;
	void *value;

	rcu_read_lock();
	for (;;) {
		if (!by_walk)
			value = rtm_trie_next(&d->trie, key, plen, inclusive,
					      key, &plen);
		else if (inclusive)
			value = rtm_trie_walk_start(&walk, &d->trie, key, plen,
						    true, key, &plen);
		else
			value = rtm_trie_walk_next(&walk, key, &plen);
		if (!value)
			break;
		inclusive = false;
		if (!CHECKF(i < d->model.nr, "walk has more than %zu entries",
			    d->model.nr))
			return;
		memcpy(expect, d->model.entries[i].key, d->nbytes);
		if (!CHECKF(!key_order(key, plen, expect,
				       d->model.entries[i].plen, d->nbytes) &&
			    value == d->model.entries[i].value,
			    "walk[%zu] = %s, model has %s", i,
			    key_str(key, plen, d->nbytes),
			    key_str(expect, d->model.entries[i].plen,
				    d->nbytes)))
			break;
		i++;
	}
	rcu_read_unlock();
	CHECKF(i == d->model.nr, "%s stopped after %zu of %zu",
	       by_walk ? "rtm_trie_walk" : "next() walk", i, d->model.nr);
}

static void diff_structure(struct diff *d)
{
	struct trie_shape shape;
	char why[256];

	CHECKF(trie_check(&d->trie, &shape, why, sizeof(why)), "%s", why);
	CHECK(d->trie.nr_entries == d->model.nr);
	/* Only glue nodes are extra, and each joins two subtrees. */
	CHECKF(!d->model.nr || shape.glue < d->model.nr,
	       "%lu glue nodes for %zu entries", shape.glue, d->model.nr);
}

/* Fail each allocation an insert could make; nothing may change. */
static void diff_insert_enomem(struct diff *d, const uint8_t *key,
			       unsigned int plen)
{
	unsigned int nth;
	void *found;
	long live;
	int ret;

	live = shim_nr_owned();
	for (nth = 1; nth <= 2; nth++) {
		shim_fail_nth_alloc(nth);
		ret = rtm_trie_insert(&d->trie, key, plen, diff_new_value(d),
				      GFP_KERNEL);
		shim_fail_nth_alloc(0);
		if (ret == 0) {
			/* It needed fewer allocations than @nth. */
			CHECK(!model_insert(&d->model, key, plen,
					    (void *)d->next_value));
			return;
		}
		if (!CHECKF(ret == -ENOMEM || ret == -EEXIST,
			    "insert %s under fault: %d",
			    key_str(key, plen, d->nbytes), ret))
			return;
		if (ret == -EEXIST)
			return;
		d->enomem_seen++;
		CHECK(shim_nr_owned() == live);
		rcu_read_lock();
		found = rtm_trie_lookup_exact(&d->trie, key, plen);
		rcu_read_unlock();
		CHECK(!found);
		diff_structure(d);
	}
}

/* A walk from any key, several steps, against the model's next() chain. */
static void diff_walk_from(struct diff *d, const uint8_t *from,
			   unsigned int from_len, bool inclusive)
{
	static struct rtm_trie_walk walk;
	uint8_t key[KEY_BYTES], got_key[KEY_BYTES];
	const struct model_entry *want;
	unsigned int plen = from_len, got_len, step;
	void *got;

	memcpy(key, from, d->nbytes);
	rcu_read_lock();
	got = rtm_trie_walk_start(&walk, &d->trie, key, plen, inclusive,
				  got_key, &got_len);
	for (step = 0; step < 8; step++) {
		want = model_next(&d->model, key, plen, inclusive);
		if (!CHECKF(want ? got == want->value &&
				   !key_order(got_key, got_len, want->key,
					      want->plen, d->nbytes) : !got,
			    "walk from %s%s, step %u: trie %s, model %s",
			    key_str(from, from_len, d->nbytes),
			    inclusive ? " incl" : "", step,
			    got ? key_str(got_key, got_len, d->nbytes) : "END",
			    want ? key_str(want->key, want->plen, d->nbytes) :
				   "END") || !got)
			break;
		memcpy(key, got_key, d->nbytes);
		plen = got_len;
		inclusive = false;
		got = rtm_trie_walk_next(&walk, got_key, &got_len);
	}
	rcu_read_unlock();
}

static void diff_one_op(struct diff *d)
{
	uint8_t key[KEY_BYTES] = { 0 }, next_key[KEY_BYTES];
	unsigned int plen, got_len, want_len;
	const struct model_entry *want;
	unsigned int op = rng_below(&d->gen.rng, 100);
	void *value, *got;
	bool inclusive;
	int ret, mret;

	if (op < 35) {
		keygen_prefix(&d->gen, key, &plen);
		value = diff_new_value(d);
		ret = rtm_trie_insert(&d->trie, key, plen, value, GFP_KERNEL);
		mret = model_insert(&d->model, key, plen, value);
		CHECKF(ret == mret, "insert %s: trie %d model %d",
		       key_str(key, plen, d->nbytes), ret, mret);
	} else if (op < 60) {
		/* Mostly prefixes that exist, so the trie shrinks too. */
		if (d->model.nr && rng_below(&d->gen.rng, 4)) {
			const struct model_entry *e;

			e = &d->model.entries[rng_below(&d->gen.rng,
							(unsigned int)d->model.nr)];
			memcpy(key, e->key, d->nbytes);
			plen = e->plen;
		} else {
			keygen_prefix(&d->gen, key, &plen);
		}
		got = rtm_trie_delete(&d->trie, key, plen);
		value = model_delete(&d->model, key, plen);
		CHECKF(got == value, "delete %s: trie %p model %p",
		       key_str(key, plen, d->nbytes), got, value);
	} else if (op < 70) {
		keygen_prefix(&d->gen, key, &plen);
		rcu_read_lock();
		got = rtm_trie_lookup_exact(&d->trie, key, plen);
		rcu_read_unlock();
		value = model_exact(&d->model, key, plen);
		CHECKF(got == value, "exact %s: trie %p model %p",
		       key_str(key, plen, d->nbytes), got, value);
	} else if (op < 82) {
		keygen_addr(&d->gen, key);
		got_len = want_len = 999;
		rcu_read_lock();
		got = rtm_trie_lookup_longest(&d->trie, key, &got_len);
		rcu_read_unlock();
		value = model_longest(&d->model, key, &want_len);
		CHECKF(got == value && got_len == want_len,
		       "longest %s: trie %p/%u model %p/%u",
		       key_str(key, d->nbytes * 8, d->nbytes), got, got_len,
		       value, want_len);
	} else if (op < 97) {
		/* From present or absent keys, both ways. */
		if (d->model.nr && rng_below(&d->gen.rng, 2)) {
			const struct model_entry *e;

			e = &d->model.entries[rng_below(&d->gen.rng,
							(unsigned int)d->model.nr)];
			memcpy(key, e->key, d->nbytes);
			plen = e->plen;
		} else {
			keygen_prefix(&d->gen, key, &plen);
		}
		inclusive = rng_below(&d->gen.rng, 2);
		rcu_read_lock();
		got = rtm_trie_next(&d->trie, key, plen, inclusive, next_key,
				    &got_len);
		rcu_read_unlock();
		want = model_next(&d->model, key, plen, inclusive);
		if (!want)
			CHECKF(!got, "next %s%s: trie %s, model END",
			       key_str(key, plen, d->nbytes),
			       inclusive ? " incl" : "",
			       key_str(next_key, got_len, d->nbytes));
		else
			CHECKF(got == want->value &&
			       !key_order(next_key, got_len, want->key,
					  want->plen, d->nbytes),
			       "next %s%s: trie %s, model %s",
			       key_str(key, plen, d->nbytes),
			       inclusive ? " incl" : "",
			       got ? key_str(next_key, got_len, d->nbytes) :
				     "END",
			       key_str(want->key, want->plen, d->nbytes));
		diff_walk_from(d, key, plen, inclusive);
	} else {
		keygen_prefix(&d->gen, key, &plen);
		if (!model_exact(&d->model, key, plen))
			diff_insert_enomem(d, key, plen);
	}
}

static void diff_run(unsigned int max_prefixlen, uint64_t seed)
{
	struct diff d;
	unsigned int i;

	memset(&d, 0, sizeof(d));
	d.nbytes = max_prefixlen / 8;
	tap_begin("differential: IPv%u seed %llu, %u ops",
		  max_prefixlen == 32 ? 4 : 6, (unsigned long long)seed,
		  DIFF_OPS);
	rtm_trie_init(&d.trie, max_prefixlen);
	model_init(&d.model, max_prefixlen);
	keygen_init(&d.gen, seed, d.nbytes);

	for (i = 1; i <= DIFF_OPS && !tap_current_failed(); i++) {
		diff_one_op(&d);
		/* Catch a broken invariant before a later op trips on it. */
		diff_structure(&d);
		if (i % DIFF_CHECK_EVERY == 0) {
			diff_walk(&d, false);
			diff_walk(&d, true);
		}
	}
	diff_structure(&d);
	diff_walk(&d, false);
	diff_walk(&d, true);
	tap_note("entries at end %zu, ENOMEM injected %lu", d.model.nr,
		 d.enomem_seen);
	CHECK(d.enomem_seen > 0);

	/* Empty it by deletes, then leak-check. */
	while (d.model.nr) {
		struct model_entry e = d.model.entries[d.model.nr / 2];

		CHECK(rtm_trie_delete(&d.trie, e.key, e.plen) == e.value);
		model_delete(&d.model, e.key, e.plen);
	}
	CHECK(!rcu_access_pointer(d.trie.root));
	rtm_trie_destroy(&d.trie);
	rcu_barrier();
	CHECKF(shim_nr_allocated() == 0, "%ld objects leaked",
	       shim_nr_allocated());
	model_free(&d.model);
	tap_end();
}

void differential_tests(uint64_t seed)
{
	unsigned int i;

	for (i = 0; i < DIFF_SEEDS; i++) {
		diff_run(32, seed + i);
		diff_run(128, seed + i);
	}
}
