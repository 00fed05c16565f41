package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -l -p port host port}: a stranger is refused with nc 1.10's words, and jnc, unlike nc
 * 1.10, goes on listening for the peer it admits.
 */
@Timeout(60)
class ListenFilterCommandTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void strangerIsRefusedInTraditionalsWordsAndListeningGoesOn() throws Exception {
    List<String> trad = traditionalRefusal();

    try (SocketChannel admitted = SocketChannel.open();
        SocketChannel stranger = SocketChannel.open()) {
      admitted.bind(new InetSocketAddress(LOOPBACK, 0));
      int admittedPort = port(admitted.getLocalAddress());
      int listenPort = freePort();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CompletableFuture<Integer> exit =
          runInBackground(
              err,
              "-v",
              "-l",
              "-p",
              Integer.toString(listenPort),
              "127.0.0.1",
              Integer.toString(admittedPort));
      InetSocketAddress server = new InetSocketAddress(LOOPBACK, listenPort);
      await("jnc listening").atMost(Duration.ofSeconds(10)).until(() -> lines(err).size() >= 2);

      stranger.connect(server);
      int strangerPort = port(stranger.getLocalAddress());
      await("refusal reported").atMost(Duration.ofSeconds(10)).until(() -> lines(err).size() >= 3);
      admitted.connect(server);
      admitted.shutdownOutput();
      assertThat(admitted.socket().getInputStream().read()).isEqualTo(-1);

      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
      List<String> ours = lines(err);
      assertThat(ours.get(0)).isEqualTo("listening on [any] " + listenPort + " ...");
      // jnc's own line about every interface, which nc.traditional does not print.
      assertThat(ours.get(1)).startsWith("jnc: [any] is every interface: ");
      assertThat(ours.get(2))
          .isEqualTo(trad.get(1).replaceAll("\\d+$", Integer.toString(strangerPort)));
      assertThat(ours.get(3))
          .startsWith("connect to [127.0.0.1] from ")
          .endsWith(" " + admittedPort);
    }
  }

  /** nc.traditional's lines for a stranger; it exits 1 after it. */
  private static List<String> traditionalRefusal() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PeerResult.TRADITIONAL)), "nc.traditional missing");
    int port = freePort();
    Process trad =
        new ProcessBuilder(
                PeerResult.TRADITIONAL, "-v", "-l", "-p", Integer.toString(port), "127.0.0.1", "1")
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(trad.getErrorStream(), StandardCharsets.UTF_8))) {
      String listening = err.readLine();
      assertThat(listening).isEqualTo("listening on [any] " + port + " ...");
      try (SocketChannel stranger = SocketChannel.open(new InetSocketAddress(LOOPBACK, port))) {
        String refusal = err.readLine();
        assertThat(refusal).endsWith(" " + port(stranger.getLocalAddress()));
        assertThat(trad.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(trad.exitValue()).isEqualTo(1);
        return List.of(listening, refusal);
      }
    } finally {
      trad.destroyForcibly();
    }
  }

  private static CompletableFuture<Integer> runInBackground(
      ByteArrayOutputStream err, String... args) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("test-jnc-listener")
        .daemon()
        .start(
            () -> {
              try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                exit.complete(
                    Jnc.run(
                        Channels.newChannel(new ByteArrayInputStream(new byte[0])),
                        Channels.newChannel(new ByteArrayOutputStream()),
                        errStream,
                        false,
                        args));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              }
            });
    return exit;
  }

  private static List<String> lines(ByteArrayOutputStream err) {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static int port(java.net.SocketAddress address) {
    return ((InetSocketAddress) address).getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(LOOPBACK, 0));
      return port(probe.getLocalAddress());
    }
  }
}
