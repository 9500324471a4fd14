/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32 QUADSPI registers and fields (STM32F7 and STM32H7 share the layout).
 *
 * Shared by the host driver, the loader stubs and the vboard, so it holds
 * only integer constants: no host types, no CMSIS structs.
 *
 * Sources:
 *  - RM0433 (STM32H742/743/750/753) and RM0385 (STM32F75x/74x), chapter
 *    "Quad-SPI interface (QUADSPI)", register descriptions.
 *  - Field positions and widths: STMicroelectronics/cmsis_device_h7
 *    @13ba9da797a30e1563a8795f974425fb26dd0457 Include/stm32h750xx.h, as
 *    extracted in docs/facts/QUADSPI_H750_bitfields.txt; checked
 *    identical against STMicroelectronics/cmsis_device_f7
 *    @b01bc43ffe13fc8fb12cd9a4bb342fd021b80524 Include/stm32f746xx.h
 *    (every QUADSPI_*_Pos / _Msk pair matches).
 *  - Base addresses: docs/facts/peripherals.md (CMSIS, OpenOCD cfg).
 *
 * Naming: NAME_SHIFT / NAME_WIDTH per field (see stm32/xspi_bits.h for
 * XSPI_FIELD_PREP / XSPI_FIELD_GET); single-bit fields also have NAME as
 * their bit mask.
 */
#ifndef STM32_QUADSPI_REGS_H
#define STM32_QUADSPI_REGS_H

#include "xspi_bits.h"

/* Register block and memory window base addresses (peripherals.md) */
#define QUADSPI_H7_BASE  0x52005000U
#define QUADSPI_F7_BASE  0xA0001000U
#define QUADSPI_MEM_BASE 0x90000000U

/* Register offsets */
#define QUADSPI_CR    0x00U
#define QUADSPI_DCR   0x04U
#define QUADSPI_SR    0x08U
#define QUADSPI_FCR   0x0CU
#define QUADSPI_DLR   0x10U
#define QUADSPI_CCR   0x14U
#define QUADSPI_AR    0x18U
#define QUADSPI_ABR   0x1CU
#define QUADSPI_DR    0x20U
#define QUADSPI_PSMKR 0x24U
#define QUADSPI_PSMAR 0x28U
#define QUADSPI_PIR   0x2CU
#define QUADSPI_LPTR  0x30U

/* Bytes in the data FIFO (RM0433/RM0385: 32-byte FIFO; FTHRES is 5 bits) */
#define QUADSPI_FIFO_BYTES 32U

/* CR: control */
#define QUADSPI_CR_EN_SHIFT        0U
#define QUADSPI_CR_EN_WIDTH        1U
#define QUADSPI_CR_EN              XSPI_BIT(0U)
#define QUADSPI_CR_ABORT_SHIFT     1U
#define QUADSPI_CR_ABORT_WIDTH     1U
#define QUADSPI_CR_ABORT           XSPI_BIT(1U)
#define QUADSPI_CR_DMAEN_SHIFT     2U
#define QUADSPI_CR_DMAEN_WIDTH     1U
#define QUADSPI_CR_DMAEN           XSPI_BIT(2U)
#define QUADSPI_CR_TCEN_SHIFT      3U
#define QUADSPI_CR_TCEN_WIDTH      1U
#define QUADSPI_CR_TCEN            XSPI_BIT(3U)
#define QUADSPI_CR_SSHIFT_SHIFT    4U
#define QUADSPI_CR_SSHIFT_WIDTH    1U
#define QUADSPI_CR_SSHIFT          XSPI_BIT(4U)
#define QUADSPI_CR_DFM_SHIFT       6U
#define QUADSPI_CR_DFM_WIDTH       1U
#define QUADSPI_CR_DFM             XSPI_BIT(6U)
#define QUADSPI_CR_FSEL_SHIFT      7U
#define QUADSPI_CR_FSEL_WIDTH      1U
#define QUADSPI_CR_FSEL            XSPI_BIT(7U)
#define QUADSPI_CR_FTHRES_SHIFT    8U
#define QUADSPI_CR_FTHRES_WIDTH    5U
#define QUADSPI_CR_TEIE_SHIFT      16U
#define QUADSPI_CR_TEIE_WIDTH      1U
#define QUADSPI_CR_TEIE            XSPI_BIT(16U)
#define QUADSPI_CR_TCIE_SHIFT      17U
#define QUADSPI_CR_TCIE_WIDTH      1U
#define QUADSPI_CR_TCIE            XSPI_BIT(17U)
#define QUADSPI_CR_FTIE_SHIFT      18U
#define QUADSPI_CR_FTIE_WIDTH      1U
#define QUADSPI_CR_FTIE            XSPI_BIT(18U)
#define QUADSPI_CR_SMIE_SHIFT      19U
#define QUADSPI_CR_SMIE_WIDTH      1U
#define QUADSPI_CR_SMIE            XSPI_BIT(19U)
#define QUADSPI_CR_TOIE_SHIFT      20U
#define QUADSPI_CR_TOIE_WIDTH      1U
#define QUADSPI_CR_TOIE            XSPI_BIT(20U)
#define QUADSPI_CR_APMS_SHIFT      22U
#define QUADSPI_CR_APMS_WIDTH      1U
#define QUADSPI_CR_APMS            XSPI_BIT(22U)
#define QUADSPI_CR_PMM_SHIFT       23U
#define QUADSPI_CR_PMM_WIDTH       1U
#define QUADSPI_CR_PMM             XSPI_BIT(23U)
#define QUADSPI_CR_PRESCALER_SHIFT 24U
#define QUADSPI_CR_PRESCALER_WIDTH 8U

