#!/bin/sh
# Runs the byte-exact transfer tests (NoDataLostIT) at a size of your choice (1 GiB each way by
# default, as the suite does): random data through bin/jnc in both roles, stdin/stdout as files and as pipes, SHA-256
# compared; and the -o case (hex dump decoded and hashed per direction) at DUMP_BYTES, 1 GiB by
# default, where the suite moves 64 MiB (a 1 GiB dump case writes ~10 GB of dump). A soak, not part
# of `verify`: it takes several minutes on two cores.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bytes=${1:-1073741824}
dump_bytes=${DUMP_BYTES:-1073741824}
exec "$root/bin/mvnw" -B -ntp -q -f "$root/pom.xml" -pl nc-cli -am verify \
  -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NoDataLostIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Djnc.reliability.bytes="$bytes" -Djnc.reliability.dumpBytes="$dump_bytes"
