#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: run every test tier, print each tier's result with its own
# unit (checks, tests, targets, kselftests, milestones) and, as the very
# last line, "N passed, N failed, N skipped, N todo, N retried" summed over
# all tiers: the counts of unlike things, which the per-tier lines tell
# apart. Exits non-zero if any test failed or any tier did not report.
#
# Tiers: static (checkpatch, sparse, W=1), unit (the core in userspace
# under ASan/UBSan), fuzz (the core's libFuzzer targets, FUZZ_SMOKE_TIME
# seconds each, 20 by default), vm (kselftests and mdevctl in a QEMU VM),
# guest (a stock i915 guest on a vGPU, nested QEMU -accel kvm in the VM),
# libvirt (the guest tier's variant through libvirtd and virsh: node
# devices, a transient domain with the vGPU as an mdev hostdev),
# xen (Xen 4.17 with a dom0: the kselftests, xengt, an HVM i915 guest),
# intree (the patch series against linux-source-6.1, the kernel-gvt config
# fragment) and ship (DKMS and the dracut snippet).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
CACHE=${CACHE:-$top/.cache}
export CACHE
logs=$CACHE/check
mkdir -p "$logs"
total_pass=0
total_fail=0
total_skip=0
total_todo=0
total_retry=0
summary=

# What one result of a tier is.
tier_unit() {
	case $1 in
	static | intree | ship) echo checks ;;
	unit) echo tests ;;
	fuzz) echo targets ;;
	vm) echo kselftests ;;
	guest | libvirt | xen) echo milestones ;;
	*) echo results ;;
	esac
}

run_tier() {
	local name=$1 line p f s t r rc start note
	shift
	start=$(date +%s)
	echo "=== tier $name: $*"
	"$@" 2>&1 | tee "$logs/$name.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" |
		tail -n 1)
	p=$(echo "$line" | sed -nE 's/.*\b([0-9]+) passed.*/\1/p')
	f=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	t=$(echo "$line" | sed -nE 's/.* ([0-9]+) todo.*/\1/Ip')
	r=$(echo "$line" | sed -nE 's/.* ([0-9]+) retried.*/\1/p')
	# A tier's speeds (the fuzz tier's exec/s) go into its summary line.
	note=$(echo "$line" | grep -oE 'exec/s: [^)]*')
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	t=${t:-0}
	r=${r:-0}
	if [ -z "$line" ] || { [ "$rc" != 0 ] && [ "$f" = 0 ]; }; then
		echo "tier $name: exit $rc without a failing count; counted as 1 failure"
		f=$((f + 1))
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	total_todo=$((total_todo + t))
	total_retry=$((total_retry + r))
	summary="$summary$(printf '%-8s %-12s %4d passed, %d failed, %d skipped, %d todo, %d retried (%ds)' \
		"$name" "$(tier_unit "$name"):" "$p" "$f" "$s" "$t" "$r" \
		$(($(date +%s) - start)))${note:+; $note}\n"
}

run_tier static bash scripts/static-checks.sh
run_tier unit make -s -j"$(nproc)" -C tools/testing/gvt run
run_tier fuzz make -s -j"$(nproc)" -C tools/testing/gvt/fuzz smoke
run_tier vm bash tools/testing/gvt/vm/run-vm.sh test
run_tier guest bash tools/testing/gvt/vm/run-vm.sh guest
run_tier libvirt bash tools/testing/gvt/vm/run-vm.sh libvirt
run_tier intree bash scripts/intree-checks.sh
run_tier ship bash scripts/ship-checks.sh

# Xen tier: Xen 4.17 + dom0 under TCG, xengt and an HVM guest on a vGPU
run_tier xen bash tools/testing/gvt/vm/run-vm.sh xen

echo "=== summary (logs in $logs)"
printf "%b" "$summary"
echo "$total_pass passed, $total_fail failed, $total_skip skipped, $total_todo todo, $total_retry retried"
[ "$total_fail" = 0 ]
