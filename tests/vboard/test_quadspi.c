// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The QUADSPI model (vboard/vb_quadspi.c + vb_xspi.c) against fakes: a
 * scripted flash chip implementing vb_spi.h (records every transaction),
 * a board whose bus holds only GPIO registers and records the window's
 * mapping, and a clock the test moves. Expected values are computed by
 * hand from RM0433 "Quad-SPI interface (QUADSPI)" (register reset values,
 * start rules, FLEVEL/FTF/TCF/BUSY, polling match rules, dual-flash).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "stm32/quadspi_regs.h"
#include "tap.h"
#include "xspi_fakes.h"
#include "vb_quadspi.h"

/* ---- fake chip ----------------------------------------------------------- */

#define CHIP_SIZE 0x100000u
#define LOG_MAX   64

struct vb_nor {
	uint8_t arr[CHIP_SIZE];
	struct vb_spi_xfer log[LOG_MAX];
	uint8_t logdata[LOG_MAX][16];
	int n;
	uint8_t status[8];
	int n_status, status_i;
	struct vb_spi_xfer view_tmpl;
	int views;
	void (*cb)(void *ctx, uint32_t addr, uint32_t len);
	void *ctx;
	uint32_t gen; /* vb_nor_cfg_gen: any write transaction may change reads */
};

static struct vb_nor *chips[2];
static int n_chips;

struct vb_nor *vb_nor_new(const char *part, const char *flash_file)
{
	struct vb_nor *n = calloc(1, sizeof(*n));

