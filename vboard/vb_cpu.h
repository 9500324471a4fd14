/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: Cortex-M7 core, extras beyond the vb.h contract.
 *
 * These are for the board, future peripheral models and tests; the core
 * API proper (vb_cpu_new ... vb_cpu_hold_reset) lives in vb.h.
 */
#ifndef VB_CPU_H
#define VB_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "vb.h"

/* The core's Private Peripheral Bus as registered on the system bus. The
 * internal PPB (ITM, DWT, FPB, SCS) and the two Cortex-M7 ROM tables are
 * registered separately so that the external PPB in between (e.g. the F7's
 * DBGMCU at 0xE0042000, RM0385 40.16) stays free for the board. */
#define VB_CPU_PPB_BASE 0xE0000000u
#define VB_CPU_PPB_SIZE 0x00040000u
#define VB_CPU_ROM_BASE 0xE00FE000u /* Cortex-M7 processor ROM table */
#define VB_CPU_ROM_SIZE 0x00002000u /* ... and the PPB ROM table at +0x1000 */

/*
 * A peripheral model (called from inside an MMIO callback, i.e. while the
 * core runs) reports that the current core access must end in a bus
 * error: the core takes an imprecise BusFault once the access completes.
 */
void vb_cpu_bus_fault(struct vb_cpu *c, uint32_t addr, bool is_write);
/* A core access reached a peripheral: counts towards ending the slice */
void vb_cpu_mmio_access(struct vb_cpu *c);

/* Set or clear the pending state of external interrupt irq (NVIC input). */
void vb_cpu_set_irq(struct vb_cpu *c, unsigned int irq, bool pending);

/* WFI executed and no interrupt has woken the core yet (DHCSR.S_SLEEP). */
bool vb_cpu_sleeping(const struct vb_cpu *c);
/* Unrecoverable exception: the core stopped (DHCSR.S_LOCKUP). */
bool vb_cpu_locked_up(const struct vb_cpu *c);

#endif /* VB_CPU_H */
