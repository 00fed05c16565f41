package dev.jnc.lab.cli;

import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Adds to {@code lab --help} what each scenario demonstrates, with the command that runs it, so the
 * help alone is enough to start.
 */
final class ScenarioHelp {

  static final String SECTION_KEY = "scenarios";

  private ScenarioHelp() {}

  static void install(CommandLine commandLine) {
    commandLine.getHelpSectionMap().put(SECTION_KEY, help -> text());
    List<String> keys = new ArrayList<>(commandLine.getHelpSectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SECTION_KEY);
    commandLine.setHelpSectionKeys(keys);
  }

  static String text() {
    int width = Scenarios.ALL_STATES.length();
    for (Scenario scenario : Scenarios.all()) {
      width = Math.max(width, scenario.name().length());
    }
    StringBuilder text = new StringBuilder(String.format("%nScenarios (lab run NAME):%n"));
    for (Scenario scenario : Scenarios.all()) {
      text.append(String.format("  %-" + width + "s  %s%n", scenario.name(), scenario.summary()));
    }
    text.append(
        String.format(
            "  %-" + width + "s  %s%n",
            Scenarios.ALL_STATES,
            "runs what it takes to show all 11 states and checks them off"));
    text.append(String.format("%nExample: lab run handshake-demo --names linux%n"));
    return text.toString();
  }
}
