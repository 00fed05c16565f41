package dev.jnc.lab.scenario;

import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;

import dev.jnc.lab.scenario.Step.Accept;
import dev.jnc.lab.scenario.Step.AwaitEof;
import dev.jnc.lab.scenario.Step.AwaitState;
import dev.jnc.lab.scenario.Step.Close;
import dev.jnc.lab.scenario.Step.Connect;
import dev.jnc.lab.scenario.Step.Listen;
import dev.jnc.lab.scenario.Step.Snapshot;
import dev.jnc.lab.scenario.Step.StopListening;
import java.util.List;
import java.util.Optional;

/** Every scenario the lab knows, by name. */
public final class Scenarios {

  /**
   * The seed's section 2.2: a server listens on 127.0.0.1:6666, {@code nc} connects, the server
   * stops listening and closes first, and netstat shows LISTENING, ESTABLISHED, TIME_WAIT.
   */
  public static final Scenario HANDSHAKE_DEMO =
      new Scenario(
          "handshake-demo",
          "the seed's experiment: LISTENING -> ESTABLISHED -> TIME_WAIT on 127.0.0.1:6666",
          6666,
          List.of(
              new Listen("server"),
              new Snapshot("the server's socket is listening"),
              new Connect("client", "server"),
              new Accept("server", "server-conn"),
              new Snapshot("both ends of the connection are established"),
              new StopListening("server"),
              new Close("server-conn"),
              new AwaitEof("client"),
              new Close("client"),
              new AwaitState("server-conn", TIME_WAIT),
              new Snapshot("the server closed first, so its end waits in TIME_WAIT")),
          List.of(LISTEN, ESTABLISHED, TIME_WAIT));

  private static final List<Scenario> ALL = List.of(HANDSHAKE_DEMO);

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
