// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vb_dap.c against a fake board: DP registers, power-up handshake, sticky
 * flags and their clearing per transport, the APs of each part, CSW, TAR
 * auto-increment with its 1 KiB wrap, byte lanes, BD0-3, faults, pushed
 * compare/verify, block transfers, nRST, and a random-call fuzz.
 */
#include "tap.h"
#include "vb.h"
#include "vb_dap.h"
#include "vb_fakes.h"

#include <stdlib.h>

#define PWRUP 0x50000000u /* CDBGPWRUPREQ | CSYSPWRUPREQ */

static struct vb_board *board;
static struct vb_dap *dap;

static void fresh(const char *name)
{
	vb_dap_free(dap);
	free(board);
	board = fake_board_new(name);
	dap = vb_dap_new(board);
	fake_stats_clear();
}

static uint32_t dp_rd(enum vb_dp_kind kind, uint8_t addr)
{
	uint32_t v = 0xDEADBEEF;

	vb_dap_dp_read(dap, kind, addr, &v);
	return v;
}

/* Through JTAG-DP, which takes SELECT even with a sticky flag set. */
static void select_ap(unsigned int ap, unsigned int bank)
{
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_SELECT, ap << 24 | bank << 4);
}

static uint32_t ap_rd(uint8_t addr)
{
	uint32_t v = 0xDEADBEEF;

	vb_dap_ap_read(dap, addr, &v);
	return v;
}

static void powered(const char *name)
{
	fresh(name);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP);
	select_ap(0, 0);
}

static void test_dp_ids(void)
{
	fresh("h750b-dk");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x0), 0x6BA02477, "H750 SW-DP DPIDR");
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x0), 0x6BA02477, "H750 DPIDR through DPACC");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 2);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0x04500041, "H750 TARGETID (DPBANKSEL 2)");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x0), 0x6BA02477, "DPIDR is not banked");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 3);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0x00000001, "DLPIDR PROTVSN 1 (DPBANKSEL 3)");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 1);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, 0xFFFFFFFF);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0x00000300, "DLCR keeps TURNROUND only");
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0, "no DLCR on JTAG-DP");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 0);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0, "DLCR write left CTRL/STAT alone");
	fresh("f746g-disco");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x0), 0x5BA02477, "F746 SW-DP DPIDR");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 2);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0x04490041, "F746 TARGETID");
}

static void test_power(void)
{
	fresh("h750b-dk");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0, "CTRL/STAT after reset");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, PWRUP);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0xF0000000, "both power ACKs follow REQs");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, 0x10000000);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0x30000000, "CSYSPWRUPACK drops with its REQ");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, 0x04000001);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0x0C000001, "CDBGRSTACK follows, ORUNDETECT kept");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, 0x00FFFF0C);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0x00FFFF0C, "TRNCNT, MASKLANE, TRNMODE stored");
}

static void test_sticky_jtag(void)
{
	fresh("h750b-dk");
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_IDR & 0xC, &(uint32_t){ 0 }), VB_ACK_FAULT,
	         "AP access with debug power off faults");
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0x00000020, "... and sets STICKYERR");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, PWRUP);
	select_ap(0, 0xF);
	CHECK_EQ(vb_dap_ap_read(dap, 0xC, &(uint32_t){ 0 }), VB_ACK_FAULT,
	         "AP access discarded while STICKYERR");
	vb_dap_abort(dap, 0x1);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4) & 0x20, 0x20, "DAPABORT does not clear STICKYERR");
	vb_dap_dp_write(dap, VB_DP_JTAG, VB_DP_CTRL, PWRUP | 0x20);
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0xF0000000, "JTAG-DP: CTRL/STAT write 1 clears");
	CHECK_EQ(ap_rd(0xC), 0x84770001, "AP works again");
}

