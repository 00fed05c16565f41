package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.jnc.lab.Lab;
import dev.jnc.lab.report.JsonLinesReader;
import dev.jnc.lab.report.PathMapper;
import dev.jnc.lab.scenario.PrivateNetwork;
import dev.jnc.lab.scenario.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab run --format json}, {@code --diagram} and {@code lab diagram}, on real runs. */
@Timeout(120)
class DiagramAndJsonCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  private int lab(String... args) {
    out.reset();
    err.reset();
    return Lab.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLinesReplaceTheTextAndDrawTheSameDiagramAsTheRun() throws Exception {
    assertThat(lab("run", "handshake-demo", "--port", "0", "--format", "json"))
        .as(errLines().toString())
        .isEqualTo(ExitCode.OK);
    String jsonl = out();
    List<Map<String, Object>> events = new java.util.ArrayList<>();
    for (String line : jsonl.lines().toList()) {
      events.add(JSON.std.mapFrom(line));
    }
    assertThat(events)
        .extracting(e -> e.get("type"))
        .contains("run", "step", "snapshot", "endpoint", "transition", "result")
        .first()
        .isEqualTo("run");
    assertThat(events.getLast()).containsEntry("type", "result").containsEntry("passed", true);
    assertThat(events.getFirst().get("observer")).as("the run says what watched it").isNotNull();
    assertThat(events)
        .filteredOn(e -> "transition".equals(e.get("type")))
        .allSatisfy(
            e ->
                assertThat(e)
                    .containsKeys("t_ms", "local", "remote", "from", "to", "ms_in_from")
                    .containsEntry("scenario", "handshake-demo"));

    Path file = dir.resolve("run.jsonl");
    Files.writeString(file, jsonl);
    Path svg = dir.resolve("run.svg");
    assertThat(lab("diagram", "--from", file.toString(), "--svg", svg.toString()))
        .isEqualTo(ExitCode.OK);

    int taken = PathMapper.map(JsonLinesReader.read(new StringReader(jsonl))).takenEdges().size();
    assertThat(out().strip())
        .startsWith("lab: diagram written to " + svg + " (" + taken + " edges taken, ");
    String drawing = Files.readString(svg);
    assertThat(count(drawing, "<g class=\"state ")).isEqualTo(11);
    assertThat(count(drawing, "<g class=\"edge taken ")).isEqualTo(taken);
  }

  @Test
  void aResetRunQuietlyDrawsBothEndsAbortingToClosed() throws Exception {
    Path svg = dir.resolve("reset.svg");

    assertThat(lab("diagram", "--scenario", "reset", "--port", "0", "--svg", svg.toString()))
        .as(errLines().toString())
        .isEqualTo(ExitCode.OK);

    // Quietly: one line, no step-by-step progress.
    assertThat(out().lines()).hasSize(1);
    String drawing = Files.readString(svg);
    assertThat(drawing)
        .contains("<g class=\"edge taken abort rst\" data-edge=\"ESTABLISHED-CLOSED\"")
        .doesNotContain("data-edge=\"FIN_WAIT_1-FIN_WAIT_2\" data-number");
  }

  /**
   * The crossing FINs need the lab's slowed loopback: the diagram runs the scenario where {@code
   * lab run} does (its namespace as root, else the shared-loopback form), where it used to fail.
   */
  @Test
  void simultaneousCloseIsDrawnFromARunPlacedAsLabRunPlacesIt() throws Exception {
    Path svg = dir.resolve("simultaneous.svg");

    assertThat(
            lab(
                "diagram",
                "--scenario",
                "simultaneous-close",
                "--port",
                "0",
                "--svg",
                svg.toString()))
        .as(errLines().toString())
        .isEqualTo(ExitCode.OK);

    String drawing = Files.readString(svg);
    assertThat(drawing).contains("data-edge=\"ESTABLISHED-FIN_WAIT_1\"");
    if (PrivateNetwork.unavailableReason().isEmpty()) {
      assertThat(drawing).containsPattern("edge taken [^\"]*\" data-edge=\"FIN_WAIT_1-CLOSING\"");
    }
  }

  @Test
  void diagramAfterTheRunHasNoColourWhenStdoutIsNotATerminal() {
    assertThat(lab("run", "handshake-demo", "--port", "0", "--diagram")).isEqualTo(ExitCode.OK);

    assertThat(out())
        .contains("lab: handshake-demo passed")
        .contains("Edges taken, in the order first taken:")
        .contains("\u2503   ESTABLISHED    \u2503")
        .doesNotContain("\u001b[");
  }

  /** A language with no report to write it in is said, not silently passed over. */
  @Test
  void aLanguageWithoutAReportSaysWhatItIsFor() {
    assertThat(lab("run", "handshake-demo", "--port", "0", "--lang", "zh")).isEqualTo(ExitCode.OK);

    assertThat(errLines())
        .contains(
            "lab: --lang zh sets the language of the --report file; the terminal's text is in"
                + " English");
    assertThat(out()).contains("lab: handshake-demo passed");
  }

