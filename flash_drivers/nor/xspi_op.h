/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One SPI-NOR transaction as data: instruction, address, alternate bytes,
 * dummy cycles and data phases, each with its own line count and STR/DTR.
 *
 * The NOR protocol core (xspi_nor.c) builds these; a controller back-end
 * (flash_drivers/ctrl/) turns one into register values. Neither side ever
 * looks at the other's concerns: the back-end never decides an opcode, the
 * core never touches a register.
 */
#ifndef XSPI_OP_H
#define XSPI_OP_H

#include <stdbool.h>
#include <stdint.h>

/* Line count of one phase. XSPI_LINES_NONE means the phase is absent. */
enum xspi_lines {
	XSPI_LINES_NONE = 0,
	XSPI_LINES_1 = 1,
	XSPI_LINES_2 = 2,
	XSPI_LINES_4 = 4,
	XSPI_LINES_8 = 8,
};

enum xspi_data_dir {
	XSPI_DATA_NONE = 0,
	XSPI_DATA_IN,  /* memory -> controller (read) */
	XSPI_DATA_OUT, /* controller -> memory (write) */
};

struct xspi_op {
	struct {
		uint8_t nbytes; /* 1, or 2 for octal opcode/~opcode pairs */
		enum xspi_lines lines;
		bool dtr;
		uint16_t opcode;
	} cmd;
	struct {
		uint8_t nbytes; /* 0 (no address), 1..4 */
		enum xspi_lines lines;
		bool dtr;
		uint32_t val;
	} addr;
	struct {
		uint8_t nbytes; /* alternate ("mode") bytes, 0..4 */
		enum xspi_lines lines;
		bool dtr;
		uint32_t val;
	} alt;
	struct {
		uint8_t ncycles; /* dummy clock cycles, 0..31 */
	} dummy;
	struct {
		enum xspi_data_dir dir;
		enum xspi_lines lines;
		bool dtr;
		uint32_t nbytes; /* 0 for "until the end" in memory-mapped mode */
	} data;
};

/*
 * A bus protocol such as 1-1-4 or 8D-8D-8D: line counts of the instruction,
 * address and data phases, and whether they run in DTR. Applied to an op in
 * exactly one place, xspi_op_apply_proto().
 */
struct xspi_proto {
	enum xspi_lines cmd_lines;
	enum xspi_lines addr_lines;
	enum xspi_lines data_lines;
	bool dtr;
};

#define XSPI_PROTO_1_1_1    ((struct xspi_proto){ 1, 1, 1, false })
#define XSPI_PROTO_1_1_2    ((struct xspi_proto){ 1, 1, 2, false })
#define XSPI_PROTO_1_2_2    ((struct xspi_proto){ 1, 2, 2, false })
#define XSPI_PROTO_1_1_4    ((struct xspi_proto){ 1, 1, 4, false })
#define XSPI_PROTO_1_4_4    ((struct xspi_proto){ 1, 4, 4, false })
#define XSPI_PROTO_2_2_2    ((struct xspi_proto){ 2, 2, 2, false })
#define XSPI_PROTO_4_4_4    ((struct xspi_proto){ 4, 4, 4, false })
#define XSPI_PROTO_8_8_8    ((struct xspi_proto){ 8, 8, 8, false })
#define XSPI_PROTO_8D_8D_8D ((struct xspi_proto){ 8, 8, 8, true })

#endif /* XSPI_OP_H */
