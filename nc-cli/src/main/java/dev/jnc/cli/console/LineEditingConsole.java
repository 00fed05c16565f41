package dev.jnc.cli.console;

import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;

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

  /**
   * JLine's own log, kept quiet: it printed a stack trace for each line when the history could not
   * be saved (a read-only home) and at start for a TERM without a terminfo entry, where the editor
   * works on (history in memory, a dumb terminal's keys). Held here: the JDK keeps loggers weakly,
   * and a collected one loses its level.
   */
  private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

  /** Ample for JLine to leave {@code readLine}; a stuck editor must not keep the run alive. */
  private static final Duration EDITOR_STOP = Duration.ofSeconds(1);

  private static final String SEND_WITHOUT_LINE_END = "jnc-send-without-line-end";

  /** One typed line as it goes to the peer, or the end of input when {@code text} is null. */
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

  /** Set by Ctrl-D on the editor's thread, read there when its line is accepted. */
  private boolean lineEndHeldBack;

  /**
   * @param history where history is kept between runs; {@code null} keeps it for this run only
   * @param onInterrupt what Ctrl-C does, after the terminal has its settings back
   */
  LineEditingConsole(Terminal terminal, Path history, Runnable onInterrupt) {
    this.terminal = terminal;
    this.onInterrupt = onInterrupt;
    LineReaderBuilder builder = LineReaderBuilder.builder().appName("jnc").terminal(terminal);
    if (history != null) {
      createOwnerOnly(history);
      builder.variable(LineReader.HISTORY_FILE, history);
    }
    // Typed text is data: a '!' or a backslash goes to the peer as it is.
    builder.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    // A pasted block goes out line by line as it is pasted, as through nc: bracketed, it was held
    // until Enter and then sent with an empty line more.
    builder.option(LineReader.Option.BRACKETED_PASTE, false);
    this.reader = builder.build();
    // Ctrl-D after some text sends that text at once, without a line end, as a terminal's
    // canonical mode does for nc ("abc" then Ctrl-D: the peer gets "abc"); on an empty line it
    // ends the input.
    reader.getWidgets().put(SEND_WITHOUT_LINE_END, this::sendWithoutLineEnd);
    for (String keyMap : List.of(LineReader.EMACS, LineReader.VIINS)) {
      reader.getKeyMaps().get(keyMap).bind(new Reference(SEND_WITHOUT_LINE_END), KeyMap.ctrl('D'));
      // A Tab is data, as through nc: there is nothing to complete.
      reader.getKeyMaps().get(keyMap).bind(new Reference(LineReader.SELF_INSERT), "\t");
    }
    this.input = new LineInput(this::nextLine, terminal.encoding());
    this.output = new AboveOutput(reader::printAbove, terminal.encoding());
  }

  /**
   * Makes the history file readable by its owner only, before JLine makes it readable by all: it
   * holds what was typed to the peers.
   */
  private static void createOwnerOnly(Path history) {
    try {
      if (Files.notExists(history)) {
        Files.createFile(
            history,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // JLine makes it then, or keeps the history in memory when it cannot.
    }
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

  private boolean sendWithoutLineEnd() {
    if (reader.getBuffer().length() == 0) {
      // Where the terminal names no end-of-file key of its own, JLine leaves this one to us.
      throw new EndOfFileException();
    }
    lineEndHeldBack = true;
    reader.callWidget(LineReader.ACCEPT_LINE);
    return true;
  }

  private void edit() {
    String line;
    do {
      String partial = null;
      try {
        lineEndHeldBack = false;
        line = reader.readLine("");
        if (!lineEndHeldBack) {
          line += "\n";
        }
      } catch (EndOfFileException e) {
        // The terminal's input ended (it hung up) while a line was being typed: that text is
        // the last input.
        partial = e.getPartialLine();
        line = null;
      } catch (IOError e) {
        // A terminal that cannot be read (EIO once it hung up) is an end of input, as stdin's is.
        if (closed.get()) {
          return;
        }
        line = null;
      } catch (UserInterruptException e) {
        interrupted();
        return;
      }
      try {
        if (partial != null) {
          typed.put(new TypedLine(partial));
        }
        typed.put(new TypedLine(line));
      } catch (InterruptedException e) {
        return;
      }
    } while (line != null);
  }

  /**
   * Ctrl-C, typed at the editor or sent as the kernel's SIGINT: the terminal gets its settings
   * back, then the action runs. The engine learns that input ended only after the action: told
   * first, it would finish the run, and its exit (status 0 once the peer closed too) could come
   * before the 130 of an action that exits, seen in InteractiveChatIT.
   */
  private void interrupted() {
    if (closed.compareAndSet(false, true)) {
      restoreTerminal();
      onInterrupt.run();
      endInputAndOutput();
    }
  }

  /**
   * Opens the system terminal.
   *
   * @param history the history file, or {@code null} for none ({@code --no-history})
   * @param onInterrupt what Ctrl-C does once the terminal is restored (exit, as nc does)
   */
  public static TerminalConsole open(Path history, Runnable onInterrupt) {
    JLINE_LOG.setLevel(Level.OFF);
    try {
      // Through stty, which changes only the flags it is told to: JLine 3.30.6's native providers
      // set a zeroed termios each time they enter raw mode, so the line's speed was 0 for the
      // whole session, and a serial line hangs up at 0. The first prompt came ~27 ms later
      // (medians of 7 runs under script, 315 vs 288 ms). ChangeOnlyPty runs stty only for a real
      // change: not at each line.
      Terminal terminal = systemTerminal(encodingFor(System.getProperty("stdout.encoding")));
      try {
        return onTerminal(terminal, history, onInterrupt);
      } catch (IOException | IOError | RuntimeException e) {
        // Its modes could not be set (JLine's IOError): the caller reads stdin without the editor,
        // and a terminal left open would keep a reader of its own on it.
        try {
          terminal.close();
        } catch (IOException | IOError closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
  }

  /** The editor on {@code terminal}, which it puts in raw mode at once. */
  private static TerminalConsole onTerminal(Terminal terminal, Path history, Runnable onInterrupt)
      throws IOException {
    Size size = terminal.getSize();
    if (size.getColumns() <= 0) {
      // A pseudo-terminal whose size was never set (script run from a pipe) says 0 columns: the
      // editor then drew its prompt as ">...." and never gave the terminal's modes back.
      terminal.setSize(new Size(80, size.getRows() > 0 ? size.getRows() : 24));
    }
    // Raw at once, not only inside readLine(): keys typed while jnc connects are then drawn once,
    // by the editor, instead of echoed by the kernel and drawn again. close() restores it.
    terminal.enterRawMode();
    LineEditingConsole console = new LineEditingConsole(terminal, history, onInterrupt);
    // Ctrl-C while nothing reads the keys yet (a listener waiting for its client) is the kernel's
    // SIGINT, whose handler in JLine killed the JVM at once: the terminal stayed raw under a shell
    // that does not restore it. On a thread of its own, so that the handler returns at once.
    terminal.handle(
        Terminal.Signal.INT,
        signal -> Thread.ofPlatform().name("jnc-interrupt").start(console::interrupted));
    return console;
  }

  /**
   * The system terminal through {@link ChangeOnlyExecProvider}, or where that cannot be made (a
   * dumb {@code TERM}) JLine's choice among its own. One charset for all its streams: JLine takes
   * stdin's and stdout's from {@code stdin.encoding} and {@code stdout.encoding} otherwise, which a
   * C locale makes ASCII, and typed and received text beyond it became U+FFFD and '?'.
   */
  private static Terminal systemTerminal(Charset encoding) throws IOException {
    // No TERM (a bare environment, some ssh setups) is JLine's "ansi"; a dumb one gets JLine's
    // dumb terminal, which sets no modes at all.
    String type = System.getenv("TERM");
    if (type == null || !type.startsWith(Terminal.TYPE_DUMB)) {
      try {
        return new ChangeOnlyExecProvider()
            .sysTerminal(
                "jnc",
                type,
                false,
                encoding,
                encoding,
                encoding,
                encoding,
                true,
                Terminal.SignalHandler.SIG_DFL,
                false,
                SystemStream.Output);
      } catch (IOException | RuntimeException e) {
        // JLine's own way below says what it can do.
      }
    }
    return TerminalBuilder.builder()
        .system(true)
        .provider("exec")
        .name("jnc")
        .encoding(encoding)
        .stdinEncoding(encoding)
        .stdoutEncoding(encoding)
        .stderrEncoding(encoding)
        .build();
  }

  /**
   * The terminal's encoding: the locale's ({@code stdout.encoding}), except where the locale says
   * plain ASCII ({@code LANG=C}, or a locale that is not installed): ASCII turned every byte above
   * 127, typed or received, into a replacement character, where nc passes them on; terminals send
   * UTF-8 today.
   */
  static Charset encodingFor(String localeEncoding) {
    if (localeEncoding == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      Charset charset = Charset.forName(localeEncoding);
      return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
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
