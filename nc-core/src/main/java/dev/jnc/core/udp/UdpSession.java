package dev.jnc.core.udp;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.net.AddressFamily;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.net.Ipv6Only;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.IpVersion;
import dev.jnc.core.tcp.DataPath;
import dev.jnc.core.tcp.InputPump;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.function.Predicate;

/** {@code -u}: a UDP client or listener, on top of a {@link DatagramRelay}. */
public final class UdpSession {

  /** Linux's limit on the segments of one UDP_SEGMENT send ({@code UDP_MAX_SEGMENTS}). */
  private static final int MAX_SEGMENTS = 64;

  /** What one segmented send may carry, IP and UDP headers of the whole left out. */
  private static final int MAX_SEGMENTED_BYTES = 65_000;

  /** What a listener and a client ask for their receive buffer. */
  private static final int RECEIVE_BUFFER = 4 << 20;

  private final Duration timeout;
  private final Duration quitAfterEof;
  private final NcListener listener;
  private int datagramSize;
  private DataPath dataPath = DataPath.PLAIN;
  private Predicate<InetSocketAddress> allowed = AnySender.INSTANCE;

  /**
   * @param timeout {@code -w}: after our input ends, how long to wait for more datagrams
   * @param quitAfterEof {@code -q}: deadline after our input ends
   */
  public UdpSession(Duration timeout, Duration quitAfterEof, NcListener listener) {
    this.timeout = timeout;
    this.quitAfterEof = quitAfterEof;
    this.listener = listener;
  }

  /** {@code --datagram-size}: the datagrams our input is cut into; 0 for one per read. */
  public UdpSession datagramSize(int size) {
    this.datagramSize = size;
    return this;
  }

  /** {@code -o}, {@code -c} and {@code -i} for the datagrams ({@link DatagramRelay#dataPath}). */
  public UdpSession dataPath(DataPath path) {
    this.dataPath = path;
    return this;
  }

  /**
   * A listener's filter ({@code -l} with a host and port, {@code -6}): a first datagram from a
   * sender it refuses is dropped and told as {@link NcEvent.PeerRejected}, and the wait goes on, as
   * a TCP listener resets such a peer and waits on.
   */
  public UdpSession admitting(Predicate<InetSocketAddress> allowed) {
    this.allowed = allowed;
    return this;
  }

  /**
   * How many datagrams of {@code size} bytes one send may carry with UDP segmentation offload: the
   * kernel's limit is 64 segments, and all of them with their headers in one 64 KiB packet.
   */
  public static int segmentsPerSend(int size) {
    return Math.clamp(MAX_SEGMENTED_BYTES / size, 1, MAX_SEGMENTS);
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
    try (DatagramChannel channel = connected(remote, local)) {
      pump.start();
      return new DatagramRelay(channel, remote, pump, output, timeout, quitAfterEof, listener)
          .datagramSize(datagramSize)
          .dataPath(dataPath)
          .run();
    }
  }

  /** {@code -u -e}: like {@link #connect}, with the program in place of our stdin and stdout. */
  public NcEvent.Closed connect(
      InetSocketAddress remote, InetSocketAddress local, DatagramProgram program)
      throws IOException {
    try (DatagramChannel channel = connected(remote, local)) {
      return serve(channel, remote, null, program);
    }
  }