  @Test
  void diagramCannotBeMixedIntoJson() {
    assertThat(lab("run", "handshake-demo", "--format", "json", "--diagram"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(errLines())
        .containsExactly(
            "lab: --diagram draws text; it cannot be combined with --format json",
            "Try 'lab --help' for more information.");
  }

  @Test
  void aReportIntoAMissingFolderIsRefusedBeforeTheRun() {
    Path report = dir.resolve("no/such/folder/report.html");

    assertThat(lab("run", "handshake-demo", "--report", report.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst())
        .isEqualTo("lab: cannot write the report to " + report + ": no such directory");
    assertThat(out()).isEmpty();
  }

  /** Under JSON lines stdout carries only events: the note about the report goes to stderr. */
  @Test
  void jsonLinesWithAReportSayWhereItWentOnStderr() throws Exception {
    Path report = dir.resolve("run.html");

    assertThat(
            lab(
                "run",
                "handshake-demo",
                "--port",
                "0",
                "--format",
                "json",
                "--report",
                report.toString()))
        .isEqualTo(ExitCode.OK);
    assertThat(report).isRegularFile();
    assertThat(errLines()).containsExactly("lab: report written to " + report);
    assertThat(out().lines()).allMatch(line -> line.startsWith("{"));
  }

  @Test
  void aReportOntoAFolderIsRefusedBeforeTheRun() {
    assertThat(lab("run", "handshake-demo", "--report", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst())
        .isEqualTo("lab: cannot write the report to " + dir + ": it is a directory");
    assertThat(out()).isEmpty();
  }

  @Test
  void aReportOntoStandardOutputIsRefusedRatherThanWrittenToAFileNamedDash() {
    assertThat(lab("run", "handshake-demo", "--report", "-")).isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst())
        .isEqualTo(
            "lab: cannot write the report to -: this goes to a file, not to standard output");
  }

  /** The verdict that the text ends with is a JSON line too: the last one, after every part. */
  @Test
  void allStatesInJsonEndsWithItsChecklist() throws Exception {
    int status = lab("run", "all-states", "--port", "0", "--format", "json");

    Map<String, Object> last = JSON.std.mapFrom(out().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(last).containsEntry("type", "checklist").containsEntry("scenario", "all-states");
    assertThat(last.get("complete")).isEqualTo(status == ExitCode.OK);
    @SuppressWarnings("unchecked")
    Map<String, Object> states = (Map<String, Object>) last.get("states");
    assertThat(states).hasSize(11).containsKeys("CLOSED", "LISTEN", "TIME_WAIT");
    assertThat(states.get("LISTEN")).isNotNull();
  }

  /** As --report is: checked before the run, not after it. */
  @Test
  void anSvgIntoAMissingFolderIsRefusedBeforeTheRun() {
    Path svg = dir.resolve("no/such/folder/x.svg");

    assertThat(lab("diagram", "--scenario", "reset", "--port", "0", "--svg", svg.toString()))
        .isEqualTo(ExitCode.USAGE);

    assertThat(errLines()).first().isEqualTo("lab: cannot write " + svg + ": no such directory");
    assertThat(out()).isEmpty();
  }

  @Test
  void diagramNeedsExactlyOneSource() {
    assertThat(lab("diagram")).isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst()).startsWith("lab: Missing required argument");
    assertThat(lab("diagram", "--from", dir.resolve("none.jsonl").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst()).isEqualTo("lab: no such file: " + dir.resolve("none.jsonl"));
  }

  /** A folder where the file should be is the same slip as a missing file (it was exit 3). */
  @Test
  void diagramFromAFolderIsAUsageError() {
    assertThat(lab("diagram", "--from", dir.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst()).isEqualTo("lab: cannot read " + dir + ": Is a directory");
    assertThat(out()).isEmpty();
  }

  @Test
  void allStatesRefusesAPortWithoutRoomForEveryPart() {
    int parts = Scenarios.ALL_STATES_PARTS.size();
    String refusal =
        "lab: invalid port 65535: must be 1-" + (65536 - parts) + ", or 0 (" + parts + " runs)";

    assertThat(lab("diagram", "--scenario", "all-states", "--port", "65535"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst()).isEqualTo(refusal);
    assertThat(lab("run", "all-states", "--port", "65535")).isEqualTo(ExitCode.USAGE);
    assertThat(errLines().getFirst()).isEqualTo(refusal);
    assertThat(out()).isEmpty();
  }

  @Test
  void aFileThatIsNotJsonLinesIsOneLineOnStderr() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "netstat output, not json\n");

    assertThat(lab("diagram", "--from", file.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(errLines()).hasSize(1);
    assertThat(errLines().getFirst()).startsWith("lab: " + file + ": line 1 is not JSON");
  }

  @Test
  void noColorAndDumbTerminalsTurnColourOff() {
    assertThat(TerminalColour.allowed(Map.of())).isTrue();
    assertThat(TerminalColour.allowed(Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(TerminalColour.allowed(Map.of("NO_COLOR", ""))).isTrue();
    assertThat(TerminalColour.allowed(Map.of("TERM", "dumb"))).isFalse();
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void diagramOfClosedWithAnObserverBlindToBoundSocketsCannotRun() {
    assertThat(lab("diagram", "--scenario", "closed", "--observer", "netstat", "--port", "0"))
        .isEqualTo(ExitCode.CANNOT_RUN);

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("lab: closed cannot show CLOSED here: netstat is not relied on")
                    .contains("--observer netlink lists such sockets on Linux 6.5+"));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
