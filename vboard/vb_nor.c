// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vboard: one SPI NOR engine for every part in vb_nor_parts.c (vb_spi.h).
 *
 * The wire. A transaction from the controller model is turned into what
 * the host drives on IO0-IO7, beat by beat (two beats per clock: rising
 * and falling edge; an STR phase holds its value for both), and the chip
 * parses that stream with *its* idea of the protocol: instruction on 1, 2
 * or 4 lines (SPI/DPI/QPI mode), then the command's address lines and
 * bytes, mode and dummy clocks, then data. Lines nobody drives read 1
 * (pull-ups, as IO2/IO3 = WP#/HOLD# are on every board we model). When
 * host and chip agree (the normal case) the data phase is a memcpy; when
 * they do not, the chip's output (or the chip's view of written data) is
 * recomposed bit by bit, so a wrong dummy count shifts the data by
 * (difference x lines) bits and a wrong line count gives what the host
 * samples on its lines -- as on silicon -- and a guest error is counted.
 *
 * Rules the parts share (sources in vb_nor_parts.c): program and erase
 * need WEL and clear it when done; program only clears bits and wraps in
 * its page; erase takes the block the address is in; a write-type command
 * whose clock count is not a whole number of bytes is not executed
 * ("command execution check"); the chip is busy until modelled time T
 * (vb_pace_now_ns() + scaled typical time) and meanwhile answers only the
 * status reads the part allows (and reset).
 *
 * --flash-file: the array is the file, mmap(MAP_SHARED). Every program or
 * erase is in the file at once, so a vboard killed by a signal, a crash
 * or a modelled power cut keeps exactly what the chip had -- a write-back
 * at free would lose it -- and an untouched 64 MiB file costs no memory.
 * The non-volatile registers are not in the file: they start at factory
 * values on each run.
 */
#include "vb.h"
#include "vb_pace.h"
#include "vb_nor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Flag status register bits [ST-*] (vb_nor_parts.c). */
#define FSR_READY  0x80u
#define FSR_E_FAIL 0x20u
#define FSR_P_FAIL 0x10u
#define FSR_PROT   0x02u
#define FSR_ADDR4  0x01u

/* Macronix security register fail flags [ST-MX25LM51245G] (vb_nor_parts.c). */
#define SCUR_P_FAIL 0x20u
#define SCUR_E_FAIL 0x40u

/* Beats before the data phase: 2 + 4 + 4 bytes on one line, 255 dummies. */
#define PRE_BEATS 1024

struct vb_nor_counters {
	uint64_t xfers, unknown, ignored_busy, refused;
	uint64_t programs, erases, chip_erases, bytes_programmed;
};

struct vb_nor {
	const struct vb_nor_part *p;
	uint8_t *mem;
	bool mapped;
	uint16_t nv[VB_NOR_MAX_REGS];  /* non-volatile copies */
	uint16_t reg[VB_NOR_MAX_REGS]; /* live values (SR/FSR state bits apart) */
	uint8_t fsr_err;               /* sticky FSR PROT / P_FAIL / E_FAIL */
	unsigned int mode;             /* VB_NOR_SPI / DPI / QPI */
	uint32_t cfg_gen;              /* bumped when what a read returns may change */
	bool addr4;
	bool wel, vwel, rst_en;
	bool wel_clear_pending; /* WEL drops when the current operation ends */
	uint64_t busy_until;
	const struct vb_nor_op *cont; /* continuous read: instruction skipped */
	void (*changed)(void *ctx, uint32_t addr, uint32_t len);
	void *changed_ctx;
	struct vb_nor_audit *audit;
	size_t n_audit;
	uint64_t audit_dropped;
	struct vb_nor_counters cnt;
};

/* ---- registers and state ---------------------------------------------------- */

static int bit_get(const struct vb_nor *n, struct vb_nor_bit b)
{
	if (b.reg < 0 || b.reg >= n->p->n_regs)
		return -1;
	return (n->reg[b.reg] >> b.bit) & 1;
}

static void bit_set(struct vb_nor *n, struct vb_nor_bit b, int v)
{
	if (b.reg < 0 || b.reg >= n->p->n_regs)
		return;
	n->reg[b.reg] = (uint16_t)((n->reg[b.reg] & ~(1u << b.bit)) | ((unsigned int)v << b.bit));
}

static void sync_mode(struct vb_nor *n)
{
	const struct vb_nor_opi *o = n->p->opi;

	if (bit_get(n, n->p->qpi_n) == 0)
		n->mode = VB_NOR_QPI;
	else if (bit_get(n, n->p->dpi_n) == 0)
		n->mode = VB_NOR_DPI;
	else if (o && bit_get(n, o->dopi) == 1)
		n->mode = VB_NOR_DOPI;
	else if (o && bit_get(n, o->sopi) == 1)
		n->mode = VB_NOR_SOPI;
	else
		n->mode = VB_NOR_SPI;
}

static const char *mode_name(unsigned int mode)
{
	switch (mode) {
	case VB_NOR_QPI:
		return "QPI";
	case VB_NOR_DPI:
		return "DPI";
	case VB_NOR_SOPI:
		return "SOPI";
	case VB_NOR_DOPI:
		return "DOPI";
	default:
		return "SPI";
	}
}

static bool busy(const struct vb_nor *n)
{
	return n->busy_until && vb_pace_now_ns() < n->busy_until;
}

/* WEL stays set while the operation runs and drops when it ends. */
static void settle(struct vb_nor *n)
{
	if (n->wel_clear_pending && !busy(n)) {
		n->wel = false;
		n->wel_clear_pending = false;
	}
}

static void start_busy(struct vb_nor *n, uint64_t typ_us)
{
	if (!typ_us) {
		n->wel = false;
		return;
	}
	n->busy_until = vb_pace_now_ns() + vb_pace_scaled_ns(typ_us * 1000u);
	n->wel_clear_pending = true;
}

/* Volatile state from the non-volatile one: power-on and software reset. */
static void reset_state(struct vb_nor *n)
{
	const struct vb_nor_part *p = n->p;

	n->cfg_gen++;
	for (int i = 0; i < p->n_regs; i++) {
		const struct vb_nor_reg *r = &p->regs[i];

		n->reg[i] = (uint16_t)((n->nv[i] & r->nvmask) | (r->factory & ~r->nvmask));
	}
	n->fsr_err = 0;
	n->wel = n->vwel = n->rst_en = false;
	n->wel_clear_pending = false;
	n->busy_until = 0;
	n->cont = NULL;
	n->addr4 = bit_get(n, p->addr4_por_n) == 0;
	if (p->hooks && p->hooks->power_on)
		p->hooks->power_on(n);
	sync_mode(n);
}

