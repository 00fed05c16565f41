#!/bin/sh
# The lab: netlink observer snapshots per second (NetlinkPollRate, a test-scope main) in this
# namespace and in the lab's private one, and the wall time of `lab run all-states` in both,
# BENCH_RUNS times.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
bench_build_jnc
trap bench_cleanup EXIT
bench_say "netlink observer poll rate, $(bench_where)"
bench_poll_rate
labels=lab
[ "$(id -u)" = 0 ] && labels="lab lab-private"
run_lab() {
  case $1 in
    lab) "$BENCH_ROOT/bin/lab" run all-states >/dev/null 2>&1 ;;
    lab-private) "$BENCH_ROOT/bin/lab" run all-states --private-network >/dev/null 2>&1 ;;
  esac || bench_say "$1: lab run all-states failed (exit $?); its time says nothing"
}
# shellcheck disable=SC2086
bench_interleave lab-all-states run_lab "$BENCH_RUNS" $labels
# shellcheck disable=SC2086
bench_report lab-all-states lab 0 $labels
