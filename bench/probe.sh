#!/bin/sh
# Start-up bound runs, jnc against ncat: one -z probe of an open port, bare and with a timeout as
# scripts write it (-w 2), and one line sent to an echo server with the answer read back. First interleaved (jnc ncat nc.openbsd, PROBE_RUNS
# rounds: a load spike hits all three alike), medians and ratios to ncat; then hyperfine, one tool
# after the other, for the mean and its spread.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
bench_install_peers
bench_build_jnc
PROBE_RUNS=${PROBE_RUNS:-30}
trap 'kill "$ZPID" "$EPID" 2>/dev/null; bench_cleanup' EXIT
ZPORT=$(bench_port)
EPORT=$(bench_port)
socat TCP-LISTEN:"$ZPORT",bind=127.0.0.1,reuseaddr,fork /dev/null 2>/dev/null &
ZPID=$!
socat TCP-LISTEN:"$EPORT",bind=127.0.0.1,reuseaddr,fork EXEC:cat 2>/dev/null &
EPID=$!
bench_wait_listen "$ZPORT" && bench_wait_listen "$EPORT"
probe() { # label
  case $1 in
    jnc) $JNC -z 127.0.0.1 "$ZPORT" ;;
    ncat) ncat -z 127.0.0.1 "$ZPORT" ;;
    openbsd) nc.openbsd -z 127.0.0.1 "$ZPORT" ;;
  esac >/dev/null 2>&1 </dev/null
}
probe_with_timeout() { # label
  case $1 in
    jnc) $JNC -z -w 2 127.0.0.1 "$ZPORT" ;;
    ncat) ncat -z -w 2 127.0.0.1 "$ZPORT" ;;
    openbsd) nc.openbsd -z -w 2 127.0.0.1 "$ZPORT" ;;
  esac >/dev/null 2>&1 </dev/null
}
talk() { # label: sends one line to the echo server and prints its answer
  case $1 in
    jnc) echo hello | $JNC 127.0.0.1 "$EPORT" ;;
    ncat) echo hello | ncat 127.0.0.1 "$EPORT" ;;
    openbsd) echo hello | nc.openbsd -N 127.0.0.1 "$EPORT" ;;
  esac 2>/dev/null
}
exchange() { # label
  talk "$1" >/dev/null
}
# A failed probe, or a run that gets no answer back, times something else than a probe or a
# request and its response: such a tool is left out, not given a ratio.
tools=
for label in jnc ncat openbsd; do
  if ! probe "$label"; then
    bench_say "$label: the probe of port $ZPORT failed; left out"
  elif [ "$(talk "$label")" != hello ]; then
    bench_say "$label: no answer from the echo server on port $EPORT; left out"
  else
    tools="$tools $label"
  fi
done
bench_say "probe and request/response, $PROBE_RUNS interleaved runs, $(bench_where)"
# shellcheck disable=SC2086
bench_interleave probe probe "$PROBE_RUNS" $tools
# shellcheck disable=SC2086
bench_report probe ncat 0 $tools
# shellcheck disable=SC2086
bench_interleave probe-w probe_with_timeout "$PROBE_RUNS" $tools
# shellcheck disable=SC2086
bench_report probe-w ncat 0 $tools
# shellcheck disable=SC2086
bench_interleave exchange exchange "$PROBE_RUNS" $tools
# shellcheck disable=SC2086
bench_report exchange ncat 0 $tools
bench_say "the same, hyperfine $PROBE_RUNS runs each"
hyperfine -N --warmup 3 --runs "$PROBE_RUNS" --style basic \
  -n "jnc -z" "$JNC -z 127.0.0.1 $ZPORT" \
  -n "ncat -z" "ncat -z 127.0.0.1 $ZPORT" \
  -n "nc.openbsd -z" "nc.openbsd -z 127.0.0.1 $ZPORT"
hyperfine --warmup 3 --runs "$PROBE_RUNS" --style basic \
  -n "jnc echo" "echo hello | $JNC 127.0.0.1 $EPORT" \
  -n "ncat echo" "echo hello | ncat 127.0.0.1 $EPORT" \
  -n "nc.openbsd echo" "echo hello | nc.openbsd -N 127.0.0.1 $EPORT"
