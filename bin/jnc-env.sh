# Shared by bin/jnc and bin/lab (sourced, POSIX sh): find a JDK 25+, build when stale, run.

# A closed stdin (<&-) leaves descriptor 0 free, and the JVM's first open file takes it: jnc
# would send the JDK's lib/modules (146 MB) to its peer, where nc sends nothing. No input is
# /dev/null. Linux's /proc tells; where there is none, stdin is left as it is.
if [ -d /proc/$$/fd ] && [ ! -e /proc/$$/fd/0 ]; then
  exec </dev/null
fi

# What the user set in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS stays the user's choice, word by word
# ("-XX:+UseStringDeduplication -XX:+ExplicitGCInvokesConcurrent" names no collector):
# - a collector: beside ours the JVM refused to start ("Multiple garbage collectors selected"),
#   its error on stdout;
# - a log (-Xlog): ours came after it and silenced it;
# - the heap's size or how its memory is backed: our -Xms came after it and won, and beside a
#   -Xmx below it the JVM refused to start.
jnc_user_gc=
jnc_user_log=
jnc_user_memory=
for jnc_word in ${JAVA_TOOL_OPTIONS-} ${JDK_JAVA_OPTIONS-}; do
  case $jnc_word in
    -XX:+Use*GC) jnc_user_gc=1 ;;
    -Xlog*) jnc_user_log=1 ;;
    -Xms* | -Xmx* | -XX:*HeapSize=* | -XX:[+-]AlwaysPreTouch | -XX:[+-]UseTransparentHugePages | -XX:[+-]UseLargePages) jnc_user_memory=1 ;;
  esac
done

# True where the kernel fills a range of memory in one call (MADV_POPULATE_WRITE, Linux 5.14)
# and the JVM pretouches with it, which it does only with transparent huge pages on ("always",
# or "madvise" and -XX:+UseTransparentHugePages); elsewhere its pretouch writes page by page and
# takes a fault per page, which is what it would save. Read by the shell itself: no process.
jnc_kernel_populates_memory() {
  [ -r /sys/kernel/mm/transparent_hugepage/enabled ] && [ -r /proc/sys/kernel/osrelease ] || return 1
  IFS= read -r jnc_thp </sys/kernel/mm/transparent_hugepage/enabled
  case $jnc_thp in
    *"[always]"* | *"[madvise]"*) ;;
    *) return 1 ;;
  esac
  IFS=. read -r jnc_major jnc_minor jnc_rest </proc/sys/kernel/osrelease
  jnc_minor=${jnc_minor%%[!0-9]*}
  case $jnc_major.$jnc_minor in
    *[!0-9.]* | .* | *.) return 1 ;;
  esac
  [ "$jnc_major" -gt 5 ] || { [ "$jnc_major" -eq 5 ] && [ "$jnc_minor" -ge 14 ]; }
}