	(void)part;
	(void)flash_file;
	for (uint32_t i = 0; i < CHIP_SIZE; i++)
		n->arr[i] = (uint8_t)(i * 7 + 3 + 0x40 * n_chips);
	chips[n_chips++ % 2] = n;
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

void vb_nor_xfer(struct vb_nor *n, struct vb_spi_xfer *x)
{
	/* like the chip model: write enable, program and erase leave what
	 * reads return alone (array changes go to the listener); anything
	 * else written (registers, QPI, 4-byte mode) may change it */
	if ((x->data.write || !x->data.len) && x->cmd.value != 0x06 && x->cmd.value != 0x02 &&
	    x->cmd.value != 0x20 && x->cmd.value != 0xD8)
		n->gen++;
	if (n->n < LOG_MAX) {
		n->log[n->n] = *x;
		if (x->data.write && x->data.len)
			memcpy(n->logdata[n->n], x->data.buf, x->data.len < 16 ? x->data.len : 16);
		n->n++;
	}
	if (x->cmd.value == 0x05 && !x->data.write) {
		for (uint32_t i = 0; i < x->data.len; i++)
			x->data.buf[i] = n->status[n->status_i];
		if (n->status_i + 1 < n->n_status)
			n->status_i++;
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

void vb_nor_audit_json(FILE *f, const struct vb_nor *n)
{
	(void)n;
	fputs("{ \"fake\": true }", f);
}

void vb_nor_read_view(struct vb_nor *n, const struct vb_spi_xfer *tmpl, uint32_t addr, uint8_t *out,
                      uint32_t len)
{
	n->view_tmpl = *tmpl;
	n->views++;
	for (uint32_t i = 0; i < len; i++)
		out[i] = n->arr[(addr + i) % CHIP_SIZE];
}

/* ---- helpers -------------------------------------------------------------- */

static struct vb_board board;
static struct vb_quadspi *q;

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

/* Put every pin of desc in its alternate function. */
static void pins_af(const struct vb_quadspi_desc *d)
{
	for (size_t i = 0; i < d->wiring.n_pins; i++) {
		const struct vb_xspi_pin *p = &d->wiring.pins[i];
		uint32_t *g = board.gpio[p->port];

		g[0] = (g[0] & ~(3u << (2 * p->pin))) | 2u << (2 * p->pin);
		g[8 + p->pin / 8] = (g[8 + p->pin / 8] & ~(0xFu << (4 * (p->pin & 7)))) |
		                    (uint32_t)p->af << (4 * (p->pin & 7));
	}
}

static void setup(const struct vb_quadspi_desc *d, uint32_t errata)
{
	if (q)
		vb_quadspi_free(q);
	memset(&board, 0, sizeof(board));
	board.gpio_base = d->params->gpio_base;
	n_chips = 0;
	chips[0] = chips[1] = NULL;
	q = vb_quadspi_new(&board, d, NULL, errata, NULL);
	pins_af(d);
	vb_stats.guest_errors = 0;
}

#define CCR(fm, im, adm, ads, abm, abs, dc, dm, ins)                                           \
	(XSPI_FIELD_PREP(QUADSPI_CCR_FMODE, fm) | XSPI_FIELD_PREP(QUADSPI_CCR_IMODE, im) |     \
	 XSPI_FIELD_PREP(QUADSPI_CCR_ADMODE, adm) | XSPI_FIELD_PREP(QUADSPI_CCR_ADSIZE, ads) | \
	 XSPI_FIELD_PREP(QUADSPI_CCR_ABMODE, abm) | XSPI_FIELD_PREP(QUADSPI_CCR_ABSIZE, abs) | \
	 XSPI_FIELD_PREP(QUADSPI_CCR_DCYC, dc) | XSPI_FIELD_PREP(QUADSPI_CCR_DMODE, dm) |      \
	 XSPI_FIELD_PREP(QUADSPI_CCR_INSTRUCTION, ins))

#define FLEVEL(sr) XSPI_FIELD_GET(QUADSPI_SR_FLEVEL, sr)
/* CR: enabled, prescaler 1 (100 MHz from 200 MHz: 10 ns a cycle), FTHRES 3
 * (4 bytes). */
#define CR_BASE                                                     \
	(QUADSPI_CR_EN | XSPI_FIELD_PREP(QUADSPI_CR_PRESCALER, 1) | \
	 XSPI_FIELD_PREP(QUADSPI_CR_FTHRES, 3))
#define DCR_1M XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 19) /* 2^20 bytes */

/* ---- tests ------------------------------------------------------------- */

static void test_reset_and_ids(void)
{
	static const uint32_t offs[] = { 0x00, 0x04, 0x08, 0x10, 0x14, 0x18,
		                         0x1C, 0x24, 0x28, 0x2C, 0x30 };
	int zero = 1;

	setup(&vb_quadspi_h750b_dk, 0);
	CHECK_EQ(board.periph.base, 0x52005000u, "H7 QUADSPI registers at 0x52005000");
	CHECK_EQ(board.periph.gate_reg, 0x580244D4u, "H7 clock gate RCC_AHB3ENR");
	CHECK_EQ(board.periph.gate_bit, 1u << 14, "H7 clock gate bit 14 (QSPIEN)");
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		zero &= rd(offs[i]) == 0;
	CHECK(zero, "every register resets to 0x00000000 (RM0433)");
	wr(QUADSPI_DCR, 0xFFFFFFFF);
	CHECK_EQ(rd(QUADSPI_DCR), 0x001F0701u, "DCR keeps only CKMODE, CSHT, FSIZE");
	wr(QUADSPI_CR, 0xFFFFFFFD);
	CHECK_EQ(rd(QUADSPI_CR), 0xFFDF1FDDu, "CR reserved bits 5, 13-15, 21 read 0");
	wr(QUADSPI_CR, 0);
	board.periph.reset(board.periph.ctx);
	CHECK_EQ(rd(QUADSPI_DCR), 0u, "system reset: DCR back to 0");
	setup(&vb_quadspi_f746g_disco, 0);
	CHECK_EQ(board.periph.base, 0xA0001000u, "F7 QUADSPI registers at 0xA0001000");
	CHECK_EQ(board.periph.gate_reg, 0x40023838u, "F7 clock gate RCC_AHB3ENR");
	CHECK_EQ(board.periph.gate_bit, 1u << 1, "F7 clock gate bit 1 (QSPIEN)");
}

static void test_start_rules(void)
{
	setup(&vb_quadspi_h750_w25q, 0);
	wr(QUADSPI_CR, CR_BASE);
	wr(QUADSPI_DCR, DCR_1M);
	/* WREN: no address, no data: the CCR write starts it */
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(chips[0]->n, 1, "write mode, no address, no data: CCR write starts");
	CHECK_EQ(chips[0]->log[0].cmd.value, 0x06u, "... instruction 0x06 reaches the chip");
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_TCF | QUADSPI_SR_BUSY), QUADSPI_SR_TCF,
	         "... TCF set, BUSY clear");
	wr(QUADSPI_FCR, QUADSPI_FCR_CTCF);
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_TCF, 0u, "FCR.CTCF clears TCF");
	/* sector erase: address, no data: the AR write starts it */
	wr(QUADSPI_CCR, CCR(0, 1, 1, 2, 0, 0, 0, 0, 0x20));
	CHECK_EQ(chips[0]->n, 1, "address needed: CCR write does not start");
	wr(QUADSPI_ABR, 0x55);
	CHECK_EQ(chips[0]->n, 1, "ABR write never starts");
	wr(QUADSPI_AR, 0x1000);
	CHECK_EQ(chips[0]->n, 2, "AR write starts it");
	CHECK_EQ(chips[0]->log[1].addr.value, 0x1000u, "... with the address");
	CHECK_EQ(chips[0]->log[1].addr.nbytes, 3u, "... ADSIZE 2 = 3 bytes");
	/* read ID: no address, data from the chip: CCR starts */
	wr(QUADSPI_DLR, 2);
	wr(QUADSPI_CCR, CCR(1, 1, 0, 0, 0, 0, 0, 1, 0x9F));
	CHECK_EQ(chips[0]->n, 3, "read mode, no address: CCR write starts");
	CHECK_EQ(chips[0]->log[2].data.len, 3u, "... DLR + 1 = 3 bytes");
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_ABORT);
	/* page program: address and data: AR does not start, DR does */
	wr(QUADSPI_DLR, 7);
	wr(QUADSPI_CCR, CCR(0, 1, 1, 2, 0, 0, 0, 1, 0x02));
	wr(QUADSPI_AR, 0x200);
	CHECK_EQ(chips[0]->n, 3, "write with data: AR write does not start");
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, 0u, "... and BUSY stays clear");
	paced_ns = 0;
	wrn(QUADSPI_DR, 1, 0xA1);
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, "first DR write starts it (BUSY)");
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_FTF, "indirect write: FIFO has room, FTF set");
	CHECK_EQ(FLEVEL(rd(QUADSPI_SR)), 0u, "... the wire drains it (FLEVEL 0)");
	wrn(QUADSPI_DR, 2, 0xB2B1);
	wrn(QUADSPI_DR, 4, 0xC4C3C2C1);
	CHECK_EQ(chips[0]->n, 3, "7 of 8 bytes: still in progress");
	wrn(QUADSPI_DR + 1, 1, 0xD1);
	CHECK_EQ(chips[0]->n, 4, "8th byte: the chip-select period ends");
	{
		static const uint8_t want[8] = { 0xA1, 0xB1, 0xB2, 0xC1, 0xC2, 0xC3, 0xC4, 0xD1 };

		CHECK(!memcmp(chips[0]->logdata[3], want, 8),
		      "DR byte/half/word move 1/2/4 bytes, in order");
	}
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_TCF | QUADSPI_SR_BUSY), QUADSPI_SR_TCF,
	         "page program done: TCF, not BUSY");
	/* 1-1-1 at 10 ns a cycle: 8 + 24 + 64 cycles */
	CHECK_EQ(paced_ns, 960u, "wire time of the program paced: 96 cycles x 10 ns");
	/* EN = 0: nothing starts */
	wr(QUADSPI_CR, CR_BASE & ~QUADSPI_CR_EN);
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(chips[0]->n, 4, "CR.EN = 0: a command does not start");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... counted as a guest error");
}

