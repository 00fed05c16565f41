package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
      Process script = Launcher.underScript(session);
      try (SocketChannel peer = server.accept()) {
        // Closing at once ends jnc's run once the editor is up.
      }
      String screen = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // JLine 3.30.6 alone leaves "speed 0 baud", which hangs up a serial line.
      assertThat(screen).contains("after: 38400");
    }
  }

  /** Not only at the end: while jnc edits lines, the terminal keeps its speed too. */
  @Test
  @Timeout(90)
  void theTerminalKeepsItsLineSpeedWhileLinesAreEdited() throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    Launcher.ensureBuilt();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      String session =
          "stty 38400 >/dev/null; echo \"tty: $(tty)\"; " + Launcher.JNC + " 127.0.0.1 " + port;
      Process script = Launcher.underScript(session);
      BufferedReader screen =
          new BufferedReader(
              new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8));
      String tty = null;
      for (int lines = 0; tty == null && lines < 20; lines++) {
        String line = screen.readLine();
        if (line == null) {
          break;
        }
        if (line.contains("tty: ")) {
          tty = line.substring(line.indexOf("tty: ") + 5).strip();
        }
      }
      assertThat(tty).as("the session's terminal").startsWith("/dev/");
      String terminal = tty;
      try (SocketChannel peer = server.accept()) {
        await("the line editor's raw mode")
            .atMost(Duration.ofSeconds(20))
            .until(() -> stty(terminal, "-a").contains("-icanon"));
        assertThat(stty(terminal, "speed").strip()).isEqualTo("38400");
      }
      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static String stty(String terminal, String what) throws Exception {
    Process stty =
        new ProcessBuilder("stty", "-F", terminal, what).redirectErrorStream(true).start();
    String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(stty.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
