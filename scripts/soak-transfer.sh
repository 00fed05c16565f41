#!/bin/sh
# Runs the byte-exact transfer tests (NoDataLostIT) with 1 GiB each way instead of the suite's
# 64 MiB: random data through bin/jnc in both roles, stdin/stdout as files and as pipes, SHA-256
# compared. A soak, not part of `verify`: it takes a few minutes on two cores.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bytes=${1:-1073741824}
exec "$root/bin/mvnw" -B -ntp -q -f "$root/pom.xml" -pl nc-cli -am verify \
  -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NoDataLostIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Djnc.reliability.bytes="$bytes"
