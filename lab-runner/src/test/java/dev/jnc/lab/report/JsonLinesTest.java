package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.Transition;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Test
  void aRecordedRunWrittenAndReadBackIsTheSameRun() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("all-states.jsonl");
    // The fixture's times are already relative to its first run.
    long origin = 0;
    StringWriter text = new StringWriter();
    JsonLinesWriter writer = new JsonLinesWriter(new PrintWriter(text), origin);
    runs.forEach(writer::write);

    List<RecordedRun> back = JsonLinesReader.read(new StringReader(text.toString()));

    assertThat(back).hasSameSizeAs(runs);
    for (int i = 0; i < runs.size(); i++) {
      assertThat(back.get(i)).usingRecursiveComparison().isEqualTo(runs.get(i));
    }
  }

  /** As {@code lab run all-states --format json} writes it, for {@code lab diagram --from}. */
  @Test
  void theAllStatesChecklistAfterTheRunsIsReadPast() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("all-states.jsonl");
    StringWriter text = new StringWriter();
    JsonLinesWriter writer = new JsonLinesWriter(new PrintWriter(text), 0);
    runs.forEach(writer::write);
    writer.checklist(StateChecklist.ofRecorded(runs));
    assertThat(text.toString().lines().toList().getLast()).startsWith("{\"type\":\"checklist\"");

    assertThat(JsonLinesReader.read(new StringReader(text.toString()))).hasSameSizeAs(runs);
  }

  @Test
  void everyLineIsOneEventWithTypeScenarioAndTime() throws Exception {
    RecordedRun run = RecordedRuns.load("handshake-demo.jsonl").getFirst();
    StringWriter text = new StringWriter();
    new JsonLinesWriter(new PrintWriter(text), run.startNanos()).write(run);

    List<String> lines = text.toString().lines().toList();

    assertThat(lines)
        .allSatisfy(l -> assertThat(l).startsWith("{\"type\":\"").contains("\"t_ms\":"));
    assertThat(lines.getFirst()).startsWith("{\"type\":\"run\",\"scenario\":\"handshake-demo\"");
    assertThat(lines.getLast()).startsWith("{\"type\":\"result\"").contains("\"passed\":true");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("{\"type\":\"transition\""))
        .hasSize(run.transitions().size())
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"from\":\"ESTABLISHED\",\"to\":\"TIME_WAIT\",\"ms_in_from\":"));
  }

  /**
   * {@code lab diagram --from} draws a traced move to CLOSED as an abort; read back as sampled, a
   * fin-wait-1 run's reset became a LAST_ACK that never happened.
   */
  @Test
  void whetherATransitionWasTracedSurvivesTheFile() throws Exception {
    RecordedRun sampled = RecordedRuns.load("handshake-demo.jsonl").getFirst();
    List<Transition> traced =
        sampled.transitions().stream()
            .map(
                t -> new Transition(t.nanos(), t.socket(), t.from(), t.to(), t.nanosInFrom(), true))
            .toList();
    RecordedRun run =
        new RecordedRun(
            sampled.scenario(),
            sampled.summary(),
            sampled.demonstrates(),
            sampled.port(),
            sampled.startNanos(),
            sampled.steps(),
            sampled.snapshots(),
            traced,
            sampled.endpoints(),
            sampled.failure(),
            "trace");
    StringWriter text = new StringWriter();
    new JsonLinesWriter(new PrintWriter(text), run.startNanos()).write(run);

    RecordedRun back = JsonLinesReader.read(new StringReader(text.toString())).getFirst();

    assertThat(back.transitions()).isNotEmpty().allMatch(Transition::traced);
  }

  /**
   * A promised CLOSED reached by leaving the table is in the result's {@code observed}, as the
   * text's {@code CLOSED (left the table)}: a script checking the promise against it failed the
   * reset run.
   */
  @Test
  void aPromisedClosedReachedByLeavingTheTableIsObserved() throws Exception {
    RecordedRun reset = RecordedRuns.load("all-states.jsonl", "reset");
    assertThat(reset.observed()).doesNotContain(TcpState.CLOSED);
    StringWriter text = new StringWriter();
    new JsonLinesWriter(new PrintWriter(text), reset.startNanos()).write(reset);

    assertThat(text.toString().lines().toList().getLast())
        .startsWith("{\"type\":\"result\"")
        .contains("\"observed\":[\"LISTEN\",\"ESTABLISHED\",\"CLOSED\"]");
  }

  @Test
  void badInputNamesTheLine() {
    assertThatThrownBy(
            () ->
                JsonLinesReader.read(
                    new StringReader(
                        "{\"type\":\"run\",\"scenario\":\"x\",\"t_ms\":0,\"port\":1}\nnot json\n")))
        .isInstanceOf(JsonLinesReader.BadInputException.class)
        .hasMessageStartingWith("line 2 is not JSON");
    assertThatThrownBy(
            () ->
                JsonLinesReader.read(
                    new StringReader("{\"type\":\"step\",\"scenario\":\"x\",\"t_ms\":0}\n")))
        .isInstanceOf(JsonLinesReader.BadInputException.class)
        .hasMessage("line 1: step event before the run of x");
    assertThatThrownBy(() -> JsonLinesReader.read(new StringReader("")))
        .isInstanceOf(JsonLinesReader.BadInputException.class)
        .hasMessage("no run in the input");
    assertThatThrownBy(
            () ->
                JsonLinesReader.read(
                    new StringReader(
                        "{\"type\":\"run\",\"scenario\":\"x\",\"t_ms\":0,\"port\":1,"
                            + "\"demonstrates\":[\"LISTENING\"]}\n")))
        .isInstanceOf(JsonLinesReader.BadInputException.class)
        .hasMessage("line 1: no TCP state is named LISTENING");
  }

  @Test
  void addressesAreReadAsLiteralsOnly() {
    assertThat(JsonLinesReader.address("[::1]:6666").getPort()).isEqualTo(6666);
    assertThat(JsonLinesReader.address("127.0.0.1:6666").getAddress().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> JsonLinesReader.address("example.com:80"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
