#!/bin/sh
# Start-up bound runs, jnc against ncat with hyperfine: one -z probe of an open port, and one
# line sent to an echo server with the answer read back.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
bench_install_peers
bench_build_jnc
PROBE_RUNS=${PROBE_RUNS:-20}
trap 'kill "$ZPID" "$EPID" 2>/dev/null; bench_cleanup' EXIT
ZPORT=$(bench_port)
EPORT=$(bench_port)
socat TCP-LISTEN:"$ZPORT",bind=127.0.0.1,reuseaddr,fork /dev/null 2>/dev/null &
ZPID=$!
socat TCP-LISTEN:"$EPORT",bind=127.0.0.1,reuseaddr,fork EXEC:cat 2>/dev/null &
EPID=$!
bench_wait_listen "$ZPORT" && bench_wait_listen "$EPORT"
bench_say "probe and request/response, hyperfine $PROBE_RUNS runs each, $(bench_where)"
hyperfine -N --warmup 3 --runs "$PROBE_RUNS" --style basic \
  -n "jnc -z" "$JNC -z 127.0.0.1 $ZPORT" \
  -n "ncat -z" "ncat -z 127.0.0.1 $ZPORT" \
  -n "nc.openbsd -z" "nc.openbsd -z 127.0.0.1 $ZPORT"
hyperfine --warmup 3 --runs "$PROBE_RUNS" --style basic \
  -n "jnc echo" "echo hello | $JNC 127.0.0.1 $EPORT" \
  -n "ncat echo" "echo hello | ncat 127.0.0.1 $EPORT" \
  -n "nc.openbsd echo" "echo hello | nc.openbsd -N 127.0.0.1 $EPORT"
