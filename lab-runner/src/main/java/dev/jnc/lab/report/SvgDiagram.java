package dev.jnc.lab.report;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.report.DiagramLayout.Point;
import dev.jnc.lab.report.DiagramLayout.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jline.utils.WCWidth;

/**
 * Draws the state diagram as a self-contained SVG with a run's path on it: taken edges highlighted
 * and numbered in the order first taken, the rest faded; states seen filled and labelled with the
 * ends seen in them and the longest time spent there.
 *
 * <p>Marked up for tools and tests: each state is a {@code <g class="state ..."
 * data-state="NAME">}, each edge a {@code <g class="edge ..." data-edge="FROM-TO">}, taken edges
 * carry {@code taken}.
 */
public final class SvgDiagram {

  private static final String OBSERVED = "#d9480f";
  private static final String INFERRED = "#f59f00";
  private static final String ABORT = "#c92a2a";
  private static final String FADED = "#ced4da";

  private final StateNames names;
  private final ReportLanguage language;

  /** A diagram in English, as {@code lab diagram --svg} writes it. */
  public SvgDiagram(StateNames names) {
    this(names, ReportLanguage.EN);
  }

  public SvgDiagram(StateNames names, ReportLanguage language) {
    this.names = names;
    this.language = language;
  }

  public String render(RunPath path, String title) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tcp-diagram\" viewBox=\"0 0 ")
        .append(DiagramLayout.WIDTH)
        .append(' ')
        .append(DiagramLayout.HEIGHT)
        .append("\" width=\"")
        .append(DiagramLayout.WIDTH)
        .append("\" height=\"")
        .append(DiagramLayout.HEIGHT)
        .append("\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n");
    svg.append("<title>").append(Xml.escape(title)).append("</title>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.append("<defs>\n");
    marker(svg, "arrow-faded", FADED);
    marker(svg, "arrow-observed", OBSERVED);
    marker(svg, "arrow-inferred", INFERRED);
    marker(svg, "arrow-abort", ABORT);
    svg.append("</defs>\n");

    List<DiagramEdge> edges = new ArrayList<>(StateDiagram.EDGES);
    for (DiagramEdge edge : path.takenEdges()) {
      if (!edge.inFigure()) {
        edges.add(edge);
      }
    }
    // Faded edges first, so that taken ones are drawn over them where lines cross.
    for (DiagramEdge edge : edges) {
      if (path.number(edge) == 0) {
        edge(svg, edge, path);
      }
    }
    for (DiagramEdge edge : edges) {
      if (path.number(edge) > 0) {
        edge(svg, edge, path);
      }
    }
    for (TcpState state : TcpState.DIAGRAM_ORDER) {
      state(svg, state, path);
    }
    legend(svg);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void marker(StringBuilder svg, String id, String colour) {
    svg.append("<marker id=\"")
        .append(id)
        .append(
            "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                + " markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
        .append(colour)
        .append("\"/></marker>\n");
  }

  private void edge(StringBuilder svg, DiagramEdge edge, RunPath path) {
    int number = path.number(edge);
    boolean taken = number > 0;
    boolean observed = taken && path.observed(edge);
    String kind =
        !taken
            ? "faded"
            : edge.style() == LineStyle.ABORT ? "abort" : observed ? "observed" : "inferred";
    String colour =
        switch (kind) {
          case "observed" -> OBSERVED;
          case "inferred" -> INFERRED;
          case "abort" -> ABORT;
          default -> FADED;
        };
    double width =
        switch (edge.style()) {
          case CLIENT_PATH -> taken ? 4.5 : 3;
          case SERVER_PATH -> taken ? 2.6 : 1.8;
          case OTHER, ABORT -> taken ? 1.8 : 1.1;
        };
    String dash =
        switch (edge.style()) {
          case SERVER_PATH -> " stroke-dasharray=\"9 5\"";
          case ABORT -> " stroke-dasharray=\"2 3\"";
          default -> "";
        };
    Route route = DiagramLayout.route(edge);
    svg.append("<g class=\"edge")
        .append(taken ? " taken " + kind : "")
        .append(" ")
        .append(
            switch (edge.style()) {
              case CLIENT_PATH -> "client-path";
              case SERVER_PATH -> "server-path";
              case OTHER -> "other";
              case ABORT -> "rst";
            })
        .append("\" data-edge=\"")
        .append(edge.id())
        .append('"');
    if (taken) {
      svg.append(" data-number=\"").append(number).append('"');
    }
    svg.append(">");
    svg.append("<title>")
        .append(
            Xml.escape(
                edge.from().diagramName(names)
                    + " \u2192 "
                    + edge.to().diagramName(names)
                    + ": "
                    + ReportText.edgeLabel(edge.label(), language)
                    + (taken
                        ? " ("
                            + (observed ? ReportText.Label.OBSERVED : ReportText.Label.INFERRED)
                                .in(language)
                            + ")"
                        : "")))
        .append("</title>");
    svg.append("<polyline fill=\"none\" points=\"")
        .append(
            route.points().stream().map(p -> p.x() + "," + p.y()).collect(Collectors.joining(" ")))
        .append("\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"")
        .append(width)
        .append('"')
        .append(dash)
        .append(" marker-end=\"url(#arrow-")
        .append(kind)
        .append(")\"/>");
    String label =
        edge.style() == LineStyle.ABORT
            // The arrow and the legend say where it goes; a longer label ran under the next box
            // or off the picture.
            ? "RST"
            : ReportText.edgeLabel(edge.label(), language);
    Point at = route.label();
    svg.append("<text x=\"")
        .append(at.x())
        .append("\" y=\"")
        .append(at.y())
        .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"")
        .append(taken ? "#212529" : "#adb5bd")
        .append("\">")
        .append(Xml.escape(label))
        .append("</text>");
    if (taken) {
      int badgeX = at.x() - columns(label) * 3 - 12;
      int badgeY = at.y() - 4;
      svg.append("<circle class=\"badge\" cx=\"")
          .append(badgeX)
          .append("\" cy=\"")
          .append(badgeY)
          .append("\" r=\"9\" fill=\"")
          .append(colour)
          .append("\"/><text x=\"")
          .append(badgeX)
          .append("\" y=\"")
          .append(badgeY + 4)
          .append(
              "\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">")
          .append(number)
          .append("</text>");
    }
    svg.append("</g>\n");
  }

  private void state(StringBuilder svg, TcpState state, RunPath path) {
    Point c = DiagramLayout.centre(state);
    var visit = path.visit(state);
    boolean seen = visit.map(RunPath.StateVisit::observed).orElse(false);
    boolean inferred = visit.isPresent() && !seen;
    String kind = seen ? "seen" : inferred ? "inferred" : "unseen";
    int x = c.x() - DiagramLayout.BOX_WIDTH / 2;
    int y = c.y() - DiagramLayout.BOX_HEIGHT / 2;
    svg.append("<g class=\"state ")
        .append(kind)
        .append("\" data-state=\"")
        .append(state.name())
        .append("\">");
    svg.append("<rect x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(DiagramLayout.BOX_WIDTH)
        .append("\" height=\"")
        .append(DiagramLayout.BOX_HEIGHT)
        .append("\" rx=\"8\" fill=\"")
        .append(seen ? "#fff0e0" : "#ffffff")
        .append("\" stroke=\"")
        .append(seen ? OBSERVED : inferred ? INFERRED : FADED)
        .append("\" stroke-width=\"")
        .append(seen ? 2.5 : 1.5)
        .append('"')
        .append(inferred ? " stroke-dasharray=\"4 3\"" : "")
        .append("/>");
    svg.append("<text x=\"")
        .append(c.x())
        .append("\" y=\"")
        .append(c.y() - 8)
        .append("\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"")
        .append(seen ? "#212529" : inferred ? "#495057" : "#adb5bd")
        .append("\">")
        .append(Xml.escape(state.diagramName(names)))
        .append("</text>");
    if (visit.isPresent()) {
      line(
          svg,
          c.x(),
          c.y() + 12,
          seen ? whoAndHowLong(visit.get(), language) : ReportText.Label.NOT_SAMPLED.in(language),
          seen ? "#862e0b" : "#868e96");
    }
    svg.append("</g>\n");
  }

  /** {@code client 64.8 ms · server}: each end seen, with its longest finished stay. */
  static String whoAndHowLong(RunPath.StateVisit visit, ReportLanguage language) {
    if (visit.ends().isEmpty()) {
      return ReportText.Label.BOUND_SOCKET.in(language);
    }
    List<String> parts = new ArrayList<>();
    for (End end : End.values()) {
      if (visit.ends().contains(end)) {
        Long nanos = visit.longestNanos().get(end);
        parts.add(
            (end == End.CLIENT ? ReportText.Label.END_CLIENT : ReportText.Label.END_SERVER)
                    .in(language)
                + (nanos != null && nanos > 0 ? " " + millis(nanos) : ""));
      }
    }
    return String.join(" \u00b7 ", parts);
  }

  /** {@code 64.8 ms}, or {@code 1.05 s} from a second on, so that two fit in a state's box. */
  static String millis(long nanos) {
    return nanos < 1_000_000_000L
        ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static void line(StringBuilder svg, int x, int y, String text, String colour) {
    svg.append("<text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"")
        .append(colour)
        .append('"')
        // Two ends with times can be wider than the box: squeeze rather than spill over. Columns,
        // not chars: a Chinese character is two wide (客户端 113.7 ms · 服务器 152.9 ms spilt).
        .append(
            columns(text) > 28
                ? " textLength=\""
                    + (DiagramLayout.BOX_WIDTH - 10)
                    + "\" lengthAdjust=\"spacingAndGlyphs\""
                : "")
        .append(">")
        .append(Xml.escape(text))
        .append("</text>");
  }

  private static int columns(String text) {
    return text.codePoints().map(c -> Math.max(0, WCWidth.wcwidth(c))).sum();
  }

  private void legend(StringBuilder svg) {
    int y = 920;
    svg.append("<g class=\"legend\" font-size=\"11\" fill=\"#343a40\">");
    legendLine(svg, 40, y, "#495057", 4.5, "", text(ReportText.Label.LEGEND_CLIENT));
    legendLine(
        svg,
        330,
        y,
        "#495057",
        2,
        " stroke-dasharray=\"9 5\"",
        text(ReportText.Label.LEGEND_SERVER));
    legendLine(svg, 600, y, "#495057", 1.2, "", text(ReportText.Label.LEGEND_BOTH));
    legendLine(svg, 40, y + 28, OBSERVED, 3, "", text(ReportText.Label.LEGEND_OBSERVED));
    legendLine(svg, 330, y + 28, INFERRED, 3, "", text(ReportText.Label.LEGEND_INFERRED));
    legendLine(
        svg,
        600,
        y + 28,
        ABORT,
        1.8,
        " stroke-dasharray=\"2 3\"",
        text(ReportText.Label.LEGEND_ABORT));
    svg.append("</g>\n");
  }

  private String text(ReportText.Label label) {
    return label.in(language);
  }

  private static void legendLine(
      StringBuilder svg, int x, int y, String colour, double width, String dash, String text) {
    svg.append("<line x1=\"")
        .append(x)
        .append("\" y1=\"")
        .append(y)
        .append("\" x2=\"")
        .append(x + 44)
        .append("\" y2=\"")
        .append(y)
        .append("\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"")
        .append(width)
        .append('"')
        .append(dash)
        .append("/><text x=\"")
        .append(x + 52)
        .append("\" y=\"")
        .append(y + 4)
        .append("\">")
        .append(Xml.escape(text))
        .append("</text>");
  }
}
