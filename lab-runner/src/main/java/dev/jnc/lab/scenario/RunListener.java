package dev.jnc.lab.scenario;

import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.SocketRow;
import java.time.Duration;
import java.util.List;

/** What a scenario run reports as it goes; the command line prints it, tests record it. */
public interface RunListener {

  /** A step is about to run; {@code number} counts from 1. */
  default void step(int number, Step step) {}

  /** A snapshot of this run's sockets; {@code hidden} rows on the same port belong to others. */
  default void snapshot(String caption, List<SocketRow> rows, int hidden) {}

  /** The run waits for something, at most {@code bound}. */
  default void waiting(String what, Duration bound) {}

  /** Something worth telling that is not a step: how much a step wrote, say. */
  default void note(String text) {}

  /** The engine reported something on one of the scenario's sockets. */
  default void engine(String endpoint, NcEvent event) {}
}
