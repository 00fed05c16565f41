package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.ClassInitLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs that end as {@link Jnc#main} does, with threads of each kind still waiting: each ends,
 * with its status, and the class-initialisation log tells whether it went through {@link
 * System#exit} (whose log readies the JDK's logger) or returned from main.
 */
@Timeout(60)
class MainExitTest {

  private static final String EXIT_LOGGER = "'jdk/internal/logger/BootstrapLogger'";

  /** Status 0 with a daemon and a virtual thread waiting for ever. */
  public static final class DaemonsWaiting {
    public static void main(String[] args) {
      Thread.ofPlatform().daemon().start(MainExitTest::waitForEver);
      Thread.ofVirtual().start(MainExitTest::waitForEver);
      MainExit.end(0);
    }
  }

  /** Status 0 with a thread that is no daemon waiting for ever, in a group below main's. */
  public static final class ThreadThatIsNoDaemonWaiting {
    public static void main(String[] args) {
      ThreadGroup group = new ThreadGroup(new ThreadGroup("outer"), "inner");
      new Thread(group, MainExitTest::waitForEver, "not-a-daemon").start();
      MainExit.end(0);
    }
  }

  /** A run that failed, with nothing else running. */
  public static final class Failure {
    public static void main(String[] args) {
      MainExit.end(ExitCode.NETWORK);
    }
  }

  @TempDir Path dir;

  @Test
  void statusZeroWithOnlyDaemonsLeftReturnsFromMain() throws Exception {
    Path log = dir.resolve("init.log");
    assertThat(run(DaemonsWaiting.class, log)).isZero();
    assertThat(ClassInitLog.initialisedBy(log, EXIT_LOGGER)).isNull();
  }

  @Test
  void aThreadThatIsNoDaemonLeftRunningIsEndedBySystemExit() throws Exception {
    Path log = dir.resolve("init.log");
    assertThat(run(ThreadThatIsNoDaemonWaiting.class, log)).isZero();
    assertThat(ClassInitLog.initialisedBy(log, EXIT_LOGGER)).isEqualTo("main");
  }

  @Test
  void aFailureEndsThroughSystemExitWithItsStatus() throws Exception {
    Path log = dir.resolve("init.log");
    assertThat(run(Failure.class, log)).isEqualTo(ExitCode.NETWORK);
    assertThat(ClassInitLog.initialisedBy(log, EXIT_LOGGER)).isEqualTo("main");
  }

  /** Runs {@code main} in a JVM of its own and returns its exit status once it has ended. */
  private static int run(Class<?> main, Path initLog) throws IOException, InterruptedException {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                javaBinary.toString(),
                "-Xshare:auto",
                "-Xlog:class+init=info:file=" + initLog,
                "-cp",
                System.getProperty("java.class.path"),
                main.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process ended").isTrue();
      return process.exitValue();
    } finally {
      process.destroyForcibly();
    }
  }

  private static void waitForEver() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
