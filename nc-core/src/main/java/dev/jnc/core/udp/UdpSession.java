package dev.jnc.core.udp;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.tcp.InputPump;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/** {@code -u}: a UDP client or listener, on top of a {@link DatagramRelay}. */
public final class UdpSession {

  private final Duration timeout;
  private final Duration quitAfterEof;
  private final NcListener listener;

  /**
   * @param timeout {@code -w}: after our input ends, how long to wait for more datagrams
   * @param quitAfterEof {@code -q}: deadline after our input ends
   */
  public UdpSession(Duration timeout, Duration quitAfterEof, NcListener listener) {
    this.timeout = timeout;
    this.quitAfterEof = quitAfterEof;
    this.listener = listener;
  }

  /**
   * Sends input to {@code remote} and prints what comes back. The socket is connected, so the
   * kernel delivers only {@code remote}'s datagrams and reports an ICMP port unreachable.
   *
   * @param local {@code -s}/{@code -p}, or {@code null}
   */
  public NcEvent.Closed connect(
      InetSocketAddress remote, InetSocketAddress local, InputPump pump, WritableByteChannel output)
      throws IOException {
    listener.onEvent(new NcEvent.Connecting(System.nanoTime(), remote));
    try (DatagramChannel channel = open(remote.getAddress())) {
      if (local != null) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(local);
      }
      channel.connect(remote);
      listener.onEvent(
          new NcEvent.Connected(
              System.nanoTime(), (InetSocketAddress) channel.getLocalAddress(), remote));
      pump.start();
      return new DatagramRelay(channel, remote, pump, output, timeout, quitAfterEof, listener)
          .run();
    }
  }

  /**
   * Binds and serves the first peer that sends a datagram.
   *
   * @param address {@code null} for every interface
   * @param ipv4Only {@code -4}
   */
  public NcEvent.Closed listen(
      InetAddress address, int port, boolean ipv4Only, InputPump pump, WritableByteChannel output)
      throws IOException {
    DatagramChannel channel;
    try {
      channel = address == null ? openAny(ipv4Only) : open(address);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      String where = (address == null ? "any" : address.getHostAddress()) + " port " + port;
      throw NcException.network("cannot listen on " + where + ": " + e.getMessage(), e);
    }
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    listener.onEvent(new NcEvent.Listening(System.nanoTime(), local));
    try (channel) {
      pump.start();
      return new DatagramRelay(channel, null, pump, output, timeout, quitAfterEof, listener).run();
    } finally {
      listener.onEvent(new NcEvent.ListenClosed(System.nanoTime(), local));
    }
  }

  private static DatagramChannel open(InetAddress address) throws IOException {
    return DatagramChannel.open(
        address instanceof Inet4Address
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6);
  }

  private static DatagramChannel openAny(boolean ipv4Only) throws IOException {
    if (!ipv4Only) {
      try {
        return DatagramChannel.open(StandardProtocolFamily.INET6);
      } catch (UnsupportedOperationException | IOException e) {
        // IPv6 disabled on this host: IPv4 only.
      }
    }
    return DatagramChannel.open(StandardProtocolFamily.INET);
  }
}