void vb_nor_power_on(struct vb_nor *n)
{
	reset_state(n);
}

uint16_t vb_nor_reg_value(struct vb_nor *n, int i)
{
	const struct vb_nor_reg *r;
	uint16_t v;

	if (i < 0 || i >= n->p->n_regs)
		abort(); /* model bug: the part table names a missing register */
	settle(n);
	r = &n->p->regs[i];
	v = n->reg[i];
	if (r->kind == VB_NOR_R_SR)
		v = (uint16_t)((v & ~3u) | (n->wel ? 2u : 0u) | (busy(n) ? 1u : 0u));
	else if (r->kind == VB_NOR_R_FSR)
		v = (uint16_t)(n->fsr_err | (busy(n) ? 0u : FSR_READY) |
		               (n->addr4 ? FSR_ADDR4 : 0u));
	else if (r->kind == VB_NOR_R_SCUR)
		v = (uint16_t)((v & ~(SCUR_P_FAIL | SCUR_E_FAIL)) |
		               (n->fsr_err & FSR_P_FAIL ? SCUR_P_FAIL : 0u) |
		               (n->fsr_err & FSR_E_FAIL ? SCUR_E_FAIL : 0u));
	return v;
}

void vb_nor_reg_poke(struct vb_nor *n, int i, uint16_t val)
{
	if (i < 0 || i >= n->p->n_regs)
		abort();
	n->reg[i] = val;
	n->nv[i] = (uint16_t)((n->nv[i] & ~n->p->regs[i].nvmask) | (val & n->p->regs[i].nvmask));
	sync_mode(n);
}

const struct vb_nor_part *vb_nor_part(const struct vb_nor *n)
{
	return n->p;
}

uint32_t vb_nor_cfg_gen(const struct vb_nor *n)
{
	return n->cfg_gen;
}

unsigned int vb_nor_mode(const struct vb_nor *n)
{
	return n->mode;
}

bool vb_nor_addr4(const struct vb_nor *n)
{
	return n->addr4;
}

bool vb_nor_busy(struct vb_nor *n)
{
	settle(n);
	return busy(n);
}

uint64_t vb_nor_busy_until(const struct vb_nor *n)
{
	return n->busy_until;
}

/* ---- block protection -------------------------------------------------------- */

/* The protected range [*start, *start + *len); *len == 0: nothing. */
static void prot_range(const struct vb_nor *n, uint32_t *start, uint32_t *len)
{
	const struct vb_nor_prot *pr = &n->p->prot;
	uint32_t size = n->p->size;
	unsigned int bp = 0;
	uint64_t l;

	for (int i = 0; i < pr->nbp; i++)
		bp |= (unsigned int)((n->reg[0] >> pr->bp[i]) & 1) << i;
	if (!bp)
		l = 0;
	else if (bit_get(n, pr->sec) == 1 && bp != (1u << pr->nbp) - 1)
		l = (uint64_t)pr->sec_unit << (bp - 1) > pr->sec_max
		            ? pr->sec_max
		            : (uint64_t)pr->sec_unit << (bp - 1);
	else
		l = (uint64_t)pr->unit << (bp - 1);
	if (l > size)
		l = size;
	*start = bit_get(n, pr->tb) == 1 ? 0 : size - (uint32_t)l;
	*len = (uint32_t)l;
	if (bit_get(n, pr->cmp) == 1) {
		/* the complement of a top or bottom region is one region */
		*start = *start ? 0 : (uint32_t)l;
		*len = size - (uint32_t)l;
	}
}

static bool is_protected(const struct vb_nor *n, uint32_t addr, uint32_t len)
{
	uint32_t s, l;

	prot_range(n, &s, &l);
	return l && addr < (uint64_t)s + l && (uint64_t)addr + len > s;
}

/* ---- audit ------------------------------------------------------------------- */

static void audit(struct vb_nor *n, uint8_t kind, uint8_t opcode, uint32_t addr, uint32_t len,
                  bool refused)
{
	struct vb_nor_audit *a;

	if (n->n_audit >= VB_NOR_AUDIT_MAX) {
		n->audit_dropped++;
		return;
	}
	if (!n->audit) {
		n->audit = calloc(VB_NOR_AUDIT_MAX, sizeof(*n->audit));
		if (!n->audit)
			abort();
	}
	a = &n->audit[n->n_audit++];
	a->t_ns = vb_pace_now_ns();
	a->addr = addr;
	a->len = len;
	a->kind = kind;
	a->opcode = opcode;
	a->refused = refused;
}

size_t vb_nor_audit_count(const struct vb_nor *n)
{
	return n->n_audit;
}

const struct vb_nor_audit *vb_nor_audit_get(const struct vb_nor *n, size_t i)
{
	return i < n->n_audit ? &n->audit[i] : NULL;
}

uint64_t vb_nor_audit_dropped(const struct vb_nor *n)
{
	return n->audit_dropped;
}

void vb_nor_audit_json(FILE *f, const struct vb_nor *n)
{
	static const char *const kinds[] = { "program", "erase", "chip_erase" };
	const struct vb_nor_counters *c = &n->cnt;

	fprintf(f, "{\"part\": \"%s\", \"size\": %" PRIu32 ", ", n->p->name, n->p->size);
	fprintf(f,
	        "\"xfers\": %" PRIu64 ", \"unknown_commands\": %" PRIu64
	        ", \"ignored_busy\": %" PRIu64 ", \"refused\": %" PRIu64 ", \"programs\": %" PRIu64
	        ", \"bytes_programmed\": %" PRIu64 ", \"erases\": %" PRIu64
	        ", \"chip_erases\": %" PRIu64 ", \"audit_dropped\": %" PRIu64 ", \"audit\": [",
	        c->xfers, c->unknown, c->ignored_busy, c->refused, c->programs, c->bytes_programmed,
	        c->erases, c->chip_erases, n->audit_dropped);
	for (size_t i = 0; i < n->n_audit; i++) {
		const struct vb_nor_audit *a = &n->audit[i];

		fprintf(f,
		        "%s\n  {\"t_ns\": %" PRIu64 ", \"op\": \"%s\", \"opcode\": \"0x%02x\", "
		        "\"addr\": %" PRIu32 ", \"len\": %" PRIu32 ", \"refused\": %s}",
		        i ? "," : "", a->t_ns, kinds[a->kind], a->opcode, a->addr, a->len,
		        a->refused ? "true" : "false");
	}
	fprintf(f, "]}");
}

/* ---- the wire ---------------------------------------------------------------- */

