package dev.jnc.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jnc's {@code -v} and {@code -vv} lines against those of netcat 1.10 ({@code nc.traditional}) on
 * this machine: both tools run the same case against the same peer, and their stderr must read the
 * same, port numbers aside where each got its own.
 */
class VerboseMessagesIT {

  private static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final Duration RUN_BOUND = Duration.ofSeconds(30);
  private static final Pattern LISTENING =
      Pattern.compile("listening on \\[(.+)\\] (\\d+) \\.\\.\\.");
  private static final String TRADITIONAL = "nc.traditional";

  @TempDir Path dir;

  /** What a run left behind. */
  /** jnc's closing line at -v, in ncat's words; nc 1.10 has none. */
  private static final Pattern SUMMARY =
      Pattern.compile("jnc: \\d+ bytes sent, \\d+ bytes received in \\d+\\.\\d\\d seconds\\.");

  /** jnc's line after {@code listening on [any] ...}; nc 1.10 has none. */
  private static final String EVERY_INTERFACE =
      "jnc: [any] is every interface: any host that can reach this one can connect"
          + " (-s 127.0.0.1 to stay local)";

  private record Outcome(int exitStatus, List<String> stderr) {

    /**
     * The lines nc 1.10 would print: jnc's, less its summary line, which must be there once, and
     * less its every-interface note, which must follow a {@code listening on [any]} line.
     */
    Outcome netcatLines() {
      assertThat(stderr)
          .as("jnc's -v summary")
          .filteredOn(l -> SUMMARY.matcher(l).matches())
          .hasSize(1);
      for (int i = 0; i < stderr.size(); i++) {
        boolean noteDue = stderr.get(i).startsWith("listening on [any] ");
        assertThat(i + 1 < stderr.size() && stderr.get(i + 1).equals(EVERY_INTERFACE))
            .as("jnc's every-interface note after line %d of %s", i, stderr)
            .isEqualTo(noteDue);
      }
      return new Outcome(
          exitStatus,
          stderr.stream()
              .filter(l -> !SUMMARY.matcher(l).matches() && !l.equals(EVERY_INTERFACE))
              .toList());
    }
  }

  @BeforeAll
  static void build() throws Exception {
    assumeTrue(Launcher.installed(TRADITIONAL), "nc.traditional (netcat-traditional) is installed");
    Launcher.ensureBuilt();
  }

  @ParameterizedTest(name = "-n: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(120)
  void openLineReadsAsNetcats(boolean numeric) throws Exception {
    try (ServerSocketChannel peer = withoutServiceName(VerboseMessagesIT::loopbackListener)) {
      String port = Integer.toString(port(peer));
      List<String> args = new ArrayList<>(List.of("-v", "127.0.0.1", port));
      if (numeric) {
        args.addFirst("-n");
      }
      Callable<Void> acceptAndClose =
          () -> {
            peer.accept().close();
            return null;
          };

      Outcome traditional =
          connectOnce(Launcher.command(TRADITIONAL, array(args)), null, acceptAndClose);
      Outcome jnc = connectOnce(Launcher.jnc(array(args)), null, acceptAndClose);

      assertThat(traditional.stderr())
          .containsExactly(
              (numeric ? "(UNKNOWN)" : "localhost") + " [127.0.0.1] " + port + " (?) open");
      assertThat(jnc.netcatLines()).isEqualTo(traditional);
    }
  }

  @Test
  @Timeout(120)
  void refusedLinesReadAsNetcatsAndSayItOnce() throws Exception {
    // A bound socket that does not listen holds the port, so the kernel answers a SYN with RST.
    try (SocketChannel placeholder = withoutServiceName(VerboseMessagesIT::boundSocket)) {
      String port = Integer.toString(port(placeholder));

      for (String verbose : List.of("-v", "-vv")) {
        Outcome traditional = runToEnd(Launcher.command(TRADITIONAL, verbose, "127.0.0.1", port));
        Outcome jnc = runToEnd(Launcher.jnc(verbose, "127.0.0.1", port));

        assertThat(traditional.stderr())
            .first()
            .isEqualTo("localhost [127.0.0.1] " + port + " (?) : Connection refused");
        assertThat(jnc.exitStatus()).isEqualTo(traditional.exitStatus()).isEqualTo(1);
        // -vv adds 1.10's " sent 0, rcvd 0"; no second line tells the same failure again.
        assertThat(jnc.stderr()).as(verbose).isEqualTo(traditional.stderr());
      }
    }
  }

  @ParameterizedTest(name = "-s 127.0.0.1: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(120)
  void listeningAndConnectToLinesReadAsNetcats(boolean boundAddress) throws Exception {
    List<String> options = new ArrayList<>(List.of("-v", "-l"));
    if (boundAddress) {
      options.addAll(List.of("-s", "127.0.0.1"));
    }
    // netcat 1.10 takes no -p 0; without -p it binds a port of the kernel's choosing.
    Outcome traditional = listenOnce(Launcher.command(TRADITIONAL, array(options)));
    options.addAll(List.of("-p", "0"));
    Outcome jnc = listenOnce(Launcher.jnc(array(options)));

    assertThat(traditional.stderr())
        .containsExactly(
            "listening on [" + (boundAddress ? "127.0.0.1" : "any") + "] LISTEN_PORT ...",
            "connect to [127.0.0.1] from localhost [127.0.0.1] CLIENT_PORT");
    assertThat(jnc.netcatLines()).isEqualTo(traditional);
  }

  @Test
  @Timeout(120)
  void aUdpListenerOnEveryInterfaceNamesTheAddressItWasReachedAtAsNetcatDoes() throws Exception {
    String traditional = udpConnectLine(TRADITIONAL);
    String jnc = udpConnectLine(Launcher.JNC.toString());

    assertThat(traditional)
        .isEqualTo("connect to [127.0.0.1] from localhost [127.0.0.1] CLIENT_PORT");
    assertThat(jnc).isEqualTo(traditional);
  }

  /**
   * Starts {@code program -u -v -l -p PORT} on every interface, sends it one datagram from
   * 127.0.0.1 and returns its {@code connect to} line, our port replaced by {@code CLIENT_PORT}.
   */
  private static String udpConnectLine(String program) throws Exception {
    String listenPort;
    // nc 1.10 takes no -p 0: a port the kernel just gave out and took back.
    try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
      listenPort = Integer.toString(port(probe.bind(new InetSocketAddress(0))));
    }
    try (RunningProcess process =
            RunningProcess.start(
                Launcher.command(program, "-u", "-v", "-l", "-p", listenPort), null, null);
        DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
      process.awaitStderr(LISTENING, READY_BOUND);
      client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      client.send(
          ByteBuffer.wrap("x\n".getBytes(US_ASCII)),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(listenPort)));
      Matcher connect = process.awaitStderr(Pattern.compile("connect to .*"), RUN_BOUND);
      return connect.group().replaceAll(" " + port(client) + "$", " CLIENT_PORT");
    }
  }

