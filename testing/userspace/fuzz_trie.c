// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for module/trie.c: the input bytes are decoded into a
 * sequence of trie operations, each checked against the sorted array of
 * model.c. Any disagreement, broken structural invariant (trie_check())
 * or leaked object aborts, which libFuzzer reports as a crash and saves.
 *
 * Input layout (every byte string is valid; missing bytes read as 0):
 *   byte 0      bit 0: IPv6 (else IPv4); bit 1: end with rtm_trie_destroy()
 *               on the full trie (else delete every entry one by one)
 *   then ops    one opcode byte, then the op's key:
 *     opcode % 8  0, 1 insert   2 delete   3 exact   4 longest match
 *                 5 one next() step (bit 3: inclusive)
 *                 6 next() walk from the key to the end
 *                 7 insert with its (1 + (opcode >> 3) % 3)th allocation
 *                   failing through the harness allocator
 *     key byte k  k >= 0xc0 with entries present: an existing entry (next
 *                 byte picks it), with bit 5: and another length (next
 *                 byte); otherwise 1 + (k & 15) address bytes follow (the
 *                 rest 0, or 0xff with bit 4), then a length byte
 *                 (% max + 1). Host bits are cleared except for lookups.
 *
 * Built with -DFUZZ_TRIE_SEEDS instead, it is a small program that writes
 * a seed corpus into the directory given as its argument.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

#ifndef FUZZ_TRIE_SEEDS

#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "model.h"
#include "shim.h"
#include "trie_check.h"

#define FUZZ_MAX_OPS		2048
#define FUZZ_BARRIER_EVERY	256

static unsigned long barrier_count;

enum fuzz_op {
	FUZZ_INSERT,
	FUZZ_INSERT2,
	FUZZ_DELETE,
	FUZZ_EXACT,
	FUZZ_LONGEST,
	FUZZ_NEXT,
	FUZZ_WALK,
	FUZZ_INSERT_FAIL,
};

struct fuzz {
	const uint8_t *data;
	size_t size, pos;
	struct rtm_trie trie;
	struct model model;
	unsigned int nbytes, max_prefixlen;
	uintptr_t next_value;
	unsigned int op_index;
};