/* Host output uses IO0 when single (SI), chip output IO1 (SO). */
#define IO_HOST 0
#define IO_CHIP 1

static uint8_t io_drive(uint32_t v, unsigned int lines, unsigned int single_io)
{
	if (lines == 1)
		return (uint8_t)((0xffu & ~(1u << single_io)) | ((v & 1u) << single_io));
	return (uint8_t)((0xffu << lines) | (v & ((1u << lines) - 1)));
}

static uint32_t io_sample(uint8_t io, unsigned int lines, unsigned int single_io)
{
	if (lines == 1)
		return (io >> single_io) & 1u;
	return io & ((1u << lines) - 1);
}

/* n bits (n <= 8) at bit position pos of an MSB-first stream; past nbits: 1s. */
static uint32_t stream_bits(const uint8_t *buf, uint64_t nbits, uint64_t pos, unsigned int n)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < n; i++, pos++)
		v = v << 1 | (pos < nbits ? (buf[pos / 8] >> (7 - pos % 8)) & 1u : 1u);
	return v;
}

struct wire {
	uint8_t pre[PRE_BEATS];
	uint32_t npre;
	uint32_t cmd_beats, addr_beats;
	const struct vb_spi_xfer *x;
	uint64_t data_beats;
	uint64_t total;
};

static bool lines_ok(unsigned int l)
{
	return l == 1 || l == 2 || l == 4 || l == 8;
}

static void wire_push(struct wire *w, uint8_t io)
{
	if (w->npre >= PRE_BEATS)
		abort(); /* cannot happen with valid phases (checked) */
	w->pre[w->npre++] = io;
}

static void wire_phase(struct wire *w, const struct vb_spi_phase *ph)
{
	unsigned int nbits = ph->nbytes * 8u;

	if (!ph->lines)
		return;
	for (unsigned int pos = 0; pos < nbits; pos += ph->lines) {
		uint32_t v = (uint32_t)((uint64_t)ph->value >> (nbits - pos - ph->lines));
		uint8_t io = io_drive(v, ph->lines, IO_HOST);

		wire_push(w, io);
		if (!ph->dtr)
			wire_push(w, io);
	}
	if (w->npre & 1)
		wire_push(w, 0xff);
}

/* A controller model handing us an impossible phase is a model bug. */
static void check_phase(const struct vb_spi_phase *ph, unsigned int max_bytes, const char *what)
{
	if (!ph->lines)
		return;
	if (!lines_ok(ph->lines) || ph->nbytes < 1 || ph->nbytes > max_bytes) {
		fprintf(stderr, "vb_nor: bad %s phase (lines %u, %u bytes)\n", what, ph->lines,
		        ph->nbytes);
		abort();
	}
}

static void wire_build(struct wire *w, const struct vb_spi_xfer *x)
{
	check_phase(&x->cmd, 2, "instruction");
	check_phase(&x->addr, 4, "address");
	check_phase(&x->alt, 4, "alternate");
	if (x->data.len && (!lines_ok(x->data.lines) || !x->data.buf)) {
		fprintf(stderr, "vb_nor: bad data phase (lines %u)\n", x->data.lines);
		abort();
	}
	w->npre = 0;
	w->x = x;
	wire_phase(w, &x->cmd);
	w->cmd_beats = w->npre;
	wire_phase(w, &x->addr);
	w->addr_beats = w->npre - w->cmd_beats;
	wire_phase(w, &x->alt);
	for (unsigned int i = 0; i < 2u * x->dummy_cycles; i++)
		wire_push(w, 0xff);
	w->data_beats = 0;
	if (x->data.len) {
		uint64_t groups = ((uint64_t)x->data.len * 8 + x->data.lines - 1) / x->data.lines;

		w->data_beats = x->data.dtr ? groups : 2 * groups;
	}
	w->total = w->npre + w->data_beats;
}

/* What is on the lines at beat b, from the host's side. */
static uint8_t wire_beat(const struct wire *w, uint64_t b)
{
	const struct vb_spi_xfer *x = w->x;
	uint64_t j, g;

	if (b < w->npre)
		return w->pre[b];
	j = b - w->npre;
	if (!x->data.write || j >= w->data_beats)
		return 0xff;
	g = x->data.dtr ? j : j / 2;
	return io_drive(stream_bits(x->data.buf, (uint64_t)x->data.len * 8, g * x->data.lines,
	                            x->data.lines),
	                x->data.lines, IO_HOST);
}

/* The chip samples nbits (<= 32) on `lines` from beat *b. */
static bool chip_in(const struct wire *w, uint64_t *b, unsigned int lines, bool dtr,
                    unsigned int nbits, uint32_t *out)
{
	uint32_t v = 0;

	for (unsigned int got = 0; got < nbits; got += lines) {
		if (*b >= w->total)
			return false;
		v = (uint32_t)((uint64_t)v << lines) | io_sample(wire_beat(w, *b), lines, IO_HOST);
		*b += dtr ? 1 : 2;
	}
	*out = v;
	return true;
}

/* ---- the chip's view of a transaction ------------------------------------------ */

struct cmd {
	const struct vb_nor_op *op; /* NULL: no command recognised */
	bool have_opcode;
	uint8_t opcode, opcode2; /* opcode2: OPI second instruction byte */
	unsigned int a_lines, d_lines;
	unsigned int addr_bytes, wait;
	uint32_t addr;
	bool mode_seen;
	uint8_t mode_bits;
	uint64_t k0; /* beat at which the chip's data phase starts */
	bool complete;
	bool dtr;      /* address, dummy and data on both edges */
	bool bad_pair; /* OPI: second instruction byte not the inverse */
	bool doubled;  /* each data byte twice (DOPI register reads) */
	int reg;       /* register a RDREG/RDAREG/WRAREG reaches, -1: none */
};

static unsigned int mode_lines(unsigned int mode)
{
	if (mode & VB_NOR_OPI)
		return 8;
	return mode == VB_NOR_QPI ? 4 : mode == VB_NOR_DPI ? 2 : 1;
}

/* Instruction bytes and edges the chip expects in its mode. */
static unsigned int instr_bytes(unsigned int mode)
{
	return mode & VB_NOR_OPI ? 2 : 1;
}

static const struct vb_nor_op *find_op(const struct vb_nor *n, uint8_t opcode)
{
	for (size_t i = 0; i < n->p->n_ops; i++) {
		const struct vb_nor_op *op = &n->p->ops[i];

		if (op->opcode == opcode && (op->modes & n->mode))
			return op;
	}
	return NULL;
}

