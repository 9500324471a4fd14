#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Smoke test of the vboard program (vb_main.c): argument errors, the one
# ready line, loopback-only listening sockets, one client per front-end,
# remote_bitbang 'R'/'Q', exit on disconnect unless --persist, SIGTERM,
# a port already in use, the stats file, --flash-mode and the H735G-DK's
# OCTOSPI/OCTOSPIM/HyperRAM stats sections. Prints TAP.
#
# usage: test_main.sh   (VBOARD=path/to/vboard; default: the build tree's)
set -u
vboard=${VBOARD:-${XSPI_BUILDDIR:-.}/bin/vboard}
if [ ! -x "$vboard" ]; then
	echo "ok 1 - vboard program # SKIP not built ($vboard)"
	echo "1..1"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "ok 1 - vboard program # SKIP no python3"
	echo "1..1"
	exit 0
fi
exec python3 - "$vboard" <<'EOF'
import json, os, signal, socket, subprocess, sys, tempfile, time

vboard = sys.argv[1]
n = 0
failed = 0

def check(cond, name, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        if detail:
            print("#   " + str(detail).replace("\n", "\n#   "))

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

def start(*args):
    p = subprocess.Popen([vboard, "--board", "h750b-dk"] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, line

def wait_exit(p, timeout=10):
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None

def connect(port):
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c

def listening_on_loopback(port):
    with open("/proc/net/tcp") as f:
        rows = [l.split() for l in f.readlines()[1:]]
    local = [r[1] for r in rows if r[3] == "0A" and int(r[1].split(":")[1], 16) == port]
    return local == ["0100007F:%04X" % port]

# ---- argument errors --------------------------------------------------
r = subprocess.run([vboard, "--board", "nope"], capture_output=True, text=True)
check(r.returncode == 2, "unknown board: exit 2", r)
check("h750b-dk, h735g-dk, f746g-disco" in r.stderr, "unknown board lists the boards", r.stderr)
r = subprocess.run([vboard, "--board", "h750b-dk", "--probe", "nope", "--dap-port",
                    str(free_port()), "--bitbang-port", str(free_port())],
                   capture_output=True, text=True)
check(r.returncode == 2 and "profiles:" in r.stderr and "fast" in r.stderr,
      "unknown profile: exit 2, lists the profiles", r)
r = subprocess.run([vboard, "--board", "h750b-dk", "--trace", "dap,nope"],
                   capture_output=True, text=True)
check(r.returncode == 2 and "dap, jtag" in r.stderr, "unknown trace category", r)
r = subprocess.run([vboard], capture_output=True, text=True)
check(r.returncode == 2 and "--board is required" in r.stderr, "missing --board", r)
r = subprocess.run([vboard, "--help"], capture_output=True, text=True)
check(r.returncode == 0 and "--time-scale" in r.stdout, "--help", r)

check("--flash-mode" in r.stdout and "spi, sopi, dopi" in r.stdout,
      "--help documents --flash-mode and its modes", r.stdout)

# ---- --flash-mode and the H735G-DK's external memories -----------------
def run_board(board, *args):
    return subprocess.run([vboard, "--board", board, "--dap-port", str(free_port()),
                           "--bitbang-port", "0"] + list(args),
                          capture_output=True, text=True, timeout=10)

r = run_board("h735g-dk", "--flash-mode", "qpi")
check(r.returncode == 2 and "bad --flash-mode 'qpi'" in r.stderr
      and "spi, sopi, dopi" in r.stderr, "--flash-mode qpi: exit 2, lists the modes", r)
r = run_board("h750b-dk", "--flash-mode", "dopi")
check(r.returncode == 2 and "MT25QL512ABB has no dopi mode" in r.stderr,
      "--flash-mode dopi on a quad part: exit 2, names the part", r)
r = run_board("f746g-disco", "--flash-mode", "sopi")
check(r.returncode == 2 and "N25Q128A has no sopi mode" in r.stderr,
      "--flash-mode sopi on the F746's N25Q128A: exit 2", r)

def start_board(board, *args):
    p = subprocess.Popen([vboard, "--board", board] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p, p.stdout.readline()

tmp = tempfile.mkdtemp()
stats = os.path.join(tmp, "stats.json")
flash = os.path.join(tmp, "ospi.bin")
for mode in ("spi", "sopi", "dopi"):
    port = free_port()
    p, line = start_board("h735g-dk", "--dap-port", str(port), "--bitbang-port", "0",
                          "--flash-mode", mode, "--flash-file", flash, "--stats", stats)
    check(line.startswith("vboard: h735g-dk ready:"), "h735g-dk --flash-mode %s: ready" % mode,
          repr(line) + " " + (p.stderr.read() if p.poll() is not None else ""))
    if line:
        connect(port).close()
    wait_exit(p)
check(os.path.exists(flash) and os.path.getsize(flash) == 64 << 20,
      "--flash-file on h735g-dk: the 64 MiB MX25LM51245G on OCTOSPI1",
      os.path.getsize(flash) if os.path.exists(flash) else "no file")
try:
    doc = json.load(open(stats))
except (OSError, ValueError) as e:
    doc = {"error": str(e)}
check(all(k in doc for k in ("ospi1", "ospi2", "octospim", "hyperram")) and "qspi" not in doc,
      "h735g-dk stats: ospi1, ospi2, octospim, hyperram sections", sorted(doc))
check(doc.get("octospim", {}).get("routed") == [True, True]
      and doc.get("octospim", {}).get("reconfigured_while_mm") == 0,
      "h735g-dk stats: both instances routed out of reset, no hazard", doc.get("octospim"))
for f in (stats, flash):
    if os.path.exists(f):
        os.unlink(f)

# ---- ready line, loopback, one client, R and Q ------------------------
p1, p2 = free_port(), free_port()
p, line = start("--dap-port", str(p1), "--bitbang-port", str(p2), "--stats", stats)
want = "vboard: h750b-dk ready: cmsis-dap tcp 127.0.0.1:%d, remote_bitbang 127.0.0.1:%d\n" % (
    p1, p2)
check(line == want, "the ready line", repr(line))
check(listening_on_loopback(p1) and listening_on_loopback(p2), "listening on 127.0.0.1 only")
c1 = connect(p2)
c1.sendall(b"R")
check(c1.recv(1) in (b"0", b"1"), "remote_bitbang R answers a TDO bit")
c2 = connect(p2)
c2.settimeout(5)
try:
    refused = c2.recv(1) == b""
except OSError:
    refused = True
check(refused, "a second remote_bitbang client is refused")
c2.close()
c1.sendall(b"Q")
rc = wait_exit(p)
err = p.stderr.read()
check(rc == 0, "Q from the client: clean exit", (rc, err))
check("refusing a second client" in err, "the refusal is explained on stderr", err)
try:
    doc = json.load(open(stats))
except Exception as e:
    doc = {"error": str(e)}
check(doc.get("board") == "h750b-dk" and doc.get("profile") == "fast",
      "stats file written (board, profile)", doc)
check(doc.get("bytes_in", 0) >= 2, "stats count the bytes received", doc)
c1.close()

# ---- a malformed packet: that connection closes, the vboard keeps serving --
p, line = start("--dap-port", str(p1), "--bitbang-port", "0")
for attempt in (1, 2):
    c = connect(p1)
    c.settimeout(5)
    c.sendall(b"XXXXXXXXXXXXXXXXXXXXXXXX")  # not a CMSIS-DAP/TCP frame header
    try:
        closed = c.recv(64) == b""
    except OSError:
        closed = True
    c.close()
    check(closed, "bad frame %d: the connection is closed" % attempt)
    time.sleep(0.3)
    check(p.poll() is None, "bad frame %d: the vboard keeps serving" % attempt)
p.send_signal(signal.SIGTERM)
check(wait_exit(p) == 0, "after bad frames: clean exit on SIGTERM")
err = p.stderr.read()
check("framing error" in err, "the framing error is reported on stderr", err)

# ---- --persist, a busy port, SIGTERM ------------------------------------
os.unlink(stats)
p, line = start("--dap-port", str(p1), "--bitbang-port", str(p2), "--stats", stats,
                "--persist")
check(line.startswith("vboard: h750b-dk ready:"), "persist: ready", repr(line))
connect(p2).close()
time.sleep(0.5)
check(p.poll() is None, "persist: still running after the client left")
c = connect(p1)
c.close()
r = subprocess.run([vboard, "--board", "f746g-disco", "--dap-port", str(p1),
                    "--bitbang-port", "0"], capture_output=True, text=True, timeout=10)
check(r.returncode == 1 and "cannot listen on 127.0.0.1:%d" % p1 in r.stderr,
      "a port in use is reported", r)
p.send_signal(signal.SIGTERM)
rc = wait_exit(p)
check(rc == 0, "SIGTERM: clean exit", rc)
check(os.path.exists(stats), "SIGTERM: stats written")

# ---- exit when the (only) client leaves -------------------------------
p, line = start("--dap-port", str(p1), "--bitbang-port", "0")
check(line == "vboard: h750b-dk ready: cmsis-dap tcp 127.0.0.1:%d\n" % p1,
      "ready line without remote_bitbang", repr(line))
connect(p1).close()
check(wait_exit(p) == 0, "client disconnect: clean exit")

print("1..%d" % n)
sys.exit(1 if failed else 0)
EOF