# The JVM options every launcher and every AOT training run share: the JVM passes over a cache
# made with other ones (a different --enable-native-access, for one, is refused). No
# -XX:+UsePerfData file in /tmp: a few ms of every start (jps will not list us). The class data
# archive (our AOT cache, or the JDK's own) is mapped at the address it was made for, so the JVM
# need not first rewrite every pointer in it (JDK 25's default, ArchiveRelocationMode=1, maps it
# at a random one): a listener listens 6-10 ms sooner, a probe spends 6-11 ms less CPU (2-core
# Xeon guest; docs/benchmarks.md, 10:00). Only that metadata's place is fixed, and the JVM still
# relocates when the address is taken. The flag is diagnostic, as is bin/jnc's
# -XX:[+-]AOTReplayTraining, and a JDK may drop either without notice: one that no longer knows
# them ignores them rather than refusing to start.
# The JVM's own words go to stderr, never into the data on stdout: its start-up errors
# (DisplayVMOutputToStderr: "Error occurred during initialization of VM" under a low ulimit -v)
# and its warnings ("Failed to start thread" under a low ulimit -u), whose default output is
# stdout. A user's own -Xlog (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS) is left as the user set it.
# At its exit the JVM waits up to ~300 ms for threads still in native code to come out; ours that
# are there sit in a select or a read of stdin that may never return, so every exit on a signal
# (Ctrl-C, kill, timeout) took that long: SIGTERM to exit 324-338 ms, 15-32 ms with no wait (a
# listener with a client, docs/benchmarks.md, 14:30). Such a thread stops where it would come
# back to Java, HotSpot's own reason why user threads need no wait; JDK 25's product flag.
JNC_JVM_OPTIONS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:UserThreadWaitAttemptsAtExit=0 --enable-native-access=ALL-UNNAMED -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:+DisplayVMOutputToStderr"
[ -n "$jnc_user_gc" ] || JNC_JVM_OPTIONS="-XX:+UseSerialGC $JNC_JVM_OPTIONS"
# A start writes to some 3,400 pages it has not touched yet (a probe: 1,545 of them in the AOT
# cache's mapping, which the JVM writes as it restores its classes), and on a guest like this
# project's each fault costs 11-17 us, where the kernel fills the same pages in one call at
# 0.9 us a page: -XX:+AlwaysPreTouch fills the cache's mapping and the heap up front, the heap
# kept at 8 MiB to start with (the JVM's default here is 1/64 of the memory, 384 MiB) and in huge
# pages. Page faults of a probe 3,431 -> 1,331; launcher included, 50 interleaved rounds: a probe
# 142.2 -> 131.4 ms, a line sent and answered 168.8 -> 154.9 ms; lab run handshake-demo 357.6 ->
# 311.9 ms (docs/benchmarks.md, 2026-12-07, 16:30).
if [ -z "$jnc_user_memory" ] && jnc_kernel_populates_memory; then
  JNC_JVM_OPTIONS="$JNC_JVM_OPTIONS -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch -Xms8m"
fi
[ -n "$jnc_user_log" ] || JNC_JVM_OPTIONS="$JNC_JVM_OPTIONS -Xlog:all=off -Xlog:all=warning:stderr"

# Ends the launcher where the JVM cannot run from the folder $1 is in: Java's class path takes a
# ':' in a folder's name for the end of an entry, and the JVM's own words for it ("Option AOTCache
# must specify a single file name") named no folder.
jnc_check_root() {
  case $1 in
    *:*) jnc_die "cannot run from $1: Java cannot take a folder with ':' in its name onto its class path; move or rename it" ;;
  esac
}

# Makes the JVM read its command line as UTF-8 when it holds a word beyond ASCII ($@: the install's
# folder, the user's arguments). The JVM decodes its arguments in the locale's charset, which under
# the C or POSIX locale (many containers, env -i) is ASCII, and so is any locale this system does
# not have (LANG=en_US.UTF-8 brought over ssh to a machine without it): a folder named "Grüße"
# came out as "Gr??e", and every class the AOT cache did not hold was not found (a stack trace
# instead of "Connection refused"); so did a file name given to -o or -e. Such a run goes under
# C.UTF-8, the C locale with UTF-8 text, which glibc always has, and its -e program inherits it;
# a run of plain ASCII words keeps the user's locale.
jnc_utf8_words() {
  case ${LC_ALL:-${LC_CTYPE:-${LANG:-}}} in
    C.UTF-8 | C.utf8) return 0 ;;
  esac
  for word; do
    case $word in
      *[!\ -~]*)
        LC_ALL=C.UTF-8
        export LC_ALL
        return 0
        ;;
    esac
  done
  return 0
}

