package dev.jnc.core.net;

/**
 * How far the peer's end has taken what a TCP socket sent, from Linux's {@code TCP_INFO} and {@code
 * SIOCOUTQ}. Both counts include our FIN once it is queued.
 *
 * @param closed the socket has left the connection (a reset, or the retransmissions gave up): what
 *     was not acknowledged by then will never be
 * @param unacknowledged the bytes written to the socket that the peer's end has not acknowledged,
 *     sent or not; after a reset, those it had not acknowledged when the reset came
 * @param notSent of those, the ones never sent: the peer cannot have them, where one that resets
 *     may have read bytes it had not acknowledged yet (its acknowledgement delayed)
 */
public record TcpSendProgress(boolean closed, long unacknowledged, long notSent) {}
