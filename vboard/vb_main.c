// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: the program. A simulated STM32 board and its debug probe in one
 * process, serving OpenOCD on loopback:
 *
 *   vboard --board NAME [--dap-port N] [--bitbang-port N] [--probe PROFILE]
 *          [--time-scale X] [--stats FILE] [--trace CATS]
 *          [--ram ADDR:SIZE]... [--load FILE@ADDR]... [--persist]
 *          [--flash-file FILE]... [--flash-mode MODE] [--errata LIST]
 *
 * One thread: a ppoll() loop serves the listening sockets and one client
 * per front-end, and between polls runs the core in slices while it
 * wants cycles (poll timeout 0 then, otherwise it blocks). SIGINT and
 * SIGTERM are blocked except inside ppoll(), so a signal can never slip
 * in between the check and the wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vb.h"
#include "vb_board_priv.h"
#include "vb_stats.h"
#include "vb_hyperram.h"
#include "vb_octospi.h"
#include "vb_quadspi.h"
#include "vb_spi.h"
#include "vb_xspi.h"
#include "vb_pace.h"

#define DEFAULT_DAP_PORT     4441
#define DEFAULT_BITBANG_PORT 5555
#define DEFAULT_PROFILE      "fast"
/* Instructions per core slice: ~0.1 ms of JIT time at the ~800 M/s
 * measured (DESIGN.md), short enough to keep the sockets responsive. */
#define SLICE_INSNS          100000u
#define MAX_REPEAT           16
#define RECV_CHUNK           65536

struct ram_opt {
	uint32_t addr, size;
};

struct load_opt {
	const char *path;
	uint32_t addr;
};

struct options {
	const char *board;
	int dap_port;
	int bitbang_port;
	const char *probe;
	double time_scale;
	const char *stats;
	const char *trace;
	struct ram_opt ram[MAX_REPEAT];
	size_t n_ram;
	struct load_opt load[MAX_REPEAT];
	size_t n_load;
	bool persist;
	const char *flash_file[2]; /* external flash chips 1 and 2 */
	size_t n_flash;
	uint32_t errata;
	const char *qspi_part;  /* --qspi-part: another chip fitted */
	const char *flash_mode; /* --flash-mode: the NOR's protocol at power-on */
};

/* A front-end and its socket pair. */
struct frontend {
	const char *label;
	int port;
	int listen_fd;
	int client_fd;
	struct vb_buf out;
	size_t out_sent;
	void *ctx;
	enum vb_feed_result (*feed)(void *ctx, const uint8_t *in, size_t n, struct vb_buf *out);
	void (*connect)(void *ctx);
	void (*free)(void *ctx);
};

enum { FE_CMSIS, FE_BITBANG, FE_COUNT };

