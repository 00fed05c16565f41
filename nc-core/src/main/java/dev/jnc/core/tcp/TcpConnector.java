package dev.jnc.core.tcp;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.net.AddressText;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;

/** Opens outbound TCP connections, with an optional local address and connect timeout. */
public final class TcpConnector {

  private final InetAddress localAddress;
  private final int localPort;
  private final Duration timeout;
  private final NcListener listener;

  /**
   * @param localAddress {@code -s}, or {@code null}
   * @param localPort {@code -p}, or 0
   * @param timeout {@code -w}, or {@code null} to wait as long as the kernel does
   */
  public TcpConnector(
      InetAddress localAddress, int localPort, Duration timeout, NcListener listener) {
    this.localAddress = localAddress;
    this.localPort = localPort;
    this.timeout = timeout;
    this.listener = listener;
  }

  /**
   * Connects to {@code remote}, emitting {@link NcEvent.Connecting} and then {@link
   * NcEvent.Connected} or {@link NcEvent.ConnectFailed}.
   *
   * @return the connected channel in blocking mode, or the reason the attempt failed
   * @throws IOException only for local faults (bad {@code -s}, port in use)
   */
  public Attempt connect(InetSocketAddress remote) throws IOException {
    listener.onEvent(new NcEvent.Connecting(System.nanoTime(), remote));
    SocketChannel channel = open(remote.getAddress());
    boolean done = false;
    try {
      bind(channel, remote.getAddress());
      String failure = connect(channel, remote);
      if (failure != null) {
        listener.onEvent(new NcEvent.ConnectFailed(System.nanoTime(), remote, failure));
        return new Attempt(null, failure);
      }
      InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
      listener.onEvent(new NcEvent.Connected(System.nanoTime(), local, remote));
      done = true;
      return new Attempt(channel, null);
    } finally {
      if (!done) {
        channel.close();
      }
    }
  }

  /**
   * The outcome of one connect.
   *
   * @param channel the connection, or {@code null} when it failed
   * @param failure why it failed, in netcat's words ({@code Connection refused})
   */
  public record Attempt(SocketChannel channel, String failure) {}

  private void bind(SocketChannel channel, InetAddress peer) throws IOException {
    if (localAddress != null || localPort != 0) {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      try {
        channel.bind(AddressFamily.localEnd(peer, localAddress, localPort));
      } catch (BindException e) {
        // Still a BindException, so that -r draws another port; the message says which bind failed
        // (alone, "Cannot assign requested address" did not say that -s was the problem).
        BindException clear =
            new BindException(
                "cannot bind to "
                    + AddressText.localEnd(localAddress, localPort)
                    + ": "
                    + e.getMessage());
        clear.initCause(e);
        throw clear;
      }
    }
  }

  /** Returns {@code null} on success, else the reason in netcat's words. */
  private String connect(SocketChannel channel, InetSocketAddress remote) throws IOException {
    if (timeout == null) {
      try {
        channel.connect(remote);
        return null;
      } catch (IOException e) {
        return reason(e);
      }
    }
    channel.configureBlocking(false);
    try {
      return connectBefore(channel, remote, System.nanoTime() + timeout.toNanos());
    } catch (IOException e) {
      return reason(e);
    } finally {
      // The selector is closed by now, so the key is gone; a failed connect closed the channel.
      if (channel.isOpen()) {
        channel.configureBlocking(true);
      }
    }
  }

  private static String connectBefore(
      SocketChannel channel, InetSocketAddress remote, long deadline) throws IOException {
    try (Selector selector = Selector.open()) {
      if (channel.connect(remote)) {
        return null;
      }
      channel.register(selector, SelectionKey.OP_CONNECT);
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return "Connection timed out";
        }
        selector.select(left);
        if (channel.finishConnect()) {
          return null;
        }
      }
    }
  }

  static SocketChannel open(InetAddress address) throws IOException {
    return SocketChannel.open(AddressFamily.of(address));
  }

  /** The kernel's words for a connect failure, as netcat prints them. */
  public static String reason(IOException e) {
    if (e instanceof ConnectException && e.getMessage() != null) {
      String message = e.getMessage();
      if (message.toLowerCase(Locale.ROOT).contains("refused")) {
        return "Connection refused";
      }
      if (message.toLowerCase(Locale.ROOT).contains("timed out")) {
        return "Connection timed out";
      }
      return message;
    }
    if (e instanceof NoRouteToHostException) {
      return "No route to host";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
