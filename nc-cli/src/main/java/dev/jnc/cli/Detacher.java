package dev.jnc.cli;

import dev.jnc.core.event.NcEvent;
import dev.jnc.core.event.NcListener;
import dev.jnc.core.io.Libc;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code -d}: runs the same command line again in a new JVM with no terminal (input from the null
 * device, output to it), and lets the caller exit. Java cannot fork, so this is how a JVM program
 * "backgrounds" itself. Where {@code setsid} exists the child also leaves our session, so closing
 * the terminal does not hang it up.
 *
 * <p>The caller returns once the copy listens or is connected, and passes on what the copy said
 * until then: a copy that fails at once (a port in use, a refused connect) ends the caller with its
 * message and status, where the caller said "detached" and exited 0 while nothing ran, and {@code
 * -v} shows the port a {@code -p 0} listener got.
 */
final class Detacher {

  /** Set in the child so that it runs instead of detaching again. */
  static final String CHILD_PROPERTY = "jnc.detached";

  private static final int O_WRONLY = 1;
  private static final int STDERR = 2;

  /** The line with which the copy tells its caller that it runs; the caller does not show it. */
  static final String RUNNING = "jnc-detached: running";

  /**
   * How long the caller waits for the copy to listen or connect before it returns anyway: a connect
   * may take minutes of SYN retries, and the copy goes on with it.
   */
  static final Duration START_BOUND = Duration.ofSeconds(5);

  private Detacher() {}

  static boolean isDetachedChild() {
    return Boolean.getBoolean(CHILD_PROPERTY);
  }

  /**
   * In the copy: says {@link #RUNNING} on {@code err} at the first listen or connection, then puts
   * the null device in place of its stderr. Its caller stops reading then, and what the copy or an
   * {@code -e} program writes later to a pipe nobody reads would kill it (SIGPIPE: a shell run by
   * {@code -e} died at its first error message).
   */
  static NcListener runningCue(PrintStream err) {
    AtomicBoolean told = new AtomicBoolean();
    return event -> {
      if ((event instanceof NcEvent.Listening
              || event instanceof NcEvent.Connected
              || event instanceof NcEvent.Accepted)
          && told.compareAndSet(false, true)) {
        err.println(RUNNING);
        err.flush();
        stderrToNullDevice();
      }
    };
  }

  /** {@code dup2} of the null device over descriptor 2; left as it is where that cannot be done. */
  private static void stderrToNullDevice() {
    Optional<Libc> libc = Libc.forModuleOf(Detacher.class);
    if (libc.isEmpty()) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      long nullDevice =
          libc.get()
              .wordCall("open")
              .call(state, arena.allocateFrom("/dev/null").address(), O_WRONLY);
      if (nullDevice >= 0) {
        libc.get().wordCall("dup2").call(state, nullDevice, STDERR);
        libc.get().wordCall("close").call(state, nullDevice);
      }
    }
  }

  /**
   * Starts the detached copy and waits (up to {@link #START_BOUND}) until it runs, passing on to
   * {@code err} what it says meanwhile.
   *
   * @param args the original command line, {@code -d} included: the child ignores it
   * @param verbose whether to say {@code jnc: detached, pid N}
   * @return the caller's exit status: 0 once the copy runs, the copy's own if it ended first
   */
  static int detach(List<String> args, PrintStream err, boolean verbose) throws IOException {
    Process child = launch(args);
    BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader said =
                  new BufferedReader(
                      new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = said.readLine(); line != null; line = said.readLine()) {
                  lines.add(Optional.of(line));
                }
              } catch (IOException | UncheckedIOException e) {
                // The copy's stderr closed under the read: the same as its end.
              }
              lines.add(Optional.empty());
            });
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    try {
      while (true) {
        Optional<String> line =
            lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.isPresent() && line.get().equals(RUNNING)) {
          break;
        }
        if (line.isEmpty()) {
          return child.waitFor();
        }
        err.println(line.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (verbose) {
      err.println("jnc: detached, pid " + child.pid());
    }
    return ExitCode.OK;
  }

  private static Process launch(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      command.add(setsid.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-D" + CHILD_PROPERTY + "=true");
    command.addAll(jvmOptions());
    command.add(Jnc.class.getName());
    command.addAll(args);
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    return new ProcessBuilder(command)
        .redirectInput(new File(windows ? "NUL" : "/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * The options this JVM was started with, where the system tells them (the launchers' native
   * access, AOT cache and collector); else the class path and native access. Without native access
   * the detached copy had no FIFO for {@code -e}, and lost what a program's children wrote after it
   * exited.
   */
  private static List<String> jvmOptions() {
    List<String> ours = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    int main = ours.indexOf(Jnc.class.getName());
    if (main >= 0) {
      return ours.subList(0, main);
    }
    return List.of(
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"));
  }
}
