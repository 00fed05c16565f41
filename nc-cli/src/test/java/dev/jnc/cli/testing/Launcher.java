package dev.jnc.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code bin/jnc} of this worktree, started as a process. */
public final class Launcher {

  /** A cold {@code bin/jnc} may build the whole project first; later starts take about a second. */
  private static final Duration FIRST_START_BOUND = Duration.ofMinutes(10);

  /** Maven runs tests in the module folder; the launchers live one level up. */
  public static final Path ROOT =
      Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

  public static final Path JNC = ROOT.resolve("bin/jnc");

  private static boolean ready;

  private Launcher() {}

  /**
   * Runs {@code bin/jnc -h} once per JVM, so that a build the launcher finds stale happens here,
   * under a generous bound, and not inside a test with a tight one.
   */
  public static synchronized void ensureBuilt() throws IOException, InterruptedException {
    if (ready) {
      return;
    }
    assertThat(JNC).as("the launcher").isExecutable();
    try (RunningProcess help = RunningProcess.start(command(JNC, "-h"), null, null)) {
      assertThat(help.waitForExit(FIRST_START_BOUND)).as("exit status of bin/jnc -h").isZero();
    }
    ready = true;
  }

  /** A {@code bin/jnc} command line. */
  public static List<String> jnc(String... args) {
    return command(JNC, args);
  }

  /** Any command found on the PATH, such as {@code nc.openbsd}. */
  public static List<String> command(Object program, String... args) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * {@code session}, a shell command line, run by {@code script(1)} on a pseudo-terminal of its
   * own, its output and errors on the returned process's stdout.
   */
  public static Process underScript(String session) throws IOException {
    return new ProcessBuilder("script", "-qec", session, "/dev/null")
        .redirectInput(new File("/dev/null"))
        .redirectErrorStream(true)
        .start();
  }

  /** Whether {@code program} is installed, for tests that need a peer from the system. */
  public static boolean installed(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
