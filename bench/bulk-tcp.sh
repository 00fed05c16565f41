#!/bin/sh
# Bulk TCP: one connection carries BULK_BYTES from the client's stdin to the listener's stdout,
# each tool at both ends, both started inside the timed region (JVM start included).
#   bench/bulk-tcp.sh pipe      stdin is `head -c N /dev/zero |`, listener writes to /dev/null
#   bench/bulk-tcp.sh file-in   stdin is a regular file (< file), listener writes to /dev/null
#   bench/bulk-tcp.sh file-out  stdin is a pipe, listener writes to a regular file (size checked)
# BULK_BYTES (default 2 GiB for pipe, 1 GiB otherwise), BENCH_RUNS (default 5), BULK_PEERS.
# "c-loop" is bench/copy-loop.c, built here when the machine has a C compiler: a copy through user
# space with no runtime and no start-up. A ratio target above its own is out of reach here for
# any netcat that copies through user space. "c-to-jnc" (the C loop sending to a jnc listener) and
# "jnc-to-c" (jnc sending to the C loop) tell which of jnc's two ends costs what.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
MODE=${1:-pipe}
case $MODE in
  pipe) BULK_BYTES=${BULK_BYTES:-2147483648} ;;
  file-in | file-out) BULK_BYTES=${BULK_BYTES:-1073741824} ;;
  *) bench_say "usage: $0 [pipe|file-in|file-out]"; exit 2 ;;
esac
bench_install_peers
bench_build_jnc
[ -d /dev/shm ] && DATA_DIR=$(mktemp -d /dev/shm/jnc-bench.XXXXXX) || DATA_DIR=$BENCH_TMP
trap 'rm -rf "$DATA_DIR"; bench_cleanup' EXIT
DATA=$DATA_DIR/data
OUT=$DATA_DIR/out
if [ "$MODE" = file-in ]; then
  head -c "$BULK_BYTES" /dev/urandom >"$DATA"
fi
COPY_LOOP=$BENCH_TMP/copy-loop
cc -O2 -o "$COPY_LOOP" "$BENCH_ROOT/bench/copy-loop.c" 2>/dev/null || bench_say "no C compiler: no c-loop"

listener() { # label port
  case $1 in
    jnc) echo "$JNC -l -p $2" ;;
    baseline) echo "$JNC_BASELINE -l -p $2" ;;
    openbsd) echo "nc.openbsd -l 127.0.0.1 $2" ;;
    traditional) echo "nc.traditional -l -p $2" ;;
    ncat) echo "ncat --recv-only -l 127.0.0.1 $2" ;;
    socat) echo "socat -u TCP-LISTEN:$2,bind=127.0.0.1,reuseaddr STDOUT" ;;
    socat128k) echo "socat -b 131072 -u TCP-LISTEN:$2,bind=127.0.0.1,reuseaddr STDOUT" ;;
    c-loop | jnc-to-c) echo "$COPY_LOOP listen $2" ;;
    c-to-jnc) echo "$JNC -l -p $2" ;;
  esac
}
client() { # label port
  case $1 in
    jnc) echo "$JNC 127.0.0.1 $2" ;;
    baseline) echo "$JNC_BASELINE 127.0.0.1 $2" ;;
    openbsd) echo "nc.openbsd -N 127.0.0.1 $2" ;;
    traditional) echo "nc.traditional -q 0 127.0.0.1 $2" ;;
    ncat) echo "ncat --send-only 127.0.0.1 $2" ;;
    socat) echo "socat -u STDIN TCP:127.0.0.1:$2" ;;
    socat128k) echo "socat -b 131072 -u STDIN TCP:127.0.0.1:$2" ;;
    c-loop | c-to-jnc) echo "$COPY_LOOP connect $2" ;;
    jnc-to-c) echo "$JNC 127.0.0.1 $2" ;;
  esac
}

