package dev.jnc.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.DataFiles;
import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.ProcStats;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real {@code bin/jnc} when the other end misbehaves: a peer that resets, our own stdout
 * closing early, a reader slower than the network, and {@code -e} programs that die, close their
 * output early or never read.
 */
class FaultsIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(30);

  /** A device that takes no byte: every write fails with ENOSPC, as on a full disk. */
  private static final Path FULL = Path.of("/dev/full");

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(90)
  void peerResetMidTransferIsExitOneAfterEverythingReceived() throws Exception {
    int size = 1024 * 1024;
    Path data = dir.resolve("before-reset");
    DataFiles.writeRandom(data, 7, size);
    Path out = dir.resolve("out");
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            RunningProcess.startWithOpenStdin(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))), out)) {
      try (SocketChannel peer = server.accept()) {
        peer.write(ByteBuffer.wrap(Files.readAllBytes(data)));
        // The reset comes once jnc has written all of it: SO_LINGER=0 would drop unsent bytes.
        await("jnc to write what it received")
            .atMost(RUN_BOUND)
            .until(() -> Files.size(out) == size);
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.NETWORK);
      assertThat(jnc.stderrLines()).containsExactly("jnc: Connection reset by peer");
    }
    assertThat(DataFiles.sha256(out)).isEqualTo(DataFiles.sha256(data));
  }

  @Test
  @Timeout(90)
  void stdoutClosedEarlyEndsJncPromptlyWithoutAStackTrace() throws Exception {
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            RunningProcess.startWithPipes(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))));
        SocketChannel peer = server.accept()) {
      CompletableFuture<Long> flood = flood(peer);
      // `jnc ... | head -c 1`: one byte read, then the pipe's reading end is gone.
      InputStream stdout = jnc.stdout();
      assertThat(stdout.read()).isNotNegative();
      stdout.close();

      int exit = jnc.waitForExit(RUN_BOUND);
      assertThat(exit).as("exit status").isIn(ExitCode.OK, ExitCode.NETWORK);
      assertThat(jnc.stderrLines())
          .noneMatch(FaultsIT::looksLikeAStackTrace)
          .noneMatch(line -> line.startsWith("jnc: cannot write to stdout"))
          .hasSizeLessThan(2);
      // jnc closed the connection: the flood ends with an error instead of going on forever.
      assertThat(
              flood.handle((sent, failure) -> failure).get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS))
          .isNotNull();
    }
  }

  /**
   * Unlike a reader that leaves, an output that refuses the bytes (a full disk; {@code /dev/full}
   * here) loses what arrives: the user hears of it, as from ncat and socat, and the status is 1.
   */
  @Test
  @Timeout(90)
  void aStdoutThatRefusesWhatArrivesIsOneLineAndExitOne() throws Exception {
    assumeTrue(Files.isWritable(FULL), "needs /dev/full");
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            RunningProcess.startWithOpenStdin(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))), FULL);
        SocketChannel peer = server.accept()) {
      CompletableFuture<Long> flood = flood(peer);

      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isEqualTo(ExitCode.NETWORK);
      assertThat(jnc.stderrLines())
          .containsExactly("jnc: cannot write to stdout: No space left on device");
      assertThat(
              flood.handle((sent, failure) -> failure).get(RUN_BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("the flood's end: jnc closed the connection")
          .isNotNull();
    }
  }

  /**
   * The same under {@code -L}: every client would lose its data alike, so the server ends as {@code
   * -l} does (as {@code ncat -k} ends), where it used to drop each client's data silently.
   */
  @Test
  @Timeout(90)
  void aListenHarderServerWhoseStdoutRefusesEndsWithOneLine() throws Exception {
    assumeTrue(Files.isWritable(FULL), "needs /dev/full");
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(
            Launcher.jnc("-v", "-L", "-s", "127.0.0.1", "-p", "0"), FULL)) {
      int port = jnc.awaitListeningPort(RUN_BOUND);
      try (SocketChannel client = SocketChannel.open(NoDataLostIT.loopback(port))) {
        client.write(ByteBuffer.wrap("lost?\n".getBytes(US_ASCII)));
      }

      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isEqualTo(ExitCode.NETWORK);
      assertThat(jnc.stderrLines())
          .endsWith("jnc: cannot write to stdout: No space left on device");
    }
  }

  @Test
  @Timeout(90)
  void aUdpStdoutThatRefusesADatagramIsOneLineAndExitOne() throws Exception {
    assumeTrue(Files.isWritable(FULL), "needs /dev/full");
    Path line = dir.resolve("line");
    Files.writeString(line, "x\n", US_ASCII);
    try (DatagramChannel peer =
            DatagramChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        RunningProcess jnc =
            RunningProcess.start(
                Launcher.jnc(
                    "-u",
                    "127.0.0.1",
                    Integer.toString(((InetSocketAddress) peer.getLocalAddress()).getPort())),
                line,
                FULL)) {
      // jnc's line tells the peer where jnc is; the answer is what /dev/full refuses.
      SocketAddress jncAddress = peer.receive(ByteBuffer.allocate(64));
      peer.send(ByteBuffer.wrap("answer\n".getBytes(US_ASCII)), jncAddress);

      assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isEqualTo(ExitCode.NETWORK);
      assertThat(jnc.stderrLines())
          .containsExactly("jnc: cannot write to stdout: No space left on device");
    }
  }

  @Test
  @Timeout(120)
  void aSlowReaderHoldsBackTheNetworkInsteadOfGrowingMemory() throws Exception {
    assumeTrue(ProcStats.available(), "needs /proc");
    long readTotal = 0;
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            RunningProcess.startWithPipes(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))));
        SocketChannel peer = server.accept()) {
      peer.configureBlocking(false);
      InputStream stdout = jnc.stdout();
      long sent = fillUntilBlocked(peer);
      ProcStats before = ProcStats.of(jnc.pid());
      // What the network holds when nobody reads: socket buffers, jnc's one buffer, the pipe.
      assertThat(sent).as("bytes in flight with a stalled reader").isLessThan(32L * 1024 * 1024);

      // The reader takes 64 KiB at a time and the peer refills whatever room that made, 200 times:
      // 12.5 MiB through a reader that is always the slow side.
      byte[] chunk = new byte[64 * 1024];
      for (int round = 0; round < 200; round++) {
        readTotal += stdout.readNBytes(chunk, 0, chunk.length);
        sent += fillUntilBlocked(peer);
      }
      ProcStats after = ProcStats.of(jnc.pid());
      assertThat(after.residentKib() - before.residentKib())
          .as("growth of jnc's resident memory (KiB) while %d bytes went through", readTotal)
          .isLessThan(32 * 1024);
      assertThat(sent - readTotal).as("bytes in flight at the end").isLessThan(32L * 1024 * 1024);
      System.out.printf(
          "slow reader: RSS %d KiB -> %d KiB, %d bytes read, %d in flight%n",
          before.residentKib(), after.residentKib(), readTotal, sent - readTotal);
    }
  }

  /**
   * A reader of 1 KiB a second on each side of jnc, one jnc per direction (jnc's relay writes a
   * received chunk to stdout before it reads its stdin again, so a slow stdout holds back both
   * directions of one process): each path is offered 1 GiB, only the reader's pace lets any of it
   * through, and jnc's resident memory stays where it started.
   */
  @Test
  @Timeout(90)
  void oneKibibyteASecondReadersKeepJncsMemoryFlat() throws Exception {
    assumeTrue(ProcStats.available(), "needs /proc");
    int seconds = 12;
    long[][] residentKib = new long[2][seconds];
    long readFromStdout = 0;
    long readByPeer = 0;
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess toStdout =
            RunningProcess.startWithPipes(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))));
        SocketChannel floodingPeer = server.accept();
        RunningProcess fromStdin =
            RunningProcess.startWithPipes(
                Launcher.jnc("127.0.0.1", Integer.toString(NoDataLostIT.port(server))));
        SocketChannel slowPeer = server.accept()) {
      AtomicLong peerSent = new AtomicLong();
      AtomicLong stdinFed = new AtomicLong();
      CompletableFuture<Long> network = flood(floodingPeer, peerSent, 1L << 30);
      CompletableFuture<Void> stdin = feed(fromStdin.stdin(), stdinFed, 1L << 30);
      InputStream stdout = toStdout.stdout();
      InputStream fromJnc = slowPeer.socket().getInputStream();
      byte[] kibibyte = new byte[1024];
      long start = System.nanoTime();
      for (int second = 0; second < seconds; second++) {
        // Data pacing, not waiting for a result: one read on each tick of a one-second schedule.
        long tick = start + TimeUnit.SECONDS.toNanos(second);
        for (long left = tick - System.nanoTime(); left > 0; left = tick - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
        readFromStdout += stdout.readNBytes(kibibyte, 0, kibibyte.length);
        readByPeer += fromJnc.readNBytes(kibibyte, 0, kibibyte.length);
        residentKib[0][second] = ProcStats.of(toStdout.pid()).residentKib();
        residentKib[1][second] = ProcStats.of(fromStdin.pid()).residentKib();
      }
      System.out.printf(
          "1 KiB/s readers: network -> stdout %d read of %d sent, RSS %s KiB;"
              + " stdin -> network %d read of %d fed, RSS %s KiB%n",
          readFromStdout,
          peerSent.get(),
          Arrays.toString(residentKib[0]),
          readByPeer,
          stdinFed.get(),
          Arrays.toString(residentKib[1]));
      assertThat(readFromStdout).as("bytes read from jnc's stdout").isEqualTo(seconds * 1024L);
      assertThat(readByPeer).as("bytes the peer read").isEqualTo(seconds * 1024L);
      // What a stalled path holds: socket buffers, jnc's buffers, the pipe.
      assertThat(peerSent.get() - readFromStdout)
          .as("bytes on their way from the peer to jnc's stdout")
          .isLessThan(32L * 1024 * 1024);
      assertThat(stdinFed.get() - readByPeer)
          .as("bytes on their way from jnc's stdin to the peer")
          .isLessThan(32L * 1024 * 1024);
      for (long[] samples : residentKib) {
        assertThat(Arrays.stream(samples).max().orElseThrow() - samples[0])
            .as("growth of jnc's resident memory (KiB) over %d s: %s", seconds, samples)
            .isLessThan(16 * 1024);
      }
      assertThat(network).as("the peer still held back, not failed").isNotDone();
      assertThat(stdin).as("jnc's stdin still held back, not failed").isNotDone();
    }
  }

  @ParameterizedTest(name = "-e {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /bin/sh -c 'printf bye; exit 3'                           | bye     | 3
          /bin/sh -c 'printf partial; kill -SEGV $$'                | partial | 139
          /bin/sh -c 'printf early; exec 1>&-; read line; exit 5'   | early   | 5
          /bin/sh -c 'printf ignoring; exit 6'                      | ignoring| 6
          """)
  @Timeout(90)
  void aProgramThatEndsOddlyNeverHangsJnc(String program, String output, int status)
      throws Exception {
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            RunningProcess.start(
                Launcher.jnc(
                    "-e", program, "127.0.0.1", Integer.toString(NoDataLostIT.port(server))),
                null,
                null);
        SocketChannel peer = server.accept()) {
      // The peer floods while it waits: a program that never reads must not wedge jnc.
      CompletableFuture<Long> flood = flood(peer);
      byte[] got = peer.socket().getInputStream().readAllBytes();
      assertThat(new String(got, US_ASCII)).as("what the program wrote").isEqualTo(output);
      flood.cancel(true);
      peer.shutdownOutput();
      assertThat(jnc.waitForExit(RUN_BOUND)).as("the program's status").isEqualTo(status);
      assertThat(jnc.stderrLines()).noneMatch(FaultsIT::looksLikeAStackTrace);
    }
  }

  @ParameterizedTest(name = "-e ''/bin/sleep 30'' {0} {1}")
  @CsvSource({"-q, 1", "-w, 1"})
  @Timeout(60)
  void aProgramThatNeitherReadsNorExitsIsStoppedByQuitOrTimeout(String option, String seconds)
      throws Exception {
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = connectedWithProgram(server, "/bin/sleep 30", option, seconds);
        SocketChannel peer = server.accept()) {
      ProcessHandle program = programOf(jnc);
      peer.write(ByteBuffer.wrap("nobody reads this\n".getBytes(US_ASCII)));
      peer.shutdownOutput();
      // Well before sleep would end by itself: jnc gave up on it, closed and stopped it.
      assertThat(peer.socket().getInputStream().readAllBytes()).isEmpty();
      assertThat(jnc.waitForExit(Duration.ofSeconds(15)))
          .as("the program's status: SIGTERM")
          .isEqualTo(128 + 15);
      await("the program to be gone").atMost(RUN_BOUND).until(() -> !program.isAlive());
      assertThat(jnc.stderrLines()).noneMatch(FaultsIT::looksLikeAStackTrace);
    }
  }

  @Test
  @Timeout(60)
  void withoutQuitOrTimeoutJncWaitsForTheProgramAsNetcatDoes() throws Exception {
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc = connectedWithProgram(server, "/bin/sleep 30");
        SocketChannel peer = server.accept()) {
      ProcessHandle program = programOf(jnc);
      peer.write(ByteBuffer.wrap("nobody reads this\n".getBytes(US_ASCII)));
      peer.shutdownOutput();
      await("jnc to keep waiting for its program after the peer's FIN")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> jnc.isAlive() && program.isAlive());
      // The program ends (here: its user stops it); jnc follows with its status.
      program.destroy();
      assertThat(peer.socket().getInputStream().readAllBytes()).isEmpty();
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(128 + 15);
    }
  }

  @Test
  @Timeout(60)
  void quitAtOnceStillLetsAProgramThatClosedItsOutputExitWithItsOwnStatus() throws Exception {
    try (ServerSocketChannel server = loopbackServer();
        RunningProcess jnc =
            connectedWithProgram(server, "/bin/sh -c 'echo hi; exec 1>&-; exit 4'", "-q", "0");
        SocketChannel peer = server.accept()) {
      assertThat(new String(peer.socket().getInputStream().readAllBytes(), US_ASCII))
          .isEqualTo("hi\n");
      assertThat(jnc.waitForExit(RUN_BOUND)).as("the program's own status").isEqualTo(4);
    }
  }

  /** {@code jnc OPTIONS -e PROGRAM 127.0.0.1 PORT} connecting to {@code server}. */
  private static RunningProcess connectedWithProgram(
      ServerSocketChannel server, String program, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-e", program, "127.0.0.1", Integer.toString(NoDataLostIT.port(server))));
    return RunningProcess.start(Launcher.jnc(args.toArray(String[]::new)), null, null);
  }

  /** The {@code -e} program jnc started ({@code bin/jnc} execs the JVM, its parent). */
  private static ProcessHandle programOf(RunningProcess jnc) {
    ProcessHandle parent = ProcessHandle.of(jnc.pid()).orElseThrow();
    return await("jnc to start its program")
        .atMost(RUN_BOUND)
        .until(() -> parent.children().findFirst(), java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** Writes (non-blocking) until the socket takes no more; returns the bytes written. */
  private static long fillUntilBlocked(SocketChannel peer) throws Exception {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    AtomicLong written = new AtomicLong();
    AtomicLong polls = new AtomicLong();
    // Room opens a little at a time as jnc drains (jnc writes its whole buffer to stdout before it
    // reads the socket again): done once a whole poll interval adds nothing.
    await("the network to fill up")
        .atMost(RUN_BOUND)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              long before = written.get();
              int n;
              while ((n = peer.write(chunk.clear())) > 0) {
                written.addAndGet(n);
              }
              return polls.incrementAndGet() > 1 && written.get() == before;
            });
    return written.get();
  }

  /**
   * Sends zeros on a thread of its own, counting in {@code sent}, until {@code limit} bytes are
   * sent or the connection fails; completes with the count.
   */
  private static CompletableFuture<Long> flood(SocketChannel peer, AtomicLong sent, long limit) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
          try {
            while (sent.get() < limit) {
              sent.addAndGet(peer.write(chunk.clear()));
            }
          } catch (Exception e) {
            throw new IllegalStateException("flood ended after " + sent.get(), e);
          }
          return sent.get();
        },
        NoDataLostIT.THREADS);
  }

  /** Writes zeros to {@code stdin} on a thread of its own, counting, until the pipe fails. */
  private static CompletableFuture<Void> feed(OutputStream stdin, AtomicLong fed, long limit) {
    return CompletableFuture.runAsync(
        () -> {
          byte[] chunk = new byte[64 * 1024];
          try {
            while (fed.get() < limit) {
              stdin.write(chunk);
              fed.addAndGet(chunk.length);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("stdin closed after " + fed.get(), e);
          }
        },
        NoDataLostIT.THREADS);
  }

  /** Sends zeros on a thread of its own until the connection fails; completes with the count. */
  private static CompletableFuture<Long> flood(SocketChannel peer) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
          long sent = 0;
          try {
            while (!Thread.currentThread().isInterrupted() && sent < (1L << 32)) {
              sent += peer.write(chunk.clear());
            }
          } catch (Exception e) {
            throw new IllegalStateException("flood ended after " + sent, e);
          }
          return sent;
        },
        NoDataLostIT.THREADS);
  }

  static boolean looksLikeAStackTrace(String line) {
    return line.startsWith("\tat ")
        || line.startsWith("Exception in thread")
        || line.matches("^(java|jdk|sun)\\.[\\w.$]+(Exception|Error).*");
  }

  private static ServerSocketChannel loopbackServer() throws Exception {
    return ServerSocketChannel.open().bind(NoDataLostIT.loopback(0));
  }
}
