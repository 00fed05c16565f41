package dev.jnc.lab.record;

import dev.jnc.lab.observe.TcpState;

/**
 * One socket changed state, as {@code tcpstates} prints it.
 *
 * @param nanos when the new state began ({@link System#nanoTime()}): the kernel's timestamp when
 *     traced, else when a snapshot first showed it
 * @param socket the connection's 4-tuple
 * @param from the state before, or {@code null} when the socket first appeared
 * @param to the state after, or {@code null} when the socket disappeared from the table
 * @param nanosInFrom how long the socket was in {@code from}; 0 when it first appeared
 * @param traced true when the kernel reported this change itself (tracepoint), false when it was
 *     inferred from two snapshots
 */
public record Transition(
    long nanos, SocketKey socket, TcpState from, TcpState to, long nanosInFrom, boolean traced) {

  /** A change seen by comparing snapshots. */
  public Transition(long nanos, SocketKey socket, TcpState from, TcpState to, long nanosInFrom) {
    this(nanos, socket, from, to, nanosInFrom, false);
  }
}
