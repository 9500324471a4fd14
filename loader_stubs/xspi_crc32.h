/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial
 * value and final XOR 0xFFFFFFFF; check value of "123456789" 0xCBF43926).
 * One implementation serves the on-target stub and the host, which compares
 * the stub's result with its own over the image it wrote.
 */
#ifndef XSPI_CRC32_H
#define XSPI_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define XSPI_CRC32_INIT 0xFFFFFFFFu

/* Continue a CRC over len bytes; start with XSPI_CRC32_INIT. */
uint32_t xspi_crc32_update(uint32_t crc, const uint8_t *buf, size_t len);

/* Fill a byte-wise table (256 words) for xspi_crc32_update_table(). */
void xspi_crc32_table(uint32_t table[256]);

/* Same as xspi_crc32_update(), one table lookup per byte: the stub's fast
 * path where the host gives it 1 KiB of scratch RAM. */
uint32_t xspi_crc32_update_table(uint32_t crc, const uint32_t table[256], const uint8_t *buf,
                                 size_t len);

/* Final value of a running CRC. */
static inline uint32_t xspi_crc32_final(uint32_t crc)
{
	return ~crc;
}

/* CRC-32 of one buffer. */
uint32_t xspi_crc32(const uint8_t *buf, size_t len);

#endif /* XSPI_CRC32_H */
