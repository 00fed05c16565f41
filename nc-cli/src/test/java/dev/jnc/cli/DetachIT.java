package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code -d} through the launcher: the detached copy runs as the JVM the launcher started. */
class DetachIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  /**
   * What a program's child writes after the program exited reaches the peer, detached or not: the
   * detached copy was started without native access, so it had no FIFO for the program's output.
   */
  @Test
  @Timeout(90)
  void aDetachedProgramsChildIsHeardAfterTheProgramExits() throws Exception {
    assertThat(detachedProgramSays("/bin/sh -c '(sleep 0.3; echo late) & echo early'"))
        .isEqualTo("early\nlate\n");
  }

  /**
   * The detached copy's stderr is a pipe to its caller until it runs; after that, what it and its
   * program write there goes to the null device. A shell run by {@code -e} died of SIGPIPE at its
   * first message on stderr, once the caller had exited.
   */
  @Test
  @Timeout(90)
  void aDetachedProgramMayWriteToStderrAfterTheCallerHasGone() throws Exception {
    assertThat(detachedProgramSays("/bin/sh -c 'echo one; echo oops >&2; echo two'"))
        .isEqualTo("one\ntwo\n");
  }

  /**
   * Runs {@code jnc -d -v -l} with {@code program} through the launcher, waits for the caller to
   * exit, then connects, half-closes and returns what the detached copy's program sent.
   */
  private static String detachedProgramSays(String program) throws Exception {
    int port;
    try (ServerSocketChannel probe =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    Optional<ProcessHandle> detached = Optional.empty();
    try (RunningProcess parent =
        RunningProcess.start(
            Launcher.jnc(
                "-d", "-v", "-l", "-s", "127.0.0.1", "-p", Integer.toString(port), "-e", program),
            new File("/dev/null").toPath(),
            null)) {
      Matcher pid = parent.awaitStderr(Pattern.compile("jnc: detached, pid (\\d+)"), BOUND);
      assertThat(parent.waitForExit(BOUND)).isZero();
      detached = ProcessHandle.of(Long.parseLong(pid.group(1)));
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      SocketChannel connection =
          await("the detached jnc listening on " + port)
              .atMost(BOUND)
              .ignoreExceptions()
              .until(() -> SocketChannel.open(address), SocketChannel::isConnected);
      try (connection) {
        connection.shutdownOutput();
        return new String(
            connection.socket().getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      }
    } finally {
      detached.ifPresent(ProcessHandle::destroy);
    }
  }
}
