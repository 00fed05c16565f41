package dev.jnc.core.tcp;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.net.Ipv6Only;
import dev.jnc.core.net.SocketDescriptor;
import dev.jnc.core.options.NcOptions.IpVersion;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A bound listening socket that hands out accepted connections one at a time. Closing it emits
 * {@link NcEvent.ListenClosed}.
 */
public final class TcpAcceptor implements AutoCloseable {

  private final ServerSocketChannel server;
  private final InetSocketAddress local;
  private final NcListener listener;

  private TcpAcceptor(ServerSocketChannel server, NcListener listener) throws IOException {
    this.server = server;
    this.local = (InetSocketAddress) server.getLocalAddress();
    this.listener = listener;
  }

  /**
   * Binds and listens. {@code SO_REUSEADDR} is set so that TIME_WAIT sockets of an earlier run do
   * not block the port, as every netcat does.
   *
   * @param address {@code null} for every interface
   * @param port 0 for a port of the kernel's choosing
   * @param version {@code -4} or {@code -6} keep out the other family's peers
   */
  public static TcpAcceptor bind(
      InetAddress address, int port, IpVersion version, int backlog, NcListener listener)
      throws NcException {
    return bind(address, port, version, backlog, 0, listener);
  }

  /**
   * As {@link #bind(InetAddress, int, IpVersion, int, NcListener)}, with {@code SO_RCVBUF} set
   * before binding so that accepted connections inherit it (and the window scale it implies).
   *
   * @param receiveBuffer bytes, or 0 for the system default
   */
  public static TcpAcceptor bind(
      InetAddress address,
      int port,
      IpVersion version,
      int backlog,
      int receiveBuffer,
      NcListener listener)
      throws NcException {
    ServerSocketChannel server = null;
    try {
      ProtocolFamily family =
          address != null
              ? AddressFamily.of(address)
              : version == IpVersion.V4
                  ? StandardProtocolFamily.INET
                  : StandardProtocolFamily.INET6;
      try {
        server = ServerSocketChannel.open(family);
      } catch (UnsupportedOperationException | IOException e) {
        if (address != null || family == StandardProtocolFamily.INET) {
          throw e;
        }
        // IPv6 turned off on this host: IPv4 only.
        family = StandardProtocolFamily.INET;
        server = ServerSocketChannel.open(family);
      }
      // The family's own wildcard: the JDK's follows java.net.preferIPv6Addresses (AddressFamily).
      InetAddress local = address != null ? address : AddressFamily.wildcard(family);
      if (version == IpVersion.V6) {
        Ipv6Only.restrict(server);
      }
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (receiveBuffer > 0) {
        server.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      server.bind(new InetSocketAddress(local, port), backlog);
      TcpAcceptor acceptor = new TcpAcceptor(server, listener);
      listener.onEvent(new NcEvent.Listening(System.nanoTime(), acceptor.local));
      return acceptor;
    } catch (IOException e) {
      closeQuietly(server);
      if (address == null && version == IpVersion.ANY && e instanceof BindException) {
        // A server on [::1]:P alone keeps the dual-stack socket off the port, where nc 1.10 and
        // OpenBSD's, which listen on IPv4 only, get it; so do we then.
        try {
          return bind(null, port, IpVersion.V4, backlog, receiveBuffer, listener);
        } catch (NcException ipv4Too) {
          // IPv4 is taken as well: the first failure is the one to report.
        }
      }
      throw NcException.network(
          "cannot listen on " + AddressText.localEnd(address, port) + ": " + e.getMessage(), e);
    }
  }

  public InetSocketAddress localAddress() {
    return local;
  }

  /** The listening socket's descriptor, for options the JDK does not offer (Linux). */
  public Optional<SocketDescriptor> descriptor() throws IOException {
    return SocketDescriptor.of(server);
  }

  /**
   * Waits for a connection that {@code allowed} accepts; others are reset and waiting goes on.
   *
   * @param timeout {@code -w}, or {@code null} to wait for ever
   * @return the connection in blocking mode, or {@code null} when the timeout expired
   */
  public SocketChannel accept(Duration timeout, Predicate<InetSocketAddress> allowed)
      throws IOException {
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    while (true) {
      SocketChannel channel = timeout == null ? server.accept() : acceptBefore(deadline);
      if (channel == null) {
        return null;
      }
      InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
      if (allowed.test(remote)) {
        channel.configureBlocking(true);
        listener.onEvent(
            new NcEvent.Accepted(
                System.nanoTime(), (InetSocketAddress) channel.getLocalAddress(), remote));
        return channel;
      }
      listener.onEvent(
          new NcEvent.PeerRejected(
              System.nanoTime(), (InetSocketAddress) channel.getLocalAddress(), remote));
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      channel.close();
    }
  }

  private SocketChannel acceptBefore(long deadline) throws IOException {
    server.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        SocketChannel channel = server.accept();
        if (channel != null) {
          return channel;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return null;
        }
        selector.select(left);
      }
    } finally {
      server.configureBlocking(true);
    }
  }

  @Override
  public void close() {
    if (server.isOpen()) {
      closeQuietly(server);
      listener.onEvent(new NcEvent.ListenClosed(System.nanoTime(), local));
    }
  }

  private static void closeQuietly(ServerSocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing left to do with a socket we are abandoning.
      }
    }
  }
}