static unsigned int addr_bytes(const struct vb_nor *n, const struct vb_nor_op *op)
{
	if (n->mode & VB_NOR_OPI)
		return op->addr != VB_NOR_A_NONE ? 4 : 0;
	switch (op->addr) {
	case VB_NOR_A_3:
		return 3;
	case VB_NOR_A_4:
		return 4;
	case VB_NOR_A_MODE:
		return n->addr4 ? 4 : 3;
	default:
		return 0;
	}
}

/* The register a register command reaches: its row's, or the addressed one. */
static int cmd_reg(const struct vb_nor *n, const struct cmd *c)
{
	const struct vb_nor_opi *o = n->p->opi;

	if (c->op->kind == VB_NOR_K_RDREG || c->op->kind == VB_NOR_K_WRREG)
		return (int)c->op->arg;
	if (c->op->kind != VB_NOR_K_RDAREG && c->op->kind != VB_NOR_K_WRAREG)
		return -1;
	for (size_t i = 0; o && i < o->n_aregs; i++)
		if (o->aregs[i].addr == c->addr)
			return o->aregs[i].reg;
	return -1;
}

/*
 * The instruction: one byte on 1, 2 or 4 lines, or in OPI the opcode and
 * its inverse on 8 lines (both on one clock in DOPI). A pair that does not
 * match is no command (c->bad_pair).
 */
static bool parse_instr(const struct vb_nor *n, const struct wire *w, uint64_t *b, struct cmd *c)
{
	unsigned int nb = instr_bytes(n->mode);
	uint32_t v;

	if (!chip_in(w, b, mode_lines(n->mode), n->mode == VB_NOR_DOPI, 8 * nb, &v))
		return false;
	c->have_opcode = true;
	c->opcode = (uint8_t)(v >> (8 * (nb - 1)));
	c->opcode2 = (uint8_t)v;
	if (nb == 2 && (uint8_t)(c->opcode2 ^ c->opcode) != 0xff) {
		c->bad_pair = true;
		return false;
	}
	return true;
}

static void chip_parse(struct vb_nor *n, const struct wire *w, struct cmd *c)
{
	const struct vb_nor_op *op;
	unsigned int ml = mode_lines(n->mode), edges;
	uint64_t b = 0;
	uint32_t v;

	memset(c, 0, sizeof(*c));
	c->reg = -1;
	if (n->cont) {
		op = n->cont;
		c->opcode = op->opcode;
	} else {
		if (!parse_instr(n, w, &b, c))
			return;
		op = find_op(n, c->opcode);
		if (!op)
			return;
	}
	c->op = op;
	c->a_lines = n->mode == VB_NOR_SPI ? op->addr_lines : ml;
	c->d_lines = n->mode == VB_NOR_SPI ? op->data_lines : ml;
	c->dtr = op->dtr || n->mode == VB_NOR_DOPI;
	edges = c->dtr ? 2 : 1;
	c->addr_bytes = addr_bytes(n, op);
	c->wait = op->wait == VB_NOR_WAIT_CFG ? n->p->hooks->wait_clocks(n, op) : op->wait;
	c->k0 = UINT64_MAX;
	if (c->addr_bytes && !chip_in(w, &b, c->a_lines, c->dtr, c->addr_bytes * 8, &c->addr))
		return;
	c->reg = cmd_reg(n, c);
	c->doubled = n->mode == VB_NOR_DOPI && n->p->opi && n->p->opi->dopi_reg_doubled &&
	             (op->kind == VB_NOR_K_RDREG || op->kind == VB_NOR_K_RDAREG ||
	              op->kind == VB_NOR_K_RDID);
	b += b & 1;
	if (op->mode_clocks) {
		if (!chip_in(w, &b, c->a_lines, c->dtr, op->mode_clocks * c->a_lines * edges, &v))
			return;
		c->mode_seen = true;
		c->mode_bits = (uint8_t)v;
		b += b & 1;
	}
	b += 2u * (c->wait - op->mode_clocks);
	c->k0 = b;
	c->complete = b <= w->total;
}

/*
 * A DOPI read the host samples on the chip's DQS (OCTOSPI CCR.DQSE = 1):
 * the chip launches each data edge with its strobe and the host latches
 * on that strobe, so the host's first byte is the chip's first whatever
 * the host's own dummy count. OpenOCD's stmqspi relies on it ("when DQS
 * is enabled ... the actual number [of dummy cycles] has no effect",
 * stmqspi.c OPI_DUMMY: 6 for register and ID reads) and its
 * stm32h735g-disco.cfg reads the array with TCR.DCYC = 6 while the chip
 * is at its power-on CR2 DC (20 dummies); ST's BSP (5) and embassy-rs PR
 * #6441 (5) read the same registers on the same board. Without DQS the
 * host samples on its own clock and the count must match.
 */
static bool dqs_paced(const struct vb_nor *n, const struct vb_spi_xfer *x)
{
	return n->mode == VB_NOR_DOPI && n->p->opi && n->p->opi->dopi_dqs && x->data.dqs &&
	       x->data.len && !x->data.write && x->data.lines == 8;
}

/* The beat at which the host takes its first data bit. */
static uint64_t host_data_beat(const struct vb_nor *n, const struct wire *w, const struct cmd *c)
{
	return dqs_paced(n, w->x) && c->k0 != UINT64_MAX ? c->k0 : w->npre;
}

/* Does the host's transaction match the chip's expectation exactly? */
static bool xfer_aligned(const struct vb_nor *n, const struct wire *w, const struct cmd *c)
{
	const struct vb_spi_xfer *x = w->x;

	if (c->k0 != host_data_beat(n, w, c))
		return false;
	if (n->cont ? x->cmd.lines != 0
	            : (x->cmd.lines != mode_lines(n->mode) ||
	               x->cmd.dtr != (n->mode == VB_NOR_DOPI) ||
	               x->cmd.nbytes != instr_bytes(n->mode)))
		return false;
	if (c->addr_bytes && (x->addr.lines != c->a_lines || x->addr.nbytes != c->addr_bytes ||
	                      x->addr.dtr != c->dtr))
		return false;
	if (x->data.len && c->op->data_lines &&
	    (x->data.lines != c->d_lines || x->data.dtr != c->dtr))
		return false;
	return true;
}

