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
 * The option list of {@code jnc -h}, grouped by what one wants to do (connect, listen, scan, shape
 * the data, see what happens), each group with one command line to copy. The wording of each option
 * is nc 1.10's, as the seed lists it. An option declared in {@link JncCommandModel} but missing
 * here still shows, under "other", so nothing is ever hidden by mistake.
 *
 * <p>Across the task groups runs a second grouping, "classic" (the options of nc 1.10/1.11, as the
 * seed lists them) and "modern" (what later netcats added: IPv6, {@code -N}, {@code -q}, {@code
 * --progress}, ...): each modern option is marked {@value #MODERN_MARK} in the margin, and two
 * closing lines list each group whole.
 */
final class HelpLayout {

  /** A heading and the example shown with it. */
  private record Group(String heading, String example) {}

  private static final Group CONNECT =
      new Group("connect:", "jnc -v -w 3 example.org 80 < request.txt");
  private static final Group LISTEN = new Group("listen:", "jnc -l -p 6666");
  private static final Group SCAN = new Group("scan:", "jnc -zv 127.0.0.1 20-25 http");
  private static final Group DATA = new Group("data:", "jnc -c -i 1 127.0.0.1 25 < mail.txt");
  private static final Group OUTPUT =
      new Group("output:", "jnc -v --progress 127.0.0.1 6666 < big.iso");
  private static final Group OTHER = new Group("other:", null);

  /** The options of nc 1.11 (the seed's list), which nc 1.10 has too; every other is modern. */
  private static final Set<String> CLASSIC =
      Set.of(
          "-c", "-d", "-e", "-g", "-G", "-h", "-i", "-l", "-L", "-n", "-o", "-p", "-r", "-s", "-t",
          "-u", "-v", "-w", "-z");

  static final String MODERN_MARK = "+";

  /** Option name to group, in display order: the one place to edit when an option is added. */
  private static final Map<String, Group> GROUPS = new LinkedHashMap<>();

  static {
    put(CONNECT, "-s", "-w", "-n", "-4", "-6", "-g", "-G");
    put(LISTEN, "-l", "-p", "-L", "-k", "-d");
    put(SCAN, "-z", "-r");
    put(DATA, "-u", "-c", "-e", "-i", "-N", "--no-shutdown", "-q", "-t");
    put(OUTPUT, "-v", "-o", "--progress", "--no-history");
    put(OTHER, "-h", "--version");
  }

  private static void put(Group group, String... names) {
    for (String name : names) {
      GROUPS.put(name, group);
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
    Map<Group, List<OptionSpec>> grouped = new LinkedHashMap<>();
    for (Group group : List.of(CONNECT, LISTEN, SCAN, DATA, OUTPUT, OTHER)) {
      grouped.put(group, new ArrayList<>());
    }
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
    int columns = spec.usageMessage().width();
    StringBuilder text = new StringBuilder();
    text.append(
            wrapped(
                MODERN_MARK + " marks a modern option; the others are nc 1.10/1.11's classic set",
                0,
                columns))
        .append(System.lineSeparator());
    List<String> classic = new ArrayList<>();
    List<String> modern = new ArrayList<>();
    grouped.forEach(
        (group, options) -> {
          if (options.isEmpty()) {
            return;
          }
          text.append(heading(group, width + 4, columns)).append(System.lineSeparator());
          for (OptionSpec option : options) {
            String label = label(option);
            boolean isClassic = CLASSIC.contains(option.shortestName());
            (isClassic ? classic : modern).add(option.shortestName());
            for (String alias : option.names()) {
              // -C beside -c, -k beside -L: short aliases that later netcats brought.
              if (isClassic && !alias.equals(option.shortestName()) && !alias.startsWith("--")) {
                modern.add(alias);
              }
            }
            text.append(isClassic ? "    " : "  " + MODERN_MARK + " ")
                .append(help.colorScheme().ansi().string("@|yellow " + label + "|@"))
                .append(" ".repeat(width - label.length()))
                .append(wrapped(description(option), 4 + width, columns))
                .append(System.lineSeparator());
          }
        });
    text.append(
            wrapped(
                "port numbers can be individual or ranges: m-n [inclusive], or service names",
                0,
                columns))
        .append(System.lineSeparator())
        .append("classic (nc 1.10/1.11): ")
        .append(wrapped(String.join(" ", classic), LIST_INDENT, columns))
        .append(System.lineSeparator())
        .append("modern (" + MODERN_MARK + "):             ")
        .append(wrapped(String.join(" ", modern), LIST_INDENT, columns))
        .append(System.lineSeparator());
    return text.toString();
  }

  /**
   * A group's heading with its example in the descriptions' column, or on a line of its own below
   * where the terminal is too narrow for both.
   */
  private static String heading(Group group, int exampleColumn, int columns) {
    if (group.example() == null) {
      return group.heading();
    }
    String example = "e.g. " + group.example();
    if (exampleColumn + example.length() <= columns) {
      return String.format("%-" + exampleColumn + "s%s", group.heading(), example);
    }
    return group.heading() + System.lineSeparator() + "    " + example;
  }

  /** Where the two closing lists start, after their labels. */
  private static final int LIST_INDENT = "classic (nc 1.10/1.11): ".length();

  /**
   * {@code text} cut at spaces into lines that end by {@code columns}, each after the first
   * indented to {@code indent}, where the first starts: picocli wraps its own sections to the
   * terminal, and a row that ran on past them broke the two columns. A word longer than a line
   * stays whole.
   */
  static String wrapped(String text, int indent, int columns) {
    int room = Math.max(columns - indent, 20);
    StringBuilder out = new StringBuilder();
    int lineLength = 0;
    for (String word : text.split(" ")) {
      if (lineLength > 0 && lineLength + 1 + word.length() > room) {
        out.append(System.lineSeparator()).append(" ".repeat(indent));
        lineLength = 0;
      } else if (lineLength > 0) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
    }
    return out.toString();
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
