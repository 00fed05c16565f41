package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc as a background job whose stdin is the terminal, as {@code timeout} makes it in a script
 * started from one: it may not read the terminal, and a signal still ends it.
 */
class BackgroundJobIT {

  @TempDir Path dir;

  /**
   * Stopped by SIGTTIN at its first read, jnc read again at the SIGCONT that came with timeout's
   * SIGTERM and stopped before its handler ran: the script hung until killed. The peers end there.
   */
  @Test
  @Timeout(90)
  void timeoutEndsABackgroundJncWhoseStdinIsTheTerminal() throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    assumeTrue(Launcher.installed("timeout"), "needs timeout(1)");
    Launcher.ensureBuilt();
    Path received = dir.resolve("received");
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      // timeout runs jnc in a process group of its own: not the terminal's foreground.
      String session =
          "timeout 3 "
              + Launcher.JNC
              + " 127.0.0.1 "
              + port
              + " > '"
              + received
              + "'; echo \"status $?\"";
      Process script = Launcher.underScript(session);
      try (SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        String screen;
        try {
          assertThat(script.waitFor(30, TimeUnit.SECONDS)).as("the session ended").isTrue();
          screen = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
          // A jnc stopped for good would outlive the test: SIGKILL ends it even stopped.
          script.descendants().forEach(ProcessHandle::destroyForcibly);
          script.destroyForcibly();
        }

        assertThat(screen).contains("status 124");
        assertThat(Files.readString(received)).isEqualTo("hello\n");
      }
    }
  }
}
