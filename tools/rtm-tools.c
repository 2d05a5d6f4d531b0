// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by rtm-demo and rtmctl.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "rtm-tools.h"

static unsigned int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

/**
 * netaddr_parse() - parse "a.b.c.d/len" or "x:y::/len"
 * @text: the prefix; a missing "/len" means a host prefix (/32, /128)
 * @family: AF_INET, AF_INET6, or AF_UNSPEC to decide by the text
 * @addr: out: the prefix, unused address bytes zero
 *
 * Host bits are not checked here (see netaddr_host_bits_clear()): the
 * kernel rejects them, and callers decide whether to look first.
 *
 * Return: 0, or -1 when @text is not a prefix of @family.
 */
int netaddr_parse(const char *text, int family, RTM_NET_ADDRESS *addr)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	size_t host_len = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long len;
	char *end;

	if (family == AF_UNSPEC)
		family = memchr(text, ':', host_len) ? AF_INET6 : AF_INET;
	if (family != AF_INET && family != AF_INET6)
		return -1;
	if (host_len == 0 || host_len >= sizeof(host))
		return -1;
	memcpy(host, text, host_len);
	host[host_len] = '\0';

	memset(addr, 0, sizeof(*addr));
	if (inet_pton(family, host, addr->AddrBits) != 1)
		return -1;

	len = family_bits(family);
	if (slash) {
		/* strtoul accepts signs and spaces; a length is digits only */
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (errno || *end != '\0' || len > family_bits(family))
			return -1;
	}
	addr->AddressFamily = family;
	addr->NumBits = len;
	return 0;
}

/* True when no address bit past the prefix length is set. */
bool netaddr_host_bits_clear(const RTM_NET_ADDRESS *addr)
{
	unsigned int bit;

	for (bit = addr->NumBits; bit < family_bits(addr->AddressFamily); bit++)
		if (addr->AddrBits[bit / 8] & (0x80 >> (bit % 8)))
			return false;
	return true;
}

const char *netaddr_format(const RTM_NET_ADDRESS *addr, char *buf,
			   size_t size)
{
	char host[INET6_ADDRSTRLEN];

	if ((addr->AddressFamily != AF_INET && addr->AddressFamily != AF_INET6) ||
	    !inet_ntop(addr->AddressFamily, addr->AddrBits, host, sizeof(host))) {
		snprintf(buf, size, "<family %u>/%u", addr->AddressFamily,
			 addr->NumBits);
		return buf;
	}
	snprintf(buf, size, "%s/%u", host, addr->NumBits);
	return buf;
}

/*
 * The order rtm enumerates destinations in: address bits, then prefix
 * length (a prefix comes right before its more-specifics).
 */
int netaddr_compare(const RTM_NET_ADDRESS *a, const RTM_NET_ADDRESS *b)
{
	int diff;

	if (a->AddressFamily != b->AddressFamily)
		return a->AddressFamily < b->AddressFamily ? -1 : 1;
	diff = memcmp(a->AddrBits, b->AddrBits, sizeof(a->AddrBits));
	if (diff)
		return diff < 0 ? -1 : 1;
	if (a->NumBits != b->NumBits)
		return a->NumBits < b->NumBits ? -1 : 1;
	return 0;
}

/* True when @inner lies inside @outer (equal prefixes included). */
bool netaddr_contains(const RTM_NET_ADDRESS *outer,
		      const RTM_NET_ADDRESS *inner)
{
	unsigned int full_bytes = outer->NumBits / 8;
	unsigned int rest = outer->NumBits % 8;
	unsigned char mask = (unsigned char)(0xff00 >> rest);

	if (outer->AddressFamily != inner->AddressFamily ||
	    inner->NumBits < outer->NumBits)
		return false;
	if (memcmp(outer->AddrBits, inner->AddrBits, full_bytes))
		return false;
	return !rest || !((outer->AddrBits[full_bytes] ^
			   inner->AddrBits[full_bytes]) & mask);
}