static void test_indirect_read_fifo(void)
{
	uint32_t sr, w;

	setup(&vb_quadspi_h750_w25q, 0);
	wr(QUADSPI_CR, CR_BASE);
	wr(QUADSPI_DCR, DCR_1M);
	wr(QUADSPI_DLR, 39);
	wr(QUADSPI_CCR, CCR(1, 1, 1, 2, 0, 0, 0, 1, 0x03));
	CHECK_EQ(chips[0]->n, 0, "read with address: CCR write does not start");
	wr(QUADSPI_AR, 0x100);
	CHECK_EQ(chips[0]->n, 1, "AR write starts the read");
	sr = rd(QUADSPI_SR);
	CHECK_EQ(FLEVEL(sr), 32u, "FIFO full: FLEVEL 32 of 40");
	CHECK_EQ(sr & (QUADSPI_SR_BUSY | QUADSPI_SR_FTF | QUADSPI_SR_TCF),
	         QUADSPI_SR_BUSY | QUADSPI_SR_FTF, "BUSY, FTF (>= 4 bytes), no TCF yet");
	w = rd(QUADSPI_DR);
	CHECK_EQ(w,
	         (uint32_t)chips[0]->arr[0x100] | chips[0]->arr[0x101] << 8 |
	                 chips[0]->arr[0x102] << 16 | (uint32_t)chips[0]->arr[0x103] << 24,
	         "DR word: 4 bytes, little-endian");
	CHECK_EQ(FLEVEL(rd(QUADSPI_SR)), 32u, "refilled: FLEVEL 32, 4 bytes still to read");
	rd(QUADSPI_DR);
	rd(QUADSPI_DR);
	sr = rd(QUADSPI_SR);
	CHECK_EQ(FLEVEL(sr), 28u, "12 read: FLEVEL 28, all 40 received");
	CHECK(sr & QUADSPI_SR_TCF, "TCF once every byte came from the memory");
	CHECK(sr & QUADSPI_SR_BUSY, "BUSY while the FIFO holds data");
	CHECK_EQ(rdn(QUADSPI_DR, 1), chips[0]->arr[0x10C], "DR byte read: 1 byte");
	CHECK_EQ(FLEVEL(rd(QUADSPI_SR)), 27u, "... FLEVEL 27");
	CHECK_EQ(rdn(QUADSPI_DR, 2), (uint32_t)chips[0]->arr[0x10D] | chips[0]->arr[0x10E] << 8,
	         "DR half read: 2 bytes");
	CHECK_EQ(FLEVEL(rd(QUADSPI_SR)), 25u, "... FLEVEL 25");
	for (int i = 0; i < 23; i++)
		rdn(QUADSPI_DR, 1);
	sr = rd(QUADSPI_SR);
	CHECK_EQ(FLEVEL(sr), 2u, "2 bytes left");
	CHECK(sr & QUADSPI_SR_FTF, "FTF: below threshold but data left after the last read");
	rdn(QUADSPI_DR, 2);
	sr = rd(QUADSPI_SR);
	CHECK_EQ(sr & (QUADSPI_SR_BUSY | QUADSPI_SR_FTF | 0x3F00u), 0u,
	         "empty and done: not BUSY, no FTF, FLEVEL 0");
	/* DLR = 0xFFFFFFFF: up to the end of the memory (FSIZE 4: 32 bytes) */
	wr(QUADSPI_DCR, XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 4));
	wr(QUADSPI_DLR, 0xFFFFFFFF);
	wr(QUADSPI_AR, 0x10);
	CHECK_EQ(chips[0]->log[1].data.len, 16u, "undefined length: to the end of FSIZE");
	CHECK_EQ(FLEVEL(rd(QUADSPI_SR)), 16u, "... 16 bytes");
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_ABORT);
	sr = rd(QUADSPI_SR);
	CHECK_EQ(sr & (QUADSPI_SR_BUSY | 0x3F00u), 0u, "abort: not BUSY, FIFO flushed");
	CHECK(sr & QUADSPI_SR_TCF, "abort sets TCF");
	CHECK_EQ(rd(QUADSPI_CR) & QUADSPI_CR_ABORT, 0u, "CR.ABORT clears itself");
	/* TEF: an address beyond FSIZE */
	wr(QUADSPI_DLR, 3);
	wr(QUADSPI_AR, 0x20);
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_TEF, "address beyond FSIZE: TEF");
	CHECK_EQ(chips[0]->n, 2, "... and nothing sent");
}