struct vboard {
	struct options opt;
	struct vb_board *board;
	struct vb_cpu *cpu;
	struct vb_dap *dap;
	struct frontend fe[FE_COUNT];
	bool quit;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- front-end adapters ------------------------------------------------ */

static enum vb_feed_result cmsis_feed(void *ctx, const uint8_t *in, size_t n, struct vb_buf *out)
{
	return vb_cmsis_feed(ctx, in, n, out);
}

static void cmsis_connect(void *ctx)
{
	vb_cmsis_connect(ctx);
}

static void cmsis_free(void *ctx)
{
	vb_cmsis_free(ctx);
}

static enum vb_feed_result bitbang_feed(void *ctx, const uint8_t *in, size_t n, struct vb_buf *out)
{
	return vb_bitbang_feed(ctx, in, n, out);
}

static void bitbang_connect(void *ctx)
{
	vb_bitbang_connect(ctx);
}

static void bitbang_free(void *ctx)
{
	vb_bitbang_free(ctx);
}

/* ---- command line ------------------------------------------------------ */

/* --flash-mode values: vb_nor_set_mode()'s modes (vb_spi.h). */
#define FLASH_MODES "spi, sopi, dopi"

static bool flash_mode_known(const char *m)
{
	return !strcmp(m, "spi") || !strcmp(m, "sopi") || !strcmp(m, "dopi");
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: vboard --board NAME [--dap-port N] [--bitbang-port N] [--probe PROFILE]\n"
	        "              [--time-scale X] [--stats FILE] [--trace CATS]\n"
	        "              [--ram ADDR:SIZE]... [--load FILE@ADDR]... [--persist]\n"
	        "              [--flash-file FILE]... [--flash-mode MODE] [--errata LIST]\n"
	        "              [--qspi-part PART]\n"
	        "\n"
	        "  --board NAME        %s\n"
	        "  --dap-port N        CMSIS-DAP over TCP on 127.0.0.1:N (default %d, 0: off)\n"
	        "  --bitbang-port N    remote_bitbang on 127.0.0.1:N (default %d, 0: off)\n"
	        "  --probe PROFILE     probe to pace the link after (default %s): %s\n"
	        "  --time-scale X      multiply every modelled duration by X (default 1)\n"
	        "  --stats FILE        write counters as JSON at exit ('-': stdout)\n"
	        "  --trace CATS        trace to stderr: %s, or all\n"
	        "  --ram ADDR:SIZE     extra RAM (1 KiB aligned; SIZE may end in K or M)\n"
	        "  --load FILE@ADDR    load a raw binary into memory before reset\n"
	        "  --persist           keep serving after a client leaves\n"
	        "  --flash-file FILE   keep the external flash in FILE across runs (created\n"
	        "                      erased); once: chip 1 in FILE, chip 2 in FILE.2;\n"
	        "                      twice: chip 1, then chip 2 (the board's NOR flash:\n"
	        "                      QUADSPI, or OCTOSPI1 on h735g-dk)\n"
	        "  --flash-mode MODE   start the NOR flash in MODE instead of its power-on\n"
	        "                      mode: %s (sopi/dopi: octal STR/DTR, on\n"
	        "                      octal parts only)\n"
	        "  --errata LIST       silicon errata to model (comma-separated): %s\n"
	        "  --qspi-part PART    fit this flash part on the QUADSPI instead of the\n"
	        "                      board's own: %s\n",
	        vb_board_names(), DEFAULT_DAP_PORT, DEFAULT_BITBANG_PORT, DEFAULT_PROFILE,
	        vb_pace_profile_names(), vb_trace_names(), FLASH_MODES, vb_xspi_errata_names(),
	        vb_nor_part_names());
}

/* Decimal or 0x-hex, with an optional K/M suffix when scale is allowed. */
static int parse_u32(const char *s, bool scale, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (scale && (*end == 'K' || *end == 'k')) {
		v *= 1024;
		end++;
	} else if (scale && (*end == 'M' || *end == 'm')) {
		v *= 1024 * 1024;
		end++;
	}
	if (*end || v > 0xFFFFFFFFull)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_port(const char *s, int *port)
{
	uint32_t v;

	if (parse_u32(s, false, &v) < 0 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int parse_ram(const char *s, struct options *o)
{
	const char *colon = strchr(s, ':');
	char addr[32];

	if (o->n_ram == MAX_REPEAT || !colon || (size_t)(colon - s) >= sizeof(addr))
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	if (parse_u32(addr, false, &o->ram[o->n_ram].addr) < 0 ||
	    parse_u32(colon + 1, true, &o->ram[o->n_ram].size) < 0)
		return -1;
	o->n_ram++;
	return 0;
}

static int parse_load(char *s, struct options *o)
{
	char *at = strrchr(s, '@');

	if (o->n_load == MAX_REPEAT || !at || at == s)
		return -1;
	*at = '\0';
	if (parse_u32(at + 1, false, &o->load[o->n_load].addr) < 0)
		return -1;
	o->load[o->n_load++].path = s;
	return 0;
}

static int bad_arg(const char *opt, const char *val, const char *want)
{
	fprintf(stderr, "vboard: bad %s '%s': expected %s\n", opt, val, want);
	return -1;
}

static int parse_opt(int c, char *arg, struct options *o)
{
	switch (c) {
	case 'b':
		o->board = arg;
		return 0;
	case 'd':
		return parse_port(arg, &o->dap_port) ? bad_arg("--dap-port", arg, "0..65535") : 0;
	case 'g':
		return parse_port(arg, &o->bitbang_port)
		               ? bad_arg("--bitbang-port", arg, "0..65535")
		               : 0;
	case 'p':
		o->probe = arg;
		return 0;
	case 't': {
		char *end;

		o->time_scale = strtod(arg, &end);
		if (*end || end == arg || !isfinite(o->time_scale) || o->time_scale <= 0)
			return bad_arg("--time-scale", arg, "a number > 0");
		return 0;
	}
	case 's':
		o->stats = arg;
		return 0;
	case 'T':
		o->trace = arg;
		return 0;
	case 'r':
		return parse_ram(arg, o) ? bad_arg("--ram", arg, "ADDR:SIZE, at most 16 times") : 0;
	case 'l':
		return parse_load(arg, o) ? bad_arg("--load", arg, "FILE@ADDR, at most 16 times")
		                          : 0;
	case 'P':
		o->persist = true;
		return 0;
	case 'F':
		if (o->n_flash == 2)
			return bad_arg("--flash-file", arg, "at most two files (chip 1, chip 2)");
		o->flash_file[o->n_flash++] = arg;
		return 0;
	case 'Q':
		o->qspi_part = arg; /* checked when the chips are made */
		return 0;
	case 'M':
		o->flash_mode = arg; /* the part's support is checked with the board */
		return flash_mode_known(arg) ? 0 : bad_arg("--flash-mode", arg, FLASH_MODES);
	case 'E':
		return vb_xspi_errata_parse(arg, &o->errata)
		               ? bad_arg("--errata", arg, vb_xspi_errata_names())
		               : 0;
	default:
		return -1;
	}
}

/* 0: run; 1: done (--help); -1: usage error (message printed). */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "dap-port", required_argument, NULL, 'd' },
		{ "bitbang-port", required_argument, NULL, 'g' },
		{ "probe", required_argument, NULL, 'p' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "stats", required_argument, NULL, 's' },
		{ "trace", required_argument, NULL, 'T' },
		{ "ram", required_argument, NULL, 'r' },
		{ "load", required_argument, NULL, 'l' },
		{ "persist", no_argument, NULL, 'P' },
		{ "flash-file", required_argument, NULL, 'F' },
		{ "errata", required_argument, NULL, 'E' },
		{ "qspi-part", required_argument, NULL, 'Q' },
		{ "flash-mode", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){
		.dap_port = DEFAULT_DAP_PORT,
		.bitbang_port = DEFAULT_BITBANG_PORT,
		.probe = DEFAULT_PROFILE,
		.time_scale = 1.0,
	};
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == '?' || parse_opt(c, optarg, o) < 0) {
			fprintf(stderr, "vboard: try 'vboard --help'\n");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vboard: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!o->board) {
		fprintf(stderr, "vboard: --board is required (boards: %s)\n", vb_board_names());
		return -1;
	}
	if (o->trace && vb_trace_parse(o->trace) < 0) {
		fprintf(stderr, "vboard: unknown trace category in '%s' (categories: %s, or all)\n",
		        o->trace, vb_trace_names());
		return -1;
	}
	return 0;
}

