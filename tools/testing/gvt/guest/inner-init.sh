#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the inner guest: a Debian kernel whose only GPU is our vGPU.
#
# It reports what the guest sees and lets the stock i915 driver probe the
# vGPU, then powers off. It decides nothing: the outer test reads these
# lines from the serial console and judges. Output (one record a line):
#   GUEST: init <uptime>                  init started
#   GUEST: pci <bdf> <ven>:<dev> class <c> bar0 <size> bar2 <size>
#                                         every PCI function, BAR sizes in
#                                         bytes (0 when absent)
#   GUEST: asls <hex>                     the vGPU's ASLS (config 0xfc)
#                                         before i915: where the firmware
#                                         placed the OpRegion, 0 if not
#   GUEST: insmod <module> rc=<n>         i915's dependencies, then i915
#   GUEST: i915 probe <s>s rc=<n>|timeout i915's module load (its probe)
#   GUEST: i915 probe wedged <s>s, ...   with /etc/stop-at-wedge: i915
#                                         declared its GT wedged at init;
#                                         the guest stops waiting there
#   GUEST: bound <0|1>                    i915 bound to the vGPU
#   GUEST: drm <cards>                    DRM device nodes
#   GUEST: gt wedged <0|1>                i915's debugfs i915_wedged
#   GUEST: engine <name> awake <n>[ wedged]
#                                         each engine of gt/engines
#   GUEST: store <engine> ok|fail ...     with /bin/gem_store (gem_store.c)
#   GUEST: bench nop_<engine> <n> ops/s   the same, empty batches
#   GUEST: fbcon <fb name> <w>,<h>        with /etc/fbcon-shot: the fbdev
#   GUEST: fbcon 60 lines in <s>s         console, 60 lines of text drawn
#   GUEST: fbcon holding                  on tty1, held 5 s (screendump),
#                                         then fbcon is unbound
#   GUEST: connector <name> <status> edid <bytes> modes <list>
#                                         each DRM connector (sysfs)
#   GUEST: kms ...                        with /bin/kms_flip (kms_flip.c):
#                                         the connected connector, its
#                                         EDID name, the mode set, flips;
#                                         then it holds its pattern on
#                                         the screen 10 s (screendump)
#   GUEST: bench page_flip_hz|vblank_hz <rate>
#                                         the same: flips and vblank waits
#   GUEST: igt gem_exec_nop <engine> <us> us|fail ...
#   GUEST: igt gem_blt <n> MiB/s|fail ...
#                                         IGT's benchmark, when staged
#   GOPREGION: <line>                     intel_opregion_decode of i915's
#                                         debugfs i915_opregion, when staged
#   GVBT: <line>                          intel_vbt_decode of i915_vbt
#   GDMESG: <line>                        the guest's whole kernel log; with
#                                         /etc/dmesg-from-drm (the Xen tier,
#                                         whose serial line is slow) only
#                                         from the first i915 line on,
#                                         plus earlier WARNING/BUG/Oops lines
#   GUEST: dmesg <n> of <m> lines         the same: how much of it was sent
#   GUEST: bench mmio_<read|write>_us <v> only with /bin/mmio_bench and
#                                         /etc/mmio-bench: BAR0 access cost
#   GUEST: done <uptime>                  last line before power-off (with
#                                         /etc/stay-up the guest stays up,
#                                         idle, until it is stopped)
/bin/busybox --install -s /bin
export PATH=/bin:/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

# gvt_guest=probe (the UEFI variant): i915's probe and the display's
# state only, no workloads or benchmarks.
probe_only=""
grep -qw 'gvt_guest=probe' /proc/cmdline && probe_only=1

up()
{
	cut -d' ' -f1 /proc/uptime
}

echo "GUEST: init $(up)"

# Size of BAR n of a PCI function from its sysfs resource file.
bar_size()
{
	sed -n "$(($2 + 1))p" "$1/resource" | {
		read -r start end _
		if [ "$((end))" = 0 ]; then
			echo 0
		else
			echo $((end - start + 1))
		fi
	}
}

for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] || continue
	ven=$(cat "$d/vendor")
	dev=$(cat "$d/device")
	echo "GUEST: pci ${d##*/} ${ven#0x}:${dev#0x} class $(cat "$d/class")" \
		"bar0 $(bar_size "$d" 0) bar2 $(bar_size "$d" 2)"
done

# The vGPU: the first 8086:5912 function, wherever the VMM put it.
vgpu=""
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor" 2> /dev/null)" = 0x8086 ] &&
	   [ "$(cat "$d/device" 2> /dev/null)" = 0x5912 ]; then
		vgpu=$d
		break
	fi
