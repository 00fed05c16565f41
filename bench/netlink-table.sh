#!/bin/sh
# What bounds the netlink observer: every sock_diag dump walks the whole TCP established-hash
# table of its namespace. The same snapshots (bench_poll_rate) in a namespace that shares the
# machine's table, then in one with a table of its own of NETLINK_BUCKETS (default 4096) buckets.
# Root and Linux 5.19+ (net.ipv4.tcp_child_ehash_entries): the sysctl holds for the moment the
# namespace is made and is put back at once.
. "$(dirname "$0")/lib.sh"
bench_build_jnc
trap bench_cleanup EXIT
child=/proc/sys/net/ipv4/tcp_child_ehash_entries
if [ "$(id -u)" != 0 ] || [ ! -w "$child" ] || ! command -v ip >/dev/null 2>&1; then
  bench_say "needs root, ip and $child (Linux 5.19+); nothing measured"
  exit 0
fi
for buckets in 0 "${NETLINK_BUCKETS:-4096}"; do
  ns=jncnl$$b$buckets
  before=$(cat "$child")
  echo "$buckets" >"$child"
  ip netns add "$ns"
  made=$?
  echo "$before" >"$child"
  [ $made = 0 ] || { bench_say "could not make namespace $ns"; continue; }
  ip -n "$ns" link set lo up
  # Negative: the namespace shares the machine's table of that many buckets.
  bench_say "namespace $ns, net.ipv4.tcp_ehash_entries = $(ip netns exec "$ns" cat /proc/sys/net/ipv4/tcp_ehash_entries)"
  bench_poll_rate ip netns exec "$ns"
  ip netns delete "$ns"
done
