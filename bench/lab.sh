#!/bin/sh
# The lab: netlink observer snapshots per second (NetlinkPollRate, a test-scope main) and the wall
# time of `lab run all-states`, BENCH_RUNS times.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
bench_build_jnc
trap bench_cleanup EXIT
. "$BENCH_ROOT/bin/jnc-env.sh"
jnc_find_jdk
JNC_ROOT=$BENCH_ROOT jnc_classpath lab-runner with-jline
if [ ! -d "$BENCH_ROOT/lab-runner/target/test-classes/dev/jnc/lab/observe" ]; then
  (cd "$BENCH_ROOT" && ./bin/mvnw -q -B -pl lab-runner -am -DskipTests -Dspotless.check.skip=true test-compile) >&2
fi
bench_say "netlink observer poll rate, $(bench_where)"
"$JNC_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$BENCH_ROOT/lab-runner/target/test-classes:$JNC_CLASSPATH" \
  dev.jnc.lab.observe.NetlinkPollRate "${POLL_SECONDS:-2}"
run_lab() { "$BENCH_ROOT/bin/lab" run all-states >/dev/null 2>&1; }
bench_interleave lab-all-states run_lab "$BENCH_RUNS" lab
bench_report lab-all-states lab 0 lab
