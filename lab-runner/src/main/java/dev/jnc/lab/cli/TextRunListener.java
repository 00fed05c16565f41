package dev.jnc.lab.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.report.NetstatFormatter;
import dev.jnc.lab.report.ReportLanguage;
import dev.jnc.lab.report.ReportText.Label;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.Step;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints a run's progress step by step, with the seed's netstat lines at every snapshot. */
final class TextRunListener implements RunListener {

  private final PrintWriter out;
  private final NetstatFormatter formatter;
  private final int port;
  private final long originNanos;

  /**
   * @param originNanos time zero of the left margin: the command's start, as for the per-socket
   *     lines and the JSON lines, so that one moment has one number in all of them
   */
  TextRunListener(PrintWriter out, NetstatFormatter formatter, int port, long originNanos) {
    this.out = out;
    this.formatter = formatter;
    this.port = port;
    this.originNanos = originNanos;
  }

  @Override
  public void step(int number, Step step) {
    out.printf("%s %2d. %s%n", clock(System.nanoTime()), number, step.describe());
    out.flush();
  }

  @Override
  public void snapshot(String caption, List<SocketRow> rows, int hidden) {
    out.println("           > " + formatter.commandFor(port));
    if (rows.isEmpty()) {
      out.println("           (no socket of this run on port " + port + ")");
    }
    for (SocketRow row : rows) {
      out.println("         " + formatter.format(row));
    }
    if (NetstatFormatter.listsUnlisted(rows)) {
      out.println("           " + Label.UNLISTED_CLOSED.in(ReportLanguage.EN));
    }
    if (hidden > 0) {
      out.println(
          "           (+"
              + hidden
              + " row"
              + (hidden == 1 ? "" : "s")
              + " on port "
              + port
              + " from other sockets, e.g. TIME_WAIT left by an earlier run, not shown)");
    }
    out.flush();
  }

  @Override
  public void note(String text) {
    out.println("           " + text);
    out.flush();
  }

  @Override
  public void waiting(String what, Duration bound) {
    out.println("           waiting for " + what + " (at most " + bound.toSeconds() + " s)");
    out.flush();
  }

  @Override
  public void engine(String endpoint, NcEvent event) {
    String line =
        switch (event) {
          case NcEvent.Listening e -> "listening on " + NetstatFormatter.address(e.local());
          case NcEvent.Connected e ->
              "connected "
                  + NetstatFormatter.address(e.local())
                  + " -> "
                  + NetstatFormatter.address(e.remote());
          case NcEvent.Accepted e ->
              "accepted "
                  + NetstatFormatter.address(e.remote())
                  + " on "
                  + NetstatFormatter.address(e.local());
          case NcEvent.ConnectFailed e -> "connect failed: " + e.reason();
          case NcEvent.PeerRejected e ->
              "reset "
                  + NetstatFormatter.address(e.remote())
                  + ", another program's connection to "
                  + NetstatFormatter.address(e.local())
                  + ", not this run's";
          case NcEvent.ListenClosed e -> "stopped listening";
          default -> null;
        };
    if (line != null) {
      out.println("           " + endpoint + ": " + line);
      out.flush();
    }
  }

  /** Milliseconds since the command started, for the left margin. */
  String clock(long nanos) {
    return String.format("%7.1fms", (nanos - originNanos) / 1e6);
  }
}
