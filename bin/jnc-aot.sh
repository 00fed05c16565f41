#!/bin/sh
# Builds the JDK ahead-of-time cache for a module's launcher (sourced by nothing; run by Maven at
# package time and by the launchers after a build): bin/jnc-aot.sh nc-cli|lab-runner. A cache is
# bound to the exact class path (jar paths and order), so it uses the launchers' own.
JNC_TOOL=jnc-aot
JNC_ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$JNC_ROOT/bin/jnc-env.sh"
jnc_find_jdk
jnc_aot_build "$1"
