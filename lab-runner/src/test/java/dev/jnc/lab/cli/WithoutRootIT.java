package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lab run} asks root for, asked by a user who is not: a real process, unprivileged for
 * real. CI runs as root, so the test drops to {@code nobody} with {@code setpriv}; the class path
 * is the module's own build output, which {@code nobody} can read (the Maven repository under
 * root's home it cannot).
 */
@Timeout(120)
class WithoutRootIT {

  private static final Path MODULE = Path.of(System.getProperty("user.dir"));
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final String NOBODY = "65534";

  @TempDir Path dir;

  @BeforeEach
  void linuxAndAWayToDropRoot() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only: both needs are Linux's");
    assumeTrue(!runningAsRoot() || Files.isExecutable(SETPRIV), "no setpriv to drop root with");
    // A checkout under a private folder (mktemp -d, a home of mode 700) is out of nobody's reach.
    Path lab = MODULE.resolve("target/classes/dev/jnc/lab/Lab.class");
    Process reach = new ProcessBuilder(asNobody("test", "-r", lab.toString())).start();
    assumeTrue(
        reach.waitFor(10, TimeUnit.SECONDS) && reach.exitValue() == 0,
        "the user nobody cannot read " + lab);
  }

  @Test
  void traceCannotRunAndSaysWhatIsMissing() throws Exception {
    Ran ran = lab("run", "handshake-demo", "--observer", "trace", "--port", "0");

    assertThat(ran.exit()).as("exit status; stderr: %s", ran.err()).isEqualTo(ExitCode.CANNOT_RUN);
    assertThat(ran.err().lines())
        .containsExactly(
            "lab: observer 'trace' needs root: it creates a tracefs instance for the"
                + " sock:inet_sock_set_state tracepoint; run lab as root, or use --observer auto"
                + " (netlink, no root needed)");
    assertThat(ran.out()).isEmpty();
  }

  @Test
  void privateNetworkCannotRunAndSaysWhyBeforeAnythingRuns() throws Exception {
    Ran ran = lab("run", "handshake-demo", "--private-network", "--port", "0");

    assertThat(ran.exit()).as("exit status; stderr: %s", ran.err()).isEqualTo(ExitCode.CANNOT_RUN);
    assertThat(ran.err().lines())
        .containsExactly(
            "lab: --private-network: the lab makes its private network namespace with"
                + " unshare(CLONE_NEWNET) in its own process, which needs root (CAP_SYS_ADMIN);"
                + " without root, run lab in a user namespace of its own: unshare -Ur lab run"
                + " ...");
    assertThat(ran.out()).isEmpty();
  }

  /**
   * A machine without net-tools, as many are: said before the run, where the run used to start and
   * end at its first snapshot in the JDK's words ({@code Cannot run program "netstat": ...}).
   */
  @Test
  void netstatAskedForWhereThereIsNoneSaysSoBeforeTheRun() throws Exception {
    Path noNetstat = Files.createDirectories(dir.resolve("bin"));

    Ran ran =
        labWithPath(
            noNetstat.toString(), "run", "handshake-demo", "--observer", "netstat", "--port", "0");

    assertThat(ran.exit()).as("exit status; stderr: %s", ran.err()).isEqualTo(ExitCode.CANNOT_RUN);
    assertThat(ran.err().lines())
        .containsExactly(
            "lab: observer 'netstat' is not available: no netstat on PATH (Debian and Ubuntu:"
                + " apt-get install net-tools)");
    assertThat(ran.out()).isEmpty();
  }

  private record Ran(int exit, String out, String err) {}

  private Ran lab(String... args) throws Exception {
    return labWithPath(null, args);
  }

  /** {@code lab args} with {@code PATH} set to {@code path}, or left as it is when null. */
  private Ran labWithPath(String path, String... args) throws Exception {
    List<String> command =
        asNobody(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-UsePerfData",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            MODULE.resolve("target/classes")
                + File.pathSeparator
                + MODULE.resolve("target/lib").resolve("*"),
            "dev.jnc.lab.Lab");
    command.addAll(List.of(args));
    Path stdout = dir.resolve("out");
    Path stderr = dir.resolve("err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(MODULE.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (path != null) {
      builder.environment().put("PATH", path);
    }
    Process lab = builder.start();
    try {
      assertThat(lab.waitFor(60, TimeUnit.SECONDS)).as("lab finished").isTrue();
      return new Ran(
          lab.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      lab.destroyForcibly();
    }
  }

  /** {@code command} as the user nobody when we are root; as it is otherwise. */
  private static List<String> asNobody(String... command) throws Exception {
    List<String> line = new ArrayList<>();
    if (runningAsRoot()) {
      line.addAll(
          List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    line.addAll(List.of(command));
    return line;
  }

  private static boolean runningAsRoot() throws Exception {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }
}
