// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the vboard statistics module (vb_stats.c): trace category
 * parsing and output, guest errors, and the JSON stats file, checked by a
 * strict RFC 8259 validator below and, where python3 exists, by
 * `python3 -m json.tool` as an independent parser.
 */
#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "vb_stats.h"

/* ---- a strict JSON validator (RFC 8259) ------------------------------- */

static const char *json_value(const char *p, int depth);

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_str(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if (!*p || (unsigned char)*p < 0x20)
			return NULL;
		if (*p++ != '\\')
			continue;
		if (*p && strchr("\"\\/bfnrt", *p)) {
			p++;
		} else if (*p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)p[i]))
					return NULL;
			p += 5;
		} else {
			return NULL;
		}
	}
	return p + 1;
}

static const char *digits(const char *p)
{
	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	return p;
}

static const char *json_num(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(p = digits(p)))
		return NULL;
	if (*p == '.' && !(p = digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = digits(p);
	}
	return p;
}

/* Members of an object (pairs) or elements of an array, up to `close`. */
static const char *json_list(const char *p, char close, bool pairs, int depth)
{
	p = ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (pairs) {
			if (!(p = json_str(p)))
				return NULL;
			p = ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = json_value(p, depth + 1)))
			return NULL;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = ws(p);
	}
}

