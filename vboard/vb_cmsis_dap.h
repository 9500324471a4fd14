/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: private declarations of the CMSIS-DAP front-end
 * (vb_cmsis_dap.c), for the event loop and the tests. The public part is
 * vb_cmsis_* in vb.h.
 */
#ifndef VB_CMSIS_DAP_H
#define VB_CMSIS_DAP_H

#include "vb.h"

/*
 * TCP framing, as OpenOCD's `cmsis-dap backend tcp` (OpenOCD master,
 * src/jtag/drivers/cmsis_dap_tcp.c) sends and expects it: every CMSIS-DAP
 * packet travels behind an 8-byte header, all fields little endian:
 *   u32 signature "DAP\0" = 0x00504144, u16 payload length (header
 *   excluded), u8 type (1 request, 2 response), u8 reserved (0).
 * The backend's default port is 4441.
 */
#define VB_CMSIS_TCP_PORT      4441
#define VB_CMSIS_HDR_SIZE      8u
#define VB_CMSIS_SIGNATURE     0x00504144u
#define VB_CMSIS_TYPE_REQUEST  1u
#define VB_CMSIS_TYPE_RESPONSE 2u

/*
 * Packet size reported by DAP_Info (ID 0xFF): the largest command and
 * response. 1280 is the largest size OpenOCD 0.12.0 handles correctly:
 * its cmsis_dap.c queues (size - 4) / 5 transfers per DAP_Transfer but
 * writes the count into one byte, so a size above 1283 would send a
 * wrong count. 1280 = 4 + 5 * 255 rounded up lets 255 transfers (the
 * protocol's maximum per DAP_Transfer) travel per round trip. OpenOCD
 * master accepts any size up to 65535 and uses DAP_TransferBlock for runs
 * of equal transfers; 1280 gives it 319 words per block read.
 */
#define VB_CMSIS_PACKET_SIZE 1280u

/*
 * Packet count reported by DAP_Info (ID 0xFE): how many commands the host
 * may send before it reads the first response. OpenOCD uses at most 3
 * (0.12.0) or 4 (master); the TCP stream buffers any number.
 */
#define VB_CMSIS_PACKET_COUNT 4u

#endif /* VB_CMSIS_DAP_H */
