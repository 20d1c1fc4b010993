#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Static tier: checkpatch --strict over every C file and header we own,
# and a sparse (C=2) + W=1 build of the modules. Zero findings pass.
#
# Each gate first proves it is live on a deliberately bad snippet, so a
# broken tool cannot pass silently. Prints "static: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
CACHE=${CACHE:-$top/.cache}
KVER=${KVER:-$(cat "$CACHE/kver")}
KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
CHECKPATCH=$CACHE/src/linux-source-6.1/scripts/checkpatch.pl
CFG="CONFIG_DRM_GVT=m CONFIG_DRM_GVT_SIM=m CONFIG_DRM_GVT_VFIO=m CONFIG_DRM_I915_GVT_XENGT=m CONFIG_DRM_GVT_I915=m"
export GVT_I915_SRC=${GVT_I915_SRC:-$CACHE/src/linux-source-6.1/drivers/gpu/drm/i915}
out=$CACHE/static
mkdir -p "$out"
pass=0
fail=0

result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "ok - $2"
	else
		fail=$((fail + 1))
		echo "not ok - $2"
	fi
}

# checkpatch gate is live: a bad line must be reported.
printf '// SPDX-License-Identifier: GPL-2.0-only\nint  f(void){return 0;}\n' \
	> "$out/bad.c"
perl "$CHECKPATCH" --strict --no-tree --terse -f "$out/bad.c" \
	> "$out/bad.log" 2>&1
grep -q 'ERROR' "$out/bad.log"
result $? "checkpatch is live (flags a bad snippet)"

# Every C file and header in the repository (not the cache).
files=$(git ls-files '*.c' '*.h')
# one checkpatch per file, on every CPU; the log in file order
rm -rf "$out/cp"
mkdir -p "$out/cp"
echo "$files" | tr ' ' '\n' |
	CHECKPATCH=$CHECKPATCH OUT=$out/cp xargs -r -P "$(nproc)" -n 8 sh -c '
		for f; do
			perl "$CHECKPATCH" --strict --no-tree --terse --show-types \
				-f "$f" > "$OUT/$(echo "$f" | tr / _).log" 2>&1
		done' sh
: > "$out/checkpatch.log"
for f in $files; do
	cat "$out/cp/$(echo "$f" | tr / _).log" >> "$out/checkpatch.log" 2> /dev/null ||
		echo "$f: ERROR: checkpatch left no log" >> "$out/checkpatch.log"
done
n=$(grep -cE ': (ERROR|WARNING|CHECK):' "$out/checkpatch.log")
[ "$n" = 0 ] || grep -E ': (ERROR|WARNING|CHECK):' "$out/checkpatch.log"
result "$n" "checkpatch --strict: $(echo "$files" | wc -w) files, $n findings"

# kernel-doc of the layer API and the modules: no warnings.
kdoc=$(git ls-files 'include/*.h' 'drivers/*.c' 'drivers/*.h')
perl "$CACHE/src/linux-source-6.1/scripts/kernel-doc" -none $kdoc \
	> "$out/kernel-doc.log" 2>&1
n=$(grep -c . "$out/kernel-doc.log")
[ "$n" = 0 ] || cat "$out/kernel-doc.log"
result "$n" "kernel-doc: $(echo "$kdoc" | wc -w) files, $n warnings"

# SPDX on every file we own (all tracked text files but a few data kinds).
# patches/ is generated: each patch carries the SPDX lines of its files.
missing=$(git ls-files | grep -vE '(^|/)\.gitignore$|\.(json|txt)$|^patches/' |
	while read -r f; do
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier' || echo "$f"
	done)
[ -z "$missing" ] || echo "missing SPDX: $missing"
result "$([ -z "$missing" ]; echo $?)" "SPDX line on every file"

# sparse + W=1 gate is live: an address-space error and an unused variable.
mkdir -p "$out/live"
cat > "$out/live/live.c" <<'C'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include <linux/uaccess.h>
int gvt_live(int __user *p);
int gvt_live(int __user *p)
{
	int unused;
	return *(int *)p;
}
MODULE_LICENSE("GPL");
C
echo 'obj-m := live.o' > "$out/live/Kbuild"
make -s -C "$KDIR" M="$out/live" C=2 W=1 modules > "$out/live.log" 2>&1
grep -q 'address space' "$out/live.log" &&
	grep -q 'unused variable' "$out/live.log"
result $? "sparse and W=1 are live (flag a bad module)"

# The real build, every file checked (C=2) with W=1.
# Rebuild from scratch so W=1 sees every file; never kbuild clean with
# M= here: it would delete the kernel modules kept in $CACHE.
make -s -C "$top" modules-clean
make -j"$(nproc)" -C "$KDIR" M="$top" $CFG C=2 W=1 modules > "$out/build.log" 2>&1
rc=$?
findings=$(grep -E 'warning:|error:|: note:' "$out/build.log" |
	grep -v 'Skipping BTF')
[ -z "$findings" ] || echo "$findings"
result "$([ $rc = 0 ] && [ -z "$findings" ]; echo $?)" \
	"C=2 W=1 build: rc $rc, $(echo -n "$findings" | grep -c .) findings"

echo "static: $pass passed, $fail failed"
[ "$fail" = 0 ]
