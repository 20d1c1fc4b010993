#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run libFuzzer targets for a while each: run.sh BUILD SECONDS TARGET...
#
# Per target, in $CACHE/fuzz/<target>/: seeds/ (rewritten by gen_seeds.py),
# corpus/ (grows across runs, replayed first), crashes/ (reproducers) and
# last.log. Prints one "ok"/"not ok" line per target with the executions,
# speed and coverage, and as the last line "fuzz: N passed, N failed
# (exec/s: TARGET N, ...)" with each target's average executions per
# second.
# A crash, an oracle violation, a leak or a timeout fails the target.
# Targets run FUZZ_JOBS at a time (default: one per CPU).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$1
secs=$2
shift 2
CACHE=${CACHE:-$(cd "$here/../../../.." && pwd)/.cache}
# gen_seeds.py runs the fuzz_cmd target to write its seeds.
GVT_FUZZ_BUILD=$(cd "$build" && pwd)
export GVT_FUZZ_BUILD
pass=0
fail=0
rates=
# FUZZ_JOBS targets at a time (default: one per CPU), each on its own
# corpus; their lines are printed in the order given.
jobs=${FUZZ_JOBS:-$(nproc)}

# fuzz_one TARGET: fuzz it, write its verdict line (then any details) to
# $CACHE/fuzz/TARGET/verdict and its speed to .../speed.
fuzz_one()
{
	local t=$1 dir=$CACHE/fuzz/$1 dict=() before after rc runs speed stats
	mkdir -p "$dir/corpus" "$dir/crashes"
	rm -rf "$dir/seeds" "$dir/seeds.dict" "$dir/verdict" "$dir/speed"
	if ! python3 "$here/gen_seeds.py" "$t" "$dir/seeds"; then
		echo "not ok - fuzz $t: cannot write seeds" > "$dir/verdict"
		return
	fi
	# A target may write a dictionary with its seeds.
	[ -f "$dir/seeds.dict" ] && dict=(-dict="$dir/seeds.dict")
	before=$(find "$dir/crashes" -type f | wc -l)
	# The targets keep their vGPUs from one input to the next and check
	# the core's allocations themselves: no LSan pass per input.
	"$build/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 \
		-max_len=2048 -detect_leaks=0 -print_final_stats=1 \
		${dict[@]+"${dict[@]}"} \
		-artifact_prefix="$dir/crashes/" "$dir/corpus" "$dir/seeds" \
		> "$dir/last.log" 2>&1
	rc=$?
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' \
		"$dir/last.log")
	speed=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' \
		"$dir/last.log")
	stats=$(grep -E '^#[0-9]+' "$dir/last.log" | tail -n 1 |
		grep -oE '(cov|ft|corp): [^ ]+' | tr '\n' ' ')
	after=$(find "$dir/crashes" -type f | wc -l)
	echo "${speed:-?}" > "$dir/speed"
	if [ "$rc" = 0 ] && [ "$after" = "$before" ] && [ -n "$runs" ]; then
		echo "ok - fuzz $t: ${secs}s, $runs runs, ${speed:-?} exec/s, ${stats% }" \
			> "$dir/verdict"
		return
	fi
	{
		echo "not ok - fuzz $t: exit $rc after ${runs:-?} runs; log $dir/last.log"
		grep -E 'gvt-fuzz: |ERROR: |SUMMARY: |runtime error' \
			"$dir/last.log" | head -n 5 | sed 's/^/#   /'
		find "$dir/crashes" -type f -newer "$dir/seeds" |
			sed 's/^/#   reproducer: /'
	} > "$dir/verdict"
}

running=0
for t in "$@"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	fuzz_one "$t" &
	running=$((running + 1))
done
wait

for t in "$@"; do
	dir=$CACHE/fuzz/$t
	if [ -s "$dir/verdict" ]; then
		cat "$dir/verdict"
	else
		echo "not ok - fuzz $t: no verdict (the run died)"
	fi
	case $(head -n 1 "$dir/verdict" 2> /dev/null) in
	"ok - "*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	rates="$rates${rates:+, }$t $(cat "$dir/speed" 2> /dev/null || echo '?')"
done

echo "fuzz: $pass passed, $fail failed (exec/s: $rates)"
[ "$fail" = 0 ]
