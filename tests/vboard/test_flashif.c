// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests of the STM32H7/F7 internal flash program/erase engine
 * (vboard/vb_flashif.c) on whole boards: the sequences OpenOCD's stm32h7x.c
 * and stm32f2x.c use, from the debugger and from the core, the error flags,
 * and the busy times over a fake clock.
 *
 * Expected values are the RMs' and datasheets': RM0433 FLASH_CR1 (LOCK1 0,
 * PG1 1, SER1 2, BER1 3, PSIZE1 4-5, FW1 6, START1 7, SNB1 8-10), FLASH_SR1
 * (BSY1 0, WBNE1 1, QW1 2, EOP1 16, WRPERR1 17, PGSERR1 18, STRBERR1 19,
 * INCERR1 21), a 256-bit flash word; RM0385 FLASH_CR (PG 0, SER 1, MER 2,
 * SNB 3-6, PSIZE 8-9, STRT 16, EOPIE 24, LOCK 31), FLASH_SR (EOP 0, WRPERR
 * 4, PGPERR 6, PGSERR 7, BSY 16), sectors 4 x 32K, 128K, 3 x 256K; times:
 * DS12556 tprog x64 100 us, tERASE128KB x64 1 s / x8 2 s; DS10916 tprog
 * 16 us, sector erase x8 32K 400 ms / 128K 1200 ms, x32 32K 250 ms, mass
 * erase x32 8 s.
 */
#include <stdio.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "tap.h"
#include "vb_board_priv.h"
#include "vb_cpu.h"
#include "vb_pace.h"
#include "vb_stats.h"

/* ---- fakes -------------------------------------------------------------- */

void vb_cpu_bus_fault(struct vb_cpu *c, uint32_t addr, bool is_write)
{
	(void)c;
	(void)addr;
	(void)is_write;
}

/* the board's peripheral accesses count towards the core's slice */
void vb_cpu_mmio_access(struct vb_cpu *c)
{
	(void)c;
}

static uint64_t fake_ns;

static uint64_t fake_wall(void)
{
	return fake_ns;
}

static void fake_sleep(uint64_t until)
{
	if (until > fake_ns)
		fake_ns = until;
}

static void advance_us(uint64_t us)
{
	fake_ns += us * 1000u;
}

/* ---- helpers ------------------------------------------------------------ */

#define BAD   0xBAD0BAD0u
#define FLASH 0x08000000u
#define RAM   0x24000000u /* H7 AXI SRAM */
#define F7RAM 0x20010000u /* F7 SRAM1 */
#define KEY1  0x45670123u
#define KEY2  0xCDEF89ABu

static uint32_t rd(struct vb_board *b, uint32_t addr, unsigned int size)
{
	uint32_t v = 0;

	return vb_bus_read(b, VB_INIT_DEBUG, addr, size, &v) == VB_BUS_OK ? v : BAD;
}

static int wr(struct vb_board *b, uint32_t addr, unsigned int size, uint32_t val)
{
	return vb_bus_write(b, VB_INIT_DEBUG, addr, size, val);
}

static uint64_t errs_since(uint64_t start)
{
	return vb_stats.guest_errors - start;
}

/* Run Thumb code put at addr (through the debugger) with r0, r1. */
static uc_err run_code(struct vb_board *b, uint32_t addr, const uint16_t *code, size_t n,
                       uint32_t r0, uint32_t r1)
{
	uc_engine *uc = vb_board_uc(b);

	for (size_t i = 0; i < n; i++)
		wr(b, addr + 2 * (uint32_t)i, 2, code[i]);
	vb_bus_code_written(b, addr, (uint32_t)(2 * n));
	uc_reg_write(uc, UC_ARM_REG_R0, &r0);
	uc_reg_write(uc, UC_ARM_REG_R1, &r1);
	return uc_emu_start(uc, addr | 1, addr + 2 * (uint32_t)(n - 1), 0, 0);
}

/* ---- STM32H7 (RM0433) --------------------------------------------------- */

#define H7_FLASH 0x52002000u
#define H7_KEYR  (H7_FLASH + 0x04)
#define H7_CR    (H7_FLASH + 0x0C)
#define H7_SR    (H7_FLASH + 0x10)
#define H7_CCR   (H7_FLASH + 0x14)

