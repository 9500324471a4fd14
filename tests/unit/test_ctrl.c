// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests of the controller back-end (flash_drivers/ctrl).
 *
 * Every expected register value below is a literal worked out by hand from
 * the field positions in RM0433 / RM0468 (include/stm32/quadspi_regs.h,
 * octospi_regs.h) or taken from a known-good board configuration
 * (docs/facts/peripherals.md, hyperram.md); none is computed by the
 * code under test.
 *
 * A second, independent check replays each sequence into a tiny model of
 * the "when does the transfer start" rule of RM0433 / RM0468 and verifies
 * that every register the transfer uses was written before the start.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "xspi_ctrl.h"

static const struct xspi_ctrl_variant *h7q, *f7q, *h7o;

/* ---- small builders, so each test states only what matters ---- */

static struct xspi_op op_cmd(enum xspi_lines l, uint16_t opcode)
{
	struct xspi_op op;

	memset(&op, 0, sizeof(op));
	op.cmd.nbytes = 1;
	op.cmd.lines = l;
	op.cmd.opcode = opcode;
	return op;
}

static void op_addr(struct xspi_op *op, uint8_t n, enum xspi_lines l, uint32_t val)
{
	op->addr.nbytes = n;
	op->addr.lines = l;
	op->addr.val = val;
}

static void op_data(struct xspi_op *op, enum xspi_data_dir dir, enum xspi_lines l, uint32_t n)
{
	op->data.dir = dir;
	op->data.lines = l;
	op->data.nbytes = n;
}

/* MX25LM51245G style 8D-8D-8D: 2-byte opcode/~opcode, 4-byte address */
static struct xspi_op op_octal_dtr(uint16_t opcode_pair)
{
	struct xspi_op op = op_cmd(XSPI_LINES_8, opcode_pair);

	op.cmd.nbytes = 2;
	op.cmd.dtr = true;
	op_addr(&op, 4, XSPI_LINES_8, 0);
	op.addr.dtr = true;
	return op;
}

static void check_write(const struct xspi_reg_seq *s, unsigned int i, uint16_t off, uint32_t mask,
                        uint32_t val, const char *name)
{
	if (!CHECK(i < s->n, name))
		return;
	CHECK_EQ(s->w[i].offset, off, name);
	CHECK_EQ(s->w[i].mask, mask, name);
	CHECK_EQ(s->w[i].value, val, name);
}

/* Plain (full) write */
static void check_full(const struct xspi_reg_seq *s, unsigned int i, uint16_t off, uint32_t val,
                       const char *name)
{
	check_write(s, i, off, 0xFFFFFFFFu, val, name);
}

/*
 * ---- start-of-transfer model ----
 * RM0433 "QUADSPI indirect mode" / RM0468 "OCTOSPI indirect mode": a
 * transfer starts on the write of CCR (QUADSPI) or IR (OCTOSPI) when it
 * needs neither address nor write data, on AR when it has an address and
 * no write data, otherwise on the first DR write. Offsets, bit positions
 * and FMODE location are literals here on purpose.
 */
struct model {
	bool octo;
	uint32_t reg[0x400 / 4];
	int starts;               /* transfers started */
	int start_index;          /* w[] index that started it, -1: none */
	uint32_t snap[0x400 / 4]; /* registers at the start */
};

static uint32_t m_fmode(const struct model *m)
{
	return m->octo ? (m->reg[0] >> 28) & 3u : (m->reg[0x14 / 4] >> 26) & 3u;
}

static bool m_has_addr(const struct model *m)
{
	return m->octo ? ((m->reg[0x100 / 4] >> 8) & 7u) != 0
	               : ((m->reg[0x14 / 4] >> 10) & 3u) != 0;
}

static bool m_has_data(const struct model *m)
{
	return m->octo ? ((m->reg[0x100 / 4] >> 24) & 7u) != 0
	               : ((m->reg[0x14 / 4] >> 24) & 3u) != 0;
}

static bool m_write_data(const struct model *m)
{
	return m_fmode(m) == 0 && m_has_data(m);
}

static void m_start(struct model *m, int idx)
{
	m->starts++;
	m->start_index = idx;
	memcpy(m->snap, m->reg, sizeof(m->reg));
}

static void m_write(struct model *m, uint16_t off, uint32_t mask, uint32_t v, int idx)
{
	uint16_t cmd_reg = m->octo ? 0x110 : 0x14;
	uint16_t ar = m->octo ? 0x048 : 0x18;

	m->reg[off / 4] = (m->reg[off / 4] & ~mask) | (v & mask);
	if (m_fmode(m) == 3)
		return; /* memory-mapped: bus accesses start it */
	if (off == cmd_reg && !m_has_addr(m) && !m_write_data(m))
		m_start(m, idx);
	else if (off == ar && m_has_addr(m) && !m_write_data(m))
		m_start(m, idx);
}

/* Replay; a DR write (if the seq has data) is index n */
static void m_run(struct model *m, bool octo, const struct xspi_reg_seq *s)
{
	memset(m, 0, sizeof(*m));
	m->octo = octo;
	m->start_index = -1;
	for (unsigned int i = 0; i < s->n; i++)
		m_write(m, s->w[i].offset, s->w[i].mask, s->w[i].value, (int)i);
	if (s->data_len && m_write_data(m))
		m_start(m, (int)s->n);
}

/* Every register the seq writes must hold its final value at the start */
static void check_start_order(bool octo, const struct xspi_reg_seq *s, int expect_index,
                              const char *name)
{
	struct model m;
	bool same = true;

	m_run(&m, octo, s);
	CHECK_EQ(m.starts, expect_index < 0 ? 0 : 1, name);
	CHECK_EQ(m.start_index, expect_index, name);
	if (m.starts != 1)
		return;
	for (unsigned int i = 0; i < s->n; i++)
		if (m.snap[s->w[i].offset / 4] != m.reg[s->w[i].offset / 4])
			same = false;
	CHECK(same, name);
}

/* ---- tests ---- */

