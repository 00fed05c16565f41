package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.ClassInitLog;
import dev.jnc.cli.testing.Launcher;
import java.io.OutputStream;
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
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code bin/jnc} exchange finds the JDK's socket events, which its AOT cache cannot hold,
 * already loaded by the warm-up thread. Until the test types a line and its peer answers, jnc has
 * neither written nor read its socket: whoever loaded the events by then was not the relay.
 */
@Timeout(60)
@EnabledOnOs(OS.LINUX)
class SocketEventWarmUpIT {

  private static final String WRITE_EVENT = "'jdk/internal/event/SocketWriteEvent'";
  private static final String READ_EVENT = "'jdk/internal/event/SocketReadEvent'";

  @TempDir Path dir;

  @Test
  void theWarmUpThreadLoadsTheSocketEventsBeforeTheFirstSendAndReceive() throws Exception {
    Launcher.ensureBuilt();
    Path initLog = dir.resolve("init.log");
    Path out = dir.resolve("out");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProcessBuilder builder =
          new ProcessBuilder(Launcher.jnc("127.0.0.1", String.valueOf(server.getLocalPort())))
              .redirectOutput(out.toFile())
              .redirectError(dir.resolve("err").toFile());
      ClassInitLog.logTo(builder, initLog);
      Process jnc = builder.start();
      try (Socket peer = server.accept()) {
        await("the socket events to be loaded")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    ClassInitLog.initialisedBy(initLog, WRITE_EVENT) != null
                        && ClassInitLog.initialisedBy(initLog, READ_EVENT) != null);
        try (OutputStream stdin = jnc.getOutputStream()) {
          stdin.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(peer.getInputStream().readAllBytes()).asString().isEqualTo("hello\n");
        peer.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
      } finally {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jnc.destroyForcibly();
      }
      assertThat(jnc.exitValue()).isZero();
    }
    assertThat(Files.readString(out)).isEqualTo("bye\n");
    assertThat(ClassInitLog.initialisedBy(initLog, WRITE_EVENT)).isEqualTo("jnc-warm-up");
    assertThat(ClassInitLog.initialisedBy(initLog, READ_EVENT)).isEqualTo("jnc-warm-up");
  }
}