#define H7_PG      0x00000002u
#define H7_SER     0x00000004u
#define H7_BER     0x00000008u
#define H7_PSIZE64 0x00000030u
#define H7_FW      0x00000040u
#define H7_START   0x00000080u
#define H7_BSY     0x00000001u
#define H7_WBNE    0x00000002u
#define H7_QW      0x00000004u
#define H7_EOP     0x00010000u
#define H7_PGSERR  0x00040000u
#define H7_STRBERR 0x00080000u
#define H7_INCERR  0x00200000u

static void h7_unlock(struct vb_board *b)
{
	wr(b, H7_KEYR, 4, KEY1);
	wr(b, H7_KEYR, 4, KEY2);
}

static void test_h7_unlock(struct vb_board *b)
{
	uint64_t e = vb_stats.guest_errors;

	CHECK_EQ(rd(b, H7_CR, 4), 0x00000031, "H7 CR1 after reset: LOCK1, PSIZE1 x64");
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	CHECK_EQ(rd(b, H7_CR, 4), 0x00000031, "H7 CR1 ignores writes while locked");
	wr(b, H7_KEYR, 4, KEY1);
	wr(b, H7_KEYR, 4, 0x12345678);
	h7_unlock(b);
	CHECK_EQ(rd(b, H7_CR, 4) & 1, 1, "H7 wrong key: locked until reset, keys ignored");
	CHECK(errs_since(e) >= 2, "H7 wrong key counted as guest errors");
	vb_board_reset_periphs(b);
	h7_unlock(b);
	CHECK_EQ(rd(b, H7_CR, 4), 0x00000030, "H7 unlocked after reset + KEY1, KEY2");
}

static void test_h7_no_pg(struct vb_board *b)
{
	uint64_t e = vb_stats.guest_errors;

	wr(b, H7_CR, 4, H7_PSIZE64);
	CHECK_EQ(wr(b, FLASH + 0x100, 4, 0x12345678), VB_BUS_OK,
	         "H7 write without PG1: no bus error");
	CHECK_EQ(rd(b, H7_SR, 4), H7_PGSERR, "H7 write without PG1: PGSERR1");
	CHECK_EQ(rd(b, FLASH + 0x100, 4), 0xFFFFFFFF, "H7 write without PG1: flash unchanged");
	CHECK_EQ(errs_since(e), 1, "H7 write without PG1: a guest error");
	wr(b, H7_CCR, 4, H7_PGSERR);
	CHECK_EQ(rd(b, H7_SR, 4), 0, "H7 CCR1 clears PGSERR1");
}

static void test_h7_program(struct vb_board *b)
{
	uint64_t e = vb_stats.guest_errors;

	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	for (unsigned int i = 0; i < 7; i++)
		wr(b, FLASH + 0x200 + 4 * i, 4, 0xA0000000u + i);
	CHECK_EQ(rd(b, H7_SR, 4), H7_WBNE, "H7 7 words: write buffer not empty, no QW1");
	CHECK_EQ(rd(b, FLASH + 0x200, 4), 0xFFFFFFFF, "H7 partial flash word not in the array");
	wr(b, FLASH + 0x21C, 4, 0xA0000007u);
	CHECK_EQ(rd(b, H7_SR, 4), H7_QW | H7_BSY, "H7 8th word: QW1 and BSY1");
	CHECK_EQ(rd(b, FLASH + 0x200, 4), 0xA0000000, "H7 flash word programmed (word 0)");
	CHECK_EQ(rd(b, FLASH + 0x21C, 4), 0xA0000007, "H7 flash word programmed (word 7)");
	advance_us(99);
	CHECK_EQ(rd(b, H7_SR, 4) & H7_QW, H7_QW, "H7 still busy after 99 us (tprog x64 100 us)");
	advance_us(1);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H7 done after 100 us: EOP1");
	wr(b, H7_CCR, 4, H7_EOP);
	CHECK_EQ(errs_since(e), 0, "H7 programming: no guest error");

	/* Force write: one word, FW1, the rest stays erased. */
	wr(b, FLASH + 0x240, 4, 0x11223344);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	CHECK_EQ(rd(b, H7_CR, 4) & H7_FW, 0, "H7 FW1 cleared by hardware");
	CHECK_EQ(rd(b, FLASH + 0x240, 4), 0x11223344, "H7 FW1 programs the partial word");
	CHECK_EQ(rd(b, FLASH + 0x244, 4), 0xFFFFFFFF, "H7 FW1: missing bytes stay erased");
	advance_us(100);

	/* Byte and halfword writes fill the buffer too. */
	for (unsigned int i = 0; i < 16; i++)
		wr(b, FLASH + 0x260 + 2 * i, 2, 0x5A00u + i);
	advance_us(100);
	CHECK_EQ(rd(b, FLASH + 0x27E, 2), 0x5A0F, "H7 flash word from 16 halfwords");
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H7 halfword word: EOP1, no error");
	wr(b, H7_CCR, 4, H7_EOP);
}

