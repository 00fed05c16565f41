package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.lab.observe.MachineFacts;
import dev.jnc.lab.observe.NetlinkObserver;
import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceLeftovers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) or SIGTERM in the middle of {@code bin/lab run}: the process ends and leaves no
 * socket, tracefs instance or child behind.
 */
@Timeout(120)
class StopMidRunIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern INSTANCE = Pattern.compile("tracefs instance (\\S+),");

  @ParameterizedTest(name = "SIG{0} with --observer {1}")
  @CsvSource({"TERM, trace, 143", "INT, trace, 130", "TERM, netlink, 143"})
  void aSignalWhileSocketsAreHeldLeavesNothingBehind(String signal, String observer, int status)
      throws Exception {
    MachineFacts facts = MachineFacts.probe();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        !observer.equals("trace") || (facts.root() && facts.tracefs()), "trace needs root");
    // A process started with SIGINT ignored (a background job of a non-interactive shell, as CI
    // may be) hands that on to its children, and the JVM then leaves SIGINT ignored too.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        signal.equals("INT") && sigintIgnoredHere(), "SIGINT is ignored by this test's process");
    int port = freePort();
    Path stdout = Files.createTempFile("lab", ".out");
    Process lab =
        new ProcessBuilder(
                ROOT.resolve("bin/lab").toString(),
                "run",
                "syn-received",
                "--pause",
                "--port",
                Integer.toString(port),
                "--observer",
                observer)
            .directory(ROOT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (NetlinkObserver netlink = NetlinkObserver.open()) {
      // --pause holds the run at its first snapshot: stdin is a pipe this test never writes to.
      await("lab holds its sockets")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Files.readString(stdout).contains("SYN_RCVD")
                      && netlink.snapshot(port).stream()
                          .anyMatch(r -> r.state() == TcpState.SYN_RECEIVED));
      List<ProcessHandle> children = lab.descendants().toList();

      signal(lab, signal);

      assertThat(lab.waitFor(30, TimeUnit.SECONDS)).as("lab ended").isTrue();
      assertThat(lab.exitValue()).as("killed by SIG%s", signal).isEqualTo(status);
      assertThat(children).as("no child outlives lab").noneMatch(ProcessHandle::isAlive);
      // Aborted sockets leave nothing; sockets merely closed by the exit would linger in
      // FIN_WAIT or TIME_WAIT.
      await("every socket of the run is gone")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(netlink.snapshot(port)).as("sockets left on port %d", port).isEmpty());
      Optional<Path> instance = instanceOf(Files.readString(stdout, StandardCharsets.UTF_8));
      assertThat(instance.isPresent())
          .isEqualTo(observer.equals(ObserverChoice.TRACE.optionValue()));
      if (instance.isPresent()) {
        TraceLeftovers.assertGone(instance.get());
      }
    } finally {
      lab.destroyForcibly();
      Files.deleteIfExists(stdout);
    }
  }

  private static void signal(Process process, String signal) throws Exception {
    if (signal.equals("TERM")) {
      process.destroy();
      return;
    }
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** Bit 2 (SIGINT) of the ignored-signal mask in /proc/self/status. */
  private static boolean sigintIgnoredHere() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }

  private static Optional<Path> instanceOf(String output) {
    Matcher m = INSTANCE.matcher(output);
    return m.find() ? Optional.of(Path.of(m.group(1))) : Optional.empty();
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
