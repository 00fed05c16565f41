package dev.jnc.lab.record;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.observe.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One history per socket from two witnesses: traced events (exact, complete for every state the
 * tracepoint reports) and changes between snapshots (late, but the only witness of TIME_WAIT, held
 * request sockets in SYN_RECEIVED, and bound idle sockets).
 *
 * <p>The rules, per 4-tuple, in time order (a snapshot counts from when its answer came):
 *
 * <ul>
 *   <li>A traced change to the state the socket is already in adds nothing; any other is taken, at
 *       the kernel's time. A traced change to CLOSED means the socket left the table.
 *   <li>A connection a listener accepts is traced from its move to SYN_RECEIVED, which Linux makes
 *       when the handshake's last ACK arrives: until then the half-open connection is a request,
 *       not a socket, and the tracepoint reports nothing for it. Its SYN_RECEIVED began with the
 *       SYN, so it is dated at the peer's move to SYN_SENT (the same tuple reversed, traced too
 *       when it is on this machine). Else the server would seem to receive the SYN after the client
 *       was ESTABLISHED, which the client becomes only by the server's answer.
 *   <li>A traced exit from FIN_WAIT_2 is the hand-over to the kernel's stand-in socket, which the
 *       tracepoint does not follow. If the peer (the same tuple reversed, traced too when it is on
 *       this machine) had sent its FIN before, the stand-in starts in TIME_WAIT, at the exit. If
 *       the peer sends it later (its move to LAST_ACK), the stand-in holds FIN_WAIT_2 until then
 *       and TIME_WAIT starts at that moment: an application that closes before the peer's FIN
 *       arrives leaves its FIN_WAIT_2 to the stand-in.
 *   <li>Otherwise a snapshot that shows FIN_WAIT_2 right after a traced exit from it undoes the
 *       exit (the stand-in holds the state), and one that shows TIME_WAIT (or CLOSED, an fd still
 *       open) turns that exit into the move to TIME_WAIT: the tracepoint logs the start of
 *       TIME_WAIT as FIN_WAIT_2 -> CLOSE or CLOSING -> CLOSE.
 *   <li>A snapshot that shows a state the tracepoint reports, and did report for this socket, adds
 *       nothing: the trace has it already, with the right time. (A socket that was in that state
 *       before the trace began is the exception, which this rule lets through.)
 *   <li>A snapshot taken while the trace saw the socket change adds nothing: it may show either
 *       side of the change, and the trace knows which came when.
 *   <li>Any other snapshot change (TIME_WAIT, SYN_RECEIVED, CLOSED, leaving the table, or any
 *       change of a socket never traced) is taken at the snapshot's time.
 * </ul>
 */
final class HistoryMerger {

  /** What the tracepoint reports itself; the rest only a snapshot can show. */
  private static final Set<TcpState> TRACED_STATES =
      EnumSet.of(
          TcpState.LISTEN,
          TcpState.SYN_SENT,
          TcpState.ESTABLISHED,
          TcpState.FIN_WAIT_1,
          TcpState.FIN_WAIT_2,
          TcpState.CLOSE_WAIT,
          TcpState.CLOSING,
          TcpState.LAST_ACK);

  /** How long before our exit the peer may have left LAST_ACK and still have caused it. */
  private static final long PEER_EXIT_SLACK_NANOS = 1_000_000;

  /** A change between two snapshots; {@code askedAt} is when the later one was asked for. */
  record Polled(long askedAt, Transition transition) {}

  private HistoryMerger() {}

