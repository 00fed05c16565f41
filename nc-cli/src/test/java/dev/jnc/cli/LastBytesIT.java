package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * toybox#262 through the real {@code bin/jnc}: a shell pipeline writes a page and a final line as
 * fast as it can and ends, and jnc must send all of it before its FIN; the listener (this test)
 * answers with the same bytes and closes, and jnc must write all of them to its stdout pipe before
 * it exits. A lost tail is a race, so the whole run repeats, each time with a new process and a new
 * connection.
 *
 * <p>100 times, each a new JVM: with picocli compiled for the AOT cache a run costs about 0.3 s
 * (the class takes some 30 s on two shared cores). {@code nc-core}'s {@code LastBytesTest} repeats
 * the same exchange 100 times through the engine in process.
 */
class LastBytesIT {

  private static final byte[] PAYLOAD = payload();

  /** The page, then the final line, from two commands as fast as the pipe takes them. */
  private static final String PIPELINE =
      "{ head -c 4096 /dev/zero | tr '\\0' x; printf 'and the final line\\n'; }"
          + " | exec \"$0\" 127.0.0.1 \"$1\"";

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @RepeatedTest(100)
  @Timeout(30)
  void aPageAndAFinalLineFromAFastPipeArriveBothWays() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open().bind(NoDataLostIT.loopback(0))) {
      Process jnc =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  PIPELINE,
                  Launcher.JNC.toString(),
                  Integer.toString(NoDataLostIT.port(server)))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try (SocketChannel peer = server.accept();
          InputStream stdout = jnc.getInputStream()) {
        assertThat(peer.socket().getInputStream().readAllBytes())
            .as("what jnc sent")
            .isEqualTo(PAYLOAD);
        peer.write(ByteBuffer.wrap(PAYLOAD));
        peer.close();
        assertThat(stdout.readAllBytes()).as("what jnc wrote").isEqualTo(PAYLOAD);
        assertThat(jnc.waitFor(20, TimeUnit.SECONDS)).as("jnc ended").isTrue();
        assertThat(jnc.exitValue()).isZero();
      } finally {
        jnc.destroyForcibly();
      }
    }
  }

  private static byte[] payload() {
    byte[] page = new byte[4096];
    Arrays.fill(page, (byte) 'x');
    byte[] line = "and the final line\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(page, page.length + line.length);
    System.arraycopy(line, 0, all, page.length, line.length);
    return all;
  }
}
