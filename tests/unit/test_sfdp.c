// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests for the SFDP decoder, on the real dumps in
 * $XSPI_SRCDIR/tests/data/sfdp/. Every expected value below was read off
 * the hex dump by hand (and cross-checked with DECODED_BFPT.txt, which was
 * produced independently); none is computed by the code under test.
 *
 * Buffers handed to the decoder are malloc'ed to their exact length so
 * that valgrind flags any read past the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xspi_sfdp.h"

#define DUMP_MAX 4096

struct dump {
	uint8_t data[DUMP_MAX];
	size_t len;
};

/* Parse one "xxxxxxxx: hh hh ..." line into d; false on a format error. */
static bool hex_line(const char *line, struct dump *d)
{
	char *end;
	unsigned long off = strtoul(line, &end, 16);

	if (end == line || *end != ':')
		return false;
	const char *p = end + 1;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\n' || *p == '\r')
			return true;
		unsigned long v = strtoul(p, &end, 16);

		if (end == p || v > 0xff || off >= DUMP_MAX)
			return false;
		d->data[off++] = (uint8_t)v;
		if (off > d->len)
			d->len = off;
		p = end;
	}
}

static bool load_dump(const char *name, struct dump *d)
{
	const char *dir = getenv("XSPI_SRCDIR");
	char path[1024], line[512];

	snprintf(path, sizeof(path), "%s/tests/data/sfdp/%s", dir ? dir : ".", name);
	FILE *f = fopen(path, "r");

	memset(d, 0xff, sizeof(d->data));
	d->len = 0;
	if (!f) {
		printf("# cannot open %s\n", path);
		return false;
	}
	bool ok = true;

	while (ok && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
			continue;
		ok = hex_line(line, d);
	}
	fclose(f);
	return ok && d->len > 0;
}

/* Parse exactly len bytes from an exactly-sized heap copy. */
static int parse_exact(const uint8_t *src, size_t len, struct xspi_sfdp_info *info)
{
	uint8_t *buf = malloc(len ? len : 1);
	int err;

	if (!buf)
		abort();
	memcpy(buf, src, len);
	err = xspi_sfdp_parse(buf, len, info);
	free(buf);
	return err;
}

static size_t span_exact(const uint8_t *src, size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);
	size_t n;

	if (!buf)
		abort();
	memcpy(buf, src, len);
	n = xspi_sfdp_span(buf, len);
	free(buf);
	return n;
}

static void check_read(const struct xspi_sfdp_info *in, enum xspi_sfdp_read_mode m, bool sup,
                       unsigned int op, unsigned int dummy, unsigned int mode)
{
	char name[64];

	snprintf(name, sizeof(name), "read %s", xspi_sfdp_read_mode_name(m));
	CHECK_EQ(in->read[m].supported, sup, name);
	if (!sup && !op)
		return;
	CHECK_EQ(in->read[m].opcode, op, name);
	CHECK_EQ(in->read[m].dummy, dummy, name);
	CHECK_EQ(in->read[m].mode, mode, name);
}

static void check_erase(const struct xspi_sfdp_info *in, int t, uint32_t size, unsigned int op,
                        uint32_t typ, uint32_t max)
{
	char name[64];

	snprintf(name, sizeof(name), "erase type %d", t + 1);
	CHECK_EQ(in->erase[t].size, size, name);
	if (size)
		CHECK_EQ(in->erase[t].opcode, op, name);
	CHECK_EQ(in->erase[t].typ_ms, typ, name);
	CHECK_EQ(in->erase[t].max_ms, max, name);
}

/*
 * Walk the read loop a driver runs (header, param headers, tables), then
 * parse every prefix: each one that cuts a decoded table must fail
 * cleanly, longer ones must pass. Tables of unknown id (vendor tables) are
 * not decoded, so a prefix that cuts only those still parses.
 */
