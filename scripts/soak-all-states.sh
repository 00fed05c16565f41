#!/bin/sh
# Runs `lab run all-states` N times in a row (default 50) and prints how many observed all 11
# states. A soak, not a test: it takes a few minutes.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-50}
observer=${2:-auto}
"$root/bin/lab" list >/dev/null || exit 2
passed=0
start=$(date +%s)
i=1
while [ "$i" -le "$runs" ]; do
  if "$root/bin/lab" run all-states --port 0 --observer "$observer" >/tmp/soak-all-states.$$ 2>&1; then
    passed=$((passed + 1))
  else
    echo "run $i failed:" >&2
    tail -n 5 /tmp/soak-all-states.$$ >&2
  fi
  i=$((i + 1))
done
rm -f /tmp/soak-all-states.$$
echo "all-states: $passed of $runs runs observed all 11 states (observer $observer, $(($(date +%s) - start)) s, $(date -u +%Y-%m-%d), $(uname -r))"
[ "$passed" -eq "$runs" ]
