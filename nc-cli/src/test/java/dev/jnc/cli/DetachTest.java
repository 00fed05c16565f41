package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code -d}: the command returns at once and a background jnc keeps listening. */
@Timeout(60)
class DetachTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void detachedListenerAcceptsAfterTheParentHasExited() throws IOException {
    int port = freePort();
    JncResult parent =
        JncResult.run("-d", "-v", "-l", "-s", "127.0.0.1", "-p", Integer.toString(port));
    Optional<ProcessHandle> child = detachedCopy(parent);
    try {
      assertThat(parent.exit()).isZero();
      // The copy's own -v line, passed on until it listens, then the caller's.
      assertThat(parent.err())
          .containsExactly(
              "listening on [127.0.0.1] " + port + " ...",
              "jnc: detached, pid " + child.orElseThrow().pid());
      InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
      SocketChannel connection =
          await("detached jnc listening on " + port)
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(() -> SocketChannel.open(address), SocketChannel::isConnected);
      try (connection) {
        // The child's stdin is the null device: it has nothing to send, so its FIN comes at once.
        assertThat(connection.socket().getInputStream().read()).isEqualTo(-1);
      }
      await("detached jnc exits after its one connection")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !child.get().isAlive());
    } finally {
      child.ifPresent(ProcessHandle::destroy);
    }
  }

  /**
   * A copy that fails at once is heard, with its status: the caller said "detached" and exited 0
   * while nothing listened.
   */
  @Test
  void aCopyThatCannotListenEndsTheCallerWithItsMessageAndStatus() throws IOException {
    try (ServerSocketChannel taken = ServerSocketChannel.open()) {
      taken.bind(new InetSocketAddress(LOOPBACK, 0));
      int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();

      JncResult parent =
          JncResult.run("-d", "-v", "-l", "-s", "127.0.0.1", "-p", Integer.toString(port));

      assertThat(parent.exit()).isEqualTo(ExitCode.NETWORK);
      assertThat(parent.err()).noneMatch(line -> line.startsWith("jnc: detached"));
      assertThat(String.join("\n", parent.err())).contains("Address already in use");
    }
  }

  /** With {@code -v}, the port a {@code -p 0} listener got is shown before the caller returns. */
  @Test
  void aDetachedListenerOnAnyPortTellsWhichItGot() throws IOException {
    JncResult parent = JncResult.run("-d", "-v", "-l", "-s", "127.0.0.1", "-p", "0");
    Optional<ProcessHandle> child = detachedCopy(parent);
    try {
      assertThat(parent.exit()).isZero();
      Matcher listening =
          Pattern.compile("listening on \\[127\\.0\\.0\\.1\\] (\\d+) \\.\\.\\.")
              .matcher(parent.err().getFirst());
      assertThat(listening.matches()).as(parent.err().getFirst()).isTrue();
      int port = Integer.parseInt(listening.group(1));
      try (SocketChannel connection = SocketChannel.open(new InetSocketAddress(LOOPBACK, port))) {
        assertThat(connection.socket().getInputStream().read()).isEqualTo(-1);
      }
    } finally {
      child.ifPresent(ProcessHandle::destroy);
    }
  }

  /** The checks a run makes before the network are made before detaching, and heard. */
  @Test
  void usageErrorsComeBeforeDetachingWithTheirExitStatus() {
    JncResult program = JncResult.run("-d", "-e", "/no/such/program", "127.0.0.1", "9");
    JncResult name = JncResult.run("-d", "-n", "localhost", "9");
    JncResult dump = JncResult.run("-d", "-o", "/no/such/folder/dump", "127.0.0.1", "9");

    assertThat(program.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(program.err())
        .containsExactly("jnc: cannot run /no/such/program: No such file or directory", Jnc.HINT);
    assertThat(name.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(name.err()).doesNotContain("jnc: detached").hasSize(2);
    assertThat(dump.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(dump.err().getFirst())
        .startsWith("jnc: cannot write hex dump to /no/such/folder/dump");
  }

  /** The copy the caller names on its last line, so that a failed check cannot leave it running. */
  private static Optional<ProcessHandle> detachedCopy(JncResult parent) {
    Matcher pid =
        Pattern.compile("jnc: detached, pid (\\d+)")
            .matcher(parent.err().isEmpty() ? "" : parent.err().getLast());
    return pid.matches() ? ProcessHandle.of(Long.parseLong(pid.group(1))) : Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(LOOPBACK, 0));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }
}