# An archive unpacked over an older one leaves two versions of a jar in lib/ ($1), and the JVM
# takes classes from whichever comes first: old code ran beside new. Said, instead of run.
jnc_dist_check_lib() {
  seen=" "
  for jar in "$1"/*.jar; do
    name=${jar##*/}
    artifact=${name%%-[0-9]*}
    case $seen in
      *" $artifact "*) jnc_die "$1 holds two versions of $artifact, as when an archive is unpacked over an older one: unpack it into an empty folder" ;;
    esac
    seen="$seen$artifact "
  done
}

# Sets JNC_COMPILER_OPTIONS for jnc's arguments ($@). Most runs are short or wait on the kernel: a
# probe, a request and its answer, a bulk copy that moves up to 1 MiB a call. For them the JIT
# compiler's start and first compiles cost more than they save, so they run without it
# (-XX:TieredStopAtLevel=0): a probe 66.9 -> 61.0 ms, a line sent and answered 83.5 -> 78.7 ms,
# 2 GiB from a pipe and 1 GiB from a file unchanged (interleaved medians). Runs that work per byte,
# per datagram or per port keep C1: -u, -o, -c/-C, -t, -i, a port range (the full loopback scan
# takes 0.62 s with it, 0.88 s without), and a person typing at a terminal (JLine). So do servers
# that serve connection after connection (-L, -k): short connections with a line each, 115 us a
# connection with it, 188 us without (3,000 a run, 3 interleaved runs). And so does help (-h,
# --help), which lays out its text in picocli's tables: 5-18 ms sooner in four runs of 21-41
# interleaved rounds (113.8 -> 96.0 ms in one), the same in a fifth.
jnc_compiler_options() {
  JNC_COMPILER_OPTIONS=
  [ -t 0 ] && return
  for arg; do
    case $arg in
      --help) return ;;
      --*) ;;
      -*[uoCctiLkh]*) return ;;
      *[0-9]-[0-9]*) return ;;
    esac
  done
  JNC_COMPILER_OPTIONS=-XX:TieredStopAtLevel=0
}

# Sets JNC_REPLAY_OPTIONS for jnc's arguments ($@): whether the JIT compiles, as the run starts,
# what it compiled in the AOT cache's training run. Not for most runs: that work took the second
# core from a short one (~6 ms of a probe, 60 interleaved runs). A UDP listener (-u with -l or -L)
# drops datagrams while it warms up, in the first ~50 ms of a burst, when the socket's buffer fills
# faster than code not yet compiled empties it; it compiles while it waits for its first datagram.
# Behind socat sending 100 MB in 1400-byte datagrams, runs that lost some: 34 of 66 before, 27
# with this and a UDP listener in the training, nc.openbsd 31 (docs/benchmarks.md, 08:30).
jnc_replay_options() {
  JNC_REPLAY_OPTIONS=-XX:-AOTReplayTraining
  udp=
  listen=
  for arg; do
    case $arg in
      --*) ;;
      -*)
        case $arg in *u*) udp=1 ;; esac
        case $arg in *[lL]*) listen=1 ;; esac
        ;;
    esac
  done
  [ -n "$udp" ] && [ -n "$listen" ] && JNC_REPLAY_OPTIONS=-XX:+AOTReplayTraining
  return 0
}

# bin/lab's own JIT options. The AOT cache's trained compilations are not replayed at start: the
# headline with --observer netlink 222.1 -> 208.9 ms, lab list 75.6 -> 71.6 ms (40 interleaved
# rounds); as root (trace) no change. C1 stays: without it the headline took 304 ms, not 263 ms.
JNC_LAB_OPTIONS=-XX:-AOTReplayTraining

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
# usual JVM folders. The answer is kept in .mvn/.launcher-jdk with what it depends on (JAVA_HOME
# and PATH): a launcher started in the same environment reads two lines instead of searching,
# which reads a release file per candidate and resolves the java on PATH, some 3 ms before every
# start (measured). A JDK removed since is searched for again.
jnc_find_jdk() {
  cache=${JNC_ROOT:+$JNC_ROOT/.mvn/.launcher-jdk}
  key="${JAVA_HOME:-}|$PATH"
  if [ -n "$cache" ] && [ -f "$cache" ]; then
    { IFS= read -r cached_key && IFS= read -r cached_jdk; } <"$cache"
    if [ "$cached_key" = "$key" ] && [ -x "$cached_jdk/bin/java" ]; then
      JNC_JAVA_HOME=$cached_jdk
      return 0
    fi
  fi
  jnc_search_jdk
  if [ -n "$cache" ] && printf '%s\n%s\n' "$key" "$JNC_JAVA_HOME" 2>/dev/null >"$cache.$$"; then
    mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$"
  fi
  return 0
}

