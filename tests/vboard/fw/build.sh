#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the test firmware for one base address:  build.sh OUTDIR NAME BASE
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1 name=$2 base=$3
cc=${ARM_CC:-arm-none-eabi-gcc}
objcopy=${ARM_OBJCOPY:-arm-none-eabi-objcopy}
mkdir -p "$out"
"$cc" -mcpu=cortex-m7 -mthumb -O1 -g -ffreestanding -nostdlib -nostartfiles \
	-Wall -Wextra -Werror -Wl,--defsym=FW_BASE="$base" -T "$here/fw.ld" \
	-o "$out/$name.elf" "$here/fw.c"
"$objcopy" -O binary "$out/$name.elf" "$out/$name.bin"
