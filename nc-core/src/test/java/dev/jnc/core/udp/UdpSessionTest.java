package dev.jnc.core.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.Protocol;
import dev.jnc.core.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UdpSessionTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<NcEvent> events = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final WritableByteChannel output = Channels.newChannel(synchronizedOutput());

  @Test
  void clientSendsEachInputChunkAsOneDatagramAndPrintsReplies() throws Exception {
    try (DatagramChannel echo = DatagramChannel.open()) {
      echo.bind(new InetSocketAddress(LOOPBACK, 0));
      Pipe stdin = Pipe.open();
      NcOptions options =
          NcOptions.builder()
              .protocol(Protocol.UDP)
              .host(LOOPBACK.getHostAddress())
              .port(port(echo))
              .timeout(Duration.ofMillis(500))
              .build();
      CompletableFuture<Boolean> run = runInBackground(options, stdin);

      write(stdin, "first\n");
      String first = receiveAndEcho(echo);
      write(stdin, "second\n");
      String second = receiveAndEcho(echo);
      stdin.sink().close();

      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(first).isEqualTo("first\n");
      assertThat(second).isEqualTo("second\n");
      assertThat(text()).isEqualTo("first\nsecond\n");
      assertThat(events)
          .filteredOn(NcEvent.Closed.class::isInstance)
          .singleElement()
          .satisfies(
              e -> {
                NcEvent.Closed closed = (NcEvent.Closed) e;
                assertThat(closed.bytesSent()).isEqualTo(13);
                assertThat(closed.bytesReceived()).isEqualTo(13);
              });
    }
  }

  @Test
  void listenerLocksOntoTheFirstPeerAndIgnoresOthers() throws Exception {
    Pipe stdin = Pipe.open();
    NcOptions options = Loopback.udpListener().timeout(Duration.ofMillis(500)).build();
    CompletableFuture<Boolean> run = runInBackground(options, stdin);
    InetSocketAddress server =
        new InetSocketAddress(
            LOOPBACK,
            await("listening")
                .atMost(Duration.ofSeconds(10))
                .until(this::listeningPort, p -> p > 0));

    try (DatagramChannel first = DatagramChannel.open();
        DatagramChannel second = DatagramChannel.open()) {
      first.bind(new InetSocketAddress(LOOPBACK, 0));
      second.bind(new InetSocketAddress(LOOPBACK, 0));
      first.send(bytes("a1"), server);
      await("first datagram delivered")
          .atMost(Duration.ofSeconds(10))
          .until(() -> text().equals("a1"));
      second.send(bytes("b1"), server);
      first.send(bytes("a2"), server);
      await("second datagram of the first peer")
          .atMost(Duration.ofSeconds(10))
          .until(() -> text().length() >= 4);

      write(stdin, "reply");
      stdin.sink().close();
      first.socket().setSoTimeout(5000);
      assertThat(receive(first)).isEqualTo("reply");
      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();

      assertThat(text()).isEqualTo("a1a2");
      second.socket().setSoTimeout(200);
      assertThat(nothingArrives(second)).isTrue();
      assertThat(events)
          .filteredOn(NcEvent.Accepted.class::isInstance)
          .singleElement()
          .satisfies(
              e -> assertThat(((NcEvent.Accepted) e).remote()).isEqualTo(first.getLocalAddress()));
    }
  }

  /**
   * {@code -u -l} with a host and port after the options admits only that sender, as the TCP
   * listener does: a stranger's first datagram is dropped and told, and the wait goes on.
   */
  @Test
  void listenerWithAFilterAdmitsOnlyTheNamedSender() throws Exception {
    try (DatagramChannel stranger = DatagramChannel.open();
        DatagramChannel expected = DatagramChannel.open()) {
      stranger.bind(new InetSocketAddress(LOOPBACK, 0));
      expected.bind(new InetSocketAddress(LOOPBACK, 0));
      Pipe stdin = Pipe.open();
      NcOptions options =
          Loopback.udpListener()
              .host(LOOPBACK.getHostAddress())
              .port(port(expected))
              .timeout(Duration.ofMillis(500))
              .build();
      CompletableFuture<Boolean> run = runInBackground(options, stdin);
      InetSocketAddress server =
          new InetSocketAddress(
              LOOPBACK,
              await("listening")
                  .atMost(Duration.ofSeconds(10))
                  .until(this::listeningPort, p -> p > 0));

      stranger.send(bytes("intruder"), server);
      await("the stranger refused")
          .atMost(Duration.ofSeconds(10))
          .until(() -> events.stream().anyMatch(NcEvent.PeerRejected.class::isInstance));
      expected.send(bytes("welcome"), server);
      await("the named sender's datagram")
          .atMost(Duration.ofSeconds(10))
          .until(() -> text().equals("welcome"));
      stdin.sink().close();

      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(text()).isEqualTo("welcome");
      assertThat(events)
          .filteredOn(NcEvent.Accepted.class::isInstance)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(((NcEvent.Accepted) e).remote())
                      .isEqualTo(expected.getLocalAddress()));
    }
  }

  /**
   * The listener's socket is not connected (a connect would drop the datagrams queued), so Linux
   * reports the peer's port unreachable only to the error queue the listener asks for.
   */
  @Test
  void listenerHearsThatItsPeerHasGone() throws Exception {
    Pipe stdin = Pipe.open();
    CompletableFuture<Boolean> run = runInBackground(Loopback.udpListener().build(), stdin);
    InetSocketAddress server =
        new InetSocketAddress(
            LOOPBACK,
            await("listening")
                .atMost(Duration.ofSeconds(10))
                .until(this::listeningPort, p -> p > 0));
    try (DatagramChannel client = DatagramChannel.open()) {
      client.bind(new InetSocketAddress(LOOPBACK, 0));
      client.send(bytes("hello"), server);
      await("the datagram delivered")
          .atMost(Duration.ofSeconds(10))
          .until(() -> text().equals("hello"));
    }
    write(stdin, "anyone there?\n");
    assertRefused(run);
    assertThat(events)
        .filteredOn(NcEvent.Closed.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((NcEvent.Closed) e).reason()).isEqualTo(CloseReason.RESET));
    stdin.sink().close();
  }

  @Test
  void clientHearsPortUnreachableAsRefused() throws Exception {
    int closed;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress(LOOPBACK, 0));
      closed = port(probe);
    }
    Pipe stdin = Pipe.open();
    NcOptions options =
        NcOptions.builder()
            .protocol(Protocol.UDP)
            .host(LOOPBACK.getHostAddress())
            .port(closed)
            .timeout(Duration.ofSeconds(5))
            .build();
    CompletableFuture<Boolean> run = runInBackground(options, stdin);
    write(stdin, "anyone?\n");
    assertRefused(run);
    stdin.sink().close();
  }

  @Test
  void ipv6OnlyListenerRefusesIpv4Datagrams() throws Exception {
    assumeTrue(Netcat.class.getModule().isNativeAccessEnabled(), "native access");
    Pipe stdin = Pipe.open();
    NcOptions options =
        NcOptions.builder()
            .protocol(Protocol.UDP)
            .mode(NcOptions.Mode.LISTEN)
            .ipVersion(NcOptions.IpVersion.V6)
            .timeout(Duration.ofMillis(500))
            .build();
    CompletableFuture<Boolean> run = runInBackground(options, stdin);
    int port =
        await("listening").atMost(Duration.ofSeconds(10)).until(this::listeningPort, p -> p > 0);

    try (DatagramChannel v4 = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel v6 = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      v4.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      v4.write(bytes("v4"));
      v4.socket().setSoTimeout(5000);
      assertThatThrownBy(() -> receive(v4)).isInstanceOf(PortUnreachableException.class);
      v6.send(bytes("v6"), new InetSocketAddress(InetAddress.getByName("::1"), port));
      await("the IPv6 datagram").atMost(Duration.ofSeconds(10)).until(() -> text().equals("v6"));
      stdin.sink().close();
      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(text()).isEqualTo("v6");
    }
  }

  private CompletableFuture<Boolean> runInBackground(NcOptions options, Pipe stdin) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("test-udp-engine")
        .daemon()
        .start(
            () -> {
              try {
                result.complete(new Netcat(options, events::add).run(stdin.source(), output));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  /** The run ends as a port unreachable ends it: {@code Connection refused}, exit 1. */
  private static void assertRefused(CompletableFuture<Boolean> run) {
    assertThat(run)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(dev.jnc.core.NcException.class)
        .withMessage("Connection refused");
  }

  private int listeningPort() {
    return events.stream()
        .filter(NcEvent.Listening.class::isInstance)
        .map(e -> ((NcEvent.Listening) e).local().getPort())
        .findFirst()
        .orElse(0);
  }

  private static String receiveAndEcho(DatagramChannel echo) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    InetSocketAddress from = (InetSocketAddress) echo.receive(buffer);
    buffer.flip();
    String text = StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    echo.send(buffer, from);
    return text;
  }

  private static String receive(DatagramChannel channel) throws IOException {
    byte[] buffer = new byte[2048];
    java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
    channel.socket().receive(packet);
    return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
  }

  private static boolean nothingArrives(DatagramChannel channel) throws IOException {
    try {
      receive(channel);
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }

  private static void write(Pipe pipe, String text) throws IOException {
    ByteBuffer buffer = bytes(text);
    while (buffer.hasRemaining()) {
      pipe.sink().write(buffer);
    }
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int port(DatagramChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private String text() {
    synchronized (received) {
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  private java.io.OutputStream synchronizedOutput() {
    return new java.io.OutputStream() {
      @Override
      public void write(int b) {
        synchronized (received) {
          received.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (received) {
          received.write(b, off, len);
        }
      }
    };
  }
}
