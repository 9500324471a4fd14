/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vboard: a simulated STM32 board and debug probe in one program.
 *
 * This header is the contract between the vboard's modules:
 *
 *   vb_main.c        command line, event loop, signals, stats file
 *   vb_board.c       boards as data: memory maps, IDs; the system bus
 *   vb_periph_*.c    RCC, PWR, SYSCFG, GPIO, DBGMCU, FLASH interface ...
 *   vb_cpu.c         Cortex-M7 core (libunicorn), SCS, FPB, DWT, ROM tables,
 *                    halting debug, reset, fault entry
 *   vb_dap.c         ADIv5 DP and MEM-APs on top of the bus
 *   vb_jtag.c        JTAG TAPs (boundary scan + JTAG-DP) and remote_bitbang
 *   vb_cmsis_dap.c   CMSIS-DAP command set over TCP
 *   vb_pace.c        probe profiles, real-time pacing, --time-scale
 *   vb_stats.c       counters, guest errors, trace categories, JSON
 *
 * Everything runs on one thread: the event loop alternates between
 * serving sockets and running the core in slices, so no locking anywhere.
 */
#ifndef VB_H
#define VB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vb_board;
struct vb_cpu;
struct vb_dap;

/* ---- system bus (vb_board.c) ----------------------------------------- */

/* Result of one bus access. A fault is an AP error to the debugger and a
 * BusFault (escalated to HardFault) to the core. */
enum vb_bus_status {
	VB_BUS_OK = 0,
	VB_BUS_FAULT = -1,
};

/* Who is accessing: the core's own bus view, or a debugger via a MEM-AP. */
enum vb_initiator {
	VB_INIT_CORE,
	VB_INIT_DEBUG,
};

/*
 * A memory-mapped peripheral. Offsets are from base; size is 1, 2 or 4 and
 * the access is naturally aligned. read returns the value (already shifted
 * to bit 0 for sub-word accesses); write gets the value likewise.
 * A peripheral whose clock gate is off reads 0 and ignores writes (the bus
 * layer applies this before calling it, see gate).
 */
struct vb_periph {
	const char *name;
	uint32_t base;
	uint32_t size;
	uint32_t (*read)(void *ctx, uint32_t off, unsigned int size);
	void (*write)(void *ctx, uint32_t off, unsigned int size, uint32_t val);
	void (*reset)(void *ctx); /* back to reset values (system reset) */
	void *ctx;
	/* Clock gate: the RCC enable bit that must be set, or gate_reg == 0
	 * for always clocked (e.g. RCC itself, the debug components). */
	uint32_t gate_reg; /* absolute address of the RCC enable register */
	uint32_t gate_bit; /* bit mask in it */
};

int vb_bus_read(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                uint32_t *val);
int vb_bus_write(struct vb_board *b, enum vb_initiator who, uint32_t addr, unsigned int size,
                 uint32_t val);
/* Fast paths for a run of words (MEM-AP auto-increment into RAM). Return
 * the number of words done before a fault (== n when all went well). */
size_t vb_bus_read_words(struct vb_board *b, uint32_t addr, uint32_t *buf, size_t n);
size_t vb_bus_write_words(struct vb_board *b, uint32_t addr, const uint32_t *buf, size_t n);

/* The H7's debug APB (APB-D, reached through AP2): DBGMCU at 0xE00E1000
 * and the CoreSight components OpenOCD's stm32h7x.cfg touches. */
int vb_apbd_read(struct vb_board *b, uint32_t addr, uint32_t *val);
int vb_apbd_write(struct vb_board *b, uint32_t addr, uint32_t val);

/* Register a peripheral on the system bus (board setup, cpu setup). */
void vb_bus_add_periph(struct vb_board *b, const struct vb_periph *p);

/* Raw access to a RAM/flash region's backing store (tests, --load,
 * stats), or NULL when addr..addr+len is not inside one region. */
uint8_t *vb_bus_backing(struct vb_board *b, uint32_t addr, uint32_t len);

/* After a debugger write into memory the core may have translated, the
 * stale translation must go (libunicorn keeps running old code). */
void vb_bus_code_written(struct vb_board *b, uint32_t addr, uint32_t len);

/* ---- board (vb_board.c) ---------------------------------------------- */

struct vb_board_info {
	const char *name;         /* "h750b-dk", "h735g-dk", "f746g-disco" */
	const char *mcu;          /* "STM32H750XB" ... */
	uint32_t dbgmcu_idcode;   /* DBGMCU_IDCODE value */
	uint32_t flash_size_kib;  /* flash-size register value */
	uint32_t jtag_bs_idcode;  /* boundary-scan TAP IDCODE */
	uint32_t jtag_dap_idcode; /* JTAG-DP IDCODE */
	uint32_t swd_dpidr;       /* SW-DP DPIDR */
	bool has_apb_d;           /* H7: AP2 = APB-D */
};

