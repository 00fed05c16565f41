package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.util.List;
import java.util.Map;

/**
 * How a run went.
 *
 * @param scenario what ran
 * @param port the port it used
 * @param observed the states seen on the port's own sockets, in order of first sighting
 * @param transitions every state change of the run's sockets the recorder saw, in order
 * @param endpoints the run's endpoints and their 4-tuples
 * @param failure why the run did not show what it promised, or {@code null} if it did
 */
public record RunResult(
    Scenario scenario,
    int port,
    List<TcpState> observed,
    List<Transition> transitions,
    Map<String, SocketKey> endpoints,
    String failure) {

  public boolean passed() {
    return failure == null;
  }
}
