package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code -L -e}: every client in turn gets a program of its own, and all of its output. */
@Timeout(60)
class ListenHarderProgramIT {

  @Test
  void eachClientGetsTheWholeOutputOfItsOwnProgram() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(
            Launcher.jnc(
                "-v",
                "-L",
                "-s",
                "127.0.0.1",
                "-p",
                "0",
                "-e",
                "/bin/sh -c 'echo served; echo bye'"),
            null,
            null)) {
      int port = jnc.awaitListeningPort(Duration.ofSeconds(30));

      for (int client = 0; client < 3; client++) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
          socket.shutdownOutput();
          InputStream in = socket.getInputStream();
          assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
              .as("client %d", client)
              .isEqualTo("served\nbye\n");
        }
      }
      assertThat(jnc.isAlive()).as("-L listens on after the last client").isTrue();
    }
  }
}
