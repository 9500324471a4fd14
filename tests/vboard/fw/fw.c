// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test firmware for the vboard integration tests: a vector table and a loop
 * that counts. Linked once for internal flash (0x08000000) and once for
 * external flash (0x90000000). The tests find the symbols with nm:
 *   fw_tick     a function called every iteration (breakpoint target)
 *   fw_counter  incremented every iteration (watchpoint target, at 0x20010000)
 *   fw_fault    set to a non-zero address by the debugger: the loop then
 *               reads it (a bus fault test)
 */
#include <stdint.h>

extern uint32_t fw_stack_top;

volatile uint32_t fw_counter __attribute__((section(".ram")));
volatile uint32_t fw_fault __attribute__((section(".ram")));
volatile uint32_t fw_sink __attribute__((section(".ram")));

void fw_reset(void);
void fw_tick(void);
void fw_hardfault(void);

__attribute__((noinline)) void fw_tick(void)
{
	fw_counter = fw_counter + 1;
}

void fw_reset(void)
{
	fw_counter = 0;
	fw_fault = 0;
	for (;;) {
		fw_tick();
		if (fw_fault)
			fw_sink = *(volatile uint32_t *)fw_fault;
	}
}

void fw_hardfault(void)
{
	for (;;)
		;
}

/* ARMv7-M vector table: initial SP, reset, NMI, HardFault (B1.5.3). */
__attribute__((section(".vectors"), used)) const uintptr_t fw_vectors[4] = {
	(uintptr_t)&fw_stack_top,
	(uintptr_t)fw_reset,
	(uintptr_t)fw_hardfault,
	(uintptr_t)fw_hardfault,
};
