package dev.jnc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.EngineRunner;
import dev.jnc.core.testing.EventLog;
import dev.jnc.core.testing.HashingOutput;
import dev.jnc.core.testing.Loopback;
import dev.jnc.core.testing.RandomInput;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regular-file paths: a file on stdin goes out with {@code sendfile} from the file's position,
 * a regular file as stdout receives every byte; both byte-exact with the usual events.
 */
@ExtendWith(EngineCheck.class)
class FileFastPathTest {

  /** More than one {@code sendfile} call may move (16 MiB), and not a round number. */
  private static final int FILE_SIZE = 17 * 1024 * 1024 + 12_345;

  private static final int SKIPPED = 1_000;

  @Test
  @Timeout(60)
  void sendsARegularFileFromItsPositionByteExact(@TempDir Path dir, EventLog events)
      throws Exception {
    byte[] content = randomBytes(7, FILE_SIZE);
    Path file = Files.write(dir.resolve("in.bin"), content);
    byte[] expected = Arrays.copyOfRange(content, SKIPPED, FILE_SIZE);

    try (ServerSocketChannel server = Loopback.listen();
        FileChannel input = FileChannel.open(file, StandardOpenOption.READ);
        EngineRunner runner = new EngineRunner()) {
      // A shell's `(read-some; jnc) < file`: what came before the position is not ours to send.
      input.position(SKIPPED);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      NcOptions connect = NcOptions.builder().host("127.0.0.1").port(port).build();
      Future<Boolean> run = runner.start(connect, events, input, new HashingOutput());
      byte[] received;
      try (SocketChannel peer = server.accept()) {
        received = Loopback.readToEnd(peer);
      }
      assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(received).hasSize(expected.length);
      assertThat(Arrays.equals(received, expected)).as("bytes received equal the file's").isTrue();
      assertThat(input.position()).as("the file is left at its end").isEqualTo(FILE_SIZE);
    }
    assertThat(events.only(NcEvent.Closed.class))
        .extracting(NcEvent.Closed::bytesSent, NcEvent.Closed::reason)
        .containsExactly((long) expected.length, CloseReason.COMPLETE);
    assertThat(events.all(NcEvent.BytesOut.class).stream().mapToLong(NcEvent.BytesOut::count).sum())
        .as("BytesOut events add up to the bytes sent")
        .isEqualTo(expected.length);
    assertThat(events.halfCloses()).contains(NcEvent.Direction.OUTBOUND);
  }

  /**
   * A peer that half-closes at once and reads slowly (an upload to a receiver with nothing to say,
   * writing to a slow disk): the file's unsent rest is not input that paused, and all of it
   * arrives. The relay gave up 200 ms into a full socket, after 3.9 of 20 MB, and exited 0.
   */
  @Test
  @Timeout(60)
  void aPeerThatHalfClosesAndReadsLateGetsTheWholeFile(@TempDir Path dir, EventLog events)
      throws Exception {
    byte[] content = randomBytes(13, 24 * 1024 * 1024);
    Path file = Files.write(dir.resolve("upload.bin"), content);
    try (ServerSocketChannel server = Loopback.listen();
        FileChannel input = FileChannel.open(file, StandardOpenOption.READ);
        EngineRunner runner = new EngineRunner()) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      NcOptions connect = NcOptions.builder().host("127.0.0.1").port(port).build();
      Future<Boolean> run = runner.start(connect, events, input, new HashingOutput());
      try (SocketChannel peer = server.accept()) {
        peer.shutdownOutput();
        SentTotal sent = new SentTotal(events);
        await("the sender held by a full socket for longer than its grace")
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> sent.unchangedFor(Duration.ofMillis(600)));
        byte[] received = Loopback.readToEnd(peer);
        assertThat(received).hasSize(content.length);
        assertThat(Arrays.equals(received, content)).as("bytes received equal the file's").isTrue();
      }
      assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * The other side of the same rule: a peer that half-closes and never reads holds the file's rest
   * for ever, and {@code -w} bounds that wait as nc.openbsd's does (jnc waited until the peer
   * left).
   */
  @Test
  @Timeout(60)
  void aPeerThatHalfClosesAndNeverReadsIsGivenUpAfterTheIdleTimeout(
      @TempDir Path dir, EventLog events) throws Exception {
    Path file = Files.write(dir.resolve("upload.bin"), randomBytes(17, 24 * 1024 * 1024));
    try (ServerSocketChannel server = Loopback.listen();
        FileChannel input = FileChannel.open(file, StandardOpenOption.READ);
        EngineRunner runner = new EngineRunner()) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      NcOptions connect =
          NcOptions.builder().host("127.0.0.1").port(port).timeout(Duration.ofSeconds(1)).build();
      Future<Boolean> run = runner.start(connect, events, input, new HashingOutput());
      try (SocketChannel peer = server.accept()) {
        peer.shutdownOutput();
        run.get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(events.only(NcEvent.Closed.class).reason()).isEqualTo(CloseReason.TIMEOUT);
  }

  /** The bytes sent so far, and since when they have not grown. */
  private static final class SentTotal {
    private final EventLog events;
    private long last = -1;
    private long since = System.nanoTime();

    SentTotal(EventLog events) {
      this.events = events;
    }

    boolean unchangedFor(Duration period) {
      long now = System.nanoTime();
      long total =
          events.all(NcEvent.BytesOut.class).stream().mapToLong(NcEvent.BytesOut::count).sum();
      if (total != last) {
        last = total;
        since = now;
      }
      return total > 0 && now - since >= period.toNanos();
    }
  }

  @Test
  @Timeout(60)
  void anEmptyRemainderEndsTheInputAtOnce(@TempDir Path dir, EventLog events) throws Exception {
    Path file = Files.write(dir.resolve("small.bin"), new byte[] {1, 2, 3});
    try (ServerSocketChannel server = Loopback.listen();
        FileChannel input = FileChannel.open(file, StandardOpenOption.READ);
        EngineRunner runner = new EngineRunner()) {
      input.position(3);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      NcOptions connect = NcOptions.builder().host("127.0.0.1").port(port).build();
      Future<Boolean> run = runner.start(connect, events, input, new HashingOutput());
      try (SocketChannel peer = server.accept()) {
        assertThat(Loopback.readToEnd(peer)).isEmpty();
      }
      assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(events.only(NcEvent.Closed.class).bytesSent()).isZero();
  }

  @Test
  @Timeout(60)
  void writesWhatArrivesToARegularFileByteExact(@TempDir Path dir, EventLog events)
      throws Exception {
    byte[] content = randomBytes(11, 5 * 1024 * 1024 + 77);
    Path file = dir.resolve("out.bin");
    try (ServerSocketChannel server = Loopback.listen();
        FileChannel output =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EngineRunner runner = new EngineRunner()) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      NcOptions connect = NcOptions.builder().host("127.0.0.1").port(port).build();
      Future<Boolean> run = runner.start(connect, events, new RandomInput(1, 0), output);
      try (SocketChannel peer = server.accept()) {
        CompletableFuture<byte[]> drained =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return Loopback.readToEnd(peer);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          peer.write(buffer);
        }
        peer.shutdownOutput();
        assertThat(drained.get(30, TimeUnit.SECONDS)).isEmpty();
      }
      assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Arrays.equals(Files.readAllBytes(file), content))
        .as("the file holds exactly what the peer sent")
        .isTrue();
    assertThat(events.only(NcEvent.Closed.class).bytesReceived()).isEqualTo(content.length);
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }
}
