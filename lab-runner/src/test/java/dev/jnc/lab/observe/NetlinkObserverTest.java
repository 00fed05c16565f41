package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.lab.observe.NetlinkObserver.DumpRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one-dump request; {@link NetlinkPerFamilyObserverTest} runs the same with the other. */
class NetlinkObserverTest extends ObserverContract {

  /** How many fresh ports a test tries for one that no earlier test's socket is on. */
  private static final int PORT_ATTEMPTS = 20;

  private static final int IPPROTO_TCP = 6;
  private static final int TCP_DEFER_ACCEPT = 9;

  private static final int EVERY_STATE =
      NetlinkObserver.ALL_STATES | NetlinkObserver.BOUND_INACTIVE;

  protected DumpRequest dumpRequest() {
    return DumpRequest.BOTH_FAMILIES;
  }

  @Override
  protected SocketObserver openObserver() throws IOException {
    assumeTrue(
        NetlinkObserver.isAvailable(),
        () -> "netlink unavailable: " + NetlinkObserver.unavailableReason().orElse(""));
    return NetlinkObserver.open(EVERY_STATE, dumpRequest());
  }

  @Test
  void opensWithOneDumpForBothFamiliesWhereTheKernelTakesIt() throws IOException {
    try (NetlinkObserver chosen = NetlinkObserver.open()) {
      assertThat(chosen.dumpRequest()).isEqualTo(DumpRequest.BOTH_FAMILIES);
    }
  }

  @Override
  protected boolean reportsInodes() {
    return true;
  }

  private static InetSocketAddress unspecified(Loopback loopback) {
    boolean ipv6 = loopback.family() != StandardProtocolFamily.INET;
    return new InetSocketAddress(InetAddress.ofLiteral(ipv6 ? "::" : "0.0.0.0"), 0);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesABoundIdleSocketAsClosed(Loopback loopback) throws IOException {
    assumeTrue(NetlinkObserver.supportsBoundInactive(), "kernel older than 6.5");
    SocketChannel idle = track(loopback.bound());
    int port = localOf(idle).getPort();

    awaitRow("bound socket CLOSED", port, localOf(idle), unspecified(loopback), TcpState.CLOSED);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void listsBoundIdleSocketsOnlyWhenAskedWithBoundInactive(Loopback loopback) throws IOException {
    SocketChannel idle = track(loopback.bound());
    int port = localOf(idle).getPort();

    try (NetlinkObserver withoutBit =
            NetlinkObserver.open(NetlinkObserver.ALL_STATES, dumpRequest());
        ProcNetTcpObserver proc = new ProcNetTcpObserver()) {
      // Another test's TIME_WAIT may share the ephemeral port number: only unconnected rows count.
      assertThat(withoutBit.snapshot(port)).filteredOn(r -> r.remote().getPort() == 0).isEmpty();
      assertThat(proc.snapshot(port)).filteredOn(r -> r.remote().getPort() == 0).isEmpty();
    }
    assertThat(observer.snapshot(port))
        .filteredOn(r -> r.remote().getPort() == 0)
        .extracting(SocketRow::state)
        .containsExactly(TcpState.CLOSED);
  }

  @Test
  @Timeout(30)
  void agreesWithProcOnConnectedSockets() throws IOException {
    ServerSocketChannel server = track(ServerSocketChannel.open());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = localOf(server).getPort();
    SocketChannel client = track(SocketChannel.open(server.getLocalAddress()));
    track(server.accept());
    client.shutdownOutput();

    try (ProcNetTcpObserver proc = new ProcNetTcpObserver()) {
      // Both ends may still move between the two reads (FIN_WAIT_1 to FIN_WAIT_2): compare
      // the sockets, by inode, and their endpoints.
      List<SocketRow> fromNetlink = observer.snapshot(port);
      List<SocketRow> fromProc = proc.snapshot(port);
      assertThat(fromNetlink)
          .extracting(SocketRow::local, SocketRow::remote, SocketRow::inode)
          .containsExactlyInAnyOrderElementsOf(
              fromProc.stream().map(row -> tuple(row.local(), row.remote(), row.inode())).toList());
    }
  }

  /**
   * A listener with {@code TCP_DEFER_ACCEPT} keeps a connection whose client sent no data as a
   * request socket in SYN_RECV; netlink reports it as state 3, with no inode, like /proc.
   */
  @Test
  @Timeout(30)
  void seesRequestSocketsInSynReceivedLikeProc() throws IOException {
    ServerSocketChannel server = track(ServerSocketChannel.open());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    SocketDescriptor.of(server).orElseThrow().setIntOption(IPPROTO_TCP, TCP_DEFER_ACCEPT, 60);
    int port = localOf(server).getPort();
    track(SocketChannel.open(server.getLocalAddress()));

    try (ProcNetTcpObserver proc = new ProcNetTcpObserver()) {
      await("a request socket in SYN_RECEIVED")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(observer.snapshot(port))
                    .filteredOn(row -> row.state() == TcpState.SYN_RECEIVED)
                    .singleElement()
                    .satisfies(row -> assertThat(row.inode()).isZero());
                assertThat(proc.snapshot(port))
                    .extracting(SocketRow::state)
                    .contains(TcpState.SYN_RECEIVED);
              });
    }
  }

