package dev.jnc.lab.report;

import static dev.jnc.lab.observe.TcpState.CLOSED;
import static dev.jnc.lab.observe.TcpState.CLOSE_WAIT;
import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_1;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathMapperTest {

  private static final int PORT = 6666;
  private static final SocketKey LISTENER = key(PORT, 0);
  private static final SocketKey CLIENT = key(40000, PORT);
  private static final SocketKey SERVER_CONN = key(PORT, 40000);

  @Test
  void handshakeDemoAsRecordedMapsOntoBothEndsFullPaths() throws Exception {
    RecordedRun run = RecordedRuns.load("handshake-demo.jsonl").getFirst();

    RunPath path = PathMapper.map(run);

    // The sampler saw LISTEN, ESTABLISHED on both ends, then TIME_WAIT on the server's end and the
    // client's end gone: everything in between passed in microseconds and is inferred.
    assertThat(path.hops().stream().map(PathMapperTest::describe))
        .containsExactly(
            "server CLOSED-LISTEN inferred",
            "server LISTEN-SYN_RECEIVED inferred",
            "server SYN_RECEIVED-ESTABLISHED inferred",
            "client CLOSED-SYN_SENT inferred",
            "client SYN_SENT-ESTABLISHED inferred",
            "server ESTABLISHED-FIN_WAIT_1 inferred",
            "server FIN_WAIT_1-FIN_WAIT_2 inferred",
            "server FIN_WAIT_2-TIME_WAIT inferred",
            "server LISTEN-CLOSED observed",
            "client ESTABLISHED-CLOSE_WAIT inferred",
            "client CLOSE_WAIT-LAST_ACK inferred",
            "client LAST_ACK-CLOSED inferred");
    assertThat(path.takenEdges()).hasSize(12);
    assertThat(path.observedStates()).containsExactly(CLOSED, LISTEN, ESTABLISHED, TIME_WAIT);
    assertThat(path.visit(TIME_WAIT).orElseThrow().ends()).containsExactly(End.SERVER);
    assertThat(path.visit(ESTABLISHED).orElseThrow().ends())
        .containsExactlyInAnyOrder(End.CLIENT, End.SERVER);
    assertThat(path.visit(FIN_WAIT_1).orElseThrow().observed()).isFalse();
  }

  @Test
  void statesSeenOneAfterTheOtherOnAnEdgeAreObservedHopsWithTheTimeSpent() {
    RunPath path =
        PathMapper.map(
            PORT,
            List.of(
                t(0, CLIENT, null, ESTABLISHED, 0),
                t(5, CLIENT, ESTABLISHED, FIN_WAIT_1, 5),
                t(9, CLIENT, FIN_WAIT_1, TIME_WAIT, 4)));

    assertThat(path.hops().stream().map(PathMapperTest::describe))
        .containsExactly(
            "client CLOSED-SYN_SENT inferred",
            "client SYN_SENT-ESTABLISHED inferred",
            "client ESTABLISHED-FIN_WAIT_1 observed",
            "client FIN_WAIT_1-TIME_WAIT observed");
    assertThat(path.hops().get(2).nanosInFrom()).isEqualTo(5_000_000);
    assertThat(path.visit(ESTABLISHED).orElseThrow().longestNanos())
        .containsEntry(End.CLIENT, 5_000_000L);
  }

  /**
   * The trace tells CLOSE_WAIT -> CLOSED itself when the lab's cleanup aborts a socket there: no
   * LAST_ACK passed, and none may be drawn (fin-wait-1 drew one, inferred, that never happened).
   */
  @Test
  void aTracedMoveFromCloseWaitToClosedIsAnAbortNotALastAck() {
    for (TcpState to : new TcpState[] {CLOSED, null}) {
      RunPath path =
          PathMapper.map(
              PORT,
              List.of(
                  t(0, SERVER_CONN, null, ESTABLISHED, 0),
                  new Transition(5_000_000, SERVER_CONN, ESTABLISHED, CLOSE_WAIT, 5_000_000, true),
                  new Transition(9_000_000, SERVER_CONN, CLOSE_WAIT, to, 4_000_000, true)));

      assertThat(path.hops().stream().map(PathMapperTest::describe))
          .as("CLOSE_WAIT -> %s", to)
          .endsWith("server CLOSE_WAIT-CLOSED observed")
          .noneMatch(hop -> hop.contains("LAST_ACK"));
    }
  }

  @Test
  void bothEndsVanishingFromEstablishedIsAnAbortNotAClose() {
    RunPath path =
        PathMapper.map(
            PORT,
            List.of(
                t(0, CLIENT, null, ESTABLISHED, 0),
                t(0, SERVER_CONN, null, ESTABLISHED, 0),
                t(7, CLIENT, ESTABLISHED, null, 7),
                t(7, SERVER_CONN, ESTABLISHED, null, 7)));

    assertThat(path.hops().stream().filter(h -> h.edge().style() == LineStyle.ABORT))
        .extracting(PathMapperTest::describe)
        .containsExactly(
            "client ESTABLISHED-CLOSED observed", "server ESTABLISHED-CLOSED observed");
    assertThat(path.visit(CLOSED).orElseThrow().ends())
        .containsExactlyInAnyOrder(End.CLIENT, End.SERVER);
  }

  @Test
  void aSocketConnectedToItselfIsBothEndsAndOpenedSimultaneously() {
    SocketKey self = key(PORT, PORT);
    RunPath path = PathMapper.map(PORT, List.of(t(0, self, null, ESTABLISHED, 0)));

    assertThat(path.hops().stream().map(PathMapperTest::describe))
        .containsExactly(
            "client + server CLOSED-SYN_SENT inferred",
            "client + server SYN_SENT-SYN_RECEIVED inferred",
            "client + server SYN_RECEIVED-ESTABLISHED inferred");
  }

  @Test
  void aBoundSocketThatNeverConnectsIsClosedAndNeitherEnd() {
    SocketKey idle = key(PORT, 0);
    RunPath path =
        PathMapper.map(PORT, List.of(t(0, idle, null, CLOSED, 0), t(3, idle, CLOSED, null, 3)));

    assertThat(path.hops()).isEmpty();
    assertThat(path.observedStates()).containsExactly(CLOSED);
    assertThat(path.visit(CLOSED).orElseThrow().ends()).isEmpty();
  }

  @Test
  void aDroppedRequestSocketReturnsTheServerToListen() {
    SocketKey request = key(PORT, 40001);
    RunPath path =
        PathMapper.map(
            PORT,
            List.of(t(0, request, null, SYN_RECEIVED, 0), t(9, request, SYN_RECEIVED, null, 9)));

    assertThat(path.hops().stream().map(PathMapperTest::describe))
        .containsExactly(
            "server LISTEN-SYN_RECEIVED inferred", "server SYN_RECEIVED-LISTEN inferred");
  }

  @Test
  void theEndOfASocketFollowsFromItsPortAndWhetherItListened() {
    assertThat(PathMapper.endsOf(LISTENER, PORT, true)).containsExactly(End.SERVER);
    assertThat(PathMapper.endsOf(LISTENER, PORT, false)).isEmpty();
    assertThat(PathMapper.endsOf(SERVER_CONN, PORT, false)).containsExactly(End.SERVER);
    assertThat(PathMapper.endsOf(CLIENT, PORT, false)).containsExactly(End.CLIENT);
    assertThat(PathMapper.endsOf(key(PORT, PORT), PORT, false))
        .containsExactlyInAnyOrder(End.CLIENT, End.SERVER);
  }

  @Test
  void allStatesAsRecordedSeesAllElevenStatesAndTakesEveryEdgeInOrder() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("all-states.jsonl");

    RunPath path = PathMapper.map(runs);

    assertThat(runs).hasSize(7);
    assertThat(path.observedStates()).containsExactlyElementsOf(TcpState.DIAGRAM_ORDER);
    for (int i = 0; i < path.takenEdges().size(); i++) {
      assertThat(path.number(path.takenEdges().get(i))).isEqualTo(i + 1);
    }
    assertThat(path.hops()).isSortedAccordingTo(java.util.Comparator.comparingLong(Hop::nanos));
  }

  private static String describe(Hop hop) {
    return RunPath.endsLabel(hop.ends())
        + " "
        + hop.edge().id()
        + (hop.inferred() ? " inferred" : " observed");
  }

  private static Transition t(
      double ms, SocketKey key, TcpState from, TcpState to, double msInFrom) {
    return new Transition(Math.round(ms * 1e6), key, from, to, Math.round(msInFrom * 1e6));
  }

  private static SocketKey key(int localPort, int remotePort) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    InetSocketAddress remote =
        remotePort == 0 ? new InetSocketAddress(0) : new InetSocketAddress(loopback, remotePort);
    return new SocketKey(new InetSocketAddress(loopback, localPort), remote);
  }
}
