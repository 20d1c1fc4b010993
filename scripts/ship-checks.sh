#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shipping tier: the two ways a user gets the modules without the patch
# series.
#
#   dkms   dkms build (not install) of dkms.conf against the Debian headers,
#          in a throwaway DKMS tree; the built modules' vermagic is the
#          kernel's.
#   dracut Debian's dracut, with dracut/90-gvt.conf, builds an initramfs
#          for the test VM's module tree (no host install); lsinitrd shows
#          xengt.ko, the core and a host backend with their dependencies;
#          Xen 4.17 then boots the Debian kernel as dom0 on that very
#          initramfs, which reports which of our modules it loaded. (That
#          xengt refuses to load outside Xen is the VM tier's xengt.sh.)
#
# Prints "ship: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
CACHE=${CACHE:-$top/.cache}
KVER=${KVER:-$(cat "$CACHE/kver")}
KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
IMG=$CACHE/img
W=$CACHE/ship
# shellcheck source=result.sh
. "$top/scripts/result.sh"

rm -rf "$W"
mkdir -p "$W"

# What the dom0 initramfs must carry: the Xen frontend, the core and a
# host backend (the simulated GPU here; gvt_i915 on hardware).
OURS="gvt gvt_sim xengt"

# ---- DKMS -------------------------------------------------------------------
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"/\1/p' dkms.conf)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
mkdir -p "$W/dkms-src/$name-$ver" "$W/dkms-tree"
git ls-files -z | xargs -0 cp --parents -t "$W/dkms-src/$name-$ver"
dkms add -m "$name" -v "$ver" --dkmstree "$W/dkms-tree" \
	--sourcetree "$W/dkms-src" > "$W/dkms.log" 2>&1 &&
dkms build -m "$name" -v "$ver" -k "$KVER" --kernelsourcedir "$KDIR" \
	--dkmstree "$W/dkms-tree" --sourcetree "$W/dkms-src" \
	>> "$W/dkms.log" 2>&1
rc=$?
[ "$rc" = 0 ] || tail -n 30 "$W/dkms.log"
built=$W/dkms-tree/$name/$ver/$KVER/x86_64/module
n=$(find "$built" -name '*.ko*' 2>/dev/null | wc -l)
want=$(grep -c '^BUILT_MODULE_NAME' dkms.conf)
result "$([ "$rc" = 0 ] && [ "$n" = "$want" ]; echo $?)" \
	"dkms build $name/$ver for $KVER: $n of $want modules"
bad=
kvermagic=$(modinfo -F vermagic "$IMG/lib/modules/$KVER/kernel/drivers/vfio/vfio.ko" 2>/dev/null)
for ko in "$built"/*.ko*; do
	[ -e "$ko" ] || continue
	[ "$(modinfo -F vermagic "$ko")" = "$kvermagic" ] || bad="$bad $(basename "$ko")"
done
[ -z "$bad" ] || echo "# vermagic differs:$bad (kernel: $kvermagic)"
result "$([ "$n" -gt 0 ] && [ -n "$kvermagic" ] && [ -z "$bad" ]; echo $?)" \
	"DKMS-built modules carry the kernel's vermagic ($kvermagic)"
# A kernel that is not 6.1 is refused with a message, building nothing.
dkms build -m "$name" -v "$ver" -k 5.10.0-0-amd64 --kernelsourcedir "$KDIR" \
	--dkmstree "$W/dkms-tree" --sourcetree "$W/dkms-src" \
	> "$W/dkms-wrong.log" 2>&1
rc=$?
grep -qi 'BUILD_EXCLUSIVE' "$W/dkms-wrong.log"
result "$([ "$rc" != 0 ] && grep -qi 'exclusive' "$W/dkms-wrong.log" &&
	  [ ! -d "$W/dkms-tree/$name/$ver/5.10.0-0-amd64/x86_64/module" ]; echo $?)" \
	"dkms refuses a kernel that is not 6.1 ($(grep -i -m1 'exclusive' "$W/dkms-wrong.log" | sed 's/^ *//'))"

# ---- dracut -----------------------------------------------------------------
make -s NODEPS=1 modules > "$W/modules.log" 2>&1 || tail -n 20 "$W/modules.log"
# The VM's module tree with ours added, as a distribution would have it.
root=$W/root
mkdir -p "$root/lib/modules"
cp -al "$IMG/lib/modules/$KVER" "$root/lib/modules/$KVER"
mkdir -p "$root/lib/modules/$KVER/updates/gvt"
missing=
for m in $OURS; do
	ko=$(find drivers/gpu/gvt -name "$m.ko" | head -n 1)
	if [ -n "$ko" ]; then
		cp "$ko" "$root/lib/modules/$KVER/updates/gvt/"
	else
		missing="$missing $m"
	fi
