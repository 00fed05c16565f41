package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.ProcStats;
import dev.jnc.cli.testing.RunningProcess;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code bin/jnc} under load and abuse, watched from {@code /proc/<pid>}: a {@code -L}
 * server through 2,000 clients of four kinds, a listener whose client says nothing, and one whose
 * client floods and then goes quiet.
 */
class LoadIT {

  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(60);
  private static final int CLIENTS = 2000;
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(2);
  private static final int WARM_UP = 200;
  private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(300)
  void listenHarderServesTwoThousandClientsAndReturnsToItsStartingResources() throws Exception {
    assumeTrue(ProcStats.available(), "needs /proc");
    try (RunningProcess jnc =
        RunningProcess.start(Launcher.jnc("-v", "-L", "-s", "127.0.0.1", "-p", "0"), null, null)) {
      InetSocketAddress server = NoDataLostIT.loopback(jnc.awaitListeningPort(READY_BOUND));
      for (int i = 0; i < WARM_UP; i++) {
        client(server, i);
      }
      awaitServed(jnc, WARM_UP);
      // jcmd first: attaching adds a thread and a socket of its own that stay for the JVM's life.
      long heapStart = heapUsedAfterGc(jnc.pid());
      ProcStats start = ProcStats.of(jnc.pid());

      for (int i = WARM_UP; i < CLIENTS; i++) {
        client(server, i);
      }
      awaitServed(jnc, CLIENTS);

      await("descriptors back to their count after warm-up")
          .atMost(RUN_BOUND)
          .untilAsserted(
              () ->
                  assertThat(ProcStats.of(jnc.pid()).descriptors())
                      .isLessThanOrEqualTo(start.descriptors()));
      await("threads back to their count after warm-up")
          .atMost(RUN_BOUND)
          .untilAsserted(
              () ->
                  assertThat(ProcStats.of(jnc.pid()).threads())
                      .isLessThanOrEqualTo(start.threads()));
      ProcStats end = ProcStats.of(jnc.pid());
      long heapEnd = heapUsedAfterGc(jnc.pid());
      System.out.printf(
          "-L %d clients: fds %d -> %d, threads %d -> %d, RSS %d -> %d KiB, heap after GC %d ->"
              + " %d KiB%n",
          CLIENTS,
          start.descriptors(),
          end.descriptors(),
          start.threads(),
          end.threads(),
          start.residentKib(),
          end.residentKib(),
          heapStart,
          heapEnd);
      // Before the receive buffer was kept per thread, RSS grew from 60 MiB to 510 MiB here.
      assertThat(end.residentKib() - start.residentKib())
          .as("growth of resident memory (KiB)")
          .isLessThan(32 * 1024);
      if (heapStart >= 0 && heapEnd >= 0) {
        assertThat(heapEnd - heapStart).as("heap growth after GC (KiB)").isLessThan(4 * 1024);
      }
      assertThat(jnc.isAlive()).as("still listening").isTrue();
      assertThat(jnc.stderrLines()).noneMatch(FaultsIT::looksLikeAStackTrace);
    }
  }

  @Test
  @Timeout(300)
  void listenHarderWithAProgramPerClientKeepsItsMemory() throws Exception {
    assumeTrue(ProcStats.available(), "needs /proc");
    int clients = 400;
    try (RunningProcess jnc =
        RunningProcess.start(
            Launcher.jnc("-v", "-L", "-s", "127.0.0.1", "-p", "0", "-e", "/bin/echo hi"),
            null,
            null)) {
      InetSocketAddress server = NoDataLostIT.loopback(jnc.awaitListeningPort(READY_BOUND));
      for (int i = 0; i < WARM_UP / 4; i++) {
        client(server, 0);
      }
      awaitServed(jnc, WARM_UP / 4);
      long heapStart = heapUsedAfterGc(jnc.pid());
      ProcStats start = ProcStats.of(jnc.pid());
      for (int i = WARM_UP / 4; i < clients; i++) {
        client(server, 0);
      }
      awaitServed(jnc, clients);
      ProcStats end = ProcStats.of(jnc.pid());
      long heapEnd = heapUsedAfterGc(jnc.pid());
      // RSS is printed, not asserted: the per-client buffers are now young garbage, and RSS grows
      // until the young generation is all touched (about 100 MiB here), then stays.
      System.out.printf(
          "-L -e %d clients: fds %d -> %d, threads %d -> %d, RSS %d -> %d KiB, heap after GC %d"
              + " -> %d KiB%n",
          clients,
          start.descriptors(),
          end.descriptors(),
          start.threads(),
          end.threads(),
          start.residentKib(),
          end.residentKib(),
          heapStart,
          heapEnd);
      if (heapStart >= 0 && heapEnd >= 0) {
        assertThat(heapEnd - heapStart).as("heap growth after GC (KiB)").isLessThan(4 * 1024);
      }
      // Threads are not compared here: the JDK keeps an idle process-reaper thread for 60 s.
      await("descriptors back to their count after warm-up")
          .atMost(RUN_BOUND)
          .untilAsserted(
              () ->
                  assertThat(ProcStats.of(jnc.pid()).descriptors())
                      .isLessThanOrEqualTo(start.descriptors()));
    }
  }

