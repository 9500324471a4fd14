#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers for the stm32xspi integration tests (test_stm32xspi_ops.sh).

  window OUT OFFSET LEN CHIP1 [CHIP2]   the bytes the memory-mapped window
                                        shows at OFFSET (dual flash: bytes
                                        alternate chip 1, chip 2)
  audit STATS                           the chips' erase/program audit, one
                                        "CHIP OP ADDR LEN" line per entry
  hexcat OUT HEX...                     Intel hex files joined into one
"""
import json
import sys


def window(out, offset, length, chips):
    data = [open(c, "rb").read() for c in chips]
    n = len(data)
    res = bytearray(length)
    for i in range(length):
        a = offset + i
        res[i] = data[a % n][a // n]
    open(out, "wb").write(res)


def audit(stats):
    d = json.load(open(stats))
    # the flash controller's section: QUADSPI boards "qspi", H735 "ospi1"
    ctrl = d["qspi"] if "qspi" in d else d["ospi1"]
    for i, chip in enumerate(ctrl["chips"]):
        for a in chip["audit"]:
            print(i, a["op"], a["addr"], a["len"], "refused" if a["refused"] else "ok")


def hexcat(out, files):
    lines = []
    for f in files:
        lines += [l for l in open(f).read().split() if l and not l.startswith(":00000001FF")]
    open(out, "w").write("\n".join(lines + [":00000001FF", ""]))


def main(argv):
    if argv[1] == "window":
        window(argv[2], int(argv[3], 0), int(argv[4], 0), argv[5:])
    elif argv[1] == "audit":
        audit(argv[2])
    elif argv[1] == "hexcat":
        hexcat(argv[2], argv[3:])
    else:
        sys.exit("xspi_check.py: unknown command " + argv[1])


if __name__ == "__main__":
    main(sys.argv)
