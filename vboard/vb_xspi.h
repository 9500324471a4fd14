/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the machinery a (Q/O)SPI controller model shares, whatever its
 * register layout: the 32-byte data FIFO of indirect mode, a transaction
 * built from phases and sent to one chip or two (dual-flash), automatic
 * status polling, the memory-mapped window (a host buffer mapped into the
 * core, kept fresh from the chips), the pin check, bus timing and errata
 * switches.
 *
 * A register front-end (vb_quadspi.c; later vb_octospi.c) decodes its
 * registers into a struct vb_xspi_bus (controller-wide settings) and a
 * struct vb_xspi_op (one operation), decides when the RM says a transfer
 * starts, and calls vb_xspi_start(). Everything after that (FIFO, flags,
 * chips, time) is here, once.
 */
#ifndef VB_XSPI_H
#define VB_XSPI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vb.h"
#include "vb_spi.h"

#define VB_XSPI_FIFO_BYTES 32u
#define VB_XSPI_CHIPS      2u
/* Indirect data length "undefined": up to the end of the memory. */
#define VB_XSPI_LEN_UNDEF  UINT64_MAX

/* Errata switches (--errata), off by default. */
#define VB_XSPI_ERRATUM_MM_LAST (1u << 0) /* ES0392 2.4.4, see vb_xspi.c */

enum vb_xspi_fmode {
	VB_XSPI_IND_WRITE = 0,
	VB_XSPI_IND_READ = 1,
	VB_XSPI_AUTO_POLL = 2,
	VB_XSPI_MEM_MAPPED = 3,
};

/* Flags (bit positions as in QUADSPI_SR and OCTOSPI_SR, RM0433/RM0468). */
#define VB_XSPI_TEF  (1u << 0)
#define VB_XSPI_TCF  (1u << 1)
#define VB_XSPI_FTF  (1u << 2)
#define VB_XSPI_SMF  (1u << 3)
#define VB_XSPI_TOF  (1u << 4)
#define VB_XSPI_BUSY (1u << 5)

/* One pin of the controller on the board: GPIO port (0 = A) and pin, the
 * alternate function it needs, and the bank(s) it serves (bit 0: memory
 * 1, bit 1: memory 2). */
struct vb_xspi_pin {
	const char *signal; /* "BK1_IO0" */
	uint8_t port, pin, af, banks;
};

/* A controller instance of a chip (variant data). */
struct vb_xspi_params {
	const char *name;   /* "QUADSPI" */
	uint32_t reg_base;  /* register block (guest error addresses) */
	uint32_t win_base;  /* memory-mapped window */
	uint32_t win_max;   /* largest window, bytes */
	uint32_t kernel_hz; /* kernel clock the prescaler divides */
	uint32_t gpio_base, gpio_stride;
};

/* What a board wires to the controller. */
struct vb_xspi_wiring {
	const char *part[VB_XSPI_CHIPS]; /* vb_nor part names; NULL: no chip */
	const struct vb_xspi_pin *pins;
	size_t n_pins;
	const char *source; /* where the pin list comes from */
};

/* Controller-wide settings, sampled when an operation starts. */
struct vb_xspi_bus {
	uint32_t prescaler; /* clock = kernel / (prescaler + 1) */
	bool dual;          /* dual-flash: bytes interleaved over two chips */
	bool fsel;          /* single: memory 2 instead of memory 1 */
	bool sshift, dhhc, ckmode;
	uint8_t fsize;     /* memory bytes = 2^(fsize + 1) */
	uint8_t fthres;    /* FIFO threshold, bytes (1..32) */
	bool tcen;         /* memory-mapped: release nCS after lptr cycles */
	uint32_t lptr;     /* cycles */
	uint32_t mask;     /* auto-polling */
	uint32_t match;    /* auto-polling */
	bool pmm_or;       /* OR (else AND) match */
	bool apms;         /* stop on match */
	uint32_t interval; /* cycles between two polls */
};

/* One operation: phases as on the wire (x.data.len/buf unused) and the
 * data length over both chips. */
struct vb_xspi_op {
	enum vb_xspi_fmode fmode;
	struct vb_spi_xfer x;
	uint64_t len; /* bytes, or VB_XSPI_LEN_UNDEF */
	bool sioo;
};

struct vb_xspi_counters {
	uint64_t xfers;      /* chip-select periods, per chip */
	uint64_t data_bytes; /* through DR or the window build */
	uint64_t polls;      /* automatic status reads */
	uint64_t aborts;
	uint64_t pin_errors;  /* transfers with pins not in their AF */
	uint64_t view_builds; /* 4 KiB blocks of the window rebuilt */
	uint64_t bus_stall_ns;
};