static void test_polling(void)
{
	uint32_t cr = CR_BASE | QUADSPI_CR_APMS;

	setup(&vb_quadspi_h750_w25q, 0);
	chips[0]->status[0] = 0x03;
	chips[0]->status[1] = 0x03;
	chips[0]->status[2] = 0x00;
	chips[0]->n_status = 3;
	wr(QUADSPI_CR, cr);
	wr(QUADSPI_DCR, DCR_1M);
	wr(QUADSPI_DLR, 0);
	wr(QUADSPI_PSMKR, 0x01);
	wr(QUADSPI_PSMAR, 0x00);
	wr(QUADSPI_PIR, 0x10);
	now_ns = 1000;
	wr(QUADSPI_CCR, CCR(2, 1, 0, 0, 0, 0, 0, 1, 0x05));
	CHECK_EQ(chips[0]->n, 1, "auto-polling without address: CCR starts the first poll");
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_BUSY | QUADSPI_SR_SMF), QUADSPI_SR_BUSY,
	         "WIP set: no match, BUSY");
	/* period: 8 instruction + 8 data + 16 interval cycles = 320 ns after
	 * the poll (which itself took 8 cycles of header: t = 1080) */
	now_ns = 1080 + 319;
	rd(QUADSPI_SR);
	CHECK_EQ(chips[0]->n, 1, "no second poll before PIR has elapsed");
	now_ns = 1080 + 320;
	rd(QUADSPI_SR);
	CHECK_EQ(chips[0]->n, 2, "second poll after (transfer + PIR) cycles");
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, "... still busy");
	now_ns = 1080 + 640;
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_BUSY | QUADSPI_SR_SMF), QUADSPI_SR_SMF,
	         "AND match (bit 0 = 0): SMF, APMS stops (not BUSY)");
	CHECK_EQ(rdn(QUADSPI_DR, 1), 0u, "DR holds the last status");
	wr(QUADSPI_FCR, QUADSPI_FCR_CSMF);
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_SMF, 0u, "FCR.CSMF clears SMF");

	/* AND vs OR with mask 0x03, match 0x02, status 0x03 */
	chips[0]->status[0] = 0x03;
	chips[0]->n_status = 1;
	chips[0]->status_i = 0;
	wr(QUADSPI_PSMKR, 0x03);
	wr(QUADSPI_PSMAR, 0x02);
	wr(QUADSPI_CCR, CCR(2, 1, 0, 0, 0, 0, 0, 1, 0x05));
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_SMF, 0u, "AND: 0x03 vs 0x02 under 0x03: no match");
	wr(QUADSPI_CR, cr | QUADSPI_CR_ABORT);
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, 0u, "abort ends polling");
	wr(QUADSPI_CR, cr | QUADSPI_CR_PMM);
	wr(QUADSPI_CCR, CCR(2, 1, 0, 0, 0, 0, 0, 1, 0x05));
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_SMF, "OR: bit 1 matches: SMF");
	/* APMS = 0: matches keep coming, polling goes on */
	wr(QUADSPI_CR, (cr & ~QUADSPI_CR_APMS) | QUADSPI_CR_PMM);
	wr(QUADSPI_FCR, QUADSPI_FCR_ALL);
	wr(QUADSPI_CCR, CCR(2, 1, 0, 0, 0, 0, 0, 1, 0x05));
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_BUSY | QUADSPI_SR_SMF),
	         QUADSPI_SR_BUSY | QUADSPI_SR_SMF, "APMS = 0: SMF and still BUSY");
	wr(QUADSPI_PIR, 1);
	CHECK_EQ(vb_stats.guest_errors, 1u, "PIR written while BUSY: counted");
	CHECK_EQ(rd(QUADSPI_PIR), 0x10u, "... and ignored");
	wr(QUADSPI_CR, ((cr & ~QUADSPI_CR_APMS) | QUADSPI_CR_PMM | QUADSPI_CR_ABORT) + (1u << 24));
	CHECK_EQ(rd(QUADSPI_CR) >> 24, 1u, "PRESCALER change while BUSY ignored");
	CHECK_EQ(vb_stats.guest_errors, 2u, "... and counted");
}

