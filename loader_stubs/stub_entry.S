/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry and exit of the loader stub; offsets are part of the ABI
 * (xspi_stub_abi.h): entry at 0, BKPT exit at 4. r0 = parameter block in,
 * status out; SP is set by the host.
 */
	.syntax unified
	.thumb
	.section .text.entry, "ax", %progbits
	.global xspi_stub_entry
	.global xspi_stub_exit
	.type xspi_stub_entry, %function
	.thumb_func
xspi_stub_entry:
	bl	xspi_stub_main		/* 32-bit BL: offsets 0..3 */
xspi_stub_exit:
	bkpt	#0			/* offset 4 */
	b	xspi_stub_exit		/* never reached: a resumed core stays here */
