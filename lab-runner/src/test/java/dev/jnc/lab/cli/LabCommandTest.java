package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LabCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int lab(String... args) {
    return Lab.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  void listNamesHandshakeDemoAndItsStates() {
    assertThat(lab("list")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("handshake-demo")
        .contains("LISTEN, ESTABLISHED, TIME_WAIT");
  }

  @Test
  void unknownScenarioIsAUsageError() {
    assertThat(lab("run", "no-such-thing")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "lab: unknown scenario 'no-such-thing'; 'lab list' shows them all",
            "Try 'lab --help' for more information.");
  }

  @Test
  void badPortIsAUsageError() {
    assertThat(lab("run", "handshake-demo", "--port", "70000")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("lab: invalid port 70000");
  }

  @Test
  void unknownObserverIsAUsageError() {
    assertThat(lab("run", "handshake-demo", "--observer", "psychic")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown observer 'psychic'");
  }

  @Test
  void runPrintsTheSeedsThreeStatesAndPasses() {
    assertThat(lab("run", "handshake-demo", "--port", "0")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("LISTENING")
        .contains("ESTABLISHED")
        .contains("TIME_WAIT")
        .contains("lab: handshake-demo passed");
  }

  @Test
  void linuxNamesAreUsedWhenAskedFor() {
    assertThat(lab("run", "handshake-demo", "--port", "0", "--names", "linux"))
        .isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("LISTEN ")
        .contains("ESTAB")
        .contains("TIME-WAIT");
  }
}
