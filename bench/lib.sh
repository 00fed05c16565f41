# Shared by the bench/ scripts (sourced, POSIX sh + GNU date). Benchmarks, not tests: they print
# medians of interleaved runs (A B C A B C ...) and ratios; nothing here asserts a number.

BENCH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_TMP=${BENCH_TMP:-$(mktemp -d "${TMPDIR:-/tmp}/jnc-bench.XXXXXX")}
JNC="$BENCH_ROOT/bin/jnc"
# JNC_BASELINE: a command that runs an older jnc (e.g. "java -cp old/classes:picocli.jar
# dev.jnc.cli.Jnc"), added to the bulk, scan and UDP comparisons as "baseline" for before/after.
export JNC_SKIP_BUILD=1

bench_say() { printf '%s\n' "$*" >&2; }

# Installs the peers we compare with when missing (apt-get, as root); others are skipped later.
bench_install_peers() {
  missing=
  for pair in nc.openbsd:netcat-openbsd nc.traditional:netcat-traditional ncat:ncat socat:socat \
    iperf3:iperf3 nmap:nmap hyperfine:hyperfine; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
  done
  [ -z "$missing" ] && return 0
  [ -n "${JNC_BENCH_NETNS:-}" ] && [ "$JNC_BENCH_NETNS" != none ] &&
    { bench_say "missing peers (no package mirror inside the namespace):$missing"; return 0; }
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    bench_say "installing:$missing"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    bench_say "missing peers (install them to compare):$missing"
  fi
}

# Builds jnc and the lab through their own launchers when stale, caches included: a launcher
# would build inside a timed run otherwise. bench_enter_netns calls it before it enters the
# namespace, where Maven's wrapper could not fetch. A failed build stops the benchmark: the times
# of runs that fail would get ratios all the same.
bench_build_jnc() {
  [ "${JNC_BENCH_BUILT:-}" = 1 ] && return 0
  if ! JNC_SKIP_BUILD=0 "$BENCH_ROOT/bin/jnc" -h >/dev/null ||
    ! JNC_SKIP_BUILD=0 "$BENCH_ROOT/bin/lab" --help >/dev/null; then
    bench_say "jnc or the lab did not build: nothing to measure"
    exit 1
  fi
  export JNC_BENCH_BUILT=1
}

# Re-runs the calling script inside a private network namespace when root: no other traffic, a
# loopback of our own, and ports nobody else holds. Call with "$0" "$@" first thing.
# Installs the peers and builds jnc first: inside the namespace there is no route to the package
# mirror or to Maven's.
bench_enter_netns() {
  [ -n "${JNC_BENCH_NETNS:-}" ] && return 0
  bench_install_peers
  bench_build_jnc
  if [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1; then
    ns="jncbench$$"
    if ip netns add "$ns" 2>/dev/null; then
      ip -n "$ns" link set lo up
      JNC_BENCH_NETNS=$ns ip netns exec "$ns" sh "$@"
      status=$?
      ip netns delete "$ns"
      # The run inside made a temporary folder of its own; this one was never used.
      rm -rf "$BENCH_TMP"
      exit $status
    fi
  fi
  bench_say "(not root or no netns: running on the shared loopback)"
  JNC_BENCH_NETNS=none
}

bench_where() {
  if [ "${JNC_BENCH_NETNS:-none}" = none ]; then echo "loopback"; else echo "netns $JNC_BENCH_NETNS"; fi
}

bench_now() { date +%s.%N; }

# bench_calc EXPR [FORMAT]: floating-point arithmetic without bc.
bench_calc() { awk "BEGIN { printf \"${2:-%.6f}\", $1 }"; }

# A port for the next run, a new one each call, so that two listeners never share one and no run
# meets the TIME_WAIT of the one before. Counted in a file: callers take it with $(bench_port), a
# subshell, which would lose a counter kept in a variable.
bench_port() {
  bench_port_last=$(cat "$BENCH_TMP/last-port" 2>/dev/null) || bench_port_last=$((41000 + $$ % 2000))
  echo $((bench_port_last + 1)) >"$BENCH_TMP/last-port"
  echo $((bench_port_last + 1))
}

# The wait for a listener, in C where the machine has a compiler (bench/wait-listen.c says why);
# BENCH_WAIT=ss keeps the shell loop of `ss` and `sleep` that runs otherwise, to compare the two.
BENCH_WAIT_LISTEN=
if [ "${BENCH_WAIT:-}" != ss ] &&
  cc -O2 -o "$BENCH_TMP/wait-listen" "$BENCH_ROOT/bench/wait-listen.c" 2>/dev/null; then
  BENCH_WAIT_LISTEN=$BENCH_TMP/wait-listen
fi

# Waits (at most ~10 s) until something listens on TCP port $1 (or UDP with $2 = u).
bench_wait_listen() {
  if [ -n "$BENCH_WAIT_LISTEN" ]; then
    protocol=tcp
    [ "${2:-t}" = u ] && protocol=udp
    "$BENCH_WAIT_LISTEN" "$protocol" "$1" && return 0
    bench_say "nothing listens on port $1"
    return 1
  fi
  i=0
  while [ $i -lt 1000 ]; do
    if [ "${2:-t}" = u ]; then
      ss -Hlun "sport = :$1" 2>/dev/null | grep -q . && return 0
    else
      ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
    fi
    sleep 0.01
    i=$((i + 1))
  done
  bench_say "nothing listens on port $1"
  return 1
}

bench_median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } ; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_with_baseline LABEL... : the labels, with "baseline" added when JNC_BASELINE names one
# and the labels do not already hold it (a label named twice would be timed twice).
bench_with_baseline() {
  labels="$*"
  case " $labels " in
    *" baseline "*) ;;
    *) [ -n "${JNC_BASELINE:-}" ] && labels="$labels baseline" ;;
  esac
  echo "$labels"
}

