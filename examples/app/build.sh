#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the example application for external flash at 0x90000000:
#     build.sh OUTDIR        -> OUTDIR/app.elf, app.bin, app.hex
#     build.sh OUTDIR h735   -> the same, plus code and data in the H735G-DK's
#                               HyperRAM at 0x70000000 (app_h735.ld)
# ARM_CC / ARM_OBJCOPY name another arm-none-eabi toolchain.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR [h735]}
variant=${2:-}
ld=app.ld defs=
case $variant in
"") ;;
h735) ld=app_h735.ld defs=-DAPP_HYPERRAM ;;
*) echo "build.sh: unknown variant '$variant' (h735)" >&2 && exit 2 ;;
esac
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
mkdir -p "$out"
# -fno-tree-loop-distribute-patterns: the start-up loops must stay loops,
# not become calls to memcpy/memset, which a -nostdlib image does not have.
"$cc" -mcpu=cortex-m7 -mthumb -O2 -g -std=c11 -ffreestanding -nostdlib -nostartfiles \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	$defs -L "$here" -T "$here/$ld" -Wl,--gc-sections -o "$out/app.elf" "$here/app.c"
# app.bin / app.hex: the external flash's part only (the HyperRAM part is
# loaded by GDB from app.elf)
"$objcopy" -O binary -R .hram "$out/app.elf" "$out/app.bin"
"$objcopy" -O ihex -R .hram "$out/app.elf" "$out/app.hex"
