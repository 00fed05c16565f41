package dev.jnc.lab.report;

import static dev.jnc.lab.observe.TcpState.CLOSED;
import static dev.jnc.lab.observe.TcpState.CLOSE_WAIT;
import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.SYN_SENT;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.Hop.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the state changes an observer recorded into hops over the diagram's edges.
 *
 * <p>A sampling observer sees states, not moves, and misses those that last microseconds. So:
 *
 * <ul>
 *   <li>Two consecutive states joined by an edge of the figure are an observed hop.
 *   <li>Two consecutive states with no edge between them are filled in with the likeliest route
 *       ({@link StateDiagram#route}), every hop of it inferred: ESTABLISHED then TIME_WAIT becomes
 *       ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT.
 *   <li>A socket first seen in some state got there from where its end starts, inferred: a client
 *       from CLOSED through SYN_SENT; a server-side connection from its listener's LISTEN through
 *       SYN_RECEIVED; a socket connected to itself through the simultaneous open.
 *   <li>A socket leaving the table went to CLOSED: by the figure's edge where there is one (LISTEN,
 *       SYN_SENT, LAST_ACK, TIME_WAIT); through LAST_ACK from CLOSE_WAIT (inferred); from
 *       ESTABLISHED through CLOSE_WAIT and LAST_ACK when its peer was seen closing first
 *       (inferred); back to LISTEN from SYN_RECEIVED (a request socket dropped, inferred);
 *       otherwise by an abort (RST or timeout), which the figure does not draw. Never through
 *       TIME_WAIT: it lasts a minute, no sampler misses it.
 * </ul>
 *
 * <p>A socket's end: a socket whose local port is the run's port belongs to the server (the
 * listener and the connections accepted from it share its port); one whose remote port is the run's
 * port is a client; both at once is a socket connected to itself. A socket on the run's port that
 * never listened nor connected is a bound socket of neither end.
 */
public final class PathMapper {

  /** States only an active closer passes: a peer seen in one closed first. */
  private static final Set<TcpState> ACTIVE_CLOSE =
      EnumSet.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSING, TcpState.TIME_WAIT);

  /**
   * A hop and where its transition stood in the recording, to keep that order among equal times.
   */
  private record Ordered(Hop hop, long sequence) {}

  private final List<Ordered> hops = new ArrayList<>();
  private final Map<Transition, Long> sequence = new java.util.IdentityHashMap<>();
  private long current;
  private final Map<TcpState, Set<End>> seenBy = new EnumMap<>(TcpState.class);
  private final Map<TcpState, Map<End, Long>> longest = new EnumMap<>(TcpState.class);
  private final Set<TcpState> passed = EnumSet.noneOf(TcpState.class);

  private PathMapper() {}

  public static RunPath map(RecordedRun run) {
    return map(List.of(run));
  }

  public static RunPath map(List<RecordedRun> runs) {
    PathMapper mapper = new PathMapper();
    for (RecordedRun run : runs) {
      mapper.add(run.port(), run.transitions());
    }
    return mapper.result();
  }

  /** The mapping of one run's transitions on {@code port}. */
  public static RunPath map(int port, List<Transition> transitions) {
    PathMapper mapper = new PathMapper();
    mapper.add(port, transitions);
    return mapper.result();
  }

  /** Which end a socket is, by the rule in the class comment. */
  public static Set<End> endsOf(SocketKey key, int port, boolean everListened) {
    boolean localSide = key.local().getPort() == port;
    boolean remoteSide = key.remote().getPort() == port;
    if (localSide && remoteSide) {
      return EnumSet.allOf(End.class);
    }
    if (localSide) {
      return key.remote().getPort() == 0 && !everListened ? Set.of() : Set.of(End.SERVER);
    }
    return Set.of(End.CLIENT);
  }

  private void add(int port, List<Transition> transitions) {
    for (Transition t : transitions) {
      sequence.put(t, (long) sequence.size());
    }
    Map<SocketKey, List<Transition>> bySocket = new LinkedHashMap<>();
    for (Transition t : transitions) {
      bySocket.computeIfAbsent(t.socket(), k -> new ArrayList<>()).add(t);
    }
    bySocket.forEach(
        (key, history) -> {
          boolean listened = history.stream().anyMatch(t -> t.to() == LISTEN);
          List<Transition> peer =
              bySocket.getOrDefault(new SocketKey(key.remote(), key.local()), List.of());
          boolean peerClosedFirst = peer.stream().anyMatch(t -> ACTIVE_CLOSE.contains(t.to()));
          addSocket(key, endsOf(key, port, listened), history, peerClosedFirst);
        });
  }

  private void addSocket(
      SocketKey key, Set<End> ends, List<Transition> history, boolean peerClosedFirst) {
    for (Transition t : history) {
      current = sequence.get(t);
      if (t.from() == null) {
        see(t.to(), ends);
        for (DiagramEdge edge : arrival(ends, t.to())) {
          hop(t.nanos(), key, ends, edge, Evidence.INFERRED, -1);
        }
        continue;
      }
      stayed(t.from(), ends, t.nanosInFrom());
      if (t.to() == null) {
        left(t, key, ends, peerClosedFirst);
        continue;
      }
      see(t.to(), ends);
      var direct = StateDiagram.edge(t.from(), t.to());
      if (direct.isPresent()) {
        hop(t.nanos(), key, ends, direct.get(), Evidence.OBSERVED, t.nanosInFrom());
      } else if (t.traced() && t.to() == CLOSED) {
        // Told by the kernel itself, not pieced together from samples: nothing passed between,
        // so this end was reset or aborted (the lab's cleanup), not closed through LAST_ACK.
        hop(t.nanos(), key, ends, StateDiagram.abort(t.from()), Evidence.OBSERVED, t.nanosInFrom());
      } else {
        List<DiagramEdge> route = StateDiagram.route(t.from(), t.to());
        for (int i = 0; i < route.size(); i++) {
          hop(t.nanos(), key, ends, route.get(i), Evidence.INFERRED, i == 0 ? t.nanosInFrom() : -1);
        }
      }
    }
  }

  /** How a socket first seen in {@code state} must have got there. */
  static List<DiagramEdge> arrival(Set<End> ends, TcpState state) {
    if (state == CLOSED) {
      return List.of();
    }
    if (state == LISTEN) {
      return List.of(edge(CLOSED, LISTEN));
    }
    List<DiagramEdge> open;
    if (ends.contains(End.SERVER) && ends.contains(End.CLIENT)) {
      open =
          List.of(
              edge(CLOSED, SYN_SENT),
              edge(SYN_SENT, SYN_RECEIVED),
              edge(SYN_RECEIVED, ESTABLISHED));
    } else if (ends.contains(End.SERVER)) {
      open = List.of(edge(LISTEN, SYN_RECEIVED), edge(SYN_RECEIVED, ESTABLISHED));
    } else {
      open = List.of(edge(CLOSED, SYN_SENT), edge(SYN_SENT, ESTABLISHED));
    }
    List<DiagramEdge> path = new ArrayList<>();
    for (DiagramEdge edge : open) {
      path.add(edge);
      if (edge.to() == state) {
        return path;
      }
    }
    path.addAll(StateDiagram.route(ESTABLISHED, state));
    return path;
  }

  private void left(Transition t, SocketKey key, Set<End> ends, boolean peerClosedFirst) {
    TcpState from = t.from();
    if (from == ESTABLISHED && peerClosedFirst) {
      // The peer's FIN came first, so this end closed passively; CLOSE_WAIT and LAST_ACK passed
      // between two samples.
      from = CLOSE_WAIT;
    }
    switch (from) {
      case CLOSED -> {}
      case LISTEN, SYN_SENT, LAST_ACK, TIME_WAIT -> {
        see(CLOSED, ends);
        hop(t.nanos(), key, ends, edge(from, CLOSED), Evidence.OBSERVED, t.nanosInFrom());
      }
      case CLOSE_WAIT -> {
        see(CLOSED, ends);
        if (t.traced()) {
          // The kernel told this move itself: no LAST_ACK between, so an RST (the lab's cleanup
          // aborts), where a poller cannot tell a LAST_ACK that passed between two samples.
          hop(t.nanos(), key, ends, StateDiagram.abort(from), Evidence.OBSERVED, t.nanosInFrom());
          return;
        }
        List<DiagramEdge> route = StateDiagram.route(t.from(), CLOSED);
        for (int i = 0; i < route.size(); i++) {
          hop(t.nanos(), key, ends, route.get(i), Evidence.INFERRED, i == 0 ? t.nanosInFrom() : -1);
        }
      }
      case SYN_RECEIVED ->
          hop(t.nanos(), key, ends, edge(from, LISTEN), Evidence.INFERRED, t.nanosInFrom());
      default -> {
        see(CLOSED, ends);
        hop(t.nanos(), key, ends, StateDiagram.abort(from), Evidence.OBSERVED, t.nanosInFrom());
      }
    }
  }

  private static DiagramEdge edge(TcpState from, TcpState to) {
    return StateDiagram.edge(from, to).orElseThrow();
  }

  private void hop(
      long nanos, SocketKey key, Set<End> ends, DiagramEdge edge, Evidence evidence, long inFrom) {
    hops.add(new Ordered(new Hop(nanos, key, ends, edge, evidence, inFrom), current));
    passed.add(edge.from());
    passed.add(edge.to());
  }

  private void see(TcpState state, Set<End> ends) {
    seenBy.computeIfAbsent(state, s -> EnumSet.noneOf(End.class)).addAll(ends);
  }

  private void stayed(TcpState state, Set<End> ends, long nanos) {
    Map<End, Long> byEnd = longest.computeIfAbsent(state, s -> new EnumMap<>(End.class));
    for (End end : ends) {
      byEnd.merge(end, nanos, Math::max);
    }
  }

  private RunPath result() {
    List<Hop> ordered =
        hops.stream()
            .sorted(
                Comparator.comparingLong((Ordered o) -> o.hop().nanos())
                    .thenComparingLong(Ordered::sequence))
            .map(Ordered::hop)
            .toList();
    Map<TcpState, RunPath.StateVisit> visits = new EnumMap<>(TcpState.class);
    for (TcpState state : TcpState.values()) {
      boolean observed = seenBy.containsKey(state);
      if (observed || passed.contains(state)) {
        visits.put(
            state,
            new RunPath.StateVisit(
                state,
                observed ? Set.copyOf(seenBy.get(state)) : Set.of(),
                observed,
                Map.copyOf(longest.getOrDefault(state, Map.of()))));
      }
    }
    return new RunPath(ordered, visits);
  }
}
