package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.report.ReportLanguage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The model declared in code: every option of every command is stored in a field of its own, and
 * read back from it, and the help command behaves as picocli's.
 */
class LabCommandModelTest {

  private static final List<String> HELP_AND_VERSION = List.of("--help", "--version");

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private final CommandLine lab = LabCommandLine.create(stream, stream);

  @Test
  void everyOptionOfRunIsReadBackFromItsOwnField() {
    lab.parseArgs(
        "run",
        "--port=7000",
        "--names=linux",
        "--pause",
        "--private-network",
        "--observer=proc",
        "--format=json",
        "--diagram",
        "--report=run.html",
        "--lang=zh",
        "syn-backlog");

    CommandLine run = lab.getSubcommands().get("run");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("--port", 7000);
    expected.put("--names", StateNames.LINUX);
    expected.put("--pause", true);
    expected.put("--private-network", true);
    expected.put("--observer", ObserverChoice.PROC);
    expected.put("--format", OutputOptions.Format.JSON);
    expected.put("--diagram", true);
    expected.put("--report", Path.of("run.html"));
    expected.put("--lang", ReportLanguage.ZH);
    assertThat(values(run.getCommandSpec())).isEqualTo(expected);
    assertThat(run.getCommandSpec().positionalParameters().getFirst().<String>getValue())
        .isEqualTo("syn-backlog");
  }

  @Test
  void everyOptionOfWatchAndDiagramIsReadBackFromItsOwnField() {
    lab.parseArgs("watch", "--port=6666", "--names=rfc", "--observer=netlink");
    assertThat(values(lab.getSubcommands().get("watch").getCommandSpec()))
        .isEqualTo(
            Map.of(
                "--port", 6666, "--names", StateNames.RFC, "--observer", ObserverChoice.NETLINK));

    lab.parseArgs("diagram", "--from=runs.json", "--svg=path.svg", "--port=0", "--names=bsd");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("--scenario", null);
    expected.put("--from", Path.of("runs.json"));
    expected.put("--svg", Path.of("path.svg"));
    expected.put("--port", 0);
    expected.put("--names", StateNames.BSD);
    expected.put("--observer", ObserverChoice.AUTO);
    assertThat(values(lab.getSubcommands().get("diagram").getCommandSpec())).isEqualTo(expected);
  }

  @Test
  void defaultsAreSetBeforeTheCommandRuns() {
    lab.parseArgs("run", "handshake-demo");

    assertThat(values(lab.getSubcommands().get("run").getCommandSpec()))
        .containsEntry("--names", StateNames.WINDOWS)
        .containsEntry("--observer", ObserverChoice.AUTO)
        .containsEntry("--format", OutputOptions.Format.TEXT)
        .containsEntry("--port", null)
        .containsEntry("--pause", false);
  }

  @Test
  void helpNamesTheCommandItDoesNotKnowAsAUsageError() {
    assertThat(lab.execute("help", "nope")).isEqualTo(ExitCode.USAGE);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("lab: Unknown subcommand 'nope'.")
        .contains("Try 'lab --help'");
  }

  @Test
  void helpWithoutACommandIsTheMainHelpAndHelpHasItsOwn() {
    assertThat(lab.execute("help")).isZero();
    String main = printed.toString(StandardCharsets.UTF_8);
    printed.reset();
    assertThat(lab.execute("--help")).isZero();
    assertThat(main).isEqualTo(printed.toString(StandardCharsets.UTF_8)).startsWith("Usage: lab ");

    printed.reset();
    assertThat(lab.execute("help", "--help")).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith(
            String.format(
                "Display help information about the specified command.%n%nUsage: lab help [-h]"
                    + " [COMMAND]%n"))
        .contains("Exit status:");
  }

  @Test
  void helpCompletesTheOtherCommands() {
    Iterable<String> candidates =
        lab.getSubcommands()
            .get("help")
            .getCommandSpec()
            .positionalParameters()
            .getFirst()
            .completionCandidates();

    assertThat(candidates).containsExactly("run", "list", "watch", "diagram");
  }

  /** As the help and the docs write them: "net<TAB>" completed nothing against NETLINK. */
  @Test
  void choicesCompleteInLowerCase() {
    CommandSpec run = lab.getSubcommands().get("run").getCommandSpec();

    assertThat(run.findOption("--observer").completionCandidates())
        .containsExactlyInAnyOrder("auto", "netlink", "proc", "trace", "netstat");
    assertThat(run.findOption("--format").completionCandidates()).containsExactly("text", "json");
    assertThat(run.findOption("--lang").completionCandidates()).containsExactly("en", "zh");
    assertThat(run.findOption("--names").completionCandidates()).contains("windows", "linux");
  }

  /** Each option's value as read through its getter, by its longest name; -h and -V left out. */
  private static Map<String, Object> values(CommandSpec spec) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      if (!HELP_AND_VERSION.contains(option.longestName())) {
        values.put(option.longestName(), option.getValue());
      }
    }
    return values;
  }
}
