#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
#
# Run the librtm native tests and merge their TAP into one stream:
#   tests/run.sh tests/layout tests/mock ...   (from userlib/)
# Besides the programs it checks that rtmv2.h compiles alone in several
# language modes and that librtm.so exports exactly librtm.map.
# Prints "N passed, M failed"; exits 1 if anything failed.

CC=${CC:-cc}
CXX=${CXX:-c++}
n=0
pass=0
fail=0

result() {	# result <0|1 pass> <description>
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		pass=$((pass + 1))
		echo "ok $n - $2"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
	fi
}

# Renumber a program's "ok"/"not ok" lines; a crash or a non-zero exit
# without a failed line is one more failure.
run_prog() {
	prog=$1
	out=$(mktemp)
	echo "# $prog"
	case $prog in
	/*)	"$prog" > "$out" 2>&1 ;;
	*)	"./$prog" > "$out" 2>&1 ;;
	esac
	status=$?
	failed_lines=0
	while IFS= read -r line; do
		case $line in
		"not ok "*)
			failed_lines=$((failed_lines + 1))
			result 0 "${line#not ok * - }" ;;
		"ok "*)
			result 1 "${line#ok * - }" ;;
		1..*)
			;;
		*)
			echo "$line" ;;
		esac
	done < "$out"
	rm -f "$out"
	if [ "$status" -ne 0 ] && [ "$failed_lines" -eq 0 ]; then
		result 0 "$prog exited with status $status"
	fi
}

# rtmv2.h alone, warnings as errors
compile_header() {	# compile_header <compiler> <language> <flags...>
	compiler=$1
	lang=$2
	shift 2
	if echo '#include "rtmv2.h"' |
	   $compiler -x "$lang" -fsyntax-only -I. -Wall -Wextra -Werror "$@" - \
	   2>&1 | sed 's/^/# /' | grep . ; then
		result 0 "rtmv2.h compiles: $compiler -x $lang $*"
	else
		result 1 "rtmv2.h compiles: $compiler -x $lang $*"
	fi
}

for prog in "$@"; do
	run_prog "$prog"
done

echo "# header"
compile_header "$CC" c
compile_header "$CC" c -std=c99 -pedantic
compile_header "$CC" c -std=c11 -pedantic
compile_header "$CXX" c++
compile_header "$CXX" c++ -std=c++98 -pedantic
compile_header "$CXX" c++ -std=c++17 -pedantic

echo "# ABI"
exported=$(nm -D --defined-only librtm.so.1 | awk '$2 == "T" { print $3 }' |
	   sed 's/@.*//' | sort | tr '\n' ' ')
listed=$(sed -n 's/^[[:space:]]*\(Rtm[A-Za-z0-9_]*\);$/\1/p' librtm.map |
	 sort | tr '\n' ' ')
if [ -n "$listed" ] && [ "$exported" = "$listed" ]; then
	result 1 "librtm.so.1 exports exactly the librtm.map functions"
else
	result 0 "librtm.so.1 exports exactly the librtm.map functions"
	echo "#   exported: $exported"
	echo "#   listed:   $listed"
fi
versioned=$(nm -D --defined-only librtm.so.1 |
	    awk '$2 == "T" && $3 !~ /@@RTMV2_1\.0$/' | wc -l)
result "$([ "$versioned" -eq 0 ] && echo 1 || echo 0)" \
	"every exported function has version RTMV2_1.0"
soname=$(readelf -d librtm.so.1 | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
result "$([ "$soname" = librtm.so.1 ] && echo 1 || echo 0)" \
	"SONAME is librtm.so.1"

echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
