package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc side by side with Nmap's ncat (Debian {@code ncat} 7.93): the CRLF conversion of {@code -C}
 * byte for byte, and 64 MiB transfers each way with jnc in both roles.
 *
 * <p>ncat has no way to report the port a listener on port 0 got, so the test lets the kernel pick
 * a free port, releases it and gives it to ncat.
 */
class NcatInteropIT {

  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(60);
  private static final long SIZE = 64L * 1024 * 1024;

  /**
   * ncat's CRLF cases sent as separate writes: a CR and its LF in different writes, lone CRs, LFs
   * after CRs, a CR at the very end. Each write reaches the sender as one read, because the next
   * one is written only after the receiver has seen the converted bytes of this one.
   */
  private static final List<String> CRLF_WRITES =
      List.of(
          "line\r",
          "\nnext",
          "line",
          "\n",
          "\n\n",
          "\r",
          "\r",
          "\n",
          "a\r",
          "b\n",
          "\r\n",
          "\r\r\n",
          "x\ry\n",
          "no newline",
          "\n\r\n\r");

  @TempDir static Path shared;

  private static PeerTransfers transfers;

  @TempDir Path dir;

  @BeforeAll
  static void buildAndWriteData() throws Exception {
    assumeTrue(Launcher.installed("ncat"), "ncat (Debian package ncat) is installed");
    Launcher.ensureBuilt();
    Path sent = shared.resolve("sent");
    transfers =
        new PeerTransfers(
            "ncat",
            NcatInteropIT::ncatListener,
            Pattern.compile("Ncat: Listening on 127\\.0\\.0\\.1:(\\d+)"),
            port -> Launcher.command("ncat", "127.0.0.1", port),
            sent,
            DataFiles.writeRandom(sent, 11, SIZE));
  }

  @Test
  @Timeout(60)
  void crlfConversionEqualsNcatsByteForByte() throws Exception {
    byte[] ncat = sendInWrites("ncat", "-C");
    byte[] jnc = sendInWrites(Launcher.JNC.toString(), "-C");

    String input = String.join("", CRLF_WRITES);
    assertThat(new String(ncat, StandardCharsets.ISO_8859_1))
        .as("ncat converted something")
        .isNotEqualTo(input);
    assertThat(new String(jnc, StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(ncat, StandardCharsets.ISO_8859_1));
  }

  @Test
  @Timeout(120)
  void ncatListenerSendsToJncClientWithNothingToSendAndNoFin() throws Exception {
    transfers.peerListenerSendsToJncClientWithoutOurFin(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void jncClientSendsToNcatListener() throws Exception {
    transfers.jncClientSendsToPeerListener(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void ncatListenerSendsToJncClient() throws Exception {
    transfers.peerListenerSendsToJncClient(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void ncatClientSendsToJncListener() throws Exception {
    transfers.peerClientSendsToJncListener(dir.resolve("received"));
  }

  @Test
  @Timeout(120)
  void jncListenerSendsToNcatClient() throws Exception {
    transfers.jncListenerSendsToPeerClient(dir.resolve("received"));
  }

  /**
   * Runs {@code program options 127.0.0.1 port} against a listener of ours, feeding it {@link
   * #CRLF_WRITES} one write at a time, and returns everything it sent.
   */
  private static byte[] sendInWrites(String program, String option) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout((int) READY_BOUND.toMillis());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (RunningProcess sender =
          RunningProcess.startWithOpenStdin(
              Launcher.command(
                  program, option, "127.0.0.1", Integer.toString(server.getLocalPort())),
              null)) {
        try (Socket socket = server.accept()) {
          Thread reader =
              Thread.ofPlatform().name("crlf-receiver").start(() -> readAll(socket, got));
          OutputStream stdin = sender.stdin();
          for (String write : CRLF_WRITES) {
            int before = size(got);
            stdin.write(write.getBytes(StandardCharsets.ISO_8859_1));
            stdin.flush();
            await("bytes of write " + write.replace("\r", "\\r").replace("\n", "\\n"))
                .atMost(Duration.ofSeconds(10))
                .until(() -> size(got) > before);
          }
          sender.closeStdin();
          reader.join(RUN_BOUND);
          assertThat(reader.isAlive()).as("the sender's FIN arrived").isFalse();
        }
        assertThat(sender.waitForExit(RUN_BOUND)).as(program + " exit status").isZero();
        synchronized (got) {
          return got.toByteArray();
        }
      }
    }
  }

  private static void readAll(Socket socket, ByteArrayOutputStream got) {
    try (InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (got) {
          got.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int size(ByteArrayOutputStream got) {
    synchronized (got) {
      return got.size();
    }
  }

  /** {@code ncat -l} on 127.0.0.1 and a port the kernel just handed out and we released. */
  private static List<String> ncatListener() {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Launcher.command("ncat", "-v", "-l", "127.0.0.1", Integer.toString(port));
  }
}