static void test_sticky_swd(void)
{
	uint32_t v;

	fresh("h750b-dk");
	vb_dap_ap_read(dap, 0xC, &v);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP | 0x22);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF0000020, "SW-DP: CTRL/STAT write does not clear");
	CHECK_EQ(vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, 0), VB_ACK_FAULT,
	         "SW-DP sticky: SELECT write FAULT");
	CHECK_EQ(vb_dap_dp_read(dap, VB_DP_SWD, VB_DP_RDBUFF, &v), VB_ACK_FAULT,
	         "SW-DP sticky: RDBUFF read FAULT");
	CHECK_EQ(vb_dap_dp_read(dap, VB_DP_SWD, VB_DP_DPIDR, &v), VB_ACK_OK,
	         "SW-DP sticky: DPIDR read OK");
	CHECK_EQ(vb_dap_ap_read(dap, 0, &v), VB_ACK_FAULT, "SW-DP sticky: AP read FAULT");
	vb_dap_swd_wdataerr(dap);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF00000A0, "WDATAERR shows on SW-DP");
	CHECK_EQ(dp_rd(VB_DP_JTAG, 0x4), 0xF0000020, "... but not on JTAG-DP");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_DPIDR, 0x04);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF0000080, "ABORT STKERRCLR clears STICKYERR only");
	vb_dap_abort(dap, 0x08);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF0000000, "ABORT WDERRCLR clears WDATAERR");
	select_ap(0, 0xF);
	CHECK_EQ(ap_rd(0xC), 0x84770001, "AP read OK again");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF0000040, "READOK after a good AP read");
	CHECK_EQ(dp_rd(VB_DP_SWD, VB_DP_RDBUFF), 0x84770001, "SW-DP RDBUFF = last AP read");
	CHECK_EQ(dp_rd(VB_DP_SWD, VB_DP_SELECT), 0x84770001, "SW-DP RESEND = last AP read");
	CHECK_EQ(dp_rd(VB_DP_JTAG, VB_DP_RDBUFF), 0, "JTAG-DP RDBUFF is RAZ");
	CHECK_EQ(dp_rd(VB_DP_JTAG, VB_DP_SELECT), 0x000000F0, "JTAG-DP SELECT reads back");
}

struct ap_expect {
	unsigned int ap;
	uint32_t idr, base, cfg, csw;
};

static void check_aps(const char *name, const struct ap_expect *e, size_t n)
{
	powered(name);
	for (size_t i = 0; i < n; i++) {
		select_ap(e[i].ap, 0xF);
		CHECK_EQ(ap_rd(0xC), e[i].idr, "AP IDR");
		CHECK_EQ(ap_rd(0x8), e[i].base, "AP BASE");
		CHECK_EQ(ap_rd(0x4), e[i].cfg, "AP CFG");
		select_ap(e[i].ap, 0);
		CHECK_EQ(ap_rd(0x0), e[i].csw, "AP CSW reset value");
	}
}

static void test_ap_ids(void)
{
	static const struct ap_expect h7[] = {
		{ 0, 0x84770001, 0xE00FE003, 0, 0x03000040 },
		{ 1, 0x84770001, 0x00000002, 0, 0x43000040 },
		{ 2, 0x54770002, 0xE00E0003, 0, 0x80000040 },
		{ 3, 0, 0, 0, 0 },
		{ 255, 0, 0, 0, 0 },
	};
	static const struct ap_expect f7[] = {
		{ 0, 0x74770001, 0xE00FD003, 0, 0x03000040 },
		{ 1, 0, 0, 0, 0 },
	};

	check_aps("h750b-dk", h7, 5);
	check_aps("h735g-dk", h7, 3);
	check_aps("f746g-disco", f7, 2);
}

static void test_csw(void)
{
	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0xFFFFFFF2);
	CHECK_EQ(ap_rd(VB_AP_CSW), 0x4F000052, "AHB-AP CSW writable bits");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x00000020);
	CHECK_EQ(ap_rd(VB_AP_CSW), 0x00000040, "packed AddrInc does not stick (8-bit)");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x00000011);
	vb_dap_ap_write(dap, VB_AP_CSW, 0x00000013);
	CHECK_EQ(ap_rd(VB_AP_CSW), 0x00000051, "reserved Size leaves Size unchanged");
	select_ap(2, 0);
	vb_dap_ap_write(dap, VB_AP_CSW, 0x0F000012);
	CHECK_EQ(ap_rd(VB_AP_CSW), 0x00000052, "APB-AP: no HPROT, DbgSwEnable writable");
}

