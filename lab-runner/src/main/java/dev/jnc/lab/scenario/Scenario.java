package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;
import java.util.List;

/**
 * A reproducible experiment on TCP states.
 *
 * @param name what users type after {@code lab run}
 * @param summary one line for {@code lab list}
 * @param defaultPort the port it uses unless {@code --port} says otherwise
 * @param steps what it does, in order
 * @param expected the states the sockets bound to the scenario's port must be seen in, in this
 *     order, for the run to pass
 */
public record Scenario(
    String name, String summary, int defaultPort, List<Step> steps, List<TcpState> expected) {

  public Scenario {
    steps = List.copyOf(steps);
    expected = List.copyOf(expected);
  }
}
