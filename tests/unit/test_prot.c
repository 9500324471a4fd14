// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests for block protection (xspi_prot.c) on the parts of the
 * table. Expected ranges are written out by hand from the datasheets'
 * protected-area tables (W25Q128JV / W25Q64JV "Status Register Memory
 * Protection", Micron "Protected area sizes", Macronix likewise), not
 * computed by the code under test.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "xspi_parts.h"
#include "xspi_prot.h"

#define KIB(x) ((uint32_t)(x)*1024u)
#define MIB(x) ((uint32_t)(x)*1024u * 1024u)

static const struct xspi_part *part(uint8_t a, uint8_t b, uint8_t c)
{
	const uint8_t id[3] = { a, b, c };
	const struct xspi_part *p = xspi_part_by_id(id);

	if (!p) {
		printf("Bail out! part %02x %02x %02x missing from the table\n", a, b, c);
		exit(1);
	}
	return p;
}

static struct xspi_prot_regs regs(uint8_t sr1, uint8_t sr2, uint8_t cr)
{
	struct xspi_prot_regs r = { { 0 } };

	r.v[XSPI_NOR_REG_SR1] = sr1;
	r.v[XSPI_NOR_REG_SR2] = sr2;
	r.v[XSPI_NOR_REG_CR] = cr;
	return r;
}

/* decode(sr1, sr2, cr) == [start, end) */
static void dec(const struct xspi_part *p, uint8_t sr1, uint8_t sr2, uint8_t cr, uint32_t start,
                uint32_t end, const char *what)
{
	struct xspi_prot_regs r = regs(sr1, sr2, cr);
	struct xspi_prot_range got = { 0xdead, 0xbeef };
	char name[160];
	int err = xspi_prot_decode(&p->prot, p->size, &r, &got);

	snprintf(name, sizeof(name), "%s SR 0x%02x/0x%02x CR 0x%02x: %s = 0x%08x-0x%08x", p->name,
	         sr1, sr2, cr, what, start, end);
	if (!tap_check(err == 0 && got.start == start && got.end == end, __FILE__, __LINE__,
	               "decode", name))
		printf("#   got err %d, 0x%08x-0x%08x\n", err, got.start, got.end);
}

/* encode([start, end)) from cur gives sr1/sr2/cr (or the error) */
static void enc(const struct xspi_part *p, uint32_t start, uint32_t end, struct xspi_prot_regs cur,
                int want_err, uint8_t sr1, uint8_t sr2, uint8_t cr, const char *what)
{
	struct xspi_prot_regs out = regs(0xee, 0xee, 0xee);
	char name[160];
	int err = xspi_prot_encode(&p->prot, p->size, start, end, &cur, &out);
	bool ok = err == want_err;

	if (!want_err)
		ok = ok && out.v[XSPI_NOR_REG_SR1] == sr1 && out.v[XSPI_NOR_REG_SR2] == sr2 &&
		     out.v[XSPI_NOR_REG_CR] == cr;
	if (want_err)
		snprintf(name, sizeof(name), "%s encode 0x%08x-0x%08x (%s): %s", p->name, start,
		         end, what, xspi_prot_strerror(want_err));
	else
		snprintf(name, sizeof(name),
		         "%s encode 0x%08x-0x%08x (%s) = SR 0x%02x/0x%02x CR 0x%02x", p->name,
		         start, end, what, sr1, sr2, cr);
	if (!tap_check(ok, __FILE__, __LINE__, "encode", name))
		printf("#   got err %d, SR 0x%02x/0x%02x CR 0x%02x\n", err, out.v[XSPI_NOR_REG_SR1],
		       out.v[XSPI_NOR_REG_SR2], out.v[XSPI_NOR_REG_CR]);
}

static void test_w25q128jv(void)
{
	const struct xspi_part *p = part(0xef, 0x40, 0x18);
	const uint32_t top = MIB(16);

	printf("# W25Q128JV: SR1 BP0-2 b2-4, TB b5, SEC b6; SR2 CMP b6 (QE b1 kept)\n");
	/* CMP = 0 table */
	dec(p, 0x00, 0x02, 0, 0, 0, "none");
	dec(p, 0x04, 0x02, 0, 0xfc0000, top, "BP 001: blocks 252-255, upper 1/64");
	dec(p, 0x08, 0x02, 0, 0xf80000, top, "BP 010: upper 1/32");
	dec(p, 0x0c, 0x02, 0, 0xf00000, top, "BP 011: upper 1/16");
	dec(p, 0x10, 0x02, 0, 0xe00000, top, "BP 100: upper 1/8");
	dec(p, 0x14, 0x02, 0, 0xc00000, top, "BP 101: upper 1/4");
	dec(p, 0x18, 0x02, 0, 0x800000, top, "BP 110: upper 1/2");
	dec(p, 0x1c, 0x02, 0, 0, top, "BP 111: all");
	dec(p, 0x24, 0x02, 0, 0, 0x040000, "TB BP 001: blocks 0-3, lower 1/64");
	dec(p, 0x38, 0x02, 0, 0, 0x800000, "TB BP 110: lower 1/2");
	dec(p, 0x3c, 0x02, 0, 0, top, "TB BP 111: all");
	dec(p, 0x44, 0x02, 0, 0xfff000, top, "SEC BP 001: upper 4 KiB");
	dec(p, 0x48, 0x02, 0, 0xffe000, top, "SEC BP 010: upper 8 KiB");
	dec(p, 0x4c, 0x02, 0, 0xffc000, top, "SEC BP 011: upper 16 KiB");
	dec(p, 0x50, 0x02, 0, 0xff8000, top, "SEC BP 100: upper 32 KiB");
	dec(p, 0x54, 0x02, 0, 0xff8000, top, "SEC BP 101: upper 32 KiB");
	dec(p, 0x64, 0x02, 0, 0, 0x001000, "SEC TB BP 001: lower 4 KiB");
	dec(p, 0x70, 0x02, 0, 0, 0x008000, "SEC TB BP 100: lower 32 KiB");
	dec(p, 0x5c, 0x02, 0, 0, top, "SEC BP 111: all");
	dec(p, 0x80, 0x02, 0, 0, 0, "SRP alone protects nothing");
	/* CMP = 1 table */
	dec(p, 0x00, 0x42, 0, 0, top, "CMP BP 000: all");
	dec(p, 0x04, 0x42, 0, 0, 0xfc0000, "CMP BP 001: blocks 0-251, lower 63/64");
	dec(p, 0x24, 0x42, 0, 0x040000, top, "CMP TB BP 001: blocks 4-255, upper 63/64");
	dec(p, 0x18, 0x42, 0, 0, 0x800000, "CMP BP 110: lower 1/2");
	dec(p, 0x1c, 0x42, 0, 0, 0, "CMP BP 111: none");
	dec(p, 0x44, 0x42, 0, 0, 0xfff000, "CMP SEC BP 001: lower 4095/4096");
	dec(p, 0x64, 0x42, 0, 0x001000, top, "CMP SEC TB BP 001: upper 4095/4096");

	enc(p, 0xf00000, top, regs(0x00, 0x02, 0), 0, 0x0c, 0x02, 0, "upper 1 MiB");
	enc(p, 0, 0x1000, regs(0x00, 0x02, 0), 0, 0x64, 0x02, 0, "lower 4 KiB");
	enc(p, 0xffe000, top, regs(0x00, 0x02, 0), 0, 0x48, 0x02, 0, "upper 8 KiB");
	enc(p, 0xff8000, top, regs(0x00, 0x02, 0), 0, 0x50, 0x02, 0, "upper 32 KiB, BP 100");
	enc(p, 0, 0xfc0000, regs(0x00, 0x02, 0), 0, 0x04, 0x42, 0, "lower 63/64 needs CMP");
	enc(p, 0x001000, top, regs(0x00, 0x02, 0), 0, 0x64, 0x42, 0, "all but 4 KiB: CMP SEC TB");
	enc(p, 0, top, regs(0x00, 0x42, 0), 0, 0x1c, 0x02, 0, "all: BP 111, CMP cleared");
	enc(p, 0, 0, regs(0xfc, 0x42, 0), 0, 0x80, 0x02, 0, "none: SRP and QE kept");
	enc(p, 0x5000, 0x5000, regs(0x0c, 0x02, 0), 0, 0x00, 0x02, 0, "empty range = none");
	enc(p, 0x100000, 0x200000, regs(0, 0x02, 0), XSPI_PROT_E_UNREPRESENTABLE, 0, 0, 0,
	    "a middle range");
	enc(p, 0xf00000, 0xf80000, regs(0, 0x02, 0), XSPI_PROT_E_UNREPRESENTABLE, 0, 0, 0,
	    "1/16 minus the top 1/32");
	enc(p, 0xf10000, top, regs(0, 0x02, 0), XSPI_PROT_E_UNREPRESENTABLE, 0, 0, 0,
	    "960 KiB at the top");
	enc(p, 0, top + 1, regs(0, 0x02, 0), XSPI_PROT_E_RANGE, 0, 0, 0, "beyond the chip");
}

static void test_w25q64jv(void)
{
	const struct xspi_part *p = part(0xef, 0x40, 0x17);
	const uint32_t top = MIB(8);

	printf("# W25Q64JV: the same scheme on 8 MiB\n");
	dec(p, 0x04, 0x02, 0, 0x7e0000, top, "BP 001: blocks 126-127, 128 KiB");
	dec(p, 0x18, 0x02, 0, 0x400000, top, "BP 110: upper 1/2");
	dec(p, 0x50, 0x02, 0, 0x7f8000, top, "SEC BP 100: 32 KiB");
	dec(p, 0x2c, 0x42, 0, 0x080000, top, "CMP TB BP 011: blocks 8-127, all but the lower 1/16");
	enc(p, 0x7e0000, top, regs(0, 0x02, 0), 0, 0x04, 0x02, 0, "upper 128 KiB");
}

static void test_micron(void)
{
	const struct xspi_part *m = part(0x20, 0xba, 0x20);
	const struct xspi_part *n = part(0x20, 0xba, 0x18);
	const uint32_t mtop = MIB(64), ntop = MIB(16);

	printf("# MT25QL512ABB: BP0-2 b2-4, TB b5, BP3 b6; 64 KiB unit, 1024 sectors\n");
	dec(m, 0x00, 0, 0, 0, 0, "none");
	dec(m, 0x04, 0, 0, 0x3ff0000, mtop, "BP 0001: sector 1023");
	dec(m, 0x08, 0, 0, 0x3fe0000, mtop, "BP 0010: sectors 1022-1023");
	dec(m, 0x1c, 0, 0, 0x3c00000, mtop, "BP 0111: 64 sectors");
	dec(m, 0x40, 0, 0, 0x3800000, mtop, "BP 1000 (BP3 = b6): 128 sectors");
	dec(m, 0x48, 0, 0, 0x2000000, mtop, "BP 1010: 512 sectors");
	dec(m, 0x4c, 0, 0, 0, mtop, "BP 1011: all 1024 sectors");
	dec(m, 0x5c, 0, 0, 0, mtop, "BP 1111: all");
	dec(m, 0x24, 0, 0, 0, 0x10000, "TB BP 0001: sector 0");
	dec(m, 0x68, 0, 0, 0, 0x2000000, "TB BP 1010: sectors 0-511");
	dec(m, 0x80, 0, 0, 0, 0, "SRWD alone protects nothing");
	enc(m, 0x3ff0000, mtop, regs(0, 0, 0), 0, 0x04, 0, 0, "top sector");
	enc(m, 0x3800000, mtop, regs(0, 0, 0), 0, 0x40, 0, 0, "top 8 MiB: BP3 in b6");
	enc(m, 0, 0x2000000, regs(0, 0, 0), 0, 0x68, 0, 0, "bottom half");
	enc(m, 0, mtop, regs(0x80, 0, 0), 0, 0xcc, 0, 0, "all: BP 1011, SRWD kept");
	enc(m, 0x3ff8000, mtop, regs(0, 0, 0), XSPI_PROT_E_UNREPRESENTABLE, 0, 0, 0,
	    "32 KiB: no SEC on Micron");
	enc(m, 0x10000, mtop, regs(0, 0, 0), XSPI_PROT_E_UNREPRESENTABLE, 0, 0, 0,
	    "all but sector 0: no CMP on Micron");

	printf("# N25Q128A: same SR layout, 256 sectors\n");
	dec(n, 0x04, 0, 0, 0xff0000, ntop, "BP 0001: sector 255");
	dec(n, 0x40, 0, 0, 0x800000, ntop, "BP 1000: sectors 128-255");
	dec(n, 0x44, 0, 0, 0, ntop, "BP 1001: all");
	dec(n, 0x2c, 0, 0, 0, 0x40000, "TB BP 0011: sectors 0-3");
	enc(n, 0xfc0000, ntop, regs(0, 0, 0), 0, 0x0c, 0, 0, "top 4 sectors");
}

static void test_macronix(void)
{
	const struct xspi_part *p = part(0xc2, 0x20, 0x18);
	const uint32_t top = MIB(16);

	printf("# MX25L12835F: BP0-3 b2-5 (BP3 at b5, not b6), QE b6; TB in CR b3, OTP\n");
	dec(p, 0x04, 0, 0x07, 0xff0000, top, "BP 0001: block 255");
	dec(p, 0x20, 0, 0x07, 0x800000, top, "BP 1000 (BP3 = b5): blocks 128-255");
	dec(p, 0x40, 0, 0x07, 0, 0, "b6 is QE, not BP3");
	dec(p, 0x24, 0, 0x07, 0, top, "BP 1001: all");
	dec(p, 0x04, 0, 0x0f, 0, 0x10000, "CR TB = 1, BP 0001: block 0");
	enc(p, 0x800000, top, regs(0x40, 0, 0x07), 0, 0x60, 0, 0x07, "top half, QE kept");
	enc(p, 0, 0x10000, regs(0x00, 0, 0x07), XSPI_PROT_E_OTP, 0, 0, 0,
	    "bottom needs TB (OTP) set");
	enc(p, 0xff0000, top, regs(0x00, 0, 0x0f), XSPI_PROT_E_OTP, 0, 0, 0,
	    "top needs TB (OTP) cleared");
	enc(p, 0, 0x10000, regs(0x00, 0, 0x0f), 0, 0x04, 0, 0x0f, "bottom with TB already 1");
	enc(p, 0, 0, regs(0x7c, 0, 0x0f), 0, 0x40, 0, 0x0f, "none: QE and TB kept");
}

/* For every part and every combination of its bits: the range decoded is
 * encoded again into values that decode to the same range */
static void test_round_trip(void)
{
	printf("# every combination of every part encodes back to its range\n");
	for (size_t i = 0; i < xspi_part_count(); i++) {
		const struct xspi_part *p = xspi_part_at(i);
		uint8_t m1 = xspi_prot_bits(&p->prot, XSPI_NOR_REG_SR1, true);
		uint8_t m2 = xspi_prot_bits(&p->prot, XSPI_NOR_REG_SR2, true);
		uint8_t mc = xspi_prot_bits(&p->prot, XSPI_NOR_REG_CR, true);
		unsigned int bad = 0, tried = 0;
		char name[96];

		for (unsigned int v = 0; v < 256u * 4; v++) {
			struct xspi_prot_regs r =
			        regs((uint8_t)(v & m1), (v & 256) ? m2 : 0, (v & 512) ? mc : 0);
			struct xspi_prot_regs e;
			struct xspi_prot_range a, b;

			if ((v & 255) & ~m1)
				continue;
			tried++;
			if (xspi_prot_decode(&p->prot, p->size, &r, &a) ||
			    xspi_prot_encode(&p->prot, p->size, a.start, a.end, &r, &e) ||
			    xspi_prot_decode(&p->prot, p->size, &e, &b) || a.start != b.start ||
			    a.end != b.end || a.end > p->size || a.start > a.end) {
				if (!bad)
					printf("#   first failure: SR 0x%02x/0x%02x CR 0x%02x\n",
					       r.v[1], r.v[2], r.v[3]);
				bad++;
			}
		}
		snprintf(name, sizeof(name), "%s: %u combinations round-trip", p->name, tried);
		CHECK(tried && !bad, name);
	}
}

static void test_nearest(void)
{
	const struct xspi_part *w = part(0xef, 0x40, 0x18);
	const struct xspi_part *m = part(0x20, 0xba, 0x20);
	const struct xspi_part *x = part(0xc2, 0x20, 0x18);
	struct xspi_prot_regs cur = regs(0, 0x02, 0), out;
	struct xspi_prot_range r;
	int err;

	printf("# nearest representable ranges\n");
	err = xspi_prot_within(&w->prot, w->size, 0xf10000, MIB(16), &cur, &r, &out);
	CHECK(!err && r.start == 0xf80000 && r.end == MIB(16) && out.v[1] == 0x08,
	      "W25Q128JV inside 0xf10000-: upper 512 KiB (BP 010)");
	err = xspi_prot_covering(&w->prot, w->size, 0xf10000, MIB(16), &cur, &r);
	CHECK(!err && r.start == 0xf00000 && r.end == MIB(16),
	      "W25Q128JV covering 0xf10000-: upper 1 MiB");
	err = xspi_prot_covering(&w->prot, w->size, 0xfff800, 0xfffc00, &cur, &r);
	CHECK(!err && r.start == 0xfff000 && r.end == MIB(16),
	      "W25Q128JV covering 1 KiB near the top: the top 4 KiB (SEC)");
	err = xspi_prot_within(&w->prot, w->size, 0x100000, 0x200000, &cur, &r, NULL);
	CHECK(!err && r.start == 0 && r.end == 0, "W25Q128JV inside a middle range: none");
	err = xspi_prot_within(&m->prot, m->size, 0, 0x3000000, &cur, &r, NULL);
	CHECK(!err && r.start == 0 && r.end == 0x2000000,
	      "MT25QL512ABB inside the lower 48 MiB: lower 32 MiB");
	err = xspi_prot_covering(&m->prot, m->size, 0x10000, 0x20000, &cur, &r);
	CHECK(!err && r.start == 0 && r.end == 0x20000,
	      "MT25QL512ABB covering sector 1: sectors 0-1 (TB)");
	cur = regs(0, 0, 0x07);
	err = xspi_prot_covering(&x->prot, x->size, 0x10000, 0x20000, &cur, &r);
	CHECK(!err && r.start == 0 && r.end == MIB(16),
	      "MX25L12835F covering sector 1 with TB 0 (OTP): only all");
}

static void test_text_and_masks(void)
{
	const struct xspi_part *w = part(0xef, 0x40, 0x18);
	const struct xspi_part *m = part(0x20, 0xba, 0x20);
	const struct xspi_part *x = part(0xc2, 0x20, 0x18);
	struct xspi_prot_regs r = regs(0xfc, 0x42, 0x0f), c;
	char buf[80];

	printf("# register names, masks, text, clear\n");
	CHECK_EQ(xspi_prot_reg_mask(&w->prot), (1u << XSPI_NOR_REG_SR1) | (1u << XSPI_NOR_REG_SR2),
	         "W25Q128JV bits in SR1 and SR2");
	CHECK_EQ(xspi_prot_reg_mask(&m->prot), 1u << XSPI_NOR_REG_SR1, "Micron bits in SR only");
	CHECK_EQ(xspi_prot_reg_mask(&x->prot), (1u << XSPI_NOR_REG_SR1) | (1u << XSPI_NOR_REG_CR),
	         "Macronix bits in SR and CR");
	CHECK_EQ(xspi_prot_bits(&m->prot, XSPI_NOR_REG_SR1, true), 0x7c, "Micron mask 0x7c");
	CHECK_EQ(xspi_prot_bits(&x->prot, XSPI_NOR_REG_SR1, true), 0x3c, "Macronix mask 0x3c");
	CHECK_EQ(xspi_prot_bits(&x->prot, XSPI_NOR_REG_CR, false), 0, "Macronix CR: TB is OTP");
	CHECK(!strcmp(xspi_prot_reg_name(&w->prot, XSPI_NOR_REG_SR1), "SR1"), "Winbond SR1");
	CHECK(!strcmp(xspi_prot_reg_name(&m->prot, XSPI_NOR_REG_SR1), "SR"), "Micron SR");
	CHECK_EQ(xspi_prot_reg_read_op(XSPI_NOR_REG_SR2), 0x35, "SR2 read 35h");
	CHECK_EQ(xspi_prot_reg_write_op(XSPI_NOR_REG_SR2), 0x31, "SR2 write 31h");
	CHECK_EQ(xspi_prot_reg_write_op(XSPI_NOR_REG_CR), 0, "CR never written");

	xspi_prot_describe(&m->prot, XSPI_NOR_REG_SR1, 0x1c, buf, sizeof(buf));
	CHECK(!strcmp(buf, "BP2 BP1 BP0 set, TB 0"), "Micron 0x1c: 'BP2 BP1 BP0 set, TB 0'");
	if (strcmp(buf, "BP2 BP1 BP0 set, TB 0"))
		printf("#   got '%s'\n", buf);
	xspi_prot_describe(&m->prot, XSPI_NOR_REG_SR1, 0xe4, buf, sizeof(buf));
	CHECK(!strcmp(buf, "SRWD BP3 TB BP0 set"), "Micron 0xe4: 'SRWD BP3 TB BP0 set'");
	xspi_prot_describe(&w->prot, XSPI_NOR_REG_SR1, 0x1c, buf, sizeof(buf));
	CHECK(!strcmp(buf, "BP2 BP1 BP0 set, TB 0, SEC 0"), "Winbond SR1 0x1c");
	xspi_prot_describe(&w->prot, XSPI_NOR_REG_SR2, 0x02, buf, sizeof(buf));
	CHECK(!strcmp(buf, "CMP 0"), "Winbond SR2 0x02: 'CMP 0'");
	xspi_prot_describe(&x->prot, XSPI_NOR_REG_SR1, 0x40, buf, sizeof(buf));
	CHECK(!strcmp(buf, "no protection bits"), "Macronix SR 0x40: QE is not a protection bit");
	xspi_prot_describe(&w->prot, XSPI_NOR_REG_SR1, 0xfc, buf, sizeof(buf));
	CHECK(!strcmp(buf, "SRP SEC TB BP2 BP1 BP0 set"), "Winbond SR1 0xfc, SRP by name");
	CHECK_EQ(xspi_prot_describe(&w->prot, XSPI_NOR_REG_SR1, 0xfc, buf, 4),
	         strlen("SRP SEC TB BP2 BP1 BP0 set"),
	         "describe truncates and returns the full length");
	CHECK_EQ(strlen(buf), 3, "truncated text is terminated");

	xspi_prot_clear(&w->prot, &r, &c);
	CHECK(c.v[1] == 0x80 && c.v[2] == 0x02, "Winbond clear keeps SRP and QE");
	r = regs(0xfc, 0, 0x0f);
	xspi_prot_clear(&x->prot, &r, &c);
	CHECK(c.v[1] == 0xc0 && c.v[3] == 0x0f, "Macronix clear keeps SRWD, QE and OTP TB");
	CHECK(!xspi_prot_supported(NULL), "no scheme without a part");
}

int main(void)
{
	test_w25q128jv();
	test_w25q64jv();
	test_micron();
	test_macronix();
	test_round_trip();
	test_nearest();
	test_text_and_masks();
	return tap_done();
}
