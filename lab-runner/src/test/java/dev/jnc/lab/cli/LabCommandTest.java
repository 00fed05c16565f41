package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.lab.Lab;
import dev.jnc.lab.scenario.PrivateNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LabCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int lab(String... args) {
    return Lab.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  void listNamesHandshakeDemoAndItsStates() {
    assertThat(lab("list")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("handshake-demo")
        .contains("LISTENING, ESTABLISHED, TIME_WAIT");
  }

  @Test
  void unknownScenarioIsAUsageError() {
    assertThat(lab("run", "no-such-thing")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "lab: unknown scenario 'no-such-thing'; 'lab list' shows them all",
            "Try 'lab --help' for more information.");
  }

  @Test
  void badPortIsAUsageError() {
    assertThat(lab("run", "handshake-demo", "--port", "70000")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("lab: invalid port 70000");
  }

  @Test
  void unknownObserverIsAUsageError() {
    assertThat(lab("run", "handshake-demo", "--observer", "psychic")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown observer 'psychic'");
  }

  @Test
  void runPrintsTheSeedsThreeStatesAndPasses() {
    assertThat(lab("run", "handshake-demo", "--port", "0")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("LISTENING")
        .contains("ESTABLISHED")
        .contains("TIME_WAIT")
        .contains("lab: handshake-demo passed");
  }

  @Test
  void privateNetworkRunsTheDemoInANamespaceWithItsOwnSocketTable() {
    assumeThat(PrivateNetwork.unavailableReason()).as("private network namespace").isEmpty();
    assumeThat(Files.isWritable(Path.of("/proc/sys/net/ipv4/tcp_child_ehash_entries")))
        .as("Linux 6.1+, /proc/sys writable")
        .isTrue();

    assertThat(lab("run", "handshake-demo", "--private-network", "--observer", "netlink"))
        .isEqualTo(ExitCode.OK);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("on 127.0.0.1:6666 (in a private network namespace: its own loopback and a")
        .contains("socket table of 4096 buckets)")
        .contains("LISTENING")
        .contains("TIME_WAIT")
        .contains("lab: handshake-demo passed");
  }

  @Test
  void linuxNamesAreUsedWhenAskedFor() {
    assertThat(lab("run", "handshake-demo", "--port", "0", "--names", "linux"))
        .isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("LISTEN ")
        .contains("ESTAB")
        .contains("TIME-WAIT")
        .contains("> ss -tan | grep :")
        .doesNotContain("find \"");
  }

  @Test
  void aBusyPortCannotRunAndSaysWhichPort() throws Exception {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    try (ServerSocket squatter = new ServerSocket(0, 1, loopback)) {
      int busy = squatter.getLocalPort();

      assertThat(lab("run", "handshake-demo", "--port", String.valueOf(busy)))
          .isEqualTo(ExitCode.CANNOT_RUN);

      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .containsExactly(
              "lab: cannot listen on 127.0.0.1:"
                  + busy
                  + " (Address already in use); choose another port with --port");
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("passed");
    }
  }

  /** closed binds where the others listen: its busy port is told the same way. */
  @Test
  void aBusyPortForABoundSocketSaysWhichPortToo() throws Exception {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    try (ServerSocket squatter = new ServerSocket(0, 1, loopback)) {
      int busy = squatter.getLocalPort();
      int status = lab("run", "closed", "--observer", "netlink", "--port", String.valueOf(busy));
      assumeTrue(
          !err.toString(StandardCharsets.UTF_8).contains("cannot show CLOSED"),
          "netlink lists bound sockets on Linux 6.5+");

      assertThat(status).isEqualTo(ExitCode.CANNOT_RUN);
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .containsExactly(
              "lab: cannot bind 127.0.0.1:"
                  + busy
                  + " (Address already in use); choose another port with --port");
    }
  }

  @Test
  void closedWithAnObserverBlindToBoundSocketsFailsBeforeItStarts() {
    assertThat(lab("run", "closed", "--observer", "proc", "--port", "0"))
        .isEqualTo(ExitCode.CANNOT_RUN);

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "lab: closed cannot show CLOSED here: /proc/net/tcp never lists a socket that is only"
                + " bound; --observer netlink lists such sockets on Linux 6.5+; reset,"
                + " passive-close and last-ack show CLOSED as a socket leaving the table");
    // Refused up front: no step ran, nothing waited.
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("observer: proc")
        .doesNotContain("lab run closed");
  }

  /** A reader who types the command shown would not see the row: the run says so under it. */
  @Test
  void aClosedRowSaysThatTheCommandShownDoesNotListIt() {
    int status = lab("run", "closed", "--observer", "netlink", "--port", "0");
    assumeTrue(status != ExitCode.CANNOT_RUN, "netlink lists bound sockets on Linux 6.5+");

    assertThat(status).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "CLOSED\n"
                + "           (the CLOSED row is a socket that is bound and nothing more: netstat"
                + " and ss -tan do not list it; the lab asked the kernel for it over netlink)\n");
  }

  /** passive-close connects with a small receive buffer of its own, and still says so. */
  @Test
  void aClientWithItsOwnReceiveBufferSaysItConnected() {
    assertThat(lab("run", "passive-close", "--port", "0")).isEqualTo(ExitCode.OK);

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .anyMatch(
            l -> l.matches(" +client: connected 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:\\d+"));
  }

  /** reset promises CLOSED, which a polled socket reaches by leaving the table. */
  @Test
  void theObservedLineListsStatesNotAPathAndNamesAPromisedClosed() {
    assertThat(lab("run", "reset", "--port", "0", "--observer", "netlink")).isEqualTo(ExitCode.OK);

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(l -> l.startsWith("Observed"))
        .singleElement()
        .asString()
        .startsWith("Observed, each state once, first seen first: ")
        .contains("LISTENING", "ESTABLISHED")
        .endsWith(", CLOSED (left the table)")
        .doesNotContain(" -> ");
  }

  @Test
  void historiesGiveEachStatesStartAndTimeSpentInIt() {
    assertThat(lab("run", "handshake-demo", "--port", "0")).isEqualTo(ExitCode.OK);

    List<String> histories =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .dropWhile(l -> !l.startsWith("Per socket"))
            .takeWhile(l -> !l.startsWith("Observed,"))
            .toList();
    String time = "\\[\\+\\d+\\.\\d ms\\] ";
    String spent = " \\(\\d+\\.\\d ms\\) -> ";
    assertThat(histories.getFirst())
        .isEqualTo("Per socket, as sampled ([+start ms] STATE (ms in it)):");
    assertThat(histories)
        .anyMatch(l -> l.matches(".*  " + time + "LISTENING" + spent + time + "gone \\(CLOSED\\)"))
        .anyMatch(
            l ->
                l.matches(
                    ".* "
                        + time
                        + "ESTABLISHED"
                        + spent
                        // The trace also sees FIN_WAIT_1 and FIN_WAIT_2 pass.
                        + "("
                        + time
                        + "[A-Z_0-9]+"
                        + spent
                        + ")*"
                        + time
                        + "TIME_WAIT"));
  }

  /**
   * The steps' margin and the per-socket lines count from the same start: the listener is first
   * seen after step 1 made it and no later than the snapshot of step 2, which polls for it.
   */
  @Test
  void stepsAndSocketLinesShareOneTimeOrigin() {
    assertThat(lab("run", "handshake-demo", "--port", "0")).isEqualTo(ExitCode.OK);

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    double listens = margin(lines, " 1. server listens");
    double connects = margin(lines, " 3. client connects to server");
    Matcher listening =
        Pattern.compile("\\[\\+(\\d+\\.\\d) ms\\] LISTENING")
            .matcher(
                lines.stream().filter(l -> l.contains("] LISTENING")).findFirst().orElseThrow());
    assertThat(listening.find()).isTrue();
    assertThat(Double.parseDouble(listening.group(1))).isBetween(listens - 0.1, connects + 0.1);
  }

  /** The milliseconds in the left margin of the step line that ends with {@code step}. */
  private static double margin(List<String> lines, String step) {
    String line = lines.stream().filter(l -> l.endsWith(step)).findFirst().orElseThrow();
    return Double.parseDouble(line.substring(0, line.indexOf("ms")).trim());
  }

  @Test
  void allStatesWithProcSaysHowItShowsClosedAndStillSeesAllEleven() {
    assertThat(lab("run", "all-states", "--observer", "proc", "--port", "0"))
        .as(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(ExitCode.OK);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines())
        .contains(
            "CLOSED: /proc/net/tcp never lists a socket that is only bound, so all-states skips"
                + " closed and shows CLOSED as the moment a socket leaves the table");
    assertThat(text).doesNotContain("lab run closed");
    assertThat(text.lines().filter(l -> l.startsWith("  [x] CLOSED ")))
        .singleElement()
        .satisfies(l -> assertThat(l).endsWith("(left the table)"));
    assertThat(text).contains("lab: all-states passed: all 11 states observed");
  }
}
