// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A board-independent application that runs from external flash at
 * 0x90000000 (STM32H750 / STM32F746 QUADSPI window): a vector table, a
 * C start-up that copies .data and zeroes .bss, and a loop that counts.
 * It touches no peripheral, so the same image runs on every board whose
 * RAM has a DTCM at 0x20000000 (64 KiB on the F746, 128 KiB on the H750).
 *
 * What a debugger sees (the integration tests use these symbols):
 *   app_counter  incremented by app_tick(), starts at 0 (.bss)
 *   app_step     what app_tick() adds, 1 (.data: wrong if the copy is)
 *   app_tick     a function in external flash, never inlined (a place
 *                for a hardware breakpoint)
 *
 * Built with APP_HYPERRAM (build.sh OUTDIR h735, for the STM32H735G-DK)
 * it also keeps code and data in the HyperRAM at 0x70000000, which GDB
 * loads there directly (it is RAM, mapped by board/h735_ospi.cfg):
 *   app_hram_tick     a function in HyperRAM (a software breakpoint)
 *   app_hram_counter  in HyperRAM, starts at APP_HRAM_START (loaded data)
 */
#include <stdint.h>

/* Linker script symbols (app.ld). */
extern uint32_t app_stack_top;
extern uint32_t app_data_load, app_data_start, app_data_end;
extern uint32_t app_bss_start, app_bss_end;

volatile uint32_t app_counter;
volatile uint32_t app_step = 1;

void app_reset(void);
void app_fault(void);
void app_tick(void);
int main(void);

__attribute__((noinline)) void app_tick(void)
{
	app_counter = app_counter + app_step;
}

#ifdef APP_HYPERRAM
#define APP_HRAM_START 0x1000u

void app_hram_tick(void);
__attribute__((section(".hram_data"))) volatile uint32_t app_hram_counter = APP_HRAM_START;

/* Runs from HyperRAM: the call from flash is a long call (app.ld) */
__attribute__((section(".hram_text"), noinline, long_call)) void app_hram_tick(void)
{
	app_hram_counter = app_hram_counter + app_step;
}
#endif

int main(void)
{
	for (;;) {
		app_tick();
#ifdef APP_HYPERRAM
		app_hram_tick();
#endif
	}
}

/* Reset: .data from its load address in flash to RAM, .bss zeroed. */
void app_reset(void)
{
	const uint32_t *src = &app_data_load;

	for (uint32_t *dst = &app_data_start; dst < &app_data_end;)
		*dst++ = *src++;
	for (uint32_t *dst = &app_bss_start; dst < &app_bss_end;)
		*dst++ = 0;
	main();
	for (;;)
		;
}

/* Every other exception: stop here, where a debugger can see it. */
void app_fault(void)
{
	for (;;)
		;
}

/*
 * ARMv7-M vector table (Architecture Reference Manual B1.5.3): initial
 * SP, then the handlers of exceptions 1..15 (Reset, NMI, HardFault,
 * MemManage, BusFault, UsageFault, 4 reserved, SVCall, DebugMonitor,
 * reserved, PendSV, SysTick). No interrupt is enabled, so the table ends
 * there.
 */
#define APP_VECTORS 16

__attribute__((section(".vectors"), used)) const uintptr_t app_vectors[APP_VECTORS] = {
	(uintptr_t)&app_stack_top, /* initial SP */
	(uintptr_t)app_reset,      /* Reset */
	(uintptr_t)app_fault,      /* NMI */
	(uintptr_t)app_fault,      /* HardFault */
	(uintptr_t)app_fault,      /* MemManage */
	(uintptr_t)app_fault,      /* BusFault */
	(uintptr_t)app_fault,      /* UsageFault */
	0,                         /* reserved */
	0,                         /* reserved */
	0,                         /* reserved */
	0,                         /* reserved */
	(uintptr_t)app_fault,      /* SVCall */
	(uintptr_t)app_fault,      /* DebugMonitor */
	0,                         /* reserved */
	(uintptr_t)app_fault,      /* PendSV */
	(uintptr_t)app_fault,      /* SysTick */
};
