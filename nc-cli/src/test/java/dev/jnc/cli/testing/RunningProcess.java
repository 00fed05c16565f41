package dev.jnc.cli.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A started process whose stdin and stdout are files (so data goes in and out byte for byte, with
 * no test thread in between) and whose stderr is collected line by line, to wait for a ready line
 * and to assert on every line. Closing it destroys the process if it still runs.
 */
public final class RunningProcess implements AutoCloseable {

  private final Process process;
  private final List<String> stderr = new ArrayList<>();
  private final CountDownLatch stderrEnded = new CountDownLatch(1);

  private RunningProcess(Process process) {
    this.process = process;
    Thread.ofPlatform().name("stderr-of-" + process.pid()).daemon().start(this::collectStderr);
  }

  /**
   * Starts {@code command} in the worktree root.
   *
   * @param stdin a file to read, or {@code null} for an empty input
   * @param stdout a file to write, or {@code null} to discard
   */
  public static RunningProcess start(List<String> command, Path stdin, Path stdout)
      throws IOException {
    return start(
        command,
        ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()),
        stdout);
  }

  /**
   * Starts {@code command} with an empty stdin and its stdout opened for appending to {@code
   * stdout}, as the shell's {@code >>} does.
   */
  public static RunningProcess startAppending(List<String> command, Path stdout)
      throws IOException {
    return start(
        command,
        ProcessBuilder.Redirect.from(new File("/dev/null")),
        ProcessBuilder.Redirect.appendTo(stdout.toFile()));
  }

  /**
   * Starts {@code command} with a stdin pipe that stays open, sending nothing, until {@link
   * #close}: an input that never ends, as a terminal left alone.
   */
  public static RunningProcess startWithOpenStdin(List<String> command, Path stdout)
      throws IOException {
    return start(command, ProcessBuilder.Redirect.PIPE, stdout);
  }

  /**
   * Starts {@code command} with pipes for stdin and stdout, which the test writes with {@link
   * #stdin} and reads with {@link #stdout}: the process sees pipes, as in {@code a | jnc | b}.
   */
  public static RunningProcess startWithPipes(List<String> command) throws IOException {
    return start(command, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
  }

  private static RunningProcess start(
      List<String> command, ProcessBuilder.Redirect stdin, Path stdout) throws IOException {
    return start(
        command,
        stdin,
        stdout == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(stdout.toFile()));
  }

  private static RunningProcess start(
      List<String> command, ProcessBuilder.Redirect stdin, ProcessBuilder.Redirect stdout)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Launcher.ROOT.toFile())
            .redirectInput(stdin)
            .redirectOutput(stdout);
    return new RunningProcess(builder.start());
  }

  /** The process's stdin, when started with a pipe for it. */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** The process's stdout, when started with {@link #startWithPipes}. */
  public InputStream stdout() {
    return process.getInputStream();
  }

  /** The process id: {@code bin/jnc} execs the JVM, so this is the JVM's own. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void collectStderr() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (stderr) {
          stderr.add(line);
          stderr.notifyAll();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stderrEnded.countDown();
      synchronized (stderr) {
        stderr.notifyAll();
      }
    }
  }

  /**
   * Waits for a stderr line matching {@code pattern} and returns its match; fails when the bound
   * passes or stderr ends first.
   */
  public Matcher awaitStderr(Pattern pattern, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int seen = 0;
    synchronized (stderr) {
      while (true) {
        for (; seen < stderr.size(); seen++) {
          Matcher match = pattern.matcher(stderr.get(seen));
          if (match.matches()) {
            return match;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || stderrEnded.getCount() == 0) {
          throw new AssertionError(
              "no stderr line matching " + pattern + " within " + bound + "; stderr: " + stderr);
        }
        TimeUnit.NANOSECONDS.timedWait(stderr, left);
      }
    }
  }

  /**
   * The port of jnc's {@code listening on [...] PORT ...} line at {@code -v}, once it came; fails
   * as {@link #awaitStderr} does.
   */
  public int awaitListeningPort(Duration bound) throws InterruptedException {
    return Integer.parseInt(awaitStderr(LISTENING, bound).group(1));
  }

  private static final Pattern LISTENING =
      Pattern.compile("listening on \\[.+\\] (\\d+) \\.\\.\\.");

  /** Ends the input of a process started with {@link #startWithOpenStdin}. */
  public void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the exit and for all of stderr; fails if the process does not end in time. */
  public int waitForExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "process "
              + process.info().commandLine().orElse("?")
              + " still running after "
              + bound
              + "; stderr: "
              + stderrLines());
    }
    if (!stderrEnded.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("stderr still open after the process exited");
    }
    return process.exitValue();
  }

  /** The stderr lines so far; all of them once {@link #waitForExit} returned. */
  public List<String> stderrLines() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
