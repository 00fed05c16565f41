package dev.jnc.lab.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code lab run --pause}: after each snapshot the run waits for Enter, so that a student can look
 * at the held sockets with their own {@code netstat} or {@code ss}, as the seed does by hand. At
 * the end of the input it stops pausing rather than hang a script.
 */
final class PausingRunListener implements RunListener {

  private final RunListener shown;
  private final BufferedReader input;
  private final PrintWriter prompt;
  private boolean inputEnded;

  PausingRunListener(RunListener shown, BufferedReader input, PrintWriter prompt) {
    this.shown = shown;
    this.input = input;
    this.prompt = prompt;
  }

  @Override
  public void step(int number, Step step) {
    shown.step(number, step);
  }

  @Override
  public void snapshot(String caption, List<SocketRow> rows, int hidden) {
    shown.snapshot(caption, rows, hidden);
    if (inputEnded) {
      return;
    }
    prompt.println("lab: paused, the sockets stay as they are; press Enter to go on");
    prompt.flush();
    try {
      inputEnded = input.readLine() == null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Enter key", e);
    }
  }

  @Override
  public void waiting(String what, Duration bound) {
    shown.waiting(what, bound);
  }

  @Override
  public void note(String text) {
    shown.note(text);
  }

  @Override
  public void engine(String endpoint, NcEvent event) {
    shown.engine(endpoint, event);
  }
}