static void test_h7_errors(struct vb_board *b)
{
	uint64_t e = vb_stats.guest_errors;

	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	wr(b, FLASH + 0x300, 4, 1);
	wr(b, FLASH + 0x340, 4, 2);
	CHECK_EQ(rd(b, H7_SR, 4), H7_INCERR, "H7 other flash word while buffer busy: INCERR1");
	CHECK_EQ(errs_since(e), 1, "H7 INCERR1 is a guest error");
	wr(b, H7_CCR, 4, H7_INCERR);
	wr(b, FLASH + 0x300, 4, 1);
	wr(b, FLASH + 0x300, 1, 2);
	CHECK_EQ(rd(b, H7_SR, 4), H7_STRBERR, "H7 same byte twice in the buffer: STRBERR1");
	wr(b, H7_CCR, 4, H7_STRBERR);
	/* Program a programmed word again: ECC word, guest error, AND. */
	e = vb_stats.guest_errors;
	for (unsigned int i = 0; i < 8; i++)
		wr(b, FLASH + 0x200 + 4 * i, 4, 0x0F0F0F0F);
	advance_us(100);
	CHECK_EQ(errs_since(e), 1, "H7 flash word programmed twice: a guest error");
	CHECK_EQ(rd(b, FLASH + 0x204, 4), 0x00000001, "H7 second program: old AND new");
	wr(b, H7_CCR, 4, H7_EOP);
}

static void test_h7_erase(struct vb_board *b)
{
	wr(b, H7_CR, 4, H7_SER | H7_PSIZE64);
	wr(b, H7_CR, 4, H7_SER | H7_PSIZE64 | H7_START);
	CHECK_EQ(rd(b, H7_SR, 4), H7_QW | H7_BSY, "H7 sector erase: QW1 and BSY1");
	CHECK_EQ(rd(b, FLASH + 0x200, 4), 0xFFFFFFFF, "H7 sector 0 erased");
	advance_us(999999);
	CHECK_EQ(rd(b, H7_SR, 4) & H7_QW, H7_QW, "H7 x64 sector erase busy at 999.999 ms");
	advance_us(1);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H7 x64 sector erase done at 1 s: EOP1");
	wr(b, H7_CCR, 4, H7_EOP);

	/* PSIZE x8: 2 s (DS12556 tERASE128KB). */
	wr(b, H7_CR, 4, H7_SER | H7_START);
	advance_us(1999999);
	CHECK_EQ(rd(b, H7_SR, 4) & H7_QW, H7_QW, "H7 x8 sector erase busy at 1.999999 s");
	advance_us(1);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H7 x8 sector erase done at 2 s");
	wr(b, H7_CCR, 4, H7_EOP);

	wr(b, H7_CR, 4, H7_SER | H7_BER | H7_PSIZE64 | H7_START);
	CHECK_EQ(rd(b, H7_SR, 4), H7_PGSERR, "H7 SER1 and BER1 together: PGSERR1, nothing erased");
	wr(b, H7_CCR, 4, H7_PGSERR);

	/* Bank erase of the H750's single 128 KiB bank. */
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	for (unsigned int i = 0; i < 8; i++)
		wr(b, FLASH + 0x1FFE0 + 4 * i, 4, 0);
	advance_us(100);
	CHECK_EQ(rd(b, FLASH + 0x1FFFC, 4), 0, "H7 last flash word programmed");
	wr(b, H7_CR, 4, H7_BER | H7_PSIZE64);
	wr(b, H7_CR, 4, H7_BER | H7_PSIZE64 | H7_START);
	CHECK_EQ(rd(b, FLASH + 0x1FFFC, 4), 0xFFFFFFFF, "H7 bank erase erases the last word");
	advance_us(1000000);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H7 bank erase (one sector) done after 1 s");
	wr(b, H7_CCR, 4, H7_EOP);
	wr(b, H7_CR, 4, 1);
	CHECK_EQ(rd(b, H7_CR, 4) & 1, 1, "H7 CR1 locked again by software");
}