struct vb_board *vb_board_new(const char *name); /* NULL: unknown name */
void vb_board_free(struct vb_board *b);
const struct vb_board_info *vb_board_info(const struct vb_board *b);
/* Comma-separated list of board names, for --help and errors. */
const char *vb_board_names(void);
/* The unicorn engine of the board's core (vb_cpu uses it). */
struct uc_struct *vb_board_uc(struct vb_board *b);
/* Peripherals back to reset values (system reset). */
void vb_board_reset_periphs(struct vb_board *b);
/* Boot address the core fetches its vector table from at reset. */
uint32_t vb_board_boot_addr(const struct vb_board *b);
/* Test aids: extra RAM at addr (e.g. code at 0x90000000 before the
 * QUADSPI model exists) and loading a file into memory before start. */
int vb_board_add_ram(struct vb_board *b, uint32_t addr, uint32_t size, const char *name);
int vb_board_load_file(struct vb_board *b, const char *path, uint32_t addr);
struct vb_cpu *vb_board_cpu(struct vb_board *b);
void vb_board_set_cpu(struct vb_board *b, struct vb_cpu *cpu);

/* ---- core (vb_cpu.c) ------------------------------------------------- */

enum vb_reset_kind {
	VB_RESET_POWER_ON, /* everything, incl. debug registers */
	VB_RESET_SYSTEM,   /* SYSRESETREQ / nRST: core + peripherals, not debug */
	VB_RESET_CORE,     /* VECTRESET: core only */
};

/* Creates the core on the board's unicorn engine and registers the PPB
 * (0xE0000000-0xE00FFFFF: SCS, FPB, DWT, ITM, ROM tables) on its bus. */
struct vb_cpu *vb_cpu_new(struct vb_board *b);
void vb_cpu_free(struct vb_cpu *c);
void vb_cpu_reset(struct vb_cpu *c, enum vb_reset_kind kind);
bool vb_cpu_halted(const struct vb_cpu *c);
/* Run at most max_insns instructions if the core is running; returns the
 * number executed. Stops early on halt (BKPT, FPB, DWT, step, vector
 * catch, C_HALT), WFI/WFE (sleeping) or lockup. */
uint64_t vb_cpu_run_slice(struct vb_cpu *c, uint64_t max_insns);
/* Running and not sleeping: the event loop keeps calling run_slice. */
bool vb_cpu_wants_cycles(const struct vb_cpu *c);

/* The nRST line: while asserted the core does not run and the system is
 * held in reset; on release the core boots (VB_RESET_SYSTEM semantics,
 * vector catch honoured). */
void vb_cpu_hold_reset(struct vb_cpu *c, bool asserted);

/* ---- debug port (vb_dap.c) ------------------------------------------- */

/* ACK of a DP/AP access, SWD encoding (JTAG-DP maps OK/FAULT to OK_FAULT
 * 0b010 and WAIT to 0b001). */
enum vb_ack {
	VB_ACK_OK = 1,
	VB_ACK_WAIT = 2,
	VB_ACK_FAULT = 4,
};

enum vb_dp_kind {
	VB_DP_JTAG,
	VB_DP_SWD,
};

struct vb_dap *vb_dap_new(struct vb_board *b);
void vb_dap_free(struct vb_dap *d);
/* Power-on / line reset of the DP state (SELECT, sticky bits...). */
void vb_dap_reset(struct vb_dap *d);
/*
 * DP and AP register accesses with immediate semantics: an AP read
 * returns its value directly. (JTAG-DP's and SWD's posted reads are the
 * front-ends' business.) addr is the register address A[7:2] << 2 as
 * on the wire: DP 0x0/0x4/0x8/0xC (bank from SELECT.DPBANKSEL), AP
 * 0x0-0xC within the bank SELECT.APBANKSEL of AP SELECT.APSEL.
 */
enum vb_ack vb_dap_dp_read(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t *val);
enum vb_ack vb_dap_dp_write(struct vb_dap *d, enum vb_dp_kind kind, uint8_t addr, uint32_t val);
enum vb_ack vb_dap_ap_read(struct vb_dap *d, uint8_t addr, uint32_t *val);
enum vb_ack vb_dap_ap_write(struct vb_dap *d, uint8_t addr, uint32_t val);
/* JTAG-DP ABORT register (IR 0x8) and SWD DP write to 0x0. */
void vb_dap_abort(struct vb_dap *d, uint32_t val);
/* nRST line from the probe (SRST): asserted holds the system in reset. */
void vb_dap_set_srst(struct vb_dap *d, bool asserted);

/* ---- front-ends (vb_jtag.c, vb_cmsis_dap.c) --------------------------- */