static void test_dual(void)
{
	setup(&vb_quadspi_h750b_dk, 0);
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_DFM);
	wr(QUADSPI_DCR, XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 20));
	wr(QUADSPI_DLR, 7);
	wr(QUADSPI_CCR, CCR(0, 1, 1, 3, 0, 0, 0, 1, 0x12));
	wr(QUADSPI_AR, 0x200);
	wr(QUADSPI_DR, 0x03020100);
	wr(QUADSPI_DR, 0x07060504);
	CHECK_EQ(chips[0]->n, 1, "dual: memory 1 gets the program");
	CHECK_EQ(chips[1]->n, 1, "dual: memory 2 gets the program");
	CHECK_EQ(chips[0]->log[0].addr.value, 0x100u, "dual: address halved (memory 1)");
	CHECK_EQ(chips[1]->log[0].addr.value, 0x100u, "dual: address halved (memory 2)");
	CHECK_EQ(chips[0]->log[0].data.len, 4u, "dual: 4 bytes each");
	CHECK(chips[0]->logdata[0][0] == 0 && chips[0]->logdata[0][1] == 2 &&
	              chips[0]->logdata[0][3] == 6,
	      "even bytes to memory 1");
	CHECK(chips[1]->logdata[0][0] == 1 && chips[1]->logdata[0][3] == 7,
	      "odd bytes to memory 2");
	wr(QUADSPI_DLR, 3);
	wr(QUADSPI_CCR, CCR(1, 1, 1, 3, 0, 0, 0, 1, 0x13));
	wr(QUADSPI_AR, 0x200);
	CHECK_EQ(rd(QUADSPI_DR),
	         (uint32_t)chips[0]->arr[0x100] | chips[1]->arr[0x100] << 8 |
	                 chips[0]->arr[0x101] << 16 | (uint32_t)chips[1]->arr[0x101] << 24,
	         "dual read: bytes interleaved 1, 2, 1, 2");
	/* dual status: one byte from each, memory 2 in bits 15:8 */
	chips[0]->status[0] = 0x00;
	chips[1]->status[0] = 0x01;
	chips[0]->n_status = chips[1]->n_status = 1;
	wr(QUADSPI_DLR, 1);
	wr(QUADSPI_PSMKR, 0x0101);
	wr(QUADSPI_PSMAR, 0);
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_DFM | QUADSPI_CR_APMS);
	wr(QUADSPI_CCR, CCR(2, 1, 0, 0, 0, 0, 0, 1, 0x05));
	CHECK_EQ(rdn(QUADSPI_DR, 2), 0x0100u, "dual status word: memory 1 low, memory 2 high");
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_SMF, 0u, "memory 2 busy: no match");
	chips[1]->status[0] = 0x00;
	now_ns += 100000;
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_SMF, "both ready: match");
	/* FSEL: memory 2 alone */
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_FSEL);
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(chips[1]->log[chips[1]->n - 1].cmd.value, 0x06u, "FSEL = 1: memory 2 gets it");
	CHECK_EQ(chips[0]->log[chips[0]->n - 1].cmd.value, 0x05u, "... memory 1 does not");
	/* single-chip board, FSEL = 1: nothing there */
	setup(&vb_quadspi_h750_w25q, 0);
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_FSEL);
	wr(QUADSPI_DCR, DCR_1M);
	wr(QUADSPI_DLR, 0);
	wr(QUADSPI_CCR, CCR(1, 1, 0, 0, 0, 0, 0, 1, 0x9F));
	CHECK_EQ(rdn(QUADSPI_DR, 1), 0xFFu, "no memory 2: reads 0xFF");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... counted as a guest error");
}

