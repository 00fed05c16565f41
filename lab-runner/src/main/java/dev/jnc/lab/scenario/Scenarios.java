package dev.jnc.lab.scenario;

import static dev.jnc.lab.observe.TcpState.CLOSED;
import static dev.jnc.lab.observe.TcpState.CLOSE_WAIT;
import static dev.jnc.lab.observe.TcpState.CLOSING;
import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_1;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_2;
import static dev.jnc.lab.observe.TcpState.LAST_ACK;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.SYN_SENT;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.scenario.Step.Abort;
import dev.jnc.lab.scenario.Step.Accept;
import dev.jnc.lab.scenario.Step.AwaitGone;
import dev.jnc.lab.scenario.Step.AwaitState;
import dev.jnc.lab.scenario.Step.Bind;
import dev.jnc.lab.scenario.Step.Close;
import dev.jnc.lab.scenario.Step.Connect;
import dev.jnc.lab.scenario.Step.DeferAccept;
import dev.jnc.lab.scenario.Step.FillSendQueue;
import dev.jnc.lab.scenario.Step.Listen;
import dev.jnc.lab.scenario.Step.ReadToEnd;
import dev.jnc.lab.scenario.Step.Receive;
import dev.jnc.lab.scenario.Step.SelfConnect;
import dev.jnc.lab.scenario.Step.Send;
import dev.jnc.lab.scenario.Step.ShutdownOutput;
import dev.jnc.lab.scenario.Step.Side;
import dev.jnc.lab.scenario.Step.SlowLoopback;
import dev.jnc.lab.scenario.Step.Snapshot;
import dev.jnc.lab.scenario.Step.StartConnect;
import dev.jnc.lab.scenario.Step.StopListening;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every scenario the lab knows, by name. The recipes hold states that pass in microseconds on
 * loopback: a FIN queued behind data the peer will not read holds FIN_WAIT_1 (and LAST_ACK,
 * CLOSING); a full accept queue drops SYNs and holds SYN_SENT; SYNs retried into a queue that fills
 * again hold SYN_RECEIVED on the server.
 */
public final class Scenarios {

  /** Small enough that a few megabytes fill the path and the FIN waits behind them. */
  private static final int SMALL_BUFFER = 4096;

  /**
   * The slowed loopback: at 4,000 bit/s a bare segment (about 80 bytes on the wire) waits some 160
   * ms, long enough for the slowest observer to see both ends in CLOSING.
   */
  private static final int TRICKLE_BITS_PER_SECOND = 4000;

  /** The token bucket: one filler segment fits, and leaves less than a bare segment needs. */
  private static final int TRICKLE_BURST_BYTES = 1600;

  private static final int TRICKLE_FILLER_BYTES = 1500;

  /** A client and the server's end of its connection, both seen ESTABLISHED. */
  private static final List<Step> CONNECTED =
      List.of(
          new Listen("server"),
          new Connect("client", "server"),
          new Accept("server", "server-conn"),
          new AwaitState("client", ESTABLISHED),
          new AwaitState("server-conn", ESTABLISHED));

  /** The client's FIN held behind data the server does not read: the client in FIN_WAIT_1. */
  private static final List<Step> CLIENT_FIN_HELD =
      List.of(
          new Listen("server", 50, SMALL_BUFFER),
          new Connect("client", "server"),
          new Accept("server", "server-conn"),
          new AwaitState("client", ESTABLISHED),
          new FillSendQueue("client"),
          new ShutdownOutput("client"),
          new AwaitState("client", FIN_WAIT_1));

  /** The client closes first: the server end in CLOSE_WAIT, its peer's receive buffer small. */
  private static final List<Step> SERVER_IN_CLOSE_WAIT =
      List.of(
          new Listen("server"),
          new Connect("client", "server", SMALL_BUFFER),
          new Accept("server", "server-conn"),
          new AwaitState("server-conn", ESTABLISHED),
          new ShutdownOutput("client"),
          new AwaitState("server-conn", CLOSE_WAIT));

