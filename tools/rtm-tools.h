/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by rtm-demo, rtmctl, rtm-stress and rtm-vmbench: prefixes
 * in RTM_NET_ADDRESS form and files of them, Win32 status names, the
 * module's debugfs object counters and a monotonic clock.
 */
#ifndef RTM_TOOLS_H
#define RTM_TOOLS_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>

#include "rtmv2.h"

/* "ffff:...:ffff/128" plus the terminating NUL */
#define NETADDR_STRLEN		(INET6_ADDRSTRLEN + 4)

int netaddr_parse(const char *text, int family, RTM_NET_ADDRESS *addr);
bool netaddr_host_bits_clear(const RTM_NET_ADDRESS *addr);
const char *netaddr_format(const RTM_NET_ADDRESS *addr, char *buf,
			   size_t size);
int netaddr_compare(const RTM_NET_ADDRESS *a, const RTM_NET_ADDRESS *b);
bool netaddr_contains(const RTM_NET_ADDRESS *outer,
		      const RTM_NET_ADDRESS *inner);

/*
 * Called for each line of a prefix file that is not a prefix of the family
 * (or has host bits set); @text is the line without blanks and comment.
 */
typedef void (*netaddr_bad_line_fn)(void *ctx, unsigned long line_number,
				    const char *text);

int netaddr_read_file(const char *path, int family, size_t limit,
		      RTM_NET_ADDRESS **prefixes, size_t *count,
		      netaddr_bad_line_fn bad_line, void *ctx);

const char *win32_error_name(DWORD status);

double monotonic_seconds(void);

/* /sys/kernel/debug/rtm/objects: "name value" lines */
#define RTM_OBJECTS_PATH	"/sys/kernel/debug/rtm/objects"
#define RTM_OBJECTS_MAX		16
#define RTM_OBJECTS_NAME_LEN	32

struct rtm_objects {
	unsigned int count;
	char name[RTM_OBJECTS_MAX][RTM_OBJECTS_NAME_LEN];
	unsigned long long value[RTM_OBJECTS_MAX];
};

int rtm_objects_read(struct rtm_objects *objects);

#endif /* RTM_TOOLS_H */
