// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of module/lpm.c, the longest-prefix-match index, built in this
 * translation unit (like trie_check.c) so that the checker can walk its
 * nodes:
 *  - a checker of the node invariants and of the accounting, which also
 *    lists the index as address segments with their value;
 *  - seeded random inserts and deletes done as rtm_table_insert() and
 *    rtm_table_delete() do them (the binary trie finds the value below),
 *    compared with the sorted model: lookups after every operation, and
 *    the exact segment list of the whole index every so often;
 *  - allocation failures: an insert that fails leaves the index exactly
 *    as it was; a delete never fails, with or without the spare node, and
 *    the index still shrinks to nothing when emptied;
 *  - readers looking up concurrently with a writer: every answer is the
 *    value of a prefix that covers the address, no shorter than the
 *    longest prefix that stays in the table the whole time.
 */
#include "lpm.c"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "model.h"
#include "shim.h"
#include "tap.h"
#include "tests.h"
#include "trie.h"

typedef unsigned __int128 u128;

#define LPM_OPS		3000
#define LPM_SEEDS	4
#define LPM_CHECK_EVERY	200

/* ------------------------------------------------------------------ */
/* Addresses as left-aligned 128-bit numbers                           */

static u128 addr_num(const uint8_t *addr, unsigned int nbytes)
{
	u128 x = 0;
	unsigned int i;

	for (i = 0; i < nbytes; i++)
		x |= (u128)addr[i] << (120 - 8 * i);
	return x;
}

static void num_addr(u128 x, uint8_t *addr, unsigned int nbytes)
{
	unsigned int i;

	for (i = 0; i < nbytes; i++)
		addr[i] = (uint8_t)(x >> (120 - 8 * i));
}

/* ------------------------------------------------------------------ */
/* The index as a list of segments                                     */

struct seg {
	u128 start;		/* runs to the next segment's start */
	unsigned long value;
};

struct segs {
	struct seg *v;
	size_t nr, cap;
};

static void segs_add(struct segs *s, u128 start, unsigned long value)
{
	if (s->nr && s->v[s->nr - 1].value == value)
		return;
	if (s->nr == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->nr].start = start;
	s->v[s->nr].value = value;
	s->nr++;
}

static bool segs_equal(const struct segs *a, const struct segs *b)
{
	return a->nr == b->nr &&
	       !memcmp(a->v, b->v, a->nr * sizeof(*a->v));
}

struct walk {
	const struct rtm_lpm *lpm;
	struct segs *segs;
	bool strict;		/* also invariants (1) and (2) */
	unsigned long nodes;
	size_t bytes;
	char *why;
	size_t len;
};

static bool walk_node(struct walk *w, const struct rtm_lpm_node *node,
		      unsigned int level, u128 base)
{
	unsigned int consumed = rtm_lpm_offset(w->lpm, level) + RTM_LPM_STRIDE;
	unsigned int max = w->lpm->max_prefixlen, nrun, nchild, s;
	unsigned long ent[RTM_LPM_SLOTS], prev = RTM_LPM_NODE;
	bool first_leaf = true;
	u128 start;

	w->nodes++;
	w->bytes += rtm_lpm_node_size(hweight64(node->vector) +
				      hweight64(node->leafvec));
	if (node->vector & node->leafvec) {
		snprintf(w->why, w->len, "level %u: leafvec on a child slot", level);
		return false;
	}
	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		ent[s] = rtm_lpm_slot(node, s);
		if (ent[s] & RTM_LPM_NODE)
			continue;
		if (first_leaf && !(node->leafvec & BIT_ULL(s))) {
			snprintf(w->why, w->len, "level %u: first leaf slot %u starts no run",
				 level, s);
			return false;
		}
		if (w->strict && !first_leaf && (node->leafvec & BIT_ULL(s)) &&
		    ent[s] == prev) {
			snprintf(w->why, w->len, "level %u slot %u: equal adjacent runs",
				 level, s);
			return false;
		}
		first_leaf = false;
		prev = ent[s];
	}
	if (w->strict && rtm_lpm_shape(ent, &nchild, &nrun) != RTM_LPM_NODE) {
		snprintf(w->why, w->len, "level %u: a node of one leaf", level);
		return false;
	}
	for (s = 0; s < RTM_LPM_SLOTS; s++) {
		/* Slots past the address's last bit: no address gets there. */
		if (consumed > max && (s & ((1U << (consumed - max)) - 1)))
			continue;
		if (consumed <= 128)
			start = base | (u128)s << (128 - consumed);
		else
			start = base | (u128)(s >> (consumed - 128));
		if (ent[s] & RTM_LPM_NODE) {
			if (!walk_node(w, (struct rtm_lpm_node *)(ent[s] & ~RTM_LPM_NODE),
				       level + 1, start))
				return false;
		} else {
			segs_add(w->segs, start, ent[s]);
		}
	}
	return true;
}

