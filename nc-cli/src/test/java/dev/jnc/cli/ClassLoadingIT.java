package dev.jnc.cli;

import static java.lang.Integer.parseInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jnc.cli.testing.Launcher;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Classes a run must not load or initialise, for what that costs each start. */
@Timeout(60)
class ClassLoadingIT {

  private static final Pattern LISTENING =
      Pattern.compile("listening on \\[127\\.0\\.0\\.1] (\\d+)");

  @TempDir Path dir;

  /** Piped stdin never goes through JLine. */
  @Test
  void aPipedTransferLoadsNoJLineClass() throws Exception {
    String loaded = transferLogging("-v");

    assertThat(Files.readString(dir.resolve("err"), StandardCharsets.UTF_8))
        .contains("jnc: 5 bytes sent, 0 bytes received in ");
    // The JDK's own copy (jdk.internal.org.jline, behind System.console()) is not ours.
    assertThat(loaded).contains("dev.jnc.cli.JncCommand").doesNotContain("] org.jline.");
  }

  /** On JDK 25 BigDecimal's class initialiser alone took 15-60 ms (SecondsConverter). */
  @Test
  void secondsAsPeopleWriteThemInitialiseNoBigDecimal() throws Exception {
    String log = transferLogging("-w", "5", "-q", "0.5", "-i", "0.001");

    assertThat(log)
        .contains("Initializing 'dev/jnc/cli/QuitSecondsConverter'")
        .doesNotContain("Initializing 'java/math/BigDecimal'");
  }

  /**
   * A probe reads no stdin and has no person to serve: no stdin pump, no console (whose service
   * lookup took ~1 ms), no count of open descriptors for its one port in flight, and no message
   * formatted for an address literal parsed in the wrong family.
   */
  @Test
  void aProbeInitialisesNothingOfTheDataPathOrTheConsole() throws Exception {
    Path classLog = dir.resolve("probe-classes.log");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> command = jncCommand(classLog);
      command.addAll(List.of("-z", "127.0.0.1", String.valueOf(server.getLocalPort())));
      Process jnc =
          new ProcessBuilder(command)
              .redirectInput(Files.write(dir.resolve("probe.in"), new byte[] {'x', '\n'}).toFile())
              .redirectOutput(dir.resolve("probe.out").toFile())
              .redirectError(dir.resolve("probe.err").toFile())
              .start();
      try {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jnc.exitValue()).isZero();
      } finally {
        jnc.destroyForcibly();
      }
    }

    assertThat(Files.readString(classLog, StandardCharsets.UTF_8))
        .contains("Initializing 'dev/jnc/core/scan/PortScanner'")
        .doesNotContain(
            "Initializing 'dev/jnc/core/tcp/InputPump'",
            "Initializing 'java/io/Console'",
            "Initializing 'dev/jnc/core/io/DescriptorHeadroom'",
            "Initializing 'java/util/Formatter'");
  }

  /**
   * The native calls that hear a peer's port unreachable are linked before a UDP listener's first
   * send, not at its first datagram: a fresh JVM took 110-120 ms to link them, while a sender's
   * burst overflowed the socket's queue. A listener with something to send still links them.
   */
  @Test
  void aUdpListenerLinksNoNativeCallUntilItSends() throws Exception {
    String receiving = udpListenerLogging(new byte[0]);
    String replying = udpListenerLogging("reply\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(receiving)
        .contains("dev.jnc.core.udp.DatagramRelay")
        .doesNotContain("jdk.internal.foreign.abi.DowncallStub");
    assertThat(replying).contains("jdk.internal.foreign.abi.DowncallStub");
  }

  /**
   * Runs {@code jnc -v -u -l} on a free loopback port with {@code input} on its stdin, sends it
   * three datagrams, waits until its stdout holds them and, for an input, until its answer came;
   * then stops it and returns its log of the classes it loaded.
   */
  private String udpListenerLogging(byte[] input) throws Exception {
    Path stdin = Files.write(dir.resolve("udp.in"), input);
    Path out = dir.resolve("udp.out");
    Path err = dir.resolve("udp.err");
    Path classLog = dir.resolve("udp-classes.log");
    List<String> command = jncCommand(classLog);
    command.addAll(List.of("-v", "-u", "-l", "-s", "127.0.0.1", "-p", "0"));
    Process jnc =
        new ProcessBuilder(command)
            .redirectInput(stdin.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (DatagramChannel peer = DatagramChannel.open()) {
      Matcher listening =
          await("listening")
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8)),
                  Matcher::find);
      peer.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), parseInt(listening.group(1))));
      for (String datagram : List.of("one\n", "two\n", "three\n")) {
        peer.write(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.US_ASCII)));
      }
      await("the datagrams written")
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(out, StandardCharsets.UTF_8), "one\ntwo\nthree\n"::equals);
      if (input.length > 0) {
        ByteBuffer answer = ByteBuffer.allocate(64);
        peer.read(answer);
        assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII))
            .isEqualTo("reply\n");
      }
    } finally {
      jnc.destroy();
      assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return Files.readString(classLog, StandardCharsets.UTF_8);
  }

  /**
   * Runs jnc with {@code options} from its jars, its stdin a small file sent to a listener here,
   * and returns its log of the classes it loaded and initialised.
   */
  private String transferLogging(String... options) throws IOException, InterruptedException {
    Path input = Files.write(dir.resolve("in.bin"), new byte[] {0, 1, 2, (byte) 0xff, '\n'});
    Path classLog = dir.resolve("classes.log");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> command = jncCommand(classLog);
      command.addAll(List.of(options));
      command.addAll(List.of("127.0.0.1", String.valueOf(server.getLocalPort())));
      Process jnc =
          new ProcessBuilder(command)
              .redirectInput(input.toFile())
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(dir.resolve("err").toFile())
              .start();
      try (Socket peer = server.accept()) {
        assertThat(peer.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(input));
      } finally {
        assertThat(jnc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        jnc.destroyForcibly();
      }
      assertThat(jnc.exitValue()).isZero();
    }
    return Files.readString(classLog, StandardCharsets.UTF_8);
  }

  /**
   * The command that runs jnc's main class from its jars with native access, as the launchers grant
   * it, logging the classes it loads and initialises to {@code classLog}; options follow.
   */
  private static List<String> jncCommand(Path classLog) throws IOException {
    Path target = Launcher.ROOT.resolve("nc-cli/target");
    String classPath;
    try (var jars = Files.list(target)) {
      classPath =
          jars.filter(p -> p.getFileName().toString().matches("nc-cli-.*\\.jar"))
                  .findFirst()
                  .orElseThrow()
              + File.pathSeparator
              + target.resolve("lib/*");
    }
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ArrayList<>(
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xlog:class+load=info,class+init=info:file=" + classLog,
            "-cp",
            classPath,
            "dev.jnc.cli.Jnc"));
  }
}