static void test_ddr_and_lines(void)
{
	struct vb_spi_xfer *x;

	setup(&vb_quadspi_h750_w25q, 0);
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_SSHIFT);
	wr(QUADSPI_DCR, DCR_1M);
	wr(QUADSPI_DLR, 3);
	wr(QUADSPI_ABR, 0x12345678);
	wr(QUADSPI_CCR, CCR(1, 1, 3, 2, 3, 1, 6, 3, 0xED) | QUADSPI_CCR_DDRM);
	wr(QUADSPI_AR, 0x40);
	x = &chips[0]->log[0];
	CHECK(x->cmd.lines == 1 && !x->cmd.dtr, "DDRM: instruction stays SDR on 1 line");
	CHECK(x->addr.lines == 4 && x->addr.dtr, "DDRM: address on 4 lines, DTR");
	CHECK(x->alt.lines == 4 && x->alt.dtr && x->alt.nbytes == 2,
	      "alternate bytes: 4 lines, DTR, ABSIZE 1 = 2 bytes");
	CHECK_EQ(x->alt.value, 0x5678u, "alternate bytes right-aligned from ABR");
	CHECK_EQ(x->dummy_cycles, 6u, "DCYC 6 dummy cycles");
	CHECK(x->data.lines == 4 && x->data.dtr, "data on 4 lines, DTR");
	CHECK_EQ(vb_stats.guest_errors, 0u, "SSHIFT set: accepted (not on the wire struct)");
}

