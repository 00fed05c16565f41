package dev.jnc.cli.progress;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code --progress} line: bytes each way, the rate and the elapsed time of the current
 * connection, rewritten in place on stderr with a carriage return and wiped when the connection
 * closes. Counts come from the engine's {@code BytesIn}/{@code BytesOut} events; {@link #refresh}
 * is called by a timer, so a stalled transfer still shows its clock running.
 */
public final class TransferProgress implements NcListener {

  private final PrintStream err;
  private final long showAfterNanos;
  private long start;
  private boolean connected;
  private long sent;
  private long received;
  private int shownWidth;

  /**
   * @param showAfter how long a connection must last before the line appears: zero for {@code
   *     --progress}, a few seconds when {@code -v} turns it on by itself
   */
  public TransferProgress(PrintStream err, Duration showAfter) {
    this.err = err;
    this.showAfterNanos = showAfter.toNanos();
  }

  @Override
  public synchronized void onEvent(NcEvent event) {
    switch (event) {
      case NcEvent.Connected e -> begin(e.nanos());
      case NcEvent.Accepted e -> begin(e.nanos());
      case NcEvent.BytesOut e -> sent += e.count();
      case NcEvent.BytesIn e -> received += e.count();
      case NcEvent.Closed e -> {
        connected = false;
        clear();
      }
      default -> {}
    }
  }

  private void begin(long nanos) {
    start = nanos;
    sent = 0;
    received = 0;
    connected = true;
  }

  /** Redraws the line for the time {@code now} ({@link System#nanoTime()}). */
  public synchronized void refresh(long now) {
    if (!connected || now - start < showAfterNanos) {
      return;
    }
    String line = line(sent, received, now - start);
    int pad = Math.max(0, shownWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    shownWidth = line.length();
  }

  /** Wipes the line, so the next message starts on a clean one. */
  public synchronized void clear() {
    if (shownWidth > 0) {
      err.print("\r" + " ".repeat(shownWidth) + "\r");
      err.flush();
      shownWidth = 0;
    }
  }

  /** {@code jnc: 1.0 MiB sent, 52 B received, 4.8 MiB/s, 0:03}. */
  static String line(long sent, long received, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    long whole = (long) seconds;
    return String.format(
        Locale.ROOT,
        "jnc: %s sent, %s received, %s/s, %d:%02d",
        ByteUnits.format(sent),
        ByteUnits.format(received),
        ByteUnits.format((sent + received) / seconds),
        whole / 60,
        whole % 60);
  }
}
