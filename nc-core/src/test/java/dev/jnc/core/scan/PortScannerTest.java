package dev.jnc.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.net.ClosedPorts;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.options.PortRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PortScannerTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<NcEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void rangeWithOneOpenPortFindsItAndReportsEveryPortInOrder() throws IOException {
    try (ServerSocketChannel server = listener(LOOPBACK)) {
      int open = port(server);
      PortRange range = around(LOOPBACK, open);

      List<ProbeOutcome> outcomes =
          new PortScanner(settings(Protocol.TCP, null), events::add)
              .scan(LOOPBACK, PortOrder.ascending(List.of(range)));

      assertThat(outcomes)
          .extracting(o -> o.remote().getPort())
          .containsExactly(range.ports().boxed().toArray(Integer[]::new));
      assertThat(outcomes)
          .filteredOn(ProbeOutcome::open)
          .extracting(o -> o.remote().getPort())
          .containsExactly(open);
      assertThat(outcomes)
          .filteredOn(o -> !o.open())
          .extracting(ProbeOutcome::failure)
          .containsOnly("Connection refused");
      assertThat(types()).containsExactlyElementsOf(expectedTypes(range, open));
      assertThat(ports(NcEvent.Connecting.class))
          .containsExactly(range.ports().boxed().toArray(Integer[]::new));
    }
  }

  @Test
  void engineAnswersTrueIfAnyPortIsOpenAndFalseIfNone() throws IOException {
    try (ServerSocketChannel server = listener(LOOPBACK)) {
      int open = port(server);
      PortRange range = around(LOOPBACK, open);
      assertThat(scan(range, false)).isTrue();
      List<PortRange> closedOnly =
          range.ports().filter(p -> p != open).mapToObj(PortRange::single).toList();
      assertThat(scan(closedOnly, false)).isFalse();
    }
  }

  @Test
  void randomOrderVisitsEveryPortExactlyOnce() throws IOException {
    try (ServerSocketChannel server = listener(LOOPBACK)) {
      int open = port(server);
      PortRange range = around(LOOPBACK, open);
      assertThat(scan(List.of(range), true)).isTrue();
      assertThat(ports(NcEvent.Connecting.class))
          .containsExactlyInAnyOrder(range.ports().boxed().toArray(Integer[]::new));
      assertThat(ports(NcEvent.Connected.class)).containsExactly(open);
    }
  }

  @Test
  void aConnectionToItselfIsNotAnOpenPort() throws IOException {
    // With -s and -p equal to the target, the SYN meets itself: the kernel completes a
    // "simultaneous open" although nobody listens. nc 1.10 calls that open; we do not.
    int port = ClosedPorts.free(LOOPBACK);
    assumeTrue(ClosedPorts.refuses(LOOPBACK, port));
    PortScanner.Settings settings =
        new PortScanner.Settings(
            Protocol.TCP, LOOPBACK, port, null, Duration.ofSeconds(5), null, 1);

    List<ProbeOutcome> outcomes =
        new PortScanner(settings, events::add).scan(LOOPBACK, new int[] {port});

    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.open()).isFalse());
  }

  @Test
  void scansIpv6Loopback() throws IOException {
    InetAddress v6 = InetAddress.getByName("::1");
    try (ServerSocketChannel server = listener(v6)) {
      int open = port(server);
      PortRange range = around(v6, open);
      List<ProbeOutcome> outcomes =
          new PortScanner(settings(Protocol.TCP, null), events::add)
              .scan(v6, PortOrder.ascending(List.of(range)));
      assertThat(outcomes)
          .filteredOn(ProbeOutcome::open)
          .extracting(o -> o.remote().getPort())
          .containsExactly(open);
    }
  }

  @Test
  void udpProbeFindsTheBoundPortAndHearsIcmpForTheOthers() throws IOException {
    try (DatagramChannel bound = DatagramChannel.open()) {
      bound.bind(new InetSocketAddress(LOOPBACK, 0));
      int open = ((InetSocketAddress) bound.getLocalAddress()).getPort();
      int closed = freeUdpPort();

      List<ProbeOutcome> outcomes =
          new PortScanner(settings(Protocol.UDP, Duration.ofMillis(500)), events::add)
              .scan(LOOPBACK, new int[] {open, closed});

      assertThat(outcomes).extracting(ProbeOutcome::open).containsExactly(true, false);
      assertThat(outcomes.get(1).failure()).isEqualTo("Connection refused");
      // The probe is a single NUL byte, as nc 1.10 and ncat send.
      java.nio.ByteBuffer probe = java.nio.ByteBuffer.allocate(16);
      bound.receive(probe);
      assertThat(probe.flip().remaining()).isEqualTo(1);
      assertThat(probe.get(0)).isZero();
    }
  }

  @Test
  void intervalProbesOneAtATimeAndStillReportsAll() throws IOException {
    try (ServerSocketChannel server = listener(LOOPBACK)) {
      int open = port(server);
      PortScanner.Settings settings = withInterval(Duration.ofMillis(20));
      assertThat(settings.window()).isEqualTo(1);
      List<ProbeOutcome> outcomes =
          new PortScanner(settings, events::add)
              .scan(LOOPBACK, PortOrder.ascending(List.of(around(LOOPBACK, open))));
      assertThat(outcomes).filteredOn(ProbeOutcome::open).hasSize(1);
    }
  }

  /** As nc.openbsd tries every address of a name: open on the second, told once, as open. */
  @Test
  void aPortClosedOnTheFirstAddressIsProbedOnTheNext() throws IOException {
    try (ServerSocketChannel server = listener(LOOPBACK)) {
      int open = port(server);
      InetAddress elsewhere = InetAddress.getByName("127.0.0.2");

      List<ProbeOutcome> outcomes =
          new PortScanner(settings(Protocol.TCP, null), events::add)
              .scan(List.of(elsewhere, LOOPBACK), new int[] {open});

      assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.open()).isTrue());
      assertThat(events)
          .filteredOn(NcEvent.Connected.class::isInstance)
          .singleElement()
          .satisfies(
              e -> assertThat(((NcEvent.Connected) e).remote().getAddress()).isEqualTo(LOOPBACK));
      assertThat(events).filteredOn(NcEvent.ConnectFailed.class::isInstance).isEmpty();
    }
  }

  /** With -i, a port is told before the pause that follows its probe, not after it. */
  @Test
  void intervalTellsEachPortBeforeItsPause() throws IOException {
    assertThat(secondProbedWhenFirstWasTold(List.of(LOOPBACK))).containsExactly(false);
  }

  /** The same with a name's several addresses, whose ports are told as the scan goes. */
  @Test
  void intervalTellsEachPortBeforeItsPauseWithSeveralAddresses() throws IOException {
    assertThat(secondProbedWhenFirstWasTold(List.of(InetAddress.getByName("127.0.0.2"), LOOPBACK)))
        .containsExactly(false);
  }

  /**
   * Scans two open ports of {@code addresses} with {@code -i}: whether the second port had been
   * probed when the first was told.
   */
  private static List<Boolean> secondProbedWhenFirstWasTold(List<InetAddress> addresses)
      throws IOException {
    try (ServerSocketChannel first = listener(LOOPBACK);
        ServerSocketChannel second = listener(LOOPBACK)) {
      second.configureBlocking(false);
      int firstPort = port(first);
      List<Boolean> secondProbed = new ArrayList<>();
      PortScanner.Settings settings = withInterval(Duration.ofMillis(200));
      new PortScanner(
              settings,
              event -> {
                if (event instanceof NcEvent.Connected c && c.remote().getPort() == firstPort) {
                  try {
                    secondProbed.add(second.accept() != null);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }
              })
          .scan(addresses, new int[] {firstPort, port(second)});
      return secondProbed;
    }
  }

  private boolean scan(PortRange range, boolean random) throws IOException {
    return scan(List.of(range), random);
  }

  private boolean scan(List<PortRange> ranges, boolean random) throws IOException {
    NcOptions options =
        NcOptions.builder()
            .host("127.0.0.1")
            .ports(ranges)
            .zeroIo(true)
            .randomPorts(random)
            .timeout(Duration.ofSeconds(5))
            .build();
    return new Netcat(options, events::add).run(null, null);
  }

  /** A TCP scan with {@code -i interval}. */
  private static PortScanner.Settings withInterval(Duration interval) {
    return new PortScanner.Settings(
        Protocol.TCP, null, 0, null, null, interval, PortScanner.DEFAULT_IN_FLIGHT);
  }

  private static PortScanner.Settings settings(Protocol protocol, Duration timeout) {
    return new PortScanner.Settings(
        protocol, null, 0, null, timeout, null, PortScanner.DEFAULT_IN_FLIGHT);
  }

  private static ServerSocketChannel listener(InetAddress address) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(address, 0), 50);
    return server;
  }

  private static int port(ServerSocketChannel server) throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Up to three ports either side of {@code open}, each verified closed now. */
  private static PortRange around(InetAddress address, int open) throws IOException {
    PortRange range = new PortRange(Math.max(1, open - 3), Math.min(65535, open + 3));
    for (int port : range.ports().filter(p -> p != open).toArray()) {
      assumeTrue(ClosedPorts.refuses(address, port), "port " + port + " is in use on this host");
    }
    return range;
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(LOOPBACK, 0));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }

  private List<Class<?>> types() {
    return events.stream().<Class<?>>map(Object::getClass).toList();
  }

  private List<Integer> ports(Class<? extends NcEvent> type) {
    return events.stream()
        .filter(type::isInstance)
        .map(
            e ->
                switch (e) {
                  case NcEvent.Connecting c -> c.remote().getPort();
                  case NcEvent.Connected c -> c.remote().getPort();
                  case NcEvent.ConnectFailed c -> c.remote().getPort();
                  default -> throw new IllegalArgumentException(e.toString());
                })
        .toList();
  }

  private static List<Class<?>> expectedTypes(PortRange range, int open) {
    List<Class<?>> expected = new ArrayList<>();
    IntStream.rangeClosed(range.low(), range.high())
        .forEach(
            port -> {
              expected.add(NcEvent.Connecting.class);
              if (port == open) {
                expected.add(NcEvent.Connected.class);
                expected.add(NcEvent.Closed.class);
              } else {
                expected.add(NcEvent.ConnectFailed.class);
              }
            });
    return expected;
  }
}
