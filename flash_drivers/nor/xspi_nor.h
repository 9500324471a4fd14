/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SPI-NOR protocol core (layer 1): named operations as data, the one place
 * where a bus protocol (1-1-4, 4-4-4, 8D-8D-8D ...) is applied to them, and
 * erase planning. Pure functions: no controller register, no I/O, so they
 * run on the host in unit tests and in the on-target stubs alike.
 */
#ifndef XSPI_NOR_H
#define XSPI_NOR_H

#include <stddef.h>
#include <stdint.h>

#include "xspi_op.h"

/* Opcodes the core issues itself (JEDEC JESD216 / common SPI-NOR set). */
#define XSPI_OP_WREN   0x06u /* write enable */
#define XSPI_OP_WRDI   0x04u /* write disable */
#define XSPI_OP_RDSR   0x05u /* read status register 1 */
#define XSPI_OP_RDID   0x9Fu /* JEDEC ID, 1-1-1 */
#define XSPI_OP_RDSFDP 0x5Au /* SFDP: 3-byte address, 8 dummy clocks */
#define XSPI_OP_READ   0x03u /* read, no dummy */
#define XSPI_OP_PP     0x02u /* page program */
#define XSPI_OP_RSTEN  0x66u /* reset enable */
#define XSPI_OP_RST    0x99u /* reset */

#define XSPI_SR_WIP 0x01u /* status register: write in progress */
#define XSPI_SR_WEL 0x02u /* status register: write enable latch */

/* Dummy clocks of the SFDP read: JESD216 "Read SFDP (5Ah)" at 1-1-1. */
#define XSPI_SFDP_DUMMY_CLOCKS 8u

/* Operations with no data or a register-sized data phase. Built at 1-1-1;
 * xspi_op_apply_proto() moves them to the bus protocol in use. */
struct xspi_op xspi_op_cmd(uint8_t opcode);
struct xspi_op xspi_op_read_reg(uint8_t opcode, uint32_t nbytes);
struct xspi_op xspi_op_write_reg(uint8_t opcode, uint32_t nbytes);
struct xspi_op xspi_op_read_sfdp(uint32_t addr, uint32_t nbytes);
struct xspi_op xspi_op_read(uint8_t opcode, uint8_t addr_bytes, uint32_t addr, uint8_t dummy_clocks,
                            uint32_t nbytes);
struct xspi_op xspi_op_page_program(uint8_t opcode, uint8_t addr_bytes, uint32_t addr,
                                    uint32_t nbytes);
struct xspi_op xspi_op_erase(uint8_t opcode, uint8_t addr_bytes, uint32_t addr);

/*
 * Apply a bus protocol to an operation: the instruction phase gets
 * proto.cmd_lines, address and alternate bytes proto.addr_lines, data
 * proto.data_lines, and all present phases proto.dtr. In 8-line modes the
 * instruction becomes the 2-byte opcode / inverted-opcode pair (JESD251
 * xSPI "command extension = inverted"). This is the only place where line
 * counts and DTR are decided.
 */
void xspi_op_apply_proto(struct xspi_op *op, struct xspi_proto proto);

/* One erase instruction the part understands (from SFDP or the part table). */
struct xspi_erase_type {
	uint32_t size; /* bytes, power of two; 0 = unused slot */
	uint8_t opcode;
};

struct xspi_erase_step {
	uint32_t addr;
	uint32_t size;
	uint8_t opcode;
};

enum xspi_nor_err {
	XSPI_NOR_OK = 0,
	XSPI_NOR_E_NO_ERASE_TYPE = -1,  /* no usable erase type given */
	XSPI_NOR_E_UNALIGNED = -2,      /* range not on smallest-erase boundaries */
	XSPI_NOR_E_TOO_MANY_STEPS = -3, /* plan longer than the caller's array */
	XSPI_NOR_E_EMPTY = -4,          /* start >= end */
};

/*
 * Cover [start, end) exactly with erase instructions, largest first where
 * alignment allows. The range must start and end on a boundary of the
 * smallest erase type: the plan never erases a byte outside the range, and
 * refuses (XSPI_NOR_E_UNALIGNED) rather than rounding. On success *nsteps
 * holds the number of steps written to steps[]; with steps == NULL only
 * the count is computed.
 */
int xspi_erase_plan(const struct xspi_erase_type *types, size_t ntypes, uint32_t start,
                    uint32_t end, struct xspi_erase_step *steps, size_t max_steps, size_t *nsteps);

const char *xspi_nor_strerror(int err);

#endif /* XSPI_NOR_H */
