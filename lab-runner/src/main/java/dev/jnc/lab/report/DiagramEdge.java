package dev.jnc.lab.report;

import dev.jnc.lab.observe.TcpState;

/**
 * One arrow of the TCP state diagram.
 *
 * @param from the state the arrow leaves
 * @param to the state it enters
 * @param label the event and action, as RFC 9293 writes them ({@code rcv SYN / snd SYN,ACK})
 * @param style how it is drawn
 */
public record DiagramEdge(TcpState from, TcpState to, String label, LineStyle style) {

  /** A stable name for the edge, such as {@code ESTABLISHED-FIN_WAIT_1}. */
  public String id() {
    return from.name() + "-" + to.name();
  }

  /** True for the arrows of the classic figure; aborts are drawn only when a run took one. */
  public boolean inFigure() {
    return style != LineStyle.ABORT;
  }
}
