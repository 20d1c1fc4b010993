#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# GVT-g demo, run by the VM's /init once the modules are loaded: list the
# simulated GPUs and their vGPU types, create vGPUs through sysfs and
# through mdevctl, remove them, and end with exactly one line
# "DEMO: PASS: ..." (or "DEMO: FAIL: ..." at the first problem).

BUS=/sys/class/mdev_bus
DEVICES=/sys/bus/mdev/devices
created=0
parents_used=""

say()
{
	echo
	echo "=== $*"
}

show()
{
	echo "\$ $*"
	"$@"
}

fail()
{
	echo "DEMO: FAIL: $*"
	exit 1
}

counts()
{
	for t in "$BUS/$1"/mdev_supported_types/*; do
		printf '%s=%s ' "$(basename "$t")" \
			"$(cat "$t/available_instances")"
	done
}

# create_sysfs <parent> <type name, e.g. GVTg_V5_4>: sets $uuid
create_sysfs()
{
	t=$(echo "$BUS/$1"/mdev_supported_types/*-"$2")
	[ -d "$t" ] || fail "$1 has no type $2"
	uuid=$(cat /proc/sys/kernel/random/uuid)
	before=$(cat "$t/available_instances")
	echo "\$ echo $uuid > $t/create"
	echo "$uuid" > "$t/create" || fail "create $2 on $1"
	after=$(cat "$t/available_instances")
	[ -d "$DEVICES/$uuid" ] || fail "$DEVICES/$uuid missing"
	echo "  vGPU      $DEVICES/$uuid"
	echo "  type      $(basename "$(readlink "$DEVICES/$uuid/mdev_type")")"
	echo "  vgpu_id   $(cat "$DEVICES/$uuid/intel_vgpu/vgpu_id")"
	echo "  group     /dev/vfio/$(basename "$(readlink "$DEVICES/$uuid/iommu_group")")"
	echo "  $(basename "$t") available_instances: $before -> $after"
	echo "  $1 now: $(counts "$1")"
	[ "$after" -eq $((before - 1)) ] || fail "available_instances $before -> $after"
	created=$((created + 1))
	case " $parents_used " in
	*" $1 "*) ;;
	*) parents_used="$parents_used $1" ;;
	esac
}

remove_sysfs()
{
	t=$(readlink -f "$DEVICES/$1/mdev_type")
	p=$(basename "$(dirname "$(dirname "$t")")")
	before=$(cat "$t/available_instances")
	echo "\$ echo 1 > $DEVICES/$1/remove"
	echo 1 > "$DEVICES/$1/remove" || fail "remove $1"
	[ ! -e "$DEVICES/$1" ] || fail "$1 still exists"
	echo "  $(basename "$t") available_instances: $before -> $(cat "$t/available_instances")"
	echo "  $p now: $(counts "$p")"
}

say "Modules"
lsmod | grep -E '^(gvt|mdev|vfio)' | awk '{ printf "  %-18s %s\n", $1, $2 }'
echo "  gvt_sim aperture_mb=$(cat /sys/module/gvt_sim/parameters/aperture_mb 2> /dev/null || echo '?')"

say "mdev parents and their vGPU types"
nr_parents=0
for p in "$BUS"/*; do
	[ -d "$p/mdev_supported_types" ] || continue
	nr_parents=$((nr_parents + 1))
	echo "parent $(basename "$p") (driver $(basename "$(readlink "$p/driver")"))"
	for t in "$p"/mdev_supported_types/*; do
		echo "  $(basename "$t"): name $(cat "$t/name"), available_instances $(cat "$t/available_instances"), device_api $(cat "$t/device_api")"
		sed 's/^/      /' "$t/description"
	done
done
[ "$nr_parents" -gt 0 ] || fail "no mdev parent"
initial=""
for p in "$BUS"/*; do
	initial="$initial$(counts "$(basename "$p")")"
done

# The middle GPU by default (512 MiB aperture: V5_8, V5_4, V5_2).
first=$(basename "$(ls -d "$BUS"/* | head -n 1)")
second=$(basename "$(ls -d "$BUS"/* | sed -n 2p)")
[ -n "$second" ] || second=$first

say "Create vGPUs through sysfs"
create_sysfs "$second" GVTg_V5_4
u1=$uuid
create_sysfs "$second" GVTg_V5_8
u2=$uuid
create_sysfs "$first" GVTg_V5_8
u3=$uuid
show ls "$DEVICES"

say "Create a vGPU through mdevctl"
if command -v mdevctl > /dev/null; then
	u4=$(cat /proc/sys/kernel/random/uuid)
	echo "\$ mdevctl types   # (the part for $first)"
	mdevctl types | awk -v P="$first" '/^[^ ]/ { on = ($1 == P) } on'
	t4=$(basename "$(echo "$BUS/$first"/mdev_supported_types/*-GVTg_V5_8)")
	show mdevctl start -u "$u4" -p "$first" -t "$t4" || fail "mdevctl start"
	created=$((created + 1))
	show mdevctl list
	[ -d "$DEVICES/$u4" ] || fail "mdevctl start did not create $u4"
	echo "  $first now: $(counts "$first")"
	show mdevctl stop -u "$u4" || fail "mdevctl stop"
	[ ! -e "$DEVICES/$u4" ] || fail "$u4 still exists after mdevctl stop"
	echo "  $first now: $(counts "$first")"
else
	echo "  (mdevctl is not installed, skipped)"
fi

say "Remove the sysfs vGPUs"
for u in $u1 $u2 $u3; do
	remove_sysfs "$u"
done

final=""
for p in "$BUS"/*; do
	final="$final$(counts "$(basename "$p")")"
done
[ "$final" = "$initial" ] || fail "counts not restored: $final (was $initial)"
[ -z "$(ls "$DEVICES")" ] || fail "vGPUs left: $(ls "$DEVICES")"

echo
echo "DEMO: PASS: $created vGPUs created and removed on$parents_used through sysfs and mdevctl, $nr_parents simulated GPUs back to their initial counts"