static void describe_mismatch(const struct vb_nor *n, const struct wire *w, const struct cmd *c)
{
	const struct vb_spi_xfer *x = w->x;
	unsigned int host_wait = (w->npre - w->cmd_beats - w->addr_beats) / 2;

	vb_guest_error(c->addr,
	               "nor %s: op 0x%02x sent %u-%u-%u%s, %u addr bytes, %u wait clocks; chip "
	               "(%s%s) expects %u-%u-%u%s, %u addr bytes, %u wait clocks",
	               n->p->name, c->opcode, x->cmd.lines, x->addr.lines, x->data.lines,
	               x->addr.dtr || x->data.dtr ? " DTR" : "", x->addr.nbytes, host_wait,
	               mode_name(n->mode), n->cont ? ", continuous read" : "",
	               n->cont ? 0 : mode_lines(n->mode), c->a_lines, c->d_lines,
	               c->dtr ? " DTR" : "", c->addr_bytes, c->wait);
}

/* ---- data out (reads) --------------------------------------------------------- */

struct reader {
	struct vb_nor *n;
	const struct cmd *c;
	uint16_t regval;
};

static uint8_t out_byte(const struct reader *r, uint64_t i)
{
	const struct vb_nor_part *p = r->n->p;
	uint64_t a;

	if (r->c->doubled)
		i /= 2;
	switch (r->c->op->kind) {
	case VB_NOR_K_READ:
		return r->n->mem[(r->c->addr + i) & (p->size - 1)];
	case VB_NOR_K_RDSFDP:
		a = (r->c->addr + i) & 0xffffff;
		return a < p->sfdp_len ? p->sfdp[a] : 0xff;
	case VB_NOR_K_RDID:
		return i < p->id_len ? p->id[i] : 0x00;
	case VB_NOR_K_RDREG:
	case VB_NOR_K_RDAREG:
		if (r->c->reg >= 0 && p->regs[r->c->reg].nbytes == 2 && (i & 1))
			return (uint8_t)(r->regval >> 8);
		return (uint8_t)r->regval;
	default:
		abort();
	}
}

/* What the chip drives at beat b. */
static uint8_t chip_out_io(const struct reader *r, uint64_t b)
{
	const struct cmd *c = r->c;
	uint64_t rel, bitpos;
	uint32_t v = 0;

	if (b < c->k0)
		return 0xff;
	rel = b - c->k0;
	bitpos = (c->dtr ? rel : rel / 2) * c->d_lines;
	for (unsigned int i = 0; i < c->d_lines; i++, bitpos++)
		v = v << 1 | ((out_byte(r, bitpos / 8) >> (7 - bitpos % 8)) & 1u);
	return io_drive(v, c->d_lines, IO_CHIP);
}

static void read_data(struct vb_nor *n, const struct wire *w, const struct cmd *c, bool aligned)
{
	const struct vb_spi_xfer *x = w->x;
	struct reader r = { .n = n, .c = c };
	uint8_t *buf = x->data.buf;
	uint32_t len = x->data.len;
	uint64_t d0;

	if (c->op->kind == VB_NOR_K_RDREG || c->op->kind == VB_NOR_K_RDAREG)
		r.regval = c->reg >= 0 ? vb_nor_reg_value(n, c->reg) : 0xff;
	if (aligned && c->op->kind == VB_NOR_K_READ) {
		uint32_t mask = n->p->size - 1, done = 0;

		while (done < len) {
			uint32_t a = (c->addr + done) & mask;
			uint32_t chunk = n->p->size - a < len - done ? n->p->size - a : len - done;

			memcpy(buf + done, n->mem + a, chunk);
			done += chunk;
		}
		return;
	}
	if (aligned) {
		for (uint32_t i = 0; i < len; i++)
			buf[i] = out_byte(&r, i);
		return;
	}
	/* bit by bit: the host samples its lines where the chip drives its own */
	memset(buf, 0, len);
	d0 = host_data_beat(n, w, c);
	for (uint64_t pos = 0, s = 0; pos < (uint64_t)len * 8; s++) {
		uint64_t b = d0 + (x->data.dtr ? s : 2 * s);
		uint32_t v = io_sample(chip_out_io(&r, b), x->data.lines, IO_CHIP);

		for (int i = (int)x->data.lines - 1; i >= 0 && pos < (uint64_t)len * 8; i--, pos++)
			if ((v >> i) & 1)
				buf[pos / 8] |= (uint8_t)(0x80u >> (pos % 8));
	}
}

/*
 * In DOPI the chip launches read data with its DQS strobe, later than
 * the host's clock edge. A host that samples on its own clock (OCTOSPI
 * CCR.DQSE = 0) catches each byte one transfer late: the first byte is
 * what the idle lines held, the rest are shifted by a byte
 * (data/notes/peripherals.md errata #6, embassy-rs PR #6441 on the
 * STM32H735G-DK: "without it the data comes back misaligned").
 */
static void do_read(struct vb_nor *n, const struct wire *w, const struct cmd *c, bool aligned)
{
	const struct vb_spi_xfer *x = w->x;

	read_data(n, w, c, aligned);
	if (n->mode != VB_NOR_DOPI || !n->p->opi || !n->p->opi->dopi_dqs || x->data.dqs ||
	    !x->data.dtr || x->data.lines != 8)
		return;
	vb_guest_error(c->addr,
	               "nor %s: op 0x%02x DTR octal read without DQS sampling: data misaligned",
	               n->p->name, c->opcode);
	memmove(x->data.buf + 1, x->data.buf, x->data.len - 1);
	x->data.buf[0] = 0xff;
}

/* ---- data in (program, register writes) ------------------------------------------ */

struct din {
	const struct wire *w;
	bool aligned;
	uint64_t b, i;
	unsigned int lines;
	bool dtr;
	bool partial; /* CS# went high inside a byte */
};

/* The next byte the chip latched, or -1 at the end. */
static int din_next(struct din *d)
{
	const struct vb_spi_xfer *x = d->w->x;
	uint64_t beats, bits;
	uint32_t v;

	if (d->aligned) {
		if (!x->data.write || d->i >= x->data.len)
			return -1;
		return x->data.buf[d->i++];
	}
	beats = d->b < d->w->total ? d->w->total - d->b : 0;
	bits = (d->dtr ? beats : beats / 2) * d->lines;
	if (bits < 8) {
		d->partial = bits != 0;
		return -1;
	}
	if (!chip_in(d->w, &d->b, d->lines, d->dtr, 8, &v))
		abort();
	return (int)v;
}

static void din_init(struct din *d, const struct wire *w, const struct cmd *c, bool aligned)
{
	memset(d, 0, sizeof(*d));
	d->w = w;
	d->aligned = aligned;
	d->b = c->k0;
	d->lines = c->d_lines;
	d->dtr = c->dtr;
}

/* ---- commands ------------------------------------------------------------------- */

static void notify(struct vb_nor *n, uint32_t addr, uint32_t len)
{
	if (n->changed)
		n->changed(n->changed_ctx, addr, len);
}

