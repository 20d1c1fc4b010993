#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install everything the build and the test tiers need, idempotently.
# Run as root (make deps). The kernel version is derived from the
# linux-headers-amd64 dependency; nothing here names an ABI number.
#
# Outputs (in $CACHE, default .cache/ in the project root):
#   kver            - the kernel release (e.g. 6.1.0-NN-amd64)
#   kpkg            - the Debian package version of that kernel
#   img/            - linux-image-$KVER extracted, with modules.dep
#   src/linux-source-6.1/ - linux-source-6.1 of the same version
#   xen/            - Xen 4.17 (xen.gz) and a sysroot of its toolstack,
#                     qemu-xen and their libraries (extracted, not installed)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-$top/.cache}
mkdir -p "$CACHE/debs"

PKGS="linux-headers-amd64 build-essential busybox-static kmod cpio sparse
qemu-system-x86 qemu-utils ovmf mdevctl flex bison libelf-dev dwarves bc xz-utils rsync
dkms dracut-core
zstd clang libclang-rt-14-dev llvm python3 perl file procps libxen-dev
intel-gpu-tools libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients udev
dmidecode"

need=
for p in $PKGS; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		need="$need $p"
done
if [ -n "$need" ]; then
	[ "$(id -u)" = 0 ] || { echo "deps: need root to install:$need" >&2; exit 1; }
	echo "deps: installing:$need"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$need > "$CACHE/apt-install.log" 2>&1 ||
		{ tail -n 30 "$CACHE/apt-install.log" >&2; exit 1; }
fi

KVER=${KVER:-$(apt-cache depends linux-headers-amd64 |
	awk '/Depends: linux-headers-[0-9]/{sub("linux-headers-","",$2); print $2; exit}')}
KPKG=${KPKG:-$(dpkg-query -W -f '${Version}' "linux-headers-$KVER")}
[ -n "$KVER" ] && [ -n "$KPKG" ] || { echo "deps: cannot derive KVER/KPKG" >&2; exit 1; }
echo "$KVER" > "$CACHE/kver.tmp" && mv "$CACHE/kver.tmp" "$CACHE/kver"
echo "$KPKG" > "$CACHE/kpkg.tmp" && mv "$CACHE/kpkg.tmp" "$CACHE/kpkg"

IMG=$CACHE/img
# Trust the marker only if what the VM needs is really there.
if [ ! -f "$IMG/.done-$KPKG" ] || [ ! -f "$IMG/boot/vmlinuz-$KVER" ] ||
   [ -z "$(find "$IMG/lib/modules/$KVER/kernel/drivers/vfio" -name 'vfio.ko*' 2>/dev/null)" ]; then
	echo "deps: fetching linux-image-$KVER ($KPKG)"
	(cd "$CACHE/debs" && apt-get download -qq "linux-image-$KVER=$KPKG")
	rm -rf "$IMG"
	dpkg -x "$CACHE/debs/linux-image-${KVER}_${KPKG}_amd64.deb" "$IMG"
	depmod -b "$IMG" "$KVER"
	touch "$IMG/.done-$KPKG"
fi

SRC=$CACHE/src/linux-source-6.1
if [ ! -f "$CACHE/src/.done-$KPKG" ] || [ ! -f "$SRC/scripts/checkpatch.pl" ]; then
	echo "deps: fetching linux-source-6.1=$KPKG"
	(cd "$CACHE/debs" && apt-get download -qq "linux-source-6.1=$KPKG")
	rm -rf "$CACHE/src" "$CACHE/srcdeb"
	dpkg -x "$CACHE/debs/linux-source-6.1_${KPKG}_all.deb" "$CACHE/srcdeb"
	mkdir -p "$CACHE/src"
	tar -C "$CACHE/src" -xJf "$CACHE/srcdeb/usr/src/linux-source-6.1.tar.xz"
	rm -rf "$CACHE/srcdeb"
	touch "$CACHE/src/.done-$KPKG"
fi

# --- Xen tier: Xen 4.17, its toolstack and qemu-xen, extracted (never
# installed) into $CACHE/xen/sysroot; the dom0 initramfs is staged from it.
# Versions are pinned to the candidates apt offers; the marker names them.
XEN=$CACHE/xen
XEN_PKGS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common
xenstore-utils qemu-system-xen libxencall1 libxendevicemodel1 libxenevtchn1
libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenmisc4.17 libxenstore4
libxentoolcore1 libxentoollog1 libyajl2 libfdt1 libspice-server1
libusb-1.0-0 libext2fs2"
xen_pins=
for p in $XEN_PKGS; do
	v=$(apt-cache policy "$p" | awk '/Candidate:/ { print $2; exit }')
	[ -n "$v" ] && [ "$v" != "(none)" ] ||
		{ echo "deps: no candidate for $p (apt-get update?)" >&2; exit 1; }
	xen_pins="$xen_pins $p=$v"
done
xen_mark=$XEN/.done-$(echo "$xen_pins" | md5sum | cut -c1-12)
if [ ! -f "$xen_mark" ] || [ ! -f "$XEN/xen-4.17-amd64" ] ||
   [ ! -x "$XEN/sysroot/usr/lib/xen-4.17/bin/xl" ] ||
   [ ! -x "$XEN/sysroot/usr/libexec/xen-qemu-system-i386" ]; then
	echo "deps: fetching Xen 4.17 and its toolstack:$xen_pins"
	rm -rf "$XEN"
	mkdir -p "$XEN/debs" "$XEN/sysroot"
	# shellcheck disable=SC2086 # one word per package
	(cd "$XEN/debs" && apt-get download -qq $xen_pins)
	for d in "$XEN"/debs/*.deb; do
		dpkg -x "$d" "$XEN/sysroot"
	done
	# the decompressed image: QEMU's multiboot loader cannot take the .gz
	zcat "$XEN"/sysroot/boot/xen-4.17-amd64.gz > "$XEN/xen-4.17-amd64"
	rm -rf "$XEN/debs"
	touch "$xen_mark"
fi

# Debian .debs are not needed once extracted; keep the cache lean.
rm -f "$CACHE"/debs/*.deb
echo "deps: ok (KVER=$KVER KPKG=$KPKG)"
