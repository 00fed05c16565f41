package dev.jnc.lab.scenario;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.scenario.Step.Side;
import java.util.List;

/**
 * A promise a scenario makes: the socket of {@code endpoint} (or the peer socket at its other end)
 * is seen in these states, in this order. A socket that leaves the table counts as {@link
 * TcpState#CLOSED}.
 */
public record Expectation(String endpoint, Side side, List<TcpState> states) {

  public Expectation {
    states = List.copyOf(states);
  }

  public static Expectation of(String endpoint, TcpState... states) {
    return new Expectation(endpoint, Side.OWN, List.of(states));
  }

  public static Expectation peerOf(String endpoint, TcpState... states) {
    return new Expectation(endpoint, Side.PEER, List.of(states));
  }

  @Override
  public String toString() {
    return (side == Side.OWN ? endpoint : "peer of " + endpoint) + ": " + states;
  }
}
