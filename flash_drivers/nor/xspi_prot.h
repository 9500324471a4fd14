/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SPI-NOR block protection as data (layer 1): the protected range of one
 * chip from its status register bytes, and back, per the part's scheme
 * (struct xspi_part_prot: BP bits, TB, SEC, CMP and the area sizes). Pure
 * functions: no I/O, no OpenOCD header.
 *
 * Every scheme we know protects one contiguous range: nothing, a region at
 * the top or the bottom of the array, or (with CMP) the rest of the array
 * next to such a region. Encoding searches the combinations of the bits
 * and keeps the first that decodes to the requested range, so encode and
 * decode can never disagree.
 */
#ifndef XSPI_PROT_H
#define XSPI_PROT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xspi_parts.h"

/* Register values of one chip, indexed by enum xspi_nor_reg (NONE unused) */
#define XSPI_PROT_NREGS (XSPI_NOR_REG_FSR + 1)

struct xspi_prot_regs {
	uint8_t v[XSPI_PROT_NREGS];
};

/* [start, end) of one chip; start == end: nothing protected */
struct xspi_prot_range {
	uint32_t start, end;
};

enum xspi_prot_err {
	XSPI_PROT_OK = 0,
	XSPI_PROT_E_NO_SCHEME = -1,       /* the part's area sizes are not known */
	XSPI_PROT_E_RANGE = -2,           /* start > end, or end beyond the chip */
	XSPI_PROT_E_UNREPRESENTABLE = -3, /* no combination of the bits gives it */
	XSPI_PROT_E_OTP = -4,             /* only by changing a one-time programmable bit */
};

const char *xspi_prot_strerror(int err);

/* The scheme can be decoded (BP bits and area sizes are known) */
bool xspi_prot_supported(const struct xspi_part_prot *p);

/* Bit i set: register i (enum xspi_nor_reg) holds protection bits, i.e.
 * must be read for xspi_prot_decode() */
unsigned int xspi_prot_reg_mask(const struct xspi_part_prot *p);

/* The protection bits (BP/TB/SEC/CMP) in register reg; with otp false
 * the one-time programmable ones are left out */
uint8_t xspi_prot_bits(const struct xspi_part_prot *p, enum xspi_nor_reg reg, bool otp);

/* Register name as the datasheets write it ("SR" for a Micron or
 * Macronix status register, "SR1" / "SR2" for Winbond) and its read and
 * write opcodes (write 0: not written by this code, e.g. Macronix CR) */
const char *xspi_prot_reg_name(const struct xspi_part_prot *p, enum xspi_nor_reg reg);
uint8_t xspi_prot_reg_read_op(enum xspi_nor_reg reg);
uint8_t xspi_prot_reg_write_op(enum xspi_nor_reg reg);

/* The range the bits in r protect on a chip of chip_size bytes */
int xspi_prot_decode(const struct xspi_part_prot *p, uint32_t chip_size,
                     const struct xspi_prot_regs *r, struct xspi_prot_range *out);

/*
 * The register values (cur with only the protection bits changed) that
 * protect exactly [start, end). One-time programmable bits keep their
 * current value: a range that needs one changed is XSPI_PROT_E_OTP.
 * Prefers CMP 0, then SEC 0, then TB 0, then the smallest BP value.
 */
int xspi_prot_encode(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t start,
                     uint32_t end, const struct xspi_prot_regs *cur, struct xspi_prot_regs *out);

/*
 * The largest representable range inside [lo, hi) (possibly empty, which
 * is always representable) with the values that give it; with cur's OTP
 * bits as they are. out_regs may be NULL.
 */
int xspi_prot_within(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t lo, uint32_t hi,
                     const struct xspi_prot_regs *cur, struct xspi_prot_range *out,
                     struct xspi_prot_regs *out_regs);

/* The smallest representable range that contains [lo, hi) (lo < hi) */
int xspi_prot_covering(const struct xspi_part_prot *p, uint32_t chip_size, uint32_t lo, uint32_t hi,
                       const struct xspi_prot_regs *cur, struct xspi_prot_range *out);

/* r with every non-OTP protection bit cleared (nothing protected unless
 * an OTP bit alone does it, which no known scheme does) */
void xspi_prot_clear(const struct xspi_part_prot *p, const struct xspi_prot_regs *r,
                     struct xspi_prot_regs *out);

/*
 * The protection bits of register reg as text, e.g. "BP2 BP1 BP0 set,
 * TB 0" (set bits by name, then the single bits that are 0; SRWD too).
 * Returns the length snprintf would have written.
 */
int xspi_prot_describe(const struct xspi_part_prot *p, enum xspi_nor_reg reg, uint8_t value,
                       char *buf, size_t size);

#endif /* XSPI_PROT_H */
