// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The OCTOSPI model (vboard/vb_octospi.c + vb_xspi.c) against fakes: a
 * NOR chip on the vb_spi.h wire and a HyperRAM on the vb_hyperram.h API,
 * both recording every transfer; a board whose bus holds only GPIO
 * registers and records how windows are mapped (it implements
 * vb_board_map_window as the contract in vb_xspi.h says); a clock the
 * test moves. Expected values are worked out by hand from RM0468
 * "Octo-SPI interface (OCTOSPI)" (start rules, reset values, field
 * layout), docs/facts/hyperram.md (HLCR latency rules, DK settings) and
 * docs/facts/peripherals.md (errata 5 and 6).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "stm32/octospi_regs.h"
#include "tap.h"
#include "xspi_fakes.h"
#include "vb_hyperram.h"
#include "vb_octospi.h"

/* ---- fake NOR chip -------------------------------------------------------- */

#define CHIP_SIZE 0x100000u
#define LOG_MAX   64

struct vb_nor {
	uint8_t arr[CHIP_SIZE];
	struct vb_spi_xfer log[LOG_MAX];
	uint8_t logdata[LOG_MAX][16];
	int n;
	uint8_t status;
	int views;
	struct vb_spi_xfer view_tmpl;
	void (*cb)(void *ctx, uint32_t addr, uint32_t len);
	void *ctx;
	uint32_t gen;
};

static struct vb_nor *nor;

struct vb_nor *vb_nor_new(const char *part, const char *flash_file)
{
	struct vb_nor *n = calloc(1, sizeof(*n));

	(void)part;
	(void)flash_file;
	for (uint32_t i = 0; i < CHIP_SIZE; i++)
		n->arr[i] = (uint8_t)(i * 5 + 1);
	nor = n;
	return n;
}

void vb_nor_free(struct vb_nor *n)
{
	free(n);
}

uint32_t vb_nor_size(const struct vb_nor *n)
{
	(void)n;
	return CHIP_SIZE;
}

void vb_nor_set_listener(struct vb_nor *n, void (*changed)(void *, uint32_t, uint32_t), void *ctx)
{
	n->cb = changed;
	n->ctx = ctx;
}

uint32_t vb_nor_cfg_gen(const struct vb_nor *n)
{
	return n->gen;
}

void vb_nor_audit_json(FILE *f, const struct vb_nor *n)
{
	(void)n;
	fputs("{ \"fake_nor\": true }", f);
}

/* Records everything; status reads (05h, 0x05FA pair) give status; a
 * write programs (AND) and tells the listener; other reads give the
 * array at the address. */
void vb_nor_xfer(struct vb_nor *n, struct vb_spi_xfer *x)
{
	if (n->n < LOG_MAX) {
		n->log[n->n] = *x;
		if (x->data.write && x->data.len)
			memcpy(n->logdata[n->n], x->data.buf, x->data.len < 16 ? x->data.len : 16);
		n->n++;
	}
	if ((x->cmd.value == 0x05 || x->cmd.value == 0x05FA) && !x->data.write) {
		for (uint32_t i = 0; i < x->data.len; i++)
			x->data.buf[i] = n->status;
		return;
	}
	if (x->data.write) {
		for (uint32_t i = 0; i < x->data.len; i++)
			n->arr[(x->addr.value + i) % CHIP_SIZE] &= x->data.buf[i];
		if (x->data.len && n->cb)
			n->cb(n->ctx, x->addr.value, x->data.len);
		return;
	}
	for (uint32_t i = 0; i < x->data.len; i++)
		x->data.buf[i] = n->arr[(x->addr.value + i) % CHIP_SIZE];
}

void vb_nor_read_view(struct vb_nor *n, const struct vb_spi_xfer *tmpl, uint32_t addr, uint8_t *out,
                      uint32_t len)
{
	n->view_tmpl = *tmpl;
	n->views++;
	for (uint32_t i = 0; i < len; i++)
		out[i] = n->arr[(addr + i) % CHIP_SIZE];
}

/* ---- fake HyperRAM -------------------------------------------------------- */

#define RAM_SIZE 0x1000000u /* 16 MiB, as the S70KL1281 */

struct vb_hyperram {
	uint8_t *arr;
	uint16_t cr0;
	bool fixed;  /* CR0.FLE */
	uint32_t il; /* initial latency clocks */
	bool rwds;   /* what RWDS says during CA in variable mode */
	struct vb_hbus_xfer log[LOG_MAX];
	int n;
};

static struct vb_hyperram *ram;

struct vb_hyperram *vb_hyperram_new(const char *part)
{
	struct vb_hyperram *h = calloc(1, sizeof(*h));

	(void)part;
	h->arr = malloc(RAM_SIZE);
	for (uint32_t i = 0; i < RAM_SIZE; i++)
		h->arr[i] = (uint8_t)(i * 3 + 7);
	h->fixed = true; /* power-on: fixed latency, 6 clocks (hyperram.md) */
	h->il = 6;
	h->cr0 = 0x8F1F;
	ram = h;
	return h;
}

void vb_hyperram_free(struct vb_hyperram *h)
{
	if (!h)
		return;
	free(h->arr);
	free(h);
}

uint32_t vb_hyperram_size(const struct vb_hyperram *h)
{
	(void)h;
	return RAM_SIZE;
}

uint8_t *vb_hyperram_array(struct vb_hyperram *h)
{
	return h->arr;
}

bool vb_hyperram_rwds_high(const struct vb_hyperram *h, uint32_t addr)
{
	(void)addr;
	return h->fixed || h->rwds;
}

uint32_t vb_hyperram_latency_needed(const struct vb_hyperram *h, const struct vb_hbus_xfer *x)
{
	if (x->reg_space && !x->read)
		return 0;
	return vb_hyperram_rwds_high(h, x->addr) ? 2 * h->il : h->il;
}

/* A wrong latency or a read not sampled on RWDS gives 0xEE bytes (the
 * real model shifts data; any wrong value will do here); a wrong write
 * latency drops the write. */
void vb_hyperram_xfer(struct vb_hyperram *h, struct vb_hbus_xfer *x)
{
	bool ok = x->latency_clocks == vb_hyperram_latency_needed(h, x) && (!x->read || x->dqs);

	if (h->n < LOG_MAX)
		h->log[h->n++] = *x;
	if (x->reg_space) {
		if (x->read && x->len >= 2) {
			x->buf[0] = (uint8_t)h->cr0;
			x->buf[1] = (uint8_t)(h->cr0 >> 8);
		} else if (!x->read && ok && x->len >= 2) {
			h->cr0 = (uint16_t)(x->buf[0] | x->buf[1] << 8);
		}
		return;
	}
	for (uint32_t i = 0; i < x->len; i++) {
		uint32_t a = (x->addr + i) % RAM_SIZE;

		if (x->read)
			x->buf[i] = ok ? h->arr[a] : 0xEE;
		else if (ok)
			h->arr[a] = x->buf[i];
	}
}

