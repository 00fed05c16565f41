package dev.jnc.lab.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lab help [COMMAND]}: what picocli's {@link CommandLine.HelpCommand} does and says,
 * declared in code like the rest of {@link LabCommandModel}, since that class's annotations would
 * be read at every start.
 */
final class LabHelpCommand implements IHelpCommandInitializable2, Callable<Integer> {

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

  private String commandName;

  private CommandLine self;

  private ColorScheme colors;

  private PrintWriter out;

  /** Declares {@code lab help} as picocli declares its help command, bound to this command. */
  LabHelpCommand() {
    spec.name("help").helpCommand(true);
    spec.usageMessage()
        .header("Display help information about the specified command.")
        .synopsisHeading("%nUsage: ")
        .description(
            "%nWhen no COMMAND is given, the usage help for the main command is displayed.",
            "If a COMMAND is specified, the help for that command is shown.%n");
    LabCommandModel.exitCodesWithoutAScenario(spec);
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show usage help for the help command and exit.")
            .build());
    spec.addPositional(
        new FieldBinding<String>(() -> commandName, v -> commandName = v)
            .positional()
            .type(String.class)
            .index("0")
            .arity("0..1")
            .paramLabel("COMMAND")
            .completionCandidates(() -> siblings(spec))
            .description("The COMMAND to display the usage help message for.")
            .build());
  }

  /** {@code lab help}'s command line. */
  CommandSpec spec() {
    return spec;
  }

  /**
   * The other subcommands of our parent, for shell completion: picocli's completion script lists
   * them only for its own help command class.
   */
  private static Iterator<String> siblings(CommandSpec spec) {
    return spec.parent().subcommands().keySet().stream()
        .filter(name -> !name.equals(spec.name()))
        .iterator();
  }

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine parent = self.getParent();
    if (commandName == null) {
      parent.usage(out, colors);
      return parent.getCommandSpec().exitCodeOnUsageHelp();
    }
    CommandLine subcommand = parent.getSubcommands().get(commandName);
    if (subcommand == null) {
      throw new ParameterException(
          parent, "Unknown subcommand '" + commandName + "'.", null, commandName);
    }
    subcommand.usage(out, colors);
    return subcommand.getCommandSpec().exitCodeOnUsageHelp();
  }
}
