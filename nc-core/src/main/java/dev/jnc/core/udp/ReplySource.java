package dev.jnc.core.udp;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.net.AddressFamily;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Our address as a UDP peer reaches it, for a listener bound to every interface: the one the kernel
 * sends our replies from. nc 1.10 connects its socket to learn it, but a connect makes the JDK drop
 * the datagrams already queued (two of three, tried), so a throwaway socket asks instead.
 */
final class ReplySource {

  private ReplySource() {}

  /** {@code bound} itself when it names one address; else the address toward {@code peer}. */
  static InetSocketAddress toward(InetSocketAddress peer, InetSocketAddress bound) {
    if (!bound.getAddress().isAnyLocalAddress()) {
      return bound;
    }
    try (DatagramChannel probe = DatagramChannel.open(AddressFamily.of(peer.getAddress()))) {
      probe.connect(peer);
      InetAddress ours = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
      return new InetSocketAddress(ours, bound.getPort());
    } catch (IOException e) {
      return bound;
    }
  }

  /** A listener's refusal of {@code sender}, on {@code channel}'s address toward it. */
  static NcEvent.PeerRejected rejection(InetSocketAddress sender, DatagramChannel channel)
      throws IOException {
    return new NcEvent.PeerRejected(
        System.nanoTime(), toward(sender, (InetSocketAddress) channel.getLocalAddress()), sender);
  }
}