/* The loop of OpenOCD's stm32h7x.S: str r1, [r0], #4 eight times. */
static void test_h7_core(struct vb_board *b)
{
	static const uint16_t store8[] = {
		0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840,
		0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xBF00,
	};
	static const uint16_t store4[] = {
		0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xF840, 0x1B04, 0xBF00,
	};
	uint64_t e;

	h7_unlock(b);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	CHECK_EQ(run_code(b, RAM, store8, 17, FLASH + 0x400, 0xC0DE0001), UC_ERR_OK,
	         "H7 core stores into flash with PG1: no fault");
	CHECK_EQ(rd(b, H7_SR, 4), H7_QW | H7_BSY, "H7 core flash word: QW1 and BSY1");
	CHECK_EQ(rd(b, FLASH + 0x400, 4), 0xC0DE0001, "H7 core flash word programmed (first)");
	CHECK_EQ(rd(b, FLASH + 0x41C, 4), 0xC0DE0001, "H7 core flash word programmed (last)");
	advance_us(100);
	wr(b, H7_CCR, 4, H7_EOP);

	CHECK_EQ(run_code(b, RAM, store4, 9, FLASH + 0x440, 0x12345678), UC_ERR_OK,
	         "H7 core: half a flash word");
	CHECK_EQ(rd(b, FLASH + 0x440, 4), 0xFFFFFFFF,
	         "H7 core: half a word stays in the buffer (raw store undone)");
	CHECK_EQ(rd(b, H7_SR, 4), H7_WBNE, "H7 core: WBNE1");
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	CHECK_EQ(rd(b, FLASH + 0x44C, 4), 0x12345678, "H7 core half word force-written");
	CHECK_EQ(rd(b, FLASH + 0x450, 4), 0xFFFFFFFF, "H7 core: rest of the word erased");
	advance_us(100);
	wr(b, H7_CCR, 4, H7_EOP);

	e = vb_stats.guest_errors;
	wr(b, H7_CR, 4, H7_PSIZE64);
	CHECK_EQ(run_code(b, RAM, store4, 9, FLASH + 0x400, 0), UC_ERR_OK,
	         "H7 core stores without PG1: no fault");
	CHECK_EQ(rd(b, FLASH + 0x400, 4), 0xC0DE0001,
	         "H7 core stores without PG1: flash unchanged");
	CHECK_EQ(rd(b, FLASH + 0x40C, 4), 0xC0DE0001, "... the last one too (raw store undone)");
	CHECK_EQ(rd(b, H7_SR, 4), H7_PGSERR, "H7 core stores without PG1: PGSERR1");
	CHECK_EQ(errs_since(e), 4, "H7 core stores without PG1: four guest errors");
	wr(b, H7_CCR, 4, H7_PGSERR);
}

/* Code programmed into flash runs as programmed (no stale translation). */
static void test_h7_code_in_flash(struct vb_board *b)
{
	uc_engine *uc = vb_board_uc(b);
	uint32_t r0 = 0;

	/* movs r0, #1; nop... (erased flash is not code) */
	wr(b, H7_CR, 4, H7_SER | H7_PSIZE64 | H7_START);
	advance_us(1000000);
	wr(b, H7_CCR, 4, H7_EOP);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	wr(b, FLASH, 4, 0xBF002001); /* movs r0, #1; nop */
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	advance_us(100);
	uc_emu_start(uc, FLASH | 1, FLASH + 2, 0, 0);
	uc_reg_read(uc, UC_ARM_REG_R0, &r0);
	CHECK_EQ(r0, 1, "H7 code programmed into flash runs");
	wr(b, H7_CR, 4, H7_SER | H7_PSIZE64 | H7_START);
	advance_us(1000000);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	wr(b, FLASH, 4, 0xBF002002); /* movs r0, #2; nop */
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	advance_us(100);
	uc_emu_start(uc, FLASH | 1, FLASH + 2, 0, 0);
	uc_reg_read(uc, UC_ARM_REG_R0, &r0);
	CHECK_EQ(r0, 2, "H7 code reprogrammed after erase runs anew (translation flushed)");
	wr(b, H7_CCR, 4, H7_EOP);
}

