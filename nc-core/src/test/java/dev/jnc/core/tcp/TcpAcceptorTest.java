package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.core.event.NcListener;
import dev.jnc.core.options.NcOptions.IpVersion;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpAcceptorTest {

  /**
   * A server on {@code [::1]:P} alone: the dual-stack listener cannot have P, nc 1.10's and
   * OpenBSD's IPv4 listeners can, and so does ours then ({@code cannot listen ... Address already
   * in use} before).
   */
  @Test
  void aPortHeldOnIpv6LoopbackOnlyIsListenedOnWithIpv4() throws Exception {
    InetAddress ipv6Loopback = InetAddress.getByName("::1");
    ServerSocketChannel holder;
    try {
      holder = ServerSocketChannel.open().bind(new InetSocketAddress(ipv6Loopback, 0));
    } catch (java.io.IOException | UnsupportedOperationException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (holder) {
      int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();

      try (TcpAcceptor acceptor = TcpAcceptor.bind(null, port, IpVersion.ANY, 1, NcListener.NONE);
          SocketChannel client =
              SocketChannel.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port))) {
        assertThat(acceptor.localAddress().getPort()).isEqualTo(port);
        assertThat(acceptor.localAddress().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(client.isConnected()).isTrue();
      }
    }
  }
}