/* DCR: device configuration (flash bytes = 2^(FSIZE+1)) */
#define QUADSPI_DCR_CKMODE_SHIFT 0U
#define QUADSPI_DCR_CKMODE_WIDTH 1U
#define QUADSPI_DCR_CKMODE       XSPI_BIT(0U)
#define QUADSPI_DCR_CSHT_SHIFT   8U
#define QUADSPI_DCR_CSHT_WIDTH   3U
#define QUADSPI_DCR_FSIZE_SHIFT  16U
#define QUADSPI_DCR_FSIZE_WIDTH  5U

/* SR: status */
#define QUADSPI_SR_TEF_SHIFT    0U
#define QUADSPI_SR_TEF_WIDTH    1U
#define QUADSPI_SR_TEF          XSPI_BIT(0U)
#define QUADSPI_SR_TCF_SHIFT    1U
#define QUADSPI_SR_TCF_WIDTH    1U
#define QUADSPI_SR_TCF          XSPI_BIT(1U)
#define QUADSPI_SR_FTF_SHIFT    2U
#define QUADSPI_SR_FTF_WIDTH    1U
#define QUADSPI_SR_FTF          XSPI_BIT(2U)
#define QUADSPI_SR_SMF_SHIFT    3U
#define QUADSPI_SR_SMF_WIDTH    1U
#define QUADSPI_SR_SMF          XSPI_BIT(3U)
#define QUADSPI_SR_TOF_SHIFT    4U
#define QUADSPI_SR_TOF_WIDTH    1U
#define QUADSPI_SR_TOF          XSPI_BIT(4U)
#define QUADSPI_SR_BUSY_SHIFT   5U
#define QUADSPI_SR_BUSY_WIDTH   1U
#define QUADSPI_SR_BUSY         XSPI_BIT(5U)
#define QUADSPI_SR_FLEVEL_SHIFT 8U
#define QUADSPI_SR_FLEVEL_WIDTH 6U

/* FCR: flag clear (write 1 to clear the SR flag at the same bit) */
#define QUADSPI_FCR_CTEF_SHIFT 0U
#define QUADSPI_FCR_CTEF_WIDTH 1U
#define QUADSPI_FCR_CTEF       XSPI_BIT(0U)
#define QUADSPI_FCR_CTCF_SHIFT 1U
#define QUADSPI_FCR_CTCF_WIDTH 1U
#define QUADSPI_FCR_CTCF       XSPI_BIT(1U)
#define QUADSPI_FCR_CSMF_SHIFT 3U
#define QUADSPI_FCR_CSMF_WIDTH 1U
#define QUADSPI_FCR_CSMF       XSPI_BIT(3U)
#define QUADSPI_FCR_CTOF_SHIFT 4U
#define QUADSPI_FCR_CTOF_WIDTH 1U
#define QUADSPI_FCR_CTOF       XSPI_BIT(4U)

/* DLR: data length - 1 (0xFFFFFFFF: undefined, up to the end of memory) */
#define QUADSPI_DLR_DL_SHIFT 0U
#define QUADSPI_DLR_DL_WIDTH 32U

