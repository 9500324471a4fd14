// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests for the NOR part table: lookups by JEDEC ID, and a
 * sanity sweep over every entry (geometry, timings, protection bits).
 * Expected values are the parts' datasheet facts, written out here.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "xspi_parts.h"

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static const struct xspi_part *lookup(uint8_t a, uint8_t b, uint8_t c)
{
	const uint8_t id[3] = { a, b, c };

	return xspi_part_by_id(id);
}

static void test_lookups(void)
{
	const struct xspi_part *p;

	printf("# lookups\n");
	CHECK_EQ(xspi_part_count(), 6, "six parts");
	p = lookup(0xef, 0x40, 0x18);
	if (CHECK(p && !strcmp(p->name, "W25Q128JV"), "EF 40 18")) {
		CHECK_EQ(p->size, 16u << 20, "W25Q128JV 16 MiB");
		CHECK_EQ(p->qe, XSPI_QER_SR2B1_RD35_WR31, "Winbond QE via 31h");
		CHECK(p->sfdp_no_qpi && p->sfdp_no_dtr, "EF4018 SFDP quirks");
		CHECK_EQ(p->prot.cmp.reg, XSPI_NOR_REG_SR2, "CMP in SR2");
		CHECK_EQ(p->prot.cmp.bit, 6, "CMP bit 6");
	}
	p = lookup(0xef, 0x40, 0x17);
	CHECK(p && !strcmp(p->name, "W25Q64JV") && p->size == 8u << 20, "EF 40 17");
	p = lookup(0x20, 0xba, 0x20);
	if (CHECK(p && !strcmp(p->name, "MT25QL512ABB"), "20 BA 20")) {
		CHECK_EQ(p->size, 64u << 20, "MT25QL512ABB 64 MiB");
		CHECK_EQ(p->addr4, XSPI_ADDR4_OPCODES, "4-byte opcodes");
		CHECK(p->has_fsr && p->fsr.ready_mask == 0x80, "FSR 70h b7 ready");
		CHECK_EQ(p->qe, XSPI_QER_NONE, "Micron: no QE");
		CHECK_EQ(p->prot.bp[3], 6, "BP3 at SR bit 6");
		CHECK_EQ(p->erase[0].opcode_4b, 0x21, "4K 4B erase 21h");
		CHECK_EQ(p->erase[2].opcode_4b, 0xdc, "64K 4B erase DCh");
	}
	p = lookup(0x20, 0xba, 0x18);
	if (CHECK(p && !strcmp(p->name, "N25Q128A"), "20 BA 18")) {
		CHECK_EQ(p->erase[1].size, 65536, "no 32K erase on N25Q128A");
		CHECK_EQ(p->erase[2].size, 0, "two erase types");
		CHECK(p->has_fsr, "N25Q FSR");
	}
	p = lookup(0xc2, 0x20, 0x18);
	if (CHECK(p && !strcmp(p->name, "MX25L12835F"), "C2 20 18")) {
		CHECK_EQ(p->qe, XSPI_QER_SR1B6, "Macronix QE SR bit 6");
		CHECK(!p->has_fsr, "no FSR");
		CHECK(p->prot.tb.reg == XSPI_NOR_REG_CR && p->prot.tb.otp, "TB in CR, OTP");
	}
	p = lookup(0xc2, 0x85, 0x3a);
	if (CHECK(p && !strcmp(p->name, "MX25LM51245G"), "C2 85 3A")) {
		CHECK(p->octal != NULL, "octal facts present");
		CHECK_EQ(p->octal->read_dtr_op, 0xee11, "8D read EE11h");
		CHECK_EQ(p->octal->cr2_dc_addr, 0x300, "CR2 DC at 300h");
		CHECK_EQ(p->octal->dc_cycles[p->octal->dc_power_on], 20,
		         "power-on DC = 20 dummies");
		CHECK_EQ(p->read.proto.data_lines, XSPI_LINES_1, "power-on SPI read");
	}
	CHECK(lookup(0xef, 0x70, 0x18) == NULL, "EF 70 18 (-IM) not in table");
	CHECK(lookup(0xff, 0xff, 0xff) == NULL, "all-ones (no chip)");
	CHECK(lookup(0x00, 0x00, 0x00) == NULL, "all-zeros (no chip)");
	CHECK(xspi_part_by_id(NULL) == NULL, "NULL id");
	CHECK(xspi_part_at(xspi_part_count()) == NULL, "iteration ends");
}

/* Every entry: geometry coherent, deadlines set, protection bits sane. */
static int part_errors(const struct xspi_part *p)
{
	int bad = 0;
	uint32_t prev = 0;

	bad += !p->name || !*p->name;
	bad += !is_pow2(p->size) || p->size < (1u << 20);
	bad += p->page_size != 256;
	bad += !p->erase[0].size || !p->chip_erase_op;
	for (int i = 0; i < XSPI_PART_ERASE_TYPES && p->erase[i].size; i++) {
		const struct xspi_part_erase *e = &p->erase[i];

		bad += !is_pow2(e->size) || p->size % e->size || e->size <= prev;
		bad += !e->opcode || !e->max_ms || e->typ_ms > e->max_ms;
		/* above 16 MiB every erase needs a 4-byte form */
		bad += p->addr4 == XSPI_ADDR4_OPCODES && !e->opcode_4b;
		prev = e->size;
	}
	bad += !p->pp_max_us || p->pp_typ_us > p->pp_max_us;
	bad += !p->chip_erase_max_ms || p->chip_erase_typ_ms > p->chip_erase_max_ms;
	bad += (p->size > (16u << 20)) != (p->addr4 != XSPI_ADDR4_NONE);
	bad += !p->read.opcode || p->read.dummy > 31;
	bad += p->qe > XSPI_QER_SR2B1_RD35_WR31;
	bad += p->prot.nbp < 3 || p->prot.nbp > XSPI_PART_MAX_BP;
	for (int i = 0; i < p->prot.nbp; i++)
		bad += p->prot.bp[i] < 2 || p->prot.bp[i] > 6;
	bad += p->prot.srwd.reg != XSPI_NOR_REG_SR1 || p->prot.srwd.bit != 7;
	bad += p->has_fsr != (p->id[0] == 0x20); /* Micron only */
	bad += (p->octal != NULL) != (p->read.proto.data_lines == XSPI_LINES_1);
	return bad;
}

static void test_entries(void)
{
	printf("# every entry\n");
	for (size_t i = 0; i < xspi_part_count(); i++) {
		const struct xspi_part *p = xspi_part_at(i);
		char name[80];

		snprintf(name, sizeof(name), "%s sane", p->name);
		CHECK_EQ(part_errors(p), 0, name);
		snprintf(name, sizeof(name), "%s found by its own id", p->name);
		CHECK(xspi_part_by_id(p->id) == p, name);
		for (size_t j = 0; j < i; j++)
			if (!memcmp(xspi_part_at(j)->id, p->id, 3))
				CHECK(0, "duplicate JEDEC id");
	}
}

int main(void)
{
	test_lookups();
	test_entries();
	return tap_done();
}