/* Checks @lpm and lists it in @segs (emptied first). */
static bool lpm_check(const struct rtm_lpm *lpm, bool strict,
		      struct segs *segs, char *why, size_t len)
{
	unsigned long *dir = lpm->dir;
	struct walk w = {
		.lpm = lpm, .segs = segs, .strict = strict, .why = why, .len = len,
	};
	unsigned long used = 0;
	unsigned int i, d = lpm->dir_bits;

	segs->nr = 0;
	snprintf(why, len, "ok");
	if (!dir) {
		segs_add(segs, 0, 0);
		if (lpm->bytes || lpm->nr_nodes || lpm->nr_used || lpm->spare) {
			snprintf(why, len, "empty index holds %zu bytes, %lu nodes",
				 lpm->bytes, lpm->nr_nodes);
			return false;
		}
		return true;
	}
	w.bytes = sizeof(*dir) << d;
	if (lpm->spare)
		w.bytes += kmalloc_size_roundup(RTM_LPM_MAX_NODE);
	for (i = 0; i < 1U << d; i++) {
		used += dir[i] != 0;
		if (dir[i] & RTM_LPM_NODE) {
			if (!walk_node(&w, (struct rtm_lpm_node *)(dir[i] & ~RTM_LPM_NODE),
				       1, (u128)i << (128 - d)))
				return false;
		} else {
			segs_add(segs, (u128)i << (128 - d), dir[i]);
		}
	}
	if (!used) {
		snprintf(why, len, "a top level of NULL leaves is kept");
		return false;
	}
	if (used != lpm->nr_used || w.nodes != lpm->nr_nodes ||
	    w.bytes != lpm->bytes) {
		snprintf(why, len, "counted %lu used, %lu nodes, %zu bytes; index says %lu, %lu, %zu",
			 used, w.nodes, w.bytes, lpm->nr_used, lpm->nr_nodes,
			 lpm->bytes);
		return false;
	}
	return true;
}

static int u128_cmp(const void *a, const void *b)
{
	u128 x = *(const u128 *)a, y = *(const u128 *)b;

	return x < y ? -1 : x > y;
}

/* The segments the model's prefixes give. */
static void model_segs(const struct model *m, unsigned int nbytes,
		       struct segs *segs)
{
	u128 *b = malloc((2 * m->nr + 1) * sizeof(*b)), x;
	uint8_t addr[KEY_BYTES] = { 0 };
	size_t i, n = 0;
	unsigned int plen;

	if (!b)
		abort();
	b[n++] = 0;
	for (i = 0; i < m->nr; i++) {
		x = addr_num(m->entries[i].key, nbytes);
		b[n++] = x;
		plen = m->entries[i].plen;
		if (plen && x + ((u128)1 << (128 - plen)))
			b[n++] = x + ((u128)1 << (128 - plen));
	}
	qsort(b, n, sizeof(*b), u128_cmp);
	segs->nr = 0;
	for (i = 0; i < n; i++) {
		if (i && b[i] == b[i - 1])
			continue;
		num_addr(b[i], addr, nbytes);
		segs_add(segs, b[i], (unsigned long)model_longest(m, addr, NULL));
	}
	free(b);
}

