# Shared by bin/jnc and bin/lab (sourced, POSIX sh): find a JDK 25+, build when stale, run.

jnc_die() {
  echo "$JNC_TOOL: $*" >&2
  exit 2
}

# Sets feature to the feature version (17, 25...) of the JDK at $1, or to nothing. The JDK's
# release file answers without starting a JVM (which costs more than our own start), read by the
# shell itself: no process per candidate on every start. Asking java is the fallback for a JDK
# without one.
jnc_java_feature() {
  feature=
  if [ -f "$1/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"[0-9]*)
          feature=${line#JAVA_VERSION=\"}
          feature=${feature%%[!0-9]*}
          return ;;
      esac
    done <"$1/release"
  fi
  feature=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
}

# Sets JNC_JAVA_HOME to a JDK of version 25 or newer: JAVA_HOME, then java on PATH, then the
# usual JVM folders.
jnc_find_jdk() {
  for candidate in "${JAVA_HOME:-}" \
    "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
    /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    jnc_java_feature "$candidate"
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      JNC_JAVA_HOME=$candidate
      return 0
    fi
  done
  jnc_die "no JDK 25 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install one or set JAVA_HOME"
}

# True when the module was built by a launcher and no source or pom changed since.
jnc_is_fresh() {
  stamp="$JNC_ROOT/$1/target/.launcher-build"
  [ -f "$stamp" ] && [ -d "$JNC_ROOT/$1/target/lib" ] &&
    [ -z "$(find "$JNC_ROOT/pom.xml" "$JNC_ROOT"/*/pom.xml "$JNC_ROOT"/*/src/main -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]
}

# Builds the project with the Maven wrapper when the module is missing or older than any source
# or pom. Two launchers started at once build only once (flock where the system has it).
jnc_build_if_stale() {
  # The project's own integration tests run right after Maven packaged everything.
  [ "${JNC_SKIP_BUILD:-}" = 1 ] && return 0
  jnc_is_fresh "$1" && return 0
  lock="$JNC_ROOT/.mvn/.build.lock"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    flock 9
    jnc_is_fresh "$1" && { exec 9>&-; return 0; }
  fi
  echo "$JNC_TOOL: building (first use or sources changed)..." >&2
  start=$(mktemp)
  if (cd "$JNC_ROOT" && JAVA_HOME="$JNC_JAVA_HOME" ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package) >&2; then
    for module in nc-cli lab-runner; do
      [ -d "$JNC_ROOT/$module/target" ] && cp -p "$start" "$JNC_ROOT/$module/target/.launcher-build"
    done
    jnc_aot_build "$1"
    rm -f "$start"
  else
    rm -f "$start"
    jnc_die "build failed; run ./mvnw package to see why"
  fi
  exec 9>&- 2>/dev/null
  return 0
}

jnc_classpath() {
  module=$1
  cp=$(ls "$JNC_ROOT/$module"/target/"$module"-*.jar | head -n 1)
  for lib in "$JNC_ROOT/$module"/target/lib/*.jar; do
    cp="$cp:$lib"
  done
  echo "$cp"
}

# Where the ahead-of-time cache of a module lives.
jnc_aot_file() {
  echo "$JNC_ROOT/$1/target/$1.aot"
}

# The training run per module: a main that walks the usual start path.
jnc_aot_main() {
  case $1 in
    nc-cli) echo dev.jnc.cli.AotTraining ;;
    lab-runner) echo "dev.jnc.lab.Lab list" ;;
  esac
}

# Builds the module's AOT cache (JDK 25: -XX:AOTCacheOutput) from a training run; quietly does
# nothing when the JDK cannot. Written aside and moved, so a launcher never sees half a cache.
jnc_aot_build() {
  aot=$(jnc_aot_file "$1")
  rm -f "$aot"
  "$JNC_JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -XX:AOTCacheOutput="$aot.tmp" -cp "$(jnc_classpath "$1")" $(jnc_aot_main "$1") >/dev/null 2>&1 &&
    [ -f "$aot.tmp" ] && mv -f "$aot.tmp" "$aot"
  rm -f "$aot.tmp" "$aot.tmp.config"
  return 0
}

# JVM options that use the module's AOT cache when one was built for the jars in place (the JVM
# checks that and runs without the cache otherwise), or else the JDK's own class data sharing.
jnc_aot_options() {
  aot=$(jnc_aot_file "$1")
  if [ -f "$aot" ]; then
    echo "-XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off"
  else
    echo "-Xshare:auto"
  fi
}
