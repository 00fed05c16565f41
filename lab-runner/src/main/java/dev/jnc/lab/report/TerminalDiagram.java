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

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state diagram in a terminal: the eleven states as boxes where the classic figure has them
 * (heavy boxes for states seen, dashed for states only inferred), then the edges taken, numbered,
 * and each socket's path. ANSI colour only when asked for.
 */
public final class TerminalDiagram {

  private static final int BOX = 20;
  private static final int GAP = 3;

  /** The figure's rows; {@code null} leaves a column empty. */
  private static final TcpState[][] ROWS = {
    {null, CLOSED, null},
    {null, LISTEN, null},
    {SYN_RECEIVED, null, SYN_SENT},
    {null, ESTABLISHED, null},
    {FIN_WAIT_1, null, CLOSE_WAIT},
    {FIN_WAIT_2, CLOSING, LAST_ACK},
    {null, TIME_WAIT, null},
  };

  private static final String RESET = "\u001b[0m";
  private static final String SEEN = "\u001b[1;38;5;202m";
  private static final String INFERRED = "\u001b[33m";
  private static final String DIM = "\u001b[2m";

  private final StateNames names;
  private final boolean colour;

  public TerminalDiagram(StateNames names, boolean colour) {
    this.names = names;
    this.colour = colour;
  }

