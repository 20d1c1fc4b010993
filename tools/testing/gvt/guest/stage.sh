# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Staging of the real-guest test, sourced by vm/run-vm.sh in mode "guest"
# with STAGE (the outer initramfs tree), IMG and KVER (the Debian kernel
# image and release), KERNEL, BUSYBOX and VMDIR set, and its
# stage_modules function.
#
# Adds to the outer initramfs:
#   /modules/kvm/       kvm_amd and its dependencies, "order" lists them
#   /usr/bin/qemu-system-x86_64 and its shared libraries, /usr/share/qemu,
#                       /usr/share/seabios (firmware, symlinks resolved),
#                       /usr/share/OVMF/OVMF_{CODE,VARS}_4M.fd (UEFI variant)
#   /guest/vmlinuz      the inner guest's kernel (the same Debian kernel)
#   /guest/initrd.gz    the inner guest: busybox, i915 and its
#                       dependencies, guest/inner-init.sh as /init
#   /usr/share/gvt/guest.sh  guest/outer.sh, the test itself
#   /etc/gvt-guest      GUEST_PATH, GUEST_TIMEOUT, GUEST_APPEND and
#                       GUEST_VERBOSE for it (from the environment)

GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# guest_binary <path> [<root>]: copy an executable and its ldd closure
# into <root> (default STAGE).
guest_binary()
{
	local bin=$1 root=${2:-$STAGE} lib
	mkdir -p "$root/$(dirname "$bin")"
	cp -L "$bin" "$root/$bin"
	ldd "$bin" | awk '/=>/ { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
	while read -r lib; do
		[ -f "$lib" ] || continue
		mkdir -p "$root/$(dirname "$lib")"
		[ -f "$root/$lib" ] || cp -L "$lib" "$root/$lib"
	done
}

# IGT's benchmarks that the inner guest of the guest tier runs (Debian's
# intel-gpu-tools, installed by make deps).
IGT_BENCH=/usr/libexec/igt-gpu-tools/benchmarks
IGT_PROGS="$IGT_BENCH/gem_exec_nop $IGT_BENCH/gem_blt"
# IGT's decoders of the OpRegion and the VBT i915 found (debugfs).
IGT_DECODERS="/usr/bin/intel_opregion_decode /usr/bin/intel_vbt_decode"


# stage_inner_guest <dir> [<static program>...]: the inner guest's
# initramfs, built in <dir>, and its kernel as /guest/{initrd.gz,vmlinuz}
# of STAGE; the programs go to its /bin (the Xen tier's BAR0 benchmark,
# run INNER_MMIO_BENCH times if that is set). INNER_STOP_AT_WEDGE=1: the
# guest stops waiting for i915 once it declares its GT wedged. INNER_IGT:
# dynamically linked programs copied with their libraries (IGT's).
# INNER_STAY_UP=1: the guest does not power off after its last line (the
# libvirt variant stops it with virsh destroy). INNER_DMESG_FROM_DRM=1: the
# guest sends its kernel log only from the first i915 line on.
# INNER_FBCON_SHOT=1: it draws a screen of text on its fbdev console and
# holds it for a screendump.
stage_inner_guest()
{
	local inner=$1 prog
	shift
	rm -rf "$inner"
	mkdir -p "$inner"/{bin,sbin,proc,sys,dev,etc,modules}
	cp "$BUSYBOX" "$inner/bin/busybox"
	ln -s busybox "$inner/bin/sh"
	stage_modules "$inner/modules" "$inner/modules/order" i915 ||
		{ echo "run-vm: i915 missing from $IMG" >&2; return 1; }
	for prog in "$@"; do
		cp "$prog" "$inner/bin/"
	done
	for prog in ${INNER_IGT:-}; do
		[ -x "$prog" ] || { echo "run-vm: $prog missing (intel-gpu-tools)" >&2; return 1; }
		guest_binary "$prog" "$inner" || return 1
	done
	cp "$GUEST_DIR/inner-init.sh" "$inner/init"
	chmod 755 "$inner/init"
	echo "${GUEST_PROBE_TIMEOUT:-420}" > "$inner/etc/probe-timeout"
	[ -z "${INNER_MMIO_BENCH:-}" ] || echo "$INNER_MMIO_BENCH" > "$inner/etc/mmio-bench"
	[ "${INNER_STOP_AT_WEDGE:-0}" != 1 ] || touch "$inner/etc/stop-at-wedge"
	[ "${INNER_STAY_UP:-0}" != 1 ] || touch "$inner/etc/stay-up"
	[ -z "${INNER_GEM_NOPS:-}" ] || echo "$INNER_GEM_NOPS" > "$inner/etc/gem-nops"
	[ -z "${INNER_KMS_FLIPS:-}" ] || echo "$INNER_KMS_FLIPS" > "$inner/etc/kms-flips"
	[ "${INNER_DMESG_FROM_DRM:-0}" != 1 ] || touch "$inner/etc/dmesg-from-drm"
	[ "${INNER_FBCON_SHOT:-0}" != 1 ] || touch "$inner/etc/fbcon-shot"
	mkdir -p "$STAGE/guest"
	(cd "$inner" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) \
		> "$STAGE/guest/initrd.gz"
	cp "$KERNEL" "$STAGE/guest/vmlinuz"
}

