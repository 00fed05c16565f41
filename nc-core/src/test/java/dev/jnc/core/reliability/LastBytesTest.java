package dev.jnc.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.EngineRun;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import dev.jnc.core.testing.Loopback;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The last bytes of a fast pipe arrive (toybox#262: a page of input plus a final line, where the
 * final line was lost when input ended). Repeated, because a lost tail is a race: each repetition
 * runs the whole engine over a new loopback connection, both ways.
 */
@ExtendWith(EngineCheck.class)
class LastBytesTest {

  /** One page, then a line without anything after it. */
  private static final byte[] PAYLOAD = payload();

  @RepeatedTest(100)
  @Timeout(20)
  void aPageAndAFinalLineArriveBothWays() throws Exception {
    try (ServerSocketChannel server = Loopback.listen()) {
      InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
      NcOptions options =
          NcOptions.builder()
              .host(address.getAddress().getHostAddress())
              .port(address.getPort())
              .build();
      try (EngineRun run = EngineRun.start(options);
          SocketChannel peer = server.accept()) {
        // The whole input in one write and its end right after, as `printf ... | jnc` does.
        run.type(PAYLOAD);
        run.endInput();
        assertThat(Loopback.readToEnd(peer)).as("what the peer got").isEqualTo(PAYLOAD);

        peer.write(ByteBuffer.wrap(PAYLOAD));
        peer.close();
        assertThat(run.readOutput(PAYLOAD.length)).as("what jnc wrote").isEqualTo(PAYLOAD);
        assertThat(run.awaitResult()).isTrue();
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
