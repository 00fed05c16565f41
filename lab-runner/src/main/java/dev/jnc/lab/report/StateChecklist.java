package dev.jnc.lab.report;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.scenario.RunResult;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and when each of the eleven states was seen across several runs: first in a run that
 * promises it, where one does, else first at all. syn-backlog's sockets pass SYN_RECEIVED in
 * microseconds, and the checklist sent students there instead of to syn-received, which holds it.
 */
public final class StateChecklist {

  /**
   * One state's first sighting.
   *
   * @param scenario the run it was seen in
   * @param transition the change that brought a socket into it; {@code to} is {@code null} when the
   *     state is CLOSED by the socket leaving the table
   */
  public record Sighting(String scenario, Transition transition) {
    /** True when CLOSED was inferred from the socket leaving the table, not seen as a row. */
    public boolean byDisappearance() {
      return transition.to() == null;
    }
  }

  private final Map<TcpState, Sighting> first = new EnumMap<>(TcpState.class);

  /** The states whose sighting comes from a run that promises them. */
  private final Set<TcpState> promised = EnumSet.noneOf(TcpState.class);

  /** The checklist of runs as they finished. */
  public StateChecklist(List<RunResult> results) {
    for (RunResult result : results) {
      add(result.scenario().name(), result.scenario().demonstrates(), result.transitions());
    }
  }

  /** The checklist of recorded runs, for a report. */
  public static StateChecklist ofRecorded(List<RecordedRun> runs) {
    StateChecklist checklist = new StateChecklist(List.of());
    for (RecordedRun run : runs) {
      checklist.add(run.scenario(), run.demonstrates(), run.transitions());
    }
    return checklist;
  }

  private void add(String scenario, List<TcpState> demonstrates, List<Transition> transitions) {
    for (Transition t : transitions) {
      TcpState state = t.to() == null ? TcpState.CLOSED : t.to();
      Sighting existing = first.get(state);
      boolean promise = demonstrates.contains(state);
      boolean better;
      if (existing == null || (promise && !promised.contains(state))) {
        better = true;
      } else {
        // Between sightings alike, a CLOSED row beats a disappearance: it is the state itself,
        // not an inference.
        better =
            promise == promised.contains(state)
                && state == TcpState.CLOSED
                && existing.byDisappearance()
                && t.to() != null;
      }
      if (better) {
        first.put(state, new Sighting(scenario, t));
        if (promise) {
          promised.add(state);
        }
      }
    }
  }

  public Optional<Sighting> sighting(TcpState state) {
    return Optional.ofNullable(first.get(state));
  }

  public boolean complete() {
    return first.size() == TcpState.values().length;
  }

  public List<TcpState> missing() {
    return java.util.Arrays.stream(TcpState.values()).filter(s -> !first.containsKey(s)).toList();
  }
}
