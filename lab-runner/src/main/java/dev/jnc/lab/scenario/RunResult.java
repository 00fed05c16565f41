package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Transition;
import java.util.List;

/**
 * How a run went.
 *
 * @param scenario what ran
 * @param port the port it used
 * @param observed the states seen on the port's own sockets, in order of first sighting
 * @param transitions every state change the recorder saw, in order
 * @param failure why the run did not show what it promised, or {@code null} if it did
 */
public record RunResult(
    Scenario scenario,
    int port,
    List<TcpState> observed,
    List<Transition> transitions,
    String failure) {

  public boolean passed() {
    return failure == null;
  }
}
