package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * jnc grows its stdin pipe to 1 MiB once bytes flow in bulk, over TCP or UDP, and leaves it alone
 * for a line. Seen from our end of the pipe: {@code fcntl(F_GETPIPE_SZ)} on the descriptor this JVM
 * writes to.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(60)
class StdinPipeGrowthIT {

  private static final int F_GETPIPE_SZ = 1032;
  private static final int DEFAULT_PIPE = 64 * 1024;
  private static final int GROWN_PIPE = 1024 * 1024;
  private static final long BULK_BYTES = 8L * 1024 * 1024;

  /** Linked once: the awaits below ask for the size many times. */
  private static final MethodHandle FCNTL = fcntl();

  private static MethodHandle fcntl() {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(
        linker.defaultLookup().find("fcntl").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
        Linker.Option.firstVariadicArg(2));
  }

  @Test
  void aLineLeavesThePipeAloneAndBulkDataGrowsIt() throws Exception {
    Launcher.ensureBuilt();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RunningProcess jnc =
            RunningProcess.startWithPipes(
                Launcher.jnc("127.0.0.1", String.valueOf(server.getLocalPort())));
        Socket peer = server.accept()) {
      int pipe = ourEndOfStdinOf(jnc.pid());
      OutputStream stdin = jnc.stdin();
      InputStream fromJnc = peer.getInputStream();

      stdin.write("hello\n".getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
      assertThat(fromJnc.readNBytes(6)).asString(StandardCharsets.US_ASCII).isEqualTo("hello\n");
      await("the pipe stays at its default size after a line")
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> pipeSize(pipe) == DEFAULT_PIPE);

      AtomicLong drained = new AtomicLong();
      Thread drain =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try {
                      for (int n; (n = fromJnc.read(buffer)) > 0; ) {
                        drained.addAndGet(n);
                      }
                    } catch (IOException e) {
                      // The test's assertions tell what went wrong.
                    }
                  });
      writeBulkAndAwaitGrowth(stdin, pipe);
      jnc.closeStdin();
      drain.join(Duration.ofSeconds(20));
      assertThat(drained.get()).isEqualTo(BULK_BYTES);
      // jnc sent its FIN after our EOF and waits for the peer's, as netcat does.
      peer.close();
      assertThat(jnc.waitForExit(Duration.ofSeconds(20))).isZero();
    }
  }

  /** A UDP send carries at most 64 KB: bulk datagrams grow the pipe too, and keep their size. */
  @Test
  void bulkDatagramsGrowThePipe() throws Exception {
    Launcher.ensureBuilt();
    try (DatagramChannel receiver = DatagramChannel.open()) {
      receiver.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024 * 1024);
      receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
      try (RunningProcess jnc =
          RunningProcess.startWithPipes(
              Launcher.jnc(
                  "-u", "-q", "0", "--datagram-size", "1400", "127.0.0.1", String.valueOf(port)))) {
        int pipe = ourEndOfStdinOf(jnc.pid());
        AtomicLong largest = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Thread drain =
            Thread.ofPlatform()
                .start(
                    () -> {
                      ByteBuffer datagram = ByteBuffer.allocate(65536);
                      try {
                        while (received.get() < BULK_BYTES) {
                          receiver.receive(datagram.clear());
                          largest.accumulateAndGet(datagram.position(), Math::max);
                          received.addAndGet(datagram.position());
                        }
                      } catch (IOException e) {
                        // Closed at the end of the test: UDP may lose some of the bytes.
                      }
                    });
        writeBulkAndAwaitGrowth(jnc.stdin(), pipe);
        jnc.closeStdin();
        assertThat(jnc.waitForExit(Duration.ofSeconds(20))).isZero();
        await("datagrams received").atMost(Duration.ofSeconds(10)).until(() -> largest.get() > 0);
        receiver.close();
        drain.join(Duration.ofSeconds(10));
        assertThat(largest.get()).isEqualTo(1400);
      }
    }
  }

  /** Writes {@link #BULK_BYTES} to jnc's stdin, then waits until its pipe has grown. */
  private static void writeBulkAndAwaitGrowth(OutputStream stdin, int pipe) throws IOException {
    byte[] chunk = new byte[256 * 1024];
    for (int i = 0; i < BULK_BYTES / chunk.length; i++) {
      stdin.write(chunk);
    }
    stdin.flush();
    await("the pipe grown to 1 MiB once 8 MiB flowed")
        .atMost(Duration.ofSeconds(20))
        .until(() -> pipeSize(pipe) == GROWN_PIPE);
  }

  /**
   * The descriptor of this JVM that is the write end of the pipe {@code pid} reads as stdin. Waited
   * for: until the launcher execs java, its shell's {@code read < file} points descriptor 0 at that
   * file for a moment (seen in a clean clone's CI: {@code .mvn/.launcher-jdk}).
   */
  private static int ourEndOfStdinOf(long pid) throws IOException {
    Path stdin = Path.of("/proc/" + pid + "/fd/0");
    Path theirs =
        await("jnc's stdin, once its launcher reads no file on descriptor 0")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> Files.readSymbolicLink(stdin), link -> link.toString().startsWith("pipe:"));
    assertThat(theirs.toString()).startsWith("pipe:");
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> theirs.equals(link(fd)))
          .mapToInt(fd -> Integer.parseInt(fd.getFileName().toString()))
          .findFirst()
          .orElseThrow();
    }
  }

  private static Path link(Path fd) {
    try {
      return Files.readSymbolicLink(fd);
    } catch (IOException e) {
      return null; // closed while listed, such as the descriptor of the listing itself
    }
  }

  private static int pipeSize(int fd) {
    try {
      return (int) FCNTL.invokeExact(fd, F_GETPIPE_SZ);
    } catch (Throwable e) {
      throw new IllegalStateException("fcntl(F_GETPIPE_SZ) on " + fd, e);
    }
  }
}
