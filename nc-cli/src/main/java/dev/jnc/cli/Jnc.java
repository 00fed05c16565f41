package dev.jnc.cli;

import dev.jnc.core.LastResort;
import dev.jnc.core.NcException;
import dev.jnc.core.io.DescriptorInput;
import dev.jnc.core.io.DescriptorOutput;
import dev.jnc.core.net.NetworkWarmUp;
import dev.jnc.core.net.SelectorProviderProperty;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import picocli.CommandLine;

/** Entry point of {@code jnc}. */
public final class Jnc {

  /**
   * Follows every usage error (exit 2), whether picocli found it while parsing or the run found it
   * later ({@code -n} with a name, {@code -g}, a missing {@code -e} program): one rule, no
   * exceptions to remember.
   */
  static final String HINT = "Try 'jnc -h' for more information.";

  private static final String ADDRESS_ORDER = "java.net.preferIPv6Addresses";

  private Jnc() {}

  public static void main(String[] args) {
    prepareProcess();
    // Raw descriptors, not System.in/out: no buffering or charset layer on the data path.
    ReadableByteChannel in =
        new DescriptorInput(new FileInputStream(FileDescriptor.in).getChannel(), 0);
    // With its number, the relay can splice received bytes into stdout.
    WritableByteChannel out =
        new DescriptorOutput(new FileOutputStream(FileDescriptor.out).getChannel(), 1);
    // Whether a person types here is left for the run to ask: a probe never needs to know.
    JncCommand command = command(in, out, System.err, null);
    command.growStdinPipe = true;
    MainExit.end(run(command, args));
  }

  /**
   * What a {@code jnc} process does before it reads its command line: the last word on what no one
   * caught ({@link LastResort}), the system's address order, and, each measured, two of picocli's
   * documented switches and the JDK's selector provider named, then work for the other core. (The
   * stdin pipe is grown later, and only for bulk data: {@link StdinPipeGrowth}.)
   */
  static void prepareProcess() {
    LastResort.install("jnc", System.err, ExitCode.NETWORK);
    useTheSystemsAddressOrder();
    // No search of the class path for Groovy, whose closures we do not use: it opens every jar.
    System.setProperty("picocli.disable.closures", "true");
    // No converters found by reflection (java.time, java.sql, Path), whose classes picocli would
    // load and initialise, ~3 ms: every option of ours has a plain type or its own converter.
    System.setProperty("picocli.converters.excludes", ".*");
    // No search of the class path for a selector provider either: it opened every jar.
    SelectorProviderProperty.nameTheJdksOwn();
    NetworkWarmUp.startInBackground(ExitPathWarmUp::openTheJars);
  }

  /**
   * A name's addresses in the system's order (getaddrinfo, /etc/gai.conf), as nc and ncat try them:
   * ::1 before 127.0.0.1 for a localhost with both. The JDK's own order puts IPv4 first, and a
   * datagram to localhost went to 127.0.0.1 where only ::1 listened. A user's choice stays. Read
   * once, when {@link java.net.InetAddress} is first used: before that, or not at all. It also
   * makes {@code ::1} the JDK's loopback address and {@code ::} its wildcard, which jnc names by
   * family instead ({@link dev.jnc.core.net.AddressFamily#wildcard}).
   */
  static void useTheSystemsAddressOrder() {
    if (System.getProperty(ADDRESS_ORDER) == null) {
      System.setProperty(ADDRESS_ORDER, "system");
    }
  }

  /**
   * Runs one {@code jnc} command line.
   *
   * @return the exit status
   */
  public static int run(
      ReadableByteChannel in,
      WritableByteChannel out,
      PrintStream err,
      boolean interactiveInput,
      String... args) {
    return run(command(in, out, err, interactiveInput), args);
  }

  static JncCommand command(
      ReadableByteChannel in, WritableByteChannel out, PrintStream err, Boolean interactiveInput) {
    JncCommand command = new JncCommand();
    command.input = in;
    command.output = out;
    command.err = err;
    command.interactiveInput = interactiveInput;
    return command;
  }

  static int run(JncCommand command, String... args) {
    WritableByteChannel out = command.output;
    CommandLine commandLine = commandLine(command, command.err);
    // Help and version go to our output channel, so that tests and pipes see them.
    commandLine.setOut(new PrintWriter(Channels.newOutputStream(out), true));
    return commandLine.execute(args);
  }

  /** The command line model alone, for the build's man page and completion generators. */
  public static CommandLine commandLine() {
    return commandLine(new JncCommand(), System.err);
  }

  static CommandLine commandLine(JncCommand command, PrintStream err) {
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine cl = new CommandLine(JncCommandModel.of(command));
    cl.setErr(errWriter);
    cl.setPosixClusteredShortOptionsAllowed(true);
    cl.setUnmatchedOptionsArePositionalParams(false);
    // As getopt reads it: the word after an option that takes a value is that value, even one that
    // looks like an option ("-q -4", "-G -4").
    cl.setAllowOptionsAsOptionParameters(true);
    // As getopt: an option given again takes its last value, so that an alias with a default
    // (alias nc='jnc -w 5') can be overridden (nc -w 1 ...).
    cl.setOverwrittenOptionsAllowed(true);
    HelpLayout.install(cl);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          errWriter.println("jnc: " + ex.getMessage());
          errWriter.println(HINT);
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean usage = ex instanceof NcException nc && nc.kind() == NcException.Kind.USAGE;
          errWriter.println("jnc: " + message(ex));
          if (usage) {
            errWriter.println(HINT);
          }
          if (Boolean.getBoolean("jnc.stackTrace")) {
            ex.printStackTrace(errWriter);
          }
          return usage ? ExitCode.USAGE : ExitCode.NETWORK;
        });
    return cl;
  }

  private static String message(Exception ex) {
    return ex.getMessage() == null ? ex.toString() : ex.getMessage();
  }
}
