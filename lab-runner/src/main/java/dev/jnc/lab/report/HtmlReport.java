package dev.jnc.lab.report;

import static dev.jnc.lab.report.ReportText.Label;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code lab run --report}: one self-contained HTML page (no script, font or image fetched from
 * anywhere) with the scenario, the diagram, a timeline of both ends, the netstat snapshots and what
 * each state seen means. The runs' data is embedded as JSON lines in a {@code <script
 * type="application/json" id="lab-data">} block that browsers do not execute, so the page can be
 * checked against the data it was drawn from.
 */
public final class HtmlReport {

  private final StateNames names;
  private final ReportLanguage language;

  public HtmlReport(StateNames names, ReportLanguage language) {
    this.names = names;
    this.language = language;
  }

  public String render(List<RecordedRun> runs) {
    RunPath path = PathMapper.map(runs);
    String title =
        label(Label.TITLE)
            + ": "
            + runs.stream().map(RecordedRun::scenario).collect(Collectors.joining(", "));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"")
        .append(language.tag())
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(esc(title)).append("</h1>\n");
    html.append("<section class=\"scenarios\">\n");
    if (runs.size() == 1) {
      scenario(html, runs.getFirst());
    } else {
      scenarioTable(html, runs);
      checklist(html, runs);
    }
    html.append("</section>\n");

    html.append("<section class=\"diagram\">\n<h2>")
        .append(esc(label(Label.DIAGRAM)))
        .append("</h2>\n");
    html.append("<p class=\"note\">").append(esc(label(Label.DIAGRAM_NOTE))).append("</p>\n");
    html.append(new SvgDiagram(names, language).render(path, title));
    edges(html, path);
    html.append("</section>\n");

    for (RecordedRun run : runs) {
      html.append("<section class=\"run\" data-scenario=\"")
          .append(esc(run.scenario()))
          .append("\">\n");
      html.append("<h2>").append(esc(run.scenario())).append("</h2>\n");
      timeline(html, run);
      snapshots(html, run);
      html.append("</section>\n");
    }
    states(html, path);
    html.append("<footer>").append(esc(label(Label.GENERATED))).append("</footer>\n");
    data(html, runs);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private void scenario(StringBuilder html, RecordedRun run) {
    html.append("<dl class=\"scenario\">\n");
    row(html, label(Label.SCENARIO), "<code>lab run " + esc(run.scenario()) + "</code>");
    row(html, label(Label.DEMONSTRATES), esc(ScenarioText.summary(run.summary(), language)));
    row(
        html,
        label(Label.PROMISES),
        esc(
            run.demonstrates().stream()
                .map(s -> s.diagramName(names))
                .collect(Collectors.joining(", "))));
    if (!run.observer().isEmpty()) {
      row(html, label(Label.OBSERVER), "<code>" + esc(run.observer()) + "</code>");
    }
    row(
        html,
        label(Label.RESULT),
        run.passed()
            ? "<span class=\"pass\">" + esc(label(Label.PASSED)) + "</span>"
            : "<span class=\"fail\">"
                + esc(label(Label.FAILED))
                + ": "
                + esc(run.failure())
                + "</span>");
    html.append("</dl>\n");
  }

