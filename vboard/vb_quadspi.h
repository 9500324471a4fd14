/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the STM32 QUADSPI controller model (vb_quadspi.c), private to
 * the board (vb_board.c) and the tests. The machinery it shares with the
 * OCTOSPI is vb_xspi.h; this is the register front-end and the boards'
 * wiring (chips, pins).
 */
#ifndef VB_QUADSPI_H
#define VB_QUADSPI_H

#include "vb_xspi.h"

/* A board's QUADSPI: controller instance, clock gate, what is wired. */
struct vb_quadspi_desc {
	const struct vb_xspi_params *params;
	uint32_t gate_reg; /* RCC enable register (absolute address) */
	uint32_t gate_bit; /* mask */
	struct vb_xspi_wiring wiring;
};

extern const struct vb_quadspi_desc vb_quadspi_h750b_dk;    /* 2 x MT25QL512ABB, dual */
extern const struct vb_quadspi_desc vb_quadspi_h750_w25q;   /* 1 x W25Q128JV */
extern const struct vb_quadspi_desc vb_quadspi_f746g_disco; /* 1 x N25Q128A */

struct vb_quadspi;

/* Creates the chips (flash_file[i]: NULL or the file of chip i; part:
 * NULL, or a vb_nor part fitted instead of the board's own) and
 * registers the controller on b's bus. NULL: a chip could not be made
 * (message on stderr). */
struct vb_quadspi *vb_quadspi_new(struct vb_board *b, const struct vb_quadspi_desc *d,
                                  const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata,
                                  const char *part);
void vb_quadspi_free(struct vb_quadspi *q);
/* The shared machinery (counters, chips) of q. */
struct vb_xspi *vb_quadspi_engine(struct vb_quadspi *q);

#endif /* VB_QUADSPI_H */
