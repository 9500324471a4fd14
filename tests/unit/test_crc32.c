// SPDX-License-Identifier: GPL-2.0-or-later
/* CRC-32 shared by host and stub, against the published check values. */

#include "tap.h"
#include "xspi_crc32.h"

int main(void)
{
	static const uint8_t check[] = "123456789";
	uint8_t ff[4096];
	uint32_t crc;

	/* Check value of CRC-32/ISO-HDLC (the zlib CRC), from the catalogue of
	 * parametrised CRC algorithms: 0xCBF43926. */
	CHECK_EQ(xspi_crc32(check, 9), 0xCBF43926u, "CRC-32 of \"123456789\" is 0xCBF43926");
	CHECK_EQ(xspi_crc32(check, 0), 0x00000000u, "CRC-32 of nothing is 0");
	/* Python: zlib.crc32(b"1") == 0x83DCEFB7 */
	CHECK_EQ(xspi_crc32(check, 1), 0x83DCEFB7u, "CRC-32 of \"1\" is 0x83DCEFB7");

	crc = xspi_crc32_update(XSPI_CRC32_INIT, check, 4);
	crc = xspi_crc32_update(crc, check + 4, 5);
	CHECK_EQ(xspi_crc32_final(crc), 0xCBF43926u, "CRC-32 continued over two pieces");

	/* An erased 4 KiB sector. Python: zlib.crc32(b"\xff" * 4096) == 0xF154670A */
	memset(ff, 0xFF, sizeof(ff));
	CHECK_EQ(xspi_crc32(ff, sizeof(ff)), 0xF154670Au, "CRC-32 of 4 KiB of 0xFF (zlib value)");
	return tap_done();
}