# The search itself: each candidate is looked at only when the one before failed, and it starts
# at most one process (readlink, for java on PATH).
jnc_search_jdk() {
  jnc_try_jdk "${JAVA_HOME:-}" && return 0
  jnc_path_jdk && jnc_try_jdk "$path_jdk" && return 0
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    jnc_try_jdk "$candidate" && return 0
  done
  if jnc_in_checkout; then
    jnc_die "no JDK 25 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install one or set JAVA_HOME"
  fi
  jnc_die "no Java 25 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install one or set JAVA_HOME"
}

# True in a source checkout, whose launchers build with javac; an unpacked archive only runs, and
# a Java runtime without javac does for it.
jnc_in_checkout() {
  [ -n "${JNC_ROOT:-}" ] && [ -d "$JNC_ROOT/nc-cli/src" ]
}

# True, with JNC_JAVA_HOME set, when $1 is a Java of version 25 or newer, with javac in a checkout.
jnc_try_jdk() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ -x "$1/bin/javac" ] || ! jnc_in_checkout || return 1
  jnc_java_feature "$1"
  [ -n "$feature" ] && [ "$feature" -ge 25 ] || return 1
  JNC_JAVA_HOME=$1
}

# Sets path_jdk to the home of the first java on PATH, links resolved (/usr/bin/java ->
# /etc/alternatives/java -> /usr/lib/jvm/.../bin/java); false when PATH has none. A java that
# resolves to no Java home is a version manager's shim (asdf, jenv, mise: a script that picks a
# Java), and only the java it runs can say where that is: a JVM's start, on this path alone.
jnc_path_jdk() {
  path_jdk=
  saved_ifs=$IFS
  IFS=:
  for dir in $PATH; do
    if [ -x "${dir:-.}/java" ] && [ ! -d "${dir:-.}/java" ]; then
      IFS=$saved_ifs
      path_jdk=$(readlink -f "${dir:-.}/java")
      case $path_jdk in
        */bin/java) path_jdk=${path_jdk%/bin/java} ;;
        *) path_jdk= ;;
      esac
      if [ -z "$path_jdk" ]; then
        path_jdk=$("${dir:-.}/java" -XshowSettings:properties -version 2>&1 |
          sed -n 's/^ *java\.home = //p' | head -n 1)
      fi
      return 0
    fi
  done
  IFS=$saved_ifs
  return 1
}

# True when the module was built by a launcher and no source or pom it is built from changed
# since: its own and nc-core's, whose jar it carries. A change to the other tool's module leaves it
# fresh; that tool's launcher builds it. Half the tree to walk for each: 4.7 ms of every start in a
# checkout went to the walk of all of it (strace: 1,173 stats for 218 entries).
jnc_is_fresh() {
  stamp="$JNC_ROOT/$1/target/.launcher-build"
  [ -f "$stamp" ] && [ -d "$JNC_ROOT/$1/target/lib" ] &&
    ! jnc_any_newer "$stamp" "$JNC_ROOT/pom.xml" "$JNC_ROOT/nc-core/pom.xml" "$JNC_ROOT/$1/pom.xml" \
      "$JNC_ROOT/nc-core/src/main" "$JNC_ROOT/$1/src/main"
}

