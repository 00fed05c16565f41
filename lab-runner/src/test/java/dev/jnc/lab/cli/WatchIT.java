package dev.jnc.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.lab.observe.MachineFacts;
import dev.jnc.lab.observe.TraceLeftovers;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bin/lab watch --port P} with its output piped: one line per change, live; and on a
 * terminal, its screen.
 */
@Timeout(120)
class WatchIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern INSTANCE = Pattern.compile("tracefs instance (\\S+),");

  @ParameterizedTest(name = "--observer {0}")
  @ValueSource(strings = {"auto", "netlink", "proc"})
  void printsOneLinePerChangeOfAConnectionTheTestMakes(String observer) throws Exception {
    int port = freePort();
    Path stdout = Files.createTempFile("lab-watch", ".out");
    Process lab = watch(port, observer, stdout);
    try {
      if (!observer.equals("auto")) {
        assertThat(read(stdout).lines().findFirst().orElseThrow())
            .as("a polling observer's header says what it may miss")
            .contains("; sampled, so a state shorter than a poll is not seen; Ctrl-C to stop");
      }
      // Each state is held until its line is printed, so that a slow poller sees it too.
      try (ServerSocketChannel server = listenOn(port, stdout)) {
        String serverEnd;
        try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel accepted = server.accept()) {
          serverEnd =
              "127.0.0.1:"
                  + port
                  + " -> 127.0.0.1:"
                  + ((InetSocketAddress) client.getLocalAddress()).getPort();
          awaitLine(stdout, serverEnd, "-> ESTABLISHED");
          // The server end closes first: it waits in TIME_WAIT.
          accepted.close();
          assertThat(client.read(ByteBuffer.allocate(1))).as("the server's FIN").isEqualTo(-1);
        }
        awaitLine(stdout, serverEnd, "-> TIME_WAIT  (");
      }
      awaitLine(stdout, listenerRow(port), "LISTENING -> gone  (");
      assertThat(read(stdout).lines().skip(1))
          .as("every line: time, socket, old -> new")
          .allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6}  \\S+ -> \\S+ +\\S+ -> \\S+.*"));
    } finally {
      stop(lab, stdout);
    }
  }

  /**
   * The trace watch samples only every 50 ms, as the tracepoint reports each change itself: a
   * connection opened and closed at once, its states held for microseconds, shows whole.
   */
  @Test
  void aTracedWatchShowsAConnectionShorterThanItsSamplePause() throws Exception {
    MachineFacts facts = MachineFacts.probe();
    assumeTrue(facts.root() && facts.tracefs(), "the trace observer needs root and tracefs");
    int port = freePort();
    Path stdout = Files.createTempFile("lab-watch", ".out");
    Process lab = watch(port, "trace", stdout);
    try (ServerSocketChannel server = listenOn(port, stdout)) {
      String clientEnd;
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        clientEnd =
            "127.0.0.1:" + ((InetSocketAddress) client.getLocalAddress()).getPort() + " -> ";
        server.accept().close();
        assertThat(client.read(ByteBuffer.allocate(1))).as("the server's FIN").isEqualTo(-1);
      }
      awaitLine(stdout, clientEnd, "SYN_SENT -> ESTABLISHED");
      awaitLine(stdout, clientEnd, "ESTABLISHED -> CLOSE_WAIT");
      awaitLine(stdout, clientEnd, "CLOSE_WAIT -> LAST_ACK");
      awaitLine(stdout, clientEnd, "LAST_ACK -> gone");
    } finally {
      stop(lab, stdout);
    }
  }

  /** Starts {@code lab watch} of {@code port} into {@code stdout}; returns once it has begun. */
  private static Process watch(int port, String observer, Path stdout) throws Exception {
    Process lab =
        new ProcessBuilder(
                ROOT.resolve("bin/lab").toString(),
                "watch",
                "--port",
                Integer.toString(port),
                "--observer",
                observer)
            .directory(ROOT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      await("the header line")
          .atMost(Duration.ofSeconds(60))
          .until(() -> read(stdout).contains("lab watch: port " + port));
      return lab;
    } catch (RuntimeException | Error e) {
      stop(lab, stdout);
      throw e;
    }
  }

  /** Ends the watch, checks that it ended and left no tracefs instance, and removes its output. */
  private static void stop(Process lab, Path stdout) throws Exception {
    lab.destroy();
    assertThat(lab.waitFor(30, TimeUnit.SECONDS)).as("lab watch ended").isTrue();
    Matcher m = INSTANCE.matcher(read(stdout));
    if (m.find()) {
      TraceLeftovers.assertGone(Path.of(m.group(1)));
    }
    Files.deleteIfExists(stdout);
  }

  /** A listener on 127.0.0.1:{@code port}, once the watch has shown it. */
  private static ServerSocketChannel listenOn(int port, Path stdout) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      awaitLine(stdout, listenerRow(port), "(new) -> LISTENING");
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private static String listenerRow(int port) {
    return "127.0.0.1:" + port + " -> 0.0.0.0:0";
  }

  /**
   * Ctrl-C at a terminal reaches the whole process group, netstat's run for a snapshot too: its
   * death was taken for the observer's failure, and the watch printed netstat's or the JDK's words
   * and at times exited 3 (8 of 20 stops). Five stops, each a clean 130.
   */
  @Test
  void ctrlCToTheProcessGroupEndsANetstatWatchQuietly() throws Exception {
    assumeTrue(onPath("netstat") && onPath("setsid"), "needs netstat (net-tools) and setsid");
    for (int stop = 1; stop <= 5; stop++) {
      Path stdout = Files.createTempFile("lab-watch", ".out");
      Path stderr = Files.createTempFile("lab-watch", ".err");
      // setsid: a process group of its own, as a terminal gives a command line.
      Process lab =
          new ProcessBuilder(
                  "setsid",
                  ROOT.resolve("bin/lab").toString(),
                  "watch",
                  "--port",
                  Integer.toString(freePort()),
                  "--observer",
                  "netstat")
              .directory(ROOT.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      try {
        await("the header line")
            .atMost(Duration.ofSeconds(60))
            .until(() -> read(stdout).startsWith("lab watch: port "));
        Process kill =
            new ProcessBuilder("kill", "-INT", "--", "-" + lab.pid())
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(lab.waitFor(30, TimeUnit.SECONDS)).as("lab watch ended").isTrue();
        assertThat(lab.exitValue()).as("exit status of stop %d", stop).isEqualTo(130);
        assertThat(read(stderr)).as("stderr of stop %d", stop).isEmpty();
      } finally {
        lab.destroyForcibly();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** On a terminal: stopped with Ctrl-C, the screen hands the terminal back as it found it. */
  @Test
  void theScreenGivesTheTerminalBackWithItsLineSpeed() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
    String session =
        "stty 38400 >/dev/null; timeout --foreground -s INT 5 "
            + ROOT.resolve("bin/lab")
            + " watch --observer proc --port "
            + freePort()
            + "; echo \"after: $(stty speed)\"";
    Process script =
        new ProcessBuilder("script", "-qec", session, "/dev/null")
            .directory(ROOT.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    String screen = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // Drawn in pieces: JLine's display writes only what changed on each line.
    assertThat(screen).as("the live screen was drawn").contains("ockets now (0)");
    // JLine 3.30.6 alone leaves "speed 0 baud", which hangs up a serial line.
    assertThat(screen).contains("after: 38400");
  }

  private static void awaitLine(Path stdout, String socket, String change) {
    await(socket + " " + change)
        .atMost(Duration.ofSeconds(20))
        .until(() -> read(stdout).lines().anyMatch(l -> l.contains(socket) && l.contains(change)));
  }

  private static String read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
