/* SPDX-License-Identifier: GPL-2.0 */
/* Prefix helpers of the harness, written independently of trie.c. */
#ifndef _RTM_HARNESS_KEYS_H
#define _RTM_HARNESS_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES	16	/* RTM_TRIE_MAX_KEY_BYTES */

struct rng {
	uint64_t state;
};

void rng_seed(struct rng *rng, uint64_t seed);
uint64_t rng_next(struct rng *rng);
/* Uniform in [0, n). */
unsigned int rng_below(struct rng *rng, unsigned int n);

/* Zero the bits of @key past @plen (of @nbytes bytes). */
void key_mask(uint8_t *key, unsigned int plen, unsigned int nbytes);
/* ORDER: address as a big-endian bit string, then prefix length. */
int key_order(const uint8_t *a, unsigned int alen, const uint8_t *b,
	      unsigned int blen, unsigned int nbytes);
/* Does @prefix/@plen contain @addr (compares the first @plen bits)? */
bool key_covers(const uint8_t *prefix, unsigned int plen,
		const uint8_t *addr);
/* "a.b.c.d/n" or "x:y::/n"; the address may have host bits (masked). */
void key_parse(const char *text, uint8_t *key, unsigned int *plen,
	       unsigned int *max_prefixlen);
/* Formats into a static ring of buffers (fine for a few per printf). */
const char *key_str(const uint8_t *key, unsigned int plen,
		    unsigned int nbytes);

/*
 * Random prefixes that nest and share long prefixes: a few cluster bases
 * per generator, bit flips near the prefix length, and a length mix with
 * many short (/0../8), byte-boundary and full-length prefixes.
 */
struct keygen {
	struct rng rng;
	unsigned int nbytes;
	uint8_t base[8][KEY_BYTES];
};

void keygen_init(struct keygen *gen, uint64_t seed, unsigned int nbytes);
void keygen_prefix(struct keygen *gen, uint8_t *key, unsigned int *plen);
void keygen_addr(struct keygen *gen, uint8_t *addr);

#endif