# True when a file among $2..., or anywhere under the folders among them, is newer than $1. The
# shell walks the tree itself: the find it replaces took 12 ms of every start on a 2-core VM
# (a fork and exec there cost more than the ~200 stats of the walk, measured). It looks at the
# files the find looked at: hidden ones too, links not followed (a link to a parent folder would
# never end). A pattern that matched nothing comes back as itself, and is passed over after one
# stat where it took four; a file is asked whether it is a folder before whether it is a link,
# which only a folder needs: three stats a file where there were four.
jnc_any_newer() {
  newer_than=$1
  shift
  for entry; do
    case $entry in
      */'*' | */'.[!.]*' | */'..?*') [ -e "$entry" ] || continue ;;
    esac
    if [ -d "$entry" ]; then
      [ -L "$entry" ] && continue
      jnc_any_newer "$newer_than" "$entry"/* "$entry"/.[!.]* "$entry"/..?* && return 0
    elif [ "$entry" -nt "$newer_than" ]; then
      [ -L "$entry" ] || return 0
    fi
  done
  return 1
}

# Builds the project with the Maven wrapper when the module is missing or older than any source
# or pom. Two launchers started at once build only once (flock where the system has it).
jnc_build_if_stale() {
  # The project's own integration tests run right after Maven packaged everything.
  [ "${JNC_SKIP_BUILD:-}" = 1 ] && return 0
  jnc_is_fresh "$1" && return 0
  # Another user's checkout can be read but not rebuilt: say so, where the shell would print its
  # own "cannot create" and end.
  if ! [ -w "$JNC_ROOT/.mvn" ]; then
    jnc_die "this checkout is older than its sources and $JNC_ROOT is not writable here: build it as its owner (bin/mvnw package), or set JNC_SKIP_BUILD=1 to run the build it has"
  fi
  lock="$JNC_ROOT/.mvn/.build.lock"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    flock 9
    jnc_is_fresh "$1" && { exec 9>&-; return 0; }
  fi
  echo "$JNC_TOOL: building (first use or sources changed)..." >&2
  start=$(mktemp)
  if (cd "$JNC_ROOT" && JAVA_HOME="$JNC_JAVA_HOME" ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package) >&2; then
    # Both launchers' caches, where the package did not make them (it does, unless
    # -Djnc.aot.skip): the package replaced the jars each was made against, and the other
    # launcher will find its module fresh and never build to remake its own. A training run
    # takes seconds.
    for module in nc-cli lab-runner; do
      [ -d "$JNC_ROOT/$module/target" ] || continue
      cp -p "$start" "$JNC_ROOT/$module/target/.launcher-build"
      jnc_aot_file "$module"
      [ -f "$aot.jdk" ] && [ "$aot" -nt "$start" ] || jnc_aot_build "$module"
    done
    rm -f "$start"
  else
    rm -f "$start"
    jnc_die "build failed; run ./mvnw package to see why"
  fi
  exec 9>&-
  return 0
}

# Sets JNC_CLASSPATH to the module's jar and its libraries (globs, not ls: no process), JLine
# last and only with "with-jline": JLine serves a person typing at a terminal, and every jar on
# the class path costs each run the time to open it (the JDK opens them all when it looks for a
# service provider, as the exit's logger lookup does), some 8 ms for JLine's (measured). A JVM may
# append jars to the class path its AOT cache was trained with, so one cache serves both.
jnc_classpath() {
  JNC_CLASSPATH=
  for jar in "$JNC_ROOT/$1"/target/"$1"-*.jar; do
    JNC_CLASSPATH=$jar
    break
  done
  jline=
  for lib in "$JNC_ROOT/$1"/target/lib/*.jar; do
    case ${lib##*/} in
      jline-*) jline=$lib ;;
      *) JNC_CLASSPATH="$JNC_CLASSPATH:$lib" ;;
    esac
  done
  if [ "${2:-}" = with-jline ] && [ -n "$jline" ]; then
    JNC_CLASSPATH="$JNC_CLASSPATH:$jline"
  fi
}

