#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# gvt_i915, the real-hardware host backend, beside the distribution's
# i915 and kvmgt. Both take i915's GVT-g hooks (intel_gvt_set_ops()), so
# only one can be loaded at a time:
#  - gvt_i915 loads beside i915 and unloads cleanly;
#  - kvmgt refuses to load while gvt_i915 holds i915;
#  - gvt_i915 refuses to load while kvmgt holds it, with -EBUSY and one
#    line that names the reason;
#  - after kvmgt is gone gvt_i915 loads again;
#  - none of it warns or oopses.
# Without an Intel GPU i915 hands no device over (init_device is never
# called), so this tests the hand-off, not the hardware paths.
#
# Modules: GVT_MODULES=<dir> with gvt_i915.ko and i915/ (i915's and
# kvmgt's dependency chain as .ko files and an "order" file, as the
# project's test VM stages them); otherwise modprobe. Exit 4 (skip) when
# neither finds them. POSIX sh: runs under busybox.

ksft_skip=4
DIR=${GVT_MODULES:-/modules}
n=0
failed=0

ok()
{
	n=$((n + 1))
	echo "ok $n $*"
}

not_ok()
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n $*"
}

check()
{
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

loaded()
{
	grep -q "^$1 " /proc/modules
}

if [ -f "$DIR/gvt_i915.ko" ] && [ -f "$DIR/i915/order" ]; then
	load_gvt_i915() { insmod "$DIR/gvt_i915.ko"; }
	load_kvmgt() { insmod "$DIR/i915/kvmgt.ko"; }
	load_i915()
	{
		while read -r mod; do
			case "$mod" in kvmgt.ko|"") continue ;; esac
			loaded "${mod%.ko}" && continue
			insmod "$DIR/i915/$mod" || return 1
		done < "$DIR/i915/order"
	}
	# kvmgt's own dependencies (kvm, vfio, mdev) without kvmgt itself.
	load_kvmgt_deps() { load_i915; }
elif modinfo gvt_i915 > /dev/null 2>&1 && modinfo kvmgt > /dev/null 2>&1; then
	load_gvt_i915() { modprobe gvt_i915; }
	load_kvmgt() { modprobe kvmgt; }
	load_i915() { modprobe i915; }
	load_kvmgt_deps() { modprobe -a kvm vfio mdev; }
else
	echo "1..0 # SKIP no gvt_i915 and kvmgt modules (set GVT_MODULES or install them)"
	exit $ksft_skip
fi

echo "1..9"
taint0=$(cat /proc/sys/kernel/tainted)
check "Debian's i915 (and kvmgt's dependencies) load" load_kvmgt_deps
check "gvt_i915 loads beside i915" load_gvt_i915
if load_kvmgt > /tmp/gvt_i915.kvmgt 2>&1; then
	not_ok "kvmgt refuses to load while gvt_i915 holds i915"
	rmmod kvmgt
else
	check "kvmgt refuses to load while gvt_i915 holds i915" \
		sh -c "! grep -q '^kvmgt ' /proc/modules"
fi
check "gvt_i915 unloads" rmmod gvt_i915
check "kvmgt loads once gvt_i915 is gone" load_kvmgt
mark=$(dmesg | wc -l)
if load_gvt_i915 > /tmp/gvt_i915.load 2>&1; then
	not_ok "gvt_i915 refuses to load while kvmgt holds i915"
	rmmod gvt_i915
else
	ok "gvt_i915 refuses to load while kvmgt holds i915"
fi
sed 's/^/#   /' /tmp/gvt_i915.load
dmesg | tail -n +$((mark + 1)) | grep 'gvt_i915' > /tmp/gvt_i915.msg
sed 's/^/#   dmesg: /' /tmp/gvt_i915.msg
# One distinct line per attempt (busybox's insmod tries finit_module,
# then init_module, so the module's init may run twice).
check "... with -EBUSY and one line naming the owner" \
	sh -c "grep -q 'Device or resource busy' /tmp/gvt_i915.load &&
	       [ \$(sed 's/^\[[ 0-9.]*\] //' /tmp/gvt_i915.msg | sort -u |
		    wc -l) = 1 ] &&
	       grep -q 'gvt_i915: .*held by another module' /tmp/gvt_i915.msg"
rmmod kvmgt
if load_gvt_i915 && rmmod gvt_i915; then
	ok "gvt_i915 loads again once kvmgt is gone, and unloads"
else
	not_ok "gvt_i915 loads again once kvmgt is gone, and unloads"
fi
taint=$(cat /proc/sys/kernel/tainted)
# W (512) and D (128); O, E and N are expected for out-of-tree modules.
check "no warning or oops (taint $taint0 -> $taint)" \
	[ $((taint & 640)) = $((taint0 & 640)) ]
[ "$failed" = 0 ]