struct vb_xspi {
	struct vb_board *board;
	const struct vb_xspi_params *p;
	const struct vb_xspi_wiring *w;
	struct vb_nor *chip[VB_XSPI_CHIPS];
	uint32_t errata;
	struct vb_xspi_counters cnt;

	/* the running operation */
	struct vb_xspi_bus bus;
	struct vb_xspi_op op;
	bool busy;
	uint32_t flags; /* TEF TCF SMF TOF */
	uint8_t fifo[VB_XSPI_FIFO_BYTES];
	unsigned int fifo_head, fifo_n;
	uint64_t total; /* data bytes of the operation */
	uint64_t moved; /* write: bytes sent; read: bytes received */
	uint8_t *buf;   /* write: bytes collected; read: bytes from the chips */
	size_t buf_cap;
	uint64_t buf_off; /* read: stream offset of buf[0] */
	size_t buf_len;
	bool overflow_told;

	/* automatic polling */
	uint32_t status;
	uint64_t next_poll_ps;
	uint64_t poll_period; /* ps between polls, fixed at the start */

	/* memory-mapped mode */
	bool mm;      /* in memory-mapped mode (window mapped) */
	bool mm_idle; /* aborted or timed out: nCS released */
	uint64_t mm_t0_ps;
	uint8_t *view;
	uint32_t view_size; /* mapped bytes (page multiple) */
	uint64_t mem_bytes; /* 2^(FSIZE+1) of the view */
	struct vb_spi_xfer view_tmpl;
	bool view_dual, view_fsel, view_valid;
	uint8_t *dirty;    /* one bit per VB_XSPI_VIEW_BLOCK of the window */
	bool chip_changed; /* listener fired during the last transfer */
	struct vb_xspi_listen {
		struct vb_xspi *e;
		unsigned int idx;
	} listen[VB_XSPI_CHIPS];
	uint64_t pace_rem_ps;
};

#define VB_XSPI_VIEW_BLOCK 0x1000u

struct vb_xspi *vb_xspi_new(struct vb_board *b, const struct vb_xspi_params *p,
                            const struct vb_xspi_wiring *w,
                            const char *const flash_file[VB_XSPI_CHIPS], uint32_t errata,
                            const char *part);
void vb_xspi_free(struct vb_xspi *e);
/* System reset: operation aborted, window unmapped (chips keep state). */
void vb_xspi_reset(struct vb_xspi *e);
/* The controller's counters and its chips' erase/program audit as one JSON
 * object (a vb_stats section writer; ctx is the struct vb_xspi). */
void vb_xspi_json(FILE *f, void *ctx);

/* Starts op (indirect or automatic polling). */
void vb_xspi_start(struct vb_xspi *e, const struct vb_xspi_bus *bus, const struct vb_xspi_op *op);
/* Catch up with modelled time (polls due, memory-mapped timeout). */
void vb_xspi_update(struct vb_xspi *e);
/* Status flags (VB_XSPI_*) and FIFO level. */
uint32_t vb_xspi_flags(struct vb_xspi *e);
unsigned int vb_xspi_flevel(const struct vb_xspi *e);
void vb_xspi_clear_flags(struct vb_xspi *e, uint32_t flags);
bool vb_xspi_busy(struct vb_xspi *e);
/* The data register, accessed with size 1, 2 or 4. */
uint32_t vb_xspi_dr_read(struct vb_xspi *e, unsigned int size);
void vb_xspi_dr_write(struct vb_xspi *e, unsigned int size, uint32_t val);
void vb_xspi_abort(struct vb_xspi *e);
/* Memory-mapped mode on (op.fmode == VB_XSPI_MEM_MAPPED) or off. */
void vb_xspi_mm_enter(struct vb_xspi *e, const struct vb_xspi_bus *bus,
                      const struct vb_xspi_op *op);
void vb_xspi_mm_leave(struct vb_xspi *e);

/* "qspi-mm-last,..." -> mask; -1 on an unknown name. */
int vb_xspi_errata_parse(const char *list, uint32_t *mask);
const char *vb_xspi_errata_names(void);

/* ---- what the engine needs from the board (vb_board.c) ---------------- */

/*
 * Map a host buffer read/execute at base (the memory-mapped window: core
 * and debugger read it like ROM), or take it away again (accesses fault).
 * Both are safe from inside a peripheral callback while the core runs
 * (libunicorn 2.0.1, see vb_xspi.c); map flushes stale translations.
 */
int vb_board_map_view(struct vb_board *b, uint32_t base, uint32_t size, uint8_t *mem,
                      const char *name);
void vb_board_unmap_view(struct vb_board *b, uint32_t base);

#endif /* VB_XSPI_H */