# Runs client $1 to port $2 on this mode's input: the data file, or $3 bytes from a pipe.
feed_client() { # label port bytes
  if [ "$MODE" = file-in ]; then
    sh -c "exec $(client "$1" "$2")" <"$DATA"
  else
    head -c "$3" /dev/zero | sh -c "exec $(client "$1" "$2")"
  fi >/dev/null 2>"$BENCH_TMP/client.err"
}

run_bulk() { # label run
  port=$(bench_port)
  case $1 in
    pipe)
      head -c "$BULK_BYTES" /dev/zero | cat >/dev/null
      return ;;
    iperf3)
      iperf3 -s -1 -p "$port" >/dev/null 2>&1 &
      server=$!
      bench_wait_listen "$port" || return
      iperf3 -c 127.0.0.1 -p "$port" -n "$BULK_BYTES" >/dev/null 2>&1
      wait "$server"
      return ;;
  esac
  sink=/dev/null
  [ "$MODE" = file-out ] && sink=$OUT
  # Timed here, not by bench_interleave: deleting the last run's 1 GiB output took 0.13-0.16 s,
  # the same for every tool, and is no part of any tool's transfer.
  start=$(bench_now)
  sh -c "exec $(listener "$1" "$port")" >"$sink" </dev/null 2>"$BENCH_TMP/listener.err" &
  server=$!
  bench_wait_listen "$port" || return
  feed_client "$1" "$port" "$BULK_BYTES"
  wait "$server"
  end=$(bench_now)
  if [ "$MODE" = file-out ]; then
    size=$(stat -c %s "$OUT")
    [ "$size" = "$BULK_BYTES" ] || bench_say "$1: received $size of $BULK_BYTES bytes"
    rm -f "$OUT"
  fi
  bench_calc "$end - $start"
}

# One untimed transfer per tool into `wc -c` (file-out counts every timed run instead): a tool
# that delivers less than it was given must not get a ratio. Pipe mode checks 64 MiB.
check_bulk() { # label
  port=$(bench_port)
  sh -c "exec $(listener "$1" "$port")" </dev/null 2>/dev/null | wc -c >"$BENCH_TMP/delivered" &
  bench_wait_listen "$port" || return
  expected=$BULK_BYTES
  [ "$MODE" = pipe ] && expected=$((64 * 1024 * 1024))
  feed_client "$1" "$port" "$expected"
  wait
  delivered=$(tr -d ' ' <"$BENCH_TMP/delivered")
  [ "$delivered" = "$expected" ] || bench_say "$1: the listener wrote $delivered of $expected bytes"
}

PEERS=${BULK_PEERS:-jnc openbsd traditional ncat socat socat128k c-loop c-to-jnc jnc-to-c}
# shellcheck disable=SC2086
PEERS=$(bench_with_baseline $PEERS)
[ "$MODE" = pipe ] && PEERS="$PEERS ${BULK_REFERENCES-iperf3 pipe}"
available=
for p in $PEERS; do
  case $p in
    openbsd) command -v nc.openbsd >/dev/null || continue ;;
    traditional) command -v nc.traditional >/dev/null || continue ;;
    ncat | iperf3) command -v "$p" >/dev/null || continue ;;
    socat*) command -v socat >/dev/null || continue ;;
    c-loop | c-to-jnc | jnc-to-c) [ -x "$COPY_LOOP" ] || continue ;;
  esac
  available="$available $p"
done
bench_say "bulk TCP ($MODE), $BULK_BYTES bytes, $BENCH_RUNS interleaved runs, $(bench_where)"
if [ "$MODE" != file-out ]; then
  for p in $available; do
    case $p in iperf3 | pipe) ;; *) check_bulk "$p" ;; esac
  done
fi
bench_interleave "bulk-$MODE" run_bulk "$BENCH_RUNS" $available
bench_report "bulk-$MODE" openbsd "$BULK_BYTES" $available
