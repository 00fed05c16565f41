package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pseudo-terminal whose size was never set says it has 0 columns, as one {@code script} makes
 * when it runs from a pipe: the line editor must still draw a usable line and give the terminal its
 * modes back at the end.
 */
class ZeroSizeTerminalIT {

  @Test
  @Timeout(90)
  void theLineEditorGivesTheTerminalBackWhenThePeerCloses() throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    Launcher.ensureBuilt();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Process script = Launcher.underScript(Launcher.JNC + " 127.0.0.1 " + port);
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      script.getInputStream().transferTo(output);
                    } catch (IOException e) {
                      // The session's end closes the stream.
                    }
                  });
      try (SocketChannel peer = server.accept()) {
        // The peer closes once the editor is up (keypad mode on): closed earlier, the run could
        // end before the editor ever started, with nothing to give back.
        await("the line editor")
            .atMost(Duration.ofSeconds(20))
            .until(() -> screen(output).contains("\u001b[?1h"));
        peer.write(ByteBuffer.wrap("hi from the peer\n".getBytes(StandardCharsets.US_ASCII)));
      }

      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(Duration.ofSeconds(10));
      String screen = screen(output);
      assertThat(screen)
          .contains("hi from the peer")
          .doesNotContain(">....")
          // Keypad mode turned off again: the editor finished and restored the terminal.
          .contains("\u001b[?1l\u001b>")
          // Bracketed paste is never turned on: a pasted block goes out line by line.
          .doesNotContain("\u001b[?2004h");
    }
  }

  private static String screen(ByteArrayOutputStream output) {
    return output.toString(StandardCharsets.UTF_8);
  }
}
