package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc against OpenBSD netcat ({@code nc.openbsd}, Debian 1.219), each in either role, one direction
 * at a time: 64 MiB of random data each way, compared by SHA-256.
 *
 * <p>One direction at a time because an OpenBSD listener stops sending when the peer's FIN arrives:
 * with both ends sending a file, it drops the unsent rest of its stdin once jnc has sent its FIN
 * (checked on this machine with a plain socket client too). So the receiving end keeps its stdin
 * open and sends nothing. OpenBSD nc needs {@code -N} to send its FIN at stdin EOF.
 */
class OpenBsdInteropIT {

  private static final Pattern JNC_LISTENING =
      Pattern.compile("listening on \\[any\\] (\\d+) \\.\\.\\.");
  private static final Pattern OPENBSD_LISTENING =
      Pattern.compile("Listening on 127\\.0\\.0\\.1 (\\d+)");
  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(60);
  private static final long SIZE = 64L * 1024 * 1024;

  /** One random file for the whole class: the four transfers read it, none writes it. */
  @TempDir static Path shared;

  private static Path sent;
  private static String sentSha;

  @TempDir Path dir;
  private Path received;

  @BeforeAll
  static void buildAndWriteData() throws Exception {
    assumeTrue(Launcher.installed("nc.openbsd"), "nc.openbsd (netcat-openbsd) is installed");
    Launcher.ensureBuilt();
    sent = shared.resolve("sent");
    sentSha = DataFiles.writeRandom(sent, 7, SIZE);
  }

  @BeforeEach
  void receivedFile() {
    received = dir.resolve("received");
  }

  @Test
  @Timeout(120)
  void openBsdListenerSendsToJncClient() throws Exception {
    try (RunningProcess openBsd = openBsdListener(sent, null)) {
      String port = openBsd.awaitStderr(OPENBSD_LISTENING, READY_BOUND).group(1);
      try (RunningProcess jnc =
          RunningProcess.startWithOpenStdin(Launcher.jnc("127.0.0.1", port), received)) {
        // The peer's FIN with our input still open: a pipe ends the run after a short grace.
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
      assertThat(openBsd.waitForExit(RUN_BOUND)).as("nc.openbsd exit status").isZero();
    }
    assertReceivedAll();
  }

  @Test
  @Timeout(120)
  void jncClientSendsToOpenBsdListener() throws Exception {
    try (RunningProcess openBsd = openBsdListener(null, received)) {
      String port = openBsd.awaitStderr(OPENBSD_LISTENING, READY_BOUND).group(1);
      try (RunningProcess jnc = RunningProcess.start(Launcher.jnc("127.0.0.1", port), sent, null)) {
        assertThat(openBsd.waitForExit(RUN_BOUND)).as("nc.openbsd exit status").isZero();
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).isEmpty();
      }
    }
    assertReceivedAll();
  }

  @Test
  @Timeout(120)
  void openBsdClientSendsToJncListener() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(Launcher.jnc("-l", "-p", "0", "-v"), received)) {
      String port = jnc.awaitStderr(JNC_LISTENING, READY_BOUND).group(1);
      try (RunningProcess openBsd =
          RunningProcess.start(
              Launcher.command("nc.openbsd", "-N", "127.0.0.1", port), sent, null)) {
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(openBsd.waitForExit(RUN_BOUND)).as("nc.openbsd exit status").isZero();
      }
    }
    assertReceivedAll();
  }

  @Test
  @Timeout(120)
  void jncListenerSendsToOpenBsdClient() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(Launcher.jnc("-l", "-p", "0", "-v"), sent, null)) {
      String port = jnc.awaitStderr(JNC_LISTENING, READY_BOUND).group(1);
      try (RunningProcess openBsd =
          RunningProcess.startWithOpenStdin(
              Launcher.command("nc.openbsd", "-N", "127.0.0.1", port), received)) {
        // An OpenBSD client stays while its stdin is open, even after jnc's FIN; jnc waits for
        // its FIN in turn. Once all data is there, end OpenBSD's input to close both ends.
        await("all data at the OpenBSD client")
            .atMost(RUN_BOUND)
            .until(() -> Files.size(received) == SIZE);
        openBsd.closeStdin();
        assertThat(openBsd.waitForExit(RUN_BOUND)).as("nc.openbsd exit status").isZero();
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
      }
    }
    assertReceivedAll();
  }

  /** {@code nc.openbsd -l} on 127.0.0.1, port 0: it prints the port it got with {@code -v}. */
  private static RunningProcess openBsdListener(Path stdin, Path stdout) throws Exception {
    var command = Launcher.command("nc.openbsd", "-v", "-n", "-N", "-l", "127.0.0.1", "0");
    return stdin == null
        ? RunningProcess.startWithOpenStdin(command, stdout)
        : RunningProcess.start(command, stdin, stdout);
  }

  private void assertReceivedAll() throws Exception {
    assertThat(received).hasSize(SIZE);
    assertThat(DataFiles.sha256(received)).isEqualTo(sentSha);
  }
}