void vb_hyperram_json(FILE *f, const struct vb_hyperram *h)
{
	fprintf(f, "{ \"fake_ram\": %d }", h->n);
}

/* ---- helpers -------------------------------------------------------------- */

static struct vb_board board;
static struct vb_octospi *o;

static uint32_t rd(uint32_t off)
{
	return board.periph.read(board.periph.ctx, off, 4);
}

static uint32_t rdn(uint32_t off, unsigned int size)
{
	return board.periph.read(board.periph.ctx, off, size);
}

static void wr(uint32_t off, uint32_t v)
{
	board.periph.write(board.periph.ctx, off, 4, v);
}

static void wrn(uint32_t off, unsigned int size, uint32_t v)
{
	board.periph.write(board.periph.ctx, off, size, v);
}

static struct vb_xspi *eng(void)
{
	return vb_octospi_engine(o);
}

static void pins_af(const struct vb_octospi_desc *d)
{
	for (size_t i = 0; i < d->wiring.n_pins; i++) {
		const struct vb_xspi_pin *p = &d->wiring.pins[i];
		uint32_t *g = board.gpio[p->port];

		g[0] = (g[0] & ~(3u << (2 * p->pin))) | 2u << (2 * p->pin);
		g[8 + p->pin / 8] = (g[8 + p->pin / 8] & ~(0xFu << (4 * (p->pin & 7)))) |
		                    (uint32_t)p->af << (4 * (p->pin & 7));
	}
}

static void setup(const struct vb_octospi_desc *d, uint32_t errata)
{
	if (o)
		vb_octospi_free(o);
	memset(&board, 0, sizeof(board));
	board.gpio_base = d->params->gpio_base;
	nor = NULL;
	ram = NULL;
	o = vb_octospi_new(&board, d, NULL, errata);
	pins_af(d);
	vb_stats.guest_errors = 0;
}

#define F(f, v) XSPI_FIELD_PREP(f, v)
/* CCR: modes (0 none, 1, 2, 3 = 4 lines, 4 = 8 lines), sizes (bytes - 1) */
#define CCR(im, idtr, isz, adm, addtr, adsz, abm, absz, dm, ddtr)                                 \
	(F(OCTOSPI_CCR_IMODE, im) | ((idtr) ? OCTOSPI_CCR_IDTR : 0) | F(OCTOSPI_CCR_ISIZE, isz) | \
	 F(OCTOSPI_CCR_ADMODE, adm) | ((addtr) ? OCTOSPI_CCR_ADDTR : 0) |                         \
	 F(OCTOSPI_CCR_ADSIZE, adsz) | F(OCTOSPI_CCR_ABMODE, abm) | F(OCTOSPI_CCR_ABSIZE, absz) | \
	 F(OCTOSPI_CCR_DMODE, dm) | ((ddtr) ? OCTOSPI_CCR_DDTR : 0))
#define SPI_CMD        CCR(1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
#define SPI_ADDR3      CCR(1, 0, 0, 1, 0, 2, 0, 0, 0, 0)
#define SPI_READ3      CCR(1, 0, 0, 1, 0, 2, 0, 0, 1, 0)
#define SPI_RDSR       CCR(1, 0, 0, 0, 0, 0, 0, 0, 1, 0)
/* CR: enabled, FTHRES 4 bytes, FMODE */
#define CR_EN(fm)      (OCTOSPI_CR_EN | F(OCTOSPI_CR_FTHRES, 3) | F(OCTOSPI_CR_FMODE, fm))
#define IND_W          0
#define IND_R          1
#define POLL           2
#define MMAP           3
/* DCR1: DEVSIZE 2^(n+1) bytes; DCR2 PRESCALER 1: 100 MHz, 10 ns a clock */
#define DCR1_DEV(n)    F(OCTOSPI_DCR1_DEVSIZE, n)
#define DCR2_P1        F(OCTOSPI_DCR2_PRESCALER, 1)
#define FLEVEL(sr)     XSPI_FIELD_GET(OCTOSPI_SR_FLEVEL, sr)
/* OpenOCD's H735 board file: CCR 0x2C003C1C = 8D-8D-8D, 16-bit opcode,
 * 32-bit address, DQSE (bit 29) set */
#define OCTAL_DTR_READ 0x2C003C1Cu

static void nor_setup(uint32_t errata)
{
	setup(&vb_octospi1_h735g_dk, errata);
	wr(OCTOSPI_DCR1, DCR1_DEV(19)); /* 1 MiB */
	wr(OCTOSPI_DCR2, DCR2_P1);
}

/* ---- tests ----------------------------------------------------------------- */

