package dev.jnc.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.net.ClosedPorts;
import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.Loopback;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native loopback scan: open and refused ports told apart, and no port reported open that
 * nobody listens on, in particular in the ephemeral range where a connect can meet itself.
 */
@Timeout(60)
class LoopbackConnectScanTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void tellsAListenerFromAClosedPort() throws IOException {
    assumeThat(LoopbackConnectScan.available()).as("Linux with native access").isPresent();
    try (ServerSocketChannel server = Loopback.listen()) {
      int open = ((InetSocketAddress) server.getLocalAddress()).getPort();
      int closed = ClosedPorts.free(LOOPBACK);

      ProbeOutcome[] results =
          LoopbackConnectScan.available().orElseThrow().scan(LOOPBACK, new int[] {open, closed});

      assertThat(results[0].open()).isTrue();
      assertThat(results[0].remote()).isEqualTo(new InetSocketAddress(LOOPBACK, open));
      assertThat(results[0].local().getPort()).isNotEqualTo(open);
      assertThat(results[1].open()).isFalse();
      assertThat(results[1].failure()).isEqualTo("Connection refused");
    }
  }

  @Test
  void aSocketRefusedOnceStillFindsTheNextListener() throws IOException {
    assumeThat(LoopbackConnectScan.available()).as("Linux with native access").isPresent();
    try (ServerSocketChannel first = Loopback.listen();
        ServerSocketChannel second = Loopback.listen()) {
      int open1 = ((InetSocketAddress) first.getLocalAddress()).getPort();
      int open2 = ((InetSocketAddress) second.getLocalAddress()).getPort();
      int closed1 = ClosedPorts.free(LOOPBACK);
      int closed2 = ClosedPorts.free(LOOPBACK);

      // One thread takes them in this order: two refusals on one reused socket, then a listener,
      // then a refusal and a listener again.
      ProbeOutcome[] results =
          LoopbackConnectScan.available()
              .orElseThrow()
              .scan(LOOPBACK, new int[] {closed1, closed2, open1, closed1, open2});

      assertThat(results)
          .extracting(ProbeOutcome::open)
          .containsExactly(false, false, true, false, true);
      assertThat(results[2].remote()).isEqualTo(new InetSocketAddress(LOOPBACK, open1));
      assertThat(results[4].remote()).isEqualTo(new InetSocketAddress(LOOPBACK, open2));
      assertThat(results[3].failure()).isEqualTo("Connection refused");
    }
  }

  @Test
  void reportsNoPortOpenThatNobodyListensOnInTheEphemeralRange() throws IOException {
    assumeThat(LoopbackConnectScan.available()).as("Linux with native access").isPresent();
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    assumeThat(Files.isReadable(range)).isTrue();
    // A /proc file reports size 0, which Files.readString takes at its word.
    String[] bounds = Files.readAllLines(range).getFirst().trim().split("\\s+");
    int low = Integer.parseInt(bounds[0]);
    int high = Math.min(Integer.parseInt(bounds[1]), low + 3_999);
    try (ServerSocketChannel server = Loopback.listen()) {
      int ours = ((InetSocketAddress) server.getLocalAddress()).getPort();
      int[] ports =
          IntStream.concat(IntStream.of(ours), IntStream.rangeClosed(low, high))
              .distinct()
              .toArray();
      Set<Integer> listeningBefore = listeningPorts();
      EventLog events = new EventLog();

      List<ProbeOutcome> outcomes =
          new PortScanner(
                  new PortScanner.Settings(
                      Protocol.TCP, null, 0, null, null, null, PortScanner.DEFAULT_IN_FLIGHT),
                  events)
              .scan(LOOPBACK, ports);

      Set<Integer> listening = listeningPorts();
      listening.addAll(listeningBefore);
      assertThat(outcomes).hasSize(ports.length).doesNotContainNull();
      assertThat(outcomes.getFirst().open()).as("our listener").isTrue();
      assertThat(
              outcomes.stream()
                  .filter(ProbeOutcome::open)
                  .map(o -> o.remote().getPort())
                  .filter(port -> !listening.contains(port)))
          .as("ports reported open with no listener (self-connects)")
          .isEmpty();
      assertThat(outcomes.stream().filter(ProbeOutcome::open))
          .allSatisfy(o -> assertThat(o.local()).isNotEqualTo(o.remote()));
      assertThat(events.all(NcEvent.Connecting.class)).hasSize(ports.length);
    }
  }

  /** Ports in LISTEN state on any address, IPv4 and IPv6, from /proc/net/tcp{,6}. */
  private static Set<Integer> listeningPorts() throws IOException {
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      // One read: the table changes between two.
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] columns = line.trim().split("\\s+");
        if (columns.length > 3 && columns[3].equals("0A")) {
          String local = columns[1];
          ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }
}
