// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: counters, guest errors, trace categories and the JSON stats
 * file.
 *
 * Trace lines go to stderr as "vboard[cat +12.345ms] text", the time being
 * wall-clock since the first trace line, so that pacing shows. The stats
 * file is one JSON object (RFC 8259): board, profile, every counter of
 * struct vb_stats, and the first VB_GUEST_ERRORS_KEPT guest errors with
 * their addresses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vb_stats.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct vb_stats vb_stats;
uint32_t vb_trace_mask;

static const struct {
	const char *name;
	enum vb_trace_cat cat;
} trace_cats[] = {
	{ "dap", VB_TR_DAP }, { "jtag", VB_TR_JTAG }, { "cmsis", VB_TR_CMSIS },
	{ "cpu", VB_TR_CPU }, { "bus", VB_TR_BUS },   { "pace", VB_TR_PACE },
};

/* The counters, by name, for the JSON file. */
static const struct {
	const char *name;
	size_t off;
} counters[] = {
	{ "dap_transfers", offsetof(struct vb_stats, dap_transfers) },
	{ "round_trips", offsetof(struct vb_stats, round_trips) },
	{ "bytes_in", offsetof(struct vb_stats, bytes_in) },
	{ "bytes_out", offsetof(struct vb_stats, bytes_out) },
	{ "tck_cycles", offsetof(struct vb_stats, tck_cycles) },
	{ "mem_read_bytes", offsetof(struct vb_stats, mem_read_bytes) },
	{ "mem_write_bytes", offsetof(struct vb_stats, mem_write_bytes) },
	{ "halts", offsetof(struct vb_stats, halts) },
	{ "resets", offsetof(struct vb_stats, resets) },
	{ "steps", offsetof(struct vb_stats, steps) },
	{ "insns", offsetof(struct vb_stats, insns) },
	{ "guest_errors", offsetof(struct vb_stats, guest_errors) },
	{ "bad_packets", offsetof(struct vb_stats, bad_packets) },
};

struct kept_error {
	uint32_t addr;
	char text[160];
};

static struct kept_error kept[VB_GUEST_ERRORS_KEPT];
static size_t n_kept;

/* ---- trace -------------------------------------------------------------- */

const char *vb_trace_names(void)
{
	static char names[96];

	if (!names[0]) {
		for (size_t i = 0; i < ARRAY_LEN(trace_cats); i++) {
			if (i)
				strncat(names, ", ", sizeof(names) - strlen(names) - 1);
			strncat(names, trace_cats[i].name, sizeof(names) - strlen(names) - 1);
		}
	}
	return names;
}

static uint32_t trace_cat_of(const char *name, size_t len)
{
	if (len == 3 && !strncmp(name, "all", 3)) {
		uint32_t all = 0;

		for (size_t i = 0; i < ARRAY_LEN(trace_cats); i++)
			all |= trace_cats[i].cat;
		return all;
	}
	for (size_t i = 0; i < ARRAY_LEN(trace_cats); i++)
		if (strlen(trace_cats[i].name) == len && !strncmp(trace_cats[i].name, name, len))
			return trace_cats[i].cat;
	return 0;
}

/* "dap,cpu", "all", "" (nothing). Sets vb_trace_mask; -1 (mask unchanged)
 * on an unknown or empty name between commas. */
int vb_trace_parse(const char *cats)
{
	uint32_t mask = 0;
	const char *p = cats;

	if (!cats)
		return -1;
	while (*p) {
		size_t len = strcspn(p, ",");
		uint32_t cat = trace_cat_of(p, len);

		if (!cat)
			return -1;
		mask |= cat;
		p += len;
		if (*p == ',' && !*++p)
			return -1; /* trailing comma */
	}
	vb_trace_mask = mask;
	return 0;
}

static const char *trace_name(enum vb_trace_cat cat)
{
	for (size_t i = 0; i < ARRAY_LEN(trace_cats); i++)
		if (trace_cats[i].cat == cat)
			return trace_cats[i].name;
	return "?";
}

static double trace_ms(void)
{
	static struct timespec t0;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!t0.tv_sec && !t0.tv_nsec)
		t0 = now;
	return (double)(now.tv_sec - t0.tv_sec) * 1e3 + (double)(now.tv_nsec - t0.tv_nsec) / 1e6;
}

