package dev.jnc.lab.cli;

import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lab list}: every scenario, what it demonstrates and which states it shows. */
@Command(name = "list", description = "List the scenarios and the states each one shows.")
final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

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
          scenario.demonstrates().stream().map(Enum::name).collect(Collectors.joining(", ")));
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
