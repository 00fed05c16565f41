package dev.jnc.lab.observe;

import java.net.InetSocketAddress;

/**
 * One {@code sock:inet_sock_set_state} event: a socket changed state in the kernel.
 *
 * @param nanos when, on the monotonic clock ({@link System#nanoTime()}'s), to the microsecond
 * @param skaddr the kernel's address of the socket: the same for every event of one socket, while
 *     the tuple may still be incomplete (a connect is traced in SYN_SENT before it has a port)
 * @param from the state before; {@link TcpState#CLOSED} for a new socket
 * @param to the state after; {@link TcpState#CLOSED} when the socket leaves the state machine (it
 *     is freed, or replaced by a TIME_WAIT stand-in that the tracepoint does not report)
 * @param local the socket's own address and port; port 0 until it has one
 * @param remote the peer's address and port; the wildcard for a listener
 */
public record TraceEvent(
    long nanos,
    long skaddr,
    TcpState from,
    TcpState to,
    InetSocketAddress local,
    InetSocketAddress remote) {

  /** True when both ports are known: a listener has remote port 0 but its own port. */
  public boolean tupleKnown() {
    return local.getPort() != 0;
  }

  /** True when either end uses {@code port}. */
  public boolean involves(int port) {
    return local.getPort() == port || remote.getPort() == port;
  }
}
