// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every public header of layers 1 and 2, the register headers and the stub
 * ABI compile together in one translation unit (as the driver will include
 * them): no clashing names, each self-contained.
 */

#include "xspi_op.h"
#include "xspi_nor.h"
#include "xspi_sfdp.h"
#include "xspi_parts.h"
#include "xspi_ctrl.h"
#include "xspi_crc32.h"
#include "xspi_stub_abi.h"
#include "stm32/xspi_bits.h"
#include "stm32/quadspi_regs.h"
#include "stm32/octospi_regs.h"
#include "tap.h"

int main(void)
{
	/* The stub ABI promises a block of 32-bit words only. */
	CHECK_EQ(sizeof(struct xspi_stub_params), 4 * XSPI_STUB_PARAMS_WORDS,
	         "stub parameter block is whole words");
	CHECK_EQ(sizeof(struct xspi_stub_params), 36, "stub parameter block is 9 words");
	return tap_done();
}
