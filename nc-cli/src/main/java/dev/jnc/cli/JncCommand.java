package dev.jnc.cli;

import dev.jnc.cli.console.LineEditingConsole;
import dev.jnc.cli.console.TerminalConsole;
import dev.jnc.cli.progress.ProgressTicker;
import dev.jnc.cli.progress.TransferProgress;
import dev.jnc.core.NcException;
import dev.jnc.core.Netcat;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.exec.CommandSplitter;
import dev.jnc.core.net.AddressResolver;
import dev.jnc.core.net.PortSpec;
import dev.jnc.core.net.ServiceNames;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.options.NcOptions.IpVersion;
import dev.jnc.core.options.PortRange;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code jnc} command: turns the command line into {@link NcOptions} and runs the engine. Its
 * options are declared, and bound to these fields, in {@link JncCommandModel}.
 */
final class JncCommand implements Callable<Integer> {

  /** Set by {@link JncCommandModel}. */
  CommandSpec spec;

  // The options, in the order of the model.
  boolean help;
  boolean version;
  boolean listen;

  // Connection-level options: scanning, UDP, listening again, address families, detaching.
  boolean zeroIo;
  boolean udp;
  boolean randomPorts;
  boolean listenHarder;
  boolean keepListening;
  boolean ipv4;
  boolean ipv6;
  boolean detach;
  List<String> gateways = new ArrayList<>();
  String hopPointer;
  boolean numeric;
  String localPort;
  String localAddress;
  boolean[] verbose = new boolean[0];
  Duration timeout;

  // Data-path options: what happens to the bytes on the way.
  boolean crlf;
  String execCommand;
  Duration interval;
  boolean shutdownAfterEof;

  /** {@code --no-shutdown}: no FIN when stdin ends. */
  boolean noShutdown;

  Path hexDumpFile;
  Duration quitAfterEof;
  boolean telnet;

  // Terminal comforts: none of them touches the bytes.
  boolean progress;
  boolean noHistory;
  Integer datagramSize;
  List<String> positional = new ArrayList<>();

  /** Filled in by {@link Jnc} before the command runs. */
  ReadableByteChannel input;

  WritableByteChannel output;
  PrintStream err;

  /**
   * Whether a person types at stdin and reads stdout; {@code null}: ask the console when needed.
   */
  Boolean interactiveInput;

  /** Set when {@link #input} is this process's own stdin, whose pipe may then be grown. */
  boolean growStdinPipe;

  private final ServiceNames services = ServiceNames.system();
  private NcOptions.Protocol protocol = NcOptions.Protocol.TCP;

  @Override
  public Integer call() throws IOException {
    if (verbose.length > 0) {
      services.loadInBackground();
    }
    NcOptions options = options();
    checkSourceRouting(options);
    if (detach && !Detacher.isDetachedChild()) {
      new Netcat(options, NcListener.NONE).check();
      return Detacher.detach(
          spec.commandLine().getParseResult().originalArgs(), err, verbose.length > 0);
    }
    NcListener runningCue = Detacher.isDetachedChild() ? Detacher.runningCue(err) : NcListener.NONE;
    VerboseMessages messages =
        new VerboseMessages(
                err,
                verbose.length,
                numeric,
                services,
                options.protocol(),
                options.ports().stream().mapToInt(PortRange::size).sum() > 1)
            .scanning(options.zeroIo())
            .runningProgram(!options.execCommand().isEmpty())
            .ipv6Only(options.ipVersion() == NcOptions.IpVersion.V6)
            .peerNamed(typedPeerName(options))
            .listeningAgain(options.keepListening());
    ProgramStatus program = new ProgramStatus();
    ProgramReaper reaper = new ProgramReaper().expectingPrograms(!options.execCommand().isEmpty());
    boolean lineEditing = options.interactiveInput() && options.execCommand().isEmpty();
    TransferProgress meter = progressMeter(options, lineEditing);
    NcListener pipeGrowth = growStdinPipe ? new StdinPipeGrowth() : NcListener.NONE;
    boolean ok;
    try (TerminalConsole console = lineEditing ? openConsoleOrNone() : null;
        ProgressTicker ticker = meter == null ? null : new ProgressTicker(meter)) {
      ok =
          new Netcat(
                  options,
                  event -> {
                    program.onEvent(event);
                    reaper.onEvent(event);
                    pipeGrowth.onEvent(event);
                    if (meter != null) {
                      meter.onEvent(event);
                    }
                    messages.onEvent(event);
                    runningCue.onEvent(event);
                  })
              .run(
                  console == null ? input : console.input(),
                  console == null ? output : console.output());
    } catch (NcException e) {
      // With -v, nc 1.10's line has told the failure: it ends there, and so do we.
      if (e.kind() == NcException.Kind.NETWORK && messages.connectFailureShown()) {
        messages.finishedWithoutConnection();
        return ExitCode.NETWORK;
      }
      throw e;
    }
    if (options.zeroIo()) {
      messages.finishedWithoutConnection();
    }
    return program.exitStatus().orElse(ok ? ExitCode.OK : ExitCode.NETWORK);
  }

