// SPDX-License-Identifier: GPL-2.0-or-later
/* CRC-32 (IEEE 802.3); see xspi_crc32.h. */

#include "xspi_crc32.h"

#define XSPI_CRC32_POLY 0xEDB88320u /* 0x04C11DB7 bit-reversed */

/*
 * Half-byte table: 16 words, small enough for a stub that also has to
 * carry flash code, and about four times faster than bit by bit. Computed
 * here rather than written out so the polynomial is the only constant.
 */
static uint32_t xspi_crc32_nibble(uint32_t n)
{
	uint32_t c = n;

	for (int k = 0; k < 4; k++)
		c = (c >> 1) ^ (XSPI_CRC32_POLY & (0u - (c & 1u)));
	return c;
}

uint32_t xspi_crc32_update(uint32_t crc, const uint8_t *buf, size_t len)
{
	uint32_t table[16];

	for (uint32_t i = 0; i < 16; i++)
		table[i] = xspi_crc32_nibble(i);
	while (len--) {
		crc ^= *buf++;
		crc = (crc >> 4) ^ table[crc & 0xFu];
		crc = (crc >> 4) ^ table[crc & 0xFu];
	}
	return crc;
}

void xspi_crc32_table(uint32_t table[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (XSPI_CRC32_POLY & (0u - (c & 1u)));
		table[i] = c;
	}
}

uint32_t xspi_crc32_update_table(uint32_t crc, const uint32_t table[256], const uint8_t *buf,
                                 size_t len)
{
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *buf++) & 0xFFu];
	return crc;
}

uint32_t xspi_crc32(const uint8_t *buf, size_t len)
{
	return xspi_crc32_final(xspi_crc32_update(XSPI_CRC32_INIT, buf, len));
}
