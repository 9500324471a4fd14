/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Controller back-end: turns one struct xspi_op plus a functional mode into
 * an ordered list of register writes for an STM32 QUADSPI or OCTOSPI.
 *
 * Pure functions, no I/O, freestanding (the loader stubs link this file):
 * the caller executes the list. A back-end never decides an opcode, a line
 * count or a dummy count; it only places what the op says into fields, or
 * refuses with an error code when the controller cannot do it.
 *
 * Controller variants are rows of a descriptor table (xspi_ctrl_variants[]):
 * register offsets, where each field lives, and abilities. The encoder
 * has no "if QUADSPI" branch; every difference is in the row.
 *
 * Executing a struct xspi_reg_seq:
 *	1. wait until (reg[idle.offset] & idle.mask) == idle.value;
 *	2. for i in 0..n-1: reg[w[i].offset] = (old & ~mask) | value
 *	   (a mask of 0xFFFFFFFF is a plain write, no read needed);
 *	3. if data_len: move data_len bytes through DR (data_offset);
 *	4. if done.offset != XSPI_REG_ABSENT: wait for done like in step 1.
 * The write that starts the transfer on the bus is always the last one of
 * w[] (or the first DR write, see start), so stopping early never starts a
 * half-configured transfer.
 */
#ifndef XSPI_CTRL_H
#define XSPI_CTRL_H

#include <stdbool.h>
#include <stdint.h>

#include "xspi_op.h"
#include "stm32/xspi_bits.h"

/* Offset of a register the controller does not have */
#define XSPI_REG_ABSENT 0xFFFFU

/* Longest sequence any encoder produces */
#define XSPI_REG_SEQ_MAX 20U

/* Registers by role; a variant maps each to its offset */
enum xspi_reg {
	XSPI_REG_CR,
	XSPI_REG_DCR, /* QUADSPI DCR, OCTOSPI DCR1 */
	XSPI_REG_SR,
	XSPI_REG_FCR,
	XSPI_REG_DLR,
	XSPI_REG_CCR,
	XSPI_REG_TCR,
	XSPI_REG_IR,
	XSPI_REG_AR,
	XSPI_REG_ABR,
	XSPI_REG_DR,
	XSPI_REG_PSMKR,
	XSPI_REG_PSMAR,
	XSPI_REG_PIR,
	XSPI_REG_LPTR,
	XSPI_REG_WCCR, /* memory-mapped write configuration */
	XSPI_REG_WTCR,
	XSPI_REG_WIR,
	XSPI_REG_WABR,
	XSPI_REG_DCR2, /* OCTOSPI: prescaler, wrap size */
	XSPI_REG_DCR3, /* OCTOSPI: chip-select boundary */
	XSPI_REG_DCR4, /* OCTOSPI: refresh */
	XSPI_REG_HLCR, /* OCTOSPI: HyperBus latency */
	XSPI_REG_COUNT,
	XSPI_REG_NONE = XSPI_REG_COUNT,
};