static void test_lookup(void)
{
	CHECK(h7q && f7q && h7o, "variants found by name");
	CHECK(!xspi_ctrl_find("stm32h7-xspi"), "unknown name -> NULL");
	CHECK(!xspi_ctrl_find(NULL), "NULL name -> NULL");
	CHECK(xspi_ctrl_find_kind(XSPI_CTRL_OCTOSPI) == h7o, "find by kind");
	CHECK(xspi_ctrl_find_kind(XSPI_CTRL_QUADSPI) &&
	              xspi_ctrl_find_kind(XSPI_CTRL_QUADSPI)->kind == XSPI_CTRL_QUADSPI,
	      "find QUADSPI by kind");
	CHECK_EQ(h7q->fifo_bytes, 32, "QUADSPI FIFO 32 bytes");
	CHECK_EQ(h7o->fifo_bytes, 32, "OCTOSPI FIFO 32 bytes");
	CHECK_EQ(h7q->max_lines, 4, "QUADSPI 4 lines");
	CHECK_EQ(h7o->max_lines, 8, "OCTOSPI 8 lines");
	CHECK_EQ(xspi_ctrl_reg(h7q, XSPI_REG_CCR), 0x14, "QUADSPI CCR @0x14");
	CHECK_EQ(xspi_ctrl_reg(h7q, XSPI_REG_IR), 0xFFFF, "QUADSPI has no IR");
	CHECK_EQ(xspi_ctrl_reg(h7q, XSPI_REG_TCR), 0xFFFF, "QUADSPI no TCR");
	CHECK_EQ(xspi_ctrl_reg(h7q, XSPI_REG_LPTR), 0x30, "QUADSPI LPTR");
	CHECK_EQ(xspi_ctrl_reg(h7o, XSPI_REG_IR), 0x110, "OCTOSPI IR @0x110");
	CHECK_EQ(xspi_ctrl_reg(h7o, XSPI_REG_DCR), 0x008, "OCTOSPI DCR1");
	CHECK_EQ(xspi_ctrl_reg(h7o, XSPI_REG_WCCR), 0x180, "OCTOSPI WCCR");
	CHECK_EQ(xspi_ctrl_reg(h7o, XSPI_REG_COUNT), 0xFFFF, "bad role");
}

/* OpenOCD stm32h750b-disco: memory-mapped READ4B 13h, CCR 0x0D003513 */
static void test_qspi_mm_read4b(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x13);
	struct xspi_reg_seq s;

	op_addr(&op, 4, XSPI_LINES_1, 0);
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_1, 0);
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_MEMORY_MAPPED, &op, NULL, &s), 0,
	         "H7 MM READ4B encodes");
	CHECK_EQ(s.n, 2, "MM READ4B: 2 writes");
	check_write(&s, 0, 0x00, 0x00000008, 0, "MM: CR.TCEN off, masked");
	check_full(&s, 1, 0x14, 0x0D003513, "MM READ4B CCR == 0x0D003513");
	CHECK_EQ(s.start, XSPI_REG_NONE, "MM: no start write");
	CHECK_EQ(s.done.offset, 0xFFFF, "MM: nothing to wait for");
	CHECK_EQ(s.data_len, 0, "MM: no data through DR");
	CHECK_EQ(s.idle.offset, 0x08, "idle: SR");
	CHECK_EQ(s.idle.mask, 0x20, "idle: BUSY");
	CHECK_EQ(s.idle.value, 0, "idle: BUSY == 0");
	check_start_order(false, &s, -1, "MM READ4B starts nothing");

	CHECK_EQ(xspi_ctrl_encode(f7q, XSPI_MODE_MEMORY_MAPPED, &op, NULL, &s), 0,
	         "F7 MM READ4B encodes");
	check_full(&s, 1, 0x14, 0x0D003513, "F7 row, same CCR");
}

/* OpenOCD H750 QPI variant: 4-4-4 ECh, 10 dummies, CCR 0x0F283FEC */
static void test_qspi_mm_qpi(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_4, 0xEC);
	struct xspi_reg_seq s;

	op_addr(&op, 4, XSPI_LINES_4, 0);
	op.dummy.ncycles = 10;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_4, 0);
	CHECK_EQ(xspi_ctrl_encode_mm(h7q, &op, NULL, NULL, 0x1000, &s), 0, "QPI MM encodes");
	CHECK_EQ(s.n, 3, "QPI MM with timeout: 3 writes");
	check_write(&s, 0, 0x00, 0x00000008, 0x00000008, "CR.TCEN on");
	check_full(&s, 1, 0x30, 0x1000, "LPTR before CCR");
	check_full(&s, 2, 0x14, 0x0F283FEC, "QPI MM CCR == 0x0F283FEC");

	/* SIOO: CCR bit 28 */
	struct xspi_ctrl_cfg cfg = { .sioo = true };

	CHECK_EQ(xspi_ctrl_encode_mm(h7q, &op, NULL, &cfg, 0, &s), 0, "QPI MM SIOO encodes");
	check_full(&s, 1, 0x14, 0x1F283FEC, "SIOO -> CCR bit 28");
}

/* 1-4D-4D: DDRM covers address and data; instruction stays SDR */
static void test_qspi_dtr(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0xED);
	struct xspi_ctrl_cfg cfg = { .delay_hold = true };
	struct xspi_reg_seq s;

	op_addr(&op, 3, XSPI_LINES_4, 0);
	op.addr.dtr = true;
	op.dummy.ncycles = 6;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_4, 0);
	op.data.dtr = true;
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_MEMORY_MAPPED, &op, NULL, &s), 0,
	         "1-4D-4D encodes");
	check_full(&s, 1, 0x14, 0x8F182DED, "1-4D-4D CCR, DDRM set");
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_MEMORY_MAPPED, &op, &cfg, &s), 0,
	         "1-4D-4D DHHC encodes");
	check_full(&s, 1, 0x14, 0xCF182DED, "DHHC -> CCR bit 30");

	/* DHHC only acts in DDR mode: not set for an SDR op */
	op.addr.dtr = false;
	op.data.dtr = false;
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_MEMORY_MAPPED, &op, &cfg, &s), 0,
	         "1-4-4 with delay_hold encodes");
	check_full(&s, 1, 0x14, 0x0F182DED, "no DHHC without DDR");
}

/* PP4B 12h 1-1-1: DLR before CCR before AR, started by the DR write */
static void test_qspi_indirect_write(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x12);
	struct xspi_reg_seq s;

	op_addr(&op, 4, XSPI_LINES_1, 0x00010000);
	op_data(&op, XSPI_DATA_OUT, XSPI_LINES_1, 256);
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_INDIRECT_WRITE, &op, NULL, &s), 0, "PP4B encodes");
	CHECK_EQ(s.n, 4, "PP4B: 4 writes");
	check_full(&s, 0, 0x0C, 0x1B, "FCR clears TEF TCF SMF TOF");
	check_full(&s, 1, 0x10, 0xFF, "DLR = 256 - 1, first");
	check_full(&s, 2, 0x14, 0x01003512, "then CCR (FMODE 00)");
	check_full(&s, 3, 0x18, 0x00010000, "then AR");
	CHECK_EQ(s.start, XSPI_REG_DR, "starts on first DR write");
	CHECK_EQ(s.data_offset, 0x20, "data through DR");
	CHECK_EQ(s.data_len, 256, "256 data bytes");
	CHECK_EQ(s.done.offset, 0x08, "done: SR");
	CHECK_EQ(s.done.mask, 0x02, "done: TCF");
	CHECK_EQ(s.done.value, 0x02, "done: TCF set");
	check_start_order(false, &s, 4, "PP4B starts at DR, all set before");
}

