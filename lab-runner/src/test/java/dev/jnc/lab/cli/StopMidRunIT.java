package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.lab.observe.MachineFacts;
import dev.jnc.lab.observe.NetlinkObserver;
import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceLeftovers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) or SIGTERM in the middle of {@code bin/lab run}, with each kind of observer and
 * in a few scenarios, all-states among them after its first part: the process ends and leaves no
 * socket on the run's ports, no tracefs instance and no child behind.
 */
@Timeout(120)
class StopMidRunIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern INSTANCE = Pattern.compile("tracefs instance (\\S+),");
  private static final String PAUSED = "lab: paused";

  /**
   * @param enters how many pauses to go past before the signal (all-states: one per part)
   * @param held the state the run holds at that pause, on the port of the part it is in
   */
  @ParameterizedTest(name = "{0}: SIG{1} with --observer {2}")
  @CsvSource({
    "syn-received, TERM, trace,   0, SYN_RECEIVED",
    "syn-received, INT,  trace,   0, SYN_RECEIVED",
    "syn-received, TERM, netlink, 0, SYN_RECEIVED",
    "syn-received, INT,  netlink, 0, SYN_RECEIVED",
    "fin-wait-1,   TERM, netlink, 0, FIN_WAIT_1",
    "fin-wait-1,   INT,  trace,   0, FIN_WAIT_1",
    "fin-wait-1,   TERM, netstat, 0, FIN_WAIT_1",
    "all-states,   INT,  netlink, 1, SYN_RECEIVED",
    "all-states,   TERM, trace,   1, SYN_RECEIVED",
  })
  void aSignalWhileSocketsAreHeldLeavesNothingBehind(
      String scenario, String signal, String observer, int enters, TcpState held) throws Exception {
    MachineFacts facts = MachineFacts.probe();
    Assumptions.assumeTrue(
        !observer.equals("trace") || (facts.root() && facts.tracefs()), "trace needs root");
    Assumptions.assumeTrue(
        !observer.equals("netstat") || onPath("netstat"), "netstat (net-tools) is not installed");
    // A process started with SIGINT ignored (a background job of a non-interactive shell, as CI
    // may be) hands that on to its children, and the JVM then leaves SIGINT ignored too.
    Assumptions.assumeFalse(
        signal.equals("INT") && sigintIgnoredHere(), "SIGINT is ignored by this test's process");
    int span = scenario.equals("all-states") ? 7 : 1;
    int port = freePorts(span);
    List<Integer> ports = IntStream.range(port, port + span).boxed().toList();
    // Another test's TIME_WAIT may sit on one of these port numbers; it is not this run's.
    Set<String> strangers =
        new HashSet<>(procNetTcp(ports).stream().map(StopMidRunIT::tuple).toList());
    Path stdout = Files.createTempFile("lab", ".out");
    // The pause prompt goes to stderr, the snapshots to stdout.
    Path stderr = Files.createTempFile("lab", ".err");
    Process lab =
        new ProcessBuilder(
                ROOT.resolve("bin/lab").toString(),
                "run",
                scenario,
                "--pause",
                "--port",
                Integer.toString(port),
                "--observer",
                observer)
            .directory(ROOT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try (NetlinkObserver netlink = NetlinkObserver.open()) {
      // --pause holds the run at each snapshot: stdin is a pipe on which this test presses Enter.
      OutputStream keys = lab.getOutputStream();
      for (int pause = 0; pause <= enters; pause++) {
        int seen = pause + 1;
        await("lab at pause " + seen)
            .atMost(Duration.ofSeconds(60))
            .until(() -> count(Files.readString(stderr), PAUSED) >= seen);
        if (pause < enters) {
          keys.write('\n');
          keys.flush();
        }
      }
      int heldPort = port + enters;
      await("lab holds " + held + " on port " + heldPort)
          .atMost(Duration.ofSeconds(10))
          .until(() -> netlink.snapshot(heldPort).stream().anyMatch(r -> r.state() == held));
      List<ProcessHandle> children = childrenInProc(lab.pid());

      signal(lab, signal);

      assertThat(lab.waitFor(30, TimeUnit.SECONDS)).as("lab ended").isTrue();
      assertThat(lab.exitValue())
          .as("killed by SIG%s", signal)
          .isEqualTo(signal.equals("TERM") ? 143 : 130);
      assertThat(Files.readString(stderr, StandardCharsets.UTF_8))
          .as("what lab says of the stop")
          .containsPattern(
              "(?m)^lab: " + scenario + " stopped before its end; its sockets are closed$");
      await("every child of lab to be gone")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(children).as("children of lab").noneMatch(ProcessHandle::isAlive));
      // Aborted sockets leave nothing; sockets merely closed by the exit would linger in
      // FIN_WAIT or TIME_WAIT.
      await("every socket of the run is gone")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                for (int p : ports) {
                  assertThat(netlink.snapshot(p))
                      .as("sockets on port %d (netlink)", p)
                      .filteredOn(r -> !strangers.contains(tuple(r)))
                      .isEmpty();
                }
                assertThat(procNetTcp(ports))
                    .as("/proc/net/tcp lines on %s", ports)
                    .filteredOn(line -> !strangers.contains(tuple(line)))
                    .isEmpty();
              });
      Optional<Path> instance = instanceOf(Files.readString(stdout, StandardCharsets.UTF_8));
      assertThat(instance.isPresent())
          .isEqualTo(observer.equals(ObserverChoice.TRACE.optionValue()));
      if (instance.isPresent()) {
        TraceLeftovers.assertGone(instance.get());
      }
    } finally {
      lab.destroyForcibly();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
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

  /**
   * The children of {@code pid} as the kernel lists them ({@code /proc/PID/task/TID/children}),
   * each as a handle that knows its start time, so that a recycled pid does not pass for a
   * survivor.
   */
  private static List<ProcessHandle> childrenInProc(long pid) throws IOException {
    List<ProcessHandle> children = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String listed;
        try {
          listed = Files.readString(task.resolve("children")).strip();
        } catch (IOException e) {
          continue; // the thread ended while we looked
        }
        for (String child : listed.isEmpty() ? new String[0] : listed.split("\\s+")) {
          ProcessHandle.of(Long.parseLong(child)).ifPresent(children::add);
        }
      }
    }
    return children;
  }

  /** A /proc/net/tcp line's local and remote address, as netlink's rows give them too. */
  private static String tuple(String procLine) {
    String[] fields = procLine.strip().split("\\s+");
    return fields[1] + " " + fields[2];
  }

  private static String tuple(SocketRow row) {
    return hex(row.local()) + " " + hex(row.remote());
  }

  /** {@code 0100007F:1A0A}: the IPv4 address in host order as /proc prints it, and the port. */
  private static String hex(InetSocketAddress address) {
    byte[] raw = address.getAddress().getAddress();
    StringBuilder text = new StringBuilder();
    if (raw.length == 4) {
      for (int i = 3; i >= 0; i--) {
        text.append(String.format("%02X", raw[i] & 0xff));
      }
    } else {
      for (int word = 0; word < 4; word++) {
        for (int i = 3; i >= 0; i--) {
          text.append(String.format("%02X", raw[word * 4 + i] & 0xff));
        }
      }
    }
    return text.append(String.format(":%04X", address.getPort())).toString();
  }

  /**
   * Lines of {@code /proc/net/tcp} and {@code tcp6} with a local or remote port in {@code ports}.
   */
  private static List<String> procNetTcp(List<Integer> ports) throws IOException {
    List<String> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path).stream().skip(1).toList()) {
        // "  0: 0100007F:1A0A 00000000:0000 0A ...": ports are the hex after each colon.
        String[] fields = line.strip().split("\\s+");
        int local = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
        int remote = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
        if (ports.contains(local) || ports.contains(remote)) {
          found.add(line);
        }
      }
    }
    return found;
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
      n++;
    }
    return n;
  }

  /** Bit 2 (SIGINT) of the ignored-signal mask in /proc/self/status. */
  private static boolean sigintIgnoredHere() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Path> instanceOf(String output) {
    Matcher m = INSTANCE.matcher(output);
    return m.find() ? Optional.of(Path.of(m.group(1))) : Optional.empty();
  }

  /**
   * The first of {@code span} consecutive loopback ports that are free now: a port the kernel
   * picks, and the ones after it checked by binding, at most 20 tries.
   */
  private static int freePorts(int span) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 20; attempt++) {
      int first;
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        first = probe.getLocalPort();
      }
      if (first + span - 1 <= 65535
          && IntStream.range(first, first + span).allMatch(p -> free(p))) {
        return first;
      }
    }
    throw new AssertionError("no " + span + " consecutive free ports in 20 tries");
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
