# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Staging of the libvirt variant of the guest tier, sourced by
# vm/run-vm.sh in mode "libvirt" after guest/stage.sh (for guest_binary,
# stage_inner_guest), with STAGE, IMG, KVER, KERNEL, BUSYBOX and VMDIR set
# and its stage_modules function.
#
# Adds to the outer initramfs what guest/stage.sh adds for the KVM path
# (the kvm modules, QEMU and its firmware, the inner guest), with an inner
# guest that only probes i915 (no IGT, no gem_store, no BAR0 benchmark:
# the guest tier runs those), and:
#   QEMU's TCG accelerator module, which libvirt's probe of QEMU needs
#   /usr/sbin/libvirtd, /usr/bin/virsh, the qemu and nodedev connection
#                       drivers, all with their shared libraries
#   /usr/share/libvirt/cpu_map   the CPU models the QEMU driver reads
#   /etc/libvirt/{libvirtd,qemu}.conf   libvirtd as root on a system
#                       without systemd, dbus, polkit or cgroups (see the
#                       files' comments)
#   /bin/udevadm, /lib/systemd/systemd-udevd  udevd, which tells libvirt's
#                       nodedev driver of devices created after it started
#   /etc/passwd, /etc/group   root, which qemu.conf names, and
#                       libvirt-qemu, the QEMU driver's default
#   /etc/hosts          the VM's host name, which libvirt resolves
#   /usr/sbin/dmidecode for the QEMU driver's host sysinfo
#   /usr/share/gvt/libvirt.sh   libvirt/libvirt.sh, the test itself
#   /usr/share/gvt/domain.xml   libvirt/domain.xml, the transient domain
#   /etc/gvt-libvirt    LIBVIRT_GUEST_TIMEOUT and LIBVIRTD_TIMEOUT for it

LIBVIRT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIBVIRT_DRIVERS=/usr/lib/x86_64-linux-gnu/libvirt/connection-driver

stage_libvirt()
{
	local inner=$VMDIR/stage-inner-libvirt qemu bin drv
	qemu=$(command -v qemu-system-x86_64) || return 1
	for bin in /usr/sbin/libvirtd /usr/bin/virsh /bin/udevadm; do
		[ -x "$bin" ] || { echo "run-vm: $bin missing (make deps)" >&2; return 1; }
	done
	for drv in qemu nodedev; do
		[ -f "$LIBVIRT_DRIVERS/libvirt_driver_$drv.so" ] ||
			{ echo "run-vm: libvirt's $drv driver missing (make deps)" >&2; return 1; }
	done

	# the KVM path of the guest tier
	stage_modules "$STAGE/modules/kvm" "$STAGE/modules/kvm/order" kvm_amd ||
		{ echo "run-vm: kvm_amd missing from $IMG" >&2; return 1; }
	guest_binary "$qemu"
	mkdir -p "$STAGE/usr/share"
	cp -aL /usr/share/qemu /usr/share/seabios "$STAGE/usr/share/"
	# libvirt probes QEMU's capabilities under TCG too (-machine
	# none,accel=tcg), which Debian's QEMU loads as a module; the guest
	# tier's QEMU runs -accel kvm only
	guest_binary /usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so
	# the quickest inner guest: i915's probe, its debugfs, power-off
	INNER_MMIO_BENCH="" INNER_GEM_NOPS="" INNER_STOP_AT_WEDGE=0 INNER_IGT="" INNER_STAY_UP=1 \
		stage_inner_guest "$inner" || return 1

	# libvirt: the monolithic daemon, which loads every connection
	# driver it finds (the others are not staged, so not loaded)
	guest_binary /usr/sbin/libvirtd
	guest_binary /usr/bin/virsh
	for drv in qemu nodedev; do
		guest_binary "$LIBVIRT_DRIVERS/libvirt_driver_$drv.so"
	done
	mkdir -p "$STAGE/usr/share/libvirt"
	cp -a /usr/share/libvirt/cpu_map "$STAGE/usr/share/libvirt/"
	mkdir -p "$STAGE/etc/libvirt" "$STAGE"/var/lib/libvirt/qemu \
		"$STAGE"/var/cache/libvirt/qemu "$STAGE"/var/log/libvirt/qemu \
		"$STAGE/run"
	# libvirt's clients look for /var/run/libvirt/libvirt-sock
	ln -sfn ../run "$STAGE/var/run"
	cp "$LIBVIRT_DIR/libvirtd.conf" "$LIBVIRT_DIR/qemu.conf" "$STAGE/etc/libvirt/"
	# the QEMU driver resolves its built-in user and group (Debian's
	# libvirt-qemu) before it reads qemu.conf, which names root
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'libvirt-qemu:x:64055:64055::/var/lib/libvirt:/bin/false' > "$STAGE/etc/passwd"
	printf '%s\n' 'root:x:0:' 'kvm:x:107:' 'libvirt-qemu:x:64055:' > "$STAGE/etc/group"
	# libvirt resolves the host name (libvirt.sh sets it)
	echo '127.0.0.1 localhost gvt-vm' > "$STAGE/etc/hosts"
	# the host's SMBIOS tables for the QEMU driver's sysinfo, if there
	[ ! -x /usr/sbin/dmidecode ] || guest_binary /usr/sbin/dmidecode

	# udevd (systemd's, one binary with udevadm) without rules: it
	# passes the kernel's uevents on to libudev's listeners
	guest_binary /bin/udevadm
	mkdir -p "$STAGE/lib/systemd" "$STAGE/etc/udev/rules.d"
	ln -sf /bin/udevadm "$STAGE/lib/systemd/systemd-udevd"

	cp "$LIBVIRT_DIR/libvirt.sh" "$STAGE/usr/share/gvt/libvirt.sh"
	cp "$LIBVIRT_DIR/domain.xml" "$STAGE/usr/share/gvt/domain.xml"
	chmod 755 "$STAGE/usr/share/gvt/libvirt.sh"
	{
		echo "LIBVIRT_GUEST_TIMEOUT=${LIBVIRT_GUEST_TIMEOUT:-240}"
		echo "LIBVIRTD_TIMEOUT=${LIBVIRTD_TIMEOUT:-180}"
	} > "$STAGE/etc/gvt-libvirt"
}
