package dev.jnc.lab.cli;

import dev.jnc.lab.lifecycle.Stopping;
import dev.jnc.lab.observe.SocketObserver;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.record.StateRecorder;
import dev.jnc.lab.report.NetstatFormatter;
import dev.jnc.lab.scenario.LabException;
import dev.jnc.lab.watch.ChangeFormatter;
import dev.jnc.lab.watch.ChangeLog;
import dev.jnc.lab.watch.LiveScreen;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code lab watch --port N}: every socket on a port and every change of state, live. */
final class WatchCommand implements Callable<Integer> {

  /**
   * JLine's own log, kept quiet: a TERM without a terminfo entry printed a stack trace at start.
   * Held here: the JDK keeps loggers weakly, and a collected one loses its level.
   */
  private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

  /** The shell's status for SIGINT, which a watch stopped at its screen returns as it would. */
  private static final int STOPPED_BY_CTRL_C = 130;

  /** Set by Ctrl-C at the screen. */
  private volatile boolean stopped;

  /** Pause between samples: fast enough for a person, cheap for netlink. */
  private static final long POLL_PAUSE_NANOS = 2_000_000;

  /**
   * Pause between samples while the tracepoint reports every change: the samples then add only what
   * it never reports, TIME_WAIT and a held SYN_RECEIVED, and the merge dates their start from the
   * trace (HistoryMerger). A sample that is a dump walks the machine's whole socket table, and an
   * idle traced watch took 43 % of a core at the polling observers' pause.
   */
  private static final long TRACED_POLL_PAUSE_NANOS = 50_000_000;

  /** How often the terminal view is redrawn, changed or not (the ages tick). */
  private static final long REDRAW_NANOS = 100_000_000;

  private final CommandSpec spec =
      LabCommandModel.command(
          this,
          "watch",
          "Show every socket on a port and every state change, live, until Ctrl-C.",
          "On a terminal the view is redrawn in place; with output piped, one line per change.");

  private int port;

  private final StateNamesOption stateNames = new StateNamesOption();

  private final ObserverOption observerOption = new ObserverOption();

  /** Declares {@code lab watch}'s options and parameters, bound to this command's fields. */
  WatchCommand() {
    spec.addOption(
        new FieldBinding<Integer>(() -> port, v -> port = v)
            .option("--port")
            .type(int.class)
            .required(true)
            .paramLabel("N")
            .description("the port to watch, at either end of a connection")
            .build());
    stateNames.declareIn(spec);
    observerOption.declareIn(spec);
    // A watch has no scenario to pass or fail: it runs until it is stopped.
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(ExitCode.USAGE), "bad usage: bad port or option");
    codes.put(
        String.valueOf(ExitCode.CANNOT_RUN),
        "cannot watch here: no usable observer, no permission");
    codes.put("130", "stopped with Ctrl-C, the way a watch ends (143 when stopped by kill)");
    spec.usageMessage().exitCodeList(codes);
  }

  /** {@code lab watch}'s command line. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (port < 1 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), "invalid port " + port + ": must be 1-65535");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SocketObserver observer = observerOption.open()) {
      StateRecorder recorder = new StateRecorder(observer, port);
      String header =
          "lab watch: port "
              + port
              + ", "
              + observerOption.explanation()
              // A polled change may skip states that passed between two polls: say so.
              + (recorder.traced() ? "" : "; sampled, so a state shorter than a poll is not seen")
              + "; Ctrl-C to stop";
      ChangeFormatter changes =
          new ChangeFormatter(stateNames.names, Instant.now(), System.nanoTime());
      Terminal terminal = onScreen() ? screenTerminal() : null;
      if (terminal != null) {
        try (terminal) {
          // Ctrl-C ends the watch through its own loop, so that the observer's cleanup runs (its
          // tracefs instance): JLine's default handler killed the JVM without its shutdown hooks.
          terminal.handle(Terminal.Signal.INT, signal -> stopped = true);
          LiveScreen screen =
              new LiveScreen(terminal, header, new NetstatFormatter(stateNames.names), changes);
          watchOnScreen(recorder, screen);
        }
        return STOPPED_BY_CTRL_C;
      }
      out.println(header);
      out.flush();
      watchAsLines(recorder, new ChangeLog(out, changes));
      return ExitCode.OK;
    } catch (IOException e) {
      if (stoppedMeanwhile()) {
        // Ctrl-C reaches the whole process group: a netstat run for a snapshot died of it, or
        // could not be started, before our own stop began; that is the stop, not a failure.
        return STOPPED_BY_CTRL_C;
      }
      throw e;
    } catch (LabException e) {
      if (!Stopping.started()) {
        spec.commandLine().getErr().println("lab: " + e.getMessage());
      }
      return ExitCode.CANNOT_RUN;
    }
  }

  /**
   * Whether the JVM is stopping, given the moment a signal takes to reach our own shutdown after it
   * ended a snapshot's process: up to 500 ms, in 10 ms steps.
   */
  private static boolean stoppedMeanwhile() throws InterruptedException {
    for (int i = 0; i < 50 && !Stopping.started(); i++) {
      Thread.sleep(10);
    }
    return Stopping.started();
  }

  private static boolean onScreen() {
    return System.console() != null && System.console().isTerminal();
  }

  /**
   * The terminal to draw the live screen on, or {@code null} when it cannot move the cursor (a dumb
   * terminal, or a TERM without a terminfo entry): the watch then prints a line per change, as it
   * does into a pipe, where the screen turned into garbage.
   */
  private static Terminal screenTerminal() throws IOException {
    JLINE_LOG.setLevel(Level.OFF);
    // Through stty, as jnc's editor: JLine 3.30.6's native providers restore a zeroed termios at
    // close, also on kill, and left the line's speed at 0, a hang-up on a serial line.
    Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").dumb(true).build();
    String type = terminal.getType();
    if (type == null || type.startsWith(Terminal.TYPE_DUMB)) {
      terminal.close();
      return null;
    }
    return terminal;
  }

  private void watchOnScreen(StateRecorder recorder, LiveScreen screen)
      throws IOException, InterruptedException {
    long lastDraw = System.nanoTime() - REDRAW_NANOS;
    while (!stopped) {
      List<SocketRow> rows = recorder.sample();
      long now = System.nanoTime();
      if (now - lastDraw >= REDRAW_NANOS) {
        screen.update(rows, recorder.transitions(), now);
        lastDraw = now;
      }
      pause(recorder);
    }
  }

  private static void watchAsLines(StateRecorder recorder, ChangeLog log)
      throws IOException, InterruptedException {
    long lastPrint = 0;
    while (true) {
      recorder.sample();
      long now = System.nanoTime();
      if (now - lastPrint >= REDRAW_NANOS) {
        log.update(recorder.transitions(), now);
        lastPrint = now;
        if (log.readerGone()) {
          return;
        }
      }
      pause(recorder);
    }
  }

  private static void pause(StateRecorder recorder) throws InterruptedException {
    long nanos = recorder.traced() ? TRACED_POLL_PAUSE_NANOS : POLL_PAUSE_NANOS;
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}
