package dev.jnc.dist;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A section 1 man page in troff ({@code man(7)} macros) from a picocli model: name, synopsis,
 * description, options, subcommands with their own options, exit status, and the command's footer
 * as examples. picocli-codegen's generator writes AsciiDoc, which would need Asciidoctor to become
 * a page that {@code man} shows; this writes the page itself.
 */
final class ManPage {

  private final CommandLine commandLine;
  private final String version;

  ManPage(CommandLine commandLine, String version) {
    this.commandLine = commandLine;
    this.version = version;
  }

  String troff() {
    CommandSpec spec = commandLine.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    String name = spec.name();
    StringBuilder page = new StringBuilder();
    page.append(".TH ")
        .append(name.toUpperCase(Locale.ROOT))
        .append(" 1 \"\" \"")
        .append(name)
        .append(' ')
        .append(version)
        .append("\" \"User Commands\"\n");
    page.append(".SH NAME\n")
        .append(name)
        .append(" \\- ")
        .append(escape(first(usage)))
        .append('\n');
    page.append(".SH SYNOPSIS\n.nf\n");
    if (usage.customSynopsis().length > 0) {
      for (String line : usage.customSynopsis()) {
        page.append(escape(line)).append('\n');
      }
    } else {
      page.append(escape(plainSynopsis(commandLine))).append('\n');
      for (CommandLine sub : commandLine.getSubcommands().values()) {
        page.append(escape(plainSynopsis(sub))).append('\n');
      }
    }
    page.append(".fi\n.SH DESCRIPTION\n");
    page.append(escape(prose(usage.description()))).append('\n');
    options(page, spec);
    for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
      CommandSpec subSpec = sub.getValue().getCommandSpec();
      page.append(".SH \"")
          .append(name.toUpperCase(Locale.ROOT))
          .append(' ')
          .append(sub.getKey().toUpperCase(Locale.ROOT))
          .append("\"\n.nf\n")
          .append(escape(plainSynopsis(sub.getValue())))
          .append("\n.fi\n")
          .append(escape(prose(subSpec.usageMessage().description())))
          .append('\n');
      options(page, subSpec);
    }
    if (!usage.exitCodeList().isEmpty()) {
      page.append(".SH \"EXIT STATUS\"\n");
      usage
          .exitCodeList()
          .forEach(
              (code, meaning) ->
                  page.append(".TP\n.B ")
                      .append(escape(code.trim()))
                      .append('\n')
                      .append(escape(meaning))
                      .append('\n'));
    }
    if (usage.footer().length > 0) {
      page.append(".SH EXAMPLES\n.nf\n");
      for (String line : usage.footer()) {
        page.append(escape(String.format(line))).append('\n');
      }
      page.append(".fi\n");
    }
    page.append(".SH \"SEE ALSO\"\n.BR nc (1),\n.BR ncat (1),\n.BR ss (8)\n");
    return page.toString();
  }

  private static void options(StringBuilder page, CommandSpec spec) {
    List<PositionalParamSpec> positionals =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (positionals.isEmpty() && options.isEmpty()) {
      return;
    }
    page.append(".SS OPTIONS\n");
    for (PositionalParamSpec positional : positionals) {
      page.append(".TP\n.I ")
          .append(escape(positional.paramLabel()))
          .append('\n')
          .append(escape(prose(positional.description())))
          .append('\n');
    }
    for (OptionSpec option : options) {
      page.append(".TP\n");
      StringBuilder label = new StringBuilder();
      for (String optionName : option.names()) {
        if (!label.isEmpty()) {
          label.append(", ");
        }
        label.append("\\fB").append(escape(optionName)).append("\\fR");
      }
      if (option.arity().max() > 0) {
        label.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
      }
      page.append(label).append('\n').append(escape(prose(option.description()))).append('\n');
    }
  }

  /**
   * A description's lines as one paragraph, formatted as picocli formats them for {@code -h}: its
   * {@code %n} breaks a line there, where troff fills the paragraph itself.
   */
  private static String prose(String[] lines) {
    return Arrays.stream(lines)
        .map(line -> String.format(line).strip())
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining(" "));
  }

  private static String plainSynopsis(CommandLine commandLine) {
    CommandLine.Help help =
        new CommandLine.Help(
            commandLine.getCommandSpec(),
            CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return help.synopsis(0).strip();
  }

  private static String first(UsageMessageSpec usage) {
    String text = prose(usage.description());
    int stop = text.indexOf(": ");
    int end = text.indexOf('.');
    String line = end > 0 ? text.substring(0, end) : text;
    return stop > 0 && stop < line.length() ? line.substring(0, stop) : line;
  }

  /** Backslashes, hyphens and a leading dot or quote mean something to troff. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    return escaped.replaceAll("(?m)^([.'])", "\\\\&$1");
  }
}