stage_guest()
{
	local inner=$VMDIR/stage-inner qemu
	qemu=$(command -v qemu-system-x86_64) || return 1

	stage_modules "$STAGE/modules/kvm" "$STAGE/modules/kvm/order" kvm_amd ||
		{ echo "run-vm: kvm_amd missing from $IMG" >&2; return 1; }

	guest_binary "$qemu"
	mkdir -p "$STAGE/usr/share"
	cp -aL /usr/share/qemu /usr/share/seabios "$STAGE/usr/share/"
	# the UEFI variant's firmware (Debian's ovmf), when installed
	mkdir -p "$STAGE/usr/share/OVMF"
	for f in OVMF_CODE_4M.fd OVMF_VARS_4M.fd; do
		if [ -r "/usr/share/OVMF/$f" ]; then
			cp -L "/usr/share/OVMF/$f" "$STAGE/usr/share/OVMF/" || return 1
		fi
	done

	# the program that submits work in the guest, against the 6.1 uAPI
	mkdir -p "$VMDIR/uapi"
	cp -r "$SRC/include/uapi/drm" "$VMDIR/uapi/"
	gcc -static -O2 -Wall -D__user= -I"$VMDIR/uapi" -o "$VMDIR/gem_store" \
		"$GUEST_DIR/gem_store.c" || return 1
	# the KMS client: a mode on the monitor, page flips on vblank
	gcc -static -O2 -Wall -D__user= -I"$VMDIR/uapi" -o "$VMDIR/kms_flip" \
		"$GUEST_DIR/kms_flip.c" || return 1
	# BAR0 access cost, beside the Xen tier's figure
	gcc -static -O2 -Wall -o "$VMDIR/mmio_bench" "$GUEST_DIR/mmio_bench.c" || return 1
	INNER_MMIO_BENCH=${GUEST_MMIO_BENCH:-2000} \
	INNER_GEM_NOPS=${GUEST_GEM_NOPS:-200} \
	INNER_KMS_FLIPS=${GUEST_KMS_FLIPS:-60} \
	INNER_FBCON_SHOT=1 \
	INNER_STOP_AT_WEDGE=${GUEST_STOP_AT_WEDGE:-0} \
	INNER_IGT="$IGT_PROGS $IGT_DECODERS" \
		stage_inner_guest "$inner" "$VMDIR/gem_store" "$VMDIR/kms_flip" \
			"$VMDIR/mmio_bench" || return 1

	cp "$GUEST_DIR/outer.sh" "$STAGE/usr/share/gvt/guest.sh"
	chmod 755 "$STAGE/usr/share/gvt/guest.sh"
	{
		echo "GUEST_PATH=${GUEST_PATH:-kvm}"
		echo "GUEST_TIMEOUT=${GUEST_TIMEOUT:-540}"
		echo "GUEST_APPEND='${GUEST_APPEND:-}'"
		echo "GUEST_VERBOSE=${GUEST_VERBOSE:-0}"
		echo "GUEST_OVMF=${GUEST_OVMF:-0}"
	} > "$STAGE/etc/gvt-guest"
}
