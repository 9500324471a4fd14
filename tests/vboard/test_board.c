// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the vboard's boards, system bus and STM32 peripheral
 * models (vb_board.c, vb_periph_stm32.c, with the real vb_stats.c and
 * libunicorn). Every expected value is written out by hand from the
 * reference manuals (RM0433, RM0468, RM0385), not taken from the tables
 * under test.
 */
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include <unicorn/unicorn.h>

#include "tap.h"
#include "vb_board_priv.h"
#include "vb_cpu.h"
#include "vb_octospi.h"
#include "vb_stats.h"

/* ---- fakes -------------------------------------------------------------- */

/* The core: only the bus-fault report the bus makes from MMIO callbacks. */
struct vb_cpu {
	int bus_faults;
	uint32_t fault_addr;
	bool fault_write;
};

void vb_cpu_bus_fault(struct vb_cpu *c, uint32_t addr, bool is_write)
{
	c->bus_faults++;
	c->fault_addr = addr;
	c->fault_write = is_write;
}

/* the board's peripheral accesses count towards the core's slice */
void vb_cpu_mmio_access(struct vb_cpu *c)
{
	(void)c;
}

/* ---- helpers ------------------------------------------------------------ */

#define BAD 0xBAD0BAD0u

static uint32_t rd(struct vb_board *b, uint32_t addr, unsigned int size)
{
	uint32_t v = 0;

	return vb_bus_read(b, VB_INIT_DEBUG, addr, size, &v) == VB_BUS_OK ? v : BAD;
}

static int wr(struct vb_board *b, uint32_t addr, unsigned int size, uint32_t val)
{
	return vb_bus_write(b, VB_INIT_DEBUG, addr, size, val);
}

static void set_bits(struct vb_board *b, uint32_t addr, uint32_t bits)
{
	wr(b, addr, 4, rd(b, addr, 4) | bits);
}

/* Put Thumb halfwords at addr through the debugger and flush. */
static void put_code(struct vb_board *b, uint32_t addr, const uint16_t *code, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wr(b, addr + 2 * (uint32_t)i, 2, code[i]);
	vb_bus_code_written(b, addr, (uint32_t)(2 * n));
}

static uc_err run(struct vb_board *b, uint32_t pc, size_t count)
{
	return uc_emu_start(vb_board_uc(b), pc | 1, 0xFFFFFFFF, 0, count);
}

static uint32_t reg(struct vb_board *b, int r)
{
	uint32_t v = 0;

	uc_reg_read(vb_board_uc(b), r, &v);
	return v;
}

static void set_reg(struct vb_board *b, int r, uint32_t v)
{
	uc_reg_write(vb_board_uc(b), r, &v);
}

/* ---- the boards, as the RMs describe them ------------------------------- */

struct span {
	uint32_t base, size;
};

struct board_case {
	const char *name;
	struct span ram[10];  /* every RAM region */
	uint32_t past_end[8]; /* first address after each memory run */
	uint32_t flash, flash_size;
	uint32_t fsize_addr, fsize_kib;
	uint32_t idcode_addr, idcode;
	uint32_t gpioa, rcc_gpio_enr, gpioa_moder;
	uint32_t boot;
	uint32_t code; /* RAM for test code */
	bool h7;
};

