package dev.jnc.lab.record;

import static dev.jnc.lab.observe.TcpState.CLOSED;
import static dev.jnc.lab.observe.TcpState.CLOSE_WAIT;
import static dev.jnc.lab.observe.TcpState.ESTABLISHED;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_1;
import static dev.jnc.lab.observe.TcpState.FIN_WAIT_2;
import static dev.jnc.lab.observe.TcpState.LAST_ACK;
import static dev.jnc.lab.observe.TcpState.LISTEN;
import static dev.jnc.lab.observe.TcpState.SYN_RECEIVED;
import static dev.jnc.lab.observe.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceEvent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge rules on made-up witnesses, where each case can be set up exactly; the real kernel's
 * version of them runs in {@code TraceObserverTest}.
 */
class HistoryMergerTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 6666);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final SocketKey SERVER_END = new SocketKey(SERVER, CLIENT);
  private static final SocketKey LISTENER =
      new SocketKey(SERVER, new InetSocketAddress("0.0.0.0", 0));
  private static final long SK = 0xffff888100000000L;

  private final TracedSockets traced = new TracedSockets();
  private final List<HistoryMerger.Polled> polled = new ArrayList<>();

  private void trace(long micros, TcpState from, TcpState to, SocketKey key) {
    traced.add(
        new TraceEvent(
            micros * 1000, SK + key.remote().getPort(), from, to, key.local(), key.remote()));
  }

  /** A snapshot asked for at {@code micros} that answered 10 µs later. */
  private void poll(long micros, SocketKey key, TcpState from, TcpState to) {
    polled.add(
        new HistoryMerger.Polled(
            micros * 1000, new Transition((micros + 10) * 1000, key, from, to, 0)));
  }

  private List<String> history(SocketKey key) {
    return HistoryMerger.merge(polled, traced.byKey()).stream()
        .filter(t -> t.socket().equals(key))
        .map(t -> t.from() + "->" + t.to() + "@" + t.nanos() / 1000 + (t.traced() ? "" : " polled"))
        .toList();
  }

  @Test
  void theTracedExitOfTheActiveCloserBecomesTimeWaitWhenASnapshotShowsIt() {
    trace(100, LISTEN, SYN_RECEIVED, SERVER_END);
    trace(101, SYN_RECEIVED, ESTABLISHED, SERVER_END);
    poll(150, SERVER_END, null, ESTABLISHED);
    trace(200, ESTABLISHED, FIN_WAIT_1, SERVER_END);
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(210, FIN_WAIT_2, CLOSED, SERVER_END);
    poll(300, SERVER_END, ESTABLISHED, TIME_WAIT);
    poll(900, SERVER_END, TIME_WAIT, null);

    assertThat(history(SERVER_END))
        .containsExactly(
            "null->SYN_RECEIVED@100",
            "SYN_RECEIVED->ESTABLISHED@101",
            "ESTABLISHED->FIN_WAIT_1@200",
            "FIN_WAIT_1->FIN_WAIT_2@205",
            "FIN_WAIT_2->TIME_WAIT@210",
            "TIME_WAIT->null@910 polled");
  }

  /**
   * The seed's own experiment with a server that stops first: its socket, closed before the
   * client's FIN, leaves FIN_WAIT_2 to the kernel's stand-in at once, and TIME_WAIT starts only
   * when the client closes, as its move to LAST_ACK dates.
   */
  @Test
  void aStandInHoldsFinWait2UntilThePeersFin() {
    SocketKey clientEnd = new SocketKey(CLIENT, SERVER);
    trace(200, ESTABLISHED, FIN_WAIT_1, SERVER_END);
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(205, ESTABLISHED, CLOSE_WAIT, clientEnd);
    trace(210, FIN_WAIT_2, CLOSED, SERVER_END);
    poll(600, SERVER_END, null, FIN_WAIT_2);
    trace(2000, CLOSE_WAIT, LAST_ACK, clientEnd);
    trace(2001, LAST_ACK, CLOSED, clientEnd);
    poll(2600, SERVER_END, FIN_WAIT_2, TIME_WAIT);

    assertThat(history(SERVER_END))
        .containsExactly(
            "null->FIN_WAIT_1@200", "FIN_WAIT_1->FIN_WAIT_2@205", "FIN_WAIT_2->TIME_WAIT@2000");
  }

  /**
   * A stand-in's FIN_WAIT_2 that times out (tcp_fin_timeout) before the peer closes: it leaves the
   * table, and the peer's later FIN makes no TIME_WAIT of a socket that is gone.
   */
  @Test
  void aStandInThatTimedOutGetsNoTimeWaitFromALatePeerFin() {
    SocketKey clientEnd = new SocketKey(CLIENT, SERVER);
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(205, ESTABLISHED, CLOSE_WAIT, clientEnd);
    trace(210, FIN_WAIT_2, CLOSED, SERVER_END);
    poll(600, SERVER_END, null, FIN_WAIT_2);
    poll(3000, SERVER_END, FIN_WAIT_2, null);
    trace(5000, CLOSE_WAIT, LAST_ACK, clientEnd);

    assertThat(history(SERVER_END))
        .containsExactly("null->FIN_WAIT_2@205", "FIN_WAIT_2->null@3010 polled");
  }

  /**
   * The stand-in's TIME_WAIT shares its instant with the peer's move to LAST_ACK, which caused it:
   * the cause is listed first, whichever socket the merge takes first.
   */
  @Test
  void aTimeWaitDatedAtThePeersLastAckComesAfterIt() {
    SocketKey clientEnd = new SocketKey(CLIENT, SERVER);
    trace(200, ESTABLISHED, FIN_WAIT_1, SERVER_END);
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(205, ESTABLISHED, CLOSE_WAIT, clientEnd);
    trace(210, FIN_WAIT_2, CLOSED, SERVER_END);
    trace(2000, CLOSE_WAIT, LAST_ACK, clientEnd);
    trace(2001, LAST_ACK, CLOSED, clientEnd);

    assertThat(HistoryMerger.merge(polled, traced.byKey()))
        .filteredOn(t -> t.nanos() == 2_000_000)
        .extracting(Transition::to)
        .containsExactly(LAST_ACK, TIME_WAIT);
  }

  /** A half-closed socket still open gets the peer's FIN in FIN_WAIT_2: TIME_WAIT at the exit. */
  @Test
  void anExitCausedByThePeersFinIsTheStartOfTimeWait() {
    SocketKey clientEnd = new SocketKey(CLIENT, SERVER);
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(300, CLOSE_WAIT, LAST_ACK, clientEnd);
    trace(301, FIN_WAIT_2, CLOSED, SERVER_END);
    trace(302, LAST_ACK, CLOSED, clientEnd);

    assertThat(history(SERVER_END))
        .containsExactly("null->FIN_WAIT_2@205", "FIN_WAIT_2->TIME_WAIT@301");
  }

  /** A peer elsewhere, untraced: a snapshot of the stand-in in FIN_WAIT_2 undoes the exit. */
  @Test
  void withoutThePeersTraceASnapshotOfTheStandInKeepsFinWait2() {
    trace(205, FIN_WAIT_1, FIN_WAIT_2, SERVER_END);
    trace(210, FIN_WAIT_2, CLOSED, SERVER_END);
    poll(600, SERVER_END, null, FIN_WAIT_2);
    poll(2600, SERVER_END, FIN_WAIT_2, TIME_WAIT);

    List<Transition> merged = HistoryMerger.merge(polled, traced.byKey());
    assertThat(history(SERVER_END))
        .containsExactly("null->FIN_WAIT_2@205", "FIN_WAIT_2->TIME_WAIT@2610 polled");
    assertThat(merged.getLast().nanosInFrom()).isEqualTo((2610 - 205) * 1000L);
  }

  @Test
  void aRequestSocketHeldInSynReceivedIsTakenFromTheSnapshotsAndTheTraceGoesOnFromThere() {
    poll(50, SERVER_END, null, SYN_RECEIVED);
    trace(1000, LISTEN, SYN_RECEIVED, SERVER_END);
    trace(1001, SYN_RECEIVED, ESTABLISHED, SERVER_END);
    poll(1100, SERVER_END, SYN_RECEIVED, ESTABLISHED);

    assertThat(history(SERVER_END))
        .containsExactly("null->SYN_RECEIVED@60 polled", "SYN_RECEIVED->ESTABLISHED@1001");
  }

  /**
   * Linux makes the accepted socket, and traces its SYN_RECEIVED, only at the handshake's last ACK:
   * after the client's ESTABLISHED. Its SYN_RECEIVED began with the client's SYN.
   */
  @Test
  void anAcceptedConnectionIsInSynReceivedFromTheClientsSyn() {
    handshake(90, 99, 100, 101);

    assertThat(history(SERVER_END))
        .containsExactly("null->SYN_RECEIVED@90", "SYN_RECEIVED->ESTABLISHED@101");
    assertThat(order())
        .containsExactly(
            "40000 SYN_SENT", "6666 SYN_RECEIVED", "40000 ESTABLISHED", "6666 ESTABLISHED");
  }

  /** Trace times are cut to the microsecond: the whole handshake may share one. */
  @Test
  void aHandshakeWithinOneMicrosecondIsListedInTheFiguresOrder() {
    handshake(90, 90, 90, 90);

    assertThat(order())
        .containsExactly(
            "40000 SYN_SENT", "6666 SYN_RECEIVED", "40000 ESTABLISHED", "6666 ESTABLISHED");
  }

  @Test
  void anAcceptedConnectionWhosePeerWasNotTracedKeepsTheKernelsTime() {
    trace(100, LISTEN, SYN_RECEIVED, SERVER_END);
    trace(101, SYN_RECEIVED, ESTABLISHED, SERVER_END);

    assertThat(history(SERVER_END))
        .containsExactly("null->SYN_RECEIVED@100", "SYN_RECEIVED->ESTABLISHED@101");
  }

  /**
   * A traced handshake: the client's SYN sent and its ESTABLISHED, then the server's socket made
   * (SYN_RECEIVED) and its ESTABLISHED, each at its microsecond.
   */
  private void handshake(long synSent, long clientEstablished, long made, long serverEstablished) {
    SocketKey clientEnd = new SocketKey(CLIENT, SERVER);
    trace(synSent, CLOSED, TcpState.SYN_SENT, clientEnd);
    trace(clientEstablished, TcpState.SYN_SENT, ESTABLISHED, clientEnd);
    trace(made, LISTEN, SYN_RECEIVED, SERVER_END);
    trace(serverEstablished, SYN_RECEIVED, ESTABLISHED, SERVER_END);
  }

  /** Every merged change in order, as "local port, new state". */
  private List<String> order() {
    return HistoryMerger.merge(polled, traced.byKey()).stream()
        .map(t -> t.socket().local().getPort() + " " + t.to())
        .toList();
  }

  @Test
  void aSnapshotTakenWhileTheSocketChangedDefersToTheTrace() {
    trace(100, LISTEN, SYN_RECEIVED, SERVER_END);
    trace(101, SYN_RECEIVED, ESTABLISHED, SERVER_END);
    // Asked at 295, answered at 305: the exit at 300 happened in between; the answer had no row.
    trace(300, ESTABLISHED, CLOSED, SERVER_END);
    poll(295, SERVER_END, ESTABLISHED, null);

    assertThat(history(SERVER_END))
        .containsExactly(
            "null->SYN_RECEIVED@100", "SYN_RECEIVED->ESTABLISHED@101", "ESTABLISHED->null@300");
  }

  @Test
  void aListenerThatWasThereBeforeTheTraceBeganIsKnownFromTheSnapshots() {
    poll(10, LISTENER, null, LISTEN);
    trace(500, LISTEN, CLOSED, LISTENER);
    poll(600, LISTENER, LISTEN, null);

    assertThat(history(LISTENER)).containsExactly("null->LISTEN@20 polled", "LISTEN->null@500");
  }

  @Test
  void aConnectTracedBeforeItHadAPortIsFiledUnderTheTupleItGotLater() {
    SocketKey client = new SocketKey(CLIENT, SERVER);
    traced.add(
        new TraceEvent(
            100_000, 42, CLOSED, TcpState.SYN_SENT, new InetSocketAddress("127.0.0.1", 0), SERVER));
    traced.add(new TraceEvent(101_000, 42, TcpState.SYN_SENT, ESTABLISHED, CLIENT, SERVER));
    poll(150, client, null, ESTABLISHED);

    assertThat(history(client)).containsExactly("null->SYN_SENT@100", "SYN_SENT->ESTABLISHED@101");
  }

  @Test
  void withoutATraceTheSnapshotsAreTheHistory() {
    poll(10, LISTENER, null, LISTEN);
    poll(600, LISTENER, LISTEN, null);

    assertThat(history(LISTENER))
        .containsExactly("null->LISTEN@20 polled", "LISTEN->null@610 polled");
  }
}
