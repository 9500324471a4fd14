// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the SPI-NOR protocol core: op constructors, protocol
 * application, erase planning. Expected values are written out by hand. */

#include "tap.h"
#include "xspi_nor.h"

/* W25Q128JV-like erase set: 4K 20h, 32K 52h, 64K D8h (datasheet 8.2). */
static const struct xspi_erase_type w25q_types[] = {
	{ 4096, 0x20 },
	{ 65536, 0xD8 },
	{ 32768, 0x52 },
	{ 0, 0xFF },
};

static void test_plan_mixed(void)
{
	/* [0xF000, 0x29000): 0xF000 is only 4K-aligned -> 20h @0xF000;
	 * 0x10000 is 64K-aligned and 64K ends at 0x20000 -> D8h; at 0x20000 a
	 * 64K erase would end at 0x30000, past the range, but 32K ends at
	 * 0x28000 -> 52h; the last 4K -> 20h @0x28000. */
	struct xspi_erase_step s[8];
	size_t n;
	int r = xspi_erase_plan(w25q_types, 4, 0xF000, 0x29000, s, 8, &n);

	CHECK_EQ(r, XSPI_NOR_OK, "mixed plan succeeds");
	CHECK_EQ(n, 4, "mixed plan has 4 steps");
	CHECK(s[0].addr == 0xF000 && s[0].size == 4096 && s[0].opcode == 0x20,
	      "step 0: 4K at 0xF000");
	CHECK(s[1].addr == 0x10000 && s[1].size == 65536 && s[1].opcode == 0xD8,
	      "step 1: 64K at 0x10000");
	CHECK(s[2].addr == 0x20000 && s[2].size == 32768 && s[2].opcode == 0x52,
	      "step 2: 32K at 0x20000");
	CHECK(s[3].addr == 0x28000 && s[3].size == 4096 && s[3].opcode == 0x20,
	      "step 3: 4K at 0x28000");
}

static void test_plan_covers_exactly(void)
{
	/* Sweep start/end over a 256 KiB window in 4K units: the steps are
	 * contiguous, aligned, inside [start, end) and add up to its length. */
	int ok = 1;

	for (uint32_t a = 0; a < 64 && ok; a++) {
		for (uint32_t b = a + 1; b <= 64 && ok; b++) {
			struct xspi_erase_step s[80];
			size_t n;
			uint32_t start = a * 4096, end = b * 4096, at = start;

			if (xspi_erase_plan(w25q_types, 4, start, end, s, 80, &n) != XSPI_NOR_OK)
				ok = 0;
			for (size_t i = 0; i < n && ok; i++) {
				ok = s[i].addr == at && (s[i].addr & (s[i].size - 1)) == 0;
				at += s[i].size;
			}
			ok = ok && at == end;
		}
	}
	CHECK(ok, "every 4K-aligned range in 256 KiB is covered exactly, nothing outside");
}

static void test_plan_errors(void)
{
	struct xspi_erase_step s[4];
	size_t n = 99;
	static const struct xspi_erase_type none[] = { { 0, 0 }, { 3000, 0x20 } };

	CHECK_EQ(xspi_erase_plan(w25q_types, 4, 0x1000, 0x1800, s, 4, &n), XSPI_NOR_E_UNALIGNED,
	         "end inside a 4K sector is refused, not rounded");
	CHECK_EQ(n, 0, "refused plan reports zero steps");
	CHECK_EQ(xspi_erase_plan(w25q_types, 4, 0x800, 0x1000, s, 4, &n), XSPI_NOR_E_UNALIGNED,
	         "start inside a 4K sector is refused");
	CHECK_EQ(xspi_erase_plan(w25q_types, 4, 0x2000, 0x2000, s, 4, &n), XSPI_NOR_E_EMPTY,
	         "empty range is refused");
	CHECK_EQ(xspi_erase_plan(none, 2, 0, 0x1000, s, 4, &n), XSPI_NOR_E_NO_ERASE_TYPE,
	         "no power-of-two erase type is refused");
	CHECK_EQ(xspi_erase_plan(w25q_types, 4, 0, 0x5000, s, 4, &n), XSPI_NOR_E_TOO_MANY_STEPS,
	         "plan longer than the array is refused");
	CHECK_EQ(xspi_erase_plan(w25q_types, 4, 0, 0x5000, NULL, 0, &n), XSPI_NOR_OK,
	         "counting only needs no array");
	CHECK_EQ(n, 5, "20 KiB from 0 is five 4K erases");
}

