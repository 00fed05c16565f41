package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalDiagramTest {

  @Test
  void drawsElevenBoxesAndTheNumberedEdgesWithoutColourWhenNotAsked() throws Exception {
    RunPath path = PathMapper.map(RecordedRuns.load("handshake-demo.jsonl"));

    String text = new TerminalDiagram(StateNames.WINDOWS, false).render(path);

    assertThat(text).doesNotContain("\u001b[");
    for (TcpState state : TcpState.values()) {
      assertThat(text).contains(state.displayName(StateNames.WINDOWS));
    }
    // Heavy boxes for the four states seen, dashed ones for those only inferred.
    assertThat(text.split("\u250f\u2501\u2501", -1)).hasSize(5);
    assertThat(text)
        .contains(" 1 \u254d\u254d\u25b6 CLOSED \u2192 LISTENING")
        .contains("12 \u254d\u254d\u25b6 LAST_ACK \u2192 CLOSED")
        .contains("LISTENING \u2192 CLOSED")
        .contains("CLOSED \u21e2 SYN_SENT \u21e2 ESTABLISHED (");
    // The edges between neighbouring rows, drawn where they run, with their numbers.
    assertThat(text.lines())
        .contains(" ".repeat(34) + "\u21931 \u21919")
        .anyMatch(line -> line.matches(" +\u21983 +\u21995"));
    // The classic styles name the usual path, whichever end takes it: the seed's server closes.
    String legend = text.substring(0, text.indexOf("Edges taken"));
    assertThat(legend.lines())
        .anyMatch(line -> line.startsWith("\u2501\u2501 client path (active open/close)"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void colourIsAnsiOnlyWhenAskedFor() throws Exception {
    RunPath path = PathMapper.map(RecordedRuns.load("handshake-demo.jsonl"));

    assertThat(new TerminalDiagram(StateNames.RFC, true).render(path))
        .contains("\u001b[1;38;5;202m")
        .contains("\u001b[0m");
  }

  /** closed's one socket never changes state: the lists say so rather than stay empty. */
  @Test
  void aRunWithNoChangeSaysSoUnderEachHeading() {
    RecordedRun still =
        new RecordedRun(
            "closed",
            "",
            List.of(TcpState.CLOSED),
            6677,
            0,
            List.of(),
            List.of(),
            List.of(),
            Map.of(),
            null,
            "");

    String text =
        new TerminalDiagram(StateNames.WINDOWS, false).render(PathMapper.map(List.of(still)));

    assertThat(text)
        .contains(
            "Edges taken, in the order first taken:\n  none: no socket of the run changed state\n")
        .contains("time in the state before):\n  none\n");
  }
}
