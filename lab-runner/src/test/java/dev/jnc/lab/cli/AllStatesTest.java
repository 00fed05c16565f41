package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code lab run all-states}, twenty times in a row, unprivileged recipes only. */
class AllStatesTest {

  @Test
  @Timeout(300)
  void allElevenStatesAreObservedInTwentyConsecutiveRuns() {
    for (int run = 1; run <= 20; run++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          Lab.run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              "run",
              "all-states",
              "--port",
              "0");

      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(status).as("run %d: %s", run, err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(text.lines().filter(l -> l.startsWith("  [x] "))).as("run %d", run).hasSize(11);
      assertThat(text).contains("lab: all-states passed: all 11 states observed");
    }
  }
}