/* ------------------------------------------------------------------ */
/* The table glue of module/table.c, over the harness                  */

struct ltab {
	struct rtm_trie trie;
	struct rtm_lpm lpm;
	struct model model;
	struct keygen gen;
	unsigned int nbytes;
	uintptr_t next_value;
	struct segs got, want;
};

static void ltab_init(struct ltab *t, unsigned int max_prefixlen,
		      uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	rtm_trie_init(&t->trie, max_prefixlen);
	rtm_lpm_init(&t->lpm, max_prefixlen);
	model_init(&t->model, max_prefixlen);
	keygen_init(&t->gen, seed, max_prefixlen / 8);
	t->nbytes = max_prefixlen / 8;
	t->next_value = 0x1000;
}

static void ltab_free(struct ltab *t)
{
	rtm_trie_destroy(&t->trie);
	rtm_lpm_destroy(&t->lpm);
	model_free(&t->model);
	free(t->got.v);
	free(t->want.v);
}

/* What the prefix falls back to, from the trie; the model must agree. */
static void *ltab_below(struct ltab *t, const uint8_t *key, unsigned int plen)
{
	uint8_t masked[KEY_BYTES];
	void *below, *want = NULL;
	unsigned int l;

	rcu_read_lock();
	below = rtm_trie_lookup_below(&t->trie, key, plen, NULL);
	rcu_read_unlock();
	for (l = plen; l-- > 0;) {
		memcpy(masked, key, KEY_BYTES);
		key_mask(masked, l, t->nbytes);
		want = model_exact(&t->model, masked, l);
		if (want)
			break;
	}
	CHECKF(below == want, "below %s: trie %p, model %p",
	       key_str(key, plen, t->nbytes), below, want);
	return want;
}

static int ltab_insert(struct ltab *t, const uint8_t *key, unsigned int plen,
		       void *value)
{
	void *below = ltab_below(t, key, plen);
	int err;

	err = rtm_lpm_replace(&t->lpm, key, plen, below, value, GFP_KERNEL);
	if (err)
		return err;
	err = rtm_trie_insert(&t->trie, key, plen, value, GFP_KERNEL);
	if (err) {
		/* As table.c: undo the index, which cannot fail. */
		CHECK(!rtm_lpm_replace(&t->lpm, key, plen, value, below,
				       GFP_KERNEL));
		return err;
	}
	CHECK(!model_insert(&t->model, key, plen, value));
	return 0;
}

static void ltab_delete(struct ltab *t, const uint8_t *key, unsigned int plen)
{
	void *value = model_exact(&t->model, key, plen);
	void *below = ltab_below(t, key, plen);

	CHECK(!rtm_lpm_replace(&t->lpm, key, plen, value, below, GFP_KERNEL));
	CHECK(rtm_trie_delete(&t->trie, key, plen) == value);
	CHECK(model_delete(&t->model, key, plen) == value);
}

static bool ltab_lookup_ok(struct ltab *t, const uint8_t *addr)
{
	void *got, *want = model_longest(&t->model, addr, NULL);

	rcu_read_lock();
	got = rtm_lpm_lookup(&t->lpm, addr);
	rcu_read_unlock();
	return CHECKF(got == want, "lookup %s: %p, model %p",
		      key_str(addr, t->nbytes * 8, t->nbytes), got, want);
}