static void check_span_and_prefixes(const struct dump *d, size_t expect_span, size_t decoded_end)
{
	size_t have = 0, need = XSPI_SFDP_HDR_LEN;
	int rounds = 0;
	struct xspi_sfdp_info info;

	while (need > have && rounds++ < 5) {
		have = need;
		need = span_exact(d->data, have);
	}
	CHECK_EQ(have, expect_span, "span loop reads exactly the tables");
	CHECK(rounds <= 3, "span loop converges in <= 3 reads");

	int bad = 0;

	for (size_t len = 0; len <= expect_span; len++)
		if ((parse_exact(d->data, len, &info) == 0) != (len >= decoded_end))
			bad++;
	CHECK_EQ(bad, 0, "prefixes cutting a decoded table are rejected");
	CHECK_EQ(parse_exact(d->data, expect_span, &info), 0, "exact span parses");
}

static void test_w25q128jv(void)
{
	struct dump d;
	struct xspi_sfdp_info in;

	printf("# W25Q128JV_EF4018\n");
	if (!CHECK(load_dump("W25Q128JV_EF4018.hex", &d), "load W25Q128JV"))
		return;
	CHECK_EQ(d.len, 192, "dump length");
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.rev_major, 1, "rev major");
	CHECK_EQ(in.rev_minor, 5, "rev minor");
	CHECK_EQ(in.nph, 1, "nph");
	CHECK_EQ(in.access_protocol, 0xff, "access protocol");
	CHECK_EQ(in.bfpt_dwords, 16, "bfpt dwords");
	CHECK_EQ(in.density, 16777216, "density 16 MiB");
	CHECK_EQ(in.addr_mode, XSPI_SFDP_ADDR_3B, "3-byte only");
	CHECK_EQ(in.dtr, 1, "DTR advertised (wrongly for -IQ, see parts)");
	CHECK(in.erase_4k_uniform && in.erase_4k_opcode == 0x20, "4K erase 20h");
	check_read(&in, XSPI_SFDP_READ_1_1_2, true, 0x3b, 8, 0);
	check_read(&in, XSPI_SFDP_READ_1_2_2, true, 0xbb, 2, 2);
	check_read(&in, XSPI_SFDP_READ_1_1_4, true, 0x6b, 8, 0);
	check_read(&in, XSPI_SFDP_READ_1_4_4, true, 0xeb, 4, 2);
	check_read(&in, XSPI_SFDP_READ_2_2_2, false, 0, 0, 0);
	check_read(&in, XSPI_SFDP_READ_4_4_4, true, 0xeb, 0, 2);
	check_erase(&in, 0, 4096, 0x20, 64, 896);
	check_erase(&in, 1, 32768, 0x52, 128, 1792);
	check_erase(&in, 2, 65536, 0xd8, 160, 2240);
	check_erase(&in, 3, 0, 0, 0, 0);
	CHECK_EQ(in.page_size, 256, "page size");
	CHECK_EQ(in.pp_typ_us, 704, "tPP typ");
	CHECK_EQ(in.pp_max_us, 4224, "tPP max");
	CHECK_EQ(in.chip_erase_typ_ms, 40000, "chip erase typ");
	CHECK_EQ(in.chip_erase_max_ms, 560000, "chip erase max (DW10 mult)");
	CHECK_EQ(in.qer, XSPI_QER_SR2B1_WRSR2B_KEEP, "QER 4");
	CHECK_EQ(in.quad_444_enable, 0x11, "4-4-4 enable");
	CHECK_EQ(in.quad_444_disable, 0x9, "4-4-4 disable");
	CHECK_EQ(in.mode_044, 1, "0-4-4");
	CHECK_EQ(in.poll, XSPI_SFDP_POLL_SR_WIP, "busy poll via 05h");
	CHECK_EQ(in.enter_4b, 0, "no 4B entry on a 3B part (raw 80h)");
	CHECK_EQ(in.exit_4b, 0, "no 4B exit on a 3B part (raw 3E0h)");
	CHECK_EQ(in.soft_reset, 0x30, "soft reset 66/99 + exit 0-4-4");
	CHECK_EQ(in.sr1_volatility, 0x09, "SR1 NV 06h / vol 50h");
	CHECK_EQ(in.octal_cmd_ext, XSPI_SFDP_CMD_EXT_UNKNOWN, "no DW18");
	CHECK(!in.fourbait.present && !in.profile1.present, "no 4BAIT/profile");
	check_span_and_prefixes(&d, 192, 192);
}

