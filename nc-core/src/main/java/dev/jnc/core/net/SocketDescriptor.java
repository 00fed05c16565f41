package dev.jnc.core.net;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Linux file descriptor behind a Java socket channel, for the socket options and calls the JDK
 * does not offer ({@code TCP_DEFER_ACCEPT}, {@code splice}, what the peer has acknowledged, the
 * ICMP errors an unconnected datagram socket's sends met).
 *
 * <p>The JDK keeps the number private, so {@link #of} looks for it: among this process's open
 * descriptors ({@code /proc/self/fd}) it takes the one socket whose type, local address and peer
 * address ({@code getsockname}, {@code getpeername}) are the channel's. The number is valid while
 * the channel stays open.
 *
 * @param fd the descriptor number
 */
public record SocketDescriptor(int fd) {

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOL_SOCKET = 1;
  private static final int SO_TYPE = 3;
  private static final int SOCKADDR_CAPACITY = 128;
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_INFO = 11;
  private static final int TCP_CLOSE = 7;
  private static final int SIOCOUTQ = 0x5411;
  private static final int SOL_IP = 0;
  private static final int IP_RECVERR = 11;
  private static final int SOL_IPV6 = 41;
  private static final int IPV6_RECVERR = 25;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_ERRQUEUE = 0x2000;

  /** {@code struct msghdr} on 64-bit Linux: where its fields lie, and its size. */
  private static final int MSGHDR_CONTROL = 32;

  private static final int MSGHDR_CONTROL_LENGTH = 40;
  private static final int MSGHDR_SIZE = 56;

  /** Room for the control messages of one queued error: its report and the offender's address. */
  private static final int ERROR_CONTROL_CAPACITY = 256;

  /** {@code struct cmsghdr}: the length's size, where the level and type lie, and the data. */
  private static final int CMSG_LEVEL = 8;

  private static final int CMSG_TYPE = 12;
  private static final int CMSG_DATA = 16;

  /** Room for {@code struct tcp_info} as recent kernels fill it. */
  private static final int TCP_INFO_CAPACITY = 512;

  /** Where {@code tcpi_notsent_bytes} lies in {@code struct tcp_info} (Linux 4.6 and later). */
  private static final int TCPI_NOTSENT_BYTES = 144;

  /**
   * Finds the descriptor of an open, bound channel.
   *
   * @return empty when this is not Linux, native access is not granted, or no descriptor matches
   */
  public static Optional<SocketDescriptor> of(NetworkChannel channel) throws IOException {
    SocketAddress local = channel.getLocalAddress();
    if (!(local instanceof InetSocketAddress ownAddress)) {
      return Optional.empty();
    }
    return find(channel, ownAddress, peerOf(channel));
  }

  /**
   * Finds the descriptor of an open IPv6 channel that is not bound yet, for the options that only
   * count before the bind ({@code IPV6_V6ONLY}). Such a socket has no address to tell it by, so
   * this takes the process's one unbound IPv6 socket of the channel's type.
   *
   * @return empty when this is not Linux, native access is not granted, the channel is bound, or
   *     there is not exactly one such socket
   */
  public static Optional<SocketDescriptor> ofUnbound(NetworkChannel channel) throws IOException {
    return channel.getLocalAddress() != null ? Optional.empty() : find(channel, null, null);
  }

  /**
   * The socket of {@code channel}'s type with these addresses: the first, or with {@code
   * ownAddress} {@code null} the one unbound IPv6 socket (empty when there are several).
   */
  private static Optional<SocketDescriptor> find(
      NetworkChannel channel, InetSocketAddress ownAddress, InetSocketAddress peer)
      throws IOException {
    Optional<Calls> calls = Calls.INSTANCE;
    if (calls.isEmpty()) {
      return Optional.empty();
    }
    int type = channel instanceof DatagramChannel ? SOCK_DGRAM : SOCK_STREAM;
    Optional<SocketDescriptor> found = Optional.empty();
    try (DirectoryStream<Path> open = Files.newDirectoryStream(Path.of("/proc/self/fd"));
        Arena arena = Arena.ofConfined()) {
      for (Path entry : open) {
        int fd = Integer.parseInt(entry.getFileName().toString());
        if (!isSocket(entry) || calls.get().type(arena, fd) != type) {
          continue;
        }
        InetSocketAddress local = calls.get().localAddress(arena, fd);
        if (ownAddress != null) {
          if (same(ownAddress, local) && same(peer, calls.get().peerAddress(arena, fd))) {
            return Optional.of(new SocketDescriptor(fd));
          }
        } else if (isUnboundIpv6(local)) {
          if (found.isPresent()) {
            return Optional.empty();
          }
          found = Optional.of(new SocketDescriptor(fd));
        }
      }
    }
    return found;
  }

  /** {@code setsockopt(fd, level, name, &value, sizeof(int))}. */
  public void setIntOption(int level, int name, int value) throws IOException {
    Calls calls =
        Calls.INSTANCE.orElseThrow(
            () -> new IOException("socket options need Linux and native access"));
    try (Arena arena = Arena.ofConfined()) {
      int errno = calls.setIntOption(arena, fd, level, name, value);
      if (errno != 0) {
        throw new IOException("setsockopt(" + level + ", " + name + ") failed: errno " + errno);
      }
    }
  }

  /**
   * Whether the socket is closed and how much of what was written the peer's end has not
   * acknowledged. Still answers once a reset has closed the socket.
   *
   * @return empty when a call fails
   */
  public Optional<TcpSendProgress> sendProgress() {
    if (Calls.INSTANCE.isEmpty()) {
      return Optional.empty();
    }
    try (Arena arena = Arena.ofConfined()) {
      return Calls.INSTANCE.get().sendProgress(arena, fd);
    }
  }

  /**
   * Asks Linux to queue the ICMP errors a datagram socket's sends meet ({@code IP_RECVERR}, and
   * {@code IPV6_RECVERR} for an IPv6 one), which it otherwise reports only to a connected socket,
   * for {@link #takeQueuedError} to read.
   */
  public void queueErrors(boolean ipv6) throws IOException {
    if (ipv6) {
      setIntOption(SOL_IPV6, IPV6_RECVERR, 1);
    }
    try {
      setIntOption(SOL_IP, IP_RECVERR, 1);
    } catch (IOException e) {
      if (!ipv6) {
        throw e;
      }
      // An IPv6-only socket has no IPv4 peers to hear from.
    }
  }

  /**
   * Takes the oldest error off the socket's error queue ({@code recvmsg} with {@code
   * MSG_ERRQUEUE}), without waiting.
   *
   * @return its {@code errno} ({@code ECONNREFUSED} for a port unreachable), -1 for an entry that
   *     carries no error report, or 0 when the queue is empty or cannot be read
   */
  public int takeQueuedError() {
    if (Calls.INSTANCE.isEmpty()) {
      return 0;
    }
    try (Arena arena = Arena.ofConfined()) {
      return Calls.INSTANCE.get().takeQueuedError(arena, fd);
    }
  }

  private static InetSocketAddress peerOf(NetworkChannel channel) throws IOException {
    return switch (channel) {
      case SocketChannel socket -> (InetSocketAddress) socket.getRemoteAddress();
      case DatagramChannel datagram -> (InetSocketAddress) datagram.getRemoteAddress();
      default -> null;
    };
  }

  /**
   * Whether two socket addresses name the same thing; a dual-stack socket's wildcard may be {@code
   * 0.0.0.0} to Java and {@code ::} to the kernel.
   */
  private static boolean same(InetSocketAddress expected, InetSocketAddress actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    return expected.getPort() == actual.getPort()
        && (expected.getAddress().equals(actual.getAddress())
            || (expected.getAddress().isAnyLocalAddress()
                && actual.getAddress().isAnyLocalAddress()));
  }

  private static boolean isUnboundIpv6(InetSocketAddress local) {
    return local != null
        && local.getPort() == 0
        && local.getAddress() instanceof Inet6Address
        && local.getAddress().isAnyLocalAddress();
  }

  private static boolean isSocket(Path entry) {
    try {
      return Files.readSymbolicLink(entry).toString().startsWith("socket:");
    } catch (IOException | UnsupportedOperationException e) {
      // Closed between the listing and the look: not ours.
      return false;
    }
  }

  /** The libc calls, bound once; absent where they cannot be made. */
  private static final class Calls {

    static final Optional<Calls> INSTANCE = load();

    private final WordCall getsockname;
    private final WordCall getpeername;
    private final WordCall getsockopt;
    private final WordCall setsockopt;
    private final WordCall ioctl;
    private final WordCall recvmsg;

    /** In {@link Libc#wordCall}'s one shape, which a splice's own calls share. */
    private Calls(Libc libc) {
      getsockname = libc.wordCall("getsockname");
      getpeername = libc.wordCall("getpeername");
      getsockopt = libc.wordCall("getsockopt");
      setsockopt = libc.wordCall("setsockopt");
      ioctl = libc.wordCall("ioctl");
      recvmsg = libc.wordCall("recvmsg");
    }

    private static Optional<Calls> load() {
      try {
        return Libc.forModuleOf(SocketDescriptor.class).map(Calls::new);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    int type(Arena arena, int fd) {
      MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      length.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int result =
          (int) getsockopt.call(state, fd, SOL_SOCKET, SO_TYPE, value.address(), length.address());
      return result == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -1;
    }

    InetSocketAddress localAddress(Arena arena, int fd) {
      return address(arena, getsockname, fd);
    }

    InetSocketAddress peerAddress(Arena arena, int fd) {
      return address(arena, getpeername, fd);
    }

    int setIntOption(Arena arena, int fd, int level, int name, int value) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment option = arena.allocate(ValueLayout.JAVA_INT);
      option.set(ValueLayout.JAVA_INT, 0, value);
      int result = (int) setsockopt.call(state, fd, level, name, option.address(), Integer.BYTES);
      return result == 0 ? 0 : Libc.errno(state);
    }

    Optional<TcpSendProgress> sendProgress(Arena arena, int fd) {
      MemorySegment info = arena.allocate(TCP_INFO_CAPACITY, 8);
      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      length.set(ValueLayout.JAVA_INT, 0, TCP_INFO_CAPACITY);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int result =
          (int) getsockopt.call(state, fd, IPPROTO_TCP, TCP_INFO, info.address(), length.address());
      if (result != 0 || length.get(ValueLayout.JAVA_INT, 0) < TCPI_NOTSENT_BYTES + Integer.BYTES) {
        return Optional.empty();
      }
      // The state first: a reset between the two calls leaves the queue's count as it was (Linux
      // counts it from the sequence numbers, which a reset does not touch), and the next look sees
      // the state.
      boolean closed = info.get(ValueLayout.JAVA_BYTE, 0) == TCP_CLOSE;
      MemorySegment queued = arena.allocate(ValueLayout.JAVA_INT);
      if ((int) ioctl.call(state, fd, SIOCOUTQ, queued.address()) != 0) {
        return Optional.empty();
      }
      return Optional.of(
          new TcpSendProgress(
              closed,
              queued.get(ValueLayout.JAVA_INT, 0),
              Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, TCPI_NOTSENT_BYTES))));
    }

    int takeQueuedError(Arena arena, int fd) {
      MemorySegment message = arena.allocate(MSGHDR_SIZE, 8);
      MemorySegment control = arena.allocate(ERROR_CONTROL_CAPACITY, 8);
      message.set(ValueLayout.JAVA_LONG, MSGHDR_CONTROL, control.address());
      message.set(ValueLayout.JAVA_LONG, MSGHDR_CONTROL_LENGTH, ERROR_CONTROL_CAPACITY);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      // No data buffer: the datagram that met the error is not wanted, only the report.
      if (recvmsg.call(state, fd, message.address(), MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
        return 0;
      }
      long filled = message.get(ValueLayout.JAVA_LONG, MSGHDR_CONTROL_LENGTH);
      long at = 0;
      while (at + CMSG_DATA + Integer.BYTES <= filled) {
        long length = control.get(ValueLayout.JAVA_LONG, at);
        int level = control.get(ValueLayout.JAVA_INT, at + CMSG_LEVEL);
        int type = control.get(ValueLayout.JAVA_INT, at + CMSG_TYPE);
        if ((level == SOL_IP && type == IP_RECVERR)
            || (level == SOL_IPV6 && type == IPV6_RECVERR)) {
          // struct sock_extended_err begins with ee_errno.
          return control.get(ValueLayout.JAVA_INT, at + CMSG_DATA);
        }
        if (length < CMSG_DATA) {
          break;
        }
        at += (length + 7) & ~7L;
      }
      return -1;
    }

    /** The address a name call reports, or {@code null} (not connected, not an IP socket). */
    private static InetSocketAddress address(Arena arena, WordCall call, int fd) {
      MemorySegment sockaddr = arena.allocate(SOCKADDR_CAPACITY, 8);
      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      length.set(ValueLayout.JAVA_INT, 0, SOCKADDR_CAPACITY);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      if ((int) call.call(state, fd, sockaddr.address(), length.address()) != 0) {
        return null;
      }
      short family = sockaddr.get(ValueLayout.JAVA_SHORT, 0);
      int port =
          Short.toUnsignedInt(
              sockaddr.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
      byte[] host =
          switch (family) {
            case AF_INET -> sockaddr.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
            case AF_INET6 -> sockaddr.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            default -> null;
          };
      if (host == null) {
        return null;
      }
      try {
        return new InetSocketAddress(InetAddress.getByAddress(host), port);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("address of " + Arrays.toString(host), e);
      }
    }
  }
}
