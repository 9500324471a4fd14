// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stm32xspi sub-commands (layer 3): `stm32xspi unlock | mmap | cmd | sfdp |
 * skip_unchanged`. Each one that touches the chip probes the bank first and
 * leaves the controller in memory-mapped mode again, also on errors (except
 * `mmap off`, whose purpose is to leave it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include <flash/nor/imp.h>
#include <helper/command.h>
#include <helper/log.h>

#include "stm32xspi.h"
#include "stm32xspi_ospim.h"
#include "stm32xspi_prot.h"
#include "stm32xspi_prot_int.h"
#include "xspi_nor.h"

/* One indirect transfer: the controller's FIFO */
#define CMD_MAX_DATA  32u
/* Where SFDP parameter tables may lie (JESD216 allows 24-bit pointers;
 * real parts keep them in the first few hundred bytes) */
#define SFDP_DUMP_MAX 0x10000u
#define SFDP_HEADER   8u
#define SFDP_PH_SIZE  8u
#define HEX_PER_LINE  16u

/* The bank named by CMD_ARGV[0], which must be an stm32xspi bank;
 * probe: auto-probe it */
static COMMAND_HELPER(stm32xspi_get_bank, struct flash_bank **out, bool probe)
{
	struct flash_bank *bank;
	int ret;

	if (probe) {
		ret = CALL_COMMAND_HANDLER(flash_command_get_bank, 0, &bank);
		if (ret != ERROR_OK)
			return ret;
	} else {
		unsigned int num;

		bank = get_flash_bank_by_name_noprobe(CMD_ARGV[0]);
		if (!bank) {
			COMMAND_PARSE_NUMBER(uint, CMD_ARGV[0], num);
			bank = get_flash_bank_by_num_noprobe(num);
		}
		if (!bank) {
			command_print(CMD, "stm32xspi: no flash bank '%s'", CMD_ARGV[0]);
			return ERROR_FAIL;
		}
	}
	if (strcmp(bank->driver->name, "stm32xspi")) {
		command_print(CMD, "stm32xspi: bank '%s' uses the '%s' driver, not stm32xspi",
		              bank->name, bank->driver->name);
		return ERROR_FAIL;
	}
	if (probe) {
		ret = bank->driver->auto_probe(bank);
		if (ret != ERROR_OK)
			return ret;
	}
	*out = bank;
	return ERROR_OK;
}

COMMAND_HANDLER(stm32xspi_handle_unlock)
{
	struct flash_bank *bank;
	int ret;

	if (CMD_ARGC != 1)
		return ERROR_COMMAND_SYNTAX_ERROR;
	ret = CALL_COMMAND_HANDLER(stm32xspi_get_bank, &bank, true);
	if (ret != ERROR_OK)
		return ret;
	return stm32xspi_prot_unlock(bank, CMD);
}

COMMAND_HANDLER(stm32xspi_handle_mmap)
{
	struct flash_bank *bank;
	struct stm32xspi_bank *priv;
	bool on;
	int ret;

	if (CMD_ARGC != 2)
		return ERROR_COMMAND_SYNTAX_ERROR;
	COMMAND_PARSE_ON_OFF(CMD_ARGV[1], on);
	ret = CALL_COMMAND_HANDLER(stm32xspi_get_bank, &bank, true);
	if (ret != ERROR_OK)
		return ret;
	priv = bank->driver_priv;
	ret = on ? stm32xspi_ensure_mm(bank) : stm32xspi_cmd_mode(bank);
	if (ret != ERROR_OK)
		return ret;
	if (on)
		command_print(CMD,
		              "bank '%s': memory-mapped mode on: reads at " TARGET_ADDR_FMT
		              " go to the flash (0x%02x %s)",
		              bank->name, bank->base, priv->mm_read.cmd.opcode, priv->mm_proto);
	else
		command_print(CMD,
		              "bank '%s': memory-mapped mode off: the controller takes indirect "
		              "commands, reads at " TARGET_ADDR_FMT
		              " fault; 'stm32xspi mmap %u on' "
		              "or any flash operation turns it on again",
		              bank->name, bank->base, bank->bank_number);
	return ERROR_OK;
}

/* What `stm32xspi cmd` was asked to do */
struct raw_cmd {
	bool wren;
	struct xspi_op op;
	uint8_t data[CMD_MAX_DATA];
};

/* `[-wren] opcode [addr a [3|4]] [dummy n] [read n | write b...]`, from
 * CMD_ARGV[1] on */
static COMMAND_HELPER(stm32xspi_parse_cmd, const struct stm32xspi_bank *priv, struct raw_cmd *rc)
{
	unsigned int i = 1, n;
	uint8_t opcode;

	memset(rc, 0, sizeof(*rc));
	if (i < CMD_ARGC && !strcmp(CMD_ARGV[i], "-wren")) {
		rc->wren = true;
		i++;
	}
	if (i >= CMD_ARGC)
		return ERROR_COMMAND_SYNTAX_ERROR;
	COMMAND_PARSE_NUMBER(u8, CMD_ARGV[i], opcode);
	i++;
	rc->op = xspi_op_cmd(opcode);
	while (i < CMD_ARGC) {
		const char *w = CMD_ARGV[i++];

		if (!strcmp(w, "addr") && i < CMD_ARGC) {
			uint32_t a;

			COMMAND_PARSE_NUMBER(u32, CMD_ARGV[i], a);
			i++;
			rc->op.addr.nbytes = 3;
			if (i < CMD_ARGC &&
			    (!strcmp(CMD_ARGV[i], "3") || !strcmp(CMD_ARGV[i], "4")))
				rc->op.addr.nbytes = (uint8_t)(CMD_ARGV[i++][0] - '0');
			if (rc->op.addr.nbytes == 3 && a > 0xffffffu) {
				command_print(CMD, "address 0x%08" PRIx32 " needs 4 address bytes",
				              a);
				return ERROR_COMMAND_ARGUMENT_INVALID;
			}
			rc->op.addr.lines = XSPI_LINES_1;
			/* each chip of a dual-flash pair gets the address / 2 */
			rc->op.addr.val = priv->dual ? a * 2 : a;
		} else if (!strcmp(w, "dummy") && i < CMD_ARGC) {
			COMMAND_PARSE_NUMBER(u8, CMD_ARGV[i], rc->op.dummy.ncycles);
			i++;
			if (rc->op.dummy.ncycles > 31) {
				command_print(CMD, "at most 31 dummy clocks");
				return ERROR_COMMAND_ARGUMENT_INVALID;
			}
		} else if (!strcmp(w, "read") && i + 1 == CMD_ARGC) {
			COMMAND_PARSE_NUMBER(uint, CMD_ARGV[i], n);
			i++;
			if (!n || n > CMD_MAX_DATA) {
				command_print(CMD, "read 1 to %u bytes", CMD_MAX_DATA);
				return ERROR_COMMAND_ARGUMENT_INVALID;
			}
			rc->op.data.dir = XSPI_DATA_IN;
			rc->op.data.lines = XSPI_LINES_1;
			rc->op.data.nbytes = n;
		} else if (!strcmp(w, "write") && i < CMD_ARGC) {
			for (n = 0; i < CMD_ARGC; n++, i++) {
				if (n == CMD_MAX_DATA) {
					command_print(CMD, "write 1 to %u bytes", CMD_MAX_DATA);
					return ERROR_COMMAND_ARGUMENT_INVALID;
				}
				COMMAND_PARSE_NUMBER(u8, CMD_ARGV[i], rc->data[n]);
			}
			rc->op.data.dir = XSPI_DATA_OUT;
			rc->op.data.lines = XSPI_LINES_1;
			rc->op.data.nbytes = n;
		} else {
			command_print(CMD, "unexpected '%s'", w);
			return ERROR_COMMAND_SYNTAX_ERROR;
		}
	}
	if (priv->dual && (rc->op.data.nbytes & 1)) {
		command_print(CMD, "dual flash: data bytes alternate chip 1, chip 2; give an even "
		                   "count");
		return ERROR_COMMAND_ARGUMENT_INVALID;
	}
	return ERROR_OK;
}

static void hex_bytes(char *buf, size_t size, const uint8_t *b, unsigned int n, unsigned int stride)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && len + 4 < size; i += stride)
		len += (size_t)snprintf(buf + len, size - len, "%s%02x", len ? " " : "", b[i]);
}

static void print_cmd_result(struct command_invocation *cmd, const struct stm32xspi_bank *priv,
                             const struct raw_cmd *rc, const uint8_t *in)
{
	unsigned int n = rc->op.data.nbytes;
	char hex[4 * CMD_MAX_DATA];

	if (rc->op.data.dir != XSPI_DATA_IN) {
		command_print(cmd, "sent %02xh%s%s", rc->op.cmd.opcode,
		              rc->op.data.dir == XSPI_DATA_OUT ? " with data" : "",
		              rc->wren ? " after WREN (06h)" : "");
		return;
	}
	hex_bytes(hex, sizeof(hex), in, n, 1);
	if (!priv->dual) {
		command_print(cmd, "%02xh read: %s", rc->op.cmd.opcode, hex);
		return;
	}
	command_print(cmd, "%02xh read (dual flash, bytes alternate chip 1, chip 2): %s",
	              rc->op.cmd.opcode, hex);
	hex_bytes(hex, sizeof(hex), in, n, 2);
	command_print(cmd, "chip 1: %s", hex);
	hex_bytes(hex, sizeof(hex), in + 1, n - 1, 2);
	command_print(cmd, "chip 2: %s", hex);
}

COMMAND_HANDLER(stm32xspi_handle_cmd)
{
	struct flash_bank *bank;
	struct stm32xspi_bank *priv;
	struct raw_cmd rc;
	uint8_t in[CMD_MAX_DATA] = { 0 };
	int ret;

	if (CMD_ARGC < 2)
		return ERROR_COMMAND_SYNTAX_ERROR;
	ret = CALL_COMMAND_HANDLER(stm32xspi_get_bank, &bank, true);
	if (ret != ERROR_OK)
		return ret;
	priv = bank->driver_priv;
	ret = CALL_COMMAND_HANDLER(stm32xspi_parse_cmd, priv, &rc);
	if (ret != ERROR_OK)
		return ret;
	ret = stm32xspi_cmd_mode(bank);
	if (ret == ERROR_OK && rc.wren) {
		struct xspi_op wren = xspi_op_cmd(XSPI_OP_WREN);

		ret = stm32xspi_exec(bank, &wren, NULL, NULL);
	}
	if (ret == ERROR_OK)
		ret = stm32xspi_exec(bank, &rc.op, rc.op.data.dir == XSPI_DATA_IN ? in : NULL,
		                     rc.op.data.dir == XSPI_DATA_OUT ? rc.data : NULL);
	if (ret != ERROR_OK)
		LOG_ERROR("stm32xspi: bank '%s': command %02xh failed", bank->name,
		          rc.op.cmd.opcode);
	if (stm32xspi_ensure_mm(bank) != ERROR_OK && ret == ERROR_OK)
		ret = ERROR_FAIL;
	if (ret == ERROR_OK)
		print_cmd_result(CMD, priv, &rc, in);
	return ret;
}

/* ---- SFDP dump ---------------------------------------------------------- */

struct sfdp_image {
	uint8_t *b[2]; /* per chip */
	uint32_t size;
};

/* [addr, addr + len) of every chip into img, in pieces of one FIFO */
static int sfdp_read(struct flash_bank *bank, unsigned int nchips, struct sfdp_image *img,
                     uint32_t addr, uint32_t len)
{
	uint32_t step = CMD_MAX_DATA / nchips;

	for (uint32_t off = 0; off < len; off += step) {
		uint32_t k = len - off < step ? len - off : step;
		struct xspi_op op = xspi_op_read_sfdp((addr + off) * nchips, k * nchips);
		uint8_t buf[CMD_MAX_DATA];
		int ret = stm32xspi_exec(bank, &op, buf, NULL);

		if (ret != ERROR_OK) {
			LOG_ERROR("stm32xspi: bank '%s': SFDP read (5Ah) at 0x%06" PRIx32 " failed",
			          bank->name, addr + off);
			return ret;
		}
		for (uint32_t j = 0; j < k; j++)
			for (unsigned int c = 0; c < nchips; c++)
				img->b[c][addr + off + j] = buf[j * nchips + c];
	}
	return ERROR_OK;
}

static unsigned int sfdp_nph(const uint8_t *b)
{
	return b[6] + 1u;
}

static const uint8_t *sfdp_ph(const uint8_t *b, unsigned int i)
{
	return b + SFDP_HEADER + SFDP_PH_SIZE * i;
}

static uint32_t ph_ptr(const uint8_t *ph)
{
	return ph[4] | (uint32_t)ph[5] << 8 | (uint32_t)ph[6] << 16;
}

static uint32_t ph_len(const uint8_t *ph)
{
	return ph[3] * 4u;
}

static bool sfdp_signed(const uint8_t *b)
{
	return !memcmp(b, "SFDP", 4);
}

static void print_hex_lines(struct command_invocation *cmd, const uint8_t *img, uint32_t start,
                            uint32_t len)
{
	char hex[4 * HEX_PER_LINE];

	for (uint32_t o = 0; o < len; o += HEX_PER_LINE) {
		uint32_t k = len - o < HEX_PER_LINE ? len - o : HEX_PER_LINE;

		hex_bytes(hex, sizeof(hex), img + start + o, k, 1);
		command_print(cmd, "0x%04" PRIx32 ": %s", start + o, hex);
	}
}

static void print_sfdp(struct command_invocation *cmd, const uint8_t *b, unsigned int chip)
{
	unsigned int nph = sfdp_nph(b);

	command_print(cmd, "chip %u: SFDP revision %u.%u, %u parameter header%s", chip, b[5], b[4],
	              nph, nph > 1 ? "s" : "");
	print_hex_lines(cmd, b, 0, SFDP_HEADER + SFDP_PH_SIZE * nph);
	for (unsigned int i = 0; i < nph; i++) {
		const uint8_t *ph = sfdp_ph(b, i);

		command_print(cmd,
		              "parameter table %u: ID 0x%02x%02x, revision %u.%u, %u DWORDs at "
		              "0x%06" PRIx32 "%s",
		              i, ph[7], ph[0], ph[2], ph[1], ph[3], ph_ptr(ph),
		              ph[7] == 0xff && ph[0] == 0x00 ? " (basic flash parameter table)"
		                                             : "");
		print_hex_lines(cmd, b, ph_ptr(ph), ph_len(ph));
	}
}

/* Headers, then every table of every chip, into img (allocated here) */
static int sfdp_fetch(struct flash_bank *bank, unsigned int nchips, struct sfdp_image *img)
{
	uint32_t end = SFDP_HEADER;
	unsigned int nph = 0;
	int ret;

	for (unsigned int c = 0; c < nchips; c++) {
		img->b[c] = calloc(1, SFDP_DUMP_MAX);
		if (!img->b[c])
			return ERROR_FAIL;
	}
	ret = sfdp_read(bank, nchips, img, 0, SFDP_HEADER);
	for (unsigned int c = 0; c < nchips && ret == ERROR_OK; c++) {
		if (!sfdp_signed(img->b[c])) {
			char hex[4 * SFDP_HEADER];

			hex_bytes(hex, sizeof(hex), img->b[c], SFDP_HEADER, 1);
			LOG_ERROR("stm32xspi: bank '%s': chip %u has no SFDP signature: 0x0000: %s",
			          bank->name, c + 1, hex);
			return ERROR_FAIL;
		}
		nph = nph > sfdp_nph(img->b[c]) ? nph : sfdp_nph(img->b[c]);
	}
	if (ret == ERROR_OK)
		ret = sfdp_read(bank, nchips, img, SFDP_HEADER, SFDP_PH_SIZE * nph);
	for (unsigned int c = 0; c < nchips && ret == ERROR_OK; c++) {
		for (unsigned int i = 0; i < sfdp_nph(img->b[c]) && ret == ERROR_OK; i++) {
			const uint8_t *ph = sfdp_ph(img->b[c], i);

			if (ph_ptr(ph) + ph_len(ph) > SFDP_DUMP_MAX) {
				LOG_ERROR(
				        "stm32xspi: bank '%s': chip %u: SFDP parameter table %u at "
				        "0x%06" PRIx32 " lies beyond 0x%x: not dumped",
				        bank->name, c + 1, i, ph_ptr(ph), SFDP_DUMP_MAX);
				return ERROR_FAIL;
			}
			ret = sfdp_read(bank, nchips, img, ph_ptr(ph), ph_len(ph));
			end = ph_ptr(ph) + ph_len(ph) > end ? ph_ptr(ph) + ph_len(ph) : end;
		}
	}
	img->size = end;
	return ret;
}

COMMAND_HANDLER(stm32xspi_handle_sfdp)
{
	struct flash_bank *bank;
	struct stm32xspi_bank *priv;
	struct sfdp_image img = { { NULL, NULL }, 0 };
	unsigned int nchips;
	int ret;

	if (CMD_ARGC != 1)
		return ERROR_COMMAND_SYNTAX_ERROR;
	ret = CALL_COMMAND_HANDLER(stm32xspi_get_bank, &bank, true);
	if (ret != ERROR_OK)
		return ret;
	priv = bank->driver_priv;
	nchips = priv->dual ? 2 : 1;
	ret = stm32xspi_cmd_mode(bank);
	if (ret == ERROR_OK)
		ret = sfdp_fetch(bank, nchips, &img);
	if (stm32xspi_ensure_mm(bank) != ERROR_OK && ret == ERROR_OK)
		ret = ERROR_FAIL;
	if (ret == ERROR_OK) {
		print_sfdp(CMD, img.b[0], 1);
		if (nchips > 1 && !memcmp(img.b[0], img.b[1], SFDP_DUMP_MAX))
			command_print(CMD, "chip 2: identical to chip 1");
		else if (nchips > 1)
			print_sfdp(CMD, img.b[1], 2);
	}
	free(img.b[0]);
	free(img.b[1]);
	return ret;
}

/* A setting command: `NAME bank_id [value]`, the bank not probed */
static COMMAND_HELPER(stm32xspi_setting_bank, struct flash_bank **bank)
{
	if (CMD_ARGC < 1 || CMD_ARGC > 2)
		return ERROR_COMMAND_SYNTAX_ERROR;
	return CALL_COMMAND_HANDLER(stm32xspi_get_bank, bank, false);
}

COMMAND_HANDLER(stm32xspi_handle_skip_unchanged)
{
	struct flash_bank *bank;
	struct stm32xspi_bank *priv;
	int ret = CALL_COMMAND_HANDLER(stm32xspi_setting_bank, &bank);

	if (ret != ERROR_OK)
		return ret;
	priv = bank->driver_priv;
	if (CMD_ARGC == 2)
		COMMAND_PARSE_ON_OFF(CMD_ARGV[1], priv->skip_unchanged);
	command_print(CMD, "bank '%s': skip_unchanged %s", bank->name,
	              priv->skip_unchanged ? "on" : "off");
	return ERROR_OK;
}

COMMAND_HANDLER(stm32xspi_handle_octal)
{
	struct flash_bank *bank;
	struct stm32xspi_bank *priv;
	int ret = CALL_COMMAND_HANDLER(stm32xspi_setting_bank, &bank);

	if (ret != ERROR_OK)
		return ret;
	priv = bank->driver_priv;
	if (CMD_ARGC == 2) {
		if (!strcmp(CMD_ARGV[1], "str") || !strcmp(CMD_ARGV[1], "dtr")) {
			bool str = !strcmp(CMD_ARGV[1], "str");

			if (str != priv->octal_str)
				priv->probed = false; /* takes effect at the next probe */
			priv->octal_str = str;
		} else {
			command_print(CMD,
			              "octal mode '%s': use 'dtr' (8D-8D-8D, the default) or "
			              "'str' (8S-8S-8S)",
			              CMD_ARGV[1]);
			return ERROR_COMMAND_ARGUMENT_INVALID;
		}
	}
	command_print(CMD, "bank '%s': octal parts run in %s", bank->name,
	              priv->octal_str ? "str (8S-8S-8S)" : "dtr (8D-8D-8D)");
	return ERROR_OK;
}

const struct command_registration stm32xspi_command_handlers[] = {
	{
	        .name = "unlock",
	        .handler = stm32xspi_handle_unlock,
	        .mode = COMMAND_EXEC,
	        .usage = "bank_id",
	        .help = "Clear every block protection bit (BP, TB, SEC, CMP as the part "
	                "has them) of the chip(s), verify, and print what changed.",
	},
	{
	        .name = "mmap",
	        .handler = stm32xspi_handle_mmap,
	        .mode = COMMAND_EXEC,
	        .usage = "bank_id ('on'|'off')",
	        .help = "Enter (on) or leave (off) the controller's memory-mapped mode.",
	},
	{
	        .name = "cmd",
	        .handler = stm32xspi_handle_cmd,
	        .mode = COMMAND_EXEC,
	        .usage = "bank_id ['-wren'] opcode ['addr' address ['3'|'4']] ['dummy' clocks] "
	                 "['read' count | 'write' byte ...]",
	        .help = "Send one raw 1-1-1 command; with -wren, write enable (06h) first. "
	                "The address is the chip's (halved per chip by the controller in "
	                "dual-flash mode, so it is doubled here); read/write data of at most "
	                "32 bytes alternate chip 1, chip 2 in dual-flash mode.",
	},
	{
	        .name = "sfdp",
	        .handler = stm32xspi_handle_sfdp,
	        .mode = COMMAND_EXEC,
	        .usage = "bank_id",
	        .help = "Dump the chip's SFDP header, parameter headers and tables as hex.",
	},
	{
	        .name = "skip_unchanged",
	        .handler = stm32xspi_handle_skip_unchanged,
	        .mode = COMMAND_ANY,
	        .usage = "bank_id ['on'|'off']",
	        .help = "Skip erasing and programming sectors whose content already "
	                "matches (default on); without on/off, print the setting.",
	},
	{
	        .name = "octal",
	        .handler = stm32xspi_handle_octal,
	        .mode = COMMAND_ANY,
	        .usage = "bank_id ['dtr'|'str']",
	        .help = "How an octal flash (MX25LM51245G) on an OCTOSPI is run: 'dtr' "
	                "8D-8D-8D (default) or 'str' 8S-8S-8S; from the next probe on. "
	                "Without an argument, print the setting.",
	},
	{
	        .name = "hyperram",
	        .handler = stm32xspi_handle_hyperram,
	        .mode = COMMAND_EXEC,
	        .usage = "ctrl_base ['prescaler' n]",
	        .help = "Make the HyperRAM on an OCTOSPI (e.g. 0x5200A000) memory-mapped for "
	                "read and write, with the latency from its CR0; routes the OCTOSPIM "
	                "port only if needed and prints what it found.",
	},
	COMMAND_REGISTRATION_DONE
};