done
if [ -n "$vgpu" ]; then
	echo "GUEST: asls 0x$(dd if="$vgpu/config" bs=4 skip=63 count=1 2> /dev/null |
		od -An -tx4 | tr -d ' ')"
	echo "GUEST: bars bar0 $(sed -n 1p "$vgpu/resource" | cut -d' ' -f1) bar2 $(sed -n 3p "$vgpu/resource" | cut -d' ' -f1) rom $(sed -n 7p "$vgpu/resource" | cut -d' ' -f1-2)"
fi

# Only when staged with it (both tiers): time BAR0 accesses of the
# vGPU before i915 owns it; /etc/mmio-bench holds the count.
if [ -x /bin/mmio_bench ] && [ -f /etc/mmio-bench ] && [ -n "$vgpu" ] &&
   [ -z "$probe_only" ]; then
	mmio_bench "$vgpu/resource0" 0x70188 \
		"$(cat /etc/mmio-bench)" 2>&1 | sed 's/^mmio_bench:/GUEST: bench failed:/'
fi

# Options of module $1 on the kernel command line (<module>.<opt>=<v>),
# as modprobe would pass them: insmod alone does not read them.
mod_opts()
{
	name=$(echo "${1%.ko}" | tr - _)
	# shellcheck disable=SC2013 # the words of the line
	for a in $(cat /proc/cmdline); do
		case "$a" in
		"$name".*=*) echo "${a#"$name".}" ;;
		esac
	done
}

# i915's dependencies in load order, then i915; its probe runs inside the
# module load. A probe that never returns is reported after the timeout.
limit=$(cat /etc/probe-timeout 2> /dev/null || echo 420)
while read -r mod; do
	[ -n "$mod" ] || continue
	if [ "$mod" = i915.ko ]; then
		t0=$(up)
		# shellcheck disable=SC2046 # one word per option
		insmod "/modules/$mod" $(mod_opts "$mod") &
		pid=$!
		n=0
		wedged=""
		while kill -0 "$pid" 2> /dev/null && [ "$n" -lt "$((limit * 2))" ]; do
			sleep 0.5
			n=$((n + 1))
			if [ -f /etc/stop-at-wedge ] &&
			   dmesg | grep -q 'declaring it wedged'; then
				wedged=1
				break
			fi
		done
		if [ -n "$wedged" ]; then
			# i915 now rewrites every GGTT entry ("minimal
			# recovery for KMS"): 1 M emulated writes
			echo "GUEST: i915 probe wedged $(awk -v a="$t0" -v b="$(up)" \
				'BEGIN { printf "%.1f", b - a }')s, not waiting for its recovery"
		elif kill -0 "$pid" 2> /dev/null; then
			echo "GUEST: i915 probe ${limit}s timeout"
		else
			wait "$pid"
			rc=$?
			echo "GUEST: i915 probe $(awk -v a="$t0" -v b="$(up)" \
				'BEGIN { printf "%.1f", b - a }')s rc=$rc"
		fi
	else
		opts=$(mod_opts "$mod" | tr '\n' ' ')
		# shellcheck disable=SC2086 # one word per option
		insmod "/modules/$mod" $opts
		echo "GUEST: insmod ${mod%.ko} rc=$?${opts:+ $opts}"
	fi
done < /modules/order

bound=0
for d in /sys/bus/pci/drivers/i915/0000:*; do
	[ -e "$d" ] && bound=1
done
echo "GUEST: bound $bound"
echo "GUEST: drm $(ls /sys/class/drm 2> /dev/null | tr '\n' ' ')"

# The GT as i915 sees it: terminally wedged or not, and each engine.
if [ "$bound" = 1 ] && mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null; then
	dri=/sys/kernel/debug/dri/0
	echo "GUEST: gt wedged $(cat $dri/i915_wedged 2> /dev/null || echo unreadable)"
	awk '/^[a-z]+[0-9]+$/ { name = $1; next }
	     /WEDGED/ { w[name] = 1 }
	     /^\tAwake\?/ { printf "GUEST: engine %s awake %s%s\n", name, $2, w[name] ? " wedged" : "" }' \
		$dri/gt/engines 2> /dev/null
	# What i915 took from the firmware tables, decoded by IGT.
	if [ -x /usr/bin/intel_opregion_decode ]; then
		/usr/bin/intel_opregion_decode --file=$dri/i915_opregion 2>&1 |
			head -n 200 | sed 's/^/GOPREGION: /'
	fi
	if [ -x /usr/bin/intel_vbt_decode ]; then
		/usr/bin/intel_vbt_decode --file=$dri/i915_vbt --devid=0x5912 2>&1 |
			head -n 400 | sed 's/^/GVBT: /'
	fi
fi

