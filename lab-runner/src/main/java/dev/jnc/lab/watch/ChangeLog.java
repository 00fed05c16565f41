package dev.jnc.lab.watch;

import dev.jnc.lab.record.Transition;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code lab watch} with its output piped: one line per state change, printed once it has settled.
 * A change is held back for a moment because the history may still be corrected: a traced exit
 * becomes TIME_WAIT as soon as a snapshot shows the stand-in socket.
 */
public final class ChangeLog {

  /** How long a change waits before it is printed. */
  static final long SETTLE_NANOS = 300_000_000L;

  private final PrintWriter out;
  private final ChangeFormatter formatter;
  private int printed;

  public ChangeLog(PrintWriter out, ChangeFormatter formatter) {
    this.out = out;
    this.formatter = formatter;
  }

  /** Prints the changes, oldest first, that are older than the settle time and not yet printed. */
  public void update(List<Transition> transitions, long now) {
    int settled = printed;
    while (settled < transitions.size() && now - transitions.get(settled).nanos() >= SETTLE_NANOS) {
      settled++;
    }
    printUpTo(transitions, settled);
  }

  /** Prints every change not yet printed, settled or not: the last call before exiting. */
  public void flush(List<Transition> transitions) {
    printUpTo(transitions, transitions.size());
  }

  /**
   * True once a line could not be written: the reader is gone ({@code lab watch | head}), and the
   * watch ends as {@code head} meant it to. A {@link PrintWriter} keeps such errors to itself.
   */
  public boolean readerGone() {
    return out.checkError();
  }

  private void printUpTo(List<Transition> transitions, int end) {
    for (int i = printed; i < end; i++) {
      out.println(formatter.format(transitions.get(i)));
    }
    if (end > printed) {
      printed = end;
      out.flush();
    }
  }
}
