package dev.jnc.lab.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.stream.Stream;

/**
 * A loopback address and the socket family to reach it with: IPv4 sockets on 127.0.0.1 ({@code
 * /proc/net/tcp}), IPv6 on ::1, and Java's default dual-stack sockets on 127.0.0.1, which the
 * kernel keeps as {@code ::ffff:127.0.0.1} in {@code /proc/net/tcp6}.
 */
record Loopback(String label, ProtocolFamily family, InetAddress address) {

  static Stream<Loopback> all() {
    return Stream.of(
        new Loopback("ipv4", StandardProtocolFamily.INET, InetAddress.ofLiteral("127.0.0.1")),
        new Loopback("ipv6", StandardProtocolFamily.INET6, InetAddress.ofLiteral("::1")),
        new Loopback("dual-stack", null, InetAddress.ofLiteral("127.0.0.1")));
  }

  ServerSocketChannel listen() throws IOException {
    ServerSocketChannel server = unboundServer();
    server.bind(new InetSocketAddress(address, 0));
    return server;
  }

  /** A server socket of this loopback's family, for a test that binds it its own way. */
  ServerSocketChannel unboundServer() throws IOException {
    return family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(family);
  }

  SocketChannel unconnected() throws IOException {
    return family == null ? SocketChannel.open() : SocketChannel.open(family);
  }

  SocketChannel bound() throws IOException {
    SocketChannel channel = unconnected();
    channel.bind(new InetSocketAddress(address, 0));
    return channel;
  }

  @Override
  public String toString() {
    return label;
  }
}
