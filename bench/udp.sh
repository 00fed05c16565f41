#!/bin/sh
# UDP, UDP_BYTES (default 100 MB) in UDP_SIZE-byte datagrams (default 1400) over loopback.
#   send: each sender's wall time (JVM start included) into a socat receiver; MB/s is the send rate
#   recv: socat -b SIZE sends to each receiver; the loss is 1 - bytes received / bytes sent
# In a private namespace, the send runs also count the datagrams that reached the receiver's socket
# (/proc/net/snmp: taken, or dropped for a full buffer), and name a sender that sent fewer.
. "$(dirname "$0")/lib.sh"
bench_enter_netns "$0" "$@"
UDP_BYTES=${UDP_BYTES:-100000000}
UDP_SIZE=${UDP_SIZE:-1400}
bench_install_peers
bench_build_jnc
trap bench_cleanup EXIT

sender() { # label port
  case $1 in
    jnc) echo "$JNC -u -q 0 --datagram-size $UDP_SIZE 127.0.0.1 $2" ;;
    baseline) echo "$JNC_BASELINE -u -q 0 127.0.0.1 $2" ;;
    openbsd) echo "nc.openbsd -u -q 0 127.0.0.1 $2" ;;
    socat) echo "socat -u -b $UDP_SIZE STDIN UDP:127.0.0.1:$2" ;;
  esac
}
receiver() { # label port
  case $1 in
    jnc) echo "$JNC -u -l -p $2" ;;
    baseline) echo "$JNC_BASELINE -u -l -p $2" ;;
    openbsd) echo "nc.openbsd -u -l 127.0.0.1 $2" ;;
    socat) echo "socat -u -b 65536 UDP-RECV:$2,bind=127.0.0.1 STDOUT" ;;
  esac
}

# Datagrams that reached a UDP socket in this namespace: queued (InDatagrams), no socket on the
# port (NoPorts), dropped on arrival (InErrors, which counts a full receive buffer).
udp_arrived() { awk '/^Udp:/ && $2 ~ /^[0-9]/ { print $2 + $3 + $4 }' /proc/net/snmp; }

# Starts receiver $1 on a fresh port, runs sender $2 timed, stops the receiver; prints seconds
# and leaves the received byte count in $BENCH_TMP/received, the datagrams that arrived in
# $BENCH_TMP/arrived.
udp_once() {
  port=$(bench_port)
  sh -c "exec $(receiver "$1" "$port")" >"$BENCH_TMP/recv.out" </dev/null 2>/dev/null &
  rpid=$!
  bench_wait_listen "$port" u || return
  before=$(udp_arrived)
  start=$(bench_now)
  head -c "$UDP_BYTES" /dev/zero | sh -c "exec $(sender "$2" "$port")" >/dev/null 2>&1
  end=$(bench_now)
  # Whatever is still queued reaches the receiver in far less than this.
  sleep 0.5
  kill "$rpid" 2>/dev/null
  wait "$rpid" 2>/dev/null
  stat -c %s "$BENCH_TMP/recv.out" >"$BENCH_TMP/received"
  echo $(($(udp_arrived) - before)) >"$BENCH_TMP/arrived"
  bench_calc "$end - $start"
}

run_send() {
  took=$(udp_once socat "$1")
  cat "$BENCH_TMP/arrived" >>"$BENCH_TMP/arrived.$1"
  echo "$took"
}
run_recv() {
  took=$(udp_once "$1" socat)
  echo "$(bench_calc "1 - $(cat "$BENCH_TMP/received") / $UDP_BYTES" %.6f)" >>"$BENCH_TMP/loss.$1"
  echo "$took"
}

PEERS=${UDP_PEERS:-jnc openbsd socat}
bench_say "UDP: $UDP_BYTES bytes in $UDP_SIZE-byte datagrams, $BENCH_RUNS interleaved runs, $(bench_where)"
for p in $PEERS; do : >"$BENCH_TMP/arrived.$p"; done
bench_interleave udp-send run_send "$BENCH_RUNS" $PEERS
bench_report udp-send socat "$UDP_BYTES" $PEERS
if [ "$(bench_where)" != loopback ]; then
  # Senders that cut the input into UDP_SIZE-byte datagrams; nc.openbsd merges reads instead.
  expected=$(((UDP_BYTES + UDP_SIZE - 1) / UDP_SIZE))
  printf '%-28s %12s   %s\n' "udp-send datagrams arrived" "of $expected" "runs"
  for p in $PEERS; do
    case $p in jnc | socat) ;; *) continue ;; esac
    printf '%-28s %12s   %s\n' "$p" "$(bench_median <"$BENCH_TMP/arrived.$p")" \
      "$(sort -g "$BENCH_TMP/arrived.$p" | xargs)"
    short=$(awk -v e="$expected" '$1 < e' "$BENCH_TMP/arrived.$p" | wc -l)
    [ "$short" = 0 ] || bench_say "$p: sent fewer datagrams than it was given in $short runs"
  done
fi
for p in $PEERS; do : >"$BENCH_TMP/loss.$p"; done
bench_interleave udp-recv run_recv "$BENCH_RUNS" $PEERS
printf '%-28s %12s   %s\n' "udp-recv (sender socat)" "median loss" "runs"
for p in $PEERS; do
  printf '%-28s %11.3f%%   %s\n' "$p" "$(bench_calc "100 * $(bench_median <"$BENCH_TMP/loss.$p")")" \
    "$(sort -g "$BENCH_TMP/loss.$p" | xargs printf '%.4f ')"
done
