package dev.jnc.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The picocli model of {@code jnc}'s command line, declared in code and bound to the fields of a
 * {@link JncCommand}. Not annotations: reading them costs every start some 40 ms (the JDK makes one
 * proxy class per annotation type at run time, which the AOT cache cannot keep), more than the
 * whole probe a {@code jnc -z} runs. The help, man page and completion scripts are made from this
 * same model.
 */
final class JncCommandModel {

  private JncCommandModel() {}

  static CommandSpec of(JncCommand command) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    command.spec = spec;
    spec.name("jnc").versionProvider(new VersionProvider());
    spec.usageMessage()
        .autoWidth(true)
        // On a line of its own: picocli's "Usage: " before the first line put its jnc seven
        // columns right of the others'.
        .synopsisHeading("Usage:%n")
        .customSynopsis(
            "connect to somewhere:  jnc [-options] hostname port[s] [ports] ...",
            "listen for inbound:    jnc -l -p port [-options] [hostname] [port]",
            "                       jnc -l [-options] [address] port")
        .description("A netcat for the JVM: moves bytes between stdin/stdout and a TCP connection.")
        .exitCodeListHeading("%nExit status:%n")
        .exitCodeList(exitCodes());

    // Declared here rather than as picocli's standard help options, to keep nc 1.10's wording.
    spec.addOption(
        flag(bind(() -> command.help, v -> command.help = v), "this cruft", "-h", "--help")
            .usageHelp(true)
            .build());
    spec.addOption(
        flag(
                bind(() -> command.version, v -> command.version = v),
                "print the version and exit",
                "-V",
                "--version")
            .versionHelp(true)
            .build());
    addFlag(
        spec,
        bind(() -> command.listen, v -> command.listen = v),
        "listen mode, for inbound connects",
        "-l");

    // Connection-level options: scanning, UDP, listening again, address families, detaching.
    addFlag(
        spec,
        bind(() -> command.zeroIo, v -> command.zeroIo = v),
        "zero-I/O mode [used for scanning]",
        "-z");
    addFlag(spec, bind(() -> command.udp, v -> command.udp = v), "UDP mode", "-u");
    addFlag(
        spec,
        bind(() -> command.randomPorts, v -> command.randomPorts = v),
        "randomize local and remote ports",
        "-r");
    addFlag(
        spec,
        bind(() -> command.listenHarder, v -> command.listenHarder = v),
        "listen harder, re-listen on socket close",
        "-L");
    addFlag(
        spec,
        bind(() -> command.keepListening, v -> command.keepListening = v),
        "keep listening: same as -L",
        "-k");
    addFlag(spec, bind(() -> command.ipv4, v -> command.ipv4 = v), "IPv4 addresses only", "-4");
    addFlag(spec, bind(() -> command.ipv6, v -> command.ipv6 = v), "IPv6 addresses only", "-6");
    addFlag(
        spec,
        bind(() -> command.detach, v -> command.detach = v),
        "detach from console, background mode",
        "-d");
    FieldBinding<List<String>> gateways = bind(() -> command.gateways, v -> command.gateways = v);
    spec.addOption(
        bound(OptionSpec.builder("-g"), gateways)
            .type(List.class)
            .auxiliaryTypes(String.class)
            .paramLabel("gateway")
            .description("source-routing hop point[s], up to 8 (refused: see docs)")
            .build());
    addValued(
        spec,
        String.class,
        bind(() -> command.hopPointer, v -> command.hopPointer = v),
        null,
        "num",
        "source-routing pointer: 4, 8, 12, ...",
        "-G");
    addFlag(
        spec,
        bind(() -> command.numeric, v -> command.numeric = v),
        "numeric-only IP addresses, no DNS",
        "-n");
    addValued(
        spec,
        String.class,
        bind(() -> command.localPort, v -> command.localPort = v),
        null,
        "port",
        "local port number",
        "-p");
    addValued(
        spec,
        String.class,
        bind(() -> command.localAddress, v -> command.localAddress = v),
        null,
        "addr",
        "local source address",
        "-s");
    // Repeated -v as boolean[], as picocli counts verbosity.
    FieldBinding<boolean[]> verbose = bind(() -> command.verbose, v -> command.verbose = v);
    spec.addOption(
        bound(OptionSpec.builder("-v"), verbose)
            .type(boolean[].class)
            .auxiliaryTypes(boolean.class)
            .arity("0")
            .description("verbose [use twice to be more verbose]")
            .build());
    addValued(
        spec,
        Duration.class,
        bind(() -> command.timeout, v -> command.timeout = v),
        new SecondsConverter(),
        "secs",
        "timeout for connects and final net reads",
        "-w");

