package dev.jnc.lab.cli;

import dev.jnc.lab.observe.StateNames;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --names}, shared by the subcommands that print states. */
final class StateNamesOption {

  StateNames names;

  /** Declares {@code --names} in {@code command}, stored here. */
  void declareIn(CommandSpec command) {
    command.addOption(
        new FieldBinding<StateNames>(() -> names, v -> names = v)
            .option("--names")
            .type(StateNames.class)
            .completionCandidates(LabCommandModel.lowerCase(StateNames.values()))
            .defaultValue("windows")
            .paramLabel("STYLE")
            .description("state names: windows (as in the seed), linux (as ss prints), rfc, bsd")
            .build());
  }
}