static const struct board_case cases[] = {
	{
	        .name = "h750b-dk",
	        /* RM0433 */
	        .ram = { { 0x00000000, 0x10000 },
	                 { 0x20000000, 0x20000 },
	                 { 0x24000000, 0x80000 },
	                 { 0x30000000, 0x20000 },
	                 { 0x30020000, 0x20000 },
	                 { 0x30040000, 0x8000 },
	                 { 0x38000000, 0x10000 },
	                 { 0x38800000, 0x1000 } },
	        .past_end = { 0x00010000, 0x20020000, 0x24080000, 0x30048000, 0x38010000,
	                      0x38801000, 0x08020000, 0x1FF20000 },
	        .flash = 0x08000000,
	        .flash_size = 0x20000,
	        .fsize_addr = 0x1FF1E880,
	        .fsize_kib = 128,
	        .idcode_addr = 0x5C001000,
	        .idcode = 0x20036450,
	        .gpioa = 0x58020000,
	        .rcc_gpio_enr = 0x580244E0,
	        .gpioa_moder = 0xABFFFFFF,
	        .boot = 0x08000000,
	        .code = 0x24000000,
	        .h7 = true,
	},
	{
	        .name = "h735g-dk",
	        /* RM0468 */
	        .ram = { { 0x00000000, 0x10000 },
	                 { 0x20000000, 0x20000 },
	                 { 0x24000000, 0x50000 },
	                 { 0x30000000, 0x4000 },
	                 { 0x30004000, 0x4000 },
	                 { 0x38000000, 0x4000 },
	                 { 0x38800000, 0x1000 } },
	        .past_end = { 0x00010000, 0x20020000, 0x24050000, 0x30008000, 0x38004000,
	                      0x38801000, 0x08100000, 0x1FF20000 },
	        .flash = 0x08000000,
	        .flash_size = 0x100000,
	        .fsize_addr = 0x1FF1E880,
	        .fsize_kib = 1024,
	        .idcode_addr = 0x5C001000,
	        .idcode = 0x10016483,
	        .gpioa = 0x58020000,
	        .rcc_gpio_enr = 0x580244E0,
	        .gpioa_moder = 0xABFFFFFF,
	        .boot = 0x08000000,
	        .code = 0x24000000,
	        .h7 = true,
	},
	{
	        .name = "f746g-disco",
	        /* RM0385 */
	        .ram = { { 0x00000000, 0x4000 },
	                 { 0x20000000, 0x10000 },
	                 { 0x20010000, 0x3C000 },
	                 { 0x2004C000, 0x4000 },
	                 { 0x40024000, 0x1000 } },
	        .past_end = { 0x00004000, 0x20050000, 0x40025000, 0x08100000, 0x00300000,
	                      0x1FF10000, 0x00110000 },
	        .flash = 0x08000000,
	        .flash_size = 0x100000,
	        .fsize_addr = 0x1FF0F442,
	        .fsize_kib = 1024,
	        .idcode_addr = 0xE0042000,
	        .idcode = 0x10016449,
	        .gpioa = 0x40020000,
	        .rcc_gpio_enr = 0x40023830,
	        .gpioa_moder = 0xA8000000,
	        .boot = 0x00200000,
	        .code = 0x20010000,
	        .h7 = false,
	},
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* ---- memory map ---------------------------------------------------------- */

static void test_ram(struct vb_board *b, const struct board_case *c)
{
	uc_engine *uc = vb_board_uc(b);

	for (size_t i = 0; i < 10 && c->ram[i].size; i++) {
		uint32_t first = c->ram[i].base, last = first + c->ram[i].size - 1;
		uint8_t core_first = 0, core_last = 0;

		CHECK_EQ(wr(b, first, 1, 0xA5), VB_BUS_OK, "RAM first byte writable");
		CHECK_EQ(wr(b, last, 1, 0x5A), VB_BUS_OK, "RAM last byte writable");
		CHECK_EQ(rd(b, first, 1), 0xA5, "RAM first byte reads back");
		CHECK_EQ(rd(b, last, 1), 0x5A, "RAM last byte reads back");
		/* The core sees the same bytes (shared host buffer). */
		uc_mem_read(uc, first, &core_first, 1);
		uc_mem_read(uc, last, &core_last, 1);
		CHECK(core_first == 0xA5 && core_last == 0x5A, "core sees the debugger's bytes");
	}
}

static void test_past_end(struct vb_board *b, const struct board_case *c)
{
	uc_engine *uc = vb_board_uc(b);

	for (size_t i = 0; i < 8 && c->past_end[i]; i++) {
		uint32_t v, a = c->past_end[i];
		uint8_t byte;

		CHECK_EQ(vb_bus_read(b, VB_INIT_DEBUG, a, 1, &v), VB_BUS_FAULT,
		         "debugger read just past a region faults");
		CHECK_EQ(wr(b, a, 4, 0), VB_BUS_FAULT, "debugger write just past a region faults");
		CHECK(uc_mem_read(uc, a, &byte, 1) != UC_ERR_OK, "unmapped for the core too");
		/* The last byte before it is memory. */
		CHECK(rd(b, a - 1, 1) != BAD, "the byte before is readable");
	}
	/* A word straddling the end is a fault, not a partial read. */
	CHECK_EQ(rd(b, c->past_end[0] - 2, 4), BAD, "word across the end faults");
}

static void test_flash(struct vb_board *b, const struct board_case *c)
{
	uint64_t errs = vb_stats.guest_errors;
	char path[256];
	int fd = tap_mkstemp(path, sizeof(path), "vb_test_flash");
	static const uint8_t image[8] = { 0x00, 0x10, 0x02, 0x24, 0x99, 0x01, 0x00, 0x08 };

	CHECK_EQ(rd(b, c->flash, 4), 0xFFFFFFFF, "flash reads erased");
	CHECK_EQ(rd(b, c->flash + c->flash_size - 4, 4), 0xFFFFFFFF, "flash end reads erased");
	/* Without the FLASH interface's PG bit: refused with PGSERR, no bus
	 * error (vb_flashif.c; the engine's own tests: test_flashif.c). */
	CHECK_EQ(wr(b, c->flash, 4, 0x12345678), VB_BUS_OK,
	         "debugger write to flash without PG: no bus error");
	CHECK_EQ(vb_stats.guest_errors, errs + 1, "... but counts a guest error");
	CHECK_EQ(rd(b, c->flash, 4), 0xFFFFFFFF, "... and leaves flash alone");

	/* vb_board_load_file fills flash (a raw image). */
	CHECK(fd >= 0 && write(fd, image, sizeof(image)) == (ssize_t)sizeof(image),
	      "temp image written");
	close(fd);
	CHECK_EQ(vb_board_load_file(b, path, c->flash), 0, "load_file into flash");
	CHECK_EQ(rd(b, c->flash, 4), 0x24021000, "loaded word 0");
	CHECK_EQ(rd(b, c->flash + 4, 4), 0x08000199, "loaded word 1");
	CHECK_EQ(vb_board_load_file(b, path, c->flash + c->flash_size - 4), -1,
	         "load_file past the end of flash is refused");
	CHECK_EQ(vb_board_load_file(b, "/nonexistent/vb.bin", c->flash), -1,
	         "load_file of a missing file fails");
	unlink(path);
	CHECK_EQ(vb_board_boot_addr(b), c->boot, "boot address");
}

/* A core store into flash goes to the FLASH interface: without PG it is
 * refused (PGSERR, no fault) and counts a guest error. */
static void test_core_flash_write(struct vb_board *b, const struct board_case *c)
{
	static const uint16_t str_r1_r0[] = { 0x6001, 0xBF00 }; /* str r1,[r0]; nop */
	uint64_t errs = vb_stats.guest_errors;

	put_code(b, c->code, str_r1_r0, 2);
	set_reg(b, UC_ARM_REG_R0, c->flash + 0x100);
	set_reg(b, UC_ARM_REG_R1, 0);
	CHECK_EQ(run(b, c->code, 1), UC_ERR_OK, "core store to flash without PG: no fault");
	CHECK_EQ(vb_stats.guest_errors, errs + 1, "core store to flash is a guest error");
	CHECK_EQ(rd(b, c->flash + 0x100, 4), 0xFFFFFFFF, "flash unchanged");
}

/* ---- peripherals --------------------------------------------------------- */

static void test_gating(struct vb_board *b, const struct board_case *c)
{
	static const uint16_t ldr_r1_r0[] = { 0x6801, 0xBF00 }; /* ldr r1,[r0]; nop */
	uint64_t errs = vb_stats.guest_errors;

	CHECK_EQ(rd(b, c->gpioa, 4), 0, "GPIOA reads 0 while unclocked");
	CHECK_EQ(wr(b, c->gpioa + 0x14, 4, 0xFFFF), VB_BUS_OK,
	         "write to unclocked GPIOA: no fault");
	CHECK_EQ(vb_stats.guest_errors, errs + 1, "... but a guest error");
	put_code(b, c->code, ldr_r1_r0, 2);
	set_reg(b, UC_ARM_REG_R0, c->gpioa);
	set_reg(b, UC_ARM_REG_R1, 0x1234);
	CHECK_EQ(run(b, c->code, 1), UC_ERR_OK, "core reads unclocked GPIOA");
	CHECK_EQ(reg(b, UC_ARM_REG_R1), 0, "... and gets 0");

	set_bits(b, c->rcc_gpio_enr, 1u << 0); /* GPIOAEN */
	CHECK_EQ(rd(b, c->gpioa, 4), c->gpioa_moder, "GPIOA MODER reset value once clocked");
	CHECK_EQ(rd(b, c->gpioa + 0x14, 4), 0, "the unclocked ODR write was ignored");
	CHECK_EQ(rd(b, c->gpioa + 0x0C, 4), 0x64000000, "GPIOA PUPDR reset value");
	CHECK_EQ(rd(b, c->gpioa + 0x08, 4), 0x0C000000, "GPIOA OSPEEDR reset value");
	CHECK_EQ(run(b, c->code, 1), UC_ERR_OK, "core reads clocked GPIOA");
	CHECK_EQ(reg(b, UC_ARM_REG_R1), c->gpioa_moder, "... and gets MODER");

	set_bits(b, c->rcc_gpio_enr, 1u << 1); /* GPIOBEN */
	CHECK_EQ(rd(b, c->gpioa + 0x400, 4), c->h7 ? 0xFFFFFEBF : 0x00000280,
	         "GPIOB MODER reset value");
	CHECK_EQ(rd(b, c->gpioa + 0x40C, 4), 0x00000100, "GPIOB PUPDR reset value");
}

static void test_gpio(struct vb_board *b, const struct board_case *c)
{
	uint32_t g = c->gpioa + 0x800; /* GPIOC */
	uint64_t errs;

	set_bits(b, c->rcc_gpio_enr, 1u << 2);
	CHECK_EQ(rd(b, g, 4), c->h7 ? 0xFFFFFFFF : 0, "GPIOC MODER reset value");
	wr(b, g + 0x00, 4, 0x00000005); /* PC0, PC1 outputs, the rest inputs */
	wr(b, g + 0x0C, 4, 0x00000010); /* PC2 pull-up */
	wr(b, g + 0x18, 4, 0x00000003); /* BSRR: set PC0, PC1 */
	CHECK_EQ(rd(b, g + 0x14, 4), 0x3, "BSRR sets ODR bits");
	CHECK_EQ(rd(b, g + 0x10, 4), 0x7, "IDR: outputs follow ODR, PC2 pulled up");
	wr(b, g + 0x1A, 2, 0x0001); /* BSRR upper half: reset PC0 */
	CHECK_EQ(rd(b, g + 0x14, 4), 0x2, "halfword BSRR write resets ODR bit");
	CHECK_EQ(rd(b, g + 0x18, 4), 0, "BSRR reads 0");
	wr(b, g + 0x18, 4, 0x00010001); /* set and reset PC0: set wins */
	CHECK_EQ(rd(b, g + 0x14, 4), 0x3, "BSRR: set wins over reset");

	/* LCKR sequence on PC0: W LCKK=1, W LCKK=0, W LCKK=1, R. */
	wr(b, g + 0x1C, 4, 0x00010001);
	wr(b, g + 0x1C, 4, 0x00000001);
	wr(b, g + 0x1C, 4, 0x00010001);
	CHECK_EQ(rd(b, g + 0x1C, 4), 0x00010001, "LCKR: LCKK reads 1 after the sequence");
	errs = vb_stats.guest_errors;
	wr(b, g + 0x00, 4, 0x00000000); /* try to make PC0, PC1 inputs */
	CHECK_EQ(rd(b, g, 4), 0x00000001, "locked PC0 keeps its mode, PC1 changes");
	CHECK_EQ(vb_stats.guest_errors, errs + 1, "changing a locked pin is a guest error");
	vb_board_reset_periphs(b);
	set_bits(b, c->rcc_gpio_enr, 1u << 2);
	CHECK_EQ(rd(b, g + 0x1C, 4), 0, "reset unlocks");
	CHECK_EQ(rd(b, g + 0x14, 4), 0, "reset clears ODR");
}

static void test_gpio_lock_abort(struct vb_board *b, const struct board_case *c)
{
	uint32_t g = c->gpioa + 0x800;

	set_bits(b, c->rcc_gpio_enr, 1u << 2);
	wr(b, g + 0x1C, 4, 0x00010001);
	wr(b, g + 0x1C, 4, 0x00000002); /* different LCK: aborts */
	wr(b, g + 0x1C, 4, 0x00010001);
	CHECK_EQ(rd(b, g + 0x1C, 4) & 0x10000, 0, "wrong LCKR sequence does not lock");
	vb_board_reset_periphs(b);
}

static void test_ids(struct vb_board *b, const struct board_case *c)
{
	static const uint16_t ldr_r1_r0[] = { 0x6801, 0xBF00 };

	CHECK_EQ(rd(b, c->idcode_addr, 4), c->idcode, "DBGMCU_IDCODE");
	CHECK_EQ(rd(b, c->idcode_addr, 2), c->idcode & 0xFFFF, "DBGMCU_IDCODE halfword");
	CHECK_EQ(rd(b, c->fsize_addr, 2), c->fsize_kib, "flash size register");
	CHECK_EQ(vb_board_info(b)->dbgmcu_idcode, c->idcode, "board info IDCODE");
	CHECK_EQ(vb_board_info(b)->flash_size_kib, c->fsize_kib, "board info flash size");
	put_code(b, c->code, ldr_r1_r0, 2);
	set_reg(b, UC_ARM_REG_R0, c->idcode_addr);
	CHECK_EQ(run(b, c->code, 1), UC_ERR_OK, "core reads DBGMCU_IDCODE");
	CHECK_EQ(reg(b, UC_ARM_REG_R1), c->idcode, "... on its own bus");
}

/* RM0433 RCC_CR: HSEON 16/HSERDY 17, PLL1ON 24/PLL1RDY 25;
 * RCC_CFGR SW[2:0], SWS[5:3]; RCC_PLLCKSELR PLLSRC[1:0]. */
static void test_rcc_h7(struct vb_board *b)
{
	const uint32_t cr = 0x58024400, cfgr = 0x58024410, pllcksel = 0x58024428;

	CHECK_EQ(rd(b, cr, 4), 0x0000C025, "RCC_CR after reset (HSI on, ready; D1/D2 ready)");
	set_bits(b, cr, 1u << 16);
	CHECK_EQ(rd(b, cr, 4) & (1u << 17), 0, "HSERDY not yet at the first read");
	CHECK_EQ(rd(b, cr, 4) & (1u << 17), 1u << 17, "HSERDY at the next read");

	/* PLL1 without a reference clock never locks. */
	wr(b, pllcksel, 4, 0x02020203); /* PLLSRC = none */
	set_bits(b, cr, 1u << 24);
	rd(b, cr, 4);
	CHECK_EQ(rd(b, cr, 4) & (1u << 25), 0, "PLL1 with PLLSRC=none does not lock");
	wr(b, pllcksel, 4, 0x02020202); /* PLLSRC = HSE */
	CHECK_EQ(rd(b, cr, 4) & (1u << 25), 0, "PLL1RDY not yet");
	CHECK_EQ(rd(b, cr, 4) & (1u << 25), 1u << 25, "PLL1 locks on HSE");

	wr(b, cfgr, 4, 0x3); /* SW = PLL1 */
	CHECK_EQ(rd(b, cfgr, 4), 0x0000001B, "SWS follows SW = PLL1");
	wr(b, cr, 4, rd(b, cr, 4) & ~(1u << 24));
	CHECK(rd(b, cr, 4) & (1u << 24), "PLL1 in use as SYSCLK cannot be switched off");
	vb_board_reset_periphs(b);
	CHECK_EQ(rd(b, cr, 4), 0x0000C025, "RCC_CR after system reset");
	CHECK_EQ(rd(b, cfgr, 4), 0, "RCC_CFGR after system reset");
}

/* RM0385 RCC_CR: HSEON 16/HSERDY 17, PLLON 24/PLLRDY 25;
 * RCC_PLLCFGR PLLSRC bit 22; RCC_CFGR SW[1:0], SWS[3:2]. */
static void test_rcc_f7(struct vb_board *b)
{
	const uint32_t cr = 0x40023800, pllcfgr = 0x40023804, cfgr = 0x40023808;

	CHECK_EQ(rd(b, cr, 4), 0x00000083, "RCC_CR after reset");
	CHECK_EQ(rd(b, pllcfgr, 4), 0x24003010, "RCC_PLLCFGR after reset");
	/* OpenOCD's stm32f7x.cfg reset-init: PLL from HSI, then SW = PLL
	 * without polling PLLRDY. */
	wr(b, pllcfgr, 4, 0x08002808);
	set_bits(b, cr, 1u << 24);
	wr(b, cfgr, 4, 0x00009400);
	set_bits(b, cfgr, 0x2);
	CHECK_EQ(rd(b, cfgr, 4), 0x0000940A, "SW = PLL switches once the PLL has locked");
	CHECK_EQ(rd(b, cr, 4) & (1u << 25), 1u << 25, "PLLRDY");
	/* HSE: ready at the second read. */
	set_bits(b, cr, 1u << 16);
	CHECK_EQ(rd(b, cr, 4) & (1u << 17), 0, "HSERDY not yet at the first read");
	CHECK_EQ(rd(b, cr, 4) & (1u << 17), 1u << 17, "HSERDY at the next read");
	vb_board_reset_periphs(b);
}

/* RM0433 PWR_CR3 (SCUEN 2, LDOEN 1), CSR1 ACTVOSRDY 13, ACTVOS
 * 15:14, D3CR VOS 15:14, VOSRDY 13. HAL_PWREx_ConfigSupply(LDO)
 * writes CR3 = LDOEN (clearing SCUEN) and polls ACTVOSRDY. */
static void test_pwr_h7(struct vb_board *b)
{
	const uint32_t csr1 = 0x58024804, cr3 = 0x5802480C, d3cr = 0x58024818;
	uint64_t errs;

	CHECK_EQ(rd(b, cr3, 4), 0x00000006, "PWR_CR3 after reset");
	CHECK_EQ(rd(b, csr1, 4), 0x00004000, "PWR_CSR1 after reset: ACTVOSRDY 0");
	wr(b, cr3, 4, 0x00000002);
	CHECK_EQ(rd(b, csr1, 4) & (1u << 13), 0, "ACTVOSRDY not yet");
	CHECK_EQ(rd(b, csr1, 4) & (1u << 13), 1u << 13, "ACTVOSRDY after the supply is set");
	errs = vb_stats.guest_errors;
	wr(b, cr3, 4, 0x00000001); /* bypass: too late */
	CHECK_EQ(rd(b, cr3, 4), 0x00000002, "supply configuration is write-once");
	CHECK_EQ(vb_stats.guest_errors, errs + 1, "... changing it is a guest error");

	wr(b, d3cr, 4, 0x0000C000); /* VOS1 */
	CHECK_EQ(rd(b, d3cr, 4), 0x0000C000, "VOSRDY clear right after a VOS change");
	CHECK_EQ(rd(b, d3cr, 4), 0x0000E000, "VOSRDY at the next read");
	CHECK_EQ(rd(b, csr1, 4) & 0xE000, 0xE000, "CSR1: ACTVOS = VOS1, ACTVOSRDY");
	vb_board_reset_periphs(b);
	CHECK_EQ(rd(b, cr3, 4), 0x00000006, "PWR_CR3 after reset again");
}

/* RM0385 PWR_CR1 ODEN 16, ODSWEN 17; CSR1 VOSRDY 14, ODRDY 16,
 * ODSWRDY 17. PWR is clocked by RCC_APB1ENR.PWREN (bit 28). */
static void test_pwr_f7(struct vb_board *b)
{
	const uint32_t cr1 = 0x40007000, csr1 = 0x40007004;

	CHECK_EQ(rd(b, cr1, 4), 0, "PWR unclocked reads 0");
	set_bits(b, 0x40023840, 1u << 28);
	CHECK_EQ(rd(b, cr1, 4), 0x0000C000, "PWR_CR1 after reset");
	CHECK_EQ(rd(b, csr1, 4) & (1u << 14), 0, "VOSRDY 0 while the PLL is off");
	set_bits(b, 0x40023800, 1u << 24); /* PLLON */
	rd(b, 0x40023800, 4);
	CHECK_EQ(rd(b, csr1, 4) & (1u << 14), 1u << 14, "VOSRDY once the PLL runs");
	set_bits(b, cr1, 1u << 16);
	CHECK_EQ(rd(b, csr1, 4) & (1u << 16), 0, "ODRDY not yet");
	CHECK_EQ(rd(b, csr1, 4) & (1u << 16), 1u << 16, "ODRDY");
	set_bits(b, cr1, 1u << 17);
	rd(b, csr1, 4);
	CHECK_EQ(rd(b, csr1, 4) & (3u << 16), 3u << 16, "ODSWRDY");
	vb_board_reset_periphs(b);
}

/* FLASH keys (RM0433, RM0385) and the registers OpenOCD's
 * stm32h7x/stm32f2x drivers read. */
static void test_flash_regs(struct vb_board *b, bool h7)
{
	uint32_t base = h7 ? 0x52002000 : 0x40023C00;
	uint32_t cr = base + (h7 ? 0x0C : 0x10), lock = h7 ? 1u : 0x80000000u;
	uint64_t errs;

	if (h7) {
		CHECK_EQ(rd(b, base + 0x00, 4), 0x00000037, "FLASH_ACR after reset");
		CHECK_EQ(rd(b, base + 0x38, 4), 0x000000FF, "FLASH_WPSN_CUR1R: nothing protected");
		CHECK_EQ(rd(b, base + 0x1C, 4) & 0xFF00, 0xAA00, "OPTSR_CUR RDP level 0");
		CHECK_EQ(rd(b, base + 0x40, 4), 0x1FF00800, "FLASH_BOOT_CURR");
	} else {
		CHECK_EQ(rd(b, base + 0x14, 4), 0xC0FFAAFD, "FLASH_OPTCR after reset");
		CHECK_EQ(rd(b, base + 0x18, 4), 0x00400080, "FLASH_OPTCR1 boot addresses");
	}
	CHECK_EQ(rd(b, cr, 4) & lock, lock, "FLASH CR locked after reset");
	wr(b, base + 0x00, 4, 0x2);
	CHECK_EQ(rd(b, base + 0x00, 4) & 0xF, 0x2, "FLASH_ACR latency writable");
	wr(b, base + 0x04, 4, 0x45670123);
	wr(b, base + 0x04, 4, 0xCDEF89AB);
	CHECK_EQ(rd(b, cr, 4) & lock, 0, "KEY1, KEY2 unlock CR");
	wr(b, cr, 4, rd(b, cr, 4) | lock);
	CHECK_EQ(rd(b, cr, 4) & lock, lock, "writing LOCK locks again");
	errs = vb_stats.guest_errors;
	wr(b, base + 0x04, 4, 0x11111111);
	wr(b, base + 0x04, 4, 0x45670123);
	wr(b, base + 0x04, 4, 0xCDEF89AB);
	CHECK_EQ(rd(b, cr, 4) & lock, lock, "a wrong key locks until reset");
	CHECK(vb_stats.guest_errors > errs, "a wrong key is a guest error");
	vb_board_reset_periphs(b);
	wr(b, base + 0x04, 4, 0x45670123);
	wr(b, base + 0x04, 4, 0xCDEF89AB);
	CHECK_EQ(rd(b, cr, 4) & lock, 0, "after reset the keys work again");
	vb_board_reset_periphs(b);
}

/* OpenOCD's stm32h7x.cfg examine-end, through AP2 (RM0433). */
static void test_apbd(struct vb_board *b, const struct board_case *c, bool has_swtf)
{
	uint32_t v = 0;

	if (!c->h7) {
		CHECK_EQ(vb_apbd_read(b, 0xE00E1000, &v), VB_BUS_FAULT, "F7 has no APB-D");
		return;
	}
	CHECK_EQ(vb_apbd_read(b, 0xE00E1000, &v), VB_BUS_OK, "APB-D DBGMCU readable");
	CHECK_EQ(v, c->idcode, "APB-D DBGMCU_IDCODE");
	vb_apbd_read(b, 0xE00E1004, &v);
	CHECK_EQ(vb_apbd_write(b, 0xE00E1004, v | 0x00600000), VB_BUS_OK, "DBGMCU_CR write");
	vb_apbd_read(b, 0xE00E1004, &v);
	vb_apbd_write(b, 0xE00E1004, v | 0x00000007);
	CHECK_EQ(rd(b, 0x5C001004, 4), 0x00600007, "same DBGMCU_CR on the core's bus");
	vb_apbd_write(b, 0xE00E1034, 0x00000040);
	CHECK_EQ(rd(b, 0x5C001034, 4), 0x00000040, "DBGMCU_APB3FZ1 WWDG1");
	vb_apbd_write(b, 0xE00E1054, 0x000C0000);
	vb_apbd_read(b, 0xE00E1054, &v);
	CHECK_EQ(v, 0x00040000, "APB4FZ1: IWDG1 kept, reserved bit 19 reads 0");
	CHECK_EQ(vb_apbd_write(b, 0xE00E4000, 0x00000303), VB_BUS_OK, "SWTF_CTRL write accepted");
	vb_apbd_read(b, 0xE00E4000, &v);
	CHECK_EQ(v, has_swtf ? 0x00000303 : 0, "SWTF_CTRL (RAZ/WI without a funnel)");
	vb_apbd_read(b, 0xE00E0000, &v);
	CHECK_EQ(v, 0x00001003, "ROM table entry 0: DBGMCU");
	vb_apbd_read(b, 0xE00E0FF4, &v);
	CHECK_EQ(v, 0x10, "ROM table CIDR1: class 1");
	vb_apbd_read(b, 0xE00E1FE0, &v);
	CHECK_EQ(v, c->idcode & 0xFF, "DBGMCU PIDR0 = DEV_ID[7:0]");
	CHECK_EQ(vb_apbd_read(b, 0xE00E1002, &v), VB_BUS_FAULT, "APB-D is word-only");
	CHECK_EQ(vb_apbd_read(b, 0xE0100000, &v), VB_BUS_FAULT, "outside APB-D faults");
	vb_board_reset_periphs(b);
}

/* ---- stale code ------------------------------------------------------- */

/*
 * movs r0,#5; adds r0,#1; run 2 instructions -> r0 = 6. Overwrite the first
 * instruction with movs r0,#9 through the bus: without vb_bus_code_written
 * libunicorn 2.0.1 runs the old translation (DESIGN.md "Stale code"),
 * with it the new code runs: r0 = 10.
 */
static void test_code_written(struct vb_board *b, const struct board_case *c)
{
	static const uint16_t code[] = { 0x2005, 0x3001, 0xBF00, 0xBF00 };

	put_code(b, c->code, code, 4);
	CHECK_EQ(run(b, c->code, 2), UC_ERR_OK, "code runs");
	CHECK_EQ(reg(b, UC_ARM_REG_R0), 6, "r0 = 5 + 1");
	wr(b, c->code, 2, 0x2009);
	run(b, c->code, 2);
	CHECK_EQ(reg(b, UC_ARM_REG_R0), 6, "without a flush unicorn runs stale code");
	vb_bus_code_written(b, c->code, 2);
	run(b, c->code, 2);
	CHECK_EQ(reg(b, UC_ARM_REG_R0), 10, "after vb_bus_code_written the new code runs");
}

/* F7: code runs from the flash's ITCM view; reloading it through the AXIM
 * address must flush the alias too. */
static void test_alias_flush(struct vb_board *b)
{
	static const uint16_t v1[] = { 0x2005, 0x3001, 0xBF00, 0xBF00 };
	static const uint16_t v2[] = { 0x2007, 0x3001, 0xBF00, 0xBF00 };
	char path[256];
	int fd = tap_mkstemp(path, sizeof(path), "vb_test_alias");

	CHECK(fd >= 0 && write(fd, v1, sizeof(v1)) == (ssize_t)sizeof(v1), "image 1");
	close(fd);
	vb_board_load_file(b, path, 0x08000000);
	CHECK_EQ(rd(b, 0x00200000, 2), 0x2005, "flash visible on ITCM at 0x00200000");
	run(b, 0x00200000, 2);
	CHECK_EQ(reg(b, UC_ARM_REG_R0), 6, "code runs from the ITCM view");
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, v2, sizeof(v2)) == (ssize_t)sizeof(v2), "image 2");
	close(fd);
	vb_board_load_file(b, path, 0x08000000);
	run(b, 0x00200000, 2);
	CHECK_EQ(reg(b, UC_ARM_REG_R0), 8, "reload via AXIM flushes the ITCM view");
	unlink(path);
}

