package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.Lab;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabHelpTest {

  @Test
  void helpSaysWhatEachScenarioDemonstratesThenTheExitCodes() {
    String help = run("--help");
    int scenarios = help.indexOf("Scenarios (lab run NAME):");
    int exitCodes = help.indexOf("Exit status:");
    assertThat(scenarios).isPositive();
    assertThat(exitCodes).isGreaterThan(scenarios);
    for (Scenario scenario : Scenarios.all()) {
      assertThat(help.substring(scenarios, exitCodes))
          .containsPattern("(?m)^  " + scenario.name() + " +\\Q" + scenario.summary() + "\\E$");
    }
    assertThat(help.substring(exitCodes))
        .containsPattern("(?m)^  3 +cannot run here")
        .containsPattern("(?m)^  130 +stopped with Ctrl-C, the way lab watch ends");
  }

  /** picocli lists a command's first description line: each must end its sentence. */
  @Test
  void everyCommandSummaryInTheHelpIsAWholeSentence() {
    String help = run("--help");
    String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Scenarios (lab"));
    String joined = commands.replaceAll("\\n {13}", " ");
    for (String name : new String[] {"run", "list", "watch", "diagram", "help"}) {
      assertThat(joined).containsPattern("(?m)^  " + name + " +\\S.*\\.$");
    }
  }

  @Test
  void everyCommandTakesHelpAndSaysWhatItsOptionsAre() {
    String runHelp = run("run", "--help");
    assertThat(runHelp)
        .startsWith("Usage: lab run ")
        .contains("--private-network", "--pause", "--observer=KIND", "Exit status:");
    assertThat(run("help", "run")).isEqualTo(runHelp);
    assertThat(run("help", "list"))
        .as("no scenario runs: no scenario's exit statuses")
        .contains("Exit status:")
        .doesNotContain("did not show what it promises");
    assertThat(run("watch", "-h")).startsWith("Usage: lab watch ").contains("--port=N");
    assertThat(run("diagram", "--help")).startsWith("Usage: lab diagram ").contains("--svg");
  }

  /** A run stopped by a signal ends with the shell's status for it, as the help now says. */
  @Test
  void aScenarioCommandListsTheStatusOfAStop() {
    for (String command : new String[] {"run", "diagram"}) {
      assertThat(run(command, "--help").split("Exit status:")[1])
          .containsPattern("(?m)^  130 +stopped with Ctrl-C")
          .containsPattern("(?m)^  143 +stopped with kill");
    }
  }

  @Test
  void watchListsTheExitStatusesOfAWatchNotOfAScenario() {
    String exitCodes = run("watch", "--help").split("Exit status:")[1];
    assertThat(exitCodes)
        .containsPattern("(?m)^  2 +bad usage")
        .containsPattern("(?m)^  3 +cannot watch here")
        .containsPattern("(?m)^  130 +stopped with Ctrl-C");
    assertThat(exitCodes).doesNotContain("scenario");
  }

  @Test
  void listShowsEveryScenarioWithWhatItDemonstratesAndNoColourOffATerminal() {
    String list = run("list");
    for (Scenario scenario : Scenarios.all()) {
      assertThat(list).containsPattern("(?m)^" + scenario.name() + " +\\Q" + scenario.summary());
    }
    assertThat(list).contains(Scenarios.ALL_STATES).doesNotContain("\u001b[");
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(Lab.run(stream, stream, args)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
