# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by the tier scripts under scripts/: "ok - <what>" or
# "not ok - <what>" per check, counted in $pass and $fail for the tier's
# "<tier>: N passed, N failed" line.
pass=0
fail=0

# result <status> <what>: status 0 is a pass
result()
{
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "ok - $2"
	else
		fail=$((fail + 1))
		echo "not ok - $2"
	fi
}
