package dev.jnc.core.scan;

import dev.jnc.core.io.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The fast path of a TCP scan of a loopback address, on Linux: plain blocking {@code socket},
 * {@code connect}, {@code close} through the foreign-function API, on a few threads.
 *
 * <p>On loopback the kernel answers a blocking connect within the call (the SYN and the RST or
 * SYN-ACK are handled before it returns), so a probe costs one system call (a refused socket is
 * reused) or three, and no selector, no exception and no {@link java.nio.channels.SocketChannel}
 * bookkeeping: that is what lets a JVM scan 65535 ports faster than OpenBSD's nc. A send timeout
 * bounds every connect (a listener with a full accept queue drops SYNs); a probe that times out or
 * fails in any way other than "refused" is left undecided for the ordinary {@link PortScanner}
 * probe, which words the error.
 *
 * <p>A connect whose local address equals the remote one met itself (the kernel chose the probed
 * port as our ephemeral port): nobody listens there, so it counts as refused.
 */
final class LoopbackConnectScan {

  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_SNDTIMEO = 21;
  private static final int ECONNREFUSED = 111;

  /** Longer than any loopback handshake, short enough that a stuck port barely delays a scan. */
  private static final long CONNECT_LIMIT_MICROS = 250_000;

  private static final int MAX_THREADS = 4;

  private static final Optional<LoopbackConnectScan> INSTANCE = load();

  private final MethodHandle socket;
  private final MethodHandle connect;
  private final MethodHandle close;
  private final MethodHandle setsockopt;
  private final MethodHandle getsockname;

  private LoopbackConnectScan(Libc libc) {
    ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
    socket = libc.function("socket", FunctionDescriptor.of(i32, i32, i32, i32));
    connect =
        libc.function(
            "connect",
            FunctionDescriptor.of(i32, i32, ValueLayout.ADDRESS, i32),
            Libc.CAPTURE_ERRNO);
    close = libc.function("close", FunctionDescriptor.of(i32, i32));
    setsockopt =
        libc.function(
            "setsockopt", FunctionDescriptor.of(i32, i32, i32, i32, ValueLayout.ADDRESS, i32));
    getsockname =
        libc.function(
            "getsockname",
            FunctionDescriptor.of(i32, i32, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
  }

  /**
   * The scan, when this JVM may use it: Linux on x86-64 or AArch64 (where the socket constants
   * above hold) with native access enabled for us, so that no warning is ever printed.
   */
  static Optional<LoopbackConnectScan> available() {
    return INSTANCE;
  }

  private static Optional<LoopbackConnectScan> load() {
    String arch = System.getProperty("os.arch", "");
    if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
        || Boolean.getBoolean("jnc.noNativeScan")) {
      return Optional.empty();
    }
    try {
      return Libc.forModuleOf(LoopbackConnectScan.class).map(LoopbackConnectScan::new);
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * Probes {@code ports} of the loopback {@code address}.
   *
   * @return one outcome per port, {@code null} where the ordinary probe must decide
   */
  ProbeOutcome[] scan(InetAddress address, int[] ports) {
    ProbeOutcome[] results = new ProbeOutcome[ports.length];
    int threads = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_THREADS);
    threads = Math.min(threads, Math.max(1, ports.length / 256));
    Thread[] workers = new Thread[threads - 1];
    for (int t = 0; t < workers.length; t++) {
      int first = t + 1;
      int stride = threads;
      workers[t] =
          Thread.ofPlatform()
              .name("jnc-scan-" + first)
              .start(() -> probeShare(address, ports, first, stride, results));
    }
    probeShare(address, ports, 0, threads, results);
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return results;
  }

  /** Probes every {@code stride}-th port from {@code first}, each thread in its own memory. */
  private void probeShare(
      InetAddress address, int[] ports, int first, int stride, ProbeOutcome[] results) {
    boolean v6 = address instanceof Inet6Address;
    int family = v6 ? AF_INET6 : AF_INET;
    int length = v6 ? 28 : 16;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment remote = sockaddr(arena, address, length);
      MemorySegment local = arena.allocate(28);
      MemorySegment localLength = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment limit = arena.allocate(16);
      limit.set(ValueLayout.JAVA_LONG, 0, CONNECT_LIMIT_MICROS / 1_000_000);
      limit.set(ValueLayout.JAVA_LONG, 8, CONNECT_LIMIT_MICROS % 1_000_000);
      int fd = -1;
      try {
        for (int i = first; i < ports.length; i += stride) {
          int port = ports[i];
          // sin_port and sin6_port: network byte order at offset 2.
          remote.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
          remote.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
          long start = System.nanoTime();
          if (fd < 0) {
            fd = (int) socket.invokeExact(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
              continue;
            }
            if ((int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_SNDTIMEO, limit, 16) != 0) {
              fd = closed(fd);
              continue;
            }
          }
          int r = (int) connect.invokeExact(state, fd, remote, length);
          int error = r == 0 ? 0 : Libc.errno(state);
          InetSocketAddress target = new InetSocketAddress(address, port);
          if (error == ECONNREFUSED) {
            // Linux leaves a refused socket closed and unbound, ready to connect again: the
            // next port reuses it, one system call a port instead of three (0.70 s against 1.15 s
            // for a full scan in C, measured).
            results[i] =
                new ProbeOutcome(target, null, "Connection refused", start, System.nanoTime());
            continue;
          }
          if (r == 0) {
            localLength.set(ValueLayout.JAVA_INT, 0, 28);
            if ((int) getsockname.invokeExact(fd, local, localLength) == 0) {
              InetSocketAddress ours = socketAddress(local, v6);
              results[i] =
                  ours.equals(target)
                      ? new ProbeOutcome(
                          target, null, "Connection refused", start, System.nanoTime())
                      : new ProbeOutcome(target, ours, null, start, System.nanoTime());
            }
          }
          fd = closed(fd);
        }
      } finally {
        if (fd >= 0) {
          closed(fd);
        }
      }
    } catch (Throwable e) {
      // Downcalls declare Throwable; any port left undecided goes to the ordinary probe.
    }
  }

  /** Closes {@code fd} and returns -1, the "no socket" value. */
  private int closed(int fd) throws Throwable {
    int ignored = (int) close.invokeExact(fd);
    return -1;
  }

  /** Reads back a {@code sockaddr_in} or {@code sockaddr_in6}. */
  private static InetSocketAddress socketAddress(MemorySegment sockaddr, boolean v6)
      throws java.net.UnknownHostException {
    int port = Short.toUnsignedInt(Short.reverseBytes(sockaddr.get(ValueLayout.JAVA_SHORT, 2)));
    byte[] raw = sockaddr.asSlice(v6 ? 8 : 4, v6 ? 16 : 4).toArray(ValueLayout.JAVA_BYTE);
    return new InetSocketAddress(InetAddress.getByAddress(raw), port);
  }

  private static MemorySegment sockaddr(Arena arena, InetAddress address, int length) {
    MemorySegment sockaddr = arena.allocate(length);
    byte[] raw = address.getAddress();
    if (address instanceof Inet4Address) {
      sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
      MemorySegment.copy(raw, 0, sockaddr, ValueLayout.JAVA_BYTE, 4, 4);
    } else {
      sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
      MemorySegment.copy(raw, 0, sockaddr, ValueLayout.JAVA_BYTE, 8, 16);
    }
    return sockaddr;
  }
}
