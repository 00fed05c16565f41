package dev.jnc.lab.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every {@code lab} command's picocli model has, declared in code: each command declares its
 * own options next to its fields ({@link FieldBinding}). Not annotations: reading them took every
 * {@code lab} command some 60 ms before it could start (the JDK makes a proxy class per annotation
 * type at run time, which the AOT cache cannot keep), about half of a {@code lab list}. The help,
 * man page and completion scripts are made from this same model.
 */
final class LabCommandModel {

  private LabCommandModel() {}

  /** The model of {@code lab} and its subcommands, each bound to a new command object. */
  static CommandSpec root() {
    CommandSpec lab = withHelpAndVersion(new LabCommand().spec());
    // The man page's list, for every command: a watch ends only when it is stopped.
    Map<String, String> codes = new LinkedHashMap<>(lab.usageMessage().exitCodeList());
    codes.put("130", "stopped with Ctrl-C, the way lab watch ends (143 when stopped by kill)");
    codes.remove("143");
    lab.usageMessage().exitCodeList(codes);
    lab.addSubcommand("run", withHelpAndVersion(new RunCommand().spec()));
    CommandSpec list = withHelpAndVersion(new ListCommand().spec());
    exitCodesWithoutAScenario(list);
    lab.addSubcommand("list", list);
    lab.addSubcommand("watch", withHelpAndVersion(new WatchCommand().spec()));
    lab.addSubcommand("diagram", withHelpAndVersion(new DiagramCommand().spec()));
    lab.addSubcommand("help", new LabHelpCommand().spec());
    return lab;
  }

  /**
   * A command with the version and the exit codes, as every {@code lab} command has them, and
   * {@code description}, one sentence an element: picocli wraps each on its own and lists only the
   * first under Commands.
   */
  static CommandSpec command(Object command, String name, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(name).versionProvider(new LabVersion());
    spec.usageMessage().description(description);
    exitCodes(spec);
    return spec;
  }

  /**
   * Adds picocli's standard {@code -h} and {@code -V} with its wording, after the command's own
   * options as its annotated mixin came, without that mixin.
   */
  private static CommandSpec withHelpAndVersion(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    return spec;
  }

  /** The exit statuses ({@link ExitCode}) that every command's help ends with. */
  static void exitCodes(CommandSpec spec) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(ExitCode.OK), "the scenario showed every state it promises");
    codes.put(
        String.valueOf(ExitCode.NOT_OBSERVED),
        "the scenario ran but did not show what it promises");
    codes.put(String.valueOf(ExitCode.USAGE), "bad usage: unknown scenario, bad port or option");
    codes.put(
        String.valueOf(ExitCode.CANNOT_RUN),
        "cannot run here: port busy, no usable observer, no permission");
    codes.put("130", "stopped with Ctrl-C, which says so; the run's sockets are closed");
    codes.put("143", "stopped with kill (SIGTERM), as with Ctrl-C");
    spec.usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
  }

  /**
   * An option's values as the help and the docs write them, for the completion scripts: picocli
   * offers an enum's constants as declared (NETLINK), and a lower-case start then completed
   * nothing.
   */
  static List<String> lowerCase(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  /** The exit statuses of a command that runs no scenario ({@code list}, {@code help}). */
  static void exitCodesWithoutAScenario(CommandSpec spec) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(ExitCode.OK), "done");
    codes.put(String.valueOf(ExitCode.USAGE), "bad usage: unknown command or option");
    spec.usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
  }
}
