package dev.jnc.lab.cli;

import dev.jnc.lab.observe.ChosenObserver;
import dev.jnc.lab.observe.ObserverChoice;
import dev.jnc.lab.observe.ObserverFactory;
import dev.jnc.lab.observe.ObserverUnavailableException;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.scenario.LabException;
import picocli.CommandLine.Option;

/** {@code --observer}, shared by the subcommands that watch the kernel's table. */
final class ObserverOption {

  @Option(
      names = "--observer",
      paramLabel = "KIND",
      description =
          "where to read socket states: auto (default: trace as root, else netlink), netlink,"
              + " proc, trace (root), netstat",
      converter = ObserverChoiceConverter.class,
      defaultValue = "auto")
  ObserverChoice choice;

  private String explanation = "";

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
