package dev.jnc.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.options.NcOptions;
import dev.jnc.core.testing.EngineCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The picocli layer in process, through {@link Jnc#run}: what a wrong command line prints and which
 * exit status it gets, and how the options reach the engine.
 */
@ExtendWith(EngineCheck.class)
class JncTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          127.0.0.1 abc             | invalid port abc
          127.0.0.1 0               | invalid port 0: must be 1-65535
          127.0.0.1 70000           | invalid port 70000: must be 1-65535
          -p abc 127.0.0.1 80       | Invalid value for option '-p': invalid port abc
          -p 70000 127.0.0.1 80     | Invalid value for option '-p': invalid port 70000: must be 0-65535 (0: any free port)
          -l -p abc                 | Invalid value for option '-p': invalid port abc
          -l -p 70000               | Invalid value for option '-p': invalid port 70000: must be 0-65535 (0: any free port)
          -l abc                    | invalid port abc
          -l 1 2 3                  | too many arguments for -l without -p
          -l -s 127.0.0.1 ::1 80    | give the listen address once: -s or an argument, not both
          -x 127.0.0.1 80           | Unknown option: '-x'
          -w 0 127.0.0.1 80         | Invalid value for option '-w': seconds must be greater than 0: 0
          -w abc 127.0.0.1 80       | Invalid value for option '-w': invalid number of seconds: abc
          -w                        | Missing required parameter for option '-w' (secs)
          ''                        | no destination
          127.0.0.1                 | no port[s] to connect to
          """)
  @Timeout(30)
  void usageErrorExitsTwoWithOneLineAndAHint(String args, String message) {
    int status = run(args.isEmpty() ? new String[0] : args.split(" "));

    assertThat(status).isEqualTo(ExitCode.USAGE);
    assertThat(errLines()).containsExactly("jnc: " + message, "Try 'jnc -h' for more information.");
    assertThat(out.toByteArray()).isEmpty();
  }

  @Test
  @Timeout(30)
  void refusedConnectExitsOneWithOneLine() throws Exception {
    // A bound socket that does not listen holds the port, so the kernel answers a SYN with RST.
    try (SocketChannel placeholder = SocketChannel.open()) {
      placeholder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) placeholder.getLocalAddress()).getPort();

      int status = run("127.0.0.1", Integer.toString(port));

      assertThat(status).isEqualTo(ExitCode.NETWORK);
      assertThat(errLines())
          .containsExactly(
              "jnc: connect to 127.0.0.1 port " + port + " (tcp) failed: Connection refused");
    }
  }

  @Test
  @Timeout(30)
  void acceptTimeoutExitsOneAfterTheListeningLine() {
    int status = run("-v", "-l", "-s", "127.0.0.1", "-p", "0", "-w", "0.3");

    assertThat(status).isEqualTo(ExitCode.NETWORK);
    assertThat(errLines())
        .satisfiesExactly(
            line -> assertThat(line).matches("listening on \\[127\\.0\\.0\\.1\\] \\d+ \\.\\.\\."),
            line -> assertThat(line).isEqualTo("jnc: no connection : Connection timed out"));
  }

  @Test
  void clusteredShortOptionsReachTheEngine() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8))
        .parseArgs("-lvvnp", "0", "-w", "1.5", "-s", "127.0.0.1");

    NcOptions options = command.options();

    assertThat(command.verbose).hasSize(2);
    assertThat(options.mode()).isEqualTo(NcOptions.Mode.LISTEN);
    assertThat(options.numeric()).isTrue();
    assertThat(options.localPort()).isZero();
    assertThat(options.localAddress()).isEqualTo("127.0.0.1");
    assertThat(options.timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void openBsdStyleListenTakesAddressAndPortAsArguments() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8)).parseArgs("-l", "::1", "6666");

    NcOptions options = command.options();

    assertThat(options.localAddress()).isEqualTo("::1");
    assertThat(options.localPort()).isEqualTo(6666);
    assertThat(options.host()).isNull();
  }

  @Test
  void openBsdStyleListenTakesALonePortAsTheListeningPort() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8)).parseArgs("-l", "6666");

    NcOptions options = command.options();

    assertThat(options.listening()).isTrue();
    assertThat(options.localPort()).isEqualTo(6666);
    assertThat(options.localAddress()).isNull();
    assertThat(options.host()).isNull();
  }

  /** 0 asks for any free port, as {@code -p 0} does; OpenBSD's nc takes it too. */
  @Test
  void openBsdStyleListenTakesPortZero() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8)).parseArgs("-l", "::1", "0");

    assertThat(command.options().localPort()).isZero();
  }

  /** As nc 1.10 and OpenBSD's nc read {@code -p}, and as jnc reads a destination port. */
  @Test
  void dashPTakesAServiceName() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8)).parseArgs("-l", "-p", "http");

    assertThat(command.options().localPort()).isEqualTo(80);
  }

  @Test
  void listenFilterAfterDashPIsHostAndPorts() {
    JncCommand command = new JncCommand();
    Jnc.commandLine(command, new PrintStream(err, true, UTF_8))
        .parseArgs("-l", "-p", "6666", "127.0.0.1", "1000-2000");

    NcOptions options = command.options();

    assertThat(options.localPort()).isEqualTo(6666);
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.ports()).hasToString("[1000-2000]");
  }

  private int run(String... args) {
    return Jnc.run(
        Channels.newChannel(new ByteArrayInputStream(new byte[0])),
        Channels.newChannel(out),
        new PrintStream(err, true, UTF_8),
        false,
        args);
  }

  private List<String> errLines() {
    return err.toString(UTF_8).lines().toList();
  }
}
