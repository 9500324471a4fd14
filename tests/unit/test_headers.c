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
#include "xspi_prot.h"
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
	/* Fixed offsets the host reads while the stub runs (xspi_stub_abi.h) */
	CHECK_EQ(XSPI_STUB_PARAM_OFF(status), 12u, "params.status is word 3");
	CHECK_EQ(XSPI_STUB_PARAM_OFF(progress), 32u, "params.progress is word 8");
	CHECK(XSPI_STUB_PARAM_OFF(consumed) == XSPI_STUB_PARAM_OFF(produced) + 4u,
	      "params.consumed follows params.produced");
	CHECK_EQ(sizeof(struct xspi_stub_seq), 4u * (2u + 3u * XSPI_STUB_SEQ_WRITES),
	         "a register sequence is n, done_mask and 3 words per write");
	CHECK_EQ(sizeof(struct xspi_stub_erase), 8u, "an erase-list entry is 2 words");
	return tap_done();
}
