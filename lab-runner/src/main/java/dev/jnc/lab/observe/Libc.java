package dev.jnc.lab.observe;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** The few libc calls a netlink socket needs, as downcall handles that capture {@code errno}. */
// Restricted methods are the point of this class; the launcher grants native access.
@SuppressWarnings("restricted")
final class Libc {

  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_SOCK_DIAG = 4;
  private static final int AF_NETLINK = 16;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final long RECEIVE_TIMEOUT_SECONDS = 2;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
  private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

  private static final MethodHandle SOCKET =
      downcall("socket", FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), CAPTURE_ERRNO);
  private static final MethodHandle SETSOCKOPT =
      downcall(
          "setsockopt",
          FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle SENDTO =
      downcall(
          "sendto",
          FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT),
          CAPTURE_ERRNO);
  private static final MethodHandle RECV =
      downcall(
          "recv", FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT), CAPTURE_ERRNO);
  private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(C_INT, C_INT));
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));

  private Libc() {}

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LIBC.find(name)
            .orElseThrow(() -> new UnsupportedOperationException("no " + name + " in libc"));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** Opens {@code socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)}. */
  static Socket openSockDiag(Arena arena) throws IOException {
    MemorySegment errno = arena.allocate(CAPTURE_LAYOUT);
    int fd;
    try {
      fd =
          (int) SOCKET.invokeExact(errno, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (fd < 0) {
      throw new IOException("cannot open a netlink sock_diag socket: " + describe(errno(errno)));
    }
    Socket socket = new Socket(fd, errno);
    try {
      // The kernel answers at once; the timeout only keeps a lost reply from hanging a poll.
      MemorySegment timeval = arena.allocate(16, 8);
      timeval.set(C_LONG, 0, RECEIVE_TIMEOUT_SECONDS);
      socket.setOption(SOL_SOCKET, SO_RCVTIMEO, timeval);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** {@code strerror(errno)} with the number, e.g. {@code EACCES (13): Permission denied}. */
  static String describe(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** An open socket descriptor and its errno capture area. */
  record Socket(int fd, MemorySegment capture) {

    void setOption(int level, int option, MemorySegment value) throws IOException {
      int result;
      try {
        result =
            (int) SETSOCKOPT.invokeExact(capture, fd, level, option, value, (int) value.byteSize());
      } catch (Throwable t) {
        throw rethrow(t);
      }
      if (result < 0) {
        throw new IOException("setsockopt failed: " + describe(errno(capture)));
      }
    }

    void sendTo(MemorySegment buffer, int length, MemorySegment address, int addressLength)
        throws IOException {
      while (true) {
        long sent;
        try {
          sent =
              (long)
                  SENDTO.invokeExact(capture, fd, buffer, (long) length, 0, address, addressLength);
        } catch (Throwable t) {
          throw rethrow(t);
        }
        if (sent == length) {
          return;
        }
        if (sent >= 0) {
          throw new IOException("netlink: sent " + sent + " of " + length + " bytes");
        }
        if (errno(capture) != EINTR) {
          throw new IOException("netlink send failed: " + describe(errno(capture)));
        }
      }
    }

    /** Receives one datagram: blocks up to the receive timeout. */
    long receive(MemorySegment buffer, int capacity) throws IOException {
      while (true) {
        long received;
        try {
          received = (long) RECV.invokeExact(capture, fd, buffer, (long) capacity, 0);
        } catch (Throwable t) {
          throw rethrow(t);
        }
        if (received >= 0) {
          return received;
        }
        int error = errno(capture);
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
      int result;
      try {
        result = (int) CLOSE.invokeExact(fd);
      } catch (Throwable t) {
        throw rethrow(t);
      }
      if (result < 0) {
        throw new IOException("cannot close the netlink socket");
      }
    }
  }
}
