#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Put OpenOCD 0.12.0's released source into DEST/source.
#   SRC = "apt"      fetch Debian's source package (apt-get source), unpack it
#   SRC = DIR        copy a released tree (it must have its configure script)
#   SRC = TARBALL    unpack a release tarball
# Then apply PATCHDIR/*.patch in name order (our documented additions).
set -eu
src=$1
dest=$2
patchdir=$3
tree="$dest/source"

say() { echo "  OOCD     $*"; }
die() { echo "openocd-source: $*" >&2; exit 1; }

rm -rf "$tree" "$dest/unpack"
mkdir -p "$dest"

unpack() {
	say "unpacking $1"
	mkdir -p "$dest/unpack"
	tar -xf "$1" -C "$dest/unpack" || die "cannot unpack $1"
	top=$(ls "$dest/unpack")
	[ "$(echo "$top" | wc -l)" = 1 ] && [ -x "$dest/unpack/$top/configure" ] ||
		die "$1 does not look like an OpenOCD release tarball (one top directory with a configure script)"
	mv "$dest/unpack/$top" "$tree"
	rmdir "$dest/unpack"
}

fetch_apt() {
	dl="$dest/download"
	mkdir -p "$dl"
	set -- "$dl"/openocd_0.12.0*.orig.tar.*
	if [ ! -f "$1" ]; then
		version=$(apt-cache showsrc openocd 2>/dev/null | sed -n 's/^Version: \(0\.12\.0[^ ]*\)$/\1/p' | head -n 1)
		if [ -z "$version" ]; then
			die "apt has no source entry for openocd 0.12.0.
  Add a deb-src line (scripts/install-deps.sh does it), run 'apt-get update',
  or pass --with-openocd-src=DIR|TARBALL to configure."
		fi
		say "fetching Debian's openocd source: apt-get source --download-only --tar-only openocd=$version"
		(cd "$dl" && apt-get source --download-only --tar-only "openocd=$version" >apt-source.log 2>&1) || {
			cat "$dl/apt-source.log" >&2
			die "apt-get source failed (log above)"
		}
		set -- "$dl"/openocd_0.12.0*.orig.tar.*
		[ -f "$1" ] || die "apt-get source gave no openocd_0.12.0 orig tarball in $dl"
	fi
	unpack "$1"
}

case "$src" in
apt) fetch_apt ;;
*)
	if [ -d "$src" ]; then
		[ -x "$src/configure" ] || die "$src has no configure script"
		say "copying $src"
		cp -a "$src" "$tree"
	elif [ -f "$src" ]; then
		unpack "$src"
	else
		die "no such file or directory: $src"
	fi
	;;
esac

grep -q 'AC_INIT(\[openocd\], \[0\.12\.0' "$tree/configure.ac" 2>/dev/null ||
	echo "  OOCD     warning: this is not OpenOCD 0.12.0; our patches and drivers target 0.12.0" >&2

for p in "$patchdir"/*.patch; do
	[ -f "$p" ] || continue
	say "applying $(basename "$p")"
	patch -d "$tree" -p1 --forward --quiet <"$p" || die "patch $p does not apply"
done