  public String render(RunPath path) {
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < ROWS.length; r++) {
      List<String[]> boxes = new ArrayList<>();
      for (TcpState state : ROWS[r]) {
        boxes.add(state == null ? blank() : box(state, path));
      }
      for (int line = 0; line < 4; line++) {
        StringBuilder text = new StringBuilder("  ");
        for (String[] box : boxes) {
          text.append(box[line]).append(" ".repeat(GAP));
        }
        out.append(text.toString().stripTrailing()).append('\n');
      }
      if (r + 1 < ROWS.length) {
        out.append(connectors(r, path)).append('\n');
      }
    }
    out.append('\n');
    out.append(paint(SEEN, "\u250f\u2501\u2513")).append(" seen   ");
    out.append(paint(INFERRED, "\u250c\u254c\u2510")).append(" inferred (between samples)\n");
    // The classic diagram's styles: the path a client usually takes, whichever end took it here
    // (in the seed's experiment the server closes first and takes the "client" close).
    out.append(
        "\u2501\u2501 client path (active open/close)  \u254d\u254d server path (passive)  ");
    out.append("\u2500\u2500 other  \u2504\u2504 RST\n");
    out.append("\u21937 between two boxes: edge 7 taken, in that direction;\n");
    out.append("   edges across more rows are only listed\n\n");
    out.append("Edges taken, in the order first taken:\n");
    List<DiagramEdge> taken = path.takenEdges();
    if (taken.isEmpty()) {
      out.append("  none: no socket of the run changed state\n");
    }
    int width =
        taken.stream()
            .mapToInt(e -> (e.from().diagramName(names) + e.to().diagramName(names)).length())
            .max()
            .orElse(0);
    for (DiagramEdge edge : taken) {
      boolean observed = path.observed(edge);
      String line =
          String.format(
              "  %2d %s %-" + (width + 3) + "s  %-24s %s",
              path.number(edge),
              glyph(edge.style()),
              edge.from().diagramName(names) + " \u2192 " + edge.to().diagramName(names),
              edge.label(),
              observed ? "observed" : "inferred");
      out.append(paint(observed ? "" : INFERRED, line)).append('\n');
    }
    out.append(
        "\nEach socket's path (\u2192 observed, \u21e2 inferred; time in the state before):\n");
    Map<String, String> paths = socketPaths(path);
    if (paths.isEmpty()) {
      out.append("  none\n");
    }
    paths.forEach(
        (label, line) ->
            out.append("  ").append(label).append('\n').append("    ").append(line).append('\n'));
    return out.toString();
  }

  /**
   * The line between box rows {@code upper} and {@code upper + 1}: each taken edge between a box of
   * one and a box of the other, as an arrow in its direction and its number, under the box it
   * leaves or between the two boxes it joins. Edges across more rows are in the list only.
   */
  private String connectors(int upper, RunPath path) {
    Map<Integer, List<String>> spots = new java.util.TreeMap<>();
    Map<Integer, Boolean> allObserved = new LinkedHashMap<>();
    for (DiagramEdge edge : path.takenEdges()) {
      int[] from = cell(edge.from());
      int[] to = cell(edge.to());
      if (Math.min(from[0], to[0]) != upper || Math.abs(from[0] - to[0]) != 1) {
        continue;
      }
      boolean down = to[0] > from[0];
      int step = Integer.compare(to[1], from[1]);
      String arrow =
          switch (step) {
            case 0 -> down ? "\u2193" : "\u2191";
            case 1 -> down ? "\u2198" : "\u2197";
            default -> down ? "\u2199" : "\u2196";
          };
      // A box's centre, or half way to the next column's.
      int x = 2 + from[1] * (BOX + GAP) + BOX / 2 + step * (BOX + GAP) / 2 - 1;
      spots.computeIfAbsent(x, k -> new ArrayList<>()).add(arrow + path.number(edge));
      allObserved.merge(x, path.observed(edge), Boolean::logicalAnd);
    }
    StringBuilder line = new StringBuilder();
    int column = 0;
    for (Map.Entry<Integer, List<String>> spot : spots.entrySet()) {
      String label = String.join(" ", spot.getValue());
      int x = Math.max(spot.getKey(), column == 0 ? 0 : column + 1);
      line.append(" ".repeat(x - column));
      line.append(paint(allObserved.get(spot.getKey()) ? "" : INFERRED, label));
      column = x + label.length();
    }
    return line.toString();
  }

  /** Row and column of a state's box. */
  private static int[] cell(TcpState state) {
    for (int r = 0; r < ROWS.length; r++) {
      for (int c = 0; c < ROWS[r].length; c++) {
        if (ROWS[r][c] == state) {
          return new int[] {r, c};
        }
      }
    }
    throw new IllegalArgumentException("no box for " + state);
  }

  /** Per socket: its states along its hops, with the time seen in each. */
  private Map<String, String> socketPaths(RunPath path) {
    Map<SocketKey, StringBuilder> lines = new LinkedHashMap<>();
    Map<SocketKey, String> labels = new LinkedHashMap<>();
    for (Hop hop : path.hops()) {
      StringBuilder line =
          lines.computeIfAbsent(
              hop.socket(), k -> new StringBuilder(hop.edge().from().diagramName(names)));
      labels.computeIfAbsent(
          hop.socket(),
          k ->
              RunPath.endsLabel(hop.ends())
                  + "  "
                  + NetstatFormatter.address(k.local())
                  + " -> "
                  + NetstatFormatter.address(k.remote()));
      if (hop.nanosInFrom() > 0) {
        line.append(" (").append(SvgDiagram.millis(hop.nanosInFrom())).append(')');
      }
      line.append(hop.inferred() ? " \u21e2 " : " \u2192 ")
          .append(hop.edge().to().diagramName(names));
    }
    Map<String, String> result = new LinkedHashMap<>();
    lines.forEach((key, line) -> result.put(labels.get(key), line.toString()));
    return result;
  }

  private static String glyph(LineStyle style) {
    return switch (style) {
      case CLIENT_PATH -> "\u2501\u2501\u25b6";
      case SERVER_PATH -> "\u254d\u254d\u25b6";
      case OTHER -> "\u2500\u2500\u25b6";
      case ABORT -> "\u2504\u2504\u25b6";
    };
  }

  private static String[] blank() {
    String pad = " ".repeat(BOX);
    return new String[] {pad, pad, pad, pad};
  }

  private String[] box(TcpState state, RunPath path) {
    var visit = path.visit(state);
    boolean seen = visit.map(RunPath.StateVisit::observed).orElse(false);
    boolean inferred = visit.isPresent() && !seen;
    char[] c =
        seen
            ? new char[] {'\u250f', '\u2501', '\u2513', '\u2503', '\u2517', '\u251b'}
            : inferred
                ? new char[] {'\u250c', '\u254c', '\u2510', '\u254e', '\u2514', '\u2518'}
                : new char[] {'\u250c', '\u2500', '\u2510', '\u2502', '\u2514', '\u2518'};
    String sub = seen ? RunPath.endsLabel(visit.get().ends()) : inferred ? "(inferred)" : "";
    char[] horizontal = new char[BOX - 2];
    Arrays.fill(horizontal, c[1]);
    String[] lines = {
      c[0] + new String(horizontal) + c[2],
      c[3] + centre(state.diagramName(names), BOX - 2) + c[3],
      c[3] + centre(sub, BOX - 2) + c[3],
      c[4] + new String(horizontal) + c[5]
    };
    String style = seen ? SEEN : inferred ? INFERRED : DIM;
    for (int i = 0; i < lines.length; i++) {
      lines[i] = paint(style, lines[i]);
    }
    return lines;
  }

  private static String centre(String text, int width) {
    if (text.length() >= width) {
      return text.substring(0, width);
    }
    int left = (width - text.length()) / 2;
    return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
  }

  private String paint(String style, String text) {
    return colour && !style.isEmpty() ? style + text + RESET : text;
  }
}