/* The two Micron 3V-family dumps share every BFPT byte but density. */
static void check_micron_common(const struct xspi_sfdp_info *in)
{
	CHECK_EQ(in->rev_minor, 6, "rev 1.6");
	CHECK_EQ(in->nph, 2, "nph");
	CHECK_EQ(in->bfpt_dwords, 16, "bfpt dwords");
	CHECK_EQ(in->addr_mode, XSPI_SFDP_ADDR_3B_OR_4B, "3 or 4 byte");
	CHECK_EQ(in->dtr, 1, "DTR");
	check_read(in, XSPI_SFDP_READ_1_1_2, true, 0x3b, 7, 1);
	check_read(in, XSPI_SFDP_READ_1_2_2, true, 0xbb, 7, 1);
	check_read(in, XSPI_SFDP_READ_1_1_4, true, 0x6b, 7, 1);
	check_read(in, XSPI_SFDP_READ_1_4_4, true, 0xeb, 9, 1);
	check_read(in, XSPI_SFDP_READ_2_2_2, true, 0xbb, 7, 1);
	check_read(in, XSPI_SFDP_READ_4_4_4, true, 0xeb, 9, 1);
	check_erase(in, 0, 4096, 0x20, 48, 480);
	check_erase(in, 1, 65536, 0xd8, 160, 1600);
	check_erase(in, 2, 32768, 0x52, 112, 1120);
	check_erase(in, 3, 0, 0, 0, 0);
	CHECK_EQ(in->page_size, 256, "page size");
	CHECK_EQ(in->pp_typ_us, 120, "tPP typ");
	CHECK_EQ(in->pp_max_us, 2880, "tPP max");
	CHECK_EQ(in->chip_erase_typ_ms, 128000, "chip erase typ");
	CHECK_EQ(in->chip_erase_max_ms, 1280000, "chip erase max");
	CHECK_EQ(in->qer, XSPI_QER_NONE, "QER 0");
	CHECK_EQ(in->quad_444_enable, 0x14, "4-4-4 enable 35h / EVCR b7");
	CHECK_EQ(in->quad_444_disable, 0xa, "4-4-4 disable F5h / reset");
	CHECK_EQ(in->poll, XSPI_SFDP_POLL_FSR_READY, "busy poll via 70h");
	CHECK_EQ(in->enter_4b, 0x36, "enter 4B: WREN+B7, EAR, NVCR, 4B ops");
	CHECK_EQ(in->exit_4b, 0xf6, "exit 4B");
	CHECK_EQ(in->soft_reset, 0x3d, "soft reset");
	CHECK_EQ(in->sr1_volatility, 0x01, "SR1 non-volatile");
	CHECK(in->fourbait.present, "4BAIT present");
	CHECK_EQ(in->fourbait.support, 0xe7ff, "4BAIT support bits");
	CHECK(in->fourbait.support & XSPI_4BAIT_READ_EC, "4B 1-4-4 read ECh");
	CHECK(in->fourbait.support & XSPI_4BAIT_PP_12, "4B PP 12h");
	CHECK(!(in->fourbait.support & XSPI_4BAIT_ERASE(2)), "no 4B 32K erase");
	CHECK_EQ(in->fourbait.erase_opcode[0], 0x21, "4B erase T1 21h");
	CHECK_EQ(in->fourbait.erase_opcode[1], 0xdc, "4B erase T2 DCh");
	CHECK(!in->profile1.present, "no xSPI profile");
}

static void test_micron(const char *file, uint64_t density)
{
	struct dump d;
	struct xspi_sfdp_info in;

	printf("# %s\n", file);
	if (!CHECK(load_dump(file, &d), "load Micron dump"))
		return;
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.density, density, "density");
	check_micron_common(&in);
	check_span_and_prefixes(&d, 0x88, 0x88);
}

