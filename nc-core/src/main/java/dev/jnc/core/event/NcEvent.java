package dev.jnc.core.event;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the engine did, in the order it did it. Every event carries a {@link System#nanoTime()}
 * stamp so that a timeline can be drawn from the events alone.
 *
 * <p>Events come in pairs: every {@link Listening} ends in a {@link ListenClosed}, every {@link
 * Connected} or {@link Accepted} ends in a {@link Closed}, and a {@link Connecting} ends in either
 * {@link Connected} or {@link ConnectFailed}, and a {@link ProgramStarted} ends in a {@link
 * ProgramExited}. {@link Failed} reports an error that ends the run.
 */
public sealed interface NcEvent {

  long nanos();

  /** A listening socket is bound; {@code local} holds the port the kernel gave us. */
  record Listening(long nanos, InetSocketAddress local) implements NcEvent {}

  /** The listening socket is closed. */
  record ListenClosed(long nanos, InetSocketAddress local) implements NcEvent {}

  /** A connection attempt to {@code remote} is under way. */
  record Connecting(long nanos, InetSocketAddress remote) implements NcEvent {}

  /** An outbound connection is established. */
  record Connected(long nanos, InetSocketAddress local, InetSocketAddress remote)
      implements NcEvent {}

  /** An outbound connection attempt failed; {@code reason} is a short human phrase. */
  record ConnectFailed(long nanos, InetSocketAddress remote, String reason) implements NcEvent {}

  /** An inbound connection was accepted. */
  record Accepted(long nanos, InetSocketAddress local, InetSocketAddress remote)
      implements NcEvent {}

  /**
   * A listener refused a connection from {@code remote} because the listen filter ({@code -l -p
   * port host [port]}) does not admit it; it was reset and listening goes on.
   */
  record PeerRejected(long nanos, InetSocketAddress local, InetSocketAddress remote)
      implements NcEvent {}

  /** {@code count} bytes were written to the network. */
  record BytesOut(long nanos, int count) implements NcEvent {}

  /** {@code count} bytes were read from the network. */
  record BytesIn(long nanos, int count) implements NcEvent {}

  /** One direction of the connection ended: we sent our FIN, or the peer's arrived. */
  record HalfClosed(long nanos, Direction direction) implements NcEvent {}

  /** The connection is closed; totals for the whole connection. */
  record Closed(long nanos, long bytesSent, long bytesReceived, CloseReason reason)
      implements NcEvent {}

  /** The {@code -e} program is running with its stdin and stdout on the connection. */
  record ProgramStarted(long nanos, long pid, List<String> command) implements NcEvent {
    public ProgramStarted {
      command = List.copyOf(command);
    }
  }

  /** The {@code -e} program has exited with {@code status} (128 + signal when killed). */
  record ProgramExited(long nanos, int status) implements NcEvent {}

  /** An error that ends the run. */
  record Failed(long nanos, String message) implements NcEvent {}

  /** Which way a half-close went. */
  enum Direction {
    /** Our input ended and we shut down our output (FIN sent). */
    OUTBOUND,
    /** The peer shut down its output (FIN received). */
    INBOUND
  }

  /** Why a connection ended. */
  enum CloseReason {
    /** Both directions ended with a FIN. */
    COMPLETE,
    /** The peer closed first and we stopped with our input still open. */
    PEER_CLOSED,
    /** {@code -w} expired while waiting for the network. */
    TIMEOUT,
    /** The peer reset the connection. */
    RESET,
    /** Our output (stdout) was closed by its reader. */
    OUTPUT_CLOSED,
    /** Our output refused a write while its reader was still there: a full disk, an I/O error. */
    OUTPUT_FAILED
  }
}