static void test_qspi_indirect_read(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x6B);
	struct xspi_reg_seq s;

	op_addr(&op, 3, XSPI_LINES_1, 0x123456);
	op.dummy.ncycles = 8;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_4, 16);
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_INDIRECT_READ, &op, NULL, &s), 0,
	         "1-1-4 read encodes");
	CHECK_EQ(s.n, 4, "1-1-4 read: 4 writes");
	check_full(&s, 1, 0x10, 15, "DLR 15");
	check_full(&s, 2, 0x14, 0x0720256B, "1-1-4 6Bh CCR");
	check_full(&s, 3, 0x18, 0x123456, "AR last");
	CHECK_EQ(s.start, XSPI_REG_AR, "read with address starts on AR");
	check_start_order(false, &s, 3, "1-1-4 read starts at AR");

	/* Alternate bytes: ABR goes before CCR (CCR may be the start) */
	op = op_cmd(XSPI_LINES_1, 0xEB);
	op_addr(&op, 3, XSPI_LINES_4, 0);
	op.alt.nbytes = 1;
	op.alt.lines = XSPI_LINES_4;
	op.alt.val = 0xA5;
	op.dummy.ncycles = 4;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_4, 4);
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_INDIRECT_READ, &op, NULL, &s), 0,
	         "1-4-4 EBh with mode byte encodes");
	check_full(&s, 2, 0x1C, 0xA5, "ABR before CCR");
	check_full(&s, 3, 0x14, 0x0710EDEB, "1-4-4 EBh CCR with ABMODE 4");
	check_start_order(false, &s, 4, "EBh starts at AR");
}

static void test_qspi_no_data(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x06);
	struct xspi_reg_seq s;

	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_INDIRECT_WRITE, &op, NULL, &s), 0, "WREN encodes");
	CHECK_EQ(s.n, 2, "WREN: FCR + CCR");
	check_full(&s, 1, 0x14, 0x00000106, "WREN CCR");
	CHECK_EQ(s.start, XSPI_REG_CCR, "no addr, no data: starts on CCR");
	CHECK_EQ(s.data_len, 0, "WREN: no data");
	CHECK_EQ(s.data_offset, 0xFFFF, "WREN: no DR");
	check_start_order(false, &s, 1, "WREN starts at CCR");

	/* Sector erase 4B: address, no data: starts on AR even in write mode */
	op = op_cmd(XSPI_LINES_1, 0xDC);
	op_addr(&op, 4, XSPI_LINES_1, 0x00FF0000);
	CHECK_EQ(xspi_ctrl_encode(h7q, XSPI_MODE_INDIRECT_WRITE, &op, NULL, &s), 0, "SE4B encodes");
	check_full(&s, 1, 0x14, 0x000035DC, "SE4B CCR");
	check_full(&s, 2, 0x18, 0x00FF0000, "SE4B AR");
	CHECK_EQ(s.start, XSPI_REG_AR, "erase starts on AR");
	check_start_order(false, &s, 2, "SE4B starts at AR");
}

static void test_qspi_poll(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x05);
	struct xspi_poll p = {
		.mask = 0x01,
		.match = 0x00,
		.interval = 0x10,
		.match_any = false,
		.stop_on_match = true,
	};
	struct xspi_reg_seq s;

	op_data(&op, XSPI_DATA_IN, XSPI_LINES_1, 1);
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &op, NULL, &p, &s), 0, "RDSR poll encodes");
	CHECK_EQ(s.n, 7, "poll: 7 writes");
	check_write(&s, 0, 0x00, 0x00C00000, 0x00400000, "CR: APMS, PMM=AND");
	check_full(&s, 1, 0x0C, 0x1B, "FCR");
	check_full(&s, 2, 0x24, 0x01, "PSMKR");
	check_full(&s, 3, 0x28, 0x00, "PSMAR");
	check_full(&s, 4, 0x2C, 0x10, "PIR");
	check_full(&s, 5, 0x10, 0x00, "DLR = 1 - 1");
	check_full(&s, 6, 0x14, 0x09000105, "RDSR poll CCR (FMODE 10)");
	CHECK_EQ(s.start, XSPI_REG_CCR, "poll without address: CCR");
	CHECK_EQ(s.done.mask, 0x08, "done: SMF");
	CHECK_EQ(s.done.value, 0x08, "done: SMF set");
	CHECK_EQ(s.data_len, 0, "poll: no data through DR");
	check_start_order(false, &s, 6, "poll starts at CCR");

	p.match_any = true;
	p.stop_on_match = false;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &op, NULL, &p, &s), 0, "OR poll encodes");
	check_write(&s, 0, 0x00, 0x00C00000, 0x00800000, "CR: PMM=OR, no APMS");
}

/* OpenOCD stm32h735g-disco octal DTR MM read (peripherals.md) */
static void test_ospi_mm_octal_dtr(void)
{
	struct xspi_op op = op_octal_dtr(0xEE11);
	struct xspi_ctrl_cfg cfg = { .dqs_read = true, .delay_hold = true };
	struct xspi_reg_seq s;

	op.dummy.ncycles = 6;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_8, 0);
	op.data.dtr = true;
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &op, NULL, &cfg, 0, &s), 0, "octal DTR MM encodes");
	CHECK_EQ(s.n, 4, "octal DTR MM: 4 writes");
	/* the operation registers first, CR.FMODE = 11 last (RM0468: they
	 * are read-only once memory-mapped mode is busy; HAL order) */
	check_full(&s, 0, 0x108, 0x10000006, "TCR == 0x10000006 (DHQC, 6)");
	check_full(&s, 1, 0x100, 0x2C003C1C, "CCR == 0x2C003C1C (DQSE)");
	check_full(&s, 2, 0x110, 0x0000EE11, "IR == 0x0000EE11");
	check_write(&s, 3, 0x000, 0x30000008, 0x30000000, "CR: FMODE=11 last, TCEN off, masked");
	check_start_order(true, &s, -1, "octal MM starts nothing");

	/* DQSE and DHQC come from cfg, not from the op */
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &op, NULL, NULL, 0, &s), 0, "octal DTR MM, no cfg");
	check_full(&s, 0, 0x108, 0x00000006, "TCR without DHQC");
	check_full(&s, 1, 0x100, 0x0C003C1C, "CCR without DQSE");

	cfg.sample_shift = true;
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &op, NULL, &cfg, 0, &s), 0, "octal DTR MM, SSHIFT");
	check_full(&s, 0, 0x108, 0x50000006, "TCR SSHIFT bit 30");
}

