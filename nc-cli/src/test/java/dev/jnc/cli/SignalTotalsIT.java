package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jnc stopped by a signal in the middle of a connection still tells its totals at {@code -v}, as
 * nc 1.10 does at {@code -vv} ({@code sent 6, rcvd 3} on this machine's nc.traditional).
 */
class SignalTotalsIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void aKilledJncTellsHowFarTheConnectionGot() throws Exception {
    Launcher.ensureBuilt();
    Path stdout = dir.resolve("stdout");
    try (ServerSocketChannel server =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      try (RunningProcess jnc =
          RunningProcess.startWithOpenStdin(
              Launcher.jnc("-vv", "-n", "127.0.0.1", Integer.toString(port)), stdout)) {
        jnc.stdin().write("hello\n".getBytes(StandardCharsets.US_ASCII));
        jnc.stdin().flush();
        try (SocketChannel peer = server.accept()) {
          ByteBuffer hello = ByteBuffer.allocate(6);
          while (hello.hasRemaining() && peer.read(hello) >= 0) {
            // Blocking reads: at most six, each of at least a byte.
          }
          assertThat(hello.hasRemaining()).as("the six bytes arrived").isFalse();
          peer.write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.US_ASCII)));
          await("the reply on jnc's stdout")
              .atMost(BOUND)
              .until(() -> Files.exists(stdout) && Files.readString(stdout).equals("hi\n"));

          ProcessHandle.of(jnc.pid()).orElseThrow().destroy();

          assertThat(jnc.waitForExit(BOUND)).isEqualTo(143);
          assertThat(jnc.stderrLines())
              .anyMatch(
                  Pattern.compile("jnc: 6 bytes sent, 3 bytes received in \\d+\\.\\d\\d seconds\\.")
                      .asMatchPredicate())
              .endsWith(" sent 6, rcvd 3");
        }
      }
    }
  }

  /** A {@code -vv} listener stopped before anyone came tells nc 1.10's zero totals. */
  @Test
  @Timeout(90)
  void aListenerStoppedBeforeAnyConnectionTellsZeroTotals() throws Exception {
    Launcher.ensureBuilt();
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(
            Launcher.jnc("-vv", "-l", "-s", "127.0.0.1", "-p", "0"), null)) {
      jnc.awaitListeningPort(BOUND);

      ProcessHandle.of(jnc.pid()).orElseThrow().destroy();

      assertThat(jnc.waitForExit(BOUND)).isEqualTo(143);
      assertThat(jnc.stderrLines()).endsWith(" sent 0, rcvd 0");
    }
  }

  /**
   * With {@code -e}, the signal also stops the program, whose end ends the connection: the hook and
   * that end both had the totals to tell, and both told them.
   */
  @Test
  @Timeout(90)
  void theTotalsAreToldOnceWhenTheProgramEndsWithTheSignal() throws Exception {
    Launcher.ensureBuilt();
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(
            Launcher.jnc("-vv", "-l", "-s", "127.0.0.1", "-p", "0", "-e", "/bin/cat"), null)) {
      int port = jnc.awaitListeningPort(BOUND);
      try (SocketChannel client =
          SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        client.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer echo = ByteBuffer.allocate(6);
        while (echo.hasRemaining() && client.read(echo) >= 0) {
          // Blocking reads: at most six, each of at least a byte.
        }
        assertThat(echo.hasRemaining()).as("the echo arrived").isFalse();

        ProcessHandle.of(jnc.pid()).orElseThrow().destroy();

        jnc.waitForExit(BOUND);
        assertThat(jnc.stderrLines())
            .filteredOn(l -> l.startsWith("jnc: ") && l.contains(" bytes sent, "))
            .hasSize(1);
        assertThat(jnc.stderrLines()).filteredOn(l -> l.startsWith(" sent ")).hasSize(1);
      }
    }
  }
}
