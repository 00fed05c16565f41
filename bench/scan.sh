#!/bin/sh
# Full TCP -z scan of 127.0.0.1 ports 1-65535 (SCAN_PORTS), with one real listener: wall time per
# tool (JVM start included), then one verbose run each to count "open" reports: anything beyond
# the one listener is a false open (self-connects in the ephemeral range are the usual cause).
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
SCAN_PORTS=${SCAN_PORTS:-1-65535}
bench_install_peers
bench_build_jnc
trap 'kill "$LISTENER" 2>/dev/null; bench_cleanup' EXIT
OPEN_PORT=$(bench_port)
# The listener must sit inside a smaller SCAN_PORTS too, or the count of false opens means nothing.
[ "$OPEN_PORT" -ge "${SCAN_PORTS%-*}" ] && [ "$OPEN_PORT" -le "${SCAN_PORTS#*-}" ] ||
  OPEN_PORT=${SCAN_PORTS#*-}
socat TCP-LISTEN:"$OPEN_PORT",bind=127.0.0.1,reuseaddr,fork /dev/null 2>/dev/null &
LISTENER=$!
bench_wait_listen "$OPEN_PORT"

scanner() { # label
  case $1 in
    jnc) echo "$JNC -z 127.0.0.1 $SCAN_PORTS" ;;
    baseline) echo "$JNC_BASELINE -z 127.0.0.1 $SCAN_PORTS" ;;
    openbsd) echo "nc.openbsd -z 127.0.0.1 $SCAN_PORTS" ;;
    nmap) echo "nmap -n -sT -T5 --max-retries 0 -p $SCAN_PORTS 127.0.0.1" ;;
    traditional) echo "nc.traditional -z 127.0.0.1 $SCAN_PORTS" ;;
  esac
}
# Counts the ports a tool reported open in a verbose run.
opens() {
  case $1 in
    jnc) $JNC -v -z 127.0.0.1 "$SCAN_PORTS" 2>&1 | grep -c ' open$' ;;
    baseline) $JNC_BASELINE -v -z 127.0.0.1 "$SCAN_PORTS" 2>&1 | grep -c ' open$' ;;
    openbsd) nc.openbsd -v -z 127.0.0.1 "$SCAN_PORTS" 2>&1 | grep -c 'succeeded' ;;
    nmap) nmap -n -sT -T5 --max-retries 0 -p "$SCAN_PORTS" 127.0.0.1 | grep -c '/tcp *open' ;;
    traditional) nc.traditional -v -z 127.0.0.1 "$SCAN_PORTS" 2>&1 | grep -c ' open$' ;;
  esac
}
run_scan() { sh -c "exec $(scanner "$1")" >/dev/null 2>&1 </dev/null; }

PEERS=${SCAN_PEERS:-jnc openbsd nmap traditional}
# shellcheck disable=SC2086
PEERS=$(bench_with_baseline $PEERS)
bench_say "scan 127.0.0.1 $SCAN_PORTS, $BENCH_RUNS interleaved runs, $(bench_where)"
bench_interleave scan run_scan "$BENCH_RUNS" $PEERS
bench_report scan openbsd 0 $PEERS
printf '%-28s %s\n' "scan opens (1 listener)" "reported open / false open"
for p in $PEERS; do
  n=$(opens "$p")
  printf '%-28s %s / %s\n' "$p" "$n" "$((n - 1))"
done
