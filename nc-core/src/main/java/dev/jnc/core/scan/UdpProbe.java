package dev.jnc.core.scan;

import dev.jnc.core.net.AddressFamily;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A UDP probe, as nc 1.10 and ncat do it: one {@code \0} datagram on a connected socket. The port
 * is closed if the kernel reports an ICMP port unreachable (a {@link PortUnreachableException} on
 * the next read); an answer or silence until the timeout counts as open, since UDP has no other way
 * to tell.
 */
final class UdpProbe implements Probe {

  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private DatagramChannel channel;
  private long start;

  UdpProbe(InetSocketAddress remote, InetSocketAddress local) {
    this.remote = remote;
    this.local = local;
  }

  @Override
  public ProbeOutcome start(Selector selector) throws IOException {
    start = System.nanoTime();
    channel = DatagramChannel.open(AddressFamily.of(remote.getAddress()));
    channel.configureBlocking(false);
    if (local != null) {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(local);
    }
    channel.connect(remote);
    try {
      channel.write(ByteBuffer.wrap(new byte[] {0}));
    } catch (PortUnreachableException e) {
      return closed();
    }
    channel.register(selector, SelectionKey.OP_READ, this);
    return null;
  }

  @Override
  public ProbeOutcome onReady() {
    try {
      channel.read(ByteBuffer.allocate(1));
      return open();
    } catch (PortUnreachableException e) {
      return closed();
    } catch (IOException e) {
      return new ProbeOutcome(remote, null, e.getMessage(), start, System.nanoTime());
    }
  }

  @Override
  public ProbeOutcome onTimeout() {
    return open();
  }

  private ProbeOutcome open() {
    InetSocketAddress ours;
    try {
      ours = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      ours = null;
    }
    return new ProbeOutcome(remote, ours, null, start, System.nanoTime());
  }

  private ProbeOutcome closed() {
    return new ProbeOutcome(remote, null, "Connection refused", start, System.nanoTime());
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
