package dev.jnc.cli.console;

import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Line editing for a person typing at {@code jnc}: JLine's editor with history and Ctrl-R search,
 * and the peer's data printed above the line being typed, so a chat never garbles what one is
 * typing. Used only when stdin and stdout are a terminal; piped input never comes here.
 *
 * <p>The editor runs on a thread of its own and hands each line over. JLine turns any interrupt of
 * the thread in {@code readLine} into a Ctrl-C, and the engine interrupts the thread that reads our
 * input when a session ends; on that thread, a peer's close could end the run as if the user had
 * pressed Ctrl-C. On its own thread, the editor is interrupted only by Ctrl-C and by {@link
 * #close}, which says so first.
 */
public final class LineEditingConsole implements TerminalConsole {

  /** Ample for JLine to leave {@code readLine}; a stuck editor must not keep the run alive. */
  private static final Duration EDITOR_STOP = Duration.ofSeconds(1);

  /** One typed line, or the end of input (Ctrl-D) when {@code text} is null. */
  private record TypedLine(String text) {}

  private final Terminal terminal;
  private final LineReader reader;
  private final Runnable onInterrupt;
  private final SynchronousQueue<TypedLine> typed = new SynchronousQueue<>();
  private final LineInput input;
  private final AboveOutput output;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Guarded by this console: made at the first read, stopped by {@link #close}. */
  private Thread editor;

  /**
   * @param history where history is kept between runs; {@code null} keeps it for this run only
   * @param onInterrupt what Ctrl-C does, after the terminal has its settings back
   */
  LineEditingConsole(Terminal terminal, Path history, Runnable onInterrupt) {
    this.terminal = terminal;
    this.onInterrupt = onInterrupt;
    LineReaderBuilder builder = LineReaderBuilder.builder().appName("jnc").terminal(terminal);
    if (history != null) {
      builder.variable(LineReader.HISTORY_FILE, history);
    }
    // Typed text is data: a '!' or a backslash goes to the peer as it is.
    builder.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    this.reader = builder.build();
    this.input = new LineInput(this::nextLine, terminal.encoding());
    this.output = new AboveOutput(reader::printAbove, terminal.encoding());
  }

  /**
   * The next line the editor hands over, {@code null} at the end of input. The editor starts at the
   * first call, when the engine first wants input, as {@code readLine} on this thread did.
   */
  private String nextLine() throws IOException {
    synchronized (this) {
      if (editor == null && !closed.get()) {
        editor = Thread.ofPlatform().name("jnc-line-editor").daemon().start(this::edit);
      }
    }
    try {
      return typed.take().text();
    } catch (InterruptedException e) {
      // The engine stops reading: only this wait ends; the editor is left to close().
      Thread.currentThread().interrupt();
      throw new ClosedByInterruptException();
    }
  }

  private void edit() {
    String line;
    do {
      try {
        line = reader.readLine("");
      } catch (EndOfFileException e) {
        line = null;
      } catch (IOError e) {
        // A terminal that cannot be read (EIO once it hung up) is an end of input, as stdin's is.
        if (closed.get()) {
          return;
        }
        line = null;
      } catch (UserInterruptException e) {
        // The engine learns that input ended only after the action: told first, it would finish
        // the run, and its exit (status 0 once the peer closed too) could come before the 130 of
        // an action that exits, seen in InteractiveChatIT.
        if (closed.compareAndSet(false, true)) {
          restoreTerminal();
          onInterrupt.run();
          endInputAndOutput();
        }
        return;
      }
      try {
        typed.put(new TypedLine(line));
      } catch (InterruptedException e) {
        return;
      }
    } while (line != null);
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
      Size size = terminal.getSize();
      if (size.getColumns() <= 0) {
        // A pseudo-terminal whose size was never set (script run from a pipe) says 0 columns: the
        // editor then drew its prompt as ">...." and never gave the terminal's modes back.
        terminal.setSize(new Size(80, size.getRows() > 0 ? size.getRows() : 24));
      }
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
    stopEditor();
    endInputAndOutput();
    restoreTerminal();
  }

  private void endInputAndOutput() {
    // A read still waiting for a line gets the end of input instead of waiting for good.
    typed.offer(new TypedLine(null));
    output.close();
    input.close();
  }

  /** Saves the history and gives the terminal back as it was. */
  private void restoreTerminal() {
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

  /** Ends a {@code readLine} in progress, so that the terminal is restored after it, not before. */
  private void stopEditor() {
    Thread running;
    synchronized (this) {
      running = editor;
    }
    if (running == null || running == Thread.currentThread()) {
      return;
    }
    running.interrupt();
    try {
      running.join(EDITOR_STOP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
