package dev.jnc.core.exec;

import dev.jnc.core.NcException;
import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcEvent.CloseReason;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.FileErrorReason;
import dev.jnc.core.net.AddressText;
import dev.jnc.core.options.NcOptions;
import dev.jnc.core.tcp.DataPath;
import dev.jnc.core.tcp.InputPump;
import dev.jnc.core.tcp.OutputPump;
import dev.jnc.core.tcp.RelaySettings;
import dev.jnc.core.tcp.StreamRelay;
import dev.jnc.core.udp.DatagramProgram;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -e} program: checked before any connection is made, then started once per connection
 * with its stdin and stdout on the socket and its stderr on ours.
 *
 * <p>The peer's FIN closes the program's stdin, but the connection stays up until the program's
 * stdout has ended and everything it wrote has been sent, so a peer that half-closes at once still
 * gets the whole answer (ncat loses it: nmap PR #2510).
 *
 * <p>Over UDP ({@link #forDatagrams}) the program starts once the peer is known, reads the payload
 * of each datagram from the peer on its stdin and sends each read of its stdout as one datagram;
 * the session lasts until its output has ended and it has exited.
 *
 * <p>A program that neither reads nor exits is waited for, as nc 1.10 waits (its {@code -e} program
 * replaces nc). With {@code -w} or {@code -q} the wait is bounded: they count from the peer's FIN
 * or the end of the program's output, whichever comes first, and when they expire the program is
 * stopped (SIGTERM, then SIGKILL after {@value #STOP_GRACE_SECONDS} s) and its status reported.
 *
 * <p>The program finds the connection in its environment: {@code JNC_REMOTE_ADDR}, {@code
 * JNC_REMOTE_PORT}, {@code JNC_LOCAL_ADDR}, {@code JNC_LOCAL_PORT} and {@code JNC_PROTO}, like
 * ncat's {@code NCAT_*} variables. What the launcher set for the JVM alone, named by the system
 * property {@value #LAUNCHER_ENV} ({@code MALLOC_ARENA_MAX}), is not passed on: the program gets
 * the environment the user gave jnc.
 */
public final class ChildProgram {

  /**
   * The system property by which a launcher names, comma-separated, variables it set for the JVM.
   */
  static final String LAUNCHER_ENV = "jnc.launcherEnv";

  /** How long a program told to stop (connection reset, timed out) gets before it is killed. */
  private static final long STOP_GRACE_SECONDS = 2;

  private final List<String> command;

  private ChildProgram(List<String> command) {
    this.command = List.copyOf(command);
  }

  /**
   * Finds the program ({@code PATH} is searched for a name without a slash) and checks that it can
   * be run.
   *
   * @throws NcException a usage error when the program is missing or not executable
   */
  public static ChildProgram resolve(List<String> command) throws NcException {
    if (command.isEmpty() || command.getFirst().isEmpty()) {
      throw NcException.usage("no program to run with -e");
    }
    String name = command.getFirst();
    Path program = find(name);
    if (program == null) {
      throw NcException.usage("cannot run " + name + ": No such file or directory");
    }
    if (Files.isDirectory(program) || !Files.isExecutable(program)) {
      throw NcException.usage("cannot run " + name + ": Permission denied");
    }
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, program.toString());
    return new ChildProgram(resolved);
  }

  private static Path find(String name) throws NcException {
    try {
      if (name.contains(File.separator)) {
        Path path = Path.of(name);
        // Not Files.exists, which says false for a program in a folder we may not enter.
        Files.readAttributes(path, BasicFileAttributes.class);
        return path;
      }
      Optional<Path> onPath = SearchPath.find(name);
      if (onPath.isPresent()) {
        return onPath.get();
      }
      // Where nc 1.10 and ncat, which search no PATH, find it.
      Path here = Path.of(name).toAbsolutePath();
      return Files.isRegularFile(here) ? here : null;
    } catch (InvalidPathException | NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw NcException.usage("cannot run " + name + ": " + FileErrorReason.of(e));
    }
  }

  /** The command line that will run, with the program's path resolved. */
  public List<String> command() {
    return command;
  }

  /**
   * Runs the program on {@code socket} until the connection is over and the program has exited,
   * emitting {@link NcEvent.ProgramStarted} and {@link NcEvent.ProgramExited} around the relay.
   */
  public NcEvent.Closed serve(
      SocketChannel socket, RelaySettings settings, DataPath dataPath, NcListener listener)
      throws IOException {
    Started started = start(socket);
    Process process = started.process();
    listener.onEvent(new NcEvent.ProgramStarted(System.nanoTime(), process.pid(), command));
    boolean exited = false;
    // The output's end is closed with the connection, not left to the collector: a child the
    // program left writing to it (a -L server's `yes` whose client left) then gets its SIGPIPE
    // instead of blocking for as long as the server runs.
    try (ReadableByteChannel outputEnd = started.output();
        InputPump programOutput =
            new InputPump(
                outputEnd, StreamRelay.BUFFER_SIZE, "jnc-exec-out-" + process.pid(), false);
        OutputPump programInput =
            new OutputPump(
                new OutputStreamChannel(process.getOutputStream()),
                StreamRelay.BUFFER_SIZE,
                "jnc-exec-in-" + process.pid())) {
      programOutput.start();
      NcEvent.Closed closed =
          new StreamRelay(socket, programOutput, programInput, settings, dataPath, listener)
              .untilProgramExits(process.onExit())
              .run();
      programInput.close();
      boolean stopping = closed.reason() != CloseReason.COMPLETE;
      if (stopping) {
        process.destroy();
      }
      int status = stopping ? waitFor(process, true) : waitForEnd(process, settings);
      exited = true;
      listener.onEvent(new NcEvent.ProgramExited(System.nanoTime(), status));
      return closed;
    } finally {
      if (!exited) {
        process.destroy();
        int status = waitFor(process, true);
        listener.onEvent(new NcEvent.ProgramExited(System.nanoTime(), status));
      }
    }
  }

  /**
   * The program for a UDP session ({@code -u -e}): each read of its stdout, up to {@code
   * datagramSize} bytes, goes out as one datagram.
   */
  public DatagramProgram forDatagrams(int datagramSize, NcListener listener) {
    return (local, peer) -> {
      Started started = start(local, peer, "UDP");
      listener.onEvent(
          new NcEvent.ProgramStarted(System.nanoTime(), started.process().pid(), command));
      return new RunningOnDatagrams(started, datagramSize, listener);
    };
  }

  /** A program started for a UDP peer, with its two pipes pumped on their own threads. */
  private static final class RunningOnDatagrams implements DatagramProgram.Running {

    private final Process process;
    private final ReadableByteChannel outputEnd;
    private final InputPump output;
    private final OutputPump input;
    private final NcListener listener;

    RunningOnDatagrams(Started started, int datagramSize, NcListener listener) {
      this.process = started.process();
      this.outputEnd = started.output();
      this.listener = listener;
      this.output =
          new InputPump(started.output(), datagramSize, "jnc-exec-out-" + process.pid(), false);
      // Room for the largest datagram, so that one datagram is always one write.
      this.input =
          new OutputPump(
              new OutputStreamChannel(process.getOutputStream()),
              NcOptions.MAX_RECEIVED_DATAGRAM + 1,
              "jnc-exec-in-" + process.pid());
    }

    @Override
    public InputPump output() {
      return output;
    }

    @Override
    public OutputPump input() {
      return input;
    }

    @Override
    public CompletableFuture<?> exited() {
      return process.onExit();
    }

    @Override
    public void finish(boolean completed) throws IOException {
      input.close();
      output.close();
      if (!completed) {
        process.destroy();
      }
      int status;
      try {
        status = waitFor(process, !completed);
      } finally {
        outputEnd.close();
      }
      listener.onEvent(new NcEvent.ProgramExited(System.nanoTime(), status));
    }
  }

  /** A started program and the channel its stdout comes through. */
  private record Started(Process process, ReadableByteChannel output) {}

  private static void removeLaunchersOwn(Map<String, String> env) {
    for (String name : System.getProperty(LAUNCHER_ENV, "").split(",")) {
      env.remove(name.strip());
    }
  }

  private Started start(SocketChannel socket) throws IOException {
    return start(
        (InetSocketAddress) socket.getLocalAddress(),
        (InetSocketAddress) socket.getRemoteAddress(),
        "TCP");
  }

  private Started start(InetSocketAddress local, InetSocketAddress remote, String protocol)
      throws IOException {
    Optional<OutputFifo> fifo = OutputFifo.create();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(
                fifo.isPresent()
                    ? ProcessBuilder.Redirect.to(fifo.get().redirect())
                    : ProcessBuilder.Redirect.PIPE)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> env = builder.environment();
    removeLaunchersOwn(env);
    env.put("JNC_REMOTE_ADDR", AddressText.of(remote.getAddress()));
    env.put("JNC_REMOTE_PORT", Integer.toString(remote.getPort()));
    env.put("JNC_LOCAL_ADDR", AddressText.of(local.getAddress()));
    env.put("JNC_LOCAL_PORT", Integer.toString(local.getPort()));
    env.put("JNC_PROTO", protocol);
    if (fifo.isPresent()) {
      fifo.get().start();
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      if (fifo.isPresent()) {
        fifo.get().abandon();
      }
      // Checked before the connection, it ran then: this is the system's refusal now (a script
      // whose interpreter line is wrong), an error of the run, not of the command line.
      throw NcException.network("cannot run " + command.getFirst() + ": " + reason(e));
    }
    if (fifo.isEmpty()) {
      return new Started(process, Channels.newChannel(process.getInputStream()));
    }
    try {
      return new Started(process, fifo.get().reader());
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * The system's reason in the JDK's message: {@code Cannot run program "x": Exec failed, error: 2
   * (No such file or directory)} or {@code ...: error=13, Permission denied}. Its first line only:
   * when the system refuses a process (EAGAIN under a low {@code ulimit -u}), the JDK adds eight
   * lines of advice about its spawn helper and reinstalling the JDK, which do not apply.
   */
  static String reason(IOException e) {
    String message =
        e.getMessage() == null
            ? e.toString()
            : e.getMessage().strip().lines().findFirst().orElse("").strip();
    Matcher inParentheses = Pattern.compile("error: \\d+ \\((.+)\\)$").matcher(message);
    if (inParentheses.find()) {
      return inParentheses.group(1);
    }
    Matcher afterNumber = Pattern.compile("error=\\d+, (.+)$").matcher(message);
    return afterNumber.find() ? afterNumber.group(1) : message;
  }

  /**
   * Waits for a program whose output has ended: for as long as it takes, as nc 1.10 would, unless
   * {@code -q} or {@code -w} bound the wait (to at least the stop grace, so that a program just
   * about to exit, as after {@code -q 0}, keeps its own status); past the bound it is stopped.
   */
  private static int waitForEnd(Process process, RelaySettings settings) throws IOException {
    Duration bound =
        settings.quitAfterEof() != null
            ? settings.quitAfterEof()
            : settings.timeout() != null ? settings.timeout() : null;
    if (bound == null) {
      return waitFor(process, false);
    }
    long millis = Math.max(bound.toMillis(), TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
    try {
      if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for " + command0(process), e);
    }
    process.destroy();
    return waitFor(process, true);
  }

  /** Waits for the exit status; a program being stopped that ignores SIGTERM is killed. */
  private static int waitFor(Process process, boolean stopping) throws IOException {
    try {
      if (stopping && !process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for " + command0(process), e);
    }
  }

  private static String command0(Process process) {
    return process.info().command().orElse("the program");
  }
}
