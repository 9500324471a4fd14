/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the ADIv5 debug port (vb_dap.c), shared
 * with the front-ends and the tests. The public contract is vb.h.
 *
 * Register and field names follow ARM IHI0031C, "ARM Debug Interface
 * Architecture Specification ADIv5.0 to ADIv5.2" (ADIv5.2 below).
 */
#ifndef VB_DAP_H
#define VB_DAP_H

#include "vb.h"

/* DP register addresses A[3:2] << 2 (ADIv5.2 B2, DP register map). */
#define VB_DP_DPIDR  0x0u /* read: DPIDR; SW-DP write: ABORT */
#define VB_DP_CTRL   0x4u /* CTRL/STAT, DLCR, TARGETID, DLPIDR by DPBANKSEL */
#define VB_DP_SELECT 0x8u /* SW-DP read: RESEND */
#define VB_DP_RDBUFF 0xCu /* SW-DP write: TARGETSEL */

/* DP ABORT (ADIv5.2 B2, ABORT). Bits 4:1 exist on SW-DP only. */
#define VB_DP_ABORT_DAPABORT   (1u << 0)
#define VB_DP_ABORT_STKCMPCLR  (1u << 1)
#define VB_DP_ABORT_STKERRCLR  (1u << 2)
#define VB_DP_ABORT_WDERRCLR   (1u << 3)
#define VB_DP_ABORT_ORUNERRCLR (1u << 4)

/* DP CTRL/STAT (ADIv5.2 B2, CTRL/STAT). */
#define VB_DP_CS_ORUNDETECT     (1u << 0)
#define VB_DP_CS_STICKYORUN     (1u << 1)
#define VB_DP_CS_TRNMODE_SHIFT  2
#define VB_DP_CS_TRNMODE_MASK   (3u << 2)
#define VB_DP_CS_STICKYCMP      (1u << 4)
#define VB_DP_CS_STICKYERR      (1u << 5)
#define VB_DP_CS_READOK         (1u << 6) /* SW-DP only */
#define VB_DP_CS_WDATAERR       (1u << 7) /* SW-DP only */
#define VB_DP_CS_MASKLANE_SHIFT 8
#define VB_DP_CS_MASKLANE_MASK  (0xFu << 8)
#define VB_DP_CS_TRNCNT_MASK    (0xFFFu << 12)
#define VB_DP_CS_CDBGRSTREQ     (1u << 26)
#define VB_DP_CS_CDBGRSTACK     (1u << 27)
#define VB_DP_CS_CDBGPWRUPREQ   (1u << 28)
#define VB_DP_CS_CDBGPWRUPACK   (1u << 29)
#define VB_DP_CS_CSYSPWRUPREQ   (1u << 30)
#define VB_DP_CS_CSYSPWRUPACK   (1u << 31)

/* DP SELECT (ADIv5.2 B2, SELECT). */
#define VB_DP_SELECT_APSEL_SHIFT 24
#define VB_DP_SELECT_APBANK_MASK 0xF0u
#define VB_DP_SELECT_DPBANK_MASK 0x0Fu

/* MEM-AP register offsets (ADIv5.2 C2, MEM-AP register summary). */
#define VB_AP_CSW  0x00u
#define VB_AP_TAR  0x04u
#define VB_AP_DRW  0x0Cu
#define VB_AP_BD0  0x10u
#define VB_AP_BD3  0x1Cu
#define VB_AP_CFG  0xF4u
#define VB_AP_BASE 0xF8u
#define VB_AP_IDR  0xFCu

/* MEM-AP CSW fields (ADIv5.2 C2, CSW). */
#define VB_AP_CSW_SIZE_MASK      7u
#define VB_AP_CSW_ADDRINC_SINGLE (1u << 4)
#define VB_AP_CSW_ADDRINC_PACKED (2u << 4)
#define VB_AP_CSW_DEVICEEN       (1u << 6)
#define VB_AP_CSW_TRINPROG       (1u << 7)

/* The largest number of APs a modelled part has (H7: AP0..AP2). */
#define VB_DAP_MAX_APS 3

/*
 * Block transfers on DRW for the CMSIS-DAP front-end's DAP_TransferBlock:
 * n accesses to the AP register addr of the selected AP, with the same
 * result as n calls of vb_dap_ap_read()/vb_dap_ap_write(), but using the
 * bus word fast paths when the access is a 32-bit auto-incrementing DRW
 * run on the system-bus AP. Returns the number of accesses that
 * completed with VB_ACK_OK; *ack is the ACK of the last access tried.
 */
size_t vb_dap_ap_read_block(struct vb_dap *d, uint8_t addr, uint32_t *buf, size_t n,
                            enum vb_ack *ack);
size_t vb_dap_ap_write_block(struct vb_dap *d, uint8_t addr, const uint32_t *buf, size_t n,
                             enum vb_ack *ack);

/* SW-DP protocol error seen by a front-end (write data parity error):
 * sets CTRL/STAT.WDATAERR (ADIv5.2 B4, SWD protocol). */
void vb_dap_swd_wdataerr(struct vb_dap *d);

#endif /* VB_DAP_H */