static void test_autoinc(void)
{
	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000012);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000100);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x11111111);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x22222222);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x33333333);
	CHECK_EQ(fake_ram32(board, 0x20000104), 0x22222222, "second word at TAR+4");
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x2000010C, "TAR advanced by 3 words");
	CHECK_EQ(board->last_who, VB_INIT_DEBUG, "bus sees a debug access");
	CHECK_EQ(board->code_written, 3, "each write reported for code flush");
	CHECK_EQ(vb_stats.mem_write_bytes, 12, "mem_write_bytes");
	vb_dap_ap_write(dap, VB_AP_TAR, 0x200003FC);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x44444444);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000000, "word increment wraps at 1 KiB");
	vb_dap_ap_write(dap, VB_AP_TAR, 0x200003FC);
	CHECK_EQ(ap_rd(VB_AP_DRW), 0x44444444, "read back at the boundary");
	CHECK_EQ(ap_rd(VB_AP_DRW), 0x00000000, "next read from the wrapped address");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000010);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x200007FF);
	vb_dap_ap_write(dap, VB_AP_DRW, 0xAB000000);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000400, "byte increment wraps within its 1 KiB");
	CHECK_EQ(board->ram[0x7FF], 0xAB, "byte from lane 3");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000002);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000200);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x55555555);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000200, "AddrInc off keeps TAR");
}

static void test_lanes(void)
{
	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000000);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000001);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x1122AB44);
	CHECK_EQ(fake_ram32(board, 0x20000000), 0x0000AB00, "byte write takes lane 1 only");
	CHECK_EQ(board->last_size, 1, "as a 1-byte bus access");
	CHECK_EQ(ap_rd(VB_AP_DRW), 0x0000AB00, "byte read returns lane 1");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000001);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000002);
	vb_dap_ap_write(dap, VB_AP_DRW, 0xBEEF1234);
	CHECK_EQ(fake_ram32(board, 0x20000000), 0xBEEFAB00, "halfword write takes lane 2-3");
	CHECK_EQ(ap_rd(VB_AP_DRW), 0xBEEF0000, "halfword read returns lanes 2-3");
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000003);
	CHECK_EQ(ap_rd(VB_AP_DRW), 0xBEEF0000, "unaligned halfword is aligned down");
	CHECK_EQ(board->last_addr, 0x20000002, "bus address aligned");
	CHECK_EQ(vb_stats.mem_read_bytes, 1 + 2 + 2, "mem_read_bytes by size");
}

static void test_bd(void)
{
	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000011); /* byte size: BDn still words */
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000014);
	select_ap(0, 1);
	for (uint8_t i = 0; i < 4; i++)
		vb_dap_ap_write(dap, 4 * i, 0xB0B0B0B0u + i);
	CHECK_EQ(fake_ram32(board, 0x20000010), 0xB0B0B0B0, "BD0 at TAR[31:4]");
	CHECK_EQ(fake_ram32(board, 0x2000001C), 0xB0B0B0B3, "BD3 at TAR[31:4] + 12");
	CHECK_EQ(ap_rd(0x8), 0xB0B0B0B2, "BD2 read");
	select_ap(0, 0);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000014, "BDn do not move TAR");
}

static void test_fault(void)
{
	uint32_t v = 1;

	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000012);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x10000000);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_FAULT, "read of a hole faults");
	CHECK_EQ(v, 0, "faulted read returns 0");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0xF0000020, "STICKYERR set, READOK clear");
	int reads = board->reads;

	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_FAULT, "later AP reads discarded");
	CHECK_EQ(board->reads, reads, "... without touching the bus");
	vb_dap_abort(dap, 0x04);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x10000000, "TAR kept the faulting address");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x23000012);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, 0x10000000); /* system power off */
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_FAULT, "no system power: fault");
	vb_dap_abort(dap, 0x1E);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_OK, "power back: OK");
}

