package dev.jnc.lab.cli;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab list}: every scenario, what it demonstrates and which states it shows. */
final class ListCommand implements Callable<Integer> {

  private final CommandSpec spec =
      LabCommandModel.command(this, "list", "List the scenarios and the states each one shows.");

  /** {@code lab list}'s command line. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width = Scenarios.all().stream().mapToInt(s -> s.name().length()).max().orElse(10);
    // Names in bold on a terminal; picocli's AUTO mode leaves pipes and NO_COLOR plain.
    CommandLine.Help.Ansi ansi = spec.commandLine().getColorScheme().ansi();
    for (Scenario scenario : Scenarios.all()) {
      out.printf(
          "%s%s  %s%n",
          ansi.string("@|bold " + scenario.name() + "|@"),
          " ".repeat(width - scenario.name().length()),
          scenario.summary());
      out.printf(
          "%-" + width + "s  states: %s%n",
          "",
          // In the tables' default spelling (netstat's, as in the seed), as the summaries write
          // them.
          scenario.demonstrates().stream()
              .map(state -> state.displayName(StateNames.WINDOWS))
              .collect(Collectors.joining(", ")));
    }
    out.printf(
        "%s%s  %s%n",
        ansi.string("@|bold " + Scenarios.ALL_STATES + "|@"),
        " ".repeat(width - Scenarios.ALL_STATES.length()),
        "runs what it takes to show all 11 states and checks them off");
    out.flush();
    return ExitCode.OK;
  }
}
