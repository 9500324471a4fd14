/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register field helpers shared by the host driver, the Cortex-M loader
 * stubs and the vboard. Freestanding: only <stdint.h>, no libc calls.
 *
 * A field is declared once, as two macros NAME_SHIFT and NAME_WIDTH:
 *
 *	#define QUADSPI_CCR_IMODE_SHIFT	8U
 *	#define QUADSPI_CCR_IMODE_WIDTH	2U
 *
 * and used by name, without the suffix:
 *
 *	ccr |= XSPI_FIELD_PREP(QUADSPI_CCR_IMODE, 1U);
 *	lines = XSPI_FIELD_GET(QUADSPI_CCR_IMODE, ccr);
 *
 * The name is pasted, never expanded, so a single-bit field may also
 * have a plain NAME macro holding its bit mask (QUADSPI_SR_BUSY).
 *
 * When the field is only known at run time (controller descriptor
 * tables), struct xspi_field carries the same two numbers.
 */
#ifndef XSPI_BITS_H
#define XSPI_BITS_H

#include <stdint.h>

/* Mask of `width` bits (1..32) starting at bit `shift`; no UB at 32. */
#define XSPI_GENMASK(shift, width) ((0xFFFFFFFFU >> (32U - (width))) << (shift))

#define XSPI_BIT(n) (1U << (n))

/* Mask of a declared field. */
#define XSPI_FIELD_MSK(f) XSPI_GENMASK(f##_SHIFT, f##_WIDTH)

/* Value v placed in field f (excess high bits of v are dropped). */
#define XSPI_FIELD_PREP(f, v) ((((uint32_t)(v)) << (f##_SHIFT)) & XSPI_FIELD_MSK(f))

/* Field f extracted from register value r. */
#define XSPI_FIELD_GET(f, r) ((((uint32_t)(r)) & XSPI_FIELD_MSK(f)) >> (f##_SHIFT))

/* Largest value field f can hold. */
#define XSPI_FIELD_MAX(f) (XSPI_FIELD_MSK(f) >> (f##_SHIFT))

/* Run-time field: width 0 means "this controller has no such field". */
struct xspi_field {
	uint8_t shift;
	uint8_t width;
};

static inline uint32_t xspi_field_mask(struct xspi_field f)
{
	return f.width ? XSPI_GENMASK(f.shift, f.width) : 0U;
}

static inline uint32_t xspi_field_max(struct xspi_field f)
{
	return f.width ? (0xFFFFFFFFU >> (32U - f.width)) : 0U;
}

static inline uint32_t xspi_field_prep(struct xspi_field f, uint32_t v)
{
	return f.width ? ((v << f.shift) & xspi_field_mask(f)) : 0U;
}

static inline uint32_t xspi_field_get(struct xspi_field f, uint32_t r)
{
	return f.width ? ((r & xspi_field_mask(f)) >> f.shift) : 0U;
}

#endif /* XSPI_BITS_H */
