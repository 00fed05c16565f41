package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress} and the {@code -v} summary of the real {@code bin/jnc}. */
@Timeout(60)
class ProgressIT {

  @TempDir Path dir;

  @Test
  void progressIsDrawnInPlaceWhileConnectedThenWipedAndSummarised() throws Exception {
    Launcher.ensureBuilt();
    byte[] data = new byte[100_000];
    Path input = Files.write(dir.resolve("in.bin"), data);
    Path err = dir.resolve("err");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process jnc =
          new ProcessBuilder(
                  Launcher.jnc(
                      "-v", "--progress", "127.0.0.1", String.valueOf(server.getLocalPort())))
              .redirectInput(input.toFile())
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(err.toFile())
              .start();
      try (Socket peer = server.accept()) {
        assertThat(peer.getInputStream().readNBytes(data.length)).hasSize(data.length);
        // The peer stays connected until the progress line shows what was sent.
        await("the progress line")
            .atMost(Duration.ofSeconds(20))
            .until(() -> Files.readString(err).contains("\rjnc: 97.7 KiB sent, 0 B received, "));
        peer.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
      } finally {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jnc.destroyForcibly();
      }
      assertThat(jnc.exitValue()).isZero();
    }
    String text = Files.readString(err, StandardCharsets.UTF_8);
    // Wiped before the summary: spaces over the line, the cursor back at its start.
    assertThat(text).containsPattern("\\r {20,}\\rjnc: 100000 bytes sent, 4 bytes received in ");
    assertThat(text.lines().toList().getLast())
        .matches("jnc: 100000 bytes sent, 4 bytes received in \\d+\\.\\d\\d seconds\\.");
  }
}