/* Fields by role; a variant says in which register and bits each lives */
enum xspi_fld {
	XSPI_F_FMODE,
	XSPI_F_INSTRUCTION,
	XSPI_F_IMODE,
	XSPI_F_IDTR,
	XSPI_F_ISIZE,
	XSPI_F_ADMODE,
	XSPI_F_ADDTR,
	XSPI_F_ADSIZE,
	XSPI_F_ABMODE,
	XSPI_F_ABDTR,
	XSPI_F_ABSIZE,
	XSPI_F_DCYC,
	XSPI_F_DMODE,
	XSPI_F_DDTR,
	XSPI_F_DQSE,
	XSPI_F_SIOO,
	XSPI_F_DHQC,   /* QUADSPI CCR.DHHC, OCTOSPI TCR.DHQC */
	XSPI_F_SSHIFT, /* only where it is per-op (OCTOSPI TCR) */
	XSPI_F_ABORT,
	XSPI_F_TCEN,
	XSPI_F_PMM,
	XSPI_F_APMS,
	XSPI_F_DEVSIZE, /* QUADSPI DCR.FSIZE, OCTOSPI DCR1.DEVSIZE */
	XSPI_F_TEF,
	XSPI_F_TCF,
	XSPI_F_FTF,
	XSPI_F_SMF,
	XSPI_F_TOF,
	XSPI_F_BUSY,
	XSPI_F_FLEVEL,
	XSPI_F_CTEF,
	XSPI_F_CTCF,
	XSPI_F_CSMF,
	XSPI_F_CTOF,
	XSPI_F_DATALEN,   /* whole-register fields: the value goes */
	XSPI_F_ADDRESS,   /* to the role's register, so the memory- */
	XSPI_F_ALTERNATE, /* mapped write bank can redirect them */
	XSPI_F_PSMASK,
	XSPI_F_PSMATCH,
	XSPI_F_INTERVAL,
	XSPI_F_TIMEOUT,
	/* controller set-up (xspi_ctrl_encode_setup) */
	XSPI_F_EN,
	XSPI_F_PRESCALER, /* QUADSPI CR, OCTOSPI DCR2 */
	XSPI_F_DUAL,      /* QUADSPI CR.DFM, OCTOSPI CR.DQM */
	XSPI_F_FSEL,
	XSPI_F_FTHRES,
	XSPI_F_CR_SSHIFT, /* QUADSPI CR.SSHIFT (OCTOSPI: per op, TCR) */
	XSPI_F_CSHT,
	XSPI_F_MTYP,    /* OCTOSPI DCR1.MTYP */
	XSPI_F_CSBOUND, /* OCTOSPI DCR3.CSBOUND */
	XSPI_F_REFRESH, /* OCTOSPI DCR4.REFRESH */
	XSPI_F_HL_LM,   /* OCTOSPI HLCR: fixed latency */
	XSPI_F_HL_WZL,  /* write zero latency */
	XSPI_F_HL_TACC, /* access time, cycles */
	XSPI_F_HL_TRWR, /* read-write recovery, cycles */
	XSPI_F_COUNT,
};

/* Where one field lives; field.width == 0: the controller has none */
struct xspi_field_loc {
	uint8_t reg; /* enum xspi_reg */
	struct xspi_field field;
};

enum xspi_ctrl_kind {
	XSPI_CTRL_QUADSPI,
	XSPI_CTRL_OCTOSPI,
};

/*
 * Errata and field-report behaviours, as data (xspi_ctrl_variant.quirks);
 * sources in docs/facts/peripherals.md, "Known errata".
 */
/* ES0393 2.8.17 (#5): memory-mapped writes need WCCR.DQSE, DQS pin or not */
#define XSPI_QUIRK_MM_WRITE_DQSE XSPI_BIT(0U)
/* embassy-rs #6441 (#6): a DTR command without data needs DDTR = 1 */
#define XSPI_QUIRK_NODATA_DDTR   XSPI_BIT(1U)

struct xspi_ctrl_variant {
	const char *name;
	enum xspi_ctrl_kind kind;
	const uint16_t *reg;            /* [XSPI_REG_COUNT] offsets */
	const struct xspi_field_loc *f; /* [XSPI_F_COUNT] */
	/* fields of the memory-mapped write bank, NULL if there is none */
	const struct xspi_field_loc *wf;
	uint8_t fifo_bytes;
	uint8_t max_lines;     /* 4 or 8 */
	uint8_t max_cmd_bytes; /* instruction bytes: 1..4 */
	bool dtr;              /* any DTR phase at all */
	bool dual_flash;       /* DFM (QUADSPI) / DQM (OCTOSPI) */
	/*
	 * Register whose write starts a transfer that has neither address
	 * nor write data: CCR on QUADSPI, IR on OCTOSPI.
	 */
	uint8_t cmd_start_reg; /* enum xspi_reg */
	uint32_t quirks;       /* XSPI_QUIRK_* */
};

enum xspi_ctrl_mode {
	XSPI_MODE_INDIRECT_WRITE = 0, /* FMODE values, both controllers */
	XSPI_MODE_INDIRECT_READ = 1,
	XSPI_MODE_AUTO_POLL = 2,
	XSPI_MODE_MEMORY_MAPPED = 3,
};

