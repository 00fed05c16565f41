package dev.jnc.lab.report;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.util.List;
import java.util.Map;

/**
 * Everything a report or a diagram needs from one scenario run, whether it ran just now or was read
 * back from a JSON-lines file. Times are {@link System#nanoTime()} stamps, or nanoseconds since the
 * start of the file's first run.
 *
 * @param scenario the scenario's name
 * @param summary what it demonstrates, in one line
 * @param demonstrates the states it promises to show
 * @param port the port it used; the socket on this port's side is the server's
 * @param startNanos when the run started
 * @param steps what it did, in order
 * @param snapshots the netstat-style tables it printed
 * @param transitions every state change of its sockets
 * @param endpoints the run's endpoints by name and the 4-tuple each had
 * @param failure why it did not show what it promised, or {@code null}
 * @param observer the observer that saw the states ({@code netlink}, {@code trace}...), or an empty
 *     string where a recording does not say
 */
public record RecordedRun(
    String scenario,
    String summary,
    List<TcpState> demonstrates,
    int port,
    long startNanos,
    List<StepRecord> steps,
    List<SnapshotRecord> snapshots,
    List<Transition> transitions,
    Map<String, SocketKey> endpoints,
    String failure,
    String observer) {

  public RecordedRun {
    demonstrates = List.copyOf(demonstrates);
    steps = List.copyOf(steps);
    snapshots = List.copyOf(snapshots);
    transitions = List.copyOf(transitions);
    endpoints = Map.copyOf(endpoints);
  }

  /** A step as it started. */
  public record StepRecord(long nanos, int number, String description) {}

  /** A netstat-style table of the run's own sockets; {@code hidden} rows belong to others. */
  public record SnapshotRecord(long nanos, String caption, List<SocketRow> rows, int hidden) {
    public SnapshotRecord {
      rows = List.copyOf(rows);
    }
  }

  /** The states its sockets were seen in (rows, not disappearances), in order of first sighting. */
  public List<TcpState> observed() {
    List<TcpState> states = new java.util.ArrayList<>();
    for (Transition t : transitions) {
      if (t.to() != null && !states.contains(t.to())) {
        states.add(t.to());
      }
    }
    return states;
  }

  /**
   * As {@link #observed()}, with CLOSED when the run promises it and a socket reached it by leaving
   * the table, which no row ever shows: what the text calls {@code CLOSED (left the table)}.
   */
  public List<TcpState> observedWithDepartures() {
    List<TcpState> states = observed();
    if (demonstrates.contains(TcpState.CLOSED)
        && !states.contains(TcpState.CLOSED)
        && transitions.stream().anyMatch(t -> t.to() == null)) {
      states.add(TcpState.CLOSED);
    }
    return states;
  }

  public boolean passed() {
    return failure == null;
  }
}
