package dev.jnc.core.exec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.core.EngineRun;
import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.options.NcOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -e} on the real engine: real programs, real loopback sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildProgramTest {

  @TempDir Path dir;

  private static NcOptions.Builder listener(String... command) {
    return NcOptions.builder()
        .mode(NcOptions.Mode.LISTEN)
        .localAddress(InetAddress.getLoopbackAddress().getHostAddress())
        .execCommand(List.of(command));
  }

  private static Socket connect(EngineRun run) throws Exception {
    return new Socket(InetAddress.getLoopbackAddress(), run.listeningPort());
  }

  /** The JDK's message when posix_spawn meets EAGAIN (ulimit -u), as JDK 25 words it. */
  @Test
  void theSystemsReasonIsTheFirstLineOfTheJdksMessage() {
    IOException refused =
        new IOException(
            "Cannot run program \"/bin/cat\": posix_spawn failed, error: 11 (Resource temporarily"
                + " unavailable)\nPossible reasons:\n  - Spawn helper ran into JDK version"
                + " mismatch\n  - Spawn helper ran into unexpected internal error\n  - Spawn"
                + " helper was terminated by another process\nPossible solutions:\n  - Restart"
                + " JVM, especially after in-place JDK updates\n  - Check system logs for JDK-related"
                + " errors\n  - Re-install JDK to fix permission/versioning problems\n  - Switch"
                + " to legacy launch mechanism with -Djdk.lang.Process.launchMechanism=FORK");
    assertThat(ChildProgram.reason(refused)).isEqualTo("Resource temporarily unavailable");
    assertThat(
            ChildProgram.reason(
                new IOException("Cannot run program \"x\": error=13, Permission denied")))
        .isEqualTo("Permission denied");
  }

  @Test
  void echoesThroughCatBothWaysWithBinaryData() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    try (EngineRun run = EngineRun.start(listener("/bin/cat").build());
        Socket peer = connect(run)) {
      OutputStream toUs = peer.getOutputStream();
      InputStream fromUs = peer.getInputStream();
      toUs.write("hello\n".getBytes(ISO_8859_1));
      assertThat(fromUs.readNBytes(6)).isEqualTo("hello\n".getBytes(ISO_8859_1));

      // More than every buffer on the way holds, written while the echo is read back.
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  toUs.write(payload);
                  peer.shutdownOutput();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(EngineRun.readToEnd(fromUs)).isEqualTo(payload);
      writer.get(20, TimeUnit.SECONDS);
      assertThat(run.awaitResult()).isTrue();
    }
  }

  @Test
  void aProgramThatPrintsAndExitsAtOnceReachesAPeerThatHalfClosedAtOnce() throws Exception {
    String expected =
        IntStream.rangeClosed(1, 100_000).mapToObj(i -> i + "\n").collect(Collectors.joining());
    try (EngineRun run = EngineRun.start(listener("seq", "1", "100000").build());
        Socket peer = connect(run)) {
      peer.shutdownOutput();
      assertThat(new String(EngineRun.readToEnd(peer.getInputStream()), ISO_8859_1))
          .isEqualTo(expected);
      assertThat(run.awaitResult()).isTrue();
      assertThat(run.events(NcEvent.ProgramExited.class))
          .extracting(NcEvent.ProgramExited::status)
          .containsExactly(0);
    }
  }

  /**
   * The program stops reading and exits while the peer is still sending and reading slowly: closed
   * with the peer's bytes unread, the socket resets, and the reset drops what it still held of the
   * output (a slow reader got 16.4 of 20 MB, then an end, as through nc.traditional and socat). A
   * peer that sends now and then (1 KiB every 100 ms) is as much at risk as one that streams: it
   * looks quiet at the moment the program ends.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 100})
  void aProgramsWholeOutputReachesASlowPeerThatIsStillSendingWhenItExits(int pauseMillis)
      throws Exception {
    byte[] output = new byte[4 * 1024 * 1024];
    new Random(11).nextBytes(output);
    Path file = Files.write(dir.resolve("output.bin"), output);
    try (EngineRun run =
            EngineRun.start(
                listener("/bin/sh", "-c", "head -c 100 >/dev/null; cat " + file).build());
        Socket peer = connect(run)) {
      OutputStream toUs = peer.getOutputStream();
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                byte[] chunk = new byte[1024];
                try {
                  for (int sent = 0; sent < 256 * 1024; sent++) {
                    toUs.write(chunk);
                    if (pauseMillis > 0) {
                      await()
                          .pollDelay(Duration.ofMillis(pauseMillis))
                          .atMost(Duration.ofSeconds(1))
                          .until(() -> true);
                    }
                  }
                } catch (IOException e) {
                  // The run has ended and closed: the peer's sending is over.
                }
              });
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream fromUs = peer.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int reads = 0; reads < 4096 && received.size() < output.length; reads++) {
          int n = fromUs.read(buffer);
          if (n < 0) {
            break;
          }
          received.write(buffer, 0, n);
          // A slow consumer: 16 KiB every 2 ms, 8 MB/s.
          await().pollDelay(Duration.ofMillis(2)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
      } catch (IOException e) {
        // A reset: what arrived before it is compared below.
      }
      assertThat(received.size()).isEqualTo(output.length);
      assertThat(received.toByteArray()).isEqualTo(output);
      peer.close();
      sender.get(20, TimeUnit.SECONDS);
      assertThat(run.awaitResult()).isTrue();
    }
  }

  @Test
  void reportsTheProgramsExitStatusAfterItsOutput() throws Exception {
    try (EngineRun run = EngineRun.start(listener("/bin/sh", "-c", "echo done; exit 7").build());
        Socket peer = connect(run)) {
      assertThat(new String(EngineRun.readToEnd(peer.getInputStream()), ISO_8859_1))
          .isEqualTo("done\n");
      assertThat(run.awaitResult()).isTrue();
      assertThat(run.events())
          .filteredOn(
              e -> e instanceof NcEvent.ProgramStarted || e instanceof NcEvent.ProgramExited)
          .hasSize(2)
          .last()
          .isEqualTo(run.events(NcEvent.ProgramExited.class).getFirst());
      assertThat(run.events(NcEvent.ProgramExited.class).getFirst().status()).isEqualTo(7);
    }
  }

  @Test
  void connectsOutAndTellsTheProgramWhoIsOnTheOtherEnd() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EngineRun run =
            EngineRun.start(
                NcOptions.builder()
                    .host(InetAddress.getLoopbackAddress().getHostAddress())
                    .port(server.getLocalPort())
                    .execCommand(
                        List.of(
                            "/bin/sh",
                            "-c",
                            "echo $JNC_PROTO $JNC_REMOTE_ADDR $JNC_REMOTE_PORT $JNC_LOCAL_PORT"))
                    .build());
        Socket peer = server.accept()) {
      String expected =
          "TCP "
              + InetAddress.getLoopbackAddress().getHostAddress()
              + " "
              + server.getLocalPort()
              + " "
              + peer.getPort()
              + "\n";
      assertThat(new String(EngineRun.readToEnd(peer.getInputStream()), ISO_8859_1))
          .isEqualTo(expected);
      assertThat(run.awaitResult()).isTrue();
    }
  }

  @Test
  void convertsAndDumpsWhatTheProgramSends() throws Exception {
    Path dump = dir.resolve("exec.hex");
    try (EngineRun run =
            EngineRun.start(
                listener("/bin/sh", "-c", "read line; printf 'got %s\\n' \"$line\"")
                    .crlf(true)
                    .hexDumpFile(dump)
                    .build());
        Socket peer = connect(run)) {
      peer.getOutputStream().write("ping\n".getBytes(ISO_8859_1));
      peer.shutdownOutput();
      assertThat(new String(EngineRun.readToEnd(peer.getInputStream()), ISO_8859_1))
          .isEqualTo("got ping\r\n");
      assertThat(run.awaitResult()).isTrue();
    }
    assertThat(Files.readString(dump, ISO_8859_1))
        .isEqualTo(
            """
            < 00000000 70 69 6e 67 0a                                  # ping.
            > 00000000 67 6f 74 20 70 69 6e 67 0d 0a                   # got ping..
            """);
  }

  /**
   * A program that exits while a child it started is still writing: the child's output reaches the
   * peer too, as it does when nc 1.10 hands its program the socket. The JDK's pipe lost it: it is
   * closed as soon as the program exits.
   */
  @Test
  void whatAChildLeftBehindWritesAfterTheProgramExitedStillArrives() throws Exception {
    Path big = dir.resolve("big");
    byte[] payload = new byte[2 * 1024 * 1024];
    new Random(11).nextBytes(payload);
    Files.write(big, payload);
    try (EngineRun run =
            EngineRun.start(
                listener("/bin/sh", "-c", "(sleep 0.3; cat \"$0\") & echo early", big.toString())
                    .build());
        Socket peer = connect(run)) {
      peer.shutdownOutput();
      byte[] received = EngineRun.readToEnd(peer.getInputStream());
      byte[] early = "early\n".getBytes(ISO_8859_1);
      assertThat(java.util.Arrays.copyOfRange(received, 0, early.length)).isEqualTo(early);
      assertThat(java.util.Arrays.copyOfRange(received, early.length, received.length))
          .isEqualTo(payload);
      assertThat(run.awaitResult()).isTrue();
    }
  }

  /**
   * The usual way a client stops reading: it half-closes, takes what it wants and leaves, and the
   * kernel resets the connection. The program's output can no longer be delivered: a reset, exit 1,
   * as with no FIN before it; the run ended with the program's 143 from our own SIGTERM.
   */
  @Test
  void aClientThatHalfClosesAndLeavesWhileTheProgramWritesIsAReset() throws Exception {
    try (EngineRun run = EngineRun.start(listener("yes").build());
        Socket peer = connect(run)) {
      peer.shutdownOutput();
      assertThat(peer.getInputStream().readNBytes(1000)).hasSize(1000);
      peer.setSoLinger(true, 0);
      peer.close();

      assertThat(run.awaitFailure())
          .isInstanceOfSatisfying(
              NcException.class, e -> assertThat(e.kind()).isEqualTo(NcException.Kind.NETWORK))
          .hasMessage("Connection reset by peer");
    }
  }

  /**
   * A child the program left writing is not left blocked when its client goes: the output's end is
   * closed with the connection, and the child gets its SIGPIPE. {@code -L} servers kept one {@code
   * yes} per client that left, for as long as they ran.
   */
  @Test
  void aChildLeftWritingEndsWithItsConnection() throws Exception {
    try (EngineRun run =
            EngineRun.start(listener("/bin/sh", "-c", "yes; :").keepListening(true).build());
        Socket peer = connect(run)) {
      assertThat(peer.getInputStream().readNBytes(1000)).hasSize(1000);
      List<ProcessHandle> writers =
          await("the program's child")
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      ProcessHandle.current()
                          .descendants()
                          .filter(p -> p.info().command().orElse("").endsWith("/yes"))
                          .toList(),
                  found -> !found.isEmpty());
      peer.setSoLinger(true, 0);
      peer.close();

      await("the child to end with its connection")
          .atMost(Duration.ofSeconds(10))
          .until(() -> writers.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  /**
   * A program that passed the check but that the system cannot start (its interpreter line names no
   * file): an error of the run, exit 1, in the system's words, not a usage error.
   */
  @Test
  void aProgramTheSystemCannotStartAfterTheConnectionIsANetworkError() throws Exception {
    Path script = Files.writeString(dir.resolve("crlf.sh"), "#!/bin/sh\r\necho hi\r\n");
    Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    try (EngineRun run = EngineRun.start(listener(script.toString()).build());
        Socket peer = connect(run)) {
      Throwable failure = run.awaitFailure();
      assertThat(failure)
          .isInstanceOfSatisfying(
              NcException.class, e -> assertThat(e.kind()).isEqualTo(NcException.Kind.NETWORK))
          .hasMessage("cannot run " + script + ": No such file or directory");
    }
  }

  /** The same under {@code -L}: every client would fail alike, so the server ends, as -l does. */
  @Test
  void aListenHarderServerEndsOnAProgramTheSystemCannotStart() throws Exception {
    Path script = Files.writeString(dir.resolve("crlf.sh"), "#!/bin/sh\r\necho hi\r\n");
    Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    try (EngineRun run = EngineRun.start(listener(script.toString()).keepListening(true).build());
        Socket peer = connect(run)) {
      assertThat(run.awaitFailure()).hasMessageStartingWith("cannot run " + script);
    }
  }

  @Test
  void aMissingProgramFailsBeforeAnyConnection() throws Exception {
    try (ServerSocketChannel server =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        EngineRun run =
            EngineRun.start(
                NcOptions.builder()
                    .host(InetAddress.getLoopbackAddress().getHostAddress())
                    .port(((InetSocketAddress) server.getLocalAddress()).getPort())
                    .execCommand(List.of(dir.resolve("no-such-program").toString()))
                    .build())) {
      Throwable failure = run.awaitFailure();
      assertThat(failure)
          .isInstanceOfSatisfying(
              NcException.class, e -> assertThat(e.kind()).isEqualTo(NcException.Kind.USAGE))
          .hasMessage(
              "cannot run " + dir.resolve("no-such-program") + ": No such file or directory");
      assertThat(run.events(NcEvent.Connecting.class)).isEmpty();
      server.configureBlocking(false);
      assertThat(server.accept()).as("no connection was made").isNull();
    }
  }

  @Test
  void aFileThatIsNotExecutableIsRefused() throws Exception {
    Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> ChildProgram.resolve(List.of(script.toString()))))
        .isInstanceOf(NcException.class)
        .hasMessage("cannot run " + script + ": Permission denied");
    assertThat(ChildProgram.resolve(List.of("cat", "-u")).command())
        .containsExactly(resolvedCat(), "-u");
  }

  private static String resolvedCat() throws Exception {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "cat");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("no cat on PATH");
  }
}