# Sets aot to where the ahead-of-time cache of a module lives; with $2 = probe, where jnc's cache
# for -z runs does.
jnc_aot_file() {
  aot="$JNC_ROOT/$1/target/$1${2:+-$2}.aot"
}

# The training run per module: a main that walks the usual start path; with $2 = probe, the one
# for jnc's cache of -z runs.
jnc_aot_main() {
  case $1${2:+ $2} in
    nc-cli) echo dev.jnc.cli.AotTraining ;;
    "nc-cli probe") echo dev.jnc.cli.ProbeTraining ;;
    lab-runner) echo dev.jnc.lab.LabAotTraining ;;
  esac
}

# Builds the module's AOT cache from a training run; quietly does nothing when the JDK cannot.
jnc_aot_build() {
  jnc_aot_file "$1"
  # Trained on the shortest class path its launcher uses: jnc's without JLine, lab's with it.
  case $1 in
    nc-cli) jnc_classpath "$1" ;;
    *) jnc_classpath "$1" with-jline ;;
  esac
  jnc_aot_train "$aot" $(jnc_aot_main "$1") || true
  [ "$1" = nc-cli ] || return 0
  jnc_aot_file nc-cli probe
  jnc_aot_train "$aot" $(jnc_aot_main nc-cli probe) || true
}

# Makes an AOT cache at $1 (JDK 25: -XX:AOTCacheOutput) from a training run of the main class
# and arguments after it, on the class path in JNC_CLASSPATH, with JNC_JVM_OPTIONS. Written aside and moved, so a launcher never sees
# half a cache; $1.jdk names the JDK build it serves. False when the JDK could not make one.
jnc_aot_train() {
  out=$1
  shift
  rm -f "$out" "$out.jdk"
  jnc_options_for_cache "$out"
  "$JNC_JAVA_HOME/bin/java" $JNC_CACHE_JVM_OPTIONS -XX:AOTCacheOutput="$out.tmp" -cp "$JNC_CLASSPATH" "$@" >/dev/null 2>&1 &&
    [ -f "$out.tmp" ] && mv -f "$out.tmp" "$out"
  trained=$?
  rm -f "$out.tmp" "$out.tmp.config"
  [ $trained = 0 ] || return 1
  jnc_jdk_build "$JNC_JAVA_HOME"
  printf '%s\n' "$jdk_build" >"$out.jdk"
}

# Sets jdk_build to what names the build of the JDK at $1, its vendor and runtime version, read
# from its release file by the shell itself (no process).
jnc_jdk_build() {
  jdk_build=
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    case $line in
      IMPLEMENTOR=* | JAVA_RUNTIME_VERSION=*) jdk_build="$jdk_build$line " ;;
      JAVA_VERSION=*) return 0 ;;
    esac
  done <"$1/release"
}

# Sets JNC_CLASSPATH to jnc's jars in an unpacked distribution's lib/ ($1), lab's left out: every
# jar on the class path costs each start the time to open it. In the order jnc's AOT cache is
# made with; JLine last, with "with-jline".
jnc_dist_classpath() {
  JNC_CLASSPATH=
  for jar in "$1"/nc-cli-*.jar "$1"/nc-core-*.jar "$1"/picocli-*.jar; do
    JNC_CLASSPATH=$JNC_CLASSPATH${JNC_CLASSPATH:+:}$jar
  done
  if [ "${2:-}" = with-jline ]; then
    for jar in "$1"/jline-*.jar; do
      JNC_CLASSPATH=$JNC_CLASSPATH:$jar
    done
  fi
}

