package dev.jnc.lab.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code lab}: reproduce TCP states on the real kernel and watch them. */
final class LabCommand implements Runnable {

  private final CommandSpec spec =
      LabCommandModel.command(
          this,
          "lab",
          // One element a sentence: picocli wraps each on its own, and lists only the first.
          "Reproduces the TCP state machine on this machine's kernel with jnc's engine and shows"
              + " every state the way netstat does.");

  /** {@code lab}'s own command line; {@link LabCommandModel#root} adds the subcommands. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