  static List<Transition> merge(List<Polled> polled, Map<SocketKey, List<TraceEvent>> traced) {
    Map<SocketKey, List<Polled>> polledByKey = new LinkedHashMap<>();
    for (Polled p : polled) {
      polledByKey.computeIfAbsent(p.transition().socket(), k -> new ArrayList<>()).add(p);
    }
    Set<SocketKey> keys = new HashSet<>(polledByKey.keySet());
    keys.addAll(traced.keySet());
    List<Transition> merged = new ArrayList<>();
    for (SocketKey key : keys) {
      List<TraceEvent> peer =
          traced.getOrDefault(new SocketKey(key.remote(), key.local()), List.of());
      merged.addAll(
          mergeOne(
              key,
              polledByKey.getOrDefault(key, List.of()),
              withSynArrival(withStandIns(traced.getOrDefault(key, List.of()), peer), peer)));
    }
    merged.sort(
        Comparator.comparingLong(Transition::nanos)
            .thenComparingInt(HistoryMerger::tieRank)
            .thenComparingInt(HistoryMerger::leftRank));
    return merged;
  }

  /**
   * The order of changes at the same instant, in the figure's order, where a cause comes before its
   * effect: a stand-in's TIME_WAIT is dated at the peer's move to LAST_ACK, whose FIN caused it,
   * and the two tied in the order the sockets happened to be merged (TIME_WAIT first in 2 runs of
   * 10). Leaving the table comes last.
   */
  private static int tieRank(Transition t) {
    if (t.to() == null) {
      return TcpState.DIAGRAM_ORDER.size() + 1;
    }
    return t.to() == TcpState.CLOSED
        ? TcpState.DIAGRAM_ORDER.size()
        : TcpState.DIAGRAM_ORDER.indexOf(t.to());
  }

  /**
   * Between moves to the same state at the same instant, the figure's order of the states left: the
   * client's SYN_SENT -> ESTABLISHED (at the SYN,ACK) before the server's SYN_RECEIVED ->
   * ESTABLISHED (at the ACK that answers it).
   */
  private static int leftRank(Transition t) {
    return t.from() == null ? -1 : TcpState.DIAGRAM_ORDER.indexOf(t.from());
  }

  /**
   * {@code traced} with each exit from FIN_WAIT_2 replaced by the move to TIME_WAIT that the peer's
   * FIN dates: at the exit when the FIN came first, at the peer's move to LAST_ACK when it came
   * later. An exit that the peer's trace cannot date is left for the snapshots.
   */
  private static List<TraceEvent> withStandIns(List<TraceEvent> traced, List<TraceEvent> peer) {
    List<TraceEvent> out = new ArrayList<>(traced.size());
    for (TraceEvent e : traced) {
      if (e.from() != TcpState.FIN_WAIT_2 || e.to() != TcpState.CLOSED) {
        out.add(e);
        continue;
      }
      Long fin = peerFin(peer, e.nanos());
      out.add(
          fin == null
              ? e
              : new TraceEvent(
                  fin, e.skaddr(), TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, e.local(), e.remote()));
    }
    out.sort(Comparator.comparingLong(TraceEvent::nanos));
    return out;
  }

  /**
   * {@code traced} with an accepted connection's first move, to SYN_RECEIVED when the handshake's
   * last ACK made it a socket, dated at the SYN: the peer's last move to SYN_SENT before it. A tie
   * with that move sorts after it, in the figure's order.
   */
  private static List<TraceEvent> withSynArrival(List<TraceEvent> traced, List<TraceEvent> peer) {
    if (traced.isEmpty() || traced.getFirst().to() != TcpState.SYN_RECEIVED) {
      return traced;
    }
    TraceEvent made = traced.getFirst();
    Long syn = null;
    for (TraceEvent p : peer) {
      if (p.nanos() > made.nanos()) {
        break;
      }
      if (p.to() == TcpState.SYN_SENT) {
        syn = p.nanos();
      }
    }
    if (syn == null) {
      return traced;
    }
    List<TraceEvent> out = new ArrayList<>(traced);
    out.set(
        0, new TraceEvent(syn, made.skaddr(), made.from(), made.to(), made.local(), made.remote()));
    return out;
  }

