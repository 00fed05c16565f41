package dev.jnc.lab.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.jnc.core.event.NcEvent;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import dev.jnc.lab.scenario.RunListener;
import dev.jnc.lab.scenario.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lab run --format json}: one JSON object per line, one line per event, as the run goes.
 *
 * <p>Every event has {@code type}, {@code scenario} and {@code t_ms} (milliseconds since the first
 * run of the command started). The types and their other fields, which stay stable:
 *
 * <ul>
 *   <li>{@code run}: {@code summary}, {@code port}, {@code demonstrates} (state names), {@code
 *       observer} (the observer's name)
 *   <li>{@code step}: {@code number}, {@code description}
 *   <li>{@code waiting}: {@code what}, {@code bound_ms}
 *   <li>{@code note}: {@code text}
 *   <li>{@code snapshot}: {@code caption}, {@code rows} ({@code local}, {@code remote}, {@code
 *       state}), {@code hidden}
 *   <li>{@code endpoint}: {@code name}, {@code local}, {@code remote}
 *   <li>{@code transition}: {@code local}, {@code remote}, {@code from}, {@code to}, {@code
 *       ms_in_from}, {@code traced}; {@code from} is null when the socket first appeared, {@code
 *       to} when it left the table; {@code traced} when the kernel's tracepoint reported it (a
 *       diagram then draws a move to CLOSED as the abort it was, where a poller's could have missed
 *       a LAST_ACK between two samples)
 *   <li>{@code result}: {@code passed}, {@code failure}, {@code observed} (state names; CLOSED also
 *       when the run promises it and a socket reached it by leaving the table)
 * </ul>
 *
 * Progress events ({@code run}, {@code step}, {@code waiting}, {@code note}, {@code snapshot}) are
 * written as they happen; {@code endpoint}, {@code transition} and {@code result} once the run has
 * finished, since the recorder keeps the transitions until then. Transitions carry the time they
 * were seen, so sorting all events by {@code t_ms} gives one timeline.
 *
 * <p>State names are the {@link TcpState} constants ({@code SYN_RECEIVED}, {@code TIME_WAIT}),
 * whatever {@code --names} says; addresses are {@code 127.0.0.1:6666} or {@code [::1]:6666}.
 */
public final class JsonLinesWriter {

  private static final JSON JSON_OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  private final PrintWriter out;
  private final long originNanos;

  public JsonLinesWriter(PrintWriter out, long originNanos) {
    this.out = out;
    this.originNanos = originNanos;
  }

  /** A listener that writes one scenario's progress events as they happen. */
  public RunListener listener(
      String scenario, String summary, List<TcpState> demonstrates, int port, String observer) {
    writeRunStart(scenario, summary, demonstrates, port, observer, System.nanoTime());
    return new RunListener() {
      @Override
      public void step(int number, Step step) {
        writeStep(scenario, new RecordedRun.StepRecord(System.nanoTime(), number, step.describe()));
      }

      @Override
      public void snapshot(String caption, List<SocketRow> rows, int hidden) {
        writeSnapshot(
            scenario, new RecordedRun.SnapshotRecord(System.nanoTime(), caption, rows, hidden));
      }

      @Override
      public void waiting(String what, Duration bound) {
        Map<String, Object> e = event("waiting", scenario, System.nanoTime());
        e.put("what", what);
        e.put("bound_ms", bound.toMillis());
        write(e);
      }

      @Override
      public void note(String text) {
        Map<String, Object> e = event("note", scenario, System.nanoTime());
        e.put("text", text);
        write(e);
      }

      @Override
      public void engine(String endpoint, NcEvent event) {}
    };
  }

  /** A whole recorded run at once: what the report embeds as its data. */
  public void write(RecordedRun run) {
    writeRunStart(
        run.scenario(),
        run.summary(),
        run.demonstrates(),
        run.port(),
        run.observer(),
        run.startNanos());
    int snapshot = 0;
    for (RecordedRun.StepRecord step : run.steps()) {
      while (snapshot < run.snapshots().size()
          && run.snapshots().get(snapshot).nanos() < step.nanos()) {
        writeSnapshot(run.scenario(), run.snapshots().get(snapshot++));
      }
      writeStep(run.scenario(), step);
    }
    while (snapshot < run.snapshots().size()) {
      writeSnapshot(run.scenario(), run.snapshots().get(snapshot++));
    }
    finished(run);
  }

