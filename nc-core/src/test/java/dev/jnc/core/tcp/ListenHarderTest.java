package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.PortRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code -L} (and {@code -k}), the listen filter, and listening on {@code ::1}. */
@Timeout(30)
class ListenHarderTest {

  private final List<NcEvent> events = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  @Test
  void listenHarderServesThreeClientsInARowSharingOneInput() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Pipe stdin = Pipe.open();
    write(stdin, "for the first client");
    stdin.sink().close();
    CompletableFuture<Boolean> run = runInBackground(listenHarderOnLoopback(), stdin);
    InetSocketAddress server = new InetSocketAddress(loopback, listeningPort());

    for (int client = 1; client <= 3; client++) {
      try (SocketChannel channel = SocketChannel.open(server)) {
        channel.write(ByteBuffer.wrap(("client " + client + ";").getBytes(StandardCharsets.UTF_8)));
        channel.shutdownOutput();
        String reply = readToEnd(channel);
        // Input is read once: the first client gets all of it, later ones what is left (none).
        assertThat(reply).isEqualTo(client == 1 ? "for the first client" : "");
      }
    }

    assertThat(run.get(15, TimeUnit.SECONDS)).isTrue();
    assertThat(text()).isEqualTo("client 1;client 2;client 3;");
    assertThat(events).filteredOn(NcEvent.Accepted.class::isInstance).hasSize(3);
    assertThat(events).filteredOn(NcEvent.Closed.class::isInstance).hasSize(3);
    assertThat(events).filteredOn(NcEvent.Listening.class::isInstance).hasSize(1);
  }

  @Test
  void whatAClientThatLeftNeverTookGoesToTheNextOne() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Pipe stdin = Pipe.open();
    CompletableFuture<Boolean> run = runInBackground(listenHarderOnLoopback(), stdin);
    InetSocketAddress server = new InetSocketAddress(loopback, listeningPort());

    try (SocketChannel first = SocketChannel.open(server)) {
      write(stdin, "line 1\n");
      assertThat(readLine(first)).isEqualTo("line 1");
    }
    // The first client has gone: its socket answers what comes now with a reset.
    await("the first client's FIN")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e ->
                            e instanceof NcEvent.HalfClosed half
                                && half.direction() == NcEvent.Direction.INBOUND));
    write(stdin, "line 2\n");
    write(stdin, "line 3\n");
    await("the first connection's end")
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().filter(NcEvent.Closed.class::isInstance).count() == 1);
    write(stdin, "line 4\n");
    stdin.sink().close();

    try (SocketChannel second = SocketChannel.open(server)) {
      second.shutdownOutput();
      assertThat(readToEnd(second)).isEqualTo("line 2\nline 3\nline 4\n");
    }
    assertThat(run.get(15, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * A client killed while it reads (no FIN, a reset) took with it all the server's send queue held
   * for it, some 4 MB: only what its own kernel took and it never read is lost now.
   */
  @Test
  void aClientThatResetsLosesOnlyWhatItsOwnEndTook() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Pipe stdin = Pipe.open();
    CompletableFuture<Boolean> run = runInBackground(listenHarderOnLoopback(), stdin);
    InetSocketAddress server = new InetSocketAddress(loopback, listeningPort());
    StringBuilder lines = new StringBuilder();
    for (int line = 1; lines.length() < 2 * 1024 * 1024; line++) {
      lines.append("line ").append(line).append('\n');
    }
    String all = lines.toString();
    int window = 64 * 1024;

    try (SocketChannel first = SocketChannel.open()) {
      first.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
      first.connect(server);
      CompletableFuture<Void> feeding =
          CompletableFuture.runAsync(
              () -> {
                try {
                  write(stdin, all);
                  stdin.sink().close();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      await("the server's send queue filling")
          .atMost(Duration.ofSeconds(10))
          .until(() -> bytesOut() > 1024 * 1024);
      first.setOption(StandardSocketOptions.SO_LINGER, 0);
      first.close();
      feeding.get(10, TimeUnit.SECONDS);
    }
    await("the first connection's end")
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().filter(NcEvent.Closed.class::isInstance).count() == 1);

    try (SocketChannel second = SocketChannel.open(server)) {
      second.shutdownOutput();
      String got = readToEnd(second);
      assertThat(all.endsWith(got))
          .as("the rest of the input, unbroken: %d of its %d bytes", got.length(), all.length())
          .isTrue();
      assertThat(got.length()).isGreaterThan(all.length() - window);
    }
    assertThat(run.get(15, TimeUnit.SECONDS)).isTrue();
  }

  private long bytesOut() {
    return events.stream()
        .filter(NcEvent.BytesOut.class::isInstance)
        .mapToLong(e -> ((NcEvent.BytesOut) e).count())
        .sum();
  }

  @Test
  void filterResetsOtherPeersAndKeepsListening() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (SocketChannel admitted = SocketChannel.open();
        SocketChannel intruder = SocketChannel.open()) {
      admitted.bind(new InetSocketAddress(loopback, 0));
      int admittedPort = ((InetSocketAddress) admitted.getLocalAddress()).getPort();
      Pipe stdin = Pipe.open();
      stdin.sink().close();
      NcOptions options =
          NcOptions.builder()
              .mode(NcOptions.Mode.LISTEN)
              .localAddress(loopback.getHostAddress())
              .host(loopback.getHostAddress())
              .ports(List.of(PortRange.single(admittedPort)))
              .timeout(Duration.ofSeconds(5))
              .build();
      CompletableFuture<Boolean> run = runInBackground(options, stdin);
      InetSocketAddress server = new InetSocketAddress(loopback, listeningPort());

      intruder.connect(server);
      InputStream intruderIn = intruder.socket().getInputStream();
      assertThat(resetOrEnd(intruderIn)).isTrue();

      admitted.connect(server);
      admitted.write(ByteBuffer.wrap("welcome".getBytes(StandardCharsets.UTF_8)));
      admitted.shutdownOutput();
      assertThat(readToEnd(admitted)).isEmpty();

      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(text()).isEqualTo("welcome");
      assertThat(events)
          .filteredOn(e -> e instanceof NcEvent.PeerRejected || e instanceof NcEvent.Accepted)
          .extracting(e -> (Object) e.getClass())
          .containsExactly(NcEvent.PeerRejected.class, NcEvent.Accepted.class);
    }
  }

  @Test
  void listensAndTalksOnIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    Pipe stdin = Pipe.open();
    write(stdin, "over six");
    stdin.sink().close();
    NcOptions options =
        NcOptions.builder()
            .mode(NcOptions.Mode.LISTEN)
            .ipVersion(NcOptions.IpVersion.V6)
            .localAddress("::1")
            .timeout(Duration.ofSeconds(5))
            .build();
    CompletableFuture<Boolean> run = runInBackground(options, stdin);
    try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(v6, listeningPort()))) {
      channel.shutdownOutput();
      assertThat(readToEnd(channel)).isEqualTo("over six");
    }
    assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void ipv6OnlyListenerRefusesIpv4PeersAtTheirConnect() throws Exception {
    assumeTrue(Netcat.class.getModule().isNativeAccessEnabled(), "native access");
    Pipe stdin = Pipe.open();
    stdin.sink().close();
    NcOptions options =
        NcOptions.builder()
            .mode(NcOptions.Mode.LISTEN)
            .ipVersion(NcOptions.IpVersion.V6)
            .timeout(Duration.ofSeconds(5))
            .build();
    CompletableFuture<Boolean> run = runInBackground(options, stdin);
    int port = listeningPort();
    assertThatThrownBy(
            () ->
                SocketChannel.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)))
        .isInstanceOf(ConnectException.class);
    try (SocketChannel v6 =
        SocketChannel.open(new InetSocketAddress(InetAddress.getByName("::1"), port))) {
      v6.shutdownOutput();
      assertThat(readToEnd(v6)).isEmpty();
    }
    assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(events).noneMatch(NcEvent.PeerRejected.class::isInstance);
  }

  /** {@code -L} on the loopback address, ending 2 s after the last client when nobody comes. */
  private static NcOptions listenHarderOnLoopback() {
    return NcOptions.builder()
        .mode(NcOptions.Mode.LISTEN)
        .keepListening(true)
        .localAddress(InetAddress.getLoopbackAddress().getHostAddress())
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  private CompletableFuture<Boolean> runInBackground(NcOptions options, Pipe stdin) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    WritableOutput output = new WritableOutput();
    Thread.ofPlatform()
        .name("test-listen-engine")
        .daemon()
        .start(
            () -> {
              try {
                result.complete(
                    new Netcat(options, events::add)
                        .run(stdin.source(), Channels.newChannel(output)));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  private int listeningPort() {
    return await("listening")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .filter(NcEvent.Listening.class::isInstance)
                    .map(e -> ((NcEvent.Listening) e).local().getPort())
                    .findFirst()
                    .orElse(0),
            port -> port > 0);
  }

  private static boolean resetOrEnd(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketException e) {
      return e.getMessage().contains("reset");
    }
  }

  /** One line from {@code channel}, read a byte at a time so that nothing after it is taken. */
  private static String readLine(SocketChannel channel) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    InputStream in = channel.socket().getInputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static String readToEnd(SocketChannel channel) throws IOException {
    return new String(channel.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void write(Pipe pipe, String text) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      pipe.sink().write(buffer);
    }
  }

  private String text() {
    synchronized (received) {
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  /** Collects what the engine writes to its output, safe to read from the test thread. */
  private final class WritableOutput extends OutputStream {
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
  }
}
