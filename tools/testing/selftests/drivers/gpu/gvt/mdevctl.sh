#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# mdevctl, a real mdev client, against the GVT-g types:
#  - `mdevctl types` lists the parent's GVTg_V5_* types with the
#    available instances, device API, name and description of sysfs;
#  - `mdevctl start -u <uuid> -p <parent> -t <type>` creates a vGPU that
#    sysfs and `mdevctl list` show, a second start of it fails;
#  - starts beyond the available instances fail and create nothing;
#  - `mdevctl stop -u <uuid>` removes it and every count is restored.
#
# GVT_PARENT=<device> selects the parent (default: the first parent that
# offers GVTg_V5_* types). Exit 4 (skip) without mdevctl or a parent.
# POSIX sh: runs under busybox.

ksft_skip=4
MDEVCTL=${MDEVCTL:-mdevctl}
BUS=/sys/class/mdev_bus
DEVICES=/sys/bus/mdev/devices

n=0
failed=0
started=""
tmp=""

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

# check <description> <command...>: one TAP line for the command's status
check()
{
	desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
	fi
}

# check_fails <description> <command...>: the command must fail
check_fails()
{
	desc=$1
	shift
	if "$@" > "$tmp/fail.out" 2>&1; then
		not_ok "$desc"
	else
		ok "$desc"
	fi
	sed 's/^/#   /' "$tmp/fail.out"
}

diag()
{
	echo "# $*"
}

skip_all()
{
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

cleanup()
{
	for u in $started; do
		[ -e "$DEVICES/$u" ] && echo 1 > "$DEVICES/$u/remove"
	done
	[ -n "$tmp" ] && rm -rf "$tmp"
}

new_uuid()
{
	cat /proc/sys/kernel/random/uuid
}

# available_instances of every type of the parent, one "type=count" per line
counts()
{
	for d in "$BUS/$parent"/mdev_supported_types/*GVTg_V5_*; do
		echo "$(basename "$d")=$(cat "$d/available_instances")"
	done
}

# "<key>: <value>" of <type> in the text output of `mdevctl types` ($tmp/types)
types_field()
{
	awk -v P="$parent" -v T="$1" -v K="$2" '
		/^[^ \t]/ { in_p = ($1 == P); in_t = 0; next }
		in_p && /^  [^ ]/ { in_t = ($1 == T); next }
		in_t {
			line = $0
			sub(/^[ \t]+/, "", line)
			if (index(line, K ":") == 1) {
				sub(/^[^:]*:[ \t]*/, "", line)
				print line
				exit
			}
		}' "$tmp/types"
}

command -v "$MDEVCTL" > /dev/null 2>&1 || skip_all "mdevctl is not installed"
[ "$(id -u)" = 0 ] || skip_all "must be run as root"