  /**
   * The client closes first; the server's FIN is then held behind data the client does not read:
   * the server end in LAST_ACK.
   */
  private static final List<Step> SERVER_FIN_HELD =
      then(
          SERVER_IN_CLOSE_WAIT,
          new FillSendQueue("server-conn"),
          new ShutdownOutput("server-conn"),
          new AwaitState("server-conn", LAST_ACK));

  /**
   * The seed's section 2.2: a server listens on 127.0.0.1:6666, {@code nc} connects, the server
   * stops listening and closes first, and netstat shows LISTENING, ESTABLISHED, TIME_WAIT.
   */
  public static final Scenario HANDSHAKE_DEMO =
      new Scenario(
          "handshake-demo",
          "the seed's experiment: LISTENING -> ESTABLISHED -> TIME_WAIT",
          6666,
          List.of(
              new Listen("server"),
              new Snapshot("the server's socket is listening"),
              new Connect("client", "server"),
              new Accept("server", "server-conn"),
              new Snapshot("both ends of the connection are established"),
              new StopListening("server"),
              new Close("server-conn"),
              new ReadToEnd("client"),
              new Close("client"),
              new AwaitState("server-conn", TIME_WAIT),
              new Snapshot("the server closed first, so its end waits in TIME_WAIT")),
          List.of(
              Expectation.of("server", LISTEN),
              Expectation.of("server-conn", ESTABLISHED, TIME_WAIT)),
          List.of());

  /** The client closes first and walks the active closer's path, every state held. */
  public static final Scenario ACTIVE_CLOSE =
      new Scenario(
          "active-close",
          "the client closes first: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT",
          6667,
          then(
              CLIENT_FIN_HELD,
              new Snapshot("the client's FIN waits behind data the server has not read"),
              new ReadToEnd("server-conn"),
              new AwaitState("client", FIN_WAIT_2),
              new AwaitState("server-conn", CLOSE_WAIT),
              new Snapshot("the server read everything and acknowledged the FIN"),
              new Close("server-conn"),
              new AwaitState("client", TIME_WAIT),
              new Snapshot("the server closed too: the client, which closed first, waits")),
          List.of(Expectation.of("client", ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT)),
          List.of());

  /** The server is told the client is done and closes second: CLOSE_WAIT, then LAST_ACK. */
  public static final Scenario PASSIVE_CLOSE =
      new Scenario(
          "passive-close",
          "the server closes second: CLOSE_WAIT, LAST_ACK",
          6668,
          then(
              SERVER_IN_CLOSE_WAIT,
              new Snapshot("the client closed first: the server end waits in CLOSE_WAIT"),
              new FillSendQueue("server-conn"),
              new ShutdownOutput("server-conn"),
              new AwaitState("server-conn", LAST_ACK),
              new Snapshot("the server's FIN waits behind data the client has not read"),
              new ReadToEnd("client"),
              new AwaitGone("server-conn"),
              new AwaitState("client", TIME_WAIT),
              new Snapshot("the client acknowledged the FIN: the server end is gone")),
          List.of(Expectation.of("server-conn", ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED)),
          List.of());

  /** One direction closed, the other still carrying data. */
  public static final Scenario HALF_CLOSE =
      new Scenario(
          "half-close",
          "FIN_WAIT_2 / CLOSE_WAIT held while data still flows one way",
          6669,
          List.of(
              new Listen("server"),
              new Connect("client", "server"),
              new Accept("server", "server-conn"),
              new ShutdownOutput("client"),
              new AwaitState("client", FIN_WAIT_2),
              new AwaitState("server-conn", CLOSE_WAIT),
              new Send("server-conn", 1000),
              new Receive("client", 1000),
              new Snapshot("the client is half-closed and still receives"),
              new Send("server-conn", 1000),
              new Receive("client", 1000),
              new AwaitState("client", FIN_WAIT_2),
              new Close("server-conn"),
              new AwaitState("client", TIME_WAIT),
              new Snapshot("the server finished too")),
          List.of(
              Expectation.of("client", FIN_WAIT_2, TIME_WAIT),
              Expectation.of("server-conn", CLOSE_WAIT)),
          List.of());