static bool need_wel(struct vb_nor *n, const struct cmd *c)
{
	if (n->wel) {
		if (n->p->fail_per_op)
			n->fsr_err = 0;
		return true;
	}
	vb_guest_error(c->addr, "nor %s: op 0x%02x without WREN: ignored", n->p->name, c->opcode);
	return false;
}

static void refuse(struct vb_nor *n, const struct cmd *c, uint8_t kind, uint32_t addr, uint32_t len,
                   uint8_t fail_bit)
{
	n->cnt.refused++;
	if (n->p->fsr_errors)
		n->fsr_err |= FSR_PROT | fail_bit;
	n->wel = false;
	audit(n, kind, c->opcode, addr, len, true);
	vb_guest_error(addr, "nor %s: op 0x%02x at 0x%08" PRIx32 " in a protected area: refused",
	               n->p->name, c->opcode, addr);
}

static void do_program(struct vb_nor *n, struct din *d, const struct cmd *c)
{
	uint32_t page = n->p->page, addr = c->addr & (n->p->size - 1);
	uint32_t base = addr & ~(page - 1), off = addr - base, count = 0;
	uint8_t latch[1024];
	int byte;

	if (page > sizeof(latch))
		abort();
	memset(latch, 0xff, page);
	/* more than a page wraps and overwrites the start of the latch */
	while ((byte = din_next(d)) >= 0)
		latch[(off + count++) % page] = (uint8_t)byte;
	if (d->partial || !count) {
		vb_guest_error(addr, "nor %s: page program with %s: not executed", n->p->name,
		               count ? "a partial byte" : "no data");
		return;
	}
	if (!need_wel(n, c))
		return;
	if (is_protected(n, base, page)) {
		refuse(n, c, VB_NOR_AUDIT_PROGRAM, addr, count, FSR_P_FAIL);
		return;
	}
	for (uint32_t i = 0; i < page && i < count; i++) {
		uint32_t o = (off + i) % page;

		n->mem[base + o] &= latch[o];
	}
	n->cnt.programs++;
	n->cnt.bytes_programmed += count < page ? count : page;
	audit(n, VB_NOR_AUDIT_PROGRAM, c->opcode, addr, count, false);
	if (off + count <= page)
		notify(n, addr, count);
	else
		notify(n, base, page);
	start_busy(n, n->p->pp_typ_us);
}

static uint32_t erase_time_us(const struct vb_nor_part *p, uint32_t size)
{
	for (size_t i = 0; i < sizeof(p->erase) / sizeof(p->erase[0]); i++)
		if (p->erase[i].size == size)
			return p->erase[i].typ_us;
	abort(); /* model bug: an erase row without a time */
}

static void do_erase(struct vb_nor *n, const struct cmd *c)
{
	uint32_t size = c->op->arg, addr = c->addr & (n->p->size - 1) & ~(size - 1);

	if (!need_wel(n, c))
		return;
	if (is_protected(n, addr, size)) {
		refuse(n, c, VB_NOR_AUDIT_ERASE, addr, size, FSR_E_FAIL);
		return;
	}
	memset(n->mem + addr, 0xff, size);
	n->cnt.erases++;
	audit(n, VB_NOR_AUDIT_ERASE, c->opcode, addr, size, false);
	notify(n, addr, size);
	start_busy(n, erase_time_us(n->p, size));
}

static void do_chip_erase(struct vb_nor *n, const struct cmd *c)
{
	uint32_t s, l;

	if (!need_wel(n, c))
		return;
	/* refused when any region is protected [MU-N25Q128], Winbond alike */
	prot_range(n, &s, &l);
	if (l) {
		refuse(n, c, VB_NOR_AUDIT_CHIP_ERASE, 0, n->p->size, FSR_E_FAIL);
		return;
	}
	memset(n->mem, 0xff, n->p->size);
	n->cnt.chip_erases++;
	audit(n, VB_NOR_AUDIT_CHIP_ERASE, c->opcode, 0, n->p->size, false);
	notify(n, 0, n->p->size);
	start_busy(n, (uint64_t)n->p->chip_erase_typ_ms * 1000u);
}

static void reg_write_one(struct vb_nor *n, int i, uint16_t val, bool nonvolatile)
{
	const struct vb_nor_reg *r = &n->p->regs[i];
	uint16_t keep = (uint16_t)~r->wmask, cur = n->reg[i];
	uint16_t nv;

	/* OTP bits only go from 0 to 1 */
	val = (uint16_t)(val | (cur & r->otp));
	n->reg[i] = (uint16_t)((cur & keep) | (val & r->wmask));
	if (nonvolatile) {
		nv = (uint16_t)((n->nv[i] & ~r->nvmask) | (n->reg[i] & r->nvmask));
		n->nv[i] = nv;
	}
}

/*
 * Register write. In DOPI a data word carries one register byte: the chip
 * takes the first byte of each word (hosts send it twice, as ST's BSP
 * and the stm32xspi probe do). A write that reaches a non-volatile bit
 * keeps the chip busy for tW; a volatile one is done at CS# high (the
 * mode bits of a Macronix CR2 write switch the protocol right then).
 */
static void do_write_reg(struct vb_nor *n, struct din *d, const struct cmd *c)
{
	uint8_t bytes[8];
	unsigned int nb = 0, seen = 0;
	int byte, i = c->reg;
	bool nonvolatile = !n->vwel, nv_written = false;
	bool word = n->mode == VB_NOR_DOPI;

	while ((byte = din_next(d)) >= 0)
		if (!(word && (seen++ & 1)) && nb < sizeof(bytes))
			bytes[nb++] = (uint8_t)byte;
	if (d->partial || !nb) {
		vb_guest_error(0, "nor %s: register write 0x%02x with %s: not executed", n->p->name,
		               c->opcode, nb ? "a partial byte" : "no data");
		return;
	}
	if (!n->wel && !n->vwel) {
		vb_guest_error(0, "nor %s: register write 0x%02x without WREN: ignored", n->p->name,
		               c->opcode);
		return;
	}
	if (i < 0) {
		vb_guest_error(c->addr,
		               "nor %s: register write 0x%02x to no register (0x%08" PRIx32
		               "): ignored",
		               n->p->name, c->opcode, c->addr);
		return;
	}
	for (unsigned int k = 0; k < nb && i >= 0;) {
		const struct vb_nor_reg *r = &n->p->regs[i];
		uint16_t v = bytes[k++];

		if (r->nbytes == 2)
			v |= (uint16_t)((k < nb ? bytes[k++] : (n->reg[i] >> 8)) << 8);
		reg_write_one(n, i, v, nonvolatile);
		nv_written = nv_written || (r->wmask & r->nvmask);
		if (n->p->hooks && n->p->hooks->reg_written)
			n->p->hooks->reg_written(n, i);
		/* an addressed register takes one byte */
		i = c->op->kind == VB_NOR_K_WRAREG ? -1 : r->next;
	}
	sync_mode(n);
	n->cfg_gen++;
	n->vwel = false;
	if (nonvolatile && nv_written)
		start_busy(n, n->p->wrsr_typ_us);
	else
		n->wel = false;
}