  @Test
  @Timeout(120)
  void sentAndReceivedTotalsReadAsNetcats() throws Exception {
    Path ping = dir.resolve("ping");
    Files.writeString(ping, "ping\n", US_ASCII);
    try (ServerSocketChannel peer = withoutServiceName(VerboseMessagesIT::loopbackListener)) {
      String port = Integer.toString(port(peer));
      // netcat 1.10 sends no FIN at stdin EOF, so the peer reads the five bytes it knows of.
      Callable<Void> pong =
          () -> {
            try (SocketChannel connection = peer.accept()) {
              ByteBuffer request = ByteBuffer.allocate(5);
              while (request.hasRemaining() && connection.read(request) >= 0) {}
              connection.write(ByteBuffer.wrap("pong!\n".getBytes(US_ASCII)));
            }
            return null;
          };

      Outcome traditional =
          connectOnce(Launcher.command(TRADITIONAL, "-vv", "127.0.0.1", port), ping, pong);
      Outcome jnc = connectOnce(Launcher.jnc("-vv", "127.0.0.1", port), ping, pong);

      assertThat(jnc.netcatLines().stderr())
          .containsExactly("localhost [127.0.0.1] " + port + " (?) open", " sent 5, rcvd 6");
      assertThat(jnc.stderr().get(1)).startsWith("jnc: 5 bytes sent, 6 bytes received in ");
      assertThat(jnc.netcatLines()).isEqualTo(traditional);
    }
  }

  /** Runs a client whose peer (the test) does {@code peerSide}, to the end. */
  private static Outcome connectOnce(List<String> command, Path stdin, Callable<Void> peerSide)
      throws Exception {
    try (RunningProcess process = RunningProcess.start(command, stdin, null)) {
      peerSide.call();
      return new Outcome(process.waitForExit(RUN_BOUND), process.stderrLines());
    }
  }

  private static Outcome runToEnd(List<String> command) throws Exception {
    try (RunningProcess process = RunningProcess.start(command, null, null)) {
      return new Outcome(process.waitForExit(RUN_BOUND), process.stderrLines());
    }
  }

  /**
   * Starts a listener, connects to it once and hangs up; the stderr lines come back with the
   * listening port and our client port replaced by {@code LISTEN_PORT} and {@code CLIENT_PORT}.
   */
  private static Outcome listenOnce(List<String> command) throws Exception {
    try (RunningProcess process = RunningProcess.start(command, null, null)) {
      Matcher listening = process.awaitStderr(LISTENING, READY_BOUND);
      String listenPort = listening.group(2);
      String clientPort;
      try (SocketChannel client =
          SocketChannel.open(
              new InetSocketAddress(
                  InetAddress.getLoopbackAddress(), Integer.parseInt(listenPort)))) {
        clientPort = Integer.toString(port(client));
      }
      int status = process.waitForExit(RUN_BOUND);
      List<String> lines =
          process.stderrLines().stream()
              .map(line -> line.replace("] " + listenPort + " ...", "] LISTEN_PORT ..."))
              .map(line -> line.replaceAll(" " + clientPort + "$", " CLIENT_PORT"))
              .toList();
      return new Outcome(status, lines);
    }
  }

  /** Opens sockets until one has a port that {@code /etc/services} gives no name, at most 20. */
  private static <T extends NetworkChannel> T withoutServiceName(SocketFactory<T> factory)
      throws IOException {
    Set<Integer> named = namedPorts();
    for (int attempt = 0; attempt < 20; attempt++) {
      T socket = factory.open();
      if (!named.contains(port(socket))) {
        return socket;
      }
      socket.close();
    }
    throw new AssertionError("20 ports in a row had a service name");
  }

  @FunctionalInterface
  private interface SocketFactory<T extends NetworkChannel> {
    T open() throws IOException;
  }

  private static ServerSocketChannel loopbackListener() throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return server;
  }

  private static SocketChannel boundSocket() throws IOException {
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.INET);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  /** TCP ports that netcat 1.10 would print with a service name instead of {@code (?)}. */
  private static Set<Integer> namedPorts() throws IOException {
    Path services = Path.of("/etc/services");
    if (!Files.exists(services)) {
      return Set.of();
    }
    Pattern entry = Pattern.compile("^\\S+\\s+(\\d+)/tcp\\b.*");
    return Files.readAllLines(services).stream()
        .map(entry::matcher)
        .filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(1)))
        .collect(Collectors.toSet());
  }

  private static int port(NetworkChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private static String[] array(List<String> args) {
    return args.toArray(String[]::new);
  }
}
