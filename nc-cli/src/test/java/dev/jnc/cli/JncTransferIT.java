package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk data both ways at once between two real {@code bin/jnc} processes. Their stdin and stdout
 * are the files themselves, so the data path is byte for byte with no test thread in between.
 */
class JncTransferIT {

  private static final Pattern JNC_LISTENING =
      Pattern.compile("listening on \\[any\\] (\\d+) \\.\\.\\.");
  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(90);
  private static final long JNC_SIZE = 64L * 1024 * 1024;

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(180)
  void jncListenerAndJncClientMoveSixtyFourMebibytesEachWay() throws Exception {
    Transfer transfer = new Transfer(dir, JNC_SIZE);

    try (RunningProcess listener =
        RunningProcess.start(
            Launcher.jnc("-l", "-p", "0", "-v"), transfer.listenerIn, transfer.listenerOut)) {
      String port = listener.awaitStderr(JNC_LISTENING, READY_BOUND).group(1);
      try (RunningProcess client =
          RunningProcess.start(
              Launcher.jnc("127.0.0.1", port), transfer.clientIn, transfer.clientOut)) {
        assertThat(client.waitForExit(RUN_BOUND)).as("client exit status").isZero();
        assertThat(client.stderrLines()).isEmpty();
      }
      assertThat(listener.waitForExit(RUN_BOUND)).as("listener exit status").isZero();
      assertThat(listener.stderrLines())
          .satisfiesExactly(
              line -> assertThat(line).isEqualTo("listening on [any] " + port + " ..."),
              line -> assertThat(line).startsWith("jnc: [any] is every interface: "),
              line ->
                  assertThat(line)
                      .matches(
                          "connect to \\[127\\.0\\.0\\.1\\] from \\S+ \\[127\\.0\\.0\\.1\\] \\d+"),
              line ->
                  assertThat(line)
                      .matches(
                          "jnc: "
                              + JNC_SIZE
                              + " bytes sent, "
                              + JNC_SIZE
                              + " bytes received in \\d+\\.\\d\\d seconds\\."));
    }
    transfer.assertByteExact();
  }

  /** Input and output files of both ends, and the hashes the inputs were written with. */
  private static final class Transfer {
    final Path listenerIn;
    final Path listenerOut;
    final Path clientIn;
    final Path clientOut;
    final String listenerSent;
    final String clientSent;

    Transfer(Path dir, long size) throws Exception {
      listenerIn = dir.resolve("listener.in");
      listenerOut = dir.resolve("listener.out");
      clientIn = dir.resolve("client.in");
      clientOut = dir.resolve("client.out");
      listenerSent = DataFiles.writeRandom(listenerIn, 1, size);
      clientSent = DataFiles.writeRandom(clientIn, 2, size);
    }

    void assertByteExact() throws Exception {
      assertThat(clientOut).hasSize(listenerIn.toFile().length());
      assertThat(DataFiles.sha256(clientOut)).as("what the client got").isEqualTo(listenerSent);
      assertThat(listenerOut).hasSize(clientIn.toFile().length());
      assertThat(DataFiles.sha256(listenerOut)).as("what the listener got").isEqualTo(clientSent);
    }
  }
}