static void test_memory_mapped(void)
{
	uint32_t cr = CR_BASE | QUADSPI_CR_TCEN;
	uint32_t mm = CCR(3, 1, 3, 2, 3, 0, 4, 3, 0xEB);
	int builds;

	setup(&vb_quadspi_h750_w25q, 0);
	wr(QUADSPI_CR, cr);
	wr(QUADSPI_DCR, XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 15)); /* 64 KiB */
	wr(QUADSPI_LPTR, 100);
	wr(QUADSPI_ABR, 0xA0);
	now_ns = 5000;
	wr(QUADSPI_CCR, mm);
	CHECK_EQ(board.maps, 1, "FMODE = 11: the window is mapped");
	CHECK_EQ(board.base, 0x90000000u, "... at 0x90000000");
	CHECK_EQ(board.size, 0x10000u, "... 2^(FSIZE+1) bytes: beyond them the bus faults");
	CHECK(!memcmp(board.mem, chips[0]->arr, 0x10000), "window shows the memory");
	CHECK_EQ(chips[0]->view_tmpl.cmd.value, 0xEBu, "read view: instruction 0xEB");
	CHECK(chips[0]->view_tmpl.addr.lines == 4 && chips[0]->view_tmpl.addr.nbytes == 3,
	      "read view: 3-byte address on 4 lines");
	CHECK(chips[0]->view_tmpl.alt.lines == 4 && chips[0]->view_tmpl.alt.value == 0xA0,
	      "read view: alternate byte 0xA0 on 4 lines");
	CHECK(chips[0]->view_tmpl.dummy_cycles == 4 && chips[0]->view_tmpl.data.lines == 4,
	      "read view: 4 dummy cycles, data on 4 lines");
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, "memory-mapped: BUSY (nCS held)");
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(vb_stats.guest_errors, 1u, "CCR written while BUSY: counted");
	CHECK_EQ(board.unmaps, 0, "... ignored, still mapped");
	now_ns = 5000 + 999;
	CHECK_EQ(rd(QUADSPI_SR) & QUADSPI_SR_TOF, 0u, "LPTR 100 x 10 ns: no timeout at 999 ns");
	now_ns = 5000 + 1000;
	CHECK_EQ(rd(QUADSPI_SR) & (QUADSPI_SR_TOF | QUADSPI_SR_BUSY), QUADSPI_SR_TOF,
	         "timeout at 1000 ns: TOF, nCS released (not BUSY)");
	/* leave, program, come back: only the changed block is rebuilt */
	wr(QUADSPI_DLR, 2);
	wr(QUADSPI_CCR, CCR(1, 1, 0, 0, 0, 0, 0, 1, 0x9F));
	CHECK_EQ(board.unmaps, 1, "indirect mode: the window is unmapped (accesses fault)");
	wr(QUADSPI_CR, cr | QUADSPI_CR_ABORT);
	wr(QUADSPI_DLR, 0);
	wr(QUADSPI_CCR, CCR(0, 1, 1, 2, 0, 0, 0, 1, 0x02));
	wr(QUADSPI_AR, 0x2345);
	wrn(QUADSPI_DR, 1, 0x00);
	builds = (int)vb_quadspi_engine(q)->cnt.view_builds;
	wr(QUADSPI_CCR, mm);
	CHECK_EQ(vb_quadspi_engine(q)->cnt.view_builds - (uint64_t)builds, 1u,
	         "re-entry: one 4 KiB block rebuilt");
	CHECK_EQ(board.mem[0x2345], 0u, "... showing the programmed byte");
	/* a write command that changed no array byte (QPI entry, 4-byte
	 * mode, ...) may change what reads return: all rebuilt */
	wr(QUADSPI_CR, cr | QUADSPI_CR_ABORT);
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x35));
	builds = (int)vb_quadspi_engine(q)->cnt.view_builds;
	wr(QUADSPI_CCR, mm);
	CHECK_EQ(vb_quadspi_engine(q)->cnt.view_builds - (uint64_t)builds, 16u,
	         "after a write command without array change: whole window rebuilt");
	/* a change while mapped shows at once */
	board.code_written = 0;
	chips[0]->arr[0x10] = 0x5A;
	chips[0]->cb(chips[0]->ctx, 0x10, 1);
	CHECK_EQ(board.mem[0x10], 0x5Au, "chip change while mapped: window updated");
	CHECK_EQ(board.code_written, 1, "... and stale code flushed");
	/* TCEN = 0: BUSY stays */
	wr(QUADSPI_CR, cr | QUADSPI_CR_ABORT);
	wr(QUADSPI_CR, CR_BASE);
	wr(QUADSPI_CCR, mm);
	now_ns += 1000000;
	CHECK(rd(QUADSPI_SR) & QUADSPI_SR_BUSY, "TCEN = 0: BUSY stays");
	wr(QUADSPI_CR, CR_BASE & ~QUADSPI_CR_EN);
	CHECK_EQ(board.mem, NULL, "CR.EN = 0: window gone");
	/* erratum: the last byte of the FSIZE region reads 0 */
	setup(&vb_quadspi_f746g_disco, VB_XSPI_ERRATUM_MM_LAST);
	wr(QUADSPI_CR, CR_BASE);
	wr(QUADSPI_DCR, XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 15));
	wr(QUADSPI_CCR, CCR(3, 1, 1, 2, 0, 0, 0, 1, 0x03));
	CHECK(chips[0]->arr[0xFFFF] != 0 && board.mem[0xFFFF] == 0,
	      "--errata qspi-mm-last: last byte of the region reads 0x00");
	CHECK_EQ(board.mem[0xFFFE], chips[0]->arr[0xFFFE], "... the one before is right");
	/* dual window: interleaved */
	setup(&vb_quadspi_h750b_dk, 0);
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_DFM);
	wr(QUADSPI_DCR, XSPI_FIELD_PREP(QUADSPI_DCR_FSIZE, 15));
	wr(QUADSPI_CCR, CCR(3, 1, 1, 3, 0, 0, 0, 1, 0x13));
	CHECK(board.mem[0] == chips[0]->arr[0] && board.mem[1] == chips[1]->arr[0] &&
	              board.mem[0x7FFF] == chips[1]->arr[0x3FFF],
	      "dual window: even bytes memory 1, odd bytes memory 2");
}