static void test_reset_and_ids(void)
{
	static const uint32_t offs[] = { OCTOSPI_CR,    OCTOSPI_DCR1,  OCTOSPI_DCR2,  OCTOSPI_DCR3,
		                         OCTOSPI_DCR4,  OCTOSPI_SR,    OCTOSPI_FCR,   OCTOSPI_DLR,
		                         OCTOSPI_AR,    OCTOSPI_PSMKR, OCTOSPI_PSMAR, OCTOSPI_PIR,
		                         OCTOSPI_CCR,   OCTOSPI_TCR,   OCTOSPI_IR,    OCTOSPI_ABR,
		                         OCTOSPI_LPTR,  OCTOSPI_WPCCR, OCTOSPI_WPTCR, OCTOSPI_WPIR,
		                         OCTOSPI_WPABR, OCTOSPI_WCCR,  OCTOSPI_WTCR,  OCTOSPI_WIR,
		                         OCTOSPI_WABR,  OCTOSPI_HLCR };
	int zero = 1;

	setup(&vb_octospi1_h735g_dk, 0);
	CHECK_EQ(board.periph.base, 0x52005000u, "OCTOSPI1 registers at 0x52005000");
	CHECK_EQ(board.periph.gate_reg, 0x580244D4u, "clock gate RCC_AHB3ENR");
	CHECK_EQ(board.periph.gate_bit, 1u << 14, "OCTOSPI1EN is bit 14");
	CHECK(nor != NULL && vb_octospi_hyperram(o) == NULL, "OCTOSPI1 carries a NOR, no HyperRAM");
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		zero &= rd(offs[i]) == 0;
	CHECK(zero, "every register resets to 0x00000000");
	CHECK_EQ(rd(OCTOSPI_MID), 0xA3C5DD01u, "MID reads the magic 0xA3C5DD01 (OpenOCD stmqspi)");
	wr(OCTOSPI_MID, 0);
	CHECK_EQ(rd(OCTOSPI_MID), 0xA3C5DD01u, "MID is read-only");
	wr(OCTOSPI_CR, 0xFFFFFFFCu);
	CHECK_EQ(rd(OCTOSPI_CR), 0x30DF1FCCu, "CR keeps only its fields (reserved bits read 0)");
	wr(OCTOSPI_CR, 0);
	wr(OCTOSPI_DCR1, 0xFFFFFFFFu);
	CHECK_EQ(rd(OCTOSPI_DCR1), 0x071F077Bu,
	         "DCR1: CKMODE FRCK DLYBYP CKCSHT CSHT DEVSIZE MTYP");
	wr(OCTOSPI_DCR2, 0xFFFFFFFFu);
	wr(OCTOSPI_DCR3, 0xFFFFFFFFu);
	wr(OCTOSPI_DCR4, 0xFFFFFFFFu);
	CHECK(rd(OCTOSPI_DCR2) == 0x000700FFu && rd(OCTOSPI_DCR3) == 0x001F00FFu &&
	              rd(OCTOSPI_DCR4) == 0xFFFFFFFFu,
	      "DCR2 PRESCALER/WRAPSIZE, DCR3 MAXTRAN/CSBOUND, DCR4 REFRESH");
	wr(OCTOSPI_CCR, 0xFFFFFFFFu);
	wr(OCTOSPI_TCR, 0xFFFFFFFFu);
	wr(OCTOSPI_WTCR, 0xFFFFFFFFu);
	wr(OCTOSPI_HLCR, 0xFFFFFFFFu);
	CHECK(rd(OCTOSPI_CCR) == 0xAF3F3F3Fu && rd(OCTOSPI_TCR) == 0x5000001Fu &&
	              rd(OCTOSPI_WTCR) == 0x1Fu && rd(OCTOSPI_HLCR) == 0x00FFFF03u,
	      "CCR, TCR (DCYC DHQC SSHIFT), WTCR (DCYC), HLCR (LM WZL TACC TRWR)");
	wrn(OCTOSPI_HLCR + 1, 1, 0x06);
	CHECK_EQ(rd(OCTOSPI_HLCR), 0x00FF0603u, "byte write to HLCR.TACC");
	CHECK_EQ(rdn(OCTOSPI_HLCR + 2, 2), 0x00FFu, "halfword read of HLCR[31:16]");
	wr(OCTOSPI_SR, 0xFFFFFFFFu);
	CHECK_EQ(rd(OCTOSPI_SR), 0u, "SR is read-only");
	board.periph.reset(board.periph.ctx);
	CHECK(rd(OCTOSPI_DCR1) == 0 && rd(OCTOSPI_HLCR) == 0 && rd(OCTOSPI_CCR) == 0,
	      "system reset: back to 0");
	setup(&vb_octospi2_h735g_dk, 0);
	CHECK_EQ(board.periph.base, 0x5200A000u, "OCTOSPI2 registers at 0x5200A000");
	CHECK_EQ(board.periph.gate_bit, 1u << 19, "OCTOSPI2EN is bit 19");
	CHECK(ram != NULL && vb_octospi_hyperram(o) == ram, "OCTOSPI2 carries the HyperRAM");
	CHECK(!strcmp(vb_octospi2_h735g_dk.wiring.pins[1].signal, "P2_NCS") &&
	              vb_octospi2_h735g_dk.wiring.pins[1].af == 3,
	      "PG12 NCS in AF3 (BSP GPIO_AF3_OCTOSPIM_P2)");
}

static void test_start_rules(void)
{
	int n;

	nor_setup(0);
	wr(OCTOSPI_CR, CR_EN(IND_W));
	wr(OCTOSPI_CCR, SPI_CMD);
	CHECK_EQ(nor->n, 0, "CCR write never starts");
	wr(OCTOSPI_IR, 0x06);
	CHECK_EQ(nor->n, 1, "no address, no data: IR write starts");
	CHECK_EQ(nor->log[0].cmd.value, 0x06u, "... instruction 0x06 reaches the chip");
	CHECK_EQ(rd(OCTOSPI_SR) & (OCTOSPI_SR_TCF | OCTOSPI_SR_BUSY), OCTOSPI_SR_TCF,
	         "... TCF, not BUSY");
	wr(OCTOSPI_FCR, OCTOSPI_FCR_CTCF);
	CHECK_EQ(rd(OCTOSPI_SR) & OCTOSPI_SR_TCF, 0u, "FCR.CTCF clears TCF");
	wr(OCTOSPI_CCR, SPI_ADDR3);
	wr(OCTOSPI_IR, 0x20);
	CHECK_EQ(nor->n, 1, "address needed: IR write does not start");
	wr(OCTOSPI_ABR, 0x55);
	CHECK_EQ(nor->n, 1, "ABR write never starts");
	wr(OCTOSPI_AR, 0x1000);
	CHECK_EQ(nor->n, 2, "AR write starts it");
	CHECK(nor->log[1].addr.value == 0x1000 && nor->log[1].addr.nbytes == 3,
	      "... with the 3-byte address");
	/* page program: address and data: neither IR nor AR starts, DR does */
	wr(OCTOSPI_DLR, 3);
	wr(OCTOSPI_CCR, CCR(1, 0, 0, 1, 0, 2, 0, 0, 1, 0));
	wr(OCTOSPI_IR, 0x02);
	wr(OCTOSPI_AR, 0x200);
	CHECK_EQ(nor->n, 2, "indirect write with data: IR and AR do not start");
	wrn(OCTOSPI_DR, 1, 0xA1);
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_BUSY, "first DR write starts it");
	wr(OCTOSPI_DLR, 7);
	CHECK_EQ(rd(OCTOSPI_DLR), 3u, "DLR written while BUSY: ignored");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... and counted");
	wrn(OCTOSPI_DR, 2, 0xB2B1);
	wrn(OCTOSPI_DR, 1, 0xC1);
	CHECK_EQ(nor->n, 3, "4th byte ends the chip-select period");
	CHECK(nor->logdata[2][0] == 0xA1 && nor->logdata[2][1] == 0xB1 &&
	              nor->logdata[2][2] == 0xB2 && nor->logdata[2][3] == 0xC1,
	      "DR byte/half accesses move 1/2 bytes, in order");
	/* indirect read, address: AR starts it */
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_CCR, SPI_READ3);
	wr(OCTOSPI_IR, 0x03);
	CHECK_EQ(nor->n, 3, "indirect read with address: IR does not start");
	wr(OCTOSPI_AR, 0x40);
	CHECK_EQ(rd(OCTOSPI_DR),
	         (uint32_t)nor->arr[0x40] | nor->arr[0x41] << 8 | nor->arr[0x42] << 16 |
	                 (uint32_t)nor->arr[0x43] << 24,
	         "AR starts the read; DR word little-endian");
	CHECK_EQ(rd(OCTOSPI_SR) & OCTOSPI_SR_BUSY, 0u, "all read: not BUSY");
	/* FMODE changes while BUSY are ignored */
	wr(OCTOSPI_DLR, 39);
	wr(OCTOSPI_AR, 0x40);
	wr(OCTOSPI_CR, CR_EN(IND_W));
	CHECK_EQ(XSPI_FIELD_GET(OCTOSPI_CR_FMODE, rd(OCTOSPI_CR)), (uint32_t)IND_R,
	         "CR.FMODE change while BUSY: ignored");
	/* abort */
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	CHECK_EQ(rd(OCTOSPI_SR) & (OCTOSPI_SR_BUSY | 0x3F00u), 0u, "abort: not BUSY, FIFO flushed");
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_TCF, "abort sets TCF");
	CHECK_EQ(rd(OCTOSPI_CR) & OCTOSPI_CR_ABORT, 0u, "CR.ABORT clears itself");
	/* disabled: nothing starts */
	n = nor->n;
	vb_stats.guest_errors = 0;
	wr(OCTOSPI_CR, CR_EN(IND_W) & ~OCTOSPI_CR_EN);
	wr(OCTOSPI_CCR, SPI_CMD);
	wr(OCTOSPI_IR, 0x06);
	CHECK_EQ(nor->n, n, "CR.EN = 0: an IR write starts nothing");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... counted as a guest error");
	/* DEVSIZE: address + length beyond the memory: TEF, nothing sent */
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_CCR, SPI_READ3);
	wr(OCTOSPI_DLR, 15);
	wr(OCTOSPI_AR, CHIP_SIZE - 8);
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_TEF, "address + length beyond DEVSIZE: TEF");
	CHECK_EQ(nor->n, n, "... and nothing sent");
}

