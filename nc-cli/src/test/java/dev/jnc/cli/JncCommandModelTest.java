package dev.jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option of the model reaches its own field of the command, and each field has one. */
class JncCommandModelTest {

  private final JncCommand command = new JncCommand();
  private final CommandLine commandLine =
      Jnc.commandLine(command, new PrintStream(PrintStream.nullOutputStream()));

  @Test
  void everyOptionSetsItsField() {
    commandLine.parseArgs(
        "-lzurLk46dn",
        "-g",
        "gw1",
        "-g",
        "gw2",
        "-G",
        "8",
        "-p",
        "6666",
        "-s",
        "127.0.0.2",
        "-vv",
        "-w",
        "2.5",
        "-C",
        "-e",
        "cat -n",
        "-i",
        "0.5",
        "-N",
        "-o",
        "dump.txt",
        "-q",
        "-1",
        "-t",
        "--progress",
        "--no-history",
        "--datagram-size",
        "1400",
        "example.org",
        "80",
        "8080");

    assertThat(
            new boolean[] {
              command.listen, command.zeroIo, command.udp, command.randomPorts,
              command.listenHarder, command.keepListening, command.ipv4, command.ipv6,
              command.detach, command.numeric, command.crlf, command.shutdownAfterEof,
              command.telnet, command.progress, command.noHistory
            })
        .containsOnly(true);
    assertThat(command.gateways).containsExactly("gw1", "gw2");
    assertThat(command.hopPointer).isEqualTo("8");
    assertThat(command.localPort).isEqualTo("6666");
    assertThat(command.localAddress).isEqualTo("127.0.0.2");
    assertThat(command.verbose).hasSize(2);
    assertThat(command.timeout).isEqualTo(Duration.ofMillis(2500));
    assertThat(command.execCommand).isEqualTo("cat -n");
    assertThat(command.interval).isEqualTo(Duration.ofMillis(500));
    assertThat(command.hexDumpFile).isEqualTo(Path.of("dump.txt"));
    assertThat(command.quitAfterEof).isNegative();
    assertThat(command.datagramSize).isEqualTo(1400);
    assertThat(command.positional).containsExactly("example.org", "80", "8080");
  }

  @Test
  void theWordAfterAnOptionThatTakesAValueIsItsValueAsGetoptReadsIt() {
    commandLine.parseArgs("-q", "-4", "-o", "-v", "example.org", "80");

    assertThat(command.quitAfterEof).isNegative();
    assertThat(command.ipv4).isFalse();
    assertThat(command.hexDumpFile).isEqualTo(Path.of("-v"));
    assertThat(command.verbose).isEmpty();
  }

  /**
   * getopt's rule, which every netcat follows: {@code alias nc='jnc -w 5'} then {@code nc -w 1}.
   */
  @Test
  void anOptionGivenAgainTakesItsLastValue() {
    commandLine.parseArgs(
        "-w", "5", "-p", "1000", "-n", "-w", "1", "-p", "2000", "-n", "-C", "-c", "h", "80");

    assertThat(command.timeout).isEqualTo(Duration.ofSeconds(1));
    assertThat(command.localPort).isEqualTo("2000");
    assertThat(command.numeric).isTrue();
    assertThat(command.crlf).isTrue();
  }

  @Test
  void unsetOptionsKeepTheirInitialValues() {
    commandLine.parseArgs("example.org", "80");

    assertThat(command.listen).isFalse();
    assertThat(command.verbose).isEmpty();
    assertThat(command.gateways).isEmpty();
    assertThat(command.timeout).isNull();
    assertThat(command.localPort).isNull();
    assertThat(command.positional).containsExactly("example.org", "80");
  }

  @Test
  void helpAndVersionAreTheModelsHelpOptions() {
    assertThat(commandLine.getCommandSpec().findOption("-h").usageHelp()).isTrue();
    assertThat(commandLine.getCommandSpec().findOption("--version").versionHelp()).isTrue();
    assertThat(commandLine.getCommandSpec().options())
        .extracting(OptionSpec::shortestName)
        .doesNotHaveDuplicates()
        .hasSize(29);
    assertThat(
            commandLine.getCommandSpec().options().stream()
                .flatMap(o -> Arrays.stream(o.names()))
                .toList())
        .contains("-c", "-C", "-L", "-k", "--datagram-size");
  }
}