  private void writeRunStart(
      String scenario,
      String summary,
      List<TcpState> demonstrates,
      int port,
      String observer,
      long nanos) {
    Map<String, Object> run = event("run", scenario, nanos);
    run.put("summary", summary);
    run.put("port", port);
    if (!observer.isEmpty()) {
      run.put("observer", observer);
    }
    run.put("demonstrates", demonstrates.stream().map(Enum::name).toList());
    write(run);
  }

  private void writeStep(String scenario, RecordedRun.StepRecord step) {
    Map<String, Object> e = event("step", scenario, step.nanos());
    e.put("number", step.number());
    e.put("description", step.description());
    write(e);
  }

  private void writeSnapshot(String scenario, RecordedRun.SnapshotRecord snapshot) {
    Map<String, Object> e = event("snapshot", scenario, snapshot.nanos());
    e.put("caption", snapshot.caption());
    e.put(
        "rows",
        snapshot.rows().stream()
            .map(
                r -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("local", NetstatFormatter.address(r.local()));
                  row.put("remote", NetstatFormatter.address(r.remote()));
                  row.put("state", r.state().name());
                  return row;
                })
            .toList());
    e.put("hidden", snapshot.hidden());
    write(e);
  }

  /** The run's endpoints, transitions and outcome, once it has finished. */
  public void finished(RecordedRun run) {
    long now = lastEvent(run);
    run.endpoints().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              Map<String, Object> e = event("endpoint", run.scenario(), now);
              e.put("name", entry.getKey());
              putKey(e, entry.getValue());
              write(e);
            });
    for (Transition t : run.transitions()) {
      Map<String, Object> e = event("transition", run.scenario(), t.nanos());
      putKey(e, t.socket());
      e.put("from", t.from() == null ? null : t.from().name());
      e.put("to", t.to() == null ? null : t.to().name());
      e.put("ms_in_from", millis(t.nanosInFrom()));
      e.put("traced", t.traced());
      write(e);
    }
    Map<String, Object> e = event("result", run.scenario(), now);
    e.put("passed", run.passed());
    e.put("failure", run.failure());
    e.put("observed", run.observedWithDepartures().stream().map(Enum::name).toList());
    write(e);
  }

  /**
   * {@code all-states}' verdict, after its last part: for each of the eleven states, the run and
   * the moment it was first seen ({@code null} when it was not), and whether all were.
   */
  public void checklist(StateChecklist checklist) {
    Map<String, Object> e = event("checklist", "all-states", System.nanoTime());
    Map<String, Object> states = new LinkedHashMap<>();
    for (TcpState state : TcpState.DIAGRAM_ORDER) {
      states.put(
          state.name(),
          checklist
              .sighting(state)
              .map(
                  s -> {
                    Map<String, Object> seen = new LinkedHashMap<>();
                    seen.put("scenario", s.scenario());
                    seen.put("t_ms", millis(s.transition().nanos() - originNanos));
                    seen.put("left_the_table", s.byDisappearance());
                    return (Object) seen;
                  })
              .orElse(null));
    }
    e.put("states", states);
    e.put("complete", checklist.complete());
    e.put("missing", checklist.missing().stream().map(Enum::name).toList());
    write(e);
  }

  private static long lastEvent(RecordedRun run) {
    long last = run.startNanos();
    for (RecordedRun.StepRecord step : run.steps()) {
      last = Math.max(last, step.nanos());
    }
    for (RecordedRun.SnapshotRecord snapshot : run.snapshots()) {
      last = Math.max(last, snapshot.nanos());
    }
    for (Transition t : run.transitions()) {
      last = Math.max(last, t.nanos());
    }
    return last;
  }

  private static void putKey(Map<String, Object> e, SocketKey key) {
    e.put("local", NetstatFormatter.address(key.local()));
    e.put("remote", NetstatFormatter.address(key.remote()));
  }

  private Map<String, Object> event(String type, String scenario, long nanos) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("scenario", scenario);
    e.put("t_ms", millis(nanos - originNanos));
    return e;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  private void write(Map<String, Object> event) {
    try {
      out.println(JSON_OUT.asString(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
