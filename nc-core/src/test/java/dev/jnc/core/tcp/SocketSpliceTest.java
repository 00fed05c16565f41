package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.io.DescriptorOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The splice of received bytes into our output, on real loopback sockets and a real file. */
@EnabledOnOs(OS.LINUX)
class SocketSpliceTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void drainingMovesAtMostAboutItsLimitACallAndEveryByteArrivesBeforeTheEnd() throws Exception {
    byte[] data = new byte[6 * SocketSplice.CHUNK + 12345];
    new Random(6).nextBytes(data);
    long limit = 2L * SocketSplice.CHUNK;
    Path out = dir.resolve("out");
    try (SplicedConnection connection = new SplicedConnection(out, 0)) {
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  connection.peer.write(ByteBuffer.wrap(data));
                  connection.peer.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      List<Long> results = new ArrayList<>();
      await()
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                results.add(connection.splice.drain(limit));
                return results.getLast() < 0;
              });
      sent.join();
      assertThat(results.subList(0, results.size() - 1))
          .as("every call before the end of stream")
          .allSatisfy(n -> assertThat(n).isBetween(0L, limit + SocketSplice.CHUNK));
      assertThat(results.stream().filter(n -> n > 0).mapToLong(Long::longValue).sum())
          .isEqualTo(data.length);
    }
    assertThat(Files.readAllBytes(out)).isEqualTo(data);
  }

  @Test
  void bytesThatCameBeforeAResetAreMovedAndCountedBeforeTheResetIsReported() throws Exception {
    byte[] data = new byte[32 * 1024];
    new Random(7).nextBytes(data);
    Path out = dir.resolve("out");
    try (SplicedConnection connection = new SplicedConnection(out, 0)) {
      SocketSplice splice = connection.splice;
      connection.peer.write(ByteBuffer.wrap(data));
      awaitQueued(connection.accepted, data.length);
      connection.peer.setOption(StandardSocketOptions.SO_LINGER, 0);
      connection.peer.close();

      assertThat(splice.drain(4L * data.length)).isEqualTo(data.length);
      assertThat(splice.failurePending()).as("the reset, kept for the next call").isTrue();
      assertThatThrownBy(() -> splice.drain(1)).isInstanceOf(IOException.class);
    }
    assertThat(Files.readAllBytes(out)).isEqualTo(data);
  }

  @Test
  void afterABulkDrainTheSocketWakesUsForTrainsOnlyUntilADrainFindsLess() throws Exception {
    byte[] bulk = new byte[SocketSplice.CHUNK];
    new Random(8).nextBytes(bulk);
    byte[] small = new byte[1024];
    new Random(9).nextBytes(small);
    Path out = dir.resolve("out");
    // Room for the whole megabyte unread, which a fresh socket's receive buffer is not.
    try (SplicedConnection connection = new SplicedConnection(out, 2 * bulk.length);
        Selector selector = Selector.open()) {
      SocketChannel peer = connection.peer;
      SocketSplice splice = connection.splice;
      connection.accepted.register(selector, SelectionKey.OP_READ);
      peer.write(ByteBuffer.wrap(bulk));
      awaitQueued(connection.accepted, bulk.length);
      assertThat(splice.drain(Long.MAX_VALUE)).isEqualTo(bulk.length);
      assertThat(splice.waitsForTrains()).isTrue();

      peer.write(ByteBuffer.wrap(small));
      awaitQueued(connection.accepted, small.length);
      assertThat(selector.selectNow()).as("1 KiB, short of a train: no wake").isZero();
      assertThat(splice.drain(Long.MAX_VALUE)).isEqualTo(small.length);
      assertThat(splice.waitsForTrains()).isFalse();

      peer.write(ByteBuffer.wrap(small));
      awaitQueued(connection.accepted, small.length);
      assertThat(selector.selectNow()).as("the same 1 KiB once the mark is down").isOne();
      assertThat(splice.drain(Long.MAX_VALUE)).isEqualTo(small.length);
    }
    byte[] written = Files.readAllBytes(out);
    assertThat(written).hasSize(bulk.length + 2 * small.length).startsWith(bulk);
    assertThat(Arrays.copyOfRange(written, bulk.length, bulk.length + small.length))
        .isEqualTo(small);
  }

  /**
   * A loopback connection whose accepted, non-blocking end splices into a new file; its parts close
   * in the reverse order of their making.
   */
  private static final class SplicedConnection implements AutoCloseable {

    final SocketChannel peer;
    final SocketChannel accepted;
    final SocketSplice splice;
    private final ServerSocketChannel server;
    private final FileChannel file;

    /**
     * @param receiveBuffer the accepted socket's {@code SO_RCVBUF}, or 0 for the kernel's default
     */
    SplicedConnection(Path out, int receiveBuffer) throws Exception {
      server = ServerSocketChannel.open();
      if (receiveBuffer > 0) {
        server.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      peer = SocketChannel.open(server.getLocalAddress());
      accepted = server.accept();
      accepted.configureBlocking(false);
      file = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      splice = open(accepted, file, out);
    }

    @Override
    public void close() throws IOException {
      try (server;
          peer;
          accepted;
          file) {
        splice.close();
      }
    }
  }

  private static void awaitQueued(SocketChannel socket, long bytes) {
    await("bytes queued at the receiver").atMost(BOUND).until(() -> receiveQueue(socket) == bytes);
  }

  private static SocketSplice open(SocketChannel socket, FileChannel file, Path path)
      throws Exception {
    DescriptorOutput output = new DescriptorOutput(file, descriptorOf(path));
    Optional<SocketSplice> opened = SocketSplice.openInBackground(socket, output).join();
    assertThat(opened).as("a splice on Linux with native access").isPresent();
    return opened.get();
  }

  /** The socket's receive queue as {@code /proc/net/tcp6} shows it (a dual-stack socket). */
  private static long receiveQueue(SocketChannel socket) throws IOException {
    String local = hexPort(socket.getLocalAddress());
    String remote = hexPort(socket.getRemoteAddress());
    try (Stream<String> lines =
        Stream.concat(
            Files.readAllLines(Path.of("/proc/net/tcp")).stream(),
            Files.readAllLines(Path.of("/proc/net/tcp6")).stream())) {
      return lines
          .map(String::trim)
          .map(line -> line.split("\\s+"))
          .filter(f -> f[1].endsWith(local) && f[2].endsWith(remote))
          .mapToLong(f -> Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16))
          .findFirst()
          .orElse(-1);
    }
  }

  private static String hexPort(SocketAddress address) {
    return String.format(":%04X", ((InetSocketAddress) address).getPort());
  }

  /** The descriptor this process holds open on {@code file}. */
  private static int descriptorOf(Path file) throws IOException {
    Path target = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> target.toString().equals(link(fd)))
          .mapToInt(fd -> Integer.parseInt(fd.getFileName().toString()))
          .findFirst()
          .orElseThrow();
    }
  }

  private static String link(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed while listed
    }
  }
}