static void test_h7(const char *name, uint32_t size)
{
	struct vb_board *b = vb_board_new(name);

	if (!CHECK(b != NULL, name))
		return;
	fake_ns = 0;
	vb_pace_init("fast", 1.0); /* modelled time from the fake clock's 0 */
	test_h7_unlock(b);
	test_h7_no_pg(b);
	test_h7_program(b);
	test_h7_errors(b);
	if (size == 128 * 1024)
		test_h7_erase(b);
	test_h7_core(b);
	test_h7_code_in_flash(b);
	vb_board_free(b);
}

/* H735 (RM0468): eight 128 KiB sectors in its 1 MiB bank. */
static void test_h735_sectors(void)
{
	struct vb_board *b = vb_board_new("h735g-dk");

	if (!CHECK(b != NULL, "h735g-dk"))
		return;
	fake_ns = 0;
	vb_pace_init("fast", 1.0); /* modelled time from the fake clock's 0 */
	h7_unlock(b);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	wr(b, FLASH + 0xE0000, 4, 0); /* sector 7 */
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	advance_us(100);
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64);
	wr(b, FLASH + 0xDFFE0, 4, 0); /* sector 6, last word */
	wr(b, H7_CR, 4, H7_PG | H7_PSIZE64 | H7_FW);
	advance_us(100);
	wr(b, H7_CR, 4, H7_SER | H7_PSIZE64 | (7u << 8) | H7_START);
	CHECK_EQ(rd(b, FLASH + 0xE0000, 4), 0xFFFFFFFF, "H735 SNB1 7 erases 0x080E0000");
	CHECK_EQ(rd(b, FLASH + 0xDFFE0, 4), 0, "H735 sector 6 untouched");
	advance_us(1000000);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H735 sector erase done after 1 s");
	wr(b, H7_CCR, 4, H7_EOP);
	/* Bank erase: eight sectors, modelled as 8 x 1 s. */
	wr(b, H7_CR, 4, H7_BER | H7_PSIZE64 | H7_START);
	CHECK_EQ(rd(b, FLASH + 0xDFFE0, 4), 0xFFFFFFFF, "H735 bank erase");
	advance_us(7999999);
	CHECK_EQ(rd(b, H7_SR, 4) & H7_QW, H7_QW, "H735 bank erase busy before 8 s");
	advance_us(1);
	CHECK_EQ(rd(b, H7_SR, 4), H7_EOP, "H735 bank erase done at 8 s");
	vb_board_free(b);
}

/* ---- STM32F7 (RM0385) --------------------------------------------------- */

#define F7_FLASH   0x40023C00u
#define F7_KEYR    (F7_FLASH + 0x04)
#define F7_OPTKEYR (F7_FLASH + 0x08)
#define F7_SR      (F7_FLASH + 0x0C)
#define F7_CR      (F7_FLASH + 0x10)
#define F7_OPTCR   (F7_FLASH + 0x14)

#define F7_PG      0x00000001u
#define F7_SER     0x00000002u
#define F7_MER     0x00000004u
#define F7_PSIZE16 0x00000100u
#define F7_PSIZE32 0x00000200u
#define F7_STRT    0x00010000u
#define F7_EOPIE   0x01000000u
#define F7_LOCK    0x80000000u
#define F7_EOP     0x00000001u
#define F7_WRPERR  0x00000010u
#define F7_PGPERR  0x00000040u
#define F7_PGSERR  0x00000080u
#define F7_BSY     0x00010000u

static void f7_snb(struct vb_board *b, unsigned int snb, uint32_t psize)
{
	wr(b, F7_CR, 4, F7_SER | (snb << 3) | psize | F7_STRT);
}