  /**
   * The request's port filter runs in the kernel: the sockets of another port are passed over
   * there, not described to us and dropped here.
   */
  @Test
  @Timeout(30)
  void theKernelDescribesOnlyTheSocketsOnThePort() throws IOException {
    ServerSocketChannel other = track(ServerSocketChannel.open());
    other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    for (int i = 0; i < 20; i++) {
      track(SocketChannel.open(other.getLocalAddress()));
      track(other.accept());
    }
    ServerSocketChannel server = track(ServerSocketChannel.open());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = localOf(server).getPort();
    NetlinkObserver netlink = (NetlinkObserver) observer;

    List<SocketRow> rows = netlink.snapshot(port);

    assertThat(rows)
        .extracting(SocketRow::state, row -> row.local().getPort())
        .contains(tuple(TcpState.LISTEN, port));
    assertThat(netlink.socketsDescribed()).isEqualTo(rows.size());
  }

  /** The sockets on the port as a set: the order of a sample's rows is not a snapshot's. */
  private static List<String> described(List<SocketRow> rows) {
    return rows.stream()
        .map(row -> row.local() + " " + row.remote() + " " + row.state())
        .sorted()
        .toList();
  }

  /** A listener on a loopback port, and both ends of a connection to it. */
  private record Sockets(int port, SocketChannel client, SocketChannel accepted) {}