  /** Several runs (all-states): one line each. */
  private void scenarioTable(StringBuilder html, List<RecordedRun> runs) {
    html.append("<table class=\"scenarios\"><thead><tr><th>")
        .append(esc(label(Label.SCENARIO)))
        .append("</th><th>")
        .append(esc(label(Label.DEMONSTRATES)))
        .append("</th><th>")
        .append(esc(label(Label.RESULT)))
        .append("</th></tr></thead><tbody>\n");
    for (RecordedRun run : runs) {
      html.append("<tr><td><code>")
          .append(esc(run.scenario()))
          .append("</code></td><td>")
          .append(esc(ScenarioText.summary(run.summary(), language)))
          .append("</td><td>")
          .append(
              run.passed()
                  ? "<span class=\"pass\">\u2714</span>"
                  : "<span class=\"fail\">" + esc(run.failure()) + "</span>")
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    String observer = runs.getFirst().observer();
    if (!observer.isEmpty()) {
      html.append("<p>")
          .append(esc(label(Label.OBSERVER)))
          .append(": <code>")
          .append(esc(observer))
          .append("</code></p>\n");
    }
  }

  /** Several runs (all-states): where and when each of the eleven states was first seen. */
  private void checklist(StringBuilder html, List<RecordedRun> runs) {
    StateChecklist checklist = StateChecklist.ofRecorded(runs);
    long start = runs.getFirst().startNanos();
    html.append("<h2>")
        .append(esc(label(Label.CHECKLIST)))
        .append("</h2>\n<table class=\"scenarios checklist\"><thead><tr><th>")
        .append(esc(label(Label.STATE)))
        .append("</th><th>")
        .append(esc(label(Label.SCENARIO)))
        .append("</th><th>")
        .append(esc(label(Label.SOCKET)))
        .append("</th><th>")
        .append(esc(label(Label.SINCE_START)))
        .append("</th></tr></thead><tbody>\n");
    for (TcpState state : TcpState.DIAGRAM_ORDER) {
      html.append("<tr><td>").append(esc(state.displayName(names))).append("</td>");
      checklist
          .sighting(state)
          .ifPresentOrElse(
              s ->
                  html.append("<td><code>")
                      .append(esc(s.scenario()))
                      .append("</code></td><td>")
                      .append(
                          esc(
                              NetstatFormatter.address(s.transition().socket().local())
                                  + " \u2192 "
                                  + NetstatFormatter.address(s.transition().socket().remote())))
                      .append("</td><td>+")
                      .append(clock(s.transition().nanos() - start))
                      .append(s.byDisappearance() ? " (" + esc(label(Label.LEFT_TABLE)) + ")" : "")
                      .append("</td>"),
              () ->
                  html.append("<td colspan=\"3\"><span class=\"fail\">")
                      .append(esc(label(Label.NOT_SEEN)))
                      .append("</span></td>"));
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n<p>")
        .append(
            checklist.complete()
                ? "<span class=\"pass\">" + esc(label(Label.ALL_SEEN)) + "</span>"
                : "<span class=\"fail\">" + esc(label(Label.MISSING)) + "</span>")
        .append("</p>\n");
  }

  private static void row(StringBuilder html, String term, String definitionHtml) {
    html.append("<dt>")
        .append(esc(term))
        .append("</dt><dd>")
        .append(definitionHtml)
        .append("</dd>\n");
  }

  private void edges(StringBuilder html, RunPath path) {
    html.append("<h3>").append(esc(label(Label.EDGES))).append("</h3>\n<ol class=\"edges\">\n");
    for (DiagramEdge edge : path.takenEdges()) {
      boolean observed = path.observed(edge);
      html.append("<li class=\"")
          .append(observed ? "observed" : "inferred")
          .append("\">")
          .append(esc(edge.from().diagramName(names) + " \u2192 " + edge.to().diagramName(names)))
          .append(" <span class=\"label\">")
          .append(esc(ReportText.edgeLabel(edge.label(), language)))
          .append("</span> <span class=\"evidence\">")
          .append(esc(label(observed ? Label.OBSERVED : Label.INFERRED)))
          .append("</span></li>\n");
    }
    html.append("</ol>\n");
  }

  /** Steps in the middle, each end's state changes in its own column, in time order. */
  private void timeline(StringBuilder html, RecordedRun run) {
    html.append("<h3>").append(esc(label(Label.TIMELINE))).append("</h3>\n");
    html.append("<table class=\"timeline\"><thead><tr><th>")
        .append(esc(label(Label.TIME)))
        .append("</th><th>")
        .append(esc(label(Label.CLIENT)))
        .append("</th><th>")
        .append(esc(label(Label.STEP)))
        .append("</th><th>")
        .append(esc(label(Label.SERVER)))
        .append("</th></tr></thead>\n<tbody>\n");
    record Line(long nanos, int order, String client, String step, String server) {}
    List<Line> lines = new ArrayList<>();
    for (RecordedRun.StepRecord step : run.steps()) {
      lines.add(
          new Line(
              step.nanos(),
              0,
              "",
              step.number() + ". " + esc(ScenarioText.step(run, step, language)),
              ""));
    }
    boolean listened;
    for (Transition t : run.transitions()) {
      listened =
          run.transitions().stream()
              .anyMatch(o -> o.socket().equals(t.socket()) && o.to() == TcpState.LISTEN);
      Set<End> ends = PathMapper.endsOf(t.socket(), run.port(), listened);
      String cell = change(run, t);
      boolean server = ends.contains(End.SERVER);
      boolean client = ends.contains(End.CLIENT) || ends.isEmpty();
      lines.add(new Line(t.nanos(), 1, client ? cell : "", "", server ? cell : ""));
    }
    lines.sort(Comparator.comparingLong(Line::nanos).thenComparingInt(Line::order));
    for (Line line : lines) {
      html.append("<tr><td class=\"t\">")
          .append(clock(line.nanos() - run.startNanos()))
          .append("</td><td class=\"client\">")
          .append(line.client())
          .append("</td><td class=\"step\">")
          .append(line.step())
          .append("</td><td class=\"server\">")
          .append(line.server())
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private String change(RecordedRun run, Transition t) {
    StringBuilder cell =
        new StringBuilder("<b>").append(esc(socketName(run, t.socket(), language))).append("</b> ");
    if (t.from() == null) {
      cell.append(esc(label(Label.APPEARS))).append(' ').append(stateSpan(t.to()));
    } else {
      cell.append(stateSpan(t.from()))
          .append(" <span class=\"ms\">(")
          .append(SvgDiagram.millis(t.nanosInFrom()))
          .append(")</span> \u2192 ")
          .append(t.to() == null ? esc(label(Label.LEAVES)) : stateSpan(t.to()));
    }
    return cell.toString();
  }

  private String stateSpan(TcpState state) {
    return "<span class=\"st\">" + esc(state.displayName(names)) + "</span>";
  }

  /** The endpoint's name, or its peer's, or the bare address pair. */
  static String socketName(RecordedRun run, SocketKey key, ReportLanguage language) {
    for (Map.Entry<String, SocketKey> e : run.endpoints().entrySet()) {
      if (e.getValue().equals(key)) {
        return e.getKey();
      }
    }
    for (Map.Entry<String, SocketKey> e : run.endpoints().entrySet()) {
      SocketKey mine = e.getValue();
      if (mine.local().equals(key.remote()) && mine.remote().equals(key.local())) {
        return ReportText.peerOf(e.getKey(), language);
      }
      if (mine.local().equals(key.local()) && key.remote().getPort() == 0) {
        return e.getKey();
      }
    }
    return NetstatFormatter.address(key.local()) + " -> " + NetstatFormatter.address(key.remote());
  }

  private void snapshots(StringBuilder html, RecordedRun run) {
    html.append("<h3>").append(esc(label(Label.SNAPSHOTS))).append("</h3>\n");
    NetstatFormatter formatter = new NetstatFormatter(names);
    for (RecordedRun.SnapshotRecord snapshot : run.snapshots()) {
      html.append("<figure class=\"snapshot\"><figcaption>+")
          .append(clock(snapshot.nanos() - run.startNanos()))
          .append(": ")
          .append(esc(ScenarioText.caption(snapshot.caption(), language)))
          .append("</figcaption><pre>&gt; ")
          .append(esc(formatter.commandFor(run.port())))
          .append('\n');
      if (snapshot.rows().isEmpty()) {
        html.append(esc(label(Label.NO_ROWS))).append('\n');
      }
      for (SocketRow row : snapshot.rows()) {
        html.append(esc(formatter.format(row))).append('\n');
      }
      if (NetstatFormatter.listsUnlisted(snapshot.rows())) {
        html.append(esc(label(Label.UNLISTED_CLOSED))).append('\n');
      }
      if (snapshot.hidden() > 0) {
        html.append("(+")
            .append(snapshot.hidden())
            .append(' ')
            .append(esc(label(snapshot.hidden() == 1 ? Label.HIDDEN_ONE : Label.HIDDEN)))
            .append(")\n");
      }
      html.append("</pre></figure>\n");
    }
  }

  private void states(StringBuilder html, RunPath path) {
    html.append("<section class=\"states\">\n<h2>")
        .append(esc(label(Label.STATES)))
        .append("</h2>\n<dl>\n");
    for (TcpState state : path.observedStates()) {
      RunPath.StateVisit visit = path.visit(state).orElseThrow();
      html.append("<dt data-state=\"")
          .append(state.name())
          .append("\">")
          .append(esc(state.diagramName(names)))
          .append(" <span class=\"ends\">")
          .append(esc(SvgDiagram.whoAndHowLong(visit, language)))
          .append("</span></dt><dd>")
          .append(esc(ReportText.meaning(state, language)))
          .append("</dd>\n");
    }
    html.append("</dl>\n</section>\n");
  }

  private static void data(StringBuilder html, List<RecordedRun> runs) {
    StringWriter lines = new StringWriter();
    JsonLinesWriter writer =
        new JsonLinesWriter(new PrintWriter(lines), runs.getFirst().startNanos());
    runs.forEach(writer::write);
    // "</" would end the script element early; JSON allows "<\/" for the same text.
    html.append("<script type=\"application/json\" id=\"lab-data\">\n")
        .append(lines.toString().replace("</", "<\\/"))
        .append("</script>\n");
  }

  /** Time since the run started, always in milliseconds so that the column lines up. */
  private static String clock(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private String label(Label label) {
    return label.in(language);
  }

  private static String esc(String text) {
    return Xml.escape(text == null ? "" : text);
  }

  private static final String CSS =
      """
      body { font-family: "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", Verdana, Arial, sans-serif;
             margin: 24px auto; max-width: 1100px; color: #212529; line-height: 1.45; padding: 0 16px; }
      h1 { font-size: 1.6em; margin-bottom: 0.4em; }
      h2 { border-bottom: 2px solid #ffe8cc; padding-bottom: 4px; margin-top: 1.6em; }
      dl.scenario { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px;
                    background: #f8f9fa; padding: 12px 16px; border-radius: 8px; }
      dl.scenario dt { font-weight: bold; }
      dl.scenario dd { margin: 0; }
      table.scenarios { border-collapse: collapse; width: 100%; font-size: 0.92em;
                        background: #f8f9fa; border-radius: 8px; }
      table.scenarios th, table.scenarios td { padding: 3px 10px; text-align: left; }
      .pass { color: #2b8a3e; font-weight: bold; }
      .fail { color: #c92a2a; font-weight: bold; }
      .note { color: #495057; font-size: 0.92em; }
      svg.tcp-diagram { width: 100%; height: auto; max-width: 900px; display: block; margin: 0 auto;
                        border: 1px solid #e9ecef; border-radius: 8px; }
      ol.edges li.observed { color: #d9480f; }
      ol.edges li.inferred { color: #a36a00; }
      ol.edges .label { color: #495057; font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
      ol.edges .evidence { font-size: 0.85em; }
      table.timeline { border-collapse: collapse; width: 100%; font-size: 0.9em; }
      table.timeline th, table.timeline td { border-bottom: 1px solid #e9ecef; padding: 3px 8px;
                                             vertical-align: top; text-align: left; }
      table.timeline td.t { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap;
                            text-align: right; color: #868e96; }
      table.timeline td.step { color: #495057; }
      table.timeline td.client { background: #f3f0ff; }
      table.timeline td.server { background: #e7f5ff; }
      .st { font-weight: bold; font-family: "DejaVu Sans Mono", monospace; }
      .ms { color: #868e96; font-size: 0.9em; }
      figure.snapshot { margin: 10px 0; }
      figure.snapshot figcaption { font-size: 0.9em; color: #495057; }
      figure.snapshot pre { background: #212529; color: #f8f9fa; padding: 10px 14px; border-radius: 6px;
                            overflow-x: auto; font-family: "DejaVu Sans Mono", Consolas, monospace; }
      section.states dt { font-weight: bold; font-family: "DejaVu Sans Mono", monospace; margin-top: 8px; }
      section.states dt .ends { font-family: "DejaVu Sans", sans-serif; font-weight: normal;
                                color: #862e0b; font-size: 0.9em; }
      section.states dd { margin-left: 20px; }
      footer { margin-top: 2em; color: #868e96; font-size: 0.85em; }
      """;
}
