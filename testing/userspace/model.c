// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

void model_init(struct model *m, unsigned int max_prefixlen)
{
	memset(m, 0, sizeof(*m));
	m->nbytes = max_prefixlen / 8;
}

void model_free(struct model *m)
{
	free(m->entries);
	memset(m, 0, sizeof(*m));
}

/* Index of the first entry >= key/plen. */
static size_t model_lower_bound(const struct model *m, const uint8_t *key,
				unsigned int plen)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_order(m->entries[mid].key, m->entries[mid].plen, key,
			      plen, m->nbytes) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool model_at(const struct model *m, size_t i, const uint8_t *key,
		     unsigned int plen)
{
	return i < m->nr &&
	       !key_order(m->entries[i].key, m->entries[i].plen, key, plen,
			  m->nbytes);
}

int model_insert(struct model *m, const uint8_t *key, unsigned int plen,
		 void *value)
{
	size_t i = model_lower_bound(m, key, plen);

	if (model_at(m, i, key, plen))
		return -EEXIST;
	if (m->nr == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->entries = realloc(m->entries, m->cap * sizeof(*m->entries));
		if (!m->entries)
			abort();
	}
	memmove(&m->entries[i + 1], &m->entries[i],
		(m->nr - i) * sizeof(*m->entries));
	memset(&m->entries[i], 0, sizeof(m->entries[i]));
	memcpy(m->entries[i].key, key, m->nbytes);
	m->entries[i].plen = plen;
	m->entries[i].value = value;
	m->nr++;
	return 0;
}

void *model_delete(struct model *m, const uint8_t *key, unsigned int plen)
{
	size_t i = model_lower_bound(m, key, plen);
	void *value;

	if (!model_at(m, i, key, plen))
		return NULL;
	value = m->entries[i].value;
	memmove(&m->entries[i], &m->entries[i + 1],
		(m->nr - i - 1) * sizeof(*m->entries));
	m->nr--;
	return value;
}

void *model_exact(const struct model *m, const uint8_t *key,
		  unsigned int plen)
{
	size_t i = model_lower_bound(m, key, plen);

	return model_at(m, i, key, plen) ? m->entries[i].value : NULL;
}

void *model_longest(const struct model *m, const uint8_t *addr,
		    unsigned int *plen)
{
	const struct model_entry *best = NULL;
	size_t i;

	for (i = 0; i < m->nr; i++) {
		const struct model_entry *e = &m->entries[i];

		if (key_covers(e->key, e->plen, addr) &&
		    (!best || e->plen > best->plen))
			best = e;
	}
	if (!best)
		return NULL;
	if (plen)
		*plen = best->plen;
	return best->value;
}

const struct model_entry *model_next(const struct model *m,
				     const uint8_t *key, unsigned int plen,
				     bool inclusive)
{
	size_t i = model_lower_bound(m, key, plen);

	if (!inclusive && model_at(m, i, key, plen))
		i++;
	return i < m->nr ? &m->entries[i] : NULL;
}