/* The first and last address of a prefix and their outside neighbours. */
static void ltab_lookup_edges(struct ltab *t, const uint8_t *key,
			      unsigned int plen)
{
	u128 first = addr_num(key, t->nbytes), unit, last;
	uint8_t addr[KEY_BYTES] = { 0 };

	unit = (u128)1 << (128 - t->nbytes * 8);
	last = first + (plen ? ((u128)1 << (128 - plen)) - unit : ~(u128)0 - unit + 1);
	num_addr(first, addr, t->nbytes);
	ltab_lookup_ok(t, addr);
	num_addr(last, addr, t->nbytes);
	ltab_lookup_ok(t, addr);
	num_addr(first - unit, addr, t->nbytes);
	ltab_lookup_ok(t, addr);
	num_addr(last + unit, addr, t->nbytes);
	ltab_lookup_ok(t, addr);
}

static bool ltab_check(struct ltab *t, bool strict)
{
	char why[256];

	if (!CHECKF(lpm_check(&t->lpm, strict, &t->got, why, sizeof(why)),
		    "%s", why))
		return false;
	model_segs(&t->model, t->nbytes, &t->want);
	return CHECKF(segs_equal(&t->got, &t->want),
		      "index has %zu segments, model %zu", t->got.nr,
		      t->want.nr);
}

static void *ltab_new_value(struct ltab *t)
{
	t->next_value += 16;
	return (void *)t->next_value;
}

/* One random insert or delete; lookups around it. */
static void ltab_random_op(struct ltab *t, unsigned int insert_pct)
{
	uint8_t key[KEY_BYTES], addr[KEY_BYTES] = { 0 };
	unsigned int plen, i;
	size_t victim;

	if (t->model.nr && rng_below(&t->gen.rng, 100) >= insert_pct) {
		victim = rng_below(&t->gen.rng, t->model.nr);
		memcpy(key, t->model.entries[victim].key, KEY_BYTES);
		plen = t->model.entries[victim].plen;
		ltab_delete(t, key, plen);
	} else {
		keygen_prefix(&t->gen, key, &plen);
		if (model_exact(&t->model, key, plen))
			return;
		CHECK(!ltab_insert(t, key, plen, ltab_new_value(t)));
	}
	ltab_lookup_edges(t, key, plen);
	for (i = 0; i < 4; i++) {
		keygen_addr(&t->gen, addr);
		ltab_lookup_ok(t, addr);
	}
}

/* Empties the table in random order; no memory may be left. */
static void ltab_drain(struct ltab *t)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	size_t victim;

	while (t->model.nr && !tap_current_failed()) {
		victim = rng_below(&t->gen.rng, t->model.nr);
		memcpy(key, t->model.entries[victim].key, KEY_BYTES);
		plen = t->model.entries[victim].plen;
		ltab_delete(t, key, plen);
		ltab_lookup_edges(t, key, plen);
	}
	CHECKF(!t->lpm.dir && !t->lpm.bytes && !t->lpm.nr_nodes,
	       "emptied index holds %zu bytes in %lu nodes", t->lpm.bytes,
	       t->lpm.nr_nodes);
}

/* ------------------------------------------------------------------ */
/* Unit tests                                                          */