static void test_d3_and_apbd(void)
{
	uint32_t v;

	powered("h750b-dk");
	board->sram4[0] = 0x5A;
	select_ap(1, 0);
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000012);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x38000000);
	CHECK_EQ(ap_rd(VB_AP_DRW), 0x5A, "D3 AHB-AP reads SRAM4");
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_FAULT, "D3 AHB-AP cannot reach AXI");
	vb_dap_abort(dap, 0x04);
	select_ap(2, 0);
	vb_dap_ap_write(dap, VB_AP_CSW, 0x80000012);
	vb_dap_ap_write(dap, VB_AP_TAR, 0xE00E1004);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x00700007);
	CHECK_EQ(board->apbd[1], 0x00700007, "APB-AP writes DBGMCU_CR on APB-D");
	CHECK_EQ(ap_rd(VB_AP_TAR), 0xE00E1008, "APB-AP increments by a word");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x80000000);
	vb_dap_ap_write(dap, VB_AP_TAR, 0xE00E1005);
	CHECK_EQ(ap_rd(VB_AP_DRW), 0x00700007, "APB-AP moves words whatever Size says");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, 0x10000000);
	CHECK_EQ(vb_dap_ap_read(dap, VB_AP_DRW, &v), VB_ACK_OK, "APB-D needs debug power only");
}

static void test_pushed(void)
{
	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000002);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	vb_dap_ap_write(dap, VB_AP_DRW, 0x12345678);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP | 0x104); /* verify, lane 0 */
	vb_dap_ap_write(dap, VB_AP_DRW, 0xFFFFFF78);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4) & 0x10, 0, "pushed verify, lane 0 equal: no STICKYCMP");
	CHECK_EQ(fake_ram32(board, 0x20000000), 0x12345678, "pushed write does not write");
	vb_dap_ap_write(dap, VB_AP_DRW, 0x00000079);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4) & 0x10, 0x10, "pushed verify mismatch: STICKYCMP");
	vb_dap_abort(dap, 0x02);
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP | 0xF08); /* compare, all lanes */
	vb_dap_ap_write(dap, VB_AP_DRW, 0x12345678);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4) & 0x10, 0x10, "pushed compare match: STICKYCMP");
}

static void test_block(void)
{
	uint32_t out[8] = { 0 }, in[8];
	enum vb_ack ack;

	powered("h750b-dk");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000012);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x200003F0);
	for (uint32_t i = 0; i < 8; i++)
		in[i] = 0xA0000000u + i;
	fake_stats_clear();
	CHECK_EQ(vb_dap_ap_write_block(dap, VB_AP_DRW, in, 8, &ack), 8, "block write 8 words");
	CHECK_EQ(ack, VB_ACK_OK, "block write ACK OK");
	CHECK_EQ(fake_ram32(board, 0x200003FC), 0xA0000003, "word 3 before the boundary");
	CHECK_EQ(fake_ram32(board, 0x20000000), 0xA0000004, "word 4 wrapped to the 1 KiB start");
	CHECK_EQ(board->word_runs, 2, "two fast runs, split at the boundary");
	CHECK_EQ(vb_stats.dap_transfers, 8, "one transfer per word");
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000010, "TAR after the block");
	vb_dap_ap_write(dap, VB_AP_TAR, 0x200003F0);
	CHECK_EQ(vb_dap_ap_read_block(dap, VB_AP_DRW, out, 8, &ack), 8, "block read 8 words");
	CHECK_EQ(out[7], 0xA0000007, "last word read");
	CHECK_EQ(dp_rd(VB_DP_SWD, VB_DP_RDBUFF), 0xA0000007, "RDBUFF = last word");
	board->fault_addr = 0x20000008;
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	CHECK_EQ(vb_dap_ap_read_block(dap, VB_AP_DRW, out, 8, &ack), 2, "fault after 2 words");
	CHECK_EQ(ack, VB_ACK_FAULT, "block read ACK FAULT");
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4) & 0x20, 0x20, "STICKYERR after block fault");
	vb_dap_abort(dap, 0x04);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000008, "TAR at the fault");
	vb_dap_ap_write(dap, VB_AP_CSW, 0x03000011); /* halfwords: slow path */
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	board->word_runs = 0;
	CHECK_EQ(vb_dap_ap_read_block(dap, VB_AP_DRW, out, 3, &ack), 3, "slow path block");
	CHECK_EQ(out[1], 0xA0000000, "halfword 1 on lanes 2-3");
	CHECK_EQ(board->word_runs, 0, "no fast path for halfwords");
}