static void test_octal_dtr_read(void)
{
	struct vb_spi_xfer *x;
	uint32_t w;

	nor_setup(0);
	/* OpenOCD's H735 DTR octal read: IR = 0xEE11, CCR 0x2C003C1C with
	 * DQSE, TCR 0x10000006 (DHQC, 6 dummy clocks); 20 here */
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_TCR, OCTOSPI_TCR_DHQC | 20);
	wr(OCTOSPI_CCR, OCTAL_DTR_READ);
	wr(OCTOSPI_DLR, 7);
	wr(OCTOSPI_IR, 0xEE11);
	CHECK_EQ(nor->n, 0, "8D-8D-8D read: IR does not start (address needed)");
	paced_ns = 0;
	wr(OCTOSPI_AR, 0x100);
	x = &nor->log[0];
	CHECK(x->cmd.lines == 8 && x->cmd.dtr && x->cmd.nbytes == 2 && x->cmd.value == 0xEE11,
	      "instruction: 16-bit opcode pair 0xEE11 on 8 lines DTR");
	CHECK(x->addr.lines == 8 && x->addr.dtr && x->addr.nbytes == 4 && x->addr.value == 0x100,
	      "address: 4 bytes on 8 lines DTR");
	CHECK_EQ(x->dummy_cycles, 20u, "TCR.DCYC 20 dummy clocks");
	CHECK(x->data.lines == 8 && x->data.dtr && x->data.dqs && !x->data.write &&
	              x->data.len == 8,
	      "data: 8 bytes on 8 lines DTR, sampled on DQS (CCR.DQSE)");
	/* 1 + 2 + 20 + 4 clocks of 10 ns */
	CHECK_EQ(paced_ns, 270u, "wire time: 1 + 2 + 20 header and 4 data clocks");
	w = rd(OCTOSPI_DR);
	CHECK_EQ(w & 0xFF, nor->arr[0x100], "the data comes back through DR");
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_CCR, OCTAL_DTR_READ & ~OCTOSPI_CCR_DQSE);
	wr(OCTOSPI_AR, 0x100);
	CHECK(!nor->log[1].data.dqs, "DQSE = 0: the memory sees a read not sampled on DQS");
}