static void lpm_unit(void)
{
	uint8_t k8[4] = { 10 }, k16[4] = { 10, 1 }, k24[4] = { 10, 1, 2 };
	uint8_t a[4] = { 10, 1, 2, 3 }, b[4] = { 10, 1, 3, 3 };
	uint8_t c[4] = { 10, 2, 0, 0 }, d[4] = { 11, 0, 0, 0 };
	void *v8 = (void *)0x80, *v16 = (void *)0x160, *v24 = (void *)0x240;
	struct rtm_lpm lpm;
	long live = shim_nr_owned();

	tap_begin("lpm: IPv4 by hand (/8 /16 /24, lookups, deletes, empty)");
	rtm_lpm_init(&lpm, 32);
	rcu_read_lock();
	CHECK(!rtm_lpm_lookup(&lpm, a));
	CHECK(!rtm_lpm_replace(&lpm, k8, 8, NULL, v8, GFP_KERNEL));
	CHECK(!rtm_lpm_replace(&lpm, k24, 24, v8, v24, GFP_KERNEL));
	CHECK(!rtm_lpm_replace(&lpm, k16, 16, v8, v16, GFP_KERNEL));
	CHECK(rtm_lpm_lookup(&lpm, a) == v24);
	CHECK(rtm_lpm_lookup(&lpm, b) == v16);
	CHECK(rtm_lpm_lookup(&lpm, c) == v8);
	CHECK(!rtm_lpm_lookup(&lpm, d));
	CHECK(lpm.nr_nodes == 1);
	CHECK(rtm_lpm_replace(&lpm, k8, 33, NULL, v8, GFP_KERNEL) == -EINVAL);
	CHECK(rtm_lpm_replace(&lpm, k8, 8, NULL, (void *)0x81, GFP_KERNEL) ==
	      -EINVAL);
	CHECK(!rtm_lpm_replace(&lpm, k16, 16, v16, v8, GFP_KERNEL));
	CHECK(rtm_lpm_lookup(&lpm, b) == v8);
	CHECK(rtm_lpm_lookup(&lpm, a) == v24);
	CHECK(!rtm_lpm_replace(&lpm, k24, 24, v24, v8, GFP_KERNEL));
	CHECK(rtm_lpm_lookup(&lpm, a) == v8);
	CHECK(lpm.nr_nodes == 0);
	CHECK(!rtm_lpm_replace(&lpm, k8, 8, v8, NULL, GFP_KERNEL));
	CHECK(!rtm_lpm_lookup(&lpm, a));
	CHECK(!lpm.dir && !lpm.bytes);
	rcu_read_unlock();
	rcu_barrier();
	CHECK(shim_nr_owned() == live);
	rtm_lpm_destroy(&lpm);
	tap_end();
}

/* ------------------------------------------------------------------ */
/* Differential                                                        */

static void lpm_differential(unsigned int max_prefixlen, uint64_t seed)
{
	long live = shim_nr_owned();
	struct ltab t;
	unsigned int op;

	tap_begin("lpm: differential IPv%u seed %llu (%u ops, then drained)",
		  max_prefixlen == 32 ? 4 : 6, (unsigned long long)seed, LPM_OPS);
	ltab_init(&t, max_prefixlen, seed);
	for (op = 0; op < LPM_OPS && !tap_current_failed(); op++) {
		/* Grow first, then hover. */
		ltab_random_op(&t, op < LPM_OPS / 2 ? 75 : 50);
		if (op % LPM_CHECK_EVERY == 0)
			ltab_check(&t, true);
	}
	tap_note("%zu prefixes, %lu nodes, %zu bytes, %zu segments",
		 t.model.nr, t.lpm.nr_nodes, t.lpm.bytes, t.got.nr);
	ltab_check(&t, true);
	ltab_drain(&t);
	ltab_free(&t);
	rcu_barrier();
	CHECKF(shim_nr_owned() == live, "%ld objects leaked",
	       shim_nr_owned() - live);
	tap_end();
}

/* Every allocation of some inserts fails in turn: nothing may change. */
static void lpm_insert_enomem(struct ltab *t, unsigned int tries)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen, nth;
	struct rtm_lpm_node *spare;
	size_t bytes, nodes;
	long owned;
	void *value;
	int err;

	while (tries--) {
		keygen_prefix(&t->gen, key, &plen);
		if (model_exact(&t->model, key, plen))
			continue;
		value = ltab_new_value(t);
		for (nth = 1;; nth++) {
			owned = shim_nr_owned();
			bytes = t->lpm.bytes;
			nodes = t->lpm.nr_nodes;
			spare = t->lpm.spare;
			shim_fail_nth_alloc(nth);
			err = ltab_insert(t, key, plen, value);
			shim_fail_nth_alloc(0);
			if (!err)
				break;
			if (!CHECKF(err == -ENOMEM, "insert: %d", err))
				return;
			/*
			 * The rollback of a trie failure may refill the
			 * spare, and fold what uncompacted deletes left.
			 */
			if (!t->lpm.uncompact && !t->lpm.spare == !spare)
				CHECK(owned == shim_nr_owned() &&
				      bytes == t->lpm.bytes &&
				      nodes == t->lpm.nr_nodes);
			if (!ltab_check(t, !t->lpm.uncompact))
				return;
		}
		ltab_lookup_edges(t, key, plen);
	}
}

