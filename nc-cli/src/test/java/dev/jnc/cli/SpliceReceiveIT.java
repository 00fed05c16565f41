package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past its first MiB, a bulk receive into stdout goes from the socket through a pipe of jnc's own
 * into stdout with {@code splice}, and every byte still arrives: into a file, into a pipe, and into
 * a file opened for appending, which takes no splice and gets the bytes by {@code write}; and a
 * line after the bulk, while the peer waits, is not held back for a bulk train that never comes.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class SpliceReceiveIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(60);
  private static final int HALF = 8 * 1024 * 1024;

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  void aBulkReceiveIntoAFileGoesThroughJncsOwnPipeAndArrivesWhole() throws Exception {
    byte[] data = DataFiles.random(1, 2 * HALF);
    Path out = dir.resolve("out");
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.start(client(server), null, out);
        SocketChannel peer = server.accept()) {
      sendAcrossTheSplice(peer, data, jnc);
      peer.shutdownOutput();
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
      assertThat(jnc.stderrLines()).isEmpty();
    }
    assertThat(DataFiles.sha256(out)).isEqualTo(sha256(data));
  }

  @Test
  void aBulkReceiveIntoAPipeArrivesWhole() throws Exception {
    byte[] data = DataFiles.random(2, 2 * HALF);
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.startWithPipes(client(server));
        SocketChannel peer = server.accept()) {
      jnc.closeStdin();
      CompletableFuture<byte[]> received = DataFiles.readAllInBackground(jnc.stdout());
      peer.write(ByteBuffer.wrap(data));
      peer.shutdownOutput();
      assertThat(received.get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("what jnc wrote to its stdout pipe")
          .isEqualTo(data);
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
    }
  }

  @Test
  void anOutputOpenedForAppendingGetsEveryByteAfterWhatItHeld() throws Exception {
    byte[] data = DataFiles.random(3, 2 * HALF);
    Path out = dir.resolve("log");
    byte[] before = "what the file held\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(out, before);
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.startAppending(client(server), out);
        SocketChannel peer = server.accept()) {
      peer.write(ByteBuffer.wrap(data));
      peer.shutdownOutput();
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
      assertThat(jnc.stderrLines()).isEmpty();
    }
    byte[] written = Files.readAllBytes(out);
    assertThat(written).hasSize(before.length + data.length).startsWith(before);
    assertThat(sha256(written, before.length)).isEqualTo(sha256(data));
  }

  @Test
  void aLineAfterABulkReceiveArrivesWhileThePeerWaitsForAnAnswer() throws Exception {
    byte[] bulk = DataFiles.random(4, 2 * HALF);
    byte[] line = "and now a question\n".getBytes(StandardCharsets.US_ASCII);
    Path out = dir.resolve("out");
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = RunningProcess.start(client(server), null, out);
        SocketChannel peer = server.accept()) {
      sendAcrossTheSplice(peer, bulk, jnc);
      await("the bulk").atMost(RUN_BOUND).until(() -> Files.size(out) == bulk.length);
      peer.write(ByteBuffer.wrap(line));
      // The peer's end stays open: no FIN wakes jnc for a line short of a bulk train.
      await("the line, the connection still open")
          .atMost(RUN_BOUND)
          .until(() -> Files.size(out) == bulk.length + line.length);
      assertThat(jnc.isAlive()).isTrue();
      peer.shutdownOutput();
      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
    }
    byte[] written = Files.readAllBytes(out);
    assertThat(sha256(written, 0, bulk.length)).isEqualTo(sha256(bulk));
    assertThat(new String(written, bulk.length, line.length, StandardCharsets.US_ASCII))
        .isEqualTo("and now a question\n");
  }

  /**
   * Sends the first half of {@code data}, waits until jnc holds a pipe that is none of its stdin,
   * stdout and stderr (its splice is made), and sends the second half through it.
   */
  private static void sendAcrossTheSplice(SocketChannel peer, byte[] data, RunningProcess jnc)
      throws IOException {
    peer.write(ByteBuffer.wrap(data, 0, HALF));
    await("jnc's own pipe for the splice")
        .atMost(RUN_BOUND)
        .until(() -> ownPipeDescriptors(jnc.pid()) == 2);
    peer.write(ByteBuffer.wrap(data, HALF, data.length - HALF));
  }

  private static List<String> client(ServerSocketChannel server) throws Exception {
    return Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server)));
  }

  private static ServerSocketChannel loopbackServer() throws IOException {
    return ServerSocketChannel.open().bind(NoDataLostIT.loopback(0));
  }

  /** Descriptors of {@code pid} beyond 0, 1 and 2 that are ends of one and the same pipe. */
  private static int ownPipeDescriptors(long pid) throws IOException {
    Map<String, Integer> ends = new HashMap<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds.filter(fd -> Integer.parseInt(fd.getFileName().toString()) > 2)
          .map(SpliceReceiveIT::link)
          .filter(target -> target.startsWith("pipe:"))
          .forEach(target -> ends.merge(target, 1, Integer::sum));
    }
    return ends.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static String link(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed while listed
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return sha256(bytes, 0);
  }

  private static String sha256(byte[] bytes, int from) throws Exception {
    return sha256(bytes, from, bytes.length - from);
  }

  private static String sha256(byte[] bytes, int from, int length) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(bytes, from, length);
    return HexFormat.of().formatHex(digest.digest());
  }
}