static void test_plan_only_4k(void)
{
	static const struct xspi_erase_type only4k[] = { { 4096, 0x21 } };
	size_t n;

	CHECK_EQ(xspi_erase_plan(only4k, 1, 0, 0x10000, NULL, 0, &n), XSPI_NOR_OK,
	         "4K-only part plans");
	CHECK_EQ(n, 16, "64 KiB is sixteen 4K erases");
}

static void test_ops(void)
{
	struct xspi_op op = xspi_op_read_sfdp(0x30, 64);

	CHECK(op.cmd.opcode == 0x5A && op.cmd.nbytes == 1 && op.cmd.lines == 1, "SFDP read opcode");
	CHECK(op.addr.nbytes == 3 && op.addr.val == 0x30 && op.addr.lines == 1,
	      "SFDP 3-byte address");
	CHECK_EQ(op.dummy.ncycles, 8, "SFDP read has 8 dummy clocks");
	CHECK(op.data.dir == XSPI_DATA_IN && op.data.nbytes == 64, "SFDP data in");

	op = xspi_op_cmd(XSPI_OP_WREN);
	CHECK(op.addr.nbytes == 0 && op.data.dir == XSPI_DATA_NONE && op.dummy.ncycles == 0,
	      "WREN has instruction only");

	op = xspi_op_erase(0xDC, 4, 0x01230000);
	CHECK(op.addr.nbytes == 4 && op.addr.val == 0x01230000 && op.data.dir == XSPI_DATA_NONE,
	      "4-byte erase has address, no data");
}

static void test_proto(void)
{
	struct xspi_op op = xspi_op_read(0xEB, 3, 0x100, 6, 16);

	xspi_op_apply_proto(&op, XSPI_PROTO_1_4_4);
	CHECK(op.cmd.lines == 1 && op.addr.lines == 4 && op.data.lines == 4 && !op.data.dtr,
	      "1-4-4 puts address and data on 4 lines");
	CHECK(op.alt.lines == XSPI_LINES_NONE, "absent alternate phase stays absent");

	op = xspi_op_cmd(XSPI_OP_WREN);
	xspi_op_apply_proto(&op, XSPI_PROTO_4_4_4);
	CHECK(op.cmd.lines == 4 && op.addr.lines == XSPI_LINES_NONE &&
	              op.data.lines == XSPI_LINES_NONE,
	      "4-4-4 WREN: only the instruction phase gets lines");

	op = xspi_op_read(0xEE, 4, 0x2000, 20, 32);
	xspi_op_apply_proto(&op, XSPI_PROTO_8D_8D_8D);
	CHECK_EQ(op.cmd.nbytes, 2, "octal instruction is two bytes");
	CHECK_EQ(op.cmd.opcode, 0xEE11, "octal instruction is opcode + inverted opcode");
	CHECK(op.cmd.dtr && op.addr.dtr && op.data.dtr && op.addr.lines == 8,
	      "8D-8D-8D is DTR on 8 lines");

	op = xspi_op_cmd(XSPI_OP_RDSR);
	xspi_op_apply_proto(&op, XSPI_PROTO_8_8_8);
	CHECK_EQ(op.cmd.opcode, 0x05FA, "octal STR RDSR pair is 05 FA");
	CHECK(!op.cmd.dtr, "8-8-8 is STR");
}

int main(void)
{
	test_plan_mixed();
	test_plan_covers_exactly();
	test_plan_errors();
	test_plan_only_4k();
	test_ops();
	test_proto();
	return tap_done();
}
