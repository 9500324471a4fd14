// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi hyperram: a HyperRAM on an OCTOSPI (H735G-DK: S70KL1281 on
 * OCTOSPI2, window 0x70000000) made memory-mapped for read and write, with
 * the HyperBus latency taken from the part's own CR0, so that GDB loads
 * code and data there and the core runs them.
 *
 * Facts (docs/facts/hyperram.md): HyperBus register space through
 * DCR1.MTYP = 101 (memory space 100); register byte addresses ID0 0x0000,
 * ID1 0x0002, CR0 0x1000; CR0 IL[7:4] (0000 = 5, 0001 = 6, 1110 = 3,
 * 1111 = 4 clocks), FLE[3] fixed latency (always 2 x IL), reserved bits
 * [11:8] read as ones; ID0 row bits [12:8] and column bits [7:4] as count
 * - 1 (Cypress 001-97964). CA word: 8 lines, DTR, 32-bit address; data
 * 8 lines DTR, RWDS as read strobe (DQSE) and write mask (RM0468
 * "HyperBus protocol"; ST's known-good CCR = WCCR = 0x2C003C00).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <flash/nor/imp.h>
#include <helper/command.h>
#include <helper/log.h>
#include <target/target.h>

#include "stm32/octospi_regs.h"
#include "xspi_ctrl.h"
#include "xspi_nor.h"
#include "xspi_target_io.h"
#include "stm32xspi_ospim.h"

#define HRAM_REG_ID0          0x0000U
#define HRAM_REG_ID1          0x0002U
#define HRAM_REG_CR0          0x1000U
#define HRAM_CR0_RESERVED     0x0F00U /* read as ones */
#define HRAM_PRESCALER        3U      /* kernel clock / 4, as the NOR probe */
#define HRAM_CS_HIGH          4U      /* cycles; ST's DK set-up (hyperram.md) */
/* DCR4.REFRESH: nCS low at most tCSM = 4 us (S27KL0641); cycles assuming
 * a 200 MHz kernel clock (the vboard's and ST's DK set-up) */
#define HRAM_TCSM_CYCLES_200M 800U
#define HRAM_PROBE_DEVSIZE    (1ULL << 32)

static const uint32_t ospi_windows[] = { 0, 0x90000000U, 0x70000000U };

struct hram {
	struct xspi_target_ctrl c;
	unsigned int instance;
	uint32_t prescaler;
};

static int hram_setup(struct hram *h, enum xspi_mem_type mtyp, uint64_t devsize, uint8_t csbound)
{
	const struct xspi_ctrl_setup su = {
		.prescaler = h->prescaler,
		.devsize = devsize,
		.cs_high = HRAM_CS_HIGH,
		.fifo_threshold = 4,
		.mtyp = mtyp,
		.cs_boundary = csbound,
		.refresh = HRAM_TCSM_CYCLES_200M / (h->prescaler + 1U),
	};

	return xspi_target_setup(&h->c, &su);
}

/* A HyperBus access as an op: no instruction, 4-byte CA address, data */
static struct xspi_op hbus_op(uint32_t addr, enum xspi_data_dir dir, uint32_t nbytes)
{
	struct xspi_op op = xspi_op_read(0, 4, addr, 0, nbytes);

	op.cmd.lines = XSPI_LINES_NONE;
	op.cmd.nbytes = 0;
	op.data.dir = dir;
	xspi_op_apply_proto(&op, XSPI_PROTO_8D_8D_8D);
	op.cmd.lines = XSPI_LINES_NONE; /* apply_proto gives every present phase lines */
	op.cmd.nbytes = 0;
	return op;
}

static int hlcr_write(struct hram *h, uint8_t tacc, bool fixed)
{
	const struct xspi_hbus_timing t = { .tacc = tacc, .trwr = tacc, .fixed = fixed };
	struct xspi_reg_write w;
	int err = xspi_ctrl_encode_hlcr(h->c.v, &t, &w);

	if (err) {
		LOG_ERROR("stm32xspi hyperram: %s", xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	return xspi_target_reg_write(&h->c, &w);
}

static int reg_read(struct hram *h, uint32_t addr, uint16_t *val)
{
	const struct xspi_ctrl_cfg cfg = { .dqs_read = true };
	struct xspi_op op = hbus_op(addr, XSPI_DATA_IN, 2);
	struct xspi_reg_seq seq;
	uint8_t b[2] = { 0xFF, 0xFF };
	int err = xspi_ctrl_encode(h->c.v, XSPI_MODE_INDIRECT_READ, &op, &cfg, &seq);
	int ret;

	if (err) {
		LOG_ERROR("stm32xspi hyperram: register read not encodable: %s",
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	ret = xspi_target_run_seq(&h->c, &seq, b, NULL);
	*val = (uint16_t)(b[0] | b[1] << 8);
	return ret;
}

static unsigned int il_clocks(uint16_t cr0)
{
	static const uint8_t il[16] = { 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4 };

	return il[(cr0 >> 4) & 0xFU];
}

/*
 * CR0 through the register space. The latency must be right to read it:
 * try the power-on setting first (IL 6, fixed), then the others. A read
 * is believed when CR0's reserved bits read as ones and IL is valid.
 */
static int find_cr0(struct hram *h, uint16_t *cr0, unsigned int *tacc, bool *fixed)
{
	static const uint8_t taccs[] = { 6, 5, 7, 4, 3 };
	int ret;

	for (int f = 1; f >= 0; f--) {
		for (size_t i = 0; i < ARRAY_SIZE(taccs); i++) {
			ret = hlcr_write(h, taccs[i], f);
			if (ret == ERROR_OK)
				ret = reg_read(h, HRAM_REG_CR0, cr0);
			if (ret != ERROR_OK)
				return ret;
			if ((*cr0 & HRAM_CR0_RESERVED) == HRAM_CR0_RESERVED && il_clocks(*cr0) &&
			    il_clocks(*cr0) == taccs[i] && ((*cr0 >> 3) & 1U) == (unsigned int)f) {
				*tacc = taccs[i];
				*fixed = f;
				return ERROR_OK;
			}
		}
	}
	LOG_ERROR("stm32xspi hyperram: no HyperRAM answers on OCTOSPI%u (CR0 reads 0x%04x at "
	          "every latency tried): check the OCTOSPI pins, its clock (RCC) and the "
	          "memory's supply",
	          h->instance, *cr0);
	return ERROR_FAIL;
}

__COMMAND_HANDLER(stm32xspi_handle_hyperram)
{
	struct target *target = get_current_target(CMD_CTX);
	struct hram h = { .c = { target, 0, xspi_ctrl_find("stm32h7-octospi") },
		          .prescaler = HRAM_PRESCALER };
	uint16_t id0 = 0, id1 = 0, id0_die1 = 0, cr0 = 0;
	unsigned int tacc = 0, rows, cols, dies = 1;
	bool fixed = false;
	uint64_t die_bytes, size;
	struct xspi_reg_seq mm;
	int ret;

	if (CMD_ARGC != 1 && CMD_ARGC != 3)
		return ERROR_COMMAND_SYNTAX_ERROR;
	COMMAND_PARSE_NUMBER(u32, CMD_ARGV[0], h.c.base);
	if (CMD_ARGC == 3) {
		if (strcmp(CMD_ARGV[1], "prescaler"))
			return ERROR_COMMAND_SYNTAX_ERROR;
		COMMAND_PARSE_NUMBER(u32, CMD_ARGV[2], h.prescaler);
	}
	h.instance = stm32xspi_ospi_instance(h.c.base);
	if (!h.instance) {
		command_print(CMD,
		              "0x%08" PRIx32 " is not an OCTOSPI of the STM32H7 (OCTOSPI1 "
		              "0x52005000, OCTOSPI2 0x5200A000)",
		              h.c.base);
		return ERROR_COMMAND_ARGUMENT_INVALID;
	}
	/* already memory-mapped as a HyperRAM: the user's code and data may
	 * live there; leave it exactly as it is */
	uint32_t cr = 0, dcr1 = 0, hlcr = 0;

	ret = target_read_u32(target, h.c.base + OCTOSPI_CR, &cr);
	if (ret == ERROR_OK)
		ret = target_read_u32(target, h.c.base + OCTOSPI_DCR1, &dcr1);
	if (ret == ERROR_OK)
		ret = target_read_u32(target, h.c.base + OCTOSPI_HLCR, &hlcr);
	if (ret != ERROR_OK) {
		command_print(CMD,
		              "cannot read OCTOSPI%u at 0x%08" PRIx32 ": is its clock on "
		              "(RCC_AHB3ENR OSPI%uEN)?",
		              h.instance, h.c.base, h.instance);
		return ret;
	}
	uint32_t probe_word;

	if ((cr & OCTOSPI_CR_EN) &&
	    xspi_field_get((struct xspi_field){ OCTOSPI_CR_FMODE_SHIFT, OCTOSPI_CR_FMODE_WIDTH },
	                   cr) == OCTOSPI_CR_FMODE_MEMORY_MAPPED &&
	    xspi_field_get((struct xspi_field){ OCTOSPI_DCR1_MTYP_SHIFT, OCTOSPI_DCR1_MTYP_WIDTH },
	                   dcr1) == XSPI_MTYP_HYPERBUS_MEM &&
	    target_read_u32(target, ospi_windows[h.instance], &probe_word) == ERROR_OK) {
		command_print(CMD,
		              "stm32xspi hyperram: OCTOSPI%u is already memory-mapped as a "
		              "HyperRAM (HLCR 0x%08" PRIx32 "): left as it is",
		              h.instance, hlcr);
		return ERROR_OK;
	}
	if (cr & OCTOSPI_CR_EN)
		LOG_INFO(
		        "stm32xspi hyperram: OCTOSPI%u (CR 0x%08" PRIx32 ") does not serve its "
		        "window as a HyperRAM (not memory-mapped, or broken by a reconfiguration): "
		        "setting it up",
		        h.instance, cr);
	ret = stm32xspi_ospim_route(target, h.instance, h.instance, true, "hyperram");
	if (ret == ERROR_OK && (cr & OCTOSPI_CR_EN))
		ret = xspi_target_park(&h.c);
	if (ret == ERROR_OK)
		ret = hram_setup(&h, XSPI_MTYP_HYPERBUS_REG, HRAM_PROBE_DEVSIZE, 0);
	if (ret == ERROR_OK)
		ret = find_cr0(&h, &cr0, &tacc, &fixed);
	if (ret == ERROR_OK)
		ret = reg_read(&h, HRAM_REG_ID0, &id0);
	if (ret == ERROR_OK)
		ret = reg_read(&h, HRAM_REG_ID1, &id1);
	if (ret != ERROR_OK)
		return ret;
	/* ID0: row address bits [12:8] + 1, column bits [7:4] + 1; 16-bit words */
	rows = ((id0 >> 8) & 0x1FU) + 1U;
	cols = ((id0 >> 4) & 0xFU) + 1U;
	die_bytes = 2ULL << (rows + cols);
	if (rows + cols > 28) {
		command_print(CMD, "HyperRAM ID0 0x%04x gives an impossible size; not mapped", id0);
		return ERROR_FAIL;
	}
	/* a second die answers at the first die's size with die address 1 */
	ret = reg_read(&h, (uint32_t)die_bytes + HRAM_REG_ID0, &id0_die1);
	if (ret != ERROR_OK)
		return ret;
	if (((id0_die1 >> 14) & 3U) == 1U)
		dies = 2;
	size = die_bytes * dies;
	/* memory space, nCS released at every die boundary, mapped read/write */
	const struct xspi_ctrl_cfg cfg = { .dqs_read = true, .dqs_write = true };
	struct xspi_op rd = hbus_op(0, XSPI_DATA_IN, 0), wr = hbus_op(0, XSPI_DATA_OUT, 0);
	int err = xspi_ctrl_encode_mm(h.c.v, &rd, &wr, &cfg, 0, &mm);
	uint8_t csbound = 0;

	while ((1ULL << csbound) < die_bytes)
		csbound++;
	if (err) {
		LOG_ERROR("stm32xspi hyperram: memory-mapped mode not encodable: %s",
		          xspi_ctrl_strerror(err));
		return ERROR_FAIL;
	}
	ret = xspi_target_park(&h.c);
	if (ret == ERROR_OK)
		ret = hram_setup(&h, XSPI_MTYP_HYPERBUS_MEM, size, csbound);
	if (ret == ERROR_OK)
		ret = hlcr_write(&h, (uint8_t)tacc, fixed);
	if (ret == ERROR_OK)
		ret = xspi_target_run_seq(&h.c, &mm, NULL, NULL);
	if (ret != ERROR_OK)
		return ret;
	LOG_INFO("stm32xspi hyperram: OCTOSPI%u: ID0 0x%04x ID1 0x%04x, %u die%s of %" PRIu64
	         " KiB = %" PRIu64 " KiB; CR0 0x%04x: initial latency %u clocks, %s; "
	         "memory-mapped read/write at 0x%08" PRIx32 " (prescaler %" PRIu32 ")",
	         h.instance, id0, id1, dies, dies > 1 ? "s" : "", die_bytes / 1024, size / 1024,
	         cr0, tacc, fixed ? "fixed (2 x)" : "variable", ospi_windows[h.instance],
	         h.prescaler);
	return ERROR_OK;
}