/* hyperram.md: CCR = WCCR = 0x2C003C00 on the H735-DK HyperRAM */
static void test_ospi_mm_hyperram(void)
{
	struct xspi_op rd, wr;
	struct xspi_ctrl_cfg cfg = { .dqs_read = true, .dqs_write = true };
	struct xspi_reg_seq s;

	memset(&rd, 0, sizeof(rd));
	op_addr(&rd, 4, XSPI_LINES_8, 0);
	rd.addr.dtr = true;
	op_data(&rd, XSPI_DATA_IN, XSPI_LINES_8, 0);
	rd.data.dtr = true;
	wr = rd;
	wr.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &rd, &wr, &cfg, 0, &s), 0, "HyperRAM MM encodes");
	CHECK_EQ(s.n, 7, "HyperRAM MM: 7 writes");
	check_full(&s, 0, 0x188, 0, "WTCR");
	check_full(&s, 1, 0x180, 0x2C003C00, "WCCR == 0x2C003C00");
	check_full(&s, 2, 0x190, 0, "WIR (no instruction)");
	check_full(&s, 3, 0x108, 0, "TCR");
	check_full(&s, 4, 0x100, 0x2C003C00, "CCR == 0x2C003C00");
	check_full(&s, 5, 0x110, 0, "IR (no instruction)");
	check_write(&s, 6, 0x000, 0x30000008, 0x30000000, "CR FMODE=11 last");

	/* ES0393 2.8.17: WCCR.DQSE set by the quirk even without dqs_write */
	cfg.dqs_write = false;
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &rd, &wr, &cfg, 0, &s), 0, "HyperRAM MM, quirk path");
	check_full(&s, 1, 0x180, 0x2C003C00, "WCCR.DQSE from quirk");

	CHECK_EQ(xspi_ctrl_encode_mm(h7q, &rd, NULL, NULL, 0, &s), XSPI_CTRL_E_LINES,
	         "QUADSPI: octal HyperRAM refused");
}

static void test_ospi_indirect(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x9F);
	struct xspi_reg_seq s;

	op_data(&op, XSPI_DATA_IN, XSPI_LINES_1, 3);
	CHECK_EQ(xspi_ctrl_encode(h7o, XSPI_MODE_INDIRECT_READ, &op, NULL, &s), 0, "RDID encodes");
	CHECK_EQ(s.n, 6, "RDID: 6 writes");
	check_write(&s, 0, 0x000, 0x30000000, 0x10000000, "CR FMODE=01");
	check_full(&s, 1, 0x024, 0x1B, "FCR");
	check_full(&s, 2, 0x040, 2, "DLR 2");
	check_full(&s, 3, 0x108, 0, "TCR");
	check_full(&s, 4, 0x100, 0x01000001, "RDID CCR");
	check_full(&s, 5, 0x110, 0x9F, "IR last");
	CHECK_EQ(s.start, XSPI_REG_IR, "no address: starts on IR");
	CHECK_EQ(s.data_offset, 0x050, "OCTOSPI DR");
	check_start_order(true, &s, 5, "RDID starts at IR");

	/* 8D-8D-8D page program: DLR, TCR, CCR, IR, AR, then DR */
	op = op_octal_dtr(0x12ED);
	op.addr.val = 0x00100000;
	op_data(&op, XSPI_DATA_OUT, XSPI_LINES_8, 256);
	op.data.dtr = true;
	CHECK_EQ(xspi_ctrl_encode(h7o, XSPI_MODE_INDIRECT_WRITE, &op, NULL, &s), 0,
	         "octal PP encodes");
	CHECK_EQ(s.n, 7, "octal PP: 7 writes");
	check_write(&s, 0, 0x000, 0x30000000, 0, "CR FMODE=00");
	check_full(&s, 2, 0x040, 0xFF, "DLR");
	check_full(&s, 4, 0x100, 0x0C003C1C, "octal PP CCR (no DQSE)");
	check_full(&s, 5, 0x110, 0x12ED, "IR");
	check_full(&s, 6, 0x048, 0x00100000, "AR");
	CHECK_EQ(s.start, XSPI_REG_DR, "write data: DR starts");
	check_start_order(true, &s, 7, "octal PP starts at DR");
}

/* embassy #6441: DTR command without data needs DDTR (quirk) */
static void test_ospi_nodata_ddtr(void)
{
	struct xspi_op op = op_octal_dtr(0x06F9);
	struct xspi_ctrl_cfg cfg = { .delay_hold = true };
	struct xspi_reg_seq s;

	op.addr.nbytes = 0;
	op.addr.lines = XSPI_LINES_NONE;
	op.addr.dtr = false;
	CHECK_EQ(xspi_ctrl_encode(h7o, XSPI_MODE_INDIRECT_WRITE, &op, &cfg, &s), 0,
	         "octal WREN encodes");
	CHECK_EQ(s.n, 5, "octal WREN: 5 writes");
	check_full(&s, 2, 0x108, 0x10000000, "TCR DHQC");
	check_full(&s, 3, 0x100, 0x0800001C, "CCR with DDTR, no DMODE");
	check_full(&s, 4, 0x110, 0x06F9, "IR 06F9 last");
	check_start_order(true, &s, 4, "octal WREN starts at IR");
}

static void test_ospi_poll(void)
{
	struct xspi_op op = op_octal_dtr(0x05FA);
	struct xspi_ctrl_cfg cfg = { .dqs_read = true };
	struct xspi_poll p = {
		.mask = 0x0101, .match = 0, .interval = 0x20, .stop_on_match = true
	};
	struct xspi_reg_seq s;

	op.dummy.ncycles = 4;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_8, 2);
	op.data.dtr = true;
	CHECK_EQ(xspi_ctrl_encode_poll(h7o, &op, &cfg, &p, &s), 0, "octal RDSR poll encodes");
	CHECK_EQ(s.n, 10, "octal poll: 10 writes");
	check_write(&s, 0, 0x000, 0x30C00000, 0x20400000, "CR FMODE=10 APMS");
	check_full(&s, 2, 0x080, 0x0101, "PSMKR");
	check_full(&s, 3, 0x088, 0, "PSMAR");
	check_full(&s, 4, 0x090, 0x20, "PIR");
	check_full(&s, 5, 0x040, 1, "DLR 1");
	check_full(&s, 6, 0x108, 4, "TCR 4 dummies");
	check_full(&s, 7, 0x100, 0x2C003C1C, "CCR");
	check_full(&s, 8, 0x110, 0x05FA, "IR");
	check_full(&s, 9, 0x048, 0, "AR last");
	CHECK_EQ(s.done.offset, 0x020, "done: OCTOSPI SR");
	check_start_order(true, &s, 9, "octal poll starts at AR");
}

