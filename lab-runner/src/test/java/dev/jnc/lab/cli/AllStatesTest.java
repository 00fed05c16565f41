package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lab run all-states}, many times in a row, unprivileged recipes only: twenty runs with
 * netlink, the observer an ordinary user gets, and ten with {@code auto}, which is the trace when
 * the suite runs as root (as in CI). Measured here: about 0.8 s a netlink run, 1 s a traced one.
 */
class AllStatesTest {

  @Test
  @Timeout(300)
  void allElevenStatesAreObservedInTwentyConsecutiveNetlinkRuns() {
    runConsecutively(20, "netlink");
  }

  @Test
  @Timeout(120)
  void allElevenStatesAreObservedInTenConsecutiveRunsOfTheAutomaticChoice() {
    runConsecutively(10, "auto");
  }

  /** A port taken by the sixth part (reset) stops all-states before its first part runs. */
  @Test
  @Timeout(60)
  void aTakenPortOfALaterPartIsRefusedBeforeTheFirstPartRuns() throws Exception {
    try (ServerSocketChannel squatter = listenerBelowTheEphemeralRange()) {
      int taken = ((InetSocketAddress) squatter.getLocalAddress()).getPort();
      Run run = allStates(String.valueOf(taken - 5), "netlink");

      assertThat(run.status()).isEqualTo(ExitCode.CANNOT_RUN);
      assertThat(run.err())
          .startsWith("lab: cannot listen on 127.0.0.1:" + taken + " for reset (")
          .contains("choose other ports with --port");
      assertThat(run.out()).doesNotContain("lab run ");
    }
  }

  /**
   * A listener on a port under Linux's ephemeral range, so that the five ports below it are not
   * some other test's client ports.
   */
  private static ServerSocketChannel listenerBelowTheEphemeralRange() throws IOException {
    IOException last = null;
    for (int port = 20_000 + (int) (ProcessHandle.current().pid() % 9_000), tries = 0;
        tries < 50;
        port += 7, tries++) {
      ServerSocketChannel channel = ServerSocketChannel.open();
      try {
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return channel;
      } catch (IOException e) {
        channel.close();
        last = e;
      }
    }
    throw last;
  }

  private static void runConsecutively(int runs, String observer) {
    for (int run = 1; run <= runs; run++) {
      Run result = allStates("0", observer);

      String text = result.out();
      assertThat(result.status()).as("%s run %d: %s", observer, run, result.err()).isZero();
      assertThat(text).as("%s run %d", observer, run).startsWith("observer: ");
      if (!observer.equals("auto")) {
        assertThat(text).startsWith("observer: " + observer + " ");
      }
      assertThat(text.lines().filter(l -> l.startsWith("  [x] ")))
          .as("%s run %d", observer, run)
          .hasSize(11);
      assertThat(text).contains("lab: all-states passed: all 11 states observed");
    }
  }

  private record Run(int status, String out, String err) {}

  private static Run allStates(String port, String observer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Lab.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "run",
            "all-states",
            "--port",
            port,
            "--observer",
            observer);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
