package dev.jnc.lab.cli;

import dev.jnc.core.io.FileErrorReason;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.report.HtmlReport;
import dev.jnc.lab.report.JsonLinesWriter;
import dev.jnc.lab.report.PathMapper;
import dev.jnc.lab.report.RecordedRun;
import dev.jnc.lab.report.RecordingListener;
import dev.jnc.lab.report.ReportLanguage;
import dev.jnc.lab.report.StateChecklist;
import dev.jnc.lab.report.TerminalDiagram;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.RunResult;
import dev.jnc.lab.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code lab run} produces besides its text: JSON lines instead of the text, the terminal
 * diagram after it, the HTML report. Collects each run as it finishes.
 */
final class RunOutputs {

  private final PrintWriter out;
  private final PrintWriter notes;
  private final boolean json;
  private final boolean diagram;
  private final Path report;
  private final ReportLanguage language;
  private final StateNames names;
  private final boolean colour;
  private final long originNanos = System.nanoTime();
  private final JsonLinesWriter jsonWriter;
  private final List<RecordedRun> runs = new ArrayList<>();
  private RecordingListener current;

  /**
   * @param out stdout: the run's text, or its JSON lines
   * @param notes where a note about the report goes: stdout with text, stderr under JSON lines
   */
  RunOutputs(
      PrintWriter out,
      PrintWriter notes,
      boolean json,
      boolean diagram,
      Path report,
      ReportLanguage language,
      StateNames names,
      boolean colour) {
    this.out = out;
    this.notes = notes;
    this.json = json;
    this.diagram = diagram;
    this.report = report;
    this.language = language;
    this.names = names;
    this.colour = colour;
    this.jsonWriter = json ? new JsonLinesWriter(out, originNanos) : null;
  }

  /** When the command started: time zero of the text's and the JSON lines' times. */
  long originNanos() {
    return originNanos;
  }

  /** Where the text output goes: nowhere when stdout carries JSON lines. */
  PrintWriter textOut() {
    return json ? new PrintWriter(Writer.nullWriter()) : out;
  }

  /** The listener for one scenario's run, wrapping the text listener. */
  RunListener listener(Scenario scenario, int port, String observer, RunListener text) {
    RunListener shown =
        json
            ? jsonWriter.listener(
                scenario.name(), scenario.summary(), scenario.demonstrates(), port, observer)
            : text;
    current = new RecordingListener(observer);
    return RunListener.both(current, shown);
  }

  /** Keeps the run that just finished; returns its result unchanged. */
  RunResult ran(RunResult result) {
    RecordedRun run = current.finish(result);
    runs.add(run);
    if (json) {
      jsonWriter.finished(run);
    }
    return result;
  }

  /** {@code all-states}' verdict, as a JSON line when stdout carries them. */
  void checklist(StateChecklist checklist) {
    if (json) {
      jsonWriter.checklist(checklist);
    }
  }

  /** Prints the diagram and writes the report, once every run is done. */
  void finish() throws IOException {
    if (runs.isEmpty()) {
      return;
    }
    if (diagram) {
      out.println();
      out.print(new TerminalDiagram(names, colour).render(PathMapper.map(runs)));
    }
    if (report != null) {
      try {
        Files.writeString(
            report, new HtmlReport(names, language).render(runs), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException(
            "cannot write the report to " + report + ": " + FileErrorReason.of(e), e);
      }
      notes.println("lab: report written to " + report);
      notes.flush();
    }
    out.flush();
  }
}
