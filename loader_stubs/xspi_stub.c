// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The on-target loader stub: one blob, one entry, the operation chosen by
 * the parameter block (xspi_stub_abi.h). Freestanding: no libc, no
 * globals, no absolute addresses, so the blob runs wherever it is loaded.
 */

#include "xspi_crc32.h"
#include "xspi_stub_abi.h"

/* CRC in chunks so the host can watch params->progress on long runs. */
#define XSPI_STUB_CRC_CHUNK 4096u

static uint32_t xspi_stub_crc32(volatile struct xspi_stub_params *p)
{
	const uint8_t *at = (const uint8_t *)(uintptr_t)p->addr;
	uint32_t left = p->len;
	uint32_t crc = XSPI_CRC32_INIT;

	p->progress = 0;
	while (left) {
		uint32_t n = left < XSPI_STUB_CRC_CHUNK ? left : XSPI_STUB_CRC_CHUNK;

		crc = xspi_crc32_update(crc, at, n);
		at += n;
		left -= n;
		p->progress += n;
	}
	p->result = xspi_crc32_final(crc);
	return XSPI_STUB_OK;
}

uint32_t xspi_stub_main(volatile struct xspi_stub_params *p);

uint32_t xspi_stub_main(volatile struct xspi_stub_params *p)
{
	uint32_t status;

	if (p->magic != XSPI_STUB_MAGIC || p->abi_version != XSPI_STUB_ABI_VERSION)
		status = XSPI_STUB_E_MAGIC;
	else if (p->op == XSPI_STUB_OP_CRC32)
		status = xspi_stub_crc32(p);
	else
		status = XSPI_STUB_E_UNSUPPORTED;
	p->status = status;
	return status;
}
