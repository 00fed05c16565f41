package dev.jnc.lab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

/** {@code lab}: reproduce TCP states on the real kernel and watch them. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    // Every subcommand takes --help and --version too: `lab run --help` lists run's options.
    scope = ScopeType.INHERIT,
    versionProvider = LabVersion.class,
    description = {
      // One element a sentence: picocli wraps each on its own, and lists only the first.
      "Reproduces the TCP state machine on this machine's kernel with jnc's engine and shows"
          + " every state the way netstat does.",
    },
    subcommands = {
      RunCommand.class,
      ListCommand.class,
      WatchCommand.class,
      DiagramCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the scenario showed every state it promises",
      "1:the scenario ran but did not show what it promises",
      "2:bad usage: unknown scenario, bad port or option",
      "3:cannot run here: port busy, no usable observer, no permission"
    })
final class LabCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