static void do_simple(struct vb_nor *n, const struct cmd *c, bool rst_en)
{
	switch (c->op->kind) {
	case VB_NOR_K_WREN:
		n->wel = true;
		break;
	case VB_NOR_K_WRDI:
		n->wel = false;
		n->vwel = false;
		break;
	case VB_NOR_K_VWREN:
		n->vwel = true;
		break;
	case VB_NOR_K_CLFSR:
		n->fsr_err = 0;
		break;
	case VB_NOR_K_RSTEN:
		n->rst_en = true;
		break;
	case VB_NOR_K_RST:
		if (!rst_en) {
			vb_guest_error(0,
			               "nor %s: reset 0x%02x not right after reset enable: ignored",
			               n->p->name, c->opcode);
			break;
		}
		reset_state(n);
		break;
	case VB_NOR_K_EN4B:
	case VB_NOR_K_EX4B:
		if (n->p->addr4_needs_wel && !need_wel(n, c))
			break;
		n->addr4 = c->op->kind == VB_NOR_K_EN4B;
		n->cfg_gen++;
		if (n->p->addr4_needs_wel)
			n->wel = false;
		break;
	case VB_NOR_K_QPI_EN:
	case VB_NOR_K_QPI_EX:
		bit_set(n, n->p->qpi_n, c->op->kind == VB_NOR_K_QPI_EN ? 0 : 1);
		sync_mode(n);
		n->cfg_gen++;
		break;
	case VB_NOR_K_ERASE:
		do_erase(n, c);
		break;
	case VB_NOR_K_CHIP_ERASE:
		do_chip_erase(n, c);
		break;
	default:
		abort();
	}
}

static bool is_read_kind(uint8_t kind)
{
	return kind == VB_NOR_K_READ || kind == VB_NOR_K_RDSFDP || kind == VB_NOR_K_RDID ||
	       kind == VB_NOR_K_RDREG || kind == VB_NOR_K_RDAREG;
}

static bool allowed_busy(const struct vb_nor *n, const struct cmd *c)
{
	if (c->op->kind == VB_NOR_K_RSTEN || c->op->kind == VB_NOR_K_RST)
		return true;
	return (c->op->kind == VB_NOR_K_RDREG || c->op->kind == VB_NOR_K_RDAREG) && c->reg >= 0 &&
	       n->p->regs[c->reg].busy_ok;
}

/*
 * DOPI array reads and programs are word-oriented (two bytes per clock):
 * the chip ignores A0 and starts at the even address below
 * (vb_nor_parts.c, MX25LM51245G: why).
 */
static void dopi_word_align(struct vb_nor *n, struct cmd *c)
{
	if (n->mode != VB_NOR_DOPI || !n->p->opi || !n->p->opi->dopi_word || !(c->addr & 1) ||
	    (c->op->kind != VB_NOR_K_READ && c->op->kind != VB_NOR_K_PP))
		return;
	vb_guest_error(c->addr,
	               "nor %s: op 0x%02x at odd address 0x%08" PRIx32 " in DOPI: A0 ignored",
	               n->p->name, c->opcode, c->addr);
	c->addr &= ~1u;
}

static bool quad_blocked(const struct vb_nor *n, const struct vb_nor_op *op)
{
	return n->mode == VB_NOR_SPI && (op->addr_lines == 4 || op->data_lines == 4) &&
	       bit_get(n, n->p->qe) == 0;
}

/* Continuous read: the mode bits decide whether the next CS# skips the opcode. */
static bool cont_keeps(const struct vb_nor *n, uint8_t m)
{
	switch (n->p->cont) {
	case VB_NOR_CONT_M54_10:
		return (m & 0x30) == 0x20;
	case VB_NOR_CONT_NIBBLES_NE:
		return (((m >> 4) ^ m) & 0x0f) == 0x0f;
	default:
		return false;
	}
}

static void fill_ff(const struct vb_spi_xfer *x)
{
	if (x->data.len && !x->data.write)
		memset(x->data.buf, 0xff, x->data.len);
}

void vb_nor_xfer(struct vb_nor *n, struct vb_spi_xfer *x)
{
	struct wire w;
	struct cmd c;
	struct din d;
	bool aligned, rst_en;

	wire_build(&w, x);
	settle(n);
	n->cnt.xfers++;
	chip_parse(n, &w, &c);
	rst_en = n->rst_en;
	n->rst_en = false; /* reset enable holds for the next command only */
	fill_ff(x);
	if (!c.op) {
		if (c.bad_pair) {
			n->cnt.unknown++;
			vb_guest_error(0,
			               "nor %s: instruction 0x%02x%02x in %s mode: second byte not "
			               "the inverse, no command",
			               n->p->name, c.opcode, c.opcode2, mode_name(n->mode));
		} else if (c.have_opcode) {
			n->cnt.unknown++;
			vb_guest_error(0, "nor %s: unknown command 0x%02x in %s mode", n->p->name,
			               c.opcode, mode_name(n->mode));
		}
		return;
	}
	if (busy(n) && !allowed_busy(n, &c)) {
		n->cnt.ignored_busy++;
		vb_guest_error(c.addr, "nor %s: op 0x%02x while busy: ignored", n->p->name,
		               c.opcode);
		return;
	}
	if (quad_blocked(n, c.op)) {
		vb_guest_error(c.addr, "nor %s: quad op 0x%02x with QE = 0: ignored", n->p->name,
		               c.opcode);
		return;
	}
	aligned = xfer_aligned(n, &w, &c);
	if (!aligned)
		describe_mismatch(n, &w, &c);
	if (vb_trace_mask & VB_TR_BUS)
		vb_trace(VB_TR_BUS, "nor %s: op 0x%02x addr 0x%08" PRIx32 " len %" PRIu32,
		         n->p->name, c.opcode, c.addr, x->data.len);
	if (c.k0 == UINT64_MAX)
		return; /* CS# high before the address or mode bits were complete */
	if (c.op->mode_clocks && c.mode_seen)
		n->cont = cont_keeps(n, c.mode_bits) ? c.op : NULL;
	dopi_word_align(n, &c);
	if (c.op->kind == VB_NOR_K_RDAREG && c.reg < 0)
		vb_guest_error(c.addr, "nor %s: op 0x%02x: no register at 0x%08" PRIx32, n->p->name,
		               c.opcode, c.addr);
	if (is_read_kind(c.op->kind)) {
		if (x->data.len && !x->data.write)
			do_read(n, &w, &c, aligned);
		return;
	}
	din_init(&d, &w, &c, aligned);
	if (c.op->kind == VB_NOR_K_PP) {
		do_program(n, &d, &c);
		return;
	}
	if (c.op->kind == VB_NOR_K_WRREG || c.op->kind == VB_NOR_K_WRAREG) {
		do_write_reg(n, &d, &c);
		return;
	}
	/* no data phase: CS# must rise right after the last address bit */
	if (w.total != c.k0) {
		vb_guest_error(c.addr,
		               "nor %s: op 0x%02x with %" PRIu64 " extra beats: not executed",
		               n->p->name, c.opcode, w.total - c.k0);
		return;
	}
	do_simple(n, &c, rst_en);
}

