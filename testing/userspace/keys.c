// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

void rng_seed(struct rng *rng, uint64_t seed)
{
	rng->state = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (!rng->state)
		rng->state = 1;
}

uint64_t rng_next(struct rng *rng)
{
	uint64_t x = rng->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng->state = x;
	return x * 0x2545f4914f6cdd1dull;
}

unsigned int rng_below(struct rng *rng, unsigned int n)
{
	return (unsigned int)((rng_next(rng) >> 32) % n);
}

void key_mask(uint8_t *key, unsigned int plen, unsigned int nbytes)
{
	unsigned int i;

	for (i = 0; i < nbytes; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		if (plen <= 8 * i)
			key[i] = 0;
		else
			key[i] &= (uint8_t)(0xff << (8 - (plen - 8 * i)));
	}
}

int key_order(const uint8_t *a, unsigned int alen, const uint8_t *b,
	      unsigned int blen, unsigned int nbytes)
{
	int c = memcmp(a, b, nbytes);

	if (c)
		return c < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

bool key_covers(const uint8_t *prefix, unsigned int plen, const uint8_t *addr)
{
	unsigned int bit;

	for (bit = 0; bit < plen; bit++) {
		unsigned int shift = 7 - bit % 8;

		if (((prefix[bit / 8] >> shift) & 1) !=
		    ((addr[bit / 8] >> shift) & 1))
			return false;
	}
	return true;
}

void key_parse(const char *text, uint8_t *key, unsigned int *plen,
	       unsigned int *max_prefixlen)
{
	char buf[64];
	char *slash;
	bool v6 = strchr(text, ':');

	snprintf(buf, sizeof(buf), "%s", text);
	slash = strchr(buf, '/');
	assert(slash);
	*slash = '\0';
	memset(key, 0, KEY_BYTES);
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, key) != 1)
		abort();
	*plen = (unsigned int)atoi(slash + 1);
	if (max_prefixlen)
		*max_prefixlen = v6 ? 128 : 32;
	key_mask(key, *plen, v6 ? 16 : 4);
}

const char *key_str(const uint8_t *key, unsigned int plen,
		    unsigned int nbytes)
{
	static __thread char ring[8][64];
	static __thread unsigned int next;
	char *out = ring[next++ % 8];
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(nbytes == 4 ? AF_INET : AF_INET6, key, addr, sizeof(addr));
	snprintf(out, 64, "%s/%u", addr, plen);
	return out;
}

void keygen_init(struct keygen *gen, uint64_t seed, unsigned int nbytes)
{
	unsigned int i, j;

	rng_seed(&gen->rng, seed);
	gen->nbytes = nbytes;
	for (i = 0; i < 8; i++)
		for (j = 0; j < KEY_BYTES; j++)
			gen->base[i][j] = (uint8_t)rng_next(&gen->rng);
	/* The extremes of the address space get their own clusters. */
	memset(gen->base[0], 0, KEY_BYTES);
	memset(gen->base[1], 0xff, KEY_BYTES);
}

static unsigned int keygen_len(struct keygen *gen)
{
	unsigned int max = gen->nbytes * 8;
	unsigned int r = rng_below(&gen->rng, 100);

	if (r < 15)
		return rng_below(&gen->rng, 9);			/* /0../8 */
	if (r < 40)
		return 8 * rng_below(&gen->rng, gen->nbytes + 1);	/* byte edges */
	if (r < 60)
		return max - rng_below(&gen->rng, 5);		/* near host */
	return rng_below(&gen->rng, max + 1);
}

void keygen_addr(struct keygen *gen, uint8_t *addr)
{
	unsigned int max = gen->nbytes * 8;
	unsigned int flips = rng_below(&gen->rng, 4);
	unsigned int bit;

	memcpy(addr, gen->base[rng_below(&gen->rng, 8)], gen->nbytes);
	/* Flip a few bits, mostly deep ones, so addresses stay in clusters. */
	while (flips--) {
		bit = max - 1 - rng_below(&gen->rng, rng_below(&gen->rng, 2) ?
					  max : (max / 4 ? max / 4 : 1));
		addr[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
	}
}

void keygen_prefix(struct keygen *gen, uint8_t *key, unsigned int *plen)
{
	memset(key, 0, KEY_BYTES);
	keygen_addr(gen, key);
	*plen = keygen_len(gen);
	key_mask(key, *plen, gen->nbytes);
}