static void test_devsize(void)
{
	struct xspi_reg_write w;

	CHECK_EQ(xspi_ctrl_devsize(h7q, 128u << 20, &w), 0, "128 MiB");
	CHECK_EQ(w.offset, 0x04, "QUADSPI DCR");
	CHECK_EQ(w.mask, 0x001F0000, "FSIZE mask");
	CHECK_EQ(w.value, 0x001A0000, "H750B-DK FSIZE 0x1A");
	CHECK_EQ(xspi_ctrl_devsize(f7q, 16u << 20, &w), 0, "16 MiB");
	CHECK_EQ(w.value, 0x00170000, "F746G-DISCO FSIZE 0x17");
	CHECK_EQ(xspi_ctrl_devsize(h7o, 64u << 20, &w), 0, "64 MiB");
	CHECK_EQ(w.offset, 0x008, "OCTOSPI DCR1");
	CHECK_EQ(w.value, 0x00190000, "H735-DK DEVSIZE 0x19");
	CHECK_EQ(xspi_ctrl_devsize(h7o, 1ull << 32, &w), 0, "4 GiB");
	CHECK_EQ(w.value, 0x001F0000, "DEVSIZE 31");
	CHECK_EQ(xspi_ctrl_devsize(h7q, 2, &w), 0, "2 bytes");
	CHECK_EQ(w.value, 0, "FSIZE 0");
	CHECK_EQ(xspi_ctrl_devsize(h7q, 0, &w), XSPI_CTRL_E_SIZE, "size 0");
	CHECK_EQ(xspi_ctrl_devsize(h7q, 1, &w), XSPI_CTRL_E_SIZE, "size 1");
	CHECK_EQ(xspi_ctrl_devsize(h7q, 3u << 20, &w), XSPI_CTRL_E_SIZE, "size not 2^n");
	CHECK_EQ(xspi_ctrl_devsize(h7q, 1ull << 33, &w), XSPI_CTRL_E_SIZE, "size 8 GiB");
}

static void test_abort(void)
{
	struct xspi_ctrl_abort ab;

	CHECK_EQ(xspi_ctrl_abort_seq(h7q, &ab), 0, "QUADSPI abort");
	CHECK_EQ(ab.request.offset, 0x00, "abort: CR");
	CHECK_EQ(ab.request.mask, 0x02, "abort: ABORT bit only");
	CHECK_EQ(ab.request.value, 0x02, "abort: ABORT = 1");
	CHECK_EQ(ab.wait.offset, 0x00, "abort wait: CR");
	CHECK_EQ(ab.wait.mask, 0x02, "abort wait: ABORT");
	CHECK_EQ(ab.wait.value, 0, "abort wait: ABORT cleared");
	CHECK_EQ(ab.idle.offset, 0x08, "abort idle: SR");
	CHECK_EQ(ab.idle.mask, 0x20, "abort idle: BUSY");
	CHECK_EQ(ab.clear.offset, 0x0C, "abort clear: FCR");
	CHECK_EQ(ab.clear.value, 0x1B, "abort clear: all flags");
	CHECK_EQ(xspi_ctrl_abort_seq(h7o, &ab), 0, "OCTOSPI abort");
	CHECK_EQ(ab.idle.offset, 0x020, "OCTOSPI SR");
	CHECK_EQ(ab.clear.offset, 0x024, "OCTOSPI FCR");
	CHECK_EQ(ab.clear.value, 0x1B, "OCTOSPI all flags");
	CHECK_EQ(xspi_ctrl_abort_seq(NULL, &ab), XSPI_CTRL_E_INVAL, "abort NULL variant");
}

static void test_sr(void)
{
	struct xspi_ctrl_status st;

	CHECK_EQ(xspi_ctrl_decode_sr(h7q, 0x00001F23, &st), 0, "SR decode");
	CHECK(st.transfer_error && st.transfer_complete && st.busy, "TEF TCF BUSY");
	CHECK(!st.fifo_threshold && !st.status_match && !st.timeout, "not FTF SMF TOF");
	CHECK_EQ(st.fifo_level, 0x1F, "FLEVEL 31");
	CHECK_EQ(xspi_ctrl_decode_sr(h7o, 0x0000201C, &st), 0, "OSPI SR");
	CHECK(st.fifo_threshold && st.status_match && st.timeout, "FTF SMF TOF");
	CHECK(!st.transfer_error && !st.transfer_complete && !st.busy, "not TEF TCF BUSY");
	CHECK_EQ(st.fifo_level, 32, "FLEVEL 32 (6 bits)");
	CHECK_EQ(xspi_ctrl_decode_sr(h7q, 0, NULL), XSPI_CTRL_E_INVAL, "SR NULL out");
}

/* One op that each case breaks in one way */
static struct xspi_op base_read(void)
{
	struct xspi_op op = op_cmd(XSPI_LINES_1, 0x0B);

	op_addr(&op, 3, XSPI_LINES_1, 0);
	op.dummy.ncycles = 8;
	op_data(&op, XSPI_DATA_IN, XSPI_LINES_1, 4);
	return op;
}

static int enc(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode m, const struct xspi_op *op,
               const struct xspi_ctrl_cfg *cfg)
{
	struct xspi_reg_seq s;

	return xspi_ctrl_encode(v, m, op, cfg, &s);
}

static void test_errors_lines_dtr(void)
{
	const enum xspi_ctrl_mode R = XSPI_MODE_INDIRECT_READ;
	struct xspi_op op = base_read();

	CHECK_EQ(enc(h7q, R, &op, NULL), 0, "base op is valid");
	op.data.lines = XSPI_LINES_8;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_LINES, "octal on QUADSPI");
	CHECK_EQ(enc(h7o, R, &op, NULL), 0, "octal data on OCTOSPI ok");
	op.data.lines = (enum xspi_lines)3;
	CHECK_EQ(enc(h7o, R, &op, NULL), XSPI_CTRL_E_LINES, "3 lines");

	op = base_read();
	op.cmd.nbytes = 2;
	op.cmd.opcode = 0x0BF4;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_CMD_SIZE, "2-byte opcode on QUADSPI");
	CHECK_EQ(enc(h7o, R, &op, NULL), 0, "2-byte opcode on OCTOSPI");
	op.cmd.nbytes = 5;
	CHECK_EQ(enc(h7o, R, &op, NULL), XSPI_CTRL_E_CMD_SIZE, "5-byte opcode");

	op = base_read();
	op.cmd.dtr = true;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DTR, "DTR instruction on QUADSPI");
	op.addr.dtr = op.data.dtr = true;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DTR, "4D-4D-4D on QUADSPI");
	CHECK_EQ(enc(h7o, R, &op, NULL), 0, "all-DTR on OCTOSPI");

	op = base_read();
	op.addr.dtr = true;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DTR_MIXED, "QUADSPI: DTR address, STR data");
	CHECK_EQ(enc(h7o, R, &op, NULL), 0, "OCTOSPI: separate DTR bits");
	op.addr.dtr = false;
	op.alt.nbytes = 1;
	op.alt.lines = XSPI_LINES_1;
	op.alt.dtr = true;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DTR_MIXED, "QUADSPI: DTR alt, STR address");

	/* A DTR flag on an absent phase does not count */
	op = base_read();
	op.alt.dtr = true;
	CHECK_EQ(enc(h7q, R, &op, NULL), 0, "DTR on absent phase ignored");
}