/* Deletes whose first allocation fails, with the spare or without. */
static void lpm_delete_enomem(struct ltab *t, unsigned int tries,
			      bool no_spare)
{
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	size_t victim;

	while (tries-- && t->model.nr) {
		if (no_spare && t->lpm.spare) {
			kfree(t->lpm.spare);
			t->lpm.spare = NULL;
			t->lpm.bytes -= kmalloc_size_roundup(RTM_LPM_MAX_NODE);
		}
		victim = rng_below(&t->gen.rng, t->model.nr);
		memcpy(key, t->model.entries[victim].key, KEY_BYTES);
		plen = t->model.entries[victim].plen;
		shim_fail_nth_alloc(1);
		ltab_delete(t, key, plen);
		shim_fail_nth_alloc(0);
		ltab_lookup_edges(t, key, plen);
		if (!ltab_check(t, !t->lpm.uncompact))
			return;
	}
}

static void lpm_enomem(unsigned int max_prefixlen, uint64_t seed)
{
	unsigned long failed = shim_nr_failed();
	long live = shim_nr_owned();
	struct ltab t;
	unsigned int i;

	tap_begin("lpm: allocation failures IPv%u seed %llu",
		  max_prefixlen == 32 ? 4 : 6, (unsigned long long)seed);
	ltab_init(&t, max_prefixlen, seed);
	for (i = 0; i < 400; i++)
		ltab_random_op(&t, 90);
	lpm_insert_enomem(&t, 100);
	lpm_delete_enomem(&t, 100, false);
	CHECK(!t.lpm.uncompact);
	lpm_delete_enomem(&t, 100, true);
	tap_note("%lu allocations failed; uncompacted %d", shim_nr_failed() - failed,
		 t.lpm.uncompact);
	/* Mixed work goes on, right if not compact; then it all goes away. */
	for (i = 0; i < 300 && !tap_current_failed(); i++)
		ltab_random_op(&t, 50);
	lpm_insert_enomem(&t, 30);
	ltab_check(&t, !t.lpm.uncompact);
	ltab_drain(&t);
	ltab_free(&t);
	rcu_barrier();
	CHECK(shim_nr_owned() == live);
	tap_end();
}

/* ------------------------------------------------------------------ */
/* Readers during updates                                              */

#define STRESS_STABLE	150
#define STRESS_CHURN	150
#define STRESS_ADDRS	2048
#define STRESS_OPS	20000
#define STRESS_READERS	2

struct sprefix {
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	void *value;
	bool in;
};

struct stress_addr {
	uint8_t addr[KEY_BYTES];
	unsigned int floor;	/* longest stable prefix covering it */
	unsigned int nr_ok;
	void *ok[STRESS_STABLE + STRESS_CHURN + 1];
};

struct lstress {
	struct ltab t;
	struct sprefix p[STRESS_STABLE + STRESS_CHURN];
	struct stress_addr *addrs;
	int done;
	unsigned long lookups;
};