parent=""
if [ -n "$GVT_PARENT" ]; then
	ls -d "$BUS/$GVT_PARENT"/mdev_supported_types/*GVTg_V5_* \
		> /dev/null 2>&1 && parent=$GVT_PARENT
else
	for d in "$BUS"/*/mdev_supported_types/*GVTg_V5_*; do
		[ -d "$d" ] || continue
		parent=$(basename "$(dirname "$(dirname "$d")")")
		break
	done
fi
[ -n "$parent" ] ||
	skip_all "no GVT-g mdev parent${GVT_PARENT:+ $GVT_PARENT}" \
		 "(load gvt_sim and gvt_vfio, or set GVT_PARENT)"

tmp=$(mktemp -d)
trap cleanup EXIT
echo "TAP version 13"
diag "mdevctl $("$MDEVCTL" --version 2>&1 | head -n 1), parent $parent"
initial=$(counts)

# 1. types
"$MDEVCTL" types > "$tmp/types" 2> "$tmp/err"
check "mdevctl types exits 0" [ $? = 0 ]
sed 's/^/#   /' "$tmp/types" "$tmp/err"
check "mdevctl types lists $parent" grep -qx "$parent" "$tmp/types"

for d in "$BUS/$parent"/mdev_supported_types/*GVTg_V5_*; do
	t=$(basename "$d")
	v=$(types_field "$t" "Available instances")
	check "types: $t available instances ($v)" \
		[ "$v" = "$(cat "$d/available_instances")" ]
	v=$(types_field "$t" "Device API")
	check "types: $t device API ($v)" [ "$v" = "vfio-pci" ]
	v=$(types_field "$t" "Name")
	check "types: $t name ($v)" [ "$v" = "$(cat "$d/name")" ]
	# mdevctl shows the lines of the sysfs description joined by ", "
	v=$(types_field "$t" "Description")
	want=$(awk 'NR > 1 { printf ", " } { printf "%s", $0 }' "$d/description")
	check "types: $t description ($v)" [ "$v" = "$want" ]
done

"$MDEVCTL" types --dumpjson > "$tmp/json" 2>&1
check "mdevctl types --dumpjson names $parent" grep -q "\"$parent\"" "$tmp/json"

# 2. start / list / stop of one vGPU of the smallest type
type=""
for d in "$BUS/$parent"/mdev_supported_types/*GVTg_V5_8 \
	 "$BUS/$parent"/mdev_supported_types/*GVTg_V5_*; do
	[ -d "$d" ] && [ "$(cat "$d/available_instances")" -gt 0 ] || continue
	type=$(basename "$d")
	break
done

if [ -z "$type" ]; then
	not_ok "a type of $parent has an instance available"
else
	tdir=$BUS/$parent/mdev_supported_types/$type
	avail=$(cat "$tdir/available_instances")
	uuid=$(new_uuid)
	check "mdevctl start -u $uuid -p $parent -t $type" \
		"$MDEVCTL" start -u "$uuid" -p "$parent" -t "$type"
	started="$started $uuid"
	check "sysfs: $DEVICES/$uuid exists" [ -d "$DEVICES/$uuid" ]
	check "sysfs: mdev_type is $type" \
		[ "$(basename "$(readlink "$DEVICES/$uuid/mdev_type")")" = "$type" ]
	check "sysfs: $type available_instances $avail -> $((avail - 1))" \
		[ "$(cat "$tdir/available_instances")" = "$((avail - 1))" ]

	"$MDEVCTL" list > "$tmp/list" 2>&1
	sed 's/^/#   /' "$tmp/list"
	check "mdevctl list shows $uuid $parent $type" \
		grep -q "^$uuid $parent $type" "$tmp/list"
	"$MDEVCTL" list -u "$uuid" > "$tmp/list1" 2>&1
	check "mdevctl list -u $uuid shows it" \
		grep -q "^$uuid $parent $type" "$tmp/list1"

	check_fails "mdevctl start of a running UUID fails" \
		"$MDEVCTL" start -u "$uuid" -p "$parent" -t "$type"

	check "mdevctl stop -u $uuid" "$MDEVCTL" stop -u "$uuid"
	check "sysfs: $DEVICES/$uuid is gone" [ ! -e "$DEVICES/$uuid" ]
	"$MDEVCTL" list > "$tmp/list" 2>&1
	check "mdevctl list no longer shows $uuid" \
		sh -c "! grep -q '$uuid' '$tmp/list'"
	check "counts restored after stop" [ "$(counts)" = "$initial" ]
fi

# 3. start until the type with the fewest instances is exhausted
last=""
for d in "$BUS/$parent"/mdev_supported_types/*GVTg_V5_*; do
	last=$(basename "$d")
done
tdir=$BUS/$parent/mdev_supported_types/$last
avail=$(cat "$tdir/available_instances")
i=0
all_ok=1
while [ "$i" -lt "$avail" ]; do
	u=$(new_uuid)
	"$MDEVCTL" start -u "$u" -p "$parent" -t "$last" > "$tmp/out" 2>&1 ||
		all_ok=0
	started="$started $u"
	i=$((i + 1))
done
check "mdevctl start x$avail of $last" [ "$all_ok" = 1 ]
check "sysfs: $last available_instances is 0" \
	[ "$(cat "$tdir/available_instances")" = 0 ]
before=$(ls "$DEVICES" | wc -l)
u=$(new_uuid)
check_fails "mdevctl start beyond available instances fails" \
	"$MDEVCTL" start -u "$u" -p "$parent" -t "$last"
check "nothing created by the failed start" \
	[ ! -e "$DEVICES/$u" -a "$(ls "$DEVICES" | wc -l)" = "$before" ]
all_ok=1
for u in $started; do
	[ -e "$DEVICES/$u" ] || continue
	"$MDEVCTL" stop -u "$u" > "$tmp/out" 2>&1 || all_ok=0
done
started=""
check "mdevctl stop of all of them" [ "$all_ok" = 1 ]
check "counts restored after stopping all" [ "$(counts)" = "$initial" ]

echo "1..$n"
[ "$failed" = 0 ] || exit 1
exit 0