  /**
   * When the peer's FIN reached a socket that left FIN_WAIT_2 at {@code exit}: at the exit if the
   * peer was in LAST_ACK then (its FIN caused the exit; it leaves LAST_ACK at our ACK, just after,
   * hence the slack), else at its first move to LAST_ACK after the exit; {@code null} when the
   * peer's trace has neither.
   */
  private static Long peerFin(List<TraceEvent> peer, long exit) {
    boolean inLastAck = false;
    for (TraceEvent p : peer) {
      if (p.nanos() > exit) {
        if (inLastAck) {
          return exit;
        }
        if (p.to() == TcpState.LAST_ACK) {
          return p.nanos();
        }
      } else if (p.to() == TcpState.LAST_ACK) {
        inLastAck = true;
      } else if (p.from() == TcpState.LAST_ACK && exit - p.nanos() > PEER_EXIT_SLACK_NANOS) {
        inLastAck = false;
      }
    }
    return inLastAck ? exit : null;
  }

  private static List<Transition> mergeOne(
      SocketKey key, List<Polled> polled, List<TraceEvent> traced) {
    Set<TcpState> tracedTo = EnumSet.noneOf(TcpState.class);
    traced.forEach(e -> tracedTo.add(e.to()));
    List<Transition> out = new ArrayList<>();
    TcpState current = null;
    long since = 0;
    long sinceBeforeExit = 0;
    int tracedExit = -1;
    int p = 0;
    int t = 0;
    while (p < polled.size() || t < traced.size()) {
      boolean takeTraced =
          t < traced.size()
              && (p == polled.size()
                  || traced.get(t).nanos() <= polled.get(p).transition().nanos());
      if (takeTraced) {
        TraceEvent event = traced.get(t++);
        if (event.to() == TcpState.TIME_WAIT && current == null) {
          // A stand-in's TIME_WAIT dated by the peer's FIN (the tracepoint reports none itself),
          // but the stand-in had left the table before it came: its FIN_WAIT_2 timed out.
          continue;
        }
        TcpState to = event.to() == TcpState.CLOSED ? null : event.to();
        if (to == current) {
          continue;
        }
        long at = event.nanos();
        out.add(new Transition(at, key, current, to, current == null ? 0 : at - since, true));
        tracedExit = to == null ? out.size() - 1 : -1;
        sinceBeforeExit = since;
        current = to;
        since = at;
        continue;
      }
      Polled next = polled.get(p++);
      Transition seen = next.transition();
      TcpState to = seen.to();
      if (to == current) {
        continue;
      }
      if (tracedExit >= 0
          && current == null
          && to == TcpState.FIN_WAIT_2
          && out.get(tracedExit).from() == TcpState.FIN_WAIT_2) {
        // The stand-in holds FIN_WAIT_2: the traced exit was the hand-over, not an end.
        since = sinceBeforeExit;
        out.remove(tracedExit);
        current = to;
        tracedExit = -1;
        continue;
      }
      if (tracedExit >= 0
          && current == null
          && (to == TcpState.TIME_WAIT || to == TcpState.CLOSED)) {
        Transition exit = out.get(tracedExit);
        out.set(
            tracedExit,
            new Transition(exit.nanos(), key, exit.from(), to, exit.nanosInFrom(), true));
        current = to;
        tracedExit = -1;
        continue;
      }
      if (to != null && TRACED_STATES.contains(to) && tracedTo.contains(to)) {
        continue;
      }
      if (racedWithTrace(next, traced)) {
        continue;
      }
      long at = seen.nanos();
      out.add(new Transition(at, key, current, to, current == null ? 0 : at - since, false));
      tracedExit = -1;
      current = to;
      since = at;
    }
    return out;
  }

  /**
   * True when the socket changed state, as traced, while the snapshot was being taken: the snapshot
   * may show either side of that change, and the trace knows which came when.
   */
  private static boolean racedWithTrace(Polled polled, List<TraceEvent> traced) {
    // Traced times are cut to the microsecond.
    long from = polled.askedAt() - 1_000;
    long to = polled.transition().nanos();
    return traced.stream().anyMatch(e -> e.nanos() >= from && e.nanos() <= to);
  }
}
