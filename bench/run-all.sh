#!/bin/sh
# Every benchmark, one after the other (about half an hour on a 2-core machine). Each script runs
# its comparisons interleaved in its own network namespace when root. BENCH_RUNS=5 by default.
here=$(cd "$(dirname "$0")" && pwd)
echo "# jnc benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for step in "bulk-tcp.sh pipe" "bulk-tcp.sh file-in" "bulk-tcp.sh file-out" scan.sh probe.sh udp.sh lab.sh; do
  echo
  echo "## bench/$step"
  # shellcheck disable=SC2086
  sh "$here"/$step 2>&1
done