# Sets JNC_CLASSPATH to lab's jars in an unpacked distribution's lib/ ($1): all but jnc's own, in
# the order lab's AOT cache is made with, JLine last.
jnc_dist_lab_classpath() {
  JNC_CLASSPATH=
  jline=
  for jar in "$1"/*.jar; do
    case ${jar##*/} in
      nc-cli-*) ;;
      jline-*) jline=$jar ;;
      *) JNC_CLASSPATH=$JNC_CLASSPATH${JNC_CLASSPATH:+:}$jar ;;
    esac
  done
  JNC_CLASSPATH=$JNC_CLASSPATH${jline:+:$jline}
}

# Makes jnc.aot and jnc-probe.aot, the distribution's bin/jnc caches, and lab.aot, its bin/lab
# cache, in lib/ ($1) for the JDK in JNC_JAVA_HOME.
jnc_dist_aot_build() {
  jnc_dist_classpath "$1"
  jnc_aot_train "$1/jnc.aot" $(jnc_aot_main nc-cli) &&
    jnc_aot_train "$1/jnc-probe.aot" $(jnc_aot_main nc-cli probe) &&
    jnc_dist_lab_classpath "$1" &&
    jnc_aot_train "$1/lab.aot" $(jnc_aot_main lab-runner)
}

# Sets JNC_AOT_KIND to probe for jnc's arguments ($@) when they make a TCP -z run of a few single
# ports that listens for nothing, else to nothing. A JVM loads every class of its cache at start: the
# probe cache holds the 1,600 classes a probe needs, not the 2,080 of the cache every other run
# starts from, which also holds the classes of bulk data, of -u and of a scan's native connects. A
# probe 114.6 -> 104.9 ms, a -vz 127.0 -> 118.9 ms (java alone, 50 interleaved rounds). A probe's
# JVM never collects garbage (jnc_options_for_cache), hence the bounds: no listener, whose life has
# no end, and no more than 64 words (one probe leaves 1.9 MB of garbage, 1,000 ports 7.3 MB).
jnc_aot_kind() {
  JNC_AOT_KIND=
  [ $# -le 64 ] || return 0
  for arg; do
    case $arg in
      --*) ;;
      -*[ulLk]* | *[0-9]-[0-9]*)
        JNC_AOT_KIND=
        return ;;
      -*z*) JNC_AOT_KIND=probe ;;
    esac
  done
}

# Exports MALLOC_ARENA_MAX=1 for the JVM that bin/jnc runs, and sets JNC_MALLOC_OPTIONS to tell
# it so. glibc gives each thread that first calls malloc an arena of its own, up to eight per core:
# a probe's JVM made nine, each a 64 MiB reservation trimmed by munmap and grown by mprotect (146
# of them against 33 with one arena), and each with pages of its own to fault in. With one
# arena, java alone, 100 interleaved rounds: a probe 111.9 -> 107.9 ms, CPU 123.0 -> 118.6 ms;
# 2 GiB through a pipe, a file received, 2,000 connections to a -k listener: unchanged
# (docs/benchmarks.md, 2026-12-07, 21:30). A choice of the user's (MALLOC_ARENA_MAX, or
# glibc.malloc.arena_max in GLIBC_TUNABLES) stays theirs, and a program that -e runs gets the
# environment jnc was given (dev.jnc.core.exec.ChildProgram reads -Djnc.launcherEnv).
jnc_one_malloc_arena() {
  JNC_MALLOC_OPTIONS=
  [ -z "${MALLOC_ARENA_MAX+set}" ] || return 0
  case ${GLIBC_TUNABLES-} in
    *glibc.malloc.arena_max=*) return 0 ;;
  esac
  MALLOC_ARENA_MAX=1
  export MALLOC_ARENA_MAX
  JNC_MALLOC_OPTIONS=-Djnc.launcherEnv=MALLOC_ARENA_MAX
}