static void test_line_modes(void)
{
	struct vb_spi_xfer *x;

	nor_setup(0);
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_DLR, 3);
	wr(OCTOSPI_ABR, 0x12345678);
	wr(OCTOSPI_TCR, 4);
	/* 1S-2S-4D: instruction 1 line STR, address 2 lines STR, alternate
	 * 2 bytes 4 lines DTR, data 4 lines DTR */
	wr(OCTOSPI_CCR, CCR(1, 0, 0, 2, 0, 2, 3, 1, 3, 1) | OCTOSPI_CCR_ABDTR);
	wr(OCTOSPI_IR, 0xED);
	paced_ns = 0;
	wr(OCTOSPI_AR, 0x40);
	x = &nor->log[0];
	CHECK(x->cmd.lines == 1 && !x->cmd.dtr && x->cmd.nbytes == 1, "instruction 1 line STR");
	CHECK(x->addr.lines == 2 && !x->addr.dtr && x->addr.nbytes == 3, "address 2 lines STR");
	CHECK(x->alt.lines == 4 && x->alt.dtr && x->alt.nbytes == 2 && x->alt.value == 0x5678,
	      "alternate 2 bytes, 4 lines DTR, right-aligned from ABR");
	CHECK(x->data.lines == 4 && x->data.dtr, "data 4 lines DTR");
	/* 8 + 12 + 2 + 4 dummy + 4 data (4 bytes, 4 lines, DTR) = 30 */
	CHECK_EQ(paced_ns, 300u, "wire time follows lines and DTR per phase");
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_BUSY, "data not read yet: BUSY");
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_CR, CR_EN(IND_W));
	wr(OCTOSPI_CCR, CCR(3, 1, 3, 0, 0, 0, 0, 0, 0, 0));
	wr(OCTOSPI_IR, 0xA1B2C3D4u);
	x = &nor->log[1];
	CHECK(x->cmd.lines == 4 && x->cmd.dtr && x->cmd.nbytes == 4 && x->cmd.value == 0xA1B2C3D4u,
	      "ISIZE 3: a 4-byte instruction on 4 lines DTR");
	wr(OCTOSPI_CCR, CCR(2, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	wr(OCTOSPI_IR, 0x1FF);
	vb_stats.guest_errors = 0;
	wr(OCTOSPI_CCR, CCR(5, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	wr(OCTOSPI_IR, 0x1FF);
	CHECK(nor->log[3].cmd.lines == 0 && vb_stats.guest_errors == 1,
	      "IMODE 101 (reserved): no instruction phase, guest error");
	CHECK(nor->log[2].cmd.lines == 2 && nor->log[2].cmd.value == 0xFFu,
	      "ISIZE 0: one instruction byte (upper IR bits not sent), 2 lines");
}

static void test_polling(void)
{
	nor_setup(0);
	nor->status = 0x01;
	wr(OCTOSPI_CR, CR_EN(POLL) | OCTOSPI_CR_APMS);
	wr(OCTOSPI_DLR, 0);
	wr(OCTOSPI_PSMKR, 0x01);
	wr(OCTOSPI_PSMAR, 0x00);
	wr(OCTOSPI_PIR, 0x10);
	wr(OCTOSPI_CCR, SPI_RDSR);
	now_ns = 1000;
	wr(OCTOSPI_IR, 0x05);
	CHECK_EQ(nor->n, 1, "automatic polling: IR write starts the first poll");
	CHECK_EQ(rd(OCTOSPI_SR) & (OCTOSPI_SR_BUSY | OCTOSPI_SR_SMF), OCTOSPI_SR_BUSY,
	         "WIP set: no match, BUSY");
	wr(OCTOSPI_PIR, 1);
	CHECK_EQ(rd(OCTOSPI_PIR), 0x10u, "PIR written while polling: ignored");
	nor->status = 0x00;
	now_ns += 1000;
	CHECK_EQ(rd(OCTOSPI_SR) & (OCTOSPI_SR_BUSY | OCTOSPI_SR_SMF), OCTOSPI_SR_SMF,
	         "match after PIR: SMF, APMS stops");
	CHECK(nor->n >= 2, "... polled again");
	CHECK_EQ(rdn(OCTOSPI_DR, 1), 0u, "DR holds the last status");
	/* octal DTR status read (05FA pair, 8D-8D-8D, 4 dummy clocks) */
	nor->status = 0x01;
	wr(OCTOSPI_FCR, OCTOSPI_FCR_ALL);
	wr(OCTOSPI_CR, CR_EN(POLL) | OCTOSPI_CR_APMS);
	wr(OCTOSPI_CCR, OCTAL_DTR_READ);
	wr(OCTOSPI_TCR, 4);
	wr(OCTOSPI_DLR, 1);
	wr(OCTOSPI_IR, 0x05FA);
	wr(OCTOSPI_AR, 0);
	CHECK(nor->log[nor->n - 1].cmd.value == 0x05FA && nor->log[nor->n - 1].data.len == 2,
	      "octal status poll: AR starts it, 2 bytes (DTR word)");
	wr(OCTOSPI_CR, CR_EN(POLL) | OCTOSPI_CR_APMS | OCTOSPI_CR_ABORT);
	CHECK_EQ(rd(OCTOSPI_SR) & OCTOSPI_SR_BUSY, 0u, "abort ends polling");
}

static void test_memory_mapped_nor(void)
{
	uint32_t v;
	int n;

	nor_setup(0);
	wr(OCTOSPI_DCR1, DCR1_DEV(15)); /* 64 KiB */
	wr(OCTOSPI_CCR, OCTAL_DTR_READ);
	wr(OCTOSPI_TCR, OCTOSPI_TCR_DHQC | 20);
	wr(OCTOSPI_IR, 0xEE11);
	wr(OCTOSPI_WCCR, OCTAL_DTR_READ);
	wr(OCTOSPI_WIR, 0x12ED);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(board.mapped && board.base == 0x90000000u && board.acc == VB_VIEW_RX,
	      "FMODE = 11: NOR window mapped read/execute at 0x90000000");
	CHECK_EQ(board.size, 0x10000u, "... 2^(DEVSIZE+1) bytes");
	CHECK(nor->view_tmpl.cmd.value == 0xEE11 && nor->view_tmpl.cmd.nbytes == 2 &&
	              nor->view_tmpl.dummy_cycles == 20 && nor->view_tmpl.data.dqs,
	      "read view: CCR/TCR/IR (16-bit opcode, 20 dummies, DQS)");
	CHECK(win_read(&board, 0x1234, 4, &v) == VB_BUS_OK &&
	              v == ((uint32_t)nor->arr[0x1234] | nor->arr[0x1235] << 8 |
	                    nor->arr[0x1236] << 16 | (uint32_t)nor->arr[0x1237] << 24),
	      "core read of the window gives the memory");
	CHECK(win_read(&board, 0x10000, 4, &v) == VB_BUS_FAULT,
	      "beyond DEVSIZE: bus error (nothing mapped)");
	n = nor->n;
	CHECK(win_write(&board, 0x20, 2, 0x0000) == VB_BUS_OK, "store into the window accepted");
	CHECK_EQ(nor->n, n + 1, "... sent as one transaction");
	CHECK(nor->log[n].cmd.value == 0x12ED && nor->log[n].cmd.nbytes == 2 &&
	              nor->log[n].data.write && nor->log[n].addr.value == 0x20 &&
	              nor->log[n].data.len == 2 && nor->log[n].addr.lines == 8,
	      "... the write transaction of WCCR/WIR at the window offset");
	CHECK_EQ(board.mem[0x20], 0u, "... and the view shows the programmed bytes");
	CHECK_EQ(eng()->cnt.mm_writes, 1u, "memory-mapped writes counted");
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_BUSY, "memory-mapped: BUSY");
	wr(OCTOSPI_CCR, 0);
	CHECK_EQ(rd(OCTOSPI_CCR), OCTAL_DTR_READ, "CCR write while BUSY ignored");
	/* leave through abort + FMODE */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	CHECK(board.mapped, "abort: memory-mapped mode stays (next access restarts)");
	wr(OCTOSPI_CR, CR_EN(IND_R));
	CHECK(!board.mapped, "FMODE = 01: window unmapped (accesses fault)");
	/* no WCCR data phase: the window takes no writes */
	wr(OCTOSPI_WCCR, 0);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(win_write(&board, 0x20, 4, 0) == VB_BUS_FAULT,
	      "WCCR without data phase: a store is a bus error");
	/* a window larger than 256 MiB is cut to the window */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_DCR1, DCR1_DEV(29));
	CHECK_EQ(board.size, 0x10000000u, "DEVSIZE above 256 MiB: the 256 MiB window");
}

static void test_errata(void)
{
	uint32_t wccr = OCTAL_DTR_READ & ~OCTOSPI_CCR_DQSE;
	int n;

	for (int on = 0; on < 2; on++) {
		nor_setup(on ? VB_XSPI_ERRATUM_MMW_DQS : 0);
		wr(OCTOSPI_CCR, SPI_READ3);
		wr(OCTOSPI_IR, 0x03);
		wr(OCTOSPI_WCCR, wccr);
		wr(OCTOSPI_WIR, 0x12ED);
		wr(OCTOSPI_CR, CR_EN(MMAP));
		n = nor->n;
		if (on) {
			CHECK(win_write(&board, 0x40, 4, 0) == VB_BUS_FAULT && nor->n == n,
			      "--errata ospi-mm-write-dqs: write with WCCR.DQSE = 0 is a bus error");
			CHECK_EQ(eng()->cnt.erratum_hits, 1u, "... counted");
			wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
			wr(OCTOSPI_WCCR, wccr | OCTOSPI_CCR_DQSE);
			CHECK(win_write(&board, 0x40, 4, 0) == VB_BUS_OK && nor->n == n + 1,
			      "... with WCCR.DQSE = 1 the write goes out");
		} else {
			CHECK(win_write(&board, 0x40, 4, 0) == VB_BUS_OK && nor->n == n + 1,
			      "erratum off: WCCR.DQSE = 0 write goes out");
		}
	}
	/* DTR command without data, DHQC set, DDTR = 0 (WREN in 8D: 06F9) */
	for (int on = 0; on < 2; on++) {
		nor_setup(on ? VB_XSPI_ERRATUM_DTR_NODATA : 0);
		wr(OCTOSPI_CR, CR_EN(IND_W));
		wr(OCTOSPI_TCR, OCTOSPI_TCR_DHQC);
		wr(OCTOSPI_CCR, CCR(4, 1, 1, 0, 0, 0, 0, 0, 0, 0));
		wr(OCTOSPI_IR, 0x06F9);
		CHECK_EQ(
		        nor->n, on ? 0 : 1,
		        on ? "--errata ospi-dtr-nodata: 8D WREN with DDTR = 0 never reaches the chip"
		           : "erratum off: 8D WREN reaches the chip");
		CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_TCF,
		      "... the controller still completes it (TCF)");
		if (!on)
			continue;
		wr(OCTOSPI_CCR, CCR(4, 1, 1, 0, 0, 0, 0, 0, 0, 1));
		wr(OCTOSPI_IR, 0x06F9);
		CHECK_EQ(nor->n, 1, "... with DDTR = 1 it is sent");
		wr(OCTOSPI_TCR, 0);
		wr(OCTOSPI_CCR, CCR(4, 1, 1, 0, 0, 0, 0, 0, 0, 0));
		wr(OCTOSPI_IR, 0x06F9);
		CHECK_EQ(nor->n, 2, "... and with DHQC = 0");
	}
	{
		uint32_t m = 0;

		CHECK(vb_xspi_errata_parse("qspi-mm-last,ospi-mm-write-dqs,ospi-dtr-nodata", &m) ==
		                      0 &&
		              m == (VB_XSPI_ERRATUM_MM_LAST | VB_XSPI_ERRATUM_MMW_DQS |
		                    VB_XSPI_ERRATUM_DTR_NODATA),
		      "--errata names parse");
		CHECK(strstr(vb_xspi_errata_names(), "ospi-dtr-nodata") != NULL,
		      "--errata lists the OCTOSPI switches");
	}
}

