#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
openocd-xspi benchmark (`make bench`; docs/bench.md).

Programs external QSPI and octal NOR on the vboard, paced in real time
(time-scale 1, `--probe stlink-v3`, `adapter speed 24000` after `reset
init`), with our `stm32xspi` driver and with OpenOCD's stock `stmqspi` driver, both run by
bin/openocd over the same CMSIS-DAP/TCP link, so that only the driver
differs. Per board and image size:

  ours   full       chips full of other random data: write_image erase + verify_image
  ours   unchanged  the same image again (the audit must show no erase, no program)
  ours   1 sector   the image with one 4 KiB block changed (one erase per chip)
  stock  full       stmqspi, the same image on the same starting data
  typical           datasheet-typical erase + page-program time for the same work

On a board with an external RAM (h735g-dk: HyperRAM at 0x70000000), one
more row: load_image + verify_image of a random image of that size into
it, against load_image of as many bytes into an internal RAM in the same
session (the link's limit), both RAMs dumped and compared here.

Every row runs a fresh vboard (its audit covers that row only); the chip
files of `full` rows are regenerated from a seed, so ours and stock start
from the same bytes. After each row the chip files are compared with what
they must hold (the image inside, the starting data outside): a check that
does not trust the driver's own verify.

Outputs: a table on stdout, <out>/results.json, <out>/bench.png (gnuplot),
logs in <out>/logs. Exit status 0 only when every row ran, every check
passed and the chart was written.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import time

KIB = 1024
MIB = 1024 * 1024

# Datasheet-typical times of the parts the vboard fits, as the vboard models
# them (vboard/vb_nor_parts.c, which cites the datasheets / SFDP dumps):
# page program (us) and erase time (us) per erase size. part_check()
# compares these with that file and warns when they drifted apart.
PARTS = {
    "MT25QL512ABB": {"size": 64 * MIB, "page": 256, "pp_us": 120,
                     "erase_us": {4 * KIB: 48000, 32 * KIB: 112000, 64 * KIB: 160000}},
    "W25Q128JV": {"size": 16 * MIB, "page": 256, "pp_us": 704,
                  "erase_us": {4 * KIB: 64000, 32 * KIB: 128000, 64 * KIB: 160000}},
    "N25Q128A": {"size": 16 * MIB, "page": 256, "pp_us": 120,
                 "erase_us": {4 * KIB: 48000, 64 * KIB: 160000}},
    "MX25LM51245G": {"size": 64 * MIB, "page": 256, "pp_us": 152,
                     "erase_us": {4 * KIB: 25000, 64 * KIB: 256000}},
}

# Boards: the vboard's name, our board file, the stock driver's board config
# (an OpenOCD board file adapted like tests/integration/test_vboard_stmqspi.sh
# does, or a file of ours in bench/), the part and the number of chips;
# "stats": the vboard stats section of the NOR's controller (default
# "qspi"); "ram": an external RAM that our board file maps at reset init,
# timed with load_image against the link's own limit: plain load_image
# writes into an internal RAM ("ref"), repeated until they carried as many
# bytes as the external RAM's image, in the same OpenOCD session.
# verify_image's CRC runs on the target: its work area ("work_area") lies
# outside both memories.
BOARDS = {
    "h750b-dk": {"ours": "board/h750_qspi.cfg", "stock": "stm32h750b-disco.cfg",
                 "part": "MT25QL512ABB", "chips": 2},
    "h750-w25q": {"ours": "board/h750_w25q_qspi.cfg", "stock": "bench:stmqspi_h750_w25q.cfg",
                  "part": "W25Q128JV", "chips": 1},
    "f746g-disco": {"ours": "board/f746_qspi.cfg", "stock": "stm32f746g-disco.cfg",
                    "part": "N25Q128A", "chips": 1},
    # OCTOSPI1, our driver in 8D-8D-8D; the stock file runs octospi_init 1
    # (octal DTR) in its reset-init. S70KL1281 HyperRAM on OCTOSPI2; AXI
    # SRAM 320 KiB and DTCM 128 KiB (RM0468 memory map).
    "h735g-dk": {"ours": "board/h735_ospi.cfg", "stock": "stm32h735g-disco.cfg",
                 "part": "MX25LM51245G", "chips": 1, "stats": "ospi1",
                 "ram": {"name": "HyperRAM", "base": 0x70000000, "size": 16 * MIB, "stats": "hyperram",
                         "ref": {"name": "AXI SRAM", "base": 0x24000000, "size": 320 * KIB},
                         "work_area": {"base": 0x20000000, "size": 128 * KIB}}},
}
BOARD_ORDER = ["h750b-dk", "h750-w25q", "f746g-disco", "h735g-dk"]

CHANGED_LEN = 4 * KIB  # the block changed in the "1 sector" case

VBOARD_READY_S = 10   # the vboard prints its ready line within this
VBOARD_EXIT_S = 15    # ... and exits this long after its client left
PORT_TRIES = 5
GNUPLOT_S = 60


def log(msg):
    print(f"bench: {msg}", flush=True)


# ---- datasheet-typical limits ---------------------------------------------


def part_check(srcdir):
    """Warn when vboard/vb_nor_parts.c no longer has the times above."""
    path = os.path.join(srcdir, "vboard", "vb_nor_parts.c")
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        return [f"cannot read {path}: {e}"]
    problems = []
    for name, p in PARTS.items():
        at = [i for i, l in enumerate(lines) if f'.name = "{name}"' in l]
        if not at:
            problems.append(f"{name}: not found in {path}")
            continue
        # the part's fields sit within a few lines of its name (some parts
        # share them through a macro just above the name): take the
        # nearest occurrence of each field
        win = range(max(0, at[0] - 15), min(len(lines), at[0] + 25))

        def nearest(pattern):
            hits = [(abs(i - at[0]), m) for i in win for m in [re.search(pattern, lines[i])] if m]
            return min(hits, key=lambda h: h[0])[1] if hits else None

        m = nearest(r"\.pp_typ_us = (\d+)")
        if not m or int(m.group(1)) != p["pp_us"]:
            problems.append(f"{name}: page program {p['pp_us']} us here, "
                            f"{m.group(1) if m else '?'} us in {path}")
        m = nearest(r"\.erase = \{(.*)\}")
        if m:
            pairs = re.findall(r"\{\s*KIB\((\d+)\),\s*(\d+)\s*\}", m.group(1))
            theirs = {int(k) * KIB: int(v) for k, v in pairs}
        else:
            theirs = None
        if theirs != p["erase_us"]:
            problems.append(f"{name}: erase times {p['erase_us']} here, {theirs} in {path}")
    return problems


def typical(board, size, case):
    """Datasheet-typical erase and program time (ms) of the work a case
    needs, chips in parallel (dual flash: each chip holds half)."""
    b = BOARDS[board]
    p = PARTS[b["part"]]
    if case == "unchanged":
        return {"erase_ms": 0.0, "program_ms": 0.0, "total_ms": 0.0,
                "how": "nothing to erase or program"}
    if case == "full":
        per_chip = size // b["chips"]
        big = max(p["erase_us"])
        n_erase = -(-per_chip // big)
        n_pages = -(-per_chip // p["page"])
        erase = n_erase * p["erase_us"][big] / 1000.0
        how = (f"per chip: {n_erase} x {big // KIB} KiB erase ({p['erase_us'][big] / 1000:g} ms)"
               f" + {n_pages} pages ({p['pp_us']} us)")
    else:  # one 4 KiB block changed: the smallest erase that covers it, its pages again
        small = min(p["erase_us"])
        n_pages = small // p["page"]
        erase = p["erase_us"][small] / 1000.0
        how = (f"per chip: 1 x {small // KIB} KiB erase ({erase:g} ms) + {n_pages} pages "
               f"({p['pp_us']} us)")
    program = n_pages * p["pp_us"] / 1000.0
    return {"erase_ms": erase, "program_ms": program, "total_ms": erase + program, "how": how}


# ---- data: chips and images ------------------------------------------------


def rand_bytes(tag, n):
    return random.Random(f"openocd-xspi bench {tag}").randbytes(n)


def chip_view(data, chips, i):
    """The bytes of an image that chip i holds (dual flash: chip 1 the
    even bytes, chip 2 the odd ones; vboard/vb_xspi.c, RM0433 QUADSPI)."""
    return data if chips == 1 else data[i::chips]


# ---- processes -------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Vboard:
    """One vboard process: started with a deadline for its ready line,
    stopped with a deadline (it exits by itself when OpenOCD leaves)."""

    def __init__(self, exe, board, args, logpath):
        self.proc = None
        for _ in range(PORT_TRIES):
            self.port = free_port()
            self.logf = open(logpath, "w")
            self.proc = subprocess.Popen(
                [exe, "--board", board, "--dap-port", str(self.port), "--bitbang-port", "0"] + args,
                stdout=self.logf, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + VBOARD_READY_S
            while time.monotonic() < deadline:
                text = open(logpath).read()
                if " ready" in text:
                    return
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            self.stop()
            text = open(logpath).read()
            if "cannot listen" not in text:
                raise RuntimeError(f"the vboard did not get ready within {VBOARD_READY_S} s: "
                                   + " | ".join(text.strip().splitlines()[-3:]))
        raise RuntimeError(f"the vboard found no free port in {PORT_TRIES} tries")

    def stop(self):
        """Returns True when the vboard exited by itself."""
        if not self.proc:
            return True
        by_itself = True
        try:
            self.proc.wait(timeout=VBOARD_EXIT_S)
        except subprocess.TimeoutExpired:
            by_itself = False
            self.proc.terminate()  # it writes its stats on SIGTERM too
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.logf.close()
        self.proc = None
        return by_itself


def stock_cfg(ctx, board, path):
    """The stock driver's board config for the vboard: OpenOCD's own board
    file with the ST-LINK lines replaced (as test_vboard_stmqspi.sh does),
    or bench/<file>."""
    name = BOARDS[board]["stock"]
    if name.startswith("bench:"):
        return os.path.join(ctx.srcdir, "bench", name[len("bench:"):])
    for d in (os.path.join(ctx.builddir, "openocd", "source", "tcl", "board"),
              "/usr/share/openocd/scripts/board"):
        src = os.path.join(d, name)
        if os.path.isfile(src):
            break
    else:
        raise RuntimeError(f"OpenOCD's board/{name} not found (is OpenOCD's source unpacked in the build?)")
    text = open(src).read()
    text = text.replace("source [find interface/stlink.cfg]", "source [find interface/vboard.cfg]")
    text = re.sub(r"(?m)^transport select hla_swd\s*$", "", text)
    with open(path, "w") as f:
        f.write(text)
    return path


# ---- the audit -------------------------------------------------------------


def audit_summary(chip, part):
    """Counts from one chip's audit, and the chip's own busy time for the
    commands it got (datasheet-typical): what the driver asked of the chip,
    apart from how long it took to ask."""
    a = chip.get("audit", [])
    erases = [x for x in a if x["op"] in ("erase", "chip_erase")]
    sizes = {}
    for x in erases:
        sizes[x["len"]] = sizes.get(x["len"], 0) + 1
    p = PARTS[part]
    return {
        "erase_typ_ms": sum(p["erase_us"].get(x["len"], 0) for x in erases) / 1000.0,
        "program_typ_ms": sum(1 for x in a if x["op"] == "program") * p["pp_us"] / 1000.0,
        "part": chip.get("part"),
        "erases": len(erases),
        "erase_sizes": {str(k): v for k, v in sorted(sizes.items(), reverse=True)},
        "programs": sum(1 for x in a if x["op"] == "program"),
        "bytes_programmed": chip.get("bytes_programmed"),
        "refused": chip.get("refused"),
        "audit_dropped": chip.get("audit_dropped"),
    }


def erase_sizes_text(s):
    return "+".join(f"{v}x{int(k) // KIB}K" for k, v in s["erase_sizes"].items()) or "none"


def erase_phase_ms(chip, part, time_scale):
    """Time the chip spent in erase phases, from the audit's modelled
    timestamps: each run of consecutive erase commands lasts until the next
    command after it (the driver saw the last erase done and moved on),
    or, when nothing follows, until the last erase's typical end."""
    a = sorted(chip.get("audit", []), key=lambda x: x["t_ns"])
    total = 0
    i = 0
    while i < len(a):
        if a[i]["op"] not in ("erase", "chip_erase"):
            i += 1
            continue
        t0 = a[i]["t_ns"]
        j = i
        while j < len(a) and a[j]["op"] in ("erase", "chip_erase"):
            j += 1
        if j < len(a):
            t1 = a[j]["t_ns"]
        else:
            last = a[j - 1]
            t1 = last["t_ns"] + PARTS[part]["erase_us"].get(last["len"], 0) * 1000 * time_scale
        total += t1 - t0
        i = j
    return total / 1e6


# ---- one row ---------------------------------------------------------------


class Ctx:
    pass


def run_openocd(ctx, board, driver, img, tag, deadline_s, script="bench.tcl", tcl_vars=(),
                flash_files=None):
    """One vboard and one bin/openocd run of bench/SCRIPT (bench.tcl: one
    flash program; bench_ram.tcl: RAM loads), with TCL_VARS (name, value)
    set before it. Returns the step times (ms), an error text or None, the
    vboard stats and the log path."""
    logs = ctx.logdir
    if flash_files is None:
        flash_files = ctx.chip_files
    if driver == "stm32xspi":
        cfg = ["-c", "set XSPI_BOOT_EXTERNAL 0", "-f", "interface/vboard.cfg",
               "-f", BOARDS[board]["ours"]]
    else:
        cfg = ["-f", stock_cfg(ctx, board, os.path.join(ctx.workdir, f"stock-{board}.cfg"))]
    vb = Vboard(ctx.vboard, board,
                ["--probe", ctx.probe, "--time-scale", str(ctx.time_scale),
                 "--stats", os.path.join(logs, f"{tag}.stats.json")]
                + sum((["--flash-file", f] for f in flash_files), []),
                os.path.join(logs, f"{tag}.vb.log"))
    port_args = ["-c", "set VBOARD_LINK dap", "-c", f"set VBOARD_PORT {vb.port}"]
    cmd = ([ctx.openocd] + port_args + cfg +
           ["-c", "gdb_port disabled", "-c", "telnet_port disabled", "-c", "tcl_port disabled",
            "-c", f"set bench_driver {driver}", "-c", f"set bench_img {img}",
            "-c", f"set bench_speed {ctx.speed}"]
           + sum((["-c", f"set {k} {v}"] for k, v in tcl_vars), [])
           + ["-f", os.path.join(ctx.srcdir, "bench", script)])
    oocd_log = os.path.join(logs, f"{tag}.oocd.log")
    error = None
    try:
        with open(oocd_log, "w") as f:
            rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=deadline_s).returncode
    except subprocess.TimeoutExpired:
        rc = None
        error = f"OpenOCD did not finish within its deadline of {deadline_s:.0f} s"
    finally:
        exited = vb.stop()
    text = open(oocd_log, errors="replace").read()
    steps = {}
    for m in re.finditer(r"(?m)^BENCH step (\S+) (\d+)$", text):
        steps[m.group(1)] = int(m.group(2))
    m = re.search(r"(?m)^BENCH error (\S+) (.*)$", text)
    if m and not error:
        # the Tcl error text is often only the last line OpenOCD printed:
        # add the Error lines before the failure
        before = text[:m.start()].splitlines()
        errs = [l for l in before if l.startswith("Error")][-1:]
        error = f"step '{m.group(1)}' failed: " + " | ".join(errs + [m.group(2).strip(" |")])
    if not error and "BENCH done" not in text:
        last = [l for l in text.splitlines() if l.startswith("Error")][-3:]
        error = f"OpenOCD stopped early (exit {rc}): " + (" | ".join(last) or "see " + oocd_log)
    if not error and rc != 0:
        error = f"OpenOCD exited with {rc}"
    stats = None
    try:
        with open(os.path.join(logs, f"{tag}.stats.json")) as f:
            stats = json.load(f)
    except (OSError, ValueError) as e:
        error = error or f"no vboard stats ({e})"
    if not exited:
        ctx.notes.append(f"{tag}: the vboard did not exit by itself within {VBOARD_EXIT_S} s (terminated)")
    return steps, error, stats, oocd_log


def check(row, name, ok, detail=""):
    row["checks"].append({"name": name, "ok": bool(ok), "detail": detail})


def content_check(ctx, row, board, base_chips, img):
    """The chip files hold the image inside its range and the starting
    data outside it."""
    chips = BOARDS[board]["chips"]
    for i, path in enumerate(ctx.chip_files):
        with open(path, "rb") as f:
            now = f.read()
        want = chip_view(img, chips, i)
        n = len(want)
        inside = now[:n] == want
        outside = now[n:] == base_chips[i][n:]
        detail = ""
        if not inside:
            bad = next(k for k in range(n) if now[k] != want[k])
            detail = f"chip {i + 1}: first difference in the image range at chip offset 0x{bad:x}"
        elif not outside:
            bad = next(k for k in range(n, len(now)) if now[k] != base_chips[i][k])
            detail = f"chip {i + 1}: changed outside the image at chip offset 0x{bad:x}"
        check(row, f"chip {i + 1} holds the image, nothing outside it changed", inside and outside, detail)


def run_recorded(ctx, row, *args, **kwargs):
    """run_openocd(ctx, *args, **kwargs), its steps, log and the 1-minute
    load average around it recorded in row (the vboard paces itself in
    wall-clock time, so a machine busy with other work stretches the
    times). None (row marked FAILED) when it could not run."""
    load0 = os.getloadavg()[0]
    try:
        steps, error, stats, oocd_log = run_openocd(ctx, *args, **kwargs)
    except (RuntimeError, OSError) as e:
        row["status"] = f"FAILED: {e}"
        log(row["status"])
        return None
    row["load1"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
    row["log"] = os.path.relpath(oocd_log, ctx.out)
    row["steps_ms"] = steps
    return steps, error, stats, oocd_log


def run_row(ctx, board, size, driver, case, img, img_path, base_chips, changed_at=None):
    b = BOARDS[board]
    tag = (f"{board}-{size // MIB}M-{'ours' if driver == 'stm32xspi' else 'stock'}-{case.replace(' ', '')}"
           + (f"-run{ctx.rep + 1}" if ctx.repeat > 1 else ""))
    row = {"board": board, "size": size, "driver": driver, "case": case, "status": "ok",
           "checks": [], "log": None}
    typ_full = typical(board, size, "full")["total_ms"] / 1000.0
    deadline = 120 + 6 * typ_full
    log(f"{board} {size // MIB} MiB {driver} {case} (deadline {deadline:.0f} s)")
    res = run_recorded(ctx, row, board, driver, img_path, tag, deadline)
    if res is None:
        return row
    steps, error, stats, oocd_log = res
    if "write" in steps:
        row["write_ms"] = steps["write"]
    if "verify" in steps:
        row["verify_ms"] = steps["verify"]
    if "write" in steps and "verify" in steps:
        row["total_ms"] = steps["write"] + steps["verify"]
        row["kib_s"] = size / KIB / (row["total_ms"] / 1000.0) if row["total_ms"] else None
    if stats:
        chips = stats.get(b.get("stats", "qspi"), {}).get("chips", [])
        row["audit"] = [audit_summary(c, b["part"]) for c in chips]
        row["guest_errors"] = stats.get("guest_errors")
        # the whole OpenOCD session (init, reset init, probe, write, verify)
        row["link_session"] = {k: stats.get(k) for k in
                               ("dap_transfers", "round_trips", "mem_read_bytes", "mem_write_bytes")}
        if chips and "write_ms" in row:
            e = erase_phase_ms(chips[0], b["part"], ctx.time_scale)
            row["erase_ms"] = e
            row["program_ms"] = max(0.0, row["write_ms"] - e)
        per_chip = size // b["chips"]
        for i, c in enumerate(chips):
            au = c.get("audit", [])
            er = [x for x in au if x["op"] in ("erase", "chip_erase")]
            pr = [x for x in au if x["op"] == "program"]
            if c.get("audit_dropped"):
                check(row, f"chip {i + 1}: audit complete", False, f"{c['audit_dropped']} entries dropped")
            if case == "unchanged":
                check(row, f"chip {i + 1}: no erase, no program", not er and not pr,
                      f"{len(er)} erases, {len(pr)} programs")
            elif case == "1 sector":
                lo = changed_at // b["chips"]
                hi = lo + CHANGED_LEN // b["chips"]
                covers = len(er) == 1 and er[0]["addr"] <= lo and er[0]["addr"] + er[0]["len"] >= hi
                check(row, f"chip {i + 1}: exactly one erase, over the changed block", covers,
                      "erases: " + ", ".join(f"{x['len'] // KIB} KiB at 0x{x['addr']:x}" for x in er))
            else:
                outside = [x for x in er if x["addr"] + x["len"] > per_chip or x["op"] == "chip_erase"]
                check(row, f"chip {i + 1}: erases only inside the image", not outside,
                      ", ".join(f"{x['len'] // KIB} KiB at 0x{x['addr']:x}" for x in outside[:4]))
    if error:
        row["status"] = f"FAILED: {error}"
        log(row["status"])
    else:
        content_check(ctx, row, board, base_chips, img)
    for c in row["checks"]:
        if not c["ok"]:
            log(f"check failed: {tag}: {c['name']}: {c['detail']}")
    return row


def write_chips(ctx, board, size):
    """Fresh chip files full of random data (the same bytes each time for a
    board and size). Returns each chip's starting bytes."""
    b = BOARDS[board]
    part = PARTS[b["part"]]
    base = []
    for i, path in enumerate(ctx.chip_files):
        data = rand_bytes(f"chip {board} {size} {i}", part["size"])
        with open(path, "wb") as f:
            f.write(data)
        base.append(data)
    return base


def same_bytes(path, want):
    """'' when the file holds WANT, else where it first differs."""
    try:
        with open(path, "rb") as f:
            got = f.read()
    except OSError as e:
        return f"no dump ({e})"
    if got == want:
        return ""
    if len(got) != len(want):
        return f"{len(got)} bytes dumped, {len(want)} expected"
    return f"first difference at offset 0x{next(k for k in range(len(want)) if got[k] != want[k]):x}"


def run_ram_row(ctx, board, size, d):
    """The board's external RAM: load_image of a random image at its base,
    then verify_image and a dump compared here; in the same session, the
    link's limit: the reference RAM filled with load_image as many times as
    it takes to carry as many bytes (the last load may be partial)."""
    ram = BOARDS[board]["ram"]
    ref, wa = ram["ref"], ram["work_area"]
    img = rand_bytes(f"ram image {board} {size}", size)
    ref_len = min(ref["size"], size)  # the largest load that fits
    ref_img = rand_bytes(f"ram reference {board}", ref_len)
    n_ref = -(-size // ref_len)
    last = size - (n_ref - 1) * ref_len
    paths = {k: os.path.join(d, f"{k}.bin") for k in ("ram", "ref", "ram-dump", "ref-dump")}
    for k, data in (("ram", img), ("ref", ref_img)):
        with open(paths[k], "wb") as f:
            f.write(data)
    tag = f"{board}-{size // MIB}M-ram" + (f"-run{ctx.rep + 1}" if ctx.repeat > 1 else "")
    row = {"board": board, "size": size, "driver": "load_image", "case": ram["name"], "status": "ok",
           "checks": [], "log": None, "ram_base": ram["base"], "ref": dict(ref, size=ref_len),
           "ref_loads": n_ref, "ref_last": last,
           "ref_bytes": size}
    log(f"{board} {size // MIB} MiB load_image {ram['name']} (and {ref['name']}: "
        f"{n_ref} loads of up to {ref_len // KIB} KiB)")
    tcl_vars = [("bench_ram_base", f"0x{ram['base']:x}"), ("bench_ram_size", size),
                ("bench_ref_img", paths["ref"]), ("bench_ref_base", f"0x{ref['base']:x}"),
                ("bench_ref_size", ref_len), ("bench_ref_n", n_ref), ("bench_ref_last", last),
                ("bench_work_area", f"{{0x{wa['base']:x} 0x{wa['size']:x}}}"),
                ("bench_ram_dump", paths["ram-dump"]), ("bench_ref_dump", paths["ref-dump"])]
    res = run_recorded(ctx, row, board, "stm32xspi", paths["ram"], tag, 120 + size / (20 * KIB),
                       "bench_ram.tcl", tcl_vars, flash_files=[])
    if res is None:
        return row
    steps, error, stats, oocd_log = res
    refs = [steps.get(f"ref_load{i + 1}") for i in range(n_ref)]
    if None not in refs and all(refs):
        # the reference's time for the image's byte count (its loads carried exactly that)
        row["ref_ms"] = sum(refs)
        row["link_kib_s"] = size / KIB / (row["ref_ms"] / 1000.0)
    if steps.get("ram_load"):
        row["load_ms"] = steps["ram_load"]
        row["kib_s"] = size / KIB / (row["load_ms"] / 1000.0)
        if "link_kib_s" in row:
            row["vs_link"] = row["kib_s"] / row["link_kib_s"]
    if "ram_verify" in steps:
        row["verify_ms"] = steps["ram_verify"]
        if "load_ms" in row:
            row["total_ms"] = row["load_ms"] + row["verify_ms"]
    if stats:
        row["link_session"] = {k: stats.get(k) for k in
                               ("dap_transfers", "round_trips", "mem_read_bytes", "mem_write_bytes")}
        row["guest_errors"] = stats.get("guest_errors")
        row["ram_stats"] = stats.get(ram["stats"])
    if error:
        row["status"] = f"FAILED: {error}"
        log(row["status"])
    else:
        # a check that trusts neither verify_image nor the CRC on the target
        why = same_bytes(paths["ram-dump"], img)
        check(row, f"dump_image of the {ram['name']} equals the image", not why, why)
        why = same_bytes(paths["ref-dump"], ref_img)
        check(row, f"dump_image of the {ref['name']} equals its image", not why, why)
        sent = (stats or {}).get("mem_write_bytes") or 0
        check(row, "the link carried every byte written (vboard mem_write_bytes)", sent >= 2 * size,
              f"{sent} bytes written over the link, {2 * size} loaded")
        errs = (row.get("ram_stats") or {}).get("guest_errors")
        check(row, f"the {ram['name']} model saw no misuse", errs == 0, f"guest_errors {errs}")
    for c in row["checks"]:
        if not c["ok"]:
            log(f"check failed: {tag}: {c['name']}: {c['detail']}")
    for path in paths.values():
        if os.path.exists(path):
            os.remove(path)
    return row


def bench_board_size(ctx, board, size):
    b = BOARDS[board]
    d = os.path.join(ctx.workdir, f"{board}-{size // MIB}M")
    os.makedirs(d, exist_ok=True)
    ctx.chip_files = [os.path.join(d, f"chip{i + 1}.bin") for i in range(b["chips"])]
    img = rand_bytes(f"image {board} {size}", size)
    img_path = os.path.join(d, "image.bin")
    with open(img_path, "wb") as f:
        f.write(img)
    changed_at = (size // 2) & ~(8 * KIB - 1)  # 8 KiB aligned: one 4 KiB sector per chip in dual
    img2 = bytearray(img)
    img2[changed_at:changed_at + CHANGED_LEN] = rand_bytes(f"change {board} {size}", CHANGED_LEN)
    img2 = bytes(img2)
    img2_path = os.path.join(d, "image-1sector.bin")
    with open(img2_path, "wb") as f:
        f.write(img2)

    rows = []
    base = write_chips(ctx, board, size)
    full = run_row(ctx, board, size, "stm32xspi", "full", img, img_path, base)
    rows.append(full)
    if full["status"] == "ok":
        rows.append(run_row(ctx, board, size, "stm32xspi", "unchanged", img, img_path, base))
        rows.append(run_row(ctx, board, size, "stm32xspi", "1 sector", img2, img2_path, base,
                            changed_at=changed_at))
    else:
        for case in ("unchanged", "1 sector"):
            rows.append({"board": board, "size": size, "driver": "stm32xspi", "case": case,
                         "status": "skipped: the full program failed", "checks": []})
    base = write_chips(ctx, board, size)
    rows.append(run_row(ctx, board, size, "stmqspi", "full", img, img_path, base))
    for case in ("full", "1 sector"):
        t = typical(board, size, case)
        rows.append({"board": board, "size": size, "driver": "typical", "case": case,
                     "status": "ok", "checks": [], "erase_ms": t["erase_ms"],
                     "program_ms": t["program_ms"], "total_ms": t["total_ms"],
                     # a rate only for writing the whole image
                     "kib_s": size / KIB / (t["total_ms"] / 1000.0) if case == "full" else None,
                     "how": t["how"]})
    if b.get("ram"):
        rows.append(run_ram_row(ctx, board, size, d))
    for path in ctx.chip_files + [img_path, img2_path]:
        os.remove(path)
    os.rmdir(d)
    return rows


# ---- ratios, table, chart --------------------------------------------------


def pick_runs(runs):
    """Rows of several repetitions of one board and size: per row, the
    repetition with the shortest total (other work on the machine only ever
    adds time), or the first failed one when any failed; every
    repetition's checks are kept."""
    out = []
    for reps in zip(*runs):
        failed = [r for r in reps if r["status"] != "ok"]
        timed = [r for r in reps if r.get("total_ms") is not None]
        best = dict(failed[0] if failed else min(timed, key=lambda r: r["total_ms"]) if timed else reps[0])
        if len(reps) > 1 and best["driver"] != "typical":
            best["runs_total_ms"] = [r.get("total_ms") for r in reps]
            best["checks"] = [dict(c, name=f"run {i + 1}: {c['name']}")
                              for i, r in enumerate(reps) for c in r["checks"]]
        out.append(best)
    return out


def add_ratios(rows):
    for r in rows:
        if r.get("total_ms") is None or r["driver"] == "load_image":
            continue
        stock = next((s for s in rows if s["board"] == r["board"] and s["size"] == r["size"]
                      and s["driver"] == "stmqspi" and s.get("total_ms")), None)
        case = "full" if r["driver"] == "stmqspi" else r["case"]
        typ = typical(r["board"], r["size"], case)["total_ms"]
        # a stock user re-programs the whole image: the "1 sector" and
        # "unchanged" rows of ours are compared with stock's full program;
        # the typical time of one sector is not a program of the image
        ok = stock and not (r["driver"] == "typical" and r["case"] != "full")
        r["vs_stock"] = r["total_ms"] / stock["total_ms"] if ok else None
        r["vs_typical"] = r["total_ms"] / typ if typ and r["driver"] != "typical" else None


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def table(rows):
    """The table's header and cells (strings); a row that did not run
    shows what it measured and its status in the last column."""
    head = ["board", "size", "driver", "case", "erase ms", "program ms", "verify ms",
            "total ms", "KiB/s", "vs stock", "vs typical", "status"]
    out = []
    for r in rows:
        if r["driver"] == "load_image":
            continue  # ram_table()
        driver = {"stm32xspi": "ours", "stmqspi": "stock stmqspi"}.get(r["driver"], r["driver"])
        out.append([r["board"], f"{r['size'] // MIB} MiB", driver, r["case"],
                    fmt(r.get("erase_ms"), ".0f"), fmt(r.get("program_ms"), ".0f"),
                    fmt(r.get("verify_ms"), ".0f"), fmt(r.get("total_ms"), ".0f"),
                    fmt(r.get("kib_s"), ".0f"),
                    fmt(r.get("vs_stock"), ".2f"), fmt(r.get("vs_typical"), ".2f"), status_cell(r)])
    return head, out


def status_cell(r):
    return r["status"] if r["status"] != "ok" or all(c["ok"] for c in r["checks"]) else "CHECK FAILED"


def ram_table(rows):
    """The RAM rows' header and cells: load_image into the external RAM
    against the same bytes loaded into the internal reference RAM."""
    head = ["board", "size", "memory", "load ms", "verify ms", "KiB/s", "link", "link ms",
            "link KiB/s", "vs link", "status"]
    out = []
    for r in rows:
        if r["driver"] != "load_image":
            continue
        ref = r["ref"]
        out.append([r["board"], f"{r['size'] // MIB} MiB", f"{r['case']} 0x{r['ram_base']:08x}",
                    fmt(r.get("load_ms"), ".0f"), fmt(r.get("verify_ms"), ".0f"),
                    fmt(r.get("kib_s"), ".0f"),
                    f"{ref['name']} {r['ref_loads']} x {ref['size'] // KIB} KiB"
                    if r["ref_last"] == ref["size"] else
                    f"{ref['name']} {r['ref_loads'] - 1} x {ref['size'] // KIB} + "
                    f"{r['ref_last'] / KIB:g} KiB",
                    fmt(r.get("ref_ms"), ".0f"), fmt(r.get("link_kib_s"), ".0f"),
                    fmt(r.get("vs_link"), ".2f"), status_cell(r)])
    return head, out


def format_table(head, out, md=False, left=range(4)):
    """Text columns (indexes LEFT and the last) align left, numbers right."""
    last = len(head) - 1
    if md:
        lines = ["| " + " | ".join(head) + " |",
                 "|" + "|".join(" --- " if i in left or i == last else " ---: "
                                for i in range(len(head))) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in out])
    widths = [max(len(x[i]) for x in [head] + out) for i in range(last)]

    def line(cells):
        return "  ".join([c.ljust(widths[i]) if i in left else c.rjust(widths[i])
                          for i, c in enumerate(cells[:last])] + [cells[last]])
    return "\n".join([line(head), "  ".join("-" * w for w in widths + [6])] + [line(r) for r in out])


RAM_TEXT_COLS = (0, 1, 2, 6)


def chart(ctx, rows):
    """bench.png through gnuplot: total time per row, grouped by board and
    size (log scale: re-programming an unchanged image is 1000x faster than
    a full program). With RAM rows, two more bars per group: load_image
    into the external RAM, and the same bytes into the internal reference
    RAM (the link's limit)."""
    gp = shutil.which("gnuplot")
    if not gp:
        return "gnuplot is not installed (scripts/install-deps.sh installs gnuplot-nox): no chart"
    series = [("stm32xspi", "full"), ("stm32xspi", "unchanged"), ("stm32xspi", "1 sector"),
              ("stmqspi", "full"), ("typical", "full")]
    ram = any(r["driver"] == "load_image" for r in rows)
    dat = os.path.join(ctx.out, "chart.dat")
    groups = []
    for r in rows:
        g = (r["board"], r["size"])
        if g not in groups:
            groups.append(g)
    with open(dat, "w") as f:
        f.write("# group ours-full ours-unchanged ours-1sector stock-full typical-full (total ms)"
                + (" ram-load ram-link (load_image ms)" if ram else "") + "\n")
        for g in groups:
            vals = []
            for drv, case in series:
                r = next((x for x in rows if (x["board"], x["size"]) == g and x["driver"] == drv
                          and x["case"] == case), None)
                v = r.get("total_ms") if r and r["status"] == "ok" else None
                vals.append("?" if v is None else f"{v:.1f}")
            if ram:
                r = next((x for x in rows if (x["board"], x["size"]) == g
                          and x["driver"] == "load_image" and x["status"] == "ok"), None)
                vals += ["?" if not r or r.get(k) is None else f"{r[k]:.1f}" for k in ("load_ms", "ref_ms")]
            f.write(f"\"{g[0]}\\n{g[1] // MIB} MiB\" " + " ".join(vals) + "\n")
    png = os.path.join(ctx.out, "bench.png")
    try:
        r = subprocess.run([gp, "-e", f"datafile='{dat}'; outfile='{png}'; subtitle='{ctx.subtitle}'; "
                            f"ram={int(ram)}",
                            os.path.join(ctx.srcdir, "bench", "bench.gp")],
                           capture_output=True, text=True, timeout=GNUPLOT_S)
    except subprocess.TimeoutExpired:
        return f"gnuplot did not finish within {GNUPLOT_S} s"
    if r.returncode != 0 or not os.path.isfile(png):
        return f"gnuplot failed: {r.stderr.strip()[:400]}"
    return None


# ---- main --------------------------------------------------------------------


def machine_note():
    cpu = "?"
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Linux {platform.release()}, Python {platform.python_version()}"


def git_rev(srcdir):
    try:
        rev = subprocess.run(["git", "-C", srcdir, "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
        return rev or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="stm32xspi vs stmqspi vs datasheet-typical, on the vboard")
    ap.add_argument("--builddir", default=os.environ.get("XSPI_BUILDDIR", os.path.join(here, "..", "build")))
    ap.add_argument("--srcdir", default=os.environ.get("XSPI_SRCDIR", os.path.join(here, "..")))
    ap.add_argument("--out", help="output directory (default BUILDDIR/bench)")
    ap.add_argument("--quick", action="store_true", help="1 MiB only, one board (--board, default h750b-dk)")
    ap.add_argument("--board", action="append", choices=BOARD_ORDER, help="only this board (repeatable)")
    ap.add_argument("--size", action="append", type=int, choices=[1, 8], help="only this size in MiB (repeatable)")
    ap.add_argument("--probe", default="stlink-v3", help="vboard probe profile (default stlink-v3)")
    ap.add_argument("--speed", type=int, default=24000, help="adapter speed in kHz after reset init (default 24000)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each board and size N times, keep each row's fastest run (default 1)")
    ap.add_argument("--label", default="", help="free text kept in results.json (e.g. which commit was built)")
    ap.add_argument("--time-scale", type=float, default=1.0,
                    help="vboard time scale (default 1: real time; other values are for trying the script only)")
    args = ap.parse_args()

    ctx = Ctx()
    ctx.srcdir = os.path.abspath(args.srcdir)
    ctx.builddir = os.path.abspath(args.builddir)
    ctx.out = os.path.abspath(args.out or os.path.join(ctx.builddir, "bench"))
    ctx.openocd = os.path.join(ctx.builddir, "bin", "openocd")
    ctx.vboard = os.path.join(ctx.builddir, "bin", "vboard")
    ctx.probe, ctx.speed, ctx.time_scale = args.probe, args.speed, args.time_scale
    ctx.notes = []
    ctx.repeat, ctx.rep = max(1, args.repeat), 0
    for exe in (ctx.openocd, ctx.vboard):
        if not os.access(exe, os.X_OK):
            log(f"{exe} is missing: build first (make)")
            return 2
    boards = args.board or (["h750b-dk"] if args.quick else BOARD_ORDER)
    if args.quick and len(boards) > 1:
        boards = boards[:1]
    sizes = [s * MIB for s in (args.size or ([1] if args.quick else [1, 8]))]
    if args.quick:
        sizes = [MIB]
    ctx.logdir = os.path.join(ctx.out, "logs")
    ctx.workdir = os.path.join(ctx.out, "work")
    shutil.rmtree(ctx.logdir, ignore_errors=True)
    os.makedirs(ctx.logdir)
    os.makedirs(ctx.workdir, exist_ok=True)

    for p in part_check(ctx.srcdir):
        ctx.notes.append(f"typical times: {p}")
        log(f"warning: typical times: {p}")
    if ctx.time_scale != 1:
        ctx.notes.append(f"time-scale {ctx.time_scale:g}: times are not real-time; do not compare")
    started = datetime.datetime.now().astimezone()
    ctx.subtitle = (f"{started:%Y-%m-%d}, vboard time-scale {ctx.time_scale:g}, probe {ctx.probe}, "
                    f"adapter speed {ctx.speed} kHz")
    log(f"boards {', '.join(boards)}; sizes {', '.join(f'{s // MIB} MiB' for s in sizes)}; "
        f"probe {ctx.probe}, adapter speed {ctx.speed} kHz, time-scale {ctx.time_scale:g}; out {ctx.out}")

    rows = []
    t0 = time.monotonic()
    try:
        for board in boards:
            for size in sizes:
                runs = []
                for ctx.rep in range(ctx.repeat):
                    runs.append(bench_board_size(ctx, board, size))
                rows += pick_runs(runs)
    except KeyboardInterrupt:
        ctx.notes.append("interrupted: the results are incomplete")
        log("interrupted: printing what was measured")
    add_ratios(rows)
    # the bench's own vboard and OpenOCD account for a load of about 1.5-2
    busy = [r for r in rows if max(r.get("load1", [0])) > (os.cpu_count() or 1) + 0.5]
    if busy:
        worst = max(max(r["load1"]) for r in busy)
        ctx.notes.append(f"the machine was busy during {len(busy)} row(s) (1-minute load average up to "
                         f"{worst:.1f} on {os.cpu_count()} CPUs, the bench's own processes included): "
                         f"their wall-clock times may be longer than the modelled board's (load1 in "
                         f"results.json; --repeat keeps each row's fastest run)")

    head, out = table(rows)
    ram_head, ram_out = ram_table(rows)
    print()
    print(format_table(head, out))
    print()
    if ram_out:
        print("RAM loads: load_image + verify_image into the external RAM; link: load_image of as many "
              "bytes into the internal RAM, same session")
        print(format_table(ram_head, ram_out, left=RAM_TEXT_COLS))
        print()
    n_checks = sum(len(r["checks"]) for r in rows)
    failed_checks = [(r, c) for r in rows for c in r["checks"] if not c["ok"]]
    failed_rows = [r for r in rows if r["status"] != "ok"]
    for r in rows:
        if r.get("audit"):
            a = r["audit"][0]
            print(f"  {r['board']} {r['size'] // MIB} MiB {r['driver']} {r['case']}: "
                  f"{'each chip' if len(r['audit']) > 1 else 'chip'}: {erase_sizes_text(a)} erased "
                  f"(typ. {a['erase_typ_ms']:.0f} ms), {a['programs']} page programs "
                  f"(typ. {a['program_typ_ms']:.0f} ms)"
                  + ("" if all(erase_sizes_text(x) == erase_sizes_text(a) and x["programs"] == a["programs"]
                               for x in r["audit"]) else " (chips differ: see results.json)"))
    print()
    for r, c in failed_checks:
        print(f"  CHECK FAILED: {r['board']} {r['size'] // MIB} MiB {r['driver']} {r['case']}: "
              f"{c['name']}: {c['detail']}")
    for n in ctx.notes:
        print(f"  note: {n}")

    result = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine_note(),
        "git": git_rev(ctx.srcdir),
        "binaries": {exe: datetime.datetime.fromtimestamp(os.path.getmtime(exe)).astimezone()
                     .isoformat(timespec="seconds") for exe in (ctx.openocd, ctx.vboard)},
        "label": args.label,
        "settings": {"repeat": ctx.repeat, "probe": ctx.probe, "adapter_speed_khz": ctx.speed, "time_scale": ctx.time_scale,
                     "link": "CMSIS-DAP v2 over TCP (bin/openocd for both drivers)",
                     "changed_block": CHANGED_LEN},
        "columns": {
            "erase_ms": "time in erase phases, from the vboard audit's modelled timestamps",
            "program_ms": "write_ms - erase_ms: programming plus the driver's other work in write_image",
            "write_ms": "flash write_image erase, wall clock (OpenOCD [ms])",
            "verify_ms": "flash verify_image, wall clock",
            "total_ms": "write_ms + verify_ms (typical: erase + program)",
            "vs_stock": "total_ms / total_ms of stock stmqspi's full program (same board, size)",
            "vs_typical": "total_ms / the datasheet-typical time for the same work",
            "load_image rows (case: the external RAM)": {
                "load_ms": "load_image of the image at ram_base, wall clock",
                "verify_ms": "verify_image of it (CRC on the target)",
                "kib_s": "size / load_ms",
                "ref_ms": "ref_loads x load_image into the internal reference RAM, together "
                          "carrying the same number of bytes (ref_bytes), same session",
                "link_kib_s": "ref_bytes / ref_ms: the link's limit for plain memory writes",
                "vs_link": "kib_s / link_kib_s",
                "checks": "dumps of both RAMs compared with their images here, the link's "
                          "write counter, the RAM model's guest errors",
            },
        },
        "parts": PARTS,
        "boards": BOARDS,
        "rows": rows,
        "notes": ctx.notes,
        "elapsed_s": round(time.monotonic() - t0, 1),
    }
    with open(os.path.join(ctx.out, "results.json"), "w") as f:
        json.dump(result, f, indent=1, default=str)
    with open(os.path.join(ctx.out, "table.md"), "w") as f:
        f.write(format_table(head, out, md=True) + "\n")
        if ram_out:
            f.write("\n" + format_table(ram_head, ram_out, md=True, left=RAM_TEXT_COLS) + "\n")
    err = chart(ctx, rows)
    if err:
        print(f"  CHART: {err}")
    print(f"\nbench: {len(rows)} rows ({len(failed_rows)} not ok), {n_checks} checks "
          f"({len(failed_checks)} failed); {ctx.out}/results.json, "
          f"{'no chart' if err else ctx.out + '/bench.png'}; {time.monotonic() - t0:.0f} s")
    return 1 if failed_rows or failed_checks or err else 0


if __name__ == "__main__":
    sys.exit(main())
