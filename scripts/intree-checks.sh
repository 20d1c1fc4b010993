#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# In-tree tier: the patch series in patches/ against Debian's
# linux-source-6.1 of the headers' version (the test tree).
#
#   1. regenerating patches/ from the tree yields no difference;
#   2. the series applies with patch -p1 --fuzz=0, without offsets;
#   3. every prefix of the series builds: make M= of the directories the
#      prefix adds, with Debian's config plus configs/kernel-gvt.config
#      (a prefix that adds only the header compiles the header alone);
#   4. with the whole series, our directories build in tree with C=1 W=1
#      without a warning;
#   5. checkpatch --strict over the series: zero findings;
#   6. configs/kernel-gvt.config merged into Debian's config with
#      merge_config.sh + olddefconfig keeps every option as asked;
#   7. the kselftests build in the patched tree and install with their
#      config and settings files.
#
# Works in $CACHE/intree (a hard-linked copy of the source; every file the
# series or the build writes is a new file, so the shared source stays
# pristine). Prints "intree: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
CACHE=${CACHE:-$top/.cache}
KVER=${KVER:-$(cat "$CACHE/kver")}
KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
SRC=$CACHE/src/linux-source-6.1
W=$CACHE/intree
T=$W/linux
LOG=$W/log
JOBS=${JOBS:-$(nproc)}
# shellcheck source=result.sh
. "$top/scripts/result.sh"

finish()
{
	echo "intree: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

for f in "$SRC/MAINTAINERS" "$KDIR/.config" "$KDIR/Module.symvers"; do
	[ -f "$f" ] || { echo "intree: missing $f (run make deps)"; fail=1; finish; }
done

rm -rf "$W"
mkdir -p "$W" "$LOG"

# 1. The series is the tree.
python3 scripts/mkpatches.py --base "$SRC" --out "$W/regen" > "$LOG/regen" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	diff -r patches "$W/regen" > "$LOG/regen.diff" 2>&1
	rc=$?
	[ "$rc" = 0 ] || head -n 40 "$LOG/regen.diff"
else
	cat "$LOG/regen"
fi
result "$rc" "patches/ is what scripts/mkpatches.py makes of the tree (make patches)"

# A tree that is not 6.1 is refused with one line, and no output is left.
mkdir -p "$W/not61"
printf 'VERSION = 5\nPATCHLEVEL = 10\n' > "$W/not61/Makefile"
python3 scripts/mkpatches.py --base "$W/not61" --out "$W/not61-out" \
	> "$LOG/not61" 2>&1
rc=$?
result "$([ "$rc" != 0 ] && grep -q 'not a Linux 6.1 tree' "$LOG/not61" &&
	  [ ! -e "$W/not61-out" ]; echo $?)" \
	"make patches refuses a tree that is not 6.1 ($(head -n 1 "$LOG/not61"))"

mapfile -t series < patches/series
[ "${#series[@]}" -gt 0 ] || { result 1 "patches/series lists patches"; finish; }

# The test tree: Debian's config, the kernel's Module.symvers (modpost
# resolves against it), prepared once.
cp -al "$SRC" "$T" || { result 1 "copy of the test tree"; finish; }
cp "$KDIR/.config" "$T/.config"
cp "$KDIR/Module.symvers" "$T/Module.symvers"

# Our options that the patches applied so far define, merged into the
# config. Returns non-zero if an option did not keep its value.
merge_ours()
{
	local frag=$W/frag.config opt want got bad=0
	: > "$frag"
	while IFS= read -r line; do
		opt=${line%%=*}
		case "$opt" in CONFIG_*) ;; *) continue ;; esac
		grep -rqs "^config ${opt#CONFIG_}\$" "$T/drivers/gpu/gvt" &&
			echo "$line" >> "$frag"
	done < configs/kernel-gvt.config
	(cd "$T" && cp "$KDIR/.config" .config &&
	 ./scripts/kconfig/merge_config.sh -m -O . .config "$frag" &&
	 make -s olddefconfig) > "$LOG/merge" 2>&1 || return 1
	while IFS= read -r line; do
		opt=${line%%=*}
		want=${line#*=}
		got=$(grep -E "^$opt=" "$T/.config" | cut -d= -f2-)
		if [ "$got" != "$want" ]; then
			echo "# $opt: asked $want, got ${got:-unset}"
			bad=1
		fi
	done < "$frag"
	return $bad
}

prepared=0
whole_built=0
applied=()
dirs_of()
{
	# The module directories under drivers/gpu/gvt/ that the patch adds.
	grep -E '^\+\+\+ b/drivers/gpu/gvt/[^/]+/' "patches/$1" |
		sed -E 's|^\+\+\+ b/(drivers/gpu/gvt/[^/]+)/.*|\1|' | sort -u
}

# The last patch that adds module code: its prefix is the whole driver.
last_build=
for p in "${series[@]}"; do
	[ -z "$(dirs_of "$p")" ] || last_build=$p