static void test_pins(void)
{
	setup(&vb_quadspi_h750b_dk, 0);
	wr(QUADSPI_CR, CR_BASE);
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(vb_quadspi_engine(q)->cnt.pin_errors, 0u, "pins in AF: no report");
	board.gpio[5][9] &= ~(0xFu << 8); /* PF10 (CLK) AFRH: AF0 */
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(vb_quadspi_engine(q)->cnt.pin_errors, 1u, "CLK not AF9: reported");
	CHECK(strstr(last_err, "CLK=PF10") != NULL, "... naming the pin");
	CHECK_EQ(vb_stats.guest_errors, 1u, "... as a guest error");
	pins_af(&vb_quadspi_h750b_dk);
	board.gpio[7][0] &= ~(3u << 4); /* PH2 (BK2_IO0) input */
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(vb_quadspi_engine(q)->cnt.pin_errors, 1u, "bank 2 pins unused in single mode");
	wr(QUADSPI_CR, CR_BASE | QUADSPI_CR_DFM);
	wr(QUADSPI_CCR, CCR(0, 1, 0, 0, 0, 0, 0, 0, 0x06));
	CHECK_EQ(vb_quadspi_engine(q)->cnt.pin_errors, 2u, "dual mode needs bank 2 pins");

	/* ... and the stats file says so */
	char *json = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);

	vb_xspi_json(f, vb_quadspi_engine(q));
	fclose(f);
	CHECK(json && strstr(json, "\"pin_errors\": 2,") &&
	              strstr(json, "\"chips\": [{ \"fake\": true }"),
	      "stats JSON carries pin_errors and the chips' audit");
	free(json);
}

static void test_errata_names(void)
{
	uint32_t m = 0;

	CHECK(vb_xspi_errata_parse("qspi-mm-last", &m) == 0 && m == VB_XSPI_ERRATUM_MM_LAST,
	      "--errata qspi-mm-last parses");
	CHECK(vb_xspi_errata_parse("qspi-mm-last,nope", &m) < 0, "unknown erratum refused");
}

int main(void)
{
	test_reset_and_ids();
	test_start_rules();
	test_indirect_read_fifo();
	test_polling();
	test_dual();
	test_ddr_and_lines();
	test_memory_mapped();
	test_pins();
	test_errata_names();
	vb_quadspi_free(q);
	return tap_done();
}