  /**
   * Asked only by a run that relays data (not by {@code -z}): the JDK's console service lookup took
   * ~1 ms of a probe's main thread.
   */
  private boolean interactiveInput() {
    if (interactiveInput == null) {
      var console = System.console();
      interactiveInput = console != null && console.isTerminal();
    }
    return interactiveInput;
  }

  /**
   * The host to connect to as typed, when it is a name; {@code null} for a literal or a listener.
   */
  private static String typedPeerName(NcOptions options) {
    return options.mode() == NcOptions.Mode.CONNECT
            && options.host() != null
            && AddressResolver.literal(options.host()) == null
        ? options.host()
        : null;
  }

  /**
   * The line editor, or {@code null} to read the terminal as it comes (the kernel's own line
   * editing) when the editor cannot set the terminal up: its stty killed with a background job that
   * was stopped setting the modes and then ended, or no stty at all. That failure ended the run
   * with the JDK's words ({@code jnc: java.io.IOException: Error executing '/usr/bin/stty ...'}),
   * where a netcat reads the terminal plainly.
   */
  private TerminalConsole openConsoleOrNone() {
    try {
      return openConsole();
    } catch (UncheckedIOException | IOError e) {
      // IOError: JLine's way to fail entering raw mode.
      return null;
    }
  }

  /** JLine is loaded only here, when a person types at a terminal. */
  private TerminalConsole openConsole() {
    // $HOME first, as shells do; the JVM's user.home comes from the password database.
    String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
    Path history = noHistory ? null : Path.of(home, ".jnc_history");
    // Ctrl-C quits at once, as it does netcat; 130 is the shell's status for SIGINT.
    return LineEditingConsole.open(history, () -> System.exit(130));
  }

  /**
   * The progress line: always with {@code --progress}; with {@code -v} when stderr is a terminal,
   * for connections that last; never while JLine owns the terminal or during a scan.
   */
  private TransferProgress progressMeter(NcOptions options, boolean lineEditing) {
    if (options.zeroIo() || lineEditing) {
      return null;
    }
    if (progress) {
      return new TransferProgress(err, Duration.ZERO);
    }
    // By itself only where the received data does not go to the same screen: drawn between the
    // peer's lines, the meter cut into them.
    if (verbose.length > 0 && Terminals.stderrIsTerminal() && !Terminals.stdoutIsTerminal()) {
      return new TransferProgress(err, Duration.ofSeconds(3));
    }
    return null;
  }

