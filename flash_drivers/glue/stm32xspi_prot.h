/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stm32xspi: block protection (the chip's BP/TB/SEC/CMP bits) and the
 * driver's Tcl sub-commands (layer 3).
 */
#ifndef STM32XSPI_PROT_H
#define STM32XSPI_PROT_H

#include <stdint.h>

struct flash_bank;
struct command_registration;

/* flash_driver.protect / .protect_check */
int stm32xspi_protect_impl(struct flash_bank *bank, int set, unsigned int first, unsigned int last);
int stm32xspi_protect_check_impl(struct flash_bank *bank);

/*
 * Before an erase or a program of [offset, offset + len) of the bank: the
 * caller has put the controller in command mode (stm32xspi_cmd_mode()).
 * ERROR_OK when no byte of the range is protected; else logs which
 * register bits protect which range, names `stm32xspi unlock`, and returns
 * ERROR_FLASH_PROTECTED. what: "erase" / "program", for the message.
 */
int stm32xspi_prot_guard(struct flash_bank *bank, uint32_t offset, uint32_t len, const char *what);

/* `stm32xspi ...` sub-commands (stm32xspi_cmds.c) */
extern const struct command_registration stm32xspi_command_handlers[];

#endif /* STM32XSPI_PROT_H */
