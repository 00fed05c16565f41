#!/bin/sh
# The lab: netlink observer snapshots per second (NetlinkPollRate, a test-scope main) and the wall
# time of `lab run all-states`, BENCH_RUNS times.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
bench_build_jnc
trap bench_cleanup EXIT
bench_say "netlink observer poll rate, $(bench_where)"
bench_poll_rate
run_lab() { "$BENCH_ROOT/bin/lab" run all-states >/dev/null 2>&1; }
bench_interleave lab-all-states run_lab "$BENCH_RUNS" lab
bench_report lab-all-states lab 0 lab
