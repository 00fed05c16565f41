package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -w} bounds the connect. The unanswered SYN comes from a loopback listener whose accept
 * queue is full: Linux drops SYNs to such a socket, so the connect neither succeeds nor is refused.
 */
@Timeout(60)
class ConnectTimeoutTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void connectToAFullAcceptQueueTimesOutWithExitOne() throws Exception {
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
      InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
      boolean full = false;
      for (int i = 0; i < 10 && !full; i++) {
        SocketChannel filler = SocketChannel.open();
        fillers.add(filler);
        full = !connectsWithin(filler, address, 500);
      }
      assumeTrue(full, "the accept queue never filled");
      String port = Integer.toString(address.getPort());

      JncResult jnc = JncResult.run("-v", "-w", "1", "127.0.0.1", port);
      PeerResult trad = PeerResult.run(PeerResult.TRADITIONAL, "-v", "-w", "1", "127.0.0.1", port);

      assertThat(jnc.exit()).isEqualTo(ExitCode.NETWORK);
      assertThat(jnc.err()).containsExactly(trad.err().getFirst());
      assertThat(trad.err().getFirst()).endsWith(port + " (?) : Connection timed out");
    } finally {
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  /** Starts a connect and waits at most {@code millis} for the handshake. */
  private static boolean connectsWithin(
      SocketChannel channel, InetSocketAddress address, long millis) throws IOException {
    channel.configureBlocking(false);
    if (channel.connect(address)) {
      return true;
    }
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_CONNECT);
      return selector.select(millis) > 0 && channel.finishConnect();
    }
  }
}