# The fbdev console (with /etc/fbcon-shot): fbcon on i915's fbdev draws
# through the aperture, BAR2, which QEMU maps. A screen of text on tty1,
# held 5 s for the host's screendump.
if [ -f /etc/fbcon-shot ] && [ "$bound" = 1 ] && [ -e /sys/class/graphics/fb0 ]; then
	echo "GUEST: fbcon $(cat /sys/class/graphics/fb0/name 2> /dev/null) $(cat /sys/class/graphics/fb0/virtual_size 2> /dev/null)"
	t=$(up)
	i=0
	while [ $i -lt 60 ]; do
		echo "GVT-g fbcon $i ################################################"
		i=$((i + 1))
	done > /dev/tty1
	echo "GUEST: fbcon 60 lines in $(awk -v a="$t" -v b="$(up)" 'BEGIN { printf "%.2f", b - a }')s"
	echo "GUEST: fbcon holding"
	sleep 5
	# The rest runs as before the console drew: fbcon off the VTs.
	for c in /sys/class/vtconsole/vtcon*; do
		grep -q 'frame buffer' "$c/name" 2> /dev/null && echo 0 > "$c/bind"
	done
fi

# Work that runs: a store-dword batch through the PPGTT on every engine,
# then the rate of empty batches (with /bin/gem_store, /etc/gem-nops).
if [ -x /bin/gem_store ] && [ "$bound" = 1 ] && [ -z "$probe_only" ]; then
	if [ -c /dev/dri/renderD128 ]; then
		gem_store /dev/dri/renderD128 "$(cat /etc/gem-nops 2> /dev/null || echo 0)"
	else
		echo "GUEST: store all fail no /dev/dri/renderD128"
	fi
fi

# The display: a KMS client probes the connectors, sets the connected
# monitor's preferred mode and flips on vblank (with /bin/kms_flip,
# /etc/kms-flips flips), and keeps its pattern up 10 s for the host's
# screendump; then each connector's status as sysfs shows it
# (probed by then: nothing else probes them without an fbdev console).
if [ -x /bin/kms_flip ] && [ "$bound" = 1 ] && [ -z "$probe_only" ]; then
	if [ -c /dev/dri/card0 ]; then
		timeout 120 kms_flip /dev/dri/card0 "$(cat /etc/kms-flips 2> /dev/null || echo 60)" 10
		rc=$?
		[ "$rc" -lt 128 ] || echo "GUEST: kms flips 0 fail killed (rc=$rc) after 120 s"
	else
		echo "GUEST: kms modeset 0x0 fail no /dev/dri/card0"
	fi
fi
if [ "$bound" = 1 ]; then
	for c in /sys/class/drm/card0-*; do
		[ -e "$c/status" ] || continue
		echo "GUEST: connector ${c#/sys/class/drm/card0-} $(cat "$c/status") edid $(wc -c < "$c/edid" 2> /dev/null || echo 0) modes $(tr '\n' ' ' < "$c/modes")"
	done
fi

# IGT's gem_exec_nop benchmark on each engine, when staged with it: its
# figure is the mean time of one empty batch, in microseconds.
igt=/usr/libexec/igt-gpu-tools/benchmarks
if [ -x $igt/gem_exec_nop ] && [ "$bound" = 1 ] && [ -z "$probe_only" ]; then
	for e in rcs bcs vcs vecs; do
		out=$(timeout 60 $igt/gem_exec_nop -e $e -r 1 2>&1)
		rc=$?
		us=$(echo "$out" | grep -E '^ *[0-9]+\.[0-9]+$' | tail -n 1 | tr -d ' ')
		if [ "$rc" = 0 ] && [ -n "$us" ]; then
			echo "GUEST: igt gem_exec_nop ${e}0 $us us"
		else
			echo "GUEST: igt gem_exec_nop ${e}0 fail rc=$rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
		fi
	done
fi
# IGT's gem_blt: 1 MiB XY_SRC_COPY_BLT copies on the blitter, one 100 ms
# sample; its figure is MiB/s.
if [ -x $igt/gem_blt ] && [ "$bound" = 1 ] && [ -z "$probe_only" ]; then
	out=$(timeout 90 $igt/gem_blt -r 1 -t 100 2>&1)
	rc=$?
	mbs=$(echo "$out" | grep -E '^ *[0-9]+\.[0-9]+$' | tail -n 1 | tr -d ' ')
	if [ "$rc" = 0 ] && [ -n "$mbs" ]; then
		echo "GUEST: igt gem_blt $mbs MiB/s"
	else
		echo "GUEST: igt gem_blt fail rc=$rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
fi
if [ -f /etc/dmesg-from-drm ]; then
	dmesg | awk '/i915/ && !/[Cc]ommand line/ { p = 1 }
		p || /WARNING|BUG|Oops|Call Trace|RIP:/ { print "GDMESG: " $0; n++ }
		END { print "GUEST: dmesg " n + 0 " of " NR " lines" }'
else
	dmesg | sed 's/^/GDMESG: /'
fi
echo "GUEST: done $(up)"
if [ -f /etc/stay-up ]; then
	while :; do
		sleep 60
	done
fi
poweroff -f
sleep 10