  /**
   * Both FINs cross: each end sends its FIN before the other's arrives, then each gets the other's
   * FIN while its own is still unacknowledged, and both are in CLOSING at once. Loopback delivers a
   * segment before the send returns, so the FINs are made to wait in a queue: the loopback of a
   * private namespace slowed to a trickle, after a filler segment has emptied its token bucket. The
   * queue is first in, first out: the client's FIN arrives first (the server goes CLOSING), the
   * server's FIN, stamped before it knew of the client's, arrives next (the client goes CLOSING),
   * and both stay there until the acknowledgements queued behind arrive, a segment's time later.
   */
  public static final Scenario SIMULTANEOUS_CLOSE =
      new Scenario(
          "simultaneous-close",
          "both FINs cross in flight: CLOSING on both ends, then TIME_WAIT on both ends",
          6670,
          then(
              CONNECTED,
              new SlowLoopback(TRICKLE_BITS_PER_SECOND, TRICKLE_BURST_BYTES),
              new Send("server-conn", TRICKLE_FILLER_BYTES),
              new ShutdownOutput("client"),
              new ShutdownOutput("server-conn"),
              new AwaitState("client", FIN_WAIT_1),
              new AwaitState("server-conn", CLOSING),
              new AwaitState("client", CLOSING),
              new Snapshot(
                  "both FINs crossed: each end has the other's FIN, not the ACK of its own"),
              new AwaitState("client", TIME_WAIT),
              new AwaitState("server-conn", TIME_WAIT),
              new Snapshot("both ends closed actively, so both wait")),
          List.of(
              Expectation.of("client", FIN_WAIT_1, CLOSING, TIME_WAIT),
              Expectation.of("server-conn", FIN_WAIT_1, CLOSING, TIME_WAIT)),
          List.of());

  /**
   * {@link #SIMULTANEOUS_CLOSE} where no private namespace can be made: the client's FIN is held
   * behind data the server does not read, the server's FIN reaches the client before the client's
   * own is acknowledged. CLOSING on the client only: the server receives the client's FIN with the
   * ACK of its own and goes from FIN_WAIT_2 to TIME_WAIT.
   */
  public static final Scenario SIMULTANEOUS_CLOSE_ONE_END =
      new Scenario(
          "simultaneous-close",
          "a FIN arrives before our own is acknowledged: CLOSING on the client, then TIME_WAIT on"
              + " both ends",
          6670,
          then(
              CLIENT_FIN_HELD,
              new ShutdownOutput("server-conn"),
              new AwaitState("client", CLOSING),
              new Snapshot("the client got the server's FIN before its own was acknowledged"),
              new ReadToEnd("server-conn"),
              new AwaitState("client", TIME_WAIT),
              new AwaitState("server-conn", TIME_WAIT),
              new Snapshot("both ends closed actively, so both wait")),
          List.of(
              Expectation.of("client", FIN_WAIT_1, CLOSING, TIME_WAIT),
              Expectation.of("server-conn", TIME_WAIT)),
          List.of());

  /** A full accept queue drops the next SYN: the client sits in SYN_SENT, retrying. */
  public static final Scenario SYN_BACKLOG =
      new Scenario(
          "syn-backlog",
          "the accept queue is full, the SYN is dropped: SYN_SENT",
          6671,
          List.of(
              new Listen("server", 1, 0),
              new Connect("queued-1", "server"),
              new Connect("queued-2", "server"),
              new StartConnect("late", "server"),
              new AwaitState("late", SYN_SENT),
              new Snapshot(
                  "the server never accepts; its accept queue is full (Linux holds one more than"
                      + " the backlog: two): the SYN is dropped, and would be sent again after a"
                      + " second")),
          List.of(Expectation.of("server", LISTEN), Expectation.of("late", SYN_SENT)),
          List.of());