# bench_interleave NAME FUNCTION RUNS LABEL... : calls "FUNCTION LABEL RUN" for every label in
# turn, RUNS times, recording the seconds each call took (the function prints them, or nothing to
# let us time it) in $BENCH_TMP/NAME.LABEL.
bench_interleave() {
  name=$1 func=$2 runs=$3
  shift 3
  for label in "$@"; do : >"$BENCH_TMP/$name.$label"; done
  run=1
  while [ $run -le "$runs" ]; do
    for label in "$@"; do
      start=$(bench_now)
      took=$("$func" "$label" "$run")
      end=$(bench_now)
      [ -n "$took" ] || took=$(bench_calc "$end - $start")
      echo "$took" >>"$BENCH_TMP/$name.$label"
    done
    run=$((run + 1))
  done
}

# bench_report NAME REFERENCE BYTES LABEL... : one line per label: median seconds, throughput
# (when BYTES > 0), and the reference's median divided by the label's (above 1: faster).
bench_report() {
  name=$1 ref=$2 bytes=$3
  shift 3
  refmed=nan
  [ -f "$BENCH_TMP/$name.$ref" ] && refmed=$(bench_median <"$BENCH_TMP/$name.$ref")
  printf '%-28s %10s %12s %10s   %s\n' "$name" "median s" "MB/s" "vs $ref" "runs (s)"
  for label in "$@"; do
    med=$(bench_median <"$BENCH_TMP/$name.$label")
    rate=-
    [ "$bytes" -gt 0 ] && rate=$(bench_calc "$bytes / $med / 1000000" %.0f)
    ratio=-
    [ "$refmed" = nan ] || ratio=$(bench_calc "$refmed / $med" %.2fx)
    printf '%-28s %10.3f %12s %10s   %s\n' "$label" "$med" "$rate" "$ratio" \
      "$(sort -g "$BENCH_TMP/$name.$label" | xargs printf '%.3f ' )"
  done
}

# bench_poll_rate [COMMAND...]: netlink observer snapshots per second (NetlinkPollRate, a
# test-scope main), POLL_SECONDS per request kind; the JVM runs under COMMAND if one is given
# (e.g. "ip netns exec NAME"). It measures again inside the lab's private namespace when it can.
bench_poll_rate() {
  . "$BENCH_ROOT/bin/jnc-env.sh"
  jnc_find_jdk
  JNC_ROOT=$BENCH_ROOT jnc_classpath lab-runner with-jline
  if [ ! -d "$BENCH_ROOT/lab-runner/target/test-classes/dev/jnc/lab/observe" ]; then
    (cd "$BENCH_ROOT" && ./bin/mvnw -q -B -pl lab-runner -am -DskipTests -Dspotless.check.skip=true test-compile) >&2
  fi
  "$@" "$JNC_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "$BENCH_ROOT/lab-runner/target/test-classes:$JNC_CLASSPATH" \
    dev.jnc.lab.observe.NetlinkPollRate "${POLL_SECONDS:-2}"
}

bench_cleanup() { rm -rf "$BENCH_TMP"; }
