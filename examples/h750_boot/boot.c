// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32H750B-DK internal-flash boot stub: the STM32H750 has 128 KiB of
 * internal flash, so applications live in the external QUADSPI flash
 * (2 x MT25QL512ABB in dual-flash mode). Linked at 0x08000000 (the
 * factory BOOT_ADD0), this stub turns on the clocks of the QUADSPI and its
 * GPIO ports, puts the pins in their alternate function, resets the two
 * chips to their power-on state, enters memory-mapped mode and starts the
 * program whose vector table is at 0x90000000 (examples/app).
 *
 * Sources. RCC, GPIO and SCB addresses and bits: ST's CMSIS header
 * stm32h750xx.h (RCC_BASE 0x58024400, AHB3ENR +0xD4 QSPIEN bit 14,
 * AHB4ENR +0xE0 GPIOxEN bit x; GPIOA_BASE 0x58020000, ports 0x400 apart),
 * i.e. RM0433 "Reset and Clock Control" and "General-purpose I/Os"
 * register descriptions; VTOR 0xE000ED08 (ARMv7-M ARM B3.2.5). QUADSPI
 * registers and fields: include/stm32/quadspi_regs.h (RM0433 "Quad-SPI
 * interface", shared with the flash driver and the vboard). Pins:
 * UM2488 (STM32H750B-DK), as in target_cfg/board/h750_qspi.cfg.
 * MT25QL512ABB commands: Micron datasheet (66h RESET ENABLE, 99h RESET
 * MEMORY, 0Ch 4-BYTE FAST READ, 8 dummy clocks by default).
 */
#include <stdint.h>

#include "stm32/quadspi_regs.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define RCC_AHB3ENR      0x580244D4U
#define RCC_AHB3ENR_QSPI (1U << 14)
#define RCC_AHB4ENR      0x580244E0U
#define GPIO_BASE        0x58020000U
#define GPIO_PORT(p)     (GPIO_BASE + 0x400U * (uint32_t)((p) - 'A'))
#define GPIO_MODER       0x00U
#define GPIO_OTYPER      0x04U
#define GPIO_OSPEEDR     0x08U
#define GPIO_PUPDR       0x0CU
#define GPIO_AFR(n)      (0x20U + 4U * ((n) >> 3))
#define SCB_VTOR         0xE000ED08U

#define QSPI(r)     REG32(QUADSPI_H7_BASE + (r))
#define FIELD(f, v) XSPI_FIELD_PREP(f, v)

/* The memory window: where the application's vector table is. */
#define APP_BASE QUADSPI_MEM_BASE

/*
 * QUADSPI kernel clock after reset: rcc_hclk3 = HSI 64 MHz (RM0433: the
 * reset value of RCC_D1CCIPR.QSPISEL selects rcc_hclk3, no prescaler is
 * active at reset). PRESCALER 1 divides it by 2: 32 MHz, far below what
 * the MT25QL512ABB takes for 0Ch (133 MHz), so no sample shift is needed.
 */
#define BOOT_PRESCALER 1U
/* 2 x 64 MiB = 2^27 bytes, FSIZE + 1 = 27 (DCR: bytes = 2^(FSIZE+1)). */
#define BOOT_FSIZE     26U
/* Chip select high between commands: 2 cycles (62 ns > tSHSL 20 ns). */
#define BOOT_CSHT      1U

/*
 * The read command for memory-mapped mode: 0Ch, 4-BYTE FAST READ, 1-1-1
 * with 8 dummy clocks. Why this one: a 4-byte address is needed (each
 * chip holds 64 MiB, beyond 3-byte addressing), and 0Ch always takes 4
 * address bytes whatever the chip's 3/4-byte address mode is; a 1-line
 * read needs neither the quad-enable state nor an XIP setting; 8 dummy
 * clocks is the chip's default for fast reads in extended SPI mode (VCR
 * dummy clocks = 0Fh after reset). Faster modes (1-4-4 ECh) are for the
 * application to set up once it runs.
 */
#define BOOT_READ_OPCODE 0x0CU
#define BOOT_READ_DUMMY  8U

struct boot_pin {
	char port;
	uint8_t pin;
	uint8_t af;
};

/* STM32H750B-DK QUADSPI pins (UM2488): CLK, NCS, BK1 IO0-3, BK2 IO0-3. */
static const struct boot_pin boot_pins[] = {
	{ 'F', 10, 9 }, { 'G', 6, 10 }, { 'D', 11, 9 }, { 'F', 9, 10 }, { 'F', 7, 9 },
	{ 'F', 6, 9 },  { 'H', 2, 9 },  { 'H', 3, 9 },  { 'G', 9, 9 },  { 'G', 14, 9 },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Iterations of the wait loops: far longer than any command here takes. */
#define BOOT_SPIN 1000000U

extern uint32_t boot_stack_top;

void boot_reset(void);
void boot_fail(void);

/* Something went wrong: stop where a debugger sees it (pc in boot_fail). */
__attribute__((noinline)) void boot_fail(void)
{
	for (;;)
		;
}

static void boot_clocks(void)
{
	uint32_t ports = 0;

	for (unsigned int i = 0; i < ARRAY_LEN(boot_pins); i++)
		ports |= 1U << (boot_pins[i].port - 'A');
	REG32(RCC_AHB4ENR) |= ports;
	REG32(RCC_AHB3ENR) |= RCC_AHB3ENR_QSPI;
	/* Read back: the clock runs once the write has completed. */
	(void)REG32(RCC_AHB3ENR);
}

/* One pin: alternate function, push-pull, very high speed, no pull; the
 * AF number first, so that the pin never drives another function. */
static void boot_pin_af(const struct boot_pin *p)
{
	uint32_t base = GPIO_PORT(p->port);
	uint32_t two = 3U << (2U * p->pin);
	uint32_t afr_shift = 4U * (p->pin & 7U);

	REG32(base + GPIO_AFR(p->pin)) = (REG32(base + GPIO_AFR(p->pin)) & ~(0xFU << afr_shift)) |
	                                 ((uint32_t)p->af << afr_shift);
	REG32(base + GPIO_OTYPER) &= ~(1U << p->pin);
	REG32(base + GPIO_OSPEEDR) |= two;
	REG32(base + GPIO_PUPDR) &= ~two;
	REG32(base + GPIO_MODER) = (REG32(base + GPIO_MODER) & ~two) | (2U << (2U * p->pin));
}

static int boot_wait_not_busy(void)
{
	for (uint32_t i = 0; i < BOOT_SPIN; i++)
		if (!(QSPI(QUADSPI_SR) & QUADSPI_SR_BUSY))
			return 0;
	return -1;
}

/* An instruction-only command on `lines` lines (indirect write mode with
 * no address and no data: it starts when CCR is written). */
static int boot_command(uint8_t opcode, uint32_t lines)
{
	if (boot_wait_not_busy() < 0)
		return -1;
	QSPI(QUADSPI_FCR) = QUADSPI_FCR_ALL;
	QSPI(QUADSPI_CCR) = FIELD(QUADSPI_CCR_FMODE, QUADSPI_CCR_FMODE_INDIRECT_WRITE) |
	                    FIELD(QUADSPI_CCR_IMODE, lines) |
	                    FIELD(QUADSPI_CCR_INSTRUCTION, opcode);
	for (uint32_t i = 0; i < BOOT_SPIN; i++) {
		if (QSPI(QUADSPI_SR) & QUADSPI_SR_TCF) {
			QSPI(QUADSPI_FCR) = QUADSPI_FCR_CTCF;
			return 0;
		}
	}
	return -1;
}

/*
 * The chips keep their volatile state over an MCU reset (the board has no
 * flash reset line): a debugger or the previous program may have left
 * them in QPI or DPI mode, 4-byte address mode or with other dummy
 * clocks. RESET ENABLE + RESET MEMORY on 4, then 2, then 1 line reaches
 * them in any of those protocols and brings back the power-on state
 * (extended SPI unless the non-volatile configuration says otherwise);
 * the same commands in a protocol the chip is not in are ignored by it.
 */
static int boot_chips_reset(void)
{
	static const uint32_t lines[] = { QUADSPI_CCR_MODE_4_LINES, QUADSPI_CCR_MODE_2_LINES,
		                          QUADSPI_CCR_MODE_1_LINE };

	for (unsigned int i = 0; i < ARRAY_LEN(lines); i++) {
		if (boot_command(0x66, lines[i]) < 0 || boot_command(0x99, lines[i]) < 0)
			return -1;
	}
	/* Reset recovery (tSHSL3, tens of ns when idle): a few microseconds. */
	for (volatile uint32_t i = 0; i < 1000U; i++)
		;
	return 0;
}

static int boot_qspi(void)
{
	QSPI(QUADSPI_CR) = 0; /* disabled: DCR and CR fields can be written */
	if (boot_wait_not_busy() < 0)
		return -1;
	QSPI(QUADSPI_DCR) =
	        FIELD(QUADSPI_DCR_FSIZE, BOOT_FSIZE) | FIELD(QUADSPI_DCR_CSHT, BOOT_CSHT);
	QSPI(QUADSPI_CR) = FIELD(QUADSPI_CR_PRESCALER, BOOT_PRESCALER) | QUADSPI_CR_DFM;
	QSPI(QUADSPI_CR) |= QUADSPI_CR_EN;
	if (boot_chips_reset() < 0)
		return -1;
	if (boot_wait_not_busy() < 0)
		return -1;
	QSPI(QUADSPI_CCR) = FIELD(QUADSPI_CCR_FMODE, QUADSPI_CCR_FMODE_MEMORY_MAPPED) |
	                    FIELD(QUADSPI_CCR_DMODE, QUADSPI_CCR_MODE_1_LINE) |
	                    FIELD(QUADSPI_CCR_DCYC, BOOT_READ_DUMMY) |
	                    FIELD(QUADSPI_CCR_ADSIZE, QUADSPI_CCR_SIZE_32BIT) |
	                    FIELD(QUADSPI_CCR_ADMODE, QUADSPI_CCR_MODE_1_LINE) |
	                    FIELD(QUADSPI_CCR_IMODE, QUADSPI_CCR_MODE_1_LINE) |
	                    FIELD(QUADSPI_CCR_INSTRUCTION, BOOT_READ_OPCODE);
	return 0;
}

/* Does the window start with a vector table: an initial SP in the SRAM
 * region and a Thumb reset handler inside the window? */
static int boot_app_present(uint32_t sp, uint32_t pc)
{
	return sp >= 0x20000000U && sp < 0x40000000U && !(sp & 3U) && (pc & 1U) && pc >= APP_BASE &&
	       pc < APP_BASE + 0x10000000U;
}

void boot_reset(void)
{
	boot_clocks();
	for (unsigned int i = 0; i < ARRAY_LEN(boot_pins); i++)
		boot_pin_af(&boot_pins[i]);
	if (boot_qspi() < 0)
		boot_fail();

	uint32_t sp = REG32(APP_BASE);
	uint32_t pc = REG32(APP_BASE + 4U);

	if (!boot_app_present(sp, pc))
		boot_fail();
	REG32(SCB_VTOR) = APP_BASE;
	/* The application starts as after a reset: its SP, its reset handler
	 * (DSB/ISB so that the new VTOR is in effect before it runs). */
	__asm__ volatile("dsb\n\t"
	                 "isb\n\t"
	                 "msr msp, %0\n\t"
	                 "bx %1"
	                 :
	                 : "r"(sp), "r"(pc)
	                 : "memory");
	__builtin_unreachable();
}

/* ARMv7-M vector table (B1.5.3): initial SP, Reset, NMI, HardFault. Any
 * fault during the boot ends in boot_fail. */
__attribute__((section(".vectors"), used)) const uintptr_t boot_vectors[4] = {
	(uintptr_t)&boot_stack_top,
	(uintptr_t)boot_reset,
	(uintptr_t)boot_fail,
	(uintptr_t)boot_fail,
};
