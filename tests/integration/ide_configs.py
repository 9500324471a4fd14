#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Read the IDE examples (examples/ide/) the way the IDEs do, so that the
tests run what the examples configure.

  ide_configs.py cortex-debug LAUNCH_JSON NAME
      the configuration NAME of a VS Code launch.json, as gdb_mi.py
      arguments, one per line: --post-launch CMD ..., --entry FUNCTION
  ide_configs.py eclipse FILE.launch
      the GDB commands that Eclipse Embedded CDT's OpenOCD launch sends
      for that configuration, one per line, "target remote :PORT" with
      PORT left as the literal word PORT

Embedded CDT's sequence (github.com/eclipse-embed-cdt/eclipse-plugins,
org.eclipse.embedcdt.debug.gdbjtag.openocd.core DebuggerCommands.java,
DefaultPreferences.java; CDT's DefaultGDBJtagDeviceImpl): the client's
other commands, target remote, "monitor reset FIRST" + "monitor halt",
other init commands, "monitor arm semihosting enable" (when enabled),
load, "monitor reset SECOND" + "monitor halt", other run commands,
"tbreak STOP_AT", "monitor reg", continue.
"""
import json
import sys
import xml.etree.ElementTree as ET

OCD = "ilg.gnumcueclipse.debug.gdbjtag.openocd."
JTAG = "org.eclipse.cdt.debug.gdbjtag.core."


def cortex_debug(path, name):
    cfgs = json.load(open(path))["configurations"]
    cfg = next(c for c in cfgs if c["name"] == name)
    assert cfg["type"] == "cortex-debug" and cfg["servertype"] == "openocd", cfg
    for c in cfg.get("postLaunchCommands", []):
        print("--post-launch")
        print(c)
    print("--entry")
    print(cfg.get("runToEntryPoint", ""))


def eclipse(path):
    a = {}
    for e in ET.parse(path).getroot():
        if "key" in e.attrib and "value" in e.attrib:
            v = e.attrib["value"]
            a[e.attrib["key"]] = {"true": True, "false": False}.get(v, v) \
                if e.tag == "booleanAttribute" else v
    out = []

    def lines(key):
        out.extend(x for x in a.get(OCD + key, "").splitlines() if x.strip())

    lines("gdbClientOtherCommands")
    out.append("target remote :PORT")
    if a.get(OCD + "doFirstReset", True):
        out += ["monitor reset " + a.get(OCD + "firstResetType", "init"), "monitor halt"]
    lines("otherInitCommands")
    if a.get(OCD + "enableSemihosting", True):
        out.append("monitor arm semihosting enable")
    if a.get(JTAG + "loadImage", True) and not a.get(OCD + "doDebugInRam", False):
        out.append("load")
    if a.get(OCD + "doSecondReset", True):
        out += ["monitor reset " + a.get(OCD + "secondResetType", "halt"), "monitor halt"]
    lines("otherRunCommands")
    if a.get(JTAG + "setStopAt", True):
        out.append("tbreak " + a.get(JTAG + "stopAt", "main"))
    out.append("monitor reg")
    if a.get(OCD + "doContinue", True):
        out.append("continue")
    print("\n".join(out))


if __name__ == "__main__":
    if sys.argv[1:2] == ["cortex-debug"] and len(sys.argv) == 4:
        cortex_debug(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["eclipse"] and len(sys.argv) == 3:
        eclipse(sys.argv[2])
    else:
        sys.exit(__doc__)
