package dev.jnc.cli;

import dev.jnc.core.NcException;
import dev.jnc.core.Netcat;
import dev.jnc.core.exec.CommandSplitter;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.PortRange;
import java.io.PrintStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code jnc} command: turns the command line into {@link NcOptions} and runs the engine. */
@Command(
    name = "jnc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    customSynopsis = {
      "connect to somewhere:  jnc [-options] hostname port[s] [ports] ...",
      "listen for inbound:    jnc -l -p port [-options] [hostname] [port]",
      "                       jnc -l [-options] [address] port",
    },
    description = "A netcat for the JVM: moves bytes between stdin/stdout and a TCP connection.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:connection made and ended normally",
      "1:network failure: refused, unreachable, timed out, reset, unknown host",
      "2:bad usage: unknown option, bad port or value"
    })
final class JncCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "-l", description = "listen mode, for inbound connects")
  boolean listen;

  @Option(names = "-n", description = "numeric-only IP addresses, no DNS")
  boolean numeric;

  @Option(
      names = "-p",
      paramLabel = "port",
      description = "local port number",
      converter = PortConverter.class)
  Integer localPort;

  @Option(names = "-s", paramLabel = "addr", description = "local source address")
  String localAddress;

  @Option(
      names = "-v",
      description = "verbose [use twice to be more verbose]",
      arity = "0")
  boolean[] verbose = new boolean[0];

  @Option(
      names = "-w",
      paramLabel = "secs",
      description = "timeout for connects and final net reads",
      converter = SecondsConverter.class)
  Duration timeout;

  // Data-path options: what happens to the bytes on the way.

  @Option(
      names = {"-c", "-C"},
      description = "send CRLF as line-ending (every LF not after a CR; received data untouched)")
  boolean crlf;

  @Option(
      names = "-e",
      paramLabel = "prog",
      description = "program to exec after connect: -e 'prog args' (no shell; its exit status)")
  String execCommand;

  @Option(
      names = "-i",
      paramLabel = "secs",
      description = "delay interval for lines sent (one line per write)",
      converter = SecondsConverter.class)
  Duration interval;

  @Option(
      names = "-N",
      description = "shutdown the network socket after EOF on stdin (always done)")
  boolean shutdownAfterEof;

  @Option(names = "-o", paramLabel = "file", description = "hex dump of traffic")
  Path hexDumpFile;

  @Option(
      names = "-q",
      paramLabel = "secs",
      description = "quit secs after EOF on stdin (0: at once; negative: wait for the peer)",
      converter = QuitSecondsConverter.class)
  Duration quitAfterEof;

  @Option(names = "-t", description = "answer TELNET negotiation")
  boolean telnet;

  @Parameters(paramLabel = "hostname port", description = "where to connect, or the listen filter")
  List<String> positional = new ArrayList<>();

  /** Filled in by {@link Jnc} before the command runs. */
  ReadableByteChannel input;

  WritableByteChannel output;
  PrintStream err;
  boolean interactiveInput;

  @Override
  public Integer call() throws NcException {
    NcOptions options = options();
    VerboseMessages messages = new VerboseMessages(err, verbose.length, numeric);
    ProgramStatus program = new ProgramStatus();
    new Netcat(
            options,
            event -> {
              program.onEvent(event);
              messages.onEvent(event);
            })
        .run(input, output);
    return program.exitStatus().orElse(ExitCode.OK);
  }

  /** Adds the data-path options to {@code builder}. */
  private void dataOptions(NcOptions.Builder builder) {
    builder.crlf(crlf).telnet(telnet).interval(interval).hexDumpFile(hexDumpFile);
    // -q with a negative value means "wait for the peer", which is also the default.
    builder.quitAfterEof(quitAfterEof == null || quitAfterEof.isNegative() ? null : quitAfterEof);
    if (execCommand != null) {
      try {
        builder.execCommand(CommandSplitter.split(execCommand));
      } catch (IllegalArgumentException e) {
        throw usage("-e: " + e.getMessage());
      }
    }
  }

  /** The one place where the command line becomes options and cross-option rules are checked. */
  NcOptions options() {
    NcOptions.Builder builder =
        NcOptions.builder()
            .numeric(numeric)
            .timeout(timeout)
            .localAddress(localAddress)
            .interactiveInput(interactiveInput);
    dataOptions(builder);
    if (listen) {
      builder.mode(NcOptions.Mode.LISTEN);
      if (localPort != null) {
        builder.localPort(localPort);
        if (!positional.isEmpty()) {
          builder.host(positional.getFirst()).ports(ports(positional.subList(1, positional.size())));
        }
      } else {
        // OpenBSD style: jnc -l [address] port
        switch (positional.size()) {
          case 0 -> {}
          case 1 -> builder.localPort(port(positional.getFirst()));
          case 2 -> {
            if (localAddress != null) {
              throw usage("give the listen address once: -s or an argument, not both");
            }
            builder.localAddress(positional.get(0)).localPort(port(positional.get(1)));
          }
          default -> throw usage("too many arguments for -l without -p");
        }
      }
    } else {
      if (positional.isEmpty()) {
        throw usage("no destination");
      }
      if (positional.size() < 2) {
        throw usage("no port[s] to connect to");
      }
      builder.host(positional.getFirst()).ports(ports(positional.subList(1, positional.size())));
      if (localPort != null) {
        builder.localPort(localPort);
      }
    }
    return builder.build();
  }

  private List<PortRange> ports(List<String> args) {
    List<PortRange> ranges = new ArrayList<>();
    for (String arg : args) {
      try {
        ranges.add(PortRange.parse(arg));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    return ranges;
  }

  private int port(String text) {
    try {
      return PortRange.parsePort(text);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