    // Data-path options: what happens to the bytes on the way.
    addFlag(
        spec,
        bind(() -> command.crlf, v -> command.crlf = v),
        "send CRLF as line-ending (every LF not after a CR; received data untouched)",
        "-c",
        "-C");
    addValued(
        spec,
        String.class,
        bind(() -> command.execCommand, v -> command.execCommand = v),
        null,
        "prog",
        "program to exec after connect: -e 'prog args' (no shell; its exit status);"
            + " with -l/-L on a public address, anyone who connects runs it",
        "-e");
    addValued(
        spec,
        Duration.class,
        bind(() -> command.interval, v -> command.interval = v),
        new SecondsConverter(),
        "secs",
        "delay interval for lines sent (one line per write), ports scanned",
        "-i");
    addFlag(
        spec,
        bind(() -> command.shutdownAfterEof, v -> command.shutdownAfterEof = v),
        "shutdown the network socket after EOF on stdin (done unless --no-shutdown)",
        "-N");
    addFlag(
        spec,
        bind(() -> command.noShutdown, v -> command.noShutdown = v),
        "send no FIN at EOF on stdin: the peer ends it (nc 1.10's way)",
        "--no-shutdown");
    addValued(
        spec,
        Path.class,
        bind(() -> command.hexDumpFile, v -> command.hexDumpFile = v),
        Path::of,
        "file",
        "hex dump of traffic",
        "-o");
    addValued(
        spec,
        Duration.class,
        bind(() -> command.quitAfterEof, v -> command.quitAfterEof = v),
        new QuitSecondsConverter(),
        "secs",
        "quit secs after EOF on stdin (0: at once; negative: wait for the peer)",
        "-q");
    addFlag(
        spec,
        bind(() -> command.telnet, v -> command.telnet = v),
        "answer TELNET negotiation",
        "-t");

    // Terminal comforts: none of them touches the bytes.
    addFlag(
        spec,
        bind(() -> command.progress, v -> command.progress = v),
        "show bytes, rate and time on stderr while data flows (-v: after 3 s, if stdout is no terminal)",
        "--progress");
    addFlag(
        spec,
        bind(() -> command.noHistory, v -> command.noHistory = v),
        "keep no history of typed lines (else in ~/.jnc_history)",
        "--no-history");
    addValued(
        spec,
        Integer.class,
        bind(() -> command.datagramSize, v -> command.datagramSize = v),
        null,
        "bytes",
        "with -u: stdin is cut into datagrams of this size, the last of a read shorter"
            + " (default: one datagram per read, up to 65507)",
        "--datagram-size");

    FieldBinding<List<String>> positional =
        bind(() -> command.positional, v -> command.positional = v);
    spec.addPositional(
        bound(PositionalParamSpec.builder(), positional)
            .type(List.class)
            .auxiliaryTypes(String.class)
            .arity("0..*")
            .index("0..*")
            .paramLabel("hostname port")
            .description(
                "where to connect, or the listen filter; ports one by one, ranges m-n"
                    + " [inclusive], or service names")
            .build());
    return spec;
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "connection made and ended normally; with -z, at least one port open");
    codes.put(
        "1",
        "network failure: refused, unreachable, timed out, reset, unknown host; stdout refused"
            + " what arrived (a full disk); with -z, no port open");
    codes.put("2", "bad usage: unknown option, bad port or value, conflicting options");
    codes.put("130", "interrupted with Ctrl-C");
    codes.put("143", "stopped with kill (SIGTERM)");
    codes.put("other", "with -e, the program's own status (128+N when signal N ended it)");
    return codes;
  }

  private static void addFlag(
      CommandSpec spec, FieldBinding<Boolean> field, String description, String... names) {
    spec.addOption(flag(field, description, names).build());
  }

  private static OptionSpec.Builder flag(
      FieldBinding<Boolean> field, String description, String... names) {
    return bound(OptionSpec.builder(names), field)
        .type(boolean.class)
        .arity("0")
        .description(description);
  }

  private static <V> void addValued(
      CommandSpec spec,
      Class<V> type,
      FieldBinding<V> field,
      ITypeConverter<V> converter,
      String paramLabel,
      String description,
      String... names) {
    OptionSpec.Builder option =
        bound(OptionSpec.builder(names), field)
            .type(type)
            .paramLabel(paramLabel)
            .description(description);
    if (converter != null) {
      option.converters(converter);
    }
    spec.addOption(option.build());
  }

  /** Binds an option or parameter to a field, whose value before parsing is its initial value. */
  private static OptionSpec.Builder bound(OptionSpec.Builder builder, FieldBinding<?> field) {
    return builder.getter(field).setter(field).initialValue(field.read().get());
  }

  private static PositionalParamSpec.Builder bound(
      PositionalParamSpec.Builder builder, FieldBinding<?> field) {
    return builder.getter(field).setter(field).initialValue(field.read().get());
  }

  private static <V> FieldBinding<V> bind(Supplier<V> read, Consumer<V> write) {
    return new FieldBinding<>(read, write);
  }

  /** Reads and writes one field of the command, without reflection. */
  private record FieldBinding<V>(Supplier<V> read, Consumer<V> write) implements IGetter, ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) read.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      T previous = get();
      write.accept((V) value);
      return previous;
    }
  }
}
