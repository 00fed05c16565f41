package dev.jnc.lab.observe;

import java.util.List;

/**
 * The kernel's own report of every state change on one port, as it happens: what a poller cannot
 * see between two snapshots. Made by {@link SocketObserver#follow(int)}.
 */
public interface TraceFeed {

  /** The events delivered since the last call, oldest first. */
  List<TraceEvent> drain();

  /**
   * Returns once every event that happened before this call has been delivered to {@link #drain()},
   * or after a short bound if the trace is stuck.
   */
  void catchUp();
}