done
depmod -b "$root" "$KVER"
[ -z "$missing" ] || echo "# not built:$missing (run make)"

# Our snippet as shipped, plus the test's host backend.
mkdir -p "$W/conf.d"
cp dracut/90-gvt.conf "$W/conf.d/"
echo 'force_drivers+=" gvt_sim "' > "$W/conf.d/91-gvt-test-backend.conf"
cat > "$W/report.sh" <<'SH'
#!/bin/sh
# The last cmdline hook of the test image: which of our modules did the
# initramfs load (rd.driver.pre is handled by the first cmdline hook)?
for m in gvt gvt_sim xengt; do
	if grep -q "^$m " /proc/modules; then
		echo "GVT-DRACUT: loaded $m"
	else
		echo "GVT-DRACUT: not loaded $m"
	fi
done
dmesg | grep -i 'xengt' | sed 's/^/GVT-DRACUT: dmesg: /'
echo "GVT-DRACUT: END"
echo 1 > /proc/sys/kernel/sysrq
echo o > /proc/sysrq-trigger
sleep 30
SH
dracut --force --no-hostonly --no-hostonly-cmdline --kver "$KVER" \
	--kmoddir "$root/lib/modules/$KVER" --conf /dev/null \
	--confdir "$W/conf.d" --modules "bash base kernel-modules" \
	--omit "systemd systemd-initrd dracut-systemd plymouth" \
	--include "$W/report.sh" /lib/dracut/hooks/cmdline/99-gvt-report.sh \
	--install "grep dmesg sleep" \
	--no-compress "$W/initrd.img" > "$W/dracut.log" 2>&1
rc=$?
grep -q 'FAILED' "$W/dracut.log" && rc=1
[ "$rc" = 0 ] || grep -E 'FAILED|Failed|ERROR' "$W/dracut.log" | head -n 5
result "$rc" "dracut builds an initramfs with dracut/90-gvt.conf"
lsinitrd "$W/initrd.img" > "$W/lsinitrd.txt" 2>&1
absent=
deps=
for m in $OURS; do
	grep -qE "/$m\.ko(\.[xz]+|\.zst)?$" "$W/lsinitrd.txt" || absent="$absent $m"
	ko=$root/lib/modules/$KVER/updates/gvt/$m.ko
	[ -f "$ko" ] && deps="$deps $(modinfo -F depends "$ko" | tr ',' ' ')"
done
for d in $deps; do
	grep -qE "/$d\.ko(\.[xz]+|\.zst)?$" "$W/lsinitrd.txt" || absent="$absent $d"
done
grep -q 'rd.driver.pre=xengt' "$W/lsinitrd.txt" ||
	lsinitrd -f etc/cmdline.d/20-force_drivers.conf "$W/initrd.img" |
		grep -q 'rd.driver.pre=xengt' || absent="$absent rd.driver.pre=xengt"
[ -z "$absent" ] || echo "# missing from the image:$absent"
result "$([ "$rc" = 0 ] && [ -z "$absent" ]; echo $?)" \
	"lsinitrd: $OURS and their dependencies ($(echo $deps | tr ' ' '\n' | sort -u | tr '\n' ' '| sed 's/ $//')) are in the image, xengt forced"

# The same image as a Xen dom0's initramfs: there xengt loads.
XEN_IMAGE=$CACHE/xen/xen-4.17-amd64
if [ -f "$XEN_IMAGE" ]; then
	timeout 400 qemu-system-x86_64 -accel tcg -cpu max,rdtscp=off -m 2048 \
		-nographic -no-reboot -kernel "$XEN_IMAGE" \
		-append "console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M loglvl=warning smap=0 bootscrub=0" \
		-initrd "$IMG/boot/vmlinuz-$KVER console=hvc0 earlyprintk=xen panic=-1 loglevel=4 rd.shell=0,$W/initrd.img" \
		> "$W/boot-xen.log" 2>&1
	grep 'GVT-DRACUT' "$W/boot-xen.log" | sed 's/^/# dom0: /'
	notloaded=
	for m in $OURS; do
		grep -q "GVT-DRACUT: loaded $m" "$W/boot-xen.log" || notloaded="$notloaded $m"
	done
	grep -q 'GVT-DRACUT: END' "$W/boot-xen.log" || notloaded="$notloaded (no report)"
	result "$([ -z "$notloaded" ]; echo $?)" \
		"Xen 4.17 dom0 booted on that initramfs has $OURS loaded by it${notloaded:+ (not:$notloaded)}"
else
	result 1 "Xen 4.17 dom0 on that initramfs: $XEN_IMAGE missing (run make deps)"
fi

echo "ship: $pass passed, $fail failed"
[ "$fail" = 0 ]
