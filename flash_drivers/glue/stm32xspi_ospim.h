/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stm32xspi: OCTOSPI instances, the OCTOSPI I/O manager and HyperRAM
 * (layer 3; register values from layer 2).
 */
#ifndef STM32XSPI_OSPIM_H
#define STM32XSPI_OSPIM_H

#include <stdbool.h>
#include <stdint.h>

struct target;
struct command_invocation;

/* OCTOSPI instance (1 or 2) at a register base, 0 if none */
unsigned int stm32xspi_ospi_instance(uint32_t base);

/*
 * Make the OCTOSPIM give port `port` to OCTOSPI `instance` (octal, DQS when
 * dqs). Nothing is written when the port already routes it. The other
 * port is never written; an instance that loses the port is named in a
 * warning (and aborted, if it was memory-mapped through it). who: bank or
 * command name for messages.
 */
int stm32xspi_ospim_route(struct target *t, unsigned int instance, unsigned int port, bool dqs,
                          const char *who);

/* `stm32xspi hyperram CTRL_BASE [prescaler N]` (stm32xspi_hyperram.c) */
int stm32xspi_handle_hyperram(struct command_invocation *cmd);

#endif /* STM32XSPI_OSPIM_H */
