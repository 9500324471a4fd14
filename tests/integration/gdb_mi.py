#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive gdb-multiarch over GDB/MI the way VS Code's Cortex-Debug does.

    gdb_mi.py --port N --elf ELF --log FILE --remote-log FILE
              --break-loc FILE:LINE --break-addr ADDR --expect EXPR=VALUE
              [--post-launch CMD]... [--entry FUNCTION] [--gdb PATH]
              [--timeout S]

Runs Cortex-Debug's launch sequence for `"servertype": "openocd"` against
an OpenOCD already listening on port N, then what a user does next
(breakpoint in the editor, continue, step over, hover a variable), and
prints one TAP-style line per check:

    ok - NAME
    not ok - NAME
    #   detail

The sequence follows Cortex-Debug's sources (github.com/Marus/cortex-debug,
src/gdb.ts, src/openocd.ts, src/backend/mi2/mi2.ts, src/common.ts):
  start-up    -gdb-set mi-async on, `set print demangle on`, `set print
              asm-demangle on`, -enable-pretty-printing,
              -file-exec-and-symbols ELF
  connect     -target-select extended-remote localhost:N
  launch      `monitor reset halt`, -target-download, `monitor reset halt`
              (OpenOCDServerController.launchCommands), then the launch
              configuration's postLaunchCommands (--post-launch), each as
              -interpreter-exec console "..."
  run to      runToEntryPoint (--entry, "" for none): -break-insert -t
  entry       --function FUNCTION, -exec-continue --all
  breakpoint  -break-insert "FILE:LINE" (a click in the editor; no -h:
              Cortex-Debug adds it only with hardwareBreakpoints.require,
              GDB chooses a hardware breakpoint itself from OpenOCD's
              memory map), -exec-continue --all
  stopped     -thread-info, -stack-list-frames (what the call stack view
              reads at every stop)
  step over   -exec-next --thread 1
  hover       -data-evaluate-expression EXPR
  stop        -target-disconnect, -gdb-exit