  /**
   * SYN_RECEIVED, held on the server: a listener with {@code TCP_DEFER_ACCEPT} drops the bare final
   * ACK of the handshake and completes it only when the client's first byte arrives.
   */
  public static final Scenario SYN_RECEIVED_HELD =
      new Scenario(
          "syn-received",
          "the server waits for data before it completes the handshake: SYN_RECEIVED on the server",
          6672,
          synReceivedSteps(),
          List.of(
              Expectation.of("client", ESTABLISHED),
              Expectation.peerOf("client", SYN_RECEIVED, ESTABLISHED)),
          List.of());

  /** The FIN waits behind unread data. */
  public static final Scenario FIN_WAIT_1_HELD =
      new Scenario(
          "fin-wait-1",
          "the FIN waits behind data the peer does not read: FIN_WAIT_1",
          6673,
          then(
              CLIENT_FIN_HELD,
              new Snapshot("FIN sent as far as the client is concerned, not yet acknowledged"),
              new ReadToEnd("server-conn"),
              new AwaitState("client", FIN_WAIT_2),
              new Snapshot("the server read it all: the FIN is acknowledged")),
          List.of(Expectation.of("client", FIN_WAIT_1, FIN_WAIT_2)),
          List.of());

  /** The second closer's FIN waits behind unread data. */
  public static final Scenario LAST_ACK_HELD =
      new Scenario(
          "last-ack",
          "the second closer waits for the ACK of its FIN: LAST_ACK",
          6674,
          then(
              SERVER_FIN_HELD,
              new Snapshot("the server closed second; its FIN is not acknowledged yet"),
              new ReadToEnd("client"),
              new AwaitGone("server-conn"),
              new Snapshot("acknowledged: the server end is CLOSED and gone")),
          List.of(Expectation.of("server-conn", ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED)),
          List.of());

  /**
   * A socket connected to itself. It opens and closes simultaneously, but only its FIN_WAIT_1 is
   * held; SYN_SENT, SYN_RECEIVED and CLOSING pass in microseconds to milliseconds, so the run
   * promises only what every observer sees (the trace shows the rest).
   */
  public static final Scenario SELF_CONNECT =
      new Scenario(
          "self-connect",
          "a socket connects to its own port: ESTABLISHED, FIN_WAIT_1 held, TIME_WAIT"
              + " (the trace also shows its simultaneous open)",
          6675,
          List.of(
              new SelfConnect("self"),
              new AwaitState("self", ESTABLISHED),
              new Snapshot("one socket, both ends of the connection"),
              new FillSendQueue("self"),
              new ShutdownOutput("self"),
              new AwaitState("self", FIN_WAIT_1),
              new Snapshot("its FIN waits behind data it has not read itself"),
              new ReadToEnd("self"),
              new AwaitState("self", TIME_WAIT),
              // Open, the descriptor would show as a second row, bound and CLOSED, beside it.
              new Close("self"),
              new Snapshot(
                  "it read its own data and FIN; once its FIN was acknowledged: TIME_WAIT")),
          List.of(Expectation.of("self", ESTABLISHED, FIN_WAIT_1, TIME_WAIT)),
          List.of());

  /** An abortive close: RST, no FIN handshake, no TIME_WAIT. */
  public static final Scenario RESET =
      new Scenario(
          "reset",
          "SO_LINGER=0 sends RST: straight to CLOSED, no TIME_WAIT",
          6676,
          then(
              CONNECTED,
              new Snapshot("established"),
              new Abort("client"),
              new AwaitGone("client"),
              new AwaitGone("server-conn"),
              new Snapshot("both ends are gone at once; nothing waits")),
          List.of(
              Expectation.of("client", ESTABLISHED, CLOSED),
              Expectation.of("server-conn", ESTABLISHED, CLOSED)),
          List.of(TIME_WAIT, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, LAST_ACK, CLOSING));

