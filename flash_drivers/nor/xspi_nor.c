// SPDX-License-Identifier: GPL-2.0-or-later
/* SPI-NOR protocol core; see xspi_nor.h. */

#include "xspi_nor.h"

struct xspi_op xspi_op_cmd(uint8_t opcode)
{
	struct xspi_op op = {
		.cmd = { .nbytes = 1, .lines = XSPI_LINES_1, .opcode = opcode },
	};
	return op;
}

struct xspi_op xspi_op_read_reg(uint8_t opcode, uint32_t nbytes)
{
	struct xspi_op op = xspi_op_cmd(opcode);

	op.data.dir = XSPI_DATA_IN;
	op.data.lines = XSPI_LINES_1;
	op.data.nbytes = nbytes;
	return op;
}

struct xspi_op xspi_op_write_reg(uint8_t opcode, uint32_t nbytes)
{
	struct xspi_op op = xspi_op_read_reg(opcode, nbytes);

	op.data.dir = XSPI_DATA_OUT;
	return op;
}

static void xspi_op_set_addr(struct xspi_op *op, uint8_t addr_bytes, uint32_t addr)
{
	op->addr.nbytes = addr_bytes;
	op->addr.lines = XSPI_LINES_1;
	op->addr.val = addr;
}

struct xspi_op xspi_op_read(uint8_t opcode, uint8_t addr_bytes, uint32_t addr, uint8_t dummy_clocks,
                            uint32_t nbytes)
{
	struct xspi_op op = xspi_op_read_reg(opcode, nbytes);

	xspi_op_set_addr(&op, addr_bytes, addr);
	op.dummy.ncycles = dummy_clocks;
	return op;
}

struct xspi_op xspi_op_read_sfdp(uint32_t addr, uint32_t nbytes)
{
	return xspi_op_read(XSPI_OP_RDSFDP, 3, addr, XSPI_SFDP_DUMMY_CLOCKS, nbytes);
}

struct xspi_op xspi_op_page_program(uint8_t opcode, uint8_t addr_bytes, uint32_t addr,
                                    uint32_t nbytes)
{
	struct xspi_op op = xspi_op_write_reg(opcode, nbytes);

	xspi_op_set_addr(&op, addr_bytes, addr);
	return op;
}

struct xspi_op xspi_op_erase(uint8_t opcode, uint8_t addr_bytes, uint32_t addr)
{
	struct xspi_op op = xspi_op_cmd(opcode);

	xspi_op_set_addr(&op, addr_bytes, addr);
	return op;
}

void xspi_op_apply_proto(struct xspi_op *op, struct xspi_proto proto)
{
	op->cmd.lines = proto.cmd_lines;
	op->cmd.dtr = proto.dtr;
	if (proto.cmd_lines == XSPI_LINES_8 && op->cmd.nbytes == 1) {
		uint8_t opcode = op->cmd.opcode & 0xFFu;

		op->cmd.nbytes = 2;
		op->cmd.opcode = (uint16_t)(opcode << 8 | (uint8_t)~opcode);
	}
	if (op->addr.nbytes) {
		op->addr.lines = proto.addr_lines;
		op->addr.dtr = proto.dtr;
	}
	if (op->alt.nbytes) {
		op->alt.lines = proto.addr_lines;
		op->alt.dtr = proto.dtr;
	}
	if (op->data.dir != XSPI_DATA_NONE) {
		op->data.lines = proto.data_lines;
		op->data.dtr = proto.dtr;
	}
}

static int xspi_is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* Smallest usable erase size, or 0 when there is none. */
static uint32_t xspi_erase_min_size(const struct xspi_erase_type *types, size_t ntypes)
{
	uint32_t min = 0;

	for (size_t i = 0; i < ntypes; i++) {
		if (!xspi_is_pow2(types[i].size))
			continue;
		if (!min || types[i].size < min)
			min = types[i].size;
	}
	return min;
}

/* Largest erase type that starts at addr (aligned) and ends by end. */
static const struct xspi_erase_type *xspi_erase_pick(const struct xspi_erase_type *types,
                                                     size_t ntypes, uint32_t addr, uint32_t end)
{
	const struct xspi_erase_type *best = NULL;

	for (size_t i = 0; i < ntypes; i++) {
		uint32_t size = types[i].size;

		if (!xspi_is_pow2(size) || (addr & (size - 1)) || size > end - addr)
			continue;
		if (!best || size > best->size)
			best = &types[i];
	}
	return best;
}

int xspi_erase_plan(const struct xspi_erase_type *types, size_t ntypes, uint32_t start,
                    uint32_t end, struct xspi_erase_step *steps, size_t max_steps, size_t *nsteps)
{
	uint32_t min = xspi_erase_min_size(types, ntypes);
	size_t n = 0;

	*nsteps = 0;
	if (!min)
		return XSPI_NOR_E_NO_ERASE_TYPE;
	if (start >= end)
		return XSPI_NOR_E_EMPTY;
	if ((start | end) & (min - 1))
		return XSPI_NOR_E_UNALIGNED;

	for (uint32_t addr = start; addr < end; n++) {
		/* min divides both ends, so a pick always exists */
		const struct xspi_erase_type *t = xspi_erase_pick(types, ntypes, addr, end);

		if (steps) {
			if (n >= max_steps)
				return XSPI_NOR_E_TOO_MANY_STEPS;
			steps[n].addr = addr;
			steps[n].size = t->size;
			steps[n].opcode = t->opcode;
		}
		addr += t->size;
	}
	*nsteps = n;
	return XSPI_NOR_OK;
}

const char *xspi_nor_strerror(int err)
{
	switch (err) {
	case XSPI_NOR_OK:
		return "no error";
	case XSPI_NOR_E_NO_ERASE_TYPE:
		return "the part has no usable erase instruction";
	case XSPI_NOR_E_UNALIGNED:
		return "range does not start and end on an erase-sector boundary";
	case XSPI_NOR_E_TOO_MANY_STEPS:
		return "erase plan longer than the space given for it";
	case XSPI_NOR_E_EMPTY:
		return "empty range";
	}
	return "unknown error";
}
