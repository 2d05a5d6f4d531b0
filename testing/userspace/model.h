/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference model of the differential tests: a sorted array of
 * prefixes, as obviously correct as possible and as slow as it likes.
 */
#ifndef _RTM_HARNESS_MODEL_H
#define _RTM_HARNESS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct model_entry {
	uint8_t key[KEY_BYTES];
	unsigned int plen;
	void *value;
};

struct model {
	struct model_entry *entries;	/* sorted by key_order() */
	size_t nr, cap;
	unsigned int nbytes;
};

void model_init(struct model *m, unsigned int max_prefixlen);
void model_free(struct model *m);
int model_insert(struct model *m, const uint8_t *key, unsigned int plen,
		 void *value);
void *model_delete(struct model *m, const uint8_t *key, unsigned int plen);
void *model_exact(const struct model *m, const uint8_t *key,
		  unsigned int plen);
void *model_longest(const struct model *m, const uint8_t *addr,
		    unsigned int *plen);
/* The entry after (or at, if @inclusive) key/plen, or NULL. */
const struct model_entry *model_next(const struct model *m,
				     const uint8_t *key, unsigned int plen,
				     bool inclusive);

#endif
