/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: the machinery a (Q/O)SPI controller model shares, whatever its
 * register layout: the 32-byte data FIFO of indirect mode, a transaction
 * built from phases and sent to one chip or two (dual-flash), automatic
 * status polling, the memory-mapped window (a host buffer mapped into the
 * core, kept fresh from the chips), the pin check, bus timing and errata
 * switches.
 *
 * A register front-end (vb_quadspi.c, vb_octospi.c) decodes its
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
#define VB_XSPI_ERRATUM_MM_LAST    (1u << 0) /* ES0392 2.4.4, see vb_xspi.c */
/* OCTOSPI: a memory-mapped write with WCCR.DQSE = 0 gets a bus error
 * (ES0393 2.8.17 on the same IP; docs/facts/peripherals.md item 5). */
#define VB_XSPI_ERRATUM_MMW_DQS    (1u << 1)
/* OCTOSPI: with TCR.DHQC set, a DTR command without data phase whose
 * DDTR = 0 is not sent to the memory (peripherals.md item 6). */
#define VB_XSPI_ERRATUM_DTR_NODATA (1u << 2)

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

/* How a memory-mapped window is put into the core's address space
 * (vb_board_map_window). */
enum vb_view_access {
	VB_VIEW_RX,  /* mem read/execute; stores go to io->write (none: fault) */
	VB_VIEW_RWX, /* mem read/write/execute, no callbacks */
	VB_VIEW_IO,  /* no mem: every access calls io (cannot be executed) */
};

/* Accesses of a window that mem does not serve. off is from the window
 * base; size 1, 2 or 4, naturally aligned. VB_BUS_OK or VB_BUS_FAULT. */
struct vb_view_io {
	int (*read)(void *ctx, uint32_t off, unsigned int size, uint32_t *val);
	int (*write)(void *ctx, uint32_t off, unsigned int size, uint32_t val);
	void *ctx;
};

typedef int vb_map_window_fn(struct vb_board *b, uint32_t base, uint32_t size,
                             enum vb_view_access acc, uint8_t *mem, const struct vb_view_io *io,
                             const char *name);

/* A controller instance of a chip (variant data). */
struct vb_xspi_params {
	const char *name;   /* "QUADSPI" */
	uint32_t reg_base;  /* register block (guest error addresses) */
	uint32_t win_base;  /* memory-mapped window */
	uint32_t win_max;   /* largest window, bytes */
	uint32_t kernel_hz; /* kernel clock the prescaler divides */
	uint32_t gpio_base, gpio_stride;
	/* RM0468 SR.TEF: also when address + data length exceed the memory
	 * (OCTOSPI; the QUADSPI checks the address only). */
	bool tef_on_length;
	/* Mapper of windows that take writes or are served per access
	 * (OCTOSPI: vb_board_map_window). NULL: read-only views through
	 * vb_board_map_view, stores fault (QUADSPI). */
	vb_map_window_fn *map_window;
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
	bool dhqc;             /* OCTOSPI TCR.DHQC (erratum DTR_NODATA) */
	uint32_t extra_cycles; /* per chip-select period (HyperBus latency, recovery) */
	uint8_t fsize;         /* memory bytes = 2^(fsize + 1) */
	uint8_t fthres;        /* FIFO threshold, bytes (1..32) */
	bool tcen;             /* memory-mapped: release nCS after lptr cycles */
	uint32_t lptr;         /* cycles */
	uint32_t mask;         /* auto-polling */
	uint32_t match;        /* auto-polling */
	bool pmm_or;           /* OR (else AND) match */
	bool apms;             /* stop on match */
	uint32_t interval;     /* cycles between two polls */
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
	uint64_t mm_writes;    /* memory-mapped writes sent to the memory */
	uint64_t mm_slow;      /* window accesses served one transaction each */
	uint64_t mm_faults;    /* window accesses answered with a bus error */
	uint64_t mm_broken;    /* hazards: memory-mapped mode broken (routing, EN) */
	uint64_t unrouted;     /* transfers whose signals reached no memory */
	uint64_t erratum_hits; /* transfers changed by an enabled erratum */
};

/* How a memory-mapped window is served. */
enum vb_xspi_win {
	VB_XSPI_WIN_VIEW,   /* NOR: view built from the chips (read/execute) */
	VB_XSPI_WIN_DIRECT, /* the memory's own array, read/write/execute */
	VB_XSPI_WIN_WIRE,   /* every access one transaction (slow path) */
};

