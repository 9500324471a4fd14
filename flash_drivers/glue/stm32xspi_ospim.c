// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi: the OCTOSPI I/O manager (OCTOSPIM) of the STM32H72x/73x,
 * touched only when a bank or the HyperRAM needs a port it does not have.
 *
 * Facts: RM0468 "OCTOSPI I/O manager": OCTOSPIM at 0x5200B400 (CR, P1CR,
 * P2CR), PnCR fields in include/stm32/octospi_regs.h; its registers read
 * 0 and ignore writes while RCC_AHB3ENR.IOMNGREN is 0 (forum report on
 * the H730, docs/facts/peripherals.md #8). The vendor HAL disables both
 * OCTOSPIs before any OCTOSPIM write (peripherals.md, HAL_OSPIM_Config),
 * which breaks a memory-mapped HyperRAM in use: here only the port that
 * is needed is written, the other port never, and an instance that loses
 * its port is named.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <flash/nor/imp.h>
#include <helper/log.h>
#include <target/target.h>

#include "stm32/octospi_regs.h"
#include "xspi_ctrl.h"
#include "xspi_target_io.h"
#include "stm32xspi_ospim.h"

#define STM32H7_OCTOSPI1_BASE 0x52005000U
#define STM32H7_OCTOSPI2_BASE 0x5200A000U

unsigned int stm32xspi_ospi_instance(uint32_t base)
{
	return base == STM32H7_OCTOSPI1_BASE ? 1 : base == STM32H7_OCTOSPI2_BASE ? 2 : 0;
}

static uint32_t ospi_base(unsigned int instance)
{
	return instance == 1 ? STM32H7_OCTOSPI1_BASE : STM32H7_OCTOSPI2_BASE;
}

static int ospim_read(struct target *t, uint32_t off, uint32_t *v)
{
	int ret = target_read_u32(t, OCTOSPIM_H7_BASE + off, v);

	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: cannot read the OCTOSPIM at 0x%08" PRIx32,
		          OCTOSPIM_H7_BASE + off);
	return ret;
}

/* Is the instance memory-mapped right now (CR.EN and FMODE = 11)? */
static int ospi_mapped(struct target *t, unsigned int instance, bool *mapped)
{
	uint32_t cr;
	int ret = target_read_u32(t, ospi_base(instance) + OCTOSPI_CR, &cr);
	struct xspi_field fmode = { OCTOSPI_CR_FMODE_SHIFT, OCTOSPI_CR_FMODE_WIDTH };

	*mapped = ret == ERROR_OK && (cr & OCTOSPI_CR_EN) &&
	          xspi_field_get(fmode, cr) == OCTOSPI_CR_FMODE_MEMORY_MAPPED;
	return ret;
}

/* Which instance's clock the port carries, 0 if its clock is off */
static unsigned int port_clock_owner(uint32_t pcr)
{
	if (!(pcr & OCTOSPIM_PCR_CLKEN))
		return 0;
	return (pcr & OCTOSPIM_PCR_CLKSRC) ? 2 : 1;
}

int stm32xspi_ospim_route(struct target *t, unsigned int instance, unsigned int port, bool dqs,
                          const char *who)
{
	uint32_t cr, pcr, back, want = xspi_octospim_port_value(instance, dqs);
	unsigned int other = 3 - instance, owner;
	bool other_mapped = false;
	int ret;

	if (!want || port < 1 || port > 2) {
		LOG_ERROR("stm32xspi: %s: no OCTOSPI%u / OCTOSPIM port %u on this chip", who,
		          instance, port);
		return ERROR_FAIL;
	}
	ret = ospim_read(t, OCTOSPIM_CR, &cr);
	if (ret == ERROR_OK)
		ret = ospim_read(t, OCTOSPIM_PCR(port), &pcr);
	if (ret != ERROR_OK)
		return ret;
	if (!(cr & OCTOSPIM_CR_MUXEN) && xspi_octospim_port_routes(pcr, instance, dqs)) {
		LOG_DEBUG("stm32xspi: %s: OCTOSPIM port %u already carries OCTOSPI%u (P%uCR "
		          "0x%08" PRIx32 "), nothing written",
		          who, port, instance, port, pcr);
		return ERROR_OK;
	}
	if (cr & OCTOSPIM_CR_MUXEN) {
		LOG_ERROR("stm32xspi: %s: the OCTOSPIM multiplexes both OCTOSPIs on one port "
		          "(CR.MUXEN = 1); this driver needs OCTOSPI%u on its own port %u. Clear "
		          "MUXEN in firmware or the board config, or ask for a multiplexed "
		          "set-up",
		          who, instance, port);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	owner = port_clock_owner(pcr);
	if (owner == other) {
		ret = ospi_mapped(t, other, &other_mapped);
		if (ret != ERROR_OK)
			return ret;
	}
	/* our own instance is idle while its signals move */
	struct xspi_target_ctrl me = { t, ospi_base(instance), xspi_ctrl_find("stm32h7-octospi") };
	const struct xspi_reg_write off = { OCTOSPI_CR, OCTOSPI_CR_EN, 0 };
	uint32_t my_cr;

	ret = target_read_u32(t, me.base + OCTOSPI_CR, &my_cr);
	if (ret == ERROR_OK && (my_cr & OCTOSPI_CR_EN))
		ret = xspi_target_abort(&me);
	if (ret == ERROR_OK)
		ret = xspi_target_reg_write(&me, &off);
	if (ret == ERROR_OK && other_mapped) {
		/* it loses its memory whatever we do: stop it cleanly */
		struct xspi_target_ctrl them = { t, ospi_base(other), me.v };

		ret = xspi_target_abort(&them);
	}
	if (ret == ERROR_OK)
		ret = target_write_u32(t, OCTOSPIM_H7_BASE + OCTOSPIM_PCR(port), want);
	if (ret == ERROR_OK)
		ret = ospim_read(t, OCTOSPIM_PCR(port), &back);
	if (ret != ERROR_OK)
		return ret;
	if (back != want) {
		LOG_ERROR("stm32xspi: %s: the OCTOSPIM ignores writes (P%uCR reads 0x%08" PRIx32
		          " after writing 0x%08" PRIx32 "): enable its clock, RCC_AHB3ENR.IOMNGREN "
		          "(board config: add IOMNGR to the xspi_stm32_clocks list)",
		          who, port, back, want);
		return ERROR_FAIL;
	}
	if (owner == other)
		LOG_WARNING("stm32xspi: %s: OCTOSPIM port %u carried OCTOSPI%u%s; it now carries "
		            "OCTOSPI%u (P%uCR 0x%08" PRIx32 " -> 0x%08" PRIx32 "). OCTOSPI%u no "
		            "longer reaches a memory on that port%s",
		            who, port, other, other_mapped ? ", which was memory-mapped" : "",
		            instance, port, pcr, want, other,
		            other_mapped ? ": it was aborted to leave it in a clean state" : "");
	else
		LOG_INFO("stm32xspi: %s: OCTOSPIM port %u routed to OCTOSPI%u (P%uCR 0x%08" PRIx32
		         " -> 0x%08" PRIx32 "); the other port was not touched",
		         who, port, instance, port, pcr, want);
	return ERROR_OK;
}
