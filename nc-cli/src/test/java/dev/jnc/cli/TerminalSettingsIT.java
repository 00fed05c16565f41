package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The terminal jnc edited lines on is handed back with every setting it had, not only its modes.
 */
class TerminalSettingsIT {

  @Test
  @Timeout(90)
  void theTerminalKeepsItsLineSpeed() throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    Launcher.ensureBuilt();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      String session =
          "stty 38400 >/dev/null; "
              + Launcher.JNC
              + " 127.0.0.1 "
              + port
              + "; echo \"after: $(stty speed)\"";
      Process script =
          new ProcessBuilder("script", "-qec", session, "/dev/null")
              .redirectInput(new File("/dev/null"))
              .redirectErrorStream(true)
              .start();
      try (SocketChannel peer = server.accept()) {
        // Closing at once ends jnc's run once the editor is up.
      }
      String screen = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // JLine 3.30.6 alone leaves "speed 0 baud", which hangs up a serial line.
      assertThat(screen).contains("after: 38400");
    }
  }
}