static void vtrace(enum vb_trace_cat cat, const char *fmt, va_list ap)
{
	fprintf(stderr, "vboard[%s +%.3fms] ", trace_name(cat), trace_ms());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vb_trace(enum vb_trace_cat cat, const char *fmt, ...)
{
	va_list ap;

	if (!(vb_trace_mask & cat))
		return;
	va_start(ap, fmt);
	vtrace(cat, fmt, ap);
	va_end(ap);
}

/* ---- guest errors --------------------------------------------------------- */

void vb_guest_error(uint32_t addr, const char *fmt, ...)
{
	char text[sizeof(kept[0].text)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	vb_stats.guest_errors++;
	if (n_kept < VB_GUEST_ERRORS_KEPT) {
		kept[n_kept].addr = addr;
		memcpy(kept[n_kept].text, text, sizeof(text));
		n_kept++;
	}
	vb_trace(VB_TR_BUS, "guest error at 0x%08x: %s", addr, text);
}

size_t vb_guest_errors_kept(void)
{
	return n_kept;
}

const char *vb_guest_error_text(size_t i, uint32_t *addr)
{
	if (i >= n_kept)
		return NULL;
	if (addr)
		*addr = kept[i].addr;
	return kept[i].text;
}

void vb_stats_reset(void)
{
	memset(&vb_stats, 0, sizeof(vb_stats));
	memset(kept, 0, sizeof(kept));
	n_kept = 0;
	vb_trace_mask = 0;
}

/* ---- JSON --------------------------------------------------------------- */

/* A JSON string (RFC 8259 7): quotes, backslash and control characters
 * escaped; bytes >= 0x80 as \u00XX so the file is valid whatever the
 * input's encoding. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p >= 0x80)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void json_errors(FILE *f)
{
	fputs("  \"guest_error_log\": [", f);
	for (size_t i = 0; i < n_kept; i++) {
		fprintf(f, "%s\n    { \"addr\": \"0x%08x\", \"text\": ", i ? "," : "",
		        kept[i].addr);
		json_string(f, kept[i].text);
		fputs(" }", f);
	}
	fputs(n_kept ? "\n  ]\n" : "]\n", f);
}

static struct {
	const char *name;
	void (*write)(FILE *f, void *ctx);
	void *ctx;
} sections[VB_STATS_SECTIONS];
static size_t n_sections;

void vb_stats_add_section(const char *name, void (*write)(FILE *f, void *ctx), void *ctx)
{
	if (n_sections == VB_STATS_SECTIONS)
		abort(); /* a model bug: raise VB_STATS_SECTIONS */
	sections[n_sections].name = name;
	sections[n_sections].write = write;
	sections[n_sections].ctx = ctx;
	n_sections++;
}

static void json_sections(FILE *f)
{
	for (size_t i = 0; i < n_sections; i++) {
		fputs("  ", f);
		json_string(f, sections[i].name);
		fputs(": ", f);
		sections[i].write(f, sections[i].ctx);
		fputs(",\n", f);
	}
}

static void json_write(FILE *f, const char *board, const char *profile)
{
	fputs("{\n  \"board\": ", f);
	json_string(f, board);
	fputs(",\n  \"profile\": ", f);
	json_string(f, profile);
	fputs(",\n", f);
	for (size_t i = 0; i < ARRAY_LEN(counters); i++) {
		const uint64_t *v = (const uint64_t *)((const char *)&vb_stats + counters[i].off);

		fprintf(f, "  \"%s\": %llu,\n", counters[i].name, (unsigned long long)*v);
	}
	json_sections(f);
	fprintf(f, "  \"guest_errors_kept\": %zu,\n", n_kept);
	json_errors(f);
	fputs("}\n", f);
}

/* path "-" is stdout. */
int vb_stats_write_json(const char *path, const char *board, const char *profile)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *f = to_stdout ? stdout : fopen(path, "w");
	int err;

	if (!f)
		return -1;
	json_write(f, board, profile);
	err = ferror(f);
	if (to_stdout)
		return fflush(f) || err ? -1 : 0;
	return fclose(f) || err ? -1 : 0;
}