static void *lstress_reader(void *arg)
{
	struct lstress *s = arg;
	unsigned long n = 0;
	unsigned int i, j;
	void *got;
	bool ok;

	rcu_register_thread();
	while (!__atomic_load_n(&s->done, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < STRESS_ADDRS; i++) {
			rcu_read_lock();
			got = rtm_lpm_lookup(&s->t.lpm, s->addrs[i].addr);
			rcu_read_unlock();
			n++;
			ok = false;
			for (j = 0; j < s->addrs[i].nr_ok && !ok; j++)
				ok = got == s->addrs[i].ok[j];
			if (!CHECKF(ok, "reader got %p for %s", got,
				    key_str(s->addrs[i].addr, s->t.nbytes * 8,
					    s->t.nbytes)))
				goto out;
		}
	}
out:
	__atomic_add_fetch(&s->lookups, n, __ATOMIC_RELAXED);
	rcu_unregister_thread();
	return NULL;
}

static void lpm_stress(unsigned int max_prefixlen, uint64_t seed)
{
	unsigned int i, j, nr = STRESS_STABLE + STRESS_CHURN, best;
	pthread_t readers[STRESS_READERS];
	long live = shim_nr_owned();
	struct lstress *s = calloc(1, sizeof(*s));
	struct stress_addr *a;
	struct sprefix *p;

	tap_begin("lpm: %u readers during %u updates, IPv%u seed %llu",
		  STRESS_READERS, STRESS_OPS, max_prefixlen == 32 ? 4 : 6,
		  (unsigned long long)seed);
	s->addrs = calloc(STRESS_ADDRS, sizeof(*s->addrs));
	if (!s || !s->addrs)
		abort();
	ltab_init(&s->t, max_prefixlen, seed);
	for (i = 0; i < nr; i++) {
		p = &s->p[i];
		do {
			keygen_prefix(&s->t.gen, p->key, &p->plen);
		} while (model_exact(&s->t.model, p->key, p->plen));
		p->value = ltab_new_value(&s->t);
		CHECK(!ltab_insert(&s->t, p->key, p->plen, p->value));
		p->in = true;
	}
	for (i = 0; i < STRESS_ADDRS; i++) {
		a = &s->addrs[i];
		keygen_addr(&s->t.gen, a->addr);
		best = 0;
		a->ok[a->nr_ok++] = NULL;
		for (j = 0; j < STRESS_STABLE; j++)
			if (key_covers(s->p[j].key, s->p[j].plen, a->addr) &&
			    s->p[j].plen + 1 > best)
				best = s->p[j].plen + 1;
		a->floor = best;
		if (best)
			a->nr_ok = 0;	/* some stable prefix always matches */
		for (j = 0; j < nr; j++)
			if (key_covers(s->p[j].key, s->p[j].plen, a->addr) &&
			    s->p[j].plen + 1 >= best)
				a->ok[a->nr_ok++] = s->p[j].value;
	}
	for (i = 0; i < STRESS_READERS; i++)
		pthread_create(&readers[i], NULL, lstress_reader, s);
	for (i = 0; i < STRESS_OPS && !tap_current_failed(); i++) {
		p = &s->p[STRESS_STABLE + rng_below(&s->t.gen.rng, STRESS_CHURN)];
		if (p->in)
			ltab_delete(&s->t, p->key, p->plen);
		else
			CHECK(!ltab_insert(&s->t, p->key, p->plen, p->value));
		p->in = !p->in;
	}
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
	for (i = 0; i < STRESS_READERS; i++)
		pthread_join(readers[i], NULL);
	tap_note("%lu concurrent lookups", s->lookups);
	ltab_check(&s->t, true);
	ltab_drain(&s->t);
	ltab_free(&s->t);
	free(s->addrs);
	free(s);
	rcu_barrier();
	CHECK(shim_nr_owned() == live);
	tap_end();
}

void lpm_tests(uint64_t seed)
{
	unsigned int i;

	lpm_unit();
	for (i = 0; i < LPM_SEEDS; i++) {
		lpm_differential(32, seed + i);
		lpm_differential(128, seed + i);
	}
	lpm_enomem(32, seed);
	lpm_enomem(128, seed);
	if (tap_failures())
		return;
	lpm_stress(32, seed);
	lpm_stress(128, seed);
}