  /** A socket that is bound and nothing else: the CLOSED state itself. */
  public static final Scenario BOUND_IDLE =
      new Scenario(
          "closed",
          "a bound socket that neither connects nor listens: CLOSED (netlink, Linux 6.5+)",
          6677,
          List.of(
              new Bind("idle"),
              new AwaitState("idle", CLOSED),
              new Snapshot("bound, not connected, not listening")),
          List.of(Expectation.of("idle", CLOSED)),
          List.of());

  private static final List<Scenario> SINGLE =
      List.of(
          HANDSHAKE_DEMO,
          ACTIVE_CLOSE,
          PASSIVE_CLOSE,
          HALF_CLOSE,
          SIMULTANEOUS_CLOSE,
          SYN_BACKLOG,
          SYN_RECEIVED_HELD,
          FIN_WAIT_1_HELD,
          LAST_ACK_HELD,
          SELF_CONNECT,
          RESET,
          BOUND_IDLE);

  /**
   * The scenarios {@code all-states} runs: together they promise all eleven states. {@code closed}
   * is left to the caller, which knows whether its observer can see a bound socket.
   */
  public static final List<Scenario> ALL_STATES_PARTS =
      List.of(
          SYN_BACKLOG,
          SYN_RECEIVED_HELD,
          ACTIVE_CLOSE,
          PASSIVE_CLOSE,
          SIMULTANEOUS_CLOSE,
          RESET,
          BOUND_IDLE);

  /** The name of the composite scenario. */
  public static final String ALL_STATES = "all-states";

  private Scenarios() {}

  /** Every single scenario, in the order {@code lab list} shows them. */
  public static List<Scenario> all() {
    return SINGLE;
  }

  /** Every single scenario and the shared-loopback stand-ins ({@link #onSharedLoopback}). */
  public static List<Scenario> allWithStandIns() {
    List<Scenario> scenarios = new ArrayList<>(SINGLE);
    scenarios.add(SIMULTANEOUS_CLOSE_ONE_END);
    return scenarios;
  }

  /**
   * What a scenario that needs a {@link PrivateNetwork} becomes where none can be made: the nearest
   * recipe on the shared loopback, which promises less.
   */
  public static Scenario onSharedLoopback(Scenario scenario) {
    return scenario == SIMULTANEOUS_CLOSE ? SIMULTANEOUS_CLOSE_ONE_END : scenario;
  }

  public static Optional<Scenario> named(String name) {
    return SINGLE.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static List<Step> synReceivedSteps() {
    // The kernel keeps a deferred-accept connection as a request in SYN_RCVD until data arrives:
    // held for as long as we like, with no race against the handshake's timers.
    return List.of(
        new Listen("server"),
        new DeferAccept("server"),
        new Connect("client", "server"),
        new AwaitState("client", Side.PEER, SYN_RECEIVED),
        new Snapshot(
            "the server holds the request in SYN_RECEIVED; its client is already ESTABLISHED"),
        new Send("client", 1),
        new AwaitState("client", Side.PEER, ESTABLISHED),
        new Snapshot("the first byte completes the handshake on the server: ESTABLISHED"),
        new Accept("server", "server-conn"));
  }

  /** {@code first}, then {@code more}. */
  private static List<Step> then(List<Step> first, Step... more) {
    List<Step> steps = new ArrayList<>(first);
    steps.addAll(List.of(more));
    return steps;
  }

  /** The states a list of scenarios promises between them. */
  public static List<TcpState> demonstratedBy(List<Scenario> scenarios) {
    List<TcpState> states = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      for (TcpState state : scenario.demonstrates()) {
        if (!states.contains(state)) {
          states.add(state);
        }
      }
    }
    return states;
  }
}
