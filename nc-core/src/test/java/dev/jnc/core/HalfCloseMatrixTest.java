package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The half-close matrix: jnc as client and as listener, against a peer that sends, reads our data,
 * shuts down its output and waits for our FIN in every order that makes sense, with our input
 * ending before the peer starts or only once the peer waits for it. In every case both directions
 * arrive whole and the run ends by itself.
 */
@ExtendWith(EngineCheck.class)
class HalfCloseMatrixTest {

  private static final int SIZE = 256 * 1024;
  private static final int BOUND_SECONDS = 20;

  /** What the peer does, in order. */
  enum Action {
    SEND,
    READ,
    SHUTDOWN,
    AWAIT_EOF
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (List<Action> order : orders()) {
      for (boolean listener : new boolean[] {false, true}) {
        for (boolean inputEndsFirst : new boolean[] {true, false}) {
          cases.add(Arguments.of(order, listener, inputEndsFirst));
        }
      }
    }
    return cases.stream();
  }

  /** Every order of the four actions where data is sent before the FIN and read before EOF. */
  private static List<List<Action>> orders() {
    List<List<Action>> orders = new ArrayList<>();
    permute(new ArrayList<>(), new ArrayList<>(List.of(Action.values())), orders);
    return orders.stream()
        .filter(o -> o.indexOf(Action.SEND) < o.indexOf(Action.SHUTDOWN))
        .filter(o -> o.indexOf(Action.READ) < o.indexOf(Action.AWAIT_EOF))
        .toList();
  }

  private static void permute(List<Action> prefix, List<Action> rest, List<List<Action>> out) {
    if (rest.isEmpty()) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (Action action : List.copyOf(rest)) {
      prefix.add(action);
      rest.remove(action);
      permute(prefix, rest, out);
      rest.add(action);
      prefix.removeLast();
    }
  }

  @ParameterizedTest(name = "{0}, jnc listens: {1}, input ends first: {2}")
  @MethodSource("matrix")
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void bothDirectionsArriveWholeAndTheRunEnds(
      List<Action> order, boolean listener, boolean inputEndsFirst, EventLog events)
      throws Exception {
    byte[] ours = random(1, SIZE);
    byte[] theirs = random(2, SIZE);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Pipe stdin = Pipe.open();
    CountDownLatch peerAwaitsEof = new CountDownLatch(1);
    CompletableFuture<Void> feeder =
        CompletableFuture.runAsync(
            () -> feed(stdin.sink(), ours, inputEndsFirst ? null : peerAwaitsEof));

    try (EngineRunner runner = new EngineRunner();
        ServerSocketChannel server = listener ? null : Loopback.listen()) {
      NcOptions.Builder options = NcOptions.builder();
      if (listener) {
        options.mode(NcOptions.Mode.LISTEN).localAddress("127.0.0.1");
      } else {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        options.host(address.getAddress().getHostAddress()).port(address.getPort());
      }
      Future<Boolean> run =
          runner.start(options.build(), events, stdin.source(), Channels.newChannel(stdout));

      byte[] received;
      try (SocketChannel peer =
          listener
              ? SocketChannel.open(
                  new InetSocketAddress(
                      InetAddress.getLoopbackAddress(),
                      events.awaitFirst(NcEvent.Listening.class).local().getPort()))
              : server.accept()) {
        received = play(peer, order, theirs, peerAwaitsEof);
      }

      assertThat(run.get(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(received).as("what the peer received").isEqualTo(ours);
      assertThat(stdout.toByteArray()).as("what jnc wrote to stdout").isEqualTo(theirs);
    } finally {
      peerAwaitsEof.countDown();
      feeder.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Runs the peer's script and returns everything it read. */
  private static byte[] play(
      SocketChannel peer, List<Action> order, byte[] data, CountDownLatch awaitingEof)
      throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    for (Action action : order) {
      switch (action) {
        case SEND -> {
          ByteBuffer buffer = ByteBuffer.wrap(data);
          while (buffer.hasRemaining()) {
            peer.write(buffer);
          }
        }
        case READ -> read.write(Loopback.readExactly(peer, SIZE));
        case SHUTDOWN -> peer.shutdownOutput();
        case AWAIT_EOF -> {
          awaitingEof.countDown();
          read.write(Loopback.readToEnd(peer));
        }
      }
    }
    return read.toByteArray();
  }

  /** Writes our input, then ends it at once or only when the peer starts waiting for our FIN. */
  private static void feed(Pipe.SinkChannel sink, byte[] data, CountDownLatch endWhen) {
    try (sink) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        sink.write(buffer);
      }
      if (endWhen != null) {
        endWhen.await(BOUND_SECONDS, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // jnc stopped reading its input (it ended the run): nothing more to feed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }
}
