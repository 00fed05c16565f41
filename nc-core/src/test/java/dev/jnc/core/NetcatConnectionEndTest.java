package dev.jnc.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcEvent.Direction;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.HeldOpenInput;
import dev.jnc.core.testing.Loopback;
import dev.jnc.core.testing.RandomInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a connection ends: who closes first, what happens to bytes in flight, and when jnc gives up.
 * The peer is a plain socket driven by the test, so every FIN and RST is placed on purpose.
 */
@ExtendWith(EngineCheck.class)
class NetcatConnectionEndTest {

  private static final int RUN_BOUND_SECONDS = 20;

  @Test
  @Timeout(30)
  void requestThenHalfCloseThenWholeReply(EventLog events) throws Exception {
    byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII);
    byte[] reply = randomBytes(3, 1024 * 1024);
    ByteArrayOutputStream received = new ByteArrayOutputStream();

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen()) {
      Future<Boolean> run =
          runner.start(
              connectTo(server).build(),
              events,
              Channels.newChannel(new ByteArrayInputStream(request)),
              Channels.newChannel(received));
      try (SocketChannel peer = server.accept()) {
        // readToEnd returns only at our FIN: the request must be complete by then.
        assertThat(Loopback.readToEnd(peer)).isEqualTo(request);
        peer.write(ByteBuffer.wrap(reply));
      }
      assertThat(run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(received.toByteArray()).isEqualTo(reply);
    assertThat(events.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class,
            NcEvent.Connected.class,
            NcEvent.HalfClosed.class,
            NcEvent.HalfClosed.class,
            NcEvent.Closed.class);
    assertThat(events.halfCloses()).containsExactly(Direction.OUTBOUND, Direction.INBOUND);
    assertThat(events.only(NcEvent.Closed.class))
        .extracting(
            NcEvent.Closed::bytesSent, NcEvent.Closed::bytesReceived, NcEvent.Closed::reason)
        .containsExactly((long) request.length, (long) reply.length, CloseReason.COMPLETE);
  }

  @ParameterizedTest(name = "interactive input: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(30)
  void peerClosesFirstWhileOurInputStaysOpen(boolean interactive, EventLog events)
      throws Exception {
    byte[] farewell = "bye\n".getBytes(US_ASCII);
    ByteArrayOutputStream received = new ByteArrayOutputStream();

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen();
        HeldOpenInput input = new HeldOpenInput(new byte[0])) {
      Future<Boolean> run =
          runner.start(
              connectTo(server).interactiveInput(interactive).build(),
              events,
              input,
              Channels.newChannel(received));
      try (SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap(farewell));
      }
      assertThat(run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(received.toByteArray()).isEqualTo(farewell);
    assertThat(events.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class,
            NcEvent.Connected.class,
            NcEvent.HalfClosed.class,
            NcEvent.Closed.class);
    assertThat(events.halfCloses())
        .as("our input never ended, so no FIN of ours")
        .containsExactly(Direction.INBOUND);
    assertThat(events.only(NcEvent.Closed.class).reason()).isEqualTo(CloseReason.PEER_CLOSED);
  }

  @Test
  @Timeout(30)
  void peerThatHalfClosesFirstStillReceivesInputThatKeepsFlowing(EventLog events) throws Exception {
    byte[] upload = randomBytes(4, 2 * 1024 * 1024);

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen();
        HeldOpenInput input = new HeldOpenInput(upload)) {
      Future<Boolean> run =
          runner.start(connectTo(server).build(), events, input, Channels.newChannel(nowhere()));
      try (SocketChannel peer = server.accept()) {
        peer.shutdownOutput();
        assertThat(Loopback.readExactly(peer, upload.length)).isEqualTo(upload);
        // Our input stays open but stops: after the grace period jnc closes, and the peer sees it.
        assertThat(peer.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      }
      assertThat(run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(events.halfCloses()).containsExactly(Direction.INBOUND);
    assertThat(events.only(NcEvent.Closed.class))
        .extracting(
            NcEvent.Closed::bytesSent, NcEvent.Closed::bytesReceived, NcEvent.Closed::reason)
        .containsExactly((long) upload.length, 0L, CloseReason.PEER_CLOSED);
  }

  @Test
  @Timeout(30)
  void idleTimeoutAfterOurInputEndsClosesTheConnection(EventLog events) throws Exception {
    byte[] request = "are you there?\n".getBytes(US_ASCII);

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen()) {
      Future<Boolean> run =
          runner.start(
              connectTo(server).timeout(Duration.ofMillis(300)).build(),
              events,
              Channels.newChannel(new ByteArrayInputStream(request)),
              Channels.newChannel(nowhere()));
      try (SocketChannel peer = server.accept()) {
        assertThat(Loopback.readToEnd(peer)).as("the request, ended by our FIN").isEqualTo(request);
        // The peer neither answers nor closes; -w must end the run, and with it the socket.
        assertThat(run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(peer.write(ByteBuffer.wrap(new byte[] {1})))
            .as("jnc closed: the kernel still takes a write, the next one fails")
            .isEqualTo(1);
      }
    }

    assertThat(events.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class,
            NcEvent.Connected.class,
            NcEvent.HalfClosed.class,
            NcEvent.Closed.class);
    assertThat(events.halfCloses()).containsExactly(Direction.OUTBOUND);
    assertThat(events.only(NcEvent.Closed.class).reason()).isEqualTo(CloseReason.TIMEOUT);
  }

  /**
   * The peer answers and closes while jnc is still sending: its unread input makes the close a
   * reset, which fails jnc's next send. What it answered is already in jnc's socket and must reach
   * the output, as every netcat writes it; jnc dropped it when the send failed.
   */
  @ParameterizedTest(name = "input from a file: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(60)
  void resetWhileSendingStillWritesOutWhatThePeerSentBeforeIt(boolean fromFile, EventLog events)
      throws Exception {
    byte[] answer = randomBytes(9, 60_000);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    Throwable failure;
    Path file = fromFile ? Files.createTempFile("jnc-endless", ".bin") : null;
    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen();
        ReadableByteChannel input =
            fromFile ? writeAndOpen(file, 64 << 20) : new RandomInput(9, 1L << 40)) {
      Future<Boolean> run =
          runner.start(connectTo(server).build(), events, input, Channels.newChannel(written));
      try (SocketChannel peer = server.accept()) {
        peer.read(ByteBuffer.allocate(10));
        ByteBuffer reply = ByteBuffer.wrap(answer);
        while (reply.hasRemaining()) {
          peer.write(reply);
        }
      }
      failure = catchThrowable(() -> run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS));
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }

    assertThat(written.toByteArray()).isEqualTo(answer);
    assertThat(failure)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessage("Connection reset by peer");
    assertThat(events.only(NcEvent.Closed.class).reason()).isEqualTo(CloseReason.RESET);
  }

  private static FileChannel writeAndOpen(Path file, int size) throws Exception {
    Files.write(file, randomBytes(3, size));
    return FileChannel.open(file);
  }

  @Test
  @Timeout(30)
  void resetByPeerFailsAfterWritingOutEverythingReceivedBeforeIt(EventLog events) throws Exception {
    byte[] beforeReset = randomBytes(5, 160 * 1024);
    Pipe output = Pipe.open();
    Throwable failure;
    byte[] written;

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = Loopback.listen();
        HeldOpenInput input = new HeldOpenInput(new byte[0]);
        Pipe.SinkChannel sink = output.sink();
        Pipe.SourceChannel source = output.source()) {
      Future<Boolean> run = runner.start(connectTo(server).build(), events, input, sink);
      try (SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap(beforeReset));
        InetSocketAddress local = (InetSocketAddress) peer.getLocalAddress();
        InetSocketAddress remote = (InetSocketAddress) peer.getRemoteAddress();
        // Nobody reads the output pipe yet, so part of the data waits in jnc's socket. Wait until
        // the kernel has all of it (acknowledged), or SO_LINGER=0 would discard the unsent rest.
        await("the peer's data to be acknowledged")
            .atMost(Duration.ofSeconds(10))
            .until(() -> Loopback.unacknowledgedBytes(local, remote) == 0);
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
      written = Loopback.readExactly(source, beforeReset.length);
      failure = catchThrowable(() -> run.get(RUN_BOUND_SECONDS, TimeUnit.SECONDS));
    }

    assertThat(written).isEqualTo(beforeReset);
    assertThat(failure)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NcException.class)
        .hasMessage("Connection reset by peer");
    assertThat(((NcException) failure.getCause()).kind()).isEqualTo(NcException.Kind.NETWORK);
    assertThat(events.lifecycle())
        .containsExactly(
            NcEvent.Connecting.class,
            NcEvent.Connected.class,
            NcEvent.Closed.class,
            NcEvent.Failed.class);
    assertThat(events.only(NcEvent.Closed.class))
        .extracting(NcEvent.Closed::bytesReceived, NcEvent.Closed::reason)
        .containsExactly((long) beforeReset.length, CloseReason.RESET);
  }

  private static NcOptions.Builder connectTo(ServerSocketChannel server) throws Exception {
    InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
    return NcOptions.builder().host(address.getAddress().getHostAddress()).port(address.getPort());
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  private static ByteArrayOutputStream nowhere() {
    return new ByteArrayOutputStream();
  }
}
