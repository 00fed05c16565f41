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

import dev.jnc.lab.observe.TcpState;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed coordinates of the classic figure: CLOSED on top, the two opens below it (the server's on
 * the left, the client's on the right), ESTABLISHED in the middle, the active close down the left,
 * the passive close down the right, TIME_WAIT at the bottom.
 */
final class DiagramLayout {

  static final int WIDTH = 900;
  static final int HEIGHT = 990;
  static final int BOX_WIDTH = 170;
  static final int BOX_HEIGHT = 56;

  record Point(int x, int y) {}

  /** The line of an edge and where its label goes (centred on the label point). */
  record Route(List<Point> points, Point label) {}

  private static final Map<TcpState, Point> CENTRES = new EnumMap<>(TcpState.class);
  private static final Map<String, Route> ROUTES = new HashMap<>();

  static {
    CENTRES.put(CLOSED, new Point(450, 50));
    CENTRES.put(LISTEN, new Point(450, 170));
    CENTRES.put(SYN_RECEIVED, new Point(170, 300));
    CENTRES.put(SYN_SENT, new Point(730, 300));
    CENTRES.put(ESTABLISHED, new Point(450, 430));
    CENTRES.put(FIN_WAIT_1, new Point(170, 570));
    CENTRES.put(CLOSE_WAIT, new Point(730, 570));
    CENTRES.put(FIN_WAIT_2, new Point(170, 720));
    CENTRES.put(CLOSING, new Point(450, 720));
    CENTRES.put(LAST_ACK, new Point(730, 720));
    CENTRES.put(TIME_WAIT, new Point(450, 850));

    route(CLOSED, LISTEN, label(372, 114), p(435, 78), p(435, 142));
    route(LISTEN, CLOSED, label(522, 114), p(465, 142), p(465, 78));
    route(CLOSED, SYN_SENT, label(625, 76), p(535, 60), p(715, 60), p(715, 272));
    route(SYN_SENT, CLOSED, label(640, 32), p(750, 272), p(750, 40), p(535, 40));
    route(LISTEN, SYN_RECEIVED, label(262, 222), p(380, 198), p(200, 272));
    route(SYN_RECEIVED, LISTEN, label(262, 162), p(150, 272), p(150, 170), p(365, 170));
    route(LISTEN, SYN_SENT, label(648, 224), p(525, 198), p(700, 272));
    route(SYN_SENT, SYN_RECEIVED, label(450, 292), p(645, 300), p(255, 300));
    route(SYN_RECEIVED, ESTABLISHED, label(282, 385), p(255, 328), p(365, 420));
    route(SYN_SENT, ESTABLISHED, label(650, 385), p(645, 328), p(535, 420));
    route(SYN_RECEIVED, FIN_WAIT_1, label(192, 450), p(130, 328), p(130, 542));
    route(ESTABLISHED, FIN_WAIT_1, label(338, 522), p(380, 458), p(220, 542));
    route(ESTABLISHED, CLOSE_WAIT, label(566, 522), p(520, 458), p(680, 542));
    route(FIN_WAIT_1, FIN_WAIT_2, label(128, 650), p(170, 598), p(170, 692));
    route(FIN_WAIT_1, CLOSING, label(362, 626), p(240, 598), p(400, 692));
    route(FIN_WAIT_1, TIME_WAIT, label(200, 822), p(85, 585), p(55, 585), p(55, 830), p(365, 830));
    route(FIN_WAIT_2, TIME_WAIT, label(250, 790), p(255, 735), p(380, 822));
    route(CLOSING, TIME_WAIT, label(482, 786), p(450, 748), p(450, 822));
    route(CLOSE_WAIT, LAST_ACK, label(683, 650), p(730, 598), p(730, 692));
    route(
        LAST_ACK,
        CLOSED,
        label(838, 680),
        p(815, 720),
        p(870, 720),
        p(870, 8),
        p(480, 8),
        p(480, 22));
    route(
        TIME_WAIT,
        CLOSED,
        label(200, 872),
        p(365, 862),
        p(30, 862),
        p(30, 8),
        p(420, 8),
        p(420, 22));
  }

  private DiagramLayout() {}

  private static Point p(int x, int y) {
    return new Point(x, y);
  }

  private static Point label(int x, int y) {
    return new Point(x, y);
  }

  private static void route(TcpState from, TcpState to, Point label, Point... points) {
    ROUTES.put(from.name() + "-" + to.name(), new Route(List.of(points), label));
  }

  static Point centre(TcpState state) {
    return CENTRES.get(state);
  }

  /** Where an edge of the figure is drawn; an abort is a short stub off its state's right side. */
  static Route route(DiagramEdge edge) {
    Route route = ROUTES.get(edge.id());
    if (route != null) {
      return route;
    }
    Point c = centre(edge.from());
    int x = c.x() + BOX_WIDTH / 2;
    // Below the middle for ESTABLISHED, whose upper right the client's handshake edge enters.
    int y = edge.from() == ESTABLISHED ? c.y() + 10 : c.y() - 14;
    // The label over the stub's end, the badge over its start: out beyond it they ran under the
    // next box (FIN_WAIT_2's, into CLOSING) or off the right edge (CLOSE_WAIT's).
    return new Route(List.of(p(x, y), p(x + 44, y)), p(x + 34, y - 5));
  }
}
