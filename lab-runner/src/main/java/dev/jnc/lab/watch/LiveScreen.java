package dev.jnc.lab.watch;

import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.report.NetstatFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;

/**
 * {@code lab watch} on a terminal: the sockets on the port as netstat shows them, how long each has
 * been in its state, and the latest changes, redrawn in place.
 */
public final class LiveScreen {

  private final Terminal terminal;
  private final Display display;
  private final String header;
  private final NetstatFormatter rows;
  private final ChangeFormatter changes;

  public LiveScreen(
      Terminal terminal, String header, NetstatFormatter rows, ChangeFormatter changes) {
    this.terminal = terminal;
    this.display = new Display(terminal, false);
    this.header = header;
    this.rows = rows;
    this.changes = changes;
  }

  /** Redraws the screen for the sockets now on the port and every change so far. */
  public void update(List<SocketRow> now, List<Transition> history, long nanoNow) {
    Size size = terminal.getSize();
    int height = size.getRows() > 0 ? size.getRows() : 24;
    int width = size.getColumns() > 0 ? size.getColumns() : 80;
    display.resize(height, width);
    List<AttributedString> lines = new ArrayList<>();
    lines.add(bold(header));
    lines.add(new AttributedString(""));
    lines.add(bold("Sockets now (" + now.size() + ")"));
    Map<SocketKey, Long> since = new HashMap<>();
    for (Transition t : history) {
      since.put(t.socket(), t.nanos());
    }
    if (now.isEmpty()) {
      lines.add(new AttributedString("  (none)"));
    }
    for (SocketRow row : now) {
      Long from = since.get(SocketKey.of(row));
      String age = from == null ? "" : "  for " + ChangeFormatter.duration(nanoNow - from);
      lines.add(new AttributedString(rows.format(row) + age));
    }
    lines.add(new AttributedString(""));
    int room = Math.max(1, height - lines.size() - 2);
    lines.add(bold("Changes (" + history.size() + ", latest last)"));
    List<Transition> shown = history.subList(Math.max(0, history.size() - room), history.size());
    int socketColumn =
        shown.stream().mapToInt(t -> ChangeFormatter.socket(t).length()).max().orElse(0);
    for (Transition t : shown) {
      lines.add(new AttributedString("  " + changes.screenLine(t, socketColumn)));
    }
    List<AttributedString> fitted = new ArrayList<>();
    for (AttributedString line : lines.subList(0, Math.min(lines.size(), height - 1))) {
      fitted.add(line.columnLength() > width ? line.columnSubSequence(0, width) : line);
    }
    display.update(fitted, -1);
    terminal.flush();
  }

  private static AttributedString bold(String text) {
    return new AttributedStringBuilder()
        .style(AttributedStyle.BOLD)
        .append(text)
        .toAttributedString();
  }
}