/*
 * Per-memory / per-board settings that are not part of an operation. All
 * false is a safe default; NULL means all false.
 */
struct xspi_ctrl_cfg {
	/*
	 * The memory drives DQS on DTR reads: sample data on it (OCTOSPI
	 * CCR.DQSE on DTR data-in ops; MX25LM octal DTR, HyperRAM). STR ops
	 * never get DQSE from this: e.g. MX25LM drives no DQS in SPI mode.
	 */
	bool dqs_read;
	/* DQS/RWDS on DTR writes (HyperBus write mask): DQSE on data-out */
	bool dqs_write;
	/* Delay DTR output data (QUADSPI DHHC / OCTOSPI DHQC); DTR ops only */
	bool delay_hold;
	/* Sample half a cycle later (OCTOSPI TCR.SSHIFT; QUADSPI: CR, init) */
	bool sample_shift;
	/* Memory-mapped: send the instruction only once (SIOO) */
	bool sioo;
	/* Two memories side by side (QUADSPI DFM / OCTOSPI DQM set in CR) */
	bool dual_flash;
};

/* One register write: bits in mask take value; mask 0xFFFFFFFF = plain */
struct xspi_reg_write {
	uint16_t offset;
	uint32_t mask;
	uint32_t value;
};

/* A wait: until (reg[offset] & mask) == value; offset ABSENT = no wait */
struct xspi_reg_poll {
	uint16_t offset;
	uint32_t mask;
	uint32_t value;
};

struct xspi_reg_seq {
	struct xspi_reg_poll idle; /* before w[0]: controller not BUSY */
	unsigned int n;
	struct xspi_reg_write w[XSPI_REG_SEQ_MAX];
	/*
	 * Register whose write starts the transfer: XSPI_REG_CCR / IR / AR
	 * (then it is w[n-1]), XSPI_REG_DR (the first data write), or
	 * XSPI_REG_NONE (memory-mapped: the first bus access).
	 */
	enum xspi_reg start;
	uint16_t data_offset;      /* DR, or ABSENT without data */
	uint32_t data_len;         /* bytes through DR after w[] */
	struct xspi_reg_poll done; /* TCF (indirect) / SMF (polling) */
};

/* Auto-polling of a status register (QUADSPI / OCTOSPI PSMKR ... PIR) */
struct xspi_poll {
	uint32_t mask;      /* status bits that matter */
	uint32_t match;     /* their expected value */
	uint32_t interval;  /* CLK cycles between reads, 0..0xFFFF */
	bool match_any;     /* OR of the masked bits (PMM=1); else AND */
	bool stop_on_match; /* APMS: stop polling at the first match */
};

/* The abort sequence: request, wait for it, then clear the flags */
struct xspi_ctrl_abort {
	struct xspi_reg_write request; /* CR.ABORT = 1 */
	struct xspi_reg_poll wait;     /* CR.ABORT back to 0 (auto-reset) */
	struct xspi_reg_poll idle;     /* SR.BUSY = 0 */
	struct xspi_reg_write clear;   /* FCR: every flag */
};

/* Decoded SR */
struct xspi_ctrl_status {
	bool transfer_error;     /* TEF */
	bool transfer_complete;  /* TCF */
	bool fifo_threshold;     /* FTF */
	bool status_match;       /* SMF */
	bool timeout;            /* TOF */
	bool busy;               /* BUSY */
	unsigned int fifo_level; /* FLEVEL, bytes */
};