/* CCR: communication configuration */
#define QUADSPI_CCR_INSTRUCTION_SHIFT 0U
#define QUADSPI_CCR_INSTRUCTION_WIDTH 8U
#define QUADSPI_CCR_IMODE_SHIFT       8U
#define QUADSPI_CCR_IMODE_WIDTH       2U
#define QUADSPI_CCR_ADMODE_SHIFT      10U
#define QUADSPI_CCR_ADMODE_WIDTH      2U
#define QUADSPI_CCR_ADSIZE_SHIFT      12U
#define QUADSPI_CCR_ADSIZE_WIDTH      2U
#define QUADSPI_CCR_ABMODE_SHIFT      14U
#define QUADSPI_CCR_ABMODE_WIDTH      2U
#define QUADSPI_CCR_ABSIZE_SHIFT      16U
#define QUADSPI_CCR_ABSIZE_WIDTH      2U
#define QUADSPI_CCR_DCYC_SHIFT        18U
#define QUADSPI_CCR_DCYC_WIDTH        5U
#define QUADSPI_CCR_DMODE_SHIFT       24U
#define QUADSPI_CCR_DMODE_WIDTH       2U
#define QUADSPI_CCR_FMODE_SHIFT       26U
#define QUADSPI_CCR_FMODE_WIDTH       2U
#define QUADSPI_CCR_SIOO_SHIFT        28U
#define QUADSPI_CCR_SIOO_WIDTH        1U
#define QUADSPI_CCR_SIOO              XSPI_BIT(28U)
#define QUADSPI_CCR_DHHC_SHIFT        30U
#define QUADSPI_CCR_DHHC_WIDTH        1U
#define QUADSPI_CCR_DHHC              XSPI_BIT(30U)
#define QUADSPI_CCR_DDRM_SHIFT        31U
#define QUADSPI_CCR_DDRM_WIDTH        1U
#define QUADSPI_CCR_DDRM              XSPI_BIT(31U)

/* AR: address */
#define QUADSPI_AR_ADDRESS_SHIFT 0U
#define QUADSPI_AR_ADDRESS_WIDTH 32U

/* ABR: alternate bytes, right-aligned */
#define QUADSPI_ABR_ALTERNATE_SHIFT 0U
#define QUADSPI_ABR_ALTERNATE_WIDTH 32U

/* DR: data (FIFO) */
#define QUADSPI_DR_DATA_SHIFT 0U
#define QUADSPI_DR_DATA_WIDTH 32U

/* PSMKR: polling status mask */
#define QUADSPI_PSMKR_MASK_SHIFT 0U
#define QUADSPI_PSMKR_MASK_WIDTH 32U

/* PSMAR: polling status match */
#define QUADSPI_PSMAR_MATCH_SHIFT 0U
#define QUADSPI_PSMAR_MATCH_WIDTH 32U

/* PIR: polling interval, in CLK cycles */
#define QUADSPI_PIR_INTERVAL_SHIFT 0U
#define QUADSPI_PIR_INTERVAL_WIDTH 16U

/* LPTR: low-power timeout, in CLK cycles (memory-mapped) */
#define QUADSPI_LPTR_TIMEOUT_SHIFT 0U
#define QUADSPI_LPTR_TIMEOUT_WIDTH 16U

/*
 * Named field values.
 */

/* CR.PMM: how the masked status bits are combined in auto-polling */
#define QUADSPI_CR_PMM_AND 0U
#define QUADSPI_CR_PMM_OR  1U

/* CCR.IMODE / ADMODE / ABMODE / DMODE: number of lines of the phase */
#define QUADSPI_CCR_MODE_NONE    0U
#define QUADSPI_CCR_MODE_1_LINE  1U
#define QUADSPI_CCR_MODE_2_LINES 2U
#define QUADSPI_CCR_MODE_4_LINES 3U

/* CCR.ADSIZE / ABSIZE: bytes - 1 */
#define QUADSPI_CCR_SIZE_8BIT  0U
#define QUADSPI_CCR_SIZE_16BIT 1U
#define QUADSPI_CCR_SIZE_24BIT 2U
#define QUADSPI_CCR_SIZE_32BIT 3U

/* CCR.FMODE: functional mode */
#define QUADSPI_CCR_FMODE_INDIRECT_WRITE 0U
#define QUADSPI_CCR_FMODE_INDIRECT_READ  1U
#define QUADSPI_CCR_FMODE_AUTO_POLL      2U
#define QUADSPI_CCR_FMODE_MEMORY_MAPPED  3U

/*
 * CCR.DDRM applies to the address, alternate-byte and data phases only;
 * the instruction is always sent in SDR (RM0433, CCR register, DDRM bit).
 * CCR.DHHC delays the output data by a fraction of a clock cycle (see the
 * RM of the part) and is active only when DDRM = 1.
 */

/* Every flag FCR can clear */
#define QUADSPI_FCR_ALL (QUADSPI_FCR_CTEF | QUADSPI_FCR_CTCF | QUADSPI_FCR_CSMF | QUADSPI_FCR_CTOF)

#endif /* STM32_QUADSPI_REGS_H */
