/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal TAP producer for the host unit tests. Every check prints one
 * "ok N - ..." or "not ok N - ..." line; tap_done() prints the plan and
 * returns the process exit status. tests/run-tests.sh counts the lines.
 */
#ifndef XSPI_TAP_H
#define XSPI_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static int tap_n;
static int tap_failed;

static inline int tap_check(int cond, const char *file, int line, const char *expr,
                            const char *name)
{
	tap_n++;
	if (cond) {
		printf("ok %d - %s\n", tap_n, name);
	} else {
		tap_failed++;
		printf("not ok %d - %s\n#   %s:%d: %s\n", tap_n, name, file, line, expr);
	}
	return cond;
}

/* CHECK(cond, name): one TAP test point. */
#define CHECK(cond, name) tap_check(!!(cond), __FILE__, __LINE__, #cond, name)

/* CHECK_EQ(a, b, name): integer equality, both values shown on failure. */
#define CHECK_EQ(a, b, name)                                                              \
	do {                                                                              \
		unsigned long long tap_a_ = (unsigned long long)(a);                      \
		unsigned long long tap_b_ = (unsigned long long)(b);                      \
		if (!tap_check(tap_a_ == tap_b_, __FILE__, __LINE__, #a " == " #b, name)) \
			printf("#   got 0x%llx, expected 0x%llx\n", tap_a_, tap_b_);      \
	} while (0)

/*
 * A scratch file for a test: mkstemp() in $TMPDIR (or /tmp when unset) with
 * the given name prefix; path receives the name (at least 256 bytes).
 * Returns the descriptor, or -1.
 */
static inline int tap_mkstemp(char *path, size_t size, const char *prefix)
{
	const char *dir = getenv("TMPDIR");

	if (snprintf(path, size, "%s/%sXXXXXX", dir && *dir ? dir : "/tmp", prefix) >= (int)size)
		return -1;
	return mkstemp(path);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* XSPI_TAP_H */