/* ---- HyperBus --------------------------------------------------------------- */

/* hyperram.md: CCR = WCCR = 0x2C003C00 on the DK (with DQSE); HB_CCR
 * is that value without DQSE */
#define HB_CCR     (0x2C003C00u & ~OCTOSPI_CCR_DQSE)
#define HLCR_DK    (OCTOSPI_HLCR_LM | F(OCTOSPI_HLCR_TACC, 6) | F(OCTOSPI_HLCR_TRWR, 3))
#define DCR1_HBMEM (F(OCTOSPI_DCR1_MTYP, 4) | DCR1_DEV(23) | F(OCTOSPI_DCR1_CSHT, 3))
#define DCR1_HBREG (F(OCTOSPI_DCR1_MTYP, 5) | DCR1_DEV(23))

static void ram_setup(void)
{
	setup(&vb_octospi2_h735g_dk, 0);
	wr(OCTOSPI_DCR2, DCR2_P1);
	wr(OCTOSPI_DCR3, F(OCTOSPI_DCR3_CSBOUND, 23));
	wr(OCTOSPI_HLCR, HLCR_DK);
	wr(OCTOSPI_CCR, HB_CCR | OCTOSPI_CCR_DQSE); /* the DK's values */
	wr(OCTOSPI_WCCR, HB_CCR | OCTOSPI_CCR_DQSE);
}

