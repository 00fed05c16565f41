package dev.jnc.lab.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every observer must see of real loopback sockets. Each subclass opens its observer; the
 * sockets are plain java.nio on 127.0.0.1 and ::1, port 0.
 */
@Timeout(30)
abstract class ObserverContract {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final List<NetworkChannel> channels = new ArrayList<>();
  protected SocketObserver observer;

  /** Opens the observer under test, or skips the test where it cannot run. */
  protected abstract SocketObserver openObserver() throws IOException;

  /** Whether rows carry the socket's inode. */
  protected abstract boolean reportsInodes();

  static Stream<Loopback> loopbacks() {
    return Loopback.all();
  }

  @BeforeEach
  void openTheObserver() throws IOException {
    observer = openObserver();
  }

  @AfterEach
  void closeEverything() throws IOException {
    for (NetworkChannel channel : channels) {
      channel.close();
    }
    if (observer != null) {
      observer.close();
    }
  }

  protected <T extends NetworkChannel> T track(T channel) {
    channels.add(channel);
    return channel;
  }

  protected static InetSocketAddress localOf(NetworkChannel channel) throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  private static InetSocketAddress wildcard(Loopback loopback) {
    // A listener's remote end: the kernel reports the zero address of the socket's own family.
    boolean ipv6 = loopback.family() != java.net.StandardProtocolFamily.INET;
    return new InetSocketAddress(InetAddress.ofLiteral(ipv6 ? "::" : "0.0.0.0"), 0);
  }

  /** A connected pair: [0] the client, [1] the server's accepted end. */
  private SocketChannel[] connectedPair(ServerSocketChannel server, Loopback loopback)
      throws IOException {
    SocketChannel client = track(loopback.unconnected());
    client.connect(server.getLocalAddress());
    SocketChannel accepted = track(server.accept());
    return new SocketChannel[] {client, accepted};
  }

