// SPDX-License-Identifier: GPL-2.0
/*
 * gen-table: print a synthetic routing table, one "prefix/len" a line.
 *
 *   gen-table --family 4|6 [--count N] [--seed S] [--stats]
 *
 * --count 0 (the default) is full size: 1,036,829 IPv4 or 222,878 IPv6
 * prefixes. --stats writes the histogram check (per length, wanted vs got)
 * and the nesting share to stderr; send stdout to /dev/null to see only
 * that. --load FILE checks a real table (e.g. build/data/ipv4.txt) instead
 * of generating one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_table.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: gen-table --family 4|6 [--count N] [--seed S] [--stats]\n"
		     "       gen-table --family 4|6 --load FILE [--stats]\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "load", required_argument, NULL, 'l' },
		{ "stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *load = NULL;
	unsigned long long seed = 1;
	struct gen_table table;
	bool stats = false;
	size_t count = 0, i;
	int family = 0, opt;
	char buf[64];

	while ((opt = getopt_long(argc, argv, "f:n:s:l:Sh", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			family = atoi(optarg);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'l':
			load = optarg;
			break;
		case 'S':
			stats = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if ((family != 4 && family != 6) || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (load ? gen_table_load(&table, family, load) :
		   gen_table_make(&table, family, count, seed)) {
		fprintf(stderr, "gen-table: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < table.nr; i++) {
		gen_prefix_format(&table.prefixes[i], family, buf, sizeof(buf));
		puts(buf);
	}
	if (stats) {
		fflush(stdout);
		gen_table_print_stats(&table, stderr);
	}
	gen_table_free(&table);
	return 0;
}
