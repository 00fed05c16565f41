package dev.jnc.core.scan;

import dev.jnc.core.io.Libc;
import dev.jnc.core.io.WordCall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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

  private final WordCall socket;
  private final WordCall connect;
  private final WordCall close;
  private final WordCall setsockopt;
  private final WordCall getsockname;

  /**
   * In {@link Libc#wordCall}'s one shape: the foreign-function API generates code for each shape it
   * links, at the start of every scan. Five shapes took a scan of 4,096 ports 180 ms, one 159 ms
   * (medians of 25 interleaved runs).
   */
  private LoopbackConnectScan(Libc libc) {
    socket = libc.wordCall("socket");
    connect = libc.wordCall("connect");
    close = libc.wordCall("close");
    setsockopt = libc.wordCall("setsockopt");
    getsockname = libc.wordCall("getsockname");
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

  /**
   * Probes every {@code stride}-th port from {@code first}, each thread in its own memory. A port's
   * probe is a call of its own: HotSpot compiles a method after a few hundred calls, while a loop's
   * body runs in the interpreter until some 60,000 turns, more than a share of the ports.
   */
  private void probeShare(
      InetAddress address, int[] ports, int first, int stride, ProbeOutcome[] results) {
    try (Arena arena = Arena.ofConfined()) {
      Prober prober = new Prober(arena, address);
      try {
        for (int i = first; i < ports.length; i += stride) {
          results[i] = prober.probe(ports[i]);
        }
      } finally {
        prober.close();
      }
    } catch (RuntimeException | Error e) {
      // Any port left undecided goes to the ordinary probe, which words the error.
    }
  }

  /** One thread's probes of one address: its socket, kept while ports refuse, and its memory. */
  private final class Prober {

    private final InetAddress address;
    private final boolean v6;
    private final int family;
    private final int length;
    private final MemorySegment remote;
    private final MemorySegment local;
    private final MemorySegment localLength;
    private final MemorySegment state;
    private final MemorySegment limit;
    private int fd = -1;

    Prober(Arena arena, InetAddress address) {
      this.address = address;
      this.v6 = address instanceof Inet6Address;
      this.family = v6 ? AF_INET6 : AF_INET;
      this.length = v6 ? 28 : 16;
      this.remote = sockaddr(arena, address, length);
      this.local = arena.allocate(28);
      this.localLength = arena.allocate(ValueLayout.JAVA_INT);
      this.state = arena.allocate(Libc.CALL_STATE);
      this.limit = arena.allocate(16);
      limit.set(ValueLayout.JAVA_LONG, 0, CONNECT_LIMIT_MICROS / 1_000_000);
      limit.set(ValueLayout.JAVA_LONG, 8, CONNECT_LIMIT_MICROS % 1_000_000);
    }

    /** The outcome of a connect to {@code port}, or {@code null} to leave it undecided. */
    ProbeOutcome probe(int port) {
      // sin_port and sin6_port: network byte order at offset 2.
      remote.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
      remote.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
      long start = System.nanoTime();
      if (fd < 0) {
        fd = (int) socket.call(state, family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
          return null;
        }
        if ((int) setsockopt.call(state, fd, SOL_SOCKET, SO_SNDTIMEO, limit.address(), 16) != 0) {
          close();
          return null;
        }
      }
      int r = (int) connect.call(state, fd, remote.address(), length);
      int error = r == 0 ? 0 : Libc.errno(state);
      InetSocketAddress target = new InetSocketAddress(address, port);
      if (error == ECONNREFUSED) {
        // Linux leaves a refused socket closed and unbound, ready to connect again: the next port
        // reuses it, one system call a port instead of three (0.70 s against 1.15 s for a full
        // scan in C, measured).
        return new ProbeOutcome(target, null, "Connection refused", start, System.nanoTime());
      }
      ProbeOutcome outcome = null;
      if (r == 0) {
        localLength.set(ValueLayout.JAVA_INT, 0, 28);
        if ((int) getsockname.call(state, fd, local.address(), localLength.address()) == 0) {
          InetSocketAddress ours = socketAddress(local, v6);
          outcome =
              ours.equals(target)
                  ? new ProbeOutcome(target, null, "Connection refused", start, System.nanoTime())
                  : new ProbeOutcome(target, ours, null, start, System.nanoTime());
        }
      }
      close();
      return outcome;
    }

    /** Closes the socket, if one is open. */
    void close() {
      if (fd >= 0) {
        long ignored = LoopbackConnectScan.this.close.call(state, fd);
        fd = -1;
      }
    }
  }

  /** Reads back a {@code sockaddr_in} or {@code sockaddr_in6}. */
  private static InetSocketAddress socketAddress(MemorySegment sockaddr, boolean v6) {
    int port = Short.toUnsignedInt(Short.reverseBytes(sockaddr.get(ValueLayout.JAVA_SHORT, 2)));
    byte[] raw = sockaddr.asSlice(v6 ? 8 : 4, v6 ? 16 : 4).toArray(ValueLayout.JAVA_BYTE);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(raw), port);
    } catch (UnknownHostException impossible) {
      // getByAddress refuses only lengths other than 4 and 16.
      throw new IllegalStateException(impossible);
    }
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