static void test_f7_program(struct vb_board *b)
{
	uint64_t e = vb_stats.guest_errors;

	CHECK_EQ(rd(b, F7_CR, 4), F7_LOCK, "F7 CR after reset: LOCK");
	wr(b, F7_KEYR, 4, KEY1);
	wr(b, F7_KEYR, 4, KEY2);
	CHECK_EQ(rd(b, F7_CR, 4), 0, "F7 unlocked by KEY1, KEY2");

	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	CHECK_EQ(wr(b, FLASH, 2, 0x1234), VB_BUS_OK, "F7 halfword write with PG, x16");
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 programming: BSY");
	CHECK_EQ(rd(b, FLASH, 4), 0xFFFF1234, "F7 halfword programmed");
	advance_us(15);
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 still busy at 15 us (tprog 16 us)");
	advance_us(1);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "F7 done at 16 us; EOP stays 0 without EOPIE");
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16 | F7_EOPIE);
	wr(b, FLASH, 2, 0xFF00);
	advance_us(16);
	CHECK_EQ(rd(b, F7_SR, 4), F7_EOP, "F7 EOP with EOPIE");
	CHECK_EQ(rd(b, FLASH, 2), 0x1200, "F7 programming only clears bits (0x1234 & 0xFF00)");
	wr(b, F7_SR, 4, F7_EOP);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "F7 EOP cleared by writing 1");
	CHECK_EQ(errs_since(e), 0, "F7 programming: no guest error");

	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	wr(b, FLASH + 4, 4, 0);
	CHECK_EQ(rd(b, F7_SR, 4), F7_PGPERR, "F7 word write with PSIZE x16: PGPERR");
	CHECK_EQ(rd(b, FLASH + 4, 4), 0xFFFFFFFF, "F7 PGPERR: not programmed");
	wr(b, F7_SR, 4, F7_PGPERR);
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE32);
	wr(b, FLASH + 4, 4, 0x89ABCDEF);
	advance_us(16);
	CHECK_EQ(rd(b, FLASH + 4, 4), 0x89ABCDEF, "F7 word with PSIZE x32");
	wr(b, F7_CR, 4, F7_PSIZE16);
	wr(b, FLASH + 8, 2, 0);
	CHECK_EQ(rd(b, F7_SR, 4), F7_PGSERR, "F7 write without PG: PGSERR");
	wr(b, F7_SR, 4, F7_PGSERR);
}

static void test_f7_erase(struct vb_board *b)
{
	/* sector 3 (last 32K) and 4 (128K at 0x08020000) */
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	wr(b, FLASH + 0x1FFFE, 2, 0);
	advance_us(16);
	wr(b, FLASH + 0x20000, 2, 0);
	advance_us(16);
	f7_snb(b, 4, 0);
	CHECK_EQ(rd(b, F7_CR, 4) & F7_STRT, F7_STRT, "F7 STRT reads 1 while busy");
	CHECK_EQ(rd(b, FLASH + 0x20000, 2), 0xFFFF, "F7 sector 4 erased");
	CHECK_EQ(rd(b, FLASH + 0x1FFFE, 2), 0, "F7 sector 3 untouched");
	advance_us(1199999);
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 128K x8 erase busy before 1.2 s");
	advance_us(1);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "F7 128K x8 erase done at 1.2 s");
	CHECK_EQ(rd(b, F7_CR, 4) & F7_STRT, 0, "F7 STRT cleared with BSY");
	f7_snb(b, 3, F7_PSIZE32);
	CHECK_EQ(rd(b, FLASH + 0x1FFFE, 2), 0xFFFF, "F7 sector 3 erased");
	advance_us(249999);
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 32K x32 erase busy before 250 ms");
	advance_us(1);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "F7 32K x32 erase done at 250 ms");

	/* The next erase starts even when nobody saw the last one end. */
	f7_snb(b, 2, F7_PSIZE32);
	advance_us(250000);
	f7_snb(b, 2, F7_PSIZE32);
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 erase started after an unobserved end: BSY");
	advance_us(250000);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "... and ends 250 ms later");

	wr(b, F7_CR, 4, F7_SER | F7_MER | F7_STRT);
	CHECK_EQ(rd(b, F7_SR, 4), F7_PGSERR, "F7 SER and MER together: PGSERR, nothing started");
	wr(b, F7_SR, 4, F7_PGSERR);

	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	wr(b, FLASH + 0xFFFFE, 2, 0);
	advance_us(16);
	wr(b, F7_CR, 4, F7_MER | F7_PSIZE32);
	wr(b, F7_CR, 4, F7_MER | F7_PSIZE32 | F7_STRT);
	CHECK_EQ(rd(b, FLASH + 0xFFFFE, 2), 0xFFFF, "F7 mass erase");
	advance_us(7999999);
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 x32 mass erase busy before 8 s");
	advance_us(1);
	CHECK_EQ(rd(b, F7_SR, 4), 0, "F7 x32 mass erase done at 8 s");

	/* nWRP1 = 0 (OPTCR bit 17): sector 1 write-protected. */
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	wr(b, FLASH + 0x8000, 2, 0);
	advance_us(16);
	wr(b, F7_OPTKEYR, 4, 0x08192A3B);
	wr(b, F7_OPTKEYR, 4, 0x4C5D6E7F);
	wr(b, F7_OPTCR, 4, rd(b, F7_OPTCR, 4) & ~0x00020000u);
	f7_snb(b, 1, 0);
	CHECK_EQ(rd(b, F7_SR, 4), F7_WRPERR, "F7 erase of a protected sector: WRPERR");
	CHECK_EQ(rd(b, FLASH + 0x8000, 2), 0, "F7 protected sector not erased");
	wr(b, F7_SR, 4, F7_WRPERR);
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	wr(b, FLASH + 0x8002, 2, 0);
	CHECK_EQ(rd(b, F7_SR, 4), F7_WRPERR, "F7 program of a protected sector: WRPERR");
	CHECK_EQ(rd(b, FLASH + 0x8002, 2), 0xFFFF, "F7 protected sector not programmed");
	wr(b, F7_SR, 4, F7_WRPERR);
	wr(b, F7_CR, 4, F7_MER | F7_STRT);
	CHECK_EQ(rd(b, F7_SR, 4), F7_WRPERR, "F7 mass erase with a protected sector: WRPERR");
	wr(b, F7_SR, 4, F7_WRPERR);
	wr(b, F7_OPTCR, 4, rd(b, F7_OPTCR, 4) | 0x00020000u);
}