static void test_errors_sizes(void)
{
	const enum xspi_ctrl_mode R = XSPI_MODE_INDIRECT_READ;
	struct xspi_op op = base_read();

	op.dummy.ncycles = 31;
	CHECK_EQ(enc(h7q, R, &op, NULL), 0, "31 dummies ok");
	op.dummy.ncycles = 32;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DUMMY, "32 dummies");
	CHECK_EQ(enc(h7o, R, &op, NULL), XSPI_CTRL_E_DUMMY, "32 dummies ospi");

	op = base_read();
	op.addr.nbytes = 5;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_ADDR_SIZE, "5-byte addr");
	op = base_read();
	op.alt.nbytes = 5;
	op.alt.lines = XSPI_LINES_1;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_ALT_SIZE, "5 alt bytes");

	op = base_read();
	op.cmd.opcode = 0x10B;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_VALUE, "opcode > 1 byte");
	op = base_read();
	op.addr.val = 0x01000000;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_VALUE, "addr > 3 bytes");
	op = base_read();
	op.alt.nbytes = 1;
	op.alt.lines = XSPI_LINES_1;
	op.alt.val = 0x100;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_VALUE, "alt > 1 byte");
}

static void test_errors_phases_modes(void)
{
	const enum xspi_ctrl_mode R = XSPI_MODE_INDIRECT_READ;
	const enum xspi_ctrl_mode W = XSPI_MODE_INDIRECT_WRITE;
	const enum xspi_ctrl_mode MM = XSPI_MODE_MEMORY_MAPPED;
	struct xspi_op op = base_read();

	op.data.nbytes = 0;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DATA_LEN, "indirect read of 0 bytes");
	op.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(enc(h7q, W, &op, NULL), XSPI_CTRL_E_DATA_LEN, "indirect write of 0 bytes");
	op = base_read();
	CHECK_EQ(enc(h7q, W, &op, NULL), XSPI_CTRL_E_DIR, "read op, write mode");
	op.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_DIR, "write op, read mode");

	op = base_read();
	op.addr.lines = XSPI_LINES_NONE;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_INVAL, "address bytes without lines");
	op = base_read();
	op.cmd.nbytes = 0;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_INVAL, "instruction lines without bytes");
	op = base_read();
	op.data.dir = XSPI_DATA_NONE;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_INVAL, "data lines without direction");
	op.data.lines = XSPI_LINES_NONE;
	CHECK_EQ(enc(h7q, R, &op, NULL), XSPI_CTRL_E_INVAL, "data bytes without direction");

	op = base_read();
	CHECK_EQ(enc(h7q, XSPI_MODE_AUTO_POLL, &op, NULL), XSPI_CTRL_E_MODE,
	         "encode() refuses auto-poll");
	CHECK_EQ(enc(h7q, (enum xspi_ctrl_mode)7, &op, NULL), XSPI_CTRL_E_INVAL, "unknown mode");
	CHECK_EQ(enc(h7q, MM, &op, NULL), XSPI_CTRL_E_DATA_LEN, "memory-mapped op with a length");
	op.data.nbytes = 0;
	op.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(enc(h7q, MM, &op, NULL), XSPI_CTRL_E_DIR, "MM read bank, OUT");
	op.data.dir = XSPI_DATA_IN;
	op.addr.nbytes = 0;
	op.addr.lines = XSPI_LINES_NONE;
	CHECK_EQ(enc(h7q, MM, &op, NULL), XSPI_CTRL_E_MM_ADDR, "memory-mapped op without address");

	op = base_read();
	CHECK_EQ(enc(NULL, R, &op, NULL), XSPI_CTRL_E_INVAL, "NULL variant");
	CHECK_EQ(enc(h7q, R, NULL, NULL), XSPI_CTRL_E_INVAL, "NULL op");
	CHECK_EQ(xspi_ctrl_encode(h7q, R, &op, NULL, NULL), XSPI_CTRL_E_INVAL, "NULL seq");
}

static void test_errors_mm_poll(void)
{
	struct xspi_op rd = base_read(), wr;
	struct xspi_poll p = { .mask = 1, .interval = 0x10000 };
	struct xspi_reg_seq s;

	rd.data.nbytes = 0;
	wr = rd;
	wr.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(xspi_ctrl_encode_mm(h7q, &rd, &wr, NULL, 0, &s), XSPI_CTRL_E_MODE,
	         "QUADSPI has no memory-mapped writes");
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &rd, &wr, NULL, 0, &s), 0,
	         "OCTOSPI memory-mapped writes");
	CHECK_EQ(xspi_ctrl_encode_mm(h7o, &rd, &rd, NULL, 0, &s), XSPI_CTRL_E_DIR,
	         "write bank with an IN op");
	CHECK_EQ(xspi_ctrl_encode_mm(h7q, &rd, NULL, NULL, 0x10000, &s), XSPI_CTRL_E_TIMEOUT,
	         "timeout over 16 bits");

	rd = base_read();
	rd.data.nbytes = 1;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, &p, &s), XSPI_CTRL_E_INTERVAL,
	         "interval over 16 bits");
	p.interval = 0xFFFF;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, &p, &s), 0, "interval 0xFFFF ok");
	rd.data.nbytes = 5;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, &p, &s), XSPI_CTRL_E_DATA_LEN,
	         "poll 5 bytes");
	rd.data.nbytes = 0;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, &p, &s), XSPI_CTRL_E_DATA_LEN,
	         "poll 0 bytes");
	rd.data.nbytes = 1;
	rd.data.dir = XSPI_DATA_OUT;
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, &p, &s), XSPI_CTRL_E_DIR,
	         "poll with write data");
	CHECK_EQ(xspi_ctrl_encode_poll(h7q, &rd, NULL, NULL, &s), XSPI_CTRL_E_INVAL,
	         "poll NULL params");
}

