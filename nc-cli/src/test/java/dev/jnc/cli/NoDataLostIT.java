package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random data through the real {@code bin/jnc}, both ways at once, in both roles, with stdin and
 * stdout as files, as pipes and as the null device, and with {@code -o} on: what arrives has the
 * SHA-256 of what was sent. The size is 1 GiB per direction (about 50 s for the whole class on two
 * cores); {@code -Djnc.reliability.bytes} changes it, as {@code scripts/soak-transfer.sh} does.
 */
class NoDataLostIT {

  private static final long SIZE = Long.getLong("jnc.reliability.bytes", 1L << 30);

  /**
   * The {@code -o} cases: the dump is about five times the data (78 characters a line for 16
   * bytes), so 64 MiB each way writes a 624 MiB dump; docs/reliability.md has the measured cost.
   */
  private static final long DUMP_SIZE = Long.getLong("jnc.reliability.dumpBytes", 64L << 20);

  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(150);

  /** Which end jnc plays. */
  enum Role {
    CONNECT,
    LISTEN
  }

  /** What jnc's stdin and stdout are. */
  enum Io {
    FILES,
    PIPES
  }

  /**
   * Blocking copies each need a thread of their own: the common pool has one thread on two cores,
   * where a copy waiting for jnc would starve the copy jnc waits for.
   */
  static final ExecutorService THREADS =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("test-copy-", 0).factory());

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @EnumSource(Role.class)
  @Timeout(300)
  void randomDataBothWaysThroughFiles(Role role) throws Exception {
    transfer(role, Io.FILES, List.of(), SIZE);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @EnumSource(Role.class)
  @Timeout(300)
  void randomDataBothWaysThroughPipes(Role role) throws Exception {
    transfer(role, Io.PIPES, List.of(), SIZE);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Role.class)
  @Timeout(300)
  void theHexDumpHoldsEveryByteOfBothDirections(Role role) throws Exception {
    Path dump = dir.resolve("dump.hex");
    Sent sent = transfer(role, Io.FILES, List.of("-o", dump.toString()), DUMP_SIZE);

    Dumped dumped = Dumped.read(dump);
    assertThat(dumped.sent().count()).as("bytes dumped as sent (>)").isEqualTo(DUMP_SIZE);
    assertThat(dumped.received().count()).as("bytes dumped as received (<)").isEqualTo(DUMP_SIZE);
    assertThat(dumped.sent().sha256()).as("bytes dumped as sent (>)").isEqualTo(sent.byJnc());
    assertThat(dumped.received().sha256())
        .as("bytes dumped as received (<)")
        .isEqualTo(sent.byPeer());
  }

  @Test
  @Timeout(300)
  void nullDeviceInAndOutSendsNothingAndReadsEverything() throws Exception {
    Path peerIn = dir.resolve("peer.in");
    DataFiles.writeRandom(peerIn, 3, SIZE);
    // stdin and stdout are /dev/null (the helper's defaults); -vv reports what was read.
    try (RunningProcess jnc =
        RunningProcess.start(Launcher.jnc("-vv", "-l", "-s", "127.0.0.1", "-p", "0"), null, null)) {
      int port = jnc.awaitListeningPort(READY_BOUND);
      try (SocketChannel peer = SocketChannel.open(loopback(port))) {
        CompletableFuture<Long> sent = sendFile(peerIn, peer);
        Hashed got = readAll(peer.socket().getInputStream());
        assertThat(got.count()).as("jnc sends nothing from /dev/null").isZero();
        assertThat(sent.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(SIZE);
      }
      assertThat(jnc.waitForExit(RUN_BOUND)).isZero();
      assertThat(jnc.stderrLines()).last().isEqualTo(" sent 0, rcvd " + SIZE);
    }
  }

  /**
   * jnc and a Java peer each send {@code size} random bytes while reading the other's; jnc's stdin
   * ends with its data and the peer half-closes after its own, so both ends see the whole stream.
   */
  private Sent transfer(Role role, Io io, List<String> options, long size) throws Exception {
    Path jncIn = dir.resolve("jnc.in");
    Path jncOut = dir.resolve("jnc.out");
    Path peerIn = dir.resolve("peer.in");
    String jncSent = DataFiles.writeRandom(jncIn, 1, size);
    String peerSent = DataFiles.writeRandom(peerIn, 2, size);

    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      List<String> args = new ArrayList<>(options);
      if (role == Role.CONNECT) {
        args.addAll(List.of("127.0.0.1", Integer.toString(port(server))));
      } else {
        args.addAll(List.of("-v", "-l", "-s", "127.0.0.1", "-p", "0"));
      }
      try (RunningProcess jnc =
          io == Io.FILES
              ? RunningProcess.start(Launcher.jnc(args.toArray(String[]::new)), jncIn, jncOut)
              : RunningProcess.startWithPipes(Launcher.jnc(args.toArray(String[]::new)))) {
        CompletableFuture<Hashed> jncGot = null;
        if (io == Io.PIPES) {
          jncGot = CompletableFuture.supplyAsync(() -> readAllUnchecked(jnc.stdout()), THREADS);
          CompletableFuture.runAsync(() -> copyUnchecked(jncIn, jnc.stdin()), THREADS);
        }
        SocketChannel peer =
            role == Role.CONNECT
                ? server.accept()
                : SocketChannel.open(loopback(jnc.awaitListeningPort(READY_BOUND)));
        try (peer) {
          CompletableFuture<Long> sent = sendFile(peerIn, peer);
          Hashed peerGot = readAll(peer.socket().getInputStream());
          assertThat(sent.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(size);
          assertThat(peerGot.count()).as("bytes the peer got").isEqualTo(size);
          assertThat(peerGot.sha256()).as("what the peer got").isEqualTo(jncSent);
        }
        assertThat(jnc.waitForExit(RUN_BOUND)).as("jnc exit status").isZero();
        assertThat(jnc.stderrLines()).noneMatch(NoDataLostIT::isErrorLine);
        if (jncGot != null) {
          Hashed got = jncGot.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS);
          assertThat(got.count()).as("bytes jnc wrote").isEqualTo(size);
          assertThat(got.sha256()).as("what jnc wrote").isEqualTo(peerSent);
        }
      }
    }
    if (io == Io.FILES) {
      assertThat(jncOut).hasSize(size);
      assertThat(DataFiles.sha256(jncOut)).as("what jnc wrote").isEqualTo(peerSent);
    }
    return new Sent(jncSent, peerSent);
  }

  /** The SHA-256 of what each end sent. */
  record Sent(String byJnc, String byPeer) {}

  /**
   * The bytes of each direction of a netcat hex dump, decoded from every line's hex pairs: {@code >
   * 00000000 47 45 54 ... # GET}, 16 pairs at column 11, blanks where a line is short.
   */
  record Dumped(Hashed sent, Hashed received) {

    private static final int HEX_COLUMN = 11;

    static Dumped read(Path dump) throws Exception {
      MessageDigest[] digests = {
        MessageDigest.getInstance("SHA-256"), MessageDigest.getInstance("SHA-256")
      };
      long[] counts = new long[2];
      byte[] decoded = new byte[16];
      try (BufferedReader lines = Files.newBufferedReader(dump, StandardCharsets.ISO_8859_1)) {
        String line;
        while ((line = lines.readLine()) != null) {
          int direction = line.charAt(0) == '>' ? 0 : 1;
          int n = 0;
          for (int at = HEX_COLUMN; n < 16 && line.charAt(at) != ' '; at += 3) {
            decoded[n++] =
                (byte)
                    (Character.digit(line.charAt(at), 16) << 4
                        | Character.digit(line.charAt(at + 1), 16));
          }
          digests[direction].update(decoded, 0, n);
          counts[direction] += n;
        }
      }
      HexFormat hex = HexFormat.of();
      return new Dumped(
          new Hashed(counts[0], hex.formatHex(digests[0].digest())),
          new Hashed(counts[1], hex.formatHex(digests[1].digest())));
    }
  }

  /** A byte count and SHA-256. */
  record Hashed(long count, String sha256) {}

  static Hashed readAll(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[256 * 1024];
    long count = 0;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      digest.update(chunk, 0, n);
      count += n;
    }
    return new Hashed(count, HexFormat.of().formatHex(digest.digest()));
  }

  private static Hashed readAllUnchecked(InputStream in) {
    try {
      return readAll(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyUnchecked(Path file, OutputStream out) {
    try (out) {
      Files.copy(file, out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends the file on its own thread, then half-closes; completes with the count sent. */
  static CompletableFuture<Long> sendFile(Path file, SocketChannel peer) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long done = 0;
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            while (in.read(buffer.clear()) >= 0) {
              buffer.flip();
              while (buffer.hasRemaining()) {
                done += peer.write(buffer);
              }
            }
            peer.shutdownOutput();
            return done;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        THREADS);
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  static int port(ServerSocketChannel server) throws Exception {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** A {@code jnc: } line that is not the {@code -v} summary ({@code jnc: N bytes sent, ...}). */
  static boolean isErrorLine(String line) {
    return line.startsWith("jnc: ") && !SUMMARY.matcher(line).matches();
  }

  private static final java.util.regex.Pattern SUMMARY =
      java.util.regex.Pattern.compile(
          "jnc: \\d+ bytes sent, \\d+ bytes received in [0-9.]+ seconds\\.");
}
