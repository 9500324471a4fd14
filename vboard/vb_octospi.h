/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the STM32H7 OCTOSPI controller model (vb_octospi.c: register
 * front-end of OCTOSPI1/2, RM0468) and the OCTOSPI I/O manager
 * (vb_octospim.c: port mapping, MUXEN, clock gate, RM0468), private to the
 * board (vb_board.c) and the tests. The machinery shared with the QUADSPI
 * (FIFO, polling, window, chips) is vb_xspi.h.
 *
 * Split of work: vb_octospi.c owns an instance's registers and what its
 * memory sees; vb_octospim.c owns the OCTOSPIM registers and tells each
 * instance whether its signals reach its memory (vb_octospi_set_routed).
 */
#ifndef VB_OCTOSPI_H
#define VB_OCTOSPI_H

#include "vb_xspi.h"

/* What hangs on one OCTOSPI instance of a board. */
struct vb_octospi_desc {
	const struct vb_xspi_params *params; /* registers, window, kernel clock */
	uint32_t gate_reg;                   /* RCC enable register (absolute) */
	uint32_t gate_bit;                   /* mask */
	struct vb_xspi_wiring wiring;        /* NOR part(s) and pins */
	const char *hyperram_part;           /* vb_hyperram part, or NULL */
};

/* STM32H735G-DK (UM2679): OCTOSPI1 = MX25LM51245G, OCTOSPI2 = S70KL1281. */
extern const struct vb_octospi_desc vb_octospi1_h735g_dk;
extern const struct vb_octospi_desc vb_octospi2_h735g_dk;

struct vb_octospi;

/*
 * Creates the memories and registers the instance on b's bus. flash_file:
 * NULL or per-chip files for a NOR; errata: VB_XSPI_ERRATUM_* mask.
 * NULL with a message on stderr when a memory cannot be made.
 */
struct vb_octospi *vb_octospi_new(struct vb_board *b, const struct vb_octospi_desc *d,
                                  const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata);
void vb_octospi_free(struct vb_octospi *o);
/* System reset: registers to reset values, operation aborted. */
void vb_octospi_reset(struct vb_octospi *o);
struct vb_xspi *vb_octospi_engine(struct vb_octospi *o);
/* The HyperRAM on this instance, or NULL. */
struct vb_hyperram *vb_octospi_hyperram(struct vb_octospi *o);

/*
 * The OCTOSPIM says whether this instance's signals (clock, nCS, IOs, DQS)
 * reach its memory. Changing the routing of an instance that is in
 * memory-mapped mode breaks that mode as on silicon: accesses to its
 * window fail (bus error to the core and the debugger) until software
 * aborts the instance and enters memory-mapped mode again; counted as a
 * hazard in the stats.
 */
void vb_octospi_set_routed(struct vb_octospi *o, bool routed);
bool vb_octospi_mm_active(const struct vb_octospi *o);

/* The OCTOSPIM (vb_octospim.c). */
struct vb_octospim;
struct vb_octospim *vb_octospim_new(struct vb_board *b, struct vb_octospi *o1,
                                    struct vb_octospi *o2);
void vb_octospim_free(struct vb_octospim *m);
void vb_octospim_reset(struct vb_octospim *m);
void vb_octospim_json(FILE *f, void *ctx);

#endif /* VB_OCTOSPI_H */
