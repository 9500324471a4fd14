/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stm32xspi: what the sub-commands (stm32xspi_cmds.c) use of the block
 * protection code (stm32xspi_prot.c). Layer 3, internal to the glue.
 */
#ifndef STM32XSPI_PROT_INT_H
#define STM32XSPI_PROT_INT_H

struct flash_bank;
struct command_invocation;

/*
 * `stm32xspi unlock`: clear every protection bit (BP/TB/SEC/CMP as the
 * part has them, OTP bits excepted) of every chip, verify, print what
 * changed to cmd. The caller has probed the bank; memory-mapped mode is
 * restored before returning.
 */
int stm32xspi_prot_unlock(struct flash_bank *bank, struct command_invocation *cmd);

#endif /* STM32XSPI_PROT_INT_H */
