package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;
import java.util.ArrayList;
import java.util.List;

/**
 * A reproducible experiment on TCP states.
 *
 * @param name what users type after {@code lab run}
 * @param summary one line for {@code lab list}
 * @param defaultPort the port it uses unless {@code --port} says otherwise
 * @param steps what it does, in order
 * @param expected the states its sockets must be seen in for the run to pass
 * @param forbidden states none of its sockets may be seen in (a reset leaves no TIME_WAIT)
 */
public record Scenario(
    String name,
    String summary,
    int defaultPort,
    List<Step> steps,
    List<Expectation> expected,
    List<TcpState> forbidden) {

  public Scenario {
    steps = List.copyOf(steps);
    expected = List.copyOf(expected);
    forbidden = List.copyOf(forbidden);
  }

  /** True when it slows loopback down, which only a {@link PrivateNetwork} allows. */
  public boolean needsPrivateNetwork() {
    return steps.stream().anyMatch(Step.SlowLoopback.class::isInstance);
  }

  /**
   * True when it waits for a socket to show as CLOSED in the table, which only an observer that
   * lists bound idle sockets can see ({@link dev.jnc.lab.observe.SocketObserver#seesBoundSockets}).
   */
  public boolean needsBoundSockets() {
    return steps.stream()
        .anyMatch(s -> s instanceof Step.AwaitState a && a.state() == TcpState.CLOSED);
  }

  /** Every state this scenario promises to show, each once, in the order first promised. */
  public List<TcpState> demonstrates() {
    List<TcpState> states = new ArrayList<>();
    for (Expectation expectation : expected) {
      for (TcpState state : expectation.states()) {
        if (!states.contains(state)) {
          states.add(state);
        }
      }
    }
    return states;
  }
}
