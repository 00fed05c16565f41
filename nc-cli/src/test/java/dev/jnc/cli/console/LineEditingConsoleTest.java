package dev.jnc.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.PortRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line editor on JLine's in-memory terminal: what is typed, what the peer's data looks like.
 */
@Timeout(20)
class LineEditingConsoleTest {

  /**
   * LANG=C says ASCII, under which typed "naïve" reached the peer as replacement characters: the
   * terminal is read as UTF-8 then, and a locale's own charset is kept otherwise.
   */
  @Test
  void aLocaleOfPlainAsciiReadsTheTerminalAsUtf8() {
    assertThat(LineEditingConsole.encodingFor("ANSI_X3.4-1968"))
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(LineEditingConsole.encodingFor(null))
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(LineEditingConsole.encodingFor("no-such-charset"))
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(LineEditingConsole.encodingFor("ISO-8859-1"))
        .isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static final Runnable NO_INTERRUPT = () -> {};

  @TempDir Path home;

  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private Terminal terminal;

  @Test
  void typedLinesReachTheEngineAsLinesEndingInLf() throws IOException {
    try (TerminalConsole console = console(typed("hello\nwörld\n"), null)) {
      assertThat(readAll(console.input())).isEqualTo("hello\nwörld\n");
    }
  }

  /** As a terminal's canonical mode does for nc: "abc", Ctrl-D, and the peer has "abc". */
  @Test
  void ctrlDAfterSomeTextSendsItWithoutALineEnd() throws IOException {
    try (TerminalConsole console = console(typed("abc\u0004def\n"), null)) {
      assertThat(readAll(console.input())).isEqualTo("abcdef\n");
    }
  }

  @Test
  void ctrlDOnAnEmptyLineEndsTheInput() throws IOException {
    try (TerminalConsole console = console(typed("one\n\u0004never sent\n"), null)) {
      assertThat(readAll(console.input())).isEqualTo("one\n");
    }
  }

  @Test
  void textTypedWhenTheTerminalsInputEndsIsStillSent() throws IOException {
    try (TerminalConsole console = console(typed("one\nlast words"), null)) {
      assertThat(readAll(console.input())).isEqualTo("one\nlast words");
    }
  }

  @Test
  void historyIsKeptInTheFileAndCtrlRFindsIt() throws IOException {
    Path history = home.resolve(".jnc_history");
    try (TerminalConsole console = console(typed("first line\nsecond\n"), history)) {
      readAll(console.input());
    }
    assertThat(Files.readString(history)).contains("first line").contains("second");

    // Ctrl-R, then "fir": the search finds "first line"; Enter sends it.
    try (TerminalConsole console = console(typed("\u0012fir\n"), history)) {
      assertThat(readAll(console.input())).isEqualTo("first line\n");
    }
  }

  /** It holds what was typed to the peers: its owner's to read, as a shell's history is. */
  @Test
  void theHistoryFileIsTheOwnersAlone() throws IOException {
    Path history = home.resolve(".jnc_history");
    try (TerminalConsole console = console(typed("private words\n"), history)) {
      readAll(console.input());
    }
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(history)))
        .isEqualTo("rw-------");
  }

  @Test
  void noHistoryWritesNoFile() throws IOException {
    try (TerminalConsole console = console(typed("secret\n"), null)) {
      readAll(console.input());
    }
    try (var files = Files.list(home)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void peerDataIsPrintedAboveTheLineBeingTyped() throws Exception {
    Keyboard keyboard = new Keyboard();
    try (TerminalConsole console = console(keyboard, null)) {
      CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(console));
      keyboard.type("hal");
      await("the typed text echoed")
          .atMost(Duration.ofSeconds(5))
          .until(() -> screen().contains("hal"));

      console.output().write(ByteBuffer.wrap("from peer\n".getBytes(StandardCharsets.UTF_8)));

      // The peer's line comes out on its own line, and the half-typed "hal" is drawn again below.
      await("the peer's line above the prompt")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(screen()).containsPattern("from peer\\r?\\n(.*\\r)?hal"));
      keyboard.type("lo\n");
      assertThat(line.get(5, TimeUnit.SECONDS)).isEqualTo("hallo\n");
      keyboard.hangUp();
    }
  }

  @Test
  void theEngineStoppingItsInputIsNoCtrlC() throws Exception {
    AtomicInteger interrupts = new AtomicInteger();
    Keyboard keyboard = new Keyboard();
    try (TerminalConsole console = console(keyboard, null, interrupts::incrementAndGet)) {
      CompletableFuture<Object> read = new CompletableFuture<>();
      Thread engine =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      read.complete(console.input().read(ByteBuffer.allocate(64)));
                    } catch (IOException e) {
                      read.complete(e);
                    }
                  });
      keyboard.type("half");
      await("the editor reading keys")
          .atMost(Duration.ofSeconds(5))
          .until(() -> screen().contains("half"));

      // What the engine does when a session ends: it interrupts the thread that reads our input.
      engine.interrupt();
      assertThat(read.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedByInterruptException.class);
      console.close();
      assertThat(interrupts).hasValue(0);
    }
  }

  @Test
  void ctrlCWhileTypingRunsTheInterruptAction() throws Exception {
    AtomicInteger interrupts = new AtomicInteger();
    Keyboard keyboard = new Keyboard();
    try (TerminalConsole console = console(keyboard, null, interrupts::incrementAndGet)) {
      CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readLine(console));
      keyboard.type("never sent");
      await("the editor reading keys")
          .atMost(Duration.ofSeconds(5))
          .until(() -> screen().contains("never sent"));

      terminal.raise(Terminal.Signal.INT);
      await("Ctrl-C handled").atMost(Duration.ofSeconds(5)).until(() -> interrupts.get() == 1);
      // The half-typed line is not sent; the read waiting for it ends.
      assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void ctrlCRunsItsActionBeforeTheEngineSeesTheEndOfInput() throws Exception {
    CompletableFuture<Boolean> readEndedFirst = new CompletableFuture<>();
    AtomicReference<CompletableFuture<String>> read = new AtomicReference<>();
    Keyboard keyboard = new Keyboard();
    try (TerminalConsole console =
        console(keyboard, null, () -> readEndedFirst.complete(read.get().isDone()))) {
      read.set(CompletableFuture.supplyAsync(() -> readLine(console)));
      keyboard.type("never sent");
      await("the editor reading keys")
          .atMost(Duration.ofSeconds(5))
          .until(() -> screen().contains("never sent"));

      terminal.raise(Terminal.Signal.INT);
      // An engine that saw its input end first could end the run, and exit, before the action.
      assertThat(readEndedFirst.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(read.get().get(5, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void withCrlfTheEngineSendsTypedLinesEndingInCrlf() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback);
        TerminalConsole console = console(typed("one\ntwo\n"), null)) {
      NcOptions options =
          NcOptions.builder()
              .host(loopback.getHostAddress())
              .ports(List.of(new PortRange(server.getLocalPort(), server.getLocalPort())))
              .numeric(true)
              .crlf(true)
              .build();
      CompletableFuture<Boolean> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new Netcat(options, NcListener.NONE)
                      .run(console.input(), console.output());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Socket peer = server.accept()) {
        peer.getOutputStream().write("welcome\n".getBytes(StandardCharsets.UTF_8));
        peer.shutdownOutput();
        assertThat(new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("one\r\ntwo\r\n");
      }
      assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();
      console.close();
      assertThat(screen()).contains("welcome");
    }
  }

  private TerminalConsole console(InputStream keyboard, Path history) throws IOException {
    return console(keyboard, history, NO_INTERRUPT);
  }

  private TerminalConsole console(InputStream keyboard, Path history, Runnable onInterrupt)
      throws IOException {
    terminal = new DumbTerminal("test", "ansi", keyboard, screen, StandardCharsets.UTF_8);
    // An in-memory terminal has no size; the editor needs one to lay out the line.
    terminal.setSize(new Size(80, 24));
    return new LineEditingConsole(terminal, history, onInterrupt);
  }

  private static InputStream typed(String keys) {
    return new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8));
  }

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(TerminalConsole console) {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    try {
      while (buffer.position() == 0 || buffer.get(buffer.position() - 1) != '\n') {
        if (console.input().read(buffer) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  private static String readAll(ReadableByteChannel channel) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(3);
    for (int i = 0; i < 10_000 && channel.read(buffer.clear()) >= 0; i++) {
      bytes.write(buffer.array(), 0, buffer.position());
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
