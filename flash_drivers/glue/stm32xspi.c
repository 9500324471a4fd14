// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi: OpenOCD flash driver for NOR flash behind the STM32 QUADSPI and
 * OCTOSPI controllers (layer 3 of flash_drivers/: OpenOCD glue only).
 *
 *   flash bank NAME stm32xspi BASE SIZE 0 0 TARGET CONTROLLER_BASE
 *
 * BASE is the memory-mapped window (0x90000000 for QUADSPI / OCTOSPI1,
 * 0x70000000 for OCTOSPI2), SIZE 0 means "from the chip at probe",
 * CONTROLLER_BASE the controller's register block (0x52005000 on H7,
 * 0xA0001000 on F7, 0x5200A000 for OCTOSPI2).
 *
 * Probe (QUADSPI, host side: stm32xspi_probe.c), read (through the
 * memory-mapped window), erase / write / verify / blank check (loader
 * stub: stm32xspi_ops.c), protection and the sub-commands
 * (stm32xspi_prot.c, stm32xspi_cmds.c).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <flash/nor/imp.h>
#include <helper/command.h>
#include <helper/log.h>
#include <target/target.h>

#include "stm32xspi.h"
#include "stm32xspi_ops.h"
#include "stm32xspi_prot.h"
#include "xspi_registry.h"

#define STM32XSPI_USAGE "<bank_base> <size> 0 0 <target> <controller_base>"

FLASH_BANK_COMMAND_HANDLER(stm32xspi_flash_bank_command)
{
	/* CMD_ARGV: driver base size chip_width bus_width target ctrl_base */
	if (CMD_ARGC < 7) {
		LOG_ERROR(
		        "stm32xspi: the controller's register base is missing "
		        "(e.g. 0x52005000 for QUADSPI/OCTOSPI1 on STM32H7, 0xA0001000 for QUADSPI on STM32F7)");
		return ERROR_COMMAND_SYNTAX_ERROR;
	}
	if (CMD_ARGC > 7) {
		LOG_ERROR("stm32xspi: unexpected argument '%s' after the controller base; "
		          "usage: flash bank NAME stm32xspi " STM32XSPI_USAGE,
		          CMD_ARGV[7]);
		return ERROR_COMMAND_SYNTAX_ERROR;
	}

	uint32_t ctrl_base;
	COMMAND_PARSE_NUMBER(u32, CMD_ARGV[6], ctrl_base);
	if (ctrl_base & 3) {
		LOG_ERROR("stm32xspi: controller base 0x%08" PRIx32 " is not word aligned; "
		          "give the register block's address, e.g. 0x52005000",
		          ctrl_base);
		return ERROR_COMMAND_ARGUMENT_INVALID;
	}

	struct stm32xspi_bank *priv = calloc(1, sizeof(*priv));
	if (!priv) {
		LOG_ERROR("stm32xspi: out of memory");
		return ERROR_FAIL;
	}
	priv->ctrl_base = ctrl_base;
	bank->driver_priv = priv;
	stm32xspi_ops_bank_added(bank);
	return ERROR_OK;
}

static int stm32xspi_probe(struct flash_bank *bank)
{
	return stm32xspi_probe_bank(bank);
}

static int stm32xspi_auto_probe(struct flash_bank *bank)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (priv->probed)
		return ERROR_OK;
	return stm32xspi_probe(bank);
}

static int stm32xspi_erase(struct flash_bank *bank, unsigned int first, unsigned int last)
{
	return stm32xspi_erase_impl(bank, first, last);
}

static int stm32xspi_protect(struct flash_bank *bank, int set, unsigned int first,
                             unsigned int last)
{
	return stm32xspi_protect_impl(bank, set, first, last);
}

static int stm32xspi_write(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                           uint32_t count)
{
	return stm32xspi_write_impl(bank, buffer, offset, count);
}

/* Through the memory-mapped window, which the probe set up */
static int stm32xspi_read(struct flash_bank *bank, uint8_t *buffer, uint32_t offset, uint32_t count)
{
	struct stm32xspi_bank *priv = bank->driver_priv;
	int ret;

	if (!priv->probed) {
		LOG_ERROR("stm32xspi: bank '%s' is not probed; run 'flash probe' first",
		          bank->name);
		return ERROR_FLASH_BANK_NOT_PROBED;
	}
	if (offset > bank->size || count > bank->size - offset) {
		LOG_ERROR("stm32xspi: read of %" PRIu32 " bytes at offset 0x%" PRIx32
		          " is beyond the end of bank '%s' (%" PRIu32 " bytes)",
		          count, offset, bank->name, bank->size);
		return ERROR_FLASH_DST_OUT_OF_BANK;
	}
	ret = stm32xspi_ensure_mm(bank);
	if (ret != ERROR_OK)
		return ret;
	ret = target_read_buffer(bank->target, bank->base + offset, count, buffer);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: reading %" PRIu32 " bytes at " TARGET_ADDR_FMT
		          " through the memory-mapped window of bank '%s' failed",
		          count, bank->base + offset, bank->name);
	return ret;
}

static int stm32xspi_verify(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
                            uint32_t count)
{
	return stm32xspi_verify_impl(bank, buffer, offset, count);
}

static int stm32xspi_erase_check(struct flash_bank *bank)
{
	return stm32xspi_erase_check_impl(bank);
}

static int stm32xspi_protect_check(struct flash_bank *bank)
{
	return stm32xspi_protect_check_impl(bank);
}

static int stm32xspi_info(struct flash_bank *bank, struct command_invocation *cmd)
{
	struct stm32xspi_bank *priv = bank->driver_priv;

	if (priv->probed) {
		stm32xspi_print_info(bank, cmd);
		return ERROR_OK;
	}
	command_print_sameline(cmd,
	                       "stm32xspi: controller at 0x%08" PRIx32
	                       ", window at " TARGET_ADDR_FMT ", not probed",
	                       priv->ctrl_base, bank->base);
	return ERROR_OK;
}

static const struct command_registration stm32xspi_command_group[] = {
	{
	        .name = "stm32xspi",
	        .mode = COMMAND_ANY,
	        .help = "stm32xspi flash driver commands",
	        .usage = "",
	        .chain = stm32xspi_command_handlers,
	},
	COMMAND_REGISTRATION_DONE
};

const struct flash_driver stm32xspi_flash = {
	.name = "stm32xspi",
	.usage = STM32XSPI_USAGE,
	.commands = stm32xspi_command_group,
	.flash_bank_command = stm32xspi_flash_bank_command,
	.erase = stm32xspi_erase,
	.protect = stm32xspi_protect,
	.write = stm32xspi_write,
	.read = stm32xspi_read,
	.verify = stm32xspi_verify,
	.probe = stm32xspi_probe,
	.auto_probe = stm32xspi_auto_probe,
	.erase_check = stm32xspi_erase_check,
	.protect_check = stm32xspi_protect_check,
	.info = stm32xspi_info,
	.free_driver_priv = stm32xspi_ops_bank_free,
};