static void test_n25q256a(void)
{
	struct dump d;
	struct xspi_sfdp_info in;

	printf("# N25Q256A_qemu_ref (JESD216 rev 0, 9 DWORDs)\n");
	if (!CHECK(load_dump("N25Q256A_qemu_ref.hex", &d), "load N25Q256A"))
		return;
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.rev_minor, 0, "rev 1.0");
	CHECK_EQ(in.bfpt_dwords, 9, "bfpt 9 dwords");
	CHECK_EQ(in.density, 33554432, "density 32 MiB");
	CHECK_EQ(in.addr_mode, XSPI_SFDP_ADDR_3B_OR_4B, "3 or 4 byte");
	check_read(&in, XSPI_SFDP_READ_1_1_2, true, 0x3b, 8, 0);
	check_read(&in, XSPI_SFDP_READ_1_2_2, true, 0xbb, 7, 1);
	check_read(&in, XSPI_SFDP_READ_1_1_4, true, 0x6b, 7, 1);
	check_read(&in, XSPI_SFDP_READ_1_4_4, true, 0xeb, 9, 1);
	check_read(&in, XSPI_SFDP_READ_2_2_2, true, 0xbb, 7, 1);
	check_read(&in, XSPI_SFDP_READ_4_4_4, true, 0xeb, 9, 1);
	check_erase(&in, 0, 4096, 0x20, 0, 0);
	check_erase(&in, 1, 65536, 0xd8, 0, 0);
	check_erase(&in, 2, 0, 0, 0, 0);
	/* bytes 0x54.. are DW10+ of nothing: must not leak into the result */
	CHECK_EQ(in.page_size, 0, "page size unknown");
	CHECK_EQ(in.pp_max_us, 0, "tPP unknown");
	CHECK_EQ(in.chip_erase_max_ms, 0, "chip erase unknown");
	CHECK_EQ(in.qer, XSPI_QER_UNKNOWN, "QER unknown");
	CHECK(!in.dw15_known && !in.dw16_known && !in.poll_known, "DW14-16 unknown");
	check_span_and_prefixes(&d, 0x54, 0x54);
}

static void test_mx25l128(void)
{
	struct dump d;
	struct xspi_sfdp_info in;

	printf("# MX25L128xx_C22018\n");
	if (!CHECK(load_dump("MX25L128xx_C22018.hex", &d), "load MX25L128"))
		return;
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.nph, 3, "nph (BFPT, C2h vendor, 4BAIT)");
	CHECK_EQ(in.density, 16777216, "density 16 MiB");
	CHECK_EQ(in.addr_mode, XSPI_SFDP_ADDR_3B, "3-byte only");
	CHECK_EQ(in.dtr, 0, "no DTR");
	check_read(&in, XSPI_SFDP_READ_1_1_2, true, 0x3b, 8, 0);
	check_read(&in, XSPI_SFDP_READ_1_2_2, true, 0xbb, 4, 0);
	check_read(&in, XSPI_SFDP_READ_1_1_4, true, 0x6b, 8, 0);
	check_read(&in, XSPI_SFDP_READ_1_4_4, true, 0xeb, 4, 2);
	check_read(&in, XSPI_SFDP_READ_2_2_2, false, 0xff, 0, 0);
	check_read(&in, XSPI_SFDP_READ_4_4_4, true, 0xeb, 4, 2);
	check_erase(&in, 0, 4096, 0x20, 25, 150);
	check_erase(&in, 1, 32768, 0x52, 144, 864);
	check_erase(&in, 2, 65536, 0xd8, 256, 1536);
	check_erase(&in, 3, 0, 0, 0, 0);
	CHECK_EQ(in.page_size, 256, "page size");
	CHECK_EQ(in.pp_typ_us, 384, "tPP typ");
	CHECK_EQ(in.pp_max_us, 1536, "tPP max");
	CHECK_EQ(in.chip_erase_typ_ms, 28000, "chip erase typ");
	CHECK_EQ(in.chip_erase_max_ms, 168000, "chip erase max");
	CHECK_EQ(in.qer, XSPI_QER_SR1B6, "QER 2: SR1 bit 6");
	CHECK_EQ(in.quad_444_enable, XSPI_SFDP_444_EN_35, "4-4-4 enable 35h");
	CHECK_EQ(in.quad_444_disable, 0xa, "4-4-4 disable F5h / reset");
	CHECK_EQ(in.enter_4b, 0, "3B part: no 4B entry (raw FFh)");
	CHECK_EQ(in.soft_reset, XSPI_SFDP_RST_66_99, "soft reset 66/99");
	CHECK_EQ(in.sr1_volatility, XSPI_SFDP_SR1_NV_06, "SR1 NV (raw 61h)");
	CHECK(in.fourbait.present, "4BAIT present");
	CHECK_EQ(in.fourbait.support, 0, "4BAIT: no 4B opcodes");
	check_span_and_prefixes(&d, 0x120, 0xc8);
}