/* A growable output buffer; front-ends append replies, the event loop
 * sends them. */
struct vb_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};
void vb_buf_put(struct vb_buf *b, const void *p, size_t n);
void vb_buf_clear(struct vb_buf *b);
void vb_buf_free(struct vb_buf *b);

/* What a front-end wants done with its connection after a feed. */
enum vb_feed_result {
	VB_FEED_OK = 0,     /* keep going */
	VB_FEED_QUIT = 1,   /* the client said goodbye: close cleanly */
	VB_FEED_ERROR = -1, /* unrecoverable framing error: close */
};

/*
 * Front-ends are byte-stream processors, independent of sockets so that
 * unit and fuzz tests feed them directly: feed() consumes n bytes (any
 * split: partial commands are kept for the next call), appends replies to
 * out, and never crashes or blocks on any input.
 */
struct vb_bitbang;
struct vb_bitbang *vb_bitbang_new(struct vb_board *b, struct vb_dap *d);
void vb_bitbang_free(struct vb_bitbang *bb);
void vb_bitbang_connect(struct vb_bitbang *bb); /* new client: TAP reset state etc. */
enum vb_feed_result vb_bitbang_feed(struct vb_bitbang *bb, const uint8_t *in, size_t n,
                                    struct vb_buf *out);

struct vb_cmsis;
struct vb_cmsis *vb_cmsis_new(struct vb_board *b, struct vb_dap *d);
void vb_cmsis_free(struct vb_cmsis *c);
void vb_cmsis_connect(struct vb_cmsis *c);
enum vb_feed_result vb_cmsis_feed(struct vb_cmsis *c, const uint8_t *in, size_t n,
                                  struct vb_buf *out);

/* ---- pacing (vb_pace.c) ---------------------------------------------- */

struct vb_probe_profile {
	const char *name;           /* "fast", "stlink-v3", "cmsis-dap-hs" */
	uint32_t swclk_hz;          /* wire clock; 0 = no pacing at all */
	uint32_t bits_per_transfer; /* SWD: request + turnaround + ack + data + parity + idle */
	uint32_t roundtrip_ns;      /* USB round trip of one command/response */
	const char *source;         /* where the numbers come from */
};

int vb_pace_init(const char *profile, double time_scale); /* -1: unknown profile */
const struct vb_probe_profile *vb_pace_profile(void);
const char *vb_pace_profile_names(void);
/* Modelled link time: n DAP transfers on the wire, n JTAG TCK cycles. */
void vb_pace_transfers(uint64_t n);
void vb_pace_tck(uint64_t cycles);
/* One command/response round trip: adds its latency, then sleeps until
 * the wall clock has caught up with the modelled time. */
void vb_pace_roundtrip(void);
/* Modelled device time (e.g. a flash erase), multiplied by --time-scale. */
void vb_pace_device_ns(uint64_t ns);
/* Modelled time so far, ns (scaled). */
uint64_t vb_pace_now_ns(void);

/* ---- statistics and trace (vb_stats.c) ------------------------------- */

struct vb_stats {
	uint64_t dap_transfers;                   /* DP/AP register accesses */
	uint64_t round_trips;                     /* command/response exchanges */
	uint64_t bytes_in, bytes_out;             /* on the front-end sockets */
	uint64_t tck_cycles;                      /* remote_bitbang */
	uint64_t mem_read_bytes, mem_write_bytes; /* via MEM-APs */
	uint64_t halts, resets, steps;
	uint64_t insns; /* instructions executed by the core */
	uint64_t guest_errors;
	uint64_t bad_packets; /* malformed front-end input */
};
extern struct vb_stats vb_stats;

enum vb_trace_cat {
	VB_TR_DAP = 1u << 0,   /* DP/AP accesses */
	VB_TR_JTAG = 1u << 1,  /* TAP states, scans */
	VB_TR_CMSIS = 1u << 2, /* CMSIS-DAP commands */
	VB_TR_CPU = 1u << 3,   /* halts, resets, exceptions */
	VB_TR_BUS = 1u << 4,   /* peripheral accesses, faults */
	VB_TR_PACE = 1u << 5,  /* pacing decisions */
};
extern uint32_t vb_trace_mask;
/* Parse "dap,cpu" or "all"; -1 on an unknown name. */
int vb_trace_parse(const char *cats);
void vb_trace(enum vb_trace_cat cat, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A guest (firmware or debugger) did something silicon would not accept
 * or that a real board would not survive; counted, kept (address + text,
 * first 64) for the stats file, and traced under VB_TR_BUS. */
void vb_guest_error(uint32_t addr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write the stats as JSON (board name and profile included). */
int vb_stats_write_json(const char *path, const char *board, const char *profile);

#endif /* VB_H */
