package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.core.options.NcOptions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad and conflicting connection options: one line, the hint, exit 2; never a stack trace. */
@Timeout(30)
class UsageErrorTest {

  private static final String TRY = "Try 'jnc -h' for more information.";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-z -l -p 5                 | -z cannot be used with -l or -L (-k): a scan connects out",
        "-z -L -p 5                 | -z cannot be used with -l or -L (-k): a scan connects out",
        "-u -L -p 5                 | -L (-k) cannot be used with -u: a UDP listener keeps its"
            + " first peer",
        "-u -k -p 5                 | -L (-k) cannot be used with -u: a UDP listener keeps its"
            + " first peer",
        "-4 -6 127.0.0.1 5          | -4 and -6 cannot be used together",
        "-z 127.0.0.1 abc           | invalid port abc",
        "-z 127.0.0.1 70000         | invalid port 70000: must be 1-65535",
        "-G 5 127.0.0.1 5           | invalid hop pointer 5, must be multiple of 4 <= 28",
        "-G 32 127.0.0.1 5          | invalid hop pointer 32, must be multiple of 4 <= 28",
        "-G 0 127.0.0.1 5           | invalid hop pointer 0, must be multiple of 4 <= 28",
        "-G x 127.0.0.1 5           | invalid hop pointer 0, must be multiple of 4 <= 28",
      })
  void oneLineAndTheHint(String args, String message) {
    JncResult result = JncResult.run(args.trim().split(" +"));
    assertThat(result.err()).containsExactly("jnc: " + message, TRY);
    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void hopPointerMessagesMatchTraditional() throws Exception {
    for (String pointer : List.of("5", "32", "0", "x")) {
      PeerResult trad = PeerResult.run(PeerResult.TRADITIONAL, "-G", pointer, "127.0.0.1", "9");
      JncResult jnc = JncResult.run("-G", pointer, "127.0.0.1", "9");
      assertThat(jnc.err().getFirst()).isEqualTo("jnc: " + trad.err().getFirst());
    }
  }

  @Test
  void moreThanEightGatewaysAreTooMany() {
    List<String> args = new ArrayList<>();
    for (int hop = 1; hop <= 9; hop++) {
      args.addAll(List.of("-g", "10.0.0." + hop));
    }
    args.addAll(List.of("127.0.0.1", "9"));
    JncResult result = JncResult.run(args.toArray(String[]::new));
    assertThat(result.err()).containsExactly("jnc: too many -g hops", TRY);
    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void validSourceRouteIsRefusedInOneLine() {
    List<String> args = new ArrayList<>();
    for (int hop = 1; hop <= 8; hop++) {
      args.addAll(List.of("-g", "10.0.0." + hop));
    }
    args.addAll(List.of("-G", "28", "127.0.0.1", "9"));
    JncResult result = JncResult.run(args.toArray(String[]::new));
    assertThat(result.err()).containsExactly("jnc: " + SourceRouting.UNSUPPORTED, TRY);
    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void numericWithANameIsAUsageErrorLikeTraditional() throws Exception {
    JncResult jnc = JncResult.run("-n", "localhost", "9");
    PeerResult trad = PeerResult.run(PeerResult.TRADITIONAL, "-n", "localhost", "9");
    assertThat(jnc.err()).containsExactly("jnc: Can't parse localhost as an IP address", TRY);
    assertThat(jnc.err().getFirst()).isEqualTo("jnc: " + trad.err().getFirst());
    assertThat(jnc.exit()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aDirectoryOnStdinIsOneLineAndTheHintAndNoConnection(@TempDir Path dir) throws Exception {
    try (ServerSocketChannel peer =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FileChannel directory = FileChannel.open(dir);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      String port = Integer.toString(((InetSocketAddress) peer.getLocalAddress()).getPort());

      int exit =
          Jnc.run(
              directory,
              Channels.newChannel(OutputStream.nullOutputStream()),
              errStream,
              false,
              "127.0.0.1",
              port);

      assertThat(exit).isEqualTo(ExitCode.USAGE);
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .containsExactly("jnc: cannot read stdin: Is a directory", TRY);
      peer.configureBlocking(false);
      assertThat(peer.accept()).as("a connection made before the error").isNull();
    }
  }

  @Test
  void execWithZeroIoConflicts() {
    NcOptions options =
        NcOptions.builder().host("h").port(1).zeroIo(true).execCommand(List.of("/bin/cat")).build();
    assertThat(OptionRules.conflict(options))
        .isEqualTo("-e cannot be used with -z: a scan runs no program");
  }
}
