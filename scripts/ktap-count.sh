#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# count_ktap LOGFILE RC [flat]: prints "pass fail skip" for a KTAP log.
# Nested (indented) ok/not ok lines are the cases; a failed top-level program
# with no failed case of its own (crash, timeout, splat) counts as one case.
# With "flat", the log is one KTAP program and its top-level lines count.
# A non-zero RC with no failure seen counts as one failure.
count_ktap() {
	if [ "${3:-}" = flat ]; then
		awk -v rc="$2" '
		/^ok [0-9]+/ { if ($0 ~ /# SKIP/) s++; else p++ }
		/^not ok [0-9]+/ { f++ }
		END { if (rc != 0 && f == 0) f = 1; print p + 0, f + 0, s + 0 }
		' "$1"
		return
	fi
	awk -v rc="$2" '
	/^[ \t]+ok [0-9]+/ { if ($0 ~ /# SKIP/) s++; else p++; subn++; next }
	/^[ \t]+not ok [0-9]+/ { f++; subf++; subn++; next }
	/^ok [0-9]+/ { if ($0 ~ /# SKIP/ && !subn) s++; subf = subn = 0; next }
	/^not ok / { if (!subf) f++; subf = subn = 0; next }
	END { if (rc != 0 && f == 0) f = 1; print p + 0, f + 0, s + 0 }
	' "$1"
}
