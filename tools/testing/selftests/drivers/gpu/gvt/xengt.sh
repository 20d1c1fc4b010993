#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# xengt.ko outside Xen's dom0: loading must fail with ENODEV, log one
# line saying why, and leave nothing behind (no module, no
# /sys/kernel/vgt). In dom0 this program skips (exit 4): the Xen tier
# tests the module there.
#
# XENGT_KO=<path> names the module (default /modules/xengt.ko, else
# modprobe xengt). POSIX sh: runs under busybox.

ksft_skip=4
KO=${XENGT_KO:-/modules/xengt.ko}
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

echo "TAP version 13"
if grep -q control_d /proc/xen/capabilities 2> /dev/null; then
	echo "1..0 # SKIP running in Xen dom0: the Xen tier tests xengt here"
	exit $ksft_skip
fi
if [ ! -f "$KO" ] && ! modinfo xengt > /dev/null 2>&1; then
	echo "1..0 # SKIP no xengt.ko ($KO) and no xengt module installed"
	exit $ksft_skip
fi
echo "1..5"

dmesg -c > /dev/null 2>&1 || true
if [ -f "$KO" ]; then
	out=$(insmod "$KO" 2>&1)
else
	out=$(modprobe xengt 2>&1)
fi
rc=$?
if [ $rc != 0 ]; then
	ok "loading xengt outside dom0 fails (rc $rc)"
else
	not_ok "loading xengt outside dom0 succeeded"
	rmmod xengt 2> /dev/null
fi
case "$out" in
*"No such device"*) ok "the error is ENODEV: $out" ;;
*) not_ok "the error is not ENODEV: $out" ;;
esac
# The loader's own taint messages aside, every xengt line is the reason;
# one per load attempt (busybox insmod tries finit_module, then
# init_module).
dmesg | grep 'xengt: ' | grep -v 'taints kernel\|verification failed' \
	> /tmp/xengt.msgs
lines=$(grep -c . /tmp/xengt.msgs)
other=$(grep -vc 'xengt: not loading: not running in Xen dom0' /tmp/xengt.msgs)
if [ "$lines" -ge 1 ] && [ "$lines" -le 2 ] && [ "$other" = 0 ]; then
	ok "one kernel message per load attempt says why ($lines)"
else
	not_ok "expected 'xengt: not loading: not running in Xen dom0' only," \
	       "got $lines lines, $other others"
	sed 's/^/# /' /tmp/xengt.msgs
fi
rm -f /tmp/xengt.msgs
if grep -q '^xengt ' /proc/modules; then
	not_ok "xengt is still loaded"
else
	ok "xengt is not loaded"
fi
if [ -e /sys/kernel/vgt ]; then
	not_ok "/sys/kernel/vgt exists"
else
	ok "/sys/kernel/vgt does not exist"
fi
[ $failed = 0 ]
