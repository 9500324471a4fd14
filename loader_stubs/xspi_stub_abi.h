/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The calling convention of the on-target loader stub, shared by the stub
 * sources (loader_stubs/) and the host driver (flash_drivers/glue/).
 *
 * Loading: the blob (a committed .inc array) is copied to a RAM work area
 * at any word-aligned address; it is position independent.
 * Entry:   PC = blob + XSPI_STUB_ENTRY_OFFSET (Thumb), r0 = address of a
 *          struct xspi_stub_params in target RAM, SP = top of a stack of at
 *          least XSPI_STUB_STACK_BYTES, interrupts masked.
 * Exit:    the stub executes BKPT #0 at blob + XSPI_STUB_EXIT_OFFSET with
 *          r0 = status (also stored in params.status). Anything else (a
 *          fault, a BKPT elsewhere, the host's deadline) is a failed run.
 *
 * One stub serves every controller: the host encodes each register
 * sequence (struct xspi_stub_seq, from layer 2's struct xspi_reg_seq) and
 * says where the status, flag-clear, data, address and length registers
 * are; the stub never knows which controller it drives. It patches only
 * the address (the write to ar_off) and the length (dlr_off, len - 1).
 *
 * The stub has no clock: it waits for the flash as long as it takes. The
 * host owns every deadline (from the part's maximum times) and halts the
 * core and aborts the controller when one passes.
 *
 * Offsets are fixed by stub_entry.S, not by compiler layout; mkstub.sh
 * refuses to produce a blob where they do not hold.
 */
#ifndef XSPI_STUB_ABI_H
#define XSPI_STUB_ABI_H

#include <stdint.h>

#define XSPI_STUB_ABI_VERSION 3u
#define XSPI_STUB_MAGIC       0x58535031u /* "XSP1" */

#define XSPI_STUB_ENTRY_OFFSET 0u
#define XSPI_STUB_EXIT_OFFSET  4u
#define XSPI_STUB_STACK_BYTES  256u

/* What the stub is asked to do. */
enum xspi_stub_op {
	/* CRC-32 of [addr, addr + len) in memory -> result */
	XSPI_STUB_OP_CRC32 = 1,
	/* CRC-32 of every unit-sized piece of [addr, addr + len) -> out[] */
	XSPI_STUB_OP_CRC32_UNITS = 2,
	/* the erase list: for each entry WREN, erase, wait until ready */
	XSPI_STUB_OP_ERASE = 3,
	/*
	 * Program [addr, addr + len) from the slot ring, page by page (unit
	 * = page size), doing each erase-list entry just before the first
	 * page at or after its address and the rest at the end.
	 */
	XSPI_STUB_OP_PROGRAM = 4,
};

/* Status, in r0 and params.status. */
enum xspi_stub_status {
	XSPI_STUB_OK = 0,
	XSPI_STUB_E_MAGIC = 1,             /* params.magic / abi_version wrong */
	XSPI_STUB_E_UNSUPPORTED = 2,       /* op not built into this stub */
	XSPI_STUB_E_ARGS = 3,              /* a parameter out of range */
	XSPI_STUB_E_TRANSFER = 4,          /* SR.TEF: fail_addr says where */
	XSPI_STUB_E_FLASH = 5,             /* the flag status check failed */
	XSPI_STUB_E_RUNNING = 0xFFFFFFFFu, /* host's initial value: never finished */
};

/* Register sequences the host encodes, by index into params.seq[] */
enum xspi_stub_seq_id {
	XSPI_STUB_SEQ_WREN,      /* write enable */
	XSPI_STUB_SEQ_POLL,      /* auto-polling until the chip is ready */
	XSPI_STUB_SEQ_POLL_LONG, /* the same, polling less often: after erases */
	XSPI_STUB_SEQ_PROGRAM,   /* page program, data out */
	XSPI_STUB_SEQ_CHECK,     /* optional: auto-polling until no error flag */
	XSPI_STUB_SEQ_ERASE0,    /* erase types: an entry's type indexes */
	XSPI_STUB_SEQ_ERASE1,    /* from here */
	XSPI_STUB_SEQ_ERASE2,
	XSPI_STUB_SEQ_ERASE3,
	XSPI_STUB_SEQ_COUNT,
};

#define XSPI_STUB_SEQ_WRITES 12u

/* One register write: reg = (reg & ~mask) | value; mask ~0 = plain */
struct xspi_stub_write {
	uint32_t offset;
	uint32_t mask;
	uint32_t value;
};

struct xspi_stub_seq {
	uint32_t n;         /* writes used; 0 = the sequence is absent */
	uint32_t done_mask; /* SR bits that end it (TCF / SMF), 0 = none */
	struct xspi_stub_write w[XSPI_STUB_SEQ_WRITES];
};

/* An erase-list entry (at params.erase_list) */
struct xspi_stub_erase {
	uint32_t addr;
	uint32_t seq; /* XSPI_STUB_SEQ_ERASE0 + type */
};

/*
 * The parameter block, little-endian, every field a 32-bit word so the host
 * can write it with one buffer and read results back at fixed offsets.
 */
struct xspi_stub_params {
	uint32_t magic;       /* in: XSPI_STUB_MAGIC */
	uint32_t abi_version; /* in: XSPI_STUB_ABI_VERSION */
	uint32_t op;          /* in: enum xspi_stub_op */
	uint32_t status;      /* out: enum xspi_stub_status */
	uint32_t ctrl_base;   /* in: controller register base (flash ops) */
	uint32_t addr;        /* in: start address (memory or flash) */
	uint32_t len;         /* in: length in bytes */
	uint32_t result;      /* out: e.g. the CRC-32 */
	uint32_t progress;    /* out: bytes (CRC, program) or entries done */
	uint32_t fail_addr;   /* out: flash address of a failed transfer */
	/* the controller, offsets from ctrl_base and SR bits */
	uint32_t sr_off, fcr_off, dr_off, ar_off, dlr_off;
	uint32_t tef_mask;     /* SR.TEF */
	uint32_t busy_mask;    /* SR.BUSY: a sequence starts when it is 0 */
	uint32_t flevel_shift; /* SR.FLEVEL */
	uint32_t flevel_mask;  /* its width as a mask, after the shift */
	uint32_t fifo_bytes;
	uint32_t fcr_clear; /* FCR value clearing every flag */
	/* CRC32_UNITS */
	uint32_t unit;  /* bytes per unit; PROGRAM: the page size */
	uint32_t out;   /* address of the result words */
	uint32_t table; /* 1 KiB scratch for the CRC table, 0 = none */
	/* ERASE and PROGRAM */
	uint32_t erase_list; /* address of struct xspi_stub_erase[] */
	uint32_t erase_count;
	/* PROGRAM: chunk k (a page, the first and last maybe partial) is
	 * in slot k % slot_count; the host bumps produced after writing a
	 * chunk, the stub bumps consumed after programming one. */
	uint32_t slots, slot_count, slot_size;
	uint32_t produced, consumed;
	uint32_t skip_blank_pages; /* 1: all-0xFF pages are not programmed */
	/* the CHECK sequence reads check_len (1..4) bytes; any of
	 * check_mask set in them fails the erase / program */
	uint32_t check_len, check_mask;
	struct xspi_stub_seq seq[XSPI_STUB_SEQ_COUNT];
};

#define XSPI_STUB_PARAMS_WORDS (sizeof(struct xspi_stub_params) / 4u)
#define XSPI_STUB_PARAM_OFF(f) ((uint32_t) __builtin_offsetof(struct xspi_stub_params, f))

#endif /* XSPI_STUB_ABI_H */