  /**
   * {@code -g}/{@code -G}: checked as nc 1.10 checks them (bad values are usage errors, a gateway
   * that does not resolve is a lookup failure), then refused: Java cannot send them.
   */
  private void checkSourceRouting(NcOptions options) throws NcException {
    if (hopPointer != null) {
      String error = SourceRouting.pointerError(hopPointer);
      if (error != null) {
        throw usage(error);
      }
    }
    String hops = SourceRouting.hopsError(gateways);
    if (hops != null) {
      throw usage(hops);
    }
    if (gateways.isEmpty() && hopPointer == null) {
      return;
    }
    AddressResolver resolver = new AddressResolver(numeric, options.ipVersion());
    for (String gateway : gateways) {
      resolver.resolveOne(gateway);
    }
    throw NcException.usage(SourceRouting.UNSUPPORTED);
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
    if (ipv4 && ipv6) {
      throw usage("-4 and -6 cannot be used together");
    }
    protocol = udp ? NcOptions.Protocol.UDP : NcOptions.Protocol.TCP;
    boolean harder = listenHarder || keepListening;
    NcOptions.Builder builder =
        NcOptions.builder()
            .protocol(protocol)
            .zeroIo(zeroIo)
            .randomPorts(randomPorts)
            .keepListening(harder)
            .ipVersion(ipv4 ? IpVersion.V4 : ipv6 ? IpVersion.V6 : IpVersion.ANY)
            .numeric(numeric)
            .timeout(timeout)
            .localAddress(localAddress)
            .interactiveInput(!zeroIo && interactiveInput())
            .noShutdown(noShutdown);
    if (noShutdown && shutdownAfterEof) {
      throw usage("-N and --no-shutdown: one sends FIN at the end of stdin, the other none");
    }
    if (datagramSize != null) {
      if (datagramSize < 1 || datagramSize > NcOptions.MAX_DATAGRAM) {
        throw usage("--datagram-size: must be 1 to " + NcOptions.MAX_DATAGRAM);
      }
      if (!udp) {
        throw usage("--datagram-size cuts UDP datagrams: use it with -u");
      }
      builder.datagramSize(datagramSize);
    }
    dataOptions(builder);
    if (listen || harder) {
      builder.mode(NcOptions.Mode.LISTEN);
      if (localPort != null) {
        builder.localPort(localPort(localPort, "Invalid value for option '-p': "));
        if (!positional.isEmpty()) {
          builder
              .host(positional.getFirst())
              .ports(ports(positional.subList(1, positional.size())));
        }
      } else {
        // OpenBSD style: jnc -l [address] port
        switch (positional.size()) {
          case 0 -> {}
          case 1 -> builder.localPort(localPort(positional.getFirst(), ""));
          case 2 -> {
            if (localAddress != null) {
              throw usage("give the listen address once: -s or an argument, not both");
            }
            builder.localAddress(positional.get(0)).localPort(localPort(positional.get(1), ""));
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
        builder.localPort(localPort(localPort, "Invalid value for option '-p': "));
      }
    }
    NcOptions options = builder.build();
    String conflict = OptionRules.conflict(options);
    if (conflict != null) {
      throw usage(conflict);
    }
    return options;
  }

  private List<PortRange> ports(List<String> args) {
    List<PortRange> ranges = new ArrayList<>();
    for (String arg : args) {
      try {
        ranges.add(new PortSpec(services, protocol).parse(arg));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    return ranges;
  }

  /**
   * A port to listen on or send from ({@code -p}, or {@code -l}'s argument): a number or a service
   * name, as a destination port is, and also 0 for any free port.
   *
   * @param option how an error names where the port came from, as picocli's do for {@code -p}
   */
  private int localPort(String text, String option) {
    String number = text.strip();
    if (number.matches("-?[0-9]+")) {
      long port = number.length() > 7 ? Long.MAX_VALUE : Long.parseLong(number);
      if (port < 0 || port > PortRange.MAX_PORT) {
        throw usage(option + "invalid port " + text + ": must be 0-65535 (0: any free port)");
      }
      return (int) port;
    }
    try {
      return new PortSpec(services, protocol).port(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
