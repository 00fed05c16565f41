package dev.jnc.lab.report;

import dev.jnc.lab.observe.TcpState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The path one or more runs took through the state diagram: every hop in order, which edges were
 * taken, and which end was seen in which state for how long. Made by {@link PathMapper}.
 */
public final class RunPath {

  /**
   * What a state looked like in the runs.
   *
   * @param state the state
   * @param ends the ends the observer saw in it (empty for a bound socket that never connected)
   * @param observed true when the observer saw a socket in it; false when only inferred hops pass
   *     through it
   * @param longestNanos per end, the longest time a socket of that end was seen in it (only for
   *     stays that ended while the observer watched)
   */
  public record StateVisit(
      TcpState state, Set<End> ends, boolean observed, Map<End, Long> longestNanos) {}

  private final List<Hop> hops;
  private final List<DiagramEdge> taken;
  private final Map<TcpState, StateVisit> visits;

  RunPath(List<Hop> hops, Map<TcpState, StateVisit> visits) {
    this.hops = List.copyOf(hops);
    Map<DiagramEdge, Boolean> order = new LinkedHashMap<>();
    for (Hop hop : hops) {
      order.putIfAbsent(hop.edge(), true);
    }
    this.taken = List.copyOf(order.keySet());
    this.visits = new EnumMap<>(visits);
  }

  /** Every hop of every socket, in the order the observer saw them. */
  public List<Hop> hops() {
    return hops;
  }

  /** The distinct edges taken, in the order first taken; an edge's number is its index + 1. */
  public List<DiagramEdge> takenEdges() {
    return taken;
  }

  /** The edge's number in {@link #takenEdges()}, or 0 when no socket took it. */
  public int number(DiagramEdge edge) {
    return taken.indexOf(edge) + 1;
  }

  /** True when at least one hop over the edge was seen, not inferred. */
  public boolean observed(DiagramEdge edge) {
    return hops.stream().anyMatch(h -> h.edge().equals(edge) && !h.inferred());
  }

  public Optional<StateVisit> visit(TcpState state) {
    return Optional.ofNullable(visits.get(state));
  }

  /** The states the observer saw a socket in, in diagram order. */
  public List<TcpState> observedStates() {
    List<TcpState> states = new ArrayList<>();
    for (TcpState state : TcpState.DIAGRAM_ORDER) {
      if (visit(state).map(StateVisit::observed).orElse(false)) {
        states.add(state);
      }
    }
    return states;
  }

  /** Who was in the state, for a label: {@code client}, {@code server}, {@code client + server}. */
  public static String endsLabel(Set<End> ends) {
    if (ends.isEmpty()) {
      return "bound socket";
    }
    EnumSet<End> sorted = EnumSet.copyOf(ends);
    return String.join(
        " + ", sorted.stream().map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
