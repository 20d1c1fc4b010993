#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the GVT-g test VM (busybox sh), written by run-vm.sh.
#
# Loads the modules of /modules/order ("<file.ko> [params]" per line, in
# load order), runs the mode named in /etc/gvt-mode (test, demo, bench,
# guest, libvirt, xen), checks the kernel log and powers off. Machine-greppable output:
#   INIT: ...                 progress; "INIT: FAIL: ..." on setup errors,
#                             "INIT: DONE" as the very last line
#   TEST: BEGIN <prog>        before the TAP output of a kselftest program
#   TEST: END <prog> <t>s rc=<n>
#   TEST: DMESG: FAIL ...     the kernel logged a warning, BUG or oops
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
ln -sf /proc/self/fd /dev/fd 2> /dev/null

MODE=$(cat /etc/gvt-mode)
GVT_PARENT=$(cat /etc/gvt-parent 2> /dev/null)
[ -n "$GVT_PARENT" ] && export GVT_PARENT

uptime_s()
{
	cut -d' ' -f1 /proc/uptime
}

T_INIT=$(uptime_s)

# Kernel warnings, BUGs and oopses are test failures in every mode.
finish()
{
	# one "TEST: DMESG: FAIL" line at most: it counts as one failed test
	taint=$(cat /proc/sys/kernel/tainted)
	if dmesg | grep -E 'WARNING:|BUG:|Oops|general protection' | grep -v -E '\] traps: .* ip:[0-9a-f]+ sp:[0-9a-f]+ error:[0-9a-f]+ in ' \
		> /tmp/dmesg.bad; then
		echo "TEST: DMESG: FAIL: the kernel logged warnings or oopses"
		sed 's/^/TEST: DMESG:   /' /tmp/dmesg.bad | head -n 40
		echo "TEST: DMESG:   --- last kernel messages:"
		dmesg | tail -n 30 | sed 's/^/TEST: DMESG:   /'
	elif [ $((taint & 640)) != 0 ]; then
		# W (512) and D (128); O and E are expected for our modules
		echo "TEST: DMESG: FAIL: kernel tainted $taint (W or D)"
	fi
	echo "INIT: tainted=$taint uptime $(uptime_s)s"
	echo "INIT: DONE"
	sync
	poweroff -f
	sleep 10
}

fail()
{
	echo "INIT: FAIL: $*"
	dmesg | tail -n 30 | sed 's/^/INIT:   /'
	finish
}

echo "INIT: mode $MODE, kernel $(uname -r), uptime $(uptime_s)s${GVT_PARENT:+, GVT_PARENT=$GVT_PARENT}"

while read -r mod params; do
	[ -n "$mod" ] || continue
	# shellcheck disable=SC2086 # params are word-split on purpose
	insmod "/modules/$mod" $params || fail "insmod $mod $params"
done < /modules/order
echo "INIT: modules loaded: $(cut -d' ' -f1 /modules/order | tr '\n' ' ')"

run_tests()
{
	cd /kselftest || fail "no /kselftest"
	limit=$(sed -n 's/^timeout=//p' settings)
	[ -s programs ] || fail "no /kselftest/programs"
	# shellcheck disable=SC2013 # one program name per line
	for prog in $(cat programs); do
		echo "TEST: BEGIN $prog"
		start=$(date +%s)
		if [ -x "$prog" ]; then
			timeout "${limit:-45}" "./$prog" 2>&1
			rc=$?
		else
			# counted as a failure: no plan, rc neither 0 nor 4
			echo "TEST: MISSING $prog is not in /kselftest"
			rc=127
		fi
		echo "TEST: END $prog $(($(date +%s) - start))s rc=$rc"
	done
	cd /
}

case "$MODE" in
test)
	run_tests
	;;
demo)
	sh /usr/share/gvt/demo.sh
	;;
guest)
	sh /usr/share/gvt/guest.sh
	;;
libvirt)
	sh /usr/share/gvt/libvirt.sh
	;;
xen)
	# dom0 of the Xen tier: the kselftests (not with XEN_QUICK=1, a
	# debugging aid that fails the tier), then xen/dom0-init.sh
	if [ -f /etc/gvt-xen-quick ]; then
		echo "TEST: BEGIN kselftests"
		echo "not ok 1 - kselftests in dom0 not run (XEN_QUICK=1)"
		echo "TEST: END kselftests 0s rc=1"
	else
		run_tests
	fi
	sh /usr/share/gvt/xen.sh
	;;
run)
	sh /usr/share/gvt/run.sh
	echo "INIT: run.sh exited with $?"
	;;
bench)
	echo "bench: vm_boot_to_init $T_INIT s"
	/bin/gvt_bench 200 || echo "INIT: FAIL: gvt_bench exited with $?"
	;;
*)
	fail "unknown mode '$MODE'"
	;;
esac
finish