  protected void awaitRow(
      String what, int port, InetSocketAddress local, InetSocketAddress remote, TcpState state) {
    await(what)
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(observer.snapshot(port))
                    .extracting(SocketRow::local, SocketRow::remote, SocketRow::state)
                    .contains(tuple(local, remote, state)));
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesAListener(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();

    awaitRow("listener in LISTEN", port, localOf(server), wildcard(loopback), TcpState.LISTEN);
    assertThat(observer.snapshot(port))
        .filteredOn(row -> row.state() == TcpState.LISTEN)
        .singleElement()
        .satisfies(row -> assertThat(row.inode() > 0).isEqualTo(reportsInodes()));
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesBothEndsEstablished(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel[] pair = connectedPair(server, loopback);

    awaitRow("client ESTABLISHED", port, localOf(pair[0]), localOf(pair[1]), TcpState.ESTABLISHED);
    awaitRow("server ESTABLISHED", port, localOf(pair[1]), localOf(pair[0]), TcpState.ESTABLISHED);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesTheActiveCloserInTimeWait(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel[] pair = connectedPair(server, loopback);
    InetSocketAddress client = localOf(pair[0]);
    InetSocketAddress accepted = localOf(pair[1]);

    pair[0].close();
    assertThat(pair[1].read(ByteBuffer.allocate(1)))
        .as("server reads the client's FIN")
        .isEqualTo(-1);
    pair[1].close();

    awaitRow("client TIME_WAIT", port, client, accepted, TcpState.TIME_WAIT);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesAHalfCloseAsFinWait2AndCloseWait(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel[] pair = connectedPair(server, loopback);

    pair[0].shutdownOutput();
    assertThat(pair[1].read(ByteBuffer.allocate(1)))
        .as("server reads the client's FIN")
        .isEqualTo(-1);

    awaitRow("client FIN_WAIT_2", port, localOf(pair[0]), localOf(pair[1]), TcpState.FIN_WAIT_2);
    awaitRow("server CLOSE_WAIT", port, localOf(pair[1]), localOf(pair[0]), TcpState.CLOSE_WAIT);
  }

  /**
   * Writes until the peer's window and our send buffer are full: a write returned 0 and the channel
   * then stayed unwritable for 20 ms. The peer's small receive buffer never grows, so from then on
   * a FIN waits behind unsent data.
   */
  private static void fillSendQueue(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_WRITE);
      for (int round = 0; round < 10_000; round++) {
        chunk.clear();
        if (channel.write(chunk) == 0) {
          selector.selectedKeys().clear();
          if (selector.select(20) == 0) {
            return;
          }
        }
      }
    }
    throw new AssertionError("the send queue never filled");
  }

  private SocketChannel connectWithSmallReceiveBuffer(ServerSocketChannel server, Loopback loopback)
      throws IOException {
    SocketChannel client = track(loopback.unconnected());
    client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    client.connect(server.getLocalAddress());
    return client;
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesFinWait1WhileTheFinWaitsBehindUnreadData(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel reader = connectWithSmallReceiveBuffer(server, loopback);
    SocketChannel writer = track(server.accept());

    fillSendQueue(writer);
    writer.shutdownOutput();

    awaitRow("writer FIN_WAIT_1", port, localOf(writer), localOf(reader), TcpState.FIN_WAIT_1);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesClosingWhenBothSendFinAndOneIsHeldBack(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel reader = connectWithSmallReceiveBuffer(server, loopback);
    SocketChannel writer = track(server.accept());
    fillSendQueue(writer);
    writer.shutdownOutput();
    awaitRow("writer FIN_WAIT_1", port, localOf(writer), localOf(reader), TcpState.FIN_WAIT_1);

    reader.shutdownOutput();

    awaitRow("writer CLOSING", port, localOf(writer), localOf(reader), TcpState.CLOSING);
    awaitRow("reader FIN_WAIT_2", port, localOf(reader), localOf(writer), TcpState.FIN_WAIT_2);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesLastAckWhenThePassiveCloserFinWaitsBehindData(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    int port = localOf(server).getPort();
    SocketChannel client = connectWithSmallReceiveBuffer(server, loopback);
    SocketChannel accepted = track(server.accept());
    client.shutdownOutput();
    assertThat(accepted.read(ByteBuffer.allocate(1)))
        .as("server reads the client's FIN")
        .isEqualTo(-1);

    fillSendQueue(accepted);
    accepted.shutdownOutput();

    awaitRow("server LAST_ACK", port, localOf(accepted), localOf(client), TcpState.LAST_ACK);
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesSynSentWhileTheListenersQueueIsFull(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.unboundServer());
    // Linux queues backlog + 1 finished handshakes; the SYNs after those are dropped.
    server.bind(new InetSocketAddress(loopback.address(), 0), 1);
    int port = localOf(server).getPort();
    for (int i = 0; i < 2; i++) {
      track(loopback.unconnected()).connect(server.getLocalAddress());
    }

    SocketChannel pending = track(loopback.unconnected());
    pending.configureBlocking(false);
    assertThat(pending.connect(server.getLocalAddress())).isFalse();

    await("a SYN_SENT row")
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(observer.snapshot(port))
                    .extracting(SocketRow::state)
                    .contains(TcpState.SYN_SENT));
  }

  @ParameterizedTest
  @MethodSource("loopbacks")
  void seesNothingOfAnotherPort(Loopback loopback) throws IOException {
    ServerSocketChannel server = track(loopback.listen());
    ServerSocketChannel other = track(loopback.listen());
    connectedPair(other, loopback);

    // A TIME_WAIT left by an earlier test may hold the same port number as an ephemeral port;
    // it is not the other pair's, so it is not what this test is about.
    assertThat(observer.snapshot(localOf(server).getPort()))
        .filteredOn(row -> row.state() != TcpState.TIME_WAIT)
        .extracting(SocketRow::state)
        .containsExactly(TcpState.LISTEN);
  }
}