done
apply_ok=0
prefix_ok=0
for p in "${series[@]}"; do
	if ! patch -d "$T" -p1 --fuzz=0 --no-backup-if-mismatch \
		< "patches/$p" > "$LOG/apply-$p" 2>&1 ||
	   grep -qE 'offset|fuzz|FAILED|Reversed' "$LOG/apply-$p"; then
		cat "$LOG/apply-$p"
		apply_ok=1
		break
	fi
	applied+=("$p")
	if [ -z "$(dirs_of "$p")" ] && ! grep -q '^+++ b/include/gvt/' "patches/$p"; then
		continue
	fi
	if ! merge_ours; then
		echo "# prefix ending at $p: our options do not merge"
		prefix_ok=1
		continue
	fi
	if [ "$prepared" = 0 ]; then
		make -C "$T" -s -j"$JOBS" modules_prepare > "$LOG/prepare" 2>&1 ||
			{ tail -n 20 "$LOG/prepare"; result 1 "modules_prepare of the test tree"; finish; }
		prepared=1
	else
		make -C "$T" -s -j"$JOBS" modules_prepare > "$LOG/prepare" 2>&1
	fi
	if [ -f "$T/drivers/gpu/gvt/Makefile" ] && [ "$p" = "$last_build" ]; then
		# The whole series: built once, with C=1 W=1, for step 4 too
		# (the changed flags rebuild every object, as a clean would).
		make -C "$T" -j"$JOBS" M=drivers/gpu/gvt C=1 W=1 modules \
			> "$LOG/build-c1w1" 2>&1
		rc=$?
		cp "$LOG/build-c1w1" "$LOG/build-$p"
		whole_built=1
		whole_rc=$rc
	elif [ -f "$T/drivers/gpu/gvt/Makefile" ]; then
		make -C "$T" -j"$JOBS" M=drivers/gpu/gvt modules \
			> "$LOG/build-$p" 2>&1
		rc=$?
	else
		# Only the header so far: it must compile on its own.
		mkdir -p "$W/hdr"
		printf '#include <gvt/gvt.h>\n' > "$W/hdr/hdr.c"
		printf 'obj-m := hdr.o\n' > "$W/hdr/Kbuild"
		make -C "$T" M="$W/hdr" hdr.o > "$LOG/build-$p" 2>&1
		rc=$?
	fi
	if [ "$rc" != 0 ]; then
		echo "# prefix ending at $p does not build:"
		grep -E 'error|Error' "$LOG/build-$p" | head -n 10
		prefix_ok=1
	fi
done
result "$apply_ok" "the series (${#applied[@]}/${#series[@]} patches) applies to linux-source-$(cat "$CACHE/kpkg") without fuzz or offset"
[ "$apply_ok" = 0 ] || finish
result "$prefix_ok" "every prefix of the series builds (make M=drivers/gpu/gvt)"

# 4. The whole series, C=1 W=1, warning-free (built as the last prefix).
if [ "$whole_built" = 1 ]; then
	rc=$whole_rc
else
	make -C "$T" -s M=drivers/gpu/gvt clean > /dev/null 2>&1
	make -C "$T" -j"$JOBS" M=drivers/gpu/gvt C=1 W=1 modules \
		> "$LOG/build-c1w1" 2>&1
	rc=$?
fi
n=$(grep -cE 'warning:|error:' "$LOG/build-c1w1")
[ "$n" = 0 ] || grep -E 'warning:|error:' "$LOG/build-c1w1" | head -n 20
kos=$(find "$T/drivers/gpu/gvt" -name '*.ko' | wc -l)
result "$([ "$rc" = 0 ] && [ "$n" = 0 ] && [ "$kos" -gt 0 ]; echo $?)" \
	"in-tree build with C=1 W=1: $kos modules, $n warnings"

# 5. checkpatch over the series.
(cd "$T" && perl scripts/checkpatch.pl --strict --terse --show-types \
	"${series[@]/#/$top/patches/}") > "$LOG/checkpatch" 2>&1
n=$(grep -cE ': (ERROR|WARNING|CHECK):' "$LOG/checkpatch")
[ "$n" = 0 ] || grep -E ': (ERROR|WARNING|CHECK):' "$LOG/checkpatch" | head -n 20
result "$n" "checkpatch --strict over ${#series[@]} patches: $n findings"

# 6. The kernel-gvt fragment on top of the distro config.
opts=$(grep -c '^CONFIG_' configs/kernel-gvt.config)
merge_ours
rc=$?
[ "$rc" = 0 ] || cat "$LOG/merge"
grep -q 'not in final .config' "$LOG/merge" && rc=1
result "$rc" "configs/kernel-gvt.config: merge_config.sh + olddefconfig keeps all $opts options"

# 7. kselftests in the patched tree.
make -C "$T" -s -j"$JOBS" headers > "$LOG/headers" 2>&1
make -C "$T/tools/testing/selftests" -j"$JOBS" TARGETS=drivers/gpu/gvt \
	> "$LOG/ksft-build" 2>&1
rc=$?
[ "$rc" = 0 ] || tail -n 20 "$LOG/ksft-build"
result "$rc" "make -C tools/testing/selftests TARGETS=drivers/gpu/gvt builds in the patched tree"
make -C "$T/tools/testing/selftests" TARGETS=drivers/gpu/gvt \
	INSTALL_PATH="$W/ksft" install > "$LOG/ksft-install" 2>&1
rc=$?
inst=$W/ksft/drivers/gpu/gvt
missing=
progs=$(awk '/^TEST_(GEN_)?PROGS :=/ { f = 1; sub(/^[A-Z_]+ :=/, "") }
	f { c = sub(/\\$/, ""); printf "%s ", $0; if (!c) f = 0 }' \
	tools/testing/selftests/drivers/gpu/gvt/Makefile)
progs=$(echo "$progs" | tr ' \t' '\n\n' | grep -v -e '^$' -e '\$')
for f in config settings $progs; do
	[ -e "$inst/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] || echo "# not installed:$missing"
result "$([ "$rc" = 0 ] && [ -z "$missing" ]; echo $?)" \
	"kselftest install lays out config, settings and $(echo "$progs" | wc -w) programs"

finish