One addition of the test's own: `set remotelogfile FILE` before connecting
(--remote-log), so that the packets show which kind of breakpoint GDB
asked OpenOCD for (Z1 hardware, Z0 software; GDB manual, "Packets").
Every wait has a deadline; a record that does not come in time fails the
check that waited for it and ends the run.
"""
import argparse
import queue
import re
import subprocess
import sys
import threading
import time

# ---- GDB/MI output syntax (GDB manual, "GDB/MI Output Syntax") ------------

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a",
           "b": "\b", "f": "\f", "v": "\v", "e": "\x1b"}


def parse_cstring(s, i):
    """A C string starting at s[i] (a double quote): (text, next index)."""
    out = []
    i += 1
    while s[i] != '"':
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n in "01234567":
                j = i + 1
                while j < i + 4 and s[j] in "01234567":
                    j += 1
                out.append(chr(int(s[i + 1:j], 8)))
                i = j
                continue
            out.append(ESCAPES.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out), i + 1


def parse_value(s, i):
    """const | tuple | list at s[i]: (python value, next index). A tuple is
    a dict; a list of results is a list of (name, value) pairs."""
    c = s[i]
    if c == '"':
        return parse_cstring(s, i)
    if c == "{":
        d = {}
        i += 1
        if s[i] == "}":
            return d, i + 1
        while True:
            k, v, i = parse_result(s, i)
            d[k] = v
            if s[i] == "}":
                return d, i + 1
            i += 1  # ','
    if c == "[":
        items = []
        i += 1
        if s[i] == "]":
            return items, i + 1
        while True:
            if s[i] in '"{[':
                v, i = parse_value(s, i)
                items.append(v)
            else:
                k, v, i = parse_result(s, i)
                items.append((k, v))
            if s[i] == "]":
                return items, i + 1
            i += 1
    raise ValueError("bad MI value at %d: %r" % (i, s[i:i + 20]))


def parse_result(s, i):
    j = s.index("=", i)
    v, k = parse_value(s, j + 1)
    return s[i:j], v, k


def parse_results(s):
    """',a=1,b={...}' -> dict (a repeated name keeps its last value)."""
    d = {}
    i = 0
    while i < len(s):
        if s[i] != ",":
            raise ValueError("bad MI results: %r" % s)
        if s[i + 1] in '"{[':  # +download,{...}: a value with no name
            d[""], i = parse_value(s, i + 1)
            continue
        k, v, i = parse_result(s, i + 1)
        d[k] = v
    return d


RECORD = re.compile(r"^(\d*)([\^*+=])([a-zA-Z-]+)(.*)$")


class Record:
    """One line of GDB/MI output."""

    def __init__(self, line):
        self.line = line
        self.kind = None  # '^' result, '*' exec, '+' status, '=' notify, '~@&' stream, '(' prompt
        self.token = None
        self.cls = None
        self.results = {}
        self.text = ""
        if line.startswith("(gdb)"):
            self.kind = "("
            return
        if line[:2] in ('~"', '@"', '&"'):
            self.kind = line[0]
            self.text = parse_cstring(line, 1)[0]
            return
        m = RECORD.match(line)
        if not m:
            self.kind = "?"  # the program's own output or a GDB warning
            self.text = line
            return
        self.token = int(m.group(1)) if m.group(1) else None
        self.kind, self.cls = m.group(2), m.group(3)
        self.results = parse_results(m.group(4))


def field(d, path, default=None):
    """field(results, 'frame.addr')"""
    for p in path.split("."):
        if not isinstance(d, dict) or p not in d:
            return default
        d = d[p]
    return d


# ---- the GDB process ----------------------------------------------------------


class MiTimeout(Exception):
    pass


class Gdb:
    def __init__(self, argv, log):
        self.log = log
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, bufsize=1,
                                  errors="replace")
        self.lines = queue.Queue()
        self.events = []  # async records not consumed yet
        self.token = 0
        self.console = ""  # every console stream record so far
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        for line in self.p.stdout:
            self.lines.put(line.rstrip("\r\n"))
        self.lines.put(None)

    def _record(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise MiTimeout()
        try:
            line = self.lines.get(timeout=left)
        except queue.Empty:
            raise MiTimeout() from None
        if line is None:
            raise EOFError("gdb exited (status %s)" % self.p.poll())
        self.log.write("<- %s\n" % line)
        self.log.flush()
        return Record(line)

    def cmd(self, text, timeout):
        """Send one MI command; wait for its result record. Returns (record,
        console text printed while it ran)."""
        # An exec record left from before (e.g. the *stopped that GDB
        # reports when it connects to a halted target) must not be taken
        # for the outcome of this command.
        self.events = [r for r in self.events if r.kind != "*"]
        self.token += 1
        tok = self.token
        self.log.write("-> %d-%s\n" % (tok, text))
        self.log.flush()
        self.p.stdin.write("%d-%s\n" % (tok, text))
        self.p.stdin.flush()
        deadline = time.monotonic() + timeout
        streams = []
        while True:
            r = self._record(deadline)
            if r.kind in "~@&":
                streams.append(r.text)
                self.console += r.text
            elif r.kind == "^" and r.token == tok:
                return r, "".join(streams)
            elif r.kind in "*=+":
                self.events.append(r)

    def wait_exec(self, cls, timeout):
        """The next exec-async record of class CLS (e.g. 'stopped')."""
        deadline = time.monotonic() + timeout
        while True:
            for i, r in enumerate(self.events):
                if r.kind == "*" and r.cls == cls:
                    del self.events[i]
                    return r
            r = self._record(deadline)
            if r.kind in "~@&":
                self.console += r.text
            else:
                self.events.append(r)

    def exit(self, timeout):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


# ---- checks -------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.failed = 0

    def ok(self, cond, name, detail=""):
        if cond:
            print("ok - %s" % name)
        else:
            self.failed += 1
            print("not ok - %s" % name)
            for line in str(detail).splitlines() or [""]:
                print("#   %s" % line)
        sys.stdout.flush()
        return cond


def hexint(s):
    try:
        return int(s, 16)
    except (TypeError, ValueError):
        return None


def run(a, gdb, t):
    T = a.timeout

    def expect(text, name, classes=("done",), timeout=T):
        r, out = gdb.cmd(text, timeout)
        t.ok(r.cls in classes, name, "%s\n%s" % (r.line, out))
        return r, out

    def stopped(name, timeout=T):
        try:
            return gdb.wait_exec("stopped", timeout)
        except MiTimeout:
            t.ok(False, name, "no *stopped record within %s s" % timeout)
            raise

    # Start-up (MI2.start, GDBDebugSession gdbInitCommands).
    expect("gdb-set mi-async on", "MI: -gdb-set mi-async on")
    for c in ("set print demangle on", "set print asm-demangle on"):
        gdb.cmd('interpreter-exec console "%s"' % c, T)
    gdb.cmd("enable-pretty-printing", T)
    expect('file-exec-and-symbols "%s"' % a.elf, "MI: -file-exec-and-symbols the application")

    # Not Cortex-Debug's: GDB logs the remote protocol packets to a file,
    # so that the test sees which kind of breakpoint GDB asked OpenOCD for.
    expect('interpreter-exec console "set remotelogfile %s"' % a.remote_log,
           "MI: set remotelogfile (the test's window on the packets)")

    # Connect (OpenOCDServerController.initCommands).
    expect("target-select extended-remote localhost:%d" % a.port,
           "MI: -target-select extended-remote (OpenOCD's gdb-attach event probes the QSPI bank)",
           ("connected",))

    # Launch (OpenOCDServerController.launchCommands), then postLaunchCommands.
    expect('interpreter-exec console "monitor reset halt"', "MI: monitor reset halt")
    r, out = gdb.cmd("target-download", a.load_timeout)
    size = field(r.results, "load-size")
    t.ok(r.cls == "done" and size and int(size) > 0,
         "MI: -target-download loads the application (load-size %s bytes)" % size,
         "%s\n%s" % (r.line, out))
    expect('interpreter-exec console "monitor reset halt"', "MI: monitor reset halt after the download")
    for c in a.post_launch:
        expect('interpreter-exec console "%s"' % c.replace('"', '\\"'),
               "MI: postLaunchCommands: %s" % c)

    # runToEntryPoint.
    if a.entry:
        r, _ = expect("break-insert -t --function %s" % a.entry,
                      "MI: runToEntryPoint: -break-insert -t --function %s" % a.entry)
        entry_no = field(r.results, "bkpt.number")
        expect("exec-continue --all", "MI: -exec-continue --all (to %s)" % a.entry, ("running",))
        r = stopped("MI: *stopped at %s" % a.entry)
        t.ok(field(r.results, "reason") == "breakpoint-hit" and field(r.results, "bkptno") == entry_no
             and field(r.results, "frame.func") == a.entry
             and (hexint(field(r.results, "frame.addr")) or 0) >> 28 == a.break_addr >> 28,
             "MI: *stopped,reason=\"breakpoint-hit\" at %s in external flash" % a.entry, r.line)

    # A breakpoint set in the editor.
    r, _ = expect('break-insert "%s"' % a.break_loc, "MI: -break-insert \"%s\"" % a.break_loc)
    bno = field(r.results, "bkpt.number")
    baddr = hexint(field(r.results, "bkpt.addr"))
    t.ok(baddr == a.break_addr, "MI: the breakpoint is at 0x%08x" % a.break_addr, r.line)
    expect("exec-continue --all", "MI: -exec-continue --all (to the breakpoint)", ("running",))
    r = stopped("MI: *stopped at the breakpoint")
    t.ok(field(r.results, "reason") == "breakpoint-hit" and field(r.results, "bkptno") == bno
         and hexint(field(r.results, "frame.addr")) == a.break_addr,
         "MI: *stopped,reason=\"breakpoint-hit\",bkptno=\"%s\" at 0x%08x" % (bno, a.break_addr), r.line)
    func = field(r.results, "frame.func")

    # What the call stack view reads at a stop.
    r, _ = expect("thread-info", "MI: -thread-info")
    r, _ = expect("stack-list-frames", "MI: -stack-list-frames")
    stack = field(r.results, "stack", [])  # [("frame", {...}), ...]
    names = [f.get("func") for _, f in stack] if isinstance(stack, list) else []
    t.ok(len(names) >= 2 and names[0] == func and "main" in names[1:],
         "MI: the call stack reads through external flash (%s)" % " <- ".join(str(n) for n in names), r.line)

    # Step over.
    expect("exec-next --thread 1", "MI: -exec-next --thread 1", ("running",))
    r = stopped("MI: *stopped after the step")
    t.ok(field(r.results, "reason") == "end-stepping-range" and field(r.results, "frame.func") != func,
         "MI: *stopped,reason=\"end-stepping-range\" out of %s (in %s)" % (func, field(r.results, "frame.func")),
         r.line)

    # Hover a variable.
    expr, want = a.expect.split("=", 1)
    r, _ = expect("data-evaluate-expression %s" % expr, "MI: -data-evaluate-expression %s" % expr)
    got = field(r.results, "value")
    t.ok(got == want, "MI: %s = %s (got %s)" % (expr, want, got), r.line)

    # Stop (MI2.stop).
    expect("target-disconnect", "MI: -target-disconnect")
    gdb.p.stdin.write("-gdb-exit\n")
    gdb.p.stdin.flush()
    rc = gdb.exit(T)
    t.ok(rc == 0, "MI: -gdb-exit, gdb-multiarch exits 0", "exit status %s" % rc)

    # Hardware breakpoint: GDB inserts breakpoints in regions that
    # OpenOCD's memory map calls flash as hardware breakpoints (it says so
    # on the console), i.e. "Z1,ADDR,KIND" packets (GDB manual, "Packets";
    # Z0 would be a software breakpoint, which flash cannot take).
    t.ok("automatically using hardware breakpoints" in gdb.console,
         "MI: GDB: \"automatically using hardware breakpoints for read-only addresses\"",
         gdb.console[-2000:])
    try:
        packets = open(a.remote_log, errors="replace").read()
    except OSError as e:
        packets = str(e)
    z1 = re.search(r"\$Z1,%x," % a.break_addr, packets)
    z0 = re.search(r"\$Z0,%x[0-9a-f]*," % (a.break_addr >> 28), packets)
    t.ok(z1 and not z0, "MI: the breakpoint at 0x%08x went to OpenOCD as Z1 (hardware), no Z0 in its window"
         % a.break_addr, "Z1 seen: %s, Z0 seen: %s" % (bool(z1), z0.group(0) if z0 else False))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdb", default="gdb-multiarch")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--break-loc", required=True)
    ap.add_argument("--break-addr", type=lambda s: int(s, 0), required=True)
    ap.add_argument("--expect", required=True)
    ap.add_argument("--remote-log", required=True)
    ap.add_argument("--post-launch", action="append", default=[])
    ap.add_argument("--entry", default="main")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--load-timeout", type=float, default=120)
    a = ap.parse_args()

    t = Checks()
    with open(a.log, "w") as log:
        gdb = Gdb([a.gdb, "-q", "-nx", "--interpreter=mi2"], log)
        try:
            run(a, gdb, t)
        except (MiTimeout, EOFError, ValueError, OSError) as e:
            t.ok(False, "MI: the session ran to its end", "%s: %s" % (type(e).__name__, e))
        finally:
            if gdb.p.poll() is None:
                gdb.p.kill()
                gdb.p.wait()
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
