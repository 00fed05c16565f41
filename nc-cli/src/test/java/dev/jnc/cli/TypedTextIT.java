package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is typed or pasted at a terminal reaches the peer as it was typed, as through nc: Tabs (the
 * line editor took them for completion), text beyond ASCII under the C locale (it became U+FFFD),
 * and every line of a long paste.
 */
class TypedTextIT {

  private static final int LINES = 400;

  @TempDir Path shims;

  /**
   * Also counts the {@code stty} processes, through one on the {@code PATH} that logs each call:
   * JLine ran two at every line, the paste moved at 30-40 lines a second, and one the session ended
   * early was cut short. With no {@code TERM} (a bare environment), as with one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TERM=xterm-256color", "-u TERM"})
  @Timeout(120)
  void aPasteUnderTheCLocaleArrivesWholeWithItsTabsAndItsUtf8(String term) throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    Path realStty = Path.of("/usr/bin/stty");
    assumeTrue(Files.isExecutable(realStty), "needs /usr/bin/stty");
    Launcher.ensureBuilt();
    Path log = shims.resolve("stty.log");
    Path stty = shims.resolve("stty");
    Files.writeString(
        stty, "#!/bin/sh\necho \"$*\" >> " + log + "\nexec " + realStty + " \"$@\"\n");
    Files.setPosixFilePermissions(stty, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder paste = new StringBuilder();
    for (int line = 1; line <= LINES; line++) {
      paste.append("line ").append(line).append("\tGrüße €\n");
    }
    byte[] typed = paste.toString().getBytes(StandardCharsets.UTF_8);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Process script = jncUnderScript(term + " LC_ALL=C LANG=C", "--no-history 127.0.0.1 " + port);
      try (SocketChannel peer = server.accept();
          OutputStream keys = script.getOutputStream()) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readAll(peer, received));
        keys.write(typed);
        keys.flush();
        await("the whole paste")
            .atMost(Duration.ofSeconds(60))
            .until(() -> size(received) >= typed.length);
        peer.shutdownOutput();
        reading.get(30, TimeUnit.SECONDS);
        assertThat(new String(bytes(received), StandardCharsets.UTF_8)).isEqualTo(paste.toString());
      }
      assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // A few to set the terminal up and give it back, none per line (there were 2 per line).
    assertThat(Files.readAllLines(log)).hasSizeLessThan(LINES / 20);
  }

  /**
   * A terminal whose modes cannot be set (here a stty that fails to; as a background job, one
   * killed while it was stopped setting them) is read as it comes, with the kernel's line editing:
   * the run ended with the JDK's words for the failed stty and never connected.
   */
  @Test
  @Timeout(120)
  void aTerminalWhoseModesCannotBeSetIsReadAsItComes() throws Exception {
    assumeTrue(Launcher.installed("script"), "needs script(1) for a pseudo-terminal");
    Launcher.ensureBuilt();
    Path realStty = Path.of("/usr/bin/stty");
    assumeTrue(Files.isExecutable(realStty), "needs /usr/bin/stty");
    // Reads the modes, fails to set them, as a stty killed while it was stopped does.
    Path stty = shims.resolve("stty");
    Files.writeString(
        stty,
        "#!/bin/sh\ncase \"$*\" in *-icanon*) exit 1 ;; esac\nexec " + realStty + " \"$@\"\n");
    Files.setPosixFilePermissions(stty, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Process script = jncUnderScript("", "127.0.0.1 " + port);
      server.configureBlocking(false);
      try (SocketChannel peer =
              await("jnc's connection")
                  .atMost(Duration.ofSeconds(30))
                  .until(server::accept, c -> c != null);
          OutputStream keys = script.getOutputStream()) {
        peer.configureBlocking(true);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readAll(peer, received));
        keys.write("typed\n".getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        await("the typed line")
            .atMost(Duration.ofSeconds(30))
            .until(() -> size(received) >= "typed\n".length());
        peer.shutdownOutput();
        reading.get(30, TimeUnit.SECONDS);
        assertThat(new String(bytes(received), StandardCharsets.US_ASCII)).isEqualTo("typed\n");
      } finally {
        script.descendants().forEach(ProcessHandle::destroyForcibly);
        script.destroyForcibly();
      }
    }
  }

  /**
   * {@code jnc ARGS} on a pseudo-terminal, with {@code environment} and the shims first on the
   * {@code PATH}; what it draws is thrown away.
   */
  private Process jncUnderScript(String environment, String args) throws IOException {
    return new ProcessBuilder(
            "script",
            "-qec",
            "env " + environment + " PATH=" + shims + ":\"$PATH\" " + Launcher.JNC + " " + args,
            "/dev/null")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void readAll(SocketChannel peer, ByteArrayOutputStream received) {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (peer.read(buffer) >= 0) {
        synchronized (received) {
          received.write(buffer.array(), 0, buffer.position());
        }
        buffer.clear();
      }
    } catch (IOException e) {
      // The socket closed under the read: what came is what is compared.
    }
  }

  private static int size(ByteArrayOutputStream received) {
    synchronized (received) {
      return received.size();
    }
  }

  private static byte[] bytes(ByteArrayOutputStream received) {
    synchronized (received) {
      return received.toByteArray();
    }
  }
}
