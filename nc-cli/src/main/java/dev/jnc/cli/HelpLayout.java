package dev.jnc.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The option list of {@code jnc -h}, in two groups: the "classic" options of nc 1.10/1.11 in the
 * seed's order, then the "modern" ones that OpenBSD nc and ncat users expect. An option declared on
 * {@link JncCommand} but missing here still shows, under "other", so nothing is ever hidden by
 * mistake.
 */
final class HelpLayout {

  private static final String CLASSIC = "classic options (nc 1.10, Windows nc 1.11):";
  private static final String MODERN = "modern options (OpenBSD nc, ncat):";
  private static final String OTHER = "other options:";

  /** Option name to group, in display order: the one place to edit when an option is added. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    for (String name :
        List.of(
            "-d", "-e", "-g", "-G", "-h", "-i", "-l", "-L", "-n", "-o", "-p", "-r", "-s", "-t",
            "-c", "-u", "-v", "-w", "-z")) {
      GROUPS.put(name, CLASSIC);
    }
    for (String name : List.of("-4", "-6", "-C", "-k", "-N", "-q", "--version")) {
      GROUPS.put(name, MODERN);
    }
  }

  private HelpLayout() {}

  static void install(CommandLine commandLine) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::optionList);
  }

  static String optionList(CommandLine.Help help) {
    var spec = help.commandSpec();
    Set<OptionSpec> shown = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<String, List<OptionSpec>> grouped = new LinkedHashMap<>();
    grouped.put(CLASSIC, new ArrayList<>());
    grouped.put(MODERN, new ArrayList<>());
    grouped.put(OTHER, new ArrayList<>());
    GROUPS.forEach(
        (name, group) -> {
          OptionSpec option = spec.findOption(name);
          if (option != null && !option.hidden() && shown.add(option)) {
            grouped.get(group).add(option);
          }
        });
    for (OptionSpec option : spec.options()) {
      if (!option.hidden() && shown.add(option)) {
        grouped.get(OTHER).add(option);
      }
    }
    int width = shown.stream().mapToInt(o -> label(o).length()).max().orElse(0) + 2;
    StringBuilder text = new StringBuilder();
    grouped.forEach(
        (group, options) -> {
          if (options.isEmpty()) {
            return;
          }
          text.append(group).append(System.lineSeparator());
          for (OptionSpec option : options) {
            text.append("  ")
                .append(String.format("%-" + width + "s", label(option)))
                .append(description(option))
                .append(System.lineSeparator());
          }
        });
    text.append("port numbers can be individual or ranges: m-n [inclusive], or service names")
        .append(System.lineSeparator());
    return text.toString();
  }

  /** {@code -g gateway}: the short name, as nc 1.10 lists it; long aliases go after the text. */
  private static String label(OptionSpec option) {
    String name = option.shortestName();
    return option.typeInfo().isBoolean() || option.arity().max() == 0
        ? name
        : name + " " + option.paramLabel();
  }

  private static String description(OptionSpec option) {
    String text = String.join(" ", option.description());
    List<String> aliases =
        Arrays.stream(option.names()).filter(n -> !n.equals(option.shortestName())).toList();
    return aliases.isEmpty() ? text : text + " (also " + String.join(", ", aliases) + ")";
  }
}