static const char *json_value(const char *p, int depth)
{
	p = ws(p);
	if (depth > 32)
		return NULL;
	switch (*p) {
	case '{':
		return json_list(p, '}', true, depth);
	case '[':
		return json_list(p, ']', false, depth);
	case '"':
		return json_str(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return json_num(p);
	}
}

/* A whole document: one object and nothing after it. */
static bool json_valid(const char *text)
{
	const char *end;

	if (*ws(text) != '{')
		return false;
	end = json_value(text, 0);
	return end && !*ws(end);
}

static void test_validator(void)
{
	CHECK(json_valid("{\"a\": [1, -2.5e3, true, null, \"x\\u00ff\"]}"), "validator accepts");
	CHECK(!json_valid("{\"a\": 1,}"), "validator rejects a trailing comma");
	CHECK(!json_valid("{\"a\": \"tab\there\"}"), "validator rejects raw control chars");
	CHECK(!json_valid("{\"a\": 01}"), "validator rejects a leading zero");
	CHECK(!json_valid("{\"a\": 1} x"), "validator rejects trailing text");
}

/* ---- helpers ------------------------------------------------------------ */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[65536];
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Run fn with stderr going to a file; return what it wrote. */
static char *capture_stderr(void (*fn)(void))
{
	char path[256];
	int fd = tap_mkstemp(path, sizeof(path), "vb_test_stderr"), saved = dup(2);
	char *out;

	fflush(stderr);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	out = slurp(path);
	unlink(path);
	return out;
}

/* ---- trace ------------------------------------------------------------ */

static void test_trace_parse(void)
{
	CHECK_EQ(vb_trace_parse("dap,cpu"), 0, "parse dap,cpu");
	CHECK_EQ(vb_trace_mask, 0x09, "mask = DAP | CPU");
	CHECK_EQ(vb_trace_parse("all"), 0, "parse all");
	CHECK_EQ(vb_trace_mask, 0x3F, "all six categories");
	CHECK_EQ(vb_trace_parse("jtag,cmsis,bus,pace"), 0, "parse four");
	CHECK_EQ(vb_trace_mask, 0x36, "mask = JTAG | CMSIS | BUS | PACE");
	CHECK_EQ(vb_trace_parse("dap,bogus"), -1, "unknown name rejected");
	CHECK_EQ(vb_trace_mask, 0x36, "... mask unchanged");
	CHECK_EQ(vb_trace_parse("dap,"), -1, "trailing comma rejected");
	CHECK_EQ(vb_trace_parse(",dap"), -1, "leading comma rejected");
	CHECK_EQ(vb_trace_parse("DAP"), -1, "names are lower case");
	CHECK_EQ(vb_trace_parse(NULL), -1, "NULL rejected");
	CHECK_EQ(vb_trace_parse(""), 0, "empty: no tracing");
	CHECK_EQ(vb_trace_mask, 0, "empty: mask 0");
	CHECK(!strcmp(vb_trace_names(), "dap, jtag, cmsis, cpu, bus, pace"), "category names");
}

static void emit_traces(void)
{
	vb_trace(VB_TR_DAP, "hidden %d", 1);
	vb_trace(VB_TR_CPU, "shown %d", 2);
}

static void test_trace_output(void)
{
	char *out;

	vb_trace_parse("cpu");
	out = capture_stderr(emit_traces);
	CHECK(out && !strstr(out, "hidden"), "disabled category prints nothing");
	CHECK(out && strstr(out, "vboard[cpu +") && strstr(out, "] shown 2\n"),
	      "enabled category prints a tagged line");
	vb_trace_parse("");
}

/* ---- guest errors ----------------------------------------------------- */

static void test_guest_errors(void)
{
	uint32_t addr = 0;
	char long_text[300];

	vb_stats_reset();
	vb_guest_error(0x58020014, "write to %s while unclocked", "GPIOA");
	CHECK_EQ(vb_stats.guest_errors, 1, "counted");
	CHECK_EQ(vb_guest_errors_kept(), 1, "kept");
	CHECK(!strcmp(vb_guest_error_text(0, &addr), "write to GPIOA while unclocked"), "text");
	CHECK_EQ(addr, 0x58020014, "address");
	for (int i = 1; i < 70; i++)
		vb_guest_error((uint32_t)i, "error %d", i);
	CHECK_EQ(vb_stats.guest_errors, 70, "all 70 counted");
	CHECK_EQ(vb_guest_errors_kept(), 64, "the first 64 kept");
	CHECK(!strcmp(vb_guest_error_text(63, &addr), "error 63") && addr == 63, "the 64th");
	CHECK(vb_guest_error_text(64, &addr) == NULL, "no 65th");
	vb_stats_reset();
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	vb_guest_error(0, "%s", long_text);
	CHECK_EQ(strlen(vb_guest_error_text(0, NULL)), 159, "long text truncated");
}

/* ---- JSON ------------------------------------------------------------- */

static void test_json(void)
{
	char path[256];
	int fd = tap_mkstemp(path, sizeof(path), "vb_test_stats");
	char cmd[512];
	char *text;

	close(fd);
	vb_stats_reset();
	vb_stats.dap_transfers = 7;
	vb_stats.round_trips = 3;
	vb_stats.insns = 12345678901ull;
	vb_guest_error(0x08000000, "quote \" backslash \\ newline \n tab \t bell \a high \xff");
	vb_guest_error(0xE00E1004, "plain");
	CHECK_EQ(vb_stats_write_json(path, "h750b-dk \"v\"", "fast"), 0, "stats written");
	text = slurp(path);
	CHECK(text != NULL, "stats readable");
	if (!text)
		text = "";
	CHECK(json_valid(text), "stats file is valid JSON");
	CHECK(strstr(text, "\"board\": \"h750b-dk \\\"v\\\"\""), "board name escaped");
	CHECK(strstr(text, "\"profile\": \"fast\""), "profile");
	CHECK(strstr(text, "\"dap_transfers\": 7,"), "dap_transfers");
	CHECK(strstr(text, "\"round_trips\": 3,"), "round_trips");
	CHECK(strstr(text, "\"insns\": 12345678901,"), "64-bit counter");
	CHECK(strstr(text, "\"guest_errors\": 2,"), "guest_errors");
	CHECK(strstr(text, "\"addr\": \"0x08000000\""), "error address");
	CHECK(strstr(text,
	             "quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 high \\u00ff"),
	      "error text escaped");
	CHECK(strstr(text, "\"addr\": \"0xe00e1004\", \"text\": \"plain\""), "second error");
	if (system("command -v python3 >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s >/dev/null", path);
		CHECK(system(cmd) == 0, "python3 json.tool accepts the stats file");
	} else {
		CHECK(1, "python3 json.tool # SKIP no python3");
	}
	unlink(path);

	vb_stats_reset();
	CHECK_EQ(vb_stats_write_json(path, "b", "p"), 0, "empty stats written");
	text = slurp(path);
	CHECK(text && json_valid(text), "empty stats are valid JSON");
	CHECK(text && strstr(text, "\"guest_error_log\": []"), "empty error log");
	unlink(path);
	CHECK_EQ(vb_stats_write_json("/nonexistent/dir/stats.json", "b", "p"), -1,
	         "unwritable path fails");
}

int main(void)
{
	test_validator();
	test_trace_parse();
	test_trace_output();
	test_guest_errors();
	test_json();
	return tap_done();
}