static void test_srst(void)
{
	fresh("h750b-dk");
	vb_dap_set_srst(dap, true);
	CHECK(board->cpu.held && board->cpu.hold_calls == 1, "SRST asserted holds the core");
	vb_dap_set_srst(dap, false);
	CHECK(!board->cpu.held && board->cpu.hold_calls == 2, "SRST released");
	board->has_cpu = false;
	vb_dap_set_srst(dap, true);
	CHECK_EQ(board->cpu.hold_calls, 2, "no core yet: no call, no crash");
}

static void test_stats_reset(void)
{
	powered("h750b-dk");
	select_ap(0, 0);
	vb_dap_ap_write(dap, VB_AP_TAR, 0x20000000);
	fake_stats_clear();
	ap_rd(VB_AP_TAR);
	dp_rd(VB_DP_SWD, 0);
	CHECK_EQ(vb_stats.dap_transfers, 2, "dap_transfers counts DP and AP accesses");
	vb_dap_swd_wdataerr(dap);
	select_ap(2, 0xF);
	vb_dap_reset(dap);
	CHECK_EQ(dp_rd(VB_DP_SWD, 0x4), 0, "DP reset: CTRL/STAT 0, no sticky flag");
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP);
	CHECK_EQ(ap_rd(VB_AP_TAR), 0x20000000, "DP reset: SELECT 0, AP0 keeps its TAR");
}

/* Random calls with random arguments: no crash, and the model keeps
 * answering; run under valgrind or -fsanitize to catch bad accesses. */
static void test_fuzz(void)
{
	uint32_t x = 12345, v;
	int faults = 0;

	powered("h750b-dk");
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		uint32_t arg = x ^ (x << 7);
		uint8_t addr = (uint8_t)(x >> 8);

		switch ((x >> 28) & 7) {
		case 0:
			vb_dap_dp_read(dap, (x >> 3) & 1, addr, &v);
			break;
		case 1:
			vb_dap_dp_write(dap, (x >> 3) & 1, addr, arg);
			break;
		case 2:
		case 3:
			faults += vb_dap_ap_read(dap, addr, &v) == VB_ACK_FAULT;
			break;
		case 4:
			/* mostly AP0..AP3, a few wild banks and APs */
			vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_SELECT, arg & 0x030000F3);
			break;
		case 5:
			vb_dap_ap_write(dap, addr, (x & 1) ? 0x20000000 + (arg & 0xFFFF) : arg);
			break;
		case 6:
			vb_dap_abort(dap, arg);
			break;
		default:
			vb_dap_ap_read_block(dap, addr, (uint32_t[4]){ 0 }, (x >> 4) & 3,
			                     &(enum vb_ack){ 0 });
			break;
		}
		if ((i & 1023) == 0)
			vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP);
	}
	CHECK(faults > 0, "fuzz reached faults and survived");
	vb_dap_abort(dap, 0x1E);
	select_ap(0, 0xF); /* also DPBANKSEL 0 for the CTRL/STAT write */
	vb_dap_dp_write(dap, VB_DP_SWD, VB_DP_CTRL, PWRUP);
	CHECK_EQ(ap_rd(0xC), 0x84770001, "DAP still answers after the fuzz");
}

int main(void)
{
	test_dp_ids();
	test_power();
	test_sticky_jtag();
	test_sticky_swd();
	test_ap_ids();
	test_csw();
	test_autoinc();
	test_lanes();
	test_bd();
	test_fault();
	test_d3_and_apbd();
	test_pushed();
	test_block();
	test_srst();
	test_stats_reset();
	test_fuzz();
	vb_dap_free(dap);
	free(board);
	return tap_done();
}