static void test_hyperbus_indirect(void)
{
	struct vb_hbus_xfer *h;

	ram_setup();
	/* register space: read CR0 at byte address 0x1000 */
	wr(OCTOSPI_DCR1, DCR1_HBREG);
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_DLR, 1);
	paced_ns = 0;
	wr(OCTOSPI_AR, 0x1000);
	h = &ram->log[0];
	CHECK_EQ(ram->n, 1, "HyperBus read: AR write starts it");
	CHECK(h->read && h->reg_space && h->linear && h->addr == 0x1000 && h->len == 2,
	      "register-space read of CR0 at byte address 0x1000, linear");
	CHECK_EQ(h->latency_clocks, 12u, "fixed latency (HLCR.LM): 2 x TACC");
	CHECK(h->dqs, "read sampled on RWDS (CCR.DQSE)");
	CHECK_EQ(rdn(OCTOSPI_DR, 2), 0x8F1Fu, "CR0 power-on value through DR");
	/* 3 CA + 12 latency + 1 data + 3 recovery clocks of 10 ns */
	CHECK_EQ(paced_ns, 190u, "timing: CA, latency, data, TRWR");
	/* register write: WZL = 0 waits the latency: the part takes nothing */
	wr(OCTOSPI_CR, CR_EN(IND_W));
	wr(OCTOSPI_AR, 0x1000);
	wrn(OCTOSPI_DR, 2, 0x8FE7);
	CHECK(!ram->log[1].read && ram->log[1].reg_space && ram->log[1].latency_clocks == 12,
	      "register write with WZL = 0: 12 clocks of latency sent");
	CHECK_EQ(ram->cr0, 0x8F1Fu, "... which the register write does not survive");
	wr(OCTOSPI_HLCR, HLCR_DK | OCTOSPI_HLCR_WZL);
	wr(OCTOSPI_AR, 0x1000);
	wrn(OCTOSPI_DR, 2, 0x8FE7);
	CHECK_EQ(ram->log[2].latency_clocks, 0u, "WZL = 1: write without latency");
	CHECK_EQ(ram->cr0, 0x8FE7u, "... CR0 written");
	/* variable latency: TACC or 2 x TACC from RWDS */
	wr(OCTOSPI_HLCR, F(OCTOSPI_HLCR_TACC, 6));
	wr(OCTOSPI_DCR1, DCR1_HBMEM);
	wr(OCTOSPI_CR, CR_EN(IND_R));
	ram->fixed = false;
	ram->rwds = false;
	wr(OCTOSPI_DLR, 3);
	wr(OCTOSPI_AR, 0x100);
	CHECK(!ram->log[3].reg_space && ram->log[3].latency_clocks == 6,
	      "variable latency, RWDS low: TACC");
	CHECK_EQ(rd(OCTOSPI_DR),
	         (uint32_t)ram->arr[0x100] | ram->arr[0x101] << 8 | ram->arr[0x102] << 16 |
	                 (uint32_t)ram->arr[0x103] << 24,
	         "memory read through DR");
	ram->rwds = true;
	wr(OCTOSPI_AR, 0x100);
	CHECK_EQ(ram->log[4].latency_clocks, 12u, "variable latency, RWDS high: 2 x TACC");
	/* memory write, WZL = 0 */
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_CR, CR_EN(IND_W));
	wr(OCTOSPI_AR, 0x200);
	wr(OCTOSPI_DR, 0x44332211);
	CHECK(!ram->log[5].read && ram->log[5].addr == 0x200 && ram->log[5].len == 4 &&
	              ram->log[5].latency_clocks == 12,
	      "memory write: DR starts it, latency like a read");
	CHECK(ram->arr[0x200] == 0x11 && ram->arr[0x203] == 0x44, "... written");
	/* CSBOUND 23: a burst across the 8 MiB die boundary is two */
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_DLR, 7);
	wr(OCTOSPI_AR, 0x7FFFFC);
	CHECK(ram->n == 8 && ram->log[6].addr == 0x7FFFFC && ram->log[6].len == 4 &&
	              ram->log[7].addr == 0x800000 && ram->log[7].len == 4,
	      "DCR3.CSBOUND 23: burst split at the die boundary");
	/* a regular-command frame to the HyperRAM */
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	vb_stats.guest_errors = 0;
	wr(OCTOSPI_DCR1, DCR1_DEV(23));
	wr(OCTOSPI_CCR, SPI_READ3);
	wr(OCTOSPI_DLR, 0);
	wr(OCTOSPI_AR, 0x10);
	CHECK(ram->n == 8 && rdn(OCTOSPI_DR, 1) == 0xFF && vb_stats.guest_errors == 1,
	      "MTYP not HyperBus: the HyperRAM ignores it, reads 0xFF, guest error");
	wr(OCTOSPI_DCR1, DCR1_HBMEM);
	wr(OCTOSPI_CR, CR_EN(POLL));
	wr(OCTOSPI_AR, 4);
	CHECK(ram->n == 8 && vb_stats.guest_errors == 2, "HyperBus: automatic polling refused");
}

static void test_hyperbus_windows(void)
{
	uint32_t v;

	ram_setup();
	wr(OCTOSPI_DCR1, DCR1_HBMEM);
	wr(OCTOSPI_CCR, HB_CCR | OCTOSPI_CCR_DQSE);
	wr(OCTOSPI_WCCR, HB_CCR | OCTOSPI_CCR_DQSE);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(board.mapped && board.base == 0x70000000u && board.size == RAM_SIZE,
	      "HyperRAM window at 0x70000000, 16 MiB");
	CHECK(board.acc == VB_VIEW_RWX && board.mem == ram->arr,
	      "right latency, DQS, writes enabled: the array mapped read/write/execute");
	CHECK(win_write(&board, 0x300, 4, 0xCAFEF00D) == VB_BUS_OK && ram->arr[0x300] == 0x0D,
	      "fast path: a store lands in the array");
	CHECK_EQ(ram->n, 0, "... without a transfer per access");
	/* wrong TACC: slow path, the wire's wrong data */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_HLCR, OCTOSPI_HLCR_LM | F(OCTOSPI_HLCR_TACC, 5));
	CHECK(board.mapped && board.acc == VB_VIEW_IO,
	      "TACC 5 (part needs 6): window served per access");
	CHECK(win_read(&board, 0x300, 4, &v) == VB_BUS_OK && v == 0xEEEEEEEEu,
	      "... a read gives what the wire gives (wrong data)");
	CHECK(ram->n == 1 && ram->log[0].latency_clocks == 10 && ram->log[0].addr == 0x300 &&
	              ram->log[0].len == 4 && ram->log[0].read && !ram->log[0].reg_space,
	      "... one HyperBus read at the window offset with 2 x 5 clocks");
	CHECK(win_write(&board, 0x300, 1, 0x00) == VB_BUS_OK && ram->arr[0x300] == 0x0D,
	      "... a write with the wrong latency does not land");
	CHECK_EQ(eng()->cnt.mm_slow, 1u, "slow accesses counted");
	/* right latency but no DQSE: slow path too */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_HLCR, HLCR_DK);
	wr(OCTOSPI_CCR, HB_CCR);
	CHECK(board.acc == VB_VIEW_IO, "CCR.DQSE = 0: per access");
	CHECK(win_read(&board, 0x300, 4, &v) == VB_BUS_OK && v == 0xEEEEEEEEu,
	      "... reads not sampled on RWDS come back wrong");
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_CCR, HB_CCR | OCTOSPI_CCR_DQSE);
	CHECK(board.acc == VB_VIEW_RWX, "DQSE back: direct again");
	/* the part switched to variable latency 6 with RWDS low: the
	 * controller in fixed mode waits 12 where 6 is needed */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	ram->fixed = false;
	ram->rwds = false;
	wr(OCTOSPI_HLCR, HLCR_DK);
	CHECK(board.acc == VB_VIEW_IO,
	      "fixed-latency controller, variable-latency part: per access");
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_HLCR, F(OCTOSPI_HLCR_TACC, 6) | F(OCTOSPI_HLCR_TRWR, 3));
	CHECK(board.acc == VB_VIEW_RWX, "variable latency both sides: direct");
	ram->fixed = true;
	/* register space memory-mapped: per access */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_HLCR, HLCR_DK);
	wr(OCTOSPI_DCR1, DCR1_HBREG);
	CHECK(board.acc == VB_VIEW_IO, "MTYP 101 memory-mapped: per access");
	CHECK(win_read(&board, 0x1000, 2, &v) == VB_BUS_OK && v == 0x8F1F,
	      "... CR0 read through the window");
	/* WCCR without writes: no direct map */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_DCR1, DCR1_HBMEM);
	wr(OCTOSPI_WCCR, 0);
	CHECK(board.acc == VB_VIEW_IO && win_write(&board, 0, 4, 0) == VB_BUS_FAULT,
	      "WCCR without data phase: per access, stores fault");
	/* DEVSIZE larger than the array: per access (the part decides) */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_WCCR, HB_CCR | OCTOSPI_CCR_DQSE);
	wr(OCTOSPI_DCR1, F(OCTOSPI_DCR1_MTYP, 4) | DCR1_DEV(24));
	CHECK(board.acc == VB_VIEW_IO && board.size == 2 * RAM_SIZE,
	      "DEVSIZE 32 MiB on a 16 MiB part: per access");
	/* the MMW_DQS erratum keeps writes from the direct map */
	setup(&vb_octospi2_h735g_dk, VB_XSPI_ERRATUM_MMW_DQS);
	wr(OCTOSPI_DCR1, DCR1_HBMEM);
	wr(OCTOSPI_HLCR, HLCR_DK);
	wr(OCTOSPI_CCR, HB_CCR | OCTOSPI_CCR_DQSE);
	wr(OCTOSPI_WCCR, HB_CCR);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(board.acc == VB_VIEW_IO && win_write(&board, 0, 4, 0) == VB_BUS_FAULT,
	      "--errata ospi-mm-write-dqs, WCCR.DQSE = 0: per access, writes fault");
}