static void test_errors_dual_cfg(void)
{
	const enum xspi_ctrl_mode R = XSPI_MODE_INDIRECT_READ;
	struct xspi_ctrl_cfg dual = { .dual_flash = true };
	struct xspi_ctrl_cfg dqs = { .dqs_read = true };
	struct xspi_op op = base_read();

	CHECK_EQ(enc(h7q, R, &op, &dual), 0, "dual: even length and address");
	op.data.nbytes = 3;
	CHECK_EQ(enc(h7q, R, &op, &dual), XSPI_CTRL_E_DUAL, "dual: odd length");
	op = base_read();
	op.addr.val = 0x101;
	CHECK_EQ(enc(h7q, R, &op, &dual), XSPI_CTRL_E_DUAL, "dual: odd addr");
	op = base_read();
	op.data.lines = XSPI_LINES_8;
	CHECK_EQ(enc(h7o, R, &op, &dual), XSPI_CTRL_E_LINES, "dual-quad: 8 lines");
	op = base_read();
	CHECK_EQ(enc(h7q, R, &op, &dqs), XSPI_CTRL_E_CFG, "QUADSPI has no DQS");
	CHECK_EQ(enc(h7o, R, &op, &dqs), 0, "OCTOSPI DQS");
}

static void test_strerror(void)
{
	bool distinct = true;

	for (int i = 0; i >= XSPI_CTRL_E_CFG; i--) {
		for (int j = 0; j > i; j--)
			if (!strcmp(xspi_ctrl_strerror(i), xspi_ctrl_strerror(j)))
				distinct = false;
		if (!strcmp(xspi_ctrl_strerror(i), "unknown error"))
			distinct = false;
	}
	CHECK(distinct, "every error code has its own text");
	CHECK(!strcmp(xspi_ctrl_strerror(-99), "unknown error"), "unknown code");
	CHECK(!strcmp(xspi_ctrl_strerror(XSPI_CTRL_E_DTR_MIXED),
	              "phases sharing one DTR bit disagree"),
	      "E_DTR_MIXED text");
}

/* The field helpers themselves */
#define T_FIELD_SHIFT 4U
#define T_FIELD_WIDTH 3U
#define T_WORD_SHIFT  0U
#define T_WORD_WIDTH  32U

static void test_bits(void)
{
	struct xspi_field f = { 26, 2 };

	CHECK_EQ(XSPI_FIELD_MSK(T_FIELD), 0x70, "FIELD_MSK");
	CHECK_EQ(XSPI_FIELD_PREP(T_FIELD, 5), 0x50, "FIELD_PREP");
	CHECK_EQ(XSPI_FIELD_PREP(T_FIELD, 0xF), 0x70, "FIELD_PREP truncates");
	CHECK_EQ(XSPI_FIELD_GET(T_FIELD, 0xFFFFFFDF), 5, "FIELD_GET");
	CHECK_EQ(XSPI_FIELD_MAX(T_FIELD), 7, "FIELD_MAX");
	CHECK_EQ(XSPI_FIELD_MSK(T_WORD), 0xFFFFFFFF, "32-bit field mask");
	CHECK_EQ(xspi_field_prep(f, 3), 0x0C000000, "run-time prep");
	CHECK_EQ(xspi_field_get(f, 0x08000000), 2, "run-time get");
	f.width = 0;
	CHECK_EQ(xspi_field_prep(f, 3), 0, "absent field: prep 0");
	CHECK_EQ(xspi_field_mask(f), 0, "absent field: mask 0");
}

/*
 * Set-up: literals from RM0433 (QUADSPI CR: PRESCALER 31:24, FTHRES 12:8,
 * FSEL 7, DFM 6, SSHIFT 4, EN 0; DCR: FSIZE 20:16, CSHT 10:8) and RM0468
 * (OCTOSPI CR: FTHRES 12:8, FSEL 7, DQM 6, EN 0; DCR1: MTYP 26:24,
 * DEVSIZE 20:16, CSHT 10:8; DCR2 PRESCALER 7:0; DCR3 CSBOUND 20:16; DCR4).
 */
