package dev.jnc.lab.observe;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * An open {@code NETLINK_SOCK_DIAG} socket and the segment its calls record {@code errno} in. The C
 * library's calls go through nc-core's one shape ({@link WordCall}), as {@link Mounts}' and the
 * private network's do: the foreign-function API generates code once per shape and run, and the ten
 * shapes these calls had made a {@code lab run handshake-demo} 43-50 ms slower (30 interleaved
 * rounds, both observers).
 */
record NetlinkSocket(int fd, MemorySegment capture) {

  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_SOCK_DIAG = 4;
  private static final int AF_NETLINK = 16;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final long RECEIVE_TIMEOUT_SECONDS = 2;

  /** The calls, linked at the first socket; none without native access. */
  private record Calls(
      Libc libc,
      WordCall socket,
      WordCall setsockopt,
      WordCall sendto,
      WordCall recv,
      WordCall close) {

    static final Optional<Calls> LINKED = Libc.forModuleOf(NetlinkSocket.class).map(Calls::of);

    static Calls of(Libc libc) {
      return new Calls(
          libc,
          libc.wordCall("socket"),
          libc.wordCall("setsockopt"),
          libc.wordCall("sendto"),
          libc.wordCall("recv"),
          libc.wordCall("close"));
    }
  }

  /**
   * @throws IllegalCallerException without native access, at every attempt (a failed class
   *     initialiser would say why only the first time)
   */
  private static Calls calls() {
    return Calls.LINKED.orElseThrow(IllegalCallerException::new);
  }

  /** Opens {@code socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)}. */
  static NetlinkSocket open(Arena arena) throws IOException {
    MemorySegment capture = arena.allocate(Libc.CALL_STATE);
    int fd =
        (int)
            calls()
                .socket()
                .call(capture, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
      throw new IOException(
          "cannot open a netlink sock_diag socket: " + describe(Libc.errno(capture)));
    }
    NetlinkSocket socket = new NetlinkSocket(fd, capture);
    try {
      // The kernel answers at once; the timeout only keeps a lost reply from hanging a poll.
      MemorySegment timeval = arena.allocate(16, 8);
      timeval.set(ValueLayout.JAVA_LONG, 0, RECEIVE_TIMEOUT_SECONDS);
      socket.setOption(SOL_SOCKET, SO_RCVTIMEO, timeval);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** {@code strerror(errno)} with the number, e.g. {@code Permission denied (errno 13)}. */
  static String describe(int errno) {
    try {
      return calls().libc().strerror(errno) + " (errno " + errno + ")";
    } catch (RuntimeException e) {
      return "errno " + errno;
    }
  }

  void setOption(int level, int option, MemorySegment value) throws IOException {
    int result =
        (int)
            calls()
                .setsockopt()
                .call(capture, fd, level, option, value.address(), (int) value.byteSize());
    if (result < 0) {
      throw new IOException("setsockopt failed: " + describe(Libc.errno(capture)));
    }
  }

  void sendTo(MemorySegment buffer, int length, MemorySegment address, int addressLength)
      throws IOException {
    while (true) {
      long sent =
          calls()
              .sendto()
              .call(capture, fd, buffer.address(), length, 0, address.address(), addressLength);
      if (sent == length) {
        return;
      }
      if (sent >= 0) {
        throw new IOException("netlink: sent " + sent + " of " + length + " bytes");
      }
      if (Libc.errno(capture) != EINTR) {
        throw new IOException("netlink send failed: " + describe(Libc.errno(capture)));
      }
    }
  }

  /** Receives one datagram: blocks up to the receive timeout. */
  long receive(MemorySegment buffer, int capacity) throws IOException {
    while (true) {
      long received = calls().recv().call(capture, fd, buffer.address(), capacity, 0, 0);
      if (received >= 0) {
        return received;
      }
      int error = Libc.errno(capture);
      if (error == EAGAIN) {
        throw new IOException(
            "netlink: no reply from the kernel in " + RECEIVE_TIMEOUT_SECONDS + " s");
      }
      if (error != EINTR) {
        throw new IOException("netlink receive failed: " + describe(error));
      }
    }
  }

  void close() throws IOException {
    if ((int) calls().close().call(capture, fd) < 0) {
      throw new IOException("cannot close the netlink socket");
    }
  }
}