static void test_mx25lm51245g(void)
{
	struct dump d;
	struct xspi_sfdp_info in;
	const struct xspi_sfdp_profile1 *p = &in.profile1;

	printf("# MX25LM51245G\n");
	if (!CHECK(load_dump("MX25LM51245G.hex", &d), "load MX25LM51245G"))
		return;
	CHECK_EQ(d.len, 316, "dump length");
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.rev_minor, 8, "rev 1.8");
	CHECK_EQ(in.nph, 5, "nph");
	CHECK_EQ(in.access_protocol, 0xfd, "access protocol FDh");
	CHECK_EQ(in.bfpt_rev_minor, 7, "BFPT rev 1.7");
	CHECK_EQ(in.bfpt_dwords, 20, "BFPT 20 dwords");
	CHECK_EQ(in.density, 67108864, "density 64 MiB");
	CHECK_EQ(in.addr_mode, XSPI_SFDP_ADDR_3B_OR_4B, "3 or 4 byte");
	CHECK_EQ(in.dtr, 1, "DTR");
	for (int m = 0; m < XSPI_SFDP_READ_NUM; m++)
		CHECK(!in.read[m].supported, xspi_sfdp_read_mode_name(m));
	check_erase(&in, 0, 4096, 0x20, 25, 500);
	check_erase(&in, 1, 65536, 0xd8, 256, 5120);
	check_erase(&in, 2, 0, 0, 0, 0);
	CHECK_EQ(in.page_size, 256, "page size");
	CHECK_EQ(in.pp_typ_us, 152, "tPP typ");
	CHECK_EQ(in.pp_max_us, 4256, "tPP max");
	CHECK_EQ(in.chip_erase_typ_ms, 192000, "chip erase typ");
	CHECK_EQ(in.chip_erase_max_ms, 3840000, "chip erase max");
	CHECK_EQ(in.qer, XSPI_QER_NONE, "no QE");
	CHECK_EQ(in.enter_4b, XSPI_SFDP_4B_EN_OPCODES, "4B opcodes");
	CHECK_EQ(in.exit_4b, 0, "no 4B exit");
	CHECK_EQ(in.soft_reset, XSPI_SFDP_RST_66_99, "soft reset 66/99");
	CHECK_EQ(in.sr1_volatility, XSPI_SFDP_SR1_MIXED_06, "SR1 mixed");
	CHECK_EQ(in.poll, XSPI_SFDP_POLL_SR_WIP, "busy poll via 05h");
	CHECK_EQ(in.octal_cmd_ext, XSPI_SFDP_CMD_EXT_INVERT, "8D opcode ext inverted");
	CHECK(in.fourbait.present, "4BAIT present");
	CHECK_EQ(in.fourbait.support, 0x0643, "4BAIT: 13h 0Ch 12h, erase T1 T2");
	CHECK_EQ(in.fourbait.erase_opcode[0], 0x21, "4B erase 21h");
	CHECK_EQ(in.fourbait.erase_opcode[1], 0xdc, "4B erase DCh");
	CHECK(p->present, "xSPI profile 1.0 present");
	CHECK_EQ(p->read_8d_opcode, 0xee, "8D-8D-8D read EEh");
	CHECK_EQ(p->rdsr_dummy, 4, "RDSR dummy 4");
	CHECK_EQ(p->rdsr_addr_bytes, 4, "RDSR 4 address bytes");
	CHECK_EQ(p->dummy_200mhz, 0, "200 MHz not supported");
	CHECK_EQ(p->dummy_166mhz, 0, "166 MHz not supported");
	CHECK_EQ(p->dummy_133mhz, 14, "133 MHz: 14 dummies");
	CHECK_EQ(p->dummy_100mhz, 10, "100 MHz: 10 dummies");
	CHECK(in.sccr_present, "SCCR present");
	CHECK(in.sccr_octal_dtr_en_volatile, "octal DTR enable volatile");
	check_span_and_prefixes(&d, 0x13c, 0x13c);
}