/* Error codes (all negative; 0 is success) */
enum xspi_ctrl_err {
	XSPI_CTRL_OK = 0,
	XSPI_CTRL_E_INVAL = -1,     /* NULL argument, bad enum, phase
					 * bytes and lines disagree */
	XSPI_CTRL_E_LINES = -2,     /* line count the variant lacks */
	XSPI_CTRL_E_CMD_SIZE = -3,  /* instruction bytes unsupported */
	XSPI_CTRL_E_DTR = -4,       /* DTR on a phase that cannot */
	XSPI_CTRL_E_DTR_MIXED = -5, /* phases sharing one DTR bit differ */
	XSPI_CTRL_E_DUMMY = -6,     /* more than 31 dummy cycles */
	XSPI_CTRL_E_ADDR_SIZE = -7, /* address over 4 bytes */
	XSPI_CTRL_E_ALT_SIZE = -8,  /* alternate bytes over 4 */
	XSPI_CTRL_E_VALUE = -9,     /* opcode/address/alt too wide */
	XSPI_CTRL_E_DATA_LEN = -10, /* data length wrong for the mode */
	XSPI_CTRL_E_DIR = -11,      /* data direction wrong for the mode */
	XSPI_CTRL_E_MODE = -12,     /* mode unsupported here */
	XSPI_CTRL_E_MM_ADDR = -13,  /* memory-mapped op without address */
	XSPI_CTRL_E_DUAL = -14,     /* dual-flash: unsupported / odd */
	XSPI_CTRL_E_INTERVAL = -15, /* polling interval over 16 bits */
	XSPI_CTRL_E_TIMEOUT = -16,  /* timeout count over 16 bits */
	XSPI_CTRL_E_SIZE = -17,     /* device size not 2^n, 2..2^32 */
	XSPI_CTRL_E_CFG = -18,      /* cfg asks for a missing feature */
};

/* The descriptor table, terminated by a row with name == NULL */
extern const struct xspi_ctrl_variant xspi_ctrl_variants[];

/* Row by name ("stm32h7-octospi"), or NULL */
const struct xspi_ctrl_variant *xspi_ctrl_find(const char *name);

/* First row of a kind, or NULL */
const struct xspi_ctrl_variant *xspi_ctrl_find_kind(enum xspi_ctrl_kind kind);

/* Offset of a register role in a variant, XSPI_REG_ABSENT if none */
uint16_t xspi_ctrl_reg(const struct xspi_ctrl_variant *v, enum xspi_reg reg);

/* Short text for an error code; never NULL */
const char *xspi_ctrl_strerror(int err);

/*
 * Indirect write / indirect read / memory-mapped read (no write op, no
 * timeout) for one op. XSPI_MODE_AUTO_POLL is refused with E_MODE: use
 * xspi_ctrl_encode_poll(). cfg may be NULL. Returns 0 or XSPI_CTRL_E_*;
 * seq is only meaningful on success.
 */
int xspi_ctrl_encode(const struct xspi_ctrl_variant *v, enum xspi_ctrl_mode mode,
                     const struct xspi_op *op, const struct xspi_ctrl_cfg *cfg,
                     struct xspi_reg_seq *seq);

/* Auto-polling: op reads 1..4 status bytes, compared as poll says. */
int xspi_ctrl_encode_poll(const struct xspi_ctrl_variant *v, const struct xspi_op *op,
                          const struct xspi_ctrl_cfg *cfg, const struct xspi_poll *poll,
                          struct xspi_reg_seq *seq);

/*
 * Memory-mapped mode: rd is the read op (data IN, nbytes 0), wr the
 * optional write op (data OUT, nbytes 0; NULL: read-only mapping, the
 * only choice on QUADSPI). timeout_cycles != 0 enables the low-power
 * timeout (LPTR, CR.TCEN) that releases nCS after that many idle cycles.
 */
int xspi_ctrl_encode_mm(const struct xspi_ctrl_variant *v, const struct xspi_op *rd,
                        const struct xspi_op *wr, const struct xspi_ctrl_cfg *cfg,
                        uint32_t timeout_cycles, struct xspi_reg_seq *seq);

/*
 * Masked DCR (DCR1) write for a device of size_bytes (2^n, 2..2^32):
 * FSIZE/DEVSIZE = log2(size) - 1. In dual-flash mode pass the sum of both.
 * The H7 "last bytes of memory-mapped area" erratum workaround (one size
 * larger, peripherals.md #1) is the caller's policy: pass 2 * size.
 */
int xspi_ctrl_devsize(const struct xspi_ctrl_variant *v, uint64_t size_bytes,
                      struct xspi_reg_write *w);

