package dev.jnc.lab.cli;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.scenario.RunListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code lab run --pause}: after each snapshot the run waits for Enter, so that a student can look
 * at the held sockets with their own {@code netstat} or {@code ss}, as the seed does by hand. At
 * the end of the input it stops pausing rather than hang a script. Placed after the listener that
 * prints the snapshot ({@link RunListener#both}).
 */
final class SnapshotPause implements RunListener {

  private final BufferedReader input;
  private final PrintWriter prompt;
  private boolean inputEnded;

  SnapshotPause(BufferedReader input, PrintWriter prompt) {
    this.input = input;
    this.prompt = prompt;
  }

  @Override
  public void snapshot(String caption, List<SocketRow> rows, int hidden) {
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
}
