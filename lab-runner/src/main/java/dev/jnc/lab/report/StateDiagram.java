package dev.jnc.lab.report;

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
import static dev.jnc.lab.report.LineStyle.CLIENT_PATH;
import static dev.jnc.lab.report.LineStyle.OTHER;
import static dev.jnc.lab.report.LineStyle.SERVER_PATH;

import dev.jnc.lab.observe.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The TCP state diagram of RFC 9293 section 3.3.2, the one place its edges are defined. Line styles
 * follow Stevens' figure: the client's normal path thick, the server's dashed, the rest thin.
 */
public final class StateDiagram {

  /** Every edge of the figure, in the order the figure is usually read: open, then close. */
  public static final List<DiagramEdge> EDGES =
      List.of(
          new DiagramEdge(CLOSED, LISTEN, "passive open", SERVER_PATH),
          new DiagramEdge(CLOSED, SYN_SENT, "active open / snd SYN", CLIENT_PATH),
          new DiagramEdge(LISTEN, CLOSED, "close", OTHER),
          new DiagramEdge(LISTEN, SYN_RECEIVED, "rcv SYN / snd SYN,ACK", SERVER_PATH),
          new DiagramEdge(LISTEN, SYN_SENT, "send / snd SYN", OTHER),
          new DiagramEdge(SYN_SENT, SYN_RECEIVED, "rcv SYN / snd SYN,ACK", OTHER),
          new DiagramEdge(SYN_SENT, CLOSED, "close or timeout", OTHER),
          new DiagramEdge(SYN_SENT, ESTABLISHED, "rcv SYN,ACK / snd ACK", CLIENT_PATH),
          new DiagramEdge(SYN_RECEIVED, LISTEN, "rcv RST", OTHER),
          new DiagramEdge(SYN_RECEIVED, ESTABLISHED, "rcv ACK", SERVER_PATH),
          new DiagramEdge(SYN_RECEIVED, FIN_WAIT_1, "close / snd FIN", OTHER),
          new DiagramEdge(ESTABLISHED, FIN_WAIT_1, "close / snd FIN", CLIENT_PATH),
          new DiagramEdge(ESTABLISHED, CLOSE_WAIT, "rcv FIN / snd ACK", SERVER_PATH),
          new DiagramEdge(FIN_WAIT_1, FIN_WAIT_2, "rcv ACK", CLIENT_PATH),
          new DiagramEdge(FIN_WAIT_1, CLOSING, "rcv FIN / snd ACK", OTHER),
          new DiagramEdge(FIN_WAIT_1, TIME_WAIT, "rcv FIN,ACK / snd ACK", OTHER),
          new DiagramEdge(FIN_WAIT_2, TIME_WAIT, "rcv FIN / snd ACK", CLIENT_PATH),
          new DiagramEdge(CLOSING, TIME_WAIT, "rcv ACK", OTHER),
          new DiagramEdge(CLOSE_WAIT, LAST_ACK, "close / snd FIN", SERVER_PATH),
          new DiagramEdge(LAST_ACK, CLOSED, "rcv ACK", SERVER_PATH),
          new DiagramEdge(TIME_WAIT, CLOSED, "2MSL timeout", CLIENT_PATH));

  /** A thin edge costs this much more than a normal-path edge when a skipped path is guessed. */
  private static final int THIN_COST = 4;

  private static final Map<TcpState, DiagramEdge> ABORTS = new EnumMap<>(TcpState.class);

  static {
    for (TcpState state : TcpState.values()) {
      if (state != CLOSED) {
        ABORTS.put(
            state, new DiagramEdge(state, CLOSED, "abort (RST) or timeout", LineStyle.ABORT));
      }
    }
  }

  private StateDiagram() {}

  /** The figure's edge from one state to another, if there is one. */
  public static Optional<DiagramEdge> edge(TcpState from, TcpState to) {
    return EDGES.stream().filter(e -> e.from() == from && e.to() == to).findFirst();
  }

  /** The undrawn move from {@code from} straight to CLOSED: an RST sent or received, a timeout. */
  public static DiagramEdge abort(TcpState from) {
    DiagramEdge edge = ABORTS.get(from);
    if (edge == null) {
      throw new IllegalArgumentException("no abort from " + from);
    }
    return edge;
  }

  /**
   * The likeliest route from one state to another through the figure: the fewest edges, normal
   * paths preferred to thin ones (so ESTABLISHED to TIME_WAIT goes through FIN_WAIT_1 and
   * FIN_WAIT_2, as Linux does). Empty when {@code to} cannot be reached, or {@code from == to}.
   */
  public static List<DiagramEdge> route(TcpState from, TcpState to) {
    Map<TcpState, Integer> cost = new EnumMap<>(TcpState.class);
    Map<TcpState, DiagramEdge> via = new EnumMap<>(TcpState.class);
    PriorityQueue<Map.Entry<TcpState, Integer>> queue =
        new PriorityQueue<>(Map.Entry.comparingByValue());
    cost.put(from, 0);
    queue.add(Map.entry(from, 0));
    while (!queue.isEmpty()) {
      Map.Entry<TcpState, Integer> next = queue.poll();
      TcpState state = next.getKey();
      if (next.getValue() > cost.get(state)) {
        continue;
      }
      for (DiagramEdge edge : EDGES) {
        if (edge.from() != state) {
          continue;
        }
        int c = next.getValue() + (edge.style() == OTHER ? THIN_COST : 1);
        if (c < cost.getOrDefault(edge.to(), Integer.MAX_VALUE)) {
          cost.put(edge.to(), c);
          via.put(edge.to(), edge);
          queue.add(Map.entry(edge.to(), c));
        }
      }
    }
    if (from == to || !via.containsKey(to)) {
      return List.of();
    }
    List<DiagramEdge> path = new ArrayList<>();
    for (TcpState s = to; s != from; s = via.get(s).from()) {
      path.add(via.get(s));
    }
    Collections.reverse(path);
    return List.copyOf(path);
  }
}
