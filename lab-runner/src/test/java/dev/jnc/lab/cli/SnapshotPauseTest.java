package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.scenario.RunListener;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotPauseTest {

  @Test
  void waitsForOneLinePerSnapshotAndStopsPausingAtTheEndOfInput() {
    List<String> shown = new ArrayList<>();
    RunListener text =
        new RunListener() {
          @Override
          public void snapshot(String caption, List<dev.jnc.lab.observe.SocketRow> rows, int h) {
            shown.add(caption);
          }
        };
    StringWriter prompts = new StringWriter();
    RunListener pausing =
        RunListener.both(
            text,
            new SnapshotPause(
                new BufferedReader(new StringReader("\n")), new PrintWriter(prompts, true)));

    pausing.snapshot("first", List.of(), 0);
    pausing.snapshot("second", List.of(), 0);
    pausing.snapshot("third", List.of(), 0);

    assertThat(shown).containsExactly("first", "second", "third");
    // One Enter for the first, the end of input at the second; no prompt after that.
    assertThat(prompts.toString().lines()).hasSize(2).allMatch(l -> l.contains("press Enter"));
  }
}
