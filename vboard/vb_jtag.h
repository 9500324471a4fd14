/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the JTAG scan chain (vb_jtag.c), shared
 * with the tests. The public contract is vb.h.
 */
#ifndef VB_JTAG_H
#define VB_JTAG_H

/* Cortex-M7 JTAG-DP TAP (ARM IHI0031C, ADIv5.2 B3, JTAG-DP). */
#define VB_DP_IR_LEN     4
#define VB_DP_IR_CAPTURE 0x1u /* OpenOCD stm32h7x.cfg: -ircapture 0x1 */
#define VB_DP_IR_ABORT   0x8u
#define VB_DP_IR_DPACC   0xAu
#define VB_DP_IR_APACC   0xBu
#define VB_DP_IR_IDCODE  0xEu
#define VB_DP_IR_BYPASS  0xFu
#define VB_DP_ACC_BITS   35 /* DPACC/APACC/ABORT scan length */

/* JTAG-DP three-bit ACK in the capture of a DPACC/APACC scan. */
#define VB_JTAG_ACK_WAIT     0x1u
#define VB_JTAG_ACK_OK_FAULT 0x2u

/* STM32 boundary-scan TAP (OpenOCD cfg "-irlen 5"; values see vb_jtag.c). */
#define VB_BS_IR_LEN     5
#define VB_BS_IR_CAPTURE 0x01u
#define VB_BS_IR_IDCODE  0x01u
#define VB_BS_IR_BYPASS  0x1Fu

#endif /* VB_JTAG_H */
