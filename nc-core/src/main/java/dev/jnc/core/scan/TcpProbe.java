package dev.jnc.core.scan;

import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.tcp.TcpConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A TCP connect probe: open if the handshake completes, closed otherwise. A connection to itself
 * (the kernel picked the probed port as our ephemeral port, and the SYN met itself: a "simultaneous
 * open") is not an open port: nobody listens there.
 */
final class TcpProbe implements Probe {

  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private SocketChannel channel;
  private long start;

  /**
   * @param local our address and port, or {@code null} for the kernel's choice
   */
  TcpProbe(InetSocketAddress remote, InetSocketAddress local) {
    this.remote = remote;
    this.local = local;
  }

  @Override
  public ProbeOutcome start(Selector selector) throws IOException {
    start = System.nanoTime();
    channel = SocketChannel.open(AddressFamily.of(remote.getAddress()));
    channel.configureBlocking(false);
    if (local != null) {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(local);
    }
    try {
      if (channel.connect(remote)) {
        return connected();
      }
    } catch (IOException e) {
      return failed(TcpConnector.reason(e));
    }
    channel.register(selector, SelectionKey.OP_CONNECT, this);
    return null;
  }

  @Override
  public ProbeOutcome onReady() {
    try {
      return channel.finishConnect() ? connected() : null;
    } catch (IOException e) {
      return failed(TcpConnector.reason(e));
    }
  }

  @Override
  public ProbeOutcome onTimeout() {
    return failed("Connection timed out");
  }

  private ProbeOutcome connected() {
    InetSocketAddress ours;
    try {
      ours = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      return failed(TcpConnector.reason(e));
    }
    if (ours.equals(remote)) {
      return failed("Connection refused");
    }
    return new ProbeOutcome(remote, ours, null, start, System.nanoTime());
  }

  private ProbeOutcome failed(String reason) {
    return new ProbeOutcome(remote, null, reason, start, System.nanoTime());
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // A probe socket has nothing left to lose.
      }
    }
  }
}
