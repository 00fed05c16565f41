package dev.jnc.lab.report;

import dev.jnc.lab.record.SocketKey;
import java.util.Set;

/**
 * One socket taking one edge of the diagram.
 *
 * @param nanos when the observer saw the move (for an inferred hop, when it saw the state after it)
 * @param socket the socket that moved
 * @param ends which end of the connection the socket is: client, server, both (a socket connected
 *     to itself), or none (bound, never connected)
 * @param edge the edge it took
 * @param evidence whether the observer saw both states or the hop fills a gap
 * @param nanosInFrom how long the socket was seen in the edge's first state; -1 when unknown
 */
public record Hop(
    long nanos,
    SocketKey socket,
    Set<End> ends,
    DiagramEdge edge,
    Evidence evidence,
    long nanosInFrom) {

  public Hop {
    ends = Set.copyOf(ends);
  }

  /** How we know a socket took an edge. */
  public enum Evidence {
    /** The observer saw the socket in both states, one right after the other. */
    OBSERVED,
    /**
     * The observer missed the states in between (they lasted microseconds, or came before the
     * socket was first seen), and the diagram says which way the socket must have gone.
     */
    INFERRED
  }

  public boolean inferred() {
    return evidence == Evidence.INFERRED;
  }
}