/* ---- negative and synthetic tests ---------------------------------------- */

static void test_errors(void)
{
	struct dump d;
	struct xspi_sfdp_info in;
	uint8_t b[DUMP_MAX];

	printf("# error paths\n");
	if (!CHECK(load_dump("MT25QU512A_sibling_of_MT25QL512ABB.hex", &d), "load"))
		return;
	CHECK_EQ(xspi_sfdp_parse(NULL, 8, &in), XSPI_SFDP_E_ARG, "NULL buffer");
	CHECK_EQ(xspi_sfdp_parse(d.data, d.len, NULL), XSPI_SFDP_E_ARG, "NULL out");
	CHECK_EQ(parse_exact(d.data, 0, &in), XSPI_SFDP_E_TRUNC, "empty buffer");
	CHECK_EQ(parse_exact(d.data, 7, &in), XSPI_SFDP_E_TRUNC, "7-byte header");
	CHECK_EQ(parse_exact(d.data, 20, &in), XSPI_SFDP_E_TRUNC, "param hdr cut");
	CHECK_EQ(parse_exact(d.data, 0x60, &in), XSPI_SFDP_E_RANGE, "BFPT cut");
	CHECK(!in.bfpt_ok, "no BFPT data from a cut BFPT");
	CHECK_EQ(parse_exact(d.data, 0x84, &in), XSPI_SFDP_E_RANGE, "4BAIT cut");
	CHECK(in.bfpt_ok && in.density == 67108864, "BFPT usable when 4BAIT cut");
	CHECK(!in.fourbait.present, "cut 4BAIT not reported present");

	memcpy(b, d.data, d.len);
	b[0] = 'X';
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_SIGNATURE, "bad signature");
	CHECK_EQ(span_exact(b, d.len), 0, "span of bad signature");

	memcpy(b, d.data, d.len);
	b[5] = 2;
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_MAJOR, "SFDP major 2");

	memcpy(b, d.data, d.len);
	b[8] = 0x84; /* first header claims to be a 4BAIT */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_NO_BFPT, "1st not BFPT");

	memcpy(b, d.data, d.len);
	b[10] = 2; /* BFPT major revision 2 */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_NO_BFPT, "BFPT major 2");

	memcpy(b, d.data, d.len);
	b[12] = 0xf0;
	b[13] = 0xff;
	b[14] = 0xff; /* BFPT at FFFFF0h */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_RANGE, "BFPT ptr outside");

	memcpy(b, d.data, d.len);
	b[0x14] = 0x86; /* 4BAIT pointer 0x86 + 8 bytes > 0x88 */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_RANGE, "4BAIT ptr outside");
	CHECK(in.bfpt_ok, "BFPT still decoded");

	memcpy(b, d.data, d.len);
	b[11] = 0; /* zero-length BFPT */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_BFPT_SHORT, "BFPT len 0");
	b[11] = 8;
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_BFPT_SHORT, "BFPT len 8");

	memcpy(b, d.data, d.len);
	b[0x13] = 0; /* zero-length 4BAIT */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_TABLE_SHORT, "4BAIT len 0");
	CHECK(in.bfpt_ok && !in.fourbait.present, "BFPT kept, 4BAIT dropped");

	memcpy(b, d.data, d.len);
	b[6] = 0xff; /* 256 parameter headers: far beyond the buffer */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_TRUNC, "NPH 256");
	CHECK_EQ(span_exact(b, d.len), 8 + 8 * 256, "span asks for all headers");
}