void vb_nor_read_view(struct vb_nor *n, const struct vb_spi_xfer *tmpl, uint32_t addr, uint8_t *out,
                      uint32_t len)
{
	struct vb_spi_xfer x = *tmpl;

	x.addr.value = addr;
	x.data.write = false;
	x.data.len = len;
	x.data.buf = out;
	if (!len)
		return;
	if (!x.data.lines)
		x.data.lines = 1;
	vb_nor_xfer(n, &x);
}

/* ---- life cycle ------------------------------------------------------------------ */

const char *vb_nor_part_names(void)
{
	static char names[256];

	if (!names[0]) {
		for (size_t i = 0; i < vb_nor_n_parts; i++) {
			if (i)
				strncat(names, ",", sizeof(names) - strlen(names) - 1);
			strncat(names, vb_nor_parts[i]->name, sizeof(names) - strlen(names) - 1);
		}
	}
	return names;
}

static const struct vb_nor_part *find_part(const char *name)
{
	for (size_t i = 0; i < vb_nor_n_parts; i++)
		if (!strcasecmp(vb_nor_parts[i]->name, name))
			return vb_nor_parts[i];
	return NULL;
}

static int map_file(struct vb_nor *n, const char *path)
{
	uint32_t size = n->p->size;
	struct stat st;
	bool fresh = false;
	void *m;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "vboard: flash file %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "vboard: flash file %s: not a regular file\n", path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		fresh = true;
		if (ftruncate(fd, size) < 0) {
			fprintf(stderr, "vboard: flash file %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
	} else if ((uint64_t)st.st_size != size) {
		fprintf(stderr,
		        "vboard: flash file %s is %lld bytes, but %s holds %" PRIu32
		        " bytes: use another file or delete it (it is created erased)\n",
		        path, (long long)st.st_size, n->p->name, size);
		close(fd);
		return -1;
	}
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		fprintf(stderr, "vboard: flash file %s: mmap: %s\n", path, strerror(errno));
		return -1;
	}
	n->mem = m;
	n->mapped = true;
	if (fresh)
		memset(n->mem, 0xff, size);
	return 0;
}

struct vb_nor *vb_nor_new(const char *part, const char *flash_file)
{
	const struct vb_nor_part *p = part ? find_part(part) : NULL;
	struct vb_nor *n;

	if (!p) {
		fprintf(stderr, "vboard: unknown flash part '%s' (known: %s)\n",
		        part ? part : "(none)", vb_nor_part_names());
		return NULL;
	}
	if (p->n_regs > VB_NOR_MAX_REGS || (p->size & (p->size - 1)) || !p->page ||
	    (p->page & (p->page - 1)))
		abort(); /* part table bug */
	n = calloc(1, sizeof(*n));
	if (!n)
		abort();
	n->p = p;
	if (flash_file) {
		if (map_file(n, flash_file) < 0) {
			free(n);
			return NULL;
		}
	} else {
		n->mem = malloc(p->size);
		if (!n->mem)
			abort();
		memset(n->mem, 0xff, p->size);
	}
	for (int i = 0; i < p->n_regs; i++)
		n->nv[i] = p->regs[i].factory;
	vb_nor_power_on(n);
	return n;
}

void vb_nor_free(struct vb_nor *n)
{
	if (!n)
		return;
	if (n->mapped)
		munmap(n->mem, n->p->size);
	else
		free(n->mem);
	free(n->audit);
	free(n);
}

uint32_t vb_nor_size(const struct vb_nor *n)
{
	return n->p->size;
}

const char *vb_nor_name(const struct vb_nor *n)
{
	return n->p->name;
}

/*
 * The volatile mode bits as firmware leaves them after switching: QPI and
 * DPI are Micron's active-low EVCR bits, SOPI/DOPI Macronix's active-high
 * CR2 bits. The non-volatile default is left alone: a power cycle or a
 * reset goes back to it, as on the part.
 */
int vb_nor_set_mode(struct vb_nor *n, const char *mode)
{
	const struct vb_nor_part *p = n->p;
	const struct vb_nor_opi *o = p->opi;
	static const struct vb_nor_bit none = VB_NOR_NO_BIT;
	struct vb_nor_bit sopi = o ? o->sopi : none, dopi = o ? o->dopi : none;
	struct vb_nor_bit want;

	if (!strcasecmp(mode, "spi"))
		want = none;
	else if (!strcasecmp(mode, "qpi"))
		want = p->qpi_n;
	else if (!strcasecmp(mode, "dpi"))
		want = p->dpi_n;
	else if (!strcasecmp(mode, "sopi"))
		want = sopi;
	else if (!strcasecmp(mode, "dopi"))
		want = dopi;
	else
		return -1;
	if (strcasecmp(mode, "spi") && bit_get(n, want) < 0)
		return -1;
	settle(n);
	bit_set(n, p->qpi_n, 1);
	bit_set(n, p->dpi_n, 1);
	bit_set(n, sopi, 0);
	bit_set(n, dopi, 0);
	if (!strcasecmp(mode, "qpi") || !strcasecmp(mode, "dpi"))
		bit_set(n, want, 0);
	else if (strcasecmp(mode, "spi"))
		bit_set(n, want, 1);
	n->cont = NULL;
	n->cfg_gen++;
	sync_mode(n);
	return 0;
}

void vb_nor_set_listener(struct vb_nor *n, void (*changed)(void *ctx, uint32_t addr, uint32_t len),
                         void *ctx)
{
	n->changed = changed;
	n->changed_ctx = ctx;
}

uint8_t *vb_nor_array(struct vb_nor *n)
{
	return n->mem;
}