  private DatagramChannel connected(InetSocketAddress remote, InetSocketAddress local)
      throws IOException {
    listener.onEvent(new NcEvent.Connecting(System.nanoTime(), remote));
    DatagramChannel channel = open(remote.getAddress());
    try {
      // As a listener's: a server's burst of replies overflowed the default ~208 KiB (578-886 of
      // 2,000 datagrams of 1,400 bytes arrived, where the listener got all of them).
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      if (local != null) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
          channel.bind(local);
        } catch (IOException e) {
          // The words of a TCP client's bind (TcpConnector): alone, "Permission denied" did not
          // say that -p was the problem.
          InetAddress address = local.getAddress().isAnyLocalAddress() ? null : local.getAddress();
          throw NcException.network(
              "cannot bind to "
                  + AddressText.localEnd(address, local.getPort())
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      try {
        channel.connect(remote);
      } catch (SocketException e) {
        // As a TCP connect's failure says it, and the peers: alone, "Network is unreachable" named
        // no destination.
        throw NcException.network(
            "connect to "
                + AddressText.of(remote.getAddress())
                + " port "
                + remote.getPort()
                + " (udp) failed: "
                + e.getMessage(),
            e);
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    listener.onEvent(
        new NcEvent.Connected(
            System.nanoTime(), (InetSocketAddress) channel.getLocalAddress(), remote));
    return channel;
  }

  /**
   * Binds and serves the first peer that sends a datagram.
   *
   * @param address {@code null} for every interface
   * @param version {@code -4} or {@code -6} keep out the other family's datagrams
   */
  public NcEvent.Closed listen(
      InetAddress address, int port, IpVersion version, InputPump pump, WritableByteChannel output)
      throws IOException {
    DatagramChannel channel = bound(address, port, version);
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    listener.onEvent(new NcEvent.Listening(System.nanoTime(), local));
    try (channel) {
      pump.start();
      return new DatagramRelay(channel, null, pump, output, timeout, quitAfterEof, listener)
          .datagramSize(datagramSize)
          .dataPath(dataPath)
          .admitting(allowed)
          .run();
    } finally {
      listener.onEvent(new NcEvent.ListenClosed(System.nanoTime(), local));
    }
  }

  /**
   * {@code -u -l -e}: binds, waits (up to {@code -w}) for the first datagram, locks onto its sender
   * and only then starts the program, whose stdin gets that first datagram too.
   */
  public NcEvent.Closed listen(
      InetAddress address, int port, IpVersion version, DatagramProgram program)
      throws IOException {
    DatagramChannel channel = bound(address, port, version);
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    listener.onEvent(new NcEvent.Listening(System.nanoTime(), local));
    try (channel) {
      ByteBuffer first = ByteBuffer.allocate(NcOptions.MAX_RECEIVED_DATAGRAM + 1);
      InetSocketAddress peer = awaitFirstDatagram(channel, first);
      listener.onEvent(
          new NcEvent.Accepted(System.nanoTime(), ReplySource.toward(peer, local), peer));
      return serve(channel, peer, first.flip(), program);
    } finally {
      listener.onEvent(new NcEvent.ListenClosed(System.nanoTime(), local));
    }
  }

  private NcEvent.Closed serve(
      DatagramChannel channel, InetSocketAddress peer, ByteBuffer first, DatagramProgram program)
      throws IOException {
    DatagramProgram.Running running =
        program.start(
            // A listener on every interface: the address the client reached, as for TCP, not ::.
            ReplySource.toward(peer, (InetSocketAddress) channel.getLocalAddress()), peer);
    boolean completed = false;
    try {
      running.output().start();
      NcEvent.Closed closed =
          new DatagramRelay(
                  channel, peer, running.output(), running.input(), timeout, null, listener)
              .firstDatagram(first)
              .dataPath(dataPath)
              .untilProgramExits(running.exited())
              .run();
      completed = closed.reason() == NcEvent.CloseReason.COMPLETE;
      return closed;
    } finally {
      running.finish(completed);
    }
  }

  /** Receives the first datagram into {@code first}; fails when {@code -w} passes first. */
  private InetSocketAddress awaitFirstDatagram(DatagramChannel channel, ByteBuffer first)
      throws IOException {
    channel.configureBlocking(false);
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        InetSocketAddress sender = (InetSocketAddress) channel.receive(first);
        if (sender != null && allowed.test(sender)) {
          return sender;
        }
        if (sender != null) {
          first.clear();
          listener.onEvent(ReplySource.rejection(sender, channel));
          continue;
        }
        long left = deadline - System.nanoTime();
        if (timeout != null && left <= 0) {
          throw NcException.network("no connection : Connection timed out");
        }
        selector.select(timeout == null ? 0 : Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
      }
    }
  }

  private DatagramChannel bound(InetAddress address, int port, IpVersion version)
      throws NcException {
    DatagramChannel channel = null;
    try {
      InetAddress local = address;
      if (address == null) {
        ProtocolFamily family =
            version == IpVersion.V4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try {
          channel = DatagramChannel.open(family);
        } catch (UnsupportedOperationException | IOException e) {
          if (family == StandardProtocolFamily.INET) {
            throw e;
          }
          // IPv6 turned off on this host: IPv4 only.
          family = StandardProtocolFamily.INET;
          channel = DatagramChannel.open(family);
        }
        // The family's own wildcard: the JDK's follows java.net.preferIPv6Addresses.
        local = AddressFamily.wildcard(family);
      } else {
        channel = open(address);
      }
      if (version == IpVersion.V6) {
        Ipv6Only.restrict(channel);
      }
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      // A burst from a fast sender overflows the default ~208 KiB and is dropped; the kernel caps
      // what we ask at net.core.rmem_max.
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      channel.bind(new InetSocketAddress(local, port));
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      if (address == null && version == IpVersion.ANY && e instanceof BindException) {
        // As TCP's listener (TcpAcceptor): a socket on [::1]:P alone leaves IPv4's port free.
        try {
          return bound(null, port, IpVersion.V4);
        } catch (NcException ipv4Too) {
          // IPv4 is taken as well: the first failure is the one to report.
        }
      }
      throw NcException.network(
          "cannot listen on " + AddressText.localEnd(address, port) + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(DatagramChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Already failing to bind: that error is the one to report.
      }
    }
  }

  private static DatagramChannel open(InetAddress address) throws IOException {
    return DatagramChannel.open(AddressFamily.of(address));
  }

  /** Every sender: the filter of a listener without one. A class, so no lambda loads per run. */
  private enum AnySender implements Predicate<InetSocketAddress> {
    INSTANCE;

    @Override
    public boolean test(InetSocketAddress sender) {
      return true;
    }
  }
}