/* The loop of OpenOCD's stm32f2x.S: CR = PG | PSIZE16; strh r1, [r0]. */
static void test_f7_core(struct vb_board *b)
{
	static const uint16_t strh[] = { 0x8001, 0xBF00 };

	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	CHECK_EQ(run_code(b, F7RAM, strh, 2, FLASH + 0x100, 0xBEEF), UC_ERR_OK,
	         "F7 core strh into flash: no fault");
	CHECK_EQ(rd(b, F7_SR, 4), F7_BSY, "F7 core strh: BSY");
	CHECK_EQ(rd(b, FLASH + 0x100, 4), 0xFFFFBEEF, "F7 core strh programmed");
	advance_us(16);
	wr(b, F7_CR, 4, F7_PG | F7_PSIZE16);
	CHECK_EQ(run_code(b, F7RAM, strh, 2, FLASH + 0x100, 0x0FF0), UC_ERR_OK,
	         "F7 core strh again");
	CHECK_EQ(rd(b, FLASH + 0x100, 2), 0x0EE0, "F7 core: only cleared bits (raw store undone)");
	advance_us(16);
	/* The ITCM view (0x00200000) is read-only: a store there faults. */
	CHECK_EQ(run_code(b, F7RAM, strh, 2, 0x00200100, 0), UC_ERR_WRITE_PROT,
	         "F7 core store to the ITCM flash view is refused");
	wr(b, F7_CR, 4, F7_LOCK);
	CHECK_EQ(rd(b, F7_CR, 4), F7_LOCK, "F7 locked again");
}

static void test_f7(void)
{
	struct vb_board *b = vb_board_new("f746g-disco");

	if (!CHECK(b != NULL, "f746g-disco"))
		return;
	fake_ns = 0;
	vb_pace_init("fast", 1.0); /* modelled time from the fake clock's 0 */
	test_f7_program(b);
	test_f7_erase(b);
	test_f7_core(b);
	vb_board_free(b);
}

int main(void)
{
	vb_pace_set_clock(fake_wall, fake_sleep);
	vb_pace_init("fast", 1.0);
	vb_stats_reset();
	test_h7("h750b-dk", 128 * 1024);
	test_h7("h735g-dk", 1024 * 1024);
	test_h735_sectors();
	test_f7();
	return tap_done();
}
