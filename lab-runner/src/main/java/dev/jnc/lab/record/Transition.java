package dev.jnc.lab.record;

import dev.jnc.lab.observe.TcpState;

/**
 * One socket changed state, as {@code tcpstates} prints it.
 *
 * @param nanos when the new state was first seen ({@link System#nanoTime()})
 * @param socket the connection's 4-tuple
 * @param from the state before, or {@code null} when the socket first appeared
 * @param to the state after, or {@code null} when the socket disappeared from the table
 * @param nanosInFrom how long the socket was seen in {@code from}; 0 when it first appeared
 */
public record Transition(
    long nanos, SocketKey socket, TcpState from, TcpState to, long nanosInFrom) {}