#define FUZZ_CHECK(cond, fmt, ...)					\
do {									\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_trie: op %u: %s: " fmt "\n",	\
			fz->op_index, #cond, ##__VA_ARGS__);		\
		abort();						\
	}								\
} while (0)

static uint8_t fuzz_byte(struct fuzz *fz)
{
	return fz->pos < fz->size ? fz->data[fz->pos++] : 0;
}

static void *fuzz_new_value(struct fuzz *fz)
{
	fz->next_value += 16;
	return (void *)fz->next_value;
}

/* Decode a key; @lookup_addr: keep the host bits (an address to look up). */
static void fuzz_key(struct fuzz *fz, uint8_t *key, unsigned int *plen,
		     bool lookup_addr)
{
	uint8_t k = fuzz_byte(fz);
	unsigned int i, n;

	memset(key, 0, KEY_BYTES);
	if (k >= 0xc0 && fz->model.nr) {
		const struct model_entry *e =
			&fz->model.entries[fuzz_byte(fz) % fz->model.nr];

		memcpy(key, e->key, fz->nbytes);
		*plen = e->plen;
		/* Shorter or longer than an existing one: nested prefixes */
		if (k & 0x20)
			*plen = fuzz_byte(fz) % (fz->max_prefixlen + 1);
	} else {
		n = 1 + (k & 0x0f);
		if (n > fz->nbytes)
			n = fz->nbytes;
		for (i = 0; i < n; i++)
			key[i] = fuzz_byte(fz);
		if (k & 0x10)
			memset(key + n, 0xff, fz->nbytes - n);
		*plen = fuzz_byte(fz) % (fz->max_prefixlen + 1);
	}
	if (!lookup_addr)
		key_mask(key, *plen, fz->nbytes);
}

static void fuzz_structure(struct fuzz *fz)
{
	char why[256];

	FUZZ_CHECK(trie_check(&fz->trie, NULL, why, sizeof(why)), "%s", why);
	FUZZ_CHECK(fz->trie.nr_entries == fz->model.nr,
		   "trie has %lu entries, model %zu", fz->trie.nr_entries,
		   fz->model.nr);
}

static void fuzz_insert(struct fuzz *fz, const uint8_t *key, unsigned int plen)
{
	void *value = fuzz_new_value(fz);
	int ret, mret;

	ret = rtm_trie_insert(&fz->trie, key, plen, value, GFP_KERNEL);
	mret = model_insert(&fz->model, key, plen, value);
	FUZZ_CHECK(ret == mret, "insert %s: trie %d model %d",
		   key_str(key, plen, fz->nbytes), ret, mret);
}

/* A failed allocation must leave the trie exactly as it was. */
static void fuzz_insert_fail(struct fuzz *fz, const uint8_t *key,
			     unsigned int plen, unsigned int nth)
{
	long owned = shim_nr_owned();
	void *value = fuzz_new_value(fz), *found;
	int ret;

	shim_fail_nth_alloc(nth);
	ret = rtm_trie_insert(&fz->trie, key, plen, value, GFP_KERNEL);
	shim_fail_nth_alloc(0);
	if (ret != -ENOMEM) {
		/* It needed fewer allocations (or the prefix existed) */
		int mret = model_insert(&fz->model, key, plen, value);

		FUZZ_CHECK(ret == mret, "insert %s (alloc %u fails): trie %d model %d",
			   key_str(key, plen, fz->nbytes), nth, ret, mret);
		return;
	}
	FUZZ_CHECK(!model_exact(&fz->model, key, plen),
		   "insert %s of an existing prefix: ENOMEM instead of EEXIST",
		   key_str(key, plen, fz->nbytes));
	FUZZ_CHECK(shim_nr_owned() == owned, "failed insert %s: %ld objects, %ld before",
		   key_str(key, plen, fz->nbytes), shim_nr_owned(), owned);
	rcu_read_lock();
	found = rtm_trie_lookup_exact(&fz->trie, key, plen);
	rcu_read_unlock();
	FUZZ_CHECK(!found, "failed insert %s left the prefix in",
		   key_str(key, plen, fz->nbytes));
}

static void fuzz_next(struct fuzz *fz, const uint8_t *key, unsigned int plen,
		      bool inclusive)
{
	const struct model_entry *want;
	uint8_t got_key[KEY_BYTES];
	unsigned int got_len = 0;
	void *got;

	rcu_read_lock();
	got = rtm_trie_next(&fz->trie, key, plen, inclusive, got_key, &got_len);
	rcu_read_unlock();
	want = model_next(&fz->model, key, plen, inclusive);
	if (!want) {
		FUZZ_CHECK(!got, "next %s%s: trie %s, model END",
			   key_str(key, plen, fz->nbytes), inclusive ? " incl" : "",
			   key_str(got_key, got_len, fz->nbytes));
		return;
	}
	FUZZ_CHECK(got == want->value &&
		   !key_order(got_key, got_len, want->key, want->plen, fz->nbytes),
		   "next %s%s: trie %s, model %s",
		   key_str(key, plen, fz->nbytes), inclusive ? " incl" : "",
		   got ? key_str(got_key, got_len, fz->nbytes) : "END",
		   key_str(want->key, want->plen, fz->nbytes));
}

/* Walk from @key to the end; it must list the model's entries from there. */
static void fuzz_walk(struct fuzz *fz, const uint8_t *start, unsigned int plen)
{
	uint8_t key[KEY_BYTES];
	const struct model_entry *want;
	bool inclusive = true;
	void *got;

	memcpy(key, start, KEY_BYTES);
	want = model_next(&fz->model, key, plen, true);
	for (;;) {
		rcu_read_lock();
		got = rtm_trie_next(&fz->trie, key, plen, inclusive, key, &plen);
		rcu_read_unlock();
		if (!got)
			break;
		inclusive = false;
		FUZZ_CHECK(want && got == want->value &&
			   !key_order(key, plen, want->key, want->plen, fz->nbytes),
			   "walk gave %s, model %s", key_str(key, plen, fz->nbytes),
			   want ? key_str(want->key, want->plen, fz->nbytes) : "END");
		want++;
		if (want == fz->model.entries + fz->model.nr)
			want = NULL;
	}
	FUZZ_CHECK(!want, "walk ended before %s",
		   key_str(want->key, want->plen, fz->nbytes));
}

static void fuzz_one_op(struct fuzz *fz)
{
	uint8_t opcode = fuzz_byte(fz), key[KEY_BYTES];
	unsigned int plen, got_len = 999, want_len = 999;
	void *got, *want;

	switch (opcode % 8) {
	case FUZZ_INSERT:
	case FUZZ_INSERT2:
		fuzz_key(fz, key, &plen, false);
		fuzz_insert(fz, key, plen);
		break;
	case FUZZ_DELETE:
		fuzz_key(fz, key, &plen, false);
		got = rtm_trie_delete(&fz->trie, key, plen);
		want = model_delete(&fz->model, key, plen);
		FUZZ_CHECK(got == want, "delete %s: trie %p model %p",
			   key_str(key, plen, fz->nbytes), got, want);
		break;
	case FUZZ_EXACT:
		fuzz_key(fz, key, &plen, false);
		rcu_read_lock();
		got = rtm_trie_lookup_exact(&fz->trie, key, plen);
		rcu_read_unlock();
		want = model_exact(&fz->model, key, plen);
		FUZZ_CHECK(got == want, "exact %s: trie %p model %p",
			   key_str(key, plen, fz->nbytes), got, want);
		break;
	case FUZZ_LONGEST:
		fuzz_key(fz, key, &plen, true);
		rcu_read_lock();
		got = rtm_trie_lookup_longest(&fz->trie, key, &got_len);
		rcu_read_unlock();
		want = model_longest(&fz->model, key, &want_len);
		FUZZ_CHECK(got == want && got_len == want_len,
			   "longest %s: trie %p/%u model %p/%u",
			   key_str(key, fz->max_prefixlen, fz->nbytes), got,
			   got_len, want, want_len);
		break;
	case FUZZ_NEXT:
		fuzz_key(fz, key, &plen, false);
		fuzz_next(fz, key, plen, opcode & 0x08);
		break;
	case FUZZ_WALK:
		fuzz_key(fz, key, &plen, false);
		fuzz_walk(fz, key, plen);
		break;
	case FUZZ_INSERT_FAIL:
		fuzz_key(fz, key, &plen, false);
		fuzz_insert_fail(fz, key, plen, 1 + (opcode >> 3) % 3);
		break;
	}
	fuzz_structure(fz);
}

static void fuzz_teardown(struct fuzz *fz, bool destroy)
{
	while (!destroy && fz->model.nr) {
		/* From the middle, so that both sides of the trie shrink */
		struct model_entry e = fz->model.entries[fz->model.nr / 2];
		void *got = rtm_trie_delete(&fz->trie, e.key, e.plen);

		FUZZ_CHECK(got == e.value, "teardown delete %s: trie %p model %p",
			   key_str(e.key, e.plen, fz->nbytes), got, e.value);
		model_delete(&fz->model, e.key, e.plen);
		fuzz_structure(fz);
	}
	FUZZ_CHECK(destroy || !rcu_access_pointer(fz->trie.root),
		   "empty trie still has a root");
	rtm_trie_destroy(&fz->trie);
	FUZZ_CHECK(!rcu_access_pointer(fz->trie.root) && !fz->trie.nr_entries,
		   "destroyed trie not empty");
	/* Every node freed or queued for RCU: the harness's leak counter */
	FUZZ_CHECK(shim_nr_owned() == 0, "%ld objects leaked", shim_nr_owned());
	/*
	 * Nodes queued by kfree_rcu() go after a grace period. Waiting for
	 * one costs milliseconds (liburcu's call_rcu thread sleeps between
	 * batches), more than an input takes: do it every so often.
	 */
	if (++barrier_count % FUZZ_BARRIER_EVERY == 0 && shim_nr_allocated()) {
		rcu_barrier();
		FUZZ_CHECK(shim_nr_allocated() == 0,
			   "%ld objects left after rcu_barrier()",
			   shim_nr_allocated());
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* The readers' sections and call_rcu() need a registered thread */
	rcu_register_thread();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz fuzz, *fz = &fuzz;
	uint8_t flags;

	memset(fz, 0, sizeof(*fz));
	fz->data = data;
	fz->size = size;
	flags = fuzz_byte(fz);
	fz->max_prefixlen = flags & 1 ? 128 : 32;
	fz->nbytes = fz->max_prefixlen / 8;
	rtm_trie_init(&fz->trie, fz->max_prefixlen);
	model_init(&fz->model, fz->max_prefixlen);
	for (fz->op_index = 0; fz->pos < fz->size && fz->op_index < FUZZ_MAX_OPS;
	     fz->op_index++)
		fuzz_one_op(fz);
	fuzz_teardown(fz, flags & 2);
	model_free(&fz->model);
	return 0;
}

#else /* FUZZ_TRIE_SEEDS */

/*
 * The seed corpus: a few op sequences in the input layout above, IPv4 and
 * IPv6, with nested prefixes, /0, host routes, walks and failed inserts.
 */
static void seed_write(const char *dir, unsigned int index, const uint8_t *buf,
		       size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%02u", dir, index);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	uint8_t buf[4096];
	struct rng rng;
	unsigned int seed, op, i, n, nbytes;
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	for (seed = 0; seed < 12; seed++) {
		rng_seed(&rng, seed + 1);
		nbytes = seed & 1 ? 16 : 4;
		len = 0;
		buf[len++] = seed & 3;
		for (op = 0; op < 40 + 20 * seed && len < sizeof(buf) - 40; op++) {
			int kind = rng_below(&rng, 100);
			uint8_t opcode;

			/* Mostly inserts first, more deletes and walks later */
			if (kind < 45 - (int)op / 4)
				opcode = 0;
			else if (kind < 60)
				opcode = 2;
			else if (kind < 68)
				opcode = 3;
			else if (kind < 78)
				opcode = 4;
			else if (kind < 88)
				opcode = 5 | (rng_below(&rng, 2) << 3);
			else if (kind < 93)
				opcode = 6;
			else
				opcode = 7 | (rng_below(&rng, 3) << 3);
			buf[len++] = opcode;
			if (op > 4 && rng_below(&rng, 3) == 0) {
				/* An existing entry, maybe at another length */
				buf[len++] = 0xc0 | (rng_below(&rng, 2) << 5);
				buf[len++] = rng_below(&rng, 256);
				buf[len++] = rng_below(&rng, 8 * nbytes + 1);
				continue;
			}
			i = rng_below(&rng, 3) ? rng_below(&rng, 3) :
						 rng_below(&rng, nbytes);
			buf[len++] = i | (rng_below(&rng, 8) ? 0 : 0x10);
			for (n = i + 1; n; n--)
				buf[len++] = rng_below(&rng, 4) ? 10 + rng_below(&rng, 3) :
								  rng_below(&rng, 256);
			buf[len++] = rng_below(&rng, 4) ? 8 * rng_below(&rng, nbytes + 1) :
							  rng_below(&rng, 8 * nbytes + 1);
		}
		seed_write(argv[1], seed, buf, len);
	}
	return 0;
}

#endif /* FUZZ_TRIE_SEEDS */
