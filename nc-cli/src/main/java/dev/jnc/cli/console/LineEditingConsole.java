package dev.jnc.cli.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Line editing for a person typing at {@code jnc}: JLine's editor with history and Ctrl-R search,
 * and the peer's data printed above the line being typed, so a chat never garbles what one is
 * typing. Used only when stdin and stdout are a terminal; piped input never comes here.
 */
public final class LineEditingConsole implements TerminalConsole {

  private final Terminal terminal;
  private final LineReader reader;
  private final LineInput input;
  private final AboveOutput output;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param history where history is kept between runs; {@code null} keeps it for this run only
   * @param onInterrupt what Ctrl-C does, after the terminal has its settings back
   */
  LineEditingConsole(Terminal terminal, Path history, Runnable onInterrupt) {
    this.terminal = terminal;
    LineReaderBuilder builder = LineReaderBuilder.builder().appName("jnc").terminal(terminal);
    if (history != null) {
      builder.variable(LineReader.HISTORY_FILE, history);
    }
    // Typed text is data: a '!' or a backslash goes to the peer as it is.
    builder.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    this.reader = builder.build();
    this.input =
        new LineInput(
            () -> {
              try {
                return reader.readLine("");
              } catch (EndOfFileException e) {
                return null;
              } catch (UserInterruptException e) {
                close();
                onInterrupt.run();
                return null;
              }
            },
            terminal.encoding());
    this.output = new AboveOutput(reader::printAbove, terminal.encoding());
  }

  /**
   * Opens the system terminal.
   *
   * @param history the history file, or {@code null} for none ({@code --no-history})
   * @param onInterrupt what Ctrl-C does once the terminal is restored (exit, as nc does)
   */
  public static TerminalConsole open(Path history, Runnable onInterrupt) {
    try {
      Terminal terminal = TerminalBuilder.builder().system(true).name("jnc").build();
      // Raw at once, not only inside readLine(): keys typed while jnc connects are then drawn once,
      // by the editor, instead of echoed by the kernel and drawn again. close() restores it.
      terminal.enterRawMode();
      return new LineEditingConsole(terminal, history, onInterrupt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
  }

  @Override
  public ReadableByteChannel input() {
    return input;
  }

  @Override
  public WritableByteChannel output() {
    return output;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    output.close();
    input.close();
    try {
      reader.getHistory().save();
    } catch (IOException | IllegalStateException e) {
      // A history file we cannot write must not cost the user the session's exit status.
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // The process is ending; there is nothing left to restore the terminal for.
    }
  }
}