  private Sockets listenerAndConnection(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel client = track(loopback.unconnected());
    client.connect(server.getLocalAddress());
    return new Sockets(port, client, track(server.accept()));
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  @Timeout(30)
  void aSampleAfterASnapshotLooksUpItsSocketsAndFindsTheirNewStates(Loopback loopback)
      throws IOException {
    Sockets sockets = listenerAndConnection(loopback);
    NetlinkObserver netlink = (NetlinkObserver) observer;
    List<SocketRow> before = netlink.snapshot(sockets.port());
    assertThat(before).extracting(SocketRow::state).contains(TcpState.ESTABLISHED);

    sockets.client().shutdownOutput();
    // Another observer waits, so that this one's next call is the sample after its snapshot.
    try (NetlinkObserver other = NetlinkObserver.open(EVERY_STATE, dumpRequest())) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  other.snapshot(sockets.port()).stream()
                      .map(SocketRow::state)
                      .toList()
                      .containsAll(List.of(TcpState.CLOSE_WAIT, TcpState.FIN_WAIT_2)));
      List<SocketRow> sampled = netlink.sample(sockets.port());

      assertThat(netlink.lastSampleLookedUp()).isTrue();
      assertThat(described(sampled)).isEqualTo(described(other.snapshot(sockets.port())));
      InetSocketAddress accepted = localOf(sockets.accepted());
      InetSocketAddress client = localOf(sockets.client());
      assertThat(sampled)
          .filteredOn(row -> row.local().equals(accepted) && row.remote().equals(client))
          .extracting(SocketRow::state)
          .containsExactly(TcpState.CLOSE_WAIT);
    }
  }

  /**
   * A socket gone since the snapshot makes the sample a snapshot, which shows the table as it is.
   */
  @Test
  @Timeout(30)
  void aSampleThatMissesASocketIsASnapshot() throws IOException {
    Sockets sockets = listenerAndConnection(Loopback.all().findFirst().orElseThrow());
    NetlinkObserver netlink = (NetlinkObserver) observer;
    netlink.snapshot(sockets.port());

    InetSocketAddress client = localOf(sockets.client());
    sockets.client().setOption(StandardSocketOptions.SO_LINGER, 0);
    sockets.client().close();
    List<SocketRow> sampled = netlink.sample(sockets.port());

    assertThat(netlink.lastSampleLookedUp()).isFalse();
    assertThat(described(sampled)).isEqualTo(described(observer.snapshot(sockets.port())));
    assertThat(sampled)
        .filteredOn(row -> row.local().equals(client) || row.remote().equals(client))
        .extracting(SocketRow::state)
        .doesNotContain(TcpState.ESTABLISHED);
  }

  @Test
  @Timeout(30)
  void aNewSocketShowsByTheSnapshotThatEndsARoundOfSamples() throws IOException {
    NetlinkObserver netlink = (NetlinkObserver) observer;
    // Its snapshot, which found the listener alone, begins the round of samples.
    ServerSocketChannel server = listenerAlone(Loopback.all().findFirst().orElseThrow());
    int port = localOf(server).getPort();
    SocketChannel client = track(SocketChannel.open(server.getLocalAddress()));

    for (int i = 1; i < NetlinkObserver.SAMPLES_PER_DUMP; i++) {
      netlink.sample(port);
      assertThat(netlink.lastSampleLookedUp()).as("sample %d", i).isTrue();
    }
    List<SocketRow> sampled = netlink.sample(port);

    assertThat(netlink.lastSampleLookedUp()).isFalse();
    InetSocketAddress ours = localOf(client);
    assertThat(sampled)
        .filteredOn(row -> row.local().equals(ours))
        .extracting(SocketRow::state)
        .containsExactly(TcpState.ESTABLISHED);
  }

  /** A sample of a port the last snapshot found empty dumps listeners only: a new one shows. */
  @ParameterizedTest
  @MethodSource("loopbacks")
  @Timeout(30)
  void aSampleOfAnEmptyPortAsksForListenersAndShowsANewOneAtOnce(Loopback loopback)
      throws IOException {
    int port = portLeftEmpty(loopback);
    NetlinkObserver netlink = (NetlinkObserver) observer;
    assertThat(netlink.snapshot(port)).isEmpty();
    assertThat(netlink.sample(port)).isEmpty();
    assertThat(netlink.lastSampleLookedUp()).as("answered by a dump of listeners").isTrue();

    ServerSocketChannel server = track(loopback.unboundServer());
    server.bind(new InetSocketAddress(loopback.address(), port));
    List<SocketRow> sampled = netlink.sample(port);

    assertThat(netlink.lastSampleLookedUp()).as("a listener makes the sample a snapshot").isFalse();
    assertThat(sampled).extracting(SocketRow::state).containsExactly(TcpState.LISTEN);
  }

  /** Any other new socket on an empty port shows by the snapshot that ends the round. */
  @Test
  @Timeout(30)
  void aBoundSocketOnAnEmptyPortShowsByTheSnapshotThatEndsARoundOfSamples() throws IOException {
    assumeTrue(NetlinkObserver.supportsBoundInactive(), "bound idle sockets need Linux 6.5+");
    Loopback loopback = Loopback.all().findFirst().orElseThrow();
    int port = portLeftEmpty(loopback);
    NetlinkObserver netlink = (NetlinkObserver) observer;
    assertThat(netlink.snapshot(port)).isEmpty();
    SocketChannel bound = track(loopback.unconnected());
    bound.bind(new InetSocketAddress(loopback.address(), port));

    for (int i = 1; i < NetlinkObserver.SAMPLES_PER_DUMP; i++) {
      assertThat(netlink.sample(port)).as("sample %d", i).isEmpty();
      assertThat(netlink.lastSampleLookedUp()).as("sample %d", i).isTrue();
    }
    List<SocketRow> sampled = netlink.sample(port);

    assertThat(netlink.lastSampleLookedUp()).isFalse();
    assertThat(sampled).extracting(SocketRow::state).containsExactly(TcpState.CLOSED);
  }

  /**
   * A port a listener had a moment ago, on which a snapshot finds no socket. An earlier test's
   * TIME_WAIT can hold a port the kernel hands out again; the connection a test then makes may take
   * that socket's address pair, and the lookup of the old one fails (seen in a clean clone's CI).
   */
  private int portLeftEmpty(Loopback loopback) throws IOException {
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port;
      try (ServerSocketChannel gone = loopback.listen()) {
        port = localOf(gone).getPort();
      }
      if (observer.snapshot(port).isEmpty()) {
        return port;
      }
    }
    throw new AssertionError("every one of " + PORT_ATTEMPTS + " ports had other sockets on it");
  }

  /** A listener whose port a snapshot, the observer's last call, finds holding nothing else. */
  private ServerSocketChannel listenerAlone(Loopback loopback) throws IOException {
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      ServerSocketChannel server = track(loopback.listen());
      if (observer.snapshot(localOf(server).getPort()).size() == 1) {
        return server;
      }
      server.close();
    }
    throw new AssertionError("every one of " + PORT_ATTEMPTS + " ports had other sockets on it");
  }

  /** 401 rows of about 150 bytes do not fit one reply datagram (at most 32 KiB). */
  @Test
  @Timeout(60)
  void readsEveryPartOfAReplyThatSpansSeveralDatagrams() throws IOException {
    ServerSocketChannel server = track(ServerSocketChannel.open());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 250);
    int port = localOf(server).getPort();
    int clients = 200;
    for (int i = 0; i < clients; i++) {
      track(SocketChannel.open(server.getLocalAddress()));
      track(server.accept());
    }

    // Ours are all open; a TIME_WAIT on the port is an earlier test's, whose port was this one.
    List<SocketRow> rows =
        observer.snapshot(port).stream().filter(r -> r.state() != TcpState.TIME_WAIT).toList();

    assertThat(rows).hasSize(1 + 2 * clients).doesNotHaveDuplicates();
    assertThat(rows).filteredOn(row -> row.state() == TcpState.ESTABLISHED).hasSize(2 * clients);
  }

  @Test
  void reportsTheKernelsErrorReply() throws IOException {
    int noSuchProtocol = 255;
    try (NetlinkObserver wrong =
        NetlinkObserver.open(EVERY_STATE, DumpRequest.PER_FAMILY, noSuchProtocol)) {
      assertThatThrownBy(() -> wrong.snapshot(1))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("netlink")
          .hasMessageContaining("errno");
    }
  }

  @Test
  void refusesSnapshotsAfterClose() throws IOException {
    NetlinkObserver closed = NetlinkObserver.open();
    closed.close();
    closed.close();

    assertThatThrownBy(() -> closed.snapshot(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the netlink observer is closed");
  }

  /** Prints the poll rate; asserts only that every poll saw the listener. */
  @Test
  @Timeout(60)
  void sustainsRapidPolls() throws IOException {
    ServerSocketChannel server = track(ServerSocketChannel.open());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = localOf(server).getPort();
    int polls = 1000;
    int seen = 0;

    long start = System.nanoTime();
    for (int i = 0; i < polls; i++) {
      // Only our listener's row: a TIME_WAIT on the port is an earlier test's, whose port it was.
      long listeners =
          observer.snapshot(port).stream()
              .filter(row -> row.state() == TcpState.LISTEN && row.local().getPort() == port)
              .count();
      if (listeners == 1) {
        seen++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "netlink " + dumpRequest() + ": %d polls (IPv4 + IPv6) in %.3f s: %.0f polls/s%n",
        polls,
        seconds,
        polls / seconds);
    assertThat(seen).isEqualTo(polls);
  }
}
