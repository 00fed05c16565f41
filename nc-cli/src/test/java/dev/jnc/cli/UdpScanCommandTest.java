package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jnc -u -z}: a {@code \0} datagram per port, an ICMP port unreachable means closed. */
@Timeout(60)
class UdpScanCommandTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void boundPortIsOpenAndAFreedOneIsRefusedLikeTraditional() throws Exception {
    int closed;
    try (DatagramChannel freed = DatagramChannel.open()) {
      freed.bind(new InetSocketAddress(LOOPBACK, 0));
      closed = ((InetSocketAddress) freed.getLocalAddress()).getPort();
    }
    try (DatagramChannel bound = DatagramChannel.open()) {
      bound.bind(new InetSocketAddress(LOOPBACK, 0));
      String open = Integer.toString(((InetSocketAddress) bound.getLocalAddress()).getPort());

      JncResult jncOpen = JncResult.run("-zuv", "-w", "1", "127.0.0.1", open);
      // The probe was one datagram of one NUL byte, as nc 1.10 sends.
      bound.configureBlocking(false);
      ByteBuffer probe = ByteBuffer.allocate(64);
      assertThat(bound.receive(probe)).as("the probe").isNotNull();
      assertThat(probe.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {0}));
      assertThat(bound.receive(probe.clear())).as("a second probe").isNull();
      PeerResult tradOpen = PeerResult.run(PeerResult.TRADITIONAL, "-zuv", "127.0.0.1", open);
      assertThat(jncOpen.exit()).isZero();
      assertThat(jncOpen.err()).isEqualTo(tradOpen.err()).hasSize(1);

      String refused = Integer.toString(closed);
      JncResult jncClosed = JncResult.run("-zuv", "-w", "1", "127.0.0.1", refused);
      PeerResult tradClosed = PeerResult.run(PeerResult.TRADITIONAL, "-zuv", "127.0.0.1", refused);
      assertThat(jncClosed.exit()).isEqualTo(ExitCode.NETWORK);
      assertThat(jncClosed.err())
          .isEqualTo(tradClosed.err())
          .singleElement()
          .asString()
          .endsWith(refused + " (?) : Connection refused");
    }
  }

  @Test
  void unknownUdpServiceNamesAreAnError() throws IOException {
    JncResult jnc = JncResult.run("-zu", "127.0.0.1", "no-such-service-name");
    assertThat(jnc.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(jnc.err().getFirst()).startsWith("jnc: invalid port");
  }
}