/* The abort sequence; also leaves memory-mapped and auto-polling mode. */
int xspi_ctrl_abort_seq(const struct xspi_ctrl_variant *v, struct xspi_ctrl_abort *ab);

/* Memory types (OCTOSPI DCR1.MTYP, RM0468); QUADSPI has only STANDARD */
enum xspi_mem_type {
	XSPI_MTYP_MICRON = 0,   /* D0/D1 byte order in 8-line DTR ("standard") */
	XSPI_MTYP_MACRONIX = 1, /* D1/D0 byte order in 8-line DTR */
	XSPI_MTYP_STANDARD = 2,
	XSPI_MTYP_MACRONIX_RAM = 3,
	XSPI_MTYP_HYPERBUS_MEM = 4, /* HyperBus memory space */
	XSPI_MTYP_HYPERBUS_REG = 5, /* HyperBus register space */
};

/*
 * Controller set-up: what is not part of an operation. Encoded as masked
 * writes of CR / DCR (DCR1..DCR4 on OCTOSPI), enable last, so the sequence
 * can be replayed on a controller that is idle (aborted or parked); bits
 * it does not set keep their value.
 */
struct xspi_ctrl_setup {
	uint32_t prescaler;      /* bus clock = kernel clock / (prescaler + 1) */
	uint64_t devsize;        /* bytes, 2^n (both memories in dual mode) */
	uint8_t cs_high;         /* nCS high between commands, cycles 1..8 */
	bool dual;               /* QUADSPI DFM / OCTOSPI DQM */
	uint8_t fsel;            /* single memory: 0 = memory 1, 1 = memory 2 */
	uint8_t fifo_threshold;  /* bytes, 1..fifo_bytes */
	bool sample_shift;       /* QUADSPI CR.SSHIFT (OCTOSPI: xspi_ctrl_cfg) */
	enum xspi_mem_type mtyp; /* OCTOSPI only; QUADSPI: must be MICRON (0) */
	uint8_t cs_boundary;     /* OCTOSPI DCR3.CSBOUND: nCS released at 2^n; 0 none */
	uint32_t refresh;        /* OCTOSPI DCR4.REFRESH cycles; 0 = off */
};

/* HyperBus latency (OCTOSPI HLCR) */
struct xspi_hbus_timing {
	uint8_t tacc;            /* initial latency, clock cycles */
	uint8_t trwr;            /* read-write recovery, clock cycles */
	bool fixed;              /* 2 x tacc always (LM); else RWDS decides */
	bool write_zero_latency; /* WZL: writes without latency (registers) */
};

int xspi_ctrl_encode_setup(const struct xspi_ctrl_variant *v, const struct xspi_ctrl_setup *s,
                           struct xspi_reg_seq *seq);

/*
 * Park an aborted controller in indirect read with a 1-line address
 * phase: nothing starts until an AR write, and later CR changes cannot
 * re-enter memory-mapped mode (QUADSPI keeps FMODE in CCR, which an abort
 * leaves as it was).
 */
int xspi_ctrl_encode_park(const struct xspi_ctrl_variant *v, struct xspi_reg_seq *seq);

/* HLCR write; XSPI_CTRL_E_MODE on a controller without HyperBus */
int xspi_ctrl_encode_hlcr(const struct xspi_ctrl_variant *v, const struct xspi_hbus_timing *t,
                          struct xspi_reg_write *w);

/*
 * OCTOSPIM (RM0468 "OCTOSPI I/O manager"): the PnCR value that gives port
 * n wholly to OCTOSPI instance (1 or 2) in octal: clock, nCS, DQS (when
 * dqs), IO[3:0] from the instance's IO[3:0] and IO[7:4] from its IO[7:4].
 * 0 for a bad instance.
 */
uint32_t xspi_octospim_port_value(unsigned int instance, bool dqs);
/* Does PnCR value pcr route instance's octal signals to the port? */
bool xspi_octospim_port_routes(uint32_t pcr, unsigned int instance, bool dqs);

/* Decode an SR value */
int xspi_ctrl_decode_sr(const struct xspi_ctrl_variant *v, uint32_t sr,
                        struct xspi_ctrl_status *st);

#endif /* XSPI_CTRL_H */