/* ---- sockets ---------------------------------------------------------- */

static int listen_on(int port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void close_client(struct frontend *fe)
{
	if (fe->client_fd >= 0)
		close(fe->client_fd);
	fe->client_fd = -1;
	vb_buf_clear(&fe->out);
	fe->out_sent = 0;
}

/* Send what is pending without blocking; false when the peer is gone. */
static bool flush_out(struct frontend *fe)
{
	while (fe->out_sent < fe->out.len) {
		ssize_t n = send(fe->client_fd, fe->out.data + fe->out_sent,
		                 fe->out.len - fe->out_sent, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return true;
		if (n <= 0)
			return false;
		fe->out_sent += (size_t)n;
	}
	vb_buf_clear(&fe->out);
	fe->out_sent = 0;
	return true;
}

/* The last replies before a goodbye: wait (briefly) until they are out. */
static void drain_out(struct frontend *fe)
{
	for (int tries = 0; tries < 100 && fe->out_sent < fe->out.len; tries++) {
		struct pollfd p = { .fd = fe->client_fd, .events = POLLOUT };

		if (poll(&p, 1, 10) < 0 || !flush_out(fe))
			break;
	}
}

static void accept_client(struct frontend *fe)
{
	int one = 1;
	int fd = accept4(fe->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (fe->client_fd >= 0) {
		fprintf(stderr, "vboard: %s: refusing a second client (one at a time)\n",
		        fe->label);
		close(fd);
		return;
	}
	/* Small request/response packets: no Nagle delay. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fe->client_fd = fd;
	fe->connect(fe->ctx);
}

/* A client left or said goodbye: the run ends unless --persist. */
static void client_gone(struct vboard *v, struct frontend *fe)
{
	close_client(fe);
	if (!v->opt.persist)
		v->quit = true;
}

/* A client sent what no probe would: its connection goes, the board keeps
 * serving (a bad client must not take the board down). */
static void client_dropped(struct frontend *fe)
{
	fprintf(stderr, "vboard: %s: framing error, closing the connection\n", fe->label);
	close_client(fe);
}

static void serve_client(struct vboard *v, struct frontend *fe)
{
	static uint8_t buf[RECV_CHUNK];
	ssize_t n = recv(fe->client_fd, buf, sizeof(buf), 0);
	enum vb_feed_result r;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		client_gone(v, fe);
		return;
	}
	/* (The front-ends count bytes_in/bytes_out themselves.) */
	r = fe->feed(fe->ctx, buf, (size_t)n, &fe->out);
	if (r == VB_FEED_OK) {
		if (!flush_out(fe))
			client_gone(v, fe);
		return;
	}
	if (flush_out(fe))
		drain_out(fe);
	if (r == VB_FEED_ERROR)
		client_dropped(fe);
	else
		client_gone(v, fe);
}

/* ---- the loop ------------------------------------------------------------ */

static size_t build_pollfds(struct vboard *v, struct pollfd *p, struct frontend **owner)
{
	size_t n = 0;

	for (int i = 0; i < FE_COUNT; i++) {
		struct frontend *fe = &v->fe[i];

		if (fe->listen_fd >= 0) {
			p[n] = (struct pollfd){ .fd = fe->listen_fd, .events = POLLIN };
			owner[n++] = fe;
		}
		if (fe->client_fd >= 0) {
			short ev = POLLIN | (fe->out_sent < fe->out.len ? POLLOUT : 0);

			p[n] = (struct pollfd){ .fd = fe->client_fd, .events = ev };
			owner[n++] = fe;
		}
	}
	return n;
}

static void handle_events(struct vboard *v, struct pollfd *p, struct frontend **owner, size_t n)
{
	for (size_t i = 0; i < n && !v->quit; i++) {
		struct frontend *fe = owner[i];

		if (!p[i].revents)
			continue;
		if (p[i].fd == fe->listen_fd) {
			accept_client(fe);
			continue;
		}
		if (fe->client_fd != p[i].fd)
			continue; /* closed meanwhile */
		if ((p[i].revents & POLLOUT) && !flush_out(fe)) {
			client_gone(v, fe);
			continue;
		}
		if (p[i].revents & (POLLIN | POLLHUP | POLLERR))
			serve_client(v, fe);
	}
}

/*
 * The probe profile's latency (vb_pace_roundtrip) passes with the core
 * running, as on a board: the target does not stop while the probe's USB
 * round trip is under way. A loader that the host feeds over the link
 * would otherwise starve for the whole modelled latency of every packet.
 */
static struct vboard *pace_vboard;

static void pace_sleep_running(uint64_t wall_ns)
{
	struct vboard *v = pace_vboard;

	while (v && !v->quit && vb_cpu_wants_cycles(v->cpu) && vb_pace_real_wall_ns() < wall_ns)
		vb_cpu_run_slice(v->cpu, SLICE_INSNS);
	vb_pace_real_sleep_until(wall_ns);
}

static int run_loop(struct vboard *v, const sigset_t *wait_mask)
{
	struct pollfd p[2 * FE_COUNT];
	struct frontend *owner[2 * FE_COUNT];

	while (!v->quit && !got_signal) {
		bool busy = vb_cpu_wants_cycles(v->cpu);
		struct timespec zero = { 0, 0 };
		size_t n = build_pollfds(v, p, owner);
		int r = ppoll(p, n, busy ? &zero : NULL, wait_mask);

		if (r < 0 && errno != EINTR) {
			perror("vboard: ppoll");
			return -1;
		}
		if (r > 0)
			handle_events(v, p, owner, n);
		/* (The core counts vb_stats.insns itself.) */
		if (!v->quit && vb_cpu_wants_cycles(v->cpu))
			vb_cpu_run_slice(v->cpu, SLICE_INSNS);
	}
	return 0;
}

/* ---- setup and teardown ------------------------------------------------ */

/* Setup failures: a bad argument found late (exit 2) or anything else. */
#define SETUP_FAILED  (-1)
#define SETUP_BAD_ARG (-2)

/* name is one of vb_board_names() ("a, b, c"). */
static bool board_known(const char *name)
{
	const char *s = vb_board_names();
	size_t n = name ? strlen(name) : 0;

	for (const char *p = s; n && (p = strstr(p, name)); p += n)
		if ((p == s || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static void hyperram_json(FILE *f, void *ctx)
{
	vb_hyperram_json(f, ctx);
}

/* The board's external memory controllers and memories in --stats. */
static void add_stats_sections(struct vb_board *b)
{
	static const char *const ospi_names[2] = { "ospi1", "ospi2" };

	if (vb_board_quadspi(b))
		vb_stats_add_section("qspi", vb_xspi_json, vb_quadspi_engine(vb_board_quadspi(b)));
	for (unsigned int i = 0; i < 2; i++) {
		struct vb_octospi *o = vb_board_octospi(b, i);

		if (!o)
			continue;
		vb_stats_add_section(ospi_names[i], vb_xspi_json, vb_octospi_engine(o));
		if (vb_octospi_hyperram(o))
			vb_stats_add_section("hyperram", hyperram_json, vb_octospi_hyperram(o));
	}
	if (vb_board_octospim(b))
		vb_stats_add_section("octospim", vb_octospim_json, vb_board_octospim(b));
}

/*
 * --flash-mode: the NOR chips enter the mode right after their power-on
 * (vb_nor_new), as if the firmware had switched them before the debugger
 * came (a vboard restart is a power cycle, so the chip would be back in
 * SPI: this models a warm board).
 */
static int set_flash_mode(struct vb_board *b, const char *mode)
{
	struct vb_xspi *e = vb_board_nor_engine(b);
	int n = 0;

	for (unsigned int i = 0; e && i < VB_XSPI_CHIPS; i++) {
		if (!e->chip[i])
			continue;
		if (vb_nor_set_mode(e->chip[i], mode) < 0) {
			fprintf(stderr, "vboard: --flash-mode %s: the %s has no %s mode\n", mode,
			        vb_nor_name(e->chip[i]), mode);
			return -1;
		}
		n++;
	}
	if (!n) {
		fprintf(stderr, "vboard: --flash-mode %s: board '%s' has no external NOR flash\n",
		        mode, vb_board_info(b)->name);
		return -1;
	}
	return 0;
}

static int make_board(struct vboard *v)
{
	const struct options *o = &v->opt;
	struct vb_board_opts bo = { .errata = o->errata, .qspi_part = o->qspi_part };
	char *second = NULL;

	bo.flash_file[0] = o->flash_file[0];
	bo.flash_file[1] = o->flash_file[1];
	if (o->n_flash == 1 && asprintf(&second, "%s.2", o->flash_file[0]) >= 0)
		bo.flash_file[1] = second;
	v->board = vb_board_new_opts(o->board, &bo);
	free(second);
	if (!v->board && board_known(o->board)) {
		fprintf(stderr, "vboard: cannot create board '%s'\n", o->board);
		return SETUP_BAD_ARG;
	}
	if (!v->board) {
		fprintf(stderr, "vboard: unknown board '%s' (boards: %s)\n", o->board,
		        vb_board_names());
		return SETUP_BAD_ARG;
	}
	for (size_t i = 0; i < o->n_ram; i++)
		if (vb_board_add_ram(v->board, o->ram[i].addr, o->ram[i].size, "--ram") < 0)
			return SETUP_BAD_ARG;
	v->cpu = vb_cpu_new(v->board);
	if (!v->cpu)
		return SETUP_FAILED;
	vb_board_set_cpu(v->board, v->cpu);
	add_stats_sections(v->board);
	if (o->flash_mode && set_flash_mode(v->board, o->flash_mode) < 0)
		return SETUP_BAD_ARG;
	v->dap = vb_dap_new(v->board);
	return v->dap ? 0 : SETUP_FAILED;
}

static void fe_init(struct frontend *fe, const char *label, int port,
                    enum vb_feed_result (*feed)(void *, const uint8_t *, size_t, struct vb_buf *),
                    void (*connect)(void *), void (*free_fn)(void *))
{
	fe->label = label;
	fe->port = port;
	fe->listen_fd = -1;
	fe->client_fd = -1;
	fe->feed = feed;
	fe->connect = connect;
	fe->free = free_fn;
}

static int make_frontends(struct vboard *v)
{
	struct frontend *c = &v->fe[FE_CMSIS], *b = &v->fe[FE_BITBANG];

	fe_init(c, "cmsis-dap tcp", v->opt.dap_port, cmsis_feed, cmsis_connect, cmsis_free);
	fe_init(b, "remote_bitbang", v->opt.bitbang_port, bitbang_feed, bitbang_connect,
	        bitbang_free);
	if (!c->port && !b->port) {
		fprintf(stderr, "vboard: --dap-port 0 and --bitbang-port 0: nothing to serve\n");
		return SETUP_BAD_ARG;
	}
	if (c->port)
		c->ctx = vb_cmsis_new(v->board, v->dap);
	if (b->port)
		b->ctx = vb_bitbang_new(v->board, v->dap);
	return (c->port && !c->ctx) || (b->port && !b->ctx) ? SETUP_FAILED : 0;
}

static int load_files(struct vboard *v)
{
	for (size_t i = 0; i < v->opt.n_load; i++)
		if (vb_board_load_file(v->board, v->opt.load[i].path, v->opt.load[i].addr) < 0)
			return -1;
	return 0;
}

static int open_sockets(struct vboard *v)
{
	for (int i = 0; i < FE_COUNT; i++) {
		struct frontend *fe = &v->fe[i];

		if (!fe->port)
			continue;
		fe->listen_fd = listen_on(fe->port);
		if (fe->listen_fd < 0) {
			fprintf(stderr, "vboard: %s: cannot listen on 127.0.0.1:%d: %s\n",
			        fe->label, fe->port, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void print_ready(const struct vboard *v)
{
	const char *sep = "";

	printf("vboard: %s ready: ", v->opt.board);
	for (int i = 0; i < FE_COUNT; i++) {
		if (!v->fe[i].port)
			continue;
		printf("%s%s 127.0.0.1:%d", sep, v->fe[i].label, v->fe[i].port);
		sep = ", ";
	}
	printf("\n");
	fflush(stdout);
}

/* The construction order is the modules' contract: board, core, debug
 * port, front-ends, pacing, then the power-on reset. */
static int setup(struct vboard *v)
{
	int ret = make_board(v);

	if (ret == 0)
		ret = make_frontends(v);
	if (ret < 0)
		return ret;
	if (vb_pace_init(v->opt.probe, v->opt.time_scale) < 0) {
		fprintf(stderr, "vboard: unknown probe profile '%s' (profiles: %s)\n", v->opt.probe,
		        vb_pace_profile_names());
		return SETUP_BAD_ARG;
	}
	pace_vboard = v;
	vb_pace_set_clock(NULL, pace_sleep_running);
	if (load_files(v) < 0)
		return SETUP_BAD_ARG;
	vb_cpu_reset(v->cpu, VB_RESET_POWER_ON);
	return open_sockets(v) < 0 ? SETUP_FAILED : 0;
}

static void report_guest_errors(void)
{
	uint32_t addr;
	const char *text = vb_guest_error_text(0, &addr);

	if (!vb_stats.guest_errors)
		return;
	fprintf(stderr, "vboard: %llu guest error(s); the first at 0x%08x: %s\n",
	        (unsigned long long)vb_stats.guest_errors, addr, text ? text : "?");
}

static int finish(struct vboard *v)
{
	const struct vb_probe_profile *prof = vb_pace_profile();
	int ret = 0;

	if (v->opt.stats && v->board &&
	    vb_stats_write_json(v->opt.stats, v->opt.board, prof ? prof->name : v->opt.probe) < 0) {
		fprintf(stderr, "vboard: cannot write %s: %s\n", v->opt.stats, strerror(errno));
		ret = -1;
	}
	report_guest_errors();
	return ret;
}

static void teardown(struct vboard *v)
{
	for (int i = 0; i < FE_COUNT; i++) {
		struct frontend *fe = &v->fe[i];

		close_client(fe);
		if (fe->listen_fd >= 0)
			close(fe->listen_fd);
		if (fe->ctx)
			fe->free(fe->ctx);
		vb_buf_free(&fe->out);
	}
	if (v->dap)
		vb_dap_free(v->dap);
	if (v->cpu)
		vb_cpu_free(v->cpu);
	vb_board_free(v->board);
}

/* SIGINT/SIGTERM only arrive inside ppoll(); *wait_mask is the mask to
 * use there. */
static void setup_signals(sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
}

int main(int argc, char **argv)
{
	static struct vboard v;
	sigset_t wait_mask;
	int ret;

	for (int i = 0; i < FE_COUNT; i++)
		v.fe[i].listen_fd = v.fe[i].client_fd = -1;
	ret = parse_args(argc, argv, &v.opt);
	if (ret)
		return ret > 0 ? 0 : 2;
	setup_signals(&wait_mask);
	ret = setup(&v);
	if (ret == 0) {
		print_ready(&v);
		ret = run_loop(&v, &wait_mask);
		if (finish(&v) < 0)
			ret = -1;
	}
	teardown(&v);
	if (ret == SETUP_BAD_ARG)
		return 2;
	return ret ? 1 : 0;
}