/*
 * A memory that is not a vb_nor (the HyperRAM behind an OCTOSPI): the
 * front-end turns each chip-select period into the memory's own wire
 * protocol. It replaces memory 1; json (optional) adds the memory's
 * counters to the stats as "memory".
 */
struct vb_xspi_mem {
	void (*xfer)(void *ctx, struct vb_spi_xfer *x);
	void (*json)(FILE *f, void *ctx);
	void *ctx;
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
	bool unrouted; /* OCTOSPIM: signals reach no memory */
	const struct vb_xspi_mem *mem;
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
	bool mm;        /* in memory-mapped mode (window mapped) */
	bool mm_idle;   /* aborted or timed out: nCS released */
	bool mm_broken; /* routing/EN changed while mapped: faults until abort */
	enum vb_xspi_win win;
	uint32_t win_size;        /* mapped bytes of the window */
	struct vb_xspi_op mm_wop; /* memory-mapped write (wop_valid) */
	bool mm_wop_valid;
	struct vb_view_io win_io;
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
/*
 * Memory-mapped mode with writes (OCTOSPI): rop reads, wop (NULL: none,
 * stores fault) is the write transaction a store into the window is sent
 * as. win: VB_XSPI_WIN_VIEW for NOR chips; VB_XSPI_WIN_DIRECT maps mem
 * (mem_size bytes, the memory's array) read/write/execute: the caller has
 * checked that the wire would give exactly the array; VB_XSPI_WIN_WIRE
 * sends every access through the memory (mem unused). Needs
 * params->map_window.
 */
void vb_xspi_mm_enter_rw(struct vb_xspi *e, const struct vb_xspi_bus *bus,
                         const struct vb_xspi_op *rop, const struct vb_xspi_op *wop,
                         enum vb_xspi_win win, uint8_t *mem, uint32_t mem_size);
/*
 * The window's signals stopped reaching the memory while mapped
 * (routing changed, CR.EN cleared): the window faults for core and
 * debugger until vb_xspi_abort() and a new memory-mapped entry; counted
 * as a hazard (why: for the guest error).
 */
void vb_xspi_mm_break(struct vb_xspi *e, const char *why);
/* Window accesses not served from a mapped buffer (VB_VIEW_IO reads and
 * writes, stores into a VB_VIEW_RX view): the transaction they cause. */
int vb_xspi_window_read(struct vb_xspi *e, uint32_t off, unsigned int size, uint32_t *val);
int vb_xspi_window_write(struct vb_xspi *e, uint32_t off, unsigned int size, uint32_t val);
/* OCTOSPIM routing: false = transfers reach no memory (reads float). */
void vb_xspi_set_routed(struct vb_xspi *e, bool routed);
/* Memory 1 is m instead of a vb_nor (front-end translation), or NULL. */
void vb_xspi_set_mem(struct vb_xspi *e, const struct vb_xspi_mem *m);

/* "qspi-mm-last,ospi-mm-write-dqs,..." -> mask; -1 on an unknown name. */
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

/*
 * A window that takes writes or is served per access (OCTOSPI), mapped
 * like vb_board_map_view and taken away with vb_board_unmap_view:
 *  - VB_VIEW_RX: mem is read and executed as with vb_board_map_view; a
 *    store by the core or the debugger calls io->write (io NULL or a
 *    VB_BUS_FAULT answer: the store faults). After io->write the bytes
 *    of mem are what the engine left there (libunicorn writes the raw
 *    value after a UC_HOOK_MEM_WRITE_PROT hook: the board undoes that,
 *    as for the internal flash).
 *  - VB_VIEW_RWX: mem is plain RAM to core and debugger (HyperRAM fast
 *    path); io is not used.
 *  - VB_VIEW_IO: nothing is mapped as memory: every core access
 *    (uc_mmio_map) and debugger access calls io->read / io->write, whose
 *    VB_BUS_FAULT is a bus error; instruction fetches fault (libunicorn
 *    cannot execute MMIO).
 * Safe from inside a peripheral callback while the core runs; mapping
 * flushes stale translations of the range. -1: not mapped (message).
 */
int vb_board_map_window(struct vb_board *b, uint32_t base, uint32_t size, enum vb_view_access acc,
                        uint8_t *mem, const struct vb_view_io *io, const char *name);

#endif /* VB_XSPI_H */