/* DW2 bit 31: 2^N bits, JESD216A, for parts above 2 Gbit. */
static void test_density(void)
{
	struct dump d;
	struct xspi_sfdp_info in;
	uint8_t b[DUMP_MAX];

	printf("# density encodings\n");
	if (!CHECK(load_dump("N25Q00_20BA21_micron3V_family.hex", &d), "load"))
		return;
	CHECK_EQ(parse_exact(d.data, d.len, &in), 0, "parse");
	CHECK_EQ(in.density, 134217728, "1 Gbit linear (3FFFFFFFh)");
	memcpy(b, d.data, d.len);
	b[0x34] = 0x21;
	b[0x35] = 0;
	b[0x36] = 0;
	b[0x37] = 0x80; /* 2^33 */
	CHECK_EQ(parse_exact(b, d.len, &in), 0, "parse 2^33 bits");
	CHECK_EQ(in.density, 1073741824, "8 Gbit = 1 GiB");
	b[0x34] = 0x02; /* 2^2 bits: not a memory */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_DENSITY, "2^2 bits");
	b[0x34] = 0x43; /* 2^67 bits: 2^64 bytes does not fit */
	CHECK_EQ(parse_exact(b, d.len, &in), XSPI_SFDP_E_DENSITY, "2^67 bits");
}

/* A later BFPT header with a higher minor revision wins. */
static void test_bfpt_pick(void)
{
	struct dump d;
	struct xspi_sfdp_info in;
	uint8_t b[DUMP_MAX];

	printf("# BFPT selection\n");
	if (!CHECK(load_dump("N25Q256A_qemu_ref.hex", &d), "load"))
		return;
	memcpy(b, d.data, d.len);
	/* 2nd header: BFPT 1.6, 16 dwords at 0x30 (bytes 0x54.. are FFh) */
	b[6] = 1;
	const uint8_t ph[8] = { 0x00, 0x06, 0x01, 0x10, 0x30, 0x00, 0x00, 0xff };

	memcpy(b + 16, ph, sizeof(ph));
	CHECK_EQ(parse_exact(b, d.len, &in), 0, "parse");
	CHECK_EQ(in.bfpt_rev_minor, 6, "newer BFPT header chosen");
	CHECK_EQ(in.bfpt_dwords, 16, "16 dwords");
	CHECK_EQ(in.qer, XSPI_QER_RESERVED, "DW15 all-ones decodes as 7");
}

static void test_strerror(void)
{
	int codes[] = { XSPI_SFDP_E_ARG,        XSPI_SFDP_E_TRUNC,       XSPI_SFDP_E_SIGNATURE,
		        XSPI_SFDP_E_MAJOR,      XSPI_SFDP_E_NO_BFPT,     XSPI_SFDP_E_RANGE,
		        XSPI_SFDP_E_BFPT_SHORT, XSPI_SFDP_E_TABLE_SHORT, XSPI_SFDP_E_DENSITY };
	int bad = 0;

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *s = xspi_sfdp_strerror(codes[i]);

		if (!s || !strcmp(s, "unknown SFDP error"))
			bad++;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(s, xspi_sfdp_strerror(codes[j])))
				bad++;
	}
	CHECK_EQ(bad, 0, "every error has its own text");
	CHECK(!strcmp(xspi_sfdp_strerror(-1000), "unknown SFDP error"), "unknown");
	CHECK(!strcmp(xspi_sfdp_strerror(5), "unknown SFDP error"), "positive");
}

int main(void)
{
	test_w25q128jv();
	test_micron("MT25QU512A_sibling_of_MT25QL512ABB.hex", 67108864);
	test_micron("N25Q00_20BA21_micron3V_family.hex", 134217728);
	test_n25q256a();
	test_mx25l128();
	test_mx25lm51245g();
	test_errors();
	test_density();
	test_bfpt_pick();
	test_strerror();
	return tap_done();
}