  @Test
  @Timeout(120)
  void anIdleListenerAndAnIdleConnectionCostNoCpu() throws Exception {
    assumeTrue(ProcStats.available(), "needs /proc");
    try (RunningProcess jnc =
        RunningProcess.startWithOpenStdin(
            Launcher.jnc("-v", "-l", "-s", "127.0.0.1", "-p", "0"), null)) {
      int port = jnc.awaitListeningPort(READY_BOUND);
      long waitingToAccept = cpuTicksOver(jnc, IDLE_WINDOW);
      try (SocketChannel silent = SocketChannel.open(NoDataLostIT.loopback(port))) {
        jnc.awaitStderr(Pattern.compile("connect to .*"), READY_BOUND);
        long waitingForData = cpuTicksOver(jnc, IDLE_WINDOW);
        System.out.printf(
            "idle CPU over %s: %d ticks accepting, %d ticks connected%n",
            IDLE_WINDOW, waitingToAccept, waitingForData);
        // A busy loop burns one tick per 10 ms: 200 over the window. Allow the JIT its few.
        assertThat(waitingToAccept).as("CPU ticks while waiting to accept").isLessThan(20);
        assertThat(waitingForData).as("CPU ticks on a silent connection").isLessThan(20);
      }
      assertThat(jnc.waitForExit(RUN_BOUND)).isZero();
    }
  }

  @Test
  @Timeout(120)
  void dashWEndsASilentConnectionButNotOneThatKeepsSending() throws Exception {
    long flood = 64L * 1024 * 1024;
    try (RunningProcess jnc =
        RunningProcess.start(
            Launcher.jnc("-vv", "-l", "-s", "127.0.0.1", "-p", "0", "-w", "1"), null, null)) {
      int port = jnc.awaitListeningPort(READY_BOUND);
      try (SocketChannel client = SocketChannel.open(NoDataLostIT.loopback(port))) {
        // Sending for longer than -w keeps the connection: the timer restarts with each read.
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long sent = 0; sent < flood; ) {
          sent += client.write(chunk.clear());
        }
        // Then silence, with the connection held open: -w 1 ends it.
        assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
      }
      assertThat(jnc.stderrLines()).last().isEqualTo(" sent 0, rcvd " + flood);
    }
  }

  @Test
  @Timeout(120)
  void dashWEndsAClientThatConnectsAndSaysNothing() throws Exception {
    try (RunningProcess jnc =
        RunningProcess.start(
            Launcher.jnc("-v", "-l", "-s", "127.0.0.1", "-p", "0", "-w", "1"), null, null)) {
      int port = jnc.awaitListeningPort(READY_BOUND);
      try (SocketChannel silent = SocketChannel.open(NoDataLostIT.loopback(port))) {
        assertThat(jnc.waitForExit(RUN_BOUND)).as("exit status").isZero();
        // jnc sent its FIN (stdin was empty) and then gave up on the silent peer.
        assertThat(silent.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      }
      assertThat(jnc.stderrLines()).noneMatch(NoDataLostIT::isErrorLine);
    }
  }

  /** CPU ticks the process spends over {@code window}, during which it must stay alive. */
  private static long cpuTicksOver(RunningProcess jnc, Duration window) {
    long before = ProcStats.of(jnc.pid()).cpuTicks();
    await("jnc to stay up for " + window)
        .during(window)
        .atMost(window.plusSeconds(5))
        .until(jnc::isAlive);
    return ProcStats.of(jnc.pid()).cpuTicks() - before;
  }

  /** One client of four kinds, in turn: polite, resetting, vanishing, half-closing first. */
  private static void client(InetSocketAddress server, int i) throws Exception {
    try (SocketChannel channel = SocketChannel.open(server)) {
      switch (i % 4) {
        case 0 -> {
          channel.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
          channel.shutdownOutput();
          readToEnd(channel);
        }
        case 1 -> {
          channel.write(ByteBuffer.wrap("reset\n".getBytes(StandardCharsets.US_ASCII)));
          channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        case 2 -> {
          channel.shutdownInput();
          channel.shutdownOutput();
        }
        default -> {
          channel.shutdownOutput();
          readToEnd(channel);
        }
      }
    }
  }

  private static void readToEnd(SocketChannel channel) throws Exception {
    ByteBuffer sink = ByteBuffer.allocate(1024);
    while (channel.read(sink.clear()) >= 0) {}
  }

  private static void awaitServed(RunningProcess jnc, int count) {
    await(count + " connections accepted")
        .atMost(RUN_BOUND)
        .until(
            () ->
                jnc.stderrLines().stream().filter(line -> line.startsWith("connect to ")).count()
                    >= count);
  }

  /** Used heap in KiB after a full GC, from {@code jcmd}; -1 where jcmd cannot attach. */
  private static long heapUsedAfterGc(long pid) throws Exception {
    if (!Files.isExecutable(JCMD) || run(JCMD.toString(), Long.toString(pid), "GC.run") == null) {
      return -1;
    }
    String info = run(JCMD.toString(), Long.toString(pid), "GC.heap_info");
    if (info == null) {
      return -1;
    }
    long used = 0;
    // Serial GC: one "used NK" per generation ("DefNew", "Tenured").
    Matcher m = Pattern.compile("(?m)^\\S+\\s+total \\d+K, used (\\d+)K").matcher(info);
    while (m.find()) {
      used += Long.parseLong(m.group(1));
    }
    return used;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      return null;
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