static void test_setup(void)
{
	struct xspi_ctrl_setup su = {
		.prescaler = 1,
		.devsize = 128u << 20,
		.cs_high = 3,
		.dual = true,
		.fifo_threshold = 4,
		.sample_shift = true,
	};
	struct xspi_reg_seq s;
	struct xspi_hbus_timing t = { .tacc = 6, .trwr = 3, .fixed = true };
	struct xspi_reg_write w;

	CHECK_EQ(xspi_ctrl_encode_setup(h7q, &su, &s), 0, "QUADSPI set-up encodes");
	CHECK_EQ(s.n, 2, "QUADSPI set-up: DCR, CR");
	check_write(&s, 0, 0x04, 0x001F0700, (26u << 16) | (2u << 8), "DCR FSIZE 26, CSHT 2");
	check_write(&s, 1, 0x00, 0xFF001FD1, 0x01000351, "CR presc 1, FTHRES 3, DFM, SSHIFT, EN");
	CHECK_EQ(s.start, XSPI_REG_NONE, "set-up starts nothing");
	CHECK_EQ(s.idle.offset, 0x08, "set-up waits for !BUSY");

	su = (struct xspi_ctrl_setup){ .prescaler = 3,
		                       .devsize = 64u << 20,
		                       .cs_high = 2,
		                       .fsel = 0,
		                       .fifo_threshold = 1,
		                       .mtyp = XSPI_MTYP_MACRONIX };
	CHECK_EQ(xspi_ctrl_encode_setup(h7o, &su, &s), 0, "OCTOSPI set-up encodes");
	CHECK_EQ(s.n, 5, "OCTOSPI set-up: DCR1..DCR4, CR");
	check_write(&s, 0, 0x008, 0x071F0700, (1u << 24) | (25u << 16) | (1u << 8),
	            "DCR1 MTYP Macronix, DEVSIZE 25, CSHT 1");
	check_write(&s, 1, 0x00C, 0x000000FF, 3, "DCR2 PRESCALER 3");
	check_full(&s, 2, 0x010, 0, "DCR3 CSBOUND 0");
	check_full(&s, 3, 0x014, 0, "DCR4 REFRESH off");
	check_write(&s, 4, 0x000, 0x00001FC1, 0x00000001, "CR EN, single, FTHRES 0");

	su.mtyp = XSPI_MTYP_HYPERBUS_MEM;
	su.cs_boundary = 23;
	su.refresh = 400;
	su.devsize = 16u << 20;
	CHECK_EQ(xspi_ctrl_encode_setup(h7o, &su, &s), 0, "HyperBus set-up encodes");
	CHECK_EQ(s.n, 5, "HyperBus set-up: DCR1..4, CR");
	check_write(&s, 0, 0x008, 0x071F0700, (4u << 24) | (23u << 16) | (1u << 8),
	            "DCR1 MTYP HyperBus memory, DEVSIZE 23");
	check_full(&s, 2, 0x010, 23u << 16, "DCR3 CSBOUND 23");
	check_full(&s, 3, 0x014, 400, "DCR4 REFRESH 400");

	su = (struct xspi_ctrl_setup){
		.prescaler = 1, .devsize = 1u << 20, .cs_high = 1, .fifo_threshold = 1
	};
	su.mtyp = XSPI_MTYP_MACRONIX;
	CHECK_EQ(xspi_ctrl_encode_setup(h7q, &su, &s), XSPI_CTRL_E_CFG, "QUADSPI: no MTYP");
	su.mtyp = XSPI_MTYP_MICRON;
	su.refresh = 1;
	CHECK_EQ(xspi_ctrl_encode_setup(h7q, &su, &s), XSPI_CTRL_E_CFG, "QUADSPI: no REFRESH");
	su.refresh = 0;
	su.sample_shift = true;
	CHECK_EQ(xspi_ctrl_encode_setup(h7o, &su, &s), XSPI_CTRL_E_CFG,
	         "OCTOSPI: SSHIFT is per op, not set-up");
	su.sample_shift = false;
	su.cs_high = 9;
	CHECK_EQ(xspi_ctrl_encode_setup(h7q, &su, &s), XSPI_CTRL_E_INVAL, "CSHT over 8 cycles");
	su.cs_high = 1;
	su.fifo_threshold = 33;
	CHECK_EQ(xspi_ctrl_encode_setup(h7q, &su, &s), XSPI_CTRL_E_INVAL, "FTHRES over FIFO");
	su.fifo_threshold = 1;
	su.prescaler = 256;
	CHECK_EQ(xspi_ctrl_encode_setup(h7o, &su, &s), XSPI_CTRL_E_INVAL, "prescaler over 255");
	su.prescaler = 0;
	su.devsize = 3u << 20;
	CHECK_EQ(xspi_ctrl_encode_setup(h7o, &su, &s), XSPI_CTRL_E_SIZE, "size not 2^n");
	CHECK_EQ(xspi_ctrl_encode_setup(NULL, &su, &s), XSPI_CTRL_E_INVAL, "NULL variant");

	/* park: indirect read, 1-line address; nothing starts (no AR write) */
	CHECK_EQ(xspi_ctrl_encode_park(h7q, &s), 0, "QUADSPI park encodes");
	CHECK_EQ(s.n, 1, "QUADSPI park: CCR only");
	check_full(&s, 0, 0x14, (1u << 26) | (1u << 10), "CCR FMODE read, ADMODE 1 line");
	check_start_order(false, &s, -1, "QUADSPI park starts nothing");
	CHECK_EQ(xspi_ctrl_encode_park(h7o, &s), 0, "OCTOSPI park encodes");
	CHECK_EQ(s.n, 2, "OCTOSPI park: CR, CCR");
	check_write(&s, 0, 0x000, 0x30000000, 0x10000000, "CR FMODE indirect read");
	check_full(&s, 1, 0x100, 1u << 8, "CCR ADMODE 1 line");
	check_start_order(true, &s, -1, "OCTOSPI park starts nothing");

	CHECK_EQ(xspi_ctrl_encode_hlcr(h7o, &t, &w), 0, "HLCR encodes");
	CHECK_EQ(w.offset, 0x200, "HLCR offset");
	CHECK_EQ(w.value, (3u << 16) | (6u << 8) | 1u, "HLCR TRWR 3, TACC 6, LM fixed");
	t.fixed = false;
	t.write_zero_latency = true;
	CHECK_EQ(xspi_ctrl_encode_hlcr(h7o, &t, &w), 0, "HLCR variable, WZL");
	CHECK_EQ(w.value, (3u << 16) | (6u << 8) | 2u, "HLCR WZL");
	CHECK_EQ(xspi_ctrl_encode_hlcr(h7q, &t, &w), XSPI_CTRL_E_MODE, "QUADSPI: no HyperBus");

	/* OCTOSPIM: OpenOCD's stm32h735g-disco.cfg writes P1CR = 0x03010111 */
	CHECK_EQ(xspi_octospim_port_value(1, true), 0x03010111, "port for OCTOSPI1");
	CHECK_EQ(xspi_octospim_port_value(2, true), 0x07050333, "port for OCTOSPI2");
	CHECK_EQ(xspi_octospim_port_value(1, false), 0x03010101, "OCTOSPI1 without DQS");
	CHECK_EQ(xspi_octospim_port_value(3, true), 0, "no OCTOSPI3");
	CHECK(xspi_octospim_port_routes(0x03010111, 1, true), "P1CR routes OCTOSPI1");
	CHECK(!xspi_octospim_port_routes(0x03010111, 2, true), "P1CR does not route OCTOSPI2");
	CHECK(!xspi_octospim_port_routes(0x03010101, 1, true), "no DQS where it is needed");
	CHECK(xspi_octospim_port_routes(0x03010101, 1, false), "no DQS needed");
	CHECK(!xspi_octospim_port_routes(0x01010111, 1, true), "IO[7:4] disabled");
	CHECK(!xspi_octospim_port_routes(0x07010111, 1, true), "IO[7:4] from OCTOSPI2");
	CHECK(!xspi_octospim_port_routes(0, 1, false), "port off");
}

int main(void)
{
	h7q = xspi_ctrl_find("stm32h7-quadspi");
	f7q = xspi_ctrl_find("stm32f7-quadspi");
	h7o = xspi_ctrl_find("stm32h7-octospi");
	if (!h7q || !f7q || !h7o) {
		CHECK(0, "variant table incomplete");
		return tap_done();
	}
	test_bits();
	test_lookup();
	test_qspi_mm_read4b();
	test_qspi_mm_qpi();
	test_qspi_dtr();
	test_qspi_indirect_write();
	test_qspi_indirect_read();
	test_qspi_no_data();
	test_qspi_poll();
	test_ospi_mm_octal_dtr();
	test_ospi_mm_hyperram();
	test_ospi_indirect();
	test_ospi_nodata_ddtr();
	test_ospi_poll();
	test_devsize();
	test_abort();
	test_sr();
	test_errors_lines_dtr();
	test_errors_sizes();
	test_errors_phases_modes();
	test_errors_mm_poll();
	test_errors_dual_cfg();
	test_strerror();
	test_setup();
	return tap_done();
}