# Sets JNC_CACHE_JVM_OPTIONS to JNC_JVM_OPTIONS with the collector of the AOT cache at $1 (or of a
# run without one), for the training that makes it and every run that starts from it: a cache
# serves only a JVM with the collector it was made with. The probe cache's is Epsilon, which
# never collects: a probe frees nothing worth the serial collector's set-up ("Create VM" 61-64 ms
# instead of 69-71 ms). With every launcher option, java alone, 100 interleaved rounds: 107.8 ms
# instead of 112.2 ms, CPU 127.0 instead of 131.4 ms (two shorter runs: 0 and 3 ms less). A
# collector the user chose stays.
jnc_options_for_cache() {
  JNC_CACHE_JVM_OPTIONS=$JNC_JVM_OPTIONS
  case $1 in
    *-probe.aot)
      case $JNC_JVM_OPTIONS in
        "-XX:+UseSerialGC "*) JNC_CACHE_JVM_OPTIONS="-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC ${JNC_JVM_OPTIONS#-XX:+UseSerialGC }" ;;
      esac
      ;;
  esac
}

# True when a jar of JNC_CLASSPATH is newer than the cache $1: rebuilt since the cache was made.
# The JVM would run the classes the cache holds, not the jar's: JDK 25.0.3 checks no jar of the
# class path against its cache (JDK-8377932, fixed in 25.0.4), measured with a class whose output
# changed. Equal times pass: an unpacked archive gives the jars and the cache the archive's time.
jnc_cache_predates_a_jar() {
  cp_rest=$JNC_CLASSPATH
  while [ -n "$cp_rest" ]; do
    cp_jar=${cp_rest%%:*}
    case $cp_rest in
      *:*) cp_rest=${cp_rest#*:} ;;
      *) cp_rest= ;;
    esac
    [ "$cp_jar" -nt "$1" ] && return 0
  done
  return 1
}

# Sets JNC_AOT_OPTIONS to JVM options that use the module's AOT cache: its cache of kind $2 (from
# jnc_aot_kind) where it has one. Set JNC_CLASSPATH first.
jnc_aot_options() {
  jnc_aot_file "$1" "${2:-}"
  wanted=$aot
  jnc_aot_file "$1"
  jnc_aot_options_for "$wanted" "$aot"
}

# Sets JNC_AOT_OPTIONS to JVM options that use the first AOT cache among $1... that exists, when it
# was made with the JDK in JNC_JAVA_HOME after the jars of JNC_CLASSPATH (set it first), or else
# the JDK's own class data sharing. Given a cache of another JDK build the JVM runs with no sharing
# at all, its own archive included: one probe took 343 ms against 313 ms with none (measured).
jnc_aot_options_for() {
  JNC_AOT_OPTIONS=-Xshare:auto
  # The cache's path apart, for the launcher to quote: the options are split at blanks, and a
  # folder with a space in its name broke it in two.
  JNC_AOT_CACHE=
  for cache; do
    [ -f "$cache" ] && break
  done
  # A cache this user may not read (made under a strict umask) would be the JVM's error on
  # every start.
  [ -f "$cache" ] && [ -r "$cache" ] && [ -r "$cache.jdk" ] || return 0
  # An archive's jars are never rebuilt: a copy that does not keep file times (cp -r, some
  # unzips) made them newer than its caches, and every start went without one.
  if jnc_in_checkout && jnc_cache_predates_a_jar "$cache"; then
    return 0
  fi
  IFS= read -r cache_build <"$cache.jdk"
  jnc_jdk_build "$JNC_JAVA_HOME"
  if [ -n "$cache_build" ] && [ "$cache_build" = "$jdk_build" ]; then
    # Quiet, unless the user asked the JVM for a log (JAVA_TOOL_OPTIONS): ours came after it and
    # silenced -Xlog:aot:stderr.
    JNC_AOT_OPTIONS=
    [ -n "$jnc_user_log" ] || JNC_AOT_OPTIONS="-Xlog:aot=off:stderr -Xlog:cds=off:stderr"
    JNC_AOT_CACHE=$cache
  fi
}
