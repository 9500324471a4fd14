/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The calling convention of the on-target loader stubs, shared by the stub
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
 * Offsets are fixed by stub_entry.S, not by compiler layout; mkstub.sh
 * refuses to produce a blob where they do not hold.
 */
#ifndef XSPI_STUB_ABI_H
#define XSPI_STUB_ABI_H

#include <stdint.h>

#define XSPI_STUB_ABI_VERSION 1u
#define XSPI_STUB_MAGIC       0x58535031u /* "XSP1" */

#define XSPI_STUB_ENTRY_OFFSET 0u
#define XSPI_STUB_EXIT_OFFSET  4u
#define XSPI_STUB_STACK_BYTES  256u

/* What the stub is asked to do. */
enum xspi_stub_op {
	XSPI_STUB_OP_CRC32 = 1, /* CRC-32 of [addr, addr + len) in memory */
};

/* Status, in r0 and params.status. */
enum xspi_stub_status {
	XSPI_STUB_OK = 0,
	XSPI_STUB_E_MAGIC = 1,             /* params.magic / abi_version wrong */
	XSPI_STUB_E_UNSUPPORTED = 2,       /* op not built into this stub */
	XSPI_STUB_E_RUNNING = 0xFFFFFFFFu, /* host's initial value: never finished */
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
	uint32_t addr;        /* in: start address */
	uint32_t len;         /* in: length in bytes */
	uint32_t result;      /* out: e.g. the CRC-32 */
	uint32_t progress;    /* out: bytes done so far (host shows progress) */
};

#define XSPI_STUB_PARAMS_WORDS (sizeof(struct xspi_stub_params) / 4u)

#endif /* XSPI_STUB_ABI_H */
