/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stm32xspi: the flash operations that run the loader stub (stm32xspi_ops.c).
 */
#ifndef STM32XSPI_OPS_H
#define STM32XSPI_OPS_H

#include <stdint.h>

struct flash_bank;

int stm32xspi_erase_impl(struct flash_bank *bank, unsigned int first, unsigned int last);
int stm32xspi_write_impl(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                         uint32_t count);
int stm32xspi_verify_impl(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                          uint32_t count);
int stm32xspi_erase_check_impl(struct flash_bank *bank);

/* A new bank: defaults, and the target event hook for GDB's erase/write */
void stm32xspi_ops_bank_added(struct flash_bank *bank);
/* The bank goes away: unhook, free */
void stm32xspi_ops_bank_free(struct flash_bank *bank);

#endif /* STM32XSPI_OPS_H */
