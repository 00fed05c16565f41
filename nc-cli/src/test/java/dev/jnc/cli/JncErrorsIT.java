package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.cli.testing.Launcher;
import dev.jnc.cli.testing.RunningProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a user sees from the real launcher when something is wrong: one line and an exit code. */
class JncErrorsIT {

  private static final Duration RUN_BOUND = Duration.ofSeconds(30);

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    Launcher.ensureBuilt();
  }

  @Test
  @Timeout(60)
  void refusedConnectExitsOneWithOneJncLine() throws Exception {
    // A bound socket that does not listen holds the port, so the kernel answers a SYN with RST.
    try (SocketChannel placeholder = SocketChannel.open()) {
      placeholder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) placeholder.getLocalAddress()).getPort();

      try (RunningProcess jnc =
          RunningProcess.start(Launcher.jnc("127.0.0.1", Integer.toString(port)), null, null)) {
        assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.NETWORK);
        assertThat(jnc.stderrLines())
            .containsExactly(
                "jnc: connect to 127.0.0.1 port " + port + " (tcp) failed: Connection refused");
      }
    }
  }

  @ParameterizedTest(name = "jnc {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          127.0.0.1 abc         | abc
          127.0.0.1 0           | 0
          127.0.0.1 70000       | 70000
          -p abc 127.0.0.1 80   | abc
          -p 70000 127.0.0.1 80 | 70000
          -l -p abc             | abc
          -l -p 70000           | 70000
          """)
  @Timeout(60)
  void badPortExitsTwoWithOneLineAndAHint(String args, String badPort) throws Exception {
    try (RunningProcess jnc = RunningProcess.start(Launcher.jnc(args.split(" ")), null, null)) {
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.USAGE);
      assertThat(jnc.stderrLines())
          .satisfiesExactly(
              line -> assertThat(line).startsWith("jnc: ").contains("invalid port " + badPort),
              line -> assertThat(line).isEqualTo("Try 'jnc -h' for more information."));
    }
  }

  @Test
  @Timeout(60)
  void helpGoesToStdoutAndExitsZero() throws Exception {
    Path help = dir.resolve("help.txt");
    try (RunningProcess jnc = RunningProcess.start(Launcher.jnc("-h"), null, help)) {
      assertThat(jnc.waitForExit(RUN_BOUND)).isEqualTo(ExitCode.OK);
      assertThat(jnc.stderrLines()).isEmpty();
    }
    assertThat(Files.readString(help))
        .contains("listen mode, for inbound connects")
        .contains("Exit status:");
  }
}
