/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wire between a (Q/O)SPI controller model and a serial memory model.
 *
 * A controller model (vb_quadspi.c, later vb_octospi.c) turns what the
 * firmware or debugger programs into its registers into transactions: one
 * chip-select period with an instruction, address, alternate bytes, dummy
 * cycles and data, each phase with its line count and STR/DTR, exactly as
 * it would clock them out. A memory model (vb_nor.c) interprets them as the
 * real part would, including when the controller gets it wrong (a wrong
 * line count or dummy count gives the data a real chip would give: garbage
 * or shifted data, counted as a guest error).
 */
#ifndef VB_SPI_H
#define VB_SPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One phase of a transaction; lines == 0: the phase is absent. */
struct vb_spi_phase {
	uint8_t lines; /* 1, 2, 4 or 8 */
	bool dtr;
	uint8_t nbytes; /* instruction 1-2, address 1-4, alternate 1-4 */
	uint32_t value; /* instruction, address or alternate bytes, MSB first on the wire */
};

struct vb_spi_xfer {
	struct vb_spi_phase cmd;
	struct vb_spi_phase addr;
	struct vb_spi_phase alt;
	uint8_t dummy_cycles;
	struct {
		uint8_t lines;
		bool dtr;
		bool write;   /* controller -> memory */
		uint32_t len; /* bytes; 0 = no data phase */
		uint8_t *buf; /* write: bytes to send; read: filled by the memory */
		/*
		 * The controller samples read data on the memory's DQS
		 * strobe (OCTOSPI CCR.DQSE). A memory that times DTR reads
		 * by DQS (MX25LM51245G in DOPI) gives misaligned data to a
		 * controller that samples on its own clock instead.
		 */
		bool dqs;
	} data;
};

struct vb_nor;

/* Parts known to the engine, by name ("W25Q128JV", "MT25QL512ABB", ...). */
const char *vb_nor_part_names(void); /* comma-separated */

/*
 * A chip. flash_file: NULL, or a file that keeps the array across vboard
 * runs (created erased when absent); a vboard restart is a power cycle.
 * Returns NULL with a message on stderr for an unknown part or a bad file.
 */
struct vb_nor *vb_nor_new(const char *part, const char *flash_file);
void vb_nor_free(struct vb_nor *n);
/* Power-on state (also what a vboard restart gives). */
void vb_nor_power_on(struct vb_nor *n);
uint32_t vb_nor_size(const struct vb_nor *n);
const char *vb_nor_name(const struct vb_nor *n);

/*
 * One chip-select period. Reads fill x->data.buf; a busy chip answers
 * status reads and ignores the rest, like the part. Never fails: what a
 * real chip would ignore or misread is ignored or misread, and counted
 * via vb_guest_error().
 */
void vb_nor_xfer(struct vb_nor *n, struct vb_spi_xfer *x);

/*
 * Memory-mapped reading: what `len` bytes read with the read transaction
 * template `tmpl` (its data phase ignored) starting at addr would return,
 * into out. Used to build the memory window's view without one xfer per
 * word. Same semantics as vb_nor_xfer for a read.
 */
void vb_nor_read_view(struct vb_nor *n, const struct vb_spi_xfer *tmpl, uint32_t addr, uint8_t *out,
                      uint32_t len);

/*
 * Start-up option: put the chip into protocol mode `mode` ("spi", "dpi",
 * "qpi", "sopi" or "dopi") as firmware would have left it (volatile state
 * only; the non-volatile power-on default is untouched). Returns 0, or -1
 * with the chip unchanged for a mode the part does not have.
 */
int vb_nor_set_mode(struct vb_nor *n, const char *mode);

/* Told after each change of the array (program, erase), for view caching. */
void vb_nor_set_listener(struct vb_nor *n, void (*changed)(void *ctx, uint32_t addr, uint32_t len),
                         void *ctx);

/* Direct access to the array (tests, audit, --flash-file). */
uint8_t *vb_nor_array(struct vb_nor *n);

#endif /* VB_SPI_H */