const char *win32_error_name(DWORD status)
{
	switch (status) {
	case NO_ERROR:			return "NO_ERROR";
	case ERROR_FILE_NOT_FOUND:	return "ERROR_FILE_NOT_FOUND";
	case ERROR_ACCESS_DENIED:	return "ERROR_ACCESS_DENIED";
	case ERROR_INVALID_HANDLE:	return "ERROR_INVALID_HANDLE";
	case ERROR_NOT_ENOUGH_MEMORY:	return "ERROR_NOT_ENOUGH_MEMORY";
	case ERROR_GEN_FAILURE:		return "ERROR_GEN_FAILURE";
	case ERROR_NOT_SUPPORTED:	return "ERROR_NOT_SUPPORTED";
	case ERROR_INVALID_PARAMETER:	return "ERROR_INVALID_PARAMETER";
	case ERROR_ALREADY_EXISTS:	return "ERROR_ALREADY_EXISTS";
	case ERROR_NO_MORE_ITEMS:	return "ERROR_NO_MORE_ITEMS";
	case ERROR_NOT_FOUND:		return "ERROR_NOT_FOUND";
	case ERROR_NO_SYSTEM_RESOURCES:	return "ERROR_NO_SYSTEM_RESOURCES";
	default:			return "unknown Win32 code";
	}
}

/**
 * rtm_objects_read() - read the module's live object counters
 * @objects: out: the counters, in file order
 *
 * Return: 0, or -1 with errno set (ENOENT: debugfs not mounted or the
 * module not loaded; EACCES: not root).
 */
int rtm_objects_read(struct rtm_objects *objects)
{
	char line[128];
	FILE *file;
	int saved_errno;

	objects->count = 0;
	file = fopen(RTM_OBJECTS_PATH, "r");
	if (!file)
		return -1;
	while (objects->count < RTM_OBJECTS_MAX &&
	       fgets(line, sizeof(line), file)) {
		unsigned int i = objects->count;

		if (sscanf(line, "%31s %llu", objects->name[i],
			   &objects->value[i]) == 2)
			objects->count++;
	}
	saved_errno = errno;
	if (ferror(file)) {
		fclose(file);
		errno = saved_errno ? saved_errno : EIO;
		return -1;
	}
	if (fclose(file))
		return -1;
	return 0;
}

/**
 * netaddr_read_file() - read a file of prefixes, one "prefix/len" a line
 * @path: the file (blank lines and text after '#' are ignored)
 * @family: AF_INET or AF_INET6
 * @limit: read at most this many prefixes
 * @prefixes: out: a malloc()ed array (NULL if none were read)
 * @count: out: prefixes in it
 * @bad_line: called for each line that is not a prefix of @family with its
 *	host bits clear; may be NULL
 * @ctx: passed to @bad_line
 *
 * Return: 0, or a negative errno (the file could not be opened or read, or
 * memory ran out); *@prefixes is then NULL.
 */
int netaddr_read_file(const char *path, int family, size_t limit,
		      RTM_NET_ADDRESS **prefixes, size_t *count,
		      netaddr_bad_line_fn bad_line, void *ctx)
{
	size_t capacity = 0, line_size = 0, n = 0;
	unsigned long line_number = 0;
	RTM_NET_ADDRESS *out = NULL;
	char *line = NULL;
	int err = 0;
	FILE *file;

	file = fopen(path, "r");
	if (!file)
		return -errno;
	while (n < limit && getline(&line, &line_size, file) >= 0) {
		char *text = line + strspn(line, " \t");
		RTM_NET_ADDRESS addr;

		line_number++;
		text[strcspn(text, " \t\r\n#")] = '\0';
		if (!*text)
			continue;
		if (netaddr_parse(text, family, &addr) ||
		    !netaddr_host_bits_clear(&addr)) {
			if (bad_line)
				bad_line(ctx, line_number, text);
			continue;
		}
		if (n == capacity) {
			size_t grown = capacity ? 2 * capacity : 65536;
			RTM_NET_ADDRESS *bigger = realloc(out, grown * sizeof(*out));

			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			out = bigger;
			capacity = grown;
		}
		out[n++] = addr;
	}
	if (!err && ferror(file))
		err = -EIO;
	free(line);
	if (fclose(file) && !err)
		err = -errno;
	if (err) {
		free(out);
		out = NULL;
		n = 0;
	}
	*prefixes = out;
	*count = n;
	return err;
}

/**
 * monotonic_seconds() - CLOCK_MONOTONIC in seconds
 *
 * Return: the time, for differences.
 */
double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
