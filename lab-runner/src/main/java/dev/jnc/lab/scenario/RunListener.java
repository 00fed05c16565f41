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

  /** Tells {@code first}, then {@code second}, of everything. */
  static RunListener both(RunListener first, RunListener second) {
    return new RunListener() {
      @Override
      public void step(int number, Step step) {
        first.step(number, step);
        second.step(number, step);
      }

      @Override
      public void snapshot(String caption, List<SocketRow> rows, int hidden) {
        first.snapshot(caption, rows, hidden);
        second.snapshot(caption, rows, hidden);
      }

      @Override
      public void waiting(String what, Duration bound) {
        first.waiting(what, bound);
        second.waiting(what, bound);
      }

      @Override
      public void note(String text) {
        first.note(text);
        second.note(text);
      }

      @Override
      public void engine(String endpoint, NcEvent event) {
        first.engine(endpoint, event);
        second.engine(endpoint, event);
      }
    };
  }
}
