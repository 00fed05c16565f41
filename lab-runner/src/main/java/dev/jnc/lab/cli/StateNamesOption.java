package dev.jnc.lab.cli;

import dev.jnc.lab.observe.StateNames;
import picocli.CommandLine.Option;

/** {@code --names}, shared by the subcommands that print states. */
final class StateNamesOption {

  @Option(
      names = "--names",
      paramLabel = "STYLE",
      description = "state names: windows (as in the seed), linux (as ss prints), rfc, bsd",
      defaultValue = "windows")
  StateNames names;
}