/* ---- bus plumbing ----------------------------------------------------- */

static void test_words(struct vb_board *b, const struct board_case *c)
{
	uint32_t end = c->ram[1].base + c->ram[1].size; /* end of DTCM */
	uint32_t out[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	uint32_t in[4] = { 0 };

	CHECK_EQ(vb_bus_write_words(b, end - 8, out, 4), c->h7 ? 2 : 4,
	         "write run: stops at the fault after DTCM on H7, SRAM1 follows on F7");
	CHECK_EQ(vb_bus_read_words(b, end - 8, in, 4), c->h7 ? 2 : 4,
	         "read run: fault after DTCM on H7, SRAM1 follows on F7");
	CHECK(in[0] == 0x11111111 && in[1] == 0x22222222, "words read back");
	CHECK_EQ(vb_bus_read_words(b, c->idcode_addr, in, 1), 1, "word run on a peripheral");
	CHECK_EQ(in[0], c->idcode, "... reads it");
	CHECK_EQ(vb_bus_backing(b, c->ram[0].base, c->ram[0].size) != NULL, 1, "backing of ITCM");
	CHECK(vb_bus_backing(b, c->ram[0].base, c->ram[0].size + 1) == NULL,
	      "no backing across the end");
}

static void test_add_ram(struct vb_board *b)
{
	CHECK_EQ(vb_board_add_ram(b, 0x90000000, 0x1000, "xip"), 0, "extra RAM at 0x90000000");
	CHECK_EQ(wr(b, 0x90000FFC, 4, 0xCAFEF00D), VB_BUS_OK, "extra RAM writable");
	CHECK_EQ(rd(b, 0x90000FFC, 4), 0xCAFEF00D, "extra RAM reads back");
	CHECK_EQ(rd(b, 0x90001000, 1), BAD, "past the extra RAM faults");
	CHECK_EQ(vb_board_add_ram(b, 0x90000800, 0x1000, "x"), -1, "overlap refused");
	CHECK_EQ(vb_board_add_ram(b, 0x91000100, 0x1000, "x"), -1, "misaligned refused");
	CHECK_EQ(vb_board_add_ram(b, 0x92000000, 0, "x"), -1, "empty refused");
}

/* A fake peripheral that answers its own base offset (| tag). */
static uint32_t fake_read(void *ctx, uint32_t off, unsigned int size)
{
	(void)size;
	return *(uint32_t *)ctx | off;
}

static void test_nested(struct vb_board *b)
{
	static const uint16_t ldr_r1_r0[] = { 0x6801, 0xBF00 };
	static uint32_t tag_big = 0xB0000000, tag_small = 0x50000000;
	struct vb_periph small = { .name = "small",
		                   .base = 0x60004000,
		                   .size = 0x400,
		                   .read = fake_read,
		                   .ctx = &tag_small };
	struct vb_periph big = { .name = "big",
		                 .base = 0x60000000,
		                 .size = 0x10000,
		                 .read = fake_read,
		                 .ctx = &tag_big };
	struct vb_cpu cpu = { 0 };

	/* The small one first: the big one is mapped around it. */
	vb_bus_add_periph(b, &small);
	vb_bus_add_periph(b, &big);
	CHECK_EQ(rd(b, 0x60004010, 4), 0x50000010, "nested: the smaller periph answers");
	CHECK_EQ(rd(b, 0x60008010, 4), 0xB0008010, "nested: the big one elsewhere");
	put_code(b, 0x24000000, ldr_r1_r0, 2);
	set_reg(b, UC_ARM_REG_R0, 0x60004010);
	run(b, 0x24000000, 1);
	CHECK_EQ(reg(b, UC_ARM_REG_R1), 0x50000010, "core: the smaller periph answers");
	set_reg(b, UC_ARM_REG_R0, 0x6000FFFC);
	run(b, 0x24000000, 1);
	CHECK_EQ(reg(b, UC_ARM_REG_R1), 0xB000FFFC, "core: the big one at its end");

	/* A sub-page periph: the rest of its page faults for the core. */
	struct vb_periph tiny = { .name = "tiny",
		                  .base = 0x61000000,
		                  .size = 0x10,
		                  .read = fake_read,
		                  .ctx = &tag_small };

	vb_bus_add_periph(b, &tiny);
	vb_board_set_cpu(b, &cpu);
	set_reg(b, UC_ARM_REG_R0, 0x61000100);
	run(b, 0x24000000, 1);
	CHECK_EQ(cpu.bus_faults, 1, "core read of an undecoded address in a mapped page");
	CHECK(cpu.fault_addr == 0x61000100 && !cpu.fault_write, "... reports the BusFault");
	vb_board_set_cpu(b, NULL);
	CHECK_EQ(rd(b, 0x61000100, 4), BAD, "... and faults for the debugger");
}

/* ---- H735G-DK: OCTOSPI1/2 and the OCTOSPIM -------------------------------- */

/*
 * RM0468: RCC_AHB3ENR at 0x580244D4 (C1 alias 0x58024534, which OpenOCD's
 * stm32h735g-disco.cfg writes) with OCTOSPI1EN bit 14, OCTOSPI2EN bit 19,
 * IOMNGREN bit 21; OCTOSPI1 registers at 0x52005000, OCTOSPI2 at
 * 0x5200A000, OCTOSPIM at 0x5200B400 (CR, P1CR +4, P2CR +8).
 */
#define AHB3ENR    0x580244D4u
#define C1_AHB3ENR 0x58024534u
#define OSPI1EN    (1u << 14)
#define OSPI2EN    (1u << 19)
#define IOMNGREN   (1u << 21)
#define OSPI1      0x52005000u
#define OSPI2      0x5200A000u
#define OSPIM      0x5200B400u
#define OSPIM_CR   (OSPIM + 0x0)
#define OSPIM_P1CR (OSPIM + 0x4)
#define OSPIM_P2CR (OSPIM + 0x8)
/* RM0468 OCTOSPIM reset values: port 1 all from OCTOSPI1 (IOL <- IO[3:0],
 * IOH <- IO[7:4]), port 2 all from OCTOSPI2 */
#define P1CR_RESET 0x03010111u
#define P2CR_RESET 0x07050333u

static bool routed(struct vb_board *b, unsigned int i)
{
	return !vb_octospi_engine(vb_board_octospi(b, i))->unrouted;
}

/* A member of the OCTOSPIM's stats object, as text ("" if absent). */
static long long ospim_stat(struct vb_board *b, const char *key)
{
	char *text = NULL, *p;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	long long v = -1;

	if (!f)
		return -1;
	vb_octospim_json(f, vb_board_octospim(b));
	fclose(f);
	p = strstr(text, key);
	if (p && (p = strchr(p, ':')))
		v = strtoll(p + 1, NULL, 0);
	free(text);
	return v;
}

static void test_h735_instances(struct vb_board *b)
{
	struct vb_octospi *o1 = vb_board_octospi(b, 0), *o2 = vb_board_octospi(b, 1);

	CHECK(o1 && o2 && vb_board_octospim(b), "h735g-dk: OCTOSPI1, OCTOSPI2 and the OCTOSPIM");
	CHECK(vb_board_quadspi(b) == NULL, "h735g-dk: no QUADSPI");
	if (!o1 || !o2)
		return;
	CHECK(vb_board_nor_engine(b) == vb_octospi_engine(o1),
	      "the board's NOR (--flash-file, --flash-mode) is on OCTOSPI1");
	CHECK(vb_octospi_engine(o1)->chip[0] &&
	              !strcmp(vb_nor_name(vb_octospi_engine(o1)->chip[0]), "MX25LM51245G"),
	      "OCTOSPI1: MX25LM51245G");
	CHECK(vb_octospi_hyperram(o1) == NULL, "OCTOSPI1: no HyperRAM");
	CHECK(vb_octospi_hyperram(o2) != NULL, "OCTOSPI2: the S70KL1281 HyperRAM");
}

static void test_h735_gates(struct vb_board *b)
{
	uint64_t errs = vb_stats.guest_errors;

	CHECK_EQ(rd(b, AHB3ENR, 4), 0, "RCC_AHB3ENR resets to 0");
	/* DCR1 as OpenOCD's stm32h735g-disco.cfg writes it */
	wr(b, OSPI1 + 0x008, 4, 0x01190100);
	CHECK_EQ(vb_stats.guest_errors, errs + 1,
	         "OCTOSPI1 write with OCTOSPI1EN = 0: guest error");
	wr(b, OSPI2 + 0x008, 4, 0x01190100);
	wr(b, OSPIM_P2CR, 4, 0);
	CHECK_EQ(vb_stats.guest_errors, errs + 3, "... OCTOSPI2 and OCTOSPIM the same");
	set_bits(b, AHB3ENR, OSPI1EN);
	CHECK_EQ(rd(b, OSPI1 + 0x008, 4), 0, "the unclocked DCR1 write was ignored");
	wr(b, OSPI1 + 0x008, 4, 0x01190100);
	CHECK_EQ(rd(b, OSPI1 + 0x008, 4), 0x01190100, "OCTOSPI1 clocked by OCTOSPI1EN (bit 14)");
	CHECK_EQ(rd(b, OSPI2 + 0x008, 4), 0, "... OCTOSPI2 still not");
	set_bits(b, AHB3ENR, OSPI2EN);
	wr(b, OSPI2 + 0x008, 4, 0x04190100);
	CHECK_EQ(rd(b, OSPI2 + 0x008, 4), 0x04190100, "OCTOSPI2 clocked by OCTOSPI2EN (bit 19)");

	/* erratum / forum fact 8: the OCTOSPIM reads 0 without IOMNGREN */
	CHECK_EQ(rd(b, OSPIM_P1CR, 4), 0, "OCTOSPIM P1CR reads 0 while IOMNGREN = 0");
	CHECK_EQ(rd(b, OSPIM_P2CR, 4), 0, "OCTOSPIM P2CR reads 0 while IOMNGREN = 0");
	CHECK(routed(b, 0) && routed(b, 1),
	      "... yet the reset routing works (both instances reach their memory)");
	/* as OpenOCD does it: through the C1 alias */
	wr(b, C1_AHB3ENR, 4, rd(b, C1_AHB3ENR, 4) | IOMNGREN);
	CHECK(rd(b, AHB3ENR, 4) & IOMNGREN, "IOMNGREN set through RCC_C1_AHB3ENR");
	CHECK_EQ(rd(b, OSPIM_CR, 4), 0, "OCTOSPIM_CR reset value 0");
	CHECK_EQ(rd(b, OSPIM_P1CR, 4), P1CR_RESET, "OCTOSPIM_P1CR reset value 0x03010111");
	CHECK_EQ(rd(b, OSPIM_P2CR, 4), P2CR_RESET,
	         "OCTOSPIM_P2CR reset value 0x07050333 (the unclocked write was ignored)");
}

static void test_h735_octospim(struct vb_board *b)
{
	wr(b, OSPIM_P1CR, 4, 0xFFFFFFFF);
	CHECK_EQ(rd(b, OSPIM_P1CR, 4), 0x07070333, "P1CR: reserved bits read 0");
	wr(b, OSPIM_CR, 4, 0xFFFFFFFF);
	CHECK_EQ(rd(b, OSPIM_CR, 4), 0x00FF0001, "CR: MUXEN and REQ2ACK_TIME only");
	wr(b, OSPIM_CR, 4, 0);
	wr(b, OSPIM_P1CR, 4, P1CR_RESET);
	CHECK_EQ(rd(b, OSPIM_P1CR + 2, 2), 0x0301, "P1CR upper halfword");
	wr(b, OSPIM_P1CR + 3, 1, 0x00); /* IOH off */
	CHECK_EQ(rd(b, OSPIM_P1CR, 4), 0x00010111, "byte write to P1CR");
	CHECK(!routed(b, 0), "OCTOSPI1 without IO[7:4] on port 1: not routed");
	wr(b, OSPIM_P1CR, 4, 0x01010111); /* IOHSRC = 00: OCTOSPI1 IO[3:0] */
	CHECK(!routed(b, 0), "port 1 IOH from OCTOSPI1 IO[3:0]: not routed");
	wr(b, OSPIM_P1CR, 4, P1CR_RESET);
	CHECK(routed(b, 0), "OpenOCD's P1CR 0x03010111: OCTOSPI1 routed");
	wr(b, OSPIM_P1CR, 4, 0x03010101);
	CHECK(routed(b, 0), "the NOR does not need DQS to be reached");

	/* OpenOCD's stm32h735g-disco.cfg: P2CR = 0 */
	wr(b, OSPIM_P2CR, 4, 0);
	CHECK(!routed(b, 1) && routed(b, 0), "P2CR = 0: OCTOSPI2 cut off, OCTOSPI1 not");
	wr(b, OSPIM_P2CR, 4, 0x07050313);
	CHECK(!routed(b, 1), "HyperRAM port without DQS: not routed");
	wr(b, OSPIM_P2CR, 4, P2CR_RESET);
	CHECK(routed(b, 1), "P2CR back to 0x07050333: OCTOSPI2 routed");

	/* the memories are soldered to their ports: swapping the instances
	 * routes neither */
	wr(b, OSPIM_P1CR, 4, P2CR_RESET);
	wr(b, OSPIM_P2CR, 4, P1CR_RESET);
	CHECK(!routed(b, 0) && !routed(b, 1), "instances swapped over the ports: neither routed");

	/* multiplexed mode: clock, DQS and the instance bit of IOxSRC are
	 * the arbiter's; nCS stays per port */
	wr(b, OSPIM_P1CR, 4, 0x07050113); /* NCSSRC OCTOSPI1, the rest from OCTOSPI2 */
	wr(b, OSPIM_P2CR, 4, P2CR_RESET);
	CHECK(!routed(b, 0), "port 1 with OCTOSPI2's clock/IOs, MUXEN = 0: OCTOSPI1 not routed");
	wr(b, OSPIM_CR, 4, 0x00010001); /* MUXEN, REQ2ACK_TIME 1 */
	CHECK(routed(b, 0) && routed(b, 1), "... MUXEN = 1: both routed (time-multiplexed)");
	wr(b, OSPIM_P1CR, 4, 0x07050313);
	CHECK(!routed(b, 0), "MUXEN = 1, port 1 nCS from OCTOSPI2: OCTOSPI1 not routed");

	vb_board_reset_periphs(b);
	set_bits(b, AHB3ENR, IOMNGREN); /* the RCC was reset too */
	CHECK(rd(b, OSPIM_CR, 4) == 0 && rd(b, OSPIM_P1CR, 4) == P1CR_RESET &&
	              rd(b, OSPIM_P2CR, 4) == P2CR_RESET,
	      "system reset: OCTOSPIM reset values");
	CHECK(routed(b, 0) && routed(b, 1), "... and both instances routed again");
}

/*
 * OCTOSPI1 in memory-mapped SPI READ4B (13h), as OpenOCD's
 * stm32h735g-disco.cfg sets it: LPTR, CR (FMODE = 11, TCEN, EN), DCR1,
 * DCR2, TCR, CCR, IR.
 */
static void ospi1_mm_spi(struct vb_board *b)
{
	wr(b, OSPI1 + 0x130, 4, 0x00001000);
	wr(b, OSPI1 + 0x000, 4, 0x30400009);
	wr(b, OSPI1 + 0x008, 4, 0x01190100);
	wr(b, OSPI1 + 0x00C, 4, 0x00000005);
	wr(b, OSPI1 + 0x108, 4, 0x00000000);
	wr(b, OSPI1 + 0x100, 4, 0x01003101);
	wr(b, OSPI1 + 0x110, 4, 0x00000013);
}

static void test_h735_mm_hazard(struct vb_board *b)
{
	struct vb_octospi *o1 = vb_board_octospi(b, 0);
	uint64_t errs;

	set_bits(b, AHB3ENR, OSPI1EN | OSPI2EN | IOMNGREN);
	ospi1_mm_spi(b);
	if (!CHECK(vb_octospi_mm_active(o1), "OCTOSPI1 in memory-mapped mode"))
		return;
	CHECK_EQ(rd(b, 0x90000000, 4), 0xFFFFFFFF, "the window reads the erased NOR");
	errs = vb_stats.guest_errors;
	wr(b, OSPIM_P1CR, 4, P1CR_RESET);
	CHECK_EQ(ospim_stat(b, "\"reconfigured_while_mm\""), 0,
	         "P1CR rewritten with its own value: no reconfiguration");
	wr(b, OSPIM_P2CR, 4, 0);
	CHECK_EQ(ospim_stat(b, "\"reconfigured_while_mm\""), 0,
	         "port 2 changed: OCTOSPI1's port untouched, no hazard");
	CHECK_EQ(rd(b, 0x90000000, 4), 0xFFFFFFFF, "... the window still reads");
	wr(b, OSPIM_P1CR, 4, 0x03010101); /* DQSEN off: still routed */
	CHECK_EQ(ospim_stat(b, "\"reconfigured_while_mm\""), 1,
	         "port 1 reconfigured while OCTOSPI1 is memory-mapped: counted");
	CHECK(vb_stats.guest_errors > errs, "... as a guest error");
	CHECK(routed(b, 0), "... the route itself is back");
	CHECK_EQ(rd(b, 0x90000000, 4), BAD, "... but memory-mapped mode is broken: bus error");
	/* abort, then memory-mapped again (RM0468 CR.ABORT) */
	wr(b, OSPI1 + 0x000, 4, 0x30400009 | 2u);
	ospi1_mm_spi(b);
	CHECK_EQ(rd(b, 0x90000000, 4), 0xFFFFFFFF, "abort and re-entry: the window reads again");
	vb_board_reset_periphs(b);
}

/* ---- driver --------------------------------------------------------------- */

static void test_one_board(const struct board_case *c)
{
	struct vb_board *b = vb_board_new(c->name);

	printf("# %s\n", c->name);
	if (!CHECK(b != NULL, "board created"))
		return;
	CHECK(vb_board_uc(b) != NULL, "unicorn engine");
	test_ram(b, c);
	test_past_end(b, c);
	test_flash(b, c);
	test_core_flash_write(b, c);
	test_gating(b, c);
	vb_board_reset_periphs(b);
	test_gpio(b, c);
	test_gpio_lock_abort(b, c);
	test_ids(b, c);
	if (c->h7) {
		test_rcc_h7(b);
		test_pwr_h7(b);
	} else {
		test_rcc_f7(b);
		test_pwr_f7(b);
		test_alias_flush(b);
	}
	test_flash_regs(b, c->h7);
	test_apbd(b, c, !strcmp(c->name, "h750b-dk"));
	test_code_written(b, c);
	test_words(b, c);
	vb_board_free(b);
}

static void test_h735(void)
{
	struct vb_board *b = vb_board_new("h735g-dk");

	printf("# h735g-dk external memories\n");
	if (!CHECK(b != NULL, "h735g-dk created (OCTOSPI1/2, MX25LM51245G, S70KL1281)"))
		return;
	test_h735_instances(b);
	if (vb_board_octospi(b, 0) && vb_board_octospi(b, 1)) {
		test_h735_gates(b);
		test_h735_octospim(b);
		test_h735_mm_hazard(b);
	}
	vb_board_free(b);
}

int main(void)
{
	struct vb_board *b;

	vb_stats_reset();
	CHECK(!strcmp(vb_board_names(), "h750b-dk, h735g-dk, f746g-disco, h750-w25q"),
	      "board names");
	CHECK(vb_board_new("h743zi") == NULL, "unknown board: NULL");
	CHECK(vb_board_new(NULL) == NULL, "no name: NULL");
	for (size_t i = 0; i < N_CASES; i++)
		test_one_board(&cases[i]);
	test_h735();

	b = vb_board_new("h750b-dk");
	if (CHECK(b != NULL, "board for the bus tests")) {
		test_add_ram(b);
		test_nested(b);
		vb_board_free(b);
	}
	return tap_done();
}
