# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Staging of the Xen tier, sourced by vm/run-vm.sh in mode "xen" with
# STAGE (the dom0 initramfs tree), CACHE, IMG, KVER, KERNEL, BUSYBOX,
# VMDIR, build (the directory of the static test programs), top and the
# stage_modules function set. Xen itself, its toolstack and qemu-xen come
# from $CACHE/xen (scripts/deps.sh extracts the Debian packages there).
#
# Adds to the dom0 initramfs:
#   /modules/xen/       xenfs, xen-evtchn, xen-gntdev, xen-gntalloc,
#                       xen-privcmd and their dependencies ("order"), and
#                       xengt.ko when it is built
#   /etc/gvt-xengt      "present" or "missing: <why>"
#   /usr/lib/xen-4.17/bin/{xl,xenstored,xenconsoled,xenconsole,
#                       libxl-save-helper,xen-init-dom0}, /usr/bin/xenstore*,
#                       /usr/libexec/xen-qemu-system-i386 (libxl's fixed
#                       path), their shared libraries (ldd closure, the
#                       extracted sysroot first), hvmloader, /etc/xen,
#                       /usr/share/qemu, /usr/share/seabios
#   /bin/vgt_write      one write(2) to a sysfs file, prints the errno
#   /guest/vmlinuz, /guest/initrd.gz  the inner guest of the guest tier
#                       (guest/stage.sh), with the BAR0 benchmark
#   /usr/share/gvt/xen.sh   xen/dom0-init.sh, the tier's tests
#   /etc/gvt-guest      GUEST_TIMEOUT, GUEST_STALL, GUEST_APPEND, GUEST_VERBOSE,
#                       GUEST_TYPE

XEN_TIER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
XEN=$CACHE/xen
XEN_SYSROOT=$XEN/sysroot
XEN_IMAGE=$XEN/xen-4.17-amd64
XENGT_KO=$top/drivers/gpu/gvt/xen/xengt.ko

# xen_binary <path>: copy <path> of the sysroot into STAGE with every
# shared library it needs, resolved in the sysroot first, then on the
# build host (the libraries qemu-system-x86 already pulls in).
xen_binary()
{
	local bin=$1 lib dest libs
	[ -f "$XEN_SYSROOT/$bin" ] || { echo "run-vm: $bin missing from $XEN_SYSROOT" >&2; return 1; }
	mkdir -p "$STAGE/$(dirname "$bin")"
	cp -L "$XEN_SYSROOT/$bin" "$STAGE/$bin"
	file -L "$XEN_SYSROOT/$bin" | grep -q 'dynamically linked' || return 0
	libs=$(LD_LIBRARY_PATH=$XEN_SYSROOT/usr/lib/x86_64-linux-gnu:$XEN_SYSROOT/lib/x86_64-linux-gnu \
		ldd "$XEN_SYSROOT/$bin") || return 1
	if echo "$libs" | grep -q 'not found'; then
		echo "run-vm: $bin needs libraries found nowhere:" \
			"$(echo "$libs" | grep 'not found' | tr -s ' \t\n' ' ')" >&2
		return 1
	fi
	echo "$libs" | awk '/=>/ { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	while read -r lib; do
		[ -f "$lib" ] || continue
		dest=${lib#"$XEN_SYSROOT"}
		mkdir -p "$STAGE/$(dirname "$dest")"
		[ -f "$STAGE/$dest" ] || cp -L "$lib" "$STAGE/$dest"
	done
}

stage_xen()
{
	local b

	[ -f "$XEN_IMAGE" ] || { echo "run-vm: $XEN_IMAGE missing: run 'make deps'" >&2; return 1; }
	stage_modules "$STAGE/modules/xen" "$STAGE/modules/xen/order" \
		xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd ||
		{ echo "run-vm: Xen modules missing from $IMG" >&2; return 1; }
	if [ -f "$XENGT_KO" ]; then
		strip --strip-debug -o "$STAGE/modules/xen/xengt.ko" "$XENGT_KO"
		echo present > "$STAGE/etc/gvt-xengt"
	else
		echo "missing: drivers/gpu/gvt/xen/xengt.ko is not built" > "$STAGE/etc/gvt-xengt"
	fi

	for b in xl xenstored xenconsoled xenconsole libxl-save-helper xen-init-dom0; do
		xen_binary "/usr/lib/xen-4.17/bin/$b" || return 1
	done
	xen_binary /usr/bin/xenstore || return 1
	for b in read write ls list rm exists; do
		ln -sf xenstore "$STAGE/usr/bin/xenstore-$b"
	done
	xen_binary /usr/libexec/xen-qemu-system-i386 || return 1
	xen_binary /usr/lib/xen-4.17/boot/hvmloader || return 1
	cp -a "$XEN_SYSROOT/etc/xen" "$STAGE/etc/"
	mkdir -p "$STAGE/usr/share"
	cp -aL /usr/share/qemu /usr/share/seabios "$STAGE/usr/share/"

	gcc -static -O2 -Wall -o "$STAGE/bin/vgt_write" "$XEN_TIER_DIR/vgt_write.c" ||
		return 1
	# the inner guest, with the BAR0 benchmark
	gcc -static -O2 -Wall -o "$build/mmio_bench" \
		"$top/tools/testing/gvt/guest/mmio_bench.c" || return 1
	# A wedged GT makes i915 rewrite all 1 M GGTT entries, one ioreq
	# each: hours under TCG, so the guest stops there (XEN_STOP_AT_WEDGE=0
	# waits).
	mkdir -p "$build/uapi"
	cp -r "$SRC/include/uapi/drm" "$build/uapi/"
	gcc -static -O2 -Wall -D__user= -I"$build/uapi" -o "$build/gem_store" \
		"$top/tools/testing/gvt/guest/gem_store.c" || return 1
	INNER_MMIO_BENCH=${XEN_MMIO_BENCH:-2000} \
	INNER_STOP_AT_WEDGE=${XEN_STOP_AT_WEDGE:-1} \
	INNER_GEM_NOPS=${XEN_GEM_NOPS:-5} \
	INNER_DMESG_FROM_DRM=1 \
		stage_inner_guest "$VMDIR/stage-inner-xen" "$build/mmio_bench" \
		"$build/gem_store" || return 1

	[ "${XEN_QUICK:-0}" != 1 ] || touch "$STAGE/etc/gvt-xen-quick"
	cp "$XEN_TIER_DIR/dom0-init.sh" "$STAGE/usr/share/gvt/xen.sh"
	chmod 755 "$STAGE/usr/share/gvt/xen.sh"
	{
		echo "GUEST_TIMEOUT=${GUEST_TIMEOUT:-600}"
		echo "GUEST_STALL=${GUEST_STALL:-120}"
		echo "GUEST_APPEND='${GUEST_APPEND:-}'"
		echo "GUEST_VERBOSE=${GUEST_VERBOSE:-0}"
		echo "GUEST_TYPE=${GUEST_TYPE:-hvm}"
	} > "$STAGE/etc/gvt-guest"
}