static void test_routing(void)
{
	uint32_t v;
	char *json = NULL;
	size_t len = 0;
	FILE *f;

	nor_setup(0);
	wr(OCTOSPI_CR, CR_EN(IND_R));
	wr(OCTOSPI_CCR, SPI_READ3);
	wr(OCTOSPI_IR, 0x03);
	wr(OCTOSPI_DLR, 3);
	vb_octospi_set_routed(o, false);
	wr(OCTOSPI_AR, 0x10);
	CHECK_EQ(nor->n, 0, "unrouted: the chip sees nothing");
	CHECK_EQ(rd(OCTOSPI_DR), 0xFFFFFFFFu, "... reads float (0xFF)");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... counted as a guest error");
	CHECK(rd(OCTOSPI_SR) & OCTOSPI_SR_TCF, "... the controller itself completes");
	vb_octospi_set_routed(o, true);
	wr(OCTOSPI_AR, 0x10);
	CHECK_EQ(nor->n, 1, "routed again: the chip answers");
	wr(OCTOSPI_CR, CR_EN(IND_R) | OCTOSPI_CR_ABORT);
	/* routing changed while memory-mapped: broken */
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(vb_octospi_mm_active(o) && board.mapped, "memory-mapped");
	vb_stats.guest_errors = 0;
	vb_octospi_set_routed(o, false);
	CHECK(!vb_octospi_mm_active(o) && !board.mapped, "routing changed: window gone");
	CHECK(win_read(&board, 0, 4, &v) == VB_BUS_FAULT, "... core/debugger reads fault");
	CHECK_EQ(eng()->cnt.mm_broken, 1u, "... hazard counted");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... and reported");
	vb_octospi_set_routed(o, true);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(!board.mapped, "routed back, FMODE = 11 written again: still broken (no abort)");
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	CHECK(board.mapped && vb_octospi_mm_active(o), "abort + memory-mapped entry: window back");
	/* CR.EN cleared while memory-mapped */
	wr(OCTOSPI_CR, CR_EN(MMAP) & ~OCTOSPI_CR_EN);
	CHECK(!board.mapped && eng()->cnt.mm_broken == 2, "CR.EN cleared while mapped: hazard");
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(!board.mapped, "... EN set again without abort: window still faults");
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	CHECK(board.mapped, "... abort: back");
	/* the HAL way: abort, disable, reroute, enable: no hazard */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	wr(OCTOSPI_CR, CR_EN(MMAP) & ~OCTOSPI_CR_EN);
	vb_octospi_set_routed(o, false);
	vb_octospi_set_routed(o, true);
	wr(OCTOSPI_CR, CR_EN(MMAP));
	CHECK(board.mapped && eng()->cnt.mm_broken == 2,
	      "abort before disable and reroute: clean exit and re-entry");
	/* mapped while unrouted: per access, reads float */
	wr(OCTOSPI_CR, CR_EN(MMAP) | OCTOSPI_CR_ABORT);
	vb_octospi_set_routed(o, false);
	CHECK(board.mapped && board.acc == VB_VIEW_IO, "aborted, unrouted: window per access");
	CHECK(win_read(&board, 0, 4, &v) == VB_BUS_OK && v == 0xFFFFFFFFu, "... reads float");
	f = open_memstream(&json, &len);
	vb_xspi_json(f, eng());
	fclose(f);
	CHECK(json && strstr(json, "\"mm_broken\": 2,") && strstr(json, "\"unrouted_transfers\": "),
	      "stats JSON carries mm_broken and unrouted transfers");
	free(json);
	/* the HyperRAM instance's JSON carries the memory's */
	ram_setup();
	json = NULL;
	f = open_memstream(&json, &len);
	vb_xspi_json(f, eng());
	fclose(f);
	CHECK(json && strstr(json, "\"memory\": { \"fake_ram\": 0 }"),
	      "HyperRAM counters in the instance's stats");
	free(json);
}

static void test_pins(void)
{
	nor_setup(0);
	wr(OCTOSPI_CR, CR_EN(IND_W));
	wr(OCTOSPI_CCR, SPI_CMD);
	wr(OCTOSPI_IR, 0x06);
	CHECK_EQ(eng()->cnt.pin_errors, 0u, "H735G-DK pins in their AF: no report");
	board.gpio[1][8] &= ~(0xFu << 8); /* PB2 (DQS) AFRL: AF0 */
	wr(OCTOSPI_IR, 0x06);
	CHECK(eng()->cnt.pin_errors == 1 && strstr(last_err, "P1_DQS=PB2"),
	      "DQS not in AF10: reported by name");
}

int main(void)
{
	test_reset_and_ids();
	test_start_rules();
	test_octal_dtr_read();
	test_line_modes();
	test_polling();
	test_memory_mapped_nor();
	test_errata();
	test_hyperbus_indirect();
	test_hyperbus_windows();
	test_routing();
	test_pins();
	vb_octospi_free(o);
	return tap_done();
}
