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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab run --observer trace} by a user who may not trace: a real process, unprivileged for
 * real. CI runs as root, so the test drops to {@code nobody} with {@code setpriv}; the class path
 * is the module's own build output, which {@code nobody} can read (the Maven repository under
 * root's home it cannot).
 */
@Timeout(120)
class TraceWithoutRootIT {

  private static final Path MODULE = Path.of(System.getProperty("user.dir"));
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final String NOBODY = "65534";

  @TempDir Path dir;

  @Test
  void traceWithoutRootCannotRunAndSaysWhatIsMissing() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only: the trace is Linux's");
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      assumeTrue(Files.isExecutable(SETPRIV), "no setpriv to drop root with");
      command.addAll(
          List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:-UsePerfData",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            MODULE.resolve("target/classes")
                + File.pathSeparator
                + MODULE.resolve("target/lib").resolve("*"),
            "dev.jnc.lab.Lab",
            "run",
            "handshake-demo",
            "--observer",
            "trace",
            "--port",
            "0"));
    Path stdout = dir.resolve("out");
    Path stderr = dir.resolve("err");
    Process lab =
        new ProcessBuilder(command)
            .directory(MODULE.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertThat(lab.waitFor(60, TimeUnit.SECONDS)).as("lab finished").isTrue();
      String err = Files.readString(stderr, StandardCharsets.UTF_8);

      assertThat(lab.exitValue()).as("exit status; stderr: %s", err).isEqualTo(ExitCode.CANNOT_RUN);
      assertThat(err.lines())
          .containsExactly(
              "lab: observer 'trace' needs root: it creates a tracefs instance for the"
                  + " sock:inet_sock_set_state tracepoint; run lab as root, or use --observer auto"
                  + " (netlink, no root needed)");
      assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).isEmpty();
    } finally {
      lab.destroyForcibly();
    }
  }

  private static boolean runningAsRoot() throws Exception {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }
}
