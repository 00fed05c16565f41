package dev.jnc.lab.cli;

import dev.jnc.lab.observe.ChosenObserver;
import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.ObserverUnavailableException;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --observer}, shared by the subcommands that watch the kernel's table. */
final class ObserverOption {

  private ObserverChoice choice;

  private String explanation = "";

  /** Declares {@code --observer} in {@code command}, stored here. */
  void declareIn(CommandSpec command) {
    command.addOption(
        new FieldBinding<ObserverChoice>(() -> choice, v -> choice = v)
            .option("--observer")
            .type(ObserverChoice.class)
            .completionCandidates(LabCommandModel.lowerCase(ObserverChoice.values()))
            .converters(new ObserverChoiceConverter())
            .defaultValue("auto")
            .paramLabel("KIND")
            .description(
                "where to read socket states: auto (default: trace as root, else netlink), netlink,"
                    + " proc, trace (root), netstat")
            .build());
  }

  /** Opens the chosen observer; the caller closes it. */
  SocketObserver open() throws LabException {
    try {
      ChosenObserver chosen = ObserverFactory.open(choice);
      explanation = chosen.explanation();
      return chosen.observer();
    } catch (ObserverUnavailableException e) {
      throw new LabException(e.getMessage(), e);
    }
  }

  /**
   * Fails at once when {@code scenario} waits for a row this observer can never show: a socket that
   * is only bound, in CLOSED. Waiting for it would only time out.
   */
  static void checkCanShow(Scenario scenario, SocketObserver observer) throws LabException {
    if (!scenario.needsBoundSockets()) {
      return;
    }
    Optional<String> why = observer.whyNoBoundSockets();
    if (why.isPresent()) {
      throw new LabException(
          scenario.name()
              + " cannot show CLOSED here: "
              + why.get()
              + (observer.name().equals("netlink")
                  ? ""
                  : "; --observer netlink lists such sockets on Linux 6.5+")
              + "; reset, passive-close and last-ack show CLOSED as a socket leaving the table");
    }
  }

  /**
   * The parts of all-states this observer can show: {@code closed} only where a bound socket
   * appears; elsewhere CLOSED is the moment a socket leaves the table.
   */
  static List<Scenario> allStatesParts(SocketObserver observer) {
    return Scenarios.ALL_STATES_PARTS.stream()
        .filter(s -> !s.needsBoundSockets() || observer.seesBoundSockets())
        .toList();
  }

  /** Why the observer in use was chosen, after {@link #open()}. */
  String explanation() {
    return explanation;
  }

  static final class ObserverChoiceConverter
      implements picocli.CommandLine.ITypeConverter<ObserverChoice> {
    @Override
    public ObserverChoice convert(String value) {
      try {
        return ObserverChoice.fromOptionValue(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
